"""The command-line shell: parses arguments, calls the library, prints, and is the only place
that exits. A SubtitlerError becomes one `error: ...` line and exit status 2."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
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
    from .pipeline import (build, check_outputs_spare_inputs, edited_tracks, flagged_lines,
                           load_project, stale_tracks, subtitles_dir, summarize, timing_note,
                           write_atomic, write_outputs)

    project = load_project(args.dir)
    committed = subtitles_dir(project)
    result = build(project, relock=args.relock, recut=args.recut)
    for w in result.warnings:
        print(f"warning: {w}", file=sys.stderr)
    check_outputs_spare_inputs(project, result.outputs)
    edited = edited_tracks(project, result.outputs)
    if edited and not args.overwrite:
        path, where = edited[0]
        more = f"; {len(edited) - 1} more track{'s' if len(edited) > 2 else ''} too" \
            if len(edited) > 1 else ""
        raise SubtitlerError(
            f"edited since subtitler wrote it ({where}{more}): `subs` would replace it, so "
            "nothing was written", path=_rel(path),
            fix="put the change where a build reads it: text in the script, a time with "
                "`anchors:` or in the timing lock, or the whole file as `timing: {source: file, "
                f"file: ...}}`; then `subtitler subs --overwrite {_rel(project.dir)}` keeps a "
                "copy of the edited file in build/ and replaces it")
    for path, _where in edited:
        keep = _kept_copy(project.build_dir, path.name)
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, keep)
        print(f"note: {_rel(path)} was edited by hand; kept as {_rel(keep)}", file=sys.stderr)
    stale = stale_tracks(project, result.outputs)
    paths = []
    # the committed tracks and the lock first, build/ last: its cues.json is then the newest
    # file, and `make all` sees the episode up to date
    if committed is not None:
        for fname, text in result.outputs.items():
            write_atomic(committed / fname, text)
        paths.append(committed)
    for name, text in result.files.items():
        write_atomic(Path(name), text)
        paths.append(Path(name))
    for path, ours in stale:
        if ours:
            path.unlink()
            print(f"removed {_rel(path)}: the script no longer has its language",
                  file=sys.stderr)
        else:
            print(f"warning: {_rel(path)} is not a track this build writes (the script does not "
                  "have its language) and not one subtitler wrote: left as it is; remove it if "
                  "it is no longer wanted", file=sys.stderr)
    paths = write_outputs(project, result.outputs) + paths
    print(f"{project.name}: {summarize(result.cues)}; {timing_note(project, result.cues)}")
    flagged = flagged_lines(result.cues, lang=project.config.speech_language)
    if flagged:
        print("flagged cues:")
        for row in flagged:
            print(f"  {row}")
    for p in paths:
        print(f"  {_rel(p)}")
    return 0


def _kept_copy(folder: Path, name: str) -> Path:
    """Where an edited track is kept before `subs --overwrite` replaces it: beside the build,
    named for the time, never over an earlier copy (ep.en.edited-20261130-201500.srt)."""
    import time

    stem, dot, ext = name.rpartition(".")
    base = f"{stem}.edited-{time.strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{base}{dot}{ext}", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}{dot}{ext}"
    return path


def _cmd_sample_media(args: argparse.Namespace) -> int:
    from .pipeline import load_project
    from .samplemedia import generate

    project = load_project(args.dir)
    lang = project.config.speech_language
    paths = generate(project.dir, voice=lang, video_key=project.video_path)
    for p in paths.values():
        print(f"  {_rel(p)}")
    return 0


def _progress(label: str):
    """A progress bar on the terminal, fed from ffmpeg's own progress; silent otherwise."""
    if not sys.stderr.isatty():
        return None, lambda: None
    from tqdm import tqdm

    bar = tqdm(total=1, desc=label, unit="s", bar_format="{desc} {percentage:3.0f}%|{bar}| "
               "{n:.1f}/{total:.1f} s [{elapsed}<{remaining}]", leave=False)

    def update(done_ms: int, total_ms: int) -> None:
        bar.total = total_ms / 1000
        bar.n = done_ms / 1000
        bar.refresh()

    return update, bar.close


def _render(label: str, fn, *args, **kwargs) -> int:
    update, close = _progress(label)
    try:
        result = fn(*args, progress=update, **kwargs) if update else fn(*args, **kwargs)
    finally:
        close()
    print(_rel(Path(result)) if not kwargs.get("dry_run") else result)
    return 0


def _note(text: str) -> None:
    print(f"note: {text}", file=sys.stderr)


def _warn(text: str) -> None:
    print(f"warning: {text}", file=sys.stderr)


