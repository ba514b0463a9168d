/*
 * pdf_objstm.c - a PDF file written object by object with object
 * streams (ISO 32000-1, 7.5.7) and a cross-reference stream (7.5.8), so
 * that the thousands of small objects of a tagged PDF (structure
 * elements, pages, annotations, font dictionaries) are deflated
 * together, and the file is never held whole: a stream goes out as it
 * comes, a small object waits in the object stream being filled, which
 * goes out when full.
 *
 * It records where each object went for the cross-reference stream,
 * and refuses calls out of order (an object opened inside another, a
 * number out of range or given twice) rather than write a file whose
 * table would be wrong. It does not know what an object means, nor
 * decide which objects may be gathered (out_pdf_save.c does).
 */
#include <stdlib.h>
#include <string.h>

#include "ground/buf.h"
#include "ground/decimal.h"
#include "output/pdf_objstm.h"

/* The highest object number a PDF may use (ISO 32000-1, Annex C). */
#define MAX_OBJECT 8388607u

/* A row of the cross-reference stream (7.5.8.3, Table 18). */
typedef struct row {
    uint64_t f2;
    uint32_t f3;
    unsigned char type;
} row;

struct np_objstm {
    const np_allocator *alloc;
    np_deflater *d;
    np_write_fn write;
    void *ud;
    uint64_t at;                /* bytes handed over so far */
    np_objstm_status status;
    uint32_t size;              /* numbers of the caller's objects; 0:
                                   not known yet (np_objstm_size) */
    uint32_t next;              /* the next object stream's number */
    row *rows;                  /* by number, up to the last possible */
    size_t nrows;
    bool open, header_done;
    uint32_t nums[NP_OBJSTM_OBJECTS];   /* the stream being filled */
    size_t ends[NP_OBJSTM_OBJECTS];     /* each object's end in `bodies` */
    size_t count;
    np_buf bodies;              /* their values, one a line */
    np_buf head, raw;           /* a dictionary; a stream's data */
};

/* The caller's objects, their object streams (one for each
 * NP_OBJSTM_OBJECTS, the last perhaps part-full) and the
 * cross-reference stream. */
static size_t rows_needed(uint32_t size)
{
    return (size_t)size + size / NP_OBJSTM_OBJECTS + 2;
}

/* Room for rows 0 to n - 1, the new ones empty. */
static bool rows_for(np_objstm *w, size_t n)
{
    if (n <= w->nrows)
        return true;
    row *grown = np_mem_realloc(w->alloc, w->rows, n * sizeof *grown);
    if (!grown)
        return false;
    memset(grown + w->nrows, 0, (n - w->nrows) * sizeof *grown);
    w->rows = grown;
    w->nrows = n;
    return true;
}

np_objstm *np_objstm_new(const np_allocator *alloc, np_deflater *d,
                         uint32_t size, np_write_fn write, void *ud)
{
    if (rows_needed(size) > (size_t)MAX_OBJECT + 1)
        return NULL;
    np_objstm *w = np_mem_alloc(alloc, sizeof *w);
    if (!w)
        return NULL;
    *w = (np_objstm){ .alloc = alloc, .d = d, .write = write, .ud = ud,
                      .size = size, .next = size };
    if (!rows_for(w, rows_needed(size))) {
        np_mem_free(alloc, w);
        return NULL;
    }
    w->rows[0].f3 = 65535;      /* the head of the free list */
    np_buf_init(&w->bodies, alloc);
    np_buf_init(&w->head, alloc);
    np_buf_init(&w->raw, alloc);
    return w;
}

void np_objstm_free(np_objstm *w)
{
    if (!w)
        return;
    np_buf_free(&w->bodies);
    np_buf_free(&w->head);
    np_buf_free(&w->raw);
    np_mem_free(w->alloc, w->rows);
    np_mem_free(w->alloc, w);
}

np_objstm_status np_objstm_status_of(const np_objstm *w)
{
    return w->status;
}

static void fail(np_objstm *w, np_objstm_status st)
{
    if (w->status == NP_OBJSTM_OK)
        w->status = st;
}

static void emit(np_objstm *w, const void *p, size_t n)
{
    if (w->status == NP_OBJSTM_OK && n > 0 && w->write(w->ud, p, n) != 0)
        w->status = NP_OBJSTM_WRITE_FAILED;
    w->at += n;
}

/* Offsets, lengths and object numbers: well within a long long. */
static void put_number(np_buf *b, uint64_t v)
{
    char digits[NP_DECIMAL_MAX];
    np_buf_append(b, digits, np_integer(digits, (long long)v));
}

