"""The window's side of the metrics: observes the window's and the reloader's signals and
counts in kiosk.metrics.counts; writes the daily totals; starts the Prometheus endpoint
when the settings name an address (prometheus_client is imported only then).

Started with the other services, after the first frame: nothing here is on the start-up's
path. A problem here (a busy port, an unwritable totals file) is logged and the kiosk runs on.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, SignalInstance

from kiosk.logs import file_sha256
from kiosk.metrics.address import format_address, parse_address
from kiosk.metrics.counts import Counts
from kiosk.metrics.daily import FLUSH_S, DailyWriter, default_db_path

if TYPE_CHECKING:
    from kiosk.metrics.exporter import Endpoint
    from kiosk.ui.reload import ContentReloader
    from kiosk.ui.window import KioskWindow

log = logging.getLogger(__name__)


class WindowMetrics(QObject):
    def __init__(
        self,
        window: KioskWindow,
        reloader: ContentReloader | None = None,
        db_path: Path | None = None,
        counts: Counts | None = None,
        flush_s: float = FLUSH_S,
    ) -> None:
        super().__init__(window)  # the window owns it
        self.window, self.reloader = window, reloader
        self.counts = counts or Counts()
        self.endpoint: Endpoint | None = None
        self.shown: tuple[str, str] | None = None  # (page id, language) counted last
        window.slide_changed.connect(self._page_changed)
        window.chart_shown.connect(self._page_changed)
        window.language_changed.connect(self._page_changed)
        window.language_chosen.connect(self.counts.language_chosen)
        window.touched.connect(self.counts.touched)
        window.state_changed.connect(self._state_changed)
        if reloader is not None:
            reloader.reloaded.connect(self._reloaded)
            for child in reloader.children():  # a bundle URL's sync (kiosk.ui.remote), if any
                self.follow_sync(child)
        good = reloader is None or reloader.content_state == "good"
        self._content_shown()
        self.counts.content_loaded("start", good)
        self._page_changed()  # the first page was shown before the metrics started
        self.writer = DailyWriter(self.counts, db_path or default_db_path(), flush_s)
        self.writer.start()
        if window.settings.metrics:
            self.start_endpoint(window.settings.metrics)

    def start_endpoint(self, address: str) -> bool:
        """Serve the metrics on `address` (HOST:PORT); False, logged, when it cannot."""
        host, port = parse_address(address)  # checked with the settings already
        try:
            from kiosk.metrics.exporter import Endpoint

            self.endpoint = Endpoint(self.counts, host, port)
        except (OSError, ImportError, ValueError) as exc:  # ValueError: a name IDNA refuses
            log.error(
                "metrics: cannot serve on %s (%s); the kiosk runs on without the endpoint",
                address,
                exc.strerror if isinstance(exc, OSError) and exc.strerror else exc,
            )
            return False
        where = format_address(self.endpoint.host, self.endpoint.port)
        log.info("metrics: Prometheus endpoint on http://%s/metrics", where)
        return True

    def stop(self) -> None:
        """At exit: write what the daily totals still miss, close the endpoint."""
        self.writer.stop()
        if self.endpoint is not None:
            self.endpoint.stop()
            self.endpoint = None

    # --- observing the window ----------------------------------------------------------
    def _page_changed(self, *_args: object) -> None:
        """A view: a page, or a language, other than the one shown just before (a reload
        that keeps the page and its language on screen is not a view)."""
        window = self.window
        page = self._on_screen()
        if page is None or not window.lang:
            return
        page_id, kind = page
        if (page_id, window.lang) != self.shown:
            self.shown = (page_id, window.lang)
            self.counts.page_shown(page_id, kind, window.lang)

    def _on_screen(self) -> tuple[str, str] | None:
        """(id, kind) of the page on screen: a chart (kind "chart-bars"...) or a slide."""
        window, charts = self.window, self.window.charts
        if charts.active and charts.view.count:
            chart = charts.view.charts[charts.view.index]
            return chart.id, f"chart-{chart.kind}"
        index = window.current_index()
        if index is None or index >= len(window.content.slides):
            return None
        slide = window.content.slides[index]
        return slide.id, slide.kind

    def follow_sync(self, source: QObject) -> bool:
        """Count the rounds of a sync with a `synced(str)` signal ("ok", "not modified" or
        "error: ..."); False if `source` has none."""
        signal = getattr(source, "synced", None)
        if not isinstance(signal, SignalInstance):
            return False
        signal.connect(self._synced)
        return True

    def _synced(self, result: str) -> None:
        self.counts.content_loaded("url", not result.startswith("error"))

    def _state_changed(self) -> None:
        self.counts.broken_pages(len(self.window.broken))

    def _reloaded(self, result: str) -> None:
        self.counts.content_loaded("file", result == "ok")
        self._content_shown()

    def _content_shown(self) -> None:
        window, reloader = self.window, self.reloader
        # The park's time zone, when the content states one; local time without
        self.counts.time_zone = getattr(window.content, "time_zone", None)
        if reloader is not None:
            self.counts.content_shown(reloader.content_sha256, reloader.content_state)
        else:
            self.counts.content_shown(file_sha256(window.settings.content))
        self._state_changed()
