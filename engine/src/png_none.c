/*
 * png_none.c - png_check.h without PNG support, for small targets.
 *
 * `make NO_PNG=1` compiles this file instead of png_check.c, so that the
 * library does not use libpng itself (libharu's shared library still
 * links it). No PNG passes the check, and the engine, seeing that
 * np_png_available() is 0, leaves the layout's emblem out and says so
 * once per render, instead of refusing the document.
 */
#include <stdio.h>

#include "png_check.h"

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

int np_png_available(void)
{
    return 0;
}
