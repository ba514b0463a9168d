/*
 * linebreak_check.h - paragraphs built by hand or at random for the
 * line-breaker tests, and a measure of the result of their own.
 *
 * The measuring and costing code does not reuse the prefix sums or the
 * helpers of linebreak.c, so that the tests compare the breakers with
 * an independent reckoning: valid lines, TeX's costs, an exhaustive
 * search for small paragraphs, the lines the final pass rescues.
 * Shared by test_linebreak.c and test_linebreak_random.c; its functions
 * are static inline so that each test takes only what it uses.
 */
#ifndef NP_TEST_LINEBREAK_CHECK_H
#define NP_TEST_LINEBREAK_CHECK_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "typesetting/linebreak.h"
#include "unit.h"

/* The tolerance of the breaker's second pass (linebreak.c). */
#define RETRY_FOR_TEST 4.64

/* ---- building paragraphs ---------------------------------------------- */

typedef struct builder {
    np_item *items;
    size_t n, cap;
} builder;

static inline void put(builder *b, np_item it)
{
    if (b->n == b->cap) {
        b->cap = b->cap ? 2 * b->cap : 64;
        b->items = realloc(b->items, b->cap * sizeof *b->items);
        if (!b->items) {
            fprintf(stderr, "test_linebreak: out of memory\n");
            exit(2);
        }
    }
    b->items[b->n++] = it;
}

static inline void box(builder *b, double w)
{
    put(b, (np_item){ .type = NP_BOX, .width = w });
}

static inline void glue(builder *b, double w, double st, double sh)
{
    put(b, (np_item){ .type = NP_GLUE, .width = w, .stretch = st, .shrink = sh });
}

static inline void penalty(builder *b, double w, int p, bool flagged)
{
    put(b, (np_item){ .type = NP_PENALTY, .width = w, .penalty = p,
                      .flagged = flagged });
}

/* TeX's paragraph end: no break before the filling glue, then a forced
 * break. */
static inline void finish(builder *b)
{
    penalty(b, 0, NP_PENALTY_INF, false);
    glue(b, 0, NP_STRETCH_FIL, 0);
    penalty(b, 0, -NP_PENALTY_INF, false);
}

/* Words of the given widths separated by glue 6 / stretch 3 / shrink 2. */
static inline void words(builder *b, const double *w, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            glue(b, 6, 3, 2);
        box(b, w[i]);
    }
}

static inline double fixed_width(void *ud, size_t line)
{
    (void)line;
    return *(const double *)ud;
}

/* widths[i] for the first lines, the last entry for all later ones. */
typedef struct shape {
    const double *widths;
    size_t count;
} shape;

static inline double shape_width(void *ud, size_t line)
{
    const shape *s = ud;
    return s->widths[line < s->count ? line : s->count - 1];
}

static inline uint64_t rng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static inline double rng_range(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * (double)(rng_next(state) >> 11) / 9007199254740992.0;
}

/* Words 10..60 pt with real spaces (2.5 / 1.25 / 0.8); a third of the
 * words have a hyphenation point (hyphen 3.5 pt, penalty 50). */
static inline void random_words(builder *b, uint64_t *rng, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            glue(b, 2.5, 1.25, 0.8);
        double w = rng_range(rng, 10, 60);
        if (rng_next(rng) % 3 == 0) {
            double cut = rng_range(rng, 5, w - 5);
            box(b, cut);
            penalty(b, 3.5, 50, true);
            box(b, w - cut);
        } else {
            box(b, w);
        }
    }
}

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- an independent measure of the result ----------------------------- */

static inline bool t_forced(const np_item *it, size_t n, size_t i)
{
    return i >= n || (it[i].type == NP_PENALTY && it[i].penalty <= -NP_PENALTY_INF);
}

static inline bool t_legal(const np_item *it, size_t n, size_t i)
{
    if (i >= n)
        return false;
    if (it[i].type == NP_PENALTY)
        return it[i].penalty < NP_PENALTY_INF;
    return it[i].type == NP_GLUE && i > 0 && it[i - 1].type == NP_BOX;
}

