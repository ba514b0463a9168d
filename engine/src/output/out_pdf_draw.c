/*
 * out_pdf_draw.c - what the PDF back end draws: pages, text runs,
 * rules, filled rectangles; a landscape page's turned furniture (images
 * and stencils: out_pdf_image.c).
 *
 * Text is shown in Type0 fonts made by pdf_font.c, which embeds subsets
 * of the faces the engine already holds: each character is written as
 * the two-byte CID the font gives it, each glyph of a shaped run (Arabic,
 * Chinese) as the CID of that glyph and the characters it shows. Two defects of libharu 2.3.0 are
 * worked around here (docs/dependencies.md): word spacing has no effect
 * on two-byte codes, so every run is written into the page's content
 * stream as a raw TJ array whose spaces carry the justification.
 *
 * It does not lay out or measure: the set width (Tc, Tz) and the
 * kerning of a run come from the layout, as measured. It does not
 * deflate or save the page it ends (out_pdf_save.c does), nor make
 * links, destinations and bookmarks (out_pdf_nav.c).
 */
#include <math.h>
#include <string.h>

#include "ground/decimal.h"
#include "ground/limit.h"
#include "output/out_pdf.h"


/* ---- PDF numbers and strings ----------------------------------------- */

/* One byte of a literal string, escaped where a literal string cannot
 * hold it as it is: its delimiters, the backslash, and the ends of
 * lines: a carriage return a reader would take for a line feed, and a
 * bare line feed, which PDF reads as itself but Ghostscript 10's text
 * extraction drops when it is a one-byte code. */
static size_t string_byte(char *s, unsigned char c)
{
    switch (c) {
    case '(': case ')': case '\\':
        s[1] = (char)c;
        break;
    case '\r':
        s[1] = 'r';
        break;
    case '\n':
        s[1] = 'n';
        break;
    default:
        s[0] = (char)c;
        return 1;
    }
    s[0] = '\\';
    return 2;
}

/* The code of a CID as the bytes of a literal string (pdf_font.c makes
 * it one byte for most glyphs): a quarter of the size of four hex
 * digits, and less for deflate to do. `brief`: np_pdf_font_short. */
static void put_code(np_buf *b, const np_pdf_font *font, bool brief,
                     unsigned cid)
{
    if (brief && cid < NP_PDF_ONE_BYTE) {
        char *s = np_buf_room(b, 1);
        if (s) {
            s[0] = (char)np_pdf_one_byte_code[cid];
            np_buf_wrote(b, 1);
        }
        return;
    }
    unsigned char code[NP_PDF_CODE_MAX];
    size_t len = np_pdf_font_code(font, cid, code);
    char *s = np_buf_room(b, 2 * NP_PDF_CODE_MAX);
    if (!s)
        return;
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += string_byte(s + n, code[i]);
    np_buf_wrote(b, n);
}

/* `v` with `places` decimals (at most 6) and no trailing zeros
 * (decimal.h: no locale, no printf). Callers keep |v| far below 1e15. */
static void put_decimal(np_buf *b, double v, int places)
{
    char *s = np_buf_room(b, NP_DECIMAL_MAX);
    if (s)
        np_buf_wrote(b, np_decimal(s, v, places));
}

/* Three decimals: a thousandth of a point is below what any device
 * shows. */
static void put_number(np_buf *b, double v)
{
    put_decimal(b, v, 3);
}


bool np_pdf_finite4(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

/* ---- fonts ----------------------------------------------------------- */

/* One PDF font per face: two indexes naming the same face share one. */
static int make_font(np_pdf_out *o, np_pdf_face *f, const np_face *face)
{
    for (np_pdf_face *g = o->fonts; g < f; g++) {
        if (g->face == face) {
            *f = (np_pdf_face){ .face = face, .font = g->font, .shared = true };
            return 0;
        }
    }
    f->face = face;
    f->font = np_pdf_font_new(o->pdf, face, o->alloc);
    return f->font ? 0 : np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
}

int np_pdf_make_fonts(np_pdf_out *o, const np_out_meta *m)
{
    if (m->font_count <= 0)
        return 0;
    size_t size = (size_t)m->font_count * sizeof *o->fonts;
    o->fonts = np_mem_alloc(o->alloc, size);
    if (!o->fonts)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    memset(o->fonts, 0, size);
    for (int i = 0; i < m->font_count; i++) {
        o->font_count = i + 1;  /* what free() must release */
        if (!m->faces[i])
            continue;           /* a slot the document never shows */
        if (make_font(o, &o->fonts[i], m->faces[i]) < 0)
            return -1;
    }
    return 0;
}

/* ---- pages and text -------------------------------------------------- */

int np_pdf_begin_page(void *self, double width, double height)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, NULL) < 0)
        return -1;
    if (o->page)
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "begin_page inside a page");
    const char *doing = "adding a page";
    HPDF_Page page = HPDF_AddPage(o->pdf);
    if (np_pdf_check_ptr(o, page, doing) < 0)
        return -1;
    HPDF_Page_SetWidth(page, (HPDF_REAL)width);
    HPDF_Page_SetHeight(page, (HPDF_REAL)height);
    if (np_pdf_check(o, doing) < 0     /* libharu's error sticks */
        || np_pdf_tags_page(o, page) < 0)
        return -1;
    o->page = page;
    o->page_width = width;
    o->page_height = height;
    o->turned = false;
    o->links = 0;
    np_pdf_digest_op(o, 'P', 2, (const double[]){ width, height });
    o->in_text = o->cap_set = false;
    o->cur_font = -1;
    o->cur_size = 0;
    o->cur_tc = 0;
    o->cur_tz = 100;
    o->cur_fill = 0;
    o->line_width = -1;
    return 0;
}

