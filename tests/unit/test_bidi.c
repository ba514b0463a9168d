/*
 * test_bidi.c - levels and visual order (bidi.c) on the cases of UN
 * Arabic text: a symbol, digits and brackets inside an Arabic sentence
 * ("في الوثيقة A/C.3/72/1." and "(انظر A/72/100)", A/C.3/72/L.1), an
 * Arabic name inside English, and left-to-right text of other scripts
 * that needs no resolving at all.
 */
#include <string.h>

#include "text/bidi.h"
#include "unit.h"

/* The level of the bytes of `part`, found in `text` (all its bytes must
 * share one level); -1 when they do not. */
static int level_of(const char *text, const uint8_t *levels, const char *part)
{
    const char *at = strstr(text, part);
    if (!at)
        return -2;
    size_t from = (size_t)(at - text), n = strlen(part);
    for (size_t i = from + 1; i < from + n; i++)
        if (levels[i] != levels[from])
            return -1;
    return levels[from];
}

static uint8_t levels[512];

static void resolve(const char *text, bool rtl)
{
    memset(levels, 0xFF, sizeof levels);
    CHECK(np_bidi_levels(text, strlen(text), rtl, NULL, levels) == 0);
}

static void needed(void)
{
    CHECK(!np_bidi_needed("The General Assembly, 2017", 26));
    CHECK(!np_bidi_needed("Генеральная Ассамблея", strlen("Генеральная Ассамблея")));
    CHECK(!np_bidi_needed("大会第七十二届会议", strlen("大会第七十二届会议")));
    CHECK(!np_bidi_needed("l’Assemblée générale", strlen("l’Assemblée générale")));
    CHECK(np_bidi_needed("item الجمعية", strlen("item الجمعية")));
    CHECK(np_bidi_needed("שלום", strlen("שלום")));
    CHECK(np_bidi_needed("a\u202Eb", strlen("a\u202Eb")));     /* an override */
    CHECK(np_bidi_needed("a\u2067b", strlen("a\u2067b")));     /* an isolate */
}

static void arabic_paragraphs(void)
{
    const char *t = "ستصدر في الوثيقة A/C.3/72/1. وترد (انظر A/72/100).";
    resolve(t, true);
    CHECK(level_of(t, levels, "ستصدر في الوثيقة") == 1);
    CHECK(level_of(t, levels, "A/C.3/72/1") == 2);
    /* the full stop after the symbol stands between a number and Arabic:
     * it takes the paragraph's direction */
    CHECK(levels[strstr(t, "1. ") - t + 1] == 1);
    CHECK(level_of(t, levels, "(انظر") == 1);
    CHECK(level_of(t, levels, "A/72/100") == 2);
    CHECK(levels[strstr(t, "100)") - t + 3] == 1);       /* the bracket pair */
    const char *u = "الفقرة (ب) من المادة 99 من النظام";
    resolve(u, true);
    CHECK(level_of(u, levels, "(ب)") == 1);
    CHECK(level_of(u, levels, "99") == 2);
    /* "1 -", the number of a paragraph, read in a right-to-left one */
    const char *v = "1 - ستصدر";
    resolve(v, true);
    CHECK(levels[0] == 2 && levels[2] == 1);
}

static void left_to_right(void)
{
    const char *t = "The item (see البند 7) was taken up.";
    resolve(t, false);
    CHECK(level_of(t, levels, "The item (see ") == 0);
    CHECK(level_of(t, levels, "البند") == 1);
    CHECK(level_of(t, levels, ") was taken up.") == 0);
    const char *c = "大会1961年12月20日第1721 (XVI)号决议";
    resolve(c, false);
    for (size_t i = 0; i < strlen(c); i++)
        CHECK(levels[i] == 0);
    /* malformed bytes count as one U+FFFD each, a neutral */
    const char bad[] = "ab\xff\xfe" "c";
    resolve(bad, false);
    for (size_t i = 0; i < 5; i++)
        CHECK(levels[i] == 0);
    CHECK(np_bidi_levels("", 0, true, NULL, levels) == 0);
}

static void check_order(const uint8_t *lv, size_t n, bool rtl, const size_t *want)
{
    size_t order[16];
    CHECK(np_bidi_visual_order(lv, n, rtl, NULL, order) == 0);
    for (size_t i = 0; i < n; i++)
        CHECK(order[i] == want[i]);
}

static void visual_order(void)
{
    /* an Arabic line: word, symbol, word drawn right to left, the
     * symbol itself left to right */
    check_order((const uint8_t[]){ 1, 2, 1 }, 3, true, (const size_t[]){ 2, 1, 0 });
    check_order((const uint8_t[]){ 1, 2, 2, 1 }, 4, true,
                (const size_t[]){ 3, 1, 2, 0 });
    /* an Arabic name inside an English line */
    check_order((const uint8_t[]){ 0, 1, 1, 0 }, 4, false,
                (const size_t[]){ 0, 2, 1, 3 });
    check_order((const uint8_t[]){ 0, 0 }, 2, false, (const size_t[]){ 0, 1 });
    check_order((const uint8_t[]){ 1 }, 1, true, (const size_t[]){ 0 });
    CHECK(np_bidi_visual_order(NULL, 0, true, NULL, NULL) == 0);
}

int main(void)
{
    needed();
    arabic_paragraphs();
    left_to_right();
    visual_order();
    return unit_done("bidi");
}
