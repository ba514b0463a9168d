/*
 * visual.c - a line of complex text in visual order, as segments.
 *
 * The items of a line (boxes of plain or shaped text, the gaps between
 * them) are taken in logical order, each with its bidi level, put in
 * visual order (bidi.c, rule L2) and placed left to right; a line of a
 * right-to-left paragraph fills its room from the right. Neighbouring
 * pieces of one style and level make one segment: plain segments are
 * drawn as text (spaces widened by space_extra, as para.c does), shaped
 * ones as glyphs with the characters each shows, spaces drawn as the
 * face's space glyph so that readers find the words, and the gaps of a
 * justified Chinese line added to the glyph before each. A segment's
 * text is always in logical order, whatever order its glyphs are drawn
 * in.
 *
 * It also sets a single line of text outside a paragraph (a label, a
 * masthead field): np_text_segs. Breaking lines is not done here.
 */
#include <string.h>

#include "ground/buf.h"
#include "text/bidi.h"
#include "typesetting/typeset.h"

/* One box or gap of the line. */
typedef struct piece {
    const np_item *item;
    const np_frag *frag;
    double width;
    uint8_t level;
    bool gap;
} piece;

/* A segment being built: its pieces, in visual order. */
typedef struct open_seg {
    np_seg seg;
    size_t first, count;        /* in the visual order */
    bool glyphs, rtl;
    double natural_space;       /* plain: the font's space */
} open_seg;

typedef struct builder {
    np_ts *ts;
    piece *p;
    size_t n;
    size_t *order;              /* visual position -> piece */
    np_seg *segs;
    size_t nsegs, cap;
    double letter;              /* the line's letter spacing */
} builder;

static double set_width(const np_item *it, double ratio)
{
    if (ratio == 0)
        return it->width;
    return it->width + (ratio > 0 ? ratio * it->stretch : ratio * it->shrink);
}

/* The pieces of items[start..end), then the break item's text (an
 * added hyphen). */
static int collect(builder *b, const np_items *it, size_t start, size_t end,
                   double ratio)
{
    b->p = np_arena_alloc(b->ts->scratch, (end - start + 1) * sizeof *b->p);
    if (!b->p)
        return -1;
    for (size_t i = start; i <= end && i < it->n; i++) {
        const np_item *item = &it->items[i];
        const np_frag *f = &it->frags[i];
        bool box = item->type == NP_BOX || (i == end && item->type == NP_PENALTY && f->text);
        bool gap = i < end && item->type == NP_GLUE && item->stretch < NP_STRETCH_FIL;
        if (!box && !gap)
            continue;
        b->p[b->n++] = (piece){ .item = item, .frag = f, .level = f->level,
                                .width = set_width(item, ratio), .gap = gap };
    }
    return 0;
}

static int visual_order(builder *b, bool rtl)
{
    uint8_t *levels = np_arena_alloc(b->ts->scratch, b->n ? b->n : 1);
    b->order = np_arena_alloc(b->ts->scratch, (b->n ? b->n : 1) * sizeof *b->order);
    if (!levels || !b->order)
        return -1;
    for (size_t i = 0; i < b->n; i++)
        levels[i] = b->p[i].level;
    return np_bidi_visual_order(levels, b->n, rtl, b->ts->alloc, b->order);
}

/* ---- segments ------------------------------------------------------ */

static bool joins(const open_seg *o, const np_frag *f, uint8_t level, double letter)
{
    const np_seg *s = &o->seg;
    return s->font == f->font && s->size == f->size && s->rise == f->rise
           && s->link == f->link && s->tag == f->tag
           && o->glyphs == (f->glyphs != NULL)
           && o->rtl == (level % 2)
           && (o->glyphs || (s->tracking == f->tracking + letter && s->scale == f->scale));
}