/* The page's content is ours (o->content), written into by each
 * operator, until the page ends and np_pdf_pack_page hands it to the
 * packer: libharu's page operators and memory stream never see it. */
int np_pdf_content_check(np_pdf_out *o)
{
    return o->content.failed ? np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL) : 0;
}

/* An operator with no operands ("BT\n", "0 J\n"). */
static int put_operator(np_pdf_out *o, const char *op)
{
    np_buf_puts(np_pdf_content(o), op);
    return np_pdf_content_check(o);
}

/* Text objects stay open across consecutive runs, so a page of lines is
 * one BT ... ET; drawing anything else closes it first, as libharu's
 * graphics-mode checks require. */
static int begin_text(np_pdf_out *o)
{
    if (o->in_text)
        return 0;
    o->in_text = true;
    o->text_x = o->text_y = 0;
    if (np_pdf_tags_close(o) < 0)
        return -1;
    return put_operator(o, "BT\n");
}

static int end_text(np_pdf_out *o)
{
    if (!o->in_text)
        return 0;
    o->in_text = false;
    if (np_pdf_tags_close(o) < 0)
        return -1;
    return put_operator(o, "ET\n");
}

/* Font and size are graphics state and outlive ET: set them only when
 * they change. */
static int set_font(np_pdf_out *o, int font, double size)
{
    if (font == o->cur_font && size == o->cur_size)
        return 0;
    o->cur_font = font;
    o->cur_size = size;
    const char *doing = "choosing a font";
    HPDF_Dict dict = np_pdf_font_dict(o->fonts[font].font);
    const char *name = dict ? HPDF_Page_GetLocalFontName(o->page, dict) : NULL;
    if (np_pdf_check_ptr(o, name, doing) < 0)
        return -1;
    np_buf *b = np_pdf_content(o);
    np_buf_puts(b, "/");
    np_buf_puts(b, name);
    np_buf_puts(b, " ");
    put_number(b, size);
    np_buf_puts(b, " Tf\n");
    return np_pdf_content_check(o);
}

/* Decimals of Tc: it adds up over a line of ninety glyphs, and the
 * narrowed letters of a justified line give it any value; at three
 * decimals a line could miss the margin by 0.05 pt, at five by 0.0005. */
#define TC_PLACES 5

/* The set width of a run: Tc adds to every glyph's advance (spaces too)
 * and is scaled by Tz, so the tracking in points is Tc * Tz / 100. Like
 * the font, both outlive ET and are written only when they change. */
static int set_width(np_pdf_out *o, double tracking, double scale)
{
    double tz = scale * 100, tc = tracking / scale;
    if (tc == o->cur_tc && tz == o->cur_tz)
        return 0;
    np_buf *b = np_pdf_content(o);
    if (tc != o->cur_tc) {
        put_decimal(b, tc, TC_PLACES);
        np_buf_puts(b, " Tc\n");
    }
    if (tz != o->cur_tz) {
        put_number(b, tz);
        np_buf_puts(b, " Tz\n");
    }
    o->cur_tc = tc;
    o->cur_tz = tz;
    return np_pdf_content_check(o);
}

/* The fill colour paints glyphs and rectangles alike. */
int np_pdf_set_fill(np_pdf_out *o, unsigned rgb)
{
    if (rgb == o->cur_fill)
        return 0;
    o->cur_fill = rgb;
    np_buf *b = np_pdf_content(o);
    for (int shift = 16; shift >= 0; shift -= 8) {
        put_number(b, (double)(rgb >> shift & 0xFF) / 255);
        np_buf_puts(b, " ");
    }
    np_buf_puts(b, "rg\n");
    return np_pdf_content_check(o);
}

