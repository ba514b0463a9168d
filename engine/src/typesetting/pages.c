/*
 * pages.c - pages to back-end calls: the lines and notes placed by
 * paginate.c, plus what the page itself carries.
 *
 * Pages 2 onwards carry the running header (the symbol) and a footer
 * with the page and job numbers, each item on the side of the frame the
 * layout gives it (left, right, or outside and inside, which swap
 * between even and odd pages); page 1 carries the masthead instead
 * (masthead.c), drawn with the helpers for text of the page furniture
 * kept here (painter.h). The last page ends with the short
 * end-of-document rule.
 *
 * The page of a right-to-left language is the mirror image, about the
 * axis of the body's column: running heads and page numbers on the
 * other side.
 *
 * In a tagged PDF, each drawing is marked with what it is to a reader
 * (np_tag_mark): a line's segments with their structure elements, and
 * the rest as page furniture: running heads, page numbers and table
 * headers repeated on a new page as pagination, rules and the footnote
 * separator as layout.
 *
 * What the lines point to is released behind the pages as they are
 * drawn: after each page, the blocks of ts->lines older than every line
 * a later page draws (its own, repeated table headers and notes, and
 * footnotes) go, so the segments of the whole document are never all
 * held beside the drawn pages.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "typesetting/painter.h"

/* One segment of a line, its left edge at x + s->x. */
static int draw_run(np_ts *ts, np_out *out, const np_seg *s, double x, double y,
                    unsigned color)
{
    if (s->len == 0)
        return 0;
    const np_seg_more *m = np_seg_more_of(s);
    np_out_text run = { .font = s->font, .size = s->size, .x = x + s->x,
                        .y = y - s->rise, .text = s->text, .len = s->len,
                        .space_extra = s->space_extra, .tracking = s->tracking,
                        .scale = s->scale, .color = color,
                        .glyphs = m->glyphs, .nglyphs = (size_t)m->nglyphs,
                        .silent = m->silent, .actual = m->actual,
                        .actual_from = m->actual_from,
                        .space_after = s->space_after };
    if (!m->glyphs)
        run.kern = np_text_kerns(ts, np_seg_style(s), s->text, s->len);
    return out->ops->text(out->self, &run);
}

int np_draw_text(np_ts *ts, np_out *out, const char *text, np_text_style st,
                 double x, double y, bool rtl)
{
    int n;
    double width;
    np_seg *segs = np_text_segs(ts, st, text, strlen(text), rtl, &n, &width);
    if (!segs)
        return -1;
    for (int k = 0; k < n; k++)
        if (draw_run(ts, out, &segs[k], x, y, 0) < 0)
            return -1;
    return 0;
}

/* Text of the page furniture: right to left when it holds text of a
 * right-to-left language (the Arabic organ), left to right when it is
 * plain (the distribution block, which stays in English). */
void np_paint_text_at(painter *p, const char *text, np_text_style st,
                      double x, double y)
{
    if (p->rc || !text || !text[0])
        return;
    bool rtl = p->ts->lang->rtl && np_text_needs_runs(text, strlen(text));
    if (np_draw_text(p->ts, p->out, text, st, x, y, rtl) < 0)
        p->rc = -1;
}

double np_paint_width(painter *p, const char *text, np_text_style st)
{
    return np_text_width(p->ts, st, text, strlen(text));
}

/* The left edge, on the page, of a box of width w whose left edge is x
 * on a left-to-right page. */
double np_paint_page_x(const painter *p, double x, double w)
{
    return p->mirror ? np_mirror_axis2(p->ts->layout, p->landscape) - x - w : x;
}

/* np_paint_text_at, for a place given as on a left-to-right page. */
void np_paint_text_placed(painter *p, const char *text, np_text_style st,
                          double x, double y)
{
    if (text && text[0])
        np_paint_text_at(p, text, st,
                         np_paint_page_x(p, x, np_paint_width(p, text, st)), y);
}

/* `st`, smaller if need be so that `text` fits in `room` points: a field
 * of the page furniture (the symbol, a job number) longer than its
 * place is set smaller rather than run off the page or over its
 * neighbours. The first time, a warning says so. */
void np_paint_shrunk(painter *p, np_field field, const char *text,
                     double from, double to)
{
    if (!(p->shrunk & field))
        np_report(p->ts->diags, p->ts->file, (np_pos){ 0, 0 }, NP_MSG_SHRUNK,
                  text, strlen(text) > 40 ? "..." : "", to, from);
    p->shrunk |= field;
}

