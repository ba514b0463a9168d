/*
 * test_font.c - font metrics checked against libharu 2.3.0 on the shipped
 * Liberation Serif faces, against small faces built here (format 12, a
 * short hmtx, OS/2 without sCapHeight), and against broken files, which
 * must give NULL and a sentence, never a crash. Ends with timings.
 *
 * Files written here go to /tmp and are removed at the end.
 */
#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ground/arena.h"
#include "text/font.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

static const char *const FACES[] = {
    "LiberationSerif-Regular", "LiberationSerif-Italic",
    "LiberationSerif-Bold", "LiberationSerif-BoldItalic",
};
#define NUM_FACES (sizeof FACES / sizeof *FACES)

/* "Le Secrétaire général transmet…", with a narrow no-break space before
 * the colon and "»", a no-break space in "12 000", and € and œ. */
static const char SENTENCE[] =
    "Le Secr\xC3\xA9taire g\xC3\xA9n\xC3\xA9ral a l\xE2\x80\x99honneur de "
    "transmettre le rapport \xC2\xAB\xE2\x80\xAF\xC5\x92uvrer ensemble"
    "\xE2\x80\xAF\xC2\xBB\xE2\x80\xAF: 12\xC2\xA0" "000\xC2\xA0\xE2\x82\xAC "
    "\xE2\x80\x94 voir les paragraphes 3 \xC3\xA0 7 (A/79/100). ";

static char tmp_path[64];

static void font_path(char *out, size_t n, const char *face)
{
    snprintf(out, n, "%s/fonts/%s.ttf", NP_DATADIR, face);
}

static void write_whole(const char *path, const uint8_t *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        return;
    }
    if (len > 0)
        fwrite(p, 1, len, f);
    fclose(f);
}

/* ---- a second reader of the table directory, for cross-checks ------ */

static unsigned rd16(const uint8_t *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static int rds16(const uint8_t *p)
{
    unsigned u = rd16(p);
    return u < 0x8000 ? (int)u : (int)u - 0x10000;
}

/* Offset and length of a table in a well-formed file, or 0. */
static uint32_t find_table(const uint8_t *f, const char *tag, uint32_t *len)
{
    for (unsigned i = 0; i < rd16(f + 4); i++) {
        const uint8_t *rec = f + 12 + 16 * i;
        if (memcmp(rec, tag, 4) == 0) {
            *len = rd32(rec + 12);
            return rd32(rec + 8);
        }
    }
    return 0;
}

/* ---- libharu, the reference ---------------------------------------- */

typedef struct haru {
    HPDF_Doc pdf;
    HPDF_Font font;
} haru;

static void on_haru_error(HPDF_STATUS error, HPDF_STATUS detail, void *ud)
{
    (void)ud;
    fprintf(stderr, "libharu error 0x%04X, detail %u\n",
            (unsigned)error, (unsigned)detail);
}

static bool haru_open(haru *h, const char *path)
{
    h->font = NULL;
    h->pdf = HPDF_New(on_haru_error, NULL);
    if (!h->pdf)
        return false;
    HPDF_UseUTFEncodings(h->pdf);
    HPDF_SetCurrentEncoder(h->pdf, "UTF-8");
    const char *name = HPDF_LoadTTFontFromFile(h->pdf, path, HPDF_TRUE);
    if (name)
        h->font = HPDF_GetFont(h->pdf, name, "UTF-8");
    return h->font != NULL;
}

static int mismatches(const np_face *face, HPDF_Font font,
                      uint32_t first, uint32_t last)
{
    int bad = 0;
    for (uint32_t cp = first; cp <= last; cp++) {
        int want = HPDF_Font_GetUnicodeWidth(font, (HPDF_UNICODE)cp);
        int got = np_face_advance(face, cp);
        if (got != want && bad++ < 5)
            fprintf(stderr, "U+%04X: advance %d, libharu %d\n",
                    (unsigned)cp, got, want);
    }
    return bad;
}

static void check_text_width(const np_face *face, HPDF_Font font)
{
    static const double sizes[] = { 10, 12, 9.5, 17.3 };
    size_t len = strlen(SENTENCE);
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)SENTENCE,
                                            (HPDF_UINT)len);
    CHECK(tw.width > 0);
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        double want = (double)tw.width * sizes[i] / 1000.0;
        CHECK_NEAR(np_face_text_width(face, sizes[i], SENTENCE, len), want, 0);
    }
}

