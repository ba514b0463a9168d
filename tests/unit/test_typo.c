/*
 * test_typo.c - French punctuation spacing, number ties, symbols kept
 * whole.
 */
#include <string.h>

#include "text/typo.h"
#include "unit.h"

#define NNBSP "\xE2\x80\xAF"
#define NBSP "\xC2\xA0"

static np_arena *arena;

static const char *fr(const char *in)
{
    size_t len;
    const char *out = np_typo_french(arena, in, strlen(in), &len);
    return np_arena_strndup(arena, out, len);
}

static bool tie(const char *a, const char *b)
{
    return np_typo_tie(a, strlen(a), b, strlen(b));
}

int main(void)
{
    arena = np_arena_new(NULL);
    /* added where the author typed nothing, replacing a plain space */
    CHECK_STR(fr("drogue; et"), "drogue" NNBSP "; et");
    CHECK_STR(fr("drogue ; et"), "drogue" NNBSP "; et");
    CHECK_STR(fr("Original: anglais"), "Original" NBSP ": anglais");
    CHECK_STR(fr("Original : anglais"), "Original" NBSP ": anglais");
    CHECK_STR(fr("vraiment?"), "vraiment" NNBSP "?");
    CHECK_STR(fr("Oui !"), "Oui" NNBSP "!");
    CHECK_STR(fr("\xC2\xAB" "Bilan" "\xC2\xBB"), "\xC2\xAB" NBSP "Bilan" NBSP "\xC2\xBB");
    CHECK_STR(fr("\xC2\xAB Bilan \xC2\xBB"), "\xC2\xAB" NBSP "Bilan" NBSP "\xC2\xBB");
    /* kept as typed */
    CHECK_STR(fr("drogue" NNBSP "; et"), "drogue" NNBSP "; et");
    CHECK_STR(fr("\xC2\xAB" NBSP "Bilan" NBSP "\xC2\xBB"), "\xC2\xAB" NBSP "Bilan" NBSP "\xC2\xBB");
    CHECK_STR(fr("https://undocs.org/fr/A/62/176"), "https://undocs.org/fr/A/62/176");
    CHECK_STR(fr("a 10:30 b"), "a 10:30 b");
    CHECK_STR(fr("(?)"), "(?)");
    CHECK_STR(fr("Vraiment ?!"), "Vraiment" NNBSP "?!");
    /* at the start of a run (after an element), the mark gets its space */
    CHECK_STR(fr("; la suite"), NNBSP "; la suite");
    /* straight quotes become the language's, alternately, across runs */
    bool inside = false;
    size_t n;
    const char *q = np_typo_quotes(arena, "le \"projet\" et \"", 17,
                                   "\xC2\xAB", "\xC2\xBB", &inside, &n);
    CHECK_STR(np_arena_strndup(arena, q, n), "le \xC2\xABprojet\xC2\xBB et \xC2\xAB");
    CHECK(inside);
    q = np_typo_quotes(arena, "fin\" ici", 9, "\xE2\x80\x9C", "\xE2\x80\x9D", &inside, &n);
    CHECK_STR(np_arena_strndup(arena, q, n), "fin\xE2\x80\x9D ici");
    CHECK(!inside);
    const char *plain = "sans guillemets";
    CHECK(np_typo_quotes(arena, plain, strlen(plain), "<", ">", &inside, &n) == plain);
    /* a symbol's spaces (a tab, a line break) never break */
    const char *sym = "S/PV.8000 (Resumption\n1)";
    q = np_typo_nobreak(arena, sym, strlen(sym), &n);
    CHECK_STR(np_arena_strndup(arena, q, n), "S/PV.8000" NBSP "(Resumption" NBSP "1)");
    /* ties */
    CHECK(tie("14", "mars"));
    CHECK(tie("50", "%"));
    CHECK(tie("n\xC2\xB0", "8"));
    CHECK(tie("no", "14152"));
    CHECK(tie("vol.", "976,"));
    CHECK(!tie("mars", "2011"));
    CHECK(!tie("la", "Commission"));
    CHECK(!tie("no", "comment"));
    /* a number that ends a clause announces nothing */
    CHECK(!tie("2024,", "the"));
    CHECK(!tie("2024.", "The"));
    CHECK(tie("1,000", "people"));
    /* a number or symbol keeps its letter or subparagraph (A/80/L.1:
     * "in its decision 79/573 B of 5 September 2025") */
    CHECK(tie("79/573", "B"));
    CHECK(tie("53/6", "A,"));
    CHECK(tie("ES-10/24", "B"));
    CHECK(tie("2453", "A"));
    CHECK(tie("12", "(a)"));
    CHECK(tie("12", "(iv),"));
    CHECK(tie("4", "(1)"));
    CHECK(!tie("79/573", "Bis"));
    CHECK(!tie("79/81", "of"));
    CHECK(!tie("A/80/L.1", "and"));
    CHECK(!tie("79/573,", "B"));
    CHECK(!tie("12", "(see"));
    CHECK(!tie("12", "(paragraph)"));
    /* a reference word keeps its number, roman numeral or letter */
    CHECK(tie("annex", "II"));
    CHECK(tie("Annex", "I."));
    CHECK(tie("chapter", "IV,"));
    CHECK(tie("paragraph", "6.2.7."));
    CHECK(tie("paragraphs", "3"));
    CHECK(tie("article", "6"));
    CHECK(tie("section", "B"));
    CHECK(tie("annexe", "II"));
    CHECK(tie("paragraphe", "12"));
    CHECK(tie("p\xC3\xA1rrafo", "5"));
    CHECK(tie("cap\xC3\xADtulo", "III"));
    CHECK(tie("\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBB\xD0\xBE\xD0\xB6\xD0\xB5"
              "\xD0\xBD\xD0\xB8\xD0\xB5", "II"));                 /* приложение */
    CHECK(tie("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xBB\xD0\xBE\xD0\xB6\xD0\xB5"
              "\xD0\xBD\xD0\xB8\xD0\xB5", "II"));                 /* Приложение */
    CHECK(tie("\xD0\xA1\xD1\x82\xD0\xB0\xD1\x82\xD1\x8C\xD1\x8F", "5"));  /* Статья */
    CHECK(tie("para.", "12"));
    CHECK(tie("\xE2\x84\x96", "7"));                                  /* № */
    CHECK(!tie("annex", "to"));
    CHECK(!tie("table", "In"));
    CHECK(!tie("paragraph", "of"));
    CHECK(!tie("resolution", "53/6"));
    CHECK(!tie("annexed", "II"));
    np_arena_free(arena);
    return unit_done("typo");
}
