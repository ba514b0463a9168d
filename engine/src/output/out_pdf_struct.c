/*
 * out_pdf_struct.c - the structure tree of a tagged PDF, written at the
 * end of the document from what out_pdf_tags.c gathered as the pages
 * were drawn.
 *
 * libharu has no call for any of it (docs/dependencies.md): a
 * StructElem dictionary for each element that joined the tree, with
 * its kids (MCIDs, marked-content references to other pages, object
 * references to link annotations) and, past what one array may hold,
 * its kids in NonStruct groups; the StructTreeRoot with its ParentTree
 * (MCID -> element for each page, annotation -> its Link) and IDTree
 * (the notes), both trees of bounded nodes (pdf_tree.c); in the
 * catalog /MarkInfo and /ViewerPreferences.
 *
 * Each StructElem is a libharu object, which gives it its number and
 * its place in the cross-reference table, but holds no libharu items:
 * its write hook writes its entries from the tags' own arrays as the
 * document is saved (pdf_write.h). Here the objects are made and each
 * kid is given the StructElem that lists it; the hooks below write.
 * A StructElem of libharu items, each key in a 128-byte buffer and
 * each reference an object of its own, doubled the memory a long
 * report took.
 *
 * It decides nothing about what an element is, nor draws anything.
 */
#include <stdlib.h>
#include <string.h>

#include "output/out_pdf_tags.h"
#include "output/pdf_tree.h"
#include "output/pdf_write.h"

/* The page of kid `k`'s content: its own, or its element's first. */
static int kid_page(const np_pdf_tags *t, const kid *k)
{
    return k->type == KID_CHILD ? t->elems[k->value].page : k->page;
}

/* A lone kid, an element or an MCID of the holder's page, is the value
 * of /K itself: /K 3, not /K [3]. */
static bool lone_kid(const np_pdf_tags *t, int first, size_t n, int page)
{
    if (n != 1)
        return false;
    const kid *k = &t->kids[first];
    return k->type == KID_CHILD || (k->type == KID_MCID && k->page == page);
}

/* The number of groups `n` kids make, `span` or fewer in each. */
static size_t groups_of(size_t n, size_t span)
{
    return (n + span - 1) / span;
}

/* The smallest span of a group that leaves NP_PDF_MAX_ARRAY of them or
 * fewer in an element's /K of `n` kids. */
static size_t span_of(size_t n)
{
    size_t span = NP_PDF_MAX_ARRAY;
    while (n > span * NP_PDF_MAX_ARRAY)
        span *= NP_PDF_MAX_ARRAY;
    return span;
}

/* ---- writing, as the document is saved --------------------------------- */

/* Kid `k` in the /K of a StructElem whose /Pg is `page`: an MCID of
 * that page is a number, of another a marked-content reference. */
static void write_kid(np_pdf_writer *w, const np_pdf_tags *t, int page,
                      const kid *k)
{
    if (k->type == KID_CHILD) {
        np_pdf_write_ref(w, t->elems[k->value].obj);
    } else if (k->type == KID_MCID && k->page == page) {
        np_pdf_write_int(w, k->value);
    } else if (k->type == KID_MCID) {
        np_pdf_write_raw(w, "<<\012");
        np_pdf_write_name_entry(w, "Type", "MCR");
        np_pdf_write_ref_entry(w, "Pg", t->pages[k->page]);
        np_pdf_write_int_entry(w, "MCID", k->value);
        np_pdf_write_raw(w, ">>");
    } else {
        np_pdf_write_raw(w, "<<\012");
        np_pdf_write_name_entry(w, "Type", "OBJR");
        np_pdf_write_ref_entry(w, "Obj", t->annots[k->value]);
        np_pdf_write_ref_entry(w, "Pg", t->pages[k->page]);
        np_pdf_write_raw(w, ">>");
    }
}

/* /K of a StructElem whose /Pg is `page`: `n` kids from `first` on, or
 * past NP_PDF_MAX_ARRAY of them their groups from `groups` on, `span`
 * kids or fewer in each. */
static void write_kids(np_pdf_writer *w, const np_pdf_tags *t, int page,
                       int first, size_t n, size_t span, size_t groups)
{
    np_pdf_write_key(w, "K");
    if (lone_kid(t, first, n, page)) {
        write_kid(w, t, page, &t->kids[first]);
        np_pdf_write_end(w);
        return;
    }
    np_pdf_write_open(w);
    if (n > NP_PDF_MAX_ARRAY) {
        for (size_t g = 0; g < groups_of(n, span); g++) {
            np_pdf_write_ref(w, t->groups[groups + g].obj);
            np_pdf_write_next(w);
        }
    } else {
        for (int k = first; k >= 0 && n-- > 0; k = t->kids[k].next) {
            write_kid(w, t, page, &t->kids[k]);
            np_pdf_write_next(w);
        }
    }
    np_pdf_write_close(w);
    np_pdf_write_end(w);
}

