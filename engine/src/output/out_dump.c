/*
 * out_dump.c - the text-dump back end of the output interface (typesetting/out.h),
 * for golden tests: one line per operation, in the order layout calls
 * them, every number with two decimals, e.g.
 *
 *   document title "T" subject "E/CN.7/2011/1" author "A" lang "fr" fonts 4
 *   page 1 595.28x841.89
 *   text 123.38 84.50 f0 10.00 +0.35 "Dans sa résolution 53/6, intitulée"
 *   text 123.38 96.50 f0 10.00 +0.00 tc0.32 tz102.00 k3 #0000FF "79/81"
 *   rule 60.00 64.80 552.60 64.80 w0.48
 *   rect 65.42 749.25 0.70 12.75
 *   stencil 489.37 675.21 59.53 59.53 29x29 FE2B3F80 ...
 *   link 123.38 75.00 160.00 86.00 "https://undocs.org/E/CN.7/2011/1"
 *   bookmark 0 "I. Title" y 200.00
 *   end page
 *
 * Coordinates are printed as layout gave them (from the top of the
 * page). Quoted strings are the UTF-8 bytes as given, with '"' and '\'
 * escaped by a backslash and bytes below 0x20 as \xHH, so that every
 * operation stays on one line; a missing string prints as "". A text
 * run's set width (tracking, scale in percent), the number of its kerned
 * characters and its colour follow its size only when they are not 0,
 * 100 %, none and black. A shaped run ends with its glyphs in drawing
 * order, each as id/advance, its offset after it when it has one, and
 * the characters it shows as :count when not one:
 *
 *   text 300.20 120.50 f8 10.00 +0.00 "الجمعية" glyphs 571/4.86 412/3.02:0 ...
 *
 * A stencil's cells follow its size, each row as hex digits of four
 * cells (the first cell the highest bit, the row padded with light
 * cells).
 *
 * Numbers
 * are formatted from integers, so the dump is the same in any locale.
 *
 * Everything is kept in memory and handed to write() by end_document.
 * The dump checks the same call order as the PDF back end (a document,
 * then pages, drawing only inside a page) but draws and measures nothing.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/buf.h"
#include "ground/decimal.h"
#include "ground/utf8.h"
#include "output/image.h"
#include "output/backends.h"

typedef struct dump_out {
    const np_allocator *alloc;
    np_diags *diags;
    char *file;
    np_buf out;                 /* the dump so far; a failed append
                                   sticks and is reported at the end */
    bool failed, begun, in_page;
    int pages;
    int font_count;             /* as begin_document gave it */
} dump_out;

static const np_pos NO_POS = { 0, 0 };

/* ---- output buffer --------------------------------------------------- */

static void put(dump_out *d, const char *s, size_t n)
{
    np_buf_append(&d->out, s, n);
}

static void puts_(dump_out *d, const char *s)
{
    np_buf_puts(&d->out, s);
}

/* `sep`, then `v` rounded to two decimals, with a '+' before
 * non-negative values when `sign` is set. Built from integers so that a
 * decimal-comma locale cannot change it; values beyond +-1e13 and
 * non-finite ones print as "nan", which no golden should contain. */
static void number_after(dump_out *d, const char *sep, double v, bool sign)
{
    char s[48];
    if (!isfinite(v) || fabs(v) >= 1e13) {
        snprintf(s, sizeof s, "%snan", sep);
    } else {
        long long n = llround(v * 100);
        unsigned long long a = n < 0 ? 0ULL - (unsigned long long)n
                                     : (unsigned long long)n;
        const char *pre = n < 0 ? "-" : sign ? "+" : "";
        snprintf(s, sizeof s, "%s%s%llu.%02llu", sep, pre, a / 100, a % 100);
    }
    puts_(d, s);
}

static void number(dump_out *d, double v)
{
    number_after(d, " ", v, false);
}

/* ' "text"' with the escapes described at the top of the file. */
static void quoted(dump_out *d, const char *s, size_t len)
{
    puts_(d, " \"");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(d, esc, 2);
        } else if (c < 0x20) {
            snprintf(esc, sizeof esc, "\\x%02X", c);
            puts_(d, esc);
        } else {
            put(d, (const char *)&s[i], 1);
        }
    }
    puts_(d, "\"");
}

static void quoted_str(dump_out *d, const char *s)
{
    quoted(d, s ? s : "", s ? strlen(s) : 0);
}

/* ---- errors ---------------------------------------------------------- */

static void report(dump_out *d, np_msg msg, ...)
{
    if (!d->diags)
        return;
    va_list ap;
    va_start(ap, msg);
    np_vreport(d->diags, d->file, NO_POS, msg, ap);
    va_end(ap);
}

static int refuse(dump_out *d, np_msg msg, const char *what)
{
    if (!d->failed)
        report(d, msg, what);
    d->failed = true;
    return -1;
}

/* As in the PDF back end: nothing failed, the document began, and a page
 * is open when `outside` names the operation. */
