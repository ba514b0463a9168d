/*
 * pdf_write.h - PDF objects written straight into a libharu stream, as
 * libharu itself would write them, for objects whose entries are kept
 * in the engine's own compact data rather than as libharu objects (the
 * structure tree, the nodes of number and name trees).
 *
 * A dictionary made with np_pdf_new_object or np_pdf_add_dict writes
 * its own items, then calls its write_fn, inside its << >>: the hook
 * writes the rest with these calls. Each spells a value, an array or an
 * entry byte for byte as libharu 2.3.0 does (hpdf_dict.c, hpdf_array.c,
 * hpdf_objects.c, hpdf_streams.c): an entry is "/Key value\n", an array
 * "[ a b ]", a reference "N G R", names and strings escaped as libharu
 * escapes them; so a file reads the same whichever way an object was
 * made. No encryption: the engine writes no encrypted file, and the hook
 * is not given libharu's encryption state.
 *
 * The writer gathers what it is given and hands it to the stream in
 * pieces of NP_PDF_WRITER_BUF bytes: libharu's callback stream passes
 * every write on at once, which token by token cost more than making
 * the tokens. It keeps the first failure and writes nothing after it;
 * np_pdf_writer_done returns it for the hook to give libharu, which
 * stops the save with it.
 */
#ifndef NP_PDF_WRITE_H
#define NP_PDF_WRITE_H

#include <stddef.h>
#include "output/pdf_obj.h"

#define NP_PDF_WRITER_BUF 1024

typedef struct np_pdf_writer {
    HPDF_Stream stream;
    HPDF_STATUS status;         /* the first failure, HPDF_OK until then */
    size_t len;
    char buf[NP_PDF_WRITER_BUF];
} np_pdf_writer;

/* A writer into `stream`, and its end: what it holds written, the
 * first failure returned. */
void np_pdf_writer_init(np_pdf_writer *w, HPDF_Stream stream);
HPDF_STATUS np_pdf_writer_done(np_pdf_writer *w);

/* A failure of the caller's, kept as the writer's own. */
void np_pdf_writer_fail(np_pdf_writer *w, HPDF_STATUS status);

/* Bytes as they are. */
void np_pdf_write_raw(np_pdf_writer *w, const char *s);

/* Values: a name (/S, escaped as libharu does), an integer, a reference
 * to the indirect object `obj`, a string of bytes with no NUL written
 * as a literal (escaped as libharu does), any bytes in hex. */
void np_pdf_write_name(np_pdf_writer *w, const char *name);
void np_pdf_write_int(np_pdf_writer *w, long n);
void np_pdf_write_ref(np_pdf_writer *w, const void *obj);
void np_pdf_write_string(np_pdf_writer *w, const char *s);
void np_pdf_write_hex(np_pdf_writer *w, const void *bytes, size_t len);

/* An entry: "/key " before its value, np_pdf_write_end after it. */
void np_pdf_write_key(np_pdf_writer *w, const char *key);
void np_pdf_write_end(np_pdf_writer *w);

/* Arrays: np_pdf_write_open, each item followed by np_pdf_write_next,
 * np_pdf_write_close. A direct dictionary: "<<\n", entries, ">>". */
void np_pdf_write_open(np_pdf_writer *w);
void np_pdf_write_next(np_pdf_writer *w);
void np_pdf_write_close(np_pdf_writer *w);

/* Whole entries of a name, an integer, a reference. */
void np_pdf_write_name_entry(np_pdf_writer *w, const char *key,
                             const char *name);
void np_pdf_write_int_entry(np_pdf_writer *w, const char *key, long n);
void np_pdf_write_ref_entry(np_pdf_writer *w, const char *key,
                            const void *obj);

#endif
