/*
 * test_utf8.c - the UTF-8 codec (ground/utf8.c): every class of
 * ill-formed sequence of Unicode's table 3-7 refused by np_utf8_decode
 * and replaced by maximal subpart by np_utf8_next, the boundaries of
 * each length, encoding, validation, stepping back and counting.
 */
#include <stdint.h>

#include "ground/utf8.h"
#include "unit.h"

/* Decodes `s` (its strlen) and checks length and code point. */
static void decodes(const char *s, size_t want_len, uint32_t want_cp)
{
    uint32_t cp = 0;
    size_t n = np_utf8_decode(s, strlen(s), &cp);
    CHECK(n == want_len);
    CHECK(cp == want_cp);
    uint32_t cp2 = 0;
    CHECK(np_utf8_next(s, strlen(s), &cp2) == want_len);
    CHECK(cp2 == want_cp);
    char out[NP_UTF8_MAX];
    CHECK(np_utf8_encode(want_cp, out) == want_len);
    CHECK(memcmp(out, s, want_len) == 0);
}

/* `s` (its first `len` bytes) is refused whole by np_utf8_decode, and
 * np_utf8_next replaces its first `subpart` bytes with U+FFFD. */
static void refused(const char *s, size_t len, size_t subpart)
{
    uint32_t cp = 7;
    CHECK(np_utf8_decode(s, len, &cp) == 0);
    CHECK(cp == 7);
    CHECK(np_utf8_next(s, len, &cp) == subpart);
    CHECK(cp == NP_UTF8_REPLACEMENT);
    CHECK(!np_utf8_valid(s, len));
}

static void test_boundaries(void)
{
    uint32_t cp;
    CHECK(np_utf8_decode("\0", 1, &cp) == 1 && cp == 0);
    decodes("A", 1, 'A');
    decodes("\x7F", 1, 0x7F);
    decodes("\xC2\x80", 2, 0x80);
    decodes("\xDF\xBF", 2, 0x7FF);
    decodes("\xE0\xA0\x80", 3, 0x800);
    decodes("\xED\x9F\xBF", 3, 0xD7FF);
    decodes("\xEE\x80\x80", 3, 0xE000);
    decodes("\xEF\xBF\xBD", 3, 0xFFFD);
    decodes("\xEF\xBF\xBF", 3, 0xFFFF);
    decodes("\xF0\x90\x80\x80", 4, 0x10000);
    decodes("\xF4\x8F\xBF\xBF", 4, 0x10FFFF);
    decodes("\xC3\xA9xyz", 2, 0xE9);           /* stops after one */
}

static void test_malformed(void)
{
    refused("\x80", 1, 1);                      /* stray continuation */
    refused("\xBF", 1, 1);
    refused("\xC0\x80", 2, 1);                  /* overlong 2-byte */
    refused("\xC1\xBF", 2, 1);
    refused("\xE0\x80\x80", 3, 1);              /* overlong 3-byte */
    refused("\xE0\x9F\xBF", 3, 1);
    refused("\xF0\x80\x80\x80", 4, 1);          /* overlong 4-byte */
    refused("\xF0\x8F\xBF\xBF", 4, 1);
    refused("\xED\xA0\x80", 3, 1);              /* surrogates */
    refused("\xED\xBF\xBF", 3, 1);
    refused("\xF4\x90\x80\x80", 4, 1);          /* above U+10FFFF */
    refused("\xF5\x80\x80\x80", 4, 1);
    refused("\xF8\x88\x80\x80\x80", 5, 1);      /* old 5- and 6-byte */
    refused("\xFC\x84\x80\x80\x80\x80", 6, 1);
    refused("\xFE", 1, 1);
    refused("\xFF", 1, 1);
    refused("\xC3", 1, 1);                      /* cut short */
    refused("\xE2\x82", 2, 2);
    refused("\xF0\x9F\x98", 3, 3);
    refused("\xE2\x82" "A", 3, 2);              /* cut by ASCII */
    refused("\xC3\xC3\xA9", 3, 1);              /* cut by a lead */
    uint32_t cp = 9;
    CHECK(np_utf8_decode("", 0, &cp) == 0 && cp == 9);
}

