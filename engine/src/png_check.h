/*
 * png_check.h - deciding whether a PNG file is safe to hand to libharu.
 *
 * libharu decodes PNGs with libpng without installing a setjmp point:
 * any error libpng meets (a bad CRC, a bad filter byte, too little image
 * data) ends in abort() and takes the whole process down. So every PNG
 * is first checked here, completely: our own walk over its chunks, then
 * a full decode with libpng under our own error handling. Valid files
 * that libharu mishandles (interlaced; tRNS outside 8-bit palettes) are
 * refused as well. Only a file that passes goes to the back end.
 */
#ifndef NP_PNG_CHECK_H
#define NP_PNG_CHECK_H

#include <stdbool.h>
#include <stddef.h>

/* What a checked PNG holds. */
typedef struct np_png_info {
    unsigned width, height;
    int bit_depth;              /* 1, 2, 4, 8 or 16 */
    int color_type;             /* 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA */
    bool interlaced;            /* Adam7 */
    bool alpha;                 /* an alpha channel or a tRNS chunk */
} np_png_info;

/* Largest width or height accepted, and largest decompressed image:
 * above them a small file could make the decoder allocate without
 * bound (a "decompression bomb"). */
#define NP_PNG_MAX_SIDE 8192u
#define NP_PNG_MAX_BYTES (64u * 1024 * 1024)

/* Checks the `len` bytes of a PNG file. Returns true when they are a
 * PNG that decodes completely with no error or warning from libpng,
 * and fills *info (may be NULL). Otherwise returns false and writes
 * into err[0..size) a sentence saying what is wrong ("bad CRC in chunk
 * IDAT at byte 41"). Never aborts, whatever the bytes. */
bool np_png_check(const unsigned char *bytes, size_t len, np_png_info *info,
                  char *err, size_t size);

/* 1 when PNG support is compiled in; 0 in a build made with NO_PNG=1,
 * where png_none.c stands in for png_check.c and no image is drawn. */
int np_png_available(void);

#endif
