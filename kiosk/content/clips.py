"""Video clips (video pages) checked from their headers before anything plays them. No Qt.

A clip is an MP4 with H.264 video or a WebM with VP8 or VP9, known by its bytes, never by
its name. Only the container's structure is read, with bounded work: the MP4 boxes (the
`moov` box, at most MAX_HEADER_BYTES, holds the tracks, their codec, pixel size and
duration) or the WebM (Matroska) elements up to the first cluster. A top-level box or
segment that claims more bytes than the file has means a copy cut short: an error here,
not a page that fails on screen. The file is opened through the kiosk's guarded reader
(regular files only, size-capped, no blocking open) and never read whole.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import BinaryIO

from kiosk.files import FileTooLargeError, NotRegularFileError, open_regular
from kiosk.frozen import frozen

MAX_CLIP_BYTES = 200_000_000
MAX_HEADER_BYTES = 16_000_000  # an MP4's moov: ~20 bytes a frame, 10 min at 60 fps is 0.7 MB
MIN_SECONDS, MAX_SECONDS = 1.0, 600.0
MIN_SIDE, MAX_SIDE = 64, 4096
MAX_PIXELS = 4096 * 2304  # 4K (UHD and DCI) and a little more
MP4_CODECS = {"avc1": "H.264", "avc3": "H.264"}
WEBM_CODECS = {"V_VP8": "VP8", "V_VP9": "VP9"}
# named in messages, so that an operator knows what to convert from
OTHER_CODECS = {
    "hvc1": "H.265/HEVC",
    "hev1": "H.265/HEVC",
    "vp09": "VP9 in MP4",
    "av01": "AV1",
    "mp4v": "MPEG-4 Part 2",
    "V_AV1": "AV1",
    "V_MPEG4/ISO/AVC": "H.264 in Matroska",
}
EXPECTED = "expected an MP4 (H.264) or WebM (VP8/VP9) video"


@frozen
class Clip:
    container: str  # "MP4" or "WebM"
    codec: str  # "H.264", "VP8", "VP9"
    width: int
    height: int
    seconds: float


class ClipError(Exception):
    """Why a clip must not be played, in words for an operator ("is …; expected …")."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clip_problem(path: Path) -> str | None:
    """Why the file at `path` is not a clip the kiosk may play, or None."""
    try:
        probe(path)
    except ClipError as exc:
        return exc.message
    return None


