"""A photo page: a picture across the page under its title and caption ("bleed"), or
framed on the page grid with the texts beside it (landscape) or under it (portrait).

The picture is decoded off the GUI thread (kiosk.ui.pictures); until it is in, the page
shows the window's background and its texts. A picture that cannot be decoded makes the
page broken (kiosk.ui.pages), as any page that fails.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QBoxLayout, QVBoxLayout

from kiosk.content.model import PhotoSlide
from kiosk.content.pictures import picture_shape
from kiosk.ui import theme
from kiosk.ui.pictures import Picture, shade, watch
from kiosk.ui.slides.base import SlideView
from kiosk.ui.widgets import localized

FRAME_SHARE = 0.62  # of the page's width (landscape) the framed picture may take
SCRIM_MIN = 0.42  # of the page's height the dark part of the gradient covers at least
RAMP_SHARE = 0.16  # of the page's height: the gradient's ramp from clear, above the texts
TEXT_ALPHA = 215  # the gradient's opacity where the texts begin


class BleedPicture(Picture):
    """The picture over the whole page, darkened towards the bottom so its white title and
    caption read on any picture: the gradient reaches the page's background colour behind
    the text (body text on it stays above 10:1, as on a card)."""

    text_top = 0.6  # of the height: where the texts begin, set from their place

    @property
    def scrim_top(self) -> float:
        """Where the gradient starts (of the height): its ramp's length above the texts."""
        return max(0.0, self.text_top - RAMP_SHARE)

    @scrim_top.setter
    def scrim_top(self, value: float) -> None:
        self.text_top = value + RAMP_SHARE

    def paint_over(self, p: QPainter, target: QRectF) -> None:
        # here: its first use builds PySide's QGradient enums (~1.5 ms), not at start
        from PySide6.QtGui import QLinearGradient

        # From clear to TEXT_ALPHA over a ramp above the texts, then darker to the bottom:
        # behind the first line, white text has 7:1 on a white picture (tests/test_pictures)
        text = min(self.text_top, 1 - SCRIM_MIN) * target.height()
        ramp = max(1.0, self.height() * RAMP_SHARE)
        top = max(0.0, text - ramp)
        gradient = QLinearGradient(QPointF(0, top), QPointF(0, target.bottom()))
        at_text = (text - top) / max(1.0, target.bottom() - top)
        gradient.setColorAt(0, shade(theme.BACKGROUND, 0))
        gradient.setColorAt(at_text, shade(theme.BACKGROUND, TEXT_ALPHA))
        gradient.setColorAt(1, shade(theme.BACKGROUND, 245))
        p.fillRect(QRectF(target.left(), top, target.width(), target.bottom() - top), gradient)


class FramedPicture(Picture):
    """The picture whole, inside a thin outline of the cards' colour."""

    def paint_over(self, p: QPainter, target: QRectF) -> None:
        stroke = max(1.0, self.height() / 400)
        p.setClipping(False)
        p.setPen(theme.SURFACE_LINE)
        pen = p.pen()
        pen.setWidthF(stroke)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        half = stroke / 2
        p.drawRoundedRect(target.adjusted(half, half, -half, -half), self.radius, self.radius)


class PhotoView(SlideView):
    kind = "photo"
    slide: PhotoSlide

    def build(self) -> None:
        s = self.slide
        self.bleed = s.fit == "bleed"
        cls = BleedPicture if self.bleed else FramedPicture
        self.picture = cls(self.folder / s.picture, "cover" if self.bleed else "contain",
                           (s.focus_x, s.focus_y), parent=self)  # fmt: skip
        self.alt = localized(s.alt)  # the picture's accessible name
        watch(self, self.picture)
        self.caption = self.text(localized(s.caption), "body", part="caption")
        self.credit = self.text(localized(s.credit), "small", color=theme.MUTED, part="credit")
        if self.bleed:
            self.build_bleed()
        else:
            self.build_frame()

    def build_bleed(self) -> None:
        self.picture.lower()  # under the texts, not in a layout: it covers the page
        self.block = QVBoxLayout()
        for label in (self.title, self.caption, self.credit):
            self.block.addWidget(label)
        self.root.addStretch(1)
        self.root.addLayout(self.block)

    def build_frame(self) -> None:
        self.shape = picture_shape(self.folder / self.slide.picture)  # height / width
        # an intro's room, kept empty: the picture starts at the page grid's top line
        self.header(self.text(localized(None), "body", part="intro"))
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.row.addWidget(self.picture, 3)
        self.side = QVBoxLayout()
        self.side.addWidget(self.caption)
        self.side.addWidget(self.credit)
        self.side.addStretch(1)
        self.row.addLayout(self.side, 2)
        self.root.addLayout(self.row, 1)

    def set_language(self, lang: str) -> None:
        super().set_language(lang)
        self.picture.setAccessibleName(self.alt(lang))

    def relayout(self) -> None:
        radius = self.scale.radius()
        self.picture.radius = radius
        if self.bleed:
            m = self.scale.px(56)
            self.block.setContentsMargins(m, m, m, m)
            self.spacing(self.block, 18)
            return
        portrait = self.scale.portrait
        self.row.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # landscape: the picture takes most of the width, the texts the rest; portrait:
        # the picture on top, as wide as the page, the texts under it
        big = 16_777_215  # QWIDGETSIZE_MAX: no limit
        if portrait:  # as tall as the picture is at the page's width: the texts just under it
            height = round(self.width() * (self.shape or 10 / 16))
            self.picture.setFixedHeight(max(1, min(height, round(self.height() * 0.55))))
        else:
            self.picture.setMinimumHeight(0)
            self.picture.setMaximumHeight(big)
        self.row.setStretch(0, 0 if portrait else 3)
        self.row.setStretch(1, 1 if portrait else 2)
        self.spacing(self.row, 48)
        self.spacing(self.side, 18)
        self.spacing(self.root, 22)

    def fit(self) -> None:
        super().fit()
        if self.bleed:
            self.picture.setGeometry(self.rect())
            block = self.block.geometry()
            if isinstance(self.picture, BleedPicture) and block.isValid() and self.height():
                first = self.title if self.title.isVisibleTo(self) else self.caption
                top = min(block.top() + self.block.contentsMargins().top(), first.y())
                self.picture.text_top = max(0.0, top / self.height())
        self.picture.ask()

    def settled(self) -> bool:
        picture = getattr(self, "picture", None)  # none before the page is built
        return picture is None or picture.ready
