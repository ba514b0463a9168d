/*
 * utf8.c - the UTF-8 codec of utf8.h. One scanner reads a character and
 * says how far it is well-formed; decoding, replacing and validating
 * are read off it, so every layer agrees on what UTF-8 is. No tables of
 * character properties here.
 */
#include "ground/decimal.h"
#include "ground/utf8.h"

/* Length of the sequence that byte `b` leads, with the range its second
 * byte must fall in; 0 when `b` cannot lead one. The narrowed ranges
 * are what exclude overlong forms, surrogates and code points above
 * U+10FFFF (Unicode, table 3-7). */
static size_t lead(unsigned char b, unsigned char *lo, unsigned char *hi)
{
    *lo = 0x80;
    *hi = 0xBF;
    if (b < 0x80)
        return 1;
    if (b >= 0xC2 && b <= 0xDF)
        return 2;
    if (b >= 0xE0 && b <= 0xEF) {
        *lo = b == 0xE0 ? 0xA0 : 0x80;
        *hi = b == 0xED ? 0x9F : 0xBF;
        return 3;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        *lo = b == 0xF0 ? 0x90 : 0x80;
        *hi = b == 0xF4 ? 0x8F : 0xBF;
        return 4;
    }
    return 0;
}

/* Reads the character at s[0..len), len >= 1. Returns how many of its
 * bytes are well-formed (the maximal subpart, at least 1) and sets *ok
 * when they make the whole character, *cp then being its code point. */
static size_t scan(const unsigned char *s, size_t len, uint32_t *cp, bool *ok)
{
    unsigned char lo, hi;
    size_t n = lead(s[0], &lo, &hi);
    *ok = false;
    if (n == 0)
        return 1;
    uint32_t c = n == 1 ? s[0] : s[0] & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if (i >= len || s[i] < lo || s[i] > hi)
            return i;
        c = c << 6 | (s[i] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = c;
    *ok = true;
    return n;
}

size_t np_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    bool ok;
    uint32_t c;
    if (len == 0)
        return 0;
    size_t n = scan((const unsigned char *)s, len, &c, &ok);
    if (!ok)
        return 0;
    *cp = c;
    return n;
}

size_t np_utf8_next(const char *s, size_t len, uint32_t *cp)
{
    bool ok;
    size_t n = scan((const unsigned char *)s, len, cp, &ok);
    if (!ok)
        *cp = NP_UTF8_REPLACEMENT;
    return n;
}

size_t np_utf8_encode(uint32_t cp, char out[NP_UTF8_MAX])
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
        return 0;
    size_t n = cp < 0x10000 ? 3 : 4;
    out[0] = (char)(n == 3 ? 0xE0 | cp >> 12 : 0xF0 | cp >> 18);
    for (size_t i = n - 1; i > 0; i--, cp >>= 6)
        out[i] = (char)(0x80 | (cp & 0x3F));
    return n;
}

bool np_utf8_valid(const char *s, size_t len)
{
    uint32_t cp;
    for (size_t i = 0; i < len;) {
        size_t n = np_utf8_decode(s + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

size_t np_utf8_prev(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    size_t stop = i > NP_UTF8_MAX ? i - NP_UTF8_MAX : 0;
    i--;
    while (i > stop && np_utf8_is_cont((unsigned char)s[i]))
        i--;
    return i;
}

size_t np_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += !np_utf8_is_cont((unsigned char)s[i]);
    return n;
}

size_t np_utf16_hex(uint32_t cp, char out[8])
{
    if (cp <= 0xFFFF)
        return np_hex(out, cp, 4);
    cp -= 0x10000;
    np_hex(out, 0xD800 + (cp >> 10), 4);
    return 4 + np_hex(out + 4, 0xDC00 + (cp & 0x3FF), 4);
}
