/*
 * test_layout.c - the layout and language loaders (layout_load.c,
 * lang_load.c), templates and dates (template.c), values (values.c).
 *
 * The built-in French, English and Spanish files: dates in each
 * language (every month, the "1er" of French), template fields,
 * language names. The built-in un-a4 layout: values in points, and
 * lengths in every unit. Broken layouts, each made from the built-in
 * text by changing one thing: refused with return 1 and a message whose
 * line and column point at the faulty element and whose text names the
 * problem.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "readers/lang_load.h"
#include "readers/layout_load.h"
#include "readers/template.h"
#include "readers/values.h"
#include "unit.h"
#include "readers/xml_read.h"

#define LAYOUT_PATH "layouts/un-a4.xml"
#define NBSP "\xC2\xA0"             /* U+00A0, before a French colon */
#define MAX_DIAGS 512
#define EPS 1e-6


/* ---- helpers --------------------------------------------------------- */

typedef struct seen_diag {
    np_severity severity;
    unsigned line, col;
    char message[512];
} seen_diag;

typedef struct diag_list {
    seen_diag items[MAX_DIAGS];
    int n;
} diag_list;

static void collect(void *ud, const np_diagnostic *d)
{
    diag_list *list = ud;
    if (list->n == MAX_DIAGS)
        return;
    seen_diag *s = &list->items[list->n++];
    s->severity = d->severity;
    s->line = d->line;
    s->col = d->column;
    snprintf(s->message, sizeof s->message, "%s", d->message ? d->message : "");
}

/* The first diagnostic whose message contains `part`, or NULL. */
static const seen_diag *find_diag(const diag_list *list, const char *part)
{
    for (int i = 0; i < list->n; i++)
        if (strstr(list->items[i].message, part))
            return &list->items[i];
    return NULL;
}

/* A built-in file as a NUL-terminated copy (the caller frees it). */
static char *builtin_text(const char *path)
{
    for (size_t i = 0; i < np_embedded_count; i++) {
        const np_embedded *e = &np_embedded_files[i];
        if (strcmp(e->path, path) != 0)
            continue;
        char *s = malloc(e->len + 1);
        if (s) {
            memcpy(s, e->bytes, e->len);
            s[e->len] = '\0';
        }
        return s;
    }
    return NULL;
}

/* `text` with its first `from` replaced by `to` (the caller frees it);
 * NULL when `from` does not occur. */
static char *replaced(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    if (!at)
        return NULL;
    size_t head = (size_t)(at - text), nf = strlen(from), nt = strlen(to);
    size_t tail = strlen(at + nf);
    char *s = malloc(head + nt + tail + 1);
    if (!s)
        return NULL;
    memcpy(s, text, head);
    memcpy(s + head, to, nt);
    memcpy(s + head + nt, at + nf, tail + 1);
    return s;
}

/* 1-based line and column (in characters) of the first `needle`. */
static np_pos pos_of(const char *text, const char *needle)
{
    const char *at = text ? strstr(text, needle) : NULL;
    np_pos pos = { 0, 0 };
    if (!at)
        return pos;
    pos.line = 1;
    pos.col = 1;
    for (const char *p = text; p < at; p++) {
        if (*p == '\n') {
            pos.line++;
            pos.col = 1;
        } else if (((unsigned char)*p & 0xC0) != 0x80) {
            pos.col++;
        }
    }
    return pos;
}

static bool at_pos(const seen_diag *d, np_pos want)
{
    if (!d) {
        fprintf(stderr, "  no such diagnostic\n");
        return false;
    }
    if (d->line == want.line && d->col == want.col)
        return true;
    fprintf(stderr, "  \"%s\" at %u:%u, want %u:%u\n", d->message, d->line,
            d->col, want.line, want.col);
    return false;
}

/* Loads a layout given as text; diagnostics go to `list`. */
static int load_layout(np_arena *arena, const char *text, np_layout *out,
                       diag_list *list)
{
    np_diags diags;
    list->n = 0;
    np_diags_init(&diags, collect, list);
    return np_layout_load(arena, &diags, "t.xml", text, strlen(text), out);
}

static int load_lang(np_arena *arena, const char *code, np_lang *out)
{
    char path[64];
    snprintf(path, sizeof path, "layouts/lang/%s.xml", code);
    char *text = builtin_text(path);
    if (!text)
        return -2;
    static diag_list list;
    np_diags diags;
    list.n = 0;
    np_diags_init(&diags, collect, &list);
    /* The loader keeps pointers into the arena only, not into `text`. */
    int rc = np_lang_load(arena, &diags, path, text, strlen(text), out);
    for (int i = 0; i < list.n; i++)
        fprintf(stderr, "%s:%u:%u: %s\n", path, list.items[i].line,
                list.items[i].col, list.items[i].message);
    free(text);
    return rc;
}

/* ---- dates and language data ----------------------------------------- */

static const char *const months_fr[12] = {
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
    "août", "septembre", "octobre", "novembre", "décembre",
};
static const char *const months_en[12] = {
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
};
static const char *const months_es[12] = {
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
    "agosto", "septiembre", "octubre", "noviembre", "diciembre",
};

