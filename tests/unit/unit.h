/*
 * unit.h - the smallest test harness: CHECK(cond) and CHECK_STR(a, b)
 * record failures with file:line, unit_done() prints the tally and gives
 * the exit status.
 */
#ifndef NP_UNIT_H
#define NP_UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int unit_passed, unit_failed;

#define CHECK(cond) do { \
    if (cond) unit_passed++; \
    else { unit_failed++; \
        fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(got, want) do { \
    const char *g_ = (got), *w_ = (want); \
    if (g_ && w_ && strcmp(g_, w_) == 0) unit_passed++; \
    else { unit_failed++; \
        fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
                g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define CHECK_NEAR(got, want, eps) do { \
    double g_ = (got), w_ = (want); \
    if (g_ - w_ <= (eps) && w_ - g_ <= (eps)) unit_passed++; \
    else { unit_failed++; \
        fprintf(stderr, "%s:%d: got %g, want %g\n", __FILE__, __LINE__, g_, w_); } \
} while (0)

/* Time bounds in tests only catch blow-ups; NP_TIME_FACTOR multiplies
 * them for slow runs (sanitizers, valgrind). */
static inline double unit_time_factor(void)
{
    const char *f = getenv("NP_TIME_FACTOR");
    double v = f ? atof(f) : 1;
    return v >= 1 ? v : 1;
}

static inline int unit_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, unit_passed, unit_failed);
    return unit_failed ? 1 : 0;
}

#endif
