"""A project folder end to end. The I/O edge: reads the script and project.yaml, runs the pure
stages, writes the outputs atomically (temporary file, then rename)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from . import config as configmod
from .config import Section
from .errors import SubtitlerError
from .model import Block, Cue, Segment
from .script import Parsed, read_script
from .segment import Limits, segment_blocks
from .timing import Rules, reading_speed_timing
from .tracks import AssLayout, cues_to_json, to_ass, to_srt, to_vtt

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
            raise SubtitlerError("project folder not found", path=d,
                                 fix="give a folder under projects/ holding script.txt")
    d = d.resolve()
    cfg_path = d / "project.yaml"
    return Project(dir=d, name=d.name, config=configmod.load_config(cfg_path),
                   config_path=cfg_path)


def parse(project: Project) -> Parsed:
    cfg = project.config
    return read_script(project.script_path, overrides=cfg.roles, lead_spoken=cfg.lead_spoken,
                       config_path=project.config_path)


@dataclass(frozen=True)
class Build:
    parsed: Parsed
    segments: tuple[Segment, ...]
    cues: tuple[Cue, ...]
    outputs: dict[str, str]  # file name in build/ -> text
    warnings: tuple[str, ...] = field(default=())

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.parsed.blocks


def frame_size(project: Project) -> tuple[int, int, float | None]:
    video = project.video_path
    if video is None:
        return (*DEFAULT_SIZE, None)
    from . import ffmpeg

    info = ffmpeg.probe(video)
    if not info.has_video or not info.width:
        return (*DEFAULT_SIZE, info.fps)
    return info.width, info.height, info.fps


def build(project: Project) -> Build:
    """Everything `subtitler subs` writes, as texts in memory."""
    cfg = project.config
    parsed = parse(project)
    segments = segment_blocks(parsed.blocks, limits=Limits.from_config(cfg.limits),
                              glossary=cfg.glossary, lead_spoken=cfg.lead_spoken)
    width, height, fps = frame_size(project)
    rules = Rules.from_config(cfg, fps)
    cues = reading_speed_timing(segments, rules)
    layout = AssLayout.from_config(cfg.style, width, height)
    name = project.name
    outputs = {
        f"{name}.en.srt": to_srt(cues, "en"),
        f"{name}.zh.srt": to_srt(cues, "zh"),
        f"{name}.bilingual.srt": to_srt(cues, "bilingual"),
        f"{name}.en.vtt": to_vtt(cues, "en"),
        f"{name}.zh.vtt": to_vtt(cues, "zh"),
        f"{name}.ass": to_ass(cues, layout, title=cfg.title or name),
        f"{name}.cues.json": cues_to_json(cues),
    }
    languages = {lang for b in parsed.blocks for lang in b.languages}
    for lang in ("en", "zh"):
        if lang not in languages:  # a one-language script gives tracks in that language
            for key in (f"{name}.{lang}.srt", f"{name}.{lang}.vtt", f"{name}.bilingual.srt"):
                outputs.pop(key, None)
    return Build(parsed, tuple(segments), tuple(cues), outputs, parsed.warnings)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
    flagged = [c for c in spoken if c.flags]
    end = max((c.end_ms for c in cues), default=0)
    return (f"{len(spoken)} cues, {len(cards)} cards, {len(flagged)} flagged, "
            f"{end / 1000:.1f} s")
