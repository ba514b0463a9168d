/*
 * test_reload.c - an engine kept for many renders sees every edit of
 * the files it read, as a service or `notepress watch` needs: one
 * engine renders the same description again after the layout, the
 * language file and a font are each edited in place, and after the
 * layout is broken (refused, with the layout's position) and mended.
 * Each render is compared with what a new engine makes of the same
 * files, so that a cache kept too long cannot pass.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notepress.h"
#include "unit.h"

#ifndef NP_DATADIR
#define NP_DATADIR "."
#endif

static const char note[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<document lang=\"en\">\n"
    "  <meta><symbol>E/2024/1</symbol></meta>\n"
    "  <title>A note</title>\n"
    "  <body><p>Text of the note.</p></body>\n"
    "</document>\n";

typedef struct diag_log {
    char text[4096];
} diag_log;

static void log_diag(void *ud, const np_diagnostic *d)
{
    diag_log *log = ud;
    size_t at = strlen(log->text);
    np_format_diagnostic(d, log->text + at, sizeof log->text - at);
    at = strlen(log->text);
    snprintf(log->text + at, sizeof log->text - at, "\n");
}

static char dir[64];
static char layout_path[128];

static void write_file(const char *name, const char *text, size_t len)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

/* The layout: un-a4 with the body at `left` and the regular face read
 * from the file F.ttf beside it. */
static void write_layout(const char *left)
{
    char text[512];
    int n = snprintf(text, sizeof text,
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<layout name=\"t\" extends=\"un-a4\">\n"
                     "  <body left=\"%s\"/>\n"
                     "  <fonts regular=\"F.ttf\"/>\n"
                     "</layout>\n", left);
    write_file("t.xml", text, (size_t)n);
}

static void copy_file(const char *from, const char *name)
{
    FILE *f = fopen(from, "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    static char bytes[4 << 20];
    size_t len = fread(bytes, 1, sizeof bytes, f);
    fclose(f);
    write_file(name, bytes, len);
}

/* The English language file with `united` for "United Nations". */
static void write_lang(const char *united)
{
    FILE *f = fopen(NP_DATADIR "/layouts/lang/en.xml", "rb");
    CHECK(f != NULL);
    if (!f)
        return;
    static char text[16384], out[17000];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    char *at = strstr(text, ">United Nations<");
    CHECK(at != NULL);
    if (!at)
        return;
    int n = snprintf(out, sizeof out, "%.*s>%s<%s", (int)(at - text), text, united,
                     at + strlen(">United Nations<"));
    write_file("lang/en.xml", out, (size_t)n);
}

/* The dump of `note` rendered by `e` with the test's layout, NUL
 * terminated (free it), or NULL when refused. */
static char *render(np_engine *e, diag_log *log)
{
    np_render_options o;
    np_render_options_init(&o);
    o.layout = layout_path;
    o.format = NP_OUTPUT_DUMP;
    o.diag = log_diag;
    o.diag_ud = log;
    void *out;
    size_t len;
    if (np_render_to_buffer(e, "note.xml", note, strlen(note), &o, &out, &len) != NP_OK)
        return NULL;
    char *text = malloc(len + 1);
    if (text) {
        memcpy(text, out, len);
        text[len] = '\0';
    }
    np_buffer_free(e, out);
    return text;
}

/* Renders with the kept engine `e` and with a new one: the same bytes,
 * returned (free them). */
static char *render_both(np_engine *e)
{
    diag_log log = { "" };
    char *kept = render(e, &log);
    np_engine *fresh = np_engine_new(NULL);
    char *made = render(fresh, &log);
    np_engine_free(fresh);
    CHECK(kept && made && strcmp(kept, made) == 0);
    free(made);
    return kept;
}

static bool has(const char *text, const char *part)
{
    return text && strstr(text, part);
}

/* The x of the dump's line that shows the body's text, or -1: the
 * body's left plus un-a4's tab (23.76 pt), as the paragraph is
 * numbered and its text hangs at the tab. */
static double body_x(const char *dump)
{
    const char *at = dump ? strstr(dump, "\"Text of the note.\"") : NULL;
    if (!at)
        return -1;
    while (at > dump && at[-1] != '\n')
        at--;
    double x;
    return sscanf(at, "text %lf", &x) == 1 ? x : -1;
}

static void test_edits(np_engine *e)
{
    char *first = render_both(e);
    CHECK_NEAR(body_x(first), 114.86 + 23.76, 0.01);
    CHECK(has(first, "\"United Nations\""));

    write_layout("60mm");   /* 170.08 pt */
    char *moved = render_both(e);
    CHECK_NEAR(body_x(moved), 170.08 + 23.76, 0.01);

    write_lang("Vereinte Nationen");
    char *named = render_both(e);
    CHECK(has(named, "\"Vereinte Nationen\""));
    CHECK(!has(named, "\"United Nations\""));

    copy_file(NP_DATADIR "/fonts/LiberationSerif-Bold.ttf", "F.ttf");
    char *bold = render_both(e);
    CHECK(bold && named && strcmp(bold, named) != 0);

    diag_log log = { "" };
    write_layout("sixty");
    CHECK(render(e, &log) == NULL);
    CHECK(has(log.text, "/t.xml:3:") && has(log.text, "sixty"));

    write_layout("50mm");   /* 141.73 pt */
    char *mended = render_both(e);
    CHECK_NEAR(body_x(mended), 141.73 + 23.76, 0.01);
    free(first);
    free(moved);
    free(named);
    free(bold);
    free(mended);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/np-reload.XXXXXX");
    if (!mkdtemp(dir))
        return 2;
    snprintf(layout_path, sizeof layout_path, "%s/t.xml", dir);
    char lang_dir[96];
    snprintf(lang_dir, sizeof lang_dir, "%s/lang", dir);
    if (mkdir(lang_dir, 0700) != 0)
        return 2;
    setenv("NOTEPRESS_LAYOUTS", dir, 1);
    write_layout("114.86pt");
    write_lang("United Nations");
    copy_file(NP_DATADIR "/fonts/LiberationSerif-Regular.ttf", "F.ttf");

    np_engine *e = np_engine_new(NULL);
    CHECK(e != NULL);
    if (e)
        test_edits(e);
    np_engine_free(e);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        unit_failed++;
    return unit_done("test_reload");
}
