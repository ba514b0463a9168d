/*
 * xml_guard.c - start tags with too many attributes, found before
 * libxml2 parses the file (xml_guard.h): libxml2 2.9 compares each
 * attribute of a start tag with every earlier one before any callback
 * of ours runs, so the count must be known from the bytes.
 *
 * One linear pass over the file's code units, skipping comments, CDATA
 * sections, processing instructions, declarations and end tags, and
 * counting the quoted values of each start tag (every attribute has
 * exactly one). It reads the units libxml2 reads:
 *   - UTF-16 and UTF-32, told by their byte-order mark or by how
 *     "<?xml" begins (XML 1.0, appendix F), as 2- or 4-byte units;
 *   - a file that declares an encoding other than UTF-8 or ASCII
 *     (UTF-7 can spell "<" as "+ADw-", EBCDIC as 0x4C) converted to
 *     UTF-8 with iconv first, as libxml2 converts it;
 *   - anything else as bytes: in UTF-8 no byte of a multi-byte
 *     character is below 0x80, so the markup is what it seems.
 * It is no parser: a file it cannot make sense of passes, and libxml2
 * refuses it as it would have anyway.
 *
 * Not done here: any other check of the markup (xml_read.c).
 */
#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ground/buf.h"
#include "ground/utf8.h"
#include "readers/xml_guard.h"

/* The file as code units of 1, 2 or 4 bytes. */
typedef struct units {
    const unsigned char *p;
    size_t n;                   /* units */
    int width;
    bool big_endian;
} units;

static inline uint32_t unit_at(const units *u, size_t i)
{
    const unsigned char *q = u->p + i * (size_t)u->width;
    switch (u->width) {
    case 2:
        return u->big_endian ? (uint32_t)q[0] << 8 | q[1] : (uint32_t)q[1] << 8 | q[0];
    case 4:
        return u->big_endian
               ? (uint32_t)q[0] << 24 | (uint32_t)q[1] << 16 | (uint32_t)q[2] << 8 | q[3]
               : (uint32_t)q[3] << 24 | (uint32_t)q[2] << 16 | (uint32_t)q[1] << 8 | q[0];
    default:
        return q[0];
    }
}

/* Whether the ASCII text `s` is at unit i. */
static bool at(const units *u, size_t i, const char *s)
{
    for (; *s; s++, i++)
        if (i >= u->n || unit_at(u, i) != (unsigned char)*s)
            return false;
    return true;
}

/* The unit after the first `s` at or after i, or the end. */
static size_t past(const units *u, size_t i, const char *s)
{
    for (; i < u->n; i++)
        if (at(u, i, s))
            return i + strlen(s);
    return u->n;
}

/* The end of the start tag at i (past its '>'); *count: its quoted
 * values, counted up to max + 1. */
static size_t start_tag(const units *u, size_t i, unsigned max, unsigned *count)
{
    *count = 0;
    for (i++; i < u->n; i++) {
        uint32_t c = unit_at(u, i);
        if (c == '>' || c == '<')
            return i + (c == '>');
        if (c != '"' && c != '\'')
            continue;
        if (++*count > max)
            return i;
        char quote[2] = { (char)c, '\0' };
        i = past(u, i + 1, quote) - 1;
    }
    return i;
}

/* Where the first start tag with more than max attributes begins, or
 * u->n. */
static size_t find_crowded(const units *u, unsigned max)
{
    static const char *const skipped[][2] = {
        { "<!--", "-->" }, { "<![CDATA[", "]]>" }, { "<?", "?>" },
        { "<!", ">" }, { "</", ">" },
    };
    size_t i = 0;
    while (i < u->n) {
        if (u->width == 1) {    /* the usual case, at memchr's speed */
            const unsigned char *lt = memchr(u->p + i, '<', u->n - i);
            if (!lt)
                break;
            i = (size_t)(lt - u->p);
        } else if (unit_at(u, i) != '<') {
            i++;
            continue;
        }
        size_t k = 0, count = sizeof skipped / sizeof *skipped;
        while (k < count && !at(u, i, skipped[k][0]))
            k++;
        if (k < count) {
            i = past(u, i + strlen(skipped[k][0]), skipped[k][1]);
            continue;
        }
        unsigned attributes;
        size_t end = start_tag(u, i, max, &attributes);
        if (attributes > max)
            return i;
        i = end > i ? end : i + 1;
    }
    return u->n;
}

/* Line and column of unit `end`, columns in characters: UTF-8
 * continuation bytes and UTF-16 low surrogates do not count. */
static void position(const units *u, size_t end, unsigned *line, unsigned *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < end; i++) {
        uint32_t c = unit_at(u, i);
        bool continues = u->width == 1 ? np_utf8_is_cont((unsigned char)c)
                         : u->width == 2 && c >= 0xDC00 && c <= 0xDFFF;
        if (c == '\n') {
            ++*line;
            *col = 1;
        } else if (!continues) {
            ++*col;
        }
    }
}

