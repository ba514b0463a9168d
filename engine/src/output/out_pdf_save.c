/*
 * out_pdf_save.c - packing and saving for the PDF back end: page
 * contents handed to pack.c as each page ends, the other streams
 * deflated with the document's one deflate state, and the file streamed
 * to the caller's write function.
 *
 * libharu keeps every object in memory until the document is saved and
 * then deflates each stream with a fresh zlib state; here the streams
 * are deflated by us (pack.c: libdeflate, in fewer instructions) and
 * handed back to libharu marked as deflated (np_pdf_deflated). The
 * file is written object by object, each value by libharu, laid out
 * with object streams by pdf_objstm.c, except for PDF/A-1, which
 * forbids them and which libharu saves itself. It makes no object and
 * draws nothing.
 */
#include <string.h>

#include "output/out_pdf.h"
#include "output/pdf_objstm.h"

#define CHUNK_SIZE 16384        /* bytes handed to write() at a time */

/* ---- packing --------------------------------------------------------- */

/* The bytes of a memory stream, copied into one buffer. */
static unsigned char *stream_bytes(np_pdf_out *o, HPDF_Stream s, size_t *len)
{
    size_t total = s->size;
    unsigned char *raw = np_mem_alloc(o->alloc, total ? total : 1);
    if (!raw)
        return NULL;
    size_t at = 0;
    HPDF_UINT count = HPDF_MemStream_GetBufCount(s);
    for (HPDF_UINT i = 0; i < count && at < total; i++) {
        HPDF_UINT n = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(s, i, &n);
        if (!p)
            break;
        if (n > total - at)
            n = (HPDF_UINT)(total - at);
        memcpy(raw + at, p, n);
        at += n;
    }
    *len = at;
    return raw;
}

/* ---- streams of bytes held by us -------------------------------------- */

/* A stream's deflated bytes, in one block of ours, which libharu reads
 * when it saves: its memory streams keep data in 4 KB pieces and copy
 * it in and out byte by byte. */
typedef struct held {
    const np_allocator *alloc;
    unsigned char *data;
    size_t len, at;
    bool borrowed;              /* not ours to free (np_pdf_borrowed_stream) */
} held;

static HPDF_STATUS held_read(HPDF_Stream s, HPDF_BYTE *ptr, HPDF_UINT *size)
{
    held *h = s->attr;
    size_t left = h->len - h->at, n = *size < left ? *size : left;
    if (n)
        memcpy(ptr, h->data + h->at, n);
    h->at += n;
    *size = (HPDF_UINT)n;
    return h->at == h->len ? HPDF_STREAM_EOF : HPDF_OK;
}

static HPDF_STATUS held_seek(HPDF_Stream s, HPDF_INT pos, HPDF_WhenceMode mode)
{
    held *h = s->attr;
    long long to = mode == HPDF_SEEK_SET ? pos
                   : mode == HPDF_SEEK_CUR ? (long long)h->at + pos
                   : (long long)h->len + pos;
    if (to < 0 || (unsigned long long)to > h->len)
        return HPDF_STREAM_EOF;
    h->at = (size_t)to;
    return HPDF_OK;
}

static HPDF_INT32 held_tell(HPDF_Stream s)
{
    return (HPDF_INT32)((held *)s->attr)->at;
}

static HPDF_UINT32 held_size(HPDF_Stream s)
{
    return (HPDF_UINT32)((held *)s->attr)->len;
}

static void held_free(HPDF_Stream s)
{
    held *h = s->attr;
    if (!h)
        return;
    if (!h->borrowed)
        np_mem_free(h->alloc, h->data);
    np_mem_free(h->alloc, h);
}

/* A stream of `data` (taken: freed with the stream), len bytes; NULL
 * when memory runs out, `data` freed then too. */
static HPDF_Stream held_stream(np_pdf_out *o, unsigned char *data, size_t len)
{
    held *h = np_mem_alloc(o->alloc, sizeof *h);
    HPDF_Stream s = h ? HPDF_CallbackReader_New(o->pdf->mmgr, held_read,
                                                held_seek, held_tell,
                                                held_size, h)
                      : NULL;
    if (!s) {
        np_mem_free(o->alloc, h);
        np_mem_free(o->alloc, data);
        return NULL;
    }
    *h = (held){ .alloc = o->alloc, .data = data, .len = len };
    s->free_fn = held_free;
    return s;
}

