/*
 * front.c - page 1's meeting block and title block to the flow of lines.
 *
 * The bodies, session and place in the layout's order, each agenda item
 * with its label and title, then the sponsors line, the title and the
 * subtitle (an adopted text's are adopted.c's), and the masthead's own
 * note calls hung on the first line.
 * Only lines are made here: where they fall on page 1 is paginate.c's
 * business, and the masthead itself is drawn by pages.c.
 */
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

/* One part of the meeting block, `width` wide, `after` above the next
 * part. */
static int meeting_line(np_ts *ts, np_flow *flow, const char *text,
                        np_text_style style, double width, double after)
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
    holder.first = holder.last = &t;
    return np_para_set(ts, holder.first, &spec, flow, NULL);
}

static int agenda_lines(np_ts *ts, np_flow *flow, const np_agenda_item *a)
{
    const np_layout *l = ts->layout;
    const char *templ = ts->lang->labels[a->provisional
        ? NP_LABEL_AGENDA_PROVISIONAL : NP_LABEL_AGENDA];
    const char *label = np_expand(ts->arena, templ, "number", a->number, (char *)NULL);
    if (a->star)
        label = np_arena_printf(ts->arena, "%s%s", label, a->star->mark);
    if (meeting_line(ts, flow, label, l->item_label, l->meeting_width, 0) < 0)
        return -1;
    if (a->star && flow->n > 0
        && np_line_add_call(ts, &flow->lines[flow->n - 1], a->star) < 0)
        return -1;
    /* an item's title, then its sub-items' titles after <br/>s */
    np_para_spec spec = {
        .style = l->item_title, .first_x = l->frame_left,
        .first_width = l->meeting_width, .rest_x = l->frame_left,
        .rest_width = l->meeting_width, .keep_together = true,
        .keep_with_next = true, .star_calls = true,
    };
    return np_para_set(ts, a->title->first, &spec, flow, NULL);
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
                         l->meeting_body_width, l->meeting_body_after[k]) < 0)
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
                                l->meeting_width, 0);
        if (rc < 0)
            return -1;
    }
    for (const np_agenda_item *a = d->agenda; a; a = a->next) {
        size_t at = flow->n;
        if (agenda_lines(ts, flow, a) < 0)
            return -1;
        if (a != d->agenda && at < flow->n)
            flow->lines[at].space_before += l->meeting_item_space;
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
    double after = d->subtitle ? 0 : draft ? l->draft_title_after
                                           : l->title_block_after;
    if (np_title_part(ts, flow, d->sponsors, l->sponsors, l->sponsors_gap, 0) < 0
        || np_title_part(ts, flow, d->title, title, title_gap, after) < 0
        || np_title_part(ts, flow, d->subtitle, l->subtitle, l->subtitle_gap,
                      l->title_block_after) < 0)
        return -1;
    if (flow->n > 0)
        flow->lines[0].at_top = true;
    return masthead_calls(ts, flow);
}
