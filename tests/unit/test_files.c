/*
 * test_files.c - the files of a render through the public API: which
 * outputs np_pdf_is_ours recognises as whole PDFs of this version.
 */
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
    np_engine_free(e);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "files: could not remove %s\n", dir);
    return unit_done("files");
}
