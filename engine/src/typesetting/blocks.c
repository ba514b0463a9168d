/*
 * blocks.c - the document's blocks to the flow of lines.
 *
 * Sets, in reading order (after front.c has set page 1's title block):
 * the body (numbered paragraphs, sections and their headings,
 * resolutions, lists, quotes, tables) and the annexes, each on a new
 * page; and, apart, the text of every footnote (notes.c). Each kind of block has
 * its handler in the table `handlers`; geometry comes from the layout
 * and every label string from the language file. Page breaks are not
 * decided here, only where they are forbidden (keeps) or forced.
 *
 * Blocks nested in blocks (lists in lists, quotes in quotes, sections,
 * tables in cells) are set by recursion, as deep as the depth limit
 * lets a description nest. The frames on that path are kept small: what
 * is large (a paragraph's spec, a heading's) lives in helpers that
 * return before the nested blocks are set. tests/unit/test_deep.c
 * measures the stack at the deepest nesting allowed.
 */
#include <stdio.h>
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

typedef struct ctx {
    double left, width;         /* the column, narrowed by quotes */
    int depth;                  /* section depth */
    int list_depth;
    bool numbering;             /* paragraphs numbered here */
    bool resolution;
    bool decision;              /* operative paragraphs lettered */
    int *para_no;               /* paragraph counter of body or annex */
    int *op_no;                 /* operative paragraph counter */
    const char *item_label;     /* label of the list item whose first
                                   block comes next, or NULL */
    double item_label_x;
    int item_index;             /* number of the list item being set */
    int section_index;          /* sections among the siblings so far,
                                   the one being set included */
    bool indent_stopped;        /* nesting reached the narrowest column */
    const char *section_path;   /* "II.B": numbers of the sections around */
    /* structure (tags.c): the L of the numbered paragraphs running in
     * this column, the Lbl the next label goes to */
    int number_list;
    int label_tag;
} ctx;

typedef int (*block_fn)(np_ts *ts, np_flow *flow, const np_node *n, ctx *c);

/* Fills the spec of the first lines of block `n`, numbering or
 * labelling it on the way. */
typedef void (*spec_fn)(np_ts *ts, const np_node *n, ctx *c, np_para_spec *spec);

static int set_block(np_ts *ts, np_flow *flow, const np_node *n, ctx *c);
static int set_blocks(np_ts *ts, np_flow *flow, const np_node *first, ctx *c);

/* ---- specs ------------------------------------------------------- */

static np_para_spec text_spec(np_ts *ts, const ctx *c)
{
    const np_layout *l = ts->layout;
    return (np_para_spec){
        .style = l->body, .first_x = c->left, .first_width = c->width,
        .rest_x = c->left, .rest_width = c->width,
        .justify = strcmp(l->text_align, "left") != 0,
        .hyphenate = true, .label_style = l->body,
        .space_after = l->para_space,
    };
}

static void plain_spec(np_ts *ts, const np_node *n, ctx *c, np_para_spec *spec)
{
    (void)n;
    *spec = text_spec(ts, c);
}

/* Sets the inline content of block `n` from `first` up to the next
 * block, which goes to *stop. The spec lives here, not in set_mixed,
 * which stays on the stack while that block is set. */
static NP_NOINLINE int set_inline(np_ts *ts, np_flow *flow, const np_node *n,
                                  const np_node *first, ctx *c, spec_fn make,
                                  const np_node **stop)
{
    np_para_spec spec;
    make(ts, n, c, &spec);
    return np_para_set(ts, first, &spec, flow, stop);
}

/* Sets the inline content of a block, then any block nested in it (a
 * list of sub-paragraphs), then the inline text after that. */
static int set_mixed(np_ts *ts, np_flow *flow, const np_node *n, ctx *c,
                     spec_fn first_spec)
{
    const np_node *first = n->first, *stop = NULL;
    spec_fn make = first_spec;
    for (;;) {
        if (set_inline(ts, flow, n, first, c, make, &stop) < 0)
            return -1;
        if (!stop)
            return 0;
        /* Blocks back to back, with no text between them, are each set
         * in turn. */
        const np_node *after = stop;
        int list = c->number_list;      /* numbered paragraphs around */
        c->number_list = 0;
        for (; after && !np_kind_is_inline(after->kind); after = after->next)
            if (set_block(ts, flow, after, c) < 0)
                return -1;
        c->number_list = list;
        if (!after)
            return 0;
        /* Text after the sub-paragraphs continues unnumbered, flush left. */
        make = plain_spec;
        first = after;
    }
}

