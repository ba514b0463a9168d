/*
 * out_pdf.c - the PDF back end of the output interface
 * (typesetting/out.h): its life, from np_out_pdf_new to free, and its
 * errors. The work is done by its parts (out_pdf.h): drawing in
 * out_pdf_draw.c, the document information and PDF/A in
 * out_pdf_meta.c, packing and saving in out_pdf_save.c; fonts are
 * embedded by pdf_font.c. It does not lay out or measure: what it draws
 * comes positioned and measured from the layout.
 *
 * Written with libharu 2.3.0, through pdf_obj.h, whose version it pins:
 * the back end reads libharu's private structures, and works around
 * several of its defects (docs/dependencies.md).
 *
 * Errors: libharu's handler only records the first error; the operation
 * that met it reports it once through np_report (NP_MSG_PDF) and returns
 * -1, and every later operation returns -1 at once, since libharu's
 * error state is sticky. Nothing here is static and writable: one
 * back end owns one HPDF_Doc, so documents can be made in parallel.
 */
#include <stdarg.h>
#include <string.h>

#include "output/out_pdf.h"

static const np_pos NO_POS = { 0, 0 };

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *ud)
{
    np_pdf_out *o = ud;
    if (o->error_no == 0) {
        o->error_no = error_no;
        o->detail_no = detail_no;
    }
}

void np_pdf_report(np_pdf_out *o, np_msg msg, ...)
{
    if (!o->diags)
        return;
    va_list ap;
    va_start(ap, msg);
    np_vreport(o->diags, o->file, NO_POS, msg, ap);
    va_end(ap);
}

int np_pdf_refuse(np_pdf_out *o, np_msg msg, const char *what)
{
    if (!o->failed)
        np_pdf_report(o, msg, what);
    o->failed = true;
    return -1;
}

/* The error reported: the first one the handler saw, else what the
 * call returned, else what libharu recorded in the document. */
int np_pdf_check_status(np_pdf_out *o, HPDF_STATUS status, const char *doing)
{
    HPDF_STATUS recorded = HPDF_GetError(o->pdf);
    if (status == HPDF_OK && recorded == HPDF_OK && o->error_no == HPDF_OK)
        return 0;
    if (!o->failed) {
        HPDF_STATUS e = o->error_no ? o->error_no
                      : status ? status : recorded;
        np_pdf_report(o, NP_MSG_PDF, (unsigned)e, (unsigned)o->detail_no,
                      doing);
    }
    o->failed = true;
    return -1;
}

int np_pdf_check(np_pdf_out *o, const char *doing)
{
    return np_pdf_check_status(o, HPDF_OK, doing);
}

/* An object libharu could not make: what it recorded tells why. */
int np_pdf_check_ptr(np_pdf_out *o, const void *p, const char *doing)
{
    HPDF_STATUS recorded = HPDF_GetError(o->pdf);
    if (p)
        return np_pdf_check(o, doing);
    return np_pdf_check_status(o, recorded ? recorded : HPDF_INVALID_OBJECT,
                               doing);
}

int np_pdf_usable(np_pdf_out *o, const char *outside)
{
    if (o->failed)
        return -1;
    if (!o->begun)
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "output before begin_document");
    if (outside && !o->page)
        return np_pdf_refuse(o, NP_MSG_INTERNAL, outside);
    return 0;
}

static int pdf_begin_document(void *self, const np_out_meta *meta)
{
    np_pdf_out *o = self;
    if (o->failed)
        return -1;
    if (o->begun)
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "begin_document called twice");
    o->begun = true;
    if (!meta || (meta->font_count > 0 && !meta->faces))
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "begin_document without fonts");
    if (np_pdf_check_status(o, HPDF_SetCompressionMode(o->pdf, HPDF_COMP_ALL),
                            "setting up the document") < 0
        || np_pdf_meta_begin(o, meta) < 0
        || np_pdf_tags_begin(o, meta->tree) < 0)
        return -1;
    np_pdf_write_early(o, meta->write, meta->write_ud);
    return np_pdf_make_fonts(o, meta);
}

static int finish_font(np_pdf_out *o, np_pdf_font *font, HPDF_Dict encoding)
{
    HPDF_STATUS st = np_pdf_font_finish(font, o->pdfa, encoding,
                                        np_pdf_pack_program, o);
    if (st == HPDF_FAILD_TO_ALLOC_MEM)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    return np_pdf_check_status(o, st, "embedding a font");
}

/* A font of the document's own (not shared with another), or NULL. */
static np_pdf_font *own_font(const np_pdf_out *o, int i)
{
    return o->fonts[i].shared ? NULL : o->fonts[i].font;
}

/* The fonts, their TrueType faces sharing one /Encoding that covers the
 * highest CID any of them shows. */
static int finish_fonts(np_pdf_out *o)
{
    long last = -1;
    for (int i = 0; i < o->font_count; i++) {
        long cid = own_font(o, i) ? np_pdf_font_last_cid(own_font(o, i)) : -1;
        if (cid > last)
            last = cid;
    }
    HPDF_Dict encoding = last >= 0 ? np_pdf_font_encoding(o->pdf, (unsigned)last)
                                   : NULL;
    for (int i = 0; i < o->font_count; i++)
        if (own_font(o, i) && finish_font(o, own_font(o, i), encoding) < 0)
            return -1;
    return 0;
}

/* Ends a page left open, writes the fonts, completes PDF/A when asked,
 * saves. */
static int pdf_end_document(void *self, np_write_fn write, void *write_ud)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, NULL) < 0 || (o->page && np_pdf_end_page(o) < 0))
        return -1;
    if (finish_fonts(o) < 0)
        return -1;
    if (np_pdf_tags_end(o) < 0 || np_pdf_meta_end(o) < 0)
        return -1;
    return np_pdf_save(o, write, write_ud);
}

static void pdf_free(void *self)
{
    np_pdf_out *o = self;
    if (!o)
        return;
    np_packer_free(o->packer);  /* joins its worker, if one runs */
    np_pdf_save_free(o);
    np_deflater_free(o->deflater);
    np_mem_free(o->alloc, o->packed);
    np_pdf_tags_free(o);
    if (o->pdf)
        HPDF_Free(o->pdf);
    for (int i = 0; i < o->font_count; i++)
        if (!o->fonts[i].shared)
            np_pdf_font_free(o->fonts[i].font);
    np_mem_free(o->alloc, o->fonts);
    np_buf_free(&o->buf);
    np_buf_free(&o->content);
    np_mem_free(o->alloc, o->chunk);
    for (int i = 0; i < NP_META_COUNT; i++)
        np_mem_free(o->alloc, o->meta[i]);
    np_mem_free(o->alloc, o->file);
    np_mem_free(o->alloc, o);
}

static const np_out_ops pdf_ops = {
    .begin_document = pdf_begin_document,
    .begin_page = np_pdf_begin_page,
    .text = np_pdf_text,
    .rule = np_pdf_rule,
    .rect = np_pdf_rect,
    .image = np_pdf_image,
    .stencil = np_pdf_stencil,
    .link = np_pdf_link,
    .mark = np_pdf_mark,
    .bookmark = np_pdf_bookmark,
    .dest = np_pdf_dest,
    .end_page = np_pdf_end_page,
    .turn = np_pdf_turn,
    .end_document = pdf_end_document,
    .free = pdf_free,
};

int np_out_pdf_new(np_out *out, const np_allocator *alloc, np_diags *diags,
                   const char *file)
{
    np_pdf_out *o = np_mem_alloc(alloc, sizeof *o);
    if (!o)
        return -1;
    memset(o, 0, sizeof *o);
    o->alloc = alloc;
    np_buf_init(&o->buf, alloc);
    np_buf_init(&o->content, alloc);
    o->diags = diags;
    if (file) {
        size_t n = strlen(file) + 1;
        o->file = np_mem_alloc(alloc, n);
        if (o->file)
            memcpy(o->file, file, n);
    }
    o->pdf = HPDF_New(on_error, o);
    o->deflater = np_deflater_new(alloc);
    if ((file && !o->file) || !o->pdf || !o->deflater) {
        pdf_free(o);
        return -1;
    }
    out->ops = &pdf_ops;
    out->self = o;
    return 0;
}
