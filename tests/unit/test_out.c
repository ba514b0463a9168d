/*
 * test_out.c - the two back ends of out.h. The PDF back end is checked
 * through what readers see: qpdf --check, pdftotext (text and no
 * warning), pdftotext -bbox (justified word positions), pdfinfo,
 * pdffonts and the outline in qpdf's JSON; plus byte-identical reruns
 * and its failures (a missing font, a refusing writer, calls out of
 * order). The dump back end is checked against an exact text.
 *
 * Needs qpdf and poppler-utils on PATH and the Liberation Serif files
 * under NP_DATADIR/fonts. Temporary files go to /tmp, named by pid.
 */
#include <math.h>
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

#define FONT(name) NP_DATADIR "/fonts/LiberationSerif-" name ".ttf"
#define NBSP "\xC2\xA0"         /* U+00A0 */
#define NNBSP "\xE2\x80\xAF"    /* U+202F */
#define A4_W 595.28
#define A4_H 841.89
#define JUSTIFY 2.5             /* extra points per space, line B */
#define MAX_WORDS 4096

static const char *const font_paths[] = {
    FONT("Regular"), FONT("Italic"), FONT("Bold"), FONT("BoldItalic"),
};
static const np_face *faces[4];     /* loaded by main from font_paths */

static const char title[] = "Rapport sur l’œuvre « États » de 2011";
static const char subject[] = "E/CN.7/2011/1";
static const char author[] = "Commission des stupéfiants";

static const char french[] =
    "Dans sa résolution 53/6, intitulée «" NBSP "Cœur" NBSP "» l’Organisation"
    NNBSP ";";
/* The same as poppler extracts it: its text output turns every Unicode
 * space, U+00A0 and U+202F included, into a word break and prints an
 * ASCII space (UnicodeIsWhitespace in poppler's UTF.cc). */
static const char french_poppler[] =
    "Dans sa résolution 53/6, intitulée « Cœur » l’Organisation ;";
static const char justified[] =
    "Le Conseil économique et social a décidé de renforcer la coopération";
static const char bad_utf8[] = "Fin\xC3( du \xFFtexte.";

/* ---- helpers --------------------------------------------------------- */

typedef struct diag_log {
    int count;
    char last[512];
} diag_log;

static void record(void *ud, const np_diagnostic *d)
{
    diag_log *log = ud;
    log->count++;
    snprintf(log->last, sizeof log->last, "%s", d->message);
}

/* The file's bytes, terminated; *len (when asked) counts them all,
 * since content streams hold binary strings. */
static char *read_file_len(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unit_sink s = { 0 };
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        unit_sink_write(&s, chunk, n);
    fclose(f);
    if (len)
        *len = s.len;
    return s.p ? s.p : calloc(1, 1);
}

static char *read_file(const char *path)
{
    return read_file_len(path, NULL);
}

static bool write_file(const char *path, const unit_sink *s)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(s->p, 1, s->len, f) == s->len;
    return fclose(f) == 0 && ok;
}

/* Runs `cmd` through the shell and returns its standard output. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        return calloc(1, 1);
    unit_sink s = { 0 };
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        unit_sink_write(&s, chunk, n);
    pclose(p);
    return s.p ? s.p : calloc(1, 1);
}

static const char *find_bytes(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; hay && n <= len && i <= len - n; i++)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static bool contains(const char *hay, size_t len, const char *needle)
{
    return find_bytes(hay, len, needle) != NULL;
}

/* ---- the sample document ------------------------------------------------ */

static int text(np_out *out, int font, double size, double x, double y,
                const char *s, size_t len, double extra)
{
    np_out_text run = { .font = font, .size = size, .x = x, .y = y, .text = s,
                        .len = len, .space_extra = extra };
    return out->ops->text(out->self, &run);
}

