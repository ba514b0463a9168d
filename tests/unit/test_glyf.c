/*
 * test_glyf.c - a face whose outlines are damaged is refused when it is
 * loaded, with the glyph at fault; the shipped faces, and Debian's
 * Liberation faces when installed, load.
 *
 * The damaged faces are copies of fonts/LiberationSerif-Regular.ttf:
 * 2 000 bytes of its glyf table changed at random (a fixed seed, so
 * every run damages the same bytes), and one copy for each rule
 * glyf_check.c enforces, broken in one place of a known simple glyph
 * ('H') or composite glyph ('É'). Through the engine, the render is
 * refused and the message names the file.
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
#include "notepress.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

#define FONT(name) NP_DATADIR "/fonts/LiberationSerif-" name ".ttf"
#define DEBIAN "/usr/share/fonts/truetype/liberation2/"

static char tmp_path[64];

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void wr16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Offset and length of table `tag` of the file. */
static size_t table_at(const uint8_t *f, const char *tag, size_t *len)
{
    unsigned n = (unsigned)(f[4] << 8 | f[5]);
    for (unsigned i = 0; i < n; i++) {
        const uint8_t *rec = f + 12 + 16 * i;
        if (memcmp(rec, tag, 4) == 0) {
            *len = rd32(rec + 12);
            return rd32(rec + 8);
        }
    }
    *len = 0;
    return 0;
}

static void write_file(const uint8_t *p, size_t len)
{
    FILE *f = fopen(tmp_path, "wb");
    if (f) {
        fwrite(p, 1, len, f);
        fclose(f);
    }
}

/* Loads the file written at tmp_path: NULL and the reason in err. */
static np_face *load_written(char *err, size_t size)
{
    err[0] = '\0';
    return np_face_load(tmp_path, NULL, err, size);
}

static uint64_t rng_state = 0x2545F4914F6CDD1DULL;

static uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}

/* ---- the faces that must load ------------------------------------------ */

static void test_good_faces(void)
{
    static const char *const names[] = {
        FONT("Regular"), FONT("Italic"), FONT("Bold"), FONT("BoldItalic"),
        DEBIAN "LiberationSerif-Regular.ttf", DEBIAN "LiberationSans-Regular.ttf",
        DEBIAN "LiberationMono-Bold.ttf", DEBIAN "LiberationSansNarrow-Italic.ttf",
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        if (i >= 4 && access(names[i], R_OK) != 0)
            continue;           /* Debian's copies are optional here */
        char err[256] = "";
        np_face *f = np_face_load(names[i], NULL, err, sizeof err);
        CHECK(f != NULL);
        if (!f)
            fprintf(stderr, "  %s: %s\n", names[i], err);
        np_face_free(f);
    }
}

/* ---- random damage ------------------------------------------------------ */

static void test_random_damage(const uint8_t *font, size_t size)
{
    uint8_t *copy = malloc(size);
    size_t glyf_len, glyf = table_at(font, "glyf", &glyf_len);
    CHECK(copy && glyf_len > 0);
    if (!copy || !glyf_len) {
        free(copy);
        return;
    }
    int refused = 0;
    for (int round = 0; round < 20; round++) {
        memcpy(copy, font, size);
        for (int k = 0; k < 2000; k++)
            copy[glyf + rng() % glyf_len] = (uint8_t)rng();
        write_file(copy, size);
        char err[256];
        np_face *f = load_written(err, sizeof err);
        refused += f == NULL && strstr(err, "glyph ") && strstr(err, "is damaged");
        if (f)
            fprintf(stderr, "  round %d: 2000 bytes changed in glyf, loaded\n", round);
        np_face_free(f);
    }
    CHECK(refused == 20);
    free(copy);
}

/* ---- one rule at a time --------------------------------------------------- */

typedef struct font_file {
    uint8_t *p;
    size_t len;
    size_t head, loca, glyf, loca_len, glyf_len;
    bool long_loca;
} font_file;

static size_t loca_of(const font_file *f, uint32_t g)
{
    const uint8_t *l = f->p + f->loca;
    return f->long_loca ? rd32(l + 4 * g) : (size_t)(l[2 * g] << 8 | l[2 * g + 1]) * 2;
}

