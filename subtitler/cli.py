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
    from .pipeline import build, flagged_lines, load_project, summarize, write_atomic, write_outputs

    project = load_project(args.dir)
    result = build(project, relock=args.relock)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    paths = write_outputs(project, result.outputs)
    for name, text in result.files.items():
        write_atomic(Path(name), text)
        paths.append(Path(name))
    print(f"{project.name}: {summarize(result.cues)}")
    flagged = flagged_lines(result.cues)
    if flagged:
        print("flagged cues:")
        for row in flagged:
            print(f"  {row}")
    for p in paths:
        print(f"  {_rel(p)}")
    return 0


def _cmd_sample_media(args: argparse.Namespace) -> int:
    from .pipeline import load_project
    from .samplemedia import generate

    project = load_project(args.dir)
    lang = project.config.speech_language
    paths = generate(project.dir, voice=lang)
    for p in paths.values():
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
    p.add_argument("--relock", action="store_true",
                   help="ignore the timing lock and time every cue afresh (then rewrite it)")
    p.set_defaults(func=_cmd_subs)

    p = sub.add_parser("sample-media", help="synthesise DIR/media/ from DIR/narration.txt")
    p.add_argument("dir", help="the project folder (holding narration.txt)")
    p.set_defaults(func=_cmd_sample_media)
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
