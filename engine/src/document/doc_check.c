/*
 * doc_check.c - what the PDF will hold of a description, checked on the
 * document tree before layout, with positions.
 *
 * A link's target and the texts that become PDF text strings (the
 * document information's title, subject and author, the bookmark of
 * each heading and annex) have a limit that the PDF library otherwise
 * reports by an error number with no position ("PDF library error
 * 0x105B"): libharu writes no string longer than 65 535 bytes. So a
 * link's target is written as a URI here (an IRI's other characters
 * percent-encoded, RFC 3987 3.1) and measured, and each such text is
 * measured in the UTF-16 the PDF stores it in; one too long refuses the
 * description at its element.
 *
 * Not done here: building the tree (doc_build.c), writing the strings
 * (output/out_pdf_meta.c, out_pdf_draw.c).
 */
#include <stdio.h>
#include <string.h>

#include "document/doc.h"
#include "ground/utf8.h"

/* Characters of a text string: UTF-16 after a two-byte mark, in a
 * string of NP_MAX_PDF_STRING bytes, every character of a description
 * being in the BMP (xml_read.c refuses the others). */
#define MAX_TEXT ((NP_MAX_PDF_STRING - 2) / 2)

/* A bookmark is "number. title" or "Annex IV. title": room for the
 * label before the title. */
#define BOOKMARK_LABEL 64u

/* Whether byte `c` of a link's target must be percent-encoded: what is
 * not ASCII, controls, and the ASCII characters URIs exclude. */
static bool encoded(unsigned char c)
{
    return c >= 0x7F || c <= 0x20 || strchr("\"<>\\^`{|}", c) != NULL;
}

const char *np_doc_uri(np_arena *arena, const char *href, size_t *len)
{
    size_t n = 0;
    for (const char *p = href; *p; p++)
        n += encoded((unsigned char)*p) ? 3 : 1;
    *len = n;
    if (n == strlen(href))
        return href;
    char *uri = np_arena_alloc(arena, n + 1);
    if (!uri)
        return NULL;
    static const char hex[] = "0123456789ABCDEF";
    char *q = uri;
    for (const unsigned char *p = (const unsigned char *)href; *p; p++) {
        if (encoded(*p)) {
            *q++ = '%';
            *q++ = hex[*p >> 4];
            *q++ = hex[*p & 15];
        } else {
            *q++ = (char)*p;
        }
    }
    *q = '\0';
    return uri;
}

/* ---- texts ------------------------------------------------------------ */

typedef struct checker {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    bool failed;                /* out of memory */
} checker;

/* `text`, which `what` becomes as `where` in the PDF, at `pos`. `room`
 * characters of the string are taken by what goes before it. */
static void measure(checker *c, const char *text, np_pos pos, const char *what,
                    const char *where, size_t room)
{
    if (!text)
        return;
    size_t n = np_utf8_count(text, strlen(text));
    if (n + room > MAX_TEXT)
        np_report(c->diags, c->file, pos, NP_MSG_TEXT_TOO_LONG, what, n, where,
                  (unsigned)(MAX_TEXT - room));
}

static void measure_node(checker *c, const np_node *n, const char *what,
                         const char *where, size_t room)
{
    if (!n)
        return;
    const char *text = np_doc_plain_text(c->arena, n);
    if (!text)
        c->failed = true;
    measure(c, text, n->pos, what, where, room);
}

static const np_node *title_of(const np_node *n)
{
    for (const np_node *c = n->first; c; c = c->next)
        if (c->kind == NP_K_TITLE)
            return c;
    return NULL;
}

/* Sections (their number and title make a bookmark) anywhere under
 * `top`, walked without recursion. Inline content holds no section: the
 * walk does not go into paragraphs. */
static void sections(checker *c, const np_node *top)
{
    const np_node *n = top;
    while (n) {
        if (n->kind == NP_K_SECTION) {
            measure(c, n->number, n->pos, "a section number", "bookmark",
                    BOOKMARK_LABEL);
            measure_node(c, title_of(n), "<title>", "bookmark", BOOKMARK_LABEL);
        }
        bool down = n->first && !np_kind_is_inline(n->kind) && n->kind != NP_K_P;
        if (down) {
            n = n->first;
            continue;
        }
        while (n != top && !n->next)
            n = n->parent;
        n = n == top ? NULL : n->next;
    }
}

int np_doc_check_pdf(np_arena *arena, np_diags *diags, const char *file,
                     const np_doc *d)
{
    checker c = { arena, diags, file, false };
    unsigned errors = diags->count[NP_ERROR];
    measure_node(&c, d->title, "<title>", "document title", 0);
    measure(&c, d->symbol, d->symbol_pos, "<symbol>", "document subject", 0);
    measure(&c, d->organ, d->organ_pos, "<organ>", "document author", 0);
    if (d->body)
        sections(&c, d->body);
    for (const np_node *a = d->annexes; a; a = a->next) {
        measure_node(&c, title_of(a), "<title>", "bookmark", BOOKMARK_LABEL);
        sections(&c, a);
    }
    if (c.failed)
        return -1;
    return diags->count[NP_ERROR] > errors ? 1 : 0;
}
