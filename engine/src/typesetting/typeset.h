/*
 * typeset.h - the stages between the document tree and the pages:
 * measured inline text, broken lines, the vertical flow of lines, and
 * pages.
 *
 *   inline.c    inline nodes -> boxes, glue and penalties (measured)
 *   inline_words.c  text -> words, and where a word may break
 *   inline_boxes.c  the boxes, glue and penalties of a paragraph
 *   items.c     the item arrays; the width of plain text
 *   hyph_memo.c the breaks of each word, kept for the render
 *   runs.c      a word of complex text -> boxes of shaped runs
 *   para.c      items -> lines of positioned text segments
 *   visual.c    a line of complex text -> segments in visual order
 *   front.c     page 1's meeting block and title block -> the flow
 *   adopted.c   an adopted text's title block and closing lines
 *   blocks.c    document blocks -> the flow: lines with their spacing,
 *               keeps and footnote calls; footnotes -> their own lines
 *   labels.c    the numbers and marks hung before paragraphs and items
 *   kinds.c     signatures, the summary box, a corrigendum's label, an
 *               annex's original language, a symbol's link
 *   paginate.c  flow -> pages (widows, orphans, footnotes on the page
 *               of their call)
 *   pages.c     pages -> back end calls, with running heads and footers
 *   masthead.c  page 1's masthead and footer, with the barcode
 *   marks.c     the QR code and the recycling mark of page 1
 *   tags.c      the structure tree of a tagged PDF
 */
#ifndef NP_TYPESET_H
#define NP_TYPESET_H

#include <stdbool.h>
#include <stddef.h>
#include "ground/arena.h"
#include "ground/diag.h"
#include "document/doc.h"
#include "text/font.h"
#include "text/hyph.h"
#include "readers/layout.h"
#include "readers/template.h"
#include "readers/values.h"
#include "typesetting/linebreak.h"
#include "typesetting/out.h"
#include "text/shape.h"
#include <stdint.h>

/* Keeps a helper with a large frame (a paragraph's spec) out of the
 * function that calls it, when that function is on the recursive path
 * of blocks nested in blocks (blocks.c, table.c): the frame is then on
 * the stack only while the helper runs, not once a level of nesting. */
#define NP_NOINLINE __attribute__((noinline))

/* The faces of a render: the layout's four styles (np_text_style.font)
 * for each group of scripts with faces of its own. Slot
 * group * NP_FONT_COUNT + style; the Latin group (Latin, Greek,
 * Cyrillic, and every character no other face shows) is slots 0 to 3,
 * the ones the document's styles name. */
enum { NP_GROUP_LATIN, NP_GROUP_HAN, NP_GROUP_ARABIC, NP_GROUPS };
#define NP_FACE_SLOTS (NP_GROUPS * NP_FONT_COUNT)

/* A run of text drawn in one font, size, set width and rise. */
typedef struct np_seg {
    double x;                   /* from the page's left edge */
    double rise;                /* baseline shift, up */
    double size;
    double tracking, scale;     /* as np_text_style's */
    double width;               /* drawn width, spaces widened */
    double space_extra;         /* added to every U+0020 */
    const char *text;
    size_t len;
    int font;                   /* a face slot */
    int tag;                    /* its structure element (tags.c) */
    const char *link;           /* URI, or NULL */
    struct np_seg_more *more;   /* NULL: none (np_seg_more_of) */
    bool space_after;           /* ends a line broken at a space */
    int late;                   /* a target (index + 1) whose page number
                                   is drawn here once known, ending at
                                   x + width (xref.c); 0: none */
} np_seg;

/* What few segments carry (shaped text, a word broken across lines in
 * a tagged PDF): apart from np_seg, which every line has. Copies of a
 * segment share it. */
typedef struct np_seg_more {
    np_out_glyph *glyphs;       /* a shaped run (out.h), or NULL */
    int nglyphs;
    size_t silent;              /* as np_out_text's */
    const char *actual;
    size_t actual_from;
    struct np_seg *origin;      /* a whole line's part of a word broken
                                   twice: the segment of its first part
                                   (`actual` then holds the word's text
                                   before it, and is not drawn) */
} np_seg_more;

/* What few lines carry (table rows, a summary box, a picture): apart
 * from np_line, which every line of a long document has. */
