/*
 * out_pdf.c - the PDF back end of the output interface (typesetting/out.h), written
 * with libharu 2.3.0: pages, text runs, rules, filled rectangles,
 * images, URI links, bookmarks and the document information.
 *
 * Text is shown in Type0 fonts made by pdf_font.c, which embeds subsets
 * of the faces the engine already holds: each character is written as
 * the two-byte CID the font gives it. Two defects of that libharu
 * version are worked around here (docs/dependencies.md): word spacing has no
 * effect on two-byte codes, so every run is written as a raw TJ array
 * whose spaces carry the justification; a "keep zoom" XYZ destination
 * is refused, so bookmark destinations are built as arrays by hand.
 *
 * With np_out_meta.pdfa it makes PDF/A-1b, which libharu 2.3.0 cannot
 * do by itself (docs/dependencies.md): its own PDF/A call writes the XMP metadata
 * without escaping, names the output profile with a trailing space in
 * the key and takes the /ID from the clock. Here the XMP is written and
 * escaped by us, the output intent carries an sRGB ICC profile read at
 * run time, the font descriptors get the CIDSet PDF/A-1 asks for, and
 * the /ID is an MD5 digest of every drawing operation, so the same
 * description gives the same bytes. Without pdfa none of this is
 * written, and the output is as it always was.
 *
 * Images never reach libharu as PNG files (its reader aborts the process
 * on a corrupt one and garbles alpha channels): png_check.c decodes them
 * and they are handed over as raw 8-bit samples, their transparency as
 * a soft mask, or, for PDF/A-1, which forbids soft masks, laid over
 * white.
 *
 * It does not lay out or measure for layout: the set width (Tc, Tz) and
 * the kerning of a run come from the layout, as measured. With pdf_font.c it is
 * the only code that includes hpdf.h, and both are compiled without
 * HPDF_SHARED so that libharu's object structs are visible: the page
 * content stream, the catalog and the trailer are reached through them.
 *
 * Errors: libharu's handler only records the first error; the operation
 * that met it reports it once through np_report (NP_MSG_PDF) and returns
 * -1, and every later operation returns -1 at once, since libharu's
 * error state is sticky. Nothing here is static and writable: one
 * back end owns one HPDF_Doc, so documents can be made in parallel.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_conf.h>          /* HPDF_STREAM_BUF_SIZ, as libharu uses it */

#include "ground/arena.h"
#include "ground/limit.h"
#include "output/backends.h"
#include "output/pack.h"
#include "output/pdf_font.h"
#include "output/image.h"
#include "ground/file_read.h"

#define REPLACEMENT 0xFFFDu
#define MAX_OUTLINE_DEPTH 16    /* deeper bookmarks hang at this depth */
#define CHUNK_SIZE 16384        /* bytes handed to write() at a time */
#define MAX_PROFILE (1024 * 1024)       /* an sRGB profile is ~3 kB */

/* The Info strings PDF/A mirrors into the XMP metadata, by index. */
enum { META_TITLE, META_SUBJECT, META_AUTHOR, META_CREATOR, META_COUNT };

/* A growable byte buffer; `oom` sticks once an allocation failed, so a
 * run of appends is checked once at the end. */
typedef struct strbuf {
    const np_allocator *alloc;
    char *p;
    size_t len, cap;
    bool oom;
} strbuf;

typedef struct pdf_font {
    const np_face *face;
    np_pdf_font *font;
    bool shared;                /* another index owns `font` */
} pdf_font;

typedef struct pdf_out {
    const np_allocator *alloc;
    np_diags *diags;
    char *file;
    HPDF_Doc pdf;
    HPDF_STATUS error_no, detail_no;    /* first error libharu reported */
    bool failed;                        /* reported; later ops fail */
    bool begun;
    pdf_font *fonts;
    int font_count;
    HPDF_Page page;                     /* NULL outside begin/end_page */
    double page_height;
    unsigned links;                     /* on this page */
    bool in_text;                       /* inside BT ... ET */
    bool cap_set;                       /* line cap written on this page */
    int cur_font;                       /* font and size last set, */
    double cur_size;                    /* -1 / 0 when none on this page */
    double cur_tc, cur_tz;              /* Tc and Tz last set: 0 and 100 */
    unsigned cur_fill;                  /* fill colour last set: 0 black */
    double line_width;                  /* -1: none set on this page */
    HPDF_Outline outline[MAX_OUTLINE_DEPTH];   /* last entry per level */
    int outline_depth;
    strbuf buf;                         /* scratch: TJ arrays, CMaps */
    bool pdfa;                          /* PDF/A-1b asked for */
    HPDF_MD5_CTX digest;                /* of every operation: the /ID */
    char *meta[META_COUNT];             /* cleaned Info strings (PDF/A) */
    long long time;                     /* creation date; <0: none */
    np_write_fn write;                  /* while saving: where bytes go */
    void *write_ud;
    unsigned char *chunk;               /* CHUNK_SIZE bytes gathered */
    size_t chunk_len;
    bool write_failed;
    np_deflater *deflater;              /* this thread's, for every stream */
    np_packer *packer;                  /* deflates pages as they end */
    HPDF_Dict *packed;                  /* their content streams, in order */
    size_t packed_count, packed_cap;
} pdf_out;

static const np_pos NO_POS = { 0, 0 };

/* A page's links are one array, and libharu's arrays hold at most
 * HPDF_LIMIT_MAX_ARRAY entries. */
#define MAX_PAGE_LINKS 32767u

/* ---- buffer ---------------------------------------------------------- */

