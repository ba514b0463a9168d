/*
 * bidi.h - the direction of text: embedding levels by the Unicode
 * Bidirectional Algorithm and the visual order of a line (FriBidi
 * behind one file, bidi.c).
 *
 * A paragraph is resolved once, in logical order, before it is broken
 * into lines; each line is then put in visual order from the levels of
 * its runs. Levels are even for left-to-right text, odd for
 * right-to-left. Symbols ("A/C.3/72/1"), digits and Latin names inside
 * Arabic take the levels the algorithm gives them. Shaping mirrors
 * brackets itself (shape.c); nothing here looks at glyphs.
 */
#ifndef NP_BIDI_H
#define NP_BIDI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "notepress.h"

/* The deepest level the algorithm gives (UAX #9: 125). */
#define NP_BIDI_MAX_LEVEL 125

/* Whether UTF-8 `text` holds a character that is written right to left
 * (bidi class R or AL: Hebrew, Arabic, Syriac, Thaana, N'Ko...) or an
 * explicit embedding, override or isolate: the paragraph then needs
 * np_bidi_levels. Left-to-right text of any script does not. */
bool np_bidi_needed(const char *text, size_t len);

/* The embedding level of every byte of the paragraph `text` (UTF-8,
 * `len` bytes; the bytes of one character share its level), written to
 * levels[0..len). `rtl`: the paragraph's base direction is right to
 * left (the language's; rules P2-P3 are not applied, as a document's
 * paragraphs take the direction of its language). Bytes that are not
 * UTF-8 count as U+FFFD. Returns 0, or -1 when memory runs out
 * (`alloc`: NULL for malloc). */
int np_bidi_levels(const char *text, size_t len, bool rtl,
                   const np_allocator *alloc, uint8_t *levels);

/* The visual order of the `n` runs of one line, given in logical order
 * with their levels: order[k] is the logical index of the run drawn k-th
 * from the left (rule L2: from the highest level down to the lowest odd
 * one, every sequence of runs at that level or above is reversed).
 * `rtl` is the paragraph's base direction. Returns 0, -1 when memory
 * runs out. */
int np_bidi_visual_order(const uint8_t *levels, size_t n, bool rtl,
                         const np_allocator *alloc, size_t *order);

#endif
