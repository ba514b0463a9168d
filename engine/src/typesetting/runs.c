/*
 * runs.c - a word of complex text as boxes of shaped runs.
 *
 * A word (the text between two spaces) is cut into runs of one bidi
 * level and one face: each character takes the face of its script
 * (Latin and Cyrillic, Han, Arabic), in the word's style, or the first
 * face of the layout that has its glyph; characters of no script
 * (digits, punctuation) take their neighbours' face, except that ASCII
 * beside Chinese is set in the Latin face, as the UN sets Latin letters,
 * digits and brackets in Chinese text. Each run is shaped (shape.c);
 * Chinese runs become one box per character with glue between, which
 * breaks where UAX #14 allows (breaks.c) and spreads justified lines
 * between characters; a gap of a quarter em separates Chinese from
 * Latin, as Word's does. A character no face shows is reported at its
 * place in the description.
 *
 * Not here: splitting text at spaces and hyphenating Latin words
 * (inline_words.c), the order of runs on a line (visual.c).
 */
#include <string.h>

#include "ground/buf.h"
#include "ground/utf8.h"
#include "text/breaks.h"
#include "typesetting/typeset.h"

/* Between two Chinese characters, how far a justified line may spread
 * each gap: 0.062 em was the widest gap on the full lines of
 * ST/SPACE/61/Rev.3 in Chinese (docs/house-style.md, Chinese). */
#define CJK_STRETCH 0.06
/* The gap Word leaves between Chinese and Latin text, in em: 0.20 to
 * 0.25 on the unjustified lines of the same document. */
#define CJK_LATIN_GAP 0.25

/* One character of the word. */
typedef struct chr {
    uint32_t cp;
    uint32_t at, len;           /* bytes in the word */
    uint8_t level;
    int group;                  /* NP_GROUP_*, -1 before it is known */
    int slot;                   /* face slot */
} chr;

typedef struct word {
    np_ts *ts;
    np_items *it;
    const np_run_ctx *ctx;
    const char *s;
    size_t len;
    chr *c;
    size_t n;
    char *brks;                 /* UAX #14, when the word holds Han */
} word;

const np_face *np_ts_face(np_ts *ts, int slot)
{
    if (slot < 0 || slot >= NP_FACE_SLOTS)
        return NULL;
    if (slot < NP_FONT_COUNT)
        return ts->faces[slot];
    if (!ts->slot_tried[slot] && ts->load_face) {
        ts->slot_tried[slot] = true;
        ts->slot_faces[slot] = ts->load_face(ts->load_face_ud, slot);
    }
    return ts->slot_faces[slot];
}

np_shaper *np_ts_shaper(np_ts *ts, int slot)
{
    const np_face *face = np_ts_face(ts, slot);
    if (face && !ts->run_shapers[slot])
        ts->run_shapers[slot] = np_shaper_new(face);
    return face ? ts->run_shapers[slot] : NULL;
}

/* ---- characters ---------------------------------------------------- */

static int read_chars(word *w, const uint8_t *levels)
{
    w->c = np_arena_alloc(w->ts->scratch, (w->len ? w->len : 1) * sizeof *w->c);
    if (!w->c)
        return -1;
    for (size_t i = 0; i < w->len; w->n++) {
        chr *c = &w->c[w->n];
        c->at = (uint32_t)i;
        c->len = (uint32_t)np_utf8_next(w->s + i, w->len - i, &c->cp);
        c->level = levels[i];
        c->group = -1;
        i += c->len;
    }
    return 0;
}

/* The group of a character that has a script of its own, -1 for one
 * that takes its neighbours'. */
static int own_group(uint32_t cp)
{
    switch (np_script_of(cp)) {
    case NP_SCRIPT_LATIN:
        return NP_GROUP_LATIN;
    case NP_SCRIPT_HAN:
        return NP_GROUP_HAN;
    case NP_SCRIPT_ARABIC:
        return NP_GROUP_ARABIC;
    case NP_SCRIPT_OTHER:
        return NP_GROUP_LATIN;  /* whichever face has it: see find_slot */
    default:
        return np_is_cjk(cp) ? NP_GROUP_HAN : -1;
    }
}

/* The nearest group before character i, or after it; Latin when the
 * word has none. ASCII and Latin-1 beside Chinese are Latin. */
static int neighbour_group(const word *w, size_t i)
{
    int g = -1;
    for (size_t k = i; k-- > 0 && g < 0;)
        g = w->c[k].group;
    for (size_t k = i + 1; k < w->n && g < 0; k++)
        g = own_group(w->c[k].cp);
    if (g == NP_GROUP_HAN && w->c[i].cp < 0x100)
        return NP_GROUP_LATIN;
    return g < 0 ? NP_GROUP_LATIN : g;
}

