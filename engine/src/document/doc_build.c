/*
 * doc_build.c - from the XML tree to the document tree, with the
 * semantic checks that the schema cannot express.
 *
 * The schema (engine/schema/document.rng) has already checked structure:
 * which element goes where. Here each element becomes a np_node through
 * a table, attributes are parsed into typed fields and checked (list
 * styles, column widths, link schemes), and the limits of np_limits
 * that need the meaning of elements are checked: cells of one table,
 * lists nested in lists; a layout named by the description must be a
 * name, never a file path.
 *
 * Not done here: the front matter (doc_meta.c), footnotes and ids
 * (doc_notes.c), plain text (doc_text.c), what the PDF will hold
 * (doc_check.c); unknown languages and layouts are checked by the
 * renderer, which knows what is installed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document/doc_build.h"
#include "ground/limit.h"
#include "readers/values.h"

static const struct {
    const char *name;
    np_kind kind;
} kinds[] = {
    { "body", NP_K_BODY }, { "annex", NP_K_ANNEX }, { "p", NP_K_P },
    { "section", NP_K_SECTION }, { "title", NP_K_TITLE },
    { "list", NP_K_LIST }, { "item", NP_K_ITEM },
    { "resolution", NP_K_RESOLUTION }, { "actor", NP_K_ACTOR },
    { "pp", NP_K_PP }, { "op", NP_K_OP }, { "quote", NP_K_QUOTE },
    { "decision", NP_K_DECISION },
    { "table", NP_K_TABLE }, { "col", NP_K_COL }, { "tr", NP_K_TR },
    { "th", NP_K_TH }, { "td", NP_K_TD }, { "pagebreak", NP_K_PAGEBREAK },
    { "i", NP_K_I }, { "b", NP_K_B }, { "sup", NP_K_SUP },
    { "sub", NP_K_SUB }, { "fn", NP_K_FN }, { "fnref", NP_K_FNREF },
    { "link", NP_K_LINK }, { "br", NP_K_BR },
    { "signature", NP_K_SIGNATURE }, { "name", NP_K_NAME },
    { "role", NP_K_ROLE }, { "summary", NP_K_SUMMARY },
    { "sym", NP_K_SYM }, { "span", NP_K_SPAN },
    { "contents", NP_K_CONTENTS }, { "caption", NP_K_CAPTION },
    { "tnote", NP_K_TNOTE }, { "figure", NP_K_FIGURE }, { "img", NP_K_IMG },
    { "xref", NP_K_XREF }, { "tfn", NP_K_TFN },
};

static const char *list_styles[] = {
    [NP_LIST_ALPHA] = "alpha", [NP_LIST_ROMAN] = "roman",
    [NP_LIST_DECIMAL] = "decimal", [NP_LIST_BULLET] = "bullet",
    [NP_LIST_DASH] = "dash", [NP_LIST_NONE] = "none",
};

bool np_kind_is_inline(np_kind kind)
{
    return kind >= NP_K_TEXT && kind <= NP_K_BR;
}

static bool kind_of(const char *name, np_kind *out)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i].name, name) == 0) {
            *out = kinds[i].kind;
            return true;
        }
    return false;
}

void *np_build_alloc(np_builder *b, size_t size)
{
    void *p = np_arena_alloc(b->arena, size);
    if (!p)
        b->failed = true;
    return p;
}

void np_build_refuse(np_builder *b, np_pos pos, np_msg msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    np_vreport(b->diags, b->file, pos, msg, ap);
    va_end(ap);
}

/* ---- attributes -------------------------------------------------- */

static bool parse_list_style(const char *s, np_list_style *out)
{
    for (size_t i = 0; i < sizeof list_styles / sizeof list_styles[0]; i++)
        if (strcmp(s, list_styles[i]) == 0) {
            *out = (np_list_style)i;
            return true;
        }
    return false;
}

static bool link_scheme_allowed(const char *href)
{
    static const char *schemes[] = { "http://", "https://", "mailto:" };
    for (size_t i = 0; i < 3; i++)
        if (strncmp(href, schemes[i], strlen(schemes[i])) == 0)
            return true;
    return false;
}

/* "30%" or a length; "em" is the body text's 10 pt. */
static void read_col_width(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *v = np_xattr_get(x, "width");
    if (!v)
        return;
    size_t len = strlen(v);
    char num[32];
    if (len > 1 && len < sizeof num && (v[len - 1] == '%' || strcmp(v + len - 2, "em") == 0)) {
        bool pct = v[len - 1] == '%';
        snprintf(num, sizeof num, "%.*spt", (int)(len - (pct ? 1 : 2)), v);
        double value;
        if (np_parse_length(num, &value) && value >= 0 && (!pct || value <= 100)) {
            if (pct)
                n->width_pct = value;
            else
                n->width_pt = value * 10;
            return;
        }
    } else if (np_parse_length(v, &n->width_pt) && n->width_pt >= 0) {
        return;
    }
    np_build_refuse(b, np_xattr_pos(x, "width"), NP_MSG_BAD_ATTR, v, "width", "a percentage or a length");
}

