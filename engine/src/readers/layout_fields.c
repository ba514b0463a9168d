/*
 * layout_fields.c - the table of layout fields (layout_fields.h) and
 * its lookups. Adding a field to a layout is adding a row here and a
 * member to np_layout; the loader, the schema and the check of a
 * complete layout follow. Nothing here reads a file or a value.
 */
#include <stdio.h>
#include <string.h>

#include "ground/spell.h"
#include "readers/layout.h"
#include "readers/layout_fields.h"

const char *const np_style_parts[NP_STYLE_PARTS] = {
    "font", "size", "leading", "tracking", "scale",
};

/* Words of the choice fields, in the order of their enums. */
static const char *const sides[] = { "left", "right", "outside", "inside", NULL };
static const char *const fonts[] = { "regular", "italic", "bold", "bold-italic", NULL };
static const char *const qr_levels[] = { "L", "M", "Q", "H", NULL };
static const char *const version_lines[] = { "translations", "always", NULL };
static const char *const number_aligns[] = { "right", "left", NULL };

#define L(k, m) { .key = k, .type = NP_F_LENGTH, .offset = offsetof(np_layout, m) }
#define S(k, m) { .key = k, .type = NP_F_STYLE, .offset = offsetof(np_layout, m) }
#define T(k, m) { .key = k, .type = NP_F_STRING, .offset = offsetof(np_layout, m) }
#define B(k, m) { .key = k, .type = NP_F_BOOL, .offset = offsetof(np_layout, m) }
#define N(k, m) { .key = k, .type = NP_F_NUMBER, .offset = offsetof(np_layout, m) }
#define C(k, m) { .key = k, .type = NP_F_COLOR, .offset = offsetof(np_layout, m) }
#define CH(k, m, words) { .key = k, .type = NP_F_CHOICE, \
                          .offset = offsetof(np_layout, m), .choices = words }
#define FF(k, i) { .key = k, .type = NP_F_FONTFILE, \
                   .offset = offsetof(np_layout, font_files) + (i) * sizeof(char *) }

