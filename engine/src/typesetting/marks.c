/*
 * marks.c - the marks at the foot of page 1: the QR code of the
 * document's address and the "Please recycle" mark.
 *
 * The QR code's text is the layout's template over {lang} and {symbol}
 * (the UN's is https://docs.un.org/{lang}/{symbol}), the symbol
 * percent-encoded where a URL needs it; qr.c makes the modules, drawn
 * here as a stencil of one cell a module (an image mask in the PDF, as
 * the real pages have it), the symbol filling the layout's square. The quiet zone around it
 * (in modules) must stay clear of the text column and the recycling
 * mark: when it does not, a warning says so, since a code crowded by
 * print may not scan.
 *
 * The recycling mark is drawn here too, not taken from a picture: three
 * outlined arrows chasing one another along the sides of a triangle,
 * with the
 * language's label set before it, both ending at the layout's right
 * edge. Not done here: the job line and its barcode (masthead.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "typesetting/qr.h"
#include "typesetting/typeset.h"

typedef struct box {
    double x0, y0, x1, y1;
} box;

static bool overlap(box a, box b)
{
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

/* ---- the recycling mark ------------------------------------------ */

typedef struct pt {
    double x, y;
} pt;

#define ARROW_POINTS 7
#define PI 3.14159265358979323846

static pt add(pt a, pt b, double k)
{
    return (pt){ a.x + k * b.x, a.y + k * b.y };
}

static pt unit(pt from, pt to)
{
    double dx = to.x - from.x, dy = to.y - from.y, len = hypot(dx, dy);
    return (pt){ dx / len, dy / len };
}

/* The outline of the arrow along the side from corner `a` to corner
 * `b`: a band astride the side, its tail cut parallel to the side
 * before `a` (so that it seems to come round the corner), its head
 * pointing at `b`, short of the next arrow's tail. In units of the
 * side: the band from 0.12 to 0.62, 0.08 each side of the side's line,
 * the head 0.17 each side, its tip at 0.88. */
static void arrow(pt a, pt b, pt centre, pt out[ARROW_POINTS])
{
    double s = hypot(b.x - a.x, b.y - a.y);
    pt u = unit(a, b), n = { -u.y, u.x };
    if ((centre.x - a.x) * n.x + (centre.y - a.y) * n.y < 0)
        n = (pt){ -n.x, -n.y };                 /* n points inwards */
    double d = 0.08 * s, h = 0.17 * s, slant = d / tan(PI / 3);
    pt at[ARROW_POINTS][2] = {
        { { 0.12 * s - slant, 0 }, { -d, 0 } }, { { 0.62 * s, 0 }, { -d, 0 } },
        { { 0.62 * s, 0 }, { -h, 0 } }, { { 0.88 * s, 0 }, { 0, 0 } },
        { { 0.62 * s, 0 }, { h, 0 } }, { { 0.62 * s, 0 }, { d, 0 } },
        { { 0.12 * s + slant, 0 }, { d, 0 } },
    };
    for (int i = 0; i < ARROW_POINTS; i++)
        out[i] = add(add(a, u, at[i][0].x), n, at[i][1].x);
}

/* The three arrows round an equilateral triangle, mapped into the
 * square of side `s` whose top-right corner is (right, top). */
static void recycle_outline(double right, double top, double s,
                            pt arrows[3][ARROW_POINTS])
{
    pt c[3], centre = { 0, 0 };
    for (int k = 0; k < 3; k++) {
        double a = -PI / 2 + k * 2 * PI / 3;    /* the top corner first */
        c[k] = (pt){ 0.5 * cos(a), 0.5 * sin(a) };
    }
    box b = { 1e9, 1e9, -1e9, -1e9 };
    for (int k = 0; k < 3; k++) {
        arrow(c[k], c[(k + 1) % 3], centre, arrows[k]);
        for (int i = 0; i < ARROW_POINTS; i++) {
            b.x0 = fmin(b.x0, arrows[k][i].x);
            b.y0 = fmin(b.y0, arrows[k][i].y);
            b.x1 = fmax(b.x1, arrows[k][i].x);
            b.y1 = fmax(b.y1, arrows[k][i].y);
        }
    }
    double scale = s / fmax(b.x1 - b.x0, b.y1 - b.y0);
    double ox = right - s + (s - (b.x1 - b.x0) * scale) / 2;
    double oy = top + (s - (b.y1 - b.y0) * scale) / 2;
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < ARROW_POINTS; i++)
            arrows[k][i] = (pt){ ox + (arrows[k][i].x - b.x0) * scale,
                                 oy + (arrows[k][i].y - b.y0) * scale };
}

/* An outline edge, lengthened by half the line's width at each end so
 * that the butt ends of two edges meeting at a corner close it. */
static int edge(np_out *out, pt a, pt b, double w)
{
    pt u = unit(a, b);
    pt from = add(a, u, -w / 2), to = add(b, u, w / 2);
    return out->ops->rule(out->self, from.x, from.y, to.x, to.y, w);
}

