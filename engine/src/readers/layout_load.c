/*
 * layout_load.c - reads layout files into np_layout through a table of
 * known fields, and writes that table out as a RELAX NG schema.
 *
 * A layout file is a <layout> element whose children are groups
 * (<page>, <body>, <footnote>, ...) and whose attributes are fields:
 * field "body.left" is attribute left of <body>. Groups that describe
 * text carry font, size and leading. Every field has a row in
 * layout_fields below with its type and place in np_layout; a field not
 * in the table, a malformed value or a missing field is an error with
 * its position. Lengths are parsed here, without the C locale, in pt,
 * mm, cm or in.
 *
 * Not done here: language files (lang_load.c), finding files (render.c)
 * or drawing (layout code).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readers/layout.h"
#include "readers/layout_check.h"
#include "readers/xml_read.h"

typedef enum field_type { F_LENGTH, F_STYLE, F_STRING, F_BOOL, F_FONTFILE,
                          F_NUMBER, F_CHOICE, F_COLOR } field_type;

/* The parts of a style field: the first three must be set somewhere in
 * a layout's chain, the set width may be left as the font gives it. */
enum { PART_FONT, PART_SIZE, PART_LEADING, PART_TRACKING, PART_SCALE,
       STYLE_PARTS, REQUIRED_PARTS = PART_TRACKING };
static const char *const style_parts[STYLE_PARTS] = {
    "font", "size", "leading", "tracking", "scale",
};

typedef struct field {
    const char *key;            /* "group.attr", or "group" for a style */
    field_type type;
    size_t offset;
    const char *const *choices; /* F_CHOICE: the words allowed, NULL-ended;
                                   the field gets the index of the one given */
} field;

/* Words of the choice fields, in the order of their enums. */
static const char *const sides[] = { "left", "right", "outside", "inside", NULL };
static const char *const fonts[] = { "regular", "italic", "bold", "bold-italic", NULL };
static const char *const qr_levels[] = { "L", "M", "Q", "H", NULL };
static const char *const version_lines[] = { "translations", "always", NULL };

#define L(k, m) { .key = k, .type = F_LENGTH, .offset = offsetof(np_layout, m) }
#define S(k, m) { .key = k, .type = F_STYLE, .offset = offsetof(np_layout, m) }
#define T(k, m) { .key = k, .type = F_STRING, .offset = offsetof(np_layout, m) }
#define B(k, m) { .key = k, .type = F_BOOL, .offset = offsetof(np_layout, m) }
#define N(k, m) { .key = k, .type = F_NUMBER, .offset = offsetof(np_layout, m) }
#define C(k, m) { .key = k, .type = F_COLOR, .offset = offsetof(np_layout, m) }
#define CH(k, m, words) { .key = k, .type = F_CHOICE, \
                          .offset = offsetof(np_layout, m), .choices = words }
#define FF(k, i) { .key = k, .type = F_FONTFILE, \
                   .offset = offsetof(np_layout, font_files) + (i) * sizeof(char *) }

static const field layout_fields[] = {
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
    L("headings.space-before", heading_before), L("headings.space-after", heading_after),
    L("headings.number-gap", heading_number_gap),
    S("part-number", part_number),
    S("actor", actor), L("quote.indent", quote_indent),
    S("table", table), L("table.cell-padding", cell_padding),
    L("table.cell-padding-right", cell_padding_right),
    S("table-header", table_header),
    L("table.heavy-rule-width", table_heavy_rule_width),
    L("table.space-before", table_space_before), L("table.top-gap", table_top_gap),
    L("table.top-space", table_top_space), L("table.head-gap", table_head_gap),
    L("table.head-space", table_head_space), L("table.row-space", table_row_space),
    L("table.foot-gap", table_foot_gap), L("table.space-after", table_space_after),
    S("annex-label", annex_label), S("annex-title", annex_title),
    L("annex-title.gap", annex_title_gap), L("annex-title.space-after", annex_after),
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
    S("meeting-body", meeting_body), S("session", session), S("place", place),
    S("agenda-label", item_label), S("agenda-title", item_title),
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
    T("hyphenation.languages", hyphenate_langs),
    N("hyphenation.explicit-penalty", explicit_hyphen_penalty),
    N("linebreak.tolerance", lb_tolerance), N("linebreak.line-penalty", lb_line_penalty),
    N("linebreak.flagged-demerits", lb_flagged_demerits),
    N("linebreak.fitness-demerits", lb_fitness_demerits),
    N("linebreak.max-hyphens", lb_max_hyphens),
    L("table.rule-width", table_rule_width), L("sponsors.gap", sponsors_gap),
    S("part-title", part_title),
    T("emblem.file", emblem_file), L("emblem.x", emblem_x), L("emblem.y", emblem_y),
    L("emblem.width", emblem_width), L("emblem.height", emblem_height),
};

