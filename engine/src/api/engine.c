/*
 * engine.c - the engine and its caches (engine.h): the compiled schema,
 * and the layouts, languages, faces, hyphenation patterns and images
 * each loaded on first use, then shared read-only by every render.
 *
 * A load runs under the engine's mutex and allocates in the engine's
 * arena; a cache entry never changes once made, so a render holds what
 * it got without the lock. Where files are found is find.c's; nothing
 * here knows about one render beyond the diagnostics it is given.
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
    struct np_dep_file *next;
} dep_file;

struct np_cached {
    char *key;
    void *value;                /* np_layout, np_lang, np_face or np_hyph */
    dep_file *files;            /* in the engine's arena; NULL: built-in */
    np_cached *next;
};

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

static np_cached *cache_entry(np_cached *c, const char *key)
{
    for (; c; c = c->next)
        if (strcmp(c->key, key) == 0)
            return c;
    return NULL;
}

static void *cache_get(np_cached *c, const char *key)
{
    c = cache_entry(c, key);
    return c ? c->value : NULL;
}

/* Called with the engine locked: the arena is the engine's. */
static int cache_put(np_engine *e, np_cached **list, const char *key, void *value)
{
    np_cached *c = np_arena_alloc(e->arena, sizeof *c);
    if (!c || !(c->key = np_arena_strdup(e->arena, key)))
        return -1;
    c->value = value;
    c->files = NULL;
    c->next = *list;
    *list = c;
    return 0;
}

/* cache_put for a value whose load recorded the files it read. */
static int cache_put_files(np_engine *e, np_cached **list, const char *key,
                           void *value, dep_file *files)
{
    if (cache_put(e, list, key, value) < 0)
        return -1;
    (*list)->files = files;
    return 0;
}

