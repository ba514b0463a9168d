/*
 * pdf_tree.c - number trees and name trees in nodes of a bounded size
 * (pdf_tree.h).
 *
 * libharu has no call for either, and keeps every array under 32 767
 * items: a tree of thousands of entries (the ParentTree of a document
 * with 100 000 note calls) cannot be one node. Leaves hold at most
 * NP_PDF_TREE_NODE entries, so a reader looking a key up reads a few
 * small nodes, not every entry; the cost is one object per leaf and
 * per node above them.
 *
 * The nodes are made top down: a node of `span` entries or fewer per
 * kid takes its entries in slices of `span`, and each slice is a leaf
 * or a node of its own with a span NP_PDF_TREE_NODE times smaller. The
 * depth is the logarithm of the entries, base NP_PDF_TREE_NODE: 3 for
 * 262 144 of them.
 */
#include "output/pdf_tree.h"

/* /Nums [key value ...] or /Names [...] of entries [lo, hi). */
static void put_entries(const np_pdf_tree *t, HPDF_Dict node, size_t lo,
                        size_t hi)
{
    HPDF_Array list = np_pdf_add_array(node, t->names ? "Names" : "Nums");
    for (size_t i = lo; list && i < hi; i++) {
        t->put_key(t->ud, i, list);
        t->put_value(t->ud, i, list);
    }
}

/* /Limits [first last]: the keys of entries lo and hi - 1. */
static void put_limits(const np_pdf_tree *t, HPDF_Dict node, size_t lo,
                       size_t hi)
{
    HPDF_Array limits = np_pdf_add_array(node, "Limits");
    if (limits) {
        t->put_key(t->ud, lo, limits);
        t->put_key(t->ud, hi - 1, limits);
    }
}

/* Entries [lo, hi) under `node`, `span` of them or fewer under each
 * kid; in the node itself when they fit in a leaf. */
static void fill_node(const np_pdf_tree *t, HPDF_Dict node, size_t lo,
                      size_t hi, size_t span)
{
    if (hi - lo <= NP_PDF_TREE_NODE) {
        put_entries(t, node, lo, hi);
        return;
    }
    HPDF_Array kids = np_pdf_add_array(node, "Kids");
    for (size_t k = lo; kids && k < hi; k += span) {
        size_t end = hi - k < span ? hi : k + span;
        HPDF_Dict kid = np_pdf_new_object(t->pdf);
        if (!kid || HPDF_Array_Add(kids, kid) != HPDF_OK)
            return;
        put_limits(t, kid, k, end);
        fill_node(t, kid, k, end, span / NP_PDF_TREE_NODE);
    }
}

HPDF_Dict np_pdf_put_tree(HPDF_Dict owner, const char *key,
                          const np_pdf_tree *t)
{
    HPDF_Dict root = np_pdf_add_dict(owner, key);
    if (!root)
        return NULL;
    /* the smallest span that leaves the root NP_PDF_TREE_NODE kids or
     * fewer, each a leaf or a node of full kids */
    size_t span = NP_PDF_TREE_NODE;
    while (t->n > span * NP_PDF_TREE_NODE)
        span *= NP_PDF_TREE_NODE;
    fill_node(t, root, 0, t->n, span);
    return root;
}
