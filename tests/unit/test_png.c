/*
 * test_png.c - the PNG checker and decoder (png_check.c): good files of
 * every color type and depth pass with the right facts and decode to
 * exactly the samples written (grey, grey+alpha, RGB, RGBA, palettes
 * with tRNS, 16 bits, interlaced); damaged files are refused with the
 * right reason; among thousands of damaged copies, the decoder accepts
 * exactly what the checker accepts, and what it gives libharu loads;
 * and a failing allocator leaves nothing behind.
 *
 * Good files come from libpng's own encoder; damaged ones are made by
 * hand (a small encoder below writes chosen image data) or by damaging
 * good files byte by byte.
 */
#include <hpdf.h>
#include <png.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "readers/png_check.h"
#include "unit.h"

/* ---- files from libpng ------------------------------------------- */

typedef struct mem {
    unsigned char *p;
    size_t n, cap;
} mem;

static void mem_write(png_structp png, png_bytep data, size_t n)
{
    mem *m = png_get_io_ptr(png);
    if (m->n + n > m->cap) {
        m->cap = (m->n + n) * 2;
        m->p = realloc(m->p, m->cap);
    }
    memcpy(m->p + m->n, data, n);
    m->n += n;
}

static void mem_flush(png_structp png)
{
    (void)png;
}

/* A w x h image of `type` and `depth`, pixels from a simple pattern;
 * palette images get a 4-entry palette and, with `trns`, a tRNS. */
static mem encode(unsigned w, unsigned h, int type, int depth, bool interlace,
                  bool trns)
{
    mem m = { 0 };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(m.p);
        return (mem){ 0 };
    }
    png_set_write_fn(png, &m, mem_write, mem_flush);
    png_set_IHDR(png, info, w, h, depth, type,
                 interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (type == PNG_COLOR_TYPE_PALETTE) {
        png_color pal[4] = { { 0, 0, 0 }, { 255, 0, 0 }, { 0, 255, 0 }, { 0, 0, 255 } };
        png_set_PLTE(png, info, pal, 4);
        png_byte alpha[2] = { 0, 128 };
        if (trns)
            png_set_tRNS(png, info, alpha, 2, NULL);
    }
    png_write_info(png, info);
    size_t rb = png_get_rowbytes(png, info);
    unsigned char *row = malloc(rb);
    int passes = png_set_interlace_handling(png);
    /* palette indices stay below 4: bytes of 8, 4, 2 and 1-bit pixels */
    static const unsigned char packed[9] = { 0, 0x55, 0x1B, 0, 0x12, 0, 0, 0, 0 };
    for (int p = 0; p < passes; p++)
        for (unsigned y = 0; y < h; y++) {
            for (size_t i = 0; i < rb; i++)
                row[i] = type != PNG_COLOR_TYPE_PALETTE ? (unsigned char)(i * 7 + y * 13)
                         : depth == 8 ? (unsigned char)((i + y) % 4) : packed[depth];
            png_write_row(png, row);
        }
    png_write_end(png, NULL);
    free(row);
    png_destroy_write_struct(&png, &info);
    return m;
}

/* A file whose rows are given as PNG stores them (packed, 16-bit
 * samples most significant byte first); palette and tRNS optional. */
typedef struct spec {
    unsigned w, h;
    int type, depth;
    bool interlace;
    const unsigned char *data;          /* h rows of rowbytes each */
    const png_color *palette;
    int palette_len;
    const png_byte *trns;               /* palette alphas */
    int trns_len;
    const png_color_16 *trns_color;     /* grey or RGB transparent colour */
} spec;

static mem encode_spec(const spec *sp)
{
    mem m = { 0 };
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(m.p);
        return (mem){ 0 };
    }
    png_set_write_fn(png, &m, mem_write, mem_flush);
    png_set_IHDR(png, info, sp->w, sp->h, sp->depth, sp->type,
                 sp->interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (sp->palette)
        png_set_PLTE(png, info, sp->palette, sp->palette_len);
    if (sp->trns || sp->trns_color)
        png_set_tRNS(png, info, sp->trns, sp->trns_len, sp->trns_color);
    png_write_info(png, info);
    size_t rb = png_get_rowbytes(png, info);
    int passes = png_set_interlace_handling(png);
    for (int p = 0; p < passes; p++)
        for (unsigned y = 0; y < sp->h; y++)
            png_write_row(png, sp->data + y * rb);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    return m;
}