/* ---- paragraphs -------------------------------------------------- */

static void p_spec(np_ts *ts, const np_node *n, ctx *c, np_para_spec *spec)
{
    *spec = text_spec(ts, c);
    spec->label_tag = c->label_tag;
    c->label_tag = 0;
    if (c->item_label) {
        spec->label = c->item_label;
        spec->label_x = c->item_label_x;
        c->item_label = NULL;
    } else if (n->number && c->list_depth == 0) {
        spec->label = np_given_label(ts, ts->lang->paragraph_number, n->number);
        np_xref_label(ts, n, n->number);
        np_hang_label(ts, spec, c->left, c->left + ts->layout->tab);
    } else if (c->numbering && !n->unnumbered && c->list_depth == 0) {
        spec->label = np_paragraph_label(ts, ++*c->para_no);
        np_xref_number(ts, n, *c->para_no);
        np_hang_first_line(spec, c->left, c->left + ts->layout->tab);
    } else if (c->para_no && c->list_depth == 0) {
        /* a paragraph without a number, in the text (not a table cell) */
        np_hang_first_line(spec, c->left, c->left + ts->layout->first_line_indent);
    }
}

static int block_p(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    return set_mixed(ts, flow, n, c, p_spec);
}

static void pp_spec(np_ts *ts, const np_node *n, ctx *c, np_para_spec *spec)
{
    (void)n;
    *spec = text_spec(ts, c);
    np_hang_first_line(spec, c->left, c->left + ts->layout->tab);
}

static int block_pp(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    return set_mixed(ts, flow, n, c, pp_spec);
}

static void op_spec(np_ts *ts, const np_node *n, ctx *c, np_para_spec *spec)
{
    double tab = ts->layout->tab;
    *spec = text_spec(ts, c);
    spec->label_tag = c->label_tag;
    c->label_tag = 0;
    const char *form = c->decision ? ts->lang->list_alpha
                                   : ts->lang->paragraph_number;
    spec->label = n->number ? np_given_label(ts, form, n->number)
                  : c->decision ? np_letter_label(ts, form, ++*c->op_no)
                  : np_paragraph_label(ts, ++*c->op_no);
    if (n->number)
        np_xref_label(ts, n, n->number);
    else if (c->decision)
        np_xref_label(ts, n, spec->label);
    else
        np_xref_number(ts, n, *c->op_no);
    np_hang_label(ts, spec, c->left + tab, c->left + 2 * tab);
}

static int block_op(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    return set_mixed(ts, flow, n, c, op_spec);
}

static int block_actor(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    np_para_spec spec = text_spec(ts, c);
    spec.style = c->decision ? ts->layout->decision_actor : ts->layout->actor;
    spec.justify = false;
    spec.keep_with_next = true;
    np_hang_first_line(&spec, c->left, c->left + ts->layout->tab);
    return np_para_set(ts, n->first, &spec, flow, NULL);
}

static int block_pagebreak(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    (void)n;
    (void)c;
    (void)ts;
    /* The next block starts a page: set_blocks reads this mark. */
    flow->pending_space = -1;
    return 0;
}

/* ---- headings ---------------------------------------------------- */

static const char *section_number(np_ts *ts, const np_node *n, const ctx *c,
                                  int index)
{
    return np_section_number(ts, n, c->depth, index);
}

