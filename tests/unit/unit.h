/*
 * unit.h - the smallest test harness: CHECK(cond) and CHECK_STR(a, b)
 * record failures with file:line, unit_done() prints the tally and gives
 * the exit status.
 */
#ifndef NP_UNIT_H
#define NP_UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* The whole file at `path` in a malloc'd buffer with a NUL after its
 * `*len` bytes; NULL when it cannot be read. */
static inline char *unit_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (p)
        p[n] = '\0';
    *len = p ? (size_t)n : 0;
    return p;
}

/* Bytes a back end or the API writes, gathered in memory (malloc'd,
 * NUL after the last); a sink whose `refuse` is set refuses every write,
 * as a full disk would. Its np_write_fn is unit_sink_write. */
typedef struct unit_sink {
    char *p;
    size_t len, cap;
    bool refuse;
} unit_sink;

static inline int unit_sink_write(void *ud, const void *bytes, size_t len)
{
    unit_sink *s = ud;
    if (s->refuse)
        return 1;
    if (s->len + len + 1 > s->cap) {
        s->cap = (s->len + len + 1) * 2;
        char *p = realloc(s->p, s->cap);
        if (!p)
            return 1;
        s->p = p;
    }
    memcpy(s->p + s->len, bytes, len);
    s->len += len;
    s->p[s->len] = '\0';
    return 0;
}

/* The PDF pdf[0..len) as qpdf writes it again with every object in the
 * clear and every stream inflated (--object-streams=disable
 * --stream-data=uncompress): objects in deflated object streams are
 * read the way a reader reads them. qpdf's own spelling: keys of a
 * dictionary sorted, on one line, hex strings in lower case. Malloc'd,
 * NUL after its *out_len bytes; NULL when qpdf refused the file. Needs
 * qpdf on PATH; temporary files in /tmp, named by pid. */
static inline char *unit_uncompressed(const void *pdf, size_t len,
                                      size_t *out_len)
{
    static int serial;
    char in[96], out[96], cmd[320];
    snprintf(in, sizeof in, "/tmp/np_unit_%ld_%d.pdf", (long)getpid(), serial);
    snprintf(out, sizeof out, "/tmp/np_unit_%ld_%d.out.pdf", (long)getpid(),
             serial++);
    FILE *f = fopen(in, "wb");
    bool written = f && fwrite(pdf, 1, len, f) == len;
    if (f)
        fclose(f);
    snprintf(cmd, sizeof cmd, "qpdf --object-streams=disable "
             "--stream-data=uncompress %s %s 2>/dev/null", in, out);
    char *text = written && system(cmd) == 0 ? unit_read_file(out, out_len)
                                             : NULL;
    remove(in);
    remove(out);
    if (!text)
        *out_len = 0;
    return text;
}

#endif
