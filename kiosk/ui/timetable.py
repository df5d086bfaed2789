"""The content's schedule in the running window: pages come and go, a visit starts or
ends, the display sleeps or wakes, on time and without a restart (kiosk.schedule)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk import schedule

if TYPE_CHECKING:
    from kiosk.ui.window import KioskWindow

log = logging.getLogger("kiosk.ui.window")
SCHEDULE_MAX_S = 30.0  # the schedule is read again at least this often (see check)
SCHEDULE_LATE_MS = 200  # a timer armed for a change fires after it, never just before


class Timetable(QObject):
    def __init__(self, window: KioskWindow) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)  # armed for the schedule's next change
        self.timer.setSingleShot(True)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self.check)

    def home_language(self) -> str:
        """The long idle's language: a visit's, else --lang / the settings' lang, else the
        content's default (the loop falls back to it for a code the deck lacks)."""
        w = self.window
        if w.scheduled.visit is None and w.settings.lang:
            return w.settings.lang
        return w.content.default_language

    def check(self) -> None:
        """Show what the schedule says now. The timer is armed for the next change, but
        never more than SCHEDULE_MAX_S ahead: Qt's timers follow the monotonic clock, so a
        wall clock set late (NTP after boot, a suspend) is caught."""
        w = self.window
        if w.now is None:
            return
        before, now = w.scheduled, w.now()
        if schedule.at(w.source, now).key != before.key:
            w.set_content(w.source, w.source_path)
            self._changed(before)
        elif before.display_off:
            w.blackout.set_off(True)  # a touch may have woken the display: sleep again
        wait = SCHEDULE_MAX_S
        if w.scheduled.next_change is not None:
            wait = min(wait, (w.scheduled.next_change - now).total_seconds())
        self.timer.start(max(0, round(wait * 1000)) + SCHEDULE_LATE_MS)

    def _changed(self, before: schedule.Scheduled) -> None:
        w, after = self.window, self.window.scheduled
        if after.visit != before.visit:
            guests = after.visit and f"{after.visit.id} in {after.visit.language}"
            log.info("visit %s", guests or "over")
        if (after.visit, after.display_off) == (before.visit, before.display_off):
            return
        w.state_changed.emit()
        if w.loop.paused and not after.display_off:
            return  # a visitor is using it: the idle reset goes home later
        # A visit starts or ends, a night begins or ends: the loop starts over, at home.
        w.model.restart(w.content.default_language)
        w.loop.set_home_language(self.home_language())
        w.pages.show_current()