/* ---- files by hand ----------------------------------------------- */

static void put(mem *m, const void *data, size_t n)
{
    if (m->n + n > m->cap) {
        m->cap = (m->n + n) * 2 + 64;
        m->p = realloc(m->p, m->cap);
    }
    memcpy(m->p + m->n, data, n);
    m->n += n;
}

static void put32(mem *m, uint32_t v)
{
    unsigned char b[4] = { v >> 24, v >> 16 & 255, v >> 8 & 255, v & 255 };
    put(m, b, 4);
}

static void chunk(mem *m, const char *type, const void *data, uint32_t n)
{
    put32(m, n);
    size_t at = m->n;
    put(m, type, 4);
    if (n)
        put(m, data, n);
    put32(m, (uint32_t)crc32(crc32(0, NULL, 0), m->p + at, n + 4));
}

static void ihdr(mem *m, uint32_t w, uint32_t h, int depth, int type, int interlace)
{
    static const unsigned char sig[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };
    put(m, sig, 8);
    unsigned char d[13] = { w >> 24, w >> 16 & 255, w >> 8 & 255, w & 255,
                            h >> 24, h >> 16 & 255, h >> 8 & 255, h & 255,
                            (unsigned char)depth, (unsigned char)type, 0, 0,
                            (unsigned char)interlace };
    chunk(m, "IHDR", d, 13);
}

static void idat(mem *m, const unsigned char *raw, size_t n)
{
    uLongf cap = compressBound(n);
    unsigned char *z = malloc(cap);
    compress(z, &cap, raw, n);
    chunk(m, "IDAT", z, (uint32_t)cap);
    free(z);
}

/* An 8-bit grey w x h image whose image data is `raw` as given. */
static mem grey_with(uint32_t w, uint32_t h, const unsigned char *raw, size_t n)
{
    mem m = { 0 };
    ihdr(&m, w, h, 8, 0, 0);
    idat(&m, raw, n);
    chunk(&m, "IEND", NULL, 0);
    return m;
}

/* Rows of a 4 x 3 grey image: filter byte then 4 pixels. */
static unsigned char good_raw[15] = { 0, 1, 2, 3, 4, 1, 5, 6, 7, 8, 4, 9, 9, 9, 9 };

static bool check(const mem *m, np_png_info *info, char *err, size_t size)
{
    return np_png_check(m->p, m->n, info, err, size);
}

static bool refused_for(const mem *m, const char *why)
{
    char err[256];
    bool ok = check(m, NULL, err, sizeof err);
    if (!ok && strstr(err, why))
        return true;
    fprintf(stderr, "  wanted a refusal for \"%s\", got %s \"%s\"\n", why,
            ok ? "acceptance" : "refusal", err);
    return false;
}

/* Rewrites the CRC of the chunk starting at byte `at` (after an edit). */
static void fix_crc(mem *m, size_t at)
{
    uint32_t n = (uint32_t)m->p[at] << 24 | m->p[at + 1] << 16 | m->p[at + 2] << 8 | m->p[at + 3];
    uint32_t crc = (uint32_t)crc32(crc32(0, NULL, 0), m->p + at + 4, n + 4);
    unsigned char *c = m->p + at + 8 + n;
    c[0] = crc >> 24;
    c[1] = crc >> 16 & 255;
    c[2] = crc >> 8 & 255;
    c[3] = crc & 255;
}

/* ---- tests ------------------------------------------------------- */

