/*
 * decimal.h - a number written with a fixed count of decimals, the
 * way PDF content streams want it: "12.5", "-0.25", "3", never an
 * exponent, never a locale's decimal comma.
 *
 * The value is rounded once to an integer count of units of its last
 * place (llround, halves away from zero) and written from that integer
 * by hand: the same digits on every machine and in any locale, without
 * the cost of the C library's printf. It does not judge the value: the
 * caller keeps it finite and far below 1e15.
 */
#ifndef NP_DECIMAL_H
#define NP_DECIMAL_H

#include <stddef.h>

/* Room for any value np_decimal accepts: sign, 19 digits, point. */
#define NP_DECIMAL_MAX 24

/* Writes `v` rounded to `places` decimals (0 to 6), with no trailing
 * zeros and no point when nothing follows it, into out (at least
 * NP_DECIMAL_MAX bytes, not terminated); returns the length. A value
 * that rounds to zero is "0", never "-0". */
size_t np_decimal(char *out, double v, int places);

/* Writes the integer `n` the same way (np_decimal(out, n, 0) for any
 * `n` a double holds exactly), without going through a double. */
size_t np_integer(char *out, long long n);

/* Writes the low 4 * `digits` bits of `v` as `digits` upper-case hex
 * digits into out (not terminated); returns `digits`. */
size_t np_hex(char *out, unsigned long v, int digits);

#endif
