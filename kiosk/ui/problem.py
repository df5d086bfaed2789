"""A start on a broken content file: the last good content, or else a content-problem page.

A kiosk must never stay dark. When the content file does not validate at start (a
half-saved edit, then a power cut), the last good content kept in the cache
(kiosk.content.cache.remember_good) is shown, the reason is logged, and health.json says
"last-good"; the live reloader keeps watching the file and swaps in the fixed content.
Only when no good content was ever seen does the kiosk show this module's page: the
problem in the five languages and the file's path, full screen, until the file is fixed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPaintEvent,
)
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk import __version__
from kiosk.content import Content, ContentError
from kiosk.content.cache import last_good, load_content_cached
from kiosk.content.validate import MAX_FILE_BYTES
from kiosk.files import read_regular, write_atomic
from kiosk.logs import file_sha256, rss_mb
from kiosk.settings import Settings
from kiosk.ui import fonts, theme

log = logging.getLogger(__name__)

POLL_MS = 1000  # the page checks the file this often; a fix shows within about a second
HEALTH_INTERVAL_MS = 60_000
PROBLEM_LINES = 5  # of the validation report, in health.json

# (title, explanation) per language. Not from the gettext catalogs: this page is what is
# left when something is broken, so it depends on as little as possible.
PROBLEM_TEXT: dict[str, tuple[str, str]] = {
    "zh_Hans": (
        "内容文件有问题",
        "暂时无法显示展示内容。请管理员修改下面的文件，改好后会自动显示。",
    ),
    "zh_Hant": (
        "內容檔案有問題",
        "暫時無法顯示展示內容。請管理員修改下面的檔案，改好後會自動顯示。",
    ),
    "en": (
        "Content problem",
        "The presentation cannot be shown right now. Please ask the operator to fix the "
        "file below; it shows as soon as it is fixed.",
    ),
    "ko": (
        "콘텐츠 파일 문제",
        "지금은 내용을 표시할 수 없습니다. 관리자에게 아래 파일의 수정을 요청하세요. "
        "수정되면 바로 표시됩니다.",
    ),
    "ja": (
        "コンテンツファイルの問題",
        "現在、展示内容を表示できません。管理者に下のファイルの修正を依頼してください。"
        "修正されるとすぐに表示されます。",
    ),
}


def summary(report: str, lines: int = PROBLEM_LINES) -> str:
    """The first lines of a validation report, for health.json and the page."""
    kept = report.splitlines()[:lines]
    return "\n".join(line[:300] for line in kept) or "unknown problem"


@dataclass(frozen=True)
class Shown:
    """Where the content the window shows came from."""

    path: Path  # the content file, or the kept copy of the last good one
    sha256: str | None  # of that file
    problem: str | None = None  # why the content file itself is not shown (its report)


def fall_back(
    settings: Settings, error: ContentError, health_folder: Path | None
) -> tuple[Content, Shown] | None:
    """After the content file failed to validate at start: the last good content, or else
    the content-problem page until the file is fixed (then the fixed content). None when
    the operator quit on the page."""
    report = error.report()
    problem = summary(report)
    print(report, file=sys.stderr)
    print(
        "kiosk: the content file has problems; run 'kiosk validate' for details",
        file=sys.stderr,
    )
    kept = last_good()
    if kept is not None:
        try:
            content = load_content_cached(kept.path)
        except ContentError as exc:
            log.error("the kept last good content does not load either:\n%s", exc.report())
        else:
            log.error(
                "the content file has problems; showing the last good content "
                "(sha256 %s, kept %s from %s) until it is fixed:\n%s",
                kept.sha256,
                kept.saved,
                kept.source,
                report,
                extra={"file_only": True},
            )
            return content, Shown(kept.path, file_sha256(kept.path), problem)
    log.error(
        "the content file has problems and no good content was ever seen; showing the "
        "content-problem page until it is fixed:\n%s",
        report,
        extra={"file_only": True},
    )
    return wait_for_fix(settings, problem, health_folder)


def wait_for_fix(
    settings: Settings, problem: str, health_folder: Path | None
) -> tuple[Content, Shown] | None:
    """Shows the content-problem page (full screen, like the kiosk) until the content file
    validates; returns its content, or None if the operator quit (Ctrl+Shift+Q)."""
    from kiosk.ui.app import application, show_full_screen

    application()
    page = ProblemPage(settings.content, problem)
    watch = ProblemWatch(settings.content, problem, page)
    health = None
    if health_folder is not None:
        from kiosk.ui.health import HEALTH_NAME

        health = ProblemHealth(health_folder / HEALTH_NAME, watch)
    show_full_screen(page, settings)
    from kiosk.ui.heartbeat import HeartbeatTimer

    heartbeat = HeartbeatTimer(page)  # a watchdog's READY=1 and heartbeat while it waits
    heartbeat.start()
    loop = QEventLoop()
    watch.fixed.connect(loop.quit)
    page.quit_requested.connect(loop.quit)
    watch.start()
    if health is not None:
        health.start()
    loop.exec()
    heartbeat.timer.stop()  # the kiosk window's own heartbeat takes over
    watch.stop()
    if health is not None:
        health.timer.stop()
    page.allow_close = True
    page.hide()  # not close(): closing the last window would quit the application
    page.deleteLater()
    if watch.content is None:
        return None
    log.info("the content file is fixed; starting the kiosk")
    return watch.content, Shown(settings.content, file_sha256(settings.content))


class ProblemPage(QWidget):
    """The content problem in the five languages, and the file's path."""

    quit_requested = Signal()

    def __init__(self, path: Path, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("content-problem")
        self.setWindowTitle("Park Kiosk")
        self.allow_close = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(64, 48, 64, 48)
        layout.addStretch(1)
        self.texts: dict[str, QLabel] = {}
        for lang, (title, text) in PROBLEM_TEXT.items():
            label = self._label(f"{title}\n{text}", fonts.font(lang, 26), theme.TEXT)
            label.setObjectName(f"problem-{lang}")
            self.texts[lang] = label
            layout.addWidget(label)
            layout.addSpacing(12)
        shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
        self.path_label = self._label(shown, fonts.font("en", 24), theme.ACCENT)
        self.path_label.setObjectName("problem-path")
        layout.addWidget(self.path_label)
        self.detail = self._label("", fonts.font("en", 18), theme.MUTED)
        self.detail.setObjectName("problem-detail")
        layout.addWidget(self.detail)
        layout.addStretch(1)
        self.set_problem(problem)

    @staticmethod
    def _label(text: str, font: QFont, color: QColor) -> QLabel:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setFont(font)
        label.setStyleSheet(f"color: {color.name()}")
        return label

    def set_problem(self, problem: str) -> None:
        self.detail.setText(problem.splitlines()[0] if problem else "")

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        QPainter(self).fillRect(self.rect(), theme.BACKGROUND)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        from kiosk.ui.touch import is_quit_key

        if is_quit_key(event):
            self.quit_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.allow_close:
            event.accept()
        else:
            event.ignore()  # like the kiosk window: a window manager's close does nothing


class ProblemWatch(QObject):
    """Polls the content file (and its folder's files, for a missing asset) and validates it
    again when something changed; `fixed` when it validates."""

    fixed = Signal()
    changed = Signal()  # the problem is a different one now

    def __init__(self, path: Path, problem: str, page: ProblemPage | None = None) -> None:
        super().__init__(page)
        self.path, self.problem, self.page = Path(path), problem, page
        self.content: Content | None = None
        self.signature = self._signature()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def _signature(self) -> str:
        try:
            data = read_regular(self.path, MAX_FILE_BYTES)
        except (OSError, ValueError) as exc:
            data = f"<{type(exc).__name__}>".encode()
        digest = hashlib.sha256(data)
        for folder, dirs, files in _walk(self.path.parent):
            for name in sorted(files):
                try:
                    info = os.stat(Path(folder) / name)
                except (OSError, ValueError):
                    continue
                digest.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}".encode())
            dirs.sort()
        return digest.hexdigest()

    def check(self) -> bool:
        """True once the file validates."""
        signature = self._signature()
        if signature == self.signature:
            return False
        self.signature = signature
        try:
            self.content = load_content_cached(self.path)
        except ContentError as exc:
            report = exc.report()
            log.warning("the content file still has problems:\n%s", report)
            self.problem = summary(report)
            if self.page is not None:
                self.page.set_problem(self.problem)
            self.changed.emit()
            return False
        except Exception:  # whatever it is, the page stays up and watching
            log.exception("checking the content file failed unexpectedly")
            return False
        self.timer.stop()
        self.fixed.emit()
        return True


