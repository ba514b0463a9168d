/*
 * layout_load.c - reads layout files into np_layout, following
 * extends="..." from a layout to the one it changes.
 *
 * A layout file is a <layout> element whose children are groups
 * (<page>, <body>, <footnote>, ...) and whose attributes are fields:
 * field "body.left" is attribute left of <body>. Every field has a row
 * in the table of layout_fields.c; a field not in the table, a
 * malformed value, a group given twice or a field that no layout of
 * the chain sets is an error with its position. A parent's fields are
 * read first, and its child's replace them. A <language code="zh">
 * element holds groups for the documents in that language: read after
 * the groups of its file when the document is in that language (so a
 * child's fields still replace them), read for their errors only
 * otherwise; they never make a layout complete.
 *
 * Not done here: reading values (values.c), the schema (layout_schema.c),
 * whether what the layout places lies on its page (layout_check.c),
 * language files (lang_load.c), finding files (the engine) or drawing.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ground/spell.h"
#include "readers/layout.h"
#include "readers/layout_check.h"
#include "readers/layout_fields.h"
#include "readers/layout_load.h"
#include "readers/values.h"
#include "readers/xml_read.h"


#define MAX_EXTENDS 16
#define MAX_GROUPS 128

/* Where a field was set, as the loader marks it: completeness counts
 * the layout's own groups only. */
enum { SEEN_NOT, SEEN_LANGUAGE, SEEN_LAYOUT };

typedef struct loader {
    np_arena *arena;
    np_diags *diags;
    const char *file;
    const char *dir;            /* directory of `file`, for font files */
    const char *lang;           /* the document's language, or NULL */
    np_layout *scratch;         /* other languages' groups go there */
    unsigned char (*seen)[NP_STYLE_PARTS];  /* of each field (SEEN_*);
                                               styles: each part */
    np_field_site (*sites)[NP_STYLE_PARTS];     /* where each was set last */
    unsigned files;             /* layout files read so far */
    np_layout_find_fn find;
    void *find_ud;
    const char *chain[MAX_EXTENDS];     /* files being read, child first */
    int depth;
    np_pos root_pos;            /* <layout> of the file asked for */
    const np_xnode *groups[MAX_GROUPS];     /* of the file being read */
    int ngroups;
    int group_base;             /* the first of groups in the element read */
    double body_right;          /* body right="...": the right margin */
    bool width_from_right;      /* the last of body.width and body.right
                                 * set was body.right */
} loader;

/* Reports a message of the table at `pos` of the file being read. */
#define bad(ld, pos, ...) np_report((ld)->diags, (ld)->file, pos, __VA_ARGS__)

/* ---- fields ------------------------------------------------------ */

/* The set width: tracking within a tenth of an em either way of 10 pt
 * text, scale from half to twice the font's widths. `name` is the
 * field's ("text.tracking"). */
static void set_width_part(loader *ld, np_text_style *st, int part,
                           const char *v, np_pos pos, const char *name)
{
    if (part == NP_PART_TRACKING) {
        if (!np_parse_length(v, &st->tracking))
            bad(ld, pos, NP_MSG_LAYOUT_NOT_LENGTH, name, v);
        else if (st->tracking < -1 || st->tracking > 1)
            bad(ld, pos, NP_MSG_LAYOUT_RANGE, name, v, "-1pt", "1pt");
        return;
    }
    if (!np_parse_percent(v, &st->scale))
        bad(ld, pos, NP_MSG_LAYOUT_NOT_PERCENT, name, v);
    else if (st->scale < 0.5 || st->scale > 2)
        bad(ld, pos, NP_MSG_LAYOUT_RANGE, name, v, "50%", "200%");
}

static void set_style_part(loader *ld, np_text_style *st, int part,
                           const char *v, np_pos pos, const char *key)
{
    char name[128];
    snprintf(name, sizeof name, "%s.%s", key, np_style_parts[part]);
    if (part >= NP_PART_TRACKING) {
        set_width_part(ld, st, part, v, pos, name);
        return;
    }
    if (part == NP_PART_FONT) {
        if (!np_parse_font(v, &st->font))
            bad(ld, pos, NP_MSG_LAYOUT_NOT_FONT, name, v);
        return;
    }
    double *value = part == NP_PART_SIZE ? &st->size : &st->leading;
    if (!np_parse_length(v, value))
        bad(ld, pos, NP_MSG_LAYOUT_NOT_LENGTH, name, v);
    else if (*value <= 0)
        bad(ld, pos, NP_MSG_LAYOUT_NOT_ABOVE_ZERO, name, v);
}

