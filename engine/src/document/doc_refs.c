/*
 * doc_refs.c - what cross-references point at, and table notes.
 *
 * Every section and annex, and every element given an id (p, pp, op,
 * item, section, annex, table, figure), is listed as a target in
 * document order, so that typesetting can keep each one's printed
 * number and page in an array. Captioned tables and figures are
 * numbered here, through the document. <xref>s are resolved once the
 * whole description is read (a reference may point forward): a missing
 * id is refused at the reference, and so is a request for the number
 * of an element that prints none. Table notes (<tfn>) are lettered in
 * their table; an <fnref> citing one again must stand in the same table.
 *
 * Not done here: the ids' hash table (doc_notes.c), the printed numbers
 * and pages (typesetting/xref.c).
 */
#include <string.h>

#include "document/doc_build.h"
#include "ground/buf.h"

typedef struct pending_xref {
    np_node *node;
    const char *ref;
    np_pos pos;                 /* of the ref attribute */
    struct pending_xref *next;
} pending_xref;

static bool always_a_target(np_kind kind)
{
    return kind == NP_K_SECTION || kind == NP_K_ANNEX;
}

static void list_target(np_builder *b, np_node *n)
{
    np_doc *d = b->doc;
    np_node **t = np_arena_grow(b->arena, d->targets, (size_t)d->target_count,
                                &b->target_cap, (size_t)d->target_count + 1,
                                sizeof *t);
    if (!t) {
        b->failed = true;
        return;
    }
    d->targets = t;
    d->targets[d->target_count++] = n;
    n->target = d->target_count;
}

static bool first_child_is(const np_xnode *x, const char *name)
{
    for (const np_xnode *c = x->first; c; c = c->next)
        if (c->name)
            return np_xnode_is(c, name);
    return false;
}

void np_build_target(np_builder *b, const np_xnode *x, np_node *n)
{
    n->id = np_xattr_get(x, "id");
    if (n->id)
        np_build_node_id(b, n->id, np_xattr_pos(x, "id"), NULL, n);
    if (n->kind == NP_K_TABLE && first_child_is(x, "caption"))
        n->seq = ++b->doc->table_count;
    if (n->kind == NP_K_FIGURE)
        n->seq = ++b->doc->figure_count;
    if (n->id || always_a_target(n->kind))
        list_target(b, n);
}

void np_build_xref(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *show = np_xattr_get(x, "show");
    n->show_page = show && strcmp(show, "page") == 0;
    pending_xref *p = np_build_alloc(b, sizeof *p);
    if (!p)
        return;
    const char *ref = np_xattr_get(x, "ref");
    *p = (pending_xref){ n, ref ? ref : "", np_xattr_pos(x, "ref"), b->xrefs };
    b->xrefs = p;
    b->doc->xref_count++;
}

static np_node *table_of(const np_node *n)
{
    for (np_node *p = n->parent; p; p = p->parent)
        if (p->kind == NP_K_TABLE)
            return p;
    return NULL;
}

static bool in_cell(const np_node *n)
{
    for (const np_node *p = n->parent; p; p = p->parent) {
        if (p->kind == NP_K_TD || p->kind == NP_K_TH)
            return true;
        if (p->kind == NP_K_TABLE || p->kind == NP_K_TNOTE
            || p->kind == NP_K_CAPTION)
            return false;
    }
    return false;
}

void np_build_tfn(np_builder *b, const np_xnode *x, np_node *n)
{
    np_node *table = in_cell(n) ? table_of(n) : NULL;
    if (!table) {
        np_build_refuse(b, x->pos, NP_MSG_TFN_OUTSIDE);
        return;
    }
    n->seq = ++table->tfn_count;
    n->id = np_xattr_get(x, "id");
    if (n->id)
        np_build_node_id(b, n->id, np_xattr_pos(x, "id"), NULL, n);
}

void np_build_tfn_ref(np_builder *b, np_node *ref, np_node *tfn, np_pos pos)
{
    if (table_of(ref) != table_of(tfn) || !in_cell(ref)) {
        np_build_refuse(b, pos, NP_MSG_FNREF_OTHER_TABLE, tfn->id, tfn->pos.line);
        return;
    }
    ref->ref = tfn;
}

/* ---- which targets print a number -------------------------------- */

/* A paragraph is numbered in the text of the body or an annex
 * (sections included), unless told not to be; elsewhere (lists,
 * quotes, cells, resolutions) it is not. */
static bool p_numbered(const np_doc *d, const np_node *p)
{
    if (p->unnumbered || d->numbering_off)
        return false;
    const np_node *up = p->parent;
    while (up && up->kind == NP_K_SECTION)
        up = up->parent;
    if (!up)
        return false;
    return up->kind == NP_K_BODY || (up->kind == NP_K_ANNEX && !up->unnumbered);
}

static bool item_numbered(const np_node *item)
{
    np_list_style s = item->parent ? item->parent->style : NP_LIST_NONE;
    return s == NP_LIST_ALPHA || s == NP_LIST_ROMAN || s == NP_LIST_DECIMAL;
}

/* Why `n` prints no number, or NULL when it prints one. */
static const char *no_number(const np_doc *d, const np_node *n)
{
    switch (n->kind) {
    case NP_K_P:
        return p_numbered(d, n) ? NULL
               : "numbered=\"no\", or not in the numbered text of the body or an annex";
    case NP_K_PP:
        return "preambular paragraphs are not numbered";
    case NP_K_ITEM:
        return item_numbered(n) ? NULL : "its list is not numbered";
    case NP_K_SECTION:
        return n->number && !n->number[0] ? "number=\"\"" : NULL;
    case NP_K_TABLE:
        return n->seq ? NULL : "it has no <caption>";
    default:
        return NULL;
    }
}

static const char *kind_name(np_kind kind)
{
    static const struct { np_kind kind; const char *name; } names[] = {
        { NP_K_P, "p" }, { NP_K_PP, "pp" }, { NP_K_OP, "op" },
        { NP_K_ITEM, "item" }, { NP_K_SECTION, "section" },
        { NP_K_ANNEX, "annex" }, { NP_K_TABLE, "table" },
        { NP_K_FIGURE, "figure" }, { NP_K_TFN, "table note" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].kind == kind)
            return names[i].name;
    return "element";
}

static void resolve_xref(np_builder *b, pending_xref *p)
{
    np_footnote *note = NULL;
    np_node *node = NULL;
    if (!np_build_lookup_id(b, p->ref, &note, &node)) {
        np_build_refuse(b, p->pos, NP_MSG_XREF_NOWHERE, p->ref, p->ref);
        return;
    }
    if (!node || node->kind == NP_K_TFN) {
        np_build_refuse(b, p->pos, NP_MSG_XREF_NOT_TARGET, p->ref,
                        node ? "table note" : "footnote");
        return;
    }
    const char *why = p->node->show_page ? NULL : no_number(b->doc, node);
    if (why) {
        np_build_refuse(b, p->pos, NP_MSG_XREF_NO_NUMBER, p->ref,
                        kind_name(node->kind), p->ref, why);
        return;
    }
    p->node->ref = node;
}

/* In document order: the list was built backwards. */
void np_build_resolve_xrefs(np_builder *b)
{
    pending_xref *order = NULL;
    for (pending_xref *p = b->xrefs, *next; p; p = next) {
        next = p->next;
        p->next = order;
        order = p;
    }
    b->xrefs = order;
    for (pending_xref *p = order; p; p = p->next)
        resolve_xref(b, p);
}
