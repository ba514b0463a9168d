/*
 * test_pdf_write.c - the values, arrays and entries output/pdf_write.c
 * writes are the bytes libharu writes for the same objects: every byte
 * of a name and of a literal string escaped as libharu escapes it, the
 * longest name libharu makes, hex strings, integers, references,
 * an array and a dictionary entry; and a run longer than the writer's
 * buffer comes out whole.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/pdf_write.h"
#include "unit.h"

static HPDF_Doc pdf;

static HPDF_STATUS gather(HPDF_Stream stream, const HPDF_BYTE *p, HPDF_UINT n)
{
    return unit_sink_write(stream->attr, p, n) ? HPDF_FAILD_TO_ALLOC_MEM
                                               : HPDF_OK;
}

/* Two sinks, the one libharu writes into and the one ours does. */
typedef struct pair {
    unit_sink theirs, ours;
    HPDF_Stream to_theirs, to_ours;
    np_pdf_writer w;
} pair;

static void pair_open(pair *p)
{
    memset(p, 0, sizeof *p);
    p->to_theirs = HPDF_CallbackWriter_New(pdf->mmgr, gather, &p->theirs);
    p->to_ours = HPDF_CallbackWriter_New(pdf->mmgr, gather, &p->ours);
    np_pdf_writer_init(&p->w, p->to_ours);
}

/* Both sides' bytes the same; frees them. */
static bool pair_same(pair *p)
{
    bool ok = np_pdf_writer_done(&p->w) == HPDF_OK
              && p->theirs.len == p->ours.len && p->theirs.len > 0
              && memcmp(p->theirs.p, p->ours.p, p->ours.len) == 0;
    if (!ok)
        fprintf(stderr, "libharu: [%.*s]\nours:    [%.*s]\n",
                (int)p->theirs.len, p->theirs.p ? p->theirs.p : "",
                (int)p->ours.len, p->ours.p ? p->ours.p : "");
    HPDF_Stream_Free(p->to_theirs);
    HPDF_Stream_Free(p->to_ours);
    free(p->theirs.p);
    free(p->ours.p);
    return ok;
}

/* libharu writes `obj` as a value, and frees it. */
static void theirs(pair *p, void *obj)
{
    HPDF_Obj_WriteValue(obj, p->to_theirs, NULL);
    HPDF_Obj_Free(pdf->mmgr, obj);
}

static void test_names(void)
{
    for (int c = 1; c < 256; c++) {
        char name[4] = { 'a', (char)c, 'z', 0 };
        pair p;
        pair_open(&p);
        theirs(&p, HPDF_Name_New(pdf->mmgr, name));
        np_pdf_write_name(&p.w, name);
        CHECK(pair_same(&p));
    }
    char lng[HPDF_LIMIT_MAX_NAME_LEN + 1];     /* the longest libharu makes */
    memset(lng, 'n', HPDF_LIMIT_MAX_NAME_LEN);
    lng[HPDF_LIMIT_MAX_NAME_LEN] = 0;
    lng[10] = '(';
    pair p;
    pair_open(&p);
    theirs(&p, HPDF_Name_New(pdf->mmgr, lng));
    np_pdf_write_name(&p.w, lng);
    CHECK(pair_same(&p));
}

static void test_strings(void)
{
    char all[256];
    for (int c = 1; c < 256; c++)
        all[c - 1] = (char)c;
    all[255] = 0;
    const char *cases[] = { all, "", "en", "note-1", "a(b)c\\d" };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        pair p;
        pair_open(&p);
        theirs(&p, HPDF_String_New(pdf->mmgr, cases[i], NULL));
        np_pdf_write_string(&p.w, cases[i]);
        CHECK(pair_same(&p));
    }
}

