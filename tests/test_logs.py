"""Logs and health: the rotating log file, the start-up line, health.json, --log-file."""

from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk import __version__
from kiosk.cli import build_parser
from kiosk.logs import file_sha256, rss_mb, setup_logging
from kiosk.settings import load_settings
from kiosk.ui.health import HealthWriter
from kiosk.ui.reload import ContentReloader
from tests.conftest import start_kiosk, wait_for

HEALTH_KEYS = {
    "uptime_s",
    "slide_id",
    "slide_index",
    "language",
    "last_slide_change",
    "content_sha256",
    "last_reload",
    "rss_mb",
    "pid",
    "version",
}


@pytest.fixture
def restore_logging():
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def test_log_file_in_the_folder_and_file_only_records(tmp_path, restore_logging, capsys):
    path = setup_logging(tmp_path / "data")
    assert path == tmp_path / "data" / "kiosk.log"
    logging.getLogger("kiosk.test").info("hello %s", "file")
    logging.getLogger("kiosk.test").error("quiet", extra={"file_only": True})
    text = path.read_text(encoding="utf-8")
    assert "INFO kiosk.test: hello file" in text and "quiet" in text
    assert "quiet" not in capsys.readouterr().err


def test_setting_up_twice_does_not_double_the_lines(tmp_path, restore_logging):
    setup_logging(None, tmp_path / "a.log")
    path = setup_logging(None, tmp_path / "a.log")
    logging.getLogger("kiosk.test").warning("once")
    assert path.read_text(encoding="utf-8").count("once") == 1


def test_an_unwritable_log_file_falls_back_to_the_console(tmp_path, restore_logging):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert setup_logging(None, blocker / "kiosk.log") is None
    logging.getLogger("kiosk.test").info("still fine")


def test_log_file_flag_and_setting(tmp_path):
    flags = vars(build_parser().parse_args(["--log-file", str(tmp_path / "k.log")]))
    assert load_settings(flags).log_file == tmp_path / "k.log"
    flags = vars(build_parser().parse_args(["run", "--log-file", "x.log"]))
    assert load_settings(flags).log_file == Path("x.log")
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(json.dumps({"log_file": "logs/kiosk.log"}))
    assert load_settings({"settings": settings_file}).log_file == tmp_path / "logs" / "kiosk.log"
    assert load_settings({}).log_file is None


def test_rss_and_sha256_probes(tmp_path):
    assert rss_mb() is None or 1 < rss_mb() < 100_000
    (tmp_path / "f").write_bytes(b"abc")
    assert file_sha256(tmp_path / "f") == hashlib.sha256(b"abc").hexdigest()
    assert file_sha256(tmp_path / "missing") is None


def test_health_file(make_window, make_deck, qtbot, tmp_path):
    deck = make_deck()
    document = json.loads(deck.read_text(encoding="utf-8"))
    ids = [slide["id"] for slide in document["slides"]]
    start = document["default_language"]
    other = next(lang["code"] for lang in document["languages"] if lang["code"] != start)
    window = make_window(path=deck)
    reloader = ContentReloader(window, deck, poll_ms=0)
    health = HealthWriter(window, tmp_path / "health.json", reloader)
    health.start()
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    assert data.keys() >= HEALTH_KEYS
    assert (data["slide_id"], data["slide_index"], data["language"]) == (ids[0], 0, start)
    assert data["content_sha256"] == file_sha256(deck)
    assert data["last_reload"] == "none"
    assert data["pid"] == os.getpid() and data["version"] == __version__
    assert data["last_slide_change"].endswith("Z")
    assert data["rss_mb"] is None or data["rss_mb"] > 0
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.mouseClick(window.languages.buttons[other], Qt.MouseButton.LeftButton)
    assert health.write()
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    assert (data["slide_id"], data["slide_index"], data["language"]) == (ids[1], 1, other)
    assert not list(tmp_path.glob(".*tmp"))  # the temporary file was renamed over


def test_health_names_the_chart_on_screen(make_window, qtbot, tmp_path):
    """While a chart shows, health.json names it as the page, and no slide."""
    window = make_window()
    health = HealthWriter(window, tmp_path / "health.json", None)
    health.start()
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    assert (data["page_kind"], data["page_id"]) == ("slide", data["slide_id"])
    qtbot.mouseClick(window.charts.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.charts.active)
    assert health.write()
    data = json.loads((tmp_path / "health.json").read_text(encoding="utf-8"))
    shown = window.charts.view.current().chart
    assert (data["page_kind"], data["page_id"]) == ("chart", shown.id)
    assert (data["slide_id"], data["slide_index"]) == (None, None)
    assert data["slide_count"] == len(window.content.slides)


def test_health_write_failure_is_logged_not_raised(make_window, make_deck, tmp_path, caplog):
    window = make_window(path=make_deck())
    health = HealthWriter(window, tmp_path / "missing-folder" / "health.json")
    assert health.write() is False
    assert any("cannot write" in r.getMessage() for r in caplog.records)


def test_running_kiosk_writes_the_start_line_and_health(make_deck, tmp_path):
    deck = make_deck()
    log_file = tmp_path / "logs" / "kiosk.log"
    process = start_kiosk("--windowed", "--content", str(deck), "--log-file", str(log_file))
    health = log_file.parent / "health.json"

    def health_written() -> bool:
        assert process.poll() is None, process.communicate()
        try:  # the first health.json, before the content loads, says "starting"
            return json.loads(health.read_text(encoding="utf-8")).get("state") == "running"
        except (OSError, ValueError):
            return False

    try:
        wait_for(health_written, 60, "the running kiosk's health.json")
        data = json.loads(health.read_text(encoding="utf-8"))
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=30)
    assert data.keys() >= HEALTH_KEYS
    assert data["pid"] == process.pid
    text = log_file.read_text(encoding="utf-8")
    start = next(line for line in text.splitlines() if "starting" in line)
    assert __version__ in start and str(deck) in start and file_sha256(deck) in start
    assert "Traceback" not in err


# A start on bad content no longer exits 1: it shows the last good content or a problem
# page (tests/test_never_dark.py, which also checks the report is printed once and logged).


def test_health_file_is_rewritten_on_its_timer(make_window, make_deck, qtbot, tmp_path):
    window = make_window(path=make_deck())
    path = tmp_path / "health.json"
    health = HealthWriter(window, path, interval_ms=100)
    health.start()
    first = json.loads(path.read_text(encoding="utf-8"))["uptime_s"]
    qtbot.waitUntil(
        lambda: json.loads(path.read_text(encoding="utf-8"))["uptime_s"] > first, timeout=3000
    )
