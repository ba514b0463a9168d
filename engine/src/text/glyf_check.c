/*
 * glyf_check.c - every outline of a TrueType face checked once, when
 * the face is loaded, so that a damaged file is refused with the glyph
 * at fault rather than embedded in PDFs that readers then complain
 * about ("invalid outline", a glyph skipped, a page left blank).
 *
 * What is checked is the structure that readers rely on to find a
 * glyph's parts (OpenType, tables loca and glyf): offsets in order and
 * inside glyf; a header of 10 bytes with a known contour count and an
 * ordered bounding box; end points strictly increasing; the
 * instructions, flags (with their repeats) and coordinates all inside
 * the glyph's bytes; composite components whole, naming glyphs the face
 * has, nesting without a cycle. Damage that keeps this structure (a
 * coordinate changed, an instruction byte changed) draws a different
 * shape but a valid one, and is not looked for.
 *
 * Not done here: reading metrics (font.c) or writing the subset
 * (subset.c), which still checks every offset it reads.
 */
#include <stdio.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/bytes.h"
#include "text/glyf_check.h"

/* Simple glyph point flags. */
#define REPEAT_FLAG 0x08u
#define X_SHORT 0x02u
#define Y_SHORT 0x04u
#define X_SAME_OR_POSITIVE 0x10u
#define Y_SAME_OR_POSITIVE 0x20u

/* Composite glyph component flags. */
#define ARG_1_AND_2_ARE_WORDS 0x0001u
#define WE_HAVE_A_SCALE 0x0008u
#define WE_HAVE_AN_X_AND_Y_SCALE 0x0040u
#define WE_HAVE_A_TWO_BY_TWO 0x0080u
#define WE_HAVE_INSTRUCTIONS 0x0100u

#define HEADER 10

typedef struct glyph {
    const uint8_t *p;
    size_t len;
} glyph;

typedef struct checker {
    const np_glyf_tables *t;
    char *err;
    size_t errlen;
} checker;

static bool bad(checker *c, uint32_t g, const char *why)
{
    if (c->err && c->errlen)
        snprintf(c->err, c->errlen, "glyph %u is damaged: %s", (unsigned)g, why);
    return false;
}

static size_t loca_at(const np_glyf_tables *t, uint32_t i)
{
    return t->long_loca ? np_be32(t->loca + (size_t)i * 4)
                        : (size_t)np_be16(t->loca + (size_t)i * 2) * 2;
}

static glyph glyph_of(const np_glyf_tables *t, uint32_t g)
{
    size_t from = loca_at(t, g);
    return (glyph){ t->glyf + from, loca_at(t, g + 1) - from };
}

/* Offsets in order, the last inside glyf. */
static bool check_loca(checker *c)
{
    const np_glyf_tables *t = c->t;
    size_t entry = t->long_loca ? 4 : 2;
    if (!np_fits(t->loca_len, 0, ((size_t)t->num_glyphs + 1) * entry)) {
        snprintf(c->err, c->errlen, "table loca is too short for its %u glyphs",
                 (unsigned)t->num_glyphs);
        return false;
    }
    for (uint32_t g = 0; g < t->num_glyphs; g++) {
        if (loca_at(t, g + 1) < loca_at(t, g))
            return bad(c, g, "its offset in loca is past the next glyph's");
        if (loca_at(t, g + 1) > t->glyf_len)
            return bad(c, g, "it ends past the end of table glyf");
    }
    return true;
}

/* The bytes of the x and y coordinates of `points` points whose flags
 * start at p[at]; sets *at past the flags. False when the flags run
 * past `len`. */
static bool flags_span(const uint8_t *p, size_t len, size_t *at,
                       uint32_t points, size_t *coords)
{
    size_t bytes = 0;
    for (uint32_t done = 0; done < points;) {
        if (*at >= len)
            return false;
        unsigned flag = p[(*at)++];
        uint32_t times = 1;
        if (flag & REPEAT_FLAG) {
            if (*at >= len)
                return false;
            times += p[(*at)++];
        }
        if (times > points - done)
            return false;
        size_t x = flag & X_SHORT ? 1 : flag & X_SAME_OR_POSITIVE ? 0 : 2;
        size_t y = flag & Y_SHORT ? 1 : flag & Y_SAME_OR_POSITIVE ? 0 : 2;
        bytes += times * (x + y);
        done += times;
    }
    *coords = bytes;
    return true;
}

static bool check_simple(checker *c, uint32_t g, glyph gl, unsigned contours)
{
    size_t at = HEADER + 2 * (size_t)contours;
    if (!np_fits(gl.len, 0, at + 2))
        return bad(c, g, "its contour end points run past its end");
    int last = -1;
    for (unsigned k = 0; k < contours; k++) {
        int end = np_be16(gl.p + HEADER + 2 * k);
        if (end <= last)
            return bad(c, g, "its contour end points are not in increasing order");
        last = end;
    }
    size_t instructions = np_be16(gl.p + at);
    at += 2;
    if (!np_fits(gl.len, at, instructions))
        return bad(c, g, "its instructions run past its end");
    at += instructions;
    size_t coords;
    if (!flags_span(gl.p, gl.len, &at, (uint32_t)(last + 1), &coords))
        return bad(c, g, "its point flags run past its end");
    if (!np_fits(gl.len, at, coords))
        return bad(c, g, "its coordinates run past its end");
    return true;
}