static void sb_put(strbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *p = np_mem_realloc(b->alloc, b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void sb_puts(strbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

/* Four upper-case hex digits: a two-byte code as PDF strings spell it. */
static void sb_hex4(strbuf *b, unsigned code)
{
    static const char digits[] = "0123456789ABCDEF";
    char s[4] = {
        digits[code >> 12 & 15], digits[code >> 8 & 15],
        digits[code >> 4 & 15], digits[code & 15],
    };
    sb_put(b, s, 4);
}

/* `v` with at most three decimals and no trailing zeros, built from
 * integers so that the C library's locale (a decimal comma) cannot leak
 * into the PDF. Callers keep |v| far below 1e15. */
/* v with `places` decimals (at most 6), trailing zeros dropped. */
static void sb_decimal(strbuf *b, double v, int places)
{
    long long unit = 1;
    for (int i = 0; i < places; i++)
        unit *= 10;
    long long n = llround(v * (double)unit);
    unsigned long long a = n < 0 ? 0ULL - (unsigned long long)n
                                 : (unsigned long long)n;
    char s[48];
    int len = snprintf(s, sizeof s, "%s%llu.%0*llu", n < 0 ? "-" : "",
                       a / (unsigned long long)unit, places,
                       a % (unsigned long long)unit);
    while (s[len - 1] == '0')
        len--;
    if (s[len - 1] == '.')
        len--;
    sb_put(b, s, (size_t)len);
}

static void sb_number(strbuf *b, double v)
{
    sb_decimal(b, v, 3);
}

/* ---- characters ------------------------------------------------------ */

/* Decodes one UTF-8 character of u[0..len) (len >= 1) into *cp and
 * returns the bytes it took; a malformed sequence gives U+FFFD and
 * consumes its lead byte and any continuation bytes that came with it. */
static size_t utf8_decode(const unsigned char *u, size_t len, unsigned *cp)
{
    static const unsigned least[4] = { 0, 0x80, 0x800, 0x10000 };
    unsigned c = u[0];
    size_t n = c < 0x80 ? 0 : c < 0xC0 ? 4 : c < 0xE0 ? 1
             : c < 0xF0 ? 2 : c < 0xF8 ? 3 : 4;
    if (n == 4) {
        *cp = REPLACEMENT;
        return 1;
    }
    unsigned v = n ? c & (0x3Fu >> n) : c;
    for (size_t i = 1; i <= n; i++) {
        if (i >= len || (u[i] & 0xC0) != 0x80) {
            *cp = REPLACEMENT;
            return i;
        }
        v = v << 6 | (u[i] & 0x3Fu);
    }
    bool bad = v < least[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF);
    *cp = bad ? REPLACEMENT : v;
    return n + 1;
}

/* The next character as the code the font is shown with. What the
 * two-byte encoding cannot carry (beyond U+FFFD), and control characters,
 * which have no glyph, become U+FFFD. */
static size_t next_code(const char *s, size_t len, unsigned *code)
{
    size_t n = utf8_decode((const unsigned char *)s, len, code);
    unsigned c = *code;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c > REPLACEMENT)
        *code = REPLACEMENT;
    return n;
}

static void sb_utf8(strbuf *b, unsigned c)
{
    char s[3];
    size_t n;
    if (c < 0x80) {
        s[0] = (char)c;
        n = 1;
    } else if (c < 0x800) {
        s[0] = (char)(0xC0 | c >> 6);
        s[1] = (char)(0x80 | (c & 0x3F));
        n = 2;
    } else {
        s[0] = (char)(0xE0 | c >> 12);
        s[1] = (char)(0x80 | (c >> 6 & 0x3F));
        s[2] = (char)(0x80 | (c & 0x3F));
        n = 3;
    }
    sb_put(b, s, n);
}

/* ---- errors ---------------------------------------------------------- */

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *ud)
{
    pdf_out *o = ud;
    if (o->error_no == 0) {
        o->error_no = error_no;
        o->detail_no = detail_no;
    }
}

static void report(pdf_out *o, np_msg msg, ...)
{
    if (!o->diags)
        return;
    va_list ap;
    va_start(ap, msg);
    np_vreport(o->diags, o->file, NO_POS, msg, ap);
    va_end(ap);
}

/* Gives up on the document with a message of our own (misuse of the
 * interface, out of memory): `what` fills the message's %s. */
static int refuse(pdf_out *o, np_msg msg, const char *what)
{
    if (!o->failed)
        report(o, msg, what);
    o->failed = true;
    return -1;
}

/* 0 when a libharu call returned `status` OK and raised nothing;
 * otherwise reports the first recorded error once and gives up. */
static int check(pdf_out *o, HPDF_STATUS status, const char *doing)
{
    if (status == HPDF_OK && o->error_no == HPDF_OK)
        return 0;
    if (!o->failed) {
        HPDF_STATUS e = o->error_no ? o->error_no : status;
        report(o, NP_MSG_PDF, (unsigned)e, (unsigned)o->detail_no, doing);
    }
    o->failed = true;
    return -1;
}

/* The same for calls that return an object, NULL on failure. */
static int check_ptr(pdf_out *o, const void *p, const char *doing)
{
    return check(o, p ? HPDF_OK : HPDF_GetError(o->pdf), doing);
}

/* Whether an operation may go on: nothing failed, the document began,
 * and, when `outside` names the operation, a page is open. */
static int usable(pdf_out *o, const char *outside)
{
    if (o->failed)
        return -1;
    if (!o->begun)
        return refuse(o, NP_MSG_INTERNAL, "output before begin_document");
    if (outside && !o->page)
        return refuse(o, NP_MSG_INTERNAL, outside);
    return 0;
}

static bool finite4(double a, double b, double c, double d)
{
    return isfinite(a) && isfinite(b) && isfinite(c) && isfinite(d);
}

/* ---- content digest (the PDF/A /ID) ----------------------------------- */

static void digest(pdf_out *o, const void *p, size_t n)
{
    if (o->pdfa)
        HPDF_MD5Update(&o->digest, p, (HPDF_UINT32)n);
}

/* A string with its terminator, so that "ab" + "c" and "a" + "bc"
 * differ; NULL counts as empty. */
static void digest_str(pdf_out *o, const char *s)
{
    digest(o, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* An operation and its numbers, each rounded to 1/1000 and spelt in
 * eight bytes, most significant first: the digest then depends neither
 * on the machine's byte order nor on its floating-point format. */
static void digest_op(pdf_out *o, char op, int n, const double *v)
{
    if (!o->pdfa)
        return;
    digest(o, &op, 1);
    for (int i = 0; i < n; i++) {
        unsigned long long u = (unsigned long long)llround(v[i] * 1000);
        unsigned char b[8];
        for (int k = 0; k < 8; k++)
            b[k] = (unsigned char)(u >> (56 - 8 * k));
        digest(o, b, 8);
    }
}

/* ---- document -------------------------------------------------------- */

static int set_up(pdf_out *o)
{
    return check(o, HPDF_SetCompressionMode(o->pdf, HPDF_COMP_ALL),
                 "setting up the document");
}

/* `utf8` as a PDF text string: a byte-order mark and UTF-16BE, which
 * libharu writes in hex. Made here rather than by libharu's "UTF-8"
 * encoder, whose set-up (two 65,536-entry tables per document) cost a
 * short note more than its bookmarks and metadata together. */
static HPDF_Binary text_string(pdf_out *o, const char *utf8)
{
    strbuf *b = &o->buf;
    size_t len = strlen(utf8);
    b->len = 0;
    sb_put(b, "\xFE\xFF", 2);
    for (size_t i = 0; i < len;) {
        unsigned c;
        i += utf8_decode((const unsigned char *)utf8 + i, len - i, &c);
        if (c > 0xFFFF) {
            c -= 0x10000;
            unsigned high = 0xD800 + (c >> 10), low = 0xDC00 + (c & 0x3FF);
            char pair[4] = { (char)(high >> 8), (char)high, (char)(low >> 8),
                             (char)low };
            sb_put(b, pair, 4);
        } else {
            char unit[2] = { (char)(c >> 8), (char)c };
            sb_put(b, unit, 2);
        }
    }
    if (b->oom || b->len > NP_MAX_PDF_STRING)
        return NULL;
    return HPDF_Binary_New(o->pdf->mmgr, (HPDF_BYTE *)b->p, (HPDF_UINT)b->len);
}

/* Why text_string gave nothing, reported once. */
static int refuse_text(pdf_out *o)
{
    return o->buf.oom ? refuse(o, NP_MSG_NO_MEMORY, NULL)
                      : refuse(o, NP_MSG_INTERNAL, "a text string longer than a PDF holds");
}

static int set_info(pdf_out *o, const char *key, const char *value)
{
    const char *doing = "setting the document information";
    if (!value)
        return 0;
    /* libharu makes the Info dictionary with the document, to hold its
     * /Producer */
    if (!o->pdf->info)
        return refuse(o, NP_MSG_INTERNAL, "the document has no Info dictionary");
    HPDF_Binary s = text_string(o, value);
    if (!s)
        return refuse_text(o);
    return check(o, HPDF_Dict_Add(o->pdf->info, key, s), doing);
}

/* Creation and modification dates in UTC, spelt +00'00' rather than Z:
 * libharu's PDF/A code refuses the Z form (docs/dependencies.md). */
static int set_dates(pdf_out *o, long long t)
{
    if (t < 0)
        return 0;
    time_t tt = (time_t)t;
    struct tm tm;
    if ((long long)tt != t || !gmtime_r(&tt, &tm))
        return refuse(o, NP_MSG_INTERNAL, "document time out of range");
    HPDF_Date d = {
        .year = tm.tm_year + 1900, .month = tm.tm_mon + 1,
        .day = tm.tm_mday, .hour = tm.tm_hour, .minutes = tm.tm_min,
        .seconds = tm.tm_sec, .ind = '+', .off_hour = 0, .off_minutes = 0,
    };
    const char *doing = "setting the document dates";
    if (check(o, HPDF_SetInfoDateAttr(o->pdf, HPDF_INFO_CREATION_DATE, d),
              doing) < 0)
        return -1;
    return check(o, HPDF_SetInfoDateAttr(o->pdf, HPDF_INFO_MOD_DATE, d),
                 doing);
}

/* The catalog's /Lang, which libharu has no call for. */
static int set_lang(pdf_out *o, const char *lang)
{
    if (!lang)
        return 0;
    HPDF_String s = HPDF_String_New(o->pdf->mmgr, lang, NULL);
    return check(o, HPDF_Dict_Add(o->pdf->catalog, "Lang", s),
                 "setting the document language");
}

/* What PDF/A metadata can carry of an Info string, written the same in
 * the Info dictionary and in the XMP so that the two match: control
 * characters (which XML 1.0 cannot hold), malformed UTF-8 and what the
 * two-byte encoding cannot reach become U+FFFD, as in the text. */
static char *clean_text(pdf_out *o, const char *s)
{
    strbuf b = { .alloc = o->alloc };
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned code;
        i += next_code(s + i, len - i, &code);
        sb_utf8(&b, code);
    }
    sb_put(&b, "", 1);
    if (b.oom) {
        np_mem_free(o->alloc, b.p);
        return NULL;
    }
    return b.p;
}

/* Replaces each string of `text` by its cleaned copy, kept in o->meta
 * for the XMP. */
static int clean_meta(pdf_out *o, const char *text[META_COUNT])
{
    for (int i = 0; i < META_COUNT; i++) {
        if (!text[i])
            continue;
        o->meta[i] = clean_text(o, text[i]);
        if (!o->meta[i])
            return refuse(o, NP_MSG_NO_MEMORY, NULL);
        text[i] = o->meta[i];
    }
    return 0;
}

static int set_meta(pdf_out *o, const np_out_meta *m)
{
    const char *text[META_COUNT] = {
        [META_TITLE] = m->title, [META_SUBJECT] = m->subject,
        [META_AUTHOR] = m->author, [META_CREATOR] = m->creator,
    };
    if (o->pdfa && clean_meta(o, text) < 0)
        return -1;
    /* /Creator first, right after libharu's /Producer: np_pdf_is_ours
     * finds it there, however long the title (pdf_mark.c) */
    if (set_info(o, "Creator", text[META_CREATOR]) < 0
        || set_info(o, "Title", text[META_TITLE]) < 0
        || set_info(o, "Subject", text[META_SUBJECT]) < 0
        || set_info(o, "Author", text[META_AUTHOR]) < 0
        || set_dates(o, m->time) < 0)
        return -1;
    return set_lang(o, m->lang);
}

/* One PDF font per face: two indexes naming the same face share one. */
static int make_font(pdf_out *o, pdf_font *f, const np_face *face)
{
    for (pdf_font *g = o->fonts; g < f; g++) {
        if (g->face == face) {
            *f = (pdf_font){ .face = face, .font = g->font, .shared = true };
            return 0;
        }
    }
    f->face = face;
    f->font = np_pdf_font_new(o->pdf, face, o->alloc);
    return f->font ? 0 : refuse(o, NP_MSG_NO_MEMORY, NULL);
}

static int make_fonts(pdf_out *o, const np_out_meta *m)
{
    if (m->font_count <= 0)
        return 0;
    size_t size = (size_t)m->font_count * sizeof *o->fonts;
    o->fonts = np_mem_alloc(o->alloc, size);
    if (!o->fonts)
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    memset(o->fonts, 0, size);
    for (int i = 0; i < m->font_count; i++) {
        o->font_count = i + 1;  /* what free() must release */
        if (!m->faces[i])
            continue;           /* a slot the document never shows */
        if (make_font(o, &o->fonts[i], m->faces[i]) < 0)
            return -1;
    }
    return 0;
}

/* ---- PDF/A-1b -------------------------------------------------------- */

/* The digest starts with the document's facts, so two documents drawn
 * alike but titled apart get different IDs. */
static void begin_digest(pdf_out *o, const np_out_meta *m)
{
    o->pdfa = true;
    HPDF_MD5Init(&o->digest);
    digest_str(o, m->title);
    digest_str(o, m->subject);
    digest_str(o, m->author);
    digest_str(o, m->lang);
    digest_str(o, m->creator);
    digest_op(o, 'D', 1, (const double[]){ (double)m->time });
}

static int profile_error(pdf_out *o, const char *path, const char *why)
{
    if (!o->failed)
        report(o, NP_MSG_PDFA_PROFILE, path, why);
    o->failed = true;
    return -1;
}

/* Reads the ICC profile at `path` into a buffer the caller frees with
 * free(), and checks that it is one: the "acsp" signature, an RGB data
 * space. */
static int read_profile(pdf_out *o, const char *path, unsigned char **icc,
                        size_t *len)
{
    char *p, why[128];
    int err = np_file_read(path, MAX_PROFILE - 1, &p, len);
    if (err == ENOMEM)
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    if (err)
        return profile_error(o, path, err == EFBIG ? "larger than 1 MiB"
                             : np_file_error(err, why, sizeof why));
    const char *bad = *len < 128 || memcmp(p + 36, "acsp", 4) != 0
                      ? "not an ICC profile"
                      : memcmp(p + 16, "RGB ", 4) != 0 ? "not an RGB profile" : NULL;
    if (bad) {
        free(p);
        return profile_error(o, path, bad);
    }
    *icc = (unsigned char *)p;
    return 0;
}

static HPDF_STATUS add_string(pdf_out *o, HPDF_Dict d, const char *key,
                              const char *value)
{
    return HPDF_Dict_Add(d, key, HPDF_String_New(o->pdf->mmgr, value, NULL));
}

/* /OutputIntents [<< /S /GTS_PDFA1 ... /DestOutputProfile icc >>]: what
 * gives the page's DeviceGray black a defined colour. Each object is
 * attached as soon as it is made, so that libharu frees it with the
 * document whatever fails later. */
static HPDF_STATUS add_output_intent(pdf_out *o, const unsigned char *icc,
                                     size_t len)
{
    static const char *const sRGB = "sRGB IEC61966-2.1";
    HPDF_MMgr mmgr = o->pdf->mmgr;
    HPDF_Array list = HPDF_Array_New(mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(o->pdf->catalog, "OutputIntents", list);
    HPDF_Dict intent = st == HPDF_OK ? HPDF_Dict_New(mmgr) : NULL;
    if (st == HPDF_OK)
        st = HPDF_Array_Add(list, intent);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    if (st == HPDF_OK)
        st = add_string(o, intent, "OutputConditionIdentifier", sRGB);
    if (st == HPDF_OK)
        st = add_string(o, intent, "Info", sRGB);
    if (st == HPDF_OK)
        st = add_string(o, intent, "RegistryName", "http://www.color.org");
    HPDF_Dict profile = st == HPDF_OK
        ? HPDF_DictStream_New(mmgr, o->pdf->xref) : NULL;
    if (st == HPDF_OK)
        st = HPDF_Dict_Add(intent, "DestOutputProfile", profile);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(profile, "N", 3);
    if (st == HPDF_OK) {
        profile->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
        st = HPDF_Stream_Write(profile->stream, icc, (HPDF_UINT)len);
    }
    return st;
}

/* PDF/A-1 is based on PDF 1.4; libharu writes 1.3 unless told. The
 * profile is read now, so that a missing one fails before any page. */
static int begin_pdfa(pdf_out *o, const char *icc_path)
{
    const char *path = icc_path ? icc_path : NP_SRGB_PROFILE;
    unsigned char *icc;
    size_t len;
    o->pdf->pdf_version = HPDF_VER_14;
    if (read_profile(o, path, &icc, &len) < 0)
        return -1;
    HPDF_STATUS st = add_output_intent(o, icc, len);
    free(icc);
    return check(o, st, "adding the PDF/A output intent");
}

/* Text for XML element content; the strings were cleaned by
 * clean_text, so only the markup characters need escaping. */
static void sb_xml(strbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': sb_puts(b, "&amp;"); break;
        case '<': sb_puts(b, "&lt;"); break;
        case '>': sb_puts(b, "&gt;"); break;
        case '"': sb_puts(b, "&quot;"); break;
        default: sb_put(b, s, 1); break;
        }
    }
}

/* <tag><rdf:KIND><rdf:li ...>text</rdf:li></rdf:KIND></tag>, or nothing
 * when the Info entry is absent. */
static void xmp_list(strbuf *b, const char *tag, const char *kind,
                     const char *li, const char *text)
{
    if (!text)
        return;
    char s[160];
    snprintf(s, sizeof s, "<%s><rdf:%s><rdf:li%s>", tag, kind, li);
    sb_puts(b, s);
    sb_xml(b, text);
    snprintf(s, sizeof s, "</rdf:li></rdf:%s></%s>\n", kind, tag);
    sb_puts(b, s);
}

static void xmp_prop(strbuf *b, const char *tag, const char *text)
{
    if (!text)
        return;
    sb_puts(b, "<");
    sb_puts(b, tag);
    sb_puts(b, ">");
    sb_xml(b, text);
    sb_puts(b, "</");
    sb_puts(b, tag);
    sb_puts(b, ">\n");
}

/* The creation date as XMP spells it; the Info dictionary has the same
 * instant as D:YYYYMMDDHHmmSS+00'00'. */
static void xmp_dates(strbuf *b, long long t)
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (t < 0 || !gmtime_r(&tt, &tm))
        return;
    char date[96];
    snprintf(date, sizeof date, "%04d-%02d-%02dT%02d:%02d:%02d+00:00",
             tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
    xmp_prop(b, "xmp:CreateDate", date);
    xmp_prop(b, "xmp:ModifyDate", date);
}

static const char xmp_head[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    "<rdf:Description rdf:about=\"\""
    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
    "<pdfaid:part>1</pdfaid:part>\n"
    "<pdfaid:conformance>B</pdfaid:conformance>\n"
    "</rdf:Description>\n"
    "<rdf:Description rdf:about=\"\""
    " xmlns:dc=\"http://purl.org/dc/elements/1.1/\""
    " xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\""
    " xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
    "<dc:format>application/pdf</dc:format>\n";

static const char xmp_tail[] =
    "</rdf:Description>\n"
    "</rdf:RDF>\n"
    "</x:xmpmeta>\n"
    "<?xpacket end=\"r\"?>";

/* The XMP packet PDF/A asks for, each property equal to its Info entry
 * (Preflight compares them): Title, Author, Subject, Creator, Producer
 * and the dates. */
static void build_xmp(pdf_out *o, strbuf *b)
{
    const char *x_default = " xml:lang=\"x-default\"";
    b->len = 0;
    sb_puts(b, xmp_head);
    xmp_list(b, "dc:title", "Alt", x_default, o->meta[META_TITLE]);
    xmp_list(b, "dc:creator", "Seq", "", o->meta[META_AUTHOR]);
    xmp_list(b, "dc:description", "Alt", x_default, o->meta[META_SUBJECT]);
    xmp_prop(b, "xmp:CreatorTool", o->meta[META_CREATOR]);
    xmp_dates(b, o->time);
    xmp_prop(b, "pdf:Producer", HPDF_GetInfoAttr(o->pdf, HPDF_INFO_PRODUCER));
    sb_puts(b, xmp_tail);
}

/* The catalog's /Metadata stream, uncompressed as PDF/A-1 wants it
 * readable by tools that do not parse PDF. */
static int add_metadata(pdf_out *o)
{
    build_xmp(o, &o->buf);
    if (o->buf.oom)
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    HPDF_Dict md = HPDF_DictStream_New(o->pdf->mmgr, o->pdf->xref);
    HPDF_STATUS st = HPDF_Dict_Add(o->pdf->catalog, "Metadata", md);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(md, "Type", "Metadata");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(md, "Subtype", "XML");
    if (st == HPDF_OK)
        st = HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)o->buf.p,
                               (HPDF_UINT)o->buf.len);
    return check(o, st, "writing the XMP metadata");
}

