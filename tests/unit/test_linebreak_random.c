/*
 * test_linebreak_random.c - properties of the line breakers over random
 * paragraphs, and large or hostile paragraphs that must finish quickly.
 *
 * Total-fit matches an exhaustive search (linebreak_check.h) on small
 * paragraphs and never costs more than first-fit on larger ones; every
 * result is a valid set of lines. Timings are printed, not golden.
 */
#include "linebreak_check.h"

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
        double tol = 0, best = exhaustive_first(b.items, b.n, shape_width, &sh,
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
    test_exhaustive();
    test_versus_greedy();
    test_large();
    test_hostile();
    return unit_done("linebreak-random");
}
