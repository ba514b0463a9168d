/*
 * jobs.h - the documents of one `notepress batch`: the inputs found
 * from the arguments, each with its output, and the small helpers of
 * batch.c, jobs.c and resume.c.
 */
#ifndef NP_CLI_JOBS_H
#define NP_CLI_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

/* Allocation that cannot fail: the command stops on out of memory. */
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void list_add(strlist *l, char *s);
void list_free(strlist *l);
bool ends_with(const char *s, const char *tail);

typedef enum job_status {
    JOB_PENDING, JOB_RENDERED, JOB_FAILED, JOB_SKIPPED, JOB_CANCELLED
} job_status;


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
    strlist messages;           /* file:line:col: level: text */
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

/* Keeps the jobs of shard k (1-based) of n. */
void keep_shard(jobs *js, long k, long n);

void free_jobs(jobs *js);

#endif
