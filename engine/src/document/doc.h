/*
 * doc.h - the document tree: what a description says, checked.
 *
 * doc_build.c (with doc_meta.c, doc_notes.c and doc_text.c) turns the
 * XML tree into these records and runs the semantic checks of the
 * format (symbol present, real dates, footnote references, unique ids,
 * link schemes). Layout reads only this tree and may assume it is
 * valid. Everything lives in the render's arena.
 */
#ifndef NP_DOC_H
#define NP_DOC_H

#include <stdbool.h>
#include "ground/arena.h"
#include "ground/diag.h"
#include "ground/limit.h"
#include "readers/xml_read.h"

typedef enum np_kind {
    /* blocks */
    NP_K_BODY, NP_K_ANNEX, NP_K_P, NP_K_SECTION, NP_K_TITLE, NP_K_LIST,
    NP_K_ITEM, NP_K_RESOLUTION, NP_K_ACTOR, NP_K_PP, NP_K_OP, NP_K_QUOTE,
    NP_K_TABLE, NP_K_COL, NP_K_TR, NP_K_TH, NP_K_TD, NP_K_PAGEBREAK,
    NP_K_DECISION,
    NP_K_SIGNATURE, NP_K_NAME, NP_K_ROLE, NP_K_SUMMARY,
    NP_K_CONTENTS, NP_K_CAPTION, NP_K_TNOTE, NP_K_FIGURE, NP_K_IMG,
    /* inline */
    NP_K_TEXT, NP_K_I, NP_K_B, NP_K_SUP, NP_K_SUB, NP_K_FN, NP_K_FNREF,
    NP_K_XREF, NP_K_TFN,
    NP_K_LINK, NP_K_SYM, NP_K_SPAN, NP_K_BR,
    /* front matter containers */
    NP_K_INLINE                 /* title, subtitle, sponsors, agenda item... */
} np_kind;

typedef enum np_list_style {
    NP_LIST_ALPHA, NP_LIST_ROMAN, NP_LIST_DECIMAL, NP_LIST_BULLET,
    NP_LIST_DASH, NP_LIST_NONE
} np_list_style;

typedef enum np_align { NP_ALIGN_LEFT, NP_ALIGN_CENTER, NP_ALIGN_RIGHT } np_align;

typedef enum np_valign { NP_VALIGN_TOP, NP_VALIGN_MIDDLE, NP_VALIGN_BOTTOM } np_valign;

typedef struct np_footnote np_footnote;

typedef struct np_node {
    /* Pointers first, the small fields after them: in this order the
     * struct has no padding (a long document has tens of thousands). */
    struct np_node *parent, *first, *last, *next;
    const char *text;           /* TEXT: as written (whitespace not yet collapsed) */
    size_t len;
    const char *number;         /* SECTION: NULL automatic, "" none;
                                   P, OP, ITEM: the printed number
                                   ("12 bis"), NULL automatic */
    const char *lang;           /* SPAN lang="fr"; ANNEX original="fr" */
    const char *href;           /* LINK */
    np_footnote *note;          /* FN, FNREF: the note called */
    double width_pct;           /* COL: percentage of the table width, 0 auto */
    double width_pt;            /* COL, IMG: fixed width in points, 0 auto */
    /* Cross-references (doc_refs.c). */
    const char *id;             /* id="x" of a target, or NULL */
    struct np_node *ref;        /* XREF: the node named; FNREF: a TFN */
    const char *src, *alt;      /* IMG */
    const struct np_image *image;   /* IMG: decoded (api/figures.c), */
    unsigned pixels_w, pixels_h;    /* and its size in pixels */
    np_kind kind;
    np_pos pos;
    int level;                  /* SECTION level="3": its heading depth
                                   from 1; 0 its nesting's */
    np_list_style style;        /* LIST */
    int colspan;                /* TH, TD */
    np_align align;             /* TH, TD */
    int target;                 /* its index in np_doc.targets + 1; 0: none */
    int depth;                  /* CONTENTS: section levels listed */
    int seq;                    /* TABLE with a caption, FIGURE: 1, 2, ...
                                   through the document; TFN: 1 = a */
    int rowspan;                /* TH, TD */
    np_valign valign;           /* TH, TD */
    int tfn_count;              /* TABLE: its table notes */
    bool not_signed;            /* SIGNATURE signed="no" */
    bool unnumbered;            /* P numbered="no"; ANNEX/BODY numbering="off" */
    bool show_page;             /* XREF show="page" */
    bool landscape;             /* TABLE landscape="yes" */
} np_node;

struct np_footnote {
    int index;                  /* order of appearance, from 0 */
    bool star;                  /* front-matter note: *, **, *** */
    int number;                 /* 1, 2, ... (star: number of stars) */
    char mark[16];              /* "1", "**" */
    const char *id;
    np_node *content;           /* the FN node (its children are the text) */
    np_node *synthetic;         /* agenda star note: text made by layout */
};

typedef enum np_distribution {
    NP_DISTR_NONE, NP_DISTR_GENERAL, NP_DISTR_LIMITED, NP_DISTR_RESTRICTED
} np_distribution;

typedef struct np_date {
    int year, month, day;       /* year 0: no date */
} np_date;

/* A meeting block names at most this many bodies. */
#define NP_MEETING_BODIES 3

/* A job number carries at most this many processing dates. */
#define NP_JOB_DATES 2

