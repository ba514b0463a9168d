/*
 * barcode.c - Code 39 (ISO/IEC 16388) bars for the job number.
 *
 * Turns a job number into its barcode digits and a string into bar
 * positions and widths. It does not draw, add the optional mod 43 check
 * character (UN barcodes have none: "*2102065*") or encode Full ASCII
 * Code 39.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include "typesetting/barcode.h"

#define ELEMENTS 9              /* 5 bars and 4 spaces, alternating */

/* Elements of each character, bar first: n narrow, w wide. */
typedef struct code39_char {
    char ch;
    char pattern[ELEMENTS + 1];
} code39_char;

static const code39_char code39_table[] = {
    { '0', "nnnwwnwnn" }, { '1', "wnnwnnnnw" }, { '2', "nnwwnnnnw" },
    { '3', "wnwwnnnnn" }, { '4', "nnnwwnnnw" }, { '5', "wnnwwnnnn" },
    { '6', "nnwwwnnnn" }, { '7', "nnnwnnwnw" }, { '8', "wnnwnnwnn" },
    { '9', "nnwwnnwnn" }, { 'A', "wnnnnwnnw" }, { 'B', "nnwnnwnnw" },
    { 'C', "wnwnnwnnn" }, { 'D', "nnnnwwnnw" }, { 'E', "wnnnwwnnn" },
    { 'F', "nnwnwwnnn" }, { 'G', "nnnnnwwnw" }, { 'H', "wnnnnwwnn" },
    { 'I', "nnwnnwwnn" }, { 'J', "nnnnwwwnn" }, { 'K', "wnnnnnnww" },
    { 'L', "nnwnnnnww" }, { 'M', "wnwnnnnwn" }, { 'N', "nnnnwnnww" },
    { 'O', "wnnnwnnwn" }, { 'P', "nnwnwnnwn" }, { 'Q', "nnnnnnwww" },
    { 'R', "wnnnnnwwn" }, { 'S', "nnwnnnwwn" }, { 'T', "nnnnwnwwn" },
    { 'U', "wwnnnnnnw" }, { 'V', "nwwnnnnnw" }, { 'W', "wwwnnnnnn" },
    { 'X', "nwnnwnnnw" }, { 'Y', "wwnnwnnnn" }, { 'Z', "nwwnwnnnn" },
    { '-', "nwnnnnwnw" }, { '.', "wwnnnnwnn" }, { ' ', "nwwnnnwnn" },
    { '$', "nwnwnwnnn" }, { '/', "nwnwnnnwn" }, { '+', "nwnnnwnwn" },
    { '%', "nnnwnwnwn" }, { '*', "nwnnwnwnn" },
};

#define TABLE_SIZE (sizeof code39_table / sizeof code39_table[0])

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_alpha(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Length of the duty-station prefix: letters, then an optional point
 * ("GE.", "V.", "V", or nothing in New York). */
static size_t prefix_length(const char *job)
{
    size_t i = 0;
    while (is_alpha(job[i]))
        i++;
    if (i > 0 && job[i] == '.')
        i++;
    return i;
}

int np_job_digits(const char *job, char *out, size_t outlen)
{
    size_t n = 0;

    if (!out || outlen == 0)
        return -1;
    out[0] = '\0';
    if (!job)
        return -1;
    for (const char *p = job + prefix_length(job); *p && *p != ' '; p++) {
        if (*p == '-' || *p == '.')
            continue;
        if (!is_digit(*p) || n + 1 >= outlen || n >= INT_MAX) {
            out[0] = '\0';
            return -1;
        }
        out[n++] = *p;
    }
    out[n] = '\0';
    return n > 0 ? (int)n : -1;
}

/* The pattern of c, or NULL when Code 39 has no such character ('*' is
 * in the table for the start and stop characters only). */
static const char *pattern_of(char c)
{
    for (size_t i = 0; i < TABLE_SIZE; i++)
        if (code39_table[i].ch == c)
            return code39_table[i].pattern;
    return NULL;
}

/* Appends one character's bars from x; returns the x after its last
 * element (the inter-character gap not included). */
static double put_char(const char *pattern, double x, double narrow,
                       double wide, np_bar *bars, int max, int *count)
{
    for (int e = 0; e < ELEMENTS; e++) {
        double w = pattern[e] == 'w' ? wide : narrow;
        if (e % 2 == 0) {
            if (*count < max)
                bars[*count] = (np_bar){ x, w };
            (*count)++;
        }
        x += w;
    }
    return x;
}

static int text_encodable(const char *text, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (text[i] == '*' || !pattern_of(text[i]))
            return 0;
    return 1;
}

int np_code39(const char *text, double narrow, double ratio, np_bar *bars,
              int max, double *total_width)
{
    size_t len = text ? strlen(text) : 0;
    double wide = narrow * ratio, x = 0;
    int count = 0;

    if (!text || !(narrow > 0) || !(ratio > 1) || !isfinite(wide))
        return -1;
    if (len > (size_t)INT_MAX / 5 - 2 || !text_encodable(text, len))
        return -1;
    if (!bars)
        max = 0;
    x = put_char(pattern_of('*'), x, narrow, wide, bars, max, &count);
    for (size_t i = 0; i < len; i++)
        x = put_char(pattern_of(text[i]), x + narrow, narrow, wide, bars,
                     max, &count);
    x = put_char(pattern_of('*'), x + narrow, narrow, wide, bars, max, &count);
    if (total_width)
        *total_width = x;
    return count;
}
