/*
 * report.c - the library's diagnostics and figures as the command
 * prints them, and its output on standard output (report.h). The words
 * of a diagnostic are the library's (np_format_diagnostic); under a
 * positioned one, the command shows the source line and a caret under
 * the column, as compilers do. What a command says of its own progress
 * is in that command's file.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

/* A source line longer than this is shown around the column only. */
#define SHOWN 160

/* Line `n` (from 1) of `path` into buf[0..size), without its end;
 * false when the file or the line cannot be read. */
static bool source_line(const char *path, unsigned n, char *buf, size_t size)
{
    FILE *f = path && strcmp(path, "-") != 0 ? fopen(path, "rb") : NULL;
    if (!f)
        return false;
    unsigned at = 1;
    int c;
    size_t len = 0;
    while (at < n && (c = getc(f)) != EOF)
        at += c == '\n';
    while (at == n && (c = getc(f)) != EOF && c != '\n' && c != '\r')
        if (len + 1 < size)
            buf[len++] = (char)c;
    buf[len] = '\0';
    fclose(f);
    return at == n;
}

size_t cli_utf8_char(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (n == 0 || s[0] > 0xF4)
        return 0;
    unsigned long cp = s[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    bool shortest = n == 2 || (n == 3 && cp >= 0x800) || (n == 4 && cp >= 0x10000);
    return shortest && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF) ? n : 0;
}

/* The line as it may be shown on a terminal: each control character
 * (but the tab), C1 control and byte that is not UTF-8 becomes one '?',
 * so that a refused character cannot act on the terminal and the
 * caret still counts one column for it. */
static void printable(const char *in, char *out, size_t size)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t o = 0;
    while (*s && o + 5 < size) {
        size_t n = cli_utf8_char(s);
        bool control = n == 1 ? (*s < 0x20 && *s != '\t') || *s == 0x7F
                       : n == 2 && s[0] == 0xC2 && s[1] < 0xA0;
        if (n == 0 || control) {
            out[o++] = '?';
            s += n ? n : 1;
            continue;
        }
        memcpy(out + o, s, n);
        o += n;
        s += n;
    }
    out[o] = '\0';
}

/* Whether byte c starts a character (is not a UTF-8 continuation). */
static bool starts_char(char c)
{
    return ((unsigned char)c & 0xC0) != 0x80;
}

/* The byte where character `col` (from 1) of s starts. */
static size_t byte_of_column(const char *s, unsigned col)
{
    size_t i = 0;
    for (unsigned seen = 0; s[i]; i++)
        if (starts_char(s[i]) && ++seen == col)
            return i;
    return i;
}

/* The source line of `d` and a caret under its column:
 *     12 |   <subtitel>Sub</subtitel>
 *        |   ^                                                     */
static void print_source(FILE *out, const np_diagnostic *d)
{
    char raw[4096], line[4096];
    if (d->line == 0 || d->severity == NP_NOTE
        || !source_line(d->file, d->line, raw, sizeof raw))
        return;
    printable(raw, line, sizeof line);
    size_t at = d->column ? byte_of_column(line, d->column) : 0, from = 0;
    if (strlen(line) > SHOWN && at > SHOWN / 2) {
        from = at - SHOWN / 2;
        while (from > 0 && !starts_char(line[from]))
            from--;
    }
    size_t end = from + SHOWN < strlen(line) ? from + SHOWN : strlen(line);
    while (end > from && end < strlen(line) && !starts_char(line[end]))
        end--;
    fprintf(out, "%6u | %s%.*s%s\n", d->line, from ? "..." : "",
            (int)(end - from), line + from, end < strlen(line) ? "..." : "");
    if (!d->column)
        return;
    fprintf(out, "       | %s", from ? "   " : "");
    for (size_t i = from; i < at; i++)
        if (starts_char(line[i]))
            putc(line[i] == '\t' ? '\t' : ' ', out);
    fputs("^\n", out);
}

void cli_print_diag(void *ud, const np_diagnostic *d)
{
    char line[1536];
    np_format_diagnostic(d, line, sizeof line);
    fprintf(ud, "%s\n", line);
    print_source(ud, d);
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
