/*
 * source_date.h - the SOURCE_DATE_EPOCH of reproducible builds, read
 * once for `render` and `batch` (source_date.c).
 */
#ifndef NP_CLI_SOURCE_DATE_H
#define NP_CLI_SOURCE_DATE_H

/* Reads SOURCE_DATE_EPOCH into *t: -1 when it is unset or empty (the
 * PDF then carries no date). Returns 0, or 2 after printing an error
 * when the value is not a decimal count of seconds from 0 to
 * NP_FIXED_TIME_MAX: the convention of reproducible builds is to fail
 * rather than write a date nobody asked for. */
int np_cli_source_date(long long *t);

#endif
