"""`kiosk review`: every page of the loop in every language on one HTML page, with what is
wrong with each page marked on it. The pages are put on screen by `kiosk render`'s own
offscreen window and page walkers; kiosk.ui.fit finds the problems, kiosk.reviewpage
writes the page."""

from __future__ import annotations

import argparse
import os
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import __version__
from kiosk.content import Content, ContentError, load_content
from kiosk.content.limits import length_warnings
from kiosk.files import write_atomic
from kiosk.resources import default_content_path
from kiosk.reviewpage import Cell, Review, Row, level, review_html
from kiosk.textfit import Finding
from kiosk.ui.render import RenderError, check_written

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

# Pictures larger than 1280x720 (in pixels, any shape) are scaled down, so the page stays a
# few MB (the bundled deck's 75 pages: 4.3 MB); WebP at 80 keeps small text sharp at ~35 KB
# a page (PNG: ~350 KB).
MAX_PIXELS = 1280 * 720
QUALITY = 80
PAGE_PATH = re.compile(r"\$\.(slide|chart)s\[(\d+)\]")  # of an editorial warning


def review_command(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # like render: never needs a display
    path = args.content or default_content_path()
    out: Path = args.out
    try:
        content = load_content(path)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    try:  # before the pages are drawn: a bad --out fails at once
        if out.is_dir():
            raise RenderError(f"cannot write {out}: it is a folder; give a file name (.html)")
        if out.exists() and not out.is_file():  # the write would replace a device or FIFO
            raise RenderError(f"cannot write {out}: it is not a regular file")
        out.parent.mkdir(parents=True, exist_ok=True)
        if not os.access(out.parent, os.W_OK):
            raise RenderError(f"cannot write {out}: {out.parent} is not writable")
    except OSError as exc:  # a file where a folder should be
        print(f"kiosk review: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except RenderError as exc:
        print(f"kiosk review: {exc}", file=sys.stderr)
        return 1
    from kiosk.ui.app import application

    application()
    rows = capture(content, path, args.size)
    review = Review(
        content=str(path),
        made=datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        size=args.size,
        version=__version__,
        languages=[(lang.code, lang.label) for lang in content.languages],
        rows=rows,
    )
    try:
        write_atomic(out, review_html(review).encode("utf-8"))
        check_written(out, ending=b"</html>")
    except OSError as exc:
        print(f"kiosk review: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except RenderError as exc:
        print(f"kiosk review: {exc}", file=sys.stderr)
        return 1
    marked = sum(1 for row in rows for code, _ in review.languages if level(row, code) != "ok")
    print(f"wrote {out}: {len(rows)} pages in {len(content.languages)} languages, {marked} marked")
    return 0


def capture(content: Content, path: Path, size: tuple[int, int]) -> list[Row]:
    """Every slide, then every chart, drawn in every language, with its findings."""
    from kiosk.ui.fit import chart_findings, slide_findings
    from kiosk.ui.render import chart_pages, offscreen_window, slide_pages

    def title(text: dict[str, str]) -> str:
        return text.get(content.default_language) or next(iter(text.values()), "")

    rows = {
        ("slide", s.id): Row("slide", s.id, s.kind, n, title(s.title))
        for n, s in enumerate(content.slides, 1)
    }
    rows |= {
        ("chart", c.id): Row("chart", c.id, c.kind, n, title(c.title))
        for n, c in enumerate(content.charts, 1)
    }
    with offscreen_window(content, path, size) as window:
        # A slide that fails to build is left out of the window's deck: its row stays
        # without pictures, and the page says so.
        shown = window.content
        for lang in content.language_codes:
            window.set_language(lang)
            for page_id in slide_pages(window, ids={s.id for s in shown.slides}):
                image = window.grab().toImage()  # lays the page out: find problems after it
                rows["slide", page_id].cells[lang] = _cell(image, slide_findings(window))
            for stem in chart_pages(window):
                image = window.grab().toImage()
                page_id = stem.removeprefix("charts-")
                rows["chart", page_id].cells[lang] = _cell(image, chart_findings(window))
    for too_long in length_warnings(content):  # the validator's editorial warnings
        page = PAGE_PATH.match(too_long.path)
        if page is None:  # a visit's welcome page: not in the loop drawn here
            continue
        kind, index = page.groups()
        pages = content.slides if kind == "slide" else content.charts
        cell = rows[kind, pages[int(index)].id].cells.get(too_long.lang)
        if cell is not None:
            cell.findings.append(Finding("long", f"{too_long.path}: {too_long.message}"))
    return list(rows.values())


def _cell(image: QImage, findings: list[Finding]) -> Cell:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImageWriter

    width, height = image.width(), image.height()
    if width * height > MAX_PIXELS:
        factor = (MAX_PIXELS / (width * height)) ** 0.5
        image = image.scaledToWidth(
            round(width * factor), Qt.TransformationMode.SmoothTransformation
        )
    webp = b"webp" in [bytes(f.data()) for f in QImageWriter.supportedImageFormats()]
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide's stubs ask for bytes, but at run time only a str format is accepted
    image.save(buffer, "WEBP" if webp else "JPEG", QUALITY)  # type: ignore[call-overload]
    buffer.close()
    mime = "image/webp" if webp else "image/jpeg"
    return Cell(bytes(data.data()), mime, width, height, findings)
