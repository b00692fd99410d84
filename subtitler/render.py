"""Rendering: burn captions, title cards and the credits roll in one ffmpeg pass; soft-subtitle
MKV; previews of a stretch; a contact sheet of stills. Checks run before any render.

Pure planning (what to draw, where, and the ffmpeg arguments) is separate from running; the
one module that runs ffmpeg is :mod:`subtitler.ffmpeg`.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Sequence

from . import ffmpeg
from .errors import RenderError, SubtitlerError
from .fonts import FACE_INDEX, font_cmap, fonts_dir, pil_font, static_fonts, text_width
from .model import Block, Cue, Role
from .pipeline import (Project, audio_stream, check_video, font_of, layout_of, load_cues,
                       write_atomic)
from .textutil import chinese_script, clock
from .tracks import TITLE_EN_SCALE, AssLayout, to_ass, to_srt

PREVIEW_LONG_SIDE = 640  # previews and stills: 640x360 for 16:9, 360x640 for a portrait video


def small_size(width: int, height: int, long_side: int = PREVIEW_LONG_SIDE) -> tuple[int, int]:
    """The frame size of previews and stills: the video's shape, its longer side
    ``long_side``, both sides even (libass lays the captions out as on the full frame)."""
    scale = long_side / max(width, height, 1)
    return (max(2, round(width * scale / 2) * 2), max(2, round(height * scale / 2) * 2))


@dataclass(frozen=True)
class Plan:
    """Everything one render needs, decided before ffmpeg starts."""

    video: Path
    programme_ms: int
    credits_ms: int
    width: int
    height: int
    fps: float | None
    cues: tuple[Cue, ...]
    ass_text: str  # the subtitles: captions, title cards, photo captions
    background: str
    encoder: ffmpeg.Encoder
    fonts: Path  # static instances of the font covering every character drawn
    has_audio: bool = True
    checked: bool = False  # passed check_render already (a cached plan)
    # the frame's width in pixels when they are not square (1440 for 1440x1080 shown 16:9 at
    # 1920x1080: ``width`` is the shown width, which the layout and the checks use)
    frame_width: int | None = None
    full_range: bool = False  # the video's levels are full range (yuvj420p): see ffmpeg._picture
    # the frame's size with even sides, when the video's has an odd one (853x480 -> 852x480):
    # a burn leaves off its last column or row (4:2:0 has no odd sides: x264 refused it)
    crop: tuple[int, int] | None = None
    # the credits roll's ASS (its events only; "" without credits): drawn by a filter of its
    # own over the extended picture, so a pass without the subtitles keeps the same credits
    credits_ass: str = ""

    @property
    def total_ms(self) -> int:
        return self.programme_ms + self.credits_ms

    @property
    def event_texts(self) -> tuple[str, ...]:
        """The ASS texts drawn: the subtitles', and the credits' where there are any."""
        return (self.ass_text, self.credits_ass) if self.credits_ass else (self.ass_text,)


def blocks_of(project: Project) -> tuple[Block, ...]:
    from .pipeline import parse

    return parse(project).blocks


def make_plan(project: Project, cues: Sequence[Cue] | None = None) -> Plan:
    """What to draw and how long the render is. A plan that passed its checks is cached in
    build/ (keyed by the cues, the script, project.yaml and the video), so a preview after a
    burn starts ffmpeg at once."""
    cfg = project.config
    video = project.video_path
    if video is None:
        raise SubtitlerError("the project has no video to render", path=project.config_path,
                             fix="set `video:` in project.yaml")
    check_video(project)
    cues = tuple(cues if cues is not None else load_cues(project))
    enc = cfg.encoder
    encoder = ffmpeg.Encoder(vcodec=enc.vcodec, crf=enc.crf, preset=enc.preset,
                             acodec=enc.acodec, audio_bitrate=enc.audio_bitrate,
                             audio_rate=enc.audio_rate)
    key = _plan_key(project, cues)
    cached = _cached_plan(project, key, cues, encoder)
    if cached is not None:
        return cached
    info = ffmpeg.probe(video)
    if not info.has_video or not info.width or not info.height:
        raise RenderError("has no video stream", path=video, fix="give a video file")
    if not info.duration_ms:
        raise RenderError("duration unknown", path=video, fix="remux it: ffmpeg -i in -c copy out.mp4")
    encoder = replace(encoder, colour=ffmpeg.colour_tags(info))
    late = [c for c in cues if (c.shown or not c.spoken) and c.start_ms >= info.duration_ms]
    if late:
        raise RenderError(f"{len(late)} cue(s) start after the video ends "
                          f"({clock(info.duration_ms, 1)}): "
                          + ", ".join(f"{c.id} at {clock(c.start_ms, 1)}" for c in late[:5])
                          + (", ..." if len(late) > 5 else ""), path=video,
                          fix="check `video:` in project.yaml names the episode's video, then "
                              "run `make subs` to time the cues against it")
    # a cue lingering past the programme's end stops there: the credits follow
    drawn = [c.with_times(c.start_ms, min(c.end_ms, info.duration_ms)) for c in cues]
    coded = (info.width // 2 * 2, info.height // 2 * 2)
    crop = coded if coded != (info.width, info.height) else None
    width = coded[0] if info.display_width == info.width else info.display_width
    height = coded[1]
    layout = layout_of(project, width, height, info.fps or cfg.limits.fps, cues)
    styles, events, credits_ms = _credits(project, layout, info.duration_ms)
    title = cfg.title or project.name
    # (one box round a card: libass)
    ass_text = to_ass(drawn, layout, title=title, extra_styles=styles, box_style=4)
    credits_ass = to_ass((), layout, title=title, extra_styles=styles, extra_events=events,
                         box_style=4) if events else ""
    chars = "".join(text for ass in (ass_text, credits_ass) if ass
                    for _n, _s, text, _z in event_lines(ass))
    fonts = static_fonts(chars, project.build_dir, family=layout.font) \
        if layout.font in FACE_INDEX else fonts_dir()
    return Plan(video=video, programme_ms=info.duration_ms, credits_ms=credits_ms,
                width=width, height=height, fps=info.fps, cues=cues,
                ass_text=ass_text, background=cfg.credits.background, encoder=encoder,
                fonts=fonts, has_audio=info.has_audio,
                frame_width=coded[0] if width != coded[0] else None,
                full_range=info.full_range, crop=crop, credits_ass=credits_ass)


def _plan_key(project: Project, cues: Sequence[Cue]) -> str:
    import hashlib

    from .pipeline import code_key
    from .tracks import cues_to_json

    # (the code, not its version number: a plan cached before a change of the drawing, such as
    # the escaping of a backslash, was taken up after it)
    h = hashlib.sha1(code_key().encode())
    h.update(cues_to_json(cues).encode("utf-8"))
    for p in (project.script_path, project.config_path):
        h.update(p.read_bytes() if p.exists() else b"-")
    st = project.video_path.stat()
    h.update(f"{project.video_path}:{st.st_size}:{st.st_mtime_ns}".encode())
    return h.hexdigest()


def _cached_plan(project: Project, key: str, cues, encoder) -> Plan | None:
    import json

    meta, ass = project.out(".plan.json"), project.out(".burn.ass")
    try:
        data = json.loads(meta.read_text(encoding="utf-8"))
        if data.get("key") != key or not Path(data["fonts"]).is_dir():
            return None
        ass_text = ass.read_text(encoding="utf-8")
        credits_ass = project.out(".credits.ass").read_text(encoding="utf-8") \
            if data["has_credits"] else ""
        # a plan cached by an older version, without some field, is made afresh
        return Plan(video=project.video_path, programme_ms=data["programme_ms"],
                    credits_ms=data["credits_ms"], width=data["width"], height=data["height"],
                    fps=data["fps"], cues=tuple(cues), ass_text=ass_text,
                    background=project.config.credits.background,
                    encoder=replace(encoder, colour=data["colour"]),
                    fonts=Path(data["fonts"]), has_audio=data["has_audio"], checked=True,
                    frame_width=data["frame_width"], full_range=data["full_range"],
                    crop=tuple(data["crop"]) if data["crop"] else None,
                    credits_ass=credits_ass)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def checked_plan(project: Project) -> Plan:
    """A plan that passed the checks, its ASS written to build/<ep>.burn.ass (and the credits'
    to build/<ep>.credits.ass), cached."""
    import json

    plan = make_plan(project)
    if plan.checked:
        return plan
    check_render(plan, font_of(project, plan.cues), where=project.config_path,
                 line=project.config.line)
    write_atomic(project.out(".burn.ass"), plan.ass_text)
    if plan.credits_ass:
        write_atomic(project.out(".credits.ass"), plan.credits_ass)
    write_atomic(project.out(".plan.json"), json.dumps({
        "key": _plan_key(project, plan.cues), "programme_ms": plan.programme_ms,
        "credits_ms": plan.credits_ms, "width": plan.width, "height": plan.height,
        "fps": plan.fps, "fonts": str(plan.fonts), "has_audio": plan.has_audio,
        "colour": plan.encoder.colour, "frame_width": plan.frame_width,
        "full_range": plan.full_range, "crop": plan.crop,
        "has_credits": bool(plan.credits_ass)},
        indent=1) + "\n")
    return replace(plan, checked=True)


def _credits(project: Project, layout: AssLayout, programme_ms: int):
    cfg = project.config.credits
    if not cfg.enabled:
        return {}, [], 0
    every = blocks_of(project)
    blocks = [b for b in every if b.role in (Role.CREDITS, Role.ACK)]
    if not blocks:
        return {}, [], 0
    from . import credits as creditsmod
    from .segment import episode_words

    roles, names = creditsmod.project_tables(cfg)
    # Chinese lines break between the words the subtitles break between
    words = episode_words(every, project.config.glossary) \
        if any(b.role is Role.ACK and b.zh.strip() for b in blocks) else None
    events, total = creditsmod.credit_events(blocks, layout, programme_ms, roles=roles,
                                             duration_ms=cfg.duration_ms, names=names,
                                             mode=cfg.mode, cps=(project.config.limits.en_cps,
                                                                 project.config.limits.zh_cps),
                                             words=words)
    # lines are laid out with the outline's width either way; on a dark backdrop none is drawn
    styles = creditsmod.credit_styles(layout, cfg.background)
    return styles, list(events), int(total)


# --------------------------------------------------------------------------------------------
# Checks before any render

_TAGS = re.compile(r"\{[^}]*\}")


def event_lines(ass_text: str) -> list[tuple[str, str, str, float]]:
    """(event name, style, line text, font size) for every line of every event."""
    import pysubs2

    subs = pysubs2.SSAFile.from_string(ass_text)
    out = []
    for ev in subs:
        if re.search(r"\\p[1-9]", ev.text):
            continue  # a drawing, not text
        size = subs.styles[ev.style].fontsize if ev.style in subs.styles else 48
        style = ev.style
        for part in re.split(r"\\N", ev.text):
            reset = re.findall(r"\{\\r([A-Za-z0-9_]+)\}", part)
            if reset and reset[-1] in subs.styles:
                style = reset[-1]
                size = subs.styles[style].fontsize
            text = _TAGS.sub("", part).replace("\\h", " ")
            if text.strip():
                out.append((ev.name, style, text, float(size)))
    return out


# format characters HarfBuzz draws as nothing (default ignorable): zero-width spaces and joiners,
# direction marks and embeddings, the word joiner and invisible operators, the BOM, soft hyphen
INVISIBLE = frozenset("\u00ad\u034f\u061c\u180e" + "".join(chr(c) for c in range(0x200b, 0x2010))
                      + "".join(chr(c) for c in range(0x202a, 0x202f))
                      + "".join(chr(c) for c in range(0x2060, 0x2070)) + "\ufeff")
AAC_RATES = (96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000,
             7350)
CRF_MAX = {"libx264": 51, "libx265": 51, "libvpx-vp9": 63, "libaom-av1": 63, "libsvtav1": 63}


def check_render(plan: Plan, family: str, *, where: object = "project.yaml",
                 line: Callable[[str], int | None] = lambda key: None) -> None:
    """libass present; the encoders exist; the font found; every character has a glyph;
    every line fits. ``where`` and ``line(key)``: project.yaml and the line setting a key."""
    ffmpeg.require_libass()
    for key, name in (("vcodec", plan.encoder.vcodec), ("acodec", plan.encoder.acodec)):
        if name not in ffmpeg.encoders():
            raise RenderError(f"`encoder.{key}: {name}`: this ffmpeg has no such encoder",
                              path=where, line=line(f"encoder.{key}"),
                              fix="use e.g. libx264 and aac, or see `ffmpeg -encoders`")
    top = CRF_MAX.get(plan.encoder.vcodec)
    if top is not None and plan.encoder.crf > top:  # (x264 took 100 as 51, without a word)
        raise RenderError(f"`encoder.crf: {plan.encoder.crf}` is over {plan.encoder.vcodec}'s "
                          f"highest, {top}", path=where, line=line("encoder.crf"),
                          fix="18-23 is usual; higher is smaller and worse")
    rate = plan.encoder.audio_rate
    if plan.has_audio and rate is not None and plan.encoder.acodec == "aac" and \
            rate not in AAC_RATES:
        # (ffmpeg stopped after it started, naming the output file, not this setting)
        raise RenderError(f"`encoder.audio_rate: {rate}` is not a rate the aac encoder takes",
                          path=where, line=line("encoder.audio_rate"),
                          fix="48000 (broadcast) or 44100")
    if family not in FACE_INDEX:
        raise RenderError(f"`style.font: {family}` is not a font of the bundled font folder "
                          f"{fonts_dir()}", path=where, line=line("style.font"),
                          fix=f"use one of: {', '.join(FACE_INDEX)}")
    cmap = font_cmap(family, plan.fonts)
    lines = [ln for ass in plan.event_texts for ln in event_lines(ass)]
    missing: dict[str, list[str]] = {}
    for name, _style, text, _size in lines:
        for ch in text:
            # (the invisible format characters, such as the word joiner that keeps a backslash
            # literal, are drawn as nothing and need no glyph)
            if not ch.isspace() and ord(ch) not in cmap and ch not in INVISIBLE:
                missing.setdefault(ch, [])
                if name not in missing[ch]:
                    missing[ch].append(name)
    if missing:
        desc = "; ".join(f"{ch!r} U+{ord(ch):04X} in {', '.join(ids[:5])}"
                         for ch, ids in list(missing.items())[:10])
        raise RenderError(f"{len(missing)} character(s) have no glyph in {family}: {desc}",
                          fix="replace them in the script, or choose another font")
    import pysubs2

    styles = pysubs2.SSAFile.from_string(plan.ass_text).styles
    least = MIN_TEXT * min(plan.width, plan.height)
    for style_name, key in STYLE_SIZE_KEY.items():
        st = styles.get(style_name)
        if st is not None and st.fontsize < round(least):  # (sizes are whole pixels)
            part = f" (the English line of a title card is {TITLE_EN_SCALE:g} of it)" \
                if style_name == "TitleEN" else ""
            raise RenderError(f"`{key}` makes {st.fontsize:g} px text{part} on a {plan.width}x"
                              f"{plan.height} frame, too small to read (under "
                              f"{100 * MIN_TEXT:g} % of the frame's shorter side, "
                              f"{round(least)} px)", path=where, line=line(key),
                              fix=f"give at least {round(least)} px, or a fraction of the "
                                  "frame's shorter side such as 0.042")
    too_wide: dict[str, list[str]] = {}
    for name, style, text, size in lines:
        st = styles.get(style)
        width = text_width(text, size, family, bold=bool(st and st.bold))
        limit = room_for(st, plan.width)
        if width > limit:
            too_wide.setdefault(style, []).append(
                f"{name} ({width:.0f} px > {limit:.0f}): {text[:40]}")
    if too_wide:
        keys = sorted({STYLE_SIZE_KEY.get(st, "") for st in too_wide} - {""})
        credits_only = all(st.startswith("Credits") for st in too_wide)
        every = [w for ws in too_wide.values() for w in ws]
        where_to = "the room between the side margins" if not credits_only else "the frame"
        raise RenderError(f"{len(every)} line(s) wider than {where_to}: "
                          + "; ".join(every[:5]), path=where,
                          line=line(keys[0]) if keys else None,
                          fix=f"lower {' or '.join(f'`{k}`' for k in keys)}"
                              + (", or shorten the line (a long name: its own spelling in "
                                 "`credits.names`)" if credits_only else
                                 " or `style.margin_h`, or the line limits, or shorten the text"))


MIN_TEXT = 0.02  # the smallest text rendered, as a share of the frame's shorter side
# the project.yaml key that sets each ASS style's size
STYLE_SIZE_KEY = {"ZH": "style.zh_size", "EN": "style.en_size", "TitleZH": "style.title_size",
                  "TitleEN": "style.title_size", "CaptionZH": "style.caption_size",
                  "CaptionEN": "style.caption_size", "CreditsZH": "style.zh_size",
                  "CreditsEN": "style.en_size"}


def room_for(style, frame_width: int) -> float:
    """How wide a line of ``style`` may be: the room between its side margins, less a box's
    padding (a left-aligned photo caption starts at the left margin: measured against the whole
    frame, one ran off the right edge); a style without margins (the credits) 96 % of the
    frame."""
    if style is None or style.marginl + style.marginr <= 0:
        return frame_width * 0.96
    # (a box reaches out by the outline, and its shadow further)
    pad = 2 * style.outline + style.shadow if style.borderstyle in (3, 4) else 0.0
    return frame_width - style.marginl - style.marginr - pad


# --------------------------------------------------------------------------------------------
# Renders


def credits_file(project: Project, plan: Plan) -> Path | None:
    """build/<ep>.credits.ass, which :func:`checked_plan` writes, where the plan has credits."""
    return project.out(".credits.ass") if plan.credits_ass else None


def burn_args(project: Project, plan: Plan, out: Path, *, subtitles: bool = True) -> list[str]:
    """The burn's ffmpeg arguments; without ``subtitles`` the same pass with `null` in place
    of the subtitles' filter (the benchmark's): the credits roll is drawn all the same."""
    ass = project.out(".burn.ass") if subtitles else None
    return ffmpeg.program_args(plan.video, out, ass_path=ass, fonts_dir=plan.fonts,
                               credits_path=credits_file(project, plan),
                               programme_ms=plan.programme_ms, tail_ms=plan.credits_ms,
                               background=plan.background, encoder=plan.encoder,
                               audio=plan.has_audio,
                               shown_size=(plan.width, plan.height) if plan.frame_width else None,
                               audio_language=ISO_639_2.get(project.config.speech_language),
                               audio_stream=audio_stream(project) if plan.has_audio else 0,
                               full_range=plan.full_range, crop=plan.crop,
                               frame_height=plan.height)


def burn(project: Project, *, dry_run: bool = False, force: bool = False,
         progress: Callable[[int, int], None] | None = None,
         note: Callable[[str], None] | None = None) -> Path | str:
    """Write build/<ep>.burned.mp4, or with ``dry_run`` return the exact command. A video this
    command rendered from the same plan, untouched since, is kept (``note`` is told); ``force``
    renders it again."""
    plan = checked_plan(project)
    out = project.out(".burned.mp4")
    if dry_run:
        return ffmpeg.command_line(burn_args(project, plan, out))
    args = burn_args(project, plan, out)
    return _render_once(project, plan, args, out, plan.total_ms, force=force,
                        progress=progress, note=note, whole_from=plan.video)


def _render_once(project: Project, plan: Plan, args: list[str], out: Path, total_ms: int, *,
                 force: bool, progress: Callable[[int, int], None] | None,
                 note: Callable[[str], None] | None, whole_from: Path | None = None) -> Path:
    """ffmpeg.render, unless ``out`` is what these very arguments made from this plan: a
    record beside it (build/<name>.render.json) holds the key of the plan and the command, and
    the size and time of the file it wrote; a file replaced or touched since is rendered
    again. (`make demo` run twice rendered the whole episode twice.)"""
    import hashlib
    import json

    key = hashlib.sha1(f"{_plan_key(project, plan.cues)}\0{plan.ass_text}\0"
                       f"{plan.credits_ass}\0{ffmpeg.command_line(args)}".encode("utf-8")
                       ).hexdigest()
    record = out.with_suffix(".render.json")
    if not force:
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            st = out.stat()
            if data == {"key": key, "size": st.st_size, "mtime_ns": st.st_mtime_ns}:
                if note is not None:
                    note(f"{out.name} is up to date: nothing it is made from has changed since "
                         "it was rendered (--force renders it again)")
                return out
        except (OSError, ValueError):
            pass
    record.unlink(missing_ok=True)  # (a render stopped half-way leaves no record of the old)
    done = ffmpeg.render(args, out, total_ms=total_ms,
                         on_progress=(lambda ms: progress(ms, total_ms)) if progress else None,
                         whole_from=whole_from)
    st = out.stat()
    write_atomic(record, json.dumps({"key": key, "size": st.st_size,
                                     "mtime_ns": st.st_mtime_ns}) + "\n")
    return done


def preview(project: Project, at_ms: int, duration_ms: int, *,
            size: tuple[int, int] | None = None, dry_run: bool = False, force: bool = False,
            progress: Callable[[int, int], None] | None = None,
            warn: Callable[[str], None] | None = None,
            note: Callable[[str], None] | None = None) -> Path | str:
    """A small clip of exactly [at, at + duration) with everything burned in; a stretch past
    the render's end is cut there (``warn`` is told). A clip rendered from the same plan and
    untouched since is kept (as :func:`burn`, ``note`` is told); ``force`` renders it again."""
    plan = checked_plan(project)
    if not 0 <= at_ms < plan.total_ms:
        raise SubtitlerError(f"--at {clock(at_ms)} is not before the render's end "
                             f"({clock(plan.total_ms)})" if at_ms >= 0 else
                             f"--at {clock(at_ms)} is before the render's start",
                             fix="give a time inside the render")
    if duration_ms <= 0:
        raise SubtitlerError("--duration must be positive")
    frame_ms = 1000 / plan.fps if plan.fps else 0
    if duration_ms < frame_ms:
        # (a stretch shorter than a frame may hold no frame's start: ffmpeg stopped with
        # "Invalid argument", naming the clip)
        raise SubtitlerError(f"--duration {duration_ms / 1000:g} s is shorter than one frame "
                             f"({frame_ms:.1f} ms at {plan.fps:g} fps)",
                             fix=f"give at least {math.ceil(frame_ms) / 1000:g} s")
    if duration_ms > plan.total_ms - at_ms and warn is not None:
        warn(f"the render ends at {clock(plan.total_ms)}: the clip is "
             f"{(plan.total_ms - at_ms) / 1000:g} s, not {duration_ms / 1000:g} s")
    duration_ms = min(duration_ms, plan.total_ms - at_ms)
    out = preview_path(project, at_ms, duration_ms, size)
    size = size or small_size(plan.width, plan.height)
    # a size of another shape than the video's (720x1280 of a 16:9 video) is filled with the
    # picture scaled to fit, captions drawn on it, and black bars (it was stretched)
    inner = fit_size(plan.width, plan.height, size)
    ass = project.out(".burn.ass")
    args = ffmpeg.program_args(plan.video, out, ass_path=ass, fonts_dir=plan.fonts,
                               credits_path=credits_file(project, plan),
                               programme_ms=plan.programme_ms, tail_ms=plan.credits_ms,
                               background=plan.background, start_ms=at_ms,
                               duration_ms=duration_ms, size=inner,
                               pad_to=size if inner != size else None,
                               audio_language=ISO_639_2.get(project.config.speech_language),
                               encoder=replace(plan.encoder, crf=max(plan.encoder.crf, 23)),
                               audio=plan.has_audio,
                               audio_stream=audio_stream(project) if plan.has_audio else 0,
                               threads=preview_threads(), full_range=plan.full_range)
    if dry_run:
        return ffmpeg.command_line(args)
    # (a preview with sound lasts the stretch: sound from the programme, silence in the credits)
    return _render_once(project, plan, args, out, duration_ms, force=force, progress=progress,
                        note=note, whole_from=plan.video if plan.has_audio else None)


def _cores() -> int:
    """The cores this process may run on."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (not on every platform)
        return os.cpu_count() or 1


