/*
 * hyph_load.c - a libhyphen pattern file read into libhyphen's own
 * dictionary structure, in one block of memory.
 *
 * libhyphen 2.8.8's loader costs a short note a quarter of its time: for
 * the 2,900 French patterns it builds two 250 KB hash tables of every
 * pattern prefix, makes some 15,000 small allocations and frees most of
 * them again, 320 page faults in all. The dictionary it produces is
 * simple: one state per prefix of a pattern (a trie), each with its
 * transitions, the digits of the pattern ending there, and a fallback
 * to the state of its longest proper suffix. This file builds the same
 * states from the same lines, computes the fallbacks as the failure
 * links of the trie (breadth first, no hash table), and lays the whole
 * dictionary out in one block. hnj_hyphen_hyphenate3() then reads it as
 * it would read its own.
 *
 * "The same lines" means libhyphen's reading of the file, kept here
 * rule by rule: the first line names the charset (fgets of 19 bytes);
 * then each line as fgets(MAX_CHARS) returns it; NEXTLEVEL starts the
 * second (compound) level
 * and, read there, stops the reading; '%' starts a comment; directives
 * LEFTHYPHENMIN, RIGHTHYPHENMIN, COMPOUNDLEFTHYPHENMIN,
 * COMPOUNDRIGHTHYPHENMIN (atoi of the rest) and NOHYPHEN (a list with
 * its last byte dropped and commas turned into separators); otherwise a
 * pattern: the bytes up to the first space or control character, digits
 * giving the break values between letters, leading zeros dropped, a
 * repeated pattern replacing the earlier one. A file without NEXTLEVEL
 * gets libhyphen's default first level (no breaks at hyphens, dashes
 * and apostrophes) above it, with the minima libhyphen gives it.
 * tests/unit/test_hyph.c compares the result with libhyphen's own,
 * state by state, for every dictionary on the machine and for files
 * made to exercise each rule.
 *
 * A file in KOI8-R (Debian's Russian patterns, hyph_ru_RU.dic) is
 * read as libhyphen reads the same file converted to UTF-8: hyphenation
 * works on UTF-8 words, and libhyphen counts characters only in UTF-8
 * dictionaries.
 *
 * What only libhyphen reads as libhyphen means it is left to libhyphen:
 * replacement patterns ("/"), NUL bytes, a charset other than UTF-8 and
 * KOI8-R (which hyph.c refuses anyway), and lines longer than its
 * 99-byte buffer, which 2.8.8 reads as several lines and later versions
 * skip.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "readers/hyph_load.h"
#include "ground/buf.h"
#include "ground/file_read.h"
#include "ground/utf8.h"

/* Pattern files are tens or hundreds of kilobytes; the largest in
 * Debian is under a megabyte. */
#define MAX_FILE_BYTES ((size_t)16 << 20)

/* A state while the trie is built; `first`, `last` and `next` link the
 * children in the order they were added, which is the order libhyphen
 * gives the transitions. */
typedef struct node {
    int32_t first, last;        /* children; -1 when none */
    int32_t next;               /* next sibling; -1 when last */
    int32_t fallback;
    int32_t match;              /* offset in the strings, -1 when none */
    int16_t word_len;           /* of the pattern ending here */
    unsigned char ch;           /* the byte that leads here */
} node;

typedef struct level {
    node *nodes;
    size_t count, cap;
    char lhmin, rhmin, clhmin, crhmin;
    int32_t nohyphen;           /* offset in the strings, -1 when none */
    int nohyphenl;
} level;

typedef struct builder {
    level lv[2];
    char cset[MAX_NAME];
    char *strings;              /* matches and NOHYPHEN lists */
    size_t len, cap;
    bool oom;
    bool unsupported;           /* a line only libhyphen reads */
} builder;

/* Keeps `len` bytes and a NUL; returns their offset, or -1. */
static int32_t add_string(builder *b, const char *s, size_t len)
{
    /* The system allocator (NULL), as for every array of this reader. */
    char *strings = b->len + len + 1 > INT32_MAX ? NULL
                    : np_grow(NULL, b->strings, &b->cap, b->len + len + 1, 1);
    if (!strings) {
        b->oom = true;
        return -1;
    }
    b->strings = strings;
    memcpy(b->strings + b->len, s, len);
    b->strings[b->len + len] = '\0';
    int32_t at = (int32_t)b->len;
    b->len += len + 1;
    return at;
}

