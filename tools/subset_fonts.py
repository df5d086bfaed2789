"""Build the bundled fonts: Noto Sans CJK, subset to what the kiosk shows, renamed.

    python tools/subset_fonts.py

Needs Debian's fonts-noto-cjk (NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc) and
fonttools. For each region (SC, TC, JP, KR) and weight (Regular, Bold) it takes that face
from the collection, keeps the characters the content, the catalogs and CLDR's number and
date formats use, plus the region's everyday repertoire (its national character set,
Latin-1, Latin Extended-A, punctuation, kana, full-width forms; kiosk/glyphs.py decides
which), renames the family to "Park Kiosk Sans <region>" and writes
assets/fonts/ParkKioskSans-<region>-<weight>.otf, with the licence, a README and
coverage.json (the code points each region's faces draw, which `kiosk validate` reads
without fontTools) beside them. Run it again whenever the content or a catalog gains a
character the repertoire lacks; tests/test_fonts.py fails until you do.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk import glyphs  # noqa: E402  (needs the checkout on sys.path)
from kiosk.typefaces import FAMILY, REGIONS  # noqa: E402  (needs the checkout on sys.path)

SOURCE = Path("/usr/share/fonts/opentype/noto")
DOC = Path("/usr/share/doc/fonts-noto-cjk")
OUT = ROOT / "assets" / "fonts"
# fonts-noto-cjk ships these two weights only (Medium is in fonts-noto-cjk-extra); the
# kiosk draws its Medium text with Regular (kiosk/ui/fonts.py).
WEIGHTS = ("Regular", "Bold")
POSTSCRIPT = "ParkKioskSans-{region}-{weight}"
# All eight fonts together: they go into every bundle (kiosk.spec). The everyday
# repertoires came to about 21 MB; the budget leaves room for a few more characters,
# not for another national set. tests/test_fonts.py checks it.
BUDGET_BYTES = 24 * 1024 * 1024
COVERAGE = "coverage.json"

# Horizontal text only: the vertical-writing features and their alternate glyphs go.
# 'locl' goes too: HarfBuzz in Qt tags every run with the process locale's language, so
# with 'locl' the JP face would draw Chinese forms on a machine set to zh_CN (and the SC
# face Japanese forms under ja_JP). Each face's own cmap already gives its regional forms,
# and the kiosk picks the face by language; without 'locl' that holds on every machine.
DROPPED_FEATURES = {"vert", "vrt2", "vkna", "vkrn", "vpal", "valt", "vhal", "vchw", "locl"}


def face_index(collection: Path, family: str) -> int:
    """The index of the face named `family` (name ID 1) in a .ttc."""
    ttc = TTCollection(str(collection), lazy=True)
    for i, face in enumerate(ttc.fonts):
        if face["name"].getDebugName(1) == family:
            return i
    raise SystemExit(f"{collection}: no face named {family!r}")


def subset_options() -> subset.Options:
    options = subset.Options()
    options.layout_features = [f for f in options.layout_features if f not in DROPPED_FEATURES]
    options.name_IDs = ["*"]  # keep the copyright, licence and designer credits
    options.name_languages = [0x0409]  # the localized names still say "Noto Sans CJK"
    options.name_legacy = False
    options.notdef_outline = True  # a missing glyph shows as a box, not as nothing
    options.recalc_timestamp = False
    return options


def rename(font: TTFont, region: str, weight: str) -> None:
    """A new family name: the fonts are modified, and must not clash with installed Noto."""
    family = FAMILY.format(region=region)
    postscript = POSTSCRIPT.format(region=region, weight=weight)
    full = family if weight == "Regular" else f"{family} {weight}"
    name = font["name"]
    version = name.getDebugName(5) or ""
    number = re.search(r"\d+\.\d+", version)
    names = {
        1: family,
        2: weight,
        3: f"{number.group(0) if number else '0'};PARK;{postscript}",
        4: full,
        5: f"{version}; subset for Park Kiosk",
        6: postscript,
        10: f"Noto Sans CJK {region} {weight}, subset and renamed for Park Kiosk.",
    }
    name.names = [r for r in name.names if r.nameID not in {*names, 16, 17}]
    for name_id, text in names.items():
        name.setName(text, name_id, 3, 1, 0x0409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", full), ("FamilyName", family)):
            if hasattr(top, key):
                setattr(top, key, value)


def build(region: str, weight: str, text: str, source: Path, out: Path) -> tuple[Path, str]:
    collection = source / f"NotoSansCJK-{weight}.ttc"
    index = face_index(collection, f"Noto Sans CJK {region}")
    font = TTFont(str(collection), fontNumber=index, recalcTimestamp=False, lazy=False)
    cmap = font.getBestCmap()
    missing = "".join(sorted(ch for ch in text if ord(ch) not in cmap))
    subsetter = subset.Subsetter(subset_options())
    subsetter.populate(text=text)
    subsetter.subset(font)
    rename(font, region, weight)
    path = out / f"{POSTSCRIPT.format(region=region, weight=weight)}.otf"
    font.save(str(path))
    return path, missing


def licence_text(doc: Path, notice: str) -> str:
    """The fonts' copyright, then the SIL OFL 1.1 text from Debian's copyright file."""
    lines = (doc / "copyright").read_text(encoding="utf-8").splitlines()
    start = lines.index("License: SIL-1.1", lines.index("Files: *") + 3)
    body = []
    for line in lines[start + 1 :]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    head = (
        f"{notice} Noto is a trademark of Google Inc.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n"
    )
    return head + "\n".join(body).strip() + "\n"


def upstream_version() -> str:
    changelog = DOC / "changelog.Debian.gz"
    if changelog.is_file():
        with gzip.open(changelog, "rt", encoding="utf-8") as fh:
            match = re.match(r"\S+ \(([^)]+)\)", fh.readline())
            if match:
                return match.group(1)
    return "unknown"


def code_ranges(codes: set[int]) -> list[list[int]]:
    """[[first, last], ...] of consecutive code points, in order."""
    out: list[list[int]] = []
    for code in sorted(codes):
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def write_coverage(out: Path, cmaps: dict[str, set[int]]) -> Path:
    """coverage.json: per region, the code points both its weights draw, as ranges.

    kiosk.content.text reads it to check visible text without fontTools;
    tests/test_fonts.py checks it against the fonts' cmaps.
    """
    path = out / COVERAGE
    regions = ",\n".join(
        f"    {json.dumps(region)}: {json.dumps(code_ranges(cmap), separators=(',', ':'))}"
        for region, cmap in cmaps.items()
    )
    note = json.dumps(
        "Code points the bundled fonts draw, per region (both weights), as [first, last] "
        "ranges. Written by tools/subset_fonts.py; read by kiosk validate."
    )
    path.write_text(f'{{\n  "note": {note},\n  "regions": {{\n{regions}\n  }}\n}}\n')
    return path


README = """\
# Bundled fonts