def preview_threads(cores: int | None = None) -> int:
    """Threads for a preview's decoder and for its encoder, each: half the cores this process
    may run on, at least one. ffmpeg's own counts (a decoding thread per core and one more, 1.5
    encoding threads per core, each with its queue of frames) overrun a small machine and take
    long to fill on a clip of seconds: on 2 cores the ffmpeg of a 15 s 640x360 preview of the
    sample took 0.86 s with them and 0.78 s with one thread each (a full-length burn gained
    nothing: it keeps ffmpeg's counts)."""
    return max(1, (cores or _cores()) // 2)


def fit_size(width: int, height: int, box: tuple[int, int]) -> tuple[int, int]:
    """The largest size of the video's shape (even sides) inside ``box``; ``box`` itself when
    its shape is the video's to within 1 %."""
    bw, bh = box
    if abs(bw / bh - width / height) <= 0.01 * width / height:
        return box
    scale = min(bw / width, bh / height)
    return (max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2))


def preview_path(project: Project, at_ms: int, duration_ms: int,
                 size: tuple[int, int] | None = None) -> Path:
    """build/<ep>.preview-01m20s-15s.mp4; a size asked for is in the name, so a 1280x720
    preview of the same stretch does not overwrite the default one being watched."""
    sized = "" if size is None else f"-{size[0]}x{size[1]}"
    return project.out(f".preview-{_stamp(at_ms)}-{duration_ms / 1000:g}s{sized}.mp4")


