/*
 * out.h - the page output interface between layout and back ends.
 *
 * Layout produces pages of positioned text runs, rules, filled
 * rectangles, links and bookmarks, and hands them to a back end through
 * this table of functions: the back ends of output/ (backends.h)
 * implement it: out_pdf.c writes a PDF with libharu, out_dump.c a
 * plain-text dump used by the golden tests. It lives with typesetting,
 * which fills it, so that layout never includes a back end's header.
 *
 * Coordinates are PostScript points with x from the left edge and y from
 * the TOP edge of the page (as the house-style measurements are given);
 * the back end converts. A text run's y is its baseline.
 */
#ifndef NP_OUT_H
#define NP_OUT_H

#include <stddef.h>
#include <stdint.h>
#include "notepress.h"
#include "ground/diag.h"

struct np_face;                 /* font.h */
struct np_image;                /* image.h */

/* One element of the structure tree of a tagged PDF: what a part of
 * the page is to a reader (a heading, a list item, a table cell...).
 * Elements are numbered by their index in np_out_tree; 0 is the root,
 * the Document. An element's children are read in the order their
 * content is first drawn: layout draws in reading order, and an element
 * nothing was drawn for is left out. */
typedef struct np_out_elem {
    int parent;                 /* index; -1 for the root */
    const char *role;           /* a standard structure type: "P", "H2",
                                   "LI", "TH", "Note", "Figure"... */
    const char *alt;            /* alternative text (Figure), or NULL */
    const char *lang;           /* when it differs from the document's */
    const char *actual;         /* ActualText, or NULL */
    const char *scope;          /* TH: "Column" or "Row" */
    const char *id;             /* a unique ID (Note), or NULL */
    int ref;                    /* Reference: its Note, Note: -1 */
    int colspan;                /* TH, TD: 0 or 1 for one column */
} np_out_elem;

/* The structure tree, which layout fills as it sets the document, and
 * the back end reads by index while drawing and at the end: elems may
 * move as it grows, so a back end keeps no pointer into it. */
typedef struct np_out_tree {
    np_out_elem *elems;
    size_t n, cap;
} np_out_tree;

/* What a mark (np_out_ops.mark) may name besides an element: the page
 * furniture, which a reader skips. */
enum {
    NP_MARK_PAGINATION = -1,    /* running heads, page and job numbers,
                                   barcode */
    NP_MARK_LAYOUT = -2         /* rules, the footnote separator */
};

/* Facts for the document's metadata; every string is UTF-8 and may be
 * NULL. The back end copies what it keeps. */
typedef struct np_out_meta {
    const char *title;
    const char *subject;        /* the document symbol */
    const char *author;         /* the organ */
    const char *lang;           /* "fr", "en", ... */
    const char *creator;        /* "notepress 0.1.0" */
    long long time;             /* creation date, seconds since epoch; <0: none */
    /* The faces, by index: np_out_text.font refers to these. The PDF
     * back end embeds the glyphs each shows; the faces outlive the
     * back end. */
    const struct np_face *const *faces;
    int font_count;
    /* PDF/A-1b: the PDF back end adds what the standard asks (XMP
     * metadata, an sRGB output intent read from `icc_path`, or from
     * Debian's Ghostscript profile when NULL, font CIDSets, an /ID
     * derived from the content). Back ends without it ignore both. */
    int pdfa;
    const char *icc_path;
    /* A tagged PDF: its structure tree, complete once the last page is
     * drawn; NULL for an untagged one. */
    const np_out_tree *tree;
    /* Where the file goes, for the parts a back end writes as they
     * are made (the PDF's pages' contents as the pages end), before
     * end_document gets the same function for the rest; NULL: all at
     * the end. A back end that writes nothing early ignores it. */
    np_write_fn write;
    void *write_ud;
} np_out_meta;

/* One glyph of a shaped run (Arabic, Chinese), drawn in visual order.
 * `text` and `text_len` are the bytes of the run's text (logical order)
 * that the glyph shows, so that a reader copying or searching the page
 * gets the characters back: a ligature shows several, the second glyph
 * of one character none. */
typedef struct np_out_glyph {
    uint32_t id;                /* glyph id in the run's face */
    double advance;             /* points to the next glyph's origin,
                                   justification included */
    double dx, dy;              /* the glyph's offset from its origin,
                                   points, dy up (marks) */
    uint32_t text, text_len;
    int width;                  /* its advance as shaped, 1/1000 em */
} np_out_glyph;

