/*
 * table.c - tables to lines of the flow.
 *
 * Column widths come from <col width="30%"/> (the rest shared equally
 * among columns without a width); each cell is set as ragged text in its
 * column, and the cells' lines are merged row by row into flow lines, so
 * that the page breaker can split a table between rows. As in UN
 * tables, a thin rule runs over the first row, the header rows (all
 * <th>, in a style of their own, never hyphenated) have a heavy rule
 * under them, and so has the last row; the paginator repeats the header
 * rows on every page the table reaches.
 *
 * A cell may hold a table: np_table_set is on the recursive path of
 * nested blocks (blocks.c), so the grid and the row's cells are
 * allocated, not kept on the stack (2.5 kB a level of nesting).
 */
#include <string.h>

#include "typesetting/typeset.h"

#define MAX_COLUMNS 64

typedef struct grid {
    int ncols;
    double x[MAX_COLUMNS + 1];  /* column edges */
} grid;

static int count_columns(const np_node *table)
{
    int cols = 0, widest = 0;
    for (const np_node *n = table->first; n; n = n->next) {
        if (n->kind == NP_K_COL)
            cols++;
        if (n->kind != NP_K_TR)
            continue;
        int w = 0;
        for (const np_node *c = n->first; c; c = c->next)
            if (c->kind == NP_K_TD || c->kind == NP_K_TH)
                w += c->colspan > 0 ? c->colspan : 1;
        widest = w > widest ? w : widest;
    }
    int n = cols > widest ? cols : widest;
    return n < 1 ? 1 : n > MAX_COLUMNS ? MAX_COLUMNS : n;
}

/* Column widths: fixed lengths as given, percentages of the table
 * width, the rest shared by the columns without a width; everything is
 * scaled down when the sum exceeds the table's width. */
static void make_grid(const np_node *table, double left, double width, grid *g)
{
    double w[MAX_COLUMNS] = { 0 }, used = 0;
    int i = 0, unset = 0;
    g->ncols = count_columns(table);
    for (const np_node *n = table->first; n && i < g->ncols; n = n->next)
        if (n->kind == NP_K_COL) {
            w[i] = n->width_pt > 0 ? n->width_pt : width * n->width_pct / 100;
            used += w[i++];
        }
    for (i = 0; i < g->ncols; i++)
        unset += w[i] == 0;
    double share = width - used > 0 ? (width - used) / (unset ? unset : 1)
                                    : width * 0.05;
    for (i = 0; i < g->ncols; i++)
        if (w[i] == 0) {
            w[i] = share;
            used += share;
        }
    double scale = used > width ? width / used : 1;
    g->x[0] = left;
    for (i = 0; i < g->ncols; i++)
        g->x[i + 1] = g->x[i] + w[i] * scale;
}

static bool row_is_header(const np_node *tr)
{
    bool any = false;
    for (const np_node *c = tr->first; c; c = c->next) {
        if (c->kind == NP_K_TD)
            return false;
        any |= c->kind == NP_K_TH;
    }
    return any;
}

static void align_lines(np_flow *f, size_t from, np_align align, double width)
{
    if (align == NP_ALIGN_LEFT)
        return;
    for (size_t i = from; i < f->n; i++) {
        np_line *l = &f->lines[i];
        if (l->nsegs == 0)
            continue;
        np_seg *last = &l->segs[l->nsegs - 1];
        double used = last->x + last->width - l->segs[0].x;
        double shift = (width - used) / (align == NP_ALIGN_CENTER ? 2 : 1);
        for (int k = 0; k < l->nsegs; k++)
            l->segs[k].x += shift;
    }
}

/* The text of a cell without blocks; the spec stays off the stack
 * while a cell's blocks are set. Header cells have a style of their
 * own and are never hyphenated. */
static NP_NOINLINE int set_cell_text(np_ts *ts, np_flow *cell, const np_node *c,
                                     double x, double w)
{
    const np_layout *l = ts->layout;
    bool head = c->kind == NP_K_TH;
    np_para_spec spec = {
        .style = head ? l->table_header : l->table, .first_x = x, .first_width = w,
        .rest_x = x, .rest_width = w, .hyphenate = !head,
    };
    return np_para_set(ts, c->first, &spec, cell, NULL);
}

