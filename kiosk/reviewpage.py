"""The page `kiosk review` writes: every page of the loop in every language side by side,
what is wrong with each marked on it (Qt-free: the pictures and findings come from
kiosk.ui.review). One HTML file with its pictures inside, no links out: it can be mailed,
and opened anywhere without a network."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from html import escape

from kiosk.textfit import Finding

LEVELS = {  # level: (word in the page, what it means, "N pages ..." in the summary)
    "error": (
        "Problem",
        "text cut off, a page too full for the screen, chart labels outside or on each "
        "other, a page left out",
        "where something does not fit or is missing",
    ),
    "warning": (
        "Bad break",
        "a character alone on the last line, a word or a number cut in two, punctuation at "
        "the start of a line",
        "with a bad line break",
    ),
    "long": (
        "Too long",
        "more text than a visitor reads in passing: over the editorial limit (kiosk "
        "validate warns, --strict refuses)",
        "with text over its editorial limit",
    ),
}


@dataclass
class Cell:
    """One page in one language, as drawn."""

    image: bytes
    mime: str  # image/webp or image/jpeg
    width: int
    height: int
    findings: list[Finding] = field(default_factory=list)

    @property
    def level(self) -> str:
        levels = {f.level for f in self.findings}
        return next((lv for lv in LEVELS if lv in levels), "ok")


@dataclass
class Row:
    """One page of the loop: a slide or a chart, with its cell per language."""

    kind: str  # "slide" or "chart"
    page_id: str
    page_kind: str  # the content's kind: cards, bars...
    number: int  # its place among the slides, or among the charts (from 1)
    title: str  # in the content's default language
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Review:
    content: str  # the content file's path
    made: str  # when, as text
    size: tuple[int, int]  # the screen the pages were drawn for
    version: str
    languages: list[tuple[str, str]]  # (code, label)
    rows: list[Row]


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_id(row: Row, lang: str) -> str:
    return f"{row.kind}-{row.page_id}-{lang}"


def _cell(row: Row, lang: str, label: str) -> str:
    cell = row.cells.get(lang)
    if cell is None:
        return (
            f'<td class="cell error" id="{escape(_cell_id(row, lang))}" '
            f'data-page="{escape(row.kind)}:{escape(row.page_id)}" data-lang="{escape(lang)}" '
            'data-findings="1"><ol class="findings"><li class="error"><b>1</b> '
            '<span class="what">Problem:</span> not drawn: the kiosk leaves this page out '
            "(it failed to build; its log says why)</li></ol></td>"
        )
    marks, items = [], []
    for n, finding in enumerate(cell.findings, 1):
        word = LEVELS[finding.level][0] if finding.level in LEVELS else finding.level
        items.append(
            f'<li class="{finding.level}"><b>{n}</b> <span class="what">{word}:</span> '
            f"{escape(finding.message)}</li>"
        )
        if finding.box is not None:
            x, y, w, h = finding.box
            style = (
                f"left:{100 * x / cell.width:.2f}%;top:{100 * y / cell.height:.2f}%;"
                f"width:{100 * w / cell.width:.2f}%;height:{100 * h / cell.height:.2f}%"
            )
            marks.append(f'<span class="mark {finding.level}" style="{style}"><b>{n}</b></span>')
    data = base64.b64encode(cell.image).decode("ascii")
    alt = f"{row.kind} {row.page_id} in {label}"
    findings = f'<ol class="findings">{"".join(items)}</ol>' if items else ""
    return (
        f'<td class="cell {cell.level}" id="{escape(_cell_id(row, lang))}" '
        f'data-page="{escape(row.kind)}:{escape(row.page_id)}" data-lang="{escape(lang)}" '
        f'data-findings="{len(cell.findings)}">'
        f'<button class="shot" type="button" title="Open full size">'
        f'<img class="page" src="data:{cell.mime};base64,{data}" width="{cell.width}" '
        f'height="{cell.height}" alt="{escape(alt)}">{"".join(marks)}</button>'
        f"{findings}</td>"
    )


def _row(row: Row, languages: list[tuple[str, str]]) -> str:
    head = (
        f'<th scope="row" class="page-head"><span class="number">{row.kind.title()} '
        f'{row.number}</span><span class="title">{escape(_short(row.title))}</span>'
        f'<span class="meta">{escape(row.page_kind)} · <code>{escape(row.page_id)}</code>'
        "</span></th>"
    )
    return f"<tr>{head}{''.join(_cell(row, code, label) for code, label in languages)}</tr>"


def level(row: Row, lang: str) -> str:
    """The worst level found on a page in a language; a page not drawn is an error."""
    cell = row.cells.get(lang)
    return cell.level if cell is not None else "error"


def _summary(review: Review) -> str:
    pages = [(row, code) for row in review.rows for code, _label in review.languages]
    bad = [(row, lang) for row, lang in pages if level(row, lang) != "ok"]
    if not bad:
        return '<p class="summary ok">No problems found on any page in any language.</p>'
    levels = {lv: sum(1 for row, lang in bad if level(row, lang) == lv) for lv in LEVELS}
    said = ", ".join(
        f'<span class="{lv}">{_count(n, "page")} {LEVELS[lv][2]}</span>'
        for lv, n in levels.items()
        if n
    )
    links = " ".join(
        f'<a href="#{escape(_cell_id(row, lang))}">{row.kind} {row.number} '
        f"({escape(row.page_id)}) · {escape(lang)}</a>"
        for row, lang in bad
    )
    return (
        f'<p class="summary">Of {len(pages)} pages: {said}.</p><p class="jump">Go to: {links}</p>'
    )


def _editorial(review: Review) -> str:
    n = sum(
        1 for row in review.rows for cell in row.cells.values() for f in cell.findings
        if f.level == "long"
    )  # fmt: skip
    return f"; {_count(n, 'text')} over its editorial limit" if n else ""


def review_html(review: Review) -> str:
    slides = sum(1 for row in review.rows if row.kind == "slide")
    charts = len(review.rows) - slides
    width, height = review.size
    heads = "".join(
        f'<th scope="col" lang="{escape(code)}">{escape(label)} <code>{escape(code)}</code></th>'
        for code, label in review.languages
    )
    rows = "".join(_row(row, review.languages) for row in review.rows)
    legend = "".join(
        f'<li><span class="swatch {lv}"></span><b>{word}</b>: {meaning}</li>'
        for lv, (word, meaning, _said) in LEVELS.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Content review: {escape(review.content)}</title>
<style>{STYLE}</style></head>
<body>
<header>
<h1>Content review</h1>
<dl>
<dt>Content</dt><dd><code>{escape(review.content)}</code></dd>
<dt>Made</dt><dd>{escape(review.made)} by kiosk {escape(review.version)}</dd>
<dt>Screen</dt><dd>{width} × {height} pixels</dd>
<dt>Pages</dt><dd>{_count(slides, "slide")}, then {_count(charts, "chart")}, \
in {_count(len(review.languages), "language")}</dd>
<dt>Validator</dt><dd>no errors (the kiosk would show this file){_editorial(review)}</dd>
</dl>
{_summary(review)}
<ul class="legend">{legend}<li><span class="swatch ok"></span><b>no mark</b>: nothing found \
(read it anyway: a wrong word or a bad translation is not found by a program)</li></ul>
<p class="hint">Click a page to see it full size; Esc or a click closes it. Point at a \
page to fade its marks.</p>
</header>
<main><table>
<thead><tr><th scope="col">Page</th>{heads}</tr></thead>
<tbody>{rows}</tbody>
</table></main>
<div id="zoom" hidden></div>
<script>{SCRIPT}</script>
</body></html>
"""