typedef struct np_line_more {
    /* Table rules drawn with the line, from rule_x0 to rule_x1: one over
     * it, its top edge `gap` above the baseline, and one under it, its
     * top edge `gap` below the baseline. Width 0: none. */
    struct { double gap, width; } rule_above, rule_below;
    double rule_x0, rule_x1;
    /* A frame round a run of lines (a report's summary box): its sides
     * at x0 and x1 from `above` the baseline (up to the line before) to
     * `below` it; a rule across at `above` on its top line and at
     * `below` when that is not 0. Width 0: none. */
    struct { double width, x0, x1, above, below; bool top; } frame;
    const struct np_image *image;   /* a figure's picture: its bottom on
                                       the baseline, from image_x */
    double image_x, image_w, image_h;
    int image_tag;              /* its Figure (tags.c) */
    double top_space;           /* lowers the line when it opens a page
                                   (room for its rule above) */
    double repeat_gap;          /* baseline distance from a table header
                                   repeated above it; 0: its leading */
    /* A table row: its table's header lines, repeated when a page
     * starts inside the table. */
    size_t repeat_first;
    int repeat_count;
    /* A table row: its table's notes, set under its last row and
     * repeated under the last row of every page the table reaches, and
     * how far they reach below this line's baseline. */
    size_t foot_first;
    int foot_count;
    double foot_reach;
} np_line_more;

/* A line of the flow, ready to draw once its page and y are known. */
typedef struct np_line {
    np_seg *segs;
    int nsegs;
    np_arena_mark mark;         /* of ts->lines, taken before anything the
                                   line points to there was made */
    double leading;             /* baseline distance from the line above */
    double space_before;        /* glue above; dropped at the top of a page */
    double depth;               /* how far it reaches below its baseline */
    np_footnote **calls;        /* notes first called on this line */
    int ncalls;
    int call_cap;               /* the room of `calls` */
    const char *bookmark;       /* outline entry starting here, or NULL */
    int bookmark_level;
    int para;                   /* paragraph id; lines of one paragraph
                                   share it (statistics, widows) */
    double ratio;               /* for statistics */
    np_line_more *more;         /* NULL: none (np_line_more_of) */
    /* the flags together, after the wider fields: no padding */
    bool keep_with_next;        /* no page break after this line */
    bool new_page;              /* this line starts a page */
    bool landscape;             /* on a landscape page (a turned table's);
                                   a page holds lines of one kind */
    bool at_top;                /* page 1: placed at an absolute baseline */
    bool justified, last, hyphenated, overfull;     /* for statistics */
} np_line;


typedef struct np_flow {
    np_line *lines;
    size_t n, cap;
    double pending_space;       /* space after the last block, not yet placed */
} np_flow;

