"""A statement slide: eyebrow, big title, subtitle and a short paragraph."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.content.model import TitleSlide
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import localized


class TitleView(SlideView):
    kind = "title"
    slide: TitleSlide

    def build(self) -> None:
        s = self.slide
        self.title.role = "display"
        self.eyebrow = self.text(
            localized(s.eyebrow), "heading", QFont.Weight.Bold, color=theme.TEAL, part="eyebrow"
        )
        self.subtitle = self.text(
            localized(s.subtitle), "heading", color=theme.MUTED, part="subtitle"
        )
        self.body = self.text(localized(s.body), "body", part="body")
        self.column = QVBoxLayout()
        self.column.addStretch(3)
        for widget in (self.eyebrow, self.title, self.subtitle, self.body):
            self.column.addWidget(widget)
        self.column.addStretch(4)
        self.row = QHBoxLayout()
        self.row.addLayout(self.column, 3)
        self.image = self.icon(s.image, 300) if s.image else None
        if self.image:
            self.row.addWidget(self.image, 0, Qt.AlignmentFlag.AlignCenter)
        else:
            self.row.addStretch(1)
        self.root.addLayout(self.row)

    def relayout(self) -> None:
        self.spacing(self.column, 26)
        self.row.setStretch(1, 0 if self.scale.portrait else 1)
