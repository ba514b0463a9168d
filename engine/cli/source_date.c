/*
 * source_date.c - reads SOURCE_DATE_EPOCH (reproducible-builds.org):
 * the creation date written into the PDF, in seconds since 1970 UTC.
 *
 * A value that is set but malformed (letters, a sign, a fraction, too
 * many digits) or later than the last second PDF dates can hold (year
 * 9999) is an error, as the specification asks, not a value silently
 * ignored. Nothing else of the environment is read here.
 */
#include <stdio.h>
#include <stdlib.h>

#include "notepress.h"
#include "source_date.h"

int np_cli_source_date(long long *t)
{
    const char *s = getenv("SOURCE_DATE_EPOCH");
    *t = -1;
    if (!s || !*s)
        return 0;
    long long v = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9' && v <= NP_FIXED_TIME_MAX; p++)
        v = v * 10 + (*p - '0');
    if (*p == '\0' && v <= NP_FIXED_TIME_MAX) {
        *t = v;
        return 0;
    }
    fprintf(stderr, "notepress: error: SOURCE_DATE_EPOCH=\"%.40s\" is not a "
            "number of seconds from 0 to %lld (9999-12-31 23:59:59 UTC, the "
            "last date a PDF can hold)\n", s, NP_FIXED_TIME_MAX);
    return 2;
}