static void check_vertical(const np_face *face, HPDF_Font font,
                           const char *path)
{
    size_t len;
    uint32_t hhea_len, os2_len;
    uint8_t *f = (uint8_t *)unit_read_file(path, &len);
    CHECK(f != NULL);
    if (!f)
        return;
    const uint8_t *hhea = f + find_table(f, "hhea", &hhea_len);
    const uint8_t *os2 = f + find_table(f, "OS/2", &os2_len);
    int upem = (int)rd16(f + find_table(f, "head", &hhea_len) + 18);
    CHECK(np_face_ascent(face) == rds16(hhea + 4) * 1000 / upem);
    CHECK(np_face_descent(face) == rds16(hhea + 6) * 1000 / upem);
    CHECK(np_face_cap_height(face) == rds16(os2 + 88) * 1000 / upem);
    CHECK(np_face_ascent(face) == HPDF_Font_GetAscent(font));
    CHECK(np_face_descent(face) == HPDF_Font_GetDescent(font));
    /* libharu measures the 'H' outline; sCapHeight should agree. */
    CHECK_NEAR(np_face_cap_height(face), HPDF_Font_GetCapHeight(font), 1);
    CHECK(np_face_ascent(face) == 891);
    CHECK(np_face_descent(face) == -216);
    free(f);
}

static void test_against_libharu(const char *name)
{
    char path[512], err[256];
    font_path(path, sizeof path, name);
    np_face *face = np_face_load(path, NULL, err, sizeof err);
    haru h;
    bool ok = haru_open(&h, path);
    CHECK(face != NULL);
    CHECK(ok);
    if (face && ok) {
        CHECK(mismatches(face, h.font, 0x20, 0x17F) == 0);
        CHECK(mismatches(face, h.font, 0x2000, 0x206F) == 0);
        CHECK(mismatches(face, h.font, 0xA0, 0xA0) == 0);
        CHECK(mismatches(face, h.font, 0x202F, 0x202F) == 0);
        CHECK(mismatches(face, h.font, 0x20AC, 0x20AC) == 0);
        /* Beyond the brief: the whole BMP, surrogates and all. */
        CHECK(mismatches(face, h.font, 0, 0xFFFF) == 0);
        check_text_width(face, h.font);
        check_vertical(face, h.font, path);
    } else if (!face) {
        fprintf(stderr, "%s: %s\n", path, err);
    }
    if (h.pdf)
        HPDF_Free(h.pdf);
    np_face_free(face);
}

/* ---- known values (libharu's own widths) and UTF-8 ----------------- */

static void test_known_values(void)
{
    char path[512], err[256];
    font_path(path, sizeof path, FACES[0]);
    np_face *face = np_face_load(path, NULL, err, sizeof err);
    CHECK(face != NULL);
    if (!face)
        return;
    CHECK(np_face_advance(face, 'e') == 443);
    CHECK(np_face_advance(face, 0xE9) == 443);
    CHECK(np_face_advance(face, ' ') == 250);
    CHECK(np_face_advance(face, 0x153) == 722);
    CHECK(np_face_advance(face, 0x2019) == 333);
    CHECK(np_face_advance(face, 0x202F) == 200);
    CHECK(np_face_advance(face, 0xA0) == 250);
    /* No glyph: .notdef's advance, 777 as libharu reports it. */
    CHECK(!np_face_has_glyph(face, 0x2011));
    CHECK(np_face_advance(face, 0x2011) == 777);
    CHECK(!np_face_has_glyph(face, 0x1F600));
    CHECK(np_face_advance(face, 0x1F600) == 777);
    CHECK(np_face_advance(face, 0xFFFFFFFF) == 777);
    CHECK(np_face_has_glyph(face, 'A'));
    CHECK(np_face_has_glyph(face, 0x202F));
    CHECK(np_face_cap_height(face) == 654);
    np_face_free(face);
}

static double width_in_units(const np_face *face, const char *s, size_t n)
{
    return np_face_text_width(face, 1000, s, n);
}

