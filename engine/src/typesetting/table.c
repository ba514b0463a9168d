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

/* A cell set in its own flow, and the rows of its group it spans. */
typedef struct cell_lines {
    np_flow flow;
    int row0, row1;             /* from the group's first row */
    np_valign valign;
    int *line_of;               /* per line of flow: the group's line */
    double *rise_of;            /* and the shift that puts it in place */
} cell_lines;

/* A group of rows that no row span crosses: set, then merged. */
typedef struct group {
    const np_node **rows;
    int nrows;
    bool header;
    row_place *place;           /* per row */
    int *first_line;            /* per row, from 0; [nrows]: all */
    double *y;                  /* baseline of each line, from the first */
    cell_lines *cells;
    int ncells;
} group;

static double row_leading(const np_layout *l, const group *gr)
{
    return gr->header ? l->table_header.leading : l->table.leading;
}

/* The baselines of the group's lines, each row's first line placed as
 * its row_place says, the others a leading apart. */
static int place_lines(np_ts *ts, group *gr, const int *count)
{
    double lead = row_leading(ts->layout, gr), y = 0;
    int n = 0;
    for (int r = 0; r < gr->nrows; r++) {
        gr->first_line[r] = n;
        n += count[r];
    }
    gr->first_line[gr->nrows] = n;
    gr->y = np_arena_alloc(ts->arena, (size_t)(n + 1) * sizeof *gr->y);
    if (!gr->y)
        return -1;
    for (int r = 0, k = 0; r < gr->nrows; r++)
        for (int i = 0; i < count[r]; i++, k++) {
            if (k > 0)
                y += i == 0 ? gr->place[r].leading + gr->place[r].space_before : lead;
            gr->y[k] = y;
        }
    return 0;
}

/* Where line k of a cell's flow stands below its first line. */
static double offset_in_cell(const np_flow *f, size_t k)
{
    double y = 0;
    for (size_t i = 1; i <= k && i < f->n; i++)
        y += f->lines[i].leading + f->lines[i].space_before;
    return y;
}

/* The rows' line counts: each row as tall as its tallest cell of one
 * row; a spanning cell taller than its rows lengthens the last one. */
static int size_rows(np_ts *ts, group *gr, int *count)
{
    for (int r = 0; r < gr->nrows; r++)
        count[r] = 1;
    for (int i = 0; i < gr->ncells; i++) {
        const cell_lines *c = &gr->cells[i];
        if (c->row0 == c->row1 && (int)c->flow.n > count[c->row0])
            count[c->row0] = (int)c->flow.n;
    }
    if (place_lines(ts, gr, count) < 0)
        return -1;
    double lead = row_leading(ts->layout, gr);
    for (int i = 0; i < gr->ncells; i++) {
        const cell_lines *c = &gr->cells[i];
        if (c->row0 == c->row1 || c->flow.n == 0)
            continue;
        double need = offset_in_cell(&c->flow, c->flow.n - 1);
        double room = gr->y[gr->first_line[c->row1 + 1] - 1]
                      - gr->y[gr->first_line[c->row0]];
        if (need > room + 0.01) {
            count[c->row1] += (int)((need - room) / lead + 0.99);
            if (place_lines(ts, gr, count) < 0)
                return -1;
        }
    }
    return 0;
}

/* Each line of a cell goes to a line of the group: top-aligned cells
 * of one row line by line, as they were set; others (spanning rows,
 * or set to the middle or the bottom) where their baseline falls, on
 * the line of the group at or above it, shifted there exactly. */
static int assign_cell(np_ts *ts, const group *gr, cell_lines *c)
{
    size_t n = c->flow.n;
    c->line_of = np_arena_alloc(ts->arena, (n + 1) * sizeof *c->line_of);
    c->rise_of = np_arena_alloc(ts->arena, (n + 1) * sizeof *c->rise_of);
    if (!c->line_of || !c->rise_of)
        return -1;
    int first = gr->first_line[c->row0], last = gr->first_line[c->row1 + 1] - 1;
    bool plain = c->row0 == c->row1 && c->valign == NP_VALIGN_TOP;
    double room = gr->y[last] - gr->y[first];
    double need = n ? offset_in_cell(&c->flow, n - 1) : 0;
    double shift = c->valign == NP_VALIGN_MIDDLE ? (room - need) / 2
                   : c->valign == NP_VALIGN_BOTTOM ? room - need : 0;
    int j = first;
    for (size_t k = 0; k < n; k++) {
        double want = gr->y[first] + shift + offset_in_cell(&c->flow, k);
        while (!plain && j < last && gr->y[j + 1] <= want + 0.01)
            j++;
        c->line_of[k] = plain ? first + (int)k : j;
        c->rise_of[k] = plain ? 0 : gr->y[j] - want;
    }
    return 0;
}