static void check_months(np_arena *arena, const np_lang *lang,
                         const char *const names[12], const char *pattern)
{
    for (int m = 1; m <= 12; m++) {
        char want[96];
        snprintf(want, sizeof want, pattern, names[m - 1]);
        CHECK_STR(np_format_date(arena, lang, 2019, m, 28), want);
        CHECK_STR(lang->months[m - 1], names[m - 1]);
    }
}

static void test_dates(np_arena *arena, const np_lang *fr, const np_lang *en,
                       const np_lang *es)
{
    CHECK_STR(np_format_date(arena, fr, 2010, 12, 20), "20 décembre 2010");
    CHECK_STR(np_format_date(arena, fr, 2024, 3, 1), "1er mars 2024");
    CHECK_STR(np_format_date(arena, fr, 2024, 3, 14), "14 mars 2024");
    CHECK_STR(np_format_date(arena, en, 2021, 2, 15), "15 February 2021");
    CHECK_STR(np_format_date(arena, en, 2021, 2, 1), "1 February 2021");
    CHECK_STR(np_format_date(arena, es, 2021, 8, 5), "5 de agosto de 2021");
    CHECK_STR(np_format_date(arena, es, 2022, 1, 1), "1 de enero de 2022");
    check_months(arena, fr, months_fr, "28 %s 2019");
    check_months(arena, en, months_en, "28 %s 2019");
    check_months(arena, es, months_es, "28 de %s de 2019");
}

static void test_lang_fields(const np_lang *fr, const np_lang *en,
                             const np_lang *es)
{
    CHECK_STR(fr->code, "fr");
    CHECK_STR(fr->letter, "F");
    CHECK_STR(en->letter, "E");
    CHECK_STR(es->letter, "S");
    CHECK_STR(fr->self_name, "Français");
    CHECK_STR(fr->first_day, "1er");
    CHECK(en->first_day == NULL);
    CHECK(es->first_day == NULL);
    CHECK_STR(fr->labels[NP_LABEL_ORIGINAL], "Original" NBSP ": {language}");
    CHECK_STR(en->labels[NP_LABEL_ORIGINAL], "Original: {language}");
    CHECK_STR(en->labels[NP_LABEL_AGENDA_PROVISIONAL],
              "Item {number} of the provisional agenda");
    CHECK_STR(es->labels[NP_LABEL_DISTR_GENERAL], "Distr. general");
    CHECK_STR(fr->list_alpha, "{n})");
    CHECK_STR(en->list_alpha, "({n})");
    CHECK_STR(en->list_roman, "({n})");
    CHECK_STR(es->list_roman, "{n})");
    CHECK(fr->left_hyphen_min == 2 && fr->right_hyphen_min == 3);
    CHECK(es->right_hyphen_min == 2);
    CHECK(fr->name_count == 6 && en->name_count == 6 && es->name_count == 6);
}

static void test_lang_names(const np_lang *fr, const np_lang *en,
                            const np_lang *es)
{
    CHECK_STR(np_lang_name_of(fr, "en"), "anglais");
    CHECK_STR(np_lang_name_of(fr, "es"), "espagnol");
    CHECK_STR(np_lang_name_of(fr, "zh"), "chinois");
    CHECK_STR(np_lang_name_of(en, "fr"), "French");
    CHECK_STR(np_lang_name_of(es, "ar"), "árabe");
    /* no name: NULL, never the bare code printed as a name */
    CHECK(np_lang_name_of(fr, "de") == NULL);
    CHECK(np_lang_name_of(en, "EN") == NULL);
    CHECK(np_lang_name_of(es, "") == NULL);
}

/* Every shipped language file names the six languages of the United
 * Nations, which an original language may be. */
static void test_un_names(np_arena *arena)
{
    static const char *const shipped[] = { "en", "fr", "es", "ru", "zh", "ar" };
    static const char *const un[] = { "en", "fr", "es", "ru", "zh", "ar" };
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
        np_lang lang;
        CHECK(load_lang(arena, shipped[i], &lang) == 0);
        for (size_t k = 0; k < sizeof un / sizeof *un; k++) {
            const char *name = np_lang_name_of(&lang, un[k]);
            CHECK(name != NULL && name[0] != '\0');
            if (!name)
                fprintf(stderr, "  %s.xml: no name for %s\n", shipped[i], un[k]);
        }
    }
}

/* The Chinese and Arabic files: Arabic written right to left, its
 * paragraphs numbered "1 -", its items lettered in the abjad order;
 * Chinese like English ("1.", "(a)"); both keep the masthead's
 * distribution block in English, as the real documents do. */
