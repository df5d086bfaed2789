"""Metrics: the Prometheus endpoint scraped while the window is driven by real input, the
endpoint's address checked, and the kiosk running on when the port is taken."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import date

import pytest
from prometheus_client.parser import text_string_to_metric_families
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.metrics import daily
from kiosk.metrics.counts import Counts, Page, park_today
from kiosk.metrics.daily import DailyWriter
from kiosk.settings import SettingsError, load_settings
from tests import test_remote
from tests.conftest import MINI, ROOT, kiosk_env, run_kiosk, start_kiosk, wait_for, write


def promtool() -> str | None:
    """promtool (Debian's `prometheus`, installed by .ci/run): skipped only outside CI."""
    found = shutil.which("promtool")
    if found is None and not os.environ.get("CI"):
        pytest.skip("promtool is not installed (Debian package prometheus)")
    assert found, "promtool is missing; tools/setup.sh --test installs Debian's prometheus"
    return found


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        assert response.status == 200
        return response.read().decode("utf-8")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """{(sample name, sorted labels): value} of a scrape."""
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def tap(window, widget, pos: QPoint | None = None) -> None:
    """A click where the system delivers one: to the window, at the widget's place (QTest's
    clicks on a widget skip the window, where the kiosk counts a visitor's touches)."""
    where = widget.mapTo(window, pos if pos is not None else widget.rect().center())
    QTest.mouseClick(
        window.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), where
    )


