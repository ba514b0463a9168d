/*
 * render.c - the engine: finds and caches layouts, languages, fonts and
 * hyphenation patterns, and runs one render from bytes to a PDF (or a
 * dump): read, check, typeset, paginate, draw.
 *
 * Everything one render allocates lives in its arena; the engine keeps
 * only what is shared read-only between renders (the compiled schema,
 * loaded faces, layouts, languages and patterns), behind a mutex.
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "embedded.h"
#include "ground/file_read.h"
#include "output/backends.h"
#include "output/image.h"
#include "readers/png_check.h"
#include "ground/limit.h"
#include "output/out_file.h"
#include "output/pdf_mark.h"
#include "typesetting/typeset.h"
#include "readers/xml_read.h"

#define MAX_INPUT (64u * 1024 * 1024)
#define DEBIAN_FONTS "/usr/share/fonts/truetype/liberation2"
/* Where Debian puts the faces the shipped layouts name for Chinese
 * (fonts-noto-cjk, fonts-arphic-ukai) and Arabic (fonts-noto-core;
 * fonts/ ships the Arabic ones too). */
static const char *const DEBIAN_FONT_DIRS[] = {
    DEBIAN_FONTS, "/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/truetype/arphic",
};
#define DEBIAN_HYPHEN "/usr/share/hyphen"

/* A file a cache entry was read from: what every render that uses the
 * entry depends on (np_render_options.dep). */
typedef struct dep_file {
    const char *path;
    struct dep_file *next;
} dep_file;

typedef struct cached {
    char *key;
    void *value;                /* np_layout, np_lang, np_face or np_hyph */
    dep_file *files;            /* in the engine's arena; NULL: built-in */
    struct cached *next;
} cached;

struct np_engine {
    np_allocator alloc_copy;
    const np_allocator *alloc;
    char *data_dir;
    np_schema *schema;
    np_arena *arena;            /* layouts and languages live here */
    pthread_mutex_t lock;
    cached *layouts, *langs, *faces, *hyphs;
    cached *images;             /* np_image, by path and file version */
    dep_file **recording;       /* files read by the load under the lock */
};

/* ---- files ------------------------------------------------------- */

static bool file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* Notes that the load in progress reads `path`, when a load records
 * (under the lock). A file lost to a full arena is only a missing
 * dependency. */
static void record_file(np_engine *e, const char *path)
{
    dep_file *f = e->recording ? np_arena_alloc(e->arena, sizeof *f) : NULL;
    if (!f || !(f->path = np_arena_strdup(e->arena, path)))
        return;
    f->next = *e->recording;
    *e->recording = f;
}

static const np_embedded *embedded(const char *path)
{
    for (size_t i = 0; i < np_embedded_count; i++)
        if (strcmp(np_embedded_files[i].path, path) == 0)
            return &np_embedded_files[i];
    return NULL;
}

/* Looks for `rel` in NOTEPRESS_<env> directories, then in the data
 * directory; writes the path found into out. */
static bool find_in_dirs(const np_engine *e, const char *env, const char *sub,
                         const char *rel, char *out, size_t size)
{
    const char *list = getenv(env);
    while (list && *list) {
        const char *colon = strchr(list, ':');
        size_t n = colon ? (size_t)(colon - list) : strlen(list);
        if (n > 0) {
            snprintf(out, size, "%.*s/%s", (int)n, list, rel);
            if (file_exists(out))
                return true;
        }
        list = colon ? colon + 1 : NULL;
    }
    snprintf(out, size, "%s/%s/%s", e->data_dir, sub, rel);
    return file_exists(out);
}

/* ---- engine ------------------------------------------------------ */

np_engine *np_engine_new(const np_engine_config *config)
{
    const np_allocator *alloc = config ? config->allocator : NULL;
    if (alloc && (!alloc->malloc || !alloc->realloc || !alloc->free))
        return NULL;
    np_engine *e = np_mem_alloc(alloc, sizeof *e);
    if (!e)
        return NULL;
    memset(e, 0, sizeof *e);
    if (alloc) {
        e->alloc_copy = *alloc;
        e->alloc = &e->alloc_copy;
    }
    const char *dir = config && config->data_dir && config->data_dir[0]
                      ? config->data_dir : NULL;
    if (!dir)
        dir = getenv("NOTEPRESS_DATADIR");
    e->arena = np_arena_new(e->alloc);
    e->data_dir = e->arena ? np_arena_strdup(e->arena, dir ? dir : NP_DATADIR)
                           : NULL;
    pthread_mutex_init(&e->lock, NULL);
    np_xml_init();
    const np_embedded *rng = embedded("engine/schema/document.rng");
    np_diags quiet;
    np_diags_init(&quiet, np_diag_print, stderr);
    if (rng)
        e->schema = np_schema_new((const char *)rng->bytes, rng->len, &quiet);
    if (!e->data_dir || !e->arena || !e->schema) {
        np_engine_free(e);
        return NULL;
    }
    return e;
}

