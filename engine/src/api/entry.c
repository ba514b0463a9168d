/*
 * entry.c - the public entry points of notepress.h that render or check
 * a description, all made of one call (run_call): the caller's
 * arguments checked, the options taken whole whatever their version,
 * the description read from its source (bytes or a file), the output
 * sent to its sink (nowhere, a callback, a buffer or a file), and one
 * render (run.c) in between.
 *
 * No layout or typesetting here, and no search for files (find.c). The
 * engine itself is made in engine.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/engine.h"
#include "api/find.h"
#include "api/run.h"
#include "ground/buf.h"
#include "ground/file_read.h"
#include "ground/limit.h"
#include "output/out_file.h"

/* Where the description comes from: a file, or bytes in memory. */
typedef struct source {
    bool is_file;
    const char *path;           /* the file */
    const char *name;           /* the bytes' name in diagnostics, or NULL */
    const char *bytes;
    size_t len;
} source;

/* Where the output goes. */
typedef enum sink_kind {
    SINK_NONE,                  /* nowhere: a check */
    SINK_WRITE,                 /* the caller's write function */
    SINK_BUFFER,                /* one buffer handed to the caller */
    SINK_FILE                   /* a file, replaced only on success */
} sink_kind;

typedef struct sink {
    sink_kind kind;
    np_write_fn write;          /* SINK_WRITE */
    void *write_ud;
    void **out;                 /* SINK_BUFFER */
    size_t *out_len;
    const char *out_path;       /* SINK_FILE */
} sink;

/* One call of a public function, from its arguments to its status. */
typedef struct call {
    const char *fn;             /* the public function, for messages */
    np_engine *e;
    np_render_options opts;     /* the caller's, whole */
    np_limits limits;           /* the caller's, whole */
    np_stats stats;             /* filled by the render... */
    np_stats *caller_stats;     /* ... then copied here */
    size_t caller_stats_size;
    np_diags diags;             /* what is said outside the render */
    char *bytes;                /* a file's bytes, until the render frees them */
    size_t len;
    np_write_fn write;          /* where the render writes */
    void *write_ud;
    np_buf buf;                 /* SINK_BUFFER */
    np_out_file out;            /* SINK_FILE */
    char *clash;                /* a file the render reads that is the output */
    void (*caller_dep)(void *ud, const char *path);
    void *caller_dep_ud;
} call;

/* ---- the options ------------------------------------------------- */

void np_render_options_init(np_render_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->size = sizeof *o;
    o->fixed_time = -1;
}

void np_stats_init(np_stats *s)
{
    if (!s)
        return;
    memset(s, 0, sizeof *s);
    s->size = sizeof *s;
}

/* Where a refused call is reported: the options' callback, when the
 * options are large enough to hold one, else the engine's. */
static void reporter(np_diags *d, const np_engine *e, const np_render_options *o)
{
    if (o && o->size >= NP_END_OF(np_render_options, diag_ud) && o->diag)
        np_diags_init(d, o->diag, o->diag_ud);
    else
        np_diags_init(d, e ? e->diag : NULL, e ? e->diag_ud : NULL);
}

/* A call that breaks the contract of notepress.h (a NULL where a
 * pointer is required, no bytes for a non-zero length). */
static np_status bad_call(const np_engine *e, const np_render_options *opts,
                          const char *fn, const char *what)
{
    np_diags d;
    reporter(&d, e, opts);
    np_report(&d, NULL, (np_pos){ 0, 0 }, NP_MSG_BAD_CALL, fn, what);
    return NP_FAILED;
}

/* The caller's limits and stats, each copied into one of this library's
 * size when its own size is accepted. */
static np_status take_parts(call *c)
{
    const np_limits *l = c->opts.limits;
    np_stats *s = c->opts.stats;
    if (l && !np_size_ok(&c->diags, c->fn, "np_limits", l->size,
                         NP_LIMITS_SIZE_FIRST, sizeof c->limits))
        return NP_SIZE_MISMATCH;
    if (s && !np_size_ok(&c->diags, c->fn, "np_stats", s->size,
                         NP_STATS_SIZE_FIRST, sizeof c->stats))
        return NP_SIZE_MISMATCH;
    if (l) {
        np_limits_init(&c->limits);
        memcpy(&c->limits, l, l->size);
        c->limits.size = sizeof c->limits;
        c->opts.limits = &c->limits;
    }
    if (s) {
        np_stats_init(&c->stats);
        memcpy(&c->stats, s, s->size);
        c->caller_stats = s;
        c->caller_stats_size = s->size;
        c->opts.stats = &c->stats;
    }
    return NP_OK;
}

/* The caller's options (NULL: the defaults), whole, with the engine's
 * diagnostics callback when they have none. */
