/*
 * linebreak.c - total-fit line breaking, after Knuth and Plass: every
 * legal break is tried from every earlier break still in reach (the
 * "active" nodes); a line costs demerits, built from the small helpers
 * below (badness, penalty, hyphens in a row, tightness unlike the line
 * before), and the paragraph takes the chain of breaks with the least
 * total. Lines are measured through linebreak_para.c; first-fit, for
 * comparison, is linebreak_greedy.c. It assumes, as TeX does, that no
 * item shrinks by more than its width.
 *
 * When no chain of lines fits, a second, final pass allows looser lines
 * and, where the search would still find no way on, sets the line as
 * first-fit would (see rescue()), then chooses on from its end.
 *
 * It does not hyphenate, measure text or place words: the caller gives
 * the items and sets each line with the reported ratio. TeX's looseness,
 * last-line hyphen demerits and pretolerance pass are left out. Nothing
 * is kept between calls.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/buf.h"
#include "typesetting/linebreak_para.h"

#define NO_NODE SIZE_MAX

/* TeX's inf_bad: badness stops growing here ("as bad as it gets"). */
#define BADNESS_MAX 10000.0

/* When nothing fits the tolerance, the second pass lets glue stretch
 * further, up to where badness stops telling lines apart (100 r^3 reaches
 * BADNESS_MAX at r = 4.64). A looser pass would weigh a line of ordinary
 * words spread to r = 9 the same as one at r = 5, and spread a gap that
 * one line cannot avoid (long symbols, no break between them) into the
 * lines around it; past this, rescue() sets the unavoidable line alone. */
#define RETRY_TOLERANCE 4.64

/* See first_to_try(). Measured at most: 30 active nodes for prose at
 * 365 pt, 100 with a hyphenation point between every two letters, 413
 * for 280 one-point words to the line. */
#define ACTIVE_MAX 1024

/* TeX's fitness classes; the numbers matter, neighbours differ by one. */
enum { VERY_LOOSE, LOOSE, DECENT, TIGHT };

/* try_from() verdicts on an active node: TOO_LOOSE keeps it too;
 * RESTART: a rescue replaced every active node (see rescue()). */
enum { KEEP, DROP, TOO_LOOSE, RESTART };

/* A break reached by some chain of lines from the paragraph start. */
typedef struct node {
    size_t pos;                 /* the break item; NP_LB_NO_ITEM at the start */
    size_t start;               /* first item of the line after it */
    size_t line;                /* lines before `start`, up to easy_line */
    size_t prev;                /* the break before, NO_NODE at the start */
    double total;               /* demerits of all lines up to here */
    double ratio;               /* of the line ending here, as reported */
    int fitness;
    int run;                    /* hyphenated lines in a row ending here */
    bool overfull;
} node;

typedef struct search {
    const np_lb_para *p;
    const np_lb_params *params;
    const np_allocator *alloc;
    double *widths;             /* line widths, lines 0..easy_line */
    size_t easy_line;           /* every later line is this wide too */
    double tolerance;
    bool final;                 /* a forced line rather than no answer */
    size_t resume;              /* after a rescue: the break to go on
                                   from, else NP_LB_NO_ITEM */
    node *nodes;                /* every break found in this pass */
    size_t n_nodes, cap_nodes;
    size_t *active;             /* indexes into nodes, oldest first */
    size_t n_active, cap_active;
    size_t n_early;             /* active nodes before the easy line */
    node *cands;                /* best ways found to break here */
    size_t n_cands, cap_cands;
} search;

/* ---- the cost of a line ----------------------------------------------- */

/* TeX's badness, 100 r^3: a space stretched by all its stretchability
 * costs 100; capped where TeX stops telling bad from worse. */
static double badness(double ratio)
{
    double r = fabs(ratio);
    double bad = 100 * r * r * r;
    return bad < BADNESS_MAX ? bad : BADNESS_MAX;
}

/* TeX's classes: badness above 99 stretched is very loose, above 12
 * loose (stretched) or tight (shrunk), decent otherwise. */
