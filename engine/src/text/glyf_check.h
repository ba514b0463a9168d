/*
 * glyf_check.h - the outlines of a TrueType face checked before any is
 * embedded (glyf_check.c).
 */
#ifndef NP_GLYF_CHECK_H
#define NP_GLYF_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "notepress.h"

/* The tables the check reads, as the face's directory gives them. */
typedef struct np_glyf_tables {
    const uint8_t *loca, *glyf;
    size_t loca_len, glyf_len;
    bool long_loca;             /* head.indexToLocFormat == 1 */
    uint32_t num_glyphs;        /* maxp.numGlyphs */
} np_glyf_tables;

/* Checks every glyph of the face: loca in order and inside glyf, each
 * glyph's header, contours, instructions, flags and coordinates inside
 * its bytes, composite glyphs naming glyphs the face has, without a
 * cycle. Returns true, or false with a sentence naming the first bad
 * glyph in err[0..errlen). Memory for the walk of composite glyphs comes
 * from `alloc` (NULL: malloc); when it runs out, says so in err. */
bool np_glyf_check(const np_glyf_tables *t, const np_allocator *alloc,
                   char *err, size_t errlen);

/* Bytes of one component of a composite glyph whose flags are `flags`:
 * its flags, glyph index, offsets (bytes or words) and transform. */
size_t np_glyf_component_size(unsigned flags);

/* Component flag: another component follows. */
#define NP_GLYF_MORE_COMPONENTS 0x0020u

#endif