#define NFIELDS (sizeof layout_fields / sizeof layout_fields[0])

#define MAX_EXTENDS 16
#define MAX_GROUPS 128

typedef struct loader {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    const char *dir;            /* directory of `file`, for font files */
    bool seen[NFIELDS][STYLE_PARTS];    /* styles: each part */
    np_field_site sites[NFIELDS][STYLE_PARTS];  /* where each was set last */
    unsigned files;             /* layout files read so far */
    np_layout_find_fn find;
    void *find_ud;
    const char *chain[MAX_EXTENDS];     /* files being read, child first */
    int depth;
    np_pos root_pos;            /* <layout> of the file asked for */
    const np_xnode *groups[MAX_GROUPS];     /* of the file being read */
    int ngroups;
} loader;

void np_layout_bad(np_diags *diags, const char *file, np_pos pos,
                   const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    np_report(diags, file, pos, NP_MSG_LAYOUT_BAD, text);
}

#define bad(ld, pos, ...) np_layout_bad((ld)->diags, (ld)->file, pos, __VA_ARGS__)

/* ---- values ------------------------------------------------------ */

/* Parses "12.5pt", "-3mm", "1in" without the C locale. */
bool np_parse_length(const char *s, double *out)
{
    const char *p = s;
    double sign = 1, value = 0, scale = 1;
    bool digits = false;
    if (*p == '-') {
        sign = -1;
        p++;
    }
    int whole = 0;
    for (; *p >= '0' && *p <= '9'; p++, digits = true, whole++)
        value = value * 10 + (*p - '0');
    if (whole > 6)
        return false;           /* a million points is no page */
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++, digits = true)
            value += (*p - '0') * (scale /= 10);
    static const struct { const char *unit; double pt; } units[] = {
        { "pt", 1 }, { "mm", 72 / 25.4 }, { "cm", 72 / 2.54 }, { "in", 72 },
    };
    for (size_t i = 0; digits && i < 4; i++)
        if (strcmp(p, units[i].unit) == 0) {
            *out = sign * value * units[i].pt;
            return true;
        }
    return false;
}

/* A plain number ("0.65", "3000"): a length without a unit, read the
 * same way. */
static bool parse_number(const char *s, double *out)
{
    char with_unit[64];
    if (strlen(s) > 32)
        return false;
    snprintf(with_unit, sizeof with_unit, "%spt", s);
    return np_parse_length(with_unit, out) && *out >= 0;
}

