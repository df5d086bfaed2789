"""The attract cue (fault 8 of #14): a small "Touch to explore" prompt in the bottom bar,
over the position dots, cycling through the deck's languages until a visitor touches the
screen.

It goes at the first touch, key or click (the window's `touched` signal) and comes back
when the long idle sends the kiosk home (`invite()`). It is cheap on purpose: a fade of its
own small rectangle every few seconds, never a repaint of the whole window, and it takes no
input (a tap on it is a tap on the dot under it).
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    QTimer,
    QVariantAnimation,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QWidget

from kiosk import i18n
from kiosk.i18n import N_
from kiosk.ui import fonts, theme

PROMPT = N_("Touch to explore")
ROLE = "body"  # the type scale's reading size: legible from 3 m, smaller than the page's titles
HOLD_MS = 3600  # how long one language stays
FADE_MS = 700  # each half of the cross-over between two languages
GAP = 14  # units between the cue and the dots, where it cannot cover them (portrait)


def prompt(lang: str) -> str:
    """The prompt in `lang`, from its gettext catalog (English is the msgid)."""
    return i18n.catalog(lang).gettext(PROMPT)


class AttractCue(QWidget):
    """Built by the window as its child; sits over the position dots (see place())."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.host = window
        self.setObjectName("attract-cue")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.lang, self.opacity = "", 1.0
        self.scale = theme.Scale.for_size(QSize(1920, 1080))
        self.hold = QTimer(self)
        self.hold.setSingleShot(True)
        self.hold.setInterval(HOLD_MS)
        self.hold.timeout.connect(self._fade_out)
        self.fade = QVariantAnimation(self)
        self.fade.setDuration(FADE_MS)
        self.fade.valueChanged.connect(self._set_opacity)
        self.fade.finished.connect(self._faded)
        # The dots' geometry is set by the window's layout: follow it.
        self.anchor: QWidget | None = getattr(window, "position", None)
        for watched in (window, self.anchor):
            if watched is not None:
                watched.installEventFilter(self)
        if (touched := getattr(window, "touched", None)) is not None:
            touched.connect(self.dismiss)
        self.wanted = bool(getattr(window, "live", True))  # never in renders or handouts
        self.setVisible(self.wanted)
        QTimer.singleShot(0, self, self._start)  # once the window has its content

    # --- state ----------------------------------------------------------------------------
    def shown(self) -> bool:
        """On screen with its text (from the first turn of the event loop on)."""
        return self.wanted and self.isVisible() and bool(self.lang)

    def dismiss(self) -> None:
        """A visitor touched the screen: the cue has done its work."""
        if not self.wanted:
            return
        self.wanted = False
        self.hold.stop()
        self.fade.stop()
        self.hide()

    def invite(self) -> None:
        """The kiosk went home after the long idle: ask the next visitor, in the home language."""
        if self.wanted or not getattr(self.host, "live", True):
            return
        self.wanted = True
        self._start()

    def languages(self) -> list[str]:
        content = getattr(self.host, "content", None)
        return list(getattr(content, "language_codes", None) or [i18n.SOURCE_LANGUAGE])

    def _start(self) -> None:
        if not self.wanted:
            return
        codes = self.languages()
        current = getattr(self.host, "lang", "")
        self._show_language(current if current in codes else codes[0])
        self._set_opacity(1.0)
        self.show()
        self.hold.start()

    # --- cycling ---------------------------------------------------------------------------
    def _fade_out(self) -> None:
        if len(self.languages()) < 2:  # one language: nothing to change to
            return
        self.fade.setStartValue(1.0)
        self.fade.setEndValue(0.0)
        self.fade.start()

    def _faded(self) -> None:
        if self.opacity > 0.5:  # faded in: hold this language
            self.hold.start()
            return
        codes = self.languages()
        after = (codes.index(self.lang) + 1) % len(codes) if self.lang in codes else 0
        self._show_language(codes[after])
        self.fade.setStartValue(0.0)
        self.fade.setEndValue(1.0)
        self.fade.start()

    def _set_opacity(self, value: object) -> None:
        self.opacity = float(value)  # type: ignore[arg-type]
        self.update()  # this widget's few pixels only

    def _show_language(self, lang: str) -> None:
        self.lang = lang
        self.setAccessibleName(prompt(lang))
        self.place()
        self.update()

    # --- geometry and paint ----------------------------------------------------------------
    def font_for(self, lang: str) -> QFont:
        return fonts.font(lang, self.scale.text(ROLE), QFont.Weight.Medium)

    def glyph_side(self) -> int:
        return round(self.scale.text(ROLE) * 1.25)

    def place(self) -> None:
        """Over the position dots, so that it covers no page (the dots show through as it
        fades, and come back at the first touch); just above them where the bar is too
        narrow for it (a portrait screen). Sized for the language shown (it changes while
        faded out): only that language's catalog and face are read, none at start-up."""
        window = self.host
        self.scale = theme.Scale.for_size(window.size())
        s = self.scale
        pad, glyph = s.px(22), self.glyph_side()
        lang = self.lang or i18n.SOURCE_LANGUAGE
        metrics = QFontMetrics(self.font_for(lang))
        text_w = metrics.horizontalAdvance(prompt(lang))
        width = min(window.width(), pad * 2 + glyph + s.px(14) + text_w)
        height = max(glyph, metrics.height()) + s.px(8)
        anchor = self.anchor
        if anchor is not None and anchor.isVisible():
            dots = QRect(anchor.mapTo(window, QPoint(0, 0)), anchor.size())
        else:
            dots = QRect(0, window.height() - s.px(94), window.width(), s.px(64))
        if width <= dots.width():
            rect = QRect(0, 0, width, max(height, dots.height()))
            rect.moveCenter(dots.center())
        else:
            top = dots.top() - s.px(GAP) - height
            rect = QRect(dots.center().x() - width // 2, top, width, height)
        if rect != self.geometry():
            self.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self.place()
        return False

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if not self.lang:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setOpacity(self.opacity)
        s, rect = self.scale, QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fill = QColor(theme.SURFACE)  # opaque: the dots under it do not show through
        p.setPen(QPen(theme.SURFACE_LINE, max(1.0, s.px(2))))
        p.setBrush(fill)
        p.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        text, font = prompt(self.lang), self.font_for(self.lang)
        glyph, gap = self.glyph_side(), s.px(14)
        width = glyph + gap + QFontMetrics(font).horizontalAdvance(text)
        left = rect.center().x() - width / 2
        draw_tap(p, QRectF(left, rect.center().y() - glyph / 2, glyph, glyph))
        p.setPen(theme.TEXT)
        p.setFont(font)
        text_rect = QRectF(left + glyph + gap, rect.top(), width - glyph - gap + 2, rect.height())
        p.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)


def draw_tap(p: QPainter, box: QRectF) -> None:
    """A raised index finger with two ripples over its tip: our own tap glyph."""
    g, x, y = box.width(), box.x(), box.y()
    tip = QPointF(x + g * 0.40, y + g * 0.30)
    ripple = QPen(theme.TEAL, max(1.5, g * 0.07))
    ripple.setCapStyle(Qt.PenCapStyle.RoundCap)
    p.setBrush(Qt.BrushStyle.NoBrush)
    for radius in (g * 0.17, g * 0.29):
        p.setPen(ripple)
        p.drawArc(
            QRectF(tip.x() - radius, tip.y() - radius, radius * 2, radius * 2), 30 * 16, 120 * 16
        )
    hand = QPainterPath()
    hand.addRoundedRect(QRectF(x + g * 0.32, y + g * 0.30, g * 0.16, g * 0.42), g * 0.08, g * 0.08)
    palm = QPainterPath()
    palm.addRoundedRect(QRectF(x + g * 0.32, y + g * 0.56, g * 0.42, g * 0.40), g * 0.13, g * 0.13)
    outline = QPen(theme.TEXT, max(1.5, g * 0.07))
    outline.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(outline)
    p.drawPath(hand.united(palm))
