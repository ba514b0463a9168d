/*
 * report.h - what every command prints of the library's work
 * (report.c): its diagnostics, its typesetting figures, and an engine
 * that would not start.
 */
#ifndef NP_CLI_REPORT_H
#define NP_CLI_REPORT_H

#include <stddef.h>

#include "notepress.h"

/* np_render_options.diag: "file:line:col: error: message" and a new
 * line on the FILE * `ud`. */
void cli_print_diag(void *ud, const np_diagnostic *d);

/* The length of the well-formed UTF-8 character at s (shortest form,
 * no surrogate, at most U+10FFFF; s NUL-terminated), or 0. */
size_t cli_utf8_char(const unsigned char *s);

/* The figures of --stats, one "key: value" a line, on standard error. */
void cli_print_stats(const np_stats *s);

/* np_write_fn: the bytes on standard output; 0 or -1. */
int cli_write_stdout(void *ud, const void *bytes, size_t len);

/* np_engine_new with no configuration; NULL after saying so on
 * standard error. */
np_engine *cli_engine_new(void);

#endif