/* Whether `num` may be given now: one of the caller's (any number a
 * PDF allows while their count is not known), not given yet, after the
 * header, outside an open object. */
static bool may_take(np_objstm *w, uint32_t num)
{
    if (w->status != NP_OBJSTM_OK)
        return false;
    uint32_t limit = w->size ? w->size : MAX_OBJECT - 1;
    if (!w->header_done || w->open || num == 0 || num >= limit) {
        fail(w, NP_OBJSTM_MALFORMED);
        return false;
    }
    if (!rows_for(w, (size_t)num + 1)) {
        fail(w, NP_OBJSTM_NO_MEMORY);
        return false;
    }
    if (w->rows[num].type != 0) {
        fail(w, NP_OBJSTM_MALFORMED);
        return false;
    }
    return true;
}

void np_objstm_size(np_objstm *w, uint32_t size)
{
    if (w->status != NP_OBJSTM_OK)
        return;
    if (w->size != 0 || size == 0 || rows_needed(size) > (size_t)MAX_OBJECT + 1) {
        fail(w, NP_OBJSTM_MALFORMED);
        return;
    }
    for (size_t n = size; n < w->nrows; n++)
        if (w->rows[n].type != 0) {
            fail(w, NP_OBJSTM_MALFORMED);       /* given, and past the count */
            return;
        }
    if (!rows_for(w, rows_needed(size))) {
        fail(w, NP_OBJSTM_NO_MEMORY);
        return;
    }
    w->size = w->next = size;
}

bool np_objstm_given(const np_objstm *w, uint32_t num)
{
    return num < w->nrows && w->rows[num].type != 0;
}

void np_objstm_header(np_objstm *w, char version)
{
    if (w->header_done || w->status != NP_OBJSTM_OK) {
        fail(w, NP_OBJSTM_MALFORMED);
        return;
    }
    char v = version < '5' || version > '9' ? '5' : version;
    char line[] = "%PDF-1.5\n%\267\276\255\252\n";
    line[7] = v;
    emit(w, line, sizeof line - 1);
    w->header_done = true;
}

void np_objstm_open(np_objstm *w, uint32_t num)
{
    if (!may_take(w, num))
        return;
    w->rows[num] = (row){ .type = 1, .f2 = w->at };
    np_buf_clear(&w->head);
    put_number(&w->head, num);
    np_buf_puts(&w->head, " 0 obj\n");
    if (w->head.failed)
        fail(w, NP_OBJSTM_NO_MEMORY);
    emit(w, w->head.data, w->head.len);
    w->open = true;
}

void np_objstm_put(np_objstm *w, const void *bytes, size_t len)
{
    if (!w->open)
        fail(w, NP_OBJSTM_MALFORMED);
    emit(w, bytes, len);
}

void np_objstm_close(np_objstm *w)
{
    if (!w->open)
        fail(w, NP_OBJSTM_MALFORMED);
    emit(w, "\nendobj\n", 8);
    w->open = false;
}

/* `data` deflated as the stream of object `num`, whose dictionary is
 * w->head so far, without its end. */
static void write_stream(np_objstm *w, uint32_t num, const unsigned char *data,
                         size_t len)
{
    unsigned char *packed = np_mem_alloc(w->alloc, np_pack_bound(len));
    size_t packed_len = 0;
    if (!packed || !np_deflater_pack(w->d, data, len, packed, &packed_len)) {
        np_mem_free(w->alloc, packed);
        fail(w, NP_OBJSTM_NO_MEMORY);
        return;
    }
    np_buf *h = &w->head;
    np_buf_puts(h, " /Filter /FlateDecode /Length ");
    put_number(h, packed_len);
    np_buf_puts(h, " >>\nstream\n");
    if (h->failed) {
        fail(w, NP_OBJSTM_NO_MEMORY);
    } else {
        w->rows[num] = (row){ .type = 1, .f2 = w->at };
        emit(w, h->data, h->len);
        emit(w, packed, packed_len);
        emit(w, "\nendstream\nendobj\n", 18);
    }
    np_mem_free(w->alloc, packed);
}

/* The objects gathered so far as the next object stream: "num offset"
 * pairs, then the objects, one a line. */
