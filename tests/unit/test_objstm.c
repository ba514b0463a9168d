/*
 * test_objstm.c - a classic PDF written again with object streams
 * (output/pdf_objstm.c): qpdf --check accepts the result and lists the
 * small objects as compressed, the stream and the Info dictionary in
 * the clear; the stream comes through byte for byte though its data
 * spells "endobj" and an object header; the same input gives the same
 * bytes. Then what it must refuse without a crash and without writing
 * a byte: the file cut anywhere before startxref's number, any byte
 * changed (run under ASan by make check); a writer that refuses a
 * piece (nothing written after it) and memory that runs out at each
 * allocation in turn (nothing leaked).
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

typedef struct sample {
    np_buf pdf;
    size_t stream_at, stream_len;       /* object 4, as written */
    size_t number_end;                  /* after startxref's number */
} sample;

/* The sample as libharu would lay it out: objects in order, a table of
 * 20-byte entries, a trailer. */
static void make_sample(sample *s)
{
    size_t off[OBJECTS];
    np_buf *b = &s->pdf;
    np_buf_init(b, NULL);
    np_buf_puts(b, "%PDF-1.3\n%\xb7\xbe\xad\xaa\n");
    for (int i = 0; i < OBJECTS; i++) {
        off[i] = b->len;
        np_buf_printf(b, "%d 0 obj\n", i + 1);
        if (objects[i]) {
            np_buf_printf(b, "%s\nendobj\n", objects[i]);
            continue;
        }
        s->stream_at = off[i];
        np_buf_printf(b, "<<\n/Length 5 0 R\n>>\nstream\n%s\nendstream\nendobj\n",
                      content);
        s->stream_len = b->len - off[i];
    }
    size_t xref = b->len;
    np_buf_printf(b, "xref\n0 %d\n0000000000 65535 f\r\n", OBJECTS + 1);
    for (int i = 0; i < OBJECTS; i++)
        np_buf_printf(b, "%010zu 00000 n\r\n", off[i]);
    np_buf_printf(b, "trailer\n<<\n/Root 1 0 R\n/Info 6 0 R\n/Size %d\n>>\n"
                  "startxref\n%zu", OBJECTS + 1, xref);
    s->number_end = b->len;
    np_buf_puts(b, "\n%%EOF\n");
}

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

