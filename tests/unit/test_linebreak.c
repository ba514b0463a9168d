/*
 * test_linebreak.c - unit tests for the line breakers (linebreak.c) on
 * hand-built paragraphs with known breaks, and under a failing
 * allocator.
 *
 * Each result is also checked against linebreak_check.h's own measure:
 * valid lines, costs no higher than an exhaustive search finds. Random
 * paragraphs and large or hostile ones are test_linebreak_random.c's.
 */
#include "linebreak_check.h"

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
    return unit_done("linebreak");
}
