/*
 * notepress.c - the command: chooses the subcommand and prints the
 * overview. Each subcommand is a file of its own (render.c, check.c,
 * watch.c, batch.c); their options are options.c's, their handling of
 * SIGINT and SIGTERM signals.c's. Uses only the public API.
 *
 * Exit status: 0 success, 1 a document was refused, 2 usage error,
 * 128 + the signal when SIGINT or SIGTERM stopped it.
 */
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "notepress.h"
#include "options.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "watch.h"

static const char help_text[] =
"notepress lays out document descriptions (XML) into PDF notes in the\n"
"house style of United Nations parliamentary documents.\n"
"\n"
"Commands (notepress COMMAND --help lists the options of each):\n"
"  render IN.xml      write the PDF (by default IN.pdf beside the input)\n"
"  check IN.xml...    check descriptions without writing anything\n"
"  batch INPUT...     render many descriptions in parallel, skipping those\n"
"                     up to date\n"
"  watch IN.xml       render, then render again whenever the description or\n"
"                     a layout, language or font file it uses changes; the\n"
"                     last good PDF stays when a change breaks it\n"
"  schema document    print the RELAX NG schema of descriptions, the one\n"
"                     render and check validate against (for XML editors)\n"
"  schema layout      print the RELAX NG schema of layout files (for XML\n"
"                     editors and xmllint)\n"
"Both schemas are installed in PREFIX/share/notepress/schema/.\n"
"\n"
"Languages shipped (lang=\"CODE\" of a description, --lang): en English,\n"
"fr French, es Spanish, ru Russian, zh Chinese, ar Arabic; a file\n"
"lang/CODE.xml in a layout directory adds one.\n"
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
"  NOTEPRESS_HYPHEN   colon-separated directories searched for hyphenation\n"
"                     patterns before /usr/share/hyphen\n"
"  NOTEPRESS_DATADIR  the data directory (layouts/, fonts/) instead of the\n"
"                     one the library was built or installed with\n"
"  NOTEPRESS_ICC_PROFILE  the sRGB ICC profile of --pdfa, instead of\n"
"                     /usr/share/color/icc/ghostscript/srgb.icc\n"
"  SOURCE_DATE_EPOCH  creation date written into the PDF (seconds); without\n"
"                     it the PDF carries no date and is reproducible; a\n"
"                     value other than 0 to 253402300799 (the end of the\n"
"                     year 9999) is an error (exit status 2)\n";

static void print_synopses(FILE *f)
{
    for (int c = 0; c < CLI_COMMANDS; c++)
        fprintf(f, "%s %s\n", c ? "      " : "usage:", cli_synopsis((cli_command)c));
    fprintf(f, "       notepress schema document|layout\n       notepress --help | --version\n");
}

static int usage_error(const char *what, const char *arg)
{
    fprintf(stderr, "notepress: %s%s\n", what, arg);
    print_synopses(stderr);
    return 2;
}

static const char schema_help[] =
"usage: notepress schema document|layout\n"
"\n"
"Prints a RELAX NG schema on standard output, for XML editors (completion\n"
"and checking as one types) and xmllint:\n"
"  document  the schema of descriptions, the one render and check\n"
"            validate against (built into the library)\n"
"  layout    the schema of layout files, made from the loader's own table\n"
"Both are installed in PREFIX/share/notepress/schema/.\n"
"\n"
"Options:\n"
"  -h, --help          print this help and exit\n";

static int schema(int argc, char **argv)
{
    if (argc == 3 && (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
        fputs(schema_help, stdout);
        return 0;
    }
    if (argc == 3 && strcmp(argv[2], "document") == 0)
        return np_write_document_schema(cli_write_stdout, NULL) == 0 ? 0 : 1;
    if (argc == 3 && strcmp(argv[2], "layout") == 0)
        return np_write_layout_schema(cli_write_stdout, NULL) == 0 ? 0 : 1;
    return usage_error("usage: notepress schema document|layout", "");
}

static int (*const run[CLI_COMMANDS])(const cli_options *) = {
    [CLI_RENDER] = np_cli_render,
    [CLI_CHECK] = np_cli_check,
    [CLI_WATCH] = np_cli_watch,
    [CLI_BATCH] = np_cli_batch,
};

/* Parses the options of command c and runs it. */
static int subcommand(cli_command c, int argc, char **argv)
{
    cli_options o;
    int status;
    cli_catch_signals();
    if (cli_parse(c, argc, argv, &o, &status))
        status = run[c](&o);
    cli_options_free(&o);
    return status;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("no command given", "");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        print_synopses(stdout);
        printf("\n%s", help_text);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("notepress %s\n", NP_VERSION);
        return 0;
    }
    for (int c = 0; c < CLI_COMMANDS; c++)
        if (strcmp(cmd, cli_command_name((cli_command)c)) == 0)
            return subcommand((cli_command)c, argc, argv);
    if (strcmp(cmd, "schema") == 0)
        return schema(argc, argv);
    return usage_error("unknown command ", cmd);
}
