/*
 * test_engine.c - the parts of the public API that keep a program and
 * the library in step: the version macros against the library's
 * answers, the size fields of the public structs (a struct not
 * initialised, or from a newer header, refused with NP_SIZE_MISMATCH
 * and a message), the engine's diagnostics callback (a render's own
 * callback wins; a schema that does not compile reaches it, and
 * nothing reaches stderr), np_check_memory beside np_check_file, and a
 * path too long to build reported rather than cut.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/engine.h"
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
    "  <body><p>Text.</p></body>\n"
    "</document>\n";

/* No <symbol>: refused at line 3 by the format's rules. */
static const char refused[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<document lang=\"en\">\n"
    "  <meta></meta>\n"
    "  <title>A note</title>\n"
    "  <body><p>Text.</p></body>\n"
    "</document>\n";

/* Every message a callback received, one a line, with its position. */
typedef struct diag_log {
    char text[4096];
    int count[3];
} diag_log;

static void log_diag(void *ud, const np_diagnostic *d)
{
    diag_log *log = ud;
    char line[1024];
    log->count[d->severity]++;
    np_format_diagnostic(d, line, sizeof line);
    size_t at = strlen(log->text);
    snprintf(log->text + at, sizeof log->text - at, "%s\n", line);
}

static int discard(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    (void)bytes;
    (void)len;
    return 0;
}

static int count_writes(void *ud, const void *bytes, size_t len)
{
    (void)bytes;
    (void)len;
    ++*(int *)ud;
    return 0;
}

static np_engine *engine_with_log(diag_log *log)
{
    np_engine_config cfg;
    np_engine_config_init(&cfg);
    cfg.diag = log_diag;
    cfg.diag_ud = log;
    return np_engine_new(&cfg);
}

/* ---- versions ------------------------------------------------------ */

static void test_version(void)
{
    char made[32];
    snprintf(made, sizeof made, "%d.%d.%d", NP_VERSION_MAJOR, NP_VERSION_MINOR,
             NP_VERSION_PATCH);
    CHECK_STR(NP_VERSION, made);
    CHECK_STR(np_version(), NP_VERSION);
    CHECK(np_version_number() == NP_VERSION_NUMBER);
    CHECK(NP_VERSION_NUMBER == NP_VERSION_MAJOR * 10000 + NP_VERSION_MINOR * 100
                               + NP_VERSION_PATCH);
    /* the status values the command's exit statuses rest on */
    CHECK(NP_OK == 0 && NP_REFUSED == 1 && NP_CANCELLED == 2 && NP_FAILED == -1);
}

/* ---- sizes --------------------------------------------------------- */

static void test_init_sizes(void)
{
    np_render_options o;
    np_limits l;
    np_stats s;
    np_engine_config c;
    memset(&o, 0xAB, sizeof o);
    np_render_options_init(&o);
    np_limits_init(&l);
    np_stats_init(&s);
    np_engine_config_init(&c);
    CHECK(o.size == sizeof o && l.size == sizeof l && s.size == sizeof s);
    CHECK(c.size == sizeof c);
    CHECK(o.fixed_time == -1 && o.diag == NULL && o.limits == NULL);
    CHECK(c.data_dir == NULL && c.allocator == NULL && c.diag == NULL);
    np_stats_init(NULL);
    np_engine_config_init(NULL);
}

/* Options never initialised, and options of a newer header: refused
 * with NP_SIZE_MISMATCH, nothing written, and a message naming the
 * struct, through the options' callback when they are large enough to
 * hold one, else the engine's. */
static void test_options_size(np_engine *e, diag_log *engine_log)
{
    np_render_options o;
    diag_log log = { 0 };
    int writes = 0;
    np_render_options_init(&o);
    o.size = 0;
    engine_log->text[0] = '\0';
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, count_writes,
                           &writes) == NP_SIZE_MISMATCH);
    CHECK(writes == 0);
    CHECK(strstr(engine_log->text, "np_render_memory: np_render_options.size is 0")
          != NULL);
    CHECK(strstr(engine_log->text, "np_render_options_init") != NULL);
    np_render_options_init(&o);
    o.size = sizeof o + 8;
    o.diag = log_diag;
    o.diag_ud = &log;
    CHECK(np_check_memory(e, "n.xml", note, sizeof note - 1, &o) == NP_SIZE_MISMATCH);
    CHECK(log.count[NP_ERROR] == 1);
    CHECK(strstr(log.text, "np_check_memory: np_render_options.size is") != NULL);
    void *pdf = (void *)1;
    size_t len = 1;
    CHECK(np_render_to_buffer(e, "n.xml", note, sizeof note - 1, &o, &pdf, &len)
          == NP_SIZE_MISMATCH);
    CHECK(pdf == NULL && len == 0);
}

