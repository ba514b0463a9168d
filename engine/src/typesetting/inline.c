/*
 * inline.c - inline nodes to measured boxes, glue and penalties.
 *
 * Walks the inline children of a block with the current font (italic
 * and bold as bits), size, rise, link, language and structure element,
 * saved as it enters an element and put back as it leaves it. Footnote
 * calls and table notes' letters become small boxes glued to the word
 * before them; an <xref> becomes the text it prints, linked. The words
 * of the text and where they may break are inline_words.c's, the items
 * themselves inline_boxes.c's. What lines to make is not decided here
 * (linebreak.c), nor where they go (para.c).
 *
 * A paragraph holding complex text (Chinese, Arabic, any right-to-left
 * character) or set right to left is walked twice: first to gather its
 * text and resolve the bidi levels of the whole paragraph (bidi.c),
 * then to make the items, its words going through runs.c. Other
 * paragraphs take one walk and the plain path, as they always did.
 */
#include <string.h>

#include "document/numbering.h"
#include "text/bidi.h"
#include "typesetting/inline_walk.h"

/* ---- calls and the tree ------------------------------------------ */

/* The Reference of a call, inside the element of its text, pointing
 * at the note's Note, which is made with the first call, beside it: the
 * note is read after the text that calls it. */
static int call_tag(np_ts *ts, int parent, const np_footnote *note)
{
    int ref = np_tag_new(ts, parent, "Reference");
    int target = np_tag_note(ts, parent, note);
    np_out_elem *r = np_tag_get(ts, ref);
    if (r)
        r->ref = target;
    return ref;
}

/* The size and rise of a call, in proportion to the text around it. */
static void raise_as_call(walk *w)
{
    const np_layout *l = w->ts->layout;
    w->rise += l->call_raise * w->size / l->body.size;
    w->size = l->call_size * w->size / l->body.size;
}

static void add_call(walk *w, np_footnote *note, bool first_call)
{
    if (!note)
        return;
    bool star = note->star || w->spec->star_calls;
    int font = w->font;
    double size = w->size, rise = w->rise;
    if (!star) {
        raise_as_call(w);
    } else {
        w->font = w->ts->layout->star_call_font;   /* "Palestine:** draft" */
    }
    /* A call is glued to the word before it: no space in between. Its
     * digits run left to right, in Arabic too. */
    w->space_pending = false;
    uint8_t level = w->level;
    int tag = w->tag;
    if (!w->gathering)
        w->tag = call_tag(w->ts, tag, note);
    w->level = (uint8_t)((w->level + 1) & ~1);
    np_inline_add_box(w, note->mark, strlen(note->mark), first_call ? note : NULL);
    w->level = level;
    w->tag = tag;
    w->font = font;
    w->size = size;
    w->rise = rise;
}

/* A run in another language: its quotation marks and, in French, its
 * spacing; where the paragraph is hyphenated, its words are with its
 * own language's patterns (none when that language has none: explicit
 * hyphens still break). */
static void enter_lang(walk *w, const char *code)
{
    const np_lang *lang = w->ts->lang_of && code
                          ? w->ts->lang_of(w->ts->lang_of_ud, code) : NULL;
    if (!lang || lang == w->lang)
        return;
    w->lang = lang;
    w->french = strcmp(lang->code, "fr") == 0;
    if (w->hyphenate)
        w->hyph = lang == w->ts->lang ? w->ts->hyph
                  : w->ts->hyph_of ? w->ts->hyph_of(w->ts->lang_of_ud, lang) : NULL;
}

/* A run in another language: a Span with its /Lang. */
static int span_tag(np_ts *ts, int parent, const np_node *n)
{
    int span = np_tag_new(ts, parent, np_tag_role(n->kind));
    np_out_elem *e = np_tag_get(ts, span);
    if (e)
        e->lang = n->lang;
    return span;
}

/* A table note's call: its letter, an italic superscript glued to the
 * word before it, calling no page note (table_notes.c sets the note). */
