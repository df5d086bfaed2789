"""Attract-loop navigation: which slide is shown, when it advances, when it goes home.

A pure state machine with an injectable clock: no Qt, no threads, no sleeping.
The view calls the user-action methods on input and ``tick()`` from a timer
(ideally a single-shot timer armed for ``next_deadline()``), then reacts to the
returned ``Change`` and ``Event`` values.

Timing rules
------------
* A slide stays for its own duration, or ``default_duration`` when it sets none
  (``None``, ``<= 0`` or non-finite all mean "none"); the last slide wraps to the first.
* Any user move or ``interact()`` pauses auto-advance and starts an idle period.
* ``idle_resume`` s after the last interaction auto-advance resumes (``RESUMED``);
  the current slide then gets a fresh full duration from that moment.
* ``idle_home`` s after the last interaction the deck returns to slide 0 (a ``Change``
  with reason ``"home"`` if the index moves) and ``WENT_HOME`` is emitted exactly once
  per idle period, even when already on slide 0, so the view can reset the language.
  If the loop has resumed by then, going home waits for the end of the shown slide (it
  takes the place of that auto-advance): a visitor never sees a slide cut short.

State only changes in ``tick()`` and the user-action methods; the queries
(``paused``, ``time_to_next()``, ``progress()``, ``next_deadline()``) never change
state, so ``paused`` stays ``True`` until the ``tick()`` that emits ``RESUMED``.

Late ticks
----------
``tick()`` applies due resume and go-home at the times they were due, so a late
tick yields the same events in the same order as on-time ticks would. Auto-advances
are different on purpose: at most one is applied per tick and the new slide's timer
starts at the tick time. After a stall (suspended machine, blocked event loop) a
visitor should see the next slide for its full duration rather than a burst of
skipped slides. Auto-advances that would have fallen between resume and go-home
are dropped entirely, since going home would immediately overwrite them.
As a consequence, a tick that is slightly late (timer jitter) shifts the rest of
the loop by that lateness; that drift is invisible in a lobby.

Small decks
-----------
With fewer than two slides there is no auto-advance: ``tick()`` never emits an
auto ``Change``, ``time_to_next()`` is ``None`` and ``progress()`` is ``0.0``.
``RESUMED`` and ``WENT_HOME`` still work. On an empty deck ``index`` is ``0``,
user moves return a no-op ``Change`` (``index == previous == 0``) and ``go_to()``
raises ``IndexError``.
"""

from __future__ import annotations

import enum
import math
import time
from collections.abc import Callable, Sequence
from typing import Literal

from kiosk.frozen import frozen

__all__ = ["IDLE_HOME", "IDLE_RESUME", "Change", "Event", "NavigationConfig", "Navigator", "Reason"]

Reason = Literal["auto", "user", "home"]

# Seconds after the last interaction until the loop resumes and until it goes home; also
# the defaults of kiosk.settings.Settings.
IDLE_RESUME = 45.0
IDLE_HOME = 120.0


@frozen
class NavigationConfig:
    """Timing of the attract loop, in seconds."""

    default_duration: float = 12.0
    idle_resume: float = IDLE_RESUME
    idle_home: float = IDLE_HOME

    def __post_init__(self) -> None:
        # Written as "not (ok)" so NaN is rejected too.
        if not (math.isfinite(self.default_duration) and self.default_duration > 0):
            raise ValueError(f"default_duration must be > 0, got {self.default_duration!r}")
        if not (math.isfinite(self.idle_resume) and self.idle_resume >= 0):
            raise ValueError(f"idle_resume must be >= 0, got {self.idle_resume!r}")
        if not (math.isfinite(self.idle_home) and self.idle_home >= self.idle_resume):
            raise ValueError(
                f"idle_home must be >= idle_resume ({self.idle_resume!r}), got {self.idle_home!r}"
            )


class Event(enum.Enum):
    """Things the view must react to, returned by ``tick()``.

    Slide changes come back as ``Change`` values, and pausing happens synchronously
    inside the user-action methods (read ``paused``).
    """

    RESUMED = enum.auto()
    WENT_HOME = enum.auto()


@frozen
class Change:
    """A slide change. ``index == previous`` means nothing visibly moved."""

    index: int
    previous: int
    direction: int  # +1 forward, -1 back, 0 jump or home; lets the view pick a transition
    reason: Reason


