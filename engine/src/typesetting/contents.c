/*
 * contents.c - the table of contents of a report, where <contents/>
 * stands, and the numbers of sections it shares with their headings.
 *
 * As in UN reports (measured on ECE/TRANS/WP.29/2026/139, page 2): the
 * heading "Contents" in the style of an unnumbered first-level heading,
 * "Page" over the column of page numbers at the column's right edge,
 * then one
 * entry per section down to the depth asked (I., A., 1.) and one per
 * annex ("Annex I. Title"): the number hanging, the title wrapped in
 * its own column, a leader of periods from the end of the title to the
 * page column, and the page number set flush right in it. Each level's
 * number stands where the title of the level above starts.
 *
 * Page numbers are known only once the document is paginated; the
 * column keeps a fixed width for them and the
 * number is drawn late, when the page is (xref.c), so that no line of
 * the contents depends on it and no second pass of layout is needed.
 * Every entry is a live link to its section or annex.
 *
 * Tagged, the heading is an H2 beside the sections' and the contents
 * a TOC of TOCIs, each entry's words and page number a Link; "Page"
 * and the leaders are layout, not read.
 *
 * Not done here: right-to-left contents (Arabic sets them as
 * left-to-right entries for now).
 */
#include <stdio.h>
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

const char *np_section_number(np_ts *ts, const np_node *n, int depth, int index)
{
    if (n->number)
        return n->number[0] ? n->number : NULL;
    static const np_numstyle by_depth[] = { NP_NUM_ROMAN_UPPER,
                                            NP_NUM_ALPHA_UPPER, NP_NUM_DECIMAL };
    char num[32];
    int d = depth < 3 ? depth : 2;
    if (np_format_number(by_depth[d], index, num, sizeof num) < 0)
        return NULL;
    return np_arena_strdup(ts->arena, num);
}

typedef struct toc {
    np_ts *ts;
    np_flow *flow;
    double left, right;         /* the column */
    int depth;                  /* levels listed */
} toc;

static const np_node *title_of(const np_node *n)
{
    for (const np_node *c = n->first; c; c = c->next)
        if (c->kind == NP_K_TITLE)
            return c;
    return NULL;
}

/* The geometry of the contents comes from the body's: measured on the
 * Geneva page, a level-1 title stands 42.5 pt after its number, one and
 * a half tabs (28.35 pt); entries stand 18 pt apart, the body's leading
 * and its space between paragraphs; the page column is 37 pt, a tab and
 * room for two digits more than the leaders need; "Page" over it is
 * set in the footnotes' type, in italic (9 pt measured, 8.5 pt here). */
static double contents_indent(const np_layout *l)
{
    return 1.5 * l->tab;
}

static double page_column(np_ts *ts)
{
    return ts->layout->tab + np_plain_width(ts, ts->layout->body, "00", 2);
}

static np_text_style page_style(const np_layout *l)
{
    np_text_style st = l->footnote;
    st.font |= NP_FONT_ITALIC;
    return st;
}

/* Where the number of level `level` (0 first) stands, and its title:
 * measured on the Geneva page, 42.5 pt from a level-1 number to its
 * title (contents.indent), 28.08 pt, a tab, at the levels below, each
 * level's number where the title of the level above starts. */
static double number_x(const toc *t, int level)
{
    const np_layout *l = t->ts->layout;
    double x = t->left;
    return level == 0 ? x : x + contents_indent(l) + (level - 1) * l->tab;
}

static double title_x(const toc *t, int level)
{
    return level == 0 ? number_x(t, 0) + contents_indent(t->ts->layout)
                      : number_x(t, level) + t->ts->layout->tab;
}

/* The entry's lines link to the target; its last line gets the leader
 * and the page number's place. */
static int finish_entry(toc *t, size_t first, const np_node *target)
{
    np_ts *ts = t->ts;
    np_flow *f = t->flow;
    if (first >= f->n)
        return 0;
    const char *link = np_xref_link(ts, target);
    for (size_t i = first; i < f->n; i++)
        for (int k = 0; k < f->lines[i].nsegs; k++)
            f->lines[i].segs[k].link = link;
    np_line *last = &f->lines[f->n - 1];
    np_seg *segs = np_arena_alloc(ts->arena, (size_t)(last->nsegs + 2) * sizeof *segs);
    if (!segs)
        return -1;
    memcpy(segs, last->segs, (size_t)last->nsegs * sizeof *segs);
    double end = 0;
    for (int k = 0; k < last->nsegs; k++)
        if (segs[k].x + segs[k].width > end)
            end = segs[k].x + segs[k].width;
    np_text_style body = ts->layout->body;
    double page_x = t->right - page_column(ts);
    double dot = np_plain_width(ts, body, ".", 1);
    double gap = dot;
    int dots = dot > 0 && page_x - end - gap > 0 ? (int)((page_x - end - gap) / dot) : 0;
    char *leader = np_arena_alloc(ts->arena, (size_t)dots + 1);
    if (!leader)
        return -1;
    memset(leader, '.', (size_t)dots);
    leader[dots] = '\0';
    np_seg base = { .size = body.size, .tracking = body.tracking,
                    .scale = body.scale, .font = body.font, .link = link,
                    .tag = ts->tag };
    segs[last->nsegs] = base;
    segs[last->nsegs].link = NULL;
    segs[last->nsegs].tag = NP_MARK_LAYOUT;
    segs[last->nsegs].text = leader;
    segs[last->nsegs].len = (size_t)dots;
    segs[last->nsegs].width = np_plain_width(ts, body, leader, (size_t)dots);
    segs[last->nsegs].x = page_x - segs[last->nsegs].width;
    segs[last->nsegs + 1] = base;
    segs[last->nsegs + 1].text = "";
    segs[last->nsegs + 1].x = page_x;
    segs[last->nsegs + 1].width = page_column(ts);
    segs[last->nsegs + 1].late = target->target;
    last->segs = segs;
    last->nsegs += 2;
    return 0;
}

