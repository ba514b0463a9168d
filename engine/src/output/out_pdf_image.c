/*
 * out_pdf_image.c - pictures on a PDF page: images and stencils.
 *
 * Images never reach libharu as PNG files (its reader aborts the process
 * on a corrupt one and garbles alpha channels): image.c decodes them
 * and they are handed over as deflated 8-bit samples, their
 * transparency as a soft mask, or, for PDF/A-1, which forbids soft
 * masks, laid over white. Their samples stay where image.c keeps them,
 * for every document a batch renders (np_pdf_borrowed_stream).
 *
 * A stencil (a QR code) is an image mask of one bit a cell, painted in
 * black, as the UN's own pages have it: a few hundred bytes where
 * rectangles for its modules took kilobytes of content to deflate.
 * Each is an XObject of its own, drawn by q ... cm /Name Do Q.
 */
#include <string.h>

#include "output/out_pdf.h"

/* The XObject scaled into the box of top-left corner (x,y), w x h:
 * named in the page's resources by libharu, drawn by us. */
static int draw_xobject(np_pdf_out *o, HPDF_Dict x_object, double x, double y,
                        double w, double h, const char *doing)
{
    const char *name = HPDF_Page_GetXObjectName(o->page, x_object);
    if (np_pdf_check_ptr(o, name, doing) < 0)
        return -1;
    np_buf *b = np_pdf_content(o);
    np_buf_puts(b, "q\n");
    np_pdf_put_numbers(b, 6, (const double[]){ w, 0, 0, h, x,
                                               o->page_height - y - h });
    np_buf_puts(b, "cm\n/");
    np_buf_puts(b, name);
    np_buf_puts(b, " Do\nQ\n");
    return np_pdf_content_check(o);
}

/* /DecodeParms of PNG-filtered rows (the file's own image data): an
 * array of one, as the /Filter array of a stream we deflated asks
 * (np_pdf_deflated); poppler ignores a lone dictionary there. The
 * caller checks the entries. */
static void add_predictor(HPDF_Dict x, const np_image *img, unsigned comps)
{
    HPDF_Array list = np_pdf_add_array(x, "DecodeParms");
    HPDF_Dict parms = list ? np_pdf_push_dict(list) : NULL;
    if (!parms)
        return;                 /* libharu has recorded why */
    HPDF_Dict_AddNumber(parms, "Predictor", 15);
    HPDF_Dict_AddNumber(parms, "Colors", (HPDF_INT32)comps);
    HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
    HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)img->width);
}

/* An image XObject of already deflated 8-bit samples, DeviceGray or
 * DeviceRGB: image.c deflated them once for every document, so the
 * stream is written as it is. Its entries are checked once, at the
 * end: libharu's error sticks. */
static HPDF_Image xobject(np_pdf_out *o, const np_image *img,
                          const np_zplane *plane, unsigned comps)
{
    const char *doing = "adding an image";
    HPDF_Dict x = HPDF_DictStream_New(o->pdf->mmgr, o->pdf->xref);
    if (np_pdf_check_ptr(o, x, doing) < 0)
        return NULL;
    x->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    np_pdf_deflated(x);
    HPDF_Dict_AddName(x, "Type", "XObject");
    HPDF_Dict_AddName(x, "Subtype", "Image");
    HPDF_Dict_AddNumber(x, "Width", (HPDF_INT32)img->width);
    HPDF_Dict_AddNumber(x, "Height", (HPDF_INT32)img->height);
    HPDF_Dict_AddName(x, "ColorSpace", comps == 3 ? "DeviceRGB"
                                                  : "DeviceGray");
    HPDF_Dict_AddNumber(x, "BitsPerComponent", 8);
    if (plane->predicted)
        add_predictor(x, img, comps);
    /* read where image.c keeps it, never copied into libharu */
    HPDF_Stream data = np_pdf_borrowed_stream(o, plane->data, plane->len);
    if (!data) {
        np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
        return NULL;
    }
    HPDF_Stream_Free(x->stream);
    x->stream = data;
    return np_pdf_check(o, doing) < 0 ? NULL : x;
}

/* The image with its alpha as a soft mask, or, in PDF/A-1, which allows
 * no transparency, laid over white (the page then prints as a reader
 * shows it on white paper). */