def _with_cues(folder: str):
    """The project, its cues built first when stale, the build's warnings said (the stage
    that rebuilt them had kept them to itself)."""
    from .pipeline import load_cues, load_project

    project = load_project(folder)
    load_cues(project, _warn)
    return project


def _cmd_burn(args: argparse.Namespace) -> int:
    from .render import burn

    project = _with_cues(args.dir)
    if args.dry_run:
        print(burn(project, dry_run=True))
        return 0
    return _render("burning", burn, project, force=args.force, note=_note)


def _cmd_preview(args: argparse.Namespace) -> int:
    from .render import preview
    from .textutil import parse_time

    at = parse_time(args.at, where="--at")
    dur = parse_time(args.duration, where="--duration")
    size = None
    if args.size is not None:
        m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", args.size)
        if not m or int(m[1]) % 2 or int(m[2]) % 2 or min(int(m[1]), int(m[2])) < 16:
            raise SubtitlerError(f"--size {args.size!r}: give an even width and height of 16 "
                                 "or more, as 640x360")
        size = (int(m[1]), int(m[2]))
    project = _with_cues(args.dir)
    if args.dry_run:
        print(preview(project, at, dur, size=size, dry_run=True, warn=_warn))
        return 0
    return _render("preview", preview, project, at, dur, size=size, warn=_warn,
                   force=args.force, note=_note)


def _cmd_mux(args: argparse.Namespace) -> int:
    from .render import mux

    print(_rel(mux(_with_cues(args.dir))))
    return 0


def _cmd_stills(args: argparse.Namespace) -> int:
    from .render import stills

    for path in stills(_with_cues(args.dir), every=args.every):
        print(_rel(path))
    return 0


def _cmd_qc(args: argparse.Namespace) -> int:
    from .pipeline import run_project_qc, write_atomic
    from .qc import ERROR, WARNING, report_json, table

    failed: list[str] = []
    worst = 0
    for project, (findings, cues) in _each_project(
            args.dirs, lambda p: run_project_qc(p, warn=_warn), failed):
        path = project.out(".qc.json")
        write_atomic(path, report_json(project.name, findings, cues))
        errors = sum(1 for f in findings if f.severity == ERROR)
        warnings = sum(1 for f in findings if f.severity == WARNING)
        if findings:
            sys.stdout.write(table(findings))
        print(f"{project.name}: {sum(1 for c in cues if c.shown)} cues, {errors} errors, "
              f"{warnings} warnings  ({_rel(path)})")
        if errors or (args.strict and warnings):
            worst = 1
    return 2 if failed else worst


def _cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import check_committed, subtitles_dir

    def check(project):
        if args.skip_uncommitted and subtitles_dir(project) is None:
            return None
        return check_committed(project)

    failed: list[str] = []
    worst = 0
    for project, result in _each_project(args.dirs, check, failed):
        if result is None:
            print(f"{project.name}: no subtitles_dir, nothing committed to check")
            continue
        files, diffs, warnings = result
        folder = _rel(subtitles_dir(project))
        if not files:
            print(f"{project.name}: the tracks in {folder} are up to date")
            continue
        # a failure is reported on stderr, its first line as `error:` (as CI logs look for)
        worst = 1
        if not subtitles_dir(project).is_dir():
            _err(f"error: {project.name}: nothing is committed in {folder} yet: run "
                 f"`make subs EP={project.name}` and commit {folder}")
            continue
        _err(f"error: {project.name}: {len(files)} committed file(s) are out of date: "
             f"{', '.join(files)} (tracks in {folder})")
        for diff in diffs:
            m, s = divmod(diff.start_ms / 1000, 60)
            _err(f"  {int(m)}:{s:06.3f}  {diff.kind:<10} {diff.cue}  {diff.detail}")
        lock = any(not f.startswith(project.name + ".") for f in files)
        if not diffs and not lock:
            # (the same cues, written otherwise: most often a project.yaml setting changed)
            if all(f.endswith(".ass") for f in files):
                _err("  the cues are as committed; the ASS file's styles or header differ from "
                     "what project.yaml gives now (`style:`, `title:`, the video's size): a "
                     "setting or a newer subtitler changed them, or the file was edited by hand")
            else:
                _err("  the cues are as committed; those files are written otherwise now: a "
                     "project.yaml setting (line limits, styles) or a newer subtitler changed "
                     "them, or they were edited by hand (`make subs` replaces a track only laid "
                     "out otherwise, and stops at one whose entries were edited: keep a time "
                     "with `anchors:`, or an editor's SRT with `timing: {source: file}`, in "
                     "project.yaml)")
        for w in warnings:  # (why: a video it could not time against, a stale lock)
            _err(f"  warning: {w}")
        _err(f"  run `make subs EP={project.name}` and commit {folder}"
             + (" and the timing lock" if lock else ""))
    return 2 if failed else worst


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _each_project(dirs: Sequence[str], work, failed: list[str]):
    """(project, work(project)) for each folder. With several, one that fails is reported as
    an error line and added to ``failed``, and the others still run; with one folder, its
    error is the command's."""
    from .pipeline import load_project

    for d in dirs:
        try:
            project = load_project(d)
            if not project.script_path.is_file():  # (CI had passed over such a folder)
                raise SubtitlerError(f"no {project.config.script}: the project has lost its "
                                     "script", path=project.dir,
                                     fix=f"restore {project.config.script} (git checkout), or "
                                         "remove the folder")
            result = work(project)
        except SubtitlerError as exc:
            if len(dirs) == 1:
                raise
            print(f"error: {exc}", file=sys.stderr)
            failed.append(d)
            continue
        yield project, result


