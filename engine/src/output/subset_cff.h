/*
 * subset_cff.h - the CFF program of the glyphs a document shows, from a
 * face with PostScript (CFF) outlines, cut by HarfBuzz's subsetter
 * (libharfbuzz-subset behind one file, subset_cff.c).
 *
 * The PDF embeds it as a CIDFontType0 font (FontFile3, CIDFontType0C).
 * A CID-keyed program stays CID-keyed, its glyphs keeping their CIDs:
 * the page's codes are the face's own CIDs, which for the faces this
 * engine takes (Noto CJK: registry Adobe, ordering Identity) are their
 * glyph ids. Nothing here writes PDF.
 */
#ifndef NP_SUBSET_CFF_H
#define NP_SUBSET_CFF_H

#include <stddef.h>
#include <stdint.h>
#include "notepress.h"

/* Cuts the 'CFF ' table of face `index` of the font file file[0..len)
 * down to glyphs[0..n) (.notdef is always kept). Returns a copy made
 * with `alloc` (NULL: malloc), its size in *out_len, or NULL when the
 * face has no CFF outlines or memory runs out. */
uint8_t *np_cff_subset(const uint8_t *file, size_t len, unsigned index,
                       const uint32_t *glyphs, size_t n,
                       const np_allocator *alloc, size_t *out_len);

#endif
