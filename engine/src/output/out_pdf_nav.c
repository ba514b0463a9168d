/*
 * out_pdf_nav.c - what a reader of the PDF goes by besides the pages:
 * links (URIs, and "#name" to a named destination of this document),
 * the named destinations, and the bookmarks.
 *
 * libharu 2.3.0 refuses a "keep zoom" XYZ destination, so destinations
 * are built as arrays by hand (docs/dependencies.md). A page's links
 * are one array, and libharu's arrays hold at most
 * HPDF_LIMIT_MAX_ARRAY entries: past that a page's links are refused.
 *
 * Not done here: drawing (out_pdf_draw.c); the structure element a
 * link belongs to (out_pdf_tags.c).
 */
#include <math.h>
#include <string.h>

#include "ground/limit.h"
#include "output/out_pdf.h"

#define MAX_PAGE_LINKS 32767u

/* A borderless URI link; /F 4 (print) is what PDF/A asks of it. */
int np_pdf_link(void *self, double x0, double y0, double x1, double y1,
                    const char *uri)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a link outside a page") < 0)
        return -1;
    if (!np_pdf_finite4(x0, y0, x1, y1) || !uri || strlen(uri) > NP_MAX_PDF_STRING)
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "a link with a bad box, or "
                             "no URI, or one longer than a PDF holds");
    if (o->links == MAX_PAGE_LINKS) {
        np_pdf_report(o, NP_MSG_PAGE_LINKS, MAX_PAGE_LINKS);
        o->failed = true;
        return -1;
    }
    o->links++;
    double h = o->page_height;
    HPDF_Rect r = { (HPDF_REAL)x0, (HPDF_REAL)(h - y1), (HPDF_REAL)x1,
                    (HPDF_REAL)(h - y0) };
    const char *doing = "adding a link";
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(o->page, r, uri);
    if (np_pdf_check_ptr(o, a, doing) < 0)
        return -1;
    /* "#name": a link inside the document, to a named destination of
     * the catalog's /Dests, which may be on a page not made yet. */
    if (uri[0] == '#') {
        HPDF_Dict_RemoveElement(a, "A");
        HPDF_Dict_AddName(a, "Dest", uri + 1);
    }
    HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
    HPDF_Dict_AddNumber(a, "F", 4);
    if (o->tags) {
        /* PDF/UA: a link annotation describes itself */
        HPDF_Binary contents = np_pdf_text_string(o, uri);
        if (!contents)
            return np_pdf_refuse_text(o);
        HPDF_Dict_Add(a, "Contents", contents);
    }
    if (np_pdf_tags_annot(o, a) < 0)
        return -1;
    np_pdf_digest_op(o, 'L', 4, (const double[]){ x0, y0, x1, y1 });
    np_pdf_digest_str(o, uri);
    return np_pdf_check(o, doing);      /* libharu's error sticks */
}

/* ---- bookmarks ------------------------------------------------------- */

/* [page /XYZ 0 top null] under `key` of `owner`: a direct array, since
 * libharu refuses zoom 0 ("keep the zoom") in its destination objects.
 * A bookmark's /Dest, or a named destination of the catalog's /Dests. */
static int set_destination(np_pdf_out *o, HPDF_Dict owner, const char *key,
                           double y, const char *doing)
{
    HPDF_Array dest = np_pdf_add_array(owner, key);
    if (np_pdf_check_ptr(o, dest, doing) < 0)
        return -1;
    HPDF_Array_Add(dest, o->page);
    HPDF_Array_AddName(dest, "XYZ");
    HPDF_Array_AddReal(dest, 0);
    HPDF_Array_AddReal(dest, (HPDF_REAL)(o->page_height - y));
    HPDF_Array_Add(dest, HPDF_Null_New(o->pdf->mmgr));
    return np_pdf_check(o, doing);      /* libharu's error sticks */
}

/* Height y of this page named `name` in the catalog's /Dests, for the
 * links "#name" inside the document. */
int np_pdf_dest(void *self, const char *name, double y)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a destination outside a page") < 0)
        return -1;
    if (!name || !isfinite(y))
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "a destination with no name");
    const char *doing = "naming a destination";
    if (!o->dests && !(o->dests = np_pdf_add_dict(o->pdf->catalog, "Dests")))
        return np_pdf_check_ptr(o, NULL, doing);
    np_pdf_digest_op(o, 'D', 1, (const double[]){ y });
    np_pdf_digest_str(o, name);
    return set_destination(o, o->dests, name, y, doing);
}

/* Level n goes under the last entry of level n-1; a level that skips
 * ahead hangs under the deepest entry there is. Top-level entries open,
 * the others closed. */
int np_pdf_bookmark(void *self, int level, const char *title, double y)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a bookmark outside a page") < 0)
        return -1;
    if (!title || !isfinite(y))
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "a bookmark with no title");
    int depth = level < 0 ? 0 : level;
    if (depth > o->outline_depth)
        depth = o->outline_depth;
    if (depth >= NP_PDF_OUTLINE_DEPTH)
        depth = NP_PDF_OUTLINE_DEPTH - 1;
    HPDF_Outline parent = depth ? o->outline[depth - 1] : NULL;
    const char *doing = "adding a bookmark";
    HPDF_Outline item = HPDF_CreateOutline(o->pdf, parent, "", NULL);
    if (np_pdf_check_ptr(o, item, doing) < 0)
        return -1;
    HPDF_Binary text = np_pdf_text_string(o, title);
    if (!text)
        return np_pdf_refuse_text(o);
    HPDF_Dict_Add(item, "Title", text);
    HPDF_Outline_SetOpened(item, depth == 0);
    if (np_pdf_check(o, doing) < 0
        || set_destination(o, item, "Dest", y, "making a bookmark destination") < 0)
        return -1;
    /* libharu gives items the /Type /Outlines of the outline root */
    HPDF_Dict_RemoveElement(item, "Type");
    np_pdf_digest_op(o, 'B', 2, (const double[]){ depth, y });
    np_pdf_digest_str(o, title);
    o->outline[depth] = item;
    o->outline_depth = depth + 1;
    return 0;
}