static void test_zh_ar(np_arena *arena)
{
    np_lang zh, ar;
    CHECK(load_lang(arena, "zh", &zh) == 0);
    CHECK(load_lang(arena, "ar", &ar) == 0);
    CHECK(ar.rtl && !zh.rtl);
    CHECK_STR(ar.paragraph_number, "{n} -");
    CHECK_STR(zh.paragraph_number, "{n}.");
    CHECK_STR(ar.letters[0], "\u0623");         /* alif with hamza */
    CHECK_STR(ar.letters[2], "\u062C");         /* jim: (c) is (ج) */
    CHECK_STR(ar.letters[4], "\u0647\u0640");   /* heh with a tatweel */
    CHECK(ar.letters[27] != NULL && ar.letters[28] == NULL);
    CHECK(zh.letters[0] == NULL);
    CHECK_STR(ar.quote_open, "\u201D");
    CHECK_STR(zh.labels[NP_LABEL_UNITED_NATIONS], "\u8054\u5408\u56FD");
    CHECK_STR(np_format_date(arena, &ar, 2017, 8, 9), "9 August 2017");
    CHECK_STR(np_format_date(arena, &zh, 2012, 9, 14), "14 September 2012");
    CHECK_STR(ar.letter, "A");
    CHECK_STR(zh.letter, "C");
    CHECK(ar.hyphenation == NULL && zh.hyphenation == NULL);
}

/* The words of adopted texts: each label of the six languages is
 * present, and dates in running text follow the language (Russian in
 * the genitive with "года", Chinese year first) where the masthead's
 * stay English; a language without its own running-text date uses its
 * date ("1er juillet" in French). */
static void test_adoption_words(np_arena *arena)
{
    static const char *const shipped[] = { "en", "fr", "es", "ru", "zh", "ar" };
    np_lang lang[6];
    for (size_t i = 0; i < 6; i++) {
        CHECK(load_lang(arena, shipped[i], &lang[i]) == 0);
        for (int k = NP_LABEL_ADOPTED_RESOLUTION_GA; k <= NP_LABEL_ADOPTED_SC; k++)
            CHECK(lang[i].labels[k] != NULL && lang[i].labels[k][0] != '\0');
    }
    CHECK_STR(np_format_text_date(arena, &lang[3], 2021, 7, 29),
              "29 \u0438\u044E\u043B\u044F 2021 \u0433\u043E\u0434\u0430");
    CHECK_STR(np_format_date(arena, &lang[3], 2021, 7, 29), "29 July 2021");
    CHECK_STR(np_format_text_date(arena, &lang[4], 2021, 7, 29), "2021\u5E747\u670829\u65E5");
    CHECK_STR(np_format_text_date(arena, &lang[1], 2021, 7, 1), "1er juillet 2021");
    CHECK_STR(np_format_text_date(arena, &lang[0], 2018, 10, 26), "26 October 2018");
    CHECK_STR(np_expand(arena, lang[2].labels[NP_LABEL_ADOPTED_RESOLUTION_GA], "date",
                        np_format_text_date(arena, &lang[2], 2021, 7, 29), (char *)NULL),
              "Resoluci\u00F3n aprobada por la Asamblea General el\u00A029 de julio de 2021");
    CHECK_STR(lang[1].ordinal_suffixes, "e er re es ers res");
    CHECK(lang[0].ordinal_suffixes == NULL);
}

/* fr.xml with `from` replaced by `to`, loaded; diagnostics in *list. */
static int load_bad_lang(np_arena *arena, const char *from, const char *to,
                         diag_list *list, char **changed)
{
    char *text = builtin_text("layouts/lang/fr.xml");
    *changed = text ? replaced(text, from, to) : NULL;
    free(text);
    if (!*changed)
        return -2;
    np_diags diags;
    np_lang lang;
    list->n = 0;
    np_diags_init(&diags, collect, list);
    return np_lang_load(arena, &diags, "fr.xml", *changed, strlen(*changed), &lang);
}

/* A language file with one mistake: refused, the message at the
 * element; `then`, when not NULL, is a second message at the root. */
static void check_bad_lang(np_arena *arena, const char *from, const char *to,
                           const char *element, const char *message,
                           const char *then)
{
    static diag_list list;
    char *t;
    CHECK(load_bad_lang(arena, from, to, &list, &t) == 1);
    CHECK(list.n == (then ? 2 : 1));
    if (list.n >= 1) {
        CHECK_STR(list.items[0].message, message);
        CHECK(at_pos(&list.items[0], pos_of(t, element)));
    }
    if (then && list.n == 2) {
        CHECK_STR(list.items[1].message, then);
        CHECK(at_pos(&list.items[1], pos_of(t, "<language ")));
    }
    free(t);
}

