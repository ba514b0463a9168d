/*
 * breaks.c - line break opportunities of UAX #14 from libunibreak. The
 * only file that includes <linebreak.h>.
 *
 * libunibreak classifies every character and applies the pair rules
 * (with its tailoring for Chinese and Japanese quotation marks); this
 * file keeps only the opportunities next to CJK text, so that breaking
 * inside a token stays what it was for Latin, Cyrillic and Arabic: never
 * (hyphenation aside, which inline_words.c and hyph.c do). It does not measure
 * or choose breaks (linebreak.c).
 */
#include <pthread.h>

#include <linebreak.h>

#include "ground/utf8.h"
#include "text/breaks.h"

/* The blocks of CJK ideographs and the marks set with them. */
static const struct {
    uint32_t first, last;
} CJK[] = {
    { 0x2E80, 0x2FDF },     /* radicals, Kangxi radicals */
    { 0x2FF0, 0x2FFF },     /* ideographic description */
    { 0x3000, 0x303F },     /* CJK symbols and punctuation: 、。《》 */
    { 0x3040, 0x30FF },     /* hiragana, katakana */
    { 0x3100, 0x312F },     /* bopomofo */
    { 0x3190, 0x31FF },     /* kanbun, bopomofo extended, strokes */
    { 0x3200, 0x33FF },     /* enclosed letters, compatibility */
    { 0x3400, 0x4DBF },     /* extension A */
    { 0x4E00, 0x9FFF },     /* unified ideographs */
    { 0xF900, 0xFAFF },     /* compatibility ideographs */
    { 0xFE30, 0xFE4F },     /* compatibility forms */
    { 0xFF01, 0xFF60 },     /* full-width forms: ，（）：；？！ */
    { 0xFFE0, 0xFFE6 },
    { 0x20000, 0x3FFFF },   /* supplementary ideographs */
};

bool np_is_cjk(uint32_t cp)
{
    if (cp < CJK[0].first)
        return false;
    for (size_t i = 0; i < sizeof CJK / sizeof *CJK; i++)
        if (cp >= CJK[i].first && cp <= CJK[i].last)
            return true;
    return false;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init(void)
{
    init_linebreak();
}

/* The code point of the character ending just before byte `end`. */
static uint32_t char_before(const char *s, size_t end)
{
    uint32_t cp;
    size_t at = np_utf8_prev(s, end);
    np_utf8_next(s + at, end - at, &cp);
    return cp;
}

/* The code point of the character starting at byte `i`. */
static uint32_t char_at(const char *s, size_t len, size_t i)
{
    uint32_t cp;
    np_utf8_next(s + i, len - i, &cp);
    return cp;
}

void np_breaks(const char *text, size_t len, const char *lang, char *brks)
{
    pthread_once(&once, init);
    if (len == 0)
        return;
    set_linebreaks_utf8((const utf8_t *)text, len, lang, brks);
    for (size_t i = 0; i < len; i++) {
        if (brks[i] == LINEBREAK_INSIDEACHAR) {
            brks[i] = NP_BREAK_INSIDE;
            continue;
        }
        bool allowed = brks[i] == LINEBREAK_ALLOWBREAK && i + 1 < len
                       && (np_is_cjk(char_before(text, i + 1))
                           || np_is_cjk(char_at(text, len, i + 1)));
        brks[i] = allowed ? NP_BREAK_ALLOW : NP_BREAK_NONE;
    }
}
