/*
 * masthead.c - page 1's masthead and footer, drawn.
 *
 * The masthead: the emblem, the organisation, the symbol with its
 * first component larger, the organ wrapped before the distribution
 * block (distribution, date, the language of a translation, the
 * original languages), and the two rules. The footer: the job number
 * with its processing dates and Code 39 barcode; the QR code and the
 * recycling mark are marks.c's, called from here. A field longer than
 * its place is set smaller (pages.c, np_paint_fit).
 *
 * On a right-to-left page the masthead is the mirror image, about the
 * axis of the body's column: organisation and organ on the right with
 * the emblem beside them, the symbol and the distribution block (which
 * stays in English, left to right) on the left. The job number, its
 * barcode, the QR code and the recycling mark keep their places.
 *
 * In a tagged PDF each part of the masthead is an element made here (a
 * P; the emblem a Figure; the marks of the "Original" line's notes
 * References to them); the job line is pagination.
 *
 * Not done here: the meeting and title blocks, which are set in the
 * flow (front.c), and the pages after the first (pages.c).
 */
#include <stdio.h>
#include <string.h>

#include "typesetting/barcode.h"
#include "typesetting/painter.h"

/* The masthead's `text` as a paragraph of its own, drawn next. */
static void mark_text(painter *p, const char *text)
{
    if (text && text[0])
        np_paint_mark(p, np_tag_text(p->ts, 0, "P", text));
}

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
    double room = l->frame_right - l->org_x - np_paint_width(p, org, l->org)
                  - l->symbol_size;
    double whole = np_paint_width(p, first, big) + np_paint_width(p, rest, small);
    if (whole > room) {
        double scale = room > 0 ? room / whole : 0;
        np_paint_shrunk(p, F_SYMBOL, sym, small.size, small.size * scale);
        big.size *= scale;
        small.size *= scale;
    }
    /* the symbol reads left to right on either page: the whole of it
     * moves to the other side */
    double wr = np_paint_width(p, rest, small);
    double wf = np_paint_width(p, first, big);
    double x = l->frame_right - wr - wf;
    x = np_paint_page_x(p, x, wf + wr);
    mark_text(p, sym);
    np_paint_text_at(p, first, big, x, l->symbol_baseline);
    np_paint_text_at(p, rest, small, x + wf, l->symbol_baseline);
}

static void organ_line(painter *p, const char *line, double max, double y)
{
    const np_layout *l = p->ts->layout;
    np_paint_text_placed(p, line, np_paint_fit(p, F_ORGAN, line, l->organ, max),
                         l->organ_x, y);
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
        bool fits = np_paint_width(p, line, l->organ) <= max;
        if (space)
            *space = ' ';
        if ((!fits && cut) || !space) {
            if (!fits && cut) {
                *cut = '\0';
                organ_line(p, line, max, y);
                y += l->organ.leading;
                line = cut + 1;
                cut = NULL;
                continue;
            }
            organ_line(p, line, max, y);
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
    np_paint_mark(p, parent);
    np_paint_text_at(p, text, st, x, y);
    x += np_paint_width(p, text, st);
    const np_node *n = ts->doc->original_notes ? ts->doc->original_notes->first : NULL;
    for (; n; n = n->next) {
        if (n->kind != NP_K_FN || !n->note)
            continue;
        int ref = np_tag_new(ts, parent, "Reference");
        np_out_elem *e = np_tag_get(ts, ref);
        if (e && ts->note_tags)
            e->ref = ts->note_tags[n->note->index];
        np_paint_mark(p, ref);
        np_paint_text_at(p, n->note->mark, st, x, y);
        x += np_paint_width(p, n->note->mark, st);
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
        np_text_style st = np_paint_fit(p, F_DISTRIBUTION, lines[k], l->distr,
                                        l->frame_right - l->distr_x);
        double x = np_paint_page_x(p, l->distr_x, l->frame_right - l->distr_x);
        double y = l->distr_baseline + k * l->distr.leading;
        if (d->original_count && k == n - 1 && ts->tagged) {
            draw_original(p, st, x, y);
            continue;
        }
        mark_text(p, lines[k]);
        np_paint_text_at(p, lines[k], st, x, y);
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
        np_paint_text_at(p, code, l->job_line,
                         l->job_x + l->job_date_x + k * l->job_date_step,
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
    np_paint_mark(p, figure);
    if (p->rc)
        return;
    p->rc = p->out->ops->image(p->out->self, p->ts->emblem,
                               np_paint_page_x(p, l->emblem_x, l->emblem_width),
                               l->emblem_y, l->emblem_width, l->emblem_height);
}

void np_masthead_draw(painter *p)
{
    np_ts *ts = p->ts;
    const np_layout *l = ts->layout;
    const char *org = ts->lang->labels[NP_LABEL_UNITED_NATIONS];
    draw_emblem(p);
    mark_text(p, org);
    np_text_style org_style = np_paint_fit(p, F_ORG, org, l->org,
                                           l->frame_right - l->org_x);
    np_paint_text_placed(p, org, org_style, l->org_x, l->org_baseline);
    draw_symbol(p);
    np_paint_rule(p, l->frame_left, l->frame_right, l->thin_rule_y,
                  l->thin_rule_width);
    draw_organ(p);
    draw_distribution(p);
    np_paint_rule(p, l->frame_left, l->frame_right, l->heavy_rule_y,
                  l->heavy_rule_width);
    if (ts->doc->job) {
        const char *job = np_paint_template(p, l->first_footer_text, 1);
        np_paint_mark(p, NP_MARK_PAGINATION);
        np_text_style job_style = np_paint_fit(p, F_JOB, job, l->job_line,
                                               l->frame_right - l->job_x);
        np_paint_text_at(p, job, job_style, l->job_x, l->job_baseline);
        draw_job_dates(p);
        draw_barcode(p);
    }
    if (!p->rc && np_marks_draw(ts, p->out) < 0)
        p->rc = -1;
}

/* The masthead's texts, in the order the faces they need are to be
 * listed for the back end. */
void np_masthead_measure(painter *p)
{
    np_ts *ts = p->ts;
    const np_layout *l = ts->layout;
    const struct { const char *text; np_text_style style; } texts[] = {
        { ts->lang->labels[NP_LABEL_UNITED_NATIONS], l->org },
        { ts->doc->organ, l->organ },
        { distribution_label(ts), l->distr },
        { original_line(ts), l->distr },
        { ts->lang->self_name, l->distr },
        { ts->lang->labels[NP_LABEL_PLEASE_RECYCLE], l->recycle_label },
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i].text)
            np_paint_width(p, texts[i].text, texts[i].style);
}
