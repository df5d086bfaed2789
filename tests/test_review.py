"""`kiosk review`: one self-contained HTML page with every page of the loop in every
language, problems marked on the page and language they concern. Run as a user runs it, on
the MINI fixture deck at a small size; pages are counted from the content, never by hand."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import MINI, run_kiosk, slide_of

SIZE = (640, 360)
DATA = json.loads(MINI.read_text(encoding="utf-8"))
LANGS = [lang["code"] for lang in DATA["languages"]]
PAGES = [f"slide:{s['id']}" for s in DATA["slides"]] + [f"chart:{c['id']}" for c in DATA["charts"]]


@dataclass
class Cell:
    classes: set[str]
    images: list[str] = field(default_factory=list)  # their src
    marks: list[str] = field(default_factory=list)  # level of each mark drawn on the picture
    findings: list[tuple[str, str]] = field(default_factory=list)  # (level, text)


class Page(HTMLParser):
    """The cells of a review page, by (page, language), in document order; every URL."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[tuple[str, str], Cell] = {}
        self.urls: list[str] = []  # every src and href
        self.tags: list[str] = []
        self.images = 0
        self._cell: Cell | None = None
        self._item: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        self.urls += [v for k, v in a.items() if k in ("src", "href", "srcset", "action")]
        classes = set(a.get("class", "").split())
        if tag == "img":
            self.images += 1
        if tag == "td" and "cell" in classes:
            self._cell = self.cells[a["data-page"], a["data-lang"]] = Cell(classes)
        elif self._cell is not None:
            if tag == "img":
                self._cell.images.append(a["src"])
            elif tag == "span" and "mark" in classes:
                self._cell.marks.append(next(iter(classes - {"mark"})))
            elif tag == "li":
                self._item = (next(iter(classes)), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._cell = None
        elif tag == "li" and self._item is not None and self._cell is not None:
            self._cell.findings.append((self._item[0], "".join(self._item[1])))
            self._item = None

    def handle_data(self, data: str) -> None:
        if self._item is not None:
            self._item[1].append(data)


def review(out: Path, content: Path = MINI) -> tuple[str, Page]:
    size = "x".join(map(str, SIZE))
    result = run_kiosk("review", "--content", str(content), "--size", size, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    html = out.read_text(encoding="utf-8")
    page = Page()
    page.feed(html)
    return html, page


@pytest.fixture(scope="module")
def mini_review(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Page]:
    out = tmp_path_factory.mktemp("review") / "review.html"
    return out, *review(out)


def test_one_picture_per_page_per_language(mini_review):
    _out, _html, page = mini_review
    from PySide6.QtGui import QImage

    assert list(page.cells) == [(p, lang) for p in PAGES for lang in LANGS]  # slides, charts
    assert page.images == len(PAGES) * len(LANGS)  # and no other picture
    for where, cell in page.cells.items():
        (src,) = cell.images
        mime, data = re.fullmatch(r"data:(image/\w+);base64,(.+)", src).groups()
        image = QImage.fromData(base64.b64decode(data))
        assert mime in ("image/webp", "image/jpeg")
        assert (image.width(), image.height()) == SIZE, where
        assert "ok" in cell.classes and cell.findings == [] and cell.marks == [], where


def test_the_page_is_self_contained(mini_review):
    _out, html, page = mini_review
    assert all(url.startswith(("data:", "#")) for url in page.urls), page.urls
    assert not re.search(r"https?:|url\(", html, re.IGNORECASE)  # nothing fetched
    assert "link" not in page.tags and "iframe" not in page.tags
    assert re.search(r"<style>.+</style>", html, re.DOTALL)  # its style is inside
    assert re.search(r"<script>.+</script>", html, re.DOTALL)


def test_an_overflowing_text_is_marked_on_its_page_and_language(make_deck, tmp_path):
    long = " ".join(["Long words go on and on"] * 16)  # within the validator's 400 characters

    def overflow(data: dict) -> None:
        bullets = slide_of(data, "bullets")
        bullets["title"]["en"] = long
        bullets["points"] = [dict(bullets["points"][0], en=long) for _ in range(6)]

    deck = make_deck(overflow)
    _html, page = review(tmp_path / "out" / "review.html", deck)
    where = (f"slide:{slide_of(DATA, 'bullets')['id']}", "en")
    cell = page.cells[where]
    assert "error" in cell.classes
    levels = {level for level, _text in cell.findings}
    texts = " ".join(text for _level, text in cell.findings)
    assert levels == {"error", "long"} and "too much for the screen" in texts
    assert "text cut off: 'Long words go on" in texts
    assert "title in en has 96 words; expected at most" in texts  # the validator's warning
    assert cell.marks and set(cell.marks) == {"error"}  # drawn on the picture too
    others = [c for w, c in page.cells.items() if w != where]
    assert len(others) == len(PAGES) * len(LANGS) - 1
    assert all("ok" in c.classes and not c.findings for c in others)


def test_an_editorial_warning_is_listed_on_its_page_and_language(make_deck, tmp_path):
    """A text that fits the screen but is longer than a visitor reads in passing: the
    validator's warning (kiosk validate), listed in its cell, with its JSON path."""
    from kiosk.content.limits import LIMITS

    title = " ".join(["Park"] * (LIMITS["title"]["words"] + 1))
    deck = make_deck(lambda data: slide_of(data, "figures")["title"].update(en=title))
    html, page = review(tmp_path / "review.html", deck)
    index = next(i for i, s in enumerate(DATA["slides"]) if s["kind"] == "figures")
    cell = page.cells[f"slide:{slide_of(DATA, 'figures')['id']}", "en"]
    assert "long" in cell.classes and not cell.marks  # a list item, not a box on the picture
    [(level, text)] = cell.findings
    assert level == "long" and text.startswith(f"1 Too long: $.slides[{index}].title.en")
    assert "1 text over its editorial limit" in html


def test_a_file_that_cannot_be_written_fails_with_one_line(tmp_path):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder", encoding="utf-8")
    folder = tmp_path / "a-folder"
    folder.mkdir()
    fifo = tmp_path / "a-fifo"
    os.mkfifo(fifo)
    for out in (in_the_way / "review.html", folder, fifo):
        result = run_kiosk("review", "--content", str(MINI), "--out", str(out))
        assert result.returncode == 1, result
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith("kiosk review: cannot write") and str(out) in line
    assert fifo.is_fifo()  # not replaced by a file
    assert in_the_way.read_text(encoding="utf-8") == "not a folder"
    assert list(folder.iterdir()) == []


def test_a_bad_content_file_gets_the_validators_report(make_deck, tmp_path):
    deck = make_deck(lambda data: slide_of(data, "cards")["title"].pop("ko"))
    out = tmp_path / "review.html"
    result = run_kiosk("review", "--content", str(deck), "--out", str(out))
    assert result.returncode == 1
    assert f"{deck}: $.slides[" in result.stderr and "title" in result.stderr
    assert not out.exists()


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):  # installed by tools/setup.sh --test: missing there is a fault
        pytest.fail("chromium is not installed (tools/setup.sh --test installs it)")
    pytest.skip("chromium is not installed")


@pytest.mark.slow
def test_the_page_shows_in_a_real_browser(mini_review, tmp_path):
    """Headless Chromium draws the page: its header on white, the pages' pictures (the
    deck's dark background) below it."""
    from PySide6.QtGui import QImage

    out, _html, _page = mini_review
    shot = tmp_path / "review.png"
    result = subprocess.run(
        [
            chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}",
            "--window-size=1600,1200", out.as_uri(),
        ],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1600, 1200)
    samples = [image.pixelColor(x, y) for x in range(0, 1600, 20) for y in range(0, 1200, 20)]
    assert len({c.rgb() for c in samples}) > 50  # not one flat colour
    assert image.pixelColor(5, 5).lightness() > 240  # the header
    dark = [c for c in samples if c.lightness() < 60]  # the kiosk's navy, drawn by pictures
    assert len(dark) > len(samples) // 10


