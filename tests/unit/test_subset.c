/*
 * test_subset.c - the subset font programs the PDF embeds: CIDs in order
 * of first use, a well-formed TrueType file (sorted directory, true
 * checksums, counts that agree), each character's outline and advance
 * equal to the face's (here byte for byte, and by fontTools in
 * tests/fontcheck.py), composite glyphs with their components, and
 * damaged faces that must never make it read out of bounds (run under
 * ASan).
 *
 * Files written here go to /tmp and are removed at the end.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/font.h"
#include "output/subset.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

#define FONT(name) NP_DATADIR "/fonts/LiberationSerif-" name ".ttf"
#define FONTCHECK "/usr/bin/python3 " NP_DATADIR "/tests/fontcheck.py"

/* French text with accented capitals (composite glyphs in Liberation),
 * typographic quotes and spaces, and a character the face lacks. */
static const char SAMPLE[] =
    "« Élaboration » : l’Œuvre à Genève, Ça ira ; 25 % — ½ Ŵ €\xE2\x80\xAF"
    "\xE2\x88\x9E\xEF\xBF\xBD\xE4\xB8\x80";

static uint16_t rd16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Decodes well-formed UTF-8 (the sample is). */
static size_t next_cp(const char *s, uint32_t *cp)
{
    const uint8_t *u = (const uint8_t *)s;
    if (u[0] < 0x80) { *cp = u[0]; return 1; }
    if (u[0] < 0xE0) { *cp = (u[0] & 0x1Fu) << 6 | (u[1] & 0x3F); return 2; }
    if (u[0] < 0xF0) {
        *cp = (u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3F);
        return 3;
    }
    *cp = (u[0] & 0x07u) << 18 | (u[1] & 0x3Fu) << 12 | (u[2] & 0x3Fu) << 6 | (u[3] & 0x3F);
    return 4;
}

static void show(np_subset *s, const char *text)
{
    for (size_t i = 0; text[i];) {
        uint32_t cp;
        i += next_cp(text + i, &cp);
        np_subset_cid(s, cp);
    }
}

/* ---- a TrueType file read back ------------------------------------- */

typedef struct sfnt {
    const uint8_t *p;
    size_t len;
} sfnt;

static const uint8_t *table_of(sfnt f, const char *tag, size_t *len)
{
    unsigned n = rd16(f.p + 4);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *rec = f.p + 12 + 16 * i;
        if (memcmp(rec, tag, 4) == 0) {
            *len = rd32(rec + 12);
            return f.p + rd32(rec + 8);
        }
    }
    *len = 0;
    return NULL;
}

static uint32_t sum_words(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < len; i += 4) {
        uint8_t w[4] = { 0 };
        memcpy(w, p + i, len - i < 4 ? len - i : 4);
        sum += rd32(w);
    }
    return sum;
}

/* The directory: sorted tags, tables inside the file and 4-aligned,
 * true checksums (head's with its adjustment zeroed), and the whole
 * file summing to the magic number. */
static void check_directory(sfnt f)
{
    CHECK(f.len >= 12 && rd32(f.p) == 0x00010000);
    unsigned n = rd16(f.p + 4);
    CHECK(12 + 16 * (size_t)n <= f.len);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *rec = f.p + 12 + 16 * i;
        uint32_t off = rd32(rec + 8), len = rd32(rec + 12);
        CHECK(i == 0 || memcmp(rec - 16, rec, 4) < 0);
        CHECK(off % 4 == 0 && off <= f.len && len <= f.len - off);
        uint32_t sum = sum_words(f.p + off, len);
        if (memcmp(rec, "head", 4) == 0)
            sum -= rd32(f.p + off + 8);
        CHECK(sum == rd32(rec + 4));
    }
    CHECK(f.len % 4 == 0 && sum_words(f.p, f.len) == 0xB1B0AFBAu);
}

