/*
 * out_pdf_tags.c - the tagged PDF: marked content in the page content
 * streams, and the structure tree built from it.
 *
 * Layout names, before it draws, the structure element (np_out_tree)
 * or the kind of page furniture (NP_MARK_*) what follows belongs to.
 * Here each drawing is wrapped in a marked-content sequence: `/P
 * <</MCID n>> BDC ... EMC` for an element's content, `/Artifact
 * <</Type /Pagination>> BDC ... EMC` for furniture. A sequence never
 * crosses a BT/ET boundary: out_pdf_draw.c closes it as it enters or
 * leaves a text object.
 *
 * An element joins the tree when its first content is drawn, as the
 * last child of its parent (which joins the same way): children are
 * thus read in the order they are drawn, and an element that shows
 * nothing is left out. At the end the tree is written through
 * libharu's object layer, which has no call for any of it
 * (docs/dependencies.md): the StructElem dictionaries with their kids
 * (MCIDs, marked-content references to other pages, object references
 * to link annotations), the StructTreeRoot with its ParentTree (MCID
 * -> element for each page, annotation -> its Link) and IDTree (the
 * notes), and in the catalog /MarkInfo and /ViewerPreferences. Pages
 * get /StructParents and /Tabs /S as they begin.
 *
 * It does not decide what is a heading or a note: layout does.
 * Without a tree (np_out_meta.tree NULL) none of this is written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ground/buf.h"
#include "ground/utf8.h"
#include "output/out_pdf.h"

enum kid_type { KID_MCID, KID_CHILD, KID_OBJR };

typedef struct kid {
    int next;                   /* next kid of the same element, or -1 */
    enum kid_type type;
    int page;                   /* index in tags.pages (MCID, OBJR) */
    int value;                  /* MCID, child element, annotation index */
} kid;

typedef struct elem_state {
    int first, last;            /* kids, -1 when none */
    int page;                   /* page of its first content, -1 none */
    bool joined;                /* in the tree */
    HPDF_Dict obj;              /* its StructElem, at the end */
} elem_state;

/* A key of the ParentTree: a page (its MCIDs' elements from `first` in
 * mcid_elems) or a link annotation (`elem`). */
typedef struct parent_key {
    bool page;
    size_t first, count;
    int elem;
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
    int *mcid_elems;            /* element of each MCID, page after page */
    size_t nmcids, mcid_cap;
    size_t page_key;            /* the current page's key */
    int want;                   /* what the next drawing belongs to */
    int open;                   /* the sequence open in the content */
    bool is_open;
};

/* ---- growing arrays -------------------------------------------------- */

static bool grow(np_pdf_out *o, void **items, size_t *cap, size_t need,
                 size_t size)
{
    void *p = np_grow(o->alloc, *items, cap, need, size);
    if (p)
        *items = p;
    return p != NULL;
}

#define GROW(o, arr, n, cap) \
    grow((o), (void **)&(arr), &(cap), (n) + 1, sizeof *(arr))

/* The state of element `e`, the table grown to the tree's size. */
static elem_state *state_of(np_pdf_out *o, int e)
{
    np_pdf_tags *t = o->tags;
    size_t need = (size_t)e + 1;
    if (need > t->nelems) {
        if (!grow(o, (void **)&t->elems, &t->elem_cap, need, sizeof *t->elems))
            return NULL;
        for (size_t i = t->nelems; i < need; i++)
            t->elems[i] = (elem_state){ .first = -1, .last = -1, .page = -1 };
        t->nelems = need;
    }
    return &t->elems[e];
}

static bool valid_elem(const np_pdf_out *o, int e)
{
    return e >= 0 && (size_t)e < o->tags->tree->n;
}

/* ---- the life of the tags ------------------------------------------- */

int np_pdf_tags_begin(np_pdf_out *o, const np_out_tree *tree)
{
    if (!tree || tree->n == 0)
        return 0;
    o->tags = np_mem_alloc(o->alloc, sizeof *o->tags);
    if (!o->tags)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    memset(o->tags, 0, sizeof *o->tags);
    o->tags->tree = tree;
    o->tags->want = NP_MARK_PAGINATION;
    /* PDF/UA-1 is ISO 32000-1, PDF 1.7 (/Tabs, ActualText are 1.5);
     * PDF/A-1, based on PDF 1.4, keeps its 1.4 */
    if (!o->pdfa)
        o->pdf->pdf_version = HPDF_VER_17;
    return 0;
}