/* One run of text in one font at one size, on one baseline. Every
 * U+0020 space in `text` is drawn `space_extra` points wider than the
 * font's space: that is how lines are justified (PDF word spacing does
 * not apply to the two-byte encoding used for embedded TrueType fonts).
 * The advance of character i is, in points:
 *     (its width in 1/1000 em + kern[i]) * size * scale / 1000 + tracking
 * (+ space_extra for a space): the layout measured it so. */
typedef struct np_out_text {
    int font;
    double size;
    double x, y;
    const char *text;           /* UTF-8, not NUL-terminated */
    size_t len;
    double space_extra;
    double tracking;            /* points after every character */
    double scale;               /* horizontal scale; 0 is taken as 1 */
    const int16_t *kern;        /* per character, 1/1000 em; or NULL */
    unsigned color;             /* 0xRRGGBB of the glyphs; 0 black */
    /* A shaped run: drawn as these glyphs from x, left to right, with
     * `text` the characters they show in logical order; space_extra,
     * tracking, scale and kern do not apply. NULL: `text` is drawn one
     * glyph per character, as the face maps it. */
    const np_out_glyph *glyphs;
    size_t nglyphs;
    /* What a reader gets instead of the glyphs (ActualText) of a word
     * hyphenated across lines: text[0..silent) (its second part, at the
     * start of the line) reads as nothing, and text[actual_from..len)
     * (its first part, at the end of the line) as `actual`, the whole
     * word, when `actual` is not NULL. Back ends that keep no
     * structure ignore both. */
    size_t silent;
    const char *actual;
    size_t actual_from;
    /* The run ends a line broken at a space: a reader of a tagged PDF
     * gets that space, drawn and taken back, so that the last word of
     * the line and the first of the next do not run together. */
    bool space_after;
} np_out_text;

typedef struct np_out_ops {
    int (*begin_document)(void *self, const np_out_meta *meta);
    int (*begin_page)(void *self, double width, double height);
    int (*text)(void *self, const np_out_text *run);
    /* A straight line from (x0,y0) to (x1,y1), `width` thick, black. */
    int (*rule)(void *self, double x0, double y0, double x1, double y1,
                double width);
    /* A filled black rectangle; (x,y) is its top-left corner. */
    int (*rect)(void *self, double x, double y, double w, double h);
    /* A live link over the box (x0,y0 top-left)-(x1,y1 bottom-right).
     * A URI "#name" goes to the destination `name` of this document
     * (named by `dest`, on this page or another, before or after). */
    int (*link)(void *self, double x0, double y0, double x1, double y1,
                const char *uri);
    /* Names height y of the current page `name`, a target of "#name"
     * links. May be NULL in a back end that has no destinations. */
    int (*dest)(void *self, const char *name, double y);
    /* An image (decoded and deflated by image.c) scaled into the box of
     * top-left corner (x,y), w x h. May be NULL in a back end that draws
     * no images. */
    int (*image)(void *self, const struct np_image *img, double x, double y,
                 double w, double h);
    /* A black stencil of cols x rows square cells, cells[r * cols + c]
     * non-zero where a cell is dark, scaled into the box of top-left
     * corner (x,y), w x h: a QR code, drawn as the UN's pages draw it,
     * an image of its modules, sharp at any scale. */
    int (*stencil)(void *self, const unsigned char *cells, int cols, int rows,
                   double x, double y, double w, double h);
    /* What is drawn from now on belongs to element `elem` of the
     * structure tree (np_out_meta.tree), or is page furniture
     * (NP_MARK_*). Each page starts as page furniture. May be NULL in a
     * back end that keeps no structure. */
    int (*mark)(void *self, int elem);
    /* A bookmark at depth `level` (0 = top) pointing at height y of the
     * current page. */
    int (*bookmark)(void *self, int level, const char *title, double y);
    int (*end_page)(void *self);
    /* Turned (true): what is drawn from now on (text, rules, rectangles,
     * images, not links or destinations) is placed as on a portrait
     * page as tall as this one is wide, and that page lies turned on
     * this landscape one: its top edge along this page's right edge,
     * its text reading downwards (the running heads of a landscape page
     * in UN reports). false draws on the page itself again; a page ends
     * unturned. */
    int (*turn)(void *self, bool turned);
    /* Finishes the file and streams it to `write`. */
    int (*end_document)(void *self, np_write_fn write, void *write_ud);
    void (*free)(void *self);
} np_out_ops;

typedef struct np_out {
    const np_out_ops *ops;
    void *self;
} np_out;

#endif