HPDF_Stream np_pdf_borrowed_stream(np_pdf_out *o, const unsigned char *data,
                                   size_t len)
{
    HPDF_Stream s = held_stream(o, NULL, 0);
    if (s) {
        held *h = s->attr;
        h->data = (unsigned char *)data;    /* only read */
        h->len = len;
        h->borrowed = true;
    }
    return s;
}

static int write_page(np_pdf_out *o, HPDF_Dict contents, held *h,
                      const unsigned char *data, size_t len);

/* pack.c hands back page `index` deflated: it becomes the content of
 * the (so far empty) stream of that page, or goes to the file at once
 * when pages go out as they end. */
static int deliver_page(void *ud, size_t index, const unsigned char *data,
                        size_t len)
{
    np_pdf_out *o = ud;
    HPDF_Dict contents = o->packed[index];
    held *h = contents->stream->attr;
    if (o->early)
        return write_page(o, contents, h, data, len);
    h->data = np_mem_alloc(o->alloc, len ? len : 1);
    if (!h->data)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    memcpy(h->data, data, len);
    h->len = len;
    return 0;
}

static bool note_packed(np_pdf_out *o, HPDF_Dict contents)
{
    HPDF_Dict *grown = np_grow(o->alloc, o->packed, &o->packed_cap,
                               o->packed_count + 1, sizeof *grown);
    if (!grown)
        return false;
    o->packed = grown;
    o->packed[o->packed_count++] = contents;
    return true;
}

/* The page's content (o->content), gathered by us as it was drawn,
 * goes to pack.c to be deflated beside the next pages' layout; the
 * page's stream, replaced by an empty one of ours, gets it back
 * deflated, with the /Filter key libharu would drop from a stream it
 * does not compress itself. A stream libharu is to write as it is gets
 * the content as it is. No page operator may run on the page
 * afterwards. */
int np_pdf_pack_page(np_pdf_out *o)
{
    const char *doing = "compressing a page";
    HPDF_PageAttr attr = (HPDF_PageAttr)o->page->attr;
    HPDF_Dict contents = attr->contents;
    if (np_pdf_content_check(o) < 0)
        return -1;
    size_t len;
    unsigned char *raw = (unsigned char *)np_buf_take(&o->content, &len);
    if (!(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE)
        || contents->write_fn || contents->stream != attr->stream) {
        HPDF_STATUS st = HPDF_Stream_Write(attr->stream, raw, (HPDF_UINT)len);
        np_mem_free(o->alloc, raw);
        return np_pdf_check_status(o, st, doing);
    }
    /* the next page is about as long: one allocation for it */
    np_buf_reserve(&o->content, len);
    if (!raw && !(raw = np_mem_alloc(o->alloc, 1)))
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    if (!o->packer && !(o->packer = np_packer_new(o->alloc, o->deflater,
                                                  deliver_page, o))) {
        np_mem_free(o->alloc, raw);
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    }
    HPDF_Stream empty = held_stream(o, NULL, 0);
    if (np_pdf_check_ptr(o, empty, doing) < 0) {
        np_mem_free(o->alloc, raw);
        return -1;
    }
    if (!note_packed(o, contents)) {
        np_mem_free(o->alloc, raw);
        HPDF_Stream_Free(empty);
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    }
    HPDF_Stream_Free(contents->stream);
    contents->stream = attr->stream = empty;
    np_pdf_deflated(contents);
    if (np_packer_submit(o->packer, raw, len) < 0)
        return o->failed ? -1 : np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    return 0;
}

/* `dict`'s stream becomes raw[0..len) deflated (with the fast level
 * when `binary`), in a block of ours, marked deflated. */
static int pack_into(np_pdf_out *o, HPDF_Dict dict, const unsigned char *raw,
                     size_t len, bool binary)
{
    size_t packed_len = 0;
    unsigned char *packed = np_mem_alloc(o->alloc, np_pack_bound(len));
    bool ok = packed && (binary
                         ? np_deflater_pack_binary(o->deflater, raw, len,
                                                   packed, &packed_len)
                         : np_deflater_pack(o->deflater, raw, len, packed,
                                            &packed_len));
    /* the bound the deflater needed is more than it wrote */
    unsigned char *fit = ok ? np_mem_realloc(o->alloc, packed,
                                             packed_len ? packed_len : 1)
                            : NULL;
    if (!fit)
        np_mem_free(o->alloc, packed);
    HPDF_Stream s = fit ? held_stream(o, fit, packed_len) : NULL;
    if (!s)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    HPDF_Stream_Free(dict->stream);
    dict->stream = s;
    np_pdf_deflated(dict);
    return 0;
}

