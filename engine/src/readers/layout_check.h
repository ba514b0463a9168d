/*
 * layout_check.h - what a loaded layout places must lie on its page
 * (layout_check.c), and its templates name only the fields they may use
 * (checked by template.c).
 */
#ifndef NP_LAYOUT_CHECK_H
#define NP_LAYOUT_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include "readers/layout.h"

/* Where a field was set: the layout file, the attribute's position, and
 * the rank of the file in the chain of layouts (a layout is read after
 * the one it extends, and ranks higher), so that a conflict between two
 * fields is reported in the layout that extends: where its author
 * changed something. */
typedef struct np_field_site {
    const char *file;
    np_pos pos;
    unsigned order;
} np_field_site;

/* The site of field `key` ("body.left", "text.size"). */
typedef np_field_site (*np_field_site_fn)(void *ud, const char *key);

/* Checks the geometry of the complete layout `l`: the page size, every
 * margin, column, text area, baseline, rule and box of the masthead,
 * running heads and footers, and the type sizes of text set in the
 * text areas; then the fields of its templates. Each problem is
 * reported at the field's site. Returns the number of problems. */
int np_layout_check(np_diags *diags, const np_layout *l, np_field_site_fn site,
                    void *ud);

#endif
