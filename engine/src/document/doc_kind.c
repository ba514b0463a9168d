/*
 * doc_kind.c - the kind of a document (<document kind="...">) and what
 * belongs to the adopted kinds: <adopted date meeting> with its
 * <reference>, the number of the title, the <decision> body, and the
 * conventions of the organ that adopted the text, read from the first
 * element of the symbol (A/, E/, S/).
 *
 * Each misuse is refused at its own place: an <adopted> without a real
 * date or a meeting, an <adopted> in a note, a <decision> outside a
 * decision or a draft decision, a number that is not one of the organ's. Setting the
 * adopted texts is typesetting/adopted.c's.
 */
#include <string.h>

#include "document/doc_build.h"

static const char *const kind_names[] = {
    [NP_DOC_NOTE] = "note", [NP_DOC_REPORT] = "report",
    [NP_DOC_DRAFT_RESOLUTION] = "draft-resolution",
    [NP_DOC_DRAFT_DECISION] = "draft-decision",
    [NP_DOC_RESOLUTION] = "resolution", [NP_DOC_DECISION] = "decision",
    [NP_DOC_LETTER] = "letter", [NP_DOC_CORRIGENDUM] = "corrigendum",
    [NP_DOC_ADDENDUM] = "addendum", [NP_DOC_AGENDA] = "agenda",
};

enum { KIND_COUNT = sizeof kind_names / sizeof kind_names[0] };

bool np_doc_adopted(const np_doc *doc)
{
    return doc->kind == NP_DOC_RESOLUTION || doc->kind == NP_DOC_DECISION;
}

static np_organ organ_of(const char *symbol)
{
    static const struct { const char *prefix; np_organ organ; } organs[] = {
        { "A/", NP_ORGAN_GA }, { "E/", NP_ORGAN_ECOSOC }, { "S/", NP_ORGAN_SC },
    };
    for (size_t i = 0; symbol && i < sizeof organs / sizeof organs[0]; i++)
        if (strncmp(symbol, organs[i].prefix, 2) == 0)
            return organs[i].organ;
    return NP_ORGAN_OTHER;
}

/* Without kind=: a note, or a draft resolution when it has sponsors
 * (as in v1). The <sponsors> element is looked for here, before the
 * document is read. */
void np_build_kind(np_builder *b, const np_xnode *root)
{
    np_doc *d = b->doc;
    const char *v = np_xattr_get(root, "kind");
    if (!v) {
        d->kind = NP_DOC_NOTE;
        for (const np_xnode *c = root->first; c; c = c->next)
            if (np_xnode_is(c, "sponsors"))
                d->kind = NP_DOC_DRAFT_RESOLUTION;
        return;
    }
    for (int i = 0; i < KIND_COUNT; i++)
        if (strcmp(v, kind_names[i]) == 0) {
            d->kind = (np_doc_kind)i;
            return;
        }
    np_build_refuse(b, np_xattr_pos(root, "kind"), NP_MSG_BAD_ATTR, v, "kind",
                    "note, report, draft-resolution, draft-decision, resolution, "
                    "decision, letter, corrigendum, addendum or agenda");
}

/* The position of attribute `name`'s value, or of the element. */
static np_pos value_pos(const np_xnode *x, const char *name)
{
    for (const np_xattr *a = x->attrs; a; a = a->next)
        if (strcmp(a->name, name) == 0)
            return a->value_pos;
    return x->pos;
}

void np_build_adopted(np_builder *b, const np_xnode *x)
{
    np_doc *d = b->doc;
    np_adopted *a = np_build_alloc(b, sizeof *a);
    if (!a)
        return;
    a->pos = x->pos;
    d->adopted = a;
    if (!np_doc_adopted(d))
        np_build_refuse(b, x->pos, NP_MSG_ADOPTED_KIND, kind_names[d->kind]);
    const char *date = np_xattr_get(x, "date");
    if (!date)
        np_build_refuse(b, x->pos, NP_MSG_ADOPTED_ATTR, "date",
                        "the day the text was adopted, as YYYY-MM-DD");
    else if (!np_build_date(date, &a->date))
        np_build_refuse(b, value_pos(x, "date"), NP_MSG_BAD_DATE, date);
    a->meeting = np_xattr_get(x, "meeting");
    if (!a->meeting || !a->meeting[0])
        np_build_refuse(b, a->meeting ? value_pos(x, "meeting") : x->pos,
                        NP_MSG_ADOPTED_ATTR, "meeting",
                        "the meeting that adopted it, as \"96th plenary meeting\"");
    for (const np_xnode *c = x->first; c; c = c->next)
        if (np_xnode_is(c, "reference"))
            a->reference = np_build_container(b, c, NP_K_INLINE);
}

