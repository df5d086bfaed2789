"""The gettext catalogs: extracted from the code, complete, consistent, and used.

When a test here fails after you added or changed a `_()` / `ngettext()` string, run
`python tools/catalogs.py extract` and `python tools/catalogs.py update`, translate what
is new in translations/*/LC_MESSAGES/kiosk.po, and check with `python tools/catalogs.py
check` (docs/translations.md has the details).
"""

from __future__ import annotations

import ast
import builtins
import gettext
import importlib
import importlib.util
import io
import shutil
import subprocess

import pytest

from kiosk import i18n
from kiosk.content import load_content
from tests.conftest import MINI, ROOT


def load_tool():
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogs = load_tool()
LANGUAGES = catalogs.LANGUAGES


def translated(lang: str) -> list:
    """The messages of `lang`'s catalog, the header aside."""
    return [m for m in catalogs.read_catalog(catalogs.po_path(lang), lang) if m.id]


@pytest.fixture
def language():
    """Restores kiosk.i18n's language after a test that changes it."""
    before = i18n.current_language()
    yield i18n.set_language
    i18n.set_language(before)


def test_every_language_of_a_deck_but_the_source_has_a_catalog():
    # The fixture deck offers the kiosk's five languages (the bundled deck's choice of
    # languages is the operator's: a language without a catalog shows the English UI).
    offered = set(load_content(MINI).language_codes) - {i18n.SOURCE_LANGUAGE}
    assert offered
    assert offered <= set(LANGUAGES)
    assert i18n.SOURCE_LANGUAGE not in LANGUAGES
    assert not catalogs.po_path(i18n.SOURCE_LANGUAGE).exists()  # English is the msgid


def test_the_template_holds_every_string_in_the_code():
    # Extracts kiosk/**.py again, as `tools/catalogs.py extract` does, into a temporary file.
    assert catalogs.template_problems() == []


def test_a_string_nobody_extracted_is_caught(tmp_path):
    shutil.copy(ROOT / "babel.cfg", tmp_path)
    shutil.copytree(ROOT / "kiosk", tmp_path / "kiosk", ignore=shutil.ignore_patterns("*.pyc"))
    (tmp_path / "kiosk" / "new_view.py").write_text(
        "from kiosk.i18n import _, ngettext\n\n"
        "TITLE = _('A brand-new title')\n"
        "COUNT = ngettext('{count} chart', '{count} charts', 2)\n",
        encoding="utf-8",
    )
    problems = "\n".join(catalogs.template_problems(catalogs.TEMPLATE, root=tmp_path))
    assert "lacks 'A brand-new title' from the code" in problems
    assert "lacks ('{count} chart', '{count} charts') from the code" in problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalog_is_complete_and_consistent(lang):
    # Every .pot message is there and translated; none fuzzy; placeholders match; the
    # header's Plural-Forms is CLDR's for the language; babel's own checks pass.
    assert catalogs.catalog_problems(lang) == []


def test_the_template_has_strings():
    ids = catalogs.message_ids(catalogs.TEMPLATE)
    assert {"Next slide", "Previous slide", ("{count} slide", "{count} slides")} <= ids


@pytest.mark.parametrize(
    ("text", "percent", "expected"),
    [
        ("{count} slides", False, {"{count}"}),
        ("{count:,} of {total!r}", False, {"{count}", "{total}"}),
        ("{{literal}} {a.b} {c[0]}", False, {"{a}", "{c}"}),
        ("50% {n}", False, {"{n}"}),
        ("%(count)d of %(total)s, 5%%", True, {"%(count)d", "%(total)s"}),
    ],
)
def test_placeholders(text, percent, expected):
    assert catalogs.placeholders(text, percent) == expected


def test_a_broken_translation_is_reported(tmp_path):
    from babel.messages.pofile import write_po

    folder = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    po = catalogs.po_path("ko", folder)
    catalog = catalogs.read_catalog(po, "ko")
    catalog["{count} slide"].string = ("{number}장",)
    catalog["Next slide"].string = ""
    catalog["Previous slide"].flags.add("fuzzy")
    with po.open("wb") as fh:
        write_po(fh, catalog)
    problems = "\n".join(catalogs.catalog_problems("ko", folder))
    assert "msgstr[0] has placeholders ['{number}'], the source has" in problems
    assert "'Next slide' is untranslated" in problems
    assert "'Previous slide' is fuzzy" in problems


def test_plural_placeholders_are_checked_form_by_form():
    from babel.messages.catalog import Message

    ids = ("One slide", "{count} slides")
    good_korean = Message(ids, ("슬라이드 {count}장",))
    bad_korean = Message(ids, ("슬라이드 한 장",))
    two_forms = Message(ids, ("one slide", "{count} slides"))
    assert list(catalogs.message_problems(good_korean, 1)) == []
    assert "msgstr[0] has placeholders []" in "".join(catalogs.message_problems(bad_korean, 1))
    assert list(catalogs.message_problems(two_forms, 2)) == []
    assert "has 2 plural forms" in "".join(catalogs.message_problems(two_forms, 1))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_po_file_compiled_in_memory_gives_every_translation(lang):
    po = catalogs.po_path(lang)
    compiled = gettext.GNUTranslations(io.BytesIO(i18n.compile_po(po.read_bytes(), lang)))
    for message in translated(lang):
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 5, 21):
                assert compiled.ngettext(*message.id, n) == message.string[compiled.plural(n)]
        else:
            assert compiled.gettext(message.id) == message.string


