/*
 * xml_explain.h - what the two files of the schema explainer share:
 * xml_explain.c (element content, the walk) and xml_explain_attr.c
 * (attributes). The rest of the reader sees only np_explain
 * (xml_internal.h).
 */
#ifndef NP_XML_EXPLAIN_H
#define NP_XML_EXPLAIN_H

#include "readers/xml_internal.h"

struct np_explainer {
    xmlDocPtr rng;              /* the schema's XML, read once */
    const xmlNode *start;       /* <start> */
};

/* The grammar's XML: whether `n` is the RNG element `name`; the value
 * of its attribute `name` ("" when none); its first child element and
 * the next sibling element; the <define> of `name` in the grammar. */
bool np_rng_is(const xmlNode *n, const char *name);
const char *np_rng_attr(const xmlNode *n, const char *name);
const xmlNode *np_rng_first(const xmlNode *n);
const xmlNode *np_rng_next(const xmlNode *n);
const xmlNode *np_rng_define(const np_explainer *x, const char *name);

/* A set of names (element names, values), in the order first added. */
#define NP_NAMES_MAX 40
typedef struct np_names {
    const char *name[NP_NAMES_MAX];
    unsigned n;
    bool text;                  /* text too (element content) */
} np_names;

void np_names_add(np_names *s, const char *name);

/* "a, b or c" of name[0..n), in the arena `a`. */
const char *np_names_or(np_arena *a, const char *const *name, unsigned n,
                        const char *quote);

/* Keeps one error (its arguments must outlive the report). */
void np_found_keep(np_xml_found *f, np_pos pos, np_msg msg, const char *a0,
                   const char *a1, const char *a2, const char *a3);

/* The attributes of `node` against those of its schema element `el`. */
void np_explain_attributes(const np_explainer *x, np_xml_found *found,
                           const xmlNode *node, const xmlNode *el);

#endif
