"""Which characters the kiosk can draw: the set the bundled font subsets must cover.

Shared by `tools/subset_fonts.py` (which subsets the fonts to this set) and the tests
(which fail when the content or a catalog uses a character the bundled fonts lack).
No Qt here; babel only.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from kiosk import jsontree
from kiosk.resources import resource_path

LOCALES = ("zh_Hans", "zh_Hant", "en", "ko", "ja")

# Always in the subset, whatever the content says today: a new figure or a catalog edit
# should not need new fonts for ordinary punctuation.
PRINTABLE_ASCII = "".join(chr(c) for c in range(0x20, 0x7F))
LATIN1_PUNCTUATION = "\u00a0¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾¿×÷"
TYPOGRAPHIC = "–—‘’‚“”„…·•′″‹›‰−≥≤≠≈→←↑↓°№€™"
CJK_PUNCTUATION = "\u3000、。，．：；！？（）「」『』【】《》〈〉〜・ー～"
BASE = PRINTABLE_ASCII + LATIN1_PUNCTUATION + TYPOGRAPHIC + CJK_PUNCTUATION

# What formatting.py asks babel for (kiosk.formatting): compact numbers in both lengths,
# units, percentages and months. Their words (万, 萬, 만, 億, 平方米, 년, …) come from CLDR.
UNITS = ("area-square-meter", "area-square-kilometer", "percent")
MAGNITUDES = [m * 10**k for k in range(16) for m in (1, 1.5, 2, 12.34)]


def content_strings(folder: Path | None = None) -> Iterator[str]:
    folder = folder or resource_path("assets", "content")
    for path in sorted(folder.glob("*.json")):
        yield from jsontree.strings(json.loads(path.read_text(encoding="utf-8")))


def catalog_files(folder: Path | None = None) -> list[Path]:
    folder = folder or resource_path("translations")
    return sorted(folder.glob("**/*.po")) + sorted(folder.glob("*.pot"))


def catalog_strings(folder: Path | None = None) -> Iterator[str]:
    """msgid and msgstr texts (plural forms too) of every .po and .pot; none is fine."""
    from babel.messages.pofile import read_po

    for path in catalog_files(folder):
        with path.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            if not message.id:
                continue  # the header: metadata, never shown
            for part in (message.id, message.string):
                if isinstance(part, str):
                    yield part
                elif part is not None:
                    yield from (p for p in part if p)


def formatting_strings(locales: Iterable[str] = LOCALES) -> Iterator[str]:
    """What CLDR produces for numbers, units and dates in these locales."""
    from babel import Locale
    from babel.dates import format_skeleton
    from babel.numbers import (
        format_compact_decimal,
        format_decimal,
        format_percent,
    )
    from babel.units import format_unit

    for code in locales:
        locale = Locale.parse(code)
        for system in {"latn", locale.default_numbering_system}:  # what babel formats with
            table = locale.number_symbols.get(system, {})  # decimal, group, %, ‰, −, ∞, …
            yield from (s for s in table.values() if isinstance(s, str))
        for value in MAGNITUDES:
            for kind in ("short", "long"):
                yield format_compact_decimal(
                    value, locale=code, format_type=kind, fraction_digits=2
                )
            yield format_decimal(value, locale=code, decimal_quantization=False)
        yield format_percent(0.125, locale=code, decimal_quantization=False)
        for unit in UNITS:
            for length in ("short", "long", "narrow"):
                for value in (1, 2, 1.5, "12.3万"):
                    yield format_unit(value, unit, length=length, locale=code)
        for month in range(1, 13):
            day = date(2024, month, 1)
            yield format_skeleton("yMMMM", day, locale=code)
            yield format_skeleton("y", day, locale=code)


def drawable(text: Iterable[str]) -> set[str]:
    """Characters that need a glyph: no controls, line breaks or invisible format marks."""
    return {
        ch
        for s in text
        for ch in s
        if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs")
    }


def used_characters(content: Path | None = None, translations: Path | None = None) -> set[str]:
    """What the content and the catalogs use: the test checks exactly these."""
    return drawable(content_strings(content)) | drawable(catalog_strings(translations))


def required_characters(content: Path | None = None, translations: Path | None = None) -> set[str]:
    """The subset: what is used, plus punctuation and CLDR's formatting words."""
    return (
        used_characters(content, translations) | drawable([BASE]) | drawable(formatting_strings())
    )
