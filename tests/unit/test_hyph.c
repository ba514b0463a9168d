/*
 * test_hyph.c - hyphenation points against the Debian pattern files
 * (hyphen-fr, hyphen-en-us, hyphen-es) with the minima the engine
 * passes: French 2/3, English 2/3, Spanish 2/2. Offsets are in bytes,
 * so every accented letter counts 2 and ’ “ count 3.
 */
#include <stdio.h>
#include <string.h>

#include "hyph.h"
#include "unit.h"

#define DIC_DIR "/usr/share/hyphen/"
#define MAX_BREAKS 16

/* hyph_fr.dic repeats 16 patterns (".ardent.", ".parent." ...) and
 * libhyphen 2.8.8's hnj_hyphen_load_line() overwrites the first match
 * string without freeing it: 130 bytes lost per load, in the library.
 * These sanitizer hooks (read only in -fsanitize builds) keep that one
 * leak from failing the test; libhyphen has no frame pointers, hence the
 * slow unwinder, without which the stack stops at hnj_malloc. */
const char *__asan_default_options(void);
const char *__lsan_default_suppressions(void);

const char *__asan_default_options(void)
{
    return "fast_unwind_on_malloc=0";
}

const char *__lsan_default_suppressions(void)
{
    return "leak:hnj_hyphen_load_line\n";
}

/* Checks that `token` breaks exactly at want[0..nwant). */
static void expect(const np_hyph *h, const char *token, const size_t *want,
                   int nwant, int line)
{
    size_t got[MAX_BREAKS];
    int n = np_hyph_token(h, token, strlen(token), got, MAX_BREAKS);
    int same = n == nwant;
    for (int i = 0; same && i < n; i++)
        same = got[i] == want[i];
    if (same) {
        unit_passed++;
        return;
    }
    unit_failed++;
    fprintf(stderr, "%s:%d: \"%s\": got", __FILE__, line, token);
    for (int i = 0; i < n; i++)
        fprintf(stderr, " %zu", got[i]);
    fprintf(stderr, ", want");
    for (int i = 0; i < nwant; i++)
        fprintf(stderr, " %zu", want[i]);
    fprintf(stderr, "\n");
}

#define BREAKS(h, token, ...) do { \
    const size_t w_[] = { 0, __VA_ARGS__ }; \
    expect((h), (token), w_ + 1, (int)(sizeof w_ / sizeof w_[0]) - 1, \
           __LINE__); \
} while (0)
#define NO_BREAKS(h, token) expect((h), (token), NULL, 0, __LINE__)

static np_hyph *load(const char *file, int left, int right)
{
    np_hyph *h = np_hyph_load(file, left, right);
    if (!h)
        fprintf(stderr, "cannot load %s\n", file);
    CHECK(h != NULL);
    return h;
}

/* The 20 words of the seed text listed in DEPS.md. */
static void french_seed_words(const np_hyph *fr)
{
    BREAKS(fr, "économique", 4, 6);             /* éco-no-mique */
    BREAKS(fr, "stupéfiants", 3, 6);            /* stu-pé-fiants */
    BREAKS(fr, "mi-parcours", 6);               /* mi-par-cours */
    BREAKS(fr, "ministérielle", 2, 5, 8);       /* mi-nis-té-rielle */
    BREAKS(fr, "représentantes", 2, 6, 9);      /* re-pré-sen-tantes */
    BREAKS(fr, "représentants", 2, 6, 9);
    BREAKS(fr, "gouvernements", 3, 6, 8);       /* gou-ver-ne-ments */
    BREAKS(fr, "participant", 3, 5, 7);         /* par-ti-ci-pant */
    BREAKS(fr, "soixante-septième", 12);        /* soixante-sep-tième */
    BREAKS(fr, "entreprendre", 2, 5);           /* en-tre-prendre */
    BREAKS(fr, "l'ensemble", 4);                /* l'en-semble */
    BREAKS(fr, "engagements", 2, 4, 6);         /* en-ga-ge-ments */
    BREAKS(fr, "concernant", 6);                /* concer-nant */
    BREAKS(fr, "internationale", 2, 5, 7, 10);  /* in-ter-na-tio-nale */
    BREAKS(fr, "conformément", 6, 9);           /* confor-mé-ment */
    BREAKS(fr, "renforcement", 3, 6, 8);        /* ren-for-ce-ment */
    BREAKS(fr, "international", 2, 5, 7, 10);
    BREAKS(fr, "ministériel", 2, 5, 8);
    NO_BREAKS(fr, "soixante-deuxième");
    BREAKS(fr, "réaffirmons", 3, 5, 8);         /* ré-af-fir-mons */
}

static void french_forms(const np_hyph *fr)
{
    BREAKS(fr, "l’organisation", 6, 8, 10, 12); /* l’or-ga-ni-sa-tion */
    BREAKS(fr, "aujourd’hui", 2, 6);            /* au-jour-d’hui */
    BREAKS(fr, "Organisation", 2, 4, 6, 8);
    BREAKS(fr, "Économique", 4, 6);
    NO_BREAKS(fr, "ORGANISATION");
    NO_BREAKS(fr, "ÉCONOMIQUE");
    NO_BREAKS(fr, "l’ONUDC");
    NO_BREAKS(fr, "États");
    NO_BREAKS(fr, "œuvre");
    NO_BREAKS(fr, "Œuvre");
}

