/*
 * font.c - the metrics of a TrueType face, read from its own tables.
 *
 * Loads a face step by step: the file and its table directory
 * (font_file.c), head, maxp, hhea, hmtx and OS/2 here, every outline
 * checked (glyf_check.c), then the cmap (font_cmap.c) into two lookups:
 * a flat advance table for the BMP (in pages), and for faces that map
 * the supplementary planes the format 12 groups with a per-glyph
 * advance table. Then answers every query of font.h.
 *
 * The file stays in memory with the face: subset.c copies the outlines
 * of the glyphs a document shows from it (through np_face_table), so a
 * face is read from disk once per engine, not once per document. This
 * file does not read outlines, kerning or GSUB/GPOS.
 *
 * The PDF's /W array holds these advances, so measured and drawn widths
 * agree to the unit. They follow the rules of libharu 2.3.0's
 * HPDF_TTFontDef_GetCharWidth, which made earlier PDFs and which the
 * unit test still compares against: each advance is
 * (uint16)(advanceWidth * 1000 / unitsPerEm) in integer arithmetic, the
 * BMP comes from the format 4 subtable (3/1 first), a glyph id at or
 * past numGlyphs counts as missing, and a missing glyph takes the
 * advance of glyph 0.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/bytes.h"
#include "ground/utf8.h"
#include "text/font_load.h"
#include "text/glyf_check.h"

const char *const np_font_table_tags[T_COUNT] = {
    "head", "hhea", "maxp", "hmtx", "cmap", "glyf", "loca",
    "OS/2", "post", "name", "cvt ", "fpgm", "prep", "CFF "
};

bool np_font_fail(np_font_loader *ld, const char *fmt, ...)
{
    if (ld->err && ld->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ld->err, ld->errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* The advance in 1/1000 em exactly as libharu computes it. libharu then
 * returns it as an int16, so an advance above 32.767 em would turn
 * negative there; it stays positive here. */
static uint16_t to_milli_em(unsigned advance, unsigned units_per_em)
{
    return (uint16_t)(advance * 1000u / units_per_em);
}

/* ---- head, maxp, hhea, hmtx, OS/2 ---------------------------------- */

static bool parse_head(np_font_loader *ld)
{
    np_font_span s = ld->tables[T_HEAD];
    if (s.len < 54)
        return np_font_fail(ld, "table head is truncated");
    if (np_be32(s.p + 12) != 0x5F0F3CF5)
        return np_font_fail(ld, "table head has a wrong magic number");
    ld->units_per_em = np_be16(s.p + 18);
    if (ld->units_per_em < 16 || ld->units_per_em > 16384)
        return np_font_fail(ld, "table head gives %u units per em, not 16 to 16384",
                    ld->units_per_em);
    return true;
}

static bool parse_maxp(np_font_loader *ld)
{
    np_font_span s = ld->tables[T_MAXP];
    if (s.len < 6)
        return np_font_fail(ld, "table maxp is truncated");
    ld->num_glyphs = np_be16(s.p + 4);
    if (ld->num_glyphs == 0)
        return np_font_fail(ld, "table maxp says the font has no glyphs");
    return true;
}

static bool parse_hhea(np_font_loader *ld)
{
    np_font_span s = ld->tables[T_HHEA];
    if (s.len < 36)
        return np_font_fail(ld, "table hhea is truncated");
    ld->hhea_ascender = np_bes16(s.p + 4);
    ld->hhea_descender = np_bes16(s.p + 6);
    ld->num_hmetrics = np_be16(s.p + 34);
    if (ld->num_hmetrics == 0)
        return np_font_fail(ld, "table hhea gives no horizontal metrics");
    return true;
}

/* Only the advances are read: the left side bearings after the last
 * long metric are not needed, so a table missing them is accepted. */
static bool parse_hmtx(np_font_loader *ld)
{
    np_font_span s = ld->tables[T_HMTX];
    size_t used = ld->num_hmetrics < ld->num_glyphs ? ld->num_hmetrics
                                                     : ld->num_glyphs;
    if (!np_fits(s.len, 0, used * 4))
        return np_font_fail(ld, "table hmtx is truncated");
    ld->advance = np_mem_alloc(ld->alloc, ld->num_glyphs * sizeof *ld->advance);
    if (!ld->advance)
        return np_font_fail(ld, "out of memory loading the font");
    for (size_t g = 0; g < ld->num_glyphs; g++) {
        size_t from = g < used ? g : used - 1;
        ld->advance[g] = to_milli_em(np_be16(s.p + from * 4), ld->units_per_em);
    }
    return true;
}

