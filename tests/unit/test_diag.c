/*
 * test_diag.c - every message is valid UTF-8, even when a format cuts
 * quoted text short ("%.40s") in the middle of a character, or the
 * message is longer than the reporter's buffer.
 */
#include <stdbool.h>
#include <stdlib.h>

#include "ground/diag.h"
#include "unit.h"

static char last[2048];

static void keep(void *ud, const np_diagnostic *d)
{
    (void)ud;
    snprintf(last, sizeof last, "%s", d->message);
}

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 0;
        if (n == 0)
            return false;
        for (int k = 1; k < n; k++)
            if ((p[k] & 0xC0) != 0x80)
                return false;
        p += n;
    }
    return true;
}

int main(void)
{
    np_diags d;
    np_diags_init(&d, keep, NULL);
    /* 'a' then 30 x "é" (2 bytes): byte 40 is the first half of one */
    char word[128] = "a";
    for (int i = 0; i < 30; i++)
        strcat(word, "\xC3\xA9");
    np_report(&d, "f.xml", (np_pos){ 1, 1 }, NP_MSG_WORD_TOO_WIDE, word, "...", 500.0, 300.0);
    CHECK(valid_utf8(last));
    CHECK(strncmp(last, "\"a\xC3\xA9", 4) == 0);
    CHECK(strstr(last, "\xC3\xA9\xC3\xA9...\" is wider") != NULL);
    /* a message longer than the buffer, cut inside a 3-byte character */
    char *big = malloc(3000);
    big[0] = 'x';
    for (int i = 0; i < 999; i++)
        memcpy(big + 1 + 3 * i, "\xE2\x80\x99", 3);
    big[2998] = '\0';
    np_report(&d, "f.xml", (np_pos){ 1, 1 }, NP_MSG_XML_SYNTAX, big);
    CHECK(valid_utf8(last));
    CHECK(strlen(last) > 1000);
    free(big);
    CHECK(d.count[NP_WARNING] == 1 && d.count[NP_ERROR] == 1);
    return unit_done("diag");
}
