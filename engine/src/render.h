/*
 * render.h - helpers of render.c shared with the command line.
 */
#ifndef NP_RENDER_H
#define NP_RENDER_H

#include <stddef.h>

/* Reads a whole file into a malloc'd buffer (the caller frees it).
 * Returns 0, or an errno value (EFBIG when larger than `limit`). */
int np_read_file(const char *path, size_t limit, char **bytes, size_t *len);

#endif
