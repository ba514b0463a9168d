/*
 * table_notes.c - what stands around a table's rows: its caption over
 * them, its lettered notes and source lines under them; and the
 * caption of a figure, set the same way.
 *
 * A caption is the label ("Table 1", "Figure II", from the language
 * file) on a line of its own in the body style, then the caption's
 * title in bold, both flush with the table's left edge, kept with what
 * follows, and a bookmark "Table 1. Title". Table notes follow UN
 * reports (measured on A/INF/76/1): the notes in the footnote style
 * under the closing rule, the first one's ascenders table.notes-gap
 * below it, each with its letter an italic superscript one cell
 * padding in from the table's edge and its text two paddings in;
 * then each <tnote> ("Source: ...") as a paragraph from the edge. The
 * notes are kept together and with the table's last row.
 *
 * The notes' lines follow the last row in the flow; every body row
 * also names them, so that the page breaker ends a page inside the
 * table only with room for them and sets them again there.
 *
 * Not done here: the calls (inline.c sets a <tfn>'s letter where it
 * stands).
 */
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

static const np_node *child(const np_node *n, np_kind kind)
{
    for (const np_node *c = n->first; c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

/* The label and the title in a Caption (tags.c). */
static int caption_set(np_ts *ts, np_flow *flow, const char *label,
                       const np_node *caption, double left, double width);

int np_caption_set(np_ts *ts, np_flow *flow, const char *label,
                   const np_node *caption, double left, double width)
{
    int outer = np_tag_enter(ts, "Caption");
    int rc = caption_set(ts, flow, label, caption, left, width);
    np_tag_leave(ts, outer);
    return rc;
}

static int caption_set(np_ts *ts, np_flow *flow, const char *label,
                       const np_node *caption, double left, double width)
{
    const np_layout *l = ts->layout;
    size_t at = flow->n;
    if (np_flow_text_line(ts, flow, label, l->body, left, l->table_space_before) < 0)
        return -1;
    flow->lines[at].keep_with_next = true;
    const char *title = caption ? np_doc_plain_text(ts->arena, caption) : NULL;
    flow->lines[at].bookmark = title && title[0]
        ? np_arena_printf(ts->arena, "%s. %s", label, title) : label;
    flow->lines[at].bookmark_level = NP_CAPTION_BOOKMARK_LEVEL;
    if (!caption)
        return 0;
    np_text_style bold = l->body;
    bold.font |= NP_FONT_BOLD;
    np_para_spec spec = {
        .style = bold, .first_x = left, .first_width = width, .rest_x = left,
        .rest_width = width, .label_style = bold, .keep_together = true,
        .keep_with_next = true,
    };
    return np_para_set(ts, caption->first, &spec, flow, NULL);
}

int np_table_caption(np_ts *ts, np_flow *flow, const np_node *table,
                     double left, double width)
{
    if (table->seq <= 0)
        return 0;
    const char *label = np_expand(ts->arena, ts->lang->labels[NP_LABEL_TABLE_CAPTION],
                                  "number", np_arena_printf(ts->arena, "%d", table->seq),
                                  (char *)NULL);
    return label ? np_caption_set(ts, flow, label, child(table, NP_K_CAPTION),
                                  left, width) : -1;
}

/* The table notes of `table`, in the order of their letters: a walk of
 * its cells that does not enter a table nested in one. */
static int collect_notes(const np_node *table, const np_node **notes, int cap)
{
    int n = 0;
    const np_node *c = table->first;
    while (c && c != table) {
        if (c->kind == NP_K_TFN && c->seq >= 1 && c->seq <= cap)
            notes[c->seq - 1] = c;
        n += c->kind == NP_K_TFN;
        bool down = c->first && c->kind != NP_K_TABLE && c->kind != NP_K_TFN;
        if (down) {
            c = c->first;
            continue;
        }
        while (c != table && !c->next)
            c = c->parent;
        if (c != table)
            c = c->next;
    }
    return n;
}

/* One note under the table: `label` (a letter, or NULL) hanging, in
 * element `tag` and its label in `label_tag`. */
static int note_line(np_ts *ts, np_flow *flow, const np_node *first,
                     const char *label, double left, double width, int tag,
                     int label_tag)
{
    const np_layout *l = ts->layout;
    double pad = l->cell_padding, text_x = label ? left + 2 * pad : left;
    np_para_spec spec = {
        .style = l->footnote, .first_x = text_x, .first_width = left + width - text_x,
        .rest_x = text_x, .rest_width = left + width - text_x,
        .justify = strcmp(l->footnote_align, "left") != 0, .hyphenate = true,
        .label = label, .label_style = l->footnote, .label_x = left + pad,
        .keep_together = true, .keep_with_next = true,
    };
    spec.label_style.font |= NP_FONT_ITALIC;
    spec.label_style.size = l->note_number_size;
    spec.label_rise = l->note_number_raise;
    spec.label_tag = label_tag;
    int outer = ts->tag;
    ts->tag = tag;
    int rc = np_para_set(ts, first, &spec, flow, NULL);
    ts->tag = outer;
    return rc;
}

/* The first note hangs under the closing rule: its baseline that rule's
 * distance, plus the gap, plus a note's leading, below the last row. */
static void open_notes(const np_layout *l, np_flow *flow, size_t first)
{
    if (first == 0 || first >= flow->n)
        return;
    flow->lines[first].leading = l->table_foot_gap + l->table_heavy_rule_width
                                 + l->table_notes_gap + l->footnote.leading;
    flow->lines[first].space_before = 0;
    flow->lines[first - 1].keep_with_next = true;
}

/* Every body row of the table carries its notes, for the page breaker
 * to set them again under the last row of each page the table reaches
 * (UN-LAYOUT 5.1): their lines, and how far below a row's baseline they
 * reach when set under it. */
static int repeat_under_rows(np_ts *ts, np_flow *flow, size_t rows_first,
                             size_t notes_first)
{
    double reach = 0;
    for (size_t i = notes_first; i < flow->n; i++)
        reach += (i > notes_first ? flow->lines[i].space_before : 0) + flow->lines[i].leading;
    reach += flow->lines[flow->n - 1].depth;
    for (size_t i = rows_first; i < notes_first; i++) {
        np_line_more *more = np_line_more_make(ts, &flow->lines[i]);
        if (!more)
            return -1;
        more->foot_first = notes_first;
        more->foot_count = (int)(flow->n - notes_first);
        more->foot_reach = reach;
    }
    return 0;
}

int np_table_notes(np_ts *ts, np_flow *flow, const np_node *table,
                   double left, double width, size_t rows_first, size_t refs_from)
{
    const np_node **notes = np_arena_alloc(ts->arena, (size_t)(table->tfn_count + 1)
                                                      * sizeof *notes);
    if (!notes)
        return -1;
    memset(notes, 0, (size_t)(table->tfn_count + 1) * sizeof *notes);
    collect_notes(table, notes, table->tfn_count);
    size_t first = flow->n;
    double after = flow->pending_space;
    flow->pending_space = 0;
    /* structure: each note a Note (the calls' References lead to it),
     * each source line a P, after the Table in its parent */
    int beside = np_tag_parent(ts, ts->tag);
    for (int i = 0; i < table->tfn_count; i++) {
        char letter[16];
        if (!notes[i] || np_format_number(NP_NUM_ALPHA_LOWER, i + 1, letter, sizeof letter) < 0)
            continue;
        const char *label = np_arena_strdup(ts->arena, letter);
        int note = np_tag_tnote(ts, beside, i + 1, refs_from);
        if (!label || note_line(ts, flow, notes[i]->first, label, left, width, note,
                                np_tag_new(ts, note, "Lbl")) < 0)
            return -1;
    }
    for (const np_node *n = table->first; n; n = n->next)
        if (n->kind == NP_K_TNOTE
            && note_line(ts, flow, n->first, NULL, left, width,
                         np_tag_new(ts, beside, "P"), 0) < 0)
            return -1;
    if (flow->n > first) {
        open_notes(ts->layout, flow, first);
        flow->lines[flow->n - 1].keep_with_next = false;
        if (repeat_under_rows(ts, flow, rows_first, first) < 0)
            return -1;
    }
    flow->pending_space = after;
    return 0;
}
