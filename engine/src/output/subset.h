/*
 * subset.h - the characters one document shows in one face, their CIDs,
 * and the TrueType program that embeds only their glyphs.
 *
 * The PDF back end writes text as two-byte CIDs of a Type0 font
 * (Identity-H): np_subset_cid gives each code point its CID the first
 * time it is shown; once every page is drawn, np_subset_build makes the
 * font program and the CID-to-glyph map, and np_face_facts gives what
 * the font descriptor says of the face. Nothing here writes PDF.
 *
 * A subset belongs to one document and is used by one thread; the face
 * it reads is shared and never written.
 */
#ifndef NP_SUBSET_H
#define NP_SUBSET_H

#include <stdint.h>
#include "text/font.h"

/* The largest CID: CIDs are two bytes, and 0 is .notdef's. */
#define NP_SUBSET_MAX_CID 0xFFFFu

typedef struct np_subset np_subset;

/* A subset of `face`, which must outlive it; memory from `alloc` (NULL:
 * malloc). NULL when out of memory. */
np_subset *np_subset_new(const np_face *face, const np_allocator *alloc);
void np_subset_free(np_subset *s);

/* The CID of code point `cp`, given on first use (1, 2, ...). Every code
 * point gets its own CID, with or without a glyph in the face, so that
 * the text can be extracted again. Returns 0 (.notdef) for a code point
 * above the BMP, once NP_SUBSET_MAX_CID CIDs are given, or when out of
 * memory (np_subset_failed then says so). */
unsigned np_subset_cid(np_subset *s, uint32_t cp);
bool np_subset_failed(const np_subset *s);

/* The CID of glyph `glyph` of the face showing UTF-8 `text` (the
 * characters a shaped glyph stands for; none for the second glyph of
 * one character), given on first use of the pair with the advance it was
 * shaped with, `width` in 1/1000 em (-1: the face's own), which the
 * PDF's widths then give it: a reader places each character where the
 * glyph is (an Arabic letter's part that shaping left without an
 * advance takes none). 0 as np_subset_cid. */
unsigned np_subset_cid_glyph(np_subset *s, uint32_t glyph, const char *text,
                             size_t len, int width);

/* How many CIDs were given (CID 0 not counted), and the code point of
 * CID 1..count (0 for a glyph's CID: np_subset_text gives its text). */
unsigned np_subset_count(const np_subset *s);
uint32_t np_subset_code(const np_subset *s, unsigned cid);
/* The code the page writes for a CID, and that CID: for a TrueType face
 * the CIDs given (code = CID), for a CFF face the glyphs shown (code =
 * glyph id; CID the first text shown with it). Ascending by code, each
 * code once; `code` is what np_subset_cid and np_subset_cid_glyph
 * return. An array of *n freed with np_mem_free from the subset's
 * allocator; NULL when out of memory. */
typedef struct np_cid_entry {
    unsigned code, cid;
} np_cid_entry;
np_cid_entry *np_subset_entries(const np_subset *s, size_t *n);
/* The face glyph of CID `cid`. */
uint32_t np_subset_glyph(const np_subset *s, unsigned cid);
/* The advance the PDF's widths give the page's code `code`, 1/1000 em. */
int np_subset_code_advance(const np_subset *s, unsigned code);

/* The text a glyph's CID shows, NULL for a code point's CID. */
const char *np_subset_text(const np_subset *s, unsigned cid, size_t *len);
/* The advance of a CID in 1/1000 em, as /W gives it. */
int np_subset_advance(const np_subset *s, unsigned cid);

/* The font program of the CIDs given so far. `data` holds a TrueType
 * file of `len` bytes with glyph 0 (.notdef), the glyphs of the CIDs
 * and the components of composite glyphs, renumbered in that order;
 * `cid_to_gid[cid]` (cid 0..np_subset_count) is the glyph of a CID in
 * that program, 0 when the face has none. Both arrays come from the
 * subset's allocator and are freed by np_subset_program_free. */
typedef struct np_subset_program {
    uint8_t *data;
    size_t len;
    uint16_t *cid_to_gid;       /* NULL for a CFF face (codes are glyphs) */
    unsigned glyphs;            /* glyphs in the program, .notdef included */
} np_subset_program;

/* 0 on success, -1 when out of memory (or for a face np_face_load
 * would have refused). A glyph whose outline lies
 * outside the face's glyf table (a damaged file) is written empty. */
int np_subset_build(np_subset *s, np_subset_program *out);
void np_subset_program_free(np_subset *s, np_subset_program *p);

/* A six-letter tag (and its NUL) naming this subset, as PDF asks of
 * subset fonts ("ABCDEF+Name"): a digest of the code points shown, so
 * the same text gives the same name. */
void np_subset_tag(const np_subset *s, char tag[7]);

/* What a PDF font descriptor says of a face, in 1/1000 em where a
 * length (face_facts.c). */
typedef struct np_face_facts {
    char ps_name[64];           /* PostScript name; never empty */
    int bbox[4];                /* xMin yMin xMax yMax */
    double italic_angle;        /* degrees, counter-clockwise */
    int flags;                  /* PDF font flags (FixedPitch, Serif, ...) */
    int stem_v;                 /* estimated from the weight class */
} np_face_facts;

void np_face_facts_get(const np_face *face, np_face_facts *out);

#endif
