/*
 * pdf_mark.c - whether a file is a whole PDF that this version of the
 * engine wrote (np_pdf_is_ours), for tools that skip outputs already up
 * to date: a PDF cut short, another program's file or an older
 * version's output must be made again.
 *
 * A few small reads, whatever the size of the file: the header; the
 * last kilobyte, which must end with %%EOF and holds startxref; then
 * the Info dictionary, whose /Creator must be NP_PDF_CREATOR. In a file
 * with a classic cross-reference table (PDF/A) the trailer in the last
 * kilobyte names the Info dictionary and the table gives its offset; in
 * one with object streams (pdf_objstm.c) the cross-reference stream's
 * dictionary names it, and it is the first object after the header,
 * kept out of the object streams. It relies on what the PDF back end
 * writes (libharu: one cross-reference section, entries of 20 bytes,
 * the Info dictionary's strings in hex UTF-16 with a byte-order mark;
 * pdf_objstm.c: the Info dictionary first) and on nothing else; it is
 * no PDF parser, and it never says yes to a file it cannot read.
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
#define XREF_DICT 256           /* a cross-reference stream's dictionary */
#define HEADER_BYTES 32         /* "%PDF-1.7" and the binary comment */

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

/* From the tail: where the cross-reference section starts. */
static bool read_startxref(const char *tail, size_t len, long long *xref)
{
    const char *sx = last_of(tail, len, "startxref");
    return sx && sscanf(sx + 9, "%lld", xref) == 1 && *xref > 0;
}

/* From the tail: the number of the Info dictionary's object, in the
 * trailer of a classic table. */
static bool read_trailer(const char *tail, size_t len, long *info)
{
    const char *sx = last_of(tail, len, "startxref");
    const char *tr = sx ? last_of(tail, (size_t)(sx - tail), "trailer") : NULL;
    const char *in = tr ? strstr(tr, "/Info ") : NULL;
    return in && in < sx && sscanf(in + 6, "%ld 0 R", info) == 1
           && *info > 0;
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

/* The Info dictionary of a file with a cross-reference stream: its
 * number from the stream's dictionary, which starts at `xref`; its
 * offset, that of the first object, from the end of the header's two
 * lines. */
static bool stream_info(int fd, long long xref, size_t file_size,
                        long *info, long long *at)
{
    char dict[XREF_DICT + 1], head[HEADER_BYTES + 1];
    size_t n = file_size - (size_t)xref < XREF_DICT
               ? file_size - (size_t)xref : XREF_DICT;
    if (!read_at(fd, xref, dict, n) || !read_at(fd, 0, head, HEADER_BYTES))
        return false;
    const char *end = strstr(dict, ">>");
    const char *type = strstr(dict, "/Type /XRef");
    const char *in = strstr(dict, "/Info ");
    if (!end || !type || !in || type > end || in > end
        || sscanf(in + 6, "%ld 0 R", info) != 1 || *info <= 0)
        return false;
    const char *nl = memchr(head, '\n', HEADER_BYTES);
    nl = nl ? memchr(nl + 1, '\n', (size_t)(head + HEADER_BYTES - nl - 1))
            : NULL;
    *at = nl ? nl + 1 - head : 0;
    return nl != NULL;
}

/* Where the Info dictionary is, and its number. */
static bool find_info(const np_file *f, const char *tail, size_t len,
                      long *info, long long *at)
{
    char word[5];
    long long xref;
    if (!read_startxref(tail, len, &xref)
        || (unsigned long long)xref >= f->size - 4
        || !read_at(f->fd, xref, word, 4))
        return false;
    if (memcmp(word, "xref", 4) != 0)
        return stream_info(f->fd, xref, f->size, info, at);
    return read_trailer(tail, len, info)
           && object_offset(f->fd, xref, *info, at);
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
    long long at;
    long info;
    return f->size > 64 && read_at(f->fd, 0, head, 8)
           && memcmp(head, "%PDF-1.", 7) == 0
           && read_at(f->fd, (long long)(f->size - n), tail, n)
           && ends_with_eof(tail, n) && find_info(f, tail, n, &info, &at)
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
