"""Stop cleanly on SIGTERM, SIGINT and SIGHUP (systemd's stop, `kiosk supervise`, Ctrl+C).

Without this a stop kills the process where it stands: the day's counts not yet in the
totals file and health.json's last state are lost. Python runs a signal handler only
between bytecodes, and Qt's event loop is C++, so the signal also writes a byte to a socket
that Qt watches (`signal.set_wakeup_fd`): that wakes the loop, the handler ends it,
and `aboutToQuit` does the writing. `run` then dies of the same signal, so a supervisor or
systemd sees exactly what it sent (a signal, not an exit code it would read as a quit).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

NAMES = ("SIGTERM", "SIGINT", "SIGHUP")


class StopOnSignals:
    """Installed for the life of the event loop; `received` names the signal that stopped it."""

    def __init__(self, app: QApplication) -> None:
        self.received: signal.Signals | None = None
        self._app = app
        self._read, self._write = socket.socketpair()
        for end in (self._read, self._write):
            end.setblocking(False)
        signal.set_wakeup_fd(self._write.fileno())
        self._notifier = QSocketNotifier(self._read.fileno(), QSocketNotifier.Type.Read, app)
        self._notifier.activated.connect(self._drain)
        for name in NAMES:
            if hasattr(signal, name):
                signal.signal(getattr(signal, name), self._stop)

    def _drain(self) -> None:  # Python runs the pending handler as this slot starts
        with contextlib.suppress(OSError):  # nothing to read: woken by another signal's byte
            self._read.recv(64)

    def _stop(self, number: int, _frame: object) -> None:
        if self.received is None:
            self.received = signal.Signals(number)
            log.info("stopping: %s", self.received.name)
        # From the event loop, not here: the handler may run in the middle of any Python code
        # (start-up's services half made, missing exit()'s aboutToQuit). Not quit(): that
        # asks the windows first, and the kiosk's refuses to close.
        QTimer.singleShot(0, lambda: self._app.exit(0))

    def reason(self) -> str:
        """Why the event loop ended: the signal's name, or "quit" (Ctrl+Shift+Q, the
        content-problem page's button)."""
        return self.received.name if self.received is not None else "quit"

    def die_as_received(self) -> None:
        """After the event loop: end the process by the signal that stopped it, if any."""
        if self.received is None:
            return
        logging.shutdown()
        signal.set_wakeup_fd(-1)
        signal.signal(self.received, signal.SIG_DFL)
        os.kill(os.getpid(), self.received)
