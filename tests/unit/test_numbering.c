/*
 * test_numbering.c - number labels in every style, their limits, and
 * style names from layout files.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "document/numbering.h"
#include "unit.h"

static const char *const alpha_1_30[] = {
    "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
    "n", "o", "p", "q", "r", "s", "t", "u", "v", "w", "x", "y", "z",
    "aa", "bb", "cc", "dd",
};

static const char *const roman_1_30[] = {
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x",
    "xi", "xii", "xiii", "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx",
    "xxi", "xxii", "xxiii", "xxiv", "xxv", "xxvi", "xxvii", "xxviii",
    "xxix", "xxx",
};

/* The label of n in style, or "(refused)". */
static const char *label(np_numstyle style, int n, char *buf, size_t len)
{
    int r = np_format_number(style, n, buf, len);
    if (r < 0)
        return "(refused)";
    return (size_t)r == strlen(buf) ? buf : "(wrong length)";
}

static void upper(const char *in, char *out)
{
    while ((*out++ = (char)toupper((unsigned char)*in++)))
        ;
}

static void one_to_thirty(void)
{
    char buf[32], want[32];
    int ok = 1;

    for (int n = 1; n <= 30; n++) {
        snprintf(want, sizeof want, "%d", n);
        ok &= strcmp(label(NP_NUM_DECIMAL, n, buf, sizeof buf), want) == 0;
        ok &= strcmp(label(NP_NUM_ALPHA_LOWER, n, buf, sizeof buf),
                     alpha_1_30[n - 1]) == 0;
        ok &= strcmp(label(NP_NUM_ROMAN_LOWER, n, buf, sizeof buf),
                     roman_1_30[n - 1]) == 0;
        upper(alpha_1_30[n - 1], want);
        ok &= strcmp(label(NP_NUM_ALPHA_UPPER, n, buf, sizeof buf), want) == 0;
        upper(roman_1_30[n - 1], want);
        ok &= strcmp(label(NP_NUM_ROMAN_UPPER, n, buf, sizeof buf), want) == 0;
    }
    CHECK(ok);
    /* the same, spelled out for a few */
    CHECK_STR(label(NP_NUM_DECIMAL, 4, buf, sizeof buf), "4");
    CHECK_STR(label(NP_NUM_ALPHA_LOWER, 4, buf, sizeof buf), "d");
    CHECK_STR(label(NP_NUM_ALPHA_UPPER, 4, buf, sizeof buf), "D");
    CHECK_STR(label(NP_NUM_ROMAN_LOWER, 4, buf, sizeof buf), "iv");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 4, buf, sizeof buf), "IV");
    CHECK_STR(label(NP_NUM_ROMAN_LOWER, 19, buf, sizeof buf), "xix");
    CHECK_STR(label(NP_NUM_ALPHA_LOWER, 27, buf, sizeof buf), "aa");
    CHECK_STR(label(NP_NUM_ALPHA_UPPER, 30, buf, sizeof buf), "DD");
}

static void beyond_thirty(void)
{
    char buf[32];

    CHECK_STR(label(NP_NUM_ALPHA_LOWER, 52, buf, sizeof buf), "zz");
    CHECK_STR(label(NP_NUM_ALPHA_LOWER, 53, buf, sizeof buf), "aaa");
    CHECK_STR(label(NP_NUM_ALPHA_LOWER, 78, buf, sizeof buf), "zzz");
    CHECK_STR(label(NP_NUM_ALPHA_UPPER, 79, buf, sizeof buf), "AAAA");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 40, buf, sizeof buf), "XL");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 49, buf, sizeof buf), "XLIX");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 90, buf, sizeof buf), "XC");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 400, buf, sizeof buf), "CD");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 900, buf, sizeof buf), "CM");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 1994, buf, sizeof buf), "MCMXCIV");
    CHECK_STR(label(NP_NUM_ROMAN_LOWER, 2024, buf, sizeof buf), "mmxxiv");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 3888, buf, sizeof buf),
              "MMMDCCCLXXXVIII");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 3999, buf, sizeof buf), "MMMCMXCIX");
    CHECK_STR(label(NP_NUM_ROMAN_UPPER, 4000, buf, sizeof buf), "4000");
    CHECK_STR(label(NP_NUM_ROMAN_LOWER, 12345, buf, sizeof buf), "12345");
    CHECK_STR(label(NP_NUM_DECIMAL, INT_MAX, buf, sizeof buf), "2147483647");
    /* INT_MAX letters do not fit in 32 bytes */
    CHECK_STR(label(NP_NUM_ALPHA_LOWER, INT_MAX, buf, sizeof buf), "(refused)");
    CHECK_STR(buf, "");
}