void np_pdf_tags_free(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (!t)
        return;
    np_mem_free(o->alloc, t->elems);
    np_mem_free(o->alloc, t->kids);
    np_mem_free(o->alloc, t->pages);
    np_mem_free(o->alloc, t->annots);
    np_mem_free(o->alloc, t->keys);
    np_mem_free(o->alloc, t->mcid_elems);
    np_mem_free(o->alloc, t);
    o->tags = NULL;
}

static int no_memory(np_pdf_out *o)
{
    return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
}

static int add_key(np_pdf_out *o, parent_key key)
{
    np_pdf_tags *t = o->tags;
    if (!GROW(o, t->keys, t->nkeys, t->key_cap))
        return -1;
    t->keys[t->nkeys++] = key;
    return (int)t->nkeys - 1;
}

/* A page of a tagged PDF: its key in the ParentTree, and its tab order
 * following the structure. It starts with page furniture. */
int np_pdf_tags_page(np_pdf_out *o, HPDF_Page page)
{
    np_pdf_tags *t = o->tags;
    if (!t)
        return 0;
    int key = add_key(o, (parent_key){ .page = true, .first = t->nmcids });
    if (key < 0 || !GROW(o, t->pages, t->npages, t->page_cap))
        return no_memory(o);
    t->pages[t->npages++] = page;
    t->page_key = (size_t)key;
    t->want = NP_MARK_PAGINATION;
    t->is_open = false;
    HPDF_Dict_AddNumber(page, "StructParents", key);
    HPDF_Dict_AddName(page, "Tabs", "S");
    return np_pdf_check(o, "tagging a page");
}

int np_pdf_mark(void *self, int elem)
{
    np_pdf_out *o = self;
    if (np_pdf_usable(o, "a mark outside a page") < 0)
        return -1;
    if (!o->tags)
        return 0;
    if (elem < NP_MARK_LAYOUT || (elem >= 0 && !valid_elem(o, elem)))
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "a mark naming no element");
    o->tags->want = elem;
    return 0;
}

/* ---- the tree as content is drawn ------------------------------------- */

static int add_kid(np_pdf_out *o, int e, kid k)
{
    np_pdf_tags *t = o->tags;
    elem_state *s = state_of(o, e);
    if (!s || !GROW(o, t->kids, t->nkids, t->kid_cap))
        return -1;
    s = &t->elems[e];
    k.next = -1;
    t->kids[t->nkids] = k;
    if (s->last >= 0)
        t->kids[s->last].next = (int)t->nkids;
    else
        s->first = (int)t->nkids;
    s->last = (int)t->nkids++;
    return 0;
}

/* Element `e` and, first, its ancestors that are not yet in the tree
 * join it, each as the last child of its parent. Iterative: the tree's
 * depth is the description's nesting. */
static int join(np_pdf_out *o, int e)
{
    const np_out_elem *el = o->tags->tree->elems;
    for (;;) {
        int top = e;            /* the highest ancestor not joined yet */
        for (int p = e; p >= 0; p = el[p].parent) {
            elem_state *s = state_of(o, p);
            if (!s)
                return -1;
            if (s->joined)
                break;
            top = p;
        }
        elem_state *s = state_of(o, top);
        if (s->joined)
            return 0;
        s->joined = true;
        int parent = el[top].parent;
        if (parent >= 0 && add_kid(o, parent, (kid){ .type = KID_CHILD,
                                                     .value = top }) < 0)
            return -1;
    }
}

/* The next MCID of the current page, given to element `e`. */
static int next_mcid(np_pdf_out *o, int e, int *mcid)
{
    np_pdf_tags *t = o->tags;
    if (!GROW(o, t->mcid_elems, t->nmcids, t->mcid_cap) || join(o, e) < 0)
        return -1;
    *mcid = (int)t->keys[t->page_key].count++;
    t->mcid_elems[t->nmcids++] = e;
    elem_state *s = &t->elems[e];
    if (s->page < 0)
        s->page = (int)t->npages - 1;
    return add_kid(o, e, (kid){ .type = KID_MCID, .page = (int)t->npages - 1,
                                .value = *mcid });
}

