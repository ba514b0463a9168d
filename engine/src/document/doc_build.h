/*
 * doc_build.h - what the files of the document builder share: the
 * builder's state and the steps one file asks of another.
 *
 *   doc_build.c  the walk from the XML tree to np_node records: kinds,
 *                attributes, limits, the parts of the document
 *   doc_meta.c   the front matter: <meta> and <meeting>
 *   doc_notes.c  footnotes, their numbers and marks, ids and re-calls
 *   doc_text.c   the plain text of a node or of an XML element
 *   doc_kind.c   the document's kind, <adopted>, the title's number
 *   doc_refs.c   targets of cross-references, <xref>, table notes
 *
 * Not for the rest of the engine, which sees doc.h only.
 */
#ifndef NP_DOC_BUILD_H
#define NP_DOC_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "document/doc.h"

typedef struct np_builder {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    np_doc *doc;
    bool star_context;          /* inside front matter: notes are stars */
    bool failed;                /* out of memory */
    size_t note_cap;
    struct id_entry **ids;      /* hash table of ids, chained */
    size_t id_cap, id_count;
    struct pending_ref *refs;   /* fnrefs resolved once every note is known */
    struct pending_xref *xrefs; /* xrefs, the same */
    size_t target_cap;
    np_limits limits;
    unsigned list_depth;
    bool too_many_notes;        /* reported once */
} np_builder;

/* doc_build.c */

/* From the arena; NULL, and the build failed, when memory runs out. */
void *np_build_alloc(np_builder *b, size_t size);

/* Reports message `msg` of the table at `pos` of the description. */
void np_build_refuse(np_builder *b, np_pos pos, np_msg msg, ...);

/* A node of `kind` at `pos`, last child of `parent` (may be NULL). */
np_node *np_build_node(np_builder *b, np_kind kind, np_pos pos, np_node *parent);

/* A node of `kind` holding what is under `x`, its attributes read. */
np_node *np_build_container(np_builder *b, const np_xnode *x, np_kind kind);

/* doc_meta.c */

/* Whether `s` is a real day written YYYY-MM-DD; sets *out if so. */
bool np_build_date(const char *s, np_date *out);

/* Reads <meta> into the document, refusing a missing symbol. */
void np_build_meta(np_builder *b, const np_xnode *meta);

/* Reads <meeting> into the document, with its agenda items. */
void np_build_meeting(np_builder *b, const np_xnode *meeting);

/* doc_kind.c */

/* Reads kind= of the root (or its default) into the document. */
void np_build_kind(np_builder *b, const np_xnode *root);

/* The organ whose conventions an adopted text follows, once the
 * symbol is read. */
void np_build_organ(np_builder *b);

/* Reads <adopted> into the document. */
void np_build_adopted(np_builder *b, const np_xnode *x);

/* Reads number= of the document's <title>. */
void np_build_title_number(np_builder *b, const np_xnode *title);

/* Refuses what the document's kind does not allow, once the whole
 * document is read: <adopted>, a title number, <decision>. */
void np_build_check_kind(np_builder *b);

/* doc_notes.c */

/* A new footnote, numbered or a star, listed in the document; NULL
 * past the limit of notes (reported once) or when memory runs out. */
np_footnote *np_build_note(np_builder *b, bool star, np_pos pos);

/* Keeps id `id` at `pos` (for `note`, may be NULL); refuses a second
 * use of it. */
void np_build_id(np_builder *b, const char *id, np_pos pos, np_footnote *note);

/* The same for an element with an id (`node`), or a table note. */
void np_build_node_id(np_builder *b, const char *id, np_pos pos,
                      np_footnote *note, np_node *node);

/* What id `id` names: false when nothing does. */
bool np_build_lookup_id(np_builder *b, const char *id, np_footnote **note,
                        np_node **node);

/* The footnote of <fn> `x`, made node `n`. */
void np_build_fn(np_builder *b, const np_xnode *x, np_node *n);

/* Keeps `key`, first met at `pos`, in the table of ids; false, with
 * *seen the first place, when it is kept already. Keys other than ids
 * start with a character no id holds ("\\001"), so never meet one. */
bool np_build_unique(np_builder *b, const char *key, np_pos pos, np_pos *seen);

/* <fnref> `x`, made node `n`: kept to be resolved at the end. */
void np_build_fnref(np_builder *b, const np_xnode *x, np_node *n);

/* Gives every <fnref> the note it calls, refusing those calling none. */
void np_build_resolve_refs(np_builder *b);

/* doc_blocks.c */

/* The attributes of v1.1 on blocks: number="12 bis" on p, op and item
 * (once among siblings), a section's level, a span's language, an
 * annex's original, a signature's name. */
void np_build_block_attrs(np_builder *b, const np_xnode *x, np_node *n);

/* Paragraphs unnumbered in the kinds that print none (letters,
 * corrigenda, addenda, agendas), unless numbering= says otherwise;
 * after np_build_kind. */
void np_build_kind_numbering(np_builder *b, const np_xnode *root);
/* doc_refs.c */

/* Reads the attributes of `x` that make node `n` a target (id, the
 * numbers of tables and figures) and lists it among the targets. */
void np_build_target(np_builder *b, const np_xnode *x, np_node *n);

/* <xref> `x`, made node `n`: kept to be resolved at the end. */
void np_build_xref(np_builder *b, const np_xnode *x, np_node *n);

/* <tfn> `x`, made node `n`: lettered in its table, refused elsewhere. */
void np_build_tfn(np_builder *b, const np_xnode *x, np_node *n);

/* <fnref> `ref` citing table note `tfn` again, from its own table. */
void np_build_tfn_ref(np_builder *b, np_node *ref, np_node *tfn, np_pos pos);

/* Gives every <xref> the node it names, refusing those naming none. */
void np_build_resolve_xrefs(np_builder *b);

/* doc_text.c */

/* The text of XML element `x`, white space collapsed and trimmed (meta
 * fields hold text only); "" when memory runs out. */
const char *np_build_text(np_builder *b, const np_xnode *x);

#endif
