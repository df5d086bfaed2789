"""Small building blocks shared by the slide views: text, panels, icons."""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from kiosk import linebreak
from kiosk.content.assets import AssetError, load_asset
from kiosk.ui import fonts, theme

Source = Callable[[str], str]  # language code -> the string to show
HEADINGS = ("display", "title", "heading")  # type-scale roles whose lines are balanced
log = logging.getLogger(__name__)


# The advances of texts measured by the labels' line breaking, by font: the layout asks a
# label's height at many widths, and each breaking measures the same candidate lines again
# (~1,500 measures before the first frame). Bounded: emptied when full.
_ADVANCES: dict[tuple[str, str], float] = {}
ADVANCES_KEPT = 2048


def localized(text: dict[str, str] | None) -> Source:
    return lambda lang: (text or {}).get(lang, "")


def advances(font_key: str, metrics: QFontMetricsF) -> Callable[[str], float]:
    """metrics.horizontalAdvance, remembered in _ADVANCES (`font_key`: the font's key())."""
    advance = metrics.horizontalAdvance

    def measure(text: str) -> float:
        width = _ADVANCES.get((font_key, text))
        if width is None:
            if len(_ADVANCES) >= ADVANCES_KEPT:
                _ADVANCES.clear()
            width = _ADVANCES[font_key, text] = advance(text)
        return width

    return measure


