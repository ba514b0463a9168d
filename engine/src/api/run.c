/*
 * run.c - one render (run.h): the description read and checked against
 * the schema, its tree built, its language, layout, faces, emblem and
 * patterns taken from the engine's caches, then typeset, paginated and
 * drawn by a back end into the caller's write function.
 *
 * Everything the render allocates lives in its arena, freed at its
 * end. It does not know where its bytes came from or where its output
 * goes (entry.c), nor where the files it needs are found (find.c).
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "api/engine.h"
#include "api/figures.h"
#include "api/find.h"
#include "api/run.h"
#include "ground/buf.h"
#include "ground/limit.h"
#include "ground/path.h"
#include "output/backends.h"
#include "output/pdf_mark.h"
#include "readers/png_check.h"
#include "typesetting/typeset.h"

typedef struct run {
    np_engine *e;
    const np_render_options *opts;
    np_diags diags;
    np_arena *arena;
    const char *file;
    np_doc *doc;
    const np_layout *layout;
    const np_lang *lang;
    const np_face *faces[NP_FACE_SLOTS];       /* the Latin ones at once,
                                                  the others when needed */
    const np_hyph *hyph;
    const np_image *emblem;     /* the layout's, or NULL */
    char **input;               /* the description's bytes when the render
                                 * owns them: freed once parsed */
    bool cancelled;             /* opts->cancel asked to stop */
    bool from_file;             /* `file` names a file, not "(memory)" */
} run;

static void report_dep(const run *r, const char *path)
{
    if (r->opts->dep && path)
        r->opts->dep(r->opts->dep_ud, path);
}

/* Where the engine's caches tell the files a render depends on. */
static np_dep_sink dep_sink(const run *r)
{
    return (np_dep_sink){ r->opts->dep, r->opts->dep_ud };
}

/* Whether the caller asked to stop; latched, so later stages stop too. */
static bool stop(run *r)
{
    if (!r->cancelled && r->opts->cancel && r->opts->cancel(r->opts->cancel_ud))
        r->cancelled = true;
    return r->cancelled;
}

/* The six official languages of the United Nations: an original
 * language may be one of them, or have a language file of its own. */
static const char *const un_languages[] = { "en", "fr", "es", "ru", "zh", "ar" };

/* Whether code[0..len) is in the list "en, fr, es" (NULL: empty). */
static bool listed(const char *list, const char *code, size_t len)
{
    for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 2 : NULL)
        if (strncmp(p, code, len) == 0 && (p[len] == ',' || p[len] == '\0'))
            return true;
    return false;
}

/* Appends code[0..len) to the list in the np_buf `ud`, unless it is
 * there already. */
static void list_code(void *ud, const char *code, size_t len)
{
    np_buf *list = ud;
    if (listed(list->data, code, len))
        return;
    if (list->len)
        np_buf_puts(list, ", ");
    np_buf_append(list, code, len);
}

/* stop() for the typesetting stages, which poll it as they go. */
static int poll_stop(void *ud)
{
    return stop(ud);
}

/* The language codes a document may use: the language files built in
 * and those of the data directory, and for an original language the six
 * of the United Nations, for the message refusing another. */
