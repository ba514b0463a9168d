/*
 * hyph.c - hyphenation points of a token, with libhyphen's patterns.
 *
 * The only file that includes <hyphen.h>. It decides which parts of a
 * token are words (trimming the punctuation around them, splitting at
 * hard hyphens, refusing numbers, symbols, URLs and acronyms), lowers
 * their case with its own table so that the locale never matters, asks
 * libhyphen for the breaks and turns libhyphen's character positions
 * into byte offsets in the caller's token.
 *
 * It does not handle soft hyphens (U+00AD): a part holding one gives no
 * breaks, because the caller's explicit breaks win. It does not decide
 * whether a break is good for the line either; that is the line
 * breaker's job. Non-standard breaks (libhyphen's rep/pos/cut, which
 * change the spelling, as German "Schiffahrt") are ignored: our
 * languages have none and the output layer could not draw them.
 *
 * Threads: hnj_hyphen_hyphenate3() only reads the dictionary (states,
 * transitions, matches, minima, NOHYPHEN list); everything it writes is
 * the caller's buffers or memory it allocates per call, and it keeps no
 * static state (the only global, a debug table, exists only when
 * libhyphen is built with VERBOSE). So one loaded np_hyph may be shared
 * by threads only as long as that stays true of the libhyphen in use;
 * libhyphen documents no such promise. Its allocator calls exit() when
 * memory runs out, which we cannot intercept.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>

#include "ground/utf8.h"
#include "readers/hyph_load.h"
#include "text/hyph.h"

/* A part longer than this is not a word of any language we typeset (the
 * longest French or Spanish words are under 30 letters): it is left
 * unbroken rather than copied to the heap. */
#define PART_MAX_BYTES 255

struct np_hyph {
    HyphenDict *dict;
    void *block;                /* holds `dict` when hyph_load.c read it;
                                 * NULL when libhyphen did */
    int left_min;               /* effective minima, file's included */
    int right_min;
};

/* A part of a token, lowered and ready for libhyphen. */
typedef struct part {
    char low[PART_MAX_BYTES + 1];       /* NUL-terminated: libhyphen
                                         * runs strstr() on it */
    size_t at[PART_MAX_BYTES + 1];      /* token offset of each char,
                                         * plus one past the last */
    int nchars;
    size_t nbytes;
} part;

typedef struct cp_range {
    uint32_t first, last;
} cp_range;

/* Upper-case letters we can lower: those in [first, last] at `step`
 * from `first` become cp + delta. Latin-1, Latin Extended-A (where
 * capitals and small letters alternate), Greek and Cyrillic. */
typedef struct case_range {
    uint32_t first, last;
    int32_t delta;
    uint32_t step;
} case_range;

static const case_range case_table[] = {
    { 0x0041, 0x005A, 32, 1 },          /* A-Z */
    { 0x00C0, 0x00D6, 32, 1 },          /* À-Ö */
    { 0x00D8, 0x00DE, 32, 1 },          /* Ø-Þ */
    { 0x0100, 0x012E, 1, 2 },           /* Ā-Į */
    { 0x0130, 0x0130, 0x69 - 0x130, 1 },/* İ -> i */
    { 0x0132, 0x0136, 1, 2 },           /* Ĳ-Ķ */
    { 0x0139, 0x0147, 1, 2 },           /* Ĺ-Ň */
    { 0x014A, 0x0176, 1, 2 },           /* Ŋ-Ŷ, Œ */
    { 0x0178, 0x0178, 0xFF - 0x178, 1 },/* Ÿ -> ÿ */
    { 0x0179, 0x017D, 1, 2 },           /* Ź-Ž */
    { 0x0391, 0x03A1, 32, 1 },          /* Greek Α-Ρ */
    { 0x03A3, 0x03AB, 32, 1 },          /* Greek Σ-Ϋ */
    { 0x0400, 0x040F, 80, 1 },          /* Cyrillic Ѐ-Џ */
    { 0x0410, 0x042F, 32, 1 },          /* Cyrillic А-Я */
};

/* Small letters that no capital above lowers to. */
static const uint32_t lone_lower[] = { 0xDF, 0x131, 0x138, 0x149, 0x17F };

/* Non-ASCII code points that are not letters: spaces, punctuation,
 * quotes, dashes, super- and subscripts, currency and other symbols. */
static const cp_range symbol_table[] = {
    { 0x0080, 0x00BF }, { 0x00D7, 0x00D7 }, { 0x00F7, 0x00F7 },
    { 0x2000, 0x20CF }, { 0x2100, 0x214F }, { 0x2190, 0x2BFF },
    { 0x3000, 0x303F }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF },
    { 0xFFF0, 0xFFFF }, { 0x1F000, 0x1FAFF },
};

#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* ---- Character classes ---------------------------------------------- */

static int in_ranges(uint32_t cp, const cp_range *r, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (cp >= r[k].first && cp <= r[k].last)
            return 1;
    return 0;
}