/* The trailer's /ID [<digest> <digest>]: both halves the same, as for a
 * file written once. Set before saving, so libharu never makes one from
 * the clock. */
static int set_id(pdf_out *o)
{
    HPDF_BYTE id[16];
    HPDF_MD5Final(id, &o->digest);
    HPDF_MMgr mmgr = o->pdf->mmgr;
    HPDF_Array pair = HPDF_Array_New(mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(o->pdf->trailer, "ID", pair);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(pair, HPDF_Binary_New(mmgr, id, sizeof id));
    if (st == HPDF_OK)
        st = HPDF_Array_Add(pair, HPDF_Binary_New(mmgr, id, sizeof id));
    return check(o, st, "setting the document ID");
}

/* What PDF/A needs once every page is drawn. */
static int end_pdfa(pdf_out *o)
{
    if (add_metadata(o) < 0)
        return -1;
    return set_id(o);
}

static int pdf_begin_document(void *self, const np_out_meta *meta)
{
    pdf_out *o = self;
    if (o->failed)
        return -1;
    if (o->begun)
        return refuse(o, NP_MSG_INTERNAL, "begin_document called twice");
    o->begun = true;
    if (!meta || (meta->font_count > 0 && !meta->faces))
        return refuse(o, NP_MSG_INTERNAL, "begin_document without fonts");
    o->time = meta->time;
    if (meta->pdfa)
        begin_digest(o, meta);
    if (set_up(o) < 0 || set_meta(o, meta) < 0)
        return -1;
    if (o->pdfa && begin_pdfa(o, meta->icc_path) < 0)
        return -1;
    return make_fonts(o, meta);
}

/* ---- pages and text -------------------------------------------------- */

static int pdf_begin_page(void *self, double width, double height)
{
    pdf_out *o = self;
    if (usable(o, NULL) < 0)
        return -1;
    if (o->page)
        return refuse(o, NP_MSG_INTERNAL, "begin_page inside a page");
    const char *doing = "adding a page";
    HPDF_Page page = HPDF_AddPage(o->pdf);
    if (check_ptr(o, page, doing) < 0
        || check(o, HPDF_Page_SetWidth(page, (HPDF_REAL)width), doing) < 0
        || check(o, HPDF_Page_SetHeight(page, (HPDF_REAL)height), doing) < 0)
        return -1;
    o->page = page;
    o->page_height = height;
    o->links = 0;
    digest_op(o, 'P', 2, (const double[]){ width, height });
    o->in_text = o->cap_set = false;
    o->cur_font = -1;
    o->cur_size = 0;
    o->cur_tc = 0;
    o->cur_tz = 100;
    o->cur_fill = 0;
    o->line_width = -1;
    return 0;
}

/* Text objects stay open across consecutive runs, so a page of lines is
 * one BT ... ET; drawing anything else closes it first, as libharu's
 * graphics-mode checks require. */
static int begin_text(pdf_out *o)
{
    if (o->in_text)
        return 0;
    o->in_text = true;
    return check(o, HPDF_Page_BeginText(o->page), "starting text");
}

static int end_text(pdf_out *o)
{
    if (!o->in_text)
        return 0;
    o->in_text = false;
    return check(o, HPDF_Page_EndText(o->page), "ending text");
}

/* Appends o->buf to the page's content stream as it is: operators
 * libharu has no call for, or would write through its own encoding. */
static int write_content(pdf_out *o, const char *doing)
{
    strbuf *b = &o->buf;
    if (b->oom)
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    HPDF_Stream content = ((HPDF_PageAttr)o->page->attr)->stream;
    return check(o, HPDF_Stream_Write(content, (const HPDF_BYTE *)b->p,
                                      (HPDF_UINT)b->len),
                 doing);
}

/* Font and size are graphics state and outlive ET: set them only when
 * they change. */
static int set_font(pdf_out *o, int font, double size)
{
    if (font == o->cur_font && size == o->cur_size)
        return 0;
    o->cur_font = font;
    o->cur_size = size;
    const char *doing = "choosing a font";
    HPDF_Dict dict = np_pdf_font_dict(o->fonts[font].font);
    const char *name = dict ? HPDF_Page_GetLocalFontName(o->page, dict) : NULL;
    if (check_ptr(o, name, doing) < 0)
        return -1;
    strbuf *b = &o->buf;
    b->len = 0;
    sb_puts(b, "/");
    sb_puts(b, name);
    sb_puts(b, " ");
    sb_number(b, size);
    sb_puts(b, " Tf\n");
    return write_content(o, doing);
}

/* Decimals of Tc: it adds up over a line of ninety glyphs, and the
 * narrowed letters of a justified line give it any value; at three
 * decimals a line could miss the margin by 0.05 pt, at five by 0.0005. */
#define TC_PLACES 5

/* The set width of a run: Tc adds to every glyph's advance (spaces too)
 * and is scaled by Tz, so the tracking in points is Tc * Tz / 100. Like
 * the font, both outlive ET and are written only when they change. */
static int set_width(pdf_out *o, double tracking, double scale)
{
    double tz = scale * 100, tc = tracking / scale;
    if (tc == o->cur_tc && tz == o->cur_tz)
        return 0;
    strbuf *b = &o->buf;
    b->len = 0;
    if (tc != o->cur_tc) {
        sb_decimal(b, tc, TC_PLACES);
        sb_puts(b, " Tc\n");
    }
    if (tz != o->cur_tz) {
        sb_number(b, tz);
        sb_puts(b, " Tz\n");
    }
    o->cur_tc = tc;
    o->cur_tz = tz;
    return write_content(o, "setting the set width");
}

/* The fill colour paints glyphs and rectangles alike. */
static int set_fill(pdf_out *o, unsigned rgb)
{
    if (rgb == o->cur_fill)
        return 0;
    o->cur_fill = rgb;
    strbuf *b = &o->buf;
    b->len = 0;
    for (int shift = 16; shift >= 0; shift -= 8) {
        sb_number(b, (double)(rgb >> shift & 0xFF) / 255);
        sb_puts(b, " ");
    }
    sb_puts(b, "rg\n");
    return write_content(o, "setting a colour");
}

/* An absolute text matrix rather than TextOut's relative Td: positions
 * then never drift, however many runs share one text object. */
static int place_text(pdf_out *o, double x, double y)
{
    HPDF_REAL py = (HPDF_REAL)(o->page_height - y);
    return check(o, HPDF_Page_SetTextMatrix(o->page, 1, 0, 0, 1,
                                            (HPDF_REAL)x, py),
                 "placing text");
}

/* [<codes> adj <codes> ...] TJ: after each space that is not last, a
 * negative adjustment (thousandths of the size, scaled by Tz) widens it
 * by space_extra points; after a kerned character its kerning, already
 * in thousandths. The page's content stream gets the array as it is. */
static double run_scale(const np_out_text *run)
{
    return run->scale > 0 ? run->scale : 1;
}

static int show_run(pdf_out *o, const np_out_text *run)
{
    np_pdf_font *font = o->fonts[run->font].font;
    double spread = -run->space_extra * 1000 / (run->size * run_scale(run));
    strbuf *b = &o->buf;
    b->len = 0;
    sb_puts(b, "[<");
    for (size_t i = 0, k = 0; i < run->len; k++) {
        unsigned code;
        i += next_code(run->text + i, run->len - i, &code);
        sb_hex4(b, np_pdf_font_cid(font, code));
        double adjust = (code == 0x20 ? spread : 0) - (run->kern ? run->kern[k] : 0);
        if (fabs(adjust) >= 0.0005 && i < run->len) {
            sb_puts(b, "> ");
            sb_number(b, adjust);
            sb_puts(b, " <");
        }
    }
    sb_puts(b, ">] TJ\n");
    return write_content(o, "writing a text run");
}

/* A shaped run: each glyph by its CID, placed from the run's origin by
 * TJ numbers worked out from the exact positions (so no rounding piles
 * up along a line), raised by Ts where a mark sits higher or lower. The
 * pen position the PDF reaches is followed as written. */
static int show_glyphs(pdf_out *o, const np_out_text *run)
{
    np_pdf_font *font = o->fonts[run->font].font;
    double pen = 0, at = 0, rise = 0, unit = run->size / 1000;
    strbuf *b = &o->buf;
    b->len = 0;
    sb_puts(b, "[");
    for (size_t i = 0; i < run->nglyphs; i++) {
        const np_out_glyph *g = &run->glyphs[i];
        if (g->dy != rise) {
            sb_puts(b, "] TJ\n");
            sb_number(b, g->dy);
            sb_puts(b, " Ts\n[");
            rise = g->dy;
        }
        double move = (at + g->dx - pen) / unit;
        if (fabs(move) >= 0.0005) {
            long long thousandths = llround(-move * 1000);
            sb_decimal(b, (double)thousandths / 1000, 3);
            pen -= (double)thousandths / 1000 * unit;
        }
        size_t len = g->text < run->len ? run->len - g->text : 0;
        unsigned cid = np_pdf_font_cid_glyph(font, g->id, run->text + g->text,
                                             g->text_len < len ? g->text_len : len,
                                             g->width);
        sb_puts(b, "<");
        sb_hex4(b, cid);
        sb_puts(b, ">");
        pen += np_pdf_font_advance(font, cid) * unit;
        at += g->advance;
    }
    sb_puts(b, "] TJ\n");
    if (rise != 0)
        sb_puts(b, "0 Ts\n");
    return write_content(o, "writing a shaped run");
}

static bool run_is_sane(const pdf_out *o, const np_out_text *run)
{
    return run->font >= 0 && run->font < o->font_count && o->fonts[run->font].font
        && run->size > 0 && run->size <= HPDF_MAX_FONTSIZE
        && finite4(run->x, run->y, run->space_extra, run->tracking)
        && fabs(run->space_extra) < 1e6 && fabs(run->tracking) < 1e3
        && isfinite(run->scale) && run->scale >= 0 && run->scale <= 10
        && run->color <= 0xFFFFFF && (run->text || run->len == 0);
}

static int pdf_text(void *self, const np_out_text *run)
{
    pdf_out *o = self;
    if (usable(o, "a text run outside a page") < 0)
        return -1;
    if (!run_is_sane(o, run))
        return refuse(o, NP_MSG_INTERNAL,
                      "a text run with a bad font, size or position");
    if (run->len == 0)
        return 0;
    if (begin_text(o) < 0 || set_font(o, run->font, run->size) < 0
        || set_width(o, run->tracking, run_scale(run)) < 0
        || set_fill(o, run->color) < 0
        || place_text(o, run->x, run->y) < 0
        || (run->glyphs ? show_glyphs(o, run) : show_run(o, run)) < 0)
        return -1;
    digest_op(o, 'T', 7, (const double[]){ run->font, run->size, run->x,
                                           run->y, run->tracking, run_scale(run),
                                           run->color });
    digest(o, o->buf.p, o->buf.len);   /* the TJ array just written */
    return 0;
}

/* ---- rules, rectangles, links ---------------------------------------- */

/* Leaves text mode; butt caps are the PDF default, written once per page
 * anyway so the output does not depend on it. Colour is left at the
 * default black. */
static int begin_graphics(pdf_out *o)
{
    if (end_text(o) < 0)
        return -1;
    if (o->cap_set)
        return 0;
    o->cap_set = true;
    return check(o, HPDF_Page_SetLineCap(o->page, HPDF_BUTT_END),
                 "setting the line cap");
}

static int set_line_width(pdf_out *o, double width)
{
    if (width == o->line_width)
        return 0;
    o->line_width = width;
    return check(o, HPDF_Page_SetLineWidth(o->page, (HPDF_REAL)width),
                 "setting the line width");
}

static int pdf_rule(void *self, double x0, double y0, double x1, double y1,
                    double width)
{
    pdf_out *o = self;
    if (usable(o, "a rule outside a page") < 0)
        return -1;
    if (!finite4(x0, y0, x1, y1) || !isfinite(width))
        return refuse(o, NP_MSG_INTERNAL, "a rule with a bad position");
    if (begin_graphics(o) < 0 || set_line_width(o, width) < 0)
        return -1;
    double h = o->page_height;
    HPDF_STATUS st = HPDF_Page_MoveTo(o->page, (HPDF_REAL)x0,
                                      (HPDF_REAL)(h - y0));
    if (st == HPDF_OK)
        st = HPDF_Page_LineTo(o->page, (HPDF_REAL)x1, (HPDF_REAL)(h - y1));
    if (st == HPDF_OK)
        st = HPDF_Page_Stroke(o->page);
    digest_op(o, 'R', 5, (const double[]){ x0, y0, x1, y1, width });
    return check(o, st, "drawing a rule");
}

static int pdf_rect(void *self, double x, double y, double w, double h)
{
    pdf_out *o = self;
    if (usable(o, "a rectangle outside a page") < 0)
        return -1;
    if (!finite4(x, y, w, h))
        return refuse(o, NP_MSG_INTERNAL, "a rectangle with a bad position");
    if (begin_graphics(o) < 0 || set_fill(o, 0) < 0)
        return -1;
    double bottom = o->page_height - y - h;
    HPDF_STATUS st = HPDF_Page_Rectangle(o->page, (HPDF_REAL)x,
                                         (HPDF_REAL)bottom, (HPDF_REAL)w,
                                         (HPDF_REAL)h);
    if (st == HPDF_OK)
        st = HPDF_Page_Fill(o->page);
    digest_op(o, 'F', 4, (const double[]){ x, y, w, h });
    return check(o, st, "drawing a rectangle");
}

static HPDF_STATUS write_filter_key(HPDF_Dict dict, HPDF_Stream stream);

/* ---- images ---------------------------------------------------------- */

/* /DecodeParms of PNG-filtered rows (the file's own image data): an
 * array of one, as the /Filter array write_filter_key writes asks;
 * poppler ignores a lone dictionary there. */
static HPDF_STATUS add_predictor(HPDF_Dict x, const np_image *img,
                                 unsigned comps)
{
    HPDF_Array list = HPDF_Array_New(x->mmgr);
    HPDF_STATUS st = HPDF_Dict_Add(x, "DecodeParms", list);
    HPDF_Dict parms = st == HPDF_OK ? HPDF_Dict_New(x->mmgr) : NULL;
    if (st == HPDF_OK)
        st = HPDF_Array_Add(list, parms);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(parms, "Predictor", 15);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(parms, "Colors", (HPDF_INT32)comps);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(parms, "BitsPerComponent", 8);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(parms, "Columns", (HPDF_INT32)img->width);
    return st;
}

/* An image XObject of already deflated 8-bit samples, DeviceGray or
 * DeviceRGB: image.c deflated them once for every document, so the
 * stream is written as it is, with the /Filter key libharu would drop
 * from a stream it does not compress itself. */
static HPDF_Image xobject(pdf_out *o, const np_image *img,
                          const np_zplane *plane, unsigned comps)
{
    const char *doing = "adding an image";
    HPDF_Dict x = HPDF_DictStream_New(o->pdf->mmgr, o->pdf->xref);
    if (check_ptr(o, x, doing) < 0)
        return NULL;
    x->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
    x->filter = HPDF_STREAM_FILTER_NONE;
    x->write_fn = write_filter_key;
    HPDF_STATUS st = HPDF_Dict_AddName(x, "Type", "XObject");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(x, "Subtype", "Image");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(x, "Width", (HPDF_INT32)img->width);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(x, "Height", (HPDF_INT32)img->height);
    if (st == HPDF_OK)
        st = HPDF_Dict_AddName(x, "ColorSpace", comps == 3 ? "DeviceRGB"
                                                           : "DeviceGray");
    if (st == HPDF_OK)
        st = HPDF_Dict_AddNumber(x, "BitsPerComponent", 8);
    if (st == HPDF_OK && plane->predicted)
        st = add_predictor(x, img, comps);
    if (st == HPDF_OK)
        st = HPDF_Stream_Write(x->stream, plane->data, (HPDF_UINT)plane->len);
    return check(o, st, doing) < 0 ? NULL : x;
}

/* The image with its alpha as a soft mask, or, in PDF/A-1, which allows
 * no transparency, laid over white (the page then prints as a reader
 * shows it on white paper). */
static HPDF_Image make_image(pdf_out *o, const np_image *img)
{
    bool flatten = img->alpha.len > 0 && o->pdfa;
    if (flatten)
        report(o, NP_MSG_PDFA_FLATTENED, img->path);
    const np_zplane *colour = flatten ? &img->flat : &img->colour;
    /* the /ID changes with the picture, not only with its file name */
    digest(o, colour->data, colour->len);
    HPDF_Image x = xobject(o, img, colour, img->components);
    if (!x || !img->alpha.len || o->pdfa)
        return x;
    HPDF_Image mask = xobject(o, img, &img->alpha, 1);
    if (!mask || check(o, HPDF_Dict_Add(x, "SMask", mask),
                       "adding an image's transparency") < 0)
        return NULL;
    return x;
}

/* An image scaled into its box. */
static int pdf_image(void *self, const np_image *img, double x, double y,
                     double w, double h)
{
    pdf_out *o = self;
    if (usable(o, "an image outside a page") < 0)
        return -1;
    if (!finite4(x, y, w, h) || !img || !img->colour.len)
        return refuse(o, NP_MSG_INTERNAL, "an image with no data or a bad position");
    if (begin_graphics(o) < 0)
        return -1;
    HPDF_Image x_object = make_image(o, img);
    if (!x_object)
        return -1;
    digest_str(o, img->path);
    HPDF_STATUS st = HPDF_Page_DrawImage(o->page, x_object, (HPDF_REAL)x,
                                         (HPDF_REAL)(o->page_height - y - h),
                                         (HPDF_REAL)w, (HPDF_REAL)h);
    digest_op(o, 'I', 4, (const double[]){ x, y, w, h });
    return check(o, st, "drawing an image");
}

/* A borderless URI link; /F 4 (print) is what PDF/A asks of it. */
static int pdf_link(void *self, double x0, double y0, double x1, double y1,
                    const char *uri)
{
    pdf_out *o = self;
    if (usable(o, "a link outside a page") < 0)
        return -1;
    if (!finite4(x0, y0, x1, y1) || !uri || strlen(uri) > NP_MAX_PDF_STRING)
        return refuse(o, NP_MSG_INTERNAL, "a link with a bad box, or no URI, or one "
                      "longer than a PDF holds");
    if (o->links == MAX_PAGE_LINKS) {
        report(o, NP_MSG_PAGE_LINKS, MAX_PAGE_LINKS);
        o->failed = true;
        return -1;
    }
    o->links++;
    double h = o->page_height;
    HPDF_Rect r = { (HPDF_REAL)x0, (HPDF_REAL)(h - y1), (HPDF_REAL)x1,
                    (HPDF_REAL)(h - y0) };
    const char *doing = "adding a link";
    HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(o->page, r, uri);
    if (check_ptr(o, a, doing) < 0
        || check(o, HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0), doing) < 0)
        return -1;
    digest_op(o, 'L', 4, (const double[]){ x0, y0, x1, y1 });
    digest_str(o, uri);
    return check(o, HPDF_Dict_AddNumber(a, "F", 4), doing);
}

