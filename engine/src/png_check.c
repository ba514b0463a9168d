/*
 * png_check.c - a PNG is checked completely before libharu sees it
 * (libharu lets libpng abort() the process on a corrupt file).
 *
 * Two passes, each of which must find nothing to say:
 *   1. our own walk over the file: signature, chunk lengths and types,
 *      CRCs, the order of the critical chunks, the header's fields, the
 *      size of the image, and the image data itself inflated with zlib
 *      and cut into rows (filter byte of each row, exact amount of data);
 *   2. a full decode by libpng, the library libharu will use, with our
 *      own error handler (setjmp, never abort) and a warning handler
 *      that counts a warning as a failure.
 * The first pass gives precise messages and bounds the work of the
 * second; the second catches whatever libpng objects to that the first
 * does not know about. Memory use is one row of pixels.
 *
 * Valid PNGs that libharu 2.3.0 mishandles are refused too, each with
 * its reason (measured on Debian 12): interlaced images (libharu fails
 * on them, and with an alpha channel then frees memory twice and
 * aborts); a tRNS chunk in a grey or RGB image (libharu takes an RGB
 * image with tRNS for a palette image and crashes; grey ones lose their
 * transparency); a tRNS chunk in a palette image of fewer than 8 bits
 * per pixel (libharu reads one byte per pixel from packed rows, past
 * their end).
 *
 * Not done here: drawing images or choosing which ones to draw.
 */
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "png_check.h"

typedef struct checker {
    const unsigned char *bytes;
    size_t len;
    char *err;
    size_t size;
    np_png_info info;
    int palette;                /* PLTE entries, 0 if none */
    bool seen_idat, idat_ended, seen_trns;
} checker;

static const unsigned char signature[8] = { 137, 'P', 'N', 'G', 13, 10, 26, 10 };

