"""Makes the documentation's pictures with `kiosk render` (offscreen, no display needed).

    .venv/bin/python tools/make_docs.py [--out build/docs] [--content PATH]

writes the full set, which is not kept in git:

    OUT/screenshots/<lang>/NN-<id>.png, charts-<id>.png   every slide and chart, English
                                                          and Simplified Chinese, 1280x720
    OUT/handouts/park-kiosk-<lang>.pdf                    a handout per language: every
                                                          slide and chart, text as text

    .venv/bin/python tools/make_docs.py --review

remakes docs/review.png, the picture of `kiosk review`'s page for the content that
docs/translations.md shows: the page made, then screenshotted by headless Chromium.

    .venv/bin/python tools/make_docs.py --touch

remakes docs/touch/attract-cue.png and docs/touch/detail.png, the README's pictures of
the live window that no render shows: the "Touch to explore" cue at start, and a detail
panel opened by a click on the first element that has one (the real window offscreen,
real clicks).

    .venv/bin/python tools/make_docs.py --readme

remakes (with --touch's pictures) the few screenshots README.md shows
(docs/screenshots/<lang>/<id>.png for a slide, charts-<id>.png for a chart, addressed by
page id), compressed to 256 colours with
ImageMagick's `convert`, and docs/screenshots/manifest.json: for each of them, a sha256 of
what the page shows in the deck (tests/test_docs.py compares the image with a fresh
render only while the page is unchanged).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import jsontree  # noqa: E402 (needs the checkout on sys.path)

CONTENT = ROOT / "assets" / "content" / "park.json"
README = ROOT / "README.md"
SHOTS = ROOT / "docs" / "screenshots"
MANIFEST = SHOTS / "manifest.json"
SCREENSHOT_LANGS = ("en", "zh_Hans")
SIZE = "1280x720"
REGENERATE = ".venv/bin/python tools/make_docs.py --readme"
TOUCH = ROOT / "docs" / "touch"  # pictures of the live window (make_touch_shots)
# docs/screenshots/<lang>/<id>.png (a slide) or .../charts-<id>.png (a chart)
IMAGE = re.compile(r"docs/screenshots/(?P<lang>[A-Za-z_]+)/(?P<name>[a-z0-9-]+)\.png")
# a file an icon or image of the content names
IMAGE_FILE = re.compile(r"\.(svg|png|jpe?g|webp)$", re.IGNORECASE)


def kiosk_render(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "kiosk", "render", *args], cwd=ROOT, check=True)


def make_all(out: Path, content: Path) -> None:
    """Every slide and chart as PNG, and a PDF handout per language of the deck."""
    data = json.loads(content.read_text(encoding="utf-8"))
    shots = out / "screenshots"
    if shots.exists():
        shutil.rmtree(shots)  # no leftovers of slides that are gone
    kiosk_render(
        "--content", str(content), "--out", str(shots), "--lang", ",".join(SCREENSHOT_LANGS),
        "--size", SIZE, "--view", "all",
    )  # fmt: skip
    for lang in (language["code"] for language in data["languages"]):
        kiosk_render(
            "--content", str(content), "--format", "pdf", "--view", "all", "--lang", lang,
            "--out", str(out / "handouts" / f"park-kiosk-{lang}.pdf"),
        )  # fmt: skip


# --- the README's screenshots -------------------------------------------------------------
def readme_images(readme: Path = README) -> list[dict[str, str]]:
    """The screenshots README.md shows, in order: path (under docs/screenshots), lang, view
    (slides or charts) and the page id."""
    images = []
    for match in IMAGE.finditer(readme.read_text(encoding="utf-8")):
        lang, name = match["lang"], match["name"]
        chart = name.startswith("charts-")
        image = {
            "path": f"{lang}/{name}.png",
            "lang": lang,
            "view": "charts" if chart else "slides",
            "id": name.removeprefix("charts-") if chart else name,
        }
        if image not in images:
            images.append(image)
    return images


def page_hash(content: Path, view: str, page_id: str) -> str | None:
    """A sha256 of what the page shows: its own JSON, the deck's park and languages (the
    chrome), its position and the number of slides and charts (the position dots) and the
    files it draws from the content folder. None if the deck has no such page."""
    data = json.loads(content.read_text(encoding="utf-8"))
    pages = data.get(view, [])
    position = next((i for i, p in enumerate(pages) if p.get("id") == page_id), None)
    if position is None:
        return None
    page = pages[position]
    folder = content.parent
    files = {"art/logo-mark.svg", "art/motif.svg"} | set(paths_in(page))
    shown = {
        "page": page,
        "position": position,
        # a chart is drawn differently after other charts were (to find out why): the
        # charts' order is part of what a chart page shows
        "order": [p.get("id") for p in pages] if view == "charts" else None,
        "park": data.get("park"),
        "languages": data.get("languages"),
        "slides": len(data.get("slides", [])),
        "charts": len(data.get("charts", [])),
        "files": {
            name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in sorted(files)
            if (folder / name).is_file()
        },
    }
    text = json.dumps(shown, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def paths_in(value: object) -> list[str]:
    """The strings in a page's JSON that look like file names (icons, images)."""
    return [s for s in jsontree.strings(value) if IMAGE_FILE.search(s)]


