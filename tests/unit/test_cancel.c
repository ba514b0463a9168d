/*
 * test_cancel.c - how soon a render stops once np_render_options.cancel
 * says so: within half a second (NP_TIME_FACTOR times that under the
 * sanitizers), whatever stage it is in, inside the line breaking of one
 * huge paragraph included, and having reported nothing.
 *
 * The cancel function answers yes from a deadline on, as the command's
 * does once SIGINT or SIGTERM came; the delay measured runs from the
 * deadline to the return of the call. Deadlines and delays are in the
 * process's CPU time: what is bounded is the work done after being
 * told, which a machine busy with other processes stretches in wall
 * time but not in CPU time (the render runs on the calling thread).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "typesetting/linebreak.h"
#include "notepress.h"
#include "unit.h"

#define LIMIT_SECONDS 0.5

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef struct deadline {
    double at;
    int polls;
} deadline;

static int past(void *ud)
{
    deadline *d = ud;
    d->polls++;
    return now() >= d->at;
}

static double width(void *ud, size_t line)
{
    (void)ud;
    (void)line;
    return 365;
}

/* The breaker alone, on two million words of one paragraph: stopped in
 * its search, it gives up at once. */
static void test_breaker(void)
{
    size_t words = 2000000, n = 2 * words + 1;
    np_item *items = malloc(n * sizeof *items);
    np_line_break *out = malloc(sizeof *out);
    for (size_t i = 0; i < words; i++) {
        items[2 * i] = (np_item){ .type = NP_BOX, .width = 20 + (double)(i * 7 % 31) };
        items[2 * i + 1] = (np_item){ .type = NP_GLUE, .width = 2.5, .stretch = 1.25,
                                      .shrink = 0.8 };
    }
    items[n - 2] = (np_item){ .type = NP_GLUE, .stretch = NP_STRETCH_FIL };
    items[n - 1] = (np_item){ .type = NP_PENALTY, .penalty = -NP_PENALTY_INF };
    np_lb_params params;
    np_lb_params_default(&params);
    deadline d = { now() + 0.3, 0 };
    params.stop = past;
    params.stop_ud = &d;
    long lines = np_linebreak_optimal(items, n, width, NULL, &params, NULL, out, 1);
    double late = now() - d.at;
    CHECK(lines == -1);
    CHECK(late < LIMIT_SECONDS * unit_time_factor());
    printf("cancel: the breaker stopped %.3f s after being told, %d polls\n",
           late, d.polls);
    d.at = now() + 0.3;
    lines = np_linebreak_greedy(items, n, width, NULL, &params, NULL, out, 1);
    CHECK(lines == -1 || now() - d.at < LIMIT_SECONDS * unit_time_factor());
    free(items);
    free(out);
}

static const char head[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document lang=\"en\">\n"
    "<meta><symbol>A/79/1</symbol><organ>General Assembly</organ></meta>\n"
    "<title>Cancelled</title>\n<body>\n";

/* `paras` paragraphs of `words` words each. */
static char *document(size_t paras, size_t words)
{
    static const char *const w[] = { "the", "committee", "recommends",
        "that", "member", "states", "strengthen", "their", "cooperation" };
    size_t cap = sizeof head + paras * (words * 12 + 16) + 64, at = 0;
    char *s = malloc(cap);
    at += (size_t)snprintf(s, cap, "%s", head);
    for (size_t p = 0; p < paras; p++) {
        at += (size_t)snprintf(s + at, cap - at, "<p>");
        for (size_t i = 0; i < words; i++)
            at += (size_t)snprintf(s + at, cap - at, "%s ", w[(p + i) % 9]);
        at += (size_t)snprintf(s + at, cap - at, "</p>\n");
    }
    snprintf(s + at, cap - at, "</body>\n</document>\n");
    return s;
}

static void count_message(void *ud, const np_diagnostic *d)
{
    (void)d;
    ++*(int *)ud;
}

static int discard(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    (void)bytes;
    (void)len;
    return 0;
}

/* A whole render told to stop `after` seconds in, well before it would
 * have ended. */
static void cancel_after(np_engine *e, const char *name, const char *doc,
                         double after)
{
    np_limits limits;
    np_limits_init(&limits);
    limits.pages = 100000;
    limits.text_bytes = 16u << 20;
    np_render_options o;
    np_render_options_init(&o);
    int messages = 0;
    deadline d = { now() + after, 0 };
    o.cancel = past;
    o.cancel_ud = &d;
    o.diag = count_message;
    o.diag_ud = &messages;
    o.limits = &limits;
    int rc = np_render_memory(e, name, doc, strlen(doc), &o, discard, NULL);
    double late = now() - d.at;
    CHECK(rc == NP_CANCELLED);
    CHECK(messages == 0);
    CHECK(late < LIMIT_SECONDS * unit_time_factor());
    printf("cancel: %s stopped %.3f s after being told (at %.2f s), rc %d\n", name,
           late > 0 ? late : 0, after, rc);
}

/* How long a whole render of `doc` takes on this machine: the deadlines
 * are fractions of it, so that they fall inside the work on a fast
 * machine as on a slow one. */
static double whole_render(np_engine *e, const char *name, const char *doc)
{
    np_limits limits;
    np_limits_init(&limits);
    limits.pages = 100000;
    limits.text_bytes = 16u << 20;
    np_render_options o;
    np_render_options_init(&o);
    o.limits = &limits;
    /* The first render also fills the engine's caches (schema, faces):
     * the renders cancelled later find them filled, so the second is
     * the one timed. */
    double took = 0;
    for (int pass = 0; pass < 2; pass++) {
        double start = now();
        int rc = np_render_memory(e, name, doc, strlen(doc), &o, discard, NULL);
        CHECK(rc == 0);
        took = now() - start;
    }
    return took;
}

static void cancel_within(np_engine *e, const char *name, const char *doc)
{
    double whole = whole_render(e, name, doc);
    for (double part = 0.125; part < 0.9; part *= 2)
        cancel_after(e, name, doc, whole * part);
    printf("cancel: %s takes %.2f s whole\n", name, whole);
}

int main(void)
{
    test_breaker();
    np_engine *e = np_engine_new(NULL);
    /* One paragraph of a million words (7 MB): read, measured, broken
     * into 90,000 lines, drawn; the later deadlines fall in its line
     * breaking. */
    char *huge = document(1, 1000000);
    cancel_within(e, "one-paragraph", huge);
    free(huge);
    /* 30,000 paragraphs, 4,500 pages: pagination and drawing. */
    char *many = document(30000, 60);
    cancel_within(e, "many-paragraphs", many);
    free(many);
    np_engine_free(e);
    return unit_done("cancel");
}
