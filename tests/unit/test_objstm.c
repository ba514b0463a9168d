/*
 * test_objstm.c - a PDF written object by object with object streams
 * (output/pdf_objstm.c): qpdf --check accepts the result and lists the
 * small objects as compressed, the stream and the Info dictionary in
 * the clear; the stream comes through byte for byte though its data
 * spells "endobj" and an object header; an object stream goes out as
 * soon as it is full; the same calls give the same bytes. Then what it
 * must refuse without a crash: calls out of order or a number given
 * twice or never (nothing written after), a writer that refuses a
 * piece (nothing written after it), and memory that runs out at each
 * allocation in turn (nothing leaked; run under ASan by make check).
 * The number of objects may come late, after objects in the clear (as
 * pages' contents go out as the pages end): the same file but for the
 * order, and the calls that would need it before refused.
 *
 * Needs qpdf on PATH. Temporary files go to /tmp, named by pid.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ground/buf.h"
#include "output/pdf_objstm.h"
#include "unit.h"

/* The stream's data: a content stream whose comment looks like the end
 * of an object and the start of the next. */
static const char content[] = "0 0 m 100 100 l S\n% endstream\nendobj\n9 0 obj\n";

/* Object n + 1 of the sample; the stream's /Length is object 5. */
static const char *const objects[] = {
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 200 200 ]"
    " /Contents 4 0 R >>",
    NULL,                       /* the stream */
    "46",
    "<< /Producer (test) /Creator (notepress) >>",
};
#define OBJECTS 6

/* Object 4 as libharu writes a stream's value. */
static const char stream_head[] = "<<\n/Length 5 0 R\n>>\nstream\n";
static const char stream_tail[] = "\nendstream";

typedef struct sink {
    np_buf out;
    int calls, refuse_at;       /* refuse call number refuse_at; -1 never */
    bool after_refusal;         /* called again after refusing */
} sink;

static int take(void *ud, const void *bytes, size_t len)
{
    sink *k = ud;
    if (k->refuse_at >= 0 && k->calls > k->refuse_at)
        k->after_refusal = true;
    if (k->calls++ == k->refuse_at)
        return -1;
    np_buf_append(&k->out, bytes, len);
    return 0;
}

static void put_stream(np_objstm *w, uint32_t n)
{
    np_objstm_open(w, n);
    np_objstm_put(w, stream_head, strlen(stream_head));
    np_objstm_put(w, content, strlen(content));
    np_objstm_put(w, stream_tail, strlen(stream_tail));
    np_objstm_close(w);
}

/* The sample through the writer, as out_pdf_save.c gives a file:
 * the Info dictionary first, the stream in the clear in two pieces,
 * the others gathered. `late`: the number of objects given after the
 * stream, which then comes right after the Info dictionary. */
static np_objstm_status write_sample(const np_allocator *a, np_deflater *d,
                                     sink *k, bool late)
{
    np_buf_init(&k->out, NULL);
    np_objstm *w = np_objstm_new(a, d, late ? 0 : OBJECTS + 1, take, k);
    if (!w)
        return NP_OBJSTM_NO_MEMORY;
    np_objstm_header(w, '3');
    np_objstm_open(w, 6);
    np_objstm_put(w, objects[5], strlen(objects[5]));
    np_objstm_close(w);
    if (late) {
        put_stream(w, 4);
        if (np_objstm_status_of(w) == NP_OBJSTM_OK)
            CHECK(np_objstm_given(w, 4) && np_objstm_given(w, 6)
                  && !np_objstm_given(w, 5) && !np_objstm_given(w, 7000));
        np_objstm_size(w, OBJECTS + 1);
    }
    for (uint32_t n = 1; n <= 5; n++) {
        if (objects[n - 1])
            np_objstm_gather(w, n, objects[n - 1], strlen(objects[n - 1]));
        else if (!late)
            put_stream(w, n);
    }
    static const char trailer[] = "/Root 1 0 R /Info 6 0 R";
    np_objstm_status st = np_objstm_finish(w, trailer, strlen(trailer));
    np_objstm_free(w);
    return st;
}

/* The lines of `qpdf --show-xref` for the file `bytes`. */
static char *show_xref(const np_buf *bytes)
{
    char path[64], cmd[160];
    snprintf(path, sizeof path, "/tmp/np_test_objstm_%ld.pdf", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(bytes->data, 1, bytes->len, f);
        fclose(f);
    }
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "qpdf --show-xref %s > %s.xref", path, path);
    CHECK(system(cmd) == 0);
    char xref_path[80];
    snprintf(xref_path, sizeof xref_path, "%s.xref", path);
    size_t len;
    char *text = unit_read_file(xref_path, &len);
    remove(path);
    remove(xref_path);
    return text;
}

/* Whether `needle` is in b, whose deflated streams may hold NULs. */
static bool found(const np_buf *b, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return true;
    return false;
}