/* One entry: `label` hanging at label_x (or NULL), `text` from text_x,
 * wrapped short of the page column. */
static int entry(toc *t, const char *label, double label_x, const char *text,
                 double text_x, double rest_x, const np_node *target)
{
    np_ts *ts = t->ts;
    const np_layout *l = ts->layout;
    double stop = t->right - page_column(ts) - 2 * l->tab / 3;
    np_para_spec spec = {
        .style = l->body, .first_x = text_x, .first_width = stop - text_x,
        .rest_x = rest_x, .rest_width = stop - rest_x, .label = label,
        .label_style = l->body, .label_x = label_x,
        .space_before = l->para_space, .keep_together = true,
    };
    np_node words = { .kind = NP_K_TEXT, .pos = target->pos, .text = text,
                      .len = strlen(text) };
    size_t first = t->flow->n;
    int outer = np_tag_enter(ts, "TOCI");
    np_tag_enter(ts, "Link");
    int rc = np_para_set(ts, &words, &spec, t->flow, NULL);
    if (rc == 0)
        rc = finish_entry(t, first, target);
    np_tag_leave(ts, outer);
    return rc;
}

static int sections(toc *t, const np_node *parent, int level);

static int section_entry(toc *t, const np_node *s, int level, int index)
{
    np_ts *ts = t->ts;
    const char *num = np_section_number(ts, s, level, index);
    const np_node *title = title_of(s);
    const char *text = title ? np_doc_plain_text(ts->arena, title) : "";
    const char *label = num ? np_arena_printf(ts->arena, "%s.", num) : NULL;
    if (!text || entry(t, label, number_x(t, level), text, title_x(t, level),
                       title_x(t, level), s) < 0)
        return -1;
    return level + 1 < t->depth ? sections(t, s, level + 1) : 0;
}

static int sections(toc *t, const np_node *parent, int level)
{
    int index = 0;
    for (const np_node *n = parent->first; n; n = n->next)
        if (n->kind == NP_K_SECTION && section_entry(t, n, level, ++index) < 0)
            return -1;
    return 0;
}

static int annex_entry(toc *t, const np_node *a)
{
    np_ts *ts = t->ts;
    const char *const *labels = ts->lang->labels;
    char num[32];
    np_format_number(NP_NUM_ROMAN_UPPER, a->seq, num, sizeof num);
    const char *label = ts->doc->annex_count == 1 ? labels[NP_LABEL_ANNEX]
        : np_expand(ts->arena, labels[NP_LABEL_ANNEX_NUMBERED], "number", num,
                    (char *)NULL);
    const np_node *title = title_of(a);
    const char *text = title
        ? np_arena_printf(ts->arena, "%s. %s", label, np_doc_plain_text(ts->arena, title))
        : label;
    return text ? entry(t, NULL, 0, text, number_x(t, 0), title_x(t, 0), a) : -1;
}

/* "Contents", then "Page" flush right over the page column. */
static int contents_head(toc *t)
{
    np_ts *ts = t->ts;
    const np_layout *l = ts->layout;
    const char *const *labels = ts->lang->labels;
    int outer = np_tag_enter(ts, np_tag_heading(1));
    int rc = np_flow_text_line(ts, t->flow, labels[NP_LABEL_CONTENTS], l->heading[0],
                               t->left, l->heading_before[0]);
    np_tag_leave(ts, outer);
    if (rc < 0)
        return -1;
    t->flow->lines[t->flow->n - 1].keep_with_next = true;
    const char *page = labels[NP_LABEL_CONTENTS_PAGE];
    double w = np_text_width(ts, page_style(l), page, strlen(page));
    ts->tag = ts->tagged ? NP_MARK_LAYOUT : 0;      /* a column head, not read */
    rc = np_flow_text_line(ts, t->flow, page, page_style(l), t->right - w,
                           l->heading_after[0]);
    np_tag_leave(ts, outer);
    if (rc < 0)
        return -1;
    t->flow->lines[t->flow->n - 1].keep_with_next = true;
    return 0;
}

/* The contents span the text column: numbers at its left edge, pages
 * flush with its right edge. (Geneva's reports widen them to the
 * frame; New York's, like the rest of their text, keep to the column.) */
int np_contents_set(np_ts *ts, np_flow *flow, const np_node *n)
{
    const np_layout *l = ts->layout;
    toc t = { .ts = ts, .flow = flow, .left = l->body_left,
              .right = l->body_left + l->body_width,
              .depth = n->depth > 0 ? n->depth : 2 };
    if (contents_head(&t) < 0)
        return -1;
    int outer = np_tag_enter(ts, "TOC");
    int rc = sections(&t, ts->doc->body, 0);
    for (const np_node *a = ts->doc->annexes; a && rc == 0; a = a->next)
        rc = annex_entry(&t, a);
    np_tag_leave(ts, outer);
    flow->pending_space = ts->layout->para_space;
    return rc;
}