def probe(path: Path) -> Clip:
    """The clip's container, codec, pixel size and duration, all within the bounds."""
    try:
        stream = open_regular(path, MAX_CLIP_BYTES)
    except FileNotFoundError:
        raise ClipError("is not found; expected a video file") from None
    except FileTooLargeError as exc:
        size = f"{exc.size / 1e6:.0f} MB" if exc.size is not None else "too large"
        limit = f"{MAX_CLIP_BYTES / 1e6:.0f} MB"
        raise ClipError(f"is {size}; expected a clip of at most {limit}") from None
    except (IsADirectoryError, NotRegularFileError):
        raise ClipError("is a folder or special file; expected a video file") from None
    except (OSError, ValueError, RuntimeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ClipError(f"cannot be read ({reason}); expected a video file") from None
    with stream:
        try:
            clip = _read(stream)
        except OSError as exc:
            raise ClipError(f"cannot be read ({exc.strerror or exc}); {EXPECTED}") from None
    _check_bounds(clip)
    return clip


def _read(stream: BinaryIO) -> Clip:
    size = stream.seek(0, 2)
    stream.seek(0)
    head = stream.read(12)
    if len(head) >= 8 and head[4:8] == b"ftyp":
        return _mp4(stream, size)
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return _webm(stream, size)
    if head[4:8] in (b"moov", b"mdat", b"free", b"wide"):
        raise ClipError(f"is a QuickTime/MP4 file without a file-type box; {EXPECTED}")
    raise ClipError(f"is not a video file (no MP4 or WebM header); {EXPECTED}")


def _check_bounds(clip: Clip) -> None:
    what = f"is a {clip.container} ({clip.codec}) of {clip.width}x{clip.height}"
    if min(clip.width, clip.height) < MIN_SIDE:
        raise ClipError(f"{what} pixels; expected at least {MIN_SIDE} pixels a side")
    if max(clip.width, clip.height) > MAX_SIDE or clip.width * clip.height > MAX_PIXELS:
        raise ClipError(
            f"{what} pixels (too large to decode smoothly); expected at most 4K "
            f"({MAX_SIDE} pixels a side, {MAX_PIXELS / 1e6:.1f} megapixels)"
        )
    if not math.isfinite(clip.seconds) or not MIN_SECONDS <= clip.seconds <= MAX_SECONDS:
        raise ClipError(
            f"{what} lasting {clip.seconds:.1f} s; expected {MIN_SECONDS:.0f} s to "
            f"{MAX_SECONDS / 60:.0f} minutes"
        )


# --- MP4 (ISO base media file format) --------------------------------------------------

TRUNCATED = "ends before its {} box does (a copy cut short?); expected a whole file"


def _boxes(data: bytes, start: int = 0, end: int | None = None) -> list[tuple[bytes, int, int]]:
    """(type, payload start, payload end) of the boxes in data[start:end]."""
    end = len(data) if end is None else end
    out, at = [], start
    while at + 8 <= end:
        size, kind = struct.unpack(">I4s", data[at : at + 8])
        head = 8
        if size == 1 and at + 16 <= end:
            (size,) = struct.unpack(">Q", data[at + 8 : at + 16])
            head = 16
        elif size == 0:
            size = end - at
        if size < head or at + size > end:
            raise ClipError(f"has a damaged '{_name(kind)}' box; {EXPECTED}")
        out.append((kind, at + head, at + size))
        at += size
    return out


def _name(kind: bytes) -> str:
    return kind.decode("latin-1") if kind.isalnum() else kind.hex()


def _mp4(stream: BinaryIO, size: int) -> Clip:
    moov: bytes | None = None
    media = False
    at = 0
    while at + 8 <= size:  # the top-level boxes, read by their headers only
        stream.seek(at)
        head = stream.read(16)
        box, kind = struct.unpack(">I4s", head[:8])
        if box == 1 and len(head) == 16:
            (box,) = struct.unpack(">Q", head[8:16])
        elif box == 0:
            box = size - at
        if box < 8:
            raise ClipError(f"has a damaged '{_name(kind)}' box; {EXPECTED}")
        if at + box > size:
            raise ClipError(f"is an MP4 that {TRUNCATED.format(repr(_name(kind)))}")
        if kind == b"moov":
            if box > MAX_HEADER_BYTES:
                raise ClipError(
                    f"is an MP4 whose header is {box} bytes; expected at most {MAX_HEADER_BYTES}"
                )
            stream.seek(at)
            moov = stream.read(box)
        media = media or kind == b"mdat"
        at += box
    if moov is None:
        raise ClipError(f"is an MP4 without its 'moov' header (cut short?); {EXPECTED}")
    if not media:
        raise ClipError(f"is an MP4 with no media data ('mdat'); {EXPECTED}")
    return _movie(_boxes(moov)[0], moov, size)


def _child(data: bytes, box: tuple[bytes, int, int], *path: bytes) -> tuple[bytes, int, int]:
    for kind in path:
        found = [b for b in _boxes(data, box[1], box[2]) if b[0] == kind]
        if not found:
            raise ClipError(f"is an MP4 without a '{_name(kind)}' box; {EXPECTED}")
        box = found[0]
    return box


def _movie(moov: tuple[bytes, int, int], data: bytes, size: int) -> Clip:
    _kind, start, _end = _child(data, moov, b"mvhd")
    version = data[start]
    if version == 1:
        timescale, duration = struct.unpack(">IQ", data[start + 20 : start + 32])
    else:
        timescale, duration = struct.unpack(">II", data[start + 12 : start + 20])
    for trak in (b for b in _boxes(data, moov[1], moov[2]) if b[0] == b"trak"):
        mdia = _child(data, trak, b"mdia")
        hdlr = _child(data, mdia, b"hdlr")
        if data[hdlr[1] + 8 : hdlr[1] + 12] != b"vide":
            continue
        if not timescale or not duration:  # the movie's header has none: the track's
            mdhd = _child(data, mdia, b"mdhd")[1]
            fields = (">IQ", 20, 32) if data[mdhd] == 1 else (">II", 12, 20)
            timescale, duration = struct.unpack(
                fields[0], data[mdhd + fields[1] : mdhd + fields[2]]
            )
        stbl = _child(data, mdia, b"minf", b"stbl")
        stsd = _child(data, stbl, b"stsd")
        entries = _boxes(data, stsd[1] + 8, stsd[2])
        if not entries:
            raise ClipError(f"is an MP4 whose video track has no description; {EXPECTED}")
        kind, at, end = entries[0]
        codec = kind.decode("latin-1", "replace")
        if codec not in MP4_CODECS:
            named = OTHER_CODECS.get(codec, f"'{codec}'")
            raise ClipError(f"is an MP4 with {named} video; expected H.264 (or a WebM)")
        width, height = struct.unpack(">HH", data[at + 24 : at + 28])
        config = [b for b in _boxes(data, at + 78, end) if b[0] == b"avcC"] if end > at + 78 else []
        if not config or data[config[0][1]] != 1:
            raise ClipError(
                f"is an MP4 whose H.264 track has no decoder setup ('avcC'); {EXPECTED}"
            )
        _check_samples(data, stbl, size)
        seconds = duration / timescale if timescale else 0.0
        return Clip("MP4", MP4_CODECS[codec], width, height, seconds)
    raise ClipError(f"is an MP4 without a video track; {EXPECTED}")


def _check_samples(data: bytes, stbl: tuple[bytes, int, int], size: int) -> None:
    """The video track has frames, and they lie inside the file."""
    stsz = _child(data, stbl, b"stsz")[1]
    (count,) = struct.unpack(">I", data[stsz + 8 : stsz + 12])
    if count == 0:
        raise ClipError(f"is an MP4 whose video track has no frames; {EXPECTED}")
    chunks = [b for b in _boxes(data, stbl[1], stbl[2]) if b[0] in (b"stco", b"co64")]
    if not chunks:
        raise ClipError(f"is an MP4 without a chunk table ('stco'); {EXPECTED}")
    kind, at, end = chunks[0]
    (n,) = struct.unpack(">I", data[at + 4 : at + 8])
    width = 8 if kind == b"co64" else 4
    if n and at + 8 + n * width <= end:
        last = data[at + 8 + (n - 1) * width : at + 8 + n * width]
        if int.from_bytes(last, "big") >= size:
            raise ClipError(f"is an MP4 whose frames lie past its end (cut short?); {EXPECTED}")


# --- WebM (Matroska's EBML) ------------------------------------------------------------

EBML, SEGMENT, INFO, TRACKS, CLUSTER = 0x1A45DFA3, 0x18538067, 0x1549A966, 0x1654AE6B, 0x1F43B675
UNKNOWN = -1  # an element whose size is "unknown" (a live stream): to the end of its parent


def _vint(data: bytes, at: int, keep_marker: bool) -> tuple[int, int]:
    """(value, next position) of an EBML variable-length integer at `at`."""
    if at >= len(data):
        raise ClipError(f"is a WebM whose header ends early; {EXPECTED}")
    first = data[at]
    length = 8 - first.bit_length() + 1 if first else 9
    if length > 8 or at + length > len(data):
        raise ClipError(f"is a WebM with a damaged header; {EXPECTED}")
    value = int.from_bytes(data[at : at + length], "big")
    if not keep_marker:
        value &= (1 << (7 * length)) - 1
        if value == (1 << (7 * length)) - 1:
            value = UNKNOWN
    return value, at + length


def _elements(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out, at = [], start
    while at < end:
        ident, at = _vint(data, at, True)
        size, at = _vint(data, at, False)
        stop = end if size == UNKNOWN else at + size
        out.append((ident, at, min(stop, end)))
        at = stop
    return out


def _uint(data: bytes, element: tuple[int, int, int]) -> int:
    return int.from_bytes(data[element[1] : element[2]], "big")


def _webm(stream: BinaryIO, size: int) -> Clip:
    stream.seek(0)
    data = stream.read(min(size, 65536))
    _ident, at = _vint(data, 0, True)
    length, at = _vint(data, at, False)
    if length == UNKNOWN or at + length > len(data):
        raise ClipError(f"is a WebM with a damaged header; {EXPECTED}")
    doc = [e for e in _elements(data, at, at + length) if e[0] == 0x4282]
    doctype = data[doc[0][1] : doc[0][2]].decode("latin-1").rstrip("\x00") if doc else ""
    if doctype != "webm":
        named = "a Matroska (.mkv) file" if doctype == "matroska" else "an EBML file"
        raise ClipError(f"is {named}, not WebM; {EXPECTED}")
    ident, at = _vint(data, at + length, True)
    length, at = _vint(data, at, False)
    if ident != SEGMENT:
        raise ClipError(f"is a WebM without its segment; {EXPECTED}")
    if length != UNKNOWN and at + length > size:
        raise ClipError(
            "is a WebM that ends before its segment does (a copy cut short?); expected a whole file"
        )
    found: dict[int, bytes] = {}
    where = at
    while where < size and CLUSTER not in found:  # the segment's children up to a cluster
        stream.seek(where)
        head = stream.read(16)
        ident, step = _vint(head, 0, True)
        length, step = _vint(head, step, False)
        if ident in (INFO, TRACKS):
            if length == UNKNOWN or length > MAX_HEADER_BYTES:
                raise ClipError(f"is a WebM with a damaged header; {EXPECTED}")
            stream.seek(where + step)
            found[ident] = stream.read(length)
        elif ident == CLUSTER:
            found[ident] = b""
        if length == UNKNOWN:
            break
        where += step + length
    if INFO not in found or TRACKS not in found or CLUSTER not in found:
        raise ClipError(f"is a WebM without its info, tracks or frames; {EXPECTED}")
    return _webm_clip(found[INFO], found[TRACKS])


def _webm_clip(info: bytes, tracks: bytes) -> Clip:
    scale, duration = 1_000_000, 0.0
    for element in _elements(info, 0, len(info)):
        if element[0] == 0x2AD7B1:
            scale = _uint(info, element)
        elif element[0] == 0x4489:
            raw = info[element[1] : element[2]]
            duration = struct.unpack(">f" if len(raw) == 4 else ">d", raw)[0] if raw else 0.0
    for entry in (e for e in _elements(tracks, 0, len(tracks)) if e[0] == 0xAE):
        fields = {e[0]: e for e in _elements(tracks, entry[1], entry[2])}
        if 0x83 not in fields or _uint(tracks, fields[0x83]) != 1:  # TrackType 1: video
            continue
        codec = (
            tracks[fields[0x86][1] : fields[0x86][2]].decode("latin-1") if 0x86 in fields else ""
        )
        codec = codec.rstrip("\x00")
        if codec not in WEBM_CODECS:
            named = OTHER_CODECS.get(codec, f"'{codec}'")
            raise ClipError(f"is a WebM with {named} video; expected VP8 or VP9 (or an H.264 MP4)")
        if 0xE0 not in fields:
            raise ClipError(f"is a WebM whose video track has no picture size; {EXPECTED}")
        video = {e[0]: _uint(tracks, e) for e in _elements(tracks, *fields[0xE0][1:])}
        seconds = duration * scale / 1e9
        return Clip("WebM", WEBM_CODECS[codec], video.get(0xB0, 0), video.get(0xBA, 0), seconds)
    raise ClipError(f"is a WebM without a video track; {EXPECTED}")