static void test_encode(void)
{
    char out[NP_UTF8_MAX];
    CHECK(np_utf8_encode(0xD800, out) == 0);
    CHECK(np_utf8_encode(0xDFFF, out) == 0);
    CHECK(np_utf8_encode(0x110000, out) == 0);
    CHECK(np_utf8_encode(0xFFFFFFFFu, out) == 0);
    /* Every scalar value goes there and back. */
    int bad = 0;
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;
        uint32_t back = 0;
        size_t n = np_utf8_encode(c, out);
        if (n == 0 || np_utf8_decode(out, n, &back) != n || back != c)
            bad++;
    }
    CHECK(bad == 0);
}

static void test_valid(void)
{
    CHECK(np_utf8_valid("", 0));
    CHECK(np_utf8_valid("plain", 5));
    const char *mixed = "caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80";
    CHECK(np_utf8_valid(mixed, strlen(mixed)));
    CHECK(!np_utf8_valid(mixed, strlen(mixed) - 1));   /* cut at the end */
    CHECK(!np_utf8_valid("ok\xC0\xAFok", 6));
    /* np_utf8_next walks past bad bytes one maximal subpart at a time
     * and never swallows the good character after them. */
    const char *s = "a\xE2\x82" "b\xFF" "c";
    uint32_t cps[8];
    size_t k = 0;
    for (size_t i = 0, len = strlen(s); i < len && k < 8;)
        i += np_utf8_next(s + i, len - i, &cps[k++]);
    CHECK(k == 5);
    CHECK(cps[0] == 'a' && cps[1] == NP_UTF8_REPLACEMENT && cps[2] == 'b'
          && cps[3] == NP_UTF8_REPLACEMENT && cps[4] == 'c');
}

static void test_prev_count(void)
{
    const char *s = "a\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80z";
    size_t len = strlen(s);
    CHECK(np_utf8_prev(s, 0) == 0);
    CHECK(np_utf8_prev(s, 1) == 0);
    CHECK(np_utf8_prev(s, 3) == 1);
    CHECK(np_utf8_prev(s, 6) == 3);
    CHECK(np_utf8_prev(s, 10) == 6);
    CHECK(np_utf8_prev(s, len) == 10);
    /* At most three continuation bytes are stepped over. */
    const char *conts = "\x80\x80\x80\x80\x80\x80";
    CHECK(np_utf8_prev(conts, 6) == 2);
    CHECK(np_utf8_count(s, len) == 5);
    CHECK(np_utf8_count("", 0) == 0);
    CHECK(np_utf8_count("\xC3", 1) == 1);
    CHECK(np_utf8_is_cont(0x80) && np_utf8_is_cont(0xBF));
    CHECK(!np_utf8_is_cont(0x7F) && !np_utf8_is_cont(0xC0));
}

/* UTF-16BE units in hex, as PDF text strings and ToUnicode maps hold
 * them: one unit below U+10000, a surrogate pair above. */
static void test_utf16_hex(void)
{
    static const struct { uint32_t cp; const char *hex; } cases[] = {
        { 0x41, "0041" }, { 0xE9, "00E9" }, { 0xFFFD, "FFFD" },
        { 0x10000, "D800DC00" }, { 0x1F600, "D83DDE00" },
        { 0x10FFFF, "DBFFDFFF" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[9] = { 0 };
        size_t n = np_utf16_hex(cases[i].cp, out);
        CHECK(n == strlen(cases[i].hex) && strcmp(out, cases[i].hex) == 0);
    }
}

int main(void)
{
    test_utf16_hex();
    test_boundaries();
    test_malformed();
    test_encode();
    test_valid();
    test_prev_count();
    return unit_done("test_utf8");
}