static int fitness_class(double ratio, double bad)
{
    if (ratio > 0 && bad > 99)
        return VERY_LOOSE;
    if (ratio > 0 && bad > 12)
        return LOOSE;
    if (ratio < 0 && bad > 12)
        return TIGHT;
    return DECENT;
}

/* (l + b)^2, plus p^2 for a penalty, minus p^2 for a bonus; a forced
 * break costs nothing more since it is not a choice. */
static double line_demerits(const np_lb_params *pp, double bad, double pen)
{
    double lb = pp->line_penalty + bad;
    if (pen >= 0)
        return lb * lb + pen * pen;
    if (pen > -NP_PENALTY_INF)
        return lb * lb - pen * pen;
    return lb * lb;
}

/* Two hyphens in a row make a ladder down the margin. */
static double flagged_demerits(const np_lb_params *pp, int prev_run,
                               bool flagged)
{
    return prev_run > 0 && flagged ? pp->flagged_demerits : 0;
}

/* A very loose line beside a decent one, or a loose beside a tight, shows
 * as a change of colour in the page. */
static double fitness_demerits(const np_lb_params *pp, int prev, int cls)
{
    return abs(prev - cls) > 1 ? pp->fitness_demerits : 0;
}

/* ---- growable arrays -------------------------------------------------- */

static int push_node(const np_allocator *alloc, node **v, size_t *len,
                     size_t *cap, const node *x)
{
    node *q = np_grow(alloc, *v, cap, *len + 1, sizeof *q);
    if (!q)
        return -1;
    *v = q;
    (*v)[(*len)++] = *x;
    return 0;
}

static int push_index(const np_allocator *alloc, size_t **v, size_t *len,
                      size_t *cap, size_t x)
{
    size_t *q = np_grow(alloc, *v, cap, *len + 1, sizeof *q);
    if (!q)
        return -1;
    *v = q;
    (*v)[(*len)++] = x;
    return 0;
}

/* ---- total-fit -------------------------------------------------------- */

/* Legal breaks, or 0 when told to stop. */
static size_t count_breaks(const np_lb_para *p, const np_lb_params *pp)
{
    size_t count = 0;
    for (size_t b = 0; b <= p->end; b++) {
        count += np_lb_is_legal(p, b);
        if (b % NP_LB_SUMS_EVERY == NP_LB_SUMS_EVERY - 1
            && np_lb_stopped(pp, 0))
            return 0;
    }
    return count;
}

/* Asks for each line width once (there are no more lines than breaks).
 * Lines past the last change of width are all alike and share one node
 * key: TeX's easy_line, which keeps the number of active nodes small. */
static int load_widths(search *s, np_line_width_fn fn, void *ud)
{
    size_t lines = count_breaks(s->p, s->params);
    double *w = lines ? np_mem_alloc(s->alloc, lines * sizeof *w) : NULL;
    if (!w)
        return -1;
    for (size_t i = 0; i < lines; i++) {
        w[i] = fn(ud, i);
        if (i % NP_LB_SUMS_EVERY == NP_LB_SUMS_EVERY - 1
            && np_lb_stopped(s->params, 0)) {
            np_mem_free(s->alloc, w);
            return -1;
        }
    }
    size_t k = lines - 1;
    while (k > 0 && w[k - 1] == w[k])
        k--;
    s->widths = w;
    s->easy_line = k;
    return 0;
}

static double line_width(const search *s, size_t line)
{
    return s->widths[line < s->easy_line ? line : s->easy_line];
}

static double demerits(const search *s, const node *from, size_t b,
                       int fitness, double bad)
{
    const np_lb_params *pp = s->params;
    return line_demerits(pp, bad, np_lb_break_penalty(s->p, b))
           + flagged_demerits(pp, from->run, np_lb_is_flagged(s->p, b))
           + fitness_demerits(pp, from->fitness, fitness);
}

/* Keeps the cheaper of two ways to reach the same state at b: same line
 * width ahead, same fitness, same hyphen run. */
static int keep_best(search *s, const node *c)
{
    for (size_t i = 0; i < s->n_cands; i++) {
        node *d = &s->cands[i];
        if (d->line == c->line && d->fitness == c->fitness
            && d->run == c->run) {
            if (c->total < d->total)
                *d = *c;
            return 0;
        }
    }
    return push_node(s->alloc, &s->cands, &s->n_cands, &s->cap_cands, c);
}

