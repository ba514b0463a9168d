/*
 * test_pdf_tags.c - the structure tree of the PDF back end where PDF
 * arrays run out: a page's marked-content sequences up to what the
 * ParentTree's one array for the page holds (32 767, the PDF library's
 * limit; 8 191 in PDF/A-1) and refused past it with a message of ours;
 * an element with more kids than an array of PDF/A-1 holds, its kids
 * in NonStruct groups; a ParentTree and an IDTree too long for one
 * node, as trees with /Kids and /Limits. Each file is checked by
 * qpdf --check and tests/tagcheck.py, and by the bytes it holds once
 * qpdf has taken its objects out of their object streams.
 *
 * Needs qpdf and python3 on PATH, Liberation Serif under
 * NP_DATADIR/fonts and the sources' tests/tagcheck.py. Temporary files
 * go to /tmp, named by pid.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/font.h"
#include "output/backends.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

#define A4_W 595.28
#define A4_H 841.89

static const np_face *face;

/* ---- helpers --------------------------------------------------------- */

typedef struct messages {
    int count;
    char last[512];
} messages;

static void keep(void *ud, const np_diagnostic *d)
{
    messages *m = ud;
    m->count++;
    snprintf(m->last, sizeof m->last, "%s", d->message);
}

/* How often `needle` is in the file, whose streams hold NUL bytes. */
static size_t count_of(const unit_sink *b, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (size_t i = 0; len <= b->len && i <= b->len - len; i++)
        if (b->p[i] == needle[0] && memcmp(b->p + i, needle, len) == 0)
            n++;
    return n;
}

/* The file as qpdf writes it with every object in the clear (its own
 * spelling: a dictionary on one line, its keys sorted). */
static unit_sink plain_of(const unit_sink *b)
{
    unit_sink plain = { 0 };
    plain.p = unit_uncompressed(b->p, b->len, &plain.len);
    return plain;
}

/* A tree of the Document, one P and `spans` Spans in it, the first
 * `ids` of which have an ID. */
static np_out_tree make_tree(int spans, int ids)
{
    static char idbuf[1000][24];
    np_out_tree t = { .n = (size_t)spans + 2, .cap = (size_t)spans + 2 };
    t.elems = calloc(t.n, sizeof *t.elems);
    if (!t.elems) {
        t.n = 0;
        return t;
    }
    t.elems[0] = (np_out_elem){ .parent = -1, .role = "Document", .ref = -1 };
    t.elems[1] = (np_out_elem){ .parent = 0, .role = "P", .ref = -1 };
    for (int i = 0; i < spans; i++) {
        t.elems[i + 2] = (np_out_elem){ .parent = 1, .role = "Span", .ref = -1 };
        if (i < ids && i < 1000) {
            snprintf(idbuf[i], sizeof idbuf[i], "span-%d", i);
            t.elems[i + 2].id = idbuf[i];
        }
    }
    return t;
}

typedef struct doc {
    np_out out;
    np_diags diags;
    messages log;
    np_out_tree tree;
} doc;

static bool doc_begin(doc *d, int spans, int ids, int pdfa)
{
    memset(d, 0, sizeof *d);
    np_diags_init(&d->diags, keep, &d->log);
    d->tree = make_tree(spans, ids);
    np_out_meta meta = { .title = "Tags", .lang = "en", .time = -1,
                         .faces = &face, .font_count = 1, .pdfa = pdfa,
                         .tree = &d->tree };
    return d->tree.n > 0 && np_out_pdf_new(&d->out, NULL, &d->diags, NULL) == 0
           && d->out.ops->begin_document(d->out.self, &meta) == 0;
}

/* "x" drawn for element `elem`: a marked-content sequence of its own
 * when the element before was another. */
static int draw(doc *d, int elem, double y)
{
    np_out_text run = { .font = 0, .size = 10, .x = 72, .y = y, .text = "x",
                        .len = 1 };
    if (d->out.ops->mark(d->out.self, elem) < 0)
        return -1;
    return d->out.ops->text(d->out.self, &run);
}

static void doc_free(doc *d)
{
    d->out.ops->free(d->out.self);
    free(d->tree.elems);
}

/* qpdf --check and tests/tagcheck.py accept the file. */
static void check_readers(const unit_sink *b)
{
    char path[64], cmd[256];
    snprintf(path, sizeof path, "/tmp/np-test-tags-%ld.pdf", (long)getpid());
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL && fwrite(b->p, 1, b->len, f) == b->len);
    if (f)
        fclose(f);
    snprintf(cmd, sizeof cmd, "qpdf --check %s > /dev/null 2>&1", path);
    CHECK(system(cmd) == 0);
    snprintf(cmd, sizeof cmd, "python3 %s/tests/tagcheck.py %s > /dev/null",
             NP_DATADIR, path);
    CHECK(system(cmd) == 0);
    unlink(path);
}

/* ---- a page's marked-content sequences -------------------------------- */

/* `limit` sequences on one page are written; one more is refused with
 * our message naming the page and the limit, not an error number of
 * the PDF library. */
