/*
 * test_layout_check.c - a layout that would put something off its page
 * is refused when it is loaded (layout_check.c), at the field.
 *
 * Each case is a layout extending the built-in un-a4 that changes one
 * field, of every family that places something: the page size, the text
 * column and what hangs off it, the text areas and the type set in
 * them, the frame, each baseline, rule and box of the masthead, running
 * header and footers. Each is refused, and the first message points at
 * the changed attribute and names its field. The built-in layout and
 * the same fields changed within bounds load cleanly, and the templates
 * of the running heads may name only the page's fields.
 *
 * The groups of a <language code="..."> element apply to the documents
 * in that language only (un-a4's Chinese body text, its Russian
 * hyphenation), and a layout extending one replaces them as it replaces
 * its other fields; they are checked whatever the language.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "readers/layout_load.h"
#include "unit.h"
#include "readers/xml_read.h"

#define MAX_DIAGS 64

typedef struct seen {
    unsigned line, col;
    char message[512];
} seen;

typedef struct diag_list {
    seen items[MAX_DIAGS];
    int n;
} diag_list;

static void collect(void *ud, const np_diagnostic *d)
{
    diag_list *list = ud;
    if (list->n < MAX_DIAGS) {
        seen *s = &list->items[list->n++];
        s->line = d->line;
        s->col = d->column;
        snprintf(s->message, sizeof s->message, "%s", d->message);
    }
}

/* np_layout_find_fn: only the built-in layouts. */
static int find_builtin(void *ud, const char *name, const char *from,
                        char **bytes, size_t *len, const char **path,
                        bool *builtin)
{
    (void)ud;
    (void)from;
    static char where[64];
    snprintf(where, sizeof where, "layouts/%s.xml", name);
    for (size_t i = 0; i < np_embedded_count; i++)
        if (strcmp(np_embedded_files[i].path, where) == 0) {
            *bytes = (char *)np_embedded_files[i].bytes;
            *len = np_embedded_files[i].len;
            *path = where;
            *builtin = true;
            return 0;
        }
    return -1;
}

/* Loads `text`, a layout that may extend a built-in one, for the
 * documents in language `lang` (NULL: none), into *l. */
static int load_for(np_arena *arena, const char *text, const char *lang,
                    diag_list *list, np_layout *l)
{
    np_diags diags;
    list->n = 0;
    np_diags_init(&diags, collect, list);
    return np_layout_load_with(arena, &diags, "t.xml", text, strlen(text),
                               false, find_builtin, NULL, lang, l);
}

static int load(np_arena *arena, const char *text, diag_list *list)
{
    np_layout l;
    return load_for(arena, text, NULL, list, &l);
}

/* A layout extending un-a4 that sets only `group`.`attr`, which starts
 * at 3:(length of group + 5). */
static char *child(const char *group, const char *attr, const char *value)
{
    static char text[512];
    snprintf(text, sizeof text, "<?xml version=\"1.0\"?>\n<layout name=\"t\" "
             "extends=\"un-a4\">\n  <%s %s=\"%s\"/>\n</layout>\n",
             group, attr, value);
    return text;
}

/* group, attribute, a value that puts something off the page. */
static const char *const off_page[][3] = {
    /* the page */
    { "page", "width", "2pt" }, { "page", "width", "20000pt" },
    { "page", "height", "300pt" }, { "page", "height", "15000pt" },
    /* the text column and what hangs off it */
    { "body", "left", "-20pt" }, { "body", "left", "300pt" },
    { "body", "width", "900pt" }, { "body", "width", "0pt" },
    { "body", "tab", "400pt" }, { "footnote", "number-gap", "200pt" },
    { "separator", "indent", "-200pt" }, { "end-mark", "length", "600pt" },
    { "headings", "number-gap", "80pt" },
    /* the text areas and their type */
    { "body", "first-baseline", "900pt" }, { "body", "first-baseline", "5pt" },
    { "body", "bottom", "60pt" }, { "body", "bottom", "850pt" },
    { "body", "first-page-bottom", "900pt" }, { "body", "first-page-bottom", "100pt" },
    { "meeting", "first-baseline", "830pt" }, { "meeting", "width", "600pt" },
    { "text", "size", "400pt" }, { "text", "leading", "800pt" },
    { "footnote", "leading", "700pt" }, { "heading1", "size", "90pt" },
    { "agenda-title", "size", "700pt" },
    /* the frame and the masthead */
    { "frame", "left", "-1pt" }, { "frame", "right", "600pt" },
    { "frame", "right", "40pt" },
    { "organization", "baseline", "5pt" }, { "symbol", "baseline", "845pt" },
    { "symbol", "first-size", "90pt" }, { "organ", "baseline", "2000pt" },
    { "distribution", "x", "700pt" }, { "distribution", "x", "120pt" },
    { "distribution", "baseline", "835pt" }, { "distribution", "leading", "300pt" },
    { "thin-rule", "y", "900pt" }, { "heavy-rule", "y", "-3pt" },
    { "emblem", "x", "560pt" }, { "emblem", "y", "820pt" },
    { "emblem", "width", "0pt" }, { "emblem", "height", "900pt" },
    /* running header, footers, barcode */
    { "header", "baseline", "4pt" }, { "header", "rule-y", "842pt" },
    { "header", "size", "70pt" },
    { "footer", "baseline", "850pt" }, { "footer-page", "size", "900pt" },
    { "first-footer", "x", "560pt" }, { "first-footer", "baseline", "841pt" },
    { "barcode", "baseline", "900pt" }, { "barcode", "height", "900pt" },
    { "barcode", "narrow", "0pt" },
    { "first-footer", "date-x", "600pt" }, { "first-footer", "date-step", "520pt" },
    /* the QR code and the recycling mark of page 1 */
    { "qr", "x", "580pt" }, { "qr", "y", "820pt" }, { "qr", "size", "0pt" },
    { "recycle", "right", "10pt" }, { "recycle", "top", "850pt" },
    { "recycle", "baseline", "845pt" }, { "recycle", "height", "900pt" },
    /* more type of the text areas */
    { "draft-title", "size", "400pt" }, { "table-header", "leading", "800pt" },
};

