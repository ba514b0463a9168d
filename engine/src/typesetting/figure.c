/*
 * figure.c - a figure: its label and caption, then its picture.
 *
 * As in UN reports, a figure is labelled "Figure I", "Figure II", ...
 * (the language file's figure-caption) over its caption's title in
 * bold, whether the caption stands before or after the <img> in the
 * description, and the picture follows, centred in the column. Its
 * width is the <img>'s width, or its pixels at 96 per inch; a picture
 * wider than the column, or taller than a page's body, is scaled down
 * to fit, keeping its proportions. The picture is one line of the flow,
 * as tall as the picture, kept with its caption.
 *
 * Not done here: reading and checking the PNG (api/figures.c), drawing
 * it (pages.c hands it to the back end).
 */
#include "document/numbering.h"
#include "typesetting/typeset.h"

/* Points per pixel of a picture given no width: 96 pixels an inch. */
#define PT_PER_PIXEL 0.75

static const np_node *child(const np_node *n, np_kind kind)
{
    for (const np_node *c = n->first; c; c = c->next)
        if (c->kind == kind)
            return c;
    return NULL;
}

/* The picture's size on the page: as asked, within the column and a
 * page's body. */
static void picture_size(const np_ts *ts, const np_node *img, double width,
                         double *w, double *h)
{
    const np_layout *l = ts->layout;
    double px_w = img->pixels_w, px_h = img->pixels_h;
    *w = img->width_pt > 0 ? img->width_pt : px_w * PT_PER_PIXEL;
    if (*w > width)
        *w = width;
    *h = px_w > 0 ? *w * px_h / px_w : 0;
    double room = l->body_bottom - l->body_first_baseline;
    if (*h > room) {
        *w *= room / *h;
        *h = room;
    }
}

static int picture_line(np_ts *ts, np_flow *flow, const np_node *img,
                        double left, double width)
{
    double w, h;
    picture_size(ts, img, width, &w, &h);
    np_line *line = np_flow_push(ts, flow);
    if (!line)
        return -1;
    np_line_more *more = np_line_more_make(ts, line);
    if (!more)
        return -1;
    more->image = img->image;
    more->image_x = left + (width - w) / 2;
    more->image_w = w;
    more->image_h = h;
    /* a Figure saying the alt text, beside the Caption */
    more->image_tag = np_tag_new(ts, ts->tag, "Figure");
    np_out_elem *e = np_tag_get(ts, more->image_tag);
    if (e)
        e->alt = img->alt;
    line->leading = h;
    line->space_before = ts->layout->para_space;
    flow->pending_space = ts->layout->table_space_after;
    return 0;
}

int np_figure_set(np_ts *ts, np_flow *flow, const np_node *figure,
                  double left, double width)
{
    char num[32];
    if (np_format_number(NP_NUM_ROMAN_UPPER, figure->seq, num, sizeof num) < 0)
        return -1;
    const char *label = np_expand(ts->arena, ts->lang->labels[NP_LABEL_FIGURE_CAPTION],
                                  "number", num, (char *)NULL);
    const np_node *img = child(figure, NP_K_IMG);
    if (!label || np_caption_set(ts, flow, label, child(figure, NP_K_CAPTION),
                                 left, width) < 0)
        return -1;
    if (flow->n > 0)
        flow->lines[flow->n - 1].keep_with_next = true;
    return img && img->image ? picture_line(ts, flow, img, left, width) : 0;
}