/* ---- marked content in the page ------------------------------------ */

/* These three write the marked-content operators; nothing else here
 * touches the content stream. */
static void put_bdc_mcid(np_buf *b, const char *role, int mcid)
{
    char s[64];
    snprintf(s, sizeof s, " <</MCID %d>> BDC\n", mcid);
    np_buf_puts(b, "/");
    np_buf_puts(b, role);
    np_buf_puts(b, s);
}

static void put_bdc_artifact(np_buf *b, int kind)
{
    np_buf_puts(b, kind == NP_MARK_LAYOUT
                   ? "/Artifact <</Type /Layout>> BDC\n"
                   : "/Artifact <</Type /Pagination>> BDC\n");
}

static void put_emc(np_buf *b)
{
    np_buf_puts(b, "EMC\n");
}

/* <FEFF...>: `utf8` as a PDF text string in UTF-16BE, in hex. */
static void put_hex_text(np_buf *b, const char *utf8)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t len = strlen(utf8);
    np_buf_puts(b, "<FEFF");
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += np_utf8_next(utf8 + i, len - i, &c);
        unsigned units[2] = { c, 0 };
        if (c > 0xFFFF) {
            units[0] = 0xD800 + ((c - 0x10000) >> 10);
            units[1] = 0xDC00 + ((c - 0x10000) & 0x3FF);
        }
        for (int u = 0; u < 2 && units[u]; u++) {
            char s[4] = { digits[units[u] >> 12 & 15], digits[units[u] >> 8 & 15],
                          digits[units[u] >> 4 & 15], digits[units[u] & 15] };
            np_buf_append(b, s, 4);
        }
    }
    np_buf_puts(b, ">");
}

/* /Span <</MCID n /ActualText <...>>> BDC: tagged Span, whatever the
 * element, since readers (poppler) take ActualText from Spans only;
 * the element's type is its /S in the tree. */
static void put_bdc_actual(np_buf *b, int mcid, const char *utf8)
{
    char s[48];
    snprintf(s, sizeof s, "/Span <</MCID %d /ActualText ", mcid);
    np_buf_puts(b, s);
    put_hex_text(b, utf8);
    np_buf_puts(b, ">> BDC\n");
}

static int write_ops(np_pdf_out *o, const char *doing)
{
    if (o->buf.failed)
        return no_memory(o);
    HPDF_Stream content = ((HPDF_PageAttr)o->page->attr)->stream;
    return np_pdf_check_status(o, HPDF_Stream_Write(content,
                                                    (const HPDF_BYTE *)o->buf.data,
                                                    (HPDF_UINT)o->buf.len),
                               doing);
}

int np_pdf_tags_close(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (!t || !t->is_open)
        return 0;
    t->is_open = false;
    put_emc(np_pdf_scratch(o));
    return write_ops(o, "ending marked content");
}

/* Opens the sequence of what the next drawing belongs to, unless it
 * is open already. */
int np_pdf_tags_open(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (!t || (t->is_open && t->open == t->want))
        return 0;
    if (np_pdf_tags_close(o) < 0)
        return -1;
    int mcid = 0;
    if (t->want >= 0 && next_mcid(o, t->want, &mcid) < 0)
        return no_memory(o);
    np_buf *b = np_pdf_scratch(o);
    if (t->want >= 0)
        put_bdc_mcid(b, t->tree->elems[t->want].role, mcid);
    else
        put_bdc_artifact(b, t->want);
    t->open = t->want;
    t->is_open = true;
    return write_ops(o, "beginning marked content");
}

/* Within the element's open sequence, a piece a reader gets as `utf8`
 * gets a sequence of its own, with the ActualText in its properties,
 * and the rest of the element's content another: the element's MCIDs
 * stay flat (poppler's structure text stops at a Span nested in an
 * MCID's sequence). Written into `b`, the run's bytes. Nothing in an
 * untagged PDF or in page furniture. */
