"""`kiosk content export DIR`: DIR/content.pot and DIR/<lang>.po for every language but the
default one, whose texts are the message ids.

Over an earlier export, each PO file is updated with babel's `Catalog.update`: the
translator's comments and header stay, and a text whose source changed since keeps its old
translation marked fuzzy (with the old source as `#| msgid`), for the translator to check.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog

from kiosk import __version__
from kiosk.content.validate import ContentError
from kiosk.translate.pofiles import PoError, read_catalog, write_catalog
from kiosk.translate.texts import Source, is_brace_format, read_source

TEMPLATE = "content.pot"
HEADER = """\
# Texts of the Park Kiosk content file {name}, for translators.
# Made by `kiosk content export`. The msgctxt of an entry is where its
# text is in the content file: leave it as it is. Translate each msgid
# into msgstr, keep every {{placeholder}} as it is, stay within the limit
# given above the entry, and clear the fuzzy flag of a translation once
# you have checked it. See docs/translations.md."""


def catalog_for(source: Source, lang: str | None, now: datetime) -> Catalog:
    """The texts as a catalog: the template (lang None) or one language's, with the
    content's translations as msgstr."""
    catalog = Catalog(
        locale=lang,
        header_comment=HEADER.format(name=source.path.name),
        project="Park Kiosk content",
        version=__version__,
        copyright_holder="the park's operators",
        creation_date=now,
        revision_date=now,
        last_translator="kiosk content export",
        fuzzy=lang is None,
    )
    for text in source.texts:
        msgid = text.node.get(source.default)
        if not msgid:
            continue
        catalog.add(
            msgid,
            text.node.get(lang, "") if lang else "",
            auto_comments=text.comments(lang),
            flags=["python-brace-format"] if is_brace_format(msgid) else [],
            context=text.context,
        )
    return catalog


def merge(old: Catalog, fresh: Catalog, template: Catalog, po: Path) -> list[str]:
    """Bring an earlier export up to date with the content (in place); the conflicts that
    stop the export: a translation in the PO file that differs from the content's and
    was never imported."""
    before = {m.context: m for m in old if m.id and m.context}
    old.update(template, no_fuzzy_matching=True)  # matched by (msgid, msgctxt), as gettext
    conflicts = []
    for message in old:
        if not message.id:
            continue
        now = fresh.get(message.id, message.context or "")
        content = now.string if now is not None else ""
        if now is not None:  # the template's comments lack this language's editorial aim
            message.auto_comments = list(now.auto_comments)
        earlier = before.get(message.context or "")
        message.flags.discard("fuzzy")
        message.previous_id = []
        if earlier is None:  # a new text
            message.string = content
        elif earlier.id != message.id or earlier.fuzzy:  # its source changed, or did before
            message.string = earlier.string or content
            message.previous_id = (
                earlier.previous_id if earlier.id == message.id else [str(earlier.id)]
            )
            message.user_comments = earlier.user_comments  # update() keeps them on a match only
            if message.string:
                message.flags.add("fuzzy")
        else:
            if earlier.string and earlier.string != content:
                conflicts.append(
                    f"{po}:{earlier.lineno}: {message.context}: the translation here differs "
                    "from the content's and was never imported"
                )
            message.string = content
    return conflicts


def export(source: Source, folder: Path) -> tuple[dict[Path, Catalog], list[str]]:
    """The catalogs to write into `folder`, or the problems that stop the export."""
    now = datetime.now(UTC)
    template = catalog_for(source, None, now)
    catalogs: dict[Path, Catalog] = {folder / TEMPLATE: template}
    problems: list[str] = []
    for lang in source.codes:
        if lang == source.default:
            continue
        po = folder / f"{lang}.po"
        fresh = catalog_for(source, lang, now)
        if po.exists():
            try:
                old = read_catalog(po)
            except PoError as exc:
                problems.append(f"{exc}; fix or remove it to export again")
                continue
            # a template of its own: update() puts the template's new messages in as they are
            problems += merge(old, fresh, catalog_for(source, None, now), po)
            catalogs[po] = old
        else:
            catalogs[po] = fresh
    return catalogs, problems


def export_command(folder: Path, content: Path) -> int:
    """Exit code 0 when the files were written, 1 (with the reasons) when not."""
    try:
        source = read_source(content)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print("kiosk content export: nothing written", file=sys.stderr)
        return 1
    catalogs, problems = export(source, folder)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        print(
            f"kiosk content export: nothing written. Import {folder} first "
            "(kiosk content import) to keep those translations, or move the PO file away "
            "to start again from the content's",
            file=sys.stderr,
        )
        return 1
    for text in source.texts:
        if not text.node.get(source.default):
            print(f"{content}: {text.context}: no {source.default!r} text; left out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, catalog in catalogs.items():
            write_catalog(path, catalog)
    except OSError as exc:
        print(f"kiosk content export: {exc}", file=sys.stderr)
        return 1
    template = catalogs[folder / TEMPLATE]
    print(f"{folder / TEMPLATE}: {len(template)} texts of {content}")
    for path, catalog in catalogs.items():
        if path.name != TEMPLATE:
            print(f"{path}: {_counts(catalog)}")
    for po in sorted(folder.glob("*.po")):
        if po not in catalogs:
            print(f"{po}: {po.stem!r} is no translated language of {content}; left as it is")
    return 0


def _counts(catalog: Catalog) -> str:
    messages = [m for m in catalog if m.id]
    fuzzy = sum(1 for m in messages if m.fuzzy)
    empty = sum(1 for m in messages if not m.string)
    done = len(messages) - fuzzy - empty
    return f"{done} translated, {fuzzy} fuzzy, {empty} untranslated"
