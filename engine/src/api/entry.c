/*
 * entry.c - the public entry points of notepress.h that render or check
 * a description: the caller's arguments checked, the description read
 * from memory or a file, the output sent to a callback, a buffer or a
 * file, and one render (run.c) in between.
 *
 * No layout or typesetting here, and no search for files (find.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "api/engine.h"
#include "api/run.h"
#include "ground/file_read.h"
#include "ground/limit.h"
#include "output/out_file.h"

void np_render_options_init(np_render_options *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->fixed_time = -1;
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
    return np_run(e, name, bytes, len, opts, false, write, write_ud, NULL);
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
    int rc = np_run(e, in_path, bytes, len, opts, true, NULL, NULL, &bytes);
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
    int rc = fr.clash ? 1 : np_run(e, in_path, bytes, len, &fr.opts, false,
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
    int rc = np_run(e, in_path, bytes, len, opts, false, write, write_ud,
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
    int rc = np_run(e, name, bytes, len, opts, false, write_membuf, &b, NULL);
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