/* The entries live in the engine's arena; only their values may need
 * freeing. */
static void free_cache(cached *c, void (*fn)(void *))
{
    for (; c; c = c->next)
        if (fn)
            fn(c->value);
}

static void face_free(void *p) { np_face_free(p); }
static void hyph_free(void *p) { np_hyph_free(p); }

void np_engine_free(np_engine *e)
{
    if (!e)
        return;
    free_cache(e->layouts, NULL);
    free_cache(e->langs, NULL);
    free_cache(e->faces, face_free);
    free_cache(e->hyphs, hyph_free);
    for (cached *c = e->images; c; c = c->next)
        np_image_free(c->value, e->alloc);
    np_schema_free(e->schema);
    np_arena_free(e->arena);
    pthread_mutex_destroy(&e->lock);
    np_mem_free(e->alloc, e);
}

static cached *cache_entry(cached *c, const char *key)
{
    for (; c; c = c->next)
        if (strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

static void *cache_get(cached *c, const char *key)
{
    c = cache_entry(c, key);
    return c ? c->value : NULL;
}

/* Called with the engine locked: the arena is the engine's. */
static int cache_put(np_engine *e, cached **list, const char *key, void *value)
{
    cached *c = np_arena_alloc(e->arena, sizeof *c);
    if (!c || !(c->key = np_arena_strdup(e->arena, key)))
        return -1;
    c->value = value;
    c->files = NULL;
    c->next = *list;
    *list = c;
    return 0;
}

/* cache_put for a value whose load recorded the files it read. */
static int cache_put_files(np_engine *e, cached **list, const char *key,
                           void *value, dep_file *files)
{
    if (cache_put(e, list, key, value) < 0)
        return -1;
    (*list)->files = files;
    return 0;
}

/* ---- layouts and languages --------------------------------------- */

/* Reads a layout, language file or emblem, reporting why it cannot. */
static int read_data(np_diags *d, const char *path, char **bytes, size_t *len)
{
    int err = np_file_read(path, MAX_INPUT, bytes, len);
    if (err) {
        char why[128];
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_READ, path,
                  np_file_error(err, why, sizeof why));
    }
    return err ? 1 : 0;
}

/* Loads a data file by path, or the built-in copy `builtin`. */
static int load_data(np_engine *e, np_diags *d, const char *path,
                     const char *builtin, int (*load)(np_arena *, np_diags *,
                     const char *, const char *, size_t, void *), void *out)
{
    char *bytes;
    size_t len;
    if (path) {
        if (read_data(d, path, &bytes, &len))
            return 1;
        const char *name = np_arena_strdup(e->arena, path);
        int rc = load(e->arena, d, name, bytes, len, out);
        free(bytes);
        return rc;
    }
    const np_embedded *b = embedded(builtin);
    if (!b)
        return 1;
    return load(e->arena, d, builtin, (const char *)b->bytes, b->len, out);
}

static int load_lang_fn(np_arena *a, np_diags *d, const char *f,
                        const char *b, size_t n, void *out)
{
    return np_lang_load(a, d, f, b, n, out);
}

static bool is_path(const char *name)
{
    size_t n = strlen(name);
    return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

/* Where the layout `name` is: a path as given (relative to the layout
 * file `from` when there is one), or NAME.xml in NOTEPRESS_LAYOUTS and
 * the data directory, or the copy built into the library. */
static int locate_layout(const np_engine *e, const char *name, const char *from,
                         char *path, size_t size, const np_embedded **builtin)
{
    char rel[1024];
    *builtin = NULL;
    if (is_path(name)) {
        const char *slash = from ? strrchr(from, '/') : NULL;
        if (name[0] != '/' && slash)
            snprintf(path, size, "%.*s/%s", (int)(slash - from), from, name);
        else
            snprintf(path, size, "%s", name);
        return file_exists(path) ? 0 : -1;
    }
    snprintf(rel, sizeof rel, "%s.xml", name);
    if (find_in_dirs(e, "NOTEPRESS_LAYOUTS", "layouts", rel, path, size))
        return 0;
    snprintf(path, size, "layouts/%s.xml", name);
    *builtin = embedded(path);
    return *builtin ? 0 : -1;
}

typedef struct finder {
    np_engine *e;
    np_diags *d;
} finder;

/* np_layout_find_fn: the parent of a layout, for extends="...". -2:
 * found but not readable (reported). */
static int find_parent(void *ud, const char *name, const char *from,
                       char **bytes, size_t *len, const char **path, bool *builtin)
{
    np_engine *e = ((finder *)ud)->e;
    char where[4096];
    const np_embedded *b;
    if (locate_layout(e, name, from, where, sizeof where, &b) < 0)
        return -1;
    *builtin = b != NULL;
    *path = np_arena_strdup(e->arena, where);
    if (b) {
        *bytes = (char *)b->bytes;
        *len = b->len;
        return 0;
    }
    record_file(e, where);
    if (!*path)
        return -1;
    return read_data(((finder *)ud)->d, where, bytes, len) ? -2 : 0;
}

static np_layout *load_layout(np_engine *e, np_diags *d, const char *name)
{
    char path[4096];
    const np_embedded *b;
    if (locate_layout(e, name, NULL, path, sizeof path, &b) < 0)
        return NULL;
    np_layout *l = np_arena_alloc(e->arena, sizeof *l);
    char *bytes = b ? (char *)b->bytes : NULL;
    size_t len = b ? b->len : 0;
    if (!l)
        return NULL;
    if (!b) {
        record_file(e, path);
        if (read_data(d, path, &bytes, &len))
            return NULL;
    }
    finder f = { e, d };
    const char *file = np_arena_strdup(e->arena, path);
    int rc = file ? np_layout_load_with(e->arena, d, file, bytes, len, b != NULL,
                                        find_parent, &f, l) : -1;
    if (!b)
        free(bytes);
    return rc == 0 ? l : NULL;
}

/* Returns the layout; NULL with *status 1 when there is no such layout,
 * 2 when it is broken (already reported). */
static const np_layout *get_layout(np_engine *e, np_diags *d, const char *name,
                                   int *status)
{
    pthread_mutex_lock(&e->lock);
    np_layout *l = cache_get(e->layouts, name);
    unsigned errors = d->count[NP_ERROR];
    if (!l) {
        dep_file *files = NULL;
        e->recording = &files;  /* the layout and every layout it extends */
        if ((l = load_layout(e, d, name)) != NULL)
            cache_put_files(e, &e->layouts, name, l, files);
        e->recording = NULL;
    }
    pthread_mutex_unlock(&e->lock);
    *status = l ? 0 : d->count[NP_ERROR] > errors ? 2 : 1;
    return l;
}

static const np_lang *get_lang(np_engine *e, np_diags *d, const char *code)
{
    pthread_mutex_lock(&e->lock);
    np_lang *lang = cache_get(e->langs, code);
    if (!lang && strlen(code) < 16 && !strchr(code, '/') && !strchr(code, '.')) {
        char path[4096], rel[64], builtin[64];
        snprintf(rel, sizeof rel, "lang/%s.xml", code);
        snprintf(builtin, sizeof builtin, "layouts/lang/%s.xml", code);
        bool found = find_in_dirs(e, "NOTEPRESS_LAYOUTS", "layouts", rel, path, sizeof path);
        if (found || embedded(builtin)) {
            dep_file *files = NULL;
            e->recording = &files;
            if (found)
                record_file(e, path);
            e->recording = NULL;
            lang = np_arena_alloc(e->arena, sizeof *lang);
            if (!lang || load_data(e, d, found ? path : NULL, builtin, load_lang_fn, lang))
                lang = NULL;
            else
                cache_put_files(e, &e->langs, code, lang, files);
        }
    }
    pthread_mutex_unlock(&e->lock);
    return lang;
}

/* ---- fonts and patterns ------------------------------------------ */

static bool find_font(const np_engine *e, const char *dir, const char *file,
                      char *out, size_t size)
{
    if (file[0] == '/') {
        snprintf(out, size, "%s", file);
        return file_exists(out);
    }
    if (dir) {
        snprintf(out, size, "%s/%s", dir, file);
        if (file_exists(out))
            return true;
    }
    if (find_in_dirs(e, "NOTEPRESS_FONTS", "fonts", file, out, size))
        return true;
    for (size_t i = 0; i < sizeof DEBIAN_FONT_DIRS / sizeof *DEBIAN_FONT_DIRS; i++) {
        snprintf(out, size, "%s/%s", DEBIAN_FONT_DIRS[i], file);
        if (file_exists(out))
            return true;
    }
    return false;
}

/* A layout names face N of a collection "file.ttc#N": the file's name
 * into name[size], N (0 when not given) returned. */
static unsigned face_index(const char *file, char *name, size_t size)
{
    const char *hash = strrchr(file, '#');
    unsigned index = 0;
    size_t n = strlen(file);
    if (hash && hash[1] >= '0' && hash[1] <= '9' && strlen(hash + 1) < 4
        && strspn(hash + 1, "0123456789") == strlen(hash + 1)) {
        index = (unsigned)atoi(hash + 1);
        n = (size_t)(hash - file);
    }
    snprintf(name, size, "%.*s", (int)n, file);
    return index;
}

/* The face `index` in the file `path`, named by a layout at from:pos. */
static const np_face *get_face(np_engine *e, np_diags *d, const char *path,
                               unsigned index, const char *from, np_pos pos)
{
    char key[4200];
    snprintf(key, sizeof key, "%s#%u", path, index);
    pthread_mutex_lock(&e->lock);
    np_face *face = cache_get(e->faces, key);
    if (!face) {
        char err[256];
        face = np_face_load_index(path, index, e->alloc, err, sizeof err);
        if (!face)
            np_report(d, from, pos, NP_MSG_FONT_LOAD, path, err);
        else if (cache_put(e, &e->faces, key, face) < 0) {
            np_face_free(face);
            face = NULL;
        }
    }
    pthread_mutex_unlock(&e->lock);
    return face;
}

static const np_hyph *get_hyph(np_engine *e, np_diags *d, const np_lang *lang)
{
    if (!lang->hyphenation)
        return NULL;
    if (!np_hyph_available()) {
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_NO_HYPHENATION);
        return NULL;
    }
    pthread_mutex_lock(&e->lock);
    np_hyph *h = cache_get(e->hyphs, lang->code);
    if (!h) {
        char path[4096];
        if (!find_in_dirs(e, "NOTEPRESS_HYPHEN", "hyphen", lang->hyphenation, path, sizeof path))
            snprintf(path, sizeof path, "%s/%s", DEBIAN_HYPHEN, lang->hyphenation);
        h = np_hyph_load(path, lang->left_hyphen_min, lang->right_hyphen_min);
        dep_file *files = NULL;
        e->recording = &files;
        record_file(e, path);
        e->recording = NULL;
        if (!h)
            np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_HYPH_LOAD, lang->code, path);
        else
            cache_put_files(e, &e->hyphs, lang->code, h, files);
    }
    pthread_mutex_unlock(&e->lock);
    return h;
}

