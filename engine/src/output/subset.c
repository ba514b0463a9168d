/*
 * subset.c - the characters one document shows in one face, and the
 * TrueType program of just their glyphs.
 *
 * Embedding a whole face costs each document the time to read, parse and
 * deflate some 400 kB per face; a two-page note shows perhaps 80
 * glyphs of each. So the program written here is a new TrueType file:
 * .notdef, then the glyphs in the order their characters were first
 * shown, then the components composite glyphs refer to, renumbered from
 * 0 with the composite references rewritten. Its tables are head, hhea,
 * maxp, hmtx, loca and glyf, plus cvt, fpgm and prep when the face has
 * them (the hinting programs work on any glyph set). A CIDFontType2
 * program needs no cmap, name or post (ISO 32000-1, 9.9): the PDF's
 * CIDToGIDMap and ToUnicode do their work.
 *
 * Shaped text (Arabic, Chinese) is shown by glyph rather than by
 * character: such a CID stands for one glyph together with the text it
 * shows (np_subset_cid_glyph), so that the same glyph showing two texts
 * (a bracket mirrored in Arabic, which is the other bracket's glyph)
 * gets two CIDs and each its own ToUnicode entry.
 *
 * A face with PostScript outlines (CFF) is cut by subset_cff.c instead,
 * and its CIDs are its glyph ids: the PDF's codes for it are the glyphs,
 * not numbers given in the order of first use.
 *
 * The face may come from a damaged or hostile file: every offset read
 * from loca and glyf is checked, a glyph outside the glyf table is
 * written empty, and a component naming a glyph the face does not have
 * becomes .notdef.
 */
#include <stdlib.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/buf.h"
#include "ground/bytes.h"
#include "ground/utf8.h"
#include "text/glyf_check.h"
#include "output/subset.h"
#include "output/subset_cff.h"

#define BMP_PAGES 256           /* code point pages of 256 */
#define PAGE_SIZE 256

#define HEAD_SIZE 54
#define HHEA_SIZE 36
#define CHECKSUM_MAGIC 0xB1B0AFBAu

/* A CID given to a glyph and the text it shows. */
typedef struct glyph_cid {
    struct glyph_cid *next;             /* in its bucket */
    unsigned cid;
    uint32_t glyph;
    char *text;
    size_t len;
    int width;                          /* as shaped, 1/1000 em */
} glyph_cid;

#define GLYPH_BUCKETS 509

struct np_subset {
    const np_allocator *alloc;
    const np_face *face;
    uint16_t *cid_page[BMP_PAGES];      /* code point -> CID, 0: none yet */
    uint32_t *code;                     /* CID -> code point */
    glyph_cid **by_cid;                 /* CID -> its glyph, or NULL */
    size_t by_cap;
    glyph_cid *bucket[GLYPH_BUCKETS];
    unsigned count;
    size_t cap;
    bool failed;
    bool cff;                           /* codes are glyph ids */
    uint16_t *glyph_width;              /* CFF: each code's width, as first
                                           shown; NO_WIDTH until then */
};

#define NO_WIDTH 0xFFFFu

static size_t pad4(size_t n)
{
    return (n + 3) & ~(size_t)3;
}

/* ---- CIDs ---------------------------------------------------------- */

np_subset *np_subset_new(const np_face *face, const np_allocator *alloc)
{
    np_subset *s = np_mem_alloc(alloc, sizeof *s);
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    s->alloc = alloc;
    s->face = face;
    s->cff = np_face_is_cff(face);
    return s;
}

void np_subset_free(np_subset *s)
{
    if (!s)
        return;
    for (int i = 0; i < BMP_PAGES; i++)
        np_mem_free(s->alloc, s->cid_page[i]);
    for (int b = 0; b < GLYPH_BUCKETS; b++)
        for (glyph_cid *g = s->bucket[b], *next; g; g = next) {
            next = g->next;
            np_mem_free(s->alloc, g->text);
            np_mem_free(s->alloc, g);
        }
    np_mem_free(s->alloc, s->by_cid);
    np_mem_free(s->alloc, s->code);
    np_mem_free(s->alloc, s->glyph_width);
    np_mem_free(s->alloc, s);
}

