/*
 * lang_load.c - reads language files into np_lang, and fills the
 * templates of labels and dates.
 *
 * A language file is a <language> element (its code, letter, name,
 * writing direction and hyphenation patterns) holding the printed
 * labels (<label name="...">), the month names, the date pattern, list
 * markers, paragraph numbers and list letters, quotation marks and the
 * names of languages in that language. Every
 * label the engine prints must be present; a missing or unknown one is
 * an error with its position, and so is a template naming a field it is
 * not given ({langue} for {language}), or a pattern file name that could
 * lead out of the pattern directories.
 *
 * Not done here: finding the file (render.c) or choosing which label to
 * print (layout code).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readers/layout.h"
#include "readers/layout_check.h"
#include "readers/xml_read.h"

typedef struct loader {
    np_arena *arena;
    np_diags *diags;
    const char *file;
} loader;

#define bad(ld, pos, ...) np_layout_bad((ld)->diags, (ld)->file, pos, __VA_ARGS__)

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
};

static const char *element_text(np_arena *arena, const np_xnode *x)
{
    size_t len = 0;
    for (const np_xnode *c = x->first; c; c = c->next)
        len += c->name ? 0 : c->len;
    char *s = np_arena_alloc(arena, len + 1);
    if (!s)
        return "";
    size_t at = 0;
    for (const np_xnode *c = x->first; c; c = c->next)
        if (!c->name) {
            memcpy(s + at, c->text, c->len);
            at += c->len;
        }
    return s;
}

/* The fields each label may use. */
static const char *const label_fields[NP_LABEL_COUNT][2] = {
    [NP_LABEL_ORIGINAL] = { "language", NULL },
    [NP_LABEL_AGENDA_PROVISIONAL] = { "number", NULL },
    [NP_LABEL_AGENDA] = { "number", NULL },
    [NP_LABEL_ANNEX_NUMBERED] = { "number", NULL },
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
    bad(ld, x->pos, "unknown label \"%s\"", name ? name : "");
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
        bad(ld, x->pos, "<months> must list 12 month names, not %d", n);
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
        bad(ld, np_xattr_pos(x, "letters"), "numbers.letters must list 1 to "
            "%d letters, not %d", NP_LANG_MAX_LETTERS, n);
    lang->letters[n < NP_LANG_MAX_LETTERS ? n : NP_LANG_MAX_LETTERS] = NULL;
}

/* direction="ltr" (the default) or "rtl". */
static void read_direction(loader *ld, np_lang *lang, const np_xnode *root)
{
    const char *v = np_xattr_get(root, "direction");
    if (v && strcmp(v, "rtl") != 0 && strcmp(v, "ltr") != 0)
        bad(ld, np_xattr_pos(root, "direction"),
            "direction must be \"ltr\" or \"rtl\", not \"%s\"", v);
    lang->rtl = v && strcmp(v, "rtl") == 0;
}

static void read_language_name(loader *ld, np_lang *lang, const np_xnode *x)
{
    np_lang_name *grown = np_arena_alloc(ld->arena,
        (size_t)(lang->name_count + 1) * sizeof *grown);
    if (!grown)
        return;
    if (lang->name_count)
        memcpy(grown, lang->names, (size_t)lang->name_count * sizeof *grown);
    const char *code = np_xattr_get(x, "code");
    grown[lang->name_count].code = code ? code : "";
    grown[lang->name_count].name = element_text(ld->arena, x);
    lang->names = grown;
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
        bad(ld, x->pos, "unknown element <%s> in a language file", x->name);
    }
}

static int hyphen_min(loader *ld, const np_xnode *root, const char *name)
{
    const char *v = np_xattr_get(root, name);
    int n = v ? atoi(v) : 2;
    if (n < 1 || n > 9)
        bad(ld, root->pos, "%s must be between 1 and 9", name);
    return n;
}

static void check_lang(loader *ld, np_lang *lang, np_pos pos)
{
    for (int i = 0; i < NP_LABEL_COUNT; i++)
        if (!lang->labels[i])
            bad(ld, pos, "missing label \"%s\"", label_names[i]);
    if (!lang->months[0])
        bad(ld, pos, "missing <months>");
    if (!lang->date_format)
        bad(ld, pos, "missing <date format=\"...\">");
    if (!lang->list_alpha || !lang->list_roman || !lang->list_decimal
        || !lang->list_bullet || !lang->list_dash)
        bad(ld, pos, "missing <list alpha=\"...\" roman=\"...\" decimal=\"...\" "
            "bullet=\"...\" dash=\"...\">");
    if (!lang->quote_open || !lang->quote_close)
        bad(ld, pos, "missing <quotes open=\"...\" close=\"...\">");
    if (!lang->code || !lang->letter)
        bad(ld, pos, "<language> needs code and letter");
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
        bad(&ld, root->pos, "the root element must be <language>");
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

const char *np_lang_name_of(const np_lang *lang, const char *code)
{
    for (int i = 0; i < lang->name_count; i++)
        if (strcmp(lang->names[i].code, code) == 0)
            return lang->names[i].name;
    return NULL;
}

/* ---- templates --------------------------------------------------- */

static const char *lookup(const char *name, size_t len, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    const char *k, *found = NULL;
    while (!found && (k = va_arg(copy, const char *)) != NULL) {
        const char *v = va_arg(copy, const char *);
        if (strlen(k) == len && strncmp(k, name, len) == 0)
            found = v ? v : "";
    }
    va_end(copy);
    return found;
}

char *np_expand(np_arena *arena, const char *templ, ...)
{
    size_t cap = strlen(templ) + 1, at = 0;
    va_list ap;
    va_start(ap, templ);
    /* First pass: size; second pass: copy. */
    for (const char *p = templ; *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        const char *v = end ? lookup(p + 1, (size_t)(end - p - 1), ap) : NULL;
        if (v) {
            cap += strlen(v);
            p = end;
        }
    }
    char *out = np_arena_alloc(arena, cap);
    for (const char *p = templ; out && *p; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        const char *v = end ? lookup(p + 1, (size_t)(end - p - 1), ap) : NULL;
        if (v) {
            memcpy(out + at, v, strlen(v));
            at += strlen(v);
            p = end;
        } else {
            out[at++] = *p;
        }
    }
    va_end(ap);
    if (out)
        out[at] = '\0';
    return out;
}

bool np_lang_listed(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; p && *p;) {
        p += strspn(p, " \t\n");
        size_t len = strcspn(p, " \t\n");
        if (len == n && n > 0 && strncmp(p, code, n) == 0)
            return true;
        p += len;
    }
    return false;
}

char *np_format_date(np_arena *arena, const np_lang *lang, int year,
                     int month, int day)
{
    char d[16], y[16];
    snprintf(d, sizeof d, "%d", day);
    snprintf(y, sizeof y, "%d", year);
    const char *dayname = day == 1 && lang->first_day ? lang->first_day : d;
    return np_expand(arena, lang->date_format, "day", dayname,
                     "month", lang->months[month - 1], "year", y, (char *)NULL);
}
