/*
 * linebreak.c - choosing where the lines of a paragraph end.
 *
 * Two breakers over the measured items of linebreak.h:
 *   - total-fit, after Knuth and Plass: every legal break is tried from
 *     every earlier break still in reach (the "active" nodes); a line
 *     costs demerits, built from the small helpers below (badness,
 *     penalty, hyphens in a row, tightness unlike the line before), and
 *     the paragraph takes the chain of breaks with the least total;
 *   - first-fit, as word processors do, for comparison.
 * Both read the paragraph through prefix sums of widths, stretch and
 * shrink, so measuring a line costs the same whatever its length. The
 * first line starts at item 0 as it is; later lines start at the first
 * box after their break. A sequence that lacks its final forced break
 * is read as if it had one at index n (the last line's `end`). Both
 * assume, as TeX does, that no item shrinks by more than its width.
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

#include "arena.h"
#include "linebreak.h"

#define NO_ITEM SIZE_MAX
#define NO_NODE SIZE_MAX

/* TeX's inf_bad: badness stops growing here ("as bad as it gets"). */
#define BADNESS_MAX 10000.0

/* Prefix sums over 50 000 items lose about 1e-9 pt; a line that fits
 * exactly must not turn underfull or overfull by rounding. */
#define EPSILON_PT 1e-6

/* When nothing fits the tolerance, loose spaces are better than overfull
 * lines: the second pass lets glue stretch ten times over, the third
 * without limit. */
#define RETRY_TOLERANCE 10.0

/* See first_to_try(). Measured at most: 30 active nodes for prose at
 * 365 pt, 100 with a hyphenation point between every two letters, 413
 * for 280 one-point words to the line. */
#define ACTIVE_MAX 1024

/* Breaks tried (total-fit) or lines set (first-fit) between two polls
 * of params->stop: a break costs at most ACTIVE_MAX lines tried, so a
 * poll comes every few milliseconds at worst. */
#define STOP_EVERY 256
#define SUMS_EVERY 65536        /* items summed between two polls */

/* TeX's fitness classes; the numbers matter, neighbours differ by one. */
enum { VERY_LOOSE, LOOSE, DECENT, TIGHT };

/* try_from() verdicts on an active node: TOO_LOOSE keeps it too. */
enum { KEEP, DROP, TOO_LOOSE };

/* The paragraph, with totals over items[0..i) for every i in 0..n. */
typedef struct para {
    const np_item *items;
    size_t n;
    size_t end;                 /* the last break: n - 1, or n when the
                                 * sequence lacks its forced break */
    double *width, *stretch, *shrink, *fil;
    size_t *next_box;           /* the first box at or after i, or n: so
                                 * that a run of empty lines (thousands
                                 * of <br/>) costs no rescan per line */
} para;

/* How one candidate line fits its measure. */
typedef struct line_fit {
    double ratio;               /* +INFINITY: short, nothing to stretch */
    bool overfull;
    bool passed;                /* overfull before its hyphen even: no
                                 * later break can fit either */
} line_fit;

/* A break reached by some chain of lines from the paragraph start. */
typedef struct node {
    size_t pos;                 /* the break item; NO_ITEM at the start */
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
    const para *p;
    const np_lb_params *params;
    const np_allocator *alloc;
    double *widths;             /* line widths, lines 0..easy_line */
    size_t easy_line;           /* every later line is this wide too */
    double tolerance;
    bool final;                 /* overfull lines rather than no answer */
    node *nodes;                /* every break found in this pass */
    size_t n_nodes, cap_nodes;
    size_t *active;             /* indexes into nodes, oldest first */
    size_t n_active, cap_active;
    size_t n_early;             /* active nodes before the easy line */
    node *cands;                /* best ways found to break here */
    size_t n_cands, cap_cands;
} search;

/* ---- the paragraph ---------------------------------------------------- */

static bool is_forced(const para *p, size_t b)
{
    return b >= p->n || (p->items[b].type == NP_PENALTY
                         && p->items[b].penalty <= -NP_PENALTY_INF);
}

/* A penalty below infinity, or glue right after a box. */
static bool is_legal_break(const para *p, size_t b)
{
    if (b >= p->n)
        return true;
    const np_item *it = &p->items[b];
    if (it->type == NP_PENALTY)
        return it->penalty < NP_PENALTY_INF;
    return it->type == NP_GLUE && b > 0 && p->items[b - 1].type == NP_BOX;
}

static bool is_flagged(const para *p, size_t b)
{
    return b < p->n && p->items[b].type == NP_PENALTY && p->items[b].flagged;
}

static double break_penalty(const para *p, size_t b)
{
    return b < p->n && p->items[b].type == NP_PENALTY ? p->items[b].penalty : 0;
}

