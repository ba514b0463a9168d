/*
 * xml_explain_attr.c - the attributes of one element of a refused
 * description against those its schema declares (xml_explain.h):
 * unknown ones, with the nearest known name; missing required ones;
 * values out of their list, type or pattern, saying what is wanted.
 *
 * Not done here: element content (xml_explain.c).
 */
#include <stdio.h>
#include <string.h>

#include "ground/spell.h"
#include "readers/xml_explain.h"

#define MAX_ATTRS 24

typedef struct decl {
    const char *name;
    const xmlNode *rng;         /* its <attribute> */
    bool required;
} decl;

typedef struct decls {
    decl d[MAX_ATTRS];
    unsigned n;
} decls;

/* The attributes declared in the content of `n`, through references,
 * not into child elements; `required` when nothing makes them
 * optional. */
static void collect(const np_explainer *x, const xmlNode *n, bool required,
                    decls *out, unsigned depth)
{
    for (const xmlNode *k = np_rng_first(n); k && depth < 32; k = np_rng_next(k)) {
        if (np_rng_is(k, "attribute") && out->n < MAX_ATTRS)
            out->d[out->n++] = (decl){ np_rng_attr(k, "name"), k, required };
        else if (np_rng_is(k, "ref")) {
            const xmlNode *d = np_rng_define(x, np_rng_attr(k, "name"));
            if (d)
                collect(x, d, required, out, depth + 1);
        } else if (!np_rng_is(k, "element") && !np_rng_is(k, "attribute"))
            collect(x, k, required && !np_rng_is(k, "optional") && !np_rng_is(k, "zeroOrMore")
                    && !np_rng_is(k, "choice"), out, depth + 1);
    }
}

/* Whether `v` is a token of XML Schema: no space at either end, no two
 * in a row; values compare as such. */
static bool same_token(const char *v, const char *want)
{
    while (*v == ' ' || *v == '\t' || *v == '\n')
        v++;
    size_t n = strlen(want);
    if (strncmp(v, want, n) != 0)
        return false;
    for (v += n; *v; v++)
        if (*v != ' ' && *v != '\t' && *v != '\n')
            return false;
    return true;
}

static bool data_ok(const xmlNode *data, const char *v)
{
    const char *type = np_rng_attr(data, "type");
    if (strcmp(type, "positiveInteger") == 0) {
        size_t n = strspn(v, "0123456789");
        return n > 0 && v[n] == '\0' && strspn(v, "0") < n;
    }
    for (const xmlNode *p = np_rng_first(data); p; p = np_rng_next(p)) {
        if (!np_rng_is(p, "param") || strcmp(np_rng_attr(p, "name"), "pattern") != 0)
            continue;
        xmlChar *re = xmlNodeGetContent(p);
        xmlRegexpPtr r = re ? xmlRegexpCompile(re) : NULL;
        int ok = r ? xmlRegexpExec(r, (const xmlChar *)v) : 1;
        xmlRegFreeRegexp(r);
        xmlFree(re);
        if (ok == 0)
            return false;
    }
    return true;
}

static bool value_ok(const np_explainer *x, const xmlNode *n, const char *v,
                     unsigned depth);

/* A <list>: words separated by spaces, each matching the item pattern;
 * at least one when it is <oneOrMore>. */
static bool list_ok(const np_explainer *x, const xmlNode *n, const char *v,
                    unsigned depth)
{
    const xmlNode *item = np_rng_first(n);
    bool some = np_rng_is(item, "oneOrMore");
    if (some || np_rng_is(item, "zeroOrMore"))
        item = np_rng_first(item);
    unsigned words = 0;
    for (const char *s = v; *s;) {
        size_t gap = strspn(s, " \t\n\r"), len = strcspn(s + gap, " \t\n\r");
        char word[256];
        s += gap;
        if (len == 0)
            break;
        snprintf(word, sizeof word, "%.*s", (int)len, s);
        if (!value_ok(x, item, word, depth + 1))
            return false;
        words++;
        s += len;
    }
    return words > 0 || !some;
}

/* Whether the value `v` matches the value pattern `n`. */
static bool value_ok(const np_explainer *x, const xmlNode *n, const char *v,
                     unsigned depth)
{
    if (!n || depth > 16)
        return true;
    if (np_rng_is(n, "value")) {
        xmlChar *want = xmlNodeGetContent(n);
        bool ok = want && same_token(v, (const char *)want);
        xmlFree(want);
        return ok;
    }
    if (np_rng_is(n, "data"))
        return data_ok(n, v);
    if (np_rng_is(n, "list"))
        return list_ok(x, n, v, depth);
    if (np_rng_is(n, "ref")) {
        const xmlNode *d = np_rng_define(x, np_rng_attr(n, "name"));
        return d ? value_ok(x, np_rng_first(d), v, depth + 1) : true;
    }
    if (np_rng_is(n, "choice")) {
        for (const xmlNode *k = np_rng_first(n); k; k = np_rng_next(k))
            if (value_ok(x, k, v, depth + 1))
                return true;
        return false;
    }
    return true;                /* text */
}

