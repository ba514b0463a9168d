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
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch_report.h"

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

void tally_start(tally *t, const jobs *js)
{
    *t = (tally){ .js = js, .tty = isatty(2) };
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

static void draw_bar(tally *t)
{
    size_t n = t->js->n, filled = n ? t->done * BAR_WIDTH / n : BAR_WIDTH;
    char bar[BAR_WIDTH + 1];
    memset(bar, '#', filled);
    memset(bar + filled, '.', BAR_WIDTH - filled);
    bar[BAR_WIDTH] = '\0';
    double s = now() - t->start;
    fprintf(stderr, "\r\033[K[%s] %zu/%zu  %ld pages  %.0f pages/s  %zu failed",
            bar, t->done, n, t->pages, s > 0 ? (double)t->pages / s : 0.0,
            t->count[JOB_FAILED]);
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
    if (t->tty && j->messages.n)
        fputs("\r\033[K", stderr);
    for (size_t i = 0; i < j->messages.n; i++)
        fprintf(stderr, "%s\n", j->messages.v[i]);
    if (!t->tty)
        print_plain(t, j);
    else if (j->messages.n || now() - t->drawn >= REDRAW_SECONDS || t->done == t->js->n)
        draw_bar(t);
    pthread_mutex_unlock(&t->lock);
}

void print_summary(const tally *t, double seconds, bool signalled)
{
    if (t->tty)
        fputs("\r\033[K", stderr);
    size_t not_done = tally_not_done(t);
    printf("batch: %zu rendered, %zu failed, %zu skipped, %ld pages, %.2f s, "
           "%.1f pages/s\n", t->count[JOB_RENDERED], t->count[JOB_FAILED],
           t->count[JOB_SKIPPED], t->pages, seconds,
           seconds > 0 ? (double)t->pages / seconds : 0.0);
    if (not_done && signalled)
        printf("batch: stopped by a signal, %zu documents not done: run the "
               "same command again to finish them\n", not_done);
    else if (not_done)
        printf("batch: %zu documents not started after a failure (--fail-fast)\n",
               not_done);
    fflush(stdout);
}

/* ---- the JSON report ------------------------------------------------ */

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

int write_json(const tally *t, const char *path, long shard_k, long shard_n,
               double seconds)
{
    bool out = strcmp(path, "-") == 0;
    FILE *f = out ? stdout : fopen(path, "w");
    if (!f) {
        fprintf(stderr, "%s: error: %s\n", path, strerror(errno));
        return -1;
    }
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
    int rc = ferror(f) ? -1 : 0;
    if (!out && fclose(f) != 0)
        rc = -1;
    if (rc)
        fprintf(stderr, "%s: error: cannot write the report\n", path);
    return rc;
}