def check_metrics(text: str) -> None:
    result = subprocess.run(
        [promtool(), "check", "metrics"], input=text, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def with_metrics(make_window, tmp_path):
    """A window on the MINI deck with its metrics on a free port of 127.0.0.1."""
    from kiosk.ui.metrics import WindowMetrics

    made = []

    def make(address="127.0.0.1:0", db=None, **settings):
        window = make_window(metrics=address, **settings)
        metrics = WindowMetrics(window, db_path=db or tmp_path / "stats.sqlite")
        made.append(metrics)
        return window, metrics

    yield make
    for metrics in made:
        metrics.stop()


def test_scrape_reads_back_what_the_window_was_driven_through(with_metrics, qtbot):
    window, metrics = with_metrics()
    assert metrics.endpoint is not None
    port = metrics.endpoint.port
    first = window.current_slide_id()
    before = samples(scrape(port))
    assert before[("kiosk_touches_total", ())] == 0
    assert before[("kiosk_page_views_total", (("language", "en"), ("page", first)))] == 1

    tap(window, window.next_button)  # next page
    second = window.current_slide_id()
    assert second != first
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Left)  # a key: back to the first
    qtbot.waitUntil(lambda: window.current_slide_id() == first)
    stage = window.stage
    tap(window, stage, QPoint(stage.width() * 3 // 4, 200))  # the right half: next page
    qtbot.waitUntil(lambda: window.current_slide_id() == second)
    tap(window, window.languages.buttons["ko"])
    qtbot.waitUntil(lambda: window.lang == "ko")

    text = scrape(port)
    got = samples(text)
    assert got[("kiosk_touches_total", ())] == 4  # two taps, a key, a language
    assert got[("kiosk_language_choices_total", (("language", "ko"),))] == 1
    assert got[("kiosk_page_views_total", (("language", "en"), ("page", first)))] == 2
    assert got[("kiosk_page_views_total", (("language", "en"), ("page", second)))] == 2
    assert got[("kiosk_page_views_total", (("language", "ko"), ("page", second)))] == 1
    kind = window.content.slides[window.current_index()].kind
    current = (("kind", kind), ("language", "ko"), ("page", second))
    assert got[("kiosk_current_page_info", current)] == 1
    assert [k for k in got if k[0] == "kiosk_current_page_info"] == [
        ("kiosk_current_page_info", current)
    ]
    content = next(k for k in got if k[0] == "kiosk_content_info")
    assert dict(content[1])["sha256"] == metrics.counts.snapshot().content_sha256
    assert len(dict(content[1])["sha256"]) == 64
    assert got[("kiosk_content_last_load_info", (("result", "ok"), ("source", "start")))] == 1
    assert got[("kiosk_broken_pages", ())] == 0
    assert got[("kiosk_uptime_seconds", ())] >= 0
    assert got[("process_resident_memory_bytes", ())] > 10_000_000
    check_metrics(text)


def test_charts_are_pages_too_counted_as_they_come_on_screen(with_metrics, qtbot):
    """The charts view's pages count as views and as the current page, also in another
    language; leaving them counts the slide that comes back."""
    window, metrics = with_metrics(None)
    charts = window.content.charts
    assert len(charts) >= 2, "the fixture deck has several charts"
    slide = window.current_slide_id()
    tap(window, window.charts.button)
    qtbot.waitUntil(lambda: window.charts.active)
    shown = window.charts.view.current()
    first = next(c for c in charts if shown.objectName() == f"chart-{c.id}")
    assert metrics.counts.snapshot().page == Page(first.id, f"chart-{first.kind}", "en")
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.charts.view.current() is not shown)
    second_id = window.charts.view.current().objectName().removeprefix("chart-")
    tap(window, window.languages.buttons["ko"])
    qtbot.waitUntil(lambda: window.lang == "ko")
    views = metrics.counts.snapshot().page_views
    assert views[(first.id, "en")] == 1
    assert views[(second_id, "en")] == 1
    assert views[(second_id, "ko")] == 1  # the chart on screen, not a slide behind it
    assert not any(lang == "ko" and page == slide for page, lang in views)
    tap(window, window.charts.button)  # back to the slides
    qtbot.waitUntil(lambda: not window.charts.active)
    back = window.current_slide_id()
    assert metrics.counts.snapshot().page_views[(back, "ko")] == 1


def test_a_port_in_use_is_logged_and_the_kiosk_runs_on(with_metrics, qtbot, caplog):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        window, metrics = with_metrics(f"127.0.0.1:{port}")
        assert metrics.endpoint is None
        problems = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
        assert problems == [
            f"metrics: cannot serve on 127.0.0.1:{port} (Address already in use);"
            " the kiosk runs on without the endpoint"
        ]
    first = window.current_slide_id()
    tap(window, window.next_button)
    qtbot.waitUntil(lambda: window.current_slide_id() != first)
    assert metrics.counts.snapshot().touches == 1  # still counted, for the daily totals


def test_without_an_address_there_is_no_endpoint(with_metrics):
    window, metrics = with_metrics(None)
    assert metrics.endpoint is None
    slide = window.content.slides[window.current_index()]
    assert metrics.counts.snapshot().page == Page(slide.id, slide.kind, "en")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("9100", "127.0.0.1:9100"),
        ("0.0.0.0:9100", "0.0.0.0:9100"),
        ("localhost:9100", "localhost:9100"),
        ("[::1]:9100", "[::1]:9100"),
    ],
)
def test_metrics_addresses(value, expected):
    assert load_settings({"metrics": value}).metrics == expected


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("", "--metrics: got an empty address; expected HOST:PORT"),
        ("nope", "--metrics: got 'nope': port 'nope' is not a number from 0 to 65535"),
        ("127.0.0.1:99999", "port '99999' is not a number from 0 to 65535"),
        (":9100", "--metrics: got ':9100': no host; expected HOST:PORT"),
        ("bad host:9100", "'bad host' is not a host name or address"),
        ("park..lan:9100", "'park..lan' is not a host name or address"),
        ("-lobby:9100", "'-lobby' is not a host name or address"),
        ("[::1:9100", "expected HOST:PORT"),
    ],
)
def test_bad_metrics_values_say_what_is_wrong(value, problem):
    with pytest.raises(SettingsError) as caught:
        load_settings({"metrics": value})
    assert problem in str(caught.value)


