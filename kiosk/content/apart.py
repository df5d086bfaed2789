"""Validation in a child process, so that the running kiosk never holds pydantic.

pydantic's validator for the content format takes ~14 MB of resident memory once built,
plus ~5 MB for pydantic itself, and a process keeps both for good: a kiosk that validated
one edit would sit ~19 MB higher all day. So the running kiosk validates a new or edited
file in a short-lived child of its own program (`kiosk --validate-apart FILE`: see
kiosk.content.cache.child_main), which writes the result to its stdout as a pickle: the
validated content, or the problems.
Only our own child's output is unpickled, never a content file. If the child cannot be
started at all, the file is validated here after all: a reload must not fail for that.
"""

from __future__ import annotations

import logging
import pickle
import sys
from pathlib import Path

from kiosk.content.model import Content
from kiosk.content.validate import ContentError, Problem, load_content

log = logging.getLogger(__name__)

FLAG = "--validate-apart"
# A valid 5 MB file validates in ~2 s on a slow lobby PC; anything near this is hostile.
TIMEOUT_S = 30.0


def command(path: Path) -> list[str]:
    """This program with FLAG: the bundle's executable when frozen, else `python -m kiosk`."""
    if getattr(sys, "frozen", False):
        return [sys.executable, FLAG, str(path)]
    return [sys.executable, "-m", "kiosk", FLAG, str(path)]


def load_content_apart(path: Path | str) -> Content:
    """`load_content(path)`, run in a child process; raises ContentError as it would."""
    import subprocess  # here: only a new file is validated apart; ~3 ms of every start

    path = Path(path)
    try:
        done = subprocess.run(
            command(path), capture_output=True, timeout=TIMEOUT_S, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        raise ContentError(
            path, [Problem("$", f"validation took over {TIMEOUT_S:.0f} s")]
        ) from None
    except OSError as exc:  # no fork, no executable: validate here, as before
        log.warning("cannot validate in a child process (%s); validating in the kiosk", exc)
        return load_content(path)
    try:
        result = pickle.loads(done.stdout) if done.returncode in (0, 3) else None
    except Exception:  # noqa: BLE001 — a child that died mid-write
        result = None
    if done.returncode == 0 and isinstance(result, Content):
        return result
    if done.returncode == 3 and isinstance(result, list):
        raise ContentError(path, [p for p in result if isinstance(p, Problem)])
    tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
    raise RuntimeError(f"the validating process failed (exit {done.returncode}): {tail[0]}")