static bool digits(const char **s)
{
    const char *p = *s;
    while (**s >= '0' && **s <= '9')
        (*s)++;
    return *s > p;
}

/* The General Assembly's and ECOSOC's numbers: session (or year) and
 * number, "75/312", "2007/12"; a special session's "S-20/2" or an
 * emergency special session's "ES-10/24"; a part letter, "79/573 B". */
static bool session_number(const char *s)
{
    if (strncmp(s, "ES-", 3) == 0)
        s += 3;
    else if (strncmp(s, "S-", 2) == 0)
        s += 2;
    if (!digits(&s) || *s++ != '/' || !digits(&s))
        return false;
    if (s[0] == ' ' && s[1] >= 'A' && s[1] <= 'Z')
        s += 2;
    return *s == '\0';
}

static bool council_number(const char *s)
{
    return digits(&s) && *s == '\0';
}

void np_build_title_number(np_builder *b, const np_xnode *title)
{
    np_doc *d = b->doc;
    d->title_number = np_xattr_get(title, "number");
    if (!d->title_number)
        return;
    np_pos pos = value_pos(title, "number");
    if (!np_doc_adopted(d)) {
        np_build_refuse(b, pos, NP_MSG_TITLE_NUMBER_KIND, d->title_number);
        return;
    }
    if (d->organ_kind == NP_ORGAN_SC && !council_number(d->title_number))
        np_build_refuse(b, pos, NP_MSG_BAD_ATTR, d->title_number, "number",
                        "a Security Council resolution's number, as 1632");
    else if (d->organ_kind != NP_ORGAN_SC && !session_number(d->title_number))
        np_build_refuse(b, pos, NP_MSG_BAD_ATTR, d->title_number, "number",
                        "session and number, as 75/312 (also S-20/2, ES-10/24, 79/573 B)");
}

/* The <decision>s of a document of another kind, refused where they
 * stand; the walk keeps no stack, as the builder's. */
static void refuse_decisions(np_builder *b, const np_node *top)
{
    const np_node *n = top ? top->first : NULL;
    while (n) {
        if (n->kind == NP_K_DECISION)
            np_build_refuse(b, n->pos, NP_MSG_DECISION_KIND, kind_names[b->doc->kind]);
        if (n->first && n->kind != NP_K_DECISION) {
            n = n->first;
            continue;
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == top)
                return;
        }
        n = n->next;
    }
}

static void check_council(np_builder *b)
{
    np_doc *d = b->doc;
    if (d->kind == NP_DOC_DECISION)
        np_build_refuse(b, d->symbol_pos, NP_MSG_SC_DECISION, d->symbol);
    if (d->adopted && d->adopted->reference)
        np_build_refuse(b, d->adopted->reference->pos, NP_MSG_SC_REFERENCE);
    const char *text = d->title ? np_doc_plain_text(b->arena, d->title) : NULL;
    if (text && text[0] && d->title_number)
        np_build_refuse(b, d->title->pos, NP_MSG_SC_TITLE_TEXT, d->title_number,
                        d->adopted->date.year);
}

void np_build_check_kind(np_builder *b)
{
    np_doc *d = b->doc;
    if (d->kind != NP_DOC_DECISION && d->kind != NP_DOC_DRAFT_DECISION) {
        refuse_decisions(b, d->body);
        for (const np_node *a = d->annexes; a; a = a->next)
            refuse_decisions(b, a);
    }
    if (!np_doc_adopted(d))
        return;
    if (!d->adopted) {
        np_build_refuse(b, d->title ? d->title->pos : (np_pos){ 0, 0 },
                        NP_MSG_ADOPTED_MISSING, kind_names[d->kind]);
        return;
    }
    if (d->organ_kind == NP_ORGAN_OTHER && d->symbol) {
        np_build_refuse(b, d->symbol_pos, NP_MSG_ADOPTED_ORGAN, d->symbol);
        return;
    }
    if (!d->title_number && d->title)
        np_build_refuse(b, d->title->pos, NP_MSG_TITLE_NO_NUMBER,
                        d->organ_kind == NP_ORGAN_SC ? "1632" : "75/312");
    if (d->organ_kind == NP_ORGAN_SC)
        check_council(b);
}

/* Called by the builder once <meta> is read: the organ of an adopted
 * text, whose numbers and lines follow its conventions. */
void np_build_organ(np_builder *b)
{
    np_doc *d = b->doc;
    d->organ_kind = np_doc_adopted(d) ? organ_of(d->symbol) : NP_ORGAN_OTHER;
}
