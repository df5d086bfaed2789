"""Editorial limits: how much text each role may hold, per language, on a lobby screen.

A visitor reads a page in passing, from about three metres, in the 12 s it is shown: a
page in the loop carries at most about 35 English words or 70 Chinese characters, an
intro about two lines, a title one. Over-long text is a warning, not an error: the content
is still correct and the kiosk shows it (it never refuses content for one); `kiosk
validate` prints the warnings and `kiosk validate --strict` fails on them. No Qt here.

Lengths are measured as readers and the layout see them:
- Chinese and Japanese: characters (han, kana; a Latin word or a number counts as one,
  as it is read at a glance); punctuation and spaces are not counted.
- Korean: syllables, counted the same way. Hangul syllable blocks are set on the same
  square as han characters, so a syllable count measures the room a text takes on a
  line as a character count does in Chinese; words (eojeol) carry attached particles and
  run from one syllable to six, so they say little about room.
- Other languages: words (a run of letters or digits; "30,500" and "m²" are one each).

The same text measured about 1.2 times its Chinese count in Korean syllables and 1.35
times in Japanese characters (kana spell out what one han says) over the bundled deck's
pages; the limits for ko and ja are scaled by those factors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from kiosk.frozen import frozen

# One han, kana or Hangul syllable, or one run of Latin letters or digits. The katakana
# middle dot (U+30FB) is punctuation.
_CJK = (
    "\u3040-\u30fa\u30fc-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
    "\U00020000-\U0003134f"
)
_UNIT = rf"[{_CJK}]|[^\W_{_CJK}]+(?:[.,'’-][^\W_{_CJK}]+)*"
_WORD = r"[^\W_]+(?:[.,'’-][^\W_]+)*"


@cache
def _pattern(source: str) -> re.Pattern[str]:
    """Compiled when first measured: _UNIT's classes take ~8 ms to compile, and the kiosk
    imports this module at start without measuring anything."""
    return re.compile(source)


# role: limit per measure. zh: characters, ja: characters, ko: syllables, words: words.
LIMITS: dict[str, dict[str, int]] = {
    "page": {"zh": 70, "ja": 95, "ko": 85, "words": 35},  # every text of a page together
    "title": {"zh": 16, "ja": 22, "ko": 20, "words": 8},  # one line
    "intro": {"zh": 40, "ja": 54, "ko": 48, "words": 22},  # about two lines, full width
    "point": {"zh": 40, "ja": 54, "ko": 48, "words": 22},  # a bullet: as an intro
    "label": {"zh": 14, "ja": 19, "ko": 17, "words": 7},  # an eyebrow, a figure's label
    # two lines in a quarter of the width at the type scale's heading size (seven cards
    # stand 4 + 3): "Industrial automation & edge computing" took three
    "card title": {"zh": 12, "ja": 16, "ko": 12, "words": 4},
    "text": {"zh": 24, "ja": 32, "ko": 29, "words": 12},  # a card's text, an event: narrow
    "note": {"zh": 30, "ja": 40, "ko": 36, "words": 14},  # a figure's note, a chart's source
    # A detail is read on demand, standing at the screen: a short paragraph, not a page.
    "detail": {"zh": 120, "ja": 160, "ko": 145, "words": 60},
}
UNITS = {"zh": "characters", "ja": "characters", "ko": "syllables", "words": "words"}

# Field name -> role. A card's title and text have roles of their own (narrow boxes).
ROLES = {
    "title": "title",
    "eyebrow": "label",
    "subtitle": "intro",
    "intro": "intro",
    "body": "intro",
    "text": "text",
    "points": "point",
    "label": "label",
    "labels": "label",
    "target_label": "label",
    "total_label": "label",
    "unit_label": "label",
    "note": "note",
    "source": "note",
    "line": "intro",  # a visit's welcome line
    "caption": "intro",  # a photo page's caption
    "credit": "note",
    "detail": "detail",
}
# Roles a visitor opens on demand: they have limits of their own, but are not part of the
# loop's reading time (the page's budget).
EXCLUDED = frozenset({"detail"})


@frozen
class TooLong:
    """A text (or a whole page, path without a language) longer than its role allows."""

    path: str  # JSON path, e.g. $.slides[3].intro.en, or $.slides[3] for a page
    lang: str
    role: str
    length: int
    limit: int
    unit: str

    @property
    def message(self) -> str:
        return (
            f"{self.role} in {self.lang} has {self.length} {self.unit}; "
            f"expected at most {self.limit} (editorial limit)"
        )


def measure_of(lang: str) -> str:
    base = lang.split("_")[0]
    return base if base in ("zh", "ja", "ko") else "words"


def length(text: str, lang: str) -> int:
    """The length of `text` in the unit of `lang` (see the module's docstring)."""
    pattern = _pattern(_WORD if measure_of(lang) == "words" else _UNIT)
    return len(pattern.findall(text))


def _texts(node: Any, where: str, role: str | None) -> Iterator[tuple[str, str, str, str]]:
    """(path, role, language, string) of every text below a slide or chart."""
    from dataclasses import fields, is_dataclass

    if is_dataclass(node):
        for f in fields(node):
            yield from _texts(getattr(node, f.name), f"{where}.{f.name}", ROLES.get(f.name))
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _texts(item, f"{where}[{i}]", role)
    elif isinstance(node, dict) and role is not None:
        for lang, value in node.items():
            if isinstance(value, str):
                yield f"{where}.{lang}", role, lang, value


def _page(page: Any, where: str) -> Iterator[TooLong]:
    totals: dict[str, int] = {}
    for path, role, lang, text in _texts(page, where, None):
        if role == "title" and ".cards[" in path:
            role = "card title"
        measure = measure_of(lang)
        n = length(text, lang)
        if role not in EXCLUDED:
            totals[lang] = totals.get(lang, 0) + n
        limit = LIMITS[role][measure]
        if n > limit:
            yield TooLong(path, lang, role, n, limit, UNITS[measure])
    for lang, total in totals.items():
        measure = measure_of(lang)
        if total > LIMITS["page"][measure]:
            yield TooLong(where, lang, "page", total, LIMITS["page"][measure], UNITS[measure])


def length_warnings(content: Any) -> list[TooLong]:
    """Every text of a validated Content, and every page, longer than its limit."""
    found: list[TooLong] = []
    for i, slide in enumerate(content.slides):
        found += _page(slide, f"$.slides[{i}]")
    for i, chart in enumerate(content.charts):
        found += _page(chart, f"$.charts[{i}]")
    for i, visit in enumerate(content.visits):  # its welcome page opens the loop
        found += _page(visit.welcome, f"$.visits[{i}].welcome")
    return found


def editorial_limit(path: str, lang: str) -> tuple[int, str] | None:
    """(limit, unit) of the text at JSON `path` in `lang` (ids or positions in the path
    alike), as length_warnings applies it; None for a text that has no editorial limit."""
    if not path.startswith(("$.slides[", "$.charts[", "$.visits[")):
        return None
    field = re.sub(r"\[[^\]]*\]$", "", path).rsplit(".", 1)[-1]
    role = ROLES.get(field)
    if role is None:
        return None
    if role == "title" and ".cards[" in path:
        role = "card title"
    measure = measure_of(lang)
    return LIMITS[role][measure], UNITS[measure]