def _stamp(ms: int) -> str:
    """'01m20s', or '01m20.5s' for a start between whole seconds."""
    m, s = divmod(ms, 60000)
    return f"{m:02d}m{s // 1000:02d}{f'{s % 1000 / 1000:g}'[1:]}s"


ISO_639_2 = {"zh": "chi", "en": "eng"}  # the language tags of the muxed streams


def mux(project: Project) -> Path:
    """build/<ep>.softsubs.mkv: the video and audio as they are, with English and Chinese
    subtitle tracks as selectable, language-tagged streams."""
    plan_video = project.video_path
    if plan_video is None:
        raise SubtitlerError("the project has no video to mux", path=project.config_path,
                             fix="set `video:` in project.yaml")
    check_video(project)
    cues = load_cues(project)
    tracks = []
    # (the title says the script: ffmpeg writes a tag such as zh-Hans into Matroska's ISO 639-2
    # field, where players read it as unknown, and not into its BCP 47 one)
    zh_title = {"Hans": "简体中文", "Hant": "繁體中文"}[
        chinese_script("".join(c.text("zh") for c in cues))]
    for lang, title in (("zh", zh_title), ("en", "English")):
        iso = ISO_639_2[lang]
        text = to_srt(cues, lang)
        if text.strip():  # written afresh from the cues: the same as `subtitler subs` writes
            p = project.out(f".{lang}.srt")
            write_atomic(p, text)
            tracks.append((str(p), iso, title))
    if not tracks:
        raise RenderError("no cue is shown: there are no subtitles to mux",
                          path=project.out(".cues.json"), fix="run `make subs` and check its "
                          "flagged cues")
    out = project.out(".softsubs.mkv")
    info = ffmpeg.probe(plan_video)
    if not info.has_video:  # (ffmpeg said "Failed to set value '0:v' for option 'map'")
        raise RenderError("has no video stream", path=plan_video, fix="give a video file")
    narrated = ISO_639_2.get(project.config.speech_language)
    stream = audio_stream(project, info) if info.audio_streams > 1 else None
    return ffmpeg.render(ffmpeg.mux_args(plan_video, tracks, out, audio_language=narrated,
                                         audio_stream=stream), out,
                         total_ms=info.duration_ms or 0)


