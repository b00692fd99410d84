"""Segments -> cues: reading-speed timing, and the subtitle rules every timing must keep.

The narration-based engine (``align``) produces raw speech times; :func:`apply_rules` then
enforces minimum and maximum duration, the minimum gap, closing of short gaps and no overlap,
whatever the timing source.
"""

from __future__ import annotations

import math
import re
import unicodedata
from concurrent.futures import Future
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Collection, Sequence

from .errors import ConfigError, TimingError, TrackError
from .model import (ANCHORED, FROM_FILE, LOCKED, NOT_HEARD, NOT_IN_FILE, NOT_SAID, Cue, Role,
                    Segment)
from .textutil import clock, parse_time, to_simplified, zh_width


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
    ms = math.ceil(need * 1000 - 1e-6)  # rounded up: never a hair over the reading speed
    return min(max(ms, rules.min_duration_ms), rules.max_duration_ms)


def reading_speed_timing(segments: Sequence[Segment], rules: Rules, *,
                         start_ms: int = 1000, end_ms: int | None = None,
                         not_said: Collection[str] = ()) -> list[Cue]:
    """Lay cues end to end at reading speed; title cards at their section's start. With
    ``end_ms`` (the video's length), cues that would run past it are shown faster, so the last
    ends inside the video (the renders refuse cues after its end). ``not_said`` (project.yaml's
    cues a shorter cut does not say) take no time and are flagged ``not_said``, not shown."""
    not_said = frozenset(not_said)
    cues = _reading_layout(segments, rules, start_ms, 1.0, not_said)
    if end_ms is None:
        return cues
    scale = 1.0
    for _ in range(4):  # (the gaps do not shrink: a few rounds to land inside)
        last = max((c.end_ms for c in cues), default=0)
        if last <= end_ms or end_ms <= start_ms:
            break
        scale *= (end_ms - start_ms) / (last - start_ms)
        cues = _reading_layout(segments, rules, start_ms, scale, not_said)
    return cues


def reading_speed_around(segments: Sequence[Segment], rules: Rules, *,
                         locked: dict[str, tuple[int, int, float] | None],
                         anchors: dict[str, int] | None = None, start_ms: int = 1000,
                         end_ms: int | None = None, not_said: Collection[str] = ()) -> list[Cue]:
    """Reading-speed timing that keeps what the editor fixed, for when the narration cannot be
    used: ``locked`` cues (id -> start, end, confidence) keep their times and those locked as
    not heard (id -> None) stay so; ``anchors`` (id -> start) are honoured exactly. The other
    spoken cues are laid end to end at reading speed between the fixed ones around them,
    shown faster where the room between two is short (and before ``end_ms``, the video's
    length, after the last one), with confidence 0; cards follow their sections. ``not_said``
    cues are kept off like those locked as not heard, flagged ``not_said``."""
    anchors = dict(anchors or {})
    not_said = frozenset(not_said)
    locked = {**locked, **dict.fromkeys(not_said)}
    spoken = [s for s in segments if s.spoken]
    gap = rules.min_gap_ms
    fixed: dict[int, tuple[int, int, float, tuple[str, ...]]] = {}
    for i, s in enumerate(spoken):
        lock = locked.get(s.id)
        if s.id in anchors:
            start = anchors[s.id]
            end = max(lock[1], start + 1) if lock is not None else start + reading_ms(s, rules)
            fixed[i] = (start, end, lock[2] if lock is not None else 1.0, (ANCHORED,))
        elif lock is not None:
            fixed[i] = (lock[0], lock[1], lock[2], (LOCKED,))
    cues: list[Cue] = []
    t = start_ms  # where the next free cue may start
    i = 0
    while i < len(spoken):
        s = spoken[i]
        if i in fixed:
            start, end, conf, flags = fixed[i]
            cues.append(Cue.from_segment(s, start, end, confidence=conf, flags=flags))
            t = max(t, end + gap)
            i += 1
            continue
        # the free cues up to the next fixed one, those locked as not heard among them (not
        # shown, where their neighbours meet: a run that stopped at one had the video's end
        # for its limit, and ran over the fixed cue after it)
        run = []
        while i < len(spoken) and i not in fixed:
            run.append(spoken[i])
            i += 1
        limit = fixed[i][0] if i in fixed else end_ms
        free = [r for r in run if r.id not in locked]
        want = {r.id: reading_ms(r, rules) for r in free}
        scale = 1.0
        if limit is not None and free:
            room = limit - gap - t - gap * (len(free) - 1)
            if room < sum(want.values()):
                scale = max(room, 0) / sum(want.values())
        for r in run:
            if r.id in locked:
                cues.append(Cue.from_segment(r, t, t, confidence=0.0,
                                             flags=(NOT_SAID if r.id in not_said else NOT_HEARD,)))
                continue
            d = max(1, int(want[r.id] * scale))
            cues.append(Cue.from_segment(r, t, t + d, confidence=0.0))
            t += d + gap
    timed = [replace(c, flags=tuple(f for f in c.flags if f != LOCKED))
             for c in apply_rules(cues, rules)]
    return place_cards(segments, timed, rules)