int np_pdf_tags_actual(np_pdf_out *o, np_buf *b, const char *utf8)
{
    np_pdf_tags *t = o->tags;
    int mcid;
    if (!t || !t->is_open || t->open < 0)
        return 0;
    if (next_mcid(o, t->open, &mcid) < 0)
        return no_memory(o);
    put_emc(b);
    put_bdc_actual(b, mcid, utf8);
    return 1;
}

int np_pdf_tags_actual_end(np_pdf_out *o, np_buf *b)
{
    np_pdf_tags *t = o->tags;
    int mcid;
    if (next_mcid(o, t->open, &mcid) < 0)
        return no_memory(o);
    put_emc(b);
    put_bdc_mcid(b, t->tree->elems[t->open].role, mcid);
    return 0;
}

/* A link annotation of the current element (a Link): an object
 * reference among its kids, and its own key in the ParentTree. */
int np_pdf_tags_annot(np_pdf_out *o, HPDF_Annotation annot)
{
    np_pdf_tags *t = o->tags;
    if (!t || t->want < 0)
        return 0;
    int e = t->want;
    if (!GROW(o, t->annots, t->nannots, t->annot_cap) || join(o, e) < 0)
        return no_memory(o);
    t->annots[t->nannots++] = annot;
    int key = add_key(o, (parent_key){ .elem = e });
    if (key < 0 || add_kid(o, e, (kid){ .type = KID_OBJR,
                                        .page = (int)t->npages - 1,
                                        .value = (int)t->nannots - 1 }) < 0)
        return no_memory(o);
    if (state_of(o, e)->page < 0)
        t->elems[e].page = (int)t->npages - 1;
    HPDF_Dict_AddNumber(annot, "StructParent", key);
    return 0;
}

/* ---- the tree written at the end --------------------------------------- */

static HPDF_Dict ref_dict(np_pdf_out *o, HPDF_Array kids, const char *type)
{
    HPDF_Dict d = np_pdf_push_dict(kids);
    if (d)
        HPDF_Dict_AddName(d, "Type", type);
    (void)o;
    return d;
}

/* A kid of element `e` (on page `pg` when it is content). */
static void put_kid(np_pdf_out *o, HPDF_Array kids, const elem_state *s,
                    const kid *k)
{
    np_pdf_tags *t = o->tags;
    if (k->type == KID_CHILD) {
        HPDF_Array_Add(kids, t->elems[k->value].obj);
    } else if (k->type == KID_MCID && k->page == s->page) {
        HPDF_Array_AddNumber(kids, k->value);
    } else if (k->type == KID_MCID) {
        HPDF_Dict mcr = ref_dict(o, kids, "MCR");
        if (mcr) {
            HPDF_Dict_Add(mcr, "Pg", t->pages[k->page]);
            HPDF_Dict_AddNumber(mcr, "MCID", k->value);
        }
    } else {
        HPDF_Dict objr = ref_dict(o, kids, "OBJR");
        if (objr) {
            HPDF_Dict_Add(objr, "Obj", t->annots[k->value]);
            HPDF_Dict_Add(objr, "Pg", t->pages[k->page]);
        }
    }
}

/* A lone kid, an element or an MCID on the element's page, as the
 * value of /K itself. */
static void put_only_kid(np_pdf_out *o, HPDF_Dict d, const kid *k)
{
    if (k->type == KID_CHILD)
        HPDF_Dict_Add(d, "K", o->tags->elems[k->value].obj);
    else
        HPDF_Dict_AddNumber(d, "K", k->value);
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
 * 2.0, which readers of PDF 1.7 pass over). */
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
        if (refs)
            HPDF_Array_Add(refs, t->elems[i].obj);
    }
}

