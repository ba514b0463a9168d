/*
 * shape.c - glyphs from HarfBuzz: kerning from the font's own tables
 * (kern and GPOS), whole runs shaped, and the script of a character.
 * The only file that includes <hb.h>.
 *
 * Kerning: each piece of text between spaces is shaped with kerning on
 * and every feature that would merge, split or replace glyphs off, so
 * that glyph i is still character i; the kerning of a glyph is then its
 * shaped advance less the font's own. A piece whose glyphs do not match
 * its characters one for one (a font composing marks all the same) gets
 * no kerning rather than wrong positions.
 *
 * Runs: shaped with the script's own features on (Arabic joining forms,
 * required ligatures, mark positioning) and the layout's switches for
 * kerning and standard ligatures, every character its own cluster, so
 * that each glyph knows the characters it shows (the PDF's text). A
 * shaped run is kept for the rest of the render, keyed by its text and
 * options: shaping Arabic costs some thousands of instructions a glyph.
 *
 * It does not measure widths (font.c), choose faces or runs (inline.c)
 * or decide whether to kern (the layout's spacing.kerning).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <hb.h>

#include "ground/utf8.h"
#include "text/shape.h"

/* Shaped runs met so far. */
#define MEMO_BUCKETS 1024

typedef struct memo_run {
    struct memo_run *next;
    np_shape_opts opts;
    char *text;
    size_t len;
    np_glyph *glyphs;
    size_t n;
} memo_run;

struct np_shaper {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    hb_buffer_t *buf;
    unsigned upem;
    memo_run *memo[MEMO_BUCKETS];
};