def _walk(folder: Path, limit: int = 2000) -> list[tuple[str, list[str], list[str]]]:
    """os.walk of the content folder, at most `limit` files (a content folder is small)."""
    found: list[tuple[str, list[str], list[str]]] = []
    count = 0
    for entry in os.walk(folder):
        found.append(entry)
        count += len(entry[2])
        if count > limit:
            break
    return found


class ProblemHealth(QObject):
    """health.json while the content-problem page shows: the same file a monitoring script
    reads, saying content_state "problem" and why."""

    def __init__(self, path: Path, watch: ProblemWatch) -> None:
        super().__init__(watch)
        self.path, self.watch = path, watch
        self.started = time.monotonic()
        self.timer = QTimer(self)
        self.timer.setInterval(HEALTH_INTERVAL_MS)
        self.timer.timeout.connect(self.write)
        watch.changed.connect(self.write)

    def start(self) -> None:
        self.write()
        self.timer.start()

    def snapshot(self) -> dict[str, object]:
        from kiosk.ui.health import utc_now

        return {
            "uptime_s": round(time.monotonic() - self.started, 1),
            "slide_id": None,
            "slide_index": None,
            "slide_count": 0,
            "language": None,
            "last_slide_change": None,
            "content_sha256": None,
            "content_state": "problem",
            "content_problem": self.watch.problem,
            "content_file": str(self.watch.path),
            "last_reload": "error: " + (self.watch.problem.splitlines() or ["?"])[0],
            "rss_mb": rss_mb(),
            "pid": os.getpid(),
            "version": __version__,
            "written": utc_now(),
        }

    def write(self) -> bool:
        try:
            text = json.dumps(self.snapshot(), ensure_ascii=False, indent=2) + "\n"
            write_atomic(self.path, text.encode("utf-8", "backslashreplace"))
        except OSError as exc:  # a full disk must not take the page down
            log.warning("cannot write %s (%s)", self.path, exc)
            return False
        return True