static void punctuation_around(const np_hyph *fr)
{
    NO_BREAKS(fr, "drogue;");
    BREAKS(fr, "«Bilan", 4);                    /* «Bi-lan */
    BREAKS(fr, "«Bilan»", 4);
    BREAKS(fr, "coopération,", 2, 6, 8);        /* co-opé-ra-tion, */
    BREAKS(fr, "(coopération)", 3, 7, 9);
    BREAKS(fr, "désormais.", 3, 6);             /* dé-sor-mais. */
    BREAKS(fr, "“ministériel”", 5, 8, 11);
    BREAKS(fr, "coopération…", 2, 6, 8);
    BREAKS(fr, "-parcours", 4);
    NO_BREAKS(fr, "mi-");
}

static void refused_tokens(const np_hyph *fr)
{
    NO_BREAKS(fr, "E/CN.7/2011/12");
    NO_BREAKS(fr, "2019-2023");
    NO_BREAKS(fr, "https://undocs.org");
    NO_BREAKS(fr, "undocs.org");
    NO_BREAKS(fr, "secretariat@unodc.org");
    NO_BREAKS(fr, "C:\\documents");
    NO_BREAKS(fr, "organisation2");
    NO_BREAKS(fr, "organisations/programmes");
    NO_BREAKS(fr, "stupé\xc2\xad" "fiants");    /* soft hyphen: the caller's */
    NO_BREAKS(fr, "organi(sation");
    NO_BREAKS(fr, "caf\xc3");                   /* truncated UTF-8 */
    NO_BREAKS(fr, "organis\xe9tion");           /* Latin-1, not UTF-8 */
    NO_BREAKS(fr, "");
}

static void english_spanish(const np_hyph *en, const np_hyph *es)
{
    BREAKS(en, "organization", 2, 4, 6, 8);     /* or-ga-ni-za-tion */
    BREAKS(en, "implementation", 2, 5, 8, 10);  /* im-ple-men-ta-tion */
    BREAKS(en, "Organization’s", 2, 4, 6, 8);
    BREAKS(en, "“implementation”", 5, 8, 11, 13);
    NO_BREAKS(en, "mid-term");
    NO_BREAKS(en, "UNODC’s");
    NO_BREAKS(en, "NGOs");
    BREAKS(es, "cooperación", 2, 5, 7);         /* co-ope-ra-ción */
    BREAKS(es, "estupefacientes", 2, 4, 6, 8, 12); /* es-tu-pe-fa-cien-tes */
    BREAKS(es, "(estupefacientes)", 3, 5, 7, 9, 13);
    NO_BREAKS(es, "COOPERACIÓN");
}

/* The larger of the caller's and the file's minima wins (the French
 * file says 2/2). */
static void minima(const char *fr_path)
{
    np_hyph *h = load(fr_path, 1, 1);
    if (h)
        BREAKS(h, "société", 2, 6);             /* so-cié-té */
    np_hyph_free(h);
    h = load(fr_path, 2, 3);
    if (h)
        BREAKS(h, "société", 2);                /* so-ciété */
    np_hyph_free(h);
    h = load(fr_path, 3, 3);
    if (h) {
        BREAKS(h, "organisation", 4, 6, 8);     /* orga-ni-sa-tion */
        NO_BREAKS(h, "société");
    }
    np_hyph_free(h);
}

static void limits(const np_hyph *fr)
{
    size_t got[2];
    const char *w = "internationale";
    char longword[1200];

    CHECK(np_hyph_token(fr, w, strlen(w), got, 2) == 2);
    CHECK(got[0] == 2 && got[1] == 5);
    CHECK(np_hyph_token(fr, w, strlen(w), got, 0) == 0);
    CHECK(np_hyph_token(NULL, w, strlen(w), got, 2) == 0);
    CHECK(np_hyph_token(fr, NULL, 3, got, 2) == 0);
    /* only the first 5 bytes: "inter" */
    CHECK(np_hyph_token(fr, w, 5, got, 2) == 1 && got[0] == 2);
    for (size_t i = 0; i + 1 < sizeof longword; i++)
        longword[i] = "parcours"[i % 8];
    longword[sizeof longword - 1] = '\0';
    CHECK(np_hyph_token(fr, longword, strlen(longword), got, 2) == 0);
    CHECK(np_hyph_load(DIC_DIR "no_such_file.dic", 2, 3) == NULL);
    CHECK(np_hyph_load(NULL, 2, 3) == NULL);
    np_hyph_free(NULL);
}

int main(void)
{
    np_hyph *fr = load(DIC_DIR "hyph_fr.dic", 2, 3);
    np_hyph *en = load(DIC_DIR "hyph_en_US.dic", 2, 3);
    np_hyph *es = load(DIC_DIR "hyph_es_ES.dic", 2, 2);

    if (fr && en && es) {
        french_seed_words(fr);
        french_forms(fr);
        punctuation_around(fr);
        refused_tokens(fr);
        english_spanish(en, es);
        minima(DIC_DIR "hyph_fr.dic");
        limits(fr);
    }
    np_hyph_free(fr);
    np_hyph_free(en);
    np_hyph_free(es);
    return unit_done("hyph");
}