def _reading_layout(segments: Sequence[Segment], rules: Rules, start_ms: int,
                    scale: float, not_said: frozenset[str] = frozenset()) -> list[Cue]:
    cues: list[Cue] = []
    t = start_ms
    free = 0  # when the bottom of the frame is free of the last card
    for seg in segments:
        if seg.role is Role.HEADING:
            if cues:
                t += int(rules.section_pause_ms * scale)
            t = max(t, free)  # the section begins with its card, after a photo caption
            cues.append(Cue.from_segment(seg, t, t + int(rules.heading_ms * scale)))
            free = t + int(rules.heading_ms * scale) + rules.min_gap_ms
        elif seg.role is Role.CAPTION:
            t = max(t, free)
            cues.append(Cue.from_segment(seg, t, t + int(rules.caption_ms * scale)))
            free = t + int(rules.caption_ms * scale) + rules.min_gap_ms
        elif seg.id in not_said:  # (not shown, where its neighbours meet)
            cues.append(Cue.from_segment(seg, t, t, confidence=0.0, flags=(NOT_SAID,)))
        else:
            d = int(reading_ms(seg, rules) * scale)
            cues.append(Cue.from_segment(seg, t, t + d))
            t += d + rules.min_gap_ms
    return _one_card_at_a_time(apply_rules(cues, rules), rules)


def apply_rules(cues: Sequence[Cue], rules: Rules, end_ms: int | None = None, *,
                lend: bool = False) -> list[Cue]:
    """Enforce the rules on the cues shown as subtitles, in time order; cards and cues the
    narration does not say are left as they are.

    - durations within [min_duration_ms, max_duration_ms], and long enough to read when the
      next cue leaves room;
    - at least ``min_gap_frames`` between cues, and a gap of ``close_gap_frames`` or less
      closes to exactly the minimum (the earlier cue is extended or trimmed);
    - no overlap; an anchored or locked start never moves (the cue before it gives way), and a
      locked cue keeps its end too;
    - ``end_ms`` (the audio's end): no cue that is not locked lingers past it (a shorter cut
      ending on the narration's last words had its last cue up 1.2 s after the audio, and the
      lock `subs` wrote was refused by the next `subs`);
    - with ``lend`` (cues timed to the narration's words), a cue still too short to read (its
      words said quickly, or shortened) takes up to READ_SHIFT_MS from each side: it starts
      earlier, into the pause before it or the end of the cue before, and ends later, the next
      cue starting later; each neighbour keeps the time its own reading needs. (Cues laid out
      at reading speed share what room they have as they are.)
    """
    shown = sorted((c for c in cues if c.shown), key=lambda c: (c.start_ms, c.end_ms))
    others = [c for c in cues if not c.shown]
    gap, close = rules.min_gap_ms, rules.close_gap_ms
    out: list[Cue] = []
    for i, c in enumerate(shown):
        start, end = c.start_ms, c.end_ms
        fixed = ANCHORED in c.flags or LOCKED in c.flags
        nxt_cue = shown[i + 1] if i + 1 < len(shown) else None
        nxt = nxt_cue.start_ms if nxt_cue is not None else None
        if out and start < out[-1].end_ms + gap:
            if fixed:
                prev = out[-1]
                out[-1] = prev.with_times(prev.start_ms, max(prev.start_ms + 1, start - gap))
            else:
                start = out[-1].end_ms + gap
        if LOCKED not in c.flags:
            # linger after the words end when reading needs it and the next cue leaves room
            # (an editor's timing file is taken as it is)
            if FROM_FILE not in c.flags:
                want = start + reading_ms(c, rules)
                room = (nxt - gap) if nxt is not None else want
                end = max(end, min(want, room))
            end = min(max(end, start + rules.min_duration_ms), start + rules.max_duration_ms)
            if nxt is not None and nxt - end <= close:
                end = min(max(nxt - gap, start + rules.min_duration_ms),
                          start + rules.max_duration_ms)
                if ANCHORED in nxt_cue.flags or LOCKED in nxt_cue.flags:
                    end = max(start + 1, min(end, nxt - gap))
            if end_ms is not None and end > end_ms:
                end = max(start + 1, end_ms)
        out.append(c.with_times(start, end))
    if lend:
        _make_room_to_read(out, rules)
    return sorted(out + others, key=_order(cues))


READ_SHIFT_MS = 500  # how far a cue too short to read may start before its words (and its
# neighbours give way): "strengthen the upstream and lower-stream coordination", said as
# "strengthen the coordination", had 1.5 s for 53 characters (36 a second, 20 the limit)


