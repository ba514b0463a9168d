/*
 * xml_schema.c - RELAX NG behind the XML reader: the schema compiled
 * once, each document validated against it, and the first error placed
 * at the element it is about.
 *
 * libxml2's validation recurses, a kilobyte or two of stack for each
 * level; a document deeper than libxml2's usual bound is validated on a
 * thread of its own with a stack sized for the depth the parse reached,
 * so that no caller's stack has to be that large. Errors found there
 * are kept and reported by the calling thread. Not done here: parsing
 * (xml_read.c) or the meaning of elements.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "readers/xml_internal.h"

struct np_schema {
    xmlRelaxNGPtr rng;
    np_explainer *explainer;    /* NULL: only libxml2's first error */
};

/* One validation against the schema, which may run on a thread of its
 * own: what it needs, and what it found. */
typedef struct validation {
    np_xml_reader *r;
    const np_schema *schema;
    xmlDocPtr doc;
    int rc;                     /* xmlRelaxNGValidateDoc's */
    bool failed;                /* out of memory */
    bool have_error;            /* the first error, reported by the caller */
    np_pos error_pos;
    char error[512];
    np_xml_aside said;          /* what libxml2 said past the handlers,
                                 * for the calling thread to report */
    bool explained;             /* found holds every error, explained */
    np_xml_found found;
} validation;

/* The first element of `doc` named `name` (name[0..len)), in document
 * order, or NULL. The walk is iterative, as everywhere here. */
static const xmlNode *first_named(xmlDocPtr doc, const char *name, size_t len)
{
    const xmlNode *top = xmlDocGetRootElement(doc), *n = top;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && strlen((const char *)n->name) == len
            && memcmp(n->name, name, len) == 0)
            return n;
        if (n->children) {
            n = n->children;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        n = n == top ? NULL : n->next;
    }
    return NULL;
}

/* Where a schema error with no node happened (libxml2 gives none for an
 * element its interleave cannot place, "Extra element original in
 * interleave", or whose attributes fail, "Element document failed to
 * validate attributes"): at the first element of the name the message
 * gives. */
static np_pos message_position(xmlDocPtr doc, const char *message)
{
    const char *at = message ? strstr(message, "lement ") : NULL;
    if (!at || at == message || (at[-1] != 'e' && at[-1] != 'E'))
        return (np_pos){ 0, 0 };
    at--;
    at += 8;
    size_t len = strcspn(at, " :,\n");
    const xmlNode *n = len ? first_named(doc, at, len) : NULL;
    return n ? np_xml_node_position(n) : (np_pos){ 0, 0 };
}

/* Only the first schema error is reported: libxml2 follows it with a
 * cascade about every enclosing element, which says nothing new. It is
 * kept for the calling thread to report, so that the user's diagnostic
 * callback never runs on a thread the user did not start. */
static void on_schema_error(void *ud, xmlErrorPtr e)
{
    validation *v = ud;
    if (v->r->reported++ > 0)
        return;
    np_xml_trim_message(v->error, sizeof v->error, e->message);
    v->error_pos = np_xml_node_position(e->node);
    if (v->error_pos.line == 0)
        v->error_pos = message_position(v->doc, e->message);
    if (v->error_pos.line == 0 && e->line > 0)
        v->error_pos.line = (unsigned)e->line;
    v->have_error = true;
}

/* ---- schema ------------------------------------------------------ */

static void on_schema_compile_error(void *ud, xmlErrorPtr e)
{
    char text[512];
    np_xml_trim_message(text, sizeof text, e->message);
    np_report(ud, NULL, (np_pos){ 0, 0 }, NP_MSG_SCHEMA_INTERNAL, text);
}

static xmlRelaxNGPtr compile_schema(const char *rng, size_t len, np_diags *diags)
{
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(rng, (int)len);
    if (!pc)
        return NULL;
    xmlRelaxNGSetParserStructuredErrors(pc, on_schema_compile_error, diags);
    xmlRelaxNGPtr compiled = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    return compiled;
}

/* The errors of reading the schema's own XML do not reach the parser
 * context's handler but this thread's global ones, which print on
 * stderr unless replaced: for the length of the compile, they are. */
