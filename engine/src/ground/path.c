/*
 * path.c - file names built whole or not at all (path.h). Nothing here
 * touches the file system.
 */
#include <errno.h>
#include <string.h>

#include "ground/path.h"

/* Copies s[0..len) to out + at, with its NUL, when it fits in size. */
static int put(char *out, size_t size, size_t at, const char *s, size_t len)
{
    if (at >= size || len >= size - at) {
        if (size)
            out[0] = '\0';
        return ENAMETOOLONG;
    }
    memmove(out + at, s, len);
    out[at + len] = '\0';
    return 0;
}

int np_path_join(char *out, size_t size, const char *dir, size_t dir_len,
                 const char *name)
{
    if (!dir)
        dir_len = 0;
    else if (dir_len == NP_PATH_WHOLE)
        dir_len = strlen(dir);
    if (dir_len == 0)
        return put(out, size, 0, name, strlen(name));
    int err = put(out, size, 0, dir, dir_len);
    if (!err)
        err = put(out, size, dir_len, "/", 1);
    if (!err)
        err = put(out, size, dir_len + 1, name, strlen(name));
    return err;
}

int np_path_append(char *out, size_t size, const char *suffix)
{
    size_t at = strnlen(out, size);
    return put(out, size, at, suffix, strlen(suffix));
}