/* A 5 x 5 stencil: a frame round a dark centre (the rows 11111, 10001,
 * 10101, 10001, 11111; hex F8 88 A8 88 F8 as a 1-bit image, F 8 8 8 A 8
 * ... four cells a digit in the dump). */
static const unsigned char stencil_cells[25] = {
    1, 1, 1, 1, 1,  1, 0, 0, 0, 1,  1, 0, 1, 0, 1,  1, 0, 0, 0, 1,
    1, 1, 1, 1, 1,
};

static int page_one(np_out *out)
{
    const np_out_ops *o = out->ops;
    void *s = out->self;
    int r = o->begin_page(s, A4_W, A4_H);
    r |= o->bookmark(s, 0, "I. Première partie : États, œuvre", 90);
    r |= text(out, 2, 12, 72, 100, "I. Première partie", 19, 0);
    r |= text(out, 0, 10, 72, 130, french, strlen(french), 0);
    r |= text(out, 0, 10, 72, 150, justified, strlen(justified), 0);
    r |= text(out, 0, 10, 72, 170, justified, strlen(justified), JUSTIFY);
    r |= o->rule(s, 72, 200, 523.28, 200, 0.5);
    r |= o->bookmark(s, 1, "A. Sous-section : l’économie", 220);
    r |= text(out, 1, 10, 72, 230, "https://undocs.org/fr/E/CN.7/2011/1", 35, 0);
    r |= o->link(s, 72, 221, 230, 233, "https://undocs.org/fr/E/CN.7/2011/1");
    for (int i = 0; i < 6; i++)
        r |= o->rect(s, 400 + i * 2.1, 760, i % 2 ? 0.7 : 1.4, 12.75);
    r |= o->stencil(s, stencil_cells, 5, 5, 480, 740, 25, 25);
    r |= o->rule(s, 72, 780, 200, 780, 0.25);
    r |= o->end_page(s);
    return r;
}

static int page_two(np_out *out)
{
    const np_out_ops *o = out->ops;
    void *s = out->self;
    int r = o->begin_page(s, A4_W, A4_H);
    r |= o->bookmark(s, 0, "II. Deuxième partie", 72);
    r |= o->bookmark(s, 1, "A. Détails", 120);
    r |= o->bookmark(s, 2, "1. Précisions", 140);
    r |= o->bookmark(s, 1, "B. Suite", 160);
    r |= text(out, 3, 11, 72, 100, "Fin du texte.", 13, 0);
    r |= text(out, 0, 10, 72, 130, bad_utf8, strlen(bad_utf8), 1);
    r |= o->end_page(s);
    return r;
}

static int draw_sample(np_out *out)
{
    np_out_meta meta = {
        .title = title, .subject = subject, .author = author, .lang = "fr",
        .creator = "notepress " NP_VERSION, .time = 1293937445,
        .faces = faces, .font_count = 4,
    };
    if (out->ops->begin_document(out->self, &meta) != 0)
        return -1;
    return page_one(out) | page_two(out);
}

typedef int (*make_fn)(np_out *, const np_allocator *, np_diags *,
                       const char *);

/* Draws the sample through a new back end into `s`; -1 on any failure. */
static int render(make_fn make, unit_sink *s, diag_log *log)
{
    np_diags diags;
    np_diags_init(&diags, record, log);
    np_out out;
    if (make(&out, NULL, &diags, "sample.pdf") != 0)
        return -1;
    int r = draw_sample(&out);
    if (r == 0)
        r = out.ops->end_document(out.self, unit_sink_write, s);
    out.ops->free(out.self);
    return r;
}

/* ---- PDF checks ------------------------------------------------------ */

static void check_text(const char *pdf, const char *tmp)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>%s.err", pdf, tmp);
    char *got = run(cmd);
    snprintf(cmd, sizeof cmd, "%s.err", tmp);
    char *err = read_file(cmd);
    CHECK(err && err[0] == '\0');
    if (err && err[0])
        fprintf(stderr, "pdftotext said: %s", err);
    CHECK(strstr(got, "I. Première partie") != NULL);
    CHECK(strstr(got, french_poppler) != NULL);
    CHECK(strstr(got, justified) != NULL);
    CHECK(strstr(got, "https://undocs.org/fr/E/CN.7/2011/1") != NULL);
    CHECK(strstr(got, "Fin du texte.") != NULL);
    CHECK(strstr(got, "Fin\xEF\xBF\xBD( du \xEF\xBF\xBDtexte.") != NULL);
    free(got);
    free(err);
    remove(cmd);
}

/* Ghostscript's text output keeps U+00A0 and U+202F as the ToUnicode
 * map gives them: the exact check for the no-break spaces. */
static void check_text_gs(const char *pdf, const char *tmp)
{
    char cmd[512], err[256];
    snprintf(err, sizeof err, "%s.gs.err", tmp);
    snprintf(cmd, sizeof cmd, "gs -q -dNOPAUSE -dBATCH -dSAFER "
             "-sDEVICE=txtwrite -sOutputFile=- %s 2>%s", pdf, err);
    char *got = run(cmd);
    char *said = read_file(err);
    CHECK(said && said[0] == '\0');
    CHECK(strstr(got, french) != NULL);
    CHECK(strstr(got, "I. Première partie") != NULL);
    CHECK(strstr(got, "Fin\xEF\xBF\xBD( du \xEF\xBF\xBDtexte.") != NULL);
    free(got);
    free(said);
    remove(err);
}

typedef struct word {
    double x0, x1;
    char text[64];
} word;

/* The words of `pdftotext -bbox` output, in reading order. */
static int parse_words(const char *html, word *w, int max)
{
    int n = 0;
    for (const char *p = strstr(html, "<word "); p && n < max;
         p = strstr(p + 1, "<word ")) {
        double y0, y1;
        if (sscanf(p, "<word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" "
                   "yMax=\"%lf\">%63[^<]", &w[n].x0, &y0, &w[n].x1, &y1,
                   w[n].text) == 5)
            n++;
    }
    return n;
}

/* Index of the first run of words spelling the justified line from
 * word `from` on, or -1. */
static int count_bytes(const char *hay, size_t len, const char *needle)
{
    int n = 0;
    for (const char *p = find_bytes(hay, len, needle); p;
         p = find_bytes(p + 1, len - (size_t)(p + 1 - hay), needle))
        n++;
    return n;
}

static int find_line(const word *w, int n, int from, int count)
{
    char copy[sizeof justified];
    for (int i = from; i + count <= n; i++) {
        memcpy(copy, justified, sizeof justified);
        int k = 0;
        for (char *t = strtok(copy, " "); t && k < count; t = strtok(NULL, " "))
            if (strcmp(t, w[i + k].text) == 0)
                k++;
            else
                break;
        if (k == count)
            return i;
    }
    return -1;
}

/* Line B is line A with every space JUSTIFY points wider: word k starts
 * k * JUSTIFY further right. */
static void check_positions(const char *pdf, const char *tmp)
{
    char cmd[512], html[256];
    snprintf(html, sizeof html, "%s.html", tmp);
    snprintf(cmd, sizeof cmd, "pdftotext -bbox -enc UTF-8 %s %s", pdf, html);
    CHECK(system(cmd) == 0);
    char *text = read_file(html);
    static word w[MAX_WORDS];
    int n = text ? parse_words(text, w, MAX_WORDS) : 0;
    int count = 1;
    for (const char *c = justified; *c; c++)
        count += *c == ' ';
    int a = find_line(w, n, 0, count);
    int b = a < 0 ? -1 : find_line(w, n, a + count, count);
    CHECK(a >= 0 && b >= 0);
    if (a >= 0 && b >= 0) {
        CHECK_NEAR(w[a].x0, 72, 0.05);
        for (int k = 0; k < count; k++)
            CHECK_NEAR(w[b + k].x0, w[a + k].x0 + k * JUSTIFY, 0.05);
        CHECK_NEAR(w[b + count - 1].x1,
                   w[a + count - 1].x1 + (count - 1) * JUSTIFY, 0.05);
    }
    free(text);
    remove(html);
}

