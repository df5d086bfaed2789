"""`kiosk render`: slides and charts to PNG, offscreen, deterministic (no clock, no animation)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content import Content, ContentError, load_content
from kiosk.resources import default_content_path
from kiosk.schedule import at as scheduled_at
from kiosk.schedule import parse_at
from kiosk.settings import Settings

if TYPE_CHECKING:  # Qt is imported only once the arguments are known to be good
    from kiosk.ui.window import KioskWindow

# Puts pages on the window's screen one after another, yielding each one's file name stem.
Pages = Callable[["KioskWindow"], Iterator[str]]


class RenderError(Exception):
    """A file could not be written completely (full disk, a folder in the way, no rights)."""


def check_written(target: Path, saved: bool = True, ending: bytes = b"") -> None:
    """Raise RenderError unless `target` was saved, is not empty and ends with `ending`."""
    try:
        size = target.stat().st_size if target.is_file() else 0
        tail = b""
        if ending and size:
            with open(target, "rb") as stream:
                stream.seek(max(0, size - 64))
                tail = stream.read().rstrip()
    except OSError as exc:
        raise RenderError(f"cannot write {target}: {exc.strerror or exc}") from None
    if not saved or size == 0:
        raise RenderError(f"cannot write {target} (disk full or not writable?)")
    if ending and not tail.endswith(ending):
        raise RenderError(f"{target} was cut off while written (disk full?)")


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
        when = parse_at(args.at, content) if getattr(args, "at", None) else None
        # --at: the deck as it shows then (its pages, a visit's welcome and language)
        shown = scheduled_at(content, when) if when else None
        langs = languages_for(args.lang, shown.content if shown else content)
        ids = pages_for(
            getattr(args, "pages", None), shown.content if shown else content, args.view
        )
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        return 1
    except ValueError as exc:
        print(f"kiosk render: {exc}", file=sys.stderr)
        return 2
    from kiosk.ui.app import application

    if shown is not None and shown.display_off:
        print(f"kiosk render: at {when} the display is off; rendering what it shows when on")
    application()
    slides = partial(slide_pages, ids=ids)
    charts = partial(chart_pages, ids=ids)
    views = {"slides": [slides], "charts": [charts], "all": [slides, charts]}[args.view]
    try:
        if getattr(args, "format", "png") == "pdf":
            count = render_pdf(content, path, langs, args.out, views=views, at=when)
            print(f"wrote {count} pages to {args.out}")
            return 0
        written = []
        layouts: dict[str, list[Any]] = {}  # each language's layout.json, over the views
        for pages in views:
            written += render_png(
                content, path, langs, args.size, args.out, pages, at=when, layouts=layouts
            )
    except RenderError as exc:
        print(f"kiosk render: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a folder that cannot be made, a file in the way
        where = exc.filename or args.out
        print(f"kiosk render: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(written)} images to {args.out}")
    return 0


def pages_for(choice: str | None, content: Content, view: str) -> set[str] | None:
    """The page ids `--pages` asks for (None: every page); each must be in the view."""
    if choice in (None, ""):
        return None
    known: set[str] = set()
    if view in ("slides", "all"):
        known.update(slide.id for slide in content.slides)
    if view in ("charts", "all"):
        known.update(chart.id for chart in content.charts)
    chosen = set(choice.split(","))
    unknown = sorted(chosen - known)
    kinds = {"slides": "slide", "charts": "chart", "all": "slide or chart"}
    if unknown:
        raise ValueError(
            f"--pages {choice}: no {kinds[view]} with the id {', '.join(unknown)}"
            f" (ids: {', '.join(sorted(known))})"
        )
    return chosen


@contextmanager
def offscreen_window(
    content: Content, path: Path, size: tuple[int, int], at: datetime | None = None
) -> Iterator[KioskWindow]:
    """A kiosk window with no clock and no animation: every page it shows is final. Every
    page shows, unscheduled; with `at`, the pages the schedule shows at that moment."""
    from kiosk.ui.window import KioskWindow

    window = KioskWindow(
        content,
        path,
        Settings(content=path),
        clock=lambda: 0.0,
        live=False,
        now=(lambda: at) if at else None,
    )
    window.resize(*size)
    window.show()
    try:
        yield window
    finally:
        window.allow_close = True
        window.close()
        window.deleteLater()  # no window left behind in a process that goes on (#14 item 8)


def slide_pages(window: KioskWindow, ids: set[str] | None = None) -> Iterator[str]:
    """Puts each slide that built on screen in turn (only those in `ids`, if given); yields
    its file name stem: NN-<id>, or <id> when pages were chosen by id."""
    if window.charts.active:  # back from the charts view, which takes the moves meant for it
        window.charts.toggle()
    slides = window.content.slides
    for i, slide in enumerate(slides):
        if ids is not None and slide.id not in ids:
            continue
        window.go_to(i)
        # A move pauses the loop: its progress bar shows empty, as in every picture.
        window.tick()
        settle_pictures()
        yield slide.id if ids is not None else f"{i + 1:02d}-{slide.id}"


def settle_pictures() -> None:
    """Wait for the page's pictures (decoded off the GUI thread): a render shows them.
    Only if some page has asked for one: a deck without pictures never loads the decoder."""
    pictures = sys.modules.get("kiosk.ui.pictures")
    if pictures is not None and not pictures.settle():
        print("kiosk render: a picture took over 10 s to decode; rendered without it")
    video = sys.modules.get("kiosk.ui.video")  # a video page's poster: the clip's first frame
    if video is not None and not video.settle():
        print("kiosk render: a clip showed no first frame in 12 s; rendered without its poster")


def chart_pages(window: KioskWindow, ids: set[str] | None = None) -> Iterator[str]:
    """Puts each chart (only those in `ids`, if given) on screen in turn, finished (no
    growing); yields its file name stem."""
    for i, chart in enumerate(window.content.charts):
        if ids is not None and chart.id not in ids:
            continue
        window.charts.open(i, animate=False)
        window.charts.view.finish()
        yield f"charts-{chart.id}"


def render_png(
    content: Content,
    path: Path,
    langs: list[str],
    size: tuple[int, int],
    out: Path,
    pages: Pages,
    at: datetime | None = None,
    layouts: dict[str, list[Any]] | None = None,
) -> list[Path]:
    """PNGs of `pages` in each language under out/<lang>/, and out/<lang>/layout.json with
    every text box drawn on them (kiosk.ui.layout_report); `layouts` carries the pages of
    views rendered before, so one layout.json lists the slides and the charts."""
    from kiosk.ui.layout_report import page_layout, write_layout

    layouts = {} if layouts is None else layouts
    written = []
    with offscreen_window(content, path, size, at) as window:
        for lang in langs:
            window.set_language(lang)
            folder = out / lang
            folder.mkdir(parents=True, exist_ok=True)
            report = layouts.setdefault(lang, [])
            for stem in pages(window):
                target = folder / f"{stem}.png"
                check_written(target, window.grab().save(str(target), "PNG"))
                written.append(target)
                report.append(page_layout(window, target.name))
            written_layout = write_layout(folder, lang, size, report)
            check_written(written_layout, ending=b"}")
    return written


PDF_PAGE_MM = (320.0, 180.0)  # a landscape 16:9 page


def render_pdf(
    content: Content,
    path: Path,
    langs: list[str],
    out: Path,
    size: tuple[int, int] = (1920, 1080),
    views: Sequence[Pages] | None = None,
    at: datetime | None = None,
) -> int:
    """A handout: one page per slide (and chart, if `views` has them) and language, each
    page the window at `size` painted onto the PDF itself: its texts are text in embedded
    font subsets, its shapes and charts vector paths; only the background art and the
    icons are images (the background once per file, shared by every page)."""
    from PySide6.QtCore import QMarginsF, QPoint, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRegion
    from PySide6.QtWidgets import QGraphicsView, QWidget

    from kiosk import __version__

    if out.is_dir():
        raise RenderError(f"cannot write {out}: it is a folder; give a file name for the PDF")
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
    flags = QWidget.RenderFlag.DrawWindowBackground | QWidget.RenderFlag.DrawChildren
    pages = 0
    with no_ligatures(), offscreen_window(content, path, size, at) as window:
        painter = QPainter(writer)
        if not painter.isActive():
            raise RenderError(f"cannot write {out} (not writable?)")
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        try:
            for lang in langs:
                window.set_language(lang)
                for view in views or [slide_pages]:
                    for _stem in view(window):
                        if pages:
                            writer.newPage()
                        # pyqtgraph caches the plots' (empty) background as a picture
                        for plot in window.findChildren(QGraphicsView):
                            plot.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
                        page = writer.pageLayout().paintRectPixels(writer.resolution())
                        factor = page.width() / window.width()
                        painter.save()
                        painter.scale(factor, factor)  # the screen's layout, at page size
                        window.render(painter, QPoint(0, 0), QRegion(), flags)
                        painter.restore()
                        pages += 1
        finally:
            ended = painter.end()
    check_written(out, ended, ending=b"%%EOF")
    return pages


@contextmanager
def no_ligatures() -> Iterator[None]:
    """Every font made meanwhile draws "fi" and "fl" as two letters: Qt's PDF writer maps
    a ligature glyph to no text, so "figures" would be found in the PDF as " gures"."""
    from PySide6.QtGui import QFont

    from kiosk.ui import fonts

    made = fonts.font

    def font(*args: Any, **kwargs: Any) -> QFont:
        f = made(*args, **kwargs)
        for tag in ("liga", "clig"):
            f.setFeature(QFont.Tag(tag), 0)
        return f

    fonts.font = font
    try:
        yield
    finally:
        fonts.font = made
