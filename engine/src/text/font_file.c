/*
 * font_file.c - a font file on its way in: opened (refusing anything
 * but a regular file, or one over 128 MB), mapped read-only or read
 * into memory where it cannot be mapped, its signature checked (fonts
 * we do not read are named: collections, CFF outlines, WOFF) and its
 * table directory read, every table inside the file. What the tables
 * say is font.c's and font_cmap.c's.
 *
 * The file is mapped read-only rather than read, as FreeType does: a
 * note touches a few pages of each face (the directory, the metrics, the
 * cmap, the outlines it shows), and copying 400 KB per face into the
 * heap cost a short note a fifth of its time in page faults. A file
 * that cannot be mapped (a file system without mmap) is read into
 * memory instead; anything but a regular file is refused when opened
 * (file_read.c). Like every program that maps its fonts, a process
 * whose font file is truncated in place while an engine holds it gets
 * SIGBUS; replacing the file (a new inode, as package managers and
 * editors do) is safe.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ground/arena.h"
#include "ground/bytes.h"
#include "ground/file_read.h"
#include "text/font_load.h"

/* The first four bytes of files that are fonts, but not ones we read. */
static const struct {
    uint32_t tag;
    const char *message;
} REFUSED_KINDS[] = {
    { 0x774F4646, "a WOFF web font is not supported: "
                  "decompress it into a .ttf file" },
    { 0x774F4632, "a WOFF2 web font is not supported: "
                  "decompress it into a .ttf file" },
};

/* ---- reading the file ---------------------------------------------- */

/* strerror_r rather than strerror: a load may run in any thread. */
static bool fail_errno(np_font_loader *ld, const char *what, int errnum)
{
    char text[128];
    if (strerror_r(errnum, text, sizeof text) != 0)
        snprintf(text, sizeof text, "error %d", errnum);
    return np_font_fail(ld, "%s: %s", what, text);
}

static bool read_all(np_font_loader *ld, int fd)
{
    size_t got = 0;
    while (got < ld->size) {
        ssize_t n = read(fd, ld->copy + got, ld->size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail_errno(ld, "cannot read the font file", errno);
        if (n == 0)
            return np_font_fail(ld, "the font file shrank while it was read");
        got += (size_t)n;
    }
    return true;
}

static bool map_file(np_font_loader *ld, int fd)
{
    void *p = mmap(NULL, ld->size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        return false;
    ld->buf = p;
    ld->mapped = true;
    return true;
}

static bool copy_file(np_font_loader *ld, int fd)
{
    ld->copy = np_mem_alloc(ld->alloc, ld->size);
    if (!ld->copy)
        return np_font_fail(ld, "out of memory reading the font file");
    ld->buf = ld->copy;
    return read_all(ld, fd);
}

bool np_font_open_file(np_font_loader *ld, const char *path)
{
    np_file f;
    char why[128];
    int err = np_file_open(path, MAX_FILE_SIZE, &f);
    if (err == EFBIG)
        return np_font_fail(ld, "the font file is larger than %d MB", MAX_FILE_MB);
    if (err)
        return np_font_fail(ld, "cannot open the font file: %s",
                    np_file_error(err, why, sizeof why));
    ld->size = f.size;
    bool ok = ld->size == 0 ? np_font_fail(ld, "the font file is empty")
              : map_file(ld, f.fd) || copy_file(ld, f.fd);
    close(f.fd);
    return ok;
}

void np_font_release_file(const np_allocator *alloc, const uint8_t *file,
                         size_t size, bool mapped)
{
    if (mapped)
        munmap((void *)file, size);
    else
        np_mem_free(alloc, (void *)file);
}

/* ---- table directory ----------------------------------------------- */

#define NUM_REFUSED_KINDS (sizeof REFUSED_KINDS / sizeof *REFUSED_KINDS)

/* A collection (.ttc) holds the table directories of its faces one
 * after the other, their tables shared; ld->index counts from 0. */
static bool find_in_collection(np_font_loader *ld)
{
    if (ld->size < 12)
        return np_font_fail(ld, "the collection's header is truncated");
    uint32_t count = np_be32(ld->buf + 8);
    if (ld->index >= count || !np_fits(ld->size, 12, (size_t)count * 4))
        return np_font_fail(ld, "the collection has %u faces: there is no face %u",
                            (unsigned)count, ld->index);
    ld->dir = np_be32(ld->buf + 12 + 4 * (size_t)ld->index);
    return true;
}

bool np_font_check_signature(np_font_loader *ld)
{
    uint32_t tag = ld->size >= 4 ? np_be32(ld->buf) : 0;
    for (size_t i = 0; i < NUM_REFUSED_KINDS; i++)
        if (tag == REFUSED_KINDS[i].tag)
            return np_font_fail(ld, "%s", REFUSED_KINDS[i].message);
    if (tag == 0x74746366 && !find_in_collection(ld))          /* 'ttcf' */
        return false;
    if (tag != 0x74746366 && ld->index > 0)
        return np_font_fail(ld, "a face number (#%u) is given, but the file is not "
                            "a collection (.ttc)", ld->index);
    tag = np_fits(ld->size, ld->dir, 4) ? np_be32(ld->buf + ld->dir) : 0;
    /* 'true' is the old Apple spelling of 0x00010000, 'OTTO' the mark of
     * PostScript (CFF) outlines. */
    bool sfnt = tag == 0x00010000 || tag == 0x74727565 || tag == 0x4F54544F;
    if (!sfnt || !np_fits(ld->size, ld->dir, 12))
        return np_font_fail(ld, "not a TrueType or OpenType file");
    return true;
}

/* Tags come from the file: print them only once made printable. */
static void printable_tag(const uint8_t *p, char out[5])
{
    for (int i = 0; i < 4; i++)
        out[i] = p[i] >= 0x20 && p[i] < 0x7F ? (char)p[i] : '?';
    out[4] = '\0';
}

static void note_table(np_font_loader *ld, const uint8_t *rec, size_t off, size_t len)
{
    for (int t = 0; t < T_COUNT; t++) {
        if (memcmp(rec, np_font_table_tags[t], 4) == 0 && !ld->tables[t].p) {
            ld->tables[t].p = ld->buf + off;
            ld->tables[t].len = len;
        }
    }
}

/* Every table, needed or not, must lie inside the file: a table cut off
 * at the end is the usual sign of a truncated download. */
bool np_font_read_directory(np_font_loader *ld)
{
    size_t count = np_be16(ld->buf + ld->dir + 4);
    if (!np_fits(ld->size, ld->dir + 12, count * 16))
        return np_font_fail(ld, "the table directory is truncated");
    for (size_t i = 0; i < count; i++) {
        const uint8_t *rec = ld->buf + ld->dir + 12 + i * 16;
        size_t off = np_be32(rec + 8), len = np_be32(rec + 12);
        if (!np_fits(ld->size, off, len)) {
            char tag[5];
            printable_tag(rec, tag);
            return np_font_fail(ld, "table %s is truncated", tag);
        }
        note_table(ld, rec, off, len);
    }
    /* PostScript outlines come in CFF, TrueType ones in glyf and loca */
    bool cff = ld->tables[T_CFF].p != NULL;
    for (int t = 0; t < T_REQUIRED; t++)
        if (!ld->tables[t].p && !(cff && (t == T_GLYF || t == T_LOCA)))
            return np_font_fail(ld, "table %s is missing", np_font_table_tags[t]);
    return true;
}

