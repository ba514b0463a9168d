/*
 * xml_read.c - libxml2 behind the engine: the parse of untrusted XML
 * with safe options, the SAX hooks that enforce the limits and keep
 * positions, and libxml2's errors turned into our diagnostics.
 *
 * Untrusted input: the parse options read nothing but the bytes given;
 * the hooks wrapped around libxml2's start-element and characters
 * handlers enforce the limits of np_limits (depth, element count) and
 * refuse characters that libxml2 lets through but that have no place
 * in a document: C1 controls and DEL, noncharacters, and characters
 * beyond U+FFFF, which the PDF fonts cannot show (libharu silently
 * prints them as spaces). Each refusal stops the parse with the
 * position of the offending element or character. A start tag with
 * more attributes than any element takes is refused before libxml2
 * parses anything (xml_guard.c): it would compare them pairwise. After
 * the default handler built a node, its position is kept with it
 * (xml_pos.c).
 *
 * Deep documents: libxml2 parses and frees without recursion; the
 * validation (xml_schema.c) and the copy (xml_tree.c) take care of
 * their own depth.
 *
 * Not done here: positions (xml_pos.c), validation (xml_schema.c), the
 * copy into np_xnode records (xml_tree.c), any meaning of elements
 * (doc_build.c, the loaders).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ground/utf8.h"
#include "readers/xml_guard.h"
#include "readers/xml_internal.h"

/* Elements or text runs read, or nodes copied, between two polls of the
 * caller's cancel function: a few milliseconds of work. */
#define CANCEL_EVERY 4096u

void np_xml_init(void)
{
    xmlInitParser();
}

/* ---- characters -------------------------------------------------- */

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
static int find_refused(const xmlChar *s, int len, uint32_t *cp)
{
    for (int i = 0; i < len;) {
        if (s[i] < 0x7F) {
            i++;
            continue;
        }
        /* libxml2 has checked the encoding; were a byte bad, it would
         * read as U+FFFD, which is allowed. */
        size_t n = np_utf8_next((const char *)s + i, (size_t)(len - i), cp);
        if (char_refused(*cp))
            return i;
        i += (int)n;
    }
    return -1;
}

static void stop(np_xml_reader *r, xmlParserCtxtPtr ctxt)
{
    r->stopped = true;
    xmlStopParser(ctxt);
}

/* Whether the caller asked to stop; the parse is then stopped. */
bool np_xml_cancelled(np_xml_reader *r, xmlParserCtxtPtr ctxt)
{
    if (!r->cancelled && r->cancel && ++r->events % CANCEL_EVERY == 0
        && r->cancel(r->cancel_ud)) {
        r->cancelled = true;
        if (ctxt)
            stop(r, ctxt);
    }
    return r->cancelled;
}

static void refuse_char(np_xml_reader *r, xmlParserCtxtPtr ctxt, np_pos pos,
                        unsigned cp)
{
    np_report(r->diags, r->file, pos, NP_MSG_BAD_CHAR, cp, char_refused(cp));
    stop(r, ctxt);
}


static bool check_attributes(np_xml_reader *r, xmlParserCtxtPtr ctxt, int count,
                             const xmlChar **attributes, const xmlChar *tag)
{
    for (int i = 0; i < count; i++) {
        const xmlChar *v = attributes[i * 5 + 3];
        int len = (int)(attributes[i * 5 + 4] - v);
        uint32_t cp;
        int at = find_refused(v, len, &cp);
        if (at >= 0) {
            const xmlChar *p = np_xml_attribute_char(tag, ctxt->input->cur, v, len, at);
            refuse_char(r, ctxt, np_xml_locate(r, ctxt->input, p), cp);
            return false;
        }
    }
    return true;
}

/* The limits checked as each element starts: its depth and the count of
 * elements so far. libxml2 calls this before pushing the element, so
 * nameNr is the depth of its parent. */
static bool check_element(np_xml_reader *r, xmlParserCtxtPtr ctxt, np_pos pos)
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
    if ((unsigned)ctxt->nameNr + 1 > r->deepest)
        r->deepest = (unsigned)ctxt->nameNr + 1;
    return true;
}

