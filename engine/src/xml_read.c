/*
 * xml_read.c - libxml2 behind one file: safe parsing, RELAX NG
 * validation, and the copy into np_xnode records with start positions.
 *
 * libxml2 keeps only line numbers on nodes, and the columns it gives in
 * errors point past the token. To report file:line:col at the start of
 * every element and text run, the SAX start-element and characters
 * handlers are wrapped: after the default handler built the DOM node, the
 * start of the token is found in the input buffer and its position stored
 * in the node's _private field. RELAX NG errors name the node, so they get
 * the same positions.
 *
 * Untrusted input: the parse options read nothing but the bytes given;
 * the same hooks enforce the limits of np_limits (depth, element count,
 * text run length) and refuse characters that libxml2 lets through but
 * that have no place in a document: C1 controls and DEL, noncharacters,
 * and characters beyond U+FFFF, which the PDF fonts cannot show (libharu
 * silently prints them as spaces). Each refusal stops the parse with the
 * position of the offending element or character.
 *
 * Not done here: any meaning of elements (doc_build.c, layout_load.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "limit.h"
#include "xml_read.h"

struct np_schema {
    xmlRelaxNGPtr rng;
};

typedef struct reader {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    bool saw_doctype;
    bool stopped;               /* we stopped the parse: errors after it are noise */
    bool failed;
    int reported;
    np_limits limits;
    unsigned elements;
    const char *bytes;          /* the input as given */
    size_t len;
    size_t at;                  /* last offset located, and its position */
    np_pos at_pos;
    startElementNsSAX2Func start_element;
    charactersSAXFunc characters;
} reader;

void np_xml_init(void)
{
    xmlInitParser();
}

/* ---- positions --------------------------------------------------- */

static bool is_continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Position of byte `p` of the current input, knowing that the parser's
 * own position (line, col) is at `cur`, after p. */
static np_pos position_before(xmlParserInputPtr in, const xmlChar *p)
{
    np_pos pos = { (unsigned)in->line, (unsigned)in->col };
    const xmlChar *q = in->cur;
    unsigned newlines = 0;
    for (const xmlChar *s = p; s < q; s++)
        newlines += *s == '\n';
    if (newlines == 0) {
        for (const xmlChar *s = p; s < q; s++)
            pos.col -= !is_continuation(*s);
        return pos;
    }
    pos.line -= newlines;
    pos.col = 1;
    for (const xmlChar *s = p; s > in->base && s[-1] != '\n'; s--)
        pos.col += !is_continuation(s[-1]);
    return pos;
}

/* Position of byte `p` of the current input, before or after the
 * parser's own position. */
static np_pos position_at(xmlParserInputPtr in, const xmlChar *p)
{
    if (p <= in->cur)
        return position_before(in, p);
    np_pos pos = { (unsigned)in->line, (unsigned)in->col };
    for (const xmlChar *s = in->cur; s < p; s++) {
        if (*s == '\n') {
            pos.line++;
            pos.col = 1;
        } else {
            pos.col += !is_continuation(*s);
        }
    }
    return pos;
}

/* Position of byte `p` of the current input. When the parser reads the
 * bytes we gave it unconverted (UTF-8), it is counted in those bytes,
 * onwards from the last position located (positions are asked for in
 * reading order): exact, whichever way libxml2 keeps its own counters.
 * For converted input (UTF-16, Latin-1), libxml2's counters are used. */
static np_pos locate(reader *r, xmlParserInputPtr in, const xmlChar *p)
{
    if (!in->buf || in->buf->encoder || !r->bytes || p < in->base)
        return position_at(in, p);
    size_t off = (size_t)in->consumed + (size_t)(p - in->base);
    if (off > r->len)
        return position_at(in, p);
    if (off < r->at || r->at_pos.line == 0) {
        r->at = 0;
        r->at_pos = (np_pos){ 1, 1 };
    }
    for (; r->at < off; r->at++) {
        unsigned char c = (unsigned char)r->bytes[r->at];
        if (c == '\n') {
            r->at_pos.line++;
            r->at_pos.col = 1;
        } else {
            r->at_pos.col += !is_continuation(c);
        }
    }
    return r->at_pos;
}