static void good_files(void)
{
    static const struct { unsigned w, h; int type, depth; bool interlace, trns; } cases[] = {
        { 5, 3, PNG_COLOR_TYPE_RGB, 8, false, false },
        { 9, 7, PNG_COLOR_TYPE_GRAY, 1, false, false },
        { 9, 7, PNG_COLOR_TYPE_GRAY, 16, false, false },
        { 6, 6, PNG_COLOR_TYPE_PALETTE, 4, false, false },
        { 6, 6, PNG_COLOR_TYPE_PALETTE, 8, false, true },
        { 4, 4, PNG_COLOR_TYPE_RGBA, 16, false, false },
        { 3, 5, PNG_COLOR_TYPE_GRAY_ALPHA, 8, false, false },
        { 3, 5, PNG_COLOR_TYPE_GRAY_ALPHA, 16, false, false },
        { 300, 200, PNG_COLOR_TYPE_RGBA, 8, false, false },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mem m = encode(cases[i].w, cases[i].h, cases[i].type, cases[i].depth,
                       cases[i].interlace, cases[i].trns);
        np_png_info info;
        char err[256];
        bool ok = check(&m, &info, err, sizeof err);
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  case %zu: %s\n", i, err);
        CHECK(info.width == cases[i].w && info.height == cases[i].h);
        CHECK(info.color_type == cases[i].type && info.bit_depth == cases[i].depth);
        CHECK(info.interlaced == cases[i].interlace);
        CHECK(info.alpha == (cases[i].trns || (cases[i].type & PNG_COLOR_MASK_ALPHA)));
        free(m.p);
    }
    mem m = grey_with(4, 3, good_raw, sizeof good_raw);
    CHECK(check(&m, NULL, NULL, 0));
    free(m.p);
}

/* Valid files that libharu 2.3.0 could not read, accepted now that
 * libharu never reads a PNG: interlaced ones, tRNS in grey and RGB
 * images and in palettes of fewer than 8 bits. */
static void once_unsupported_files(void)
{
    static const struct { unsigned w, h; int type, depth; bool interlace, trns; } cases[] = {
        { 13, 11, PNG_COLOR_TYPE_RGB, 8, true, false },
        { 9, 9, PNG_COLOR_TYPE_GRAY_ALPHA, 8, true, false },
        { 1, 1, PNG_COLOR_TYPE_GRAY, 2, true, false },
        { 6, 6, PNG_COLOR_TYPE_PALETTE, 4, false, true },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mem m = encode(cases[i].w, cases[i].h, cases[i].type, cases[i].depth,
                       cases[i].interlace, cases[i].trns);
        np_png_info info;
        CHECK(check(&m, &info, NULL, 0));
        CHECK(info.interlaced == cases[i].interlace);
        free(m.p);
    }
}

/* tRNS chunks that do not fit their image. */
static void bad_trns(void)
{
    static const struct { int type; uint32_t n; const char *why; } cases[] = {
        { 2, 2, "tRNS of 2 bytes in an RGB image, not 6" },
        { 0, 6, "tRNS of 6 bytes in a grey image, not 2" },
        { 6, 6, "tRNS in an image that has an alpha channel" },
        { 4, 2, "tRNS in an image that has an alpha channel" },
    };
    mem m = { 0 };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        m.n = 0;
        ihdr(&m, 4, 3, 8, cases[i].type, 0);
        chunk(&m, "tRNS", "\0\0\0\0\0\0", cases[i].n);
        CHECK(refused_for(&m, cases[i].why));
    }
    free(m.p);
}

static void not_png(void)
{
    mem m = { (unsigned char *)"GIF89a........", 14, 0 };
    CHECK(refused_for(&m, "no PNG signature"));
    m.n = 0;
    CHECK(refused_for(&m, "no PNG signature"));
    CHECK(!np_png_check(NULL, 0, NULL, NULL, 0));
    mem sig = { (unsigned char *)"\x89PNG\r\n\x1a\n", 8, 0 };
    CHECK(refused_for(&sig, "no chunks"));
}

