/*
 * jobs.h - the documents of one `notepress batch`: the inputs found
 * from the arguments, each with its output (jobs.c).
 */
#ifndef NP_CLI_JOBS_H
#define NP_CLI_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "notepress.h"
#include "xalloc.h"

typedef enum job_status {
    JOB_PENDING, JOB_RENDERED, JOB_FAILED, JOB_SKIPPED, JOB_CANCELLED
} job_status;

/* A diagnostic of one document, kept whole for the JSON report. */
typedef struct message {
    np_severity severity;
    char *file;                 /* NULL: about the command */
    unsigned line, column;      /* 0: unknown */
    char *text;
} message;

typedef struct msglist {
    message *v;
    size_t n, cap;
} msglist;

/* Appends a copy of the diagnostic `d`. */
void add_message(msglist *l, const np_diagnostic *d);

/* The diagnostic that `m` holds (its strings lent). */
np_diagnostic message_diagnostic(const message *m);

typedef struct job {
    char *input;                /* as named or found */
    char *rel;                  /* normalised relative path: the shard key */
    char *output;
    char *canon;                /* the output with every link and ".."
                                 * resolved as far as it exists */
    dev_t in_dev;               /* which file the input is */
    ino_t in_ino;
    job_status status;
    int pages;
    double ms;
    msglist messages;
    strlist deps;               /* files the render read */
} job;

typedef struct jobs {
    job *v;
    size_t n, cap;
} jobs;

typedef struct collector {
    jobs *js;
    const char *outdir;
    int errors;
} collector;

/* Adds the jobs an INPUT argument names: a description, a directory,
 * @FILE or -. Errors are printed and counted in c->errors. */
void add_argument(collector *c, const char *arg);

/* Sorts the jobs by output, one job per output: a description named
 * twice is rendered once. Two jobs that would write one file (two
 * descriptions mapped to one output path, or outputs that are one file
 * under two names), or an output that is a description, are reported;
 * returns how many such clashes there are, and the batch must then
 * render nothing. */
int check_outputs(jobs *js);

void free_job(job *j);
void free_jobs(jobs *js);

#endif
