/*
 * out_pdf_meta.c - the document information of the PDF back end, and
 * what PDF/A-1b adds to a document: the Info strings, dates and
 * language; the XMP metadata, the output intent and the /ID.
 *
 * With np_out_meta.pdfa it makes PDF/A-1b, which libharu 2.3.0 cannot
 * do by itself (docs/dependencies.md): its own PDF/A call writes the
 * XMP metadata without escaping, names the output profile with a
 * trailing space in the key and takes the /ID from the clock. Here the
 * XMP is written and escaped by us, the output intent carries an sRGB
 * ICC profile read at run time, and the /ID is an MD5 digest of every
 * drawing operation (fed by out_pdf_draw.c), so the same description
 * gives the same bytes. The CIDSet PDF/A-1 asks of each font
 * descriptor is written by pdf_font.c; images are laid over white by
 * out_pdf_draw.c. Without pdfa none of this is written.
 *
 * It draws nothing and writes no file.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ground/file_read.h"
#include "ground/limit.h"
#include "ground/utf8.h"
#include "output/out_pdf.h"

#define MAX_PROFILE (1024 * 1024)       /* an sRGB profile is ~3 kB */

/* ---- characters ------------------------------------------------------ */

/* Malformed UTF-8 gives U+FFFD (np_utf8_next); what the two-byte
 * encoding cannot carry (beyond U+FFFD), and control characters, which
 * have no glyph, become U+FFFD too. */
size_t np_pdf_next_code(const char *s, size_t len, uint32_t *code)
{
    size_t n = np_utf8_next(s, len, code);
    uint32_t c = *code;
    if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c > NP_UTF8_REPLACEMENT)
        *code = NP_UTF8_REPLACEMENT;
    return n;
}

/* ---- content digest (the PDF/A /ID) ----------------------------------- */

void np_pdf_digest(np_pdf_out *o, const void *p, size_t n)
{
    if (o->pdfa)
        HPDF_MD5Update(&o->digest, p, (HPDF_UINT32)n);
}

/* A string with its terminator, so that "ab" + "c" and "a" + "bc"
 * differ; NULL counts as empty. */
void np_pdf_digest_str(np_pdf_out *o, const char *s)
{
    np_pdf_digest(o, s ? s : "", s ? strlen(s) + 1 : 1);
}

/* An operation and its numbers, each rounded to 1/1000 and spelt in
 * eight bytes, most significant first: the digest then depends neither
 * on the machine's byte order nor on its floating-point format. */
void np_pdf_digest_op(np_pdf_out *o, char op, int n, const double *v)
{
    if (!o->pdfa)
        return;
    np_pdf_digest(o, &op, 1);
    for (int i = 0; i < n; i++) {
        unsigned long long u = (unsigned long long)llround(v[i] * 1000);
        unsigned char b[8];
        for (int k = 0; k < 8; k++)
            b[k] = (unsigned char)(u >> (56 - 8 * k));
        np_pdf_digest(o, b, 8);
    }
}

/* ---- document -------------------------------------------------------- */

/* libharu writes the string in hex. It is made here rather than by
 * libharu's "UTF-8" encoder, whose set-up (two 65,536-entry tables per
 * document) cost a short note more than its bookmarks and metadata
 * together. */
const np_buf *np_pdf_text_bytes(np_pdf_out *o, const char *utf8)
{
    np_buf *b = np_pdf_scratch(o);
    size_t len = strlen(utf8);
    np_buf_append(b, "\xFE\xFF", 2);
    for (size_t i = 0; i < len;) {
        uint32_t c;
        i += np_utf8_next(utf8 + i, len - i, &c);
        if (c > 0xFFFF) {
            c -= 0x10000;
            unsigned high = 0xD800 + (c >> 10), low = 0xDC00 + (c & 0x3FF);
            char pair[4] = { (char)(high >> 8), (char)high, (char)(low >> 8),
                             (char)low };
            np_buf_append(b, pair, 4);
        } else {
            char unit[2] = { (char)(c >> 8), (char)c };
            np_buf_append(b, unit, 2);
        }
    }
    return b->failed || b->len > NP_MAX_PDF_STRING ? NULL : b;
}

HPDF_Binary np_pdf_text_string(np_pdf_out *o, const char *utf8)
{
    const np_buf *b = np_pdf_text_bytes(o, utf8);
    return b ? HPDF_Binary_New(o->pdf->mmgr, (HPDF_BYTE *)b->data,
                               (HPDF_UINT)b->len)
             : NULL;
}

int np_pdf_refuse_text(np_pdf_out *o)
{
    return o->buf.failed ? np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL)
                         : np_pdf_refuse(o, NP_MSG_INTERNAL, "a text string "
                                         "longer than a PDF holds");
}

