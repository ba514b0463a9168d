/*
 * engine.c - the engine and its caches (engine.h): the compiled schema,
 * and the layouts, languages, faces, hyphenation patterns and images
 * each loaded on first use, then shared read-only by every render.
 *
 * A load runs under the engine's mutex and allocates in the engine's
 * arena; a cache entry never changes once made, so a render holds what
 * it got without the lock. An entry remembers the file its name found
 * and the stamp (file_read.h) of every file it was read from: when the
 * name finds another file, or one of the files changed, the entry is
 * stale and the thing is loaded again, so that an engine kept for many
 * renders (watch, a service) sees every edit. A stale entry stays until
 * the engine is freed, since a render may still hold its value. Where
 * files are found is find.c's; nothing here knows about one render
 * beyond the diagnostics and the dependency sink it is given.
 */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/engine.h"
#include "api/find.h"
#include "ground/file_read.h"
#include "ground/path.h"
#include "readers/lang_load.h"
#include "readers/layout_load.h"

#define MAX_INPUT (64u * 1024 * 1024)

/* A file a cache entry was read from: what every render that uses the
 * entry depends on (np_render_options.dep). */
typedef struct np_dep_file {
    const char *path;
    np_file_stamp stamp;        /* the version the load read */
    struct np_dep_file *next;
} dep_file;

struct np_cached {
    char *key;
    const char *source;         /* the file (or built-in copy) the key
                                 * found; NULL when the key is the path */
    void *value;                /* np_layout, np_lang, np_face, np_hyph
                                 * or np_image */
    dep_file *files;            /* in the engine's arena; NULL: built-in */
    bool stale;                 /* a newer entry replaces it */
    np_cached *next;
};

/* Notes that the load in progress reads `path`, as it is now, when a
 * load records (under the lock). A file lost to a full arena is only a
 * missing dependency. */
static void record_file(np_engine *e, const char *path)
{
    dep_file *f = e->recording ? np_arena_alloc(e->arena, sizeof *f) : NULL;
    if (!f || !(f->path = np_arena_strdup(e->arena, path)))
        return;
    f->stamp = np_file_stamp_of(path);
    f->next = *e->recording;
    *e->recording = f;
}

/* The list of one file, for a load that reads only that one. */
static dep_file *one_file(np_engine *e, const char *path)
{
    dep_file *files = NULL;
    e->recording = &files;
    record_file(e, path);
    e->recording = NULL;
    return files;
}

/* Tells `deps` of each file in `files` (outside the lock: the list,
 * once made, never changes). */
static void tell_deps(const np_dep_sink *deps, const dep_file *files)
{
    for (; deps && deps->fn && files; files = files->next)
        deps->fn(deps->ud, files->path);
}

static np_finder finder_of(const np_engine *e, np_diags *d)
{
    return (np_finder){ .data_dir = e->data_dir, .diags = d };
}

/* ---- engine ------------------------------------------------------ */

bool np_size_ok(np_diags *d, const char *fn, const char *type, size_t size,
                size_t first, size_t own)
{
    if (size >= first && size <= own)
        return true;
    np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_STRUCT_SIZE, fn, type, size,
              first, own, type);
    return false;
}

void np_engine_config_init(np_engine_config *c)
{
    if (c)
        *c = (np_engine_config){ .size = sizeof *c };
}

/* The caller's config, whole, in *out; false when its size is refused
 * (reported to its callback when the size covers the callback). */
static bool take_config(const np_engine_config *given, np_engine_config *out)
{
    np_engine_config_init(out);
    if (!given)
        return true;
    np_diags d;
    bool has_diag = given->size >= NP_END_OF(np_engine_config, diag_ud);
    np_diags_init(&d, has_diag ? given->diag : NULL, has_diag ? given->diag_ud : NULL);
    if (!np_size_ok(&d, "np_engine_new", "np_engine_config", given->size,
                    NP_CONFIG_SIZE_FIRST, sizeof *out))
        return false;
    memcpy(out, given, given->size);
    out->size = sizeof *out;
    return true;
}

/* The engine's own parts: its memory, data directory and lock. */
static np_engine *engine_make(const np_engine_config *c)
{
    const np_allocator *alloc = c->allocator;
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
    e->diag = c->diag;
    e->diag_ud = c->diag_ud;
    e->arena = np_arena_new(e->alloc);
    e->data_dir = e->arena ? np_arena_strdup(e->arena, np_find_data_dir(c->data_dir))
                           : NULL;
    pthread_mutex_init(&e->lock, NULL);
    return e;
}