const np_field np_layout_fields[] = {
    L("page.width", page_width), L("page.height", page_height),
    FF("fonts.regular", NP_FONT_REGULAR), FF("fonts.italic", NP_FONT_ITALIC),
    FF("fonts.bold", NP_FONT_BOLD), FF("fonts.bold-italic", NP_FONT_BOLD_ITALIC),
    FF("fonts-han.regular", 4 + NP_FONT_REGULAR), FF("fonts-han.italic", 4 + NP_FONT_ITALIC),
    FF("fonts-han.bold", 4 + NP_FONT_BOLD), FF("fonts-han.bold-italic", 4 + NP_FONT_BOLD_ITALIC),
    FF("fonts-arabic.regular", 8 + NP_FONT_REGULAR),
    FF("fonts-arabic.italic", 8 + NP_FONT_ITALIC),
    FF("fonts-arabic.bold", 8 + NP_FONT_BOLD),
    FF("fonts-arabic.bold-italic", 8 + NP_FONT_BOLD_ITALIC),
    B("fonts.missing-box", missing_glyph_box),
    L("body.left", body_left), L("body.width", body_width),
    L("body.first-baseline", body_first_baseline), L("body.bottom", body_bottom),
    L("body.first-page-bottom", first_page_body_bottom), L("body.tab", tab),
    L("landscape.first-baseline", landscape_first_baseline),
    L("landscape.bottom", landscape_bottom),
    L("landscape.header-baseline", landscape_header_baseline),
    S("text", body), L("text.space-after", para_space), T("text.align", text_align),
    S("footnote", footnote), L("footnote.number-size", note_number_size),
    T("footnote.align", footnote_align),
    L("footnote.number-raise", note_number_raise),
    L("footnote.number-gap", note_number_gap),
    L("footnote.space-above", notes_space), L("footnote.space-between", note_space),
    L("call.size", call_size), L("call.raise", call_raise),
    CH("call.star-font", star_call_font, fonts),
    S("separator", separator_style), T("separator.text", separator),
    L("separator.indent", separator_indent), L("separator.gap", separator_gap),
    S("title", title), L("title.gap", title_gap),
    S("subtitle", subtitle), L("subtitle.gap", subtitle_gap),
    L("subtitle.space-after", title_block_after),
    S("sponsors", sponsors),
    S("draft-title", draft_title), L("draft-title.gap", draft_title_gap),
    L("draft-title.space-after", draft_title_after),
    S("heading1", heading[0]), S("heading2", heading[1]), S("heading3", heading[2]),
    L("heading1.space-before", heading_before[0]), L("heading1.space-after", heading_after[0]),
    L("heading2.space-before", heading_before[1]), L("heading2.space-after", heading_after[1]),
    L("heading3.space-before", heading_before[2]), L("heading3.space-after", heading_after[2]),
    L("headings.number-gap", heading_number_gap),
    S("part-number", part_number),
    S("actor", actor), L("quote.indent", quote_indent),
    S("table", table), L("table.cell-padding", cell_padding),
    L("table.cell-padding-right", cell_padding_right),
    S("table-header", table_header),
    L("table.notes-gap", table_notes_gap),
    L("table.heavy-rule-width", table_heavy_rule_width),
    L("table.space-before", table_space_before), L("table.top-gap", table_top_gap),
    L("table.top-space", table_top_space), L("table.head-gap", table_head_gap),
    L("table.head-space", table_head_space), L("table.row-space", table_row_space),
    L("table.foot-gap", table_foot_gap), L("table.space-after", table_space_after),
    S("annex-label", annex_label), S("annex-title", annex_title),
    L("annex-title.gap", annex_title_gap), L("annex-title.space-after", annex_after),
    S("annex-original", annex_original), L("annex-original.gap", annex_original_gap),
    S("kind-label", kind_label), L("kind-label.gap", kind_label_gap),
    S("signature", signature), L("signature.space-before", signature_before),
    CH("signature.signed-font", signed_font, fonts),
    S("summary-heading", summary_heading),
    L("summary.rule-width", summary_rule_width), L("summary.padding", summary_padding),
    L("summary.top", summary_top), L("summary.bottom", summary_bottom),
    L("summary-heading.space-after", summary_heading_after),
    L("summary.space-before", summary_before), L("summary.space-after", summary_after),
    T("symbol.link", symbol_link),
    L("frame.left", frame_left), L("frame.right", frame_right),
    S("organization", org), L("organization.baseline", org_baseline),
    L("symbol.size", symbol_size), L("symbol.first-size", symbol_big_size),
    L("symbol.baseline", symbol_baseline),
    L("thin-rule.y", thin_rule_y), L("thin-rule.width", thin_rule_width),
    S("organ", organ), L("organ.baseline", organ_baseline),
    S("distribution", distr), L("distribution.x", distr_x),
    L("distribution.baseline", distr_baseline),
    CH("distribution.version-line", distr_version_line, version_lines),
    L("heavy-rule.y", heavy_rule_y), L("heavy-rule.width", heavy_rule_width),
    L("meeting.first-baseline", meeting_first_baseline),
    L("meeting.width", meeting_width), T("meeting.order", meeting_order),
    L("meeting.item-space", meeting_item_space),
    S("meeting-body", meeting_body[0]), S("session", session), S("place", place),
    S("agenda-label", item_label), S("agenda-title", item_title),
    L("meeting.body-width", meeting_body_width),
    S("meeting-body2", meeting_body[1]), S("meeting-body3", meeting_body[2]),
    L("meeting-body.space-after", meeting_body_after[0]),
    L("meeting-body2.space-after", meeting_body_after[1]),
    L("meeting-body3.space-after", meeting_body_after[2]),
    S("header", header), T("header.text", header_text), CH("header.side", header_side, sides),
    L("header.baseline", header_baseline),
    L("header.rule-y", header_rule_y), L("header.rule-width", header_rule_width),
    S("footer-page", footer_page), T("footer-page.text", footer_page_text),
    CH("footer-page.side", footer_page_side, sides),
    S("footer-job", footer_job), T("footer-job.text", footer_job_text),
    CH("footer-job.side", footer_job_side, sides),
    L("footer.baseline", footer_baseline), L("footer.gap", footer_gap),
    S("first-footer", job_line), T("first-footer.text", first_footer_text),
    L("first-footer.x", job_x),
    L("first-footer.baseline", job_baseline),
    L("first-footer.date-x", job_date_x), L("first-footer.date-step", job_date_step),
    B("barcode.show", barcode), L("barcode.baseline", barcode_baseline),
    L("barcode.height", barcode_height), L("barcode.narrow", barcode_narrow),
    L("barcode.ratio", barcode_ratio),
    B("qr.show", qr), T("qr.text", qr_text), L("qr.x", qr_x), L("qr.y", qr_y),
    L("qr.size", qr_size), CH("qr.level", qr_level, qr_levels),
    N("qr.quiet-zone", qr_quiet_zone),
    B("recycle.show", recycle), S("recycle", recycle_label),
    L("recycle.right", recycle_right), L("recycle.top", recycle_top),
    L("recycle.height", recycle_height), L("recycle.baseline", recycle_baseline),
    L("recycle.gap", recycle_gap),
    L("end-mark.length", end_mark_length), L("end-mark.width", end_mark_width),
    L("end-mark.gap", end_mark_gap),
    N("superscript.scale", sup_scale), N("superscript.rise", sup_rise),
    N("subscript.scale", sub_scale), N("subscript.drop", sub_drop),
    N("spacing.stretch", space_stretch), N("spacing.shrink", space_shrink),
    L("spacing.letter-stretch", letter_stretch),
    L("spacing.letter-shrink", letter_shrink),
    B("spacing.kerning", kerning), B("spacing.ligatures", ligatures),
    C("link.color", link_color),
    B("hyphenation.auto", hyphenate), N("hyphenation.penalty", hyphen_penalty),
    N("hyphenation.explicit-penalty", explicit_hyphen_penalty),
    N("linebreak.tolerance", lb_tolerance), N("linebreak.line-penalty", lb_line_penalty),
    N("linebreak.flagged-demerits", lb_flagged_demerits),
    N("linebreak.fitness-demerits", lb_fitness_demerits),
    N("linebreak.max-hyphens", lb_max_hyphens),
    L("table.rule-width", table_rule_width), L("sponsors.gap", sponsors_gap),
    S("part-title", part_title),
    T("emblem.file", emblem_file), L("emblem.x", emblem_x), L("emblem.y", emblem_y),
    L("emblem.width", emblem_width), L("emblem.height", emblem_height),
    N("body.ascent", ascent), L("text.first-line-indent", first_line_indent),
    L("footnote.star-size", note_star_size), L("footnote.star-raise", note_star_raise),
    L("separator.rule-width", separator_rule_width),
    L("separator.length", separator_length),
    CH("heading1.number-align", heading_number_align[0], number_aligns),
    CH("heading2.number-align", heading_number_align[1], number_aligns),
    CH("heading3.number-align", heading_number_align[2], number_aligns),
    L("organization.x", org_x), L("organ.x", organ_x),
    L("footer.inset", footer_inset), L("footer-job.raise", footer_job_raise),
    S("adoption", adoption), L("adoption.gap", adoption_gap),
    S("reference", reference), L("reference.gap", reference_gap),
    S("adopted-title", adopted_title), L("adopted-title.gap", adopted_title_gap),
    L("adopted-title.number-gap", adopted_title_number_gap),
    L("adopted-title.space-after", adopted_title_after),
    S("council-line", council_line), L("council-line.gap", council_line_gap),
    L("council-line.space-after", council_line_after),
    S("closing", closing), L("closing.gap", closing_gap),
    S("decision-actor", decision_actor),
    CH("header.title-side", header_title_side, sides),
};