/* Dark pixels in a box (points from the top-left) of page 1 rendered at
 * 72 dpi: ink there means the glyphs made it into the font subsets. */
static long dark_pixels(const char *pdf, int x, int y, int w, int h)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftoppm -r 72 -gray -f 1 -l 1 -x %d -y %d "
             "-W %d -H %d %s", x, y, w, h, pdf);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    int pw, ph, max;
    long dark = 0;
    if (fscanf(p, "P5 %d %d %d", &pw, &ph, &max) == 3 && fgetc(p) != EOF)
        for (int c; (c = fgetc(p)) != EOF;)
            dark += c < 128;
    pclose(p);
    return dark;
}

static void check_ink(const char *pdf)
{
    CHECK(dark_pixels(pdf, 72, 88, 120, 14) > 100);    /* bold heading */
    CHECK(dark_pixels(pdf, 72, 160, 450, 14) > 200);   /* justified line */
    CHECK(dark_pixels(pdf, 72, 221, 150, 12) > 100);   /* italic link */
    CHECK(dark_pixels(pdf, 300, 88, 200, 14) == 0);    /* blank paper */
}

/* The value of a "Key:   value" line of pdfinfo. */
static bool info_is(const char *info, const char *key, const char *want)
{
    const char *p = strstr(info, key);
    if (!p)
        return false;
    p += strlen(key);
    while (*p == ' ')
        p++;
    size_t n = strlen(want);
    return strncmp(p, want, n) == 0 && p[n] == '\n';
}

static void check_info(const char *pdf)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdfinfo -enc UTF-8 %s 2>&1", pdf);
    char *info = run(cmd);
    CHECK(info_is(info, "Title:", title));
    CHECK(info_is(info, "Subject:", subject));
    CHECK(info_is(info, "Author:", author));
    CHECK(info_is(info, "Creator:", "notepress " NP_VERSION));
    CHECK(info_is(info, "Pages:", "2"));
    free(info);
    snprintf(cmd, sizeof cmd, "pdffonts %s 2>&1", pdf);
    char *fonts = run(cmd);
    /* lines saying: CID TrueType, an encoding of its own (the short
     * codes of pdf_font.c), embedded, subset, ToUnicode */
    int embedded = 0;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n"))
        embedded += strstr(line, "CID TrueType") && strstr(line, "Custom")
                    && strstr(line, " yes yes yes ");
    CHECK(embedded == 4);
    free(fonts);
}

static void check_outline(const char *pdf)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "qpdf --json --json-key=outlines %s", pdf);
    char *json = run(cmd);
    const char *one = strstr(json, "\"I. Première partie : États, œuvre\"");
    const char *sub = strstr(json, "\"A. Sous-section : l’économie\"");
    const char *two = strstr(json, "\"II. Deuxième partie\"");
    const char *deep = strstr(json, "\"1. Précisions\"");
    CHECK(one && sub && two && deep);
    /* qpdf lists kids before the title: the sub-entries come first */
    CHECK(sub && one && sub < one);
    CHECK(deep && two && deep < two);
    free(json);
}

