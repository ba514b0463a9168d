/*
 * template.h - filling and checking the "{field}" templates of layouts
 * and languages, and writing a date in a language (template.c). Usable
 * by every layer above the readers: nothing here loads a file.
 */
#ifndef NP_TEMPLATE_H
#define NP_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "ground/arena.h"
#include "ground/diag.h"
#include "readers/layout.h"

/* Expands "{name}" fields of `templ` with the given pairs (NULL-ended
 * list of name, value). Unknown fields are left as written. In the
 * arena; NULL when memory runs out. */
char *np_expand(np_arena *arena, const char *templ, ...);

/* "14 mars 2024" in the language's format; month is 1 to 12. */
char *np_format_date(np_arena *arena, const np_lang *lang, int year,
                     int month, int day);

/* The same in running text ("29 июля 2021 года"): the language's
 * text-date, or its date when it has none. */
char *np_format_text_date(np_arena *arena, const np_lang *lang, int year,
                          int month, int day);

/* The name of language `code` in `lang` ("anglais"), or NULL when the
 * language file gives none. */
const char *np_lang_name_of(const np_lang *lang, const char *code);
/* The same as an annex's original line says it: the language-name's
 * annex="..." when it has one ("английском языке", in "[Подлинный текст
 * на английском языке]"), its name otherwise. */
const char *np_lang_annex_name_of(const np_lang *lang, const char *code);

/* Whether every "{name}" of `templ` is one of `names` (NULL-ended) and
 * every "{" is closed. When not, writes the first wrong field, or "{"
 * for an unclosed one, into bad[0..size). */
bool np_template_ok(const char *templ, const char *const names[], char *bad,
                    size_t size);

/* The names of `names` joined by ", " as "{a}, {b}", for messages;
 * "none" for an empty list. */
void np_template_names(const char *const names[], char *out, size_t size);

/* np_template_ok, reporting a wrong field of `templ` (the text of
 * `what`, at file:pos). Returns whether it was right. */
bool np_template_check(np_diags *diags, const char *file, np_pos pos,
                       const char *what, const char *templ,
                       const char *const names[]);

#endif
