/*
 * lang_load.c - reads language files into np_lang.
 *
 * A language file is a <language> element (its code, letter, name,
 * writing direction and hyphenation patterns) holding the printed
 * labels (<label name="...">), the month names, the date patterns (of
 * the masthead and of running text), the ordinal suffixes set raised, list
 * markers, paragraph numbers and list letters, quotation marks and the
 * names of languages in that language. Every
 * label the engine prints must be present; a missing or unknown one is
 * an error with its position, and so is a template naming a field it is
 * not given ({langue} for {language}), or a pattern file name that could
 * lead out of the pattern directories.
 *
 * Not done here: finding the file (the engine), filling templates and
 * writing dates (template.c) or choosing which label to print
 * (typesetting).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ground/buf.h"
#include "readers/lang_load.h"
#include "readers/layout.h"
#include "readers/template.h"
#include "readers/xml_read.h"

typedef struct loader {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    size_t name_cap;            /* of the language's names */
} loader;

/* Reports a message of the table at `pos` of the language file. */
#define bad(ld, pos, ...) np_report((ld)->diags, (ld)->file, pos, __VA_ARGS__)

/* ---- languages --------------------------------------------------- */

static const char *label_names[NP_LABEL_COUNT] = {
    [NP_LABEL_UNITED_NATIONS] = "united-nations",
    [NP_LABEL_DISTR_GENERAL] = "distribution-general",
    [NP_LABEL_DISTR_LIMITED] = "distribution-limited",
    [NP_LABEL_DISTR_RESTRICTED] = "distribution-restricted",
    [NP_LABEL_ORIGINAL] = "original",
    [NP_LABEL_AGENDA_PROVISIONAL] = "agenda-item-provisional",
    [NP_LABEL_AGENDA] = "agenda-item",
    [NP_LABEL_ANNEX] = "annex",
    [NP_LABEL_ANNEX_NUMBERED] = "annex-numbered",
    [NP_LABEL_PLEASE_RECYCLE] = "please-recycle",
    [NP_LABEL_ADOPTED_RESOLUTION_GA] = "adopted-resolution-ga",
    [NP_LABEL_ADOPTED_DECISION_GA] = "adopted-decision-ga",
    [NP_LABEL_ADOPTED_RESOLUTION_ECOSOC] = "adopted-resolution-ecosoc",
    [NP_LABEL_ADOPTED_DECISION_ECOSOC] = "adopted-decision-ecosoc",
    [NP_LABEL_RESOLUTION_SC] = "resolution-sc",
    [NP_LABEL_ADOPTED_SC] = "adopted-sc",
    [NP_LABEL_AGENDA_ITEMS_PROVISIONAL] = "agenda-items-provisional",
    [NP_LABEL_AGENDA_ITEMS] = "agenda-items",
    [NP_LABEL_AND] = "and",
    [NP_LABEL_SIGNED] = "signed",
    [NP_LABEL_CORRIGENDUM] = "corrigendum",
    [NP_LABEL_ADDENDUM] = "addendum",
    [NP_LABEL_SUMMARY] = "summary",
    [NP_LABEL_ANNEX_ORIGINAL] = "annex-original",
    [NP_LABEL_XREF_ANNEX] = "xref-annex",
    [NP_LABEL_XREF_ANNEX_NUMBERED] = "xref-annex-numbered",
    [NP_LABEL_XREF_TABLE] = "xref-table",
    [NP_LABEL_XREF_FIGURE] = "xref-figure",
    [NP_LABEL_TABLE_CAPTION] = "table-caption",
    [NP_LABEL_FIGURE_CAPTION] = "figure-caption",
    [NP_LABEL_CONTENTS] = "contents",
    [NP_LABEL_CONTENTS_PAGE] = "contents-page",
};

static const char *element_text(np_arena *arena, const np_xnode *x)
{
    const char *text = np_xnode_text(arena, x, NULL);
    return text ? text : "";
}

/* The fields each label may use. */
static const char *const label_fields[NP_LABEL_COUNT][3] = {
    [NP_LABEL_ORIGINAL] = { "language", NULL },
    [NP_LABEL_ADOPTED_RESOLUTION_GA] = { "date", NULL },
    [NP_LABEL_ADOPTED_DECISION_GA] = { "date", NULL },
    [NP_LABEL_ADOPTED_RESOLUTION_ECOSOC] = { "date", NULL },
    [NP_LABEL_ADOPTED_DECISION_ECOSOC] = { "date", NULL },
    [NP_LABEL_RESOLUTION_SC] = { "number", "year", NULL },
    [NP_LABEL_ADOPTED_SC] = { "meeting", "date", NULL },
    [NP_LABEL_AGENDA_PROVISIONAL] = { "number", NULL },
    [NP_LABEL_AGENDA] = { "number", NULL },
    [NP_LABEL_ANNEX_NUMBERED] = { "number", NULL },
    [NP_LABEL_AGENDA_ITEMS_PROVISIONAL] = { "numbers", NULL },
    [NP_LABEL_AGENDA_ITEMS] = { "numbers", NULL },
    [NP_LABEL_AND] = { "first", "last" },
    [NP_LABEL_ANNEX_ORIGINAL] = { "language", NULL },
    [NP_LABEL_XREF_ANNEX_NUMBERED] = { "number", NULL },
    [NP_LABEL_XREF_TABLE] = { "number", NULL },
    [NP_LABEL_XREF_FIGURE] = { "number", NULL },
    [NP_LABEL_TABLE_CAPTION] = { "number", NULL },
    [NP_LABEL_FIGURE_CAPTION] = { "number", NULL },
};

static void read_label(loader *ld, np_lang *lang, const np_xnode *x)
{
    const char *name = np_xattr_get(x, "name");
    char what[64];
    for (int i = 0; name && i < NP_LABEL_COUNT; i++)
        if (strcmp(name, label_names[i]) == 0) {
            lang->labels[i] = element_text(ld->arena, x);
            snprintf(what, sizeof what, "label \"%s\"", name);
            np_template_check(ld->diags, ld->file, x->pos, what,
                              lang->labels[i], label_fields[i]);
            return;
        }
    bad(ld, x->pos, NP_MSG_LANG_UNKNOWN_LABEL, name ? name : "");
}

/* Attribute `name` of `x`, a template that may use `names` only. */
static const char *template_attr(loader *ld, const np_xnode *x, const char *name,
                                 const char *const names[])
{
    const char *v = np_xattr_get(x, name);
    char what[64];
    snprintf(what, sizeof what, "%s.%s", x->name, name);
    np_template_check(ld->diags, ld->file, np_xattr_pos(x, name), what, v, names);
    return v;
}

static const char *const no_fields[] = { NULL };
static const char *const number_field[] = { "n", NULL };
static const char *const date_fields[] = { "day", "month", "year", NULL };

static void read_months(loader *ld, np_lang *lang, const np_xnode *x)
{
    char *s = np_arena_strdup(ld->arena, element_text(ld->arena, x));
    int n = 0;
    for (char *tok = s ? strtok(s, " \t\n\r") : NULL; tok;
         tok = strtok(NULL, " \t\n\r")) {
        if (n < 12)
            lang->months[n] = tok;
        n++;
    }
    if (n != 12)
        bad(ld, x->pos, NP_MSG_LANG_MONTHS, n);
}

/* <text-date format="{day} {month} {year} года" months="января|...">:
 * the date in running text; the months are separated by "|", as some
 * names hold spaces (Arabic "كانون الثاني/يناير"). */
static void read_text_date(loader *ld, np_lang *lang, const np_xnode *x)
{
    lang->text_date_format = template_attr(ld, x, "format", date_fields);
    const char *v = np_xattr_get(x, "months");
    char *s = np_arena_strdup(ld->arena, v ? v : "");
    int n = 0;
    char *save = NULL;
    for (char *tok = s ? strtok_r(s, "|", &save) : NULL; tok;
         tok = strtok_r(NULL, "|", &save)) {
        if (n < 12)
            lang->text_months[n] = tok;
        n++;
    }
    if (n != 12)
        bad(ld, np_xattr_pos(x, "months"), NP_MSG_LANG_TEXT_MONTHS, n);
}

/* <numbers paragraph="{n} -" letters="أ ب ج د"/>: how numbered
 * paragraphs are labelled, and the letters of lettered list items. */
static void read_numbers(loader *ld, np_lang *lang, const np_xnode *x)
{
    const char *p = template_attr(ld, x, "paragraph", number_field);
    if (p)
        lang->paragraph_number = p;
    const char *v = np_xattr_get(x, "letters");
    char *s = v ? np_arena_strdup(ld->arena, v) : NULL;
    char *save = NULL;
    int n = 0;
    for (char *tok = s ? strtok_r(s, " \t\n\r", &save) : NULL; tok;
         tok = strtok_r(NULL, " \t\n\r", &save)) {
        if (n < NP_LANG_MAX_LETTERS)
            lang->letters[n] = tok;
        n++;
    }
    if (v && (n == 0 || n > NP_LANG_MAX_LETTERS))
        bad(ld, np_xattr_pos(x, "letters"), NP_MSG_LANG_LETTERS,
            NP_LANG_MAX_LETTERS, n);
    lang->letters[n < NP_LANG_MAX_LETTERS ? n : NP_LANG_MAX_LETTERS] = NULL;
}

/* direction="ltr" (the default) or "rtl". */
static void read_direction(loader *ld, np_lang *lang, const np_xnode *root)
{
    const char *v = np_xattr_get(root, "direction");
    if (v && strcmp(v, "rtl") != 0 && strcmp(v, "ltr") != 0)
        bad(ld, np_xattr_pos(root, "direction"), NP_MSG_LANG_DIRECTION, v);
    lang->rtl = v && strcmp(v, "rtl") == 0;
}

static void read_language_name(loader *ld, np_lang *lang, const np_xnode *x)
{
    size_t n = (size_t)lang->name_count;
    np_lang_name *names = np_arena_grow(ld->arena, lang->names, n, &ld->name_cap,
                                        n + 1, sizeof *names);
    if (!names)
        return;
    const char *code = np_xattr_get(x, "code");
    names[n].code = code ? code : "";
    names[n].name = element_text(ld->arena, x);
    names[n].annex = np_xattr_get(x, "annex");
    lang->names = names;
    lang->name_count++;
}

static void read_lang_child(loader *ld, np_lang *lang, const np_xnode *x)
{
    if (np_xnode_is(x, "label")) {
        read_label(ld, lang, x);
    } else if (np_xnode_is(x, "months")) {
        read_months(ld, lang, x);
    } else if (np_xnode_is(x, "date")) {
        lang->date_format = template_attr(ld, x, "format", date_fields);
        lang->first_day = template_attr(ld, x, "first-day", no_fields);
    } else if (np_xnode_is(x, "text-date")) {
        read_text_date(ld, lang, x);
    } else if (np_xnode_is(x, "ordinals")) {
        lang->ordinal_suffixes = template_attr(ld, x, "suffixes", no_fields);
    } else if (np_xnode_is(x, "list")) {
        lang->list_alpha = template_attr(ld, x, "alpha", number_field);
        lang->list_roman = template_attr(ld, x, "roman", number_field);
        lang->list_decimal = template_attr(ld, x, "decimal", number_field);
        lang->list_bullet = template_attr(ld, x, "bullet", no_fields);
        lang->list_dash = template_attr(ld, x, "dash", no_fields);
    } else if (np_xnode_is(x, "numbers")) {
        read_numbers(ld, lang, x);
    } else if (np_xnode_is(x, "quotes")) {
        lang->quote_open = template_attr(ld, x, "open", no_fields);
        lang->quote_close = template_attr(ld, x, "close", no_fields);
    } else if (np_xnode_is(x, "language-name")) {
        read_language_name(ld, lang, x);
    } else {
        bad(ld, x->pos, NP_MSG_LANG_UNKNOWN_ELEMENT, x->name);
    }
}

