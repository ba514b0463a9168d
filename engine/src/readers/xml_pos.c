/*
 * xml_pos.c - positions in the input of what libxml2 reads: the start
 * of an element, of each attribute's name and value, of a text run and
 * of a refused character, as file:line:col counts them (columns in
 * characters).
 *
 * libxml2 keeps only line numbers on nodes, and the columns it gives in
 * errors point past the token; so the SAX hooks (xml_read.c) find the
 * start of each token in the input buffer (for a text run, past line
 * ends libxml2 normalised, or before the "]]>" of a CDATA section) and
 * keep its position in the node's _private field. Nothing here decides
 * whether the input is acceptable.
 */
#include <string.h>

#include "ground/utf8.h"
#include "readers/xml_internal.h"

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
np_pos np_xml_locate(np_xml_reader *r, xmlParserInputPtr in, const xmlChar *p)
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
const xmlChar *np_xml_chars_start(xmlParserInputPtr in, const xmlChar *ch,
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
const xmlChar *np_xml_char_in_input(xmlParserInputPtr in, const xmlChar *start,
                                    const xmlChar *ch, int at)
{
    const xmlChar *q = start;
    for (int i = 0; i < at && q < in->end; i++, q++)
        if (*q == '\r' && q + 1 < in->end && q[1] == '\n' && ch[i] == '\n')
            q++;
    return q;
}

/* Where the refused character at v[at] of an attribute value is in the
 * start tag tag[0..end): at its place when the value points into the
 * input, else where its bytes first occur in the tag (libxml2 copies
 * values it had to decode), else (a character reference) at the tag. */
const xmlChar *np_xml_attribute_char(const xmlChar *tag, const xmlChar *end,
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

void np_xml_set_position(np_xml_reader *r, xmlNodePtr node, np_pos pos)
{
    np_pos *slot = np_arena_alloc(r->nodes, sizeof *slot);
    if (!slot) {
        r->failed = true;
        return;
    }
    *slot = pos;
    node->_private = slot;
}

np_pos np_xml_node_position(const xmlNode *node)
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
void np_xml_set_attribute_positions(np_xml_reader *r, xmlParserInputPtr in,
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
        np_pos *slot = np_arena_alloc(r->nodes, 2 * sizeof *slot);
        if (!slot) {
            r->failed = true;
            return;
        }
        slot[0] = np_xml_locate(r, in, name);
        slot[1] = np_xml_locate(r, in, value);
        a->_private = slot;
        a = a->next;
    }
}
