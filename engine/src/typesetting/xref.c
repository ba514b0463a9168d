/*
 * xref.c - the printed numbers and pages of targets, for <xref> and
 * <contents/>.
 *
 * A target's number is known once it is set (a paragraph's number
 * depends on the paragraphs before it) and its page once the flow is
 * paginated, so a reference may print what it can only learn later. The
 * layout runs in passes (api/run.c): each pass prints what the one
 * before it learnt, records what it printed, and is followed by another
 * while anything printed differs from what the pass itself learnt.
 * Numbers of annexes, tables and figures do not depend on the layout
 * and are known from the start; backward references to paragraphs and
 * sections find their number set earlier in the same pass. The page
 * numbers of a table of contents are drawn late, once every page is
 * known, in a column of width kept for them: they never move a line.
 *
 * Links to targets are URIs "#t<n>" (n the target's index + 1, which a
 * document's http/https/mailto link can never be); the page drawer
 * names a destination "t<n>" where each target's first line is drawn.
 *
 * Not done here: where the targets are (document/doc_refs.c), setting
 * the contents (contents.c), the passes themselves (api/run.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

typedef struct np_target_state {
    const char *label;          /* printed number, as this pass set it */
    const char *known_label;    /* as the pass before set it */
    size_t line;                /* its first line in the main flow */
    bool placed;
    int page;                   /* from 1; 0: not known */
    double y;                   /* top of its first line on that page */
    int known_page;             /* as the pass before paginated it */
    const char *printed_label;  /* what this pass printed for it */
    int printed_page;           /* 0: none printed */
    bool label_printed, page_printed;
    bool linked;                /* something links to it: it gets a
                                   named destination */
} np_target_state;

int np_xref_begin_pass(np_ts *ts, np_flow *main_flow)
{
    int n = ts->doc->target_count;
    ts->main_flow = main_flow;
    ts->xref_guessed = false;
    ts->pass++;
    if (!ts->targets && n > 0) {
        ts->targets = np_arena_alloc(ts->arena, (size_t)n * sizeof *ts->targets);
        if (!ts->targets)
            return -1;
        memset(ts->targets, 0, (size_t)n * sizeof *ts->targets);
    }
    for (int i = 0; i < n; i++) {
        np_target_state *t = &ts->targets[i];
        *t = (np_target_state){ .known_label = t->label, .known_page = t->page };
    }
    return 0;
}

static np_target_state *state_of(const np_ts *ts, const np_node *n)
{
    if (!n || n->target <= 0 || !ts->targets)
        return NULL;
    return &ts->targets[n->target - 1];
}

/* Targets in a table cell are set in the cell's own flow, before its
 * row joins the main flow: they take the row's first line. */
void np_xref_place(np_ts *ts, const np_flow *flow, const np_node *n)
{
    np_target_state *t = state_of(ts, n);
    if (!t || t->placed)
        return;
    t->placed = true;
    t->line = flow == ts->main_flow || !ts->main_flow ? flow->n : ts->main_flow->n;
}

void np_xref_label(np_ts *ts, const np_node *n, const char *label)
{
    np_target_state *t = state_of(ts, n);
    if (t)
        t->label = label;
}

void np_xref_number(np_ts *ts, const np_node *n, int number)
{
    if (n->target > 0)
        np_xref_label(ts, n, np_arena_printf(ts->arena, "%d", number));
}

/* ---- what a reference prints -------------------------------------- */

static const char *roman(np_ts *ts, int n)
{
    char num[32];
    if (np_format_number(NP_NUM_ROMAN_UPPER, n, num, sizeof num) < 0)
        snprintf(num, sizeof num, "%d", n);
    return np_arena_strdup(ts->arena, num);
}

/* The number of an annex, a table or a figure: fixed by the document. */
static const char *fixed_label(np_ts *ts, const np_node *n)
{
    const char *const *labels = ts->lang->labels;
    switch (n->kind) {
    case NP_K_ANNEX:
        if (ts->doc->annex_count == 1)
            return labels[NP_LABEL_XREF_ANNEX];
        return np_expand(ts->arena, labels[NP_LABEL_XREF_ANNEX_NUMBERED],
                         "number", roman(ts, n->seq), (char *)NULL);
    case NP_K_TABLE:
        return np_expand(ts->arena, labels[NP_LABEL_XREF_TABLE], "number",
                         np_arena_printf(ts->arena, "%d", n->seq), (char *)NULL);
    case NP_K_FIGURE:
        return np_expand(ts->arena, labels[NP_LABEL_XREF_FIGURE], "number",
                         roman(ts, n->seq), (char *)NULL);
    default:
        return NULL;
    }
}

/* A number not known yet: as wide as a likely one, so that the next
 * pass moves as little as can be. */
