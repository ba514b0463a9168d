/*
 * out_pdf.h - what the parts of the PDF back end share: its state, its
 * error checks, and the calls one part makes into another.
 *
 *   out_pdf.c       the back end's life (made, begun, ended, freed) and
 *                   its errors
 *   out_pdf_draw.c  pages and what is drawn on them: text runs, rules,
 *                   rectangles, links, bookmarks
 *   out_pdf_image.c images and stencils (QR codes)
 *   out_pdf_meta.c  the document information and PDF/A: Info strings,
 *                   dates, language, XMP, output intent, CIDSet, /ID
 *   out_pdf_tags.c  the tagged PDF: marked content, the structure tree
 *                   gathered as pages are drawn (out_pdf_tags.h)
 *   out_pdf_struct.c  the structure tree written at the end
 *   out_pdf_save.c  packing and saving: page contents deflated as pages
 *                   end, other streams deflated, the file written out
 *                   (with object streams by pdf_objstm.c, but PDF/A)
 *
 * Not for the rest of the engine, which sees the back end through
 * typesetting/out.h and np_out_pdf_new (backends.h) only.
 */
#ifndef NP_OUT_PDF_H
#define NP_OUT_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ground/arena.h"
#include "ground/buf.h"
#include "ground/diag.h"
#include "output/backends.h"
#include "output/image.h"
#include "output/pack.h"
#include "output/pdf_font.h"
#include "output/pdf_obj.h"

#define NP_PDF_OUTLINE_DEPTH 16     /* deeper bookmarks hang at this depth */

/* The Info strings PDF/A mirrors into the XMP metadata, by index. */
enum { NP_META_TITLE, NP_META_SUBJECT, NP_META_AUTHOR, NP_META_CREATOR,
       NP_META_COUNT };

typedef struct np_pdf_face {
    const np_face *face;
    np_pdf_font *font;
    bool shared;                /* another index owns `font` */
} np_pdf_face;

typedef struct np_pdf_tags np_pdf_tags;

typedef struct np_pdf_out {
    const np_allocator *alloc;
    np_diags *diags;
    char *file;
    HPDF_Doc pdf;
    HPDF_STATUS error_no, detail_no;    /* first error libharu reported */
    bool failed;                        /* reported; later ops fail */
    bool begun;
    np_buf buf;                         /* scratch: strings, XMP;
                                           a failed append sticks */
    np_buf content;                     /* the page's content stream,
                                           ours until the page ends */
    /* drawing (out_pdf_draw.c) */
    np_pdf_face *fonts;
    int font_count;
    HPDF_Page page;                     /* NULL outside begin/end_page */
    double page_width, page_height;     /* as drawn on: the portrait
                                           page's while turned */
    bool turned;                        /* inside q ... cm (np_pdf_turn) */
    struct np_pdf_gcache {              /* the graphics state before q */
        int font;
        double size, tc, tz, line_width;
        unsigned fill;
        bool cap_set;
    } before_turn;
    unsigned links;                     /* on this page */
    bool in_text;                       /* inside BT ... ET */
    long long text_x, text_y;           /* its line start, in 1/1000 pt */
    bool cap_set;                       /* line cap written on this page */
    int cur_font;                       /* font and size last set, */
    double cur_size;                    /* -1 / 0 when none on this page */
    double cur_tc, cur_tz;              /* Tc and Tz last set: 0 and 100 */
    unsigned cur_fill;                  /* fill colour last set: 0 black */
    double line_width;                  /* -1: none set on this page */
    HPDF_Outline outline[NP_PDF_OUTLINE_DEPTH];  /* last entry per level */
    HPDF_Dict dests;                    /* the catalog's /Dests, or NULL */
    int outline_depth;
    np_pdf_tags *tags;                  /* NULL: untagged (out_pdf_tags.c) */
    /* metadata and PDF/A (out_pdf_meta.c) */
    bool pdfa;                          /* PDF/A-1 asked for: A-1a when
                                           tagged, else A-1b */
    bool ua;                            /* tagged: PDF/UA-1 declared */
    HPDF_MD5_CTX digest;                /* of every operation: the /ID */
    char *meta[NP_META_COUNT];          /* cleaned Info strings (PDF/A) */
    long long time;                     /* creation date; <0: none */
    /* packing and saving (out_pdf_save.c) */
    np_deflater *deflater;              /* this thread's, for every stream */
    np_packer *packer;                  /* deflates pages as they end */
    HPDF_Dict *packed;                  /* their content streams, in order */
    size_t packed_count, packed_cap;
    np_write_fn write;                  /* where bytes go: while saving,
                                           or from the first page's end
                                           when pages go out as they end */
    void *write_ud;
    unsigned char *chunk;               /* bytes gathered for write */
    size_t chunk_len;
    bool write_failed;
    struct np_pdf_saver *saver;         /* the file being written */
    bool early;                         /* pages' contents go out as the
                                           pages end */
} np_pdf_out;