static int count_segs(const group *gr, int line)
{
    int n = 0;
    for (int i = 0; i < gr->ncells; i++)
        for (size_t k = 0; k < gr->cells[i].flow.n; k++)
            if (gr->cells[i].line_of[k] == line)
                n += gr->cells[i].flow.lines[k].nsegs;
    return n;
}

/* Line `line` of the group: the segments of every cell line put on
 * it, with the footnotes they call. */
static int merge_line(np_ts *ts, np_line *out, const group *gr, int line)
{
    np_seg *segs = np_arena_alloc(ts->lines,
                                  (size_t)(count_segs(gr, line) + 1) * sizeof *segs);
    if (!segs)
        return -1;
    out->segs = segs;
    for (int i = 0; i < gr->ncells; i++)
        for (size_t k = 0; k < gr->cells[i].flow.n; k++) {
            const np_line *src = &gr->cells[i].flow.lines[k];
            if (gr->cells[i].line_of[k] != line)
                continue;
            for (int s = 0; s < src->nsegs; s++) {
                segs[out->nsegs] = src->segs[s];
                segs[out->nsegs++].rise += gr->cells[i].rise_of[k];
            }
            for (int c = 0; c < src->ncalls; c++)
                if (np_line_add_call(ts, out, src->calls[c]) < 0)
                    return -1;
        }
    return 0;
}

/* The group's lines into the flow, kept together: a page break never
 * falls inside a row, nor inside rows a cell spans. */
static int merge_group(np_ts *ts, np_flow *flow, const group *gr, const grid *g)
{
    np_text_style style = gr->header ? ts->layout->table_header : ts->layout->table;
    int total = gr->first_line[gr->nrows];
    for (int r = 0; r < gr->nrows; r++)
        for (int k = gr->first_line[r]; k < gr->first_line[r + 1]; k++) {
            np_line *line = np_flow_push(ts, flow);
            if (!line || merge_line(ts, line, gr, k) < 0)
                return -1;
            bool row_start = k == gr->first_line[r];
            line->leading = row_start ? gr->place[r].leading : style.leading;
            line->depth = np_style_depth(ts, style);
            line->space_before = row_start ? gr->place[r].space_before : 0;
            line->keep_with_next = k + 1 < total || gr->header;
            np_line_more *more = np_line_more_make(ts, line);
            if (!more)
                return -1;
            more->rule_x0 = g->x[0];
            more->rule_x1 = g->x[g->ncols];
        }
    return 0;
}

/* ---- rows and spans ---------------------------------------------- */

/* The columns of a table, as rows fill them: a cell spanning rows
 * keeps its columns busy in the rows below it. */
typedef struct occupancy {
    int busy_until[MAX_COLUMNS];    /* the first row that may use it */
} occupancy;

static int cells_in(const np_node *tr)
{
    int n = 0;
    for (const np_node *c = tr->first; c; c = c->next)
        n += c->kind == NP_K_TD || c->kind == NP_K_TH;
    return n;
}

/* The rows from `first` that no span crosses out of: `first`'s own
 * spans, and those of the rows they reach, decide where it ends. */
static int group_rows(const np_node **rows, int nrows, int first)
{
    int end = first + 1;
    for (int r = first; r < end && r < nrows; r++)
        for (const np_node *c = rows[r]->first; c; c = c->next)
            if ((c->kind == NP_K_TD || c->kind == NP_K_TH) && r + c->rowspan > end)
                end = r + c->rowspan;
    return end < nrows ? end : nrows;
}

/* Sets cell `c` of row `r` (of the group) in its columns. */
static int set_group_cell(np_ts *ts, group *gr, const np_node *c, int r,
                          int col, int end, const grid *g)
{
    double pad = ts->layout->cell_padding, pad_right = ts->layout->cell_padding_right;
    double x = g->x[col] + (col ? pad : 0);
    double w = g->x[end] - x - (end < g->ncols ? pad_right : 0);
    cell_lines *cl = &gr->cells[gr->ncells++];
    int span = c->rowspan > 0 ? c->rowspan : 1;
    cl->row0 = r;
    cl->row1 = r + span - 1 < gr->nrows ? r + span - 1 : gr->nrows - 1;
    cl->valign = c->valign;
    return set_cell(ts, &cl->flow, c, x, w);
}

