/*
 * batch.h - `notepress batch`: many descriptions in one process (batch.c).
 */
#ifndef NP_CLI_BATCH_H
#define NP_CLI_BATCH_H

/* Runs `notepress batch ...` (argv[1] is "batch"). Returns the exit
 * status: 0 every document rendered or up to date, 1 a document was
 * refused, 2 a usage error, 128 + the signal when SIGINT or SIGTERM
 * stopped the batch. */
int np_cli_batch(int argc, char **argv);

#endif
