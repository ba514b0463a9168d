/*
 * png_none.c - png_check.h without PNG support, for small targets.
 *
 * `make NO_PNG=1` compiles this file instead of png_check.c, so that the
 * library does not use libpng itself (libharu's shared library still
 * links it). No PNG passes the check or decodes, and the engine,
 * seeing that np_png_available() is 0, leaves the layout's emblem out
 * and says so once per render, instead of refusing the document.
 */
#include <stdio.h>

#include "readers/png_check.h"

bool np_png_check(const unsigned char *bytes, size_t len, np_png_info *info,
                  char *err, size_t size)
{
    (void)bytes;
    (void)len;
    (void)info;
    if (err && size > 0)
        snprintf(err, size, "this build has no PNG support (NO_PNG=1)");
    return false;
}

bool np_png_decode(const unsigned char *bytes, size_t len,
                   const np_allocator *alloc, np_png_image *out,
                   char *err, size_t size)
{
    *out = (np_png_image){ .alloc = alloc };
    return np_png_check(bytes, len, NULL, err, size);
}

bool np_png_idat(const unsigned char *bytes, size_t len,
                 const np_allocator *alloc, unsigned char **out,
                 size_t *out_len)
{
    (void)bytes;
    (void)len;
    (void)alloc;
    *out = NULL;
    *out_len = 0;
    return false;
}

/* Nothing is ever decoded here, so there is nothing to free. */
void np_png_image_free(np_png_image *img)
{
    (void)img;
}

int np_png_available(void)
{
    return 0;
}
