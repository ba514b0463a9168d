/*
 * template.c - the words a language file gives, put to use: "{field}"
 * templates of labels, running heads and list markers filled in
 * (np_expand), checked for fields they may not use, dates written in a
 * language's words, and a language's name for another language (which
 * fills "{language}").
 *
 * It reads no file and decides nothing about layout: the loaders
 * (layout_load.c, lang_load.c) check templates with it, the typesetting
 * fills them with it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "readers/template.h"

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

static char *format_date_with(np_arena *arena, const np_lang *lang,
                              const char *format, const char *const months[12],
                              int year, int month, int day)
{
    char d[16], y[16];
    snprintf(d, sizeof d, "%d", day);
    snprintf(y, sizeof y, "%d", year);
    const char *dayname = day == 1 && lang->first_day ? lang->first_day : d;
    return np_expand(arena, format, "day", dayname, "month", months[month - 1],
                     "year", y, (char *)NULL);
}

char *np_format_date(np_arena *arena, const np_lang *lang, int year,
                     int month, int day)
{
    return format_date_with(arena, lang, lang->date_format, lang->months,
                            year, month, day);
}

char *np_format_text_date(np_arena *arena, const np_lang *lang, int year,
                          int month, int day)
{
    if (!lang->text_date_format)
        return np_format_date(arena, lang, year, month, day);
    return format_date_with(arena, lang, lang->text_date_format,
                            lang->text_months, year, month, day);
}

static const np_lang_name *name_entry(const np_lang *lang, const char *code)
{
    for (int i = 0; i < lang->name_count; i++)
        if (strcmp(lang->names[i].code, code) == 0)
            return &lang->names[i];
    return NULL;
}

const char *np_lang_name_of(const np_lang *lang, const char *code)
{
    const np_lang_name *n = name_entry(lang, code);
    return n ? n->name : NULL;
}

const char *np_lang_annex_name_of(const np_lang *lang, const char *code)
{
    const np_lang_name *n = name_entry(lang, code);
    return !n ? NULL : n->annex ? n->annex : n->name;
}

bool np_template_ok(const char *templ, const char *const names[], char *bad,
                    size_t size)
{
    for (const char *p = strchr(templ, '{'); p; p = strchr(p + 1, '{')) {
        const char *end = strchr(p, '}');
        size_t n = end ? (size_t)(end - p - 1) : 0;
        bool known = false;
        for (int i = 0; end && names[i] && !known; i++)
            known = strlen(names[i]) == n && strncmp(names[i], p + 1, n) == 0;
        if (!known) {
            snprintf(bad, size, "%.*s", end ? (int)(n < 64 ? n : 64) : 1,
                     end ? p + 1 : "{");
            return false;
        }
    }
    return true;
}

void np_template_names(const char *const names[], char *out, size_t size)
{
    size_t at = 0;
    snprintf(out, size, "%s", names[0] ? "" : "none");
    for (int i = 0; names[i] && at < size; i++)
        at += (size_t)snprintf(out + at, size - at, "%s{%s}", i ? ", " : "",
                               names[i]);
}

bool np_template_check(np_diags *diags, const char *file, np_pos pos,
                       const char *what, const char *templ,
                       const char *const names[])
{
    char bad[80], known[128];
    if (!templ || np_template_ok(templ, names, bad, sizeof bad))
        return true;
    np_template_names(names, known, sizeof known);
    if (strcmp(bad, "{") == 0)
        np_report(diags, file, pos, NP_MSG_TEMPLATE_OPEN, what, templ);
    else
        np_report(diags, file, pos, NP_MSG_TEMPLATE_FIELD, what, bad, known);
    return false;
}
