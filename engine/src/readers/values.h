/*
 * values.h - reading the values of layout fields (values.c): lengths
 * and their units, numbers, percentages, colours, fonts and the meeting
 * order, the same in every locale. Each returns false, *out untouched
 * or partly set, for a value it does not read.
 */
#ifndef NP_VALUES_H
#define NP_VALUES_H

#include <stdbool.h>

#include "readers/layout.h"

/* "12.5pt", "-3mm", "1in", "0.5cm" into points: at most six digits
 * before the point, a unit always. */
bool np_parse_length(const char *s, double *out);

/* "0.65", "3000": a length without its unit, never negative. */
bool np_parse_number(const char *s, double *out);

/* "102%" into 1.02. */
bool np_parse_percent(const char *s, double *out);

/* "#0000FF" into 0x0000FF. */
bool np_parse_color(const char *s, unsigned *out);

/* "regular", "italic", "bold", "bold-italic" into NP_FONT_*. */
bool np_parse_font(const char *s, int *out);

/* Reads meeting.order ("session body place") into `order` (may be
 * NULL): false unless it names each part once. */
bool np_meeting_order(const char *value, int order[NP_MEETING_PARTS]);

#endif
