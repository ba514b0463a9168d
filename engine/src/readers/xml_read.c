/*
 * xml_read.c - libxml2 behind one file: safe parsing, RELAX NG
 * validation, and the copy into np_xnode records with start positions.
 *
 * libxml2 keeps only line numbers on nodes, and the columns it gives in
 * errors point past the token. To report file:line:col at the start of
 * every element, attribute and text run, the SAX start-element and
 * characters handlers are wrapped: after the default handler built the
 * DOM node, the start of the token is found in the input buffer (for a
 * text run, past line ends libxml2 normalised, or before the "]]>" of a
 * CDATA section) and its position stored in the node's _private field;
 * each attribute gets the positions of its name and value. RELAX
 * NG errors name the node, so they get the same positions.
 *
 * Untrusted input: the parse options read nothing but the bytes given;
 * the same hooks enforce the limits of np_limits (depth, element count,
 * text run length) and refuse characters that libxml2 lets through but
 * that have no place in a document: C1 controls and DEL, noncharacters,
 * and characters beyond U+FFFF, which the PDF fonts cannot show (libharu
 * silently prints them as spaces). Each refusal stops the parse with the
 * position of the offending element or character. A start tag with more
 * attributes than any element takes is refused before libxml2 parses
 * anything (xml_guard.c): it would compare them pairwise.
 *
 * Deep documents: libxml2 parses and frees without recursion, and the
 * copy into np_xnode records walks the tree without recursion too, but
 * RELAX NG validation recurses, a kilobyte or two of stack for each
 * level; it runs on a thread of its own with a stack sized for the depth
 * the parse reached, so that no caller's stack has to be that large.
 *
 * Not done here: any meaning of elements (doc_build.c, layout_load.c).
 */
#include <pthread.h>
#include <stdarg.h>
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

#include "ground/limit.h"
#include "ground/utf8.h"
#include "readers/xml_guard.h"
#include "readers/xml_read.h"

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
    unsigned deepest;           /* the deepest element read so far */
    char conversion[256];       /* libxml2's failed-conversion message */
    size_t conversion_len;
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
} reader;

/* Elements or text runs read, or nodes copied, between two polls of the
 * caller's cancel function: a few milliseconds of work. */
#define CANCEL_EVERY 4096u

void np_xml_init(void)
{
    xmlInitParser();
}

/* ---- positions --------------------------------------------------- */

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
            pos.col -= !np_utf8_is_cont(*s);
        return pos;
    }
    pos.line -= newlines;
    pos.col = 1;
    for (const xmlChar *s = p; s > in->base && s[-1] != '\n'; s--)
        pos.col += !np_utf8_is_cont(s[-1]);
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
            pos.col += !np_utf8_is_cont(*s);
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
            r->at_pos.col += !np_utf8_is_cont(c);
        }
    }
    return r->at_pos;
}

static bool in_buffer(xmlParserInputPtr in, const xmlChar *p)
{
    return in && in->base && in->end && p >= in->base && p < in->end;
}

/* Whether the `len` bytes of text `ch` are the input's bytes ending at
 * `end`, as libxml2 reads them: it turns "\r\n" and a lone "\r" into
 * "\n". Sets *start to where they begin. */
static bool matches_before(xmlParserInputPtr in, const xmlChar *end,
                           const xmlChar *ch, int len, const xmlChar **start)
{
    const xmlChar *q = end;
    int i = len;
    while (i > 0 && q > in->base) {
        xmlChar c = q[-1], after = q < in->end ? q[0] : 0;
        if (c == ch[i - 1] || (c == '\r' && ch[i - 1] == '\n' && after != '\n')) {
            q--;
            i--;
        } else if (c == '\r' && after == '\n') {
            q--;                /* the '\r' of a "\r\n" read as '\n' */
        } else {
            return false;
        }
    }
    *start = q;
    return i == 0;
}

/* Where the `len` bytes of text `ch` handed to the characters handler
 * start in the input; *literal tells whether they are there as they
 * are. libxml2 passes either a pointer into the input (ASCII runs, not
 * yet consumed) or a copy (other runs and CDATA sections, just
 * consumed; a section's "]]>" is consumed too). A character reference
 * (&#x85;) has no bytes of its own in the input: its position is that
 * of the '&' before the parser's position. */
