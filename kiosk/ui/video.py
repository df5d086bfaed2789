"""Clips on video pages: played by QtMultimedia (Qt's FFmpeg backend, PySide6-Addons).

QMediaPlayer reads and decodes on its own threads; each decoded frame reaches the GUI
thread through a QVideoSink and is converted to a QImage there (a few ms at 1080p) for the
page to paint, so the page stays a plain widget: transitions, grabs and renders see it as
any other. No audio output is ever attached: clips are always muted.

A poster (the picture shown before a clip plays, in renders, the overview and the
handouts) is the clip's first frame, taken by a short-lived player the first time a page
is laid out, or the content's own `poster` picture (kiosk.ui.pictures).

Imported only when a video page is first laid out: a deck without video never loads
QtMultimedia, and a deck with video loads it with its first video page, not at start-up.
"""

from __future__ import annotations

import atexit
import logging
import os
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEventLoop,
    QLoggingCategory,
    QObject,
    QSize,
    Qt,
    QThread,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QImage

# Qt's FFmpeg backend prints a dozen lines of stream information at each clip it opens,
# and, as it loads, that it found no PipeWire (the kiosk plays no sound): not for the
# operators' log. Its warnings and FFmpeg's errors (a damaged clip) stay.
QLoggingCategory.setFilterRules(
    "qt.multimedia.*.info=false\nqt.multimedia.*.debug=false\n"
    "qt.multimedia.symbolsresolver.warning=false"
)
from PySide6.QtMultimedia import QMediaPlayer, QVideoFrame, QVideoSink  # noqa: E402

log = logging.getLogger(__name__)

POSTER_TIMEOUT_MS = 10_000  # a clip that shows no frame by then is broken
POSTER_BOX = QSize(1920, 1080)  # posters are kept at most this large (8 MB each)
KEEP_POSTERS = 12  # a deck's video pages; older ones (replaced content) go first
Key = tuple[str, int, int, int]  # path, mtime, size, inode


class ClipError(Exception):
    """A clip that cannot be played (it changed or broke since it was validated)."""


def key_of(path: Path) -> Key:
    try:
        st = os.stat(path)
    except OSError:
        return (str(path), 0, 0, 0)
    return (str(path), st.st_mtime_ns, st.st_size, st.st_ino)


class Converter(QObject):
    """Turns decoded frames into RGB pictures of the size drawn, on a thread of its own
    (8-60 ms for a 1080p frame on a busy 2-core machine, off the GUI thread). A frame
    that comes while the last one has not been taken is dropped. Not on Qt's video thread
    itself: Python there would need the interpreter lock, which the GUI thread may hold
    while it waits for that thread (stopping a player), a deadlock."""

    converted = Signal(QImage)

    def __init__(self) -> None:
        super().__init__()
        self.compose: Callable[[QImage], QImage] | None = None  # the picture for the page
        self.busy = False  # a picture is on its way to the GUI thread
        self.active = True

    def convert(self, frame: QVideoFrame) -> None:
        if self.busy or not self.active or not frame.isValid():
            return
        image = frame.toImage()
        if image.isNull():
            return
        compose = self.compose
        image = compose(image) if compose is not None else image
        self.busy = True
        self.converted.emit(image)


_thread: QThread | None = None


def converter_thread() -> QThread:
    """The one thread the converters live on; ended with the application (a QThread still
    running when Python exits aborts the process)."""
    global _thread
    if _thread is None:
        _thread = QThread()
        _thread.setObjectName("kiosk-video-frames")
        _thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(end_thread)
        atexit.register(end_thread)
    return _thread


def end_thread() -> None:
    global _thread
    thread, _thread = _thread, None
    if thread is not None:
        thread.quit()
        thread.wait(5000)


