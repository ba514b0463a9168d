/*
 * pack.c - deflates page contents in submission order, beside the
 * layout once a document is long enough to gain from it.
 *
 * Every buffer is allocated and freed in the caller's thread, through
 * the caller's allocator, which need not be thread-safe: the worker only
 * runs libdeflate over buffers it is given (libdeflate's compressor
 * comes from malloc, as it always does). Pieces live in one array the worker
 * reads only under the lock, by index, so growing it is safe.
 */
#include <pthread.h>
#include <stdbool.h>
#include <string.h>
#include <libdeflate.h>

#include "ground/arena.h"
#include "ground/buf.h"
#include "output/pack.h"

/* Pieces deflated in the caller's thread before a worker starts: a
 * note of a page or two is done before a thread would pay off. */
#define INLINE_PIECES 2
/* Raw pieces waiting at most: bounds the memory of pages not yet
 * deflated when layout runs ahead of the worker. */
#define MAX_WAITING 4

typedef struct piece {
    unsigned char *raw;
    size_t raw_len;
    unsigned char *out;         /* np_pack_bound(raw_len) bytes */
    size_t out_len;
    bool done, failed;
} piece;

/* libdeflate's level 6, zlib's default: about 44 % fewer instructions
 * than zlib for 0.8 % more bytes on page contents. */
#define LEVEL 6
/* Font programs: glyph outlines, binary, which level 6 deflates 3.6 %
 * smaller than level 1 at twice the work (a note's two subsets: 2.9
 * against 1.6 million instructions). */
#define BINARY_LEVEL 1

struct np_deflater {
    const np_allocator *alloc;
    struct libdeflate_compressor *c;    /* made on first use */
    struct libdeflate_compressor *binary;   /* BINARY_LEVEL, the same */
};

struct np_packer {
    const np_allocator *alloc;
    np_deflater *caller;        /* the caller's thread's */
    np_deflater *own;           /* the worker's */
    np_packer_deliver deliver;
    void *ud;
    bool failed;                /* a piece failed to deflate or deliver */
    piece *pieces;
    size_t count, cap;
    size_t taken;               /* pieces given to a deflater, all before */
    size_t delivered;           /* pieces delivered and freed, all before */
    bool threaded, stop;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t more, finished;
};

np_packer *np_packer_new(const np_allocator *alloc, np_deflater *caller,
                         np_packer_deliver deliver, void *ud)
{
    np_packer *p = np_mem_alloc(alloc, sizeof *p);
    if (!p)
        return NULL;
    *p = (np_packer){ .alloc = alloc, .caller = caller, .deliver = deliver,
                      .ud = ud };
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->more, NULL);
    pthread_cond_init(&p->finished, NULL);
    return p;
}

size_t np_pack_bound(size_t len)
{
    return libdeflate_zlib_compress_bound(NULL, len);
}

/* A compressor, once made, keeps nothing from one stream to the next:
 * the same bytes come out of a fresh one as of a reused one. */
static bool pack_with(struct libdeflate_compressor *c,
                      const unsigned char *raw, size_t len,
                      unsigned char *out, size_t *out_len)
{
    *out_len = libdeflate_zlib_compress(c, raw, len, out, np_pack_bound(len));
    return *out_len > 0;
}

bool np_pack(const unsigned char *raw, size_t len, unsigned char *out,
             size_t *out_len)
{
    struct libdeflate_compressor *c = libdeflate_alloc_compressor(LEVEL);
    bool ok = c && pack_with(c, raw, len, out, out_len);
    libdeflate_free_compressor(c);
    return ok;
}

np_deflater *np_deflater_new(const np_allocator *alloc)
{
    np_deflater *d = np_mem_alloc(alloc, sizeof *d);
    if (d) {
        memset(d, 0, sizeof *d);
        d->alloc = alloc;
    }
    return d;
}

void np_deflater_free(np_deflater *d)
{
    if (!d)
        return;
    libdeflate_free_compressor(d->c);
    libdeflate_free_compressor(d->binary);
    np_mem_free(d->alloc, d);
}

bool np_deflater_pack(np_deflater *d, const unsigned char *raw, size_t len,
                      unsigned char *out, size_t *out_len)
{
    if (!d->c && !(d->c = libdeflate_alloc_compressor(LEVEL)))
        return false;
    return pack_with(d->c, raw, len, out, out_len);
}

bool np_deflater_pack_binary(np_deflater *d, const unsigned char *raw,
                             size_t len, unsigned char *out, size_t *out_len)
{
    if (!d->binary && !(d->binary = libdeflate_alloc_compressor(BINARY_LEVEL)))
        return false;
    return pack_with(d->binary, raw, len, out, out_len);
}

/* Deflates piece `i`, which the calling thread took under the lock, and
 * returns holding the lock again. */
