/*
 * out_pdf_struct.c - the structure tree of a tagged PDF, written at the
 * end of the document from what out_pdf_tags.c gathered as the pages
 * were drawn.
 *
 * Through libharu's object layer, which has no call for any of it
 * (docs/dependencies.md): a StructElem dictionary for each element
 * that joined the tree, with its kids (MCIDs, marked-content
 * references to other pages, object references to link annotations)
 * and, past what one array may hold, its kids in NonStruct groups; the
 * StructTreeRoot with its ParentTree (MCID -> element for each page,
 * annotation -> its Link) and IDTree (the notes), both trees of
 * bounded nodes (pdf_tree.c); in the catalog /MarkInfo and
 * /ViewerPreferences.
 *
 * It decides nothing about what an element is, nor draws anything.
 */
#include <stdlib.h>
#include <string.h>

#include "output/out_pdf_tags.h"
#include "output/pdf_tree.h"

static HPDF_Dict ref_dict(HPDF_Array kids, const char *type)
{
    HPDF_Dict d = np_pdf_push_dict(kids);
    if (d)
        HPDF_Dict_AddName(d, "Type", type);
    return d;
}

/* The page of kid `k`'s content: its own, or its element's first. */
static int kid_page(const np_pdf_tags *t, const kid *k)
{
    return k->type == KID_CHILD ? t->elems[k->value].page : k->page;
}

/* Kid `k` in the /K array `kids` of `holder`, whose /Pg is `page`: an
 * MCID of that page is a number, of another a marked-content
 * reference. A child element's /P is the holder. */
static void put_kid(np_pdf_out *o, HPDF_Array kids, HPDF_Dict holder,
                    int page, kid *k)
{
    np_pdf_tags *t = o->tags;
    k->holder = holder;
    if (k->type == KID_CHILD) {
        HPDF_Array_Add(kids, t->elems[k->value].obj);
        HPDF_Dict_Add(t->elems[k->value].obj, "P", holder);
    } else if (k->type == KID_MCID && k->page == page) {
        HPDF_Array_AddNumber(kids, k->value);
    } else if (k->type == KID_MCID) {
        HPDF_Dict mcr = ref_dict(kids, "MCR");
        if (mcr) {
            HPDF_Dict_Add(mcr, "Pg", t->pages[k->page]);
            HPDF_Dict_AddNumber(mcr, "MCID", k->value);
        }
    } else {
        HPDF_Dict objr = ref_dict(kids, "OBJR");
        if (objr) {
            HPDF_Dict_Add(objr, "Obj", t->annots[k->value]);
            HPDF_Dict_Add(objr, "Pg", t->pages[k->page]);
        }
    }
}

/* A lone kid, an element or an MCID of the holder's page, is the value
 * of /K itself: /K 3, not /K [3]. */
static bool put_only_kid(np_pdf_out *o, HPDF_Dict holder, int page, kid *k)
{
    np_pdf_tags *t = o->tags;
    if (k->type == KID_OBJR || (k->type == KID_MCID && k->page != page))
        return false;
    k->holder = holder;
    if (k->type == KID_MCID) {
        HPDF_Dict_AddNumber(holder, "K", k->value);
    } else {
        HPDF_Dict_Add(holder, "K", t->elems[k->value].obj);
        HPDF_Dict_Add(t->elems[k->value].obj, "P", holder);
    }
    return true;
}

static int put_kids(np_pdf_out *o, HPDF_Dict holder, int page, int *k,
                    size_t n, size_t span);

/* `n` kids from *k on as `groups` NonStruct elements in `kids`, the
 * /K of `holder`, of `span` kids or fewer each, as many in each as
 * can be. */
static int put_groups(np_pdf_out *o, HPDF_Array kids, HPDF_Dict holder,
                      int *k, size_t n, size_t span)
{
    np_pdf_tags *t = o->tags;
    size_t groups = (n + span - 1) / span;
    for (size_t g = 0; g < groups; g++) {
        HPDF_Dict group = np_pdf_new_object(o->pdf);
        if (!group || HPDF_Array_Add(kids, group) != HPDF_OK)
            return np_pdf_check_ptr(o, NULL, "writing the structure tree");
        int page = kid_page(t, &t->kids[*k]);
        HPDF_Dict_AddName(group, "S", "NonStruct");
        HPDF_Dict_Add(group, "P", holder);
        if (page >= 0)
            HPDF_Dict_Add(group, "Pg", t->pages[page]);
        size_t size = n * (g + 1) / groups - n * g / groups;
        if (put_kids(o, group, page, k, size, span / NP_PDF_MAX_ARRAY) < 0)
            return -1;
    }
    return 0;
}

