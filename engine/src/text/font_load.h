/*
 * font_load.h - what the files of the TrueType reader share: the face,
 * the state of one load, and the steps one file asks of another.
 *
 *   font.c       the face: loading it step by step, the metrics tables
 *                (head, maxp, hhea, hmtx, OS/2), and every query
 *   font_file.c  the file: opened, mapped (or read), its signature and
 *                its table directory checked
 *   font_cmap.c  the cmap: formats 4 and 12 into the BMP pages and the
 *                groups above the BMP
 *
 * Not for the rest of the engine, which sees font.h only.
 */
#ifndef NP_FONT_LOAD_H
#define NP_FONT_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/font.h"

/* TrueType offsets are 32-bit, and the largest pan-Unicode .ttf files
 * are near 30 MB: a bigger file is more likely a mistake than a face. */
#define MAX_FILE_SIZE ((size_t)128 << 20)
#define MAX_FILE_MB 128

#define BMP_SIZE 0x10000u
#define PAGE_SIZE 256u          /* code points per page of the BMP map */
#define BMP_PAGES (BMP_SIZE / PAGE_SIZE)
#define LAST_CODE_POINT 0x10FFFFu

/* A valid format 12 subtable has disjoint, non-empty groups, so no more
 * than there are code points; the limit bounds memory on hostile files. */
#define MAX_GROUPS (LAST_CODE_POINT + 1)

typedef struct np_font_span {
    const uint8_t *p;
    size_t len;
} np_font_span;

typedef struct np_font_bmp_page {
    uint16_t glyph[PAGE_SIZE];          /* 0: no glyph */
    uint16_t advance[PAGE_SIZE];        /* 1/1000 em */
} np_font_bmp_page;

/* The tables read here, then those only the subsetter copies; the first
 * T_REQUIRED must be present. */
enum {
    T_HEAD, T_HHEA, T_MAXP, T_HMTX, T_CMAP, T_GLYF, T_LOCA, T_REQUIRED,
    T_OS2 = T_REQUIRED, T_POST, T_NAME, T_CVT, T_FPGM, T_PREP, T_CFF, T_COUNT
};

/* Their tags, as the table directory spells them. */
extern const char *const np_font_table_tags[T_COUNT];

/* One format 12 group: code points first..last map to glyph,
 * glyph+1... */
typedef struct np_font_group {
    uint32_t first;
    uint32_t last;
    uint32_t glyph;
} np_font_group;

struct np_face {
    np_allocator alloc;         /* a copy: the caller's need not outlive us */
    bool has_alloc;
    unsigned index;             /* in its collection; 0 for a single face */
    int ascent;
    int descent;
    int cap_height;
    uint16_t notdef_advance;
    uint32_t num_glyphs;
    const uint8_t *file;        /* the whole file, for the subsetter */
    size_t file_size;
    bool mapped;                /* `file` is a mapping, not a heap block */
    np_font_span tables[T_COUNT];   /* inside `file`; len 0 when absent */
    uint16_t *glyph_advance;    /* per glyph id; only with groups */
    np_font_group *groups;      /* sorted, disjoint, all above the BMP */
    size_t num_groups;
    /* The BMP in pages of 256 code points; a page where the face has no
     * glyph is `unmapped`, shared, so that a face costs memory only for
     * the scripts it covers (a page is 1 KB; all 256 would be a
     * quarter of a megabyte per face, written at every load). */
    np_font_bmp_page *pages[BMP_PAGES];
    np_font_bmp_page unmapped;
    bool oom;                   /* a page could not be allocated */
};

/* State of one load; nothing in it outlives np_face_load. */
typedef struct np_font_loader {
    const np_allocator *alloc;
    char *err;
    size_t errlen;
    unsigned index;             /* the face of a collection */
    size_t dir;                 /* where its table directory starts */
    const uint8_t *buf;         /* the file: mapped, or read into `copy` */
    uint8_t *copy;
    bool mapped;
    size_t size;
    np_font_span tables[T_COUNT];
    unsigned units_per_em;
    uint32_t num_glyphs;
    uint32_t num_hmetrics;
    int hhea_ascender;
    int hhea_descender;
    int typo_ascender;
    int typo_descender;
    int os2_cap_height;
    uint16_t *advance;          /* per glyph id, 1/1000 em */
} np_font_loader;

/* font.c */

/* Writes the reason a load fails, printf-style, into the loader's
 * buffer; returns false, so that a step can `return np_font_fail(...)`. */
bool np_font_fail(np_font_loader *ld, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* font_file.c */

/* Opens the file at `path` and maps it (or reads it) into ld->buf. */
bool np_font_open_file(np_font_loader *ld, const char *path);

/* Gives back a file np_font_open_file opened. */
void np_font_release_file(const np_allocator *alloc, const uint8_t *file,
                          size_t size, bool mapped);

/* Checks that the file is a TrueType or OpenType font we read (or a
 * collection holding face ld->index), and finds its tables (the required
 * ones must be there, each inside the file; glyf and loca may give way to
 * CFF). */
bool np_font_check_signature(np_font_loader *ld);
bool np_font_read_directory(np_font_loader *ld);

/* font_cmap.c */

/* Fills the face's BMP pages and groups from the best Unicode cmap
 * subtables. */
bool np_font_parse_cmap(np_font_loader *ld, np_face *face);

#endif
