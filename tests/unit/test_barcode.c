/*
 * test_barcode.c - Code 39 patterns against the published table, the
 * symbol width measured on UN first pages, and job numbers.
 */
#include <string.h>

#include "typesetting/barcode.h"
#include "unit.h"

#define EPS 1e-9
#define ALPHABET "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%"

/* Rebuilds the element string (bar, space, bar, ...) of character `c` of
 * the symbol from its bars: 'n' for narrow, 'w' for wide. */
static void elements(const np_bar *bars, int c, double narrow, char out[10])
{
    const np_bar *b = bars + 5 * c;
    for (int k = 0; k < 5; k++) {
        out[2 * k] = b[k].width > 1.5 * narrow ? 'w' : 'n';
        if (k < 4) {
            double space = b[k + 1].x - (b[k].x + b[k].width);
            out[2 * k + 1] = space > 1.5 * narrow ? 'w' : 'n';
        }
    }
    out[9] = '\0';
}

/* The elements of `ch` as drawn between the start and stop characters;
 * character 0 is the start '*'. */
static const char *pattern(char ch, int c, char out[10])
{
    char text[2] = { ch, '\0' };
    np_bar bars[15];
    if (np_code39(text, 1.0, 3.0, bars, 15, NULL) != 15)
        return "(refused)";
    elements(bars, c, 1.0, out);
    return out;
}

/* The published Code 39 table (ISO/IEC 16388), bar first. */
static void published_patterns(void)
{
    char buf[10];
    CHECK_STR(pattern('1', 0, buf), "nwnnwnwnn");       /* '*' start */
    CHECK_STR(pattern('1', 2, buf), "nwnnwnwnn");       /* '*' stop */
    CHECK_STR(pattern('1', 1, buf), "wnnwnnnnw");
    CHECK_STR(pattern('0', 1, buf), "nnnwwnwnn");
    CHECK_STR(pattern('7', 1, buf), "nnnwnnwnw");
    CHECK_STR(pattern('A', 1, buf), "wnnnnwnnw");
    CHECK_STR(pattern('M', 1, buf), "wnwnnnnwn");
    CHECK_STR(pattern('Z', 1, buf), "nwwnwnnnn");
    CHECK_STR(pattern('-', 1, buf), "nwnnnnwnw");
    CHECK_STR(pattern('.', 1, buf), "wwnnnnwnn");
    CHECK_STR(pattern(' ', 1, buf), "nwwnnnwnn");
    CHECK_STR(pattern('$', 1, buf), "nwnwnwnnn");
    CHECK_STR(pattern('%', 1, buf), "nnnwnwnwn");
}

/* Every character: 3 wide elements of 9, and no two alike (start/stop
 * included), which is what makes Code 39 self-checking. */
static void table_shape(void)
{
    char seen[sizeof ALPHABET][10];
    size_t n = sizeof ALPHABET - 1;
    int ok = 1;

    pattern('0', 0, seen[n]);                           /* '*' */
    for (size_t i = 0; i < n; i++) {
        int wide = 0;
        pattern(ALPHABET[i], 1, seen[i]);
        for (int e = 0; e < 9; e++)
            wide += seen[i][e] == 'w';
        ok &= wide == 3;
        for (size_t j = 0; j < i; j++)
            ok &= strcmp(seen[i], seen[j]) != 0;
        ok &= strcmp(seen[i], seen[n]) != 0;
    }
    CHECK(ok);
}

/* "*1058736*": 9 characters of 6 narrow + 3 wide elements, 8 narrow
 * gaps. The real New York pages measured 45 bars over 100.75 pt at 288 dpi
 * (0.25 pt pixels) with narrow 0.70 and wide 2.11. */
static void job_symbol(void)
{
    np_bar bars[45];
    double w = 0;

    CHECK(np_code39("1058736", 0.70, 3.0, bars, 45, &w) == 45);
    CHECK_NEAR(w, 9 * (6 + 3 * 3.0) * 0.70 + 8 * 0.70, EPS);   /* 100.1 */
    CHECK_NEAR(bars[0].x, 0, EPS);
    CHECK_NEAR(bars[44].x + bars[44].width, w, EPS);
    /* gap between the start '*' and '1': one narrow element */
    CHECK_NEAR(bars[5].x - (bars[4].x + bars[4].width), 0.70, EPS);
    CHECK(np_code39("1058736", 0.70, 2.11 / 0.70, bars, 45, &w) == 45);
    CHECK(w > 100.0 && w < 101.0);
    CHECK_NEAR(bars[1].width, 0.70, EPS);               /* '*': n w n n w */
    CHECK_NEAR(bars[2].width, 2.11, EPS);
}

static void counts_and_refusals(void)
{
    np_bar bars[4];
    double w = -1;

    CHECK(np_code39("2102065", 0.70, 3.0, NULL, 0, &w) == 45);
    CHECK_NEAR(w, 100.1, EPS);
    CHECK(np_code39("2102065", 0.70, 3.0, bars, 4, NULL) == 45);
    /* the first 4 bars of '*' end after its elements n w n n w n w */
    CHECK_NEAR(bars[3].x + bars[3].width, 4 * 0.70 + 3 * 2.10, EPS);
    CHECK(np_code39("", 1.0, 2.0, NULL, 0, NULL) == 10);
    CHECK(np_code39("abc", 0.70, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39("12*34", 0.70, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39("12_34", 0.70, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39("\xc3\xa9", 0.70, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39(NULL, 0.70, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39("12", 0.0, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39("12", -1.0, 3.0, NULL, 0, NULL) == -1);
    CHECK(np_code39("12", 0.70, 1.0, NULL, 0, NULL) == -1);
}

static void job_digits(void)
{
    char out[16], small[7];

    CHECK(np_job_digits("V.10-58736", out, sizeof out) == 7);
    CHECK_STR(out, "1058736");
    CHECK(np_job_digits("21-02065", out, sizeof out) == 7);
    CHECK_STR(out, "2102065");
    CHECK(np_job_digits("GE.19-13879", out, sizeof out) == 7);
    CHECK_STR(out, "1913879");
    CHECK(np_job_digits("V10-58736", out, sizeof out) == 7);
    CHECK_STR(out, "1058736");
    CHECK(np_job_digits("21-02065 (E)", out, sizeof out) == 7);
    CHECK_STR(out, "2102065");
    CHECK(np_job_digits("ABC", out, sizeof out) == -1);
    CHECK_STR(out, "");
    CHECK(np_job_digits("", out, sizeof out) == -1);
    CHECK(np_job_digits("V.", out, sizeof out) == -1);
    CHECK(np_job_digits("21-02O65", out, sizeof out) == -1);
    CHECK_STR(out, "");
    CHECK(np_job_digits(NULL, out, sizeof out) == -1);
    /* 7 digits need 8 bytes */
    CHECK(np_job_digits("21-02065", small, sizeof small) == -1);
    CHECK_STR(small, "");
    CHECK(np_job_digits("21-02065", small, 0) == -1);
    CHECK(np_job_digits("21-02065", NULL, 8) == -1);
    CHECK(np_job_digits("21-0206", small, sizeof small) == 6);
    CHECK_STR(small, "210206");
}

int main(void)
{
    published_patterns();
    table_shape();
    job_symbol();
    counts_and_refusals();
    job_digits();
    return unit_done("barcode");
}
