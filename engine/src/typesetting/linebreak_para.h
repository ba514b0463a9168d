/*
 * linebreak_para.h - a measured paragraph as both line breakers read it
 * (total-fit in linebreak.c, first-fit in linebreak_greedy.c): where it
 * may break, and how the line between two breaks fits its measure, from
 * prefix sums of widths, stretch and shrink, so that measuring a line
 * costs the same whatever its length. Internal to the breakers: callers
 * use linebreak.h.
 */
#ifndef NP_LINEBREAK_PARA_H
#define NP_LINEBREAK_PARA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "typesetting/linebreak.h"

#define NP_LB_NO_ITEM SIZE_MAX

/* Breaks tried (total-fit) or lines set (first-fit) between two polls
 * of params->stop: a break costs at most a thousand lines tried, so a
 * poll comes every few milliseconds at worst. */
#define NP_LB_STOP_EVERY 256
#define NP_LB_SUMS_EVERY 65536      /* items summed between two polls */

/* The paragraph, with totals over items[0..i) for every i in 0..n. */
typedef struct np_lb_para {
    const np_item *items;
    size_t n;
    size_t end;                 /* the last break: n - 1, or n when the
                                 * sequence lacks its forced break */
    double *width, *stretch, *shrink, *fil;
    size_t *next_box;           /* the first box at or after i, or n: so
                                 * that a run of empty lines (thousands
                                 * of <br/>) costs no rescan per line */
} np_lb_para;

/* How one candidate line fits its measure. */
typedef struct np_lb_fit {
    double ratio;               /* +INFINITY: short, nothing to stretch */
    bool overfull;
    bool passed;                /* overfull before its hyphen even: no
                                 * later break can fit either */
} np_lb_fit;

/* What both breakers do first: TeX's defaults in *defaults when
 * *params is NULL, then the prefix sums of a paragraph that is not
 * empty. 1 for an empty paragraph (no lines, nothing to free), 0 when
 * p is ready, -1 when memory runs out or the breaker was told to stop. */
int np_lb_para_open(np_lb_para *p, const np_item *items, size_t n,
                    const np_lb_params **params, np_lb_params *defaults,
                    const np_allocator *alloc);
/* Fills the prefix sums; -1 when memory runs out or pp->stop said
 * stop. */
int np_lb_para_init(np_lb_para *p, const np_item *items, size_t n,
                    const np_lb_params *pp, const np_allocator *alloc);
/* Whether to stop now: pp->stop, asked every NP_LB_STOP_EVERY counts. */
bool np_lb_stopped(const np_lb_params *pp, size_t count);
void np_lb_para_free(np_lb_para *p, const np_allocator *alloc);

/* A forced break (or the end, at index n and beyond). */
bool np_lb_is_forced(const np_lb_para *p, size_t b);
/* A penalty below infinity, or glue right after a box. */
bool np_lb_is_legal(const np_lb_para *p, size_t b);
/* A hyphenation break. */
bool np_lb_is_flagged(const np_lb_para *p, size_t b);
/* The penalty of breaking at b (0 at glue). */
double np_lb_break_penalty(const np_lb_para *p, size_t b);
/* The first item of the line after a break at b. */
size_t np_lb_start_after(const np_lb_para *p, size_t b);
/* How items[start..b) fit `width` when the line ends at b. */
np_lb_fit np_lb_fit_line(const np_lb_para *p, size_t start, size_t b,
                         double width);
/* The ratio the caller sets a line with. */
double np_lb_reported_ratio(np_lb_fit f);
/* The run of hyphenated lines after breaking at b, or -1 when the
 * hyphen limit forbids the break. */
int np_lb_next_run(const np_lb_params *pp, const np_lb_para *p, int run,
                   size_t b);
np_line_break np_lb_make_line(const np_lb_para *p, size_t start, size_t b,
                              double ratio, bool overfull);

#endif
