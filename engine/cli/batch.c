/*
 * batch.c - `notepress batch`: renders many descriptions in one process.
 *
 *   notepress batch [-j N] [-o OUTDIR] [--shard K/N|auto] [--shards N]
 *                   [--force] [--fail-fast] [--json FILE] INPUT...
 *
 * Inputs are files, directories (every *.xml below them) and manifests
 * (@FILE, or "-" for standard input: one path per line). N worker
 * threads share one engine, so that the schema, layouts, fonts and
 * hyphenation patterns are loaded once; each render has its own arena
 * and its own PDF document. A document is skipped when its PDF is a
 * whole PDF of this version, newer than the description and than every
 * file the last render of it read (listed in a hidden ".NAME.pdf.deps"
 * beside the PDF). Two inputs that would write one file, or an output
 * that is a description, stop the batch before anything is rendered.
 * SIGINT and SIGTERM stop the renders in flight, even one waiting on a
 * FIFO nobody reads, which leave no partial file; running the same
 * command again finishes the rest. --shard takes a stable part
 * of the inputs, chosen by a hash of each input's relative path, so that
 * machines listing the corpus in different orders agree.
 *
 * The inputs and their outputs are found by jobs.c, what is up to date
 * by resume.c. It uses only the public API (notepress.h) and lays out
 * nothing itself.
 */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "jobs.h"
#include "notepress.h"
#include "resume.h"
#include "source_date.h"

#define MAX_THREADS 256
#define BAR_WIDTH 30
#define REDRAW_SECONDS 0.1

static const char batch_usage[] =
"usage: notepress batch [-j N] [-o OUTDIR] [--shard K/N|auto] [--shards N]\n"
"                       [--force] [--fail-fast] [--json FILE] INPUT...\n";

static const char batch_help[] =
"\n"
"INPUT is a description, a directory (every *.xml below it), @FILE (a\n"
"list of inputs, one per line; a regular file) or - (the list on standard\n"
"input). A list is at most 64 MiB.\n"
"  -j N            worker threads (default: the number of processors)\n"
"  -o OUTDIR       write OUTDIR/REL.pdf, REL being the input's path below\n"
"                  the directory named (or its path as listed); by default\n"
"                  each PDF goes beside its description. Two inputs that\n"
"                  would write one file stop the batch before any render\n"
"  --shard K/N     render only the K-th of N stable parts of the inputs\n"
"  --shard auto    K and N from SLURM_ARRAY_TASK_ID and _COUNT, or from\n"
"                  JOB_COMPLETION_INDEX and --shards N\n"
"  --force         render documents whose PDF is up to date too (up to\n"
"                  date: a whole PDF of this version, newer than its\n"
"                  description and every file its last render read)\n"
"  --fail-fast     start no new document after one is refused\n"
"  --json FILE     write a report of every document (- for stdout)\n";

/* A signal handler can write nowhere else. Lock-free, so that storing
 * from the handler and loading from the workers are both safe. */
static atomic_int caught_signal;

/* ---- small helpers ------------------------------------------------ */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static const char *const status_names[] = {
    "not-started", "rendered", "failed", "skipped", "cancelled",
};

/* ---- options ------------------------------------------------------------ */

static bool parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

typedef struct options {
    long threads;
    const char *outdir;
    const char *shard;          /* "K/N", "auto" or NULL */
    long shards;                /* --shards N, 0 when not given */
    long shard_k, shard_n;
    bool force, fail_fast;
    const char *json;
    long long fixed_time;
    const char **inputs;        /* INPUT arguments, in order */
    int input_count;
} options;

static int usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, "notepress: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n%s", batch_usage);
    return 2;
}

