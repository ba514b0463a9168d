/*
 * test_api.c - the public API as an embedding program uses it: every
 * way in and out (memory or file, to a callback, a buffer or a file),
 * the allocator hook, the language override, PDF/A through the options,
 * failures (refused document, refusing writer, missing ICC profile), the
 * contract on arguments (every entry point given NULL where a pointer is
 * required, and zero sizes), and two engines with several renders at
 * once in one process.
 *
 * Looks at the PDF bytes only for markers (header, /Lang, PDF/A keys,
 * object streams), read through qpdf where they sit in a deflated
 * object stream; tests/pdfa.sh validates the PDF/A files themselves.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notepress.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

#define SAMPLE NP_DATADIR "/samples/e-cn.7-2011-12.xml"
#define THREADS 4

static const char note_fr[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<document lang=\"fr\">\n"
    "  <meta><symbol>E/2024/1</symbol><organ>Conseil &amp; co</organ></meta>\n"
    "  <title>Note &lt;d’essai&gt;</title>\n"
    "  <body><p>Un paragraphe avec <link href=\"https://example.org/\">un"
    " lien</link>.</p></body>\n"
    "</document>\n";

static const char refused[] =
    "<?xml version=\"1.0\"?><document lang=\"fr\"><meta/><title>x</title>"
    "<body/></document>";

/* ---- helpers --------------------------------------------------------- */

typedef struct sink {
    char *p;
    size_t len;
} sink;

static int sink_write(void *ud, const void *bytes, size_t len)
{
    sink *s = ud;
    char *p = realloc(s->p, s->len + len);
    if (!p)
        return -1;
    memcpy(p + s->len, bytes, len);
    s->p = p;
    s->len += len;
    return 0;
}

static int refuse_write(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    (void)bytes;
    (void)len;
    return -1;
}

/* The last diagnostic's text and the count of each severity. */
typedef struct diag_log {
    char last[512];
    int count[3];
} diag_log;

static void log_diag(void *ud, const np_diagnostic *d)
{
    diag_log *log = ud;
    log->count[d->severity]++;
    snprintf(log->last, sizeof log->last, "%s", d->message);
}

static bool has(const void *p, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; p && i + n <= len; i++)
        if (memcmp((const char *)p + i, needle, n) == 0)
            return true;
    return false;
}

static np_render_options options(diag_log *log)
{
    np_render_options o;
    np_render_options_init(&o);
    o.diag = log ? log_diag : NULL;
    o.diag_ud = log;
    return o;
}

/* ---- a counting allocator -------------------------------------------- */

typedef struct counter {
    pthread_mutex_t lock;
    long live;                  /* blocks handed out and not yet freed */
    long calls;
} counter;

static void *count_malloc(void *ud, size_t size)
{
    counter *c = ud;
    void *p = malloc(size);
    pthread_mutex_lock(&c->lock);
    c->live += p != NULL;
    c->calls++;
    pthread_mutex_unlock(&c->lock);
    return p;
}

static void *count_realloc(void *ud, void *ptr, size_t size)
{
    counter *c = ud;
    void *p = realloc(ptr, size);
    pthread_mutex_lock(&c->lock);
    c->live += !ptr && p;
    c->calls++;
    pthread_mutex_unlock(&c->lock);
    return p;
}

static void count_free(void *ud, void *ptr)
{
    counter *c = ud;
    free(ptr);
    pthread_mutex_lock(&c->lock);
    c->live -= ptr != NULL;
    pthread_mutex_unlock(&c->lock);
}

/* ---- tests ----------------------------------------------------------- */

static void test_version(void)
{
    CHECK_STR(np_version(), NP_VERSION);
}