/* A line from active node a to break b. `artificial` lines cost nothing:
 * they are the final pass's last resort (see rescue()). */
static int record(search *s, size_t a, size_t b, np_lb_fit f, bool artificial)
{
    const node *from = &s->nodes[a];
    int run = np_lb_next_run(s->params, s->p, from->run, b);
    if (run < 0)
        return 0;
    double bad = artificial ? BADNESS_MAX : badness(f.ratio);
    node c = {
        .pos = b, .prev = a, .run = run, .overfull = f.overfull,
        .line = from->line < s->easy_line ? from->line + 1 : s->easy_line,
        .fitness = fitness_class(f.ratio, bad),
        .ratio = np_lb_reported_ratio(f),
    };
    c.total = from->total;
    if (!artificial)
        c.total += demerits(s, from, b, c.fitness, bad);
    return keep_best(s, &c);
}

/* The fullest line from active node a that ends before b and is not
 * overfull, at a break the hyphen limit allows: where first-fit ends
 * it. NP_LB_NO_ITEM when not even the line's first word fits. */
static size_t last_fitting(const search *s, size_t a, size_t b)
{
    const node *from = &s->nodes[a];
    double width = line_width(s, from->line);
    for (size_t j = b; j-- > from->start + 1;) {
        if (!np_lb_is_legal(s->p, j)
            || np_lb_next_run(s->params, s->p, from->run, j) < 0)
            continue;
        if (np_lb_fit_line(s->p, from->start, j, width).ratio >= -1)
            return j;
    }
    return NP_LB_NO_ITEM;
}

static int add_candidates(search *s, size_t b);

/* The line from a to j replaces every active node, and the pass goes
 * on from j: the breaks after j were tried from nodes now gone. */
static int restart_at(search *s, size_t a, size_t j)
{
    const node *from = &s->nodes[a];
    np_lb_fit f = np_lb_fit_line(s->p, from->start, j, line_width(s, from->line));
    s->n_cands = s->n_active = s->n_early = 0;
    if (record(s, a, j, f, true) < 0 || add_candidates(s, j) < 0)
        return -1;
    s->resume = j;
    return RESTART;
}

/* The final pass's last resort, after TeX's: when the last way on would
 * be lost at b, a line is taken whatever it costs, so the pass always
 * ends. TeX takes the overfull line to b; here it is the line first-fit
 * would set, as loose as it must be (a line of long symbols that nothing
 * can fill), and the search goes on from its end with the lines around
 * it as good as before. Overfull only when not one word fits; a forced
 * break too far is taken as it is. A hyphen the run limit forbids is
 * passed over: the next break rescues instead. */
static int rescue(search *s, size_t a, size_t b, np_lb_fit f)
{
    size_t j = f.overfull ? last_fitting(s, a, b) : NP_LB_NO_ITEM;
    if (j != NP_LB_NO_ITEM)
        return restart_at(s, a, j);
    if (np_lb_next_run(s->params, s->p, s->nodes[a].run, b) < 0)
        return KEEP;
    if (f.overfull)
        f = (np_lb_fit){ -1, true, true };
    return record(s, a, b, f, true) < 0 ? -1 : DROP;
}

/* Tries the line from active node a to b; says whether a stays active.
 * A node goes when its lines can no longer fit even shrunk (they only
 * get longer) or when b is forced (nothing can jump over it). */
static int try_from(search *s, size_t a, size_t b, bool forced, bool alone)
{
    const node *from = &s->nodes[a];
    if (b < from->start && !forced)
        return KEEP;            /* would be an empty line */
    np_lb_fit f = np_lb_fit_line(s->p, from->start, b, line_width(s, from->line));
    if (f.ratio >= -1 && f.ratio <= s->tolerance
        && record(s, a, b, f, false) < 0)
        return -1;
    if (!f.passed && !forced)
        return f.ratio > s->tolerance ? TOO_LOOSE : KEEP;
    if ((f.overfull || f.ratio > s->tolerance) && s->final && alone
        && s->n_cands == 0)
        return rescue(s, a, b, f);
    return DROP;
}

