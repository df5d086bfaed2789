"""Showing the loop's pages in the window: a slide on the stage, a chart in its place,
the dots; and the one guard for broken pages, slides and charts alike."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.loop import Change, Moved, Page
from kiosk.ui.slides import SlideView, view_for

if TYPE_CHECKING:
    from pathlib import Path

    from kiosk.content import Content
    from kiosk.content.model import Slide
    from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.ui.window")  # where the operators' log has always said it


def pages_of(content: Content, folder: Path | None = None) -> list[Page]:
    """The loop's playlist: every slide, then every chart."""
    slides = [Page("slide", s.id, slide_duration(s, folder)) for s in content.slides]
    return slides + [Page("chart", c.id, c.duration) for c in content.charts]


CLIP_HOLD = 1.0  # s after a clip's length: its page ends with the clip's end (VideoView)


def slide_duration(slide: Slide, folder: Path | None) -> float | None:
    """The content's duration; a video page without one lasts as long as its clip (read
    from the clip's header, kiosk.content.clips) and ends when the clip does."""
    if slide.kind != "video" or slide.duration is not None or folder is None:
        return slide.duration
    from kiosk.content.clips import ClipError, probe

    try:
        seconds = probe(folder / slide.clip).seconds
    except ClipError:
        return None  # it will fail to play, and the page be skipped
    return seconds + CLIP_HOLD


def build_views(content: Content, folder: Path, deferred: bool = False) -> list[SlideView]:
    """A view per slide; one that fails to build is logged and left out, never fatal.
    `deferred`: each view makes its widgets when first prepared (SlideView.ensure_built)."""
    views: list[SlideView] = []
    for slide in content.slides:
        try:
            views.append(view_for(slide, folder, deferred=deferred))
        except Exception:  # one broken slide must not take the deck down
            log.exception("slide %s (%s) could not be built; skipped", slide.id, slide.kind)
    return views


class Pages(QObject):
    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.window, self.loop = window, window.loop
        window.model.page_changed.connect(self.show)
        window.model.mode_changed.connect(self._mode_changed)

    def show_current(self) -> None:
        """Show the loop's page at once, with no motion (new content, a restart)."""
        page, index = self.loop.page, self.loop.index
        if page is not None and self.window.stage.views:
            self.show(Moved(Change(index, -1, 0, "user"), page), animate=False)

    def show(self, moved: Moved, animate: bool = True) -> None:
        """The loop landed on a page: show it, or mark it broken (the loop moves on)."""
        w, (change, page) = self.window, (moved.change, moved.page)
        animate = animate and w.live
        before = w.overviews.take_screen()  # a move from the overview starts from it
        w.outgoing = before or w.outgoing
        if page.kind == "chart":
            if not w.charts.show(w.charts.index_of(page.id), change.direction, animate):
                return self.mark_broken(change.index, "drawing it")
            w.chart_shown.emit(page.id)
            return self.update_position()
        index, was_chart = change.index, w.charts.active
        w.charts.leave()
        shifts = was_chart or before is not None or change.previous != index
        if not shifts and w.stage.current() == index:
            return self.update_position()  # nothing visibly moves (Home on the first slide)
        try:
            w.stage.views[index].prepare(w.stage.rect(), w.lang)  # the stack sizes only its page
            duration = w.settings.transition_ms if animate else 0
            w.stage.show_view(index, change.direction, duration, w.outgoing)
        except Exception:  # noqa: BLE001 — the guard logs it; the slide is skipped
            return self.mark_broken(index, "showing it")
        finally:
            w.outgoing = None
        log.info("slide %d/%d %s", index + 1, len(w.stage.views), page.id)
        w.slide_changed.emit(index)
        w.warmer.schedule()  # the new neighbours' snapshots
        self.update_position()

    def mark_broken(self, index: int, doing: str) -> None:
        """The one guard for broken pages: logged once with the page's id, skipped by the
        loop from now on, listed in health.json; new content clears it."""
        w, page = self.window, self.loop.pages[index]
        if page.key in self.loop.broken:
            return
        log.exception("%s %s failed while %s; skipped from now on", page.kind, page.id, doing)
        w.stage.overlay.stop()
        self.loop.broken.add(page.key)
        if page.kind == "chart":
            w.charts.broken(w.charts.index_of(page.id))
        w.state_changed.emit()
        w.model.mark_broken(index)

    def unready(self, index: int) -> None:
        self.mark_broken(index, "being prepared")

    def update_position(self) -> None:
        index, count = self.loop.section()
        self.window.position.set_state(index, count, self.loop.progress())

    def dot_chosen(self, dot: int) -> None:
        """A tap on a dot: its page, among the pages of the kind shown."""
        same = self.loop.indices(self.loop.page.kind if self.loop.page else "slide")
        if 0 <= dot < len(same):
            self.window.model.go_to(same[dot], 1 if same[dot] > self.loop.index else -1)

    def takes_slide_tap(self, x: float, y: float) -> bool:
        """A card, figure or milestone takes its tap (kiosk.ui.detail)."""
        return self.window.details.tap(self.window.stage.page(), x, y)

    def takes_chart_tap(self, x: float, y: float) -> bool:
        """A bar, part or milestone takes its tap (its figure shows)."""
        return self.window.charts.takes_tap(x, y)

    def _mode_changed(self, mode: str, previous: str) -> None:
        if previous == "detail":
            self.window.details.close()  # a move, Back or the idle closes it