static inline size_t t_start_after(const np_item *it, size_t n, size_t end)
{
    size_t j = end + 1;
    while (j < n && it[j].type != NP_BOX)
        j++;
    return j;
}

/* What a line holds, summed item by item. */
typedef struct t_sum {
    double nat, st, sh;
    bool fil;
} t_sum;

static inline void t_add(t_sum *m, const np_item *it)
{
    if (it->type == NP_PENALTY)
        return;
    m->nat += it->width;
    if (it->type == NP_GLUE) {
        m->fil |= it->stretch >= NP_STRETCH_FIL;
        m->st += it->stretch < NP_STRETCH_FIL ? it->stretch : 0;
        m->sh += it->shrink;
    }
}

/* The adjustment ratio of a line holding m, ending at item `end`. */
static inline double t_ratio_of(const t_sum *m, const np_item *it, size_t n,
                                size_t end, double width)
{
    double nat = m->nat;
    if (end < n && it[end].type == NP_PENALTY)
        nat += it[end].width;
    double gap = width - nat;
    if (fabs(gap) < 1e-9)
        return 0;
    if (gap > 0)
        return m->fil ? 0 : m->st > 0 ? gap / m->st : INFINITY;
    return m->sh > 0 ? gap / m->sh : -INFINITY;
}

/* The adjustment ratio of items[start..end); an empty line is as set. */
static inline double t_ratio(const np_item *it, size_t n, size_t start, size_t end,
                             double width)
{
    t_sum m = { 0, 0, 0, false };
    for (size_t i = start; i < end; i++)
        t_add(&m, &it[i]);
    return start >= end ? 0 : t_ratio_of(&m, it, n, end, width);
}

typedef struct t_cost {
    double total;
    double max_ratio;           /* largest |ratio| over the lines */
    int max_run;                /* most hyphenated lines in a row */
    bool feasible;              /* every ratio within [-1, tolerance] */
} t_cost;

/* One line's demerits as TeX counts them, given the line before it
 * (its fitness class and the hyphenated lines in a row up to it);
 * *fit gets this line's class. */
static inline double t_line(const np_lb_params *pp, double r, const np_item *end,
                            int prev_fit, int run, int *fit)
{
    double b = fmin(100 * fabs(r) * fabs(r) * fabs(r), 10000);
    double p = end->type == NP_PENALTY ? end->penalty : 0;
    bool flag = end->type == NP_PENALTY && end->flagged;
    *fit = r > 0 && b > 99 ? 0 : r > 0 && b > 12 ? 1 : r < 0 && b > 12 ? 3 : 2;
    double d = (pp->line_penalty + b) * (pp->line_penalty + b);
    d += p >= 0 ? p * p : p > -NP_PENALTY_INF ? -p * p : 0;
    d += run > 0 && flag ? pp->flagged_demerits : 0;
    d += abs(*fit - prev_fit) > 1 ? pp->fitness_demerits : 0;
    return d;
}

static inline bool t_flagged(const np_item *it)
{
    return it->type == NP_PENALTY && it->flagged;
}

/* The demerits of a set of lines, and what else the tests look at. */
static inline t_cost t_demerits(const np_item *it, size_t n, const size_t *ends,
                                size_t count, np_line_width_fn wf, void *ud,
                                const np_lb_params *pp)
{
    t_cost c = { 0, 0, 0, true };
    int prev_fit = 2, run = 0;
    size_t start = 0;
    for (size_t i = 0; i < count; i++) {
        double r = t_ratio(it, n, start, ends[i], wf(ud, i));
        c.total += t_line(pp, r, &it[ends[i]], prev_fit, run, &prev_fit);
        c.feasible &= r >= -1 && r <= pp->tolerance;
        c.max_ratio = fmax(c.max_ratio, isinf(r) ? 1e9 : fabs(r));
        run = t_flagged(&it[ends[i]]) ? run + 1 : 0;
        c.max_run = run > c.max_run ? run : c.max_run;
        start = t_start_after(it, n, ends[i]);
    }
    return c;
}