/* ---- bookmarks ------------------------------------------------------- */

/* [page /XYZ 0 top null]: a direct array, since libharu refuses zoom 0
 * ("keep the zoom") in its destination objects. */
static int set_destination(pdf_out *o, HPDF_Outline item, double y)
{
    HPDF_MMgr mmgr = o->pdf->mmgr;
    HPDF_Array dest = HPDF_Array_New(mmgr);
    if (check_ptr(o, dest, "making a bookmark destination") < 0)
        return -1;
    HPDF_STATUS st = HPDF_Dict_Add(item, "Dest", dest);
    if (st == HPDF_OK)
        st = HPDF_Array_Add(dest, o->page);
    if (st == HPDF_OK)
        st = HPDF_Array_AddName(dest, "XYZ");
    if (st == HPDF_OK)
        st = HPDF_Array_AddReal(dest, 0);
    if (st == HPDF_OK)
        st = HPDF_Array_AddReal(dest, (HPDF_REAL)(o->page_height - y));
    if (st == HPDF_OK)
        st = HPDF_Array_Add(dest, HPDF_Null_New(mmgr));
    return check(o, st, "making a bookmark destination");
}

/* Level n goes under the last entry of level n-1; a level that skips
 * ahead hangs under the deepest entry there is. Top-level entries open,
 * the others closed. */
