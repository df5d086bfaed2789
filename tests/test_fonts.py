"""The bundled fonts: they cover what the kiosk shows, Qt uses them, and only them.

When a test here fails with missing characters, the content or a catalog gained a
character the subset lacks: run `python tools/subset_fonts.py` and commit assets/fonts.
The coverage tests read whatever the bundled deck holds today, and the fixture deck
(tests/decks/mini), whose words must stay drawable by the subsets too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from kiosk import glyphs, i18n
from kiosk.content import load_content
from kiosk.content.model import FiguresSlide, TimelineSlide
from kiosk.formatting import format_figure, format_month
from tests.conftest import CONTENT, MINI, ROOT

FONTS = ROOT / "assets" / "fonts"
DECKS = pytest.mark.parametrize("deck", [CONTENT, MINI], ids=["bundled", "mini"])
REGIONS = ("SC", "TC", "JP", "KR")
WEIGHTS = ("Regular", "Bold")
LANGS = {"zh_Hans": "SC", "zh_Hant": "TC", "en": "KR", "ko": "KR", "ja": "JP"}
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def font_files() -> list[Path]:
    return [FONTS / f"ParkKioskSans-{r}-{w}.otf" for r in REGIONS for w in WEIGHTS]


def cmaps() -> dict[str, set[int]]:
    return {path.name: set(TTFont(path, lazy=True).getBestCmap()) for path in font_files()}


def missing_from_fonts(characters: set[str]) -> dict[str, str]:
    """{font file: the characters of `characters` it has no glyph for}, only non-empty."""
    missing = {}
    for name, cmap in cmaps().items():
        lacking = "".join(sorted(ch for ch in characters if ord(ch) not in cmap))
        if lacking:
            missing[name] = lacking
    return missing


def report(missing: dict[str, str]) -> str:
    lines = [
        f"{name} lacks {len(chars)}: {chars!r} ({', '.join(f'U+{ord(c):04X}' for c in chars)})"
        for name, chars in missing.items()
    ]
    return "\n".join(lines + ["run `python tools/subset_fonts.py` and commit assets/fonts"])


def shown_texts(lang: str, deck: Path = CONTENT) -> list[str]:
    """What a deck shows in `lang`: its texts, figures and dates as formatted."""
    document = json.loads(deck.read_text(encoding="utf-8"))
    texts: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get(lang), str):
                texts.append(value[lang])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    content = load_content(deck)
    previous = i18n.current_language()
    i18n.set_language(lang)
    try:
        for slide in content.slides:
            if isinstance(slide, FiguresSlide):
                texts += [format_figure(f, lang) for f in slide.figures]
            if isinstance(slide, TimelineSlide):
                texts += [format_month(e.date, lang) for e in slide.events]
    finally:
        i18n.set_language(previous)
    # The language bar names every language in its own face.
    texts += [item.label for item in content.languages if item.code == lang]
    return [t for t in texts if t]


# (a) coverage -----------------------------------------------------------------------------


def test_all_bundled_faces_exist():
    assert [p.name for p in font_files() if not p.is_file()] == []
    assert (FONTS / "LICENSE-OFL.txt").is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in (FONTS / "LICENSE-OFL.txt").read_text()
    assert "tools/subset_fonts.py" in (FONTS / "README.md").read_text()


def deck_characters(deck: Path) -> set[str]:
    """Every drawable character of every string value in a deck's JSON, found here without
    kiosk.glyphs (to check what it collects)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.update(glyphs.drawable([value]))
        elif isinstance(value, dict | list):
            for item in value.values() if isinstance(value, dict) else value:
                walk(item)

    walk(json.loads(deck.read_text(encoding="utf-8")))
    return found


@DECKS
def test_content_and_catalogs_are_covered_by_every_face(deck):
    folder = None if deck == CONTENT else deck.parent  # None: the bundled content folder
    used = glyphs.used_characters(folder)
    own = deck_characters(deck)
    assert any(ord(ch) > 0x2E80 for ch in own)  # the deck has CJK or Hangul to check
    assert own <= used, "the collection missed: " + "".join(sorted(own - used))
    missing = missing_from_fonts(used)
    assert not missing, "characters used by the content or a catalog:\n" + report(missing)


