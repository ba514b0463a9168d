/*
 * test_linebreak.c - unit tests for the line breakers (linebreak.c).
 *
 * Hand-built paragraphs with known breaks, then properties checked with
 * measuring and costing code of its own (it does not reuse the prefix
 * sums or helpers of linebreak.c): every result is a valid set of lines,
 * total-fit matches an exhaustive search on small paragraphs and never
 * costs more than first-fit, and large or hostile paragraphs finish
 * quickly. Timings are printed, not golden.
 */
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

static void put(builder *b, np_item it)
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

static void box(builder *b, double w)
{
    put(b, (np_item){ .type = NP_BOX, .width = w });
}

static void glue(builder *b, double w, double st, double sh)
{
    put(b, (np_item){ .type = NP_GLUE, .width = w, .stretch = st, .shrink = sh });
}

static void penalty(builder *b, double w, int p, bool flagged)
{
    put(b, (np_item){ .type = NP_PENALTY, .width = w, .penalty = p,
                      .flagged = flagged });
}

/* TeX's paragraph end: no break before the filling glue, then a forced
 * break. */
static void finish(builder *b)
{
    penalty(b, 0, NP_PENALTY_INF, false);
    glue(b, 0, NP_STRETCH_FIL, 0);
    penalty(b, 0, -NP_PENALTY_INF, false);
}

/* Words of the given widths separated by glue 6 / stretch 3 / shrink 2. */
static void words(builder *b, const double *w, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (i > 0)
            glue(b, 6, 3, 2);
        box(b, w[i]);
    }
}

static double fixed_width(void *ud, size_t line)
{
    (void)line;
    return *(const double *)ud;
}

/* widths[i] for the first lines, the last entry for all later ones. */
typedef struct shape {
    const double *widths;
    size_t count;
} shape;

static double shape_width(void *ud, size_t line)
{
    const shape *s = ud;
    return s->widths[line < s->count ? line : s->count - 1];
}

static uint64_t rng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

static double rng_range(uint64_t *state, double lo, double hi)
{
    return lo + (hi - lo) * (double)(rng_next(state) >> 11) / 9007199254740992.0;
}

/* Words 10..60 pt with real spaces (2.5 / 1.25 / 0.8); a third of the
 * words have a hyphenation point (hyphen 3.5 pt, penalty 50). */
static void random_words(builder *b, uint64_t *rng, size_t count)
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

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- an independent measure of the result ----------------------------- */

static bool t_forced(const np_item *it, size_t n, size_t i)
{
    return i >= n || (it[i].type == NP_PENALTY && it[i].penalty <= -NP_PENALTY_INF);
}

static bool t_legal(const np_item *it, size_t n, size_t i)
{
    if (i >= n)
        return false;
    if (it[i].type == NP_PENALTY)
        return it[i].penalty < NP_PENALTY_INF;
    return it[i].type == NP_GLUE && i > 0 && it[i - 1].type == NP_BOX;
}

static size_t t_start_after(const np_item *it, size_t n, size_t end)
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

