"""`kiosk bench`'s video figures: from a change to the first frame of a video page.

A 1080p H.264 clip is made at bench time with ffmpeg (skipped, with a note, without it),
put on a video page after the bundled content's first slide, and the page is reached by a
key press in the real window at 1920x1080, as a visitor's clicker would:

* video_page_first_frame_ms: from the key press to the first frame painted in which the
  page shows a decoded frame of the clip's player (changes without a transition, so the
  figure is the player's); the clip was opened while the page before was shown, as in
  the loop, where a page shows for seconds (VideoView.preload);
* video_page_change_ms: with the kiosk's transition, from the key press to the
  transition's first frame, which shows the page with its poster (the clip's first
  frame, taken while the page before it was shown).
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from kiosk.resources import default_content_path

CLIP_SECONDS = 6


def make_clip(path: Path) -> bool:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return False
    source = f"testsrc2=size=1920x1080:rate=30:duration={CLIP_SECONDS}"
    codec = ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "veryfast"]
    args = [ffmpeg, "-loglevel", "error", "-y", "-f", "lavfi", "-i", source, *codec]
    subprocess.run([*args, "-movflags", "+faststart", str(path)], check=True, timeout=300)
    return True


def video_deck(folder: Path) -> Path | None:
    """The bundled content with a video page after its first slide, or None without ffmpeg."""
    source = default_content_path()
    shutil.copytree(source.parent, folder, dirs_exist_ok=True)
    if not make_clip(folder / "bench-clip.mp4"):
        return None
    path = folder / source.name
    data = json.loads(path.read_text(encoding="utf-8"))
    first = data["slides"][0]
    page = {"id": "bench-video", "kind": "video", "clip": "bench-clip.mp4", "loop": True}
    data["slides"].insert(1, {**page, "title": first["title"]})
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def video_figures(quick: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-video-") as temp:
        path = video_deck(Path(temp))
        if path is None:
            return {"video_note": "no ffmpeg to make a clip: video figures skipped"}
        rounds = 3 if quick else 10
        return {
            "video_page_first_frame_ms": statistics.median(measure(path, rounds, live=True)),
            "video_page_change_ms": statistics.median(measure(path, rounds, live=False)),
        }


def warm(view: Any, live: bool) -> bool:
    """Whether the page is ready as the loop leaves it after a page's time: its poster
    taken, and (playing) its clip opened on its first frame (VideoView.preload)."""
    preloaded = view.player is not None and view.player.frames > 0
    return bool(view.settled() and (preloaded or not live))


def measure(path: Path, rounds: int, live: bool) -> list[float]:
    """`rounds` changes from the first slide to the video page, timed (see the module)."""
    from PySide6.QtCore import QElapsedTimer, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.bench import flush, settle
    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.window import KioskWindow

    application()
    settings = Settings(content=path, transition_ms=0 if live else Settings().transition_ms)
    window = KioskWindow(load_content(path), path, settings, clock=lambda: 0.0)
    window.resize(1920, 1080)
    window.show()
    index = window.content.slide_index("bench-video")
    assert index is not None
    view: Any = window.stage.views[index]
    times: list[float] = []
    painted: list[float] = []  # when each frame of the clip playing was painted
    view.picture_area.painted.connect(lambda: painted.append(time.perf_counter()))
    try:
        for _ in range(rounds):
            window.go_to(index - 1)
            settle(window)
            waited = QElapsedTimer()
            waited.start()
            while not warm(view, live) and waited.elapsed() < 10_000:
                QApplication.processEvents()
                settle(window)
            painted.clear()
            started = time.perf_counter()
            QTest.keyClick(window, Qt.Key.Key_Right)
            flush(window)
            if not live:
                times.append((time.perf_counter() - started) * 1000)
                window.stage.overlay.stop()
            else:
                while not painted and time.perf_counter() - started < 10:
                    QApplication.processEvents()
                    flush(window)
                if not painted:
                    raise RuntimeError("the video page showed no frame of its clip in 10 s")
                times.append((painted[0] - started) * 1000)
    finally:
        window.allow_close = True
        window.close()
        window.deleteLater()
    return times
