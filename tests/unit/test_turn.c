/*
 * test_turn.c - np_out_ops.turn, the portrait page laid turned on a
 * landscape one (the running heads of a landscape page). Checked as a
 * reader sees the PDF: pdftotext -bbox places a word drawn turned at the
 * portrait place turned (its top edge along the page's right edge, its
 * text reading downwards) and a word drawn after it upright; the font
 * size set inside the turn is not taken for the one after it (Q puts
 * the graphics state back, and the back end's record of it with it); a
 * page ended turned is unturned first and passes qpdf --check. The dump
 * back end says where drawing is turned.
 *
 * Needs qpdf and poppler-utils on PATH and the Liberation Serif files
 * under NP_DATADIR/fonts. Temporary files go to /tmp, named by pid.
 */
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

#define LAND_W 841.89
#define LAND_H 595.28

static int count;
static void record(void *ud, const np_diagnostic *d)
{
    (void)ud;
    (void)d;
    count++;
}

static int text(np_out *out, double size, double x, double y, const char *s)
{
    np_out_text run = { .font = 0, .size = size, .x = x, .y = y, .text = s,
                        .len = strlen(s) };
    return out->ops->text(out->self, &run);
}

/* The box of `word` on page 1 of `pdf`, as pdftotext -bbox gives it. */
static int box_of(const char *pdf, const char *word, double b[4])
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -bbox -f 1 -l 1 %s - | grep '>%s<'", pdf, word);
    FILE *p = popen(cmd, "r");
    char line[512] = "";
    if (!p)
        return -1;
    char *got = fgets(line, sizeof line, p);
    pclose(p);
    return got && sscanf(line, " <word xMin=\"%lf\" yMin=\"%lf\" xMax=\"%lf\" yMax=\"%lf\"",
                         &b[0], &b[1], &b[2], &b[3]) == 4 ? 0 : -1;
}

/* One landscape page: "Upright" 10 pt, "Turned" 20 pt drawn turned at
 * (100, 50) of the portrait page, "Again" 20 pt upright after it, and a
 * last turn the page ends inside. */
static int draw(np_out *out)
{
    const np_out_ops *o = out->ops;
    int r = o->begin_page(out->self, LAND_W, LAND_H);
    r |= text(out, 10, 100, 300, "Upright");
    r |= o->turn(out->self, true);
    r |= text(out, 20, 100, 50, "Turned");
    r |= o->turn(out->self, false);
    r |= text(out, 20, 100, 400, "Again");
    r |= o->turn(out->self, true);
    r |= text(out, 10, 300, 40, "Left");
    r |= o->end_page(out->self);
    return r;
}

static void test_pdf(const np_face *face)
{
    np_diags diags;
    np_diags_init(&diags, record, NULL);
    np_out out;
    CHECK(np_out_pdf_new(&out, NULL, &diags, NULL) == 0);
    const np_face *faces[] = { face };
    np_out_meta meta = { .time = -1, .faces = faces, .font_count = 1 };
    CHECK(out.ops->begin_document(out.self, &meta) == 0);
    CHECK(draw(&out) == 0);
    unit_sink s = { 0 };
    CHECK(out.ops->end_document(out.self, unit_sink_write, &s) == 0);
    out.ops->free(out.self);
    CHECK(count == 0);

    char pdf[64], cmd[128];
    snprintf(pdf, sizeof pdf, "/tmp/np_test_turn_%ld.pdf", (long)getpid());
    FILE *f = fopen(pdf, "wb");
    CHECK(f && fwrite(s.p, 1, s.len, f) == s.len);
    if (f)
        fclose(f);
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", pdf);
    CHECK(system(cmd) == 0);
    double b[4];
    /* turned: x = page width - portrait y, y = portrait x; the 20 pt
     * word runs down from y 100, its baseline at x 841.89 - 50 */
    CHECK(box_of(pdf, "Turned", b) == 0);
    CHECK_NEAR(b[1], 100, 0.5);
    CHECK(b[3] - b[1] > 2 * (b[2] - b[0]));
    CHECK(b[0] < LAND_W - 50 && b[2] > LAND_W - 50);
    /* upright again, and at the size asked (20 pt: a box over 20 tall) */
    CHECK(box_of(pdf, "Again", b) == 0);
    CHECK_NEAR(b[0], 100, 0.5);
    CHECK(b[3] - b[1] > 20 && b[2] - b[0] > b[3] - b[1]);
    CHECK(box_of(pdf, "Upright", b) == 0);
    CHECK(b[3] - b[1] < 12);
    /* drawn turned as the page ended */
    CHECK(box_of(pdf, "Left", b) == 0);
    CHECK_NEAR(b[1], 300, 0.5);
    remove(pdf);
    free(s.p);
}

static void test_dump(void)
{
    np_diags diags;
    np_diags_init(&diags, record, NULL);
    np_out out;
    CHECK(np_out_dump_new(&out, NULL, &diags, NULL) == 0);
    np_out_meta meta = { .time = -1, .font_count = 1 };
    CHECK(out.ops->begin_document(out.self, &meta) == 0);
    CHECK(out.ops->begin_page(out.self, 200, 100) == 0);
    CHECK(out.ops->turn(out.self, true) == 0);
    CHECK(text(&out, 10, 1, 2, "x") == 0);
    CHECK(out.ops->turn(out.self, false) == 0);
    unit_sink s = { 0 };
    CHECK(out.ops->end_document(out.self, unit_sink_write, &s) == 0);
    CHECK(s.p && strstr(s.p, "page 1 200.00x100.00\nturned\n"
                             "text 1.00 2.00 f0 10.00 +0.00 \"x\"\nunturned\n"));
    out.ops->free(out.self);
    free(s.p);
}

int main(void)
{
    char err[256];
    const np_face *face = np_face_load(NP_DATADIR "/fonts/LiberationSerif-Regular.ttf",
                                       NULL, err, sizeof err);
    if (!face) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    test_pdf(face);
    test_dump();
    np_face_free((np_face *)face);
    return unit_done("turn");
}