/* A text string, in hex as libharu writes a binary. */
static void write_text(np_pdf_writer *w, np_pdf_tags *t, const char *key,
                       const char *utf8)
{
    if (!utf8)
        return;
    const np_buf *b = np_pdf_text_bytes(t->out, utf8);
    if (!b) {
        np_pdf_writer_fail(w, HPDF_FAILD_TO_ALLOC_MEM);
        return;
    }
    np_pdf_write_key(w, key);
    np_pdf_write_hex(w, b->data, b->len);
    np_pdf_write_end(w);
}

static void write_string(np_pdf_writer *w, const char *key, const char *s)
{
    if (!s)
        return;
    np_pdf_write_key(w, key);
    np_pdf_write_string(w, s);
    np_pdf_write_end(w);
}

/* /A <</O /Table /Scope /Column /ColSpan 2>> of a table cell. */
static void write_table_attrs(np_pdf_writer *w, const np_out_elem *el)
{
    if (!el->scope && el->colspan <= 1)
        return;
    np_pdf_write_key(w, "A");
    np_pdf_write_raw(w, "<<\012");
    np_pdf_write_name_entry(w, "O", "Table");
    if (el->scope)
        np_pdf_write_name_entry(w, "Scope", el->scope);
    if (el->colspan > 1)
        np_pdf_write_int_entry(w, "ColSpan", el->colspan);
    np_pdf_write_raw(w, ">>");
    np_pdf_write_end(w);
}

/* The Note of element `e`, a Reference, when both are in the tree;
 * -1 otherwise. */
static int note_of(const np_pdf_tags *t, size_t e)
{
    int note = t->tree->elems[e].ref;
    if (!t->elems[e].joined || note < 0 || (size_t)note >= t->nelems
        || !t->elems[note].joined)
        return -1;
    return note;
}

/* /Ref: a Reference's Note, and a Note's References (the key of PDF
 * 2.0, which readers of PDF 1.7 pass over); an element that were both,
 * which layout does not make, would list its Note first. */
static void write_refs(np_pdf_writer *w, const np_pdf_tags *t, size_t e)
{
    int note = note_of(t, e);
    int from = t->ref_start[e], to = t->ref_start[e + 1];
    if (note < 0 && from == to)
        return;
    np_pdf_write_key(w, "Ref");
    np_pdf_write_open(w);
    if (note >= 0) {
        np_pdf_write_ref(w, t->elems[note].obj);
        np_pdf_write_next(w);
    }
    for (int r = from; r < to; r++) {
        np_pdf_write_ref(w, t->elems[t->refs[r]].obj);
        np_pdf_write_next(w);
    }
    np_pdf_write_close(w);
    np_pdf_write_end(w);
}

/* Element `e`'s StructElem. No /Type /StructElem: it is optional, and
 * a long report has thousands of elements. */
static HPDF_STATUS write_elem(HPDF_Dict d, HPDF_Stream stream)
{
    const elem_state *s = d->attr;
    np_pdf_tags *t = s->tags;
    size_t e = (size_t)(s - t->elems);
    const np_out_elem *el = &t->tree->elems[e];
    np_pdf_writer w;
    np_pdf_writer_init(&w, stream);
    np_pdf_write_ref_entry(&w, "P", s->up);
    np_pdf_write_name_entry(&w, "S", el->role);
    if (s->page >= 0)
        np_pdf_write_ref_entry(&w, "Pg", t->pages[s->page]);
    write_string(&w, "Lang", el->lang);
    write_string(&w, "ID", el->id);
    write_text(&w, t, "Alt", el->alt);
    write_text(&w, t, "ActualText", el->actual);
    write_table_attrs(&w, el);
    write_kids(&w, t, s->page, s->first, s->nkids, span_of(s->nkids),
               s->groups);
    write_refs(&w, t, e);
    return np_pdf_writer_done(&w);
}

static HPDF_STATUS write_group(HPDF_Dict d, HPDF_Stream stream)
{
    const kid_group *g = d->attr;
    np_pdf_writer w;
    np_pdf_writer_init(&w, stream);
    np_pdf_write_name_entry(&w, "S", "NonStruct");
    np_pdf_write_ref_entry(&w, "P", g->up);
    if (g->page >= 0)
        np_pdf_write_ref_entry(&w, "Pg", g->tags->pages[g->page]);
    write_kids(&w, g->tags, g->page, g->first, g->n, g->span, g->groups);
    return np_pdf_writer_done(&w);
}