/* A link's target, as the PDF will hold it: an allowed scheme, as a
 * URI, no longer than a PDF string. */
static void read_link(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *href = np_xattr_get(x, "href");
    np_pos pos = np_xattr_pos(x, "href");
    size_t len;
    n->href = href ? href : "";
    if (!link_scheme_allowed(n->href)) {
        np_build_refuse(b, pos, NP_MSG_LINK_SCHEME, n->href);
        return;
    }
    n->href = np_doc_uri(b->arena, n->href, &len);
    if (!n->href) {
        b->failed = true;
        n->href = "";
    } else if (len > NP_MAX_PDF_STRING) {
        np_build_refuse(b, pos, NP_MSG_LINK_TOO_LONG, len, NP_MAX_PDF_STRING);
    }
}

static bool can_be_target(np_kind kind)
{
    return kind == NP_K_P || kind == NP_K_PP || kind == NP_K_OP
           || kind == NP_K_ITEM || kind == NP_K_SECTION || kind == NP_K_ANNEX
           || kind == NP_K_TABLE || kind == NP_K_FIGURE;
}

/* rowspan and valign of a cell (colspan and align are read with them). */
static void read_cell_span(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *v = np_xattr_get(x, "rowspan");
    n->rowspan = v ? atoi(v) : 1;
    if (n->rowspan < 1 || n->rowspan > 1000) {
        np_build_refuse(b, np_xattr_pos(x, "rowspan"), NP_MSG_BAD_ATTR, v, "rowspan", "a number from 1");
        n->rowspan = 1;
    }
    v = np_xattr_get(x, "valign");
    n->valign = !v ? NP_VALIGN_TOP : strcmp(v, "middle") == 0
                ? NP_VALIGN_MIDDLE : strcmp(v, "bottom") == 0
                ? NP_VALIGN_BOTTOM : NP_VALIGN_TOP;
}

/* Whether `s` holds nothing but white space. */
static bool blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return *s == '\0';
}

static void read_report_attrs(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *v;
    if (can_be_target(n->kind))
        np_build_target(b, x, n);
    switch (n->kind) {
    case NP_K_CONTENTS:
        v = np_xattr_get(x, "depth");
        n->depth = v ? atoi(v) : 2;
        if (n->depth < 1 || n->depth > 3) {
            np_build_refuse(b, np_xattr_pos(x, "depth"), NP_MSG_BAD_ATTR, v, "depth", "1, 2 or 3");
            n->depth = 2;
        }
        b->doc->contents_count++;
        break;
    case NP_K_TABLE:
        v = np_xattr_get(x, "landscape");
        n->landscape = v && strcmp(v, "yes") == 0;
        break;
    case NP_K_IMG:
        n->src = np_xattr_get(x, "src");
        n->alt = np_xattr_get(x, "alt");
        if (n->alt && blank(n->alt))
            np_build_refuse(b, np_xattr_pos(x, "alt"), NP_MSG_FIGURE_NO_ALT,
                            n->src ? n->src : "");
        v = np_xattr_get(x, "width");
        if (v && (!np_parse_length(v, &n->width_pt) || n->width_pt <= 0))
            np_build_refuse(b, np_xattr_pos(x, "width"), NP_MSG_BAD_ATTR, v, "width", "a length (as 120mm)");
        break;
    case NP_K_XREF:
        np_build_xref(b, x, n);
        break;
    case NP_K_TFN:
        np_build_tfn(b, x, n);
        break;
    default:
        break;
    }
}