static void start_seg(builder *b, open_seg *o, size_t at, const piece *pc, double x)
{
    const np_frag *f = pc->frag;
    memset(o, 0, sizeof *o);
    o->first = at;
    o->glyphs = f->glyphs != NULL;
    o->rtl = pc->level % 2;
    o->seg = (np_seg){ .x = x, .rise = f->rise, .size = f->size, .font = f->font,
                       .link = f->link, .tag = f->tag,
                       .tracking = o->glyphs ? 0 : f->tracking + b->letter,
                       .scale = o->glyphs ? 1 : f->scale };
    if (!o->glyphs)
        o->natural_space = np_plain_width(b->ts, np_seg_style(&o->seg), " ", 1);
}

/* The pieces of the segment in logical order: visual order, reversed
 * when it runs right to left. */
static const piece *logical(const builder *b, const open_seg *o, size_t k)
{
    size_t v = o->rtl ? o->first + o->count - 1 - k : o->first + k;
    return &b->p[b->order[v]];
}

static size_t piece_len(const piece *pc)
{
    return pc->gap ? (pc->frag->tight ? 0 : 1) : pc->frag->len;
}

/* The segment's text, in logical order; each piece's offset in it. */
static char *seg_text(builder *b, const open_seg *o, size_t *offset, size_t *len)
{
    size_t n = 0;
    for (size_t k = 0; k < o->count; k++)
        n += piece_len(logical(b, o, k));
    char *text = np_arena_alloc(b->ts->lines, n + 1);
    if (!text)
        return NULL;
    n = 0;
    for (size_t k = 0; k < o->count; k++) {
        const piece *pc = logical(b, o, k);
        offset[o->rtl ? o->count - 1 - k : k] = n;
        if (pc->gap && !pc->frag->tight)
            text[n] = ' ';
        else if (!pc->gap)
            memcpy(text + n, pc->frag->text, pc->frag->len);
        n += piece_len(pc);
    }
    *len = n;
    return text;
}

/* Where each glyph's characters end: at the next larger cluster of the
 * box, or at its end. The first glyph of a cluster in logical order
 * shows its characters, the others none. A mark set higher or lower
 * (an Arabic tanween or shadda, raised by GPOS) shows none either: its
 * character goes with the glyph before it in logical order, since
 * readers take a raised glyph for a line of its own and move its word
 * (docs/dependencies.md, poppler). */
static bool raised(const np_frag *f, int i)
{
    return f->glyphs[i].dy != 0;
}

static void glyph_text(const np_frag *f, size_t base, np_out_glyph *out)
{
    bool rtl = f->level % 2;
    int n = f->nglyphs;
    for (int i = 0; i < n; i++) {
        uint32_t c = f->glyphs[i].cluster, end = (uint32_t)f->len;
        for (int k = 0; k < n; k++)
            if (f->glyphs[k].cluster > c && f->glyphs[k].cluster < end
                && !raised(f, k))
                end = f->glyphs[k].cluster;
        bool first = !raised(f, i);
        for (int k = 0; k < n && first; k++) {
            bool before = rtl ? k > i : k < i;
            first = !(before && f->glyphs[k].cluster == c);
        }
        out[i].text = (uint32_t)(base + c);
        out[i].text_len = first ? end - c : 0;
    }
}

static size_t seg_glyph_count(builder *b, const open_seg *o)
{
    size_t n = 0;
    for (size_t k = 0; k < o->count; k++) {
        const piece *pc = &b->p[b->order[o->first + k]];
        n += pc->gap ? !pc->frag->tight : (size_t)pc->frag->nglyphs;
    }
    return n;
}

static double glyph_width_pt(const np_frag *f, double unit)
{
    double units = 0;
    for (int i = 0; i < f->nglyphs; i++)
        units += f->glyphs[i].advance;
    return units * unit;
}

