"""What makes laid-out text hard to read, found from its lines as drawn (Qt-free).

The lines come from kiosk.ui.fit, which reads them off the labels on screen; the rules here
only look at where each line ends and the next begins. Given the language, a break between
two Chinese or Japanese characters must fall between BudouX phrases (kiosk.linebreak),
the only places the kiosk itself breaks them.
"""

from __future__ import annotations

from typing import Literal

from kiosk.frozen import frozen

Level = Literal["error", "warning", "long"]
BREAK = "\u21b5"  # shown where a line ends in a quoted piece of text
# Not at the start of a line (kinsoku): closing brackets, stops, small kana, the long vowel.
CLOSING = set("、。，．,.!?！？:：;；)）]］}｝」』】〕〉》〗〙”’…‥・ー々〻%％")
CLOSING |= set("ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ")
OPENING = set("(（[［{｛「『【〔〈《〖〘“‘")  # not at the end of a line
JOINERS = set("-\u2010\u2011\u00ad/")  # a break after these is meant
LATIN_UNITS = ("m²", "m2", "km²", "km", "m", "%", "MW", "GW", "kW", "kWh", "t", "kg", "ha")


@frozen
class Finding:
    """Something wrong with a page as drawn. `box` is where, in the page's pixels."""

    level: Level  # error: cut off or too full; warning: a bad break; long: over its aim
    message: str
    box: tuple[int, int, int, int] | None = None  # x, y, width, height


def kind(ch: str) -> str:
    """'cjk' for Han and kana, 'hangul', 'word' for other letters and digits, else ''."""
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    ):
        return "cjk"
    return "word" if ch.isalnum() else ""


def _quote(before: str, after: str) -> str:
    head = before.rstrip()[-10:].lstrip()
    return f"“{head}{BREAK}{after.strip()[:10]}”"


def phrase_cuts(lines: list[str], lang: str) -> set[int]:
    """Where, in the paragraph `lines` make up, a line ends inside a phrase of `lang`: not
    between BudouX's phrases nor after a middle dot (kiosk.linebreak.phrase_bounds; none
    outside Chinese and Japanese). A break at a space is never inside one."""
    from kiosk.linebreak import budoux_model, phrase_bounds  # it builds on this module

    if not budoux_model(lang):
        return set()
    text = "".join(lines)
    ends, at = set(), 0
    for line in lines[:-1]:
        at += len(line)
        if not text[at - 1].isspace() and not text[at].isspace():
            ends.add(at)
    return ends - phrase_bounds(text, lang)


def break_problems(lines: list[str], lang: str = "") -> list[str]:
    """The bad breaks in a text laid out as `lines` (each line as drawn, with the spaces it
    ends with): a word cut in two, a number cut from its unit, a character alone on the last
    line, a line starting with closing punctuation or ending with an opening one; with
    `lang`, a Chinese or Japanese phrase cut in two."""
    found = []
    inside = phrase_cuts(lines, lang)
    at = 0
    for before, after in zip(lines, lines[1:], strict=False):
        at += len(before)
        if not before.strip() or not after.strip():
            continue
        last, first = before.rstrip()[-1], after.lstrip()[0]
        spaced = before[-1].isspace() or after[0].isspace()
        unit = after.lstrip().split(" ")[0]
        if last.isdigit() and (
            (not spaced and kind(first) in ("cjk", "hangul"))
            or (unit in LATIN_UNITS or unit[:1] in "%％")
        ):
            found.append(f"number split from its unit: {_quote(before, after)}")
        elif (
            not spaced
            and last not in JOINERS
            and kind(last) in ("word", "hangul")
            and kind(first) in ("word", "hangul")
        ):
            found.append(f"line break inside a word: {_quote(before, after)}")
        elif first in CLOSING:
            found.append(f"line starts with “{first}”: {_quote(before, after)}")
        elif last in OPENING:
            found.append(f"line ends with “{last}”: {_quote(before, after)}")
        elif at in inside:
            found.append(f"line break inside a phrase: {_quote(before, after)}")
    if len(lines) > 1:
        alone = lines[-1].strip().rstrip("".join(CLOSING))
        if len(alone) == 1 and kind(alone) in ("cjk", "hangul"):
            found.append(f"one character alone on the last line: {_quote(lines[-2], lines[-1])}")
    return found