/* The emblem is found beside the layout naming it, and may not leave
 * that directory: no absolute path, no "..". */
static void set_emblem(loader *ld, np_layout *l, const char *v, np_pos pos)
{
    if (v[0] == '/' || strstr(v, "..")) {
        bad(ld, pos, NP_MSG_LAYOUT_EMBLEM_PATH, v);
        return;
    }
    l->emblem_dir = ld->dir;
    l->emblem_from = ld->file;
    l->emblem_pos = pos;
}

/* The lengths that may go either way: an offset from the column's
 * left edge, and raises (a negative one lowers). */
static bool signed_length(const char *key)
{
    static const char *const keys[] = {
        "separator.indent", "footnote.number-raise", "call.raise",
        "footnote.star-raise", "footer-job.raise",
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

static void set_choice(loader *ld, const np_field *f, int *out, const char *v,
                       np_pos pos)
{
    char list[160] = "";
    for (int i = 0; f->choices[i]; i++) {
        if (strcmp(v, f->choices[i]) == 0) {
            *out = i;
            return;
        }
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
                 i ? ", " : "", f->choices[i]);
    }
    bad(ld, pos, NP_MSG_LAYOUT_NOT_CHOICE, f->key, v, list);
}

/* How far a glyph may give or take in a justified line: a tenth of an
 * em of 10 pt text is already more than any page shows. */
static bool is_letter_spacing(const np_field *f)
{
    return f->offset == offsetof(np_layout, letter_stretch)
           || f->offset == offsetof(np_layout, letter_shrink);
}

static void set_field(loader *ld, np_layout *l, const np_field *f, int part,
                      const char *v, np_pos pos)
{
    char *base = (char *)l + f->offset;
    switch (f->type) {
    case NP_F_LENGTH:
        if (!np_parse_length(v, (double *)base))
            bad(ld, pos, NP_MSG_LAYOUT_NOT_LENGTH, f->key, v);
        else if (is_letter_spacing(f) && (*(double *)base < 0 || *(double *)base > 1))
            bad(ld, pos, NP_MSG_LAYOUT_RANGE, f->key, v, "0pt", "1pt");
        else if (*(double *)base < 0 && !signed_length(f->key))
            bad(ld, pos, NP_MSG_LAYOUT_NEGATIVE, f->key, *(double *)base);
        break;
    case NP_F_STYLE:
        set_style_part(ld, (np_text_style *)base, part, v, pos, f->key);
        break;
    case NP_F_NUMBER:
        if (!np_parse_number(v, (double *)base))
            bad(ld, pos, NP_MSG_LAYOUT_NOT_NUMBER, f->key, v);
        break;
    case NP_F_COLOR:
        if (!np_parse_color(v, (unsigned *)base))
            bad(ld, pos, NP_MSG_LAYOUT_NOT_COLOR, f->key, v);
        break;
    case NP_F_BOOL:
        if (strcmp(v, "yes") && strcmp(v, "no"))
            bad(ld, pos, NP_MSG_LAYOUT_NOT_BOOL, f->key, v);
        *(bool *)base = strcmp(v, "yes") == 0;
        break;
    case NP_F_STRING:
        *(const char **)base = v;
        if (f->offset == offsetof(np_layout, emblem_file))
            set_emblem(ld, l, v, pos);
        if ((f->offset == offsetof(np_layout, text_align)
             || f->offset == offsetof(np_layout, footnote_align))
            && strcmp(v, "justify") != 0 && strcmp(v, "left") != 0)
            bad(ld, pos, NP_MSG_LAYOUT_NOT_ALIGN, f->key, v);
        if (f->offset == offsetof(np_layout, meeting_order) && !np_meeting_order(v, NULL))
            bad(ld, pos, NP_MSG_LAYOUT_MEETING_ORDER, v);
        break;
    case NP_F_CHOICE:
        set_choice(ld, f, (int *)base, v, pos);
        break;
    case NP_F_FONTFILE: {
        *(const char **)base = v;
        /* a relative font file is found beside the layout naming it */
        size_t i = (f->offset - offsetof(np_layout, font_files)) / sizeof(char *);
        l->font_dirs[i] = ld->dir;
        l->font_from[i] = ld->file;
        l->font_pos[i] = pos;
        break;
    }
    }
}

/* A group given twice in one file would silently lose the first one's
 * values: refuse it. */
static bool group_repeated(loader *ld, const np_xnode *g)
{
    for (int i = ld->group_base; i < ld->ngroups; i++)
        if (strcmp(ld->groups[i]->name, g->name) == 0) {
            bad(ld, g->pos, NP_MSG_LAYOUT_GROUP_TWICE, g->name, ld->groups[i]->pos.line);
            return true;
        }
    if (ld->ngroups < MAX_GROUPS)
        ld->groups[ld->ngroups++] = g;
    return false;
}

/* Marks field f (part `part`) set at `pos` of the file being read. */
static void mark_seen(loader *ld, const np_field *f, int part, unsigned char mark,
                      np_pos pos)
{
    unsigned char *seen = &ld->seen[f - np_layout_fields][part];
    if (mark == SEEN_NOT)
        return;
    *seen = mark > *seen ? mark : *seen;
    ld->sites[f - np_layout_fields][part] = (np_field_site){ ld->file, pos, ld->files };
}

/* body right="...": the right margin, as a designer gives it, instead
 * of the width; the width is made from it once the whole chain is read
 * (page.width - body.left - body.right), so that it follows a page or a
 * left margin that a child layout changes. Not for other languages'
 * groups (mark SEEN_NOT), which are read only to be checked. */
static void read_right_margin(loader *ld, const np_xattr *a, unsigned char mark)
{
    double v;
    int part;
    if (!np_parse_length(a->value, &v)) {
        bad(ld, a->pos, NP_MSG_LAYOUT_NOT_LENGTH, "body.right", a->value);
        return;
    }
    if (v < 0) {
        bad(ld, a->pos, NP_MSG_LAYOUT_NEGATIVE, "body.right", v);
        return;
    }
    if (mark == SEEN_NOT)
        return;
    mark_seen(ld, np_layout_field("body", "width", &part), 0, mark, a->pos);
    ld->body_right = v;
    ld->width_from_right = true;
}

/* Reads the fields of group `g` into `l`, marking them `mark` (none
 * for SEEN_NOT). */
static void read_group(loader *ld, np_layout *l, const np_xnode *g,
                       unsigned char mark)
{
    if (!np_layout_group_known(g->name)) {
        char near[64], hint[96] = "";
        if (np_layout_group_nearest(g->name, near, sizeof near))
            snprintf(hint, sizeof hint, "; did you mean <%s>?", near);
        bad(ld, g->pos, NP_MSG_LAYOUT_UNKNOWN_GROUP, g->name, hint);
        return;
    }
    if (group_repeated(ld, g))
        return;
    for (const np_xattr *a = g->attrs; a; a = a->next) {
        int part;
        if (strcmp(g->name, "body") == 0 && strcmp(a->name, "right") == 0) {
            read_right_margin(ld, a, mark);
            continue;
        }
        const np_field *f = np_layout_field(g->name, a->name, &part);
        if (!f) {
            const char *near = np_layout_field_nearest(g->name, a->name);
            char hint[96] = "";
            if (near)
                snprintf(hint, sizeof hint, "; did you mean %s.%s?", g->name, near);
            bad(ld, a->pos, NP_MSG_LAYOUT_UNKNOWN_FIELD, g->name, a->name, hint);
            continue;
        }
        mark_seen(ld, f, part, mark, a->pos);
        if (mark != SEEN_NOT && f->offset == offsetof(np_layout, body_width))
            ld->width_from_right = false;
        set_field(ld, l, f, part, a->value, a->pos);
    }
}

/* Every field must be set; the missing ones are listed in one message
 * (a layout is either complete or extends one that is). */
static void check_complete(loader *ld, np_pos pos)
{
    char list[1024] = "";
    size_t at = 0;
    int missing = 0;
    for (size_t i = 0; i < np_layout_field_count; i++) {
        const np_field *f = &np_layout_fields[i];
        bool style = f->type == NP_F_STYLE;
        for (int k = 0; k < (style ? NP_REQUIRED_PARTS : 1); k++) {
            if (ld->seen[i][k] == SEEN_LAYOUT)
                continue;
            if (missing++ < 8 && at < sizeof list - 64)
                at += (size_t)snprintf(list + at, sizeof list - at, "%s%s%s%s",
                                       missing > 1 ? ", " : "", f->key,
                                       style ? "." : "", style ? np_style_parts[k] : "");
        }
    }
    if (missing)
        bad(ld, pos, NP_MSG_LAYOUT_MISSING, missing, missing > 1 ? "s" : "", list,
            missing > 8 ? ", ..." : "");
}

/* np_field_site_fn: where field `key` ("group.attr") was set. */
static np_field_site site_of(void *ud, const char *key)
{
    loader *ld = ud;
    char group[64];
    const char *dot = strchr(key, '.');
    int part = 0;
    snprintf(group, sizeof group, "%.*s", dot ? (int)(dot - key) : 0, key);
    const np_field *f = dot ? np_layout_field(group, dot + 1, &part) : NULL;
    return f ? ld->sites[f - np_layout_fields][part]
             : (np_field_site){ ld->file, ld->root_pos, 0 };
}

/* A style whose scale no layout of the chain sets keeps the font's
 * widths (its tracking stays 0). */
static void default_scales(const loader *ld, np_layout *l)
{
    for (size_t i = 0; i < np_layout_field_count; i++)
        if (np_layout_fields[i].type == NP_F_STYLE && !ld->seen[i][NP_PART_SCALE])
            ((np_text_style *)((char *)l + np_layout_fields[i].offset))->scale = 1;
}

/* ---- languages --------------------------------------------------- */

/* The code of <language code="...">: 2 to 8 small letters, the only
 * attribute; NULL when it is not (reported). */
static const char *language_code(loader *ld, const np_xnode *b)
{
    const char *code = NULL;
    for (const np_xattr *a = b->attrs; a; a = a->next) {
        if (strcmp(a->name, "code") != 0) {
            bad(ld, a->pos, NP_MSG_LAYOUT_UNKNOWN_FIELD, "language", a->name,
                np_spell_near(a->name, "code") ? "; did you mean language.code?" : "");
            continue;
        }
        size_t n = strlen(a->value);
        if (n >= 2 && n <= 8 && strspn(a->value, "abcdefghijklmnopqrstuvwxyz") == n)
            code = a->value;
        else
            bad(ld, a->pos, NP_MSG_LAYOUT_LANGUAGE_CODE, a->value);
    }
    if (!code && !b->attrs)
        bad(ld, b->pos, NP_MSG_LAYOUT_LANGUAGE_CODE, "");
    return code;
}

/* A second <language> of the same code in one file. */
static bool language_repeated(loader *ld, const np_xnode *root,
                              const np_xnode *b, const char *code)
{
    for (const np_xnode *o = root->first; o != b; o = o->next) {
        const char *other = o->name && np_xnode_is(o, "language")
                            ? np_xattr_get(o, "code") : NULL;
        if (other && strcmp(other, code) == 0) {
            char name[32];
            snprintf(name, sizeof name, "language code=\"%s\"", code);
            bad(ld, b->pos, NP_MSG_LAYOUT_GROUP_TWICE, name, o->pos.line);
            return true;
        }
    }
    return false;
}

/* The groups of each <language> of the file: into `l` for the
 * document's language, into a scratch copy (for their errors) for the
 * others. */
static void read_languages(loader *ld, np_layout *l, const np_xnode *root)
{
    int top = ld->ngroups;
    for (const np_xnode *b = root->first; b; b = b->next) {
        if (!b->name || !np_xnode_is(b, "language"))
            continue;
        const char *code = language_code(ld, b);
        if (!code || language_repeated(ld, root, b, code))
            continue;
        bool ours = ld->lang && strcmp(code, ld->lang) == 0;
        if (!ours && !ld->scratch
            && !(ld->scratch = np_arena_alloc(ld->arena, sizeof *ld->scratch)))
            return;
        if (!ours)
            *ld->scratch = *l;
        ld->group_base = ld->ngroups = top;
        for (const np_xnode *g = b->first; g; g = g->next)
            if (g->name)
                read_group(ld, ours ? l : ld->scratch, g,
                           ours ? SEEN_LANGUAGE : SEEN_NOT);
    }
    ld->group_base = 0;
    ld->ngroups = top;
}

static const char *dir_of(np_arena *arena, const char *path, bool builtin)
{
    const char *slash = strrchr(path, '/');
    if (builtin)
        return NULL;
    return slash ? np_arena_strndup(arena, path, (size_t)(slash - path)) : ".";
}

static int load_chain(loader *ld, np_layout *out, const char *file,
                      const char *bytes, size_t len, bool builtin);

/* Reads the parent named by extends="..." into `out` first. */
static int load_parent(loader *ld, np_layout *out, const np_xnode *root,
                       const char *name)
{
    char *bytes;
    size_t len;
    const char *path;
    bool builtin = false;
    int found = ld->find ? ld->find(ld->find_ud, name, ld->file, &bytes, &len,
                                    &path, &builtin) : -1;
    if (found < 0) {
        if (found == -1)
            bad(ld, np_xattr_pos(root, "extends"), NP_MSG_LAYOUT_NO_PARENT, name);
        return 1;
    }
    for (int i = 0; i < ld->depth; i++)
        if (strcmp(ld->chain[i], path) == 0) {
            bad(ld, np_xattr_pos(root, "extends"), NP_MSG_LAYOUT_CYCLE, name, path);
            if (!builtin)
                free(bytes);
            return 1;
        }
    const char *file = ld->file, *dir = ld->dir;
    int rc = load_chain(ld, out, path, bytes, len, builtin);
    ld->file = file;
    ld->dir = dir;
    if (!builtin)
        free(bytes);
    return rc;
}

static int load_chain(loader *ld, np_layout *out, const char *file,
                      const char *bytes, size_t len, bool builtin)
{
    np_xnode *root;
    int rc = np_xml_read(ld->arena, ld->diags, file, bytes, len, NULL, &root);
    if (rc)
        return rc;
    if (!np_xnode_is(root, "layout")) {
        np_report(ld->diags, file, root->pos, NP_MSG_LAYOUT_ROOT, root->name);
        return 1;
    }
    if (ld->depth == MAX_EXTENDS) {
        np_report(ld->diags, file, root->pos, NP_MSG_LAYOUT_TOO_DEEP, MAX_EXTENDS);
        return 1;
    }
    if (ld->depth == 0)
        ld->root_pos = root->pos;
    ld->chain[ld->depth++] = file;
    const char *parent = np_xattr_get(root, "extends");
    ld->file = file;
    if (parent && (rc = load_parent(ld, out, root, parent)) != 0)
        return rc;
    ld->file = file;
    ld->dir = dir_of(ld->arena, file, builtin);
    ld->ngroups = 0;
    ld->files++;
    const char *name = np_xattr_get(root, "name");
    if (name || !out->name)
        out->name = name;
    for (const np_xnode *g = root->first; g; g = g->next)
        if (g->name && !np_xnode_is(g, "language"))
            read_group(ld, out, g, SEEN_LAYOUT);
    read_languages(ld, out, root);
    return 0;
}

int np_layout_load_with(np_arena *arena, np_diags *diags, const char *file,
                        const char *bytes, size_t len, bool builtin,
                        np_layout_find_fn find, void *find_ud, const char *lang,
                        np_layout *out)
{
    loader *ld = np_arena_alloc(arena, sizeof *ld);
    if (!ld)
        return -1;
    *ld = (loader){ .arena = arena, .diags = diags, .file = file, .lang = lang,
                    .find = find, .find_ud = find_ud };
    ld->seen = np_arena_alloc(arena, np_layout_field_count * sizeof *ld->seen);
    ld->sites = np_arena_alloc(arena, np_layout_field_count * sizeof *ld->sites);
    if (!ld->seen || !ld->sites)
        return -1;
    unsigned errors = diags->count[NP_ERROR];
    memset(out, 0, sizeof *out);
    int rc = load_chain(ld, out, file, bytes, len, builtin);
    if (rc)
        return rc;
    out->path = file;
    if (ld->width_from_right)
        out->body_width = out->page_width - out->body_left - ld->body_right;
    check_complete(ld, ld->root_pos);
    default_scales(ld, out);
    if (diags->count[NP_ERROR] == errors)
        np_layout_check(diags, out, site_of, ld);
    if (np_arena_failed(arena))
        return -1;
    return diags->count[NP_ERROR] > errors ? 1 : 0;
}

int np_layout_load(np_arena *arena, np_diags *diags, const char *file,
                   const char *bytes, size_t len, np_layout *out)
{
    return np_layout_load_with(arena, diags, file, bytes, len, false, NULL, NULL,
                               NULL, out);
}
