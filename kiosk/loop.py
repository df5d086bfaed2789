"""The kiosk's loop as one Qt-free model: every page, the mode and the language.

The playlist is every slide, then every chart; each page has its kind, id and duration.
Timing (pause on a touch, resume after ``idle_resume``, home after ``idle_home``, late
ticks) is the ``Navigator``'s, run over the whole playlist, so the attract loop shows the
slides, then the charts, then slide 1 again. On top of it this model keeps:

* the mode: ``loop`` (nobody there), ``visitor`` (someone touched it), ``overview``
  (every slide as a thumbnail) and ``detail`` (a panel over the page);
* the current and the home language (the long idle comes back to the home one);
* broken pages: skipped by every move, by the loop and by going home.

A visitor's next/previous stays among pages of the shown kind (the slides wrap to the
first slide, the charts to the first chart); only the attract loop crosses from the
slides to the charts and back. Every action and ``tick()`` return the updates in the
order they happened: ``Moved`` (a page change), ``ModeChanged``, ``LanguageChanged`` and
the navigator's ``Event.RESUMED`` / ``Event.WENT_HOME``. Queries never change state.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Literal

from kiosk.frozen import frozen
from kiosk.navigation import Change, Event, NavigationConfig, Navigator

__all__ = [
    "Change",
    "Event",
    "LanguageChanged",
    "Loop",
    "Mode",
    "ModeChanged",
    "Moved",
    "Page",
    "Update",
]

Kind = Literal["slide", "chart"]
Mode = Literal["loop", "visitor", "overview", "detail"]


@frozen
class Page:
    kind: Kind
    id: str
    duration: float | None = None  # None: the loop's default

    @property
    def key(self) -> str:
        """Unique across kinds: a slide's id, or ``chart:<id>`` (as health.json lists it)."""
        return self.id if self.kind == "slide" else f"chart:{self.id}"


@frozen
class Moved:
    change: Change
    page: Page


@frozen
class ModeChanged:
    mode: Mode
    previous: Mode


@frozen
class LanguageChanged:
    lang: str


Update = Moved | ModeChanged | LanguageChanged | Event
DEFAULT_CONFIG = NavigationConfig()