static void bad_structure(void)
{
    mem good = grey_with(4, 3, good_raw, sizeof good_raw);
    mem m = { 0 };
    /* a bad CRC on IDAT */
    put(&m, good.p, good.n);
    m.p[8 + 25 + 10] ^= 1;
    CHECK(refused_for(&m, "bad CRC in chunk IDAT at byte 33"));
    /* truncated: no IEND, or inside a chunk */
    m.n = good.n - 12;
    memcpy(m.p, good.p, good.n);
    CHECK(refused_for(&m, "no IEND"));
    m.n = good.n - 5;
    CHECK(refused_for(&m, "truncated chunk"));
    m.n = 50;
    CHECK(refused_for(&m, "runs past the end"));
    /* bytes after IEND */
    m.n = 0;
    put(&m, good.p, good.n);
    put(&m, "junk", 4);
    CHECK(refused_for(&m, "4 bytes after IEND"));
    /* an invalid chunk type */
    memcpy(m.p, good.p, good.n);
    m.n = good.n;
    m.p[8 + 4] = '1';
    CHECK(refused_for(&m, "invalid chunk type at byte 8"));
    free(m.p);
    free(good.p);
}

static void bad_chunks(void)
{
    mem m = { 0 };
    ihdr(&m, 4, 3, 8, 0, 0);
    chunk(&m, "ZZZZ", "x", 1);
    idat(&m, good_raw, sizeof good_raw);
    chunk(&m, "IEND", NULL, 0);
    CHECK(refused_for(&m, "unknown critical chunk ZZZZ"));
    m.n = 0;
    ihdr(&m, 4, 3, 8, 0, 0);
    chunk(&m, "zzZZ", "x", 1);                  /* ancillary: ignored */
    idat(&m, good_raw, sizeof good_raw);
    chunk(&m, "IEND", NULL, 0);
    CHECK(check(&m, NULL, NULL, 0));
    /* image data split by another chunk */
    m.n = 0;
    ihdr(&m, 4, 3, 8, 0, 0);
    idat(&m, good_raw, 0);
    chunk(&m, "tEXt", "a\0b", 3);
    idat(&m, good_raw, sizeof good_raw);
    chunk(&m, "IEND", NULL, 0);
    CHECK(refused_for(&m, "not consecutive"));
    /* a palette image without its palette */
    m.n = 0;
    ihdr(&m, 4, 3, 8, 3, 0);
    idat(&m, good_raw, sizeof good_raw);
    chunk(&m, "IEND", NULL, 0);
    CHECK(refused_for(&m, "no PLTE"));
    /* a palette of 5 entries for 2-bit indices */
    m.n = 0;
    ihdr(&m, 4, 3, 2, 3, 0);
    chunk(&m, "PLTE", "abcdefghijklmno", 15);
    CHECK(refused_for(&m, "PLTE has 5 entries"));
    /* tRNS longer than the palette */
    m.n = 0;
    ihdr(&m, 4, 3, 8, 3, 0);
    chunk(&m, "PLTE", "abcdef", 6);
    chunk(&m, "tRNS", "abc", 3);
    CHECK(refused_for(&m, "tRNS of 3 bytes does not fit a palette of 2 entries"));
    /* no image data */
    m.n = 0;
    ihdr(&m, 4, 3, 8, 0, 0);
    chunk(&m, "IEND", NULL, 0);
    CHECK(refused_for(&m, "no image data"));
    free(m.p);
}

static void bad_header(void)
{
    mem m = { 0 };
    ihdr(&m, 0, 3, 8, 0, 0);
    CHECK(refused_for(&m, "0 x 3 pixels: empty"));
    m.n = 0;
    ihdr(&m, 20000, 3, 8, 0, 0);
    CHECK(refused_for(&m, "more than the limit of 8192 on a side"));
    m.n = 0;
    ihdr(&m, 8000, 8000, 8, 6, 0);
    CHECK(refused_for(&m, "more than 67108864 bytes once decoded"));
    m.n = 0;
    ihdr(&m, 4, 3, 3, 0, 0);
    CHECK(refused_for(&m, "bit depth 3 with color type 0"));
    m.n = 0;
    ihdr(&m, 4, 3, 8, 5, 0);
    CHECK(refused_for(&m, "color type 5"));
    m.n = 0;
    ihdr(&m, 4, 3, 8, 0, 2);
    CHECK(refused_for(&m, "interlace 2"));
    /* a header that is not first */
    m.n = 8;
    chunk(&m, "tEXt", "a\0b", 3);
    CHECK(refused_for(&m, "first chunk is not IHDR"));
    /* IHDR of the wrong length, CRC right */
    m.n = 0;
    ihdr(&m, 4, 3, 8, 0, 0);
    m.p[11] = 12;
    fix_crc(&m, 8);
    CHECK(refused_for(&m, "IHDR is 12 bytes long"));
    free(m.p);
}