def _cmd_config(args: argparse.Namespace) -> int:
    from .config import iter_fields

    for name, field in iter_fields():
        default = "" if field.default is None else f" = {field.default!r}"
        choices = f" (one of {', '.join(map(str, field.choices))})" if field.choices else ""
        print(f"{name}{default}{choices}\n    {field.help}")
    return 0


def _cmd_fetch(args: argparse.Namespace) -> int:
    from .fetch import fetch_video

    def fetch(project):
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bar = tqdm(desc=f"fetching {project.name}", unit="B", unit_scale=True, leave=False)

        def update(done: int, total: int | None) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            return fetch_video(project, update if bar is not None else None)
        finally:
            if bar is not None:
                bar.close()

    failed: list[str] = []
    for project, said in _each_project(args.dirs, fetch, failed):
        print(f"{project.name}: {said}")
    return 2 if failed else 0


def _cmd_review(args: argparse.Namespace) -> int:
    from .review import build_review

    project = _with_cues(args.dir)
    page = build_review(project, stills=not args.no_stills)
    print(_rel(page))
    if args.serve:
        from urllib.parse import quote

        from .review import serve, serve_root

        video = project.video_path if project.video_path is not None and \
            project.video_path.is_file() else None
        root = serve_root(project.dir, video)
        where = Path(os.path.abspath(page)).parent.relative_to(root).as_posix()
        url = f"http://localhost:{args.port}/{quote(where)}/"
        try:
            serve(project.dir, args.port, also=video,
                  ready=lambda _server: print(f"Review page: {url} (Ctrl-C stops)", flush=True))
        except KeyboardInterrupt:  # (the way to stop it: not "error: interrupted", exit 130)
            print("stopped serving the review page")
    return 0


