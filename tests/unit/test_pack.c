/*
 * test_pack.c - the page packer: every piece comes back deflated, whole
 * and in order, whether it was deflated inline or by the worker, as a
 * zlib stream that zlib itself inflates back to the piece, and the same
 * bytes as np_pack gives; a failing delivery stops it; a packer dropped
 * halfway frees everything (run under ASan). A deflater reused for
 * streams of every size gives np_pack's bytes each time, and zlib reads
 * them back.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "output/pack.h"
#include "unit.h"

typedef struct log {
    size_t next;                /* index expected next */
    size_t fail_at;             /* refuse this delivery; SIZE_MAX: none */
    bool all_equal;
    unsigned seed;
} log;

/* Piece i's bytes: text-like and a little repetitive, so that deflate
 * has work, different for every piece. */
static unsigned char *make_piece(unsigned seed, size_t i, size_t *len)
{
    *len = 1000 + (i * 7919) % 30000;
    unsigned char *p = malloc(*len);
    uint32_t x = seed * 2654435761u + (uint32_t)i;
    for (size_t k = 0; k < *len; k++) {
        x = x * 1103515245u + 12345u;
        p[k] = (unsigned char)("0123456789 TJ[]<>-.\n"[(x >> 16) % 21]);
    }
    return p;
}

/* What a PDF reader does with the stream: zlib inflates it back. */
static bool inflates_to(const unsigned char *data, size_t len,
                        const unsigned char *raw, size_t raw_len)
{
    uLongf n = (uLongf)raw_len + 1;
    unsigned char *back = malloc(n);
    bool same = uncompress(back, &n, data, (uLong)len) == Z_OK &&
                n == raw_len && memcmp(back, raw, raw_len) == 0;
    free(back);
    return same;
}

static int check_piece(void *ud, size_t index, const unsigned char *data,
                       size_t len)
{
    log *l = ud;
    if (index == l->fail_at)
        return -1;
    size_t raw_len, want_len = 0;
    unsigned char *raw = make_piece(l->seed, index, &raw_len);
    unsigned char *want = malloc(np_pack_bound(raw_len));
    if (index != l->next || !np_pack(raw, raw_len, want, &want_len) ||
        len != want_len || memcmp(data, want, len) != 0 ||
        !inflates_to(data, len, raw, raw_len))
        l->all_equal = false;
    l->next = index + 1;
    free(raw);
    free(want);
    return 0;
}

static void run(np_deflater *d, unsigned seed, size_t pieces)
{
    log l = { .fail_at = SIZE_MAX, .all_equal = true, .seed = seed };
    np_packer *p = np_packer_new(NULL, d, check_piece, &l);
    CHECK(p != NULL);
    for (size_t i = 0; i < pieces; i++) {
        size_t len;
        unsigned char *raw = make_piece(seed, i, &len);
        CHECK(np_packer_submit(p, raw, len) == 0);
    }
    CHECK(np_packer_finish(p) == 0);
    CHECK(l.all_equal);
    CHECK(l.next == pieces);
    np_packer_free(p);
}

static void refused_delivery(np_deflater *d)
{
    log l = { .fail_at = 5, .all_equal = true, .seed = 9 };
    np_packer *p = np_packer_new(NULL, d, check_piece, &l);
    int failures = 0;
    for (size_t i = 0; i < 20; i++) {
        size_t len;
        unsigned char *raw = make_piece(9, i, &len);
        failures += np_packer_submit(p, raw, len) != 0;
    }
    CHECK(failures > 0);
    CHECK(np_packer_finish(p) == -1);
    CHECK(l.next == 5);         /* nothing delivered after the refusal */
    np_packer_free(p);
}

/* Dropped with pieces still in the worker's hands. */
static void abandoned(np_deflater *d)
{
    log l = { .fail_at = SIZE_MAX, .all_equal = true, .seed = 3 };
    np_packer *p = np_packer_new(NULL, d, check_piece, &l);
    for (size_t i = 0; i < 12; i++) {
        size_t len;
        unsigned char *raw = make_piece(3, i, &len);
        np_packer_submit(p, raw, len);
    }
    np_packer_free(p);
    CHECK(l.all_equal);
    np_packer_free(NULL);
}

/* One state, reset between streams, large then small then empty. */
static void deflater_reused(void)
{
    static const size_t sizes[] = { 200000, 10, 0, 70000, 1, 33000, 5000 };
    np_deflater *d = np_deflater_new(NULL);
    CHECK(d != NULL);
    int equal = 0, n = (int)(sizeof sizes / sizeof *sizes);
    for (int i = 0; d && i < n; i++) {
        size_t len = sizes[i], got_len = 0, piece_len;
        unsigned char *piece = make_piece(77, (size_t)i, &piece_len);
        unsigned char *raw = malloc(len + 1);
        for (size_t k = 0; k < len; k++)
            raw[k] = piece[k % piece_len];
        unsigned char *got = malloc(np_pack_bound(len));
        size_t want_len = 0;
        unsigned char *want = malloc(np_pack_bound(len));
        equal += np_deflater_pack(d, raw, len, got, &got_len) &&
                 np_pack(raw, len, want, &want_len) &&
                 got_len == want_len && memcmp(got, want, got_len) == 0 &&
                 inflates_to(got, got_len, raw, len);
        free(piece), free(raw), free(got), free(want);
    }
    CHECK(equal == n);
    np_deflater_free(d);
    np_deflater_free(NULL);
}

/* The fast level, interleaved with the usual one on the same deflater:
 * each inflates back, and the usual one still gives np_pack's bytes. */
static void binary_level(void)
{
    np_deflater *d = np_deflater_new(NULL);
    CHECK(d != NULL);
    int good = 0;
    for (int i = 0; d && i < 6; i++) {
        size_t len, got_len = 0, want_len = 0, usual_len = 0;
        unsigned char *raw = make_piece(91, (size_t)i * 7, &len);
        unsigned char *got = malloc(np_pack_bound(len));
        unsigned char *want = malloc(np_pack_bound(len));
        unsigned char *usual = malloc(np_pack_bound(len));
        good += np_deflater_pack_binary(d, raw, len, got, &got_len)
                && inflates_to(got, got_len, raw, len)
                && np_deflater_pack(d, raw, len, usual, &usual_len)
                && np_pack(raw, len, want, &want_len)
                && usual_len == want_len && memcmp(usual, want, want_len) == 0;
        free(raw), free(got), free(want), free(usual);
    }
    CHECK(good == 6);
    np_deflater_free(d);
}

int main(void)
{
    static const size_t counts[] = { 0, 1, 2, 3, 4, 9, 64, 300 };
    np_deflater *d = np_deflater_new(NULL);
    for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
        run(d, (unsigned)i + 1, counts[i]);
    refused_delivery(d);
    abandoned(d);
    np_deflater_free(d);
    deflater_reused();
    binary_level();
    return unit_done("pack");
}