static bool first_message_at(const diag_list *list, const char *key,
                             unsigned col)
{
    size_t n = strlen(key);
    return list->n > 0 && strncmp(list->items[0].message, key, n) == 0
           && list->items[0].message[n] == ':' && list->items[0].line == 3
           && list->items[0].col == col;
}

static void test_off_page(np_arena *arena)
{
    diag_list *list = calloc(1, sizeof *list);
    for (size_t i = 0; list && i < sizeof off_page / sizeof off_page[0]; i++) {
        const char *const *c = off_page[i];
        char key[64];
        snprintf(key, sizeof key, "%s.%s", c[0], c[1]);
        int rc = load(arena, child(c[0], c[1], c[2]), list);
        unsigned col = (unsigned)strlen(c[0]) + 5;
        bool ok = rc == 1 && first_message_at(list, key, col);
        CHECK(ok);
        if (!ok)
            fprintf(stderr, "  %s=\"%s\": rc %d, %s at %u:%u (want 3:%u)\n",
                    key, c[2], rc, list->n ? list->items[0].message : "no message",
                    list->n ? list->items[0].line : 0,
                    list->n ? list->items[0].col : 0, col);
    }
    free(list);
}

/* The same fields moved within their bounds load cleanly. */
static const char *const within[][3] = {
    { "page", "width", "612pt" }, { "body", "left", "80pt" },
    { "body", "width", "480pt" }, { "body", "first-baseline", "100pt" },
    { "text", "size", "24pt" }, { "frame", "right", "595pt" },
    { "organ", "baseline", "120pt" }, { "footer", "baseline", "830pt" },
    { "separator", "indent", "-100pt" }, { "emblem", "x", "0pt" },
};

static void test_within(np_arena *arena)
{
    diag_list *list = calloc(1, sizeof *list);
    for (size_t i = 0; list && i < sizeof within / sizeof within[0]; i++) {
        int rc = load(arena, child(within[i][0], within[i][1], within[i][2]), list);
        CHECK(rc == 0 && list->n == 0);
        if (list->n)
            fprintf(stderr, "  %s.%s: %s\n", within[i][0], within[i][1],
                    list->items[0].message);
    }
    free(list);
}

/* Two fields in conflict: the message names both, with their values,
 * and is given at the one the extending layout set. */
static void test_message(np_arena *arena)
{
    diag_list *list = calloc(1, sizeof *list);
    if (!list)
        return;
    CHECK(load(arena, child("page", "width", "400pt"), list) == 1);
    CHECK(first_message_at(list, "page.width", 9));
    CHECK(list->n >= 1 && strcmp(list->items[0].message,
          "page.width: the text column (body.left + body.width) reaches "
          "480.36 pt, past the right edge of the page at 400.00 pt") == 0);
    CHECK(load(arena, child("body", "bottom", "60pt"), list) == 1);
    CHECK(list->n >= 1 && strcmp(list->items[0].message,
          "body.bottom: body.first-baseline (82.30 pt) must be above "
          "body.bottom (60.00 pt)") == 0);
    free(list);
}

static void test_templates(np_arena *arena)
{
    static const char *const cases[][2] = {
        { "{symbol} {pagez}", "header.text: unknown field {pagez} (known: "
          "{symbol}, {page}, {pages}, {job}, {lang-letter}, {date})" },
        { "{symbol", "header.text: \"{symbol\" opens a field with \"{\" and "
          "does not close it" },
        { "{}", "header.text: unknown field {} (known: " },
    };
    diag_list *list = calloc(1, sizeof *list);
    for (size_t i = 0; list && i < sizeof cases / sizeof cases[0]; i++) {
        CHECK(load(arena, child("header", "text", cases[i][0]), list) == 1);
        CHECK(first_message_at(list, "header.text", 11));
        CHECK(list->n == 1 && strncmp(list->items[0].message, cases[i][1],
                                      strlen(cases[i][1])) == 0);
    }
    CHECK(load(arena, child("first-footer", "text",
                            "{job} ({lang-letter}) {page}/{pages} {date} {symbol}"),
               list) == 0);
    /* the QR code's template has fields of its own */
    CHECK(load(arena, child("qr", "text", "https://un.org/{language}/{symbol}"),
               list) == 1);
    CHECK(first_message_at(list, "qr.text", 7));
    CHECK(list->n == 1 && strstr(list->items[0].message,
                                 "unknown field {language} (known: {lang}, {symbol})"));
    free(list);
}