static void test_utf8(void)
{
    char path[512], err[256];
    font_path(path, sizeof path, FACES[0]);
    np_face *face = np_face_load(path, NULL, err, sizeof err);
    CHECK(face != NULL);
    if (!face)
        return;
    double fffd = np_face_advance(face, 0xFFFD);
    double a = np_face_advance(face, 'a');
    CHECK_NEAR(width_in_units(face, "", 0), 0, 0);
    CHECK_NEAR(width_in_units(face, "a", 1), a, 0);
    /* A lone lead byte, a cut 3-byte and a cut 4-byte sequence: one
     * U+FFFD each, and the 'a' after them survives. */
    CHECK_NEAR(width_in_units(face, "\xC3" "a", 2), fffd + a, 0);
    CHECK_NEAR(width_in_units(face, "\xE2\x80" "a", 3), fffd + a, 0);
    CHECK_NEAR(width_in_units(face, "\xF0\x9F\x98" "a", 4), fffd + a, 0);
    CHECK_NEAR(width_in_units(face, "\xE2\x80", 2), fffd, 0);
    /* Overlong, surrogate, above U+10FFFF, stray continuation, C0/F5. */
    CHECK_NEAR(width_in_units(face, "\xC0\xAF", 2), 2 * fffd, 0);
    CHECK_NEAR(width_in_units(face, "\xE0\x80\xAF", 3), 3 * fffd, 0);
    CHECK_NEAR(width_in_units(face, "\xED\xA0\x80", 3), 3 * fffd, 0);
    CHECK_NEAR(width_in_units(face, "\xF4\x90\x80\x80", 4), 4 * fffd, 0);
    CHECK_NEAR(width_in_units(face, "\x80\xBF", 2), 2 * fffd, 0);
    CHECK_NEAR(width_in_units(face, "\xF5\xFF", 2), 2 * fffd, 0);
    /* Valid 2-, 3- and 4-byte characters. */
    CHECK_NEAR(width_in_units(face, "\xC5\x93", 2), 722, 0);
    CHECK_NEAR(width_in_units(face, "\xE2\x80\xAF", 3), 200, 0);
    CHECK_NEAR(width_in_units(face, "\xF0\x9F\x98\x80", 4), 777, 0);
    /* The length is honoured: a NUL inside counts, bytes after do not. */
    CHECK_NEAR(width_in_units(face, "a\0a", 3),
               2 * a + np_face_advance(face, 0), 0);
    CHECK_NEAR(width_in_units(face, "aaaa", 2), 2 * a, 0);
    CHECK_NEAR(np_face_text_width(face, 12, "e", 1), 443 * 12 / 1000.0, 0);
    np_face_free(face);
}

/* ---- synthetic faces ------------------------------------------------ */

typedef struct bytes {
    uint8_t p[2048];
    size_t len;
} bytes;

static void put8(bytes *b, unsigned v)
{
    if (b->len < sizeof b->p)
        b->p[b->len++] = (uint8_t)v;
    else
        fprintf(stderr, "test_font: synthetic table too big\n");
}

static void put16(bytes *b, unsigned v)
{
    put8(b, v >> 8 & 0xFF);
    put8(b, v & 0xFF);
}

static void put32(bytes *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}

static void pad_to(bytes *b, size_t len)
{
    while (b->len < len)
        put8(b, 0);
}

typedef struct table {
    const char *tag;
    bytes body;
} table;

/* The directory is filled in; checksums are left 0, as they are not
 * read. Tables start on 4-byte boundaries. */
static size_t assemble(uint8_t *out, size_t cap, table *t, unsigned n)
{
    size_t off = 12 + 16 * (size_t)n, len = off;
    bytes dir = { .len = 0 };
    put32(&dir, 0x00010000);
    put16(&dir, n);
    pad_to(&dir, 12);
    for (unsigned i = 0; i < n; i++) {
        put32(&dir, rd32((const uint8_t *)t[i].tag));
        put32(&dir, 0);
        put32(&dir, (uint32_t)len);
        put32(&dir, (uint32_t)t[i].body.len);
        len += (t[i].body.len + 3) & ~(size_t)3;
    }
    if (len > cap)
        return 0;
    memset(out, 0, len);
    memcpy(out, dir.p, dir.len);
    for (unsigned i = 0; i < n; i++) {
        memcpy(out + off, t[i].body.p, t[i].body.len);
        off += (t[i].body.len + 3) & ~(size_t)3;
    }
    return len;
}

static void make_head(bytes *b, unsigned upem)
{
    put32(b, 0x00010000);
    put32(b, 0);
    put32(b, 0);
    put32(b, 0x5F0F3CF5);
    put16(b, 0);
    put16(b, upem);
    pad_to(b, 54);
}

static void make_hhea(bytes *b, int ascender, int descender, unsigned nh)
{
    put32(b, 0x00010000);
    put16(b, (unsigned)ascender & 0xFFFF);
    put16(b, (unsigned)descender & 0xFFFF);
    pad_to(b, 34);
    put16(b, nh);
}

static void make_maxp(bytes *b, unsigned num_glyphs)
{
    put32(b, 0x00005000);
    put16(b, num_glyphs);
}

/* Five glyphs, three long metrics: glyphs 3 and 4 take glyph 2's
 * advance. In 1/1000 em at 2048 units: 537, 600, 700, 700, 700. */
static void make_hmtx(bytes *b)
{
    static const unsigned aw[] = { 1100, 1229, 1434 };
    for (int i = 0; i < 3; i++) {
        put16(b, aw[i]);
        put16(b, 0);
    }
    put16(b, 0);
    put16(b, 0);
}

