/*
 * test_arena.c - the render's arena (ground/arena.c) released behind a
 * mark: what was allocated after the mark keeps its bytes, the blocks
 * holding only older allocations go back to the allocator, big
 * allocations (a block of their own) count as made when they were, and
 * marks keep growing after everything has been released.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ground/arena.h"
#include "unit.h"

/* Counts the blocks the arena has out and the bytes asked for. */
typedef struct counting {
    long live;
} counting;

static void *c_malloc(void *ud, size_t size)
{
    ((counting *)ud)->live++;
    return malloc(size);
}

static void *c_realloc(void *ud, void *p, size_t size)
{
    if (!p)
        ((counting *)ud)->live++;
    return realloc(p, size);
}

static void c_free(void *ud, void *p)
{
    ((counting *)ud)->live--;
    free(p);
}

/* `n` allocations of `size` bytes, each filled with its own byte. */
static unsigned char **fill(np_arena *a, unsigned char **p, int n, size_t size,
                            int from)
{
    for (int i = 0; i < n; i++) {
        p[i] = np_arena_alloc(a, size);
        if (p[i])
            memset(p[i], (from + i) & 0xff, size);
    }
    return p;
}

static int intact(unsigned char **p, int n, size_t size, int from)
{
    int wrong = 0;
    for (int i = 0; i < n; i++)
        for (size_t k = 0; k < size; k++)
            wrong += !p[i] || p[i][k] != ((from + i) & 0xff);
    return wrong == 0;
}

static void test_release_keeps_later(void)
{
    counting c = { 0 };
    np_allocator al = { .malloc = c_malloc, .realloc = c_realloc,
                        .free = c_free, .ud = &c };
    np_arena *a = np_arena_new(&al);
    CHECK(a != NULL);
    if (!a)
        return;
    enum { N = 3000, SIZE = 100 };      /* some 300 KB: several blocks */
    static unsigned char *old[N], *young[N];
    fill(a, old, N, SIZE, 0);
    long before = c.live;
    np_arena_mark m = np_arena_mark_now(a);
    fill(a, young, N, SIZE, 7);
    long grown = c.live - before;
    size_t used_all = np_arena_used(a);
    np_arena_release(a, m);
    CHECK(intact(young, N, SIZE, 7));
    /* left: the arena itself, the block the old shared with the young,
     * and the young's own blocks */
    CHECK(grown > 1 && c.live == 2 + grown);
    CHECK(np_arena_used(a) < used_all && np_arena_used(a) >= (size_t)N * SIZE);
    /* releasing again at the same mark frees nothing more */
    long now = c.live;
    np_arena_release(a, m);
    CHECK(c.live == now && intact(young, N, SIZE, 7));
    np_arena_free(a);
    CHECK(c.live == 0);
}

static void test_big_blocks(void)
{
    counting c = { 0 };
    np_allocator al = { .malloc = c_malloc, .realloc = c_realloc,
                        .free = c_free, .ud = &c };
    np_arena *a = np_arena_new(&al);
    if (!a)
        return;
    enum { N = 2000, SIZE = 100 };
    static unsigned char *small[N];
    unsigned char *big_old[1], *big_young[1], *last[1];
    fill(a, big_old, 1, 200000, 2);     /* a block of its own, the first */
    fill(a, small, N, SIZE, 1);         /* blocks after it */
    np_arena_mark m = np_arena_mark_now(a);
    fill(a, big_young, 1, 200000, 3);   /* behind the current block */
    fill(a, last, 1, 16, 4);
    np_arena_release(a, m);
    /* left: the arena, the current block and the young big one */
    CHECK(c.live == 3);
    CHECK(intact(big_young, 1, 200000, 3) && intact(last, 1, 16, 4));
    np_arena_free(a);
    CHECK(c.live == 0);
}

static void test_marks_grow(void)
{
    np_arena *a = np_arena_new(NULL);
    if (!a)
        return;
    np_arena_mark first = np_arena_mark_now(a);
    unsigned char *p[2000];
    fill(a, p, 2000, 100, 0);
    np_arena_mark later = np_arena_mark_now(a);
    CHECK(later > first);
    /* a mark past every block releases them all; the next ones are
     * newer still, and the arena goes on */
    np_arena_release(a, later + 1);
    CHECK(np_arena_used(a) == 0);
    np_arena_mark after = np_arena_mark_now(a);
    CHECK(after > later);
    fill(a, p, 10, 100, 5);
    CHECK(intact(p, 10, 100, 5) && np_arena_mark_now(a) >= after);
    np_arena_release(a, np_arena_mark_now(a));
    CHECK(intact(p, 10, 100, 5));
    np_arena_free(a);
}

int main(void)
{
    test_release_keeps_later();
    test_big_blocks();
    test_marks_grow();
    return unit_done("test_arena");
}
