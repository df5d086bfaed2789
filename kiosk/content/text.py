"""Visible text the kiosk can draw: checked against the bundled font of its language.

Every text is drawn with the regional face of its language only (kiosk.ui.fonts: no font
merging), so a character that face lacks shows as a box. The faces' coverage comes from
assets/fonts/coverage.json (written by tools/subset_fonts.py from the fonts' cmaps): no
Qt and no fontTools here. Control characters (other than the line break \\n) and
bidirectional controls are rejected outright: an override turns "evil" into "live".
"""

from __future__ import annotations

import json
import logging
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Any

from kiosk.glyphs import BIDI_CONTROLS
from kiosk.resources import resource_path
from kiosk.typefaces import LATIN_REGION, REGION

log = logging.getLogger(__name__)

REGION_NAMES = {"SC": "Simplified Chinese", "TC": "Traditional Chinese", "JP": "Japanese"}
REGION_NAMES["KR"] = "Korean"
CONTROL_NAMES = {"\t": "tab", "\r": "carriage return", "\x0b": "vertical tab", "\x0c": "form feed"}
# Never drawn, so no glyph needed: format characters (zero-width space and joiner, soft
# hyphen), line and paragraph separators, variation selectors. HarfBuzz hides them.
INVISIBLE = ("Cf", "Zl", "Zp")
VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))

Coverage = dict[str, tuple[list[int], list[int]]]  # region: (range starts, range ends)


@cache
def coverage() -> Coverage | None:
    """The bundled faces' code points per region, or None when coverage.json is unusable."""
    path = resource_path("assets", "fonts", "coverage.json")
    try:
        regions = json.loads(path.read_text(encoding="utf-8"))["regions"]
        return {
            region: ([int(a) for a, _ in ranges], [int(b) for _, b in ranges])
            for region, ranges in regions.items()
        }
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("cannot read %s (%s): text is not checked against the fonts", path, exc)
        return None


def region_of(lang: str) -> str:
    return REGION.get(lang, LATIN_REGION)


def font_name(lang: str) -> str:
    region = region_of(lang)
    if lang in REGION:
        return f"the bundled {REGION_NAMES[region]} font"
    return f"the bundled font for {lang!r} (the {REGION_NAMES[region]} face)"


def _has(table: tuple[list[int], list[int]], code: int) -> bool:
    starts, ends = table
    i = bisect_right(starts, code) - 1
    return i >= 0 and code <= ends[i]


def _drawn(table: tuple[list[int], list[int]], ch: str) -> bool:
    """In the face, or made of parts in it (HarfBuzz decomposes what the face lacks)."""
    if _has(table, ord(ch)):
        return True
    parts = unicodedata.normalize("NFD", ch)
    return len(parts) > 1 and all(_has(table, ord(p)) for p in parts)


def _needs_glyph(ch: str) -> bool:
    code = ord(ch)
    if unicodedata.category(ch) in INVISIBLE or any(code in r for r in VARIATION_SELECTORS):
        return False
    # A space the face lacks (thin, hair, figure space...) is drawn with its space glyph.
    return unicodedata.category(ch) != "Zs"


def string_problems(text: str, lang: str) -> Iterator[str]:
    """What is wrong with `text` shown in `lang`: one message per distinct character."""
    table = (coverage() or {}).get(region_of(lang))
    seen: set[str] = set()
    # HarfBuzz composes e + U+0301 into é when the face has é: check the composed form.
    for ch in unicodedata.normalize("NFC", text):
        if ch in seen or ch == "\n":
            continue
        seen.add(ch)
        code = f"U+{ord(ch):04X}"
        if ch in BIDI_CONTROLS:
            yield (
                f"{code} ({unicodedata.name(ch, 'bidirectional mark')}) is a bidirectional "
                "control, which reorders the text on screen; expected plain text"
            )
        elif unicodedata.category(ch) == "Cc":
            what = f" ({CONTROL_NAMES[ch]})" if ch in CONTROL_NAMES else ""
            yield (
                f"{code}{what} is a control character; expected visible text "
                "(\\n is the only line break)"
            )
        elif table is not None and _needs_glyph(ch) and not _drawn(table, ch):
            yield (
                f"{code} '{ch}' cannot be drawn by {font_name(lang)} and would show as a "
                "box; expected a character the font has"
            )


def _texts(node: Any, where: str) -> Iterator[tuple[str, str, str]]:
    """(path, language, string) of every translated text below `node`."""
    if is_dataclass(node):
        for f in fields(node):
            yield from _texts(getattr(node, f.name), f"{where}.{f.name}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, f"{where}[{i}]")
    elif isinstance(node, dict):  # a Text: language code -> string
        for lang, value in node.items():
            if isinstance(value, str):
                yield f"{where}.{lang}", lang, value


def text_problems(content: Any) -> Iterator[tuple[str, str]]:
    """(JSON path, message) for every visible text the kiosk would draw wrongly.

    `content` is a validated Content. Language labels are drawn each in the face of
    its own language, so they are checked with that face.
    """
    for i, language in enumerate(content.languages):
        for message in string_problems(language.label, language.code):
            yield f"$.languages[{i}].label", message
    for where, lang, text in _texts(content, "$"):
        for message in string_problems(text, lang):
            yield where, message
