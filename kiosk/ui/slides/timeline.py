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

    def __init__(
        self, first: bool, last: bool, planned: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.first, self.last, self.vertical = first, last, False
        self.planned = planned
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
        # the deck's colour meanings (kiosk.ui.theme): amber is still to come
        p.setBrush(theme.PLANNED if self.planned else theme.ACHIEVED)
        p.drawEllipse(c, r, r)


STAGGER_FROM = 5  # more milestones than this take turns above and below the line


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
                partial(format_month, event.date, short=True),
                "heading",
                QFont.Weight.Bold,
                color=theme.PLANNED if event.planned else theme.ACHIEVED,
                part="date",
            )
            text = self.text(localized(event.text), "body", part="milestone")
            self.events.append((date, Stop(i == 0, i == n - 1, event.planned, self), text))
        share_size([date for date, _stop, _text in self.events])
        self.header(self.intro)
        self.root.addLayout(self.grid)  # hangs from the top line
        self.root.addStretch(1)

    def relayout(self) -> None:
        for date, stop, text in self.events:
            for widget in (date, stop, text):
                self.grid.removeWidget(widget)
        for c in range(self.grid.columnCount()):
            self.grid.setColumnStretch(c, 0)
        if self.scale.portrait:
            self.down()
        elif len(self.events) > STAGGER_FROM:
            self.staggered()
        else:
            self.across()
        self.grid.setHorizontalSpacing(0)
        self.grid.setVerticalSpacing(0)
        self.spacing(self.root, 22)

    def down(self) -> None:
        """Portrait: dates on the left of a line down the page, texts on the right."""
        pad = self.scale.px(14)
        top, right = Qt.AlignmentFlag.AlignTop, Qt.AlignmentFlag.AlignRight
        for i, (date, stop, text) in enumerate(self.events):
            stop.vertical = True
            self.grid.addWidget(date, i, 0, top | right)
            self.grid.addWidget(stop, i, 1)
            self.grid.addWidget(text, i, 2, top)
            stop.setFixedWidth(self.scale.px(44))
            stop.setMinimumHeight(self.scale.px(80))
            stop.setMaximumHeight(16777215)
            date.setContentsMargins(0, 0, pad, pad * 2)
            text.setContentsMargins(pad, 0, 0, pad * 2)
            date.setAlignment(right)
            text.setAlignment(Qt.AlignmentFlag.AlignLeft)
            date.set_one_line(False)
        self.grid.setColumnStretch(2, 1)

    def across(self) -> None:
        """Landscape, a few milestones: one column each, dates above the line."""
        pad = self.scale.px(14)
        for i, (date, stop, text) in enumerate(self.events):
            self.horizontal(stop)
            self.grid.addWidget(date, 0, i, Qt.AlignmentFlag.AlignBottom)
            self.grid.addWidget(stop, 1, i)
            self.grid.addWidget(text, 2, i, Qt.AlignmentFlag.AlignTop)
            date.setContentsMargins(pad, 0, pad, pad // 2)
            text.setContentsMargins(pad, pad // 2, pad, 0)
            date.setAlignment(Qt.AlignmentFlag.AlignLeft)
            text.setAlignment(Qt.AlignmentFlag.AlignLeft)
            date.set_one_line(True)  # "2020年9月" never breaks inside a date
            self.grid.setColumnStretch(i, 1)

    def staggered(self) -> None:
        """Landscape, many milestones: they take turns above and below the line, each
        centred on its stop and two stops wide, so dates keep the type scale's size and
        texts have room for a few words a line. The grid has two half-columns per stop
        and one at each end; a milestone spans four of them."""
        pad = self.scale.px(10)
        centre = Qt.AlignmentFlag.AlignHCenter
        bottom, top = Qt.AlignmentFlag.AlignBottom, Qt.AlignmentFlag.AlignTop
        for i, (date, stop, text) in enumerate(self.events):
            self.horizontal(stop)
            self.grid.addWidget(stop, 2, 2 * i + 1, 1, 2)
            if i % 2 == 0:  # above, mirrored: the date next to the line
                self.grid.addWidget(text, 0, 2 * i, 1, 4, bottom)
                self.grid.addWidget(date, 1, 2 * i, 1, 4, bottom)
                date.setContentsMargins(pad, 0, pad, pad // 2)
                text.setContentsMargins(pad, 0, pad, pad // 2)
            else:
                self.grid.addWidget(date, 3, 2 * i, 1, 4, top)
                self.grid.addWidget(text, 4, 2 * i, 1, 4, top)
                date.setContentsMargins(pad, pad // 2, pad, 0)
                text.setContentsMargins(pad, pad // 2, pad, 0)
            date.setAlignment(centre)
            text.setAlignment(centre)
            date.set_one_line(True)
        for c in range(2 * len(self.events) + 2):
            self.grid.setColumnStretch(c, 1)

    def horizontal(self, stop: Stop) -> None:
        stop.vertical = False
        stop.setFixedHeight(self.scale.px(44))
        stop.setMinimumWidth(0)
        stop.setMaximumWidth(16777215)
