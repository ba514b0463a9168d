/*
 * layout_check.c - refuses a layout that would put something off its
 * page, once the whole chain of layouts is read.
 *
 * A page smaller than its margins, a column wider than the page, a
 * baseline below the bottom edge: the renderer would draw there, and a
 * PDF viewer would show the page without that text, with nothing said.
 * So every field that places something is checked against the page,
 * and against the fields it depends on, by family: the page size; the
 * text column, its hanging labels and indents; the text areas of page 1
 * and of the others, with the type set in them; the frame and each
 * baseline, rule and box of the masthead, running header and footers,
 * the job number's date codes, the QR code and the recycling mark.
 * A problem is reported at the field it concerns, or at another field
 * involved when that one was set in a layout extending the first
 * (np_field_site): the message names every field and value at play. The templates of running heads and footers may name
 * only the fields the page fills in, the QR code's {lang} and {symbol}.
 *
 * Not checked here: what depends on the document's text (a symbol too
 * long for its place is set smaller when drawn, pages.c), or on the
 * fonts (a glyph's exact height: a line's type is taken as its size
 * above the baseline and a quarter of it below).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "readers/layout_check.h"
#include "readers/template.h"

/* A page is 3 to 14 400 units on each side (ISO 32000-1, annex C;
 * libharu's HPDF_MIN_PAGE_SIZE and HPDF_MAX_PAGE_SIZE). */
#define PAGE_MIN 3.0
#define PAGE_MAX 14400.0

typedef struct checker {
    np_diags *diags;
    const np_layout *l;
    np_field_site_fn site;
    void *ud;
    int problems;
} checker;

static void report(checker *c, const char *key, np_msg msg, ...)
{
    np_field_site s = c->site(c->ud, key);
    va_list ap;
    va_start(ap, msg);
    np_vreport(c->diags, s.file, s.pos, msg, ap);
    va_end(ap);
    c->problems++;
}

/* Of the fields named (a NULL-ended list), the first, unless another was
 * set in a layout that extends the one setting it. */
static const char *latest(checker *c, const char *first, ...)
{
    const char *best = first, *key;
    unsigned order = c->site(c->ud, first).order;
    va_list ap;
    va_start(ap, first);
    while ((key = va_arg(ap, const char *)) != NULL)
        if (c->site(c->ud, key).order > order) {
            best = key;
            order = c->site(c->ud, key).order;
        }
    va_end(ap);
    return best;
}

#define LATEST(c, ...) latest(c, __VA_ARGS__, (char *)NULL)

/* [from, to] along one axis of the page (0: across, from the left
 * edge; 1: down, from the top edge): `what` is reported at `key`, or at
 * the page's size when that was set later. */
static bool on_page(checker *c, int axis, const char *key, const char *what,
                    double from, double to)
{
    static const char *const edges[2][2] = { { "left", "right" },
                                              { "top", "bottom" } };
    static const char *const size_keys[2] = { "page.width", "page.height" };
    double size = axis ? c->l->page_height : c->l->page_width;
    if (from < 0) {
        report(c, key, NP_MSG_LAYOUT_OFF_PAGE, key, what, from, edges[axis][0], 0.0);
        return false;
    }
    if (to > size) {
        key = LATEST(c, key, size_keys[axis]);
        report(c, key, NP_MSG_LAYOUT_OFF_PAGE, key, what, to, edges[axis][1], size);
        return false;
    }
    return true;
}

static bool across(checker *c, const char *key, const char *what, double x0,
                   double x1)
{
    return on_page(c, 0, key, what, x0, x1);
}

static bool down(checker *c, const char *key, const char *what, double y0,
                 double y1)
{
    return on_page(c, 1, key, what, y0, y1);
}

/* Type on baseline `y`: its size above, a quarter of it below. The
 * baseline and the size are fields `key` and `size_key`. */
static void type_on(checker *c, const char *key, const char *size_key,
                    const char *what, double y, double size)
{
    down(c, LATEST(c, key, size_key), what, y - size, y + size / 4);
}

/* `a` (at key_a) must come before `b` (at key_b): above it, or left of
 * it. */
static bool before(checker *c, const char *key_a, double a, const char *key_b,
                   double b, const char *relation)
{
    if (a < b)
        return true;
    const char *key = LATEST(c, key_a, key_b);
    report(c, key, NP_MSG_LAYOUT_ORDER, key, key_a, a, relation, key_b, b);
    return false;
}

