/*
 * pdf_font.c - embedded subset TrueType fonts for the PDF back end.
 *
 * libharu 2.3.0 can embed TrueType itself, but at a cost that dominated
 * every short document (docs/performance.md): it reads the whole
 * file for each document byte by byte, builds 65,536-entry tables, and
 * deflates the whole of loca, hmtx and the hinting tables with the
 * glyphs. Its ToUnicode map is also invalid (docs/dependencies.md). So the objects are
 * made here, with libharu's object calls, from the face the engine has
 * already loaded and the program subset.c cuts from it:
 *
 *   Type0 /Encoding    -> CIDFontType2 (/W, /CIDToGIDMap stream)
 *                         -> FontDescriptor -> FontFile2 (the subset)
 *                      -> ToUnicode (one bfchar per CID)
 *
 * CIDs are given in the order characters are first shown, so the same
 * description gives the same bytes; a shaped glyph's CID stands for the
 * glyph and the text it shows (subset.h). With PDF/A the descriptor also
 * gets the /CIDSet PDF/A-1 asks of a subset font.
 *
 * Since CIDs count from 1, most documents show fewer than 240 of a face:
 * the page shows those as one byte, the next 3,840 as two and the rest
 * as three (np_pdf_font_code), through a CMap of our own embedded as the
 * font's /Encoding. A page's text is then half the bytes Identity-H's
 * two a glyph made, and deflating it half the work.
 *
 * A face with PostScript outlines (Noto CJK) becomes a CIDFontType0 over
 * its CFF program (FontFile3, CIDFontType0C) as subset_cff.c cuts it: no
 * CIDToGIDMap, the page's codes being the face's own CIDs, its glyph
 * ids, two bytes each (Identity-H).
 *
 * Errors: libharu records the first error in the document and keeps it
 * (pdf_obj.h), so the objects are written without a check after each
 * call; only an object later calls write into is checked where it is
 * made, and np_pdf_font_finish returns the document's error at the end.
 * It draws nothing: out_pdf_draw.c shows the CIDs.
 */
#include <stdio.h>
#include <string.h>

#include "ground/arena.h"
#include "ground/decimal.h"
#include "ground/utf8.h"
#include "output/pdf_font.h"
#include "output/subset.h"

#define CMAP_BLOCK 100          /* the CMap format's limit per block */
#define ENCODING_NAME "Notepress-Short-H"   /* the /Encoding of short codes */

struct np_pdf_font {
    HPDF_Doc pdf;
    const np_face *face;
    const np_allocator *alloc;
    np_subset *subset;
    HPDF_Dict type0;            /* NULL until placed on a page */
    np_cid_entry *codes;        /* the codes shown, once finishing */
    size_t ncodes;
    bool cff;                   /* Identity-H: two bytes a glyph id */
};

np_pdf_font *np_pdf_font_new(HPDF_Doc pdf, const np_face *face,
                             const np_allocator *alloc)
{
    np_pdf_font *f = np_mem_alloc(alloc, sizeof *f);
    if (!f)
        return NULL;
    *f = (np_pdf_font){ .pdf = pdf, .face = face, .alloc = alloc,
                        .cff = np_face_is_cff(face) };
    f->subset = np_subset_new(face, alloc);
    if (!f->subset) {
        np_mem_free(alloc, f);
        return NULL;
    }
    return f;
}

void np_pdf_font_free(np_pdf_font *f)
{
    if (!f)
        return;
    np_mem_free(f->alloc, f->codes);
    np_subset_free(f->subset);
    np_mem_free(f->alloc, f);
}

HPDF_Dict np_pdf_font_dict(np_pdf_font *f)
{
    if (!f->type0)
        f->type0 = np_pdf_new_object(f->pdf);
    return f->type0;
}

unsigned np_pdf_font_cid(np_pdf_font *f, uint32_t cp)
{
    return np_subset_cid(f->subset, cp);
}

unsigned np_pdf_font_cid_glyph(np_pdf_font *f, uint32_t glyph, const char *text,
                               size_t len, int width)
{
    return np_subset_cid_glyph(f->subset, glyph, text, len, width);
}

int np_pdf_font_advance(const np_pdf_font *f, unsigned code)
{
    return np_subset_code_advance(f->subset, code);
}

/* ---- the codes on the page ------------------------------------------- */

/* A prefix code: the first byte says the length. 00 to EF stand alone,
 * but for the five bytes a literal string would escape (line ends,
 * parentheses, backslash): CIDs 0 to 234. F0 to FE begin two bytes, FF
 * three; CID 65,535 is FF F0 14. */