static void test_buffer(np_engine *e)
{
    np_render_options o = options(NULL);
    void *pdf = (void *)1;
    size_t len = 1;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 0);
    /* tagged by default: PDF/UA-1 is PDF 1.7 */
    CHECK(pdf && len > 1000 && memcmp(pdf, "%PDF-1.7", 8) == 0);
    CHECK(has(pdf, len, "%%EOF"));
    /* its small objects in object streams, a cross-reference stream */
    CHECK(has(pdf, len, "/Type /ObjStm") && has(pdf, len, "/Type /XRef"));
    CHECK(!has(pdf, len, "\nxref\n") && !has(pdf, len, "trailer"));
    size_t plain_len;
    char *plain = unit_uncompressed(pdf, len, &plain_len);
    CHECK(has(plain, plain_len, "/StructTreeRoot"));
    CHECK(plain && !has(plain, plain_len, "GTS_PDFA1"));
    free(plain);
    np_buffer_free(e, pdf);
    np_buffer_free(e, NULL);
    o.untagged = 1;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 0);
    /* object streams are PDF 1.5 */
    CHECK(pdf && len > 1000 && memcmp(pdf, "%PDF-1.5", 8) == 0);
    CHECK(has(pdf, len, "/Type /ObjStm") && has(pdf, len, "/Type /XRef"));
    plain = unit_uncompressed(pdf, len, &plain_len);
    CHECK(has(plain, plain_len, "/Type /Catalog"));
    CHECK(plain && !has(plain, plain_len, "/StructTreeRoot")
          && !has(plain, plain_len, "BDC"));
    free(plain);
    np_buffer_free(e, pdf);
    o.untagged = 0;

    diag_log log = { 0 };
    o = options(&log);
    CHECK(np_render_to_buffer(e, "bad.xml", refused, sizeof refused - 1, &o,
                              &pdf, &len) == 1);
    CHECK(pdf == NULL && len == 0);
    CHECK(log.count[NP_ERROR] >= 1);
}

/* The same sample through the file, the callback and the buffer. */
static void test_ways(np_engine *e)
{
    np_render_options o = options(NULL);
    sink a = { 0 }, b = { 0 };
    CHECK(np_render_file_write(e, SAMPLE, &o, sink_write, &a) == 0);
    char path[64];
    snprintf(path, sizeof path, "/tmp/np_test_api_%ld.pdf", (long)getpid());
    CHECK(np_render_file(e, SAMPLE, path, &o) == 0);
    FILE *f = fopen(path, "rb");
    char chunk[65536];
    size_t n;
    while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sink_write(&b, chunk, n);
    if (f)
        fclose(f);
    remove(path);
    CHECK(a.len > 0 && a.len == b.len && memcmp(a.p, b.p, a.len) == 0);

    diag_log log = { 0 };
    o = options(&log);
    CHECK(np_render_file_write(e, "/nonexistent/in.xml", &o, sink_write, &b) == 1);
    CHECK(strstr(log.last, "/nonexistent/in.xml") != NULL);
    free(a.p);
    free(b.p);
}

static void test_refusing_writer(np_engine *e)
{
    diag_log log = { 0 };
    np_render_options o = options(&log);
    CHECK(np_render_memory(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                           refuse_write, NULL) == -1);
    CHECK(log.count[NP_ERROR] == 1);
    CHECK(strstr(log.last, "cannot write") != NULL);
}

/* A writer that takes its first `take` pieces, then refuses. */
typedef struct partial {
    sink got;
    int take, calls;
} partial;

static int partial_write(void *ud, const void *bytes, size_t len)
{
    partial *p = ud;
    if (p->calls++ >= p->take)
        return -1;
    return sink_write(&p->got, bytes, len);
}

/* Pages go to the writer as they end: a refusal at any piece fails the
 * render with one message, and what was taken is the start of the
 * file a render that was not refused writes. */
static void test_writer_refusing_later(np_engine *e)
{
    partial whole = { .take = 1 << 30 };
    diag_log quiet = { 0 };
    np_render_options o = options(&quiet);
    o.fixed_time = 0;
    CHECK(np_render_file_write(e, SAMPLE, &o, partial_write, &whole) == NP_OK);
    CHECK(whole.calls > 2);
    int wrong = 0;
    for (int k = 0; k < whole.calls; k++) {
        diag_log log = { 0 };
        o = options(&log);
        o.fixed_time = 0;
        partial p = { .take = k };
        wrong += np_render_file_write(e, SAMPLE, &o, partial_write, &p) != NP_FAILED
                 || log.count[NP_ERROR] != 1 || !strstr(log.last, "cannot write")
                 || p.got.len > whole.got.len
                 || (p.got.len && memcmp(p.got.p, whole.got.p, p.got.len) != 0);
        free(p.got.p);
    }
    CHECK(wrong == 0);
    free(whole.got.p);
}

