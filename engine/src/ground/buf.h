/*
 * buf.h - growing memory: a byte buffer that grows as it is appended to,
 * and the one overflow-checked way to grow an array of elements, in the
 * engine's allocator or in an arena.
 *
 * Growth doubles, and every size is checked against overflow before it
 * is asked for. A buffer that could not grow remembers it (a sticky
 * failure, like the arena's), so that a writer may append a whole record
 * and check once. Nothing here formats numbers the PDF way or knows what
 * the bytes are; freeing is the caller's (np_buf_free, np_mem_free).
 */
#ifndef NP_BUF_H
#define NP_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ground/arena.h"

/* ---- arrays ------------------------------------------------------- */

/* The capacity, in elements of `size` bytes, that an array of `cap`
 * grows to so as to hold `need`: `cap` itself when it is enough, else
 * doubled until it is (from a first capacity of some 256 bytes' worth).
 * 0 when `need` elements would not fit in a size_t of bytes. */
size_t np_grown_cap(size_t cap, size_t need, size_t size);

/* `items` (an array of `*cap` elements of `size` bytes, NULL when *cap
 * is 0) with room for `need` elements, moved by np_mem_realloc if it has
 * to grow; *cap is updated. NULL, `items` untouched and still the
 * caller's, when memory runs out or the size would overflow. */
void *np_grow(const np_allocator *alloc, void *items, size_t *cap,
              size_t need, size_t size);

/* The same for an array in an arena: a larger one is taken from the
 * arena and the `used` elements copied into it (the old one stays in the
 * arena until it is freed). */
void *np_arena_grow(np_arena *arena, void *items, size_t used, size_t *cap,
                    size_t need, size_t size);

/* ---- bytes -------------------------------------------------------- */

typedef struct np_buf {
    const np_allocator *alloc;  /* NULL: the system allocator */
    char *data;                 /* NUL after `len` once anything is added */
    size_t len, cap;
    bool failed;                /* an append ran out of memory */
} np_buf;

/* An empty buffer; nothing is allocated until the first append. */
void np_buf_init(np_buf *b, const np_allocator *alloc);
void np_buf_free(np_buf *b);

/* Empties the buffer and keeps its memory for what comes next. */
void np_buf_clear(np_buf *b);

/* np_buf_reserve when the room is not there already (or the buffer
 * failed). The calls below are inline: a content stream is written a
 * few bytes at a time and the room is nearly always there. */
bool np_buf_grow_for(np_buf *b, size_t more);

/* Each returns false, and leaves the buffer as it was, when memory runs
 * out (or the size would overflow); the buffer then stays failed and
 * refuses every later append, so checking b->failed at the end is
 * enough. */

/* Room for `more` bytes, and one more for the NUL after them. */
inline bool np_buf_reserve(np_buf *b, size_t more)
{
    if (!b->failed && b->cap > b->len && more < b->cap - b->len)
        return true;
    return np_buf_grow_for(b, more);
}

inline bool np_buf_append(np_buf *b, const void *bytes, size_t len)
{
    if (!np_buf_reserve(b, len))
        return false;
    if (len)
        memcpy(b->data + b->len, bytes, len);
    b->len += len;
    b->data[b->len] = '\0';
    return true;
}

/* Room for `n` more bytes, to be written at the place returned and
 * kept by np_buf_wrote(b, k), k <= n: what writes a few bytes at a time
 * (a content stream's glyph codes and numbers) without a copy. NULL
 * when memory runs out (b->failed). */
inline char *np_buf_room(np_buf *b, size_t n)
{
    return np_buf_reserve(b, n) ? b->data + b->len : NULL;
}

inline void np_buf_wrote(np_buf *b, size_t k)
{
    b->len += k;
    b->data[b->len] = '\0';
}

bool np_buf_putc(np_buf *b, char c);
bool np_buf_puts(np_buf *b, const char *s);
bool np_buf_printf(np_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Hands the bytes (NUL-terminated, allocated with b->alloc) to the
 * caller, who frees them with np_mem_free; the buffer is empty again.
 * NULL when nothing was added or the buffer failed. */
char *np_buf_take(np_buf *b, size_t *len);

#endif
