/*
 * render.h - `notepress render` and `notepress check` (render.c,
 * check.c).
 */
#ifndef NP_CLI_RENDER_H
#define NP_CLI_RENDER_H

#include "options.h"

/* Each runs its command with the options parsed (options.h) and
 * returns the exit status: 0 success, 1 a description was refused,
 * 128 + the signal when SIGINT or SIGTERM stopped it. */
int np_cli_render(const cli_options *o);
int np_cli_check(const cli_options *o);

#endif