static int pdf_bookmark(void *self, int level, const char *title, double y)
{
    pdf_out *o = self;
    if (usable(o, "a bookmark outside a page") < 0)
        return -1;
    if (!title || !isfinite(y))
        return refuse(o, NP_MSG_INTERNAL, "a bookmark with no title");
    int depth = level < 0 ? 0 : level;
    if (depth > o->outline_depth)
        depth = o->outline_depth;
    if (depth >= MAX_OUTLINE_DEPTH)
        depth = MAX_OUTLINE_DEPTH - 1;
    HPDF_Outline parent = depth ? o->outline[depth - 1] : NULL;
    const char *doing = "adding a bookmark";
    HPDF_Outline item = HPDF_CreateOutline(o->pdf, parent, "", NULL);
    HPDF_Binary text = item ? text_string(o, title) : NULL;
    if (item && !text)
        return refuse_text(o);
    if (check_ptr(o, item, doing) < 0
        || check(o, HPDF_Dict_Add(item, "Title", text), doing) < 0
        || check(o, HPDF_Outline_SetOpened(item, depth == 0), doing) < 0
        || set_destination(o, item, y) < 0)
        return -1;
    /* libharu gives items the /Type /Outlines of the outline root */
    HPDF_Dict_RemoveElement(item, "Type");
    digest_op(o, 'B', 2, (const double[]){ depth, y });
    digest_str(o, title);
    o->outline[depth] = item;
    o->outline_depth = depth + 1;
    return 0;
}

