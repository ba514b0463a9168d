/*
 * paginate.c - the flow of lines cut into pages.
 *
 * Fills one page at a time from the top, and shrinks the room for text
 * by the footnotes that the placed lines call: a note goes on the page
 * of its call, under the separator, at the foot of the text area. A page
 * may end only after a line that allows it (keeps forbid a break inside
 * a title block, after a heading, after the first line of a paragraph or
 * before its last); when the next line does not fit, the page ends at
 * the last allowed place, and only when there is none is a keep broken.
 * A note too long for the room left is split: its first lines stay on
 * the page of the call, the rest opens the next page's notes.
 *
 * Not done here: drawing (pages.c).
 */
#include <string.h>

#include "ground/buf.h"
#include "typesetting/typeset.h"

typedef struct notes_state {
    np_note_part *parts;
    int n;
    size_t cap;
    int lines;                  /* lines of every part */
    int first;                  /* the carry only: parts before it are
                                 * taken by the page being filled */
} notes_state;

typedef struct pager {
    np_ts *ts;
    const np_flow *flow;
    np_pages *out;
    size_t cap;
    notes_state carry;          /* continued on the next page: a queue,
                                 * taken a page's worth at a time (copying
                                 * all of it onto each page cost memory
                                 * quadratic in the notes of one line) */
    double *scratch;            /* baselines of the page being filled: room
                                   for every line left, reused page after
                                   page (one array per page that size would
                                   cost memory quadratic in the lines) */
} pager;

/* ---- notes ------------------------------------------------------- */

static double note_line_leading(const np_ts *ts)
{
    return ts->layout->footnote.leading;
}

/* Height of a notes area of `parts` notes and `lines` lines, from the
 * separator's baseline down to the lowest descender. */
static double notes_height(const np_ts *ts, int parts, int lines)
{
    if (lines == 0)
        return 0;
    const np_layout *l = ts->layout;
    return l->separator_gap + (lines - 1) * note_line_leading(ts)
           + (parts - 1) * l->note_space + np_style_depth(ts, l->footnote);
}

/* The lowest point text may reach above such a notes area. */
static double room_for(const np_ts *ts, int parts, int lines, double bottom)
{
    return lines ? bottom - notes_height(ts, parts, lines) - ts->layout->notes_space
                 : bottom;
}

static double room_below(const np_ts *ts, const notes_state *ns, double bottom)
{
    return room_for(ts, ns->n, ns->lines, bottom);
}

static int push_part(np_ts *ts, notes_state *ns, np_note_part part)
{
    np_note_part *parts = np_arena_grow(ts->arena, ns->parts, (size_t)ns->n, &ns->cap,
                                        (size_t)ns->n + 1, sizeof *parts);
    if (!parts)
        return -1;
    ns->parts = parts;
    ns->parts[ns->n++] = part;
    ns->lines += (int)part.count;
    return 0;
}

static void truncate_parts(notes_state *ns, int n)
{
    while (ns->n > n)
        ns->lines -= (int)ns->parts[--ns->n].count;
}

static int add_calls(np_ts *ts, notes_state *ns, const np_line *line)
{
    for (int k = 0; k < line->ncalls; k++) {
        const np_footnote *f = line->calls[k];
        np_note_part part = { f, ts->note_first[f->index],
                              (size_t)ts->note_lines[f->index], false };
        if (part.count > 0 && push_part(ts, ns, part) < 0)
            return -1;
    }
    return 0;
}

static void report_split(np_ts *ts, const np_footnote *note)
{
    np_report(ts->diags, ts->file,
              note->content ? note->content->pos : (np_pos){ 0, 0 },
              NP_MSG_FOOTNOTE_SPLIT, note->mark);
}

/* Carries ns->parts[p..n) to the next page, part p as what is left of
 * it after its first `keep` lines. `front`: they were taken from the
 * carry by this page and go back where they were, before the parts the
 * page has not taken yet; else they follow every part carried. */
