/*
 * linebreak_para.c - the measured paragraph both line breakers read
 * (linebreak_para.h): legal breaks, prefix sums, and the adjustment
 * ratio of a line. The first line starts at item 0 as it is; later lines
 * start at the first box after their break. A sequence that lacks its
 * final forced break is read as if it had one at index n (the last
 * line's `end`). Lines are measured here, never chosen.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "ground/arena.h"
#include "typesetting/linebreak_para.h"

/* Prefix sums over 50 000 items lose about 1e-9 pt; a line that fits
 * exactly must not turn underfull or overfull by rounding. */
#define EPSILON_PT 1e-6

bool np_lb_is_forced(const np_lb_para *p, size_t b)
{
    return b >= p->n || (p->items[b].type == NP_PENALTY
                         && p->items[b].penalty <= -NP_PENALTY_INF);
}

/* A penalty below infinity, or glue right after a box. */
bool np_lb_is_legal(const np_lb_para *p, size_t b)
{
    if (b >= p->n)
        return true;
    const np_item *it = &p->items[b];
    if (it->type == NP_PENALTY)
        return it->penalty < NP_PENALTY_INF;
    return it->type == NP_GLUE && b > 0 && p->items[b - 1].type == NP_BOX;
}

bool np_lb_is_flagged(const np_lb_para *p, size_t b)
{
    return b < p->n && p->items[b].type == NP_PENALTY && p->items[b].flagged;
}

double np_lb_break_penalty(const np_lb_para *p, size_t b)
{
    return b < p->n && p->items[b].type == NP_PENALTY ? p->items[b].penalty : 0;
}

/* What breaking adds to the line: the hyphen of a penalty, with the
 * give of its letter. */
static const np_item *break_item(const np_lb_para *p, size_t b)
{
    static const np_item none = { .type = NP_PENALTY };
    return b < p->n && p->items[b].type == NP_PENALTY ? &p->items[b] : &none;
}

/* Glue and penalties after a break are dropped: the next line starts at
 * the next box (or at the end). */
size_t np_lb_start_after(const np_lb_para *p, size_t b)
{
    return b + 1 < p->n ? p->next_box[b + 1] : p->n;
}

/* Infinite stretch is counted apart, so that a ragged last line does not
 * drown the finite stretch in rounding. */
static void accumulate(np_lb_para *p, size_t i)
{
    const np_item *it = &p->items[i];
    bool counted = it->type != NP_PENALTY;
    bool fil = it->type == NP_GLUE && it->stretch >= NP_STRETCH_FIL;

    p->width[i + 1] = p->width[i] + (counted ? it->width : 0);
    p->stretch[i + 1] = p->stretch[i] + (counted && !fil ? it->stretch : 0);
    p->shrink[i + 1] = p->shrink[i] + (counted ? it->shrink : 0);
    p->fil[i + 1] = p->fil[i] + (fil ? 1 : 0);
}

bool np_lb_stopped(const np_lb_params *pp, size_t count)
{
    return count % NP_LB_STOP_EVERY == 0 && pp->stop && pp->stop(pp->stop_ud);
}

int np_lb_para_init(np_lb_para *p, const np_item *items, size_t n,
                    const np_lb_params *pp, const np_allocator *alloc)
{
    memset(p, 0, sizeof *p);
    p->items = items;
    p->n = n;
    p->end = n > 0 && np_lb_is_forced(p, n - 1) ? n - 1 : n;
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
        stop = i % NP_LB_SUMS_EVERY == NP_LB_SUMS_EVERY - 1
               && np_lb_stopped(pp, 0);
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

int np_lb_para_open(np_lb_para *p, const np_item *items, size_t n,
                    const np_lb_params **params, np_lb_params *defaults,
                    const np_allocator *alloc)
{
    if (!*params) {
        np_lb_params_default(defaults);
        *params = defaults;
    }
    if (n == 0)
        return 1;
    return np_lb_para_init(p, items, n, *params, alloc);
}

void np_lb_para_free(np_lb_para *p, const np_allocator *alloc)
{
    np_mem_free(alloc, p->width);
    np_mem_free(alloc, p->next_box);
}

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

/* A line that is overfull only by its hyphen does not end the search
 * from its start: the end of the word, with no hyphen, may still fit.
 * Later breaks only add items, each at least as wide as it can shrink. */
np_lb_fit np_lb_fit_line(const np_lb_para *p, size_t start, size_t b,
                         double width)
{
    np_lb_fit f = { 0, false, false };
    if (start >= b)
        return f;       /* empty, which only a forced break allows: as set */
    const np_item *hyphen = break_item(p, b);
    double content = p->width[b] - p->width[start];
    double shrink = p->shrink[b] - p->shrink[start];
    bool fil = p->fil[b] - p->fil[start] > 0;
    f.ratio = adjustment_ratio(width - content - hyphen->width,
                               p->stretch[b] - p->stretch[start] + hyphen->stretch,
                               shrink + hyphen->shrink, fil);
    f.overfull = f.ratio < -1;
    f.passed = content - shrink > width + EPSILON_PT;
    return f;
}

/* The ratio the caller sets the line with: an overfull line is fully
 * shrunk, and a line with nothing to stretch stays at its natural width
 * (as does one measured against a NaN width: never hand out NaN). */
double np_lb_reported_ratio(np_lb_fit f)
{
    if (f.overfull)
        return -1;
    return isfinite(f.ratio) ? f.ratio : 0;
}

/* The run of hyphenated lines after breaking at b, or -1 when the limit
 * forbids the break. Without a limit, only "after a hyphen" matters, so
 * runs stop at 1 and fewer nodes differ. A forced break is always taken. */
int np_lb_next_run(const np_lb_params *pp, const np_lb_para *p, int run,
                   size_t b)
{
    if (!np_lb_is_flagged(p, b))
        return 0;
    if (pp->max_consecutive_flagged <= 0)
        return 1;
    if (run >= pp->max_consecutive_flagged && !np_lb_is_forced(p, b))
        return -1;
    return run + 1;
}

np_line_break np_lb_make_line(const np_lb_para *p, size_t start, size_t b,
                              double ratio, bool overfull)
{
    np_line_break l = {
        .start = start < b ? start : b, .end = b, .ratio = ratio,
        .hyphenated = np_lb_is_flagged(p, b), .overfull = overfull,
    };
    return l;
}
