/*
 * xml_explain.c - every schema error of a refused description, placed
 * and explained as a compiler would: the element or attribute at fault,
 * at its line and column, what was expected there, and the known name
 * nearest to a misspelt one.
 *
 * libxml2 decides whether a description is valid (xml_schema.c); it
 * stops at its first error and often cannot say where. This file runs
 * only after libxml2 refused, and walks the document against the
 * schema's own grammar (the RELAX NG file, read once with the schema):
 * content models by derivatives (Brzozowski's, as James Clark's
 * algorithm does for RELAX NG) over child elements and text, attributes
 * against each element's declared ones. After an error it goes on as
 * if the offending node were not there, so that every independent
 * error is found. What it finds is kept, not reported: the validation
 * may run on a thread of its own, and the caller reports.
 *
 * Not done here: deciding validity (libxml2's), or the checks after the
 * schema (document/doc_check.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ground/spell.h"
#include "readers/xml_explain.h"

/* Pattern nodes one description may make before the walk gives up
 * (and libxml2's own message is reported instead). */
#define MAX_NODES 400000u
#define MEMO_SIZE 1024

typedef enum kind {
    P_EMPTY, P_NONE, P_TEXT, P_ELEMENT, P_CHOICE, P_GROUP, P_INTERLEAVE,
    P_MORE, P_REF
} kind;

/* A content model: an RNG node seen as a pattern, or a derivative. */
typedef struct pat {
    kind k;
    const struct pat *a, *b;
    const xmlNode *rng;         /* P_ELEMENT: <element>; P_REF: its
                                 * <define> or a node whose children
                                 * form the pattern */
} pat;

typedef struct walk {
    np_arena *arena;
    const np_explainer *x;
    np_xml_found *found;        /* what the caller reports */
    unsigned nodes;
    bool gave_up;
    const xmlNode *memo_key[MEMO_SIZE];
    const pat *memo_pat[MEMO_SIZE];
    const xmlNode *matched;     /* the <element> the last derivative took */
} walk;

static const pat none_pat = { P_NONE, NULL, NULL, NULL };
static const pat empty_pat = { P_EMPTY, NULL, NULL, NULL };
static const pat text_pat = { P_TEXT, NULL, NULL, NULL };

/* ---- the grammar --------------------------------------------------- */

bool np_rng_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

const char *np_rng_attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0 && a->children)
            return (const char *)a->children->content;
    return "";
}

