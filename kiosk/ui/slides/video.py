"""A video page: a muted clip across the page under its title and caption.

Before the clip plays (a change's snapshot, the overview, `kiosk render`, the handouts) the
page shows its poster: the content's `poster` picture or else the clip's first frame. The
clip plays while the page is on screen in the live kiosk (never in a render), from the
start each time; a clip played once ends its page when it ends, unless the content gives
the page a `duration`. A clip that fails makes the page broken (kiosk.ui.pages: skipped,
logged, in health.json).

QtMultimedia (kiosk.ui.video) is imported when the first video page is laid out, not
before: this module itself imports none of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QHideEvent,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.content.model import VideoSlide
from kiosk.ui import theme
from kiosk.ui.pictures import shade, watch
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.photo import SCRIM_MIN, BleedPicture
from kiosk.ui.widgets import localized

if TYPE_CHECKING:
    from kiosk.ui.video import Key, Player

log = logging.getLogger(__name__)


class Screen(QWidget):
    """The clip's frame (or its first frame as the poster) covering the page, darkened
    towards the bottom like a photo page's, so the white title and caption read."""

    painted = Signal()  # a frame of the playing clip was drawn (kiosk bench, tests)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.live_frame = False  # the image is a frame of the clip playing, not the poster
        self.scrim_top = 0.5
        self.radius = 0.0  # the corners of a photo page's picture and of the cards
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_image(self, image: QImage | None, live: bool) -> None:
        self.image, self.live_frame = image, live
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        image = self.image
        if image is None or image.isNull():
            return
        p = QPainter(self)
        if self.live_frame and image.deviceIndependentSize() == self.size().toSizeF():
            p.drawImage(QPointF(0, 0), image)  # composed off the GUI thread (composer)
        else:  # the poster, or a frame composed for the size before a resize
            compose(p, image, QRectF(self.rect()), self.scrim_top, self.radius)
        p.end()
        if self.live_frame:
            self.painted.emit()

    def composer(self) -> Callable[[QImage], QImage]:
        """What the player's converter does to each frame, on its own thread: the page's
        picture whole (cropped to cover it, the gradient, the rounded corners), so that
        the GUI thread only copies it (drawing it there cost ~15 ms a 1080p frame)."""
        ratio = self.devicePixelRatioF()
        size = QSize(round(self.width() * ratio), round(self.height() * ratio))
        scrim, radius = self.scrim_top, self.radius

        def composed(frame: QImage) -> QImage:
            out = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
            out.fill(Qt.GlobalColor.transparent)
            out.setDevicePixelRatio(ratio)
            p = QPainter(out)
            compose(p, frame, QRectF(0, 0, size.width() / ratio, size.height() / ratio),
                    scrim, radius)  # fmt: skip
            p.end()
            return out

        return composed


def compose(p: QPainter, image: QImage, target: QRectF, scrim: float, radius: float) -> None:
    """The picture covering `target`, darkened towards the bottom from `scrim` (a share
    of the height), with rounded corners."""
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if radius > 0:
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        clip = QPainterPath()
        clip.addRoundedRect(target, radius, radius)
        p.setClipPath(clip)
    p.drawImage(target, image, cover(image, target))
    top = min(scrim, 1 - SCRIM_MIN) * target.height()
    gradient = QLinearGradient(QPointF(0, top), QPointF(0, target.bottom()))
    gradient.setColorAt(0, shade(theme.BACKGROUND, 0))
    gradient.setColorAt(0.45, shade(theme.BACKGROUND, 190))
    gradient.setColorAt(1, shade(theme.BACKGROUND, 240))
    p.fillRect(QRectF(0, top, target.width(), target.bottom() - top), gradient)


def cover(image: QImage, target: QRectF) -> QRectF:
    """The centred part of `image` with the shape of `target` (drawn over all of it)."""
    w, h = image.width(), image.height()
    scale = max(target.width() / w, target.height() / h)
    sw, sh = target.width() / scale, target.height() / scale
    return QRectF((w - sw) / 2, (h - sh) / 2, sw, sh)


