"""`kiosk render --format pdf`: a handout, one landscape 16:9 page per slide and language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.content import load_content
from tests.conftest import CONTENT, ROOT

DECK = load_content(CONTENT)
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def render_pdf(out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "render", "--format", "pdf", "--out", str(out), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def check_pdf(path: Path, pages: int) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(PAGE.findall(data)) == pages
    boxes = MEDIA_BOX.findall(data)
    assert len(boxes) == pages
    for width, height in boxes:
        assert float(width) / float(height) == pytest.approx(16 / 9, rel=0.01)  # landscape


@pytest.mark.parametrize("lang", ["all", "ko"])
def test_pdf_has_a_page_per_slide_and_language(tmp_path, lang):
    out = tmp_path / "handouts" / f"deck-{lang}.pdf"
    result = render_pdf(out, "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    languages = len(DECK.language_codes) if lang == "all" else 1
    check_pdf(out, len(DECK.slides) * languages)
    assert f"wrote {len(DECK.slides) * languages} pages" in result.stdout


def test_pdf_pages_hold_the_slides_at_full_hd(tmp_path):
    out = tmp_path / "deck.pdf"
    assert render_pdf(out).returncode == 0
    data = out.read_bytes()
    assert len(PAGE.findall(data)) == len(DECK.slides)  # the default language only
    assert data.count(b"/Width 1920") >= len(DECK.slides)
    assert data.count(b"/Height 1080") >= len(DECK.slides)


def test_pdf_of_the_charts_view_is_refused_clearly(tmp_path):
    result = render_pdf(tmp_path / "x.pdf", "--view", "charts")
    assert result.returncode == 2
    assert "pdf renders the slides view only" in result.stderr
    assert "Traceback" not in result.stderr
