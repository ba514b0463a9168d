/*
 * test_buf.c - growing arrays and byte buffers (ground/buf.c): growth
 * keeps what was there, sizes that would overflow are refused before
 * anything is asked of the allocator, and running out of memory (an
 * allocator that fails on cue) leaves the buffer failed for good
 * without losing or leaking anything.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ground/buf.h"
#include "unit.h"

/* An allocator that fails every request after the first `budget`, and
 * counts the blocks it has out. */
typedef struct failing {
    int budget;
    long live, requests;
} failing;

static void *f_malloc(void *ud, size_t size)
{
    failing *f = ud;
    f->requests++;
    if (f->budget-- <= 0)
        return NULL;
    f->live++;
    return malloc(size);
}

static void *f_realloc(void *ud, void *p, size_t size)
{
    failing *f = ud;
    f->requests++;
    if (f->budget-- <= 0)
        return NULL;
    if (!p)
        f->live++;
    return realloc(p, size);
}

static void f_free(void *ud, void *p)
{
    failing *f = ud;
    if (p)
        f->live--;
    free(p);
}

static void test_grown_cap(void)
{
    CHECK(np_grown_cap(0, 1, 1) == 256);
    CHECK(np_grown_cap(0, 1, 8) == 32);
    CHECK(np_grown_cap(0, 1, 1000) == 4);
    CHECK(np_grown_cap(0, 1000, 1) == 1024);
    CHECK(np_grown_cap(32, 32, 8) == 32);       /* enough already */
    CHECK(np_grown_cap(32, 33, 8) == 64);
    CHECK(np_grown_cap(32, 300, 8) == 512);
    CHECK(np_grown_cap(0, 1, 0) == 0);
    CHECK(np_grown_cap(0, SIZE_MAX / 8 + 1, 8) == 0);   /* bytes overflow */
    /* Near the top, doubling would overflow: exactly `need` instead. */
    size_t need = SIZE_MAX / 16 * 3 / 2;
    CHECK(np_grown_cap(SIZE_MAX / 16 + 1, need, 8) == need);
    CHECK(np_grown_cap(0, 1, SIZE_MAX / 2) == 1);
}

static void test_grow(void)
{
    failing f = { .budget = 100 };
    np_allocator a = { f_malloc, f_realloc, f_free, &f };
    int *v = NULL;
    size_t cap = 0;
    int i = 0;
    for (; i < 1000; i++) {
        int *g = np_grow(&a, v, &cap, (size_t)i + 1, sizeof *v);
        if (!g)
            break;
        v = g;
        v[i] = i;
    }
    CHECK(i == 1000);
    int wrong = 0;
    for (int k = 0; k < i; k++)
        wrong += v[k] != k;
    CHECK(wrong == 0);
    CHECK(cap >= 1000 && cap < 2000);
    /* Out of memory: NULL, and the array and its capacity as they were. */
    f.budget = 0;
    size_t before = cap;
    CHECK(np_grow(&a, v, &cap, cap + 1, sizeof *v) == NULL);
    CHECK(cap == before && v[999] == 999);
    /* An overflowing size never reaches the allocator. */
    long asked = f.requests;
    CHECK(np_grow(&a, v, &cap, SIZE_MAX / 2, sizeof *v) == NULL);
    CHECK(f.requests == asked && cap == before);
    np_mem_free(&a, v);
    CHECK(f.live == 0);
}

static void test_arena_grow(void)
{
    np_arena *arena = np_arena_new(NULL);
    CHECK(arena != NULL);
    if (!arena)
        return;
    double *v = NULL;
    size_t cap = 0, n = 0;
    for (; n < 500; n++) {
        double *g = np_arena_grow(arena, v, n, &cap, n + 1, sizeof *v);
        if (!g)
            break;
        v = g;
        v[n] = (double)n / 2;
    }
    int wrong = 0;
    for (size_t i = 0; i < n; i++)
        wrong += v[i] != (double)i / 2;
    CHECK(wrong == 0 && n == 500);
    size_t before = cap;
    CHECK(np_arena_grow(arena, v, n, &cap, SIZE_MAX / 4, sizeof *v) == NULL);
    CHECK(cap == before);
    np_arena_free(arena);
}

