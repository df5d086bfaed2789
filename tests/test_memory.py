"""What a reload replaces is released: live reloads do not pile up widgets, plots or pictures.

Structural counts, not memory figures (RSS depends on the machine and its allocator; it is
printed for the record and measured by `kiosk bench`, see kiosk.memory).
"""

from __future__ import annotations

import gc
import json
from collections import Counter

from kiosk.logs import rss_mb
from kiosk.ui import heap

RELOADS = 20


def live_widgets() -> Counter[str]:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()  # pyqtgraph's menus are Python's, freed with the plot's Python objects
    QApplication.processEvents()
    return Counter(type(widget).__name__ for widget in QApplication.allWidgets())


def test_reloads_release_what_they_replace(make_deck, make_window, qtbot):
    from kiosk.ui.charts.base import ChartPlot
    from kiosk.ui.overview import Thumbnail
    from kiosk.ui.reload import ContentReloader
    from kiosk.ui.slides import SlideView

    path = make_deck()
    data = json.loads(path.read_text(encoding="utf-8"))
    name = data["park"]["name"]
    lang = next(iter(name))
    edits = [
        dict(data, park=dict(data["park"], name={**name, lang: name[lang] + mark})) for mark in "ab"
    ]
    window = make_window(size=(1280, 720), path=path)
    window.charts.prepare()  # plots built ahead, as the kiosk does 3 s after start
    qtbot.waitUntil(
        lambda: not window.charts.preparer.isActive() and bool(window.charts.view.plots)
    )
    reloader = ContentReloader(window, path, poll_ms=0)

    def reload(n: int) -> None:
        path.write_text(json.dumps(edits[n % 2], ensure_ascii=False), encoding="utf-8")
        assert reloader.check() == "ok"
        qtbot.waitUntil(lambda: not window.charts.preparer.isActive())
        window.model.next()  # a transition: snapshots of the outgoing and incoming slides

    reload(0)
    before, rss_before = live_widgets(), rss_mb()
    for n in range(1, RELOADS + 1):
        reload(n)
    after, rss_after = live_widgets(), rss_mb()
    print(f"RSS over {RELOADS} reloads (offscreen, MINI deck): {rss_before} -> {rss_after} MB")

    grown = {k: (before[k], v) for k, v in after.items() if v > before[k]}
    assert not grown, f"widgets left behind by {RELOADS} reloads: {grown}"
    slides, charts = len(window.content.slides), len(window.content.charts)
    assert sum(1 for w in window.findChildren(SlideView)) == slides
    assert sum(1 for w in window.charts.view.findChildren(ChartPlot)) <= charts
    assert len(window.overview.findChildren(Thumbnail)) == slides
    assert len(window.stage.overlay.cache) <= 2  # the shown slide and the next


def test_heap_helpers_are_safe_anywhere():
    heap.tune()  # glibc: takes the settings; elsewhere: does nothing
    heap.trim()


def test_the_heap_is_trimmed_when_the_window_is_quiet_after_a_page_change(
    make_window, qtbot, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    window = make_window(size=(1280, 720))
    qtbot.waitUntil(lambda: window.painted)
    QApplication.processEvents()  # the trims start-up asked for
    trims: list[bool] = []  # whether a transition was on screen at each trim
    monkeypatch.setattr(heap, "trim", lambda: trims.append(window.stage.overlay.isVisible()))
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: heap._idle is not None and heap._idle.isActive(), timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Right)  # another change before the pause: one trim
    qtbot.waitUntil(lambda: bool(trims), timeout=10000)
    QApplication.processEvents()
    assert trims == [False]  # once, after the transitions, not during one
