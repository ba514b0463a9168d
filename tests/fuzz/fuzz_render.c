/*
 * fuzz_render.c - libFuzzer target over the whole path: description
 * bytes -> check -> layout -> PDF in memory.
 *
 * One engine serves every input, as in a long-running server, so that
 * state kept between renders (caches) is fuzzed too. A successful render
 * must give a complete PDF; anything else (a crash, a leak, a sanitizer
 * report, a hang) is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "notepress.h"

static np_engine *engine;

typedef struct sink {
    char *bytes;
    size_t len, cap;
} sink;

static int collect(void *ud, const void *bytes, size_t len)
{
    sink *s = ud;
    if (s->len + len > s->cap) {
        size_t cap = (s->len + len) * 2;
        char *grown = realloc(s->bytes, cap);
        if (!grown)
            return -1;
        s->bytes = grown;
        s->cap = cap;
    }
    memcpy(s->bytes + s->len, bytes, len);
    s->len += len;
    return 0;
}

static void check_pdf(const sink *s)
{
    if (s->len < 16 || memcmp(s->bytes, "%PDF-", 5) != 0)
        __builtin_trap();
    size_t tail = s->len > 32 ? s->len - 32 : 0;
    for (size_t i = tail; i + 5 <= s->len; i++)
        if (memcmp(s->bytes + i, "%%EOF", 5) == 0)
            return;
    __builtin_trap();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    engine = np_engine_new(NULL);
    return engine ? 0 : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    np_render_options o;
    np_render_options_init(&o);
    sink s = { 0 };
    int rc = np_render_memory(engine, "fuzz.xml", (const char *)data, size,
                              &o, collect, &s);
    if (rc == 0)
        check_pdf(&s);
    free(s.bytes);
    return 0;
}
