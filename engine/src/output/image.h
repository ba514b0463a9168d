/*
 * image.h - a PNG made ready for PDF once, for every document after.
 *
 * The emblem is the same picture on the first page of every note a
 * batch renders; decoding it and deflating its samples again for each
 * document cost more than a third of a two-page note. An np_image holds
 * the decoded planes already deflated (zlib format, as a PDF
 * /FlateDecode stream wants them): the colour samples, the alpha plane
 * when the picture has transparency, and the colour laid over white for
 * PDF/A-1, which forbids soft masks. It is read-only once made, so any
 * number of threads may draw it.
 */
#ifndef NP_IMAGE_H
#define NP_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include "notepress.h"

/* A deflated plane of 8-bit samples; len 0 when absent. With
 * `predicted`, the rows are PNG-filtered, each after its filter byte:
 * the file's own image data, taken as it is (PDF's FlateDecode with
 * /Predictor 15 reads it). */
typedef struct np_zplane {
    unsigned char *data;
    size_t len;
    bool predicted;
} np_zplane;

typedef struct np_image {
    char *path;                 /* the file it was read from */
    unsigned width, height;
    unsigned components;        /* 1 grey or 3 RGB */
    np_zplane colour;
    np_zplane alpha;            /* absent when every pixel is opaque */
    np_zplane flat;             /* colour over white; absent when opaque */
} np_image;

/* Decodes the PNG file `bytes[0..len)` (png_check.c checks it whole)
 * and deflates its planes. NULL on failure, with the reason in
 * why[0..size). Memory from `alloc` (NULL: malloc). */
np_image *np_image_make(const char *path, const unsigned char *bytes,
                        size_t len, const np_allocator *alloc, char *why,
                        size_t size);
void np_image_free(np_image *img, const np_allocator *alloc);

#endif