static void test_languages(np_arena *arena)
{
    static const char *const base = "<layout name=\"t\" extends=\"un-a4\"/>";
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    if (!list)
        return;
    CHECK(load_for(arena, base, "en", list, &l) == 0);
    CHECK_NEAR(l.body.size, 10, 1e-9);
    CHECK(!l.hyphenate);
    CHECK(load_for(arena, base, "zh", list, &l) == 0);
    CHECK_NEAR(l.body.size, 10.5, 1e-9);
    CHECK_NEAR(l.body.leading, 14, 1e-9);
    CHECK_NEAR(l.body.tracking, 0, 1e-9);
    CHECK_NEAR(l.footnote.size, 8.5, 1e-9);     /* the others as English */
    CHECK(!l.hyphenate);
    CHECK(load_for(arena, base, "ru", list, &l) == 0 && l.hyphenate);
    /* a child's own group replaces the parent's language group */
    CHECK(load_for(arena, "<layout extends=\"un-a4\"><hyphenation auto=\"no\"/>"
                   "</layout>", "ru", list, &l) == 0 && !l.hyphenate);
    /* and its language group replaces its own */
    const char *own = "<layout extends=\"un-a4\"><text size=\"11pt\"/>"
                      "<language code=\"fr\"><text size=\"12pt\"/></language></layout>";
    CHECK(load_for(arena, own, "fr", list, &l) == 0);
    CHECK_NEAR(l.body.size, 12, 1e-9);
    CHECK(load_for(arena, own, "es", list, &l) == 0);
    CHECK_NEAR(l.body.size, 11, 1e-9);
    /* what is off the page is found for the language that puts it there */
    const char *big = "<layout extends=\"un-a4\">\n<language code=\"zh\">\n"
                      "  <text size=\"400pt\"/>\n</language></layout>";
    CHECK(load_for(arena, big, "en", list, &l) == 0);
    CHECK(load_for(arena, big, "zh", list, &l) == 1);
    CHECK(first_message_at(list, "text.size", 9));
    free(list);
}

/* A language group's mistakes are found whatever the document's
 * language, at their place. */
static void test_language_mistakes(np_arena *arena)
{
    static const char *const cases[][3] = {
        { "<language code=\"zh\"><text sise=\"1pt\"/></language>",
          "unknown field text.sise", "fr" },
        { "<language code=\"zh\"><text size=\"big\"/></language>",
          "text.size: \"big\" is not a length", "fr" },
        { "<language code=\"ZH\"/>", "<language code=\"ZH\">: the code must be", "zh" },
        { "<language/>", "<language code=\"\">: the code must be", "zh" },
        { "<language code=\"zh\" lang=\"x\"/>", "unknown field language.lang", "zh" },
        { "<language code=\"zh\"/><language code=\"zh\"/>",
          "<language code=\"zh\"> is given twice (first at line 2)", "en" },
        { "<language code=\"zh\"><text size=\"9pt\"/><text size=\"8pt\"/></language>",
          "<text> is given twice", "zh" },
        { "<language code=\"zh\"><language code=\"zh\"/></language>",
          "unknown group <language>", "zh" },
    };
    diag_list *list = calloc(1, sizeof *list);
    np_layout l;
    for (size_t i = 0; list && i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "<layout extends=\"un-a4\">\n%s</layout>",
                 cases[i][0]);
        CHECK(load_for(arena, text, cases[i][2], list, &l) == 1);
        bool found = list->n >= 1 && strstr(list->items[0].message, cases[i][1])
                     && list->items[0].line == 2;
        CHECK(found);
        if (!found)
            fprintf(stderr, "  %s: %s\n", cases[i][0],
                    list->n ? list->items[0].message : "no message");
    }
    /* the same group at the top and in a language is no repetition */
    CHECK(load_for(arena, "<layout extends=\"un-a4\"><text size=\"9pt\"/>"
                   "<language code=\"zh\"><text size=\"9.5pt\"/></language>"
                   "</layout>", "zh", list, &l) == 0 && list->n == 0);
    free(list);
}

int main(void)
{
    np_xml_init();
    np_arena *arena = np_arena_new(NULL);
    diag_list *list = calloc(1, sizeof *list);
    CHECK(arena && list);
    if (arena && list) {
        /* the built-in layout itself, extended with nothing changed */
        CHECK(load(arena, "<layout name=\"t\" extends=\"un-a4\"/>", list) == 0);
        CHECK(list->n == 0);
        test_off_page(arena);
        test_within(arena);
        test_message(arena);
        test_templates(arena);
        test_languages(arena);
        test_language_mistakes(arena);
    }
    free(list);
    np_arena_free(arena);
    return unit_done("layout_check");
}