static void test_write(np_deflater *d)
{
    sink k = { .refuse_at = -1 }, again = { .refuse_at = -1 };
    CHECK(write_sample(NULL, d, &k, false) == NP_OBJSTM_OK);
    CHECK(write_sample(NULL, d, &again, false) == NP_OBJSTM_OK);
    CHECK(k.out.len == again.out.len
          && memcmp(k.out.data, again.out.data, k.out.len) == 0);
    CHECK(k.out.len > 0 && memcmp(k.out.data, "%PDF-1.5\n%\xb7", 11) == 0);
    /* the Info dictionary first after the header */
    CHECK(memcmp(k.out.data + 15, "6 0 obj\n<< /Producer", 20) == 0);
    CHECK(found(&k.out, "7 0 obj\n<< /Type /ObjStm /N 4 /First "));
    CHECK(found(&k.out, "8 0 obj\n<< /Type /XRef /Size 9 /W [1 2 2] "
                        "/Root 1 0 R /Info 6 0 R /Filter"));
    np_buf whole;
    np_buf_init(&whole, NULL);
    np_buf_printf(&whole, "4 0 obj\n%s%s%s\nendobj\n", stream_head, content,
                  stream_tail);
    CHECK(!whole.failed && found(&k.out, whole.data));
    np_buf_free(&whole);
    char *xref = show_xref(&k.out);
    CHECK(xref != NULL);
    if (xref) {
        const char *want[] = {
            "1/0: compressed; stream = 7, index = 0",
            "2/0: compressed; stream = 7, index = 1",
            "3/0: compressed; stream = 7, index = 2",
            "4/0: uncompressed; offset = ",
            "5/0: compressed; stream = 7, index = 3",
            "6/0: uncompressed; offset = 15",
            "7/0: uncompressed; offset = ",
            "8/0: uncompressed; offset = ",
        };
        for (size_t i = 0; i < sizeof want / sizeof *want; i++)
            CHECK(strstr(xref, want[i]) != NULL);
    }
    free(xref);
    np_buf_free(&k.out);
    np_buf_free(&again.out);
}

/* The count given after the stream: the stream right after the Info
 * dictionary, the rest as before. */
static void test_write_late(np_deflater *d)
{
    sink k = { .refuse_at = -1 };
    CHECK(write_sample(NULL, d, &k, true) == NP_OBJSTM_OK);
    np_buf first;
    np_buf_init(&first, NULL);
    np_buf_printf(&first, "6 0 obj\n%s\nendobj\n4 0 obj\n%s", objects[5],
                  stream_head);
    CHECK(!first.failed && k.out.len > 15 + first.len
          && memcmp(k.out.data + 15, first.data, first.len) == 0);
    np_buf_free(&first);
    char *xref = show_xref(&k.out);
    CHECK(xref != NULL);
    if (xref) {
        CHECK(strstr(xref, "4/0: uncompressed; offset = ") != NULL);
        CHECK(strstr(xref, "5/0: compressed; stream = 7, index = 3") != NULL);
        CHECK(strstr(xref, "6/0: uncompressed; offset = 15") != NULL);
    }
    free(xref);
    np_buf_free(&k.out);
}

/* 250 small objects: three object streams, the first two written as
 * soon as they are full, before the objects after them are given. */
static void test_full_streams(np_deflater *d)
{
    enum { SMALL = 250 };
    sink k = { .refuse_at = -1 };
    np_buf_init(&k.out, NULL);
    np_objstm *w = np_objstm_new(NULL, d, SMALL + 3, take, &k);
    CHECK(w != NULL);
    if (!w)
        return;
    np_objstm_header(w, '7');
    np_objstm_gather(w, 1, objects[0], strlen(objects[0]));
    static const char pages[] = "<< /Type /Pages /Kids [ ] /Count 0 >>";
    np_objstm_gather(w, 2, pages, strlen(pages));
    size_t before = k.out.len;
    int streams_early = 0;
    for (uint32_t n = 3; n < SMALL + 3; n++) {
        char value[16];
        snprintf(value, sizeof value, "%u", n);
        np_objstm_gather(w, n, value, strlen(value));
        streams_early += k.out.len > before;
        before = k.out.len;
    }
    CHECK(streams_early == 2);
    static const char trailer[] = "/Root 1 0 R";
    CHECK(np_objstm_finish(w, trailer, strlen(trailer)) == NP_OBJSTM_OK);
    np_objstm_free(w);
    CHECK(memcmp(k.out.data, "%PDF-1.7\n", 9) == 0);
    char *xref = show_xref(&k.out);
    CHECK(xref != NULL);
    if (xref) {
        CHECK(strstr(xref, "1/0: compressed; stream = 253, index = 0") != NULL);
        CHECK(strstr(xref, "101/0: compressed; stream = 254, index = 0") != NULL);
        CHECK(strstr(xref, "252/0: compressed; stream = 255, index = 51") != NULL);
        CHECK(strstr(xref, "256/0: uncompressed; offset = ") != NULL);
    }
    free(xref);
    np_buf_free(&k.out);
}

