"""Images the content uses, checked before anything draws them. No Qt.

A paint cannot be interrupted: a 2 KB SVG whose `<use>` elements reference each other
draws 10⁹ shapes and holds the GUI thread for a quarter of an hour. So every image is
decided on here, once, from its bytes, with bounded work: the file is read through the
guarded reader (regular files only, size-capped, no blocking open), an SVG is parsed by
expat with no DOCTYPE (so no entities at all), with caps on its elements and nesting
while it is read, and then on the number of elements it would draw once every reference (`<use>`,
`href="#…"`, `url(#…)`) is expanded, counted through the reference graph with memoization
and loop detection. SVGs that reach out (to the network, to other files) are refused.
A raster image is bounded in bytes and, from its header alone, in pixels.

The UI draws only bytes that passed `load_asset`: what was checked is what is painted.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from pathlib import Path
from xml.parsers import expat

from kiosk.files import FileTooLargeError, NotRegularFileError, read_regular

LOGO = "art/logo-mark.svg"  # the logo the window shows, next to the content file
MAX_SVG_BYTES = 1_000_000
MAX_RASTER_BYTES = 5_000_000
MAX_SVG_ELEMENTS = 10_000  # as written in the file
MAX_SVG_DEPTH = 64  # nesting of elements
MAX_SVG_DRAWN = 20_000  # elements after every reference is expanded
MAX_STYLE_TARGETS = 64  # distinct url(#…) targets in <style> sheets
MAX_PIXELS = 4096 * 4096  # a raster decodes to 4 bytes a pixel: 64 MB at most
MAX_SIDE = 8192

RASTER_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP"}
IMAGE_TYPES = (".svg", *RASTER_TYPES)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg|webp);base64,(.*)", re.IGNORECASE | re.DOTALL)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_GRADIENTS = ("linearGradient", "radialGradient")  # hold only stops: draw nothing themselves


class AssetError(Exception):
    """Why an image file must not be drawn, in words for an operator ("is …; expected …")."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def asset_problem(path: Path) -> str | None:
    """Why the image file at `path` must not be used, or None if it may be drawn."""
    try:
        load_asset(path)
    except AssetError as exc:
        return exc.message
    return None


def load_asset(path: Path) -> bytes:
    """The bytes of an image file that passed every check; raises AssetError otherwise."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in IMAGE_TYPES:
        raise AssetError("has an unknown image type; expected .svg, .png, .jpg or .webp")
    data = read_guarded(path, MAX_SVG_BYTES if suffix == ".svg" else MAX_RASTER_BYTES)
    problem = svg_problem(data) if suffix == ".svg" else raster_problem(data, suffix)
    if problem:
        raise AssetError(problem)
    return data


def read_guarded(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them, through the kiosk's one guarded
    reader: a FIFO, a device or a folder is refused without blocking."""
    try:
        return read_regular(path, limit)
    except FileNotFoundError:
        raise AssetError("is not found; expected an image file") from None
    except FileTooLargeError as exc:
        size = f"{exc.size} bytes" if exc.size is not None else f"over {limit} bytes"
        raise AssetError(f"is {size}; expected an image of at most {limit}") from None
    except (IsADirectoryError, NotRegularFileError):
        raise AssetError("is a folder or special file; expected an image file") from None
    except (OSError, ValueError, RuntimeError) as exc:  # no access, NUL byte, symlink loop
        reason = getattr(exc, "strerror", None) or str(exc)
        raise AssetError(f"cannot be read ({reason}); expected an image file") from None


# --- raster images ---------------------------------------------------------------------


def raster_problem(data: bytes, suffix: str) -> str | None:
    kind = RASTER_TYPES.get(suffix.lower(), suffix.lstrip(".").upper())
    found = raster_size(data)
    if found is None or found[0] != kind:
        return f"is not a {suffix.lstrip('.').upper()} image; expected one"
    _kind, width, height = found
    if width <= 0 or height <= 0:
        return f"is a {kind} of {width}x{height} pixels; expected a picture with content"
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        return (
            f"is a {kind} of {width}x{height} pixels (too large to draw safely); expected "
            f"at most {MAX_PIXELS / 1e6:.1f} megapixels and {MAX_SIDE} pixels a side"
        )
    return None


