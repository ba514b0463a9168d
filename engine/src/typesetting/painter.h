/*
 * painter.h - what drawing a page needs, shared by pages.c (the lines,
 * notes and running heads of every page) and masthead.c (page 1's
 * masthead and footer): the painter, which keeps the first failure of
 * the back end so that drawing goes on without checks at every call,
 * and the helpers that set the text and rules of the page furniture.
 * Internal to the two: the rest of the engine calls np_pages_prepare
 * and np_pages_draw (typeset.h).
 */
#ifndef NP_PAINTER_H
#define NP_PAINTER_H

#include <stdbool.h>
#include "typesetting/typeset.h"

/* The drawing of one render's pages. After the back end's first
 * failure, kept in rc, the helpers draw nothing more. */
typedef struct painter {
    np_ts *ts;
    np_out *out;
    int page_count;
    int rc;
    bool mirror;                /* a right-to-left page */
    unsigned shrunk;            /* fields set smaller (bits of np_field):
                                   each is warned about once */
    bool furniture;             /* lines drawn now are page furniture */
    bool landscape;             /* the page being drawn is a turned one */
    bool turned;                /* its furniture is being drawn, turned */
} painter;

/* The fields of the page furniture that may have to be set smaller. */
typedef enum np_field {
    F_SYMBOL = 1, F_ORGAN = 2, F_JOB = 4, F_HEADER = 8, F_FOOTER = 16,
    F_ORG = 32, F_DISTRIBUTION = 64
} np_field;

/* pages.c */
/* Text of the page furniture, its left edge at x, right to left when
 * it holds text of a right-to-left language. */
void np_paint_text_at(painter *p, const char *text, np_text_style st,
                      double x, double y);
double np_paint_width(painter *p, const char *text, np_text_style st);
/* x, mirrored about the body's column on a right-to-left page. */
double np_paint_page_x(const painter *p, double x, double w);
/* np_paint_text_at, for a place given as on a left-to-right page. */
void np_paint_text_placed(painter *p, const char *text, np_text_style st,
                          double x, double y);
/* Warns, once a field, that `text` is set at size `to`, not `from`. */
void np_paint_shrunk(painter *p, np_field field, const char *text,
                     double from, double to);
/* `st`, smaller if need be so that `text` fits in `room` points. */
np_text_style np_paint_fit(painter *p, np_field field, const char *text,
                           np_text_style st, double room);
/* Marks what is drawn next for a reader of a tagged PDF. */
void np_paint_mark(painter *p, int elem);
/* A rule across from x0 to x1, stroked along y; none when w is 0. */
void np_paint_rule(painter *p, double x0, double x1, double y, double w);
/* `templ` with its fields filled for page `page`. */
const char *np_paint_template(painter *p, const char *templ, int page);

/* masthead.c */
/* Page 1's masthead and footer, with its QR code and recycling mark. */
void np_masthead_draw(painter *p);
/* Measures the masthead's texts, so that the faces they need are
 * loaded before the back end begins. */
void np_masthead_measure(painter *p);

#endif