const xmlNode *np_rng_first(const xmlNode *n)
{
    for (n = n ? n->children : NULL; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    return n;
}

const xmlNode *np_rng_next(const xmlNode *n)
{
    for (n = n->next; n && n->type != XML_ELEMENT_NODE; n = n->next)
        ;
    return n;
}

/* The <define> of `name`. */
const xmlNode *np_rng_define(const np_explainer *x, const char *name)
{
    const xmlNode *g = xmlDocGetRootElement(x->rng);
    for (const xmlNode *d = np_rng_first(g); d; d = np_rng_next(d))
        if (np_rng_is(d, "define") && strcmp(np_rng_attr(d, "name"), name) == 0)
            return d;
    return NULL;
}

static const pat *make(walk *w, kind k, const pat *a, const pat *b, const xmlNode *rng)
{
    if (++w->nodes > MAX_NODES) {
        w->gave_up = true;
        return &none_pat;
    }
    pat *p = np_arena_alloc(w->arena, sizeof *p);
    if (!p) {
        w->gave_up = true;
        return &none_pat;
    }
    *p = (pat){ k, a, b, rng };
    return p;
}

static bool same(const pat *a, const pat *b)
{
    return a == b || (a->k == b->k && a->a == b->a && a->b == b->b && a->rng == b->rng);
}

static const pat *choice(walk *w, const pat *a, const pat *b)
{
    if (a->k == P_NONE)
        return b;
    if (b->k == P_NONE || same(a, b))
        return a;
    return make(w, P_CHOICE, a, b, NULL);
}

/* A group or an interleave of a and b: none when either is, the other
 * when one is empty. */
static const pat *both(walk *w, kind k, const pat *a, const pat *b)
{
    if (a->k == P_NONE || b->k == P_NONE)
        return &none_pat;
    if (a->k == P_EMPTY)
        return b;
    if (b->k == P_EMPTY)
        return a;
    return make(w, k, a, b, NULL);
}

static const pat *group(walk *w, const pat *a, const pat *b)
{
    return both(w, P_GROUP, a, b);
}

static const pat *interleave(walk *w, const pat *a, const pat *b)
{
    return both(w, P_INTERLEAVE, a, b);
}

static const pat *seq(walk *w, const xmlNode *first);

/* One RNG node as a pattern of element content (attributes are
 * checked apart: here they are empty). */
static const pat *one(walk *w, const xmlNode *n)
{
    if (np_rng_is(n, "element"))
        return make(w, P_ELEMENT, NULL, NULL, n);
    if (np_rng_is(n, "text"))
        return &text_pat;
    if (np_rng_is(n, "notAllowed"))
        return &none_pat;
    if (np_rng_is(n, "ref")) {
        const xmlNode *d = np_rng_define(w->x, np_rng_attr(n, "name"));
        return d ? make(w, P_REF, NULL, NULL, d) : &none_pat;
    }
    const pat *inner = seq(w, np_rng_first(n));
    if (np_rng_is(n, "optional"))
        return choice(w, inner, &empty_pat);
    if (np_rng_is(n, "zeroOrMore"))
        return choice(w, make(w, P_MORE, inner, NULL, NULL), &empty_pat);
    if (np_rng_is(n, "oneOrMore"))
        return make(w, P_MORE, inner, NULL, NULL);
    if (np_rng_is(n, "mixed"))
        return interleave(w, make(w, P_MORE, &text_pat, NULL, NULL), inner);
    if (np_rng_is(n, "choice")) {
        const pat *c = &none_pat;
        for (const xmlNode *k = np_rng_first(n); k; k = np_rng_next(k))
            c = choice(w, c, one(w, k));
        return c;
    }
    if (np_rng_is(n, "interleave")) {
        const pat *c = &empty_pat;
        for (const xmlNode *k = np_rng_first(n); k; k = np_rng_next(k))
            c = interleave(w, c, one(w, k));
        return c;
    }
    if (np_rng_is(n, "data") || np_rng_is(n, "value"))
        return &text_pat;
    if (np_rng_is(n, "group"))
        return inner;
    return &empty_pat;          /* attribute, empty, name */
}

static const pat *seq(walk *w, const xmlNode *first)
{
    if (!first)
        return &empty_pat;
    const pat *head = one(w, first);
    const xmlNode *next = np_rng_next(first);
    return next ? group(w, head, seq(w, next)) : head;
}

/* The pattern of the children of `n` (a <define> or an <element>),
 * made once per walk so that equal patterns are the same pointer. */
static const pat *children_of(walk *w, const xmlNode *n)
{
    size_t h = ((size_t)n >> 4) % MEMO_SIZE;
    for (size_t i = 0; i < MEMO_SIZE; i++, h = (h + 1) % MEMO_SIZE) {
        if (w->memo_key[h] == n)
            return w->memo_pat[h];
        if (!w->memo_key[h]) {
            const pat *p = seq(w, np_rng_first(n));
            w->memo_key[h] = n;
            w->memo_pat[h] = p;
            return p;
        }
    }
    return seq(w, np_rng_first(n));
}

/* ---- derivatives --------------------------------------------------- */

static bool nullable(walk *w, const pat *p)
{
    switch (p->k) {
    case P_EMPTY:
    case P_TEXT:
        return true;
    case P_CHOICE:
        return nullable(w, p->a) || nullable(w, p->b);
    case P_GROUP:
    case P_INTERLEAVE:
        return nullable(w, p->a) && nullable(w, p->b);
    case P_MORE:
        return nullable(w, p->a);
    case P_REF:
        return nullable(w, children_of(w, p->rng));
    default:
        return false;
    }
}

/* What is left of `p` after an element `name` (NULL: a run of text);
 * w->matched takes the <element> that took it. */
static const pat *deriv(walk *w, const pat *p, const char *name)
{
    if (w->gave_up)
        return &none_pat;
    switch (p->k) {
    case P_TEXT:
        return name ? &none_pat : p;
    case P_ELEMENT:
        if (!name || strcmp(np_rng_attr(p->rng, "name"), name) != 0)
            return &none_pat;
        if (!w->matched)
            w->matched = p->rng;
        return &empty_pat;
    case P_CHOICE:
        return choice(w, deriv(w, p->a, name), deriv(w, p->b, name));
    case P_GROUP: {
        const pat *d = group(w, deriv(w, p->a, name), p->b);
        return nullable(w, p->a) ? choice(w, d, deriv(w, p->b, name)) : d;
    }
    case P_INTERLEAVE:
        return choice(w, interleave(w, deriv(w, p->a, name), p->b),
                      interleave(w, p->a, deriv(w, p->b, name)));
    case P_MORE:
        return group(w, deriv(w, p->a, name), choice(w, p, &empty_pat));
    case P_REF:
        return deriv(w, children_of(w, p->rng), name);
    default:
        return &none_pat;
    }
}

/* ---- what may come ------------------------------------------------- */

void np_names_add(np_names *s, const char *name)
{
    for (unsigned i = 0; i < s->n; i++)
        if (strcmp(s->name[i], name) == 0)
            return;
    if (s->n < NP_NAMES_MAX)
        s->name[s->n++] = name;
}

/* The elements (and text) that may come first in `p`; with `needed`,
 * only those without which `p` cannot end. */
static void firsts(walk *w, const pat *p, np_names *s, bool needed)
{
    switch (p->k) {
    case P_TEXT:
        s->text = s->text || !needed;
        break;
    case P_ELEMENT:
        np_names_add(s, np_rng_attr(p->rng, "name"));
        break;
    case P_CHOICE:
        if (needed && (nullable(w, p->a) || nullable(w, p->b)))
            break;
        firsts(w, p->a, s, needed);
        firsts(w, p->b, s, needed);
        break;
    case P_INTERLEAVE:
        firsts(w, p->a, s, needed);
        firsts(w, p->b, s, needed);
        break;
    case P_GROUP:
        if (!needed || !nullable(w, p->a))
            firsts(w, p->a, s, needed);
        if (nullable(w, p->a))
            firsts(w, p->b, s, needed);
        break;
    case P_MORE:
        firsts(w, p->a, s, needed);
        break;
    case P_REF:
        firsts(w, children_of(w, p->rng), s, needed);
        break;
    default:
        break;
    }
}

/* "a, b or c" of the np_names in s, in the keeping arena. */
const char *np_names_or(np_arena *a, const char *const *name, unsigned n,
                           const char *quote)
{
    char text[1024] = "";
    size_t at = 0;
    for (unsigned i = 0; i < n && at < sizeof text - 64; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        at += (size_t)snprintf(text + at, sizeof text - at, "%s%s%s%s", sep,
                               quote, name[i], quote[0] ? quote : "");
    }
    return np_arena_strdup(a, text);
}

/* What may come next, as a message says it: "element title or
 * subtitle", "text or element i or b", "the end of <p>". */
static const char *expected(walk *w, const pat *p, const char *parent)
{
    np_names s = { .n = 0 };
    firsts(w, p, &s, false);
    np_arena *keep = w->found->arena;
    const char *list = s.n ? np_names_or(keep, s.name, s.n, "") : "";
    if (s.n == 0 && !s.text)
        return np_arena_printf(keep, "the end of <%s>", parent);
    return np_arena_printf(keep, "%s%s%s%s", s.text ? "text" : "",
                           s.text && s.n ? " or " : "", s.n ? "element " : "",
                           list);
}

/* ---- what is found ------------------------------------------------- */

void np_found_keep(np_xml_found *f, np_pos pos, np_msg msg, const char *a0,
                   const char *a1, const char *a2, const char *a3)
{
    if (f->count == NP_XML_FOUND_MAX) {
        f->more = true;
        return;
    }
    f->item[f->count++] = (np_xml_finding){ pos, msg, { a0 ? a0 : "", a1 ? a1 : "",
                                                         a2 ? a2 : "", a3 ? a3 : "" } };
}

static const char *name_of(const xmlNode *n)
{
    return (const char *)n->name;
}

/* Whether the schema has an element `name` anywhere under `n`. */
static bool known_element(const xmlNode *n, const char *name)
{
    for (const xmlNode *k = np_rng_first(n); k; k = np_rng_next(k))
        if ((np_rng_is(k, "element") && strcmp(np_rng_attr(k, "name"), name) == 0)
            || known_element(k, name))
            return true;
    return false;
}

/* Offers every element name of the schema under `n` to `sp`. */
static void offer_elements(np_spell *sp, const xmlNode *n)
{
    for (const xmlNode *k = np_rng_first(n); k; k = np_rng_next(k)) {
        if (np_rng_is(k, "element"))
            np_spell_offer(sp, np_rng_attr(k, "name"));
        offer_elements(sp, k);
    }
}

/* "; did you mean <subtitle>?" for a name the schema does not know: a
 * near one among those expected (`s`), else among all the schema's, or
 * the name other formats give to one of ours. */
static const char *element_hint(walk *w, const char *name, const np_names *s)
{
    static const char *const other[][2] = {
        { "em", "i" }, { "emph", "i" }, { "italic", "i" }, { "strong", "b" },
        { "bold", "b" }, { "para", "p" }, { "ul", "list" }, { "ol", "list" },
        { "li", "item" }, { "footnote", "fn" }, { "note", "fn" }, { "a", "link" },
        { "h1", "title" }, { "h2", "title" }, { "tbody", "table" },
    };
    if (known_element(xmlDocGetRootElement(w->x->rng), name))
        return "";              /* misplaced, not misspelt */
    np_spell sp;
    np_spell_init(&sp, name);
    for (unsigned i = 0; i < s->n; i++)
        np_spell_offer(&sp, s->name[i]);
    if (!sp.best)
        offer_elements(&sp, xmlDocGetRootElement(w->x->rng));
    for (size_t i = 0; !sp.best && i < sizeof other / sizeof *other; i++)
        if (strcmp(name, other[i][0]) == 0)
            sp.best = other[i][1];
    return sp.best ? np_arena_printf(w->found->arena, "; did you mean <%s>?", sp.best)
                   : "";
}

/* ---- the walk ------------------------------------------------------ */

static bool blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static void check_element(walk *w, const xmlNode *node, const xmlNode *el);

/* When the child `c`, refused, would be in its place after an element
 * that must come first: says that one is missing, and goes on as if it
 * were there. */
static bool missing_before(walk *w, const xmlNode *parent, const xmlNode *c,
                           const pat **p)
{
    np_names s = { .n = 0 };
    firsts(w, *p, &s, true);
    for (unsigned i = 0; i < s.n; i++) {
        w->matched = NULL;
        const pat *d = deriv(w, *p, s.name[i]);
        w->matched = NULL;
        d = deriv(w, d, name_of(c));
        if (d->k == P_NONE || !w->matched)
            continue;
        np_found_keep(w->found, np_xml_node_position(c), NP_MSG_SCHEMA_BEFORE, s.name[i],
             name_of(c), name_of(parent), "");
        *p = d;
        check_element(w, c, w->matched);
        return true;
    }
    return false;
}

/* One child of `parent` against the content left, `*p`. */
static void check_child(walk *w, const xmlNode *parent, const xmlNode *c,
                        const pat **p, bool *text_said)
{
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
        if (blank(c->content))
            return;
        const pat *d = deriv(w, *p, NULL);
        if (d->k != P_NONE)
            *p = d;
        else if (!*text_said) {
            *text_said = true;
            np_found_keep(w->found, np_xml_node_position(c), NP_MSG_SCHEMA_TEXT, name_of(parent),
                 expected(w, *p, name_of(parent)), "", "");
        }
        return;
    }
    if (c->type != XML_ELEMENT_NODE)
        return;
    w->matched = NULL;
    const pat *d = c->ns ? &none_pat : deriv(w, *p, name_of(c));
    if (d->k != P_NONE && w->matched) {
        *p = d;
        check_element(w, c, w->matched);
        return;
    }
    if (c->ns) {
        np_found_keep(w->found, np_xml_node_position(c), NP_MSG_SCHEMA_NAMESPACE, name_of(c),
             (const char *)c->ns->href, "", "");
        return;
    }
    if (missing_before(w, parent, c, p))
        return;
    np_names s = { .n = 0 };
    firsts(w, *p, &s, false);
    np_found_keep(w->found, np_xml_node_position(c), NP_MSG_SCHEMA_ELEMENT, name_of(c),
         name_of(parent), expected(w, *p, name_of(parent)),
         element_hint(w, name_of(c), &s));
}

