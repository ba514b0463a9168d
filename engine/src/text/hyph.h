/*
 * hyph.h - where a word may be hyphenated (libhyphen behind one file).
 *
 * A dictionary is loaded once per language and shared read-only between
 * threads. The caller passes a token as it appears between spaces,
 * punctuation included; this module decides which parts are words that
 * may be hyphenated at all.
 */
#ifndef NP_HYPH_H
#define NP_HYPH_H

#include <stddef.h>

typedef struct np_hyph np_hyph;

/* Loads the pattern file at `path` (a libhyphen .dic). `left_min` and
 * `right_min` are the language's smallest fragments before and after a
 * break, in characters; the file's own LEFTHYPHENMIN/RIGHTHYPHENMIN win
 * when they are larger. NULL when the file cannot be read. */
np_hyph *np_hyph_load(const char *path, int left_min, int right_min);
void np_hyph_free(np_hyph *h);

/* Finds the places where `token` (UTF-8, `len` bytes) may be broken with
 * an added hyphen. Writes up to `max` byte offsets, ascending, into
 * `offsets`: a break at offset k gives token[0..k) + "-" and token[k..).
 * Returns how many were written. Returns 0 for tokens that must never be
 * hyphenated: those holding a digit, a '/', '@', '\\', "://" or a
 * period between letters (symbols, numbers, URLs, file names), and
 * all-capital words. A token made of parts joined by '-' is hyphenated
 * part by part (the break after the '-' itself is the caller's). Letters
 * are compared in lower case. */
int np_hyph_token(const np_hyph *h, const char *token, size_t len,
                  size_t *offsets, int max);

/* 1 when hyphenation is compiled in; 0 in a build made with
 * NO_HYPHEN=1, where hyph_none.c stands in for hyph.c and loads
 * nothing. */
int np_hyph_available(void);

#endif
