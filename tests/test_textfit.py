"""Bad line breaks (kiosk.textfit's rules, Qt-free) and the lines kiosk.ui.fit reads off a
label on screen, which `kiosk review` marks on its pages."""

from __future__ import annotations

import pytest

from kiosk.textfit import break_problems


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["核心区破土动", "工"], "one character alone on the last line"),
        (["中国の専門家の割", "合。"], "one character alone on the last line"),
        (["Ground", "breaking ceremony"], "line break inside a word"),
        (["산업 인터", "넷 산업단지"], "line break inside a word"),
        (["built about 30,500 ", "m² of floor"], "number split from its unit"),
        (["面积45", "万平方米"], "number split from its unit"),
        (["2024", "년 11월"], "number split from its unit"),
        (["园区的发展", "。目标"], "line starts with “。”"),
        (["见「", "计划」"], "line ends with “「”"),
    ],
)
def test_each_bad_break_is_found(lines, expected):
    found = break_problems(lines)
    assert len(found) == 1 and found[0].startswith(expected), found
    assert "\u21b5" in found[0]  # the quote shows where the line ended


@pytest.mark.parametrize(
    "lines",
    [
        ["One line only"],
        ["Groundbreaking of the ", "core area"],
        ["Self-", "driving cars"],
        ["核心区一期", "竣工"],  # Han may break between any two characters (no segmenter yet)
        ["산업 인터넷 ", "산업단지"],
        ["In 2024 ", "the park opened"],
        ["工"],  # one character, but on its only line
    ],
)
def test_good_breaks_are_not_marked(lines):
    assert break_problems(lines) == []


def test_label_lines_are_the_lines_on_screen(qtbot):
    from PySide6.QtGui import QFontMetrics, QFontMetricsF

    from kiosk.ui import fonts
    from kiosk.ui.app import application
    from kiosk.ui.fit import label_findings, label_lines
    from kiosk.ui.widgets import TextLabel

    application()
    text = "中关村工业互联网产业园是北京工业互联网产业的核心基地，建筑面积约3万500㎡"
    label = TextLabel(lambda _lang: text, "body")
    qtbot.addWidget(label)
    label.show_language("zh_Hans")
    label.setFont(fonts.font("zh_Hans", 30))
    advance = QFontMetrics(label.font()).horizontalAdvance("核")
    label.resize(advance * 7 + advance // 2, 600)  # about seven characters a line
    label.show()
    qtbot.waitExposed(label)
    (lines,) = label_lines(label)
    assert "".join(lines) == text and len(lines) > 3
    metrics = QFontMetricsF(label.font())
    assert all(metrics.horizontalAdvance(line.rstrip()) <= label.width() for line in lines)
    assert break_problems(lines, "zh_Hans") == []  # phrases whole, the number with its unit
    assert label_findings([label]) == []
    # Without a language there are no phrases: Han text is cut where a line is full, and a
    # character left over stays alone on the last line, which is marked.
    label.lang = ""
    label.setText(("核心区一期竣工" * 6)[:36] + "园")
    label.resize(advance * 6 + advance // 2, 600)
    (lines,) = label_lines(label)
    assert [len(line) for line in lines] == [6] * 6 + [1]
    (found,) = label_findings([label])
    assert found.level == "warning" and "alone on the last line" in found.message
    x, y, w, h = found.box or (0, 0, 0, 0)
    assert (w, h) == (label.width(), label.height())
