"""Bundled fonts: registered once, then every text asks for the face that fits its language.

assets/fonts holds Noto Sans CJK subset to the characters the kiosk shows and renamed
"Park Kiosk Sans SC|TC|JP|KR" (tools/subset_fonts.py). Text is only ever drawn with these:
no system font, so the kiosk looks the same on a machine without CJK fonts.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF, QGuiApplication

from kiosk.resources import resource_path
from kiosk.typefaces import FAMILY, REGIONS, regions_for

log = logging.getLogger(__name__)

# The bundle has Regular and Bold only (Debian's fonts-noto-cjk has no Medium): Medium
# text is drawn in Regular rather than left to Qt's nearest-weight guess or fake bolding.
WEIGHTS = {QFont.Weight.Medium: QFont.Weight.Normal}

_registered: frozenset[str] | None = None
# One font engine per face and weight, held for the process's life (see pin()).
_pinned: dict[tuple[str, int], QFontMetricsF] = {}


def register_fonts() -> frozenset[str]:
    """Add every font under assets/fonts to Qt (once); returns the family names found.

    Needs a QGuiApplication; called without one it registers nothing and tries again
    next time.
    """
    global _registered
    if _registered is not None:
        return _registered
    if QGuiApplication.instance() is None:
        return frozenset()
    found: set[str] = set()
    folder = resource_path("assets", "fonts")
    for path in sorted(folder.glob("*.otf")) + sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            found.update(QFontDatabase.applicationFontFamilies(font_id))
        else:
            log.warning("could not load the bundled font %s", path)
    missing = [FAMILY.format(region=r) for r in REGIONS if FAMILY.format(region=r) not in found]
    if missing:
        log.warning("bundled fonts missing from %s: %s", folder, ", ".join(missing))
    _registered = frozenset(found)
    return _registered


def families(lang: str) -> list[str]:
    """The bundled families for `lang`, its regional face first, then the other regions."""
    register_fonts()
    return [FAMILY.format(region=r) for r in regions_for(lang)]


def font(lang: str, pixel_size: int, weight: QFont.Weight = QFont.Weight.Normal) -> QFont:
    f = QFont()
    f.setFamilies(families(lang))
    f.setPixelSize(max(6, pixel_size))
    f.setWeight(WEIGHTS.get(weight, weight))
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)  # same shapes at every size
    # Every glyph from the regional face: no merging in glyphs from a system font, which
    # would differ between machines. A character the subset lacks shows as a box, and
    # tests/test_fonts.py fails before that can ship.
    f.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    pin(f)
    return f


def pin(f: QFont) -> None:
    """Keep one engine of `f`'s face and weight alive, so the face's file stays open once.

    Qt 6.12 closes a face when its last engine leaves the font cache and opens the file again
    on the next use, but some of the faces it lets go stay mapped: after a few hundred page
    changes each font file was mapped two to four times (+25-35 MB of RSS over 2,000 page
    changes under Xvfb, growing). With an engine of each face held, no face is ever let go
    (kiosk.memory: the files stay mapped once). The engine is the one this font would load
    for its first text anyway, so this costs no extra engine."""
    key = (f.families()[0] if f.families() else f.family(), f.weight().value)
    if key not in _pinned:
        metrics = QFontMetricsF(f)
        metrics.height()  # loads the engine (metrics share the font's engine data)
        _pinned[key] = metrics