/* Kerning on; ligatures, contextual forms and glyph composition off. */
static const hb_feature_t features[] = {
    { HB_TAG('k', 'e', 'r', 'n'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('c', 'a', 'l', 't'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('c', 'c', 'm', 'p'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
};

np_shaper *np_shaper_new(const np_face *face)
{
    size_t len;
    const uint8_t *file = np_face_file(face, &len);
    np_shaper *s = calloc(1, sizeof *s);
    if (!s || !file || len > UINT32_MAX) {
        free(s);
        return NULL;
    }
    /* The face's bytes are read in place: they outlive the shaper. */
    s->blob = hb_blob_create((const char *)file, (unsigned)len,
                             HB_MEMORY_MODE_READONLY, NULL, NULL);
    s->face = hb_face_create(s->blob, np_face_index(face));
    s->font = hb_font_create(s->face);
    s->buf = hb_buffer_create();
    s->upem = hb_face_get_upem(s->face);
    if (!hb_buffer_allocation_successful(s->buf) || s->upem == 0
        || hb_face_get_glyph_count(s->face) == 0) {
        np_shaper_free(s);
        return NULL;
    }
    hb_buffer_set_cluster_level(s->buf, HB_BUFFER_CLUSTER_LEVEL_CHARACTERS);
    return s;
}

static void memo_free(np_shaper *s)
{
    for (size_t b = 0; b < MEMO_BUCKETS; b++)
        for (memo_run *m = s->memo[b], *next; m; m = next) {
            next = m->next;
            free(m->text);
            free(m->glyphs);
            free(m);
        }
}

void np_shaper_free(np_shaper *s)
{
    if (!s)
        return;
    memo_free(s);
    hb_buffer_destroy(s->buf);
    hb_font_destroy(s->font);
    hb_face_destroy(s->face);
    hb_blob_destroy(s->blob);
    free(s);
}

/* Shapes one piece (no space in it) and writes the kerning of its
 * `nchars` characters to kern[0..) (NULL: only sums). */
static long shape_piece(np_shaper *s, const char *text, size_t len,
                        size_t nchars, int16_t *kern)
{
    hb_buffer_clear_contents(s->buf);
    hb_buffer_add_utf8(s->buf, text, (int)len, 0, (int)len);
    hb_buffer_guess_segment_properties(s->buf);
    hb_shape(s->font, s->buf, features, sizeof features / sizeof features[0]);
    unsigned n;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, NULL);
    if (n != nchars || !info || !pos)
        return 0;
    long sum = 0;
    for (unsigned i = 0; i < n; i++) {
        hb_position_t own = hb_font_get_glyph_h_advance(s->font, info[i].codepoint);
        long k = lround((double)(pos[i].x_advance - own) * 1000.0 / s->upem);
        if (kern)
            kern[i] = (int16_t)(k < INT16_MIN ? INT16_MIN : k > INT16_MAX ? INT16_MAX : k);
        sum += k;
    }
    return sum;
}

long np_shaper_kerns(np_shaper *s, const char *text, size_t len,
                     int16_t *kern, size_t max)
{
    long sum = 0;
    size_t at = 0, i = 0;       /* character and byte of the piece's start */
    while (i <= len) {
        size_t end = i;
        while (end < len && text[end] != ' ')
            end++;
        size_t n = np_utf8_count(text + i, end - i);
        if (kern && at + n > max)
            return sum;         /* the caller's array is full */
        if (kern)
            for (size_t k = 0; k <= n && at + k < max; k++)
                kern[at + k] = 0;
        if (n > 1 && end - i < INT32_MAX)
            sum += shape_piece(s, text + i, end - i, n, kern ? kern + at : NULL);
        at += n + 1;            /* the piece, then its space */
        i = end + 1;
    }
    return sum;
}

long np_shaper_kern_total(np_shaper *s, const char *text, size_t len)
{
    return np_shaper_kerns(s, text, len, NULL, 0);
}

/* ---- scripts ------------------------------------------------------- */

np_script np_script_of(uint32_t cp)
{
    switch (hb_unicode_script(hb_unicode_funcs_get_default(), cp)) {
    case HB_SCRIPT_COMMON:
    case HB_SCRIPT_UNKNOWN:
        return NP_SCRIPT_COMMON;
    case HB_SCRIPT_INHERITED:
        return NP_SCRIPT_INHERITED;
    case HB_SCRIPT_LATIN:
    case HB_SCRIPT_GREEK:
    case HB_SCRIPT_CYRILLIC:
        return NP_SCRIPT_LATIN;
    case HB_SCRIPT_HAN:
    case HB_SCRIPT_HIRAGANA:
    case HB_SCRIPT_KATAKANA:
    case HB_SCRIPT_BOPOMOFO:
        return NP_SCRIPT_HAN;
    case HB_SCRIPT_ARABIC:
        return NP_SCRIPT_ARABIC;
    default:
        return NP_SCRIPT_OTHER;
    }
}

/* Whether the character whose UTF-8 starts with lead byte `b` and
 * continues with `c` (0 at the end of the text) needs runs. */
static bool complex_lead(unsigned char b, unsigned char c)
{
    if (b < 0xD6)
        return false;           /* ASCII to Cyrillic and Armenian */
    if (b <= 0xE0 || b >= 0xF0 || (b >= 0xE3 && b <= 0xED))
        return true;            /* Hebrew, Arabic, Indic; CJK, Hangul */
    if (b == 0xE1)
        return c < 0xB8;        /* all but Latin and Greek extended */
    if (b == 0xEF)
        return c >= 0xA4;       /* from U+F900: CJK and presentation forms */
    return b == 0xE2 && c >= 0xBA;      /* CJK radicals from U+2E80 */
}

/* The bidi controls: U+200E-200F, U+202A-202E, U+2066-2069. */
static bool bidi_control(const unsigned char *u, size_t left)
{
    if (left < 3 || u[0] != 0xE2)
        return false;
    return (u[1] == 0x80 && (u[2] == 0x8E || u[2] == 0x8F
                             || (u[2] >= 0xAA && u[2] <= 0xAE)))
           || (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9);
}

bool np_text_needs_runs(const char *text, size_t len)
{
    const unsigned char *u = (const unsigned char *)text;
    for (size_t i = 0; i < len; i++) {
        if (u[i] < 0xD6)
            continue;
        if (complex_lead(u[i], i + 1 < len ? u[i + 1] : 0)
            || bidi_control(u + i, len - i))
            return true;
    }
    return false;
}

void np_script_code(uint32_t cp, char code[5])
{
    hb_tag_t tag = hb_script_to_iso15924_tag(
        hb_unicode_script(hb_unicode_funcs_get_default(), cp));
    hb_tag_to_string(tag, code);
    code[4] = '\0';
}

/* ---- runs ---------------------------------------------------------- */

unsigned np_shaper_upem(const np_shaper *s)
{
    return s->upem;
}

static size_t memo_hash(const char *text, size_t len, const np_shape_opts *o)
{
    size_t h = 2166136261u ^ (size_t)o->script ^ (size_t)o->rtl << 4
               ^ (size_t)o->kern << 5 ^ (size_t)o->liga << 6;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h % MEMO_BUCKETS;
}

static bool same_opts(const np_shape_opts *a, const np_shape_opts *b)
{
    return a->script == b->script && a->rtl == b->rtl && a->kern == b->kern
           && a->liga == b->liga
           && (a->lang == b->lang || (a->lang && b->lang && strcmp(a->lang, b->lang) == 0));
}

static const memo_run *memo_find(const np_shaper *s, const char *text, size_t len,
                                 const np_shape_opts *o)
{
    for (const memo_run *m = s->memo[memo_hash(text, len, o)]; m; m = m->next)
        if (m->len == len && same_opts(&m->opts, o) && memcmp(m->text, text, len) == 0)
            return m;
    return NULL;
}

/* Keeps a shaped run; out of memory only means it is not kept. The
 * language is the render's, which outlives the shaper's use. */
static void memo_keep(np_shaper *s, const char *text, size_t len,
                      const np_shape_opts *o, const np_glyph *g, size_t n)
{
    memo_run *m = malloc(sizeof *m);
    char *t = m ? malloc(len ? len : 1) : NULL;
    np_glyph *copy = t ? malloc((n ? n : 1) * sizeof *copy) : NULL;
    if (!copy) {
        free(m);
        free(t);
        return;
    }
    memcpy(t, text, len);
    memcpy(copy, g, n * sizeof *copy);
    size_t b = memo_hash(text, len, o);
    *m = (memo_run){ .next = s->memo[b], .opts = *o, .text = t, .len = len,
                     .glyphs = copy, .n = n };
    s->memo[b] = m;
}

static void set_feature(hb_feature_t *f, const char tag[4], bool on)
{
    *f = (hb_feature_t){ HB_TAG(tag[0], tag[1], tag[2], tag[3]), on,
                         HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END };
}

static hb_script_t hb_script_of(np_script script)
{
    switch (script) {
    case NP_SCRIPT_HAN:
        return HB_SCRIPT_HAN;
    case NP_SCRIPT_ARABIC:
        return HB_SCRIPT_ARABIC;
    default:
        return HB_SCRIPT_INVALID;       /* guessed from the text */
    }
}

/* Shapes into the shaper's buffer; false when HarfBuzz failed. */
static bool shape_run(np_shaper *s, const char *text, size_t len,
                      const np_shape_opts *o)
{
    hb_feature_t f[3];
    set_feature(&f[0], "kern", o->kern);
    set_feature(&f[1], "liga", o->liga);
    set_feature(&f[2], "clig", o->liga);
    hb_buffer_clear_contents(s->buf);
    hb_buffer_add_utf8(s->buf, text, (int)len, 0, (int)len);
    hb_buffer_set_direction(s->buf, o->rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    hb_buffer_set_script(s->buf, hb_script_of(o->script));
    if (o->lang)
        hb_buffer_set_language(s->buf, hb_language_from_string(o->lang, -1));
    hb_buffer_guess_segment_properties(s->buf);
    hb_shape(s->font, s->buf, f, sizeof f / sizeof *f);
    return hb_buffer_allocation_successful(s->buf);
}

long np_shaper_shape(np_shaper *s, const char *text, size_t len,
                     const np_shape_opts *opts, np_glyph *out, size_t max)
{
    const memo_run *m = memo_find(s, text, len, opts);
    if (m) {
        memcpy(out, m->glyphs, (m->n < max ? m->n : max) * sizeof *out);
        return (long)m->n;
    }
    if (len > INT32_MAX || !shape_run(s, text, len, opts))
        return -1;
    unsigned n;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(s->buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(s->buf, NULL);
    for (unsigned i = 0; i < n && i < max; i++)
        out[i] = (np_glyph){ .id = info[i].codepoint, .cluster = info[i].cluster,
                             .advance = pos[i].x_advance, .dx = pos[i].x_offset,
                             .dy = pos[i].y_offset };
    if (n <= max)
        memo_keep(s, text, len, opts, out, n);
    return (long)n;
}