/* Counts that must agree with the program's glyphs. */
static void check_counts(sfnt f, unsigned glyphs)
{
    size_t head_len, hhea_len, maxp_len, loca_len, glyf_len, hmtx_len;
    const uint8_t *head = table_of(f, "head", &head_len);
    const uint8_t *hhea = table_of(f, "hhea", &hhea_len);
    const uint8_t *maxp = table_of(f, "maxp", &maxp_len);
    const uint8_t *loca = table_of(f, "loca", &loca_len);
    table_of(f, "glyf", &glyf_len);
    table_of(f, "hmtx", &hmtx_len);
    CHECK(head && hhea && maxp && loca);
    if (!head || !hhea || !maxp || !loca)
        return;
    CHECK(rd16(head + 50) == 1);
    CHECK(rd16(maxp + 4) == glyphs);
    CHECK(rd16(hhea + 34) == glyphs);
    CHECK(hmtx_len == 4 * (size_t)glyphs);
    CHECK(loca_len == 4 * ((size_t)glyphs + 1));
    for (unsigned g = 0; g < glyphs; g++)
        CHECK(rd32(loca + 4 * g) <= rd32(loca + 4 * g + 4));
    CHECK(rd32(loca + 4 * (size_t)glyphs) == glyf_len);
}

/* Glyph `g` of a file's glyf, by its loca (long or short). */
static const uint8_t *glyph_of(sfnt f, unsigned g, size_t *len)
{
    size_t head_len, loca_len, glyf_len;
    const uint8_t *head = table_of(f, "head", &head_len);
    const uint8_t *loca = table_of(f, "loca", &loca_len);
    const uint8_t *glyf = table_of(f, "glyf", &glyf_len);
    size_t from, to;
    if (rd16(head + 50)) {
        from = rd32(loca + 4 * g);
        to = rd32(loca + 4 * g + 4);
    } else {
        from = 2 * (size_t)rd16(loca + 2 * g);
        to = 2 * (size_t)rd16(loca + 2 * g + 2);
    }
    *len = to - from;
    return glyf + from;
}

static unsigned advance_of(sfnt f, unsigned g)
{
    size_t hhea_len, hmtx_len;
    const uint8_t *hhea = table_of(f, "hhea", &hhea_len);
    const uint8_t *hmtx = table_of(f, "hmtx", &hmtx_len);
    unsigned long_metrics = rd16(hhea + 34);
    return rd16(hmtx + 4 * (g < long_metrics ? g : long_metrics - 1));
}

/* The subset's glyph `mine` is the face's glyph `theirs`: the same bytes
 * (up to the subset's padding), except component indexes, which must
 * name subset glyphs that are the face's components in turn. */
static bool same_glyph(sfnt face, unsigned theirs, sfnt sub, unsigned mine,
                       int depth)
{
    size_t a_len, b_len;
    const uint8_t *a = glyph_of(face, theirs, &a_len);
    const uint8_t *b = glyph_of(sub, mine, &b_len);
    if (advance_of(face, theirs) != advance_of(sub, mine) || depth > 8)
        return false;
    if (a_len == 0 || b_len < a_len || b_len - a_len > 3)
        return a_len == 0 && b_len == 0;
    if ((int16_t)rd16(a) >= 0)
        return memcmp(a, b, a_len) == 0;
    for (size_t at = 10;;) {
        unsigned flags = rd16(a + at);
        if (rd16(b + at) != flags
            || !same_glyph(face, rd16(a + at + 2), sub, rd16(b + at + 2), depth + 1))
            return false;
        size_t n = 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4
                                                  : flags & 0x80 ? 8 : 0);
        if (!(flags & 0x20))
            return memcmp(a + at + 4, b + at + 4, a_len - at - 4) == 0;
        if (memcmp(a + at + 4, b + at + 4, n - 4) != 0)
            return false;
        at += n;
    }
}

/* ---- tests ----------------------------------------------------------- */

