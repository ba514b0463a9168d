/*
 * test_deep.c - descriptions nested as deep as the limits allow, for
 * every way elements nest (lists, items made of blocks, quotes,
 * sections, resolution sections, tables, inline elements in a
 * paragraph, a footnote and a title), render without running out of C
 * stack.
 *
 * Each render runs on a thread whose stack is fresh pages of memory;
 * the pages it touched, as mincore(2) tells once the thread is done,
 * are the most stack the render used, printed for each case. (Filling
 * the stack with a pattern and looking for it afterwards would read a
 * dead thread's stack, an error to valgrind.) libxml2's schema
 * validation, which recurses, runs on a thread of its own (xml_schema.c)
 * and is not counted; parsing, building the trees and walking inline
 * elements are iterative (28 KiB whatever the depth); what grows with
 * the depth is the layout of blocks nested in blocks. Measured with gcc
 * 12 -O2 on x86-64, at the default depth (2 500) and at NP_MAX_DEPTH
 * (5 000): 0.47 and 0.93 MiB for sections in sections (about 190
 * bytes a level, quotes in quotes alike), 0.37 and 0.74 MiB for 1 249
 * and 2 499 lists in lists; -O0 takes 1.4 times as much,
 * AddressSanitizer twice.
 */
#define _DEFAULT_SOURCE         /* mincore(), madvise() */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "notepress.h"
#include "unit.h"

#define MAX_DEPTH 5000u         /* NP_MAX_DEPTH of engine/src/ground/limit.h */

/* Budgets of the calling thread's stack, twice the figures measured at
 * -O2 (docs/limits.md). AddressSanitizer puts red
 * zones around the frames: there, the render needs twice as much. */
#if defined(__SANITIZE_ADDRESS__)
#define SAN_FACTOR 2
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SAN_FACTOR 2
#endif
#endif
#ifndef SAN_FACTOR
#define SAN_FACTOR 1
#endif
#define STACK_BUDGET ((size_t)1024 * 1024 * SAN_FACTOR)
#define STACK_BUDGET_MAX ((size_t)2048 * 1024 * SAN_FACTOR)
#define THREAD_STACK (STACK_BUDGET_MAX * 2)

/* One way of nesting: prefix, then `open` n times, `inner`, `close` n
 * times, then suffix; in the body, or in the title when `in_title`.
 * n nestings are fixed + n * per_level levels deep. */
typedef struct nesting {
    const char *name;
    const char *prefix, *open, *inner, *close, *suffix;
    bool in_title;
    unsigned fixed, per_level;
} nesting;

#define WORDS "the committee recommends that member states strengthen " \
              "their cooperation in matters of international concern"

static const nesting cases[] = {
    { "lists", "", "<list style=\"bullet\"><item>level ", WORDS,
      "</item></list>", "", false, 2, 2 },
    { "items of blocks", "", "<list><item><p>level</p>", "<p>" WORDS "</p>",
      "</item></list>", "", false, 3, 2 },
    { "quotes", "", "<quote>", "<p>" WORDS "</p>", "</quote>", "", false, 3, 1 },
    { "sections", "", "<section><title>Part</title>", "<p>" WORDS "</p>",
      "</section>", "", false, 3, 1 },
    { "resolution sections", "<resolution>", "<section><title>Part</title>",
      "<op>" WORDS "</op>", "</section>", "</resolution>", false, 4, 1 },
    { "tables", "", "<table><tr><td>", WORDS, "</td></tr></table>", "",
      false, 2, 3 },
    { "inline", "<p>", "<i>", WORDS, "</i>", "</p>", false, 3, 1 },
    { "footnote inline", "<p>Text<fn>", "<b>", WORDS, "</b>", "</fn></p>",
      false, 4, 1 },
    { "title inline", "", "<i>", WORDS, "</i>", "", true, 2, 1 },
};

/* ---- descriptions ---------------------------------------------------- */

typedef struct text {
    char *p;
    size_t len, cap;
} text;

static void put(text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = (t->len + n + 1) * 2;
        t->p = realloc(t->p, t->cap);
        if (!t->p)
            exit(2);
    }
    memcpy(t->p + t->len, s, n + 1);
    t->len += n;
}

static void put_nesting(text *t, const nesting *c, unsigned n)
{
    put(t, c->prefix);
    for (unsigned i = 0; i < n; i++)
        put(t, c->open);
    put(t, c->inner);
    for (unsigned i = 0; i < n; i++)
        put(t, c->close);
    put(t, c->suffix);
}

