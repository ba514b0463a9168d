/*
 * watch.h - `notepress watch`: re-render on every change (watch.c).
 */
#ifndef NP_CLI_WATCH_H
#define NP_CLI_WATCH_H

/* Runs `notepress watch IN.xml [-o OUT.pdf] [--layout NAME] [--once]`
 * (argv[1] is "watch"). Returns the exit status: 0 when stopped by
 * SIGINT or SIGTERM (or after one render with --once when it
 * succeeded), 1 when the --once render failed, 2 on a usage error. */
int np_cli_watch(int argc, char **argv);

#endif
