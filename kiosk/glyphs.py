"""Which characters the kiosk can draw: the set the bundled font subsets must cover.

Shared by `tools/subset_fonts.py` (which subsets the fonts to this set) and the tests
(which fail when the content or a catalog uses a character the bundled fonts lack).
No Qt here; babel only.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable, Iterator
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
# units, percentages and months. Their words (万, 萬, 만, 億, 平方米, 년, …) come from CLDR;
# formatting.py's own per-language patterns add 约, 逾, 人民幣, 위안, 以上 and the like.
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

    from kiosk.formatting import ABOUT, AT_LEAST, MONEY

    for code in locales:
        # the words kiosk.formatting writes itself: 约, 逾, 人民幣, 위안, 以上, …
        yield from (table.get(code, "") for table in (ABOUT, AT_LEAST, *MONEY.values()))
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


# --- each region's everyday repertoire ---------------------------------------------------
#
# What an operator may type, beyond what the content uses today: each face gets the
# national character set its readers write with (enumerated with Python's codecs, so no
# download), plus Latin-1 (é, ü, ß) and Latin Extended-A, general punctuation, CJK
# symbols and punctuation, kana and full-width forms, as far as Noto Sans CJK has them (it
# lacks most of Latin Extended-A: ł, ő, č). `kiosk validate` reports anything else
# (emoji, rare characters) by path, language and code point.

# Bidirectional controls: an override turns "evil" into "live" on screen. Never drawn,
# never kept in a font, rejected in visible text (kiosk.content.text).
BIDI_CONTROLS = frozenset(
    chr(c) for c in (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
)

COMMON_BLOCKS = (
    (0x00A0, 0x00FF),  # Latin-1 Supplement
    (0x0100, 0x017F),  # Latin Extended-A
    (0x2000, 0x206F),  # General Punctuation (its format controls are not drawn)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3040, 0x30FF),  # Hiragana and Katakana
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)


def _double_byte(lead: int, trail: int) -> Callable[[bytes], bool]:
    return lambda b: len(b) == 2 and b[0] >= lead and b[1] >= trail


# The national standard of each region, as (Python codec, which encodings belong to it):
# SC GB 2312 (6,763 hanzi and its symbols), TC Big5 (both levels, 13,061 hanzi: level 2
# holds many characters of names and places, and the whole set fits the size budget), JP
# JIS X 0208 (6,356 kanji; EUC-JP's two-byte codes, not JIS X 0212's three-byte ones nor
# half-width katakana), KR KS X 1001 (2,350 Hangul syllables and 4,620 hanja).
NATIONAL_SETS: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    "SC": ("gb2312", _double_byte(0xA1, 0xA1)),
    "TC": ("big5", _double_byte(0xA1, 0x40)),
    "JP": ("euc_jp", _double_byte(0xA1, 0xA1)),
    "KR": ("euc_kr", _double_byte(0xA1, 0xA1)),
}


def national_set(region: str) -> set[str]:
    """Every BMP character of the region's national character set (no ASCII)."""
    codec, belongs = NATIONAL_SETS[region]
    found = set()
    for code in range(0x80, 0x10000):
        if 0xD800 <= code < 0xE000:
            continue
        try:
            encoded = chr(code).encode(codec)
        except UnicodeEncodeError:
            continue
        if belongs(encoded):
            found.add(chr(code))
    return found


def repertoire(region: str) -> set[str]:
    """What the region's face should draw besides `required_characters`: its national set
    and the common blocks, without controls and bidirectional marks."""
    common = (chr(c) for start, end in COMMON_BLOCKS for c in range(start, end + 1))
    return drawable([*national_set(region), *common]) - BIDI_CONTROLS
