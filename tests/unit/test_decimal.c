/*
 * test_decimal.c - np_decimal gives, for values of every size and sign
 * and every count of places, exactly the digits that the content
 * streams had when they were formatted with snprintf (the reference
 * below is that formatter), halves and values that round to zero
 * included; np_integer the digits snprintf gives an integer.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ground/decimal.h"
#include "unit.h"

/* The formatter the PDF back end used before: snprintf of the rounded
 * integer, then trailing zeros and a bare point cut off. */
static void reference(char *s, size_t size, double v, int places)
{
    long long unit = 1;
    for (int i = 0; i < places; i++)
        unit *= 10;
    long long n = llround(v * (double)unit);
    unsigned long long a = n < 0 ? 0ULL - (unsigned long long)n
                                 : (unsigned long long)n;
    int len = snprintf(s, size, "%s%llu.%0*llu", n < 0 ? "-" : "",
                       a / (unsigned long long)unit, places,
                       a % (unsigned long long)unit);
    while (s[len - 1] == '0')
        len--;
    if (s[len - 1] == '.')
        len--;
    s[len] = '\0';
}

static int same_as_reference(double v, int places)
{
    char want[64], got[NP_DECIMAL_MAX + 1];
    reference(want, sizeof want, v, places);
    size_t n = np_decimal(got, v, places);
    got[n] = '\0';
    if (strcmp(got, want) != 0) {
        fprintf(stderr, "np_decimal(%.17g, %d): got %s, want %s\n", v, places,
                got, want);
        return 0;
    }
    return 1;
}

static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* Random values from a millionth to a hundred thousand million, either
 * sign, at every count of places. */
static void random_values(void)
{
    uint64_t x = 88172645463325252ull;
    int equal = 0, n = 300000;
    for (int i = 0; i < n; i++) {
        double mant = (double)(next(&x) >> 11) / 9007199254740992.0;
        int exp10 = (int)(next(&x) % 18) - 6;
        double v = mant * pow(10, exp10) * (next(&x) & 1 ? -1 : 1);
        equal += same_as_reference(v, (int)(next(&x) % 7));
    }
    CHECK(equal == n);
}

/* What a content stream holds: thousandths of points on a page, five
 * places of Tc, colour channels, halves on every place. */
static void chosen_values(void)
{
    static const double values[] = {
        0, -0.0, 1, -1, 0.5, -0.5, 0.0005, -0.0005, 0.00049, -0.00049,
        0.0015, 2.5, 10, 100, 1000, 595.276, 841.89, 72.0001, 0.1, 0.2,
        0.3, 1.0 / 3, 2.0 / 3, 51.0 / 255, 204.0 / 255, 1e11, -1e11,
        123456789.123456, 0.000005, 0.0000049, 999.9995, -999.9995,
    };
    int n = (int)(sizeof values / sizeof *values), equal = 0;
    for (int i = 0; i < n; i++)
        for (int places = 0; places <= 6; places++)
            equal += same_as_reference(values[i], places);
    CHECK(equal == n * 7);
    for (int k = -100000; k <= 100000; k++)     /* every thousandth */
        equal += same_as_reference(k / 1000.0, 3);
    CHECK(equal == n * 7 + 200001);
}

static void written_forms(void)
{
    char s[NP_DECIMAL_MAX + 1];
    s[np_decimal(s, 12.5, 3)] = '\0';
    CHECK_STR(s, "12.5");
    s[np_decimal(s, -0.0001, 3)] = '\0';
    CHECK_STR(s, "0");
    s[np_decimal(s, -0.25, 5)] = '\0';
    CHECK_STR(s, "-0.25");
    s[np_decimal(s, 100, 3)] = '\0';
    CHECK_STR(s, "100");
    s[np_decimal(s, 0.0625, 3)] = '\0';
    CHECK_STR(s, "0.063");
}

/* Integers of every length and either sign, the extremes included. */
static void integers(void)
{
    static const long long values[] = { 0, 1, -1, 9, 10, -10, 8191,
                                        2147483647, -2147483647 - 1,
                                        INT64_MAX, INT64_MIN };
    uint64_t x = 2463534242ull;
    int equal = 0, n = (int)(sizeof values / sizeof *values) + 100000;
    for (int i = 0; i < n; i++) {
        long long v = i < n - 100000 ? values[i]
                                     : (long long)next(&x) >> (next(&x) % 64);
        char want[32], got[NP_DECIMAL_MAX + 1];
        snprintf(want, sizeof want, "%lld", v);
        got[np_integer(got, v)] = '\0';
        equal += strcmp(got, want) == 0;
    }
    CHECK(equal == n);
}

/* Hex digits, upper case, the low bits only, as many as asked. */
static void hex_digits(void)
{
    char out[9] = { 0 };
    CHECK(np_hex(out, 0xAB, 2) == 2 && strcmp(out, "AB") == 0);
    CHECK(np_hex(out, 0x1F, 1) == 1 && out[0] == 'F');
    CHECK(np_hex(out, 0x0A, 4) == 4 && memcmp(out, "000A", 4) == 0);
    CHECK(np_hex(out, 0xDEADBEEF, 8) == 8 && strcmp(out, "DEADBEEF") == 0);
}

int main(void)
{
    hex_digits();
    random_values();
    chosen_values();
    written_forms();
    integers();
    return unit_done("decimal");
}