def test_settings_file_metrics_key(tmp_path):
    good = write(tmp_path / "good.json", {"metrics": "9200"})
    assert load_settings({"settings": good}).metrics == "127.0.0.1:9200"
    assert load_settings({"settings": good, "metrics": "9300"}).metrics == "127.0.0.1:9300"
    bad = write(tmp_path / "bad.json", {"metrics": "127.0.0.1:http"})
    with pytest.raises(SettingsError, match=r"bad.json: \$.metrics: got '127.0.0.1:http'"):
        load_settings({"settings": bad})
    number = write(tmp_path / "number.json", {"metrics": 9100})
    with pytest.raises(SettingsError, match=r"\$.metrics: got 9100; expected a string"):
        load_settings({"settings": number})


def test_a_bad_metrics_flag_stops_the_start_with_one_clear_line(tmp_path):
    result = run_kiosk("--metrics", "localhost:port", "--log-file", str(tmp_path / "k.log"))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "kiosk: --metrics: got 'localhost:port': port 'port' is not a number from 0 to 65535"
    )


def test_the_running_kiosk_serves_metrics_that_promtool_accepts(tmp_path):
    log = tmp_path / "kiosk.log"
    kiosk = start_kiosk(
        "--content", str(MINI), "--windowed", "--metrics", "127.0.0.1:0", "--log-file", str(log)
    )
    try:
        line = wait_for(
            lambda: (
                next((x for x in log.read_text().splitlines() if "Prometheus endpoint" in x), None)
                if log.exists()
                else None
            ),
            what="the endpoint's log line",
        )
        port = int(str(line).rsplit(":", 1)[1].split("/")[0])
        text = scrape(port)
    finally:
        kiosk.terminate()
        kiosk.communicate(timeout=30)
    got = samples(text)
    assert got[("kiosk_touches_total", ())] == 0
    assert any(k[0] == "kiosk_current_page_info" for k in got)
    assert got[("kiosk_content_last_load_info", (("result", "ok"), ("source", "start")))] == 1
    check_metrics(text)