np_engine *np_engine_new_with_schema(const np_engine_config *config,
                                     const char *rng, size_t len)
{
    np_engine_config c;
    if (!take_config(config, &c))
        return NULL;
    np_engine *e = engine_make(&c);
    if (!e)
        return NULL;
    np_xml_init();
    np_diags d;
    np_diags_init(&d, e->diag, e->diag_ud);
    if (rng)
        e->schema = np_schema_new(rng, len, &d);
    if (!e->data_dir || !e->arena || !e->schema) {
        np_engine_free(e);
        return NULL;
    }
    return e;
}

np_engine *np_engine_new(const np_engine_config *config)
{
    const np_embedded *rng = np_find_embedded("engine/schema/document.rng");
    return np_engine_new_with_schema(config, rng ? (const char *)rng->bytes : NULL,
                                     rng ? rng->len : 0);
}

/* The entries live in the engine's arena; only their values may need
 * freeing. */
static void free_cache(np_cached *c, void (*fn)(void *))
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
    for (np_cached *c = e->images; c; c = c->next)
        np_image_free(c->value, e->alloc);
    np_schema_free(e->schema);
    np_arena_free(e->arena);
    pthread_mutex_destroy(&e->lock);
    np_mem_free(e->alloc, e);
}

static bool same_source(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

static bool files_changed(const dep_file *f)
{
    for (; f; f = f->next) {
        np_file_stamp now = np_file_stamp_of(f->path);
        if (!np_file_stamp_same(&now, &f->stamp))
            return true;
    }
    return false;
}

/* The entry of `key` still true to its files, found now at `source`,
 * or NULL; one that is not is marked stale (locked). */
static np_cached *cache_fresh(np_cached *c, const char *key, const char *source)
{
    for (; c; c = c->next) {
        if (c->stale || strcmp(c->key, key) != 0)
            continue;
        if (same_source(c->source, source) && !files_changed(c->files))
            return c;
        c->stale = true;
        return NULL;
    }
    return NULL;
}

static void *cache_get(np_cached *c, const char *key, const char *source)
{
    c = cache_fresh(c, key, source);
    return c ? c->value : NULL;
}

/* Adds `value`, read from `files` after `key` found `source`, in front
 * of the stale entries of the key. Called with the engine locked: the
 * arena is the engine's. */
static int cache_put(np_engine *e, np_cached **list, const char *key,
                     const char *source, void *value, dep_file *files)
{
    np_cached *c = np_arena_alloc(e->arena, sizeof *c);
    if (!c || !(c->key = np_arena_strdup(e->arena, key)))
        return -1;
    c->source = source ? np_arena_strdup(e->arena, source) : NULL;
    if (source && !c->source)
        return -1;
    c->value = value;
    c->files = files;
    c->stale = false;
    c->next = *list;
    *list = c;
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
                     const np_embedded *builtin, int (*load)(np_arena *,
                     np_diags *, const char *, const char *, size_t, void *),
                     void *out)
{
    char *bytes;
    size_t len;
    if (builtin)
        return load(e->arena, d, builtin->path, (const char *)builtin->bytes,
                    builtin->len, out);
    if (read_data(d, path, &bytes, &len))
        return 1;
    const char *name = np_arena_strdup(e->arena, path);
    int rc = load(e->arena, d, name, bytes, len, out);
    free(bytes);
    return rc;
}

static int load_lang_fn(np_arena *a, np_diags *d, const char *f,
                        const char *b, size_t n, void *out)
{
    return np_lang_load(a, d, f, b, n, out);
}

typedef struct parent_finder {
    np_engine *e;
    np_diags *d;
} parent_finder;

/* np_layout_find_fn: the parent of a layout, for extends="...". -2:
 * found but not readable, or not looked for (reported). */
static int find_parent(void *ud, const char *name, const char *from,
                       char **bytes, size_t *len, const char **path, bool *builtin)
{
    np_engine *e = ((parent_finder *)ud)->e;
    np_finder f = finder_of(e, ((parent_finder *)ud)->d);
    f.file = from;
    char where[NP_PATH_MAX];
    const np_embedded *b;
    np_found found = np_find_layout(&f, name, from, where, sizeof where, &b);
    if (found == NP_FOUND_TOO_LONG)
        return -2;
    if (found == NP_FOUND_NONE)
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
    return read_data(((parent_finder *)ud)->d, where, bytes, len) ? -2 : 0;
}

/* Loads the layout found at `path` (or built in as `b`) for documents
 * in `lang` (locked), or NULL (reported). */
static np_layout *load_layout(np_engine *e, np_diags *d, const char *path,
                              const np_embedded *b, const char *lang)
{
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
    parent_finder pf = { e, d };
    const char *file = np_arena_strdup(e->arena, path);
    int rc = file ? np_layout_load_with(e->arena, d, file, bytes, len, b != NULL,
                                        find_parent, &pf, lang, l) : -1;
    if (!b)
        free(bytes);
    return rc == 0 ? l : NULL;
}

/* The key of a layout in the cache: its name and the language it is
 * made for (a language code has no space, whatever a name has). */
static const char *layout_key(char *out, size_t size, const char *name,
                              const char *lang)
{
    snprintf(out, size, "%s %s", lang ? lang : "", name);
    return out;
}

/* The cached layout of `key` found at `path`, or the layout loaded
 * again (locked); *files: what it was read from, even when broken. */
static np_layout *layout_at(np_engine *e, np_diags *d, const char *key,
                            const char *path, const np_embedded *b,
                            const char *lang, dep_file **files)
{
    np_cached *c = cache_fresh(e->layouts, key, path);
    if (c) {
        *files = c->files;
        return c->value;
    }
    e->recording = files;       /* the layout and every layout it extends */
    np_layout *l = load_layout(e, d, path, b, lang);
    e->recording = NULL;
    if (l && cache_put(e, &e->layouts, key, path, l, *files) < 0)
        l = NULL;
    return l;
}

const np_layout *np_engine_layout(np_engine *e, np_diags *d, const char *name,
                                  const char *lang, const np_dep_sink *deps,
                                  int *status)
{
    char key[NP_PATH_MAX + 32], path[NP_PATH_MAX];
    const np_embedded *b;
    unsigned errors = d->count[NP_ERROR];
    np_finder f = finder_of(e, d);
    np_found found = np_find_layout(&f, name, NULL, path, sizeof path, &b);
    np_layout *l = NULL;
    dep_file *files = NULL;
    if (found == NP_FOUND_FILE || found == NP_FOUND_BUILTIN) {
        layout_key(key, sizeof key, name, lang);
        pthread_mutex_lock(&e->lock);
        l = layout_at(e, d, key, path, b, lang, &files);
        pthread_mutex_unlock(&e->lock);
    }
    tell_deps(deps, files);
    *status = l ? 0 : d->count[NP_ERROR] > errors ? 2 : 1;
    return l;
}

/* Loads the language `code` found at `path` or built in as `b`
 * (locked), or NULL. */
static np_lang *load_lang(np_engine *e, np_diags *d, const char *code,
                          const char *path, const np_embedded *b,
                          dep_file *files)
{
    np_lang *lang = np_arena_alloc(e->arena, sizeof *lang);
    if (!lang || load_data(e, d, path, b, load_lang_fn, lang))
        return NULL;
    if (cache_put(e, &e->langs, code, path, lang, files) < 0)
        return NULL;
    return lang;
}

const np_lang *np_engine_lang(np_engine *e, np_diags *d, const char *code,
                              const np_dep_sink *deps)
{
    char path[NP_PATH_MAX];
    const np_embedded *b;
    np_finder f = finder_of(e, d);
    np_found found = np_find_lang(&f, code, path, sizeof path, &b);
    if (found != NP_FOUND_FILE && found != NP_FOUND_BUILTIN)
        return NULL;
    pthread_mutex_lock(&e->lock);
    np_cached *c = cache_fresh(e->langs, code, path);
    dep_file *files = c ? c->files : b ? NULL : one_file(e, path);
    np_lang *lang = c ? c->value : load_lang(e, d, code, path, b, files);
    pthread_mutex_unlock(&e->lock);
    tell_deps(deps, files);
    return lang;
}

bool np_engine_has_lang(np_engine *e, np_diags *d, const char *code)
{
    char path[NP_PATH_MAX];
    const np_embedded *b;
    np_finder f = finder_of(e, d);
    np_found found = np_find_lang(&f, code, path, sizeof path, &b);
    return found == NP_FOUND_FILE || found == NP_FOUND_BUILTIN;
}

/* ---- fonts, patterns and images ---------------------------------- */

/* Loads the face `index` of `path` into the cache under `key`
 * (locked), or NULL (reported). */
static np_face *load_face(np_engine *e, np_diags *d, const char *path,
                          unsigned index, const char *key, const char *from,
                          np_pos pos)
{
    char err[256];
    dep_file *files = one_file(e, path);
    np_face *face = np_face_load_index(path, index, e->alloc, err, sizeof err);
    if (!face)
        np_report(d, from, pos, NP_MSG_FONT_LOAD, path, err);
    else if (cache_put(e, &e->faces, key, NULL, face, files) < 0) {
        np_face_free(face);
        face = NULL;
    }
    return face;
}

const np_face *np_engine_face(np_engine *e, np_diags *d, const char *path,
                              unsigned index, const char *from, np_pos pos)
{
    char key[NP_PATH_MAX + 16];
    snprintf(key, sizeof key, "%s#%u", path, index);
    pthread_mutex_lock(&e->lock);
    np_face *face = cache_get(e->faces, key, NULL);
    if (!face)
        face = load_face(e, d, path, index, key, from, pos);
    pthread_mutex_unlock(&e->lock);
    return face;
}

/* Loads the patterns of `lang` from `path` into the cache under `key`
 * (locked), or NULL. */
static np_hyph *load_hyph(np_engine *e, np_diags *d, const np_lang *lang,
                          const char *key, const char *path, dep_file *files)
{
    np_hyph *h = np_hyph_load(path, lang->left_hyphen_min, lang->right_hyphen_min);
    if (!h)
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_HYPH_LOAD, lang->code, path);
    else if (cache_put(e, &e->hyphs, key, path, h, files) < 0) {
        np_hyph_free(h);
        h = NULL;
    }
    return h;
}

