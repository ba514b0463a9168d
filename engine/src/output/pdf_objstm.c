/*
 * pdf_objstm.c - a PDF file as libharu writes it (plain objects, one
 * classic cross-reference table) written again with object streams
 * (ISO 32000-1, 7.5.7) and a cross-reference stream (7.5.8), so that
 * the thousands of small objects of a tagged PDF (structure elements,
 * pages, annotations, font dictionaries) are deflated together.
 *
 * The file is read from its end: startxref, the table, the trailer.
 * Where each object starts comes from the table and where it ends from
 * the next object's start, never from a scan of the bytes (stream data
 * may hold anything). Streams, and objects of a generation other than 0,
 * are copied byte for byte; every other object goes into an object
 * stream. A file of another form (a /Prev or /Encrypt key, an offset out
 * of place, an object not where the table says) is refused before a
 * byte is written: it is read, never guessed at. It does not know what
 * an object means, changes none of their bytes, and does not decide
 * whether a file may have object streams (PDF/A-1 may not: the caller).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ground/buf.h"
#include "output/pdf_objstm.h"

/* The highest object number a PDF may use (ISO 32000-1, Annex C). */
#define MAX_OBJECT 8388607u
/* How far from the end "startxref" is looked for. */
#define TAIL 1024
/* The bytes of one entry of a classic table. */
#define ENTRY_BYTES 20

/* A number of the old table: in use ('n'), free ('f') or absent (0). */
typedef struct entry {
    uint64_t off;               /* in use: its offset; free: the next */
    uint16_t gen;
    char type;
} entry;

/* An object in use, between its offset and the next object's. */
typedef struct object {
    size_t off, end;
    size_t body, body_end;      /* its value, without spaces around */
    uint32_t num;
    uint16_t gen;
    bool copied;                /* a stream, or of a generation but 0 */
} object;

typedef struct span {
    size_t at, len;
} span;

typedef struct file {
    const unsigned char *p;
    size_t len;
    size_t xref;                /* where "xref" starts: the objects end */
    entry *table;               /* by number, `numbers` of them */
    size_t numbers, table_cap;
    uint64_t size;              /* the trailer's /Size */
    span root, info, id;        /* the trailer's values; len 0: none */
    uint64_t info_num;          /* the Info dictionary's object */
    object *objs;               /* the objects in use, by offset */
    size_t count;
} file;

/* A row of the new cross-reference stream (7.5.8.3, Table 18). */
typedef struct row {
    uint64_t f2;
    uint32_t f3;
    unsigned char type;
} row;

typedef struct writer {
    const np_allocator *alloc;
    np_deflater *d;
    np_write_fn write;
    void *ud;
    uint64_t at;                /* bytes handed over so far */
    np_objstm_status status;
    row *rows;                  /* the new table, by number */
    np_buf head, raw;           /* a dictionary; an object stream's text */
} writer;

/* ---- reading --------------------------------------------------------- */

