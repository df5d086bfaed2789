"""What operators type is drawn, never boxes: the fonts cover each region's everyday
repertoire, and `validate` refuses text the face of its language cannot draw, control
characters and bidirectional controls, by JSON path, language and code point.

Issue 13, fault 2: everyday text (请勿吸烟, 嘉宾莅观, 扫码关注公众号, é, ü, ß) passed
validate and showed as boxes; an emoji, a control character or a right-to-left override
("evil" drawn as "live") passed too.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from fontTools.ttLib import TTFont

from kiosk import glyphs
from kiosk.content import load_content
from kiosk.content.validate import ContentError
from tests.conftest import MINI, ROOT, index_of, slide_of
from tools.subset_fonts import BUDGET_BYTES

FONTS = ROOT / "assets" / "fonts"
REGIONS = ("SC", "TC", "JP", "KR")
WEIGHTS = ("Regular", "Bold")

# Signs an operator puts up in a lobby, in each language's own characters.
PHRASES = {
    "zh_Hans": ["请勿吸烟", "嘉宾莅观", "扫码关注公众号"],
    "zh_Hant": ["請勿吸煙", "嘉賓蒞觀", "掃碼關注公眾號"],
    "ja": ["喫煙所", "お手洗い", "関係者以外立入禁止", "ご来場ありがとうございます"],
    "ko": ["금연", "화장실", "관계자 외 출입금지", "방문을 환영합니다"],
    "en": ["Café Müller", "Straße", "naïve façade", "“quoted” — 12 °C · ±5 %"],
}


def with_phrases(data: dict) -> None:
    """Every phrase into the title slide: its title, subtitle and body, per language."""
    slide = slide_of(data, "title")
    for lang, phrases in PHRASES.items():
        slide["title"][lang] = phrases[0]
        slide["subtitle"][lang] = " ".join(phrases[1:])
        slide["body"][lang] = "\n".join(phrases)  # a line break is fine


def problems_of(path) -> list[tuple[str, str]]:
    with pytest.raises(ContentError) as caught:
        load_content(path)
    return [(p.path, p.message) for p in caught.value.problems]


# (a) everyday text passes and is drawn -------------------------------------------------


def test_everyday_phrases_pass_validate(make_deck):
    load_content(make_deck(with_phrases))  # no ContentError


@pytest.mark.parametrize("lang", list(PHRASES))
def test_everyday_phrases_are_drawn_by_the_face_of_their_language(qapp, lang):
    """No .notdef box, every glyph from the language's own bundled face (as slides draw)."""
    from PySide6.QtGui import QFont, QFontMetrics, QRawFont, QTextLayout

    from kiosk.ui import fonts

    expected = fonts.families(lang)[0]
    for weight in (QFont.Weight.Normal, QFont.Weight.Bold):
        f = fonts.font(lang, 40, weight)
        raw, metrics = QRawFont.fromFont(f), QFontMetrics(f)
        assert raw.familyName() == expected
        text = "".join(PHRASES[lang])
        lacking = {
            ch
            for ch in glyphs.drawable([text])
            if ch != " " and not (raw.supportsCharacter(ord(ch)) and metrics.inFontUcs4(ord(ch)))
        }
        assert not lacking, f"{expected} lacks {''.join(sorted(lacking))!r}"
        for phrase in PHRASES[lang]:
            layout = QTextLayout(phrase, f)
            layout.beginLayout()
            layout.createLine()
            layout.endLayout()
            runs = layout.glyphRuns()
            assert runs
            for run in runs:
                assert run.rawFont().familyName() == expected, phrase
                assert 0 not in run.glyphIndexes(), f"a .notdef box in {phrase!r}"


def test_invisible_marks_spaces_and_decomposed_accents_pass(make_deck):
    """Drawn fine though the face has no glyph of their own: a thin space (HarfBuzz draws
    it with the space glyph), e + U+0301 (composed to é), a zero-width joiner."""

    def change(data: dict) -> None:
        slide_of(data, "title")["title"]["en"] = "Cafe\u0301 12\u2009000 a\u200db"

    load_content(make_deck(change))


# (b) what would be drawn wrongly is refused ----------------------------------------------


def test_emoji_is_reported_by_path_language_and_code_point(make_deck):
    def change(data: dict) -> None:
        slide_of(data, "title")["title"]["ja"] = "ようこそ😀"
        slide_of(data, "cards")["cards"][0]["title"]["en"] = "Parking 🅿️"

    path = make_deck(change)
    data = json.loads(path.read_text(encoding="utf-8"))
    title = f"$.slides[{index_of(data['slides'], 'title')}].title.ja"
    card = f"$.slides[{index_of(data['slides'], 'cards')}].cards[0].title.en"
    problems = problems_of(path)
    assert (
        title,
        "U+1F600 '😀' cannot be drawn by the bundled Japanese font and would show as a box; "
        "expected a character the font has",
    ) in problems
    # the variation selector U+FE0F is invisible: only the emoji itself is reported
    assert [m for p, m in problems if p == card] == [
        "U+1F17F '🅿' cannot be drawn by the bundled font for 'en' (the Korean face) and "
        "would show as a box; expected a character the font has"
    ]
    assert len(problems) == 2