def test_no_prometheus_client_at_start_without_metrics(tmp_path):
    """The endpoint's library is imported only with --metrics: a window with its metrics
    adapter (counts and daily totals) and no address leaves it out."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.content import load_content\n"
        "from kiosk.settings import Settings\n"
        "from kiosk.ui.app import application\n"
        "from kiosk.ui.window import KioskWindow\n"
        "from kiosk.ui.metrics import WindowMetrics\n"
        "application()\n"
        f"path = Path({str(MINI)!r})\n"
        "window = KioskWindow(load_content(path), path, Settings(content=path), live=False)\n"
        f"metrics = WindowMetrics(window, db_path=Path({str(tmp_path / 'stats.sqlite')!r}))\n"
        "metrics.stop()\n"
        "print(sorted(m for m in sys.modules if m.startswith('prometheus')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=kiosk_env(), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_alert_rules_and_scrape_config_pass_promtool():
    folder = ROOT / "deploy" / "prometheus"
    tool = promtool()
    rules = subprocess.run(
        [tool, "check", "rules", str(folder / "alerts.yml")], capture_output=True, text=True
    )
    assert rules.returncode == 0, rules.stdout + rules.stderr
    assert "SUCCESS: 3 rules found" in rules.stdout
    config = subprocess.run(
        [tool, "check", "config", str(folder / "prometheus.yml")], capture_output=True, text=True
    )
    assert config.returncode == 0, config.stdout + config.stderr
    behaviour = subprocess.run(  # the alerts fire for the right display, at the right time
        [tool, "test", "rules", str(folder / "alerts_test.yml")], capture_output=True, text=True
    )
    assert behaviour.returncode == 0, behaviour.stdout + behaviour.stderr


def test_daily_totals_file_is_written_beside_the_log_by_default():
    from kiosk.metrics.daily import data_folder
    from kiosk.ui.app import data_folder as qt_data_folder

    assert data_folder() == qt_data_folder()


# --- daily totals (Qt-free) --------------------------------------------------------------


class Days:
    """A fake calendar: the day the counts are taken on, and the time zones asked about."""

    def __init__(self, day: str) -> None:
        self.day, self.zones = date.fromisoformat(day), []

    def __call__(self, time_zone):
        self.zones.append(time_zone)
        return self.day


def test_daily_totals_per_park_day_and_kiosk_stats_csv(tmp_path):
    days = Days("2026-12-08")
    counts = Counts(today=days)
    counts.time_zone = "Asia/Shanghai"
    db = tmp_path / "stats.sqlite"
    writer = DailyWriter(counts, db, interval=3600)
    counts.page_shown("hello", "title", "en")
    counts.page_shown("hello", "title", "en")
    counts.touched()
    counts.language_chosen("ko")
    counts.page_shown("hello", "title", "ko")
    assert writer.flush()
    counts.touched()  # the same day, a later batch: added to its totals
    days.day = date(2026, 12, 9)
    counts.page_shown("figures", "figures", "ja")
    counts.touched()
    counts.touched()
    assert writer.flush()
    assert set(days.zones) == {"Asia/Shanghai"}
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    con.close()

    result = run_kiosk("stats", "--csv", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["date", "metric", "page", "language", "count"],
        ["2026-12-08", "language_choice", "", "ko", "1"],
        ["2026-12-08", "page_view", "hello", "en", "2"],
        ["2026-12-08", "page_view", "hello", "ko", "1"],
        ["2026-12-08", "touch", "", "", "2"],
        ["2026-12-09", "page_view", "figures", "ja", "1"],
        ["2026-12-09", "touch", "", "", "2"],
    ]
    table = run_kiosk("stats", "--db", str(db))
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].split() == ["2026-12-08", "language_choice", "-", "ko", "1"]


def test_the_park_day_follows_the_content_time_zone():
    # UTC+14 and UTC-11: 25 hours apart, so never the same date
    assert park_today("Pacific/Kiritimati") > park_today("Pacific/Pago_Pago")
    before = date.today()
    assert park_today("Not/A_Zone") in {before, date.today()}  # local time, as without one
    assert park_today(None) in {before, date.today()}


@pytest.mark.parametrize("problem", ["garbage", "locked", "folder in its place", "no folder"])
def test_a_bad_totals_file_never_stops_the_counting_and_loses_nothing(
    tmp_path, caplog, monkeypatch, problem
):
    monkeypatch.setattr(daily, "LOCK_WAIT_S", 0.05)
    caplog.set_level(logging.INFO, logger="kiosk.metrics.daily")
    db = tmp_path / "data" / "stats.sqlite"
    db.parent.mkdir()
    blocker = None
    if problem == "garbage":
        db.write_bytes(b"not a database, " * 512)
    elif problem == "locked":
        daily.write_totals(db, {})
        blocker = sqlite3.connect(db, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
    elif problem == "folder in its place":
        db.mkdir()
    else:  # the data folder is a file: nothing can be made in it
        db.parent.rmdir()
        db.parent.write_text("a file")
    counts = Counts(today=Days("2026-12-08"))
    writer = DailyWriter(counts, db, interval=60)
    counts.touched()
    assert not writer.flush()
    counts.touched()
    assert not writer.flush()  # still failing: logged once, not once a minute
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"daily totals: cannot write {db} (")
    assert warnings[0].endswith("counting in memory, trying again every 60 s")
    assert counts.snapshot().touches == 2

    if blocker is not None:  # the file becomes writable again
        blocker.rollback()
        blocker.close()
    elif db.is_dir():
        db.rmdir()
    elif db.parent.is_file():
        db.parent.unlink()
    else:
        db.unlink()
    counts.touched()
    assert writer.flush()
    assert "written again" in caplog.records[-1].getMessage()
    assert daily.read_totals(db) == [("2026-12-08", "touch", "", "", 3)]  # nothing lost


def test_the_writer_thread_writes_every_interval_and_at_stop(tmp_path):
    db = tmp_path / "stats.sqlite"
    counts = Counts(today=Days("2026-12-08"))
    writer = DailyWriter(counts, db, interval=0.05)
    writer.start()
    counts.touched()

    def written():
        try:
            return daily.read_totals(db)
        except sqlite3.Error:  # not made yet, or made but without its table yet
            return None

    wait_for(written, timeout=30, what="a flush")
    writer.interval = 3600  # from its next wait on: only stop() writes
    counts.language_chosen("ja")
    writer.stop()
    assert daily.read_totals(db)[0] == ("2026-12-08", "language_choice", "", "ja", 1)


def test_kiosk_stats_without_totals_or_with_a_bad_file(tmp_path):
    env = kiosk_env(XDG_DATA_HOME=str(tmp_path / "empty"))
    fresh = run_kiosk("stats", "--csv", env=env)
    assert fresh.returncode == 0
    assert fresh.stdout == "date,metric,page,language,count\n"
    assert "no daily totals yet" in fresh.stderr
    missing = run_kiosk("stats", "--csv", "--db", str(tmp_path / "nope.sqlite"))
    assert missing.returncode == 1
    assert missing.stderr.strip() == f"kiosk stats: {tmp_path / 'nope.sqlite'}: no such file"
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"x" * 4096)
    broken = run_kiosk("stats", "--csv", "--db", str(garbage))
    assert broken.returncode == 1
    assert broken.stderr.startswith(f"kiosk stats: {garbage}: cannot read the daily totals (")
    assert broken.stdout == ""


def test_the_window_counts_on_with_a_broken_totals_file(with_metrics, qtbot, tmp_path):
    db = tmp_path / "stats.sqlite"
    db.write_bytes(b"not a database, " * 512)
    window, metrics = with_metrics(db=db)
    tap(window, window.next_button)
    assert not metrics.writer.flush()
    tap(window, window.next_button)
    got = samples(scrape(metrics.endpoint.port))
    assert got[("kiosk_touches_total", ())] == 2


def test_reloads_and_syncs_reach_the_content_metrics(make_window, make_deck, qtbot, tmp_path):
    from PySide6.QtCore import QObject, Signal

    from kiosk.ui.metrics import WindowMetrics
    from kiosk.ui.reload import ContentReloader

    class FakeSync(QObject):  # what kiosk.ui.remote's sync offers: a result per round
        synced = Signal(str)

    path = make_deck()
    window = make_window(path=path, metrics="127.0.0.1:0")
    reloader = ContentReloader(window, path, debounce_ms=50, poll_ms=0)
    sync = FakeSync(reloader)
    metrics = WindowMetrics(window, reloader, db_path=tmp_path / "stats.sqlite")
    try:

        def content() -> tuple[dict[str, str], dict[str, str], float | None]:
            got = samples(scrape(metrics.endpoint.port))
            info = next(dict(k[1]) for k in got if k[0] == "kiosk_content_info")
            last = next(dict(k[1]) for k in got if k[0] == "kiosk_content_last_load_info")
            return info, last, got.get(("kiosk_content_last_success_timestamp_seconds", ()))

        info, last, started = content()
        assert info == {"sha256": reloader.content_sha256, "state": "good"}
        assert last == {"source": "start", "result": "ok"}

        good = path.read_text(encoding="utf-8")
        with qtbot.waitSignal(reloader.reloaded, timeout=10_000) as broken:
            path.write_text("{ not json", encoding="utf-8")
        assert broken.args[0].startswith("error")
        info, last, success = content()
        assert info["state"] == "last-good"
        assert last == {"source": "file", "result": "error"}
        assert success == started  # the last success is still the start's

        data = json.loads(good)
        data["default_duration"] = data["default_duration"] + 1
        with qtbot.waitSignal(reloader.reloaded, timeout=10_000) as fixed:
            write(path, data)
        assert fixed.args == ["ok"]
        info, last, success = content()
        assert info == {"sha256": reloader.content_sha256, "state": "good"}
        assert info["sha256"] != hashlib.sha256(good.encode("utf-8")).hexdigest()
        assert last == {"source": "file", "result": "ok"}
        assert success is not None and started is not None and success >= started

        sync.synced.emit("error: timed out")
        assert content()[1] == {"source": "url", "result": "error"}
        sync.synced.emit("not modified")  # the bundle is up to date: a success
        assert content()[1] == {"source": "url", "result": "ok"}
    finally:
        metrics.stop()


def test_a_touch_counts_once_also_where_qt_turns_it_into_a_click(with_metrics, qtbot):
    from PySide6.QtGui import QPointingDevice

    window, metrics = with_metrics(None)
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)

    def touch(widget, pos: QPoint) -> None:
        where = widget.mapTo(window, pos)
        QTest.touchEvent(window, device).press(0, where).commit()
        QTest.touchEvent(window, device).release(0, where).commit()

    first = window.current_slide_id()
    stage = window.stage
    touch(stage, QPoint(stage.width() * 3 // 4, stage.height() // 2))  # taken as a touch
    qtbot.waitUntil(lambda: window.current_slide_id() != first)
    touch(window.previous_button, window.previous_button.rect().center())  # made a click
    qtbot.waitUntil(lambda: window.current_slide_id() == first)
    assert metrics.counts.snapshot().touches == 2


# The web server and signing key of the bundle URL tests (fixtures shared with them).
site, key = test_remote.site, test_remote.key


def test_a_bundle_urls_syncs_reach_the_content_metrics(make_window, qtbot, tmp_path, site, key):
    """A real sync round against a server on 127.0.0.1: a new bundle, then a bad one."""
    from kiosk.remote.sync import Sync
    from kiosk.ui.metrics import WindowMetrics
    from kiosk.ui.reload import ContentReloader
    from kiosk.ui.remote import RemoteSync

    window = make_window(metrics="127.0.0.1:0")
    reloader = ContentReloader(window, MINI)
    sync = Sync(site.url, key.public(), root=tmp_path / "store", timeout=1.0)
    remote = RemoteSync(sync, reloader, poll_s=3600)  # rounds started here only
    metrics = WindowMetrics(window, reloader, db_path=tmp_path / "stats.sqlite")
    try:

        def sync_round() -> dict[str, dict[str, str]]:
            with qtbot.waitSignal(remote.synced, timeout=20_000):
                assert remote.sync_now()
            got = samples(scrape(metrics.endpoint.port))
            return {k[0]: dict(k[1]) for k in got if k[0].startswith("kiosk_content_")} | {
                "success": {"at": str(got[("kiosk_content_last_success_timestamp_seconds", ())])}
            }

        started = metrics.counts.snapshot().content_sha256
        test_remote.publish(
            site, test_remote.zip_of(test_remote.deck_files(test_remote.version("v1"))), key
        )
        new = sync_round()
        assert new["kiosk_content_last_load_info"] == {"source": "url", "result": "ok"}
        assert new["kiosk_content_info"] == {"sha256": reloader.content_sha256, "state": "good"}
        assert reloader.content_sha256 is not None and reloader.content_sha256 != started

        data = test_remote.zip_of(test_remote.deck_files(test_remote.version("v2")))
        test_remote.publish(site, data, key)
        site.files["/park.zip"] = data[:-1] + bytes([data[-1] ^ 1])  # the signature fails
        bad = sync_round()
        assert bad["kiosk_content_last_load_info"] == {"source": "url", "result": "error"}
        assert bad["kiosk_content_info"] == new["kiosk_content_info"]  # the last good shows
        assert bad["success"] == new["success"]
    finally:
        metrics.stop()
