"""A grid of cards, each an icon, a heading and a line of text (sectors, partners)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.content.model import CardsSlide
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import Panel, localized


class CardsView(SlideView):
    kind = "cards"
    slide: CardsSlide

    def build(self) -> None:
        s = self.slide
        self.intro = self.text(localized(s.intro), "body", color=theme.MUTED, part="intro")
        self.cards: list[tuple[Panel, QVBoxLayout]] = []
        has_text = any(card.text for card in s.cards)
        for card in s.cards:
            panel = Panel()
            box = QVBoxLayout(panel)
            head = QHBoxLayout()
            if card.icon:
                head.addWidget(
                    self.icon(card.icon, 88 if has_text else 104), 0, Qt.AlignmentFlag.AlignLeft
                )
            head.addStretch(1)
            box.addLayout(head)
            box.addWidget(
                self.text(localized(card.title), "heading", QFont.Weight.Bold, part="card-title")
            )
            box.addWidget(
                self.text(localized(card.text), "small", color=theme.MUTED, part="card-text")
            )
            box.addStretch(1)  # cards in a row share a height; their text starts at the top
            self.cards.append((panel, box))
        self.grid = self.grid_slide(self.intro)

    def relayout(self) -> None:
        n = len(self.cards)
        if self.scale.portrait:
            columns = 1 if n <= 3 else 2
        else:
            columns = {1: 1, 2: 2, 3: 3, 4: 4, 5: 3, 6: 3}.get(n, 4)
        for _panel, box in self.cards:
            m = self.scale.px(26)
            box.setContentsMargins(m, m, m, m)
            box.setSpacing(self.scale.px(12))
        self.fill_grid(self.grid, [w for w, _box in self.cards], columns)
        self.spacing(self.grid, 24)
        self.spacing(self.root, 22)