static void test_limits_and_stats_size(np_engine *e)
{
    diag_log log = { 0 };
    np_render_options o;
    np_render_options_init(&o);
    o.diag = log_diag;
    o.diag_ud = &log;
    np_limits limits = { 0 };   /* fields set, but no np_limits_init */
    limits.pages = 10;
    o.limits = &limits;
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_SIZE_MISMATCH);
    CHECK(strstr(log.text, "np_limits.size is 0") != NULL);
    np_limits_init(&limits);
    limits.pages = 10;
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_OK);

    np_stats stats;
    memset(&stats, 0x5A, sizeof stats);
    stats.size = sizeof stats * 2;
    o.stats = &stats;
    log.text[0] = '\0';
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_SIZE_MISMATCH);
    CHECK(strstr(log.text, "np_stats.size is") != NULL);
    CHECK(stats.pages == 0x5A5A5A5A);   /* untouched */
    np_stats_init(&stats);
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_OK);
    CHECK(stats.size == sizeof stats && stats.pages == 1 && stats.lines >= 2);
    CHECK(stats.seconds > 0);
}

/* Structs of every accepted size are read and written up to their size
 * and no further: the bytes after them stay as they were. */
static void test_accepted_sizes(np_engine *e)
{
    struct {
        np_stats stats;
        unsigned char after[64];
    } s;
    struct {
        np_limits limits;
        unsigned char after[64];
    } l;
    memset(&s, 0x77, sizeof s);
    memset(&l, 0x77, sizeof l);
    np_stats_init(&s.stats);
    np_limits_init(&l.limits);
    l.limits.size = NP_LIMITS_SIZE_FIRST;   /* without its tail padding */
    np_render_options o;
    np_render_options_init(&o);
    o.stats = &s.stats;
    o.limits = &l.limits;
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_OK);
    CHECK(s.stats.pages == 1 && s.stats.size == sizeof s.stats);
    bool untouched = true;
    for (size_t i = 0; i < sizeof s.after; i++)
        untouched &= s.after[i] == 0x77 && l.after[i] == 0x77;
    CHECK(untouched);
    CHECK(NP_LIMITS_SIZE_FIRST <= sizeof(np_limits));
    CHECK(NP_OPTIONS_SIZE_FIRST <= sizeof(np_render_options));
    CHECK(NP_STATS_SIZE_FIRST <= sizeof(np_stats));
    CHECK(NP_CONFIG_SIZE_FIRST <= sizeof(np_engine_config));
}

/* A config never initialised gives no engine, and cannot be trusted to
 * hold a callback; one of a newer header holds one, which is told. */
static void test_config_size(void)
{
    diag_log log = { 0 };
    np_engine_config c;
    np_engine_config_init(&c);
    c.size = 0;
    c.diag = log_diag;
    c.diag_ud = &log;
    CHECK(np_engine_new(&c) == NULL);
    CHECK(log.count[NP_ERROR] == 0);
    c.size = sizeof c + 16;
    CHECK(np_engine_new(&c) == NULL);
    CHECK(log.count[NP_ERROR] == 1);
    CHECK(strstr(log.text, "np_engine_new: np_engine_config.size is") != NULL);
}