static void room_for(checker *c, const char *key, const char *what, double room)
{
    if (room <= 0)
        report(c, key, NP_MSG_LAYOUT_NO_ROOM, key, what, room);
}

static void positive(checker *c, const char *key, double v)
{
    if (v <= 0)
        report(c, key, NP_MSG_LAYOUT_NOT_POSITIVE, key, v);
}

/* ---- the page and the text column ------------------------------------ */

static bool page_size(checker *c)
{
    const np_layout *l = c->l;
    bool ok = true;
    if (l->page_width < PAGE_MIN || l->page_width > PAGE_MAX) {
        report(c, "page.width", NP_MSG_LAYOUT_PAGE_SIZE, "page.width", l->page_width);
        ok = false;
    }
    if (l->page_height < PAGE_MIN || l->page_height > PAGE_MAX) {
        report(c, "page.height", NP_MSG_LAYOUT_PAGE_SIZE, "page.height", l->page_height);
        ok = false;
    }
    return ok;
}

static void column(checker *c)
{
    const np_layout *l = c->l;
    double left = l->body_left, right = left + l->body_width;
    positive(c, "body.width", l->body_width);
    across(c, LATEST(c, "body.left", "body.width"),
           "the text column (body.left + body.width)", left, right);
    room_for(c, LATEST(c, "body.tab", "body.width"),
             "text after a paragraph number (body.width - body.tab)",
             l->body_width - l->tab);
    room_for(c, LATEST(c, "text.first-line-indent", "body.width"),
             "the first line of a paragraph without a number (body.width - "
             "text.first-line-indent)", l->body_width - l->first_line_indent);
    across(c, LATEST(c, "footnote.number-gap", "body.left"),
           "the footnote numbers (body.left - footnote.number-gap)",
           left - l->note_number_gap, left);
    across(c, LATEST(c, "separator.indent", "body.left"),
           "the footnote separator (body.left + separator.indent)",
           left + l->separator_indent, left + l->separator_indent);
    if (l->separator_rule_width > 0)
        across(c, LATEST(c, "separator.length", "separator.indent", "body.left"),
               "the footnote separator's rule (body.left + separator.indent "
               "+ separator.length)", left + l->separator_indent,
               left + l->separator_indent + l->separator_length);
    positive(c, "footnote.star-size", l->note_star_size);
    double centre = left + l->body_width / 2;
    across(c, LATEST(c, "end-mark.length", "body.left", "body.width"),
           "the end-of-document mark",
           centre - l->end_mark_length / 2, centre + l->end_mark_length / 2);
    /* Section numbers end number-gap left of the column and may hang
     * two tabs into the margin, never past the frame (blocks.c). */
    double margin = left - 2 * l->tab > l->frame_left ? left - 2 * l->tab
                                                        : l->frame_left;
    room_for(c, LATEST(c, "headings.number-gap", "body.left", "body.tab", "frame.left"),
             "section numbers in the margin",
             left - l->heading_number_gap - margin);
}

/* ---- text areas and the type set in them ----------------------------- */

/* The styles of text that flows in the text areas (body, notes, title
 * block, meeting block, headings, tables, annexes). */
static const struct {
    const char *key;
    size_t offset;
} flow_styles[] = {
    { "text", offsetof(np_layout, body) },
    { "footnote", offsetof(np_layout, footnote) },
    { "separator", offsetof(np_layout, separator_style) },
    { "title", offsetof(np_layout, title) },
    { "draft-title", offsetof(np_layout, draft_title) },
    { "subtitle", offsetof(np_layout, subtitle) },
    { "sponsors", offsetof(np_layout, sponsors) },
    { "heading1", offsetof(np_layout, heading[0]) },
    { "heading2", offsetof(np_layout, heading[1]) },
    { "heading3", offsetof(np_layout, heading[2]) },
    { "part-number", offsetof(np_layout, part_number) },
    { "part-title", offsetof(np_layout, part_title) },
    { "actor", offsetof(np_layout, actor) },
    { "table", offsetof(np_layout, table) },
    { "table-header", offsetof(np_layout, table_header) },
    { "annex-label", offsetof(np_layout, annex_label) },
    { "annex-title", offsetof(np_layout, annex_title) },
    { "meeting-body", offsetof(np_layout, meeting_body[0]) },
    { "meeting-body2", offsetof(np_layout, meeting_body[1]) },
    { "meeting-body3", offsetof(np_layout, meeting_body[2]) },
    { "session", offsetof(np_layout, session) },
    { "place", offsetof(np_layout, place) },
    { "agenda-label", offsetof(np_layout, item_label) },
    { "agenda-title", offsetof(np_layout, item_title) },
    { "adoption", offsetof(np_layout, adoption) },
    { "reference", offsetof(np_layout, reference) },
    { "adopted-title", offsetof(np_layout, adopted_title) },
    { "council-line", offsetof(np_layout, council_line) },
    { "closing", offsetof(np_layout, closing) },
    { "decision-actor", offsetof(np_layout, decision_actor) },
};

#define NFLOW (sizeof flow_styles / sizeof flow_styles[0])

static const np_text_style *flow_style(const np_layout *l, size_t i)
{
    return (const np_text_style *)((const char *)l + flow_styles[i].offset);
}

/* A line must fit its text area, and a letter its column; else it is
 * placed anyway (paginate.c) and runs off the page. Returns the number
 * of problems. */
static int flow_type(checker *c, double area)
{
    const np_layout *l = c->l;
    int before = c->problems;
    char key[64];
    for (size_t i = 0; i < NFLOW; i++) {
        const np_text_style *st = flow_style(l, i);
        snprintf(key, sizeof key, "%s.size", flow_styles[i].key);
        if (st->size > l->body_width)
            report(c, LATEST(c, key, "body.width"), NP_MSG_LAYOUT_TOO_BIG, key,
                   st->size, "width of the text column, body.width", l->body_width);
        else if (st->size > area)
            report(c, key, NP_MSG_LAYOUT_TOO_BIG, key, st->size,
                   "height of the smaller text area", area);
        snprintf(key, sizeof key, "%s.leading", flow_styles[i].key);
        if (st->leading > area)
            report(c, key, NP_MSG_LAYOUT_TOO_BIG, key, st->leading,
                   "height of the smaller text area", area);
    }
    return c->problems - before;
}

/* The largest type of the text areas, and its field. */
static double largest_flow_size(const np_layout *l, char *key, size_t size)
{
    size_t big = 0;
    for (size_t i = 1; i < NFLOW; i++)
        if (flow_style(l, i)->size > flow_style(l, big)->size)
            big = i;
    snprintf(key, size, "%s.size", flow_styles[big].key);
    return flow_style(l, big)->size;
}

/* The text area of pages 2 onwards runs from body.first-baseline to
 * body.bottom; page 1's from meeting.first-baseline (the meeting block
 * comes first) to body.first-page-bottom. */
static void text_areas(checker *c)
{
    const np_layout *l = c->l;
    bool ok = down(c, "body.first-baseline", "the first baseline of pages 2 "
                   "onwards", 0, l->body_first_baseline)
              && down(c, "body.bottom", "the text area of pages 2 onwards", 0,
                      l->body_bottom)
              && before(c, "body.first-baseline", l->body_first_baseline,
                        "body.bottom", l->body_bottom, "above");
    ok = down(c, "meeting.first-baseline", "the first baseline of page 1", 0,
              l->meeting_first_baseline)
         && down(c, "body.first-page-bottom", "the text area of page 1", 0,
                 l->first_page_body_bottom)
         && before(c, "meeting.first-baseline", l->meeting_first_baseline,
                   "body.first-page-bottom", l->first_page_body_bottom, "above")
         && ok;
    double area2 = l->body_bottom - l->body_first_baseline;
    double area1 = l->first_page_body_bottom - l->meeting_first_baseline;
    if (!ok || flow_type(c, area1 < area2 ? area1 : area2) > 0)
        return;
    char key[64];
    double type = largest_flow_size(l, key, sizeof key);
    down(c, LATEST(c, "body.first-baseline", key),
         "the first line of pages 2 onwards (with its type)",
         l->body_first_baseline - type, l->body_first_baseline);
    down(c, LATEST(c, "meeting.first-baseline", key),
         "the first line of page 1 (with its type)",
         l->meeting_first_baseline - type, l->meeting_first_baseline);
}

/* A landscape page is the portrait page turned: as wide as page.height,
 * as tall as page.width; its text column keeps body.left and the right
 * margin the portrait column leaves. */