/* A, B -> glyphs 1, 2 by idDelta; C -> glyph 3 through glyphIdArray. */
static void make_format4(bytes *b)
{
    static const unsigned ends[] = { 0x42, 0x43, 0xFFFF };
    static const unsigned starts[] = { 0x41, 0x43, 0xFFFF };
    static const unsigned deltas[] = { 0x10000 - 0x40, 0, 1 };
    static const unsigned ranges[] = { 0, 4, 0 };
    put16(b, 4);
    put16(b, 42);
    put16(b, 0);
    put16(b, 6);
    put16(b, 4);
    put16(b, 1);
    put16(b, 2);
    for (int i = 0; i < 3; i++)
        put16(b, ends[i]);
    put16(b, 0);
    for (int i = 0; i < 3; i++)
        put16(b, starts[i]);
    for (int i = 0; i < 3; i++)
        put16(b, deltas[i]);
    for (int i = 0; i < 3; i++)
        put16(b, ranges[i]);
    put16(b, 3);
}

typedef struct grp {
    uint32_t first, last, glyph;
} grp;

static void make_format12(bytes *b, const grp *g, unsigned n)
{
    put16(b, 12);
    put16(b, 0);
    put32(b, 16 + 12 * n);
    put32(b, 0);
    put32(b, n);
    for (unsigned i = 0; i < n; i++) {
        put32(b, g[i].first);
        put32(b, g[i].last);
        put32(b, g[i].glyph);
    }
}

/* A cmap with one subtable per (platform, encoding, body). */
static void make_cmap(bytes *b, const unsigned *ids, const bytes *subs,
                      unsigned n)
{
    uint32_t off = 4 + 8 * n;
    put16(b, 0);
    put16(b, n);
    for (unsigned i = 0; i < n; i++) {
        put16(b, ids[2 * i]);
        put16(b, ids[2 * i + 1]);
        put32(b, off);
        off += (uint32_t)subs[i].len;
    }
    for (unsigned i = 0; i < n; i++)
        for (size_t j = 0; j < subs[i].len; j++)
            put8(b, subs[i].p[j]);
}

static void make_os2(bytes *b, unsigned version, int typo_asc, int typo_desc,
                     int cap)
{
    put16(b, version);
    pad_to(b, 68);
    put16(b, (unsigned)typo_asc & 0xFFFF);
    put16(b, (unsigned)typo_desc & 0xFFFF);
    pad_to(b, version >= 2 ? 88 : 86);
    if (version >= 2) {
        put16(b, (unsigned)cap & 0xFFFF);
        pad_to(b, 96);
    }
}

static const grp GROUPS[] = {
    { 0x41, 0x42, 1 }, { 0x1F600, 0x1F601, 4 },
};

/* The tables shared by the synthetic faces; cmap and OS/2 vary. */
static void base_tables(table *t, int ascender, int descender)
{
    memset(t, 0, 4 * sizeof *t);
    t[0].tag = "head";
    make_head(&t[0].body, 2048);
    t[1].tag = "hhea";
    make_hhea(&t[1].body, ascender, descender, 3);
    t[2].tag = "maxp";
    make_maxp(&t[2].body, 5);
    t[3].tag = "hmtx";
    make_hmtx(&t[3].body);
}

#define SYNTHETIC_MAX_TABLES 8

/* Outlines are not what these faces test: every one gets the same empty
 * glyf and a short loca (six zero offsets for five empty glyphs). */
static np_face *load_built(table *given, unsigned n, char *err, size_t errlen)
{
    static uint8_t file[16384];
    table t[SYNTHETIC_MAX_TABLES];
    if (n + 2 > SYNTHETIC_MAX_TABLES)
        return NULL;
    memcpy(t, given, n * sizeof *t);
    t[n] = (table){ .tag = "glyf" };
    pad_to(&t[n].body, 4);
    t[n + 1] = (table){ .tag = "loca" };
    pad_to(&t[n + 1].body, 12);
    size_t len = assemble(file, sizeof file, t, n + 2);
    CHECK(len > 0);
    write_whole(tmp_path, file, len);
    return np_face_load(tmp_path, NULL, err, errlen);
}