static void bad_image_data(void)
{
    unsigned char raw[15];
    memcpy(raw, good_raw, sizeof raw);
    raw[5] = 5;                                  /* filter type of row 2 */
    mem m = grey_with(4, 3, raw, sizeof raw);
    CHECK(refused_for(&m, "bad filter type 5 on row 2"));
    free(m.p);
    m = grey_with(4, 3, good_raw, 10);
    CHECK(refused_for(&m, "less image data"));
    free(m.p);
    unsigned char more[20] = { 0 };
    m = grey_with(4, 3, more, sizeof more);
    CHECK(refused_for(&m, "more image data"));
    free(m.p);
    /* not zlib at all */
    m = (mem){ 0 };
    ihdr(&m, 4, 3, 8, 0, 0);
    chunk(&m, "IDAT", "not zlib data", 13);
    chunk(&m, "IEND", NULL, 0);
    CHECK(refused_for(&m, "bad compressed image data"));
    free(m.p);
    /* a zlib stream cut short */
    m = (mem){ 0 };
    ihdr(&m, 4, 3, 8, 0, 0);
    uLongf cap = 64;
    unsigned char z[64];
    compress(z, &cap, good_raw, sizeof good_raw);
    chunk(&m, "IDAT", z, (uint32_t)cap - 6);
    chunk(&m, "IEND", NULL, 0);
    CHECK(refused_for(&m, "stops before its end"));
    free(m.p);
}

/* ---- decoding ---------------------------------------------------- */

/* Decodes the file `sp` describes and compares it with the samples
 * wanted: `colour` (comps a pixel) and `alpha` (NULL: no plane). */
static void decodes_to(const char *name, const spec *sp, unsigned comps,
                       const unsigned char *colour, const unsigned char *alpha)
{
    mem m = encode_spec(sp);
    np_png_image img;
    char err[256];
    bool ok = np_png_decode(m.p, m.n, NULL, &img, err, sizeof err);
    free(m.p);
    CHECK(ok);
    if (!ok) {
        fprintf(stderr, "  %s: %s\n", name, err);
        return;
    }
    size_t n = (size_t)sp->w * sp->h;
    bool same = img.width == sp->w && img.height == sp->h && img.components == comps
                && memcmp(img.pixels, colour, n * comps) == 0
                && (alpha ? img.alpha && memcmp(img.alpha, alpha, n) == 0 : !img.alpha);
    CHECK(same);
    if (!same)
        fprintf(stderr, "  %s: the decoded samples differ\n", name);
    np_png_image_free(&img);
    CHECK(!img.pixels && !img.alpha);
}

static void decode_8bit(void)
{
    static const unsigned char grey[] = { 0, 100, 255, 7, 8, 9 };
    decodes_to("grey", &(spec){ 3, 2, PNG_COLOR_TYPE_GRAY, 8, .data = grey }, 1, grey, NULL);
    static const unsigned char ga[] = { 10, 255, 20, 0, 30, 128, 40, 255 };
    decodes_to("grey+alpha", &(spec){ 2, 2, PNG_COLOR_TYPE_GRAY_ALPHA, 8, .data = ga }, 1,
               (const unsigned char[]){ 10, 20, 30, 40 },
               (const unsigned char[]){ 255, 0, 128, 255 });
    static const unsigned char rgb[] = { 1, 2, 3, 250, 251, 252 };
    decodes_to("RGB", &(spec){ 2, 1, PNG_COLOR_TYPE_RGB, 8, .data = rgb }, 3, rgb, NULL);
    static const unsigned char rgba[] = { 255, 0, 0, 255, 0, 255, 0, 0,
                                          0, 0, 255, 128, 9, 8, 7, 1 };
    decodes_to("RGBA", &(spec){ 2, 2, PNG_COLOR_TYPE_RGBA, 8, .data = rgba }, 3,
               (const unsigned char[]){ 255, 0, 0, 0, 255, 0, 0, 0, 255, 9, 8, 7 },
               (const unsigned char[]){ 255, 0, 128, 1 });
    /* an alpha channel that is opaque everywhere gives no plane */
    static const unsigned char opaque[] = { 1, 2, 3, 255, 4, 5, 6, 255 };
    decodes_to("opaque RGBA", &(spec){ 1, 2, PNG_COLOR_TYPE_RGBA, 8, .data = opaque }, 3,
               (const unsigned char[]){ 1, 2, 3, 4, 5, 6 }, NULL);
}