/* Room for one CID more, and CID 0, which stands for no character. */
static bool grow_codes(np_subset *s)
{
    uint32_t *code = np_grow(s->alloc, s->code, &s->cap,
                             (size_t)s->count + 2, sizeof *code);
    if (!code)
        return false;
    if (!s->code)
        code[0] = 0;
    s->code = code;
    /* as many as there is room for codes: callers look at s->cap only */
    size_t had = s->by_cap;
    glyph_cid **by = np_grow(s->alloc, s->by_cid, &s->by_cap, s->cap, sizeof *by);
    if (!by)
        return false;
    memset(by + had, 0, (s->by_cap - had) * sizeof *by);
    s->by_cid = by;
    return true;
}

/* The page of CIDs holding code point `cp`, made on first use. */
static uint16_t *cid_page(np_subset *s, uint32_t cp)
{
    uint16_t **page = &s->cid_page[cp / PAGE_SIZE];
    if (!*page) {
        *page = np_mem_alloc(s->alloc, PAGE_SIZE * sizeof **page);
        if (*page)
            memset(*page, 0, PAGE_SIZE * sizeof **page);
    }
    return *page;
}

unsigned np_subset_cid(np_subset *s, uint32_t cp)
{
    if (s->cff) {
        char text[NP_UTF8_MAX];
        size_t n = np_utf8_encode(cp, text);
        return np_subset_cid_glyph(s, np_face_glyph(s->face, cp), text, n, -1);
    }
    if (cp >= BMP_PAGES * PAGE_SIZE)
        return 0;
    uint16_t *page = cid_page(s, cp);
    if (!page) {
        s->failed = true;
        return 0;
    }
    uint16_t *cid = &page[cp % PAGE_SIZE];
    if (*cid || s->count >= NP_SUBSET_MAX_CID)
        return *cid;
    if (s->count + 1 >= s->cap && !grow_codes(s)) {
        s->failed = true;
        return 0;
    }
    *cid = (uint16_t)++s->count;
    s->code[*cid] = cp;
    return *cid;
}

static unsigned glyph_hash(uint32_t glyph, const char *text, size_t len)
{
    uint32_t h = 2166136261u ^ glyph;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h % GLYPH_BUCKETS;
}

static int glyph_advance(const np_subset *s, uint32_t g);

/* A CFF face's code is its glyph: its width is that of its first use. */
static void note_cff_width(np_subset *s, uint32_t glyph, int width)
{
    if (!s->glyph_width) {
        s->glyph_width = np_mem_alloc(s->alloc, (NP_SUBSET_MAX_CID + 1) * sizeof *s->glyph_width);
        if (!s->glyph_width) {
            s->failed = true;
            return;
        }
        memset(s->glyph_width, 0xFF, (NP_SUBSET_MAX_CID + 1) * sizeof *s->glyph_width);
    }
    if (s->glyph_width[glyph] == NO_WIDTH)
        s->glyph_width[glyph] = (uint16_t)(width < 0 ? 0 : width > 0xFFFE ? 0xFFFE : width);
}

unsigned np_subset_cid_glyph(np_subset *s, uint32_t glyph, const char *text,
                             size_t len, int width)
{
    unsigned b = glyph_hash(glyph, text, len);
    for (const glyph_cid *g = s->bucket[b]; g; g = g->next)
        if (g->glyph == glyph && g->len == len && memcmp(g->text, text, len) == 0)
            return s->cff ? glyph : g->cid;
    if (s->count >= NP_SUBSET_MAX_CID || (s->cff && glyph > NP_SUBSET_MAX_CID))
        return 0;
    glyph_cid *g = np_mem_alloc(s->alloc, sizeof *g);
    char *copy = g ? np_mem_alloc(s->alloc, len ? len : 1) : NULL;
    if (!copy || (s->count + 1 >= s->cap && !grow_codes(s))) {
        np_mem_free(s->alloc, g);
        np_mem_free(s->alloc, copy);
        s->failed = true;
        return 0;
    }
    memcpy(copy, text, len);
    if (width < 0)
        width = glyph_advance(s, glyph);
    *g = (glyph_cid){ .next = s->bucket[b], .cid = ++s->count, .glyph = glyph,
                      .text = copy, .len = len, .width = width };
    if (s->cff)
        note_cff_width(s, glyph, width);
    s->bucket[b] = g;
    s->code[g->cid] = 0;
    s->by_cid[g->cid] = g;
    return s->cff ? glyph : g->cid;
}

const char *np_subset_text(const np_subset *s, unsigned cid, size_t *len)
{
    const glyph_cid *g = cid >= 1 && cid <= s->count ? s->by_cid[cid] : NULL;
    *len = g ? g->len : 0;
    return g ? g->text : NULL;
}

