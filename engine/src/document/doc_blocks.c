/*
 * doc_blocks.c - what format v1.1 adds to blocks and to the document
 * root, read and checked: the numbering of a kind, number="12 bis" on
 * <p>, <op> and <item> (a number printed once among its siblings),
 * <section level>, <annex original>, <span lang>, <signature signed>
 * and its <name>.
 *
 * Whether a language named here is known is the renderer's, which
 * knows what is installed; how each thing prints is the typesetting's.
 */
#include <stdio.h>
#include <string.h>

#include "document/doc_build.h"

/* Kinds whose paragraphs go unnumbered unless numbering="on": letters,
 * corrigenda and addenda print their text as written, and an agenda's
 * numbers are those of its list of items. */
static bool unnumbered_kind(np_doc_kind kind)
{
    return kind == NP_DOC_LETTER || kind == NP_DOC_CORRIGENDUM
           || kind == NP_DOC_ADDENDUM || kind == NP_DOC_AGENDA;
}

void np_build_kind_numbering(np_builder *b, const np_xnode *root)
{
    if (!np_xattr_get(root, "numbering") && unnumbered_kind(b->doc->kind))
        b->doc->numbering_off = true;
}

/* ---- number="12 bis" ---------------------------------------------- */

static const char *element_name(np_kind kind)
{
    return kind == NP_K_OP ? "op" : kind == NP_K_ITEM ? "item" : "p";
}

/* The number is printed once among the siblings of its kind: a second
 * "7" is refused where it stands, naming the first. */
static void number_once(np_builder *b, const np_node *n, np_pos pos)
{
    char *key = np_arena_printf(b->arena, "\001%p %d %s", (void *)n->parent,
                                (int)n->kind, n->number);
    np_pos seen;
    if (!key)
        b->failed = true;
    else if (!np_build_unique(b, key, pos, &seen))
        np_build_refuse(b, pos, NP_MSG_NUMBER_REPEATED, n->number,
                        element_name(n->kind), seen.line);
}

static void read_number(np_builder *b, const np_xnode *x, np_node *n)
{
    n->number = np_xattr_get(x, "number");
    if (!n->number)
        return;
    np_pos pos = np_xattr_pos(x, "number");
    const char *numbered = np_xattr_get(x, "numbered");
    if (!n->number[0])
        np_build_refuse(b, pos, NP_MSG_BAD_ATTR, "", "number",
                        "the number to print, as 7 or 12 bis");
    else if (n->kind == NP_K_P && numbered && strcmp(numbered, "no") == 0)
        np_build_refuse(b, pos, NP_MSG_NUMBER_UNNUMBERED, n->number);
    else if (n->kind == NP_K_ITEM && n->parent
             && (n->parent->style == NP_LIST_BULLET
                 || n->parent->style == NP_LIST_DASH
                 || n->parent->style == NP_LIST_NONE))
        np_build_refuse(b, pos, NP_MSG_NUMBER_NO_LABEL, n->number,
                        n->parent->style == NP_LIST_BULLET ? "bullet"
                        : n->parent->style == NP_LIST_DASH ? "dash" : "none");
    else
        number_once(b, n, pos);
}

/* ---- sections, languages, signatures ------------------------------ */

/* The heading levels a layout styles (heading1 to heading3). */
#define HEADING_LEVELS 3

static void read_level(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *v = np_xattr_get(x, "level");
    if (!v)
        return;
    if (strlen(v) == 1 && v[0] >= '1' && v[0] <= '0' + HEADING_LEVELS)
        n->level = v[0] - '0';
    else
        np_build_refuse(b, np_xattr_pos(x, "level"), NP_MSG_SECTION_LEVEL, v,
                        HEADING_LEVELS);
}

/* A span's language, kept for the renderer to find it installed. */
static void read_span_lang(np_builder *b, const np_xnode *x, np_node *n)
{
    np_lang_use *use = np_build_alloc(b, sizeof *use);
    n->lang = np_xattr_get(x, "lang");
    if (!use || !n->lang)
        return;
    *use = (np_lang_use){ n->lang, np_xattr_pos(x, "lang"), b->doc->span_langs };
    b->doc->span_langs = use;
}

/* Whether anything but white space is written under `x`, at any
 * depth ("<name><b>Nom</b></name>"); walked without recursion. */
static bool has_text(const np_xnode *x)
{
    const np_xnode *n = x->first;
    while (n) {
        for (size_t i = 0; !n->name && i < n->len; i++)
            if (!strchr(" \t\r\n", n->text[i]))
                return true;
        if (n->name && n->first) {
            n = n->first;
            continue;
        }
        while (n != x && !n->next)
            n = n->parent;
        n = n == x ? NULL : n->next;
    }
    return false;
}

/* A signature gives a name, not empty, before its roles (the schema
 * keeps the order). */
static void check_signature(np_builder *b, const np_xnode *x)
{
    for (const np_xnode *c = x->first; c; c = c->next)
        if (c->name && np_xnode_is(c, "name")) {
            if (!has_text(c))
                np_build_refuse(b, c->pos, NP_MSG_EMPTY_FIELD, "name");
            return;
        }
    np_build_refuse(b, x->pos, NP_MSG_SIGNATURE_NO_NAME);
}

void np_build_block_attrs(np_builder *b, const np_xnode *x, np_node *n)
{
    const char *v;
    switch (n->kind) {
    case NP_K_P: case NP_K_OP: case NP_K_ITEM:
        read_number(b, x, n);
        break;
    case NP_K_SECTION:
        read_level(b, x, n);
        break;
    case NP_K_SPAN:
        read_span_lang(b, x, n);
        break;
    case NP_K_ANNEX:
        n->lang = np_xattr_get(x, "original");
        break;
    case NP_K_SIGNATURE:
        v = np_xattr_get(x, "signed");
        n->not_signed = v && strcmp(v, "no") == 0;
        check_signature(b, x);
        break;
    case NP_K_SYM:
        if (!np_build_text(b, x)[0])
            np_build_refuse(b, x->pos, NP_MSG_EMPTY_FIELD, "sym");
        break;
    default:
        break;
    }
}