/* ---- the objects, made before the document is saved ------------------- */

static int plan_kids(np_pdf_out *o, HPDF_Dict holder, int *k, size_t n,
                     size_t span, size_t *groups);

/* `n` kids from *k on as NonStruct elements, the /K of `holder`, of
 * `span` kids or fewer each, as many in each as can be; their records
 * from *groups on. The objects are made depth first, each group's
 * before those of the groups below it. */
static int plan_groups(np_pdf_out *o, HPDF_Dict holder, int *k, size_t n,
                       size_t span, size_t *groups)
{
    np_pdf_tags *t = o->tags;
    size_t count = groups_of(n, span), first = t->ngroups;
    void *p = np_grow(o->alloc, t->groups, &t->group_cap, first + count,
                      sizeof *t->groups);
    if (!p)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    t->groups = p;
    t->ngroups = first + count;
    *groups = first;
    for (size_t g = 0; g < count; g++) {
        HPDF_Dict obj = np_pdf_new_object(o->pdf);
        if (!obj)
            return np_pdf_check_ptr(o, NULL, "writing the structure tree");
        size_t size = n * (g + 1) / count - n * g / count;
        int page = kid_page(t, &t->kids[*k]);
        t->groups[first + g] = (kid_group){ .obj = obj, .up = holder,
            .page = page, .first = *k, .n = size,
            .span = span / NP_PDF_MAX_ARRAY, .tags = t };
        size_t below = 0;
        if (plan_kids(o, obj, k, size, span / NP_PDF_MAX_ARRAY, &below) < 0)
            return -1;
        t->groups[first + g].groups = below;
    }
    return 0;
}

/* The StructElem that lists each of `n` kids from *k on, *k left at the
 * next: `holder`. An array holds NP_PDF_MAX_ARRAY
 * of them at most (pdf_tree.h): more go into NonStruct elements, the
 * grouping type whose kids readers take as those of its parent (ISO
 * 32000-1, 14.8.4.2), of `span` kids or fewer each, nested again when
 * one level of groups is not enough. */
static int plan_kids(np_pdf_out *o, HPDF_Dict holder, int *k, size_t n,
                     size_t span, size_t *groups)
{
    np_pdf_tags *t = o->tags;
    if (n > NP_PDF_MAX_ARRAY)
        return plan_groups(o, holder, k, n, span, groups);
    for (size_t i = 0; i < n; i++, *k = t->kids[*k].next) {
        kid *c = &t->kids[*k];
        c->holder = holder;
        if (c->type == KID_CHILD)
            t->elems[c->value].up = holder;
    }
    return 0;
}

/* A string libharu would have refused (HPDF_LIMIT_MAX_STRING_LEN), or
 * a text string longer than a PDF holds, is refused before the save. */
static int check_strings(np_pdf_out *o, const np_out_elem *el)
{
    const char *s[] = { el->lang, el->id };
    for (size_t i = 0; i < 2; i++)
        if (s[i] && strlen(s[i]) > HPDF_LIMIT_MAX_STRING_LEN)
            return np_pdf_refuse(o, NP_MSG_INTERNAL,
                                 "a string longer than a PDF holds");
    if ((el->alt && !np_pdf_text_bytes(o, el->alt))
        || (el->actual && !np_pdf_text_bytes(o, el->actual)))
        return np_pdf_refuse_text(o);
    return 0;
}

static int plan_elem(np_pdf_out *o, int e)
{
    np_pdf_tags *t = o->tags;
    elem_state *s = &t->elems[e];
    if (check_strings(o, &t->tree->elems[e]) < 0)
        return -1;
    int k = s->first;
    return plan_kids(o, s->obj, &k, s->nkids, span_of(s->nkids), &s->groups);
}

static int make_objects(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    for (size_t i = 0; i < t->nelems; i++) {
        elem_state *s = &t->elems[i];
        if (!s->joined)
            continue;
        if (!(s->obj = np_pdf_new_object(o->pdf)))
            return np_pdf_check_ptr(o, NULL, "writing the structure tree");
        s->tags = t;
        s->obj->attr = s;
        s->obj->write_fn = write_elem;
    }
    return 0;
}

/* The groups' records stay where they are from now on. */
static void hook_groups(np_pdf_tags *t)
{
    for (size_t g = 0; g < t->ngroups; g++) {
        t->groups[g].obj->attr = &t->groups[g];
        t->groups[g].obj->write_fn = write_group;
    }
}

/* Each Note's References, in the order of the elements, as many as one
 * array holds. */
