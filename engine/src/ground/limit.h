/*
 * limit.h - the limits on one description (np_limits of notepress.h),
 * resolved once per render so that every stage reads the same figures.
 */
#ifndef NP_LIMIT_H
#define NP_LIMIT_H

#include "notepress.h"

/* The most `depth` may be raised to. The parse, the copies into our
 * trees and the walks over them are iterative, and libxml2's schema
 * validation, which recurses, runs on a thread with a stack sized for
 * the depth (xml_schema.c); what still grows the caller's stack with the
 * depth is the layout of blocks nested in blocks (blocks.c, table.c),
 * measured by tests/unit/test_deep.c at this depth. */
#define NP_MAX_DEPTH 5000u

/* The most `pages` may be raised to: libharu lists a document's pages
 * in one array, which holds at most 32 767 entries; past it the PDF
 * could not be written. */
#define NP_MAX_PAGES 32767u

/* The longest string the PDF back end writes, in bytes: libharu's
 * (HPDF_LIMIT_MAX_STRING_LEN). Links, metadata and bookmark titles
 * longer than this are refused before layout (doc_check.c), as is
 * text that would not fit in one once written as UTF-16. */
#define NP_MAX_PDF_STRING 65535u

/* A figure's PNG file, and its decoded samples (width x height x
 * colour components, plus one for transparency): a chart of a report
 * is a few hundred kilobytes, 2000 x 1500 pixels at most. Above these
 * a description could make each render read and decode without bound. */
#define NP_MAX_FIGURE_FILE (16ull * 1024 * 1024)
#define NP_MAX_FIGURE_SAMPLES (48ull * 1024 * 1024)

/* `given` with each 0 field replaced by its default, depth capped at
 * NP_MAX_DEPTH and pages at NP_MAX_PAGES; `given` may be NULL (every
 * default). `given` is whole: the entry points copy a caller's struct of
 * an older size into one of this size first (api/entry.c). */
np_limits np_limits_resolve(const np_limits *given);

#endif
