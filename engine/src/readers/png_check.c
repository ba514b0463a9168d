/*
 * png_check.c - PNG files checked completely, and decoded, by our own
 * code and libpng: libharu never reads one (its reader lets libpng
 * abort() the process on a corrupt file, and libharu 2.3.0 garbles the
 * samples of images with an alpha channel).
 *
 * Two passes, each of which must find nothing to say:
 *   1. our own walk over the file: signature, chunk lengths and types,
 *      CRCs, the order of the critical chunks, the header's fields, the
 *      size of the image, and the image data itself inflated with zlib
 *      and cut into rows (filter byte of each row, exact amount of data);
 *   2. a full decode by libpng with our own error handler (setjmp, never
 *      abort) and a warning handler that counts a warning as a failure.
 * The first pass gives precise messages and bounds the work of the
 * second; the second catches whatever libpng objects to that the first
 * does not know about. A check keeps one row of pixels at a time; a
 * decode keeps the whole image, expanded by libpng to 8-bit grey or RGB
 * with alpha, and then splits the alpha into a plane of its own, which
 * is what a PDF soft mask is.
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

#include "ground/arena.h"
#include "ground/bytes.h"
#include "readers/png_check.h"

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
    uint32_t w = np_be32(d), h = np_be32(d + 4);
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

/* A tRNS chunk: one alpha per palette entry (the rest opaque), or the
 * one grey level or RGB colour that is transparent. */
