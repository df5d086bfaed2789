"""`kiosk render`: slides and charts to PNG, offscreen, deterministic (no clock, no animation)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.content import Content, ContentError, load_content
from kiosk.resources import default_content_path
from kiosk.settings import Settings


def languages_for(choice: str | None, content: Content) -> list[str]:
    if choice in (None, ""):
        return [content.default_language]
    if choice == "all":
        return content.language_codes
    chosen = choice.split(",")
    unknown = [code for code in chosen if code not in content.language_codes]
    if unknown:
        raise ValueError(
            f"--lang {choice}: expected 'all' or codes from {', '.join(content.language_codes)}"
        )
    return chosen


def render_command(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # render never needs, nor uses, a display
    path = args.content or default_content_path()
    try:
        content = load_content(path)
        langs = languages_for(args.lang, content)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"kiosk render: {exc}", file=sys.stderr)
        return 2
    from kiosk.ui.app import application

    application()
    if getattr(args, "format", "png") == "pdf":
        if args.view != "slides":
            print("kiosk render: --format pdf renders the slides view only", file=sys.stderr)
            return 2
        pages = render_pdf(content, path, langs, args.out)
        print(f"wrote {pages} pages to {args.out}")
        return 0
    written = []
    if args.view in ("slides", "all"):
        written += render_png(content, path, langs, args.size, args.out, slide_pages)
    if args.view in ("charts", "all"):
        written += render_png(content, path, langs, args.size, args.out, chart_pages)
    print(f"wrote {len(written)} images to {args.out}")
    return 0


@contextmanager
def offscreen_window(content: Content, path: Path, size: tuple[int, int]) -> Iterator[Any]:
    """A kiosk window with no clock and no animation: every page it shows is final."""
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(content, path, Settings(content=path), clock=lambda: 0.0, live=False)
    window.resize(*size)
    window.show()
    try:
        yield window
    finally:
        window.allow_close = True
        window.close()


def slide_pages(window: Any) -> Iterator[str]:
    """Puts each slide that built on screen in turn; yields its file name stem."""
    slides = window.content.slides
    for i, slide in enumerate(slides):
        window.go_to(i)
        window.navigator.replace_slides([s.duration for s in slides], i)  # progress at 0
        window.tick()
        yield f"{i + 1:02d}-{slide.id}"


def chart_pages(window: Any) -> Iterator[str]:
    """Puts each chart on screen in turn, finished (no growing); yields its file name stem."""
    for i, chart in enumerate(window.content.charts):
        window.charts.open(i, animate=False)
        window.charts.view.finish()
        yield f"charts-{chart.id}"


def render_png(
    content: Content,
    path: Path,
    langs: list[str],
    size: tuple[int, int],
    out: Path,
    pages: Callable[[Any], Iterator[str]],
) -> list[Path]:
    written = []
    with offscreen_window(content, path, size) as window:
        for lang in langs:
            window.set_language(lang)
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            for stem in pages(window):
                target = folder / f"{stem}.png"
                window.grab().save(str(target))
                written.append(target)
    return written


PDF_PAGE_MM = (320.0, 180.0)  # a landscape 16:9 page


def render_pdf(
    content: Content,
    path: Path,
    langs: list[str],
    out: Path,
    size: tuple[int, int] = (1920, 1080),
) -> int:
    """A handout: one page per slide and language, each slide at `size` filling its page."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter

    from kiosk import __version__

    out.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(out))
    writer.setCreator(f"Park Kiosk {__version__}")
    writer.setTitle(content.park.name.get(langs[0], "") if langs else "")
    writer.setResolution(144)
    writer.setPageLayout(
        QPageLayout(
            # QPageSize takes the portrait size; the landscape orientation turns it
            QPageSize(QSizeF(*reversed(PDF_PAGE_MM)), QPageSize.Unit.Millimeter, "16:9"),
            QPageLayout.Orientation.Landscape,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter(writer)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    pages = 0
    try:
        with offscreen_window(content, path, size) as window:
            for lang in langs:
                window.set_language(lang)
                for _stem in slide_pages(window):
                    if pages:
                        writer.newPage()
                    page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
                    painter.drawImage(page, window.grab().toImage())
                    pages += 1
    finally:
        painter.end()
    return pages
