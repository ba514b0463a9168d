/*
 * doc_build.c - from the XML tree to the document tree, with the
 * semantic checks that the schema cannot express.
 *
 * The schema (engine/schema/document.rng) has already checked structure:
 * which element goes where. Here each element becomes a np_node through
 * a table, attributes are parsed into typed fields, footnotes are
 * numbered (front-matter notes as stars, the rest 1, 2, ...), and the
 * checks of the format (docs/format.md) run with positions: missing symbol, bad date,
 * fnref to nothing, duplicate ids, link schemes. Unknown languages and
 * layouts are checked by the renderer, which knows what is installed.
 * The limits of np_limits that need the meaning of elements are checked
 * here too: footnotes, cells of one table, lists nested in lists; a
 * layout named by the description must be a name, never a file path.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "document/doc.h"
#include "readers/layout.h"
#include "ground/limit.h"

typedef struct builder {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    np_doc *doc;
    bool star_context;          /* inside front matter: notes are stars */
    bool failed;                /* out of memory */
    int note_cap;
    struct id_entry **ids;      /* hash table of ids, chained */
    size_t id_cap, id_count;
    struct pending_ref *refs;   /* fnrefs resolved once every note is known */
    np_limits limits;
    unsigned list_depth;
    bool too_many_notes;        /* reported once */
} builder;

typedef struct pending_ref {
    np_node *node;
    const char *ref;
    struct pending_ref *next;
    np_pos pos;                 /* of the ref attribute */
} pending_ref;

typedef struct id_entry {
    const char *id;
    np_pos pos;
    np_footnote *note;
    struct id_entry *next;
} id_entry;

static const struct {
    const char *name;
    np_kind kind;
} kinds[] = {
    { "body", NP_K_BODY }, { "annex", NP_K_ANNEX }, { "p", NP_K_P },
    { "section", NP_K_SECTION }, { "title", NP_K_TITLE },
    { "list", NP_K_LIST }, { "item", NP_K_ITEM },
    { "resolution", NP_K_RESOLUTION }, { "actor", NP_K_ACTOR },
    { "pp", NP_K_PP }, { "op", NP_K_OP }, { "quote", NP_K_QUOTE },
    { "table", NP_K_TABLE }, { "col", NP_K_COL }, { "tr", NP_K_TR },
    { "th", NP_K_TH }, { "td", NP_K_TD }, { "pagebreak", NP_K_PAGEBREAK },
    { "i", NP_K_I }, { "b", NP_K_B }, { "sup", NP_K_SUP },
    { "sub", NP_K_SUB }, { "fn", NP_K_FN }, { "fnref", NP_K_FNREF },
    { "link", NP_K_LINK }, { "br", NP_K_BR },
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

static void *alloc(builder *b, size_t size)
{
    void *p = np_arena_alloc(b->arena, size);
    if (!p)
        b->failed = true;
    return p;
}

static void refuse(builder *b, np_pos pos, np_msg msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    np_vreport(b->diags, b->file, pos, msg, ap);
    va_end(ap);
}

/* ---- plain text -------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Appends `s` to buf with whitespace runs collapsed to one space. */
static size_t append_collapsed(char *buf, size_t at, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (is_space(s[i])) {
            if (at > 0 && buf[at - 1] != ' ')
                buf[at++] = ' ';
        } else {
            buf[at++] = s[i];
        }
    }
    return at;
}

/* The node after `n` in reading order under `top`, NULL past the last:
 * into n's children unless `skip`, else on to the next sibling, or the
 * next sibling of the nearest ancestor that has one. *depth counts the
 * levels below `top`, so that `top` itself is never climbed past (nodes
 * made on the stack have no parent). No recursion: the C stack stays the
 * same however deep the tree. */
static const np_node *next_node(const np_node *n, bool skip, unsigned *depth)
{
    if (!skip && n->first) {
        ++*depth;
        return n->first;
    }
    while (*depth > 0 && !n->next) {
        --*depth;
        n = n->parent;
    }
    return *depth > 0 ? n->next : NULL;
}

