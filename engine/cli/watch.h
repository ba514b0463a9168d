/*
 * watch.h - `notepress watch`: re-render on every change (watch.c).
 */
#ifndef NP_CLI_WATCH_H
#define NP_CLI_WATCH_H

#include "options.h"

/* Runs `notepress watch` with the options parsed (options.h). Returns
 * the exit status: 128 + the signal when SIGINT or SIGTERM stopped it
 * (130, 143); with --once, 0 when the render succeeded and 1 when not;
 * 2 for -o -, which watch cannot write. */
int np_cli_watch(const cli_options *o);

#endif
