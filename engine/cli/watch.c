/*
 * watch.c - `notepress watch`: the editor's loop. Renders the
 * description, then watches it and every file the render read (layout,
 * language file, fonts, hyphenation patterns) and renders again as soon
 * as one changes, printing how long each render took and any message.
 * A broken description or layout never replaces the last good PDF: the
 * library writes beside the output and renames only on success.
 *
 * Changes are found by polling modification times four times a second:
 * portable, and cheap for the handful of files involved. Uses only the
 * public API.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "notepress.h"
#include "watch.h"

#define MAX_FILES 64
#define POLL_NS 250000000L

typedef struct watched {
    char *path;
    struct timespec mtime;
} watched;

typedef struct watch {
    const char *input, *output, *layout;
    bool once;
    watched files[MAX_FILES];
    int nfiles;
} watch;

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

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

static void print_diag(void *ud, const np_diagnostic *d)
{
    char line[1536];
    (void)ud;
    np_format_diagnostic(d, line, sizeof line);
    fprintf(stderr, "%s\n", line);
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
    np_render_options_init(&o);
    np_stats stats;
    np_stats_init(&stats);
    o.layout = w->layout;
    o.diag = print_diag;
    o.dep = add_file;
    o.dep_ud = w;
    o.stats = &stats;
    forget_files(w);
    add_file(w, w->input);     /* watched even when it cannot be read */
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = np_render_file(e, w->input, w->output, &o);
    if (rc == 0)
        fprintf(stderr, "notepress: rendered %s (%d pages) in %.3f s\n",
                w->output, stats.pages, seconds_since(&t0));
    else
        fprintf(stderr, "notepress: %s not updated: the last good PDF stays "
                "(%.3f s)\n", w->output, seconds_since(&t0));
    return rc;
}

static int usage(const char *what)
{
    fprintf(stderr, "notepress: %s\nusage: notepress watch IN.xml [-o OUT.pdf] "
            "[--layout NAME] [--once]\n", what);
    return 2;
}

static int parse_args(int argc, char **argv, watch *w, char **owned_output)
{
    for (int i = 2; i < argc; i++) {
        if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--layout") == 0) && i + 1 == argc)
            return usage("an option needs a value");
        if (strcmp(argv[i], "-o") == 0)
            w->output = argv[++i];
        else if (strcmp(argv[i], "--layout") == 0)
            w->layout = argv[++i];
        else if (strcmp(argv[i], "--once") == 0)
            w->once = true;
        else if (argv[i][0] == '-' || w->input)
            return usage("watch takes one input and -o, --layout, --once");
        else
            w->input = argv[i];
    }
    if (!w->input)
        return usage("watch needs an input file");
    if (!w->output) {
        size_t n = strlen(w->input);
        *owned_output = malloc(n + 5);
        if (!*owned_output)
            return 1;
        memcpy(*owned_output, w->input, n + 1);
        if (n > 4 && strcmp(*owned_output + n - 4, ".xml") == 0)
            (*owned_output)[n - 4] = '\0';
        strcat(*owned_output, ".pdf");
        w->output = *owned_output;
    }
    return 0;
}

static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

static void loop(np_engine *e, watch *w)
{
    struct timespec pause = { 0, POLL_NS };
    fprintf(stderr, "notepress: watching %d files; Ctrl-C stops\n", w->nfiles);
    while (!stop_requested) {
        nanosleep(&pause, NULL);
        if (!stop_requested && changed(w))
            render_once(e, w);
    }
}

int np_cli_watch(int argc, char **argv)
{
    watch w = { 0 };
    char *owned = NULL;
    int rc = parse_args(argc, argv, &w, &owned);
    if (rc)
        return rc;
    np_engine *e = np_engine_new(NULL);
    if (!e) {
        free(owned);
        fprintf(stderr, "notepress: error: cannot start the engine\n");
        return 1;
    }
    install_handlers();
    rc = render_once(e, &w);
    if (!w.once)
        loop(e, &w);
    forget_files(&w);
    np_engine_free(e);
    free(owned);
    return w.once && rc != 0 ? 1 : 0;
}
