/*
 * bench_zlib.c - the compression floor of `make bench` (tests/bench.sh).
 *
 *   bench_zlib FILE.pdf
 *
 * FILE.pdf is a PDF whose streams are stored uncompressed (qpdf
 * --stream-data=uncompress). Each stream that is not an image is
 * deflated with zlib at level 6, as one zlib stream, with one deflate
 * state reset between streams: the least work any engine writing the
 * same content deflated at zlib's default level must do. Images are
 * left out, since the engine copies their compressed rows as they are.
 * Prints the streams, their raw bytes and their deflated bytes, e.g.
 * "224 5123456 1234567".
 *
 * It measures; it judges nothing: the goals are in tests/bench.sh.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    unsigned char *data = malloc(cap);
    size_t got;
    while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            unsigned char *grown = realloc(data, cap *= 2);
            if (!grown)
                free(data);
            data = grown;
        }
    }
    fclose(f);
    *len = n;
    return data;
}

/* The first occurrence of `what` in [from, end), or NULL. */
static const unsigned char *find(const unsigned char *from,
                                 const unsigned char *end, const char *what)
{
    size_t k = strlen(what);
    for (const unsigned char *p = from; p + k <= end; p++)
        if (*p == (unsigned char)what[0] && memcmp(p, what, k) == 0)
            return p;
    return NULL;
}

/* The dictionary of the stream starting at `kw` (its "stream" keyword)
 * runs back to the "obj" before it. */
static const unsigned char *dict_start(const unsigned char *data,
                                       const unsigned char *kw)
{
    for (const unsigned char *p = kw; p >= data + 3; p--)
        if (memcmp(p - 3, "obj", 3) == 0)
            return p;
    return data;
}

static int dict_has(const unsigned char *from, const unsigned char *to,
                    const char *key)
{
    return find(from, to, key) != NULL;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: bench_zlib FILE.pdf\n", stderr);
        return 2;
    }
    size_t len;
    unsigned char *data = read_all(argv[1], &len);
    if (!data) {
        perror(argv[1]);
        return 1;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit(&z, 6) != Z_OK)
        return 1;
    size_t cap = 1 << 16, streams = 0, raw = 0, packed = 0;
    unsigned char *out = malloc(cap);
    const unsigned char *end = data + len, *p = data, *kw;
    while (out && (kw = find(p, end, "stream")) != NULL) {
        const unsigned char *body = kw + 6;
        if (kw > data && kw[-1] == 'd') {           /* "endstream" */
            p = body;
            continue;
        }
        body += (body < end && *body == '\r');
        body += (body < end && *body == '\n');
        const unsigned char *stop = find(body, end, "endstream");
        if (!stop)
            break;
        size_t n = (size_t)(stop - body);
        if (!dict_has(dict_start(data, kw), kw, "/Image")) {
            if (compressBound((uLong)n) > cap) {
                free(out);
                out = malloc(cap = compressBound((uLong)n));
                if (!out)
                    break;
            }
            deflateReset(&z);
            z.next_in = (Bytef *)body;
            z.avail_in = (uInt)n;
            z.next_out = out;
            z.avail_out = (uInt)cap;
            if (deflate(&z, Z_FINISH) != Z_STREAM_END)
                return 1;
            streams++;
            raw += n;
            packed += z.total_out;
        }
        p = stop + 9;
    }
    deflateEnd(&z);
    free(out);
    free(data);
    printf("%zu %zu %zu\n", streams, raw, packed);
    return 0;
}
