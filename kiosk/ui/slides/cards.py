"""A grid of cards, each an icon, a heading and a line of text (sectors, partners); a card
may have a picture across its top (kiosk.ui.pictures, imported only then)."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

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
        self.pictures: list[QWidget] = []  # kiosk.ui.pictures.Picture, one per card that has one
        self.heads: list[tuple[QHBoxLayout, TextLabel]] = []
        self.has_text = has_text = any(card.text for card in s.cards)
        # Two rows of cards share the page with the header: smaller icons leave the text
        # its size (the type scale's, never shrunk).
        icon_units = 64 if has_text or len(s.cards) > 4 else 96
        for card in s.cards:
            panel = Panel(parent=self)
            box = QVBoxLayout(panel)
            if card.picture:  # flush with the card's top; the rest inside the margins
                outer, box = box, QVBoxLayout()
                outer.addWidget(self.card_picture(panel, card.picture))
                outer.addLayout(box, 1)
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

    def card_picture(self, panel: Panel, rel: str) -> QWidget:
        from kiosk.ui.pictures import Picture, watch

        picture = Picture(self.folder / rel, "cover", parent=panel)
        picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        watch(self, picture)
        self.pictures.append(picture)
        return picture

    def place_picture(self, picture: QWidget, beside: bool) -> None:
        """A banner across the card's top; beside the title (one card a row, portrait), at
        the card's left, as tall as the card: the same 2.2:1 shape either way."""
        panel = picture.parentWidget()
        outer = panel.layout() if isinstance(panel, Panel) else None
        if not isinstance(panel, Panel) or not isinstance(outer, QBoxLayout):
            return
        panel.set_scale(self.scale)
        inset = math.ceil(panel.stroke)
        big = 16_777_215  # QWIDGETSIZE_MAX: no limit
        if beside:
            outer.setDirection(QBoxLayout.Direction.LeftToRight)
            outer.setContentsMargins(inset, inset, 0, inset)
            picture.setMinimumHeight(0)
            picture.setMaximumHeight(big)
            picture.setFixedWidth(self.scale.px(250))
            picture.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Ignored)
        else:
            outer.setDirection(QBoxLayout.Direction.TopToBottom)
            outer.setContentsMargins(inset, inset, inset, 0)
            picture.setMinimumWidth(0)
            picture.setMaximumWidth(big)
            picture.setFixedHeight(self.scale.px(190))
            picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        outer.setSpacing(0)
        picture.corners = "left" if beside else "top"  # type: ignore[attr-defined]
        picture.radius = max(0.0, panel.radius - inset)  # type: ignore[attr-defined]

    def settled(self) -> bool:
        pictures = getattr(self, "pictures", [])  # none before the page is built
        return all(getattr(p, "ready", True) for p in pictures)

    def fit(self) -> None:
        super().fit()
        for picture in getattr(self, "pictures", []):
            picture.ask()  # type: ignore[attr-defined]

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
        for picture in self.pictures:
            self.place_picture(picture, beside)
        for _panel, box in self.cards:
            m = self.scale.px(24)
            # beside its icon, a title is level with the corner a detail's mark takes
            right = self.scale.px(theme.MARK_ROOM) if beside else m
            box.setContentsMargins(m, m, right, m)
            box.setSpacing(self.scale.px(14))
        self.fill_grid(self.grid, [w for w, _box in self.cards], columns)
        self.spacing(self.grid, 20)
        self.spacing(self.root, 22)