#define TWO_BYTES 0x0F00u       /* CIDs shown as two, after the one-byte */
#define FIRST_OF_TWO 0xF0u

/* np_pdf_one_byte_code: bytes 00 to EF in order, the escaped ones
 * (0A, 0D, 28, 29, 5C) left out: CID c is c plus those below it. */
const unsigned char np_pdf_one_byte_code[NP_PDF_ONE_BYTE] = {
#define B(c) (unsigned char)((c) + ((c) >= 10) + ((c) >= 12) + ((c) >= 38) * 2 \
                             + ((c) >= 88))
#define ROW(c) B(c), B(c + 1), B(c + 2), B(c + 3), B(c + 4)
    ROW(0), ROW(5), ROW(10), ROW(15), ROW(20), ROW(25), ROW(30), ROW(35),
    ROW(40), ROW(45), ROW(50), ROW(55), ROW(60), ROW(65), ROW(70), ROW(75),
    ROW(80), ROW(85), ROW(90), ROW(95), ROW(100), ROW(105), ROW(110),
    ROW(115), ROW(120), ROW(125), ROW(130), ROW(135), ROW(140), ROW(145),
    ROW(150), ROW(155), ROW(160), ROW(165), ROW(170), ROW(175), ROW(180),
    ROW(185), ROW(190), ROW(195), ROW(200), ROW(205), ROW(210), ROW(215),
    ROW(220), ROW(225), ROW(230),
#undef ROW
#undef B
};

bool np_pdf_font_short(const np_pdf_font *f)
{
    return !f->cff;
}

/* The code of `cid` in the /Encoding of a TrueType face. */
static size_t short_code(unsigned cid, unsigned char code[NP_PDF_CODE_MAX])
{
    if (cid < NP_PDF_ONE_BYTE) {
        code[0] = np_pdf_one_byte_code[cid];
        return 1;
    }
    cid -= NP_PDF_ONE_BYTE;
    if (cid < TWO_BYTES) {
        code[0] = (unsigned char)(FIRST_OF_TWO + (cid >> 8));
        code[1] = (unsigned char)cid;
        return 2;
    }
    cid -= TWO_BYTES;
    code[0] = 0xFF;
    code[1] = (unsigned char)(cid >> 8);
    code[2] = (unsigned char)cid;
    return 3;
}

size_t np_pdf_font_code(const np_pdf_font *f, unsigned cid,
                        unsigned char code[NP_PDF_CODE_MAX])
{
    if (!f->cff)
        return short_code(cid, code);
    code[0] = (unsigned char)(cid >> 8);
    code[1] = (unsigned char)cid;
    return 2;
}

long np_pdf_font_last_cid(const np_pdf_font *f)
{
    return f->type0 && !f->cff ? (long)np_subset_count(f->subset) : -1;
}

/* A code as hex digits between < and >, NUL-terminated, at `s` (room
 * for NP_PDF_CODE_MAX * 2 + 3). */
static size_t put_hex(const unsigned char *code, size_t len, char *s)
{
    size_t n = 0;
    s[n++] = '<';
    for (size_t i = 0; i < len; i++)
        n += np_hex(s + n, code[i], 2);
    s[n++] = '>';
    s[n] = '\0';
    return n;
}

static size_t put_hex_code(const np_pdf_font *f, unsigned cid, char *s)
{
    unsigned char code[NP_PDF_CODE_MAX];
    return put_hex(code, np_pdf_font_code(f, cid, code), s);
}

/* ---- the objects ----------------------------------------------------- */

/* /W [c [w w ...] c' [...]]: the advance of every code shown, as layout
 * measured it, consecutive codes in one array ("1 [w1 ... wn]" for a
 * TrueType face, whose codes are 1 to n). */
static void add_widths(const np_pdf_font *f, HPDF_Dict cid_font)
{
    HPDF_Array w = np_pdf_add_array(cid_font, "W");
    HPDF_Array run = NULL;
    for (size_t i = 0; w && i < f->ncodes; i++) {
        if (i == 0 || f->codes[i].code != f->codes[i - 1].code + 1) {
            HPDF_Array_AddNumber(w, f->codes[i].code);
            run = np_pdf_push_array(w);
        }
        if (run)
            HPDF_Array_AddNumber(run, np_subset_advance(f->subset, f->codes[i].cid));
    }
}