static int hyphen_min(loader *ld, const np_xnode *root, const char *name)
{
    const char *v = np_xattr_get(root, name);
    int n = v ? atoi(v) : 2;
    if (n < 1 || n > 9)
        bad(ld, root->pos, NP_MSG_LANG_HYPHEN_MIN, name);
    return n;
}

static void check_lang(loader *ld, np_lang *lang, np_pos pos)
{
    for (int i = 0; i < NP_LABEL_COUNT; i++)
        if (!lang->labels[i])
            bad(ld, pos, NP_MSG_LANG_MISSING_LABEL, label_names[i]);
    if (!lang->months[0])
        bad(ld, pos, NP_MSG_LANG_MISSING, "<months>");
    if (!lang->date_format)
        bad(ld, pos, NP_MSG_LANG_MISSING, "<date format=\"...\">");
    if (!lang->list_alpha || !lang->list_roman || !lang->list_decimal
        || !lang->list_bullet || !lang->list_dash)
        bad(ld, pos, NP_MSG_LANG_MISSING, "<list alpha=\"...\" roman=\"...\" "
            "decimal=\"...\" bullet=\"...\" dash=\"...\">");
    if (!lang->quote_open || !lang->quote_close)
        bad(ld, pos, NP_MSG_LANG_MISSING, "<quotes open=\"...\" close=\"...\">");
    if (!lang->code || !lang->letter)
        bad(ld, pos, NP_MSG_LANG_NO_CODE);
}

/* Patterns are looked up by name in the pattern directories: a name
 * that could lead out of them (a "/", a leading ".") is refused. */
static bool pattern_file_name(const char *s)
{
    if (!*s || *s == '.')
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
              || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' || *s == '.'))
            return false;
    return true;
}

int np_lang_load(np_arena *arena, np_diags *diags, const char *file,
                 const char *bytes, size_t len, np_lang *out)
{
    np_xnode *root;
    int rc = np_xml_read(arena, diags, file, bytes, len, NULL, &root);
    if (rc)
        return rc;
    loader ld = { .arena = arena, .diags = diags, .file = file };
    unsigned errors = diags->count[NP_ERROR];
    memset(out, 0, sizeof *out);
    if (!np_xnode_is(root, "language")) {
        bad(&ld, root->pos, NP_MSG_LANG_ROOT);
        return 1;
    }
    out->code = np_xattr_get(root, "code");
    out->letter = np_xattr_get(root, "letter");
    out->self_name = np_xattr_get(root, "name");
    out->hyphenation = np_xattr_get(root, "hyphenation");
    if (out->hyphenation && !pattern_file_name(out->hyphenation))
        np_report(diags, file, np_xattr_pos(root, "hyphenation"),
                  NP_MSG_HYPHENATION_NAME, out->hyphenation);
    out->paragraph_number = "{n}.";
    read_direction(&ld, out, root);
    out->left_hyphen_min = hyphen_min(&ld, root, "left-hyphen-min");
    out->right_hyphen_min = hyphen_min(&ld, root, "right-hyphen-min");
    for (const np_xnode *c = root->first; c; c = c->next)
        if (c->name)
            read_lang_child(&ld, out, c);
    check_lang(&ld, out, root->pos);
    if (np_arena_failed(arena))
        return -1;
    return diags->count[NP_ERROR] > errors ? 1 : 0;
}
