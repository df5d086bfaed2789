"""kiosk.linebreak (Qt-free): each rule in each language, measured by a fake font in which a
Chinese, Japanese or Korean character is two units wide and anything else one."""

from __future__ import annotations

import pytest

from kiosk.linebreak import (
    break_paragraph,
    break_text,
    kind,
    longest_piece,
    phrase_bounds,
    phrases,
    pieces,
)
from kiosk.textfit import break_problems


def measure(text: str) -> float:
    return float(sum(2 if kind(ch) in ("cjk", "hangul") else 1 for ch in text))


def lines_of(text: str, lang: str, width: float, balance: bool = False) -> list[str]:
    lines = break_paragraph(text, lang, width, measure, balance)
    assert "".join(lines) == text  # nothing lost, nothing added
    return lines


ZH = "中关村工业互联网产业园是北京工业互联网产业的核心基地，建筑面积约3万500㎡，正在推进二期建设。"
ZH_HANT = "中關村工業互聯網產業園是北京工業互聯網產業的核心基地，二期建設正在推動中。"
JA = "フラウンホーファー研究機構とのファウンデーションを推進中です。2025年にソフトウェアを公開。"
KO = "중관촌 산업 인터넷 산업단지는 건축 면적 (약 3만 500㎡) 규모로 조성되었습니다."
EN = "The park has built about 30,500 m² of floor space and hosts 40+ companies today."


@pytest.mark.parametrize(
    ("text", "lang"), [(ZH, "zh_Hans"), (ZH_HANT, "zh_Hant"), (JA, "ja"), (KO, "ko"), (EN, "en")]
)
@pytest.mark.parametrize("width", [9, 12, 16, 20, 26, 34, 50])
@pytest.mark.parametrize("balance", [False, True])
def test_every_break_is_a_good_one(text, lang, width, balance):
    lines = lines_of(text, lang, width, balance)
    assert all(measure(line.rstrip()) <= width for line in lines if len(line.strip()) > 1) or (
        longest_piece(text, lang, measure) > width
    )
    if longest_piece(text, lang, measure) <= width:  # nothing had to be cut
        assert break_problems(lines, lang) == [], lines


def test_chinese_and_japanese_break_between_budoux_phrases_only():
    for text, lang in ((ZH, "zh_Hans"), (ZH_HANT, "zh_Hant"), (JA, "ja")):
        bounds, at = set(), 0
        for phrase in phrases(text, lang):
            at += len(phrase)
            bounds.add(at)
        for width in (10, 14, 22, 30):
            if longest_piece(text, lang, measure) > width:
                continue  # a phrase wider than the line must be cut
            at = 0
            for line in lines_of(text, lang, width)[:-1]:
                at += len(line)
                assert at in bounds, (lang, width, line)
    # the words the issue found cut: フラウンホー/ファー, ファウンデー/ション, 推進/中
    lines = lines_of(JA, "ja", 24)
    for word in ("フラウンホーファー", "ファウンデーション", "推進中"):
        assert any(word in line for line in lines), lines


def test_korean_breaks_at_spaces_only():
    for width in (14, 20, 30):
        lines = lines_of(KO, "ko", width)
        assert all(line.endswith(" ") for line in lines[:-1]), lines
    assert lines_of("산업인터넷산업단지", "ko", 6) != [
        "산업인터넷산업단지"
    ]  # cut only when it must


def test_latin_breaks_at_spaces():
    lines = lines_of(EN, "en", 20)
    assert len(lines) > 2 and all(line.endswith(" ") for line in lines[:-1]), lines


@pytest.mark.parametrize(
    ("text", "lang", "together"),
    [
        ("面积约为30,500 m²，", "zh_Hans", "30,500 m²"),
        ("built about 30,500 m² in all", "en", "30,500 m²"),
        ("建筑面积约3万500㎡的园区", "zh_Hans", "3万500㎡"),
        ("投资约90억 위안 규모", "ko", "90억"),
        ("건축 면적 (약 3만 500㎡) 규모", "ko", "(약 3만 500㎡)"),
        ("2025年に公開された", "ja", "2025年"),
        ("more than 40+ firms here", "en", "40+"),
        ("入驻企业40余家以上", "zh_Hans", "40余"),
        ("growth of 12 % a year", "en", "12 %"),
        ("2025年に約3万500 m²を整備します", "ja", "500 m²"),
        ("a 30 metres wide road", "en", "30 "),
    ],
)
def test_a_number_keeps_its_unit(text, lang, together):
    for width in range(4, 40):
        assert any(together in line for line in lines_of(text, lang, width)) or (
            measure(together) > width
        ), (width, lines_of(text, lang, width))


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("园区的发展目标是成为全球领先的创新中心。这是第二句话。", "zh_Hans"),
        ("「産業インターネット」の拠点（北京）として、発展を続けます。", "ja"),
        ("見て、聞いて、触れて、ください。ショッピングモール", "ja"),
    ],
)
def test_kinsoku(text, lang):
    for width in range(6, 40):
        lines = lines_of(text, lang, width)
        for line in lines[1:]:
            assert line[0] not in "、。，）」』ー・ッャュョ", (width, lines)
        for line in lines[:-1]:
            assert line.rstrip()[-1] not in "（「『", (width, lines)


