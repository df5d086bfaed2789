"""`kiosk render`: every slide and chart of a deck, in every language, as a user runs it.

Reads the session's one render of the MINI fixture deck (conftest's mini_render); only what
needs other arguments renders again. Names and counts come from the loaded deck."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.content import load_content
from tests.conftest import MINI, RENDER_SIZE, run_kiosk

DECK = load_content(MINI)
SIZE = "x".join(map(str, RENDER_SIZE))


def render(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_kiosk("render", "--content", str(MINI), "--out", str(out), *args)


def test_writes_every_slide_and_chart_in_every_language(mini_render):
    expected = [f"{i + 1:02d}-{s.id}.png" for i, s in enumerate(DECK.slides)]
    expected += sorted(f"charts-{c.id}.png" for c in DECK.charts)
    assert sorted(p.name for p in mini_render.iterdir()) == sorted(DECK.language_codes)
    for lang in DECK.language_codes:
        names = sorted(p.name for p in (mini_render / lang).glob("*.png"))
        assert names == sorted(expected), lang


def test_images_have_the_size_asked_for_and_are_not_blank(mini_render):
    width, height = RENDER_SIZE
    for path in mini_render.glob("*/*.png"):
        image = QImage(str(path))
        assert (image.width(), image.height()) == (width, height), path
        sample = {image.pixel(x, y) for x in range(0, width, 37) for y in range(0, height, 23)}
        assert len(sample) > 20, f"{path} looks blank"


def test_languages_render_differently(mini_render):
    for i, slide in enumerate(DECK.slides):
        name = f"{i + 1:02d}-{slide.id}.png"
        images = {(mini_render / lang / name).read_bytes() for lang in DECK.language_codes}
        assert len(images) == len(DECK.language_codes), slide.id


@pytest.fixture(scope="module")
def one_language(tmp_path_factory) -> tuple[str, Path]:
    """A second render, of one language alone: the last, which came after all the others in
    the session's render."""
    lang = DECK.language_codes[-1]
    assert lang != DECK.language_codes[0]
    out = tmp_path_factory.mktemp("one-language")
    result = render(out, "--lang", lang, "--view", "all", "--size", SIZE)
    assert result.returncode == 0, result.stderr
    return lang, out


def test_output_is_deterministic(mini_render, one_language):
    lang, out = one_language
    names = sorted(p.name for p in (out / lang).glob("*.png"))
    assert names == sorted(p.name for p in (mini_render / lang).glob("*.png"))
    assert len(names) == len(DECK.slides) + len(DECK.charts)  # --view all: both
    for name in names:
        assert QImage(str(out / lang / name)) == QImage(str(mini_render / lang / name)), name


def test_charts_render_the_same_whichever_language_comes_first(mini_render, one_language):
    """A plot built first in a language other than the default still shows its texts."""
    lang, out = one_language
    assert lang != DECK.default_language
    charts = sorted((out / lang).glob("charts-*.png"))
    assert len(charts) == len(DECK.charts)
    for path in charts:
        assert QImage(str(path)) == QImage(str(mini_render / lang / path.name)), path.name


def test_default_language_only_by_default(tmp_path):
    first = next(s.id for s in DECK.slides if s.kind == "cards")
    result = render(tmp_path, "--size", "640x360", "--pages", first)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [DECK.default_language]
    written = sorted(p.name for p in (tmp_path / DECK.default_language).iterdir())
    assert written == sorted([f"{first}.png", "layout.json"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "fr"], "expected 'all' or codes from"),
        (["--size", "big"], "expected WIDTHxHEIGHT"),
    ],
)
def test_bad_arguments_are_explained(tmp_path, args, message):
    result = render(tmp_path, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_bad_content_is_reported_not_rendered(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"slides": [', encoding="utf-8")
    result = run_kiosk("render", "--out", str(tmp_path / "out"), "--content", str(bad))
    assert result.returncode == 1
    assert "bad.json" in result.stderr and "Traceback" not in result.stderr
