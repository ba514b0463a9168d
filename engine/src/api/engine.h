/*
 * engine.h - the engine (np_engine of notepress.h) and its caches, for
 * the other files of api/: the compiled schema, and the layouts,
 * languages, faces, hyphenation patterns and images loaded on first use
 * and then shared read-only by every render, behind one mutex.
 *
 * Where the files are found is find.c's; what one render does with
 * what the caches give is run.c's.
 */
#ifndef NP_ENGINE_H
#define NP_ENGINE_H

#include <pthread.h>
#include <stddef.h>

#include "ground/arena.h"
#include "ground/diag.h"
#include "output/image.h"
#include "readers/layout.h"
#include "readers/xml_read.h"
#include "text/font.h"
#include "text/hyph.h"

typedef struct np_cached np_cached;

struct np_engine {
    np_allocator alloc_copy;
    const np_allocator *alloc;
    np_diag_fn diag;            /* the engine's callback, or NULL */
    void *diag_ud;
    char *data_dir;
    np_schema *schema;
    np_arena *arena;            /* layouts and languages live here */
    pthread_mutex_t lock;
    np_cached *layouts, *langs, *faces, *hyphs;
    np_cached *images;          /* np_image, by path */
    struct np_dep_file **recording; /* files read by the load under the lock */
};

/* ---- the sizes of the public structs ------------------------------ */

/* The end of `field` in `type`: how many bytes a caller must pass for
 * the library to read it. */
#define NP_END_OF(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/* The least size of each struct: its size in the first notepress.h
 * that had a size field (0.1.0), up to the end of its last field then.
 * A library accepts every size from this one to its own sizeof; a field
 * added later starts at or after the previous version's sizeof, so that
 * the tail padding of an older struct is never read as a field. */
#define NP_CONFIG_SIZE_FIRST NP_END_OF(np_engine_config, diag_ud)
#define NP_OPTIONS_SIZE_FIRST NP_END_OF(np_render_options, lang)
#define NP_LIMITS_SIZE_FIRST NP_END_OF(np_limits, pages)
#define NP_STATS_SIZE_FIRST NP_END_OF(np_stats, loose_lines_3)

/* Whether a caller's struct of `size` bytes is one of the versions this
 * library reads (first..own); when not, reports it for the public
 * function `fn` and the struct `type` ("np_limits"). */
bool np_size_ok(np_diags *d, const char *fn, const char *type, size_t size,
                size_t first, size_t own);

/* np_engine_new with the schema rng[0..len) instead of the built-in
 * one: for the tests of what the engine does when it does not compile. */
np_engine *np_engine_new_with_schema(const np_engine_config *config,
                                     const char *rng, size_t len);

/* Who hears of the files a cached thing was read from, to pass on as
 * np_render_options.dep: called outside the lock. */
typedef struct np_dep_sink {
    void (*fn)(void *ud, const char *path);     /* NULL: nobody */
    void *ud;
} np_dep_sink;

/* The layout `name` as it is for documents in language `lang` (its
 * <language> groups for that code applied), loaded again when the name
 * finds another file or a file it was read from changed; NULL with
 * *status 1 when there is no such layout, 2 when it is broken
 * (reported). `deps` hears of the files read, even when broken, so
 * that a watcher sees the edit that mends it. */
const np_layout *np_engine_layout(np_engine *e, np_diags *d, const char *name,
                                  const char *lang, const np_dep_sink *deps,
                                  int *status);

/* The language `code`, or NULL when it has no file (not reported) or
 * its file is broken (reported). */
const np_lang *np_engine_lang(np_engine *e, np_diags *d, const char *code,
                              const np_dep_sink *deps);

/* Whether language `code` has a file. */
bool np_engine_has_lang(np_engine *e, np_diags *d, const char *code);

/* The face `index` (0 but in a collection) in the font file `path`,
 * named by a layout at from:pos. */
const np_face *np_engine_face(np_engine *e, np_diags *d, const char *path,
                              unsigned index, const char *from, np_pos pos);

/* The patterns of `lang`, or NULL (a warning says why, when the
 * language has patterns that cannot be loaded). */
const np_hyph *np_engine_hyph(np_engine *e, np_diags *d, const np_lang *lang,
                              const np_dep_sink *deps);

/* The image in the file `path` (called `shown` in messages), decoded
 * once per engine and version of the file, named at from:pos. */
const np_image *np_engine_image(np_engine *e, np_diags *d, const char *path,
                                const char *shown, const char *from, np_pos pos);

#endif