static uint8_t *glyph_bytes(font_file *f, uint32_t g, size_t *len)
{
    size_t from = loca_of(f, g);
    *len = loca_of(f, g + 1) - from;
    return f->p + f->glyf + from;
}

/* `simple` is 'H' (one contour), or 'O' (two) for end_points_back. */
typedef void damage_fn(font_file *f, uint32_t simple, uint32_t composite);

static void short_glyph(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    /* loca says glyph s ends 2 bytes... past itself: 4 bytes long */
    size_t from = loca_of(f, s);
    uint8_t *l = f->p + f->loca;
    if (f->long_loca) {
        uint32_t v = (uint32_t)(from + 4);
        wr16(l + 4 * (s + 1), v >> 16);
        wr16(l + 4 * (s + 1) + 2, v & 0xFFFF);
    } else {
        wr16(l + 2 * (s + 1), (unsigned)((from + 4) / 2));
    }
}

static void loca_backwards(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    uint8_t *l = f->p + f->loca;
    if (f->long_loca)
        memset(l + 4 * (s + 1), 0, 4);
    else
        memset(l + 2 * (s + 1), 0, 2);
}

static void loca_past_glyf(font_file *f, uint32_t s, uint32_t c)
{
    (void)s;
    (void)c;
    uint8_t *l = f->p + f->loca;
    size_t n = f->long_loca ? f->loca_len / 4 : f->loca_len / 2;
    if (f->long_loca)
        memset(l + 4 * (n - 1), 0x7F, 4);
    else
        memset(l + 2 * (n - 1), 0x7F, 2);
}

static void contours_negative(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    size_t len;
    wr16(glyph_bytes(f, s, &len), 0xFFFE);     /* -2 */
}

static void bbox_upside_down(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    size_t len;
    uint8_t *g = glyph_bytes(f, s, &len);
    wr16(g + 2, 0x7000);        /* xMin above xMax */
}

static void end_points_back(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    size_t len;
    uint8_t *g = glyph_bytes(f, s, &len);       /* 'O': two contours */
    g[12] = g[10];              /* the second ends where the first does */
    g[13] = g[11];
}

static void instructions_long(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    size_t len;
    uint8_t *g = glyph_bytes(f, s, &len);
    unsigned contours = (unsigned)(g[0] << 8 | g[1]);
    wr16(g + 10 + 2 * contours, 0xFFFF);
}

static void flags_long(font_file *f, uint32_t s, uint32_t c)
{
    (void)c;
    size_t len;
    uint8_t *g = glyph_bytes(f, s, &len);
    unsigned contours = (unsigned)(g[0] << 8 | g[1]);
    size_t at = 10 + 2 * (size_t)contours;
    at += 2 + (size_t)(g[at] << 8 | g[at + 1]);
    /* every flag a word-sized x and y, and repeated: more coordinates
     * than the glyph has bytes */
    g[at] = 0x08;
    g[at + 1] = 0xFF;
}

static void component_missing(font_file *f, uint32_t s, uint32_t c)
{
    (void)s;
    size_t len;
    uint8_t *g = glyph_bytes(f, c, &len);
    wr16(g + 12, 0xFFFF);       /* the first component's glyph index */
}

static void component_cycle(font_file *f, uint32_t s, uint32_t c)
{
    (void)s;
    size_t len;
    uint8_t *g = glyph_bytes(f, c, &len);
    wr16(g + 12, c);            /* made of itself */
}

static void component_cut(font_file *f, uint32_t s, uint32_t c)
{
    (void)s;
    size_t len;
    uint8_t *g = glyph_bytes(f, c, &len);
    unsigned first = (unsigned)(g[12] << 8 | g[13]);
    for (size_t at = 10; at + 4 <= len; at += 8) {
        wr16(g + at, 0x0020 | 0x0001);  /* more components, forever */
        wr16(g + at + 2, first);
    }
}

static const struct {
    const char *what;
    damage_fn *damage;
    const char *reason;
} rules[] = {
    { "a glyph shorter than its header", short_glyph, "shorter than a glyph header" },
    { "loca going backwards", loca_backwards, "past the next glyph" },
    { "loca past glyf", loca_past_glyf, "past the end of table glyf" },
    { "-2 contours", contours_negative, "number of contours is negative" },
    { "an upside-down box", bbox_upside_down, "bounding box is upside down" },
    { "end points going back", end_points_back, "not in increasing order" },
    { "instructions too long", instructions_long, "instructions run past" },
    { "flags and coordinates too long", flags_long, "run past its end" },
    { "a component naming no glyph", component_missing, "does not have" },
    { "a composite made of itself", component_cycle, "a cycle" },
    { "components running off the end", component_cut, "component runs past" },
};

