/*
 * doc_notes.c - the footnotes of a document: each numbered as it comes
 * (front-matter notes as stars, the rest 1, 2, ...) up to the limit of
 * notes, ids kept in a hash table and refused when used twice, and
 * re-calls (<fnref>) resolved once the whole document is read, since a
 * note may cite a later one. Where notes are set is the typesetting's.
 */
#include <stdio.h>
#include <string.h>

#include "document/doc_build.h"
#include "ground/buf.h"

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
    np_node *node;              /* a block or table note with this id */
    struct id_entry *next;
} id_entry;

np_footnote *np_build_note(np_builder *b, bool star, np_pos pos)
{
    np_doc *d = b->doc;
    if ((unsigned)d->note_count >= b->limits.notes) {
        if (!b->too_many_notes)
            np_build_refuse(b, pos, NP_MSG_LIMIT_NOTES, b->limits.notes);
        b->too_many_notes = true;
        return NULL;
    }
    np_footnote **notes = np_arena_grow(b->arena, d->notes, (size_t)d->note_count,
                                        &b->note_cap, (size_t)d->note_count + 1,
                                        sizeof *notes);
    if (!notes) {
        b->failed = true;
        return NULL;
    }
    d->notes = notes;
    np_footnote *f = np_build_alloc(b, sizeof *f);
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
    return h % cap;
}

static id_entry *find_id(np_builder *b, const char *id)
{
    if (!b->id_cap)
        return NULL;
    for (id_entry *e = b->ids[id_hash(id, b->id_cap)]; e; e = e->next)
        if (strcmp(e->id, id) == 0)
            return e;
    return NULL;
}

/* Doubles the table when it is three quarters full. */
static bool grow_ids(np_builder *b)
{
    if (b->id_count < b->id_cap / 4 * 3)
        return true;
    size_t cap = np_grown_cap(b->id_cap, b->id_cap + 1, sizeof(id_entry *));
    id_entry **slots = cap ? np_build_alloc(b, cap * sizeof *slots) : NULL;
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

static void keep_id(np_builder *b, const char *id, np_pos pos,
                    np_footnote *note, np_node *node)
{
    id_entry *e = grow_ids(b) ? np_build_alloc(b, sizeof *e) : NULL;
    if (!e)
        return;
    size_t h = id_hash(id, b->id_cap);
    *e = (id_entry){ id, pos, note, node, b->ids[h] };
    b->ids[h] = e;
    b->id_count++;
}

void np_build_id(np_builder *b, const char *id, np_pos pos,
                        np_footnote *note)
{
    np_build_node_id(b, id, pos, note, NULL);
}

void np_build_node_id(np_builder *b, const char *id, np_pos pos,
                      np_footnote *note, np_node *node)
{
    id_entry *seen = find_id(b, id);
    if (seen) {
        np_build_refuse(b, pos, NP_MSG_DUPLICATE_ID, id, seen->pos.line);
        return;
    }
    keep_id(b, id, pos, note, node);
}

bool np_build_unique(np_builder *b, const char *key, np_pos pos, np_pos *seen)
{
    id_entry *e = find_id(b, key);
    if (e) {
        *seen = e->pos;
        return false;
    }
    keep_id(b, key, pos, NULL, NULL);
    return true;
}

bool np_build_lookup_id(np_builder *b, const char *id, np_footnote **note,
                        np_node **node)
{
    id_entry *e = find_id(b, id);
    if (e) {
        *note = e->note;
        *node = e->node;
    }
    return e != NULL;
}

void np_build_fn(np_builder *b, const np_xnode *x, np_node *n)
{
    n->note = np_build_note(b, b->star_context, x->pos);
    if (!n->note)
        return;
    n->note->content = n;
    n->note->id = np_xattr_get(x, "id");
    if (n->note->id)
        np_build_id(b, n->note->id, np_xattr_pos(x, "id"), n->note);
}

/* A re-call may come before the note it calls (a note citing a later
 * one): resolve every fnref once the whole document has been read. */
void np_build_fnref(np_builder *b, const np_xnode *x, np_node *n)
{
    pending_ref *p = np_build_alloc(b, sizeof *p);
    if (!p)
        return;
    const char *ref = np_xattr_get(x, "ref");
    *p = (pending_ref){ n, ref ? ref : "", b->refs, np_xattr_pos(x, "ref") };
    b->refs = p;
}

void np_build_resolve_refs(np_builder *b)
{
    for (pending_ref *p = b->refs; p; p = p->next) {
        id_entry *e = find_id(b, p->ref);
        if (e && e->note)
            p->node->note = e->note;
        else if (e && e->node && e->node->kind == NP_K_TFN)
            np_build_tfn_ref(b, p->node, e->node, p->pos);
        else
            np_build_refuse(b, p->pos, NP_MSG_FNREF_NOWHERE, p->ref, p->ref);
    }
    np_build_resolve_xrefs(b);
}