/* The value of an option: "-j 4", "-j4" or "--json=FILE" forms. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    const char *s = argv[*i];
    size_t n = strlen(name);
    if (strncmp(s, name, n) != 0)
        return NULL;
    if (s[n] == '\0')
        return *i + 1 < argc ? argv[++*i] : "";
    if (s[n] == '=' && name[1] == '-')
        return s + n + 1;
    if (name[1] != '-')
        return s + n;
    return NULL;
}

static int parse_value(options *o, const char *name, const char *v)
{
    if (!*v)
        return usage_error("%s needs a value", name);
    if (strcmp(name, "-j") == 0) {
        if (!parse_long(v, &o->threads) || o->threads < 1 || o->threads > MAX_THREADS)
            return usage_error("-j takes a number of threads from 1 to 256, not %s", v);
    } else if (strcmp(name, "-o") == 0) {
        o->outdir = v;
    } else if (strcmp(name, "--shard") == 0) {
        o->shard = v;
    } else if (strcmp(name, "--shards") == 0) {
        if (!parse_long(v, &o->shards) || o->shards < 1)
            return usage_error("--shards takes a positive number, not %s", v);
    } else {
        o->json = v;
    }
    return 0;
}

/* Options may come before, between or after the inputs; after "--"
 * every argument is an input. */
static int parse_options(int argc, char **argv, options *o)
{
    static const char *const valued[] = { "-j", "-o", "--shards", "--shard", "--json" };
    bool options_end = false;
    o->inputs = xrealloc(NULL, (size_t)argc * sizeof *o->inputs);
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        if (options_end || s[0] != '-' || strcmp(s, "-") == 0) {
            o->inputs[o->input_count++] = s;
            continue;
        }
        if (strcmp(s, "--") == 0) {
            options_end = true;
            continue;
        }
        if (strcmp(s, "--force") == 0) {
            o->force = true;
            continue;
        }
        if (strcmp(s, "--fail-fast") == 0) {
            o->fail_fast = true;
            continue;
        }
        const char *v = NULL;
        size_t k;
        for (k = 0; k < sizeof valued / sizeof *valued && !v; k++)
            v = option_value(argc, argv, &i, valued[k]);
        if (!v)
            return usage_error("unknown option %s", s);
        int rc = parse_value(o, valued[k - 1], v);
        if (rc)
            return rc;
    }
    if (o->input_count == 0)
        return usage_error("%s", "batch needs at least one input");
    return 0;
}

/* K and N of a Slurm job array: tasks MIN, MIN+STEP, ... */
static bool slurm_shard(options *o)
{
    long id, min = 0, step = 1, count;
    if (!parse_long(getenv("SLURM_ARRAY_TASK_ID"), &id))
        return false;
    parse_long(getenv("SLURM_ARRAY_TASK_MIN"), &min);
    parse_long(getenv("SLURM_ARRAY_TASK_STEP"), &step);
    bool counted = parse_long(getenv("SLURM_ARRAY_TASK_COUNT"), &count);
    o->shard_k = (id - min) / (step > 0 ? step : 1) + 1;
    o->shard_n = o->shards ? o->shards : counted ? count : 0;
    return true;
}

