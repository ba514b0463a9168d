/*
 * linebreak.h - choosing line breaks in a paragraph.
 *
 * The paragraph arrives already measured, as Knuth and Plass describe it:
 * a sequence of boxes (fixed width), glue (natural width, stretch,
 * shrink) and penalties (a cost for breaking there; a flagged penalty is
 * a hyphenation point). The breakers here are pure functions of that
 * sequence and the line widths: they never see text or fonts.
 *
 * A box may stretch and shrink too: the give of its letters (a few
 * tenths of a point spread over its glyphs), counted in its line's
 * totals like the glue's, so that the adjustment ratio sets spaces and
 * letters alike; a penalty's stretch and shrink join the line it ends,
 * with its width (the hyphen's letter).
 *
 * A break may happen at a penalty below NP_PENALTY_INF, or at a glue
 * immediately preceded by a box. The glue (and any run of glue and
 * penalties) at a break is dropped; a penalty's width is added to the
 * line it ends (the hyphen). The sequence must end with a forced break
 * (penalty <= -NP_PENALTY_INF), normally after a glue of infinite
 * stretch (width 0, stretch >= NP_STRETCH_FIL) for a ragged last line.
 */
#ifndef NP_LINEBREAK_H
#define NP_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>
#include "notepress.h"

#define NP_PENALTY_INF 10000
#define NP_STRETCH_FIL 1e6

typedef enum np_item_type {
    NP_BOX,
    NP_GLUE,
    NP_PENALTY
} np_item_type;

typedef struct np_item {
    np_item_type type;
    bool flagged;               /* penalty only: a hyphenation break */
    int penalty;                /* penalty only */
    double width;               /* box, glue; penalty: width if broken */
    double stretch, shrink;     /* glue; a box's letters; a penalty's
                                   hyphen, when broken */
} np_item;

typedef struct np_lb_params {
    double tolerance;           /* largest adjustment ratio allowed (TeX: 2..3) */
    double line_penalty;        /* added to every line's badness (TeX: 10) */
    double flagged_demerits;    /* two hyphenated lines in a row (TeX: 3000) */
    double fitness_demerits;    /* adjacent lines of very different tightness (100) */
    int max_consecutive_flagged;/* never more hyphenated lines in a row (2) */
    /* When not NULL, polled every few hundred breaks tried: a non-zero
     * answer abandons the paragraph (the breakers return -1), so that a
     * render stops within moments even inside one huge paragraph. */
    int (*stop)(void *ud);
    void *stop_ud;
} np_lb_params;

/* TeX-like defaults. */
void np_lb_params_default(np_lb_params *p);

/* One chosen line: it ends at item `end` (the break item), and its
 * content is items[start..end) with leading glue/penalties skipped. */
typedef struct np_line_break {
    size_t start;               /* first item of the line */
    size_t end;                 /* the break item (not part of the line) */
    double ratio;               /* adjustment ratio: >0 stretched, <0 shrunk */
    bool hyphenated;            /* ends at a flagged penalty */
    bool overfull;              /* content wider than the line even fully shrunk */
} np_line_break;

/* The width of line number `line` (0-based). */
typedef double (*np_line_width_fn)(void *ud, size_t line);

/* Total-fit: the breaks minimising the sum of demerits over the whole
 * paragraph. When no set of breaks stays within the tolerance, it
 * retries with a larger one (4.64, where badness stops growing); where
 * even that leaves no way on, the line there is the one first-fit would
 * set, however loose, and the choice goes on from its end; a line is
 * overfull (marked `overfull`) only when not one word fits it. Writes
 * at most `max` breaks to `out` and returns how many lines there are
 * (may exceed `max`: call again with a bigger array), or -1 when memory
 * runs out or params->stop said stop. */
long np_linebreak_optimal(const np_item *items, size_t n,
                          np_line_width_fn width, void *width_ud,
                          const np_lb_params *params,
                          const np_allocator *alloc,
                          np_line_break *out, size_t max);

/* First-fit: fills each line as full as it can, then breaks at the last
 * feasible place (shrinking glue as needed), for comparison. Same
 * contract as np_linebreak_optimal. */
long np_linebreak_greedy(const np_item *items, size_t n,
                         np_line_width_fn width, void *width_ud,
                         const np_lb_params *params,
                         const np_allocator *alloc,
                         np_line_break *out, size_t max);

#endif
