"""`kiosk render --format pdf`: a handout, one landscape 16:9 page per slide (and chart) and
language, painted by the widgets onto the PDF: real text in embedded fonts, small files.

On the fixture deck (tests/decks/mini), whose texts the checks read from its data; the
bundled deck only for the size of a whole handout.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CONTENT, MINI, chart_of, run_kiosk, slide_of

DECK = json.loads(MINI.read_text(encoding="utf-8"))
LANGS = [language["code"] for language in DECK["languages"]]
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
MEDIA_BOX = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")
POPPLER = ("pdftotext", "pdffonts", "pdftoppm")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="needs poppler-utils (pdftotext, pdffonts, pdftoppm; tools/setup.sh --test)",
)
# The region of the bundled face each language's text is set in (kiosk/ui/fonts.py)
REGION = {"zh_Hans": "SC", "zh_Hant": "TC", "ja": "JP", "ko": "KR", "en": "KR"}


def render_pdf(out: Path, *args: str, content: Path = MINI) -> subprocess.CompletedProcess[str]:
    pdf = ("--format", "pdf", "--content", str(content), "--out", str(out))
    return run_kiosk("render", *pdf, *args)


def check_pdf(path: Path, pages: int) -> None:
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(PAGE.findall(data)) == pages
    boxes = MEDIA_BOX.findall(data)
    assert len(boxes) == pages
    for width, height in boxes:
        assert float(width) / float(height) == pytest.approx(16 / 9, rel=0.01)  # landscape


def squeezed(text: str) -> str:
    """Text without white space: pdftotext breaks lines where the layout wrapped them."""
    return re.sub(r"\s+", "", text)


def page_texts(path: Path) -> list[str]:
    """Each page's text, as pdftotext finds it (pages end with a form feed)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.decode("utf-8").split("\f")[:-1]


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    """The fixture deck's handout: every slide and chart in every language."""
    out = tmp_path_factory.mktemp("handout") / "mini.pdf"
    result = render_pdf(out, "--lang", "all", "--view", "all")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return out


@pytest.mark.parametrize("lang", ["all", "ko"])
def test_pdf_has_a_page_per_slide_and_language(tmp_path, lang):
    out = tmp_path / "handouts" / f"deck-{lang}.pdf"
    result = render_pdf(out, "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    languages = len(LANGS) if lang == "all" else 1
    check_pdf(out, len(DECK["slides"]) * languages)
    assert f"wrote {len(DECK['slides']) * languages} pages" in result.stdout


def test_pdf_of_the_charts_and_of_chosen_pages(tmp_path):
    charts = tmp_path / "charts.pdf"
    result = render_pdf(charts, "--lang", "en", "--view", "charts")
    assert result.returncode == 0, result.stderr
    check_pdf(charts, len(DECK["charts"]))
    chosen = [slide_of(DECK, "timeline")["id"], chart_of(DECK, "parts")["id"]]
    some = tmp_path / "some.pdf"
    result = render_pdf(some, "--lang", "en", "--view", "all", "--pages", ",".join(chosen))
    assert result.returncode == 0, result.stderr
    check_pdf(some, 2)


def test_pdf_of_an_unknown_page_is_refused_clearly(tmp_path):
    result = render_pdf(tmp_path / "x.pdf", "--pages", "no-such-page")
    assert result.returncode == 2
    assert "--pages no-such-page: no slide with the id no-such-page" in result.stderr
    assert "Traceback" not in result.stderr


@needs_poppler
def test_pdf_text_is_each_page_in_its_language(handout):
    texts = page_texts(handout)
    pages = [*DECK["slides"], *DECK["charts"]]
    assert len(texts) == len(pages) * len(LANGS)
    for i, text in enumerate(texts):
        lang, page = LANGS[i // len(pages)], pages[i % len(pages)]
        # the titles include one with "fi" (the cards' "Fields"): Qt's PDF writer drops a
        # ligature glyph's text, so the handout draws fi and fl as two letters
        assert squeezed(page["title"][lang]) in squeezed(text), (lang, page["id"], text)
        welcome = page is DECK["slides"][0] and page.get("kind") == "title"
        if not welcome:  # the header's short name; the welcome page's title is the name
            assert squeezed(DECK["park"]["short_name"][lang]) in squeezed(text)
        for item in page.get("cards", []):
            assert squeezed(item["title"][lang]) in squeezed(text), (lang, page["id"])


@needs_poppler
def test_pdf_fonts_are_the_bundled_faces_embedded(handout):
    listing = subprocess.run(["pdffonts", str(handout)], capture_output=True, text=True)
    assert listing.returncode == 0, listing.stderr
    rows = [line.split() for line in listing.stdout.splitlines()[2:]]
    assert rows, "no fonts: the text was drawn as pictures or paths"
    for row in rows:
        name, emb = row[0], row[-5]  # name type... encoding emb sub uni object ID
        assert name.startswith("ParkKioskSans-"), row
        assert emb == "yes", row
    faces = {row[0] for row in rows}
    for lang in LANGS:
        assert f"ParkKioskSans-{REGION[lang]}-Regular" in faces
        assert f"ParkKioskSans-{REGION[lang]}-Bold" in faces


def image(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    picture = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not picture.isNull(), path
    rows = np.frombuffer(picture.constBits(), np.uint8).reshape(picture.height(), -1)
    return rows[:, : picture.width() * 3].astype(np.int16)


@needs_poppler
@pytest.mark.parametrize("view", ["slides", "charts"])
def test_pdf_pages_look_like_the_screen_at_full_hd(tmp_path, view):
    """The PDF page, rasterized at 1920x1080, against the PNG render of the same page."""
    page = DECK[view][0]["id"]
    pdf = tmp_path / "page.pdf"
    args = ("--lang", "en", "--view", view, "--pages", page)
    assert render_pdf(pdf, *args).returncode == 0
    png = run_kiosk("render", "--content", str(MINI), "--out", str(tmp_path), *args)
    assert png.returncode == 0, png.stderr
    screen = tmp_path / "en" / (f"charts-{page}.png" if view == "charts" else f"{page}.png")
    raster = tmp_path / "raster"
    subprocess.run(
        ["pdftoppm", "-png", "-singlefile", "-scale-to-x", "1920", "-scale-to-y", "1080",
         str(pdf), str(raster)],
        check=True,
    )  # fmt: skip
    a, b = image(raster.with_suffix(".png")), image(screen)
    assert a.shape == b.shape == (1080, 1920 * 3)
    difference = np.abs(a - b)
    assert difference.mean() < 4, difference.mean()  # antialiasing differs, nothing else
    assert (difference > 96).mean() < 0.01
    assert pdf.read_bytes().count(b"/Width 1920") == 1  # the background, at full HD, once


def test_pdf_of_the_bundled_deck_is_small(tmp_path):
    deck = json.loads(CONTENT.read_text(encoding="utf-8"))
    out = tmp_path / "park.pdf"
    result = render_pdf(out, "--view", "all", content=CONTENT)  # its default language
    assert result.returncode == 0, result.stderr
    check_pdf(out, len(deck["slides"]) + len(deck["charts"]))
    assert out.stat().st_size < 1.5e6