def _make_room_to_read(out: list[Cue], rules: Rules) -> None:
    """In place, on the shown cues in time order, after the other rules: each cue shorter
    than its reading time (:func:`reading_ms`) moves its start earlier and its end later, by up
    to READ_SHIFT_MS each, into the pause before it or the time the cue before it can spare,
    and into the time the cue after it can spare (which then starts later); half the shortfall
    from each side first, the rest from either. Anchored, locked and timing-file cues do not
    move, nor their edges."""
    gap = rules.min_gap_ms

    def movable(c: Cue) -> bool:
        return not ({ANCHORED, LOCKED, FROM_FILE} & set(c.flags))

    def spare(c: Cue) -> int:
        return max(0, c.duration_ms - reading_ms(c, rules)) if movable(c) else 0

    for i, c in enumerate(out):
        short = reading_ms(c, rules) - c.duration_ms
        if short <= 0 or not movable(c):
            continue
        room = rules.max_duration_ms - c.duration_ms
        prev = out[i - 1] if i > 0 else None
        nxt = out[i + 1] if i + 1 < len(out) else None
        free = c.start_ms - (prev.end_ms + gap if prev is not None else 0)
        early_most = min(READ_SHIFT_MS, max(0, free) + (spare(prev) if prev is not None else 0))
        late_most = min(READ_SHIFT_MS, spare(nxt)) if nxt is not None else 0
        early = min(early_most, (short + 1) // 2)
        late = min(late_most, short - early)
        early = min(early_most, short - late)
        early, late = min(early, room), min(late, max(0, room - early))
        if early:
            start = c.start_ms - early
            if prev is not None and start < prev.end_ms + gap:
                out[i - 1] = prev.with_times(prev.start_ms, start - gap)
            c = c.with_times(start, c.end_ms)
        if late:
            out[i + 1] = nxt.with_times(nxt.start_ms + late, nxt.end_ms)
            c = c.with_times(c.start_ms, c.end_ms + late)
        out[i] = c


def _order(cues: Sequence[Cue]):
    position = {c.id: i for i, c in enumerate(cues)}
    return lambda c: (c.start_ms, position[c.id])


# --------------------------------------------------------------------------------------------
# Timing against the narration


def resolve_anchors(anchors: Sequence[dict], segments: Sequence[Segment],
                    where: object = "project.yaml",
                    line: Callable[[int], int | None] = lambda i: None) -> dict[str, int]:
    """project.yaml anchors -> {cue id: start ms}, in the order written. An anchor names a cue
    id or a text; ``line(i)``: the line of item i (0-based) in ``where``, for errors."""
    return {k: at for k, at in _named_cues(anchors, segments, where, line, "anchors")}


def resolve_not_said(items: Sequence[dict], segments: Sequence[Segment],
                     where: object = "project.yaml",
                     line: Callable[[int], int | None] = lambda i: None) -> list[str]:
    """project.yaml `not_said` (cues a shorter cut of the video does not say, each a cue id or a
    text, as an anchor names one) -> their cue ids."""
    return [k for k, _ in _named_cues(items, segments, where, line, "not_said")]


def _named_cues(items: Sequence[dict], segments: Sequence[Segment], where: object,
                line: Callable[[int], int | None], what: str) -> list[tuple[str, int | None]]:
    """(cue id, time or None) of each item of project.yaml's ``what`` (anchors: with `at`)."""
    out: dict[str, int | None] = {}
    timed = what == "anchors"
    shape = (f"{{cue: c1a2b3c4, at: '1:23.4'}} or {{match: 'text', at: '1:23.4'}}" if timed
             else "{cue: c1a2b3c4} or {match: 'text'}")
    texts = None  # each spoken cue's text as a `match` is compared with it, made once
    for n, a in enumerate(items, 1):
        keys = set(a) if isinstance(a, dict) else set()
        allowed = {"at", "cue", "match"} if timed else {"cue", "match"}
        if (timed and "at" not in keys) or len(keys & {"cue", "match"}) != 1 or keys - allowed:
            raise ConfigError(f"{what} item {n} must be {shape}, got {a!r}", path=where,
                              line=line(n - 1))
        at = parse_time(a["at"], where=where, line=line(n - 1)) if timed else None
        if "cue" in a:
            hits = [s for s in segments if s.id == str(a["cue"])]
            if hits and not hits[0].spoken:  # (a title card's id did nothing)
                raise ConfigError(f"{what} item {n}: {hits[0].id} is a {hits[0].role.value}, "
                                  "not a subtitle cue: only cues are "
                                  f"{'anchored' if timed else 'listed'}", path=where,
                                  line=line(n - 1),
                                  fix="anchor the cue it goes with" if timed else
                                  f"give it `role: note` under `roles:` ({{id: {hits[0].block}, "
                                  "role: note}})")
        else:
            needle = _match_key("" if a["match"] is None else str(a["match"]))
            if not needle:
                raise ConfigError(f"{what} item {n}: an empty `match` names no cue", path=where,
                                  line=line(n - 1), fix="give the words the cue starts with")
            # the Chinese compared without spaces (the cues have none: the script's "主导, 集约"
            # is 主导，集约 in them)
            zh_needle = "".join(needle.split())
            if texts is None:
                texts = [(s, _match_key(s.text("en", " ") + " " + s.text("zh", "")),
                          _match_key(s.text("zh", "")).replace(" ", ""))
                         for s in segments if s.spoken]
            hits = [s for s, t, z in texts if needle in t or (z and zh_needle in z)]
            starting = [s for s, t, z in texts if t.startswith(needle) or
                        (z and z.startswith(zh_needle))]
            if len(hits) > 1:  # a cue the text begins is meant; else it must say which
                # (not for a word or two: "the" began one cue and was in four, which it took)
                short = len(needle) < 12 if needle.isascii() else len(needle) < 4
                if len(starting) != 1 or short:
                    raise ConfigError(
                        f"{what} item {n}: {a['match']!r} is in {len(hits)} cues ("
                        f"{', '.join(s.id for s in hits[:6])}{', ...' if len(hits) > 6 else ''})",
                        path=where, line=line(n - 1), fix="give more of the cue's text, from its "
                        f"start, or its id: {{cue: <id>{', at: ...' if timed else ''}}}")
                hits = starting
        if not hits:
            raise ConfigError(f"{what} item {n}: {a.get('cue') or a.get('match')!r} matches no "
                              f"cue", path=where, line=line(n - 1),
                              fix="give the text of a cue as the script now has it, or a cue "
                                  f"id from build/{Path(str(where)).resolve().parent.name}"
                                  ".cues.json")
        if hits[0].id in out:
            raise ConfigError(f"{what} item {n}: cue {hits[0].id} is "
                              f"{'anchored' if timed else 'listed'} twice", path=where,
                              line=line(n - 1),
                              fix=f"keep one of its {'anchors' if timed else 'items'}")
        out[hits[0].id] = at
    return list(out.items())


_MATCH_MARKS = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
                              "\u3002": ".", "\u300c": '"', "\u300d": '"'})