static const char *known_langs(run *r, bool originals)
{
    np_buf list;
    np_buf_init(&list, r->e->alloc);
    np_find_lang_codes(r->e->data_dir, true, list_code, &list);
    for (size_t i = 0; originals && i < sizeof un_languages / sizeof *un_languages; i++)
        list_code(&list, un_languages[i], 2);
    np_find_lang_codes(r->e->data_dir, false, list_code, &list);
    const char *known = np_arena_strdup(r->arena, list.data && !list.failed
                                                  ? list.data : "");
    np_buf_free(&list);
    return known;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The layouts a description may name, in alphabetical order (a
 * directory lists its files in no order), for the message refusing
 * another. */
static const char *known_layouts(run *r)
{
    np_buf list;
    np_buf_init(&list, r->e->alloc);
    np_find_layout_names(r->e->data_dir, list_code, &list);
    char *names[64];
    size_t n = 0;
    char *all = np_arena_strdup(r->arena, list.data && !list.failed ? list.data : "");
    np_buf_free(&list);
    for (char *p = all; p && *p && n < sizeof names / sizeof *names; n++) {
        names[n] = p;
        p = strstr(p, ", ");
        if (p)
            *p = '\0', p += 2;
    }
    qsort(names, n, sizeof *names, by_name);
    np_buf sorted;
    np_buf_init(&sorted, r->e->alloc);
    for (size_t i = 0; i < n; i++)
        list_code(&sorted, names[i], strlen(names[i]));
    const char *known = np_arena_strdup(r->arena, sorted.data && !sorted.failed
                                                  ? sorted.data : "");
    np_buf_free(&sorted);
    return known;
}

static bool original_known(run *r, const char *code)
{
    for (size_t i = 0; i < sizeof un_languages / sizeof *un_languages; i++)
        if (strcmp(code, un_languages[i]) == 0)
            return true;
    return np_engine_has_lang(r->e, &r->diags, code);
}

/* <original lang="...">: each code a language the engine knows, whose
 * name the document's language file gives ("Original: English"):
 * never printed as the bare code. */
static int check_original(run *r, const char *code, np_pos pos)
{
    if (!original_known(r, code)) {
        np_report(&r->diags, r->file, pos, NP_MSG_UNKNOWN_LANG, code,
                  known_langs(r, true));
        return 1;
    }
    if (!np_lang_name_of(r->lang, code)) {
        np_report(&r->diags, r->file, pos, NP_MSG_LANG_NO_NAME,
                  r->lang->code, code, code);
        return 1;
    }
    return 0;
}

/* The same for <annex original="fr"> ("[Original: French]"). */
static int check_originals(run *r)
{
    const np_doc *d = r->doc;
    int rc = 0;
    for (int i = 0; i < d->original_count; i++)
        rc |= check_original(r, d->original_langs[i], d->original_pos);
    for (const np_node *a = d->annexes; a; a = a->next)
        if (a->lang)
            rc |= check_original(r, a->lang, a->pos);
    return rc;
}

/* <span lang="fr">: a language whose file is installed (its quotation
 * marks and spacing are used). */
static int check_spans(run *r)
{
    int rc = 0;
    np_dep_sink deps = dep_sink(r);
    for (const np_lang_use *u = r->doc->span_langs; u; u = u->next) {
        unsigned errors = r->diags.count[NP_ERROR];
        if (np_engine_lang(r->e, &r->diags, u->code, &deps))
            continue;
        if (r->diags.count[NP_ERROR] == errors)
            np_report(&r->diags, r->file, u->pos, NP_MSG_UNKNOWN_LANG, u->code,
                      known_langs(r, false));
        rc = 1;
    }
    return rc;
}

/* np_ts.lang_of: the language of a span, checked installed (and its
 * file told to the dependency sink) before. */
static const np_lang *span_lang(void *ud, const char *code)
{
    run *r = ud;
    return np_engine_lang(r->e, &r->diags, code, NULL);
}

/* np_ts.hyph_of: the patterns of a span's language, through the
 * engine's cache (their file told to the dependency sink). */
static const np_hyph *span_hyph(void *ud, const np_lang *lang)
{
    run *r = ud;
    np_dep_sink deps = dep_sink(r);
    return np_engine_hyph(r->e, &r->diags, lang, &deps);
}

/* The description read and converted into the document tree, which
 * keeps its text and attribute values; the copy's records go. */
static int read_document(run *r, const char *bytes, size_t len)
{
    np_arena *nodes = np_arena_new(r->e->alloc);
    if (!nodes)
        return -1;
    np_xnode *root;
    int rc = np_xml_read_limited(r->arena, nodes, &r->diags, r->file, bytes,
                                 len, r->e->schema, r->opts->limits, poll_stop,
                                 r, &root);
    if (rc == 0)
        rc = np_doc_build_limited(r->arena, &r->diags, r->file, root,
                                  r->opts->limits, &r->doc);
    np_arena_free(nodes);
    return rc;
}

static int check_document(run *r, const char *bytes, size_t len)
{
    int rc = read_document(r, bytes, len);
    if (rc)
        return rc;
    if (r->opts->lang) {
        /* the caller's language wins everywhere the document's would
         * count; an unknown one is reported without a position */
        r->doc->lang = r->opts->lang;
        r->doc->lang_pos = (np_pos){ 0, 0 };
    }
    unsigned errors = r->diags.count[NP_ERROR];
    np_dep_sink deps = dep_sink(r);
    r->lang = np_engine_lang(r->e, &r->diags, r->doc->lang, &deps);
    if (r->lang) {
        rc = check_originals(r) | check_spans(r);
    } else {
        /* a language file broken, or not looked for, is not unknown */
        if (r->diags.count[NP_ERROR] == errors)
            np_report(&r->diags, r->file, r->doc->lang_pos, NP_MSG_UNKNOWN_LANG,
                      r->doc->lang, known_langs(r, false));
        rc = 1;
    }
    const char *name = r->opts->layout ? r->opts->layout
                       : r->doc->layout ? r->doc->layout : "un-a4";
    int status;
    r->layout = np_engine_layout(r->e, &r->diags, name, r->doc->lang, &deps,
                                 &status);
    if (!r->layout) {
        if (status == 1)
            np_report(&r->diags, r->opts->layout ? NULL : r->file,
                      r->opts->layout ? (np_pos){ 0, 0 } : r->doc->layout_pos,
                      NP_MSG_UNKNOWN_LAYOUT, name, known_layouts(r));
        rc = 1;
    }
    return rc;
}

/* The face of the layout's slot `slot` into r->faces, or NULL
 * (reported). */
static const np_face *load_face(run *r, int slot)
{
    char path[NP_PATH_MAX], file[NP_PATH_MAX];
    unsigned index = np_find_face_index(r->layout->font_files[slot], file,
                                        sizeof file);
    np_finder f = { r->e->data_dir, &r->diags, r->layout->font_from[slot],
                    r->layout->font_pos[slot] };
    np_found found = np_find_font(&f, r->layout->font_dirs[slot], file, path,
                                  sizeof path);
    int style = slot % NP_FONT_COUNT;
    if (found == NP_FOUND_NONE)     /* a family name rather than a file */
        found = np_find_font_family(file, style == NP_FONT_BOLD
                                    || style == NP_FONT_BOLD_ITALIC,
                                    style == NP_FONT_ITALIC
                                    || style == NP_FONT_BOLD_ITALIC,
                                    path, sizeof path, &index);
    if (found == NP_FOUND_NONE)
        np_report(&r->diags, f.file, f.pos, NP_MSG_FONT_LOAD, file,
                  "not found in the layout's directory, NOTEPRESS_FONTS, "
                  "the fonts directory or Debian's font directories, nor as "
                  "a font family fontconfig knows");
    if (found != NP_FOUND_FILE)
        return NULL;
    report_dep(r, path);
    r->faces[slot] = np_engine_face(r->e, &r->diags, path, index, f.file, f.pos);
    return r->faces[slot];
}

static int load_faces(run *r)
{
    for (int i = 0; i < NP_FONT_COUNT; i++)
        if (!load_face(r, i))
            return 1;
    return 0;
}

/* np_ts.load_face: the face of a Han or Arabic slot, loaded the first
 * time a document shows text of that script; NULL (nothing reported)
 * when the layout leaves the slot empty, reported when it names a face
 * that cannot be found or loaded. */
static const np_face *load_slot(void *ud, int slot)
{
    run *r = ud;
    const char *file = r->layout->font_files[slot];
    return file && file[0] ? load_face(r, slot) : NULL;
}

/* The faces the back end is given: up to the last slot loaded (the
 * four Latin ones for a document with no Chinese or Arabic). */
static int slots_used(const run *r)
{
    int n = NP_FACE_SLOTS;
    while (n > NP_FONT_COUNT && !r->faces[n - 1])
        n--;
    return n;
}

/* The real path of the emblem file `path` (malloc'd), when it lies in
 * the layout's directory `dir` or below it. The loader refused absolute
 * names and "..", but a symbolic link on the way may still lead out:
 * resolved, the path must start with the directory's own real path.
 * NULL when it does not, or cannot be resolved (reported). */
static char *emblem_inside(run *r, const char *dir, const char *path)
{
    const np_layout *l = r->layout;
    char *real = realpath(path, NULL);
    int err = errno;
    char *top = real ? realpath(dir, NULL) : NULL;
    size_t n = top ? strlen(top) : 0;
    if (!real || !top)
        np_report(&r->diags, l->emblem_from, l->emblem_pos, NP_MSG_IMAGE,
                  real ? dir : path, strerror(real ? errno : err));
    else if (strncmp(real, top, n) != 0 || real[n] != '/')
        np_report(&r->diags, l->emblem_from, l->emblem_pos,
                  NP_MSG_EMBLEM_OUTSIDE, l->emblem_file, real, top);
    else {
        free(top);
        return real;
    }
    free(real);
    free(top);
    return NULL;
}

/* The layout's emblem, beside the layout naming it (the data
 * directory's layouts/ for a built-in layout). */
static int check_emblem(run *r)
{
    const np_layout *l = r->layout;
    if (!l->emblem_file || !l->emblem_file[0])
        return 0;
    if (!np_png_available()) {
        np_report(&r->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_NO_PNG);
        return 0;
    }
    char dir[NP_PATH_MAX], path[NP_PATH_MAX];
    np_finder f = { r->e->data_dir, &r->diags, l->emblem_from, l->emblem_pos };
    if (np_find_emblem(&f, l->emblem_dir, l->emblem_file, dir, path,
                       sizeof path) != NP_FOUND_FILE)
        return 1;
    /* A built-in layout used with no data directory: no emblem to draw,
     * which is no reason to refuse the document. */
    if (!l->emblem_dir && access(path, R_OK) != 0)
        return 0;
    char *real = emblem_inside(r, dir, path);
    if (!real)
        return 1;
    r->emblem = np_engine_image(r->e, &r->diags, real, path, l->emblem_from,
                                l->emblem_pos);
    free(real);
    if (!r->emblem)
        return 1;
    report_dep(r, path);
    return 0;
}

static void collect_stats(const np_flow *flow, const np_pages *pages, np_stats *s)
{
    memset(s, 0, sizeof *s);
    s->pages = pages->n;
    s->widows = pages->widows;
    s->orphans = pages->orphans;
    int run = 0, justified = 0;
    double sum = 0;
    for (size_t i = 0; i < flow->n; i++) {
        const np_line *l = &flow->lines[i];
        if (l->para < 0)
            continue;
        s->lines++;
        s->overfull_lines += l->overfull;
        if (l->hyphenated) {
            s->hyphenated_lines++;
            run++;
            if (run > s->max_consecutive_hyphens)
                s->max_consecutive_hyphens = run;
        } else {
            run = 0;
        }
        if (!l->justified || l->last)
            continue;
        justified++;
        double r = l->ratio;
        sum += r;
        if (r > s->max_adjustment)
            s->max_adjustment = r;
        s->loose_lines += r > 1;
        s->loose_lines_2 += r > 2;
        s->loose_lines_3 += r > 3;
    }
    s->mean_adjustment = justified ? sum / justified : 0;
}

/* A layout that kerns gets a shaper per face for this render: they
 * hold HarfBuzz buffers, so renders in other threads have their own. */
static np_shaper **new_shapers(run *r)
{
    np_shaper **s = np_arena_alloc(r->arena, NP_FONT_COUNT * sizeof *s);
    for (int i = 0; s && i < NP_FONT_COUNT; i++)
        s[i] = np_shaper_new(r->faces[i]);
    return s;
}

static void free_shapers(np_shaper **s)
{
    for (int i = 0; s && i < NP_FONT_COUNT; i++)
        np_shaper_free(s[i]);
}

/* The document's title for its metadata. A tagged PDF needs one: a
 * document without (a Security Council resolution, <title number=""/>)
 * has its symbol. */
static const char *title_of(run *r, bool tagged)
{
    const char *t = r->doc->title ? np_doc_plain_text(r->arena, r->doc->title)
                                  : NULL;
    return (!t || !t[0]) && tagged ? r->doc->symbol : t;
}

static int typeset(run *r, np_out *out, np_write_fn write, void *ud)
{
    np_ts ts = {
        .arena = r->arena, .diags = &r->diags, .file = r->file, .doc = r->doc,
        .layout = r->layout, .lang = r->lang, .faces = r->faces,
        .hyph = r->hyph, .alloc = r->e->alloc, .mode = r->opts->linebreak,
        .emblem = r->emblem, .load_face = load_slot, .load_face_ud = r,
        .lang_of = span_lang, .hyph_of = span_hyph, .lang_of_ud = r,
        .missing_as_box = r->layout->missing_glyph_box,
    };
    const np_layout *l = r->layout;
    ts.lines = np_arena_new(r->e->alloc);
    ts.scratch = np_arena_new(r->e->alloc);
    if (!ts.lines || !ts.scratch
        || (l->kerning && !(ts.shapers = new_shapers(r)))) {
        np_arena_free(ts.lines);
        np_arena_free(ts.scratch);
        return -1;
    }
    ts.params = (np_lb_params){
        .tolerance = l->lb_tolerance, .line_penalty = l->lb_line_penalty,
        .flagged_demerits = l->lb_flagged_demerits,
        .fitness_demerits = l->lb_fitness_demerits,
        .max_consecutive_flagged = (int)l->lb_max_hyphens,
        .stop = poll_stop, .stop_ud = r,
    };
    ts.stop = poll_stop;
    ts.stop_ud = r;
    ts.tagged = r->opts->format == NP_OUTPUT_PDF && !r->opts->untagged;
    np_flow flow = { 0 };
    np_pages pages;
    int rc = np_lay_out(&ts, &flow, &pages);
    if (rc == 0 && stop(r))
        rc = -1;
    np_limits limits = np_limits_resolve(r->opts->limits);
    if (rc == 0 && (unsigned)pages.n > limits.pages) {
        np_report(&r->diags, r->file, (np_pos){ 0, 0 }, NP_MSG_LIMIT_PAGES,
                  pages.n, limits.pages);
        rc = 1;
    }
    if (rc == 0)
        np_pages_prepare(&ts);
    np_out_meta meta = {
        .title = title_of(r, ts.tagged),
        .subject = r->doc->symbol, .author = r->doc->organ, .lang = r->doc->lang,
        .creator = NP_PDF_CREATOR, .time = r->opts->fixed_time,
        .faces = r->faces, .font_count = slots_used(r),
        .pdfa = r->opts->pdfa, .icc_path = getenv("NOTEPRESS_ICC_PROFILE"),
        .tree = ts.tagged ? &ts.tree : NULL,
        /* the file goes out page by page, its pages' lines released */
        .write = write, .write_ud = ud,
    };
    if (rc == 0 && meta.pdfa)
        report_dep(r, meta.icc_path ? meta.icc_path : NP_SRGB_PROFILE);
    if (rc == 0)
        rc = out->ops->begin_document(out->self, &meta);
    if (rc == 0)
        rc = np_pages_draw(&ts, &flow, &pages, out);
    if (rc == 0 && stop(r))
        rc = -1;
    if (rc == 0 && r->opts->stats) {
        collect_stats(&flow, &pages, r->opts->stats);
        r->opts->stats->linebreak_seconds = ts.break_seconds;
    }
    /* the lines are drawn: the end of the document is made without them */
    np_mem_free(r->e->alloc, flow.lines);
    np_mem_free(r->e->alloc, ts.notes_flow.lines);
    np_arena_free(ts.lines);
    np_arena_free(ts.scratch);
    if (rc == 0)
        rc = out->ops->end_document(out->self, write, ud);
    np_ts_release(&ts);
    free_shapers(ts.shapers);
    for (int i = 0; i < NP_FACE_SLOTS; i++)
        np_shaper_free(ts.run_shapers[i]);
    return rc == 1 ? 1 : rc ? -1 : 0;   /* 1: refused (too many pages) */
}

static int render(run *r, const char *bytes, size_t len, bool layout_only,
                  np_write_fn write, void *ud)
{
    if (stop(r))
        return -1;
    if (r->opts->fixed_time > NP_FIXED_TIME_MAX) {
        np_report(&r->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_BAD_TIME,
                  r->opts->fixed_time);
        return -1;
    }
    if ((unsigned)r->opts->format > NP_OUTPUT_DUMP
        || (unsigned)r->opts->linebreak > NP_LINEBREAK_GREEDY) {
        np_report(&r->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_BAD_CALL,
                  "np_render_options", "format or linebreak is not one of "
                  "its enumeration's values");
        return -1;
    }
    int rc = check_document(r, bytes, len);
    if (r->input) {
        /* the tree holds copies: a long description need not stay in
         * memory for the whole render */
        free(*r->input);
        *r->input = NULL;
    }
    /* a figure's file is part of the description: checked with it */
    np_figures figs = { .engine = r->e, .diags = &r->diags, .file = r->file,
                        .from_file = r->from_file, .dep = r->opts->dep,
                        .dep_ud = r->opts->dep_ud };
    if (rc == 0 && r->doc && np_figures_load(&figs, r->doc))
        rc = 1;
    if (rc || layout_only)
        return rc;
    if (stop(r))
        return -1;
    if (load_faces(r) || check_emblem(r))
        return 1;
    np_dep_sink deps = dep_sink(r);
    r->hyph = np_engine_hyph(r->e, &r->diags, r->lang, &deps);
    np_out out;
    rc = r->opts->format == NP_OUTPUT_DUMP
         ? np_out_dump_new(&out, r->e->alloc, &r->diags, r->file)
         : np_out_pdf_new(&out, r->e->alloc, &r->diags, r->file);
    if (rc < 0)
        return -1;
    rc = typeset(r, &out, write, ud);
    out.ops->free(out.self);
    return rc;
}

np_status np_run(np_engine *e, const char *name, const char *bytes, size_t len,
                 const np_render_options *opts, bool check_only,
                 np_write_fn write, void *ud, char **input)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run r = { .e = e, .opts = opts, .file = name ? name : "(memory)",
              .input = input, .from_file = name != NULL };
    np_diags_init(&r.diags, opts->diag, opts->diag_ud);
    r.arena = np_arena_new(e->alloc);
    if (!r.arena)
        return NP_FAILED;
    int rc = render(&r, bytes, len, check_only, write, ud);
    if (r.cancelled)
        rc = NP_CANCELLED;
    else if (rc < 0 && r.diags.count[NP_ERROR] == 0)
        np_report(&r.diags, name, (np_pos){ 0, 0 }, NP_MSG_NO_MEMORY);
    if (rc == 0 && r.diags.count[NP_ERROR] > 0)
        rc = NP_REFUSED;
    np_arena_free(r.arena);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (opts->stats)
        opts->stats->seconds = (double)(t1.tv_sec - t0.tv_sec)
                               + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return (np_status)rc;       /* 0, 1, -1 or NP_CANCELLED */
}