static void check_element(walk *w, const xmlNode *node, const xmlNode *el)
{
    np_explain_attributes(w->x, w->found, node, el);
    const pat *p = children_of(w, el);
    bool text_said = false;
    for (const xmlNode *c = node->children; c && !w->gave_up; c = c->next)
        check_child(w, node, c, &p, &text_said);
    if (w->gave_up || nullable(w, p))
        return;
    np_names s = { .n = 0 };
    firsts(w, p, &s, true);
    const char *needed = s.n ? np_arena_printf(w->found->arena, "element %s",
                                               np_names_or(w->found->arena, s.name, s.n, ""))
                             : expected(w, p, name_of(node));
    np_found_keep(w->found, np_xml_node_position(node), NP_MSG_SCHEMA_MISSING, name_of(node),
         needed, "", "");
}

/* Document order; a message about an element that ends too early comes
 * after those about its children. qsort is not stable: the order kept
 * breaks ties. */
static int by_position(const void *pa, const void *pb)
{
    const np_xml_finding *a = pa, *b = pb;
    if (a->pos.line != b->pos.line)
        return a->pos.line < b->pos.line ? -1 : 1;
    if (a->pos.col != b->pos.col)
        return a->pos.col < b->pos.col ? -1 : 1;
    return a < b ? -1 : a > b;
}