static void test_lang(np_engine *e)
{
    diag_log log = { 0 };
    np_render_options o = options(&log);
    void *pdf;
    size_t len;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 0);
    size_t plain_len;
    char *plain = unit_uncompressed(pdf, len, &plain_len);
    CHECK(has(plain, plain_len, "/Lang (fr)"));
    free(plain);
    np_buffer_free(e, pdf);
    o.lang = "en";
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 0);
    plain = unit_uncompressed(pdf, len, &plain_len);
    CHECK(has(plain, plain_len, "/Lang (en)"));
    free(plain);
    np_buffer_free(e, pdf);
    o.lang = "xx";
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 1);
    CHECK(strstr(log.last, "unknown language \"xx\"") != NULL);
}

static void test_pdfa(np_engine *e)
{
    np_render_options o = options(NULL);
    o.pdfa = 1;
    void *a, *b;
    size_t alen, blen;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &a, &alen) == 0);
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &b, &blen) == 0);
    CHECK(alen == blen && memcmp(a, b, alen) == 0);
    CHECK(memcmp(a, "%PDF-1.4", 8) == 0);
    /* PDF/A-1 forbids object streams: a classic table, every object in
     * the clear */
    CHECK(!has(a, alen, "/ObjStm") && !has(a, alen, "/XRef"));
    CHECK(has(a, alen, "\nxref\n0 ") && has(a, alen, "\ntrailer\n"));
    CHECK(has(a, alen, "/GTS_PDFA1") && has(a, alen, "/CIDSet"));
    CHECK(has(a, alen, "/CapHeight") && has(a, alen, "/ID ["));
    CHECK(has(a, alen, "<pdfaid:part>1</pdfaid:part>"));
    CHECK(has(a, alen, "Note &lt;d’essai&gt;"));
    CHECK(has(a, alen, "Conseil &amp; co"));
    np_buffer_free(e, a);
    np_buffer_free(e, b);

    diag_log log = { 0 };
    o.diag = log_diag;
    o.diag_ud = &log;
    setenv("NOTEPRESS_ICC_PROFILE", "/nonexistent/srgb.icc", 1);
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &a, &alen) == -1);
    unsetenv("NOTEPRESS_ICC_PROFILE");
    CHECK(a == NULL && log.count[NP_ERROR] == 1);
    CHECK(strstr(log.last, "/nonexistent/srgb.icc") != NULL);
    CHECK(strstr(log.last, "libgs-common") != NULL);
}

/* PDF dates run to the end of the year 9999: a later time is refused
 * with a message, not written as year 0000. */
static void test_fixed_time(np_engine *e)
{
    diag_log log = { 0 };
    np_render_options o = options(&log);
    void *pdf;
    size_t len;
    o.fixed_time = NP_FIXED_TIME_MAX;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 0);
    CHECK(has(pdf, len, "D:99991231235959"));
    np_buffer_free(e, pdf);
    o.fixed_time = NP_FIXED_TIME_MAX + 1;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == -1);
    CHECK(pdf == NULL && log.count[NP_ERROR] == 1);
    CHECK(strstr(log.last, "the last date a PDF can hold") != NULL);
}

/* ---- the contract on arguments ------------------------------------- */

/* Every entry point with NULL where a pointer is required, and with
 * zero sizes: -1 and a message through the callback (never a crash),
 * NULL from np_engine_new, nothing from the functions returning
 * nothing; zero sizes are ordinary arguments. */
