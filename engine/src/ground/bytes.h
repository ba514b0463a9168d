/*
 * bytes.h - big-endian fields of binary formats (TrueType, PNG), read
 * and written byte by byte so that neither the host's byte order nor
 * its alignment matters, and a bounds test that cannot overflow.
 */
#ifndef NP_BYTES_H
#define NP_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline uint16_t np_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t np_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | p[3];
}

/* Spelled out because converting a uint16_t above 0x7FFF to int16_t is
 * implementation-defined. */
static inline int np_bes16(const uint8_t *p)
{
    uint16_t u = np_be16(p);
    return u < 0x8000 ? (int)u : (int)u - 0x10000;
}

static inline void np_put16(uint8_t *p, unsigned v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void np_put32(uint8_t *p, uint32_t v)
{
    np_put16(p, v >> 16);
    np_put16(p + 2, v & 0xFFFF);
}

/* True when `need` bytes at `off` lie inside `len` bytes; written so that
 * no sum can overflow. */
static inline bool np_fits(size_t len, size_t off, size_t need)
{
    return off <= len && need <= len - off;
}

#endif
