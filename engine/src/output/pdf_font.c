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
 *   Type0 /Identity-H  -> CIDFontType2 (/W, /CIDToGIDMap stream)
 *                         -> FontDescriptor -> FontFile2 (the subset)
 *                      -> ToUnicode (one bfchar per CID)
 *
 * CIDs are given in the order characters are first shown, so the same
 * description gives the same bytes; a shaped glyph's CID stands for the
 * glyph and the text it shows (subset.h). With PDF/A the descriptor also
 * gets the /CIDSet PDF/A-1 asks of a subset font.
 *
 * A face with PostScript outlines (Noto CJK) becomes a CIDFontType0 over
 * its CFF program (FontFile3, CIDFontType0C) as subset_cff.c cuts it: no
 * CIDToGIDMap, the page's codes being the face's own CIDs, its glyph
 * ids.
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
#include "ground/utf8.h"
#include "output/pdf_font.h"
#include "output/subset.h"

#define BFCHAR_BLOCK 100        /* the CMap format's limit per block */

struct np_pdf_font {
    HPDF_Doc pdf;
    const np_face *face;
    const np_allocator *alloc;
    np_subset *subset;
    HPDF_Dict type0;            /* NULL until placed on a page */
    np_cid_entry *codes;        /* the codes shown, once finishing */
    size_t ncodes;
};

np_pdf_font *np_pdf_font_new(HPDF_Doc pdf, const np_face *face,
                             const np_allocator *alloc)
{
    np_pdf_font *f = np_mem_alloc(alloc, sizeof *f);
    if (!f)
        return NULL;
    *f = (np_pdf_font){ .pdf = pdf, .face = face, .alloc = alloc };
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
    "/CMapType 2 def\n"
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
static void write_bfchar(HPDF_Stream s, const np_subset *sub, const np_cid_entry *e)
{
    char line[256];
    size_t len;
    const char *text = np_subset_text(sub, e->cid, &len);
    if (!text) {
        snprintf(line, sizeof line, "<%04X> <%04X>\n", e->code,
                 (unsigned)np_subset_code(sub, e->cid));
        HPDF_Stream_WriteStr(s, line);
        return;
    }
    size_t n = (size_t)snprintf(line, sizeof line, "<%04X> <", e->code);
    for (size_t i = 0; i < len && n + 16 < sizeof line;) {
        uint32_t cp;
        i += np_utf8_next(text + i, len - i, &cp);
        if (cp > 0xFFFF)
            n += (size_t)snprintf(line + n, sizeof line - n, "%04X%04X",
                                  0xD800 + ((cp - 0x10000) >> 10),
                                  0xDC00 + ((cp - 0x10000) & 0x3FF));
        else
            n += (size_t)snprintf(line + n, sizeof line - n, "%04X", (unsigned)cp);
    }
    snprintf(line + n, sizeof line - n, ">\n");
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
    for (size_t i = 0; i < n; i++) {
        char line[48];
        if (i % BFCHAR_BLOCK == 0) {
            size_t left = n - i;
            snprintf(line, sizeof line, "%s%zu beginbfchar\n",
                     i > 0 ? "endbfchar\n" : "",
                     left < BFCHAR_BLOCK ? left : BFCHAR_BLOCK);
            HPDF_Stream_WriteStr(s, line);
        }
        write_bfchar(s, f->subset, &f->codes[i]);
    }
    if (n > 0)
        HPDF_Stream_WriteStr(s, "endbfchar\n");
    HPDF_Stream_WriteStr(s, cmap_tail);
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

static void add_program(const np_pdf_font *f, HPDF_Dict desc,
                        const np_subset_program *prog)
{
    bool cff = !prog->cid_to_gid;
    HPDF_Dict file = np_pdf_add_stream(f->pdf, desc, cff ? "FontFile3" : "FontFile2",
                                       true);
    if (!file)
        return;
    if (cff)
        HPDF_Dict_AddName(file, "Subtype", "CIDFontType0C");
    else
        HPDF_Dict_AddNumber(file, "Length1", (HPDF_INT32)prog->len);
    HPDF_Stream_Write(file->stream, prog->data, (HPDF_UINT)prog->len);
}

static void add_descriptor(const np_pdf_font *f, HPDF_Dict cid_font,
                           const char *name, const np_face_facts *facts,
                           const np_subset_program *prog, bool pdfa)
{
    HPDF_Dict desc = np_pdf_new_object(f->pdf);
    if (HPDF_Dict_Add(cid_font, "FontDescriptor", desc) != HPDF_OK)
        return;
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
    add_program(f, desc, prog);
    if (pdfa)
        add_cidset(f, desc, prog);
}

static void add_system_info(HPDF_Dict cid_font)
{
    HPDF_Dict info = np_pdf_add_dict(cid_font, "CIDSystemInfo");
    if (!info)
        return;
    np_pdf_add_string(info, "Registry", "Adobe");
    np_pdf_add_string(info, "Ordering", "Identity");
    HPDF_Dict_AddNumber(info, "Supplement", 0);
}

static void add_cid_font(const np_pdf_font *f, const char *name,
                         const np_face_facts *facts,
                         const np_subset_program *prog, bool pdfa)
{
    HPDF_Array kids = np_pdf_add_array(f->type0, "DescendantFonts");
    HPDF_Dict cid_font = kids ? np_pdf_new_object(f->pdf) : NULL;
    if (!kids || HPDF_Array_Add(kids, cid_font) != HPDF_OK)
        return;
    HPDF_Dict_AddName(cid_font, "Type", "Font");
    HPDF_Dict_AddName(cid_font, "Subtype",
                      prog->cid_to_gid ? "CIDFontType2" : "CIDFontType0");
    HPDF_Dict_AddName(cid_font, "BaseFont", name);
    add_system_info(cid_font);
    add_descriptor(f, cid_font, name, facts, prog, pdfa);
    add_widths(f, cid_font);
    if (prog->cid_to_gid)
        add_cid_to_gid(f, cid_font, prog);
}

/* "ABCDEF+PostScriptName", the subset naming PDF asks for. */
static void subset_name(const np_pdf_font *f, const np_face_facts *facts,
                        char *name, size_t size)
{
    char tag[7];
    np_subset_tag(f->subset, tag);
    snprintf(name, size, "%s+%s", tag, facts->ps_name);
}

HPDF_STATUS np_pdf_font_finish(np_pdf_font *f, bool pdfa)
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
    HPDF_Dict_AddName(f->type0, "Encoding", "Identity-H");
    add_cid_font(f, name, &facts, &prog, pdfa);
    add_to_unicode(f);
    np_subset_program_free(f->subset, &prog);
    return HPDF_GetError(f->pdf);       /* libharu's error sticks */
}