def _rel(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return value


def _port(text: str) -> int:
    value = _positive(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (1 to 65535)")
    return value


# numpy's BLAS library, read when numpy is first imported (a user's own setting is kept)
_BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")


def _one_blas_thread() -> None:
    """numpy's matrix products on one thread: subtitler's own threads (the narration's
    analysis, espeak-ng, the script's cutting) already share the cores, and its products are
    small, where BLAS's threads mostly wait, spinning (`subs` on a 9.5-minute episode used 19 %
    less CPU, its cues the same)."""
    if "numpy" not in sys.modules:
        for var in _BLAS_THREADS:
            os.environ.setdefault(var, "1")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="subtitler",
        description="Bilingual (English + Chinese) subtitles for news video, from the "
                    "published script.",
        epilog="Exit status: 0 done; 1 `check` found tracks out of date or `qc` found errors "
               "(warnings too with --strict); 2 bad input, with one error line naming the file, "
               "the place and the fix; 130 interrupted.")
    parser.add_argument("--version", action="version", version=f"subtitler {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, *, help: str, description: str = "") -> argparse.ArgumentParser:
        """A command whose one-line help also opens its --help description."""
        text = help[:1].upper() + help[1:] + "." + (" " + description if description else "")
        return commands.add_parser(name, help=help, description=text)

    p = command("blocks", help="print the script's blocks: id, role, languages, lines")
    p.add_argument("dir", help="the project folder (holding script.txt)")
    p.set_defaults(func=_cmd_blocks)

    p = command("subs", help="write SRT, ASS, WebVTT and cues.json into DIR/build/",
                description="With `subtitles_dir:` in project.yaml the tracks are written there "
                            "too, for committing; with `timing.lock`, the lock is rewritten "
                            "with the new times. Flagged cues are listed.")
    p.add_argument("dir", help="the project folder (holding script.txt)")
    p.add_argument("--relock", action="store_true",
                   help="ignore the timing lock and time every cue afresh (then rewrite it)")
    p.add_argument("--recut", action="store_true",
                   help="cut the script afresh, not along the committed cues (after an upgrade "
                        "of subtitler that cuts better)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace committed SRT/WebVTT tracks edited by hand (a copy of each is "
                        "kept in build/)")
    p.set_defaults(func=_cmd_subs)

    p = command("qc", help="check the built cues against the subtitle rules; exit 1 on errors "
                           "(and on warnings with --strict)")
    p.add_argument("dirs", nargs="+", metavar="dir", help="project folder(s)")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(func=_cmd_qc)

    p = command("check", help="rebuild in memory and compare with the committed tracks; exit 1 "
                              "with a cue-level diff when they differ")
    p.add_argument("dirs", nargs="+", metavar="dir", help="project folder(s)")
    p.add_argument("--skip-uncommitted", action="store_true",
                   help="pass over projects without a subtitles_dir instead of failing")
    p.set_defaults(func=_cmd_check)

    p = command("burn", help="render DIR/build/<ep>.burned.mp4: captions, title cards and "
                             "credits burned in, one ffmpeg pass")
    p.add_argument("dir", help="the project folder")
    p.add_argument("--dry-run", action="store_true",
                   help="print the ffmpeg command and run nothing (the ASS file and fonts it "
                        "names are written, so the command runs as printed)")
    p.add_argument("--force", action="store_true",
                   help="render again even when the video is up to date (by default a video "
                        "rendered from the same cues, script, project.yaml, video and "
                        "subtitler, untouched since, is kept)")
    p.set_defaults(func=_cmd_burn)

    p = command("preview", help="a small clip of one stretch, everything burned in")
    p.add_argument("dir", help="the project folder")
    p.add_argument("--at", default="0", help="start, as 1:20 or seconds (default 0)")
    p.add_argument("--duration", default="15", help="length, as 0:15 or seconds (default 15)")
    p.add_argument("--size", default=None,
                   help="frame size WxH (default: the video's shape, 640 on its longer side)")
    p.add_argument("--dry-run", action="store_true",
                   help="print the ffmpeg command and run nothing (the ASS file and fonts it "
                        "names are written, so the command runs as printed)")
    p.add_argument("--force", action="store_true",
                   help="render again even when the clip is up to date")
    p.set_defaults(func=_cmd_preview)

    p = command("mux", help="DIR/build/<ep>.softsubs.mkv with selectable EN and ZH tracks")
    p.add_argument("dir", help="the project folder")
    p.set_defaults(func=_cmd_mux)

    p = command("stills", help="DIR/build/<ep>.stills.png: a contact sheet of the cues")
    p.add_argument("dir", help="the project folder")
    p.add_argument("--every", type=_positive, default=1, help="one still per N cues (default 1)")
    p.set_defaults(func=_cmd_stills)

    p = command("review", help="DIR/build/review/index.html: a review page for producers")
    p.add_argument("dir", help="the project folder")
    p.add_argument("--no-stills", action="store_true", help="skip the contact sheet")
    p.add_argument("--serve", action="store_true",
                   help="then serve the project on localhost (with seeking) until Ctrl-C")
    p.add_argument("--port", type=_port, default=8000, help="port for --serve (8000)")
    p.set_defaults(func=_cmd_review)

    p = command("config", help="list every project.yaml key with its default and meaning")
    p.set_defaults(func=_cmd_config)

    p = command("fetch", help="download each episode's video from `video_source.url` in "
                              "project.yaml to its `video:` path, if missing",
                description="The download is checked against `video_source.sha256` and "
                            "renamed into place only when complete; a video already there is "
                            "never replaced.")
    p.add_argument("dirs", nargs="+", metavar="dir", help="project folder(s)")
    p.set_defaults(func=_cmd_fetch)

    p = command("sample-media", help="synthesise DIR/media/ from DIR/narration.txt")
    p.add_argument("dir", help="the project folder (holding narration.txt)")
    p.set_defaults(func=_cmd_sample_media)
    return parser


class _Terminated(BaseException):
    """SIGTERM or SIGHUP: unwinds like Ctrl-C, so a render stops ffmpeg and removes its
    temporary file."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _terminate(signum, _frame) -> None:
    raise _Terminated(signum)


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    _one_blas_thread()
    previous = {sig: signal.signal(sig, _terminate) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        return args.func(args)
    except SubtitlerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except _Terminated as exc:
        print(f"error: stopped by signal {signal.Signals(exc.signum).name}", file=sys.stderr)
        return 128 + exc.signum
    except BrokenPipeError:  # `subtitler blocks DIR | head`: the reader left; so do we
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except OSError as exc:  # a read-only folder, a full disk: one line naming the file
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc} (check the folder's permissions and free "
              "space)", file=sys.stderr)
        return 2
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
