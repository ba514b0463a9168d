/*
 * arena.h - per-run memory: many small allocations, one free.
 *
 * Every node, string and layout record of one render lives in the
 * render's arena and goes away with np_arena_free(). Arenas of shorter
 * lives go sooner: all at once (np_arena_clear), or their oldest
 * blocks behind a mark (np_arena_release). Allocation never
 * aborts: it returns NULL when the allocator fails, and the arena
 * remembers the failure (np_arena_failed) so that callers can check once
 * at the end of a stage.
 */
#ifndef NP_ARENA_H
#define NP_ARENA_H

#include <stddef.h>
#include <stdbool.h>
#include "notepress.h"

typedef struct np_arena np_arena;

/* `alloc` may be NULL (system allocator); it is kept, not copied. */
np_arena *np_arena_new(const np_allocator *alloc);
void np_arena_free(np_arena *arena);

/* Zero-filled, aligned for any type; NULL when memory runs out. */
void *np_arena_alloc(np_arena *arena, size_t size);
char *np_arena_strndup(np_arena *arena, const char *s, size_t len);
char *np_arena_strdup(np_arena *arena, const char *s);
char *np_arena_printf(np_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

bool np_arena_failed(const np_arena *arena);
/* Bytes held by the arena's allocations. */
size_t np_arena_used(const np_arena *arena);

/* Every allocation gone at once, the arena still usable (it keeps a
 * block for what comes next). */
void np_arena_clear(np_arena *arena);

/* A point in the arena's life: every allocation made after the mark
 * was taken survives np_arena_release(arena, mark), which frees blocks
 * holding only allocations made before it (some of those, sharing a
 * block with later ones, stay). Marks only grow. */
typedef unsigned np_arena_mark;
np_arena_mark np_arena_mark_now(const np_arena *arena);
void np_arena_release(np_arena *arena, np_arena_mark mark);

/* The allocator behind the arena, for growable arrays freed explicitly. */
void *np_mem_alloc(const np_allocator *alloc, size_t size);
void *np_mem_realloc(const np_allocator *alloc, void *p, size_t size);
void np_mem_free(const np_allocator *alloc, void *p);

#endif
