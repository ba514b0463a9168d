/*
 * layout.h - the page template and the language data, as loaded from
 * layouts/ (or from the copies built into the library).
 *
 * Every visual decision lives in a layout file: page size, fonts, sizes,
 * leading, spacing, positions of the masthead, running heads and
 * footers. Every string printed that is not the document's own text
 * (labels, month names, the language letter) lives in a language file.
 * layout_load.c and lang_load.c fill these structs (the table of
 * layout_fields.c says where each field goes); template.h fills their
 * templates. Nothing here loads or draws.
 */
#ifndef NP_LAYOUT_H
#define NP_LAYOUT_H

#include <stdbool.h>
#include "ground/arena.h"
#include "ground/diag.h"

enum { NP_FONT_REGULAR, NP_FONT_ITALIC, NP_FONT_BOLD, NP_FONT_BOLD_ITALIC,
       NP_FONT_COUNT };
/* Faces a layout names: the four styles for Latin (and Cyrillic), Han
 * and Arabic text. */
#define NP_FONT_SLOTS (3 * NP_FONT_COUNT)

/* The side of the frame a running header or footer item sits on:
 * outside is the left of even pages and the right of odd ones, inside
 * the other way round. */
typedef enum np_side { NP_SIDE_LEFT, NP_SIDE_RIGHT, NP_SIDE_OUTSIDE,
                       NP_SIDE_INSIDE } np_side;

/* Where a section's number stands: ending headings.number-gap before
 * the heading's text, or starting one body.tab before it. */
enum { NP_NUMBER_RIGHT, NP_NUMBER_LEFT };

/* The distribution block's third line, the language of the version:
 * printed in translations only, the "Original:" line moving up in an
 * original; or kept, empty in an original. */
enum { NP_VERSION_LINE_TRANSLATIONS, NP_VERSION_LINE_ALWAYS };

/* How a kind of text is set. tracking and scale are its set width, as
 * Word gives the real documents: every glyph (spaces too) advances
 * `tracking` points more than the font says, and glyphs are drawn
 * `scale` times as wide (1: the font's own widths). A layout that does
 * not set them leaves 0 and 1. */
typedef struct np_text_style {
    int font;                   /* NP_FONT_* */
    double size;
    double leading;             /* baseline to baseline */
    double tracking;            /* points after every glyph */
    double scale;               /* horizontal scale */
} np_text_style;

