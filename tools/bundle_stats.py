"""Size of the frozen bundle and its start time to the first slide, against the source.

    python tools/bundle_stats.py [--bundle dist/kiosk] [--runs 5]

Start time: from starting the process to the kiosk's log line "slide 1/N <id>" (INFO, on
stderr), with QT_QPA_PLATFORM=offscreen; the process is killed once the line is seen. One
untimed run of each first warms the disk cache; then the frozen program and `python -m
kiosk` from this checkout run in turn, `runs` times each, and the medians are reported.

The functions are importable (tools/ on sys.path, then `from bundle_stats import
time_to_first_slide`) so a benchmark command can reuse them; tests/test_bundle.py does.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.bench import (  # noqa: E402 (needs the checkout on sys.path)
    Start,
    bundle_size,
    executable,
    in_turn,
    time_start,
)

FIRST_SLIDE = re.compile(r"\bslide 1/\d+ ")


def offscreen_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this environment) with QT_QPA_PLATFORM=offscreen unless it has one."""
    env = dict(os.environ if base is None else base)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def first_slide(
    command: Sequence[str],
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120.0,
    inspect: Callable[[int], None] | None = None,
) -> Start:
    """Start `command`, wait for its "slide 1/N" log line (stderr), then kill it.

    `inspect(pid)` is called while the process still runs, just after the line. The CPU
    time (POSIX only) is less disturbed by other work on the machine than the wall clock.
    """
    return time_start(
        command,
        FIRST_SLIDE,
        "'slide 1/N' line",
        stream="stderr",
        env=offscreen_env(env),
        cwd=cwd,
        timeout=timeout,
        inspect=inspect,
    )


def time_to_first_slide(command: Sequence[str], **kwargs: Any) -> float:
    """Seconds from starting `command` to its "slide 1/N" log line (see first_slide)."""
    return first_slide(command, **kwargs).seconds


def median_start(command: Sequence[str], runs: int = 5, **kwargs: Any) -> float:
    time_to_first_slide(command, **kwargs)  # warm-up, not counted
    return statistics.median(time_to_first_slide(command, **kwargs) for _ in range(runs))


def median_starts(
    commands: dict[str, Sequence[str]], runs: int = 5, **kwargs: Any
) -> dict[str, Start]:
    """Median wall and CPU start times of each command, their runs taken in turn (a, b, a,
    b, ...) so a change in the machine's load during the measurement hits each alike."""
    for command in commands.values():
        first_slide(command, **kwargs)  # warm-up, not counted
    samples = in_turn(list(commands.values()), runs, lambda command: first_slide(command, **kwargs))
    medians = {}
    for name, values in zip(commands, samples, strict=True):
        cpu = [v.cpu_seconds for v in values if v.cpu_seconds is not None]
        medians[name] = Start(
            statistics.median(v.seconds for v in values),
            statistics.median(cpu) if cpu else None,
            values[-1].line,
        )
    return medians


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "kiosk")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--python", default=sys.executable, help="Python for the source run")
    args = parser.parse_args(argv)

    exe = executable(args.bundle)
    if not exe.is_file():
        print(f"bundle_stats: no {exe}; build with `pyinstaller kiosk.spec`", file=sys.stderr)
        return 1
    content, disk = bundle_size(args.bundle)
    print(
        f"bundle {args.bundle}: {disk / 1e6:.1f} MB on disk ({disk / 2**20:.1f} MiB), "
        f"{content / 1e6:.1f} MB of files"
    )
    starts = median_starts(
        {"frozen": [str(exe)], "source": [args.python, "-m", "kiosk"]}, runs=args.runs, cwd=ROOT
    )
    for name, figures in starts.items():
        cpu = f", {figures.cpu_seconds:.2f} s CPU" if figures.cpu_seconds is not None else ""
        print(
            f"start to first slide, {name}: {figures.seconds:.2f} s{cpu} "
            f"(medians of {args.runs} runs, frozen and source in turn)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