/* Footnotes and their calls are not part of the plain text. */
static bool not_plain(const np_node *n)
{
    return n->kind == NP_K_FN || n->kind == NP_K_FNREF;
}

static size_t text_length(const np_node *top)
{
    size_t len = 0;
    unsigned depth = 0;
    for (const np_node *c = next_node(top, false, &depth); c;
         c = next_node(c, not_plain(c), &depth))
        len += c->kind == NP_K_TEXT ? c->len : c->kind == NP_K_BR;
    return len;
}

static size_t gather_text(const np_node *top, char *buf)
{
    size_t at = 0;
    unsigned depth = 0;
    for (const np_node *c = next_node(top, false, &depth); c;
         c = next_node(c, not_plain(c), &depth)) {
        if (c->kind == NP_K_TEXT)
            at = append_collapsed(buf, at, c->text, c->len);
        else if (c->kind == NP_K_BR)
            at = append_collapsed(buf, at, " ", 1);
    }
    return at;
}

char *np_doc_plain_text(np_arena *arena, const np_node *node)
{
    char *buf = np_arena_alloc(arena, text_length(node) + 1);
    if (!buf)
        return NULL;
    size_t at = gather_text(node, buf);
    size_t start = 0;
    while (start < at && buf[start] == ' ')
        start++;
    while (at > start && buf[at - 1] == ' ')
        at--;
    buf[at] = '\0';
    return buf + start;
}

/* Plain text of an XML element (meta fields hold text only). */
static const char *xml_text(builder *b, const np_xnode *x)
{
    size_t len = 0;
    for (const np_xnode *c = x->first; c; c = c->next)
        len += c->name ? 0 : c->len;
    char *buf = alloc(b, len + 1);
    if (!buf)
        return "";
    size_t at = 0;
    for (const np_xnode *c = x->first; c; c = c->next)
        if (!c->name)
            at = append_collapsed(buf, at, c->text, c->len);
    while (at > 0 && buf[at - 1] == ' ')
        at--;
    buf[at] = '\0';
    return buf[0] == ' ' ? buf + 1 : buf;
}

/* ---- footnotes and ids ------------------------------------------- */

static np_footnote *new_note(builder *b, bool star, np_pos pos)
{
    np_doc *d = b->doc;
    if ((unsigned)d->note_count >= b->limits.notes) {
        if (!b->too_many_notes)
            refuse(b, pos, NP_MSG_LIMIT_NOTES, b->limits.notes);
        b->too_many_notes = true;
        return NULL;
    }
    if (d->note_count == b->note_cap) {
        int cap = b->note_cap ? b->note_cap * 2 : 32;
        np_footnote **grown = alloc(b, (size_t)cap * sizeof *grown);
        if (!grown)
            return NULL;
        if (d->note_count)
            memcpy(grown, d->notes, (size_t)d->note_count * sizeof *grown);
        d->notes = grown;
        b->note_cap = cap;
    }
    np_footnote *f = alloc(b, sizeof *f);
    if (!f)
        return NULL;
    f->index = d->note_count;
    f->star = star;
    if (star) {
        f->number = ++d->star_count;
        int n = f->number < 15 ? f->number : 15;
        memset(f->mark, '*', (size_t)n);
        f->mark[n] = '\0';
    } else {
        f->number = d->note_count - d->star_count + 1;
        snprintf(f->mark, sizeof f->mark, "%d", f->number);
    }
    d->notes[d->note_count++] = f;
    return f;
}

/* Ids live in a hash table: a description may hold thousands of notes
 * and as many re-calls as it has elements, and each re-call looks its
 * note up. */
static size_t id_hash(const char *id, size_t cap)
{
    size_t h = 5381;
    for (; *id; id++)
        h = h * 33 + (unsigned char)*id;
    return h & (cap - 1);
}

static id_entry *find_id(builder *b, const char *id)
{
    if (!b->id_cap)
        return NULL;
    for (id_entry *e = b->ids[id_hash(id, b->id_cap)]; e; e = e->next)
        if (strcmp(e->id, id) == 0)
            return e;
    return NULL;
}

