/*
 * signals.c - SIGINT and SIGTERM, the same way for every command
 * (signals.h). The handler stores the signal and nothing more; renders
 * poll it (the library's cancel hook), loops test it. Nothing here
 * decides what a command prints besides the one message.
 */
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "signals.h"

/* Stored from the handler, loaded from the workers of a batch: both
 * are safe only on a lock-free atomic. */
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "a signal handler needs a lock-free int");
static atomic_int caught;

static void on_signal(int sig)
{
    atomic_store(&caught, sig);
}

void cli_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* no SA_RESTART: a read of standard input that a signal interrupts
     * returns, so that a batch waiting on a list stops */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGXFSZ, SIG_IGN);
}

int cli_signal_caught(void)
{
    return atomic_load(&caught);
}

int cli_cancelled(void *ud)
{
    (void)ud;
    return cli_signal_caught() != 0;
}

int cli_interrupted(const char *consequence)
{
    int sig = cli_signal_caught();
    fprintf(stderr, "notepress: error: interrupted by %s: %s\n",
            sig == SIGINT ? "SIGINT" : "SIGTERM", consequence);
    return 128 + sig;
}