static const char *guess(np_ts *ts)
{
    ts->xref_guessed = true;
    return "00";
}

static const char *number_text(np_ts *ts, const np_node *target,
                               np_target_state *t)
{
    const char *fixed = fixed_label(ts, target);
    if (fixed)
        return fixed;
    const char *text = t->label ? t->label : t->known_label;
    if (!t->label) {
        t->label_printed = true;
        t->printed_label = text;
    }
    return text ? text : guess(ts);
}

static const char *page_text(np_ts *ts, np_target_state *t)
{
    t->page_printed = true;
    t->printed_page = t->known_page;
    if (!t->known_page)
        return guess(ts);
    return np_arena_printf(ts->arena, "%d", t->known_page);
}

const char *np_xref_text(np_ts *ts, const np_node *xref, const char **link)
{
    np_target_state *t = state_of(ts, xref->ref);
    *link = NULL;
    if (!t)
        return "";
    *link = np_xref_link(ts, xref->ref);
    return xref->show_page ? page_text(ts, t) : number_text(ts, xref->ref, t);
}

const char *np_xref_link(np_ts *ts, const np_node *target)
{
    np_target_state *t = state_of(ts, target);
    if (t)
        t->linked = true;
    return np_arena_printf(ts->arena, "#t%d", target->target);
}

/* ---- after pagination --------------------------------------------- */

/* The page holding line `line`: pages are runs of consecutive lines. */
static int page_of(const np_pages *pages, size_t line, size_t *index)
{
    int lo = 0, hi = pages->n - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (pages->pages[mid].first <= line)
            lo = mid;
        else
            hi = mid - 1;
    }
    const np_page *pg = &pages->pages[lo];
    *index = line >= pg->first && line < pg->first + pg->count
             ? line - pg->first : 0;
    return lo;
}

static void place_on_page(const np_flow *flow, const np_pages *pages,
                          np_target_state *t)
{
    if (!t->placed || pages->n == 0)
        return;
    size_t at;
    int k = page_of(pages, t->line, &at);
    const np_page *pg = &pages->pages[k];
    t->page = k + 1;
    t->y = pg->count ? pg->y[at] - flow->lines[pg->first + at].leading : 0;
}

static bool printed_right(const np_target_state *t)
{
    if (t->page_printed && t->printed_page != t->page)
        return false;
    if (!t->label_printed)
        return true;
    if (!t->printed_label || !t->label)
        return t->printed_label == t->label;
    return strcmp(t->printed_label, t->label) == 0;
}

bool np_xref_settle(np_ts *ts, const np_flow *flow, const np_pages *pages)
{
    bool again = ts->xref_guessed;
    for (int i = 0; i < ts->doc->target_count; i++) {
        np_target_state *t = &ts->targets[i];
        place_on_page(flow, pages, t);
        again |= !printed_right(t);
    }
    return again;
}

/* ---- drawing ------------------------------------------------------ */

int np_xref_page(const np_ts *ts, int target)
{
    if (target <= 0 || !ts->targets)
        return 0;
    return ts->targets[target - 1].page;
}

np_seg np_xref_late_seg(np_ts *ts, const np_seg *s)
{
    np_seg out = *s;
    int page = np_xref_page(ts, s->late);
    out.text = page ? np_arena_printf(ts->arena, "%d", page) : "";
    out.len = out.text ? strlen(out.text) : 0;
    if (!out.text)
        out.text = "";
    out.width = np_plain_width(ts, np_seg_style(s), out.text, out.len);
    out.x = s->x + s->width - out.width;
    return out;
}

/* Whether link `uri` leads somewhere: any link out of the document, and
 * a link "#t<n>" to a target that a page holds (one nothing placed, had
 * it been missed, makes no link rather than one to nowhere). */
bool np_xref_link_live(const np_ts *ts, const char *uri)
{
    if (uri[0] != '#' || uri[1] != 't')
        return true;
    int n = atoi(uri + 2);
    return n > 0 && n <= ts->doc->target_count && ts->targets
           && ts->targets[n - 1].placed && ts->targets[n - 1].page > 0;
}

/* The destinations of the targets whose first line is on page k (from
 * 0): targets come in the order of the flow, so one cursor walks them
 * as the pages are drawn. */
int np_xref_dests(np_ts *ts, np_out *out, int page, int *cursor)
{
    int n = ts->doc->target_count;
    if (!out->ops->dest)
        return 0;
    for (; *cursor < n; ++*cursor) {
        const np_target_state *t = &ts->targets[*cursor];
        if (t->placed && t->page > page + 1)
            break;
        if (!t->placed || t->page != page + 1 || !t->linked)
            continue;
        char name[24];
        snprintf(name, sizeof name, "t%d", *cursor + 1);
        if (out->ops->dest(out->self, name, t->y) < 0)
            return -1;
    }
    return 0;
}
