/*
 * file_read.h - the one way the engine opens a file to read it.
 *
 * Every file the engine reads (descriptions, layouts, language files,
 * fonts, emblems, the ICC profile, hyphenation patterns, and the lists
 * of `notepress batch`) goes through np_file_open: opened without
 * blocking, then refused unless it is a regular file no larger than the
 * caller's bound. A FIFO, a device or a directory given where a file is
 * expected is named in a message instead of hanging the render or
 * reading without end. Depends on nothing else of the engine.
 */
#ifndef NP_FILE_READ_H
#define NP_FILE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

/* Errors besides errno values (which are positive): the path names
 * something other than a regular file. */
enum {
    NP_FILE_IS_FIFO = -1,
    NP_FILE_IS_CHAR_DEVICE = -2,
    NP_FILE_IS_BLOCK_DEVICE = -3,
    NP_FILE_IS_DIRECTORY = -4,
    NP_FILE_IS_SOCKET = -5,
    NP_FILE_IS_OTHER = -6
};

/* What a file of type `mode` (st_mode) is: 0 for a regular file, else
 * the NP_FILE_IS_* that names it. */
int np_file_kind(mode_t mode);

/* A file opened for reading. */
typedef struct np_file {
    int fd;
    size_t size;                /* when it was opened */
    dev_t dev;                  /* which file it is */
    ino_t ino;
} np_file;

/* Opens `path` read-only, non-blocking and close-on-exec, and checks
 * that it is a regular file of at most `limit` bytes. Returns 0 (close
 * f->fd when done), or an error: an errno value (EFBIG when larger
 * than `limit`) or one of NP_FILE_IS_*. */
int np_file_open(const char *path, size_t limit, np_file *f);

/* Reads the whole file at `path`, opened by np_file_open, into a
 * malloc'd buffer with a NUL after its `len` bytes (the caller frees
 * it). Returns 0 or an error as np_file_open does; EFBIG also when the
 * file grew past `limit` while it was read. */
int np_file_read(const char *path, size_t limit, char **bytes, size_t *len);

/* The same from a descriptor that may be a pipe or a terminal (a list
 * on standard input): reads until the end, or fails with EFBIG past
 * `limit` bytes. A signal that interrupts the read ends it with EINTR,
 * so that the caller may stop: a stream need never end. */
int np_file_read_stream(int fd, size_t limit, char **bytes, size_t *len);

/* Which file a path names and which version of it: what a cache of
 * things read from files compares, so that an engine kept for many
 * renders sees a file edited in place (size, modification time to the
 * nanosecond) or replaced by another (device and inode, as an editor
 * that saves by renaming does). */
typedef struct np_file_stamp {
    bool exists;                /* false: nothing readable there */
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} np_file_stamp;

/* The stamp of `path` now; one with exists false when it cannot be
 * looked at, so that a file that appears or goes away changes too. */
np_file_stamp np_file_stamp_of(const char *path);

/* Whether two stamps name the same version of the same file. */
bool np_file_stamp_same(const np_file_stamp *a, const np_file_stamp *b);

/* The text of an error of the functions above ("a FIFO, not a regular
 * file", "No such file or directory"), written into buf[0..size);
 * returns buf. Thread-safe. */
const char *np_file_error(int err, char *buf, size_t size);

#endif