def test_marks_sit_where_the_problem_is_and_texts_stay_text():
    """The page itself (Qt-free): a box in the page's pixels becomes a mark at the same
    place in percent of the picture; a content text holding HTML is shown, never run."""
    from kiosk.reviewpage import Cell, Review, Row, review_html
    from kiosk.textfit import Finding

    hostile = "<script>alert(1)</script> & <b>"
    row = Row("slide", "p1", "cards", 1, hostile)
    finding = Finding("warning", f"text cut off: {hostile!r}", (320, 180, 64, 36))
    row.cells["en"] = Cell(b"\x00", "image/webp", 640, 360, [finding])
    html = review_html(Review("deck.json", "now", (640, 360), "0", [("en", "English")], [row]))
    page = Page()
    page.feed(html)
    cell = page.cells["slide:p1", "en"]
    assert "warning" in cell.classes and cell.marks == ["warning"]
    assert "left:50.00%;top:50.00%;width:10.00%;height:10.00%" in html
    assert cell.findings == [("warning", f"1 Bad break: text cut off: {hostile!r}")]
    assert "<script>alert" not in html and html.count("<script>") == 1  # the page's own


def test_a_slide_that_fails_to_build_is_reported_not_hidden(qapp, monkeypatch, tmp_path):
    """The kiosk leaves a slide that fails to build out of its loop; the review keeps its
    row and says so in every language (in-process, to make the slide fail)."""
    from kiosk.cli import main
    from kiosk.ui.slides.timeline import TimelineView

    def boom(*_args, **_kwargs):
        raise RuntimeError("injected fault")

    monkeypatch.setattr(TimelineView, "build", boom)
    out = tmp_path / "review.html"
    assert main(["review", "--content", str(MINI), "--size", "640x360", "--out", str(out)]) == 0
    page = Page()
    page.feed(out.read_text(encoding="utf-8"))
    assert list(page.cells) == [(p, lang) for p in PAGES for lang in LANGS]
    broken = f"slide:{slide_of(DATA, 'timeline')['id']}"
    for (where, _lang), cell in page.cells.items():
        if where == broken:
            assert "error" in cell.classes and cell.images == []
            assert "not drawn" in cell.findings[0][1]
        else:
            assert "ok" in cell.classes and len(cell.images) == 1