static bool is_space(unsigned char c)
{
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' ||
           c == ' ';
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static void skip_space(const file *f, size_t *at)
{
    while (*at < f->len && is_space(f->p[*at]))
        (*at)++;
}

/* The bytes of `w` at *at, passed over. */
static bool take(const file *f, size_t *at, const char *w)
{
    size_t n = strlen(w);
    if (f->len - *at < n || memcmp(f->p + *at, w, n) != 0)
        return false;
    *at += n;
    return true;
}

/* A number of 1 to 15 digits at *at, passed over. */
static bool take_number(const file *f, size_t *at, uint64_t *v)
{
    size_t start = *at;
    *v = 0;
    while (*at < f->len && is_digit(f->p[*at]) && *at - start < 15)
        *v = *v * 10 + (uint64_t)(f->p[(*at)++] - '0');
    return *at > start && !(*at < f->len && is_digit(f->p[*at]));
}

static bool find_startxref(file *f)
{
    size_t from = f->len > TAIL ? f->len - TAIL : 0;
    for (size_t i = f->len >= 9 ? f->len - 8 : 0; i-- > from;) {
        size_t at = i;
        uint64_t off;
        if (!take(f, &at, "startxref"))
            continue;
        skip_space(f, &at);
        if (!take_number(f, &at, &off) || off >= f->len)
            return false;
        f->xref = (size_t)off;
        return true;
    }
    return false;
}

/* Room in the table for `num`; a table holds ENTRY_BYTES an entry, so
 * a number the file has no room for is not read. */
static np_objstm_status table_room(file *f, const np_allocator *alloc,
                                   uint64_t num)
{
    if (num > MAX_OBJECT || num >= f->len / ENTRY_BYTES)
        return NP_OBJSTM_MALFORMED;
    if (num < f->numbers)
        return NP_OBJSTM_OK;
    entry *grown = np_grow(alloc, f->table, &f->table_cap, num + 1,
                           sizeof *grown);
    if (!grown)
        return NP_OBJSTM_NO_MEMORY;
    f->table = grown;
    memset(f->table + f->numbers, 0,
           (num + 1 - f->numbers) * sizeof *f->table);
    f->numbers = num + 1;
    return NP_OBJSTM_OK;
}

/* "oooooooooo ggggg n" and its end of line. */
static np_objstm_status read_entry(file *f, const np_allocator *alloc,
                                   size_t *at, uint64_t num)
{
    uint64_t off, gen;
    skip_space(f, at);
    if (!take_number(f, at, &off) || !take(f, at, " ") ||
        !take_number(f, at, &gen) || gen > 65535 || !take(f, at, " ") ||
        *at >= f->len || (f->p[*at] != 'n' && f->p[*at] != 'f'))
        return NP_OBJSTM_MALFORMED;
    char type = (char)f->p[(*at)++];
    np_objstm_status st = table_room(f, alloc, num);
    if (st != NP_OBJSTM_OK)
        return st;
    if (f->table[num].type)
        return NP_OBJSTM_MALFORMED;
    f->table[num] = (entry){ .off = off, .gen = (uint16_t)gen, .type = type };
    return NP_OBJSTM_OK;
}

/* "xref", then subsections "first count" and their entries; *at is
 * left on "trailer". */
static np_objstm_status read_table(file *f, const np_allocator *alloc,
                                   size_t *at)
{
    *at = f->xref;
    if (!take(f, at, "xref"))
        return NP_OBJSTM_MALFORMED;
    for (;;) {
        uint64_t first, count;
        skip_space(f, at);
        if (*at < f->len && f->p[*at] == 't')
            return NP_OBJSTM_OK;
        if (!take_number(f, at, &first) || !take(f, at, " ") ||
            !take_number(f, at, &count))
            return NP_OBJSTM_MALFORMED;
        for (uint64_t i = 0; i < count; i++) {
            np_objstm_status st = read_entry(f, alloc, at, first + i);
            if (st != NP_OBJSTM_OK)
                return st;
        }
    }
}

/* "12 0 R", kept as written; its number in *num. */
static bool take_ref(const file *f, size_t *at, span *s, uint64_t *num)
{
    uint64_t n;
    skip_space(f, at);
    s->at = *at;
    if (!take_number(f, at, num))
        return false;
    skip_space(f, at);
    if (!take_number(f, at, &n))
        return false;
    skip_space(f, at);
    s->len = *at + 1 - s->at;
    return take(f, at, "R");
}

/* "[<hex> <hex>]", kept as written. */
static bool take_id(const file *f, size_t *at, span *s)
{
    skip_space(f, at);
    s->at = *at;
    if (!take(f, at, "["))
        return false;
    for (;;) {
        skip_space(f, at);
        if (take(f, at, "]"))
            break;
        if (!take(f, at, "<"))
            return false;
        while (*at < f->len && strchr("0123456789abcdefABCDEF", f->p[*at])
               && f->p[*at])
            (*at)++;
        if (!take(f, at, ">"))
            return false;
    }
    s->len = *at - s->at;
    return true;
}

/* The trailer: /Root and /Size, perhaps /Info and /ID, nothing else. */
static bool read_trailer(file *f, size_t at)
{
    uint64_t num;
    if (!take(f, &at, "trailer"))
        return false;
    skip_space(f, &at);
    if (!take(f, &at, "<<"))
        return false;
    for (;;) {
        skip_space(f, &at);
        if (take(f, &at, ">>"))
            return f->root.len > 0 && f->size > 0 && f->size <= MAX_OBJECT
                   && f->numbers <= f->size;
        bool ok = take(f, &at, "/");
        if (ok && take(f, &at, "Root"))
            ok = take_ref(f, &at, &f->root, &num);
        else if (ok && take(f, &at, "Info"))
            ok = take_ref(f, &at, &f->info, &f->info_num);
        else if (ok && take(f, &at, "ID"))
            ok = take_id(f, &at, &f->id);
        else if (ok && take(f, &at, "Size")) {
            skip_space(f, &at);
            ok = take_number(f, &at, &f->size);
        } else
            ok = false;
        if (!ok)
            return false;
    }
}

static int by_offset(const void *a, const void *b)
{
    const object *x = a, *y = b;
    return (x->off > y->off) - (x->off < y->off);
}

/* The Info dictionary stays in the clear, first after the header:
 * np_pdf_is_ours (pdf_mark.c) finds the engine's /Creator there in one
 * small read, and it is a few hundred bytes. */
static bool is_info(const file *f, const object *o)
{
    return f->info.len > 0 && o->num == f->info_num;
}

/* "num gen obj" where the table says, "endobj" at its end. */
static bool read_object(const file *f, object *o)
{
    size_t at = o->off;
    uint64_t num, gen;
    if (!take_number(f, &at, &num) || num != o->num || !take(f, &at, " ") ||
        !take_number(f, &at, &gen) || gen != o->gen || !take(f, &at, " ") ||
        !take(f, &at, "obj"))
        return false;
    skip_space(f, &at);
    size_t end = o->end;
    while (end > at && is_space(f->p[end - 1]))
        end--;
    if (end - at < 7 || memcmp(f->p + end - 6, "endobj", 6) != 0)
        return false;
    end -= 6;
    while (end > at && is_space(f->p[end - 1]))
        end--;
    o->body = at;
    o->body_end = end;
    o->copied = o->gen != 0 || is_info(f, o) ||
                (end - at >= 9 && memcmp(f->p + end - 9, "endstream", 9) == 0);
    return end > at;
}

/* The objects in use in the order of their offsets, each ending where
 * the next starts and the last where the table does. */
static np_objstm_status read_objects(file *f, const np_allocator *alloc)
{
    for (size_t n = 0; n < f->numbers; n++)
        f->count += f->table[n].type == 'n';
    if (f->count == 0)
        return NP_OBJSTM_MALFORMED;
    f->objs = np_mem_alloc(alloc, f->count * sizeof *f->objs);
    if (!f->objs)
        return NP_OBJSTM_NO_MEMORY;
    size_t k = 0;
    for (size_t n = 0; n < f->numbers; n++)
        if (f->table[n].type == 'n')
            f->objs[k++] = (object){ .off = f->table[n].off,
                                     .num = (uint32_t)n,
                                     .gen = f->table[n].gen };
    qsort(f->objs, f->count, sizeof *f->objs, by_offset);
    for (size_t i = 0; i < f->count; i++) {
        object *o = &f->objs[i];
        o->end = i + 1 < f->count ? f->objs[i + 1].off : f->xref;
        if (o->off < 9 || o->off >= o->end || o->end > f->xref ||
            !read_object(f, o))
            return NP_OBJSTM_MALFORMED;
    }
    return NP_OBJSTM_OK;
}

static np_objstm_status read_file(file *f, const np_allocator *alloc)
{
    size_t at;
    if (f->len < 9 || memcmp(f->p, "%PDF-1.", 7) != 0 || !is_digit(f->p[7])
        || !find_startxref(f))
        return NP_OBJSTM_MALFORMED;
    np_objstm_status st = read_table(f, alloc, &at);
    if (st == NP_OBJSTM_OK && !read_trailer(f, at))
        st = NP_OBJSTM_MALFORMED;
    return st == NP_OBJSTM_OK ? read_objects(f, alloc) : st;
}

/* ---- writing --------------------------------------------------------- */

static void emit(writer *w, const void *p, size_t n)
{
    if (w->status == NP_OBJSTM_OK && n > 0 && w->write(w->ud, p, n) != 0)
        w->status = NP_OBJSTM_WRITE_FAILED;
    w->at += n;
}

static void put_number(np_buf *b, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    do
        digits[sizeof digits - ++n] = (char)('0' + v % 10);
    while ((v /= 10) > 0);
    np_buf_append(b, digits + sizeof digits - n, n);
}

/* The header, version 1.5 at least, with the line that follows. */
static void write_header(writer *w, const file *f)
{
    char version = f->p[7] < '5' ? '5' : (char)f->p[7];
    emit(w, f->p, 7);
    emit(w, &version, 1);
    emit(w, f->p + 8, f->objs[0].off - 8);
}

/* `data` deflated as the stream of object `num`, whose dictionary is
 * w->head so far, without its end. */
static void write_stream(writer *w, uint32_t num, const unsigned char *data,
                         size_t len)
{
    unsigned char *packed = np_mem_alloc(w->alloc, np_pack_bound(len));
    size_t packed_len = 0;
    if (!packed || !np_deflater_pack(w->d, data, len, packed, &packed_len)) {
        np_mem_free(w->alloc, packed);
        w->status = NP_OBJSTM_NO_MEMORY;
        return;
    }
    np_buf *h = &w->head;
    np_buf_puts(h, " /Filter /FlateDecode /Length ");
    put_number(h, packed_len);
    np_buf_puts(h, " >>\nstream\n");
    if (h->failed) {
        w->status = NP_OBJSTM_NO_MEMORY;
    } else {
        w->rows[num] = (row){ .type = 1, .f2 = w->at };
        emit(w, h->data, h->len);
        emit(w, packed, packed_len);
        emit(w, "\nendstream\nendobj\n", 18);
    }
    np_mem_free(w->alloc, packed);
}

/* Objects objs[0..n) as object stream `num`: "num offset" pairs, then
 * the objects, one a line. */
static void write_objstm(writer *w, const file *f, const object *objs,
                         size_t n, uint32_t num)
{
    np_buf *raw = &w->raw;
    np_buf_clear(raw);
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        put_number(raw, objs[i].num);
        np_buf_putc(raw, ' ');
        put_number(raw, off);
        np_buf_putc(raw, i + 1 < n ? ' ' : '\n');
        off += objs[i].body_end - objs[i].body + 1;
        w->rows[objs[i].num] = (row){ .type = 2, .f2 = num, .f3 = (uint32_t)i };
    }
    size_t first = raw->len;
    for (size_t i = 0; i < n; i++) {
        np_buf_append(raw, f->p + objs[i].body, objs[i].body_end - objs[i].body);
        np_buf_putc(raw, '\n');
    }
    np_buf_clear(&w->head);
    put_number(&w->head, num);
    np_buf_puts(&w->head, " 0 obj\n<< /Type /ObjStm /N ");
    put_number(&w->head, n);
    np_buf_puts(&w->head, " /First ");
    put_number(&w->head, first);
    if (raw->failed)
        w->status = NP_OBJSTM_NO_MEMORY;
    else
        write_stream(w, num, (const unsigned char *)raw->data, raw->len);
}

