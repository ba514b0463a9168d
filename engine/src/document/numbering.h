/*
 * numbering.h - labels of paragraph, section and list numbers.
 *
 * Only the number itself ("4", "d", "iv"): the punctuation around it
 * ("4.", "(d)", "d)") depends on the language and the level and is the
 * layout's business.
 */
#ifndef NP_NUMBERING_H
#define NP_NUMBERING_H

#include <stddef.h>

typedef enum np_numstyle {
    NP_NUM_DECIMAL,
    NP_NUM_ALPHA_LOWER,
    NP_NUM_ALPHA_UPPER,
    NP_NUM_ROMAN_LOWER,
    NP_NUM_ROMAN_UPPER
} np_numstyle;

/* Writes the label of n (n >= 1) in `style` into the caller's buf:
 * 4 -> "4", "d", "D", "iv", "IV". Alphabetic labels beyond 26 double
 * the letter as UN documents do (27 -> "aa", 28 -> "bb", ... 52 -> "zz",
 * 53 -> "aaa"). Roman numerals go up to 3999; beyond that the label
 * falls back to decimal. Returns the length, or -1 if n < 1, the style
 * is unknown or buf is too small (buf is then "" when len > 0). */
int np_format_number(np_numstyle style, int n, char *buf, size_t len);

/* Parses a style name from a layout file: "decimal", "alpha", "Alpha",
 * "roman", "Roman" (case matters: it gives the letter case). Returns 0
 * and sets *out on success, -1 if the name is unknown. */
int np_numstyle_parse(const char *name, np_numstyle *out);

#endif
