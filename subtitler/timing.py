"""Segments -> cues: reading-speed timing, and the subtitle rules every timing must keep.

The narration-based engine (``align``) produces raw speech times; :func:`apply_rules` then
enforces minimum and maximum duration, the minimum gap, closing of short gaps and no overlap,
whatever the timing source.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .model import Cue, Role, Segment
from .textutil import zh_width


@dataclass(frozen=True)
class Rules:
    en_cps: float = 20
    zh_cps: float = 9
    min_duration_ms: int = 833
    max_duration_ms: int = 7000
    min_gap_frames: int = 2
    close_gap_frames: int = 12
    fps: float = 24
    heading_ms: int = 3000
    caption_ms: int = 4000
    section_pause_ms: int = 1000

    @classmethod
    def from_config(cls, config, fps: float | None = None) -> "Rules":
        lim, cards = config.limits, config.cards
        return cls(en_cps=lim.en_cps, zh_cps=lim.zh_cps, min_duration_ms=lim.min_duration_ms,
                   max_duration_ms=lim.max_duration_ms, min_gap_frames=lim.min_gap_frames,
                   close_gap_frames=lim.close_gap_frames, fps=fps or lim.fps,
                   heading_ms=cards.heading_ms, caption_ms=cards.caption_ms,
                   section_pause_ms=cards.section_pause_ms)

    def frames_ms(self, frames: int) -> int:
        return int(math.ceil(frames * 1000 / self.fps))

    @property
    def min_gap_ms(self) -> int:
        return self.frames_ms(self.min_gap_frames)

    @property
    def close_gap_ms(self) -> int:
        return self.frames_ms(self.close_gap_frames)


def zh_chars(text: str) -> float:
    """Characters for Chinese reading speed: full-width 1, half-width 0.5, spaces not counted."""
    return zh_width("".join(text.split()))


def reading_ms(seg: Segment | Cue, rules: Rules) -> int:
    """How long a cue needs on screen to be read in both languages, within the duration rules."""
    need = 0.0
    if seg.en:
        need = max(need, len(" ".join(seg.en)) / rules.en_cps)
    if seg.zh:
        need = max(need, zh_chars("".join(seg.zh)) / rules.zh_cps)
    ms = int(round(need * 1000))
    return min(max(ms, rules.min_duration_ms), rules.max_duration_ms)


def reading_speed_timing(segments: Sequence[Segment], rules: Rules, *,
                         start_ms: int = 1000) -> list[Cue]:
    """Lay cues end to end at reading speed; title cards at their section's start."""
    cues: list[Cue] = []
    t = start_ms
    for seg in segments:
        if seg.role is Role.HEADING:
            if cues:
                t += rules.section_pause_ms
            cues.append(Cue.from_segment(seg, t, t + rules.heading_ms))
        elif seg.role is Role.CAPTION:
            cues.append(Cue.from_segment(seg, t, t + rules.caption_ms))
        else:
            d = reading_ms(seg, rules)
            cues.append(Cue.from_segment(seg, t, t + d))
            t += d + rules.min_gap_ms
    return apply_rules(cues, rules)


def apply_rules(cues: Sequence[Cue], rules: Rules) -> list[Cue]:
    """Enforce the rules on spoken cues, in time order; cards are left as they are.

    - a gap shorter than ``close_gap_frames`` closes to exactly ``min_gap_frames`` (the
      earlier cue is extended or, when too close, trimmed);
    - durations within [min_duration_ms, max_duration_ms], extending into free time first;
    - no overlap.
    """
    spoken = sorted((c for c in cues if c.spoken), key=lambda c: (c.start_ms, c.end_ms))
    others = [c for c in cues if not c.spoken]
    gap, close = rules.min_gap_ms, rules.close_gap_ms
    out: list[Cue] = []
    for i, c in enumerate(spoken):
        start, end = c.start_ms, c.end_ms
        nxt = spoken[i + 1].start_ms if i + 1 < len(spoken) else None
        if out and start < out[-1].end_ms + gap:
            start = out[-1].end_ms + gap
        end = min(max(end, start + rules.min_duration_ms), start + rules.max_duration_ms)
        if nxt is not None and nxt - end <= close:
            end = min(max(nxt - gap, start + rules.min_duration_ms), start + rules.max_duration_ms)
        out.append(c.with_times(start, end))
    return sorted(out + others, key=_order(cues))


def _order(cues: Sequence[Cue]):
    position = {c.id: i for i, c in enumerate(cues)}
    return lambda c: (c.start_ms, position[c.id])