/* A run's start as a Td from the last one: each position is rounded
 * to a whole thousandth of a point and the move is the difference of
 * two such integers, written exactly, so the moves add up to the
 * positions and never drift, however many runs share one text object.
 * Half the bytes of a full text matrix. */
static int place_text(np_pdf_out *o, double x, double y)
{
    long long tx = llround(x * 1000);
    long long ty = llround((o->page_height - y) * 1000);
    np_buf *b = np_pdf_content(o);
    put_decimal(b, (double)(tx - o->text_x) / 1000, 3);
    np_buf_puts(b, " ");
    put_decimal(b, (double)(ty - o->text_y) / 1000, 3);
    np_buf_puts(b, " Td\n");
    o->text_x = tx;
    o->text_y = ty;
    return np_pdf_content_check(o);
}

/* [(codes) adj (codes) ...] TJ: after each space that is not last, a
 * negative adjustment (thousandths of the size, scaled by Tz) widens it
 * by space_extra points; after a kerned character its kerning, already
 * in thousandths. The page's content stream gets the array as it is. */
static double run_scale(const np_out_text *run)
{
    return run->scale > 0 ? run->scale : 1;
}

/* The characters of text[from..to) as one TJ array; *k counts the
 * characters before them (kern's index). The adjustment after the
 * last one is written unless it ends the run. */
static void put_tj(np_pdf_out *o, np_buf *b, const np_out_text *run,
                   size_t from, size_t to, size_t *k)
{
    np_pdf_font *font = o->fonts[run->font].font;
    bool brief = np_pdf_font_short(font);
    double spread = -run->space_extra * 1000 / (run->size * run_scale(run));
    if (from >= to)
        return;
    np_buf_puts(b, "[(");
    for (size_t i = from; i < to; (*k)++) {
        uint32_t code;
        i += np_pdf_next_code(run->text + i, to - i, &code);
        put_code(b, font, brief, np_pdf_font_cid(font, code));
        double adjust = (code == 0x20 ? spread : 0)
                        - (run->kern ? run->kern[*k] : 0);
        if (fabs(adjust) >= 0.0005 && i < run->len) {
            np_buf_puts(b, ")");
            put_number(b, adjust);
            np_buf_puts(b, "(");
        }
    }
    np_buf_puts(b, ")] TJ\n");
}

/* A space glyph and a TJ number taking its advance (its width, and Tc
 * over Tz) back: nothing moves on the page, and text extraction and
 * the structure's text get the space that ends the line. */
static void put_space_back(np_pdf_out *o, np_buf *b, const np_out_text *run)
{
    np_pdf_font *font = o->fonts[run->font].font;
    unsigned cid = np_pdf_font_cid(font, 0x20);
    double back = np_pdf_font_advance(font, cid)
                  + run->tracking / run_scale(run) * 1000 / run->size;
    np_buf_puts(b, "[(");
    put_code(b, font, np_pdf_font_short(font), cid);
    np_buf_puts(b, ")");
    put_number(b, back);
    np_buf_puts(b, "] TJ\n");
}

/* text[from..to) as a piece a reader gets as `actual` (ActualText),
 * in a tagged PDF; as plain TJ otherwise. */
static int put_piece(np_pdf_out *o, np_buf *b, const np_out_text *run,
                     size_t from, size_t to, const char *actual, size_t *k)
{
    if (from >= to)
        return 0;
    int marked = np_pdf_tags_actual(o, b, actual, strlen(actual));
    if (marked < 0)
        return -1;
    put_tj(o, b, run, from, to, k);
    return marked ? np_pdf_tags_actual_end(o, b) : 0;
}

/* The run as TJ arrays; the ends of words hyphenated across lines as
 * pieces of their own (np_out_text.silent, .actual). The page's
 * content stream gets them as they are. */
static int show_run(np_pdf_out *o, const np_out_text *run)
{
    np_buf *b = np_pdf_content(o);
    size_t k = 0, len = run->len;
    size_t lead = run->silent < len ? run->silent : len;
    size_t from = run->actual && run->actual_from < len ? run->actual_from : len;
    if (from < lead)
        from = lead;
    if (put_piece(o, b, run, 0, lead, "", &k) < 0)
        return -1;
    put_tj(o, b, run, lead, from, &k);
    if (put_piece(o, b, run, from, len, run->actual, &k) < 0)
        return -1;
    if (run->space_after && o->tags)
        put_space_back(o, b, run);
    return np_pdf_content_check(o);
}