/* ---- the encoding ------------------------------------------------- */

/* UTF-16 and UTF-32 by their mark or their "<?" (XML appendix F). */
static bool wide_units(const unsigned char *b, size_t len, units *u)
{
    static const struct {
        unsigned char sig[4];
        size_t sig_len;
        int width;
        bool big;
        size_t skip;
    } forms[] = {
        { { 0x00, 0x00, 0xFE, 0xFF }, 4, 4, true, 4 },
        { { 0xFF, 0xFE, 0x00, 0x00 }, 4, 4, false, 4 },
        { { 0x00, 0x00, 0x00, 0x3C }, 4, 4, true, 0 },
        { { 0x3C, 0x00, 0x00, 0x00 }, 4, 4, false, 0 },
        { { 0xFE, 0xFF }, 2, 2, true, 2 },
        { { 0xFF, 0xFE }, 2, 2, false, 2 },
        { { 0x00, 0x3C, 0x00, 0x3F }, 4, 2, true, 0 },
        { { 0x3C, 0x00, 0x3F, 0x00 }, 4, 2, false, 0 },
    };
    for (size_t k = 0; k < sizeof forms / sizeof *forms; k++) {
        if (len < forms[k].sig_len || memcmp(b, forms[k].sig, forms[k].sig_len) != 0)
            continue;
        *u = (units){ b + forms[k].skip, (len - forms[k].skip) / (size_t)forms[k].width,
                      forms[k].width, forms[k].big };
        return true;
    }
    return false;
}

/* The encoding="..." of an XML declaration in bytes, into name[]; the
 * EBCDIC form of "<?xm" stands for IBM037, whose markup characters are
 * those of every EBCDIC page. Empty when none. */
static void declared_encoding(const char *b, size_t len, char *name, size_t size)
{
    name[0] = '\0';
    if (len >= 4 && memcmp(b, "\x4C\x6F\xA7\x94", 4) == 0) {
        snprintf(name, size, "IBM037");
        return;
    }
    if (len < 5 || memcmp(b, "<?xml", 5) != 0)
        return;
    const char *end = memchr(b, '>', len < 512 ? len : 512);
    const char *e = b;
    while (end && e + 8 < end && memcmp(e, "encoding", 8) != 0)
        e++;
    if (!end || e + 8 >= end)
        return;
    const char *q = e + 8;
    while (q < end && (*q == ' ' || *q == '=' || *q == '\t'))
        q++;
    const char *close = q < end ? memchr(q + 1, *q, (size_t)(end - q - 1)) : NULL;
    if (close && (*q == '"' || *q == '\'') && (size_t)(close - q) < size)
        snprintf(name, size, "%.*s", (int)(close - q - 1), q + 1);
}

static bool ascii_based(const char *name)
{
    return !name[0] || strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0
           || strcasecmp(name, "US-ASCII") == 0 || strcasecmp(name, "ASCII") == 0;
}

/* bytes converted from `from` to UTF-8, as far as they convert (the
 * parse stops where the conversion fails); NULL when iconv knows no
 * such encoding (nor then does libxml2) or memory runs out. */
static char *to_utf8(const char *from, const char *bytes, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return NULL;
    np_buf out;
    np_buf_init(&out, NULL);
    char *in = (char *)bytes;
    size_t in_left = len, room = len + len / 2 + 64;
    /* iconv writes into the buffer's room; on E2BIG the room doubles. */
    while (np_buf_reserve(&out, room)) {
        char *o = out.data + out.len;
        size_t o_left = room;
        size_t r = in_left ? iconv(cd, &in, &in_left, &o, &o_left) : 0;
        out.len = (size_t)(o - out.data);
        out.data[out.len] = '\0';
        if (r != (size_t)-1 || errno != E2BIG)
            break;
        room = out.cap;
    }
    iconv_close(cd);
    return np_buf_take(&out, out_len);
}

int np_xml_guard(const char *bytes, size_t len, unsigned max,
                 unsigned *line, unsigned *col)
{
    const unsigned char *b = (const unsigned char *)bytes;
    units u = { b, len, 1, false };
    char name[64], *converted = NULL;
    if (!wide_units(b, len, &u)) {
        declared_encoding(bytes, len, name, sizeof name);
        size_t n;
        if (!ascii_based(name) && (converted = to_utf8(name, bytes, len, &n)))
            u = (units){ (const unsigned char *)converted, n, 1, false };
    }
    size_t where = find_crowded(&u, max);
    int found = where < u.n;
    if (found)
        position(&u, where, line, col);
    free(converted);
    return found;
}