static int is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

/* Letters: ASCII letters and every non-ASCII code point that is not in
 * the symbol table (so scripts we have no table for still count). */
static int is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return !in_ranges(cp, symbol_table, COUNT(symbol_table));
}

/* Characters that join the parts of a compound: hyphens and dashes
 * written without spaces ("mi-parcours", "fact—that"). */
static int is_joiner(uint32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2013
           || cp == 0x2014;
}

static const case_range *upper_range(uint32_t cp)
{
    for (size_t k = 0; k < COUNT(case_table); k++) {
        const case_range *r = &case_table[k];
        if (cp >= r->first && cp <= r->last && (cp - r->first) % r->step == 0)
            return r;
    }
    return NULL;
}

static int is_upper(uint32_t cp)
{
    return upper_range(cp) != NULL;
}

static int is_lower(uint32_t cp)
{
    for (size_t k = 0; k < COUNT(lone_lower); k++)
        if (cp == lone_lower[k])
            return 1;
    for (size_t k = 0; k < COUNT(case_table); k++) {
        const case_range *r = &case_table[k];
        uint32_t up = cp - (uint32_t)r->delta;
        if (up >= r->first && up <= r->last && (up - r->first) % r->step == 0)
            return 1;
    }
    return 0;
}

static uint32_t to_lower(uint32_t cp)
{
    const case_range *r = upper_range(cp);
    return r ? (uint32_t)((int32_t)cp + r->delta) : cp;
}

/* ---- Tokens that are not words -------------------------------------- */

/* A period with a letter on each side: "undocs.org", "E/CN.7", "e.g". */
static int period_between_letters(const char *s, size_t len, size_t i)
{
    uint32_t before, after;
    if (i == 0 || i + 1 >= len)
        return 0;
    size_t at = np_utf8_prev(s, i);
    if (np_utf8_decode(s + at, len - at, &before) == 0
        || np_utf8_decode(s + i + 1, len - i - 1, &after) == 0)
        return 0;
    return is_letter(before) && is_letter(after);
}

/* Numbers, symbols, URLs, addresses and file names are never broken
 * with a hyphen; "://" needs no test of its own since '/' is refused. */
static int refused_token(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if ((c >= '0' && c <= '9') || c == '/' || c == '@' || c == '\\')
            return 1;
        if (c == '.' && period_between_letters(s, len, i))
            return 1;
    }
    return 0;
}

/* Narrows [*begin, *end) to run from the first letter to the last one,
 * dropping quotes, brackets, punctuation and apostrophes around them. */
static void trim(const char *s, size_t *begin, size_t *end)
{
    uint32_t cp;
    while (*begin < *end) {
        size_t n = np_utf8_decode(s + *begin, *end - *begin, &cp);
        if (is_letter(cp))
            break;
        *begin += n;
    }
    while (*end > *begin) {
        size_t i = np_utf8_prev(s, *end);
        np_utf8_decode(s + i, *end - i, &cp);
        if (is_letter(cp))
            break;
        *end = i;
    }
}

/* ---- One part ------------------------------------------------------- */

/* Copies token[begin, end) lowered into p. Returns 0 when the part is
 * not a word that may be hyphenated: it holds something other than
 * letters and apostrophes, or it is too long, or it reads as an acronym
 * (capitals and no small letter, or two capitals in a row, which also
 * catches "UNODC’s" and "NGOs"). */
static int load_part(part *p, const char *s, size_t begin, size_t end)
{
    int upper = 0, lower = 0, prev_upper = 0;
    uint32_t cp;

    p->nchars = 0;
    p->nbytes = 0;
    for (size_t i = begin; i < end;) {
        size_t n = np_utf8_decode(s + i, end - i, &cp);
        if (!is_letter(cp) && !is_apostrophe(cp))
            return 0;
        if (is_upper(cp) && prev_upper)
            return 0;
        prev_upper = is_upper(cp);
        upper += prev_upper;
        lower += is_lower(cp);
        if (p->nbytes + 4 > PART_MAX_BYTES)
            return 0;
        p->at[p->nchars++] = i;
        p->nbytes += np_utf8_encode(to_lower(cp), p->low + p->nbytes);
        i += n;
    }
    p->at[p->nchars] = end;
    p->low[p->nbytes] = '\0';
    return !(upper > 0 && lower == 0);
}

static void free_nonstandard(char **rep, int *pos, int *cut, size_t n)
{
    if (rep)
        for (size_t i = 0; i < n; i++)
            free(rep[i]);
    free(rep);
    free(pos);
    free(cut);
}

/* The elided articles and conjunctions of French (l', d', s', n', j',
 * c', m', t', qu' and the words ending in qu': jusqu', lorsqu',
 * puisqu', quoiqu'), lowered, without their apostrophe. */