/* A shaped run: each glyph by its CID, placed from the run's origin by
 * TJ numbers worked out from the exact positions (so no rounding piles
 * up along a line), raised by Ts where a mark sits higher or lower. The
 * pen position the PDF reaches is followed as written. */
static int show_glyphs(np_pdf_out *o, const np_out_text *run)
{
    np_pdf_font *font = o->fonts[run->font].font;
    bool brief = np_pdf_font_short(font);
    double pen = 0, at = 0, rise = 0, unit = run->size / 1000;
    np_buf *b = np_pdf_content(o);
    bool open = false;          /* a string of glyphs not yet closed */
    np_buf_puts(b, "[");
    for (size_t i = 0; i < run->nglyphs; i++) {
        const np_out_glyph *g = &run->glyphs[i];
        if (g->dy != rise) {
            np_buf_puts(b, open ? ")] TJ\n" : "] TJ\n");
            put_number(b, g->dy);
            np_buf_puts(b, " Ts\n[");
            rise = g->dy;
            open = false;
        }
        double move = (at + g->dx - pen) / unit;
        if (fabs(move) >= 0.0005) {
            long long thousandths = llround(-move * 1000);
            if (open)
                np_buf_puts(b, ")");
            put_decimal(b, (double)thousandths / 1000, 3);
            pen -= (double)thousandths / 1000 * unit;
            open = false;
        }
        size_t len = g->text < run->len ? run->len - g->text : 0;
        unsigned cid = np_pdf_font_cid_glyph(font, g->id, run->text + g->text,
                                             g->text_len < len ? g->text_len : len,
                                             g->width);
        if (!open)
            np_buf_puts(b, "(");
        open = true;
        put_code(b, font, brief, cid);
        pen += np_pdf_font_advance(font, cid) * unit;
        at += g->advance;
    }
    np_buf_puts(b, open ? ")] TJ\n" : "] TJ\n");
    if (rise != 0)
        np_buf_puts(b, "0 Ts\n");
    return np_pdf_content_check(o);
}

static bool run_is_sane(const np_pdf_out *o, const np_out_text *run)
{
    return run->font >= 0 && run->font < o->font_count && o->fonts[run->font].font
        && run->size > 0 && run->size <= HPDF_MAX_FONTSIZE
        && np_pdf_finite4(run->x, run->y, run->space_extra, run->tracking)
        && fabs(run->space_extra) < 1e6 && fabs(run->tracking) < 1e3
        && isfinite(run->scale) && run->scale >= 0 && run->scale <= 10
        && run->color <= 0xFFFFFF && (run->text || run->len == 0);
}

int np_pdf_text(void *self, const np_out_text *run)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a text run outside a page") < 0)
        return -1;
    if (!run_is_sane(o, run))
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "a text run with a bad font, size or position");
    if (run->len == 0)
        return 0;
    if (begin_text(o) < 0 || np_pdf_tags_open(o) < 0
        || set_font(o, run->font, run->size) < 0
        || set_width(o, run->tracking, run_scale(run)) < 0
        || np_pdf_set_fill(o, run->color) < 0
        || place_text(o, run->x, run->y) < 0)
        return -1;
    size_t shown = np_pdf_content(o)->len;
    if ((run->glyphs ? show_glyphs(o, run) : show_run(o, run)) < 0)
        return -1;
    np_pdf_digest_op(o, 'T', 7, (const double[]){ run->font, run->size,
                                                  run->x, run->y,
                                                  run->tracking,
                                                  run_scale(run),
                                                  run->color });
    /* the TJ array just written */
    np_pdf_digest(o, o->content.data + shown, o->content.len - shown);
    return 0;
}

/* ---- rules, rectangles, links ---------------------------------------- */

/* Leaves text mode; butt caps are the PDF default, written once per page
 * anyway so the output does not depend on it. Colour is left at the
 * default black. */
int np_pdf_begin_graphics(np_pdf_out *o)
{
    if (end_text(o) < 0)
        return -1;
    if (o->cap_set)
        return 0;
    o->cap_set = true;
    return put_operator(o, "0 J\n");
}

static int set_line_width(np_pdf_out *o, double width)
{
    if (width == o->line_width)
        return 0;
    o->line_width = width;
    np_buf *b = np_pdf_content(o);
    put_number(b, width);
    np_buf_puts(b, " w\n");
    return np_pdf_content_check(o);
}

void np_pdf_put_numbers(np_buf *b, int n, const double *v)
{
    for (int i = 0; i < n; i++) {
        put_number(b, v[i]);
        np_buf_puts(b, " ");
    }
}

