/*
 * options.h - the options of every command of notepress, parsed by one
 * table (options.c): each option has one spelling, one way of taking
 * its value, one message when it is wrong, and the same meaning for
 * each command that takes it. `notepress COMMAND --help` prints the
 * command's part of the table.
 */
#ifndef NP_CLI_OPTIONS_H
#define NP_CLI_OPTIONS_H

#include <stdbool.h>

#include "notepress.h"

typedef enum cli_command {
    CLI_RENDER, CLI_CHECK, CLI_WATCH, CLI_BATCH, CLI_COMMANDS
} cli_command;

typedef struct cli_options {
    cli_command command;
    /* how a document is laid out (np_render_options) */
    const char *layout, *lang;
    np_linebreak_mode linebreak;
    bool pdfa, dump, stats;
    bool untagged;
    np_limits limits;           /* 0: the library's default */
    long long fixed_time;       /* SOURCE_DATE_EPOCH, or -1 */
    /* -o: a file (render, watch), a directory (batch); NULL: beside
     * each input */
    const char *output;
    /* batch */
    long threads;               /* 0: one per processor */
    const char *shard;          /* "K/N", "auto" or NULL */
    long shards;                /* --shards N, 0 when not given */
    bool force, fail_fast;
    bool quiet;                 /* batch: messages only, no progress */
    const char *json;
    const char *depfile;        /* render: a make-style dependency file */
    /* watch */
    bool once;
    /* the operands, in order: argv's own strings */
    const char **inputs;
    int input_count;
} cli_options;

/* Parses argv[2..argc) (argv[1] is the command) into *o, which it
 * clears first; options and operands may come in any order, and after
 * "--" every argument is an operand. For the commands that write
 * (render, watch, batch) SOURCE_DATE_EPOCH is read too. Returns true
 * when the command is to run; false when it is done, with *status its
 * exit status: 0 after --help, 2 after a usage error (the message and
 * the command's usage printed on standard error). Release *o with
 * cli_options_free in both cases. */
bool cli_parse(cli_command command, int argc, char **argv, cli_options *o,
               int *status);

void cli_options_free(cli_options *o);

/* *r as every command renders: np_render_options_init, then what the
 * options give (layout, lang, linebreak, format, pdfa, limits,
 * fixed_time), diagnostics printed on standard error and the render
 * cancelled by SIGINT and SIGTERM. *r keeps pointers into *o. */
void cli_render_options(const cli_options *o, np_render_options *r);

/* The output of `input` when -o is not given: the input with .xml
 * replaced by .pdf (.dump with --dump). malloc'd; NULL when out of
 * memory. */
char *cli_default_output(const cli_options *o, const char *input);

/* A usage error found after parsing: "notepress: COMMAND: MESSAGE" and
 * the command's usage on standard error. Returns 2. */
int cli_usage_error(cli_command command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A whole decimal number (an option's value, a variable of the
 * environment): true and *out set, or false. */
bool cli_parse_long(const char *s, long *out);

/* The name of a command ("render"), and its one-line synopsis. */
const char *cli_command_name(cli_command command);
const char *cli_synopsis(cli_command command);

#endif
