"""A grid of cards, each an icon, a heading and a line of text (sectors, partners)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.content.model import CardsSlide
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import Panel, TextLabel, localized


class CardsView(SlideView):
    kind = "cards"
    slide: CardsSlide

    def build(self) -> None:
        s = self.slide
        self.intro = self.text(localized(s.intro), "body", color=theme.MUTED, part="intro")
        self.cards: list[tuple[Panel, QVBoxLayout]] = []
        self.heads: list[tuple[QHBoxLayout, TextLabel]] = []
        self.has_text = has_text = any(card.text for card in s.cards)
        # Two rows of cards share the page with the header: smaller icons leave the text
        # its size (the type scale's, never shrunk).
        icon_units = 64 if has_text or len(s.cards) > 4 else 96
        for card in s.cards:
            panel = Panel(parent=self)
            box = QVBoxLayout(panel)
            head = QHBoxLayout()
            if card.icon:
                head.addWidget(self.icon(card.icon, icon_units), 0, Qt.AlignmentFlag.AlignLeft)
            head.addStretch(1)
            box.addLayout(head)
            title = self.text(
                localized(card.title), "heading", QFont.Weight.Bold, part="card-title"
            )
            box.addWidget(title)
            self.heads.append((head, title))
            box.addWidget(
                self.text(localized(card.text), "body", color=theme.MUTED, part="card-text")
            )
            box.addStretch(1)  # cards in a row share a height; their text starts at the top
            self.cards.append((panel, box))
        self.grid = self.grid_slide(self.intro)

    def relayout(self) -> None:
        n = len(self.cards)
        # Portrait, titles only: one card a row, the icon beside its title (two abreast,
        # a long word such as フラウンホーファー would not fit the type scale's size).
        beside = self.scale.portrait and not self.has_text
        if self.scale.portrait:
            columns = 1 if n <= 3 or beside else 2
        else:  # seven: 4 + 3, the short row centred (fill_grid)
            columns = {1: 1, 2: 2, 3: 3, 4: 4, 5: 3, 6: 3}.get(n, 4)
        for (_panel, box), (head, title) in zip(self.cards, self.heads, strict=True):
            box.removeWidget(title)
            head.removeWidget(title)
            if beside:
                head.insertWidget(head.count() - 1, title, 1, Qt.AlignmentFlag.AlignVCenter)
                head.setStretch(head.count() - 1, 0)  # the title takes the width, not the gap
                head.setSpacing(self.scale.px(24))
            else:
                box.insertWidget(1, title)
                head.setStretch(head.count() - 1, 1)
        for _panel, box in self.cards:
            m = self.scale.px(24)
            # beside its icon, a title is level with the corner a detail's mark takes
            right = self.scale.px(theme.MARK_ROOM) if beside else m
            box.setContentsMargins(m, m, right, m)
            box.setSpacing(self.scale.px(14))
        self.fill_grid(self.grid, [w for w, _box in self.cards], columns)
        self.spacing(self.grid, 20)
        self.spacing(self.root, 22)