typedef struct np_layout {
    const char *name;
    const char *path;           /* file it came from, or layouts/NAME.xml built in */
    /* The faces by slot: the four styles of the Latin faces, then of
     * the Han and of the Arabic ones (typeset.h, NP_FACE_SLOTS); "" for a
     * slot the layout leaves empty. */
    const char *font_files[NP_FONT_SLOTS];
    const char *font_dirs[NP_FONT_SLOTS];   /* directory of the layout that
                                               named each font; NULL built-in */
    const char *font_from[NP_FONT_SLOTS];   /* that layout file, and where */
    np_pos font_pos[NP_FONT_SLOTS];
    bool missing_glyph_box;         /* a character no face shows: a box
                                       and a warning, not an error */

    double page_width, page_height;

    /* the text column */
    double body_left, body_width;
    double body_first_baseline;     /* pages 2.. */
    double body_bottom;             /* lowest descender, pages 2.. */
    double first_page_body_bottom;  /* page 1 */
    double tab;                     /* hanging number / indent step */
    /* landscape pages (a table turned on pages of its own), measured
     * down the turned page: the first baseline, the lowest descender;
     * the text column keeps body.left and the portrait page's right
     * margin */
    double landscape_first_baseline, landscape_bottom;
    double landscape_header_baseline;   /* the running header's, down the
                                           portrait page before it is turned */
    double ascent;                  /* share of a line's leading above its
                                       baseline: a page's first line of a
                                       larger leading than the text's sits
                                       lower by that share of the difference */

    np_text_style body;
    double para_space;              /* after each paragraph */
    double first_line_indent;       /* of a paragraph without a number */
    const char *text_align;         /* "justify" or "left" */
    const char *footnote_align;     /* the same, for footnotes */

    np_text_style footnote;
    double note_number_size, note_number_raise, note_number_gap;
    double note_star_size, note_star_raise;     /* *, ** of front-matter notes */
    double call_size, call_raise;
    int star_call_font;             /* NP_FONT_* of *, ** in front matter */
    const char *separator;          /* text drawn above the notes */
    np_text_style separator_style;
    double separator_indent;        /* from body_left, may be negative */
    double separator_gap;           /* separator baseline (or the top edge
                                       of its rule) to first note baseline */
    double separator_rule_width, separator_length;  /* a drawn rule from
                                       the separator's start; width 0: none */
    double notes_space;             /* least space between text and separator */
    double note_space;              /* between two notes */

    /* title block; a draft (with a sponsors line) has its own title */
    np_text_style title, subtitle, sponsors, draft_title;
    double title_gap, subtitle_gap, title_block_after, draft_title_gap,
           draft_title_after;

    /* adopted texts: the adoption heading (and the Security Council's
     * title), the bracketed reference line, the title with its number
     * hanging number_gap before it, the Security Council's line under
     * its title, the closing adoption line set against the right
     * margin; each gap from the baseline above */
    np_text_style adoption, reference, adopted_title, council_line, closing;
    double adoption_gap, reference_gap, adopted_title_gap,
           adopted_title_number_gap, adopted_title_after, council_line_gap,
           council_line_after, closing_gap;
    np_text_style decision_actor;   /* a decision's organ, upright */
    int header_title_side;          /* np_side of an adopted text's title
                                       in the running header */

    /* headings by depth (0: I., 1: A., 2: 1.) */
    np_text_style heading[3];
    double heading_before[3], heading_after[3], heading_number_gap;
    int heading_number_align[3];    /* NP_NUMBER_* */
    np_text_style part_number;      /* resolution part "I" line */

    np_text_style actor;
    double quote_indent;
    /* tables: rules over the first row, under the header rows and
     * under the last row; distances between baselines and rule top
     * edges (see un-a4.xml) */
    np_text_style table, table_header;
    double table_notes_gap;         /* closing rule to the notes' ascenders */
    double cell_padding;            /* after a column boundary, before text */
    double cell_padding_right;      /* after text, before a boundary */
    double table_heavy_rule_width;
    double table_space_before, table_top_gap, table_top_space, table_head_gap,
           table_head_space, table_row_space, table_foot_gap, table_space_after;

    /* annexes */
    np_text_style annex_label, annex_title;
    double annex_title_gap, annex_after;
    np_text_style annex_original;   /* "[Original: French]" */
    double annex_original_gap;

    /* the kind's label under the title ("Corrigendum", "Addendum") */
    np_text_style kind_label;
    double kind_label_gap;
    /* signature block, each line ending at the text's right edge */
    np_text_style signature;
    double signature_before;
    int signed_font;                /* of "(Signed)": NP_FONT_* */
    /* summary box of reports: a frame round a heading and blocks */
    np_text_style summary_heading;
    double summary_rule_width, summary_padding, summary_top, summary_bottom,
           summary_heading_after, summary_before, summary_after;
    /* the link of a <sym>: "https://docs.un.org/{symbol}", "" none */
    const char *symbol_link;

    /* masthead (page 1) */
    double frame_left, frame_right;
    np_text_style org;
    double org_x, org_baseline;
    double symbol_big_size, symbol_size, symbol_baseline;
    double thin_rule_y, thin_rule_width;
    np_text_style organ;
    double organ_x, organ_baseline;
    np_text_style distr;
    double distr_x, distr_baseline;
    int distr_version_line;         /* NP_VERSION_LINE_* */
    double heavy_rule_y, heavy_rule_width;

    /* meeting block: a style and a space after per body of the meeting,
     * in order (up to doc.h's NP_MEETING_BODIES), set meeting_body_width
     * wide; the agenda items meeting_width wide */
    double meeting_first_baseline, meeting_width, meeting_body_width;
    np_text_style meeting_body[3], session, place, item_label, item_title;
    double meeting_body_after[3];
    const char *meeting_order;      /* "body session place", in some order */
    double meeting_item_space;      /* between two agenda items */

    /* running header and footer (pages 2..) */
    /* templates: {symbol} {page} {pages} {job} {lang-letter} {date} */
    np_text_style header;
    const char *header_text;
    double header_baseline, header_rule_y, header_rule_width;
    np_text_style footer_page, footer_job;
    const char *footer_page_text, *footer_job_text;
    double footer_baseline, footer_gap;     /* gap: between items on one side */
    double footer_inset;            /* footer items from the frame's edges */
    double footer_job_raise;        /* the job number above footer_baseline */
    int header_side, footer_page_side, footer_job_side;     /* np_side */

    /* page-1 footer */
    np_text_style job_line;
    const char *first_footer_text;
    double job_x, job_baseline;
    double job_date_x, job_date_step;   /* date codes: from job_x, then apart */
    bool barcode;
    double barcode_baseline, barcode_height, barcode_narrow, barcode_ratio;

    /* page 1: the QR code of the document's address (template over
     * {lang} and {symbol}), level an NP_QR_LEVEL_* of qr.h, quiet zone in
     * modules; and the "Please recycle" mark, its right edge at
     * recycle_right */
    bool qr;
    const char *qr_text;
    double qr_x, qr_y, qr_size, qr_quiet_zone;
    int qr_level;
    bool recycle;
    np_text_style recycle_label;
    double recycle_right, recycle_top, recycle_height, recycle_baseline,
           recycle_gap;

    /* end-of-document mark */
    double end_mark_length, end_mark_width, end_mark_gap;

    /* typesetting: fractions of the font size or of the space */
    double sup_scale, sup_rise, sub_scale, sub_drop;
    double space_stretch, space_shrink;     /* of a space's width */
    double letter_stretch, letter_shrink;   /* points per glyph, justified
                                               lines only */
    bool kerning;                   /* the font's pair kerning */
    bool ligatures;                 /* the font's standard ligatures (fi,
                                       fl); Arabic's required ones always */
    unsigned link_color;            /* 0xRRGGBB of link text */
    bool hyphenate;                 /* words broken by the language's patterns */
    double hyphen_penalty, explicit_hyphen_penalty;
    double lb_tolerance, lb_line_penalty, lb_flagged_demerits,
           lb_fitness_demerits, lb_max_hyphens;
    double table_rule_width;        /* the rule over the first row */
    double sponsors_gap;
    np_text_style part_title;       /* resolution part title */

    /* emblem beside the organ name: a PNG, or "" for none */
    const char *emblem_file;
    const char *emblem_dir, *emblem_from;   /* like the fonts' */
    np_pos emblem_pos;
    double emblem_x, emblem_y, emblem_width, emblem_height;
} np_layout;