static box recycle_box(np_ts *ts, double *label_w)
{
    const np_layout *l = ts->layout;
    const char *label = ts->lang->labels[NP_LABEL_PLEASE_RECYCLE];
    double w = np_text_width(ts, l->recycle_label, label, strlen(label));
    *label_w = w;
    return (box){ l->recycle_right - l->recycle_height - l->recycle_gap - w,
                  l->recycle_top, l->recycle_right,
                  l->recycle_top + l->recycle_height };
}

/* The label's size: smaller, with a warning, when the language's label
 * would start left of the page's edge. */
static double recycle_label_size(np_ts *ts, double label_w)
{
    const np_layout *l = ts->layout;
    const char *label = ts->lang->labels[NP_LABEL_PLEASE_RECYCLE];
    double room = l->recycle_right - l->recycle_height - l->recycle_gap;
    double size = l->recycle_label.size;
    if (label_w <= room || label_w <= 0)
        return size;
    double smaller = room > 0 ? size * room / label_w : 0;
    np_report(ts->diags, ts->file, (np_pos){ 0, 0 }, NP_MSG_SHRUNK, label,
              strlen(label) > 40 ? "..." : "", smaller, size);
    return smaller;
}

static int draw_recycle(np_ts *ts, np_out *out)
{
    const np_layout *l = ts->layout;
    const char *label = ts->lang->labels[NP_LABEL_PLEASE_RECYCLE];
    double label_w;
    box b = recycle_box(ts, &label_w);
    double size = recycle_label_size(ts, label_w);
    if (size < l->recycle_label.size)
        b.x0 = l->recycle_right - l->recycle_height - l->recycle_gap
               - label_w * size / l->recycle_label.size;
    np_text_style st = l->recycle_label;
    st.size = size;
    if (label[0] && np_draw_text(ts, out, label, st, b.x0, l->recycle_baseline,
                                 ts->lang->rtl) < 0)
        return -1;
    pt arrows[3][ARROW_POINTS];
    recycle_outline(l->recycle_right, l->recycle_top, l->recycle_height, arrows);
    double w = l->recycle_height / 60;      /* a fine outline, as printed */
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < ARROW_POINTS; i++)
            if (edge(out, arrows[k][i], arrows[k][(i + 1) % ARROW_POINTS], w) < 0)
                return -1;
    return 0;
}

/* ---- the QR code ------------------------------------------------- */

/* The symbol for a URL: letters, digits and - . _ ~ / as they are,
 * every other byte as %XX. */
static const char *url_part(np_arena *arena, const char *s)
{
    size_t n = strlen(s);
    char *out = np_arena_alloc(arena, 3 * n + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; out && *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')
            || (*p >= '0' && *p <= '9') || strchr("-._~/", *p))
            *o++ = (char)*p;
        else
            o += sprintf(o, "%%%02X", *p);
    }
    if (out)
        *o = '\0';
    return out;
}

static void check_quiet_zone(np_ts *ts, double module)
{
    const np_layout *l = ts->layout;
    double q = l->qr_quiet_zone * module, label_w;
    box zone = { l->qr_x - q, l->qr_y - q, l->qr_x + l->qr_size + q,
                 l->qr_y + l->qr_size + q };
    box column = { l->body_left, l->heavy_rule_y, l->body_left + l->body_width,
                   l->first_page_body_bottom };
    const char *what = overlap(zone, column) ? "the text column"
        : l->recycle && overlap(zone, recycle_box(ts, &label_w)) ? "the recycling mark"
        : zone.x0 < 0 || zone.y0 < 0 || zone.x1 > l->page_width
          || zone.y1 > l->page_height ? "the page's edge" : NULL;
    if (what)
        np_report(ts->diags, ts->file, (np_pos){ 0, 0 }, NP_MSG_QR_CROWDED,
                  l->qr_quiet_zone, what);
}

static int draw_qr(np_ts *ts, np_out *out)
{
    const np_layout *l = ts->layout;
    const char *text = np_expand(ts->arena, l->qr_text, "lang", ts->lang->code,
                                 "symbol", url_part(ts->arena, ts->doc->symbol),
                                 (char *)NULL);
    np_qr qr;
    if (!text || np_qr_encode(ts->arena, text, l->qr_level, &qr) < 0) {
        np_report(ts->diags, ts->file, (np_pos){ 0, 0 }, NP_MSG_NO_QR,
                  text ? text : "");
        return 0;
    }
    double m = l->qr_size / qr.width;
    check_quiet_zone(ts, m);
    /* a reader gets what a phone would: the address it encodes */
    int figure = np_tag_new(ts, 0, "Figure");
    np_out_elem *e = np_tag_get(ts, figure);
    if (e)
        e->alt = text;
    if (np_tag_mark(ts, out, figure) < 0)
        return -1;
    return out->ops->stencil(out->self, qr.dark, qr.width, qr.width, l->qr_x,
                             l->qr_y, l->qr_size, l->qr_size);
}

int np_marks_draw(np_ts *ts, np_out *out)
{
    const np_layout *l = ts->layout;
    if (l->qr && draw_qr(ts, out) < 0)
        return -1;
    if (l->recycle && (np_tag_mark(ts, out, NP_MARK_LAYOUT) < 0
                       || draw_recycle(ts, out) < 0))
        return -1;
    return 0;
}
