/*
 * values.c - the values of layout fields, read without the C locale:
 * lengths with their units (pt, mm, cm, in), plain numbers,
 * percentages, colours, font names and the order of the meeting block.
 *
 * Which field takes which kind of value is the table's
 * (layout_fields.c); what is wrong with a value is said by the loader
 * (layout_load.c), which knows the field and its position.
 */
#include <stdio.h>
#include <string.h>

#include "readers/values.h"

/* Parses "12.5pt", "-3mm", "1in" without the C locale. */
bool np_parse_length(const char *s, double *out)
{
    const char *p = s;
    double sign = 1, value = 0, scale = 1;
    bool digits = false;
    if (*p == '-') {
        sign = -1;
        p++;
    }
    int whole = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits = true, whole++)
        value = value * 10 + (*p - '0');
    if (whole > 6)
        return false;           /* a million points is no page */
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits = true)
            value += (*p - '0') * (scale /= 10);
    static const struct { const char *unit; double pt; } units[] = {
        { "pt", 1 }, { "mm", 72 / 25.4 }, { "cm", 72 / 2.54 }, { "in", 72 },
    };
    for (size_t i = 0; digits && i < 4; i++)
        if (strcmp(p, units[i].unit) == 0) {
            *out = sign * value * units[i].pt;
            return true;
        }
    return false;
}

/* A plain number ("0.65", "3000"): a length without a unit, read the
 * same way. */
bool np_parse_number(const char *s, double *out)
{
    char with_unit[64];
    if (strlen(s) > 32)
        return false;
    snprintf(with_unit, sizeof with_unit, "%spt", s);
    return np_parse_length(with_unit, out) && *out >= 0;
}

/* "102%", "95.7%": a horizontal scale, read like a number. */
bool np_parse_percent(const char *s, double *out)
{
    char number[40];
    size_t n = strlen(s);
    if (n < 2 || n > 32 || s[n - 1] != '%')
        return false;
    memcpy(number, s, n - 1);
    number[n - 1] = '\0';
    if (!np_parse_number(number, out))
        return false;
    *out /= 100;
    return true;
}

/* "#0000FF": red, green and blue in hexadecimal. */
bool np_parse_color(const char *s, unsigned *out)
{
    unsigned v = 0;
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    for (int i = 1; i < 7; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return true;
}

bool np_parse_font(const char *s, int *out)
{
    static const char *names[] = { "regular", "italic", "bold", "bold-italic" };
    for (int i = 0; i < NP_FONT_COUNT; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

bool np_meeting_order(const char *v, int order[NP_MEETING_PARTS])
{
    static const char *parts[NP_MEETING_PARTS] = { "body", "session", "place" };
    int seen = 0, n = 0;
    while (*v) {
        size_t len = strcspn(v, " ");
        int k = 0;
        while (k < NP_MEETING_PARTS && (strlen(parts[k]) != len
                                        || strncmp(v, parts[k], len) != 0))
            k++;
        if (k == NP_MEETING_PARTS || (seen & 1 << k) || n == NP_MEETING_PARTS)
            return false;
        seen |= 1 << k;
        if (order)
            order[n] = k;
        n++;
        v += len + (v[len] == ' ');
    }
    return n == NP_MEETING_PARTS;
}