static void t_add(t_sum *m, const np_item *it)
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
static double t_ratio_of(const t_sum *m, const np_item *it, size_t n,
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
static double t_ratio(const np_item *it, size_t n, size_t start, size_t end,
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
static double t_line(const np_lb_params *pp, double r, const np_item *end,
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

static bool t_flagged(const np_item *it)
{
    return it->type == NP_PENALTY && it->flagged;
}

/* The demerits of a set of lines, and what else the tests look at. */
static t_cost t_demerits(const np_item *it, size_t n, const size_t *ends,
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

static t_cost cost_of(const np_item *it, size_t n, const np_line_break *l,
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
static bool valid_lines(const np_item *it, size_t n, const np_line_break *l,
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

static bool x_run_ok(const xsearch *x, int run)
{
    return x->pp->max_consecutive_flagged <= 0
           || run <= x->pp->max_consecutive_flagged;
}

static void x_lines(xsearch *x, xstate at);

/* Ends the next line at b with ratio r and goes on from there. */
static void x_take(xsearch *x, xstate at, size_t b, double r)
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
static void x_lines(xsearch *x, xstate at)
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
static double exhaustive(const np_item *it, size_t n, np_line_width_fn wf,
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
static double exhaustive_first(const np_item *it, size_t n,
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
static bool t_rescued(const np_line_break *l)
{
    return l->overfull || l->ratio > RETRY_FOR_TEST + 1e-9;
}

/* Whether the line from `start` to `end` holds all it can: it ends at a
 * forced break, or at the next break between words it would be
 * overfull. */
static bool t_full(const np_item *it, size_t n, size_t start, size_t end,
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
static bool rescues_fit(const np_item *it, size_t n, const np_line_break *l,
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

/* ---- hand-built paragraphs -------------------------------------------- */

/* Breaks b at `width` with TeX's costs, total-fit into opt and first-fit
 * into gr (max lines each); returns total-fit's count, *ng first-fit's. */
static long break_both(const builder *b, double width, np_line_break *opt,
                       np_line_break *gr, size_t max, long *ng)
{
    np_lb_params pp;
    np_lb_params_default(&pp);
    *ng = np_linebreak_greedy(b->items, b->n, fixed_width, &width, &pp,
                              NULL, gr, max);
    return np_linebreak_optimal(b->items, b->n, fixed_width, &width, &pp,
                                NULL, opt, max);
}

/* A short paragraph where first-fit packs the first line and leaves the
 * second very loose; total-fit moves a word down and balances them.
 * Width 100, glue 6/3/2. Word k sits at item 2k, the glue after it at
 * 2k+1.
 *   first-fit: 37 17 13 8 8 | 22 30 20 | 34
 *     107 pt shrunk by 7 of 8: -0.875; 84 pt stretched 16 of 6: 2.67
 *   total-fit: 37 17 13 8 | 8 22 30 20 | 34
 *     93 pt: 7 of 9 = 0.78; 98 pt: 2 of 9 = 0.22 */
static void test_classic(void)
{
    static const double w[] = { 37, 17, 13, 8, 8, 22, 30, 20, 34 };
    builder b = { 0 };
    words(&b, w, 9);
    finish(&b);
    double width = 100;
    np_lb_params pp;
    np_lb_params_default(&pp);
    np_line_break opt[8], gr[8];
    long ng, no = break_both(&b, width, opt, gr, 8, &ng);
    CHECK(no == 3);
    CHECK(ng == 3);
    if (no == 3 && ng == 3) {
        CHECK(opt[0].end == 7 && opt[1].end == 15 && opt[2].end == 19);
        CHECK(opt[1].start == 8 && opt[2].start == 16);
        CHECK(gr[0].end == 9 && gr[1].end == 15 && gr[2].end == 19);
        CHECK_NEAR(opt[0].ratio, 7.0 / 9, 1e-9);
        CHECK_NEAR(opt[1].ratio, 2.0 / 9, 1e-9);
        CHECK_NEAR(opt[2].ratio, 0, 1e-9);
        CHECK_NEAR(gr[0].ratio, -0.875, 1e-9);
        CHECK_NEAR(gr[1].ratio, 16.0 / 6, 1e-9);
        t_cost co = cost_of(b.items, b.n, opt, 3, fixed_width, &width, &pp);
        t_cost cg = cost_of(b.items, b.n, gr, 3, fixed_width, &width, &pp);
        CHECK(co.max_ratio < cg.max_ratio);
        CHECK(co.total < cg.total);
        CHECK(valid_lines(b.items, b.n, opt, 3, fixed_width, &width));
        CHECK(valid_lines(b.items, b.n, gr, 3, fixed_width, &width));
        CHECK_NEAR(co.total, exhaustive(b.items, b.n, fixed_width, &width, &pp),
                   1e-6);
    }
    free(b.items);
}

/* A forced break in mid-paragraph ends a line there, whatever the cost,
 * and the next line starts at the next box. */
static void test_forced(void)
{
    static const double w[] = { 20, 20 };
    builder b = { 0 };
    words(&b, w, 2);            /* items 0..2 */
    finish(&b);                 /* 3..5, forced at 5 */
    words(&b, w, 2);            /* 6..8 */
    finish(&b);                 /* 9..11 */
    double width = 100;
    np_line_break l[4];
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                  NULL, l, 4);
    CHECK(n == 2);
    if (n == 2) {
        CHECK(l[0].start == 0 && l[0].end == 5);
        CHECK(l[1].start == 6 && l[1].end == 11);
        CHECK(l[0].ratio == 0 && l[1].ratio == 0);
    }
    n = np_linebreak_greedy(b.items, b.n, fixed_width, &width, NULL, NULL, l, 4);
    CHECK(n == 2 && l[0].end == 5 && l[1].end == 11);
    free(b.items);
}

/* Two forced breaks in a row make an empty line, set as it is. */
static void test_empty_line(void)
{
    builder b = { 0 };
    box(&b, 30);
    penalty(&b, 0, -NP_PENALTY_INF, false);
    penalty(&b, 0, -NP_PENALTY_INF, false);
    box(&b, 30);
    finish(&b);
    double width = 100;
    np_line_break l[4];
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                  NULL, l, 4);
    CHECK(n == 3);
    if (n == 3) {
        CHECK(l[1].start == 2 && l[1].end == 2 && l[1].ratio == 0);
        CHECK(valid_lines(b.items, b.n, l, 3, fixed_width, &width));
    }
    free(b.items);
}

/* Hyphens fit perfectly at the end of four lines in a row; breaking
 * between words instead stretches a line to a ratio of 5 or more.
 * Without a limit all four lines end hyphenated; with the limit of 2 no
 * three in a row do, and the result is still the cheapest allowed. */
static void hyphen_ladder(builder *b)
{
    for (int line = 0; line < 4; line++) {
        if (line > 0) {
            box(b, 12);         /* end of the word cut on the line before */
            glue(b, 6, 3, 2);
        }
        box(b, 30);
        glue(b, 6, 3, 2);
        box(b, line > 0 ? 12 : 30);
        glue(b, 6, 3, 2);
        box(b, 24);
        penalty(b, 4, 50, true);
    }
    box(b, 12);
    finish(b);
}

static void test_hyphen_limit(void)
{
    builder b = { 0 };
    hyphen_ladder(&b);
    double width = 100;
    np_lb_params pp;
    np_lb_params_default(&pp);
    np_line_break l[16];

    pp.max_consecutive_flagged = 0;
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, &pp,
                                  NULL, l, 16);
    t_cost c = cost_of(b.items, b.n, l, n > 0 && n <= 16 ? n : 0,
                       fixed_width, &width, &pp);
    CHECK(n == 5 && c.max_run == 4);

    pp.max_consecutive_flagged = 2;
    n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, &pp, NULL, l, 16);
    c = cost_of(b.items, b.n, l, n > 0 && n <= 16 ? n : 0, fixed_width,
                &width, &pp);
    CHECK(n > 0 && c.max_run <= 2);
    CHECK(n > 0 && valid_lines(b.items, b.n, l, n, fixed_width, &width));
    /* The third line breaks between words instead (66 pt stretched by 34
     * of 6, past the second pass: where first-fit ends it); the fourth,
     * from the whole cut word, stretches 10 of 6. */
    CHECK(n == 5 && l[0].end == 5 && l[1].end == 13 && l[2].end == 19
          && l[3].end == 27 && l[4].end == 33);
    CHECK(n == 5 && l[2].start == 14 && !l[2].hyphenated);
    CHECK(n == 5 && fabs(l[2].ratio - 34.0 / 6) < 1e-9
          && fabs(l[3].ratio - 10.0 / 6) < 1e-9);
    double tol;
    double best = exhaustive_first(b.items, b.n, fixed_width, &width, &pp, &tol);
    CHECK(isinf(best));         /* nothing fits either pass */
    CHECK(n == 5 && rescues_fit(b.items, b.n, l, n, fixed_width, &width, &pp));

    n = np_linebreak_greedy(b.items, b.n, fixed_width, &width, &pp, NULL, l, 16);
    c = cost_of(b.items, b.n, l, n > 0 && n <= 16 ? n : 0, fixed_width,
                &width, &pp);
    CHECK(n > 0 && c.max_run <= 2);
    CHECK(n > 0 && valid_lines(b.items, b.n, l, n, fixed_width, &width));
    free(b.items);
}

/* A hyphen too wide for the line does not stop either breaker: the
 * whole word, without its hyphen, still fits (96 pt of 100; cut, it
 * takes 104 pt, 102 shrunk). */
static void test_hyphen_too_wide(void)
{
    builder b = { 0 };
    box(&b, 40);
    glue(&b, 6, 3, 2);
    box(&b, 44);
    penalty(&b, 14, 50, true);
    box(&b, 6);                 /* item 4 */
    glue(&b, 6, 3, 2);
    box(&b, 30);
    finish(&b);
    double width = 100;
    np_line_break l[4];
    long n = np_linebreak_greedy(b.items, b.n, fixed_width, &width, NULL,
                                 NULL, l, 4);
    CHECK(n == 2 && l[0].end == 5 && l[1].start == 6);
    n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL, NULL,
                             l, 4);
    CHECK(n == 2 && l[0].end == 5 && l[1].start == 6);
    free(b.items);
}

/* A line that nothing can fill: two short symbols and a word, then one
 * too long to join them (as "ECE/TRANS/WP.29/2021/151, ...2023/43, and"
 * before "ECE/TRANS/WP.29/2024/33"). First-fit sets "a b c d" decent
 * (2 of 9: 0.22) and "X Y and" loose (66 of 6: 11). No set of breaks
 * fits the second pass: "a b c" needs 4.67. A pass allowing ratio 10
 * chose "a b c" | "d X Y and" (4.67, 4.44), two loose lines of words
 * for one of symbols; the rescue leaves the gap where it cannot be
 * helped, as first-fit and the real page do. */
static void test_unfillable_line(void)
{
    static const double w[] = { 20, 20, 20, 20, 10, 10, 2, 90 };
    builder b = { 0 };
    words(&b, w, 8);
    finish(&b);
    double width = 100;
    np_lb_params pp;
    np_lb_params_default(&pp);
    np_line_break opt[4], gr[4];
    long ng, no = break_both(&b, width, opt, gr, 4, &ng);
    CHECK(no == 3 && ng == 3);
    if (no == 3 && ng == 3) {
        for (int i = 0; i < 3; i++)
            CHECK(opt[i].end == gr[i].end);
        CHECK(opt[0].end == 7 && opt[1].end == 13);
        CHECK_NEAR(opt[0].ratio, 2.0 / 9, 1e-9);
        CHECK_NEAR(opt[1].ratio, 11, 1e-9);
        CHECK(valid_lines(b.items, b.n, opt, 3, fixed_width, &width));
        CHECK(rescues_fit(b.items, b.n, opt, 3, fixed_width, &width, &pp));
    }
    double tol;
    CHECK(isinf(exhaustive_first(b.items, b.n, fixed_width, &width, &pp, &tol)));
    free(b.items);
}

/* A box wider than the line goes alone on an overfull line. */
static void test_overfull(void)
{
    static const double w[] = { 30, 150, 30 };
    builder b = { 0 };
    words(&b, w, 3);
    finish(&b);
    double width = 100;
    np_line_break l[4];
    long (*breakers[2])(const np_item *, size_t, np_line_width_fn, void *,
                        const np_lb_params *, const np_allocator *,
                        np_line_break *, size_t) = {
        np_linebreak_optimal, np_linebreak_greedy
    };
    for (int k = 0; k < 2; k++) {
        long n = breakers[k](b.items, b.n, fixed_width, &width, NULL, NULL, l, 4);
        CHECK(n == 3);
        if (n != 3)
            continue;
        CHECK(l[0].end == 1 && !l[0].overfull);
        CHECK(l[1].start == 2 && l[1].end == 3 && l[1].overfull);
        CHECK(l[1].ratio == -1);
        CHECK(l[2].start == 4 && !l[2].overfull);
        CHECK(valid_lines(b.items, b.n, l, 3, fixed_width, &width));
    }
    free(b.items);
}

/* After an overfull line, total-fit goes on choosing: the words of
 * test_classic, after a box too wide for the line, break as they do
 * there (item numbers shifted by two), not as first-fit has them. */
static void test_overfull_then_total_fit(void)
{
    static const double w[] = { 150, 37, 17, 13, 8, 8, 22, 30, 20, 34 };
    builder b = { 0 };
    words(&b, w, 10);
    finish(&b);
    double width = 100;
    np_line_break l[8];
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                  NULL, l, 8);
    CHECK(n == 4);
    CHECK(n == 4 && l[0].end == 1 && l[0].overfull);
    CHECK(n == 4 && l[1].end == 9 && l[2].end == 17 && l[3].end == 21);
    CHECK(n == 4 && !l[1].overfull && !l[2].overfull && !l[3].overfull);
    free(b.items);
}

/* A narrower first line (a hanging number): 20 pt words, glue 6/3/2;
 * three words fill 72 pt exactly, four fill 98 pt. */
static void test_first_line(void)
{
    static const double w[] = { 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20 };
    static const double widths[] = { 72, 98 };
    shape sh = { widths, 2 };
    builder b = { 0 };
    words(&b, w, 11);
    finish(&b);
    np_line_break l[8];
    long n = np_linebreak_optimal(b.items, b.n, shape_width, &sh, NULL, NULL,
                                  l, 8);
    CHECK(n == 3);
    if (n == 3) {
        CHECK(l[0].end == 5 && l[1].end == 13 && l[2].end == b.n - 1);
        CHECK(l[0].ratio == 0 && l[1].ratio == 0 && l[2].ratio == 0);
    }
    /* With the wide measure throughout, four words go on the first line. */
    double width = 98;
    n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL, NULL, l, 8);
    CHECK(n == 3 && l[0].end == 7);
    free(b.items);
}

/* A narrow second line between wide ones, as beside a float. The best
 * second line starts after a long first line; a break one word later,
 * after a short first line, is too loose for the wide first measure but
 * must still be tried for the narrow second one. Widths are 186, 51,
 * then 121. */
#define BOX(w) { .type = NP_BOX, .width = (w) }
#define GLUE(w, st, sh) { .type = NP_GLUE, .width = (w), .stretch = (st), .shrink = (sh) }
#define HYPHEN(w, p) { .type = NP_PENALTY, .width = (w), .penalty = (p), .flagged = true }

static void test_narrow_second_line(void)
{
    static const np_item text[] = {
        BOX(42.36), GLUE(6.90, 1.47, 1.53), BOX(21.25), GLUE(3.65, 3.44, 1.12),
        BOX(21.95), GLUE(6.33, 2.34, 0.79),
        BOX(12.38), HYPHEN(2.04, 84), BOX(5.67), GLUE(6.70, 1.52, 1.17),
        BOX(26.52), HYPHEN(0.15, 211), BOX(10.31),
        GLUE(7.09, 2.46, 2.46),                         /* item 13 */
        BOX(20.42), GLUE(6.80, 2.42, 1.03), BOX(17.43),
        GLUE(5.65, 3.44, 1.77),                         /* item 17 */
        BOX(34.06), HYPHEN(3.97, 0), BOX(14.99), GLUE(4.05, 1.52, 1.91),
        BOX(8.97), GLUE(4.73, 3.99, 0.77), BOX(37.33),
    };
    static const double widths[] = { 186, 51, 121 };
    shape sh = { widths, 3 };
    builder b = { 0 };
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++)
        put(&b, text[i]);
    finish(&b);                 /* forced at 27 */
    np_lb_params pp;
    np_lb_params_default(&pp);
    np_line_break l[8];
    long n = np_linebreak_optimal(b.items, b.n, shape_width, &sh, &pp, NULL,
                                  l, 8);
    CHECK(n == 3 && l[0].end == 13 && l[1].end == 17 && l[2].end == 27);
    double tol, best = exhaustive_first(b.items, b.n, shape_width, &sh, &pp, &tol);
    pp.tolerance = tol;
    t_cost c = cost_of(b.items, b.n, l, n > 0 && n <= 8 ? n : 0, shape_width,
                       &sh, &pp);
    CHECK_NEAR(c.total, best, 1e-6 * best);
    free(b.items);
}

static void test_single_word(void)
{
    builder b = { 0 };
    box(&b, 50);
    finish(&b);
    double width = 100;
    np_line_break l[2];
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                  NULL, l, 2);
    CHECK(n == 1);
    CHECK(n == 1 && l[0].start == 0 && l[0].end == 3 && l[0].ratio == 0);
    CHECK(n == 1 && !l[0].hyphenated && !l[0].overfull);

    b.items[0].width = 150;     /* wider than the line: overfull, alone */
    n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL, NULL, l, 2);
    CHECK(n == 1 && l[0].overfull && l[0].ratio == -1);
    free(b.items);
}

