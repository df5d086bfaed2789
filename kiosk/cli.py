"""Command line: run the kiosk (default), validate, schema, render, bench, supervise,
install-service.

Qt is imported only by the commands that need it, so `validate` and `schema` start fast and
run on machines without a display.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from kiosk import __version__
from kiosk.resources import default_content_path


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: expected WIDTHxHEIGHT, e.g. 1920x1080"
        ) from None
    if not (160 <= w <= 8192 and 160 <= h <= 8192):
        raise argparse.ArgumentTypeError(f"{text!r}: expected sizes from 160 to 8192 pixels")
    return w, h


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a whole number above 0")
    return value


def _path_or_url(text: str) -> Path | str:
    """A content file, or a bundle's http(s) URL kept as text (a Path would fold its '//')."""
    return text if text.lower().startswith(("http://", "https://")) else Path(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk",
        description="Park Kiosk: the lobby presenter of the ZGC Industrial Internet Park.",
    )
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    add_run_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="start the kiosk (the default command)")
    add_run_options(run)

    validate = sub.add_parser("validate", help="check a content file; exit 1 on problems")
    validate.add_argument("path", nargs="?", type=Path, help="content file (default: bundled)")
    validate.add_argument(
        "--strict", action="store_true", help="exit 1 on warnings too (texts over the limits)"
    )

    sub.add_parser("schema", help="print the JSON Schema of the content format")

    soak = sub.add_parser("soak", help="drive the real window offscreen; report memory")
    soak.add_argument("--slides", type=_positive, default=2000, help="slide changes (2000)")
    soak.add_argument("--languages", type=_positive, default=200, help="language switches (200)")
    soak.add_argument("--json", action="store_true", help="print one JSON object")
    soak.add_argument("--content", type=Path, default=None, help="content file")

    bench = sub.add_parser("bench", help="measure performance against the budgets")
    bench.add_argument("--quick", action="store_true", help="fewer runs, a short soak")
    bench.add_argument("--json", action="store_true", help="print one JSON object")

    render = sub.add_parser("render", help="render slides to PNG files, offscreen")
    render.add_argument("--out", type=Path, required=True, help="output folder (png) or file (pdf)")
    render.add_argument("--format", choices=("png", "pdf"), default="png", help="default png")
    render.add_argument(
        "--lang", default=None, help="language code, codes joined by commas, or 'all'"
    )
    render.add_argument("--size", type=_size, default=(1920, 1080), help="WxH, default 1920x1080")
    render.add_argument("--view", choices=("slides", "charts", "all"), default="slides")
    render.add_argument(
        "--pages", default=None, help="only these page ids, joined by commas (files: <lang>/<id>)"
    )
    render.add_argument(
        "--at", default=None, metavar="ISO-TIME",
        help="the deck as it shows then (schedules, visits); naive times are the park's",
    )  # fmt: skip
    render.add_argument("--content", type=Path, default=None, help="content file")
    review = sub.add_parser(
        "review", help="every page in every language on one HTML page, problems marked"
    )
    review.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    review.add_argument("--size", type=_size, default=(1920, 1080), help="WxH, default 1920x1080")
    review.add_argument("--content", type=Path, default=None, help="content file")

    supervise = sub.add_parser(
        "supervise", help="run the kiosk as a child; restart it when it exits or hangs"
    )
    supervise.add_argument(
        "--heartbeat", type=float, default=30, metavar="SECONDS",
        help="restart the kiosk after this long without a heartbeat (default 30)",
    )  # fmt: skip
    supervise.add_argument(
        "--start-timeout", type=float, default=120, metavar="SECONDS",
        help="time for the first frame before the kiosk counts as not started (default 120)",
    )  # fmt: skip
    supervise.add_argument(
        "kiosk_args", nargs=argparse.REMAINDER, help="-- then the kiosk's options"
    )
    service = sub.add_parser(
        "install-service", help="write the systemd user unit (with the watchdog)"
    )
    service.add_argument(
        "--user", action="store_true", help="for this user only (default: all users; root)"
    )
    service.add_argument("--print", action="store_true", help="print the unit, write nothing")
    service.add_argument("kiosk_args", nargs=argparse.REMAINDER, help="-- then kiosk options")

    stats = sub.add_parser("stats", help="print the daily totals of page views and touches")
    stats.add_argument("--csv", action="store_true", help="CSV: date,metric,page,language,count")
    stats.add_argument(
        "--db", type=Path, default=None, metavar="PATH", help="totals file (default: app data)"
    )

    pack = sub.add_parser("pack", help="validate a content folder and zip it into a bundle")
    pack.add_argument("folder", type=Path, help="folder with one .json content file at its top")
    pack.add_argument("--out", type=Path, required=True, help="the bundle to write (.zip)")
    keygen = sub.add_parser("keygen", help="make a signing key pair: KEY and KEY.pub")
    keygen.add_argument("--out", type=Path, required=True, help="secret key file (KEY)")
    keygen.add_argument("--force", action="store_true", help="replace existing key files")
    sign = sub.add_parser("sign", help="sign a bundle: writes BUNDLE.zip.sig beside it")
    sign.add_argument("bundle", type=Path, help="the bundle (.zip)")
    sign.add_argument("--key", type=Path, required=True, help="secret key file from keygen")

    content = sub.add_parser("content", help="content texts to PO files and back (translators)")
    steps = content.add_subparsers(dest="step", metavar="STEP", required=True)
    for step, what in (
        ("export", "write DIR/content.pot and DIR/<lang>.po"),
        ("import", "write DIR/<lang>.po translations into the content"),
    ):
        po = steps.add_parser(step, help=what)
        po.add_argument("dir", type=Path, metavar="DIR", help="folder of the PO files")
        po.add_argument(
            "--content", type=Path, metavar="PATH", help="content file (default bundled)"
        )
    return parser


