/*
 * typo.h - language-aware spacing of text, before it is measured.
 *
 * French puts a no-break space before ; ! ? and : and inside « »; the
 * author may have typed a plain space there, a no-break one, or none.
 * np_typo_french rewrites a text run so that each of these places holds
 * the right no-break space, once. Ties that keep a reference on one
 * line ("14 mars", "n° 8", "annex II", "79/573 B") are decided word by
 * word by np_typo_tie, for every language.
 */
#ifndef NP_TYPO_H
#define NP_TYPO_H

#include <stdbool.h>
#include <stddef.h>
#include "ground/arena.h"

/* Returns the text with French punctuation spacing: U+202F (narrow
 * no-break space) before ; ! ?, U+00A0 before : and after « and before
 * ». A mark at the very start of the run follows an element (a call,
 * italics) and gets its space too. NULL when memory runs out; the input
 * itself when nothing changes (*out_len = len). */
const char *np_typo_french(np_arena *arena, const char *text, size_t len,
                           size_t *out_len);

/* Returns the text with each straight double quote (U+0022) replaced by
 * the language's opening or closing mark, alternately; *inside carries
 * whether a quotation is open from one run of text to the next. NULL
 * when memory runs out; the input itself when it holds no '"'. */
const char *np_typo_quotes(np_arena *arena, const char *text, size_t len,
                           const char *open, const char *close, bool *inside,
                           size_t *out_len);

/* Returns the text with each white-space character made a no-break
 * space (U+00A0): a document symbol ("S/PV.8000 (Resumption 1)") is
 * never broken. NULL when memory runs out. */
const char *np_typo_nobreak(np_arena *arena, const char *text, size_t len,
                            size_t *out_len);

/* Whether the space between word `a` and word `b` must not break: a
 * number followed by a word or % ("14 mars"; not a number ending a
 * clause, "2024."); a number or document symbol followed by its letter
 * or subparagraph ("79/573 B", "12 (a)"); an abbreviation that
 * announces a number ("n°", "no", "p.", "art.", "para.") followed by
 * one; a word naming a part of a text in English, French, Spanish or
 * Russian followed by its number, roman numeral or letter ("annex II",
 * "paragraphe 12", "section B"). */
bool np_typo_tie(const char *a, size_t alen, const char *b, size_t blen);

#endif
