/*
 * buf.c - growing arrays and byte buffers (buf.h). All growth goes
 * through np_grown_cap, so that the doubling and the overflow test are
 * written once. Nothing here frees what the caller still owns.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ground/buf.h"

/* The first capacity of an array, in bytes: a few small allocations are
 * enough for most, and large elements still get a few. */
#define FIRST_BYTES 256
#define FIRST_MIN 4

size_t np_grown_cap(size_t cap, size_t need, size_t size)
{
    if (size == 0 || need > SIZE_MAX / size)
        return 0;
    if (need <= cap)
        return cap;
    size_t n = cap;
    if (n == 0) {
        n = FIRST_BYTES / size;
        if (n < FIRST_MIN)
            n = FIRST_MIN;
        if (n > SIZE_MAX / size)
            n = need;
    }
    while (n < need)
        n = n <= SIZE_MAX / 2 / size ? n * 2 : need;
    return n;
}

void *np_grow(const np_allocator *alloc, void *items, size_t *cap,
              size_t need, size_t size)
{
    size_t n = np_grown_cap(*cap, need, size);
    if (n == 0)
        return NULL;
    if (n == *cap)
        return items;
    void *grown = np_mem_realloc(alloc, items, n * size);
    if (!grown)
        return NULL;
    *cap = n;
    return grown;
}

void *np_arena_grow(np_arena *arena, void *items, size_t used, size_t *cap,
                    size_t need, size_t size)
{
    size_t n = np_grown_cap(*cap, need, size);
    if (n == 0)
        return NULL;
    if (n == *cap)
        return items;
    void *grown = np_arena_alloc(arena, n * size);
    if (!grown)
        return NULL;
    if (used)
        memcpy(grown, items, used * size);
    *cap = n;
    return grown;
}

void np_buf_init(np_buf *b, const np_allocator *alloc)
{
    *b = (np_buf){ .alloc = alloc };
}

void np_buf_free(np_buf *b)
{
    np_mem_free(b->alloc, b->data);
    np_buf_init(b, b->alloc);
}

void np_buf_clear(np_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* The external definitions of the inline calls of buf.h. */
extern inline bool np_buf_reserve(np_buf *b, size_t more);
extern inline bool np_buf_append(np_buf *b, const void *bytes, size_t len);
extern inline char *np_buf_room(np_buf *b, size_t n);
extern inline void np_buf_wrote(np_buf *b, size_t k);

bool np_buf_grow_for(np_buf *b, size_t more)
{
    if (b->failed)
        return false;
    if (b->cap > b->len && more < b->cap - b->len)
        return true;
    if (more >= SIZE_MAX - b->len) {
        b->failed = true;
        return false;
    }
    char *grown = np_grow(b->alloc, b->data, &b->cap, b->len + more + 1, 1);
    if (!grown) {
        b->failed = true;
        return false;
    }
    b->data = grown;
    return true;
}

bool np_buf_putc(np_buf *b, char c)
{
    return np_buf_append(b, &c, 1);
}

bool np_buf_puts(np_buf *b, const char *s)
{
    return np_buf_append(b, s, strlen(s));
}

bool np_buf_printf(np_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !np_buf_reserve(b, (size_t)n)) {
        b->failed = true;
        return false;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

char *np_buf_take(np_buf *b, size_t *len)
{
    char *data = b->failed ? NULL : b->data;
    if (len)
        *len = data ? b->len : 0;
    if (!data)
        np_mem_free(b->alloc, b->data);
    np_buf_init(b, b->alloc);
    return data;
}
