/*
 * font.h - metrics of a TrueType face, read from the file's own tables.
 *
 * Layout measures words with these metrics; the PDF back end embeds a
 * subset of the same file (subset.c), so what is measured is what is
 * drawn. Advances are given in 1/1000 em, truncated to an integer: the
 * PDF's /W array holds the same numbers, so that measured and drawn
 * widths agree to the unit. A loaded face is read-only and may be shared between threads.
 */
#ifndef NP_FONT_H
#define NP_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "notepress.h"

typedef struct np_face np_face;

/* Loads the face in the TrueType file at `path`. On failure returns NULL
 * and writes a sentence into err[errlen] ("not a TrueType or OpenType file", "file is
 * truncated (hmtx)", "glyph 7 is damaged: its point flags run past its
 * end", strerror of the open...). Every outline is checked first
 * (glyf_check.c): a damaged face is refused, never embedded. The file
 * is mapped read-only (read into memory where it cannot be) once, and
 * not kept open. Malformed tables never read out of bounds. */
np_face *np_face_load(const char *path, const np_allocator *alloc,
                      char *err, size_t errlen);
/* The same for face `index` (from 0) of a collection (.ttc); 0 for a
 * file of one face. OpenType faces with PostScript (CFF) outlines load
 * too: their metrics come from the same tables, their outlines are the
 * CFF table's (np_face_is_cff), embedded by subset_cff.c. */
np_face *np_face_load_index(const char *path, unsigned index,
                            const np_allocator *alloc, char *err, size_t errlen);
void np_face_free(np_face *face);

/* Advance of code point `cp` in 1/1000 em; for a code point without a
 * glyph, the advance of glyph 0 (.notdef). */
int np_face_advance(const np_face *face, uint32_t cp);
bool np_face_has_glyph(const np_face *face, uint32_t cp);

/* Glyph id of code point `cp`, 0 (.notdef) when the face has none; always
 * below np_face_num_glyphs. */
uint32_t np_face_glyph(const np_face *face, uint32_t cp);
uint32_t np_face_num_glyphs(const np_face *face);

/* The bytes of table `tag` (four characters, "cvt " with its space) as
 * the file has them, owned by the face; NULL and *len 0 when the face
 * has no such table or it is not one the face keeps track of (head,
 * hhea, maxp, hmtx, cmap, glyf, loca, OS/2, post, name, cvt , fpgm,
 * prep, CFF ). The offsets of the table directory were checked against the
 * file; the content of a table was not, beyond what metrics need. */
const uint8_t *np_face_table(const np_face *face, const char *tag,
                             size_t *len);

/* Vertical metrics in 1/1000 em (descent is negative), from hhea/OS/2. */
int np_face_ascent(const np_face *face);
int np_face_descent(const np_face *face);
int np_face_cap_height(const np_face *face);

/* Width of UTF-8 text at `size` points. Malformed bytes count as
 * U+FFFD. */
double np_face_text_width(const np_face *face, double size,
                          const char *utf8, size_t len);

/* The same as a sum of advances in 1/1000 em, and in *chars the number
 * of characters (code points, each malformed sequence one) it holds:
 * every one of them is drawn as one glyph. */
uint64_t np_face_text_units(const np_face *face, const char *utf8, size_t len,
                            size_t *chars);

/* The whole font file as loaded, owned by the face (for a shaper), and
 * the face's index in it (a collection). */
const uint8_t *np_face_file(const np_face *face, size_t *len);
unsigned np_face_index(const np_face *face);
/* Whether the face's outlines are PostScript (a CFF table, no glyf). */
bool np_face_is_cff(const np_face *face);

#endif