/* Calls out of order refused, and nothing written after the refusal.
 * From case 7 the count is not given at first (a stream, object 9, in
 * the clear already): nothing gathered without it, no count of 0 or
 * below a number given, none missing at the end. */
static void test_misuse(np_deflater *d)
{
    for (int c = 0; c < 11; c++) {
        bool late = c >= 7;
        sink k = { .refuse_at = -1 };
        np_buf_init(&k.out, NULL);
        np_objstm *w = np_objstm_new(NULL, d, late ? 0 : 4, take, &k);
        CHECK(w != NULL);
        if (!w)
            continue;
        if (c != 0)
            np_objstm_header(w, '4');
        if (late)
            put_stream(w, 9);
        size_t written = k.out.len;
        switch (c) {
        case 0:                 /* an object before the header */
            np_objstm_gather(w, 1, "1", 1);
            break;
        case 1:                 /* number 0, the free list's */
            np_objstm_gather(w, 0, "1", 1);
            break;
        case 2:                 /* past the size declared */
            np_objstm_open(w, 4);
            break;
        case 3:                 /* a number given twice */
            np_objstm_gather(w, 1, "1", 1);
            written = k.out.len;
            np_objstm_gather(w, 1, "1", 1);
            break;
        case 4:                 /* an object opened inside another */
            np_objstm_open(w, 1);
            written = k.out.len;
            np_objstm_open(w, 2);
            break;
        case 5:                 /* put outside an object */
            np_objstm_put(w, "x", 1);
            break;
        case 6:                 /* a number never given */
            np_objstm_gather(w, 1, "1", 1);
            np_objstm_gather(w, 3, "3", 1);
            written = k.out.len;
            break;
        case 7:                 /* gathered before the count */
            np_objstm_gather(w, 1, "1", 1);
            break;
        case 8:                 /* a count not above a number given */
            np_objstm_size(w, 9);
            break;
        case 9:                 /* a count of 0 */
            np_objstm_size(w, 0);
            break;
        case 10:                /* no count before the end */
            break;
        }
        CHECK(np_objstm_finish(w, "/Root 1 0 R", 11) == NP_OBJSTM_MALFORMED);
        CHECK(k.out.len == written);
        np_objstm_free(w);
        np_buf_free(&k.out);
    }
    CHECK(np_objstm_new(NULL, d, 8388607u, take, NULL) == NULL);
}

static void test_refusing_writer(np_deflater *d)
{
    sink all = { .refuse_at = -1 };
    CHECK(write_sample(NULL, d, &all, false) == NP_OBJSTM_OK);
    for (int at = 0; at < all.calls; at++) {
        sink k = { .refuse_at = at };
        CHECK(write_sample(NULL, d, &k, false) == NP_OBJSTM_WRITE_FAILED);
        CHECK(!k.after_refusal && k.calls == at + 1);
        np_buf_free(&k.out);
    }
    np_buf_free(&all.out);
}

/* ---- an allocator that fails ----------------------------------------- */

typedef struct budget {
    int left;                   /* allocations that succeed; -1: all */
    long live;
} budget;

static void *budget_malloc(void *ud, size_t size)
{
    budget *b = ud;
    if (b->left == 0)
        return NULL;
    b->left -= b->left > 0;
    void *p = malloc(size);
    b->live += p != NULL;
    return p;
}

static void *budget_realloc(void *ud, void *ptr, size_t size)
{
    budget *b = ud;
    if (b->left == 0)
        return NULL;
    b->left -= b->left > 0;
    void *p = realloc(ptr, size);
    b->live += !ptr && p;
    return p;
}

static void budget_free(void *ud, void *ptr)
{
    budget *b = ud;
    b->live -= ptr != NULL;
    free(ptr);
}

static void test_out_of_memory(np_deflater *d)
{
    np_objstm_status st = NP_OBJSTM_NO_MEMORY;
    int n, wrong = 0;
    for (n = 0; n < 1000 && st == NP_OBJSTM_NO_MEMORY; n++) {
        budget b = { .left = n };
        np_allocator a = { budget_malloc, budget_realloc, budget_free, &b };
        sink k = { .refuse_at = -1 };
        st = write_sample(&a, d, &k, n % 2 == 1);
        wrong += b.live != 0 || (st != NP_OBJSTM_OK && st != NP_OBJSTM_NO_MEMORY);
        np_buf_free(&k.out);
    }
    CHECK(wrong == 0);
    CHECK(st == NP_OBJSTM_OK && n > 3);
}

int main(void)
{
    np_deflater *d = np_deflater_new(NULL);
    CHECK(d != NULL);
    if (!d)
        return unit_done("objstm");
    test_write(d);
    test_full_streams(d);
    test_misuse(d);
    test_write_late(d);
    test_refusing_writer(d);
    test_out_of_memory(d);
    np_deflater_free(d);
    return unit_done("objstm");
}
