/*
 * front.c - page 1's meeting block and title block to the flow of lines.
 *
 * The bodies, session and place in the layout's order, each agenda item
 * with its label and title, then the sponsors line, the title and the
 * subtitle (an adopted text's are adopted.c's), and the masthead's own
 * note calls hung on the first line.
 * Only lines are made here: where they fall on page 1 is paginate.c's
 * business, and the masthead itself is drawn by masthead.c.
 */
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

/* One part of the meeting block, `width` wide, `after` above the next
 * part; `star`, when not NULL, is a note it calls. */
static int meeting_line(np_ts *ts, np_flow *flow, const char *text,
                        np_text_style style, double width, double after,
                        np_footnote *star)
{
    if (!text || !text[0])
        return 0;
    const np_layout *l = ts->layout;
    np_para_spec spec = {
        .style = style, .first_x = l->frame_left, .first_width = width,
        .rest_x = l->frame_left, .rest_width = width,
        .keep_together = true, .keep_with_next = true, .star_calls = true,
        .space_after = after,
    };
    np_node holder = { .kind = NP_K_INLINE };
    np_node t = { .kind = NP_K_TEXT, .text = text, .len = strlen(text) };
    /* the call, glued to the text, is set as the call it is (in the
     * star font, on the baseline) and read as a Reference */
    np_node call = { .kind = NP_K_FNREF, .note = star, .parent = &holder };
    holder.first = holder.last = &t;
    t.parent = &holder;
    if (star)
        t.next = holder.last = &call;
    int outer = np_tag_enter(ts, "P");
    int rc = np_para_set(ts, holder.first, &spec, flow, NULL);
    np_tag_leave(ts, outer);
    return rc;
}

/* The numbers of the items of one label: "15", "15 and 116",
 * "15, 16 and 116", joined as the language joins them. */
static const char *item_numbers(np_ts *ts, const np_agenda_item *a, int count)
{
    const char *first = a->number;
    for (int k = 1; k < count - 1 && first; k++) {
        a = a->next;
        first = np_arena_printf(ts->arena, "%s, %s", first, a->number);
    }
    if (count < 2 || !first)
        return first;
    return np_expand(ts->arena, ts->lang->labels[NP_LABEL_AND], "first", first,
                     "last", a->next->number, (char *)NULL);
}

/* "Item 3 of the provisional agenda*", or for the `count` items from
 * `a`, which share it, "Items 15 and 116 of the provisional agenda*";
 * each star of theirs once. */
/* The star note of the first of `count` items from `a` that has one. */
static const np_footnote *first_star(const np_agenda_item *a, int count)
{
    for (int k = 0; k < count && a; k++, a = a->next)
        if (a->star)
            return a->star;
    return NULL;
}

/* The label; the marks of the items' star notes after it, but for
 * `called`, drawn as a call of its own. */
static const char *agenda_label(np_ts *ts, const np_agenda_item *a, int count,
                                const np_footnote *called)
{
    np_label which = a->provisional
        ? (count > 1 ? NP_LABEL_AGENDA_ITEMS_PROVISIONAL : NP_LABEL_AGENDA_PROVISIONAL)
        : (count > 1 ? NP_LABEL_AGENDA_ITEMS : NP_LABEL_AGENDA);
    const char *label = np_expand(ts->arena, ts->lang->labels[which],
                                  count > 1 ? "numbers" : "number",
                                  item_numbers(ts, a, count), (char *)NULL);
    const np_footnote *last = NULL;
    for (int k = 0; k < count && label; k++, a = a->next)
        if (a->star && a->star != last && a->star != called) {
            label = np_arena_printf(ts->arena, "%s%s", label, a->star->mark);
            last = a->star;
        }
    return label;
}

/* The label of the `count` items from `a`, then each one's title (an
 * item's title, then its sub-items' after <br/>s). */
static int agenda_lines(np_ts *ts, np_flow *flow, const np_agenda_item *a,
                        int count)
{
    const np_layout *l = ts->layout;
    /* in a tagged PDF the first star is drawn as the call it is, so
     * that a reader gets it as a Reference to its note */
    const np_footnote *star = ts->tagged ? first_star(a, count) : NULL;
    const char *label = agenda_label(ts, a, count, star);
    if (!label || meeting_line(ts, flow, label, l->item_label, l->meeting_width, 0,
                               (np_footnote *)star) < 0)
        return -1;
    const np_agenda_item *it = a;
    for (int k = 0; k < count; k++, it = it->next)
        if (it->star && (k == 0 || it->star != a->star) && flow->n > 0
            && np_line_add_call(ts, &flow->lines[flow->n - 1], it->star) < 0)
            return -1;
    np_para_spec spec = {
        .style = l->item_title, .first_x = l->frame_left,
        .first_width = l->meeting_width, .rest_x = l->frame_left,
        .rest_width = l->meeting_width, .keep_together = true,
        .keep_with_next = true, .star_calls = true,
    };
    int outer = np_tag_enter(ts, "P"), rc = 0;
    for (int k = 0; k < count && rc == 0; k++, a = a->next)
        rc = np_para_set(ts, a->title->first, &spec, flow, NULL);
    np_tag_leave(ts, outer);
    return rc;
}

/* How many items from `a` share one label: those in a row with its
 * provisional value (FORMAT v1.1). */
static int sharing_label(const np_agenda_item *a)
{
    int count = 1;
    for (const np_agenda_item *b = a->next; b && b->provisional == a->provisional;
         b = b->next)
        count++;
    return count;
}