def test_each_language_is_checked_with_its_own_face(make_deck):
    """Hangul is drawn in Korean, not by the Simplified Chinese face; a Big5-only hanzi
    not by the Japanese face; and each language label in the face of its own code."""

    korean = "꽃 떡 빵 흙 쫄"  # KS X 1001 Hangul the content does not use (so not in SC)
    sc = cmap("SC", "Regular")
    outside_sc = {f"U+{ord(ch):04X}" for ch in korean if ch != " " and ord(ch) not in sc}
    assert outside_sc

    def change(data: dict) -> None:
        slide = slide_of(data, "title")
        slide["title"]["ko"] = korean
        slide["title"]["zh_Hans"] = korean
        data["languages"][index_of_code(data, "zh_Hans")]["label"] = f"简体中文 {korean}"
        data["languages"][index_of_code(data, "ko")]["label"] = korean

    path = make_deck(change)
    data = json.loads(path.read_text(encoding="utf-8"))
    at = index_of(data["slides"], "title")
    problems = problems_of(path)
    paths = {p for p, _ in problems}
    assert paths == {
        f"$.slides[{at}].title.zh_Hans",
        f"$.languages[{index_of_code(data, 'zh_Hans')}].label",
    }
    assert all("Simplified Chinese font" in m for _, m in problems)
    assert {m.split(" ")[0] for _, m in problems} == outside_sc
    assert len(problems) == 2 * len(outside_sc)


def index_of_code(data: dict, code: str) -> int:
    return next(i for i, lang in enumerate(data["languages"]) if lang["code"] == code)


@pytest.mark.parametrize(
    ("char", "shown"),
    [
        ("\x07", "U+0007 is a control character"),
        ("\t", "U+0009 (tab) is a control character"),
        ("\r", "U+000D (carriage return) is a control character"),
        ("\x1b", "U+001B is a control character"),
    ],
)
def test_control_characters_are_refused(make_deck, char, shown):
    def change(data: dict) -> None:
        slide_of(data, "bullets")["points"][1]["zh_Hans"] = f"请勿{char}吸烟"

    path = make_deck(change)
    data = json.loads(path.read_text(encoding="utf-8"))
    where = f"$.slides[{index_of(data['slides'], 'bullets')}].points[1].zh_Hans"
    assert problems_of(path) == [
        (where, f"{shown}; expected visible text (\\n is the only line break)")
    ]


@pytest.mark.parametrize(
    "mark",
    [
        "\u202e",
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
    ],
)
def test_bidirectional_controls_are_refused(make_deck, mark):
    def change(data: dict) -> None:
        data["park"]["name"]["en"] = f"evil {mark}evil"

    problems = problems_of(make_deck(change))
    assert len(problems) == 1
    where, message = problems[0]
    assert where == "$.park.name.en"
    assert message.startswith(f"U+{ord(mark):04X} (")
    assert "is a bidirectional control, which reorders the text on screen" in message


def test_a_right_to_left_override_would_turn_evil_into_live(qapp):
    """Why the override is refused: Qt really draws the text reversed."""
    from PySide6.QtGui import QTextLayout

    from kiosk.ui import fonts

    def glyph_order(text: str) -> list[int]:
        layout = QTextLayout(text, fonts.font("en", 32))
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        placed = [
            (pos.x(), glyph)
            for run in layout.glyphRuns()
            for pos, glyph in zip(run.positions(), run.glyphIndexes(), strict=True)
        ]
        return [glyph for _, glyph in sorted(placed) if glyph in letters]

    face = TTFont(FONTS / "ParkKioskSans-KR-Regular.otf", lazy=True)  # en's face
    letters = {face.getGlyphID(face.getBestCmap()[ord(c)]) for c in "evil"}  # not the marks

    assert glyph_order("\u202eevil\u202c") == glyph_order("live")


# (c) the fonts, their coverage file and their size -----------------------------------------


def cmap(region: str, weight: str) -> set[int]:
    return set(TTFont(FONTS / f"ParkKioskSans-{region}-{weight}.otf", lazy=True).getBestCmap())


def test_coverage_file_matches_the_fonts():
    """coverage.json, which validate reads, says exactly what both weights draw."""
    regions = json.loads((FONTS / "coverage.json").read_text(encoding="utf-8"))["regions"]
    assert sorted(regions) == sorted(REGIONS)
    for region in REGIONS:
        listed = {c for first, last in regions[region] for c in range(first, last + 1)}
        regular, bold = cmap(region, "Regular"), cmap(region, "Bold")
        assert regular == bold, region
        assert listed == regular, f"{region}: run `python tools/subset_fonts.py`"


@pytest.mark.parametrize("region", REGIONS)
def test_each_face_has_its_national_set(region):
    """Every letter (hanzi, kana, Hangul) of GB 2312, Big5, JIS X 0208 and KS X 1001; Noto
    Sans CJK lacks a few of their symbols only. Plus Latin-1 in every face."""
    import unicodedata

    have = cmap(region, "Regular")
    national = glyphs.national_set(region)
    lacking = {ch for ch in national if ord(ch) not in have}
    assert all(unicodedata.category(ch) != "Lo" for ch in lacking), sorted(lacking)
    assert len(lacking) < len(national) / 100
    assert {c for c in range(0xA1, 0x100) if c != 0xAD} <= have  # Latin-1 (not soft hyphen)


def test_the_fonts_stay_within_their_budget():
    total = sum(p.stat().st_size for p in FONTS.glob("*.otf"))
    assert total <= BUDGET_BYTES, f"{total / 2**20:.2f} MiB of fonts"
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    assert f"{BUDGET_BYTES / 2**20:.2f} MiB" in readme
    assert f"| total | | {total / 2**20:.2f} MiB |" in readme


def test_validate_reads_no_font_files():
    """validate checks against coverage.json: no fontTools, no Qt at run time."""
    code = (
        "import sys; from kiosk.content import load_content; "
        f"load_content({str(MINI)!r}); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fontTools', 'PySide6')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.strip() == "[]"