/* Shared state of one typesetting run. */
typedef struct np_ts {
    np_arena *arena;
    /* What lines point to (segments, their text, labels): released
     * behind the pages as they are drawn (pages.c), the rest when
     * drawing ends. Nothing that outlives the drawing points into it. */
    np_arena *lines;
    /* What setting makes on the way to lines and drops (a paragraph's
     * items, their text with its typography, shaped runs, bidi levels):
     * cleared when the outermost setting in progress ends. */
    np_arena *scratch;
    np_arena_mark setting_mark;         /* of `lines`, when the outermost
                                           setting in progress began */
    int settings;                       /* settings in progress */
    np_diags *diags;
    const char *file;
    const np_doc *doc;
    const np_layout *layout;
    const np_lang *lang;
    const np_face *const *faces;        /* NP_FONT_COUNT: the Latin ones */
    np_shaper **shapers;                /* NP_FONT_COUNT when the layout
                                           kerns, else NULL */
    /* The face of any slot, loaded when a document first needs it (the
     * Han and Arabic faces are large, and most documents show neither);
     * NULL when the layout names none or it cannot be loaded (reported). */
    const np_face *(*load_face)(void *ud, int slot);
    void *load_face_ud;
    /* The language of a <span lang>, the renderer's (NULL: none). */
    const np_lang *(*lang_of)(void *ud, const char *code);
    /* The hyphenation patterns of `lang` (a span's), or NULL when it
     * has none; called with lang_of_ud. */
    const np_hyph *(*hyph_of)(void *ud, const np_lang *lang);
    void *lang_of_ud;
    const np_face *slot_faces[NP_FACE_SLOTS];   /* as loaded */
    bool slot_tried[NP_FACE_SLOTS];
    np_shaper *run_shapers[NP_FACE_SLOTS];      /* made on first use */
    /* A paragraph's item arrays, kept for the next one (np_items_take):
     * growing them anew for each paragraph cost a long document 3 % of
     * its work in copies. Freed by np_ts_release. */
    struct np_item *spare_items;
    struct np_frag *spare_frags;
    size_t spare_cap;
    /* The segments of the line being built (para.c), scratch from line
     * to line: each line keeps an exact copy. Freed by np_ts_release. */
    struct np_seg *line_segs;
    size_t line_seg_cap;
    bool missing_as_box;                /* a character no face shows is
                                           drawn as a box, with a warning */
    uint32_t *missing;                  /* characters reported so */
    size_t nmissing, missing_cap;
    const np_hyph *hyph;                /* NULL: no hyphenation */
    int no_hyphens;                     /* >0: inside a table header cell */
    bool landscape;                     /* a turned table is being set */
    const np_allocator *alloc;
    np_linebreak_mode mode;
    np_lb_params params;
    int next_para;
    np_flow notes_flow;                 /* lines of every note */
    size_t *note_first;                 /* per note: first line in notes_flow */
    int *note_lines;                    /* per note: line count */
    double break_seconds;               /* time spent in the line breaker */
    const struct np_image *emblem;      /* decoded, or NULL */
    bool failed;                        /* out of memory */
    struct np_hyph_memo *hyph_memo;     /* breaks of words met (hyph_memo.c) */
    /* The caller's wish to stop (np_render_options.cancel), when not
     * NULL: polled before each paragraph, page laid out and page drawn,
     * and by the line breaker (params.stop), so that a render stops
     * within moments at any stage. */
    int (*stop)(void *ud);
    void *stop_ud;
    /* A tagged PDF (tags.c): the structure tree, the element being set,
     * and the Note element of each note (0 until its first call). */
    bool tagged;
    np_out_tree tree;
    int tag;
    int *note_tags;
    /* The References of the table-note calls of the tables being set,
     * innermost last, each with its letter's number (table_notes.c). */
    struct np_tnote_ref *tnote_refs;
    size_t ntnote_refs, tnote_ref_cap;
    /* Cross-references (xref.c): what each target printed and where it
     * is, over the passes of the layout. */
    struct np_target_state *targets;
    int pass;                           /* from 1 */
    const np_flow *main_flow;           /* the body's flow, not a cell's */
    bool xref_guessed;                  /* this pass printed a guess */
    struct np_para_memo *para_memo;     /* paragraphs kept between passes */
} np_ts;

/* Frees what the run allocated outside its arena: the structure tree
 * (ts->tree) and the scratch of line building. */
void np_ts_release(np_ts *ts);

/* Whether the render is to stop now (ts->stop said so). */
bool np_ts_stopped(const np_ts *ts);

/* How a paragraph is set. Lengths are absolute x positions. */
typedef struct np_para_spec {
    np_text_style style;
    double first_x, first_width;        /* first line */
    double rest_x, rest_width;          /* other lines */
    bool justify;
    bool hyphenate;
    const char *label;                  /* hanging label, or NULL */
    np_text_style label_style;
    double label_x;
    double label_rise;                  /* label raised (note numbers) */
    bool label_right;                   /* label ends at label_x */
    double space_before, space_after;
    bool keep_together, keep_with_next;
    bool star_calls;                    /* calls print as *, on the baseline */
    int label_tag;                      /* the label's element (Lbl); 0:
                                           the paragraph's, ts->tag */
    bool align_right;                   /* ragged lines end at the right (in
                                           a right-to-left paragraph, the
                                           left: the end of its lines) */
} np_para_spec;

/* inline.c: measured items of an inline subtree. The children of `node`
 * are read up to (not including) the first block child; *stop gets that
 * child or NULL. */
typedef struct np_frag {
    const char *text;
    size_t len;
    int font;                   /* a face slot */
    double size, rise;
    double tracking, scale;
    const char *link;
    np_footnote *call;          /* box is the mark of this note's call */
    const np_glyph *glyphs;     /* a shaped box: its glyphs, visual order,
                                   clusters from `text`; NULL: plain text */
    int nglyphs;
    uint8_t level;              /* bidi embedding level (boxes, glue) */
    bool tight;                 /* glue: a gap with no space character in
                                   it (between Chinese characters) */
    int tag;                    /* structure element (tags.c) */
} np_frag;