static void test_append(void)
{
    np_buf b;
    np_buf_init(&b, NULL);
    CHECK(b.data == NULL && b.len == 0 && !b.failed);
    CHECK(np_buf_append(&b, "", 0));
    CHECK(b.data && b.data[0] == '\0');
    CHECK(np_buf_puts(&b, "page "));
    CHECK(np_buf_printf(&b, "%d of %s", 3, "12"));
    CHECK(np_buf_putc(&b, '.'));
    CHECK_STR(b.data, "page 3 of 12.");
    CHECK(b.len == strlen("page 3 of 12."));
    /* Long enough to grow several times, bytes kept as they were. */
    for (int i = 0; i < 10000; i++)
        np_buf_putc(&b, (char)('a' + i % 26));
    CHECK(b.len == 13 + 10000 && b.data[b.len] == '\0');
    CHECK(b.data[13] == 'a' && b.data[13 + 10000 - 1] == 'a' + 9999 % 26);
    CHECK(np_buf_reserve(&b, 100000) && b.cap > b.len + 100000);
    size_t cap = b.cap;
    np_buf_clear(&b);
    CHECK(b.len == 0 && b.cap == cap && b.data[0] == '\0');
    CHECK(np_buf_puts(&b, "page 3 of 12.") && b.cap == cap);
    for (int i = 0; i < 10000; i++)
        np_buf_putc(&b, (char)('a' + i % 26));
    size_t len;
    char *taken = np_buf_take(&b, &len);
    CHECK(taken && len == 13 + 10000 && strncmp(taken, "page 3", 6) == 0);
    CHECK(b.data == NULL && b.len == 0);
    np_mem_free(NULL, taken);
    np_buf_free(&b);
}

/* Whatever request fails, the buffer ends failed with its bytes intact
 * up to the last append that worked, and nothing leaks. */
static void test_out_of_memory(void)
{
    for (int budget = 0; budget < 6; budget++) {
        failing f = { .budget = budget };
        np_allocator a = { f_malloc, f_realloc, f_free, &f };
        np_buf b;
        np_buf_init(&b, &a);
        size_t good = 0;
        for (int i = 0; i < 2000; i++) {
            if (!np_buf_printf(&b, "%04d", i))
                break;
            good = b.len;
        }
        CHECK(b.failed);
        CHECK(b.len == good);
        CHECK(good == 0 || (b.data[good] == '\0' && strncmp(b.data, "0000", 4) == 0));
        /* Sticky: later appends refuse even when memory would be there. */
        f.budget = 100;
        CHECK(!np_buf_putc(&b, 'x'));
        CHECK(!np_buf_append(&b, "abc", 3));
        CHECK(b.len == good);
        size_t len = 1;
        CHECK(np_buf_take(&b, &len) == NULL && len == 0);
        CHECK(!b.failed && b.data == NULL);
        np_buf_free(&b);
        CHECK(f.live == 0);
    }
    /* A size that would overflow fails without asking the allocator. */
    failing f = { .budget = 100 };
    np_allocator a = { f_malloc, f_realloc, f_free, &f };
    np_buf b;
    np_buf_init(&b, &a);
    CHECK(np_buf_puts(&b, "x"));
    long asked = f.requests;
    CHECK(!np_buf_reserve(&b, SIZE_MAX - 1));
    CHECK(b.failed && f.requests == asked);
    np_buf_free(&b);
    CHECK(f.live == 0);
}

/* Bytes written in place: kept as appended ones, NUL after them, and
 * no room at all once memory has run out. */
static void test_room(void)
{
    np_buf b;
    np_buf_init(&b, NULL);
    for (int i = 0; i < 1000; i++) {
        char *s = np_buf_room(&b, 8);
        if (!s)
            break;
        s[0] = (char)('a' + i % 26);
        s[1] = 'x';
        np_buf_wrote(&b, 1);
    }
    int wrong = b.len != 1000;
    for (size_t i = 0; !wrong && i < b.len; i++)
        wrong += b.data[i] != (char)('a' + i % 26);
    CHECK(wrong == 0 && b.data[b.len] == '\0');
    np_buf_free(&b);
    failing f = { .budget = 0 };
    np_allocator a = { f_malloc, f_realloc, f_free, &f };
    np_buf_init(&b, &a);
    CHECK(np_buf_room(&b, 4) == NULL && b.failed);
    np_buf_free(&b);
}

int main(void)
{
    test_grown_cap();
    test_grow();
    test_arena_grow();
    test_append();
    test_out_of_memory();
    test_room();
    return unit_done("test_buf");
}