/* Format 4 and format 12 together, OS/2 version 1 (no sCapHeight). */
static void test_synthetic_both(void)
{
    table t[6];
    char err[256] = "";
    bytes subs[2] = { { .len = 0 }, { .len = 0 } };
    static const unsigned ids[] = { 3, 1, 3, 10 };
    base_tables(t, 1800, -400);
    make_format4(&subs[0]);
    make_format12(&subs[1], GROUPS, 2);
    t[4] = (table){ .tag = "cmap" };
    make_cmap(&t[4].body, ids, subs, 2);
    t[5] = (table){ .tag = "OS/2" };
    make_os2(&t[5].body, 1, 1700, -400, 0);
    np_face *face = load_built(t, 6, err, sizeof err);
    CHECK(face != NULL);
    if (!face) {
        fprintf(stderr, "synthetic: %s\n", err);
        return;
    }
    CHECK(np_face_advance(face, 'A') == 600);
    CHECK(np_face_advance(face, 'B') == 700);
    CHECK(np_face_advance(face, 'C') == 700);
    CHECK(np_face_has_glyph(face, 'C'));
    CHECK(np_face_advance(face, 'D') == 537);
    CHECK(!np_face_has_glyph(face, 'D'));
    CHECK(np_face_advance(face, 0x1F600) == 700);
    CHECK(np_face_has_glyph(face, 0x1F600));
    /* Glyph 5 is past numGlyphs: missing. */
    CHECK(np_face_advance(face, 0x1F601) == 537);
    CHECK(!np_face_has_glyph(face, 0x1F601));
    CHECK(np_face_advance(face, 0x1F5FF) == 537);
    CHECK(np_face_advance(face, 0x10FFFF) == 537);
    CHECK(np_face_ascent(face) == 878);
    CHECK(np_face_descent(face) == -195);
    CHECK(np_face_cap_height(face) == 878 * 7 / 10);
    CHECK_NEAR(np_face_text_width(face, 10, "AB\xF0\x9F\x98\x80", 6),
               (600 + 700 + 700) * 10 / 1000.0, 1e-12);
    np_face_free(face);
}

/* Format 12 alone, hhea without an ascender, OS/2 version 3. */
static void test_synthetic_format12_only(void)
{
    table t[6];
    char err[256] = "";
    bytes sub = { .len = 0 };
    static const unsigned ids[] = { 3, 10 };
    base_tables(t, 0, 0);
    make_format12(&sub, GROUPS, 2);
    t[4] = (table){ .tag = "cmap" };
    make_cmap(&t[4].body, ids, &sub, 1);
    t[5] = (table){ .tag = "OS/2" };
    make_os2(&t[5].body, 3, 1700, 400, 1400);
    np_face *face = load_built(t, 6, err, sizeof err);
    CHECK(face != NULL);
    if (!face) {
        fprintf(stderr, "synthetic: %s\n", err);
        return;
    }
    CHECK(np_face_advance(face, 'A') == 600);
    CHECK(np_face_advance(face, 'B') == 700);
    CHECK(np_face_advance(face, 'C') == 537);
    CHECK(np_face_advance(face, 0x1F600) == 700);
    CHECK(np_face_ascent(face) == 830);
    CHECK(np_face_descent(face) == -195);
    CHECK(np_face_cap_height(face) == 683);
    np_face_free(face);
}

/* Builds a face with the given cmap subtable at (3, 1) and no OS/2, and
 * returns whether it loaded; err gets the sentence. */
static bool loads_with_cmap(const bytes *sub, char *err, size_t errlen,
                            np_face **out)
{
    table t[5];
    static const unsigned ids[] = { 3, 1 };
    base_tables(t, 1800, -400);
    t[4] = (table){ .tag = "cmap" };
    make_cmap(&t[4].body, ids, sub, 1);
    np_face *face = load_built(t, 5, err, errlen);
    if (out)
        *out = face;
    else
        np_face_free(face);
    return face != NULL;
}

static void test_synthetic_hostile_cmaps(void)
{
    char err[256] = "";
    np_face *face;
    bytes sub = { .len = 0 };
    /* glyphIdArray offset far past the table: loads, 'C' is missing. */
    make_format4(&sub);
    sub.p[36] = 0x7F;
    CHECK(loads_with_cmap(&sub, err, sizeof err, &face));
    if (face) {
        CHECK(!np_face_has_glyph(face, 'C'));
        CHECK(np_face_has_glyph(face, 'A'));
        CHECK(np_face_cap_height(face) == 878 * 7 / 10);
        np_face_free(face);
    }
    /* segCountX2 far beyond the table. */
    sub = (bytes){ .len = 0 };
    make_format4(&sub);
    sub.p[6] = 0xFF;
    CHECK(!loads_with_cmap(&sub, err, sizeof err, NULL));
    CHECK(strstr(err, "cmap") != NULL);
    /* Unsorted, overlapping format 4 segments covering everything. */
    sub = (bytes){ .len = 0 };
    make_format4(&sub);
    memcpy(sub.p + 14, "\xFF\xFF\x00\x43\x00\x42", 6);
    memcpy(sub.p + 22, "\x00\x00\x00\x43\x00\x41", 6);
    CHECK(loads_with_cmap(&sub, err, sizeof err, NULL));
    /* Format 12 with more groups than the table holds. */
    sub = (bytes){ .len = 0 };
    make_format12(&sub, GROUPS, 2);
    sub.p[14] = 0x10;
    CHECK(!loads_with_cmap(&sub, err, sizeof err, NULL));
    CHECK(strstr(err, "cmap") != NULL);
}

