/*
 * path.h - file names built from pieces (a directory and a name, a name
 * and a suffix) into buffers of a fixed size, whole or not at all.
 *
 * A name that would not fit is an error the caller reports, never a
 * shorter name: a cut path may name another file, or none, and then a
 * layout or font would be "not found" for no reason the user could see.
 * Looking for the files and reporting are the callers' (api/find.c);
 * this file only builds names. Depends on nothing else of the engine.
 */
#ifndef NP_PATH_H
#define NP_PATH_H

#include <stddef.h>

/* The size of a buffer for one path, its NUL included: Linux's
 * PATH_MAX, past which the system refuses a name anyway. */
#define NP_PATH_MAX 4096

/* dir_len for "all of dir, up to its NUL". */
#define NP_PATH_WHOLE ((size_t)-1)

/* Writes dir[0..dir_len) "/" name into out[0..size): name alone when
 * dir is NULL or dir_len 0. Returns 0, or ENAMETOOLONG with out[0] set
 * to NUL when the whole would not fit. */
int np_path_join(char *out, size_t size, const char *dir, size_t dir_len,
                 const char *name);

/* Appends `suffix` to the name in out[0..size); on ENAMETOOLONG out
 * becomes "" as for np_path_join. */
int np_path_append(char *out, size_t size, const char *suffix);

#endif