static int set_info(np_pdf_out *o, const char *key, const char *value)
{
    const char *doing = "setting the document information";
    if (!value)
        return 0;
    /* libharu makes the Info dictionary with the document, to hold its
     * /Producer */
    if (!o->pdf->info)
        return np_pdf_refuse(o, NP_MSG_INTERNAL,
                             "the document has no Info dictionary");
    HPDF_Binary s = np_pdf_text_string(o, value);
    if (!s)
        return np_pdf_refuse_text(o);
    return np_pdf_check_status(o, HPDF_Dict_Add(o->pdf->info, key, s), doing);
}

/* Creation and modification dates in UTC, spelt +00'00' rather than Z:
 * libharu's PDF/A code refuses the Z form (docs/dependencies.md). */
static int set_dates(np_pdf_out *o, long long t)
{
    if (t < 0)
        return 0;
    time_t tt = (time_t)t;
    struct tm tm;
    if ((long long)tt != t || !gmtime_r(&tt, &tm))
        return np_pdf_refuse(o, NP_MSG_INTERNAL, "document time out of range");
    HPDF_Date d = {
        .year = tm.tm_year + 1900, .month = tm.tm_mon + 1,
        .day = tm.tm_mday, .hour = tm.tm_hour, .minutes = tm.tm_min,
        .seconds = tm.tm_sec, .ind = '+', .off_hour = 0, .off_minutes = 0,
    };
    const char *doing = "setting the document dates";
    HPDF_SetInfoDateAttr(o->pdf, HPDF_INFO_CREATION_DATE, d);
    HPDF_SetInfoDateAttr(o->pdf, HPDF_INFO_MOD_DATE, d);
    return np_pdf_check(o, doing);      /* libharu's error sticks */
}

/* The catalog's /Lang, which libharu has no call for. */
static int set_lang(np_pdf_out *o, const char *lang)
{
    if (!lang)
        return 0;
    np_pdf_add_string(o->pdf->catalog, "Lang", lang);
    return np_pdf_check(o, "setting the document language");
}

/* What PDF/A metadata can carry of an Info string, written the same in
 * the Info dictionary and in the XMP so that the two match: control
 * characters (which XML 1.0 cannot hold), malformed UTF-8 and what the
 * two-byte encoding cannot reach become U+FFFD, as in the text. */
static char *clean_text(np_pdf_out *o, const char *s)
{
    np_buf b;
    np_buf_init(&b, o->alloc);
    np_buf_append(&b, "", 0);   /* "" for an empty string, not NULL */
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t code;
        char utf8[NP_UTF8_MAX];
        i += np_pdf_next_code(s + i, len - i, &code);
        np_buf_append(&b, utf8, np_utf8_encode(code, utf8));
    }
    return np_buf_take(&b, NULL);
}

/* Replaces each string of `text` by its cleaned copy, kept in o->meta
 * for the XMP. */
static int clean_meta(np_pdf_out *o, const char *text[NP_META_COUNT])
{
    for (int i = 0; i < NP_META_COUNT; i++) {
        if (!text[i])
            continue;
        o->meta[i] = clean_text(o, text[i]);
        if (!o->meta[i])
            return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
        text[i] = o->meta[i];
    }
    return 0;
}

static int set_meta(np_pdf_out *o, const np_out_meta *m)
{
    const char *text[NP_META_COUNT] = {
        [NP_META_TITLE] = m->title, [NP_META_SUBJECT] = m->subject,
        [NP_META_AUTHOR] = m->author, [NP_META_CREATOR] = m->creator,
    };
    if ((o->pdfa || o->ua) && clean_meta(o, text) < 0)
        return -1;
    /* /Creator first, right after libharu's /Producer: np_pdf_is_ours
     * finds it there, however long the title (pdf_mark.c) */
    if (set_info(o, "Creator", text[NP_META_CREATOR]) < 0
        || set_info(o, "Title", text[NP_META_TITLE]) < 0
        || set_info(o, "Subject", text[NP_META_SUBJECT]) < 0
        || set_info(o, "Author", text[NP_META_AUTHOR]) < 0
        || set_dates(o, m->time) < 0)
        return -1;
    return set_lang(o, m->lang);
}

/* ---- PDF/A-1b -------------------------------------------------------- */

/* The digest starts with the document's facts, so two documents drawn
 * alike but titled apart get different IDs. */
static void begin_digest(np_pdf_out *o, const np_out_meta *m)
{
    o->pdfa = true;
    HPDF_MD5Init(&o->digest);
    np_pdf_digest_str(o, m->title);
    np_pdf_digest_str(o, m->subject);
    np_pdf_digest_str(o, m->author);
    np_pdf_digest_str(o, m->lang);
    np_pdf_digest_str(o, m->creator);
    np_pdf_digest_op(o, 'D', 1, (const double[]){ (double)m->time });
}