static void refusals(void)
{
    char buf[8] = "x";

    CHECK(np_format_number(NP_NUM_DECIMAL, 0, buf, sizeof buf) == -1);
    CHECK_STR(buf, "");
    CHECK(np_format_number(NP_NUM_ROMAN_LOWER, -3, buf, sizeof buf) == -1);
    CHECK_STR(buf, "");
    CHECK(np_format_number(NP_NUM_ALPHA_LOWER, INT_MIN, buf, sizeof buf) == -1);
    CHECK_STR(buf, "");
    CHECK(np_format_number((np_numstyle)99, 1, buf, sizeof buf) == -1);
    CHECK_STR(buf, "");
    CHECK(np_format_number(NP_NUM_DECIMAL, 1, NULL, 8) == -1);
}

static void small_buffers(void)
{
    char buf[8];

    CHECK(np_format_number(NP_NUM_ROMAN_LOWER, 4, buf, 3) == 2);
    CHECK_STR(buf, "iv");
    CHECK(np_format_number(NP_NUM_ROMAN_LOWER, 4, buf, 2) == -1);
    CHECK_STR(buf, "");
    CHECK(np_format_number(NP_NUM_DECIMAL, 1, buf, 1) == -1);
    CHECK_STR(buf, "");
    buf[0] = 'x';
    CHECK(np_format_number(NP_NUM_DECIMAL, 1, buf, 0) == -1);
    CHECK(buf[0] == 'x');                       /* len 0: not touched */
    CHECK(np_format_number(NP_NUM_ROMAN_UPPER, 3888, buf, sizeof buf) == -1);
    CHECK_STR(buf, "");
    CHECK(np_format_number(NP_NUM_DECIMAL, 1234567, buf, sizeof buf) == 7);
    CHECK_STR(buf, "1234567");
    CHECK(np_format_number(NP_NUM_DECIMAL, 12345678, buf, sizeof buf) == -1);
    CHECK_STR(buf, "");
}

static void style_names(void)
{
    np_numstyle s = NP_NUM_DECIMAL;

    CHECK(np_numstyle_parse("alpha", &s) == 0 && s == NP_NUM_ALPHA_LOWER);
    CHECK(np_numstyle_parse("Alpha", &s) == 0 && s == NP_NUM_ALPHA_UPPER);
    CHECK(np_numstyle_parse("roman", &s) == 0 && s == NP_NUM_ROMAN_LOWER);
    CHECK(np_numstyle_parse("Roman", &s) == 0 && s == NP_NUM_ROMAN_UPPER);
    CHECK(np_numstyle_parse("decimal", &s) == 0 && s == NP_NUM_DECIMAL);
    s = NP_NUM_ROMAN_UPPER;
    CHECK(np_numstyle_parse("ROMAN", &s) == -1 && s == NP_NUM_ROMAN_UPPER);
    CHECK(np_numstyle_parse("Decimal", &s) == -1);
    CHECK(np_numstyle_parse("roman ", &s) == -1);
    CHECK(np_numstyle_parse("", &s) == -1);
    CHECK(np_numstyle_parse(NULL, &s) == -1);
    CHECK(np_numstyle_parse("alpha", NULL) == -1);
}

int main(void)
{
    one_to_thirty();
    beyond_thirty();
    refusals();
    small_buffers();
    style_names();
    return unit_done("numbering");
}
