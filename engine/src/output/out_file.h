/*
 * out_file.h - the file np_render_file writes, made so that nothing is
 * lost: a regular file (or none yet) is replaced only when the render
 * succeeded, through a hidden temporary file beside it; a FIFO or a
 * character device (a pipe, /dev/stdout, /dev/null) is written in place
 * and never replaced; anything else is refused. Depends on nothing else
 * of the engine but file_read.h's error codes.
 *
 * The temporary file of OUT/NAME is OUT/.NAME.tmp, created with mode
 * 0666 less the umask, as any file a program makes, and locked for as
 * long as its render lives (an open file description lock, which the
 * system drops when the process ends, even by kill -9). The next render
 * of the same output removes one left unlocked by a killed process. A
 * render that finds it locked by a live one (the same output rendered
 * twice at once) uses OUT/.NAME.XXXXXX.tmp instead.
 */
#ifndef NP_OUT_FILE_H
#define NP_OUT_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct np_out_file {
    char *path;                 /* the file replaced or written: the
                                 * output, or the file its link names */
    char *temp;                 /* NULL when written in place */
    int fd;                     /* -1 until opened */
    bool in_place;              /* a FIFO or a character device */
    bool fifo;
    bool exists;                /* something was at the output already */
    dev_t dev;                  /* ... and which file it was */
    ino_t ino;
    int err;                    /* the first error of a write, kept */
    bool cancelled;             /* `cancel` said stop while waiting */
    int (*cancel)(void *ud);    /* polled while a FIFO is not read */
    void *cancel_ud;
    char *buf;                  /* bytes not yet written */
    size_t len, cap;
} np_out_file;

/* Prepares to write `path`: follows a symbolic link to what it names,
 * refuses a directory, a block device or a socket, and creates the
 * temporary file of a regular output (a FIFO or a device is opened at
 * the first write only, so that a refused document never opens it).
 * Returns 0, or an errno value or NP_FILE_IS_* (np_file_error gives its
 * text); on error nothing is left to close. `cancel` may be NULL. */
int np_out_file_open(np_out_file *f, const char *path,
                     int (*cancel)(void *ud), void *cancel_ud);

/* Whether the output existed and is the file (dev, ino). */
bool np_out_file_is(const np_out_file *f, dev_t dev, ino_t ino);

/* An np_write_fn: buffers the bytes and writes them (written in place,
 * all of them at np_out_file_close, the render having succeeded: the
 * engine hands the file over as it is made). Always returns 0;
 * the first error is kept in f->err and the bytes after it dropped, so
 * that it is reported once, with the output's name. */
int np_out_file_write(void *ud, const void *bytes, size_t len);

/* Ends the output. keep: the temporary file replaces the output (or the
 * last bytes go to the FIFO or device); returns 0 or the error that
 * prevented it, the output then left as it was. !keep: the temporary
 * file is removed, nothing else touched; returns 0. Frees what `f`
 * holds either way. */
int np_out_file_close(np_out_file *f, bool keep);

#endif
