"""Where a text may break into lines, and the lines it breaks into (Qt-free).

Every wrapped text the kiosk draws is broken here, so what is drawn, what `kiosk render`
reports in layout.json and what kiosk.textfit checks are the same lines. The caller gives
the width and a function measuring a string's width in its font (Qt's font metrics).

Rules: Chinese and Japanese break between BudouX phrases only; Korean and Latin text at
spaces only (Korean "keep-all"); never before closing punctuation, a small kana or ー, nor
after opening punctuation (kinsoku); a number keeps its unit (2025年, 3万500㎡, 40+, 90억,
30,500 m²); a last line of one or two characters or one short word is avoided by narrowing
the lines; headings (`balance`) get lines of even length.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from kiosk.resources import root
from kiosk.textfit import CLOSING, LATIN_UNITS, OPENING, kind

Measure = Callable[[str], float]  # a string's width, in the caller's pixels

LIST_DOTS = set("・･")
GLUE = set("\u00a0\u2007\u202f\u2060")  # no-break spaces and the word joiner
SOFT_ENDS = set("、，。；：！？）」』】”・,;:")  # a line may end here at no cost
SURE = 300  # BudouX's score above which a phrase boundary is a line-break opportunity
FULL = 0.6  # how full a line ending at punctuation must be to be preferred
UNIT_STARTS = tuple("%％㎡㎢℃°")
# A one-character word that belongs with the number after it: 约 / 約 / 약 (about).
ABOUT = set("约約약")
MYRIADS = set("十百千万萬亿億兆십백천만억조")  # a number's words: 3万 500, 3만 500


def budoux_model(lang: str) -> str:
    """The BudouX model for a language code ('' when BudouX has none)."""
    code = lang.replace("-", "_").lower()
    if code.startswith("ja"):
        return "ja"
    if code.startswith("zh"):
        traditional = any(t in code for t in ("hant", "_tw", "_hk", "_mo"))
        return "zh-hant" if traditional else "zh-hans"
    return ""


@lru_cache(maxsize=4)
def _model(model: str) -> tuple[dict[str, dict[str, int]], float]:
    """A BudouX model's feature weights and base score, read on first use: a language
    without Chinese or Japanese text never pays for it. Only the model file is read; the
    budoux package (and the HTML tooling its import brings) stays off the start path."""
    spec = importlib.util.find_spec("budoux")
    if spec is not None and spec.submodule_search_locations:
        folder = Path(next(iter(spec.submodule_search_locations)))
    else:  # the frozen bundle carries the models alone (kiosk.spec)
        folder = root() / "budoux"
    features = json.loads((folder / "models" / f"{model}.json").read_text(encoding="utf-8"))
    base = -sum(sum(group.values()) for group in features.values()) * 0.5
    return features, base


@lru_cache(maxsize=4096)
def phrases(text: str, lang: str) -> tuple[str, ...]:
    """BudouX's phrases of `text` in `lang` (the whole text as one, for other languages):
    what budoux.Parser.parse returns (tests/test_linebreak.py checks)."""
    model = budoux_model(lang)
    if not model or not text:
        return (text,) if text else ()
    cuts = [i for i, score in enumerate(_scores(text, model)) if i and score > 0]
    return tuple(text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True))


def _scores(text: str, model: str) -> list[float]:
    """BudouX's score for a break before each text[i] (i >= 1; index 0 is unused): its
    parser breaks where the score is above 0. Computed as budoux.Parser.parse does, to
    know how sure it is (and without importing budoux)."""
    features, base = _model(model)
    windows = {  # feature group -> the characters it looks at, relative to the break
        "UW1": (-3, -2), "UW2": (-2, -1), "UW3": (-1, 0), "UW4": (0, 1), "UW5": (1, 2),
        "UW6": (2, 3), "BW1": (-2, 0), "BW2": (-1, 1), "BW3": (0, 2), "TW1": (-3, 0),
        "TW2": (-2, 1), "TW3": (-1, 2), "TW4": (0, 3),
    }  # fmt: skip
    scores = [0.0]
    for i in range(1, len(text)):
        score = base
        for name, (a, b) in windows.items():
            if i + a >= 0 and i + b <= len(text):
                score += features.get(name, {}).get(text[i + a : i + b], 0)
        scores.append(score)
    return scores


@lru_cache(maxsize=4096)
def phrase_bounds(text: str, lang: str) -> frozenset[int]:
    """Where `text` may break between phrases in Chinese and Japanese: where BudouX breaks
    it, when it is sure enough (SURE: it splits 互|聯網 and 備|忘錄 by small margins), and
    after a middle dot (・), which separates the items of a list. Empty in other
    languages."""
    model = budoux_model(lang)
    if not model or not text:
        return frozenset()
    scores = _scores(text, model)
    bounds = {i for i in range(1, len(text)) if scores[i] > SURE}
    bounds.update(i + 1 for i, ch in enumerate(text[:-1]) if ch in LIST_DOTS)
    return frozenset(bounds)


def _unit(token: str) -> bool:
    """Whether a word starts with a unit: m², km, % (also "m²を", not "metres")."""
    if token.startswith(UNIT_STARTS):
        return True
    for unit in LATIN_UNITS:
        rest = token[len(unit) : len(unit) + 1]
        if token.startswith(unit) and not (rest.isascii() and rest.isalnum()):
            return True
    return False


def _allowed(text: str, i: int) -> bool:
    """Whether a line may break before text[i] (text[i - 1] and text[i] both present)."""
    a, b = text[i - 1], text[i]
    if b.isspace():
        return False  # after the spaces, never before them
    if b in CLOSING or a in OPENING or a in GLUE:
        return False
    if a.isspace():  # at a space: not between a number and its unit or its other half
        words = text[:i].split()
        before = words[-1] if words else ""
        after = text[i:].split()[0]
        if _unit(after):
            return False
        if after[:1].isdecimal() and before and (before[-1].isdecimal() or before[-1] in MYRIADS):
            return False  # 3만 500㎡, 30 500
        # (약 3만: "about" stays with its number
        return not (after[:1].isdecimal() and before.lstrip("".join(OPENING)) in ABOUT)
    # not inside a word or a number, nor between a number and its unit
    return not (a.isdecimal() or (kind(a) == "word" and kind(b) == "word"))


def pieces(text: str, lang: str) -> list[str]:
    """`text` cut where a line may break; each piece keeps the spaces that end it."""
    if not text:
        return []
    candidates = {
        i for i in range(1, len(text)) if text[i - 1].isspace() and text[i - 1] not in GLUE
    }
    candidates |= phrase_bounds(text, lang)
    cuts = [i for i in sorted(candidates) if _allowed(text, i)]
    return [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF:
        return "katakana"
    return kind(ch)


def _cut(piece: str, width: float, measure: Measure) -> list[str]:
    """A piece wider than a line, in parts that fit: the last resort for a 400-letter word,
    a URL or a very long compound. A part ends where the script changes (国際大学|イノベー
    ション) if that keeps it at least half full, else between words or scripts, else after
    the last character that fits; never before a closing mark, after an opening one or
    inside a number and its unit."""
    parts, line = [], ""
    for ch in piece:
        if line and measure(line + ch) > width and ch not in CLOSING and not ch.isspace():
            text = line + ch
            fair = [j for j in range(1, len(text)) if _cuttable(text, j)]
            whole = [j for j in fair if kind(text[j - 1]) != "word" or kind(text[j]) != "word"]
            changes = [
                j for j in whole if j >= len(line) / 2 and _script(text[j - 1]) != _script(text[j])
            ]
            at = (changes or whole or fair or [len(line)])[-1]
            parts.append(line[:at])
            line = line[at:]
        line += ch
    return [*parts, line] if line else parts


def _cuttable(text: str, j: int) -> bool:
    a, b = text[j - 1], text[j]
    unit = a.isspace() and text[: j - 1].rstrip()[-1:].isdecimal() and _unit(text[j:])
    return not (a.isdecimal() or b in CLOSING or a in OPENING or b.isspace() or unit)


def _penalty(item: str) -> int:
    """How much a line break after `item` costs: nothing at a space or after a Chinese or
    Japanese comma, stop or closing bracket; a little between two phrases of a sentence."""
    return 0 if not item or item[-1].isspace() or item[-1] in SOFT_ENDS else 1


def _fill(items: list[str], width: float, measure: Measure) -> list[list[str]]:
    """As many items on each line as fit in `width` (trailing spaces do not count), but a
    line ends after punctuation rather than between two phrases when that keeps it at
    least FULL full (精准政策扶持、|区位交通 rather than 精准|政策扶持、区|位交通); an item
    wider than a line is cut into parts first."""
    lines: list[list[str]] = []
    line: list[str] = []
    queue = list(reversed(items))
    while queue:
        item = queue.pop()
        if line and measure("".join([*line, item]).rstrip()) > width:
            if _penalty(line[-1]):
                for k in range(len(line) - 2, -1, -1):
                    if measure("".join(line[: k + 1]).rstrip()) < width * FULL:
                        break
                    if not _penalty(line[k]):
                        queue += [item, *reversed(line[k + 1 :])]
                        lines.append(line[: k + 1])
                        line = []
                        break
            if line:
                lines.append(line)
                line = []
            else:  # ended at the punctuation: the rest is taken again from the queue
                continue
        if not line and measure(item.rstrip()) > width:
            *full, last = _cut(item, width, measure) or [""]
            lines += [[part] for part in full]
            line = [last]
            continue
        line.append(item)
    if line or not lines:
        lines.append(line)
    return lines


def greedy(items: list[str], width: float, measure: Measure) -> list[str]:
    """`items` filled into lines of at most `width`."""
    return ["".join(line) for line in _fill(items, width, measure)]


def _pull_down(lines: list[list[str]], width: float, measure: Measure) -> list[str]:
    """The last line given company by moving the phrases or words that end the line above
    it down, while they fit and leave that line not stranded itself."""
    lines = [list(line) for line in lines]
    while len(lines) > 1 and len(lines[-2]) > 1 and stranded("".join(lines[-1])):
        moved = [lines[-2][-1], *lines[-1]]
        if measure("".join(moved).rstrip()) > width:
            break
        lines[-2], lines[-1] = lines[-2][:-1], moved
    return ["".join(line) for line in lines]


def stranded(line: str) -> bool:
    """A last line too short to stand alone: one or two Chinese or Japanese characters,
    a Korean word of one or two syllables, or one Latin word of up to four letters."""
    core = line.strip().rstrip("".join(CLOSING)).lstrip("".join(OPENING))
    if not core or any(ch.isspace() for ch in core):
        return False
    kinds = {kind(ch) for ch in core}
    if kinds <= {"cjk", "hangul", ""}:
        return len(core) <= 2
    return len(core) <= 4 and not core.isdigit()


def _narrowest(items: list[str], width: float, count: int, measure: Measure) -> float:
    """The narrowest width (to a pixel) at which `items` still take `count` lines, never
    narrower than the widest item (that would cut it, which is no balancing)."""
    widest = max((measure(item.rstrip()) for item in items), default=0.0)
    if widest >= width:
        return width
    low, high = widest - 0.01, width
    while high - low > 1.0:
        mid = (low + high) / 2
        if len(greedy(items, mid, measure)) <= count:
            high = mid
        else:
            low = mid
    return high


def break_paragraph(
    text: str, lang: str, width: float, measure: Measure, balance: bool = False
) -> list[str]:
    """`text` (no newline) as lines of at most `width`; see the module's rules."""
    items = pieces(text, lang)
    filled = _fill(items, width, measure)
    if len(filled) < 2 or not (balance or stranded("".join(filled[-1]))):
        return ["".join(line) for line in filled]
    narrowest = _narrowest(items, width, len(filled), measure)
    if balance:
        filled = _fill(items, narrowest, measure)
    else:  # narrow the lines only as far as it takes to give the last line company
        steps = 8
        for n in range(1, steps + 1):
            trial = _fill(items, width - (width - narrowest) * n / steps, measure)
            if len(trial) == len(filled) and not stranded("".join(trial[-1])):
                return ["".join(line) for line in trial]
    # failing that, pull the end of the line above down
    return _pull_down(filled, width, measure)


def break_text(
    text: str, lang: str, width: float, measure: Measure, balance: bool = False
) -> list[list[str]]:
    """Each paragraph of `text` (split at "\\n") as its lines."""
    return [break_paragraph(p, lang, width, measure, balance) for p in text.split("\n")]


def longest_piece(text: str, lang: str, measure: Measure) -> float:
    """The width of the widest piece no line break may cut: the narrowest a text can be
    set without breaking inside a phrase or word."""
    return max(
        (measure(p.rstrip()) for line in text.split("\n") for p in pieces(line, lang)),
        default=0.0,
    )
