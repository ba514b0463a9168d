/*
 * out_pdf_tags.c - the tagged PDF: marked content in the page content
 * streams, and the structure tree gathered from it as pages are drawn.
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
 * nothing is left out. Pages get /StructParents and /Tabs /S as they
 * begin, link annotations /StructParent. What is gathered here
 * (out_pdf_tags.h) is written out as the structure tree at the end by
 * out_pdf_struct.c.
 *
 * It does not decide what is a heading or a note: layout does.
 * Without a tree (np_out_meta.tree NULL) none of this is written.
 */
#include <stdio.h>
#include <string.h>

#include "ground/buf.h"
#include "ground/utf8.h"
#include "output/out_pdf_tags.h"
#include "output/pdf_tree.h"

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
    o->tags->out = o;
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
    np_mem_free(o->alloc, t->groups);
    np_mem_free(o->alloc, t->ref_start);
    np_mem_free(o->alloc, t->refs);
    np_mem_free(o->alloc, t->ids);
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
static void put_hex_text(np_buf *b, const char *utf8, size_t len)
{
    np_buf_puts(b, "<FEFF");
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += np_utf8_next(utf8 + i, len - i, &c);
        char *s = np_buf_room(b, 8);
        if (s)
            np_buf_wrote(b, np_utf16_hex(c, s));
    }
    np_buf_puts(b, ">");
}

/* /Span <</MCID n /ActualText <...>>> BDC: tagged Span, whatever the
 * element, since readers (poppler) take ActualText from Spans only;
 * the element's type is its /S in the tree. */
static void put_bdc_actual(np_buf *b, int mcid, const char *utf8, size_t len)
{
    char s[48];
    snprintf(s, sizeof s, "/Span <</MCID %d /ActualText ", mcid);
    np_buf_puts(b, s);
    put_hex_text(b, utf8, len);
    np_buf_puts(b, ">> BDC\n");
}

int np_pdf_tags_close(np_pdf_out *o)
{
    np_pdf_tags *t = o->tags;
    if (!t || !t->is_open)
        return 0;
    t->is_open = false;
    put_emc(np_pdf_content(o));
    return np_pdf_content_check(o);
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
    np_buf *b = np_pdf_content(o);
    if (t->want >= 0)
        put_bdc_mcid(b, t->tree->elems[t->want].role, mcid);
    else
        put_bdc_artifact(b, t->want);
    t->open = t->want;
    t->is_open = true;
    return np_pdf_content_check(o);
}

/* Within the element's open sequence, a piece a reader gets as `utf8`
 * gets a sequence of its own, with the ActualText in its properties,
 * and the rest of the element's content another: the element's MCIDs
 * stay flat (poppler's structure text stops at a Span nested in an
 * MCID's sequence). Written into `b`, the run's bytes. Nothing in an
 * untagged PDF or in page furniture. */
int np_pdf_tags_actual(np_pdf_out *o, np_buf *b, const char *utf8, size_t len)
{
    np_pdf_tags *t = o->tags;
    int mcid;
    if (!t || !t->is_open || t->open < 0)
        return 0;
    if (next_mcid(o, t->open, &mcid) < 0)
        return -1;
    put_emc(b);
    put_bdc_actual(b, mcid, utf8, len);
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

int np_pdf_tags_end(np_pdf_out *o)
{
    if (!o->tags)
        return 0;
    if (!state_of(o, 0))
        return no_memory(o);
    return np_pdf_struct_write(o);
}
