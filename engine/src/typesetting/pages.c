/*
 * pages.c - pages to back-end calls: the lines and notes placed by
 * paginate.c, plus what the page itself carries.
 *
 * Page 1 carries the masthead (organisation, symbol with its first
 * component larger, organ, distribution block, rules) and the footer
 * with the job number, language letter and Code 39 barcode. Later pages
 * carry the running header (the symbol) and a footer with the page and
 * job numbers, each item on the side of the frame the layout gives it
 * (left, right, or outside and inside, which swap between even and odd
 * pages). The last page ends with the short end-of-document rule.
 *
 * The page of a right-to-left language is the mirror image, about the
 * axis of the body's column: organisation and organ on the right with
 * the emblem beside them, the symbol on the left, the distribution
 * block (which stays in English, left to right) on the left, running
 * heads and page numbers on the other side. The job number, its
 * barcode, the QR code and the recycling mark keep their places.
 *
 * In a tagged PDF, each drawing is marked with what it is to a reader
 * (np_tag_mark): a line's segments with their structure elements, the
 * masthead's parts with elements made here (P, the emblem and QR code
 * as Figures), and the rest as page furniture: running heads, page
 * and job numbers, the barcode and table headers repeated on a new
 * page as pagination, rules and the footnote separator as layout.
 */
#include <stdio.h>
#include <string.h>

#include "typesetting/barcode.h"
#include "typesetting/typeset.h"

typedef struct painter {
    np_ts *ts;
    np_out *out;
    int page_count;
    int rc;
    bool mirror;                /* a right-to-left page */
    unsigned shrunk;            /* fields set smaller (bits of np_field):
                                   each is warned about once */
    bool furniture;             /* lines drawn now are page furniture */
    bool landscape;             /* the page being drawn is a turned one */
    bool turned;                /* its furniture is being drawn, turned */
} painter;

/* The fields of the page furniture that may have to be set smaller. */
typedef enum np_field {
    F_SYMBOL = 1, F_ORGAN = 2, F_JOB = 4, F_HEADER = 8, F_FOOTER = 16,
    F_ORG = 32, F_DISTRIBUTION = 64
} np_field;

