"""The documentation's pictures: the README's screenshots still look like a fresh render of
their pages, and the one docs command (tools/make_docs.py) still builds everything.

The screenshots show the bundled deck, which operators may edit: a screenshot is compared
only while its page shows what it showed when the screenshot was made (the sha256 in
docs/screenshots/manifest.json); otherwise the test skips and says how to remake them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import CONTENT, MINI, ROOT, chart_of, run_kiosk, slide_of
from tools.make_docs import MANIFEST, REGENERATE, SHOTS, page_hash, readme_images, render_pages

IMAGES = readme_images()
MANIFESTED = json.loads(MANIFEST.read_text(encoding="utf-8"))


def image(path: Path) -> np.ndarray:
    from PySide6.QtGui import QImage

    picture = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    assert not picture.isNull(), path
    rows = np.frombuffer(picture.constBits(), np.uint8).reshape(picture.height(), -1)
    return rows[:, : picture.width() * 3].astype(np.int16)


def current(shot: dict[str, str]) -> str | None:
    """Why the screenshot cannot be compared with the deck as it is now, or None if it can."""
    entry = next((e for e in MANIFESTED["images"] if e["path"] == shot["path"]), None)
    if entry is None:
        return f"{shot['path']} is not in {MANIFEST.name}"
    now = page_hash(CONTENT, shot["view"], shot["id"])
    if now is None:
        return f"the deck has no {shot['view']} page '{shot['id']}' any more"
    if now != entry["sha256"]:
        return f"the {shot['view']} page '{shot['id']}' (or the deck around it) was edited"
    return None


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    """The README's pages whose content is unchanged, rendered now (one `kiosk render`)."""
    out = tmp_path_factory.mktemp("fresh")
    shots = [shot for shot in IMAGES if current(shot) is None]
    if shots:
        render_pages(CONTENT, shots, out)
    return out


def test_the_readme_shows_screenshots_kept_by_page_id():
    assert len(IMAGES) >= 3
    kept = {p.relative_to(SHOTS).as_posix() for p in SHOTS.rglob("*.png")}
    assert kept == {shot["path"] for shot in IMAGES}  # only the README's, none left over
    listed = [{k: e[k] for k in ("path", "lang", "view", "id")} for e in MANIFESTED["images"]]
    assert listed == IMAGES, f"README.md and the manifest differ: run {REGENERATE}"
    for shot in IMAGES:
        assert not shot["id"][:2].isdigit()  # by id, not by position
        assert (SHOTS / shot["path"]).stat().st_size < 200_000  # compressed


@pytest.mark.parametrize("shot", IMAGES, ids=[shot["path"] for shot in IMAGES])
def test_readme_screenshot_matches_a_fresh_render(fresh, shot):
    why = current(shot)
    if why is not None:
        pytest.skip(f"{shot['path']} not compared: {why}; remake the screenshots: {REGENERATE}")
    kept, now = image(SHOTS / shot["path"]), image(fresh / shot["path"])
    width, height = (int(n) for n in MANIFESTED["size"].split("x"))
    assert kept.shape == now.shape == (height, width * 3)
    difference = np.abs(kept - now)
    # 256 colours cost ~0.6 of 255 on average and leave no value 64 off; one letter
    # changed in the park's name (the chrome's small text) puts ~200 values 64 off
    stale = f"{shot['path']} is stale: remake the screenshots with {REGENERATE}"
    assert difference.mean() < 2.0, f"{stale} (mean difference {difference.mean():.2f})"
    assert (difference > 64).sum() < 50, f"{stale} ({(difference > 64).sum()} values off)"


def test_pages_chosen_by_id_are_files_named_by_id(tmp_path):
    deck = json.loads(MINI.read_text(encoding="utf-8"))
    slide, chart = slide_of(deck, "timeline")["id"], chart_of(deck, "bars")["id"]
    args = ("--content", str(MINI), "--lang", "en,ko", "--size", "640x360", "--view", "all")
    result = run_kiosk("render", "--out", str(tmp_path), *args, "--pages", f"{slide},{chart}")
    assert result.returncode == 0, result.stderr
    made = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png")}
    both = {slide, chart} if slide == chart else {slide}  # an id may name a slide and a chart
    expected = {f"{lang}/{name}.png" for lang in ("en", "ko") for name in both}
    expected |= {f"{lang}/charts-{chart}.png" for lang in ("en", "ko")}
    assert made == expected
    refused = run_kiosk("render", "--out", str(tmp_path), *args, "--pages", "nope")
    assert refused.returncode == 2
    assert "--pages nope: no slide or chart with the id nope" in refused.stderr


@pytest.mark.slow
def test_the_docs_command_builds_the_screenshots_and_handouts(tmp_path):
    """The one documented command, on the bundled deck, into a temporary folder."""
    deck = json.loads(CONTENT.read_text(encoding="utf-8"))
    result = subprocess.run(
        [sys.executable, "tools/make_docs.py", "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr
    pages = len(deck["slides"]) + len(deck["charts"])
    for lang in ("en", "zh_Hans"):
        pngs = list((tmp_path / "screenshots" / lang).glob("*.png"))
        assert len(pngs) == pages
        assert all(png.read_bytes().startswith(b"\x89PNG") for png in pngs)
    pdfs = sorted((tmp_path / "handouts").glob("*.pdf"))
    codes = [language["code"] for language in deck["languages"]]
    assert [p.name for p in pdfs] == sorted(f"park-kiosk-{code}.pdf" for code in codes)
    for pdf in pdfs:
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        assert len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data)) == pages
        assert len(data) < 1.5e6
