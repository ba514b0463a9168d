/*
 * barcode.h - the Code 39 barcode of the job number on page 1.
 *
 * Geometry only: the caller draws the bars (filled rectangles of the
 * height it chooses) through the output interface. No text line under
 * the bars: UN first pages print the job number on a line of its own.
 */
#ifndef NP_BARCODE_H
#define NP_BARCODE_H

#include <stddef.h>

/* A black bar, x from the symbol's left edge. */
typedef struct np_bar {
    double x, width;
} np_bar;

/* Job number -> barcode digits: keeps the digits after the duty-station
 * prefix (the letters and the point before the first digit), drops '-'
 * and '.': "V.10-58736" -> "1058736", "21-02065" -> "2102065",
 * "GE.19-13879" -> "1913879". The job number ends at the end of the
 * string or at a space, so "21-02065 (E)" gives "2102065" too. Writes a
 * NUL-terminated string into the caller's `out`; returns its length, or
 * -1 if there are no digits, another character appears, or `out` is too
 * small (out is then "" when outlen > 0). */
int np_job_digits(const char *job, char *out, size_t outlen);

/* Code 39 bars of '*' + text + '*' (text: 0-9 A-Z space - . $ / + %),
 * narrow elements `narrow` wide, wide elements ratio * narrow, one
 * narrow gap between characters; the standard asks for a ratio from 2
 * to 3 (UN documents: 0.70 pt and 3). Writes at most `max` bars into the
 * caller's `bars` (NULL allowed when max is 0, to ask for the count);
 * returns the number of bars, always 5 per character, so 5 * (len + 2),
 * or -1 for a character Code 39 cannot encode (lower case and '*'
 * included), narrow <= 0, ratio <= 1 or a text too long to count.
 * *total_width (if not NULL) gets the symbol's width from the first
 * bar's left edge to the last bar's right edge, quiet zones excluded. */
int np_code39(const char *text, double narrow, double ratio, np_bar *bars,
              int max, double *total_width);

#endif