/* Facts read from the file's bytes, some after qpdf uncompressed it. */
static void check_bytes(const unit_sink *s, const char *pdf, const char *tmp)
{
    /* no /ID (qpdf writes one of its own: the bytes as they are) */
    CHECK(!contains(s->p, s->len, "/ID"));
    /* the Info dictionary stays in the clear (pdf_mark.c reads it) */
    CHECK(contains(s->p, s->len, "D:20110102030405+00'00'"));
    char cmd[512], qdf[256];
    snprintf(qdf, sizeof qdf, "%s.qdf", tmp);
    snprintf(cmd, sizeof cmd, "qpdf --qdf --object-streams=disable %s %s",
             pdf, qdf);
    CHECK(system(cmd) == 0);
    size_t len = 0;
    char *text = read_file_len(qdf, &len);
    CHECK(contains(text, len, "/Lang (fr)"));
    CHECK(contains(text, len, "/F 4"));
    CHECK(contains(text, len, "/Subtype /CIDFontType2"));
    CHECK(contains(text, len, "/CIDToGIDMap"));
    CHECK(contains(text, len, "/FontFile2"));
    CHECK(contains(text, len, "/Length1"));
    /* the stencil: an image mask of one bit a cell, set bits painting */
    CHECK(contains(text, len, "/ImageMask true"));
    CHECK(contains(text, len, "\xF8\x88\xA8\x88\xF8"));
    CHECK(contains(text, len, "beginbfchar"));
    /* cidranges in the one /Encoding the fonts share, none in a
     * ToUnicode map */
    CHECK(count_bytes(text, len, "begincidrange") == 1);
    CHECK(count_bytes(text, len, "/CMapName /Notepress-Short-H def") == 1);
    CHECK(contains(text, len, "<00> <EF>\n<F000> <FEFF>\n<FF0000> <FFFFFF>\n"));
    /* CIDs are given in order of first use; the ToUnicode map gives the
     * characters back. */
    CHECK(contains(text, len, "> <0153>\n"));
    CHECK(contains(text, len, "/Border [\n    0\n    0\n    0\n  ]"));
    CHECK(contains(text, len, "/XYZ"));
    CHECK(contains(text, len, "> <00A0>\n"));
    CHECK(contains(text, len, "> <202F>\n"));

    const char *root = find_bytes(text, len, "/Type /Outlines");
    CHECK(root && !find_bytes(root + 1, len - (size_t)(root + 1 - text),
                              "/Type /Outlines"));
    /* a space widened by 250 thousandths between two strings (qpdf
     * writes them in hex) */
    CHECK(contains(text, len, ">-250<"));
    free(text);
    remove(qdf);
}

static void test_pdf(void)
{
    char tmp[128], pdf[160], cmd[256];
    snprintf(tmp, sizeof tmp, "/tmp/np_test_out_%ld", (long)getpid());
    snprintf(pdf, sizeof pdf, "%s.pdf", tmp);
    unit_sink one = { 0 }, two = { 0 };
    diag_log log = { 0 };
    CHECK(render(np_out_pdf_new, &one, &log) == 0);
    CHECK(render(np_out_pdf_new, &two, &log) == 0);
    CHECK(log.count == 0);
    CHECK(one.len > 0 && one.len == two.len
          && memcmp(one.p, two.p, one.len) == 0);
    CHECK(write_file(pdf, &one));
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", pdf);
    CHECK(system(cmd) == 0);
    check_text(pdf, tmp);
    check_text_gs(pdf, tmp);
    check_positions(pdf, tmp);
    check_ink(pdf);
    check_info(pdf);
    check_outline(pdf);
    check_bytes(&one, pdf, tmp);
    if (!getenv("NP_KEEP_PDF"))
        remove(pdf);
    free(one.p);
    free(two.p);
}

/* ---- failures -------------------------------------------------------- */

/* A slot with no face (a script the document never shows) is no
 * fault; a run drawn in it is: one diagnostic, and every later call
 * fails quietly. */
