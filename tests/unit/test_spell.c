/*
 * test_spell.c - "did you mean" (ground/spell.c): distances with swaps,
 * the bound, and which known names are offered for a misspelt one.
 */
#include "ground/spell.h"
#include "unit.h"

static const char *best(const char *word, const char *const *known, size_t n)
{
    np_spell s;
    np_spell_init(&s, word);
    for (size_t i = 0; i < n; i++)
        np_spell_offer(&s, known[i]);
    return s.best ? s.best : "(none)";
}

int main(void)
{
    CHECK(np_spell_distance("subtitel", "subtitle", 5) == 1);  /* a swap */
    CHECK(np_spell_distance("kitten", "sitting", 5) == 3);
    CHECK(np_spell_distance("a", "abcdef", 2) == 3);           /* past the cap */
    CHECK(np_spell_distance("", "", 0) == 0);

    static const char *const elements[] = { "title", "subtitle", "body", "table",
                                            "p", "i", "b", "pp" };
    CHECK_STR(best("subtitel", elements, 8), "subtitle");
    CHECK_STR(best("titel", elements, 8), "title");
    CHECK_STR(best("bdy", elements, 8), "body");
    CHECK_STR(best("tittle", elements, 8), "title");
    /* one- and two-letter names are not misspellings of each other */
    CHECK_STR(best("q", elements, 8), "(none)");
    CHECK_STR(best("em", elements, 8), "(none)");
    /* title is not a misspelt table, nor anything of a long word */
    static const char *const only_table[] = { "table" };
    CHECK_STR(best("title", only_table, 1), "(none)");
    CHECK_STR(best("paragraph", elements, 8), "(none)");

    static const char *const attrs[] = { "lang", "layout", "numbering" };
    CHECK_STR(best("numbr", attrs, 3), "numbering");   /* a misspelt start */
    CHECK_STR(best("lang", attrs, 3), "(none)");       /* itself: not offered */
    CHECK_STR(best("langs", attrs, 3), "lang");
    CHECK_STR(best("layuot", attrs, 3), "layout");
    return unit_done("test_spell");
}