static void on_start_element(void *ctx, const xmlChar *localname,
                             const xmlChar *prefix, const xmlChar *uri,
                             int nb_namespaces, const xmlChar **namespaces,
                             int nb_attributes, int nb_defaulted,
                             const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    np_xml_reader *r = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    np_pos pos = { 0, 0 };
    const xmlChar *tag = NULL;
    if (in && in->cur) {
        /* '<' cannot occur inside a start tag, so the last one before
         * the parser's position is where this element starts. */
        tag = in->cur;
        while (tag > in->base && *tag != '<')
            tag--;
        pos = np_xml_locate(r, in, tag);
    }
    if (np_xml_cancelled(r, ctxt) || !check_element(r, ctxt, pos)
        || (tag && !check_attributes(r, ctxt, nb_attributes, attributes, tag)))
        return;
    r->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                     nb_attributes, nb_defaulted, attributes);
    if (ctxt->node && pos.line) {
        np_xml_set_position(r, ctxt->node, pos);
        np_xml_set_attribute_positions(r, in, ctxt->node, tag, in->cur);
    }
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    np_xml_reader *r = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    uint32_t cp;
    if (np_xml_cancelled(r, ctxt))
        return;
    int bad = find_refused(ch, len, &cp);
    if (bad >= 0) {
        bool literal;
        const xmlChar *start = np_xml_chars_start(in, ch, len, &literal);
        const xmlChar *at = literal ? np_xml_char_in_input(in, start, ch, bad) : start;
        refuse_char(r, ctxt, np_xml_locate(r, in, at), cp);
        return;
    }
    xmlNodePtr parent = ctxt->node;
    xmlNodePtr before = parent ? parent->last : NULL;
    r->characters(ctx, ch, len);
    if (!parent || !parent->last || parent->last == before)
        return;
    bool literal;
    const xmlChar *start = np_xml_chars_start(in, ch, len, &literal);
    np_xml_set_position(r, parent->last, np_xml_locate(r, in, start));
}

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *ext,
                       const xmlChar *sys)
{
    (void)name;
    (void)ext;
    (void)sys;
    xmlParserCtxtPtr ctxt = ctx;
    np_xml_reader *r = ctxt->_private;
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
void np_xml_trim_message(char *dst, size_t size, const char *msg)
{
    snprintf(dst, size, "%s", msg ? msg : "malformed XML");
    size_t n = strlen(dst);
    while (n > 0 && (dst[n - 1] == '\n' || dst[n - 1] == ' '))
        dst[--n] = '\0';
    for (char *p = dst; *p; p++)
        if (*p == '\n')
            *p = ' ';
}

/* The generic error function while diverted: libxml2 prints a message
 * in pieces; they are joined until the first line is whole. */
static void on_aside(void *ud, const char *fmt, ...)
{
    np_xml_aside *a = ud;
    size_t room = sizeof a->text - a->len;
    if (room <= 1 || memchr(a->text, '\n', a->len))
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(a->text + a->len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        a->len += (size_t)n < room ? (size_t)n : room - 1;
}

np_xml_generic np_xml_divert(np_xml_aside *a)
{
    np_xml_generic was = { xmlGenericError, xmlGenericErrorContext };
    xmlSetGenericErrorFunc(a, on_aside);
    return was;
}

void np_xml_restore(np_xml_generic was)
{
    xmlSetGenericErrorFunc(was.ctx, was.fn);
}

/* libxml2 2.9.14 reports bytes that are not in the declared encoding
 * ("input conversion failed due to input error, bytes 0xA5 0x73...")
 * through its per-thread generic error function, which prints on
 * stderr, not through the parser's handlers; the parser then says only
 * "Premature end of data". For the length of a parse that function is
 * diverted to r->conversion, for on_parse_error to report instead.
 * The conversion failure kept so, without libxml2's
 * "encoding error : " prefix; NULL when there was none. */
static const char *conversion_failure(np_xml_reader *r)
{
    const char *m = strstr(r->conversion.text, "conversion failed");
    if (!m)
        return NULL;
    const char *colon = strstr(r->conversion.text, " : ");
    return colon && colon < m ? colon + 3 : r->conversion.text;
}

/* libxml2 hands the parser context to this handler, not the SAX user
 * data we might expect; the reader hangs off its _private field. */
static void on_parse_error(void *ud, xmlErrorPtr e)
{
    xmlParserCtxtPtr ctxt = ud;
    np_xml_reader *r = ctxt->_private;
    /* After the first fatal error libxml2 reports the consequences
     * (every enclosing tag left open): only the first one is news. */
    if (r->saw_doctype || r->stopped || e->level < XML_ERR_ERROR
        || r->reported++ > 0)
        return;
    char text[512];
    const char *conversion = conversion_failure(r);
    np_xml_trim_message(text, sizeof text, conversion ? conversion : e->message);
    np_pos pos = { (unsigned)(e->line > 0 ? e->line : 0),
                   (unsigned)(e->int2 > 0 ? e->int2 : 1) };
    np_msg msg = conversion || e->domain == XML_FROM_IO
                 || e->code == XML_ERR_INVALID_CHAR
                 || e->code == XML_ERR_INVALID_ENCODING
                 ? NP_MSG_XML_ENCODING : NP_MSG_XML_SYNTAX;
    np_report(r->diags, r->file, pos, msg, text);
}

/* ---- parse ------------------------------------------------------- */

/* NONET: no network. No NOENT, DTDLOAD, DTDATTR, DTDVALID or XINCLUDE:
 * nothing outside the bytes given is ever read.
 *
 * HUGE, because without it libxml2 refuses documents nested more than
 * 256 deep, and 1 000 lists nested in one another are 2 002 levels. It
 * lifts all of libxml2's own limits; what each one guarded is still
 * bounded here:
 *   - depth: our depth limit (check_element), at most NP_MAX_DEPTH,
 *     trips before any element is built past it;
 *   - entity expansion (the loop and amplification checks, billion
 *     laughs): entities can only be declared in a DTD, and a DOCTYPE
 *     stops the parse (on_doctype) before its internal subset is read;
 *     what remains are the five predefined entities and character
 *     references, one character each;
 *   - the 10 MB bound on an attribute value, a comment, a processing
 *     instruction or a CDATA section, the 50 000 bytes of a name, the
 *     10 MB of names in the dictionary: all are parts of the input,
 *     bounded by the input limit (16 MiB unless raised; at most 2 GiB,
 *     the parser's int); text runs have our own text limit as well.
 * Parsing and freeing are iterative in libxml2, whatever the depth. */
#define PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA \
                       | XML_PARSE_BIG_LINES | XML_PARSE_HUGE)

static xmlDocPtr parse(np_xml_reader *r, const char *bytes, size_t len)
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
    np_xml_generic was = np_xml_divert(&r->conversion);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, r->file, NULL,
                                      PARSE_OPTIONS);
    np_xml_restore(was);
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
    return np_xml_read_limited(arena, arena, diags, file, bytes, len, schema,
                               NULL, NULL, NULL, root);
}

