/*
 * pdf_mark.c - whether a file is a whole PDF that this version of the
 * engine wrote (np_pdf_is_ours), for tools that skip outputs already up
 * to date: a PDF cut short, another program's file or an older
 * version's output must be made again.
 *
 * Three small reads, whatever the size of the file: the header; the
 * last kilobyte, which must end with %%EOF and holds startxref and the
 * trailer naming the Info dictionary; then that object, found through
 * its entry in the cross-reference table, whose /Creator must be
 * NP_PDF_CREATOR. It relies on what the PDF back end writes (libharu:
 * one cross-reference section, entries of 20 bytes, the Info
 * dictionary's strings in hex UTF-16 with a byte-order mark) and on
 * nothing else; it is no PDF parser, and it never says yes to a file
 * it cannot read.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ground/file_read.h"
#include "output/pdf_mark.h"

#define TAIL_BYTES 1024
#define XREF_HEAD 64            /* "xref\n0 COUNT\n" with room to spare */
#define XREF_ENTRY 20
#define INFO_BYTES 512          /* /Producer, then /Creator */

/* Reads size bytes at `at` into buf and NUL-terminates them. */
static bool read_at(int fd, long long at, char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = pread(fd, buf + got, size - got, (off_t)at + (off_t)got);
        if (n <= 0)
            return false;
        got += (size_t)n;
    }
    buf[size] = '\0';
    return true;
}

/* The last occurrence of `needle` in hay[0..len), or NULL. */
static const char *last_of(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = len >= n ? len - n + 1 : 0; i-- > 0;)
        if (memcmp(hay + i, needle, n) == 0)
            return hay + i;
    return NULL;
}

static bool ends_with_eof(const char *tail, size_t len)
{
    while (len > 0 && (tail[len - 1] == '\n' || tail[len - 1] == '\r'))
        len--;
    return len >= 5 && memcmp(tail + len - 5, "%%EOF", 5) == 0;
}

/* From the tail: where the cross-reference table starts, and the
 * number of the Info dictionary's object. */
static bool read_trailer(const char *tail, size_t len, long long *xref,
                         long *info)
{
    const char *sx = last_of(tail, len, "startxref");
    const char *tr = sx ? last_of(tail, (size_t)(sx - tail), "trailer") : NULL;
    const char *in = tr ? strstr(tr, "/Info ") : NULL;
    return sx && in && in < sx && sscanf(sx + 9, "%lld", xref) == 1
           && sscanf(in + 6, "%ld 0 R", info) == 1 && *xref > 0 && *info > 0;
}

/* The offset of object `obj` from the one cross-reference section. */
static bool object_offset(int fd, long long xref, long obj, long long *at)
{
    char head[XREF_HEAD + 1], entry[XREF_ENTRY + 1];
    long first, count;
    int used = 0;
    if (!read_at(fd, xref, head, XREF_HEAD)
        || sscanf(head, "xref %ld %ld%n", &first, &count, &used) != 2
        || first != 0 || obj >= count)
        return false;
    while (head[used] == '\r' || head[used] == '\n' || head[used] == ' ')
        used++;
    long long where = xref + used + (long long)obj * XREF_ENTRY;
    return read_at(fd, where, entry, XREF_ENTRY) && entry[17] == 'n'
           && sscanf(entry, "%lld", at) == 1;
}

/* The /Creator entry the back end writes for NP_PDF_CREATOR (ASCII):
 * a byte-order mark, then each character as 00XX, in upper-case hex. */
static void expected_creator(char *out, size_t size)
{
    size_t at = (size_t)snprintf(out, size, "/Creator <FEFF");
    for (const char *s = NP_PDF_CREATOR; *s && at + 5 < size; s++)
        at += (size_t)snprintf(out + at, size - at, "00%02X", (unsigned char)*s);
    snprintf(out + at, size - at, ">");
}

static bool info_is_ours(int fd, long long at, long obj, size_t file_size)
{
    char buf[INFO_BYTES + 1], want[128], head[32];
    size_t n = file_size - (size_t)at < INFO_BYTES ? file_size - (size_t)at
                                                   : INFO_BYTES;
    if (!read_at(fd, at, buf, n))
        return false;
    snprintf(head, sizeof head, "%ld 0 obj", obj);
    expected_creator(want, sizeof want);
    const char *end = strstr(buf, ">>");
    const char *creator = strstr(buf, want);
    return strncmp(buf, head, strlen(head)) == 0 && creator
           && (!end || creator < end);
}

static bool is_ours(const np_file *f)
{
    char head[9], tail[TAIL_BYTES + 1];
    size_t n = f->size < TAIL_BYTES ? f->size : TAIL_BYTES;
    long long xref, at;
    long info;
    return f->size > 64 && read_at(f->fd, 0, head, 8)
           && memcmp(head, "%PDF-1.", 7) == 0
           && read_at(f->fd, (long long)(f->size - n), tail, n)
           && ends_with_eof(tail, n) && read_trailer(tail, n, &xref, &info)
           && (unsigned long long)xref < f->size
           && object_offset(f->fd, xref, info, &at)
           && at > 0 && (unsigned long long)at < f->size
           && info_is_ours(f->fd, at, info, f->size);
}

int np_pdf_is_ours(const char *path)
{
    np_file f;
    if (!path || np_file_open(path, (size_t)-1, &f) != 0)
        return 0;
    int ours = is_ours(&f);
    close(f.fd);
    return ours;
}
