/*
 * lang_load.h - loading a language file into np_lang (lang_load.c).
 * Filling the language's templates is template.h's.
 */
#ifndef NP_LANG_LOAD_H
#define NP_LANG_LOAD_H

#include <stddef.h>

#include "ground/arena.h"
#include "ground/diag.h"
#include "readers/layout.h"

/* Loads a language file given as bytes (`file` names it in messages).
 * Returns 0, 1 when refused (reported), -1 out of memory. */
int np_lang_load(np_arena *arena, np_diags *diags, const char *file,
                 const char *bytes, size_t len, np_lang *out);

#endif