static const char *const elisions[] = {
    "l", "d", "s", "n", "j", "c", "m", "t", "qu",
    "jusqu", "lorsqu", "puisqu", "quoiqu",
};

/* How many characters of the part an elided word takes, apostrophe
 * included ("l’" of "l’Assemblée": 2), or 0 when it starts with none. */
static int elided_prefix(const part *p)
{
    size_t at = 0;
    uint32_t cp;
    for (int i = 0; i < p->nchars && i <= 6; i++) {
        size_t n = np_utf8_decode(p->low + at, p->nbytes - at, &cp);
        if (n == 0)
            return 0;
        if (is_apostrophe(cp)) {
            for (size_t k = 0; k < COUNT(elisions); k++)
                if (strlen(elisions[k]) == at && strncmp(p->low, elisions[k], at) == 0)
                    return i + 1;
            return 0;
        }
        at += n;
    }
    return 0;
}

/* Appends the breaks of one loaded part to offsets[*count..max). After
 * an elided word no line ends on the article and one syllable
 * ("l’As-/semblée", "d’ac-/cord"): the first break after the apostrophe
 * is dropped, with any before it. */
static void hyphenate_part(const np_hyph *h, const part *p,
                           size_t *offsets, int max, int *count)
{
    char hyphens[PART_MAX_BYTES + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;

    if (p->nchars < h->left_min + h->right_min)
        return;
    int skip_to = elided_prefix(p);
    if (hnj_hyphen_hyphenate3(h->dict, p->low, (int)p->nbytes, hyphens,
                              NULL, &rep, &pos, &cut, h->left_min,
                              h->right_min, h->left_min, h->right_min) == 0) {
        /* hyphens[i] odd: a break after character i */
        for (int i = 0; i + 1 < p->nchars && *count < max; i++) {
            if (!(hyphens[i] & 1) || (rep && rep[i]))
                continue;
            if (skip_to > 0 && i + 1 >= skip_to) {
                skip_to = -1;       /* the first syllable of the word */
                continue;
            }
            if (skip_to > 0)
                continue;
            offsets[(*count)++] = p->at[i + 1];
        }
    }
    free_nonstandard(rep, pos, cut, p->nbytes);
}

/* Loads token[begin, end) as one part and appends its breaks. */
static int add_part(const np_hyph *h, const char *token, size_t begin,
                    size_t end, size_t *offsets, int max, int count)
{
    part p;
    if (load_part(&p, token, begin, end))
        hyphenate_part(h, &p, offsets, max, &count);
    return count;
}

/* ---- Public --------------------------------------------------------- */

static void free_dict(HyphenDict *dict, void *block)
{
    if (block)
        free(block);
    else if (dict)
        hnj_hyphen_free(dict);
}

np_hyph *np_hyph_load(const char *path, int left_min, int right_min)
{
    HyphenDict *dict = NULL;
    void *block = NULL;
    if (!path)
        return NULL;
    /* Our reader first (hyph_load.c: the same dictionary, far cheaper);
     * libhyphen's for the files only it reads as it means them. */
    int rc = np_hyph_dict_load(path, &dict, &block);
    if (rc > 0)
        dict = hnj_hyphen_load(path);
    if (!dict)
        return NULL;
    /* libhyphen counts characters only in UTF-8 files; the positions
     * from a legacy 8-bit file would not match our UTF-8 tokens
     * (hyph_load.c reads KOI8-R files as UTF-8 ones). */
    np_hyph *h = dict->utf8 ? malloc(sizeof *h) : NULL;
    if (!h) {
        free_dict(dict, block);
        return NULL;
    }
    h->dict = dict;
    h->block = block;
    h->left_min = left_min > dict->lhmin ? left_min : dict->lhmin;
    h->right_min = right_min > dict->rhmin ? right_min : dict->rhmin;
    /* libhyphen's own default when neither side sets a minimum */
    if (h->left_min <= 0)
        h->left_min = 2;
    if (h->right_min <= 0)
        h->right_min = 2;
    return h;
}

void np_hyph_free(np_hyph *h)
{
    if (!h)
        return;
    free_dict(h->dict, h->block);
    free(h);
}

int np_hyph_token(const np_hyph *h, const char *token, size_t len,
                  size_t *offsets, int max)
{
    size_t begin = 0, end = len;
    int count = 0;
    uint32_t cp;

    if (!h || !token || !offsets || max <= 0)
        return 0;
    if (!np_utf8_valid(token, len) || refused_token(token, len))
        return 0;
    trim(token, &begin, &end);
    size_t start = begin;
    for (size_t i = begin; i < end;) {
        size_t n = np_utf8_decode(token + i, end - i, &cp);
        if (is_joiner(cp)) {
            count = add_part(h, token, start, i, offsets, max, count);
            start = i + n;
        }
        i += n;
    }
    return add_part(h, token, start, end, offsets, max, count);
}

int np_hyph_available(void)
{
    return 1;
}