static const np_node *first_child(const np_node *n, np_kind kind)
{
    for (const np_node *c = n->first; c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

static np_para_spec heading_spec(np_ts *ts, const ctx *c)
{
    const np_layout *l = ts->layout;
    int d = c->depth < 3 ? c->depth : 2;
    np_para_spec spec = text_spec(ts, c);
    spec.style = spec.label_style = l->heading[d];
    spec.justify = spec.hyphenate = false;
    spec.keep_together = spec.keep_with_next = true;
    spec.space_before = l->heading_before[d];
    spec.space_after = l->heading_after[d];
    return spec;
}

static void set_bookmark(np_ts *ts, np_flow *flow, size_t line, const char *num,
                         const np_node *title, int level)
{
    if (line >= flow->n)
        return;
    const char *text = title ? np_doc_plain_text(ts->arena, title) : "";
    flow->lines[line].bookmark = num
        ? np_arena_printf(ts->arena, "%s. %s", num, text) : text;
    flow->lines[line].bookmark_level = level;
}

/* Resolution parts: the number alone on a line, the title under it. */
static int resolution_heading(np_ts *ts, np_flow *flow, const char *num,
                              const np_node *title, ctx *c)
{
    const np_layout *l = ts->layout;
    size_t at = flow->n;
    np_para_spec spec = heading_spec(ts, c);
    int outer = np_tag_enter(ts, np_tag_heading(c->depth + 1));
    if (num) {
        if (np_flow_text_line(ts, flow, num, l->part_number, c->left,
                              spec.space_before) < 0)
            return -1;
        flow->lines[flow->n - 1].keep_with_next = true;
    }
    spec.style = l->part_title;
    spec.space_before = num ? 0 : spec.space_before;
    if (title && np_para_set(ts, title->first, &spec, flow, NULL) < 0)
        return -1;
    np_tag_leave(ts, outer);
    set_bookmark(ts, flow, at, num, title, c->depth);
    return 0;
}

/* A section number set by hand may be longer than the margin it hangs
 * in: it is set smaller to fit, with a warning. */
static void shrink_label(np_ts *ts, np_para_spec *spec, double room)
{
    np_text_style *st = &spec->label_style;
    if (!spec->label)
        return;
    double w = np_text_width(ts, *st, spec->label, strlen(spec->label));
    if (w <= room || w <= 0)
        return;
    double size = st->size * (room > 0 ? room : 0) / w;
    np_report(ts->diags, ts->file, (np_pos){ 0, 0 }, NP_MSG_SHRUNK, spec->label,
              strlen(spec->label) > 40 ? "..." : "", size, st->size);
    st->tracking *= size / st->size;    /* the whole width scales */
    st->size = size;
}

/* The number hangs in the margin, ending number-gap before the text
 * or starting a tab before it (as Geneva's section letters); it may
 * hang two tabs at most into the margin. */
static void heading_number(np_ts *ts, np_para_spec *spec, const char *num,
                           const ctx *c)
{
    const np_layout *l = ts->layout;
    int d = c->depth < 3 ? c->depth : 2;
    double margin = l->body_left - 2 * l->tab;
    if (margin < l->frame_left)
        margin = l->frame_left;
    spec->label = np_arena_printf(ts->arena, "%s.", num);
    if (l->heading_number_align[d] == NP_NUMBER_LEFT) {
        spec->label_x = c->left - l->tab > margin ? c->left - l->tab : margin;
        shrink_label(ts, spec, c->left - spec->label_x);
        return;
    }
    spec->label_x = c->left - l->heading_number_gap;
    spec->label_right = true;
    shrink_label(ts, spec, spec->label_x - margin);
}

static int heading(np_ts *ts, np_flow *flow, const char *num,
                   const np_node *title, ctx *c)
{
    size_t at = flow->n;
    np_para_spec spec = heading_spec(ts, c);
    int outer = np_tag_enter(ts, np_tag_heading(c->depth + 1));
    if (num)
        heading_number(ts, &spec, num, c);
    if (title && np_para_set(ts, title->first, &spec, flow, NULL) < 0)
        return -1;
    np_tag_leave(ts, outer);
    set_bookmark(ts, flow, at, num, title, c->depth);
    return 0;
}

/* level="3" gives the heading the style of that depth whatever its
 * nesting, and no automatic number (an unnumbered sub-heading); one
 * given with number= is printed. */
static NP_NOINLINE int section_heading(np_ts *ts, np_flow *flow,
                                       const np_node *n, ctx *c)
{
    ctx styled = *c;
    const char *num;
    if (n->level) {
        styled.depth = n->level - 1;
        num = n->number && n->number[0] ? n->number : NULL;
    } else {
        num = section_number(ts, n, c, c->section_index);
    }
    const np_node *title = first_child(n, NP_K_TITLE);
    if (num)
        c->section_path = c->section_path
            ? np_arena_printf(ts->arena, "%s.%s", c->section_path, num) : num;
    styled.section_path = c->section_path;
    np_xref_label(ts, n, num ? c->section_path : NULL);
    return c->resolution ? resolution_heading(ts, flow, num, title, &styled)
                         : heading(ts, flow, num, title, &styled);
}

static int block_section(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    ctx inner = *c;
    if (section_heading(ts, flow, n, &inner) < 0)
        return -1;
    inner.depth++;
    return set_blocks(ts, flow, n->first, &inner);
}

/* ---- lists ------------------------------------------------------- */

/* Sub-paragraph positions of the house style: a) and i) hang their
 * label one tab in, at every depth; a) wraps to the margin, i) to the
 * label. Other lists hang their text one tab after the label, one tab
 * further in at each depth. */
/* Each level of lists and quotes moves text right; deep enough, nothing
 * would be left of the line. Text keeps at least a third of the body's
 * width: x is the rightmost place a line of the column `c` may start.
 * Deeper levels stop there, with one warning per chain of nesting. */
static double indent_room(const np_ts *ts, const ctx *c)
{
    return c->left + c->width - ts->layout->body_width / 3;
}

static void indent_stops(np_ts *ts, const np_node *n, ctx *c)
{
    if (!c->indent_stopped)
        np_report(ts->diags, ts->file, n->pos, NP_MSG_DEEP_NESTING,
                  ts->layout->body_width / 3);
    c->indent_stopped = true;
}

static np_para_spec item_spec(np_ts *ts, const np_node *list, ctx *c)
{
    double tab = ts->layout->tab;
    double shift = c->list_depth > 1 ? (c->list_depth - 1) * tab : 0;
    np_para_spec spec = text_spec(ts, c);
    double label_x, text_x, rest_x;
    if (list->style == NP_LIST_ALPHA || list->style == NP_LIST_ROMAN) {
        shift = 0;
        label_x = c->left + tab;
        text_x = label_x + tab;
        rest_x = list->style == NP_LIST_ALPHA ? c->left + shift : label_x;
    } else {
        label_x = c->left + shift;
        text_x = rest_x = label_x + tab;
    }
    double room = indent_room(ts, c);
    if (text_x > room || rest_x > room) {
        double back = text_x > room ? text_x - room : 0;
        label_x -= back;
        text_x -= back;
        rest_x = rest_x > room ? room : rest_x;
        indent_stops(ts, list, c);
    }
    spec.rest_x = rest_x;
    spec.rest_width = c->width - (rest_x - c->left);
    np_hang_first_line(&spec, label_x, text_x);
    return spec;
}

bool np_has_inline_content(const np_node *item)
{
    for (const np_node *n = item->first; n; n = n->next) {
        if (n->kind == NP_K_TEXT) {
            for (size_t i = 0; i < n->len; i++)
                if (n->text[i] != ' ' && n->text[i] != '\n' && n->text[i] != '\t'
                    && n->text[i] != '\r')
                    return true;
        } else if (np_kind_is_inline(n->kind)) {
            return true;
        }
    }
    return false;
}

/* The spec of the first lines of `item`, number c->item_index of its
 * list (its parent). */
static void item_first_spec(np_ts *ts, const np_node *item, ctx *c,
                            np_para_spec *spec)
{
    *spec = item_spec(ts, item->parent, c);
    spec->label = np_item_label(ts, item, c->item_index);
    np_xref_label(ts, item, spec->label);
    if (item->number)
        np_hang_label(ts, spec, spec->label_x, spec->first_x);
    spec->label_tag = c->label_tag;
}

/* An item made of blocks: they go in the column of the item's text, and
 * its label on its first paragraph. */
static NP_NOINLINE void item_column(np_ts *ts, const np_node *item, ctx *c,
                                    ctx *inner)
{
    np_para_spec spec;
    item_first_spec(ts, item, c, &spec);
    *inner = *c;
    inner->left = spec.first_x;
    inner->width = spec.first_width;
    inner->numbering = false;
    inner->item_label = spec.label;
    inner->item_label_x = spec.label_x;
    inner->label_tag = spec.label_tag;
}

static int set_item_content(np_ts *ts, np_flow *flow, const np_node *item,
                            ctx *c)
{
    if (np_has_inline_content(item))
        return set_mixed(ts, flow, item, c, item_first_spec);
    ctx inner;
    item_column(ts, item, c, &inner);
    return set_blocks(ts, flow, item->first, &inner);
}

/* LI, its label as Lbl and the rest as LBody. */
static int set_item(np_ts *ts, np_flow *flow, const np_node *item, ctx *c)
{
    int outer = np_tag_enter_node(ts, item);
    int saved = c->label_tag;
    if (np_item_label(ts, item, c->item_index))
        c->label_tag = np_tag_new(ts, ts->tag, "Lbl");
    np_tag_enter(ts, "LBody");
    int rc = set_item_content(ts, flow, item, c);
    c->label_tag = saved;
    np_tag_leave(ts, outer);
    return rc;
}

static int block_list(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    ctx inner = *c;
    inner.list_depth++;
    inner.item_index = 0;
    for (const np_node *item = n->first; item; item = item->next) {
        if (item->kind != NP_K_ITEM)
            continue;
        /* an item numbered by its author leaves the count as it was */
        inner.item_index += !item->number;
        np_xref_place(ts, flow, item);
        if (set_item(ts, flow, item, &inner) < 0)
            return -1;
    }
    return 0;
}

/* ---- quotes, resolutions, tables --------------------------------- */

static int block_quote(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    ctx inner = *c;
    if (inner.left + ts->layout->quote_indent <= indent_room(ts, &inner)
        && inner.width - 2 * ts->layout->quote_indent >= ts->layout->body_width / 3) {
        inner.left += ts->layout->quote_indent;
        inner.width -= 2 * ts->layout->quote_indent;
    } else {
        indent_stops(ts, n, &inner);
    }
    inner.numbering = false;
    if (np_has_inline_content(n))
        return set_mixed(ts, flow, n, &inner, plain_spec);
    return set_blocks(ts, flow, n->first, &inner);
}

static int block_resolution(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    ctx inner = *c;
    inner.resolution = true;
    inner.numbering = false;
    return set_blocks(ts, flow, n->first, &inner);
}

/* A decision: its organ upright, its operative paragraphs (a), (b),
 * lettered apart from any resolution's numbers. */
static int block_decision(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    int letters = 0;
    ctx inner = *c;
    inner.decision = true;
    inner.numbering = false;
    inner.op_no = &letters;
    return set_blocks(ts, flow, n->first, &inner);
}

static int block_table(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    return np_table_set(ts, flow, n, c->left, c->width);
}

static int block_signature(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    return np_signature_set(ts, flow, n, c->left, c->width);
}

static int block_figure(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    return np_figure_set(ts, flow, n, c->left, c->width);
}

static int block_contents(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    (void)c;
    return np_contents_set(ts, flow, n);
}

static const block_fn handlers[] = {
    [NP_K_P] = block_p, [NP_K_SECTION] = block_section,
    [NP_K_LIST] = block_list, [NP_K_RESOLUTION] = block_resolution,
    [NP_K_ACTOR] = block_actor, [NP_K_PP] = block_pp, [NP_K_OP] = block_op,
    [NP_K_QUOTE] = block_quote, [NP_K_TABLE] = block_table,
    [NP_K_PAGEBREAK] = block_pagebreak, [NP_K_DECISION] = block_decision,
    [NP_K_SIGNATURE] = block_signature, [NP_K_CONTENTS] = block_contents,
    [NP_K_FIGURE] = block_figure,
};

/* Whether block `n` gets a paragraph number (p_spec, op_spec). */
static bool numbered(const np_node *n, const ctx *c)
{
    if (n->kind == NP_K_OP)
        return true;
    return n->kind == NP_K_P && !c->item_label && c->numbering
           && !n->unnumbered && c->list_depth == 0;
}

/* Numbered paragraphs in a row are the items of a list: L, LI, the
 * number as Lbl and the paragraph's text in LBody (not in a P of its
 * own: one element less per paragraph, a tenth of a long report's
 * tree). Other blocks enter the element of their kind. */
static void enter_block(np_ts *ts, const np_node *n, ctx *c)
{
    if (!numbered(n, c)) {
        c->number_list = 0;
        np_tag_enter_node(ts, n);
        return;
    }
    c->label_tag = np_tag_list_item(ts, &c->number_list);
}

static int set_block(np_ts *ts, np_flow *flow, const np_node *n, ctx *c)
{
    if ((size_t)n->kind >= sizeof handlers / sizeof handlers[0]
        || !handlers[n->kind])
        return 0;               /* titles (set by their section), text */
    bool new_page = flow->pending_space < 0;
    size_t at = flow->n;
    if (new_page)
        flow->pending_space = 0;
    np_xref_place(ts, flow, n);
    int outer = ts->tag;
    enter_block(ts, n, c);
    int rc = handlers[n->kind](ts, flow, n, c);
    np_tag_leave(ts, outer);
    if (rc < 0)
        return -1;
    if (new_page && at < flow->n)
        flow->lines[at].new_page = true;
    return 0;
}

/* Sections are numbered as they come, counted here rather than by each
 * going back over its elder siblings (66,000 sections took 39 s). */
static int set_blocks(np_ts *ts, np_flow *flow, const np_node *first, ctx *c)
{
    int outer = c->section_index, rc = 0, list = c->number_list;
    c->section_index = 0;
    c->number_list = 0;
    for (const np_node *s = first && first->parent ? first->parent->first : NULL;
         s && s != first; s = s->next)
        c->section_index += s->kind == NP_K_SECTION;
    for (const np_node *n = first; n && rc == 0; n = n->next) {
        c->section_index += n->kind == NP_K_SECTION;
        rc = set_block(ts, flow, n, c) < 0 ? -1 : 0;
    }
    c->section_index = outer;
    c->number_list = list;
    return rc;
}

/* ---- annexes ----------------------------------------------------- */

static int annex(np_ts *ts, np_flow *flow, const np_node *a, int number, ctx *c)
{
    const np_layout *l = ts->layout;
    const np_lang *lang = ts->lang;
    const char *label = lang->labels[NP_LABEL_ANNEX];
    if (ts->doc->annex_count > 1) {
        char num[32];
        np_format_number(NP_NUM_ROMAN_UPPER, number, num, sizeof num);
        label = np_expand(ts->arena, lang->labels[NP_LABEL_ANNEX_NUMBERED],
                          "number", num, (char *)NULL);
    }
    size_t at = flow->n;
    flow->pending_space = 0;
    np_xref_place(ts, flow, a);
    int outer = np_tag_enter_node(ts, a);
    int heading = np_tag_enter(ts, np_tag_heading(0));
    if (np_flow_text_line(ts, flow, label, l->annex_label, c->left, 0) < 0)
        return -1;
    flow->lines[at].new_page = true;
    flow->lines[at].keep_with_next = true;
    const np_node *title = first_child(a, NP_K_TITLE);
    flow->lines[at].bookmark = title
        ? np_arena_printf(ts->arena, "%s. %s", label, np_doc_plain_text(ts->arena, title))
        : label;
    if (title && np_title_part(ts, flow, title, l->annex_title, l->annex_title_gap,
                               l->annex_after) < 0)
        return -1;
    np_tag_leave(ts, heading);
    if (np_annex_original_set(ts, flow, a) < 0)
        return -1;
    int para_no = 0;
    ctx inner = *c;
    inner.para_no = &para_no;
    inner.numbering = !a->unnumbered && !ts->doc->numbering_off;
    int rc = set_blocks(ts, flow, a->first, &inner);
    np_tag_leave(ts, outer);
    return rc;
}

int np_blocks_set(np_ts *ts, np_flow *flow, const np_node *first,
                  double left, double width)
{
    ctx c = { .left = left, .width = width };
    return set_blocks(ts, flow, first, &c);
}

int np_blocks_flow(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    int para_no = 0, op_no = 0;
    ctx c = {
        .left = l->body_left, .width = l->body_width,
        .numbering = !ts->doc->numbering_off, .para_no = &para_no,
        .op_no = &op_no,
    };
    if (np_front_matter(ts, flow) < 0 || np_summary_set(ts, flow) < 0
        || set_blocks(ts, flow, ts->doc->body->first, &c) < 0
        || np_adopted_closing(ts, flow) < 0)
        return -1;
    int number = 0;
    for (const np_node *a = ts->doc->annexes; a; a = a->next)
        if (annex(ts, flow, a, ++number, &c) < 0)
            return -1;
    if (np_notes_set(ts) < 0)
        return -1;
    return ts->failed ? -1 : 0;
}