_Static_assert(sizeof ((np_layout *)0)->meeting_body / sizeof (np_text_style)
               == NP_MEETING_BODIES, "a layout has a style for each body");

/* The bodies holding the meeting, each in its own style and with its
 * own space after (Geneva: the commission, its committee and a forum
 * in three), on a measure of their own. */
static int meeting_bodies(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    const np_doc *d = ts->doc;
    for (int k = 0; k < d->meeting_body_count; k++)
        if (meeting_line(ts, flow, d->meeting_bodies[k], l->meeting_body[k],
                         l->meeting_body_width, l->meeting_body_after[k],
                         NULL) < 0)
            return -1;
    return 0;
}

/* Bodies, session and place in the layout's order (New York committees:
 * the session first), then each agenda item, the next one
 * meeting.item-space further down. */
static int meeting_block(np_ts *ts, np_flow *flow)
{
    const np_doc *d = ts->doc;
    const np_layout *l = ts->layout;
    const char *text[NP_MEETING_PARTS] = { NULL, d->session, d->place };
    const np_text_style *style[NP_MEETING_PARTS] = { NULL, &l->session, &l->place };
    int order[NP_MEETING_PARTS];
    if (!np_meeting_order(l->meeting_order, order))
        return -1;              /* cannot happen: the loader checked it */
    for (int k = 0; k < NP_MEETING_PARTS; k++) {
        int part = order[k];
        int rc = part == NP_MEETING_BODY ? meeting_bodies(ts, flow)
                 : meeting_line(ts, flow, text[part], *style[part],
                                l->meeting_width, 0, NULL);
        if (rc < 0)
            return -1;
    }
    for (const np_agenda_item *a = d->agenda; a;) {
        size_t at = flow->n;
        int count = sharing_label(a);
        if (agenda_lines(ts, flow, a, count) < 0)
            return -1;
        if (a != d->agenda && at < flow->n)
            flow->lines[at].space_before += l->meeting_item_space;
        while (count-- > 0)
            a = a->next;
    }
    return 0;
}

int np_title_part(np_ts *ts, np_flow *flow, const np_node *inl,
                      np_text_style style, double gap, double after)
{
    if (!inl)
        return 0;
    const np_layout *l = ts->layout;
    np_para_spec spec = {
        .style = style, .first_x = l->body_left, .first_width = l->body_width,
        .rest_x = l->body_left, .rest_width = l->body_width,
        .keep_together = true, .keep_with_next = true, .star_calls = true,
        .space_before = flow->n ? gap - style.leading : 0,
        .space_after = after,
    };
    flow->pending_space = 0;
    return np_para_set(ts, inl->first, &spec, flow, NULL);
}

/* A part of the title block as a structure element of type `role`. */
static int tagged_part(np_ts *ts, np_flow *flow, const char *role,
                       const np_node *inl, np_text_style style, double gap,
                       double after)
{
    if (!inl)
        return 0;
    int outer = np_tag_enter(ts, role);
    int rc = np_title_part(ts, flow, inl, style, gap, after);
    np_tag_leave(ts, outer);
    return rc;
}

/* Notes called from the masthead ("Original : anglais*") belong to
 * page 1: hang them on the first line of the flow. */
static int masthead_calls(np_ts *ts, np_flow *flow)
{
    const np_node *orig = ts->doc->original_notes;
    if (!orig || flow->n == 0)
        return 0;
    for (const np_node *n = orig->first; n; n = n->next)
        if (n->kind == NP_K_FN && n->note
            && np_line_add_call(ts, &flow->lines[0], n->note) < 0)
            return -1;
    return 0;
}

int np_front_matter(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    const np_doc *d = ts->doc;
    if (meeting_block(ts, flow) < 0)
        return -1;
    if (np_doc_adopted(d) && d->adopted) {
        if (np_adopted_front(ts, flow) < 0
            || np_title_part(ts, flow, d->subtitle, l->subtitle, l->subtitle_gap,
                             l->title_block_after) < 0)
            return -1;
        if (flow->n > 0)
            flow->lines[0].at_top = true;
        return masthead_calls(ts, flow);
    }
    /* A draft's title is set smaller, closer under its sponsors line
     * (a draft without sponsors, under the meeting block). */
    bool draft = d->sponsors || d->kind == NP_DOC_DRAFT_RESOLUTION
                 || d->kind == NP_DOC_DRAFT_DECISION;
    np_text_style title = draft ? l->draft_title : l->title;
    double title_gap = d->sponsors ? l->draft_title_gap : l->title_gap;
    /* a corrigendum's or addendum's label closes the title block */
    bool labelled = d->kind == NP_DOC_CORRIGENDUM || d->kind == NP_DOC_ADDENDUM;
    double after = d->subtitle || labelled ? 0
                   : draft ? l->draft_title_after : l->title_block_after;
    if (tagged_part(ts, flow, "P", d->sponsors, l->sponsors, l->sponsors_gap, 0) < 0
        || tagged_part(ts, flow, "H1", d->title, title, title_gap, after) < 0
        || tagged_part(ts, flow, "P", d->subtitle, l->subtitle, l->subtitle_gap,
                       labelled ? 0 : l->title_block_after) < 0
        || np_kind_label_set(ts, flow) < 0)
        return -1;
    if (flow->n > 0)
        flow->lines[0].at_top = true;
    return masthead_calls(ts, flow);
}