/* o->buf emptied for the next content, string or packet built in it. */
static inline np_buf *np_pdf_scratch(np_pdf_out *o)
{
    o->buf.len = 0;
    if (o->buf.data)
        o->buf.data[0] = '\0';
    return &o->buf;
}

/* The page's content, for an operator to append to; then
 * np_pdf_content_check: -1, reported, when memory ran out appending
 * (a failed append sticks). */
static inline np_buf *np_pdf_content(np_pdf_out *o)
{
    return &o->content;
}

int np_pdf_content_check(np_pdf_out *o);

/* ---- out_pdf.c: errors ------------------------------------------------ */

void np_pdf_report(np_pdf_out *o, np_msg msg, ...);

/* Gives up on the document with a message of our own (misuse of the
 * interface, out of memory): `what` fills the message's %s. -1. */
int np_pdf_refuse(np_pdf_out *o, np_msg msg, const char *what);

/* 0 when libharu has recorded no error in the document; otherwise
 * reports the first error once, as met while `doing`, and gives up: -1.
 * libharu's error sticks (pdf_obj.h), so this checks every call made
 * since the last check. */
int np_pdf_check(np_pdf_out *o, const char *doing);

/* The same, also failing when a call returned `status` other than
 * HPDF_OK, or an object `p` that is NULL. */
int np_pdf_check_status(np_pdf_out *o, HPDF_STATUS status, const char *doing);
int np_pdf_check_ptr(np_pdf_out *o, const void *p, const char *doing);

/* Whether an operation may go on: nothing failed, the document began,
 * and, when `outside` names the operation, a page is open. 0 or -1. */
int np_pdf_usable(np_pdf_out *o, const char *outside);

/* ---- out_pdf_draw.c: the operations of typesetting/out.h ------------- */

int np_pdf_make_fonts(np_pdf_out *o, const np_out_meta *m);
int np_pdf_begin_page(void *self, double width, double height);
int np_pdf_text(void *self, const np_out_text *run);
int np_pdf_rule(void *self, double x0, double y0, double x1, double y1,
                double width);
int np_pdf_rect(void *self, double x, double y, double w, double h);
int np_pdf_image(void *self, const np_image *img, double x, double y,
                 double w, double h);
#define NP_PDF_STENCIL_MAX 512      /* cells a side; a QR code has 177 */
int np_pdf_stencil(void *self, const unsigned char *cells, int cols, int rows,
                   double x, double y, double w, double h);
int np_pdf_link(void *self, double x0, double y0, double x1, double y1,
                const char *uri);
int np_pdf_bookmark(void *self, int level, const char *title, double y);
int np_pdf_dest(void *self, const char *name, double y);
int np_pdf_end_page(void *self);
int np_pdf_turn(void *self, bool turned);
/* Shared by out_pdf_draw.c and out_pdf_image.c: leaving text for
 * graphics (the line cap written once a page), the fill colour, and
 * numbers each followed by a space. */
int np_pdf_begin_graphics(np_pdf_out *o);
int np_pdf_set_fill(np_pdf_out *o, unsigned rgb);
void np_pdf_put_numbers(np_buf *b, int n, const double *v);
/* Whether all four are finite numbers (positions handed to the back
 * end are checked before libharu sees them). */
bool np_pdf_finite4(double a, double b, double c, double d);

/* ---- out_pdf_meta.c: document information, PDF/A, the /ID digest ---- */