static void test_missing_font(void)
{
    diag_log log = { 0 };
    np_diags diags;
    np_diags_init(&diags, record, &log);
    np_out out;
    CHECK(np_out_pdf_new(&out, NULL, &diags, "bad.pdf") == 0);
    const np_face *two[] = { faces[0], NULL };
    np_out_meta meta = { .title = "x", .time = -1, .faces = two,
                         .font_count = 2 };
    const np_out_ops *o = out.ops;
    CHECK(o->begin_document(out.self, &meta) == 0);
    CHECK(o->begin_page(out.self, A4_W, A4_H) == 0);
    CHECK(text(&out, 0, 10, 72, 72, "abc", 3, 0) == 0);
    CHECK(log.count == 0);
    CHECK(text(&out, 1, 10, 72, 84, "abc", 3, 0) == -1);
    CHECK(log.count == 1);
    CHECK(strstr(log.last, "bad font") != NULL);
    CHECK(o->end_page(out.self) == -1);
    unit_sink s = { 0 };
    CHECK(o->end_document(out.self, unit_sink_write, &s) == -1);
    CHECK(s.len == 0);
    CHECK(log.count == 1);
    CHECK(diags.count[NP_ERROR] == 1);
    o->free(out.self);
}

static void test_refused_write(make_fn make)
{
    diag_log log = { 0 };
    unit_sink s = { .refuse = true };
    CHECK(render(make, &s, &log) == -1);
    CHECK(log.count == 1);
    CHECK(strstr(log.last, "cannot write") != NULL);
}

/* A back end begun on a document of one font, its messages in `log`. */
static void begin_one_font(make_fn make, np_out *out, np_diags *diags,
                           diag_log *log)
{
    np_diags_init(diags, record, log);
    CHECK(make(out, NULL, diags, NULL) == 0);
    np_out_meta meta = { .time = -1, .faces = faces, .font_count = 1 };
    CHECK(out->ops->begin_document(out->self, &meta) == 0);
}

/* Drawing outside a page is a layout bug: reported, then -1. */
static void test_misuse(make_fn make)
{
    diag_log log = { 0 };
    np_diags diags;
    np_out out;
    begin_one_font(make, &out, &diags, &log);
    CHECK(out.ops->rule(out.self, 0, 0, 10, 10, 1) == -1);
    CHECK(log.count == 1 && strstr(log.last, "outside a page") != NULL);
    CHECK(out.ops->stencil(out.self, stencil_cells, 5, 5, 0, 0, 5, 5) == -1);
    CHECK(out.ops->begin_page(out.self, A4_W, A4_H) == -1);
    CHECK(log.count == 1);
    out.ops->free(out.self);
}

/* A stencil of no cells, or of more than a back end takes, is a layout
 * bug: reported, then -1. */
static void test_bad_stencil(make_fn make)
{
    diag_log log = { 0 };
    np_diags diags;
    np_out out;
    begin_one_font(make, &out, &diags, &log);
    CHECK(out.ops->begin_page(out.self, A4_W, A4_H) == 0);
    CHECK(out.ops->stencil(out.self, stencil_cells, 0, 5, 10, 10, 5, 5) == -1);
    CHECK(log.count == 1);
    out.ops->free(out.self);
}

/* Empty document, no metadata, a font shared by two indexes. */
static void test_minimal_pdf(void)
{
    diag_log log = { 0 };
    np_diags diags;
    np_diags_init(&diags, record, &log);
    np_out out;
    CHECK(np_out_pdf_new(&out, NULL, &diags, NULL) == 0);
    const np_face *same[] = { faces[0], faces[0] };
    np_out_meta meta = { .time = -1, .faces = same, .font_count = 2 };
    CHECK(out.ops->begin_document(out.self, &meta) == 0);
    CHECK(out.ops->begin_page(out.self, 200, 100) == 0);
    CHECK(text(&out, 0, 10, 10, 20, "ab", 2, 0) == 0);
    CHECK(text(&out, 1, 10, 10, 40, "bc", 2, 0) == 0);
    unit_sink s = { 0 };
    CHECK(out.ops->end_document(out.self, unit_sink_write, &s) == 0);
    CHECK(log.count == 0);
    CHECK(s.len > 0 && !contains(s.p, s.len, "/CreationDate"));
    CHECK(s.len > 0 && !contains(s.p, s.len, "/Lang"));
    out.ops->free(out.self);
    free(s.p);
}

