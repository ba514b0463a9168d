/*
 * pdf_obj.h - libharu as the PDF back end uses it: the one include of
 * hpdf.h in the engine, and the check that it is the pinned version.
 *
 * Only files of output/ include this header: out_pdf.c and pdf_font.c.
 * They are compiled without HPDF_SHARED, so that hpdf.h shows libharu's
 * object structs, which the code reads and writes (the page's content
 * stream, the catalog, the trailer, a stream's filter and write hook).
 * Those structs are private and change between versions: the build
 * refuses any libharu but 2.3.0 (docs/dependencies.md, "Version
 * pinned").
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

#endif
