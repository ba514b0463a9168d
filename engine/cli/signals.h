/*
 * signals.h - how every command of notepress stops on SIGINT and
 * SIGTERM (signals.c): the signal only sets a flag, the library polls
 * it through np_render_options.cancel and stops, writing nothing, and
 * the command exits with 128 + the signal (130, 143).
 */
#ifndef NP_CLI_SIGNALS_H
#define NP_CLI_SIGNALS_H

/* Installs the handlers of SIGINT and SIGTERM, even when the shell
 * started the command with them ignored (a background job: asked to
 * stop, it must still stop cleanly), and ignores SIGXFSZ, so that a
 * write past `ulimit -f` fails with EFBIG and is reported instead of
 * killing the process with its temporary file left behind. */
void cli_catch_signals(void);

/* The signal caught (SIGINT or SIGTERM), or 0. Safe from any thread. */
int cli_signal_caught(void);

/* np_render_options.cancel: non-zero once a signal was caught. */
int cli_cancelled(void *ud);

/* Prints "notepress: error: interrupted by SIGINT: <consequence>" and
 * returns the exit status, 128 + the signal. */
int cli_interrupted(const char *consequence);

#endif