static void test_empty_paragraph(void)
{
    builder b = { 0 };
    glue(&b, 0, NP_STRETCH_FIL, 0);
    penalty(&b, 0, -NP_PENALTY_INF, false);
    double width = 100;
    np_line_break l[2];
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                  NULL, l, 2);
    CHECK(n == 1 && l[0].end == 1 && l[0].ratio == 0 && !l[0].overfull);
    n = np_linebreak_greedy(b.items, b.n, fixed_width, &width, NULL, NULL, l, 2);
    CHECK(n == 1 && l[0].end == 1);
    CHECK(np_linebreak_optimal(b.items, 0, fixed_width, &width, NULL, NULL,
                               l, 2) == 0);
    free(b.items);
}

/* Too small an array: the real count comes back and nothing is written
 * past `max`. */
static void test_short_array(void)
{
    static const double w[] = { 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20 };
    builder b = { 0 };
    words(&b, w, 11);
    finish(&b);
    double width = 50;
    np_line_break l[3] = { 0 };
    l[2].end = 12345;
    long n = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                  NULL, l, 2);
    CHECK(n > 2 && l[2].end == 12345);
    CHECK(np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL, NULL,
                               NULL, 0) == n);
    CHECK(np_linebreak_greedy(b.items, b.n, fixed_width, &width, NULL, NULL,
                              l, 2) > 2 && l[2].end == 12345);
    free(b.items);
}