typedef struct np_items {
    np_item *items;
    np_frag *frags;             /* parallel to items (boxes, hyphen penalties) */
    size_t n, cap;
    bool complex;               /* shaped boxes or levels other than 0:
                                   lines are put in visual order */
    bool rtl;                   /* the paragraph runs right to left */
    bool halted;                /* told to stop, or out of memory: the
                                   rest of the text is not measured */
} np_items;

int np_inline_items(np_ts *ts, const np_node *first, const np_para_spec *spec,
                    np_items *out, const np_node **stop);
void np_items_free(np_ts *ts, np_items *items);
/* Empty item arrays for a paragraph, with the room the last paragraph
 * left (none the first time, or while another paragraph holds them). */
np_items np_items_take(np_ts *ts);
/* Gives `items` back for the next paragraph (np_items_take), or frees
 * them when arrays are kept already; `items` is emptied. */
void np_items_keep(np_ts *ts, np_items *items);
/* A new item at the end of `it` (its frag zeroed); NULL when memory
 * runs out or the render is to stop. */
np_item *np_items_push(np_ts *ts, np_items *it, np_item_type type);

/* hyph_memo.c: np_hyph_token through the memo of the render. */
int np_hyph_memo_token(np_ts *ts, const np_hyph *hyph, const char *s, size_t len,
                       size_t *at, int max);

/* runs.c: whether the paragraph from `first` needs runs: its language
 * is written right to left, the layout asks for ligatures (which only
 * shaping makes), or a text node holds complex text. */
bool np_needs_runs(const np_ts *ts, const np_node *first);
/* Whether `face` shows every character of plain text: a word with one
 * it lacks (U+2011 in Liberation Serif) goes through runs, which find
 * it another face or say no face has it. ASCII is taken as shown. */
bool np_face_shows(const np_face *face, const char *s, size_t len);

/* runs.c: a word of complex text (Chinese, Arabic, or any text in a
 * right-to-left paragraph) as boxes of shaped runs. `style` gives the
 * font style, size, rise, set width and link; levels[0..len) the bidi
 * level of each byte. Returns 1 when the word is one plain run (left to
 * right, in a face of slots 0-3) that the caller sets as it sets any
 * word, 0 when its items were added, -1 out of memory. */
typedef struct np_run_ctx {
    np_frag style;              /* font (a style, 0-3), size, rise, set
                                   width and link of the word */
    bool justify;               /* the paragraph is justified */
    const np_node *where;       /* the text node, for messages */
    const char *text;           /* its text as set, holding the word */
} np_run_ctx;
int np_runs_word(np_ts *ts, np_items *it, const np_run_ctx *ctx,
                 const char *s, size_t len, const uint8_t *levels);
/* The face of slot `slot`, loaded on first use; NULL when none. */
const np_face *np_ts_face(np_ts *ts, int slot);
/* The shaper of the face of `slot`, made on first use; NULL when the
 * slot has no face or memory runs out. */
np_shaper *np_ts_shaper(np_ts *ts, int slot);

/* visual.c: one line of a complex paragraph, items[start..end) set at
 * `ratio`, as segments in visual order from x (the left edge of the
 * line's room, `room` points wide); right-to-left paragraphs fill it
 * from the right. Returns the number of segments written to *segs (an
 * array in `into`; their text and glyphs in ts->lines), -1 out of
 * memory. */
int np_visual_line(np_ts *ts, const np_items *it, size_t start, size_t end,
                   double ratio, double letter, double x, double room,
                   np_arena *into, np_seg **segs);

/* One line of `text` in `style` (labels, masthead fields): its segments
 * in visual order from x = 0, and their width in *width; complex text
 * is itemized and shaped, `rtl` its base direction. NULL when memory
 * runs out. */
np_seg *np_text_segs(np_ts *ts, np_text_style style, const char *text,
                     size_t len, bool rtl, int *nsegs, double *width);
/* The same, the array of segments in `into` (ts->scratch for segments
 * copied at once); np_text_segs's goes in ts->lines. */
np_seg *np_text_segs_in(np_ts *ts, np_arena *into, np_text_style style,
                        const char *text, size_t len, bool rtl, int *nsegs,
                        double *width);

/* para.c: breaks and appends the lines of one paragraph to the flow;
 * `first` is the first inline child. Returns -1 out of memory. */
int np_para_set(np_ts *ts, const np_node *first, const np_para_spec *spec,
                np_flow *flow, const np_node **stop);
