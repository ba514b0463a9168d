/*
 * spell.c - the nearest known name (spell.h): an optimal string
 * alignment distance over bytes, bounded, on two rows of the table
 * kept on the stack. Names are ASCII in every table it serves.
 */
#include <string.h>

#include "ground/spell.h"

#define LONGEST 63

static unsigned min3(unsigned a, unsigned b, unsigned c)
{
    unsigned m = a < b ? a : b;
    return m < c ? m : c;
}

unsigned np_spell_distance(const char *a, const char *b, unsigned cap)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > LONGEST || m > LONGEST || (n > m ? n - m : m - n) > cap)
        return cap + 1;
    unsigned rows[3][LONGEST + 1];
    unsigned *before = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = (unsigned)j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = (unsigned)i;
        for (size_t j = 1; j <= m; j++) {
            unsigned cost = a[i - 1] != b[j - 1];
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
                && before[j - 2] + 1 < cur[j])
                cur[j] = before[j - 2] + 1;     /* two neighbours swapped */
        }
        unsigned *spare = before;
        before = prev;
        prev = cur;
        cur = spare;
    }
    return prev[m] <= cap ? prev[m] : cap + 1;
}

/* The most edits a name of `len` bytes may be away: none for one or
 * two letters (p is not a misspelt i), one up to five (title is not
 * table), two beyond. */
static unsigned allowed(size_t len)
{
    return len <= 2 ? 0 : len <= 5 ? 1 : 2;
}

int np_spell_near(const char *word, const char *known)
{
    size_t w = strlen(word), k = strlen(known);
    if (strcmp(word, known) == 0)
        return 0;
    if (w >= 3 && k >= 3 && (strncmp(word, known, k < w ? k : w) == 0))
        return 1;               /* one a prefix of the other */
    if (np_spell_distance(word, known, allowed(w)) <= allowed(w))
        return 1;
    /* a misspelt start of a longer name: numbr for numbering */
    char start[LONGEST + 1];
    for (size_t n = w; w >= 4 && n <= w + 1 && n < k && n <= LONGEST; n++) {
        memcpy(start, known, n);
        start[n] = '\0';
        if (np_spell_distance(word, start, 1) <= 1)
            return 1;
    }
    return 0;
}

void np_spell_init(np_spell *s, const char *word)
{
    s->word = word;
    s->best = NULL;
    s->distance = ~0u;
}

void np_spell_offer(np_spell *s, const char *known)
{
    if (!np_spell_near(s->word, known))
        return;
    unsigned d = np_spell_distance(s->word, known, LONGEST);
    if (d < s->distance) {
        s->distance = d;
        s->best = known;
    }
}