/* Doubles the table (from 64 slots) when it is three quarters full. */
static bool grow_ids(builder *b)
{
    if (b->id_count < b->id_cap / 4 * 3)
        return true;
    size_t cap = b->id_cap ? b->id_cap * 2 : 64;
    id_entry **slots = alloc(b, cap * sizeof *slots);
    if (!slots)
        return false;
    memset(slots, 0, cap * sizeof *slots);
    for (size_t i = 0; i < b->id_cap; i++)
        for (id_entry *e = b->ids[i], *next; e; e = next) {
            next = e->next;
            size_t h = id_hash(e->id, cap);
            e->next = slots[h];
            slots[h] = e;
        }
    b->ids = slots;
    b->id_cap = cap;
    return true;
}

static void register_id(builder *b, const char *id, np_pos pos,
                        np_footnote *note)
{
    id_entry *seen = find_id(b, id);
    if (seen) {
        refuse(b, pos, NP_MSG_DUPLICATE_ID, id, seen->pos.line);
        return;
    }
    id_entry *e = grow_ids(b) ? alloc(b, sizeof *e) : NULL;
    if (!e)
        return;
    size_t h = id_hash(id, b->id_cap);
    *e = (id_entry){ id, pos, note, b->ids[h] };
    b->ids[h] = e;
    b->id_count++;
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
static void read_col_width(builder *b, const np_xnode *x, np_node *n)
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
    refuse(b, np_xattr_pos(x, "width"), NP_MSG_BAD_ATTR, v, "width", "a percentage or a length");
}

/* A link's target, as the PDF will hold it: an allowed scheme, as a
 * URI, no longer than a PDF string. */
static void read_link(builder *b, const np_xnode *x, np_node *n)
{
    const char *href = np_xattr_get(x, "href");
    np_pos pos = np_xattr_pos(x, "href");
    size_t len;
    n->href = href ? href : "";
    if (!link_scheme_allowed(n->href)) {
        refuse(b, pos, NP_MSG_LINK_SCHEME, n->href);
        return;
    }
    n->href = np_doc_uri(b->arena, n->href, &len);
    if (!n->href) {
        b->failed = true;
        n->href = "";
    } else if (len > NP_MAX_PDF_STRING) {
        refuse(b, pos, NP_MSG_LINK_TOO_LONG, len, NP_MAX_PDF_STRING);
    }
}