/* Appends one line made of a single text run. */
int np_flow_text_line(np_ts *ts, np_flow *flow, const char *text,
                      np_text_style style, double x, double space_before);
np_line *np_flow_push(np_ts *ts, np_flow *flow);
/* A setting in progress (a paragraph, a table, a text run), begun and
 * ended in pairs that nest: lines pushed inside take the mark `lines`
 * had when the outermost began, so that what it made before them (a
 * table's cells) stays as long as they do; and ts->scratch is cleared
 * when the outermost ends. */
void np_setting_begin(np_ts *ts);
void np_setting_end(np_ts *ts);
/* The rare parts of segment `s` for reading: all zero when it has none. */
const np_seg_more *np_seg_more_of(const np_seg *s);
/* The same for writing, made (in ts->lines) on first use; NULL when
 * memory runs out. */
np_seg_more *np_seg_more_make(np_ts *ts, np_seg *s);
/* The rare parts of `line` for reading: all zero when it has none. */
const np_line_more *np_line_more_of(const np_line *line);
/* The same for writing, made (zeroed, in the arena) on first use; NULL
 * when memory runs out. A copy of a line shares them. */
np_line_more *np_line_more_make(np_ts *ts, np_line *line);
/* The width of `text` set in `style` (its font, size, tracking and
 * scale, and the font's kerning when the layout asks for it). Every
 * width the layout uses comes from here, and the drawing of the same
 * text gives the same advances (np_text_kerns). */
double np_text_width(np_ts *ts, np_text_style style,
                     const char *text, size_t len);
/* The same for text known to be plain (np_text_needs_runs false) in a
 * Latin face: the sum of its advances, without looking for runs. */
double np_plain_width(const np_ts *ts, np_text_style style,
                      const char *text, size_t len);
/* The kerning of `text` in `style` as the back end draws it: per
 * character, in 1/1000 em (out.h). NULL when the layout does not kern
 * or the text has no kerned pair; in the arena. */
const int16_t *np_text_kerns(np_ts *ts, np_text_style style,
                             const char *text, size_t len);
double np_style_depth(const np_ts *ts, np_text_style style);
/* The style a segment is drawn in (its leading is not kept). */
np_text_style np_seg_style(const np_seg *s);

/* blocks.c: the whole document as a flow, and every note set. */
int np_blocks_flow(np_ts *ts, np_flow *flow);
/* Blocks set in a column of their own (table cells). */
int np_blocks_set(np_ts *ts, np_flow *flow, const np_node *first,
                  double left, double width);
bool np_has_inline_content(const np_node *block);
int np_line_add_call(np_ts *ts, np_line *line, np_footnote *note);
/* notes.c: the text of every footnote, in ts->notes_flow. */
int np_notes_set(np_ts *ts);
/* front.c: page 1's meeting block and title block; one title part
 * (a paragraph of inline text on the body's measure, `gap` from the
 * baseline above it) is also an annex's title. */
int np_front_matter(np_ts *ts, np_flow *flow);
int np_title_part(np_ts *ts, np_flow *flow, const np_node *inl,
                  np_text_style style, double gap, double after);
/* adopted.c: the title block of an adopted resolution or decision by
 * its organ's conventions, and the closing adoption lines after its
 * last paragraph (none for the Security Council's, or for a document
 * of another kind). */
int np_adopted_front(np_ts *ts, np_flow *flow);
int np_adopted_closing(np_ts *ts, np_flow *flow);
/* labels.c: the first line of `s` hung after a label at label_x, its
 * text from text_x; the same, further right when the label (a number
 * given by hand, "12 bis.") is wider than the room. */
void np_hang_first_line(np_para_spec *s, double label_x, double text_x);
void np_hang_label(np_ts *ts, np_para_spec *s, double label_x, double text_x);
/* "4." (Arabic "4 -"), the n-th numbered paragraph's label; the label
 * of a number given by hand in a form of the language ("{n}."); the
 * label of `item`, number `index` of its list, or its own number. */
const char *np_paragraph_label(np_ts *ts, int n);
const char *np_given_label(np_ts *ts, const char *templ, const char *number);
/* "(d)", the n-th letter in the form `templ` (the language's own
 * letters where it has them): a decision's operative paragraphs. */