np_text_style np_paint_fit(painter *p, np_field field, const char *text,
                           np_text_style st, double room)
{
    double w = np_paint_width(p, text, st);
    if (w <= room || w <= 0)
        return st;
    double size = st.size * (room > 0 ? room : 0) / w;
    np_paint_shrunk(p, field, text, st.size, size);
    st.tracking *= size / st.size;      /* the whole width scales */
    st.size = size;
    return st;
}

static void text_right(painter *p, const char *text, np_text_style st,
                       double right, double y)
{
    np_paint_text_at(p, text, st, right - np_paint_width(p, text, st), y);
}

/* What is drawn next belongs to structure element `elem`, or is page
 * furniture (NP_MARK_*). */
void np_paint_mark(painter *p, int elem)
{
    if (!p->rc)
        p->rc = np_tag_mark(p->ts, p->out, elem);
}

/* A rule of width 0 is one the layout does not want drawn (a PDF line
 * of width 0 would still print, one device pixel thin). Rules are
 * layout to a reader. */
void np_paint_rule(painter *p, double x0, double x1, double y, double w)
{
    np_paint_mark(p, NP_MARK_LAYOUT);
    if (!p->rc && w > 0)
        p->rc = p->out->ops->rule(p->out->self, x0, y, x1, y, w);
}

/* The fields a header or footer template may use: {symbol}, {page},
 * {pages}, {job}, {lang-letter}, {date}. */
const char *np_paint_template(painter *p, const char *templ, int page)
{
    np_ts *ts = p->ts;
    const np_doc *d = ts->doc;
    char num[16], total[16];
    snprintf(num, sizeof num, "%d", page);
    snprintf(total, sizeof total, "%d", p->page_count);
    const char *date = d->date.year
        ? np_format_date(ts->arena, ts->lang, d->date.year, d->date.month, d->date.day) : "";
    return np_expand(ts->arena, templ, "symbol", d->symbol, "page", num,
                     "pages", total, "job", d->job ? d->job : "",
                     "lang-letter", ts->lang->letter, "date", date, (char *)NULL);
}

/* ---- lines ------------------------------------------------------- */

static void draw_seg(painter *p, const np_seg *seg, double y)
{
    np_seg late;
    const np_seg *s = seg;
    if (seg->late) {
        late = np_xref_late_seg(p->ts, seg);
        s = &late;
    }
    if (p->rc || s->len == 0)
        return;
    np_paint_mark(p, p->furniture ? NP_MARK_PAGINATION : s->tag);
    if (p->rc)
        return;
    /* links inside the document ("#t3": contents, xrefs) stay black,
     * as in UN reports; links out of it are the layout's colour */
    bool outside = s->link && s->link[0] != '#';
    p->rc = draw_run(p->ts, p->out, s, 0, y,
                     outside ? p->ts->layout->link_color : 0);
    if (!p->rc && s->link && !p->furniture && np_xref_link_live(p->ts, s->link))
        p->rc = p->out->ops->link(p->out->self, s->x, y - s->size * 0.8,
                                  s->x + s->width, y + s->size * 0.25, s->link);
}

/* The part of a frame a line carries: its sides, and the rules across
 * above the first line and below the last. A frame a page break cuts
 * is closed on each page, as Word draws a bordered box: above the
 * first line of the next page as above its first, below the last
 * line of the page as below its last. */
static void draw_frame(painter *p, const np_line_more *l, double y,
                       bool page_first, bool page_last)
{
    double w = l->frame.width, top = y - l->frame.above, bottom = y + l->frame.below;
    if (w <= 0 || p->rc)
        return;
    if (page_first && !l->frame.top)
        top = y - p->ts->layout->summary_top;
    if (page_last && l->frame.below <= 0)
        bottom = y + p->ts->layout->summary_bottom;
    if (l->frame.top || page_first)
        np_paint_rule(p, l->frame.x0, l->frame.x1, top + w / 2, w);
    if (l->frame.below > 0 || page_last)
        np_paint_rule(p, l->frame.x0, l->frame.x1, bottom - w / 2, w);
    if (!p->rc)
        p->rc = p->out->ops->rule(p->out->self, l->frame.x0 + w / 2, top,
                                  l->frame.x0 + w / 2, bottom, w);
    if (!p->rc)
        p->rc = p->out->ops->rule(p->out->self, l->frame.x1 - w / 2, top,
                                  l->frame.x1 - w / 2, bottom, w);
}

