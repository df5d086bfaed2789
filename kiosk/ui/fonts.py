"""Bundled fonts: registered once, then every text asks for the face that fits its language."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFont, QFontDatabase

from kiosk.resources import resource_path

# The regional CJK face for each language: the same code point is drawn differently in
# Japanese, Korean, Simplified and Traditional Chinese typography.
REGION = {"zh_Hans": "SC", "zh_Hant": "TC", "ja": "JP", "ko": "KR"}
BUNDLED = "Park Kiosk Sans {region}"
SYSTEM = "Noto Sans CJK {region}"  # used only when the bundled subsets are absent


@cache
def register_fonts() -> frozenset[str]:
    """Add every font under assets/fonts to Qt; returns the family names found."""
    found: set[str] = set()
    folder = resource_path("assets", "fonts")
    for path in sorted(folder.glob("*.otf")) + sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            found.update(QFontDatabase.applicationFontFamilies(font_id))
    return frozenset(found)


def families(lang: str) -> list[str]:
    """Font families for `lang`, best first; other regions follow for mixed-script text."""
    regions = [REGION.get(lang, "SC")] + [
        r for r in ("SC", "TC", "JP", "KR") if r != REGION.get(lang)
    ]
    bundled = register_fonts()
    names = [BUNDLED.format(region=r) for r in regions if BUNDLED.format(region=r) in bundled]
    return names or [SYSTEM.format(region=r) for r in regions]


def font(lang: str, pixel_size: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    f = QFont()
    f.setFamilies(families(lang))
    f.setPixelSize(max(6, pixel_size))
    f.setWeight(weight)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same shapes at every size
    return f
