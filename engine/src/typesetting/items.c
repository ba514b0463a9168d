/*
 * items.c - the item arrays of a paragraph, and the width of plain text.
 *
 * A paragraph's boxes, glue and penalties grow in one array, with the
 * fragment each stands for in a parallel one (typeset.h); the render
 * stops within a few thousand items when asked. Plain text (Latin,
 * Greek, Cyrillic) is measured here, one glyph per character with the
 * face's advances, the style's set width and, when the layout kerns,
 * the font's kerning. Neither decides what items a paragraph has
 * (inline.c, runs.c).
 */
#include <string.h>

#include "ground/buf.h"
#include "typesetting/typeset.h"

/* Items measured between two polls of ts->stop in one paragraph. */
#define STOP_EVERY 4096

double np_plain_width(const np_ts *ts, np_text_style st, const char *text,
                      size_t len)
{
    size_t chars;
    double units = (double)np_face_text_units(ts->faces[st.font], text, len, &chars);
    if (ts->shapers && ts->shapers[st.font])
        units += (double)np_shaper_kern_total(ts->shapers[st.font], text, len);
    return units * st.size * st.scale / 1000.0 + (double)chars * st.tracking;
}

const int16_t *np_text_kerns(np_ts *ts, np_text_style st, const char *text,
                             size_t len)
{
    if (!ts->shapers || !ts->shapers[st.font] || len == 0)
        return NULL;
    int16_t *kern = np_arena_alloc(ts->arena, len * sizeof *kern);
    if (!kern) {
        ts->failed = true;
        return NULL;
    }
    memset(kern, 0, len * sizeof *kern);
    long sum = np_shaper_kerns(ts->shapers[st.font], text, len, kern, len);
    for (size_t i = 0; sum == 0 && i < len; i++)
        if (kern[i])
            sum = 1;
    return sum ? kern : NULL;
}

np_item *np_items_push(np_ts *ts, np_items *it, np_item_type type)
{
    if (it->halted
        || (it->n % STOP_EVERY == STOP_EVERY - 1 && np_ts_stopped(ts))) {
        it->halted = true;
        return NULL;
    }
    if (it->n == it->cap) {
        /* Two arrays side by side: the fragments get (at least) the
         * capacity the items got. */
        size_t cap = it->cap, frag_cap = it->cap;
        np_item *items = np_grow(ts->alloc, it->items, &cap, it->n + 1, sizeof *items);
        if (items)
            it->items = items;
        np_frag *frags = items ? np_grow(ts->alloc, it->frags, &frag_cap, cap,
                                         sizeof *frags) : NULL;
        if (!frags) {
            ts->failed = true;
            it->halted = true;
            return NULL;
        }
        it->frags = frags;
        it->cap = cap;
    }
    np_item *item = &it->items[it->n];
    memset(item, 0, sizeof *item);
    memset(&it->frags[it->n], 0, sizeof it->frags[0]);
    item->type = type;
    it->n++;
    return item;
}

np_items np_items_take(np_ts *ts)
{
    np_items it = { .items = ts->spare_items, .frags = ts->spare_frags,
                    .cap = ts->spare_cap };
    ts->spare_items = NULL;
    ts->spare_frags = NULL;
    ts->spare_cap = 0;
    return it;
}

void np_items_keep(np_ts *ts, np_items *items)
{
    if (ts->spare_items || !items->items || !items->frags) {
        np_items_free(ts, items);
        return;
    }
    ts->spare_items = items->items;
    ts->spare_frags = items->frags;
    ts->spare_cap = items->cap;
    memset(items, 0, sizeof *items);
}

void np_items_free(np_ts *ts, np_items *items)
{
    np_mem_free(ts->alloc, items->items);
    np_mem_free(ts->alloc, items->frags);
    memset(items, 0, sizeof *items);
}