/* A line of the page, `first` or `last` on it or neither. */
static void draw_line_at(painter *p, const np_line *l, double y, bool first,
                         bool last)
{
    const np_line_more *m = np_line_more_of(l);
    if (m->image && !p->rc && p->out->ops->image) {
        np_paint_mark(p, p->furniture ? NP_MARK_PAGINATION : m->image_tag);
        if (!p->rc)
            p->rc = p->out->ops->image(p->out->self, m->image, m->image_x,
                                       y - m->image_h, m->image_w, m->image_h);
    }
    for (int k = 0; k < l->nsegs; k++)
        draw_seg(p, &l->segs[k], y);
    /* np_paint_rule() strokes along the middle of the rule: offset by half its
     * width from the top edge the line gives */
    double above = m->rule_above.width, below = m->rule_below.width;
    np_paint_rule(p, m->rule_x0, m->rule_x1,
                  y - m->rule_above.gap + above / 2, above);
    np_paint_rule(p, m->rule_x0, m->rule_x1,
                  y + m->rule_below.gap + below / 2, below);
    draw_frame(p, m, y, first, last);
    if (l->bookmark && !p->rc)
        p->rc = p->out->ops->bookmark(p->out->self, l->bookmark_level,
                                      l->bookmark, y - l->leading);
}

static void draw_line(painter *p, const np_line *l, double y)
{
    draw_line_at(p, l, y, false, false);
}

/* ---- notes ------------------------------------------------------- */

static double page_bottom(const painter *p, int page)
{
    const np_layout *l = p->ts->layout;
    return page == 1 ? l->first_page_body_bottom
           : p->landscape ? l->landscape_bottom : l->body_bottom;
}

static void draw_notes(painter *p, const np_page *pg, int page)
{
    np_ts *ts = p->ts;
    const np_layout *l = ts->layout;
    if (pg->nnotes == 0)
        return;
    int lines = 0;
    for (int k = 0; k < pg->nnotes; k++)
        lines += (int)pg->notes[k].count;
    double leading = l->footnote.leading;
    double sep = page_bottom(p, page) - np_style_depth(ts, l->footnote)
                 - (lines - 1) * leading - (pg->nnotes - 1) * l->note_space
                 - l->separator_gap;
    /* the separator: a text on baseline `sep`, or a rule whose top
     * edge is there (np_paint_rule() strokes along its middle) */
    double x = l->body_left + l->separator_indent;
    np_paint_mark(p, NP_MARK_LAYOUT);
    np_paint_text_placed(p, l->separator, l->separator_style, x, sep);
    x = np_paint_page_x(p, x, l->separator_length);
    np_paint_rule(p, x, x + l->separator_length,
                  sep + l->separator_rule_width / 2, l->separator_rule_width);
    double y = sep + l->separator_gap;
    for (int k = 0; k < pg->nnotes; k++) {
        const np_note_part *part = &pg->notes[k];
        for (size_t i = 0; i < part->count; i++) {
            const np_line *nl = &ts->notes_flow.lines[part->first + i];
            for (int s = 0; s < nl->nsegs; s++)
                draw_seg(p, &nl->segs[s], y);
            y += leading;
        }
        y += l->note_space;
    }
}
/* ---- pages 2.. ----------------------------------------------------- */

/* A running header or footer item: its text, type, side, and the
 * field it is reported as when set smaller. */
typedef struct running_item {
    const char *text;
    np_text_style style;
    int side;                   /* np_side */
    np_field field;
    double baseline;
} running_item;

static bool on_right(int side, int page)
{
    bool odd = page % 2 == 1;
    return side == NP_SIDE_RIGHT || (side == NP_SIDE_OUTSIDE && odd)
           || (side == NP_SIDE_INSIDE && !odd);
}

/* Sets the items of one line of a running header or footer, each on
 * its side of the frame: the first item given for a side sits `inset`
 * in from the frame's edge, the next one `gap` further in, and so on.
 * An item longer than the room left between the two sides is set
 * smaller. */