static void test_hex(void)
{
    HPDF_BYTE bytes[256];
    for (int c = 0; c < 256; c++)
        bytes[c] = (HPDF_BYTE)c;
    size_t lens[] = { 0, 1, 2, 256 };
    for (size_t i = 0; i < sizeof lens / sizeof *lens; i++) {
        pair p;
        pair_open(&p);
        theirs(&p, HPDF_Binary_New(pdf->mmgr, bytes, (HPDF_UINT)lens[i]));
        np_pdf_write_hex(&p.w, bytes, lens[i]);
        CHECK(pair_same(&p));
    }
}

static void test_numbers_and_refs(void)
{
    long values[] = { 0, 7, -5, 8191, 123456789, 2147483647 };
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
        pair p;
        pair_open(&p);
        theirs(&p, HPDF_Number_New(pdf->mmgr, (HPDF_INT32)values[i]));
        np_pdf_write_int(&p.w, values[i]);
        CHECK(pair_same(&p));
    }
    for (int i = 0; i < 3; i++) {
        HPDF_Dict obj = HPDF_Dict_New(pdf->mmgr);
        CHECK(HPDF_Xref_Add(pdf->xref, obj) == HPDF_OK);
        pair p;
        pair_open(&p);
        HPDF_Proxy proxy = HPDF_Proxy_New(pdf->mmgr, obj);
        HPDF_Obj_Write(proxy, p.to_theirs, NULL);
        HPDF_FreeMem(pdf->mmgr, proxy);
        np_pdf_write_ref(&p.w, obj);
        CHECK(pair_same(&p));
    }
}

/* An array of a number, a name and a reference; a dictionary of an
 * entry of each, written by libharu's HPDF_Dict_Write. */
static void test_array_and_dict(void)
{
    HPDF_Dict target = HPDF_Dict_New(pdf->mmgr);
    HPDF_Xref_Add(pdf->xref, target);
    pair p;
    pair_open(&p);
    HPDF_Array a = HPDF_Array_New(pdf->mmgr);
    HPDF_Array_AddNumber(a, 3);
    HPDF_Array_AddName(a, "MCR");
    HPDF_Array_Add(a, target);
    theirs(&p, a);
    np_pdf_write_open(&p.w);
    np_pdf_write_int(&p.w, 3);
    np_pdf_write_next(&p.w);
    np_pdf_write_name(&p.w, "MCR");
    np_pdf_write_next(&p.w);
    np_pdf_write_ref(&p.w, target);
    np_pdf_write_next(&p.w);
    np_pdf_write_close(&p.w);
    CHECK(pair_same(&p));

    pair_open(&p);
    HPDF_Dict d = HPDF_Dict_New(pdf->mmgr);
    HPDF_Dict_AddName(d, "S", "NonStruct");
    HPDF_Dict_AddNumber(d, "MCID", 12);
    HPDF_Dict_Add(d, "Pg", target);
    theirs(&p, d);
    np_pdf_write_raw(&p.w, "<<\012");
    np_pdf_write_name_entry(&p.w, "S", "NonStruct");
    np_pdf_write_int_entry(&p.w, "MCID", 12);
    np_pdf_write_ref_entry(&p.w, "Pg", target);
    np_pdf_write_raw(&p.w, ">>");
    CHECK(pair_same(&p));
}

/* Past the buffer: small pieces, then one larger than the buffer. */
static void test_long_run(void)
{
    size_t n = 3 * NP_PDF_WRITER_BUF;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = 0;
    pair p;
    pair_open(&p);
    for (int i = 0; i < 500; i++) {
        HPDF_Stream_WriteStr(p.to_theirs, "12 ");
        np_pdf_write_raw(&p.w, "12 ");
    }
    HPDF_Stream_WriteStr(p.to_theirs, big);
    np_pdf_write_raw(&p.w, big);
    CHECK(pair_same(&p));
    free(big);
}

int main(void)
{
    pdf = HPDF_New(NULL, NULL);
    if (!pdf) {
        fprintf(stderr, "test_pdf_write: no libharu document\n");
        return 1;
    }
    test_names();
    test_strings();
    test_hex();
    test_numbers_and_refs();
    test_array_and_dict();
    test_long_run();
    HPDF_Free(pdf);
    return unit_done("test_pdf_write");
}