/* The glyph a CID shows in the face. */
static uint32_t glyph_of(const np_subset *s, unsigned cid)
{
    const glyph_cid *g = s->by_cid[cid];
    return g ? g->glyph : np_face_glyph(s->face, s->code[cid]);
}

/* The advance of face glyph `g` in 1/1000 em, from hmtx. */
static int glyph_advance(const np_subset *s, uint32_t g)
{
    size_t hmtx_len, hhea_len, head_len;
    const uint8_t *hmtx = np_face_table(s->face, "hmtx", &hmtx_len);
    const uint8_t *hhea = np_face_table(s->face, "hhea", &hhea_len);
    const uint8_t *head = np_face_table(s->face, "head", &head_len);
    if (!hmtx || hhea_len < HHEA_SIZE || head_len < HEAD_SIZE)
        return 0;
    unsigned metrics = np_be16(hhea + 34), upem = np_be16(head + 18);
    size_t at = 4 * (size_t)(g < metrics ? g : metrics - 1);
    if (metrics == 0 || upem == 0 || !np_fits(hmtx_len, at, 2))
        return 0;
    return (int)((unsigned)np_be16(hmtx + at) * 1000u / upem);
}

int np_subset_advance(const np_subset *s, unsigned cid)
{
    if (cid < 1 || cid > s->count)
        return 0;
    if (!s->by_cid[cid])
        return np_face_advance(s->face, s->code[cid]);
    return s->by_cid[cid]->width;
}

int np_subset_code_advance(const np_subset *s, unsigned code)
{
    if (!s->cff)
        return np_subset_advance(s, code);
    return s->glyph_width && code <= NP_SUBSET_MAX_CID && s->glyph_width[code] != NO_WIDTH
           ? s->glyph_width[code] : glyph_advance(s, code);
}

uint32_t np_subset_glyph(const np_subset *s, unsigned cid)
{
    return cid >= 1 && cid <= s->count ? glyph_of(s, cid) : 0;
}

static int by_code(const void *a, const void *b)
{
    const np_cid_entry *x = a, *y = b;
    return x->code != y->code ? (x->code > y->code ? 1 : -1)
                              : (x->cid > y->cid) - (x->cid < y->cid);
}

np_cid_entry *np_subset_entries(const np_subset *s, size_t *n)
{
    np_cid_entry *e = np_mem_alloc(s->alloc, ((size_t)s->count + 1) * sizeof *e);
    *n = 0;
    if (!e)
        return NULL;
    for (unsigned cid = 1; cid <= s->count; cid++)
        e[cid - 1] = (np_cid_entry){ s->cff ? glyph_of(s, cid) : cid, cid };
    if (s->cff)
        qsort(e, s->count, sizeof *e, by_code);
    for (unsigned i = 0; i < s->count; i++)
        if (*n == 0 || e[*n - 1].code != e[i].code)
            e[(*n)++] = e[i];
    return e;
}

bool np_subset_failed(const np_subset *s)
{
    return s->failed;
}

unsigned np_subset_count(const np_subset *s)
{
    return s->count;
}

uint32_t np_subset_code(const np_subset *s, unsigned cid)
{
    return cid >= 1 && cid <= s->count ? s->code[cid] : 0;
}

/* FNV-1a over the code points in CID order, spelt in capitals. */
void np_subset_tag(const np_subset *s, char tag[7])
{
    uint32_t h = 2166136261u;
    for (unsigned cid = 1; cid <= s->count; cid++) {
        uint32_t v = s->by_cid[cid] ? s->by_cid[cid]->glyph : s->code[cid];
        for (int k = 0; k < 3; k++) {
            h ^= (v >> (8 * k)) & 0xFF;
            h *= 16777619u;
        }
    }
    for (int i = 0; i < 6; i++) {
        tag[i] = (char)('A' + h % 26);
        h /= 26;
    }
    tag[6] = '\0';
}

/* ---- the glyph set ------------------------------------------------- */

/* The face's tables the program is made from, and the renumbering. */
typedef struct builder {
    np_subset *s;
    const uint8_t *glyf, *loca, *hmtx, *head, *hhea, *maxp;
    size_t glyf_len, loca_len, hmtx_len, head_len, hhea_len, maxp_len;
    bool long_loca;
    uint32_t face_glyphs;
    unsigned num_hmetrics;
    uint16_t *new_of_old;       /* face glyph -> program glyph; 0: absent */
    uint16_t *old_of_new;       /* program glyph -> face glyph */
    unsigned glyphs;
} builder;