/* What libharu writes for a compressed stream; a finished page's
 * content stream, packed early, gets it from this write hook, since
 * libharu drops a /Filter key from a stream it does not compress. */
static HPDF_STATUS write_filter_key(HPDF_Dict dict, HPDF_Stream stream)
{
    (void)dict;
    return HPDF_Stream_WriteStr(stream, "/Filter [ /FlateDecode ]\012");
}

/* The bytes of a memory stream, copied into one buffer. */
static unsigned char *stream_bytes(pdf_out *o, HPDF_Stream s, size_t *len)
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

/* pack.c hands back page `index` deflated: it becomes the content of
 * the (emptied) stream of that page. */
static int deliver_page(void *ud, size_t index, const unsigned char *data,
                        size_t len)
{
    pdf_out *o = ud;
    return check(o, HPDF_Stream_Write(o->packed[index]->stream, data,
                                      (HPDF_UINT)len),
                 "compressing a page");
}

static bool note_packed(pdf_out *o, HPDF_Dict contents)
{
    if (o->packed_count == o->packed_cap) {
        size_t cap = o->packed_cap ? o->packed_cap * 2 : 64;
        HPDF_Dict *grown = np_mem_realloc(o->alloc, o->packed,
                                          cap * sizeof *grown);
        if (!grown)
            return false;
        o->packed = grown;
        o->packed_cap = cap;
    }
    o->packed[o->packed_count++] = contents;
    return true;
}

