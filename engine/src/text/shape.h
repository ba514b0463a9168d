/*
 * shape.h - text as glyphs: the script of a character, and shaping a
 * run into positioned glyphs (HarfBuzz behind one file, shape.c).
 *
 * Two uses. Pair kerning of Latin and Cyrillic text, where glyphs stay
 * one per character, in order, and only the advance after each may
 * change (np_shaper_kerns). And full shaping of a run of one script and
 * direction (np_shaper_shape): Arabic joining forms, required
 * ligatures and marks positioned by GPOS, Chinese as the face maps it;
 * optional ligatures and kerning are the layout's switches. A shaper is
 * made for one face and one render and is not shared between threads.
 */
#ifndef NP_SHAPE_H
#define NP_SHAPE_H

#include <stddef.h>
#include <stdint.h>
#include "text/font.h"

typedef struct np_shaper np_shaper;

/* The scripts a layout gives faces of their own, and the characters
 * that belong to none: punctuation, digits and spaces (common), marks
 * that take their base's script (inherited). Greek and Cyrillic are set
 * in the Latin face; kana and bopomofo with Han. */
typedef enum np_script {
    NP_SCRIPT_COMMON,
    NP_SCRIPT_INHERITED,
    NP_SCRIPT_LATIN,
    NP_SCRIPT_HAN,
    NP_SCRIPT_ARABIC,
    NP_SCRIPT_OTHER
} np_script;

/* The script of code point `cp` (Unicode's Script property, grouped). */
np_script np_script_of(uint32_t cp);
/* Its ISO 15924 code ("Latn", "Hani", "Arab", "Deva"), for messages. */
void np_script_code(uint32_t cp, char code[5]);

/* Whether UTF-8 `text` must be itemized into runs before it is set: it
 * holds a character of a script that has faces of its own or needs
 * shaping (Arabic, Hebrew, Indic, Han, kana, Hangul...), a presentation
 * or full-width form, or a bidi control. Latin, Greek, Cyrillic and
 * their punctuation never do: their text keeps the plain path, one
 * glyph per character. A scan of the bytes. */
bool np_text_needs_runs(const char *text, size_t len);

/* One shaped glyph, in font units. `cluster` is the byte offset, in the
 * run's text, of the first character it shows; with every character
 * its own cluster, a ligature (lam-alef) shows the characters up to the
 * next glyph's cluster in logical order. */
typedef struct np_glyph {
    uint32_t id;
    uint32_t cluster;
    int32_t advance;
    int32_t dx, dy;             /* offset from its pen position */
} np_glyph;

/* How a run is shaped. */
typedef struct np_shape_opts {
    np_script script;
    bool rtl;                   /* right to left */
    const char *lang;           /* "ar", "zh": the language's forms */
    bool kern, liga;            /* the layout's switches */
} np_shape_opts;

/* Shapes UTF-8 `text` (one script, one direction, no line break in it)
 * into glyphs in visual order, left to right, written to out[0..max).
 * Returns how many there are (call again with a larger array when more
 * than `max`), or -1 when HarfBuzz runs out of memory. Runs already
 * shaped in this render are remembered (a document says the same words
 * again and again). The glyphs stay valid while the shaper lives. */
long np_shaper_shape(np_shaper *s, const char *text, size_t len,
                     const np_shape_opts *opts, np_glyph *out, size_t max);

/* Units per em of the shaper's face: glyph advances are in these. */
unsigned np_shaper_upem(const np_shaper *s);

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
