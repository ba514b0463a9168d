/*
 * batch.h - `notepress batch`: many descriptions in one process (batch.c).
 */
#ifndef NP_CLI_BATCH_H
#define NP_CLI_BATCH_H

#include "options.h"

/* Runs `notepress batch` with the options parsed (options.h). Returns
 * the exit status: 0 every document rendered or up to date, 1 a
 * document was refused, 2 a usage error (of --shard), 128 + the signal
 * when SIGINT or SIGTERM stopped the batch. */
int np_cli_batch(const cli_options *o);

#endif
