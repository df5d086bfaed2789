"""The kiosk's counters, in memory: what the window showed and how often visitors touched it.

Anonymous by design: counts and daily totals only, never the time of a single touch.
Written by the GUI thread, read by the metrics endpoint's thread and the daily writer's, so
every access holds one lock (each is a few dictionary operations). Standard library only:
this module is imported whether or not the endpoint is on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

log = logging.getLogger(__name__)

# Metric names in the daily totals (kiosk stats --csv).
PAGE_VIEW, TOUCH, LANGUAGE_CHOICE = "page_view", "touch", "language_choice"
DailyKey = tuple[str, str, str, str]  # (ISO date, metric, page, language); "" where none


@dataclass(frozen=True)
class Page:
    id: str
    kind: str
    language: str


@dataclass
class Snapshot:
    """A consistent copy of the counters, for one scrape."""

    started: float
    now: float
    page_views: dict[tuple[str, str], int] = field(default_factory=dict)
    touches: int = 0
    language_choices: dict[str, int] = field(default_factory=dict)
    page: Page | None = None
    content_sha256: str | None = None
    content_state: str = "good"
    last_load: tuple[float, str, str] | None = None  # (when, source, "ok" | "error")
    last_success: float | None = None
    broken_pages: int = 0


def park_today(time_zone: str | None) -> date:
    """Today in the park's time zone (an IANA name from the content); local time without one
    or with one this machine does not know."""
    if time_zone:
        try:
            from zoneinfo import ZoneInfo

            return datetime.now(ZoneInfo(time_zone)).date()
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            pass
    return date.today()


class Counts:
    def __init__(
        self,
        clock: Callable[[], float] = time.time,
        today: Callable[[str | None], date] = park_today,
    ) -> None:
        self.clock, self.today = clock, today
        self._lock = threading.Lock()
        self.started = clock()
        self.time_zone: str | None = None
        self._page_views: dict[tuple[str, str], int] = {}
        self._touches = 0
        self._choices: dict[str, int] = {}
        self._page: Page | None = None
        self._sha256: str | None = None
        self._state = "good"
        self._last_load: tuple[float, str, str] | None = None
        self._last_success: float | None = None
        self._broken = 0
        self._daily: dict[DailyKey, int] = {}  # not yet written to the daily totals

    # --- counting (the GUI thread) -----------------------------------------------------
    def page_shown(self, page: str, kind: str, language: str) -> None:
        """A page came on screen, or was shown again in another language: one view."""
        day = self.today(self.time_zone).isoformat()
        with self._lock:
            key = (page, language)
            self._page_views[key] = self._page_views.get(key, 0) + 1
            self._page = Page(page, kind, language)
            self._add((day, PAGE_VIEW, page, language))

    def touched(self) -> None:
        day = self.today(self.time_zone).isoformat()
        with self._lock:
            self._touches += 1
            self._add((day, TOUCH, "", ""))

    def language_chosen(self, language: str) -> None:
        day = self.today(self.time_zone).isoformat()
        with self._lock:
            self._choices[language] = self._choices.get(language, 0) + 1
            self._add((day, LANGUAGE_CHOICE, "", language))

    def content_shown(self, sha256: str | None, state: str = "good") -> None:
        """The content on screen: its digest, and "good" (the file's) or "last-good"."""
        with self._lock:
            self._sha256, self._state = sha256, state

    def content_loaded(self, source: str, ok: bool) -> None:
        """A load, reload or sync of the content ended: `source` says which ("start",
        "file", "url"), `ok` whether its content is the one shown now."""
        now = self.clock()
        with self._lock:
            self._last_load = (now, source, "ok" if ok else "error")
            if ok:
                self._last_success = now

    def broken_pages(self, count: int) -> None:
        with self._lock:
            self._broken = count

    def _add(self, key: DailyKey) -> None:
        self._daily[key] = self._daily.get(key, 0) + 1

    # --- reading (other threads) -------------------------------------------------------
    def snapshot(self) -> Snapshot:
        now = self.clock()
        with self._lock:
            return Snapshot(
                started=self.started,
                now=now,
                page_views=dict(self._page_views),
                touches=self._touches,
                language_choices=dict(self._choices),
                page=self._page,
                content_sha256=self._sha256,
                content_state=self._state,
                last_load=self._last_load,
                last_success=self._last_success,
                broken_pages=self._broken,
            )

    def take_daily(self) -> dict[DailyKey, int]:
        """The daily increments counted since the last take; the caller writes them, or
        gives them back with give_back_daily() when it cannot."""
        with self._lock:
            batch, self._daily = self._daily, {}
        return batch

    def give_back_daily(self, batch: dict[DailyKey, int]) -> None:
        with self._lock:
            for key, count in batch.items():
                self._daily[key] = self._daily.get(key, 0) + count
