/*
 * out_pdf_tags.h - the state of a tagged PDF, which out_pdf_tags.c
 * gathers as pages are drawn (which element each marked-content
 * sequence and link annotation belongs to, which elements have joined
 * the tree, in what order) and out_pdf_struct.c writes out at the end
 * as the structure tree. Not for the rest of the back end, which sees
 * the tags through out_pdf.h.
 */
#ifndef NP_OUT_PDF_TAGS_H
#define NP_OUT_PDF_TAGS_H

#include "output/out_pdf.h"

enum kid_type { KID_MCID, KID_CHILD, KID_OBJR };

typedef struct kid {
    int next;                   /* next kid of the same element, or -1 */
    enum kid_type type;
    int page;                   /* index in tags.pages (MCID, OBJR) */
    int value;                  /* MCID, child element, annotation index */
    HPDF_Dict holder;           /* the StructElem whose /K lists it: its
                                   element's, or a group's (at the end) */
} kid;

/* At the end: a StructElem is a libharu object with no items, which
 * out_pdf_struct.c's write hook writes from these (dict->attr). */
typedef struct elem_state {
    int first, last;            /* kids, -1 when none */
    size_t nkids;
    int page;                   /* page of its first content, -1 none */
    bool joined;                /* in the tree */
    HPDF_Dict obj;              /* its StructElem, at the end */
    HPDF_Dict up;               /* its /P: the StructElem listing it */
    size_t groups;              /* its first group, past NP_PDF_MAX_ARRAY
                                   kids */
    np_pdf_tags *tags;          /* for the write hook */
} elem_state;

/* A NonStruct element grouping `n` kids of an element from `first` on,
 * when they are more than one array holds (out_pdf_struct.c). */
typedef struct kid_group {
    HPDF_Dict obj, up;          /* its StructElem, and the one listing it */
    int page, first;            /* its /Pg; its first kid */
    size_t n, span;             /* its kids; the most in a group of its */
    size_t groups;              /* its first group, past NP_PDF_MAX_ARRAY */
    np_pdf_tags *tags;
} kid_group;

typedef struct id_entry {       /* an entry of the IDTree */
    const char *id;
    int elem;
} id_entry;

/* A key of the ParentTree: a page (the kids that are its MCIDs from
 * `first` in mcid_kids) or a link annotation (`kid`, its OBJR). */
typedef struct parent_key {
    bool page;
    size_t first, count;
    int kid;
} parent_key;

struct np_pdf_tags {
    const np_out_tree *tree;
    elem_state *elems;
    size_t nelems, elem_cap;
    kid *kids;
    size_t nkids, kid_cap;
    HPDF_Page *pages;
    size_t npages, page_cap;
    HPDF_Annotation *annots;
    size_t nannots, annot_cap;
    parent_key *keys;
    size_t nkeys, key_cap;
    int *mcid_kids;             /* kid of each MCID, page after page */
    size_t nmcids, mcid_cap;
    size_t page_key;            /* the current page's key */
    np_pdf_out *out;            /* what the write hooks work with */
    /* at the end (out_pdf_struct.c), read as the document is saved */
    kid_group *groups;
    size_t ngroups, group_cap;
    int *ref_start;             /* the Note i's References: */
    int *refs;                  /* refs[ref_start[i] .. ref_start[i + 1]) */
    id_entry *ids;              /* sorted by ID */
    size_t nids;
    int want;                   /* what the next drawing belongs to */
    int open;                   /* the sequence open in the content */
    bool is_open;
};

/* The structure tree, its ParentTree and IDTree, and the catalog's
 * declarations, written at the end of the document (out_pdf_struct.c);
 * 0, or -1 when reported. */
int np_pdf_struct_write(np_pdf_out *o);

#endif
