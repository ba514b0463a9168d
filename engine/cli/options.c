/*
 * options.c - the options of render, check, watch and batch (options.h),
 * in one table: the spelling of each option, the commands that take it,
 * the setter that checks and stores its value, and its help. Parsing,
 * usage errors and `notepress COMMAND --help` all read the table, so
 * that an option means and says the same wherever it is taken.
 *
 * Spellings: "--name VALUE" and "--name=VALUE"; "-x VALUE" and
 * "-xVALUE" for the few short ones; "--" ends the options; "-" alone is
 * an operand (standard input, for batch).
 *
 * Not done here: what a command does with its options (render.c,
 * check.c, watch.c, batch.c), the shard's numbers (shard.c).
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "report.h"
#include "signals.h"
#include "source_date.h"

#define MAX_THREADS 256
#define HELP_COLUMN 22

/* ---- the commands ------------------------------------------------- */

static const struct command_text {
    const char *name;
    const char *synopsis;
    const char *what;           /* the paragraph of its --help */
} commands[CLI_COMMANDS] = {
    [CLI_RENDER] = { "render", "notepress render IN.xml [-o OUT.pdf] [options]",
"Lays out the description IN.xml into a PDF, by default IN.pdf beside it.\n"
"The PDF is written to a hidden temporary file beside the output and\n"
"renamed over it only when the render succeeded: a refused description\n"
"writes nothing and leaves any file already at the output path untouched.\n" },
    [CLI_CHECK] = { "check", "notepress check [options] IN.xml...",
"Checks descriptions (structure, dates, language, layout, footnote\n"
"references, links) without laying them out or writing anything; every\n"
"message of every description is printed.\n" },
    [CLI_WATCH] = { "watch", "notepress watch IN.xml [-o OUT.pdf] [options]",
"Renders IN.xml, then renders it again whenever it or a file the render\n"
"read (layout, language, fonts, emblem, hyphenation patterns) changes,\n"
"saying how long each render took. A change that breaks the description\n"
"leaves the last good PDF in place. SIGINT (Ctrl-C) or SIGTERM stops it.\n" },
    [CLI_BATCH] = { "batch", "notepress batch [-j N] [-o OUTDIR] [options] INPUT...",
"Renders many descriptions in one process, on N threads, skipping those\n"
"whose PDF is up to date: a whole PDF of this version made with the same\n"
"options, newer than its description and than every file its last render\n"
"read. INPUT is a description, a directory (every *.xml below it), @FILE\n"
"(a list of inputs, one a line; a regular file) or - (the list on\n"
"standard input). A list is at most 64 MiB. Two inputs that would write\n"
"one file stop the batch before anything is rendered (docs/batch.md).\n" },
};

/* ---- the options and their setters ------------------------------- */

typedef struct option option;

/* A setter stores the value of its option, never empty; on a wrong
 * value it writes why into why[0..size) and returns it, else returns
 * NULL. */
typedef const char *setter(cli_options *o, const option *opt, const char *v,
                           char *why, size_t size);

enum {
    R = 1 << CLI_RENDER, C = 1 << CLI_CHECK, W = 1 << CLI_WATCH, B = 1 << CLI_BATCH,
    ALL = R | C | W | B
};
#define NO_FIELD SIZE_MAX

struct option {
    const char *name;           /* "--layout" */
    char letter;                /* 'o' for -o, or 0 */
    const char *value;          /* its value in the help; NULL: a switch */
    unsigned commands;          /* the commands that take it */
    setter *set;                /* options with a value */
    size_t field;               /* see FIELD; NO_FIELD: --help */
    const char *help;           /* lines after the first are indented */
};

/* The field of cli_options an option sets: the bool of a switch, the
 * string of a name. */
#define FIELD(name) offsetof(cli_options, name)