/* A header cell heads its column in a header row, its row elsewhere
 * (the first cell of a row of figures). */
static void tag_cell(np_ts *ts, const np_node *c)
{
    np_out_elem *e = np_tag_get(ts, ts->tag);
    if (!e)
        return;
    e->colspan = c->colspan;
    if (c->kind == NP_K_TH)
        e->scope = row_is_header(c->parent) ? "Column" : "Row";
}

/* A header cell's words are never hyphenated, whatever blocks it holds:
 * a column head reads as a label ("general de-/bate" does not). */
static int set_cell(np_ts *ts, np_flow *cell, const np_node *c, double x, double w)
{
    size_t from = cell->n;
    ts->no_hyphens += c->kind == NP_K_TH;
    int outer = np_tag_enter_node(ts, c);
    tag_cell(ts, c);
    int rc = np_has_inline_content(c) ? set_cell_text(ts, cell, c, x, w)
                                      : np_blocks_set(ts, cell, c->first, x, w);
    np_tag_leave(ts, outer);
    ts->no_hyphens -= c->kind == NP_K_TH;
    if (rc < 0)
        return -1;
    align_lines(cell, from, c->align, w);
    return 0;
}

/* Where the first line of a row goes: its baseline distance from the
 * line above and the glue before it. */
typedef struct row_place {
    double leading, space_before;
} row_place;

static int merge_row(np_ts *ts, np_flow *flow, np_flow *cells, int ncells,
                     bool header, const grid *g, row_place at)
{
    np_text_style style = header ? ts->layout->table_header : ts->layout->table;
    size_t rows = 0;
    for (int i = 0; i < ncells; i++)
        rows = cells[i].n > rows ? cells[i].n : rows;
    for (size_t k = 0; k < rows; k++) {
        int nsegs = 0;
        for (int i = 0; i < ncells; i++)
            nsegs += k < cells[i].n ? cells[i].lines[k].nsegs : 0;
        np_line *line = np_flow_push(ts, flow);
        np_seg *segs = np_arena_alloc(ts->arena, (size_t)(nsegs + 1) * sizeof *segs);
        if (!line || !segs)
            return -1;
        line->segs = segs;
        for (int i = 0; i < ncells; i++)
            if (k < cells[i].n) {
                const np_line *src = &cells[i].lines[k];
                if (src->nsegs > 0)     /* an empty line may have no segs */
                    memcpy(segs + line->nsegs, src->segs, (size_t)src->nsegs * sizeof *segs);
                line->nsegs += src->nsegs;
                for (int c = 0; c < src->ncalls; c++)
                    if (np_line_add_call(ts, line, src->calls[c]) < 0)
                        return -1;
            }
        line->leading = k == 0 ? at.leading : style.leading;
        line->depth = np_style_depth(ts, style);
        line->space_before = k == 0 ? at.space_before : 0;
        line->keep_with_next = k + 1 < rows || header;
        line->rule_x0 = g->x[0];
        line->rule_x1 = g->x[g->ncols];
    }
    return 0;
}

static int set_row(np_ts *ts, np_flow *flow, const np_node *tr, const grid *g,
                   row_place at)
{
    np_flow *cells = np_mem_alloc(ts->alloc, (size_t)g->ncols * sizeof *cells);
    if (!cells)
        return -1;
    int n = 0, col = 0, rc = 0;
    double pad = ts->layout->cell_padding;
    double pad_right = ts->layout->cell_padding_right;
    memset(cells, 0, (size_t)g->ncols * sizeof *cells);
    int outer = np_tag_enter_node(ts, tr);
    for (const np_node *c = tr->first; c && col < g->ncols && rc == 0; c = c->next) {
        if (c->kind != NP_K_TD && c->kind != NP_K_TH)
            continue;
        int end = col + (c->colspan > 0 ? c->colspan : 1);
        end = end > g->ncols ? g->ncols : end;
        double x = g->x[col] + (col ? pad : 0);
        double w = g->x[end] - x - (end < g->ncols ? pad_right : 0);
        rc = set_cell(ts, &cells[n++], c, x, w);
        col = end;
    }
    np_tag_leave(ts, outer);
    if (rc == 0)
        rc = merge_row(ts, flow, cells, n, row_is_header(tr), g, at);
    for (int i = 0; i < n; i++)
        np_mem_free(ts->alloc, cells[i].lines);
    np_mem_free(ts->alloc, cells);
    return rc;
}