/* What breaking adds to the line: the hyphen of a penalty. */
static double break_width(const para *p, size_t b)
{
    return b < p->n && p->items[b].type == NP_PENALTY ? p->items[b].width : 0;
}

/* Glue and penalties after a break are dropped: the next line starts at
 * the next box (or at the end). */
static size_t start_after(const para *p, size_t b)
{
    return b + 1 < p->n ? p->next_box[b + 1] : p->n;
}

/* Infinite stretch is counted apart, so that a ragged last line does not
 * drown the finite stretch in rounding. */
static void accumulate(para *p, size_t i)
{
    const np_item *it = &p->items[i];
    bool glue = it->type == NP_GLUE;
    bool fil = glue && it->stretch >= NP_STRETCH_FIL;

    p->width[i + 1] = p->width[i] + (it->type == NP_PENALTY ? 0 : it->width);
    p->stretch[i + 1] = p->stretch[i] + (glue && !fil ? it->stretch : 0);
    p->shrink[i + 1] = p->shrink[i] + (glue ? it->shrink : 0);
    p->fil[i + 1] = p->fil[i] + (fil ? 1 : 0);
}

static bool stopped(const np_lb_params *pp, size_t count)
{
    return count % STOP_EVERY == 0 && pp->stop && pp->stop(pp->stop_ud);
}

static int para_init(para *p, const np_item *items, size_t n,
                     const np_lb_params *pp, const np_allocator *alloc)
{
    memset(p, 0, sizeof *p);
    p->items = items;
    p->n = n;
    p->end = n > 0 && is_forced(p, n - 1) ? n - 1 : n;
    if (n >= SIZE_MAX / (4 * sizeof(double)))
        return -1;
    double *sums = np_mem_alloc(alloc, 4 * (n + 1) * sizeof *sums);
    if (!sums)
        return -1;
    p->width = sums;
    p->stretch = sums + (n + 1);
    p->shrink = sums + 2 * (n + 1);
    p->fil = sums + 3 * (n + 1);
    p->width[0] = p->stretch[0] = p->shrink[0] = p->fil[0] = 0;
    bool stop = false;
    for (size_t i = 0; i < n && !stop; i++) {
        accumulate(p, i);
        stop = i % SUMS_EVERY == SUMS_EVERY - 1 && stopped(pp, 0);
    }
    p->next_box = stop ? NULL : np_mem_alloc(alloc, n * sizeof *p->next_box);
    if (!p->next_box) {
        np_mem_free(alloc, sums);
        return -1;
    }
    for (size_t i = n; i-- > 0;)
        p->next_box[i] = items[i].type == NP_BOX ? i
                         : i + 1 < n ? p->next_box[i + 1] : n;
    return 0;
}

static void para_free(para *p, const np_allocator *alloc)
{
    np_mem_free(alloc, p->width);
    np_mem_free(alloc, p->next_box);
}

/* ---- the cost of a line ----------------------------------------------- */

/* How far the glue must move: the shortfall over the stretch (>0) or the
 * shrink (<0). Infinite stretch takes any shortfall at no cost, so a
 * ragged last line reads as natural, never as loose. */
static double adjustment_ratio(double shortfall, double stretch,
                               double shrink, bool fil)
{
    if (fabs(shortfall) <= EPSILON_PT)
        return 0;
    if (shortfall > 0) {
        if (fil)
            return 0;
        return stretch > EPSILON_PT ? shortfall / stretch : INFINITY;
    }
    if (-shortfall <= shrink + EPSILON_PT)
        return shortfall > -shrink ? shortfall / shrink : -1;
    return shrink > 0 ? shortfall / shrink : -INFINITY;
}

/* TeX's badness, 100 r^3: a space stretched by all its stretchability
 * costs 100; capped where TeX stops telling bad from worse. */
static double badness(double ratio)
{
    double r = fabs(ratio);
    double bad = 100 * r * r * r;
    return bad < BADNESS_MAX ? bad : BADNESS_MAX;
}

/* A line that is overfull only by its hyphen does not end the search
 * from its start: the end of the word, with no hyphen, may still fit.
 * Later breaks only add items, each at least as wide as it can shrink. */
static line_fit fit_line(const para *p, size_t start, size_t b, double width)
{
    line_fit f = { 0, false, false };
    if (start >= b)
        return f;       /* empty, which only a forced break allows: as set */
    double content = p->width[b] - p->width[start];
    double shrink = p->shrink[b] - p->shrink[start];
    bool fil = p->fil[b] - p->fil[start] > 0;
    f.ratio = adjustment_ratio(width - content - break_width(p, b),
                               p->stretch[b] - p->stretch[start], shrink, fil);
    f.overfull = f.ratio < -1;
    f.passed = content - shrink > width + EPSILON_PT;
    return f;
}