/* The /K of `holder`, whose /Pg is `page`: `n` kids from *k on, *k
 * left at the next. An array holds NP_PDF_MAX_ARRAY of them at most
 * (pdf_tree.h): more go into NonStruct elements, the grouping type
 * whose kids readers take as those of its parent (ISO 32000-1,
 * 14.8.4.2), of `span` kids or fewer each, nested again when one level
 * of groups is not enough. */
static int put_kids(np_pdf_out *o, HPDF_Dict holder, int page, int *k,
                    size_t n, size_t span)
{
    np_pdf_tags *t = o->tags;
    if (n == 1 && put_only_kid(o, holder, page, &t->kids[*k])) {
        *k = t->kids[*k].next;
        return 0;
    }
    HPDF_Array kids = np_pdf_add_array(holder, "K");
    if (!kids)
        return np_pdf_check(o, "writing the structure tree");
    if (n > NP_PDF_MAX_ARRAY)
        return put_groups(o, kids, holder, k, n, span);
    for (size_t i = 0; i < n; i++, *k = t->kids[*k].next)
        put_kid(o, kids, holder, page, &t->kids[*k]);
    return 0;
}

static int put_text(np_pdf_out *o, HPDF_Dict d, const char *key,
                    const char *utf8)
{
    if (!utf8)
        return 0;
    HPDF_Binary s = np_pdf_text_string(o, utf8);
    if (!s)
        return np_pdf_refuse_text(o);
    HPDF_Dict_Add(d, key, s);
    return 0;
}

/* /A <</O /Table /Scope /Column /ColSpan 2>> of a table cell. */
static void put_table_attrs(HPDF_Dict d, const np_out_elem *el)
{
    if (!el->scope && el->colspan <= 1)
        return;
    HPDF_Dict a = np_pdf_add_dict(d, "A");
    if (!a)
        return;
    HPDF_Dict_AddName(a, "O", "Table");
    if (el->scope)
        HPDF_Dict_AddName(a, "Scope", el->scope);
    if (el->colspan > 1)
        HPDF_Dict_AddNumber(a, "ColSpan", el->colspan);
}

/* /Ref: a Reference's Note, and a Note's References (the key of PDF
 * 2.0, which readers of PDF 1.7 pass over). A Note's list is one array:
 * a note called more than NP_PDF_MAX_ARRAY times lists the first calls
 * that many; every Reference still leads to its Note. */
static void put_refs(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    for (size_t i = 0; i < t->nelems; i++) {
        int note = t->tree->elems[i].ref;
        if (!t->elems[i].joined || note < 0 || (size_t)note >= t->nelems
            || !t->elems[note].joined)
            continue;
        HPDF_Array there = np_pdf_add_array(t->elems[i].obj, "Ref");
        if (there)
            HPDF_Array_Add(there, t->elems[note].obj);
        HPDF_Dict back = t->elems[note].obj;
        HPDF_Array refs = HPDF_Dict_GetItem(back, "Ref", HPDF_OCLASS_ARRAY);
        if (!refs)
            refs = np_pdf_add_array(back, "Ref");
        if (refs && HPDF_Array_Items(refs) < NP_PDF_MAX_ARRAY)
            HPDF_Array_Add(refs, t->elems[i].obj);
    }
}

/* Element `e`'s StructElem, all but its /P, which the holder of its
 * kid gives it. */
static int fill_elem(np_pdf_out *o, int e)
{
    np_pdf_tags *t = o->tags;
    const np_out_elem *el = &t->tree->elems[e];
    elem_state *s = &t->elems[e];
    HPDF_Dict d = s->obj;
    /* no /Type /StructElem: it is optional, and a long report has
     * thousands of elements, each an object of its own */
    HPDF_Dict_AddName(d, "S", el->role);
    if (s->page >= 0)
        HPDF_Dict_Add(d, "Pg", t->pages[s->page]);
    if (el->lang)
        np_pdf_add_string(d, "Lang", el->lang);
    if (el->id)
        np_pdf_add_string(d, "ID", el->id);
    if (put_text(o, d, "Alt", el->alt) < 0
        || put_text(o, d, "ActualText", el->actual) < 0)
        return -1;
    put_table_attrs(d, el);
    /* the smallest span of a group that leaves NP_PDF_MAX_ARRAY of
     * them or fewer in the element's /K */
    size_t span = NP_PDF_MAX_ARRAY;
    while (s->nkids > span * NP_PDF_MAX_ARRAY)
        span *= NP_PDF_MAX_ARRAY;
    int k = s->first;
    return put_kids(o, d, s->page, &k, s->nkids, span);
}

static int make_objects(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    for (size_t i = 0; i < t->nelems; i++)
        if (t->elems[i].joined
            && !(t->elems[i].obj = np_pdf_new_object(o->pdf)))
            return np_pdf_check_ptr(o, NULL, "writing the structure tree");
    return 0;
}

/* The ParentTree's entry i: a page's elements by MCID, or a link
 * annotation's Link; each the StructElem whose /K lists the MCID or
 * the annotation's OBJR, a group's when the element's kids did not fit
 * in one array. */