static bool fail(checker *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static bool fail(checker *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (c->size)
        vsnprintf(c->err, c->size, fmt, ap);
    va_end(ap);
    return false;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static bool type_is(const unsigned char *type, const char *name)
{
    return memcmp(type, name, 4) == 0;
}

/* ---- the header -------------------------------------------------- */

static bool depth_allowed(int color_type, int depth)
{
    switch (color_type) {
    case 0:
        return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
    case 3:
        return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2:
    case 4:
    case 6:
        return depth == 8 || depth == 16;
    default:
        return false;
    }
}

static unsigned channels(int color_type)
{
    static const unsigned n[] = { 1, 0, 3, 1, 2, 0, 4 };
    return n[color_type];
}

/* Bytes of one row of `width` pixels, without its filter byte. */
static uint64_t row_bytes(const np_png_info *in, uint64_t width)
{
    return (width * channels(in->color_type) * (unsigned)in->bit_depth + 7) / 8;
}

/* The seven passes of Adam7: first row, first column, steps. */
static const struct { int y0, x0, dy, dx; } adam7[7] = {
    { 0, 0, 8, 8 }, { 0, 4, 8, 8 }, { 4, 0, 8, 4 }, { 0, 2, 4, 4 },
    { 2, 0, 4, 2 }, { 0, 1, 2, 2 }, { 1, 0, 2, 1 },
};

/* Rows and pixels per row of pass `p` (the whole image when not
 * interlaced: p is then 0 and the only pass). */
static void pass_size(const np_png_info *in, int p, uint64_t *rows, uint64_t *cols)
{
    if (!in->interlaced) {
        *rows = in->height;
        *cols = in->width;
        return;
    }
    *rows = in->height > (unsigned)adam7[p].y0
            ? (in->height - adam7[p].y0 + adam7[p].dy - 1) / adam7[p].dy : 0;
    *cols = in->width > (unsigned)adam7[p].x0
            ? (in->width - adam7[p].x0 + adam7[p].dx - 1) / adam7[p].dx : 0;
}

/* Bytes the image data must inflate to: every row of every pass with
 * its filter byte (a pass with no pixels has no rows at all). */
static uint64_t image_bytes(const np_png_info *in)
{
    uint64_t total = 0;
    for (int p = 0; p < (in->interlaced ? 7 : 1); p++) {
        uint64_t rows, cols;
        pass_size(in, p, &rows, &cols);
        if (rows && cols)
            total += rows * (1 + row_bytes(in, cols));
    }
    return total;
}

static bool check_ihdr(checker *c, const unsigned char *d, uint32_t n)
{
    if (n != 13)
        return fail(c, "IHDR is %u bytes long, not 13", (unsigned)n);
    np_png_info *in = &c->info;
    uint32_t w = be32(d), h = be32(d + 4);
    in->bit_depth = d[8];
    in->color_type = d[9];
    in->interlaced = d[12] == 1;
    if (w == 0 || h == 0)
        return fail(c, "the image is %u x %u pixels: empty", (unsigned)w, (unsigned)h);
    if (w > NP_PNG_MAX_SIDE || h > NP_PNG_MAX_SIDE)
        return fail(c, "the image is %u x %u pixels, more than the limit of %u on a side",
                    (unsigned)w, (unsigned)h, NP_PNG_MAX_SIDE);
    in->width = w;
    in->height = h;
    if (!depth_allowed(in->color_type, in->bit_depth))
        return fail(c, "bad IHDR: bit depth %d with color type %d",
                    in->bit_depth, in->color_type);
    if (d[10] != 0 || d[11] != 0 || d[12] > 1)
        return fail(c, "bad IHDR: compression %d, filter %d, interlace %d",
                    d[10], d[11], d[12]);
    if (in->interlaced)
        return fail(c, "interlaced PNGs are not supported (the PDF library "
                    "cannot read them): save the image without interlacing");
    if (image_bytes(in) > NP_PNG_MAX_BYTES)
        return fail(c, "the image would take more than %u bytes once decoded",
                    NP_PNG_MAX_BYTES);
    in->alpha = in->color_type == 4 || in->color_type == 6;
    return true;
}

/* ---- chunks ------------------------------------------------------ */

static bool check_plte(checker *c, uint32_t n)
{
    if (c->palette || c->seen_idat)
        return fail(c, "PLTE twice or after the image data");
    if (c->info.color_type == 0 || c->info.color_type == 4)
        return fail(c, "PLTE in a grey image");
    if (n == 0 || n % 3 != 0 || n / 3 > 256)
        return fail(c, "PLTE of %u bytes: not 1 to 256 entries of 3 bytes", (unsigned)n);
    c->palette = (int)(n / 3);
    if (c->info.color_type == 3 && c->palette > 1 << c->info.bit_depth)
        return fail(c, "PLTE has %d entries, more than %d bits can index",
                    c->palette, c->info.bit_depth);
    return true;
}

static bool check_trns(checker *c, uint32_t n)
{
    int type = c->info.color_type;
    if (c->seen_trns || c->seen_idat)
        return fail(c, "tRNS twice or after the image data");
    c->seen_trns = true;
    c->info.alpha = true;
    if (type != 3 || c->info.bit_depth != 8)
        return fail(c, "transparency (tRNS) is supported only in 8-bit palette "
                    "images; use an alpha channel instead");
    if (c->palette && n >= 1 && n <= (uint32_t)c->palette)
        return true;
    return fail(c, "tRNS of %u bytes does not fit a palette of %d entries",
                (unsigned)n, c->palette);
}

/* Order and contents of one chunk other than IHDR. */
static bool check_chunk(checker *c, const unsigned char *type,
                        const unsigned char *data, uint32_t n, size_t at)
{
    (void)data;
    bool idat = type_is(type, "IDAT");
    if (c->seen_idat && !idat)
        c->idat_ended = true;
    if (idat) {
        if (c->idat_ended)
            return fail(c, "IDAT chunks are not consecutive (byte %zu)", at);
        if (c->info.color_type == 3 && !c->palette)
            return fail(c, "a palette image with no PLTE before its data");
        c->seen_idat = true;
        return true;
    }
    if (type_is(type, "IHDR"))
        return fail(c, "a second IHDR at byte %zu", at);
    if (type_is(type, "PLTE"))
        return check_plte(c, n);
    if (type_is(type, "tRNS"))
        return check_trns(c, n);
    if (!(type[0] & 0x20))      /* critical: a decoder must know it */
        return fail(c, "unknown critical chunk %.4s at byte %zu", (const char *)type, at);
    return true;
}

static bool valid_type(const unsigned char *t)
{
    for (int i = 0; i < 4; i++)
        if (!((t[i] >= 'A' && t[i] <= 'Z') || (t[i] >= 'a' && t[i] <= 'z')))
            return false;
    return true;
}

/* Walks the chunks: lengths, types, CRCs, order. IEND must end the
 * file, with nothing after it. */
static bool walk_chunks(checker *c)
{
    size_t at = 8;
    bool first = true;
    while (at < c->len) {
        if (c->len - at < 12)
            return fail(c, "truncated chunk at byte %zu", at);
        uint32_t n = be32(c->bytes + at);
        const unsigned char *type = c->bytes + at + 4, *data = type + 4;
        if (!valid_type(type))
            return fail(c, "invalid chunk type at byte %zu", at);
        if (n > 0x7FFFFFFFu || n > c->len - at - 12)
            return fail(c, "chunk %.4s at byte %zu runs past the end of the file",
                        (const char *)type, at);
        uint32_t crc = (uint32_t)crc32(crc32(0, NULL, 0), type, n + 4);
        if (crc != be32(data + n))
            return fail(c, "bad CRC in chunk %.4s at byte %zu", (const char *)type, at);
        if (first != type_is(type, "IHDR"))
            return fail(c, first ? "the first chunk is not IHDR" : "a second IHDR");
        bool ok = first ? check_ihdr(c, data, n) : type_is(type, "IEND")
                  ? true : check_chunk(c, type, data, n, at);
        if (!ok)
            return false;
        first = false;
        at += 12 + (size_t)n;
        if (type_is(type, "IEND")) {
            if (n != 0)
                return fail(c, "IEND is not empty");
            if (at != c->len)
                return fail(c, "%zu bytes after IEND", c->len - at);
            return c->seen_idat ? true : fail(c, "no image data (IDAT)");
        }
    }
    return fail(c, first ? "no chunks after the signature" : "no IEND: the file is truncated");
}

/* ---- image data -------------------------------------------------- */

/* Follows the inflated bytes row by row: where the next filter byte is,
 * in which pass and row. */
typedef struct rows {
    const np_png_info *in;
    int pass;
    uint64_t row, rows_in_pass, row_len;   /* row_len with its filter byte */
    uint64_t in_row;                       /* bytes of the current row seen */
    bool done;
} rows;

static void next_pass(rows *r)
{
    int passes = r->in->interlaced ? 7 : 1;
    for (r->row = 0; r->pass < passes; r->pass++) {
        uint64_t nrows, cols;
        pass_size(r->in, r->pass, &nrows, &cols);
        if (nrows && cols) {
            r->rows_in_pass = nrows;
            r->row_len = 1 + row_bytes(r->in, cols);
            return;
        }
    }
    r->done = true;
}

/* Takes `n` inflated bytes; false at a bad filter byte or past the end. */
static bool take(checker *c, rows *r, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        if (r->done)
            return fail(c, "more image data than %u x %u pixels need",
                        c->info.width, c->info.height);
        if (r->in_row == 0 && p[i] > 4)
            return fail(c, "bad filter type %d on row %llu of pass %d", p[i],
                        (unsigned long long)r->row + 1, r->pass + 1);
        uint64_t step = r->row_len - r->in_row;
        if (step > n - i)
            step = n - i;
        i += (size_t)step;
        r->in_row += step;
        if (r->in_row == r->row_len) {
            r->in_row = 0;
            if (++r->row == r->rows_in_pass) {
                r->pass++;
                next_pass(r);
            }
        }
    }
    return true;
}

/* Feeds every IDAT chunk's data to zlib. */
static bool inflate_chunks(checker *c, z_stream *z, rows *r)
{
    unsigned char out[16384];
    int zrc = Z_OK;
    for (size_t at = 8; at + 12 <= c->len && zrc != Z_STREAM_END;) {
        uint32_t n = be32(c->bytes + at);
        const unsigned char *type = c->bytes + at + 4;
        at += 12 + (size_t)n;
        if (!type_is(type, "IDAT"))
            continue;
        z->next_in = (unsigned char *)type + 4;
        z->avail_in = n;
        do {
            z->next_out = out;
            z->avail_out = sizeof out;
            zrc = inflate(z, Z_NO_FLUSH);
            if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR)
                return fail(c, "bad compressed image data (zlib: %s)",
                            z->msg ? z->msg : "error");
            if (!take(c, r, out, sizeof out - z->avail_out))
                return false;
        } while (zrc != Z_STREAM_END && (z->avail_in > 0 || z->avail_out == 0));
    }
    if (zrc != Z_STREAM_END)
        return fail(c, "the compressed image data stops before its end");
    if (!r->done)
        return fail(c, "less image data than %u x %u pixels need",
                    c->info.width, c->info.height);
    return true;
}