static bool in_buffer(xmlParserInputPtr in, const xmlChar *p)
{
    return in && in->base && in->end && p >= in->base && p < in->end;
}

/* Where the `len` bytes of text `ch` handed to the characters handler
 * start in the input. libxml2 passes either a pointer into the input
 * (ASCII runs, not yet consumed) or a copy (other runs, just consumed);
 * a character reference (&#x85;) has no bytes of its own in the input:
 * its position is that of the '&' before the parser's position. */
static const xmlChar *chars_start(xmlParserInputPtr in, const xmlChar *ch,
                                  int len)
{
    if (in_buffer(in, ch))
        return ch;
    const xmlChar *p = in->cur - len;
    if (p >= in->base && memcmp(p, ch, (size_t)len) == 0)
        return p;
    for (p = in->cur; p > in->base && *p != '&'; p--)
        ;
    return p;
}

/* ---- characters -------------------------------------------------- */

/* Decodes one UTF-8 character (libxml2 has already checked that the
 * encoding is valid); returns its length. */
static int utf8_decode(const xmlChar *s, int len, unsigned *cp)
{
    int n = s[0] < 0x80 ? 1 : s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
    if (n > len)
        n = len;
    *cp = n == 1 ? s[0] : s[0] & (0x7F >> n);
    for (int i = 1; i < n; i++)
        *cp = (*cp << 6) | (s[i] & 0x3F);
    return n;
}