/* One segment of a line, its left edge at x + s->x. */
static int draw_run(np_ts *ts, np_out *out, const np_seg *s, double x, double y,
                    unsigned color)
{
    if (s->len == 0)
        return 0;
    np_out_text run = { .font = s->font, .size = s->size, .x = x + s->x,
                        .y = y - s->rise, .text = s->text, .len = s->len,
                        .space_extra = s->space_extra, .tracking = s->tracking,
                        .scale = s->scale, .color = color,
                        .glyphs = s->glyphs, .nglyphs = (size_t)s->nglyphs,
                        .silent = s->silent, .actual = s->actual,
                        .actual_from = s->actual_from,
                        .space_after = s->space_after };
    if (!s->glyphs)
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
static void text_at(painter *p, const char *text, np_text_style st, double x,
                    double y)
{
    if (p->rc || !text || !text[0])
        return;
    bool rtl = p->ts->lang->rtl && np_text_needs_runs(text, strlen(text));
    if (np_draw_text(p->ts, p->out, text, st, x, y, rtl) < 0)
        p->rc = -1;
}

static double width_of(painter *p, const char *text, np_text_style st)
{
    return np_text_width(p->ts, st, text, strlen(text));
}

/* The left edge, on the page, of a box of width w whose left edge is x
 * on a left-to-right page. */
static double page_x(const painter *p, double x, double w)
{
    const np_layout *l = p->ts->layout;
    double column = p->landscape ? np_landscape_width(l) : l->body_width;
    return p->mirror ? 2 * l->body_left + column - x - w : x;
}

/* text_at, for a place given as on a left-to-right page. */
static void text_placed(painter *p, const char *text, np_text_style st,
                        double x, double y)
{
    if (text && text[0])
        text_at(p, text, st, page_x(p, x, width_of(p, text, st)), y);
}

/* `st`, smaller if need be so that `text` fits in `room` points: a field
 * of the page furniture (the symbol, a job number) longer than its
 * place is set smaller rather than run off the page or over its
 * neighbours. The first time, a warning says so. */
static void shrunk(painter *p, np_field field, const char *text, double from,
                   double to)
{
    if (!(p->shrunk & field))
        np_report(p->ts->diags, p->ts->file, (np_pos){ 0, 0 }, NP_MSG_SHRUNK,
                  text, strlen(text) > 40 ? "..." : "", to, from);
    p->shrunk |= field;
}

static np_text_style fit(painter *p, np_field field, const char *text,
                         np_text_style st, double room)
{
    double w = width_of(p, text, st);
    if (w <= room || w <= 0)
        return st;
    double size = st.size * (room > 0 ? room : 0) / w;
    shrunk(p, field, text, st.size, size);
    st.tracking *= size / st.size;      /* the whole width scales */
    st.size = size;
    return st;
}

static void text_right(painter *p, const char *text, np_text_style st,
                       double right, double y)
{
    text_at(p, text, st, right - width_of(p, text, st), y);
}

/* What is drawn next belongs to structure element `elem`, or is page
 * furniture (NP_MARK_*). */
static void mark(painter *p, int elem)
{
    if (!p->rc)
        p->rc = np_tag_mark(p->ts, p->out, elem);
}

/* The masthead's `text` as a paragraph of its own, drawn next. */
static void mark_text(painter *p, const char *text)
{
    if (text && text[0])
        mark(p, np_tag_text(p->ts, 0, "P", text));
}

/* A rule of width 0 is one the layout does not want drawn (a PDF line
 * of width 0 would still print, one device pixel thin). Rules are
 * layout to a reader. */
static void rule(painter *p, double x0, double x1, double y, double w)
{
    mark(p, NP_MARK_LAYOUT);
    if (!p->rc && w > 0)
        p->rc = p->out->ops->rule(p->out->self, x0, y, x1, y, w);
}

/* The fields a header or footer template may use: {symbol}, {page},
 * {pages}, {job}, {lang-letter}, {date}. */
static const char *fill_template(painter *p, const char *templ, int page)
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
    mark(p, p->furniture ? NP_MARK_PAGINATION : s->tag);
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
static void draw_frame(painter *p, const np_line *l, double y, bool page_first,
                       bool page_last)
{
    double w = l->frame.width, top = y - l->frame.above, bottom = y + l->frame.below;
    if (w <= 0 || p->rc)
        return;
    if (page_first && !l->frame.top)
        top = y - p->ts->layout->summary_top;
    if (page_last && l->frame.below <= 0)
        bottom = y + p->ts->layout->summary_bottom;
    if (l->frame.top || page_first)
        rule(p, l->frame.x0, l->frame.x1, top + w / 2, w);
    if (l->frame.below > 0 || page_last)
        rule(p, l->frame.x0, l->frame.x1, bottom - w / 2, w);
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
    if (l->image && !p->rc && p->out->ops->image) {
        mark(p, p->furniture ? NP_MARK_PAGINATION : l->image_tag);
        if (!p->rc)
            p->rc = p->out->ops->image(p->out->self, l->image, l->image_x,
                                       y - l->image_h, l->image_w, l->image_h);
    }
    for (int k = 0; k < l->nsegs; k++)
        draw_seg(p, &l->segs[k], y);
    /* rule() strokes along the middle of the rule: offset by half its
     * width from the top edge the line gives */
    double above = l->rule_above.width, below = l->rule_below.width;
    rule(p, l->rule_x0, l->rule_x1, y - l->rule_above.gap + above / 2, above);
    rule(p, l->rule_x0, l->rule_x1, y + l->rule_below.gap + below / 2, below);
    draw_frame(p, l, y, first, last);
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
     * edge is there (rule() strokes along its middle) */
    double x = l->body_left + l->separator_indent;
    mark(p, NP_MARK_LAYOUT);
    text_placed(p, l->separator, l->separator_style, x, sep);
    x = page_x(p, x, l->separator_length);
    rule(p, x, x + l->separator_length, sep + l->separator_rule_width / 2,
         l->separator_rule_width);
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

/* ---- page 1 ------------------------------------------------------ */

static void draw_symbol(painter *p)
{
    const np_layout *l = p->ts->layout;
    const char *sym = p->ts->doc->symbol;
    const char *slash = strchr(sym, '/');
    size_t head = slash ? (size_t)(slash - sym) : strlen(sym);
    np_text_style big = { NP_FONT_REGULAR, l->symbol_big_size, 0, 0, 1 };
    np_text_style small = { NP_FONT_REGULAR, l->symbol_size, 0, 0, 1 };
    const char *rest = sym + head;
    char *first = np_arena_strndup(p->ts->arena, sym, head);
    if (!first) {
        p->rc = -1;
        return;
    }
    /* Room: from past the organisation's name to the frame. */
    const char *org = p->ts->lang->labels[NP_LABEL_UNITED_NATIONS];
    double room = l->frame_right - l->org_x - width_of(p, org, l->org) - l->symbol_size;
    double whole = width_of(p, first, big) + width_of(p, rest, small);
    if (whole > room) {
        double scale = room > 0 ? room / whole : 0;
        shrunk(p, F_SYMBOL, sym, small.size, small.size * scale);
        big.size *= scale;
        small.size *= scale;
    }
    /* the symbol reads left to right on either page: the whole of it
     * moves to the other side */
    double wr = width_of(p, rest, small), wf = width_of(p, first, big);
    double x = l->frame_right - wr - wf;
    x = page_x(p, x, wf + wr);
    mark_text(p, sym);
    text_at(p, first, big, x, l->symbol_baseline);
    text_at(p, rest, small, x + wf, l->symbol_baseline);
}

/* The organ name in large bold, wrapped before the distribution block. */
static void draw_organ(painter *p)
{
    const np_layout *l = p->ts->layout;
    const char *organ = p->ts->doc->organ;
    if (!organ)
        return;
    double max = l->distr_x - l->organ_x - l->organ.size / 2;
    mark_text(p, organ);
    char *copy = np_arena_strdup(p->ts->arena, organ);
    double y = l->organ_baseline;
    char *line = copy, *cut = NULL;
    while (line && *line) {
        char *space = strchr(cut ? cut + 1 : line, ' ');
        if (space)
            *space = '\0';
        bool fits = width_of(p, line, l->organ) <= max;
        if (space)
            *space = ' ';
        if ((!fits && cut) || !space) {
            if (!fits && cut) {
                *cut = '\0';
                text_placed(p, line, fit(p, F_ORGAN, line, l->organ, max), l->organ_x, y);
                y += l->organ.leading;
                line = cut + 1;
                cut = NULL;
                continue;
            }
            text_placed(p, line, fit(p, F_ORGAN, line, l->organ, max), l->organ_x, y);
            break;
        }
        cut = space;
    }
}

static const char *distribution_label(const np_ts *ts)
{
    switch (ts->doc->distribution) {
    case NP_DISTR_GENERAL: return ts->lang->labels[NP_LABEL_DISTR_GENERAL];
    case NP_DISTR_LIMITED: return ts->lang->labels[NP_LABEL_DISTR_LIMITED];
    case NP_DISTR_RESTRICTED: return ts->lang->labels[NP_LABEL_DISTR_RESTRICTED];
    case NP_DISTR_NONE: break;
    }
    return NULL;
}

/* "Original: English/French": the names of the original languages,
 * which the renderer checked the language file has; with the marks of
 * the notes it calls when `marks`. */
static const char *original_text(np_ts *ts, bool marks)
{
    const np_doc *d = ts->doc;
    const char *names = "";
    for (int i = 0; i < d->original_count && names; i++) {
        const char *name = np_lang_name_of(ts->lang, d->original_langs[i]);
        names = np_arena_printf(ts->arena, "%s%s%s", names, i ? "/" : "",
                                name ? name : d->original_langs[i]);
    }
    char *line = names ? np_expand(ts->arena, ts->lang->labels[NP_LABEL_ORIGINAL],
                                   "language", names, (char *)NULL) : NULL;
    for (const np_node *n = marks && d->original_notes ? d->original_notes->first : NULL;
         n && line; n = n->next)
        if (n->kind == NP_K_FN && n->note)
            line = np_arena_printf(ts->arena, "%s%s", line, n->note->mark);
    return line;
}

static const char *original_line(np_ts *ts)
{
    return original_text(ts, true);
}

/* The "Original" line's text, then each note's mark, which a reader
 * of a tagged PDF gets as the Reference to that note (an untagged one
 * draws the line as one run). */
static void draw_original(painter *p, np_text_style st, double x, double y)
{
    np_ts *ts = p->ts;
    const char *text = original_text(ts, false);
    if (!text) {
        p->rc = -1;
        return;
    }
    int parent = np_tag_text(ts, 0, "P", text);
    mark(p, parent);
    text_at(p, text, st, x, y);
    x += width_of(p, text, st);
    const np_node *n = ts->doc->original_notes ? ts->doc->original_notes->first : NULL;
    for (; n; n = n->next) {
        if (n->kind != NP_K_FN || !n->note)
            continue;
        int ref = np_tag_new(ts, parent, "Reference");
        np_out_elem *e = np_tag_get(ts, ref);
        if (e && ts->note_tags)
            e->ref = ts->note_tags[n->note->index];
        mark(p, ref);
        text_at(p, n->note->mark, st, x, y);
        x += width_of(p, n->note->mark, st);
    }
}

static bool is_original(const np_doc *d, const char *code)
{
    for (int i = 0; i < d->original_count; i++)
        if (strcmp(d->original_langs[i], code) == 0)
            return true;
    return false;
}

static void draw_distribution(painter *p)
{
    np_ts *ts = p->ts;
    const np_layout *l = ts->layout;
    const np_doc *d = ts->doc;
    const char *lines[4];
    int n = 0;
    if (distribution_label(ts))
        lines[n++] = distribution_label(ts);
    if (d->date.year)
        lines[n++] = np_format_date(ts->arena, ts->lang, d->date.year,
                                    d->date.month, d->date.day);
    bool translation = d->original_count && !is_original(d, d->lang);
    if (translation)
        lines[n++] = ts->lang->self_name;
    else if (d->original_count && l->distr_version_line == NP_VERSION_LINE_ALWAYS)
        lines[n++] = "";        /* an original: the line stays empty */
    if (d->original_count)
        lines[n++] = original_line(ts);
    /* "Original: English/French/Spanish" may be longer than the block */
    for (int k = 0; k < n; k++) {
        np_text_style st = fit(p, F_DISTRIBUTION, lines[k], l->distr,
                               l->frame_right - l->distr_x);
        double x = page_x(p, l->distr_x, l->frame_right - l->distr_x);
        double y = l->distr_baseline + k * l->distr.leading;
        if (d->original_count && k == n - 1 && ts->tagged) {
            draw_original(p, st, x, y);
            continue;
        }
        mark_text(p, lines[k]);
        text_at(p, lines[k], st, x, y);
    }
}

static void draw_barcode(painter *p)
{
    const np_layout *l = p->ts->layout;
    char digits[64];
    np_bar bars[5 * 66];
    double width;
    if (!l->barcode || !p->ts->doc->job)
        return;
    int n = np_job_digits(p->ts->doc->job, digits, sizeof digits) < 0 ? -1
            : np_code39(digits, l->barcode_narrow, l->barcode_ratio, bars,
                        (int)(sizeof bars / sizeof bars[0]), &width);
    /* A barcode cannot be set smaller and still scan: too wide, none. */
    if (n < 0 || l->job_x + width > l->frame_right) {
        np_report(p->ts->diags, p->ts->file, (np_pos){ 0, 0 }, NP_MSG_NO_BARCODE,
                  l->frame_right - l->job_x);
        return;
    }
    for (int k = 0; k < n && k < (int)(sizeof bars / sizeof bars[0]) && !p->rc; k++)
        p->rc = p->out->ops->rect(p->out->self, l->job_x + bars[k].x,
                                  l->barcode_baseline - l->barcode_height,
                                  bars[k].width, l->barcode_height);
}

/* The processing dates after the job number, as ddmmyy codes at the
 * layout's tab stops: "21-02065 (E)    170221". */
static void draw_job_dates(painter *p)
{
    const np_layout *l = p->ts->layout;
    const np_doc *d = p->ts->doc;
    for (int k = 0; k < d->job_date_count; k++) {
        const np_date *t = &d->job_dates[k];
        char code[16];
        snprintf(code, sizeof code, "%02d%02d%02d", t->day % 100, t->month % 100,
                 t->year % 100);
        text_at(p, code, l->job_line, l->job_x + l->job_date_x + k * l->job_date_step,
                l->job_baseline);
    }
}

static void draw_emblem(painter *p)
{
    const np_layout *l = p->ts->layout;
    if (p->rc || !p->ts->emblem || !p->out->ops->image)
        return;
    np_ts *ts = p->ts;
    int figure = np_tag_new(ts, 0, "Figure");
    np_out_elem *e = np_tag_get(ts, figure);
    if (e)          /* the emblem says "United Nations" */
        e->alt = ts->lang->labels[NP_LABEL_UNITED_NATIONS];
    mark(p, figure);
    if (p->rc)
        return;
    p->rc = p->out->ops->image(p->out->self, p->ts->emblem,
                               page_x(p, l->emblem_x, l->emblem_width),
                               l->emblem_y, l->emblem_width, l->emblem_height);
}

static void draw_first_page(painter *p)
{
    np_ts *ts = p->ts;
    const np_layout *l = ts->layout;
    const char *org = ts->lang->labels[NP_LABEL_UNITED_NATIONS];
    draw_emblem(p);
    mark_text(p, org);
    text_placed(p, org, fit(p, F_ORG, org, l->org, l->frame_right - l->org_x),
                l->org_x, l->org_baseline);
    draw_symbol(p);
    rule(p, l->frame_left, l->frame_right, l->thin_rule_y, l->thin_rule_width);
    draw_organ(p);
    draw_distribution(p);
    rule(p, l->frame_left, l->frame_right, l->heavy_rule_y, l->heavy_rule_width);
    if (ts->doc->job) {
        const char *job = fill_template(p, l->first_footer_text, 1);
        mark(p, NP_MARK_PAGINATION);
        text_at(p, job, fit(p, F_JOB, job, l->job_line, l->frame_right - l->job_x),
                l->job_x, l->job_baseline);
        draw_job_dates(p);
        draw_barcode(p);
    }
    if (!p->rc && np_marks_draw(ts, p->out) < 0)
        p->rc = -1;
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
        np_text_style st = fit(p, it->field, it->text, it->style, right - left);
        double w = width_of(p, it->text, st);
        if (on_right(it->side, page) != p->mirror) {
            text_right(p, it->text, st, right, it->baseline);
            right -= w + gap;
        } else {
            text_at(p, it->text, st, left, it->baseline);
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
                  - width_of(p, symbol, l->header);
    return width_of(p, title, l->header) <= room ? title : NULL;
}

/* Pages 2 onwards: the header over its rule, and the footer's page and
 * job numbers, each on the side its layout field says (Vienna: the job
 * number a little higher than the page number, both set in from the
 * frame the header spans). */
static void draw_running(painter *p, int page)
{
    const np_layout *l = p->ts->layout;
    const char *symbol = fill_template(p, l->header_text, page);
    double baseline = p->turned ? l->landscape_header_baseline : l->header_baseline;
    running_item head[] = {
        { symbol, l->header, l->header_side, F_HEADER, baseline },
        { header_title(p, symbol), l->header, l->header_title_side, F_HEADER,
          baseline },
    };
    mark(p, NP_MARK_PAGINATION);
    draw_running_items(p, head, 2, 2 * l->header.size, 0, page);
    rule(p, l->frame_left, l->frame_right, l->header_rule_y, l->header_rule_width);
    running_item foot[] = {
        { fill_template(p, l->footer_page_text, page), l->footer_page,
          l->footer_page_side, F_FOOTER, l->footer_baseline },
        { fill_template(p, l->footer_job_text, page), l->footer_job,
          l->footer_job_side, F_FOOTER, l->footer_baseline - l->footer_job_raise },
    };
    mark(p, NP_MARK_PAGINATION);
    draw_running_items(p, foot, 2, l->footer_gap, l->footer_inset, page);
}

static void draw_end_mark(painter *p, const np_page *pg)
{
    const np_layout *l = p->ts->layout;
    if (pg->count == 0)
        return;
    double y = pg->y[pg->count - 1] + l->end_mark_gap;
    double x = l->body_left + (l->body_width - l->end_mark_length) / 2;
    rule(p, x, x + l->end_mark_length, y, l->end_mark_width);
}

/* The texts of the page furniture, measured once before the back end
 * begins: a face they need that no line of the body used (the Arabic
 * bold of the organ, the recycling label) is then loaded, and in the
 * list of faces the back end is given. */
void np_pages_prepare(np_ts *ts)
{
    const np_layout *l = ts->layout;
    const np_doc *d = ts->doc;
    painter p = { .ts = ts, .page_count = 1 };
    const struct { const char *text; np_text_style style; } texts[] = {
        { ts->lang->labels[NP_LABEL_UNITED_NATIONS], l->org },
        { d->organ, l->organ },
        { distribution_label(ts), l->distr },
        { original_line(ts), l->distr },
        { ts->lang->self_name, l->distr },
        { ts->lang->labels[NP_LABEL_PLEASE_RECYCLE], l->recycle_label },
        { fill_template(&p, l->header_text, 2), l->header },
        { fill_template(&p, l->footer_page_text, 2), l->footer_page },
        { fill_template(&p, l->footer_job_text, 2), l->footer_job },
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i].text)
            width_of(&p, texts[i].text, texts[i].style);
}

/* Page 1's masthead, or the running header and footer: on a landscape
 * page those of the portrait page, turned with it (as UN reports turn
 * them: the header along the right edge, reading downwards). */
static void draw_furniture(painter *p, const np_page *pg, int k)
{
    if (k == 0) {
        draw_first_page(p);
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

int np_pages_draw(np_ts *ts, const np_flow *flow, const np_pages *pages,
                  np_out *out)
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
    }
    return p.rc ? -1 : 0;
}