static void add_letter_call(walk *w, const np_node *tfn)
{
    char letter[16];
    if (np_format_number(NP_NUM_ALPHA_LOWER, tfn->seq, letter, sizeof letter) < 0)
        return;
    const char *text = np_arena_strdup(w->ts->scratch, letter);
    if (!text) {
        w->ts->failed = true;
        return;
    }
    int font = w->font, tag = w->tag;
    double size = w->size, rise = w->rise;
    raise_as_call(w);
    w->font |= NP_FONT_ITALIC;
    w->space_pending = false;
    if (!w->gathering)
        w->tag = np_tag_tnote_call(w->ts, tag, tfn->seq);
    np_inline_add_box(w, text, strlen(text), NULL);
    w->tag = tag;
    w->font = font;
    w->size = size;
    w->rise = rise;
}

/* What an <xref> prints, as text linked to the target; the second walk
 * of a complex paragraph finds it by order, not by node. */
static void add_xref(walk *w, const np_node *xref)
{
    const char *link;
    const char *text = np_xref_text(w->ts, xref, &link);
    np_node t = { .kind = NP_K_TEXT, .pos = xref->pos, .parent = xref->parent,
                  .text = text, .len = strlen(text) };
    const char *outer = w->link;
    int tag = w->tag;
    w->link = link;
    if (!w->gathering)          /* a Link, its annotation's owner */
        w->tag = np_tag_new(w->ts, tag, "Link");
    np_inline_add_text(w, &t);
    w->link = outer;
    w->tag = tag;
}

/* Saves the style in force, then applies the element's own. */
static bool enter_styled(walk *w, const np_node *n)
{
    style *saved = np_inline_grown(w, w->saved, &w->cap, w->nsaved + 1, sizeof *saved);
    if (!saved)
        return false;
    w->saved = saved;
    w->saved[w->nsaved++] = (style){ w->font, w->size, w->rise, w->link,
                                     w->symbol, w->lang, w->hyph, w->french,
                                     w->hyphenate, w->tag };
    switch (n->kind) {
    case NP_K_I:
        w->font ^= NP_FONT_ITALIC;      /* italic inside italic is roman */
        break;
    case NP_K_B:
        w->font |= NP_FONT_BOLD;
        break;
    case NP_K_SUP:
        w->rise += w->size * w->ts->layout->sup_rise;
        w->size *= w->ts->layout->sup_scale;
        break;
    case NP_K_SUB:
        w->rise -= w->size * w->ts->layout->sub_drop;
        w->size *= w->ts->layout->sub_scale;
        break;
    case NP_K_LINK:
        w->link = n->href;
        if (!w->gathering)
            w->tag = np_tag_new(w->ts, w->tag, np_tag_role(n->kind));
        break;
    case NP_K_SPAN:
        enter_lang(w, n->lang);
        if (!w->gathering)
            w->tag = span_tag(w->ts, w->tag, n);
        break;
    case NP_K_SYM:
        w->symbol = true;
        if (!w->link) {         /* inside a <link>, the author's wins */
            w->link = np_symbol_link(w->ts, n);
            if (w->link && !w->gathering)
                w->tag = np_tag_new(w->ts, w->tag, "Link");
        }
        break;
    default:
        break;
    }
    return true;
}

static void leave_styled(walk *w)
{
    style s = w->saved[--w->nsaved];
    w->font = s.font;
    w->size = s.size;
    w->rise = s.rise;
    w->link = s.link;
    w->symbol = s.symbol;
    w->lang = s.lang;
    w->hyph = s.hyph;
    w->french = s.french;
    w->hyphenate = s.hyphenate;
    w->tag = s.tag;
}

/* Text, calls and breaks: what has no children. Returns false for an
 * element, whose children are walked. */