/* The bytes of face glyph `g`, or none when loca points outside glyf. */
static const uint8_t *glyph_data(const builder *b, uint32_t g, size_t *len)
{
    size_t from, to;
    *len = 0;
    if (b->long_loca) {
        if (!np_fits(b->loca_len, (size_t)g * 4, 8))
            return NULL;
        from = np_be32(b->loca + g * 4);
        to = np_be32(b->loca + g * 4 + 4);
    } else {
        if (!np_fits(b->loca_len, (size_t)g * 2, 4))
            return NULL;
        from = (size_t)np_be16(b->loca + g * 2) * 2;
        to = (size_t)np_be16(b->loca + g * 2 + 2) * 2;
    }
    if (to <= from || !np_fits(b->glyf_len, from, to - from) || to - from < 10)
        return NULL;
    *len = to - from;
    return b->glyf + from;
}

static void add_glyph(builder *b, uint32_t g)
{
    if (g >= b->face_glyphs || b->new_of_old[g] || g == 0)
        return;
    b->new_of_old[g] = (uint16_t)b->glyphs;
    b->old_of_new[b->glyphs++] = (uint16_t)g;
}

typedef void visit_fn(builder *b, const uint8_t *glyph, uint8_t *copy,
                      size_t at);

/* Calls `visit` with the offset of each component's glyph index in the
 * composite glyph data glyph[0..len) (nothing for a simple glyph); a
 * component cut off by the end of the data ends the walk. `copy` is
 * passed on: where the glyph is being copied to, or NULL. */
static void each_component(builder *b, const uint8_t *glyph, size_t len,
                           uint8_t *copy, visit_fn *visit)
{
    if (len < 10 || np_bes16(glyph) >= 0)
        return;
    for (size_t at = 10; np_fits(len, at, 4);) {
        unsigned flags = np_be16(glyph + at);
        visit(b, glyph, copy, at + 2);
        if (!(flags & NP_GLYF_MORE_COMPONENTS))
            break;
        at += np_glyf_component_size(flags);
    }
}

static void visit_to_add(builder *b, const uint8_t *glyph, uint8_t *copy,
                         size_t at)
{
    (void)copy;
    add_glyph(b, np_be16(glyph + at));
}

/* In the copy, a face glyph index becomes the program's. */
static void visit_to_renumber(builder *b, const uint8_t *glyph,
                              uint8_t *copy, size_t at)
{
    uint32_t g = np_be16(glyph + at);
    np_put16(copy + at, g < b->face_glyphs ? b->new_of_old[g] : 0);
}

/* .notdef, the CIDs' glyphs in CID order, then components, which are
 * appended to the list as it is walked, so nesting needs no recursion. */
static void choose_glyphs(builder *b)
{
    b->glyphs = 1;
    b->old_of_new[0] = 0;
    for (unsigned cid = 1; cid <= b->s->count; cid++)
        add_glyph(b, glyph_of(b->s, cid));
    for (unsigned i = 0; i < b->glyphs; i++) {
        size_t len;
        const uint8_t *g = glyph_data(b, b->old_of_new[i], &len);
        if (g)
            each_component(b, g, len, NULL, visit_to_add);
    }
}

/* ---- the tables ---------------------------------------------------- */

enum { P_CVT, P_FPGM, P_GLYF, P_HEAD, P_HHEA, P_HMTX, P_LOCA, P_MAXP,
       P_PREP, P_COUNT };

/* In the order of their tags, as the table directory must be. */
static const char PROGRAM_TAGS[P_COUNT][5] = {
    "cvt ", "fpgm", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "prep"
};

typedef struct table {
    const uint8_t *copy;        /* copied as it is, or NULL: made here */
    size_t len;
    size_t offset;              /* in the program */
} table;

static size_t glyf_size(const builder *b)
{
    size_t total = 0;
    for (unsigned i = 0; i < b->glyphs; i++) {
        size_t len;
        glyph_data(b, b->old_of_new[i], &len);
        total += pad4(len);
    }
    return total;
}

/* glyf and loca (long offsets) together, since each glyph's place is
 * where the one before it ended. */
static void write_glyf_loca(builder *b, uint8_t *glyf, uint8_t *loca)
{
    size_t at = 0;
    for (unsigned i = 0; i < b->glyphs; i++) {
        np_put32(loca + 4 * i, (uint32_t)at);
        size_t len;
        const uint8_t *g = glyph_data(b, b->old_of_new[i], &len);
        if (!g)
            continue;
        memcpy(glyf + at, g, len);
        memset(glyf + at + len, 0, pad4(len) - len);
        each_component(b, g, len, glyf + at, visit_to_renumber);
        at += pad4(len);
    }
    np_put32(loca + 4 * b->glyphs, (uint32_t)at);
}

