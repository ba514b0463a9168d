/*
 * xml_tree.c - the parsed document copied into np_xnode records, each
 * with its position, and the helpers that read them. The records and
 * the names go in the reader's `nodes` arena, text and attribute
 * values in its `arena`: a reader that only converts the tree (the
 * document's, doc_build.c) can let the records go once it has. The
 * copy walks the tree without recursion, so the C stack stays the same
 * however deep the document. Nothing here gives elements a
 * meaning (doc_build.c, the loaders).
 */
#include <string.h>

#include "readers/xml_internal.h"

static np_xnode *new_xnode(np_xml_reader *r, np_xnode *parent, const xmlNode *src)
{
    np_xnode *n = np_arena_alloc(r->nodes, sizeof *n);
    if (!n)
        return NULL;
    n->parent = parent;
    n->pos = np_xml_node_position(src);
    if (parent) {
        if (parent->last)
            parent->last->next = n;
        else
            parent->first = n;
        parent->last = n;
    }
    return n;
}

static int copy_attrs(np_xml_reader *r, np_xnode *n, const xmlNode *src)
{
    np_xattr **tail = &n->attrs;
    for (const xmlAttr *a = src->properties; a; a = a->next) {
        np_xattr *x = np_arena_alloc(r->nodes, sizeof *x);
        if (!x)
            return -1;
        x->name = np_arena_strdup(r->nodes, (const char *)a->name);
        const np_pos *at = a->_private;
        x->pos = at ? at[0] : n->pos;
        x->value_pos = at ? at[1] : n->pos;
        const xmlNode *t = a->children;
        x->value = np_arena_strdup(r->arena,
            t && t->content ? (const char *)t->content : "");
        if (!x->name || !x->value)
            return -1;
        *tail = x;
        tail = &x->next;
    }
    return 0;
}

static bool copied(const xmlNode *src)
{
    return src->type == XML_ELEMENT_NODE || src->type == XML_TEXT_NODE
           || src->type == XML_CDATA_SECTION_NODE;
}

/* Copies one element (without its children) or text node under
 * `parent`. Returns 0, 1 when a text run is past the limit (reported),
 * -1 out of memory. */
static int copy_node(np_xml_reader *r, np_xnode *parent, const xmlNode *src,
                     np_xnode **out)
{
    np_xnode *n = *out = new_xnode(r, parent, src);
    if (!n)
        return -1;
    if (src->type == XML_ELEMENT_NODE) {
        n->name = np_arena_strdup(r->nodes, (const char *)src->name);
        return n->name && copy_attrs(r, n, src) == 0 ? 0 : -1;
    }
    const char *c = (const char *)src->content;
    n->len = c ? strlen(c) : 0;
    if (n->len > r->limits.text_bytes) {
        np_report(r->diags, r->file, n->pos, NP_MSG_LIMIT_TEXT, n->len,
                  r->limits.text_bytes);
        return 1;
    }
    n->text = np_arena_strndup(r->arena, c ? c : "", n->len);
    return n->text ? 0 : -1;
}

/* Copies the element `top` and everything under it into *root. The
 * walk goes down first children, along next siblings and back up
 * parents, without recursion: the C stack stays the same however deep
 * the document. `parent` is always the copy of src's parent. */
int np_xml_copy_tree(np_xml_reader *r, const xmlNode *top, np_xnode **root)
{
    np_xnode *parent = NULL;
    const xmlNode *src = top;
    while (src) {
        np_xnode *n = NULL;
        if (np_xml_cancelled(r, NULL))
            return -1;
        int rc = copied(src) ? copy_node(r, parent, src, &n) : 0;
        if (rc)
            return rc;
        if (src == top)
            *root = n;
        if (n && n->name && src->children) {
            parent = n;
            src = src->children;
            continue;
        }
        while (src != top && !src->next) {
            src = src->parent;
            parent = parent->parent;
        }
        src = src == top ? NULL : src->next;
    }
    return 0;
}

const char *np_xattr_get(const np_xnode *node, const char *name)
{
    const np_xattr *a = np_xattr_find(node, name);
    return a ? a->value : NULL;
}

const np_xattr *np_xattr_find(const np_xnode *node, const char *name)
{
    for (const np_xattr *a = node->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a;
    return NULL;
}

np_pos np_xattr_pos(const np_xnode *node, const char *name)
{
    const np_xattr *a = np_xattr_find(node, name);
    return a ? a->pos : node->pos;
}

bool np_xnode_is(const np_xnode *node, const char *name)
{
    return node->name && strcmp(node->name, name) == 0;
}

char *np_xnode_text(np_arena *arena, const np_xnode *node, size_t *len)
{
    size_t n = 0;
    for (const np_xnode *c = node->first; c; c = c->next)
        n += c->name ? 0 : c->len;
    char *s = np_arena_alloc(arena, n + 1);
    if (!s)
        return NULL;
    size_t at = 0;
    for (const np_xnode *c = node->first; c; c = c->next)
        if (!c->name) {
            memcpy(s + at, c->text, c->len);
            at += c->len;
        }
    s[at] = '\0';
    if (len)
        *len = at;
    return s;
}