STYLE = """
:root { --error: #c4320a; --warning: #d18b00; --long: #6941c6; --line: #d0d5dd; --ink: #1d2939;
  --muted: #667085; font-family: system-ui, "Segoe UI", "Noto Sans", "Noto Sans CJK SC",
  sans-serif; color: var(--ink); background: #f2f4f7; }
body { margin: 0; }
header { padding: 20px 28px 8px; background: #fff; border-bottom: 1px solid var(--line); }
h1 { margin: 0 0 10px; font-size: 24px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 10px;
  font-size: 14px; }
dt { color: var(--muted); } dd { margin: 0; }
.summary { font-size: 15px; margin: 8px 0 4px; }
.summary.ok { color: #067647; font-weight: 600; }
.summary .error { color: var(--error); font-weight: 600; }
.summary .warning { color: #93370d; font-weight: 600; }
.summary .long { color: var(--long); font-weight: 600; }
.jump { font-size: 13px; margin: 0 0 8px; line-height: 1.7; }
.jump a { margin-right: 10px; color: #175cd3; }
.legend { list-style: none; padding: 0; margin: 8px 0; font-size: 13px; display: flex;
  flex-wrap: wrap; gap: 6px 24px; }
.swatch { display: inline-block; width: 14px; height: 14px; border-radius: 3px;
  vertical-align: -2px; margin-right: 6px; border: 3px solid var(--line); }
.swatch.error { border-color: var(--error); } .swatch.warning { border-color: var(--warning); }
.swatch.long { border-color: var(--long); }
.hint { font-size: 13px; color: var(--muted); margin: 4px 0; }
main { padding: 0 16px 32px; overflow-x: auto; }
table { border-collapse: separate; border-spacing: 12px; width: 100%; min-width: 1100px;
  table-layout: fixed; }
thead th { position: sticky; top: 0; background: #f2f4f7; z-index: 2; font-size: 15px;
  text-align: left; padding: 8px 4px; }
th code, .meta code { font-size: 12px; color: var(--muted); }
thead th:first-child { width: 140px; }
.page-head { text-align: left; vertical-align: top;
  font-weight: normal; padding-top: 4px; }
.page-head span { display: block; }
.number { font-weight: 700; font-size: 15px; }
.title { font-size: 14px; margin: 2px 0; }
.meta { font-size: 12px; color: var(--muted); }
.cell { vertical-align: top; background: #fff;
  border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
.cell.error { border: 4px solid var(--error); padding: 5px; }
.cell.warning { border: 4px solid var(--warning); padding: 5px; }
.cell.long { border: 4px solid var(--long); padding: 5px; }
.shot { position: relative; display: block; width: 100%; padding: 0; border: 0;
  background: none; cursor: zoom-in; line-height: 0; }
.shot img { width: 100%; height: auto; border-radius: 3px; }
.shot:hover .mark { opacity: .15; }
.mark { position: absolute; border: 2px solid; border-radius: 3px; box-sizing: border-box;
  pointer-events: none; }
.mark.error { border-color: var(--error); background: rgba(196, 50, 10, .15); }
.mark.warning { border-color: var(--warning); background: rgba(209, 139, 0, .12); }
.mark b, .findings b { display: inline-block; min-width: 16px; padding: 0 3px;
  border-radius: 8px; font-size: 11px; line-height: 16px; text-align: center; color: #fff; }
.mark b { position: absolute; top: -9px; left: -9px; }
.mark.error b, .findings .error b { background: var(--error); }
.mark.warning b, .findings .warning b { background: var(--warning); }
.findings { list-style: none; margin: 8px 0 0; padding: 0; font-size: 12.5px;
  line-height: 1.45; word-break: break-word; }
.findings li { margin: 3px 0; }
.what { font-weight: 600; }
.findings .error .what { color: var(--error); } .findings .warning .what { color: #93370d; }
.findings .long .what { color: var(--long); } .findings .long b { background: var(--long); }
#zoom { position: fixed; inset: 0; background: rgba(16, 24, 40, .88); z-index: 10;
  display: flex; align-items: center; justify-content: center; cursor: zoom-out; }
#zoom[hidden] { display: none; }
#zoom .cell { width: min(94vw, calc(80vh * var(--ratio, 1.78))); cursor: zoom-out;
  border-radius: 10px; }
#zoom .shot { cursor: zoom-out; }
#zoom .findings { font-size: 15px; }
"""

SCRIPT = """
const zoom = document.getElementById("zoom");
document.addEventListener("click", (event) => {
  const shot = event.target.closest("td .shot");
  if (shot) {
    const img = shot.querySelector("img");
    const cell = document.createElement("div");
    cell.className = shot.parentElement.className;
    cell.replaceChildren(...[...shot.parentElement.children].map((c) => c.cloneNode(true)));
    zoom.replaceChildren(cell);
    zoom.style.setProperty("--ratio", img.naturalWidth / img.naturalHeight);
    zoom.hidden = false;
  } else if (event.target.closest("#zoom")) {
    zoom.hidden = true;
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape") zoom.hidden = true;
});
"""
