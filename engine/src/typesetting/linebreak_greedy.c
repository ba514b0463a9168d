/*
 * linebreak_greedy.c - first-fit line breaking, as word processors do
 * it: each line takes as much as fits, shrunk if need be, and breaks at
 * the last place that still fits; a line with none goes overfull to the
 * first break allowed. For comparison with total-fit (linebreak.c),
 * and its fallback when widths are not numbers.
 */
#include "ground/arena.h"
#include "typesetting/linebreak_para.h"

/* The last break from `from` on where the line starting at `start` still
 * fits shrunk; a break that would pass the hyphen limit is not taken. A
 * line with no such break goes overfull to the first break allowed. */
static size_t first_fit(const np_lb_para *p, const np_lb_params *pp,
                        size_t from, size_t start, double width, int run)
{
    size_t last_ok = NP_LB_NO_ITEM;
    for (size_t j = from; j <= p->end; j++) {
        bool forced = np_lb_is_forced(p, j);
        if (!np_lb_is_legal(p, j) || (j < start && !forced))
            continue;
        bool allowed = np_lb_next_run(pp, p, run, j) >= 0;
        np_lb_fit f = np_lb_fit_line(p, start, j, width);
        if (f.passed || (forced && f.overfull)) {
            if (last_ok != NP_LB_NO_ITEM)
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
static long greedy_lines(const np_lb_para *p, const np_lb_params *pp,
                         np_line_width_fn width, void *ud,
                         np_line_break *out, size_t max)
{
    size_t lines = 0, from = 0, start = 0;
    int run = 0;
    for (;;) {
        if (np_lb_stopped(pp, lines + 1))
            return -1;
        double w = width(ud, lines);
        size_t b = first_fit(p, pp, from, start, w, run);
        np_lb_fit f = np_lb_fit_line(p, start, b, w);
        if (lines < max)
            out[lines] = np_lb_make_line(p, start, b, np_lb_reported_ratio(f),
                                         f.overfull);
        lines++;
        if (b >= p->end)
            return (long)lines;
        run = np_lb_next_run(pp, p, run, b);
        from = b + 1;
        start = np_lb_start_after(p, b);
    }
}

long np_linebreak_greedy(const np_item *items, size_t n,
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
    long lines = greedy_lines(&p, params, width, width_ud, out, max);
    np_lb_para_free(&p, alloc);
    return lines;
}