static void landscape(checker *c)
{
    const np_layout *l = c->l;
    room_for(c, LATEST(c, "page.width", "page.height", "body.width"),
             "the text column of landscape pages (page.height - page.width + body.width)",
             l->page_height - l->page_width + l->body_width);
    if (before(c, "landscape.first-baseline", l->landscape_first_baseline,
               "landscape.bottom", l->landscape_bottom, "above"))
        across(c, LATEST(c, "landscape.first-baseline", "landscape.bottom", "text.size"),
               "the text of landscape pages (down the turned page, as tall as page.width)",
               l->landscape_first_baseline - l->body.size, l->landscape_bottom);
    type_on(c, "landscape.header-baseline", "header.size",
            "the running header of landscape pages (down the page before it is turned)",
            l->landscape_header_baseline, l->header.size);
}

/* ---- masthead, running heads, footers --------------------------------- */

static void frame(checker *c)
{
    const np_layout *l = c->l;
    if (before(c, "frame.left", l->frame_left, "frame.right", l->frame_right,
               "left of"))
        across(c, LATEST(c, "frame.left", "frame.right"),
               "the frame (frame.left to frame.right)", l->frame_left,
               l->frame_right);
    positive(c, "meeting.width", l->meeting_width);
    across(c, LATEST(c, "frame.left", "meeting.width"),
           "the meeting block (frame.left + meeting.width)", l->frame_left,
           l->frame_left + l->meeting_width);
    positive(c, "meeting.body-width", l->meeting_body_width);
    across(c, LATEST(c, "frame.left", "meeting.body-width"),
           "the meeting's bodies (frame.left + meeting.body-width)",
           l->frame_left, l->frame_left + l->meeting_body_width);
    room_for(c, LATEST(c, "distribution.x", "frame.right"),
             "the distribution block before frame.right",
             l->frame_right - l->distr_x);
    room_for(c, LATEST(c, "distribution.x", "organ.x", "organ.size"),
             "the organ's name between organ.x and distribution.x",
             l->distr_x - l->organ_x - l->organ.size / 2);
    room_for(c, LATEST(c, "organization.x", "frame.right"),
             "the organization's name before frame.right",
             l->frame_right - l->org_x);
    room_for(c, LATEST(c, "footer.inset", "frame.left", "frame.right"),
             "the footer between the frame's edges, footer.inset in from each",
             l->frame_right - l->frame_left - 2 * l->footer_inset);
    room_for(c, LATEST(c, "first-footer.x", "frame.right"),
             "the job number before frame.right",
             l->frame_right - l->job_x);
}

static void rule_at(checker *c, const char *key, const char *width_key,
                    const char *what, double y, double width)
{
    down(c, LATEST(c, key, width_key), what, y - width / 2, y + width / 2);
}

static void masthead(checker *c)
{
    const np_layout *l = c->l;
    bool big = l->symbol_big_size > l->symbol_size;
    type_on(c, "organization.baseline", "organization.size",
            "the organization's name", l->org_baseline, l->org.size);
    type_on(c, "symbol.baseline", big ? "symbol.first-size" : "symbol.size",
            "the symbol", l->symbol_baseline,
            big ? l->symbol_big_size : l->symbol_size);
    type_on(c, "organ.baseline", "organ.size", "the organ's name",
            l->organ_baseline, l->organ.size);
    /* distribution, date, language, "Original: ...": four lines */
    down(c, LATEST(c, "distribution.baseline", "distribution.size",
                   "distribution.leading"),
         "the distribution block (four lines)", l->distr_baseline - l->distr.size,
         l->distr_baseline + 3 * l->distr.leading + l->distr.size / 4);
    rule_at(c, "thin-rule.y", "thin-rule.width", "the thin rule",
            l->thin_rule_y, l->thin_rule_width);
    rule_at(c, "heavy-rule.y", "heavy-rule.width", "the heavy rule",
            l->heavy_rule_y, l->heavy_rule_width);
    if (l->emblem_file && l->emblem_file[0]) {
        positive(c, "emblem.width", l->emblem_width);
        positive(c, "emblem.height", l->emblem_height);
        across(c, LATEST(c, "emblem.x", "emblem.width"),
               "the emblem (emblem.x + emblem.width)", l->emblem_x,
               l->emblem_x + l->emblem_width);
        down(c, LATEST(c, "emblem.y", "emblem.height"),
             "the emblem (emblem.y + emblem.height)", l->emblem_y,
             l->emblem_y + l->emblem_height);
    }
}

