/*
 * decimal.c - fixed-point numbers written without printf (decimal.h).
 *
 * Text content streams are mostly numbers; formatting them through
 * snprintf was a tenth of a long document's instructions. This writes
 * the digits of one rounded integer instead. It knows nothing of PDF
 * operators: out_pdf_draw.c decides the places of each.
 */
#include <math.h>

#include "ground/decimal.h"

static const long long unit_of[] = { 1, 10, 100, 1000, 10000, 100000,
                                     1000000 };

/* The digits of `n`, most significant first; returns their count. */
static size_t put_digits(char *out, unsigned long long n)
{
    char rev[20];
    size_t k = 0;
    do {
        rev[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    for (size_t i = 0; i < k; i++)
        out[i] = rev[k - 1 - i];
    return k;
}

size_t np_decimal(char *out, double v, int places)
{
    if (places < 0)
        places = 0;
    if (places > 6)
        places = 6;
    unsigned long long unit = (unsigned long long)unit_of[places];
    long long n = llround(v * (double)unit);
    unsigned long long a = n < 0 ? 0ULL - (unsigned long long)n
                                 : (unsigned long long)n;
    size_t len = 0;
    if (n < 0)
        out[len++] = '-';
    len += put_digits(out + len, a / unit);
    unsigned long long frac = a % unit;
    if (frac == 0)
        return len;
    int shown = places;
    while (frac % 10 == 0) {            /* no trailing zeros */
        frac /= 10;
        shown--;
    }
    out[len++] = '.';
    for (int i = shown - 1; i >= 0; i--, frac /= 10)
        out[len + (size_t)i] = (char)('0' + frac % 10);
    return len + (size_t)shown;
}

size_t np_integer(char *out, long long n)
{
    if (n >= 0)
        return put_digits(out, (unsigned long long)n);
    out[0] = '-';
    return 1 + put_digits(out + 1, 0ULL - (unsigned long long)n);
}

size_t np_hex(char *out, unsigned long v, int digits)
{
    static const char digit[] = "0123456789ABCDEF";
    for (int i = digits - 1; i >= 0; i--, v >>= 4)
        out[i] = digit[v & 15];
    return (size_t)digits;
}