/* OS/2 is optional here: it only refines the vertical metrics. */
static bool parse_os2(np_font_loader *ld)
{
    np_font_span s = ld->tables[T_OS2];
    if (!s.p)
        return true;
    if (s.len >= 78) {
        ld->typo_ascender = np_bes16(s.p + 68);
        ld->typo_descender = np_bes16(s.p + 70);
    }
    if (s.len >= 90 && np_be16(s.p) >= 2)
        ld->os2_cap_height = np_bes16(s.p + 88);
    return true;
}

static int scale(int units, unsigned units_per_em)
{
    return units * 1000 / (int)units_per_em;
}

/* The same choices as libharu: hhea first, OS/2's typographic values when
 * hhea gives no ascender, and a descent that is never positive. Without
 * sCapHeight (OS/2 before version 2) the cap height would need the 'H'
 * outline from glyf, which is not read: 0.7 of the ascent is the usual
 * proportion in Latin text faces (Liberation Serif: 654 / 891). */
static void set_vertical_metrics(const np_font_loader *ld, np_face *face)
{
    unsigned upem = ld->units_per_em;
    face->ascent = scale(ld->hhea_ascender, upem);
    face->descent = scale(ld->hhea_descender, upem);
    if (face->ascent == 0) {
        face->ascent = scale(ld->typo_ascender, upem);
        face->descent = scale(ld->typo_descender, upem);
    }
    if (face->descent > 0)
        face->descent = -face->descent;
    face->cap_height = ld->os2_cap_height > 0
                       ? scale(ld->os2_cap_height, upem)
                       : face->ascent * 7 / 10;
}

/* ---- loading ------------------------------------------------------- */

static np_face *new_face(const np_allocator *alloc)
{
    np_face *face = np_mem_alloc(alloc, sizeof *face);
    if (!face)
        return NULL;
    memset(face, 0, sizeof *face);
    if (alloc) {
        face->alloc = *alloc;
        face->has_alloc = true;
    }
    return face;
}

static void set_notdef(const np_font_loader *ld, np_face *face)
{
    face->num_glyphs = ld->num_glyphs;
    face->notdef_advance = ld->advance[0];
    for (size_t i = 0; i < PAGE_SIZE; i++)
        face->unmapped.advance[i] = face->notdef_advance;
    for (size_t p = 0; p < BMP_PAGES; p++)
        face->pages[p] = &face->unmapped;
}

/* Every outline, before any is embedded (glyf_check.c). CFF outlines
 * are read by HarfBuzz's subsetter, which checks what it reads. */
static bool check_outlines(np_font_loader *ld)
{
    if (!ld->tables[T_GLYF].p)
        return true;
    unsigned format = np_be16(ld->tables[T_HEAD].p + 50);
    if (format > 1)
        return np_font_fail(ld, "table head gives an unknown loca format %u", format);
    np_glyf_tables t = {
        .loca = ld->tables[T_LOCA].p, .loca_len = ld->tables[T_LOCA].len,
        .glyf = ld->tables[T_GLYF].p, .glyf_len = ld->tables[T_GLYF].len,
        .long_loca = format == 1, .num_glyphs = ld->num_glyphs,
    };
    return np_glyf_check(&t, ld->alloc, ld->err, ld->errlen);
}

static bool parse_face(np_font_loader *ld, np_face *face)
{
    if (!np_font_check_signature(ld) || !np_font_read_directory(ld)
        || !parse_head(ld) || !parse_maxp(ld) || !check_outlines(ld)
        || !parse_hhea(ld) || !parse_hmtx(ld) || !parse_os2(ld))
        return false;
    set_notdef(ld, face);
    set_vertical_metrics(ld, face);
    if (!np_font_parse_cmap(ld, face))
        return false;
    return !face->oom || np_font_fail(ld, "out of memory loading the font");
}

/* The face takes the file, and the table spans that point into it. */
static void keep_file(np_font_loader *ld, np_face *face)
{
    face->file = ld->buf;
    face->file_size = ld->size;
    face->mapped = ld->mapped;
    ld->buf = NULL;
    ld->copy = NULL;
    memcpy(face->tables, ld->tables, sizeof face->tables);
}

np_face *np_face_load(const char *path, const np_allocator *alloc,
                      char *err, size_t errlen)
{
    return np_face_load_index(path, 0, alloc, err, errlen);
}

