/*
 * pdf_font.h - an embedded subset TrueType font of one PDF document, as
 * the PDF back end (out_pdf*.c) uses it.
 *
 * Each font is a Type0 font over a CIDFontType2 whose program subset.c
 * builds from the face the engine already holds: no font file is read
 * while a document is made. Text is shown as the CIDs np_pdf_font_cid
 * gives, each written as the one to three bytes np_pdf_font_code makes
 * of it; np_pdf_font_finish, once every page is drawn, writes the
 * encoding of those codes, the descendant font, descriptor, widths,
 * CIDToGIDMap, ToUnicode map and font program.
 *
 * libharu comes through pdf_obj.h, as for the rest of the PDF back end
 * (out_pdf*.c). Every object made here
 * belongs to the libharu document, which frees it; the np_pdf_font
 * itself is freed by np_pdf_font_free.
 */
#ifndef NP_PDF_FONT_H
#define NP_PDF_FONT_H

#include <stdbool.h>
#include "output/pdf_obj.h"
#include "text/font.h"

typedef struct np_pdf_font np_pdf_font;

/* A font of document `pdf` showing `face` (which must outlive it). NULL
 * when out of memory. No PDF object exists until the font is first
 * placed on a page. */
np_pdf_font *np_pdf_font_new(HPDF_Doc pdf, const np_face *face,
                             const np_allocator *alloc);
void np_pdf_font_free(np_pdf_font *f);

/* The font's dictionary, made on first call, for a page's resources;
 * NULL on failure (libharu's error handler has been told). */
HPDF_Dict np_pdf_font_dict(np_pdf_font *f);

/* The CID that shows code point `cp` (a BMP character; see subset.h),
 * given on first use; 0 (.notdef) when out of memory, which
 * np_pdf_font_finish then reports. */
unsigned np_pdf_font_cid(np_pdf_font *f, uint32_t cp);

/* The CID that shows glyph `glyph` of the face standing for UTF-8
 * `text`, shaped `width` 1/1000 em wide (a shaped glyph; subset.h). */
unsigned np_pdf_font_cid_glyph(np_pdf_font *f, uint32_t glyph, const char *text,
                               size_t len, int width);

#define NP_PDF_CODE_MAX 3

/* The bytes a page's string holds to show CID `cid`, in code[0..n), n
 * returned: one byte for the first 235 CIDs of a TrueType face, two or
 * three after them (the font's /Encoding says which); two, as
 * Identity-H, for a CFF face. */
size_t np_pdf_font_code(const np_pdf_font *f, unsigned cid,
                        unsigned char code[NP_PDF_CODE_MAX]);

/* Whether the font shows CIDs below NP_PDF_ONE_BYTE as the one byte
 * np_pdf_one_byte_code gives (a TrueType face), none of them a byte a
 * literal string escapes: what np_pdf_font_code does, without a call
 * for each glyph. */
#define NP_PDF_ONE_BYTE 235u
extern const unsigned char np_pdf_one_byte_code[NP_PDF_ONE_BYTE];
bool np_pdf_font_short(const np_pdf_font *f);

/* The advance of CID `cid` in 1/1000 em, as the font's /W gives it. */
int np_pdf_font_advance(const np_pdf_font *f, unsigned cid);

/* The highest CID a TrueType face's font showed, once every page is
 * drawn; -1 for a font never placed on a page or a CFF face's, which
 * need no np_pdf_font_encoding. */
long np_pdf_font_last_cid(const np_pdf_font *f);

/* The CMap stream of the codes np_pdf_font_code writes for a TrueType
 * face, covering CIDs 0 to `last`: one object, the /Encoding of every
 * such font of the document. NULL on failure (libharu has the error). */
HPDF_Dict np_pdf_font_encoding(HPDF_Doc pdf, unsigned last);

/* Makes `file` (a FontFile2 or FontFile3) hold the font program
 * data[0..len), which is freed after the call: the PDF back end
 * deflates it straight into a stream of its own. 0, or -1 when it
 * failed (reported by it). */
typedef int (*np_pdf_program_fn)(void *ud, HPDF_Dict file,
                                 const unsigned char *data, size_t len);

/* Writes the font's objects, once every page is drawn; nothing when the
 * font was never placed on a page. A TrueType face's font takes
 * `encoding` (np_pdf_font_encoding, covering its last CID) as its
 * /Encoding; `program` gets the font program (NULL: it is written into
 * the stream for libharu to deflate). With `pdfa`, the descriptor also gets the CIDSet PDF/A-1
 * asks of subset fonts. Returns HPDF_OK or a libharu error code
 * (HPDF_FAILD_TO_ALLOC_MEM when out of memory). */
HPDF_STATUS np_pdf_font_finish(np_pdf_font *f, bool pdfa, HPDF_Dict encoding,
                               np_pdf_program_fn program, void *program_ud);

#endif