/* The glyphs of a shaped segment in visual order, advances in points. */
static int seg_glyphs(builder *b, open_seg *o, const size_t *offset)
{
    np_shaper *sh = np_ts_shaper(b->ts, o->seg.font);
    const np_face *face = np_ts_face(b->ts, o->seg.font);
    if (!sh || !face)
        return -1;
    double unit = o->seg.size / np_shaper_upem(sh);
    np_out_glyph *g = np_arena_alloc(b->ts->lines, (seg_glyph_count(b, o) + 1) * sizeof *g);
    if (!g)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < o->count; k++) {
        const piece *pc = &b->p[b->order[o->first + k]];
        size_t at = offset[k];
        if (pc->gap && pc->frag->tight) {
            if (n > 0)
                g[n - 1].advance += pc->width;
            continue;
        }
        if (pc->gap) {
            g[n++] = (np_out_glyph){ .id = np_face_glyph(face, ' '), .advance = pc->width,
                                     .text = (uint32_t)at, .text_len = 1, .width = -1 };
            continue;
        }
        const np_frag *f = pc->frag;
        glyph_text(f, at, g + n);
        for (int i = 0; i < f->nglyphs; i++, n++) {
            g[n].id = f->glyphs[i].id;
            g[n].width = (int)((long)f->glyphs[i].advance * 1000 / np_shaper_upem(sh));
            g[n].advance = f->glyphs[i].advance * unit;
            g[n].dx = f->glyphs[i].dx * unit;
            g[n].dy = f->glyphs[i].dy * unit;
        }
        /* what the line gives the box beyond its glyphs (never, today) */
        if (n > 0)
            g[n - 1].advance += pc->width - glyph_width_pt(f, unit);
    }
    np_seg_more *m = np_seg_more_make(b->ts, &o->seg);
    if (!m)
        return -1;
    m->glyphs = g;
    m->nglyphs = (int)n;
    return 0;
}

static int push_seg(builder *b, const np_seg *s)
{
    np_seg *segs = np_arena_grow(b->ts->scratch, b->segs, b->nsegs, &b->cap,
                                 b->nsegs + 1, sizeof *segs);
    if (!segs)
        return -1;
    b->segs = segs;
    b->segs[b->nsegs++] = *s;
    return 0;
}

/* Ends the open segment: its text, its glyphs or the width of its
 * spaces. A segment of nothing but gaps draws nothing. */
static int close_seg(builder *b, open_seg *o)
{
    if (o->count == 0)
        return 0;
    size_t *offset = np_arena_alloc(b->ts->scratch, o->count * sizeof *offset);
    char *text = offset ? seg_text(b, o, offset, &o->seg.len) : NULL;
    if (!text)
        return -1;
    o->seg.text = text;
    if (o->seg.len == 0)
        return 0;
    if (o->glyphs && seg_glyphs(b, o, offset) < 0)
        return -1;
    for (size_t k = 0; !o->glyphs && k < o->count; k++) {
        const piece *pc = &b->p[b->order[o->first + k]];
        if (pc->gap)
            o->seg.space_extra = pc->width - o->natural_space;
    }
    return push_seg(b, &o->seg);
}

/* Whether gap `pc` can be drawn in the open segment: a space of its
 * level (a plain segment, left to right, takes any even one). */
static bool gap_joins(const open_seg *o, const piece *pc)
{
    if (o->count == 0)
        return false;
    if (o->glyphs)
        return o->rtl == (pc->level % 2);
    return !pc->frag->tight && pc->level % 2 == 0 && !o->rtl;
}

static int place(builder *b, double x)
{
    open_seg o = { 0 };
    for (size_t v = 0; v < b->n; v++) {
        const piece *pc = &b->p[b->order[v]];
        if (pc->gap) {
            if (gap_joins(&o, pc)) {
                o.count++;
                o.seg.width += pc->width;
            } else if (close_seg(b, &o) < 0) {
                return -1;
            } else {
                o.count = 0;
            }
            x += pc->width;
            continue;
        }
        if (o.count == 0 || !joins(&o, pc->frag, pc->level, b->letter)) {
            if (close_seg(b, &o) < 0)
                return -1;
            start_seg(b, &o, v, pc, x);
        }
        o.count++;
        o.seg.width += pc->width;
        x += pc->width;
    }
    return close_seg(b, &o);
}

