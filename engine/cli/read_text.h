/*
 * read_text.h - the small text files of the command (read_text.c): the
 * lists of inputs of `notepress batch` and the records of what a render
 * read. Descriptions, layouts and fonts are read by the library.
 */
#ifndef NP_CLI_READ_TEXT_H
#define NP_CLI_READ_TEXT_H

#include <stddef.h>

/* What cli_read_text returns. */
enum {
    CLI_READ_OK = 0,
    CLI_READ_FAILED = -1,       /* no such file, no permission... */
    CLI_READ_TOO_LONG = -2,     /* more than the caller's limit */
    CLI_READ_FIFO = -3,         /* a FIFO (other special files: FAILED) */
    CLI_READ_INTERRUPTED = -4   /* a signal, while standard input was read */
};

/* Reads the whole of `path`, which must be a regular file (a FIFO is
 * refused, never waited on; a device is never read without end) of at
 * most `limit` bytes; `path` NULL reads standard input instead, which
 * may be a pipe or a terminal, up to its end or `limit`. On success
 * returns 0 and *text holds a malloc'd copy with a NUL after its *len
 * bytes (the caller frees it). Otherwise returns one of the failures
 * above and writes why into why[0..size) ("a FIFO, not a regular
 * file", "No such file or directory", "longer than 64 MiB"); a signal
 * interrupts the reading of standard input, which need never end, so
 * that the caller may stop. */
int cli_read_text(const char *path, size_t limit, char **text, size_t *len,
                  char *why, size_t size);

#endif