class Navigator:
    """Attract-loop state machine; see the module docstring for the rules."""

    def __init__(
        self,
        durations: Sequence[float | None],
        config: NavigationConfig = NavigationConfig(),  # noqa: B008 — frozen (kiosk.frozen)
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config = config
        self._clock = clock
        self._durations = self._resolve(durations)
        self._index = 0
        self._slide_start = clock()
        self._paused = False
        self._last_interaction: float | None = None
        # The kiosk starts at home, so there is no WENT_HOME owed until someone interacts.
        self._home_pending = False

    # -- queries ---------------------------------------------------------------------

    @property
    def config(self) -> NavigationConfig:
        return self._config

    @property
    def index(self) -> int:
        return self._index

    @property
    def count(self) -> int:
        return len(self._durations)

    @property
    def paused(self) -> bool:
        return self._paused

    def duration(self, index: int | None = None) -> float:
        """Effective duration of slide ``index`` (default: the current one)."""
        i = self._index if index is None else index
        if not 0 <= i < len(self._durations):
            raise IndexError(f"slide index {i} out of range for {len(self._durations)} slides")
        return self._durations[i]

    def time_to_next(self) -> float | None:
        """Seconds until the next auto-advance, ``None`` while paused or with < 2 slides."""
        deadline = self._advance_deadline()
        if deadline is None:
            return None
        return max(0.0, deadline - self._clock())

    def progress(self) -> float:
        """Fraction 0..1 of the current slide's time elapsed; 0 while paused."""
        if self._advance_deadline() is None:
            return 0.0
        elapsed = self._clock() - self._slide_start
        return min(1.0, max(0.0, elapsed / self._durations[self._index]))

    def next_deadline(self) -> float | None:
        """Clock time at which ``tick()`` next has work to do, ``None`` if never.

        May lie in the past if ``tick()`` is overdue; the caller should then tick at once.
        """
        if self._paused:
            # idle_home >= idle_resume, so resume always comes first.
            return self._resume_time()
        candidates = [t for t in (self._advance_deadline(), self._home_time()) if t is not None]
        return min(candidates, default=None)

    # -- user actions ----------------------------------------------------------------

    def next(self) -> Change:
        """Forward one slide, wrapping; counts as an interaction."""
        return self._user_move(self._wrap(self._index + 1), +1)

    def previous(self) -> Change:
        """Back one slide, wrapping; counts as an interaction."""
        return self._user_move(self._wrap(self._index - 1), -1)

    def first(self) -> Change:
        return self._user_move(0, 0)

    def last(self) -> Change:
        return self._user_move(max(0, self.count - 1), 0)

    def go_to(self, index: int) -> Change:
        """Jump to ``index``; negative indices are rejected, not counted from the end."""
        if not 0 <= index < self.count:
            raise IndexError(f"slide index {index} out of range for {self.count} slides")
        return self._user_move(index, 0)

    def interact(self) -> None:
        """Any other input: pauses and restarts the idle timers without moving."""
        now = self._clock()
        self._paused = True
        self._last_interaction = now
        self._home_pending = True
        self._slide_start = now

    def end_current(self) -> None:
        """The current slide has ended before its time (a clip played to its end): the
        next ``tick()`` moves on, unless a visitor has paused the loop."""
        if not self._paused and self.count:
            self._slide_start = min(self._slide_start, self._clock() - self._durations[self._index])

    # -- timer -----------------------------------------------------------------------

    def tick(self) -> list[Change | Event]:
        """Apply everything due at ``clock()`` and return it in order."""
        now = self._clock()
        out: list[Change | Event] = []

        resume_at = self._resume_time()
        if self._paused and resume_at is not None and now >= resume_at:
            self._paused = False
            self._slide_start = resume_at
            out.append(Event.RESUMED)

        home_at = self._home_time()
        if home_at is not None and now >= home_at:
            self._home_pending = False
            if self._index != 0:
                out.append(Change(0, self._index, 0, "home"))
                self._index = 0
            out.append(Event.WENT_HOME)
            self._slide_start = home_at

        deadline = self._advance_deadline()
        if deadline is not None and now >= deadline:
            previous = self._index
            self._index = self._wrap(previous + 1)
            # Start at the tick time, not the deadline: never fast-forward after a stall.
            self._slide_start = now
            out.append(Change(self._index, previous, +1, "auto"))

        return out

    # -- content reload --------------------------------------------------------------

    def replace_slides(
        self, durations: Sequence[float | None], keep_index: int | None = None
    ) -> None:
        """Swap in a new deck.

        ``keep_index`` is the caller's mapping of the current slide into the new deck;
        without it the current index is kept. Either is clamped into range. The shown
        slide gets a fresh timer because the view re-renders it; pause and idle timers
        are untouched since a reload is not an interaction.
        """
        self._durations = self._resolve(durations)
        wanted = self._index if keep_index is None else keep_index
        self._index = min(max(wanted, 0), max(0, self.count - 1))
        self._slide_start = self._clock()

    # -- internals -------------------------------------------------------------------

    def _resolve(self, durations: Sequence[float | None]) -> list[float]:
        default = self._config.default_duration
        return [d if d is not None and math.isfinite(d) and d > 0 else default for d in durations]

    def _wrap(self, index: int) -> int:
        return index % self.count if self.count else 0

    def _user_move(self, index: int, direction: int) -> Change:
        previous = self._index
        self.interact()
        self._index = index
        return Change(index, previous, direction, "user")

    def _resume_time(self) -> float | None:
        if self._last_interaction is None:
            return None
        return self._last_interaction + self._config.idle_resume

    def _home_time(self) -> float | None:
        if not self._home_pending or self._last_interaction is None:
            return None
        home = self._last_interaction + self._config.idle_home
        # A loop that has resumed is not cut into: home waits for the shown slide's end.
        deadline, resume = self._advance_deadline(), self._resume_time()
        if deadline is not None and self._index != 0 and resume is not None and resume < home:
            home = max(home, deadline)
        return home

    def _advance_deadline(self) -> float | None:
        if self._paused or self.count < 2:
            return None
        return self._slide_start + self._durations[self._index]