static void resolve_groups(word *w)
{
    for (size_t i = 0; i < w->n; i++)
        w->c[i].group = own_group(w->c[i].cp);
    for (size_t i = 0; i < w->n; i++)
        if (w->c[i].group < 0)
            w->c[i].group = neighbour_group(w, i);
}

/* ---- faces and missing glyphs -------------------------------------- */

static bool shows(np_ts *ts, int slot, uint32_t cp)
{
    const np_face *f = np_ts_face(ts, slot);
    return f && np_face_has_glyph(f, cp);
}

/* The slot of the first face that shows `cp`: its group's face in the
 * word's style, that group's regular face, then the other groups'. */
static int find_slot(np_ts *ts, int group, int style, uint32_t cp)
{
    static const int order[NP_GROUPS][NP_GROUPS] = {
        { NP_GROUP_LATIN, NP_GROUP_ARABIC, NP_GROUP_HAN },
        { NP_GROUP_HAN, NP_GROUP_LATIN, NP_GROUP_ARABIC },
        { NP_GROUP_ARABIC, NP_GROUP_LATIN, NP_GROUP_HAN },
    };
    for (int k = 0; k < NP_GROUPS; k++) {
        int g = order[group][k] * NP_FONT_COUNT;
        if (shows(ts, g + style, cp))
            return g + style;
        if (shows(ts, g, cp))
            return g;
    }
    return -1;
}

/* Whether `cp` was reported already in this render. */
static bool reported_before(np_ts *ts, uint32_t cp)
{
    for (size_t i = 0; i < ts->nmissing; i++)
        if (ts->missing[i] == cp)
            return true;
    uint32_t *grown = np_arena_grow(ts->arena, ts->missing, ts->nmissing,
                                    &ts->missing_cap, ts->nmissing + 1, sizeof *grown);
    if (!grown)
        return true;
    ts->missing = grown;
    ts->missing[ts->nmissing++] = cp;
    return false;
}

/* The faces a character of `group` was looked for in, by file name. */
static const char *faces_tried(np_ts *ts, int group, int style)
{
    const char *list = "";
    for (int g = 0; g < NP_GROUPS; g++) {
        int gg = g == 0 ? group : g == group ? 0 : g;
        for (int k = 0; k < 2; k++) {
            int slot = gg * NP_FONT_COUNT + (k ? 0 : style);
            const char *file = ts->layout->font_files[slot];
            if (!file || !file[0] || strstr(list, file) || (k && style == 0))
                continue;
            list = np_arena_printf(ts->arena, "%s%s%s", list, list[0] ? ", " : "", file);
        }
    }
    return list && list[0] ? list : "none";
}

/* The place in the description of the character at `at` of a text
 * node's text as set (`set`, where the typography rules may have turned
 * quotation marks, one character for one): the node's own place, moved
 * on by as many characters of its text, and the lines among them. */
static np_pos text_pos(const np_node *node, const char *set, const char *at)
{
    np_pos pos = node ? node->pos : (np_pos){ 0, 0 };
    if (!node || !node->text || !set || at < set)
        return pos;
    size_t chars = np_utf8_count(set, (size_t)(at - set));
    for (size_t i = 0; i < node->len && chars > 0; i++) {
        char c = node->text[i];
        if (np_utf8_is_cont((unsigned char)c))
            continue;
        chars--;
        if (c == '\n') {
            pos.line++;
            pos.col = 1;
        } else {
            pos.col++;
        }
    }
    return pos;
}

/* A character no face shows: an error at its place, or with the layout's
 * missing-glyphs="box" a warning, and .notdef (a box) drawn. */
static int missing(word *w, const chr *c, int style)
{
    np_ts *ts = w->ts;
    int slot = c->group * NP_FONT_COUNT + style;
    if (!np_ts_face(ts, slot))
        slot = np_ts_face(ts, c->group * NP_FONT_COUNT) ? c->group * NP_FONT_COUNT : style;
    if (!reported_before(ts, c->cp)) {
        np_pos pos = text_pos(w->ctx->where, w->ctx->text, w->s + c->at);
        char ch[8] = "", script[5];
        memcpy(ch, w->s + c->at, c->len < 5 ? c->len : 4);
        np_script_code(c->cp, script);
        np_report(ts->diags, ts->file, pos,
                  ts->missing_as_box ? NP_MSG_MISSING_GLYPH_BOX : NP_MSG_MISSING_GLYPH,
                  c->cp, ch, script, faces_tried(ts, c->group, style));
    }
    return slot;
}

static void choose_slots(word *w)
{
    int style = w->ctx->style.font;
    for (size_t i = 0; i < w->n; i++) {
        chr *c = &w->c[i];
        if (np_script_of(c->cp) == NP_SCRIPT_INHERITED && i > 0) {
            c->slot = w->c[i - 1].slot;         /* a mark stays with its base */
            continue;
        }
        int slot = find_slot(w->ts, c->group, style, c->cp);
        c->slot = slot >= 0 ? slot : missing(w, c, style);
    }
}

/* ---- boxes, glue and breaks ------------------------------------------ */

static double em(const word *w)
{
    return w->ctx->style.size;
}

/* A box of `text` showing glyphs g[0..n) (clusters from `text`), or the
 * plain text when g is NULL; its width is `width`. */
static int add_box(word *w, const chr *first, size_t len, const np_glyph *g,
                   size_t n, int slot, double width)
{
    np_item *b = np_items_push(w->ts, w->it, NP_BOX);
    if (!b)
        return -1;
    b->width = width;
    np_frag *f = &w->it->frags[w->it->n - 1];
    *f = w->ctx->style;
    f->text = w->s + first->at;
    f->len = len;
    f->font = slot;
    f->level = first->level;
    f->call = NULL;
    if (g) {
        np_glyph *copy = np_arena_alloc(w->ts->scratch, (n ? n : 1) * sizeof *copy);
        if (!copy)
            return -1;
        for (size_t i = 0; i < n; i++) {
            copy[i] = g[i];
            copy[i].cluster -= first->at;
        }
        f->glyphs = copy;
        f->nglyphs = (int)n;
        f->tracking = 0;        /* joined letters are never spaced */
        f->scale = 1;
    }
    return 0;
}

/* Glue between two characters with no space between them: it may
 * break the line there when `breaks`, and spreads a justified line. */
static int add_gap(word *w, double width, bool breaks, const chr *before)
{
    if (!breaks) {
        np_item *p = np_items_push(w->ts, w->it, NP_PENALTY);
        if (!p)
            return -1;
        p->penalty = NP_PENALTY_INF;
    }
    np_item *g = np_items_push(w->ts, w->it, NP_GLUE);
    if (!g)
        return -1;
    g->width = width;
    g->stretch = w->ctx->justify ? CJK_STRETCH * em(w) : 1000;
    np_frag *f = &w->it->frags[w->it->n - 1];
    f->tight = true;
    f->level = before->level;
    f->font = before->slot;
    return 0;
}

static bool break_after(const word *w, const chr *c)
{
    return w->brks && w->brks[c->at + c->len - 1] == NP_BREAK_ALLOW;
}

/* A run set as plain text: left to right in a Latin face, unless the
 * layout asks for ligatures. */
static bool plain(const word *w, const chr *c)
{
    return c->level % 2 == 0 && c->slot < NP_FONT_COUNT && !w->ts->layout->ligatures;
}

static int plain_run(word *w, const chr *c, size_t n)
{
    size_t len = c[n - 1].at + c[n - 1].len - c->at;
    np_text_style st = { .font = c->slot, .size = em(w),
                         .tracking = w->ctx->style.tracking,
                         .scale = w->ctx->style.scale };
    return add_box(w, c, len, NULL, 0, c->slot,
                   np_text_width(w->ts, st, w->s + c->at, len));
}

/* The glyphs of characters c[0..n): those whose cluster lies in them. */
static size_t glyphs_of(const np_glyph *g, size_t ng, const chr *c, size_t n,
                        np_glyph *out)
{
    uint32_t from = c->at, to = c[n - 1].at + c[n - 1].len;
    size_t k = 0;
    for (size_t i = 0; i < ng; i++)
        if (g[i].cluster >= from && g[i].cluster < to)
            out[k++] = g[i];
    return k;
}

static double glyph_width(const np_glyph *g, size_t n, double size, unsigned upem)
{
    double units = 0;
    for (size_t i = 0; i < n; i++)
        units += g[i].advance;
    return upem ? units * size / upem : 0;
}

/* Chinese: a box for each character, a gap after each but the last. */
static int han_boxes(word *w, const chr *c, size_t n, const np_glyph *g,
                     size_t ng, unsigned upem, np_glyph *scratch)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = glyphs_of(g, ng, c + i, 1, scratch);
        if (add_box(w, c + i, c[i].len, scratch, k, c[i].slot,
                    glyph_width(scratch, k, em(w), upem)) < 0)
            return -1;
        if (i + 1 < n && add_gap(w, 0, break_after(w, c + i), c + i) < 0)
            return -1;
    }
    return 0;
}

