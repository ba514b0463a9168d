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
 * Changes are found by polling modification times four times a second:
 * portable, and cheap for the handful of files involved. Uses only the
 * public API.
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

typedef struct watched {
    char *path;
    struct timespec mtime;
} watched;

typedef struct watch {
    const cli_options *opt;
    const char *input, *output;
    watched files[MAX_FILES];
    int nfiles;
} watch;

static struct timespec mtime_of(const char *path)
{
    struct stat st;
    struct timespec none = { 0, 0 };
    return stat(path, &st) == 0 ? st.st_mtim : none;
}

static void forget_files(watch *w)
{
    for (int i = 0; i < w->nfiles; i++)
        free(w->files[i].path);
    w->nfiles = 0;
}

/* np_render_options.dep: remember each file once, with its date now. */
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
    w->files[w->nfiles].mtime = mtime_of(path);
    w->nfiles++;
}

static bool changed(const watch *w)
{
    for (int i = 0; i < w->nfiles; i++) {
        struct timespec t = mtime_of(w->files[i].path);
        if (t.tv_sec != w->files[i].mtime.tv_sec || t.tv_nsec != w->files[i].mtime.tv_nsec)
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
