/*
 * qr.h - the QR code of a document's address, printed on page 1.
 *
 * Encoding only (qr.c is the one file that includes libqrencode): text
 * in, a square of modules out. The caller draws the dark modules and
 * keeps the quiet zone clear around them.
 */
#ifndef NP_QR_H
#define NP_QR_H

#include "ground/arena.h"

/* Error correction levels, weakest first (ISO/IEC 18004: L 7 %, M 15 %,
 * Q 25 %, H 30 % of the symbol may be lost). */
enum { NP_QR_LEVEL_L, NP_QR_LEVEL_M, NP_QR_LEVEL_Q, NP_QR_LEVEL_H };

typedef struct np_qr {
    int width;                  /* modules on a side (21 for version 1) */
    unsigned char *dark;        /* width * width, row by row: 1 dark, 0 light */
} np_qr;

/* Encodes the bytes of NUL-terminated `text` in the smallest symbol of
 * error correction `level` that holds them, the modules allocated in
 * `arena`. Returns 0, or -1 when the text is too long for any QR symbol
 * or memory runs out (*out is then left empty). */
int np_qr_encode(np_arena *arena, const char *text, int level, np_qr *out);

#endif