/* ---- failing allocator ------------------------------------------------ */

typedef struct budget {
    int calls_left;             /* allocations that will still succeed */
    long live;                  /* blocks handed out and not freed */
} budget;

static void *b_malloc(void *ud, size_t size)
{
    budget *bu = ud;
    if (bu->calls_left-- <= 0)
        return NULL;
    bu->live++;
    return malloc(size);
}

static void *b_realloc(void *ud, void *p, size_t size)
{
    budget *bu = ud;
    if (bu->calls_left-- <= 0)
        return NULL;
    if (!p)
        bu->live++;
    return realloc(p, size);
}

static void b_free(void *ud, void *p)
{
    budget *bu = ud;
    if (p)
        bu->live--;
    free(p);
}

/* Every allocation failure gives -1 and frees what was taken. */
static void test_out_of_memory(void)
{
    uint64_t rng = 7;
    builder b = { 0 };
    random_words(&b, &rng, 400);
    finish(&b);
    double width = 365;
    np_line_break l[64];
    long want = np_linebreak_optimal(b.items, b.n, fixed_width, &width, NULL,
                                     NULL, l, 64);
    bool all_ok = true;
    for (int k = 0; k < 64; k++) {
        budget bu = { k, 0 };
        np_allocator a = { b_malloc, b_realloc, b_free, &bu };
        long got = np_linebreak_optimal(b.items, b.n, fixed_width, &width,
                                        NULL, &a, l, 64);
        all_ok &= (got == -1 || got == want) && bu.live == 0;
        if (got == want)
            break;
        all_ok &= k < 63;
    }
    CHECK(want > 0 && all_ok);
    free(b.items);
}

/* ---- properties over random paragraphs -------------------------------- */

/* A few words of random widths and spaces; some words can be
 * hyphenated, some spaces carry a penalty or a bonus for breaking. */
static void random_small(builder *b, uint64_t *rng)
{
    size_t count = 3 + rng_next(rng) % 12;
    for (size_t i = 0; i < count; i++) {
        int where = i > 0 ? (int)(rng_next(rng) % 8) : -1;
        if (where == 0)
            penalty(b, 0, (int)rng_range(rng, -300, 300), false);
        if (i > 0)
            glue(b, rng_range(rng, 3, 8), rng_range(rng, 1, 4),
                 rng_range(rng, 0.5, 2.5));
        if (where == 1)         /* a break that would leave an empty line */
            penalty(b, 0, (int)rng_range(rng, -300, 300), false);
        box(b, rng_range(rng, 8, 50));
        if (rng_next(rng) % 3 == 0) {
            penalty(b, rng_range(rng, 0, 5), (int)rng_range(rng, -100, 300), true);
            box(b, rng_range(rng, 4, 20));
        }
    }
    finish(b);
}

/* Every cost term weighed differently from TeX's, so that each one
 * decides some of the paragraphs. */
static void random_params(np_lb_params *pp, uint64_t *rng)
{
    pp->tolerance = rng_range(rng, 0.5, 3);
    pp->line_penalty = rng_range(rng, 0, 50);
    double scale = rng_next(rng) % 2 ? 1e4 : 1e6;
    pp->flagged_demerits = rng_range(rng, 0, scale);
    pp->fitness_demerits = rng_range(rng, 0, scale);
    pp->max_consecutive_flagged = rng_next(rng) % 3;
}