static int plan_refs(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    int *start = np_mem_alloc(o->alloc, (t->nelems + 1) * sizeof *start);
    int *refs = np_mem_alloc(o->alloc, (t->nelems + 1) * sizeof *refs);
    t->ref_start = start;
    t->refs = refs;
    if (!start || !refs)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    memset(start, 0, (t->nelems + 1) * sizeof *start);
    for (size_t i = 0; i < t->nelems; i++) {
        int note = note_of(t, i);
        if (note >= 0 && (size_t)start[note + 1] < NP_PDF_MAX_ARRAY)
            start[note + 1]++;
    }
    for (size_t i = 0; i < t->nelems; i++)
        start[i + 1] += start[i];
    int *at = np_mem_alloc(o->alloc, (t->nelems + 1) * sizeof *at);
    if (!at)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    memcpy(at, start, (t->nelems + 1) * sizeof *at);
    for (size_t i = 0; i < t->nelems; i++) {
        int note = note_of(t, i);
        if (note >= 0 && at[note] < start[note + 1])
            refs[at[note]++] = (int)i;
    }
    np_mem_free(o->alloc, at);
    return 0;
}

/* ---- the trees --------------------------------------------------------- */

/* The ParentTree's entry i: a page's elements by MCID, or a link
 * annotation's Link; each the StructElem whose /K lists the MCID or
 * the annotation's OBJR, a group's when the element's kids did not fit
 * in one array. */
static void write_parent_key(void *ud, size_t i, np_pdf_writer *w)
{
    (void)ud;
    np_pdf_write_int(w, (long)i);
}

static void write_parents(void *ud, size_t i, np_pdf_writer *w)
{
    const np_pdf_tags *t = ud;
    const parent_key *key = &t->keys[i];
    if (!key->page) {
        np_pdf_write_ref(w, t->kids[key->kid].holder);
        return;
    }
    np_pdf_write_open(w);
    for (size_t m = 0; m < key->count; m++) {
        np_pdf_write_ref(w, t->kids[t->mcid_kids[key->first + m]].holder);
        np_pdf_write_next(w);
    }
    np_pdf_write_close(w);
}

/* /ParentTree: key -> [elements by MCID] of a page, or -> element of
 * an annotation, as a number tree of bounded nodes (pdf_tree.h). */
static int put_parent_tree(np_pdf_out *o, HPDF_Dict root)
{
    np_pdf_tags *t = o->tags;
    np_pdf_tree tree = { .pdf = o->pdf, .n = t->nkeys, .ud = t,
                         .write_key = write_parent_key,
                         .write_value = write_parents };
    if (!np_pdf_put_tree(root, "ParentTree", &tree))
        return np_pdf_check_ptr(o, NULL, "writing the parent tree");
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)t->nkeys);
    return np_pdf_check(o, "writing the parent tree");
}

static int by_id(const void *a, const void *b)
{
    return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id);
}

static void write_id(void *ud, size_t i, np_pdf_writer *w)
{
    const np_pdf_tags *t = ud;
    np_pdf_write_string(w, t->ids[i].id);
}

static void write_id_elem(void *ud, size_t i, np_pdf_writer *w)
{
    const np_pdf_tags *t = ud;
    np_pdf_write_ref(w, t->elems[t->ids[i].elem].obj);
}

/* /IDTree: ID -> element, sorted by ID as a name tree asks, in bounded
 * nodes (pdf_tree.h). */
static int put_id_tree(np_pdf_out *o, HPDF_Dict root)
{
    np_pdf_tags *t = o->tags;
    t->ids = np_mem_alloc(o->alloc, (t->nelems + 1) * sizeof *t->ids);
    if (!t->ids)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    size_t n = 0;
    for (size_t i = 0; i < t->nelems; i++)
        if (t->elems[i].joined && t->tree->elems[i].id)
            t->ids[n++] = (id_entry){ t->tree->elems[i].id, (int)i };
    qsort(t->ids, n, sizeof *t->ids, by_id);
    t->nids = n;
    np_pdf_tree tree = { .pdf = o->pdf, .names = true, .n = n, .ud = t,
                         .write_key = write_id, .write_value = write_id_elem };
    if (n)
        np_pdf_put_tree(root, "IDTree", &tree);
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
        t->elems[0].up = root;
    }
    for (size_t i = 0; i < t->nelems; i++)
        if (t->elems[i].joined && plan_elem(o, (int)i) < 0)
            return -1;
    hook_groups(t);
    if (plan_refs(o) < 0 || put_parent_tree(o, root) < 0
        || put_id_tree(o, root) < 0)
        return -1;
    return put_catalog(o, root);
}