static int32_t new_node(builder *b, level *lv, unsigned char ch)
{
    node *nodes = lv->count >= INT32_MAX ? NULL
                  : np_grow(NULL, lv->nodes, &lv->cap, lv->count + 1, sizeof *nodes);
    if (!nodes) {
        b->oom = true;
        return -1;
    }
    lv->nodes = nodes;
    lv->nodes[lv->count] = (node){ .first = -1, .last = -1, .next = -1,
                                   .fallback = -1, .match = -1, .ch = ch };
    return (int32_t)lv->count++;
}

static int32_t child(const level *lv, int32_t parent, unsigned char ch)
{
    for (int32_t c = lv->nodes[parent].first; c >= 0; c = lv->nodes[c].next)
        if (lv->nodes[c].ch == ch)
            return c;
    return -1;
}

/* The state of `word`, made with those of its prefixes when new. */
static int32_t insert(builder *b, level *lv, const char *word)
{
    int32_t s = 0;
    for (const char *p = word; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        int32_t c = child(lv, s, ch);
        if (c < 0) {
            c = new_node(b, lv, ch);
            if (c < 0)
                return -1;
            node *parent = &lv->nodes[s];
            if (parent->last >= 0)
                lv->nodes[parent->last].next = c;
            else
                parent->first = c;
            parent->last = c;
        }
        s = c;
    }
    return s;
}

/* ---- one line, as hnj_hyphen_load_line reads it --------------------- */

static void set_nohyphen(builder *b, level *lv, const char *rest)
{
    while (*rest == ' ' || *rest == '\t')
        rest++;
    lv->nohyphen = -1;
    lv->nohyphenl = 0;
    if (!*rest)
        return;
    int32_t at = add_string(b, rest, strlen(rest));
    if (at < 0)
        return;
    /* libhyphen drops the last byte (the newline, when there is one)
     * and splits at every comma but a leading one. */
    char *list = b->strings + at;
    char *end = list + strlen(list) - 1;
    *end = '\0';
    for (char *p = end - 1; p > list; p--)
        if (*p == ',') {
            lv->nohyphenl++;
            *p = '\0';
        }
    lv->nohyphen = at;
}

static bool directive(builder *b, level *lv, const char *buf)
{
    if (strncmp(buf, "LEFTHYPHENMIN", 13) == 0)
        lv->lhmin = (char)atoi(buf + 13);
    else if (strncmp(buf, "RIGHTHYPHENMIN", 14) == 0)
        lv->rhmin = (char)atoi(buf + 14);
    else if (strncmp(buf, "COMPOUNDLEFTHYPHENMIN", 21) == 0)
        lv->clhmin = (char)atoi(buf + 21);
    else if (strncmp(buf, "COMPOUNDRIGHTHYPHENMIN", 22) == 0)
        lv->crhmin = (char)atoi(buf + 22);
    else if (strncmp(buf, "NOHYPHEN", 8) == 0)
        set_nohyphen(b, lv, buf + 8);
    else
        return false;
    return true;
}

static void load_line(builder *b, level *lv, const char *buf)
{
    if (directive(b, lv, buf))
        return;
    if (strchr(buf, '/')) {
        b->unsupported = true;
        return;
    }
    char word[MAX_CHARS], digits[MAX_CHARS];
    int j = 0;
    digits[0] = '0';
    for (int i = 0; (unsigned char)buf[i] > ' ' && j < MAX_CHARS - 2; i++) {
        if (buf[i] >= '0' && buf[i] <= '9')
            digits[j] = buf[i];
        else {
            word[j] = buf[i];
            digits[++j] = '0';
        }
    }
    word[j] = '\0';
    digits[j + 1] = '\0';
    const char *match = digits;
    while (*match == '0')
        match++;
    int32_t s = insert(b, lv, word);
    int32_t at = s < 0 ? -1 : add_string(b, match, strlen(match));
    if (at < 0)
        return;
    lv->nodes[s].match = at;
    lv->nodes[s].word_len = (int16_t)j;
}