static int usable(dump_out *d, const char *outside)
{
    if (d->failed)
        return -1;
    if (!d->begun)
        return refuse(d, NP_MSG_INTERNAL, "output before begin_document");
    if (outside && !d->in_page)
        return refuse(d, NP_MSG_INTERNAL, outside);
    return 0;
}

/* ---- operations ------------------------------------------------------ */

static int dump_begin_document(void *self, const np_out_meta *m)
{
    dump_out *d = self;
    if (d->failed)
        return -1;
    if (d->begun)
        return refuse(d, NP_MSG_INTERNAL, "begin_document called twice");
    d->begun = true;
    if (!m)
        return refuse(d, NP_MSG_INTERNAL, "begin_document without facts");
    d->font_count = m->font_count;
    char fonts[32];
    puts_(d, "document title");
    quoted_str(d, m->title);
    puts_(d, " subject");
    quoted_str(d, m->subject);
    puts_(d, " author");
    quoted_str(d, m->author);
    puts_(d, " lang");
    quoted_str(d, m->lang);
    snprintf(fonts, sizeof fonts, " fonts %d\n", m->font_count);
    puts_(d, fonts);
    return 0;
}

static int dump_begin_page(void *self, double width, double height)
{
    dump_out *d = self;
    if (usable(d, NULL) < 0)
        return -1;
    if (d->in_page)
        return refuse(d, NP_MSG_INTERNAL, "begin_page inside a page");
    d->in_page = true;
    char s[32];
    snprintf(s, sizeof s, "page %d", ++d->pages);
    puts_(d, s);
    number(d, width);
    number_after(d, "x", height, false);
    puts_(d, "\n");
    return 0;
}

static void set_width(dump_out *d, const np_out_text *run)
{
    if (run->tracking != 0)
        number_after(d, " tc", run->tracking, false);
    if (run->scale > 0 && run->scale != 1)
        number_after(d, " tz", run->scale * 100, false);
    int kerned = 0;
    for (size_t i = 0, k = 0; run->kern && run->text && i < run->len; i++)
        if (!np_utf8_is_cont((unsigned char)run->text[i]))
            kerned += run->kern[k++] != 0;
    char s[24];
    if (kerned) {
        snprintf(s, sizeof s, " k%d", kerned);
        puts_(d, s);
    }
    if (run->color) {
        snprintf(s, sizeof s, " #%06X", run->color & 0xFFFFFFu);
        puts_(d, s);
    }
}

static void glyphs(dump_out *d, const np_out_text *run)
{
    if (!run->glyphs)
        return;
    puts_(d, " glyphs");
    for (size_t i = 0; i < run->nglyphs; i++) {
        const np_out_glyph *g = &run->glyphs[i];
        char s[24];
        snprintf(s, sizeof s, " %u", (unsigned)g->id);
        puts_(d, s);
        number_after(d, "/", g->advance, false);
        if (g->dx != 0 || g->dy != 0) {
            number_after(d, "@", g->dx, false);
            number_after(d, ",", g->dy, false);
        }
        if (g->text_len != 1) {
            snprintf(s, sizeof s, ":%u", (unsigned)g->text_len);
            puts_(d, s);
        }
    }
}

static int dump_text(void *self, const np_out_text *run)
{
    dump_out *d = self;
    if (usable(d, "a text run outside a page") < 0)
        return -1;
    if (run->font < 0 || run->font >= d->font_count)
        return refuse(d, NP_MSG_INTERNAL, "a text run names a font that "
                      "begin_document did not list");
    char font[24];
    snprintf(font, sizeof font, " f%d", run->font);
    puts_(d, "text");
    number(d, run->x);
    number(d, run->y);
    puts_(d, font);
    number(d, run->size);
    number_after(d, " ", run->space_extra, true);
    set_width(d, run);
    quoted(d, run->text ? run->text : "", run->text ? run->len : 0);
    glyphs(d, run);
    puts_(d, "\n");
    return 0;
}

static int dump_rule(void *self, double x0, double y0, double x1, double y1,
                     double width)
{
    dump_out *d = self;
    if (usable(d, "a rule outside a page") < 0)
        return -1;
    puts_(d, "rule");
    number(d, x0);
    number(d, y0);
    number(d, x1);
    number(d, y1);
    number_after(d, " w", width, false);
    puts_(d, "\n");
    return 0;
}

static int dump_rect(void *self, double x, double y, double w, double h)
{
    dump_out *d = self;
    if (usable(d, "a rectangle outside a page") < 0)
        return -1;
    puts_(d, "rect");
    number(d, x);
    number(d, y);
    number(d, w);
    number(d, h);
    puts_(d, "\n");
    return 0;
}

