/*
 * doc_text.c - plain text: a node's text with its footnotes left out
 * and white space collapsed (for bookmarks and the PDF's metadata), and
 * the text of an XML element of the front matter. Nothing here is
 * measured or set.
 */
#include <string.h>

#include "document/doc_build.h"

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

/* Plain text of an XML element (meta fields hold text only), collapsed
 * where it stands: the result is never longer than the text. */
const char *np_build_text(np_builder *b, const np_xnode *x)
{
    size_t len;
    char *buf = np_xnode_text(b->arena, x, &len);
    if (!buf) {
        b->failed = true;
        return "";
    }
    size_t at = append_collapsed(buf, 0, buf, len);
    while (at > 0 && buf[at - 1] == ' ')
        at--;
    buf[at] = '\0';
    return buf[0] == ' ' ? buf + 1 : buf;
}