/* The values `n` allows, when it is a list of them; else false. */
static bool value_list(const np_explainer *x, const xmlNode *n, np_names *s,
                       unsigned depth)
{
    if (!n || depth > 16)
        return false;
    if (np_rng_is(n, "value")) {
        np_names_add(s, n->children ? (const char *)n->children->content : "");
        return true;
    }
    if (np_rng_is(n, "ref")) {
        const xmlNode *d = np_rng_define(x, np_rng_attr(n, "name"));
        return d && value_list(x, np_rng_first(d), s, depth + 1);
    }
    if (!np_rng_is(n, "choice"))
        return false;
    for (const xmlNode *k = np_rng_first(n); k; k = np_rng_next(k))
        if (!value_list(x, k, s, depth + 1))
            return false;
    return true;
}

/* What the value pattern of the attribute `a` asks for, in words. */
static const char *wanted(const np_explainer *x, np_arena *keep, const xmlNode *a)
{
    const xmlNode *n = np_rng_first(a);
    np_names s = { .n = 0 };
    if (value_list(x, n, &s, 0))
        return np_arena_printf(keep, "one of %s", np_names_or(keep, s.name, s.n, ""));
    if (np_rng_is(n, "data") && strcmp(np_rng_attr(n, "type"), "positiveInteger") == 0)
        return "a whole number from 1 up";
    if (np_rng_is(n, "list"))
        return "one or more words separated by spaces";
    for (const xmlNode *p = n ? np_rng_first(n) : NULL; p; p = np_rng_next(p))
        if (np_rng_is(p, "param") && strcmp(np_rng_attr(p, "name"), "pattern") == 0) {
            xmlChar *re = xmlNodeGetContent(p);
            const char *text = np_arena_printf(keep, "of the form %s",
                                               re ? (const char *)re : "");
            xmlFree(re);
            return text;
        }
    return "something else";
}

static np_pos attr_pos(const xmlAttr *a, int which)
{
    if (a->_private)
        return ((const np_pos *)a->_private)[which];
    return np_xml_node_position(a->parent);
}

void np_explain_attributes(const np_explainer *x, np_xml_found *found,
                           const xmlNode *node, const xmlNode *el)
{
    decls ds = { .n = 0 };
    collect(x, el, true, &ds, 0);
    const char *elem = (const char *)node->name;
    for (const xmlAttr *a = node->properties; a; a = a->next) {
        const char *name = (const char *)a->name;
        const decl *d = NULL;
        for (unsigned i = 0; !a->ns && i < ds.n && !d; i++)
            if (strcmp(ds.d[i].name, name) == 0)
                d = &ds.d[i];
        xmlChar *v = xmlNodeListGetString(node->doc, a->children, 1);
        const char *value = v ? (const char *)v : "";
        if (!d) {
            np_spell sp;
            np_spell_init(&sp, name);
            const char *all[MAX_ATTRS];
            for (unsigned i = 0; i < ds.n; i++)
                np_spell_offer(&sp, all[i] = ds.d[i].name);
            const char *takes = ds.n ? np_arena_printf(found->arena, " (it takes %s)",
                                                       np_names_or(found->arena, all, ds.n, ""))
                                     : " (it takes none)";
            np_found_keep(found, attr_pos(a, 0), NP_MSG_SCHEMA_ATTR, elem,
                 np_arena_strdup(found->arena, name),
                 sp.best ? np_arena_printf(found->arena, "; did you mean %s?", sp.best) : "",
                 takes);
        } else if (!value_ok(x, np_rng_first(d->rng), value, 0))
            np_found_keep(found, attr_pos(a, 1), NP_MSG_SCHEMA_VALUE,
                 np_arena_strdup(found->arena, name),
                 np_arena_strndup(found->arena, value, strnlen(value, 80)), elem, wanted(x, found->arena, d->rng));
        xmlFree(v);
    }
    for (unsigned i = 0; i < ds.n; i++)
        if (ds.d[i].required && !xmlHasProp(node, (const xmlChar *)ds.d[i].name))
            np_found_keep(found, np_xml_node_position(node), NP_MSG_SCHEMA_NO_ATTR, elem,
                 ds.d[i].name, "", "");
}

