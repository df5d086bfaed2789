"""The Prometheus endpoint: the kiosk's counters in the exposition format, through
prometheus_client, on an HTTP server thread of its own. Imported only with --metrics.

Its registry is the endpoint's own (not prometheus_client's global one): two windows in one
test run, or a second endpoint, never share or collide. The values are read from a
snapshot of kiosk.metrics.counts, never from Qt objects, which belong to the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

from prometheus_client import (
    CollectorRegistry,
    PlatformCollector,
    ProcessCollector,
    start_http_server,
)
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from kiosk import __version__
from kiosk.metrics.counts import Counts


class KioskCollector(Collector):
    def __init__(self, counts: Counts) -> None:
        self.counts = counts

    def collect(self) -> Iterator[Metric]:
        s = self.counts.snapshot()
        yield InfoMetricFamily("kiosk_build", "The kiosk's version.", {"version": __version__})
        yield GaugeMetricFamily(
            "kiosk_start_time_seconds", "When the kiosk started, in Unix time.", s.started
        )
        yield GaugeMetricFamily(
            "kiosk_uptime_seconds", "Seconds since the kiosk started.", max(0.0, s.now - s.started)
        )
        views = CounterMetricFamily(
            "kiosk_page_views",
            "Pages shown (by the loop or a visitor), or shown again in another language.",
            labels=["page", "language"],
        )
        for (page_id, language), count in sorted(s.page_views.items()):
            views.add_metric([page_id, language], count)
        yield views
        yield CounterMetricFamily(
            "kiosk_touches", "Visitor inputs: taps, presses, touches, keys.", s.touches
        )
        choices = CounterMetricFamily(
            "kiosk_language_choices", "Languages chosen by visitors.", labels=["language"]
        )
        for language, count in sorted(s.language_choices.items()):
            choices.add_metric([language], count)
        yield choices
        page = InfoMetricFamily(
            "kiosk_current_page",
            "The page on screen and its language (value 1).",
            labels=["page", "kind", "language"],
        )
        if s.page is not None:
            page.add_metric([s.page.id, s.page.kind, s.page.language], {})
        yield page
        yield InfoMetricFamily(
            "kiosk_content",
            "The content on screen: its sha256, and state good (the file's) or last-good.",
            {"sha256": s.content_sha256 or "", "state": s.content_state},
        )
        last = InfoMetricFamily(
            "kiosk_content_last_load",
            "The last load, reload or sync of the content: its source and result (ok, error).",
            labels=["source", "result"],
        )
        loaded = GaugeMetricFamily(
            "kiosk_content_last_load_timestamp_seconds",
            "When the last load, reload or sync of the content ended, in Unix time.",
        )
        if s.last_load is not None:
            when, source, result = s.last_load
            last.add_metric([source, result], {})
            loaded.add_metric([], when)
        yield last
        yield loaded
        success = GaugeMetricFamily(
            "kiosk_content_last_success_timestamp_seconds",
            "When the content was last loaded, reloaded or synced without a problem.",
        )
        if s.last_success is not None:
            success.add_metric([], s.last_success)
        yield success
        yield GaugeMetricFamily(
            "kiosk_broken_pages", "Pages left out because they failed to show.", s.broken_pages
        )


class Endpoint:
    """The HTTP server on its own (daemon) thread; OSError from the constructor when the
    address cannot be used (in use, not this machine's, an unknown host name)."""

    def __init__(self, counts: Counts, host: str, port: int) -> None:
        self.registry = CollectorRegistry()
        self.registry.register(KioskCollector(counts))
        # process_resident_memory_bytes, process_start_time_seconds, CPU, open files (Linux)
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        self.server, self.thread = start_http_server(port, addr=host, registry=self.registry)
        self.host, self.port = host, int(self.server.server_port)

    def stop(self) -> None:
        # shutdown() waits for serve_forever to return: from another thread, never its own
        if self.thread is not threading.current_thread():
            self.server.shutdown()
        self.server.server_close()