/* ---- the engine's callback ----------------------------------------- */

static void test_engine_callback(np_engine *e, diag_log *engine_log)
{
    engine_log->text[0] = '\0';
    CHECK(np_check_memory(e, "bad.xml", refused, sizeof refused - 1, NULL)
          == NP_REFUSED);
    CHECK(strstr(engine_log->text, "bad.xml:3:") != NULL);
    CHECK(strstr(engine_log->text, "<symbol>") != NULL);
    /* a render's own callback wins */
    diag_log own = { 0 };
    np_render_options o;
    np_render_options_init(&o);
    o.diag = log_diag;
    o.diag_ud = &own;
    engine_log->text[0] = '\0';
    CHECK(np_check_memory(e, "bad.xml", refused, sizeof refused - 1, &o)
          == NP_REFUSED);
    CHECK(engine_log->text[0] == '\0' && own.count[NP_ERROR] == 1);
    /* a call refused for its arguments, with no options */
    CHECK(np_render_memory(e, "n", NULL, 10, NULL, discard, NULL) == NP_FAILED);
    CHECK(strstr(engine_log->text, "np_render_memory: the bytes are NULL") != NULL);
}

/* stderr, fd 2, sent to a file for the length of a call. */
typedef struct captured {
    char path[64];
    int saved;
} captured;

static void capture_stderr(captured *c)
{
    snprintf(c->path, sizeof c->path, "/tmp/np_test_engine_%ld.err", (long)getpid());
    fflush(stderr);
    c->saved = dup(2);
    FILE *f = fopen(c->path, "w");
    if (f) {
        dup2(fileno(f), 2);
        fclose(f);
    }
}

/* The bytes written to stderr since capture_stderr. */
static size_t release_stderr(captured *c)
{
    fflush(stderr);
    dup2(c->saved, 2);
    close(c->saved);
    size_t len = 0;
    free(unit_read_file(c->path, &len));
    remove(c->path);
    return len;
}

/* A schema that does not compile, as XML and as RELAX NG: the engine is
 * not made, its callback says why, and libxml2 prints nothing. */
static void test_schema_failure(void)
{
    static const char *const broken[] = {
        "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"><start>",
        "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\">"
        "<start><element name=\"a\"><nonsense/></element></start></grammar>",
    };
    for (size_t i = 0; i < sizeof broken / sizeof *broken; i++) {
        diag_log log = { 0 };
        np_engine_config c;
        np_engine_config_init(&c);
        c.diag = log_diag;
        c.diag_ud = &log;
        captured err;
        capture_stderr(&err);
        np_engine *e = np_engine_new_with_schema(&c, broken[i], strlen(broken[i]));
        size_t printed = release_stderr(&err);
        CHECK(e == NULL);
        CHECK(printed == 0);
        CHECK(log.count[NP_ERROR] >= 1);
        CHECK(strstr(log.text, "the built-in schema does not compile") != NULL);
        if (printed || !log.count[NP_ERROR])
            fprintf(stderr, "schema %zu: %zu bytes on stderr; callback: %s\n", i,
                    printed, log.text);
    }
}

/* ---- np_check_memory ----------------------------------------------- */

typedef struct deps {
    int count;
    bool layout, description;
} deps;

static void note_dep(void *ud, const char *path)
{
    deps *d = ud;
    d->count++;
    d->layout |= strstr(path, "un-a4.xml") != NULL;
    d->description |= strstr(path, "np_test_engine") != NULL;
}

