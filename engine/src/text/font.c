/*
 * font.c - the metrics of a TrueType face, read from its own tables.
 *
 * Reads head, hhea, maxp, hmtx, cmap (formats 4 and 12) and OS/2,
 * checking every offset and length against the file, and keeps two
 * lookups: a flat advance table for the BMP (in pages), and for faces
 * that map the supplementary planes the format 12 groups with a
 * per-glyph advance table.
 *
 * The file stays in memory with the face: subset.c copies the outlines
 * of the glyphs a document shows from it (through np_face_table), so a
 * face is read from disk once per engine, not once per document. This
 * file does not read outlines (glyf_check.c checks them all once, at
 * load, and refuses a damaged face), kerning or GSUB/GPOS.
 *
 * The file is mapped read-only rather than read, as FreeType does: a
 * note touches a few pages of each face (the directory, the metrics, the
 * cmap, the outlines it shows), and copying 400 KB per face into the
 * heap cost a short note a fifth of its time in page faults. A file
 * that cannot be mapped (a file system without mmap) is read into
 * memory instead; anything but a regular file is refused when opened
 * (file_read.c). Like every program that
 * maps its fonts, a process whose font file is truncated in place while
 * an engine holds it gets SIGBUS; replacing the file (a new inode, as
 * package managers and editors do) is safe.
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
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ground/arena.h"
#include "ground/bytes.h"
#include "ground/file_read.h"
#include "text/font.h"
#include "text/glyf_check.h"

/* TrueType offsets are 32-bit, and the largest pan-Unicode .ttf files
 * are near 30 MB: a bigger file is more likely a mistake than a face. */
#define MAX_FILE_SIZE ((size_t)128 << 20)
#define MAX_FILE_MB 128

#define BMP_SIZE 0x10000u
#define PAGE_SIZE 256u          /* code points per page of the BMP map */
#define BMP_PAGES (BMP_SIZE / PAGE_SIZE)
#define LAST_CODE_POINT 0x10FFFFu

/* A valid format 12 subtable has disjoint, non-empty groups, so no more
 * than there are code points; the limit bounds memory on hostile files. */
#define MAX_GROUPS (LAST_CODE_POINT + 1)

typedef struct span {
    const uint8_t *p;
    size_t len;
} span;

typedef struct bmp_page {
    uint16_t glyph[PAGE_SIZE];          /* 0: no glyph */
    uint16_t advance[PAGE_SIZE];        /* 1/1000 em */
} bmp_page;

/* The tables read here, then those only the subsetter copies; the first
 * T_REQUIRED must be present. */
enum {
    T_HEAD, T_HHEA, T_MAXP, T_HMTX, T_CMAP, T_GLYF, T_LOCA, T_REQUIRED,
    T_OS2 = T_REQUIRED, T_POST, T_NAME, T_CVT, T_FPGM, T_PREP, T_CFF, T_COUNT
};

static const char *const TABLE_TAGS[T_COUNT] = {
    "head", "hhea", "maxp", "hmtx", "cmap", "glyf", "loca",
    "OS/2", "post", "name", "cvt ", "fpgm", "prep", "CFF "
};

/* One format 12 group: code points first..last map to glyph, glyph+1... */
typedef struct group {
    uint32_t first;
    uint32_t last;
    uint32_t glyph;
} group;

struct np_face {
    np_allocator alloc;         /* a copy: the caller's need not outlive us */
    bool has_alloc;
    unsigned index;             /* in its collection; 0 for a single face */
    int ascent;
    int descent;
    int cap_height;
    uint16_t notdef_advance;
    uint32_t num_glyphs;
    const uint8_t *file;        /* the whole file, for the subsetter */
    size_t file_size;
    bool mapped;                /* `file` is a mapping, not a heap block */
    span tables[T_COUNT];       /* inside `file`; len 0 when absent */
    uint16_t *glyph_advance;    /* per glyph id; only with groups */
    group *groups;              /* sorted, disjoint, all above the BMP */
    size_t num_groups;
    /* The BMP in pages of 256 code points; a page where the face has no
     * glyph is `unmapped`, shared, so that a face costs memory only for
     * the scripts it covers (a page is 1 KB; all 256 would be a
     * quarter of a megabyte per face, written at every load). */
    bmp_page *pages[BMP_PAGES];
    bmp_page unmapped;
    bool oom;                   /* a page could not be allocated */
};

