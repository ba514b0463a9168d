/*
 * subset_cff.c - a CFF program cut to the glyphs shown, by HarfBuzz's
 * subsetter. The only file that includes <hb-subset.h>.
 *
 * The subsetter works out, before it cuts anything, which glyphs the
 * face's character map and layout tables (GSUB, GPOS) could reach from
 * the glyphs asked for; for a Chinese face of 65,535 glyphs that closure
 * costs some 40 million instructions a document, for nothing: the
 * document's glyphs are already the shaped ones, and the PDF needs only
 * the outlines. So the subsetter is given a view of the face that hides
 * those tables (and the others a CIDFontType0 program does without):
 * about 2 million instructions then, and a tenth of a million a glyph.
 * Only the resulting 'CFF ' table is kept.
 */
#include <string.h>

#include <hb-subset.h>

#include "ground/arena.h"
#include "output/subset_cff.h"

/* Tables the subsetter must not follow. */
static const hb_tag_t HIDDEN[] = {
    HB_TAG('c', 'm', 'a', 'p'), HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
    HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'), HB_TAG('V', 'O', 'R', 'G'),
    HB_TAG('v', 'h', 'e', 'a'), HB_TAG('v', 'm', 't', 'x'), HB_TAG('n', 'a', 'm', 'e'),
    HB_TAG('p', 'o', 's', 't'), HB_TAG('k', 'e', 'r', 'n'), HB_TAG('J', 'S', 'T', 'F'),
};

static hb_blob_t *visible_table(hb_face_t *face, hb_tag_t tag, void *ud)
{
    (void)face;
    for (size_t i = 0; i < sizeof HIDDEN / sizeof *HIDDEN; i++)
        if (tag == HIDDEN[i])
            return hb_blob_get_empty();
    return hb_face_reference_table(ud, tag);
}

/* The subset face, or NULL. */
static hb_face_t *cut(hb_face_t *real, const uint32_t *glyphs, size_t n)
{
    hb_face_t *view = hb_face_create_for_tables(visible_table, real, NULL);
    hb_face_set_upem(view, hb_face_get_upem(real));
    hb_face_set_glyph_count(view, hb_face_get_glyph_count(real));
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_face_t *out = NULL;
    if (in) {
        hb_set_t *set = hb_subset_input_glyph_set(in);
        for (size_t i = 0; i < n; i++)
            hb_set_add(set, glyphs[i]);
        hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
        out = hb_subset_or_fail(view, in);
        hb_subset_input_destroy(in);
    }
    hb_face_destroy(view);
    return out;
}

uint8_t *np_cff_subset(const uint8_t *file, size_t len, unsigned index,
                       const uint32_t *glyphs, size_t n,
                       const np_allocator *alloc, size_t *out_len)
{
    *out_len = 0;
    if (len > UINT32_MAX)
        return NULL;
    hb_blob_t *blob = hb_blob_create((const char *)file, (unsigned)len,
                                     HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *real = hb_face_create(blob, index);
    hb_face_t *sub = cut(real, glyphs, n);
    hb_blob_t *cff = sub ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' ')) : NULL;
    unsigned size = 0;
    const char *data = cff ? hb_blob_get_data(cff, &size) : NULL;
    uint8_t *copy = data && size ? np_mem_alloc(alloc, size) : NULL;
    if (copy) {
        memcpy(copy, data, size);
        *out_len = size;
    }
    hb_blob_destroy(cff);
    hb_face_destroy(sub);
    hb_face_destroy(real);
    hb_blob_destroy(blob);
    return copy;
}