/* ---- the file, as hnj_hyphen_load_file reads it --------------------- */

typedef struct reader {
    const char *p, *end;
} reader;

/* Copies the next line into buf[size] as fgets(buf, size) would, NUL
 * terminated. Returns false at the end of the file. Sets *whole to
 * false when the buffer filled before a newline (even when the file
 * ends right there: fgets stopped at the count, not at the end). */
static bool next_line(reader *r, char *buf, size_t size, bool *whole)
{
    if (r->p >= r->end)
        return false;
    size_t room = size - 1, n = 0;
    while (n < room && r->p + n < r->end && r->p[n] != '\n')
        n++;
    if (n < room && r->p + n < r->end)
        n++;                            /* the newline */
    memcpy(buf, r->p, n);
    buf[n] = '\0';
    r->p += n;
    *whole = (n > 0 && buf[n - 1] == '\n') || n < room;
    return true;
}

static void read_charset(builder *b, reader *r)
{
    bool whole;
    memset(b->cset, 0, sizeof b->cset);
    if (!next_line(r, b->cset, sizeof b->cset, &whole))
        return;
    for (size_t i = 0; i < sizeof b->cset; i++)
        if (b->cset[i] == '\r' || b->cset[i] == '\n')
            b->cset[i] = '\0';
}

/* Reads pattern lines into `lv` until the end of the file or a
 * NEXTLEVEL line; returns whether it met one. */
static bool read_level(builder *b, reader *r, level *lv)
{
    char buf[MAX_CHARS];
    bool whole;
    while (!b->oom && !b->unsupported && next_line(r, buf, sizeof buf, &whole)) {
        if (!whole) {
            b->unsupported = true;
            break;
        }
        if (strncmp(buf, "NEXTLEVEL", 9) == 0)
            return true;
        if (buf[0] != '%')
            load_line(b, lv, buf);
    }
    return false;
}

/* libhyphen's first level for a file without NEXTLEVEL. */
static void default_level(builder *b, level *top, const level *patterns)
{
    static const char *const LINES[] = {
        "NOHYPHEN ',\xe2\x80\x93,\xe2\x80\x99,-\n",
        "1-1\n", "1'1\n",
        "1\xe2\x80\x93" "1\n",          /* en dash */
        "1\xe2\x80\x99" "1\n",          /* apostrophe */
    };
    for (size_t i = 0; i < sizeof LINES / sizeof *LINES; i++)
        load_line(b, top, LINES[i]);
    top->lhmin = patterns->lhmin;
    top->rhmin = patterns->rhmin;
    top->clhmin = patterns->clhmin ? patterns->clhmin
                : patterns->lhmin ? patterns->lhmin : 3;
    top->crhmin = patterns->crhmin ? patterns->crhmin
                : patterns->rhmin ? patterns->rhmin : 3;
}

/* ---- fallbacks and the final block ---------------------------------- */

/* The fallback of a state is the state of its longest proper suffix:
 * the failure link of the trie, found breadth first from the root. */
static bool set_fallbacks(level *lv)
{
    int32_t *queue = malloc(lv->count * sizeof *queue);
    if (!queue)
        return false;
    size_t head = 0, tail = 0;
    lv->nodes[0].fallback = -1;
    queue[tail++] = 0;
    while (head < tail) {
        int32_t s = queue[head++];
        for (int32_t c = lv->nodes[s].first; c >= 0; c = lv->nodes[c].next) {
            int32_t f = lv->nodes[s].fallback, to = -1;
            while (f >= 0 && (to = child(lv, f, lv->nodes[c].ch)) < 0)
                f = lv->nodes[f].fallback;
            lv->nodes[c].fallback = f < 0 ? 0 : to;
            queue[tail++] = c;
        }
    }
    free(queue);
    return true;
}