typedef struct np_agenda_item {
    const char *number;
    const char *agenda;         /* symbol of the agenda, or NULL */
    bool provisional;
    np_footnote *star;          /* note holding the agenda symbol */
    np_node *title;             /* inline content */
    np_pos pos;
    struct np_agenda_item *next;
} np_agenda_item;

/* <document kind="...">: the furniture of the title block and of the
 * end of the document. */
typedef enum np_doc_kind {
    NP_DOC_NOTE, NP_DOC_REPORT, NP_DOC_DRAFT_RESOLUTION, NP_DOC_DRAFT_DECISION,
    NP_DOC_RESOLUTION, NP_DOC_DECISION, NP_DOC_LETTER, NP_DOC_CORRIGENDUM,
    NP_DOC_ADDENDUM, NP_DOC_AGENDA
} np_doc_kind;

/* The organ whose conventions an adopted text follows, by the first
 * element of its symbol (A/, E/, S/). */
typedef enum np_organ {
    NP_ORGAN_OTHER, NP_ORGAN_GA, NP_ORGAN_ECOSOC, NP_ORGAN_SC
} np_organ;

/* <adopted date meeting>, with its <reference> line. */
typedef struct np_adopted {
    np_date date;
    const char *meeting;        /* "96th plenary meeting", or NULL */
    np_node *reference;         /* INLINE, or NULL */
    np_pos pos;
} np_adopted;
/* A language named inside the text (<span lang="fr">), to be found
 * among those installed. */
typedef struct np_lang_use {
    const char *code;
    np_pos pos;
    struct np_lang_use *next;
} np_lang_use;

typedef struct np_doc {
    const char *file;
    const char *lang;
    np_pos lang_pos;
    const char *layout;         /* NULL: not given */
    np_pos layout_pos;
    bool numbering_off;

    const char *symbol;
    const char *organ;
    np_pos symbol_pos, organ_pos;
    np_distribution distribution;
    np_date date;
    const char **original_langs;    /* codes of <original lang="en fr"> */
    int original_count;             /* 0: no "Original:" line */
    np_pos original_pos;            /* of that lang attribute */
    np_node *original_notes;    /* INLINE holding the <fn>s of <original> */
    const char *job;
    np_date job_dates[NP_JOB_DATES];    /* <job dates="..."> */
    int job_date_count;

    bool has_meeting;
    /* the bodies of the meeting block, in the order given (a commission,
     * its committee, a working party or forum) */
    const char *meeting_bodies[NP_MEETING_BODIES];
    int meeting_body_count;
    const char *session, *place;
    np_agenda_item *agenda;

    np_doc_kind kind;
    np_organ organ_kind;        /* of an adopted text; OTHER otherwise */
    np_adopted *adopted;        /* resolution, decision: never NULL */
    const char *title_number;   /* <title number="75/312">, or NULL */

    np_node *sponsors, *title, *subtitle;   /* INLINE, may be NULL */
    np_node *summary;           /* SUMMARY (blocks), or NULL */
    np_lang_use *span_langs;    /* each <span lang>, in reading order */
    np_node *body;
    np_node *annexes;           /* ANNEX nodes chained by next */
    int annex_count;

    /* Every section and annex, and every element with an id, in
     * document order: what <xref> and <contents/> point at. */
    np_node **targets;
    int target_count;
    int xref_count;             /* <xref> elements */
    int contents_count;         /* <contents/> elements */
    int table_count, figure_count;

    np_footnote **notes;        /* every note, in order of appearance */
    int note_count;
    int star_count;
} np_doc;

/* Builds and checks the document from its XML tree. Returns 0 and sets
 * *out, 1 when the document is refused (problems reported), -1 when
 * memory runs out. */
int np_doc_build(np_arena *arena, np_diags *diags, const char *file,
                 const np_xnode *root, np_doc **out);

/* The same, under the limits of `limits` (NULL: the defaults): notes,
 * cells of one table, lists nested in lists. */
int np_doc_build_limited(np_arena *arena, np_diags *diags, const char *file,
                         const np_xnode *root, const np_limits *limits,
                         np_doc **out);

/* The target of a link as the PDF stores it: a URI, any other character
 * of an IRI percent-encoded (RFC 3987, 3.1); `href` itself when there is
 * none. *len is its length: a longer one than NP_MAX_PDF_STRING (limit.h)
 * cannot be stored. NULL when memory runs out. (doc_check.c) */
const char *np_doc_uri(np_arena *arena, const char *href, size_t *len);

/* Refuses, at its element, a text of `doc` too long for the PDF string
 * it becomes: the title, symbol and organ (document information), the
 * number and title of each section and annex (bookmarks). Returns 0, 1
 * when refused (reported), -1 when memory runs out. (doc_check.c) */
int np_doc_check_pdf(np_arena *arena, np_diags *diags, const char *file,
                     const np_doc *doc);

/* The text of an inline subtree with whitespace collapsed, footnotes
 * left out: for PDF metadata, bookmarks and headers. */
char *np_doc_plain_text(np_arena *arena, const np_node *node);

bool np_kind_is_inline(np_kind kind);

/* Makes `child` the last child of `parent` (may be NULL: none). */
void np_node_append(np_node *parent, np_node *child);

/* Whether the document is an adopted resolution or decision. */
bool np_doc_adopted(const np_doc *doc);

#endif