/* Why code point `cp` is refused, or NULL when it is fine. */
static const char *char_refused(unsigned cp)
{
    if (cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
        return "a control character";
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return "a noncharacter";
    if (cp > 0xFFFF)
        return "beyond U+FFFF, the PDF fonts cannot show it";
    return NULL;
}

/* Offset of the first refused character of s[0..len), or -1. */
static int find_refused(const xmlChar *s, int len, unsigned *cp)
{
    for (int i = 0; i < len;) {
        if (s[i] < 0x7F) {
            i++;
            continue;
        }
        int n = utf8_decode(s + i, len - i, cp);
        if (char_refused(*cp))
            return i;
        i += n;
    }
    return -1;
}

static void stop(reader *r, xmlParserCtxtPtr ctxt)
{
    r->stopped = true;
    xmlStopParser(ctxt);
}

static void refuse_char(reader *r, xmlParserCtxtPtr ctxt, np_pos pos,
                        unsigned cp)
{
    np_report(r->diags, r->file, pos, NP_MSG_BAD_CHAR, cp, char_refused(cp));
    stop(r, ctxt);
}

/* Where the refused character at v[at] of an attribute value is in the
 * start tag tag[0..end): at its place when the value points into the
 * input, else where its bytes first occur in the tag (libxml2 copies
 * values it had to decode), else (a character reference) at the tag. */
static const xmlChar *attribute_char(const xmlChar *tag, const xmlChar *end,
                                     const xmlChar *v, int at)
{
    if (v >= tag && v < end)
        return v + at;
    unsigned cp;
    int n = utf8_decode(v + at, 4, &cp);
    for (const xmlChar *p = tag; p + n <= end; p++)
        if (memcmp(p, v + at, (size_t)n) == 0)
            return p;
    return tag;
}

static bool check_attributes(reader *r, xmlParserCtxtPtr ctxt, int count,
                             const xmlChar **attributes, const xmlChar *tag)
{
    for (int i = 0; i < count; i++) {
        const xmlChar *v = attributes[i * 5 + 3];
        unsigned cp;
        int at = find_refused(v, (int)(attributes[i * 5 + 4] - v), &cp);
        if (at >= 0) {
            const xmlChar *p = attribute_char(tag, ctxt->input->cur, v, at);
            refuse_char(r, ctxt, locate(r, ctxt->input, p), cp);
            return false;
        }
    }
    return true;
}

/* The limits checked as each element starts: its depth and the count of
 * elements so far. libxml2 calls this before pushing the element, so
 * nameNr is the depth of its parent. */
static bool check_element(reader *r, xmlParserCtxtPtr ctxt, np_pos pos)
{
    if ((unsigned)ctxt->nameNr + 1 > r->limits.depth) {
        np_report(r->diags, r->file, pos, NP_MSG_LIMIT_DEPTH, r->limits.depth);
        stop(r, ctxt);
        return false;
    }
    if (++r->elements > r->limits.elements) {
        np_report(r->diags, r->file, pos, NP_MSG_LIMIT_ELEMENTS,
                  r->limits.elements);
        stop(r, ctxt);
        return false;
    }
    return true;
}

static void set_position(reader *r, xmlNodePtr node, np_pos pos)
{
    np_pos *slot = np_arena_alloc(r->arena, sizeof *slot);
    if (!slot) {
        r->failed = true;
        return;
    }
    *slot = pos;
    node->_private = slot;
}

static np_pos node_position(const xmlNode *node)
{
    for (; node; node = node->parent)
        if (node->_private && node->type != XML_DOCUMENT_NODE)
            return *(const np_pos *)node->_private;
    return (np_pos){ 0, 0 };
}

static void on_start_element(void *ctx, const xmlChar *localname,
                             const xmlChar *prefix, const xmlChar *uri,
                             int nb_namespaces, const xmlChar **namespaces,
                             int nb_attributes, int nb_defaulted,
                             const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    reader *r = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    np_pos pos = { 0, 0 };
    const xmlChar *tag = NULL;
    if (in && in->cur) {
        /* '<' cannot occur inside a start tag, so the last one before
         * the parser's position is where this element starts. */
        tag = in->cur;
        while (tag > in->base && *tag != '<')
            tag--;
        pos = locate(r, in, tag);
    }
    if (!check_element(r, ctxt, pos)
        || (tag && !check_attributes(r, ctxt, nb_attributes, attributes, tag)))
        return;
    r->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                     nb_attributes, nb_defaulted, attributes);
    if (ctxt->node && pos.line)
        set_position(r, ctxt->node, pos);
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    reader *r = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    unsigned cp;
    int bad = find_refused(ch, len, &cp);
    if (bad >= 0) {
        const xmlChar *start = chars_start(in, ch, len);
        bool literal = start == ch || memcmp(start, ch, (size_t)len) == 0;
        refuse_char(r, ctxt, locate(r, in, literal ? start + bad : start), cp);
        return;
    }
    xmlNodePtr parent = ctxt->node;
    xmlNodePtr before = parent ? parent->last : NULL;
    r->characters(ctx, ch, len);
    if (!parent || !parent->last || parent->last == before)
        return;
    set_position(r, parent->last, locate(r, in, chars_start(in, ch, len)));
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    reader *r = ctxt->_private;
    if (!r->saw_doctype) {
        r->saw_doctype = true;
        np_report(r->diags, r->file,
                  (np_pos){ (unsigned)xmlSAX2GetLineNumber(ctx), 1 },
                  NP_MSG_XML_DOCTYPE);
    }
    xmlStopParser(ctxt);
}

/* ---- errors ------------------------------------------------------ */

/* libxml2's messages may span lines ("...encoding !\nBytes: 0xE9"):
 * make them one line, without the trailing newline. */