typedef enum np_label {
    NP_LABEL_UNITED_NATIONS,
    NP_LABEL_DISTR_GENERAL,
    NP_LABEL_DISTR_LIMITED,
    NP_LABEL_DISTR_RESTRICTED,
    NP_LABEL_ORIGINAL,              /* "Original : {language}" */
    NP_LABEL_AGENDA_PROVISIONAL,    /* "Point {number} de l'ordre du jour provisoire" */
    NP_LABEL_AGENDA,                /* "Point {number} de l'ordre du jour" */
    NP_LABEL_ANNEX,                 /* "Annexe" */
    NP_LABEL_ANNEX_NUMBERED,        /* "Annexe {number}" */
    NP_LABEL_PLEASE_RECYCLE,        /* "Merci de recycler" */
    /* adopted texts: the heading of the General Assembly's and ECOSOC's
     * ("Resolution adopted by the General Assembly on {date}"), the
     * Security Council's title ("Resolution {number} ({year})") and its
     * line ("Adopted by the Security Council at its {meeting}, on {date}") */
    NP_LABEL_ADOPTED_RESOLUTION_GA,
    NP_LABEL_ADOPTED_DECISION_GA,
    NP_LABEL_ADOPTED_RESOLUTION_ECOSOC,
    NP_LABEL_ADOPTED_DECISION_ECOSOC,
    NP_LABEL_RESOLUTION_SC,
    NP_LABEL_ADOPTED_SC,
    /* letters, corrigenda, addenda, reports */
    NP_LABEL_AGENDA_ITEMS_PROVISIONAL,  /* "Items {numbers} of the provisional agenda" */
    NP_LABEL_AGENDA_ITEMS,          /* "Agenda items {numbers}" */
    NP_LABEL_AND,                   /* "{first} and {last}": "15, 16 and 116" */
    NP_LABEL_SIGNED,                /* "(Signed)" before a signer's name */
    NP_LABEL_CORRIGENDUM,           /* "Rectificatif", under the title */
    NP_LABEL_ADDENDUM,              /* "Additif" */
    NP_LABEL_SUMMARY,               /* "Résumé", heading the summary box */
    NP_LABEL_ANNEX_ORIGINAL,        /* "[Original : {language}]" */
    NP_LABEL_XREF_ANNEX,            /* "annexe": an xref to the only annex */
    NP_LABEL_XREF_ANNEX_NUMBERED,   /* "annexe {number}" */
    NP_LABEL_XREF_TABLE,            /* "tableau {number}" */
    NP_LABEL_XREF_FIGURE,           /* "figure {number}" */
    NP_LABEL_TABLE_CAPTION,         /* "Tableau {number}" */
    NP_LABEL_FIGURE_CAPTION,        /* "Figure {number}" */
    NP_LABEL_CONTENTS,              /* "Table des matières" */
    NP_LABEL_CONTENTS_PAGE,         /* "Page": over the page numbers */
    NP_LABEL_COUNT
} np_label;