static void decode_palette(void)
{
    static const png_color pal[4] = { { 10, 20, 30 }, { 40, 50, 60 },
                                      { 70, 80, 90 }, { 100, 110, 120 } };
    static const png_byte trns[2] = { 0, 128 };     /* entries 2, 3 opaque */
    static const unsigned char idx2[] = { 0xE4 };   /* 2-bit indices 3 2 1 0 */
    decodes_to("2-bit palette with tRNS",
               &(spec){ 4, 1, PNG_COLOR_TYPE_PALETTE, 2, .data = idx2, .palette = pal,
                        .palette_len = 4, .trns = trns, .trns_len = 2 }, 3,
               (const unsigned char[]){ 100, 110, 120, 70, 80, 90, 40, 50, 60, 10, 20, 30 },
               (const unsigned char[]){ 255, 255, 128, 0 });
    static const unsigned char idx8[] = { 1, 0 };
    decodes_to("8-bit palette",
               &(spec){ 2, 1, PNG_COLOR_TYPE_PALETTE, 8, .data = idx8, .palette = pal,
                        .palette_len = 4 }, 3,
               (const unsigned char[]){ 40, 50, 60, 10, 20, 30 }, NULL);
}

/* Grey below 8 bits stretched to 0..255; 16 bits scaled, rounded. */
static void decode_depths(void)
{
    decodes_to("2-bit grey", &(spec){ 4, 1, PNG_COLOR_TYPE_GRAY, 2,
                                      .data = (const unsigned char[]){ 0x1B } }, 1,
               (const unsigned char[]){ 0, 85, 170, 255 }, NULL);
    decodes_to("1-bit grey", &(spec){ 8, 1, PNG_COLOR_TYPE_GRAY, 1,
                                      .data = (const unsigned char[]){ 0xA5 } }, 1,
               (const unsigned char[]){ 255, 0, 255, 0, 0, 255, 0, 255 }, NULL);
    static const unsigned char g16[] = { 0x12, 0x12, 0xFE, 0xFE, 0x00, 0xFF, 0xFF, 0x00 };
    decodes_to("16-bit grey", &(spec){ 4, 1, PNG_COLOR_TYPE_GRAY, 16, .data = g16 }, 1,
               (const unsigned char[]){ 0x12, 0xFE, 1, 254 }, NULL);
    static const unsigned char ga16[] = { 0x80, 0x80, 0x40, 0x40 };
    decodes_to("16-bit grey+alpha", &(spec){ 1, 1, PNG_COLOR_TYPE_GRAY_ALPHA, 16,
                                             .data = ga16 }, 1,
               (const unsigned char[]){ 0x80 }, (const unsigned char[]){ 0x40 });
    static const unsigned char rgba16[] = { 0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0, 0 };
    decodes_to("16-bit RGBA", &(spec){ 1, 1, PNG_COLOR_TYPE_RGBA, 16, .data = rgba16 }, 3,
               (const unsigned char[]){ 0x11, 0x22, 0x33 }, (const unsigned char[]){ 0 });
}