/* ---- one render -------------------------------------------------- */

void np_render_options_init(np_render_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->fixed_time = -1;
}

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
} run;

static void report_dep(const run *r, const char *path)
{
    if (r->opts->dep && path)
        r->opts->dep(r->opts->dep_ud, path);
}

/* Reports the files the cache entry `key` of `list` was read from. The
 * entry and its files never change once cached: only finding it needs
 * the lock, and the caller's callback runs without it. */
static void report_deps(const run *r, cached *const *list, const char *key)
{
    if (!r->opts->dep)
        return;
    pthread_mutex_lock(&r->e->lock);
    const cached *c = cache_entry(*list, key);
    pthread_mutex_unlock(&r->e->lock);
    for (const dep_file *f = c ? c->files : NULL; f; f = f->next)
        report_dep(r, f->path);
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

/* Appends code[0..len) to the list being built in list[0..size) at
 * *at, unless it is there already. */
static void list_code(char *list, size_t size, size_t *at, const char *code,
                      size_t len)
{
    char item[64];
    snprintf(item, sizeof item, "%.*s", (int)len, code);
    len = strlen(item);
    for (const char *p = list; (p = strstr(p, item)) != NULL; p += len)
        if ((p == list || p[-1] == ' ') && (p[len] == ',' || p[len] == '\0'))
            return;
    if (*at < size - 16)
        *at += (size_t)snprintf(list + *at, size - *at, "%s%s", *at ? ", " : "",
                                item);
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
    char list[512] = "";
    size_t at = 0;
    for (size_t i = 0; i < np_embedded_count; i++) {
        const char *p = np_embedded_files[i].path;
        if (strncmp(p, "layouts/lang/", 13) == 0)
            list_code(list, sizeof list, &at, p + 13, strcspn(p + 13, "."));
    }
    for (size_t i = 0; originals && i < sizeof un_languages / sizeof *un_languages; i++)
        list_code(list, sizeof list, &at, un_languages[i], 2);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/layouts/lang", r->e->data_dir);
    DIR *d = opendir(dir);
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL;) {
        size_t n = strlen(ent->d_name);
        char code[64];
        if (n < 5 || n > 40 || strcmp(ent->d_name + n - 4, ".xml") != 0)
            continue;
        snprintf(code, sizeof code, "%.*s", (int)(n - 4), ent->d_name);
        list_code(list, sizeof list, &at, code, strlen(code));
    }
    if (d)
        closedir(d);
    return np_arena_strdup(r->arena, list);
}