static void read_attrs(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *v;
    np_build_block_attrs(b, x, n);
    read_report_attrs(b, x, n);
    switch (n->kind) {
    case NP_K_SECTION:
        n->number = np_xattr_get(x, "number");
        break;
    case NP_K_P:
        v = np_xattr_get(x, "numbered");
        n->unnumbered = v && strcmp(v, "no") == 0;
        break;
    case NP_K_ANNEX:
        v = np_xattr_get(x, "numbering");
        n->unnumbered = v && strcmp(v, "off") == 0;
        break;
    case NP_K_LIST:
        v = np_xattr_get(x, "style");
        n->style = NP_LIST_ALPHA;
        if (v && !parse_list_style(v, &n->style))
            np_build_refuse(b, np_xattr_pos(x, "style"), NP_MSG_BAD_ATTR, v, "style",
                   "alpha, roman, decimal, bullet, dash or none");
        break;
    case NP_K_TH:
    case NP_K_TD:
        v = np_xattr_get(x, "colspan");
        n->colspan = v ? atoi(v) : 1;
        if (n->colspan < 1 || n->colspan > 1000) {
            np_build_refuse(b, np_xattr_pos(x, "colspan"), NP_MSG_BAD_ATTR, v, "colspan", "a number from 1");
            n->colspan = 1;
        }
        read_cell_span(b, x, n);
        v = np_xattr_get(x, "align");
        n->align = !v ? NP_ALIGN_LEFT : strcmp(v, "center") == 0
                   ? NP_ALIGN_CENTER : strcmp(v, "right") == 0
                   ? NP_ALIGN_RIGHT : NP_ALIGN_LEFT;
        break;
    case NP_K_COL:
        read_col_width(b, x, n);
        break;
    case NP_K_LINK:
        read_link(b, x, n);
        break;
    default:
        break;
    }
}

/* ---- tree -------------------------------------------------------- */

void np_node_append(np_node *parent, np_node *child)
{
    child->parent = parent;
    if (!parent)
        return;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

np_node *np_build_node(np_builder *b, np_kind kind, np_pos pos, np_node *parent)
{
    np_node *n = np_build_alloc(b, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->pos = pos;
    np_node_append(parent, n);
    return n;
}

/* A table with more cells than the limit: refused at the first cell
 * past it, before any of it is converted. */
static bool table_too_big(np_builder *b, const np_xnode *table)
{
    unsigned cells = 0;
    for (const np_xnode *row = table->first; row; row = row->next)
        for (const np_xnode *c = row->name ? row->first : NULL; c; c = c->next)
            if (c->name && ++cells > b->limits.table_cells) {
                np_build_refuse(b, c->pos, NP_MSG_LIMIT_CELLS, b->limits.table_cells);
                return true;
            }
    return false;
}

/* The node of element `x` under `parent`, with its attributes read;
 * NULL when it is refused (its children are then left alone). */
static np_node *convert_element(np_builder *b, const np_xnode *x, np_node *parent)
{
    np_kind kind;
    if (!kind_of(x->name, &kind))
        kind = NP_K_INLINE;     /* schema-checked: only containers remain */
    if (kind == NP_K_TABLE && table_too_big(b, x))
        return NULL;
    if (kind == NP_K_LIST && b->list_depth + 1 > b->limits.list_depth) {
        np_build_refuse(b, x->pos, NP_MSG_LIMIT_LIST_DEPTH, b->limits.list_depth);
        return NULL;
    }
    np_node *n = np_build_node(b, kind, x->pos, parent);
    if (!n)
        return NULL;
    read_attrs(b, x, n);
    if (kind == NP_K_FN)
        np_build_fn(b, x, n);
    else if (kind == NP_K_FNREF)
        np_build_fnref(b, x, n);
    return n;
}

/* Elements whose content the schema allows to be elements only: white
 * space between their children is the description's indentation. */
static bool element_only(np_kind k)
{
    switch (k) {
    case NP_K_BODY: case NP_K_SUMMARY: case NP_K_ANNEX: case NP_K_SECTION:
    case NP_K_LIST: case NP_K_TR: case NP_K_RESOLUTION: case NP_K_DECISION:
    case NP_K_FIGURE:
        return true;
    default:
        return false;
    }
}

/* A text node; none for the indentation between blocks (nearly half
 * the text nodes of a long description, which nothing reads). */
static np_node *convert_text(np_builder *b, const np_xnode *x, np_node *parent)
{
    if (element_only(parent->kind) && blank(x->text))
        return NULL;
    np_node *t = np_build_node(b, NP_K_TEXT, x->pos, parent);
    if (t) {
        t->text = x->text;
        t->len = x->len;
    }
    return t;
}

/* Converts what is under `x` into children of `parent`. The walk goes
 * down first children, along next siblings and back up parents, without
 * recursion: the C stack stays the same however deep the description.
 * `parent` is always the node made of c's parent; list_depth counts the
 * lists entered. */
static void convert_children(np_builder *b, const np_xnode *x, np_node *parent)
{
    const np_xnode *c = x->first;
    while (c && !b->failed) {
        np_node *n = c->name ? convert_element(b, c, parent)
                             : convert_text(b, c, parent);
        if (n && c->first) {
            b->list_depth += n->kind == NP_K_LIST;
            parent = n;
            c = c->first;
            continue;
        }
        while (c->parent != x && !c->next) {
            b->list_depth -= parent->kind == NP_K_LIST;
            parent = parent->parent;
            c = c->parent;
        }
        c = c->next;
    }
}

np_node *np_build_container(np_builder *b, const np_xnode *x, np_kind kind)
{
    np_node *n = np_build_node(b, kind, x->pos, NULL);
    if (!n)
        return NULL;
    read_attrs(b, x, n);
    convert_children(b, x, n);
    return n;
}

/* ---- the document ------------------------------------------------- */

static void read_annex(np_builder *b, const np_xnode *x, np_node ***tail)
{
    np_node *annex = np_build_container(b, x, NP_K_ANNEX);
    if (!annex)
        return;
    **tail = annex;
    *tail = &annex->next;
    annex->seq = ++b->doc->annex_count;
}

/* Front matter first (star notes in reading order: meta, meeting,
 * sponsors, adopted, title, subtitle), then body and annexes. */
static void read_document(np_builder *b, const np_xnode *root)
{
    np_doc *d = b->doc;
    np_node **annex_tail = &d->annexes;
    b->star_context = true;
    for (const np_xnode *c = root->first; c && !b->failed; c = c->next) {
        if (np_xnode_is(c, "meta")) {
            np_build_meta(b, c);
            np_build_organ(b);
        } else if (np_xnode_is(c, "adopted")) {
            np_build_adopted(b, c);
        } else if (np_xnode_is(c, "meeting"))
            np_build_meeting(b, c);
        else if (np_xnode_is(c, "sponsors"))
            d->sponsors = np_build_container(b, c, NP_K_INLINE);
        else if (np_xnode_is(c, "title")) {
            d->title = np_build_container(b, c, NP_K_INLINE);
            np_build_title_number(b, c);
        }
        else if (np_xnode_is(c, "subtitle"))
            d->subtitle = np_build_container(b, c, NP_K_INLINE);
        else if (np_xnode_is(c, "summary")) {
            b->star_context = false;
            d->summary = np_build_container(b, c, NP_K_SUMMARY);
        }
        else if (np_xnode_is(c, "body")) {
            b->star_context = false;
            d->body = np_build_container(b, c, NP_K_BODY);
        } else if (np_xnode_is(c, "annex")) {
            b->star_context = false;
            read_annex(b, c, &annex_tail);
        }
    }
}

/* The layout attribute of a description chooses among the installed
 * layouts; letting it name a file would let a description read any
 * file of the machine through the layout loader. */
static void check_layout_name(np_builder *b, const char *name, np_pos pos)
{
    bool plain = name[0] != '\0' && name[0] != '.';
    for (const char *p = name; *p && plain; p++)
        plain = *p != '/' && *p != '\\';
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".xml") == 0)
        plain = false;
    if (!plain)
        np_build_refuse(b, pos, NP_MSG_LAYOUT_NAME, name);
}