int np_visual_line(np_ts *ts, const np_items *it, size_t start, size_t end,
                   double ratio, double letter, double x, double room,
                   np_arena *into, np_seg **segs)
{
    builder b = { .ts = ts, .letter = letter };
    if (collect(&b, it, start, end, ratio) < 0 || visual_order(&b, it->rtl) < 0)
        return -1;
    double used = 0;
    for (size_t i = 0; i < b.n; i++)
        used += b.p[i].width;
    if (place(&b, it->rtl ? x + room - used : x) < 0)
        return -1;
    /* grown in the scratch; the line keeps an exact copy */
    *segs = np_arena_alloc(into, (b.nsegs ? b.nsegs : 1) * sizeof **segs);
    if (!*segs)
        return -1;
    if (b.nsegs)
        memcpy(*segs, b.segs, b.nsegs * sizeof **segs);
    return (int)b.nsegs;
}

/* ---- a line of text -------------------------------------------------- */

/* The items of `text`: its words, plain or in runs, and a space's glue
 * between them. */
static int text_items(np_ts *ts, np_items *it, np_text_style st,
                      const char *text, size_t len, const uint8_t *levels)
{
    np_run_ctx ctx = { .style = { .font = st.font, .size = st.size,
                                  .tracking = st.tracking, .scale = st.scale } };
    double space = np_plain_width(ts, st, " ", 1);
    for (size_t i = 0; i < len;) {
        size_t k = i;
        while (k < len && text[k] != ' ')
            k++;
        if (k > i) {
            int rc = np_runs_word(ts, it, &ctx, text + i, k - i, levels + i);
            np_item *b = rc > 0 ? np_items_push(ts, it, NP_BOX) : NULL;
            if (rc < 0 || (rc > 0 && !b))
                return -1;
            if (b) {
                b->width = np_plain_width(ts, st, text + i, k - i);
                np_frag *f = &it->frags[it->n - 1];
                *f = ctx.style;
                f->text = text + i;
                f->len = k - i;
                f->level = levels[i];
            }
        }
        if (k < len) {
            np_item *g = np_items_push(ts, it, NP_GLUE);
            if (!g)
                return -1;
            g->width = space;
            it->frags[it->n - 1].level = levels[k];
        }
        i = k + 1;
    }
    return 0;
}

np_seg *np_text_segs_in(np_ts *ts, np_arena *into, np_text_style st,
                        const char *text, size_t len, bool rtl, int *nsegs,
                        double *width)
{
    *width = 0;
    *nsegs = 0;
    if (!np_text_needs_runs(text, len) && !rtl) {
        np_seg *s = np_arena_alloc(into, sizeof *s);
        if (!s)
            return NULL;
        *width = np_plain_width(ts, st, text, len);
        *s = (np_seg){ .size = st.size, .font = st.font, .tracking = st.tracking,
                       .scale = st.scale, .text = text, .len = len, .width = *width };
        *nsegs = 1;
        return s;
    }
    np_items it = { .rtl = rtl, .complex = true };
    np_setting_begin(ts);
    uint8_t *levels = np_arena_alloc(ts->scratch, len ? len : 1);
    np_seg *segs = NULL;
    int rc = levels && np_bidi_levels(text, len, rtl, ts->alloc, levels) == 0
             && text_items(ts, &it, st, text, len, levels) == 0 ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < it.n; i++)
        *width += it.items[i].width;
    if (rc == 0 && it.n > 0)
        rc = np_visual_line(ts, &it, 0, it.n, 0, 0, 0, *width, into, &segs);
    np_items_free(ts, &it);
    np_setting_end(ts);
    if (rc < 0)
        return NULL;
    *nsegs = rc;
    return segs ? segs : np_arena_alloc(into, sizeof *segs);
}

np_seg *np_text_segs(np_ts *ts, np_text_style st, const char *text,
                     size_t len, bool rtl, int *nsegs, double *width)
{
    return np_text_segs_in(ts, ts->lines, st, text, len, rtl, nsegs, width);
}

double np_text_width(np_ts *ts, np_text_style st, const char *text, size_t len)
{
    if (!np_text_needs_runs(text, len))
        return np_plain_width(ts, st, text, len);
    int n;
    double width;
    np_setting_begin(ts);       /* the segments go with the scratch */
    np_seg *segs = np_text_segs_in(ts, ts->scratch, st, text, len, false, &n,
                                   &width);
    np_setting_end(ts);
    return segs ? width : 0;
}
