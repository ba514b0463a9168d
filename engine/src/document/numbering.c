/*
 * numbering.c - number labels: decimal, alphabetic, roman.
 *
 * Writes the bare label into a caller's buffer, never past its end. It
 * does not add the parentheses or points around labels, nor keep
 * counters: the caller knows which paragraph is the nth.
 */
#include <string.h>

#include "document/numbering.h"

#define ROMAN_MAX 3999          /* no standard numeral for 4000 */

/* A bounded writer: remembers that something did not fit instead of
 * writing past the end. */
typedef struct sink {
    char *buf;
    size_t len;                 /* size of buf, NUL included */
    size_t used;
    int overflow;
} sink;

static void put(sink *s, char c)
{
    if (s->used + 1 < s->len)
        s->buf[s->used++] = c;
    else
        s->overflow = 1;
}

static void put_str(sink *s, const char *str)
{
    while (*str)
        put(s, *str++);
}

static void put_decimal(sink *s, int n)
{
    char digits[16];
    int k = 0;
    do {
        digits[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n > 0);
    while (k > 0)
        put(s, digits[--k]);
}

/* UN lists go a ... z, aa, bb ... zz, aaa: the letter repeated, not
 * the spreadsheet-style aa, ab. */
static void put_alpha(sink *s, int n, char first)
{
    char letter = (char)(first + (n - 1) % 26);
    int times = (n - 1) / 26 + 1;
    for (int i = 0; i < times && !s->overflow; i++)
        put(s, letter);
}

static void put_roman(sink *s, int n, int upper)
{
    static const int value[] = {
        1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1
    };
    static const char *const lower_sym[] = {
        "m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"
    };
    static const char *const upper_sym[] = {
        "M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"
    };
    const char *const *sym = upper ? upper_sym : lower_sym;

    for (size_t i = 0; i < sizeof value / sizeof value[0]; i++) {
        while (n >= value[i]) {
            put_str(s, sym[i]);
            n -= value[i];
        }
    }
}

static int put_label(sink *s, np_numstyle style, int n)
{
    switch (style) {
    case NP_NUM_DECIMAL:
        put_decimal(s, n);
        return 0;
    case NP_NUM_ALPHA_LOWER:
    case NP_NUM_ALPHA_UPPER:
        put_alpha(s, n, style == NP_NUM_ALPHA_UPPER ? 'A' : 'a');
        return 0;
    case NP_NUM_ROMAN_LOWER:
    case NP_NUM_ROMAN_UPPER:
        if (n > ROMAN_MAX)
            put_decimal(s, n);
        else
            put_roman(s, n, style == NP_NUM_ROMAN_UPPER);
        return 0;
    }
    return -1;
}

int np_format_number(np_numstyle style, int n, char *buf, size_t len)
{
    sink s = { buf, len, 0, 0 };

    if (!buf || len == 0)
        return -1;
    buf[0] = '\0';
    if (n < 1 || put_label(&s, style, n) != 0 || s.overflow) {
        buf[0] = '\0';
        return -1;
    }
    buf[s.used] = '\0';
    return (int)s.used;
}

int np_numstyle_parse(const char *name, np_numstyle *out)
{
    static const struct {
        const char *name;
        np_numstyle style;
    } names[] = {
        { "decimal", NP_NUM_DECIMAL },
        { "alpha", NP_NUM_ALPHA_LOWER },
        { "Alpha", NP_NUM_ALPHA_UPPER },
        { "roman", NP_NUM_ROMAN_LOWER },
        { "Roman", NP_NUM_ROMAN_UPPER },
    };

    if (!name || !out)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].style;
            return 0;
        }
    }
    return -1;
}