/* Whether language `code` has a file: in NOTEPRESS_LAYOUTS, the data
 * directory or built in. */
static bool lang_file_exists(const np_engine *e, const char *code)
{
    char path[4096], rel[64], builtin[64];
    if (strlen(code) >= 16 || strchr(code, '/') || strchr(code, '.'))
        return false;
    snprintf(rel, sizeof rel, "lang/%s.xml", code);
    snprintf(builtin, sizeof builtin, "layouts/lang/%s.xml", code);
    return find_in_dirs(e, "NOTEPRESS_LAYOUTS", "layouts", rel, path, sizeof path)
           || embedded(builtin);
}

static bool original_known(const np_engine *e, const char *code)
{
    for (size_t i = 0; i < sizeof un_languages / sizeof *un_languages; i++)
        if (strcmp(code, un_languages[i]) == 0)
            return true;
    return lang_file_exists(e, code);
}

/* <original lang="...">: each code a language the engine knows, whose
 * name the document's language file gives ("Original: English"):
 * never printed as the bare code. */
static int check_originals(run *r)
{
    const np_doc *d = r->doc;
    int rc = 0;
    for (int i = 0; i < d->original_count; i++) {
        const char *code = d->original_langs[i];
        if (!original_known(r->e, code)) {
            np_report(&r->diags, r->file, d->original_pos, NP_MSG_UNKNOWN_LANG,
                      code, known_langs(r, true));
            rc = 1;
        } else if (!np_lang_name_of(r->lang, code)) {
            np_report(&r->diags, r->file, d->original_pos, NP_MSG_LANG_NO_NAME,
                      r->lang->code, code, code);
            rc = 1;
        }
    }
    return rc;
}