@DECKS
def test_formatted_figures_and_dates_are_covered(deck):
    shown = glyphs.drawable(text for lang in LANGS for text in shown_texts(lang, deck))
    missing = missing_from_fonts(shown)
    assert not missing, "characters of formatted figures and dates:\n" + report(missing)


def test_everything_the_script_subsets_for_is_there():
    """Punctuation and CLDR's words too: the fonts are as fresh as kiosk/glyphs.py."""
    missing = missing_from_fonts(glyphs.required_characters())
    assert not missing, report(missing)


def test_a_new_character_in_content_or_a_catalog_is_reported(tmp_path):
    content, translations = tmp_path / "content", tmp_path / "translations"
    content.mkdir()
    (translations / "ja" / "LC_MESSAGES").mkdir(parents=True)
    doc = json.loads(MINI.read_text(encoding="utf-8"))
    # characters outside every face's repertoire (CJK Extension A, a snowman)
    doc["languages"][0]["label"] = "简体中文㐂"  # a label counts too
    (content / "deck.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (translations / "ja" / "LC_MESSAGES" / "kiosk.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Next slide"\nmsgstr "次へ䶮"\n',
        encoding="utf-8",
    )
    (translations / "kiosk.pot").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Next ☃ slide"\nmsgstr ""\n',
        encoding="utf-8",
    )
    used = glyphs.used_characters(content, translations)
    assert {"㐂", "䶮", "☃"} <= used
    missing = missing_from_fonts(used)
    assert set(missing) == {p.name for p in font_files()}
    assert all(set("☃䶮㐂") <= set(chars) for chars in missing.values())


def test_no_catalogs_is_fine(tmp_path):
    assert list(glyphs.catalog_strings(tmp_path / "none")) == []


def test_fonts_are_renamed_and_have_no_locale_dependent_forms():
    for path in font_files():
        font = TTFont(path, lazy=True)
        region, weight = path.stem.split("-")[1:]
        name = font["name"]
        assert name.getDebugName(1) == f"Park Kiosk Sans {region}"
        assert name.getDebugName(2) == weight
        assert name.getDebugName(6) == path.stem
        assert all("Noto" not in (name.getDebugName(i) or "") for i in (1, 3, 4, 6, 16, 17))
        assert "Open Font License" in (name.getDebugName(13) or "")
        # With 'locl', HarfBuzz would pick glyphs by the process locale (LANG), not by face.
        features = {r.FeatureTag for r in font["GSUB"].table.FeatureList.FeatureRecord}
        assert "locl" not in features


def test_the_bundle_is_small():
    total = sum(p.stat().st_size for p in FONTS.iterdir())
    assert total < 30 * 1024 * 1024


# (b) Qt ---------------------------------------------------------------------------------


def test_bundled_families_register_in_qt(qapp):
    from PySide6.QtGui import QFont, QFontDatabase, QFontInfo

    from kiosk.ui import fonts

    found = fonts.register_fonts()
    assert {f"Park Kiosk Sans {r}" for r in REGIONS} <= found
    for lang, region in LANGS.items():
        names = fonts.families(lang)
        assert names[0] == f"Park Kiosk Sans {region}"
        assert sorted(names) == sorted(f"Park Kiosk Sans {r}" for r in REGIONS)
        assert set(QFontDatabase.styles(names[0])) >= {"Regular", "Bold"}
        for weight in (QFont.Weight.Normal, QFont.Weight.Medium, QFont.Weight.Bold):
            f = fonts.font(lang, 24, weight)
            assert QFontInfo(f).family() == names[0]
            assert QFontInfo(f).styleName() == (
                "Bold" if weight == QFont.Weight.Bold else "Regular"
            )


