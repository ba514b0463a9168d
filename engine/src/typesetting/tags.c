/*
 * tags.c - the structure tree of a tagged PDF (out.h, np_out_tree), as
 * layout sets the document.
 *
 * The element being set is ts->tag: every segment made while it is
 * current belongs to it (para.c, inline.c, visual.c), and pages.c marks
 * what it draws with it. Blocks enter an element by their kind, through
 * the one table `roles` below: a new kind of block gets its structure
 * type there. Headings, labels, notes, references and figures, whose
 * role comes from where layout puts them rather than from a node
 * kind, enter theirs by name.
 *
 * It does not write PDF; an untagged render (ts->tagged false) makes no
 * element, and every segment belongs to element 0.
 */
#include <string.h>

#include "ground/buf.h"
#include "typesetting/typeset.h"

typedef struct np_tnote_ref np_tnote_ref;

/* The structure type of each kind of node that makes an element of its
 * own; NULL for the kinds that add to their parent's (text, styles) or
 * whose element depends on the place (a paragraph's number). */
static const char *const roles[] = {
    [NP_K_ANNEX] = "Sect",
    [NP_K_P] = "P",
    [NP_K_SECTION] = "Sect",
    [NP_K_LIST] = "L",
    [NP_K_ITEM] = "LI",
    [NP_K_RESOLUTION] = "Sect",
    [NP_K_ACTOR] = "P",
    [NP_K_PP] = "P",
    [NP_K_OP] = "P",
    [NP_K_QUOTE] = "BlockQuote",
    [NP_K_TABLE] = "Table",
    [NP_K_TR] = "TR",
    [NP_K_TH] = "TH",
    [NP_K_TD] = "TD",
    [NP_K_LINK] = "Link",
    [NP_K_SPAN] = "Span",
    [NP_K_DECISION] = "Sect",
    [NP_K_SIGNATURE] = "Div",
    [NP_K_SUMMARY] = "Div",
};

const char *np_tag_role(np_kind kind)
{
    return (size_t)kind < sizeof roles / sizeof roles[0] ? roles[kind] : NULL;
}

int np_tags_begin(np_ts *ts)
{
    if (!ts->tagged)
        return 0;
    size_t n = (size_t)ts->doc->note_count + 1;
    if (!ts->note_tags)
        ts->note_tags = np_arena_alloc(ts->arena, n * sizeof *ts->note_tags);
    if (!ts->note_tags)
        return -1;
    memset(ts->note_tags, 0, n * sizeof *ts->note_tags);
    ts->tree.n = 0;             /* each pass of layout (passes.c) anew */
    ts->tag = np_tag_new(ts, -1, "Document");
    return ts->failed ? -1 : 0;
}

int np_tag_new(np_ts *ts, int parent, const char *role)
{
    np_out_tree *t = &ts->tree;
    if (!ts->tagged)
        return 0;
    np_out_elem *e = np_grow(ts->alloc, t->elems, &t->cap, t->n + 1, sizeof *e);
    if (!e) {
        ts->failed = true;
        return 0;
    }
    t->elems = e;
    t->elems[t->n] = (np_out_elem){ .parent = parent, .role = role, .ref = -1 };
    return (int)t->n++;
}

int np_tags_append(np_ts *ts, const np_out_elem *elems, size_t n)
{
    np_out_tree *t = &ts->tree;
    if (!ts->tagged || n == 0)
        return 0;
    np_out_elem *e = np_grow(ts->alloc, t->elems, &t->cap, t->n + n, sizeof *e);
    if (!e) {
        ts->failed = true;
        return -1;
    }
    t->elems = e;
    memcpy(&t->elems[t->n], elems, n * sizeof *elems);
    t->n += n;
    return 0;
}

np_out_elem *np_tag_get(np_ts *ts, int e)
{
    return ts->tagged && e > 0 && (size_t)e < ts->tree.n ? &ts->tree.elems[e]
                                                         : NULL;
}

int np_tag_enter(np_ts *ts, const char *role)
{
    int outer = ts->tag;
    if (role)
        ts->tag = np_tag_new(ts, outer, role);
    return outer;
}

