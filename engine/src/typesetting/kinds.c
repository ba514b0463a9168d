/*
 * kinds.c - the furniture that format v1.1's kinds of document add, to
 * the flow of lines: a letter's signature block at the right margin
 * ("(Signed) Bashar Ja'afari" / "Ambassador" / "Permanent
 * Representative"), the framed summary box of a report, the label of
 * a corrigendum or addendum under the title, and the "[Original:
 * French]" line of an annex.
 *
 * Geometry comes from the layout (signature, summary, kind-label,
 * annex-original), words from the language file. Where the lines fall
 * on the pages is paginate.c's; the frame is drawn by pages.c from
 * each line's `frame`.
 */
#include <string.h>

#include "typesetting/typeset.h"

/* ---- signature ----------------------------------------------------- */

static np_para_spec signature_spec(np_ts *ts, double left, double width)
{
    return (np_para_spec){
        .style = ts->layout->signature, .first_x = left, .first_width = width,
        .rest_x = left, .rest_width = width, .align_right = true,
        .keep_together = true, .keep_with_next = true,
    };
}

/* "(Signed) " in the layout's signed-font, then the name: the word is
 * wrapped in <i> and <b> nodes as the font asks, and the name's own
 * content follows through a copy of the node that ends the chain. */
static int signed_name(np_ts *ts, np_flow *flow, const np_node *name,
                       np_para_spec *spec)
{
    int base = spec->style.font, want = ts->layout->signed_font;
    np_node word = { .kind = NP_K_TEXT, .text = ts->lang->labels[NP_LABEL_SIGNED] };
    np_node space = { .kind = NP_K_TEXT, .text = " ", .len = 1 };
    np_node italic = { .kind = NP_K_I }, bold = { .kind = NP_K_B };
    np_node rest = *name;
    word.len = strlen(word.text);
    rest.kind = NP_K_INLINE;
    rest.next = NULL;
    np_node *signed_word = &word;
    if ((base ^ want) & NP_FONT_ITALIC) {
        italic.first = italic.last = signed_word;
        word.parent = &italic;
        signed_word = &italic;
    }
    if ((want & NP_FONT_BOLD) && !(base & NP_FONT_BOLD)) {
        bold.first = bold.last = signed_word;
        signed_word->parent = &bold;
        signed_word = &bold;
    }
    signed_word->next = &space;
    space.next = &rest;
    return np_para_set(ts, signed_word, spec, flow, NULL);
}

int np_signature_set(np_ts *ts, np_flow *flow, const np_node *sig,
                     double left, double width)
{
    np_para_spec spec = signature_spec(ts, left, width);
    spec.space_before = ts->layout->signature_before;
    size_t first = flow->n;
    for (const np_node *n = sig->first; n; n = n->next) {
        int rc = 0;
        if (n->kind == NP_K_NAME && !sig->not_signed)
            rc = signed_name(ts, flow, n, &spec);
        else if (n->kind == NP_K_NAME || n->kind == NP_K_ROLE)
            rc = np_para_set(ts, n->first, &spec, flow, NULL);
        else
            continue;
        if (rc < 0)
            return -1;
        spec.space_before = 0;
        flow->pending_space = 0;
    }
    /* the block stays together and leaves the paragraph's space after */
    if (flow->n > first)
        flow->lines[flow->n - 1].keep_with_next = false;
    flow->pending_space = ts->layout->para_space;
    return 0;
}

/* ---- summary box --------------------------------------------------- */

/* The sides of the frame, from each line up to the one before it; the
 * top and bottom rules on the first and last lines. */
static int frame_lines(np_ts *ts, np_flow *flow, size_t first)
{
    const np_layout *l = ts->layout;
    double x0 = l->body_left, x1 = l->body_left + l->body_width;
    for (size_t i = first; i < flow->n; i++) {
        np_line *line = &flow->lines[i];
        np_line_more *more = np_line_more_make(ts, line);
        if (!more)
            return -1;
        more->frame.width = l->summary_rule_width;
        more->frame.x0 = x0;
        more->frame.x1 = x1;
        more->frame.above = i == first ? l->summary_top
                                       : line->leading + line->space_before;
        if (i + 1 < flow->n)
            line->keep_with_next = true;
    }
    if (flow->n > first) {
        flow->lines[first].more->frame.top = true;
        flow->lines[flow->n - 1].more->frame.below = l->summary_bottom;
    }
    return 0;
}

