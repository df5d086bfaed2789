"""Following a bundle URL in the running kiosk: each round of kiosk.remote.sync runs on a
worker thread (the network never blocks the GUI thread); its outcome comes back through a
queued signal, and a new bundle reaches the screen through the content reloader, like an
edited file does. Rounds are `poll` seconds apart, longer after failures (Backoff)."""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.files import read_regular
from kiosk.remote.fetch import Backoff
from kiosk.remote.sign import MAX_KEY_BYTES, parse_public_key
from kiosk.remote.sync import Outcome, Sync
from kiosk.settings import Settings
from kiosk.ui.reload import ContentReloader

log = logging.getLogger(__name__)


def make_sync(settings: Settings) -> Sync:
    assert settings.content_url and settings.public_key  # load_settings checked both
    text = read_regular(settings.public_key, MAX_KEY_BYTES).decode("utf-8")
    return Sync(settings.content_url, parse_public_key(text))


def local_settings(settings: Settings, sync: Sync) -> Settings:
    """The settings with `content` at the last good bundle of the URL (it plays at start,
    online or not); without one yet, the bundled deck shows until the first arrives."""
    current = sync.current()
    if current is None:
        log.info(
            "no bundle from %s yet; showing %s until the first one arrives",
            settings.content_url,
            settings.content,
        )
        return settings
    log.info("showing the last good bundle of %s: %s", settings.content_url, current.path)
    return replace(settings, content=current.path)


class RemoteSync(QObject):
    synced = Signal(str)  # each round's result: "ok", "not modified" or "error: ..."
    _finished = Signal(object)  # an Outcome, from the worker thread (queued)

    def __init__(self, sync: Sync, reloader: ContentReloader, poll_s: float) -> None:
        super().__init__(reloader)
        self.sync, self.reloader = sync, reloader
        self.backoff = Backoff(poll_s)
        self.busy = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.sync_now)
        self._finished.connect(self._done)

    def start(self, delay_ms: int = 0) -> None:
        self.timer.start(delay_ms)

    def sync_now(self) -> bool:
        """Start a round now, unless one is under way; True if one started."""
        if self.busy:
            return False
        self.busy = True
        self.timer.stop()
        threading.Thread(target=self._work, name="kiosk-sync", daemon=True).start()
        return True

    def _work(self) -> None:
        outcome = self.sync.run_once()  # never raises
        try:
            self._finished.emit(outcome)
        except RuntimeError:  # the kiosk quit during the round: nobody to tell
            log.info("content sync finished after the window closed: %s", outcome.result)

    def _done(self, outcome: Outcome) -> None:
        self.busy = False
        if outcome.result == "ok" and outcome.path is not None:
            shown = self.reloader.follow(outcome.path)
            if shown is not None and shown != "ok":
                log.warning("the new bundle could not be shown: %s", shown)
        failed = outcome.result.startswith("error")
        delay = self.backoff.failed() if failed else self.backoff.succeeded()
        self.timer.start(int(delay * 1000))
        self.synced.emit(outcome.result)

    def status(self) -> dict[str, Any]:
        """health.json's `sync` object."""
        status = self.sync.status.as_json()
        status["next_attempt_s"] = (
            round(self.timer.remainingTime() / 1000) if self.timer.isActive() else None
        )
        return status