static void copy_object(writer *w, const file *f, const object *o)
{
    w->rows[o->num] = (row){ .type = 1, .f2 = w->at, .f3 = o->gen };
    emit(w, f->p + o->off, o->end - o->off);
}

/* The Info dictionary first, then streams copied, the other objects gathered into object streams
 * numbered from the old /Size on; returns the next free number. */
static uint32_t write_objects(writer *w, const file *f, object *gathered)
{
    size_t n = 0;
    uint32_t next = (uint32_t)f->size;
    for (size_t i = 0; i < f->count; i++)
        if (is_info(f, &f->objs[i]))
            copy_object(w, f, &f->objs[i]);
    for (size_t i = 0; i < f->count && w->status == NP_OBJSTM_OK; i++) {
        const object *o = &f->objs[i];
        if (!o->copied)
            gathered[n++] = *o;
        else if (!is_info(f, o))
            copy_object(w, f, o);
    }
    for (size_t at = 0; at < n && w->status == NP_OBJSTM_OK;
         at += NP_OBJSTM_OBJECTS) {
        size_t k = n - at < NP_OBJSTM_OBJECTS ? n - at : NP_OBJSTM_OBJECTS;
        write_objstm(w, f, gathered + at, k, next++);
    }
    return next;
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
static void write_xref(writer *w, const file *f, uint32_t num)
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
    np_buf_puts(h, "] /Root ");
    np_buf_append(h, f->p + f->root.at, f->root.len);
    if (f->info.len) {
        np_buf_puts(h, " /Info ");
        np_buf_append(h, f->p + f->info.at, f->info.len);
    }
    if (f->id.len) {
        np_buf_puts(h, " /ID ");
        np_buf_append(h, f->p + f->id.at, f->id.len);
    }
    if (raw->failed || w->status != NP_OBJSTM_OK) {
        w->status = w->status ? w->status : NP_OBJSTM_NO_MEMORY;
        return;
    }
    write_stream(w, num, (const unsigned char *)raw->data, raw->len);
    np_buf_clear(h);
    np_buf_puts(h, "startxref\n");
    put_number(h, xref_at);
    np_buf_puts(h, "\n%%EOF\n");
    if (h->failed && w->status == NP_OBJSTM_OK)
        w->status = NP_OBJSTM_NO_MEMORY;
    emit(w, h->data, h->len);
}