/* libharu keeps every page's content stream in memory until the
 * document is saved, and compresses them only then. Here each page's
 * bytes leave libharu as the page ends, for pack.c to deflate beside
 * the next pages' layout; the stream, emptied, gets them back deflated,
 * with the /Filter key libharu would drop from a stream it does not
 * compress itself. No page operator may run on the page afterwards. */
static int pack_page(pdf_out *o)
{
    const char *doing = "compressing a page";
    HPDF_PageAttr attr = (HPDF_PageAttr)o->page->attr;
    HPDF_Dict contents = attr->contents;
    if (!(contents->filter & HPDF_STREAM_FILTER_FLATE_DECODE)
        || contents->write_fn || contents->stream != attr->stream)
        return 0;
    if (!o->packer && !(o->packer = np_packer_new(o->alloc, o->deflater,
                                                  deliver_page, o)))
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    HPDF_Stream empty = HPDF_MemStream_New(o->pdf->mmgr, HPDF_STREAM_BUF_SIZ);
    if (check_ptr(o, empty, doing) < 0)
        return -1;
    size_t len;
    unsigned char *raw = stream_bytes(o, contents->stream, &len);
    if (!raw || !note_packed(o, contents)) {
        np_mem_free(o->alloc, raw);
        HPDF_Stream_Free(empty);
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    }
    HPDF_Stream_Free(contents->stream);
    contents->stream = attr->stream = empty;
    contents->filter = HPDF_STREAM_FILTER_NONE;
    contents->write_fn = write_filter_key;
    if (np_packer_submit(o->packer, raw, len) < 0)
        return o->failed ? -1 : refuse(o, NP_MSG_NO_MEMORY, NULL);
    return 0;
}

/* Deflates, with the document's one deflate state, a stream libharu
 * would deflate while saving (fonts, CMaps, the colour profile), with a
 * fresh state for each. The same bytes come out. */
