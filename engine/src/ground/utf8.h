/*
 * utf8.h - the engine's one UTF-8 codec: decoding one character with
 * strict validity, encoding one, checking a span, stepping back to the
 * start of a character and counting characters.
 *
 * It does not decide what a caller does with bad bytes: np_utf8_decode
 * refuses them, np_utf8_next replaces them with U+FFFD, and each caller
 * picks the one its input calls for. It knows nothing of which code
 * points the format or the fonts accept (xml_read.c, font.c).
 */
#ifndef NP_UTF8_H
#define NP_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest encoding of one code point, in bytes. */
#define NP_UTF8_MAX 4

/* U+FFFD, which np_utf8_next gives for bytes that are not UTF-8. */
#define NP_UTF8_REPLACEMENT 0xFFFDu

/* Whether byte `c` continues a character rather than starting one. */
static inline bool np_utf8_is_cont(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

/* Decodes the character at s[0..len): sets *cp and returns its length in
 * bytes (1 to 4). Returns 0, *cp unset, when len is 0 or the bytes there
 * are not well-formed UTF-8: a stray continuation byte, a sequence cut
 * short, an overlong form, a surrogate (U+D800 to U+DFFF) or a code point
 * above U+10FFFF. */
size_t np_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Like np_utf8_decode, but never refuses: an ill-formed sequence gives
 * U+FFFD for its maximal subpart (the longest start of a well-formed
 * sequence, at least one byte), as Unicode recommends, so that a bad
 * byte never swallows the good character after it. len >= 1. */
size_t np_utf8_next(const char *s, size_t len, uint32_t *cp);

/* Writes code point `cp` to out[0..4) and returns its length; 0, nothing
 * written, for a surrogate or a code point above U+10FFFF. */
size_t np_utf8_encode(uint32_t cp, char out[NP_UTF8_MAX]);

/* Writes code point `cp` as the hex digits of its UTF-16BE units into
 * out (not terminated): 4, or 8 for a surrogate pair above U+FFFF (a
 * PDF text string or ToUnicode entry); returns how many. */
size_t np_utf16_hex(uint32_t cp, char out[8]);

/* Whether s[0..len) is well-formed UTF-8 from end to end. */
bool np_utf8_valid(const char *s, size_t len);

/* The start of the character that ends just before s[i]: i less one and
 * the continuation bytes before it, at most three of them. 0 when i is
 * 0. */
size_t np_utf8_prev(const char *s, size_t i);

/* The characters of s[0..len): its bytes that do not continue one (for
 * well-formed UTF-8, its code points). */
size_t np_utf8_count(const char *s, size_t len);

#endif