/* The ratio the caller sets the line with: an overfull line is fully
 * shrunk, and a line with nothing to stretch stays at its natural width
 * (as does one measured against a NaN width: never hand out NaN). */
static double reported_ratio(line_fit f)
{
    if (f.overfull)
        return -1;
    return isfinite(f.ratio) ? f.ratio : 0;
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

/* The run of hyphenated lines after breaking at b, or -1 when the limit
 * forbids the break. Without a limit, only "after a hyphen" matters, so
 * runs stop at 1 and fewer nodes differ. A forced break is always taken. */
static int next_run(const np_lb_params *pp, const para *p, int run, size_t b)
{
    if (!is_flagged(p, b))
        return 0;
    if (pp->max_consecutive_flagged <= 0)
        return 1;
    if (run >= pp->max_consecutive_flagged && !is_forced(p, b))
        return -1;
    return run + 1;
}

/* ---- growable arrays -------------------------------------------------- */

static void *grow(const np_allocator *alloc, void *v, size_t *cap, size_t size)
{
    size_t want = *cap ? 2 * *cap : 64;
    if (want > SIZE_MAX / size)
        return NULL;
    void *q = np_mem_realloc(alloc, v, want * size);
    if (q)
        *cap = want;
    return q;
}

static int push_node(const np_allocator *alloc, node **v, size_t *len,
                     size_t *cap, const node *x)
{
    if (*len == *cap) {
        node *q = grow(alloc, *v, cap, sizeof *q);
        if (!q)
            return -1;
        *v = q;
    }
    (*v)[(*len)++] = *x;
    return 0;
}

static int push_index(const np_allocator *alloc, size_t **v, size_t *len,
                      size_t *cap, size_t x)
{
    if (*len == *cap) {
        size_t *q = grow(alloc, *v, cap, sizeof *q);
        if (!q)
            return -1;
        *v = q;
    }
    (*v)[(*len)++] = x;
    return 0;
}

/* ---- total-fit -------------------------------------------------------- */

/* Legal breaks, or 0 when told to stop. */
static size_t count_breaks(const para *p, const np_lb_params *pp)
{
    size_t count = 0;
    for (size_t b = 0; b <= p->end; b++) {
        count += is_legal_break(p, b);
        if (b % SUMS_EVERY == SUMS_EVERY - 1 && stopped(pp, 0))
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
        if (i % SUMS_EVERY == SUMS_EVERY - 1 && stopped(s->params, 0)) {
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
    return line_demerits(pp, bad, break_penalty(s->p, b))
           + flagged_demerits(pp, from->run, is_flagged(s->p, b))
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
static int record(search *s, size_t a, size_t b, line_fit f, bool artificial)
{
    const node *from = &s->nodes[a];
    int run = next_run(s->params, s->p, from->run, b);
    if (run < 0)
        return 0;
    double bad = artificial ? BADNESS_MAX : badness(f.ratio);
    node c = {
        .pos = b, .prev = a, .run = run, .overfull = f.overfull,
        .line = from->line < s->easy_line ? from->line + 1 : s->easy_line,
        .fitness = fitness_class(f.ratio, bad),
        .ratio = reported_ratio(f),
    };
    c.total = from->total;
    if (!artificial)
        c.total += demerits(s, from, b, c.fitness, bad);
    return keep_best(s, &c);
}

/* TeX's last resort in its final pass: when the last way on would be
 * lost, take it with an overfull line, so the pass always ends. A hyphen
 * the run limit forbids is passed over: the next break rescues instead. */
static int rescue(search *s, size_t a, size_t b)
{
    if (next_run(s->params, s->p, s->nodes[a].run, b) < 0)
        return KEEP;
    line_fit f = { -1, true, true };
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
    line_fit f = fit_line(s->p, from->start, b, line_width(s, from->line));
    if (f.ratio >= -1 && f.ratio <= s->tolerance
        && record(s, a, b, f, false) < 0)
        return -1;
    if (!f.passed && !forced)
        return f.ratio > s->tolerance ? TOO_LOOSE : KEEP;
    if (f.overfull && s->final && alone && s->n_cands == 0)
        return rescue(s, a, b);
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
    size_t start = start_after(s->p, b);
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
    bool forced = is_forced(s->p, b);
    size_t kept = 0, early = 0;

    s->n_cands = 0;
    for (size_t i = first_to_try(s); i < s->n_active; i++) {
        size_t a = s->active[i];
        bool alone = kept == 0 && i + 1 == s->n_active;
        int rc = try_from(s, a, b, forced, alone);
        if (rc < 0)
            return -1;
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
        .pos = NO_ITEM, .start = 0, .line = 0, .prev = NO_NODE,
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
        if (!is_legal_break(s->p, b))
            continue;
        if (stopped(s->params, ++tried) || try_break(s, b) < 0)
            return -1;
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

static np_line_break make_line(const para *p, size_t start, size_t b,
                               double ratio, bool overfull)
{
    np_line_break l = {
        .start = start < b ? start : b, .end = b, .ratio = ratio,
        .hyphenated = is_flagged(p, b), .overfull = overfull,
    };
    return l;
}

/* Walks the chain back from the last break, writing at most max lines;
 * -1 when told to stop (each step may miss every cache: 90,000 lines of
 * one paragraph took 0.35 s). */
static long emit(const search *s, size_t last, np_line_break *out, size_t max)
{
    size_t count = 0;
    for (size_t i = last; s->nodes[i].prev != NO_NODE; i = s->nodes[i].prev)
        if (stopped(s->params, ++count))
            return -1;
    size_t k = count;
    for (size_t i = last; s->nodes[i].prev != NO_NODE; i = s->nodes[i].prev) {
        const node *to = &s->nodes[i];
        if (--k < max)
            out[k] = make_line(s->p, s->nodes[to->prev].start, to->pos,
                               to->ratio, to->overfull);
        if (stopped(s->params, count - k))
            return -1;
    }
    return (long)count;
}

/* Tolerance first, then looser, then anything with overfull lines as a
 * last resort; the third pass cannot fail on finite input (see
 * rescue()). -2 when even it found nothing (NaN widths). */
static long solve(search *s, np_line_break *out, size_t max)
{
    double tol = s->params->tolerance;
    const double tolerances[3] = { tol, fmax(tol, RETRY_TOLERANCE), INFINITY };
    for (int pass = 0; pass < 3; pass++) {
        if (pass == 1 && tolerances[1] == tolerances[0])
            continue;           /* the first pass was as loose already */
        int rc = run_pass(s, tolerances[pass], pass == 2);
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
    if (!params) {
        np_lb_params_default(&defaults);
        params = &defaults;
    }
    if (n == 0)
        return 0;
    para p;
    if (para_init(&p, items, n, params, alloc) < 0)
        return -1;
    search s = { .p = &p, .params = params, .alloc = alloc };
    long lines = -1;
    if (load_widths(&s, width, width_ud) == 0)
        lines = solve(&s, out, max);
    search_free(&s);
    para_free(&p, alloc);
    if (lines == -2)
        return np_linebreak_greedy(items, n, width, width_ud, params, alloc,
                                   out, max);
    return lines;
}

/* ---- first-fit -------------------------------------------------------- */

/* The last break from `from` on where the line starting at `start` still
 * fits shrunk; a break that would pass the hyphen limit is not taken. A
 * line with no such break goes overfull to the first break allowed. */
static size_t first_fit(const para *p, const np_lb_params *pp, size_t from,
                        size_t start, double width, int run)
{
    size_t last_ok = NO_ITEM;
    for (size_t j = from; j <= p->end; j++) {
        bool forced = is_forced(p, j);
        if (!is_legal_break(p, j) || (j < start && !forced))
            continue;
        bool allowed = next_run(pp, p, run, j) >= 0;
        line_fit f = fit_line(p, start, j, width);
        if (f.passed || (forced && f.overfull)) {
            if (last_ok != NO_ITEM)
                return last_ok;
            if (allowed)
                return j;
        } else if (forced) {
            return j;
        } else if (allowed && !f.overfull) {
            last_ok = j;
        }
    }
    return p->end;              /* not reached: the end is forced */
}

/* Fills lines one after the other; returns how many there are, or -1
 * when told to stop. */
static long greedy_lines(const para *p, const np_lb_params *pp,
                         np_line_width_fn width, void *ud,
                         np_line_break *out, size_t max)
{
    size_t lines = 0, from = 0, start = 0;
    int run = 0;
    for (;;) {
        if (stopped(pp, lines + 1))
            return -1;
        double w = width(ud, lines);
        size_t b = first_fit(p, pp, from, start, w, run);
        line_fit f = fit_line(p, start, b, w);
        if (lines < max)
            out[lines] = make_line(p, start, b, reported_ratio(f), f.overfull);
        lines++;
        if (b >= p->end)
            return (long)lines;
        run = next_run(pp, p, run, b);
        from = b + 1;
        start = start_after(p, b);
    }
}

long np_linebreak_greedy(const np_item *items, size_t n,
                         np_line_width_fn width, void *width_ud,
                         const np_lb_params *params,
                         const np_allocator *alloc,
                         np_line_break *out, size_t max)
{
    np_lb_params defaults;
    if (!params) {
        np_lb_params_default(&defaults);
        params = &defaults;
    }
    if (n == 0)
        return 0;
    para p;
    if (para_init(&p, items, n, params, alloc) < 0)
        return -1;
    long lines = greedy_lines(&p, params, width, width_ud, out, max);
    para_free(&p, alloc);
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
