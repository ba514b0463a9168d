/*
 * inline_words.c - text to words, and where a word may break.
 *
 * Text is set first (quotes turned, French spacing, no breaks inside
 * a symbol), then split at white space. A line may break inside a
 * word after an explicit hyphen, at a soft hyphen, or where the
 * hyphenation patterns allow (through the render's memo,
 * hyph_memo.c); a word wider than any line is cut between characters,
 * with a warning. In a complex paragraph the first walk gathers the
 * text here and the second takes each word with its bidi levels
 * through runs.c. The boxes and breaks themselves are made in
 * inline_boxes.c; elements and calls are inline.c's.
 */
#include <string.h>

#include "ground/utf8.h"
#include "text/typo.h"
#include "typesetting/inline_walk.h"

#define MAX_HYPHENS 64

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
    double width = np_plain_width(w->ts, np_inline_style(w), s, len);
    np_report(w->ts->diags, w->ts->file, where->pos, NP_MSG_WORD_TOO_WIDE,
              s, len > 40 ? "..." : "", width, w->max_box);
    size_t start = 0;
    while (start < len) {
        size_t end = start, fit = start;
        while (end < len) {
            uint32_t cp;
            size_t next = end + np_utf8_next(s + end, len - end, &cp);
            if (np_plain_width(w->ts, np_inline_style(w), s + start, next - start)
                > w->max_box && fit > start)
                break;
            fit = end = next;
        }
        np_inline_add_box(w, s + start, fit - start, NULL);
        if (fit < len)
            np_inline_add_break(w, 0, false, false);
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
        np_inline_add_box(w, s + start, at[k] - start, NULL);
        np_inline_add_break(w, (int)w->ts->layout->hyphen_penalty, true, true);
        start = at[k] + 2;
    }
    np_inline_add_box(w, s + start, len - start, NULL);
}

static void add_word_part(walk *w, const char *s, size_t len)
{
    size_t at[MAX_HYPHENS];
    int n = 0;
    if (w->hyphenate && w->hyph && !w->symbol)
        n = np_hyph_memo_token(w->ts, w->hyph, s, len, at, MAX_HYPHENS);
    size_t start = 0;
    for (int k = 0; k < n; k++) {
        if (at[k] <= start || at[k] >= len)
            continue;
        np_inline_add_box(w, s + start, at[k] - start, NULL);
        np_inline_add_break(w, (int)w->ts->layout->hyphen_penalty, true, true);
        start = at[k];
    }
    np_inline_add_box(w, s + start, len - start, NULL);
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

/* Where the part of a word from `start` ends: just after its next
 * explicit hyphen ("mi-" of "mi-parcours"), or at its end. */
static size_t part_end(const char *s, size_t len, size_t start)
{
    for (size_t i = start; i + 1 < len; i++)
        if (s[i] == '-' && letter_before_hyphen(s, i))
            return i + 1;
    return len;
}

/* Whether a word wider than a line breaks, at its explicit hyphens and
 * where its patterns allow, into pieces that each fit on one (a long
 * word in a narrow table cell of a hyphenated document): then it is
 * hyphenated, not cut. */
static bool pieces_fit(walk *w, const char *s, size_t len)
{
    np_text_style st = np_inline_style(w);
    double hyphen = np_plain_width(w->ts, st, "-", 1);
    if (!w->hyphenate || !w->hyph || w->symbol || !breakable_token(s, len))
        return false;
    for (size_t part = 0, stop; part < len; part = stop) {
        stop = part_end(s, len, part);
        size_t at[MAX_HYPHENS], start = part;
        int n = np_hyph_memo_token(w->ts, w->hyph, s + part, stop - part, at, MAX_HYPHENS);
        for (int k = 0; k <= n; k++) {
            size_t cut = k < n ? part + at[k] : stop;
            if (cut <= start)
                continue;
            double add = k < n ? hyphen : 0;
            if (np_plain_width(w->ts, st, s + start, cut - start) + add > w->max_box)
                return false;
            start = cut;
        }
    }
    return true;
}

static void add_word(walk *w, const char *s, size_t len, const np_node *where)
{
    if (w->space_pending && w->prev_word
        && np_typo_tie(w->prev_word, w->prev_len, s, len))
        np_inline_add_break(w, NP_PENALTY_INF, false, false);
    w->prev_word = s;
    w->prev_len = len;
    if (np_plain_width(w->ts, np_inline_style(w), s, len) > w->max_box
        && len > 1 && !pieces_fit(w, s, len)) {
        add_cut_word(w, s, len, where);
        return;
    }
    size_t at[MAX_HYPHENS];
    int soft = soft_hyphens(s, len, at);
    if (soft > 0) {
        add_word_soft(w, s, len, at, soft);
        return;
    }
    bool breakable = !w->symbol && breakable_token(s, len);
    for (size_t start = 0, end; start < len; start = end) {
        end = breakable ? part_end(s, len, start) : len;
        add_word_part(w, s + start, end - start);
        if (end < len)
            np_inline_add_break(w, (int)w->ts->layout->explicit_hyphen_penalty, true, false);
    }
}

/* The text of node `t` as it is set: straight quotes turned, French
 * spacing added. NULL when memory runs out. */
static const char *set_text(walk *w, const np_node *t, size_t *len)
{
    const char *s = t->text;
    const np_lang *lang = w->lang;
    *len = t->len;
    if (lang->quote_open && lang->quote_close
        && !(s = np_typo_quotes(w->ts->scratch, s, *len, lang->quote_open,
                                lang->quote_close, &w->in_quote, len)))
        return NULL;
    if (w->french && !(s = np_typo_french(w->ts->scratch, s, *len, len)))
        return NULL;
    if (w->symbol)
        s = np_typo_nobreak(w->ts->scratch, s, *len, len);
    return s;
}

/* The first walk of a complex paragraph keeps each node's text. */
static void gather(walk *w, const char *s, size_t len)
{
    ptext *p = w->para;
    char *buf = np_inline_grown(w, p->buf, &p->cap, p->len + len + 1, 1);
    if (!buf)
        return;
    p->buf = buf;
    size_t *at = np_inline_grown(w, p->node_at, &p->node_cap, p->nodes + 1, sizeof *at);
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
        np_inline_add_break(w, NP_PENALTY_INF, false, false);
    if (w->space_pending)
        np_inline_add_glue(w);
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
    uint8_t *levels = np_arena_alloc(w->ts->scratch, len);
    if (!levels) {
        w->ts->failed = true;
        return;
    }
    add_run_word(w, s, len, levels, t, text);
}

void np_inline_add_text(walk *w, const np_node *t)
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