Park Kiosk Sans SC, TC, JP and KR (Regular and Bold): Noto Sans CJK SC, TC, JP and KR
from Debian's `fonts-noto-cjk` package (version {version}; upstream
https://github.com/googlefonts/noto-cjk), subset with fontTools (`kiosk/glyphs.py`
decides which characters) to:

- everything the content (`assets/content/*.json`), the translation catalogs
  (`translations/`) and CLDR's number, unit and date formats for zh_Hans, zh_Hant, en,
  ko and ja use, plus ASCII and common punctuation ({count} characters, in every face);
- the everyday repertoire of each region, so that what an operator types is drawn, not
  shown as boxes: its national character set, enumerated with Python's codecs —
  SC: GB 2312 (6,763 hanzi and its symbols, codec `gb2312`); TC: Big5, both levels
  (13,061 hanzi, codec `big5`; level 2 holds many characters of names and places and
  fits the budget); JP: JIS X 0208 (6,356 kanji, the two-byte codes of `euc_jp`); KR:
  KS X 1001 (2,350 Hangul syllables and 4,620 hanja, codec `euc_kr`) — and in every
  face Latin-1 Supplement (é, ü, ß), Latin Extended-A, General Punctuation (U+2000–206F
  without its invisible and bidirectional controls), CJK Symbols and Punctuation,
  hiragana and katakana, and Halfwidth and Fullwidth Forms, as far as Noto Sans CJK has
  them. It lacks most of Latin Extended-A: it has the letters of pinyin and a few more
  (ā ă đ ē ě ĩ ī ń ň ō ŏ œ ũ ū ŭ), not ł, ő, č, ş and the like, which `kiosk validate`
  therefore reports. The spaces of General Punctuation it lacks (U+2000–200A, U+202F,
  U+205F) are drawn anyway: the text shaper (HarfBuzz) draws them with the space glyph.

