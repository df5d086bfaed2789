"""layout.json, which `kiosk render` writes beside the pictures: every text box drawn, with
its role, pixel size, rectangle and lines; and the rules checked over it, for the fixture
deck, long texts and the bundled deck at 1920x1080, 1080x1920 and 3840x2160:
- line breaks (kiosk.textfit.break_problems with the language): no break inside a BudouX
  phrase in Chinese or Japanese, none inside a Korean or Latin word, no number split from
  its unit, no line starting with closing punctuation or ending with an opening one, no
  character alone on the last line;
- the one type scale (issue #15): one pixel size per role in a language at a size, across
  every page; running text at least 3.7% of the screen's height (width in portrait) and
  no text under 3.0%."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.content import load_content
from kiosk.textfit import break_problems
from kiosk.ui.theme import BODY_SHARE, SMALLEST_SHARE
from tests.conftest import CONTENT, MINI, RENDER_SIZE, run_kiosk, slide_of

SIZES = [(1920, 1080), (1080, 1920), (3840, 2160)]
DECK = load_content(MINI)

# Texts that Qt's own wrapping broke badly (words and numbers from issue #15), long enough
# to wrap on cards, milestones and intros at every size. (㎡ only where the language's
# bundled font has it.)
LONG = {
    "zh_Hans": "园区围绕虚拟现实、边缘计算和人工智能布局生产性服务业，核心区一期已顺利竣工，"
    "二期于2024年破土动工，建筑面积约3万500平方米，正在推进中。",
    "zh_Hant": "園區圍繞虛擬實境、邊緣運算和人工智慧布局生產性服務業，核心區一期已順利竣工，"
    "二期於2024年破土動工，建築面積約3萬500㎡，正在推動中。",
    "en": "The park gathers virtual reality, edge computing and artificial intelligence "
    "firms; its first phase is finished and about 30,500 m² of floor space is being built.",
    "ko": "산업단지는 가상현실, 엣지 컴퓨팅, 인공지능 기업을 모으고 있으며 2기 공사"
    "(약 3만 500㎡)가 진행 중이고 투자 규모는 약 90억 위안입니다.",
    "ja": "フラウンホーファー研究機構とのファウンデーションを推進中で、エネルギー・電力の"
    "ソフトウェアやインターネットのサービスをめざして、2025年に約3万500 m²を整備します。",
}


def render_layouts(deck: Path, out: Path, size: tuple[int, int]) -> dict[str, Any]:
    result = run_kiosk(
        "render", "--content", str(deck), "--lang", "all", "--view", "all",
        "--size", f"{size[0]}x{size[1]}", "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return read_layouts(out)


def read_layouts(out: Path) -> dict[str, Any]:
    return {
        folder.name: json.loads((folder / "layout.json").read_text(encoding="utf-8"))
        for folder in sorted(out.iterdir())
        if folder.is_dir()
    }


def paragraphs(box: dict[str, Any]) -> list[list[str]]:
    starts = [*box["paragraph_starts"], len(box["lines"])]
    return [box["lines"][a:b] for a, b in zip(starts, starts[1:], strict=False)]


def break_faults(layouts: dict[str, Any]) -> list[str]:
    faults = []
    for lang, report in layouts.items():
        for page in report["pages"]:
            for box in page["boxes"]:
                for lines in paragraphs(box):
                    faults += [
                        f"{lang} {report['size']} {page['id']} {box['role']}: {problem}"
                        for problem in break_problems(lines, lang)
                    ]
    return faults


# Running text: what a visitor reads in sentences (titles, figures and dates are larger).
BODY_ROLES = {"intro", "body", "label", "point", "card-text", "milestone", "chart-label"}


def scale_faults(layouts: dict[str, Any]) -> list[str]:
    """A role drawn at more than one pixel size in a language (across all its pages), and
    text smaller than the type scale allows for the screen."""
    faults = []
    for lang, report in layouts.items():
        width, height = report["size"]
        side = min(width, height)  # the height in landscape, the width in portrait
        sizes: dict[str, dict[int, list[str]]] = {}
        for page in report["pages"]:
            for box in page["boxes"]:
                sizes.setdefault(box["role"], {}).setdefault(box["px"], []).append(page["id"])
        for role, seen in sorted(sizes.items()):
            where = f"{lang} {width}x{height} {role}"
            if len(seen) > 1:
                faults.append(f"{where}: several sizes {dict(sorted(seen.items()))}")
            least = BODY_SHARE if role in BODY_ROLES else SMALLEST_SHARE
            if min(seen) < least * side:
                faults.append(f"{where}: {min(seen)} px < {least:.1%} of {side} px")
    return faults


def wrapped(layouts: dict[str, Any], lang: str) -> int:
    """How many boxes in `lang` run to more than one line (so a test checked something)."""
    pages = layouts[lang]["pages"]
    return sum(len(box["lines"]) > 1 for page in pages for box in page["boxes"])


def test_layout_json_lists_every_page_and_text_box(mini_render):
    layouts = read_layouts(mini_render)
    assert sorted(layouts) == sorted(DECK.language_codes)
    ids = [s.id for s in DECK.slides] + [c.id for c in DECK.charts]
    width, height = RENDER_SIZE
    for lang, report in layouts.items():
        assert report["language"] == lang and report["size"] == [width, height]
        assert sorted(p["id"] for p in report["pages"]) == sorted(ids)
        pictures = {p.name for p in (mini_render / lang).glob("*.png")}
        assert {p["image"] for p in report["pages"]} == pictures
        for page in report["pages"]:
            assert page["boxes"], page["id"]
            for box in page["boxes"]:
                x, y, w, h = box["rect"]
                assert x >= 0 and y >= 0 and x + w <= width and y + h <= height, box
                assert isinstance(box["role"], str) and box["px"] >= 6, box
                assert box["lines"] and box["paragraph_starts"][0] == 0, box
        for slide in DECK.slides:  # a slide's title is there, with its lines as drawn
            page = next(p for p in report["pages"] if p["id"] == slide.id)
            (title,) = [b for b in page["boxes"] if b["role"] in ("title", "display")]
            assert "".join(title["lines"]) == slide.title[lang]
        roles = {b["role"] for p in report["pages"] for b in p["boxes"]}
        assert {"title", "intro", "card-title", "figure", "date", "chart-title"} <= roles


def test_the_fixture_deck_breaks_well(mini_render):
    assert break_faults(read_layouts(mini_render)) == []


def test_the_fixture_deck_keeps_the_type_scale(mini_render):
    layouts = read_layouts(mini_render)
    assert scale_faults(layouts) == []
    for report in layouts.values():  # one title size on every page, pages of all kinds
        titles = [b for p in report["pages"] for b in p["boxes"] if b["role"] == "title"]
        assert len(titles) >= 4


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_fixture_deck_at_lobby_sizes(tmp_path, size):
    layouts = render_layouts(MINI, tmp_path / "out", size)
    assert scale_faults(layouts) == []
    assert break_faults(layouts) == []


def test_scale_faults_finds_a_page_that_shrank_its_text():
    """The checker itself: two sizes of one role, and text under the screen's share."""
    box = {"role": "intro", "rect": [0, 0, 10, 10], "lines": ["x"], "paragraph_starts": [0]}
    pages = [
        {"id": "a", "boxes": [{**box, "px": 40}]},
        {"id": "b", "boxes": [{**box, "px": 35}]},
    ]
    faults = scale_faults({"en": {"size": [1920, 1080], "pages": pages}})
    assert len(faults) == 2 and "several sizes" in faults[0] and "35 px" in faults[1]


