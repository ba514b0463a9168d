/*
 * inline.c - inline nodes to measured boxes, glue and penalties.
 *
 * Walks the inline children of a block with the current font (italic
 * and bold as bits), size, rise and link, splits text at white space,
 * measures each piece with the face metrics, and marks where a line may
 * break inside a word: after an explicit hyphen, at a soft hyphen, or
 * where the hyphenation patterns allow (through the render's memo,
 * hyph_memo.c). Footnote calls become small boxes glued to the word
 * before them. What lines to make is not decided
 * here (linebreak.c), nor where they go (para.c).
 *
 * A paragraph holding complex text (Chinese, Arabic, any right-to-left
 * character) or set right to left is walked twice: first to gather its
 * text and resolve the bidi levels of the whole paragraph (bidi.c),
 * then to make the items, its words going through runs.c. Other
 * paragraphs take one walk and the plain path, as they always did.
 */
#include <string.h>

#include "document/numbering.h"
#include "ground/buf.h"
#include "ground/utf8.h"
#include "text/bidi.h"
#include "text/typo.h"
#include "typesetting/typeset.h"

#define MAX_HYPHENS 64

/* The style in force: saved as the walk enters an inline element, put
 * back as it leaves it. */
typedef struct style {
    int font;
    double size, rise;
    const char *link;
    bool symbol;
    const np_lang *lang;
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

static const char *const HYPHEN = "-";

/* The style of the text being walked, for measuring it. */
static np_text_style cur(const walk *w)
{
    return (np_text_style){ .font = w->font, .size = w->size,
                            .tracking = w->tracking, .scale = w->scale };
}

/* ---- item array -------------------------------------------------- */

/* The array `p` of *cap elements of `size` bytes with room for `need`
 * (np_grow); NULL, and the render failed, when memory runs out. */
static void *grown(walk *w, void *p, size_t *cap, size_t need, size_t size)
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
    return np_plain_width(w->ts, cur(w), " ", 1);
}

static void add_glue(walk *w)
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

static void add_box(walk *w, const char *text, size_t len, np_footnote *call)
{
    if (len == 0 || w->gathering)
        return;
    if (w->space_pending)
        add_glue(w);
    else
        kern_junction(w, text, len);
    np_item *b = push(w, NP_BOX);
    if (!b)
        return;
    b->width = np_plain_width(w->ts, cur(w), text, len);
    letter_give(w, b, text, len);
    *last_frag(w) = (np_frag){ .text = text, .len = len, .font = w->font,
                               .size = w->size, .rise = w->rise,
                               .tracking = w->tracking, .scale = w->scale,
                               .link = w->link, .call = call, .level = w->level,
                               .tag = w->tag };
}

static void add_break(walk *w, int penalty, bool flagged, bool with_hyphen)
{
    np_item *p = push(w, NP_PENALTY);
    if (!p)
        return;
    p->penalty = penalty;
    p->flagged = flagged;
    if (with_hyphen) {
        /* the added hyphen is kerned with the letter before it */
        np_item *pen, *box = touching_box(w, &pen);
        p->width = np_plain_width(w->ts, cur(w), HYPHEN, 1)
                   + (box ? pair_kern(w, &w->out->frags[box - w->out->items], HYPHEN, 1) : 0);
        letter_give(w, p, HYPHEN, 1);
        *last_frag(w) = (np_frag){ .text = HYPHEN, .len = 1, .font = w->font,
                                   .size = w->size, .rise = w->rise,
                                   .tracking = w->tracking, .scale = w->scale,
                                   .link = w->link, .level = w->level,
                                   .tag = w->tag };
    }
}

static void add_forced_break(walk *w)
{
    np_item *g = push(w, NP_GLUE);
    if (g)
        g->stretch = NP_STRETCH_FIL;
    add_break(w, -NP_PENALTY_INF, false, false);
    w->space_pending = false;
}

/* ---- words ------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_soft_hyphen(const char *s, size_t i, size_t len)
{
    return i + 1 < len && (unsigned char)s[i] == 0xC2
           && (unsigned char)s[i + 1] == 0xAD;
}

/* A word wider than any line: cut it by force between characters, and
 * say so (a silent overflow past the margin is worse). */
static void add_cut_word(walk *w, const char *s, size_t len, const np_node *where)
{
    double width = np_plain_width(w->ts, cur(w), s, len);
    np_report(w->ts->diags, w->ts->file, where->pos, NP_MSG_WORD_TOO_WIDE,
              s, len > 40 ? "..." : "", width, w->max_box);
    size_t start = 0;
    while (start < len) {
        size_t end = start, fit = start;
        while (end < len) {
            uint32_t cp;
            size_t next = end + np_utf8_next(s + end, len - end, &cp);
            if (np_plain_width(w->ts, cur(w), s + start, next - start)
                > w->max_box && fit > start)
                break;
            fit = end = next;
        }
        add_box(w, s + start, fit - start, NULL);
        if (fit < len)
            add_break(w, 0, false, false);
        start = fit;
    }
}

