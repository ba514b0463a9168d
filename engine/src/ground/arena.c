/*
 * arena.c - bump allocator in chained blocks. No per-object free; the
 * whole arena is released at once, or its blocks older than a mark.
 * Large requests get a block of their own so that the usual block size
 * stays small.
 *
 * Each block has a sequence number, and the chain runs from the newest
 * block to the oldest with numbers that never grow: a big block, put
 * behind the current one, takes the current one's number. So whatever
 * was allocated after np_arena_mark_now() returned m lies in blocks
 * numbered m or more, and np_arena_release() can cut the chain's tail.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ground/arena.h"

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

/* A cleared arena keeps one block for reuse; under AddressSanitizer its
 * bytes are poisoned until allocated again, so that a pointer kept past
 * the clear is caught as if the block had been freed. */
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

typedef struct block {
    struct block *next;
    size_t size;
    size_t used;
    np_arena_mark seq;
    _Alignas(ALIGN) unsigned char data[];
} block;

struct np_arena {
    const np_allocator *alloc;
    block *head;
    size_t total;
    np_arena_mark next_seq;   /* of the next block of the usual size */
    bool failed;
};

void *np_mem_alloc(const np_allocator *a, size_t size)
{
    return a ? a->malloc(a->ud, size) : malloc(size);
}

void *np_mem_realloc(const np_allocator *a, void *p, size_t size)
{
    return a ? a->realloc(a->ud, p, size) : realloc(p, size);
}

void np_mem_free(const np_allocator *a, void *p)
{
    if (!p)
        return;
    if (a)
        a->free(a->ud, p);
    else
        free(p);
}

np_arena *np_arena_new(const np_allocator *alloc)
{
    np_arena *arena = np_mem_alloc(alloc, sizeof *arena);
    if (!arena)
        return NULL;
    memset(arena, 0, sizeof *arena);
    arena->alloc = alloc;
    return arena;
}

void np_arena_free(np_arena *arena)
{
    if (!arena)
        return;
    block *b = arena->head;
    while (b) {
        block *next = b->next;
        UNPOISON(b->data, b->size);
        np_mem_free(arena->alloc, b);
        b = next;
    }
    np_mem_free(arena->alloc, arena);
}

static block *new_block(np_arena *arena, size_t size)
{
    block *b = np_mem_alloc(arena->alloc, sizeof *b + size);
    if (!b) {
        arena->failed = true;
        return NULL;
    }
    b->size = size;
    b->used = 0;
    return b;
}

void *np_arena_alloc(np_arena *arena, size_t size)
{
    size = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
    if (size == 0)
        size = ALIGN;
    block *b = arena->head;
    if (!b || b->size - b->used < size) {
        if (size > BLOCK_SIZE / 4) {
            /* A big object gets its own block behind the current one, so
             * the space left in the current block is not wasted. */
            block *big = new_block(arena, size);
            if (!big)
                return NULL;
            if (b) {
                big->seq = b->seq;
                big->next = b->next;
                b->next = big;
            } else {
                big->seq = arena->next_seq;
                big->next = NULL;
                arena->head = big;
            }
            big->used = size;
            arena->total += size;
            memset(big->data, 0, size);
            return big->data;
        }
        b = new_block(arena, BLOCK_SIZE);
        if (!b)
            return NULL;
        b->seq = arena->next_seq++;
        b->next = arena->head;
        arena->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    arena->total += size;
    UNPOISON(p, size);
    memset(p, 0, size);
    return p;
}

char *np_arena_strndup(np_arena *arena, const char *s, size_t len)
{
    char *d = np_arena_alloc(arena, len + 1);
    if (!d)
        return NULL;
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *np_arena_strdup(np_arena *arena, const char *s)
{
    return np_arena_strndup(arena, s, strlen(s));
}

char *np_arena_printf(np_arena *arena, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *d = np_arena_alloc(arena, (size_t)n + 1);
    if (!d)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}

bool np_arena_failed(const np_arena *arena)
{
    return arena->failed;
}

size_t np_arena_used(const np_arena *arena)
{
    return arena->total;
}

np_arena_mark np_arena_mark_now(const np_arena *arena)
{
    return arena->head ? arena->head->seq : arena->next_seq;
}

void np_arena_clear(np_arena *arena)
{
    block *keep = NULL, *b = arena->head;
    while (b) {
        block *next = b->next;
        if (!keep && b->size == BLOCK_SIZE) {
            keep = b;
        } else {
            UNPOISON(b->data, b->size);
            np_mem_free(arena->alloc, b);
        }
        b = next;
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
        keep->seq = arena->next_seq++;
        POISON(keep->data, keep->size);
    }
    arena->head = keep;
    arena->total = 0;
}

void np_arena_release(np_arena *arena, np_arena_mark mark)
{
    block **link = &arena->head;
    while (*link && (*link)->seq >= mark)
        link = &(*link)->next;
    block *b = *link;
    *link = NULL;
    while (b) {
        block *next = b->next;
        arena->total -= b->used;
        UNPOISON(b->data, b->size);
        np_mem_free(arena->alloc, b);
        b = next;
    }
}