static void test_bad_langs(np_arena *arena)
{
    check_bad_lang(arena, "décembre</months>", "décembre brumaire</months>",
                   "<months>", "<months> must list 12 month names, not 13", NULL);
    check_bad_lang(arena, "<label name=\"annex\">", "<label name=\"annexe\">",
                   "<label name=\"annexe\">", "unknown label \"annexe\"",
                   "missing label \"annex\"");
    check_bad_lang(arena, "<list ", "<lists ", "<lists ",
                   "unknown element <lists> in a language file",
                   "missing <list alpha=\"...\" roman=\"...\" decimal=\"...\" "
                   "bullet=\"...\" dash=\"...\">");
    check_bad_lang(arena, "left-hyphen-min=\"2\"", "left-hyphen-min=\"0\"",
                   "<language ", "left-hyphen-min must be between 1 and 9", NULL);
    /* a pattern file is found by name in the pattern directories */
    check_bad_lang(arena, "hyphenation=\"hyph_fr.dic\"",
                   "hyphenation=\"../../etc/passwd\"", "hyphenation=",
                   "hyphenation: \"../../etc/passwd\" is not a file name of the "
                   "pattern directories (letters, digits, \"_\", \"-\" and \".\", "
                   "not first; no \"/\")", NULL);
    check_bad_lang(arena, "hyphenation=\"hyph_fr.dic\"",
                   "hyphenation=\".hidden\"", "hyphenation=",
                   "hyphenation: \".hidden\" is not a file name of the pattern "
                   "directories (letters, digits, \"_\", \"-\" and \".\", not "
                   "first; no \"/\")", NULL);
    /* templates name only the fields they are given */
    check_bad_lang(arena, "{language}</label>", "{langue}</label>",
                   "<label name=\"original\">",
                   "label \"original\": unknown field {langue} (known: {language})",
                   NULL);
    check_bad_lang(arena, "Nations Unies</label>", "Nations {Unies}</label>",
                   "<label name=\"united-nations\">",
                   "label \"united-nations\": unknown field {Unies} (known: none)",
                   NULL);
    check_bad_lang(arena, "format=\"{day} {month} {year}\"",
                   "format=\"{day} {mois} {year}\"", "format=",
                   "date.format: unknown field {mois} (known: {day}, {month}, {year})",
                   NULL);
    check_bad_lang(arena, "<language ", "<language direction=\"ttb\" ",
                   "direction=", "direction must be \"ltr\" or \"rtl\", not \"ttb\"",
                   NULL);
    check_bad_lang(arena, "<quotes ", "<numbers paragraph=\"{m}.\"/><quotes ",
                   "paragraph=", "numbers.paragraph: unknown field {m} (known: {n})",
                   NULL);
    check_bad_lang(arena, "<quotes ", "<numbers letters=\" \"/><quotes ",
                   "letters=", "numbers.letters must list 1 to 64 letters, not 0",
                   NULL);
    check_bad_lang(arena, "alpha=\"{n})\"", "alpha=\"{n)\"", "alpha=",
                   "list.alpha: \"{n)\" opens a field with \"{\" and does not "
                   "close it", NULL);
    check_bad_lang(arena, "<list ", "<text-date format=\"{day} {month}\" months=\"a|b\"/><list ",
                   "months=\"a|b\"", "<text-date months=\"...\"> must list 12 month names "
                   "separated by \"|\", not 2", NULL);
    check_bad_lang(arena, "<list ", "<text-date format=\"{jour}\" months=\"a|b|c|d|e|f|g|h|i|j|k|l\"/><list ",
                   "format=\"{jour}\"", "text-date.format: unknown field {jour} (known: {day}, {month}, {year})",
                   NULL);
    /* check_lang: eleven months are reported twice, the second time as
     * "missing <months>" although the element is there */
    static diag_list list;
    char *t;
    CHECK(load_bad_lang(arena, "décembre</months>", "</months>", &list, &t) == 1);
    CHECK(find_diag(&list, "<months> must list 12 month names, not 11") != NULL);
    CHECK(list.n == 1);
    free(t);
}

/* ---- templates -------------------------------------------------------- */

static void test_expand(np_arena *a)
{
    CHECK_STR(np_expand(a, "{job} ({letter})", "job", "V.10-58736",
                        "letter", "F", (char *)NULL), "V.10-58736 (F)");
    CHECK_STR(np_expand(a, "Point {number} de l’ordre du jour",
                        "number", "5", (char *)NULL),
              "Point 5 de l’ordre du jour");
    /* unknown fields stay as written, known ones around them change */
    CHECK_STR(np_expand(a, "{a}{b}{c}", "b", "B", (char *)NULL), "{a}B{c}");
    CHECK_STR(np_expand(a, "Annexe {numero}", "number", "II", (char *)NULL),
              "Annexe {numero}");
    /* an empty value removes the field */
    CHECK_STR(np_expand(a, "a{x}b", "x", "", (char *)NULL), "ab");
    CHECK_STR(np_expand(a, "{x}", "x", "", (char *)NULL), "");
    /* a field used twice, a value longer than the template */
    CHECK_STR(np_expand(a, "{n}-{n}-{n}", "n", "iv", (char *)NULL), "iv-iv-iv");
    CHECK_STR(np_expand(a, "({n})", "n", "abcdefghijklmnopqrstuvwxyz0123456789",
                        (char *)NULL), "(abcdefghijklmnopqrstuvwxyz0123456789)");
    /* no field at all: an equal copy */
    const char *plain = "Annexe";
    char *copy = np_expand(a, plain, "n", "1", (char *)NULL);
    CHECK_STR(copy, "Annexe");
    CHECK(copy != plain);
    CHECK_STR(np_expand(a, "", (char *)NULL), "");
    /* braces that make no field */
    CHECK_STR(np_expand(a, "{n", "n", "1", (char *)NULL), "{n");
    CHECK_STR(np_expand(a, "n}", "n", "1", (char *)NULL), "n}");
    CHECK_STR(np_expand(a, "{}", "n", "1", (char *)NULL), "{}");
    CHECK_STR(np_expand(a, "{{n}}", "n", "1", (char *)NULL), "{1}");
    /* the first pair of a name wins; values are not expanded again */
    CHECK_STR(np_expand(a, "{n}", "n", "1", "n", "2", (char *)NULL), "1");
    CHECK_STR(np_expand(a, "{n}", "n", "{n}", (char *)NULL), "{n}");
}

