/*
 * inline_boxes.c - the items of a paragraph as its walk appends them:
 * boxes measured in the style in force, the glue of a space, breaks
 * (with the hyphen they add) and forced breaks.
 *
 * Boxes that touch and share a style are drawn as one run, kerned
 * where they meet, so the kerning of that pair is measured here, into
 * the box before it and out of a break between them. In a justified
 * paragraph every glyph may give a little. Where words may break is
 * not decided here (inline_words.c), nor which style is in force
 * (inline.c).
 */
#include <string.h>

#include "ground/buf.h"
#include "ground/utf8.h"
#include "typesetting/inline_walk.h"

static const char *const HYPHEN = "-";

/* ---- item array -------------------------------------------------- */

/* The array `p` of *cap elements of `size` bytes with room for `need`
 * (np_grow); NULL, and the render failed, when memory runs out. */
void *np_inline_grown(walk *w, void *p, size_t *cap, size_t need, size_t size)
{
    void *q = np_grow(w->ts->alloc, p, cap, need, size);
    if (!q)
        w->ts->failed = true;
    return q;
}

/* NULL when memory runs out or the render is to stop. Every item of a
 * complex paragraph carries the level of the text it comes from. */
static np_item *push(walk *w, np_item_type type)
{
    if (w->gathering)
        return NULL;
    np_item *item = np_items_push(w->ts, w->out, type);
    if (item)
        w->out->frags[w->out->n - 1].level = type == NP_GLUE ? w->space_level
                                                               : w->level;
    return item;
}

static np_frag *last_frag(walk *w)
{
    return &w->out->frags[w->out->n - 1];
}

/* ---- glue, boxes, penalties --------------------------------------- */

static double space_width(walk *w)
{
    return np_plain_width(w->ts, np_inline_style(w), " ", 1);
}

void np_inline_add_glue(walk *w)
{
    w->space_pending = false;
    if (w->gathering)
        return;
    np_items *it = w->out;
    /* No space at the start of a block or after a forced break; a tie
     * (a penalty) keeps its space. */
    if (it->n == 0 || it->items[it->n - 1].type == NP_GLUE
        || it->items[it->n - 1].penalty <= -NP_PENALTY_INF)
        return;
    double sw = space_width(w);
    np_item *g = push(w, NP_GLUE);
    if (!g)
        return;
    g->width = sw;
    /* Ragged text breaks first-fit with natural spaces: give it enough
     * stretch that any short line is acceptable. */
    const np_layout *l = w->ts->layout;
    g->stretch = w->spec->justify ? sw * l->space_stretch : 1000;
    g->shrink = w->spec->justify ? sw * l->space_shrink : 0;
}

/* ---- kerning between boxes --------------------------------------- */

/* Boxes that touch and share a style are drawn as one piece of one run
 * (para.c), and the drawing kerns the pair where they meet: measure
 * that pair here, so that lines end where they are measured to. */
static bool same_run(const walk *w, const np_frag *f)
{
    return f->text && f->font == w->font && f->size == w->size
           && f->rise == w->rise && f->link == w->link && f->tag == w->tag
           && f->tracking == w->tracking && f->scale == w->scale;
}

/* The kerning, in points, between the last character of `f` and the
 * first of `text`. */
static double pair_kern(walk *w, const np_frag *f, const char *text, size_t len)
{
    char pair[2 * NP_UTF8_MAX];
    uint32_t cp;
    size_t a = np_utf8_prev(f->text, f->len);
    size_t b = np_utf8_next(text, len, &cp);
    memcpy(pair, f->text + a, f->len - a);
    memcpy(pair + (f->len - a), text, b);
    long k = np_shaper_kern_total(w->ts->shapers[w->font], pair, f->len - a + b);
    return (double)k * w->size * w->scale / 1000.0;
}

/* The box before a break that has not been taken, or before the box
 * about to be added: NULL when it is not in the same run. *pen gets the
 * break between them, or NULL. */
static np_item *touching_box(walk *w, np_item **pen)
{
    np_items *it = w->out;
    size_t i = it->n;
    *pen = NULL;
    if (!w->ts->shapers || !w->ts->shapers[w->font] || i == 0)
        return NULL;
    np_item *last = &it->items[i - 1];
    if (last->type == NP_PENALTY && last->penalty > -NP_PENALTY_INF && i > 1) {
        *pen = last;
        i--;
    }
    np_item *box = &it->items[i - 1];
    return box->type == NP_BOX && same_run(w, &it->frags[i - 1]) ? box : NULL;
}

/* Adds the pair kerning where `text` meets the box before it to that
 * box, and takes it back from a break between them, which ends the line
 * before the pair. */
static void kern_junction(walk *w, const char *text, size_t len)
{
    np_item *pen;
    np_item *box = touching_box(w, &pen);
    if (!box)
        return;
    double k = pair_kern(w, &w->out->frags[box - w->out->items], text, len);
    box->width += k;
    if (pen)
        pen->width -= k;
}

/* In a justified line every glyph may give a little, as Word's letters
 * do (the layout's letter spacing); ragged lines are set as measured. */
static void letter_give(walk *w, np_item *it, const char *text, size_t len)
{
    if (!w->spec->justify)
        return;
    double chars = (double)np_utf8_count(text, len);
    it->stretch = chars * w->ts->layout->letter_stretch;
    it->shrink = chars * w->ts->layout->letter_shrink;
}

void np_inline_add_box(walk *w, const char *text, size_t len, np_footnote *call)
{
    if (len == 0 || w->gathering)
        return;
    if (w->space_pending)
        np_inline_add_glue(w);
    else
        kern_junction(w, text, len);
    np_item *b = push(w, NP_BOX);
    if (!b)
        return;
    b->width = np_plain_width(w->ts, np_inline_style(w), text, len);
    letter_give(w, b, text, len);
    *last_frag(w) = (np_frag){ .text = text, .len = len, .font = w->font,
                               .size = w->size, .rise = w->rise,
                               .tracking = w->tracking, .scale = w->scale,
                               .link = w->link, .call = call, .level = w->level,
                               .tag = w->tag };
}

void np_inline_add_break(walk *w, int penalty, bool flagged, bool with_hyphen)
{
    np_item *p = push(w, NP_PENALTY);
    if (!p)
        return;
    p->penalty = penalty;
    p->flagged = flagged;
    if (with_hyphen) {
        /* the added hyphen is kerned with the letter before it */
        np_item *pen, *box = touching_box(w, &pen);
        p->width = np_plain_width(w->ts, np_inline_style(w), HYPHEN, 1)
                   + (box ? pair_kern(w, &w->out->frags[box - w->out->items], HYPHEN, 1) : 0);
        letter_give(w, p, HYPHEN, 1);
        *last_frag(w) = (np_frag){ .text = HYPHEN, .len = 1, .font = w->font,
                                   .size = w->size, .rise = w->rise,
                                   .tracking = w->tracking, .scale = w->scale,
                                   .link = w->link, .level = w->level,
                                   .tag = w->tag };
    }
}

void np_inline_add_forced_break(walk *w)
{
    np_item *g = push(w, NP_GLUE);
    if (g)
        g->stretch = NP_STRETCH_FIL;
    np_inline_add_break(w, -NP_PENALTY_INF, false, false);
    w->space_pending = false;
}
