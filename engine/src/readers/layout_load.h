/*
 * layout_load.h - loading a layout file into np_layout (layout_load.c),
 * with the layouts it extends. Finding files is the caller's, through
 * np_layout_find_fn.
 */
#ifndef NP_LAYOUT_LOAD_H
#define NP_LAYOUT_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "ground/arena.h"
#include "ground/diag.h"
#include "readers/layout.h"

/* Loads a layout file given as bytes (`file` names it in messages).
 * Returns 0, 1 when refused (reported), -1 out of memory. A layout that
 * extends another one is refused here: see np_layout_load_with. */
int np_layout_load(np_arena *arena, np_diags *diags, const char *file,
                   const char *bytes, size_t len, np_layout *out);

/* Finds the layout named `name` (as written in extends="...") for the
 * layout file `from`. Sets *bytes (freed by the caller with free()),
 * *len and *path (in the arena; "layouts/NAME.xml" for a built-in copy,
 * then *builtin is set and *bytes must not be freed). Returns 0, -1
 * when there is no such layout, or -2 when it was found but could not
 * be read (the finder reported why). */
typedef int (*np_layout_find_fn)(void *ud, const char *name, const char *from,
                                 char **bytes, size_t *len, const char **path,
                                 bool *builtin);

/* Same, following extends="NAME" through `find`: the parent's fields
 * are read first and the child's override them. A cycle or more than 16
 * levels is refused. `builtin`: the bytes are a copy built into the
 * library (its relative font files are then looked up in the usual font
 * directories only). `lang`: the document's language, whose
 * <language code="..."> groups apply (NULL: none does). */
int np_layout_load_with(np_arena *arena, np_diags *diags, const char *file,
                        const char *bytes, size_t len, bool builtin,
                        np_layout_find_fn find, void *find_ud, const char *lang,
                        np_layout *out);

#endif
