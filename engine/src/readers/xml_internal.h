/*
 * xml_internal.h - what the four files of the XML reader share, and the
 * only file that includes libxml2's headers:
 *
 *   xml_read.c    the parse: safe options, the SAX hooks that enforce
 *                 the limits and refuse characters, libxml2's errors
 *   xml_pos.c     positions: where in the input bytes an element, an
 *                 attribute, a text run or a character starts
 *   xml_schema.c  RELAX NG: compiling the schema, validating on a thread
 *                 with a stack for the depth, placing its errors
 *   xml_tree.c    the copy into np_xnode records, and their helpers
 *   xml_explain.c every schema error of a refused description, placed
 *                 and explained from the schema's own grammar
 *
 * Not for the rest of the engine, which sees XML through xml_read.h.
 */
#ifndef NP_XML_INTERNAL_H
#define NP_XML_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>

#include "ground/limit.h"
#include "readers/xml_read.h"

/* The first line libxml2 says through its per-thread generic error
 * function, which prints on stderr unless diverted here. */
typedef struct np_xml_aside {
    char text[256];
    size_t len;
} np_xml_aside;

/* This thread's generic error function, as it was before a diversion. */
typedef struct np_xml_generic {
    xmlGenericErrorFunc fn;
    void *ctx;
} np_xml_generic;

/* One read of one input: what the hooks need, and what they found. */
typedef struct np_xml_reader {
    np_arena *arena;            /* text and attribute values: kept */
    np_arena *nodes;            /* the records, names and positions of
                                   the copy: may go once it is read */
    np_diags *diags;
    const char *file;
    bool saw_doctype;
    bool stopped;               /* we stopped the parse: errors after it are noise */
    bool failed;
    int reported;
    np_limits limits;
    unsigned elements;
    unsigned deepest;           /* the deepest element read so far */
    np_xml_aside conversion;    /* libxml2's failed-conversion message */
    const char *bytes;          /* the input as given */
    size_t len;
    size_t at;                  /* last offset located, and its position */
    np_pos at_pos;
    startElementNsSAX2Func start_element;
    charactersSAXFunc characters;
    int (*cancel)(void *ud);    /* polled every CANCEL_EVERY events */
    void *cancel_ud;
    unsigned events;
    bool cancelled;
} np_xml_reader;

/* xml_read.c */

/* Whether the caller asked to stop (polled every so many calls); the
 * parse, when `ctxt` is given, is then stopped. */
bool np_xml_cancelled(np_xml_reader *r, xmlParserCtxtPtr ctxt);

/* libxml2's message `msg` as one line in dst[0..size). */
void np_xml_trim_message(char *dst, size_t size, const char *msg);

/* Sends what libxml2 would print on this thread to `a`, until
 * np_xml_restore() with what this returns. */
np_xml_generic np_xml_divert(np_xml_aside *a);
void np_xml_restore(np_xml_generic was);

/* xml_pos.c */

/* Position of byte `p` of the current input. */
np_pos np_xml_locate(np_xml_reader *r, xmlParserInputPtr in, const xmlChar *p);

/* Where the `len` bytes of text `ch` handed to the characters handler
 * start in the input; *literal tells whether they are there as they
 * are (else the position is that of the character reference). */
const xmlChar *np_xml_chars_start(xmlParserInputPtr in, const xmlChar *ch,
                                  int len, bool *literal);

/* Where ch[at] is in the input, the text found at `start` by
 * np_xml_chars_start. */
const xmlChar *np_xml_char_in_input(xmlParserInputPtr in, const xmlChar *start,
                                    const xmlChar *ch, int at);

/* Where the character at v[at] of an attribute value v[0..len) is in
 * the start tag tag[0..end). */
const xmlChar *np_xml_attribute_char(const xmlChar *tag, const xmlChar *end,
                                     const xmlChar *v, int len, int at);

/* Keeps `pos` with `node` (in its _private field, in the arena). */
void np_xml_set_position(np_xml_reader *r, xmlNodePtr node, np_pos pos);

/* The position kept with `node`, or with the nearest ancestor that has
 * one; 0:0 when none has. */
np_pos np_xml_node_position(const xmlNode *node);

/* Gives each attribute of `node` the positions of its name and of its
 * value in the start tag tag[0..end). */
void np_xml_set_attribute_positions(np_xml_reader *r, xmlParserInputPtr in,
                                    xmlNodePtr node, const xmlChar *tag,
                                    const xmlChar *end);

/* xml_schema.c */

/* Validates `doc` against `schema`, reporting the first error; true
 * when it is valid. r->failed is set when memory or a thread ran out. */
bool np_xml_validate(np_xml_reader *r, const np_schema *schema, xmlDocPtr doc);

/* xml_explain.c */
typedef struct np_explainer np_explainer;

/* The errors kept for one description: enough to mend it in one round,
 * bounded for a description refused everywhere. */
#define NP_XML_FOUND_MAX 50

/* One error found: a message of diag.h and its (string) arguments. */
typedef struct np_xml_finding {
    np_pos pos;
    np_msg msg;
    const char *arg[4];
} np_xml_finding;

typedef struct np_xml_found {
    np_arena *arena;            /* where the arguments are kept */
    np_xml_finding item[NP_XML_FOUND_MAX];
    unsigned count;
    bool more;                  /* more were found than kept */
} np_xml_found;

/* The grammar of the RELAX NG schema rng[0..len), read for
 * explanations; NULL when it cannot be read (or memory runs out). */
np_explainer *np_explainer_new(const char *rng, size_t len);
void np_explainer_free(np_explainer *x);

/* Walks `doc`, which the schema refused, into *found (not reported:
 * this may run on the validation's thread). True when it found and
 * explained at least one error; false when it found none it can
 * explain, or gave up, and libxml2's own message should be reported. */
bool np_explain(const np_explainer *x, xmlDocPtr doc, np_xml_found *found);

/* xml_tree.c */

/* Copies the element `top` and everything under it into *root. Returns
 * 0, 1 when a text run is past the limit (reported), -1 when memory
 * runs out or the caller cancelled. */
int np_xml_copy_tree(np_xml_reader *r, const xmlNode *top, np_xnode **root);

#endif
