"""Daily totals in a local SQLite file: page views by page and language, touches and
language choices per (park-local) day; `kiosk stats --csv` reads them back.

The GUI thread only counts in memory (kiosk.metrics.counts); a thread of this module writes
the day's increments once a minute and at exit, so a slow disk never holds up a frame. A
file that is broken, locked or read-only never stops the kiosk: the problem is logged once,
the increments stay in memory and are written when the file can be written again.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from pathlib import Path

from kiosk.environment import fallback_folder, home_folder, no_home_reason
from kiosk.metrics.counts import Counts, DailyKey

log = logging.getLogger(__name__)

DB_NAME = "stats.sqlite"
FLUSH_S = 60.0
LOCK_WAIT_S = 2.0  # another writer (a backup, `sqlite3` by hand) holding the file
SCHEMA = """CREATE TABLE IF NOT EXISTS daily (
    day TEXT NOT NULL,              -- ISO date in the park's time zone
    metric TEXT NOT NULL,           -- page_view, touch, language_choice
    page TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    count INTEGER NOT NULL,
    PRIMARY KEY (day, metric, page, language)
) WITHOUT ROWID"""
UPSERT = """INSERT INTO daily (day, metric, page, language, count) VALUES (?, ?, ?, ?, ?)
ON CONFLICT (day, metric, page, language) DO UPDATE SET count = count + excluded.count"""


def data_folder() -> Path:
    """Where Qt's AppDataLocation puts the kiosk's files (beside kiosk.log), found without Qt
    so that `kiosk stats` starts fast; the fallback folder without a home."""
    if no_home_reason():
        return fallback_folder()
    app = Path("park-kiosk", "park-kiosk")  # organization, application: as kiosk.ui.app sets
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / app
    home = home_folder()
    if sys.platform == "darwin" and home:
        return home / "Library" / "Application Support" / app
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / app
    return (home / ".local" / "share" / app) if home else fallback_folder()


def default_db_path() -> Path:
    return data_folder() / DB_NAME


def write_totals(path: Path, batch: dict[DailyKey, int]) -> None:
    """Add `batch` to the totals in `path` (made if missing) in one transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=LOCK_WAIT_S)
    try:
        con.execute("PRAGMA journal_mode=WAL")  # `kiosk stats` reads while the kiosk writes
        con.execute(SCHEMA)
        with con:
            con.executemany(UPSERT, [(*key, count) for key, count in sorted(batch.items())])
    finally:
        con.close()


def read_totals(path: Path) -> list[tuple[str, str, str, str, int]]:
    """Every (day, metric, page, language, count), by day; sqlite3.Error if unreadable."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT_S)
    try:
        rows = con.execute(
            "SELECT day, metric, page, language, count FROM daily"
            " ORDER BY day, metric, page, language"
        ).fetchall()
    finally:
        con.close()
    return [(str(d), str(m), str(p), str(lang), int(c)) for d, m, p, lang, c in rows]


class DailyWriter:
    """Writes the counts' daily increments to `path` every `interval` seconds and at stop()."""

    def __init__(self, counts: Counts, path: Path, interval: float = FLUSH_S) -> None:
        self.counts, self.path, self.interval = counts, Path(path), interval
        self.failing = False  # the problem is logged once, not once a minute
        self._flush_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kiosk-daily-totals", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Write what is left (at exit) and end the thread."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        else:
            self.flush()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.flush()
        self.flush()

    def flush(self) -> bool:
        """Write the increments counted so far; False (they stay in memory) if it failed."""
        with self._flush_lock:
            batch = self.counts.take_daily()
            if not batch:
                return True
            try:
                write_totals(self.path, batch)
            except (sqlite3.Error, OSError) as exc:
                self.counts.give_back_daily(batch)
                if not self.failing:
                    log.warning(
                        "daily totals: cannot write %s (%s); counting in memory, trying again"
                        " every %g s",
                        self.path,
                        exc,
                        self.interval,
                    )
                self.failing = True
                return False
            if self.failing:
                log.info("daily totals: %s written again", self.path)
                self.failing = False
            return True
