/*
 * font_family.c - a face named by its family ("Liberation Serif"), as
 * a designer names fonts, found through fontconfig: the only file that
 * includes it.
 *
 * Asked only for a name that is no font file of the search path, so
 * that the shipped layouts, which name files, never need fontconfig to
 * find anything (or a configuration at all). fontconfig always answers
 * with its best match, a fallback face when the family is not
 * installed: the answer is taken only when its family is the one asked
 * for, so that a misspelt name is an error rather than another face.
 *
 * Not done here: loading the face (text/font.c), or the search path of
 * font files (find.c).
 */
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <string.h>

#include "api/find.h"

/* Whether one of the families of `match` is `family`, whatever the
 * case. */
static bool family_is(FcPattern *match, const char *family)
{
    FcChar8 *name;
    for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &name) == FcResultMatch; i++)
        if (FcStrCmpIgnoreCase(name, (const FcChar8 *)family) == 0)
            return true;
    return false;
}

/* The pattern asked for: the family, in the weight and slant of the
 * layout's slot. */
static FcPattern *wanted(const char *family, bool bold, bool italic)
{
    FcPattern *p = FcPatternCreate();
    if (!p)
        return NULL;
    if (!FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family)
        || !FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR)
        || !FcPatternAddInteger(p, FC_SLANT, italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN)
        || !FcConfigSubstitute(NULL, p, FcMatchPattern)) {
        FcPatternDestroy(p);
        return NULL;
    }
    FcDefaultSubstitute(p);
    return p;
}

np_found np_find_font_family(const char *family, bool bold, bool italic,
                             char *out, size_t size, unsigned *index)
{
    FcPattern *p = family[0] ? wanted(family, bold, italic) : NULL;
    FcResult result;
    FcPattern *match = p ? FcFontMatch(NULL, p, &result) : NULL;
    FcChar8 *file;
    int i = 0;
    np_found found = NP_FOUND_NONE;
    if (match && family_is(match, family)
        && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        FcPatternGetInteger(match, FC_INDEX, 0, &i);
        int n = snprintf(out, size, "%s", (const char *)file);
        if (n > 0 && (size_t)n < size) {
            *index = i > 0 ? (unsigned)i : 0;
            found = NP_FOUND_FILE;
        }
    }
    if (match)
        FcPatternDestroy(match);
    if (p)
        FcPatternDestroy(p);
    return found;
}