static void test_each_rule(const uint8_t *font, size_t size)
{
    char err[256];
    np_face *good = np_face_load(FONT("Regular"), NULL, err, sizeof err);
    CHECK(good != NULL);
    if (!good)
        return;
    uint32_t simple = np_face_glyph(good, 'H'), round = np_face_glyph(good, 'O');
    uint32_t composite = np_face_glyph(good, 0xC9);   /* É */
    np_face_free(good);
    font_file f = { .len = size, .p = malloc(size) };
    size_t head_len;
    f.head = table_at(font, "head", &head_len);
    f.loca = table_at(font, "loca", &f.loca_len);
    f.glyf = table_at(font, "glyf", &f.glyf_len);
    f.long_loca = font[f.head + 51] == 1;
    CHECK(f.p && simple && round && composite && f.glyf_len);
    for (size_t i = 0; f.p && i < sizeof rules / sizeof *rules; i++) {
        memcpy(f.p, font, size);
        rules[i].damage(&f, rules[i].damage == end_points_back ? round : simple,
                        composite);
        write_file(f.p, size);
        np_face *face = load_written(err, sizeof err);
        bool ok = !face && strstr(err, rules[i].reason) != NULL;
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  %s: %s\n", rules[i].what, face ? "loaded" : err);
        np_face_free(face);
    }
    free(f.p);
}

/* ---- through the engine ------------------------------------------------- */

static void keep_error(void *ud, const np_diagnostic *d)
{
    if (d->severity == NP_ERROR)
        np_format_diagnostic(d, ud, 512);
}

static void test_render_refused(const uint8_t *font, size_t size)
{
    uint8_t *copy = malloc(size);
    size_t glyf_len, glyf = table_at(font, "glyf", &glyf_len);
    if (!copy)
        return;
    memcpy(copy, font, size);
    for (int k = 0; k < 2000; k++)
        copy[glyf + rng() % glyf_len] = (uint8_t)rng();
    write_file(copy, size);
    free(copy);
    char layout[512];
    snprintf(layout, sizeof layout, "/tmp/np_test_glyf_%ld.xml", (long)getpid());
    FILE *f = fopen(layout, "w");
    if (f) {
        fprintf(f, "<layout name=\"damaged\" extends=\"un-a4\">\n"
                   "  <fonts regular=\"%s\"/>\n</layout>\n", tmp_path);
        fclose(f);
    }
    static const char doc[] =
        "<document lang=\"en\"><meta><symbol>A/1</symbol></meta>"
        "<title>T</title><body><p>Text.</p></body></document>";
    np_engine *e = np_engine_new(NULL);
    np_render_options o;
    np_render_options_init(&o);
    o.layout = layout;
    char message[512] = "";
    o.diag = keep_error;
    o.diag_ud = message;
    void *pdf;
    size_t len;
    CHECK(e && np_render_to_buffer(e, "d.xml", doc, sizeof doc - 1, &o, &pdf, &len) == 1);
    /* at the layout's field, naming the file and the glyph */
    CHECK(strstr(message, ":2:10: error: cannot load font ") != NULL);
    CHECK(strstr(message, tmp_path) != NULL && strstr(message, "is damaged") != NULL);
    if (!strstr(message, tmp_path))
        fprintf(stderr, "  %s\n", message);
    np_engine_free(e);
    remove(layout);
}

int main(void)
{
    snprintf(tmp_path, sizeof tmp_path, "/tmp/np_test_glyf_%ld.ttf", (long)getpid());
    size_t size;
    uint8_t *font = (uint8_t *)unit_read_file(FONT("Regular"), &size);
    CHECK(font != NULL);
    test_good_faces();
    if (font) {
        test_random_damage(font, size);
        test_each_rule(font, size);
        test_render_refused(font, size);
    }
    free(font);
    remove(tmp_path);
    return unit_done("glyf");
}
