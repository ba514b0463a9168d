/*
 * pdf_tree.h - number trees and name trees (ISO 32000-1, 7.9.6 and
 * 7.9.7) in nodes of a bounded size, and the size of libharu's arrays
 * that makes the bound needed.
 *
 * It makes the tree's nodes, libharu dictionaries, and writes their
 * entries when the document is saved: the caller writes each key and
 * value (pdf_write.h). It reports nothing: libharu records an error in
 * the document, where the caller checks it (pdf_obj.h).
 */
#ifndef NP_PDF_TREE_H
#define NP_PDF_TREE_H

#include <stddef.h>
#include "output/pdf_obj.h"
#include "output/pdf_write.h"

/* The most items in an array the back end builds for the structure
 * tree: PDF/A-1 (ISO 19005-1, 6.1.12) allows no longer array, keeping
 * the limits of PDF 1.4 (PDF Reference 1.4, table C.1: 8 191 elements)
 * that the readers of its time had. Trees and the kids of an element
 * are split to keep under it whatever the output. */
#define NP_PDF_MAX_ARRAY ((size_t)8191)

/* The most items libharu puts in one array (HPDF_LIMIT_MAX_ARRAY,
 * 32 767 in 2.3.0): HPDF_Array_Add refuses one more with error 0x1001,
 * which then stays set in the document. */
#define NP_PDF_MAX_HPDF_ARRAY ((size_t)HPDF_LIMIT_MAX_ARRAY)

#if HPDF_LIMIT_MAX_ARRAY < 8191
#error "libharu's arrays hold fewer items than NP_PDF_MAX_ARRAY"
#endif

/* The most entries in a leaf, and kids in any other node, of a tree. */
#define NP_PDF_TREE_NODE ((size_t)64)

/* A tree of `n` entries, numbered 0 to n - 1 in increasing key order. */
typedef struct np_pdf_tree {
    HPDF_Doc pdf;               /* where the nodes are made */
    bool names;                 /* a name tree (/Names), else numbers */
    size_t n;
    /* Each writes, as the document is saved, the key of entry i (a
     * number, or a string in a name tree), or its value. */
    void (*write_key)(void *ud, size_t i, np_pdf_writer *w);
    void (*write_value)(void *ud, size_t i, np_pdf_writer *w);
    void *ud;                   /* read until the document is saved */
} np_pdf_tree;

/* Makes tree `t` as a direct dictionary under `key` of `owner`: its
 * entries in it when they fit in one leaf, otherwise in leaves of at
 * most NP_PDF_TREE_NODE entries under as many levels of indirect nodes
 * of at most NP_PDF_TREE_NODE kids as they need, each node but the
 * root with the /Limits [first last] of the keys below it. `t` is
 * copied; its entries are written when the document is saved. Returns
 * the root, NULL when libharu failed. */
HPDF_Dict np_pdf_put_tree(HPDF_Dict owner, const char *key,
                          const np_pdf_tree *t);

#endif