def test_no_stranded_last_line():
    # greedy filling would leave 中 alone (推進/中) or a short word on the last line
    lines = lines_of("二期建设正在推进中", "zh_Hans", 16)
    assert len(lines) == 2 and len(lines[-1]) > 2, lines
    lines = lines_of("The second phase is being built now", "en", 32)
    assert len(lines) == 2 and " " in lines[-1].strip(), lines
    lines = lines_of("이 산업단지의 2기 공사가 진행 중", "ko", 30)
    assert len(lines) == 2 and " " in lines[-1].strip(), lines


def test_headings_of_two_lines_are_balanced():
    title = "Zhongguancun Industrial Internet Park welcomes you"
    plain = lines_of(title, "en", 40)
    even = lines_of(title, "en", 40, balance=True)
    assert len(plain) == len(even) == 2
    gap = abs(measure(even[0].rstrip()) - measure(even[1].rstrip()))
    assert gap < abs(measure(plain[0].rstrip()) - measure(plain[1].rstrip())), even
    zh = lines_of("中关村工业互联网产业园欢迎您的莅临", "zh_Hans", 26, balance=True)
    assert len(zh) == 2 and abs(len(zh[0]) - len(zh[1])) <= 3, zh


def test_a_piece_wider_than_the_line_is_cut_where_the_script_changes():
    lines = lines_of("国際大学イノベーション連盟", "ja", 16)
    assert lines[0] == "国際大学", lines
    word = "x" * 100
    lines = lines_of(word, "en", 30)
    assert [len(line) for line in lines] == [30, 30, 30, 10]


def test_paragraphs_and_empty_text():
    assert break_text("one two\nthree", "en", 100, measure) == [["one two"], ["three"]]
    assert break_text("", "en", 10, measure) == [[""]]
    assert pieces("", "ja") == []
    assert longest_piece("", "ja", measure) == 0.0


def test_phrase_breaks_are_checked_by_textfit():
    (found,) = break_problems(["産業インターネッ", "トの通信網"], "ja")
    assert found.startswith("line break inside a phrase")
    assert break_problems(["産業インターネットの", "通信網"], "ja") == []
    assert break_problems(["産業インターネッ", "トの通信網"]) == []  # no language: no phrases


def test_a_line_ends_at_punctuation_rather_than_between_phrases():
    text = "优势：绿色智慧园区、精准政策扶持、集群协同效应、区位交通便利"
    lines = lines_of(text, "zh_Hans", 26)
    assert lines[0] == "优势：绿色智慧园区、", lines  # not 精准|政策扶持
    assert not any(line.startswith("位") for line in lines), lines  # not 区|位


def test_only_breaks_budoux_is_sure_of():
    # BudouX splits 互|聯網 and 長|期 in Traditional Chinese, by small margins
    assert "互聯網" in pieces("中關村工業互聯網產業園", "zh_Hant")
    assert any("長期" in p for p in pieces("截至2025年9月；長期目標近150家", "zh_Hant"))
    for text, lang in ((ZH, "zh_Hans"), (ZH_HANT, "zh_Hant"), (JA, "ja")):
        bounds, at = set(), 0
        for phrase in phrases(text, lang)[:-1]:
            at += len(phrase)
            bounds.add(at)
        assert phrase_bounds(text, lang) - bounds <= {  # BudouX's own, and after ・
            i + 1 for i, ch in enumerate(text) if ch == "・"
        }


def test_phrases_are_budoux_own():
    import budoux

    parsers = {
        "zh_Hans": budoux.load_default_simplified_chinese_parser(),
        "zh_Hant": budoux.load_default_traditional_chinese_parser(),
        "ja": budoux.load_default_japanese_parser(),
    }
    for text, lang in ((ZH, "zh_Hans"), (ZH_HANT, "zh_Hant"), (JA, "ja"), (EN, "zh_Hans")):
        assert list(phrases(text, lang)) == parsers[lang].parse(text)


def test_no_break_at_a_no_break_space():
    lines = lines_of("06\u00a0\u00a0Seoul Business Agency partnership", "en", 12)
    assert lines[0].startswith("06\u00a0\u00a0Seoul"), lines
