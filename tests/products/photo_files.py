"""Image files for the photo tests, made on the spot."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png(size=(800, 600), mode="RGB", color=(20, 120, 60), fmt="PNG", **save) -> io.BytesIO:  # type: ignore[no-untyped-def]
    buf = io.BytesIO()
    Image.new(mode, size, color).save(buf, fmt, **save)
    buf.seek(0)
    return buf


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(side: int, with_pixels: bool = True) -> bytes:
    """A valid RGBA PNG of side × side transparent pixels: a small file (zeros compress
    a thousandfold) that decodes to side² × 4 bytes. Made row by row, never whole."""
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    idat = b""
    if with_pixels:
        squeeze = zlib.compressobj(9)
        row = b"\x00" * (side * 4 + 1)  # filter byte + the row's pixels
        idat = b"".join(squeeze.compress(row) for _ in range(side)) + squeeze.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )
