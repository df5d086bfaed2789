"""A start builds only the page it shows first; the other pages' widgets come after the
first frame (KioskWindow(defer_views=True), as `kiosk run` makes it: SlideView.ensure_built,
kiosk.ui.warm). What a visitor sees, the marks and a slide that fails to build end as at a
start that builds every page at once."""

from __future__ import annotations

import json
import logging

import pytest
from PySide6.QtCore import Qt

from kiosk.content import load_content
from kiosk.settings import Settings
from kiosk.ui.detail import Mark, targets
from kiosk.ui.slides.timeline import TimelineView
from tests.conftest import MINI


def boom(*_args, **_kwargs):
    raise RuntimeError("injected fault")


@pytest.fixture
def start_window(qtbot):
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    made = []

    def start():
        path = MINI
        settings = Settings(content=path, transition_ms=0)
        window = KioskWindow(load_content(path), path, settings, defer_views=True)
        made.append(window)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        return window

    yield start
    for window in made:
        window.allow_close = True
        window.close()


def built(window) -> list[bool]:
    return [view.is_built for view in window.stage.views]


def test_only_the_first_page_is_built_before_the_first_frame(start_window, qtbot):
    window = start_window()
    shown = window.navigator.index
    assert built(window) == [i == shown for i in range(len(window.stage.views))]
    assert window.position.count == len(window.content.slides)  # every page has its dot
    window.show()
    qtbot.waitUntil(lambda: all(built(window)), timeout=10000)
    qtbot.waitUntil(lambda: not window.warmer.isActive(), timeout=10000)
    for view in window.stage.views:  # the marks of pages built late, as of the first
        marked = {t.key: t.host.findChild(Mark) is not None for t in targets(view)}
        assert marked == {t.key: bool(t.detail) for t in targets(view)}
    seen = []
    for _ in range(len(window.stage.views)):  # every page shows, laid out, by real keys
        qtbot.keyClick(window, Qt.Key.Key_Right)
        page = window.stage.page()
        assert page is window.stage.views[window.navigator.index]
        assert page.lang == window.lang and page.labels and page.title.text()
        seen.append(page.slide.id)
    assert sorted(seen) == sorted(s.id for s in window.content.slides)


def test_a_page_that_fails_to_build_after_the_first_frame_is_left_out(
    start_window, qtbot, monkeypatch, caplog
):
    monkeypatch.setattr(TimelineView, "build", boom)
    data = json.loads(MINI.read_text(encoding="utf-8"))
    timeline = next(s["id"] for s in data["slides"] if s["kind"] == "timeline")
    window = start_window()
    assert timeline in [s.id for s in window.content.slides]  # not built yet
    window.show()
    qtbot.waitUntil(lambda: timeline not in [s.id for s in window.content.slides], timeout=10000)
    count = len(data["slides"]) - 1
    assert len(window.stage.views) == len(window.loop.indices("slide")) == count
    assert window.position.count == count
    assert all(built(window))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(timeline in m and "could not be built" in m for m in errors)
    for _ in range(count + 1):  # the loop goes round without it
        qtbot.keyClick(window, Qt.Key.Key_Right)
        assert window.current_slide_id() != timeline
        assert window.stage.stack.currentWidget() is window.stage.views[window.navigator.index]
