/*
 * bidi.c - embedding levels and visual order by the Unicode
 * Bidirectional Algorithm, from FriBidi. The only file that includes
 * <fribidi.h>.
 *
 * FriBidi works on UTF-32 arrays; this file turns the engine's UTF-8
 * into them and the levels back into one per byte, so that callers keep
 * byte offsets. Bracket pairs (rule N0) are resolved, so "(انظر A/72/100)"
 * keeps its brackets around the symbol. It does not shape, mirror
 * glyphs (HarfBuzz does, shape.c) or decide where lines end.
 */
#include <limits.h>
#include <string.h>

#include <fribidi.h>

#include "ground/arena.h"
#include "ground/utf8.h"
#include "text/bidi.h"

/* FriBidi counts characters in an int. */
#define MAX_CHARS ((size_t)INT_MAX)

static bool directional(FriBidiCharType t)
{
    return FRIBIDI_IS_RTL(t) || FRIBIDI_IS_EXPLICIT(t) || FRIBIDI_IS_ISOLATE(t);
}

bool np_bidi_needed(const char *text, size_t len)
{
    for (size_t i = 0; i < len;) {
        if ((unsigned char)text[i] < 0x80) {
            i++;            /* ASCII is never right to left */
            continue;
        }
        uint32_t cp;
        i += np_utf8_next(text + i, len - i, &cp);
        if (directional(fribidi_get_bidi_type(cp)))
            return true;
    }
    return false;
}

/* The paragraph as FriBidi reads it: its characters, their classes and
 * bracket types, and where each begins in the UTF-8. */
typedef struct para {
    FriBidiChar *chars;
    FriBidiCharType *types;
    FriBidiBracketType *brackets;
    FriBidiLevel *levels;
    size_t *start;
    size_t n;
} para;

static void para_free(para *p, const np_allocator *alloc)
{
    np_mem_free(alloc, p->chars);
    np_mem_free(alloc, p->types);
    np_mem_free(alloc, p->brackets);
    np_mem_free(alloc, p->levels);
    np_mem_free(alloc, p->start);
}

static int para_read(para *p, const char *text, size_t len,
                     const np_allocator *alloc)
{
    size_t cap = len ? len : 1;      /* at most one character a byte */
    p->chars = np_mem_alloc(alloc, cap * sizeof *p->chars);
    p->types = np_mem_alloc(alloc, cap * sizeof *p->types);
    p->brackets = np_mem_alloc(alloc, cap * sizeof *p->brackets);
    p->levels = np_mem_alloc(alloc, cap * sizeof *p->levels);
    p->start = np_mem_alloc(alloc, cap * sizeof *p->start);
    if (!p->chars || !p->types || !p->brackets || !p->levels || !p->start)
        return -1;
    for (size_t i = 0; i < len; p->n++) {
        uint32_t cp;
        p->start[p->n] = i;
        i += np_utf8_next(text + i, len - i, &cp);
        p->chars[p->n] = cp;
    }
    fribidi_get_bidi_types(p->chars, (FriBidiStrIndex)p->n, p->types);
    fribidi_get_bracket_types(p->chars, (FriBidiStrIndex)p->n, p->types,
                              p->brackets);
    return 0;
}

int np_bidi_levels(const char *text, size_t len, bool rtl,
                   const np_allocator *alloc, uint8_t *levels)
{
    para p = { 0 };
    if (len > MAX_CHARS || para_read(&p, text, len, alloc) < 0) {
        para_free(&p, alloc);
        return -1;
    }
    FriBidiParType dir = rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
    FriBidiLevel max = p.n == 0 ? 1
        : fribidi_get_par_embedding_levels_ex(p.types, p.brackets,
                                              (FriBidiStrIndex)p.n, &dir,
                                              p.levels);
    for (size_t k = 0; max > 0 && k < p.n; k++) {
        size_t end = k + 1 < p.n ? p.start[k + 1] : len;
        memset(levels + p.start[k], p.levels[k], end - p.start[k]);
    }
    para_free(&p, alloc);
    return max > 0 ? 0 : -1;
}

/* FriBidi reorders characters; a line's runs are given to it as one
 * strong character each, of their level's direction, so that rule L1
 * (which moves trailing white space) never applies and the map it
 * returns is the order of the runs. */
int np_bidi_visual_order(const uint8_t *levels, size_t n, bool rtl,
                         const np_allocator *alloc, size_t *order)
{
    if (n == 0)
        return 0;
    FriBidiCharType *types = np_mem_alloc(alloc, n * sizeof *types);
    FriBidiLevel *lv = np_mem_alloc(alloc, n * sizeof *lv);
    FriBidiStrIndex *map = np_mem_alloc(alloc, n * sizeof *map);
    int rc = types && lv && map && n <= MAX_CHARS ? 0 : -1;
    for (size_t i = 0; rc == 0 && i < n; i++) {
        lv[i] = (FriBidiLevel)(levels[i] > NP_BIDI_MAX_LEVEL ? NP_BIDI_MAX_LEVEL
                                                             : levels[i]);
        types[i] = lv[i] & 1 ? FRIBIDI_TYPE_RTL : FRIBIDI_TYPE_LTR;
        map[i] = (FriBidiStrIndex)i;
    }
    if (rc == 0 && fribidi_reorder_line(0, types, (FriBidiStrIndex)n, 0,
                                        rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR,
                                        lv, NULL, map) == 0)
        rc = -1;
    for (size_t k = 0; rc == 0 && k < n; k++)
        order[k] = (size_t)map[k];
    np_mem_free(alloc, types);
    np_mem_free(alloc, lv);
    np_mem_free(alloc, map);
    return rc;
}
