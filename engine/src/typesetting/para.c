/*
 * para.c - one paragraph from measured items to lines of the flow.
 *
 * Calls the line breaker chosen for the run (total-fit or first-fit),
 * then turns each line into text segments at absolute x positions: boxes
 * of the same font, size, rise and link share a segment, each space
 * between them is written as a real U+0020 widened by the segment's
 * space_extra, so justified lines copy and search as text. Adds the
 * hanging label, the keeps against widows and orphans, and the footnote
 * calls made on each line. Where the lines go on the page is decided
 * later (paginate.c).
 *
 * Lines of complex text (shaped runs, bidi levels) are made into
 * segments in visual order by visual.c; a right-to-left paragraph is
 * the mirror image of a left-to-right one: its lines start at the right
 * of its column, its indents and hanging label are on the right.
 */
#include <limits.h>
#include <string.h>
#include <time.h>

#include "ground/buf.h"
#include "typesetting/typeset.h"

/* Lines set between two polls of ts->stop in one paragraph. */
#define STOP_EVERY 256

typedef struct seg_builder {
    np_ts *ts;
    np_seg *segs;
    int n;
    np_buf text;                /* text of the open segment */
    double pending_gap;         /* glue width before the next box */
    bool gap;
    double letter;              /* the line's letter spacing, added to
                                   the tracking of its boxes */
} seg_builder;

np_line *np_flow_push(np_ts *ts, np_flow *flow)
{
    np_line *lines = np_grow(ts->alloc, flow->lines, &flow->cap, flow->n + 1,
                             sizeof *lines);
    if (!lines) {
        ts->failed = true;
        return NULL;
    }
    flow->lines = lines;
    np_line *l = &flow->lines[flow->n++];
    memset(l, 0, sizeof *l);
    l->para = -1;
    l->mark = ts->settings ? ts->setting_mark : np_arena_mark_now(ts->lines);
    return l;
}

void np_setting_begin(np_ts *ts)
{
    if (ts->settings++ == 0)
        ts->setting_mark = np_arena_mark_now(ts->lines);
}

void np_setting_end(np_ts *ts)
{
    if (--ts->settings == 0)
        np_arena_clear(ts->scratch);
}

const np_line_more *np_line_more_of(const np_line *line)
{
    static const np_line_more none;
    return line->more ? line->more : &none;
}

np_line_more *np_line_more_make(np_ts *ts, np_line *line)
{
    if (!line->more && (line->more = np_arena_alloc(ts->lines, sizeof *line->more)))
        memset(line->more, 0, sizeof *line->more);
    if (!line->more)
        ts->failed = true;
    return line->more;
}

const np_seg_more *np_seg_more_of(const np_seg *s)
{
    static const np_seg_more none;
    return s->more ? s->more : &none;
}

np_seg_more *np_seg_more_make(np_ts *ts, np_seg *s)
{
    if (!s->more)
        s->more = np_arena_alloc(ts->lines, sizeof *s->more);
    if (!s->more)
        ts->failed = true;
    return s->more;
}

np_text_style np_seg_style(const np_seg *s)
{
    return (np_text_style){ .font = s->font, .size = s->size,
                            .tracking = s->tracking, .scale = s->scale };
}

double np_style_depth(const np_ts *ts, np_text_style style)
{
    return -np_face_descent(ts->faces[style.font % NP_FONT_COUNT]) * style.size / 1000.0;
}

/* ---- segments ---------------------------------------------------- */

static int append_text(seg_builder *sb, const char *text, size_t len)
{
    return np_buf_append(&sb->text, text, len) ? 0 : -1;
}

static np_seg *open_seg(seg_builder *sb)
{
    return sb->n ? &sb->segs[sb->n - 1] : NULL;
}

static int close_seg(seg_builder *sb)
{
    np_seg *s = open_seg(sb);
    if (!s || s->text)
        return 0;
    s->text = np_arena_strndup(sb->ts->lines, sb->text.data ? sb->text.data : "",
                               sb->text.len);
    s->len = sb->text.len;
    np_buf_clear(&sb->text);
    return s->text ? 0 : -1;
}