/* The row after `prev` (a header row or not; NULL: the first row):
 * the first row hangs under the rule over the table, the first body
 * row stands head-space under the header, and body rows are row-space
 * apart. */
static row_place next_place(const np_layout *l, const np_node *prev,
                            const np_node *tr)
{
    if (!prev)
        return (row_place){ l->table_top_gap, l->table_space_before };
    if (row_is_header(prev))
        return row_is_header(tr) ? (row_place){ l->table_header.leading, 0 }
                                 : (row_place){ l->table_head_space, 0 };
    return (row_place){ l->table.leading, l->table_row_space };
}

/* The rules: a thin one over the first line, a heavy one under the
 * header rows and another under the last row, whose reach counts as
 * the line's depth. The first line, when it opens a page, is lowered
 * to leave its rule room. */
static void rule_table(const np_layout *l, np_flow *flow, size_t first,
                       int head_count)
{
    np_line *top = &flow->lines[first], *last = &flow->lines[flow->n - 1];
    top->rule_above.gap = l->table_top_gap;
    top->rule_above.width = l->table_rule_width;
    top->top_space = l->table_top_space;
    if (head_count > 0) {
        np_line *head = &flow->lines[first + (size_t)head_count - 1];
        head->rule_below.gap = l->table_head_gap;
        head->rule_below.width = l->table_heavy_rule_width;
    }
    last->rule_below.gap = l->table_foot_gap;
    last->rule_below.width = l->table_heavy_rule_width;
    double reach = l->table_foot_gap + l->table_heavy_rule_width;
    last->depth = last->depth > reach ? last->depth : reach;
}

/* The header rows are those at the top of the table made only of <th>;
 * every later row's lines remember them, for the page breaker to repeat
 * them on the next page. */
static int set_rows(np_ts *ts, np_flow *flow, const np_node *table,
                    const grid *g)
{
    const np_layout *l = ts->layout;
    size_t head_first = flow->n;
    int head_count = 0;
    bool in_head = true;
    const np_node *prev = NULL;
    int table_tag = ts->tag, group = 0;
    for (const np_node *tr = table->first; tr; tr = tr->next) {
        if (tr->kind != NP_K_TR)
            continue;
        size_t at = flow->n;
        bool was_head = in_head;
        in_head = in_head && row_is_header(tr);
        /* the header rows in THead, the others in TBody */
        if (!prev || was_head != in_head)
            group = np_tag_new(ts, table_tag, in_head ? "THead" : "TBody");
        ts->tag = group;
        int rc = set_row(ts, flow, tr, g, next_place(l, prev, tr));
        ts->tag = table_tag;
        if (rc < 0)
            return -1;
        prev = tr;
        if (in_head)
            head_count = (int)(flow->n - head_first);
        else
            for (size_t i = at; i < flow->n; i++) {
                flow->lines[i].repeat_first = head_first;
                flow->lines[i].repeat_count = head_count;
                flow->lines[i].repeat_gap = l->table_head_space;
            }
    }
    if (flow->n > head_first)
        rule_table(l, flow, head_first, head_count);
    flow->pending_space = l->table_space_after;
    return 0;
}

int np_table_set(np_ts *ts, np_flow *flow, const np_node *table,
                 double left, double width)
{
    grid *g = np_mem_alloc(ts->alloc, sizeof *g);
    if (!g)
        return -1;
    make_grid(table, left, width, g);
    int rc = set_rows(ts, flow, table, g);
    np_mem_free(ts->alloc, g);
    return rc;
}