def _match_key(text: str) -> str:
    """An anchor's `match` text and a cue's, compared alike: full- and half-width forms equal
    (NFKC: the script's "为主导,集约化" is 为主导，集约化 in the cue), curly and straight quotes
    and 。 and . equal, Traditional as Simplified, spaces collapsed, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_MATCH_MARKS)
    return " ".join(to_simplified(text).split()).lower()


def speech_text(seg: Segment, lang: str) -> tuple[str, str]:
    """The text a narrator in ``lang`` says for a segment, and its language."""
    other = "zh" if lang == "en" else "en"
    text = seg.text(lang, " " if lang == "en" else "")
    if not text:
        text, lang = seg.text(other, " " if other == "en" else ""), other
    # espeak-ng reads Mandarin from Simplified characters
    return (to_simplified(text) if lang == "zh" else text), lang


STALE_LOCK_MS = 1000
RECUT_MS = 100  # audio longer or shorter than this since the lock: the video was cut anew
# the narration's first words or last words this much earlier or later than when the lock was
# written, the audio as long: the video was cut anew too (an intro 2 s longer, an end 2 s shorter)
RESHIFT_MS = 500
LANDMARK_MS = 1000  # the speech that marks where the narration starts and ends lasts this long


def speech_span(regions) -> tuple[int, int] | None:
    """Where the narration's first words start and its last words end (ms), from its speech
    regions: the first and the last at least LANDMARK_MS long (a blip at a music intro's
    first note is no landmark), or the first and last of all when none is that long."""
    if not regions:
        return None
    long = [(a, b) for a, b in regions if b - a >= LANDMARK_MS] or list(regions)
    return int(long[0][0]), int(long[-1][1])


# speech under this share of what the script needs at a narrator's pace is warned of (the
# sample, one sentence skipped, has 0.77)
SHORT_SPEECH = 0.5


def narration_timing(segments: Sequence[Segment], samples, lang: str, rules: Rules, *,
                     rate: int = 16000, anchors: dict[str, int] | None = None,
                     locked: dict[str, tuple[int, int, float] | None] | None = None,
                     refine: bool = True, speaker=None,
                     warnings: list[str] | None = None,
                     locked_ms: int | None = None,
                     locked_speech: tuple[int, int] | None = None,
                     source: object = None, not_said: Collection[str] = ()) -> list[Cue]:
    """Time the spoken segments against the narration (``samples``: mono int16 at ``rate`` Hz,
    their :func:`subtitler.align.analyse`, or a Future of it); cards follow their sections.
    ``speaker``: a :class:`subtitler.align.Speaker` that may have spoken some of the texts
    (:func:`speech_text`) already.

    ``anchors`` (cue id -> start) are honoured exactly; ``locked`` cues (id -> start, end,
    confidence) keep their times, and those locked as not heard (id -> None) stay so. A cue the
    narration does not say is flagged ``not_heard`` and is not shown. When the script has cues
    the lock does not know, the narration is also aligned without the lock: locked cues it
    places more than STALE_LOCK_MS away are named in ``warnings`` (a line put back into the
    script may be said where a locked cue now sits). So are all locked cues so placed when the
    audio is not as long as when the lock was written (``locked_ms``), or its narration starts
    or ends elsewhere (``locked_speech``: the start of its first speech and the end of its last
    then): a new cut of the video. ``source``: the audio's file, named in the warnings.
    ``not_said``: the cues project.yaml gives as not said (a shorter cut), taken as unheard
    and flagged ``not_said``: the editor's word, not a finding.
    """
    from .align import Narration, align, predicted_units, prepare

    anchors = dict(anchors or {})
    not_said = frozenset(not_said)
    locked = {**(locked or {}), **dict.fromkeys(not_said)}
    spoken = [s for s in segments if s.spoken]
    if not spoken:
        return place_cards(segments, [], rules)
    texts = [speech_text(s, lang)[0] for s in spoken]
    fixed: dict[int, int] = {}
    unheard: set[int] = set()
    for i, s in enumerate(spoken):
        if s.id in locked:
            lock = locked[s.id]
            if lock is None:
                unheard.add(i)
            else:
                fixed[i] = lock[0]
        if s.id in anchors:
            fixed[i] = anchors[s.id]
    order = sorted(fixed)
    for a, b in zip(order, order[1:]):
        if fixed[a] >= fixed[b]:
            raise TimingError(f"anchored or locked times go backwards at cue {spoken[b].id}",
                              fix="check `anchors:` in project.yaml or delete the timing lock")
    per_unit = 190 if lang == "en" else 230
    units = [predicted_units(t, lang) for t in texts]
    need_ms = sum(units) * per_unit
    # what the lines that may be said need: the lock's not_heard, the editor's word for the
    # lines a shorter cut leaves out, still had the cut warned of as crammed
    said_ms = sum(u for i, u in enumerate(units) if i not in unheard or i in fixed) * per_unit

    def check_length(audio_ms: int) -> None:
        if audio_ms < 0.35 * need_ms:
            raise TimingError(f"the audio ({audio_ms / 1000:.1f} s) is much shorter than the "
                              f"script needs (about {need_ms / 1000:.0f} s)",
                              fix="check that project.yaml names the right video")

    if not isinstance(samples, (Narration, Future)):  # raw samples: before any work
        check_length(len(samples) * 1000 // rate)
    narration, script = prepare(samples, texts, lang, rate=rate, refine=refine,
                                check=lambda n: check_length(n.total_ms), speaker=speaker)
    timed = align(narration, texts, lang, anchors=fixed, refine=refine, script=script,
                  unheard=unheard)
    speech_ms = sum(b - a for a, b in narration.regions)
    if warnings is not None and narration.regions and speech_ms < SHORT_SPEECH * said_ms:
        # (a video narrating half the script had every cue crammed into it, up to a minute
        # early, and subs flagged one; the editor found no block id, left the cut sections'
        # cards to land after the video's end, and the lock kept the crammed times)
        warnings.append(f"{f'{source}: ' if source else ''}the narration holds "
                        f"{speech_ms / 1000:.0f} s of speech, under half "
                        f"of what the script needs (about {said_ms / 1000:.0f} s): if the video "
                        "narrates only part of it (a shorter cut?), the cues are crammed into "
                        "what it says: give the paragraphs it does not say, and the headings and "
                        "photo captions of the sections it leaves out, `role: note` under "
                        "`roles:` in project.yaml (`{id: b07, role: note}`; `subtitler blocks` "
                        "lists the ids; the cues of a paragraph it says in part under "
                        "`not_said:`), then run `subtitler subs --relock` (the timing lock "
                        "keeps the crammed times); or check the cues with `subtitler qc`")
    if not any(t.heard for t in timed) or not narration.regions:
        # (anchored and locked cues are "heard" even in silent audio)
        raise TimingError("no narration found in the audio (silent, or music only)",
                          fix="check the video's audio track")
    new = [i for i, s in enumerate(spoken) if s.id not in locked and s.id not in anchors]
    recut = locked_ms is not None and abs(narration.total_ms - locked_ms) > RECUT_MS
    shift, side = 0, "start"  # how far the narration's first (or last) words moved since the lock
    now = speech_span(narration.regions)
    if locked_speech is not None and now is not None and not recut:
        shift = max((now[0] - locked_speech[0], now[1] - locked_speech[1]), key=abs)
        if abs(shift) <= RESHIFT_MS:
            shift = 0
        side = "start" if shift == now[0] - locked_speech[0] else "end"
    recut = recut or bool(shift)
    if warnings is not None and locked and (new or recut):
        # the locked cues next to the new ones (a line put back displaces its neighbours),
        # where a full alignment without the lock puts them (the one without the synthesised
        # script's content cue was off by a line, and named most of the episode)
        held = [i for i, s in enumerate(spoken) if locked.get(s.id) is not None
                and s.id not in anchors]
        near = set(held) if recut else \
            {j for i in new for j in (max((h for h in held if h < i), default=None),
                                      min((h for h in held if h > i), default=None))
             if j is not None}
        free = align(narration, texts, lang, anchors={i: fixed[i] for i, s in enumerate(spoken)
                                                      if s.id in anchors},
                     refine=refine, script=script) if near else []
        stale = [spoken[i].id for i in sorted(near) if free[i].heard
                 and abs(free[i].start_ms - locked[spoken[i].id][0]) > STALE_LOCK_MS]
        if stale:
            many = len(stale) > 1
            d_s = (narration.total_ms - locked_ms) / 1000 if recut and not shift else 0.0
            why = (f"the narration's {'first' if side == 'start' else 'last'} words "
                   f"{'start' if side == 'start' else 'end'} {abs(shift) / 1000:.1f} s "
                   f"{'later' if shift > 0 else 'earlier'} than when the lock was written, the "
                   "audio as long: a new cut of the video?" if shift else
                   f"the audio is {abs(d_s):.1f} s {'longer' if d_s > 0 else 'shorter'} than "
                   "when the lock was written: a new cut of the video?" if recut else
                   "a line put back into the script?")
            warnings.append(
                f"the narration now seems to say locked cue{'s' if many else ''} "
                f"{', '.join(stale[:6])}{', ...' if len(stale) > 6 else ''} more than "
                f"{STALE_LOCK_MS / 1000:g} s from {'their' if many else 'its'} locked time "
                f"({why}): check them, or run `subtitler subs --relock`")
    cues: list[Cue] = []
    for s, t in zip(spoken, timed):
        flags: list[str] = []
        start, end, conf = t.start_ms, t.end_ms, float(t.confidence)
        if locked.get(s.id) is not None:
            start, end, conf = locked[s.id]
            flags.append(LOCKED)
        elif not t.heard:
            flags.append(NOT_SAID if s.id in not_said else NOT_HEARD)
        if s.id in anchors:
            start = anchors[s.id]
            end = max(end, start + 1)
            flags.append(ANCHORED)
        cues.append(Cue.from_segment(s, start, end, confidence=round(conf, 3),
                                     flags=tuple(flags)))
    # a locked cue comes out exactly as the lock has it (the flag only steered the rules)
    timed_cues = [replace(c, flags=tuple(f for f in c.flags if f != LOCKED))
                  for c in apply_rules(cues, rules, end_ms=narration.total_ms, lend=True)]
    return place_cards(segments, timed_cues, rules)


def place_cards(segments: Sequence[Segment], spoken: Sequence[Cue], rules: Rules) -> list[Cue]:
    """Title cards at the start of their section's first shown cue; photo captions after the
    cue before them. Returns all cues in segment order."""
    by_id = {c.id: c for c in spoken}
    out: list[Cue] = []
    last_end = 0
    pending: list[Segment] = []
    for seg in segments:
        if seg.id in by_id:
            cue = by_id[seg.id]
            if cue.shown:
                out.extend(_section_cards(pending, cue.start_ms, last_end, rules))
                pending = []
                last_end = cue.end_ms
            out.append(cue)
        elif seg.role is Role.CAPTION:
            out.append(Cue.from_segment(seg, last_end + rules.min_gap_ms,
                                        last_end + rules.min_gap_ms + rules.caption_ms))
        elif seg.role is Role.HEADING:
            pending.append(seg)
    for card in pending:  # headings after the last spoken cue
        out.append(_card(card, last_end + rules.min_gap_ms, last_end, rules))
    return _one_card_at_a_time(out, rules)


SNAP_BEFORE_MS, SNAP_AFTER_MS = 1000, 2000  # a photo caption moves to a cut this near


def caption_window(c: Cue) -> tuple[int, int]:
    """Where to look for the shot changes a photo caption goes with (ms, from and until)."""
    return max(0, c.start_ms - SNAP_BEFORE_MS), c.start_ms + SNAP_AFTER_MS + c.duration_ms


def snap_captions(cues: list[Cue], shots_of: Callable[[Cue], Sequence[int]],
                  rules: Rules) -> list[Cue]:
    """Photo captions go with their photo: they start on the shot change nearest their
    start, from SNAP_BEFORE_MS before it to SNAP_AFTER_MS after, and end before the next one
    (when they have been up MIN_CARD_MS by then). ``shots_of(caption)``: the changes in its
    :func:`caption_window`. A caption with no change nearby stays. Cards stay one at a time."""
    out = list(cues)
    moved = False
    for i, c in enumerate(out):
        if c.role is not Role.CAPTION:
            continue
        length = c.end_ms - c.start_ms
        shots = sorted(shots_of(c))
        near = [s for s in shots
                if c.start_ms - SNAP_BEFORE_MS <= s <= c.start_ms + SNAP_AFTER_MS]
        if not near:
            continue
        start = min(near, key=lambda s: (abs(s - c.start_ms), s))
        end = start + length
        gone = [s for s in shots if start + MIN_CARD_MS + rules.min_gap_ms <= s < end]
        if gone:
            end = gone[0] - rules.min_gap_ms  # the photo is gone: so is its caption
        out[i] = replace(c, start_ms=start, end_ms=end)
        moved = True
    return _one_card_at_a_time(out, rules) if moved else out


MIN_CARD_MS = 1500  # a photo caption cut short by the next title card stays up this long


def _one_card_at_a_time(cues: list[Cue], rules: Rules) -> list[Cue]:
    """Cards share the bottom of the frame: one at a time. A photo caption still up when the
    next section's title card comes ends before it (if it has been up MIN_CARD_MS); otherwise
    the later card waits for the earlier one to end (two headings in a row follow each other)."""
    order = sorted((i for i, c in enumerate(cues) if c.role in (Role.HEADING, Role.CAPTION)),
                   key=lambda i: (cues[i].start_ms, i))
    out = list(cues)
    prev = None
    for i in order:
        c = out[i]
        if prev is not None:
            p = out[prev]
            free = p.end_ms + rules.min_gap_ms
            if c.start_ms < free:
                if p.role is Role.CAPTION and c.start_ms - rules.min_gap_ms - p.start_ms \
                        >= MIN_CARD_MS:
                    out[prev] = replace(p, end_ms=c.start_ms - rules.min_gap_ms)
                else:
                    out[i] = c = replace(c, start_ms=free, end_ms=free + c.end_ms - c.start_ms)
        prev = i
    return out


def _section_cards(pending: Sequence[Segment], section_start: int, last_end: int,
                   rules: Rules) -> list[Cue]:
    """The title cards of the headings before a section's first cue: the last at the section's
    start, the ones before it (a headline, an empty section) ending just before it where the
    time after the cue before them (or the intro) has room; otherwise they follow it (see
    :func:`_one_card_at_a_time`). A headline before the first section's heading held that
    card back 3 s into the narration."""
    cards = [_card(seg, section_start, last_end, rules) for seg in pending]
    floor = last_end + rules.min_gap_ms if last_end else 0
    for k in range(len(cards) - 2, -1, -1):
        start = cards[k + 1].start_ms - rules.min_gap_ms - rules.heading_ms
        if start < floor:
            break
        cards[k] = replace(cards[k], start_ms=start, end_ms=start + rules.heading_ms)
    return cards


def _card(seg: Segment, section_start: int, last_end: int, rules: Rules) -> Cue:
    start = max(section_start - 500, last_end + rules.min_gap_ms, 0)
    return Cue.from_segment(seg, start, start + rules.heading_ms)


def file_timing(segments: Sequence[Segment], items, rules: Rules,
                where: object = "timing file", not_said: Collection[str] = ()) -> list[Cue]:
    """Times from an editor's SRT (``where``: its path, for errors).

    The words of the cues and the words of the file's entries are aligned in order (see
    :func:`_file_spans`), so a file whose entries merge several cues, split one cue over several
    entries, reword a little, or carry one language, the other or both, still maps: a cue takes
    its time from the entries its words are found in. A cue the file lacks is flagged
    ``not_in_file`` and left off the tracks: the editor's file says what is shown, and when.
    A cue in ``not_said`` (project.yaml's word that the cut does not say it) is left off too,
    flagged ``not_said``, whatever the file has."""
    for k in range(1, len(items)):
        # (a mistyped start, 0:04 for 0:44, put its cue 40 s early, before the first one)
        if items[k].start_ms < items[k - 1].start_ms:
            raise TrackError(f"entry {k + 1} starts at {clock(items[k].start_ms)}, before entry "
                             f"{k} ({clock(items[k - 1].start_ms)}): the entries are out of time "
                             "order", path=where,
                             fix="correct its start, or put the entries in time order")
    spoken = [s for s in segments if s.spoken]
    spans = _file_spans(spoken, items)
    if spoken and not spans:
        raise TrackError(f"none of the {len(items)} entries of the timing file matches a cue of "
                         "the script", path=where,
                         fix="check `timing.file` in project.yaml names this episode's SRT")
    for j in sorted({j for span in spans.values() for j in span[2]}):
        if items[j].end_ms <= items[j].start_ms:  # (taken silently, and rebuilt from its end)
            raise TrackError(f"entry {j + 1} ends at {clock(items[j].end_ms)}, not after it "
                             f"starts ({clock(items[j].start_ms)})", path=where,
                             fix="correct its times")
    cues: list[Cue] = []
    # a cue the file lacks is left off the tracks (flagged): it sits, unshown, where its
    # neighbours meet
    prev_end = 0
    for i, s in enumerate(spoken):
        span = spans.get(i)
        if span is None or s.id in not_said:
            cues.append(Cue.from_segment(s, prev_end, prev_end, confidence=0.0,
                                         flags=(NOT_SAID if s.id in not_said else NOT_IN_FILE,)))
        else:
            cues.append(Cue.from_segment(s, span[0], span[1], flags=(FROM_FILE,)))
            prev_end = max(prev_end, span[1])
    return place_cards(segments, apply_rules(cues, rules), rules)


# a word of the alignment: one Han character, or a run of letters and digits
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_WORD = re.compile(f"[{_HAN}]|[^\\W_]+")
_HAN_CHAR = re.compile(f"[{_HAN}]")
# a cue is in the file when at least this share of its words is found there
IN_FILE_SHARE = 0.5
# a word of a cue found over this many words of the file away from the cue's others is left out
STRAY_GAP = 4
# a file of at least this many words, under this share of them the script's, is not this
# episode's (a partial or reworded file of the episode shares far more)
CHANCE_WORDS, CHANCE_SHARE = 20, 0.3


def _words(text: str, lang: str, *, by_line: bool = False) -> list[str]:
    """The words of ``text`` in ``lang``: for Chinese its Han characters and numbers, for
    English its other words. ``by_line``: ``text`` is an entry of the file, which may carry
    both languages: a line with Han characters is Chinese, any other line English."""
    out: list[str] = []
    text = to_simplified(text.casefold()) if lang == "zh" else text.casefold()
    for line in text.splitlines() if by_line else [text]:
        if by_line and bool(_HAN_CHAR.search(line)) != (lang == "zh"):
            continue
        out += [w for w in _WORD.findall(line)
                if (_HAN_CHAR.match(w) or any(ch.isdigit() for ch in w) if lang == "zh"
                    else not _HAN_CHAR.match(w))]
    return out


def _file_spans(spoken: Sequence[Segment], items) -> dict[int, tuple[int, int, tuple[int, ...]]]:
    """For each cue found in the file (by index in ``spoken``): (start ms, end ms, the entries
    it takes its time from).

    Each language is aligned on its own (a monotonic alignment of the cues' words to the
    entries' words, :func:`align_words`); the language that finds more of the
    script decides, and the other fills in cues the first did not find (a file with a few
    entries in one language only), where that keeps the cues in order. A cue whose words span
    several entries runs from the first one's start to the last one's end; cues that share an
    entry divide it where their words meet, in proportion to the length of the entry's words.
    """
    from bisect import bisect_left

    results = sorted((_spans_in(spoken, items, lang) for lang in ("en", "zh")),
                     key=lambda r: -r[1])
    spans, found, words = results[0]
    if words >= CHANCE_WORDS and found < CHANCE_SHARE * words:
        # most of the file is not the script: another episode's, whose common words put a few
        # cues on screen at random times
        return {}
    keys = sorted(spans)
    extra = {}
    for i, span in results[1][0].items():
        if i in spans:
            continue
        k = bisect_left(keys, i)
        if (k == 0 or spans[keys[k - 1]][1] <= span[0]) and \
                (k == len(keys) or span[1] <= spans[keys[k]][0]):
            extra[i] = span
    return dict(sorted({**spans, **extra}.items()))


def _spans_in(spoken: Sequence[Segment], items, lang: str):
    """(spans as in :func:`_file_spans`, the number of the cues' words found in the file, the
    number of the file's words) for one language."""
    from collections import Counter

    cue_of: list[int] = []
    cue_words: list[str] = []
    for i, s in enumerate(spoken):
        ws = _words(s.text(lang, " "), lang)
        cue_words += ws
        cue_of += [i] * len(ws)
    # each word of the file: its entry, and where it starts and ends in that entry's words
    entry_of: list[int] = []
    file_words: list[str] = []
    pos: list[tuple[int, int]] = []
    length: list[int] = []
    for j, it in enumerate(items):
        ws = _words(it.text, lang, by_line=True)
        at = 0
        for w in ws:
            size = len(w) + (lang == "en")  # (an English word and its space)
            file_words.append(w)
            entry_of.append(j)
            pos.append((at, at + size))
            at += size
        length.append(at)
    if not cue_words or not file_words:
        return {}, 0, len(file_words)
    found: dict[int, list[int]] = {}
    for a, b in align_words(cue_words, file_words):
        found.setdefault(cue_of[a], []).append(b)
    total = Counter(cue_of)
    for ks in found.values():
        # a lone word found far from the cue's others is a chance match of a common word in
        # an entry nobody else claims (an aside, a rewritten line), not where the cue is
        while len(ks) > 2 and ks[1] - ks[0] > STRAY_GAP:
            ks.pop(0)
        while len(ks) > 2 and ks[-1] - ks[-2] > STRAY_GAP:
            ks.pop()
    # a cue is found when enough of its words are, close together (half the words of a short
    # cue turn up by chance, scattered, in any text)
    kept = {i: ks for i, ks in found.items()
            if len(ks) >= IN_FILE_SHARE * total[i] and ks[-1] - ks[0] < 2 * total[i] + STRAY_GAP}
    owner = {k: i for i, ks in kept.items() for k in ks}

    def at(k: int, frac: float) -> float:
        it = items[entry_of[k]]
        return it.start_ms + (it.end_ms - it.start_ms) * frac / max(1, length[entry_of[k]])

    def neighbour(k: int, step: int) -> int | None:
        """The nearest word of another cue in ``k``'s entry, towards ``step``."""
        j, i = entry_of[k], owner[k]
        q = k + step
        while 0 <= q < len(file_words) and entry_of[q] == j:
            if owner.get(q, i) != i:
                return q
            q += step
        return None

    spans = {}
    for i, ks in kept.items():
        first, last = ks[0], ks[-1]
        p = neighbour(first, -1)
        start = items[entry_of[first]].start_ms if p is None else \
            at(first, (pos[p][1] + pos[first][0]) / 2)
        q = neighbour(last, 1)
        end = items[entry_of[last]].end_ms if q is None else \
            at(last, (pos[last][1] + pos[q][0]) / 2)
        spans[i] = (int(round(start)), int(round(end)),
                    tuple(range(entry_of[first], entry_of[last] + 1)))
    return spans, sum(len(ks) for ks in kept.values()), len(file_words)


def align_words(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """The pairs (i, j), increasing in both, of words ``a[i] == b[j]`` that align two texts.

    Patience diffing: the words found exactly once in each side of a stretch are matched by
    their longest increasing run, which splits the stretch into smaller ones, each done the
    same way; a stretch with no such word is left to difflib's longest matching blocks. Words
    unique to a stretch anchor the alignment where the script repeats itself (a phrase or a
    whole paragraph said twice), which the longest blocks alone would cross."""
    import difflib
    from collections import Counter

    out: list[tuple[int, int]] = []
    todo = [(0, len(a), 0, len(b))]
    while todo:
        alo, ahi, blo, bhi = todo.pop()
        # the equal words at either end need no search
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            out.append((ahi, bhi))
        if alo >= ahi or blo >= bhi:
            continue
        count_a, count_b = Counter(a[alo:ahi]), Counter(b[blo:bhi])
        at_b = {b[j]: j for j in range(blo, bhi) if count_b[b[j]] == 1}
        pairs = [(i, at_b[a[i]]) for i in range(alo, ahi)
                 if count_a[a[i]] == 1 and a[i] in at_b]
        if not pairs:
            sm = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out += [(alo + x + k, blo + y + k) for x, y, n in sm.get_matching_blocks()
                    for k in range(n)]
            continue
        # the longest run of pairs increasing in j (they increase in i already)
        tails: list[int] = []  # tails[k]: index in pairs of the run of length k + 1's end
        back = [-1] * len(pairs)
        for n, (_i, j) in enumerate(pairs):
            lo, hi = 0, len(tails)
            while lo < hi:
                mid = (lo + hi) // 2
                lo, hi = (mid + 1, hi) if pairs[tails[mid]][1] < j else (lo, mid)
            k = lo
            back[n] = tails[k - 1] if k else -1
            if k == len(tails):
                tails.append(n)
            else:
                tails[k] = n
        run, n = [], tails[-1]
        while n >= 0:
            run.append(pairs[n])
            n = back[n]
        run.reverse()
        pi, pj = alo, blo
        for i, j in run:
            todo.append((pi, i, pj, j))
            out.append((i, j))
            pi, pj = i + 1, j + 1
        todo.append((pi, ahi, pj, bhi))
    out.sort()
    return out

