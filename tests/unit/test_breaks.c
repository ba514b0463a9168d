/*
 * test_breaks.c - line break opportunities (breaks.c) in Chinese text:
 * the prohibitions measured on ST/SPACE/61/Rev.3 in Chinese (no line of
 * its 2,140 starts with ，。、；：？！）》” or ends with （《“), breaks
 * between ideographs, none inside a Latin token set among them.
 */
#include <string.h>

#include "text/breaks.h"
#include "unit.h"

/* The text with "|" at every opportunity. */
static const char *marked(const char *text)
{
    static char out[1024];
    char brks[512];
    size_t len = strlen(text), n = 0;
    np_breaks(text, len, "zh", brks);
    for (size_t i = 0; i < len; i++) {
        out[n++] = text[i];
        if (brks[i] == NP_BREAK_ALLOW)
            out[n++] = '|';
    }
    out[n] = '\0';
    return out;
}

/* No opportunity before a closing mark nor after an opening one. */
static void prohibitions(void)
{
    static const char *const no_start[] = { "，", "。", "、", "；", "：", "？",
                                            "！", "）", "》", "”" };
    static const char *const no_end[] = { "（", "《", "“" };
    for (size_t i = 0; i < sizeof no_start / sizeof *no_start; i++) {
        char text[64], brks[64];
        snprintf(text, sizeof text, "条约%s条约", no_start[i]);
        size_t before = strlen("条约") - 1;
        np_breaks(text, strlen(text), "zh", brks);
        CHECK(brks[before] == NP_BREAK_NONE);
        if (brks[before] != NP_BREAK_NONE)
            fprintf(stderr, "  a break before %s\n", no_start[i]);
    }
    for (size_t i = 0; i < sizeof no_end / sizeof *no_end; i++) {
        char text[64], brks[64];
        snprintf(text, sizeof text, "条约%s条约", no_end[i]);
        size_t after = strlen("条约") + strlen(no_end[i]) - 1;
        np_breaks(text, strlen(text), "zh", brks);
        CHECK(brks[after] == NP_BREAK_NONE);
        if (brks[after] != NP_BREAK_NONE)
            fprintf(stderr, "  a break after %s\n", no_end[i]);
    }
}

static void sentences(void)
{
    CHECK_STR(marked("禁止在天体上建立军事基地、设施和工事；禁止试验。"),
              "禁|止|在|天|体|上|建|立|军|事|基|地、|设|施|和|工|事；|禁|止|试|验。");
    CHECK_STR(marked("他说：“发射国”（包括月球）《条约》？！好"),
              "他|说：|“发|射|国”|（包|括|月|球）|《条|约》？！|好");
    /* a Latin symbol or number inside Chinese stays whole */
    CHECK_STR(marked("大会第3281(XXIX)号决议"), "大|会|第|3281(XXIX)|号|决|议");
    CHECK_STR(marked("见A/RES/75/312。"), "见|A/RES/75/312。");
    /* text of other scripts: nothing between spaces */
    CHECK_STR(marked("A/C.3/72/1"), "A/C.3/72/1");
    CHECK_STR(marked("الجمعية"), "الجمعية");
    CHECK_STR(marked("self-determination"), "self-determination");
}

static void bytes(void)
{
    char brks[8];
    np_breaks("条约", strlen("条约"), "zh", brks);
    CHECK(brks[0] == NP_BREAK_INSIDE && brks[1] == NP_BREAK_INSIDE);
    CHECK(brks[2] == NP_BREAK_ALLOW);
    CHECK(brks[5] == NP_BREAK_NONE);     /* the end is the caller's */
    np_breaks("", 0, "zh", brks);
    CHECK(np_is_cjk(0x4E00) && np_is_cjk(0x3002) && np_is_cjk(0xFF0C));
    CHECK(!np_is_cjk('A') && !np_is_cjk(0x201C) && !np_is_cjk(0x0627));
}

int main(void)
{
    prohibitions();
    sentences();
    bytes();
    return unit_done("breaks");
}
