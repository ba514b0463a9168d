/*
 * report.c - the library's diagnostics and figures as the command
 * prints them, and its output on standard output (report.h). The words of a diagnostic are the library's
 * (np_format_diagnostic); what a command says of its own progress is
 * in that command's file.
 */
#include <stdio.h>

#include "report.h"

void cli_print_diag(void *ud, const np_diagnostic *d)
{
    char line[1536];
    np_format_diagnostic(d, line, sizeof line);
    fprintf(ud, "%s\n", line);
}

void cli_print_stats(const np_stats *s)
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

int cli_write_stdout(void *ud, const void *bytes, size_t len)
{
    (void)ud;
    return fwrite(bytes, 1, len, stdout) == len ? 0 : -1;
}

np_engine *cli_engine_new(void)
{
    np_engine *e = np_engine_new(NULL);
    if (!e)
        fputs("notepress: error: cannot start the engine\n", stderr);
    return e;
}