/* The description with case `c` nested as deep as `depth` allows. */
static text deepest(const nesting *c, unsigned depth)
{
    unsigned n = (depth - c->fixed) / c->per_level;
    text t = { 0 };
    put(&t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document lang=\"en\">"
            "<meta><symbol>A/79/1</symbol><organ>General Assembly</organ>"
            "<distribution>general</distribution><date>2024-03-01</date>"
            "<original lang=\"en\"/><job>N24-01234</job></meta>\n<title>");
    if (c->in_title)
        put_nesting(&t, c, n);
    else
        put(&t, "Deep");
    put(&t, "</title>\n<body>");
    if (c->in_title)
        put(&t, "<p>" WORDS "</p>");
    else
        put_nesting(&t, c, n);
    put(&t, "</body>\n</document>\n");
    return t;
}

/* ---- renders on a measured stack ------------------------------------- */

typedef struct job {
    np_engine *engine;
    const char *name;
    text doc;
    np_limits limits;
    int rc;
    int errors;
    char last[256];             /* the last error */
} job;

static int discard(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    (void)bytes;
    (void)len;
    return 0;
}

static void count_errors(void *ud, const np_diagnostic *d)
{
    job *j = ud;
    if (d->severity == NP_ERROR) {
        j->errors++;
        snprintf(j->last, sizeof j->last, "%s", d->message);
    }
}

static void *render(void *ud)
{
    job *j = ud;
    np_render_options o;
    np_render_options_init(&o);
    o.limits = &j->limits;
    o.diag = count_errors;
    o.diag_ud = j;
    j->rc = np_render_memory(j->engine, j->name, j->doc.p, j->doc.len, &o,
                             discard, NULL);
    return NULL;
}

/* Renders on a thread with `stack`; returns the bytes of it that are
 * resident afterwards, from the lowest page touched to the top. */
static size_t run_on(job *j, void *stack)
{
    pthread_attr_t attr;
    pthread_t thread;
    pthread_attr_init(&attr);
    pthread_attr_setstack(&attr, stack, THREAD_STACK);
    int err = pthread_create(&thread, &attr, render, j);
    pthread_attr_destroy(&attr);
    if (err)
        return 0;
    pthread_join(thread, NULL);
    size_t page = (size_t)sysconf(_SC_PAGESIZE), pages = THREAD_STACK / page;
    unsigned char *resident = malloc(pages);
    if (!resident || mincore(stack, THREAD_STACK, resident) != 0) {
        free(resident);
        return 0;
    }
    size_t first = 0;
    while (first < pages && !(resident[first] & 1))
        first++;
    free(resident);
    return (pages - first) * page;
}

/* Runs the job on a stack of fresh pages; returns the bytes of it the
 * render touched, or 0 when it could not be measured. One page per
 * fault: no transparent huge pages there. */
static size_t measured(job *j)
{
    void *stack = mmap(NULL, THREAD_STACK, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (stack == MAP_FAILED)
        return 0;
    madvise(stack, THREAD_STACK, MADV_NOHUGEPAGE);
    size_t used = run_on(j, stack);
    munmap(stack, THREAD_STACK);
    return used;
}

static void run_case(np_engine *e, const nesting *c, unsigned depth,
                     size_t budget)
{
    job j = { .engine = e, .name = c->name, .doc = deepest(c, depth) };
    np_limits_init(&j.limits);
    j.limits.depth = depth;
    j.limits.list_depth = depth;
    size_t used = measured(&j);
    printf("deep: %-20s %5u levels: %4zu KiB of stack\n", c->name, depth,
           (used + 1023) / 1024);
    CHECK(used > 0);
    CHECK(used < budget);
    CHECK(j.rc == 0);
    CHECK(j.errors == 0);
    if (j.errors)
        fprintf(stderr, "%s: %s\n", c->name, j.last);
    free(j.doc.p);
}

/* One level past the default depth is refused. */
static void test_refused(np_engine *e)
{
    job j = { .engine = e, .name = "past the limit",
              .doc = deepest(&cases[2], 2501) };
    np_limits_init(&j.limits);
    measured(&j);
    CHECK(j.rc == 1);
    CHECK(j.errors == 1);
    CHECK(strstr(j.last, "(limit depth)") != NULL);
    free(j.doc.p);
}

int main(void)
{
    np_engine *e = np_engine_new(NULL);
    CHECK(e != NULL);
    if (!e)
        return unit_done("deep");
    np_limits defaults;
    np_limits_init(&defaults);
    CHECK(defaults.depth == 2500);
    CHECK(defaults.list_depth == 1000);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(e, &cases[i], defaults.depth, STACK_BUDGET);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(e, &cases[i], MAX_DEPTH, STACK_BUDGET_MAX);
    test_refused(e);
    np_engine_free(e);
    return unit_done("deep");
}
