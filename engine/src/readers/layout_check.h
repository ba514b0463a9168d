/*
 * layout_check.h - what a loaded layout places must lie on its page
 * (layout_check.c), and templates name only the fields they may use.
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

/* Whether every "{name}" of `templ` is one of `names` (NULL-ended) and
 * every "{" is closed. When not, writes the first wrong field, or "{"
 * for an unclosed one, into bad[0..size). */
bool np_template_ok(const char *templ, const char *const names[], char *bad,
                    size_t size);

/* The names of `names` joined by ", " as "{a}, {b}", for messages;
 * "none" for an empty list. */
void np_template_names(const char *const names[], char *out, size_t size);

/* np_template_ok, reporting a wrong field of `templ` (the text of
 * `what`, at file:pos). Returns whether it was right. */
bool np_template_check(np_diags *diags, const char *file, np_pos pos,
                       const char *what, const char *templ,
                       const char *const names[]);

#endif