static void test_check_memory(np_engine *e)
{
    diag_log log = { 0 };
    deps d = { 0 };
    np_render_options o;
    np_render_options_init(&o);
    o.diag = log_diag;
    o.diag_ud = &log;
    o.dep = note_dep;
    o.dep_ud = &d;
    CHECK(np_check_memory(e, "note.xml", note, sizeof note - 1, &o) == NP_OK);
    CHECK(log.text[0] == '\0');
    CHECK(d.layout && !d.description);
    CHECK(np_check_memory(e, NULL, refused, sizeof refused - 1, &o) == NP_REFUSED);
    CHECK(strstr(log.text, "(memory):3:") != NULL);
    CHECK(np_check_memory(e, "empty.xml", NULL, 0, &o) == NP_REFUSED);
    CHECK(np_check_memory(e, "n", NULL, 5, &o) == NP_FAILED);
    CHECK(np_check_memory(NULL, "n", note, sizeof note - 1, &o) == NP_FAILED);

    /* the same diagnostics as np_check_file for the same bytes */
    char path[64];
    snprintf(path, sizeof path, "/tmp/np_test_engine_%ld.xml", (long)getpid());
    FILE *f = fopen(path, "w");
    CHECK(f && fwrite(refused, 1, sizeof refused - 1, f) == sizeof refused - 1);
    if (f)
        fclose(f);
    diag_log from_file = { 0 }, from_memory = { 0 };
    o.dep = NULL;
    o.diag_ud = &from_file;
    CHECK(np_check_file(e, path, &o) == NP_REFUSED);
    o.diag_ud = &from_memory;
    CHECK(np_check_memory(e, path, refused, sizeof refused - 1, &o) == NP_REFUSED);
    CHECK_STR(from_memory.text, from_file.text);
    remove(path);
}

/* ---- paths too long ------------------------------------------------ */

/* A directory of NOTEPRESS_LAYOUTS, or a layout name, that makes a path
 * past the longest there can be: the render is refused with a message
 * saying so, where a cut path used to be looked for in silence. */
static void test_path_too_long(void)
{
    np_engine *e = np_engine_new(NULL);    /* nothing cached yet */
    static char dir[5001];
    memset(dir, 'd', sizeof dir - 1);
    dir[0] = '/';
    diag_log log = { 0 };
    np_render_options o;
    np_render_options_init(&o);
    o.diag = log_diag;
    o.diag_ud = &log;
    setenv("NOTEPRESS_LAYOUTS", dir, 1);
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_REFUSED);
    unsetenv("NOTEPRESS_LAYOUTS");
    CHECK(strstr(log.text, "cannot look for \"un-a4.xml\" in /ddd") != NULL);
    CHECK(strstr(log.text, "unknown language") == NULL);
    CHECK(strstr(log.text, "(NOTEPRESS_LAYOUTS): the path would be longer than "
                 "4095 bytes") != NULL);
    CHECK(strstr(log.text, "unknown layout") == NULL);

    log.text[0] = '\0';
    o.layout = dir + 1;         /* a name: NAME.xml in the layout directories */
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_REFUSED);
    CHECK(strstr(log.text, "the path would be longer than 4095 bytes") != NULL);
    log.text[0] = '\0';
    o.layout = dir;             /* a path */
    CHECK(np_render_memory(e, "n.xml", note, sizeof note - 1, &o, discard, NULL)
          == NP_REFUSED);
    CHECK(strstr(log.text, "the path would be longer than 4095 bytes") != NULL);
    np_engine_free(e);
}

int main(void)
{
    diag_log engine_log = { 0 };
    test_version();
    test_init_sizes();
    test_config_size();
    test_schema_failure();
    np_engine *e = engine_with_log(&engine_log);
    CHECK(e != NULL);
    if (!e)
        return unit_done("engine");
    test_options_size(e, &engine_log);
    test_limits_and_stats_size(e);
    test_accepted_sizes(e);
    test_engine_callback(e, &engine_log);
    test_check_memory(e);
    np_engine_free(e);
    test_path_too_long();
    return unit_done("engine");
}
