"""Writes assets/content/art/logo-lockup.svg: the park's mark beside its name in Chinese
and English, the letters drawn as outlines from the bundled face (SIL OFL), so the file
needs no font and looks the same wherever it is shown (issue #16).

Run from the repository: .venv/bin/python tools/make_lockup.py
"""

from __future__ import annotations

import re
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen  # type: ignore[import-untyped]
from fontTools.pens.transformPen import TransformPen  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
ART = ROOT / "assets" / "content" / "art"
FONTS = ROOT / "assets" / "fonts"
CHINESE = ("中关村工业互联网产业园", "SC-Bold", 64, "#F4F7FB")
ENGLISH = ("Zhongguancun Industrial Internet Industrial Park", "SC-Regular", 30, "#AFC0DA")
MARK = 150  # the mark's side; the two lines of type stand as tall as it
GAP = 32


def outline(text: str, face: str, size: float, x: float, baseline: float) -> tuple[str, float]:
    """The text as one SVG path's data, left at x on the baseline; and its advance."""
    font = TTFont(FONTS / f"ParkKioskSans-{face}.otf")
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.1f}".rstrip("0").rstrip("."))
    advance = 0.0
    for char in text:
        name = cmap[ord(char)]  # a missing character is an error: re-subset the fonts
        # Font units point up; SVG's point down.
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x + advance, baseline)))
        advance += glyphs[name].width * scale
    return pen.getCommands(), advance


def main() -> None:
    mark = (ART / "logo-mark.svg").read_text()
    inner = re.search(r"<svg[^>]*>(.*)</svg>", mark, re.S)
    assert inner, "logo-mark.svg: no <svg> element"
    left = MARK + GAP
    zh, zh_width = outline(*CHINESE[:3], left, 86)
    en, en_width = outline(*ENGLISH[:3], left, 136)
    width = round(left + max(zh_width, en_width) + 4)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {MARK}" '
        f'width="{width}" height="{MARK}">'
        f'<g transform="scale({MARK / 96:.4f})">{inner.group(1)}</g>'
        f'<path fill="{CHINESE[3]}" d="{zh}"/><path fill="{ENGLISH[3]}" d="{en}"/></svg>\n'
    )
    (ART / "logo-lockup.svg").write_text(svg)
    print(f"wrote {ART / 'logo-lockup.svg'}: {width}x{MARK}, {len(svg):,} bytes")


if __name__ == "__main__":
    main()