int np_tag_enter_node(np_ts *ts, const np_node *n)
{
    return np_tag_enter(ts, np_tag_role(n->kind));
}

void np_tag_leave(np_ts *ts, int outer)
{
    ts->tag = outer;
}

int np_tag_note(np_ts *ts, int parent, const np_footnote *note)
{
    int *tag = ts->note_tags ? &ts->note_tags[note->index] : NULL;
    if (!tag || *tag)
        return tag ? *tag : 0;
    *tag = np_tag_new(ts, parent, "Note");
    np_out_elem *e = np_tag_get(ts, *tag);
    if (e)          /* PDF/UA: every Note has a unique ID */
        e->id = np_arena_printf(ts->arena, "note-%d", note->index + 1);
    return *tag;
}

int np_tag_parent(np_ts *ts, int e)
{
    const np_out_elem *el = np_tag_get(ts, e);
    return el && el->parent > 0 ? el->parent : 0;
}

struct np_tnote_ref {
    int ref;                    /* the Reference */
    int seq;                    /* the letter's number */
};

int np_tag_tnote_call(np_ts *ts, int parent, int seq)
{
    if (!ts->tagged)
        return 0;
    int ref = np_tag_new(ts, parent, "Reference");
    np_tnote_ref *refs = np_arena_grow(ts->arena, ts->tnote_refs, ts->ntnote_refs,
                                       &ts->tnote_ref_cap, ts->ntnote_refs + 1,
                                       sizeof *refs);
    if (!refs) {
        ts->failed = true;
        return ref;
    }
    ts->tnote_refs = refs;
    refs[ts->ntnote_refs++] = (np_tnote_ref){ ref, seq };
    return ref;
}

int np_tag_tnote(np_ts *ts, int parent, int seq, size_t refs_from)
{
    int note = np_tag_new(ts, parent, "Note");
    np_out_elem *e = np_tag_get(ts, note);
    if (!e)
        return note;
    e->id = np_arena_printf(ts->arena, "table-note-%d", note);
    for (size_t i = refs_from; i < ts->ntnote_refs; i++) {
        np_out_elem *r = np_tag_get(ts, ts->tnote_refs[i].ref);
        if (r && ts->tnote_refs[i].seq == seq)
            r->ref = note;
    }
    return note;
}

int np_tag_list_item(np_ts *ts, int *list)
{
    if (!*list)
        *list = np_tag_new(ts, ts->tag, "L");
    ts->tag = np_tag_new(ts, *list, "LI");
    int label = np_tag_new(ts, ts->tag, "Lbl");
    np_tag_enter(ts, "LBody");
    return label;
}

/* "H1" for depth 0 ... "H6", the deepest PDF names. */
const char *np_tag_heading(int depth)
{
    static const char *const h[] = { "H1", "H2", "H3", "H4", "H5", "H6" };
    return h[depth < 0 ? 0 : depth > 5 ? 5 : depth];
}

int np_tag_mark(np_ts *ts, np_out *out, int elem)
{
    if (!ts->tagged || !out->ops->mark)
        return 0;
    return out->ops->mark(out->self, elem);
}

/* Whether `text` is all ASCII while the document's language names the
 * Organization in another script: then it is the English of the
 * masthead (the distribution block of a Russian, Arabic or Chinese
 * document). */
static bool english_in_other_script(const np_ts *ts, const char *text)
{
    const char *org = ts->lang->labels[NP_LABEL_UNITED_NATIONS];
    bool other_script = false;
    for (const char *s = org; s && *s; s++)
        other_script |= (unsigned char)*s >= 0x80;
    for (const char *s = text; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return other_script;
}

int np_tag_text(np_ts *ts, int parent, const char *role, const char *text)
{
    int e = np_tag_new(ts, parent, role);
    np_out_elem *el = np_tag_get(ts, e);
    if (el && text && strcmp(ts->lang->code, "en") != 0
        && english_in_other_script(ts, text))
        el->lang = "en";
    return e;
}