def raster_size(data: bytes) -> tuple[str, int, int] | None:
    """(type, width, height) from a PNG, JPEG or WebP header, or None if it has none."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        if len(data) >= 24 and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return "PNG", width, height
        return None
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_size(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return _webp_size(data)
    return None


# Start-of-frame markers: C0–CF except DHT (C4), JPG (C8) and DAC (CC).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    at = 2
    while at + 4 <= len(data):  # each step moves forward: bounded by the file's size
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte
            at += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # no length
            at += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, start of scan: no frame header before
            return None
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if length < 2:
            return None
        if marker in _SOF:
            if at + 9 > len(data):
                return None
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "JPEG", width, height
        at += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[str, int, int] | None:
    chunk, body = data[12:16], data[20:]
    if chunk == b"VP8X" and len(body) >= 10:
        width = 1 + int.from_bytes(body[4:7], "little")
        height = 1 + int.from_bytes(body[7:10], "little")
        return "WebP", width, height
    if chunk == b"VP8L" and len(body) >= 5 and body[0] == 0x2F:
        bits = int.from_bytes(body[1:5], "little")
        return "WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8 " and len(body) >= 10 and body[3:6] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", body[6:10])
        return "WebP", width & 0x3FFF, height & 0x3FFF
    return None


# --- SVG -------------------------------------------------------------------------------


class _RefusedError(Exception):
    pass


class _Svg:
    """What the checks need of an SVG, collected while expat reads it (no tree is built)."""

    def __init__(self) -> None:
        self.tags: list[str] = []
        self.children: list[list[int]] = []
        self.refs: list[list[tuple[str, int]]] = []  # (target id, times drawn)
        self.ids: dict[str, int] = {}
        self.open: list[int] = []
        self.in_gradient: list[bool] = []
        self.style_sheet: list[str] = []

    def start(self, name: str, attrs: dict[str, str]) -> None:
        index = len(self.tags)
        if index >= MAX_SVG_ELEMENTS:
            raise _RefusedError(
                f"has over {MAX_SVG_ELEMENTS} elements; expected a simpler drawing "
                f"of at most {MAX_SVG_ELEMENTS}"
            )
        if len(self.open) >= MAX_SVG_DEPTH:
            raise _RefusedError(
                f"has elements nested over {MAX_SVG_DEPTH} levels deep; "
                f"expected at most {MAX_SVG_DEPTH}"
            )
        tag = name.rpartition(" ")[2]
        parent = self.open[-1] if self.open else None
        self.tags.append(tag)
        self.children.append([])
        self.in_gradient.append(
            tag in _GRADIENTS or (parent is not None and self.in_gradient[parent])
        )
        if parent is not None:
            self.children[parent].append(index)
        self.open.append(index)
        self.refs.append(self._references(tag, attrs))
        element_id = attrs.get("id") or attrs.get("http://www.w3.org/XML/1998/namespace id")
        if element_id:
            self.ids.setdefault(element_id.strip(), index)

    def end(self, _name: str) -> None:
        self.open.pop()

    def text(self, data: str) -> None:
        if self.open and self.tags[self.open[-1]] == "style":
            self.style_sheet.append(data)

    def _references(self, tag: str, attrs: dict[str, str]) -> list[tuple[str, int]]:
        refs: list[tuple[str, int]] = []
        for name, value in attrs.items():
            local = name.rpartition(" ")[2]
            if local == "href":
                target = _local_target(value, f"href on <{tag}>")
                if target:
                    refs.append((target, 1))
            elif "url(" in value.lower():
                # a marker is drawn at every vertex of the shape that uses it
                marker = "marker" in local or (local == "style" and "marker" in value)
                times = _vertices(attrs) if marker else 1
                refs += [(target, times) for target in _url_targets(value, f"<{tag}> {local}")]
        return refs


def _local_target(reference: str, where: str) -> str | None:
    """The id a reference points at inside this SVG ("#id"), None for an image embedded as
    data; anything that leaves the file is refused."""
    reference = reference.strip()
    if reference.startswith("#"):
        return reference[1:].strip() or None
    shown = reference if len(reference) <= 60 else reference[:57] + "…"
    if reference.lower().startswith("data:"):
        embedded = _DATA_IMAGE.fullmatch(reference)
        if embedded is None:
            raise _RefusedError(
                f"embeds something other than a PNG, JPEG or WebP picture ({where}); "
                "expected a self-contained SVG"
            )
        try:
            data = base64.b64decode(embedded.group(2), validate=False)
        except (binascii.Error, ValueError):
            raise _RefusedError(f"embeds a picture that does not decode ({where})") from None
        kind = "." + embedded.group(1).lower().replace("jpg", "jpeg")
        problem = raster_problem(data, kind)
        if problem:
            raise _RefusedError(f"embeds a picture that {problem} ({where})")
        return None
    raise _RefusedError(
        f"refers to another file or the network ({where} is {shown!r}); expected a "
        "self-contained SVG whose references are all '#id' inside it"
    )


def _url_targets(value: str, where: str) -> list[str]:
    targets = []
    for match in _URL.finditer(value):
        target = _local_target(match.group(2), where)
        if target:
            targets.append(target)
    return targets


def _vertices(attrs: dict[str, str]) -> int:
    shape = " ".join(v for k, v in attrs.items() if k.rpartition(" ")[2] in ("d", "points"))
    return max(1, sum(1 for _ in _NUMBER.finditer(shape)))  # one per number: generous


def svg_problem(data: bytes) -> str | None:
    """Why these bytes are not an SVG the kiosk may draw, or None."""
    svg = _Svg()
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_doctype(*_args: object) -> int:  # also entities, were there no DOCTYPE
        raise _RefusedError(
            "has a DOCTYPE (entity declarations can expand to gigabytes); "
            "expected a plain SVG without <!DOCTYPE>"
        )

    def instruction(target: str, _data: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise _RefusedError(
                "loads a style sheet from another file; expected a self-contained SVG"
            )

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_doctype
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = svg.start
    parser.EndElementHandler = svg.end
    parser.CharacterDataHandler = svg.text
    try:
        parser.Parse(data, True)
    except _RefusedError as exc:
        return f"is an SVG that {exc}"
    except (expat.ExpatError, UnicodeError, ValueError, RecursionError):
        return "is not valid SVG (XML does not parse); expected an SVG image"
    if not svg.tags or svg.tags[0] != "svg":
        return "is XML but not SVG; expected an SVG image"
    try:
        sheet_targets = _url_targets("".join(svg.style_sheet), "<style>")
        if "@import" in "".join(svg.style_sheet).lower():
            raise _RefusedError("imports a style sheet; expected a self-contained SVG")
    except _RefusedError as exc:
        return f"is an SVG that {exc}"
    return _drawn_problem(svg, sorted(set(sheet_targets)))


def _drawn_problem(svg: _Svg, sheet_targets: list[str]) -> str | None:
    """Counts the elements drawn once every reference is expanded, through the reference
    graph: each element's count is computed once (memoized) and a reference back to an
    element still being counted is a loop. Iterative: no recursion limit to hit."""
    if len(sheet_targets) > MAX_STYLE_TARGETS:
        return (
            f"is an SVG whose <style> refers to {len(sheet_targets)} elements; "
            f"expected at most {MAX_STYLE_TARGETS}"
        )
    count = len(svg.tags)
    # gradients a <style> names only colour: what can draw is a pattern, marker, mask, …
    sheet = [svg.ids[t] for t in sheet_targets if t in svg.ids]
    sheet = [t for t in sheet if not svg.in_gradient[t]]
    last = list(range(count))  # the last element of each one's subtree
    for i in reversed(range(count)):
        if svg.children[i]:
            last[i] = last[svg.children[i][-1]]
    edges: list[list[tuple[int, int]]] = []
    for i in range(count):
        out = [(child, 1) for child in svg.children[i]]
        out += [(svg.ids[t], times) for t, times in svg.refs[i] if t in svg.ids]
        if not svg.in_gradient[i]:
            # a <style> rule may apply to any element: count it for each (but an element
            # inside the target, which the target draws anyway)
            out += [(target, 1) for target in sheet if not target <= i <= last[target]]
        edges.append(out)
    cap = MAX_SVG_DRAWN + 1
    total = [1] * count
    state = bytearray(count)  # 0 new, 1 being counted, 2 done
    next_edge = [0] * count
    stack = [0]
    state[0] = 1
    while stack:
        i = stack[-1]
        if next_edge[i] < len(edges[i]):
            j, times = edges[i][next_edge[i]]
            if state[j] == 2:
                total[i] = min(cap, total[i] + times * total[j])
                next_edge[i] += 1
            elif state[j] == 1:
                return (
                    f"is an SVG whose references form a loop (through {_name(svg, j)}); "
                    "expected references that end"
                )
            else:
                state[j] = 1
                stack.append(j)
        else:
            state[i] = 2
            stack.pop()
    if total[0] > MAX_SVG_DRAWN:
        return (
            f"is an SVG that would draw over {MAX_SVG_DRAWN} elements once its <use> and "
            f"other references are expanded ({count} written; drawing it would freeze the "
            f"screen); expected at most {MAX_SVG_DRAWN}"
        )
    return None


def _name(svg: _Svg, element: int) -> str:
    found = next((f"#{name}" for name, i in svg.ids.items() if i == element), None)
    return found or f"a <{svg.tags[element]}> element"