static void trim_message(char *dst, size_t size, const char *msg)
{
    snprintf(dst, size, "%s", msg ? msg : "malformed XML");
    size_t n = strlen(dst);
    while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
        dst[--n] = '\0';
    for (char *p = dst; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

/* libxml2 hands the parser context to this handler, not the SAX user
 * data we might expect; the reader hangs off its _private field. */
static void on_parse_error(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ud;
    reader *r = ctxt->_private;
    /* After the first fatal error libxml2 reports the consequences
     * (every enclosing tag left open): only the first one is news. */
    if (r->saw_doctype || r->stopped || e->level < XML_ERR_ERROR
        || r->reported++ > 0)
        return;
    char text[512];
    trim_message(text, sizeof text, e->message);
    np_pos pos = { (unsigned)(e->line > 0 ? e->line : 0),
                   (unsigned)(e->int2 > 0 ? e->int2 : 1) };
    np_msg msg = e->domain == XML_FROM_IO || e->code == XML_ERR_INVALID_CHAR
                 || e->code == XML_ERR_INVALID_ENCODING
                 ? NP_MSG_XML_ENCODING : NP_MSG_XML_SYNTAX;
    np_report(r->diags, r->file, pos, msg, text);
}

/* Only the first schema error is reported: libxml2 follows it with a
 * cascade about every enclosing element, which says nothing new. */
static void on_schema_error(void *ud, xmlErrorPtr e)
{
    reader *r = ud;
    if (r->reported++ > 0)
        return;
    char text[512];
    trim_message(text, sizeof text, e->message);
    np_pos pos = node_position(e->node);
    if (pos.line == 0 && e->line > 0)
        pos.line = (unsigned)e->line;
    np_report(r->diags, r->file, pos, NP_MSG_SCHEMA, text);
}

/* ---- schema ------------------------------------------------------ */

static void on_schema_compile_error(void *ud, xmlErrorPtr e)
{
    char text[512];
    trim_message(text, sizeof text, e->message);
    np_report(ud, NULL, (np_pos){ 0, 0 }, NP_MSG_SCHEMA_INTERNAL, text);
}

np_schema *np_schema_new(const char *rng, size_t len, np_diags *diags)
{
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(rng, (int)len);
    if (!pc)
        return NULL;
    xmlRelaxNGSetParserStructuredErrors(pc, on_schema_compile_error, diags);
    xmlRelaxNGPtr compiled = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    if (!compiled)
        return NULL;
    np_schema *s = malloc(sizeof *s);
    if (!s) {
        xmlRelaxNGFree(compiled);
        return NULL;
    }
    s->rng = compiled;
    return s;
}

void np_schema_free(np_schema *schema)
{
    if (!schema)
        return;
    xmlRelaxNGFree(schema->rng);
    free(schema);
}

static bool validate(reader *r, const np_schema *schema, xmlDocPtr doc)
{
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema->rng);
    if (!vc) {
        r->failed = true;
        return false;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, on_schema_error, r);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    return rc == 0;
}

/* ---- copy into np_xnode ------------------------------------------ */

static np_xnode *new_xnode(reader *r, np_xnode *parent, const xmlNode *src)
{
    np_xnode *n = np_arena_alloc(r->arena, sizeof *n);
    if (!n)
        return NULL;
    n->parent = parent;
    n->pos = node_position(src);
    if (parent) {
        if (parent->last)
            parent->last->next = n;
        else
            parent->first = n;
        parent->last = n;
    }
    return n;
}

static int copy_attrs(reader *r, np_xnode *n, const xmlNode *src)
{
    np_xattr **tail = &n->attrs;
    for (const xmlAttr *a = src->properties; a; a = a->next) {
        np_xattr *x = np_arena_alloc(r->arena, sizeof *x);
        if (!x)
            return -1;
        x->name = np_arena_strdup(r->arena, (const char *)a->name);
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

static int copy_tree(reader *r, np_xnode *parent, const xmlNode *src,
                     np_xnode **out)
{
    for (; src; src = src->next) {
        if (src->type != XML_ELEMENT_NODE && src->type != XML_TEXT_NODE
            && src->type != XML_CDATA_SECTION_NODE)
            continue;
        np_xnode *n = new_xnode(r, parent, src);
        if (!n)
            return -1;
        if (out && !*out)
            *out = n;
        if (src->type == XML_ELEMENT_NODE) {
            n->name = np_arena_strdup(r->arena, (const char *)src->name);
            if (!n->name || copy_attrs(r, n, src) < 0)
                return -1;
            int rc = copy_tree(r, n, src->children, NULL);
            if (rc)
                return rc;
        } else {
            const char *c = (const char *)src->content;
            n->len = c ? strlen(c) : 0;
            if (n->len > r->limits.text_bytes) {
                np_report(r->diags, r->file, n->pos, NP_MSG_LIMIT_TEXT, n->len,
                          r->limits.text_bytes);
                return 1;
            }
            n->text = np_arena_strndup(r->arena, c ? c : "", n->len);
            if (!n->text)
                return -1;
        }
    }
    return 0;
}

/* ---- parse ------------------------------------------------------- */

static xmlDocPtr parse(reader *r, const char *bytes, size_t len)
{
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        r->failed = true;
        return NULL;
    }
    ctxt->_private = r;
    r->start_element = ctxt->sax->startElementNs;
    r->characters = ctxt->sax->characters;
    ctxt->sax->startElementNs = on_start_element;
    ctxt->sax->characters = on_characters;
    ctxt->sax->cdataBlock = NULL;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->serror = on_parse_error;
    ctxt->vctxt.error = NULL;
    ctxt->vctxt.warning = NULL;
    /* NONET: no network. No NOENT/DTDLOAD/DTDATTR/DTDVALID/XINCLUDE/HUGE:
     * nothing outside the bytes given is ever read, and libxml2's own
     * depth and size limits stay in force. */
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, r->file, NULL,
                                      XML_PARSE_NONET | XML_PARSE_NOCDATA
                                      | XML_PARSE_BIG_LINES);
    bool well_formed = ctxt->wellFormed && !r->saw_doctype && !r->stopped;
    xmlFreeParserCtxt(ctxt);
    if (doc && (!well_formed || !xmlDocGetRootElement(doc))) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

int np_xml_read(np_arena *arena, np_diags *diags, const char *file,
                const char *bytes, size_t len, const np_schema *schema,
                np_xnode **root)
{
    return np_xml_read_limited(arena, diags, file, bytes, len, schema, NULL,
                               root);
}

int np_xml_read_limited(np_arena *arena, np_diags *diags, const char *file,
                        const char *bytes, size_t len, const np_schema *schema,
                        const np_limits *limits, np_xnode **root)
{
    reader r = { .arena = arena, .diags = diags, .file = file,
                 .limits = np_limits_resolve(limits), .bytes = bytes,
                 .len = len };
    *root = NULL;
    size_t max = r.limits.input_bytes < INT32_MAX ? r.limits.input_bytes
                 : INT32_MAX;
    if (len > max) {
        np_report(diags, file, (np_pos){ 0, 0 }, NP_MSG_TOO_BIG, max);
        return 1;
    }
    unsigned errors_before = diags->count[NP_ERROR];
    xmlDocPtr doc = parse(&r, bytes, len);
    if (!doc) {
        if (r.failed)
            return -1;
        if (diags->count[NP_ERROR] == errors_before)
            np_report(diags, file, (np_pos){ 1, 1 }, NP_MSG_XML_SYNTAX,
                      "the document is empty or not XML");
        return 1;
    }
    int rc = 0;
    if (r.failed)
        rc = -1;
    else if (schema && !validate(&r, schema, doc))
        rc = r.failed ? -1 : 1;
    else
        rc = copy_tree(&r, NULL, xmlDocGetRootElement(doc), root);
    xmlFreeDoc(doc);
    if (rc == 0 && np_arena_failed(arena))
        rc = -1;
    return rc;
}

const char *np_xattr_get(const np_xnode *node, const char *name)
{
    for (const np_xattr *a = node->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a->value;
    return NULL;
}

bool np_xnode_is(const np_xnode *node, const char *name)
{
    return node->name && strcmp(node->name, name) == 0;
}