static np_status take_options(call *c, const np_render_options *given)
{
    np_render_options_init(&c->opts);
    reporter(&c->diags, c->e, given);
    if (given) {
        if (!np_size_ok(&c->diags, c->fn, "np_render_options", given->size,
                        NP_OPTIONS_SIZE_FIRST, sizeof c->opts))
            return NP_SIZE_MISMATCH;
        memcpy(&c->opts, given, given->size);
        c->opts.size = sizeof c->opts;
    }
    if (!c->opts.diag) {
        c->opts.diag = c->e->diag;
        c->opts.diag_ud = c->e->diag_ud;
    }
    np_diags_init(&c->diags, c->opts.diag, c->opts.diag_ud);
    return take_parts(c);
}

/* The render's figures into the caller's np_stats, up to its size; its
 * size field stays its own. */
static void give_stats(call *c)
{
    size_t from = offsetof(np_stats, pages);
    if (c->caller_stats && c->caller_stats_size > from)
        memcpy((char *)c->caller_stats + from, (char *)&c->stats + from,
               c->caller_stats_size - from);
}

/* ---- the source ---------------------------------------------------- */

static const char *bad_source(const source *s)
{
    if (s->is_file && !s->path)
        return "in_path is NULL";
    if (!s->is_file && !s->bytes && s->len)
        return "the bytes are NULL, their length is not 0";
    return NULL;
}

/* A file's bytes, read under the input limit. */
static np_status read_source(call *c, const source *s)
{
    if (!s->is_file)
        return NP_OK;
    size_t limit = np_limits_resolve(c->opts.limits).input_bytes;
    int err = np_file_read(s->path, limit, &c->bytes, &c->len);
    if (!err)
        return NP_OK;
    char why[128];
    if (err == EFBIG)
        np_report(&c->diags, s->path, (np_pos){ 0, 0 }, NP_MSG_TOO_BIG, limit);
    else
        np_report(&c->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_READ, s->path,
                  np_file_error(err, why, sizeof why));
    return NP_REFUSED;
}

/* ---- the sinks ----------------------------------------------------- */

typedef struct sink_ops {
    const char *(*bad)(const sink *s);  /* why its arguments are refused */
    np_status (*open)(call *c, const sink *s);
    np_status (*close)(call *c, const sink *s, np_status rc);
} sink_ops;

static const char *no_bad(const sink *s)
{
    (void)s;
    return NULL;
}

static np_status no_open(call *c, const sink *s)
{
    (void)c;
    (void)s;
    return NP_OK;
}

static np_status no_close(call *c, const sink *s, np_status rc)
{
    (void)c;
    (void)s;
    return rc;
}

static const char *bad_write(const sink *s)
{
    return s->write ? NULL : "write is NULL";
}

static np_status open_write(call *c, const sink *s)
{
    c->write = s->write;
    c->write_ud = s->write_ud;
    return NP_OK;
}

static const char *bad_buffer(const sink *s)
{
    return !s->out ? "out is NULL" : !s->out_len ? "out_len is NULL" : NULL;
}

/* An np_write_fn: the bytes appended to the call's buffer, in the
 * engine's allocator. */
static int write_buffer(void *ud, const void *bytes, size_t len)
{
    return np_buf_append(ud, bytes, len) ? 0 : -1;
}

static np_status open_buffer(call *c, const sink *s)
{
    (void)s;
    np_buf_init(&c->buf, c->e->alloc);
    c->write = write_buffer;
    c->write_ud = &c->buf;
    return NP_OK;
}

/* The buffer goes to the caller on success only. */
static np_status close_buffer(call *c, const sink *s, np_status rc)
{
    if (rc == NP_OK)
        *s->out = np_buf_take(&c->buf, s->out_len);
    np_buf_free(&c->buf);
    return rc;
}

static const char *bad_file(const sink *s)
{
    return s->out_path ? NULL : "out_path is NULL";
}

/* The render's `dep`, for a render to a file: a file the render reads
 * (the description, a layout, a font...) that is also the output is
 * caught before the output replaces it; the caller's `dep` follows. */
static void check_dep(void *ud, const char *path)
{
    call *c = ud;
    struct stat st;
    if (!c->clash && c->out.exists && stat(path, &st) == 0
        && np_out_file_is(&c->out, st.st_dev, st.st_ino))
        c->clash = strdup(path);
    if (c->caller_dep)
        c->caller_dep(c->caller_dep_ud, path);
}

static np_status open_file(call *c, const sink *s)
{
    char why[128];
    int err = np_out_file_open(&c->out, s->out_path, c->opts.cancel,
                               c->opts.cancel_ud);
    if (err) {
        np_report(&c->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_WRITE, s->out_path,
                  np_file_error(err, why, sizeof why));
        return NP_REFUSED;
    }
    c->caller_dep = c->opts.dep;
    c->caller_dep_ud = c->opts.dep_ud;
    c->opts.dep = check_dep;
    c->opts.dep_ud = c;
    c->write = np_out_file_write;
    c->write_ud = &c->out;
    return NP_OK;
}