static void write_objstm(np_objstm *w)
{
    if (w->count == 0 || w->status != NP_OBJSTM_OK)
        return;
    uint32_t num = w->next++;
    np_buf *raw = &w->raw;
    np_buf_clear(raw);
    for (size_t i = 0; i < w->count; i++) {
        put_number(raw, w->nums[i]);
        np_buf_putc(raw, ' ');
        put_number(raw, i ? w->ends[i - 1] : 0);
        np_buf_putc(raw, i + 1 < w->count ? ' ' : '\n');
        w->rows[w->nums[i]] = (row){ .type = 2, .f2 = num, .f3 = (uint32_t)i };
    }
    size_t first = raw->len;
    np_buf_append(raw, w->bodies.data, w->bodies.len);
    np_buf_clear(&w->head);
    put_number(&w->head, num);
    np_buf_puts(&w->head, " 0 obj\n<< /Type /ObjStm /N ");
    put_number(&w->head, w->count);
    np_buf_puts(&w->head, " /First ");
    put_number(&w->head, first);
    if (raw->failed)
        fail(w, NP_OBJSTM_NO_MEMORY);
    else
        write_stream(w, num, (const unsigned char *)raw->data, raw->len);
    w->count = 0;
    np_buf_clear(&w->bodies);
}

void np_objstm_gather(np_objstm *w, uint32_t num, const void *value,
                      size_t len)
{
    if (w->size == 0) {
        fail(w, NP_OBJSTM_MALFORMED);   /* object streams need the count */
        return;
    }
    if (!may_take(w, num))
        return;
    w->rows[num].type = 2;      /* taken; the row is made when written */
    np_buf_append(&w->bodies, value, len);
    np_buf_putc(&w->bodies, '\n');
    if (w->bodies.failed) {
        fail(w, NP_OBJSTM_NO_MEMORY);
        return;
    }
    w->nums[w->count] = num;
    w->ends[w->count++] = w->bodies.len;
    if (w->count == NP_OBJSTM_OBJECTS)
        write_objstm(w);
}

static int bytes_for(uint64_t v)
{
    int n = 1;
    while (v >>= 8)
        n++;
    return n;
}

static void put_field(np_buf *b, uint64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--)
        np_buf_putc(b, (char)(v >> (8 * i)));
}

/* The cross-reference stream, object `num`, the last of the file: its
 * fields as wide as their largest value; then startxref. */
static void write_xref(np_objstm *w, uint32_t num, const char *trailer,
                       size_t len)
{
    uint64_t max2 = 0, max3 = 0;
    w->rows[num] = (row){ .type = 1, .f2 = w->at };
    uint64_t xref_at = w->at;
    for (size_t i = 0; i <= num; i++) {
        max2 = w->rows[i].f2 > max2 ? w->rows[i].f2 : max2;
        max3 = w->rows[i].f3 > max3 ? w->rows[i].f3 : max3;
    }
    int w2 = bytes_for(max2), w3 = bytes_for(max3);
    np_buf *raw = &w->raw;
    np_buf_clear(raw);
    for (size_t i = 0; i <= num; i++) {
        np_buf_putc(raw, (char)w->rows[i].type);
        put_field(raw, w->rows[i].f2, w2);
        put_field(raw, w->rows[i].f3, w3);
    }
    np_buf *h = &w->head;
    np_buf_clear(h);
    put_number(h, num);
    np_buf_puts(h, " 0 obj\n<< /Type /XRef /Size ");
    put_number(h, (uint64_t)num + 1);
    np_buf_puts(h, " /W [1 ");
    put_number(h, (uint64_t)w2);
    np_buf_putc(h, ' ');
    put_number(h, (uint64_t)w3);
    np_buf_puts(h, "] ");
    np_buf_append(h, trailer, len);
    if (raw->failed) {
        fail(w, NP_OBJSTM_NO_MEMORY);
        return;
    }
    write_stream(w, num, (const unsigned char *)raw->data, raw->len);
    np_buf_clear(h);
    np_buf_puts(h, "startxref\n");
    put_number(h, xref_at);
    np_buf_puts(h, "\n%%EOF\n");
    if (h->failed)
        fail(w, NP_OBJSTM_NO_MEMORY);
    emit(w, h->data, h->len);
}

/* Every number below `size` given, none left open. */
static bool all_given(const np_objstm *w)
{
    for (uint32_t n = 1; n < w->size; n++)
        if (w->rows[n].type == 0)
            return false;
    return w->header_done && !w->open;
}

np_objstm_status np_objstm_finish(np_objstm *w, const char *trailer,
                                  size_t len)
{
    if (w->status == NP_OBJSTM_OK && (w->size == 0 || !all_given(w)))
        fail(w, NP_OBJSTM_MALFORMED);
    write_objstm(w);
    if (w->status == NP_OBJSTM_OK)
        write_xref(w, w->next, trailer, len);
    return w->status;
}