/* A tRNS colour in a grey or RGB image becomes an alpha plane. */
static void decode_trns_colour(void)
{
    static const unsigned char grey[] = { 7, 8, 7 };
    decodes_to("grey with tRNS",
               &(spec){ 3, 1, PNG_COLOR_TYPE_GRAY, 8, .data = grey,
                        .trns_color = &(png_color_16){ .gray = 7 } }, 1,
               grey, (const unsigned char[]){ 0, 255, 0 });
    static const unsigned char rgb[] = { 1, 2, 3, 1, 2, 4 };
    decodes_to("RGB with tRNS",
               &(spec){ 2, 1, PNG_COLOR_TYPE_RGB, 8, .data = rgb,
                        .trns_color = &(png_color_16){ .red = 1, .green = 2, .blue = 3 } }, 3,
               rgb, (const unsigned char[]){ 0, 255 });
    static const unsigned char g16[] = { 0x12, 0x34, 0x12, 0x35 };
    decodes_to("16-bit grey with tRNS",
               &(spec){ 2, 1, PNG_COLOR_TYPE_GRAY, 16, .data = g16,
                        .trns_color = &(png_color_16){ .gray = 0x1234 } }, 1,
               (const unsigned char[]){ 0x12, 0x12 }, (const unsigned char[]){ 0, 255 });
}

/* Adam7 images come out whole: every sample where it was written. */
static void decode_interlaced(void)
{
    enum { W = 9, H = 7 };
    unsigned char rgba[W * H * 4], colour[W * H * 3], alpha[W * H];
    for (size_t i = 0; i < sizeof rgba; i++)
        rgba[i] = (unsigned char)(i * 37 + 11);
    for (size_t p = 0; p < W * H; p++) {
        memcpy(colour + 3 * p, rgba + 4 * p, 3);
        alpha[p] = rgba[4 * p + 3];
    }
    decodes_to("interlaced RGBA", &(spec){ W, H, PNG_COLOR_TYPE_RGBA, 8,
                                           .interlace = true, .data = rgba }, 3,
               colour, alpha);
    unsigned char bits[2 * H], grey[W * H];
    for (size_t i = 0; i < sizeof bits; i++)
        bits[i] = (unsigned char)(i * 73 + 5);
    for (size_t y = 0; y < H; y++)
        for (size_t x = 0; x < W; x++)
            grey[y * W + x] = bits[y * 2 + x / 8] >> (7 - x % 8) & 1 ? 255 : 0;
    decodes_to("interlaced 1-bit grey", &(spec){ W, H, PNG_COLOR_TYPE_GRAY, 1,
                                                 .interlace = true, .data = bits }, 1,
               grey, NULL);
}

/* ---- allocation ---------------------------------------------------- */

typedef struct counting {
    int live, calls, fail_at;           /* fail_at: the call that fails */
} counting;