np_schema *np_schema_new(const char *rng, size_t len, np_diags *diags)
{
    np_xml_aside said = { .len = 0 };
    xmlStructuredErrorFunc structured_fn = xmlStructuredError;
    void *structured_ctx = xmlStructuredErrorContext;
    np_xml_generic was = np_xml_divert(&said);
    xmlSetStructuredErrorFunc(diags, on_schema_compile_error);
    xmlRelaxNGPtr compiled = compile_schema(rng, len, diags);
    xmlSetStructuredErrorFunc(structured_ctx, structured_fn);
    np_xml_restore(was);
    if (said.len) {
        char text[512];
        np_xml_trim_message(text, sizeof text, said.text);
        np_report(diags, NULL, (np_pos){ 0, 0 }, NP_MSG_SCHEMA_INTERNAL, text);
    }
    if (!compiled)
        return NULL;
    np_schema *s = malloc(sizeof *s);
    if (!s) {
        xmlRelaxNGFree(compiled);
        return NULL;
    }
    s->rng = compiled;
    s->explainer = np_explainer_new(rng, len);
    return s;
}

void np_schema_free(np_schema *schema)
{
    if (!schema)
        return;
    xmlRelaxNGFree(schema->rng);
    np_explainer_free(schema->explainer);
    free(schema);
}

/* ---- validation -------------------------------------------------- */

/* libxml2's RELAX NG validation recurses for each level of the document.
 * Measured with libxml2 2.9.14 on x86-64, a level takes 0.4 KiB of
 * stack (inline elements) to 2.1 KiB (quotes in quotes): 5.3 MiB at the
 * default depth of 2 500, 10.6 MiB at NP_MAX_DEPTH; more than a thread
 * may have (glibc gives 2 MiB when the stack is unlimited). The thread
 * that validates gets twice the worst cost a level, over a floor for
 * the rest of the work. */
#define VALIDATION_STACK_FLOOR ((size_t)1 << 20)
#define VALIDATION_STACK_PER_LEVEL ((size_t)4096)
/* Up to this depth the caller's thread validates, as it always did:
 * libxml2's own bound without XML_PARSE_HUGE (0.6 MiB of stack at
 * most). Deeper documents get a thread, or are refused without one. */
#define VALIDATION_IN_PLACE_DEPTH 256u

static void *validate_here(void *ud)
{
    validation *v = ud;
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(v->schema->rng);
    if (!vc) {
        v->failed = true;
        return NULL;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, on_schema_error, v);
    np_xml_generic was = np_xml_divert(&v->said);
    v->rc = xmlRelaxNGValidateDoc(vc, v->doc);
    if (v->rc > 0)
        v->explained = np_explain(v->schema->explainer, v->doc, &v->found);
    np_xml_restore(was);
    xmlRelaxNGFreeValidCtxt(vc);
    return NULL;
}

/* Runs the validation on a thread with a stack for `depth` levels, and
 * waits for it. Returns 0, or the error number of pthread_create. */
static int validate_on_thread(validation *v, unsigned depth)
{
    size_t size = VALIDATION_STACK_FLOOR + depth * VALIDATION_STACK_PER_LEVEL;
    pthread_attr_t attr;
    pthread_t thread;
    int err = pthread_attr_init(&attr);
    if (err)
        return err;
    err = pthread_attr_setstacksize(&attr, size);
    if (!err)
        err = pthread_create(&thread, &attr, validate_here, v);
    pthread_attr_destroy(&attr);
    if (!err)
        err = pthread_join(thread, NULL);
    return err;
}

bool np_xml_validate(np_xml_reader *r, const np_schema *schema, xmlDocPtr doc)
{
    validation v = { .r = r, .schema = schema, .doc = doc,
                     .found = { .arena = r->arena } };
    int err = 0;
    if (r->deepest <= VALIDATION_IN_PLACE_DEPTH)
        validate_here(&v);      /* every real document: no thread needed */
    else
        err = validate_on_thread(&v, r->deepest);
    if (err) {
        np_report(r->diags, r->file, (np_pos){ 0, 0 }, NP_MSG_SCHEMA_THREAD,
                  r->deepest, strerror(err));
        r->failed = true;
        return false;
    }
    for (unsigned i = 0; v.explained && i < v.found.count; i++) {
        const np_xml_finding *f = &v.found.item[i];
        np_report(r->diags, r->file, f->pos, f->msg, f->arg[0], f->arg[1],
                  f->arg[2], f->arg[3]);
    }
    if (v.explained && v.found.more)
        np_report(r->diags, r->file, (np_pos){ 0, 0 }, NP_MSG_SCHEMA_MORE);
    if (v.have_error && !v.explained)
        np_report(r->diags, r->file, v.error_pos, NP_MSG_SCHEMA, v.error);
    if (v.said.len) {
        char text[512];
        np_xml_trim_message(text, sizeof text, v.said.text);
        np_report(r->diags, r->file, (np_pos){ 0, 0 }, NP_MSG_XML_LIBRARY, text);
    }
    r->failed = r->failed || v.failed;
    return !v.failed && v.rc == 0;
}