typedef struct np_lang_name {
    const char *code, *name;
    const char *annex;          /* as an annex's original line names it
                                   ("английском языке"), or NULL: name */
} np_lang_name;

/* Letters a language numbers list items with, at most. */
#define NP_LANG_MAX_LETTERS 64

typedef struct np_lang {
    const char *code;               /* "fr" */
    const char *letter;             /* "F" */
    bool rtl;                       /* written right to left (Arabic) */
    const char *self_name;          /* "Français": the version line */
    const char *hyphenation;        /* pattern file name */
    int left_hyphen_min, right_hyphen_min;
    const char *labels[NP_LABEL_COUNT];
    const char *months[12];
    const char *date_format;        /* "{day} {month} {year}" */
    const char *first_day;          /* "1er", or NULL */
    /* The date in running text, where the masthead's stays English
     * (Russian: "29 июля 2021 года"); NULL: as date_format */
    const char *text_date_format;
    const char *text_months[12];
    /* Suffixes of ordinals set as superscripts ("76e", "1re"), separated
     * by spaces; NULL: none */
    const char *ordinal_suffixes;
    const char *list_alpha, *list_roman;    /* "{n})" or "({n})" */
    const char *list_decimal, *list_bullet, *list_dash;
    const char *paragraph_number;   /* "{n}.", Arabic "{n} -" */
    /* The letters of (a), (b)... in order, when not a to z: Arabic
     * counts in the abjad order (أ ب ج د); NULL-ended, none: Latin. */
    const char *letters[NP_LANG_MAX_LETTERS + 1];
    const char *quote_open, *quote_close;   /* what a straight " becomes */
    np_lang_name *names;            /* language names in this language */
    int name_count;
} np_lang;

/* The lines that open the meeting block: the body (commission,
 * committee), the session and the place. */
enum { NP_MEETING_BODY, NP_MEETING_SESSION, NP_MEETING_PLACE, NP_MEETING_PARTS };

#endif
