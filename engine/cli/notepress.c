/*
 * notepress.c - the command: a thin layer over the public API.
 *
 *   notepress render IN.xml [-o OUT.pdf] [--layout NAME] [--dump]
 *                   [--linebreak=optimal|greedy] [--stats] [--pdfa]
 *                   [--lang CODE]
 *   notepress check IN.xml...
 *
 * Exit status: 0 success, 1 a document was refused, 2 usage error.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "source_date.h"
#include "watch.h"
#include "notepress.h"

static const char usage_text[] =
"usage: notepress render IN.xml [-o OUT.pdf] [options]\n"
"       notepress check IN.xml...\n"
"       notepress batch [-j N] [-o OUTDIR] [options] INPUT...\n"
"       notepress watch IN.xml [-o OUT.pdf] [--layout NAME]\n"
"       notepress --help | --version\n";

static const char help_text[] =
"notepress lays out document descriptions (XML) into PDF notes in the\n"
"house style of United Nations parliamentary documents.\n"
"\n"
"Commands:\n"
"  render IN.xml      write the PDF (by default IN.pdf beside the input)\n"
"  check IN.xml...    check descriptions without writing anything\n"
"  batch INPUT...     render many descriptions in parallel, skipping those\n"
"                     up to date (see notepress batch --help)\n"
"  schema layout      print the RELAX NG schema of layout files (for XML\n"
"                     editors and xmllint)\n"
"  watch IN.xml       render, then render again whenever the description or\n"
"                     a layout, language or font file it uses changes; the\n"
"                     last good PDF stays when a change breaks it\n"
"\n"
"Options of render:\n"
"  -o, --output FILE  where to write; \"-\" writes to standard output. A\n"
"                     FIFO or device (/dev/stdout) is written in place; a\n"
"                     file the render reads (the description, the layout)\n"
"                     is refused\n"
"  --layout NAME      a layout of layouts/ (un-a4) or the path of a layout\n"
"                     file; overrides the document's layout attribute\n"
"  --linebreak=MODE   optimal (total-fit, the default) or greedy (first-fit)\n"
"  --dump             write a text dump of pages, lines and rules instead\n"
"                     of a PDF (for tests and debugging)\n"
"  --stats            print typesetting figures on standard error\n"
"  --pdfa             write PDF/A-1b, for archives (needs an sRGB ICC\n"
"                     profile: Debian package libgs-common)\n"
"  --lang CODE        render with the labels, dates and hyphenation of\n"
"                     language CODE (en, fr, es) instead of the document's\n"
"  --limit NAME=N     raise or lower a limit on the description (also for\n"
"                     check): input (bytes, 16 MiB), depth (2500, at most\n"
"                     5000), text (bytes of one run, 1 MiB), elements\n"
"                     (200000), notes (10000), cells (of one table,\n"
"                     100000), list-depth (1000), pages (5000, at most\n"
"                     32767)\n"
"\n"
"Messages read FILE:LINE:COLUMN: error: TEXT. A refused document writes\n"
"no output and leaves any file already at the output path untouched.\n"
"Exit status: 0 success, 1 a document was refused, 2 usage error,\n"
"130 or 143 interrupted by SIGINT or SIGTERM (nothing written).\n"
"\n"
"Environment:\n"
"  NOTEPRESS_LAYOUTS  colon-separated directories searched for layouts\n"
"                     and languages (lang/CODE.xml) before the built-in ones\n"
"  NOTEPRESS_FONTS    colon-separated directories searched for fonts\n"
"  NOTEPRESS_DATADIR  the data directory (layouts/, fonts/) instead of the\n"
"                     one the library was built or installed with\n"
"  NOTEPRESS_ICC_PROFILE  the sRGB ICC profile of --pdfa, instead of\n"
"                     /usr/share/color/icc/ghostscript/srgb.icc\n"
"  SOURCE_DATE_EPOCH  creation date written into the PDF (seconds); without\n"
"                     it the PDF carries no date and is reproducible; a\n"
"                     value other than 0 to 253402300799 (the end of the\n"
"                     year 9999) is an error (exit status 2)\n";

typedef struct args {
    const char *input, *output, *layout;
    np_linebreak_mode linebreak;
    bool dump, stats;
    np_limits limits;
    bool pdfa;
    const char *lang;
    long long fixed_time;       /* SOURCE_DATE_EPOCH, or -1 */
} args;

/* ---- interruption ------------------------------------------------ */

/* SIGINT and SIGTERM only set this flag; the library polls it between
 * the stages of a render and then stops, and np_render_file removes its
 * temporary file, so that an interrupted run leaves no partial PDF and
 * the previous one intact. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    interrupted = sig;
}

static int poll_interrupted(void *ud)
{
    (void)ud;
    return interrupted != 0;
}

static void catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* Past a file-size limit (ulimit -f), a write then fails with EFBIG
     * and is reported, instead of the signal killing the process with
     * its temporary file left behind. */
    signal(SIGXFSZ, SIG_IGN);
}