static void test_page_limit(int pdfa, int limit, const char *why)
{
    doc d;
    CHECK(doc_begin(&d, 1, 0, pdfa));
    CHECK(d.out.ops->begin_page(d.out.self, A4_W, A4_H) == 0);
    int rc = 0;
    for (int i = 0; i < limit && rc == 0; i++)
        rc = draw(&d, 1 + i % 2, 100);
    CHECK(rc == 0 && d.log.count == 0);
    CHECK(draw(&d, 1 + limit % 2, 100) == -1);
    char want[160];
    snprintf(want, sizeof want, "page 1 would hold more than %d marked-content "
             "sequences", limit);
    CHECK(d.log.count == 1 && strstr(d.log.last, want) != NULL);
    CHECK(strstr(d.log.last, why) != NULL);
    CHECK(d.out.ops->end_page(d.out.self) == -1);
    doc_free(&d);
}

/* As many sequences as a page holds: a valid file (tagcheck.py holds
 * a PDF/A-1 file to arrays of 8 191 items). */
static void test_page_full(int pdfa, int limit)
{
    doc d;
    CHECK(doc_begin(&d, 1, 0, pdfa));
    CHECK(d.out.ops->begin_page(d.out.self, A4_W, A4_H) == 0);
    int rc = 0;
    for (int i = 0; i < limit && rc == 0; i++)
        rc = draw(&d, 1 + i % 2, 100);
    CHECK(rc == 0 && d.out.ops->end_page(d.out.self) == 0);
    unit_sink b = { 0 };
    CHECK(d.out.ops->end_document(d.out.self, unit_sink_write, &b) == 0);
    CHECK(d.log.count == 0);
    check_readers(&b);
    doc_free(&d);
    free(b.p);
}

/* ---- long arrays split ----------------------------------------------- */

/* 5 000 Spans in one P, each after a piece of the P's own text, on 100
 * pages: 10 000 kids of the P in two NonStruct groups, a ParentTree of
 * 100 keys and an IDTree of 100 IDs in leaves of at most 64. */
static void test_split(void)
{
    doc d;
    CHECK(doc_begin(&d, 5000, 100, 0));
    int rc = 0;
    for (int page = 0; page < 100 && rc == 0; page++) {
        rc = d.out.ops->begin_page(d.out.self, A4_W, A4_H);
        for (int i = 0; i < 50 && rc == 0; i++) {
            rc = draw(&d, 1, 100 + i * 12);
            if (rc == 0)
                rc = draw(&d, 2 + page * 50 + i, 100 + i * 12);
        }
        if (rc == 0)
            rc = d.out.ops->end_page(d.out.self);
    }
    unit_sink b = { 0 };
    CHECK(rc == 0 && d.out.ops->end_document(d.out.self, unit_sink_write, &b) == 0);
    CHECK(d.log.count == 0);
    unit_sink plain = plain_of(&b);
    CHECK(plain.p != NULL);
    CHECK(count_of(&plain, "/S /NonStruct ") == 2);
    CHECK(count_of(&plain, "/Limits [ 0 63 ]") == 1);
    CHECK(count_of(&plain, "/Limits [ 64 99 ]") == 1);
    CHECK(count_of(&plain, "/Limits [ (span-0) (span-66) ]") == 1);
    CHECK(count_of(&plain, "/ParentTreeNextKey 100 ") == 1);
    check_readers(&b);
    doc_free(&d);
    free(b.p);
    free(plain.p);
}

/* A short tree stays one node: no /Kids, no /Limits, no groups. */
static void test_small(void)
{
    doc d;
    CHECK(doc_begin(&d, 3, 3, 0));
    CHECK(d.out.ops->begin_page(d.out.self, A4_W, A4_H) == 0);
    for (int e = 1; e < 5; e++)
        CHECK(draw(&d, e, 100 + e * 12) == 0);
    CHECK(d.out.ops->end_page(d.out.self) == 0);
    unit_sink b = { 0 };
    CHECK(d.out.ops->end_document(d.out.self, unit_sink_write, &b) == 0);
    unit_sink plain = plain_of(&b);
    CHECK(plain.p != NULL);
    CHECK(count_of(&plain, "/Limits") == 0
          && count_of(&plain, "/NonStruct") == 0);
    CHECK(count_of(&plain, "/Nums [ 0 [ ") == 1);
    CHECK(count_of(&plain, "/Names [ (span-0) ") == 1);
    check_readers(&b);
    doc_free(&d);
    free(b.p);
    free(plain.p);
}

int main(void)
{
    char err[256];
    face = np_face_load(NP_DATADIR "/fonts/LiberationSerif-Regular.ttf", NULL,
                        err, sizeof err);
    if (!face) {
        fprintf(stderr, "LiberationSerif-Regular.ttf: %s\n", err);
        return 1;
    }
    test_page_limit(0, 32767, "the PDF library writes no longer one");
    test_page_limit(1, 8191, "PDF/A-1 allows no longer one");
    test_page_full(0, 32767);
    test_page_full(1, 8191);
    test_split();
    test_small();
    np_face_free((np_face *)face);
    return unit_done("pdf_tags");
}