static inline t_cost cost_of(const np_item *it, size_t n, const np_line_break *l,
                             size_t count, np_line_width_fn wf, void *ud,
                             const np_lb_params *pp)
{
    size_t *ends = malloc((count + 1) * sizeof *ends);
    for (size_t i = 0; i < count; i++)
        ends[i] = l[i].end;
    t_cost c = t_demerits(it, n, ends, count, wf, ud, pp);
    free(ends);
    return c;
}

/* Whether the lines are a valid breaking: ends are legal breaks in
 * order, every forced break ends a line, starts skip glue and
 * penalties, lines are empty only at a forced break, and the ratios and
 * flags agree with an independent measure. */
static inline bool valid_lines(const np_item *it, size_t n, const np_line_break *l,
                               size_t count, np_line_width_fn wf, void *ud)
{
    size_t start = 0, next_forced = 0;
    for (size_t i = 0; i < count; i++) {
        while (next_forced < n && !t_forced(it, n, next_forced))
            next_forced++;
        size_t want_start = start < l[i].end ? start : l[i].end;
        if (l[i].start != want_start || !t_legal(it, n, l[i].end)
            || l[i].end > next_forced
            || (l[i].start == l[i].end && !t_forced(it, n, l[i].end)))
            return false;
        double r = t_ratio(it, n, l[i].start, l[i].end, wf(ud, i));
        bool over = r < -1;
        double shown = over ? -1 : isinf(r) ? 0 : r;
        bool flag = it[l[i].end].type == NP_PENALTY && it[l[i].end].flagged;
        if (l[i].overfull != over || fabs(l[i].ratio - shown) > 1e-6
            || l[i].hyphenated != flag)
            return false;
        if (l[i].end == next_forced)
            next_forced++;
        start = t_start_after(it, n, l[i].end);
    }
    return count > 0 && l[count - 1].end == n - 1;
}

/* ---- exhaustive search ------------------------------------------------ */

/* The state of an exhaustive search: every chain of lines within the
 * tolerance, tried one line at a time. */
typedef struct xsearch {
    const np_item *it;
    size_t n;
    np_line_width_fn wf;
    void *ud;
    const np_lb_params *pp;
    double best;
    long budget;                /* lines left to try before giving up */
} xsearch;

/* Where a chain of lines has got to. */
typedef struct xstate {
    size_t count;               /* lines so far */
    size_t from;                /* first item after the last break */
    size_t start;               /* first item of the next line */
    double total;
    int fit, run;               /* of the last line */
} xstate;

static inline bool x_run_ok(const xsearch *x, int run)
{
    return x->pp->max_consecutive_flagged <= 0
           || run <= x->pp->max_consecutive_flagged;
}

static inline void x_lines(xsearch *x, xstate at);

/* Ends the next line at b with ratio r and goes on from there. */
static inline void x_take(xsearch *x, xstate at, size_t b, double r)
{
    const np_item *end = &x->it[b];
    xstate next = { at.count + 1, b + 1, t_start_after(x->it, x->n, b),
                    at.total, 0, t_flagged(end) ? at.run + 1 : 0 };
    next.total += t_line(x->pp, r, end, at.fit, at.run, &next.fit);
    if (!x_run_ok(x, next.run))
        return;
    if (b == x->n - 1)
        x->best = fmin(x->best, next.total);
    else
        x_lines(x, next);
}

/* Tries every end for the next line; a line is never empty unless a
 * forced break makes it so. It stops once the line holds more than fits
 * shrunk: every item of the generators here is at least as wide as it
 * shrinks. */
static inline void x_lines(xsearch *x, xstate at)
{
    double width = x->wf(x->ud, at.count);
    t_sum m = { 0, 0, 0, false };
    for (size_t b = at.from; b < x->n && x->budget > 0; b++) {
        bool forced = t_forced(x->it, x->n, b);
        if (m.nat - m.sh > width + 1e-9)
            return;
        if (t_legal(x->it, x->n, b) && (b > at.start || forced)) {
            double r = b > at.start ? t_ratio_of(&m, x->it, x->n, b, width) : 0;
            x->budget--;
            if (r >= -1 && r <= x->pp->tolerance)
                x_take(x, at, b, r);
            if (forced)
                return;
        }
        if (b >= at.start)
            t_add(&m, &x->it[b]);
    }
}