bool cli_parse_long(const char *s, long *out)
{
    if (!s || !*s)
        return false;
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

static const char *refuse(char *why, size_t size, const char *fmt, const char *v)
{
    snprintf(why, size, fmt, v);
    return why;
}

/* Options whose value is a name: stored as given. */
static const char *set_string(cli_options *o, const option *opt, const char *v,
                              char *why, size_t size)
{
    (void)why, (void)size;
    *(const char **)((char *)o + opt->field) = v;
    return NULL;
}

static const char *set_linebreak(cli_options *o, const option *opt, const char *v,
                                  char *why, size_t size)
{
    (void)opt;
    if (strcmp(v, "optimal") == 0)
        o->linebreak = NP_LINEBREAK_OPTIMAL;
    else if (strcmp(v, "greedy") == 0)
        o->linebreak = NP_LINEBREAK_GREEDY;
    else
        return refuse(why, size, "takes optimal or greedy, not \"%s\"", v);
    return NULL;
}

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

/* Stores v in the field of the limit named name[0..n); false when there
 * is no such limit or v does not fit the field. */
static bool store_limit(np_limits *l, const char *name, size_t n,
                        unsigned long long v, bool *fits)
{
    for (size_t i = 0; i < sizeof limit_names / sizeof limit_names[0]; i++) {
        if (strlen(limit_names[i].name) != n || strncmp(limit_names[i].name, name, n))
            continue;
        char *field = (char *)l + limit_names[i].offset;
        *fits = limit_names[i].is_size ? v <= SIZE_MAX : v <= UINT_MAX;
        if (*fits && limit_names[i].is_size)
            *(size_t *)field = (size_t)v;
        else if (*fits)
            *(unsigned *)field = (unsigned)v;
        return true;
    }
    return false;
}

static const char *set_limit(cli_options *o, const option *opt, const char *v,
                              char *why, size_t size)
{
    (void)opt;
    const char *eq = strchr(v, '=');
    if (!eq)
        return refuse(why, size, "takes NAME=N, not \"%s\"", v);
    char *end;
    errno = 0;
    unsigned long long n = strtoull(eq + 1, &end, 10);
    if (errno || end == eq + 1 || *end || n == 0 || eq[1] == '-')
        return refuse(why, size, "takes a whole number from 1 as the value of "
                      "a limit, not \"%s\"", v);
    bool fits = false;
    if (!store_limit(&o->limits, v, (size_t)(eq - v), n, &fits))
        return refuse(why, size, "knows no limit \"%.40s\" (input, depth, "
                      "text, elements, notes, cells, list-depth, pages)", v);
    return fits ? NULL : refuse(why, size, "takes a smaller value: \"%s\" is "
                                "too large", v);
}

static const char *set_threads(cli_options *o, const option *opt, const char *v,
                                char *why, size_t size)
{
    (void)opt;
    if (!cli_parse_long(v, &o->threads) || o->threads < 1 || o->threads > MAX_THREADS)
        return refuse(why, size, "takes a number of threads from 1 to 256, "
                      "not \"%s\"", v);
    return NULL;
}

static const char *set_shards(cli_options *o, const option *opt, const char *v,
                               char *why, size_t size)
{
    (void)opt;
    if (!cli_parse_long(v, &o->shards) || o->shards < 1)
        return refuse(why, size, "takes a positive number, not \"%s\"", v);
    return NULL;
}

/* ---- the table ---------------------------------------------------- */


/* One option may have several rows, one per meaning: -o is a file for
 * render and watch, a directory for batch. */
static const option options[] = {
    { "--output", 'o', "FILE", R, set_string, FIELD(output),
      "where to write; - writes to standard output. A FIFO or\n"
      "device (/dev/stdout) is written in place; a file the\n"
      "render reads (the description, the layout) is refused" },
    { "--output", 'o', "FILE", W, set_string, FIELD(output),
      "where to write (by default IN.pdf beside the input)" },
    { "--output", 'o', "OUTDIR", B, set_string, FIELD(output),
      "write OUTDIR/REL.pdf, REL being the input's path below\n"
      "the directory named (or its path as listed); by default\n"
      "each PDF goes beside its description" },
    { "--layout", 0, "NAME", ALL, set_string, FIELD(layout),
      "a layout of the data directory (un-a4, un-letter) or the\n"
      "path of a layout file; overrides the document's layout" },
    { "--lang", 0, "CODE", ALL, set_string, FIELD(lang),
      "the labels, dates, list markers and hyphenation of\n"
      "language CODE (en, fr, es, ru, zh, ar) instead of the\n"
      "document's" },
    { "--linebreak", 0, "MODE", R | W | B, set_linebreak, NO_FIELD,
      "optimal (total-fit, the default) or greedy (first-fit)" },
    { "--pdfa", 0, NULL, R | W | B, NULL, FIELD(pdfa),
      "write PDF/A-1a (PDF/A-1b with --untagged), for archives\n"
      "(needs an sRGB ICC profile:\n"
      "Debian package libgs-common)" },
    { "--untagged", 0, NULL, R | W | B, NULL, FIELD(untagged),
      "write no structure tree (smaller, but not accessible: see\n"
      "docs/performance.md)" },
    { "--dump", 0, NULL, R | W, NULL, FIELD(dump),
      "write a text dump of pages, lines and rules instead of\n"
      "a PDF (by default IN.dump beside the input)" },
    { "--stats", 0, NULL, R | W, NULL, FIELD(stats),
      "print typesetting figures on standard error after each\n"
      "render" },
    { "--depfile", 0, "FILE", R, set_string, FIELD(depfile),
      "write a make-style dependency file: the output depends\n"
      "on the description and every file the render read\n"
      "(layout, language, fonts, emblem, patterns)" },
    { "--limit", 0, "NAME=N", ALL, set_limit, NO_FIELD,
      "raise or lower a limit on the description (repeatable):\n"
      "input (bytes, 16 MiB), depth (2500, at most 5000), text\n"
      "(bytes of one run, 1 MiB), elements (200000), notes\n"
      "(10000), cells (of one table, 100000), list-depth (1000),\n"
      "pages (5000, at most 32767)" },
    { "--once", 0, NULL, W, NULL, FIELD(once),
      "render once and exit: status 0 when the render succeeded" },
    { "--jobs", 'j', "N", B, set_threads, NO_FIELD,
      "worker threads, 1 to 256 (default: one per processor)" },
    { "--shard", 0, "K/N|auto", B, set_string, FIELD(shard),
      "render only the K-th of N stable parts of the inputs;\n"
      "auto: K and N from SLURM_ARRAY_TASK_ID and _COUNT, or\n"
      "from JOB_COMPLETION_INDEX and --shards N" },
    { "--shards", 0, "N", B, set_shards, NO_FIELD,
      "the number of parts of --shard auto" },
    { "--force", 0, NULL, B, NULL, FIELD(force),
      "render documents whose PDF is up to date too" },
    { "--fail-fast", 0, NULL, B, NULL, FIELD(fail_fast),
      "start no new document after one is refused" },
    { "--json", 0, "FILE", B, set_string, FIELD(json),
      "write a report of every document (- for stdout: then\n"
      "standard output holds only the JSON)" },
    { "--quiet", 'q', NULL, B, NULL, FIELD(quiet),
      "print only the documents' messages: no progress, no\n"
      "summary" },
    { "--help", 'h', NULL, ALL, NULL, NO_FIELD,
      "print this help and exit" },
};

#define OPTION_COUNT (sizeof options / sizeof options[0])

/* ---- help and usage ----------------------------------------------- */

const char *cli_command_name(cli_command command)
{
    return commands[command].name;
}

const char *cli_synopsis(cli_command command)
{
    return commands[command].synopsis;
}

int cli_usage_error(cli_command command, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "notepress: %s: ", commands[command].name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: %s\n(notepress %s --help lists its options)\n",
            commands[command].synopsis, commands[command].name);
    return 2;
}