static void draw_running_items(painter *p, const running_item *items, int n,
                               double gap, double inset, int page)
{
    const np_layout *l = p->ts->layout;
    double left = l->frame_left + inset, right = l->frame_right - inset;
    for (int k = 0; k < n; k++) {
        const running_item *it = &items[k];
        if (!it->text || !it->text[0])
            continue;
        np_text_style st = np_paint_fit(p, it->field, it->text, it->style,
                                        right - left);
        double w = np_paint_width(p, it->text, st);
        if (on_right(it->side, page) != p->mirror) {
            text_right(p, it->text, st, right, it->baseline);
            right -= w + gap;
        } else {
            np_paint_text_at(p, it->text, st, left, it->baseline);
            left += w + gap;
        }
    }
}

/* The title of an adopted text of the General Assembly or ECOSOC,
 * beside the symbol in the running header, when the two fit on the
 * line with two ems between them (A/RES/75/312 shows its title there;
 * A/RES/73/6, whose title takes three lines, shows none); NULL
 * otherwise. */
static const char *header_title(painter *p, const char *symbol)
{
    np_ts *ts = p->ts;
    const np_doc *d = ts->doc;
    const np_layout *l = ts->layout;
    if (!np_doc_adopted(d) || d->organ_kind == NP_ORGAN_SC || !d->title)
        return NULL;
    const char *title = np_doc_plain_text(ts->arena, d->title);
    if (!title || !title[0])
        return NULL;
    double room = l->frame_right - l->frame_left - 2 * l->header.size
                  - np_paint_width(p, symbol, l->header);
    return np_paint_width(p, title, l->header) <= room ? title : NULL;
}

/* Pages 2 onwards: the header over its rule, and the footer's page and
 * job numbers, each on the side its layout field says (Vienna: the job
 * number a little higher than the page number, both set in from the
 * frame the header spans). */
static void draw_running(painter *p, int page)
{
    const np_layout *l = p->ts->layout;
    const char *symbol = np_paint_template(p, l->header_text, page);
    double baseline = p->turned ? l->landscape_header_baseline : l->header_baseline;
    running_item head[] = {
        { symbol, l->header, l->header_side, F_HEADER, baseline },
        { header_title(p, symbol), l->header, l->header_title_side, F_HEADER,
          baseline },
    };
    np_paint_mark(p, NP_MARK_PAGINATION);
    draw_running_items(p, head, 2, 2 * l->header.size, 0, page);
    np_paint_rule(p, l->frame_left, l->frame_right, l->header_rule_y,
                  l->header_rule_width);
    running_item foot[] = {
        { np_paint_template(p, l->footer_page_text, page), l->footer_page,
          l->footer_page_side, F_FOOTER, l->footer_baseline },
        { np_paint_template(p, l->footer_job_text, page), l->footer_job,
          l->footer_job_side, F_FOOTER, l->footer_baseline - l->footer_job_raise },
    };
    np_paint_mark(p, NP_MARK_PAGINATION);
    draw_running_items(p, foot, 2, l->footer_gap, l->footer_inset, page);
}

static void draw_end_mark(painter *p, const np_page *pg)
{
    const np_layout *l = p->ts->layout;
    if (pg->count == 0)
        return;
    double y = pg->y[pg->count - 1] + l->end_mark_gap;
    double x = l->body_left + (l->body_width - l->end_mark_length) / 2;
    np_paint_rule(p, x, x + l->end_mark_length, y, l->end_mark_width);
}
/* The texts of the page furniture, measured once before the back end
 * begins: a face they need that no line of the body used (the Arabic
 * bold of the organ, the recycling label) is then loaded, and in the
 * list of faces the back end is given. */
void np_pages_prepare(np_ts *ts)
{
    const np_layout *l = ts->layout;
    painter p = { .ts = ts, .page_count = 1 };
    np_masthead_measure(&p);
    const struct { const char *text; np_text_style style; } texts[] = {
        { np_paint_template(&p, l->header_text, 2), l->header },
        { np_paint_template(&p, l->footer_page_text, 2), l->footer_page },
        { np_paint_template(&p, l->footer_job_text, 2), l->footer_job },
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i].text)
            np_paint_width(&p, texts[i].text, texts[i].style);
}

/* Page 1's masthead, or the running header and footer: on a landscape
 * page those of the portrait page, turned with it (as UN reports turn
 * them: the header along the right edge, reading downwards). */
