"""Maintain the program's gettext catalogs with babel (docs/translations.md says when).

    python tools/catalogs.py extract   # kiosk/**.py -> translations/kiosk.pot
    python tools/catalogs.py update    # kiosk.pot -> translations/<lang>/LC_MESSAGES/kiosk.po
    python tools/catalogs.py compile   # each kiosk.po -> kiosk.mo beside it (optional, see below)
    python tools/catalogs.py check     # what tests/test_catalogs.py checks, problems printed

Each step runs babel's own `pybabel` command in this interpreter, so it works from the
virtual environment without PATH tweaks; `commands()` shows the equivalent command lines.
`update` first initializes (`pybabel init`) a catalog for any language that lacks one.
Nothing needs the compiled .mo files: kiosk.i18n compiles a .po in memory at start-up and
kiosk.spec compiles them for the frozen bundle; `compile` is for trying one by hand.
English is the source language: its text is the msgid, and it has no catalog
(kiosk.i18n falls back to gettext's NullTranslations, which picks English plurals).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shlex
import string
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import __version__, glyphs, i18n  # noqa: E402  (needs the checkout on sys.path)

TRANSLATIONS = ROOT / "translations"
DOMAIN = i18n.DOMAIN
TEMPLATE = TRANSLATIONS / f"{DOMAIN}.pot"
LANGUAGES = tuple(code for code in glyphs.LOCALES if code != i18n.SOURCE_LANGUAGE)

# The names kiosk.i18n exports; babel.cfg holds only file patterns, so they are given here.
KEYWORDS = ("_", "N_", "ngettext:1,2")
COMMENT_TAG = "Translators:"


def extract_args(output: str) -> list[str]:
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    return [
        "extract",
        "-F",
        "babel.cfg",
        "--no-default-keywords",
        *keywords,
        "-c",
        COMMENT_TAG,
        # File names without line numbers: the catalogs change when strings change,
        # not whenever code above a string moves.
        "--add-location=file",
        "--sort-output",
        "--project=Park Kiosk",
        f"--version={__version__}",
        "--copyright-holder=the Park Kiosk authors",
        "-o",
        output,
        ".",
    ]


def init_args(lang: str) -> list[str]:
    return ["init", "-D", DOMAIN, "-i", "translations/kiosk.pot", "-d", "translations", "-l", lang]


UPDATE_ARGS = [
    "update",
    *("-D", DOMAIN, "-i", "translations/kiosk.pot", "-d", "translations"),
    "--ignore-obsolete",
    "--ignore-pot-creation-date",  # a fresh extraction alone leaves the .po files alone
]


def compile_args(directory: str = "translations") -> list[str]:
    return ["compile", "-D", DOMAIN, "-d", directory, "--statistics"]


def commands() -> list[str]:
    """The pybabel command lines these steps run (from the repository root)."""
    steps = [extract_args("translations/kiosk.pot"), init_args("<lang>"), UPDATE_ARGS]
    lines = [shlex.join(["pybabel", *args]) for args in [*steps, compile_args()]]
    return [line.replace("'<lang>'", "<lang>") for line in lines]


def pybabel(args: list[str], quiet: bool = False, root: Path = ROOT) -> int:
    """Run `pybabel <args>` from the repository root; returns its exit status."""
    from babel.messages.frontend import CommandLineInterface

    with contextlib.chdir(root):
        return CommandLineInterface().run(["pybabel", *(["-q"] if quiet else []), *args])


def po_path(lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract(output: Path = TEMPLATE, quiet: bool = False, root: Path = ROOT) -> int:
    """Strings in `root`/kiosk/**.py (as babel.cfg there says) into `output`."""
    return pybabel(extract_args(str(output)), quiet, root)


def update() -> int:
    for lang in LANGUAGES:
        if not po_path(lang).is_file() and (status := pybabel(init_args(lang))):
            return status
    return pybabel(UPDATE_ARGS)


def compile_catalogs(directory: Path = TRANSLATIONS) -> int:
    return pybabel(compile_args(str(directory)))


# --- checks -------------------------------------------------------------------------------

# A %-format conversion spec (printf-style, as Python reads it); "%%" is a literal "%".
PERCENT = r"%%|%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa]"


def placeholders(text: str, percent: bool = False) -> set[str]:
    """`{name}` fields (by name, format spec aside) and, if `percent`, `%(name)s` specs."""
    found = set()
    try:
        for _literal, field, _spec, _conversion in string.Formatter().parse(text):
            if field is not None:
                found.add("{" + re.split(r"[.\[]", field, maxsplit=1)[0] + "}")
    except ValueError as error:
        found.add(f"<malformed braces: {error}>")
    if percent:
        found |= {spec for spec in re.findall(PERCENT, text) if spec != "%%"}
    return found


def read_catalog(path: Path, locale: str | None = None):
    from babel.messages.pofile import read_po

    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def message_ids(path: Path) -> set[str | tuple[str, ...]]:
    """What identifies each message: msgid, with msgid_plural for plurals (the header aside)."""
    return {message.id for message in read_catalog(path) if message.id}


def plural_forms(lang: str) -> str:
    from babel.messages.plurals import get_plural

    return get_plural(lang).plural_forms


def message_problems(message, num_plurals: int) -> Iterator[str]:  # noqa: ANN001
    where = f"line {message.lineno}: {message.id!r}"
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    if message.fuzzy:
        yield f"{where} is fuzzy: check the translation, then drop the fuzzy flag"
    if not all(forms):
        yield f"{where} is untranslated"
    if message.pluralizable and len(forms) != num_plurals:
        yield f"{where} has {len(forms)} plural forms, the language has {num_plurals}"
    percent = message.python_format
    expected = [placeholders(text, percent) for text in ids]
    for index, form in enumerate(forms):
        if not form:
            continue
        got = placeholders(form, percent)
        # Every form may be used for a count other than one, so each needs the plural's
        # placeholders; only the first form of a language with singulars may follow msgid.
        allowed = [expected[-1]] + ([expected[0]] if index == 0 and num_plurals > 1 else [])
        if got not in allowed:
            label = f"msgstr[{index}]" if message.pluralizable else "msgstr"
            yield (
                f"{where}: {label} has placeholders {sorted(got)}, "
                f"the source has {sorted(expected[-1])}"
            )


def catalog_problems(lang: str, folder: Path = TRANSLATIONS) -> list[str]:
    """Why `lang`'s catalog is not ready to ship: missing, stale, incomplete or inconsistent."""
    path = po_path(lang, folder)
    if not path.is_file():
        return [f"{path}: missing; run `python tools/catalogs.py update`"]
    catalog = read_catalog(path, lang)
    problems = []
    if catalog.fuzzy:
        problems.append("the header is marked fuzzy (pybabel compile would skip the catalog)")
    found, expected = dict(catalog.mime_headers).get("Plural-Forms"), plural_forms(lang)
    if found != expected:
        problems.append(f"Plural-Forms is {found!r}, CLDR's is {expected!r}")
    template, ids = message_ids(folder / TEMPLATE.name), message_ids(path)
    problems += [f"{mid!r} is in the .pot but not here: run update" for mid in template - ids]
    problems += [f"{mid!r} is not in the .pot: run update" for mid in ids - template]
    for message in catalog:
        if message.id:
            problems += message_problems(message, catalog.num_plurals)
    for message, errors in catalog.check():  # babel's own checks (python-format, plurals)
        problems += [f"line {message.lineno}: {message.id!r}: {error}" for error in errors]
    return [f"{path.relative_to(folder.parent)}: {problem}" for problem in problems]


def template_problems(template: Path = TEMPLATE, root: Path = ROOT) -> list[str]:
    """Strings in the code that the .pot lacks, or that the .pot has and the code no longer.

    Extracts again into a temporary file and compares the messages (msgid and plural).
    """
    if not template.is_file():
        return [f"{template}: missing; run `python tools/catalogs.py extract`"]
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / template.name
        status = extract(fresh, quiet=True, root=root)
        if status:
            return [f"extraction failed with status {status} (babel's error is above)"]
        now, before = message_ids(fresh), message_ids(template)
    name = template.relative_to(ROOT) if template.is_relative_to(ROOT) else template
    hint = "run `python tools/catalogs.py extract` and `update`"
    lacking = [f"{name}: lacks {mid!r} from the code; {hint}" for mid in now - before]
    gone = [f"{name}: has {mid!r}, no longer in the code; {hint}" for mid in before - now]
    return sorted(lacking) + sorted(gone)


def all_problems() -> list[str]:
    problems = template_problems()
    for lang in LANGUAGES:
        problems += catalog_problems(lang)
    known = {po_path(lang) for lang in LANGUAGES}
    problems += [
        f"{path.relative_to(ROOT)}: a catalog for a language the kiosk does not offer"
        for path in sorted(TRANSLATIONS.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        if path not in known
    ]
    return problems


def check() -> int:
    problems = all_problems()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "catalogs complete", file=sys.stderr)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    steps = parser.add_subparsers(dest="step", required=True)
    extract_step = steps.add_parser("extract", help="collect the strings into the .pot")
    extract_step.add_argument("-o", "--output", type=Path, default=TEMPLATE)
    steps.add_parser("update", help="merge the .pot into every .po (init missing ones)")
    compile_step = steps.add_parser("compile", help="write a .mo beside every .po")
    compile_step.add_argument(
        "-d", "--directory", type=Path, default=TRANSLATIONS, help="a copy of translations/"
    )
    steps.add_parser("check", help="print untranslated, fuzzy or mismatched entries")
    steps.add_parser("commands", help="print the equivalent pybabel command lines")
    args = parser.parse_args(argv)
    if args.step == "extract":
        return extract(args.output.resolve())
    if args.step == "update":
        return update()
    if args.step == "compile":
        return compile_catalogs(args.directory.resolve())
    if args.step == "commands":
        print("\n".join(commands()))
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
