/*
 * backends.h - the back ends that draw the pages typesetting lays out,
 * through the interface of typesetting/out.h.
 */
#ifndef NP_BACKENDS_H
#define NP_BACKENDS_H

#include "notepress.h"
#include "ground/diag.h"
#include "typesetting/out.h"

/* The sRGB profile of PDF/A output when NOTEPRESS_ICC_PROFILE names
 * none (Debian's package libgs-common). */
#define NP_SRGB_PROFILE "/usr/share/color/icc/ghostscript/srgb.icc"

/* Back ends. Each returns 0 and fills `out`, or -1 (out of memory).
 * Errors met later are reported to `diags` under the name `file` and
 * make the operation return -1. */
int np_out_pdf_new(np_out *out, const np_allocator *alloc, np_diags *diags,
                   const char *file);
int np_out_dump_new(np_out *out, const np_allocator *alloc, np_diags *diags,
                    const char *file);

#endif
