/*
 * shape.c - kerning from the font's own tables (kern and GPOS), read by
 * HarfBuzz. The only file that includes <hb.h>.
 *
 * Each piece of text between spaces is shaped with kerning on and every
 * feature that would merge, split or replace glyphs off, so that glyph
 * i is still character i; the kerning of a glyph is then its shaped
 * advance less the font's own. A piece whose glyphs do not match its
 * characters one for one (a font composing marks all the same) gets no
 * kerning rather than wrong positions.
 *
 * It does not measure widths (font.c) or decide whether to kern (the
 * layout's spacing.kerning, read by inline.c and pages.c).
 */
#include <math.h>
#include <stdlib.h>

#include <hb.h>

#include "ground/utf8.h"
#include "text/shape.h"

struct np_shaper {
    hb_blob_t *blob;
    hb_face_t *face;
    hb_font_t *font;
    hb_buffer_t *buf;
    unsigned upem;
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
    s->face = hb_face_create(s->blob, 0);
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

void np_shaper_free(np_shaper *s)
{
    if (!s)
        return;
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