int np_xml_read_limited(np_arena *arena, np_arena *nodes, np_diags *diags,
                        const char *file, const char *bytes, size_t len,
                        const np_schema *schema, const np_limits *limits,
                        int (*cancel)(void *ud), void *cancel_ud,
                        np_xnode **root)
{
    np_xml_reader r = { .arena = arena, .nodes = nodes, .diags = diags, .file = file,
                 .limits = np_limits_resolve(limits), .bytes = bytes,
                 .len = len, .cancel = cancel, .cancel_ud = cancel_ud };
    *root = NULL;
    size_t max = r.limits.input_bytes < INT32_MAX ? r.limits.input_bytes
                 : INT32_MAX;
    if (len > max) {
        np_report(diags, file, (np_pos){ 0, 0 }, NP_MSG_TOO_BIG, max);
        return 1;
    }
    np_pos crowded;
    if (np_xml_guard(bytes, len, NP_MAX_ATTRIBUTES, &crowded.line, &crowded.col)) {
        np_report(diags, file, crowded, NP_MSG_LIMIT_ATTRIBUTES, NP_MAX_ATTRIBUTES);
        return 1;
    }
    unsigned errors_before = diags->count[NP_ERROR];
    xmlDocPtr doc = parse(&r, bytes, len);
    if (!doc) {
        if (r.failed || r.cancelled)
            return -1;
        if (diags->count[NP_ERROR] == errors_before)
            np_report(diags, file, (np_pos){ 1, 1 }, NP_MSG_XML_EMPTY);
        return 1;
    }
    int rc = 0;
    if (r.failed)
        rc = -1;
    else if (schema && !np_xml_validate(&r, schema, doc))
        rc = r.failed ? -1 : 1;
    else
        rc = np_xml_copy_tree(&r, xmlDocGetRootElement(doc), root);
    xmlFreeDoc(doc);
    if (rc == 0 && (np_arena_failed(arena) || np_arena_failed(nodes)))
        rc = -1;
    return rc;
}