/* Small paragraphs on random measures, the first lines of which differ
 * (wider or narrower), with TeX's weights or random ones: total-fit
 * finds exactly the exhaustive optimum, in the first pass whose
 * tolerance allows any answer; when neither does, its rescued lines are
 * as full as first-fit's and the lines after them optimal. */
static void test_exhaustive(void)
{
    uint64_t rng = 12345;
    int compared = 0, wrong = 0, invalid = 0, rescued = 0, unfit = 0;
    for (int t = 0; t < 6000; t++) {
        builder b = { 0 };
        random_small(&b, &rng);
        double widths[4];
        for (int k = 0; k < 4; k++)
            widths[k] = rng_range(&rng, 40, 200);
        shape sh = { widths, 1 + rng_next(&rng) % 4 };
        np_lb_params pp;
        np_lb_params_default(&pp);
        if (t % 2)
            random_params(&pp, &rng);
        np_line_break l[64];
        long n = np_linebreak_optimal(b.items, b.n, shape_width, &sh, &pp,
                                      NULL, l, 64);
        double tol, best = exhaustive_first(b.items, b.n, shape_width, &sh,
                                            &pp, &tol);
        if (n <= 0 || n > 64
            || !valid_lines(b.items, b.n, l, n, shape_width, &sh)) {
            invalid++;
        } else if (isfinite(best)) {
            pp.tolerance = tol;
            t_cost c = cost_of(b.items, b.n, l, n, shape_width, &sh, &pp);
            wrong += fabs(c.total - best) > 1e-6 * fmax(1, fabs(best));
            compared++;
        } else {
            unfit += !rescues_fit(b.items, b.n, l, n, shape_width, &sh, &pp);
            rescued++;
        }
        free(b.items);
    }
    CHECK(invalid == 0);
    CHECK(wrong == 0);
    CHECK(unfit == 0);
    CHECK(compared > 2500 && rescued > 2500);
    printf("exhaustive: %d of 6000 paragraphs compared, %d rescued\n",
           compared, rescued);
}