/* Paths are written by us, in page coordinates: libharu clears a buffer
 * and formats every number as a float for each call, which a barcode's
 * and a QR code's hundreds of modules paid for. */
static int stroke_line(np_pdf_out *o, double x0, double y0, double x1,
                       double y1)
{
    np_buf *b = np_pdf_content(o);
    np_pdf_put_numbers(b, 2, (const double[]){ x0, y0 });
    np_buf_puts(b, "m ");
    np_pdf_put_numbers(b, 2, (const double[]){ x1, y1 });
    np_buf_puts(b, "l S\n");
    return np_pdf_content_check(o);
}

static int fill_rect(np_pdf_out *o, double x, double bottom, double w,
                     double h)
{
    np_buf *b = np_pdf_content(o);
    np_pdf_put_numbers(b, 4, (const double[]){ x, bottom, w, h });
    np_buf_puts(b, "re f\n");
    return np_pdf_content_check(o);
}

int np_pdf_rule(void *self, double x0, double y0, double x1, double y1,
                    double width)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a rule outside a page") < 0)
        return -1;
    if (!np_pdf_finite4(x0, y0, x1, y1) || !isfinite(width))
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "a rule with a bad position");
    if (np_pdf_begin_graphics(o) < 0 || np_pdf_tags_open(o) < 0
        || set_line_width(o, width) < 0)
        return -1;
    double h = o->page_height;
    if (stroke_line(o, x0, h - y0, x1, h - y1) < 0)
        return -1;
    np_pdf_digest_op(o, 'R', 5, (const double[]){ x0, y0, x1, y1, width });
    return 0;
}

int np_pdf_rect(void *self, double x, double y, double w, double h)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a rectangle outside a page") < 0)
        return -1;
    if (!np_pdf_finite4(x, y, w, h))
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "a rectangle with a bad position");
    if (np_pdf_begin_graphics(o) < 0 || np_pdf_tags_open(o) < 0
        || np_pdf_set_fill(o, 0) < 0)
        return -1;
    if (fill_rect(o, x, o->page_height - y - h, w, h) < 0)
        return -1;
    np_pdf_digest_op(o, 'F', 4, (const double[]){ x, y, w, h });
    return 0;
}

/* ---- a turned page ---------------------------------------------------- */

/* What Q puts back: the state the caches followed before q. */
static void keep_state(np_pdf_out *o)
{
    o->before_turn = (struct np_pdf_gcache){
        .font = o->cur_font, .size = o->cur_size, .tc = o->cur_tc,
        .tz = o->cur_tz, .line_width = o->line_width, .fill = o->cur_fill,
        .cap_set = o->cap_set };
}

static void restore_state(np_pdf_out *o)
{
    const struct np_pdf_gcache *g = &o->before_turn;
    o->cur_font = g->font;
    o->cur_size = g->size;
    o->cur_tc = g->tc;
    o->cur_tz = g->tz;
    o->line_width = g->line_width;
    o->cur_fill = g->fill;
    o->cap_set = g->cap_set;
}

/* Turned: what is drawn is placed on the portrait page (as tall as this
 * page is wide), and q [0 -1 1 0 0 h] cm lays that page on this one,
 * its top edge along the right edge, its text reading downwards. The
 * text object and the marked content close first: neither may span a
 * q ... Q. */
int np_pdf_turn(void *self, bool turned)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "turning outside a page") < 0)
        return -1;
    if (turned == o->turned)
        return 0;
    if (end_text(o) < 0 || np_pdf_tags_close(o) < 0)
        return -1;
    np_buf *b = np_pdf_content(o);
    double w = o->page_width, h = o->page_height;
    if (turned) {
        keep_state(o);
        np_buf_puts(b, "q 0 -1 1 0 0 ");
        put_number(b, h);
        np_buf_puts(b, " cm\n");
    } else {
        restore_state(o);
        np_buf_puts(b, "Q\n");
    }
    o->page_width = h;
    o->page_height = w;
    o->turned = turned;
    np_pdf_digest_op(o, 'U', 1, (const double[]){ turned });
    return np_pdf_content_check(o);
}

/* ---- end of a page ---------------------------------------------------- */

/* The page's content goes to the packer as it ends (out_pdf_save.c). */
int np_pdf_end_page(void *self)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "end_page outside a page") < 0)
        return -1;
    int r = np_pdf_turn(o, false);
    if (r == 0)
        r = end_text(o);
    if (r == 0)
        r = np_pdf_tags_close(o);
    if (r == 0)
        r = np_pdf_pack_page(o);
    o->page = NULL;
    return r;
}
