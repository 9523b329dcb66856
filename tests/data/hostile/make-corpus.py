#!/usr/bin/env python3
"""Writes the hostile-image corpus next to this script, plus expected.csv (file,error code).

Standard library only. The JPEG cases are derived from tests/data/pdq/misc-images/wee.jpg; the rest are
built byte by byte. Run it again after changing a case: the output is deterministic.
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BASE_JPEG = os.path.join(HERE, "..", "pdq", "misc-images", "wee.jpg")


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, raw, color_type=0, bit_depth=8):
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def jpeg_segments(data):
    """(marker, start, length) of each header segment up to the first SOS."""
    pos, out = 2, []
    while pos < len(data):
        marker = data[pos + 1]
        length = struct.unpack(">H", data[pos + 2:pos + 4])[0]
        out.append((marker, pos, length))
        if marker == 0xDA:
            break
        pos += 2 + length
    return out


def main():
    base = open(BASE_JPEG, "rb").read()
    cases = {}

    cases["zero-bytes.jpg"] = (b"", "media_empty")
    cases["wrong-magic.jpg"] = (b"\x7fELF\x02\x01\x01" + bytes(200), "media_unsupported_format")
    cases["html-as-png.png"] = (b"<!doctype html><title>not an image</title>", "media_unsupported_format")
    cases["gif-frame.gif"] = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00" + bytes(20) + b";", "media_unsupported_format")
    cases["bitmap.bmp"] = (b"BM" + bytes(60), "media_unsupported_format")

    # A decompression bomb: 100,000 x 100,000 declared, a few hundred bytes of zlib.
    cases["bomb.png"] = (png(100_000, 100_000, bytes(1 << 20)), "media_too_large")
    # A valid 100,000 x 1 strip: fine for a decoder, useless for a reviewer, over the width cap.
    cases["strip-100000x1.png"] = (png(100_000, 1, b"\x00" + bytes(100_000)), "media_too_large")
    # A good small PNG with its image data's CRC broken.
    good = png(64, 64, b"".join(b"\x00" + bytes(range(64)) for _ in range(64)))
    idat = good.index(b"IDAT")
    length = struct.unpack(">I", good[idat - 4:idat])[0]
    crc_at = idat + 4 + length
    cases["bad-crc.png"] = (good[:crc_at] + bytes(b ^ 0xFF for b in good[crc_at:crc_at + 4]) + good[crc_at + 4:],
                            "media_decode_failed")
    cases["truncated-ihdr.png"] = (good[:20], "media_bad_header")

    segs = jpeg_segments(base)
    sos = next(s for s in segs if s[0] == 0xDA)
    # JPEG: truncated in the middle of the entropy-coded data; and cut inside its headers.
    cases["truncated.jpg"] = (base[: (sos[1] + len(base)) // 2], "media_decode_failed")
    cases["truncated-header.jpg"] = (base[: sos[1] // 2], "media_bad_header")
    # JPEG: frame header claiming 60,000 x 60,000.
    sof = next(s for s in segs if s[0] in (0xC0, 0xC1, 0xC2))
    huge = bytearray(base)
    huge[sof[1] + 5:sof[1] + 9] = struct.pack(">HH", 60000, 60000)
    cases["sof-60000x60000.jpg"] = (bytes(huge), "media_too_large")
    # JPEG: Huffman tables whose code counts overflow (libjpeg: "Bogus Huffman table definition").
    corrupt = bytearray(base)
    for marker, start, seg_len in segs:
        if marker == 0xC4:
            for i in range(start + 5, start + 5 + 16):
                corrupt[i] = 0xFF
    cases["corrupt-huffman.jpg"] = (bytes(corrupt), "media_decode_failed")
    # JPEG: a scan before any frame header.
    cases["no-frame.jpg"] = (b"\xff\xd8\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00" + bytes(64) + b"\xff\xd9",
                             "media_bad_header")
    # JPEG: a segment length running past the end of the file.
    cases["segment-overrun.jpg"] = (b"\xff\xd8\xff\xe0\xff\xf0JFIF\x00", "media_bad_header")
    # JPEG: thousands of scans (each libjpeg decodes in full: a CPU bomb).
    header = base[:sos[1]]
    scan = base[sos[1]:sos[1] + 2 + sos[2]] + b"\x00" * 8
    cases["many-scans.jpg"] = (header + scan * 5000 + b"\xff\xd9", "media_too_large")

    # WebP: a VP8X canvas of 16,384 x 16,384 around a 1 x 1 lossless frame.
    vp8x = struct.pack("<I", 0) + (16383).to_bytes(3, "little") + (16383).to_bytes(3, "little")
    vp8l = b"\x2f" + struct.pack("<I", 0) + bytes(4)
    body = b"WEBP" + b"VP8X" + struct.pack("<I", len(vp8x)) + vp8x + b"VP8L" + struct.pack("<I", len(vp8l)) + vp8l
    cases["webp-canvas-mismatch.webp"] = (b"RIFF" + struct.pack("<I", len(body)) + body, "media_bad_header")
    anim = b"WEBP" + b"VP8X" + struct.pack("<I", 10) + b"\x02\x00\x00\x00" + bytes(6)
    cases["webp-animated.webp"] = (b"RIFF" + struct.pack("<I", len(anim)) + anim, "media_unsupported_format")
    lossy = b"WEBP" + b"VP8 " + struct.pack("<I", 20) + b"\x00\x00\x00\x9d\x01\x2a" + struct.pack("<HH", 64, 64) + bytes(10)
    cases["webp-garbage-frame.webp"] = (b"RIFF" + struct.pack("<I", len(lossy)) + lossy, "media_decode_failed")

    with open(os.path.join(HERE, "expected.csv"), "w") as index:
        for name in sorted(cases):
            data, code = cases[name]
            with open(os.path.join(HERE, name), "wb") as f:
                f.write(data)
            index.write(f"{name},{code}\n")


if __name__ == "__main__":
    main()
