/*
 * para_memo.c - the lines of paragraphs kept from one pass of layout to
 * the next.
 *
 * A document with cross-references is set in passes (passes.c), and a
 * pass sets every paragraph again, although only those holding an
 * <xref> can come out different: the paragraphs are set in the same
 * order, with the same specs, every pass. So the first pass keeps a
 * copy of the lines of each paragraph it sets (their segments live in
 * the arena and stay), and a later pass that comes to the same
 * paragraph, with the same spec and the same space pending above it,
 * takes the copy instead of measuring and breaking it again. Not kept:
 * a paragraph holding an <xref> (what it prints may change), one set
 * from a node of no tree (a contents entry: its node is made on the
 * stack), and one whose setting gave a message (the messages of the
 * pass kept are the ones given, so it must give them again).
 *
 * In a tagged PDF a kept paragraph keeps the structure elements it made
 * too. Each pass builds the tree afresh in the same order, so they are
 * taken back at the same indices, and the segments' elements hold; a
 * pass whose tree has come out otherwise (which none should) sets the
 * paragraph again rather than guess. A paragraph making a footnote's
 * Note, or calling a table note, is not kept: the Note is found by its
 * note, the call by its table's notes (tags.c), not by index alone.
 *
 * Not done here: setting a paragraph (para.c).
 */
#include <string.h>

#include "ground/buf.h"
#include "typesetting/typeset.h"

typedef struct memo_entry {
    const np_node *first, *stop;
    np_para_spec spec;          /* as given (its label compared as text) */
    double pending;             /* the flow's pending space before it */
    double pending_after;
    np_line *lines;             /* in the arena */
    size_t n;
    int paras;                  /* paragraph ids it used */
    size_t tag;                 /* the first structure element it made */
    np_out_elem *tags;          /* the elements it made, in the arena */
    size_t ntags;
    bool usable;
} memo_entry;

struct np_para_memo {
    memo_entry *entries;
    size_t n, cap;
    size_t next;                /* the call of this pass */
    bool recording;             /* the first pass: keep; later: reuse */
};

/* Whether the inline content from `first` up to `stop` holds an xref. */
static bool holds_xref(const np_node *first, const np_node *stop)
{
    for (const np_node *n = first; n && n != stop; n = n->next) {
        if (n->kind == NP_K_XREF)
            return true;
        if (n->first && n->kind != NP_K_FN && holds_xref(n->first, NULL))
            return true;
    }
    return false;
}

