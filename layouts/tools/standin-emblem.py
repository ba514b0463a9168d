#!/usr/bin/env python3
"""Draw layouts/emblem.png, the neutral stand-in for the emblem beside the
organ name on page 1.

The United Nations emblem may not be used without the Organization's
consent, so notepress ships a mark of its own in the emblem's place, of
the same size and weight on the page: a globe of meridians and
parallels seen from the side (no map, no polar projection), held by two
branches of leaves. A duty station replaces the file with the official
emblem (see layouts/README.md, "The emblem").

Usage: python3 layouts/tools/standin-emblem.py [OUT.png]
Writes an opaque 8-bit grey PNG, 336 x 282 pixels (the emblem's box of
56.14 x 47 pt at 432 dpi), the same bytes every time. Standard library
only.
"""

import math
import struct
import sys
import zlib

W, H = 336, 282
SS = 4                          # samples per pixel, each way
CX, CY = W / 2, 129.0           # the globe's centre
R = 120.0                       # the globe's radius
LINE = 8.0                      # the globe's outline
GRID = 5.3                      # meridians and parallels
K = R / 104                     # the branches' scale


class Canvas:
    """Coverage of every sample, 0 (white) or 1 (ink)."""

    def __init__(self):
        self.ink = bytearray(W * SS * H * SS)

    def fill(self, x0, y0, x1, y1, inside):
        """Inks the samples of the box (in pixels) for which inside(x, y)."""
        for sy in range(max(0, int(y0 * SS)), min(H * SS, int(y1 * SS) + 1)):
            y = (sy + 0.5) / SS
            row = sy * W * SS
            for sx in range(max(0, int(x0 * SS)), min(W * SS, int(x1 * SS) + 1)):
                if inside((sx + 0.5) / SS, y):
                    self.ink[row + sx] = 1

    def grey(self):
        """Rows of 8-bit grey pixels, 255 white."""
        rows = []
        for y in range(H):
            row = bytearray(W)
            for x in range(W):
                n = 0
                for j in range(SS):
                    base = ((y * SS + j) * W + x) * SS
                    n += sum(self.ink[base:base + SS])
                row[x] = 255 - round(255 * n / (SS * SS))
            rows.append(bytes(row))
        return rows


def in_globe(x, y, inset=0.0):
    return math.hypot(x - CX, y - CY) < R - inset


def globe(c):
    """The outline, the equator and parallels at 30 and 60 degrees, the
    central meridian and meridians 30 and 60 degrees either side."""
    box = (CX - R - LINE, CY - R - LINE, CX + R + LINE, CY + R + LINE)
    c.fill(*box, lambda x, y: abs(math.hypot(x - CX, y - CY) - R) < LINE / 2)
    for lat in (-60, -30, 0, 30, 60):
        py = CY + R * math.sin(math.radians(lat))
        c.fill(*box, lambda x, y, py=py: abs(y - py) < GRID / 2 and in_globe(x, y))
    c.fill(*box, lambda x, y: abs(x - CX) < GRID / 2 and in_globe(x, y))
    for lon in (30, 60):
        a = R * math.sin(math.radians(lon))

        def meridian(x, y, a=a):
            # the ellipse x²/a² + y²/R² = 1, its line GRID wide measured
            # across, near enough for an ellipse this round
            d = math.hypot((x - CX) / a, (y - CY) / R)
            return in_globe(x, y) and abs(d - 1) * a < GRID / 2
        c.fill(*box, meridian)


def leaf(c, px, py, angle, length, width):
    """A pointed leaf centred on (px, py), its axis at `angle` radians."""
    ca, sa = math.cos(angle), math.sin(angle)

    def inside(x, y):
        u = (x - px) * ca + (y - py) * sa
        v = -(x - px) * sa + (y - py) * ca
        t = 2 * u / length
        return abs(t) < 1 and abs(v) < width / 2 * (1 - t * t)
    r = length / 2 + 1
    c.fill(px - r, py - r, px + r, py + r, inside)


def branch(c, side):
    """One branch of leaves round the globe, from below it up to the
    height of its top; side -1 left, +1 right."""
    rb = R + 20 * K             # the stem's radius about the globe's centre
    start, end = 100, 222       # degrees from straight down, round the side
    box = (CX - rb - 40 * K, CY - rb - 40 * K, CX + rb + 40 * K, CY + rb + 40 * K)

    def stem(x, y):
        a = math.degrees(math.atan2(side * (x - CX), y - CY))
        return start - 96 < a < end - 96 and abs(math.hypot(x - CX, y - CY) - rb) < 1.6 * K
    c.fill(*box, stem)
    for k in range(9):
        a = math.radians(14 + k * 13)               # along the stem, from below
        px = CX + side * rb * math.sin(a)
        py = CY + rb * math.cos(a)
        tangent = math.atan2(-rb * math.sin(a), side * rb * math.cos(a))
        for out in (-1, 1):                         # a leaf each side of the stem
            tilt = tangent - side * out * math.radians(38)
            lx = px + math.cos(tilt) * 10 * K
            ly = py + math.sin(tilt) * 10 * K
            leaf(c, lx, ly, tilt, (22 - k * 0.6) * K, (8.5 - k * 0.25) * K)


def png(rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    raw = b"".join(b"\0" + r for r in rows)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "layouts/emblem.png"
    c = Canvas()
    globe(c)
    branch(c, -1)
    branch(c, 1)
    with open(out, "wb") as f:
        f.write(png(c.grey()))


if __name__ == "__main__":
    main()