size_t np_glyf_component_size(unsigned flags)
{
    size_t n = 4 + (flags & ARG_1_AND_2_ARE_WORDS ? 4 : 2);
    if (flags & WE_HAVE_A_SCALE)
        n += 2;
    else if (flags & WE_HAVE_AN_X_AND_Y_SCALE)
        n += 4;
    else if (flags & WE_HAVE_A_TWO_BY_TWO)
        n += 8;
    return n;
}

static bool check_composite(checker *c, uint32_t g, glyph gl)
{
    size_t at = HEADER;
    unsigned flags;
    do {
        if (!np_fits(gl.len, at, 4))
            return bad(c, g, "a component runs past its end");
        flags = np_be16(gl.p + at);
        if (np_be16(gl.p + at + 2) >= c->t->num_glyphs)
            return bad(c, g, "a component names a glyph the face does not have");
        if (!np_fits(gl.len, at, np_glyf_component_size(flags)))
            return bad(c, g, "a component runs past its end");
        at += np_glyf_component_size(flags);
    } while (flags & NP_GLYF_MORE_COMPONENTS);
    if (flags & WE_HAVE_INSTRUCTIONS
        && (!np_fits(gl.len, at, 2) || !np_fits(gl.len, at + 2, np_be16(gl.p + at))))
        return bad(c, g, "its instructions run past its end");
    return true;
}

static bool check_glyph(checker *c, uint32_t g)
{
    glyph gl = glyph_of(c->t, g);
    if (gl.len == 0)
        return true;            /* a glyph without an outline (space) */
    if (gl.len < HEADER)
        return bad(c, g, "it is shorter than a glyph header");
    int contours = np_bes16(gl.p);
    if (np_bes16(gl.p + 2) > np_bes16(gl.p + 6) || np_bes16(gl.p + 4) > np_bes16(gl.p + 8))
        return bad(c, g, "its bounding box is upside down");
    if (contours >= 0)
        return check_simple(c, g, gl, (unsigned)contours);
    if (contours == -1)
        return check_composite(c, g, gl);
    return bad(c, g, "its number of contours is negative");
}

/* ---- cycles among composite glyphs ----------------------------------- */

/* An explicit stack of composite glyphs being walked, each with the
 * offset of its next component, so that nesting needs no recursion. */
typedef struct frame {
    uint32_t glyph;
    size_t at;                  /* next component; 0: done */
} frame;

enum { UNSEEN, WALKING, DONE };

static uint32_t next_component(const np_glyf_tables *t, frame *f)
{
    glyph gl = glyph_of(t, f->glyph);
    unsigned flags = np_be16(gl.p + f->at);
    uint32_t child = np_be16(gl.p + f->at + 2);
    f->at = flags & NP_GLYF_MORE_COMPONENTS
            ? f->at + np_glyf_component_size(flags) : 0;
    return child;
}

static bool is_composite(const np_glyf_tables *t, uint32_t g)
{
    glyph gl = glyph_of(t, g);
    return gl.len >= HEADER && np_bes16(gl.p) == -1;
}

/* Depth-first from `root`; a component that is on the stack already
 * closes a cycle. Components were checked whole by check_composite. */
static bool walk(checker *c, uint32_t root, uint8_t *state, frame *stack)
{
    size_t depth = 0;
    stack[depth++] = (frame){ root, HEADER };
    state[root] = WALKING;
    while (depth > 0) {
        frame *top = &stack[depth - 1];
        if (top->at == 0) {
            state[top->glyph] = DONE;
            depth--;
            continue;
        }
        uint32_t child = next_component(c->t, top);
        if (state[child] == WALKING)
            return bad(c, root, "its components refer back to it (a cycle)");
        if (state[child] == UNSEEN && is_composite(c->t, child)) {
            state[child] = WALKING;
            stack[depth++] = (frame){ child, HEADER };
        }
    }
    return true;
}

static bool check_cycles(checker *c, const np_allocator *alloc)
{
    uint32_t n = c->t->num_glyphs;
    uint8_t *state = np_mem_alloc(alloc, n);
    frame *stack = np_mem_alloc(alloc, (size_t)n * sizeof *stack);
    bool ok = state && stack;
    if (!ok)
        snprintf(c->err, c->errlen, "out of memory checking the glyphs");
    else
        memset(state, UNSEEN, n);
    for (uint32_t g = 0; ok && g < n; g++)
        if (state[g] == UNSEEN && is_composite(c->t, g))
            ok = walk(c, g, state, stack);
    np_mem_free(alloc, state);
    np_mem_free(alloc, stack);
    return ok;
}

bool np_glyf_check(const np_glyf_tables *t, const np_allocator *alloc,
                   char *err, size_t errlen)
{
    char scratch[8];
    checker c = { t, err && errlen ? err : scratch,
                  err && errlen ? errlen : sizeof scratch };
    if (!check_loca(&c))
        return false;
    bool composites = false;
    for (uint32_t g = 0; g < t->num_glyphs; g++) {
        if (!check_glyph(&c, g))
            return false;
        composites = composites || is_composite(t, g);
    }
    return !composites || check_cycles(&c, alloc);
}