/* Whether candidate c can never beat another at the same break: the
 * other allows every later hyphen c allows, and costs less even if its
 * fitness class costs fitness_demerits more on the next line. */
static bool dominated(const search *s, const node *c)
{
    double fd = fabs(s->params->fitness_demerits);
    for (size_t i = 0; i < s->n_cands; i++) {
        const node *d = &s->cands[i];
        if (d == c || d->line != c->line || d->run > c->run)
            continue;
        if (d->fitness == c->fitness ? d->total <= c->total
                                     : d->total + fd < c->total)
            return true;
    }
    return false;
}

static int add_candidates(search *s, size_t b)
{
    size_t start = np_lb_start_after(s->p, b);
    for (size_t i = 0; i < s->n_cands; i++) {
        if (dominated(s, &s->cands[i]))
            continue;
        s->cands[i].start = start;
        s->n_early += s->cands[i].line < s->easy_line;
        if (push_index(s->alloc, &s->active, &s->n_active, &s->cap_active,
                       s->n_nodes) < 0
            || push_node(s->alloc, &s->nodes, &s->n_nodes, &s->cap_nodes,
                         &s->cands[i]) < 0)
            return -1;
    }
    return 0;
}

/* Normal text keeps a few hundred active nodes. Thousands mean lines
 * holding thousands of breaks (tiny items, hyphens everywhere): the
 * oldest nodes, which start the longest lines, are let go so that the
 * work per break stays bounded. Never empties the list. */
static size_t first_to_try(const search *s)
{
    return s->n_active > ACTIVE_MAX ? s->n_active - ACTIVE_MAX : 0;
}

/* Keeps the active nodes from i on without trying them. */
static size_t keep_rest(search *s, size_t i, size_t kept)
{
    size_t rest = s->n_active - i;
    if (kept < i)
        memmove(&s->active[kept], &s->active[i], rest * sizeof *s->active);
    return kept + rest;
}

/* Tries every active node, oldest first, against break b. Once a line
 * is too loose, the lines from the later nodes are looser still (they
 * start later, on the same measure once past the easy line): they are
 * kept untried, which spares most of the work on long lines. */
static int try_break(search *s, size_t b)
{
    bool forced = np_lb_is_forced(s->p, b);
    size_t kept = 0, early = 0;

    s->n_cands = 0;
    for (size_t i = first_to_try(s); i < s->n_active; i++) {
        size_t a = s->active[i];
        bool alone = kept == 0 && i + 1 == s->n_active;
        int rc = try_from(s, a, b, forced, alone);
        if (rc < 0)
            return -1;
        if (rc == RESTART)
            return 0;
        if (rc == DROP)
            continue;
        early += s->nodes[a].line < s->easy_line;
        s->active[kept++] = a;
        if (rc == TOO_LOOSE && s->n_early == 0) {
            kept = keep_rest(s, i + 1, kept);
            break;
        }
    }
    s->n_active = kept;
    s->n_early = early;
    return add_candidates(s, b);
}

static int start_pass(search *s, double tolerance, bool final)
{
    node first = {
        .pos = NP_LB_NO_ITEM, .start = 0, .line = 0, .prev = NO_NODE,
        .fitness = DECENT,
    };
    s->tolerance = tolerance;
    s->final = final;
    s->n_nodes = s->n_active = 0;
    s->n_early = s->easy_line > 0;
    if (push_node(s->alloc, &s->nodes, &s->n_nodes, &s->cap_nodes, &first) < 0
        || push_index(s->alloc, &s->active, &s->n_active, &s->cap_active, 0) < 0)
        return -1;
    return 0;
}

/* 0 when breaks were found, 1 when none fit the tolerance, -1 when
 * memory ran out. */
static int run_pass(search *s, double tolerance, bool final)
{
    if (start_pass(s, tolerance, final) < 0)
        return -1;
    size_t tried = 0;
    for (size_t b = 0; b <= s->p->end; b++) {
        if (!np_lb_is_legal(s->p, b))
            continue;
        s->resume = NP_LB_NO_ITEM;
        if (np_lb_stopped(s->params, ++tried) || try_break(s, b) < 0)
            return -1;
        if (s->resume != NP_LB_NO_ITEM) {
            b = s->resume;
            continue;
        }
        if (s->n_active == 0)
            return 1;
    }
    return 0;
}

