/*
 * xml_read.h - reading untrusted XML into a small tree with positions.
 *
 * This is the only part of notepress that knows libxml2. It parses with
 * options safe for untrusted input (no network, no DTD, no entity
 * expansion beyond the five predefined ones; a DOCTYPE is refused),
 * optionally validates against a compiled RELAX NG schema, and copies the
 * result into np_xnode records allocated in the caller's arena, each with
 * the line and column where it starts (an attribute: where its name and
 * its value start). Documents and layout files both
 * come through here.
 */
#ifndef NP_XML_READ_H
#define NP_XML_READ_H

#include <stddef.h>
#include "ground/arena.h"
#include "ground/diag.h"

typedef struct np_xattr {
    const char *name;
    const char *value;
    struct np_xattr *next;
    np_pos pos;                 /* where its name starts */
    np_pos value_pos;           /* where its value starts, past the quote */
} np_xattr;

typedef struct np_xnode {
    const char *name;           /* element name; NULL for a text node */
    const char *text;           /* text node: UTF-8, NUL-terminated */
    size_t len;
    np_xattr *attrs;
    struct np_xnode *parent, *first, *last, *next;
    np_pos pos;
} np_xnode;

typedef struct np_schema np_schema;

/* Once per process, before threads start (np_engine_new calls it). */
void np_xml_init(void);

/* Compiles a RELAX NG schema given as bytes. NULL on failure, reported
 * to `diags` as SCHEMA_INTERNAL. The schema is read-only afterwards and
 * shared by concurrent validations. */
np_schema *np_schema_new(const char *rng, size_t len, np_diags *diags);
void np_schema_free(np_schema *schema);

/* Parses `len` bytes named `file`. With a schema, validates too. On
 * success returns 0 and sets *root to the root element, allocated in
 * `arena`. Returns 1 when the input is refused (each problem reported
 * with its position), -1 when memory runs out. */
int np_xml_read(np_arena *arena, np_diags *diags, const char *file,
                const char *bytes, size_t len, const np_schema *schema,
                np_xnode **root);

/* The same, under the limits of `limits` (NULL: the defaults): input
 * size, element depth and count, length of a text run. `cancel`, when
 * not NULL, is polled as the parse and the copy go: a non-zero answer
 * stops them, and the read returns -1 having reported nothing. The
 * tree's records, element and attribute names go in `nodes` (which
 * may be `arena`), its text and attribute values in `arena`: once the
 * tree is converted, `nodes` may be freed and the strings stay. */
int np_xml_read_limited(np_arena *arena, np_arena *nodes, np_diags *diags,
                        const char *file, const char *bytes, size_t len,
                        const np_schema *schema, const np_limits *limits,
                        int (*cancel)(void *ud), void *cancel_ud,
                        np_xnode **root);

/* Helpers over the tree. */
const char *np_xattr_get(const np_xnode *node, const char *name);
/* The attribute `name` of `node`, or NULL. */
const np_xattr *np_xattr_find(const np_xnode *node, const char *name);
/* Where attribute `name` of `node` is written; the element's own
 * position when it has no such attribute. */
np_pos np_xattr_pos(const np_xnode *node, const char *name);
bool np_xnode_is(const np_xnode *node, const char *name);
/* The text children of `node` one after the other, as written, in the
 * arena, and their length in *len (may be NULL); NULL when memory runs
 * out. */
char *np_xnode_text(np_arena *arena, const np_xnode *node, size_t *len);

#endif