STILLS_PER_PAGE = 60  # frames on one contact sheet: 20 rows of 3, about 15 megapixels


def stills(project: Project, *, every: int = 1, columns: int = 3,
           size: tuple[int, int] | None = None,
           per_page: int = STILLS_PER_PAGE) -> list[Path]:
    """Contact sheets: a frame from the middle of each cue (or every Nth), in time order, with
    the captions burned in and the cue id under each; ``per_page`` frames a sheet, the first
    build/<ep>.stills.png, the next <ep>.stills-2.png and on (a 50-minute episode made one
    205-megapixel PNG). Pages a longer run left behind are removed."""
    from concurrent.futures import ThreadPoolExecutor
    from io import BytesIO

    from PIL import Image, ImageDraw

    plan = checked_plan(project)
    size = size or small_size(plan.width, plan.height)
    ass = project.out(".burn.ass")
    chosen = sorted((c for c in plan.cues if c.shown or c.role in (Role.HEADING, Role.CAPTION)),
                    key=lambda c: (c.start_ms + c.end_ms) // 2)  # in time order, cards too
    chosen = chosen[::max(1, every)]
    label_h = 26
    font = pil_font(16, "Medium")

    cores = _cores()
    workers = min(4, cores)

    def frame(c: Cue) -> Image.Image:
        png = ffmpeg.frame_png(plan.video, (c.start_ms + c.end_ms) // 2, ass_path=ass,
                               credits_path=credits_file(project, plan), fonts_dir=plan.fonts,
                               size=size, programme_ms=plan.programme_ms,
                               tail_ms=plan.credits_ms, background=plan.background,
                               threads=max(1, cores // workers), full_range=plan.full_range)
        return Image.open(BytesIO(png)).convert("RGB")

    pages = [chosen[k:k + per_page] for k in range(0, len(chosen), per_page)] or [[]]
    paths = []
    # each frame is its own seek-and-decode: one at a time per core (up to 4) keeps them busy,
    # each decoding with its share of the cores (with ffmpeg's own count, a thread per core and
    # one more each, the sample's sheet took 4.4 s on 2 cores, and 3.7 s so)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for n, page in enumerate(pages, 1):
            rows = (len(page) + columns - 1) // columns or 1
            sheet = Image.new("RGB", (columns * size[0], rows * (size[1] + label_h)),
                              (20, 20, 20))
            draw = ImageDraw.Draw(sheet)
            for k, (c, img) in enumerate(zip(page, pool.map(frame, page))):
                x, y = (k % columns) * size[0], (k // columns) * (size[1] + label_h)
                sheet.paste(img, (x, y))
                mid = (c.start_ms + c.end_ms) // 2
                draw.text((x + 6, y + size[1] + 4), f"{c.id}  {clock(mid, 1)}  {c.role.value}",
                          font=font, fill=(230, 230, 230))
            out = stills_page(project, n)
            tmp = ffmpeg.atomic_target(out)
            try:
                sheet.save(tmp, format="PNG")
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
            ffmpeg.finish(tmp, out)
            paths.append(out)
    n = len(pages) + 1
    while stills_page(project, n).is_file():
        stills_page(project, n).unlink()
        n += 1
    return paths


def stills_page(project: Project, n: int) -> Path:
    """build/<ep>.stills.png for the first contact sheet, <ep>.stills-<n>.png for the others."""
    return project.out(".stills.png" if n == 1 else f".stills-{n}.png")