/* Overlapping groups, a glyph id that would wrap past 2^32, and groups
 * beyond U+10FFFF: loads, and lookups stay sane. */
static void test_synthetic_hostile_groups(void)
{
    static const grp g[] = {
        { 0x10000, 0x10FFFF, 0xFFFFFFF0u }, { 0x41, 0x20000, 2 },
        { 0x41, 0x41, 1 }, { 0x110000, 0xFFFFFFFFu, 1 }, { 9, 3, 1 },
    };
    char err[256] = "";
    np_face *face;
    bytes sub = { .len = 0 };
    make_format12(&sub, g, 5);
    CHECK(loads_with_cmap(&sub, err, sizeof err, &face));
    if (!face)
        return;
    CHECK(np_face_advance(face, 'A') == 600);
    CHECK(np_face_advance(face, 'B') == 700);
    CHECK(np_face_advance(face, 'C') == 700);
    CHECK(np_face_advance(face, 'D') == 537);
    CHECK(!np_face_has_glyph(face, 0x30000));
    CHECK(!np_face_has_glyph(face, 0x10FFFF));
    CHECK(!np_face_has_glyph(face, 0x110000));
    np_face_free(face);
}

/* One broken table at a time; each must be refused with a sentence
 * naming it. */
static void test_synthetic_broken_tables(void)
{
    static const struct {
        int table;
        size_t at;
        uint8_t value;
        const char *word;
    } cases[] = {
        { 0, 12, 0x00, "magic" },       /* head magic */
        { 0, 18, 0x00, "units per em" },/* unitsPerEm 0x0800 -> 0x0000 */
        { 2, 4, 0x00, "no glyphs" },    /* numGlyphs 5 -> 0x0005 & 0xFF */
        { 1, 35, 0x00, "hhea" },        /* numberOfHMetrics 3 -> 0 */
        { 1, 34, 0x01, "hmtx" },        /* numberOfHMetrics 3 -> 259 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        table t[5];
        char err[256] = "";
        bytes sub = { .len = 0 };
        static const unsigned ids[] = { 3, 1 };
        base_tables(t, 1800, -400);
        make_format4(&sub);
        t[4] = (table){ .tag = "cmap" };
        make_cmap(&t[4].body, ids, &sub, 1);
        t[cases[i].table].body.p[cases[i].at] = cases[i].value;
        if (cases[i].table == 2)
            t[2].body.p[5] = 0;
        np_face *face = load_built(t, 5, err, sizeof err);
        CHECK(face == NULL);
        CHECK(strstr(err, cases[i].word) != NULL);
        if (!strstr(err, cases[i].word))
            fprintf(stderr, "case %zu: \"%s\"\n", i, err);
        np_face_free(face);
    }
}

static void test_no_unicode_cmap(void)
{
    char err[256] = "";
    table t[5];
    bytes sub = { .len = 0 };
    static const unsigned ids[] = { 3, 0 };     /* symbol encoding */
    base_tables(t, 1800, -400);
    make_format4(&sub);
    t[4] = (table){ .tag = "cmap" };
    make_cmap(&t[4].body, ids, &sub, 1);
    np_face *face = load_built(t, 5, err, sizeof err);
    CHECK(face == NULL);
    CHECK(strstr(err, "no Unicode subtable") != NULL);
    t[4].tag = "cmaq";
    face = load_built(t, 5, err, sizeof err);
    CHECK(face == NULL);
    CHECK_STR(err, "table cmap is missing");
}

/* ---- broken files --------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* Loads tmp_path expecting a refusal: NULL and a sentence. */
static void expect_refused(const char *what)
{
    char err[256] = "";
    np_face *face = np_face_load(tmp_path, NULL, err, sizeof err);
    CHECK(face == NULL);
    CHECK(err[0] != '\0');
    if (face || !err[0])
        fprintf(stderr, "%s: loaded, or refused without a sentence\n", what);
    np_face_free(face);
}

static void test_missing_empty_dir(void)
{
    char err[256] = "";
    CHECK(np_face_load("/nonexistent/dir/none.ttf", NULL, err, sizeof err)
          == NULL);
    CHECK_STR(err, "cannot open the font file: No such file or directory");
    CHECK(np_face_load("/tmp", NULL, err, sizeof err) == NULL);
    CHECK_STR(err, "cannot open the font file: a directory, not a regular file");
    /* A FIFO nobody writes to is refused at once, not waited on. */
    char fifo[sizeof tmp_path + 8];
    snprintf(fifo, sizeof fifo, "%s.fifo", tmp_path);
    CHECK(mkfifo(fifo, 0600) == 0);
    CHECK(np_face_load(fifo, NULL, err, sizeof err) == NULL);
    CHECK_STR(err, "cannot open the font file: a FIFO, not a regular file");
    unlink(fifo);
    CHECK(np_face_load("/dev/zero", NULL, err, sizeof err) == NULL);
    CHECK_STR(err, "cannot open the font file: a character device, not a regular file");
    write_whole(tmp_path, NULL, 0);
    CHECK(np_face_load(tmp_path, NULL, err, sizeof err) == NULL);
    CHECK_STR(err, "the font file is empty");
    /* No error buffer at all must be fine too. */
    CHECK(np_face_load(tmp_path, NULL, NULL, 0) == NULL);
    CHECK(np_face_load(tmp_path, NULL, err, 1) == NULL);
    CHECK(err[0] == '\0');
}

static void test_signatures(void)
{
    static const struct {
        const char *head;
        const char *word;
    } kinds[] = {
        { "ttcf", "collection" }, { "OTTO", "not a TrueType or OpenType file" },
        { "wOFF", "WOFF" }, { "wOF2", "WOFF2" },
        { "%PDF", "not a TrueType or OpenType file" },
        { "\x00\x01\x00\x00", "not a TrueType or OpenType file" },
    };
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
        char err[256] = "";
        uint8_t file[8] = { 0 };
        memcpy(file, kinds[i].head, 4);
        write_whole(tmp_path, file, sizeof file);
        CHECK(np_face_load(tmp_path, NULL, err, sizeof err) == NULL);
        CHECK(strstr(err, kinds[i].word) != NULL);
    }
}

