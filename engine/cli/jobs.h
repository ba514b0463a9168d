/*
 * jobs.h - the documents of one `notepress batch`: the inputs found
 * from the arguments, each with its output, and the small helpers of
 * batch.c, jobs.c and resume.c.
 */
#ifndef NP_CLI_JOBS_H
#define NP_CLI_JOBS_H

#include <stdbool.h>
#include <stddef.h>

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

/* Sorts the jobs by output, one job per output. */
void sort_unique(jobs *js);

/* Keeps the jobs of shard k (1-based) of n. */
void keep_shard(jobs *js, long k, long n);

void free_jobs(jobs *js);

#endif