static bool check_image_data(checker *c)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return fail(c, "out of memory");
    rows r = { .in = &c->info };
    next_pass(&r);
    bool ok = inflate_chunks(c, &z, &r);
    inflateEnd(&z);
    return ok;
}

/* ---- libpng ------------------------------------------------------ */

typedef struct png_source {
    checker *c;
    size_t at;
    bool warned;
} png_source;

static void on_png_error(png_structp png, png_const_charp msg)
{
    png_source *s = png_get_error_ptr(png);
    fail(s->c, "libpng: %s", msg);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    png_source *s = png_get_error_ptr(png);
    if (!s->warned)
        fail(s->c, "libpng: %s", msg);
    s->warned = true;
}

static void read_bytes(png_structp png, png_bytep out, size_t n)
{
    png_source *s = png_get_io_ptr(png);
    if (n > s->c->len - s->at)
        png_error(png, "read past the end of the file");
    memcpy(out, s->c->bytes + s->at, n);
    s->at += n;
}

/* Reads every row of every pass into one row buffer, then the end of
 * the file. Called under setjmp: the caller's `row` is volatile so that
 * it still holds the buffer to free after a longjmp. */
static void decode_rows(png_structp png, png_infop info, png_bytep volatile *row)
{
    png_read_info(png, info);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    *row = malloc(png_get_rowbytes(png, info));
    if (!*row)
        png_error(png, "out of memory");
    for (int p = 0; p < passes; p++)
        for (png_uint_32 y = 0; y < png_get_image_height(png, info); y++)
            png_read_row(png, *row, NULL);
    png_read_end(png, NULL);
}