np_face *np_face_load_index(const char *path, unsigned index,
                            const np_allocator *alloc, char *err, size_t errlen)
{
    np_font_loader ld = { .alloc = alloc, .err = err, .errlen = errlen,
                          .index = index };
    np_face *face = NULL;
    if (err && errlen > 0)
        err[0] = '\0';
    if (!np_font_open_file(&ld, path))
        goto done;
    face = new_face(alloc);
    if (!face) {
        np_font_fail(&ld, "out of memory loading the font");
        goto done;
    }
    if (!parse_face(&ld, face)) {
        np_face_free(face);
        face = NULL;
    } else {
        keep_file(&ld, face);
        face->index = index;
    }
done:
    np_mem_free(alloc, ld.advance);
    if (ld.buf)
        np_font_release_file(alloc, ld.buf, ld.size, ld.mapped);
    return face;
}

void np_face_free(np_face *face)
{
    if (!face)
        return;
    /* The allocator lives inside the face: copy it out before the face
     * itself is freed. */
    np_allocator copy = face->alloc;
    const np_allocator *alloc = face->has_alloc ? &copy : NULL;
    np_mem_free(alloc, face->glyph_advance);
    np_mem_free(alloc, face->groups);
    if (face->file)
        np_font_release_file(alloc, face->file, face->file_size, face->mapped);
    for (size_t p = 0; p < BMP_PAGES; p++)
        if (face->pages[p] != &face->unmapped)
            np_mem_free(alloc, face->pages[p]);
    np_mem_free(alloc, face);
}

/* ---- queries ------------------------------------------------------- */

static const np_font_group *find_group(const np_face *face, uint32_t cp)
{
    size_t lo = 0, hi = face->num_groups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (face->groups[mid].last < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < face->num_groups && face->groups[lo].first <= cp)
        return &face->groups[lo];
    return NULL;
}

/* Glyph id of a code point above the BMP, or 0 when it has none. */
static uint32_t supplementary_glyph(const np_face *face, uint32_t cp)
{
    const np_font_group *g = find_group(face, cp);
    if (!g)
        return 0;
    uint64_t gid = (uint64_t)g->glyph + (cp - g->first);
    return gid < face->num_glyphs ? (uint32_t)gid : 0;
}

int np_face_advance(const np_face *face, uint32_t cp)
{
    if (cp < BMP_SIZE)
        return face->pages[cp / PAGE_SIZE]->advance[cp % PAGE_SIZE];
    uint32_t gid = supplementary_glyph(face, cp);
    return gid ? face->glyph_advance[gid] : face->notdef_advance;
}

uint32_t np_face_glyph(const np_face *face, uint32_t cp)
{
    if (cp < BMP_SIZE)
        return face->pages[cp / PAGE_SIZE]->glyph[cp % PAGE_SIZE];
    return supplementary_glyph(face, cp);
}

bool np_face_has_glyph(const np_face *face, uint32_t cp)
{
    return np_face_glyph(face, cp) != 0;
}

uint32_t np_face_num_glyphs(const np_face *face)
{
    return face->num_glyphs;
}

const uint8_t *np_face_table(const np_face *face, const char *tag,
                             size_t *len)
{
    for (int t = 0; t < T_COUNT; t++) {
        if (memcmp(tag, np_font_table_tags[t], 4) == 0 && face->tables[t].p) {
            *len = face->tables[t].len;
            return face->tables[t].p;
        }
    }
    *len = 0;
    return NULL;
}

int np_face_ascent(const np_face *face)
{
    return face->ascent;
}

int np_face_descent(const np_face *face)
{
    return face->descent;
}

int np_face_cap_height(const np_face *face)
{
    return face->cap_height;
}

/* Sums integer advances before scaling, as libharu's TextWidth does, so
 * that the result equals its width * size / 1000 exactly. */
double np_face_text_width(const np_face *face, double size,
                          const char *utf8, size_t len)
{
    size_t chars;
    return (double)np_face_text_units(face, utf8, len, &chars) * size / 1000.0;
}

uint64_t np_face_text_units(const np_face *face, const char *utf8, size_t len,
                            size_t *chars)
{
    const uint8_t *s = (const uint8_t *)utf8;
    const uint16_t *ascii = face->pages[0]->advance;
    uint64_t sum = 0;
    size_t i = 0, n = 0;
    for (; i < len; n++) {
        if (s[i] < 0x80) {
            sum += ascii[s[i++]];
            continue;
        }
        /* A bad byte is measured as U+FFFD, for its maximal
         * subpart, never swallowing the good character after it. */
        uint32_t cp;
        i += np_utf8_next(utf8 + i, len - i, &cp);
        sum += (unsigned)np_face_advance(face, cp);
    }
    *chars = n;
    return sum;
}

const uint8_t *np_face_file(const np_face *face, size_t *len)
{
    *len = face->file_size;
    return face->file;
}

unsigned np_face_index(const np_face *face)
{
    return face->index;
}

bool np_face_is_cff(const np_face *face)
{
    return face->tables[T_CFF].p != NULL;
}