static void test_random_bytes(void)
{
    static uint8_t buf[70000];
    for (int round = 0; round < 200; round++) {
        size_t len = 1 + rng() % (round < 100 ? 300 : sizeof buf);
        for (size_t i = 0; i < len; i++)
            buf[i] = (uint8_t)rng();
        /* Half the rounds get a valid signature, to reach the directory. */
        if (round % 2 && len >= 4)
            memcpy(buf, "\x00\x01\x00\x00", 4);
        write_whole(tmp_path, buf, len);
        expect_refused("random bytes");
    }
}

static void test_truncated(const uint8_t *font, size_t size)
{
    for (size_t len = 1; len < size; len += len < 400 ? 1 : 997) {
        write_whole(tmp_path, font, len);
        expect_refused("truncated copy");
    }
    write_whole(tmp_path, font, size - 1);
    expect_refused("truncated by one byte");
}

/* Bytes changed in the directory and in the tables that are read: a
 * load may succeed or fail, but must not crash or read out of bounds
 * (run under ASan), and must report when it fails. */
static void test_mutated(const uint8_t *font, size_t size)
{
    static const char *const tags[] = { "cmap", "hhea", "maxp", "hmtx",
                                        "head", "OS/2" };
    uint8_t *copy = malloc(size);
    int loaded = 0;
    for (int round = 0; round < 600 && copy; round++) {
        memcpy(copy, font, size);
        uint32_t len, off = find_table(font, tags[round % 6], &len);
        if (len > 2048)
            len = 2048;
        for (int k = 1 + (int)(rng() % 4); k > 0; k--) {
            size_t at = round % 3 == 0 ? rng() % (12 + 16 * 19)
                                       : off + rng() % len;
            copy[at] = (uint8_t)rng();
        }
        write_whole(tmp_path, copy, size);
        char err[256] = "";
        np_face *face = np_face_load(tmp_path, NULL, err, sizeof err);
        CHECK(face != NULL || err[0] != '\0');
        if (face) {
            loaded++;
            for (uint32_t cp = 0; cp < 0x110000; cp += 0x101)
                (void)np_face_advance(face, cp);
            (void)np_face_text_width(face, 10, SENTENCE, strlen(SENTENCE));
        }
        np_face_free(face);
    }
    printf("font: %d of 600 mutated copies still loaded\n", loaded);
    free(copy);
}

static void test_broken_files(void)
{
    char path[512];
    size_t size = 0;
    font_path(path, sizeof path, FACES[0]);
    uint8_t *font = (uint8_t *)unit_read_file(path, &size);
    CHECK(font != NULL && size > 1000);
    test_missing_empty_dir();
    test_signatures();
    test_random_bytes();
    if (font && size > 1000) {
        test_truncated(font, size);
        test_mutated(font, size);
    }
    free(font);
}

