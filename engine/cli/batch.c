/*
 * batch.c - `notepress batch`: renders many descriptions in one process.
 *
 *   notepress batch [-j N] [-o OUTDIR] [--shard K/N|auto] [--shards N]
 *                   [--force] [--fail-fast] [--json FILE]
 *                   [--layout NAME] [--lang CODE] [--linebreak MODE]
 *                   [--pdfa] [--limit NAME=N] INPUT...
 *
 * Inputs are files, directories (every *.xml below them) and manifests
 * (@FILE, or "-" for standard input: one path per line). N worker
 * threads share one engine, so that the schema, layouts, fonts and
 * hyphenation patterns are loaded once; each render has its own arena
 * and its own PDF document. A document is skipped when its PDF is a
 * whole PDF of this version made with the same options, newer than the
 * description and than every file the last render of it read (listed
 * in a hidden ".NAME.pdf.deps" beside the PDF). Two inputs that would
 * write one file, or an output that is a description, stop the batch
 * before anything is rendered. SIGINT and SIGTERM stop the renders in
 * flight, even one waiting on a FIFO nobody reads, which leave no
 * partial file; running the same command again finishes the rest.
 *
 * The inputs and their outputs are found by jobs.c, the shard by
 * shard.c, what is up to date by resume.c, and the progress is told by
 * batch_report.c. It uses only the public API (notepress.h) and lays
 * out nothing itself.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "batch_report.h"
#include "jobs.h"
#include "notepress.h"
#include "options.h"
#include "report.h"
#include "resume.h"
#include "shard.h"
#include "signals.h"

#define MAX_THREADS 256

typedef struct batch {
    const cli_options *opt;
    long shard_k, shard_n;
    char *made_with;            /* the options, as the records hold them */
    jobs js;
    np_engine *engine;
    atomic_size_t next;
    atomic_bool failed_any;
    tally tally;
} batch;

/* One line naming every option that changes what a render makes, so
 * that an output made with others is not taken as up to date. */
static char *made_with(const cli_options *o)
{
    const np_limits *l = &o->limits;
    return xprintf("layout=%s lang=%s linebreak=%d pdfa=%d time=%lld "
                   "limits=%zu,%u,%zu,%u,%u,%u,%u,%u%s",
                   o->layout ? o->layout : "-", o->lang ? o->lang : "-",
                   (int)o->linebreak, o->pdfa, o->fixed_time, l->input_bytes,
                   l->depth, l->text_bytes, l->elements, l->notes,
                   l->table_cells, l->list_depth, l->pages,
                   o->untagged ? " untagged" : "");
}

/* mkdir -p of the directory holding `file`. */
static int make_parents(const char *file)
{
    char *dir = xstrdup(file);
    int rc = 0;
    for (char *p = dir + 1; rc == 0 && (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        if (mkdir(dir, 0777) != 0 && errno != EEXIST)
            rc = -1;
        *p = '/';
    }
    free(dir);
    return rc;
}

/* ---- one document --------------------------------------------------- */

static void collect_diag(void *ud, const np_diagnostic *d)
{
    job *j = ud;
    add_message(&j->messages, d);
}

/* A message of the command itself about the file `file` of job j. */
static void job_message(job *j, np_severity severity, const char *file,
                        char *text)
{
    np_diagnostic d = { severity, file, 0, 0, text };
    add_message(&j->messages, &d);
    free(text);
}

static void collect_dep(void *ud, const char *path)
{
    job *j = ud;
    for (size_t i = 0; i < j->deps.n; i++)
        if (strcmp(j->deps.v[i], path) == 0)
            return;
    list_add(&j->deps, xstrdup(path));
}

static void render_job(batch *b, job *j)
{
    np_render_options o;
    np_stats stats;
    cli_render_options(b->opt, &o);
    np_stats_init(&stats);
    o.diag = collect_diag;
    o.diag_ud = j;
    o.dep = collect_dep;
    o.dep_ud = j;
    o.stats = &stats;
    remove_deps(j);
    int rc = np_render_file(b->engine, j->input, j->output, &o);
    if (rc == NP_CANCELLED) {
        j->status = JOB_CANCELLED;
    } else if (rc != 0) {
        j->status = JOB_FAILED;
    } else {
        j->status = JOB_RENDERED;
        j->pages = stats.pages;
        if (write_deps(j, b->made_with) != 0)
            job_message(j, NP_WARNING, j->output, xprintf("cannot record what it "
                        "was made from; it will be rendered again"));
    }
}

static void run_job(batch *b, job *j)
{
    double t0 = now();
    if (!b->opt->force && up_to_date(j, b->made_with)) {
        j->status = JOB_SKIPPED;
    } else if (make_parents(j->output) != 0) {
        job_message(j, NP_ERROR, j->output, xprintf("cannot create its directory: %s",
                                                    strerror(errno)));
        j->status = JOB_FAILED;
    } else {
        render_job(b, j);
    }
    j->ms = (now() - t0) * 1000;
}

static void *worker(void *ud)
{
    batch *b = ud;
    while (!cli_signal_caught()
           && !(b->opt->fail_fast && atomic_load(&b->failed_any))) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->js.n)
            break;
        run_job(b, &b->js.v[i]);
        tally_job(&b->tally, &b->js.v[i]);
        if (b->js.v[i].status == JOB_FAILED)
            atomic_store(&b->failed_any, true);
    }
    return NULL;
}

