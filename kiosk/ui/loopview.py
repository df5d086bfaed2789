"""The one adapter between the Qt-free loop (kiosk.loop) and the widgets that show it.

Every action goes to the model through here, and every update the model returns comes
out as a signal, in the order it happened: the window shows pages, the charts view, the
overview, the dots, the attract cue, the health writer and the detail panel subscribe.
Nothing else holds the model's state.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.loop import Event, LanguageChanged, Loop, ModeChanged, Moved, Page, Update


class LoopModel(QObject):
    page_changed = Signal(object)  # a kiosk.loop.Moved: the change and the page it lands on
    mode_changed = Signal(str, str)  # mode, previous: "loop", "visitor", "overview", "detail"
    language_changed = Signal(str)
    resumed = Signal()  # the attract loop goes on after the idle time
    went_home = Signal()  # the long idle: home page, home language

    def __init__(self, loop: Loop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.loop = loop

    def emit_all(self, updates: list[Update]) -> None:
        for update in updates:
            if isinstance(update, Moved):
                self.page_changed.emit(update)
            elif isinstance(update, ModeChanged):
                self.mode_changed.emit(update.mode, update.previous)
            elif isinstance(update, LanguageChanged):
                self.language_changed.emit(update.lang)
            elif update is Event.RESUMED:
                self.resumed.emit()
            elif update is Event.WENT_HOME:
                self.went_home.emit()

    # --- queries -----------------------------------------------------------------------
    @property
    def page(self) -> Page | None:
        return self.loop.page

    @property
    def mode(self) -> str:
        return self.loop.mode

    # --- actions (see kiosk.loop.Loop) ---------------------------------------------------
    def next(self) -> None:
        self.emit_all(self.loop.next())

    def previous(self) -> None:
        self.emit_all(self.loop.previous())

    def first(self) -> None:
        self.emit_all(self.loop.first())

    def last(self) -> None:
        self.emit_all(self.loop.last())

    def go_to(self, index: int, direction: int = 0) -> None:
        self.emit_all(self.loop.go_to(index, direction))

    def step(self, direction: int) -> None:
        """A tap on a half, a swipe or an arrow: +1 next, -1 previous."""
        self.next() if direction > 0 else self.previous()

    def toggle_charts(self) -> None:
        self.emit_all(self.loop.toggle_charts())

    def interact(self) -> None:
        self.emit_all(self.loop.interact())

    def choose_language(self, code: str) -> None:
        self.emit_all(self.loop.choose_language(code))

    def set_language(self, code: str) -> None:
        self.emit_all(self.loop.set_language(code))

    def toggle_overview(self) -> None:
        updates = self.loop.close() if self.loop.mode == "overview" else self.loop.open_overview()
        self.emit_all(updates)

    def open_detail(self, what: str) -> None:
        self.emit_all(self.loop.open_detail(what))

    def close(self) -> None:
        self.emit_all(self.loop.close())

    def tick(self) -> None:
        self.emit_all(self.loop.tick())

    def mark_broken(self, index: int) -> None:
        self.emit_all(self.loop.mark_broken(index))

    def replace_pages(self, pages: list[Page], languages: list[str]) -> None:
        self.emit_all(self.loop.replace_pages(pages, languages))

    def restart(self, home_lang: str) -> None:
        self.emit_all(self.loop.restart(home_lang))