/* After the last (forced) break only nodes at that break are active. */
static size_t best_final(const search *s)
{
    size_t best = NO_NODE;
    for (size_t i = 0; i < s->n_active; i++) {
        size_t a = s->active[i];
        if (best == NO_NODE || s->nodes[a].total < s->nodes[best].total)
            best = a;
    }
    return best;
}

/* Walks the chain back from the last break, writing at most max lines;
 * -1 when told to stop (each step may miss every cache: 90,000 lines of
 * one paragraph took 0.35 s). */
static long emit(const search *s, size_t last, np_line_break *out, size_t max)
{
    size_t count = 0;
    for (size_t i = last; s->nodes[i].prev != NO_NODE; i = s->nodes[i].prev)
        if (np_lb_stopped(s->params, ++count))
            return -1;
    size_t k = count;
    for (size_t i = last; s->nodes[i].prev != NO_NODE; i = s->nodes[i].prev) {
        const node *to = &s->nodes[i];
        if (--k < max)
            out[k] = np_lb_make_line(s->p, s->nodes[to->prev].start, to->pos,
                                     to->ratio, to->overfull);
        if (np_lb_stopped(s->params, count - k))
            return -1;
    }
    return (long)count;
}

/* Tolerance first; then, when no set of breaks fits it, a final pass
 * allowing lines up to RETRY_TOLERANCE and rescuing the search where
 * even that leaves no way on (see rescue()); it cannot fail on finite
 * input. -2 when it found nothing (NaN widths). */
static long solve(search *s, np_line_break *out, size_t max)
{
    double tol = s->params->tolerance;
    const double tolerances[2] = { tol, fmax(tol, RETRY_TOLERANCE) };
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 0 && tolerances[1] == tolerances[0])
            continue;           /* the final pass is as strict */
        int rc = run_pass(s, tolerances[pass], pass == 1);
        if (rc < 0)
            return -1;
        if (rc == 0)
            return emit(s, best_final(s), out, max);
    }
    return -2;
}

static void search_free(search *s)
{
    np_mem_free(s->alloc, s->widths);
    np_mem_free(s->alloc, s->nodes);
    np_mem_free(s->alloc, s->active);
    np_mem_free(s->alloc, s->cands);
}

long np_linebreak_optimal(const np_item *items, size_t n,
                          np_line_width_fn width, void *width_ud,
                          const np_lb_params *params,
                          const np_allocator *alloc,
                          np_line_break *out, size_t max)
{
    np_lb_params defaults;
    np_lb_para p;
    int rc = np_lb_para_open(&p, items, n, &params, &defaults, alloc);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    search s = { .p = &p, .params = params, .alloc = alloc };
    long lines = -1;
    if (load_widths(&s, width, width_ud) == 0)
        lines = solve(&s, out, max);
    search_free(&s);
    np_lb_para_free(&p, alloc);
    if (lines == -2)
        return np_linebreak_greedy(items, n, width, width_ud, params, alloc,
                                   out, max);
    return lines;
}

/*
 * Tolerance is an adjustment ratio here; TeX's is a badness, 100 r^3:
 * pretolerance 100 is r = 1, tolerance 200 is r = 1.26, 1000 is r = 2.15.
 * We hyphenate from the first pass, as TeX's second pass does, so 1.26:
 * at 10 pt on 365 pt a space (2.5 pt, stretch 1.25) grows to at most
 * 4.1 pt. The looser passes only run when a paragraph has no answer
 * within it, and even then the demerits keep the other lines tight.
 */
void np_lb_params_default(np_lb_params *p)
{
    p->tolerance = 1.26;
    p->line_penalty = 10;
    p->flagged_demerits = 3000;
    p->fitness_demerits = 100;
    p->max_consecutive_flagged = 2;
    p->stop = NULL;
    p->stop_ud = NULL;
}
