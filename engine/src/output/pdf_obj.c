/*
 * pdf_obj.c - PDF objects made under a key of their owner, with
 * libharu's object calls, for the PDF back end and its fonts.
 *
 * Each object is attached as soon as it is made, so that libharu frees
 * it with the document whatever fails later; it is returned only when
 * attached, since a failed attach frees a direct object. It writes no
 * content and reports nothing: libharu has recorded the error in the
 * document, where the caller checks it (pdf_obj.h).
 */
#include "output/pdf_obj.h"

HPDF_Dict np_pdf_add_dict(HPDF_Dict owner, const char *key)
{
    HPDF_Dict d = HPDF_Dict_New(owner->mmgr);
    return HPDF_Dict_Add(owner, key, d) == HPDF_OK ? d : NULL;
}

HPDF_Array np_pdf_add_array(HPDF_Dict owner, const char *key)
{
    HPDF_Array a = HPDF_Array_New(owner->mmgr);
    return HPDF_Dict_Add(owner, key, a) == HPDF_OK ? a : NULL;
}

HPDF_Dict np_pdf_push_dict(HPDF_Array owner)
{
    HPDF_Dict d = HPDF_Dict_New(owner->mmgr);
    return HPDF_Array_Add(owner, d) == HPDF_OK ? d : NULL;
}

HPDF_Array np_pdf_push_array(HPDF_Array owner)
{
    HPDF_Array a = HPDF_Array_New(owner->mmgr);
    return HPDF_Array_Add(owner, a) == HPDF_OK ? a : NULL;
}

HPDF_Dict np_pdf_new_object(HPDF_Doc pdf)
{
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    if (d && HPDF_Xref_Add(pdf->xref, d) != HPDF_OK)
        return NULL;            /* HPDF_Xref_Add freed it */
    return d;
}

HPDF_UINT32 np_pdf_object_number(const void *obj)
{
    return ((const HPDF_Obj_Header *)obj)->obj_id & 0x00FFFFFF;
}

HPDF_Dict np_pdf_add_stream(HPDF_Doc pdf, HPDF_Dict owner, const char *key,
                            bool deflate)
{
    HPDF_Dict s = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (HPDF_Dict_Add(owner, key, s) != HPDF_OK)
        return NULL;
    if (deflate)
        s->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    return s;
}

HPDF_STATUS np_pdf_add_string(HPDF_Dict owner, const char *key,
                              const char *value)
{
    return HPDF_Dict_Add(owner, key, HPDF_String_New(owner->mmgr, value,
                                                     NULL));
}

/* What libharu writes for a stream it deflates; the hook writes it for
 * a stream whose /Filter libharu does not know. */
static HPDF_STATUS write_filter_key(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

void np_pdf_deflated(HPDF_Dict dict)
{
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_filter_key;
}
