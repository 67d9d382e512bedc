#!/usr/bin/env python3
"""png_check.py FILE [MIN_COLOURS] — exit 0 if FILE is a PNG that is not blank.

Decodes the PNG with the standard library only (zlib + the five PNG row filters) and
requires at least MIN_COLOURS (default 200) distinct colours and some bright pixels,
so a black, cleared or single-colour frame fails."""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("only 8-bit RGB/RGBA supported")
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(h):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def main():
    path, need = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200
    w, h, bpp, rows = decode(path)
    colours, bright = set(), 0
    for y in range(0, h, 3):
        r = rows[y]
        for x in range(0, w, 3):
            px = bytes(r[x * bpp:x * bpp + 3])
            colours.add(px)
            bright += max(px) > 180
    print(f"png_check: {path}: {w}x{h}, {len(colours)} colours, {bright} bright samples")
    if len(colours) < need or bright < 100:
        print("png_check: FAIL: the image looks blank", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
