"""Video pages in the content format (#16 item 2): the clip is checked from its header,
without Qt, with a clear error by file, JSON path and sentence."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk.content import clips
from kiosk.content.validate import ContentError, load_content
from tests.clips import make_clip, media_deck, truncate


def slide_index(path: Path, slide_id: str) -> int:
    data = json.loads(path.read_text(encoding="utf-8"))
    return next(i for i, s in enumerate(data["slides"]) if s["id"] == slide_id)


def edit(path: Path, slide_id: str, **fields: object) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data["slides"][slide_index(path, slide_id)].update(fields)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def problems(path: Path) -> list[tuple[str, str]]:
    with pytest.raises(ContentError) as caught:
        load_content(path)
    return [(p.path, p.message) for p in caught.value.problems]


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return media_deck(tmp_path_factory.mktemp("media") / "deck")


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    return media_deck(tmp_path / "deck")


def test_the_media_deck_with_video_pages_validates(deck: Path) -> None:
    content = load_content(deck)
    videos = [s for s in content.slides if s.kind == "video"]
    assert {v.id for v in videos} == {"motion", "motion-loop"}
    looping = next(v for v in videos if v.id == "motion-loop")
    assert looping.loop is True and looping.poster is not None


def test_probe_reads_container_codec_size_and_duration(tmp_path: Path) -> None:
    mp4 = clips.probe(make_clip(tmp_path / "a.mp4", 2.0, (320, 240)))
    assert (mp4.container, mp4.codec, mp4.width, mp4.height) == ("MP4", "H.264", 320, 240)
    assert mp4.seconds == pytest.approx(2.0, abs=0.1)
    not_fast = clips.probe(make_clip(tmp_path / "b.mp4", 1.5, faststart=False))
    assert not_fast.seconds == pytest.approx(1.5, abs=0.1)


@pytest.mark.parametrize(("codec", "name"), [("vp8", "VP8"), ("vp9", "VP9")])
def test_webm_with_vp8_or_vp9_is_a_clip(fresh: Path, codec: str, name: str) -> None:
    clip = make_clip(fresh.parent / "clips" / f"{codec}.webm", 1.5, codec=codec)
    found = clips.probe(clip)
    assert (found.container, found.codec, found.width) == ("WebM", name, 320)
    assert found.seconds == pytest.approx(1.5, abs=0.1)
    edit(fresh, "motion", clip=f"clips/{codec}.webm")
    load_content(fresh)


def test_an_h265_clip_is_refused_by_name(fresh: Path) -> None:
    make_clip(fresh.parent / "clips" / "hevc.mp4", 1.5, codec="hevc")
    edit(fresh, "motion", clip="clips/hevc.mp4")
    where = f"$.slides[{slide_index(fresh, 'motion')}].clip"
    [(path, message)] = problems(fresh)
    assert path == where
    assert '"clips/hevc.mp4"' in message and "H.265/HEVC" in message
    assert "expected H.264" in message


@pytest.mark.parametrize("faststart", [True, False])
def test_a_truncated_clip_is_refused(fresh: Path, faststart: bool) -> None:
    truncate(make_clip(fresh.parent / "clips" / "cut.mp4", 2.0, faststart=faststart), 0.6)
    edit(fresh, "motion", clip="clips/cut.mp4")
    [(path, message)] = problems(fresh)
    assert path.endswith(".clip")
    assert "cut short" in message and '"clips/cut.mp4"' in message


def test_a_truncated_webm_is_refused(fresh: Path) -> None:
    truncate(make_clip(fresh.parent / "clips" / "cut.webm", 2.0, codec="vp9"), 0.5)
    edit(fresh, "motion", clip="clips/cut.webm")
    [(_path, message)] = problems(fresh)
    assert "cut short" in message


def test_text_named_mp4_matroska_and_missing_files_are_refused(fresh: Path) -> None:
    (fresh.parent / "clips" / "notes.mp4").write_text("not a video\n")
    make_clip(fresh.parent / "clips" / "x.mkv", 1.5)
    edit(fresh, "motion", clip="clips/notes.mp4")
    edit(fresh, "motion-loop", clip="clips/x.mkv")
    found = dict(problems(fresh))
    assert "not a video file" in found[f"$.slides[{slide_index(fresh, 'motion')}].clip"]
    assert "Matroska" in found[f"$.slides[{slide_index(fresh, 'motion-loop')}].clip"]
    edit(fresh, "motion", clip="clips/nowhere.mp4")
    edit(fresh, "motion-loop", clip="../outside.mp4")
    found = dict(problems(fresh))
    assert "not found" in found[f"$.slides[{slide_index(fresh, 'motion')}].clip"]
    assert (
        "leaves the content folder" in found[f"$.slides[{slide_index(fresh, 'motion-loop')}].clip"]
    )


def test_duration_and_pixel_bounds(fresh: Path) -> None:
    make_clip(fresh.parent / "clips" / "blink.mp4", 0.4)
    make_clip(fresh.parent / "clips" / "wide.mp4", 1.2, size=(4160, 64), rate=5)
    edit(fresh, "motion", clip="clips/blink.mp4")
    edit(fresh, "motion-loop", clip="clips/wide.mp4")
    found = dict(problems(fresh))
    short = found[f"$.slides[{slide_index(fresh, 'motion')}].clip"]
    assert "lasting 0.4 s" in short and "expected 1 s to 10 minutes" in short
    wide = found[f"$.slides[{slide_index(fresh, 'motion-loop')}].clip"]
    assert "4160x64" in wide and "expected at most 4K" in wide


def test_file_size_bound(fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clips, "MAX_CLIP_BYTES", 1000)
    [(path, message)] = [p for p in problems(fresh) if p[0].endswith("].clip")][:1]
    assert "expected a clip of at most" in message


def test_a_fifo_as_the_clip_is_refused_without_blocking(fresh: Path) -> None:
    fifo = fresh.parent / "clips" / "pipe.mp4"
    os.mkfifo(fifo)
    edit(fresh, "motion", clip="clips/pipe.mp4")
    [(_path, message)] = problems(fresh)  # returns: the open would block on a FIFO
    assert "special file" in message


def test_the_poster_is_checked_as_a_picture(fresh: Path) -> None:
    (fresh.parent / "clips" / "poster.png").write_bytes(b"\x89PNG\r\n\x1a\n broken")
    edit(fresh, "motion", poster="clips/poster.png")
    [(path, _message)] = problems(fresh)
    assert path == f"$.slides[{slide_index(fresh, 'motion')}].poster"