static void deflate_taken(np_packer *p, np_deflater *d, size_t i)
{
    piece job = p->pieces[i];
    pthread_mutex_unlock(&p->lock);
    bool ok = np_deflater_pack(d, job.raw, job.raw_len, job.out, &job.out_len);
    pthread_mutex_lock(&p->lock);
    p->pieces[i].out_len = job.out_len;
    p->pieces[i].failed = !ok;
    p->pieces[i].done = true;
    pthread_cond_signal(&p->finished);
}

static void *worker(void *arg)
{
    np_packer *p = arg;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        if (p->taken < p->count)
            deflate_taken(p, p->own, p->taken++);
        else if (p->stop)
            break;
        else
            pthread_cond_wait(&p->more, &p->lock);
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

/* Delivers, in order, the pieces deflated so far, then frees them.
 * Called by the caller's thread, the only one that frees. */
static void deliver_ready(np_packer *p)
{
    for (;;) {
        pthread_mutex_lock(&p->lock);
        bool ready = p->delivered < p->count && p->pieces[p->delivered].done;
        pthread_mutex_unlock(&p->lock);
        if (!ready)
            return;
        piece *pc = &p->pieces[p->delivered];
        if (pc->failed || (!p->failed && p->deliver(p->ud, p->delivered,
                                                    pc->out, pc->out_len) < 0))
            p->failed = true;
        np_mem_free(p->alloc, pc->raw);
        np_mem_free(p->alloc, pc->out);
        pc->raw = pc->out = NULL;
        p->delivered++;
    }
}

static bool grow(np_packer *p)
{
    if (p->count < p->cap)
        return true;
    pthread_mutex_lock(&p->lock);
    piece *grown = np_grow(p->alloc, p->pieces, &p->cap, p->count + 1,
                           sizeof *grown);
    if (grown)
        p->pieces = grown;
    pthread_mutex_unlock(&p->lock);
    return grown != NULL;
}

/* The caller's thread deflates what no one has taken yet. */
static void deflate_waiting(np_packer *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->taken < p->count)
        deflate_taken(p, p->caller, p->taken++);
    pthread_mutex_unlock(&p->lock);
}

/* At most `most` pieces held undelivered: the caller deflates waiting
 * pieces, or waits for the one the worker holds, which those deflated
 * after it wait for (a worker kept off the core by the load would
 * otherwise let them pile up, raw and deflated). */
static void hold_at_most(np_packer *p, size_t most)
{
    for (;;) {
        deliver_ready(p);
        pthread_mutex_lock(&p->lock);
        bool over = p->count - p->delivered > most;
        if (over && p->taken < p->count)
            deflate_taken(p, p->caller, p->taken++);
        else if (over && !p->pieces[p->delivered].done)
            pthread_cond_wait(&p->finished, &p->lock);
        pthread_mutex_unlock(&p->lock);
        if (!over)
            return;
    }
}

int np_packer_submit(np_packer *p, unsigned char *raw, size_t len)
{
    unsigned char *out = np_mem_alloc(p->alloc, np_pack_bound(len));
    if (p->failed || !out || !grow(p)) {
        np_mem_free(p->alloc, out);
        np_mem_free(p->alloc, raw);
        return -1;
    }
    pthread_mutex_lock(&p->lock);
    p->pieces[p->count++] = (piece){ .raw = raw, .raw_len = len, .out = out };
    pthread_mutex_unlock(&p->lock);
    if (!p->threaded && p->count > INLINE_PIECES &&
        (p->own || (p->own = np_deflater_new(p->alloc))))
        p->threaded = pthread_create(&p->thread, NULL, worker, p) == 0;
    if (!p->threaded) {
        deflate_waiting(p);
    } else {
        /* Layout ahead of the worker: rather than wait for it, the
         * caller deflates a waiting piece too, so that both cores
         * deflate while pieces pile up, and at most MAX_WAITING wait. */
        pthread_mutex_lock(&p->lock);
        pthread_cond_signal(&p->more);
        pthread_mutex_unlock(&p->lock);
        hold_at_most(p, MAX_WAITING);
    }
    deliver_ready(p);
    return p->failed ? -1 : 0;
}

static void stop_worker(np_packer *p)
{
    if (!p->threaded)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = true;
    pthread_cond_signal(&p->more);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    p->threaded = false;
}

/* The last pieces are deflated by both threads at once. */
int np_packer_finish(np_packer *p)
{
    deflate_waiting(p);
    stop_worker(p);
    deliver_ready(p);
    return p->failed ? -1 : 0;
}

void np_packer_free(np_packer *p)
{
    if (!p)
        return;
    stop_worker(p);
    for (size_t i = p->delivered; i < p->count; i++) {
        np_mem_free(p->alloc, p->pieces[i].raw);
        np_mem_free(p->alloc, p->pieces[i].out);
    }
    np_mem_free(p->alloc, p->pieces);
    np_deflater_free(p->own);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->more);
    pthread_cond_destroy(&p->finished);
    np_mem_free(p->alloc, p);
}
