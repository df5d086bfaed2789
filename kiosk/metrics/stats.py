"""`kiosk stats`: the daily totals, as CSV (`--csv`) or as a table for a person."""

from __future__ import annotations

import csv
import os
import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from kiosk.metrics.daily import default_db_path, read_totals

HEADER = ("date", "metric", "page", "language", "count")


def write_csv(rows: list[tuple[str, str, str, str, int]], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)


def write_table(rows: list[tuple[str, str, str, str, int]], out: TextIO) -> None:
    table = [HEADER, *((d, m, p or "-", lang or "-", str(c)) for d, m, p, lang, c in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    for row in table:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


def stats_command(as_csv: bool, db: Path | None) -> int:
    path = db or default_db_path()
    if not path.is_file():
        if db is not None:  # named by the caller: a wrong path is an error
            print(f"kiosk stats: {path}: no such file", file=sys.stderr)
            return 1
        print(f"kiosk stats: no daily totals yet ({path} does not exist)", file=sys.stderr)
        rows: list[tuple[str, str, str, str, int]] = []
    else:
        try:
            rows = read_totals(path)
        except sqlite3.Error as exc:
            print(f"kiosk stats: {path}: cannot read the daily totals ({exc})", file=sys.stderr)
            return 1
    try:
        (write_csv if as_csv else write_table)(rows, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:  # `kiosk stats --csv | head`: the reader had enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