static void *c_malloc(void *ud, size_t n)
{
    counting *c = ud;
    if (++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    c->live += p != NULL;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    return p ? realloc(p, n) : c_malloc(ud, n);
}

static void c_free(void *ud, void *p)
{
    counting *c = ud;
    c->live -= p != NULL;
    free(p);
}

/* The decoded planes come from the caller's allocator, and when one of
 * its calls fails the decode says so and keeps nothing. */
static void decode_allocator(void)
{
    mem m = encode(30, 20, PNG_COLOR_TYPE_RGBA, 8, false, false);
    counting c = { 0 };
    np_allocator alloc = { c_malloc, c_realloc, c_free, &c };
    np_png_image img;
    char err[256];
    CHECK(np_png_decode(m.p, m.n, &alloc, &img, err, sizeof err));
    CHECK(img.alpha && c.live == 2);
    np_png_image_free(&img);
    CHECK(c.live == 0);
    int calls = c.calls;
    CHECK(calls >= 3);
    for (int k = 1; k <= calls; k++) {
        c = (counting){ .fail_at = k };
        CHECK(!np_png_decode(m.p, m.n, &alloc, &img, err, sizeof err));
        CHECK(strstr(err, "out of memory") && c.live == 0 && !img.pixels);
        np_png_image_free(&img);
    }
    free(m.p);
}

/* ---- damaged copies ------------------------------------------------ */

static HPDF_Doc pdf;
static int accepted, disagreed;

static void quiet(HPDF_STATUS e, HPDF_STATUS d, void *ud)
{
    (void)e;
    (void)d;
    (void)ud;
}

/* The decoder must accept exactly what the checker accepts, and what it
 * decodes must load in libharu as a raw image. */
static void try_file(const unsigned char *p, size_t n)
{
    np_png_info info;
    np_png_image img;
    char err[256];
    bool checked = np_png_check(p, n, &info, err, sizeof err);
    bool decoded = np_png_decode(p, n, NULL, &img, err, sizeof err);
    if (checked != decoded) {
        disagreed++;
        fprintf(stderr, "  check %d, decode %d: %s\n", checked, decoded, err);
    }
    if (!decoded)
        return;
    accepted++;
    CHECK(img.width == info.width && img.height == info.height);
    HPDF_Image raw = HPDF_LoadRawImageFromMem(pdf, img.pixels, img.width, img.height,
                                              img.components == 3 ? HPDF_CS_DEVICE_RGB
                                              : HPDF_CS_DEVICE_GRAY, 8);
    CHECK(raw != NULL);
    np_png_image_free(&img);
    HPDF_ResetError(pdf);
}

/* Fixes the CRC of the chunk holding byte i, if any, so that the damage
 * reaches past the CRC check; false when i is not in a chunk's data. */
static bool reach_past_crc(mem *m, size_t i)
{
    for (size_t at = 8; at + 12 <= m->n;) {
        uint32_t n = (uint32_t)m->p[at] << 24 | m->p[at + 1] << 16
                     | m->p[at + 2] << 8 | m->p[at + 3];
        if (n > m->n - at - 12)
            return false;
        if (i >= at + 8 && i < at + 8 + n) {
            fix_crc(m, at);
            return true;
        }
        at += 12 + n;
    }
    return false;
}

/* Every truncation, and every byte of the file flipped three ways (with
 * the CRC of its chunk fixed, or not), of a few good files. */
static void damaged_copies(void)
{
    pdf = HPDF_New(quiet, NULL);
    static const struct { unsigned w, h; int type, depth; bool interlace; } cases[] = {
        { 7, 5, PNG_COLOR_TYPE_RGB, 8, false },
        { 6, 6, PNG_COLOR_TYPE_PALETTE, 8, false },
        { 5, 4, PNG_COLOR_TYPE_GRAY_ALPHA, 16, false },
        { 9, 3, PNG_COLOR_TYPE_GRAY, 1, false },
        { 5, 5, PNG_COLOR_TYPE_RGBA, 8, true },
    };
    int tried = 0;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        mem m = encode(cases[c].w, cases[c].h, cases[c].type, cases[c].depth,
                       cases[c].interlace, cases[c].type == PNG_COLOR_TYPE_PALETTE);
        unsigned char *copy = malloc(m.n);
        for (size_t n = 0; n < m.n; n++, tried++)
            try_file(m.p, n);
        for (size_t i = 0; i < m.n; i++) {
            static const unsigned char flips[] = { 0x01, 0x80, 0xFF };
            for (int v = 0; v < 3; v++, tried++) {
                memcpy(copy, m.p, m.n);
                copy[i] ^= flips[v];
                try_file(copy, m.n);
                mem c = { copy, m.n, m.n };
                if (reach_past_crc(&c, i)) {
                    try_file(copy, m.n);
                    tried++;
                }
            }
        }
        free(copy);
        free(m.p);
    }
    HPDF_Free(pdf);
    printf("png: %d damaged copies tried, %d decoded and loaded by libharu\n",
           tried, accepted);
    CHECK(tried > 1000);
    CHECK(disagreed == 0);
}

int main(void)
{
    good_files();
    once_unsupported_files();
    bad_trns();
    not_png();
    bad_structure();
    bad_chunks();
    bad_header();
    bad_image_data();
    decode_8bit();
    decode_palette();
    decode_depths();
    decode_trns_colour();
    decode_interlaced();
    decode_allocator();
    damaged_copies();
    return unit_done("png");
}
