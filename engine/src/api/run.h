/*
 * run.h - one render, from the bytes of a description to the bytes of
 * its PDF (or dump): read, check, build the tree, typeset, paginate,
 * draw. Where the bytes come from and where the output goes, and the
 * checks of the caller's arguments, are entry.c's.
 */
#ifndef NP_RUN_H
#define NP_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "notepress.h"

/* Renders bytes[0..len), called `name` in diagnostics (NULL:
 * "(memory)"), with `opts` (complete: never NULL, sizes checked), and
 * writes the result to write(ud, ...) as it is made, from the first
 * page's end (a failed render may have written part of a file).
 * check_only: reads and checks the
 * description, layout and language, and writes nothing. `input`, when
 * not NULL, holds the bytes' malloc'd buffer: it is freed (and set to
 * NULL) as soon as the tree is built. Returns NP_OK, NP_REFUSED,
 * NP_FAILED or NP_CANCELLED; fills opts->stats when not NULL. */
np_status np_run(np_engine *e, const char *name, const char *bytes, size_t len,
                 const np_render_options *opts, bool check_only,
                 np_write_fn write, void *ud, char **input);

#endif
