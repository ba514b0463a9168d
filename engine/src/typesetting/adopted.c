/*
 * adopted.c - the furniture of adopted resolutions and decisions, by
 * the conventions of the organ that adopted them.
 *
 * The General Assembly and ECOSOC: the adoption heading ("Resolution
 * adopted by the General Assembly on 29 July 2021"), the bracketed
 * reference line, the number hanging before the title ("75/312."),
 * and after the last paragraph the closing lines (meeting and date)
 * set against the right margin. The Security Council: its title
 * ("Resolution 1632 (2005)") and the line under it ("Adopted by the
 * Security Council at its 5283rd meeting, on 18 October 2005"). Words
 * and dates come from the language file, whose ordinal suffixes
 * ("76e", "1re") are set raised in the meeting's text.
 *
 * Only lines are made here; the title in the running header is
 * pages.c's, the decision's lettered paragraphs blocks.c's.
 */
#include <stdio.h>
#include <string.h>

#include "typesetting/typeset.h"

/* ---- text as inline nodes ------------------------------------------ */

static np_node *new_node(np_ts *ts, np_kind kind, np_node *parent)
{
    np_node *n = np_arena_alloc(ts->arena, sizeof *n);
    if (!n) {
        ts->failed = true;
        return NULL;
    }
    memset(n, 0, sizeof *n);
    n->kind = kind;
    np_node_append(parent, n);
    return n;
}

static np_node *text_node(np_ts *ts, np_node *parent, const char *s, size_t len)
{
    np_node *t = len ? new_node(ts, NP_K_TEXT, parent) : NULL;
    if (t) {
        t->text = s;
        t->len = len;
    }
    return t;
}