static int interrupted_status(void)
{
    fprintf(stderr, "notepress: error: interrupted by %s: nothing was written\n",
            interrupted == SIGINT ? "SIGINT" : "SIGTERM");
    return 128 + interrupted;
}

/* ---- limits ------------------------------------------------------ */

static int usage_error(const char *fmt, const char *what);

static const struct {
    const char *name;
    size_t offset;
    bool is_size;               /* size_t, else unsigned */
} limit_names[] = {
    { "input", offsetof(np_limits, input_bytes), true },
    { "depth", offsetof(np_limits, depth), false },
    { "text", offsetof(np_limits, text_bytes), true },
    { "elements", offsetof(np_limits, elements), false },
    { "notes", offsetof(np_limits, notes), false },
    { "cells", offsetof(np_limits, table_cells), false },
    { "list-depth", offsetof(np_limits, list_depth), false },
    { "pages", offsetof(np_limits, pages), false },
};

/* "NAME=N" into the field NAME of `l`; 0 or an error message. */
static const char *set_limit(np_limits *l, const char *s)
{
    const char *eq = strchr(s, '=');
    if (!eq)
        return "--limit needs NAME=N";
    char *end;
    errno = 0;
    unsigned long long v = strtoull(eq + 1, &end, 10);
    if (errno || end == eq + 1 || *end || v == 0 || eq[1] == '-')
        return "the value of a limit must be a whole number from 1";
    for (size_t i = 0; i < sizeof limit_names / sizeof limit_names[0]; i++) {
        if (strlen(limit_names[i].name) != (size_t)(eq - s)
            || strncmp(limit_names[i].name, s, (size_t)(eq - s)) != 0)
            continue;
        char *field = (char *)l + limit_names[i].offset;
        if (limit_names[i].is_size && v <= SIZE_MAX)
            *(size_t *)field = (size_t)v;
        else if (!limit_names[i].is_size && v <= UINT_MAX)
            *(unsigned *)field = (unsigned)v;
        else
            return "the value of a limit is too large";
        return NULL;
    }
    return "unknown limit (input, depth, text, elements, notes, cells, list-depth, pages)";
}

/* Reads "--limit NAME=N" or "--limit=NAME=N" at argv[*i]: 1 if it was
 * one (consumed), 0 if not, 2 on a usage error (reported). */
static int limit_option(int argc, char **argv, int *i, np_limits *l)
{
    const char *s = argv[*i], *v;
    if (strncmp(s, "--limit=", 8) == 0)
        v = s + 8;
    else if (strcmp(s, "--limit") == 0 && *i + 1 < argc)
        v = argv[++*i];
    else if (strcmp(s, "--limit") == 0)
        return usage_error("%s needs NAME=N", s);
    else
        return 0;
    const char *err = set_limit(l, v);
    return err ? usage_error("%s", err) : 1;
}

static int usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, "notepress: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n%s", usage_text);
    return 2;
}

static void print_diag(void *ud, const np_diagnostic *d)
{
    char line[1536];
    np_format_diagnostic(d, line, sizeof line);
    fprintf(ud, "%s\n", line);
}

static char *default_output(const char *input, bool dump)
{
    size_t n = strlen(input);
    const char *ext = dump ? ".dump" : ".pdf";
    char *out = malloc(n + 8);
    if (!out)
        return NULL;
    memcpy(out, input, n + 1);
    if (n > 4 && strcmp(out + n - 4, ".xml") == 0)
        out[n - 4] = '\0';
    strcat(out, ext);
    return out;
}

static int parse_render_args(int argc, char **argv, args *a)
{
    for (int i = 2; i < argc; i++) {
        const char *s = argv[i];
        int lim = limit_option(argc, argv, &i, &a->limits);
        if (lim == 2)
            return 2;
        if (lim == 1)
            continue;
        if (strcmp(s, "-o") == 0 || strcmp(s, "--output") == 0) {
            if (++i == argc)
                return usage_error("%s needs a file name", s);
            a->output = argv[i];
        } else if (strcmp(s, "--layout") == 0) {
            if (++i == argc)
                return usage_error("%s needs a layout name", s);
            a->layout = argv[i];
        } else if (strncmp(s, "--layout=", 9) == 0) {
            a->layout = s + 9;
        } else if (strcmp(s, "--linebreak=greedy") == 0) {
            a->linebreak = NP_LINEBREAK_GREEDY;
        } else if (strcmp(s, "--linebreak=optimal") == 0) {
            a->linebreak = NP_LINEBREAK_OPTIMAL;
        } else if (strcmp(s, "--dump") == 0) {
            a->dump = true;
        } else if (strcmp(s, "--stats") == 0) {
            a->stats = true;
        } else if (strcmp(s, "--pdfa") == 0) {
            a->pdfa = true;
        } else if (strcmp(s, "--lang") == 0) {
            if (++i == argc)
                return usage_error("%s needs a language code", s);
            a->lang = argv[i];
        } else if (strncmp(s, "--lang=", 7) == 0) {
            a->lang = s + 7;
        } else if (s[0] == '-' && s[1]) {
            return usage_error("unknown option %s", s);
        } else if (a->input) {
            return usage_error("render takes one input, not also %s", s);
        } else {
            a->input = s;
        }
    }
    if (!a->input)
        return usage_error("%s", "render needs an input file");
    return 0;
}