/* Sets the cells of row r, each in the first columns its row leaves
 * free, in the row's TR. */
static int set_group_row(np_ts *ts, group *gr, int r, int row_index,
                         occupancy *occ, const grid *g)
{
    int col = 0, rc = 0;
    int outer = np_tag_enter_node(ts, gr->rows[r]);
    for (const np_node *c = gr->rows[r]->first; c && rc == 0; c = c->next) {
        if (c->kind != NP_K_TD && c->kind != NP_K_TH)
            continue;
        while (col < g->ncols && occ->busy_until[col] > row_index)
            col++;
        if (col >= g->ncols)
            break;
        int end = col + (c->colspan > 0 ? c->colspan : 1);
        end = end > g->ncols ? g->ncols : end;
        for (int k = col; k < end; k++)
            occ->busy_until[k] = row_index + (c->rowspan > 0 ? c->rowspan : 1);
        rc = set_group_cell(ts, gr, c, r, col, end, g);
        col = end;
    }
    np_tag_leave(ts, outer);
    return rc;
}

static void free_group(np_ts *ts, group *gr)
{
    for (int i = 0; i < gr->ncells; i++)
        np_mem_free(ts->alloc, gr->cells[i].flow.lines);
    np_mem_free(ts->alloc, gr->cells);
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
static int rule_table(np_ts *ts, np_flow *flow, size_t first, int head_count)
{
    const np_layout *l = ts->layout;
    np_line *last = &flow->lines[flow->n - 1];
    np_line_more *top = np_line_more_make(ts, &flow->lines[first]);
    np_line_more *head = head_count > 0
        ? np_line_more_make(ts, &flow->lines[first + (size_t)head_count - 1]) : NULL;
    np_line_more *foot = np_line_more_make(ts, last);
    if (!top || !foot || (head_count > 0 && !head))
        return -1;
    top->rule_above.gap = l->table_top_gap;
    top->rule_above.width = l->table_rule_width;
    top->top_space = l->table_top_space;
    if (head) {
        head->rule_below.gap = l->table_head_gap;
        head->rule_below.width = l->table_heavy_rule_width;
    }
    foot->rule_below.gap = l->table_foot_gap;
    foot->rule_below.width = l->table_heavy_rule_width;
    double reach = l->table_foot_gap + l->table_heavy_rule_width;
    last->depth = last->depth > reach ? last->depth : reach;
    return 0;
}

/* Rows first to end (of `rows`) as one group, after row `prev`. */
static int set_group(np_ts *ts, np_flow *flow, const np_node **rows, int first,
                     int end, const np_node *prev, occupancy *occ, const grid *g)
{
    group gr = { .rows = rows + first, .nrows = end - first, .header = true };
    int ncells = 0, rc = 0;
    for (int r = first; r < end; r++) {
        gr.header = gr.header && row_is_header(rows[r]);
        ncells += cells_in(rows[r]);
    }
    int *count = np_arena_alloc(ts->arena, (size_t)gr.nrows * sizeof *count);
    gr.place = np_arena_alloc(ts->arena, (size_t)gr.nrows * sizeof *gr.place);
    gr.first_line = np_arena_alloc(ts->arena, (size_t)(gr.nrows + 1) * sizeof *gr.first_line);
    gr.cells = np_mem_alloc(ts->alloc, (size_t)(ncells + 1) * sizeof *gr.cells);
    if (!count || !gr.place || !gr.first_line || !gr.cells) {
        np_mem_free(ts->alloc, gr.cells);
        return -1;
    }
    memset(gr.cells, 0, (size_t)(ncells + 1) * sizeof *gr.cells);
    for (int r = 0; r < gr.nrows && rc == 0; r++) {
        gr.place[r] = next_place(ts->layout, r ? rows[first + r - 1] : prev, rows[first + r]);
        rc = set_group_row(ts, &gr, r, first + r, occ, g);
    }
    if (rc == 0)
        rc = size_rows(ts, &gr, count);
    for (int i = 0; i < gr.ncells && rc == 0; i++)
        rc = assign_cell(ts, &gr, &gr.cells[i]);
    if (rc == 0)
        rc = merge_group(ts, flow, &gr, g);
    free_group(ts, &gr);
    return rc;
}

/* The rows of `table`, in an array of the caller's to free. */
static const np_node **table_rows(np_ts *ts, const np_node *table, int *n)
{
    *n = 0;
    for (const np_node *tr = table->first; tr; tr = tr->next)
        *n += tr->kind == NP_K_TR;
    const np_node **rows = np_mem_alloc(ts->alloc, (size_t)(*n + 1) * sizeof *rows);
    int k = 0;
    for (const np_node *tr = table->first; rows && tr; tr = tr->next)
        if (tr->kind == NP_K_TR)
            rows[k++] = tr;
    return rows;
}

/* The header rows are those at the top of the table made only of <th>;
 * every later row's lines remember them, for the page breaker to repeat
 * them on the next page. */
static int set_rows(np_ts *ts, np_flow *flow, const np_node *table,
                    const grid *g)
{
    const np_layout *l = ts->layout;
    size_t head_first = flow->n;
    int head_count = 0, nrows, rc = 0;
    bool in_head = true;
    occupancy occ = { { 0 } };
    const np_node **rows = table_rows(ts, table, &nrows);
    if (!rows)
        return -1;
    int table_tag = ts->tag, group = 0;
    for (int first = 0, end; first < nrows && rc == 0; first = end) {
        size_t at = flow->n;
        bool was_head = in_head;
        in_head = in_head && row_is_header(rows[first]);
        /* the header rows in THead, the others in TBody */
        if (first == 0 || was_head != in_head)
            group = np_tag_new(ts, table_tag, in_head ? "THead" : "TBody");
        ts->tag = group;
        end = group_rows(rows, nrows, first);
        rc = set_group(ts, flow, rows, first, end, first ? rows[first - 1] : NULL,
                       &occ, g);
        ts->tag = table_tag;
        if (first == 0 && table->seq > 0 && at < flow->n)
            flow->lines[at].space_before = l->para_space;   /* under a caption */
        if (in_head)
            head_count = (int)(flow->n - head_first);
        else
            for (size_t i = at; i < flow->n && rc == 0; i++) {
                np_line_more *more = np_line_more_make(ts, &flow->lines[i]);
                if (!more) {
                    rc = -1;
                    break;
                }
                more->repeat_first = head_first;
                more->repeat_count = head_count;
                more->repeat_gap = l->table_head_space;
            }
    }
    np_mem_free(ts->alloc, rows);
    if (rc == 0 && flow->n > head_first)
        rc = rule_table(ts, flow, head_first, head_count);
    flow->pending_space = l->table_space_after;
    return rc;
}

double np_landscape_width(const np_layout *l)
{
    return l->page_height - l->page_width + l->body_width;
}

static int set_table(np_ts *ts, np_flow *flow, const np_node *table,
                     double left, double width);

/* A table turned (landscape="yes") goes on landscape pages of its own,
 * across their column: its lines say so, and the page breaker starts a
 * landscape page with the first and a portrait one after the last.
 * (Tables stand only in the body's flow: never in a cell or a note.) */
int np_table_set(np_ts *ts, np_flow *flow, const np_node *table,
                 double left, double width)
{
    size_t first = flow->n;
    bool turn = table->landscape;
    if (turn) {
        left = ts->layout->body_left;
        width = np_landscape_width(ts->layout);
    }
    ts->landscape = turn;
    np_setting_begin(ts);       /* rows point into their cells' lines */
    int rc = set_table(ts, flow, table, left, width);
    np_setting_end(ts);
    ts->landscape = false;
    for (size_t i = first; turn && i < flow->n; i++)
        flow->lines[i].landscape = true;
    return rc;
}

static int set_table(np_ts *ts, np_flow *flow, const np_node *table,
                     double left, double width)
{
    grid *g = np_mem_alloc(ts->alloc, sizeof *g);
    if (!g)
        return -1;
    make_grid(table, left, width, g);
    size_t refs_from = ts->ntnote_refs;
    int rc = np_table_caption(ts, flow, table, left, width);
    size_t rows_first = flow->n;
    if (rc == 0)
        rc = set_rows(ts, flow, table, g);
    if (rc == 0)
        rc = np_table_notes(ts, flow, table, left, width, rows_first, refs_from);
    ts->ntnote_refs = refs_from;        /* the calls of this table, answered */
    np_mem_free(ts->alloc, g);
    return rc;
}