/* What a PDF holds: a page's links are one array of at most 32 767
 * entries, a link's target a string of at most 65 535 bytes; past
 * either, a message of ours, not an error number of the PDF library. */
static void test_pdf_limits(void)
{
    diag_log log = { 0 };
    np_diags diags;
    np_diags_init(&diags, record, &log);
    np_out out;
    CHECK(np_out_pdf_new(&out, NULL, &diags, NULL) == 0);
    np_out_meta meta = { .time = -1, .faces = faces, .font_count = 1 };
    CHECK(out.ops->begin_document(out.self, &meta) == 0);
    CHECK(out.ops->begin_page(out.self, 200, 100) == 0);
    int rc = 0;
    for (int i = 0; i < 32767 && rc == 0; i++)
        rc = out.ops->link(out.self, 1, 1, 2, 2, "https://un.org/");
    CHECK(rc == 0 && log.count == 0);
    CHECK(out.ops->link(out.self, 1, 1, 2, 2, "https://un.org/") == -1);
    CHECK(log.count == 1 && strstr(log.last, "more than 32767 links on one page") != NULL);
    out.ops->free(out.self);

    char *uri = malloc(70000);
    CHECK(uri != NULL && np_out_pdf_new(&out, NULL, &diags, NULL) == 0);
    if (uri) {
        memset(uri, 'a', 69999);
        memcpy(uri, "https://", 8);
        uri[69999] = '\0';
        CHECK(out.ops->begin_document(out.self, &meta) == 0);
        CHECK(out.ops->begin_page(out.self, 200, 100) == 0);
        CHECK(out.ops->link(out.self, 1, 1, 2, 2, uri) == -1);
        CHECK(log.count == 2 && strstr(log.last, "longer than a PDF holds") != NULL);
    }
    out.ops->free(out.self);
    free(uri);
}

/* ---- dump ------------------------------------------------------------ */

static const char expected_dump[] =
    "document title \"Rapport sur l’œuvre « États » de 2011\" "
    "subject \"E/CN.7/2011/1\" author \"Commission des stupéfiants\" "
    "lang \"fr\" fonts 4\n"
    "page 1 595.28x841.89\n"
    "bookmark 0 \"I. Première partie : États, œuvre\" y 90.00\n"
    "text 72.00 100.00 f2 12.00 +0.00 \"I. Première partie\"\n"
    "text 72.00 130.00 f0 10.00 +0.00 \"" "Dans sa résolution 53/6, "
    "intitulée «" NBSP "Cœur" NBSP "» l’Organisation" NNBSP ";\"\n"
    "text 72.00 150.00 f0 10.00 +0.00 \"Le Conseil économique et social "
    "a décidé de renforcer la coopération\"\n"
    "text 72.00 170.00 f0 10.00 +2.50 \"Le Conseil économique et social "
    "a décidé de renforcer la coopération\"\n"
    "rule 72.00 200.00 523.28 200.00 w0.50\n"
    "bookmark 1 \"A. Sous-section : l’économie\" y 220.00\n"
    "text 72.00 230.00 f1 10.00 +0.00 \"https://undocs.org/fr/E/CN.7/2011/1\"\n"
    "link 72.00 221.00 230.00 233.00 \"https://undocs.org/fr/E/CN.7/2011/1\"\n"
    "rect 400.00 760.00 1.40 12.75\n"
    "rect 402.10 760.00 0.70 12.75\n"
    "rect 404.20 760.00 1.40 12.75\n"
    "rect 406.30 760.00 0.70 12.75\n"
    "rect 408.40 760.00 1.40 12.75\n"
    "rect 410.50 760.00 0.70 12.75\n"
    "stencil 480.00 740.00 25.00 25.00 5x5 F8 88 A8 88 F8\n"
    "rule 72.00 780.00 200.00 780.00 w0.25\n"
    "end page\n"
    "page 2 595.28x841.89\n"
    "bookmark 0 \"II. Deuxième partie\" y 72.00\n"
    "bookmark 1 \"A. Détails\" y 120.00\n"
    "bookmark 2 \"1. Précisions\" y 140.00\n"
    "bookmark 1 \"B. Suite\" y 160.00\n"
    "text 72.00 100.00 f3 11.00 +0.00 \"Fin du texte.\"\n"
    "text 72.00 130.00 f0 10.00 +1.00 \"Fin\xC3( du \xFFtexte.\"\n"
    "end page\n";

