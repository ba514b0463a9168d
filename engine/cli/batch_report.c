/*
 * batch_report.c - the progress and the reports of `notepress batch`
 * (batch_report.h): a line per document, or a bar redrawn at most ten
 * times a second on a terminal; the summary on standard output; the
 * JSON report, valid whatever bytes the file names hold.
 *
 * Not done here: running the jobs (batch.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch_report.h"
#include "report.h"

#define BAR_WIDTH 30
#define REDRAW_SECONDS 0.1

static const char *const status_names[] = {
    "not-started", "rendered", "failed", "skipped", "cancelled",
};

double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

void tally_start(tally *t, const jobs *js, bool quiet)
{
    *t = (tally){ .js = js, .tty = isatty(2), .quiet = quiet };
    pthread_mutex_init(&t->lock, NULL);
    t->start = now();
}

void tally_end(tally *t)
{
    pthread_mutex_destroy(&t->lock);
}

size_t tally_not_done(const tally *t)
{
    return t->js->n - t->count[JOB_RENDERED] - t->count[JOB_FAILED]
           - t->count[JOB_SKIPPED];
}

/* ---- progress ------------------------------------------------------- */

/* "1:05" or "2:03:07". */
static const char *clock_text(char *buf, size_t size, double seconds)
{
    long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

/* The time left at the pace so far (documents done, whatever their
 * kind), or "?" before the first. */
static const char *left_text(char *buf, size_t size, const tally *t, double elapsed)
{
    if (t->done == 0)
        return "?";
    return clock_text(buf, size, elapsed / (double)t->done
                                 * (double)(t->js->n - t->done));
}

static void draw_bar(tally *t)
{
    size_t n = t->js->n, filled = n ? t->done * BAR_WIDTH / n : BAR_WIDTH;
    char bar[BAR_WIDTH + 1], spent[48], left[48];
    memset(bar, '#', filled);
    memset(bar + filled, '.', BAR_WIDTH - filled);
    bar[BAR_WIDTH] = '\0';
    double s = now() - t->start;
    fprintf(stderr, "\r\033[K[%s] %zu/%zu  %s elapsed, %s left  %ld pages  "
            "%.0f pages/s  %zu failed", bar, t->done, n,
            clock_text(spent, sizeof spent, s), left_text(left, sizeof left, t, s),
            t->pages, s > 0 ? (double)t->pages / s : 0.0, t->count[JOB_FAILED]);
    t->drawn = now();
}

static void print_plain(const tally *t, const job *j)
{
    fprintf(stderr, "[%zu/%zu] %s %s", t->done, t->js->n, status_names[j->status],
            j->input);
    if (j->status == JOB_RENDERED)
        fprintf(stderr, " -> %s (%d pages, %.0f ms)", j->output, j->pages, j->ms);
    fputc('\n', stderr);
}

void tally_job(tally *t, const job *j)
{
    pthread_mutex_lock(&t->lock);
    t->done++;
    t->count[j->status]++;
    t->pages += j->pages;
    if (t->tty && !t->quiet && j->messages.n)
        fputs("\r\033[K", stderr);
    for (size_t i = 0; i < j->messages.n; i++) {
        np_diagnostic d = message_diagnostic(&j->messages.v[i]);
        cli_print_diag(stderr, &d);
    }
    if (t->quiet)
        ;
    else if (!t->tty)
        print_plain(t, j);
    else if (j->messages.n || now() - t->drawn >= REDRAW_SECONDS || t->done == t->js->n)
        draw_bar(t);
    pthread_mutex_unlock(&t->lock);
}

void print_summary(const tally *t, double seconds, bool signalled, FILE *out)
{
    if (t->tty && !t->quiet)
        fputs("\r\033[K", stderr);
    size_t not_done = tally_not_done(t);
    if (!t->quiet)
        fprintf(out, "batch: %zu rendered, %zu failed, %zu skipped, %ld pages, "
                "%.2f s, %.1f pages/s\n", t->count[JOB_RENDERED],
                t->count[JOB_FAILED], t->count[JOB_SKIPPED], t->pages, seconds,
                seconds > 0 ? (double)t->pages / seconds : 0.0);
    /* what is left undone is said even when quiet: it asks for a rerun */
    if (not_done && signalled)
        fprintf(out, "batch: stopped by a signal, %zu documents not done: run the "
                "same command again to finish them\n", not_done);
    else if (not_done)
        fprintf(out, "batch: %zu documents not started after a failure "
                "(--fail-fast)\n", not_done);
    fflush(out);
}

/* ---- the JSON report ------------------------------------------------ */

/* A JSON string, valid whatever the bytes: control characters escaped,
 * and each byte that does not begin a well-formed UTF-8 character
 * (overlong forms, surrogates, past U+10FFFF, cut sequences) replaced
 * by U+FFFD, so that any file name gives a valid document. */
static void json_string(FILE *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    while (*u) {
        size_t n = cli_utf8_char(u);
        if (n == 0) {
            fputs("\\ufffd", f);
            u++;
        } else if (*u == '"' || *u == '\\') {
            fprintf(f, "\\%c", *u);
            u++;
        } else if (*u < 0x20 || *u == 0x7F) {
            fprintf(f, "\\u%04x", *u);
            u++;
        } else {
            fwrite(u, 1, n, f);
            u += n;
        }
    }
    fputc('"', f);
}

static const char *const severity_names[] = { "note", "warning", "error" };

static void json_message(FILE *f, const message *m)
{
    fprintf(f, "{\"severity\": \"%s\", \"file\": ", severity_names[m->severity]);
    if (m->file)
        json_string(f, m->file);
    else
        fputs("null", f);
    fprintf(f, ", \"line\": %u, \"column\": %u, \"text\": ", m->line, m->column);
    json_string(f, m->text);
    fputc('}', f);
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
        json_message(f, &j->messages.v[i]);
    }
    fputs("]}", f);
}

