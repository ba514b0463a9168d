/*
 * pdf_objstm.h - a PDF file written object by object with object
 * streams and a cross-reference stream (PDF 1.5), which libharu 2.3.0
 * cannot write: the small objects of the file deflated together, each
 * object handed over once and nothing of the file kept whole.
 *
 * The caller decides which objects go in the clear (streams) and which
 * into object streams, and whether the file may have them at all
 * (PDF/A-1 may not); this only lays them out.
 */
#ifndef NP_PDF_OBJSTM_H
#define NP_PDF_OBJSTM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ground/arena.h"
#include "output/pack.h"

/* Objects in one object stream at most: a reader inflates a whole
 * stream to reach one of its objects. */
#define NP_OBJSTM_OBJECTS 100

typedef enum np_objstm_status {
    NP_OBJSTM_OK,
    NP_OBJSTM_NO_MEMORY,
    NP_OBJSTM_MALFORMED,        /* a call out of order, a number reused
                                   or out of range */
    NP_OBJSTM_WRITE_FAILED      /* `write` returned non-zero */
} np_objstm_status;

typedef struct np_objstm np_objstm;

/* A writer of a file whose objects are numbered 1 to size - 1 (object
 * 0 is the head of the free list); the object streams take the numbers
 * from `size` on, and the cross-reference stream the next. `write`
 * gets the file piece by piece (pieces of any size, in order; nothing
 * after a piece it refused), `d` deflates the object streams and the
 * cross-reference stream. Memory from `alloc` (NULL: malloc). NULL when
 * memory runs out. `size` 0: not known yet, given by np_objstm_size
 * before the first object gathered (objects in the clear may come
 * before it, any number). */
np_objstm *np_objstm_new(const np_allocator *alloc, np_deflater *d,
                         uint32_t size, np_write_fn write, void *ud);

/* The count not given to np_objstm_new: above every number given. */
void np_objstm_size(np_objstm *w, uint32_t size);

/* Whether object `num` has been given (in the clear or gathered). */
bool np_objstm_given(const np_objstm *w, uint32_t num);

/* The header: `version` the digit after "%PDF-1." (at least 5 is
 * written), then the binary comment line. First of all. */
void np_objstm_header(np_objstm *w, char version);

/* Object `num` in the clear: "num 0 obj", its value in pieces, then
 * "endobj". Streams go so, copied as they come. */
void np_objstm_open(np_objstm *w, uint32_t num);
void np_objstm_put(np_objstm *w, const void *bytes, size_t len);
void np_objstm_close(np_objstm *w);

/* Object `num`, `value` (no stream), kept for the object stream being
 * filled, which is written out when it holds NP_OBJSTM_OBJECTS. */
void np_objstm_gather(np_objstm *w, uint32_t num, const void *value,
                      size_t len);

/* The last object stream, then the cross-reference stream, whose
 * dictionary gets `trailer` ("/Root 1 0 R /Info 2 0 R ..."), and
 * startxref. The status of everything since np_objstm_new. */
np_objstm_status np_objstm_finish(np_objstm *w, const char *trailer,
                                  size_t len);

/* The status so far: once not NP_OBJSTM_OK, nothing more is written. */
np_objstm_status np_objstm_status_of(const np_objstm *w);

void np_objstm_free(np_objstm *w);

#endif