static int resolve_shard(options *o)
{
    if (!o->shard) {
        o->shard_k = o->shard_n = 1;
        return 0;
    }
    if (strcmp(o->shard, "auto") != 0) {
        char *slash = strchr(o->shard, '/');
        char k[32];
        if (!slash || (size_t)(slash - o->shard) >= sizeof k)
            return usage_error("--shard takes K/N or auto, not %s", o->shard);
        snprintf(k, sizeof k, "%.*s", (int)(slash - o->shard), o->shard);
        if (!parse_long(k, &o->shard_k) || !parse_long(slash + 1, &o->shard_n)
            || o->shard_n < 1 || o->shard_k < 1 || o->shard_k > o->shard_n)
            return usage_error("--shard takes K/N with 1 <= K <= N, not %s", o->shard);
        return 0;
    }
    long index;
    if (!slurm_shard(o)) {
        if (!parse_long(getenv("JOB_COMPLETION_INDEX"), &index))
            return usage_error("%s", "--shard auto: neither SLURM_ARRAY_TASK_ID "
                               "nor JOB_COMPLETION_INDEX is set");
        o->shard_k = index + 1;
        o->shard_n = o->shards;
    }
    if (o->shard_n < 1)
        return usage_error("%s", "--shard auto: the number of shards is unknown "
                           "(give --shards N)");
    if (o->shard_k < 1 || o->shard_k > o->shard_n)
        return usage_error("%s", "--shard auto: the task index is outside 0..N-1");
    return 0;
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

/* ---- one document --------------------------------------------------------- */

typedef struct batch {
    options opt;
    jobs js;
    np_engine *engine;
    atomic_size_t next;
    atomic_bool failed_any;
    pthread_mutex_t lock;       /* stderr, counters below, progress */
    size_t done, count[5];
    long pages;
    bool tty;
    double start, drawn;
} batch;

static void collect_diag(void *ud, const np_diagnostic *d)
{
    job *j = ud;
    char line[1536];
    np_format_diagnostic(d, line, sizeof line);
    list_add(&j->messages, xstrdup(line));
}

static void collect_dep(void *ud, const char *path)
{
    job *j = ud;
    for (size_t i = 0; i < j->deps.n; i++)
        if (strcmp(j->deps.v[i], path) == 0)
            return;
    list_add(&j->deps, xstrdup(path));
}

static int cancelled(void *ud)
{
    (void)ud;
    return atomic_load(&caught_signal) != 0;
}

static void render_job(batch *b, job *j)
{
    np_render_options o;
    np_stats stats;
    np_render_options_init(&o);
    np_stats_init(&stats);
    o.fixed_time = b->opt.fixed_time;
    o.diag = collect_diag;
    o.diag_ud = j;
    o.dep = collect_dep;
    o.dep_ud = j;
    o.cancel = cancelled;
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
        if (write_deps(j) != 0)
            list_add(&j->messages, xprintf("%s: warning: cannot record what it "
                     "was made from; it will be rendered again", j->output));
    }
}

static void run_job(batch *b, job *j)
{
    double t0 = now();
    if (!b->opt.force && up_to_date(j)) {
        j->status = JOB_SKIPPED;
    } else if (make_parents(j->output) != 0) {
        list_add(&j->messages, xprintf("%s: error: cannot create its directory: %s",
                                       j->output, strerror(errno)));
        j->status = JOB_FAILED;
    } else {
        render_job(b, j);
    }
    j->ms = (now() - t0) * 1000;
}

/* ---- progress --------------------------------------------------------------- */

static void draw_bar(batch *b)
{
    size_t n = b->js.n, filled = n ? b->done * BAR_WIDTH / n : BAR_WIDTH;
    char bar[BAR_WIDTH + 1];
    memset(bar, '#', filled);
    memset(bar + filled, '.', BAR_WIDTH - filled);
    bar[BAR_WIDTH] = '\0';
    double s = now() - b->start;
    fprintf(stderr, "\r\033[K[%s] %zu/%zu  %ld pages  %.0f pages/s  %zu failed",
            bar, b->done, n, b->pages, s > 0 ? (double)b->pages / s : 0.0,
            b->count[JOB_FAILED]);
    b->drawn = now();
}

static void print_plain(batch *b, const job *j)
{
    fprintf(stderr, "[%zu/%zu] %s %s", b->done, b->js.n, status_names[j->status],
            j->input);
    if (j->status == JOB_RENDERED)
        fprintf(stderr, " -> %s (%d pages, %.0f ms)", j->output, j->pages, j->ms);
    fputc('\n', stderr);
}

/* Counts the finished job and shows it: its messages first, whole lines
 * under the lock so that two workers never interleave. */
