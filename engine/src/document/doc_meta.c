/*
 * doc_meta.c - the front matter of a description: <meta> (symbol,
 * organ, distribution, date, original languages, job number and its
 * dates, each checked: a real day, digits for the barcode, each
 * language once) and <meeting> (body, session, place, agenda items with
 * the star note of their agenda's symbol).
 *
 * Whether the original languages are known is the renderer's, which
 * knows what is installed; printing the masthead is the typesetting's.
 */
#include <stdio.h>
#include <string.h>

#include "document/doc_build.h"
#include "ground/utf8.h"

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

bool np_build_date(const char *s, np_date *out)
{
    return parse_date(s, out);
}

static const char *required_text(np_builder *b, const np_xnode *x)
{
    const char *t = np_build_text(b, x);
    if (!t[0])
        np_build_refuse(b, x->pos, NP_MSG_EMPTY_FIELD, x->name);
    return t;
}

static void read_distribution(np_builder *b, const np_xnode *x)
{
    const char *t = np_build_text(b, x);
    static const char *names[] = { "", "general", "limited", "restricted" };
    for (int i = 1; i < 4; i++)
        if (strcmp(t, names[i]) == 0) {
            b->doc->distribution = (np_distribution)i;
            return;
        }
    np_build_refuse(b, x->pos, NP_MSG_BAD_ATTR, t, "<distribution>",
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
static void read_original_langs(np_builder *b, const np_xnode *x)
{
    np_doc *d = b->doc;
    const char *v = np_xattr_get(x, "lang");
    char *codes = np_arena_strdup(b->arena, v ? v : "");
    size_t n = 1;
    for (const char *p = codes; p && *p; p++)
        n += strchr(" \t\r\n", *p) != NULL;
    d->original_langs = codes ? np_build_alloc(b, n * sizeof *d->original_langs) : NULL;
    d->original_pos = np_xattr_pos(x, "lang");
    char *save = NULL;
    for (char *c = d->original_langs ? strtok_r(codes, " \t\r\n", &save) : NULL;
         c; c = strtok_r(NULL, " \t\r\n", &save)) {
        for (int i = 0; i < d->original_count; i++)
            if (strcmp(d->original_langs[i], c) == 0) {
                np_build_refuse(b, d->original_pos, NP_MSG_BAD_ATTR, v, "lang",
                       "each original language once");
                return;
            }
        d->original_langs[d->original_count++] = c;
    }
}

/* <job dates="2025-09-10 2025-09-11">: one or two real days, each
 * refused at its own place in the attribute. */
static void read_job_dates(np_builder *b, const np_xnode *x)
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
        pos.col += (unsigned)np_utf8_count(v, at);
        char *one = np_arena_strndup(b->arena, v + at, len);
        if (count == NP_JOB_DATES)
            np_build_refuse(b, pos, NP_MSG_JOB_DATES);
        else if (one && !parse_date(one, &d->job_dates[count]))
            np_build_refuse(b, pos, NP_MSG_BAD_DATE, one);
        count++;
        at += len;
    }
    if (count == 0)
        np_build_refuse(b, a->value_pos, NP_MSG_JOB_DATES);
    d->job_date_count = count < NP_JOB_DATES ? count : NP_JOB_DATES;
}

static void read_meta_field(np_builder *b, const np_xnode *x)
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
        const char *t = np_build_text(b, x);
        if (!parse_date(t, &d->date))
            np_build_refuse(b, x->pos, NP_MSG_BAD_DATE, t);
    } else if (np_xnode_is(x, "original")) {
        read_original_langs(b, x);
        d->original_notes = np_build_container(b, x, NP_K_INLINE);
    } else if (np_xnode_is(x, "job")) {
        d->job = required_text(b, x);
        if (d->job[0] && !job_has_digits(d->job))
            np_build_refuse(b, x->pos, NP_MSG_BAD_JOB, d->job);
        read_job_dates(b, x);
    }
}

void np_build_meta(np_builder *b, const np_xnode *meta)
{
    for (const np_xnode *c = meta->first; c; c = c->next)
        if (c->name)
            read_meta_field(b, c);
    if (!b->doc->symbol)
        np_build_refuse(b, meta->pos, NP_MSG_NO_SYMBOL);
}

