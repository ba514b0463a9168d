/*
 * inline_walk.h - the walk of a block's inline nodes, shared by the
 * three files that make its items: inline.c walks the tree (elements,
 * calls, cross-references, the paragraph's first walk),
 * inline_words.c splits text into words and marks where they may break,
 * inline_boxes.c appends the boxes, glue and penalties. Internal to
 * them: the rest of the engine calls np_inline_items (typeset.h).
 */
#ifndef NP_INLINE_WALK_H
#define NP_INLINE_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "typesetting/typeset.h"

/* The style in force: saved as the walk enters an inline element, put
 * back as it leaves it. */
typedef struct style {
    int font;
    double size, rise;
    const char *link;
    bool symbol;
    const np_lang *lang;
    const np_hyph *hyph;
    bool french, hyphenate;
    int tag;
} style;

/* The text of a complex paragraph as its first walk gathered it: each
 * text node's text (after the typography rules), one after the other,
 * with the bidi level of every byte. */
typedef struct ptext {
    char *buf;
    size_t len, cap;
    uint8_t *levels;
    size_t *node_at;            /* where each text node's text starts */
    size_t nodes, node_cap;
    size_t next;                /* the second walk's next text node */
} ptext;

/* One walk of a paragraph's inline nodes: the style in force, and what
 * the next item needs of the text before it. */
typedef struct walk {
    np_ts *ts;
    const np_para_spec *spec;
    np_items *out;
    int font;
    double size, rise;
    double tracking, scale;     /* the paragraph's set width */
    const char *link;
    bool symbol;                /* inside a <sym>: never broken */
    const np_lang *lang;        /* of the text: the document's, or a span's */
    const np_hyph *hyph;        /* that language's patterns, or NULL */
    int tag;                    /* structure element of the text */
    style *saved;               /* one per element entered */
    size_t nsaved, cap;
    bool space_pending;
    const np_node *stop;
    double max_box;             /* widest box a line can hold */
    bool french;                /* French punctuation spacing */
    bool hyphenate;             /* the patterns may break words */
    bool in_quote;              /* a straight quote opened a quotation */
    const char *prev_word;      /* the word before the pending space */
    size_t prev_len;
    ptext *para;                /* a complex paragraph, or NULL */
    bool gathering;             /* its first walk */
    uint8_t level;              /* of the word being added */
    uint8_t space_level;        /* of the pending space */
} walk;

/* The style of the text being walked, for measuring it. */
static inline np_text_style np_inline_style(const walk *w)
{
    return (np_text_style){ .font = w->font, .size = w->size,
                            .tracking = w->tracking, .scale = w->scale };
}

/* inline_boxes.c */
/* np_grow, marking the render failed when memory runs out. */
void *np_inline_grown(walk *w, void *p, size_t *cap, size_t need, size_t size);
/* The pending space, unless it would start the block, follow a forced
 * break or follow another space. */
void np_inline_add_glue(walk *w);
/* A box of `text` in the style in force, after the pending space or
 * kerned with the box it touches; `call` when it is the mark of that
 * note's first call. */
void np_inline_add_box(walk *w, const char *text, size_t len, np_footnote *call);
/* A break, with the hyphen it adds drawn when `with_hyphen`. */
void np_inline_add_break(walk *w, int penalty, bool flagged, bool with_hyphen);
void np_inline_add_forced_break(walk *w);

/* inline_words.c */
/* The words of text node `t`, or in the first walk of a complex
 * paragraph, its text gathered. */
void np_inline_add_text(walk *w, const np_node *t);

#endif