/* The Info dictionary, the catalog's /Lang and, for PDF/A, the output
 * intent (its ICC profile read now, so that a missing one fails before
 * any page). */
int np_pdf_meta_begin(np_pdf_out *o, const np_out_meta *m);

/* What PDF/A needs once every page is drawn: the XMP metadata, the
 * /ID. Nothing without PDF/A. */
int np_pdf_meta_end(np_pdf_out *o);

/* `utf8` as a PDF text string (UTF-16BE with a byte-order mark); NULL
 * when out of memory or longer than a PDF string holds, which
 * np_pdf_refuse_text then reports. */
HPDF_Binary np_pdf_text_string(np_pdf_out *o, const char *utf8);
int np_pdf_refuse_text(np_pdf_out *o);

/* The same string's bytes, in the scratch buffer until its next use. */
const np_buf *np_pdf_text_bytes(np_pdf_out *o, const char *utf8);

/* The next character of s[0..len) (len >= 1) as the code the font is
 * shown with; returns the bytes it took. */
size_t np_pdf_next_code(const char *s, size_t len, uint32_t *code);

/* The /ID digest, fed by every drawing operation with PDF/A (nothing
 * without): bytes; a string with its terminator; an operation and its
 * numbers. */
void np_pdf_digest(np_pdf_out *o, const void *p, size_t n);
void np_pdf_digest_str(np_pdf_out *o, const char *s);
void np_pdf_digest_op(np_pdf_out *o, char op, int n, const double *v);

/* ---- out_pdf_tags.c: the tagged PDF ---------------------------------- */

/* Keeps `tree` (NULL: untagged, and every call below does nothing). */
int np_pdf_tags_begin(np_pdf_out *o, const np_out_tree *tree);
void np_pdf_tags_free(np_pdf_out *o);
/* A new page: its /StructParents and /Tabs; page furniture first. */
int np_pdf_tags_page(np_pdf_out *o, HPDF_Page page);
/* np_out_ops.mark. */
int np_pdf_mark(void *self, int elem);
/* The marked-content sequence of what is drawn next opened (closing
 * the one before), or closed: around BT and ET, which a sequence must
 * not cross. */
int np_pdf_tags_open(np_pdf_out *o);
int np_pdf_tags_close(np_pdf_out *o);
/* Into `b`, a run's bytes: what follows is read as `utf8` (ActualText)
 * until np_pdf_tags_actual_end. 1 when so, 0 in an untagged PDF or in
 * page furniture (nothing written), -1 out of memory. */
int np_pdf_tags_actual(np_pdf_out *o, np_buf *b, const char *utf8, size_t len);
int np_pdf_tags_actual_end(np_pdf_out *o, np_buf *b);
/* A link annotation, in the Link element it belongs to. */
int np_pdf_tags_annot(np_pdf_out *o, HPDF_Annotation annot);
/* The structure tree and the catalog's declarations, once every page
 * is drawn. */
int np_pdf_tags_end(np_pdf_out *o);

/* ---- out_pdf_save.c: packing and saving ------------------------------ */

/* Hands the open page's content to the packer, to be deflated beside
 * the layout of the next pages. */
int np_pdf_pack_page(np_pdf_out *o);

/* A stream libharu reads `data` from without owning it (the emblem's
 * planes, made once for every document); NULL when out of memory. */
HPDF_Stream np_pdf_borrowed_stream(np_pdf_out *o, const unsigned char *data,
                                   size_t len);

/* np_pdf_program_fn (pdf_font.h) for np_pdf_out `self`: the program
 * deflated at the fast level, never copied into libharu. */
int np_pdf_pack_program(void *self, HPDF_Dict file, const unsigned char *data,
                        size_t len);

/* Pages' contents go to `write` as the pages end (np_out_meta.write),
 * unless the file is PDF/A-1 (libharu writes it whole). */
void np_pdf_write_early(np_pdf_out *o, np_write_fn write, void *ud);

/* Every page deflated, then every other stream; then the file written
 * to `write` (the rest of it, when pages went out as they ended). */
int np_pdf_save(np_pdf_out *o, np_write_fn write, void *ud);

/* The file left unfinished by a render that failed. */
void np_pdf_save_free(np_pdf_out *o);

#endif