static bool decode_with_libpng(checker *c)
{
    png_source src = { .c = c };
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &src,
                                             on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return fail(c, "out of memory");
    }
    png_bytep volatile row = NULL;
    volatile bool ok = false;
    if (setjmp(png_jmpbuf(png)) == 0) {
        png_set_read_fn(png, &src, read_bytes);
        png_set_user_limits(png, NP_PNG_MAX_SIDE, NP_PNG_MAX_SIDE);
        png_set_chunk_malloc_max(png, 8u * 1024 * 1024);
        decode_rows(png, info, &row);
        ok = !src.warned;
    }
    free(row);
    png_destroy_read_struct(&png, &info, NULL);
    return ok;
}

/* ---- entry ------------------------------------------------------- */

bool np_png_check(const unsigned char *bytes, size_t len, np_png_info *info,
                  char *err, size_t size)
{
    checker c = { .bytes = bytes, .len = len, .err = err, .size = size };
    if (size)
        err[0] = '\0';
    if (!bytes || len < 8 || memcmp(bytes, signature, 8) != 0)
        return fail(&c, "not a PNG file (no PNG signature)");
    if (!walk_chunks(&c) || !check_image_data(&c) || !decode_with_libpng(&c))
        return false;
    if (info)
        *info = c.info;
    return true;
}

int np_png_available(void)
{
    return 1;
}