/* Advance and left side bearing of each glyph, all as long metrics. A
 * glyph past the face's metrics takes the last advance, as the format
 * says, and its bearing from the short list when the table has it. */
static void write_hmtx(const builder *b, uint8_t *out)
{
    unsigned last = b->num_hmetrics - 1;
    for (unsigned i = 0; i < b->glyphs; i++) {
        uint32_t g = b->old_of_new[i];
        unsigned advance = 0;
        int lsb = 0;
        if (g <= last && np_fits(b->hmtx_len, (size_t)g * 4, 4)) {
            advance = np_be16(b->hmtx + g * 4);
            lsb = np_bes16(b->hmtx + g * 4 + 2);
        } else if (np_fits(b->hmtx_len, (size_t)last * 4, 4)) {
            advance = np_be16(b->hmtx + last * 4);
            size_t at = (size_t)(last + 1) * 4 + (size_t)(g - last - 1) * 2;
            lsb = np_fits(b->hmtx_len, at, 2) ? np_bes16(b->hmtx + at) : 0;
        }
        np_put16(out + 4 * i, advance);
        np_put16(out + 4 * i + 2, (unsigned)lsb & 0xFFFF);
    }
}

static uint32_t checksum(const uint8_t *p, size_t padded_len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < padded_len; i += 4)
        sum += np_be32(p + i);
    return sum;
}

/* The header fields that change with the glyph set: long loca offsets,
 * the glyph count, every metric long. */
static void write_changed_fields(const builder *b, uint8_t *data,
                                 const table *t)
{
    np_put32(data + t[P_HEAD].offset + 8, 0);      /* checkSumAdjustment */
    np_put16(data + t[P_HEAD].offset + 50, 1);     /* indexToLocFormat */
    np_put16(data + t[P_HHEA].offset + 34, b->glyphs);
    np_put16(data + t[P_MAXP].offset + 4, b->glyphs);
}

static void write_directory(uint8_t *data, const table *t, unsigned count)
{
    unsigned pow2 = 1, log2 = 0;
    while (pow2 * 2 <= count) {
        pow2 *= 2;
        log2++;
    }
    np_put32(data, 0x00010000);
    np_put16(data + 4, count);
    np_put16(data + 6, pow2 * 16);
    np_put16(data + 8, log2);
    np_put16(data + 10, count * 16 - pow2 * 16);
    uint8_t *rec = data + 12;
    for (int i = 0; i < P_COUNT; i++) {
        if (!t[i].len)
            continue;
        memcpy(rec, PROGRAM_TAGS[i], 4);
        np_put32(rec + 4, checksum(data + t[i].offset, pad4(t[i].len)));
        np_put32(rec + 8, (uint32_t)t[i].offset);
        np_put32(rec + 12, (uint32_t)t[i].len);
        rec += 16;
    }
}

/* Lays the tables out after the directory; returns the file's size. */
static size_t place_tables(table *t, unsigned *count)
{
    *count = 0;
    for (int i = 0; i < P_COUNT; i++)
        *count += t[i].len > 0;
    size_t at = 12 + (size_t)*count * 16;
    for (int i = 0; i < P_COUNT; i++) {
        t[i].offset = at;
        at += pad4(t[i].len);
    }
    return at;
}

static void fill_program(builder *b, uint8_t *data, size_t size, table *t,
                         unsigned count)
{
    memset(data, 0, size);
    for (int i = 0; i < P_COUNT; i++)
        if (t[i].copy)
            memcpy(data + t[i].offset, t[i].copy, t[i].len);
    write_glyf_loca(b, data + t[P_GLYF].offset, data + t[P_LOCA].offset);
    write_hmtx(b, data + t[P_HMTX].offset);
    write_changed_fields(b, data, t);
    write_directory(data, t, count);
    np_put32(data + t[P_HEAD].offset + 8, CHECKSUM_MAGIC - checksum(data, size));
}

static void copied(table *t, const np_face *face, const char *tag)
{
    t->copy = np_face_table(face, tag, &t->len);
}