const size_t np_layout_field_count = sizeof np_layout_fields / sizeof np_layout_fields[0];

const np_field *np_layout_field(const char *group, const char *attr, int *part)
{
    char key[128];
    snprintf(key, sizeof key, "%s.%s", group, attr);
    for (size_t i = 0; i < np_layout_field_count; i++) {
        const np_field *f = &np_layout_fields[i];
        if (strcmp(f->key, key) == 0) {
            *part = 0;
            return f;
        }
        if (f->type == NP_F_STYLE && strcmp(f->key, group) == 0) {
            for (int k = 0; k < NP_STYLE_PARTS; k++)
                if (strcmp(attr, np_style_parts[k]) == 0) {
                    *part = k;
                    return f;
                }
        }
    }
    return NULL;
}

bool np_layout_group_known(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < np_layout_field_count; i++) {
        const char *k = np_layout_fields[i].key;
        if (strncmp(k, name, n) == 0 && (k[n] == '.' || k[n] == '\0'))
            return true;
    }
    return false;
}

size_t np_layout_group_length(const char *key)
{
    const char *dot = strchr(key, '.');
    return dot ? (size_t)(dot - key) : strlen(key);
}

/* ---- near misses ------------------------------------------------- */

bool np_layout_group_nearest(const char *name, char *out, size_t size)
{
    unsigned best = ~0u;
    for (size_t i = 0; i < np_layout_field_count; i++) {
        char group[64];
        const char *k = np_layout_fields[i].key;
        snprintf(group, sizeof group, "%.*s", (int)np_layout_group_length(k), k);
        unsigned d = np_spell_distance(name, group, 63);
        if (np_spell_near(name, group) && d < best) {
            best = d;
            snprintf(out, size, "%s", group);
        }
    }
    return best != ~0u;
}

const char *np_layout_field_nearest(const char *group, const char *attr)
{
    np_spell sp;
    np_spell_init(&sp, attr);
    size_t n = strlen(group);
    for (size_t i = 0; i < np_layout_field_count; i++) {
        const np_field *f = &np_layout_fields[i];
        if (strncmp(f->key, group, n) != 0)
            continue;
        if (f->type == NP_F_STYLE && f->key[n] == '\0')
            for (int k = 0; k < NP_STYLE_PARTS; k++)
                np_spell_offer(&sp, np_style_parts[k]);
        else if (f->key[n] == '.')
            np_spell_offer(&sp, f->key + n + 1);
    }
    return sp.best;
}