/* ---- the allocator, and running out of memory ----------------------- */

typedef struct counting {
    long live;
    long calls;
    long fail_at;       /* the call that fails; -1 for none */
} counting;

static void *c_malloc(void *ud, size_t n)
{
    counting *c = ud;
    if (c->calls++ == c->fail_at)
        return NULL;
    void *p = malloc(n);
    c->live += p != NULL;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    counting *c = ud;
    if (c->calls++ == c->fail_at)
        return NULL;
    c->live += p == NULL;
    return realloc(p, n);
}

static void c_free(void *ud, void *p)
{
    counting *c = ud;
    c->live -= p != NULL;
    free(p);
}

static void test_allocator(void)
{
    char path[512], err[256];
    font_path(path, sizeof path, FACES[0]);
    for (long fail_at = 0; fail_at < 8; fail_at++) {
        counting c = { 0, 0, fail_at };
        np_allocator a = { c_malloc, c_realloc, c_free, &c };
        np_face *face = np_face_load(path, &a, err, sizeof err);
        if (!face)
            CHECK(strstr(err, "out of memory") != NULL);
        else
            CHECK(np_face_advance(face, 'e') == 443);
        np_face_free(face);
        CHECK(c.live == 0);
    }
    /* The face keeps a copy of the allocator, not the caller's struct. */
    counting c = { 0, 0, -1 };
    np_allocator *a = malloc(sizeof *a);
    *a = (np_allocator){ c_malloc, c_realloc, c_free, &c };
    np_face *face = np_face_load(path, a, err, sizeof err);
    memset(a, 0, sizeof *a);
    free(a);
    CHECK(face != NULL);
    np_face_free(face);
    CHECK(c.live == 0);
}

/* ---- timings --------------------------------------------------------- */

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((uint8_t)s[i] & 0xC0) != 0x80;
    return n;
}

/* Measures word by word, as layout does; the volatile sink keeps the
 * compiler from dropping the work. */
static double time_words(const np_face *face, const char *text, size_t len)
{
    volatile double sink = 0;
    double t0 = now();
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == ' ') {
            sink += np_face_text_width(face, 10, text + start, i - start);
            start = i + 1;
        }
    }
    (void)sink;
    return now() - t0;
}

static void bench(void)
{
    char path[512], err[256];
    font_path(path, sizeof path, FACES[0]);
    const int loads = 20;
    double t0 = now();
    for (int i = 0; i < loads; i++)
        np_face_free(np_face_load(path, NULL, err, sizeof err));
    double load_ms = (now() - t0) / loads * 1e3;

    np_face *face = np_face_load(path, NULL, err, sizeof err);
    size_t slen = strlen(SENTENCE), per = count_chars(SENTENCE, slen);
    size_t reps = (1000000 + per - 1) / per;
    char *text = malloc(reps * slen + 1);
    if (!face || !text) {
        free(text);
        np_face_free(face);
        return;
    }
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * slen, SENTENCE, slen);
    size_t len = reps * slen, chars = count_chars(text, len);

    t0 = now();
    volatile double whole = np_face_text_width(face, 10, text, len);
    double t_whole = now() - t0;
    double t_words = time_words(face, text, len);
    (void)whole;

    haru h;
    double t_haru = -1;
    if (haru_open(&h, path)) {
        t0 = now();
        for (size_t i = 0; i < reps; i++)
            HPDF_Font_TextWidth(h.font, (const HPDF_BYTE *)SENTENCE,
                                (HPDF_UINT)slen);
        t_haru = now() - t0;
    }
    if (h.pdf)
        HPDF_Free(h.pdf);
    printf("font: load %.2f ms; %zu chars (%zu bytes): one call %.2f ms, "
           "word by word %.2f ms; libharu TextWidth per sentence %.2f ms\n",
           load_ms, chars, len, t_whole * 1e3, t_words * 1e3, t_haru * 1e3);
    free(text);
    np_face_free(face);
}

int main(void)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/np_test_font_%ld.ttf",
             (long)getpid());
    for (size_t i = 0; i < NUM_FACES; i++)
        test_against_libharu(FACES[i]);
    test_known_values();
    test_utf8();
    test_synthetic_both();
    test_synthetic_format12_only();
    test_synthetic_hostile_cmaps();
    test_synthetic_hostile_groups();
    test_synthetic_broken_tables();
    test_no_unicode_cmap();
    test_broken_files();
    test_allocator();
    bench();
    unlink(tmp_path);
    return unit_done("font");
}
