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
#include "output/pdf_tree.h"

enum kid_type { KID_MCID, KID_CHILD, KID_OBJR };

typedef struct kid {
    int next;                   /* next kid of the same element, or -1 */
    enum kid_type type;
    int page;                   /* index in tags.pages (MCID, OBJR) */
    int value;                  /* MCID, child element, annotation index */
    HPDF_Dict holder;           /* the StructElem whose /K lists it: its
                                   element's, or a group's (at the end) */
} kid;

typedef struct elem_state {
    int first, last;            /* kids, -1 when none */
    size_t nkids;
    int page;                   /* page of its first content, -1 none */
    bool joined;                /* in the tree */
    HPDF_Dict obj;              /* its StructElem, at the end */
} elem_state;

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
    np_mem_free(o->alloc, t->mcid_kids);
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

/* Kid `k` appended to element `e`; its index, -1 out of memory. */
static int add_kid(np_pdf_out *o, int e, kid k)
{
    np_pdf_tags *t = o->tags;
    elem_state *s = state_of(o, e);
    if (!s || !GROW(o, t->kids, t->nkids, t->kid_cap))
        return -1;
    s = &t->elems[e];
    k.next = -1;
    k.holder = NULL;
    t->kids[t->nkids] = k;
    if (s->last >= 0)
        t->kids[s->last].next = (int)t->nkids;
    else
        s->first = (int)t->nkids;
    s->nkids++;
    s->last = (int)t->nkids++;
    return s->last;
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

/* The ParentTree maps a page's MCIDs in one array, which cannot be
 * split: a page that would have more MCIDs than PDF/A-1 allows in an
 * array (in a PDF/A file) or libharu writes (in any other) is refused,
 * with a message of ours. */
static size_t max_page_mcids(const np_pdf_out *o)
{
    return o->pdfa ? NP_PDF_MAX_ARRAY : NP_PDF_MAX_HPDF_ARRAY;
}

static int too_many_mcids(np_pdf_out *o)
{
    if (!o->failed)
        np_pdf_report(o, NP_MSG_PAGE_MCIDS, o->tags->npages, max_page_mcids(o),
                      o->pdfa ? "PDF/A-1 allows" : "the PDF library writes");
    o->failed = true;
    return -1;
}

/* The next MCID of the current page, given to element `e`; -1 when
 * refused (reported). */
static int next_mcid(np_pdf_out *o, int e, int *mcid)
{
    np_pdf_tags *t = o->tags;
    size_t n = t->keys[t->page_key].count;
    if (n == max_page_mcids(o))
        return too_many_mcids(o);
    if (!GROW(o, t->mcid_kids, t->nmcids, t->mcid_cap) || join(o, e) < 0)
        return no_memory(o);
    int page = (int)t->npages - 1;
    int k = add_kid(o, e, (kid){ .type = KID_MCID, .page = page,
                                 .value = (int)n });
    if (k < 0)
        return no_memory(o);
    *mcid = (int)n;
    t->keys[t->page_key].count = n + 1;
    t->mcid_kids[t->nmcids++] = k;
    if (t->elems[e].page < 0)
        t->elems[e].page = page;
    return 0;
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
        return -1;
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
        return -1;
    put_emc(b);
    put_bdc_actual(b, mcid, utf8);
    return 1;
}

int np_pdf_tags_actual_end(np_pdf_out *o, np_buf *b)
{
    np_pdf_tags *t = o->tags;
    int mcid;
    if (next_mcid(o, t->open, &mcid) < 0)
        return -1;
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
    int k = add_kid(o, e, (kid){ .type = KID_OBJR, .page = (int)t->npages - 1,
                                 .value = (int)t->nannots - 1 });
    int key = k < 0 ? -1 : add_key(o, (parent_key){ .kid = k });
    if (key < 0)
        return no_memory(o);
    if (state_of(o, e)->page < 0)
        t->elems[e].page = (int)t->npages - 1;
    HPDF_Dict_AddNumber(annot, "StructParent", key);
    return 0;
}

/* ---- the tree written at the end --------------------------------------- */

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
        return no_memory(o);
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

int np_pdf_tags_end(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (!t)
        return 0;
    if (!state_of(o, 0))
        return no_memory(o);
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
