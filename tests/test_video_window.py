"""Video pages on screen (#16 item 2): the clip plays in the real window, a clip played
once ends its page, a clip that fails is skipped and logged while the loop goes on, and
nothing of QtMultimedia is loaded before the first video page."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.clips import media_deck, truncate
from tests.conftest import ROOT, kiosk_env

pytestmark = pytest.mark.slow  # real decoding: a few seconds each


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return media_deck(tmp_path / "deck")


def press_until(qtbot, window, slide_id: str) -> None:
    """Right arrow, as a presenter clicker sends it, until the page is `slide_id`."""
    for _ in range(len(window.content.slides)):
        if window.current_slide_id() == slide_id:
            return
        QTest.keyClick(window, Qt.Key.Key_Right)
    assert window.current_slide_id() == slide_id


def test_the_clip_plays_in_the_window(make_window, qtbot, deck: Path) -> None:
    window = make_window((1280, 720), path=deck)
    press_until(qtbot, window, "motion")
    view = window.stage.page()
    assert view is not None and view.slide.id == "motion"
    qtbot.waitUntil(lambda: view.player is not None and view.player.frames >= 3, timeout=10_000)
    first = view.grab().toImage()
    # the test pattern's counter and bar move and its hue turns: a later frame differs
    qtbot.waitUntil(lambda: view.grab().toImage() != first, timeout=10_000)
    assert view.picture_area.live_frame
    assert not window.loop.broken


def test_a_clip_played_once_ends_its_page(make_window, qtbot, clock, deck: Path) -> None:
    window = make_window((1280, 720), path=deck)
    motion = window.content.slide_index("motion")
    # nobody there: the attract loop reaches the video page on its own (the test's clock)
    while window.loop.index != motion:
        clock.now += window.loop.duration()
        window.tick()
    assert window.loop.mode == "loop"
    view = window.stage.page()
    assert view.slide.id == "motion"
    qtbot.waitUntil(lambda: view.player is not None and view.player.frames > 0, timeout=10_000)
    with qtbot.waitSignal(view.player.ended, timeout=15_000):
        pass
    # the clock has not moved: the clip's end, not the page's time, moved the loop on
    qtbot.waitUntil(lambda: window.current_slide_id() != "motion", timeout=5_000)
    assert window.current_slide_id() == "motion-loop"


def test_a_video_page_lasts_as_long_as_its_clip(make_window, deck: Path) -> None:
    data = json.loads(deck.read_text(encoding="utf-8"))
    window = make_window((1280, 720), path=deck)
    loop = window.loop
    motion = window.content.slide_index("motion")
    assert 2.0 <= loop.duration(motion) <= 3.5  # the 2 s clip and a short hold
    assert loop.duration(window.content.slide_index("hello")) == data["default_duration"]


def test_a_clip_that_fails_is_skipped_logged_and_the_loop_goes_on(
    make_window, qtbot, deck: Path, caplog: pytest.LogCaptureFixture
) -> None:
    window = make_window((1280, 720), path=deck)
    # validated whole; then cut short on disk while the kiosk runs, as a failed copy
    truncate(deck.parent / "clips" / "pattern.mp4", 0.4)
    with caplog.at_level(logging.INFO):
        press_until(qtbot, window, "motion")
        qtbot.waitUntil(lambda: "motion" in window.loop.broken, timeout=15_000)
    assert window.current_slide_id() != "motion"  # moved on
    assert "motion" in window.broken  # what health.json lists
    assert any("motion" in r.getMessage() and "skipped" in r.getMessage() for r in caplog.records)
    assert any("pattern.mp4" in r.getMessage() or "pattern.mp4" in (r.exc_text or "")
               for r in caplog.records)  # fmt: skip
    QTest.keyClick(window, Qt.Key.Key_Right)  # the loop goes on, past the broken page
    QTest.keyClick(window, Qt.Key.Key_Right)
    assert window.current_slide_id() != "motion"


def test_nothing_video_is_loaded_before_the_first_video_page(tmp_path: Path) -> None:
    deck = media_deck(tmp_path / "deck")
    script = f"""
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QElapsedTimer
from kiosk.content import load_content
from kiosk.settings import Settings
from kiosk.ui.app import application
from kiosk.ui.window import KioskWindow

app = application()
path = Path({str(deck)!r})
window = KioskWindow(load_content(path), path, Settings(content=path, transition_ms=0))
window.resize(1280, 720)
window.show()
timer = QElapsedTimer()
timer.start()
while timer.elapsed() < 1500:
    QCoreApplication.processEvents()
print("start", window.current_slide_id(), "PySide6.QtMultimedia" in sys.modules)
window.go_to(window.content.slide_index("motion"))
view = window.stage.page()
timer.restart()
while timer.elapsed() < 10000 and not (view.player and view.player.frames):
    QCoreApplication.processEvents()
print("video", window.current_slide_id(), "PySide6.QtMultimedia" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=kiosk_env(), capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    lines = [line for line in result.stdout.splitlines() if line.startswith(("start", "video"))]
    assert lines == ["start hello False", "video motion True"], result.stderr[-2000:]


def test_leaving_the_video_page_lets_its_player_go(make_window, qtbot, deck: Path) -> None:
    window = make_window((1280, 720), path=deck)
    press_until(qtbot, window, "motion")
    view = window.stage.page()
    qtbot.waitUntil(lambda: view.player is not None and view.player.frames > 0, timeout=10_000)
    press_until(qtbot, window, "framed")  # two pages on: neither shown nor next
    qtbot.waitUntil(lambda: view.player is None, timeout=5_000)
    # the clip's poster stays for the next visit (and the overview); no decoder is kept
    assert view.picture_area.image is not None and not view.picture_area.live_frame


def test_new_content_while_a_clip_plays(make_window, qtbot, deck: Path) -> None:
    from kiosk.content import load_content

    window = make_window((1280, 720), path=deck)
    press_until(qtbot, window, "motion")
    old = window.stage.page()
    qtbot.waitUntil(lambda: old.player is not None and old.player.frames > 0, timeout=10_000)
    data = json.loads(deck.read_text(encoding="utf-8"))
    motion = next(s for s in data["slides"] if s["id"] == "motion")
    motion["caption"] = {**motion["caption"], "en": "A new caption"}
    deck.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window.set_content(load_content(deck), deck)  # what the live reloader does
    assert window.current_slide_id() == "motion"  # the page shown stays
    new = window.stage.page()
    assert new is not old
    qtbot.waitUntil(lambda: new.player is not None and new.player.frames >= 3, timeout=10_000)
    assert new.caption.text() == "A new caption"
    assert not window.loop.broken
