/*
 * pdf_write.c - PDF values, arrays and entries written into a libharu
 * stream with libharu's own stream calls, so that the bytes are those
 * libharu writes for the same objects (pdf_write.h).
 *
 * It knows nothing of what it writes: the structure tree and the trees
 * of pdf_tree.c say what.
 */
#include "output/pdf_write.h"

static void check(np_pdf_writer *w, HPDF_STATUS st)
{
    if (w->status == HPDF_OK)
        w->status = st;
}

void np_pdf_write_raw(np_pdf_writer *w, const char *s)
{
    if (w->status == HPDF_OK)
        check(w, HPDF_Stream_WriteStr(w->stream, s));
}

void np_pdf_write_name(np_pdf_writer *w, const char *name)
{
    if (w->status == HPDF_OK)
        check(w, HPDF_Stream_WriteEscapeName(w->stream, name));
}

void np_pdf_write_int(np_pdf_writer *w, long n)
{
    if (w->status == HPDF_OK)
        check(w, HPDF_Stream_WriteInt(w->stream, (HPDF_INT)n));
}

/* As HPDF_Obj_Write writes a proxy: the object number without the
 * flags libharu keeps in the top bits of obj_id, and its generation. */
void np_pdf_write_ref(np_pdf_writer *w, const void *obj)
{
    const HPDF_Obj_Header *h = obj;
    np_pdf_write_int(w, (long)(h->obj_id & 0x00FFFFFF));
    np_pdf_write_raw(w, " ");
    np_pdf_write_int(w, h->gen_no);
    np_pdf_write_raw(w, " R");
}

/* As HPDF_String_Write writes a string made without an encoder. */
void np_pdf_write_string(np_pdf_writer *w, const char *s)
{
    if (w->status == HPDF_OK)
        check(w, HPDF_Stream_WriteEscapeText(w->stream, s));
}

/* As HPDF_Binary_Write writes a binary. */
void np_pdf_write_hex(np_pdf_writer *w, const void *bytes, size_t len)
{
    if (len == 0) {
        np_pdf_write_raw(w, "<>");
        return;
    }
    np_pdf_write_raw(w, "<");
    if (w->status == HPDF_OK)
        check(w, HPDF_Stream_WriteBinary(w->stream, bytes, (HPDF_UINT)len,
                                         NULL));
    np_pdf_write_raw(w, ">");
}

/* HPDF_Dict_Write: the key, a space, the value, a line feed. */
void np_pdf_write_key(np_pdf_writer *w, const char *key)
{
    np_pdf_write_name(w, key);
    np_pdf_write_raw(w, " ");
}

void np_pdf_write_end(np_pdf_writer *w)
{
    np_pdf_write_raw(w, "\012");
}

/* HPDF_Array_Write: "[ ", each item and a space, "]". */
void np_pdf_write_open(np_pdf_writer *w)
{
    np_pdf_write_raw(w, "[ ");
}

void np_pdf_write_next(np_pdf_writer *w)
{
    np_pdf_write_raw(w, " ");
}

void np_pdf_write_close(np_pdf_writer *w)
{
    np_pdf_write_raw(w, "]");
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