static void test_null_renders(np_engine *e)
{
    diag_log log = { 0 };
    np_render_options o = options(&log);
    sink s = { 0 };
    void *pdf = (void *)1;
    size_t len = 1;
    CHECK(np_render_memory(NULL, "n", note_fr, 10, &o, sink_write, &s) == -1);
    CHECK(strstr(log.last, "np_render_memory: the engine is NULL") != NULL);
    CHECK(np_render_memory(e, "n", NULL, 10, &o, sink_write, &s) == -1);
    CHECK(strstr(log.last, "the bytes are NULL") != NULL);
    CHECK(np_render_memory(e, "n", note_fr, sizeof note_fr - 1, &o, NULL, NULL) == -1);
    CHECK(strstr(log.last, "write is NULL") != NULL);
    CHECK(np_render_file(NULL, SAMPLE, "/tmp/x.pdf", &o) == -1);
    CHECK(np_render_file(e, NULL, "/tmp/x.pdf", &o) == -1);
    CHECK(strstr(log.last, "np_render_file: in_path is NULL") != NULL);
    CHECK(np_render_file(e, SAMPLE, NULL, &o) == -1);
    CHECK(strstr(log.last, "out_path is NULL") != NULL);
    CHECK(np_check_file(NULL, SAMPLE, &o) == -1);
    CHECK(np_check_file(e, NULL, &o) == -1);
    CHECK(np_render_file_write(NULL, SAMPLE, &o, sink_write, &s) == -1);
    CHECK(np_render_file_write(e, NULL, &o, sink_write, &s) == -1);
    CHECK(np_render_file_write(e, SAMPLE, &o, NULL, NULL) == -1);
    CHECK(np_render_to_buffer(NULL, "n", note_fr, 10, &o, &pdf, &len) == -1);
    CHECK(pdf == NULL && len == 0);
    CHECK(np_render_to_buffer(e, "n", note_fr, 10, &o, NULL, &len) == -1);
    CHECK(np_render_to_buffer(e, "n", note_fr, 10, &o, &pdf, NULL) == -1);
    CHECK(np_render_to_buffer(e, "n", NULL, 10, &o, &pdf, &len) == -1);
    CHECK(log.count[NP_ERROR] == 15 && s.len == 0);
    /* without options: the same answers, in silence */
    CHECK(np_render_memory(NULL, "n", note_fr, 10, NULL, sink_write, &s) == -1);
    CHECK(np_render_to_buffer(e, "n", note_fr, 10, NULL, NULL, NULL) == -1);
    CHECK(np_check_file(e, NULL, NULL) == -1);
    free(s.p);
}

static void test_zero_sizes(np_engine *e)
{
    diag_log log = { 0 };
    np_render_options o = options(&log);
    sink s = { 0 };
    void *pdf = (void *)1;
    size_t len = 1;
    /* no bytes at all: an empty description, refused as such */
    CHECK(np_render_memory(e, "empty.xml", NULL, 0, &o, sink_write, &s) == 1);
    CHECK(strstr(log.last, "empty") != NULL && s.len == 0);
    CHECK(np_render_memory(e, "empty.xml", "", 0, &o, sink_write, &s) == 1);
    CHECK(np_render_to_buffer(e, "empty.xml", NULL, 0, &o, &pdf, &len) == 1);
    CHECK(pdf == NULL && len == 0);
    /* an option outside its enumeration */
    o.format = (np_output_format)7;
    CHECK(np_render_memory(e, "n", note_fr, sizeof note_fr - 1, &o, sink_write, &s) == -1);
    CHECK(strstr(log.last, "format or linebreak") != NULL);
    free(s.p);
}

static void keep_file_name(void *ud, const np_diagnostic *d)
{
    snprintf(ud, 64, "%s", d->file ? d->file : "");
}

static int refuse_schema(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    (void)bytes;
    (void)len;
    return 7;
}

static void test_null_others(np_engine *e)
{
    char buf[256] = "x";
    np_diagnostic d = { NP_ERROR, "a.xml", 3, 4, "text" };
    CHECK(np_format_diagnostic(NULL, buf, sizeof buf) == -1 && buf[0] == '\0');
    CHECK(np_format_diagnostic(&d, NULL, 0) == (int)strlen("a.xml:3:4: error: text"));
    CHECK(np_format_diagnostic(&d, NULL, 10) == -1);
    buf[0] = 'x';
    CHECK(np_format_diagnostic(&d, buf, 0) > 0 && buf[0] == 'x');
    CHECK(np_format_diagnostic(&d, buf, 1) > 0 && buf[0] == '\0');
    d.message = NULL;
    CHECK(np_format_diagnostic(&d, buf, sizeof buf) == -1);
    np_limits_init(NULL);
    np_render_options_init(NULL);
    CHECK(np_write_layout_schema(NULL, NULL) == -1);
    CHECK(np_write_layout_schema(refuse_schema, NULL) == 7);
    CHECK(np_version() != NULL);
    CHECK(np_pdf_is_ours(NULL) == 0 && np_pdf_is_ours("") == 0);
    np_engine_free(NULL);
    np_buffer_free(NULL, NULL);
    np_buffer_free(e, NULL);
    /* a buffer given back without its engine is left alone */
    np_render_options o = options(NULL);
    void *pdf;
    size_t len;
    CHECK(np_render_to_buffer(e, "n", note_fr, sizeof note_fr - 1, &o, &pdf, &len) == 0);
    np_buffer_free(NULL, pdf);
    CHECK(len > 8 && memcmp(pdf, "%PDF-", 5) == 0);
    np_buffer_free(e, pdf);
    /* an allocator without its three hooks: no engine; "" as the data
     * directory counts as none */
    np_allocator half = { NULL, NULL, NULL, NULL };
    np_engine_config cfg;
    np_engine_config_init(&cfg);
    cfg.allocator = &half;
    CHECK(np_engine_new(&cfg) == NULL);
    np_engine_config_init(&cfg);
    cfg.data_dir = "";
    np_engine *other = np_engine_new(&cfg);
    CHECK(other != NULL);
    char name[64] = "";
    o.diag = keep_file_name;
    o.diag_ud = name;
    CHECK(other && np_render_to_buffer(other, NULL, refused, sizeof refused - 1,
                                       &o, &pdf, &len) == 1);
    CHECK(strcmp(name, "(memory)") == 0);
    np_engine_free(other);
}

