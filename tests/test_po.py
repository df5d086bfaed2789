"""Content texts through PO files and back: `kiosk content export` / `kiosk content import`.

Every test works on a copy of the mini fixture deck and finds texts by page id and role,
never by position. PO files are edited with babel, as a translator's tool would write them.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from conftest import chart_of, run_kiosk, slide_of, write

from kiosk.cli import main
from kiosk.translate.texts import find_texts

TITLE = "$.slides[id=tiles].title"  # the cards slide of the mini deck
CARD = "$.slides[id=tiles].cards[1].title"


def kiosk(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def export(capsys, deck: Path, folder: Path) -> str:
    code, out, err = kiosk(capsys, "content", "export", str(folder), "--content", str(deck))
    assert code == 0, err
    return out


def load(deck: Path) -> dict:
    return json.loads(deck.read_text(encoding="utf-8"))


def catalog(po: Path) -> Catalog:
    with po.open("rb") as stream:
        return read_po(stream)


def entry(po: Path, context: str) -> Message:
    return next(m for m in catalog(po) if m.context == context)


def edit(
    po: Path, context: str, string: str | None = None, fuzzy: bool | None = None, note: str = ""
) -> int:
    """Change one entry as a PO editor would; returns the line of its msgid afterwards."""
    cat = catalog(po)
    message = next(m for m in cat if m.context == context)
    if string is not None:
        message.string = string
    if note:
        message.user_comments.append(note)
    if fuzzy is False:
        message.flags.discard("fuzzy")
    with po.open("wb") as stream:
        write_po(stream, cat, include_previous=True)
    return entry(po, context).lineno


def refused(capsys, deck: Path, folder: Path) -> str:
    """Imports `folder` expecting a refusal that leaves `deck` as it was; returns stderr."""
    before = deck.read_bytes()
    code, _out, err = kiosk(capsys, "content", "import", str(folder), "--content", str(deck))
    assert code == 1
    assert f"refused; {deck} was not changed" in err
    assert deck.read_bytes() == before
    assert sorted(p.name for p in deck.parent.iterdir() if p.name.startswith(".")) == []
    return err


def imported(capsys, deck: Path, folder: Path) -> str:
    code, out, err = kiosk(capsys, "content", "import", str(folder), "--content", str(deck))
    assert code == 0, err
    return out


def test_export_then_import_without_change_gives_the_same_file(make_deck, tmp_path, capsys):
    deck = make_deck()
    before = deck.read_bytes()
    out = export(capsys, deck, tmp_path / "po")
    assert sorted(p.name for p in (tmp_path / "po").iterdir()) == [
        "content.pot", "ja.po", "ko.po", "zh_Hans.po", "zh_Hant.po",
    ]  # fmt: skip
    assert "ko.po: 49 translated, 0 fuzzy, 0 untranslated" in out
    assert "no translation to change" in imported(capsys, deck, tmp_path / "po")
    assert deck.read_bytes() == before


@pytest.mark.parametrize("layout", ["indented", "compact"])
def test_an_import_keeps_the_files_formatting(make_deck, tmp_path, capsys, layout):
    """The mini deck is indented by one space; make_deck(change=...) writes one line."""
    deck = make_deck() if layout == "indented" else make_deck(change=lambda data: None)
    before = deck.read_bytes()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    old = entry(folder / "ko.po", TITLE).string
    edit(folder / "ko.po", TITLE, "새 제목")
    imported(capsys, deck, folder)
    assert deck.read_bytes() != before
    edit(folder / "ko.po", TITLE, old)
    imported(capsys, deck, folder)
    assert deck.read_bytes() == before


def test_an_edited_translation_lands_at_its_json_path_and_validates(make_deck, tmp_path, capsys):
    deck = make_deck()
    expected = load(deck)
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    edit(folder / "ja.po", CARD, "新しいカード")
    edit(folder / "zh_Hant.po", "$.charts[id=counts].labels[1]", "新標籤")
    out = imported(capsys, deck, folder)
    assert "2 translations imported (zh_Hant 1, ja 1); it validates" in out
    slide_of(expected, "cards")["cards"][1]["title"]["ja"] = "新しいカード"
    chart_of(expected, "bars")["labels"][1]["zh_Hant"] = "新標籤"
    assert load(deck) == expected
    assert kiosk(capsys, "validate", str(deck))[0] == 0


def test_reordering_pages_between_export_and_import_changes_nothing_else(
    make_deck, tmp_path, capsys
):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    data = load(deck)
    slides, charts = data["slides"], data["charts"]
    first, last = slides.index(slide_of(data, "title")), slides.index(slide_of(data, "cards"))
    slides[first], slides[last] = slides[last], slides[first]
    charts.reverse()
    write(deck, data)
    expected = copy.deepcopy(data)
    edit(folder / "ko.po", CARD, "새 카드")
    edit(folder / "ko.po", "$.slides[id=hello].subtitle", "새 부제")
    imported(capsys, deck, folder)
    slide_of(expected, "cards")["cards"][1]["title"]["ko"] = "새 카드"
    slide_of(expected, "title")["subtitle"]["ko"] = "새 부제"
    assert load(deck) == expected


def test_a_changed_source_is_marked_fuzzy_on_export_and_not_imported(make_deck, tmp_path, capsys):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    edit(folder / "ko.po", TITLE, note="checked by Kim")  # a translator's comment
    data = load(deck)
    old = slide_of(data, "cards")["title"].copy()
    slide_of(data, "cards")["title"]["en"] = "Our sectors, renamed"
    write(deck, data)
    out = export(capsys, deck, folder)
    assert "ko.po: 48 translated, 1 fuzzy, 0 untranslated" in out
    changed = entry(folder / "ko.po", TITLE)
    assert changed.fuzzy and changed.id == "Our sectors, renamed"
    assert changed.string == old["ko"]  # the old translation, to be checked
    # the old source as the previous msgid (babel's reader keeps it as a comment only)
    assert f'#| msgid "{old["en"]}"\nmsgctxt "{TITLE}"' in (folder / "ko.po").read_text()
    assert [m.context for m in catalog(folder / "ko.po") if m.fuzzy] == [TITLE]
    assert "checked by Kim" in changed.user_comments
    # still fuzzy after another export, and never written over the content's text
    export(capsys, deck, folder)
    assert entry(folder / "ko.po", TITLE).fuzzy
    before = deck.read_bytes()
    out = imported(capsys, deck, folder)
    assert f"{TITLE} (ko): fuzzy" in out and deck.read_bytes() == before
    # the translator checks it and clears the flag: now it is imported
    edit(folder / "ko.po", TITLE, "새 이름의 부문", fuzzy=False)
    imported(capsys, deck, folder)
    assert slide_of(load(deck), "cards")["title"]["ko"] == "새 이름의 부문"


def test_a_missing_translation_is_untranslated_and_filled_in_language_order(
    make_deck, tmp_path, capsys
):
    deck = make_deck(change=lambda data: slide_of(data, "bullets")["points"][1].pop("ko"))
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    where = "$.slides[id=points].points[1]"
    assert entry(folder / "ko.po", where).string == ""
    out = imported(capsys, deck, folder)
    assert f"{where} (ko): untranslated; the content's text is kept" in out
    edit(folder / "ko.po", where, "두 번째 항목")
    imported(capsys, deck, folder)
    point = slide_of(load(deck), "bullets")["points"][1]
    assert list(point) == ["zh_Hans", "zh_Hant", "en", "ko", "ja"]
    assert point["ko"] == "두 번째 항목"


def test_msgfmt_check_passes_on_every_exported_po_file(make_deck, tmp_path, capsys):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is missing: bash tools/setup.sh --test installs it"
    deck = make_deck(change=lambda data: slide_of(data, "bullets")["points"][0].pop("ja"))
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    data = load(deck)
    slide_of(data, "cards")["title"]["en"] = "Sectors: 50% more"  # babel calls % python-format
    write(deck, data)
    export(capsys, deck, folder)  # with a fuzzy entry and its previous msgid
    files = sorted(folder.glob("*.po")) + [folder / "content.pot"]
    assert len(files) == 5
    for po in files:
        result = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr


def test_export_refuses_to_drop_translations_never_imported(make_deck, tmp_path, capsys):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    line = edit(folder / "ko.po", CARD, "아직 가져오지 않음")
    before = (folder / "ko.po").read_bytes()
    code, _out, err = kiosk(capsys, "content", "export", str(folder), "--content", str(deck))
    assert code == 1
    assert f"ko.po:{line}: {CARD}: the translation here differs" in err
    assert (folder / "ko.po").read_bytes() == before


# --- bad PO files: each refuses the whole import with its reason -----------------------


def test_a_po_file_that_does_not_parse_is_refused(make_deck, tmp_path, capsys):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    edit(folder / "ja.po", CARD, "良い翻訳")  # a good change in another file: not written
    lines = (folder / "ko.po").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line == f'msgctxt "{CARD}"') + 2
    lines[at] = 'msgstr "닫히지 않은 문자열'
    (folder / "ko.po").write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = refused(capsys, deck, folder)
    assert f"ko.po:{at + 1}: cannot parse 'msgstr \"닫히지 않은 문자열'" in err


def test_an_entry_whose_context_is_gone_is_refused(make_deck, tmp_path, capsys):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    po = folder / "ko.po"
    po.write_text(
        po.read_text(encoding="utf-8").replace(f'"{CARD}"', '"$.slides[id=gone].title"'),
        encoding="utf-8",
    )
    line = entry(po, "$.slides[id=gone].title").lineno
    err = refused(capsys, deck, folder)
    assert f"ko.po:{line}: $.slides[id=gone].title: no such text in {deck}" in err


def test_a_broken_placeholder_is_refused(make_deck, tmp_path, capsys):
    def placeholder(data):
        slide_of(data, "cards")["title"] = {
            code: f"{text} {{count}}" for code, text in slide_of(data, "cards")["title"].items()
        }

    deck = make_deck(change=placeholder)
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    assert "python-brace-format" in entry(folder / "ko.po", TITLE).flags
    line = edit(folder / "ko.po", TITLE, "부문 {개수}")
    err = refused(capsys, deck, folder)
    assert (
        f"ko.po:{line}: {TITLE} (ko): broken placeholder: missing {{count}}; unknown {{개수}}; "
        "expected exactly {count}"
    ) in err


def test_a_translation_over_its_limit_is_refused(make_deck, tmp_path, capsys):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    assert "limit: 400 characters" in entry(folder / "ko.po", CARD).auto_comments
    line = edit(folder / "ko.po", CARD, "가" * 401)
    err = refused(capsys, deck, folder)
    assert f"ko.po:{line}: {CARD} (ko): has 401 characters; expected at most 400" in err


def test_a_translation_that_would_not_validate_is_refused(make_deck, tmp_path, capsys):
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    line = edit(folder / "ko.po", CARD, "evil \u202e text")
    err = refused(capsys, deck, folder)
    assert "the content would not be valid:" in err
    assert f"ko.po:{line}: {CARD} (ko): U+202E (RIGHT-TO-LEFT OVERRIDE) is a bidirectional" in err


def test_the_cli_exit_codes_in_a_real_process(make_deck, tmp_path):
    deck = make_deck()
    folder = tmp_path / "po"
    done = run_kiosk("content", "export", str(folder), "--content", str(deck), timeout=60)
    assert done.returncode == 0, done.stderr
    edit(folder / "ko.po", CARD, "가" * 401)
    done = run_kiosk("content", "import", str(folder), "--content", str(deck), timeout=60)
    assert done.returncode == 1
    assert "has 401 characters; expected at most 400" in done.stderr


def test_each_po_file_states_its_languages_editorial_aim(make_deck, tmp_path, capsys):
    """The length `kiosk validate` warns about, in the PO file's own language and unit;
    still there after a re-export (babel's update takes the template's comments)."""
    from kiosk.content.limits import LIMITS

    deck = make_deck()
    folder = tmp_path / "po"
    for _ in range(2):
        export(capsys, deck, folder)
        for lang, unit in (("zh_Hant", "characters"), ("ko", "syllables"), ("ja", "characters")):
            measure = "zh" if lang.startswith("zh") else lang
            aim = f"aim: at most {LIMITS['card title'][measure]} {unit} (read from 3 m, in passing)"
            assert aim in entry(folder / f"{lang}.po", CARD).auto_comments
    assert not any(c.startswith("aim:") for c in entry(folder / "content.pot", CARD).auto_comments)


def test_a_visits_welcome_page_is_translated_too(make_deck, tmp_path, capsys):
    """Visits (#17) came after the export was written: their texts need no change to it."""

    def visit(data):
        data["time_zone"] = "Asia/Shanghai"
        welcome = {code: f"Welcome ({code})" for code in ("zh_Hans", "zh_Hant", "en", "ko", "ja")}
        data["visits"] = [
            {"id": "seoul", "from": "2026-12-09T09:30", "until": "2026-12-09T11:30",
             "language": "ko", "welcome": {"title": welcome}},
        ]  # fmt: skip

    deck = make_deck(change=visit)
    assert kiosk(capsys, "validate", str(deck))[0] == 0
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    where = "$.visits[id=seoul].welcome.title"
    message = entry(folder / "ko.po", where)
    assert (message.id, message.string) == ("Welcome (en)", "Welcome (ko)")
    assert message.auto_comments == [
        "page: seoul (visit)", "role: welcome title",
        "aim: at most 20 syllables (read from 3 m, in passing)", "limit: 400 characters",
    ]  # fmt: skip
    edit(folder / "ko.po", where, "서울경제진흥원 여러분, 환영합니다")
    imported(capsys, deck, folder)
    assert load(deck)["visits"][0]["welcome"]["title"]["ko"] == "서울경제진흥원 여러분, 환영합니다"


def test_texts_are_found_in_fields_the_format_adds_later(make_deck):
    """A text is any object keyed by language codes, wherever it is: a new field such as a
    visit's welcome needs no change to the export."""
    data = load(make_deck())
    data["visits"] = [{"id": "delegation", "welcome": {"en": "Welcome", "ko": "환영"}}]
    found = {t.context: t for t in find_texts(data, ["en", "ko"])}
    welcome = found["$.visits[id=delegation].welcome"]
    assert (welcome.node, welcome.page, welcome.role) == (
        {"en": "Welcome", "ko": "환영"}, "delegation (visit)", "welcome",
    )  # fmt: skip
    assert welcome.limit is None  # not in the model: no limit to tell


def test_a_text_given_twice_in_a_po_file_is_refused(make_deck, tmp_path, capsys):
    """babel's reader would keep the first and drop the second without a word."""
    deck = make_deck()
    folder = tmp_path / "po"
    export(capsys, deck, folder)
    po = folder / "ko.po"
    text = po.read_text(encoding="utf-8")
    start = text.index(f'msgctxt "{CARD}"')
    block = text[start : text.index("\n\n", start)]
    po.write_text(text + "\n" + block.replace('msgstr "', 'msgstr "둘째 ') + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 3  # the second entry's msgid
    err = refused(capsys, deck, folder)
    assert f"ko.po:{line}: {CARD}: a second entry for this text" in err