const char *np_letter_label(np_ts *ts, const char *templ, int n);
const char *np_item_label(np_ts *ts, const np_node *item, int index);
/* kinds.c: what the kinds of FORMAT v1.1 set: a signature block at
 * the right of the column from `left`, `width` wide; the framed summary
 * box; the kind's label under the title ("Corrigendum"); an annex's
 * "[Original: French]". */
int np_signature_set(np_ts *ts, np_flow *flow, const np_node *sig,
                     double left, double width);
int np_summary_set(np_ts *ts, np_flow *flow);
int np_kind_label_set(np_ts *ts, np_flow *flow);
int np_annex_original_set(np_ts *ts, np_flow *flow, const np_node *annex);
/* The link of <sym> `sym`: the layout's symbol.link with its text, as
 * a URI; NULL for none (the layout gives none, or it is too long). */
const char *np_symbol_link(np_ts *ts, const np_node *sym);
/* table.c */
int np_table_set(np_ts *ts, np_flow *flow, const np_node *table,
                 double left, double width);

/* xref.c: the numbers and pages of targets over the layout's passes.
 * A pass begins (targets forget where they were, keep what they were),
 * blocks place targets and give their numbers as they set them, inline
 * text asks what an xref prints, and once paginated, settle says
 * whether another pass is needed (something printed was not right). */
int np_xref_begin_pass(np_ts *ts, np_flow *main_flow);
void np_xref_place(np_ts *ts, const np_flow *flow, const np_node *n);
void np_xref_label(np_ts *ts, const np_node *n, const char *label);
void np_xref_number(np_ts *ts, const np_node *n, int number);
/* What <xref> `xref` prints now, and in *link the URI of its target. */
const char *np_xref_text(np_ts *ts, const np_node *xref, const char **link);
const char *np_xref_link(np_ts *ts, const np_node *target);
struct np_pages;
bool np_xref_settle(np_ts *ts, const np_flow *flow, const struct np_pages *pages);
/* The page of a target (index + 1) from 1; 0: not known. */
int np_xref_page(const np_ts *ts, int target);
/* Segment `s` with its late page number filled in. */
np_seg np_xref_late_seg(np_ts *ts, const np_seg *s);
/* Whether a link's URI leads somewhere (a "#t<n>" to a placed target). */
bool np_xref_link_live(const np_ts *ts, const char *uri);
/* Names the destination of each target on page `page` (from 0). */
int np_xref_dests(np_ts *ts, np_out *out, int page, int *cursor);

/* para_memo.c: the lines of paragraphs kept from the first pass of
 * layout for the next (begin each pass; np_para_set takes and keeps). */
typedef struct np_para_memo np_para_memo;
int np_para_memo_begin(np_ts *ts);
int np_para_memo_take(np_ts *ts, const np_node *first, const np_para_spec *spec,
                      np_flow *flow, const np_node **stop);
/* Where things stood before a paragraph was set, for the memo. */
typedef struct np_memo_start {
    size_t line;                /* the flow's first line of it */
    double pending;             /* the flow's pending space before it */
    unsigned messages;          /* messages given before it */
    int para;                   /* ts->next_para before it */
    size_t tag;                 /* the first structure element it makes */
} np_memo_start;
np_memo_start np_para_memo_start(const np_ts *ts, const np_flow *flow);
void np_para_memo_keep(np_ts *ts, const np_node *first, const np_para_spec *spec,
                       const np_flow *flow, const np_memo_start *start,
                       const np_node *stop);

/* contents.c: the table of contents where <contents/> stands. */
int np_contents_set(np_ts *ts, np_flow *flow, const np_node *n);
/* The number a section prints ("II", "B"; NULL: none), `index` its
 * place among its sibling sections from 1, `depth` from 0. */
const char *np_section_number(np_ts *ts, const np_node *n, int depth, int index);

/* table_notes.c: a caption (label, then the caption's title in bold)
 * with its bookmark; a table's caption; its notes and source lines. */
#define NP_CAPTION_BOOKMARK_LEVEL 15    /* under the deepest heading */
int np_caption_set(np_ts *ts, np_flow *flow, const char *label,
                   const np_node *caption, double left, double width);
int np_table_caption(np_ts *ts, np_flow *flow, const np_node *table,
                     double left, double width);
int np_table_notes(np_ts *ts, np_flow *flow, const np_node *table,
                   double left, double width, size_t rows_first, size_t refs_from);

/* The width of the text column of landscape pages: body.left from the
 * left edge, the portrait column's right margin from the right. */