class Loop:
    def __init__(
        self,
        pages: Sequence[Page],
        languages: Sequence[str],
        home_lang: str,
        config: NavigationConfig = DEFAULT_CONFIG,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.pages: tuple[Page, ...] = tuple(pages)
        self.languages = list(languages)  # the default first: a code not in it falls back to it
        self.home_lang = self._known(home_lang)
        self.lang = self.home_lang
        self.mode: Mode = "loop"
        self.detail: str | None = None  # what the open detail panel shows
        self.broken: set[str] = set()  # page keys
        self.last_slide = 0  # where the Charts/Slides toggle comes back to
        self._nav = Navigator([p.duration for p in self.pages], config, clock)
        self._updates: list[Update] = []

    # -- queries -------------------------------------------------------------------------

    @property
    def config(self) -> NavigationConfig:
        return self._nav.config

    @property
    def index(self) -> int:
        return self._nav.index

    @property
    def count(self) -> int:
        return len(self.pages)

    @property
    def page(self) -> Page | None:
        return self.pages[self.index] if self.pages else None

    @property
    def paused(self) -> bool:
        return self._nav.paused

    def duration(self, index: int | None = None) -> float:
        return self._nav.duration(index)

    def time_to_next(self) -> float | None:
        return self._nav.time_to_next()

    def progress(self) -> float:
        return self._nav.progress()

    def next_deadline(self) -> float | None:
        return self._nav.next_deadline()

    def indices(self, kind: Kind) -> list[int]:
        return [i for i, p in enumerate(self.pages) if p.kind == kind]

    def is_broken(self, index: int) -> bool:
        return self.pages[index].key in self.broken

    def section(self) -> tuple[int, int]:
        """(position, count) of the shown page among pages of its kind: for the dots."""
        page = self.page
        if page is None:
            return 0, 0
        same = self.indices(page.kind)
        return same.index(self.index), len(same)

    # -- visitor actions -----------------------------------------------------------------

    def next(self) -> list[Update]:
        return self._step(+1)

    def previous(self) -> list[Update]:
        return self._step(-1)

    def first(self) -> list[Update]:
        return self._jump(self.indices(self._kind())[:1], 0)

    def last(self) -> list[Update]:
        return self._jump(self.indices(self._kind())[-1:], 0)

    def go_to(self, index: int, direction: int = 0) -> list[Update]:
        """Jump to page ``index`` (or the next good page after it)."""
        if not 0 <= index < self.count:
            raise IndexError(f"page index {index} out of range for {self.count} pages")
        same = [i for i in self.indices(self.pages[index].kind) if i >= index]
        return self._jump(same + self.indices(self.pages[index].kind), direction)

    def toggle_charts(self) -> list[Update]:
        """The Charts/Slides button: to the first good chart, or back to the slide left."""
        if self._kind() == "chart":  # back (the motion travels back), into the charts forward
            return self.go_to(self.last_slide, -1) if self.indices("slide") else []
        return self._jump(self.indices("chart"), +1)

    def interact(self) -> list[Update]:
        """Any other input: pauses the loop and restarts the idle timers."""
        self._nav.interact()
        if self.mode == "loop":
            self._set_mode("visitor")
        return self._flush()

    def choose_language(self, code: str) -> list[Update]:
        self.interact()
        self._set_lang(code)
        return self._flush()

    def set_language(self, code: str) -> list[Update]:
        """The language set from outside (start-up, a render): not an interaction."""
        self._set_lang(code)
        return self._flush()

    def open_overview(self) -> list[Update]:
        self._nav.interact()
        self._set_mode("overview")
        return self._flush()

    def open_detail(self, what: str) -> list[Update]:
        """A tap on an element with a longer text: a panel over the page shows ``what``."""
        self._nav.interact()
        self.detail = what
        self._set_mode("detail")
        return self._flush()

    def close(self) -> list[Update]:
        """Back, Escape or a tap outside: the overview or the detail panel goes."""
        self.interact()
        self._set_mode("visitor")
        return self._flush()

    # -- timer, content, broken pages ----------------------------------------------------

    def tick(self) -> list[Update]:
        for item in self._nav.tick():
            if isinstance(item, Change):
                self._landed(item)
            elif item is Event.RESUMED:
                self._updates.append(item)
                self._set_mode("loop")
            else:
                self._set_mode("loop")
                self._set_lang(self.home_lang)
                self._updates.append(item)
        return self._flush()

    def end_page(self, index: int) -> list[Update]:
        """Page ``index`` has played to its end (a video page's clip played once): if it
        is shown and nobody is there, the loop moves on now."""
        if index == self.index:
            self._nav.end_current()
        return self.tick()

    def mark_broken(self, index: int) -> list[Update]:
        """The page at ``index`` failed: never shown again; if it is shown, move on."""
        self.broken.add(self.pages[index].key)
        if index == self.index and not all(map(self.is_broken, range(self.count))):
            self._move(self._good(self.index, +1), +1, self._reason())
        return self._flush()

    def replace_pages(
        self, pages: Sequence[Page], languages: Sequence[str] | None = None
    ) -> list[Update]:
        """New content: the shown page stays if its key still exists; broken marks go."""
        current, (place, _count) = self.page, self.section()
        self.pages, self.broken = tuple(pages), set()
        if languages is not None:
            self.languages = list(languages)
            self.home_lang = self._known(self.home_lang)
        keys = [p.key for p in self.pages]
        keep = keys.index(current.key) if current and current.key in keys else 0
        if current and current.key not in keys:  # gone: the page at its place, of its kind
            same = self.indices(current.kind) or self.indices("slide")
            keep = same[min(place, len(same) - 1)] if same else 0
        self._nav.replace_slides([p.duration for p in self.pages], keep)
        self.last_slide = min(self.last_slide, max(0, self.count - 1))
        if self.lang not in self.languages:
            self._set_lang(self.home_lang)
        return self._flush()

    def restart(self, home_lang: str | None = None) -> list[Update]:
        """Start over at home (a visit starts or ends, a night begins or ends)."""
        if home_lang is not None:
            self.home_lang = self._known(home_lang)
        self._nav.replace_slides([p.duration for p in self.pages], 0)
        self._set_mode("loop")
        self._set_lang(self.home_lang)
        if self.pages and self.is_broken(0):
            self._move(self._good(0, +1), 0, "home")
        return self._flush()

    def set_home_language(self, code: str) -> None:
        self.home_lang = self._known(code)

    # -- internals -----------------------------------------------------------------------

    def _kind(self) -> Kind:
        return self.page.kind if self.page else "slide"

    def _known(self, code: str) -> str:
        if code in self.languages or not self.languages:
            return code
        return self.languages[0]

    def _reason(self) -> Literal["auto", "user"]:
        return "user" if self.paused else "auto"

    def _step(self, direction: int) -> list[Update]:
        same = self.indices(self._kind())
        if not same:
            return self.interact()
        here = same.index(self.index) if self.index in same else 0
        order = [same[(here + direction * k) % len(same)] for k in range(1, len(same) + 1)]
        return self._jump(order, direction)

    def _jump(self, order: list[int], direction: int) -> list[Update]:
        """A visitor's move to the first good page of ``order``."""
        self.interact()
        target = next((i for i in order if not self.is_broken(i)), None)
        if target is not None:
            self._move(target, direction, "user")
        return self._flush()

    def _good(self, start: int, direction: int) -> int:
        """``start`` or the first good page after it in the playlist (wrapping)."""
        for k in range(self.count):
            i = (start + k * (direction or 1)) % self.count
            if not self.is_broken(i):
                return i
        return start

    def _move(self, index: int, direction: int, reason: Literal["auto", "user", "home"]) -> None:
        previous = self.index
        # The navigator follows without counting it as an interaction; the new page's
        # time starts now (a user move has already paused the loop).
        self._nav.replace_slides([p.duration for p in self.pages], index)
        self._moved(Change(index, previous, direction, reason))

    def _landed(self, change: Change) -> None:
        """The navigator moved (auto-advance or home): skip broken pages from there."""
        good = self._good(change.index, +1)
        if good != change.index:
            self._nav.replace_slides([p.duration for p in self.pages], good)
            change = Change(good, change.previous, change.direction, change.reason)
        self._moved(change)

    def _moved(self, change: Change) -> None:
        page = self.pages[change.index]
        if page.kind == "slide":
            self.last_slide = change.index
        self._updates.append(Moved(change, page))
        if self.mode in ("overview", "detail"):  # a move is seen: the page, then the mode
            self._set_mode("visitor" if self.paused else "loop")

    def _set_mode(self, mode: Mode) -> None:
        if mode != self.mode:
            previous, self.mode = self.mode, mode
            if mode != "detail":
                self.detail = None
            self._updates.append(ModeChanged(mode, previous))

    def _set_lang(self, code: str) -> None:
        code = self._known(code)
        if code != self.lang:
            self.lang = code
            self._updates.append(LanguageChanged(code))

    def _flush(self) -> list[Update]:
        out, self._updates = self._updates, []
        return out
