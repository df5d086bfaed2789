"""Points with markers, and an optional icon beside them."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.content.model import BulletsSlide
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import localized


class Marker(QWidget):
    """A square bullet, centred on the first line of its point."""

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(theme.TEAL)
        side = self.width()
        top = (self.height() - side) / 2
        p.drawRoundedRect(QRectF(0, top, side, side), side / 4, side / 4)


class BulletsView(SlideView):
    kind = "bullets"
    slide: BulletsSlide

    def build(self) -> None:
        s = self.slide
        self.intro = self.text(localized(s.intro), "body", color=theme.MUTED, part="intro")
        self.points = QGridLayout()
        self.markers: list[Marker] = []
        for i, point in enumerate(s.points):
            marker = Marker()
            self.markers.append(marker)
            self.points.addWidget(marker, i, 0, Qt.AlignmentFlag.AlignTop)
            self.points.addWidget(
                self.text(localized(point), "lead", QFont.Weight.Normal, part="point"), i, 1
            )
        self.points.setColumnStretch(1, 1)
        self.row = QHBoxLayout()
        self.row.addLayout(self.points, 1)
        self.side_icon = self.icon(s.icon, 220) if s.icon else None
        if self.side_icon:
            self.row.addWidget(self.side_icon, 0, Qt.AlignmentFlag.AlignCenter)
        self.header(self.intro)
        self.root.addLayout(self.row)  # hangs from the top line
        self.root.addStretch(1)

    def apply(self, factor: float) -> None:
        super().apply(factor)
        line = self.labels[-1].fontMetrics().height()
        for marker in self.markers:
            marker.setFixedSize(self.scale.px(16 * factor), max(line, 1))
        self.root.activate()

    def relayout(self) -> None:
        self.points.setHorizontalSpacing(self.scale.px(28))
        self.points.setVerticalSpacing(self.scale.px(30))
        self.points.setContentsMargins(0, self.scale.px(12), 0, 0)
        if self.side_icon:
            self.side_icon.setVisible(not self.scale.portrait)
        self.spacing(self.row, 60)
        self.spacing(self.root, 22)
