"""Editorial limits (kiosk.content.limits): over-long texts are warnings with path, language,
length and limit; `kiosk validate` prints them and exits 0, `--strict` exits 1."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.content import load_content
from kiosk.content.limits import LIMITS, length, length_warnings
from tests.conftest import MINI, index_of, slide_of


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("四大核心领域", "zh_Hans", 6),
        ("IASP 2025世界大会，在北京。", "zh_Hans", 9),  # IASP and 2025 count one each
        ("中関村のエネルギー・電力", "ja", 11),  # kana count, the middle dot does not
        ("산업 인터넷 클러스터", "ko", 9),  # syllables, not words
        ("about 30,500 m² in the park’s pilot zone", "en", 8),
        ("Phase 1 — “formally” opened", "en", 4),
    ],
)
def test_length_is_counted_in_the_languages_unit(text, lang, expected):
    assert length(text, lang) == expected


def kinds(path) -> list[dict]:
    """The deck's slides as index_of wants them."""
    return [{"kind": s.kind} for s in load_content(path).slides]


def over_long_intro(data: dict) -> None:
    words = " ".join(["word"] * (LIMITS["intro"]["words"] + 5))
    slide_of(data, "figures")["intro"]["en"] = words
    slide_of(data, "cards")["intro"]["zh_Hans"] = "园区" * LIMITS["intro"]["zh"]


def test_an_over_long_text_is_flagged_with_path_language_and_length(make_deck):
    path = make_deck(over_long_intro)  # loads: a warning never stops the content loading
    figures, cards = index_of(kinds(path), "figures"), index_of(kinds(path), "cards")
    found = {(w.path, w.lang): w for w in length_warnings(load_content(path))}
    english = found[(f"$.slides[{figures}].intro.en", "en")]
    limit = LIMITS["intro"]["words"]
    assert (english.role, english.length, english.limit, english.unit) == (
        "intro",
        limit + 5,
        limit,
        "words",
    )
    chinese = found[(f"$.slides[{cards}].intro.zh_Hans", "zh_Hans")]
    assert (chinese.length, chinese.unit) == (2 * LIMITS["intro"]["zh"], "characters")
    assert "intro in zh_Hans has" in chinese.message
    # the Chinese intro alone is over the page's limit too, and so is reported the page
    assert (f"$.slides[{cards}]", "zh_Hans") in found
    assert found[(f"$.slides[{cards}]", "zh_Hans")].role == "page"


def test_validate_warns_and_exits_0_strict_exits_1(make_deck, capsys):
    path = make_deck(over_long_intro)
    figures = index_of(kinds(path), "figures")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    limit = LIMITS["intro"]["words"]
    assert (
        f"{path}: $.slides[{figures}].intro.en: warning: intro in en has {limit + 5} words; "
        f"expected at most {limit}"
    ) in err
    assert f"{path}: OK" in out
    assert main(["validate", "--strict", str(path)]) == 1
    out, err = capsys.readouterr()
    assert f"{path}: $.slides[{figures}].intro.en: error: intro in en" in err
    assert out == ""


def test_the_fixture_deck_passes_strict(capsys):
    assert length_warnings(load_content(MINI)) == []
    assert main(["validate", "--strict", str(MINI)]) == 0
    assert capsys.readouterr().err == ""


def test_a_page_of_short_texts_can_still_be_too_long(make_deck):
    def crowd(data: dict) -> None:  # each point within its limit, the page over its own
        slide_of(data, "bullets")["points"] = [
            {lang: text for lang in ("zh_Hans", "zh_Hant", "en", "ko", "ja")}
            for text in ["one two three four five six seven eight nine ten"] * 6
        ]

    path = make_deck(crowd)
    found = length_warnings(load_content(path))
    assert {w.role for w in found} == {"page"}
    english = next(w for w in found if w.lang == "en")
    assert english.length > LIMITS["page"]["words"] and english.path.startswith("$.slides[")


def test_a_visits_welcome_page_has_limits_too(make_deck):
    def visit(data: dict) -> None:
        data["time_zone"] = "Asia/Shanghai"
        title = {lang: "Welcome" for lang in ("zh_Hans", "zh_Hant", "en", "ko", "ja")}
        line = dict(title, ja="ようこそ" * LIMITS["intro"]["ja"])
        data["visits"] = [
            {
                "id": "guests",
                "from": "2025-09-15",
                "until": "2025-09-16",
                "language": "ja",
                "welcome": {"title": title, "line": line},
            }
        ]

    found = length_warnings(load_content(make_deck(visit)))
    assert ("$.visits[0].welcome.line.ja", "intro") in {(w.path, w.role) for w in found}
