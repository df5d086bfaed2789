"""Milestones on a line: across the screen in landscape, down it in portrait."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from kiosk.content.model import TimelineSlide
from kiosk.formatting import format_month
from kiosk.ui import theme
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import localized, share_size


class Stop(QWidget):
    """One stop of the line; neighbouring stops draw one continuous track."""

    def __init__(self, first: bool, last: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first, self.last, self.vertical = first, last, False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        r = min(w, h) * 0.32 if self.vertical else h * 0.32
        c = QPointF(w / 2, r * 1.6) if self.vertical else QPointF(w / 2, h / 2)
        p.setPen(QPen(theme.SURFACE_LINE, max(2.0, r / 3)))
        if self.vertical:
            p.drawLine(
                QPointF(c.x(), 0 if not self.first else c.y()),
                QPointF(c.x(), h if not self.last else c.y()),
            )
        else:
            p.drawLine(
                QPointF(0 if not self.first else c.x(), c.y()),
                QPointF(w if not self.last else c.x(), c.y()),
            )
        p.setPen(QPen(theme.BACKGROUND, max(2.0, r / 3)))
        p.setBrush(theme.ACCENT if self.last else theme.TEAL)
        p.drawEllipse(c, r, r)


class TimelineView(SlideView):
    kind = "timeline"
    slide: TimelineSlide

    def build(self) -> None:
        s = self.slide
        self.intro = self.text(localized(s.intro), "body", color=theme.MUTED, part="intro")
        self.grid = QGridLayout()
        self.events = []
        n = len(s.events)
        for i, event in enumerate(s.events):
            date = self.text(
                partial(format_month, event.date),
                "heading",
                QFont.Weight.Bold,
                color=theme.TEAL,
                part="date",
            )
            text = self.text(localized(event.text), "small", part="milestone")
            self.events.append((date, Stop(i == 0, i == n - 1), text))
        share_size([date for date, _stop, _text in self.events])
        self.root.addWidget(self.title)
        self.root.addWidget(self.intro)
        self.root.addStretch(1)
        self.root.addLayout(self.grid)
        self.root.addStretch(2)

    def relayout(self) -> None:
        portrait = self.scale.portrait
        pad = self.scale.px(14)
        for i, (date, stop, text) in enumerate(self.events):
            stop.vertical = portrait
            align_top = Qt.AlignmentFlag.AlignTop
            if portrait:
                self.grid.addWidget(date, i, 0, align_top | Qt.AlignmentFlag.AlignRight)
                self.grid.addWidget(stop, i, 1)
                self.grid.addWidget(text, i, 2, align_top)
                stop.setFixedWidth(self.scale.px(44))
                stop.setMinimumHeight(self.scale.px(80))
                stop.setMaximumHeight(16777215)
                date.setContentsMargins(0, 0, pad, pad * 2)
                text.setContentsMargins(pad, 0, 0, pad * 2)
            else:
                self.grid.addWidget(date, 0, i, Qt.AlignmentFlag.AlignBottom)
                self.grid.addWidget(stop, 1, i)
                self.grid.addWidget(text, 2, i, align_top)
                stop.setFixedHeight(self.scale.px(44))
                stop.setMinimumWidth(0)
                stop.setMaximumWidth(16777215)
                date.setContentsMargins(pad, 0, pad, pad // 2)
                text.setContentsMargins(pad, pad // 2, pad, 0)
            date.setAlignment(
                Qt.AlignmentFlag.AlignRight if portrait else Qt.AlignmentFlag.AlignLeft
            )
            date.set_one_line(not portrait)  # "2020年9月" never breaks inside a date
        columns = 3 if portrait else len(self.events)
        for c in range(max(columns, len(self.events))):
            self.grid.setColumnStretch(
                c, (1 if not portrait else (0 if c < 2 else 1)) if c < columns else 0
            )
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        self.spacing(self.root, 22)
