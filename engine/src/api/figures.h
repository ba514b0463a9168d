/*
 * figures.h - the files of a description's figures (figures.c).
 */
#ifndef NP_FIGURES_H
#define NP_FIGURES_H

#include <stdbool.h>

#include "api/engine.h"
#include "document/doc.h"

typedef struct np_figures {
    np_engine *engine;
    np_diags *diags;
    const char *file;           /* the description, as named */
    bool from_file;             /* false: read from memory, no directory */
    void (*dep)(void *ud, const char *path);    /* each file read, or NULL */
    void *dep_ud;
} np_figures;

/* Finds and decodes the image of every <img> of `doc` into its node.
 * Returns 0, or 1 when one is refused (reported at its element). */
int np_figures_load(np_figures *f, np_doc *doc);

#endif