static bool same_label(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_style(const np_text_style *a, const np_text_style *b)
{
    return a->font == b->font && a->size == b->size && a->leading == b->leading
           && a->tracking == b->tracking && a->scale == b->scale;
}

/* Field by field: a struct's padding bytes may differ. */
static bool same_spec(const np_para_spec *a, const np_para_spec *b)
{
    return same_style(&a->style, &b->style) && same_style(&a->label_style, &b->label_style)
           && a->first_x == b->first_x && a->first_width == b->first_width
           && a->rest_x == b->rest_x && a->rest_width == b->rest_width
           && a->justify == b->justify && a->hyphenate == b->hyphenate
           && same_label(a->label, b->label) && a->label_x == b->label_x
           && a->label_rise == b->label_rise && a->label_right == b->label_right
           && a->space_before == b->space_before && a->space_after == b->space_after
           && a->keep_together == b->keep_together
           && a->keep_with_next == b->keep_with_next && a->star_calls == b->star_calls;
}

/* A line with segments of its own: those who set a paragraph may move
 * its segments afterwards (a table cell aligned right), on the lines
 * kept as on the lines set. */
static int copy_line(np_ts *ts, np_line *to, const np_line *from)
{
    *to = *from;
    if (from->nsegs == 0)
        return 0;
    to->segs = np_arena_alloc(ts->lines, (size_t)from->nsegs * sizeof *to->segs);
    if (!to->segs)
        return -1;
    memcpy(to->segs, from->segs, (size_t)from->nsegs * sizeof *to->segs);
    return 0;
}

int np_para_memo_begin(np_ts *ts)
{
    if (!ts->para_memo) {
        ts->para_memo = np_arena_alloc(ts->arena, sizeof *ts->para_memo);
        if (!ts->para_memo)
            return -1;
        memset(ts->para_memo, 0, sizeof *ts->para_memo);
        ts->para_memo->recording = true;
        return 0;
    }
    ts->para_memo->recording = false;
    ts->para_memo->next = 0;
    return 0;
}

/* The lines kept for this call, appended to `flow`: 1 when taken, 0
 * when there are none to take, -1 out of memory. */
int np_para_memo_take(np_ts *ts, const np_node *first, const np_para_spec *spec,
                      np_flow *flow, const np_node **stop)
{
    np_para_memo *m = ts->para_memo;
    if (!m || m->recording)
        return 0;
    if (m->next >= m->n)
        return 0;
    memo_entry *e = &m->entries[m->next++];
    if (!e->usable || e->first != first || e->pending != flow->pending_space
        || !same_spec(&e->spec, spec) || (ts->tagged && ts->tree.n != e->tag))
        return 0;
    if (np_tags_append(ts, e->tags, e->ntags) < 0)
        return -1;
    int para = ts->next_para;
    for (size_t i = 0; i < e->n; i++) {
        np_line *line = np_flow_push(ts, flow);
        if (!line || copy_line(ts, line, &e->lines[i]) < 0)
            return -1;
        if (line->para >= 0)
            line->para += para - e->lines[0].para;
    }
    ts->next_para += e->paras;
    flow->pending_space = e->pending_after;
    if (stop)
        *stop = e->stop;
    return 1;
}

np_memo_start np_para_memo_start(const np_ts *ts, const np_flow *flow)
{
    const unsigned *count = ts->diags->count;
    return (np_memo_start){ .line = flow->n, .pending = flow->pending_space,
                            .messages = count[0] + count[1] + count[2],
                            .para = ts->next_para, .tag = ts->tree.n };
}

/* Whether the elements a paragraph made may be made again by copy. */
static bool copyable_tags(const np_out_elem *tags, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(tags[i].role, "Note") == 0
            || (strcmp(tags[i].role, "Reference") == 0 && tags[i].ref < 0))
            return false;
    return true;
}

/* A copy of the elements a paragraph made, from start->tag on. */
static bool keep_tags(np_ts *ts, memo_entry *e, const np_memo_start *start)
{
    e->tag = start->tag;
    e->ntags = ts->tree.n - start->tag;
    if (e->ntags == 0)
        return true;
    const np_out_elem *made = &ts->tree.elems[start->tag];
    if (!copyable_tags(made, e->ntags))
        return false;
    e->tags = np_arena_alloc(ts->arena, e->ntags * sizeof *e->tags);
    if (e->tags)
        memcpy(e->tags, made, e->ntags * sizeof *e->tags);
    return e->tags != NULL;
}

/* Keeps the lines a call set (from start->line on), when they may be
 * taken again; `stop` is where the call stopped. */
void np_para_memo_keep(np_ts *ts, const np_node *first, const np_para_spec *spec,
                       const np_flow *flow, const np_memo_start *start,
                       const np_node *stop)
{
    np_para_memo *m = ts->para_memo;
    if (!m || !m->recording)
        return;
    memo_entry *entries = np_arena_grow(ts->arena, m->entries, m->n, &m->cap,
                                        m->n + 1, sizeof *entries);
    if (!entries) {
        m->recording = false;   /* no memo: every pass sets everything */
        return;
    }
    m->entries = entries;
    memo_entry *e = &m->entries[m->n++];
    const unsigned *count = ts->diags->count;
    unsigned messages = count[0] + count[1] + count[2] - start->messages;
    *e = (memo_entry){ .first = first, .stop = stop, .spec = *spec,
                       .pending = start->pending,
                       .pending_after = flow->pending_space,
                       .n = flow->n - start->line,
                       .paras = ts->next_para - start->para };
    e->usable = messages == 0 && first && first->parent && !holds_xref(first, stop)
                && keep_tags(ts, e, start);
    if (!e->usable || e->n == 0)
        return;
    e->lines = np_arena_alloc(ts->arena, e->n * sizeof *e->lines);
    for (size_t i = 0; e->lines && i < e->n; i++)
        if (copy_line(ts, &e->lines[i], &flow->lines[start->line + i]) < 0)
            e->lines = NULL;
    e->usable = e->lines != NULL;
}