/* Break points inside one piece of a word, as byte offsets, with
 * whether an added hyphen is drawn there. */
static int soft_hyphens(const char *s, size_t len, size_t *at)
{
    int n = 0;
    for (size_t i = 0; i < len && n < MAX_HYPHENS; i++)
        if (is_soft_hyphen(s, i, len))
            at[n++] = i;
    return n;
}

static void add_word_soft(walk *w, const char *s, size_t len, size_t *at, int n)
{
    size_t start = 0;
    for (int k = 0; k < n; k++) {
        add_box(w, s + start, at[k] - start, NULL);
        add_break(w, (int)w->ts->layout->hyphen_penalty, true, true);
        start = at[k] + 2;
    }
    add_box(w, s + start, len - start, NULL);
}

static void add_word_part(walk *w, const char *s, size_t len)
{
    size_t at[MAX_HYPHENS];
    int n = 0;
    if (w->hyphenate && !w->symbol)
        n = np_hyph_memo_token(w->ts, s, len, at, MAX_HYPHENS);
    size_t start = 0;
    for (int k = 0; k < n; k++) {
        if (at[k] <= start || at[k] >= len)
            continue;
        add_box(w, s + start, at[k] - start, NULL);
        add_break(w, (int)w->ts->layout->hyphen_penalty, true, true);
        start = at[k];
    }
    add_box(w, s + start, len - start, NULL);
}

/* Explicit hyphens: "mi-parcours" may break after the '-', with no
 * hyphen added; each part may be hyphenated as well. Not in symbols and
 * numbers ("S-20/2", "2019-2023"), which never break. */
static bool letter_before_hyphen(const char *s, size_t i)
{
    return i > 0 && s[i - 1] != '-' && s[i - 1] != ' ';
}

static bool breakable_token(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((s[i] >= '0' && s[i] <= '9') || s[i] == '/' || s[i] == '@')
            return false;
    return true;
}

static void add_word(walk *w, const char *s, size_t len, const np_node *where)
{
    if (w->space_pending && w->prev_word
        && np_typo_tie(w->prev_word, w->prev_len, s, len))
        add_break(w, NP_PENALTY_INF, false, false);
    w->prev_word = s;
    w->prev_len = len;
    if (np_plain_width(w->ts, cur(w), s, len) > w->max_box
        && len > 1) {
        add_cut_word(w, s, len, where);
        return;
    }
    size_t at[MAX_HYPHENS];
    int soft = soft_hyphens(s, len, at);
    if (soft > 0) {
        add_word_soft(w, s, len, at, soft);
        return;
    }
    size_t start = 0;
    bool breakable = !w->symbol && breakable_token(s, len);
    for (size_t i = 0; breakable && i + 1 < len; i++) {
        if (s[i] == '-' && letter_before_hyphen(s, i)) {
            add_word_part(w, s + start, i + 1 - start);
            add_break(w, (int)w->ts->layout->explicit_hyphen_penalty, true, false);
            start = i + 1;
        }
    }
    add_word_part(w, s + start, len - start);
}

/* The text of node `t` as it is set: straight quotes turned, French
 * spacing added. NULL when memory runs out. */
static const char *set_text(walk *w, const np_node *t, size_t *len)
{
    const char *s = t->text;
    const np_lang *lang = w->lang;
    *len = t->len;
    if (lang->quote_open && lang->quote_close
        && !(s = np_typo_quotes(w->ts->arena, s, *len, lang->quote_open,
                                lang->quote_close, &w->in_quote, len)))
        return NULL;
    if (w->french && !(s = np_typo_french(w->ts->arena, s, *len, len)))
        return NULL;
    if (w->symbol)
        s = np_typo_nobreak(w->ts->arena, s, *len, len);
    return s;
}

/* The first walk of a complex paragraph keeps each node's text. */
static void gather(walk *w, const char *s, size_t len)
{
    ptext *p = w->para;
    char *buf = grown(w, p->buf, &p->cap, p->len + len + 1, 1);
    if (!buf)
        return;
    p->buf = buf;
    size_t *at = grown(w, p->node_at, &p->node_cap, p->nodes + 1, sizeof *at);
    if (!at)
        return;
    p->node_at = at;
    p->node_at[p->nodes++] = p->len;
    memcpy(p->buf + p->len, s, len);
    p->len += len;
}

