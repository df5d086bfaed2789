"""Live reload under a running window: broken edits are logged and ignored, good ones show.

On a copy of the MINI fixture deck; every wait is for the reloader's result (its `reloaded`
signal, or its debounce timer firing when a change turns out to be none)."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk.content import load_content
from kiosk.settings import Settings
from kiosk.ui.app import application
from kiosk.ui.reload import ContentReloader
from kiosk.ui.window import KioskWindow
from tests.conftest import index_of, slide_of


@pytest.fixture
def running(qtbot, make_deck):
    """A live window on a copy of the MINI deck, with the reloader watching it (polling
    off)."""
    application()
    path = make_deck()
    window = KioskWindow(load_content(path), path, Settings(content=path, transition_ms=0))
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    reloader = ContentReloader(window, path, poll_ms=0)  # events only: the watcher must work
    yield window, reloader, path
    window.allow_close = True
    window.close()


def save_atomically(path: Path, text: str) -> None:
    """As editors save: a new file renamed over the old one (drops a plain file watch)."""
    temp = path.with_name(path.name + ".swp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def shown_title(window: KioskWindow) -> str:
    return window.stage.stack.currentWidget().title.text()


@pytest.mark.parametrize("save", ["in_place", "atomic"])
def test_broken_edit_is_logged_and_ignored_then_the_fix_shows(running, qtbot, caplog, save):
    window, reloader, path = running
    lang = next(c for c in window.content.language_codes if c != window.lang)
    qtbot.mouseClick(window.languages.buttons[lang], Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    slide = window.current_slide_id()
    old_title = shown_title(window)
    document = json.loads(path.read_text(encoding="utf-8"))
    writer = save_atomically if save == "atomic" else Path.write_text

    caplog.set_level(logging.INFO, logger="kiosk")
    broken = path.read_text(encoding="utf-8")[:-40]  # a truncated save: not JSON any more
    with qtbot.waitSignal(reloader.reloaded, timeout=5000) as result:
        writer(path, broken)
    assert result.args[0].startswith("error: ")
    assert window.current_slide_id() == slide
    assert shown_title(window) == old_title
    assert window.stage.stack.currentWidget().isVisible()
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings, "the broken edit was not reported"
    assert "still showing the last good content" in warnings[-1].getMessage()
    assert str(path) in warnings[-1].getMessage()  # the validator's report, with the file
    assert reloader.last_result.startswith("error: ")

    index = window.content.slide_index(slide)
    document["slides"][index]["title"][lang] = "Freshly edited title"
    writer(path, json.dumps(document, ensure_ascii=False))
    qtbot.waitUntil(lambda: shown_title(window) == "Freshly edited title", timeout=2000)
    assert window.current_slide_id() == slide
    assert window.lang == lang
    assert reloader.last_result == "ok"


def test_a_validation_error_logs_the_full_report(running, qtbot, caplog):
    window, reloader, path = running
    document = json.loads(path.read_text(encoding="utf-8"))
    count = len(document["slides"])
    slide_of(document, "title")["duration"] = "long"
    slide_of(document, "bullets")["icon"] = "art/missing.svg"
    where = f"$.slides[{index_of(document['slides'], 'title')}].duration"
    shown = window.current_slide_id()
    caplog.set_level(logging.WARNING, logger="kiosk")
    with qtbot.waitSignal(reloader.reloaded, timeout=5000):
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    message = caplog.records[-1].getMessage()
    assert where in message
    assert window.current_slide_id() == shown
    assert len(window.stage.views) == len(window.content.slides) == count


def test_a_touch_without_change_does_not_reload(running, qtbot):
    window, reloader, path = running
    views = list(window.stage.views)
    # The reloader looks when its debounce timer fires (connected before this wait's slot,
    # so the check has run when the wait ends). kiosk has no signal for "checked, unchanged".
    with qtbot.waitSignal(reloader.debounce.timeout, timeout=5000):
        path.write_bytes(path.read_bytes())  # same bytes, new mtime
    assert reloader.last_result == "none"
    assert window.stage.views == views


def test_a_removed_slide_moves_on_and_an_asset_change_reloads(running, qtbot):
    window, reloader, path = running
    qtbot.keyClick(window, Qt.Key.Key_End)
    document = json.loads(path.read_text(encoding="utf-8"))
    gone = document["slides"].pop()["id"]
    left = len(document["slides"])
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    qtbot.waitUntil(lambda: len(window.content.slides) == left, timeout=5000)
    assert gone not in [s.id for s in window.content.slides]
    assert 0 <= window.navigator.index < left
    assert window.stage.stack.currentWidget() is window.stage.views[window.navigator.index]

    before = list(window.stage.views)
    asset = path.parent / "art" / "logo-mark.svg"
    asset.write_text(asset.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    qtbot.waitUntil(lambda: window.stage.views != before, timeout=5000)
    assert reloader.last_result == "ok"


def test_a_deleted_then_restored_file_is_picked_up(running, qtbot):
    window, reloader, path = running
    document = json.loads(path.read_text(encoding="utf-8"))
    count = len(window.stage.views)
    path.unlink()
    qtbot.waitUntil(lambda: reloader.last_result.startswith("error: "), timeout=5000)
    assert "file not found" in reloader.last_result
    assert len(window.stage.views) == count
    changed = slide_of(document, "cards")
    changed["title"] = {code: text + " (back)" for code, text in changed["title"].items()}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    qtbot.waitUntil(lambda: reloader.last_result == "ok", timeout=5000)
    back = window.content.slides[window.content.slide_index(changed["id"]) or 0]
    assert back.id == changed["id"] and back.title[window.lang].endswith(" (back)")