static int check_document(run *r, const char *bytes, size_t len)
{
    np_xnode *root;
    int rc = np_xml_read_limited(r->arena, &r->diags, r->file, bytes, len,
                                 r->e->schema, r->opts->limits, poll_stop, r,
                                 &root);
    if (rc == 0)
        rc = np_doc_build_limited(r->arena, &r->diags, r->file, root,
                                  r->opts->limits, &r->doc);
    if (rc)
        return rc;
    if (r->opts->lang) {
        /* the caller's language wins everywhere the document's would
         * count; an unknown one is reported without a position */
        r->doc->lang = r->opts->lang;
        r->doc->lang_pos = (np_pos){ 0, 0 };
    }
    r->lang = get_lang(r->e, &r->diags, r->doc->lang);
    if (r->lang) {
        report_deps(r, &r->e->langs, r->doc->lang);
        rc = check_originals(r);
    } else {
        np_report(&r->diags, r->file, r->doc->lang_pos, NP_MSG_UNKNOWN_LANG,
                  r->doc->lang, known_langs(r, false));
        rc = 1;
    }
    const char *name = r->opts->layout ? r->opts->layout
                       : r->doc->layout ? r->doc->layout : "un-a4";
    int status;
    r->layout = get_layout(r->e, &r->diags, name, &status);
    if (r->layout)
        report_deps(r, &r->e->layouts, name);
    else {
        if (status == 1)
            np_report(&r->diags, r->opts->layout ? NULL : r->file,
                      r->opts->layout ? (np_pos){ 0, 0 } : r->doc->layout_pos,
                      NP_MSG_UNKNOWN_LAYOUT, name);
        rc = 1;
    }
    return rc;
}

static int load_faces(run *r)
{
    for (int i = 0; i < NP_FONT_COUNT; i++) {
        char path[4096], file[1024];
        unsigned index = face_index(r->layout->font_files[i], file, sizeof file);
        if (!find_font(r->e, r->layout->font_dirs[i], file, path, sizeof path)) {
            np_report(&r->diags, r->layout->font_from[i], r->layout->font_pos[i],
                      NP_MSG_FONT_LOAD, file, "not found in the layout's directory, "
                      "NOTEPRESS_FONTS, the fonts directory or Debian's font "
                      "directories");
            return 1;
        }
        report_dep(r, path);
        r->faces[i] = get_face(r->e, &r->diags, path, index, r->layout->font_from[i],
                               r->layout->font_pos[i]);
        if (!r->faces[i])
            return 1;
    }
    return 0;
}

/* The cache key of an image file: its path and the version of its
 * content (size and modification time), so that an engine kept for
 * many renders (watch, an embedding program) sees a new emblem. */
static bool image_key(const char *path, char *key, size_t size)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    snprintf(key, size, "%s\n%lld.%09ld %lld", path, (long long)st.st_mtim.tv_sec,
             (long)st.st_mtim.tv_nsec, (long long)st.st_size);
    return true;
}

/* Every image is decoded by png_check.c before layout, once per engine
 * and version of its file, so that a bad one is refused with the
 * position of the layout line naming it rather than when the back end
 * draws it; the back end then draws the planes image.c deflated. */