class VideoView(SlideView):
    kind = "video"
    slide: VideoSlide
    # until build() (a deferred view is built when first prepared: SlideView.ensure_built)
    player: Player | None = None
    poster_key: Key | None = None

    def build(self) -> None:
        s = self.slide
        self.clip = self.folder / s.clip
        self.poster: BleedPicture | None = None
        if s.poster:  # the content's own picture, decoded off the GUI thread
            self.poster = BleedPicture(self.folder / s.poster, "cover", parent=self)
            watch(self, self.poster)
        self.picture_area = Screen(self)
        self.caption = self.text(localized(s.caption), "body", part="caption")
        self.block = QVBoxLayout()
        for label in (self.title, self.caption):
            self.block.addWidget(label)
        self.root.addStretch(1)
        self.root.addLayout(self.block)
        self.picture_area.lower()  # under the texts, not in a layout: they cover the page
        if self.poster is not None:
            self.poster.lower()

    def relayout(self) -> None:
        self.picture_area.radius = self.scale.radius()
        if self.poster is not None:
            self.poster.radius = self.scale.radius()
        m = self.scale.px(56)
        self.block.setContentsMargins(m, m, m, m)
        self.spacing(self.block, 18)

    def fit(self) -> None:
        super().fit()
        if not self.is_built:
            return
        block = self.block.geometry()
        scrim = 0.5
        if block.isValid() and self.height():
            scrim = max(0.0, (block.top() - self.scale.px(120)) / self.height())
        self.picture_area.setGeometry(self.rect())
        if self.player is not None:
            self.player.compose = self.picture_area.composer()
        self.picture_area.scrim_top = scrim
        if self.poster is not None:
            self.poster.setGeometry(self.rect())
            self.poster.scrim_top = scrim
        if self.width() < 50:
            return
        if self.poster is not None:
            self.poster.ask()
        elif self.near():
            self.ask_poster()
        if self.near() and not self.isVisible():
            self.preload()

    def near(self) -> bool:
        """Whether this page is about to be seen: shown or next in the loop, in the
        overview, or drawn by a render. The warmer lays out every page in idle time; a page
        further away asks for nothing, so QtMultimedia waits for the first video page."""
        window = self.window()
        loop, index = getattr(window, "loop", None), self._index()
        if loop is None or index is None or not getattr(window, "live", True):
            return True
        if not loop.count:
            return False
        return loop.mode == "overview" or index in (loop.index, (loop.index + 1) % loop.count)

    # --- the poster ----------------------------------------------------------------------
    def ask_poster(self) -> None:
        from kiosk.ui import video  # the first video page laid out loads QtMultimedia

        key = video.key_of(self.clip)
        if key == self.poster_key:
            return
        self.poster_key = key
        posters = video.posters()
        posters.arrived.connect(self._poster_arrived, Qt.ConnectionType.UniqueConnection)
        if key in posters.images or key in posters.failures:
            self._poster_arrived(key)
        else:
            posters.request(key)

    def _poster_arrived(self, key: object) -> None:
        if key != self.poster_key or self.poster_key is None:
            return
        from kiosk.ui import video

        posters = video.posters()
        if key in posters.failures:
            self.failed(f"clip {self.clip} {posters.failures[key]}", "reading its clip")
            return
        if self.player is None or self.player.frames == 0:
            self.picture_area.show_image(posters.get(self.poster_key), live=False)
        self._drawn_again()

    def settled(self) -> bool:
        if not self.is_built:
            return False
        if self.poster is not None:
            return self.poster.ready
        if self.poster_key is None:
            if self.near():  # laid out while far, and now next: the warmer asks again
                self.ask_poster()
            return False
        from kiosk.ui import video

        posters = video.posters()
        return self.poster_key in posters.images or self.poster_key in posters.failures

    # --- playing -------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self.is_built and getattr(self.window(), "live", False) and self._index() is not None:
            self.play()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802
        super().hideEvent(event)
        if self.is_built:
            self.stop()
            self._page_changed()  # back to the page before: ready to play again

    def play(self) -> None:
        self.load().start()

    def preload(self) -> None:
        """The page is next in the loop: open its clip now, paused on its first frame, so
        that it moves as soon as it is shown (opening a 1080p clip takes 80-250 ms on a
        busy 2-core machine). Let go again if the loop goes elsewhere (`_page_changed`)."""
        window = self.window()
        if self.player is not None or not getattr(window, "live", False):
            return
        self.load().load()
        model = getattr(window, "model", None)
        if model is not None:
            model.page_changed.connect(self._page_changed, Qt.ConnectionType.UniqueConnection)

    def _page_changed(self, _moved: object = None) -> None:
        if not self.is_built or self.isVisible() or self._index() is None:
            return
        if self.near():
            self.preload()
        else:
            self.stop()

    def load(self) -> Player:
        from kiosk.ui import video

        if self.player is None:
            self.player = video.Player(self.clip, self.slide.loop, self)
            self.player.frame.connect(lambda image: self.picture_area.show_image(image, live=True))
            self.player.failed.connect(
                lambda why: self.failed(
                    f"clip {self.clip} cannot be played: {why}", "playing its clip"
                )
            )
            self.player.ended.connect(self._ended)
        self.player.compose = self.picture_area.composer()
        return self.player

    def stop(self) -> None:
        """Off screen: the player and its decoder go; the poster shows again."""
        player, self.player = self.player, None
        if player is None:
            return
        player.stop()
        player.deleteLater()
        from kiosk.ui import video

        key = self.poster_key
        self.picture_area.show_image(video.posters().get(key) if key else None, live=False)

    def _ended(self) -> None:
        """Played once to its end: the page ends with it, unless the content timed it."""
        index = self._index()
        window = self.window()
        if index is None or self.slide.duration is not None or self.slide.loop:
            return
        model, loop = getattr(window, "model", None), getattr(window, "loop", None)
        if model is not None and loop is not None:
            model.emit_all(loop.end_page(index))

    # --- the window's guard ----------------------------------------------------------------
    def _index(self) -> int | None:
        views = getattr(getattr(self.window(), "stage", None), "views", [])
        return views.index(self) if self in views else None

    def _drawn_again(self) -> None:
        """What was drawn of this page (a change's snapshot) is stale: the warmer takes it
        again (as kiosk.ui.pictures does for a picture that arrives)."""
        window = self.window()
        stage = getattr(window, "stage", None)
        cache = getattr(getattr(stage, "overlay", None), "cache", {})
        for key in [k for k in cache if k[0] == id(self)]:
            del cache[key]
        warmer = getattr(window, "warmer", None)
        if warmer is not None and self._index() is not None:
            warmer.schedule()
        overviews = getattr(window, "overviews", None)
        if overviews is not None and overviews.isVisible():
            overviews.refresh()  # its thumbnail waited for the poster

    def failed(self, why: str, doing: str) -> None:
        self.stop()
        index = self._index()
        pages = getattr(self.window(), "pages", None)
        if index is None or pages is None:
            log.warning("video page %s: %s", self.slide.id, why)
            return
        from kiosk.ui.video import ClipError

        try:  # mark_broken logs the exception being handled: this one says why
            raise ClipError(why)
        except ClipError:
            pages.mark_broken(index, doing)