static int write_stdout(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

static void print_stats(const np_stats *s)
{
    fprintf(stderr, "pages: %d\nlines: %d\nhyphenated-lines: %d\n"
            "max-consecutive-hyphens: %d\nmean-adjustment: %.3f\n"
            "max-adjustment: %.3f\nloose-lines: %d\nloose-lines-2: %d\n"
            "loose-lines-3: %d\noverfull-lines: %d\n"
            "widows: %d\norphans: %d\nseconds: %.4f\nlinebreak-seconds: %.4f\n",
            s->pages, s->lines, s->hyphenated_lines, s->max_consecutive_hyphens,
            s->mean_adjustment, s->max_adjustment, s->loose_lines,
            s->loose_lines_2, s->loose_lines_3,
            s->overfull_lines, s->widows, s->orphans, s->seconds,
            s->linebreak_seconds);
}

static int render_one(np_engine *e, const args *a)
{
    np_render_options o;
    np_render_options_init(&o);
    np_stats stats;
    np_stats_init(&stats);
    o.layout = a->layout;
    o.linebreak = a->linebreak;
    o.format = a->dump ? NP_OUTPUT_DUMP : NP_OUTPUT_PDF;
    o.fixed_time = a->fixed_time;
    o.diag = print_diag;
    o.diag_ud = stderr;
    o.stats = a->stats ? &stats : NULL;
    o.limits = &a->limits;
    o.pdfa = a->pdfa;
    o.lang = a->lang;
    o.cancel = poll_interrupted;
    int rc;
    if (a->output && strcmp(a->output, "-") == 0) {
        /* The back end writes only once the document is complete, so a
         * refused one writes nothing; the file is read under the limits. */
        rc = np_render_file_write(e, a->input, &o, write_stdout, NULL);
    } else {
        char *out = a->output ? NULL : default_output(a->input, a->dump);
        rc = np_render_file(e, a->input, a->output ? a->output : out, &o);
        free(out);
    }
    if (rc == 0 && a->stats)
        print_stats(&stats);
    if (rc == NP_CANCELLED)
        return interrupted_status();
    return rc == 0 ? 0 : 1;
}

static int cmd_render(int argc, char **argv)
{
    args a = { 0 };
    np_limits_init(&a.limits);
    int rc = parse_render_args(argc, argv, &a);
    if (rc == 0)
        rc = np_cli_source_date(&a.fixed_time);
    if (rc)
        return rc;
    np_engine *e = np_engine_new(NULL);
    if (!e) {
        fprintf(stderr, "notepress: error: cannot start the engine\n");
        return 1;
    }
    rc = render_one(e, &a);
    np_engine_free(e);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    if (argc < 3)
        return usage_error("%s", "check needs at least one input file");
    np_limits limits;
    np_limits_init(&limits);
    int files = 0;
    for (int i = 2; i < argc; i++) {
        int lim = limit_option(argc, argv, &i, &limits);
        if (lim == 2)
            return 2;
        if (lim == 0 && argv[i][0] == '-')
            return usage_error("unknown option %s", argv[i]);
        files += lim == 0;
    }
    if (files == 0)
        return usage_error("%s", "check needs at least one input file");
    np_engine *e = np_engine_new(NULL);
    if (!e) {
        fprintf(stderr, "notepress: error: cannot start the engine\n");
        return 1;
    }
    np_render_options o;
    np_render_options_init(&o);
    o.diag = print_diag;
    o.diag_ud = stderr;
    o.limits = &limits;
    int worst = 0;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--limit") == 0)
            i++;
        else if (strncmp(argv[i], "--limit=", 8) != 0
                 && np_check_file(e, argv[i], &o) != 0)
            worst = 1;
    }
    np_engine_free(e);
    return worst;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage_text, stdout);
        fputs("\n", stdout);
        fputs(help_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("notepress %s\n", NP_VERSION);
        return 0;
    }
    catch_signals();
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(cmd, "batch") == 0)
        return np_cli_batch(argc, argv);
    if (strcmp(cmd, "watch") == 0)
        return np_cli_watch(argc, argv);
    if (strcmp(cmd, "schema") == 0) {
        if (argc != 3 || strcmp(argv[2], "layout") != 0)
            return usage_error("%s", "usage: notepress schema layout");
        return np_write_layout_schema(write_stdout, NULL) == 0 ? 0 : 1;
    }
    return usage_error("unknown command %s", cmd);
}