class Player(QObject):
    """One clip playing, muted, once or looping; `frame` (on the GUI thread) for each
    decoded frame, converted off the GUI thread (Converter) to cover `size`."""

    frame = Signal(QImage)
    ended = Signal()  # played to its end (not when looping)
    failed = Signal(str)  # why

    def __init__(self, path: Path, loop: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path, self.loop = path, loop
        self.frames = 0
        self.player = QMediaPlayer(self)
        self.sink = QVideoSink(self)
        self.player.setVideoSink(self.sink)  # and no QAudioOutput: muted
        self.player.setLoops(QMediaPlayer.Loops.Infinite if loop else 1)
        self.converter = Converter()
        self.converter.moveToThread(converter_thread())
        self.sink.videoFrameChanged.connect(self.converter.convert)  # queued to its thread
        self.converter.converted.connect(self._deliver)  # queued back to this (GUI) thread
        self.destroyed.connect(self.converter.deleteLater)
        self.player.errorOccurred.connect(self._error)
        self.player.mediaStatusChanged.connect(self._status)
        self._failed = False
        self.active = False  # between start() and stop(): frames still queued are dropped

    @property
    def compose(self) -> Callable[[QImage], QImage] | None:
        return self.converter.compose

    @compose.setter
    def compose(self, compose: Callable[[QImage], QImage] | None) -> None:
        self.converter.compose = compose

    def load(self) -> None:
        """Open the clip and decode its first frame, paused: `start` then plays at once."""
        self.frames, self._failed, self.active = 0, False, True
        self.converter.active = True
        self.player.setSource(QUrl.fromLocalFile(str(self.path)))  # opened on its thread
        self.player.pause()

    def start(self) -> None:
        if not self.active:
            self.load()
        self.player.play()

    def stop(self) -> None:
        self.active = self.converter.active = False
        self.player.stop()
        self.player.setSource(QUrl())  # closes the file and frees the decoder

    def _deliver(self, image: QImage) -> None:
        self.converter.busy = False
        if not self.active or self._failed:
            return
        self.frames += 1
        self.frame.emit(image)

    def _error(self, error: QMediaPlayer.Error, message: str) -> None:
        if error == QMediaPlayer.Error.NoError or self._failed or not self.active:
            return
        self._failed = True
        self.failed.emit(message or error.name)

    def _status(self, status: QMediaPlayer.MediaStatus) -> None:
        if not self.active:
            return
        if status == QMediaPlayer.MediaStatus.InvalidMedia and not self._failed:
            self._failed = True
            self.failed.emit(self.player.errorString() or "not a clip the player can open")
        elif status == QMediaPlayer.MediaStatus.EndOfMedia and not self._failed:
            self.ended.emit()


class Posters(QObject):
    """The first frame of each clip, taken once (by a player of its own) and kept by key."""

    arrived = Signal(object)  # the key

    def __init__(self) -> None:
        super().__init__(QCoreApplication.instance())
        self.images: OrderedDict[Key, QImage] = OrderedDict()
        self.failures: dict[Key, str] = {}
        self.pending: dict[Key, Player] = {}

    def get(self, key: Key) -> QImage | None:
        image = self.images.get(key)
        if image is not None:
            self.images.move_to_end(key)
        return image

    def request(self, key: Key) -> None:
        if key in self.images or key in self.failures or key in self.pending:
            return
        player = Player(Path(key[0]), loop=False, parent=self)
        self.pending[key] = player
        player.frame.connect(lambda image: self._done(key, image, ""))
        player.failed.connect(lambda why: self._done(key, None, why))
        player.ended.connect(lambda: self._done(key, None, "ended without showing a frame"))
        timer = QTimer(player)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._done(key, None, "showed no frame within 10 s"))
        timer.start(POSTER_TIMEOUT_MS)
        player.start()

    def _done(self, key: Key, image: QImage | None, why: str) -> None:
        player = self.pending.pop(key, None)
        if player is None:
            return  # already settled (a frame, then the end)
        player.stop()
        player.deleteLater()
        if image is None:
            self.failures[key] = why
        else:
            if image.width() > POSTER_BOX.width() or image.height() > POSTER_BOX.height():
                keep = Qt.AspectRatioMode.KeepAspectRatio  # a 4K clip's: 33 MB whole
                image = image.scaled(POSTER_BOX, keep, Qt.TransformationMode.SmoothTransformation)
            self.images[key] = image.convertToFormat(QImage.Format.Format_RGB32)
            while len(self.images) > KEEP_POSTERS:  # the clips of content replaced
                self.images.popitem(last=False)
        self.arrived.emit(key)


_posters: Posters | None = None


def posters() -> Posters:
    global _posters
    if _posters is None:
        _posters = Posters()
    return _posters


def settle(timeout_ms: int = POSTER_TIMEOUT_MS + 2000) -> bool:
    """Run the event loop until every poster asked for is in (for `kiosk render` and the
    handouts, whose pages must show them); False if some were still pending at the end."""
    timer = QElapsedTimer()
    timer.start()
    loop = QEventLoop()
    while timer.elapsed() < timeout_ms:
        QCoreApplication.processEvents()
        if not posters().pending:
            return True
        QTimer.singleShot(5, loop.quit)
        loop.exec()
    return False
