"""Small clips made at test time with ffmpeg (Debian's `ffmpeg`, installed by
tools/setup.sh --test), and the media fixture deck with video pages added."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.conftest import MEDIA

CODECS = {
    "h264": ["-c:v", "libx264", "-pix_fmt", "yuv420p", "-preset", "ultrafast"],
    "vp8": ["-c:v", "libvpx", "-b:v", "300k"],
    "vp9": ["-c:v", "libvpx-vp9", "-b:v", "300k", "-deadline", "realtime"],
    "hevc": ["-c:v", "libx265", "-x265-params", "log-level=none"],
}


def ffmpeg() -> str:
    found = shutil.which("ffmpeg")
    if found is None:  # not a skip: CI installs it, and these tests must run there
        raise RuntimeError("ffmpeg is missing: `bash tools/setup.sh --test` installs it")
    return found


def make_clip(
    path: Path,
    seconds: float = 2.0,
    size: tuple[int, int] = (320, 240),
    codec: str = "h264",
    rate: int = 25,
    faststart: bool = True,
) -> Path:
    """A clip whose frames differ visibly: ffmpeg's test pattern with its moving bar and
    frame counter, over a hue that turns with time."""
    path.parent.mkdir(parents=True, exist_ok=True)
    source = f"testsrc=size={size[0]}x{size[1]}:rate={rate}:duration={seconds}"
    args = [ffmpeg(), "-loglevel", "error", "-y", "-f", "lavfi", "-i", source]
    args += ["-vf", "hue=H=2*PI*t/2", *CODECS[codec]]
    if faststart and path.suffix == ".mp4":
        args += ["-movflags", "+faststart"]
    subprocess.run([*args, str(path)], check=True, timeout=120)
    return path


def truncate(path: Path, keep: float = 0.5) -> Path:
    """Cut the file short, as a copy interrupted by a full disk."""
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


VIDEO_TEXTS = {
    "title": {"zh_Hans": "园区影像", "zh_Hant": "園區影像", "en": "The park in motion",
              "ko": "움직이는 단지", "ja": "動く産業園"},
    "caption": {"zh_Hans": "一段短片", "zh_Hant": "一段短片", "en": "A short clip",
                "ko": "짧은 영상", "ja": "短い映像"},
}  # fmt: skip


def video_slide(slide_id: str, clip: str, **extra: object) -> dict:
    return {"id": slide_id, "kind": "video", "clip": clip, **VIDEO_TEXTS, **extra}


def media_deck(folder: Path, seconds: float = 2.0, **extra: object) -> Path:
    """The media fixture deck copied to `folder`, with a clip made there and two video
    pages added after its photo pages: 'motion' (plays once, the clip's first frame as
    its poster) and 'motion-loop' (loops, a picture of the deck as its poster)."""
    shutil.copytree(MEDIA.parent, folder)
    make_clip(folder / "clips" / "pattern.mp4", seconds)
    path = folder / MEDIA.name
    data = json.loads(path.read_text(encoding="utf-8"))
    poster = next(s["picture"] for s in data["slides"] if s["kind"] == "photo")
    data["slides"][2:2] = [
        video_slide("motion", "clips/pattern.mp4", **extra),
        video_slide("motion-loop", "clips/pattern.mp4", loop=True, poster=poster),
    ]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