/* Ends the output: kept when the render succeeded. */
static np_status close_file(call *c, const sink *s, np_status rc)
{
    char why[128];
    if (rc == NP_OK && c->clash)
        rc = NP_REFUSED;
    if (c->clash)
        np_report(&c->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_OUTPUT_IS_INPUT,
                  s->out_path, c->clash);
    free(c->clash);
    int err = np_out_file_close(&c->out, rc == NP_OK);
    if (rc == NP_OK && err == ECANCELED)
        return NP_CANCELLED;
    if (rc == NP_OK && err) {
        np_report(&c->diags, NULL, (np_pos){ 0, 0 }, NP_MSG_IO_WRITE, s->out_path,
                  np_file_error(err, why, sizeof why));
        return NP_FAILED;
    }
    return rc;
}

static const sink_ops sinks[] = {
    [SINK_NONE] = { no_bad, no_open, no_close },
    [SINK_WRITE] = { bad_write, open_write, no_close },
    [SINK_BUFFER] = { bad_buffer, open_buffer, close_buffer },
    [SINK_FILE] = { bad_file, open_file, close_file },
};

/* ---- the one call -------------------------------------------------- */

/* The render between an open source and an open sink. A file read is
 * the first dependency; one that is the output stops the render. */
static np_status render(call *c, const source *src, const sink *snk)
{
    if (src->is_file && c->opts.dep)
        c->opts.dep(c->opts.dep_ud, src->path);
    if (c->clash)
        return NP_REFUSED;
    np_status rc = np_run(c->e, src->is_file ? src->path : src->name,
                          src->is_file ? c->bytes : src->bytes,
                          src->is_file ? c->len : src->len, &c->opts,
                          snk->kind == SINK_NONE, c->write, c->write_ud,
                          src->is_file ? &c->bytes : NULL);
    give_stats(c);
    return rc;
}

/* Every render and check of notepress.h: `fn` is the public function,
 * for messages. */
static np_status run_call(const char *fn, np_engine *e, const source *src,
                          const sink *snk, const np_render_options *opts)
{
    const sink_ops *ops = &sinks[snk->kind];
    const char *why = !e ? "the engine is NULL" : bad_source(src);
    if (!why)
        why = ops->bad(snk);
    if (why)
        return bad_call(e, opts, fn, why);
    call c = { .fn = fn, .e = e };
    np_status rc = take_options(&c, opts);
    if (rc == NP_OK)
        rc = read_source(&c, src);
    if (rc == NP_OK && (rc = ops->open(&c, snk)) == NP_OK)
        rc = ops->close(&c, snk, render(&c, src, snk));
    free(c.bytes);
    return rc;
}

/* ---- the public functions ---------------------------------------- */

np_status np_render_memory(np_engine *e, const char *name, const char *bytes,
                           size_t len, const np_render_options *opts,
                           np_write_fn write, void *write_ud)
{
    source src = { .name = name, .bytes = bytes, .len = len };
    sink out = { .kind = SINK_WRITE, .write = write, .write_ud = write_ud };
    return run_call(__func__, e, &src, &out, opts);
}

np_status np_render_to_buffer(np_engine *e, const char *name, const char *bytes,
                              size_t len, const np_render_options *opts,
                              void **out, size_t *out_len)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    source src = { .name = name, .bytes = bytes, .len = len };
    sink to = { .kind = SINK_BUFFER, .out = out, .out_len = out_len };
    return run_call(__func__, e, &src, &to, opts);
}

np_status np_render_file(np_engine *e, const char *in_path,
                         const char *out_path, const np_render_options *opts)
{
    source src = { .is_file = true, .path = in_path };
    sink out = { .kind = SINK_FILE, .out_path = out_path };
    return run_call(__func__, e, &src, &out, opts);
}

np_status np_render_file_write(np_engine *e, const char *in_path,
                               const np_render_options *opts,
                               np_write_fn write, void *write_ud)
{
    source src = { .is_file = true, .path = in_path };
    sink out = { .kind = SINK_WRITE, .write = write, .write_ud = write_ud };
    return run_call(__func__, e, &src, &out, opts);
}

np_status np_check_file(np_engine *e, const char *in_path,
                        const np_render_options *opts)
{
    source src = { .is_file = true, .path = in_path };
    sink none = { .kind = SINK_NONE };
    return run_call(__func__, e, &src, &none, opts);
}

np_status np_check_memory(np_engine *e, const char *name, const char *bytes,
                          size_t len, const np_render_options *opts)
{
    source src = { .name = name, .bytes = bytes, .len = len };
    sink none = { .kind = SINK_NONE };
    return run_call(__func__, e, &src, &none, opts);
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

int np_version_number(void)
{
    return NP_VERSION_NUMBER;
}

int np_write_document_schema(np_write_fn write, void *write_ud)
{
    const np_embedded *rng = np_find_embedded("engine/schema/document.rng");
    if (!write || !rng)
        return -1;
    return write(write_ud, rng->bytes, rng->len);
}