static const np_image *get_image(np_engine *e, np_diags *d, const char *path,
                                 const char *shown, const char *from, np_pos pos)
{
    char key[4200], why[256] = "";
    if (!image_key(path, key, sizeof key)) {
        np_report(d, from, pos, NP_MSG_IMAGE, shown, strerror(errno));
        return NULL;
    }
    pthread_mutex_lock(&e->lock);
    np_image *img = cache_get(e->images, key);
    if (!img) {
        char *bytes;
        size_t len;
        int err = np_file_read(path, MAX_INPUT, &bytes, &len);
        if (err) {
            np_file_error(err, why, sizeof why);
        } else {
            img = np_image_make(shown, (const unsigned char *)bytes, len,
                                e->alloc, why, sizeof why);
            free(bytes);
        }
        if (img && cache_put(e, &e->images, key, img) < 0) {
            np_image_free(img, e->alloc);
            img = NULL;
            snprintf(why, sizeof why, "out of memory");
        }
        if (!img)
            np_report(d, from, pos, NP_MSG_IMAGE, shown, why);
    }
    pthread_mutex_unlock(&e->lock);
    return img;
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
    char dir[4096], path[4200];
    if (l->emblem_dir)
        snprintf(dir, sizeof dir, "%s", l->emblem_dir);
    else
        snprintf(dir, sizeof dir, "%s/layouts", r->e->data_dir);
    snprintf(path, sizeof path, "%s/%s", dir, l->emblem_file);
    /* A built-in layout used with no data directory: no emblem to draw,
     * which is no reason to refuse the document. */
    if (!l->emblem_dir && !file_exists(path))
        return 0;
    char *real = emblem_inside(r, dir, path);
    if (!real)
        return 1;
    r->emblem = get_image(r->e, &r->diags, real, path, l->emblem_from, l->emblem_pos);
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

/* np_ts.load_face: the face of a Han or Arabic slot, loaded the first
 * time a document shows text of that script; NULL (nothing reported)
 * when the layout leaves the slot empty, reported when it names a face
 * that cannot be found or loaded. */
static const np_face *load_slot(void *ud, int slot)
{
    run *r = ud;
    const np_layout *l = r->layout;
    char path[4096], file[1024];
    if (!l->font_files[slot] || !l->font_files[slot][0])
        return NULL;
    unsigned index = face_index(l->font_files[slot], file, sizeof file);
    if (!find_font(r->e, l->font_dirs[slot], file, path, sizeof path)) {
        np_report(&r->diags, l->font_from[slot], l->font_pos[slot], NP_MSG_FONT_LOAD,
                  file, "not found in the layout's directory, NOTEPRESS_FONTS, "
                  "the fonts directory or Debian's font directories");
        return NULL;
    }
    report_dep(r, path);
    r->faces[slot] = get_face(r->e, &r->diags, path, index, l->font_from[slot],
                              l->font_pos[slot]);
    return r->faces[slot];
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

/* The faces the back end is given: up to the last slot loaded (the
 * four Latin ones for a document with no Chinese or Arabic). */
static int slots_used(const run *r)
{
    int n = NP_FACE_SLOTS;
    while (n > NP_FONT_COUNT && !r->faces[n - 1])
        n--;
    return n;
}

static int typeset(run *r, np_out *out, np_write_fn write, void *ud)
{
    np_ts ts = {
        .arena = r->arena, .diags = &r->diags, .file = r->file, .doc = r->doc,
        .layout = r->layout, .lang = r->lang, .faces = r->faces,
        .hyph = r->hyph, .alloc = r->e->alloc, .mode = r->opts->linebreak,
        .emblem = r->emblem, .load_face = load_slot, .load_face_ud = r,
        .missing_as_box = r->layout->missing_glyph_box,
    };
    const np_layout *l = r->layout;
    if (l->kerning && !(ts.shapers = new_shapers(r)))
        return -1;
    ts.params = (np_lb_params){
        .tolerance = l->lb_tolerance, .line_penalty = l->lb_line_penalty,
        .flagged_demerits = l->lb_flagged_demerits,
        .fitness_demerits = l->lb_fitness_demerits,
        .max_consecutive_flagged = (int)l->lb_max_hyphens,
        .stop = poll_stop, .stop_ud = r,
    };
    ts.stop = poll_stop;
    ts.stop_ud = r;
    np_flow flow = { 0 };
    np_pages pages;
    int rc = np_blocks_flow(&ts, &flow);
    if (rc == 0 && stop(r))
        rc = -1;
    if (rc == 0)
        rc = np_paginate(&ts, &flow, &pages);
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
        .title = r->doc->title ? np_doc_plain_text(r->arena, r->doc->title) : NULL,
        .subject = r->doc->symbol, .author = r->doc->organ, .lang = r->doc->lang,
        .creator = NP_PDF_CREATOR, .time = r->opts->fixed_time,
        .faces = r->faces, .font_count = slots_used(r),
        .pdfa = r->opts->pdfa, .icc_path = getenv("NOTEPRESS_ICC_PROFILE"),
    };
    if (rc == 0 && meta.pdfa)
        report_dep(r, meta.icc_path ? meta.icc_path : NP_SRGB_PROFILE);
    if (rc == 0)
        rc = out->ops->begin_document(out->self, &meta);
    if (rc == 0)
        rc = np_pages_draw(&ts, &flow, &pages, out);
    if (rc == 0 && stop(r))
        rc = -1;
    if (rc == 0)
        rc = out->ops->end_document(out->self, write, ud);
    if (rc == 0 && r->opts->stats) {
        collect_stats(&flow, &pages, r->opts->stats);
        r->opts->stats->linebreak_seconds = ts.break_seconds;
    }
    np_mem_free(r->e->alloc, flow.lines);
    np_mem_free(r->e->alloc, ts.notes_flow.lines);
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
    if (rc || layout_only)
        return rc;
    if (stop(r))
        return -1;
    if (load_faces(r) || check_emblem(r))
        return 1;
    r->hyph = get_hyph(r->e, &r->diags, r->lang);
    if (r->hyph)
        report_deps(r, &r->e->hyphs, r->lang->code);
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

static int run_render(np_engine *e, const char *name, const char *bytes,
                      size_t len, const np_render_options *opts, bool check_only,
                      np_write_fn write, void *ud, char **input)
{
    np_render_options defaults;
    if (!opts) {
        np_render_options_init(&defaults);
        opts = &defaults;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    run r = { .e = e, .opts = opts, .file = name ? name : "(memory)",
              .input = input };
    np_diags_init(&r.diags, opts->diag, opts->diag_ud);
    r.arena = np_arena_new(e->alloc);
    if (!r.arena)
        return -1;
    int rc = render(&r, bytes, len, check_only, write, ud);
    if (r.cancelled)
        rc = NP_CANCELLED;
    else if (rc < 0 && r.diags.count[NP_ERROR] == 0)
        np_report(&r.diags, name, (np_pos){ 0, 0 }, NP_MSG_NO_MEMORY);
    if (rc == 0 && r.diags.count[NP_ERROR] > 0)
        rc = 1;
    np_arena_free(r.arena);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (opts->stats)
        opts->stats->seconds = (double)(t1.tv_sec - t0.tv_sec)
                               + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return rc;
}

/* ---- the arguments of the public functions ------------------------ */

/* A call that breaks the contract of notepress.h (a NULL where a
 * pointer is required, no bytes for a non-zero length): reported through
 * the options' callback when there is one; the caller returns -1. */
static int bad_call(const np_render_options *opts, const char *fn,
                    const char *what)
{
    np_diags d;
    np_diags_init(&d, opts ? opts->diag : NULL, opts ? opts->diag_ud : NULL);
    np_report(&d, NULL, (np_pos){ 0, 0 }, NP_MSG_BAD_CALL, fn, what);
    return -1;
}

/* The arguments of a render from memory: an engine, and bytes unless
 * there are none to read. */
static int bad_render(np_engine *e, const char *bytes, size_t len,
                      const np_render_options *opts, const char *fn)
{
    if (!e)
        return bad_call(opts, fn, "the engine is NULL");
    if (!bytes && len)
        return bad_call(opts, fn, "the bytes are NULL, their length is not 0");
    return 0;
}

int np_render_memory(np_engine *e, const char *name, const char *bytes,
                     size_t len, const np_render_options *opts,
                     np_write_fn write, void *write_ud)
{
    if (bad_render(e, bytes, len, opts, __func__))
        return -1;
    if (!write)
        return bad_call(opts, __func__, "write is NULL");
    return run_render(e, name, bytes, len, opts, false, write, write_ud, NULL);
}

static int read_input(const char *path, const np_render_options *opts,
                      char **bytes, size_t *len)
{
    size_t limit = np_limits_resolve(opts ? opts->limits : NULL).input_bytes;
    int err = np_file_read(path, limit, bytes, len);
    if (!err)
        return 0;
    np_diags d;
    np_diags_init(&d, opts ? opts->diag : NULL, opts ? opts->diag_ud : NULL);
    char why[128];
    if (err == EFBIG)
        np_report(&d, path, (np_pos){ 0, 0 }, NP_MSG_TOO_BIG, limit);
    else
        np_report(&d, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_READ, path,
                  np_file_error(err, why, sizeof why));
    return 1;
}

int np_check_file(np_engine *e, const char *in_path, const np_render_options *opts)
{
    char *bytes;
    size_t len;
    if (!e || !in_path)
        return bad_call(opts, __func__, e ? "in_path is NULL" : "the engine is NULL");
    if (read_input(in_path, opts, &bytes, &len))
        return 1;
    if (opts && opts->dep)
        opts->dep(opts->dep_ud, in_path);
    int rc = run_render(e, in_path, bytes, len, opts, true, NULL, NULL, &bytes);
    free(bytes);
    return rc;
}

/* A render to a file: the caller's options with `dep` wrapped, so that
 * a file the render reads (the description, a layout, a font...) that
 * is also the output is caught before the output replaces it. */
typedef struct file_render {
    const np_render_options *caller;
    np_render_options opts;
    np_out_file out;
    char *clash;                /* a file read that is the output */
} file_render;

static void check_dep(void *ud, const char *path)
{
    file_render *fr = ud;
    struct stat st;
    if (!fr->clash && fr->out.exists && stat(path, &st) == 0
        && np_out_file_is(&fr->out, st.st_dev, st.st_ino))
        fr->clash = strdup(path);
    if (fr->caller && fr->caller->dep)
        fr->caller->dep(fr->caller->dep_ud, path);
}

/* Ends the output: kept when the render succeeded, and the status. */
static int finish_output(file_render *fr, np_diags *d, const char *out_path,
                         int rc)
{
    char why[128];
    if (rc == 0 && fr->clash)
        rc = 1;
    if (fr->clash)
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_OUTPUT_IS_INPUT, out_path,
                  fr->clash);
    int err = np_out_file_close(&fr->out, rc == 0);
    if (rc == 0 && err == ECANCELED)
        return NP_CANCELLED;
    if (rc == 0 && err) {
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_WRITE, out_path,
                  np_file_error(err, why, sizeof why));
        return -1;
    }
    return rc;
}

int np_render_file(np_engine *e, const char *in_path, const char *out_path,
                   const np_render_options *opts)
{
    char *bytes, why[128];
    size_t len;
    if (!e || !in_path || !out_path)
        return bad_call(opts, __func__, !e ? "the engine is NULL"
                        : in_path ? "out_path is NULL" : "in_path is NULL");
    if (read_input(in_path, opts, &bytes, &len))
        return 1;
    file_render fr = { .caller = opts };
    if (opts)
        fr.opts = *opts;
    else
        np_render_options_init(&fr.opts);
    fr.opts.dep = check_dep;
    fr.opts.dep_ud = &fr;
    np_diags d;
    np_diags_init(&d, fr.opts.diag, fr.opts.diag_ud);
    int err = np_out_file_open(&fr.out, out_path, fr.opts.cancel, fr.opts.cancel_ud);
    if (err) {
        np_report(&d, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_WRITE, out_path,
                  np_file_error(err, why, sizeof why));
        free(bytes);
        return 1;
    }
    check_dep(&fr, in_path);
    int rc = fr.clash ? 1 : run_render(e, in_path, bytes, len, &fr.opts, false,
                                       np_out_file_write, &fr.out, &bytes);
    rc = finish_output(&fr, &d, out_path, rc);
    free(fr.clash);
    free(bytes);
    return rc;
}

/* ---- more ways in and out ---------------------------------------- */

int np_render_file_write(np_engine *e, const char *in_path,
                         const np_render_options *opts,
                         np_write_fn write, void *write_ud)
{
    char *bytes;
    size_t len;
    if (!e || !in_path || !write)
        return bad_call(opts, __func__, !e ? "the engine is NULL"
                        : write ? "in_path is NULL" : "write is NULL");
    if (read_input(in_path, opts, &bytes, &len))
        return 1;
    if (opts && opts->dep)
        opts->dep(opts->dep_ud, in_path);
    int rc = run_render(e, in_path, bytes, len, opts, false, write, write_ud,
                        &bytes);
    free(bytes);
    return rc;
}

/* A buffer that grows by doubling, in the engine's allocator. */
typedef struct membuf {
    const np_allocator *alloc;
    char *p;
    size_t len, cap;
} membuf;

static int write_membuf(void *ud, const void *bytes, size_t len)
{
    membuf *b = ud;
    if (len > (size_t)-1 / 2 - b->len)
        return -1;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 65536;
        while (cap < b->len + len)
            cap *= 2;
        char *p = np_mem_realloc(b->alloc, b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, bytes, len);
    b->len += len;
    return 0;
}

int np_render_to_buffer(np_engine *e, const char *name, const char *bytes,
                        size_t len, const np_render_options *opts,
                        void **out, size_t *out_len)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!out || !out_len)
        return bad_call(opts, __func__, out ? "out_len is NULL" : "out is NULL");
    if (bad_render(e, bytes, len, opts, __func__))
        return -1;
    membuf b = { .alloc = e->alloc };
    int rc = run_render(e, name, bytes, len, opts, false, write_membuf, &b, NULL);
    if (rc != 0) {
        np_mem_free(e->alloc, b.p);
        b.p = NULL;
        b.len = 0;
    }
    *out = b.p;
    *out_len = b.len;
    return rc;
}

/* Without the engine, the allocator that made the buffer is unknown:
 * leaving it is safer than freeing it with the wrong one. */
void np_buffer_free(np_engine *e, void *buffer)
{
    if (buffer && e)
        np_mem_free(e->alloc, buffer);
}

const char *np_version(void)
{
    return NP_VERSION;
}
