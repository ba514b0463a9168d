/*
 * pdf_objstm.h - a finished PDF file written again with object streams
 * and a cross-reference stream (PDF 1.5), which libharu 2.3.0 cannot
 * write: the small objects of the file deflated together.
 *
 * The caller decides whether the file may have them (PDF/A-1 may not);
 * this only reads the file it is given and writes its new form.
 */
#ifndef NP_PDF_OBJSTM_H
#define NP_PDF_OBJSTM_H

#include <stddef.h>

#include "ground/arena.h"
#include "output/pack.h"

/* Objects in one object stream at most: a reader inflates a whole
 * stream to reach one of its objects. */
#define NP_OBJSTM_OBJECTS 100

typedef enum np_objstm_status {
    NP_OBJSTM_OK,
    NP_OBJSTM_NO_MEMORY,
    NP_OBJSTM_MALFORMED,        /* not a file of the form libharu writes */
    NP_OBJSTM_WRITE_FAILED      /* `write` returned non-zero */
} np_objstm_status;

/* Reads pdf[0..len), a file with one classic cross-reference table as
 * libharu writes it, and hands its new form to `write` piece by piece
 * (pieces of any size, in order; nothing is written after a piece is
 * refused). Every object but a stream (and one of a generation other
 * than 0) goes into object streams of NP_OBJSTM_OBJECTS at most,
 * deflated with `d`; streams are copied byte for byte; the header says
 * at least PDF 1.5. A file it cannot read whole is refused before
 * anything is written. Memory from `alloc` (NULL: malloc), all freed on
 * return; `pdf` is only read. */
np_objstm_status np_objstm_write(const np_allocator *alloc, np_deflater *d,
                                 const unsigned char *pdf, size_t len,
                                 np_write_fn write, void *ud);

#endif
