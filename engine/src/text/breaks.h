/*
 * breaks.h - where a line may break inside a run of text without
 * spaces: the line breaking algorithm of Unicode (UAX #14), from
 * libunibreak behind one file (breaks.c).
 *
 * Between spaces the engine breaks Latin, Cyrillic and Arabic words
 * only at hyphens (inline_words.c, hyph.c); Chinese has no spaces, and a line
 * may end between any two characters except where UAX #14 forbids it:
 * never before ，。、；：？！）》” nor after （《“. np_breaks gives those
 * opportunities; a break is kept only where a Han (or kana, or a CJK
 * mark) stands on one side of it, so that a Latin token inside Chinese
 * ("A/RES/75/312", "(XVI)") stays whole, as it does in other text.
 */
#ifndef NP_BREAKS_H
#define NP_BREAKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
    NP_BREAK_NONE,              /* no break after this byte */
    NP_BREAK_ALLOW,             /* a line may end after this character */
    NP_BREAK_INSIDE             /* the byte is inside a character */
};

/* Fills brks[0..len) for UTF-8 `text` (a run between spaces) in
 * language `lang` ("zh"...; its tailoring of quotation marks): brks[i]
 * says whether a line may end after byte i, NP_BREAK_INSIDE for bytes
 * that do not end a character. The end of the text is never a break
 * here (the caller's glue or penalty follows). */
void np_breaks(const char *text, size_t len, const char *lang, char *brks);

/* Whether code point `cp` is set as a CJK ideograph or mark: Han, kana,
 * Bopomofo, CJK punctuation and symbols, full-width forms. Such text is
 * broken between characters, justified by spacing between them, and has
 * no spaces. */
bool np_is_cjk(uint32_t cp);

#endif
