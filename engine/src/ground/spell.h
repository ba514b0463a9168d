/*
 * spell.h - "did you mean": the known name nearest to a misspelt one.
 *
 * Used where the engine refuses a name it knows the alternatives of (an
 * element or attribute of a description, a field or group of a
 * layout). It only compares strings; which names are known, and the
 * message, are the caller's. Depends on nothing else of the engine.
 */
#ifndef NP_SPELL_H
#define NP_SPELL_H

#include <stddef.h>

/* The edit distance between a and b (insertions, deletions,
 * substitutions and swaps of two neighbours, each 1, on bytes), or
 * `cap` + 1 when it is larger than `cap` (names past 63 bytes are
 * never near). */
unsigned np_spell_distance(const char *a, const char *b, unsigned cap);

/* Whether `known` is near enough to `word` to be offered for it: no
 * edit for names of one or two letters, one up to five, two for longer
 * ones; or one the other begins with (numbering -> number). */
int np_spell_near(const char *word, const char *known);

/* Tracks the best of several candidates: call np_spell_offer with each,
 * then read best (NULL when none was near). */
typedef struct np_spell {
    const char *word;
    const char *best;
    unsigned distance;
} np_spell;

void np_spell_init(np_spell *s, const char *word);
void np_spell_offer(np_spell *s, const char *known);

#endif