static void finish_job(batch *b, const job *j)
{
    pthread_mutex_lock(&b->lock);
    b->done++;
    b->count[j->status]++;
    b->pages += j->pages;
    if (b->tty && j->messages.n)
        fputs("\r\033[K", stderr);
    for (size_t i = 0; i < j->messages.n; i++)
        fprintf(stderr, "%s\n", j->messages.v[i]);
    if (!b->tty)
        print_plain(b, j);
    else if (j->messages.n || now() - b->drawn >= REDRAW_SECONDS || b->done == b->js.n)
        draw_bar(b);
    pthread_mutex_unlock(&b->lock);
    if (j->status == JOB_FAILED)
        atomic_store(&b->failed_any, true);
}

static void *worker(void *ud)
{
    batch *b = ud;
    while (!cancelled(NULL)
           && !(b->opt.fail_fast && atomic_load(&b->failed_any))) {
        size_t i = atomic_fetch_add(&b->next, 1);
        if (i >= b->js.n)
            break;
        run_job(b, &b->js.v[i]);
        finish_job(b, &b->js.v[i]);
    }
    return NULL;
}

/* ---- report ------------------------------------------------------------------ */

/* A JSON string: control characters escaped, bytes that are not UTF-8
 * replaced by U+FFFD, so that any file name gives a valid document. */
static void json_string(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    while (*u) {
        unsigned c = *u;
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                 : (c >> 3) == 30 ? 4 : 0;
        size_t k = 1;
        while (k < n && (u[k] & 0xC0) == 0x80)
            k++;
        if (n == 0 || k < n) {
            fputs("\\ufffd", f);
            u += n == 0 ? 1 : k;
        } else if (c == '"' || c == '\\') {
            fprintf(f, "\\%c", c);
            u++;
        } else if (c < 0x20) {
            fprintf(f, "\\u%04x", c);
            u++;
        } else {
            fwrite(u, 1, n, f);
            u += n;
        }
    }
    fputc('"', f);
}

static void json_job(FILE *f, const job *j)
{
    fputs("    {\"input\": ", f);
    json_string(f, j->input);
    fputs(", \"output\": ", f);
    json_string(f, j->output);
    fprintf(f, ", \"status\": \"%s\", \"pages\": %d, \"milliseconds\": %.1f, "
            "\"messages\": [", status_names[j->status], j->pages, j->ms);
    for (size_t i = 0; i < j->messages.n; i++) {
        fputs(i ? ", " : "", f);
        json_string(f, j->messages.v[i]);
    }
    fputs("]}", f);
}

static int write_json(const batch *b, double seconds)
{
    bool out = strcmp(b->opt.json, "-") == 0;
    FILE *f = out ? stdout : fopen(b->opt.json, "w");
    if (!f) {
        fprintf(stderr, "%s: error: %s\n", b->opt.json, strerror(errno));
        return -1;
    }
    fprintf(f, "{\n  \"shard\": \"%ld/%ld\",\n  \"rendered\": %zu,\n  \"failed\": %zu,\n"
            "  \"skipped\": %zu,\n  \"not_done\": %zu,\n  \"pages\": %ld,\n"
            "  \"seconds\": %.3f,\n  \"documents\": [\n",
            b->opt.shard_k, b->opt.shard_n, b->count[JOB_RENDERED],
            b->count[JOB_FAILED], b->count[JOB_SKIPPED], b->js.n - b->count[JOB_RENDERED]
            - b->count[JOB_FAILED] - b->count[JOB_SKIPPED], b->pages, seconds);
    for (size_t i = 0; i < b->js.n; i++) {
        json_job(f, &b->js.v[i]);
        fputs(i + 1 < b->js.n ? ",\n" : "\n", f);
    }
    fputs("  ]\n}\n", f);
    int rc = ferror(f) ? -1 : 0;
    if (!out && fclose(f) != 0)
        rc = -1;
    if (rc)
        fprintf(stderr, "%s: error: cannot write the report\n", b->opt.json);
    return rc;
}