static void print_option(const option *opt)
{
    char label[64];
    int n = opt->letter
        ? snprintf(label, sizeof label, "  -%c, %s", opt->letter, opt->name)
        : snprintf(label, sizeof label, "      %s", opt->name);
    if (opt->value)
        n += snprintf(label + n, sizeof label - (size_t)n, " %s", opt->value);
    fputs(label, stdout);
    const char *line = opt->help;
    for (int pad = HELP_COLUMN - n; *line; pad = HELP_COLUMN) {
        if (pad < 2) {
            putchar('\n');
            pad = HELP_COLUMN;
        }
        size_t len = strcspn(line, "\n");
        printf("%*s%.*s\n", pad, "", (int)len, line);
        line += len + (line[len] == '\n');
    }
}

static void print_help(cli_command command)
{
    printf("usage: %s\n\n%s\nOptions:\n", commands[command].synopsis,
           commands[command].what);
    for (size_t i = 0; i < OPTION_COUNT; i++)
        if (options[i].commands & (1u << command))
            print_option(&options[i]);
    printf("\nExit status: 0 success, 1 a description was refused, 2 usage\n"
           "error, 130 or 143 stopped by SIGINT or SIGTERM. notepress --help\n"
           "tells the environment variables; man notepress tells all.\n");
}

/* ---- parsing ------------------------------------------------------ */

/* The row of the option `arg` spells for `command`, or NULL; *value
 * points at a value joined to it ("--lang=fr", "-j4") or is NULL;
 * *known tells that some command takes it. */
static const option *find_option(cli_command command, const char *arg,
                                 const char **value, bool *known)
{
    *known = false;
    *value = NULL;
    for (size_t i = 0; i < OPTION_COUNT; i++) {
        const option *opt = &options[i];
        size_t n = strlen(opt->name);
        if (strncmp(arg, opt->name, n) == 0 && (arg[n] == '\0' || arg[n] == '='))
            *value = arg[n] ? arg + n + 1 : NULL;
        else if (opt->letter && arg[0] == '-' && arg[1] == opt->letter)
            *value = arg[2] ? arg + 2 : NULL;
        else
            continue;
        *known = true;
        if (opt->commands & (1u << command))
            return opt;
    }
    return NULL;
}