static bool is_letter_byte(char c)
{
    unsigned char u = (unsigned char)c;
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

/* The length of the ordinal suffix of the language that starts at `s`
 * and ends a word ("e" of "76e séance", "re" of "1re"), 0 when none. */
static size_t ordinal_suffix(const np_lang *lang, const char *s)
{
    const char *list = lang->ordinal_suffixes;
    size_t best = 0;
    while (list && *list) {
        size_t n = strcspn(list, " ");
        if (n > best && strncmp(s, list, n) == 0 && !is_letter_byte(s[n]))
            best = n;
        list += n;
        list += strspn(list, " ");
    }
    return best;
}

/* `text` as inline nodes under a new holder, each ordinal suffix of the
 * language in a superscript. */
static np_node *ordinal_text(np_ts *ts, const char *text)
{
    np_node *holder = new_node(ts, NP_K_INLINE, NULL);
    if (!holder || !text)
        return holder;
    size_t from = 0, i = 0, len = strlen(text);
    while (i < len) {
        if (text[i] < '0' || text[i] > '9' || (i > 0 && is_letter_byte(text[i - 1]))) {
            i++;
            continue;
        }
        while (i < len && text[i] >= '0' && text[i] <= '9')
            i++;
        size_t n = ordinal_suffix(ts->lang, text + i);
        if (n == 0)
            continue;
        text_node(ts, holder, text + from, i - from);
        text_node(ts, new_node(ts, NP_K_SUP, holder), text + i, n);
        i += n;
        from = i;
    }
    text_node(ts, holder, text + from, len - from);
    return ts->failed ? NULL : holder;
}

/* ---- the title block ----------------------------------------------- */

static const char *adoption_date(np_ts *ts)
{
    np_date d = ts->doc->adopted->date;
    return np_format_text_date(ts->arena, ts->lang, d.year, d.month, d.day);
}

/* The date of a heading kept on one line ("26 October 2018" goes
 * whole to the heading's second line): its spaces made no-break. */
static const char *unbroken_date(np_ts *ts)
{
    const char *date = adoption_date(ts);
    size_t len = date ? strlen(date) : 0, spaces = 0;
    for (size_t i = 0; i < len; i++)
        spaces += date[i] == ' ';
    char *out = np_arena_alloc(ts->arena, len + spaces + 1);
    if (!out)
        return NULL;
    char *o = out;
    for (size_t i = 0; i < len; i++) {
        if (date[i] != ' ') {
            *o++ = date[i];
            continue;
        }
        *o++ = '\xc2';     /* U+00A0 NO-BREAK SPACE */
        *o++ = '\xa0';
    }
    *o = '\0';
    return out;
}

static int line_part(np_ts *ts, np_flow *flow, const char *text,
                     np_text_style style, double gap, double after)
{
    np_node *holder = ordinal_text(ts, text);
    return holder ? np_title_part(ts, flow, holder, style, gap, after) : -1;
}

/* A copy of the inline content of `from` under `to`, made without
 * recursion, so that it can stand between other nodes. */
static np_node *copy_inline(np_ts *ts, const np_node *from, np_node *to)
{
    const np_node *n = from->first;
    np_node *at = to;
    while (n) {
        np_node *c = new_node(ts, n->kind, at);
        if (!c)
            return NULL;
        c->pos = n->pos;
        c->text = n->text;
        c->len = n->len;
        c->href = n->href;
        c->note = n->note;
        if (n->first) {
            at = c;
            n = n->first;
            continue;
        }
        while (!n->next && n->parent != from) {
            n = n->parent;
            at = at->parent;
        }
        n = n->next;
    }
    return to;
}

/* "[without reference to a Main Committee (A/75/L.112)]": the words
 * italic, the brackets upright. */
static int reference_line(np_ts *ts, np_flow *flow, const np_node *ref)
{
    const np_layout *l = ts->layout;
    np_node *holder = new_node(ts, NP_K_INLINE, NULL);
    if (!holder)
        return -1;
    text_node(ts, holder, "[", 1);
    np_node *words = new_node(ts, NP_K_I, holder);
    if (!words || !copy_inline(ts, ref, words))
        return -1;
    text_node(ts, holder, "]", 1);
    return ts->failed ? -1
           : np_title_part(ts, flow, holder, l->reference, l->reference_gap, 0);
}

/* The title with its number hanging before it, ending number-gap
 * before the title's first letter. */
static int numbered_title(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    const np_doc *d = ts->doc;
    np_text_style st = l->adopted_title;
    np_para_spec spec = {
        .style = st, .first_x = l->body_left, .first_width = l->body_width,
        .rest_x = l->body_left, .rest_width = l->body_width,
        .keep_together = true, .keep_with_next = true, .star_calls = true,
        .space_before = l->adopted_title_gap - st.leading,
        .space_after = l->adopted_title_after,
        .label = np_arena_printf(ts->arena, "%s.", d->title_number),
        .label_style = st, .label_right = true,
        .label_x = l->body_left - l->adopted_title_number_gap,
    };
    flow->pending_space = 0;
    int outer = np_tag_enter(ts, "H1");
    int rc = np_para_set(ts, d->title->first, &spec, flow, NULL);
    np_tag_leave(ts, outer);
    return rc;
}

static np_label heading_label(const np_doc *d)
{
    bool decision = d->kind == NP_DOC_DECISION;
    if (d->organ_kind == NP_ORGAN_ECOSOC)
        return decision ? NP_LABEL_ADOPTED_DECISION_ECOSOC
                        : NP_LABEL_ADOPTED_RESOLUTION_ECOSOC;
    return decision ? NP_LABEL_ADOPTED_DECISION_GA : NP_LABEL_ADOPTED_RESOLUTION_GA;
}

static int assembly_front(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    const np_doc *d = ts->doc;
    const char *heading = np_expand(ts->arena, ts->lang->labels[heading_label(d)],
                                    "date", unbroken_date(ts), (char *)NULL);
    if (line_part(ts, flow, heading, l->adoption, l->adoption_gap, 0) < 0)
        return -1;
    if (d->adopted->reference && reference_line(ts, flow, d->adopted->reference) < 0)
        return -1;
    return numbered_title(ts, flow);
}

static int council_front(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    const np_adopted *a = ts->doc->adopted;
    char year[16];
    snprintf(year, sizeof year, "%d", a->date.year);
    const char *title = np_expand(ts->arena, ts->lang->labels[NP_LABEL_RESOLUTION_SC],
                                  "number", ts->doc->title_number, "year", year,
                                  (char *)NULL);
    const char *line = np_expand(ts->arena, ts->lang->labels[NP_LABEL_ADOPTED_SC],
                                 "meeting", a->meeting, "date", adoption_date(ts),
                                 (char *)NULL);
    if (line_part(ts, flow, title, l->adoption, l->adoption_gap, 0) < 0)
        return -1;
    return line_part(ts, flow, line, l->council_line, l->council_line_gap,
                     l->council_line_after);
}

int np_adopted_front(np_ts *ts, np_flow *flow)
{
    return ts->doc->organ_kind == NP_ORGAN_SC ? council_front(ts, flow)
                                              : assembly_front(ts, flow);
}

/* ---- the closing lines ---------------------------------------------- */

/* Moves lines [from, flow->n) against the right edge of the column
 * (the left one in a right-to-left language). */
static void align_end(np_ts *ts, np_flow *flow, size_t from)
{
    const np_layout *l = ts->layout;
    for (size_t i = from; i < flow->n; i++) {
        np_line *line = &flow->lines[i];
        double lo = 0, hi = 0;
        for (int k = 0; k < line->nsegs; k++) {
            const np_seg *s = &line->segs[k];
            lo = k == 0 || s->x < lo ? s->x : lo;
            hi = k == 0 || s->x + s->width > hi ? s->x + s->width : hi;
        }
        double shift = ts->lang->rtl ? l->body_left - lo
                                     : l->body_left + l->body_width - hi;
        for (int k = 0; k < line->nsegs; k++)
            line->segs[k].x += shift;
    }
}

static int closing_line(np_ts *ts, np_flow *flow, const char *text, double gap)
{
    const np_layout *l = ts->layout;
    np_node *holder = ordinal_text(ts, text);
    if (!holder)
        return -1;
    np_para_spec spec = {
        .style = l->closing, .first_x = l->body_left, .first_width = l->body_width,
        .rest_x = l->body_left, .rest_width = l->body_width,
        .keep_together = true, .keep_with_next = true,
        .space_before = gap,
    };
    size_t at = flow->n;
    flow->pending_space = 0;
    if (np_para_set(ts, holder->first, &spec, flow, NULL) < 0)
        return -1;
    align_end(ts, flow, at);
    return 0;
}

/* The General Assembly's and ECOSOC's closing lines: the meeting, then
 * the date; the Security Council says both under its title. */
int np_adopted_closing(np_ts *ts, np_flow *flow)
{
    const np_doc *d = ts->doc;
    const np_layout *l = ts->layout;
    if (!np_doc_adopted(d) || !d->adopted || d->organ_kind == NP_ORGAN_SC)
        return 0;
    /* never alone at the head of a page: the last line goes with them */
    if (flow->n > 0)
        flow->lines[flow->n - 1].keep_with_next = true;
    if (closing_line(ts, flow, d->adopted->meeting,
                     l->closing_gap - l->closing.leading) < 0)
        return -1;
    flow->lines[flow->n - 1].keep_with_next = true;
    if (closing_line(ts, flow, adoption_date(ts), 0) < 0)
        return -1;
    flow->lines[flow->n - 1].keep_with_next = false;
    return 0;
}