def add_run_options(parser: argparse.ArgumentParser) -> None:
    s = argparse.SUPPRESS  # so a subcommand's defaults do not hide the top-level ones
    parser.add_argument(
        "--content", type=_path_or_url, default=s, help="content file (JSON) or bundle URL"
    )
    parser.add_argument("--lang", default=s, help="start language (default: from the content)")
    parser.add_argument("--interval", type=float, default=s, help="default seconds per slide")
    parser.add_argument("--screen", type=int, default=s, help="screen number (default: primary)")
    parser.add_argument("--windowed", action="store_true", default=s, help="a normal window")
    parser.add_argument("--settings", type=Path, default=s, help="settings file (JSON)")
    parser.add_argument("--log-file", type=Path, default=s, help="log file (default: app data)")
    parser.add_argument("--public-key", type=Path, default=s, help="key bundles are signed with")
    parser.add_argument("--poll", type=float, default=s, help="seconds between bundle checks")
    parser.add_argument(
        "--metrics", default=s, metavar="HOST:PORT", help="Prometheus endpoint (PORT: localhost)"
    )


def parse_args(argv: list[str]) -> argparse.Namespace:
    """`build_parser().parse_args(argv)`; a plain start (run options only: the kiosk's own
    command line) is parsed without building every command's parser, ~3 ms of a start.
    Anything else (a command, help, an error) goes to the full parser."""
    if not {"-h", "--help", "--version"} & set(argv):
        plain = argparse.ArgumentParser(prog="kiosk", add_help=False, exit_on_error=False)
        add_run_options(plain)
        plain.set_defaults(command=None)
        try:
            args, rest = plain.parse_known_args(argv)
        except argparse.ArgumentError:
            rest = argv  # the full parser says what is wrong, with its usage
        if not rest:
            return args
    return build_parser().parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--validate-apart"]:  # the kiosk's own validating child (content/apart.py)
        from kiosk.content.cache import child_main

        return child_main(argv[1:])
    args = parse_args(argv)
    command = args.command or "run"
    if command == "validate":
        return cmd_validate(args.path or default_content_path(), args.strict)
    if command == "schema":
        from kiosk.content.validate import json_schema

        try:
            print(json.dumps(json_schema(), indent=2, ensure_ascii=False), flush=True)
        except BrokenPipeError:  # `kiosk schema | head`: the reader had enough
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    if command == "stats":
        from kiosk.metrics.stats import stats_command

        return stats_command(args.csv, args.db)
    if command in ("pack", "keygen", "sign"):
        from kiosk.remote import commands

        if command == "pack":
            return commands.pack_command(args.folder, args.out)
        if command == "keygen":
            return commands.keygen_command(args.out, args.force)
        return commands.sign_command(args.bundle, args.key)
    if command == "bench":
        from kiosk.bench import main as bench

        return bench(args.quick, args.json)
    if command == "soak":
        from kiosk.soak import soak_command

        return soak_command(args.slides, args.languages, args.json, args.content)
    if command in ("supervise", "install-service"):
        kiosk_args = args.kiosk_args[1:] if args.kiosk_args[:1] == ["--"] else args.kiosk_args
        # Checked now as the kiosk will read them: a typo would only restart it forever.
        options = build_parser().parse_args(kiosk_args)  # exits 2 with a usage message
        if (options.command or "run") != "run":
            print(f"kiosk {command}: after -- only the kiosk's own options", file=sys.stderr)
            return 2
        if command == "install-service":
            from kiosk.service import install_service_command

            return install_service_command(kiosk_args, args.user, args.print)
        from kiosk.supervise import supervise_command

        return supervise_command(kiosk_args, vars(options), args.heartbeat, args.start_timeout)
    if command == "content":
        from kiosk.translate.apply import import_command
        from kiosk.translate.export import export_command

        step = export_command if args.step == "export" else import_command
        return step(args.dir, args.content or default_content_path())
    if command == "review":
        from kiosk.ui.review import review_command

        return review_command(args)
    if command == "render":
        from kiosk.ui.render import render_command

        return render_command(args)
    from kiosk.settings import SettingsError, load_settings

    try:
        settings = load_settings(vars(args))
    except SettingsError as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        from kiosk.ui.app import log_settings_problem

        log_settings_problem(getattr(args, "log_file", None), str(exc))
        return 2
    from kiosk.ui.app import run

    return run(settings)


def cmd_validate(path: Path, strict: bool = False) -> int:
    from kiosk.content import ContentError, length_warnings, load_content

    try:
        content = load_content(path)
    except ContentError as exc:
        print(exc.report(), file=sys.stderr)
        print(f"{path}: {len(exc.problems)} problem(s)", file=sys.stderr)
        return 1
    warnings = length_warnings(content)  # the kiosk shows such text; an editor shortens it
    kind = "error" if strict else "warning"
    for w in warnings:
        print(f"{path}: {w.path}: {kind}: {w.message}", file=sys.stderr)
    if warnings:
        print(f"{path}: {len(warnings)} text(s) over the editorial limits", file=sys.stderr)
    if warnings and strict:
        return 1
    print(
        f"{path}: OK ({len(content.slides)} slides, languages {', '.join(content.language_codes)})"
    )
    return 0
