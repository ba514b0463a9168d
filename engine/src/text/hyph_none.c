/*
 * hyph_none.c - hyph.h without hyphenation, for small targets.
 *
 * `make NO_HYPHEN=1` compiles this file instead of hyph.c, so that the
 * library needs neither libhyphen nor pattern files. Nothing is ever
 * loaded and no token has a break point; the engine sees that
 * np_hyph_available() is 0 and reports once per render that words are
 * not hyphenated. Lines then break only at spaces and hard hyphens, so
 * paragraphs are looser and may run longer than with hyphenation.
 */
#include "text/hyph.h"

np_hyph *np_hyph_load(const char *path, int left_min, int right_min)
{
    (void)path;
    (void)left_min;
    (void)right_min;
    return NULL;
}

void np_hyph_free(np_hyph *h)
{
    (void)h;
}

int np_hyph_token(const np_hyph *h, const char *token, size_t len,
                  size_t *offsets, int max)
{
    (void)h;
    (void)token;
    (void)len;
    (void)offsets;
    (void)max;
    return 0;
}

int np_hyph_available(void)
{
    return 0;
}