/* State of one load; nothing in it outlives np_face_load. */
typedef struct loader {
    const np_allocator *alloc;
    char *err;
    size_t errlen;
    unsigned index;             /* the face of a collection */
    size_t dir;                 /* where its table directory starts */
    const uint8_t *buf;         /* the file: mapped, or read into `copy` */
    uint8_t *copy;
    bool mapped;
    size_t size;
    span tables[T_COUNT];
    unsigned units_per_em;
    uint32_t num_glyphs;
    uint32_t num_hmetrics;
    int hhea_ascender;
    int hhea_descender;
    int typo_ascender;
    int typo_descender;
    int os2_cap_height;
    uint16_t *advance;          /* per glyph id, 1/1000 em */
} loader;

/* The first four bytes of files that are fonts, but not ones we read. */
static const struct {
    uint32_t tag;
    const char *message;
} REFUSED_KINDS[] = {
    { 0x774F4646, "a WOFF web font is not supported: "
                  "decompress it into a .ttf file" },
    { 0x774F4632, "a WOFF2 web font is not supported: "
                  "decompress it into a .ttf file" },
};

static bool fail(loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(loader *ld, const char *fmt, ...)
{
    if (ld->err && ld->errlen > 0) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(ld->err, ld->errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

/* strerror_r rather than strerror: a load may run in any thread. */
static bool fail_errno(loader *ld, const char *what, int errnum)
{
    char text[128];
    if (strerror_r(errnum, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", errnum);
    return fail(ld, "%s: %s", what, text);
}

/* The advance in 1/1000 em exactly as libharu computes it. libharu then
 * returns it as an int16, so an advance above 32.767 em would turn
 * negative there; it stays positive here. */
static uint16_t to_milli_em(unsigned advance, unsigned units_per_em)
{
    return (uint16_t)(advance * 1000u / units_per_em);
}

/* ---- reading the file ---------------------------------------------- */

static bool read_all(loader *ld, int fd)
{
    size_t got = 0;
    while (got < ld->size) {
        ssize_t n = read(fd, ld->copy + got, ld->size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail_errno(ld, "cannot read the font file", errno);
        if (n == 0)
            return fail(ld, "the font file shrank while it was read");
        got += (size_t)n;
    }
    return true;
}

static bool map_file(loader *ld, int fd)
{
    void *p = mmap(NULL, ld->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        return false;
    ld->buf = p;
    ld->mapped = true;
    return true;
}

static bool copy_file(loader *ld, int fd)
{
    ld->copy = np_mem_alloc(ld->alloc, ld->size);
    if (!ld->copy)
        return fail(ld, "out of memory reading the font file");
    ld->buf = ld->copy;
    return read_all(ld, fd);
}

static bool open_file(loader *ld, const char *path)
{
    np_file f;
    char why[128];
    int err = np_file_open(path, MAX_FILE_SIZE, &f);
    if (err == EFBIG)
        return fail(ld, "the font file is larger than %d MB", MAX_FILE_MB);
    if (err)
        return fail(ld, "cannot open the font file: %s",
                    np_file_error(err, why, sizeof why));
    ld->size = f.size;
    bool ok = ld->size == 0 ? fail(ld, "the font file is empty")
              : map_file(ld, f.fd) || copy_file(ld, f.fd);
    close(f.fd);
    return ok;
}

static void release_file(const np_allocator *alloc, const uint8_t *file,
                         size_t size, bool mapped)
{
    if (mapped)
        munmap((void *)file, size);
    else
        np_mem_free(alloc, (void *)file);
}

/* ---- table directory ----------------------------------------------- */

#define NUM_REFUSED_KINDS (sizeof REFUSED_KINDS / sizeof *REFUSED_KINDS)

/* A collection (.ttc) holds the table directories of its faces one
 * after the other, their tables shared; `index` counts from 0. */
static bool find_in_collection(loader *ld)
{
    if (ld->size < 12)
        return fail(ld, "the collection's header is truncated");
    uint32_t count = np_be32(ld->buf + 8);
    if (ld->index >= count || !np_fits(ld->size, 12, (size_t)count * 4))
        return fail(ld, "the collection has %u faces: there is no face %u",
                    (unsigned)count, ld->index);
    ld->dir = np_be32(ld->buf + 12 + 4 * (size_t)ld->index);
    return true;
}

static bool check_signature(loader *ld)
{
    uint32_t tag = ld->size >= 4 ? np_be32(ld->buf) : 0;
    for (size_t i = 0; i < NUM_REFUSED_KINDS; i++)
        if (tag == REFUSED_KINDS[i].tag)
            return fail(ld, "%s", REFUSED_KINDS[i].message);
    if (tag == 0x74746366 && !find_in_collection(ld))          /* 'ttcf' */
        return false;
    if (tag != 0x74746366 && ld->index > 0)
        return fail(ld, "a face number (#%u) is given, but the file is not a "
                    "collection (.ttc)", ld->index);
    tag = np_fits(ld->size, ld->dir, 4) ? np_be32(ld->buf + ld->dir) : 0;
    /* 'true' is the old Apple spelling of 0x00010000, 'OTTO' the mark of
     * PostScript (CFF) outlines. */
    bool sfnt = tag == 0x00010000 || tag == 0x74727565 || tag == 0x4F54544F;
    if (!sfnt || !np_fits(ld->size, ld->dir, 12))
        return fail(ld, "not a TrueType or OpenType file");
    return true;
}

/* Tags come from the file: print them only once made printable. */
static void printable_tag(const uint8_t *p, char out[5])
{
    for (int i = 0; i < 4; i++)
        out[i] = p[i] >= 0x20 && p[i] < 0x7F ? (char)p[i] : '?';
    out[4] = '\0';
}

static void note_table(loader *ld, const uint8_t *rec, size_t off, size_t len)
{
    for (int t = 0; t < T_COUNT; t++) {
        if (memcmp(rec, TABLE_TAGS[t], 4) == 0 && !ld->tables[t].p) {
            ld->tables[t].p = ld->buf + off;
            ld->tables[t].len = len;
        }
    }
}

/* Every table, needed or not, must lie inside the file: a table cut off
 * at the end is the usual sign of a truncated download. */
static bool read_directory(loader *ld)
{
    size_t count = np_be16(ld->buf + ld->dir + 4);
    if (!np_fits(ld->size, ld->dir + 12, count * 16))
        return fail(ld, "the table directory is truncated");
    for (size_t i = 0; i < count; i++) {
        const uint8_t *rec = ld->buf + ld->dir + 12 + i * 16;
        size_t off = np_be32(rec + 8), len = np_be32(rec + 12);
        if (!np_fits(ld->size, off, len)) {
            char tag[5];
            printable_tag(rec, tag);
            return fail(ld, "table %s is truncated", tag);
        }
        note_table(ld, rec, off, len);
    }
    /* PostScript outlines come in CFF, TrueType ones in glyf and loca */
    bool cff = ld->tables[T_CFF].p != NULL;
    for (int t = 0; t < T_REQUIRED; t++)
        if (!ld->tables[t].p && !(cff && (t == T_GLYF || t == T_LOCA)))
            return fail(ld, "table %s is missing", TABLE_TAGS[t]);
    return true;
}

/* ---- head, maxp, hhea, hmtx, OS/2 ---------------------------------- */

static bool parse_head(loader *ld)
{
    span s = ld->tables[T_HEAD];
    if (s.len < 54)
        return fail(ld, "table head is truncated");
    if (np_be32(s.p + 12) != 0x5F0F3CF5)
        return fail(ld, "table head has a wrong magic number");
    ld->units_per_em = np_be16(s.p + 18);
    if (ld->units_per_em < 16 || ld->units_per_em > 16384)
        return fail(ld, "table head gives %u units per em, not 16 to 16384",
                    ld->units_per_em);
    return true;
}

static bool parse_maxp(loader *ld)
{
    span s = ld->tables[T_MAXP];
    if (s.len < 6)
        return fail(ld, "table maxp is truncated");
    ld->num_glyphs = np_be16(s.p + 4);
    if (ld->num_glyphs == 0)
        return fail(ld, "table maxp says the font has no glyphs");
    return true;
}

static bool parse_hhea(loader *ld)
{
    span s = ld->tables[T_HHEA];
    if (s.len < 36)
        return fail(ld, "table hhea is truncated");
    ld->hhea_ascender = np_bes16(s.p + 4);
    ld->hhea_descender = np_bes16(s.p + 6);
    ld->num_hmetrics = np_be16(s.p + 34);
    if (ld->num_hmetrics == 0)
        return fail(ld, "table hhea gives no horizontal metrics");
    return true;
}

/* Only the advances are read: the left side bearings after the last
 * long metric are not needed, so a table missing them is accepted. */
static bool parse_hmtx(loader *ld)
{
    span s = ld->tables[T_HMTX];
    size_t used = ld->num_hmetrics < ld->num_glyphs ? ld->num_hmetrics
                                                     : ld->num_glyphs;
    if (!np_fits(s.len, 0, used * 4))
        return fail(ld, "table hmtx is truncated");
    ld->advance = np_mem_alloc(ld->alloc, ld->num_glyphs * sizeof *ld->advance);
    if (!ld->advance)
        return fail(ld, "out of memory loading the font");
    for (size_t g = 0; g < ld->num_glyphs; g++) {
        size_t from = g < used ? g : used - 1;
        ld->advance[g] = to_milli_em(np_be16(s.p + from * 4), ld->units_per_em);
    }
    return true;
}

/* OS/2 is optional here: it only refines the vertical metrics. */
static bool parse_os2(loader *ld)
{
    span s = ld->tables[T_OS2];
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
static void set_vertical_metrics(const loader *ld, np_face *face)
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

/* ---- cmap ---------------------------------------------------------- */

/* The page of `cp`, given its own copy of the unmapped page first. */
static bmp_page *own_page(np_face *face, uint32_t cp)
{
    bmp_page **page = &face->pages[cp / PAGE_SIZE];
    if (*page == &face->unmapped) {
        bmp_page *p = np_mem_alloc(face->has_alloc ? &face->alloc : NULL,
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

static void map_bmp(const loader *ld, np_face *face, uint32_t cp, uint64_t gid)
{
    if (gid == 0 || gid >= ld->num_glyphs)
        return;
    bmp_page *page = own_page(face, cp);
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
static span bound_by_length(span s, size_t declared, size_t header)
{
    if (declared >= header && declared <= s.len)
        s.len = declared;
    return s;
}

typedef struct format4 {
    span s;
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
static bool fill_format4(loader *ld, np_face *face, span s)
{
    if (s.len < 14)
        return fail(ld, "table cmap is truncated (format 4 header)");
    format4 f = { bound_by_length(s, np_be16(s.p + 2), 16), np_be16(s.p + 6) / 2 };
    if (f.segs == 0)
        return fail(ld, "table cmap has a format 4 subtable with no segments");
    if (!np_fits(f.s.len, 16, 8 * f.segs))
        return fail(ld, "table cmap is truncated (format 4 segments)");
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

/* A total order on the values, so that the result does not depend on
 * qsort's handling of equal keys. */
static int compare_groups(const void *a, const void *b)
{
    const group *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->last != y->last)
        return x->last < y->last ? -1 : 1;
    return (x->glyph > y->glyph) - (x->glyph < y->glyph);
}

/* Sorts the groups and trims overlaps (invalid, but possible in a
 * hostile file) so that every code point has at most one group; returns
 * the new count. */
static size_t normalize_groups(group *g, size_t n)
{
    qsort(g, n, sizeof *g, compare_groups);
    size_t kept = 0;
    uint64_t next_free = 0;
    for (size_t i = 0; i < n; i++) {
        group cur = g[i];
        if (cur.last < next_free)
            continue;
        if (cur.first < next_free) {
            cur.glyph = skip_glyphs(cur.glyph, next_free - cur.first);
            cur.first = (uint32_t)next_free;
        }
        g[kept++] = cur;
        next_free = (uint64_t)cur.last + 1;
    }
    return kept;
}

static bool read_groups(loader *ld, span s, group **out, size_t *count)
{
    if (s.len < 16)
        return fail(ld, "table cmap is truncated (format 12 header)");
    s = bound_by_length(s, np_be32(s.p + 4), 16);
    uint32_t n = np_be32(s.p + 12);
    if (n > MAX_GROUPS)
        return fail(ld, "table cmap has a format 12 subtable with %u groups",
                    (unsigned)n);
    if (!np_fits(s.len, 16, (size_t)n * 12))
        return fail(ld, "table cmap is truncated (format 12 groups)");
    group *g = np_mem_alloc(ld->alloc, (n ? n : 1) * sizeof *g);
    if (!g)
        return fail(ld, "out of memory loading the font");
    size_t kept = 0;
    for (uint32_t i = 0; i < n; i++) {
        const uint8_t *p = s.p + 16 + (size_t)i * 12;
        group cur = { np_be32(p), np_be32(p + 4), np_be32(p + 8) };
        if (cur.last > LAST_CODE_POINT)
            cur.last = LAST_CODE_POINT;
        if (cur.first <= cur.last)
            g[kept++] = cur;
    }
    *out = g;
    *count = normalize_groups(g, kept);
    return true;
}

static void fill_bmp_from_groups(const loader *ld, np_face *face,
                                 const group *g, size_t n)
{
    for (size_t i = 0; i < n && g[i].first < BMP_SIZE; i++) {
        uint32_t last = g[i].last < BMP_SIZE ? g[i].last : BMP_SIZE - 1;
        for (uint32_t cp = g[i].first; cp <= last; cp++)
            map_bmp(ld, face, cp, (uint64_t)g[i].glyph + (cp - g[i].first));
    }
}

/* Keeps the groups above the BMP, with the per-glyph advances they need;
 * takes ownership of `g`. */
static void keep_supplementary(loader *ld, np_face *face, group *g, size_t n)
{
    size_t kept = 0;
    for (size_t i = 0; i < n; i++) {
        group cur = g[i];
        if (cur.last < BMP_SIZE)
            continue;
        if (cur.first < BMP_SIZE) {
            cur.glyph = skip_glyphs(cur.glyph, BMP_SIZE - cur.first);
            cur.first = BMP_SIZE;
        }
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

static bool fill_format12(loader *ld, np_face *face, span s, bool bmp_too)
{
    group *g = NULL;
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
static void choose_subtables(const loader *ld, span *best4, span *best12)
{
    span s = ld->tables[T_CMAP];
    size_t count = np_be16(s.p + 2);
    int rank4 = 0, rank12 = 0;
    for (size_t i = 0; i < count; i++) {
        const uint8_t *rec = s.p + 4 + i * 8;
        size_t off = np_be32(rec + 4);
        if (!np_fits(s.len, off, 2))
            continue;
        unsigned format = np_be16(s.p + off);
        int rank = subtable_rank(np_be16(rec), np_be16(rec + 2), format);
        span sub = { s.p + off, s.len - off };
        if (format == 4 && rank > rank4) {
            rank4 = rank;
            *best4 = sub;
        } else if (format == 12 && rank > rank12) {
            rank12 = rank;
            *best12 = sub;
        }
    }
}

static bool parse_cmap(loader *ld, np_face *face)
{
    span s = ld->tables[T_CMAP];
    if (s.len < 4 || !np_fits(s.len, 4, (size_t)np_be16(s.p + 2) * 8))
        return fail(ld, "table cmap is truncated");
    span sub4 = { NULL, 0 }, sub12 = { NULL, 0 };
    choose_subtables(ld, &sub4, &sub12);
    if (!sub4.p && !sub12.p)
        return fail(ld, "table cmap has no Unicode subtable (format 4 or 12)");
    if (sub4.p && !fill_format4(ld, face, sub4))
        return false;
    return !sub12.p || fill_format12(ld, face, sub12, !sub4.p);
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

static void set_notdef(const loader *ld, np_face *face)
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
static bool check_outlines(loader *ld)
{
    if (!ld->tables[T_GLYF].p)
        return true;
    unsigned format = np_be16(ld->tables[T_HEAD].p + 50);
    if (format > 1)
        return fail(ld, "table head gives an unknown loca format %u", format);
    np_glyf_tables t = {
        .loca = ld->tables[T_LOCA].p, .loca_len = ld->tables[T_LOCA].len,
        .glyf = ld->tables[T_GLYF].p, .glyf_len = ld->tables[T_GLYF].len,
        .long_loca = format == 1, .num_glyphs = ld->num_glyphs,
    };
    return np_glyf_check(&t, ld->alloc, ld->err, ld->errlen);
}

static bool parse_face(loader *ld, np_face *face)
{
    if (!check_signature(ld) || !read_directory(ld) || !parse_head(ld) ||
        !parse_maxp(ld) || !check_outlines(ld) || !parse_hhea(ld) ||
        !parse_hmtx(ld) || !parse_os2(ld))
        return false;
    set_notdef(ld, face);
    set_vertical_metrics(ld, face);
    if (!parse_cmap(ld, face))
        return false;
    return !face->oom || fail(ld, "out of memory loading the font");
}

/* The face takes the file, and the table spans that point into it. */
static void keep_file(loader *ld, np_face *face)
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
    loader ld = { .alloc = alloc, .err = err, .errlen = errlen, .index = index };
    np_face *face = NULL;
    if (err && errlen > 0)
        err[0] = '\0';
    if (!open_file(&ld, path))
        goto done;
    face = new_face(alloc);
    if (!face) {
        fail(&ld, "out of memory loading the font");
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
        release_file(alloc, ld.buf, ld.size, ld.mapped);
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
        release_file(alloc, face->file, face->file_size, face->mapped);
    for (size_t p = 0; p < BMP_PAGES; p++)
        if (face->pages[p] != &face->unmapped)
            np_mem_free(alloc, face->pages[p]);
    np_mem_free(alloc, face);
}

/* ---- queries ------------------------------------------------------- */

static const group *find_group(const np_face *face, uint32_t cp)
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
    const group *g = find_group(face, cp);
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
        if (memcmp(tag, TABLE_TAGS[t], 4) == 0 && face->tables[t].p) {
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

/* Length of the UTF-8 sequence that byte b leads, with the range its
 * second byte must fall in; 0 when b cannot lead one. The narrowed
 * ranges are what excludes overlong forms, surrogates and code points
 * above U+10FFFF. */
static size_t utf8_lead(uint8_t b, uint8_t *lo, uint8_t *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF) {
        *lo = b == 0xE0 ? 0xA0 : 0x80;
        *hi = b == 0xED ? 0x9F : 0xBF;
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        *lo = b == 0xF0 ? 0x90 : 0x80;
        *hi = b == 0xF4 ? 0x8F : 0xBF;
        return 4;
    }
    return 0;
}

/* Decodes one character from s[0..len), len >= 1, and returns the bytes
 * it used. An ill-formed sequence gives U+FFFD for its longest valid
 * prefix (at least one byte), as Unicode recommends, so that a bad byte
 * never swallows the good character after it. */
static size_t utf8_next(const uint8_t *s, size_t len, uint32_t *cp)
{
    uint8_t lo, hi;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n = utf8_lead(s[0], &lo, &hi);
    *cp = 0xFFFD;
    if (n == 0)
        return 1;
    uint32_t c = s[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if (i >= len || s[i] < lo || s[i] > hi)
            return i;
        c = c << 6 | (s[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = c;
    return n;
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
        uint32_t cp;
        i += utf8_next(s + i, len - i, &cp);
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