/* The free and absent numbers of the old table, as they were. */
static void copy_free(writer *w, const file *f)
{
    for (size_t n = 0; n < f->numbers; n++)
        if (f->table[n].type == 'f')
            w->rows[n] = (row){ .f2 = f->table[n].off,
                                .f3 = f->table[n].gen };
}

static np_objstm_status write_file(writer *w, const file *f)
{
    /* The numbers to come: the old ones, the object streams, the
     * cross-reference stream. */
    size_t most = f->size + f->count / NP_OBJSTM_OBJECTS + 2;
    if (most > (size_t)MAX_OBJECT + 1)
        return NP_OBJSTM_MALFORMED;
    w->rows = np_mem_alloc(w->alloc, most * sizeof *w->rows);
    object *gathered = np_mem_alloc(w->alloc, f->count * sizeof *gathered);
    if (w->rows && gathered) {
        memset(w->rows, 0, most * sizeof *w->rows);
        copy_free(w, f);
        write_header(w, f);
        uint32_t xref = write_objects(w, f, gathered);
        if (w->status == NP_OBJSTM_OK)
            write_xref(w, f, xref);
    } else {
        w->status = NP_OBJSTM_NO_MEMORY;
    }
    np_mem_free(w->alloc, gathered);
    return w->status;
}

np_objstm_status np_objstm_write(const np_allocator *alloc, np_deflater *d,
                                 const unsigned char *pdf, size_t len,
                                 np_write_fn write, void *ud)
{
    file f = { .p = pdf, .len = pdf ? len : 0 };
    writer w = { .alloc = alloc, .d = d, .write = write, .ud = ud };
    np_buf_init(&w.head, alloc);
    np_buf_init(&w.raw, alloc);
    np_objstm_status st = read_file(&f, alloc);
    if (st == NP_OBJSTM_OK)
        st = write_file(&w, &f);
    np_buf_free(&w.head);
    np_buf_free(&w.raw);
    np_mem_free(alloc, w.rows);
    np_mem_free(alloc, f.objs);
    np_mem_free(alloc, f.table);
    return st;
}
