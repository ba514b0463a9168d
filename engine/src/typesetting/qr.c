/*
 * qr.c - libqrencode behind one file: a text to the modules of a QR
 * code.
 *
 * libqrencode chooses the modes (numeric, alphanumeric, bytes) that
 * make the symbol smallest, and the mask; the result depends on the
 * text and the level only, so the same document gives the same symbol.
 * The modules are copied into the render's arena and libqrencode's own
 * copy freed at once. Not done here: drawing, the quiet zone, or Micro
 * QR symbols.
 */
#include <string.h>

#include <qrencode.h>

#include "typesetting/qr.h"

int np_qr_encode(np_arena *arena, const char *text, int level, np_qr *out)
{
    static const QRecLevel levels[] = { QR_ECLEVEL_L, QR_ECLEVEL_M,
                                        QR_ECLEVEL_Q, QR_ECLEVEL_H };
    memset(out, 0, sizeof *out);
    if (level < NP_QR_LEVEL_L || level > NP_QR_LEVEL_H)
        return -1;
    /* version 0: the smallest that holds the text; case kept as given */
    QRcode *code = QRcode_encodeString(text, 0, levels[level], QR_MODE_8, 1);
    if (!code)
        return -1;
    size_t n = (size_t)code->width * (size_t)code->width;
    unsigned char *dark = np_arena_alloc(arena, n);
    if (dark) {
        for (size_t i = 0; i < n; i++)
            dark[i] = code->data[i] & 1;    /* bit 0: dark module */
        out->width = code->width;
        out->dark = dark;
    }
    QRcode_free(code);
    return dark ? 0 : -1;
}