static bool walk_leaf(walk *w, const np_node *n)
{
    switch (n->kind) {
    case NP_K_TEXT:
        np_inline_add_text(w, n);
        return true;
    case NP_K_FN:
        add_call(w, n->note, true);
        return true;
    case NP_K_FNREF:
        if (n->ref)
            add_letter_call(w, n->ref);
        else
            add_call(w, n->note, false);
        return true;
    case NP_K_TFN:
        add_letter_call(w, n);
        return true;
    case NP_K_XREF:
        add_xref(w, n);
        return true;
    case NP_K_BR:
        np_inline_add_forced_break(w);
        return true;
    default:
        return false;
    }
}

/* Walks `first`, its next siblings and everything under them, up to the
 * first block. The walk goes down first children, along next siblings
 * and back up parents, without recursion: the C stack stays the same
 * however deep the inline elements nest. */
static void walk_children(walk *w, const np_node *first)
{
    const np_node *n = first;
    while (n && !w->ts->failed) {
        if (!np_kind_is_inline(n->kind) && n->kind != NP_K_INLINE) {
            w->stop = n;
            return;
        }
        if (!walk_leaf(w, n) && n->first && enter_styled(w, n)) {
            n = n->first;
            continue;
        }
        while (w->nsaved > 0 && !n->next) {
            leave_styled(w);
            n = n->parent;
        }
        n = n->next;
    }
}

/* Whether the patterns break words of this paragraph: the layout
 * hyphenates (the UN layouts do for Russian only, as its editions are),
 * and the paragraph may be; the patterns are its language's, a span's
 * its own (enter_lang). */
static bool hyphenates(const np_ts *ts, const np_para_spec *spec)
{
    return spec->hyphenate && !ts->no_hyphens && ts->layout->hyphenate;
}

/* The first walk of a complex paragraph: its text, then the level of
 * every byte (all 0 when nothing in it runs right to left). */
static int gather_paragraph(walk *w, const np_node *first, ptext *p)
{
    w->para = p;
    w->gathering = true;
    walk_children(w, first);
    w->gathering = false;
    w->nsaved = 0;
    w->in_quote = false;
    w->space_pending = false;
    w->stop = NULL;
    if (w->ts->failed)
        return -1;
    /* the boxes point into the text, which outlives the items */
    char *kept = np_arena_strndup(w->ts->scratch, p->buf ? p->buf : "", p->len);
    np_mem_free(w->ts->alloc, p->buf);
    p->buf = kept;
    p->levels = np_arena_alloc(w->ts->scratch, p->len ? p->len : 1);
    if (!kept)
        return -1;
    if (!p->levels)
        return -1;
    bool rtl = w->ts->lang->rtl;
    if (rtl || np_bidi_needed(p->buf, p->len))
        return np_bidi_levels(p->buf, p->len, rtl, w->ts->alloc, p->levels);
    return 0;
}

int np_inline_items(np_ts *ts, const np_node *first, const np_para_spec *spec,
                    np_items *out, const np_node **stop)
{
    walk w = {
        .ts = ts, .spec = spec, .out = out,
        .font = spec->style.font, .size = spec->style.size,
        .tracking = spec->style.tracking, .scale = spec->style.scale,
        .max_box = spec->first_width < spec->rest_width
                   ? spec->first_width : spec->rest_width,
        .french = strcmp(ts->lang->code, "fr") == 0, .lang = ts->lang,
        .hyphenate = hyphenates(ts, spec), .hyph = ts->hyph,
        .space_level = ts->lang->rtl,
        .level = ts->lang->rtl,
        .tag = ts->tag,
    };
    ptext para = { 0 };
    out->n = 0;
    out->complex = out->rtl = ts->lang->rtl;
    if (np_needs_runs(ts, first) && gather_paragraph(&w, first, &para) < 0)
        ts->failed = true;
    if (!ts->failed)
        walk_children(&w, first);
    np_mem_free(ts->alloc, w.saved);
    np_mem_free(ts->alloc, para.node_at);
    np_inline_add_forced_break(&w);
    if (stop)
        *stop = w.stop;
    return ts->failed ? -1 : 0;
}
