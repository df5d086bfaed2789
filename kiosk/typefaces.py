"""The bundled typefaces by name: which regional CJK face draws each language. No Qt.

Shared by kiosk.ui.fonts (which registers the faces and asks for them) and
tools/subset_fonts.py (which builds them from Noto Sans CJK).
"""

from __future__ import annotations

# The regional CJK face for each language: the same code point is drawn differently in
# Japanese, Korean, Simplified and Traditional Chinese typography.
REGION = {"zh_Hans": "SC", "zh_Hant": "TC", "ja": "JP", "ko": "KR"}
REGIONS = ("SC", "TC", "JP", "KR")
# Latin-script languages take the KR face: its Latin punctuation (quotes, dashes) is
# proportional, where the SC, TC and JP faces have full-width quotes.
LATIN_REGION = "KR"
FAMILY = "Park Kiosk Sans {region}"


def regions_for(lang: str) -> list[str]:
    """Every region, the face for `lang` first, then the others in REGIONS order."""
    first = REGION.get(lang, LATIN_REGION)
    return [first, *(r for r in REGIONS if r != first)]
