/*
 * font_cmap.c - the character map of a face: the best Unicode format 4
 * and format 12 subtables (libharu's order for the BMP) read into the
 * face's pages of 256 code points, a page owned only where the face has
 * glyphs, and the groups above the BMP kept sorted and disjoint. Every
 * offset is checked against the table; glyph ids past the font's count
 * map to nothing. Advances come from font.c, the file from font_file.c.
 */
#include <stdlib.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/bytes.h"
#include "text/font_load.h"

/* The page of `cp`, given its own copy of the unmapped page first. */
static np_font_bmp_page *own_page(np_face *face, uint32_t cp)
{
    np_font_bmp_page **page = &face->pages[cp / PAGE_SIZE];
    if (*page == &face->unmapped) {
        np_font_bmp_page *p = np_mem_alloc(face->has_alloc ? &face->alloc : NULL,
                                   sizeof *p);
        if (!p) {
            face->oom = true;
            return NULL;
        }
        *p = face->unmapped;
        *page = p;
    }
    return *page;
}

static void map_bmp(const np_font_loader *ld, np_face *face, uint32_t cp, uint64_t gid)
{
    if (gid == 0 || gid >= ld->num_glyphs)
        return;
    np_font_bmp_page *page = own_page(face, cp);
    if (!page)
        return;
    page->advance[cp % PAGE_SIZE] = ld->advance[gid];
    page->glyph[cp % PAGE_SIZE] = (uint16_t)gid;
}

/* Higher is better; 0 means "not a Unicode subtable we read". The BMP
 * order (3/1 before 0/x) is libharu's. */
static int subtable_rank(unsigned platform, unsigned encoding, unsigned format)
{
    bool ms_bmp = platform == 3 && encoding == 1;
    bool ms_full = platform == 3 && encoding == 10;
    if (format == 4)
        return ms_bmp ? 3 : platform == 0 ? 2 : ms_full ? 1 : 0;
    if (format == 12)
        return ms_full ? 3 : platform == 0 ? 2 : ms_bmp ? 1 : 0;
    return 0;
}

/* A subtable's declared length bounds it when it is plausible; some
 * fonts get it wrong, and the end of the cmap table is still a bound. */
static np_font_span bound_by_length(np_font_span s, size_t declared, size_t header)
{
    if (declared >= header && declared <= s.len)
        s.len = declared;
    return s;
}

typedef struct format4 {
    np_font_span s;
    size_t segs;
} format4;

/* The spec's lookup; libharu differs only on malformed subtables (it
 * adds idDelta to a 0 from glyphIdArray). */
static uint32_t format4_glyph(const format4 *f, size_t i, uint32_t cp)
{
    const uint8_t *p = f->s.p;
    uint32_t start = np_be16(p + 16 + 2 * f->segs + 2 * i);
    uint32_t delta = np_be16(p + 16 + 4 * f->segs + 2 * i);
    size_t range_at = 16 + 6 * f->segs + 2 * i;
    uint32_t range = np_be16(p + range_at);
    if (range == 0)
        return (cp + delta) & 0xFFFF;
    size_t at = range_at + range + 2 * (size_t)(cp - start);
    if (!np_fits(f->s.len, at, 2))
        return 0;
    uint32_t g = np_be16(p + at);
    return g ? (g + delta) & 0xFFFF : 0;
}

/* A code point belongs to the first segment whose end is at or above it,
 * as in a search of sorted segments; tracking the highest end seen keeps
 * that rule, and the work linear, when a hostile table is not sorted. */
static bool fill_format4(np_font_loader *ld, np_face *face, np_font_span s)
{
    if (s.len < 14)
        return np_font_fail(ld, "table cmap is truncated (format 4 header)");
    format4 f = { bound_by_length(s, np_be16(s.p + 2), 16), np_be16(s.p + 6) / 2 };
    if (f.segs == 0)
        return np_font_fail(ld, "table cmap has a format 4 subtable with no segments");
    if (!np_fits(f.s.len, 16, 8 * f.segs))
        return np_font_fail(ld, "table cmap is truncated (format 4 segments)");
    uint32_t covered = 0;
    for (size_t i = 0; i < f.segs; i++) {
        uint32_t end = np_be16(f.s.p + 14 + 2 * i);
        uint32_t start = np_be16(f.s.p + 16 + 2 * f.segs + 2 * i);
        for (uint32_t cp = start > covered ? start : covered; cp <= end; cp++)
            map_bmp(ld, face, cp, format4_glyph(&f, i, cp));
        if (end + 1 > covered)
            covered = end + 1;
    }
    return true;
}

/* Glyph ids past 0xFFFF are never valid, so saturating keeps a hostile
 * group invalid instead of letting it wrap around to a real glyph. */
static uint32_t skip_glyphs(uint32_t glyph, uint64_t by)
{
    uint64_t g = (uint64_t)glyph + by;
    return g > UINT32_MAX ? UINT32_MAX : (uint32_t)g;
}

/* Cuts the code points below `from` off group `g`, its glyphs with
 * them; false when nothing is left of it. */
static bool clip_below(np_font_group *g, uint64_t from)
{
    if (g->last < from)
        return false;
    if (g->first < from) {
        g->glyph = skip_glyphs(g->glyph, from - g->first);
        g->first = (uint32_t)from;
    }
    return true;
}

