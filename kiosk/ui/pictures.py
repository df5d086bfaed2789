"""Pictures on pages (photo pages, card pictures): decoded off the GUI thread, once per size.

A picture is read through kiosk.content.pictures (the guarded reader, the same checks as
`validate`), decoded by QImageReader straight at the size it is drawn (a 4K JPEG scaled
while it is decoded costs a fraction of a full decode and a scale) on Qt's thread pool,
and kept in memory keyed by the file's path, mtime, size and inode and by the size drawn.
A page whose picture is not ready yet shows the window's background where the picture
goes, never waits; the warmer (kiosk.ui.warm) lays out the next page while this one is
shown, which asks for its picture then, so it is ready when the page comes.

Only the pages near the one shown keep their pixels in memory (`release`, `wake`: #13's
memory budget); each decode is also kept as raw pixels in the user's cache, so a page that
comes near again reads them back (a few ms, on the pool's thread) instead of decoding.

Imported only by pages that have a picture: a deck without one never loads it.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import struct
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEventLoop,
    QObject,
    QRect,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QWidget

from kiosk.content.assets import AssetError
from kiosk.content.pictures import load_picture
from kiosk.resources import user_cache

log = logging.getLogger(__name__)

CACHE_BYTES = 64 * 1024 * 1024  # two 4K pictures, or eight at 1080p; the oldest go first
Key = tuple[str, int, int, int, int, int, str]  # path, mtime, size, inode, width, height, fit
KEPT = "pictures"  # the user's cache folder for decoded pictures (raw RGB32 rows)
KEEP_KEPT = 64  # files kept there, the oldest go first
HEADER = struct.Struct("<4sII")  # b"KPIC", width, height


class PictureError(Exception):
    """A picture that cannot be shown at run time (it changed since it was validated)."""


class _Relay(QObject):
    """Brings a decode's result from the pool's thread to the GUI thread (queued)."""

    done = Signal(object, object, str)  # key, QImage or None, why it failed


class _Decode(QRunnable):
    def __init__(self, key: Key, relay: _Relay) -> None:
        super().__init__()
        self.key, self.relay = key, relay

    def run(self) -> None:
        image, why = read_kept(self.key), ""
        if image is not None:
            self.relay.done.emit(self.key, image, why)
            return
        try:
            image = decode(Path(self.key[0]), QSize(self.key[4], self.key[5]), self.key[6])
            keep(self.key, image)
        except PictureError as exc:
            why = str(exc)
        except Exception as exc:  # noqa: BLE001 — whatever it is, the page is skipped
            why = f"could not be decoded ({exc})"
        self.relay.done.emit(self.key, image, why)


def decode(path: Path, box: QSize, fit: str) -> QImage:
    """The picture at `path` scaled while decoded to cover `box` ("cover") or to fit inside
    it ("contain"); raises PictureError. Safe on any thread (no QPixmap)."""
    # here, on the pool's thread: a deck's start need not build these types
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImageReader

    try:
        data = load_picture(path)
    except AssetError as exc:
        raise PictureError(exc.message) from None
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)  # a camera's EXIF orientation
    size = reader.size()
    if not size.isValid() or size.isEmpty():
        raise PictureError(f"could not be decoded ({reader.errorString()})")
    mode = (
        Qt.AspectRatioMode.KeepAspectRatioByExpanding
        if fit == "cover"
        else Qt.AspectRatioMode.KeepAspectRatio
    )
    reader.setScaledSize(size.scaled(box, mode))
    image = reader.read()
    if image.isNull():
        raise PictureError(f"could not be decoded ({reader.errorString()})")
    return image.convertToFormat(QImage.Format.Format_RGB32)


def kept_path(key: Key) -> Path:
    return user_cache(KEPT) / f"{hashlib.sha256(repr(key).encode()).hexdigest()[:32]}.rgb32"


def read_kept(key: Key) -> QImage | None:
    """The pixels of an earlier decode for `key`, or None if absent or not whole."""
    try:
        with open(kept_path(key), "rb") as stream:
            tag, w, h = HEADER.unpack(stream.read(HEADER.size))
            if tag != b"KPIC" or not (0 < w <= 16384 and 0 < h <= 16384):
                return None
            image = QImage(w, h, QImage.Format.Format_RGB32)
            size = image.sizeInBytes()
            if os.fstat(stream.fileno()).st_size != HEADER.size + size:
                return None
            if stream.readinto(image.bits()) != size:  # type: ignore[arg-type]
                return None
    except (OSError, struct.error):
        return None
    return image


def keep(key: Key, image: QImage) -> None:
    """Write a decode's pixels to the user's cache (renamed into place whole); best effort."""
    path = kept_path(key)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{id(image)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as stream:
            stream.write(HEADER.pack(b"KPIC", image.width(), image.height()))
            stream.write(image.constBits())  # type: ignore[arg-type]
        os.replace(temp, path)
        kept = sorted(path.parent.glob("*.rgb32"), key=lambda p: p.stat().st_mtime)
        for old in kept[:-KEEP_KEPT]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        log.info("decoded picture not kept (%s); decoded again when needed", exc)


class Decoder(QObject):
    """The one cache and queue of decodes; `arrived` once a picture (or its failure) is in."""

    arrived = Signal(object)  # the key

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        # The pool first: children are deleted in order, and the pool's deletion waits for
        # a decode still running, which then reports to a relay that still exists.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max(1, min(2, os.cpu_count() or 1)))
        self.relay = _Relay(self)
        self.relay.done.connect(self._done)
        self.images: OrderedDict[Key, QImage] = OrderedDict()
        self.failures: dict[Key, str] = {}
        self.pending: set[Key] = set()
        self.unwanted: set[Key] = set()  # pending, but no page draws that size any more

    def get(self, key: Key) -> QImage | None:
        image = self.images.get(key)
        if image is not None:
            self.images.move_to_end(key)
        return image

    def request(self, key: Key) -> None:
        self.unwanted.discard(key)
        if key in self.images or key in self.pending or key in self.failures:
            return
        self.pending.add(key)
        self.pool.start(_Decode(key, self.relay))

    def forget(self, key: Key) -> None:
        """Not to be kept: a size a picture was asked for at but is no longer drawn at."""
        self.images.pop(key, None)
        if key in self.pending:
            self.unwanted.add(key)

    def _done(self, key: Key, image: QImage | None, why: str) -> None:
        self.pending.discard(key)
        if key in self.unwanted:
            self.unwanted.discard(key)
        elif image is None:
            self.failures[key] = why
        else:
            self.images[key] = image
            while sum(i.sizeInBytes() for i in self.images.values()) > CACHE_BYTES:
                if len(self.images) == 1:
                    break
                self.images.popitem(last=False)
        self.arrived.emit(key)


_decoder: Decoder | None = None


def decoder() -> Decoder:
    global _decoder
    if _decoder is None:
        _decoder = Decoder()
    return _decoder


def settle(timeout_ms: int = 10_000) -> bool:
    """Run the event loop until every picture asked for is decoded (for `kiosk render`,
    whose pages must show their pictures); False if some were still pending at the end."""
    timer = QElapsedTimer()
    timer.start()
    loop = QEventLoop()
    while timer.elapsed() < timeout_ms:
        QCoreApplication.processEvents()
        if not Picture.scheduled and not decoder().pending:
            return True
        QTimer.singleShot(5, loop.quit)
        loop.exec()
    return False


class Picture(QWidget):
    """A picture from the content folder, drawn to cover its rectangle ("cover", cropped
    around `focus`) or whole inside it ("contain"); nothing until it is decoded."""

    scheduled: set[Picture] = set()  # asked for since the last event-loop turn
    changed = Signal()  # the picture arrived: what was drawn of this page is stale
    failed = Signal(str)  # it cannot be shown: why

    def __init__(
        self,
        path: Path,
        fit: str = "cover",
        focus: tuple[float, float] = (0.5, 0.5),
        radius: float = 0.0,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path, self.fit, self.focus, self.radius = path, fit, focus, radius
        self.corners = "all"  # or "top", "left": the corners of a card it is flush with
        self.key: Key | None = None
        self.image: QImage | None = None
        self.error = ""
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        decoder().arrived.connect(self._arrived)

    @property
    def ready(self) -> bool:
        """Drawn as it will stay: the picture is in, or it failed (the page is skipped)."""
        return self.error != "" or (self.image is not None and self._key() == self.key)

    def ask(self) -> None:
        """Ask for the picture at this widget's size (after the event loop's turn, so a
        layout tried at several sizes asks once, for the last)."""
        if not Picture.scheduled:
            QTimer.singleShot(0, Picture._ask_all)
        Picture.scheduled.add(self)

    @staticmethod
    def _ask_all() -> None:
        asked, Picture.scheduled = list(Picture.scheduled), set()
        for picture in asked:
            try:
                picture._ask_now()
            except RuntimeError:  # deleted meanwhile (a reload)
                continue

    def _key(self) -> Key | None:
        ratio = self.devicePixelRatioF()
        w, h = round(self.width() * ratio), round(self.height() * ratio)
        if w < 2 or h < 2:
            return None
        try:
            st = os.stat(self.path)
        except OSError:
            st = None
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino) if st else (0, 0, 0)
        return (str(self.path), *stamp, w, h, self.fit)

    def _ask_now(self) -> None:
        key = self._key()
        if key is None or key == self.key and (self.image is not None or self.error):
            return
        old, self.key = self.key, key
        cache = decoder()
        if old is not None and old != key:  # a size the page was laid out at on its way
            cache.forget(old)  # ~0.3 MB a card picture, kept all day otherwise (#13)
        image = cache.get(key)
        if image is not None:
            self._take(image)
        elif key in cache.failures:
            self._fail(cache.failures[key])
        else:
            cache.request(key)

    def release(self) -> None:
        """Let the pixels go (the page is far from the one shown); `wake` brings them back."""
        if self.image is None:
            return
        if self.key is not None:
            decoder().images.pop(self.key, None)
        self.image, self.key = None, None

    def wake(self) -> None:
        """Ask again for pixels let go (from the user's cache: not decoded again)."""
        if self.image is None and not self.error and self.key is None:
            self.ask()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        self.wake()  # its page is shown (a jump, a render): its pixels, if let go
        super().showEvent(event)

    def _arrived(self, key: Key) -> None:
        if key != self.key:
            return
        cache = decoder()
        image = cache.get(key)
        if image is not None:
            self._take(image)
        else:
            self._fail(cache.failures.get(key, "could not be decoded"))

    def _take(self, image: QImage) -> None:
        self.image, self.error = image, ""
        self.update()
        self.changed.emit()

    def _fail(self, why: str) -> None:
        self.image, self.error = None, why
        self.update()
        self.failed.emit(why)

    def source_rect(self, image: QImage) -> QRect:
        """The part of the decoded image drawn: all of it to contain, the widget's shape
        around the focus to cover."""
        w, h = image.width(), image.height()
        if self.fit != "cover":
            return image.rect()
        ratio = self.devicePixelRatioF()
        tw, th = min(w, round(self.width() * ratio)), min(h, round(self.height() * ratio))
        x = round(min(max(0, self.focus[0] * w - tw / 2), w - tw))
        y = round(min(max(0, self.focus[1] * h - th / 2), h - th))
        return QRect(x, y, tw, th)

    def target_rect(self, image: QImage) -> QRectF:
        if self.fit == "cover":
            return QRectF(self.rect())
        ratio = self.devicePixelRatioF()
        w, h = image.width() / ratio, image.height() / ratio
        return QRectF(0, 0, w, h)  # at the top left, on the page's grid lines

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self.image is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        target = self.target_rect(self.image)
        if self.radius > 0:
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            clip = QPainterPath()
            r = self.radius  # corners not rounded lie outside the widget: clipped anyway
            grow = {"top": (0, 0, 0, r), "left": (0, 0, r, 0)}.get(self.corners, (0, 0, 0, 0))
            rounded = target.adjusted(*grow)
            clip.addRoundedRect(rounded, self.radius, self.radius)
            p.setClipPath(clip)
        p.drawImage(target, self.image, QRectF(self.source_rect(self.image)))
        self.paint_over(p, target)
        p.end()

    def paint_over(self, p: QPainter, target: QRectF) -> None:
        """What a subclass draws on the picture (a legibility gradient)."""


def shade(color: QColor, alpha: int) -> QColor:
    out = QColor(color)
    out.setAlpha(alpha)
    return out


def pictures_of(widget: QWidget) -> list[Picture]:
    return widget.findChildren(Picture)


def release(widget: QWidget) -> None:
    for picture in pictures_of(widget):
        picture.release()


def wake(widget: QWidget) -> None:
    for picture in pictures_of(widget):
        picture.wake()


def all_ready(widget: QWidget) -> bool:
    return all(p.ready for p in pictures_of(widget))


def watch(view: QWidget, picture: Picture) -> None:
    """Tell the window about `view`'s picture: once it is in, what was drawn of the page
    (a change's snapshot) is stale and the warmer takes it again; if it cannot be shown,
    the page is broken (kiosk.ui.pages: skipped, logged, in health.json)."""
    picture.changed.connect(lambda: _arrived_on(view))
    picture.failed.connect(lambda why: _failed_on(view, picture, why))


def _stage_of(view: QWidget) -> tuple[QWidget, object, int] | None:
    window = view.window()
    stage = getattr(window, "stage", None)
    views = getattr(stage, "views", [])
    if stage is None or view not in views:
        return None  # a view of its own (a test, the overview's thumbnails)
    return window, stage, views.index(view)


def _arrived_on(view: QWidget) -> None:
    found = _stage_of(view)
    if found is None:
        return
    window, stage, index = found
    overlay = getattr(stage, "overlay", None)
    cache = getattr(overlay, "cache", {})
    for key in [k for k in cache if k[0] == id(view)]:
        del cache[key]
    # a change into this page under way (it was not warmed: a jump): it ends on the picture
    coming = overlay is not None and overlay.isVisible() and getattr(stage, "target", -1) == index
    ready = getattr(view, "settled", bool)()
    if overlay is not None and coming and ready and not getattr(overlay, "sliding", False):
        overlay.after = overlay.snapshot(view)
        overlay.update()
    warmer = getattr(window, "warmer", None)
    if warmer is not None:
        warmer.schedule()


def _failed_on(view: QWidget, picture: Picture, why: str) -> None:
    found = _stage_of(view)
    if found is None:
        log.warning("picture %s not shown: it %s", picture.path, why)
        return
    window, _stage, index = found
    pages = getattr(window, "pages", None)
    if pages is None:
        return
    try:  # mark_broken logs the exception being handled: this one says why
        raise PictureError(f"picture {picture.path} {why}")
    except PictureError:
        pages.mark_broken(index, "decoding its picture")