static int carry_parts(pager *pg, const notes_state *ns, int p, int keep,
                       bool front)
{
    notes_state *c = &pg->carry;
    int count = ns->n - p;
    np_note_part first = ns->parts[p];
    if (keep > 0)
        first = (np_note_part){ first.note, first.first + (size_t)keep,
                                first.count - (size_t)keep, true };
    if (front && c->first >= count) {
        c->first -= count;
        c->parts[c->first] = first;
        for (int q = 1; q < count; q++)
            c->parts[c->first + q] = ns->parts[p + q];
        return 0;
    }
    for (int q = 0; q < count; q++)
        if (push_part(pg->ts, c, q ? ns->parts[p + q] : first) < 0)
            return -1;
    return 0;
}

/* The notes of a line do not all fit under it. Keeps the notes from
 * index `from` on that fit whole, then as many lines of the next one as
 * fit (at least one), and carries the rest of that note, and any note
 * after it, to the next page. `text_bottom` is the lowest point of the
 * text above. Returns 1 when at least one line of the first of these
 * notes stays here, 0 when none can (ns is then left as it was), -1
 * when memory runs out. `front`: see carry_parts. */
static int split_notes(pager *pg, notes_state *ns, int from, double text_bottom,
                       double bottom, bool front)
{
    np_ts *ts = pg->ts;
    int parts = from, lines = 0;
    for (int k = 0; k < from; k++)
        lines += (int)ns->parts[k].count;
    int p = from;
    for (; p < ns->n; p++) {
        int full = (int)ns->parts[p].count;
        if (text_bottom <= room_for(ts, parts + 1, lines + full, bottom)) {
            parts++;
            lines += full;
            continue;
        }
        int keep = full - 1;
        while (keep > 0 && text_bottom > room_for(ts, parts + 1, lines + keep, bottom))
            keep--;
        if (keep == 0 && p == from)
            return 0;
        break;
    }
    if (p == ns->n)
        return 1;               /* cannot happen: the caller saw no room */
    int keep = (int)ns->parts[p].count;
    while (keep > 0 && text_bottom > room_for(ts, parts + 1, lines + keep, bottom))
        keep--;
    if (keep > 0)
        report_split(ts, ns->parts[p].note);
    if (carry_parts(pg, ns, p, keep, front) < 0)
        return -1;
    if (keep > 0)
        ns->parts[p++].count = (size_t)keep;
    truncate_parts(ns, p);
    return 1;
}

/* ---- pages ------------------------------------------------------- */

static np_page *new_page(pager *pg)
{
    np_pages *out = pg->out;
    np_page *pages = np_arena_grow(pg->ts->arena, out->pages, (size_t)out->n, &pg->cap,
                                   (size_t)out->n + 1, sizeof *pages);
    if (!pages)
        return NULL;
    out->pages = pages;
    np_page *p = &out->pages[out->n++];
    memset(p, 0, sizeof *p);
    return p;
}

static bool carry_left(const pager *pg)
{
    return pg->carry.first < pg->carry.n;
}

/* Carried notes open the page, taken until they fill it; then they are
 * cut, and the rest waits for the next page. */
static int start_notes(pager *pg, notes_state *ns, double top, double bottom)
{
    notes_state *c = &pg->carry;
    while (carry_left(pg)) {
        if (push_part(pg->ts, ns, c->parts[c->first++]) < 0)
            return -1;
        if (room_below(pg->ts, ns, bottom) < top)
            break;
    }
    if (!carry_left(pg))
        c->n = c->first = c->lines = 0;
    if (ns->n && room_below(pg->ts, ns, bottom) < top)
        return split_notes(pg, ns, 0, top, bottom, true) < 0 ? -1 : 0;
    return 0;
}

typedef struct fill {
    size_t end;                 /* one past the page's last line */
    double *y;
    double *repeat_y;           /* repeated table header lines */
    bool landscape;
} fill;

/* A page that starts inside a table begins with the table's header
 * rows again; returns the baseline of the last one, or `top` - leading
 * of the first line when there is none. */
static double repeat_header(pager *pg, const np_line *first_line, double top,
                            fill *f)
{
    const np_flow *flow = pg->flow;
    const np_line_more *m = np_line_more_of(first_line);
    int n = m->repeat_count;
    if (n == 0)
        return -1;
    f->repeat_y = np_arena_alloc(pg->ts->arena, (size_t)n * sizeof *f->repeat_y);
    if (!f->repeat_y)
        return -1;
    double y = top;
    for (int k = 0; k < n; k++) {
        const np_line *h = &flow->lines[m->repeat_first + (size_t)k];
        y = f->repeat_y[k] = k == 0 ? top + np_line_more_of(h)->top_space
                                    : y + h->leading;
    }
    return y;
}

/* The baseline of a page's first line: body.first-baseline for text;
 * a line of a larger leading (a heading) sits lower, as Word puts a
 * share of each line's leading (body.ascent) above its baseline. */
/* A page may end after a table row only with room for the table's
 * notes under it (none needed when the notes follow it anyway). */
static bool notes_fit(const pager *pg, const np_line *line, size_t j, double y,
                      const notes_state *ns, double bottom)
{
    const np_line_more *m = np_line_more_of(line);
    if (m->foot_count == 0 || j + 1 == m->foot_first)
        return true;
    return y + m->foot_reach <= room_below(pg->ts, ns, bottom);
}

/* The notes of the table a page ends in, set again under its last row. */
static int repeat_notes(pager *pg, np_page *p, double last_y)
{
    const np_flow *flow = pg->flow;
    size_t end = p->first + p->count;
    if (p->count == 0)
        return 0;
    const np_line_more *last = np_line_more_of(&flow->lines[end - 1]);
    if (last->foot_count == 0 || end == last->foot_first || end >= flow->n)
        return 0;
    p->foot_y = np_arena_alloc(pg->ts->arena, (size_t)last->foot_count * sizeof *p->foot_y);
    if (!p->foot_y)
        return -1;
    double y = last_y;
    for (int k = 0; k < last->foot_count; k++) {
        const np_line *n = &flow->lines[last->foot_first + (size_t)k];
        y = p->foot_y[k] = y + (k ? n->space_before : 0) + n->leading;
    }
    p->foot_first = last->foot_first;
    p->foot_count = last->foot_count;
    return 0;
}

static double first_baseline(const np_layout *l, double top, const np_line *line)
{
    double more = line->leading - l->body.leading;
    return top + (more > 0 ? l->ascent * more : 0);
}

/* Where a page's text starts and ends: page 1 under its masthead, a
 * landscape page down the turned page, any other page as the body. */
static void text_area(const np_layout *l, bool page_one, bool landscape,
                      double *top, double *bottom)
{
    *top = page_one ? l->meeting_first_baseline
           : landscape ? l->landscape_first_baseline : l->body_first_baseline;
    *bottom = page_one ? l->first_page_body_bottom
              : landscape ? l->landscape_bottom : l->body_bottom;
}

static int fill_page(pager *pg, size_t first, bool page_one, notes_state *ns,
                     fill *f)
{
    np_ts *ts = pg->ts;
    const np_layout *l = ts->layout;
    const np_flow *flow = pg->flow;
    bool landscape = first < flow->n && flow->lines[first].landscape && !page_one;
    double top, bottom;
    text_area(l, page_one, landscape, &top, &bottom);
    f->landscape = landscape;
    double first_depth = first < flow->n ? flow->lines[first].depth : 0;
    if (start_notes(pg, ns, top + first_depth, bottom) < 0)
        return -1;
    f->y = pg->scratch;
    double y = top;
    size_t last_ok = first;     /* break allowed before this line */
    int parts_ok = ns->n;
    double header_y = first < flow->n && !page_one
                      ? repeat_header(pg, &flow->lines[first], top, f) : -1;
    for (size_t j = first; j < flow->n; j++) {
        const np_line *line = &flow->lines[j];
        if (j > first && (line->new_page || line->landscape != landscape)) {
            f->end = j;
            return 0;
        }
        const np_line_more *m = np_line_more_of(line);
        double after_header = m->repeat_gap > 0 ? m->repeat_gap : line->leading;
        double yj = j > first ? y + line->space_before + line->leading
                    : header_y >= 0 ? header_y + after_header
                    : (page_one ? top : first_baseline(l, top, line)) + m->top_space;
        int before = ns->n;
        if (add_calls(ts, ns, line) < 0)
            return -1;
        if (yj + line->depth <= room_below(ts, ns, bottom)) {
            y = f->y[j - first] = yj;
            if (!line->keep_with_next && notes_fit(pg, line, j, yj, ns, bottom)) {
                last_ok = j + 1;
                parts_ok = ns->n;
            }
            continue;
        }
        /* The line fits, but not all of the notes it calls: if a break
         * is allowed after it (or nowhere before it), keep what fits of
         * the notes here, carry the rest, and end the page. */
        bool breakable = !line->keep_with_next || last_ok == first;
        if (ns->n > before && breakable) {
            int rc = split_notes(pg, ns, before, yj + line->depth, bottom, false);
            if (rc < 0)
                return -1;
            if (rc == 1) {
                f->y[j - first] = yj;
                f->end = j + 1;
                return 0;
            }
        }
        if (j == first) {       /* nothing fits: place it anyway */
            f->y[0] = yj;
            f->end = j + 1;
            return 0;
        }
        truncate_parts(ns, last_ok > first ? parts_ok : before);
        f->end = last_ok > first ? last_ok : j;
        return 0;
    }
    f->end = flow->n;
    return 0;
}