np_explainer *np_explainer_new(const char *rng, size_t len)
{
    xmlDocPtr doc = xmlReadMemory(rng, (int)len, "schema.rng", NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOBLANKS);
    np_explainer *x = doc ? malloc(sizeof *x) : NULL;
    if (!x) {
        xmlFreeDoc(doc);
        return NULL;
    }
    x->rng = doc;
    x->start = NULL;
    for (const xmlNode *n = np_rng_first(xmlDocGetRootElement(doc)); n; n = np_rng_next(n))
        if (np_rng_is(n, "start"))
            x->start = n;
    return x;
}

void np_explainer_free(np_explainer *x)
{
    if (x) {
        xmlFreeDoc(x->rng);
        free(x);
    }
}

bool np_explain(const np_explainer *x, xmlDocPtr doc, np_xml_found *found)
{
    walk *w = x && x->start ? calloc(1, sizeof *w) : NULL;
    if (!w)
        return false;
    w->x = x;
    w->found = found;
    w->arena = np_arena_new(NULL);
    const xmlNode *root = xmlDocGetRootElement(doc);
    if (w->arena && root) {
        const pat *start = children_of(w, x->start);
        const pat *d = root->ns ? &none_pat : deriv(w, start, name_of(root));
        if (root->ns)
            np_found_keep(w->found, np_xml_node_position(root), NP_MSG_SCHEMA_NAMESPACE,
                 name_of(root), (const char *)root->ns->href, "", "");
        else if (d->k != P_NONE && w->matched)
            check_element(w, root, w->matched);
        else
            np_found_keep(w->found, np_xml_node_position(root), NP_MSG_SCHEMA_ROOT, name_of(root),
                 expected(w, start, "the document"), "", "");
    }
    bool done = !w->gave_up && w->arena && !np_arena_failed(w->arena);
    np_arena_free(w->arena);
    free(w);
    qsort(found->item, found->count, sizeof *found->item, by_position);
    return done && found->count > 0;
}