static int dump_stencil(void *self, const unsigned char *cells, int cols,
                        int rows, double x, double y, double w, double h)
{
    dump_out *d = self;
    if (usable(d, "a stencil outside a page") < 0)
        return -1;
    if (!cells || cols < 1 || rows < 1)
        return refuse(d, NP_MSG_INTERNAL, "a stencil with no cells");
    char size[32];
    snprintf(size, sizeof size, " %dx%d", cols, rows);
    puts_(d, "stencil");
    number(d, x);
    number(d, y);
    number(d, w);
    number(d, h);
    puts_(d, size);
    for (int r = 0; r < rows; r++) {
        puts_(d, " ");
        for (int c = 0; c < cols; c += 4) {
            unsigned v = 0;
            for (int k = 0; k < 4; k++)
                v = v << 1 | (c + k < cols && cells[r * cols + c + k] ? 1u : 0u);
            char digit;
            np_hex(&digit, v, 1);
            np_buf_putc(&d->out, digit);
        }
    }
    puts_(d, "\n");
    return 0;
}

/* The file's name only: the dump must not depend on where the tree is. */
static int dump_image(void *self, const np_image *img, double x, double y,
                      double w, double h)
{
    dump_out *d = self;
    if (usable(d, "an image outside a page") < 0)
        return -1;
    const char *path = img->path;
    const char *slash = strrchr(path, '/');
    puts_(d, "image");
    number(d, x);
    number(d, y);
    number(d, w);
    number(d, h);
    quoted_str(d, slash ? slash + 1 : path);
    puts_(d, "\n");
    return 0;
}

static int dump_link(void *self, double x0, double y0, double x1, double y1,
                     const char *uri)
{
    dump_out *d = self;
    if (usable(d, "a link outside a page") < 0)
        return -1;
    puts_(d, "link");
    number(d, x0);
    number(d, y0);
    number(d, x1);
    number(d, y1);
    quoted_str(d, uri);
    puts_(d, "\n");
    return 0;
}

static int dump_bookmark(void *self, int level, const char *title, double y)
{
    dump_out *d = self;
    if (usable(d, "a bookmark outside a page") < 0)
        return -1;
    char s[32];
    snprintf(s, sizeof s, "bookmark %d", level);
    puts_(d, s);
    quoted_str(d, title);
    number_after(d, " y ", y, false);
    puts_(d, "\n");
    return 0;
}

static int dump_dest(void *self, const char *name, double y)
{
    dump_out *d = self;
    if (usable(d, "a destination outside a page") < 0)
        return -1;
    puts_(d, "dest");
    quoted_str(d, name);
    number_after(d, " y ", y, false);
    puts_(d, "\n");
    return 0;
}

/* "turned" and "unturned" around what is placed as on the portrait
 * page; the positions are printed as given. */
static int dump_turn(void *self, bool turned)
{
    dump_out *d = self;
    if (usable(d, "turning outside a page") < 0)
        return -1;
    puts_(d, turned ? "turned\n" : "unturned\n");
    return 0;
}

static int dump_end_page(void *self)
{
    dump_out *d = self;
    if (usable(d, "end_page outside a page") < 0)
        return -1;
    d->in_page = false;
    puts_(d, "end page\n");
    return 0;
}

/* A page left open is ended, as the PDF back end does. */
static int dump_end_document(void *self, np_write_fn write, void *write_ud)
{
    dump_out *d = self;
    if (usable(d, NULL) < 0 || (d->in_page && dump_end_page(d) < 0))
        return -1;
    if (d->out.failed)
        return refuse(d, NP_MSG_NO_MEMORY, NULL);
    if (d->out.len > 0 && write(write_ud, d->out.data, d->out.len) != 0) {
        report(d, NP_MSG_IO_WRITE, d->file ? d->file : "the dump",
               "the output was refused");
        d->failed = true;
        return -1;
    }
    return 0;
}

static void dump_free(void *self)
{
    dump_out *d = self;
    if (!d)
        return;
    np_buf_free(&d->out);
    np_mem_free(d->alloc, d->file);
    np_mem_free(d->alloc, d);
}

static const np_out_ops dump_ops = {
    .begin_document = dump_begin_document,
    .begin_page = dump_begin_page,
    .text = dump_text,
    .rule = dump_rule,
    .rect = dump_rect,
    .link = dump_link,
    .image = dump_image,
    .stencil = dump_stencil,
    .bookmark = dump_bookmark,
    .dest = dump_dest,
    .end_page = dump_end_page,
    .turn = dump_turn,
    .end_document = dump_end_document,
    .free = dump_free,
};

int np_out_dump_new(np_out *out, const np_allocator *alloc, np_diags *diags,
                    const char *file)
{
    dump_out *d = np_mem_alloc(alloc, sizeof *d);
    if (!d)
        return -1;
    memset(d, 0, sizeof *d);
    d->alloc = alloc;
    np_buf_init(&d->out, alloc);
    d->diags = diags;
    if (file) {
        size_t n = strlen(file) + 1;
        d->file = np_mem_alloc(alloc, n);
        if (!d->file) {
            dump_free(d);
            return -1;
        }
        memcpy(d->file, file, n);
    }
    out->ops = &dump_ops;
    out->self = d;
    return 0;
}