static int profile_error(np_pdf_out *o, const char *path, const char *why)
{
    if (!o->failed)
        np_pdf_report(o, NP_MSG_PDFA_PROFILE, path, why);
    o->failed = true;
    return -1;
}

/* Reads the ICC profile at `path` into a buffer the caller frees with
 * free(), and checks that it is one: the "acsp" signature, an RGB data
 * space. */
static int read_profile(np_pdf_out *o, const char *path, unsigned char **icc,
                        size_t *len)
{
    char *p, why[128];
    int err = np_file_read(path, MAX_PROFILE - 1, &p, len);
    if (err == ENOMEM)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    if (err)
        return profile_error(o, path, err == EFBIG ? "larger than 1 MiB"
                             : np_file_error(err, why, sizeof why));
    const char *bad = *len < 128 || memcmp(p + 36, "acsp", 4) != 0
                      ? "not an ICC profile"
                      : memcmp(p + 16, "RGB ", 4) != 0 ? "not an RGB profile"
                      : NULL;
    if (bad) {
        free(p);
        return profile_error(o, path, bad);
    }
    *icc = (unsigned char *)p;
    return 0;
}

/* /OutputIntents [<< /S /GTS_PDFA1 ... /DestOutputProfile icc >>]: what
 * gives the page's DeviceGray black a defined colour. Only the
 * containers are checked as they are made; libharu's error sticks, so
 * the entries are checked once, at the end. */
static int add_output_intent(np_pdf_out *o, const unsigned char *icc,
                             size_t len)
{
    static const char *const sRGB = "sRGB IEC61966-2.1";
    const char *doing = "adding the PDF/A output intent";
    HPDF_Array list = np_pdf_add_array(o->pdf->catalog, "OutputIntents");
    HPDF_Dict intent = list ? np_pdf_push_dict(list) : NULL;
    if (np_pdf_check_ptr(o, intent, doing) < 0)
        return -1;
    HPDF_Dict_AddName(intent, "Type", "OutputIntent");
    HPDF_Dict_AddName(intent, "S", "GTS_PDFA1");
    np_pdf_add_string(intent, "OutputConditionIdentifier", sRGB);
    np_pdf_add_string(intent, "Info", sRGB);
    np_pdf_add_string(intent, "RegistryName", "http://www.color.org");
    HPDF_Dict profile = np_pdf_add_stream(o->pdf, intent, "DestOutputProfile",
                                          true);
    if (np_pdf_check_ptr(o, profile, doing) < 0)
        return -1;
    HPDF_Dict_AddNumber(profile, "N", 3);
    HPDF_Stream_Write(profile->stream, icc, (HPDF_UINT)len);
    return np_pdf_check(o, doing);
}

/* PDF/A-1 is based on PDF 1.4; libharu writes 1.3 unless told. The
 * profile is read now, so that a missing one fails before any page. */
static int begin_pdfa(np_pdf_out *o, const char *icc_path)
{
    const char *path = icc_path ? icc_path : NP_SRGB_PROFILE;
    unsigned char *icc = NULL;
    size_t len;
    o->pdf->pdf_version = HPDF_VER_14;
    if (read_profile(o, path, &icc, &len) < 0)
        return -1;
    int r = add_output_intent(o, icc, len);
    free(icc);
    return r;
}

/* Text for XML element content; the strings were cleaned by
 * clean_text, so only the markup characters need escaping. */
static void put_xml(np_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': np_buf_puts(b, "&amp;"); break;
        case '<': np_buf_puts(b, "&lt;"); break;
        case '>': np_buf_puts(b, "&gt;"); break;
        case '"': np_buf_puts(b, "&quot;"); break;
        default: np_buf_append(b, s, 1); break;
        }
    }
}

/* <tag><rdf:KIND><rdf:li ...>text</rdf:li></rdf:KIND></tag>, or nothing
 * when the Info entry is absent. */
static void xmp_list(np_buf *b, const char *tag, const char *kind,
                     const char *li, const char *text)
{
    if (!text)
        return;
    char s[160];
    snprintf(s, sizeof s, "<%s><rdf:%s><rdf:li%s>", tag, kind, li);
    np_buf_puts(b, s);
    put_xml(b, text);
    snprintf(s, sizeof s, "</rdf:li></rdf:%s></%s>\n", kind, tag);
    np_buf_puts(b, s);
}

static void xmp_prop(np_buf *b, const char *tag, const char *text)
{
    if (!text)
        return;
    np_buf_puts(b, "<");
    np_buf_puts(b, tag);
    np_buf_puts(b, ">");
    put_xml(b, text);
    np_buf_puts(b, "</");
    np_buf_puts(b, tag);
    np_buf_puts(b, ">\n");
}

/* The creation date as XMP spells it; the Info dictionary has the same
 * instant as D:YYYYMMDDHHmmSS+00'00'. */