int np_doc_build(np_arena *arena, np_diags *diags, const char *file,
                 const np_xnode *root, np_doc **out)
{
    return np_doc_build_limited(arena, diags, file, root, NULL, out);
}

int np_doc_build_limited(np_arena *arena, np_diags *diags, const char *file,
                         const np_xnode *root, const np_limits *limits,
                         np_doc **out)
{
    *out = NULL;
    np_doc *d = np_arena_alloc(arena, sizeof *d);
    if (!d)
        return -1;
    np_builder b = { .arena = arena, .diags = diags, .file = file, .doc = d,
                  .limits = np_limits_resolve(limits) };
    unsigned errors = diags->count[NP_ERROR];
    d->file = file;
    d->lang = np_xattr_get(root, "lang");
    d->lang_pos = np_xattr_pos(root, "lang");
    d->layout = np_xattr_get(root, "layout");
    d->layout_pos = np_xattr_pos(root, "layout");
    if (d->layout)
        check_layout_name(&b, d->layout, d->layout_pos);
    const char *numbering = np_xattr_get(root, "numbering");
    d->numbering_off = numbering && strcmp(numbering, "off") == 0;
    if (!d->lang)
        d->lang = "";
    np_build_kind(&b, root);
    np_build_kind_numbering(&b, root);
    read_document(&b, root);
    np_build_resolve_refs(&b);
    np_build_check_kind(&b);
    if (b.failed || np_arena_failed(arena))
        return -1;
    if (diags->count[NP_ERROR] > errors)
        return 1;
    int rc = np_doc_check_pdf(arena, diags, file, d);
    if (rc)
        return rc;
    *out = d;
    return 0;
}