static void print_summary(const batch *b, double seconds)
{
    if (b->tty)
        fputs("\r\033[K", stderr);
    size_t not_done = b->js.n - b->count[JOB_RENDERED] - b->count[JOB_FAILED]
                      - b->count[JOB_SKIPPED];
    printf("batch: %zu rendered, %zu failed, %zu skipped, %ld pages, %.2f s, "
           "%.1f pages/s\n", b->count[JOB_RENDERED], b->count[JOB_FAILED],
           b->count[JOB_SKIPPED], b->pages, seconds,
           seconds > 0 ? (double)b->pages / seconds : 0.0);
    if (not_done && atomic_load(&caught_signal))
        printf("batch: stopped by a signal, %zu documents not done: run the "
               "same command again to finish them\n", not_done);
    else if (not_done)
        printf("batch: %zu documents not started after a failure (--fail-fast)\n",
               not_done);
    fflush(stdout);
}

/* ---- the command ---------------------------------------------------------------- */

static void on_signal(int sig)
{
    atomic_store(&caught_signal, sig);
}

/* Installed even when the shell started us with SIGINT ignored (a
 * background job): a batch asked to stop must always stop cleanly. */
static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The jobs of this shard; *clashes: outputs two jobs would write, or
 * that are descriptions, over every shard so that all agree. */
static int collect(batch *b, int *clashes)
{
    collector c = { .js = &b->js, .outdir = b->opt.outdir };
    for (int i = 0; i < b->opt.input_count; i++)
        add_argument(&c, b->opt.inputs[i]);
    *clashes = check_outputs(&b->js);
    keep_shard(&b->js, b->opt.shard_k, b->opt.shard_n);
    return c.errors;
}

static long default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : n;
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

static int run_workers(batch *b)
{
    size_t n = (size_t)b->opt.threads;
    if (n > b->js.n)
        n = b->js.n ? b->js.n : 1;
    pthread_t tid[MAX_THREADS];
    size_t started = 0;
    while (started < n && start_worker(&tid[started], b) == 0)
        started++;
    if (started == 0)
        worker(b);      /* no thread to be had: work in this one */
    for (size_t i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    return 0;
}

static int exit_status(const batch *b, int input_errors)
{
    int sig = atomic_load(&caught_signal);
    if (sig)
        return 128 + sig;
    return b->count[JOB_FAILED] || input_errors ? 1 : 0;
}

static int run_batch(batch *b)
{
    catch_signals();
    int clashes, input_errors = collect(b, &clashes);
    if (clashes) {
        fprintf(stderr, "notepress: error: nothing was rendered: %d output%s "
                "would be written twice or over a description\n", clashes,
                clashes > 1 ? "s" : "");
        return 1;
    }
    b->engine = np_engine_new(NULL);
    if (!b->engine) {
        fputs("notepress: error: cannot start the engine\n", stderr);
        return 1;
    }
    pthread_mutex_init(&b->lock, NULL);
    b->tty = isatty(2);
    b->start = now();
    run_workers(b);
    double seconds = now() - b->start;
    print_summary(b, seconds);
    if (b->opt.json && write_json(b, seconds) != 0)
        input_errors++;
    np_engine_free(b->engine);
    pthread_mutex_destroy(&b->lock);
    return exit_status(b, input_errors);
}

int np_cli_batch(int argc, char **argv)
{
    batch b = { .opt = { .threads = default_threads() } };
    if (argc > 2 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        printf("%s%s", batch_usage, batch_help);
        return 0;
    }
    int rc = parse_options(argc, argv, &b.opt);
    if (rc == 0)
        rc = resolve_shard(&b.opt);
    if (rc == 0)
        rc = np_cli_source_date(&b.opt.fixed_time);
    if (rc == 0)
        rc = run_batch(&b);
    free(b.opt.inputs);
    free_jobs(&b.js);
    return rc;
}
