/*
 * shape.h - what shaping a run of text changes in its glyphs' advances
 * (HarfBuzz behind one file, shape.c).
 *
 * Today that is pair kerning only: glyphs stay one per character, in
 * order (ligatures and glyph composition are turned off), and only the
 * advance after each character may change. It is the place where full
 * shaping (ligatures, marks, other scripts) will grow. A shaper is made
 * for one face and one render and is not shared between threads.
 */
#ifndef NP_SHAPE_H
#define NP_SHAPE_H

#include <stddef.h>
#include <stdint.h>
#include "text/font.h"

typedef struct np_shaper np_shaper;

/* A shaper of `face`, which must outlive it. NULL when memory runs out
 * or when HarfBuzz cannot read the face. */
np_shaper *np_shaper_new(const np_face *face);
void np_shaper_free(np_shaper *s);

/* The kerning of UTF-8 `text`: kern[i] is what the font adds to the
 * advance of character i (in 1/1000 em, negative when the next glyph
 * moves closer), for up to `max` characters. A U+0020 space is a
 * boundary: no pair across it is kerned, and a piece between spaces is
 * kerned as a whole. Returns the sum of the adjustments. */
long np_shaper_kerns(np_shaper *s, const char *text, size_t len,
                     int16_t *kern, size_t max);

/* The sum alone (the adjustments of `text` measured in one piece). */
long np_shaper_kern_total(np_shaper *s, const char *text, size_t len);

#endif