static int fill_elem(np_pdf_out *o, int e, HPDF_Dict parent)
{
    np_pdf_tags *t = o->tags;
    const np_out_elem *el = &t->tree->elems[e];
    elem_state *s = &t->elems[e];
    HPDF_Dict d = s->obj;
    /* no /Type /StructElem: it is optional, and a long report has
     * thousands of elements, each an object of its own */
    HPDF_Dict_AddName(d, "S", el->role);
    HPDF_Dict_Add(d, "P", parent);
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
    if (s->first >= 0 && s->first == s->last && t->kids[s->first].type != KID_OBJR
        && !(t->kids[s->first].type == KID_MCID && t->kids[s->first].page != s->page)) {
        put_only_kid(o, d, &t->kids[s->first]);     /* /K 3, not /K [3] */
        return 0;
    }
    HPDF_Array kids = np_pdf_add_array(d, "K");
    if (!kids)
        return np_pdf_check(o, "writing the structure tree");
    for (int k = s->first; k >= 0; k = t->kids[k].next)
        put_kid(o, kids, s, &t->kids[k]);
    return 0;
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

/* /ParentTree <</Nums [key [elements by MCID] key element ...]>>. */
static int put_parent_tree(np_pdf_out *o, HPDF_Dict root)
{
    np_pdf_tags *t = o->tags;
    HPDF_Dict tree = np_pdf_add_dict(root, "ParentTree");
    HPDF_Array nums = tree ? np_pdf_add_array(tree, "Nums") : NULL;
    if (!nums)
        return np_pdf_check_ptr(o, NULL, "writing the parent tree");
    for (size_t k = 0; k < t->nkeys; k++) {
        const parent_key *key = &t->keys[k];
        HPDF_Array_AddNumber(nums, (HPDF_INT32)k);
        if (!key->page) {
            HPDF_Array_Add(nums, t->elems[key->elem].obj);
            continue;
        }
        HPDF_Array list = np_pdf_push_array(nums);
        for (size_t m = 0; list && m < key->count; m++)
            HPDF_Array_Add(list, t->elems[t->mcid_elems[key->first + m]].obj);
    }
    HPDF_Dict_AddNumber(root, "ParentTreeNextKey", (HPDF_INT32)t->nkeys);
    return np_pdf_check(o, "writing the parent tree");
}

typedef struct id_entry {
    const char *id;
    int elem;
} id_entry;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const id_entry *)a)->id, ((const id_entry *)b)->id);
}

/* /IDTree <</Names [(id) element ...]>>, sorted by ID as a name tree
 * asks. */
static int put_id_tree(np_pdf_out *o, HPDF_Dict root)
{
    np_pdf_tags *t = o->tags;
    id_entry *ids = np_mem_alloc(o->alloc, (t->nelems + 1) * sizeof *ids);
    if (!ids)
        return no_memory(o);
    size_t n = 0;
    for (size_t i = 0; i < t->nelems; i++)
        if (t->elems[i].joined && t->tree->elems[i].id)
            ids[n++] = (id_entry){ t->tree->elems[i].id, (int)i };
    qsort(ids, n, sizeof *ids, by_id);
    HPDF_Dict tree = n ? np_pdf_add_dict(root, "IDTree") : NULL;
    HPDF_Array names = tree ? np_pdf_add_array(tree, "Names") : NULL;
    for (size_t i = 0; names && i < n; i++) {
        HPDF_Array_Add(names, HPDF_String_New(o->pdf->mmgr, ids[i].id, NULL));
        HPDF_Array_Add(names, t->elems[ids[i].elem].obj);
    }
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

int np_pdf_tags_end(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (!t)
        return 0;
    if (!state_of(o, 0) || make_objects(o) < 0)
        return -1;
    HPDF_Dict root = np_pdf_new_object(o->pdf);
    if (np_pdf_check_ptr(o, root, "writing the structure tree") < 0)
        return -1;
    HPDF_Dict_AddName(root, "Type", "StructTreeRoot");
    if (t->elems[0].joined)
        HPDF_Dict_Add(root, "K", t->elems[0].obj);
    for (size_t i = 0; i < t->nelems; i++) {
        int parent = t->tree->elems[i].parent;
        if (t->elems[i].joined
            && fill_elem(o, (int)i, parent < 0 ? root : t->elems[parent].obj) < 0)
            return -1;
    }
    put_refs(o);
    if (put_parent_tree(o, root) < 0 || put_id_tree(o, root) < 0)
        return -1;
    return put_catalog(o, root);
}