/* The face's tables as found, checked for the fields rewritten here. */
static bool open_face(builder *b, const np_face *face)
{
    b->glyf = np_face_table(face, "glyf", &b->glyf_len);
    b->loca = np_face_table(face, "loca", &b->loca_len);
    b->hmtx = np_face_table(face, "hmtx", &b->hmtx_len);
    b->head = np_face_table(face, "head", &b->head_len);
    b->hhea = np_face_table(face, "hhea", &b->hhea_len);
    b->maxp = np_face_table(face, "maxp", &b->maxp_len);
    if (!b->glyf || !b->loca || b->head_len < HEAD_SIZE
        || b->hhea_len < HHEA_SIZE || b->maxp_len < 6)
        return false;
    b->long_loca = np_be16(b->head + 50) != 0;
    b->face_glyphs = np_face_num_glyphs(face);
    b->num_hmetrics = np_be16(b->hhea + 34);
    return b->num_hmetrics > 0;
}

static void describe_tables(const builder *b, table *t)
{
    const np_face *face = b->s->face;
    memset(t, 0, P_COUNT * sizeof *t);
    copied(&t[P_CVT], face, "cvt ");
    copied(&t[P_FPGM], face, "fpgm");
    copied(&t[P_PREP], face, "prep");
    t[P_HEAD] = (table){ b->head, HEAD_SIZE, 0 };
    t[P_HHEA] = (table){ b->hhea, HHEA_SIZE, 0 };
    t[P_MAXP] = (table){ b->maxp, b->maxp_len < 32 ? b->maxp_len : 32, 0 };
    t[P_GLYF].len = glyf_size(b);
    t[P_LOCA].len = ((size_t)b->glyphs + 1) * 4;
    t[P_HMTX].len = (size_t)b->glyphs * 4;
}

/* A CFF face: the glyphs shown, cut by HarfBuzz's subsetter. */
static int build_cff(np_subset *s, np_subset_program *out)
{
    size_t n;
    np_cid_entry *e = np_subset_entries(s, &n);
    uint32_t *glyphs = e ? np_mem_alloc(s->alloc, (n + 1) * sizeof *glyphs) : NULL;
    for (size_t i = 0; glyphs && i < n; i++)
        glyphs[i] = e[i].code;
    size_t len;
    const uint8_t *file = np_face_file(s->face, &len);
    out->data = glyphs ? np_cff_subset(file, len, np_face_index(s->face), glyphs, n,
                                       s->alloc, &out->len) : NULL;
    out->glyphs = (unsigned)n + 1;
    np_mem_free(s->alloc, glyphs);
    np_mem_free(s->alloc, e);
    return out->data ? 0 : -1;
}

int np_subset_build(np_subset *s, np_subset_program *out)
{
    memset(out, 0, sizeof *out);
    if (s->cff)
        return build_cff(s, out);
    builder b = { .s = s };
    out->cid_to_gid = np_mem_alloc(s->alloc,
                                   ((size_t)s->count + 1) * sizeof *out->cid_to_gid);
    if (!out->cid_to_gid)
        return -1;
    if (!open_face(&b, s->face)) {
        /* np_face_load refuses a face without these tables; an empty
         * program would only make a PDF readers refuse. */
        np_subset_program_free(s, out);
        return -1;
    }
    size_t n = b.face_glyphs;
    b.new_of_old = np_mem_alloc(s->alloc, n * sizeof *b.new_of_old);
    b.old_of_new = np_mem_alloc(s->alloc, n * sizeof *b.old_of_new);
    int rc = -1;
    if (!b.new_of_old || !b.old_of_new)
        goto done;
    memset(b.new_of_old, 0, n * sizeof *b.new_of_old);
    choose_glyphs(&b);
    table t[P_COUNT];
    describe_tables(&b, t);
    unsigned count;
    out->len = place_tables(t, &count);
    out->data = np_mem_alloc(s->alloc, out->len);
    if (!out->data)
        goto done;
    fill_program(&b, out->data, out->len, t, count);
    out->cid_to_gid[0] = 0;
    for (unsigned cid = 1; cid <= s->count; cid++)
        out->cid_to_gid[cid] = b.new_of_old[glyph_of(s, cid)];
    out->glyphs = b.glyphs;
    rc = 0;
done:
    np_mem_free(s->alloc, b.new_of_old);
    np_mem_free(s->alloc, b.old_of_new);
    if (rc < 0)
        np_subset_program_free(s, out);
    return rc;
}

void np_subset_program_free(np_subset *s, np_subset_program *p)
{
    np_mem_free(s->alloc, p->data);
    np_mem_free(s->alloc, p->cid_to_gid);
    memset(p, 0, sizeof *p);
}