int np_pdf_pack_program(void *self, HPDF_Dict file, const unsigned char *data,
                        size_t len)
{
    return pack_into(self, file, data, len, true);
}

/* Deflates, with the document's one compressor, a stream libharu
 * would deflate while saving (fonts' maps, CMaps, the colour profile),
 * with a fresh zlib state for each. */
static int pack_stream(np_pdf_out *o, HPDF_Dict dict)
{
    size_t len;
    unsigned char *raw = stream_bytes(o, dict->stream, &len);
    if (!raw)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    int rc = pack_into(o, dict, raw, len, false);
    np_mem_free(o->alloc, raw);
    return rc;
}

static bool libharu_deflates(const HPDF_Dict dict)
{
    return (dict->header.obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT &&
           dict->stream && dict->stream->type == HPDF_STREAM_MEMORY &&
           (dict->filter & HPDF_STREAM_FILTER_FLATE_DECODE) &&
           !(dict->filter & ~HPDF_STREAM_FILTER_FLATE_DECODE) &&
           !dict->write_fn && !dict->filterParams;
}

static int pack_streams(np_pdf_out *o)
{
    for (HPDF_Xref x = o->pdf->xref; x; x = x->prev)
        for (HPDF_UINT i = 0; i < x->entries->count; i++) {
            HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
            if (e && e->obj && libharu_deflates(e->obj) &&
                pack_stream(o, e->obj) < 0)
                return -1;
        }
    return 0;
}

/* Every page deflated and back in its stream, before saving. */
static int finish_pages(np_pdf_out *o)
{
    if (!o->packer || np_packer_finish(o->packer) == 0)
        return 0;
    return o->failed ? -1 : np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
}

/* ---- saving ---------------------------------------------------------- */

/* Hands the gathered bytes to the caller's write function; a refusal
 * sticks. */
static int flush_out(np_pdf_out *o)
{
    if (!o->write_failed && o->chunk_len > 0
        && o->write(o->write_ud, o->chunk, o->chunk_len) != 0)
        o->write_failed = true;
    o->chunk_len = 0;
    return o->write_failed ? -1 : 0;
}

/* Gathers bytes into CHUNK_SIZE pieces before they reach the caller.
 * 0, or -1 once the caller refused some. */
static int gather(np_pdf_out *o, const unsigned char *p, size_t n)
{
    while (n > 0) {
        if (o->chunk_len == CHUNK_SIZE && flush_out(o) < 0)
            return -1;
        size_t room = CHUNK_SIZE - o->chunk_len;
        size_t k = n < room ? n : room;
        memcpy(o->chunk + o->chunk_len, p, k);
        o->chunk_len += k;
        p += k;
        n -= k;
    }
    return o->write_failed ? -1 : 0;
}

/* libharu's callback stream, which writes token by token. */
static HPDF_STATUS save_write(HPDF_Stream stream, const HPDF_BYTE *p,
                              HPDF_UINT n)
{
    return gather(stream->attr, p, n) < 0 ? HPDF_FILE_IO_ERROR : HPDF_OK;
}

/* pdf_objstm.c's writer, which hands over pieces of any size. */
static int objstm_write(void *ud, const void *p, size_t n)
{
    return gather(ud, p, n);
}

/* HPDF_SaveToStream writes into the document's stream, which is a
 * memory stream of small pieces unless one is set before: a callback
 * stream set there instead gets the file as it is written. */
static HPDF_STATUS save_with(np_pdf_out *o, HPDF_Stream_Write_Func fn,
                             void *attr)
{
    HPDF_Stream out = HPDF_CallbackWriter_New(o->pdf->mmgr, fn, attr);
    if (!out)
        return HPDF_GetError(o->pdf) ? HPDF_GetError(o->pdf)
                                     : HPDF_INVALID_OBJECT;
    o->pdf->stream = out;
    HPDF_STATUS st = HPDF_SaveToStream(o->pdf);
    o->pdf->stream = NULL;
    HPDF_Stream_Free(out);
    return st;
}

/* PDF/A-1 (PDF 1.4) may have neither object streams nor a
 * cross-reference stream: the file goes out as libharu writes it. */
static HPDF_STATUS save_plain(np_pdf_out *o)
{
    return save_with(o, save_write, o);
}

/* ---- object by object, with object streams --------------------------- */

/* The value of an object in the clear, on its way to the file. */
static HPDF_STATUS clear_write(HPDF_Stream stream, const HPDF_BYTE *p,
                               HPDF_UINT n)
{
    np_objstm *w = stream->attr;
    np_objstm_put(w, p, n);
    return np_objstm_status_of(w) == NP_OBJSTM_OK ? HPDF_OK
                                                  : HPDF_FILE_IO_ERROR;
}

/* The value of an object for an object stream, kept until whole. */
static HPDF_STATUS keep_write(HPDF_Stream stream, const HPDF_BYTE *p,
                              HPDF_UINT n)
{
    return np_buf_append(stream->attr, p, n) ? HPDF_OK
                                             : HPDF_FAILD_TO_ALLOC_MEM;
}

static bool is_stream(void *obj)
{
    const HPDF_Obj_Header *h = obj;
    return (h->obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT
           && ((HPDF_Dict)obj)->stream;
}

typedef struct np_pdf_saver {
    np_objstm *w;
    HPDF_Stream clear, keep;    /* into the file; into `value` */
    np_buf value;
} saver;

/* Object `num` in the clear, its value as libharu writes it. */
static HPDF_STATUS save_clear(saver *s, void *obj, uint32_t num)
{
    np_objstm_open(s->w, num);
    HPDF_STATUS st = HPDF_Obj_WriteValue(obj, s->clear, NULL);
    np_objstm_close(s->w);
    return st;
}

/* Object `num`: a stream in the clear (libharu sets the stream's
 * /Length object, numbered after it, as it writes it); any other
 * object into an object stream. */
static HPDF_STATUS save_object(saver *s, HPDF_XrefEntry e, uint32_t num)
{
    HPDF_STATUS st;
    if (e->gen_no != 0)
        return HPDF_INVALID_OBJECT;
    if (is_stream(e->obj)) {
        st = save_clear(s, e->obj, num);
    } else {
        np_buf_clear(&s->value);
        st = HPDF_Obj_WriteValue(e->obj, s->keep, NULL);
        if (st == HPDF_OK)
            np_objstm_gather(s->w, num, s->value.data, s->value.len);
    }
    return st;
}

void np_pdf_save_free(np_pdf_out *o)
{
    saver *s = o->saver;
    if (!s)
        return;
    if (s->keep)
        HPDF_Stream_Free(s->keep);
    if (s->clear)
        HPDF_Stream_Free(s->clear);
    np_objstm_free(s->w);
    np_buf_free(&s->value);
    np_mem_free(o->alloc, s);
    o->saver = NULL;
}

/* The file begun, once: the header, then the Info dictionary, first
 * and in the clear: np_pdf_is_ours (pdf_mark.c) finds the engine's
 * /Creator there in one small read, and it is a few hundred bytes. The
 * number of objects is not known yet (np_objstm_size). */
static HPDF_STATUS saver_open(np_pdf_out *o)
{
    if (o->saver)
        return HPDF_OK;
    saver *s = np_mem_alloc(o->alloc, sizeof *s);
    if (!s)
        return HPDF_FAILD_TO_ALLOC_MEM;
    *s = (saver){ 0 };
    np_buf_init(&s->value, o->alloc);
    o->saver = s;
    if (!o->chunk && !(o->chunk = np_mem_alloc(o->alloc, CHUNK_SIZE)))
        return HPDF_FAILD_TO_ALLOC_MEM;
    s->w = np_objstm_new(o->alloc, o->deflater, 0, objstm_write, o);
    s->clear = s->w ? HPDF_CallbackWriter_New(o->pdf->mmgr, clear_write, s->w) : NULL;
    s->keep = s->clear ? HPDF_CallbackWriter_New(o->pdf->mmgr, keep_write, &s->value) : NULL;
    if (!s->keep)
        return HPDF_FAILD_TO_ALLOC_MEM;
    np_objstm_header(s->w, (char)('2' + o->pdf->pdf_version));
    HPDF_Dict info = o->pdf->info;
    return info ? save_clear(s, info, np_pdf_object_number(info)) : HPDF_OK;
}

/* The objects not written yet, in their order. */
static HPDF_STATUS save_objects(saver *s, HPDF_Xref x)
{
    HPDF_STATUS st = HPDF_OK;
    for (HPDF_UINT i = 1; i < x->entries->count && st == HPDF_OK; i++) {
        HPDF_XrefEntry e = HPDF_List_ItemAt(x->entries, i);
        if (!e || !e->obj)
            st = HPDF_INVALID_OBJECT;
        else if (!np_objstm_given(s->w, x->start_offset + i))
            st = save_object(s, e, x->start_offset + i);
    }
    return st;
}

/* "/Root 1 0 R /Info 2 0 R /ID [...]", as libharu writes its trailer. */
static HPDF_STATUS trailer_text(saver *s, HPDF_Doc pdf)
{
    np_buf *b = &s->value;
    np_buf_clear(b);
    np_buf_printf(b, "/Root %u 0 R", (unsigned)np_pdf_object_number(pdf->catalog));
    if (pdf->info)
        np_buf_printf(b, " /Info %u 0 R", (unsigned)np_pdf_object_number(pdf->info));
    HPDF_Array id = HPDF_Dict_GetItem(pdf->trailer, "ID", HPDF_OCLASS_ARRAY);
    if (id) {
        np_buf_puts(b, " /ID ");
        HPDF_STATUS st = HPDF_Obj_WriteValue(id, s->keep, NULL);
        if (st != HPDF_OK)
            return st;
    }
    return b->failed ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
}

static HPDF_STATUS status_of(np_objstm_status st)
{
    return st == NP_OBJSTM_OK ? HPDF_OK
           : st == NP_OBJSTM_NO_MEMORY ? HPDF_FAILD_TO_ALLOC_MEM
           : st == NP_OBJSTM_WRITE_FAILED ? HPDF_FILE_IO_ERROR
           : HPDF_INVALID_OBJECT;
}

/* Any other file is written object by object by pdf_objstm.c, with
 * object streams (libharu 2.3.0 cannot write them), as libharu's save
 * would write them but for the order: pages' contents as the pages end
 * when they may go out then, other streams as they come, small objects
 * a hundred at a time, and the file is never held whole. libharu writes
 * each object's value (HPDF_Obj_WriteValue); its save
 * (HPDF_SaveToStream) is not used, nor a file read back. */
static HPDF_STATUS save_packed(np_pdf_out *o)
{
    HPDF_Xref x = o->pdf->xref;
    if (x->prev || x->start_offset != 0 || x->entries->count < 2)
        return HPDF_INVALID_OBJECT;
    HPDF_STATUS st = saver_open(o);
    saver *s = o->saver;
    if (st == HPDF_OK) {
        np_objstm_size(s->w, x->entries->count);
        st = save_objects(s, x);
    }
    if (st == HPDF_OK)
        st = trailer_text(s, o->pdf);
    if (st == HPDF_OK)
        st = status_of(np_objstm_finish(s->w, s->value.data, s->value.len));
    else if (s && s->w && np_objstm_status_of(s->w) != NP_OBJSTM_OK)
        st = status_of(np_objstm_status_of(s->w));
    np_pdf_save_free(o);
    return st;
}

/* What a status of writing means for the render: 0, or -1 reported. */
static int written(np_pdf_out *o, HPDF_STATUS st)
{
    if (o->failed)
        return -1;
    if (st == HPDF_FAILD_TO_ALLOC_MEM && !o->write_failed)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    if (o->write_failed) {
        np_pdf_report(o, NP_MSG_IO_WRITE, o->file ? o->file : "the PDF",
                      "the output was refused");
        o->failed = true;
        return -1;
    }
    return np_pdf_check_status(o, st, "saving the document");
}

void np_pdf_write_early(np_pdf_out *o, np_write_fn write, void *ud)
{
    if (!write || o->pdfa)
        return;
    o->write = write;
    o->write_ud = ud;
    o->early = true;
}

/* A page's content stream, deflated, goes to the file now: libharu
 * writes it from `data` (not copied), and the stream is left empty. */
static int write_page(np_pdf_out *o, HPDF_Dict contents, held *h,
                      const unsigned char *data, size_t len)
{
    HPDF_STATUS st = saver_open(o);
    if (st == HPDF_OK) {
        *h = (held){ .alloc = o->alloc, .data = (unsigned char *)data, .len = len };
        st = save_clear(o->saver, contents, np_pdf_object_number(contents));
        *h = (held){ .alloc = o->alloc };
    }
    return written(o, st);
}

/* Saves into `write`, in CHUNK_SIZE pieces. */
static int save_to(np_pdf_out *o, np_write_fn write, void *ud)
{
    o->write = write;
    o->write_ud = ud;
    if (!o->chunk && !(o->chunk = np_mem_alloc(o->alloc, CHUNK_SIZE)))
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    HPDF_STATUS st = o->pdfa ? save_plain(o) : save_packed(o);
    if (!o->failed && !o->write_failed && st == HPDF_OK)
        flush_out(o);
    return written(o, st);
}

int np_pdf_save(np_pdf_out *o, np_write_fn write, void *ud)
{
    if (finish_pages(o) < 0 || pack_streams(o) < 0)
        return -1;
    return save_to(o, write, ud);
}