const np_hyph *np_engine_hyph(np_engine *e, np_diags *d, const np_lang *lang,
                              const np_dep_sink *deps)
{
    if (!lang->hyphenation)
        return NULL;
    if (!np_hyph_available()) {
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_NO_HYPHENATION);
        return NULL;
    }
    char path[NP_PATH_MAX], key[64];
    np_finder f = finder_of(e, d);
    if (np_find_hyph(&f, lang->hyphenation, path, sizeof path) != NP_FOUND_FILE)
        return NULL;
    /* the language file may change its minima without its patterns */
    snprintf(key, sizeof key, "%s %d %d", lang->code, lang->left_hyphen_min,
             lang->right_hyphen_min);
    pthread_mutex_lock(&e->lock);
    np_cached *c = cache_fresh(e->hyphs, key, path);
    dep_file *files = c ? c->files : one_file(e, path);
    np_hyph *h = c ? c->value : load_hyph(e, d, lang, key, path, files);
    pthread_mutex_unlock(&e->lock);
    tell_deps(deps, files);
    return h;
}

/* Decodes the image file `path` into the cache (locked); NULL with the
 * reason in why[0..size). */
static np_image *load_image(np_engine *e, const char *path, const char *shown,
                            char *why, size_t size)
{
    char *bytes;
    size_t len;
    dep_file *files = one_file(e, path);
    int err = np_file_read(path, MAX_INPUT, &bytes, &len);
    if (err) {
        np_file_error(err, why, size);
        return NULL;
    }
    np_image *img = np_image_make(shown, (const unsigned char *)bytes, len,
                                  e->alloc, why, size);
    free(bytes);
    if (img && cache_put(e, &e->images, path, NULL, img, files) < 0) {
        np_image_free(img, e->alloc);
        snprintf(why, size, "out of memory");
        return NULL;
    }
    return img;
}

/* Every image is decoded by png_check.c before layout, once per engine
 * and version of its file, so that a bad one is refused with the
 * position of the layout line naming it rather than when the back end
 * draws it; the back end then draws the planes image.c deflated. */
const np_image *np_engine_image(np_engine *e, np_diags *d, const char *path,
                                const char *shown, const char *from, np_pos pos)
{
    char why[256] = "";
    struct stat st;
    if (stat(path, &st) != 0) {
        np_report(d, from, pos, NP_MSG_IMAGE, shown, strerror(errno));
        return NULL;
    }
    pthread_mutex_lock(&e->lock);
    np_image *img = cache_get(e->images, path, NULL);
    if (!img && !(img = load_image(e, path, shown, why, sizeof why)))
        np_report(d, from, pos, NP_MSG_IMAGE, shown, why);
    pthread_mutex_unlock(&e->lock);
    return img;
}