static void put_parent_key(void *ud, size_t i, HPDF_Array into)
{
    (void)ud;
    HPDF_Array_AddNumber(into, (HPDF_INT32)i);
}

static void put_parents(void *ud, size_t i, HPDF_Array into)
{
    np_pdf_tags *t = ud;
    const parent_key *key = &t->keys[i];
    if (!key->page) {
        HPDF_Array_Add(into, t->kids[key->kid].holder);
        return;
    }
    HPDF_Array list = np_pdf_push_array(into);
    for (size_t m = 0; list && m < key->count; m++)
        HPDF_Array_Add(list, t->kids[t->mcid_kids[key->first + m]].holder);
}

/* /ParentTree: key -> [elements by MCID] of a page, or -> element of
 * an annotation, as a number tree of bounded nodes (pdf_tree.h). */
static int put_parent_tree(np_pdf_out *o, HPDF_Dict root)
{
    np_pdf_tags *t = o->tags;
    np_pdf_tree tree = { .pdf = o->pdf, .n = t->nkeys, .ud = t,
                         .put_key = put_parent_key, .put_value = put_parents };
    if (!np_pdf_put_tree(root, "ParentTree", &tree))
        return np_pdf_check_ptr(o, NULL, "writing the parent tree");
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)t->nkeys);
    return np_pdf_check(o, "writing the parent tree");
}

typedef struct id_entry {
    const char *id;
    int elem;
} id_entry;

typedef struct id_list {
    np_pdf_out *o;
    id_entry *ids;
} id_list;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id);
}

static void put_id(void *ud, size_t i, HPDF_Array into)
{
    id_list *l = ud;
    HPDF_Array_Add(into, HPDF_String_New(l->o->pdf->mmgr, l->ids[i].id, NULL));
}

static void put_id_elem(void *ud, size_t i, HPDF_Array into)
{
    id_list *l = ud;
    HPDF_Array_Add(into, l->o->tags->elems[l->ids[i].elem].obj);
}

/* /IDTree: ID -> element, sorted by ID as a name tree asks, in bounded
 * nodes (pdf_tree.h). */
static int put_id_tree(np_pdf_out *o, HPDF_Dict root)
{
    np_pdf_tags *t = o->tags;
    id_entry *ids = np_mem_alloc(o->alloc, (t->nelems + 1) * sizeof *ids);
    if (!ids)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    size_t n = 0;
    for (size_t i = 0; i < t->nelems; i++)
        if (t->elems[i].joined && t->tree->elems[i].id)
            ids[n++] = (id_entry){ t->tree->elems[i].id, (int)i };
    qsort(ids, n, sizeof *ids, by_id);
    id_list list = { o, ids };
    np_pdf_tree tree = { .pdf = o->pdf, .names = true, .n = n, .ud = &list,
                         .put_key = put_id, .put_value = put_id_elem };
    if (n)
        np_pdf_put_tree(root, "IDTree", &tree);
    np_mem_free(o->alloc, ids);
    return np_pdf_check(o, "writing the ID tree");
}

/* /MarkInfo <</Marked true>> and /ViewerPreferences
 * <</DisplayDocTitle true>>: what tells a reader the file is tagged,
 * and to show its title rather than its file name. */
static int put_catalog(np_pdf_out *o, HPDF_Dict root)
{
    HPDF_Dict cat = o->pdf->catalog;
    HPDF_Dict_Add(cat, "StructTreeRoot", root);
    HPDF_Dict mark = np_pdf_add_dict(cat, "MarkInfo");
    if (mark)
        HPDF_Dict_Add(mark, "Marked", HPDF_Boolean_New(o->pdf->mmgr, HPDF_TRUE));
    HPDF_Dict prefs = np_pdf_add_dict(cat, "ViewerPreferences");
    if (prefs)
        HPDF_Dict_Add(prefs, "DisplayDocTitle",
                      HPDF_Boolean_New(o->pdf->mmgr, HPDF_TRUE));
    return np_pdf_check(o, "declaring the structure");
}

int np_pdf_struct_write(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (make_objects(o) < 0)
        return -1;
    HPDF_Dict root = np_pdf_new_object(o->pdf);
    if (np_pdf_check_ptr(o, root, "writing the structure tree") < 0)
        return -1;
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    if (t->elems[0].joined) {
        HPDF_Dict_Add(root, "K", t->elems[0].obj);
        HPDF_Dict_Add(t->elems[0].obj, "P", root);
    }
    for (size_t i = 0; i < t->nelems; i++)
        if (t->elems[i].joined && fill_elem(o, (int)i) < 0)
            return -1;
    put_refs(o);
    if (put_parent_tree(o, root) < 0 || put_id_tree(o, root) < 0)
        return -1;
    return put_catalog(o, root);
}