void np_engine_deps(np_engine *e, np_cache cache, const char *key,
                    void (*dep)(void *ud, const char *path), void *ud)
{
    np_cached *const *lists[] = { &e->layouts, &e->langs, &e->hyphs };
    pthread_mutex_lock(&e->lock);
    const np_cached *c = cache_entry(*lists[cache], key);
    pthread_mutex_unlock(&e->lock);
    for (const dep_file *f = c ? c->files : NULL; f; f = f->next)
        dep(ud, f->path);
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

static np_layout *load_layout(np_engine *e, np_diags *d, const char *name,
                              const char *lang)
{
    char path[NP_PATH_MAX];
    const np_embedded *b;
    np_finder f = finder_of(e, d);
    np_found found = np_find_layout(&f, name, NULL, path, sizeof path, &b);
    if (found == NP_FOUND_NONE || found == NP_FOUND_TOO_LONG)
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
    parent_finder pf = { e, d };
    const char *file = np_arena_strdup(e->arena, path);
    int rc = file ? np_layout_load_with(e->arena, d, file, bytes, len, b != NULL,
                                        find_parent, &pf, lang, l) : -1;
    if (!b)
        free(bytes);
    return rc == 0 ? l : NULL;
}

const char *np_engine_layout_key(char *out, size_t size, const char *name,
                                 const char *lang)
{
    /* a language code has no space, whatever a layout's name has */
    snprintf(out, size, "%s %s", lang ? lang : "", name);
    return out;
}

const np_layout *np_engine_layout(np_engine *e, np_diags *d, const char *name,
                                  const char *lang, int *status)
{
    char key[NP_PATH_MAX + 32];
    np_engine_layout_key(key, sizeof key, name, lang);
    pthread_mutex_lock(&e->lock);
    np_layout *l = cache_get(e->layouts, key);
    unsigned errors = d->count[NP_ERROR];
    if (!l) {
        dep_file *files = NULL;
        e->recording = &files;  /* the layout and every layout it extends */
        if ((l = load_layout(e, d, name, lang)) != NULL)
            cache_put_files(e, &e->layouts, key, l, files);
        e->recording = NULL;
    }
    pthread_mutex_unlock(&e->lock);
    *status = l ? 0 : d->count[NP_ERROR] > errors ? 2 : 1;
    return l;
}

/* Loads the language `code` (locked), or NULL. */
static np_lang *load_lang(np_engine *e, np_diags *d, const char *code)
{
    char path[NP_PATH_MAX];
    const np_embedded *b;
    np_finder f = finder_of(e, d);
    np_found found = np_find_lang(&f, code, path, sizeof path, &b);
    if (found != NP_FOUND_FILE && found != NP_FOUND_BUILTIN)
        return NULL;
    dep_file *files = NULL;
    e->recording = &files;
    if (!b)
        record_file(e, path);
    e->recording = NULL;
    np_lang *lang = np_arena_alloc(e->arena, sizeof *lang);
    if (!lang || load_data(e, d, path, b, load_lang_fn, lang))
        return NULL;
    cache_put_files(e, &e->langs, code, lang, files);
    return lang;
}

const np_lang *np_engine_lang(np_engine *e, np_diags *d, const char *code)
{
    pthread_mutex_lock(&e->lock);
    np_lang *lang = cache_get(e->langs, code);
    if (!lang)
        lang = load_lang(e, d, code);
    pthread_mutex_unlock(&e->lock);
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

const np_face *np_engine_face(np_engine *e, np_diags *d, const char *path,
                              unsigned index, const char *from, np_pos pos)
{
    char key[NP_PATH_MAX + 16];
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

/* Loads the patterns of `lang` (locked), or NULL. */
static np_hyph *load_hyph(np_engine *e, np_diags *d, const np_lang *lang)
{
    char path[NP_PATH_MAX];
    np_finder f = finder_of(e, d);
    if (np_find_hyph(&f, lang->hyphenation, path, sizeof path) != NP_FOUND_FILE)
        return NULL;
    np_hyph *h = np_hyph_load(path, lang->left_hyphen_min, lang->right_hyphen_min);
    dep_file *files = NULL;
    e->recording = &files;
    record_file(e, path);
    e->recording = NULL;
    if (!h)
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_HYPH_LOAD, lang->code, path);
    else
        cache_put_files(e, &e->hyphs, lang->code, h, files);
    return h;
}

const np_hyph *np_engine_hyph(np_engine *e, np_diags *d, const np_lang *lang)
{
    if (!lang->hyphenation)
        return NULL;
    if (!np_hyph_available()) {
        np_report(d, NULL, (np_pos){ 0, 0 }, NP_MSG_NO_HYPHENATION);
        return NULL;
    }
    pthread_mutex_lock(&e->lock);
    np_hyph *h = cache_get(e->hyphs, lang->code);
    if (!h)
        h = load_hyph(e, d, lang);
    pthread_mutex_unlock(&e->lock);
    return h;
}

/* The cache key of an image file: its path and the version of its
 * content (size and modification time), so that an engine kept for
 * many renders (watch, an embedding program) sees a new emblem. False,
 * with errno set, when the file cannot be looked at. */
static bool image_key(const char *path, char *key, size_t size)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    int n = snprintf(key, size, "%s\n%lld.%09ld %lld", path,
                     (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
                     (long long)st.st_size);
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return false;
    }
    return true;
}

/* Decodes the image file `path` into the cache (locked); NULL with the
 * reason in why[0..size). */
static np_image *load_image(np_engine *e, const char *path, const char *shown,
                            const char *key, char *why, size_t size)
{
    char *bytes;
    size_t len;
    int err = np_file_read(path, MAX_INPUT, &bytes, &len);
    if (err) {
        np_file_error(err, why, size);
        return NULL;
    }
    np_image *img = np_image_make(shown, (const unsigned char *)bytes, len,
                                  e->alloc, why, size);
    free(bytes);
    if (img && cache_put(e, &e->images, key, img) < 0) {
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
    char key[NP_PATH_MAX + 64], why[256] = "";
    if (!image_key(path, key, sizeof key)) {
        np_report(d, from, pos, NP_MSG_IMAGE, shown, strerror(errno));
        return NULL;
    }
    pthread_mutex_lock(&e->lock);
    np_image *img = cache_get(e->images, key);
    if (!img && !(img = load_image(e, path, shown, key, why, sizeof why)))
        np_report(d, from, pos, NP_MSG_IMAGE, shown, why);
    pthread_mutex_unlock(&e->lock);
    return img;
}