@DECKS
@pytest.mark.parametrize("lang", list(LANGS))
def test_every_glyph_comes_from_the_regional_face(qapp, lang, deck):
    """No glyph from another font, none the .notdef box."""
    from PySide6.QtGui import QFont, QFontMetrics, QRawFont, QTextLayout

    from kiosk.ui import fonts

    expected = fonts.families(lang)[0]
    texts = shown_texts(lang, deck)
    for weight in (QFont.Weight.Normal, QFont.Weight.Medium, QFont.Weight.Bold):
        f = fonts.font(lang, 32, weight)
        raw, metrics = QRawFont.fromFont(f), QFontMetrics(f)
        assert raw.familyName() == expected
        lacking = {
            ch
            for ch in glyphs.drawable(texts)
            if not raw.supportsCharacter(ord(ch)) or not metrics.inFontUcs4(ord(ch))
        }
        assert not lacking, f"{expected} lacks {''.join(sorted(lacking))!r}"
        for text in texts:
            layout = QTextLayout(text, f)
            layout.beginLayout()
            layout.createLine()
            layout.endLayout()
            for run in layout.glyphRuns():
                assert run.rawFont().familyName() == expected, text
                assert 0 not in run.glyphIndexes(), f"a .notdef box in {text!r}"


def test_a_character_outside_the_subset_never_comes_from_a_system_font(qapp):
    """It shows as the bundled face's box, the same on every machine; the tests above fail."""
    from PySide6.QtGui import QTextLayout

    from kiosk.ui import fonts

    outside = "龘"  # U+9F98: in Noto Sans CJK, not in the kiosk's content
    assert ord(outside) not in set(TTFont(font_files()[0], lazy=True).getBestCmap())
    layout = QTextLayout(f"中{outside}", fonts.font("ja", 32))
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    assert [r.rawFont().familyName() for r in runs] == ["Park Kiosk Sans JP"]
    assert list(runs[0].glyphIndexes())[1] == 0


# (c) the same pixels without system CJK fonts ---------------------------------------------

RENDER = textwrap.dedent(
    """
    import hashlib, json, sys
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QGuiApplication
    from PySide6.QtGui import QImage, QPainter

    app = QGuiApplication([])
    from kiosk.ui import fonts

    fonts.register_fonts()
    texts = json.loads(sys.stdin.read())
    out = {"cjk_families": [f for f in QFontDatabase.families() if "CJK" in f], "images": {},
           "missing": {}}
    for lang, strings in texts.items():
        text = "\\n".join(strings)
        for weight in (QFont.Weight.Normal, QFont.Weight.Medium, QFont.Weight.Bold):
            f = fonts.font(lang, 28, weight)
            metrics = QFontMetrics(f)
            out["missing"][lang] = "".join(
                sorted({c for c in text if c != "\\n" and not metrics.inFontUcs4(ord(c))})
            )
            image = QImage(1400, 3000, QImage.Format.Format_ARGB32)
            image.fill(QColor("white"))
            p = QPainter(image)
            p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            p.setFont(f)
            p.setPen(QColor("black"))
            p.drawText(QRectF(10, 10, 1380, 2980), Qt.TextFlag.TextWordWrap, text)
            p.end()
            key = f"{lang}-{weight.name}"
            out["images"][key] = hashlib.sha256(bytes(image.constBits())).hexdigest()
            if len(sys.argv) > 1:
                image.save(f"{sys.argv[1]}/{key}.png")
    print(json.dumps(out))
    """
)


def render_everywhere(env: dict[str, str], texts: dict[str, list[str]], save: Path) -> dict:
    save.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", RENDER, str(save)],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
        timeout=240,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow  # a full render in a child; test_render_fonts checks the fixture deck fast
@pytest.mark.skipif(not DEJAVU.is_dir(), reason="needs DejaVu (fonts-dejavu-core)")
def test_renders_the_same_without_system_cjk_fonts(tmp_path):
    texts = {lang: shown_texts(lang) for lang in LANGS}
    normal = {
        k: v for k, v in os.environ.items() if k not in ("FONTCONFIG_FILE", "FONTCONFIG_PATH")
    }
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig>\n  <dir>{DEJAVU}</dir>\n  <cachedir>{tmp_path / 'cache'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    bare = {**normal, "FONTCONFIG_FILE": str(conf)}

    here = render_everywhere(normal, texts, tmp_path / "normal")
    there = render_everywhere(bare, texts, tmp_path / "bare")

    assert there["cjk_families"] == []  # the bare machine really has no CJK font
    assert there["missing"] == {lang: "" for lang in LANGS}
    assert here["missing"] == {lang: "" for lang in LANGS}
    differ = [k for k in here["images"] if here["images"][k] != there["images"][k]]
    assert not differ, f"renders differ without system CJK fonts: {differ} (see {tmp_path})"
