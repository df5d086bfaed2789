"""Pictures (photo pages, card pictures) checked before anything decodes them. No Qt.

A picture is a JPEG, PNG or WebP, known by its bytes, never by its name: a PNG called
`.jpg` is refused with what it is. Beyond the header bounds every raster image gets
(kiosk.content.assets), a picture must be whole: the file's own structure is walked to its
end (PNG chunks with their CRCs and a complete zlib stream, a JPEG up to its end-of-image
marker, a WebP's RIFF and chunk sizes), so a copy cut short by a full disk or a dropped
upload is an error in `validate`, not a page that fails on screen. A picture damaged
inside its compressed data passes; the kiosk's decoder finds it and skips that page.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from pathlib import Path

from kiosk.content.assets import (
    MAX_PIXELS,
    MAX_SIDE,
    AssetError,
    raster_size,
    read_guarded,
)

MAX_PICTURE_BYTES = 5_000_000  # as every asset the last good copy keeps; 4K: 1-3 MB
MIN_PICTURE_SIDE = 200  # smaller would be a smudge on a 1080p page, let alone a 4K one
FORMATS = ("PNG", "JPEG", "WebP")
_PNG_CHUNKS = 10_000  # a 4K PNG written by any tool has a few hundred


def load_picture(path: Path) -> bytes:
    """The bytes of a picture that passed every check; raises AssetError otherwise."""
    data = read_guarded(Path(path), MAX_PICTURE_BYTES)
    problem = picture_problem(data)
    if problem:
        raise AssetError(problem)
    return data


def picture_error(path: Path) -> str | None:
    """Why the file at `path` is not a picture the kiosk may show, or None."""
    try:
        load_picture(path)
    except AssetError as exc:
        return exc.message
    return None


def picture_problem(data: bytes) -> str | None:
    """Why these bytes are not a picture the kiosk may show, or None."""
    found = raster_size(data)
    if found is None:
        return f"is {_what(data)}; expected a JPEG, PNG or WebP picture"
    kind, width, height = found
    if min(width, height) < MIN_PICTURE_SIDE:
        return (
            f"is a {kind} of {width}x{height} pixels (too small to show sharp on a screen); "
            f"expected at least {MIN_PICTURE_SIDE} pixels a side"
        )
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return (
            f"is a {kind} of {width}x{height} pixels (too large to decode safely); expected "
            f"at most {MAX_PIXELS / 1e6:.1f} megapixels and {MAX_SIDE} pixels a side"
        )
    broken = {"PNG": _png_broken, "JPEG": _jpeg_broken, "WebP": _webp_broken}[kind](data)
    if broken:
        return f"is a {kind} that {broken}; expected a complete picture (export it again)"
    return None


def _what(data: bytes) -> str:
    """What a file that is no picture seems to be, for the message."""
    head = data[:16].lstrip()
    if not data:
        return "empty"
    for magic, name in (
        (b"GIF8", "a GIF"),
        (b"BM", "a BMP"),
        (b"II*\x00", "a TIFF"),
        (b"MM\x00*", "a TIFF"),
        (b"%PDF", "a PDF"),
        (b"<svg", "an SVG"),
        (b"<?xml", "an XML file"),
    ):
        if head.startswith(magic):
            return name
    if data[4:12] in (b"ftypavif", b"ftypheic", b"ftypmif1"):
        return "an AVIF/HEIC image"
    return "not a picture it recognises"


def _png_broken(data: bytes) -> str | None:
    at, chunks, seen_end = 8, 0, False
    inflate = zlib.decompressobj()
    width, height, depth, colour, interlace = struct.unpack(">IIBB2xB", data[16:29])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if channels is None or depth not in (1, 2, 4, 8, 16):
        return f"has an unknown colour type {colour} at {depth} bits"
    row = (width * channels * depth + 7) // 8
    expected = height * (row + 1)  # each row starts with its filter byte
    if interlace:  # Adam7: seven smaller images, each row with a filter byte
        expected = _adam7_bytes(width, height, channels * depth)
    inflated = 0
    while at < len(data):
        chunks += 1
        if chunks > _PNG_CHUNKS:
            return "has too many chunks"
        if at + 12 > len(data):
            return "ends inside a chunk (truncated)"
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        end = at + 12 + length
        if end > len(data):
            return "ends inside a chunk (truncated)"
        body = data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            return f"has a damaged {kind.decode('latin-1')!r} chunk (its checksum is wrong)"
        if kind == b"IDAT":
            try:  # bounded: never inflate more than the image holds
                inflated += len(inflate.decompress(body, expected + 1 - inflated))
            except zlib.error:
                return "has compressed pixel data that does not decompress"
            if inflated > expected:
                return "has more pixel data than its size says"
        elif kind == b"IEND":
            seen_end = True
            break
        at = end
    if not seen_end:
        return "has no end chunk (truncated)"
    if not inflate.eof or inflated != expected:
        return "has incomplete pixel data (truncated)"
    return None


def _adam7_bytes(width: int, height: int, bits: int) -> int:
    total = 0
    for x0, y0, dx, dy in ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
                           (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)):  # fmt: skip
        w, h = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if w and h:
            total += h * ((w * bits + 7) // 8 + 1)
    return total


def _jpeg_broken(data: bytes) -> str | None:
    """Segments up to the first scan, then the scans (restart markers, further headers of
    a progressive JPEG) up to the end-of-image marker."""
    at, scans = 2, 0
    while at + 2 <= len(data):
        if data[at] != 0xFF:
            return "has damaged segment markers"
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker == 0xD9:
            return None if scans else "has no image data"
        if marker in (0x01, *range(0xD0, 0xD8)):
            at += 2
            continue
        if at + 4 > len(data):
            break
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length
        if marker == 0xDA:  # entropy-coded data runs to the next marker that is not 00/RSTn
            scans += 1
            found = _next_marker(data, at)
            if found is None:
                break
            at = found
    return "ends before its end-of-image marker (truncated)"


def _next_marker(data: bytes, at: int) -> int | None:
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return None
        following = data[at + 1]
        if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
            at += 1 if following == 0xFF else 2
            continue
        return at


def _webp_broken(data: bytes) -> str | None:
    (riff,) = struct.unpack("<I", data[4:8])
    if riff + 8 > len(data):
        return "is shorter than its header says (truncated)"
    at, image = 12, False
    end = riff + 8
    while at + 8 <= end:
        kind = data[at : at + 4]
        (length,) = struct.unpack("<I", data[at + 4 : at + 8])
        if at + 8 + length > end:
            return f"ends inside its {kind.decode('latin-1')!r} chunk (truncated)"
        image = image or kind in (b"VP8 ", b"VP8L", b"ANMF")
        at += 8 + length + (length & 1)
    if not image:
        return "has no image data"
    return None


HEAD_BYTES = 512 * 1024  # enough for the header past a camera's EXIF segments


def picture_shape(path: Path) -> float | None:
    """Height over width of the picture at `path`, from its header alone (a layout needs
    it before the picture is decoded); None if it cannot tell. Regular files only, read
    without blocking, at most HEAD_BYTES of them."""
    try:
        st = os.stat(path)
        if not stat.S_ISREG(st.st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            head = stream.read(HEAD_BYTES)
    except (OSError, ValueError):
        return None
    found = raster_size(head)
    if found is None or found[1] <= 0 or found[2] <= 0:
        return None
    return found[2] / found[1]