static int json_body(FILE *f, const tally *t, long shard_k, long shard_n,
                     double seconds)
{
    fprintf(f, "{\n  \"shard\": \"%ld/%ld\",\n  \"rendered\": %zu,\n  \"failed\": %zu,\n"
            "  \"skipped\": %zu,\n  \"not_done\": %zu,\n  \"pages\": %ld,\n"
            "  \"seconds\": %.3f,\n  \"documents\": [\n",
            shard_k, shard_n, t->count[JOB_RENDERED], t->count[JOB_FAILED],
            t->count[JOB_SKIPPED], tally_not_done(t), t->pages, seconds);
    for (size_t i = 0; i < t->js->n; i++) {
        json_job(f, &t->js->v[i]);
        fputs(i + 1 < t->js->n ? ",\n" : "\n", f);
    }
    fputs("  ]\n}\n", f);
    return fflush(f) != 0 || ferror(f) ? -1 : 0;
}

/* The hidden temporary file beside `path`: DIR/.NAME.tmp. */
static char *temporary_for(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path + 1) : 0;
    return xprintf("%.*s.%s.tmp", (int)dir, path, path + dir);
}

int write_json(const tally *t, const char *path, long shard_k, long shard_n,
               double seconds)
{
    if (strcmp(path, "-") == 0) {
        if (json_body(stdout, t, shard_k, shard_n, seconds) == 0)
            return 0;
        fprintf(stderr, "notepress: error: cannot write the report on standard "
                "output: %s\n", strerror(errno));
        return -1;
    }
    /* written beside, then renamed: a reader never sees half a report,
     * and a failed write leaves the last one */
    char *tmp = temporary_for(path);
    FILE *f = fopen(tmp, "w");
    int rc = f ? json_body(f, t, shard_k, shard_n, seconds) : -1;
    int err = errno;
    if (f && fclose(f) != 0 && rc == 0)
        rc = -1, err = errno;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1, err = errno;
    if (rc != 0) {
        fprintf(stderr, "%s: error: cannot write the report: %s\n", path,
                strerror(err));
        remove(tmp);
    }
    free(tmp);
    return rc;
}
