/*
 * png_check.h - checking and decoding PNG files ourselves.
 *
 * libharu is never handed a PNG file: its reader installs no setjmp
 * point, so any error libpng meets (a bad CRC, a bad filter byte, too
 * little image data) ends in abort() and takes the whole process down,
 * and libharu 2.3.0 garbles the samples of images with an alpha channel.
 * Here a PNG is checked completely (our own walk over its chunks, then a
 * full decode by libpng under our own error handling), and decoded into
 * plain 8-bit samples that the back end gives libharu as raw images.
 */
#ifndef NP_PNG_CHECK_H
#define NP_PNG_CHECK_H

#include <stdbool.h>
#include <stddef.h>

#include "notepress.h"

/* What a checked PNG holds. */
typedef struct np_png_info {
    unsigned width, height;
    int bit_depth;              /* 1, 2, 4, 8 or 16 */
    int color_type;             /* 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA */
    bool interlaced;            /* Adam7 */
    bool alpha;                 /* an alpha channel or a tRNS chunk */
} np_png_info;

/* Largest width or height accepted, and largest image, both as the
 * file's compressed data inflates and as decoded samples (colour and
 * alpha): above them a small file could make the decoder allocate
 * without bound (a "decompression bomb"). Also the largest file read. */
#define NP_PNG_MAX_SIDE 8192u
#define NP_PNG_MAX_BYTES (64u * 1024 * 1024)

/* Checks the `len` bytes of a PNG file. Returns true when they are a
 * PNG that decodes completely with no error or warning from libpng,
 * and fills *info (may be NULL). Otherwise returns false and writes
 * into err[0..size) a sentence saying what is wrong ("bad CRC in chunk
 * IDAT at byte 41"). Never aborts, whatever the bytes. */
bool np_png_check(const unsigned char *bytes, size_t len, np_png_info *info,
                  char *err, size_t size);

/* A decoded image: 8 bits per sample, rows top to bottom, no padding.
 * Grey stays grey (any depth, 16 bits scaled to 8); RGB and palette
 * images become RGB. Transparency (an alpha channel, or a tRNS chunk)
 * is a separate plane, 0 transparent to 255 opaque, left NULL when
 * every pixel is opaque. No gamma or colour correction is applied. */
typedef struct np_png_image {
    np_png_info info;           /* the file's own form */
    unsigned width, height;
    unsigned components;        /* 1 grey or 3 RGB */
    unsigned char *pixels;      /* width * height * components */
    unsigned char *alpha;       /* width * height, or NULL */
    const np_allocator *alloc;  /* what the two planes came from */
} np_png_image;

/* Checks the `len` bytes of a PNG file as np_png_check does and decodes
 * them into *out, whose planes come from `alloc` (NULL: malloc) and are
 * the caller's to release with np_png_image_free. Returns true; or
 * false, with *out empty (nothing to free) and the reason in
 * err[0..size). Never aborts, whatever the bytes. */
bool np_png_decode(const unsigned char *bytes, size_t len,
                   const np_allocator *alloc, np_png_image *out,
                   char *err, size_t size);

/* The image data of a PNG that np_png_decode accepted, as the file
 * holds it: its IDAT chunks' data joined, one zlib stream of filtered
 * rows, which PDF reads as it is (FlateDecode with a PNG predictor).
 * The buffer comes from `alloc` and is the caller's; false when out of
 * memory. */
bool np_png_idat(const unsigned char *bytes, size_t len,
                 const np_allocator *alloc, unsigned char **out,
                 size_t *out_len);

/* Frees the planes of an image filled by np_png_decode and empties it;
 * an empty image, or NULL, is fine. */
void np_png_image_free(np_png_image *img);

/* 1 when PNG support is compiled in; 0 in a build made with NO_PNG=1,
 * where png_none.c stands in for png_check.c: every check and decode
 * fails, and no image is drawn. */
int np_png_available(void);

#endif
