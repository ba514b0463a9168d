/*
 * typo.c - language-aware spacing: French punctuation spaces and the
 * ties that keep a number with what it counts. Only text is rewritten
 * here; breaking is the line breaker's business (a no-break space is part
 * of the word it joins).
 */
#include <string.h>

#include "typo.h"

#define NNBSP "\xE2\x80\xAF"    /* U+202F narrow no-break space */
#define NBSP "\xC2\xA0"         /* U+00A0 no-break space */

static bool is_plain_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool starts_with(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && memcmp(s, p, n) == 0;
}

/* A no-break space of either width ends at s[i-1]? */
static bool nbsp_before(const char *s, size_t i)
{
    return (i >= 2 && memcmp(s + i - 2, NBSP, 2) == 0)
           || (i >= 3 && memcmp(s + i - 3, NNBSP, 3) == 0);
}

static bool is_ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The byte before a punctuation mark that takes a space: a word (or a
 * closing mark) ends there, not a URL or a time of day. */
static bool word_ends_before(const char *s, size_t i)
{
    if (i == 0)
        return true;            /* after an element: a call, italics... */
    unsigned char c = (unsigned char)s[i - 1];
    return is_ascii_alnum((char)c) || c >= 0x80 || c == ')' || c == ']'
           || c == '"' || c == '\'' || c == '.';
}

static bool followed_by_break(const char *s, size_t i, size_t len)
{
    return i >= len || is_plain_space(s[i]) || s[i] == ')' || s[i] == ','
           || s[i] == '.' || s[i] == '!' || s[i] == '?'
           || starts_with(s + i, len - i, "\xC2\xBB");
}

typedef struct out {
    char *buf;
    size_t n;
} out;

static void put(out *o, const char *s, size_t n)
{
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

/* Drops plain spaces already written just before a mark. */
static void drop_spaces(out *o)
{
    while (o->n > 0 && is_plain_space(o->buf[o->n - 1]))
        o->n--;
}

static size_t skip_spaces(const char *s, size_t i, size_t len)
{
    while (i < len && is_plain_space(s[i]))
        i++;
    return i;
}

/* Handles the mark at s[i] if it takes a space; returns the bytes used
 * from s, 0 if s[i] is not such a mark. */
static size_t french_mark(out *o, const char *s, size_t i, size_t len)
{
    char c = s[i];
    if (c == ';' || c == '!' || c == '?' || c == ':') {
        size_t before = o->n;
        drop_spaces(o);
        bool word = word_ends_before(o->buf, o->n) || o->n < before;
        if (!word || !followed_by_break(s, i + 1, len) || nbsp_before(o->buf, o->n)
            || (c != ':' && o->n > 0 && (o->buf[o->n - 1] == '!' || o->buf[o->n - 1] == '?'))) {
            o->n = before;      /* not a place for a space: as written */
            return 0;
        }
        put(o, c == ':' ? NBSP : NNBSP, c == ':' ? 2 : 3);
        put(o, &c, 1);
        return 1;
    }
    if (starts_with(s + i, len - i, "\xC2\xAB")) {          /* « */
        put(o, s + i, 2);
        size_t j = skip_spaces(s, i + 2, len);
        if (!starts_with(s + j, len - j, NBSP) && !starts_with(s + j, len - j, NNBSP))
            put(o, NBSP, 2);
        return j - i;
    }
    if (starts_with(s + i, len - i, "\xC2\xBB")) {          /* » */
        drop_spaces(o);
        if (o->n > 0 && !nbsp_before(o->buf, o->n))
            put(o, NBSP, 2);
        put(o, s + i, 2);
        return 2;
    }
    return 0;
}

const char *np_typo_french(np_arena *arena, const char *text, size_t len,
                           size_t *out_len)
{
    /* Each mark adds at most 3 bytes: size the copy by counting them
     * (a run without any is returned as it is). */
    size_t marks = 0;
    for (size_t i = 0; i < len; i++)
        marks += text[i] == ';' || text[i] == ':' || text[i] == '!'
                 || text[i] == '?' || starts_with(text + i, len - i, "\xC2\xAB")
                 || starts_with(text + i, len - i, "\xC2\xBB");
    *out_len = len;
    if (marks == 0)
        return text;
    out o = { np_arena_alloc(arena, len + 3 * marks + 1), 0 };
    if (!o.buf)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t used = french_mark(&o, text, i, len);
        if (used == 0) {
            put(&o, text + i, 1);
            used = 1;
        }
        i += used;
    }
    o.buf[o.n] = '\0';
    *out_len = o.n;
    if (o.n == len && memcmp(o.buf, text, len) == 0)
        return text;
    return o.buf;
}

/* ---- quotation marks ---------------------------------------------- */

const char *np_typo_quotes(np_arena *arena, const char *text, size_t len,
                           const char *open, const char *close, bool *inside,
                           size_t *out_len)
{
    *out_len = len;
    if (!memchr(text, '"', len))
        return text;
    size_t lo = strlen(open), lc = strlen(close);
    size_t extra = lo > lc ? lo : lc;
    out o = { np_arena_alloc(arena, len * (extra + 1) + 1), 0 };
    if (!o.buf)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '"') {
            put(&o, text + i, 1);
            continue;
        }
        put(&o, *inside ? close : open, *inside ? lc : lo);
        *inside = !*inside;
    }
    o.buf[o.n] = '\0';
    *out_len = o.n;
    return o.buf;
}

/* ---- ties -------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] != '.' && s[i] != ',')
            return false;
    }
    return digits > 0;
}

static bool starts_with_digit(const char *s, size_t n)
{
    return n > 0 && s[0] >= '0' && s[0] <= '9';
}

static bool starts_with_word(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '%';
}

static bool announces_number(const char *a, size_t n)
{
    static const char *words[] = {
        "n\xC2\xB0", "N\xC2\xB0", "no", "No", "nos", "Nos", "p.", "pp.",
        "art.", "par.", "para.", "paras.", "vol.", "chap.", "sect.",
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], a, n) == 0)
            return true;
    return false;
}

bool np_typo_tie(const char *a, size_t alen, const char *b, size_t blen)
{
    if (all_digits(a, alen) && starts_with_word(b, blen))
        return true;
    return announces_number(a, alen) && starts_with_digit(b, blen);
}
