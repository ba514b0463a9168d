/*
 * passes.c - the document laid out, in as many passes as its
 * cross-references need.
 *
 * A document without <xref> is set and paginated once. With them, a
 * pass prints what the pass before it learnt (xref.c) and is followed
 * by another while anything it printed was not right: a forward
 * reference's number, a page number that moved. Most documents settle
 * in two passes; a page reference whose new width moves a line that
 * moves it back could swing for ever, so passes stop at NP_XREF_PASSES
 * with a warning. The messages of a pass are kept aside and only those
 * of the pass kept are given, once.
 *
 * Not done here: what is printed (xref.c), setting (blocks.c) and
 * pagination (paginate.c).
 */
#include <string.h>

#include "typesetting/typeset.h"

/* The most passes of layout a document gets. */
#define NP_XREF_PASSES 4

typedef struct kept_msg {
    np_diagnostic d;
    struct kept_msg *next;
} kept_msg;

typedef struct keeper {
    np_arena *arena;
    kept_msg *first, **tail;
    bool failed;
} keeper;

static void keep(void *ud, const np_diagnostic *d)
{
    keeper *k = ud;
    kept_msg *m = np_arena_alloc(k->arena, sizeof *m);
    const char *text = m ? np_arena_strdup(k->arena, d->message) : NULL;
    if (!text) {
        k->failed = true;
        return;
    }
    *m = (kept_msg){ *d, NULL };
    m->d.message = text;
    *k->tail = m;
    k->tail = &m->next;
}

static void give(np_diags *to, const keeper *k)
{
    for (const kept_msg *m = k->first; m; m = m->next) {
        to->count[m->d.severity]++;
        if (to->fn)
            to->fn(to->ud, &m->d);
    }
}

/* One pass: the flow set afresh, then paginated. */
static int one_pass(np_ts *ts, np_flow *flow, np_pages *pages)
{
    flow->n = 0;
    flow->pending_space = 0;
    ts->notes_flow.n = 0;
    ts->notes_flow.pending_space = 0;
    ts->nmissing = 0;           /* reported again, in this pass's messages */
    if (np_xref_begin_pass(ts, flow) < 0 || np_tags_begin(ts) < 0
        || np_blocks_flow(ts, flow) < 0
        || np_ts_stopped(ts))
        return -1;
    return np_paginate(ts, flow, pages);
}

int np_lay_out(np_ts *ts, np_flow *flow, np_pages *pages)
{
    if (ts->doc->xref_count == 0) {
        int rc = one_pass(ts, flow, pages);
        if (rc == 0)
            np_xref_settle(ts, flow, pages);
        return rc;
    }
    np_diags *given = ts->diags;
    int rc = 0;
    bool again = true;
    keeper k = { .arena = ts->arena };
    for (int pass = 1; again && rc == 0; pass++) {
        np_diags quiet;
        k.first = NULL;
        k.tail = &k.first;
        np_diags_init(&quiet, keep, &k);
        ts->diags = &quiet;
        rc = np_para_memo_begin(ts) < 0 ? -1 : one_pass(ts, flow, pages);
        again = rc == 0 && np_xref_settle(ts, flow, pages);
        if (again && pass == NP_XREF_PASSES) {
            np_report(&quiet, ts->file, (np_pos){ 0, 0 }, NP_MSG_XREF_UNSTABLE,
                      pass);
            again = false;
        }
    }
    ts->diags = given;
    give(given, &k);
    return k.failed ? -1 : rc;
}