static const xmlChar *chars_start(xmlParserInputPtr in, const xmlChar *ch,
                                  int len, bool *literal)
{
    const xmlChar *p;
    *literal = true;
    if (in_buffer(in, ch))
        return ch;
    if (matches_before(in, in->cur, ch, len, &p))
        return p;
    if (in->cur - 3 >= in->base && memcmp(in->cur - 3, "]]>", 3) == 0
        && matches_before(in, in->cur - 3, ch, len, &p))
        return p;
    *literal = false;
    for (p = in->cur; p > in->base && *p != '&'; p--)
        ;
    return p;
}

/* Where ch[at] is in the input, the text found at `start` by
 * chars_start: past the '\r' of each "\r\n" read as one '\n'. */
static const xmlChar *char_in_input(xmlParserInputPtr in, const xmlChar *start,
                                    const xmlChar *ch, int at)
{
    const xmlChar *q = start;
    for (int i = 0; i < at && q < in->end; i++, q++)
        if (*q == '\r' && q + 1 < in->end && q[1] == '\n' && ch[i] == '\n')
            q++;
    return q;
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

static void stop(reader *r, xmlParserCtxtPtr ctxt)
{
    r->stopped = true;
    xmlStopParser(ctxt);
}

/* Whether the caller asked to stop; the parse is then stopped. */
static bool cancelled(reader *r, xmlParserCtxtPtr ctxt)
{
    if (!r->cancelled && r->cancel && ++r->events % CANCEL_EVERY == 0
        && r->cancel(r->cancel_ud)) {
        r->cancelled = true;
        if (ctxt)
            stop(r, ctxt);
    }
    return r->cancelled;
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
                                     const xmlChar *v, int len, int at)
{
    if (v >= tag && v < end)
        return v + at;
    uint32_t cp;
    size_t n = np_utf8_next((const char *)v + at, (size_t)(len - at), &cp);
    for (const xmlChar *p = tag; p + n <= end; p++)
        if (memcmp(p, v + at, n) == 0)
            return p;
    return tag;
}

static bool check_attributes(reader *r, xmlParserCtxtPtr ctxt, int count,
                             const xmlChar **attributes, const xmlChar *tag)
{
    for (int i = 0; i < count; i++) {
        const xmlChar *v = attributes[i * 5 + 3];
        int len = (int)(attributes[i * 5 + 4] - v);
        uint32_t cp;
        int at = find_refused(v, len, &cp);
        if (at >= 0) {
            const xmlChar *p = attribute_char(tag, ctxt->input->cur, v, len, at);
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
    if ((unsigned)ctxt->nameNr + 1 > r->deepest)
        r->deepest = (unsigned)ctxt->nameNr + 1;
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

/* ---- attribute positions ------------------------------------------ */

static bool tag_blank(xmlChar c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool tag_name_char(xmlChar c)
{
    return !tag_blank(c) && c != '=' && c != '/' && c != '>' && c != '\0';
}

/* The next attribute of a start tag, from *p (before `end`): its
 * qualified name at *name, *len bytes long, its value at *value (past
 * the quote); *p moves past the value. The tag is well formed (libxml2
 * has parsed it), so this is a lexer, not a parser. False past the last
 * attribute. */
static bool next_attribute(const xmlChar **p, const xmlChar *end,
                           const xmlChar **name, size_t *len,
                           const xmlChar **value)
{
    const xmlChar *s = *p;
    while (s < end && tag_blank(*s))
        s++;
    if (s >= end || !tag_name_char(*s))
        return false;
    *name = s;
    while (s < end && tag_name_char(*s))
        s++;
    *len = (size_t)(s - *name);
    while (s < end && *s != '"' && *s != '\'')
        s++;
    if (s >= end)
        return false;
    xmlChar quote = *s++;
    *value = s;
    while (s < end && *s != quote)
        s++;
    *p = s + (s < end);
    return s < end;
}

static bool is_namespace_declaration(const xmlChar *name, size_t len)
{
    return (len == 5 || (len > 5 && name[5] == ':'))
           && memcmp(name, "xmlns", 5) == 0;
}

static bool same_qname(const xmlAttr *a, const xmlChar *name, size_t len)
{
    const xmlChar *prefix = a->ns ? a->ns->prefix : NULL;
    size_t n = prefix ? strlen((const char *)prefix) : 0;
    if (prefix && (len <= n || name[n] != ':' || memcmp(name, prefix, n) != 0))
        return false;
    if (prefix)
        name += n + 1, len -= n + 1;
    return strlen((const char *)a->name) == len && memcmp(a->name, name, len) == 0;
}

/* Gives each attribute of `node` the positions of its name and of its
 * value in the start tag tag[0..end): two np_pos in its _private. The
 * tag and the node's attributes are walked side by side, in the order
 * both keep, so that the work stays linear in the tag's length. */
static void set_attribute_positions(reader *r, xmlParserInputPtr in,
                                    xmlNodePtr node, const xmlChar *tag,
                                    const xmlChar *end)
{
    const xmlChar *p = tag + 1, *name, *value;
    size_t len;
    while (p < end && tag_name_char(*p))
        p++;
    xmlAttrPtr a = node->properties;
    while (a && next_attribute(&p, end, &name, &len, &value)) {
        if (is_namespace_declaration(name, len) || !same_qname(a, name, len))
            continue;
        np_pos *slot = np_arena_alloc(r->arena, 2 * sizeof *slot);
        if (!slot) {
            r->failed = true;
            return;
        }
        slot[0] = locate(r, in, name);
        slot[1] = locate(r, in, value);
        a->_private = slot;
        a = a->next;
    }
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
    if (cancelled(r, ctxt) || !check_element(r, ctxt, pos)
        || (tag && !check_attributes(r, ctxt, nb_attributes, attributes, tag)))
        return;
    r->start_element(ctx, localname, prefix, uri, nb_namespaces, namespaces,
                     nb_attributes, nb_defaulted, attributes);
    if (ctxt->node && pos.line) {
        set_position(r, ctxt->node, pos);
        set_attribute_positions(r, in, ctxt->node, tag, in->cur);
    }
}

static void on_characters(void *ctx, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr ctxt = ctx;
    reader *r = ctxt->_private;
    xmlParserInputPtr in = ctxt->input;
    uint32_t cp;
    if (cancelled(r, ctxt))
        return;
    int bad = find_refused(ch, len, &cp);
    if (bad >= 0) {
        bool literal;
        const xmlChar *start = chars_start(in, ch, len, &literal);
        refuse_char(r, ctxt, locate(r, in, literal ? char_in_input(in, start, ch, bad)
                                                   : start), cp);
        return;
    }
    xmlNodePtr parent = ctxt->node;
    xmlNodePtr before = parent ? parent->last : NULL;
    r->characters(ctx, ch, len);
    if (!parent || !parent->last || parent->last == before)
        return;
    bool literal;
    set_position(r, parent->last, locate(r, in, chars_start(in, ch, len, &literal)));
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
/* libxml2 2.9.14 reports bytes that are not in the declared encoding
 * ("input conversion failed due to input error, bytes 0xA5 0x73...")
 * through its per-thread generic error function, which prints on
 * stderr, not through the parser's handlers; the parser then says only
 * "Premature end of data". For the length of a parse this thread's
 * function is this one: it keeps the message, pieces joined, for
 * on_parse_error to report instead. */
static void on_generic_error(void *ud, const char *fmt, ...)
{
    reader *r = ud;
    size_t room = sizeof r->conversion - r->conversion_len;
    if (room <= 1 || memchr(r->conversion, '\n', r->conversion_len))
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(r->conversion + r->conversion_len, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        r->conversion_len += (size_t)n < room ? (size_t)n : room - 1;
}

/* The conversion failure kept by on_generic_error, without libxml2's
 * "encoding error : " prefix; NULL when there was none. */
static const char *conversion_failure(reader *r)
{
    const char *m = strstr(r->conversion, "conversion failed");
    if (!m)
        return NULL;
    const char *colon = strstr(r->conversion, " : ");
    return colon && colon < m ? colon + 3 : r->conversion;
}

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
    const char *conversion = conversion_failure(r);
    trim_message(text, sizeof text, conversion ? conversion : e->message);
    np_pos pos = { (unsigned)(e->line > 0 ? e->line : 0),
                   (unsigned)(e->int2 > 0 ? e->int2 : 1) };
    np_msg msg = conversion || e->domain == XML_FROM_IO
                 || e->code == XML_ERR_INVALID_CHAR
                 || e->code == XML_ERR_INVALID_ENCODING
                 ? NP_MSG_XML_ENCODING : NP_MSG_XML_SYNTAX;
    np_report(r->diags, r->file, pos, msg, text);
}

/* One validation against the schema, which may run on a thread of its
 * own: what it needs, and what it found. */
typedef struct validation {
    reader *r;
    const np_schema *schema;
    xmlDocPtr doc;
    int rc;                     /* xmlRelaxNGValidateDoc's */
    bool failed;                /* out of memory */
    bool have_error;            /* the first error, reported by the caller */
    np_pos error_pos;
    char error[512];
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
    return n ? node_position(n) : (np_pos){ 0, 0 };
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
    trim_message(v->error, sizeof v->error, e->message);
    v->error_pos = node_position(e->node);
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
    v->rc = xmlRelaxNGValidateDoc(vc, v->doc);
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

static bool validate(reader *r, const np_schema *schema, xmlDocPtr doc)
{
    validation v = { .r = r, .schema = schema, .doc = doc };
    int err = 0;
    if (r->deepest <= VALIDATION_IN_PLACE_DEPTH)
        validate_here(&v);      /* every real document: no thread needed */
    else
        err = validate_on_thread(&v, r->deepest);
    if (err) {
        char why[160];
        snprintf(why, sizeof why, "no thread to validate a description nested "
                 "%u deep: %s", r->deepest, strerror(err));
        np_report(r->diags, r->file, (np_pos){ 0, 0 }, NP_MSG_INTERNAL, why);
        r->failed = true;
        return false;
    }
    if (v.have_error)
        np_report(r->diags, r->file, v.error_pos, NP_MSG_SCHEMA, v.error);
    r->failed = r->failed || v.failed;
    return !v.failed && v.rc == 0;
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
static int copy_node(reader *r, np_xnode *parent, const xmlNode *src,
                     np_xnode **out)
{
    np_xnode *n = *out = new_xnode(r, parent, src);
    if (!n)
        return -1;
    if (src->type == XML_ELEMENT_NODE) {
        n->name = np_arena_strdup(r->arena, (const char *)src->name);
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
static int copy_tree(reader *r, const xmlNode *top, np_xnode **root)
{
    np_xnode *parent = NULL;
    const xmlNode *src = top;
    while (src) {
        np_xnode *n = NULL;
        if (cancelled(r, NULL))
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
    xmlGenericErrorFunc caller_fn = xmlGenericError;
    void *caller_ctx = xmlGenericErrorContext;
    xmlSetGenericErrorFunc(r, on_generic_error);
    xmlDocPtr doc = xmlCtxtReadMemory(ctxt, bytes, (int)len, r->file, NULL,
                                      PARSE_OPTIONS);
    xmlSetGenericErrorFunc(caller_ctx, caller_fn);
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
                               NULL, NULL, root);
}

int np_xml_read_limited(np_arena *arena, np_diags *diags, const char *file,
                        const char *bytes, size_t len, const np_schema *schema,
                        const np_limits *limits, int (*cancel)(void *ud),
                        void *cancel_ud, np_xnode **root)
{
    reader r = { .arena = arena, .diags = diags, .file = file,
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
        rc = copy_tree(&r, xmlDocGetRootElement(doc), root);
    xmlFreeDoc(doc);
    if (rc == 0 && np_arena_failed(arena))
        rc = -1;
    return rc;
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