static np_node *text_node(np_builder *b, np_pos pos, np_node *parent,
                          const char *text)
{
    np_node *t = parent ? np_build_node(b, NP_K_TEXT, pos, parent) : NULL;
    if (t) {
        t->text = text;
        t->len = strlen(text);
    }
    return t;
}

/* "* A/80/150.": the agenda's symbol, linked as a <sym> is. */
static np_footnote *agenda_note(np_builder *b, const char *agenda, np_pos pos)
{
    np_footnote *f = np_build_note(b, true, pos);
    np_node *holder = np_build_node(b, NP_K_INLINE, pos, NULL);
    np_node *sym = holder ? np_build_node(b, NP_K_SYM, pos, holder) : NULL;
    if (!f || !text_node(b, pos, sym, agenda) || !text_node(b, pos, holder, "."))
        return NULL;
    f->synthetic = holder;
    return f;
}

/* Whether the agenda note `f` names `agenda` already. */
static bool note_names(const np_footnote *f, const char *agenda)
{
    for (const np_node *n = f->synthetic->first; n; n = n->next)
        if (n->kind == NP_K_SYM && n->first && strcmp(n->first->text, agenda) == 0)
            return true;
    return false;
}

/* Items in a row that share one label (FORMAT v1.1) share its star
 * note too, which names each agenda once: "Items 15 and 116 of the
 * provisional agenda*" over "* A/70/1." or "* A/70/1, A/70/2.". */
static np_footnote *shared_note(np_builder *b, const np_agenda_item *prev,
                                const np_agenda_item *a)
{
    if (!prev || prev->provisional != a->provisional || !prev->star)
        return NULL;
    np_footnote *f = prev->star;
    np_node *stop = f->synthetic->last;
    if (note_names(f, a->agenda) || !stop)
        return f;
    stop->text = ", ";
    stop->len = 2;
    np_node *sym = np_build_node(b, NP_K_SYM, a->pos, f->synthetic);
    text_node(b, a->pos, sym, a->agenda);
    text_node(b, a->pos, f->synthetic, ".");
    return f;
}

static void read_agenda_item(np_builder *b, const np_xnode *x,
                             np_agenda_item ***tail, const np_agenda_item *prev)
{
    np_agenda_item *a = np_build_alloc(b, sizeof *a);
    if (!a)
        return;
    const char *prov = np_xattr_get(x, "provisional");
    a->number = np_xattr_get(x, "number");
    a->agenda = np_xattr_get(x, "agenda");
    a->provisional = !prov || strcmp(prov, "no") != 0;
    a->pos = x->pos;
    if (a->agenda && a->agenda[0]) {
        a->star = shared_note(b, prev, a);
        if (!a->star)
            a->star = agenda_note(b, a->agenda, x->pos);
    }
    a->title = np_build_container(b, x, NP_K_INLINE);
    **tail = a;
    *tail = &a->next;
}

/* The bodies holding the meeting, up to three (FORMAT v1.1): a fourth
 * is refused where it stands. */
static void read_meeting_body(np_builder *b, const np_xnode *x)
{
    np_doc *d = b->doc;
    if (d->meeting_body_count == NP_MEETING_BODIES) {
        np_build_refuse(b, x->pos, NP_MSG_MEETING_BODIES, NP_MEETING_BODIES);
        return;
    }
    d->meeting_bodies[d->meeting_body_count++] = np_build_text(b, x);
}

void np_build_meeting(np_builder *b, const np_xnode *meeting)
{
    np_doc *d = b->doc;
    np_agenda_item **tail = &d->agenda, *prev = NULL;
    d->has_meeting = true;
    for (const np_xnode *c = meeting->first; c; c = c->next) {
        if (np_xnode_is(c, "body"))
            read_meeting_body(b, c);
        else if (np_xnode_is(c, "session"))
            d->session = np_build_text(b, c);
        else if (np_xnode_is(c, "place"))
            d->place = np_build_text(b, c);
        else if (np_xnode_is(c, "agenda-item")) {
            read_agenda_item(b, c, &tail, prev);
            prev = prev ? prev->next : d->agenda;
        }
    }
}

