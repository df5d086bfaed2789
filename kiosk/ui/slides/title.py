"""A statement slide: eyebrow, big title, subtitle and a short paragraph.

Composed for the whole screen (issue #15): without an image the block stands centred on
the page; with one, the image takes the right part in landscape and the top in portrait,
so no side of the screen is left empty.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

from kiosk.content.model import TitleSlide
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import localized

TEXT_SHARE = 0.78  # of the page's width: longer lines would be hard to follow


class TitleView(SlideView):
    kind = "title"
    slide: TitleSlide

    def build(self) -> None:
        s = self.slide
        self.title.role = self.title.part = "display"
        self.eyebrow = self.text(
            localized(s.eyebrow), "heading", QFont.Weight.Bold, color=theme.TEAL, part="eyebrow"
        )
        self.subtitle = self.text(
            localized(s.subtitle), "heading", color=theme.MUTED, part="subtitle"
        )
        self.body = self.text(localized(s.body), "body", part="body")
        self.column = QVBoxLayout()
        self.column.addStretch(1)
        for widget in (self.eyebrow, self.title, self.subtitle, self.body):
            self.column.addWidget(widget)
        self.column.addStretch(1)
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.image = self.icon(s.image, 360) if s.image else None
        if self.image:
            self.row.addWidget(self.image, 0, Qt.AlignmentFlag.AlignCenter)
        self.row.addLayout(self.column, 1)
        self.root.addLayout(self.row)

    def relayout(self) -> None:
        portrait = self.scale.portrait
        self.spacing(self.column, 30)
        self.spacing(self.row, 80)
        if self.image:  # landscape: text on the left, image on the right; portrait: image on top
            self.row.setDirection(
                QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.RightToLeft
            )
        centred = portrait or not self.image
        align = Qt.AlignmentFlag.AlignHCenter if centred else Qt.AlignmentFlag.AlignLeft
        side = 0 if self.image or portrait else round(self.width() * (1 - TEXT_SHARE) / 2)
        self.column.setContentsMargins(side, 0, side, 0)
        for label in (self.eyebrow, self.title, self.subtitle, self.body):
            label.setAlignment(align)
