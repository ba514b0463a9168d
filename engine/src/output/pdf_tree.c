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
 *
 * A node is a libharu dictionary with no items of its own: what it
 * holds is a record of its entries and kids, from which its write hook
 * writes /Limits, /Kids and /Nums or /Names as the document is saved.
 * A tree of libharu arrays, one object per key and value, cost the
 * ParentTree of a long report more memory than its pages.
 */
#include "output/pdf_tree.h"

/* What a node writes: entries [lo, hi) of the tree, in its kids when it
 * has any. */
typedef struct node {
    np_pdf_tree tree;
    size_t lo, hi;
    bool limits;                /* not the root */
    size_t nkids;
    HPDF_Dict kids[];
} node;

/* /Limits [first last], then /Kids [...] or the entries as /Nums [key
 * value ...] or /Names [...]: the order in which the nodes were once
 * made of libharu arrays, and still read. */
static HPDF_STATUS write_node(HPDF_Dict dict, HPDF_Stream stream)
{
    const node *n = dict->attr;
    const np_pdf_tree *t = &n->tree;
    np_pdf_writer w;
    np_pdf_writer_init(&w, stream);
    if (n->limits) {
        np_pdf_write_key(&w, "Limits");
        np_pdf_write_open(&w);
        t->write_key(t->ud, n->lo, &w);
        np_pdf_write_next(&w);
        t->write_key(t->ud, n->hi - 1, &w);
        np_pdf_write_next(&w);
        np_pdf_write_close(&w);
        np_pdf_write_end(&w);
    }
    np_pdf_write_key(&w, n->nkids ? "Kids" : t->names ? "Names" : "Nums");
    np_pdf_write_open(&w);
    for (size_t k = 0; k < n->nkids; k++) {
        np_pdf_write_ref(&w, n->kids[k]);
        np_pdf_write_next(&w);
    }
    for (size_t i = n->lo; !n->nkids && i < n->hi; i++) {
        t->write_key(t->ud, i, &w);
        np_pdf_write_next(&w);
        t->write_value(t->ud, i, &w);
        np_pdf_write_next(&w);
    }
    np_pdf_write_close(&w);
    np_pdf_write_end(&w);
    return np_pdf_writer_done(&w);
}

static void free_node(HPDF_Dict dict)
{
    HPDF_FreeMem(dict->mmgr, dict->attr);
    dict->attr = NULL;
}

/* The record of `dict`, a node of entries [lo, hi) with `nkids` kids;
 * NULL when out of memory (recorded in the document). */
static node *attach(HPDF_Dict dict, const np_pdf_tree *t, size_t lo,
                    size_t hi, size_t nkids)
{
    node *n = HPDF_GetMem(dict->mmgr, sizeof *n + nkids * sizeof n->kids[0]);
    if (!n)
        return NULL;
    *n = (node){ .tree = *t, .lo = lo, .hi = hi, .nkids = nkids };
    dict->attr = n;
    dict->write_fn = write_node;
    dict->free_fn = free_node;
    return n;
}

/* Entries [lo, hi) under `dict`, `span` of them or fewer under each
 * kid; in the node itself when they fit in a leaf. */
static node *fill_node(const np_pdf_tree *t, HPDF_Dict dict, size_t lo,
                       size_t hi, size_t span)
{
    size_t n = hi - lo;
    size_t nkids = n <= NP_PDF_TREE_NODE ? 0 : (n + span - 1) / span;
    node *rec = attach(dict, t, lo, hi, nkids);
    for (size_t k = 0; rec && k < nkids; k++) {
        size_t first = lo + k * span;
        size_t end = hi - first < span ? hi : first + span;
        HPDF_Dict kid = np_pdf_new_object(t->pdf);
        node *below = kid ? fill_node(t, kid, first, end,
                                      span / NP_PDF_TREE_NODE) : NULL;
        if (!below) {
            rec->nkids = k;     /* the kids made so far */
            return NULL;
        }
        below->limits = true;
        rec->kids[k] = kid;
    }
    return rec;
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
    return fill_node(t, root, 0, t->n, span) ? root : NULL;
}
