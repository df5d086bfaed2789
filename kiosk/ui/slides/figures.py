"""Key figures: big numbers (formatted for the language by babel) with their labels."""

from __future__ import annotations

from functools import partial

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout

from kiosk.content.model import FiguresSlide
from kiosk.formatting import format_figure
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import Panel, TextLabel, localized, share_size


class FiguresView(SlideView):
    kind = "figures"
    slide: FiguresSlide

    def build(self) -> None:
        s = self.slide
        self.intro = self.text(localized(s.intro), "body", color=theme.MUTED, part="intro")
        self.tiles: list[tuple[Panel, QVBoxLayout]] = []
        numbers: list[TextLabel] = []
        for figure in s.figures:
            tile = Panel(accent=True, parent=self)
            box = QVBoxLayout(tile)
            number = self.text(
                partial(format_figure, figure, short=True),
                "figure",
                QFont.Weight.Bold,
                color=theme.TEAL,
                one_line=True,
                part="figure",
            )
            numbers.append(number)
            box.addWidget(number)
            box.addWidget(self.text(localized(figure.label), "body", part="label"))
            box.addWidget(
                self.text(localized(figure.note), "small", color=theme.MUTED, part="note")
            )
            box.addStretch(1)
            self.tiles.append((tile, box))
        share_size(numbers)
        self.grid = self.grid_slide(self.intro)

    def relayout(self) -> None:
        n = len(self.tiles)
        # A figure or two keep a column's width: one stretched over the page reads as a bar.
        columns = 2 if self.scale.portrait else (3 if n != 4 else 4)
        for tile, box in self.tiles:
            m, side = self.scale.px(20), self.scale.px(theme.MARK_ROOM)
            box.setContentsMargins(self.scale.px(26), m, side, m)  # 26: past the accent edge
            tile.setMinimumHeight(self.scale.px(200))
            box.setSpacing(self.scale.px(6))
        self.fill_grid(self.grid, [w for w, _box in self.tiles], columns, keep=True)
        self.spacing(self.grid, 20)
        self.spacing(self.root, 22)