int np_summary_set(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    const np_node *summary = ts->doc->summary;
    if (!summary)
        return 0;
    const char *heading = ts->lang->labels[NP_LABEL_SUMMARY];
    double pad = l->summary_padding;
    size_t first = flow->n;
    flow->pending_space = 0;
    /* the heading starts a tab in, where the box's paragraphs would
     * start their first lines (A/70/684) */
    if (np_flow_text_line(ts, flow, heading, l->summary_heading,
                          l->body_left + pad + l->tab,
                          l->summary_before + l->summary_top) < 0)
        return -1;
    flow->lines[first].keep_with_next = true;
    flow->pending_space = l->summary_heading_after;
    if (np_blocks_set(ts, flow, summary->first, l->body_left + pad,
                      l->body_width - 2 * pad) < 0)
        return -1;
    if (frame_lines(ts, flow, first) < 0)
        return -1;
    flow->pending_space = l->summary_after;
    return 0;
}

/* ---- symbols ----------------------------------------------------- */

const char *np_symbol_link(np_ts *ts, const np_node *sym)
{
    const char *templ = ts->layout->symbol_link;
    size_t len;
    if (!templ || !templ[0])
        return NULL;
    const char *url = np_expand(ts->arena, templ, "symbol",
                                np_doc_plain_text(ts->arena, sym), (char *)NULL);
    url = url ? np_doc_uri(ts->arena, url, &len) : NULL;
    if (!url)
        ts->failed = true;
    return url && len <= NP_MAX_PDF_STRING ? url : NULL;
}

/* ---- labels ------------------------------------------------------ */

/* One line of generated text as a title part (np_title_part). */
static int label_part(np_ts *ts, np_flow *flow, const char *text,
                      np_text_style style, double gap, double after)
{
    np_node holder = { .kind = NP_K_INLINE };
    np_node t = { .kind = NP_K_TEXT, .text = text, .len = strlen(text),
                  .parent = &holder };
    holder.first = holder.last = &t;
    return np_title_part(ts, flow, &holder, style, gap, after);
}

int np_kind_label_set(np_ts *ts, np_flow *flow)
{
    const np_layout *l = ts->layout;
    np_doc_kind kind = ts->doc->kind;
    if (kind != NP_DOC_CORRIGENDUM && kind != NP_DOC_ADDENDUM)
        return 0;
    const char *label = ts->lang->labels[kind == NP_DOC_CORRIGENDUM
                                         ? NP_LABEL_CORRIGENDUM : NP_LABEL_ADDENDUM];
    return label_part(ts, flow, label, l->kind_label, l->kind_label_gap,
                      l->title_block_after);
}

/* "[Original: French]" at the right margin, gap under the heading; the
 * annex's text keeps the space the heading left it. */
int np_annex_original_set(np_ts *ts, np_flow *flow, const np_node *annex)
{
    const np_layout *l = ts->layout;
    if (!annex->lang)
        return 0;
    const char *name = np_lang_annex_name_of(ts->lang, annex->lang);
    const char *line = np_expand(ts->arena, ts->lang->labels[NP_LABEL_ANNEX_ORIGINAL],
                                 "language", name ? name : annex->lang, (char *)NULL);
    if (!line)
        return -1;
    double after = flow->pending_space;
    double w = np_text_width(ts, l->annex_original, line, strlen(line));
    flow->pending_space = 0;
    if (np_flow_text_line(ts, flow, line, l->annex_original,
                          l->body_left + l->body_width - w,
                          l->annex_original_gap - l->annex_original.leading) < 0)
        return -1;
    if (flow->n > 1)
        flow->lines[flow->n - 2].keep_with_next = true;
    flow->pending_space = after;
    return 0;
}