/* Two bytes per CID from 0: its glyph in the program. */
static void add_cid_to_gid(const np_pdf_font *f, HPDF_Dict cid_font,
                           const np_subset_program *prog)
{
    HPDF_Dict map = np_pdf_add_stream(f->pdf, cid_font, "CIDToGIDMap", true);
    unsigned n = np_subset_count(f->subset);
    for (unsigned cid = 0; map && cid <= n; cid++) {
        HPDF_BYTE be[2] = { (HPDF_BYTE)(prog->cid_to_gid[cid] >> 8),
                            (HPDF_BYTE)prog->cid_to_gid[cid] };
        HPDF_Stream_Write(map->stream, be, 2);
    }
}

static const char cmap_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
    "/CMapName /Adobe-Identity-UCS def\n"
    "/CMapType 2 def\n";

/* The codes np_pdf_font_code writes, in both the /Encoding and the
 * ToUnicode map: a reader reads a code's length from them. */
static const char short_codespace[] =
    "3 begincodespacerange\n"
    "<00> <EF>\n"
    "<F000> <FEFF>\n"
    "<FF0000> <FFFFFF>\n"
    "endcodespacerange\n";

static const char identity_codespace[] =
    "1 begincodespacerange\n"
    "<0000> <FFFF>\n"
    "endcodespacerange\n";

static const char cmap_tail[] =
    "endcmap\n"
    "CMapName currentdict /CMap defineresource pop\n"
    "end\n"
    "end\n";

/* "<code> <UTF-16BE of its text>": a code point's CID maps to it, a
 * glyph's to the characters it shows (a ligature to several); a glyph
 * showing none of its own (a raised mark, whose character went with the
 * glyph before it) to an empty string: left out, Ghostscript would take
 * the code itself for a character. */
static void write_bfchar(HPDF_Stream s, const np_pdf_font *f, const np_cid_entry *e)
{
    char line[256];
    size_t len;
    const char *text = np_subset_text(f->subset, e->cid, &len);
    size_t n = put_hex_code(f, e->code, line);
    line[n++] = ' ';
    line[n++] = '<';
    if (!text)
        n += np_utf16_hex(np_subset_code(f->subset, e->cid), line + n);
    for (size_t i = 0; text && i < len && n + 16 < sizeof line;) {
        uint32_t cp;
        i += np_utf8_next(text + i, len - i, &cp);
        n += np_utf16_hex(cp, line + n);
    }
    line[n++] = '>';
    line[n++] = '\n';
    HPDF_Stream_Write(s, (const HPDF_BYTE *)line, (HPDF_UINT)n);
}

/* "N begin<what>" before entry i of n, closing the block before it:
 * blocks of at most 100 entries (the CMap format's limit). */
static void begin_block(HPDF_Stream s, size_t i, size_t n, const char *what)
{
    if (i % CMAP_BLOCK != 0)
        return;
    char line[48];
    size_t left = n - i;
    snprintf(line, sizeof line, "%s%s%s%zu begin%s\n", i > 0 ? "end" : "",
             i > 0 ? what : "", i > 0 ? "\n" : "",
             left < CMAP_BLOCK ? left : CMAP_BLOCK, what);
    HPDF_Stream_WriteStr(s, line);
}

/* One bfchar per code, in blocks of at most 100. bfchar rather than
 * ranges: Ghostscript 10 misreads ranges. */
static void add_to_unicode(const np_pdf_font *f)
{
    HPDF_Dict map = np_pdf_add_stream(f->pdf, f->type0, "ToUnicode", true);
    if (!map)
        return;
    HPDF_Stream s = map->stream;
    size_t n = f->ncodes;
    HPDF_Stream_WriteStr(s, cmap_head);
    HPDF_Stream_WriteStr(s, f->cff ? identity_codespace : short_codespace);
    for (size_t i = 0; i < n; i++) {
        begin_block(s, i, n, "bfchar");
        write_bfchar(s, f, &f->codes[i]);
    }
    if (n > 0)
        HPDF_Stream_WriteStr(s, "endbfchar\n");
    HPDF_Stream_WriteStr(s, cmap_tail);
}

static void add_system_info(HPDF_Dict dict)
{
    HPDF_Dict info = np_pdf_add_dict(dict, "CIDSystemInfo");
    if (!info)
        return;
    np_pdf_add_string(info, "Registry", "Adobe");
    np_pdf_add_string(info, "Ordering", "Identity");
    HPDF_Dict_AddNumber(info, "Supplement", 0);
}

