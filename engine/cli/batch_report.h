/*
 * batch_report.h - what `notepress batch` tells of its progress
 * (batch_report.c): each document as it finishes, a progress bar on a
 * terminal, the summary and the JSON report.
 */
#ifndef NP_CLI_BATCH_REPORT_H
#define NP_CLI_BATCH_REPORT_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "jobs.h"

/* The counts of a batch under way, shared by its workers. */
typedef struct tally {
    pthread_mutex_t lock;       /* stderr, and the fields below */
    const jobs *js;
    size_t done, count[JOB_CANCELLED + 1];
    long pages;
    bool tty;                   /* stderr is a terminal: a bar */
    bool quiet;                 /* -q: messages only */
    double start, drawn;
} tally;

void tally_start(tally *t, const jobs *js, bool quiet);
void tally_end(tally *t);

/* Seconds on the monotonic clock. */
double now(void);

/* Counts a finished job and shows it: its messages first, whole lines
 * under the lock so that two workers never interleave. */
void tally_job(tally *t, const job *j);

/* How many jobs ended neither rendered, failed nor skipped. */
size_t tally_not_done(const tally *t);

/* The summary on `out` (standard output, or standard error when the
 * JSON report takes standard output); when quiet, only what is left
 * undone. `signalled`: a signal stopped the batch. */
void print_summary(const tally *t, double seconds, bool signalled, FILE *out);

/* The report of every document into `path` (- for standard output);
 * 0, or -1 after saying why. */
int write_json(const tally *t, const char *path, long shard_k, long shard_n,
               double seconds);

#endif
