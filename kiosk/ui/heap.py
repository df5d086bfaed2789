"""The C heap under Qt: hand freed memory back to the system (glibc on Linux only).

Qt allocates each full-screen picture (a slide's snapshot: 1760x860x4 = 6 MB, the
background: 8 MB) with malloc. glibc raises its mmap threshold each time such a block is
freed, so later ones come from the heap, where a freed picture leaves a hole that the
process keeps: resident memory creeps up by tens of MB over reloads and language switches.
`tune()` fixes the threshold (blocks from 512 KB up are mapped, and unmapped when freed)
and limits the arenas; `trim()` returns the heap's free pages after a reload or a language
switch has released the old pictures, and `trim_when_idle()` does so once the window has
been quiet for a while after a page change or a reload. Elsewhere they do nothing.
"""

from __future__ import annotations

import gc
import linecache
import logging
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ctypes itself is imported when the heap is first tuned or trimmed
    import ctypes

    from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8
MMAP_THRESHOLD = 512 * 1024  # smaller than any picture, larger than a glyph or a string
TRIM_THRESHOLD = 4 * 1024 * 1024

_libc: ctypes.CDLL | None = None
_looked = False
_tuned = False  # trims asked for before tune() wait for it (the kiosk's first frame first)
_trim_waiting = False
# After the last page change or reload: between a visitor's taps, not during a transition
# (a trim takes under 1 ms on the kiosk's ~40 MB heap).
IDLE_MS = 2000
_idle: QTimer | None = None
_collect_waiting = False


def libc() -> ctypes.CDLL | None:
    """glibc, if this process runs on it; None elsewhere (macOS, Windows, musl)."""
    global _libc, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            import ctypes
            import ctypes.util

            try:
                lib = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                if hasattr(lib, "malloc_trim") and hasattr(lib, "mallopt"):
                    _libc = lib
            except OSError:
                _libc = None
    return _libc


def tune() -> bool:
    """Fixed mmap and trim thresholds, two arenas. True where glibc took them. A trim
    asked for before is done now."""
    global _tuned
    _tuned = True
    lib = libc()
    ok = lib is not None and all(
        lib.mallopt(option, value) == 1
        for option, value in (
            (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (M_ARENA_MAX, 2),
        )
    )
    if lib is not None and not ok:
        log.debug("mallopt refused a setting")
    if _collect_waiting:
        collect_soon()
    if _trim_waiting:
        trim()
    return ok


def trim() -> None:
    """Give the heap's free pages back to the system (glibc's malloc_trim(0)), after
    dropping the source lines that PySide's import hook reads (`inspect.getsource` of every
    module imported, to look for "PySide6"): 16 MB once pyqtgraph and numpy are in.

    Before tune() only noted, and done by it: kiosk.ui.app.run tunes the heap after the
    first frame, and a trim (ctypes' import, malloc_trim) is not to come before that frame."""
    global _trim_waiting
    linecache.clearcache()
    _trim_waiting = not _tuned
    if _trim_waiting:
        return
    lib = libc()
    if lib is not None:
        lib.malloc_trim(0)


def trim_when_idle() -> None:
    """Trim once nothing has asked for this for IDLE_MS (each call restarts the wait), so
    the trim comes after the deferred deletes of what a page change or a reload replaced.
    Without it the heap kept 2-6 MB of freed, untrimmed pages after reloads (kiosk.memory
    under Xvfb). Needs a running Qt application; without one it trims at once."""
    global _idle
    from PySide6.QtCore import QCoreApplication, QTimer

    if QCoreApplication.instance() is None:
        trim()
        return
    if _idle is None:
        _idle = QTimer()
        _idle.setSingleShot(True)
        _idle.setInterval(IDLE_MS)
        _idle.timeout.connect(lambda: trim())  # looked up when it fires
    _idle.start()


def collect_soon() -> None:
    """A full garbage collection once the current event is done (after a reload has put
    its new content in place). What a reload replaces (the old content, its plots' Python
    side) is partly in reference cycles, which Python's generational collector reaches
    only much later, and the Qt objects they hold stay until then: over 100 back-to-back
    reloads RSS rose 7.3 MB without this, and fell 3.0 MB with it (kiosk.memory, Xvfb).
    Before tune() (the kiosk's first frame) it waits for it, like trim()."""
    global _collect_waiting
    _collect_waiting = not _tuned
    if _collect_waiting:
        return
    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, gc.collect)