static HPDF_Image make_image(np_pdf_out *o, const np_image *img)
{
    bool flatten = img->alpha.len > 0 && o->pdfa;
    if (flatten)
        np_pdf_report(o, NP_MSG_PDFA_FLATTENED, img->path);
    const np_zplane *colour = flatten ? &img->flat : &img->colour;
    /* the /ID changes with the picture, not only with its file name */
    np_pdf_digest(o, colour->data, colour->len);
    HPDF_Image x = xobject(o, img, colour, img->components);
    if (!x || !img->alpha.len || o->pdfa)
        return x;
    HPDF_Image mask = xobject(o, img, &img->alpha, 1);
    if (!mask || np_pdf_check_status(o, HPDF_Dict_Add(x, "SMask", mask),
                                     "adding an image's transparency") < 0)
        return NULL;
    return x;
}

/* An image scaled into its box. */
int np_pdf_image(void *self, const np_image *img, double x, double y,
                     double w, double h)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "an image outside a page") < 0)
        return -1;
    if (!np_pdf_finite4(x, y, w, h) || !img || !img->colour.len)
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "an image with no data or a bad position");
    if (np_pdf_begin_graphics(o) < 0 || np_pdf_tags_open(o) < 0)
        return -1;
    HPDF_Image x_object = make_image(o, img);
    if (!x_object)
        return -1;
    /* The image's pixels, not its path: the same emblem installed
     * elsewhere gives the same /ID. */
    np_pdf_digest_op(o, 'i', 3, (const double[]){ img->width, img->height,
                                                  img->components });
    np_pdf_digest(o, img->colour.data, img->colour.len);
    if (img->alpha.len)
        np_pdf_digest(o, img->alpha.data, img->alpha.len);
    if (draw_xobject(o, x_object, x, y, w, h, "drawing an image") < 0)
        return -1;
    np_pdf_digest_op(o, 'I', 4, (const double[]){ x, y, w, h });
    return 0;
}

/* ---- stencils ---------------------------------------------------------- */

/* The cells as the rows of a 1-bit image, first cell in the high bit,
 * each row padded to a whole byte; a set bit paints (/Decode [1 0]). */
static void put_cells(HPDF_Stream s, const unsigned char *cells, int cols,
                      int rows)
{
    unsigned char row[64];
    size_t row_len = ((size_t)cols + 7) / 8;
    for (int r = 0; r < rows; r++) {
        memset(row, 0, row_len);
        for (int c = 0; c < cols; c++)
            if (cells[(size_t)r * (size_t)cols + (size_t)c])
                row[c / 8] |= (unsigned char)(0x80u >> (c % 8));
        HPDF_Stream_Write(s, row, (HPDF_UINT)row_len);
    }
}

static HPDF_Image stencil_object(np_pdf_out *o, const unsigned char *cells,
                                 int cols, int rows)
{
    const char *doing = "adding a stencil";
    HPDF_Dict x = HPDF_DictStream_New(o->pdf->mmgr, o->pdf->xref);
    if (np_pdf_check_ptr(o, x, doing) < 0)
        return NULL;
    x->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    HPDF_Dict_AddName(x, "Type", "XObject");
    HPDF_Dict_AddName(x, "Subtype", "Image");
    HPDF_Dict_AddNumber(x, "Width", cols);
    HPDF_Dict_AddNumber(x, "Height", rows);
    HPDF_Dict_AddBoolean(x, "ImageMask", HPDF_TRUE);
    HPDF_Dict_AddNumber(x, "BitsPerComponent", 1);
    HPDF_Array decode = np_pdf_add_array(x, "Decode");
    if (decode) {
        HPDF_Array_AddNumber(decode, 1);
        HPDF_Array_AddNumber(decode, 0);
    }
    put_cells(x->stream, cells, cols, rows);
    return np_pdf_check(o, doing) < 0 ? NULL : x;
}

int np_pdf_stencil(void *self, const unsigned char *cells, int cols, int rows,
                   double x, double y, double w, double h)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a stencil outside a page") < 0)
        return -1;
    if (!np_pdf_finite4(x, y, w, h) || !cells || cols < 1 || rows < 1
        || cols > NP_PDF_STENCIL_MAX || rows > NP_PDF_STENCIL_MAX)
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "a stencil with no cells or a bad position");
    if (np_pdf_begin_graphics(o) < 0 || np_pdf_tags_open(o) < 0
        || np_pdf_set_fill(o, 0) < 0)
        return -1;
    HPDF_Image x_object = stencil_object(o, cells, cols, rows);
    if (!x_object)
        return -1;
    np_pdf_digest_op(o, 'S', 6, (const double[]){ x, y, w, h, cols, rows });
    np_pdf_digest(o, cells, (size_t)cols * (size_t)rows);
    return draw_xobject(o, x_object, x, y, w, h, "drawing a stencil");
}
