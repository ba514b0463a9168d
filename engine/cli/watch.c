/*
 * watch.c - `notepress watch`: the editor's loop. Renders the
 * description, then watches it and every file the render read (layout,
 * language file, fonts, hyphenation patterns) and renders again as soon
 * as one changes, printing how long each render took and any message.
 * A broken description or layout never replaces the last good PDF: the
 * library writes beside the output and renames only on success. SIGINT
 * and SIGTERM stop the loop, and a render in flight, as they stop any
 * command (signals.c).
 *
 * Changes are found by polling each file's identity and version
 * (device, inode, size, modification time to the nanosecond) four
 * times a second: portable, cheap for the handful of files involved,
 * and blind neither to an edit within the same second nor to an editor
 * that saves by renaming a new file over the old. The engine is kept
 * from render to render; its caches look at the same stamps, so an
 * edited layout, language file, font or pattern file is read again.
 * Uses only the public API.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "notepress.h"
#include "options.h"
#include "report.h"
#include "signals.h"
#include "watch.h"

#define MAX_FILES 64
#define POLL_NS 250000000L

/* A file as it was when last rendered; all zero when it was not there. */
typedef struct stamp {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
} stamp;

typedef struct watched {
    char *path;
    stamp seen;
} watched;

typedef struct watch {
    const cli_options *opt;
    const char *input, *output;
    watched files[MAX_FILES];
    int nfiles;
} watch;

static stamp stamp_of(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return (stamp){ 0 };
    return (stamp){ st.st_dev, st.st_ino, st.st_size, st.st_mtim };
}

static bool same_stamp(const stamp *a, const stamp *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size
           && a->mtime.tv_sec == b->mtime.tv_sec && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void forget_files(watch *w)
{
    for (int i = 0; i < w->nfiles; i++)
        free(w->files[i].path);
    w->nfiles = 0;
}

/* np_render_options.dep: remember each file once, as it is now. */
static void add_file(void *ud, const char *path)
{
    watch *w = ud;
    for (int i = 0; i < w->nfiles; i++)
        if (strcmp(w->files[i].path, path) == 0)
            return;
    if (w->nfiles == MAX_FILES)
        return;
    char *copy = strdup(path);
    if (!copy)
        return;
    w->files[w->nfiles].path = copy;
    w->files[w->nfiles].seen = stamp_of(path);
    w->nfiles++;
}

static bool changed(const watch *w)
{
    for (int i = 0; i < w->nfiles; i++) {
        stamp now = stamp_of(w->files[i].path);
        if (!same_stamp(&now, &w->files[i].seen))
            return true;
    }
    return false;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int render_once(np_engine *e, watch *w)
{
    np_render_options o;
    np_stats stats;
    cli_render_options(w->opt, &o);
    np_stats_init(&stats);
    o.dep = add_file;
    o.dep_ud = w;
    o.stats = &stats;
    forget_files(w);
    add_file(w, w->input);     /* watched even when it cannot be read */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = np_render_file(e, w->input, w->output, &o);
    if (rc == NP_CANCELLED)
        return rc;
    if (rc == 0 && w->opt->stats)
        cli_print_stats(&stats);
    if (rc == 0)
        fprintf(stderr, "notepress: rendered %s (%d pages) in %.3f s\n",
                w->output, stats.pages, seconds_since(&t0));
    else
        fprintf(stderr, "notepress: %s not updated: the last good one stays "
                "(%.3f s)\n", w->output, seconds_since(&t0));
    return rc;
}

/* Renders again on every change until a signal comes. */
static void loop(np_engine *e, watch *w)
{
    struct timespec pause = { 0, POLL_NS };
    fprintf(stderr, "notepress: watching %d files; Ctrl-C stops\n", w->nfiles);
    while (!cli_signal_caught()) {
        nanosleep(&pause, NULL);
        if (!cli_signal_caught() && changed(w))
            render_once(e, w);
    }
}

static int run(const cli_options *opt, const char *output)
{
    watch w = { .opt = opt, .input = opt->inputs[0], .output = output };
    np_engine *e = cli_engine_new();
    if (!e)
        return 1;
    int rc = render_once(e, &w);
    if (!opt->once && rc != NP_CANCELLED)
        loop(e, &w);
    forget_files(&w);
    np_engine_free(e);
    if (cli_signal_caught())
        return cli_interrupted("watch stopped; the last good output stays");
    return rc == 0 ? 0 : 1;
}

int np_cli_watch(const cli_options *opt)
{
    if (opt->output && strcmp(opt->output, "-") == 0)
        return cli_usage_error(CLI_WATCH, "-o - is not possible: watch writes "
                               "its output again and again");
    char *owned = opt->output ? NULL : cli_default_output(opt, opt->inputs[0]);
    int rc = opt->output || owned ? run(opt, opt->output ? opt->output : owned) : 1;
    free(owned);
    return rc;
}