static void test_dump(void)
{
    unit_sink s = { 0 };
    diag_log log = { 0 };
    CHECK(render(np_out_dump_new, &s, &log) == 0);
    CHECK(log.count == 0);
    CHECK_STR(s.p, expected_dump);
    free(s.p);

    /* escapes and signs */
    np_diags diags;
    np_diags_init(&diags, record, &log);
    np_out out;
    CHECK(np_out_dump_new(&out, NULL, &diags, NULL) == 0);
    np_out_meta meta = { .time = -1, .font_count = 1 };
    CHECK(out.ops->begin_document(out.self, &meta) == 0);
    CHECK(out.ops->begin_page(out.self, 100, 50.006) == 0);
    CHECK(text(&out, 0, 9.5, -1.004, 2.346, "a\"b\\c\nd", 7, -0.125) == 0);
    /* set width, kerning (per character: é is one) and colour */
    const int16_t kern[] = { 0, -129, 0, 0 };
    np_out_text wide = { .font = 0, .size = 10, .x = 1, .y = 2, .text = "éAV ",
                         .len = 5, .tracking = 0.32, .scale = 1.029, .kern = kern,
                         .color = 0x0000FF };
    CHECK(out.ops->text(out.self, &wide) == 0);
    unit_sink e = { 0 };
    CHECK(out.ops->end_document(out.self, unit_sink_write, &e) == 0);
    CHECK_STR(e.p, "document title \"\" subject \"\" author \"\" lang \"\" fonts 1\n"
                   "page 1 100.00x50.01\n"
                   "text -1.00 2.35 f0 9.50 -0.13 \"a\\\"b\\\\c\\x0Ad\"\n"
                   "text 1.00 2.00 f0 10.00 +0.00 tc0.32 tz102.90 k1 #0000FF \"éAV \"\n"
                   "end page\n");
    out.ops->free(out.self);
    free(e.p);

    /* a font begin_document did not list */
    int before = log.count;
    CHECK(np_out_dump_new(&out, NULL, &diags, NULL) == 0);
    CHECK(out.ops->begin_document(out.self, &meta) == 0);
    CHECK(out.ops->begin_page(out.self, 100, 100) == 0);
    CHECK(text(&out, 1, 10, 0, 0, "x", 1, 0) == -1);
    CHECK(log.count == before + 1 && strstr(log.last, "font") != NULL);
    out.ops->free(out.self);
}

static int load_faces(void)
{
    for (int i = 0; i < 4; i++) {
        char err[256];
        faces[i] = np_face_load(font_paths[i], NULL, err, sizeof err);
        if (!faces[i]) {
            fprintf(stderr, "%s: %s\n", font_paths[i], err);
            return -1;
        }
    }
    return 0;
}

int main(void)
{
    if (load_faces() < 0)
        return 1;
    test_pdf();
    test_minimal_pdf();
    test_missing_font();
    test_refused_write(np_out_pdf_new);
    test_refused_write(np_out_dump_new);
    test_misuse(np_out_pdf_new);
    test_bad_stencil(np_out_pdf_new);
    test_bad_stencil(np_out_dump_new);
    test_misuse(np_out_dump_new);
    test_pdf_limits();
    test_dump();
    for (int i = 0; i < 4; i++)
        np_face_free((np_face *)faces[i]);
    return unit_done("out");
}