static int shaped_run(word *w, const chr *c, size_t n)
{
    np_shaper *sh = np_ts_shaper(w->ts, c->slot);
    if (!sh)
        return -1;
    size_t len = c[n - 1].at + c[n - 1].len - c->at;
    np_shape_opts o = { .script = np_script_of(c->cp), .rtl = c->level % 2,
                        .lang = w->ts->lang->code,
                        .kern = w->ts->layout->kerning, .liga = w->ts->layout->ligatures };
    if (c->group == NP_GROUP_ARABIC)
        o.script = NP_SCRIPT_ARABIC;
    else if (c->group == NP_GROUP_HAN)
        o.script = NP_SCRIPT_HAN;
    size_t max = 2 * len + 8;
    np_glyph *g = np_arena_alloc(w->ts->scratch, 2 * max * sizeof *g);
    long ng = g ? np_shaper_shape(sh, w->s + c->at, len, &o, g, max) : -1;
    if (ng < 0 || (size_t)ng > max)
        return -1;              /* more glyphs than twice the bytes: none */
    for (long i = 0; i < ng; i++)
        g[i].cluster += c->at;
    unsigned upem = np_shaper_upem(sh);
    if (c->group == NP_GROUP_HAN)
        return han_boxes(w, c, n, g, (size_t)ng, upem, g + max);
    return add_box(w, c, len, g, (size_t)ng, c->slot,
                   glyph_width(g, (size_t)ng, em(w), upem));
}

/* A letter or digit of a Latin run (not its punctuation). */
static bool alphanumeric(const chr *c)
{
    return c->group == NP_GROUP_LATIN
           && (np_script_of(c->cp) == NP_SCRIPT_LATIN || (c->cp >= '0' && c->cp <= '9'));
}

/* Between runs: Chinese beside Latin letters or digits keeps a quarter
 * em apart, as Word's text does ("1961 年"); elsewhere runs touch
 * ("一.", "（第49条）"). */
static int join(word *w, const chr *before, const chr *after)
{
    bool han_a = before->group == NP_GROUP_HAN, han_b = after->group == NP_GROUP_HAN;
    if (han_a == han_b || !(han_a ? alphanumeric(after) : alphanumeric(before)))
        return 0;
    return add_gap(w, CJK_LATIN_GAP * em(w), break_after(w, before), before);
}

static bool same_run(const chr *a, const chr *b)
{
    return a->level == b->level && a->slot == b->slot;
}

static int add_runs(word *w)
{
    for (size_t i = 0; i < w->n;) {
        size_t k = i + 1;
        while (k < w->n && same_run(&w->c[i], &w->c[k]))
            k++;
        if (i > 0 && join(w, &w->c[i - 1], &w->c[i]) < 0)
            return -1;
        int rc = plain(w, &w->c[i]) ? plain_run(w, &w->c[i], k - i)
                                 : shaped_run(w, &w->c[i], k - i);
        if (rc < 0)
            return -1;
        i = k;
    }
    return 0;
}

static bool has_han(const word *w)
{
    for (size_t i = 0; i < w->n; i++)
        if (w->c[i].group == NP_GROUP_HAN)
            return true;
    return false;
}

int np_runs_word(np_ts *ts, np_items *it, const np_run_ctx *ctx,
                 const char *s, size_t len, const uint8_t *levels)
{
    word w = { .ts = ts, .it = it, .ctx = ctx, .s = s, .len = len };
    if (len == 0)
        return 0;
    if (read_chars(&w, levels) < 0)
        return -1;
    resolve_groups(&w);
    choose_slots(&w);
    bool one_run = true;
    for (size_t i = 1; i < w.n && one_run; i++)
        one_run = same_run(&w.c[0], &w.c[i]);
    if (one_run && plain(&w, &w.c[0]) && w.c[0].slot == ctx->style.font)
        return 1;
    if (has_han(&w)) {
        w.brks = np_arena_alloc(ts->scratch, len);
        if (!w.brks)
            return -1;
        np_breaks(s, len, ts->lang->code, w.brks);
    }
    it->complex = true;
    return add_runs(&w) < 0 ? -1 : 0;
}

/* ---- which text needs runs ------------------------------------------ */

/* Whether the paragraph from `first` needs runs: its language is
 * written right to left, the layout asks for ligatures (which only
 * shaping makes), or a text node holds complex text. The nodes
 * are visited as walk_children visits them, up to the first block. */
bool np_needs_runs(const np_ts *ts, const np_node *first)
{
    if (ts->lang->rtl || ts->layout->ligatures)
        return true;
    int depth = 0;
    for (const np_node *n = first; n;) {
        if (!np_kind_is_inline(n->kind) && n->kind != NP_K_INLINE)
            return false;
        if (n->kind == NP_K_TEXT && np_text_needs_runs(n->text, n->len))
            return true;
        if (n->kind != NP_K_TEXT && n->first) {
            n = n->first;
            depth++;
            continue;
        }
        while (depth > 0 && !n->next) {
            n = n->parent;
            depth--;
        }
        n = n->next;
    }
    return false;
}

bool np_face_shows(const np_face *face, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        i += np_utf8_next(s + i, len - i, &cp);
        if (!np_face_has_glyph(face, cp))
            return false;
    }
    return true;
}