/* ---- the encoding ---------------------------------------------------- */

static const char encoding_head[] =
    "/CIDInit /ProcSet findresource begin\n"
    "12 dict begin\n"
    "begincmap\n"
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def\n"
    "/CMapName /" ENCODING_NAME " def\n"
    "/CMapType 1 def\n"
    "/WMode 0 def\n";

/* The last CID of the cidrange line that starts at `cid`: the CIDs
 * after it whose codes follow its code, differing in the last byte
 * only (as Adobe's CMaps keep their lines). */
static unsigned range_end(unsigned cid, unsigned last)
{
    unsigned char code[NP_PDF_CODE_MAX], next[NP_PDF_CODE_MAX];
    size_t len = short_code(cid, code);
    unsigned end = cid;
    while (end < last && short_code(end + 1, next) == len
           && memcmp(next, code, len - 1) == 0
           && next[len - 1] == code[len - 1] + (end + 1 - cid))
        end++;
    return end;
}

/* "<lo> <hi> cid" lines for CIDs 0 to `last`: a line for each run of
 * one-byte codes between the escaped bytes ("<00> <09> 0", "<0B> <0C>
 * 10" ...), then one for each 256 codes of two or three bytes. */
static void write_cid_ranges(HPDF_Stream s, unsigned last)
{
    size_t lines = 0, i = 0;
    for (unsigned cid = 0; cid <= last; cid = range_end(cid, last) + 1)
        lines++;
    for (unsigned cid = 0; cid <= last; i++) {
        unsigned end = range_end(cid, last);
        unsigned char code[NP_PDF_CODE_MAX];
        char line[64];
        begin_block(s, i, lines, "cidrange");
        size_t n = put_hex(code, short_code(cid, code), line);
        line[n++] = ' ';
        n += put_hex(code, short_code(end, code), line + n);
        snprintf(line + n, sizeof line - n, " %u\n", cid);
        HPDF_Stream_WriteStr(s, line);
        cid = end + 1;
    }
    HPDF_Stream_WriteStr(s, "endcidrange\n");
}

HPDF_Dict np_pdf_font_encoding(HPDF_Doc pdf, unsigned last)
{
    HPDF_Dict cmap = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    if (!cmap)
        return NULL;
    cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    HPDF_Dict_AddName(cmap, "Type", "CMap");
    HPDF_Dict_AddName(cmap, "CMapName", ENCODING_NAME);
    add_system_info(cmap);
    HPDF_Dict_AddNumber(cmap, "WMode", 0);
    HPDF_Stream s = cmap->stream;
    HPDF_Stream_WriteStr(s, encoding_head);
    HPDF_Stream_WriteStr(s, short_codespace);
    write_cid_ranges(s, last);
    HPDF_Stream_WriteStr(s, cmap_tail);
    return cmap;
}

/* /CIDSet: one bit per CID whose glyph the program holds, high-order
 * bit first, CID 0 (.notdef) included. */
static void add_cidset(const np_pdf_font *f, HPDF_Dict desc,
                       const np_subset_program *prog)
{
    HPDF_Dict set = np_pdf_add_stream(f->pdf, desc, "CIDSet", true);
    unsigned last = 0;
    HPDF_BYTE bits[8192] = { 0x80 };
    for (size_t i = 0; i < f->ncodes; i++) {
        unsigned code = f->codes[i].code;
        if (prog->cid_to_gid && prog->cid_to_gid[code] == 0)
            continue;
        bits[code >> 3] |= (HPDF_BYTE)(0x80u >> (code & 7));
        last = code;
    }
    if (set)
        HPDF_Stream_Write(set->stream, bits, last / 8 + 1);
}

static int add_program(const np_pdf_font *f, HPDF_Dict desc,
                       const np_subset_program *prog,
                       np_pdf_program_fn program, void *ud)
{
    bool cff = !prog->cid_to_gid;
    HPDF_Dict file = np_pdf_add_stream(f->pdf, desc, cff ? "FontFile3" : "FontFile2",
                                       true);
    if (!file)
        return 0;               /* libharu has recorded why */
    if (cff)
        HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    else
        HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)prog->len);
    if (program)
        return program(ud, file, prog->data, prog->len);
    HPDF_Stream_Write(file->stream, prog->data, (HPDF_UINT)prog->len);
    return 0;
}