static HyphenTrans *fill_states(const level *lv, const char *strings,
                                HyphenState *states, HyphenTrans *trans)
{
    for (size_t i = 0; i < lv->count; i++) {
        const node *n = &lv->nodes[i];
        HyphenState *s = &states[i];
        s->match = n->match >= 0 ? (char *)strings + n->match : NULL;
        s->repl = NULL;
        s->replindex = 0;
        s->replcut = (signed char)n->word_len;
        s->fallback_state = n->fallback;
        s->num_trans = 0;
        s->trans = n->first >= 0 ? trans : NULL;
        for (int32_t c = n->first; c >= 0; c = lv->nodes[c].next) {
            trans->ch = (char)lv->nodes[c].ch;
            trans->new_state = c;
            trans++;
            s->num_trans++;
        }
    }
    return trans;
}

static void fill_dict(HyphenDict *d, const level *lv, const builder *b,
                      const char *strings, HyphenState *states)
{
    memset(d, 0, sizeof *d);
    d->lhmin = lv->lhmin;
    d->rhmin = lv->rhmin;
    d->clhmin = lv->clhmin;
    d->crhmin = lv->crhmin;
    d->nohyphen = lv->nohyphen >= 0 ? (char *)strings + lv->nohyphen : NULL;
    d->nohyphenl = lv->nohyphenl;
    d->num_states = (int)lv->count;
    memcpy(d->cset, b->cset, sizeof d->cset);
    d->cset[sizeof d->cset - 1] = '\0';
    d->utf8 = 1;
    d->states = states;
}

/* Lays out two dictionaries, their states, transitions and strings in
 * one block; `top` is the one hyphenation starts from. */
static void *build_block(const builder *b, int top, HyphenDict **out)
{
    size_t nstates = b->lv[0].count + b->lv[1].count;
    size_t ntrans = nstates - 2;        /* every state but the roots */
    size_t size = 2 * sizeof(HyphenDict) + nstates * sizeof(HyphenState) +
                  ntrans * sizeof(HyphenTrans) + b->len;
    char *block = malloc(size);
    if (!block)
        return NULL;
    HyphenDict *dicts = (HyphenDict *)block;
    HyphenState *states = (HyphenState *)(dicts + 2);
    HyphenTrans *trans = (HyphenTrans *)(states + nstates);
    char *strings = (char *)(trans + ntrans);
    memcpy(strings, b->strings, b->len);
    HyphenState *at = states;
    for (int k = 0; k < 2; k++) {
        fill_dict(&dicts[k], &b->lv[k], b, strings, at);
        trans = fill_states(&b->lv[k], strings, at, trans);
        at += b->lv[k].count;
    }
    dicts[top].nextlevel = &dicts[1 - top];
    *out = &dicts[top];
    return block;
}

/* ---- KOI8-R ---------------------------------------------------- */

/* The code points of KOI8-R's bytes 0x80..0xFF (RFC 1489); below 0x80
 * it is ASCII. */
static const uint16_t KOI8R[128] = {
    0x2500, 0x2502, 0x250C, 0x2510, 0x2514, 0x2518, 0x251C, 0x2524,
    0x252C, 0x2534, 0x253C, 0x2580, 0x2584, 0x2588, 0x258C, 0x2590,
    0x2591, 0x2592, 0x2593, 0x2320, 0x25A0, 0x2219, 0x221A, 0x2248,
    0x2264, 0x2265, 0x00A0, 0x2321, 0x00B0, 0x00B2, 0x00B7, 0x00F7,
    0x2550, 0x2551, 0x2552, 0x0451, 0x2553, 0x2554, 0x2555, 0x2556,
    0x2557, 0x2558, 0x2559, 0x255A, 0x255B, 0x255C, 0x255D, 0x255E,
    0x255F, 0x2560, 0x2561, 0x0401, 0x2562, 0x2563, 0x2564, 0x2565,
    0x2566, 0x2567, 0x2568, 0x2569, 0x256A, 0x256B, 0x256C, 0x00A9,
    0x044E, 0x0430, 0x0431, 0x0446, 0x0434, 0x0435, 0x0444, 0x0433,
    0x0445, 0x0438, 0x0439, 0x043A, 0x043B, 0x043C, 0x043D, 0x043E,
    0x043F, 0x044F, 0x0440, 0x0441, 0x0442, 0x0443, 0x0436, 0x0432,
    0x044C, 0x044B, 0x0437, 0x0448, 0x044D, 0x0449, 0x0447, 0x044A,
    0x042E, 0x0410, 0x0411, 0x0426, 0x0414, 0x0415, 0x0424, 0x0413,
    0x0425, 0x0418, 0x0419, 0x041A, 0x041B, 0x041C, 0x041D, 0x041E,
    0x041F, 0x042F, 0x0420, 0x0421, 0x0422, 0x0423, 0x0416, 0x0412,
    0x042C, 0x042B, 0x0417, 0x0428, 0x042D, 0x0429, 0x0427, 0x042A,
};

