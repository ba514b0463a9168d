/*
 * hyph_memo.c - the breaks of each distinct word, kept for the render.
 *
 * The hyphenation patterns are a pure function of the token, so the
 * breaks found for a token are kept in the render's arena and read
 * back when the token comes again. Which words to hyphenate, and where
 * the hyphens go, is decided elsewhere (inline_words.c, hyph.c).
 */
#include <string.h>

#include "typesetting/typeset.h"

/* Speed (docs/performance.md): the patterns were applied to every
 * word, and a long document says the same words again and again: a
 * quarter of the time of the 200-page benchmark. The breaks found for
 * each distinct token are kept, in the render's arena, for the rest of
 * the render; the patterns are a pure function of the token. */
#define MEMO_BUCKETS 4096

typedef struct memo_word {
    struct memo_word *next;
    const char *text;
    size_t len;
    size_t *at;
    int n;
} memo_word;

struct np_hyph_memo {
    const np_hyph *hyph;        /* the patterns the breaks come from */
    memo_word *bucket[MEMO_BUCKETS];
};

static size_t memo_hash(const char *s, size_t len)
{
    size_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h % MEMO_BUCKETS;
}

static const memo_word *memo_find(const struct np_hyph_memo *m,
                                  const char *s, size_t len)
{
    for (const memo_word *e = m->bucket[memo_hash(s, len)]; e; e = e->next)
        if (e->len == len && memcmp(e->text, s, len) == 0)
            return e;
    return NULL;
}

/* Keeps the breaks of a token; a full arena only means no keeping. */
static void memo_keep(np_ts *ts, const char *s, size_t len, const size_t *at, int n)
{
    struct np_hyph_memo *m = ts->hyph_memo;
    memo_word *e = np_arena_alloc(ts->arena, sizeof *e);
    char *text = e ? np_arena_strndup(ts->arena, s, len) : NULL;
    size_t *copy = text && n ? np_arena_alloc(ts->arena, (size_t)n * sizeof *at) : NULL;
    if (!text || (n && !copy))
        return;
    if (n)
        memcpy(copy, at, (size_t)n * sizeof *at);
    *e = (memo_word){ .next = m->bucket[memo_hash(s, len)], .text = text,
                      .len = len, .at = copy, .n = n };
    m->bucket[memo_hash(s, len)] = e;
}

int np_hyph_memo_token(np_ts *ts, const np_hyph *hyph, const char *s, size_t len,
                       size_t *at, int max)
{
    if (!ts->hyph_memo && (ts->hyph_memo = np_arena_alloc(ts->arena,
                                                          sizeof *ts->hyph_memo)))
        ts->hyph_memo->hyph = ts->hyph;
    /* the memo keeps the document's words; a span's go to its patterns */
    if (!ts->hyph_memo || ts->hyph_memo->hyph != hyph)
        return np_hyph_token(hyph, s, len, at, max);
    const memo_word *e = memo_find(ts->hyph_memo, s, len);
    if (e) {
        if (e->n)
            memcpy(at, e->at, (size_t)e->n * sizeof *at);
        return e->n;
    }
    int n = np_hyph_token(hyph, s, len, at, max);
    memo_keep(ts, s, len, at, n);
    return n;
}

