"""`kiosk render`: slides and charts to PNG, offscreen, deterministic (no clock, no animation)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

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
        written += render_slides(content, path, langs, args.size, args.out)
    if args.view in ("charts", "all"):
        written += render_charts(content, path, langs, args.size, args.out)
    print(f"wrote {len(written)} images to {args.out}")
    return 0


def render_slides(
    content: Content, path: Path, langs: list[str], size: tuple[int, int], out: Path
) -> list[Path]:
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(content, path, Settings(content=path), clock=lambda: 0.0, live=False)
    window.resize(*size)
    window.show()
    written = []
    try:
        for lang in langs:
            window.set_language(lang)
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            for i, slide in enumerate(content.slides):
                window.go_to(i)
                window.navigator.replace_slides([s.duration for s in content.slides], i)
                window.tick()
                target = folder / f"{i + 1:02d}-{slide.id}.png"
                window.grab().save(str(target))
                written.append(target)
    finally:
        window.allow_close = True
        window.close()
    return written


def render_charts(
    content: Content, path: Path, langs: list[str], size: tuple[int, int], out: Path
) -> list[Path]:
    """Each chart as the window shows it, finished (no growing), to <lang>/charts-<id>.png."""
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(content, path, Settings(content=path), clock=lambda: 0.0, live=False)
    window.resize(*size)
    window.show()
    written = []
    try:
        for lang in langs:
            window.set_language(lang)
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            for i, chart in enumerate(content.charts):
                window.charts.open(i, animate=False)
                window.charts.view.finish()
                target = folder / f"charts-{chart.id}.png"
                window.grab().save(str(target))
                written.append(target)
    finally:
        window.allow_close = True
        window.close()
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
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(content, path, Settings(content=path), clock=lambda: 0.0, live=False)
    window.resize(*size)
    window.show()
    slides = window.content.slides  # the slides that built (a broken one is left out)
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
        for lang in langs:
            window.set_language(lang)
            for i in range(len(slides)):
                window.go_to(i)
                window.navigator.replace_slides([s.duration for s in slides], i)
                window.tick()
                if pages:
                    writer.newPage()
                page = QRectF(writer.pageLayout().paintRectPixels(writer.resolution()))
                painter.drawImage(page, window.grab().toImage())
                pages += 1
    finally:
        painter.end()
        window.allow_close = True
        window.close()
    return pages
