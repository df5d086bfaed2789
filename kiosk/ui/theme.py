"""The design system in one place: palette, type scale, spacing, radii.

Sizes are in "units": one unit is one pixel on a 1080-pixel-high landscape screen, so a
layout scales with the window instead of using fixed pixels.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor

from kiosk.frozen import frozen

# Palette: deep navy and teal for an industrial-internet park, one warm accent.
BACKGROUND = QColor("#0B1B3A")
BACKGROUND_2 = QColor("#102A52")
# Cards and controls: their outline is at least 3:1 against both ends of the background
# gradient (WCAG non-text contrast, issue #16; tests/test_contrast.py), the fill a step
# lighter than the background so body text on it stays above 10:1.
SURFACE = QColor("#183867")
SURFACE_LINE = QColor("#587AAB")
TEAL = QColor("#19C3B1")
TEXT = QColor("#F4F7FB")
MUTED = QColor("#AFC0DA")
ACCENT = QColor("#FFB547")
# One colour meaning across the deck's charts and timelines (#16): teal is what is achieved
# or now (and the part a chart is about), amber what is planned, a target or still to
# come, grey the rest, there for context. Content names them (a chart's `tones`).
ACHIEVED = TEAL
PLANNED = ACCENT
CONTEXT = QColor("#8494AE")  # 5.9:1 against the background: dark text on it still reads
TONES = {"achieved": ACHIEVED, "planned": PLANNED, "other": CONTEXT}

# The one type scale, in units (pixels at 1080p), issue #15: every page of a language at a
# given screen size draws a role at exactly this size; pages fit by layout and by the
# editorial limits (kiosk.content.limits), not by shrinking their text. Read from about
# three metres: running text ("body") is 40 px at 1080p (3.7% of the height), nothing is
# under 33 px (3.0%); a portrait screen's unit follows its width, so the same holds there.
TYPE = {
    "display": 96,  # the title of a title page
    "title": 64,  # a page's title, a chart's title
    "figure": 66,  # a key figure: "約人民幣90億元" fits a third of a 16:9 screen
    "heading": 44,  # a card's title, an eyebrow, a subtitle, a milestone's date
    "lead": 44,  # a point of a bullets page
    "body": 40,  # intros, labels, card texts, milestones, chart labels
    "small": 34,  # notes, sources, axis ticks
    "chrome": 33,  # the park's name, the language and move buttons
}
# A portrait screen is as wide as a landscape one is high but has half its columns' width:
# its figure tiles stand two abreast, so the figures are smaller there.
PORTRAIT = {"figure": 48}
# The top right corner of a card or tile that a tap opens holds a mark (kiosk.ui.detail):
# text that reaches that high keeps clear of it.
MARK_ROOM = 48
# What the layout test holds every page to (tests/test_layout_report.py), as a share of
# the screen's height (landscape) or width (portrait).
BODY_SHARE = 0.037
SMALLEST_SHARE = 0.030


@frozen
class Scale:
    """Pixels per unit for a window size."""

    unit: float
    portrait: bool

    @classmethod
    def for_size(cls, size: QSize) -> Scale:
        w, h = max(size.width(), 1), max(size.height(), 1)
        portrait = h > w
        # The short side sets the scale: a portrait screen's width, a landscape one's height.
        unit = min(w, h) / 1080
        unit = min(unit, w / 1920 * 1.25) if not portrait else unit  # very wide, short windows
        return cls(unit=max(unit, 0.2), portrait=portrait)

    def px(self, units: float) -> int:
        return max(1, round(units * self.unit))

    def text(self, role: str, factor: float = 1.0) -> int:
        """A role's pixel size; halves round up, so a size is never under its share."""
        units = PORTRAIT.get(role, TYPE[role]) if self.portrait else TYPE[role]
        return max(1, math.floor(units * factor * self.unit + 0.5))

    def radius(self) -> float:
        """Corner radius of a card or tile: round alike at every screen size."""
        return 18 * self.unit

    def stroke(self) -> float:
        """Width of a card's outline."""
        return max(1.0, 2 * self.unit)