static bool check_trns(checker *c, uint32_t n)
{
    int type = c->info.color_type;
    if (c->seen_trns || c->seen_idat)
        return fail(c, "tRNS twice or after the image data");
    c->seen_trns = true;
    c->info.alpha = true;
    if (type == 4 || type == 6)
        return fail(c, "tRNS in an image that has an alpha channel");
    if (type == 0 && n != 2)
        return fail(c, "tRNS of %u bytes in a grey image, not 2", (unsigned)n);
    if (type == 2 && n != 6)
        return fail(c, "tRNS of %u bytes in an RGB image, not 6", (unsigned)n);
    if (type != 3 || (c->palette && n >= 1 && n <= (uint32_t)c->palette))
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
        uint32_t n = np_be32(c->bytes + at);
        const unsigned char *type = c->bytes + at + 4, *data = type + 4;
        if (!valid_type(type))
            return fail(c, "invalid chunk type at byte %zu", at);
        if (n > 0x7FFFFFFFu || n > c->len - at - 12)
            return fail(c, "chunk %.4s at byte %zu runs past the end of the file",
                        (const char *)type, at);
        uint32_t crc = (uint32_t)crc32(crc32(0, NULL, 0), type, n + 4);
        if (crc != np_be32(data + n))
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

/* The data of the next IDAT chunk at or after byte *at of a file whose
 * chunks walk_chunks accepted, its length in *n; *at moves past it.
 * NULL after the last one. */
static const unsigned char *next_idat(const unsigned char *bytes, size_t len,
                                      size_t *at, uint32_t *n)
{
    while (*at + 12 <= len) {
        uint32_t k = np_be32(bytes + *at);
        const unsigned char *type = bytes + *at + 4;
        if (k > len - *at - 12)
            return NULL;
        *at += 12 + (size_t)k;
        if (type_is(type, "IDAT")) {
            *n = k;
            return type + 4;
        }
    }
    return NULL;
}

/* Feeds every IDAT chunk's data to zlib. */
static bool inflate_chunks(checker *c, z_stream *z, rows *r)
{
    unsigned char out[16384];
    int zrc = Z_OK;
    size_t at = 8;
    uint32_t n;
    const unsigned char *data;
    while (zrc != Z_STREAM_END && (data = next_idat(c->bytes, c->len, &at, &n))) {
        z->next_in = (unsigned char *)data;
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

/* Bytes of the decoded planes: grey or RGB samples, and alpha. Checked
 * once the chunks are known, since a tRNS chunk adds the alpha plane. */
static bool check_decoded_size(checker *c)
{
    const np_png_info *in = &c->info;
    uint64_t planes = (in->color_type == 0 || in->color_type == 4 ? 1 : 3)
                      + (in->alpha ? 1 : 0);
    if ((uint64_t)in->width * in->height * planes > NP_PNG_MAX_BYTES)
        return fail(c, "the image would take more than %u bytes once decoded",
                    NP_PNG_MAX_BYTES);
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

/* One run of libpng over the file: what to read, and what it left to
 * free. It lives in the caller of run_libpng, not beside the setjmp,
 * so that what the reading stores in it survives a longjmp. */
typedef struct png_job {
    checker *c;
    size_t at;                          /* bytes of the file read so far */
    bool warned;
    void (*read)(png_structp png, png_infop info, struct png_job *job);
    const np_allocator *alloc;          /* for the decoded image */
    unsigned char *pixels;              /* the row (check) or image (decode) */
    png_bytep *rows;                    /* decode: a pointer per row */
    unsigned channels;                  /* decode: samples per pixel */
} png_job;

static void on_png_error(png_structp png, png_const_charp msg)
{
    png_job *job = png_get_error_ptr(png);
    fail(job->c, "libpng: %s", msg);
    png_longjmp(png, 1);
}

static void on_png_warning(png_structp png, png_const_charp msg)
{
    png_job *job = png_get_error_ptr(png);
    if (!job->warned)
        fail(job->c, "libpng: %s", msg);
    job->warned = true;
}

static void read_bytes(png_structp png, png_bytep out, size_t n)
{
    png_job *job = png_get_io_ptr(png);
    if (n > job->c->len - job->at)
        png_error(png, "read past the end of the file");
    memcpy(out, job->c->bytes + job->at, n);
    job->at += n;
}

/* The check: every row of every pass into one row buffer, then the end
 * of the file. */
static void read_rows(png_structp png, png_infop info, png_job *job)
{
    png_read_info(png, info);
    int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    job->pixels = malloc(png_get_rowbytes(png, info));
    if (!job->pixels)
        png_error(png, "out of memory");
    for (int p = 0; p < passes; p++)
        for (png_uint_32 y = 0; y < png_get_image_height(png, info); y++)
            png_read_row(png, job->pixels, NULL);
    png_read_end(png, NULL);
}

/* The decode: libpng expands palettes to RGB, grey below 8 bits to 8,
 * a tRNS chunk to an alpha channel, scales 16 bits to 8 (rounding), and
 * puts the passes of an interlaced image together. */
static void read_image(png_structp png, png_infop info, png_job *job)
{
    png_read_info(png, info);
    png_set_expand(png);
    png_set_scale_16(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    size_t w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    job->channels = png_get_channels(png, info);
    if (png_get_bit_depth(png, info) != 8 || png_get_rowbytes(png, info) != w * job->channels)
        png_error(png, "unexpected layout after expansion");
    job->pixels = np_mem_alloc(job->alloc, w * h * job->channels);
    job->rows = np_mem_alloc(job->alloc, h * sizeof *job->rows);
    if (!job->pixels || !job->rows)
        png_error(png, "out of memory");
    for (size_t y = 0; y < h; y++)
        job->rows[y] = job->pixels + y * w * job->channels;
    png_read_image(png, job->rows);
    png_read_end(png, NULL);
}

/* Runs job->read under our error handling; true when libpng said
 * nothing at all. What the job allocated is left for the caller. */
static bool run_libpng(png_job *job)
{
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, job,
                                             on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info) {
        png_destroy_read_struct(&png, NULL, NULL);
        return fail(job->c, "out of memory");
    }
    volatile bool ok = false;
    if (setjmp(png_jmpbuf(png)) == 0) {
        png_set_read_fn(png, job, read_bytes);
        png_set_user_limits(png, NP_PNG_MAX_SIDE, NP_PNG_MAX_SIDE);
        png_set_chunk_malloc_max(png, 8u * 1024 * 1024);
        job->read(png, info, job);
        ok = !job->warned;
    }
    png_destroy_read_struct(&png, &info, NULL);
    return ok;
}

/* ---- decoded planes ------------------------------------------------ */

/* Moves the alpha samples of the interleaved pixels into a plane of
 * their own, packing the colour samples in place; the plane is left
 * out when every pixel is opaque. */
static bool split_alpha(png_job *job, np_png_image *out)
{
    size_t n = (size_t)out->width * out->height;
    unsigned comps = out->components, step = job->channels;
    bool opaque = true;
    for (size_t p = 0; p < n && opaque; p++)
        opaque = job->pixels[p * step + comps] == 255;
    if (!opaque) {
        out->alpha = np_mem_alloc(job->alloc, n);
        if (!out->alpha)
            return fail(job->c, "out of memory");
        for (size_t p = 0; p < n; p++)
            out->alpha[p] = job->pixels[p * step + comps];
    }
    for (size_t p = 0; p < n; p++)
        memmove(job->pixels + p * comps, job->pixels + p * step, comps);
    return true;
}

/* Hands the decoded pixels over to *out. */
static bool take_image(png_job *job, np_png_image *out)
{
    *out = (np_png_image){
        .width = job->c->info.width, .height = job->c->info.height,
        .components = job->channels >= 3 ? 3 : 1, .alloc = job->alloc,
    };
    if (job->channels != out->components && !split_alpha(job, out))
        return false;
    out->pixels = job->pixels;
    job->pixels = NULL;
    return true;
}

/* ---- entry ------------------------------------------------------- */

/* The first pass, and the limits on what the second may allocate. */
static bool walk(checker *c)
{
    if (!c->bytes || c->len < 8 || memcmp(c->bytes, signature, 8) != 0)
        return fail(c, "not a PNG file (no PNG signature)");
    return walk_chunks(c) && check_decoded_size(c) && check_image_data(c);
}

bool np_png_check(const unsigned char *bytes, size_t len, np_png_info *info,
                  char *err, size_t size)
{
    checker c = { .bytes = bytes, .len = len, .err = err, .size = size };
    if (size)
        err[0] = '\0';
    if (!walk(&c))
        return false;
    png_job job = { .c = &c, .read = read_rows };
    bool ok = run_libpng(&job);
    free(job.pixels);
    if (ok && info)
        *info = c.info;
    return ok;
}

bool np_png_decode(const unsigned char *bytes, size_t len,
                   const np_allocator *alloc, np_png_image *out,
                   char *err, size_t size)
{
    checker c = { .bytes = bytes, .len = len, .err = err, .size = size };
    if (size)
        err[0] = '\0';
    *out = (np_png_image){ .alloc = alloc };
    if (!walk(&c))
        return false;
    png_job job = { .c = &c, .read = read_image, .alloc = alloc };
    bool ok = run_libpng(&job) && take_image(&job, out);
    out->info = c.info;
    np_mem_free(alloc, job.rows);
    np_mem_free(alloc, job.pixels);
    if (!ok)
        np_png_image_free(out);
    return ok;
}

/* Two walks over chunks already checked: the length, then the copy. */
bool np_png_idat(const unsigned char *bytes, size_t len,
                 const np_allocator *alloc, unsigned char **out,
                 size_t *out_len)
{
    size_t total = 0, at = 8, done = 0;
    uint32_t n;
    const unsigned char *data;
    while (next_idat(bytes, len, &at, &n))
        total += n;
    if (!(*out = np_mem_alloc(alloc, total ? total : 1)))
        return false;
    for (at = 8; (data = next_idat(bytes, len, &at, &n)); done += n)
        memcpy(*out + done, data, n);
    *out_len = done;
    return true;
}

void np_png_image_free(np_png_image *img)
{
    if (!img)
        return;
    np_mem_free(img->alloc, img->pixels);
    np_mem_free(img->alloc, img->alpha);
    *img = (np_png_image){ .alloc = img->alloc };
}

int np_png_available(void)
{
    return 1;
}