typedef struct tally {
    int invalid, worse, compared, max_run;
} tally;

static void compare_one(const builder *b, double width,
                        const np_lb_params *pp, tally *t)
{
    np_line_break o[256], g[256];
    long no = np_linebreak_optimal(b->items, b->n, fixed_width, &width, pp,
                                   NULL, o, 256);
    long ng = np_linebreak_greedy(b->items, b->n, fixed_width, &width, pp,
                                  NULL, g, 256);
    if (no <= 0 || ng <= 0 || no > 256 || ng > 256
        || !valid_lines(b->items, b->n, o, no, fixed_width, &width)
        || !valid_lines(b->items, b->n, g, ng, fixed_width, &width)) {
        t->invalid++;
        return;
    }
    t_cost co = cost_of(b->items, b->n, o, no, fixed_width, &width, pp);
    t_cost cg = cost_of(b->items, b->n, g, ng, fixed_width, &width, pp);
    t->max_run = co.max_run > t->max_run ? co.max_run : t->max_run;
    t->max_run = cg.max_run > t->max_run ? cg.max_run : t->max_run;
    if (!cg.feasible)
        return;
    t->compared++;
    t->worse += co.total > cg.total + 1e-9 * fabs(cg.total);
}

/* Total-fit never costs more than first-fit. With no tolerance limit
 * every first-fit answer is a candidate of total-fit, so this holds for
 * every paragraph; with the default tolerance it holds whenever
 * first-fit's lines are within it (odd paragraphs). */
static void test_versus_greedy(void)
{
    uint64_t rng = 99;
    tally t = { 0, 0, 0, 0 };
    for (int i = 0; i < 1000; i++) {
        builder b = { 0 };
        random_words(&b, &rng, 20 + rng_next(&rng) % 200);
        finish(&b);
        np_lb_params pp;
        np_lb_params_default(&pp);
        if (i % 2 == 0)
            pp.tolerance = INFINITY;
        compare_one(&b, i % 4 < 2 ? 365 : rng_range(&rng, 150, 365), &pp, &t);
        free(b.items);
    }
    CHECK(t.invalid == 0);
    CHECK(t.worse == 0);
    CHECK(t.max_run <= 2);
    CHECK(t.compared >= 500);
    printf("versus greedy: %d of 1000 paragraphs compared\n", t.compared);
}

/* ---- large and hostile paragraphs ------------------------------------- */

/* Breaks b with both breakers, checks the result and prints the times.
 * Overfull lines are allowed only when `cramped` (words wider than the
 * measure); a line stretched past the second pass holds all it can. The time bound only catches a quadratic blow-up: it
 * is generous for sanitizer builds. */
