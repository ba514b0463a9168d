/*
 * test_pdf_font.c - the codes a page writes for a font's CIDs
 * (output/pdf_font.c) and the /Encoding CMap that reads them back.
 *
 * A TrueType face's CIDs 0 to 234 are one byte each, never one a
 * literal string escapes; the next 3,840 two bytes, the rest three, up
 * to CID 65,535. Checked over every CID: the first byte gives the
 * length (a prefix code, as the codespace ranges say), no two CIDs share
 * a code, and the CMap's cidrange lines, read as a reader reads them,
 * give each code its CID back. A CFF face keeps Identity-H's two bytes.
 */
#include <hpdf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/pdf_font.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

#define CIDS 65536u

static bool escaped(unsigned byte)
{
    return byte == '\n' || byte == '\r' || byte == '(' || byte == ')'
           || byte == '\\';
}

static void test_one_byte_table(void)
{
    for (unsigned cid = 0; cid < NP_PDF_ONE_BYTE; cid++) {
        unsigned byte = np_pdf_one_byte_code[cid];
        CHECK(!escaped(byte));
        CHECK(cid == 0 ? byte == 0 : byte > np_pdf_one_byte_code[cid - 1]);
    }
    CHECK(np_pdf_one_byte_code[NP_PDF_ONE_BYTE - 1] == 0xEF);
}

/* The code as one number (its bytes big-endian) and its length. */
static unsigned long code_of(const np_pdf_font *f, unsigned cid, size_t *len)
{
    unsigned char code[NP_PDF_CODE_MAX];
    *len = np_pdf_font_code(f, cid, code);
    unsigned long v = 0;
    for (size_t i = 0; i < *len; i++)
        v = v << 8 | code[i];
    return v;
}

static size_t length_from_first_byte(unsigned first)
{
    return first < 0xF0 ? 1 : first < 0xFF ? 2 : 3;
}

static void test_codes(const np_pdf_font *f)
{
    unsigned long prev = 0;
    size_t prev_len = 0;
    for (unsigned cid = 0; cid < CIDS; cid++) {
        size_t len;
        unsigned long v = code_of(f, cid, &len);
        unsigned first = (unsigned)(v >> (8 * (len - 1)));
        CHECK(len == length_from_first_byte(first));
        /* ascending within a length: no two CIDs share a code */
        CHECK(cid == 0 || len > prev_len || v > prev);
        prev = v;
        prev_len = len;
    }
    size_t len;
    CHECK(code_of(f, 234, &len) == 0xEF && len == 1);
    CHECK(code_of(f, 235, &len) == 0xF000 && len == 2);
    CHECK(code_of(f, 4074, &len) == 0xFEFF && len == 2);
    CHECK(code_of(f, 4075, &len) == 0xFF0000 && len == 3);
    CHECK(code_of(f, 65535, &len) == 0xFFF014 && len == 3);
}

/* The stream's bytes, NUL-terminated; freed by the caller. */
static char *stream_text(HPDF_Dict dict)
{
    HPDF_Stream s = dict->stream;
    HPDF_UINT size = HPDF_Stream_Size(s);
    char *text = calloc(1, (size_t)size + 1);
    if (!text || HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK
        || HPDF_Stream_Read(s, (HPDF_BYTE *)text, &size) != HPDF_OK) {
        free(text);
        return NULL;
    }
    return text;
}

/* Reads the cidrange lines of the CMap as a reader does and checks
 * that every CID up to `last` is found at its code, and no code twice. */
static void check_ranges(const np_pdf_font *f, const char *text, unsigned last)
{
    static unsigned char seen[CIDS];
    memset(seen, 0, sizeof seen);
    const char *p = strstr(text, "begincidrange\n");
    unsigned lo, hi, cid, lines = 0;
    int n;
    while (p && (p = strchr(p, '\n')) != NULL) {
        p++;
        char a[8], b[8];
        if (sscanf(p, "<%7[0-9A-F]> <%7[0-9A-F]> %u%n", a, b, &cid, &n) != 3)
            continue;
        lines++;
        lo = (unsigned)strtoul(a, NULL, 16);
        hi = (unsigned)strtoul(b, NULL, 16);
        CHECK(strlen(a) == strlen(b) && lo <= hi);
        CHECK((lo >> 8) == (hi >> 8));   /* the last byte differs only */
        for (unsigned code = lo; code <= hi && cid < CIDS; code++, cid++) {
            size_t len;
            CHECK(code_of(f, cid, &len) == code && len * 2 == strlen(a));
            CHECK(!seen[cid]);
            seen[cid] = 1;
        }
    }
    for (unsigned c = 0; c <= last; c++)
        CHECK(seen[c]);
    CHECK(last >= CIDS - 1 || !seen[last + 1]);
    CHECK(lines > 0);
}

static void test_encoding(HPDF_Doc pdf, const np_pdf_font *f, unsigned last)
{
    HPDF_Dict cmap = np_pdf_font_encoding(pdf, last);
    CHECK(cmap != NULL);
    char *text = cmap ? stream_text(cmap) : NULL;
    CHECK(text != NULL);
    if (!text)
        return;
    CHECK(strstr(text, "3 begincodespacerange\n<00> <EF>\n<F000> <FEFF>\n"
                       "<FF0000> <FFFFFF>\nendcodespacerange\n") != NULL);
    CHECK(strstr(text, "/CMapName /Notepress-Short-H def") != NULL);
    check_ranges(f, text, last);
    free(text);
}

static void quiet(HPDF_STATUS error, HPDF_STATUS detail, void *ud)
{
    (void)error;
    (void)detail;
    (void)ud;
}

int main(void)
{
    test_one_byte_table();
    char err[256];
    np_face *face = np_face_load(NP_DATADIR "/fonts/LiberationSerif-Regular.ttf",
                                 NULL, err, sizeof err);
    HPDF_Doc pdf = HPDF_New(quiet, NULL);
    CHECK(face && pdf);
    if (!face || !pdf)
        return unit_done("pdf_font");
    np_pdf_font *f = np_pdf_font_new(pdf, face, NULL);
    CHECK(f && np_pdf_font_short(f));
    if (f) {
        test_codes(f);
        unsigned lasts[] = { 0, 9, 10, 234, 235, 500, 4074, 4075, 4400, 65535 };
        for (size_t i = 0; i < sizeof lasts / sizeof *lasts; i++)
            test_encoding(pdf, f, lasts[i]);
        CHECK(np_pdf_font_last_cid(f) == -1);       /* never placed */
        np_pdf_font_free(f);
    }
    HPDF_Free(pdf);
    np_face_free(face);
    return unit_done("pdf_font");
}