/* Notes print in their order in the document (stars first), whatever
 * the order of the lines calling them; the rest of a note begun on an
 * earlier page comes before all. */
static int part_rank(const np_note_part *p)
{
    return p->continued ? -1 : p->note->index;
}

static void sort_parts(np_note_part *parts, int n)
{
    for (int i = 1; i < n; i++) {
        np_note_part x = parts[i];
        int j = i - 1;
        for (; j >= 0 && part_rank(&parts[j]) > part_rank(&x); j--)
            parts[j + 1] = parts[j];
        parts[j + 1] = x;
    }
}

static void count_stranded(np_pages *out, const np_flow *flow)
{
    for (int p = 0; p + 1 < out->n; p++) {
        size_t a = out->pages[p].first + out->pages[p].count - 1;
        size_t b = a + 1;
        if (out->pages[p].count == 0 || b >= flow->n)
            continue;
        const np_line *la = &flow->lines[a], *lb = &flow->lines[b];
        if (la->para < 0 || la->para != lb->para)
            continue;
        if (a == 0 || flow->lines[a - 1].para != la->para)
            out->orphans++;
        if (lb->last)
            out->widows++;
    }
}

/* The page's baselines, from the scratch array into one of their own. */
static double *keep_baselines(np_ts *ts, const double *y, size_t n)
{
    double *kept = np_arena_alloc(ts->arena, (n + 1) * sizeof *kept);
    if (kept && n)
        memcpy(kept, y, n * sizeof *kept);
    return kept;
}

static int paginate(pager *pg)
{
    const np_flow *flow = pg->flow;
    np_pages *out = pg->out;
    size_t i = 0;
    while (i < flow->n || carry_left(pg)) {
        notes_state ns = { 0 };
        fill f = { 0 };
        if (np_ts_stopped(pg->ts))
            return -1;
        if (fill_page(pg, i, out->n == 0, &ns, &f) < 0)
            return -1;
        np_page *p = new_page(pg);
        if (!p)
            return -1;
        p->first = i;
        p->count = f.end - i;
        p->landscape = f.landscape;
        p->y = keep_baselines(pg->ts, f.y, p->count);
        if (!p->y)
            return -1;
        if (f.repeat_y) {
            p->repeat_first = np_line_more_of(&flow->lines[i])->repeat_first;
            p->repeat_count = np_line_more_of(&flow->lines[i])->repeat_count;
            p->repeat_y = f.repeat_y;
        }
        if (p->count && repeat_notes(pg, p, p->y[p->count - 1]) < 0)
            return -1;
        p->notes = ns.parts;
        p->nnotes = ns.n;
        sort_parts(p->notes, p->nnotes);
        i = f.end;
        if (out->n > 100000)
            break;              /* cannot happen: every page takes a line or a note line */
    }
    count_stranded(out, flow);
    return 0;
}

int np_paginate(np_ts *ts, const np_flow *flow, np_pages *out)
{
    pager pg = { .ts = ts, .flow = flow, .out = out };
    /* One scratch array for the page being filled; each page keeps a
     * copy of just its own baselines. */
    memset(out, 0, sizeof *out);
    pg.scratch = np_mem_alloc(ts->alloc, (flow->n + 1) * sizeof *pg.scratch);
    if (!pg.scratch)
        return -1;
    int rc = paginate(&pg);
    np_mem_free(ts->alloc, pg.scratch);
    return rc;
}