{repertoire}

`coverage.json` lists the code points each region's faces draw (both weights), as
ranges: `kiosk validate` reads it to report a character the font for a language cannot
draw, by JSON path, language and code point, without fontTools at run time. Emoji and
rare characters outside these sets are such characters.

Vertical-writing and `locl` features are left out: each language gets its regional face,
so its own forms.

The fonts are renamed ("Park Kiosk Sans ...") because they are modified: the names cannot
clash with an installed Noto Sans CJK, and the kiosk never draws with a system font.
There is no Medium weight in `fonts-noto-cjk`; the kiosk draws Medium text in Regular.

Licence: SIL Open Font License 1.1, see `LICENSE-OFL.txt`. Copyright © 2014-2021 Adobe
(http://www.adobe.com/). Noto is a trademark of Google Inc.

## Regenerate

After the content or a catalog gains a character outside the repertoire
(`tests/test_fonts.py` fails and lists the missing ones), on Debian or Ubuntu with
`fonts-noto-cjk` installed:

    python tools/subset_fonts.py

and commit the files in this folder (the fonts, `coverage.json` and this README).

## Size and budget

The eight fonts go into every bundle (`kiosk.spec`). Budget: at most {budget} in total
(`BUDGET_BYTES` in `tools/subset_fonts.py`, which refuses to go over it;
`tests/test_fonts.py` checks it). Subset to the content alone they were 1.66 MiB; with
the everyday repertoires:

| file | characters | size |
| --- | ---: | ---: |
{table}
| total | | {total} |
"""


def human(size: int) -> str:
    return f"{size / 1024:,.0f} KiB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.2f} MiB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="folder with the .ttc")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the fonts")
    args = parser.parse_args(argv)
    for weight in WEIGHTS:
        if not (args.source / f"NotoSansCJK-{weight}.ttc").is_file():
            print(
                f"{args.source}/NotoSansCJK-{weight}.ttc not found: "
                "install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)",
                file=sys.stderr,
            )
            return 1

    required = glyphs.required_characters()
    text = "".join(sorted(required))
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("ParkKioskSans-*.otf"):
        old.unlink()
    rows, total, problems, notes = [], 0, [], []
    cmaps: dict[str, set[int]] = {}
    for region in REGIONS:
        wanted = "".join(sorted(required | glyphs.repertoire(region)))
        for weight in WEIGHTS:
            path, missing = build(region, weight, wanted, args.source, args.out)
            size = path.stat().st_size
            total += size
            cmap = set(TTFont(str(path), lazy=True).getBestCmap())
            cmaps[region] = cmap if region not in cmaps else cmaps[region] & cmap
            rows.append(f"| {path.name} | {len(cmap):,} | {human(size)} |")
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {human(size)}")
            lacking = "".join(ch for ch in missing if ch in required)
            if lacking:  # the repertoire is kept as far as Noto has it; these are needed
                problems.append(f"{path.name}: Noto Sans CJK lacks {lacking!r}")
        others = len(missing) - len(lacking)
        notes.append(f"{region} {len(wanted) - others:,} of {len(wanted):,}")
    write_coverage(args.out, cmaps)
    if total > BUDGET_BYTES:
        problems.append(f"the fonts come to {human(total)}, over the budget {human(BUDGET_BYTES)}")
    notice = TTFont(str(path))["name"].getDebugName(0) or ""
    (args.out / "LICENSE-OFL.txt").write_text(licence_text(DOC, notice), encoding="utf-8")
    (args.out / "README.md").write_text(
        README.format(
            version=upstream_version(),
            count=len(text),
            repertoire="Characters wanted and kept (Noto Sans CJK lacks the rest: most of "
            "Latin Extended-A, some spaces and symbols, unassigned code points): "
            + "; ".join(notes)
            + ".",
            budget=human(BUDGET_BYTES),
            table="\n".join(rows),
            total=human(total),
        ),
        encoding="utf-8",
    )
    print(f"{len(text)} characters; {len(rows)} fonts, {human(total)} in total")
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
