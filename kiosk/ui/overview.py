"""The overview: every slide as a thumbnail; a visitor taps one to jump to it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import QAbstractButton, QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk import linebreak
from kiosk.i18n import _, ngettext
from kiosk.ui import fonts, motion, theme
from kiosk.ui.loopview import LoopModel
from kiosk.ui.stage import Stage
from kiosk.ui.transition import render_thumbnail
from kiosk.ui.widgets import TextLabel

log = logging.getLogger(__name__)

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
            lambda lang: _("All slides"),
            "title",
            QFont.Weight.Bold,
            parent=self,
            part="overview-title",
        )
        self.count = TextLabel(
            lambda lang: ngettext("{count} slide", "{count} slides", len(titles)).format(
                count=len(titles)
            ),
            "body",
            color=theme.MUTED,
            parent=self,
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


class OverviewMode(QObject):
    """The overview's place in the window: shown while the loop's mode is "overview",
    refreshed for the language and size, a thumbnail tap jumps to its slide."""

    def __init__(self, window: QWidget, stage: Stage, model: LoopModel) -> None:
        super().__init__(window)
        self.window, self.stage, self.model = window, stage, model
        self.widget: Overview | None = None
        self.thumbnails: dict[tuple[int, str, int, int], QPixmap] = {}
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        model.mode_changed.connect(self._mode)
        model.language_changed.connect(lambda _lang: self.thumbnails.clear())

    def make(self, titles: list[dict[str, str]]) -> None:
        if self.widget is not None:
            self.widget.deleteLater()
        self.widget = Overview(titles, self.window)
        self.thumbnails = {}
        self.widget.chosen.connect(self._chosen)
        self.widget.hide()

    def isVisible(self) -> bool:  # noqa: N802
        return self.widget is not None and self.widget.isVisible()

    def _mode(self, mode: str, previous: str) -> None:
        if self.widget is None:
            return
        widget = self.widget
        if mode == "overview":
            self.refresh()

            def open_it() -> None:
                widget.show()
                widget.raise_()

            motion.change(self.window, open_it, motion.UP)  # in motion from what was shown
        elif previous == "overview" and widget.isVisible():
            motion.change(self.window, widget.hide, motion.DOWN)  # closed without a move

    def refresh(self, scale: theme.Scale | None = None) -> None:
        if self.widget is None:
            return
        self.scale = scale or self.scale
        self.widget.setGeometry(
            QRect(self.stage.mapTo(self.window, QPoint(0, 0)), self.stage.size())
        )
        page, current = self.model.page, self.model.loop.index
        if page is None or page.kind != "slide":
            current = -1  # a chart is on screen: no thumbnail claims to be it
        self.widget.refresh(self.model.loop.lang, self.scale, current, self.picture)

    def picture(self, index: int) -> QPixmap:
        view, lang = self.stage.views[index], self.model.loop.lang
        key = (index, lang, self.stage.width(), self.stage.height())
        if key in self.thumbnails:
            return self.thumbnails[key]
        try:
            view.prepare(self.stage.rect(), lang)
            picture = render_thumbnail(view, self.scale.px(360))
            if view.settled():  # else drawn again once its picture or poster is in
                self.thumbnails[key] = picture
            return picture
        except Exception:  # a blank thumbnail, not a dead overview
            log.exception("no thumbnail for slide %d", index + 1)
            return QPixmap()

    def take_screen(self) -> QPixmap | None:
        """A page change leaves the overview: what it showed (the change starts from it),
        and it goes at once; None if it was not shown."""
        widget = self.widget
        if widget is None or not widget.isVisible():
            return None
        where = QRect(widget.mapTo(self.window, QPoint(0, 0)), widget.size())
        picture = self.window.grab(where)
        widget.hide()
        return picture

    def _chosen(self, index: int) -> None:
        self.model.go_to(index)