/* ---- the built-in layout ---------------------------------------------- */

static void test_builtin_layout(np_arena *arena, const char *text)
{
    np_layout l;
    diag_list *list = calloc(1, sizeof *list);
    CHECK(load_layout(arena, text, &l, list) == 0);
    CHECK(list->n == 0);
    CHECK_STR(l.name, "un-a4");
    CHECK_STR(l.path, "t.xml");
    CHECK_NEAR(l.page_width, 595.28, EPS);
    CHECK_NEAR(l.page_height, 841.89, EPS);
    CHECK_NEAR(l.body_left, 114.86, EPS);
    CHECK_NEAR(l.body_width, 365.5, EPS);
    CHECK_NEAR(l.body_bottom, 753.84, EPS);
    CHECK_NEAR(l.first_page_body_bottom, 755.89, EPS);
    CHECK_NEAR(l.tab, 23.76, EPS);
    CHECK(l.body.font == NP_FONT_REGULAR);
    CHECK_NEAR(l.body.size, 10, EPS);
    CHECK_NEAR(l.body.leading, 12, EPS);
    CHECK_NEAR(l.para_space, 6, EPS);
    CHECK_NEAR(l.footnote.size, 8.5, EPS);
    CHECK_NEAR(l.footnote.leading, 10.5, EPS);
    CHECK_NEAR(l.note_number_size, 5.5, EPS);
    CHECK_NEAR(l.call_size, 6.5, EPS);
    CHECK_STR(l.separator, "__________________");
    CHECK(l.separator_style.font == NP_FONT_BOLD);
    CHECK_NEAR(l.separator_indent, -23.76, EPS);
    CHECK(l.heading[0].font == NP_FONT_BOLD);
    CHECK_NEAR(l.heading[1].size, 12, EPS);
    CHECK(l.actor.font == NP_FONT_ITALIC);
    CHECK_STR(l.font_files[NP_FONT_BOLD_ITALIC], "LiberationSerif-BoldItalic.ttf");
    CHECK(l.barcode);
    /* Word's give, measured (un-a4.xml): spaces to three quarters,
     * letters a tenth of a point narrower, never wider */
    CHECK_NEAR(l.space_shrink, 0.25, EPS);
    CHECK_NEAR(l.letter_stretch, 0, EPS);
    CHECK_NEAR(l.letter_shrink, 0.1, EPS);
    free(list);
}

/* A length written in the separator's indent of the built-in layout (a
 * field that may be negative). */
static void check_length(np_arena *arena, const char *text, const char *value,
                         double want)
{
    char attr[64];
    snprintf(attr, sizeof attr, "indent=\"%s\"", value);
    char *t = replaced(text, "indent=\"-23.76pt\"", attr);
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    CHECK(t != NULL);
    int rc = t ? load_layout(arena, t, &l, list) : -2;
    CHECK(rc == 0);
    if (rc == 0)
        CHECK_NEAR(l.separator_indent, want, 1e-4);
    else
        fprintf(stderr, "  length \"%s\" refused: %s\n", value,
                list->n ? list->items[0].message : "");
    free(list);
    free(t);
}

static void test_lengths(np_arena *arena, const char *text)
{
    check_length(arena, text, "10mm", 28.3465);
    check_length(arena, text, "1in", 72);
    check_length(arena, text, "2.54cm", 72);
    check_length(arena, text, "25.4mm", 72);
    check_length(arena, text, "-3pt", -3);
    check_length(arena, text, "0pt", 0);
    check_length(arena, text, "12.125pt", 12.125);
    check_length(arena, text, "0.5in", 36);
}

/* np_parse_length itself: what it takes, and what it leaves alone. */
static void test_parse_length(void)
{
    static const struct { const char *text; double pt; } good[] = {
        { "12pt", 12 }, { "12.5pt", 12.5 }, { "-3pt", -3 }, { "0pt", 0 },
        { "10mm", 28.346457 }, { "1in", 72 }, { "2.54cm", 72 },
        { "-1.5in", -108 }, { "0.001pt", 0.001 }, { "841.89pt", 841.89 },
    };
    static const char *const bad[] = {
        "12 px", "abc", "1,5pt", "12", "pt", "", "12PT", "1e2pt", " 12pt",
        "12pt ", "12 pt", "--3pt", "1.2.3pt", "12ptx", "12px", "-pt", "12em",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        double v = -999;
        CHECK(np_parse_length(good[i].text, &v));
        CHECK_NEAR(v, good[i].pt, 1e-6);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v = -999;
        bool ok = np_parse_length(bad[i], &v);
        CHECK(!ok);
        CHECK(v == -999);
        if (ok)
            fprintf(stderr, "  \"%s\" taken as %g pt\n", bad[i], v);
    }
    /* values.c np_parse_length: digits are accumulated without a
     * limit, so 400 nines give an infinite length, taken as valid. */
    char huge[410];
    memset(huge, '9', 400);
    strcpy(huge + 400, "pt");
    double v = -999;
    CHECK(!np_parse_length(huge, &v));
}

/* ---- broken layouts ---------------------------------------------------- */