def long_texts(data: dict) -> None:
    """Every wrapping text of the cards and timeline slides made long (LONG)."""
    cards = slide_of(data, "cards")
    cards["intro"] = LONG
    for card in cards["cards"]:
        card["text"] = LONG
    for event in slide_of(data, "timeline")["events"]:
        event["text"] = LONG
    slide_of(data, "figures")["intro"] = LONG


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_texts_break_well(make_deck, tmp_path, size):
    layouts = render_layouts(make_deck(long_texts), tmp_path / "out", size)
    assert break_faults(layouts) == []
    for lang in LONG:  # the texts did wrap, in every language
        assert wrapped(layouts, lang) >= 5, lang


def test_a_page_too_long_for_the_scale_shrinks_whole_and_says_so(make_deck, tmp_path):
    """The last resort for valid content over the editorial limits: that page, every role
    alike, a step smaller, and a warning naming it; the other pages keep the scale."""

    def crowded(data: dict) -> None:
        cards = slide_of(data, "cards")
        for card in cards["cards"]:
            card["text"] = {**LONG, "en": " ".join([LONG["en"]] * 2)}

    deck = make_deck(crowded)
    data = json.loads(deck.read_text(encoding="utf-8"))
    crowded_id = slide_of(data, "cards")["id"]
    out = tmp_path / "out"
    result = run_kiosk(
        "render", "--content", str(deck), "--lang", "en", "--size", "1920x1080",
        "--out", str(out),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"slide {crowded_id} (en) does not fit" in result.stderr
    pages = {p["id"]: p for p in read_layouts(out)["en"]["pages"]}
    sizes = {
        page_id: {b["role"]: b["px"] for b in page["boxes"] if b["role"] != "park-name"}
        for page_id, page in pages.items()
    }
    shrunk = sizes.pop(crowded_id)
    other = next(roles for roles in sizes.values() if "title" in roles)
    assert shrunk["title"] < other["title"] and shrunk["card-text"] < 40
    assert shrunk["title"] / other["title"] == pytest.approx(shrunk["card-text"] / 40, abs=0.03)
    rest = [p for p in pages.values() if p["id"] != crowded_id]
    assert scale_faults({"en": {"size": [1920, 1080], "pages": rest}}) == []
    page = tmp_path / "review.html"  # the review page marks it for the editor too
    result = run_kiosk("review", "--content", str(deck), "--out", str(page))
    assert result.returncode == 0, result.stderr
    assert "too long for the type scale: drawn at" in page.read_text(encoding="utf-8")


@pytest.mark.bundled
@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_bundled_deck_breaks_well_at_one_type_scale(tmp_path, size):
    layouts = render_layouts(CONTENT, tmp_path / "out", size)
    assert sorted(layouts) == sorted(load_content(CONTENT).language_codes)
    assert break_faults(layouts) == []
    assert scale_faults(layouts) == []