/* A total order on the values, so that the result does not depend on
 * qsort's handling of equal keys. */
static int compare_groups(const void *a, const void *b)
{
    const np_font_group *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return (x->glyph > y->glyph) - (x->glyph < y->glyph);
}

/* Sorts the groups and trims overlaps (invalid, but possible in a
 * hostile file) so that every code point has at most one group; returns
 * the new count. */
static size_t normalize_groups(np_font_group *g, size_t n)
{
    qsort(g, n, sizeof *g, compare_groups);
    size_t kept = 0;
    uint64_t next_free = 0;
    for (size_t i = 0; i < n; i++) {
        np_font_group cur = g[i];
        if (!clip_below(&cur, next_free))
            continue;
        g[kept++] = cur;
        next_free = (uint64_t)cur.last + 1;
    }
    return kept;
}

static bool read_groups(np_font_loader *ld, np_font_span s, np_font_group **out,
                        size_t *count)
{
    if (s.len < 16)
        return np_font_fail(ld, "table cmap is truncated (format 12 header)");
    s = bound_by_length(s, np_be32(s.p + 4), 16);
    uint32_t n = np_be32(s.p + 12);
    if (n > MAX_GROUPS)
        return np_font_fail(ld, "table cmap has a format 12 subtable with %u groups",
                    (unsigned)n);
    if (!np_fits(s.len, 16, (size_t)n * 12))
        return np_font_fail(ld, "table cmap is truncated (format 12 groups)");
    np_font_group *g = np_mem_alloc(ld->alloc, (n ? n : 1) * sizeof *g);
    if (!g)
        return np_font_fail(ld, "out of memory loading the font");
    size_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = s.p + 16 + (size_t)i * 12;
        np_font_group cur = { np_be32(p), np_be32(p + 4), np_be32(p + 8) };
        if (cur.last > LAST_CODE_POINT)
            cur.last = LAST_CODE_POINT;
        if (cur.first <= cur.last)
            g[kept++] = cur;
    }
    *out = g;
    *count = normalize_groups(g, kept);
    return true;
}

static void fill_bmp_from_groups(const np_font_loader *ld, np_face *face,
                                 const np_font_group *g, size_t n)
{
    for (size_t i = 0; i < n && g[i].first < BMP_SIZE; i++) {
        uint32_t last = g[i].last < BMP_SIZE ? g[i].last : BMP_SIZE - 1;
        for (uint32_t cp = g[i].first; cp <= last; cp++)
            map_bmp(ld, face, cp, (uint64_t)g[i].glyph + (cp - g[i].first));
    }
}

/* Keeps the groups above the BMP, with the per-glyph advances they need;
 * takes ownership of `g`. */
static void keep_supplementary(np_font_loader *ld, np_face *face,
                               np_font_group *g, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        np_font_group cur = g[i];
        if (clip_below(&cur, BMP_SIZE))
            g[kept++] = cur;
    }
    if (kept == 0) {
        np_mem_free(ld->alloc, g);
        return;
    }
    face->groups = g;
    face->num_groups = kept;
    face->glyph_advance = ld->advance;
    ld->advance = NULL;
}

static bool fill_format12(np_font_loader *ld, np_face *face, np_font_span s,
                          bool bmp_too)
{
    np_font_group *g = NULL;
    size_t n = 0;
    if (!read_groups(ld, s, &g, &n))
        return false;
    if (bmp_too)
        fill_bmp_from_groups(ld, face, g, n);
    keep_supplementary(ld, face, g, n);
    return true;
}

/* Records pointing outside the table are skipped rather than refused: a
 * broken subtable we would not use anyway should not cost the face. */
static void choose_subtables(const np_font_loader *ld, np_font_span *best4,
                             np_font_span *best12)
{
    np_font_span s = ld->tables[T_CMAP];
    size_t count = np_be16(s.p + 2);
    int rank4 = 0, rank12 = 0;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *rec = s.p + 4 + i * 8;
        size_t off = np_be32(rec + 4);
        if (!np_fits(s.len, off, 2))
            continue;
        unsigned format = np_be16(s.p + off);
        int rank = subtable_rank(np_be16(rec), np_be16(rec + 2), format);
        np_font_span sub = { s.p + off, s.len - off };
        if (format == 4 && rank > rank4) {
            rank4 = rank;
            *best4 = sub;
        } else if (format == 12 && rank > rank12) {
            rank12 = rank;
            *best12 = sub;
        }
    }
}

bool np_font_parse_cmap(np_font_loader *ld, np_face *face)
{
    np_font_span s = ld->tables[T_CMAP];
    if (s.len < 4 || !np_fits(s.len, 4, (size_t)np_be16(s.p + 2) * 8))
        return np_font_fail(ld, "table cmap is truncated");
    np_font_span sub4 = { NULL, 0 }, sub12 = { NULL, 0 };
    choose_subtables(ld, &sub4, &sub12);
    if (!sub4.p && !sub12.p)
        return np_font_fail(ld, "table cmap has no Unicode subtable (format 4 or 12)");
    if (sub4.p && !fill_format4(ld, face, sub4))
        return false;
    return !sub12.p || fill_format12(ld, face, sub12, !sub4.p);
}