double np_landscape_width(const np_layout *l);
/* Twice the axis about which right-to-left lines are mirrored: the
 * body's column's, or a landscape page's (a turned table's lines, as
 * they are set and as their page is drawn). */
double np_mirror_axis2(const np_layout *l, bool landscape);

/* figure.c: a figure's label, caption and picture. */
int np_figure_set(np_ts *ts, np_flow *flow, const np_node *figure,
                  double left, double width);

/* paginate.c */
typedef struct np_note_part {
    const np_footnote *note;
    size_t first, count;        /* lines in ts->notes_flow */
    bool continued;             /* rest of a note begun on an earlier page */
} np_note_part;

typedef struct np_page {
    size_t first, count;        /* lines of the flow */
    double *y;                  /* baseline of each line */
    size_t repeat_first;        /* table header lines repeated on top */
    int repeat_count;
    double *repeat_y;
    size_t foot_first;          /* table notes repeated at the bottom */
    int foot_count;
    double *foot_y;
    np_note_part *notes;
    int nnotes;
    bool landscape;             /* the portrait page turned (np_line's) */
} np_page;

typedef struct np_pages {
    np_page *pages;
    int n;
    int widows, orphans;
} np_pages;

int np_paginate(np_ts *ts, const np_flow *flow, np_pages *out);

/* passes.c: the flow set and paginated, in as many passes as the
 * cross-references need. */
int np_lay_out(np_ts *ts, np_flow *flow, np_pages *pages);

/* marks.c: the QR code and the recycling mark of page 1, each when
 * the layout shows it. Returns -1 when the back end fails. */
int np_marks_draw(np_ts *ts, np_out *out);

/* tags.c: elements of the structure tree. Each returns 0 (the root)
 * and makes nothing in an untagged render. */
const char *np_tag_role(np_kind kind);
/* The root, the Document (element 0), and room for each note's Note,
 * at the start of each pass of layout; -1 out of memory. */
int np_tags_begin(np_ts *ts);
/* A new element of type `role` under `parent`. */
int np_tag_new(np_ts *ts, int parent, const char *role);
/* Copies of `n` elements added at the end, as made before (para_memo.c);
 * -1 out of memory. */
int np_tags_append(np_ts *ts, const np_out_elem *elems, size_t n);
/* Element `e` to fill in (alt, lang, ref...); NULL untagged or root. */
np_out_elem *np_tag_get(np_ts *ts, int e);
/* A new element under ts->tag, made current (none when `role` is
 * NULL); returns the element that was current, for np_tag_leave. */
int np_tag_enter(np_ts *ts, const char *role);
int np_tag_enter_node(np_ts *ts, const np_node *n);
void np_tag_leave(np_ts *ts, int outer);
const char *np_tag_heading(int depth);
/* The parent of element `e` (0 for the root, or untagged). */
int np_tag_parent(np_ts *ts, int e);
/* A Reference under `parent` to table note number `seq` of the table
 * being set; np_tag_tnote makes its Note. */
int np_tag_tnote_call(np_ts *ts, int parent, int seq);
/* The Note of table note `seq` under `parent`, with the References made
 * for it since `refs_from` (ts->ntnote_refs when the table began). */
int np_tag_tnote(np_ts *ts, int parent, int seq, size_t refs_from);
/* The Note of `note`, made under `parent` the first time. */
int np_tag_note(np_ts *ts, int parent, const np_footnote *note);
/* An item of the list *list (made under ts->tag when 0): LI, its Lbl,
 * returned, and its LBody, made current. */
int np_tag_list_item(np_ts *ts, int *list);
/* A new element for a piece of the page furniture's `text`, marked as
 * English when it is the English of a masthead in another script. */
int np_tag_text(np_ts *ts, int parent, const char *role, const char *text);
/* What `out` draws next belongs to `elem` (out.h np_out_ops.mark);
 * nothing in an untagged render. -1 when the back end fails. */
int np_tag_mark(np_ts *ts, np_out *out, int elem);

/* pages.c */
/* Draws one line of `text` (np_text_segs) with its left edge at x and
 * its baseline at y; -1 when the back end fails or memory runs out. */
int np_draw_text(np_ts *ts, np_out *out, const char *text, np_text_style st,
                 double x, double y, bool rtl);
void np_pages_prepare(np_ts *ts);
int np_pages_draw(np_ts *ts, const np_flow *flow, const np_pages *pages,
                  np_out *out);

#endif