static int add_descriptor(const np_pdf_font *f, HPDF_Dict cid_font,
                          const char *name, const np_face_facts *facts,
                          const np_subset_program *prog, bool pdfa,
                          np_pdf_program_fn program, void *ud)
{
    HPDF_Dict desc = np_pdf_new_object(f->pdf);
    if (HPDF_Dict_Add(cid_font, "FontDescriptor", desc) != HPDF_OK)
        return 0;
    HPDF_Dict_AddName(desc, "Type", "FontDescriptor");
    HPDF_Dict_AddName(desc, "FontName", name);
    HPDF_Dict_AddNumber(desc, "Flags", facts->flags);
    HPDF_Array box = np_pdf_add_array(desc, "FontBBox");
    for (int i = 0; box && i < 4; i++)
        HPDF_Array_AddNumber(box, facts->bbox[i]);
    HPDF_Dict_AddReal(desc, "ItalicAngle", (HPDF_REAL)facts->italic_angle);
    HPDF_Dict_AddNumber(desc, "Ascent", np_face_ascent(f->face));
    HPDF_Dict_AddNumber(desc, "Descent", np_face_descent(f->face));
    HPDF_Dict_AddNumber(desc, "CapHeight", np_face_cap_height(f->face));
    HPDF_Dict_AddNumber(desc, "StemV", facts->stem_v);
    int rc = add_program(f, desc, prog, program, ud);
    if (pdfa)
        add_cidset(f, desc, prog);
    return rc;
}

static int add_cid_font(const np_pdf_font *f, const char *name,
                        const np_face_facts *facts,
                        const np_subset_program *prog, bool pdfa,
                        np_pdf_program_fn program, void *ud)
{
    HPDF_Array kids = np_pdf_add_array(f->type0, "DescendantFonts");
    HPDF_Dict cid_font = kids ? np_pdf_new_object(f->pdf) : NULL;
    if (!kids || HPDF_Array_Add(kids, cid_font) != HPDF_OK)
        return 0;               /* libharu has recorded why */
    HPDF_Dict_AddName(cid_font, "Type", "Font");
    HPDF_Dict_AddName(cid_font, "Subtype",
                      prog->cid_to_gid ? "CIDFontType2" : "CIDFontType0");
    HPDF_Dict_AddName(cid_font, "BaseFont", name);
    add_system_info(cid_font);
    int rc = add_descriptor(f, cid_font, name, facts, prog, pdfa, program, ud);
    add_widths(f, cid_font);
    if (prog->cid_to_gid)
        add_cid_to_gid(f, cid_font, prog);
    return rc;
}

/* "ABCDEF+PostScriptName", the subset naming PDF asks for. */
static void subset_name(const np_pdf_font *f, const np_face_facts *facts,
                        char *name, size_t size)
{
    char tag[7];
    np_subset_tag(f->subset, tag);
    snprintf(name, size, "%s+%s", tag, facts->ps_name);
}

HPDF_STATUS np_pdf_font_finish(np_pdf_font *f, bool pdfa, HPDF_Dict encoding,
                               np_pdf_program_fn program, void *program_ud)
{
    if (!f->type0)
        return HPDF_OK;
    if (np_subset_failed(f->subset))
        return HPDF_FAILD_TO_ALLOC_MEM;
    np_subset_program prog;
    f->codes = np_subset_entries(f->subset, &f->ncodes);
    if (!f->codes || np_subset_build(f->subset, &prog) < 0)
        return HPDF_FAILD_TO_ALLOC_MEM;
    np_face_facts facts;
    np_face_facts_get(f->face, &facts);
    char name[80];
    subset_name(f, &facts, name, sizeof name);
    HPDF_Dict_AddName(f->type0, "Type", "Font");
    HPDF_Dict_AddName(f->type0, "Subtype", "Type0");
    HPDF_Dict_AddName(f->type0, "BaseFont", name);
    if (f->cff)
        HPDF_Dict_AddName(f->type0, "Encoding", "Identity-H");
    else if (!encoding)
        return HPDF_FAILD_TO_ALLOC_MEM;     /* making it failed */
    else
        HPDF_Dict_Add(f->type0, "Encoding", encoding);
    int rc = add_cid_font(f, name, &facts, &prog, pdfa, program, program_ud);
    add_to_unicode(f);
    np_subset_program_free(f->subset, &prog);
    if (rc < 0)
        return HPDF_FAILD_TO_ALLOC_MEM;     /* reported by `program` */
    return HPDF_GetError(f->pdf);       /* libharu's error sticks */
}