/* "render, watch and batch": the commands that take an option. */
static void commands_of(const char *arg, char *buf, size_t size)
{
    unsigned mask = 0;
    const char *v;
    bool known;
    for (int c = 0; c < CLI_COMMANDS; c++)
        if (find_option((cli_command)c, arg, &v, &known))
            mask |= 1u << c;
    int left = 0;
    for (int c = 0; c < CLI_COMMANDS; c++)
        left += (mask >> c) & 1;
    buf[0] = '\0';
    for (int c = 0; c < CLI_COMMANDS; c++) {
        if (!(mask & (1u << c)))
            continue;
        left--;
        strncat(buf, commands[c].name, size - strlen(buf) - 1);
        strncat(buf, left > 1 ? ", " : left == 1 ? " and " : "", size - strlen(buf) - 1);
    }
}

/* The option as it was written, without its value: "-j" of "-j4",
 * "--jobs" of "--jobs=4". Messages name it so. */
static const char *spelling(const char *arg, char *buf, size_t size)
{
    snprintf(buf, size, "%.*s", arg[1] == '-' ? (int)strcspn(arg, "=") : 2, arg);
    return buf;
}

static int unknown_option(cli_command command, const char *arg, bool known)
{
    if (!known)
        return cli_usage_error(command, "unknown option %s", arg);
    char which[64], name[32];
    commands_of(arg, which, sizeof which);
    return cli_usage_error(command, "%s is not an option of %s (only of %s)",
                           spelling(arg, name, sizeof name), commands[command].name,
                           which);
}

/* Applies the option at argv[*i], taking its value from the next
 * argument when it is not joined. 0, -1 after --help, or 2. */
static int take_option(cli_command command, int argc, char **argv, int *i,
                       cli_options *o)
{
    const char *arg = argv[*i], *value;
    bool known;
    const option *opt = find_option(command, arg, &value, &known);
    if (!opt)
        return unknown_option(command, arg, known);
    char name[32];
    spelling(arg, name, sizeof name);
    if (!opt->set) {
        if (value)
            return cli_usage_error(command, "%s takes no value", name);
        if (opt->field == NO_FIELD)
            return -1;
        *(bool *)((char *)o + opt->field) = true;
        return 0;
    }
    if (!value && *i + 1 < argc)
        value = argv[++*i];
    if (!value || !*value)
        return cli_usage_error(command, "%s needs a value: %s %s", name, name,
                               opt->value);
    char why[200];
    if (opt->set(o, opt, value, why, sizeof why))
        return cli_usage_error(command, "%s %s", name, why);
    return 0;
}

static int check_operands(cli_command command, const cli_options *o)
{
    bool one = command == CLI_RENDER || command == CLI_WATCH;
    if (o->input_count == 0)
        return cli_usage_error(command, "%s",
                               one ? "needs an input file (IN.xml)" : "needs at least one input");
    if (one && o->input_count > 1)
        return cli_usage_error(command, "takes one input, not also %s", o->inputs[1]);
    return 0;
}

bool cli_parse(cli_command command, int argc, char **argv, cli_options *o,
               int *status)
{
    *o = (cli_options){ .command = command, .fixed_time = -1 };
    np_limits_init(&o->limits);
    o->inputs = malloc((size_t)(argc > 0 ? argc : 1) * sizeof *o->inputs);
    if (!o->inputs) {
        fputs("notepress: error: out of memory\n", stderr);
        *status = 1;
        return false;
    }
    bool operands_only = false;
    int rc = 0;
    for (int i = 2; i < argc && rc == 0; i++) {
        const char *s = argv[i];
        if (operands_only || s[0] != '-' || s[1] == '\0')
            o->inputs[o->input_count++] = s;
        else if (strcmp(s, "--") == 0)
            operands_only = true;
        else
            rc = take_option(command, argc, argv, &i, o);
    }
    if (rc == -1) {
        print_help(command);
        *status = 0;
        return false;
    }
    if (rc == 0)
        rc = check_operands(command, o);
    if (rc == 0 && command != CLI_CHECK)
        rc = np_cli_source_date(&o->fixed_time);
    *status = rc;
    return rc == 0;
}

void cli_options_free(cli_options *o)
{
    free(o->inputs);
    o->inputs = NULL;
}

void cli_render_options(const cli_options *o, np_render_options *r)
{
    np_render_options_init(r);
    r->diag = cli_print_diag;
    r->diag_ud = stderr;
    r->cancel = cli_cancelled;
    r->layout = o->layout;
    r->lang = o->lang;
    r->linebreak = o->linebreak;
    r->format = o->dump ? NP_OUTPUT_DUMP : NP_OUTPUT_PDF;
    r->pdfa = o->pdfa;
    r->untagged = o->untagged;
    r->limits = &o->limits;
    r->fixed_time = o->fixed_time;
}

char *cli_default_output(const cli_options *o, const char *input)
{
    size_t n = strlen(input);
    if (n > 4 && strcmp(input + n - 4, ".xml") == 0)
        n -= 4;
    char *out = malloc(n + 6);
    if (out)
        snprintf(out, n + 6, "%.*s%s", (int)n, input, o->dump ? ".dump" : ".pdf");
    return out;
}