typedef struct broken {
    const char *from, *to;      /* one change to the built-in text */
    const char *element;        /* where the message must point */
    const char *message;        /* the whole message */
} broken;

static const broken one_error[] = {
    { "number-align=\"right\"", "number-align=\"centre\"", "number-align=\"centre\"",
      "heading1.number-align: \"centre\" is not one of right, left" },
    { "first-line-indent=\"0pt\"", "first-line-indent=\"-5pt\"",
      "first-line-indent=\"-5pt\"",
      "text.first-line-indent: -5.00 pt is negative: lengths and positions are "
      "measured into the page from its top-left corner" },
    { "first-line-indent=\"0pt\"", "first-line-indent=\"400pt\"",
      "first-line-indent=\"400pt\"",
      "text.first-line-indent: leaves no room for the first line of a paragraph "
      "without a number (body.width - text.first-line-indent) (-34.50 pt)" },
    { "star-size=\"8.5pt\"", "star-size=\"0pt\"", "star-size=\"0pt\"",
      "footnote.star-size: 0.00 pt must be more than 0" },
    { "ascent=\"0.8\"", "ascent=\"four fifths\"", "ascent=\"four fifths\"",
      "body.ascent: \"four fifths\" is not a number (digits, with a decimal point)" },
    { "rule-width=\"0pt\" length=\"0pt\"", "rule-width=\"0.5pt\" length=\"900pt\"",
      "length=\"900pt\"",
      "separator.length: the footnote separator's rule (body.left + separator.indent "
      "+ separator.length) reaches 991.10 pt, past the right edge of the page at 595.28 pt" },
    { "<meeting-body2 font=\"bold\"", "<meeting-body2 font=\"heavy\"", "font=\"heavy\"",
      "meeting-body2.font: \"heavy\" is not a font (regular, italic, bold, bold-italic)" },
    { "tab=\"23.76pt\"", "tab=\"12 px\"", "tab=\"12 px\"",
      "body.tab: \"12 px\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"abc\"", "tab=\"abc\"",
      "body.tab: \"abc\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"1,5pt\"", "tab=\"1,5pt\"",
      "body.tab: \"1,5pt\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"12\"", "tab=\"12\"",
      "body.tab: \"12\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"pt\"", "tab=\"pt\"",
      "body.tab: \"pt\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"\"", "tab=\"\"",
      "body.tab: \"\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"12PT\"", "tab=\"12PT\"",
      "body.tab: \"12PT\" is not a length (a number with pt, mm, cm or in)" },
    { "tab=\"23.76pt\"", "tab=\"1e2pt\"", "tab=\"1e2pt\"",
      "body.tab: \"1e2pt\" is not a length (a number with pt, mm, cm or in)" },
    { "<text font=\"regular\"", "<text font=\"roman\"", "font=\"roman\"",
      "text.font: \"roman\" is not a font (regular, italic, bold, bold-italic)" },
    { "<heading2 font=\"bold\"", "<heading2 font=\"Bold\"", "font=\"Bold\"",
      "heading2.font: \"Bold\" is not a font (regular, italic, bold, bold-italic)" },
    { "<barcode show=\"yes\"", "<barcode show=\"maybe\"", "show=\"maybe\"",
      "barcode.show: \"maybe\" is not yes or no" },
    { "<page width=\"595.28pt\" height=\"841.89pt\"/>",
      "<page width=\"595.28pt\" height=\"841.89pt\" depth=\"1pt\"/>", "depth=",
      "unknown field page.depth" },
    { "<quote indent=\"23.76pt\"/>",
      "<quote indent=\"23.76pt\" font=\"italic\"/>", "font=\"italic\"/>",
      "unknown field quote.font" },
    /* a near miss of a field, or of a group, gets the name meant */
    { "<page width=\"595.28pt\" height=\"841.89pt\"/>",
      "<page width=\"595.28pt\" height=\"841.89pt\" hieght=\"1pt\"/>", "hieght=",
      "unknown field page.hieght; did you mean page.height?" },
    { "<quote indent=\"23.76pt\"/>",
      "<quote indent=\"23.76pt\"/><qoute indent=\"1pt\"/>", "<qoute",
      "unknown group <qoute>; did you mean <quote>?" },
};

static void check_one_error(np_arena *arena, const char *text, const broken *b)
{
    char *t = replaced(text, b->from, b->to);
    CHECK(t != NULL);
    if (!t)
        return;
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    CHECK(load_layout(arena, t, &l, list) == 1);
    CHECK(list->n == 1);
    if (list->n >= 1) {
        CHECK_STR(list->items[0].message, b->message);
        CHECK(list->items[0].severity == NP_ERROR);
        CHECK(at_pos(&list->items[0], pos_of(t, b->element)));
    }
    free(list);
    free(t);
}

/* A misspelt attribute: unknown there, and missing from the fields. */
static void test_unknown_field(np_arena *arena, const char *text)
{
    char *t = replaced(text, " left=\"114.86pt\"", " lefty=\"114.86pt\"");
    CHECK(t != NULL);
    if (!t)
        return;
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    CHECK(load_layout(arena, t, &l, list) == 1);
    CHECK(list->n == 2);
    const seen_diag *d = find_diag(list, "unknown field body.lefty");
    CHECK(d != NULL);
    CHECK(at_pos(d, pos_of(t, "lefty=")));
    d = find_diag(list, "missing 1 field: body.left (");
    CHECK(d != NULL);
    CHECK(d && at_pos(d, pos_of(t, "<layout ")));
    free(list);
    free(t);
}