/* Every block the library takes through the hook goes back through it;
 * the buffer of np_render_to_buffer is one of them. */
static void test_allocator(void)
{
    counter c = { .lock = PTHREAD_MUTEX_INITIALIZER };
    np_allocator hook = { count_malloc, count_realloc, count_free, &c };
    np_engine_config cfg;
    np_engine_config_init(&cfg);
    cfg.allocator = &hook;
    np_engine *e = np_engine_new(&cfg);
    CHECK(e != NULL);
    if (!e)
        return;
    np_render_options o = options(NULL);
    o.pdfa = 1;
    void *pdf;
    size_t len;
    CHECK(np_render_to_buffer(e, "note.xml", note_fr, sizeof note_fr - 1, &o,
                              &pdf, &len) == 0);
    long with_buffer = c.live;
    np_buffer_free(e, pdf);
    CHECK(c.live == with_buffer - 1);
    CHECK(c.calls > 10);
    np_engine_free(e);
    CHECK(c.live == 0);
}

/* Two engines, THREADS renders each at once, PDF and PDF/A: every
 * output is the bytes of a render made alone. */
typedef struct job {
    np_engine *e;
    int pdfa;
    sink out;
    int rc;
} job;

static void *run_job(void *ud)
{
    job *j = ud;
    np_render_options o = options(NULL);
    o.pdfa = j->pdfa;
    j->rc = np_render_file_write(j->e, SAMPLE, &o, sink_write, &j->out);
    return NULL;
}

static void test_threads(void)
{
    np_engine *engines[2] = { np_engine_new(NULL), np_engine_new(NULL) };
    CHECK(engines[0] && engines[1]);
    if (!engines[0] || !engines[1])
        return;
    job ref[2] = { { engines[0], 0, { 0 }, -1 }, { engines[0], 1, { 0 }, -1 } };
    run_job(&ref[0]);
    run_job(&ref[1]);
    job jobs[2 * THREADS];
    pthread_t tids[2 * THREADS];
    for (int i = 0; i < 2 * THREADS; i++) {
        jobs[i] = (job){ engines[i % 2], i / 2 % 2, { 0 }, -1 };
        pthread_create(&tids[i], NULL, run_job, &jobs[i]);
    }
    for (int i = 0; i < 2 * THREADS; i++) {
        pthread_join(tids[i], NULL);
        const sink *want = &ref[jobs[i].pdfa].out;
        CHECK(jobs[i].rc == 0 && jobs[i].out.len == want->len
              && memcmp(jobs[i].out.p, want->p, want->len) == 0);
        free(jobs[i].out.p);
    }
    CHECK(ref[0].rc == 0 && ref[1].rc == 0 && ref[0].out.len != ref[1].out.len);
    free(ref[0].out.p);
    free(ref[1].out.p);
    np_engine_free(engines[0]);
    np_engine_free(engines[1]);
}

int main(void)
{
    np_engine *e = np_engine_new(NULL);
    CHECK(e != NULL);
    if (!e)
        return unit_done("api");
    test_version();
    test_buffer(e);
    test_ways(e);
    test_refusing_writer(e);
    test_writer_refusing_later(e);
    test_lang(e);
    test_pdfa(e);
    test_fixed_time(e);
    test_null_renders(e);
    test_zero_sizes(e);
    test_null_others(e);
    np_engine_free(e);
    test_allocator();
    test_threads();
    return unit_done("api");
}