/* The least demerits over every set of breaks with all ratios within
 * the tolerance and no run of hyphens over the limit; INFINITY when
 * there is none, NAN when there are too many sets to try. */
static inline double exhaustive(const np_item *it, size_t n, np_line_width_fn wf,
                                void *ud, const np_lb_params *pp)
{
    xsearch x = { .it = it, .n = n, .wf = wf, .ud = ud, .pp = pp,
                  .best = INFINITY, .budget = 20000 };
    xstate at = { 0, 0, 0, 0, 2, 0 };
    x_lines(&x, at);
    return x.budget > 0 ? x.best : NAN;
}

/* The exhaustive optimum under the first tolerance of the breaker's
 * passes that allows any answer; *tol says which. INFINITY when neither
 * does: the breaker then rescues (see test_rescue). */
static inline double exhaustive_first(const np_item *it, size_t n,
                                      np_line_width_fn wf, void *ud,
                                      const np_lb_params *params, double *tol)
{
    np_lb_params pp = *params;
    const double tols[2] = { pp.tolerance, fmax(pp.tolerance, RETRY_FOR_TEST) };
    double best = INFINITY;
    for (int pass = 0; pass < 2 && isinf(best); pass++) {
        pp.tolerance = tols[pass];
        best = exhaustive(it, n, wf, ud, &pp);
        *tol = tols[pass];
    }
    return best;
}

/* ---- lines the final pass rescues ------------------------------------- */

/* Whether line i is past the second pass: set by rescue(), whatever it
 * costs. */
static inline bool t_rescued(const np_line_break *l)
{
    return l->overfull || l->ratio > RETRY_FOR_TEST + 1e-9;
}

/* Whether the line from `start` to `end` holds all it can: it ends at a
 * forced break, or at the next break between words it would be
 * overfull. */
static inline bool t_full(const np_item *it, size_t n, size_t start, size_t end,
                          double width)
{
    if (t_forced(it, n, end))
        return true;
    for (size_t j = end + 1; j < n; j++) {
        if (t_forced(it, n, j))
            return true;
        if (it[j].type == NP_GLUE && it[j - 1].type == NP_BOX)
            return t_ratio(it, n, start, j, width) < -1;
    }
    return true;
}

/* What rescue() promises: every line past the second pass holds as much
 * as first-fit would put on it (it is overfull only when its first word
 * alone is), and the lines after the last of them are the exhaustive
 * optimum of what is left, from the state that line leaves. */
static inline bool rescues_fit(const np_item *it, size_t n, const np_line_break *l,
                               size_t count, np_line_width_fn wf, void *ud,
                               const np_lb_params *params)
{
    size_t last = count;
    int run = 0, run_at_last = 0;
    for (size_t i = 0; i < count; i++) {
        run = t_flagged(&it[l[i].end]) ? run + 1 : 0;
        if (!t_rescued(&l[i]))
            continue;
        if (!t_full(it, n, l[i].start, l[i].end, wf(ud, i)))
            return false;
        last = i;
        run_at_last = run;
    }
    if (last == count || last + 1 == count)
        return true;
    np_lb_params pp = *params;
    pp.tolerance = fmax(pp.tolerance, RETRY_FOR_TEST);
    xsearch x = { .it = it, .n = n, .wf = wf, .ud = ud, .pp = &pp,
                  .best = INFINITY, .budget = 20000 };
    int fit = l[last].ratio > 0 ? 0 : l[last].ratio < 0 ? 3 : 2;
    xstate at = { last + 1, l[last].end + 1, t_start_after(it, n, l[last].end),
                  0, fit, run_at_last };
    x_lines(&x, at);
    if (x.budget <= 0)
        return true;            /* too many to try: nothing to compare */
    double got = 0;
    int prev_fit = fit;
    run = run_at_last;
    for (size_t i = last + 1; i < count; i++) {
        double r = t_ratio(it, n, l[i].start, l[i].end, wf(ud, i));
        got += t_line(&pp, r, &it[l[i].end], prev_fit, run, &prev_fit);
        run = t_flagged(&it[l[i].end]) ? run + 1 : 0;
    }
    return fabs(got - x.best) <= 1e-6 * fmax(1, fabs(x.best));
}

#endif