static int pack_stream(pdf_out *o, HPDF_Dict dict)
{
    size_t len, packed_len;
    unsigned char *raw = stream_bytes(o, dict->stream, &len);
    unsigned char *packed = raw ? np_mem_alloc(o->alloc, np_pack_bound(len))
                                : NULL;
    HPDF_Stream s = packed ? HPDF_MemStream_New(o->pdf->mmgr,
                                                HPDF_STREAM_BUF_SIZ) : NULL;
    bool ok = s && np_deflater_pack(o->deflater, raw, len, packed, &packed_len)
              && HPDF_Stream_Write(s, packed, (HPDF_UINT)packed_len) == HPDF_OK;
    np_mem_free(o->alloc, raw);
    np_mem_free(o->alloc, packed);
    if (!ok) {
        if (s)
            HPDF_Stream_Free(s);
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    }
    HPDF_Stream_Free(dict->stream);
    dict->stream = s;
    dict->filter = HPDF_STREAM_FILTER_NONE;
    dict->write_fn = write_filter_key;
    return 0;
}

static bool libharu_deflates(const HPDF_Dict dict)
{
    return (dict->header.obj_class & HPDF_OCLASS_ANY) == HPDF_OCLASS_DICT &&
           dict->stream && dict->stream->type == HPDF_STREAM_MEMORY &&
           (dict->filter & HPDF_STREAM_FILTER_FLATE_DECODE) &&
           !(dict->filter & ~HPDF_STREAM_FILTER_FLATE_DECODE) &&
           !dict->write_fn && !dict->filterParams;
}

static int pack_streams(pdf_out *o)
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
static int finish_pages(pdf_out *o)
{
    if (!o->packer || np_packer_finish(o->packer) == 0)
        return 0;
    return o->failed ? -1 : refuse(o, NP_MSG_NO_MEMORY, NULL);
}

static int pdf_end_page(void *self)
{
    pdf_out *o = self;
    if (usable(o, "end_page outside a page") < 0)
        return -1;
    int r = end_text(o);
    if (r == 0)
        r = pack_page(o);
    o->page = NULL;
    return r;
}

/* ---- saving ---------------------------------------------------------- */

/* Hands the gathered bytes to the caller's write function; a refusal
 * sticks. */
static int flush_out(pdf_out *o)
{
    if (!o->write_failed && o->chunk_len > 0
        && o->write(o->write_ud, o->chunk, o->chunk_len) != 0)
        o->write_failed = true;
    o->chunk_len = 0;
    return o->write_failed ? -1 : 0;
}

/* libharu's callback stream: it writes token by token, so the bytes are
 * gathered into CHUNK_SIZE pieces before they reach the caller. */
static HPDF_STATUS save_write(HPDF_Stream stream, const HPDF_BYTE *p,
                              HPDF_UINT n)
{
    pdf_out *o = stream->attr;
    while (n > 0) {
        if (o->chunk_len == CHUNK_SIZE && flush_out(o) < 0)
            return HPDF_FILE_IO_ERROR;
        size_t room = CHUNK_SIZE - o->chunk_len;
        size_t k = n < room ? n : room;
        memcpy(o->chunk + o->chunk_len, p, k);
        o->chunk_len += k;
        p += k;
        n -= (HPDF_UINT)k;
    }
    return HPDF_OK;
}

/* Saves straight into `write`. HPDF_SaveToStream writes into the
 * document's stream, which is a memory stream holding the whole file
 * unless one is set before: a callback stream set there instead streams
 * the file out as it is written. */
static int save(pdf_out *o, np_write_fn write, void *ud)
{
    const char *doing = "saving the document";
    o->write = write;
    o->write_ud = ud;
    o->chunk = np_mem_alloc(o->alloc, CHUNK_SIZE);
    if (!o->chunk)
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    HPDF_Stream out = HPDF_CallbackWriter_New(o->pdf->mmgr, save_write, o);
    if (check_ptr(o, out, doing) < 0)
        return -1;
    o->pdf->stream = out;
    HPDF_STATUS st = HPDF_SaveToStream(o->pdf);
    o->pdf->stream = NULL;
    HPDF_Stream_Free(out);
    if (!o->write_failed && st == HPDF_OK)
        flush_out(o);
    if (o->write_failed) {
        report(o, NP_MSG_IO_WRITE, o->file ? o->file : "the PDF",
               "the output was refused");
        o->failed = true;
        return -1;
    }
    return check(o, st, doing);
}

static int finish_font(pdf_out *o, np_pdf_font *font)
{
    HPDF_STATUS st = np_pdf_font_finish(font, o->pdfa);
    if (st == HPDF_FAILD_TO_ALLOC_MEM)
        return refuse(o, NP_MSG_NO_MEMORY, NULL);
    return check(o, st, "embedding a font");
}

/* Ends a page left open, writes the fonts, completes PDF/A when asked,
 * saves. */
static int pdf_end_document(void *self, np_write_fn write, void *write_ud)
{
    pdf_out *o = self;
    if (usable(o, NULL) < 0 || (o->page && pdf_end_page(o) < 0))
        return -1;
    for (int i = 0; i < o->font_count; i++)
        if (o->fonts[i].font && !o->fonts[i].shared
            && finish_font(o, o->fonts[i].font) < 0)
            return -1;
    if (finish_pages(o) < 0 || (o->pdfa && end_pdfa(o) < 0) ||
        pack_streams(o) < 0)
        return -1;
    return save(o, write, write_ud);
}

static void pdf_free(void *self)
{
    pdf_out *o = self;
    if (!o)
        return;
    np_packer_free(o->packer);  /* joins its worker, if one runs */
    np_deflater_free(o->deflater);
    np_mem_free(o->alloc, o->packed);
    if (o->pdf)
        HPDF_Free(o->pdf);
    for (int i = 0; i < o->font_count; i++)
        if (!o->fonts[i].shared)
            np_pdf_font_free(o->fonts[i].font);
    np_mem_free(o->alloc, o->fonts);
    np_mem_free(o->alloc, o->buf.p);
    np_mem_free(o->alloc, o->chunk);
    for (int i = 0; i < META_COUNT; i++)
        np_mem_free(o->alloc, o->meta[i]);
    np_mem_free(o->alloc, o->file);
    np_mem_free(o->alloc, o);
}

static const np_out_ops pdf_ops = {
    .begin_document = pdf_begin_document,
    .begin_page = pdf_begin_page,
    .text = pdf_text,
    .rule = pdf_rule,
    .rect = pdf_rect,
    .image = pdf_image,
    .link = pdf_link,
    .bookmark = pdf_bookmark,
    .end_page = pdf_end_page,
    .end_document = pdf_end_document,
    .free = pdf_free,
};

int np_out_pdf_new(np_out *out, const np_allocator *alloc, np_diags *diags,
                   const char *file)
{
    pdf_out *o = np_mem_alloc(alloc, sizeof *o);
    if (!o)
        return -1;
    memset(o, 0, sizeof *o);
    o->alloc = o->buf.alloc = alloc;
    o->diags = diags;
    if (file) {
        size_t n = strlen(file) + 1;
        o->file = np_mem_alloc(alloc, n);
        if (o->file)
            memcpy(o->file, file, n);
    }
    o->pdf = HPDF_New(on_error, o);
    o->deflater = np_deflater_new(alloc);
    if ((file && !o->file) || !o->pdf || !o->deflater) {
        pdf_free(o);
        return -1;
    }
    out->ops = &pdf_ops;
    out->self = o;
    return 0;
}