static void xmp_dates(np_buf *b, long long t)
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

static const char xmp_begin[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n";

/* PDF/A-1, level a (tagged) or b. */
static const char xmp_pdfa[] =
    "<rdf:Description rdf:about=\"\""
    " xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
    "<pdfaid:part>1</pdfaid:part>\n"
    "<pdfaid:conformance>%c</pdfaid:conformance>\n"
    "</rdf:Description>\n";

/* PDF/UA-1, and, since PDF/A-1 admits in XMP only the schemas it
 * predefines or that the file describes, the description of the
 * pdfuaid schema in PDF/A's extension schema. */
static const char xmp_pdfua[] =
    "<rdf:Description rdf:about=\"\""
    " xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n"
    "<pdfuaid:part>1</pdfuaid:part>\n"
    "</rdf:Description>\n"
    "<rdf:Description rdf:about=\"\""
    " xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\""
    " xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\""
    " xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
    "<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>\n"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n"
    "<pdfaProperty:name>part</pdfaProperty:name>\n"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
    "<pdfaProperty:category>internal</pdfaProperty:category>\n"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>\n"
    "</rdf:li></rdf:Seq></pdfaSchema:property>\n"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>\n"
    "</rdf:Description>\n";

static const char xmp_head[] =
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
static void build_xmp(np_pdf_out *o, np_buf *b)
{
    const char *x_default = " xml:lang=\"x-default\"";
    np_buf_puts(b, xmp_begin);
    if (o->pdfa) {
        char s[sizeof xmp_pdfa];
        snprintf(s, sizeof s, xmp_pdfa, o->ua ? 'A' : 'B');
        np_buf_puts(b, s);
    }
    if (o->ua)
        np_buf_puts(b, xmp_pdfua);
    np_buf_puts(b, xmp_head);
    xmp_list(b, "dc:title", "Alt", x_default, o->meta[NP_META_TITLE]);
    xmp_list(b, "dc:creator", "Seq", "", o->meta[NP_META_AUTHOR]);
    xmp_list(b, "dc:description", "Alt", x_default, o->meta[NP_META_SUBJECT]);
    xmp_prop(b, "xmp:CreatorTool", o->meta[NP_META_CREATOR]);
    xmp_dates(b, o->time);
    xmp_prop(b, "pdf:Producer", HPDF_GetInfoAttr(o->pdf, HPDF_INFO_PRODUCER));
    np_buf_puts(b, xmp_tail);
}

/* The catalog's /Metadata stream, uncompressed as PDF/A-1 wants it
 * readable by tools that do not parse PDF. */
static int add_metadata(np_pdf_out *o)
{
    build_xmp(o, np_pdf_scratch(o));
    if (o->buf.failed)
        return np_pdf_refuse(o, NP_MSG_NO_MEMORY, NULL);
    const char *doing = "writing the XMP metadata";
    HPDF_Dict md = np_pdf_add_stream(o->pdf, o->pdf->catalog, "Metadata",
                                     false);
    if (np_pdf_check_ptr(o, md, doing) < 0)
        return -1;
    HPDF_Dict_AddName(md, "Type", "Metadata");
    HPDF_Dict_AddName(md, "Subtype", "XML");
    HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)o->buf.data,
                      (HPDF_UINT)o->buf.len);
    return np_pdf_check(o, doing);      /* libharu's error sticks */
}

/* The trailer's /ID [<digest> <digest>]: both halves the same, as for a
 * file written once. Set before saving, so libharu never makes one from
 * the clock. */
static int set_id(np_pdf_out *o)
{
    HPDF_BYTE id[16];
    HPDF_MD5Final(id, &o->digest);
    HPDF_MMgr mmgr = o->pdf->mmgr;
    const char *doing = "setting the document ID";
    HPDF_Array pair = np_pdf_add_array(o->pdf->trailer, "ID");
    if (np_pdf_check_ptr(o, pair, doing) < 0)
        return -1;
    HPDF_Array_Add(pair, HPDF_Binary_New(mmgr, id, sizeof id));
    HPDF_Array_Add(pair, HPDF_Binary_New(mmgr, id, sizeof id));
    return np_pdf_check(o, doing);
}

int np_pdf_meta_begin(np_pdf_out *o, const np_out_meta *m)
{
    o->time = m->time;
    o->ua = m->tree != NULL;
    if (m->pdfa)
        begin_digest(o, m);
    if (set_meta(o, m) < 0)
        return -1;
    return o->pdfa ? begin_pdfa(o, m->icc_path) : 0;
}

int np_pdf_meta_end(np_pdf_out *o)
{
    if (!o->pdfa && !o->ua)
        return 0;
    if (add_metadata(o) < 0)
        return -1;
    return o->pdfa ? set_id(o) : 0;
}