static np_seg *new_seg(seg_builder *sb, const np_frag *f, double x)
{
    if (close_seg(sb) < 0)
        return NULL;
    np_ts *ts = sb->ts;
    np_seg *segs = np_grow(ts->alloc, ts->line_segs, &ts->line_seg_cap,
                           (size_t)sb->n + 1, sizeof *segs);
    if (!segs)
        return NULL;
    sb->segs = ts->line_segs = segs;
    np_seg *s = &sb->segs[sb->n++];
    *s = (np_seg){ .x = x, .rise = f->rise, .size = f->size, .font = f->font,
                   .tracking = f->tracking + sb->letter, .scale = f->scale,
                   .link = f->link, .tag = f->tag };
    return s;
}

static bool same_style(const seg_builder *sb, const np_seg *s, const np_frag *f)
{
    return s && !s->text && s->font == f->font && s->size == f->size
           && s->rise == f->rise && s->link == f->link && s->tag == f->tag
           && s->tracking == f->tracking + sb->letter && s->scale == f->scale;
}

/* Adds a box's text at x. A gap before it is written as a space in the
 * open segment when the style continues, else the box opens a new
 * segment at its own x (the space still ends the previous one, for text
 * extraction). */
static int place_box(seg_builder *sb, const np_frag *f, double x, double width)
{
    np_seg *s = open_seg(sb);
    if (sb->gap && s && !s->text) {
        double natural = np_text_width(sb->ts, np_seg_style(s), " ", 1);
        s->space_extra = sb->pending_gap - natural;
        if (append_text(sb, " ", 1) < 0)
            return -1;
        s->width += sb->pending_gap;
    }
    if (!same_style(sb, s, f)) {
        s = new_seg(sb, f, x);
        if (!s)
            return -1;
    }
    sb->gap = false;
    s->width += width;
    return append_text(sb, f->text, f->len);
}

/* ---- one line ---------------------------------------------------- */

/* The width an item is set at: glue and the letters of boxes give as
 * far as the line's ratio says. */
static double set_width(const np_item *it, double ratio)
{
    if (ratio == 0)
        return it->width;
    return it->width + (ratio > 0 ? ratio * it->stretch : ratio * it->shrink);
}

/* What the line's ratio adds to every glyph's advance: the same give
 * per glyph that the boxes' stretch and shrink count (inline_boxes.c). */
static double letter_spacing(const np_layout *l, double ratio)
{
    return ratio > 0 ? ratio * l->letter_stretch : ratio * l->letter_shrink;
}

/* The array grows by doubling (np_arena_grow): growing it one call at a
 * time cost arena memory quadratic in the notes called on one line. */
int np_line_add_call(np_ts *ts, np_line *line, np_footnote *note)
{
    size_t n = (size_t)line->ncalls, cap = (size_t)line->call_cap;
    np_footnote **calls = np_arena_grow(ts->lines, line->calls, n, &cap, n + 1,
                                        sizeof *calls);
    if (!calls || cap > INT_MAX)
        return -1;
    line->calls = calls;
    line->call_cap = (int)cap;
    line->calls[line->ncalls++] = note;
    return 0;
}

static int build_line(np_ts *ts, seg_builder *sb, const np_items *it,
                      const np_line_break *br, double x, bool justify,
                      np_line *line)
{
    double ratio = justify ? br->ratio : 0;
    if (ratio < -1)
        ratio = -1;
    sb->letter = letter_spacing(ts->layout, ratio);
    for (size_t i = br->start; i < br->end; i++) {
        const np_item *item = &it->items[i];
        double w = set_width(item, ratio);
        if (item->type == NP_BOX) {
            if (place_box(sb, &it->frags[i], x, w) < 0)
                return -1;
            if (it->frags[i].call && np_line_add_call(ts, line, it->frags[i].call) < 0)
                return -1;
            x += w;
        } else if (item->type == NP_GLUE && item->stretch < NP_STRETCH_FIL) {
            sb->pending_gap = sb->gap ? sb->pending_gap + w : w;
            sb->gap = true;
            x += w;
        }
    }
    const np_item *end = &it->items[br->end];
    if (end->type == NP_PENALTY && it->frags[br->end].text) {
        sb->gap = false;
        if (place_box(sb, &it->frags[br->end], x, set_width(end, ratio)) < 0)
            return -1;
    } else if (end->type == NP_PENALTY && open_seg(sb)) {
        open_seg(sb)->width += end->width;  /* kerning not drawn */
    }
    return close_seg(sb);
}