static np_objstm_status rewrite(const np_allocator *a, np_deflater *d,
                                const void *pdf, size_t len, sink *k)
{
    np_buf_init(&k->out, NULL);
    return np_objstm_write(a, d, pdf, len, take, k);
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

static void test_rewrite(np_deflater *d)
{
    sample s;
    make_sample(&s);
    sink k = { .refuse_at = -1 }, again = { .refuse_at = -1 };
    CHECK(rewrite(NULL, d, s.pdf.data, s.pdf.len, &k) == NP_OBJSTM_OK);
    CHECK(rewrite(NULL, d, s.pdf.data, s.pdf.len, &again) == NP_OBJSTM_OK);
    CHECK(k.out.len == again.out.len
          && memcmp(k.out.data, again.out.data, k.out.len) == 0);
    CHECK(k.out.len > 0 && memcmp(k.out.data, "%PDF-1.5\n%\xb7", 11) == 0);
    /* the Info dictionary first after the header, as it was */
    CHECK(memcmp(k.out.data + 15, "6 0 obj\n<< /Producer", 20) == 0);
    CHECK(found(&k.out, "7 0 obj\n<< /Type /ObjStm /N 4 /First "));
    CHECK(found(&k.out, "8 0 obj\n<< /Type /XRef /Size 9 /W [1 2 2] "
                        "/Root 1 0 R /Info 6 0 R /Filter"));
    bool stream_kept = false;
    for (size_t i = 0; i + s.stream_len <= k.out.len && !stream_kept; i++)
        stream_kept = memcmp(k.out.data + i, s.pdf.data + s.stream_at,
                             s.stream_len) == 0;
    CHECK(stream_kept);
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
    np_buf_free(&s.pdf);
}

/* Cut before startxref's number ends: refused, nothing written; after
 * it, read (%%EOF is not needed). */
static void test_cut(np_deflater *d)
{
    sample s;
    make_sample(&s);
    int refused = 0, wrong = 0;
    for (size_t len = 0; len < s.pdf.len; len++) {
        sink k = { .refuse_at = -1 };
        np_objstm_status st = rewrite(NULL, d, s.pdf.data, len, &k);
        bool whole = len >= s.number_end;
        refused += st == NP_OBJSTM_MALFORMED && k.calls == 0;
        wrong += whole ? st != NP_OBJSTM_OK : st != NP_OBJSTM_MALFORMED;
        np_buf_free(&k.out);
    }
    CHECK(wrong == 0);
    CHECK((size_t)refused == s.number_end);
    sink k = { .refuse_at = -1 };
    CHECK(rewrite(NULL, d, NULL, 100, &k) == NP_OBJSTM_MALFORMED);
    np_buf_free(&s.pdf);
}

/* Every byte changed in turn to a few others: read or refused, never a
 * crash, and never a byte written for a refused file. */
static void test_changed(np_deflater *d)
{
    sample s;
    make_sample(&s);
    const char with[] = { ' ', '0', '9', 'x', '\n', '<', '\0' };
    int bad = 0, refused = 0;
    for (size_t i = 0; i < s.pdf.len; i++)
        for (size_t w = 0; w < sizeof with; w++) {
            char was = s.pdf.data[i];
            s.pdf.data[i] = with[w];
            sink k = { .refuse_at = -1 };
            np_objstm_status st = rewrite(NULL, d, s.pdf.data, s.pdf.len, &k);
            refused += st == NP_OBJSTM_MALFORMED;
            bad += !(st == NP_OBJSTM_OK ||
                     (st == NP_OBJSTM_MALFORMED && k.calls == 0));
            s.pdf.data[i] = was;
            np_buf_free(&k.out);
        }
    CHECK(bad == 0);
    CHECK(refused > 0);
    np_buf_free(&s.pdf);
}

static void test_refusing_writer(np_deflater *d)
{
    sample s;
    make_sample(&s);
    sink all = { .refuse_at = -1 };
    CHECK(rewrite(NULL, d, s.pdf.data, s.pdf.len, &all) == NP_OBJSTM_OK);
    for (int at = 0; at < all.calls; at++) {
        sink k = { .refuse_at = at };
        CHECK(rewrite(NULL, d, s.pdf.data, s.pdf.len, &k)
              == NP_OBJSTM_WRITE_FAILED);
        CHECK(!k.after_refusal && k.calls == at + 1);
        np_buf_free(&k.out);
    }
    np_buf_free(&all.out);
    np_buf_free(&s.pdf);
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
    sample s;
    make_sample(&s);
    np_objstm_status st = NP_OBJSTM_NO_MEMORY;
    int n, wrong = 0;
    for (n = 0; n < 1000 && st == NP_OBJSTM_NO_MEMORY; n++) {
        budget b = { .left = n };
        np_allocator a = { budget_malloc, budget_realloc, budget_free, &b };
        sink k = { .refuse_at = -1 };
        st = rewrite(&a, d, s.pdf.data, s.pdf.len, &k);
        wrong += b.live != 0 || (st != NP_OBJSTM_OK && st != NP_OBJSTM_NO_MEMORY);
        np_buf_free(&k.out);
    }
    CHECK(wrong == 0);
    CHECK(st == NP_OBJSTM_OK && n > 3);
    np_buf_free(&s.pdf);
}

int main(void)
{
    np_deflater *d = np_deflater_new(NULL);
    CHECK(d != NULL);
    if (!d)
        return unit_done("objstm");
    test_rewrite(d);
    test_cut(d);
    test_changed(d);
    test_refusing_writer(d);
    test_out_of_memory(d);
    np_deflater_free(d);
    return unit_done("objstm");
}