/* Whether the attribute whose '=' is at p is a style's optional set
 * width: tracking="...", or a scale given in percent. */
static bool optional_part(const char *text, const char *p)
{
    const char *end = strchr(p + 2, '"');
    return (p - text >= 8 && strncmp(p - 8, "tracking", 8) == 0)
           || (end && end[-1] == '%');
}

/* Number of fields the built-in layout must set: attributes of the
 * children of <layout> (the built-in sets every field exactly once),
 * less the optional set width of its styles; its <language> groups,
 * last, set some again for one language. */
static int builtin_field_count(const char *text)
{
    const char *p = strstr(text, "<page ");
    int n = 0;
    bool in_comment = false;
    for (; p && *p && (in_comment || strncmp(p, "<language ", 10) != 0); p++) {
        if (!in_comment && strncmp(p, "<!--", 4) == 0)
            in_comment = true;
        else if (in_comment && strncmp(p, "-->", 3) == 0)
            in_comment = false;
        else if (!in_comment && p[0] == '=' && p[1] == '"' && !optional_part(text, p))
            n++;
    }
    return n;
}

static void test_missing_fields(np_arena *arena, const char *text)
{
    static const char bare[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<layout name=\"bare\">\n"
        "  <page width=\"595.28pt\" height=\"841.89pt\"/>\n"
        "</layout>\n";
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    CHECK(load_layout(arena, bare, &l, list) == 1);
    int fields = builtin_field_count(text);
    CHECK(fields > 100);
    /* one message, counting and naming the missing fields in table order */
    CHECK(list->n == 1);
    char want[64];
    snprintf(want, sizeof want, "missing %d fields: fonts.regular, fonts.italic,", fields - 2);
    const seen_diag *d = find_diag(list, want);
    CHECK(d != NULL);
    CHECK(find_diag(list, "page.width") == NULL);
    CHECK(find_diag(list, "extends=\"un-a4\"") != NULL);
    CHECK(d && at_pos(d, (np_pos){ 2, 1 }));
    free(list);
}

static void test_wrong_root(np_arena *arena)
{
    static const char text[] =
        "<?xml version=\"1.0\"?>\n"
        "<!-- not a layout -->\n"
        "  <language code=\"fr\"/>\n";
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    CHECK(load_layout(arena, text, &l, list) == 1);
    CHECK(list->n == 1);
    CHECK(strncmp(list->items[0].message, "the root element must be <layout>",
                  strlen("the root element must be <layout>")) == 0);
    CHECK(at_pos(&list->items[0], (np_pos){ 3, 3 }));
    free(list);
}

static void test_malformed(np_arena *arena)
{
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    /* a start tag never closed: the error is where the next tag begins */
    static const char open_tag[] =
        "<layout name=\"x\">\n"
        "  <page width=\"1pt\"\n"
        "</layout>\n";
    CHECK(load_layout(arena, open_tag, &l, list) == 1);
    CHECK(list->n == 1);
    if (list->n >= 1) {
        CHECK(at_pos(&list->items[0], (np_pos){ 3, 1 }));
        CHECK(strstr(list->items[0].message, "attribute") != NULL);
    }
    /* an element not ended: the error is on the end tag of its parent */
    static const char unended[] =
        "<layout name=\"x\">\n"
        "  <page width=\"1pt\" height=\"1pt\"/>\n"
        "  <body left=\"1pt\">\n"
        "</layout>\n";
    CHECK(load_layout(arena, unended, &l, list) == 1);
    CHECK(list->n == 1);
    if (list->n >= 1) {
        CHECK(list->items[0].line == 4);
        CHECK(list->items[0].col >= 1 && list->items[0].col <= 10);
        CHECK(strstr(list->items[0].message, "mismatch") != NULL);
        CHECK(strstr(list->items[0].message, "body") != NULL);
    }
    /* an attribute given twice */
    static const char twice[] =
        "<layout name=\"x\">\n"
        "  <page width=\"1pt\" width=\"2pt\"/>\n"
        "</layout>\n";
    CHECK(load_layout(arena, twice, &l, list) == 1);
    CHECK(list->n == 1);
    if (list->n >= 1) {
        CHECK(list->items[0].line == 2);
        CHECK(strstr(list->items[0].message, "width") != NULL);
    }
    /* nothing at all */
    CHECK(load_layout(arena, "", &l, list) == 1);
    CHECK(list->n == 1);
    free(list);
}

/* A template with one error must not stop the loader from reporting
 * the others: two bad values, two messages, each at its field. */
static void test_two_errors(np_arena *arena, const char *text)
{
    char *t1 = replaced(text, "tab=\"23.76pt\"", "tab=\"x\"");
    char *t2 = t1 ? replaced(t1, "<end-mark length=\"72pt\"",
                             "<end-mark length=\"72\"") : NULL;
    CHECK(t2 != NULL);
    if (t2) {
        diag_list *list = calloc(1, sizeof *list);
        np_layout l;
        CHECK(load_layout(arena, t2, &l, list) == 1);
        CHECK(list->n == 2);
        CHECK(at_pos(find_diag(list, "body.tab"), pos_of(t2, "tab=\"x\"")));
        CHECK(at_pos(find_diag(list, "end-mark.length"), pos_of(t2, "length=\"72\"")));
        free(list);
    }
    free(t1);
    free(t2);
}

/* Loads `text` with `from` replaced by `to`; the diagnostics go to
 * *list. Returns the loader's result, -2 when `from` is not there. */
static int load_changed(np_arena *arena, const char *text, const char *from,
                        const char *to, diag_list *list, char **changed)
{
    np_layout l;
    *changed = replaced(text, from, to);
    return *changed ? load_layout(arena, *changed, &l, list) : -2;
}

/* Mistakes an editor makes that the loader must name precisely. */
static void test_layout_mistakes(np_arena *arena, const char *text)
{
    diag_list *list = calloc(1, sizeof *list);
    char *t;
    /* set_style_part: a bad size or leading of a text style is named by
     * its group only ("footnote: ...") where a bad font says "text.font" */
    CHECK(load_changed(arena, text, "size=\"8.5pt\" leading=\"10.5pt\"",
                       "size=\"8.5\" leading=\"10.5pt\"", list, &t) == 1);
    CHECK(list->n == 1 && at_pos(&list->items[0], pos_of(t, "size=\"8.5\"")));
    CHECK(list->n == 1 && strcmp(list->items[0].message,
        "footnote.size: \"8.5\" is not a length (a number with pt, mm, cm or in)") == 0);
    free(t);
    /* read_group: an element that is no group, without attributes, is
     * skipped in silence (a misspelt <separator/>, say) */
    int rc = load_changed(arena, text, "<end-mark ", "<bogus/>\n  <end-mark ", list, &t);
    CHECK(rc >= 0);
    CHECK(rc == 1 && list->n == 1 && at_pos(&list->items[0], pos_of(t, "<bogus/>"))
              && strstr(list->items[0].message, "bogus") != NULL);
    free(t);
    /* read_group: a group given twice silently replaces the first one's
     * values (body.left becomes 1pt) */
    rc = load_changed(arena, text, "<end-mark ", "<body left=\"1pt\"/>\n  <end-mark ",
                      list, &t);
    CHECK(rc >= 0);
    CHECK(rc == 1 && list->n == 1
              && at_pos(&list->items[0], pos_of(t, "<body left=\"1pt\"/>")));
    free(t);
    free(list);
}

static void test_broken_layouts(np_arena *arena, const char *text)
{
    for (size_t i = 0; i < sizeof one_error / sizeof one_error[0]; i++)
        check_one_error(arena, text, &one_error[i]);
    test_unknown_field(arena, text);
    test_missing_fields(arena, text);
    test_wrong_root(arena);
    test_malformed(arena);
    test_two_errors(arena, text);
    test_layout_mistakes(arena, text);
}

/* body right="...": the width made from the right margin, here the
 * same column as un-a4's (595.28 - 114.86 - 114.92 = 365.5 pt); a
 * negative margin refused at its place. */
static void test_right_margin(np_arena *arena, const char *layout)
{
    char *t = replaced(layout, "width=\"365.5pt\" first-baseline",
                       "right=\"114.92pt\" first-baseline");
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    CHECK(t && list && load_layout(arena, t, &l, list) == 0);
    CHECK_NEAR(l.body_width, 365.5, 1e-6);
    free(t);
    t = replaced(layout, "width=\"365.5pt\" first-baseline",
                 "right=\"-1pt\" first-baseline");
    CHECK(t && load_layout(arena, t, &l, list) == 1);
    CHECK(list->n >= 1 && strstr(list->items[0].message, "body.right: -1.00 pt is negative"));
    free(t);
    free(list);
}

int main(void)
{
    np_xml_init();
    np_arena *arena = np_arena_new(NULL);
    char *layout = builtin_text(LAYOUT_PATH);
    CHECK(arena != NULL && layout != NULL);
    if (!arena || !layout)
        return unit_done("test_layout");
    np_lang fr, en, es;
    int rc_fr = load_lang(arena, "fr", &fr);
    int rc_en = load_lang(arena, "en", &en);
    int rc_es = load_lang(arena, "es", &es);
    CHECK(rc_fr == 0 && rc_en == 0 && rc_es == 0);
    if (rc_fr == 0 && rc_en == 0 && rc_es == 0) {
        test_dates(arena, &fr, &en, &es);
        test_lang_fields(&fr, &en, &es);
        test_lang_names(&fr, &en, &es);
    }
    test_un_names(arena);
    test_zh_ar(arena);
    test_adoption_words(arena);
    test_bad_langs(arena);
    test_expand(arena);
    test_builtin_layout(arena, layout);
    test_parse_length();
    test_lengths(arena, layout);
    test_broken_layouts(arena, layout);
    test_right_margin(arena, layout);
    CHECK(!np_arena_failed(arena));
    free(layout);
    np_arena_free(arena);
    return unit_done("test_layout");
}