def test_set_language_switches_what_underscore_returns(language):
    language("ko")
    assert i18n._("Next slide") == "다음 슬라이드"
    language("en")
    assert i18n._("Next slide") == "Next slide"
    assert i18n._("A string nobody translated") == "A string nobody translated"
    for lang in LANGUAGES:
        language(lang)
        assert i18n.current_language() == lang
        for message in translated(lang):
            if not isinstance(message.id, tuple):
                assert i18n._(message.id) == message.string
        assert i18n._("Next slide") != "Next slide"


def test_english_plurals_follow_the_count(language):
    language("en")
    singular, plural = "{count} slide", "{count} slides"
    assert i18n.ngettext(singular, plural, 1) == singular
    for n in (0, 2, 5, 11, 21):
        assert i18n.ngettext(singular, plural, n) == plural
    for message in translated(LANGUAGES[0]):
        if isinstance(message.id, tuple):  # the catalogs' own plurals, in English
            assert i18n.ngettext(*message.id, 1) == message.id[0]
            assert i18n.ngettext(*message.id, 3) == message.id[1]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plurals_pick_the_languages_forms(lang, language):
    from babel.messages.plurals import get_plural

    plural = gettext.c2py(get_plural(lang).plural_expr)  # CLDR's rule, as gettext runs it
    language(lang)
    for message in translated(lang):
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 5, 21, 101):
                index = plural(n)
                assert i18n.ngettext(*message.id, n) == message.string[index]


# Uses of builtins that install nothing: putting back the import function PySide6 replaces
# (kiosk/ui/app.py) and the charts' import finder (kiosk/ui/charts/qtmirror.py).
HARMLESS = {("builtins", "__import__"), ("qtmirror", "install")}


def builtins_uses(source: str) -> list[int]:
    """Lines that import or touch builtins, or call an `install()` (gettext's or Translations')."""
    tree = ast.parse(source)
    harmless: set[int] = set()
    for node in ast.walk(tree):
        name = node.value if isinstance(node, ast.Attribute) else None
        if isinstance(name, ast.Name) and (name.id, getattr(node, "attr", "")) in HARMLESS:
            harmless |= {id(node), id(name)}
    touched = any(
        isinstance(n, ast.Name) and n.id == "builtins" and id(n) not in harmless
        for n in ast.walk(tree)
    )
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [alias.name for alias in node.names] + [getattr(node, "module", None) or ""]
            hit = ("builtins" in names and touched) or "install" in names
        elif id(node) in harmless:
            hit = False
        elif isinstance(node, ast.Name):
            hit = node.id in ("builtins", "__builtins__", "install")
        elif isinstance(node, ast.Attribute):
            hit = node.attr in ("install", "__builtins__")
        else:
            hit = False
        if hit:
            lines.append(node.lineno)
    return lines


def test_the_builtins_check_finds_installs():
    assert builtins_uses("import gettext\ngettext.install('kiosk')") == [2]
    assert builtins_uses("import builtins\nbuiltins._ = str") != []
    assert builtins_uses("from gettext import install") == [1]
    assert builtins_uses("t.install()") == [1]
    assert builtins_uses('"""Nothing is installed into builtins."""') == []
    assert builtins_uses("import builtins\nbuiltins.__import__ = f") == []
    assert builtins_uses("import builtins\nbuiltins.__import__ = f\nbuiltins._ = g") == [1, 3]
    assert builtins_uses("qtmirror.install()") == []


def test_nothing_installs_underscore_into_builtins():
    sources = sorted((ROOT / "kiosk").rglob("*.py")) + sorted((ROOT / "tools").glob("*.py"))
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sources
        for line in builtins_uses(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
    # And at run time: what the program imports to start, with a language switched.
    for name in ("kiosk.cli", "kiosk.ui.app", "kiosk.ui.window", "kiosk.formatting"):
        importlib.import_module(name)
    i18n.set_language("ko")
    i18n.set_language(i18n.SOURCE_LANGUAGE)
    assert not hasattr(builtins, "_") and not hasattr(builtins, "ngettext")


def test_catalogs_compile_with_pybabel(tmp_path):
    folder = tmp_path / "translations"
    shutil.copytree(catalogs.TRANSLATIONS, folder, ignore=shutil.ignore_patterns("*.mo"))
    assert catalogs.compile_catalogs(folder) == 0
    for lang in LANGUAGES:
        mo = folder / lang / "LC_MESSAGES" / "kiosk.mo"
        with mo.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)
        for message in translated(lang):
            if not isinstance(message.id, tuple):
                assert compiled.gettext(message.id) == message.string


def test_no_compiled_catalog_is_committed():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    files = subprocess.run(
        ["git", "ls-files", "*.mo"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert files == []


def test_the_commands_are_documented():
    doc = (ROOT / "docs" / "translations.md").read_text(encoding="utf-8")
    for step in ("extract", "update", "compile", "check"):
        assert f"python tools/catalogs.py {step}" in doc
    for command in catalogs.commands():
        assert command in doc, command