static bool parse_font(const char *s, int *out)
{
    static const char *names[] = { "regular", "italic", "bold", "bold-italic" };
    for (int i = 0; i < NP_FONT_COUNT; i++)
        if (strcmp(s, names[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

bool np_meeting_order(const char *v, int order[NP_MEETING_PARTS])
{
    static const char *parts[NP_MEETING_PARTS] = { "body", "session", "place" };
    int seen = 0, n = 0;
    while (*v) {
        size_t len = strcspn(v, " ");
        int k = 0;
        while (k < NP_MEETING_PARTS && (strlen(parts[k]) != len
                                        || strncmp(v, parts[k], len) != 0))
            k++;
        if (k == NP_MEETING_PARTS || (seen & 1 << k) || n == NP_MEETING_PARTS)
            return false;
        seen |= 1 << k;
        if (order)
            order[n] = k;
        n++;
        v += len + (v[len] == ' ');
    }
    return n == NP_MEETING_PARTS;
}

static const field *find_field(const char *group, const char *attr, int *part)
{
    char key[128];
    snprintf(key, sizeof key, "%s.%s", group, attr);
    for (size_t i = 0; i < NFIELDS; i++) {
        const field *f = &layout_fields[i];
        if (strcmp(f->key, key) == 0) {
            *part = 0;
            return f;
        }
        if (f->type == F_STYLE && strcmp(f->key, group) == 0) {
            for (int k = 0; k < STYLE_PARTS; k++)
                if (strcmp(attr, style_parts[k]) == 0) {
                    *part = k;
                    return f;
                }
        }
    }
    return NULL;
}

/* "102%", "95.7%": a horizontal scale, read like a number. */
static bool parse_percent(const char *s, double *out)
{
    char number[40];
    size_t n = strlen(s);
    if (n < 2 || n > 32 || s[n - 1] != '%')
        return false;
    memcpy(number, s, n - 1);
    number[n - 1] = '\0';
    if (!parse_number(number, out))
        return false;
    *out /= 100;
    return true;
}

/* The set width: tracking within a tenth of an em either way of 10 pt
 * text, scale from half to twice the font's widths. */
static void set_width_part(loader *ld, np_text_style *st, int part,
                           const char *v, np_pos pos, const char *key)
{
    if (part == PART_TRACKING) {
        if (!np_parse_length(v, &st->tracking))
            bad(ld, pos, "%s.tracking: \"%s\" is not a length (a number with "
                "pt, mm, cm or in)", key, v);
        else if (st->tracking < -1 || st->tracking > 1)
            bad(ld, pos, "%s.tracking: \"%s\" must be between -1pt and 1pt",
                key, v);
        return;
    }
    if (!parse_percent(v, &st->scale))
        bad(ld, pos, "%s.scale: \"%s\" is not a percentage (as 102%%)", key, v);
    else if (st->scale < 0.5 || st->scale > 2)
        bad(ld, pos, "%s.scale: \"%s\" must be between 50%% and 200%%", key, v);
}

static void set_style_part(loader *ld, np_text_style *st, int part,
                           const char *v, np_pos pos, const char *key)
{
    if (part >= PART_TRACKING) {
        set_width_part(ld, st, part, v, pos, key);
        return;
    }
    if (part == 0) {
        if (!parse_font(v, &st->font))
            bad(ld, pos, "%s.font: \"%s\" is not a font (regular, italic, "
                "bold, bold-italic)", key, v);
        return;
    }
    const char *name = part == 1 ? "size" : "leading";
    double *value = part == 1 ? &st->size : &st->leading;
    if (!np_parse_length(v, value))
        bad(ld, pos, "%s.%s: \"%s\" is not a length (a number with pt, mm, "
            "cm or in)", key, name, v);
    else if (*value <= 0)
        bad(ld, pos, "%s.%s: \"%s\" must be more than 0", key, name, v);
}

/* "#0000FF": red, green and blue in hexadecimal. */
static bool parse_color(const char *s, unsigned *out)
{
    unsigned v = 0;
    if (s[0] != '#' || strlen(s) != 7)
        return false;
    for (int i = 1; i < 7; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return false;
        v = v * 16 + (unsigned)d;
    }
    *out = v;
    return true;
}

/* The emblem is found beside the layout naming it, and may not leave
 * that directory: no absolute path, no "..". */
static void set_emblem(loader *ld, np_layout *l, const char *v, np_pos pos)
{
    if (v[0] == '/' || strstr(v, "..")) {
        bad(ld, pos, "emblem.file: \"%s\" must name a file in the layout's "
            "directory or below it (no absolute path, no \"..\")", v);
        return;
    }
    l->emblem_dir = ld->dir;
    l->emblem_from = ld->file;
    l->emblem_pos = pos;
}

/* The lengths that may go either way: an offset from the column's
 * left edge, and raises (a negative one lowers). */
static bool signed_length(const char *key)
{
    static const char *const keys[] = {
        "separator.indent", "footnote.number-raise", "call.raise",
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

static void set_choice(loader *ld, const field *f, int *out, const char *v,
                       np_pos pos)
{
    char list[160] = "";
    for (int i = 0; f->choices[i]; i++) {
        if (strcmp(v, f->choices[i]) == 0) {
            *out = i;
            return;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i ? ", " : "", f->choices[i]);
    }
    bad(ld, pos, "%s: \"%s\" is not one of %s", f->key, v, list);
}

/* How far a glyph may give or take in a justified line: a tenth of an
 * em of 10 pt text is already more than any page shows. */
static bool is_letter_spacing(const field *f)
{
    return f->offset == offsetof(np_layout, letter_stretch)
           || f->offset == offsetof(np_layout, letter_shrink);
}

static void set_field(loader *ld, np_layout *l, const field *f, int part,
                      const char *v, np_pos pos)
{
    char *base = (char *)l + f->offset;
    switch (f->type) {
    case F_LENGTH:
        if (!np_parse_length(v, (double *)base))
            bad(ld, pos, "%s: \"%s\" is not a length (a number with pt, mm, cm or in)",
                f->key, v);
        else if (is_letter_spacing(f) && (*(double *)base < 0 || *(double *)base > 1))
            bad(ld, pos, "%s: \"%s\" must be between 0pt and 1pt", f->key, v);
        else if (*(double *)base < 0 && !signed_length(f->key))
            np_report(ld->diags, ld->file, pos, NP_MSG_LAYOUT_NEGATIVE, f->key,
                      *(double *)base);
        break;
    case F_STYLE:
        set_style_part(ld, (np_text_style *)base, part, v, pos, f->key);
        break;
    case F_NUMBER:
        if (!parse_number(v, (double *)base))
            bad(ld, pos, "%s: \"%s\" is not a number (digits, with a decimal point)",
                f->key, v);
        break;
    case F_COLOR:
        if (!parse_color(v, (unsigned *)base))
            bad(ld, pos, "%s: \"%s\" is not a colour (#RRGGBB)", f->key, v);
        break;
    case F_BOOL:
        if (strcmp(v, "yes") && strcmp(v, "no"))
            bad(ld, pos, "%s: \"%s\" is not yes or no", f->key, v);
        *(bool *)base = strcmp(v, "yes") == 0;
        break;
    case F_STRING:
        *(const char **)base = v;
        if (f->offset == offsetof(np_layout, emblem_file))
            set_emblem(ld, l, v, pos);
        if ((f->offset == offsetof(np_layout, text_align)
             || f->offset == offsetof(np_layout, footnote_align))
            && strcmp(v, "justify") != 0 && strcmp(v, "left") != 0)
            bad(ld, pos, "%s: \"%s\" is not justify or left", f->key, v);
        if (f->offset == offsetof(np_layout, meeting_order) && !np_meeting_order(v, NULL))
            bad(ld, pos, "meeting.order: \"%s\" is not the words body, session and "
                "place in some order, separated by spaces", v);
        break;
    case F_CHOICE:
        set_choice(ld, f, (int *)base, v, pos);
        break;
    case F_FONTFILE: {
        *(const char **)base = v;
        /* a relative font file is found beside the layout naming it */
        size_t i = (f->offset - offsetof(np_layout, font_files)) / sizeof(char *);
        l->font_dirs[i] = ld->dir;
        l->font_from[i] = ld->file;
        l->font_pos[i] = pos;
        break;
    }
    }
}

/* Whether some field belongs to group `name`. */
static bool group_known(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < NFIELDS; i++) {
        const char *k = layout_fields[i].key;
        if (strncmp(k, name, n) == 0 && (k[n] == '.' || k[n] == '\0'))
            return true;
    }
    return false;
}

/* A group given twice in one file would silently lose the first one's
 * values: refuse it. */
static bool group_repeated(loader *ld, const np_xnode *g)
{
    for (int i = 0; i < ld->ngroups; i++)
        if (strcmp(ld->groups[i]->name, g->name) == 0) {
            bad(ld, g->pos, "<%s> is given twice (first at line %u): set its "
                "fields in one element", g->name, ld->groups[i]->pos.line);
            return true;
        }
    if (ld->ngroups < MAX_GROUPS)
        ld->groups[ld->ngroups++] = g;
    return false;
}

static void read_group(loader *ld, np_layout *l, const np_xnode *g)
{
    if (!group_known(g->name)) {
        bad(ld, g->pos, "unknown group <%s>", g->name);
        return;
    }
    if (group_repeated(ld, g))
        return;
    for (const np_xattr *a = g->attrs; a; a = a->next) {
        int part;
        const field *f = find_field(g->name, a->name, &part);
        if (!f) {
            bad(ld, a->pos, "unknown field %s.%s", g->name, a->name);
            continue;
        }
        ld->seen[f - layout_fields][part] = true;
        ld->sites[f - layout_fields][part] = (np_field_site){ ld->file, a->pos,
                                                             ld->files };
        set_field(ld, l, f, part, a->value, a->pos);
    }
}

/* Every field must be set; the missing ones are listed in one message
 * (a layout is either complete or extends one that is). */
static void check_complete(loader *ld, np_pos pos)
{
    char list[1024] = "";
    size_t at = 0;
    int missing = 0;
    for (size_t i = 0; i < NFIELDS; i++) {
        const field *f = &layout_fields[i];
        int parts = f->type == F_STYLE ? REQUIRED_PARTS : 1;
        for (int k = 0; k < parts; k++) {
            if (ld->seen[i][k])
                continue;
            if (missing++ < 8 && at < sizeof list - 64)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s%s",
                                       missing > 1 ? ", " : "", f->key,
                                       f->type != F_STYLE ? "" : k == 0 ? ".font"
                                       : k == 1 ? ".size" : ".leading");
        }
    }
    if (missing)
        bad(ld, pos, "missing %d field%s: %s%s (a layout names them all, or "
            "extends one that does, e.g. extends=\"un-a4\")", missing,
            missing > 1 ? "s" : "", list, missing > 8 ? ", ..." : "");
}

/* np_field_site_fn: where field `key` ("group.attr") was set. */
static np_field_site site_of(void *ud, const char *key)
{
    loader *ld = ud;
    char group[64];
    const char *dot = strchr(key, '.');
    int part = 0;
    snprintf(group, sizeof group, "%.*s", dot ? (int)(dot - key) : 0, key);
    const field *f = dot ? find_field(group, dot + 1, &part) : NULL;
    return f ? ld->sites[f - layout_fields][part]
             : (np_field_site){ ld->file, ld->root_pos, 0 };
}

/* A style whose scale no layout of the chain sets keeps the font's
 * widths (its tracking stays 0). */
static void default_scales(const loader *ld, np_layout *l)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (layout_fields[i].type == F_STYLE && !ld->seen[i][PART_SCALE])
            ((np_text_style *)((char *)l + layout_fields[i].offset))->scale = 1;
}

static const char *dir_of(np_arena *arena, const char *path, bool builtin)
{
    const char *slash = strrchr(path, '/');
    if (builtin)
        return NULL;
    return slash ? np_arena_strndup(arena, path, (size_t)(slash - path)) : ".";
}

static int load_chain(loader *ld, np_layout *out, const char *file,
                      const char *bytes, size_t len, bool builtin);

/* Reads the parent named by extends="..." into `out` first. */
static int load_parent(loader *ld, np_layout *out, const np_xnode *root,
                       const char *name)
{
    char *bytes;
    size_t len;
    const char *path;
    bool builtin = false;
    int found = ld->find ? ld->find(ld->find_ud, name, ld->file, &bytes, &len,
                                    &path, &builtin) : -1;
    if (found < 0) {
        if (found == -1)
            bad(ld, np_xattr_pos(root, "extends"), "extends=\"%s\": no such layout",
                name);
        return 1;
    }
    for (int i = 0; i < ld->depth; i++)
        if (strcmp(ld->chain[i], path) == 0) {
            bad(ld, np_xattr_pos(root, "extends"), "extends=\"%s\" makes a cycle: %s is already "
                "being read", name, path);
            if (!builtin)
                free(bytes);
            return 1;
        }
    const char *file = ld->file, *dir = ld->dir;
    int rc = load_chain(ld, out, path, bytes, len, builtin);
    ld->file = file;
    ld->dir = dir;
    if (!builtin)
        free(bytes);
    return rc;
}

static int load_chain(loader *ld, np_layout *out, const char *file,
                      const char *bytes, size_t len, bool builtin)
{
    np_xnode *root;
    int rc = np_xml_read(ld->arena, ld->diags, file, bytes, len, NULL, &root);
    if (rc)
        return rc;
    if (!np_xnode_is(root, "layout")) {
        char text[160];
        snprintf(text, sizeof text, "the root element must be <layout>, not <%.100s>",
                 root->name);
        np_report(ld->diags, file, root->pos, NP_MSG_LAYOUT_BAD, text);
        return 1;
    }
    if (ld->depth == MAX_EXTENDS) {
        np_report(ld->diags, file, root->pos, NP_MSG_LAYOUT_BAD,
                  "more than 16 layouts extend one another");
        return 1;
    }
    if (ld->depth == 0)
        ld->root_pos = root->pos;
    ld->chain[ld->depth++] = file;
    const char *parent = np_xattr_get(root, "extends");
    ld->file = file;
    if (parent && (rc = load_parent(ld, out, root, parent)) != 0)
        return rc;
    ld->file = file;
    ld->dir = dir_of(ld->arena, file, builtin);
    ld->ngroups = 0;
    ld->files++;
    const char *name = np_xattr_get(root, "name");
    if (name || !out->name)
        out->name = name;
    for (const np_xnode *g = root->first; g; g = g->next)
        if (g->name)
            read_group(ld, out, g);
    return 0;
}

int np_layout_load_with(np_arena *arena, np_diags *diags, const char *file,
                        const char *bytes, size_t len, bool builtin,
                        np_layout_find_fn find, void *find_ud, np_layout *out)
{
    loader *ld = np_arena_alloc(arena, sizeof *ld);
    if (!ld)
        return -1;
    *ld = (loader){ .arena = arena, .diags = diags, .file = file,
                    .find = find, .find_ud = find_ud };
    unsigned errors = diags->count[NP_ERROR];
    memset(out, 0, sizeof *out);
    int rc = load_chain(ld, out, file, bytes, len, builtin);
    if (rc)
        return rc;
    out->path = file;
    check_complete(ld, ld->root_pos);
    default_scales(ld, out);
    if (diags->count[NP_ERROR] == errors)
        np_layout_check(diags, out, site_of, ld);
    if (np_arena_failed(arena))
        return -1;
    return diags->count[NP_ERROR] > errors ? 1 : 0;
}

int np_layout_load(np_arena *arena, np_diags *diags, const char *file,
                   const char *bytes, size_t len, np_layout *out)
{
    return np_layout_load_with(arena, diags, file, bytes, len, false, NULL, NULL, out);
}

/* ---- the schema of layout files ---------------------------------- */

/* The RELAX NG schema of layout files, made from layout_fields so that
 * it can never disagree with the loader: for XML editors (completion,
 * checking as one types) and for xmllint. */
static const char *const rng_length =
    "<data type=\"string\"><param name=\"pattern\">-?[0-9]{1,6}(\\.[0-9]+)?"
    "(pt|mm|cm|in)</param></data>";
static const char *const rng_number =
    "<data type=\"string\"><param name=\"pattern\">[0-9]{1,6}(\\.[0-9]+)?"
    "</param></data>";
static const char *const rng_percent =
    "<data type=\"string\"><param name=\"pattern\">[0-9]{1,6}(\\.[0-9]+)?%"
    "</param></data>";
static const char *const rng_color =
    "<data type=\"string\"><param name=\"pattern\">#[0-9A-Fa-f]{6}"
    "</param></data>";
static const char *const rng_font =
    "<choice><value>regular</value><value>italic</value><value>bold</value>"
    "<value>bold-italic</value></choice>";

typedef struct sink {
    np_write_fn write;
    void *ud;
    int rc;
} sink;

static void emit(sink *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(sink *k, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k->rc == 0 && n > 0)
        k->rc = k->write(k->ud, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const char *rng_type(field_type t)
{
    switch (t) {
    case F_LENGTH: return rng_length;
    case F_NUMBER: return rng_number;
    case F_COLOR: return rng_color;
    case F_BOOL: return "<choice><value>yes</value><value>no</value></choice>";
    default: return "<text/>";
    }
}

static void emit_choice(sink *k, const char *name, const char *const *words)
{
    emit(k, "        <optional><attribute name=\"%s\"><choice>", name);
    for (int i = 0; words[i]; i++)
        emit(k, "<value>%s</value>", words[i]);
    emit(k, "</choice></attribute></optional>\n");
}

static void emit_attribute(sink *k, const char *name, const char *type)
{
    emit(k, "        <optional><attribute name=\"%s\">%s</attribute></optional>\n",
         name, type);
}

static size_t group_length(const char *key)
{
    const char *dot = strchr(key, '.');
    return dot ? (size_t)(dot - key) : strlen(key);
}

static bool group_seen_before(size_t i)
{
    const char *k = layout_fields[i].key;
    size_t n = group_length(k);
    for (size_t j = 0; j < i; j++) {
        const char *o = layout_fields[j].key;
        if (group_length(o) == n && strncmp(o, k, n) == 0)
            return true;
    }
    return false;
}

static void emit_group(sink *k, size_t first)
{
    const char *key = layout_fields[first].key;
    size_t n = group_length(key);
    emit(k, "      <optional><element name=\"%.*s\">\n", (int)n, key);
    for (size_t i = first; i < NFIELDS; i++) {
        const field *f = &layout_fields[i];
        if (group_length(f->key) != n || strncmp(f->key, key, n) != 0)
            continue;
        if (f->type == F_STYLE) {
            emit_attribute(k, "font", rng_font);
            emit_attribute(k, "size", rng_length);
            emit_attribute(k, "leading", rng_length);
            emit_attribute(k, "tracking", rng_length);
            emit_attribute(k, "scale", rng_percent);
        } else if (f->type == F_CHOICE) {
            emit_choice(k, f->key + n + 1, f->choices);
        } else {
            emit_attribute(k, f->key + n + 1, rng_type(f->type));
        }
    }
    emit(k, "        <empty/>\n      </element></optional>\n");
}

int np_write_layout_schema(np_write_fn write, void *ud)
{
    if (!write)
        return -1;
    sink k = { write, ud, 0 };
    emit(&k, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<!-- The schema of notepress layout files, written by `notepress schema\n"
         "     layout` from the loader's own table of fields. Every field is\n"
         "     optional here: a layout that extends another sets only some; the\n"
         "     loader checks that the whole chain sets them all. -->\n"
         "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"\n"
         "         datatypeLibrary=\"http://www.w3.org/2001/XMLSchema-datatypes\">\n"
         "  <start>\n    <element name=\"layout\">\n"
         "      <optional><attribute name=\"name\"/></optional>\n"
         "      <optional><attribute name=\"extends\"/></optional>\n"
         "      <interleave>\n");
    for (size_t i = 0; i < NFIELDS; i++)
        if (!group_seen_before(i))
            emit_group(&k, i);
    emit(&k, "      </interleave>\n    </element>\n  </start>\n</grammar>\n");
    return k.rc;
}
