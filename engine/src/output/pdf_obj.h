/*
 * pdf_obj.h - libharu as the PDF back end uses it: the one include of
 * hpdf.h in the engine, the check that it is the pinned version, and
 * the few helpers that make a PDF object under a key of its owner.
 *
 * Only files of output/ include this header: out_pdf*.c, pdf_font.c and
 * pdf_obj.c. They are compiled without HPDF_SHARED, so that hpdf.h shows
 * libharu's object structs, which the code reads and writes (the page's
 * content stream, the catalog, the trailer, a stream's filter and write
 * hook). Those structs are private and change between versions: the
 * build refuses any libharu but 2.3.0 (docs/dependencies.md, "Version
 * pinned").
 *
 * Errors: libharu records an error in the document (HPDF_GetError) and
 * keeps it there until HPDF_ResetError, which nothing in the engine
 * calls; a call made after one that failed does no harm as long as the
 * objects it is given exist. So a run of calls is checked once, after
 * its last call, and only an object that later calls write into needs
 * checking where it is made: the helpers below return NULL for it.
 */
#ifndef NP_PDF_OBJ_H
#define NP_PDF_OBJ_H

#include <stdbool.h>
#include <hpdf.h>
#include <hpdf_conf.h>          /* HPDF_STREAM_BUF_SIZ, as libharu uses it */

/* The version whose private structures the back end reads: another one
 * must not build until that code has been read against it. */
#define NP_HPDF_STR_(x) #x
#define NP_HPDF_STR(x) NP_HPDF_STR_(x)
#if !defined(HPDF_MAJOR_VERSION) || HPDF_MAJOR_VERSION != 2 \
    || HPDF_MINOR_VERSION != 3 || HPDF_BUGFIX_VERSION != 0
#if defined(HPDF_MAJOR_VERSION)
#pragma message("libharu found: " NP_HPDF_STR(HPDF_MAJOR_VERSION) "." \
                NP_HPDF_STR(HPDF_MINOR_VERSION) "." \
                NP_HPDF_STR(HPDF_BUGFIX_VERSION))
#endif
#error "notepress needs libharu 2.3.0 exactly (Debian 12's libhpdf-dev): output/ reads its private structures, which change between versions. Another libharu needs that code read again first: see docs/dependencies.md, 'Version pinned'."
#endif
#ifdef HPDF_SHARED
#error "output/ reads libharu's object structs, which hpdf.h hides when HPDF_SHARED is defined: build without it (docs/dependencies.md)."
#endif

/* A direct dictionary or array made under `key` of `owner`; NULL when
 * libharu failed (it then frees a direct object it was given, so the
 * object must not be used). */
HPDF_Dict np_pdf_add_dict(HPDF_Dict owner, const char *key);
HPDF_Array np_pdf_add_array(HPDF_Dict owner, const char *key);

/* The same as the last item of `owner`. */
HPDF_Dict np_pdf_push_dict(HPDF_Array owner);
HPDF_Array np_pdf_push_array(HPDF_Array owner);

/* An indirect dictionary, held by the document's cross-reference table
 * from the start, so that libharu frees it whatever fails later. */
HPDF_Dict np_pdf_new_object(HPDF_Doc pdf);

/* The object number of the indirect object `obj`: its obj_id without
 * the flags libharu keeps in the top bits. */
HPDF_UINT32 np_pdf_object_number(const void *obj);

/* A stream object under `key` of `owner`, deflated when the document is
 * saved when `deflate` is set; NULL when libharu failed. */
HPDF_Dict np_pdf_add_stream(HPDF_Doc pdf, HPDF_Dict owner, const char *key,
                            bool deflate);

/* A text string (PDFDocEncoding) under `key` of `owner`. */
HPDF_STATUS np_pdf_add_string(HPDF_Dict owner, const char *key,
                              const char *value);

/* Marks the stream of `dict` as already deflated by us: libharu writes
 * it as it is, with the /Filter key it writes for a stream it deflates
 * itself (and would drop from one it does not). */
void np_pdf_deflated(HPDF_Dict dict);

#endif
