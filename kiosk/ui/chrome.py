"""The chrome around the slides: the top bar (park, languages), the bottom bar (moves, position)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QSizePolicy, QWidget

from kiosk.ui import fonts, theme

MIN_TOUCH = 64  # units; at least 48 px at 1080p, as touch guidelines ask


class ChromeButton(QAbstractButton):
    """A flat, rounded, touch-sized button: a text or an arrow."""

    def __init__(self, text: str = "", arrow: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)
        self.arrow = arrow  # -1 left, +1 right, 0 none
        self.lang = "en"
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys belong to the window
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def restyle(self, scale: theme.Scale, lang: str) -> None:
        self.scale, self.lang = scale, lang
        self.setFont(fonts.font(lang, scale.text("chrome"), QFont.Weight.Medium))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        side = self.scale.px(MIN_TOUCH)
        if self.arrow:
            return QSize(side, side)
        width = self.fontMetrics().horizontalAdvance(self.text()) + self.scale.px(44)
        return QSize(max(side, width), side)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Touch size: a button whose policy lets it shrink elides its text instead."""
        side = self.scale.px(MIN_TOUCH)
        return QSize(side, side)

    def shown_text(self, width: float) -> str:
        """The text as drawn into `width` pixels: elided with "…" when it does not fit."""
        inner = max(0, int(width) - self.scale.px(24))
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, inner)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        radius = rect.height() / 2
        if self.isChecked():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.TEAL)
        else:
            p.setPen(QPen(theme.SURFACE_LINE, 2))
            p.setBrush(theme.SURFACE if self.isDown() else theme.BACKGROUND_2)
        p.drawRoundedRect(rect, radius, radius)
        color = theme.BACKGROUND if self.isChecked() else theme.TEXT
        if self.arrow:
            c, r = rect.center(), rect.height() * 0.16
            path = QPainterPath(QPointF(c.x() - self.arrow * r * 0.5, c.y() - r))
            path.lineTo(QPointF(c.x() + self.arrow * r * 0.7, c.y()))
            path.lineTo(QPointF(c.x() - self.arrow * r * 0.5, c.y() + r))
            pen = QPen(color, max(2.0, r / 3))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
        else:
            p.setPen(color)
            p.setFont(self.font())
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.shown_text(rect.width()))


class LanguageBar(QWidget):
    """One button per offered language, each named in its own script and face."""

    chosen = Signal(str)

    def __init__(self, languages: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[str, ChromeButton] = {}
        self.row = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for code, label in languages:
            button = ChromeButton(label, parent=self)
            button.setCheckable(True)
            button.setObjectName(f"lang-{code}")
            # Long labels shrink (elided) rather than push the bar past the screen's edge.
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            button.setAccessibleName(label)
            button.clicked.connect(lambda _checked=False, c=code: self.chosen.emit(c))
            self.buttons[code] = button
            layout.addWidget(button)

    def restyle(self, scale: theme.Scale) -> None:
        self.row.setSpacing(scale.px(10))
        for code, button in self.buttons.items():
            button.restyle(scale, code)

    def set_current(self, code: str) -> None:
        for c, button in self.buttons.items():
            button.setChecked(c == code)


class Position(QWidget):
    """Where the visitor is (one dot per page of the kind shown) and how long until the
    next page (the current dot fills up). A tap on a dot jumps to its page."""

    chosen = Signal(int)  # the tapped dot's page, among pages of the kind shown

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count, self.index, self.progress = count, 0, 0.0
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def restyle(self, scale: theme.Scale) -> None:
        self.scale = scale
        self.setFixedHeight(scale.px(MIN_TOUCH))
        self.update()

    def set_state(self, index: int, count: int, progress: float) -> None:
        progress = round(min(max(progress, 0.0), 1.0), 3)
        if (index, count, progress) != (self.index, self.count, self.progress):
            self.index, self.count, self.progress = index, count, progress
            self.update()

    def dots(self) -> list[QRectF]:
        """Where each dot is drawn (the current one is a small progress bar)."""
        dot, gap = float(self.scale.px(12)), float(self.scale.px(14))
        wide = float(self.scale.px(56))
        total = (self.count - 1) * (dot + gap) + wide
        if total > self.width() > 0:  # many pages on a narrow screen: tighter dots
            shrink = self.width() / total
            dot, gap, wide = dot * shrink, gap * shrink, wide * shrink
            total = self.width()
        x, y, out = (self.width() - total) / 2, self.height() / 2 - dot / 2, []
        for i in range(self.count):
            out.append(QRectF(x, y, wide if i == self.index else dot, dot))
            x += out[-1].width() + gap
        return out

    def dot_at(self, x: float) -> int | None:
        """The dot nearest to `x`, if within a finger's reach (dots are small)."""
        reach = self.scale.px(MIN_TOUCH) / 2
        near = [(abs(r.center().x() - x) - r.width() / 2, i) for i, r in enumerate(self.dots())]
        best = min(near, default=None)
        return best[1] if best is not None and best[0] <= reach else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        i = self.dot_at(event.position().x())
        if i is not None:
            self.chosen.emit(i)
        event.accept()  # the dots take their tap, hit or not: never a page's half

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(Qt.PenStyle.NoPen)
        for i, rect in enumerate(self.dots()):
            radius = rect.height() / 2
            if i == self.index:
                p.setBrush(theme.SURFACE_LINE)
                p.drawRoundedRect(rect, radius, radius)
                p.setBrush(theme.TEAL)
                bar = QRectF(
                    rect.x(),
                    rect.y(),
                    max(rect.height(), rect.width() * self.progress),
                    rect.height(),
                )
                p.drawRoundedRect(bar, radius, radius)
            else:
                p.setBrush(theme.MUTED if i < self.index else theme.SURFACE_LINE)
                p.drawEllipse(rect)