static void draw_furniture(painter *p, const np_page *pg, int k)
{
    if (k == 0) {
        np_masthead_draw(p);
        return;
    }
    np_out *out = p->out;
    if (pg->landscape && !p->rc)
        p->rc = out->ops->turn(out->self, true);
    p->landscape = false;
    p->turned = pg->landscape;
    draw_running(p, k + 1);
    p->turned = false;
    p->landscape = pg->landscape;
    if (pg->landscape && !p->rc)
        p->rc = out->ops->turn(out->self, false);
}

static int draw_pages(np_ts *ts, const np_flow *flow, const np_pages *pages,
                      np_out *out, const np_arena_mark *need)
{
    painter p = { .ts = ts, .out = out, .page_count = pages->n,
                  .mirror = ts->lang->rtl };
    const np_layout *l = ts->layout;
    int target = 0;
    for (int k = 0; k < pages->n && !p.rc; k++) {
        const np_page *pg = &pages->pages[k];
        if (np_ts_stopped(ts))
            return -1;
        p.rc = pg->landscape
               ? out->ops->begin_page(out->self, l->page_height, l->page_width)
               : out->ops->begin_page(out->self, l->page_width, l->page_height);
        draw_furniture(&p, pg, k);
        if (!p.rc)
            p.rc = np_xref_dests(ts, out, k, &target);
        /* a table's header rows, repeated: read once, where they are set */
        p.furniture = true;
        for (int i = 0; i < pg->repeat_count; i++)
            draw_line(&p, &flow->lines[pg->repeat_first + (size_t)i], pg->repeat_y[i]);
        p.furniture = false;
        for (size_t i = 0; i < pg->count; i++)
            draw_line_at(&p, &flow->lines[pg->first + i], pg->y[i], i == 0,
                         i + 1 == pg->count);
        /* a table's notes, repeated under its rows: read where they are
         * set, after its last row */
        p.furniture = true;
        for (int i = 0; i < pg->foot_count; i++)
            draw_line(&p, &flow->lines[pg->foot_first + (size_t)i], pg->foot_y[i]);
        p.furniture = false;
        draw_notes(&p, pg, k + 1);
        if (k + 1 == pages->n)
            draw_end_mark(&p, pg);
        if (!p.rc)
            p.rc = out->ops->end_page(out->self);
        np_arena_release(ts->lines, need[k + 1]);
    }
    return p.rc ? -1 : 0;
}

static np_arena_mark oldest(np_arena_mark m, const np_line *lines,
                            size_t first, size_t n)
{
    for (size_t i = first; i < first + n; i++)
        if (lines[i].mark < m)
            m = lines[i].mark;
    return m;
}

static np_arena_mark oldest_on(const np_ts *ts, const np_flow *flow,
                               const np_page *pg)
{
    np_arena_mark m = oldest(UINT_MAX, flow->lines, pg->first, pg->count);
    m = oldest(m, flow->lines, pg->repeat_first, (size_t)pg->repeat_count);
    m = oldest(m, flow->lines, pg->foot_first, (size_t)pg->foot_count);
    for (int k = 0; k < pg->nnotes; k++)
        m = oldest(m, ts->notes_flow.lines, pg->notes[k].first,
                   pg->notes[k].count);
    return m;
}

/* For each page, the oldest mark of ts->lines that it or a page after
 * it needs: what may be released once the page before it is drawn. */
static np_arena_mark *marks_needed(np_ts *ts, const np_flow *flow,
                                   const np_pages *pages)
{
    size_t n = (size_t)pages->n;
    np_arena_mark *need = np_mem_alloc(ts->alloc, (n + 1) * sizeof *need);
    if (!need)
        return NULL;
    need[n] = np_arena_mark_now(ts->lines);
    for (size_t k = n; k-- > 0;) {
        np_arena_mark m = oldest_on(ts, flow, &pages->pages[k]);
        need[k] = m < need[k + 1] ? m : need[k + 1];
    }
    return need;
}

int np_pages_draw(np_ts *ts, const np_flow *flow, const np_pages *pages,
                  np_out *out)
{
    np_arena_mark *need = marks_needed(ts, flow, pages);
    if (!need)
        return -1;
    int rc = draw_pages(ts, flow, pages, out, need);
    np_mem_free(ts->alloc, need);
    return rc;
}
