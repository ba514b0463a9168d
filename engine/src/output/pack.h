/*
 * pack.h - deflating a document's page contents beside the layout.
 *
 * Deflating the page content streams is about 40% of the work of a long
 * document. The PDF back end hands each finished page's bytes to a
 * packer, which deflates them while the next pages are laid out: in a
 * worker thread once a document has more than a few pages (a two-page
 * note never starts one), in the caller's thread before that. The bytes
 * are the same either way (libdeflate at level 6: it keeps no state from
 * one stream to the next), so the output does not depend on timing.
 *
 * A packer belongs to one document and is used from one thread; its
 * worker touches only the buffers handed to it.
 */
#ifndef NP_PACK_H
#define NP_PACK_H

#include <stdbool.h>
#include <stddef.h>
#include "notepress.h"

typedef struct np_packer np_packer;

/* Room np_pack needs for `len` bytes. */
size_t np_pack_bound(size_t len);

/* Deflates raw[0..len) into `out` (np_pack_bound(len) bytes) as one zlib
 * stream (what /FlateDecode reads), libdeflate at level 6; *out_len is
 * its size. False when out of memory. Safe in any thread; libdeflate's
 * compressor comes from malloc. */
bool np_pack(const unsigned char *raw, size_t len, unsigned char *out,
             size_t *out_len);

/* A compressor kept for many streams. Its state is some hundreds of KB
 * that a fresh one allocates and clears for every stream: for a note's
 * dozen font and page streams that was a fifth of its page faults.
 * Reused, it gives the same bytes as np_pack. Used by one thread at a
 * time. */
typedef struct np_deflater np_deflater;

/* NULL when out of memory; the struct from `alloc` (NULL: malloc),
 * libdeflate's compressor, made on first use, from malloc. */
np_deflater *np_deflater_new(const np_allocator *alloc);
void np_deflater_free(np_deflater *d);

/* np_pack with `d`'s state. */
bool np_deflater_pack(np_deflater *d, const unsigned char *raw, size_t len,
                      unsigned char *out, size_t *out_len);

/* The same for binary data that deflates little whatever the effort (a
 * font program): libdeflate's fastest level, with a compressor of its
 * own in `d`. */
bool np_deflater_pack_binary(np_deflater *d, const unsigned char *raw,
                             size_t len, unsigned char *out, size_t *out_len);

/* Receives piece `index` deflated, in order, always in the caller's
 * thread (within np_packer_submit or np_packer_finish); the bytes are
 * the packer's and gone after the call. Returns 0, or -1 to make the
 * packer fail. */
typedef int (*np_packer_deliver)(void *ud, size_t index,
                                 const unsigned char *data, size_t len);

/* NULL when out of memory. Memory from `alloc` (NULL: malloc). Pieces
 * deflated in the caller's thread use `caller` (the caller's, which
 * must outlive the packer); the worker makes its own. */
np_packer *np_packer_new(const np_allocator *alloc, np_deflater *caller,
                         np_packer_deliver deliver, void *ud);

/* Hands over `raw` (from the packer's allocator; the packer frees it)
 * as the next piece, numbered from 0, and delivers the pieces deflated
 * since the last call. When several pieces are still waiting, deflates
 * some itself (with the caller's deflater) or waits for the worker, so
 * that raw pages never pile up and both cores deflate. Returns 0, or -1 when out
 * of memory or a delivery failed (raw is freed all the same). */
int np_packer_submit(np_packer *p, unsigned char *raw, size_t len);

/* Waits until every piece is deflated and delivered. 0, or -1 if one
 * could not be deflated (out of memory) or delivered. */
int np_packer_finish(np_packer *p);

/* Stops the worker (waiting for the piece it holds) and frees all. */
void np_packer_free(np_packer *p);

#endif