/* The QR code of page 1 and the recycling mark, when shown. The mark's
 * label, whose length depends on the language, is set smaller when
 * drawn if it would run off the page (marks.c). */
static void marks(checker *c)
{
    const np_layout *l = c->l;
    if (l->qr) {
        positive(c, "qr.size", l->qr_size);
        across(c, LATEST(c, "qr.x", "qr.size"), "the QR code (qr.x + qr.size)",
               l->qr_x, l->qr_x + l->qr_size);
        down(c, LATEST(c, "qr.y", "qr.size"), "the QR code (qr.y + qr.size)",
             l->qr_y, l->qr_y + l->qr_size);
    }
    if (l->recycle) {
        positive(c, "recycle.height", l->recycle_height);
        across(c, LATEST(c, "recycle.right", "recycle.height"),
               "the recycling mark (recycle.right - recycle.height)",
               l->recycle_right - l->recycle_height, l->recycle_right);
        down(c, LATEST(c, "recycle.top", "recycle.height"),
             "the recycling mark (recycle.top + recycle.height)",
             l->recycle_top, l->recycle_top + l->recycle_height);
        type_on(c, "recycle.baseline", "recycle.size", "the recycling label",
                l->recycle_baseline, l->recycle_label.size);
    }
}

static void furniture(checker *c)
{
    const np_layout *l = c->l;
    bool page = l->footer_page.size > l->footer_job.size;
    type_on(c, "header.baseline", "header.size", "the running header",
            l->header_baseline, l->header.size);
    rule_at(c, "header.rule-y", "header.rule-width", "the header's rule",
            l->header_rule_y, l->header_rule_width);
    type_on(c, "footer.baseline", page ? "footer-page.size" : "footer-job.size",
            "the footer", l->footer_baseline,
            page ? l->footer_page.size : l->footer_job.size);
    if (l->footer_job_raise < 0)     /* lowered: it may run off */
        type_on(c, LATEST(c, "footer-job.raise", "footer.baseline"), "footer-job.size",
                "the footer's job number (footer.baseline - footer-job.raise)",
                l->footer_baseline - l->footer_job_raise, l->footer_job.size);
    type_on(c, "first-footer.baseline", "first-footer.size",
            "the job number of page 1", l->job_baseline, l->job_line.size);
    /* the second date code, six digits of half an em */
    double date = l->job_x + l->job_date_x + l->job_date_step;
    across(c, LATEST(c, "first-footer.date-x", "first-footer.date-step",
                     "first-footer.x"),
           "the second date code (first-footer.x + date-x + date-step)", date,
           date + 3 * l->job_line.size);
    if (l->barcode) {
        positive(c, "barcode.height", l->barcode_height);
        positive(c, "barcode.narrow", l->barcode_narrow);
        down(c, LATEST(c, "barcode.baseline", "barcode.height"),
             "the barcode (barcode.baseline - barcode.height)",
             l->barcode_baseline - l->barcode_height, l->barcode_baseline);
    }
}

/* ---- templates ------------------------------------------------------- */

static const char *const page_fields[] = {
    "symbol", "page", "pages", "job", "lang-letter", "date", NULL
};
static const char *const qr_fields[] = { "lang", "symbol", NULL };
static const char *const symbol_fields[] = { "symbol", NULL };

static void templ(checker *c, const char *key, const char *text,
                  const char *const names[])
{
    np_field_site s = c->site(c->ud, key);
    if (!np_template_check(c->diags, s.file, s.pos, key, text, names))
        c->problems++;
}

int np_layout_check(np_diags *diags, const np_layout *l, np_field_site_fn site,
                    void *ud)
{
    checker c = { diags, l, site, ud, 0 };
    if (page_size(&c)) {
        column(&c);
        text_areas(&c);
        landscape(&c);
        frame(&c);
        masthead(&c);
        furniture(&c);
        marks(&c);
    }
    templ(&c, "header.text", l->header_text, page_fields);
    templ(&c, "footer-page.text", l->footer_page_text, page_fields);
    templ(&c, "footer-job.text", l->footer_job_text, page_fields);
    templ(&c, "first-footer.text", l->first_footer_text, page_fields);
    if (l->qr)
        templ(&c, "qr.text", l->qr_text, qr_fields);
    templ(&c, "symbol.link", l->symbol_link, symbol_fields);
    return c.problems;
}