def render_pages(content: Path, images: list[dict[str, str]], out: Path) -> None:
    """Renders the given README pages fresh, by id, into out/<lang>/<id>.png or
    charts-<id>.png (at the README's size), in one `kiosk render` run."""
    langs = sorted({image["lang"] for image in images})
    ids = sorted({image["id"] for image in images})
    kiosk_render(
        "--content", str(content), "--out", str(out), "--lang", ",".join(langs),
        "--size", SIZE, "--view", "all", "--pages", ",".join(ids),
    )  # fmt: skip


def make_readme(content: Path) -> None:
    images = readme_images()
    manifest: dict[str, object] = {"size": SIZE, "regenerate": REGENERATE, "images": []}
    with tempfile.TemporaryDirectory() as scratch:
        render_pages(content, images, Path(scratch))
        if SHOTS.exists():
            shutil.rmtree(SHOTS)
        for image in images:
            target = SHOTS / image["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            compress(Path(scratch) / image["path"], target)
            entry = dict(image, sha256=page_hash(content, image["view"], image["id"]))
            manifest["images"].append(entry)  # type: ignore[union-attr]
            print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")
    text = json.dumps(manifest, ensure_ascii=False, indent=2)
    MANIFEST.write_text(text + "\n", encoding="utf-8")


# --- pictures of the live window ------------------------------------------------------------
def make_touch_shots(content: Path, out: Path = TOUCH, size: str = SIZE) -> list[Path]:
    """The live window (offscreen) on `content` in English: the attract cue on the first
    slide as it starts, and a detail panel opened by a real click on the first element of
    a page that has one. Returns the pictures written (compressed like the README's)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from kiosk.content import load_content
    from kiosk.settings import Settings
    from kiosk.ui.app import application
    from kiosk.ui.detail import DetailPanel, targets
    from kiosk.ui.window import KioskWindow

    app = application()
    settings = Settings(content=content, lang="en", transition_ms=0)
    window = KioskWindow(load_content(content), content, settings)
    window.resize(*map(int, size.split("x")))
    window.show()

    def until(done, what: str) -> None:  # noqa: ANN001
        for _ in range(400):
            if done():
                return
            QTest.qWait(25)
        raise SystemExit(f"make_docs: no {what} within 10 s")

    written = []
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:

        def grab(name: str) -> None:
            QTest.qWait(300)  # the page's own growth and fades end
            window.grab().save(str(Path(scratch) / name))
            compress(Path(scratch) / name, out / name)
            written.append(out / name)

        until(lambda: window.cue.shown() and window.cue.opacity == 1.0, "attract cue")
        grab("attract-cue.png")
        pages = [(i, [t for t in targets(v) if t.detail]) for i, v in enumerate(window.stage.views)]
        index, found = next((i, t) for i, t in pages if t)
        window.go_to(index)
        view = window.stage.views[index]
        until(lambda: window.stage.page() is view, "page with a detail")
        QTest.qWait(300)
        where = view.mapTo(window, found[0].rect_in(view).center())
        QTest.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton, pos=QPoint(where))
        panel = window.findChild(DetailPanel)
        until(lambda: panel is not None and panel.isVisible(), "detail panel")
        grab("detail.png")
    window.allow_close = True
    window.close()
    window.deleteLater()  # a tool leaves no window behind (#14 item 8)
    app.processEvents()
    return written


def compress(source: Path, target: Path) -> None:
    """256 colours, not dithered (dither noise would triple the size; the text stays crisp
    and the gradients band only faintly: ~0.6/255 mean difference), no metadata."""
    subprocess.run(
        ["convert", str(source), "-strip", "-dither", "None", "-colors", "256",
         "-define", "png:compression-level=9", f"PNG8:{target}"],
        check=True,
    )  # fmt: skip


def make_review_shot(content: Path, target: Path = ROOT / "docs" / "review.png") -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("make_docs: --review needs chromium (tools/setup.sh --test installs it)")
    with tempfile.TemporaryDirectory() as scratch:
        page, shot = Path(scratch) / "review.html", Path(scratch) / "review.png"
        shown = content.relative_to(ROOT) if content.is_relative_to(ROOT) else content
        kiosk = [sys.executable, "-m", "kiosk", "review", "--content", str(shown)]
        subprocess.run([*kiosk, "--out", str(page)], cwd=ROOT, check=True)
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             f"--user-data-dir={Path(scratch) / 'profile'}", f"--screenshot={shot}",
             "--window-size=1440,1400", page.as_uri()],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        compress(shot, target)
    print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "docs", help="full set")
    parser.add_argument("--content", type=Path, default=CONTENT, help="content file")
    parser.add_argument("--readme", action="store_true", help="only README.md's screenshots")
    parser.add_argument("--review", action="store_true", help="only docs/review.png")
    parser.add_argument("--touch", action="store_true", help="only docs/touch/*.png")
    args = parser.parse_args(argv)
    if args.review:
        make_review_shot(args.content.resolve())
    elif args.touch:
        for path in make_touch_shots(args.content.resolve()):
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    elif args.readme:
        make_readme(args.content.resolve())
        for path in make_touch_shots(args.content.resolve()):
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
    else:
        make_all(args.out.resolve(), args.content.resolve())
        print(f"wrote the screenshots and handouts to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
