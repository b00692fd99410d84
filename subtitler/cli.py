"""The command-line shell: parses arguments, calls the library, prints, and is the only place
that exits. A SubtitlerError becomes one `error: ...` line and exit status 2."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .errors import SubtitlerError


def _cmd_blocks(args: argparse.Namespace) -> int:
    from .pipeline import load_project, parse
    from .script import format_blocks

    project = load_project(args.dir)
    parsed = parse(project)
    sys.stdout.write(format_blocks(parsed.blocks))
    for w in parsed.warnings:
        print(f"warning: {w}", file=sys.stderr)
    return 0


def _cmd_subs(args: argparse.Namespace) -> int:
    from .pipeline import build, load_project, summarize, write_outputs

    project = load_project(args.dir)
    result = build(project)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    paths = write_outputs(project, result.outputs)
    print(f"{project.name}: {summarize(result.cues)}")
    for p in paths:
        print(f"  {_rel(p)}")
    return 0


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="subtitler",
        description="Bilingual (English + Chinese) subtitles for news video, from the "
                    "published script.")
    parser.add_argument("--version", action="version", version=f"subtitler {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("blocks", help="print the script's blocks: id, role, languages, lines")
    p.add_argument("dir", help="the project folder (holding script.txt)")
    p.set_defaults(func=_cmd_blocks)

    p = sub.add_parser("subs", help="write SRT, ASS, WebVTT and cues.json into DIR/build/")
    p.add_argument("dir", help="the project folder (holding script.txt)")
    p.set_defaults(func=_cmd_subs)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SubtitlerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
