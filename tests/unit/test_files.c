/*
 * test_files.c - the files of a render through the public API: which
 * outputs np_pdf_is_ours recognises as whole PDFs of this version, and
 * what np_render_file refuses to replace (the description, the layout
 * it reads) or writes in place (a FIFO, which it gives up when
 * cancelled while nobody reads it). tests/faults.sh does the same
 * through the command.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "notepress.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

#define SAMPLE NP_DATADIR "/samples/e-cn.7-2011-12.xml"

static char dir[64];

static const char *in_dir(const char *name)
{
    static char path[4][128];
    static int next;
    char *p = path[next++ % 4];
    snprintf(p, sizeof path[0], "%s/%s", dir, name);
    return p;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *p = malloc(1 << 20);
    *len = p ? fread(p, 1, 1 << 20, f) : 0;
    fclose(f);
    return p;
}

static void spill(const char *path, const char *p, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(p, 1, len, f);
        fclose(f);
    }
}

/* A PDF of ours, cut short, with another version in its /Creator, with
 * a title long enough to push everything else far from the start. */
static void test_is_ours(np_engine *e, int pdfa)
{
    np_render_options o;
    np_render_options_init(&o);
    o.pdfa = pdfa;
    const char *pdf = in_dir("ours.pdf");
    CHECK(np_render_file(e, SAMPLE, pdf, &o) == 0);
    CHECK(np_pdf_is_ours(pdf) == 1);
    size_t len;
    char *p = slurp(pdf, &len);
    CHECK(p && len > 2000);
    if (!p)
        return;
    spill(in_dir("cut.pdf"), p, len / 2);
    CHECK(np_pdf_is_ours(in_dir("cut.pdf")) == 0);
    spill(in_dir("cut.pdf"), p, len - 3);     /* "%%E" */
    CHECK(np_pdf_is_ours(in_dir("cut.pdf")) == 0);
    /* "notepress 0.1.0" with its last digit changed: another version */
    char *v = strstr(p, "/Creator <FEFF");
    CHECK(v != NULL);
    if (v) {
        char *end = strchr(v, '>');
        end[-1] = end[-1] == '9' ? '8' : '9';
        spill(in_dir("other.pdf"), p, len);
        CHECK(np_pdf_is_ours(in_dir("other.pdf")) == 0);
    }
    free(p);
    CHECK(np_pdf_is_ours(in_dir("none.pdf")) == 0);
    CHECK(np_pdf_is_ours("/dev/null") == 0);
    CHECK(np_pdf_is_ours(dir) == 0);
    CHECK(np_pdf_is_ours(SAMPLE) == 0);
}

static void test_long_title(np_engine *e)
{
    size_t n = 20000;          /* 4 000 words; the Info title is 80 kB of hex */
    char *doc = malloc(n + 1000);
    int at = snprintf(doc, 1000, "<?xml version=\"1.0\"?><document lang=\"en\"><meta>"
                      "<symbol>A/1</symbol></meta><title>");
    for (size_t i = 0; i < n / 5; i++)
        memcpy(doc + at + 5 * i, "word ", 5);
    strcpy(doc + at + n, "</title><body><p>Text.</p></body></document>");
    void *pdf;
    size_t len;
    CHECK(np_render_to_buffer(e, "long-title.xml", doc, strlen(doc), NULL, &pdf, &len) == 0);
    spill(in_dir("title.pdf"), pdf, len);
    CHECK(np_pdf_is_ours(in_dir("title.pdf")) == 1);
    np_buffer_free(e, pdf);
    free(doc);
}

static void keep_message(void *ud, const np_diagnostic *d)
{
    np_format_diagnostic(d, ud, 512);
}

static bool same_bytes(const char *a, const char *b)
{
    size_t la, lb;
    char *pa = slurp(a, &la), *pb = slurp(b, &lb);
    bool same = pa && pb && la == lb && memcmp(pa, pb, la) == 0;
    free(pa);
    free(pb);
    return same;
}

/* The description and the layout as outputs: refused, left as they
 * were, whichever name leads to them. */
static void test_output_is_input(np_engine *e)
{
    char msg[512] = "", want[512];
    np_render_options o;
    np_render_options_init(&o);
    o.diag = keep_message;
    o.diag_ud = msg;
    size_t len;
    char *sample = slurp(SAMPLE, &len);
    spill(in_dir("desc.xml"), sample, len);
    CHECK(link(in_dir("desc.xml"), in_dir("hard.pdf")) == 0);
    CHECK(np_render_file(e, in_dir("desc.xml"), in_dir("hard.pdf"), &o) == 1);
    snprintf(want, sizeof want, "notepress: error: refusing to write %s: it is "
             "the same file as %s, which this render reads", in_dir("hard.pdf"),
             in_dir("desc.xml"));
    CHECK_STR(msg, want);
    CHECK(same_bytes(SAMPLE, in_dir("desc.xml")));
    char *layout = slurp(NP_DATADIR "/layouts/un-a4.xml", &len);
    spill(in_dir("layout.xml"), layout, len);
    o.layout = in_dir("layout.xml");
    CHECK(np_render_file(e, SAMPLE, in_dir("layout.xml"), &o) == 1);
    CHECK(strstr(msg, "which this render reads") != NULL);
    CHECK(same_bytes(NP_DATADIR "/layouts/un-a4.xml", in_dir("layout.xml")));
    free(sample);
    free(layout);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cancel_after(void *ud)
{
    return now() >= *(double *)ud;
}

/* A FIFO nobody reads: the render waits for a reader, and gives up
 * within half a second of being cancelled; the FIFO stays a FIFO. */
static void test_fifo_cancelled(np_engine *e)
{
    CHECK(mkfifo(in_dir("fifo"), 0600) == 0);
    np_render_options o;
    np_render_options_init(&o);
    double stop_at = now() + 0.5;
    o.cancel = cancel_after;
    o.cancel_ud = &stop_at;
    CHECK(np_render_file(e, SAMPLE, in_dir("fifo"), &o) == NP_CANCELLED);
    double late = now() - stop_at;
    CHECK(late < 0.5 * unit_time_factor());
    struct stat st;
    CHECK(stat(in_dir("fifo"), &st) == 0 && S_ISFIFO(st.st_mode));
}

int main(void)
{
    snprintf(dir, sizeof dir, "%s/np-files.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    np_engine *e = np_engine_new(NULL);
    test_is_ours(e, 0);
    test_is_ours(e, 1);
    test_long_title(e);
    test_output_is_input(e);
    test_fifo_cancelled(e);
    np_engine_free(e);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "files: could not remove %s\n", dir);
    return unit_done("files");
}