/* ---- the paragraph ----------------------------------------------- */

typedef struct widths {
    double first, rest;
} widths;

static double line_width(void *ud, size_t line)
{
    const widths *w = ud;
    return line == 0 ? w->first : w->rest;
}

/* The breaks, in an array of the allocator's that the caller frees.
 * A line of text holds far more than 8 items, so the first guess is
 * nearly always enough: the breaker runs again, the whole paragraph
 * over, only for lines of a word or two. */
static long choose_breaks(np_ts *ts, const np_items *it, const np_para_spec *spec,
                          np_line_break **out)
{
    widths w = { spec->first_width, spec->rest_width };
    bool greedy = ts->mode == NP_LINEBREAK_GREEDY || !spec->justify;
    size_t max = 16 + it->n / 8;
    for (;;) {
        np_line_break *br = np_mem_alloc(ts->alloc, max * sizeof *br);
        if (!br)
            return -1;
        long n = greedy
            ? np_linebreak_greedy(it->items, it->n, line_width, &w, &ts->params, ts->alloc, br, max)
            : np_linebreak_optimal(it->items, it->n, line_width, &w, &ts->params, ts->alloc, br, max);
        if (n < 0 || (size_t)n <= max) {
            *out = br;
            return n;
        }
        np_mem_free(ts->alloc, br);
        max = (size_t)n;
    }
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long break_lines(np_ts *ts, const np_items *it, const np_para_spec *spec,
                        np_line_break **out)
{
    double start = now();
    long n = choose_breaks(ts, it, spec, out);
    ts->break_seconds += now() - start;
    return n;
}

/* A right-to-left paragraph is laid out as a left-to-right one, then
 * mirrored about the axis of the body's column (of a landscape page's,
 * for a turned table): the page of an Arabic
 * document is the mirror image of an English one (its indents, labels,
 * the meeting block on the right). */
typedef struct column {
    double axis2;               /* twice the axis */
    bool rtl;
} column;

double np_mirror_axis2(const np_layout *l, bool landscape)
{
    return 2 * l->body_left + (landscape ? np_landscape_width(l) : l->body_width);
}

static column column_of(const np_ts *ts, bool rtl)
{
    return (column){ np_mirror_axis2(ts->layout, ts->landscape), rtl };
}

/* The left edge of a box of `width` at x, mirrored when right to left. */
static double mirrored(const column *c, double x, double width)
{
    return c->rtl ? c->axis2 - x - width : x;
}

/* The hanging label: at label_x (ending there when label_right), the
 * mirror image of that in a right-to-left paragraph. */
static int add_label(np_ts *ts, const np_para_spec *spec, const column *col,
                     np_line *line)
{
    int n;
    double w;
    np_seg *label = np_text_segs_in(ts, ts->scratch, spec->label_style,
                                    spec->label, strlen(spec->label), col->rtl,
                                    &n, &w);
    np_seg *segs = label ? np_arena_alloc(ts->lines,
                                          (size_t)(line->nsegs + n) * sizeof *segs) : NULL;
    if (!segs)
        return -1;
    double x = mirrored(col, spec->label_right ? spec->label_x - w : spec->label_x, w);
    for (int k = 0; k < n; k++) {
        segs[k] = label[k];
        segs[k].x += x;
        segs[k].rise = spec->label_rise;
        segs[k].tag = spec->label_tag ? spec->label_tag : ts->tag;
    }
    if (line->nsegs)
        memcpy(segs + n, line->segs, (size_t)line->nsegs * sizeof *segs);
    line->segs = segs;
    line->nsegs += n;
    return 0;
}

/* A line of a complex paragraph: its segments in visual order, and the
 * notes it calls. */
static int complex_line(np_ts *ts, const np_items *it, const np_line_break *br,
                        double x, double width, bool justify, const column *col,
                        np_line *line)
{
    double ratio = justify ? br->ratio : 0;
    if (ratio < -1)
        ratio = -1;
    int n = np_visual_line(ts, it, br->start, br->end, ratio,
                           letter_spacing(ts->layout, ratio),
                           mirrored(col, x, width), width, ts->lines, &line->segs);
    if (n < 0)
        return -1;
    line->nsegs = n;
    for (size_t i = br->start; i < br->end; i++)
        if (it->items[i].type == NP_BOX && it->frags[i].call
            && np_line_add_call(ts, line, it->frags[i].call) < 0)
            return -1;
    return 0;
}

/* Keeps: no orphan (first line alone at a page foot), no widow (last
 * line alone at a page top), and the block's own keeps. */
static void set_keeps(np_flow *flow, size_t first, const np_para_spec *spec)
{
    size_t n = flow->n - first;
    np_line *l = flow->lines + first;
    for (size_t i = 0; i < n; i++) {
        bool last = i + 1 == n;
        l[i].keep_with_next = last ? spec->keep_with_next
                              : spec->keep_together || i == 0 || i + 2 == n;
    }
}

/* The line keeps an exact copy of its segments: the builder's array is
 * scratch, reused from line to line, since most lines have one or two
 * segments and a long document has tens of thousands of lines. A line
 * that gets a label (add_label) keeps its copy from there, with the
 * label in front: until then it points into the scratch. */
static int keep_segs(np_ts *ts, const seg_builder *sb, np_line *line,
                     bool labelled)
{
    line->nsegs = sb->n;
    line->segs = NULL;
    if (sb->n == 0)
        return 0;
    if (labelled) {
        line->segs = sb->segs;
        return 0;
    }
    line->segs = np_arena_alloc(ts->lines, (size_t)sb->n * sizeof *line->segs);
    if (!line->segs)
        return -1;
    memcpy(line->segs, sb->segs, (size_t)sb->n * sizeof *line->segs);
    return 0;
}

/* A word broken at the end of `prev` reads, in a tagged PDF, as the
 * whole word where its first part is, and as nothing where its other
 * parts are (ActualText): search and speech get "assembly", not "as-
 * sembly". The hyphen the break `added` goes; one the word has stays
 * ("mid-term"). The parts are the ends of the segments that meet at
 * the break; a word broken twice gets its whole text at its first part
 * when its last is reached. */
static int read_whole_word(np_ts *ts, np_line *prev, np_line *line, bool added)
{
    if (!ts->tagged || prev->nsegs == 0 || line->nsegs == 0)
        return 0;
    np_seg *a = &prev->segs[prev->nsegs - 1], *b = &line->segs[0];
    const np_seg_more *am = np_seg_more_of(a);
    if (am->glyphs || np_seg_more_of(b)->glyphs || a->len < 2
        || a->text[a->len - 1] != '-')
        return 0;
    size_t from = a->len - 1, to = 0;
    while (from > 0 && a->text[from - 1] != ' ')
        from--;
    while (to < b->len && b->text[to] != ' ')
        to++;
    /* a part that is its line's whole text (a word broken twice, in a
     * narrow cell) holds what came before it, and where its first part is */
    bool middle = am->origin != NULL;
    if (to == 0 || (from == a->len - 1 && !middle))
        return 0;               /* a dash, not a word broken */
    np_seg *first = middle ? am->origin : a;
    const char *head = middle ? am->actual : "";
    size_t keep = a->len - from - (added ? 1 : 0);
    char *before = np_arena_printf(ts->lines, "%s%.*s", head, (int)keep, a->text + from);
    char *word = before ? np_arena_printf(ts->lines, "%s%.*s", before, (int)to, b->text)
                        : NULL;
    np_seg_more *fm = word ? np_seg_more_make(ts, first) : NULL;
    np_seg_more *m = fm ? np_seg_more_make(ts, a) : NULL;
    np_seg_more *bm = m ? np_seg_more_make(ts, b) : NULL;
    if (!bm)
        return -1;
    fm->actual = word;
    if (!middle)
        m->actual_from = from;
    bm->silent = to;
    if (to == b->len && line->nsegs == 1 && b->text[to - 1] == '-') {
        bm->origin = first;     /* the word goes on past this line */
        bm->actual = before;
        bm->actual_from = b->len;
    }
    return 0;
}

/* A ragged line moved to the end of its room, x to x + width: the
 * right, or the left in a right-to-left paragraph (signature blocks). */
static void push_to_end(np_line *line, double x, double width, bool rtl)
{
    double start = x + width, end = x;
    for (int k = 0; k < line->nsegs; k++) {
        if (line->segs[k].x < start)
            start = line->segs[k].x;
        if (line->segs[k].x + line->segs[k].width > end)
            end = line->segs[k].x + line->segs[k].width;
    }
    double shift = rtl ? x - start : x + width - end;
    for (int k = 0; k < line->nsegs && end > start; k++)
        line->segs[k].x += shift;
}

static int emit_lines(np_ts *ts, const np_items *it, const np_line_break *br,
                      long nlines, const np_para_spec *spec, np_flow *flow)
{
    seg_builder sb = { .ts = ts, .segs = ts->line_segs,
                       .text = { .alloc = ts->alloc } };
    int para = ts->next_para++;
    size_t first = flow->n;
    column col = column_of(ts, it->rtl);
    int rc = 0;
    for (long k = 0; k < nlines && rc == 0; k++) {
        np_line *line = k % STOP_EVERY == STOP_EVERY - 1 && np_ts_stopped(ts)
                        ? NULL : np_flow_push(ts, flow);
        if (!line) {
            rc = -1;
            break;
        }
        sb.n = 0;
        sb.gap = false;
        double x = k == 0 ? spec->first_x : spec->rest_x;
        double width = k == 0 ? spec->first_width : spec->rest_width;
        if (it->complex) {
            rc = complex_line(ts, it, &br[k], x, width, spec->justify, &col, line);
        } else {
            rc = build_line(ts, &sb, it, &br[k], x, spec->justify, line);
            if (rc == 0)
                rc = keep_segs(ts, &sb, line, k == 0 && spec->label);
            if (rc == 0 && ts->tagged && line->nsegs > 0
                && it->items[br[k].end].type == NP_GLUE)
                line->segs[line->nsegs - 1].space_after = true;
            size_t end = k > 0 ? br[k - 1].end : 0;
            if (rc == 0 && k > 0 && it->items[end].type == NP_PENALTY)
                rc = read_whole_word(ts, line - 1, line, it->frags[end].text != NULL);
        }
        if (rc == 0 && spec->align_right && !spec->justify)
            push_to_end(line, x, width, it->rtl);
        line->leading = spec->style.leading;
        line->depth = np_style_depth(ts, spec->style);
        line->para = para;
        line->justified = spec->justify;
        line->last = k + 1 == nlines;
        line->hyphenated = br[k].hyphenated;
        line->overfull = br[k].overfull;
        line->ratio = br[k].ratio;
        if (k == 0) {
            line->space_before = flow->pending_space > spec->space_before
                                 ? flow->pending_space : spec->space_before;
            if (spec->label && rc == 0)
                rc = add_label(ts, spec, &col, line);
        }
    }
    np_buf_free(&sb.text);
    set_keeps(flow, first, spec);
    flow->pending_space = spec->space_after;
    return rc;
}

static int set_para(np_ts *ts, const np_node *first, const np_para_spec *spec,
                    np_flow *flow, const np_node **stop);

/* Through the memo of the layout's passes (para_memo.c): a paragraph
 * set in the first pass is taken as it was in the next ones. */
static int memo_or_set(np_ts *ts, const np_node *first, const np_para_spec *spec,
                       np_flow *flow, const np_node **stop)
{
    int taken = np_para_memo_take(ts, first, spec, flow, stop);
    if (taken)
        return taken < 0 ? -1 : 0;
    np_memo_start start = np_para_memo_start(ts, flow);
    const np_node *end = NULL;
    int rc = set_para(ts, first, spec, flow, &end);
    if (stop)
        *stop = end;
    if (rc == 0)
        np_para_memo_keep(ts, first, spec, flow, &start, end);
    return rc;
}

int np_para_set(np_ts *ts, const np_node *first, const np_para_spec *spec,
                np_flow *flow, const np_node **stop)
{
    np_setting_begin(ts);
    int rc = memo_or_set(ts, first, spec, flow, stop);
    np_setting_end(ts);
    return rc;
}

bool np_ts_stopped(const np_ts *ts)
{
    return ts->stop && ts->stop(ts->stop_ud);
}

/* Both grow with the document and are rewritten pass after pass: in
 * the arena, each growth would leave the old array behind. */
void np_ts_release(np_ts *ts)
{
    np_mem_free(ts->alloc, ts->tree.elems);
    np_mem_free(ts->alloc, ts->line_segs);
    np_mem_free(ts->alloc, ts->spare_items);
    np_mem_free(ts->alloc, ts->spare_frags);
    ts->spare_items = NULL;
    ts->spare_frags = NULL;
    ts->spare_cap = 0;
    ts->tree = (np_out_tree){ 0 };
    ts->line_segs = NULL;
    ts->line_seg_cap = 0;
}

/* Whether the items show anything: white space between two blocks
 * (the newline and indent before </p> after a list) is no paragraph. */
static bool shows_text(const np_items *it)
{
    for (size_t i = 0; i < it->n; i++)
        if (it->items[i].type == NP_BOX)
            return true;
    return false;
}

static int para_set(np_ts *ts, const np_node *first, const np_para_spec *spec,
                    np_flow *flow, const np_node **stop);

/* A paragraph set straight under the Document (a line of an adopted
 * text's title block, a closing line) is a P of its own. */
static int set_para(np_ts *ts, const np_node *first, const np_para_spec *spec,
                    np_flow *flow, const np_node **stop)
{
    int outer = np_tag_enter(ts, ts->tagged && ts->tag == 0 ? "P" : NULL);
    int rc = para_set(ts, first, spec, flow, stop);
    np_tag_leave(ts, outer);
    return rc;
}

static int para_set(np_ts *ts, const np_node *first, const np_para_spec *spec,
                    np_flow *flow, const np_node **stop)
{
    np_items it = np_items_take(ts);
    np_line_break *br = NULL;
    int rc = np_ts_stopped(ts) ? -1 : np_inline_items(ts, first, spec, &it, stop);
    if (rc == 0 && !spec->label && !shows_text(&it)) {
        np_items_keep(ts, &it);
        return 0;
    }
    long n = rc < 0 ? -1 : break_lines(ts, &it, spec, &br);
    if (n > 0)
        rc = emit_lines(ts, &it, br, n, spec, flow);
    else if (n < 0)
        rc = -1;
    np_mem_free(ts->alloc, br);
    np_items_keep(ts, &it);
    if (rc < 0)
        ts->failed = true;
    return rc;
}

int np_flow_text_line(np_ts *ts, np_flow *flow, const char *text,
                      np_text_style style, double x, double space_before)
{
    np_line *line = np_flow_push(ts, flow);
    int n;
    double width;
    bool rtl = ts->lang->rtl;
    np_seg *segs = line ? np_text_segs(ts, style, text, strlen(text), rtl, &n, &width)
                        : NULL;
    if (!segs)
        return -1;
    /* right to left, the line starts as far from the body's right edge */
    if (rtl)
        x = np_mirror_axis2(ts->layout, ts->landscape) - x - width;
    for (int k = 0; k < n; k++) {
        segs[k].x += x;
        segs[k].tag = ts->tag;
    }
    line->segs = segs;
    line->nsegs = n;
    line->leading = style.leading;
    line->depth = np_style_depth(ts, style);
    line->space_before = flow->pending_space > space_before
                         ? flow->pending_space : space_before;
    flow->pending_space = 0;
    return 0;
}
