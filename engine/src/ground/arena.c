/*
 * arena.c - bump allocator in chained blocks. No per-object free; the
 * whole arena is released at once. Large requests get a block of their
 * own so that the usual block size stays small.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ground/arena.h"

#define BLOCK_SIZE (64 * 1024)
#define ALIGN 16

typedef struct block {
    struct block *next;
    size_t size;
    size_t used;
    _Alignas(ALIGN) unsigned char data[];
} block;

struct np_arena {
    const np_allocator *alloc;
    block *head;
    size_t total;
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
                big->next = b->next;
                b->next = big;
            } else {
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
        b->next = arena->head;
        arena->head = b;
    }
    void *p = b->data + b->used;
    b->used += size;
    arena->total += size;
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