static void read_attrs(builder *b, const np_xnode *x, np_node *n)
{
    const char *v;
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
            refuse(b, np_xattr_pos(x, "style"), NP_MSG_BAD_ATTR, v, "style",
                   "alpha, roman, decimal, bullet, dash or none");
        break;
    case NP_K_TH:
    case NP_K_TD:
        v = np_xattr_get(x, "colspan");
        n->colspan = v ? atoi(v) : 1;
        if (n->colspan < 1 || n->colspan > 1000) {
            refuse(b, np_xattr_pos(x, "colspan"), NP_MSG_BAD_ATTR, v, "colspan", "a number from 1");
            n->colspan = 1;
        }
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

static np_node *new_node(builder *b, np_kind kind, np_pos pos, np_node *parent)
{
    np_node *n = alloc(b, sizeof *n);
    if (!n)
        return NULL;
    n->kind = kind;
    n->pos = pos;
    n->parent = parent;
    if (parent) {
        if (parent->last)
            parent->last->next = n;
        else
            parent->first = n;
        parent->last = n;
    }
    return n;
}

static void convert_children(builder *b, const np_xnode *x, np_node *parent);

static void convert_note(builder *b, const np_xnode *x, np_node *n)
{
    n->note = new_note(b, b->star_context, x->pos);
    if (!n->note)
        return;
    n->note->content = n;
    n->note->id = np_xattr_get(x, "id");
    if (n->note->id)
        register_id(b, n->note->id, np_xattr_pos(x, "id"), n->note);
}

/* A re-call may come before the note it calls (a note citing a later
 * one): resolve every fnref once the whole document has been read. */
static void convert_ref(builder *b, const np_xnode *x, np_node *n)
{
    pending_ref *p = alloc(b, sizeof *p);
    if (!p)
        return;
    const char *ref = np_xattr_get(x, "ref");
    *p = (pending_ref){ n, ref ? ref : "", b->refs, np_xattr_pos(x, "ref") };
    b->refs = p;
}

static void resolve_refs(builder *b)
{
    for (pending_ref *p = b->refs; p; p = p->next) {
        id_entry *e = find_id(b, p->ref);
        if (e && e->note)
            p->node->note = e->note;
        else
            refuse(b, p->pos, NP_MSG_FNREF_NOWHERE, p->ref, p->ref);
    }
}

/* A table with more cells than the limit: refused at the first cell
 * past it, before any of it is converted. */
static bool table_too_big(builder *b, const np_xnode *table)
{
    unsigned cells = 0;
    for (const np_xnode *row = table->first; row; row = row->next)
        for (const np_xnode *c = row->name ? row->first : NULL; c; c = c->next)
            if (c->name && ++cells > b->limits.table_cells) {
                refuse(b, c->pos, NP_MSG_LIMIT_CELLS, b->limits.table_cells);
                return true;
            }
    return false;
}

/* The node of element `x` under `parent`, with its attributes read;
 * NULL when it is refused (its children are then left alone). */
static np_node *convert_element(builder *b, const np_xnode *x, np_node *parent)
{
    np_kind kind;
    if (!kind_of(x->name, &kind))
        kind = NP_K_INLINE;     /* schema-checked: only containers remain */
    if (kind == NP_K_TABLE && table_too_big(b, x))
        return NULL;
    if (kind == NP_K_LIST && b->list_depth + 1 > b->limits.list_depth) {
        refuse(b, x->pos, NP_MSG_LIMIT_LIST_DEPTH, b->limits.list_depth);
        return NULL;
    }
    np_node *n = new_node(b, kind, x->pos, parent);
    if (!n)
        return NULL;
    read_attrs(b, x, n);
    if (kind == NP_K_FN)
        convert_note(b, x, n);
    else if (kind == NP_K_FNREF)
        convert_ref(b, x, n);
    return n;
}

static np_node *convert_text(builder *b, const np_xnode *x, np_node *parent)
{
    np_node *t = new_node(b, NP_K_TEXT, x->pos, parent);
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
static void convert_children(builder *b, const np_xnode *x, np_node *parent)
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

static np_node *convert_container(builder *b, const np_xnode *x, np_kind kind)
{
    np_node *n = new_node(b, kind, x->pos, NULL);
    if (!n)
        return NULL;
    read_attrs(b, x, n);
    convert_children(b, x, n);
    return n;
}

/* ---- front matter ------------------------------------------------ */

static bool leap_year(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool parse_date(const char *s, np_date *out)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-'
        || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    if (y < 1 || m < 1 || m > 12 || d < 1)
        return false;
    int max = days[m - 1] + (m == 2 && leap_year(y));
    if (d > max)
        return false;
    *out = (np_date){ y, m, d };
    return true;
}

static const char *required_text(builder *b, const np_xnode *x)
{
    const char *t = xml_text(b, x);
    if (!t[0])
        refuse(b, x->pos, NP_MSG_EMPTY_FIELD, x->name);
    return t;
}

static void read_distribution(builder *b, const np_xnode *x)
{
    const char *t = xml_text(b, x);
    static const char *names[] = { "", "general", "limited", "restricted" };
    for (int i = 1; i < 4; i++)
        if (strcmp(t, names[i]) == 0) {
            b->doc->distribution = (np_distribution)i;
            return;
        }
    refuse(b, x->pos, NP_MSG_BAD_ATTR, t, "<distribution>",
           "general, limited or restricted");
}

static bool job_has_digits(const char *job)
{
    for (; *job; job++)
        if (*job >= '0' && *job <= '9')
            return true;
    return false;
}

/* lang="en fr": the codes, each once. Whether each is a language the
 * engine knows is checked by the renderer, which knows what is
 * installed. */
static void read_original_langs(builder *b, const np_xnode *x)
{
    np_doc *d = b->doc;
    const char *v = np_xattr_get(x, "lang");
    char *codes = np_arena_strdup(b->arena, v ? v : "");
    size_t n = 1;
    for (const char *p = codes; p && *p; p++)
        n += is_space(*p);
    d->original_langs = codes ? alloc(b, n * sizeof *d->original_langs) : NULL;
    d->original_pos = np_xattr_pos(x, "lang");
    char *save = NULL;
    for (char *c = d->original_langs ? strtok_r(codes, " \t\r\n", &save) : NULL;
         c; c = strtok_r(NULL, " \t\r\n", &save)) {
        for (int i = 0; i < d->original_count; i++)
            if (strcmp(d->original_langs[i], c) == 0) {
                refuse(b, d->original_pos, NP_MSG_BAD_ATTR, v, "lang",
                       "each original language once");
                return;
            }
        d->original_langs[d->original_count++] = c;
    }
}

/* <job dates="2025-09-10 2025-09-11">: one or two real days, each
 * refused at its own place in the attribute. */
static void read_job_dates(builder *b, const np_xnode *x)
{
    const np_xattr *a = x->attrs;
    while (a && strcmp(a->name, "dates") != 0)
        a = a->next;
    if (!a)
        return;
    np_doc *d = b->doc;
    const char *v = a->value;
    int count = 0;
    for (size_t at = 0; v[at];) {
        size_t len = strcspn(v + at, " ");
        if (len == 0) {
            at++;
            continue;
        }
        np_pos pos = a->value_pos;
        for (size_t i = 0; i < at; i++)
            pos.col += ((unsigned char)v[i] & 0xC0) != 0x80;
        char *one = np_arena_strndup(b->arena, v + at, len);
        if (count == NP_JOB_DATES)
            refuse(b, pos, NP_MSG_JOB_DATES);
        else if (one && !parse_date(one, &d->job_dates[count]))
            refuse(b, pos, NP_MSG_BAD_DATE, one);
        count++;
        at += len;
    }
    if (count == 0)
        refuse(b, a->value_pos, NP_MSG_JOB_DATES);
    d->job_date_count = count < NP_JOB_DATES ? count : NP_JOB_DATES;
}

static void read_meta_field(builder *b, const np_xnode *x)
{
    np_doc *d = b->doc;
    if (np_xnode_is(x, "symbol")) {
        d->symbol = required_text(b, x);
        d->symbol_pos = x->pos;
    } else if (np_xnode_is(x, "organ")) {
        d->organ = required_text(b, x);
        d->organ_pos = x->pos;
    } else if (np_xnode_is(x, "distribution")) {
        read_distribution(b, x);
    } else if (np_xnode_is(x, "date")) {
        const char *t = xml_text(b, x);
        if (!parse_date(t, &d->date))
            refuse(b, x->pos, NP_MSG_BAD_DATE, t);
    } else if (np_xnode_is(x, "original")) {
        read_original_langs(b, x);
        d->original_notes = convert_container(b, x, NP_K_INLINE);
    } else if (np_xnode_is(x, "job")) {
        d->job = required_text(b, x);
        if (d->job[0] && !job_has_digits(d->job))
            refuse(b, x->pos, NP_MSG_BAD_JOB, d->job);
        read_job_dates(b, x);
    }
}

static void read_meta(builder *b, const np_xnode *meta)
{
    for (const np_xnode *c = meta->first; c; c = c->next)
        if (c->name)
            read_meta_field(b, c);
    if (!b->doc->symbol)
        refuse(b, meta->pos, NP_MSG_NO_SYMBOL);
}

static np_footnote *agenda_note(builder *b, const char *agenda, np_pos pos)
{
    np_footnote *f = new_note(b, true, pos);
    np_node *holder = new_node(b, NP_K_INLINE, pos, NULL);
    np_node *text = holder ? new_node(b, NP_K_TEXT, pos, holder) : NULL;
    if (!f || !text)
        return NULL;
    text->text = np_arena_printf(b->arena, "%s.", agenda);
    text->len = text->text ? strlen(text->text) : 0;
    f->synthetic = holder;
    return f;
}

static void read_agenda_item(builder *b, const np_xnode *x,
                             np_agenda_item ***tail)
{
    np_agenda_item *a = alloc(b, sizeof *a);
    if (!a)
        return;
    const char *prov = np_xattr_get(x, "provisional");
    a->number = np_xattr_get(x, "number");
    a->agenda = np_xattr_get(x, "agenda");
    a->provisional = !prov || strcmp(prov, "no") != 0;
    a->pos = x->pos;
    if (a->agenda && a->agenda[0])
        a->star = agenda_note(b, a->agenda, x->pos);
    a->title = convert_container(b, x, NP_K_INLINE);
    **tail = a;
    *tail = &a->next;
}

/* The bodies holding the meeting, up to three (FORMAT v1.1): a fourth
 * is refused where it stands. */
static void read_meeting_body(builder *b, const np_xnode *x)
{
    np_doc *d = b->doc;
    if (d->meeting_body_count == NP_MEETING_BODIES) {
        refuse(b, x->pos, NP_MSG_MEETING_BODIES, NP_MEETING_BODIES);
        return;
    }
    d->meeting_bodies[d->meeting_body_count++] = xml_text(b, x);
}

static void read_meeting(builder *b, const np_xnode *meeting)
{
    np_doc *d = b->doc;
    np_agenda_item **tail = &d->agenda;
    d->has_meeting = true;
    for (const np_xnode *c = meeting->first; c; c = c->next) {
        if (np_xnode_is(c, "body"))
            read_meeting_body(b, c);
        else if (np_xnode_is(c, "session"))
            d->session = xml_text(b, c);
        else if (np_xnode_is(c, "place"))
            d->place = xml_text(b, c);
        else if (np_xnode_is(c, "agenda-item"))
            read_agenda_item(b, c, &tail);
    }
}

static void read_annex(builder *b, const np_xnode *x, np_node ***tail)
{
    np_node *annex = convert_container(b, x, NP_K_ANNEX);
    if (!annex)
        return;
    **tail = annex;
    *tail = &annex->next;
    b->doc->annex_count++;
}

/* Front matter first (star notes in reading order: meta, meeting,
 * sponsors, title, subtitle), then body and annexes. */
static void read_document(builder *b, const np_xnode *root)
{
    np_doc *d = b->doc;
    np_node **annex_tail = &d->annexes;
    b->star_context = true;
    for (const np_xnode *c = root->first; c && !b->failed; c = c->next) {
        if (np_xnode_is(c, "meta"))
            read_meta(b, c);
        else if (np_xnode_is(c, "meeting"))
            read_meeting(b, c);
        else if (np_xnode_is(c, "sponsors"))
            d->sponsors = convert_container(b, c, NP_K_INLINE);
        else if (np_xnode_is(c, "title"))
            d->title = convert_container(b, c, NP_K_INLINE);
        else if (np_xnode_is(c, "subtitle"))
            d->subtitle = convert_container(b, c, NP_K_INLINE);
        else if (np_xnode_is(c, "body")) {
            b->star_context = false;
            d->body = convert_container(b, c, NP_K_BODY);
        } else if (np_xnode_is(c, "annex")) {
            b->star_context = false;
            read_annex(b, c, &annex_tail);
        }
    }
}

/* The layout attribute of a description chooses among the installed
 * layouts; letting it name a file would let a description read any
 * file of the machine through the layout loader. */
static void check_layout_name(builder *b, const char *name, np_pos pos)
{
    bool plain = name[0] != '\0' && name[0] != '.';
    for (const char *p = name; *p && plain; p++)
        plain = *p != '/' && *p != '\\';
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".xml") == 0)
        plain = false;
    if (!plain)
        refuse(b, pos, NP_MSG_LAYOUT_NAME, name);
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
    builder b = { .arena = arena, .diags = diags, .file = file, .doc = d,
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
    read_document(&b, root);
    resolve_refs(&b);
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