static void timed(const char *name, const builder *b, np_line_width_fn wf,
                  void *ud, bool cramped)
{
    long max = (long)b->n;
    np_line_break *l = malloc(b->n * sizeof *l);
    double t0 = now();
    long n = np_linebreak_optimal(b->items, b->n, wf, ud, NULL, NULL, l, max);
    double t1 = now();
    bool ok = n > 0 && n <= max && valid_lines(b->items, b->n, l, n, wf, ud);
    double worst = 0;
    for (long i = 0; ok && i < n; i++) {
        ok = l[i].ratio >= -1 && (cramped || !l[i].overfull)
             && (!t_rescued(&l[i])
                 || t_full(b->items, b->n, l[i].start, l[i].end, wf(ud, i)));
        worst = fmax(worst, l[i].ratio);
    }
    CHECK(ok);
    CHECK(t1 - t0 < 1.0 * unit_time_factor());
    double t2 = now();
    long g = np_linebreak_greedy(b->items, b->n, wf, ud, NULL, NULL, l, max);
    double t3 = now();
    CHECK(g > 0 && g <= max && valid_lines(b->items, b->n, l, g, wf, ud));
    printf("%-26s %5zu items %5ld lines, max ratio %5.2f: "
           "total-fit %6.2f ms, first-fit %5.2f ms\n",
           name, b->n, n, worst, (t1 - t0) * 1e3, (t3 - t2) * 1e3);
    free(l);
}

static void test_large(void)
{
    uint64_t rng = 2024;
    builder b = { 0 };
    while (b.n < 50000 - 4) {
        if (b.n > 0)
            glue(&b, 2.5, 1.25, 0.8);
        box(&b, rng_range(&rng, 10, 60));
    }
    finish(&b);
    double width = 365;
    timed("50 000 items, 365 pt", &b, fixed_width, &width, false);
    b.n = 0;
    random_words(&b, &rng, 20000);
    finish(&b);
    timed("20 000 words, hyphens", &b, fixed_width, &width, false);
    double cell = 100;
    timed("table cell 100 pt", &b, fixed_width, &cell, true);
    cell = 40;
    timed("table cell 40 pt", &b, fixed_width, &cell, true);
    static const double alternate[] = { 300, 365, 330, 365, 310, 365, 320, 365 };
    shape sh = { alternate, 8 };
    timed("8 different widths", &b, shape_width, &sh, false);
    free(b.items);
}

/* Lines holding hundreds of breaks: tiny words, or a hyphenation point
 * between every two letters. */
static void test_hostile(void)
{
    uint64_t rng = 77;
    builder b = { 0 };
    while (b.n < 50000 - 4) {
        if (b.n > 0)
            glue(&b, 0.3, 0.15, 0.1);
        box(&b, rng_range(&rng, 0.5, 1.5));
    }
    finish(&b);
    double width = 365;
    timed("50 000 tiny words", &b, fixed_width, &width, false);
    b.n = 0;
    while (b.n < 50000 - 4) {
        if (b.n > 0)
            glue(&b, 0.1, 0.05, 0.03);
        box(&b, rng_range(&rng, 0.1, 0.3));
    }
    finish(&b);
    timed("50 000 specks", &b, fixed_width, &width, false);
    b.n = 0;
    while (b.n < 50000 - 4) {
        if (b.n > 0)
            glue(&b, 2.5, 1.25, 0.8);
        for (int k = 0; k < 8; k++) {
            if (k > 0)
                penalty(&b, 3.5, 50, true);
            box(&b, rng_range(&rng, 3, 6));
        }
    }
    finish(&b);
    timed("hyphen between all letters", &b, fixed_width, &width, false);
    b.n = 0;
    for (int i = 0; i < 50000 - 3; i++)
        box(&b, 5);             /* one word as wide as 700 lines */
    finish(&b);
    timed("one huge word", &b, fixed_width, &width, true);
    free(b.items);
}

int main(void)
{
    test_classic();
    test_forced();
    test_empty_line();
    test_hyphen_limit();
    test_hyphen_too_wide();
    test_overfull();
    test_unfillable_line();
    test_overfull_then_total_fit();
    test_first_line();
    test_narrow_second_line();
    test_single_word();
    test_empty_paragraph();
    test_short_array();
    test_out_of_memory();
    test_exhaustive();
    test_versus_greedy();
    test_large();
    test_hostile();
    return unit_done("linebreak");
}
