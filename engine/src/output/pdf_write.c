/*
 * pdf_write.c - PDF values, arrays and entries written into a libharu
 * stream, spelt as libharu writes the same objects (pdf_write.h).
 *
 * The escapes are libharu's: in a name, a byte outside '!'..'~' or a
 * delimiter as #XX (HPDF_Stream_WriteEscapeName, names cut at
 * HPDF_LIMIT_MAX_NAME_LEN bytes); in a literal string, the same bytes
 * as \ooo (HPDF_Stream_WriteEscapeText2); hex digits in capitals.
 * Integers are written by ground/decimal.c.
 *
 * It knows nothing of what it writes: the structure tree and the trees
 * of pdf_tree.c say what.
 */
#include <string.h>

#include "ground/decimal.h"
#include "output/pdf_write.h"

void np_pdf_writer_init(np_pdf_writer *w, HPDF_Stream stream)
{
    w->stream = stream;
    w->status = HPDF_OK;
    w->len = 0;
}

void np_pdf_writer_fail(np_pdf_writer *w, HPDF_STATUS status)
{
    if (w->status == HPDF_OK)
        w->status = status;
}

static void flush(np_pdf_writer *w)
{
    if (w->status == HPDF_OK && w->len > 0)
        w->status = HPDF_Stream_Write(w->stream, (const HPDF_BYTE *)w->buf,
                                      (HPDF_UINT)w->len);
    w->len = 0;
}

HPDF_STATUS np_pdf_writer_done(np_pdf_writer *w)
{
    flush(w);
    return w->status;
}

static void put(np_pdf_writer *w, const char *p, size_t n)
{
    if (w->len + n > sizeof w->buf)
        flush(w);
    if (n > sizeof w->buf) {
        if (w->status == HPDF_OK)
            w->status = HPDF_Stream_Write(w->stream, (const HPDF_BYTE *)p,
                                          (HPDF_UINT)n);
        return;
    }
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

static void put_char(np_pdf_writer *w, char c)
{
    if (w->len == sizeof w->buf)
        flush(w);
    w->buf[w->len++] = c;
}

/* HPDF_NEEDS_ESCAPE of libharu's hpdf_utils.h. */
static bool needs_escape(unsigned char c)
{
    return c < 0x20 || c > 0x7e || strchr("\\%#/()<>[]{}", c) != NULL;
}

void np_pdf_write_raw(np_pdf_writer *w, const char *s)
{
    put(w, s, strlen(s));
}

/* s[0..len), each byte that needs it escaped by `escape`. */
static void put_escaped(np_pdf_writer *w, const char *s, size_t len,
                        void (*escape)(np_pdf_writer *w, unsigned char c))
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (needs_escape(c))
            escape(w, c);
        else
            put_char(w, (char)c);
    }
}

static void hex_escape(np_pdf_writer *w, unsigned char c)
{
    char esc[3] = { '#' };
    put(w, esc, 1 + np_hex(esc + 1, c, 2));
}

static void octal_escape(np_pdf_writer *w, unsigned char c)
{
    char esc[4] = { '\\', (char)('0' + (c >> 6)), (char)('0' + ((c >> 3) & 7)),
                    (char)('0' + (c & 7)) };
    put(w, esc, 4);
}

void np_pdf_write_name(np_pdf_writer *w, const char *name)
{
    put_char(w, '/');
    put_escaped(w, name, strnlen(name, HPDF_LIMIT_MAX_NAME_LEN), hex_escape);
}

void np_pdf_write_int(np_pdf_writer *w, long n)
{
    char digits[NP_DECIMAL_MAX];
    put(w, digits, np_integer(digits, n));
}

/* As HPDF_Obj_Write writes a proxy: the object number and its
 * generation. */
void np_pdf_write_ref(np_pdf_writer *w, const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    np_pdf_write_int(w, (long)np_pdf_object_number(obj));
    put_char(w, ' ');
    np_pdf_write_int(w, h->gen_no);
    put(w, " R", 2);
}

/* As HPDF_String_Write writes a string made without an encoder. */
void np_pdf_write_string(np_pdf_writer *w, const char *s)
{
    put_char(w, '(');
    put_escaped(w, s, strnlen(s, HPDF_LIMIT_MAX_STRING_LEN), octal_escape);
    put_char(w, ')');
}

/* As HPDF_Binary_Write writes a binary. */
void np_pdf_write_hex(np_pdf_writer *w, const void *bytes, size_t len)
{
    const unsigned char *b = bytes;
    put_char(w, '<');
    for (size_t i = 0; i < len; i++) {
        char pair[2];
        put(w, pair, np_hex(pair, b[i], 2));
    }
    put_char(w, '>');
}

/* HPDF_Dict_Write: the key, a space, the value, a line feed. */
void np_pdf_write_key(np_pdf_writer *w, const char *key)
{
    np_pdf_write_name(w, key);
    put_char(w, ' ');
}

void np_pdf_write_end(np_pdf_writer *w)
{
    put_char(w, '\012');
}

/* HPDF_Array_Write: "[ ", each item and a space, "]". */
void np_pdf_write_open(np_pdf_writer *w)
{
    put(w, "[ ", 2);
}

void np_pdf_write_next(np_pdf_writer *w)
{
    put_char(w, ' ');
}

void np_pdf_write_close(np_pdf_writer *w)
{
    put_char(w, ']');
}

void np_pdf_write_name_entry(np_pdf_writer *w, const char *key,
                             const char *name)
{
    np_pdf_write_key(w, key);
    np_pdf_write_name(w, name);
    np_pdf_write_end(w);
}

void np_pdf_write_int_entry(np_pdf_writer *w, const char *key, long n)
{
    np_pdf_write_key(w, key);
    np_pdf_write_int(w, n);
    np_pdf_write_end(w);
}

void np_pdf_write_ref_entry(np_pdf_writer *w, const char *key,
                            const void *obj)
{
    np_pdf_write_key(w, key);
    np_pdf_write_ref(w, obj);
    np_pdf_write_end(w);
}