/* A word of a complex paragraph: through runs.c, unless it is plain. */
static void add_run_word(walk *w, const char *s, size_t len,
                         const uint8_t *levels, const np_node *where,
                         const char *text)
{
    np_run_ctx ctx = {
        .style = { .font = w->font, .size = w->size, .rise = w->rise,
                   .tracking = w->tracking, .scale = w->scale, .link = w->link,
                   .tag = w->tag },
        .justify = w->spec->justify, .where = where, .text = text,
    };
    if (w->space_pending && w->prev_word
        && np_typo_tie(w->prev_word, w->prev_len, s, len))
        add_break(w, NP_PENALTY_INF, false, false);
    if (w->space_pending)
        add_glue(w);
    w->level = levels[0];
    int rc = np_runs_word(w->ts, w->out, &ctx, s, len, levels);
    if (rc > 0)
        add_word(w, s, len, where);
    else if (rc < 0)
        w->ts->failed = true;
    w->prev_word = s;
    w->prev_len = len;
}

/* A plain word: its levels are all 0. */
static void add_plain_word(walk *w, const char *s, size_t len, const np_node *t,
                           const char *text)
{
    if (np_face_shows(w->ts->faces[w->font], s, len)) {
        add_word(w, s, len, t);
        return;
    }
    uint8_t *levels = np_arena_alloc(w->ts->arena, len);
    if (!levels) {
        w->ts->failed = true;
        return;
    }
    add_run_word(w, s, len, levels, t, text);
}

static void add_text(walk *w, const np_node *t)
{
    size_t len;
    const char *s = w->para && !w->gathering
                    ? w->para->buf + w->para->node_at[w->para->next] : set_text(w, t, &len);
    if (!s) {
        w->ts->failed = true;
        return;
    }
    const uint8_t *levels = NULL;
    if (w->para && w->gathering) {
        gather(w, s, len);
        return;
    }
    if (w->para) {
        size_t at = w->para->node_at[w->para->next++];
        len = (w->para->next < w->para->nodes ? w->para->node_at[w->para->next]
                                               : w->para->len) - at;
        levels = w->para->levels + at;
    }
    size_t i = 0;
    while (i < len && !w->out->halted) {
        if (is_space(s[i])) {
            if (!w->space_pending && levels)
                w->space_level = levels[i];
            w->space_pending = true;
            i++;
            continue;
        }
        size_t start = i;
        while (i < len && !is_space(s[i]))
            i++;
        if (levels)
            add_run_word(w, s + start, i - start, levels + start, t, s);
        else
            add_plain_word(w, s + start, i - start, t, s);
    }
}

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
    add_box(w, note->mark, strlen(note->mark), first_call ? note : NULL);
    w->level = level;
    w->tag = tag;
    w->font = font;
    w->size = size;
    w->rise = rise;
}

/* A run in another language: its quotation marks and, in French, its
 * spacing; the document's hyphenation patterns are not for it, so its
 * words are not hyphenated (explicit hyphens still break). */
static void enter_lang(walk *w, const char *code)
{
    const np_lang *lang = w->ts->lang_of && code
                          ? w->ts->lang_of(w->ts->lang_of_ud, code) : NULL;
    if (!lang || lang == w->lang)
        return;
    w->lang = lang;
    w->french = strcmp(lang->code, "fr") == 0;
    w->hyphenate = w->hyphenate && strcmp(lang->code, w->ts->lang->code) == 0;
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
    const char *text = np_arena_strdup(w->ts->arena, letter);
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
    add_box(w, text, strlen(text), NULL);
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
    add_text(w, &t);
    w->link = outer;
    w->tag = tag;
}

/* Saves the style in force, then applies the element's own. */
static bool enter_styled(walk *w, const np_node *n)
{
    style *saved = grown(w, w->saved, &w->cap, w->nsaved + 1, sizeof *saved);
    if (!saved)
        return false;
    w->saved = saved;
    w->saved[w->nsaved++] = (style){ w->font, w->size, w->rise, w->link,
                                     w->symbol, w->lang, w->french, w->hyphenate,
                                     w->tag };
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
        add_text(w, n);
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
        add_forced_break(w);
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
 * and the paragraph may be. */
static bool hyphenates(const np_ts *ts, const np_para_spec *spec)
{
    return spec->hyphenate && ts->hyph && !ts->no_hyphens && ts->layout->hyphenate;
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
    char *kept = np_arena_strndup(w->ts->arena, p->buf ? p->buf : "", p->len);
    np_mem_free(w->ts->alloc, p->buf);
    p->buf = kept;
    p->levels = np_arena_alloc(w->ts->arena, p->len ? p->len : 1);
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
        .hyphenate = hyphenates(ts, spec),
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
    add_forced_break(&w);
    if (stop)
        *stop = w.stop;
    return ts->failed ? -1 : 0;
}