/* Whether the first line of the file names KOI8-R (libhyphen reads the
 * charset name up to the end of the line, a CR dropped). */
static bool names_koi8r(const char *bytes, size_t len)
{
    static const char NAME[] = "KOI8-R";
    size_t n = sizeof NAME - 1;
    if (len < n || memcmp(bytes, NAME, n) != 0)
        return false;
    return len == n || bytes[n] == '\n' || bytes[n] == '\r';
}

/* The file in UTF-8, its first line naming UTF-8: every byte above
 * 0x7F becomes two or three bytes. malloc'd; NULL when out of memory. */
static char *koi8r_to_utf8(const char *bytes, size_t len, size_t *out_len)
{
    static const char HEAD[] = "UTF-8";
    size_t skip = strlen("KOI8-R");
    char *out = len < SIZE_MAX / 3 ? malloc(3 * len + sizeof HEAD) : NULL;
    if (!out)
        return NULL;
    memcpy(out, HEAD, sizeof HEAD - 1);
    size_t n = sizeof HEAD - 1;
    for (size_t i = skip; i < len; i++) {
        unsigned char c = (unsigned char)bytes[i];
        unsigned cp = c < 0x80 ? c : KOI8R[c - 0x80];
        n += np_utf8_encode(cp, out + n);
    }
    *out_len = n;
    return out;
}

/* ---- the whole load ---------------------------------------------- */

static int build(builder *b, const char *bytes, size_t len,
                 HyphenDict **dict, void **block)
{
    reader r = { bytes, bytes + len };
    if (memchr(bytes, '\0', len))
        return 1;
    read_charset(b, &r);
    if (strcmp(b->cset, "UTF-8") != 0)
        return 1;
    for (int k = 0; k < 2; k++) {
        b->lv[k].nohyphen = -1;
        if (new_node(b, &b->lv[k], 0) < 0)
            return -1;
    }
    bool nextlevel = read_level(b, &r, &b->lv[0]);
    if (nextlevel)
        read_level(b, &r, &b->lv[1]);
    else
        default_level(b, &b->lv[1], &b->lv[0]);
    if (b->unsupported)
        return 1;
    if (b->oom || !set_fallbacks(&b->lv[0]) || !set_fallbacks(&b->lv[1]))
        return -1;
    *block = build_block(b, nextlevel ? 0 : 1, dict);
    return *block ? 0 : -1;
}

int np_hyph_dict_load(const char *path, HyphenDict **dict, void **block)
{
    char *bytes;
    size_t len;
    *dict = NULL;
    *block = NULL;
    int err = np_file_read(path, MAX_FILE_BYTES, &bytes, &len);
    if (err) {
        errno = err > 0 ? err : EINVAL;     /* not a regular file */
        return -1;
    }
    if (names_koi8r(bytes, len)) {
        char *utf8 = koi8r_to_utf8(bytes, len, &len);
        free(bytes);
        if (!utf8) {
            errno = ENOMEM;
            return -1;
        }
        bytes = utf8;
    }
    builder b;
    memset(&b, 0, sizeof b);
    int rc = build(&b, bytes, len, dict, block);
    free(b.lv[0].nodes);
    free(b.lv[1].nodes);
    free(b.strings);
    free(bytes);
    if (rc < 0)
        errno = ENOMEM;
    return rc;
}