/* ---- the workers ------------------------------------------------------ */

/* The jobs of this shard; *clashes: outputs two jobs would write, or
 * that are descriptions, over every shard so that all agree. */
static int collect(batch *b, int *clashes)
{
    collector c = { .js = &b->js, .outdir = b->opt->output };
    for (int i = 0; i < b->opt->input_count; i++)
        add_argument(&c, b->opt->inputs[i]);
    *clashes = check_outputs(&b->js);
    keep_shard(&b->js, b->shard_k, b->shard_n);
    return c.errors;
}

static size_t thread_count(const batch *b)
{
    long n = b->opt->threads ? b->opt->threads : sysconf(_SC_NPROCESSORS_ONLN);
    n = n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
    return (size_t)n < b->js.n ? (size_t)n : b->js.n ? b->js.n : 1;
}

/* The workers' stack, whatever `ulimit -s` says (glibc gives a thread
 * the stack limit, or 2 MiB when it is unlimited): four times the 2 MiB
 * a render may take of its caller's stack at the largest depth allowed
 * (tests/unit/test_deep.c; the schema validation has a thread of its
 * own). */
#define WORKER_STACK ((size_t)8 << 20)

static int start_worker(pthread_t *tid, batch *b)
{
    pthread_attr_t attr;
    if (pthread_attr_init(&attr))
        return -1;
    int err = pthread_attr_setstacksize(&attr, WORKER_STACK);
    if (!err)
        err = pthread_create(tid, &attr, worker, b);
    pthread_attr_destroy(&attr);
    return err;
}

static void run_workers(batch *b)
{
    size_t n = thread_count(b);
    pthread_t tid[MAX_THREADS];
    size_t started = 0;
    while (started < n && start_worker(&tid[started], b) == 0)
        started++;
    if (started == 0)
        worker(b);      /* no thread to be had: work in this one */
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
}

static int exit_status(const batch *b, int input_errors)
{
    int sig = cli_signal_caught();
    if (sig)
        return 128 + sig;
    return b->tally.count[JOB_FAILED] || input_errors ? 1 : 0;
}

static int run_batch(batch *b)
{
    int clashes, input_errors = collect(b, &clashes);
    if (clashes) {
        fprintf(stderr, "notepress: error: nothing was rendered: %d output%s "
                "would be written twice or over a description\n", clashes,
                clashes > 1 ? "s" : "");
        return 1;
    }
    b->engine = cli_engine_new();
    if (!b->engine)
        return 1;
    tally_start(&b->tally, &b->js, b->opt->quiet);
    run_workers(b);
    double seconds = now() - b->tally.start;
    bool json_out = b->opt->json && strcmp(b->opt->json, "-") == 0;
    print_summary(&b->tally, seconds, cli_signal_caught() != 0,
                  json_out ? stderr : stdout);
    if (b->opt->json && write_json(&b->tally, b->opt->json, b->shard_k,
                                   b->shard_n, seconds) != 0)
        input_errors++;
    np_engine_free(b->engine);
    tally_end(&b->tally);
    return exit_status(b, input_errors);
}

int np_cli_batch(const cli_options *opt)
{
    batch b = { .opt = opt };
    int rc = resolve_shard(opt, &b.shard_k, &b.shard_n);
    if (rc == 0) {
        b.made_with = made_with(opt);
        rc = run_batch(&b);
    }
    free(b.made_with);
    free_jobs(&b.js);
    return rc;
}
