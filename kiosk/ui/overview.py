"""The overview: every slide as a thumbnail; a visitor taps one to jump to it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk import linebreak
from kiosk.i18n import _, ngettext
from kiosk.ui import fonts, theme
from kiosk.ui.widgets import TextLabel

Snapshot = Callable[[int], QPixmap]  # slide index -> its cached full-size picture


class Thumbnail(QAbstractButton):
    """A slide in miniature with its number and title underneath."""

    def __init__(self, index: int, title: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index, self.title = index, title
        self.picture = QPixmap()
        self.current = False
        self.lang = "en"
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName(f"thumbnail-{index}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.scale.px(320), self.scale.px(240))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        s = self.scale
        font = fonts.font(self.lang, s.text("small", 0.9), QFont.Weight.Bold)
        # no-break spaces: the number never stands alone on the first line
        text = f"{self.index + 1:02d}\u00a0\u00a0{self.title.get(self.lang, '')}"
        text_height = QFontMetrics(font).lineSpacing() * 2 + s.px(10)
        frame = QRectF(self.rect()).adjusted(3, 3, -3, -text_height)
        pic = self.picture
        aspect = pic.height() / max(1, pic.width()) if not pic.isNull() else 0.5
        height = min(frame.height(), frame.width() * aspect)
        image = QRectF(frame.left(), frame.top(), height / aspect, height)
        image.moveLeft(frame.left() + (frame.width() - image.width()) / 2)
        if not pic.isNull():
            p.drawPixmap(image, pic, QRectF(pic.rect()))
        p.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(
            theme.TEAL if self.current else theme.SURFACE_LINE, s.px(4 if self.current else 2)
        )
        p.setPen(pen)
        p.drawRoundedRect(image, s.px(10), s.px(10))
        label = QRectF(frame.left(), image.bottom() + s.px(10), frame.width(), text_height)
        # Two lines at most, broken as every text is (kiosk.linebreak): a smaller face
        # first, then one line with an ellipsis, never a cut-off line.
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
        for factor in (0.9, 0.8, 0.7):
            font.setPixelSize(s.text("small", factor))
            metrics = QFontMetricsF(font)
            paragraphs = linebreak.break_text(
                text, self.lang, label.width(), metrics.horizontalAdvance
            )
            lines = [line.rstrip() for lines in paragraphs for line in lines]
            if len(lines) <= 2:
                text = "\n".join(lines)
                break
        else:  # one line with an ellipsis rather than a line cut in half
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, label.width())
        p.setFont(font)
        p.setPen(theme.TEAL if self.current else theme.TEXT)
        p.drawText(label, int(flags), text)


class Overview(QWidget):
    chosen = Signal(int)

    def __init__(self, titles: list[dict[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(False)
        self.heading = TextLabel(
            lambda lang: _("All slides"), "title", QFont.Weight.Bold, part="overview-title"
        )
        self.count = TextLabel(
            lambda lang: ngettext("{count} slide", "{count} slides", len(titles)).format(
                count=len(titles)
            ),
            "body",
            color=theme.MUTED,
            part="overview-count",
        )
        self.grid = QGridLayout()
        # Children from the start: the grid adopts them only on the first refresh(), and a
        # reload before that would leave them as hidden top-level widgets, never deleted.
        self.thumbs = [Thumbnail(i, title, self) for i, title in enumerate(titles)]
        for thumb in self.thumbs:
            thumb.clicked.connect(lambda _checked=False, i=thumb.index: self.chosen.emit(i))
        self.root = root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.heading)
        root.addWidget(self.count)
        root.addLayout(self.grid, 1)
        self.lang = ""

    def refresh(self, lang: str, scale: theme.Scale, current: int, snapshot: Snapshot) -> None:
        """Show the overview for this language and size, marking the current slide."""
        self.lang = lang
        for label in (self.heading, self.count):
            label.show_language(lang)
            label.restyle(lang, scale, 1.0)
        columns = 3 if scale.portrait else 5
        for thumb in self.thumbs:
            self.grid.addWidget(thumb, thumb.index // columns, thumb.index % columns)
            thumb.lang, thumb.scale, thumb.current = lang, scale, thumb.index == current
            thumb.picture = snapshot(thumb.index)
            thumb.setMinimumSize(scale.px(120), scale.px(120))
            thumb.updateGeometry()
            thumb.update()
        rows = (len(self.thumbs) + columns - 1) // columns
        for r in range(rows):
            self.grid.setRowStretch(r, 1)
        self.grid.setSpacing(scale.px(24))
        self.root.setSpacing(scale.px(18))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        # The window's own background, so the overview sits in the same space as the slides.
        p = QPainter(self)
        background = getattr(self.window(), "background", None)
        if isinstance(background, QPixmap) and not background.isNull():
            offset = self.mapTo(self.window(), QPoint(0, 0))
            ratio = background.devicePixelRatio()
            source = QRectF(
                offset.x() * ratio, offset.y() * ratio, self.width() * ratio, self.height() * ratio
            )
            p.drawPixmap(QRectF(self.rect()), background, source)
        else:
            p.fillRect(self.rect(), theme.BACKGROUND)