static void test_cids(const np_face *face)
{
    np_subset *s = np_subset_new(face, NULL);
    CHECK(np_subset_cid(s, 'b') == 1);
    CHECK(np_subset_cid(s, 'a') == 2);
    CHECK(np_subset_cid(s, 'b') == 1);
    CHECK(np_subset_cid(s, 0x4E00) == 3);       /* no glyph: its own CID */
    CHECK(np_subset_cid(s, 0x1F600) == 0);      /* beyond the BMP */
    CHECK(np_subset_count(s) == 3);
    CHECK(np_subset_code(s, 2) == 'a' && np_subset_code(s, 3) == 0x4E00);
    CHECK(np_subset_code(s, 0) == 0 && np_subset_code(s, 4) == 0);
    char tag[7], again[7];
    np_subset_tag(s, tag);
    CHECK(strlen(tag) == 6 && strspn(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 6);
    np_subset *t = np_subset_new(face, NULL);
    show(t, "ba\xE4\xB8\x80");
    np_subset_tag(t, again);
    CHECK_STR(again, tag);
    np_subset_cid(t, 'c');
    np_subset_tag(t, again);
    CHECK(strcmp(again, tag) != 0);
    /* Every BMP code point: the CIDs run out at 65,535, then give 0. */
    for (uint32_t cp = 0; cp < 0x10000; cp++)
        np_subset_cid(t, cp);
    CHECK(np_subset_count(t) == NP_SUBSET_MAX_CID);
    CHECK(!np_subset_failed(t));
    np_subset_free(t);
    np_subset_free(s);
}

/* Writes the program and the "code gid" map for fontcheck.py. */
static void run_fontcheck(const np_subset *s, const np_subset_program *p,
                          const char *face_path)
{
    char ttf[64], map[64], cmd[512];
    snprintf(ttf, sizeof ttf, "/tmp/np_subset_%ld.ttf", (long)getpid());
    snprintf(map, sizeof map, "/tmp/np_subset_%ld.map", (long)getpid());
    FILE *f = fopen(ttf, "wb"), *m = fopen(map, "w");
    CHECK(f && m);
    if (!f || !m)
        return;
    fwrite(p->data, 1, p->len, f);
    for (unsigned cid = 1; cid <= np_subset_count(s); cid++)
        fprintf(m, "%X %u\n", (unsigned)np_subset_code(s, cid), p->cid_to_gid[cid]);
    fclose(f);
    fclose(m);
    snprintf(cmd, sizeof cmd, FONTCHECK " %s %s %s", ttf, face_path, map);
    CHECK(system(cmd) == 0);
    remove(ttf);
    remove(map);
}

static void test_program(const np_face *face, const char *face_path)
{
    size_t face_len;
    uint8_t *face_file = (uint8_t *)unit_read_file(face_path, &face_len);
    CHECK(face_file != NULL);
    if (!face_file)
        return;
    np_subset *s = np_subset_new(face, NULL);
    show(s, SAMPLE);
    np_subset_program p;
    CHECK(np_subset_build(s, &p) == 0);
    sfnt sub = { p.data, p.len }, orig = { face_file, face_len };
    check_directory(sub);
    check_counts(sub, p.glyphs);
    unsigned distinct = 0, composite = 0;
    for (unsigned cid = 1; cid <= np_subset_count(s); cid++) {
        uint32_t g = np_face_glyph(face, np_subset_code(s, cid));
        CHECK((g == 0) == (p.cid_to_gid[cid] == 0));
        CHECK(same_glyph(orig, g, sub, p.cid_to_gid[cid], 0));
        distinct += p.cid_to_gid[cid] > distinct;   /* new glyphs in order */
        size_t len;
        const uint8_t *data = glyph_of(orig, g, &len);
        composite += len >= 10 && (int16_t)rd16(data) < 0;
    }
    CHECK(composite >= 5);
    /* Components follow the characters' own glyphs. */
    CHECK(p.glyphs > distinct + 1);
    CHECK(p.len < face_len / 8);
    run_fontcheck(s, &p, face_path);
    np_subset_program_free(s, &p);
    np_subset_free(s);
    free(face_file);
}

/* Nothing shown: a program with .notdef alone is still well-formed. */
static void test_empty(const np_face *face)
{
    np_subset *s = np_subset_new(face, NULL);
    np_subset_program p;
    CHECK(np_subset_build(s, &p) == 0);
    CHECK(p.glyphs == 1);
    check_directory((sfnt){ p.data, p.len });
    check_counts((sfnt){ p.data, p.len }, 1);
    np_subset_program_free(s, &p);
    np_subset_free(s);
}

static void test_facts(const np_face *regular, const np_face *italic)
{
    np_face_facts f;
    np_face_facts_get(regular, &f);
    CHECK_STR(f.ps_name, "LiberationSerif");
    CHECK(f.italic_angle == 0 && !(f.flags & 64) && (f.flags & 32));
    CHECK(f.bbox[0] < 0 && f.bbox[1] < 0 && f.bbox[2] > 1000 && f.bbox[3] > 800);
    CHECK(f.stem_v > 50 && f.stem_v < 200);
    np_face_facts_get(italic, &f);
    CHECK_STR(f.ps_name, "LiberationSerif-Italic");
    CHECK(f.italic_angle < -5 && (f.flags & 64));
}

static uint64_t rng_state = 0x2545F4914F6CDD1Du;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* Damaged loca, glyf, hmtx and headers: whatever loads must subset to a
 * well-formed file without reading out of bounds. */
static void test_damaged(const char *face_path)
{
    static const char *const tags[] = { "loca", "glyf", "hmtx", "head",
                                        "hhea", "maxp" };
    size_t len;
    uint8_t *orig = (uint8_t *)unit_read_file(face_path, &len), *copy = malloc(len);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "/tmp/np_subset_%ld_bad.ttf", (long)getpid());
    int built = 0;
    for (int round = 0; round < 120 && orig && copy; round++) {
        memcpy(copy, orig, len);
        size_t tlen;
        const uint8_t *t = table_of((sfnt){ orig, len }, tags[round % 6], &tlen);
        size_t off = (size_t)(t - orig);
        for (int k = 0; k < 1 + round % 40; k++)
            copy[off + rng() % (tlen < 4096 ? tlen : 4096)] = (uint8_t)rng();
        FILE *f = fopen(tmp, "wb");
        fwrite(copy, 1, len, f);
        fclose(f);
        char err[256];
        np_face *face = np_face_load(tmp, NULL, err, sizeof err);
        if (!face)
            continue;
        np_subset *s = np_subset_new(face, NULL);
        show(s, SAMPLE);
        for (uint32_t cp = 0x20; cp < 0x250; cp++)
            np_subset_cid(s, cp);
        np_subset_program p;
        if (np_subset_build(s, &p) == 0 && p.data) {
            check_directory((sfnt){ p.data, p.len });
            built++;
        }
        np_subset_program_free(s, &p);
        np_subset_free(s);
        np_face_free(face);
    }
    printf("subset: %d of 120 damaged faces subset\n", built);
    CHECK(built > 0);
    remove(tmp);
    free(orig);
    free(copy);
}

int main(void)
{
    char err[256];
    np_face *regular = np_face_load(FONT("Regular"), NULL, err, sizeof err);
    np_face *italic = np_face_load(FONT("Italic"), NULL, err, sizeof err);
    CHECK(regular && italic);
    if (regular && italic) {
        test_cids(regular);
        test_program(regular, FONT("Regular"));
        test_program(italic, FONT("Italic"));
        test_empty(regular);
        test_facts(regular, italic);
        test_damaged(FONT("Regular"));
    }
    np_face_free(regular);
    np_face_free(italic);
    return unit_done("subset");
}
