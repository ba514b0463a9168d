/*
 * face_facts.c - what a PDF font descriptor says of a face: its
 * PostScript name, bounding box, italic angle, flags and an estimated
 * stem width, read from its name, head, OS/2 and post tables. It makes
 * no PDF object (pdf_font.c) and cuts no program (subset.c).
 */
#include <stdbool.h>
#include <string.h>

#include "ground/bytes.h"
#include "output/subset.h"

#define HEAD_SIZE 54

static bool postscript_char(unsigned c)
{
    return c > 32 && c < 127 && !strchr("[](){}<>/%", (int)c);
}

/* The PostScript name (name ID 6) in the Macintosh Roman or Windows
 * Unicode record, kept to the characters a PDF name may hold bare. */
static void read_ps_name(const np_face *face, char *out, size_t size)
{
    size_t len, n = 0;
    const uint8_t *t = np_face_table(face, "name", &len);
    out[0] = '\0';
    if (!t || len < 6)
        return;
    size_t count = np_be16(t + 2), strings = np_be16(t + 4);
    for (size_t i = 0; i < count && np_fits(len, 6 + i * 12, 12) && !n; i++) {
        const uint8_t *rec = t + 6 + i * 12;
        unsigned platform = np_be16(rec), id = np_be16(rec + 6);
        size_t slen = np_be16(rec + 8), off = strings + np_be16(rec + 10);
        if (id != 6 || (platform != 1 && platform != 3) || !np_fits(len, off, slen))
            continue;
        size_t step = platform == 3 ? 2 : 1;
        for (size_t k = 0; k + step <= slen && n + 1 < size; k += step) {
            unsigned c = step == 2 ? np_be16(t + off + k) : t[off + k];
            if (postscript_char(c))
                out[n++] = (char)c;
        }
        out[n] = '\0';
    }
}

static int scaled(int units, unsigned upem)
{
    return units * 1000 / (int)upem;
}

/* Serif families in OS/2 sFamilyClass (1-5 and 7; 8 is sans serif). */
static bool serif_class(int family)
{
    return (family >= 1 && family <= 5) || family == 7;
}

void np_face_facts_get(const np_face *face, np_face_facts *f)
{
    size_t len;
    memset(f, 0, sizeof *f);
    read_ps_name(face, f->ps_name, sizeof f->ps_name);
    if (!f->ps_name[0])
        strcpy(f->ps_name, "Unnamed");
    const uint8_t *head = np_face_table(face, "head", &len);
    if (head && len >= HEAD_SIZE) {
        unsigned upem = np_be16(head + 18);
        for (int i = 0; i < 4; i++)
            f->bbox[i] = scaled(np_bes16(head + 36 + 2 * i), upem ? upem : 1000);
    }
    int weight = 400;
    f->flags = 32;              /* Nonsymbolic: Latin text */
    const uint8_t *os2 = np_face_table(face, "OS/2", &len);
    if (os2 && len >= 64) {
        weight = np_be16(os2 + 4);
        if (serif_class(np_bes16(os2 + 30) >> 8))
            f->flags |= 2;
        if (np_be16(os2 + 62) & 1)
            f->flags |= 64;     /* fsSelection ITALIC */
    }
    const uint8_t *post = np_face_table(face, "post", &len);
    if (post && len >= 16) {
        f->italic_angle = np_bes16(post + 4) + np_be16(post + 6) / 65536.0;
        if (np_be32(post + 12))
            f->flags |= 1;
    }
    if (f->italic_angle != 0)
        f->flags |= 64;
    /* No stem width is stored in a TrueType face; this estimate from the
     * weight class is the one PDF writers commonly use. */
    if (weight < 100 || weight > 1000)
        weight = 400;
    f->stem_v = 50 + (weight / 65) * (weight / 65);
}