class TextLabel(QLabel):
    """Plain text (never HTML), styled by a role of the type scale.

    Word-wrapped by default; a `one_line` label (a big figure) never wraps and instead
    shrinks its own font to the width it gets.
    """

    def __init__(
        self,
        source: Source,
        role: str,
        weight: QFont.Weight = QFont.Weight.Normal,
        color: QColor = theme.TEXT,
        parent: QWidget | None = None,
        one_line: bool = False,
        part: str = "",
    ) -> None:
        super().__init__(parent)
        self.source, self.role, self.weight = source, role, weight
        self.part = part or role  # what the text is on its page (layout.json's "role")
        self.lang = ""  # the language shown: it decides where lines may break
        self.peers: list[TextLabel] = [self]  # labels drawn at one size (share_size)
        self._laid_out: dict[tuple[str, str, str, int, bool], tuple[list[list[str]], float]] = {}
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.setPalette(palette)
        self.set_one_line(one_line)

    def set_one_line(self, one_line: bool) -> None:
        self.one_line = one_line
        self.setWordWrap(not one_line)
        horizontal = QSizePolicy.Policy.Ignored if one_line else QSizePolicy.Policy.Preferred
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Minimum)

    def show_language(self, lang: str) -> None:
        self.lang = lang
        text = self.source(lang)
        self.setText(text)
        self.setVisible(bool(text))

    def restyle(self, lang: str, scale: theme.Scale, factor: float = 1.0) -> None:
        self.setFont(fonts.font(lang, scale.text(self.role, factor), self.weight))

    def drawn_pixel_size(self) -> int:
        """The font's pixel size as drawn: a one-line label shrinks to fit its width, and
        labels sharing a size (share_size) all take the smallest of their fitted sizes."""
        peers = [label for label in self.peers if label.text()] or [self]
        return min(label._fitted_pixel_size() for label in peers)

    def _fitted_pixel_size(self) -> int:
        size = self.font().pixelSize()
        if self.one_line and self.text():
            natural = QFontMetricsF(self.font()).horizontalAdvance(self.text())
            width = self.contentsRect().width()
            if natural > width > 0:
                size = max(6, int(size * width / natural))
        return size

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        for label in self.peers:  # this label's fitted size may set theirs
            if label is not self:
                label.update()

    @property
    def balanced(self) -> bool:
        """Headings, and centred text, get lines of even length; running text fills its
        lines (a centred paragraph with a short last line looks like a mistake)."""
        return self.role in HEADINGS or bool(self.alignment() & Qt.AlignmentFlag.AlignHCenter)

    # Wrapped text is broken into lines by kiosk.linebreak (phrases, kinsoku, numbers with
    # their units), never by Qt: the lines drawn are the lines computed, which `kiosk
    # render` reports and kiosk.ui.fit checks.
    def lines(self, width: float | None = None) -> list[list[str]]:
        """The text as drawn at `width` (default: the label's own), paragraph by paragraph
        (a "\\n" of the content's own starts a paragraph); one line if it never wraps."""
        if not self.text():
            return []
        if self.one_line or not self.wordWrap():
            return [[self.text()]]
        if width is None:
            width = self.contentsRect().width()
        return self._layout(float(max(1.0, width)))[0]

    def _layout(self, width: float) -> tuple[list[list[str]], float]:
        font = self.font()
        key = (self.text(), font.key(), self.lang, round(width * 4), self.balanced)
        if key not in self._laid_out:
            if len(self._laid_out) > 64:
                self._laid_out.clear()
            metrics = QFontMetricsF(font)
            paragraphs = linebreak.break_text(
                self.text(), self.lang, width, advances(key[1], metrics), self.balanced
            )
            count = sum(len(lines) for lines in paragraphs)
            height = metrics.height() + (count - 1) * metrics.lineSpacing()
            self._laid_out[key] = (paragraphs, height)
        return self._laid_out[key]

    # A piece wider than the label (a 400-letter word, a long URL) must never widen a
    # layout: the label asks for at most a few words' width, and a piece that does not fit
    # is cut where it must (kiosk.linebreak's last resort).
    def minimumSizeHint(self) -> QSize:  # noqa: N802
        if self.one_line or not self.wordWrap():
            return super().minimumSizeHint()
        # Ordinary words and phrases keep their width, so columns never break
        # "Groundbreaking" inside; only a piece longer than about 24 characters gives way.
        metrics = QFontMetricsF(self.font())
        widest = linebreak.longest_piece(self.text(), self.lang, metrics.horizontalAdvance)
        width = min(int(widest + 0.999), self._narrowest() * 6) + self._margins_width()
        return QSize(width, self.heightForWidth(width))

    def sizeHint(self) -> QSize:  # noqa: N802
        if self.one_line or not self.wordWrap():
            return super().sizeHint()
        metrics = QFontMetricsF(self.font())
        natural = max((metrics.horizontalAdvance(p) for p in self.text().split("\n")), default=0)
        widest = self._narrowest() * 20  # as QLabel: at most about 80 average characters
        width = min(int(natural + 0.999), widest) + self._margins_width()
        return QSize(width, self.heightForWidth(width))

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if self.one_line or not self.wordWrap():
            return super().heightForWidth(width)
        margins = self.contentsMargins()
        if not self.text():
            return margins.top() + margins.bottom()
        _lines, height = self._layout(float(max(1, width - self._margins_width())))
        return int(height + 0.999) + margins.top() + margins.bottom()

    def _margins_width(self) -> int:
        margins = self.contentsMargins()
        return margins.left() + margins.right()

    def _narrowest(self) -> int:
        """A width any text can be wrapped into: a few characters of this font."""
        return max(1, round(QFontMetricsF(self.font()).averageCharWidth() * 4))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self.one_line:
            if not self.wordWrap():
                super().paintEvent(event)
                return
            area = QRectF(self.contentsRect())
            paragraphs, height = self._layout(area.width())
            top = area.top()
            if self.alignment() & Qt.AlignmentFlag.AlignVCenter:
                top += max(0.0, (area.height() - height) / 2)
            elif self.alignment() & Qt.AlignmentFlag.AlignBottom:
                top += max(0.0, area.height() - height)
            p = QPainter(self)
            p.setFont(self.font())
            p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            horizontal = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
            flags = int((horizontal or Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignTop)
            step = QFontMetricsF(self.font()).lineSpacing()
            for n, line in enumerate(line for lines in paragraphs for line in lines):
                row = QRectF(area.left(), top + n * step, area.width(), step)
                p.drawText(row, flags, line.rstrip())
            return
        # Drawn smaller when too wide, in a box of the full size: the layout never depends
        # on how much the text had to shrink.
        font = QFont(self.font())
        box = self.contentsRect()
        font.setPixelSize(self.drawn_pixel_size())
        p = QPainter(self)
        p.setFont(font)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        horizontal = self.alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask
        flags = (horizontal or Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter
        p.drawText(box, int(flags), self.text())


def share_size(labels: list[TextLabel]) -> None:
    """Draw these labels (the figures of one grid, the dates of one timeline) at one pixel
    size: the largest at which all of them fit, so a long one does not stand out smaller."""
    for label in labels:
        label.peers = list(labels)


class Panel(QWidget):
    """A rounded surface behind a group of widgets (a card, a figure tile). Its corners,
    outline and accent edge scale with the screen (set_scale), so a 4K screen shows the
    same shapes as a 1080p one."""

    def __init__(self, parent: QWidget | None = None, accent: bool = False) -> None:
        super().__init__(parent)
        self.accent = accent
        self.set_scale(theme.Scale.for_size(QSize(1920, 1080)))

    def set_scale(self, scale: theme.Scale) -> None:
        self.radius, self.stroke = scale.radius(), scale.stroke()
        self.edge = 6 * scale.unit  # the accent edge's width
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        half = self.stroke / 2
        rect = QRectF(self.rect()).adjusted(half, half, -half, -half)
        p.setPen(QPen(theme.SURFACE_LINE, self.stroke))
        p.setBrush(theme.SURFACE)
        p.drawRoundedRect(rect, self.radius, self.radius)
        if self.accent:  # a teal edge marks the tile as part of a set
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(theme.TEAL)
            edge = QRectF(rect.left(), rect.top(), self.radius * 2, rect.height())
            p.setClipRect(QRectF(rect.left(), rect.top(), self.edge, rect.height()))
            p.drawRoundedRect(edge, self.radius, self.radius)


class Icon(QWidget):
    """An SVG or bitmap from the content folder; a neutral placeholder if it will not load."""

    def __init__(self, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.side = 64
        self._cache: QPixmap | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_side(self, side: int) -> None:
        if side != self.side:
            self.side, self._cache = side, None
            self.setFixedSize(QSize(side, side))
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.side, self.side)

    def pixmap(self) -> QPixmap:
        if self._cache is None or self._cache.width() != round(
            self.side * self.devicePixelRatioF()
        ):
            self._cache = render_image(self.path, self.side, self.devicePixelRatioF())
        return self._cache

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).drawPixmap(0, 0, self.pixmap())


_refused: set[tuple[str, str]] = set()  # (path, reason) already logged


def image_bytes(path: Path | None) -> bytes | None:
    """An image file's bytes, only if they passed kiosk.content.assets' checks (read through
    the guarded reader, then bounded: an SVG <use> bomb swapped in for an icon or the logo
    would hold a paint for minutes). What was checked is what Qt draws: it gets these bytes,
    never the path. A refused image is logged once (per file and reason)."""
    if path is None:
        return None
    try:
        return load_asset(path)
    except AssetError as exc:
        if (str(path), exc.message) not in _refused:
            if len(_refused) > 1000:
                _refused.clear()
            _refused.add((str(path), exc.message))
            missing = exc.message.startswith("is not found")
            log.log(
                logging.INFO if missing else logging.WARNING,
                "image %s not shown: it %s; showing a placeholder",
                path,
                exc.message,
            )
    return None


# Rendered icons by file version and size: a restyle, a language switch that refits a slide
# or a reload asks again for icons already drawn, and each was read, checked and drawn anew.
_rendered: OrderedDict[tuple[str, int, int, int, int, float], QPixmap] = OrderedDict()
RENDERED_BYTES = 2 * 1024 * 1024  # ~128 icons of 64 px; the oldest go first


def render_image(path: Path | None, side: int, ratio: float = 1.0) -> QPixmap:
    """The image at `path` drawn in a square of `side` (device-independent) pixels: from
    the cache while the file is unchanged (same size, mtime and inode), else drawn anew."""
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        st = None  # missing: a placeholder, and image_bytes logs why
    if path is None or st is None:
        return draw_image(path, side, ratio)
    key = (str(path), st.st_mtime_ns, st.st_size, st.st_ino, side, ratio)
    pixmap = _rendered.get(key)
    if pixmap is not None:
        _rendered.move_to_end(key)
        return pixmap
    pixmap = draw_image(path, side, ratio)
    _rendered[key] = pixmap
    while sum(p.width() * p.height() * 4 for p in _rendered.values()) > RENDERED_BYTES:
        _rendered.popitem(last=False)
    return pixmap


def draw_image(path: Path | None, side: int, ratio: float = 1.0) -> QPixmap:
    size = max(1, round(side * ratio))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    drawn = False
    data = image_bytes(path)  # Qt is given bytes, never a path it would open itself
    if path is not None and data is not None and path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(QByteArray(data))
        if renderer.isValid():
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            renderer.render(p, QRectF(0, 0, size, size))
            drawn = True
    elif data is not None:
        image = QPixmap()
        if image.loadFromData(data) and not image.isNull():
            scaled = image.scaled(
                size,
                size,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            p.drawPixmap((size - scaled.width()) // 2, (size - scaled.height()) // 2, scaled)
            drawn = True
    if not drawn:  # a missing or broken image: a quiet ring, not an error
        p.setPen(QPen(theme.SURFACE_LINE, max(2.0, size / 24)))
        p.drawEllipse(QRectF(size * 0.2, size * 0.2, size * 0.6, size * 0.6))
    p.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap
