"""Narration timing: where each script segment is spoken in the audio. Pure, no file I/O.

The method (see the design notes):

1. Voice activity with a music guard (:mod:`subtitler.vad`) gives speech regions (short faint
   ones, breaths and room noise at a clip join, dropped); the gaps
   between them, plus energy dips inside long regions, are the candidate *cuts*.
2. Each text's speaking time is predicted from its units (:func:`predicted_units`: English
   syllables, Mandarin Han characters) times a per-episode rate (ms per unit), fitted from the
   audio and refined from the alignment itself.
3. With ``refine`` (the default), every text is spoken by espeak-ng and the whole synthetic
   script is warped onto the speech frames of the audio (banded DTW on low-order MFCCs at 40 ms,
   with moves for asides and for lines nobody says): the content cue. It gives each text a rough
   position, a local speaking rate, and a hint that a line was not said. English is spoken in
   two accents (espeak-ng's British and American voices, :data:`SYNTH_VOICES`): both are
   warped, and the one whose said lines match the narration better leads; the other is warped
   again for the second opinion. The warps charge a hand-over from one text to the next that
   falls inside speech rather than at a pause; the second warp charges more, so the two
   opinions differ where it matters (Mandarin has one espeak-ng voice: its second warp reads
   fewer coefficients of it). A text whose frames match the audio
   much worse than the episode's texts typically do (ratio to the median match, the better of
   the two warps) costs less to skip and more to place: a generic-speech comparison in
   miniature.
4. A monotonic dynamic programme assigns each text a span between two cuts, scoring how well the
   span's speech time (and syllable-nucleus count) fits the prediction, how good a pause each cut
   is, pauses left inside a line, and the distance to the content position (capped: that cue can
   be wrong by seconds); skip moves: speech no text claims (an aside, left unassigned) and a text
   nobody says (``heard=False``). Anchored texts must start exactly at their given time. The
   episode rate is refitted from the result and the programme run again. Then a text left
   unheard beside a text given speech takes that speech where its synthesised speech fits it
   clearly better (:func:`_swap_unheard`): a long line nobody says can win a short said line's
   place on length alone. And a heard text beside speech no text claims moves into it where
   its synthesised speech fits that clearly better (:func:`_relocate_heard`): beside a line the
   script leaves out, a short line took the end of that line's speech, its own words left
   unclaimed.
5. With ``refine``, boundaries that fall inside continuous speech (no pause at the cut, or a gap
   under 180 ms, as a reader leaves between words) are moved locally (±1.2 s) by warping the
   synthesised end of one line and start of the next onto the audio (DTW on MFCCs at 10 ms):
   the aeneas idea, written anew. Off a short pause, a boundary moves only where the other
   voice's warp agrees.

The audio-only part (steps 1 and the features of 3) is :func:`analyse`, which needs no text, so
a caller can run it while the script is being cut; :func:`speak_script` is the text-only part
of 3, and a :class:`Speaker` can speak each text as soon as it is cut. Times are integer
milliseconds.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

import numpy as np

from . import vad as vadmod
from .errors import FixedTimesError, TimingError

FRAME_MS = vadmod.FRAME_MS


@dataclass(frozen=True)
class Timed:
    """Where one text is spoken. ``heard=False``: not found in the audio (zero-length cue at
    the boundary between its neighbours, confidence low)."""

    start_ms: int
    end_ms: int
    confidence: float
    heard: bool


# ---------------------------------------------------------------------------------------------
# Predicted speaking units

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_VOWELS = re.compile(r"[aeiouy]+")
_SYMBOLS_EN = {"%": 2.0, "$": 2.0, "€": 1.5, "£": 1.5, "&": 1.0, "+": 1.0, "@": 1.0}
_SYMBOLS_ZH = {"%": 3.0, "％": 3.0, "$": 2.0, "€": 2.0, "£": 2.0, "+": 1.0}


def english_syllables(word: str) -> float:
    """Rough syllable count of one English word (vowel groups, silent final e, min 1)."""
    w = word.lower().replace("'", "")
    if not w:
        return 0.0
    groups = len(_VOWELS.findall(w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and groups > 1:
        groups -= 1
    if w.endswith(("ed",)) and len(w) > 3 and w[-3] not in "td" and groups > 1:
        groups -= 1
    return float(max(1, groups))


# Hesitation fillers are drawn out: about half a second, 2.5 syllables at a typical rate.
_FILLERS = {"um", "uh", "uhm", "umm", "er", "erm", "ah", "eh", "hmm", "mm", "mhm"}
FILLER_UNITS = 2.5


def _acronym_syllables(word: str) -> float | None:
    """Spelled-out acronyms (``UN``, ``BBC``, ``FBI``): about 1.2 units per letter; None for
    other words (``NASA`` is read as a word)."""
    if 2 <= len(word) <= 5 and word.isupper() and (len(word) <= 3 or not _VOWELS.search(
            word.lower())):
        return 1.2 * len(word)
    return None


def number_units(token: str, lang: str) -> float:
    """Rough spoken length of a number written in digits."""
    digits = re.sub(r"\D", "", token)
    n = len(digits)
    if n == 0:
        return 0.0
    if lang == "zh":
        return float(n) + (0.5 if "." in token else 0.0)
    if n == 1:
        return 1.0
    if n == 4 and digits[:2] in ("19", "20"):  # a year: "twenty twenty-four"
        return 4.5
    return 1.6 * n + (1.0 if "." in token else 0.0)


def _lang_key(lang: str) -> str:
    """``zh`` for Mandarin (``zh``, ``zh-CN``, ``cmn``...), else ``en``."""
    return "zh" if lang.lower().startswith(("zh", "cmn")) else "en"


def predicted_units(text: str, lang: str) -> float:
    """Speaking units of ``text``: English syllables (estimated) or Mandarin syllables (one per
    Han character), with digits and a few symbols expanded roughly. Latin words inside
    Chinese text count as English syllables."""
    units = 0.0
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    lang = _lang_key(lang)
    if lang == "zh":
        units += len(_HAN.findall(text))
    for m in _NUMBER.finditer(text):
        units += number_units(m.group(0), lang)
    for m in _WORD.finditer(text):
        w = m.group(0)
        if w.lower() in _FILLERS:
            units += FILLER_UNITS
            continue
        acr = _acronym_syllables(w)
        units += acr if acr is not None else english_syllables(w)
    table = _SYMBOLS_ZH if lang == "zh" else _SYMBOLS_EN
    units += sum(table.get(ch, 0.0) for ch in text)
    return float(units)


_INNER_PUNCT = re.compile(r"[,;:\u2014\u2013\uff0c\u3001\uff1b\uff1a.!?\u3002\uff01\uff1f](?=\s*\S)")


def inner_breaks(text: str) -> int:
    """Punctuation marks inside ``text`` (not at its end) where a speaker may pause."""
    return len(_INNER_PUNCT.findall(text.strip()))


# ---------------------------------------------------------------------------------------------
# Cuts: candidate boundaries


@dataclass(frozen=True)
class Cuts:
    """Candidate boundaries, in time order. At cut k a cue before it ends at ``end[k]`` and a
    cue after it starts at ``start[k]`` (the two differ when the cut is a pause).
    ``cost[k]`` is how poor a boundary it is (0: a long pause); ``speech_before_end[k]`` and
    ``speech_before_start[k]`` the speech time (ms) up to those instants."""

    end: np.ndarray
    start: np.ndarray
    cost: np.ndarray
    gap: np.ndarray
    speech_before_end: np.ndarray
    speech_before_start: np.ndarray
    nuclei_before_end: np.ndarray
    nuclei_before_start: np.ndarray
    pause_before_end: np.ndarray  # excess pause (ms beyond a short breath) before each instant
    pause_before_start: np.ndarray

    @property
    def k(self) -> int:
        return int(self.end.shape[0])


def _speech_before(regions: list[tuple[int, int]], t: np.ndarray) -> np.ndarray:
    """Total speech (ms) in ``regions`` before each time in ``t``."""
    if not regions:
        return np.zeros_like(t, dtype=np.float64)
    rs = np.array([r[0] for r in regions], dtype=np.float64)
    re_ = np.array([r[1] for r in regions], dtype=np.float64)
    cum = np.concatenate([[0.0], np.cumsum(re_ - rs)])
    tt = np.asarray(t, dtype=np.float64)
    idx = np.searchsorted(rs, tt, side="right")  # regions starting at or before t
    full = cum[np.maximum(idx - 1, 0)]
    last_s = rs[np.maximum(idx - 1, 0)]
    last_e = re_[np.maximum(idx - 1, 0)]
    part = np.clip(tt - last_s, 0.0, last_e - last_s)
    return np.where(idx > 0, full + part, 0.0)


def energy_dips(energy_db: np.ndarray, regions: list[tuple[int, int]], *, min_region_ms: int = 500,
                edge_ms: int = 120, spacing_ms: int = 150, min_depth_db: float = 2.0,
                ) -> list[tuple[int, float]]:
    """Local energy minima inside long speech regions: (time ms, depth dB). Word boundaries in
    continuous speech often show as such dips."""
    if len(energy_db) == 0:
        return []
    sm = vadmod.moving_mean(energy_db, 3).astype(np.float64)
    half = 12  # frames either side to measure the dip against
    out: list[tuple[int, float]] = []
    for s, e in regions:
        if e - s < min_region_ms:
            continue
        a = (s + edge_ms) // FRAME_MS
        b = (e - edge_ms) // FRAME_MS
        if b - a < 3:
            continue
        seg = sm[a:b]
        inner = (seg[1:-1] <= seg[:-2]) & (seg[1:-1] <= seg[2:])
        idx = np.flatnonzero(inner) + 1 + a
        last = -10**9
        cand: list[tuple[int, float]] = []
        for i in idx.tolist():
            lo = max(0, i - half)
            hi = min(len(sm), i + half + 1)
            depth = min(sm[lo:i + 1].max(), sm[i:hi].max()) - sm[i]
            if depth < min_depth_db:
                continue
            t = i * FRAME_MS + FRAME_MS // 2
            if cand and t - last < spacing_ms:
                if depth > cand[-1][1]:
                    cand[-1] = (t, float(depth))
                    last = t
                continue
            cand.append((t, float(depth)))
            last = t
        out.extend(cand)
    return out


def syllable_nuclei(logspec: np.ndarray, speech: np.ndarray, *, prominence_db: float = 2.0,
                    spacing: int = 10, lo_bin: int = 10, hi_bin: int = 80) -> np.ndarray:
    """Times (ms) of syllable nuclei: peaks of the 300..2500 Hz band energy (smoothed over
    50 ms) inside speech that stand ``prominence_db`` above the dips within 120 ms either side,
    at least ``spacing`` frames apart. Their count in a stretch of speech follows the number of
    syllables whatever the speaking rate."""
    n = min(len(logspec), len(speech))
    if n < 3:
        return np.zeros(0, dtype=np.int64)
    band = vadmod.band_power_db(logspec[:n], lo_bin, hi_bin)
    sm = vadmod.moving_mean(band, 5).astype(np.float64)
    pk = np.flatnonzero((sm[1:-1] > sm[:-2]) & (sm[1:-1] >= sm[2:])) + 1
    pk = pk[speech[pk]]
    if pk.size == 0:
        return np.zeros(0, dtype=np.int64)
    win = 12
    pad = np.concatenate([np.full(win, np.inf), sm, np.full(win, np.inf)])
    view = np.lib.stride_tricks.sliding_window_view(pad, win + 1)
    left_min = view[pk].min(axis=1)  # frames pk-win .. pk
    right_min = view[pk + win].min(axis=1)  # frames pk .. pk+win
    depth = sm[pk] - np.maximum(np.where(np.isinf(left_min), sm[pk], left_min),
                                np.where(np.isinf(right_min), sm[pk], right_min))
    pk = pk[depth >= prominence_db]
    out: list[int] = []
    for i in pk.tolist():
        if out and i - out[-1] < spacing:
            if sm[i] > sm[out[-1]]:
                out[-1] = i
            continue
        out.append(i)
    return np.array(out, dtype=np.int64) * FRAME_MS + FRAME_MS // 2


CONTENT_BOUNDARY = 0.0  # content warp: cost (typical frame distances) of a hand-over in speech
WARP_SKIP = 0.8  # content warp: cost of passing over a line, per synthetic frame (see Params)
# content warp: audio before the first text costs this share of an aside per frame. The speech
# detector takes many a music intro for speech (a drum loop, a house loop, a synth sweep: four
# of six real music clips tried; steady chords, a flute and an accordion it does catch), and at
# a full aside's price the warp spread the first lines over it: the first cue began inside 8 of
# 12 such intros of 6 and 12 s (25 cues off by over a second), at a quarter inside 4 (12 cues).
# The price, paid where the first words are hard to match anyway: under a music bed 14 dB
# below the voice, the quiet, hoarse first sentence of one benchmark episode began 1.6 s late.
# Cheaper still, the warp passed over the real speech of a perturbed script's first lines.
LEAD_ASIDE = 0.25
PAUSE_FREE_MS = 250.0  # pauses inside a line up to this long cost nothing


def drop_isolated_blips(regions: list[tuple[int, int]], max_ms: int = 150,
                        quiet_ms: int = 300) -> list[tuple[int, int]]:
    """Drop speech regions shorter than ``max_ms`` with at least ``quiet_ms`` of silence on
    both sides: clicks, breaths and noise rather than words."""
    out = []
    for k, (s, e) in enumerate(regions):
        before = s - regions[k - 1][1] if k else quiet_ms
        after = regions[k + 1][0] - e if k + 1 < len(regions) else quiet_ms
        if e - s < max_ms and before >= quiet_ms and after >= quiet_ms:
            continue
        out.append((s, e))
    return out


def drop_faint_blips(regions: list[tuple[int, int]], energy_db: np.ndarray,
                     max_ms: int = 400, quiet_ms: int = 200, below_db: float = 10.0,
                     music: np.ndarray | None = None, near_music_ms: int = 500,
                     below_near_music_db: float = 5.0) -> list[tuple[int, int]]:
    """Drop short bursts of speech regions (regions closer than ``quiet_ms`` to each other
    spanning under ``max_ms``, with ``quiet_ms`` of silence both sides) whose energy mostly
    (75th percentile) stays ``below_db`` under the local speech level: breaths, a room's noise
    starting at a clip join, lip noise, rather than a spoken word. Within ``near_music_ms`` of
    frames the music guard holds, ``below_near_music_db`` is enough: a drum hit or a chord's
    attack at the edge of a music-only stretch."""
    if not regions or len(energy_db) == 0:
        return regions
    loud = vadmod.local_loud_db(energy_db)
    sm = vadmod.moving_mean(energy_db, 3)
    clusters: list[list[tuple[int, int]]] = []
    for r in regions:
        if clusters and r[0] - clusters[-1][-1][1] < quiet_ms:
            clusters[-1].append(r)
        else:
            clusters.append([r])
    out = []
    for cl in clusters:
        s, e = cl[0][0], cl[-1][1]
        a, b = s // FRAME_MS, max(s // FRAME_MS + 1, e // FRAME_MS)
        if e - s < max_ms and b <= len(sm):
            frames = np.concatenate([np.arange(rs // FRAME_MS, max(rs // FRAME_MS + 1,
                                                                  re // FRAME_MS))
                                     for rs, re in cl])
            frames = frames[frames < len(sm)]
            below = below_db
            if music is not None:
                near = near_music_ms // FRAME_MS
                if music[max(0, a - near):b + near].any():
                    below = min(below, below_near_music_db)
            if float(np.percentile(sm[frames], 75)) < float(loud[a:b].mean()) - below:
                continue
        out.extend(cl)
    return out


def gap_cost(gap_ms: float) -> float:
    """How poor a boundary a pause of ``gap_ms`` is: 0 from 400 ms up, 1 at no pause."""
    return float(max(0.0, 1.0 - min(gap_ms, 400.0) / 400.0) ** 1.5)


def build_cuts(regions: list[tuple[int, int]], dips: list[tuple[int, float]], total_ms: int,
               anchors_ms: list[int] = (), nuclei_ms: np.ndarray | None = None) -> Cuts:
    """All candidate boundaries: audio start, every gap between regions, energy dips, anchor
    times, audio end."""
    rows: list[tuple[int, int, float, float]] = []  # (end, start, cost, gap)
    if regions:
        rows.append((0, regions[0][0], 0.0, float(regions[0][0])))
        for (s0, e0), (s1, e1) in zip(regions, regions[1:]):
            rows.append((e0, s1, gap_cost(s1 - e0), float(s1 - e0)))
        rows.append((regions[-1][1], total_ms, 0.0, float(total_ms - regions[-1][1])))
    else:
        rows.append((0, 0, 0.0, 0.0))
        rows.append((total_ms, total_ms, 0.0, 0.0))
    for t, depth in dips:
        rows.append((t, t, 1.3 - 0.5 * min(1.0, depth / 12.0), 0.0))
    for a in anchors_ms:
        # end of the cue before: the last speech end at or before the anchor, else the anchor
        prev_end = a
        for s, e in regions:
            if e <= a:
                prev_end = e
            elif s < a:
                prev_end = a
        rows.append((min(prev_end, a), a, 0.0, float(a - prev_end)))
    rows.sort(key=lambda r: (r[1], r[0]))
    end = np.array([r[0] for r in rows], dtype=np.float64)
    start = np.array([r[1] for r in rows], dtype=np.float64)
    # keep cuts monotonic: an anchor inside a gap must not make end go backwards
    end = np.minimum(end, start)
    end = np.maximum.accumulate(end)
    nuc = np.sort(np.asarray(nuclei_ms if nuclei_ms is not None else [], dtype=np.float64))
    gap_end = np.array([s1 for (_s0, e0), (s1, _e1) in zip(regions, regions[1:])], np.float64)
    excess = np.array([max(0.0, s1 - e0 - PAUSE_FREE_MS)
                       for (_s0, e0), (s1, _e1) in zip(regions, regions[1:])], np.float64)
    cum_excess = np.concatenate([[0.0], np.cumsum(excess)])
    return Cuts(end=end, start=start, cost=np.array([r[2] for r in rows]),
                gap=np.array([r[3] for r in rows]),
                speech_before_end=_speech_before(regions, end),
                speech_before_start=_speech_before(regions, start),
                nuclei_before_end=np.searchsorted(nuc, end, side="left").astype(np.float64),
                nuclei_before_start=np.searchsorted(nuc, start, side="left").astype(np.float64),
                pause_before_end=cum_excess[np.searchsorted(gap_end, end, side="right")],
                pause_before_start=cum_excess[np.searchsorted(gap_end, start, side="right")])


# ---------------------------------------------------------------------------------------------
# The dynamic programme


@dataclass(frozen=True)
class Params:
    """Weights of the alignment score (log-duration misfit is in units of its std. dev.).

    The spreads of the length and syllable-count predictions, the skip and the aside costs were
    set again when the content cue grew stronger (espeak-ng at a narrator's pace): a line's
    predicted length is trusted less, and so speech left to nobody and a line left unsaid cost
    less than before, or lines would swallow the asides beside them."""

    sigma: float = 0.32  # std. dev. of log(actual/predicted) for a long line, at the local rate
    sigma_short: float = 1.4  # extra spread for short lines: sigma += sigma_short / units
    boundary: float = 2.0  # weight of the boundary cost
    skip: float = 8.0  # cost of a text nobody says
    aside_fixed: float = 2.5  # cost of an unscripted stretch of speech inside the episode
    aside_per_s: float = 0.5  # ... plus per second of it
    long_aside_fixed: float = 12.0  # an unscripted clip (interview, report) inside the episode
    long_aside_per_s: float = 0.1  # ... per second of it
    edge_per_s: float = 0.25  # unscripted speech before the first / after the last text, per s
    max_ratio: float = 3.0  # a span may not be longer than this times its prediction (+2 s)
    count_sigma: float = 0.4  # std. dev. of log(nuclei/expected nuclei) for a long line
    count_short: float = 1.5  # extra spread for short lines: += count_short / units
    count_weight: float = 1.0
    inner_pause_per_s: float = 3.0  # cost per second of pause (beyond 250 ms) inside a line
    rate_steps: int = 0  # local speaking rates: the episode rate times exp(k*rate_step), |k|<=this
    rate_step: float = 0.15
    rate_change: float = 1.2  # cost per rate step changed between consecutive texts
    rate_change_pause: float = 0.2  # ... when the texts are separated by a long pause (>= 700 ms)
    rate_prior: float = 0.3  # cost per rate step away from the episode rate at the start
    prior_sigma: float = 800.0  # ms: how far the content (DTW) position may be trusted
    prior_weight: float = 2.0
    prior_near_sigma: float = 150.0  # ms: the narrow term of the content prior ...
    prior_near_weight: float = 0.35  # ... and its weight (at most this much per boundary)
    prior_temperature: float = 1.0  # two content opinions combine as a mixture (0: nearest)
    prior_end: float = 0.5  # relative weight of the content position of a line's end
    # skip cost factor for a line the content warp passed over (1: off; with the steady
    # synthetic voice the warp passes over lines that are said too often to be trusted)
    skip_if_unmatched: float = 1.0
    # a line whose synthesised frames match the audio they were warped onto much worse than the
    # episode's lines do (ratio to the median, the better of the two warps) is likely not said:
    # its skip cost falls as exp(-((ratio - mismatch_ratio) / mismatch_width)^2), to a floor
    mismatch_ratio: float = 1.15
    mismatch_width: float = 0.2
    mismatch_floor: float = 0.15
    mismatch_assign: float = 1.0  # ... and placing it costs this per mismatch_width beyond
    mismatch_assign_cap: float = 4.0  # ... up to this many widths
    # an unheard line takes a heard neighbour's speech when its synthesised speech fits that
    # speech this much better (a fraction; 0: never; see _swap_unheard)
    swap_margin: float = 0.02
    # a heard line beside speech no text claims moves into it when its synthesised speech fits
    # that this much better (a fraction; 0: never; see _relocate_heard)
    relocate_margin: float = 0.05
    # an unheard line takes the near part of a heard neighbour's speech when the two texts'
    # synthesised speech fits it, split, this much better than the neighbour's alone (a
    # fraction; 0: never; see _share_heard)
    share_margin: float = 0.05
    # the one unheard line (not the editor's) between two heard lines, or past the last, takes
    # the speech no text claims there when its synthesised speech fits it within this factor
    # of the heard lines' median fit (0: never; see _claim_unclaimed)
    claim_ratio: float = 1.6
    # the second voice's mismatch counts too when its warp matches the narration (median) within
    # this factor of the leading voice's: a voice much less like the narrator's finds every line
    # about as poor, and would hide the lines nobody says
    mismatch_fit: float = 1.1
    skip_either: bool = False  # skip_if_unmatched when either content warp passed the line over
    prior_units: float = 0.0  # content positions of lines shorter than this many units count less
    # a second content warp (0: none): with one voice, the same voice read with this many MFCCs;
    # with two, the other voice, with as many MFCCs as the first warp
    second_opinion: int = 3
    # content warps: cost (typical frame distances) of one text handing over to the next inside
    # speech rather than at a pause; more in the second warp, so the two opinions differ
    content_boundary: float = 0.5
    content_boundary_second: float = 3.0
    # ... and of a synthetic frame advancing two audio frames (a line said twice as fast): dear
    # in the first warp, so a line does not swallow unscripted speech beside it; cheap in the
    # second, whose opinion on lines nobody says stays steady when a neighbouring line is edited
    content_jump: float = 0.2
    content_jump_second: float = 0.05
    # ... and of passing over a whole line (typical frame distances per synthetic frame): just
    # above what a said line costs on real speech (0.6-0.75), so a line nobody says is passed
    # over; when the first warp passes over more than ``warp_skip_share`` of the lines (2-6 %
    # on the real-speech bench, 22 % on the sample, whose narration leaves out a quarter of its
    # cues; 49-98 % with the price set 0.1-0.2 too low), the narration matches the synthetic
    # voice worse than that and both warps run again dearer
    warp_skip: float = WARP_SKIP
    warp_skip_share: float = 0.45
    warp_skip_retry: float = 1.0
    local_rate_texts: int = 4  # texts either side for the local speaking rate (0: global only)
    prior_cap: float = 4.0  # a content position wrong by seconds costs no more than this
    beam: float = 25.0  # origins costlier than the best by more than this are dropped
    rate_passes: int = 2  # alignments run, each with the speaking rate the one before found


_INF = 1e18


def _dur_cost(actual: np.ndarray, predicted: np.ndarray | float, units: float,
              p: Params) -> np.ndarray:
    sig = p.sigma + p.sigma_short / max(units, 1.0)
    r = np.log(np.maximum(actual, 30.0) / np.maximum(predicted, 30.0))
    return 0.5 * (r / sig) ** 2


def _count_cost(observed: np.ndarray, expected: float, units: float, p: Params) -> np.ndarray:
    sig = p.count_sigma + p.count_short / max(units, 1.0)
    r = np.log((np.maximum(observed, 0.0) + 1.0) / (expected + 1.0))
    return p.count_weight * 0.5 * (r / sig) ** 2


def _prior_cost(delta_ms: np.ndarray, p: Params) -> np.ndarray:
    """Cost of a boundary ``delta_ms`` away from where the synthesised script puts it:
    quadratic, capped (the content position can be wrong by seconds), plus a narrow term, capped
    low, that tells apart two pauses a few hundred ms apart when the position is right."""
    z = np.abs(delta_ms) / p.prior_sigma
    zn = np.abs(delta_ms) / p.prior_near_sigma
    return (p.prior_weight * np.minimum(0.5 * z * z, p.prior_cap)
            + p.prior_near_weight * np.minimum(0.5 * zn * zn, 1.0))


def _combine_opinions(cost: np.ndarray, p: Params) -> np.ndarray:
    """The prior cost of a boundary given each content warp's opinion (columns): the opinions
    as an equal mixture, -T log mean exp(-cost / T) with T = ``p.prior_temperature``. A boundary
    both warps agree on costs what one opinion would; one only a warp backs pays T log 2 more, so
    where the warps disagree the DP does not take whichever suits it for free (T = 0: the
    nearest opinion alone counts)."""
    if cost.shape[1] == 1:
        return cost[:, 0]
    t = p.prior_temperature
    if t <= 0:
        return cost.min(axis=1)
    low = cost.min(axis=1, keepdims=True)
    return low[:, 0] - t * np.log(np.exp(-(cost - low) / t).mean(axis=1))


def _prefix_argmin(v: np.ndarray) -> np.ndarray:
    """Index of the minimum of v[..., :k+1] for each k (along the last axis)."""
    pm = np.minimum.accumulate(v, axis=-1)
    n = v.shape[-1]
    is_new = np.concatenate([np.ones(v.shape[:-1] + (1,), bool), v[..., 1:] < pm[..., :-1]],
                            axis=-1)
    idx = np.where(is_new, np.arange(n), 0)
    return np.maximum.accumulate(idx, axis=-1)


def _dp(cuts: Cuts, units: list[float], ms_per_unit: float, anchor_cut: dict[int, int],
        p: Params, nuclei_per_unit: float = 0.0, inner_w: list[float] | None = None,
        prior: tuple[np.ndarray, np.ndarray] | None = None,
        rate_scale: np.ndarray | None = None, skip_scale: np.ndarray | None = None,
        assign_extra: np.ndarray | None = None, unheard: frozenset[int] = frozenset()
        ) -> tuple[list[tuple[int, int] | None], list[float], float]:
    """Best monotonic assignment with a local speaking rate that may drift between texts; the
    texts in ``unheard`` may only be skipped.

    Returns, per text, (from cut, to cut) or None (not heard), the local ms-per-unit used for
    each text, and the total cost."""
    K = cuts.k
    N = len(units)
    inner_w = inner_w or [1.0] * N
    Sb = cuts.speech_before_start
    Se = cuts.speech_before_end
    bcost = p.boundary * cuts.cost
    ks = np.arange(-p.rate_steps, p.rate_steps + 1)
    R = len(ks)
    rates = ms_per_unit * np.exp(ks * p.rate_step)
    step_dist = np.abs(ks[:, None] - ks[None, :]).astype(np.float64)  # [to, from]
    long_pause = cuts.gap >= 700.0
    ar = np.arange(K)
    post = np.full((R, K), _INF)
    post[:, 0] = p.rate_prior * np.abs(ks)
    bp_type = np.zeros((N + 1, R, K), dtype=np.int8)  # 1 assign, 2 skip
    bp_from = np.zeros((N + 1, R, K), dtype=np.int32)  # origin cut
    bp_rate = np.zeros((N + 1, R, K), dtype=np.int8)  # rate index before the change
    bp_aside = np.zeros((N + 1, R, K), dtype=np.int32)  # aside origin (== k when none)

    def asides(row: np.ndarray, i: int) -> np.ndarray:
        """One unassigned stretch before each cut: short asides cost per second, long ones
        (an unscripted clip) a larger fixed cost and little per second."""
        edge = i == 0 or i == N
        options = [((p.edge_per_s if edge else p.aside_per_s) / 1000.0,
                    0.0 if edge else p.aside_fixed)]
        if not edge:
            options.append((p.long_aside_per_s / 1000.0, p.long_aside_fixed))
        best_val = row
        best_from = np.broadcast_to(ar[None, :], (R, K))
        for per_ms, fixed in options:
            val = np.where(row >= _INF / 2, _INF, row - per_ms * Sb[None, :])
            pm = np.minimum.accumulate(val, axis=1)
            arg = _prefix_argmin(val)
            cand = np.full((R, K), _INF)
            cand[:, 1:] = pm[:, :-1] + per_ms * Se[None, 1:] + fixed + bcost[None, 1:]
            better = cand < best_val
            shifted = np.concatenate([np.zeros((R, 1), np.int64), arg[:, :-1]], axis=1)
            best_from = np.where(better, shifted, best_from)
            best_val = np.where(better, cand, best_val)
        bp_aside[i] = best_from
        return best_val

    post = asides(post, 0)
    for i in range(N):
        u = units[i]
        new = np.full((R, K), _INF)
        best = post.min(axis=0)
        if i in anchor_cut:  # an anchored text starts at its cut, however costly the way there
            a_cut = anchor_cut[i]
            origins = np.array([a_cut] if best[a_cut] < _INF / 2 else [], dtype=np.int64)
        elif i in unheard:
            origins = np.zeros(0, dtype=np.int64)
        else:
            origins = np.flatnonzero(best < best.min() + p.beam)
        if origins.size:
            sub = post[:, origins]  # [R, O]
            w = np.where(long_pause[origins], p.rate_change_pause, p.rate_change)
            moved = sub[None, :, :] + step_dist[:, :, None] * w[None, None, :]  # [to, from, O]
            from_r = moved.argmin(axis=1)  # [R, O]
            start_cost = np.take_along_axis(moved, from_r[:, None, :], axis=1)[:, 0, :]
            max_ms = p.max_ratio * u * rates.max() + 2000.0
            t_hi = np.minimum(np.searchsorted(Se, Sb[origins] + max_ms, side="right"), K)
            # only the band a span may cover: target t = origin + 1 + d, d < D
            D = int((t_hi - origins - 1).max())
            if D > 0:
                dd = np.arange(D)
                tg = origins[:, None] + 1 + dd[None, :]  # [O, D]
                valid = tg < t_hi[:, None]
                tg = np.minimum(tg, K - 1)
                valid &= cuts.end[tg] > cuts.start[origins][:, None]
                actual = Se[tg] - Sb[origins][:, None]  # [O, D]
                pred = u * rates * (1.0 if rate_scale is None else rate_scale[i])  # [R]
                dc = _dur_cost(actual[None, :, :], pred[:, None, None], u, p)  # [R, O, D]
                if nuclei_per_unit > 0:
                    cnt = cuts.nuclei_before_end[tg] - cuts.nuclei_before_start[origins][:, None]
                    dc = dc + _count_cost(cnt, u * nuclei_per_unit, u, p)[None, :, :]
                inner = cuts.pause_before_end[tg] - cuts.pause_before_start[origins][:, None]
                dc = dc + (p.inner_pause_per_s / 1000.0) * inner_w[i] * np.maximum(inner, 0.0)[None]
                tot = start_cost[:, :, None] + dc + bcost[tg][None, :, :]
                if assign_extra is not None:
                    tot = tot + float(assign_extra[i])
                if prior is not None:  # the content positions, as a mixture of opinions
                    ps = _combine_opinions(_prior_cost(
                        cuts.start[origins][:, None] - np.atleast_1d(prior[0][i])[None, :], p), p)
                    pe_all = p.prior_end * _combine_opinions(_prior_cost(
                        cuts.end[:, None] - np.atleast_1d(prior[1][i])[None, :], p), p)
                    if p.prior_units > 0:
                        pw = min(1.0, u / p.prior_units)
                        ps, pe_all = ps * pw, pe_all * pw
                    tot = tot + ps[None, :, None] + pe_all[tg][None, :, :]
                tot = np.where(valid[None, :, :], tot, _INF)
                # best origin of each target (rate by rate): the cheapest span ending there;
                # of equally cheap ones, the earliest origin
                js = np.broadcast_to(np.arange(origins.size)[:, None], tg.shape)
                inside = (origins[:, None] + 1 + dd[None, :]) < K  # targets inside the cuts
                if inside.all():  # (as below, without copying through the mask)
                    flat_t = (np.arange(R)[:, None] * K + tg.ravel()[None, :]).ravel()
                    flat_c = tot.reshape(-1)
                    flat_j = np.broadcast_to(js.ravel()[None, :], (R, js.size)).ravel()
                else:
                    flat_t = (np.arange(R)[:, None] * K + tg[inside][None, :]).ravel()
                    flat_c = tot[:, inside].ravel()
                    flat_j = np.broadcast_to(js[inside][None, :], (R, int(inside.sum()))).ravel()
                best_c = np.full(R * K, _INF)
                np.minimum.at(best_c, flat_t, flat_c)
                tie = flat_c == best_c[flat_t]
                best_j = np.full(R * K, origins.size, dtype=np.int64)
                np.minimum.at(best_j, flat_t[tie], flat_j[tie])
                best_c = best_c.reshape(R, K)
                best_j = np.where(best_j < origins.size, best_j, 0).reshape(R, K)
                hit = np.flatnonzero((best_c < _INF / 2).any(axis=0))
                if hit.size:
                    cb = best_c[:, hit]
                    jb = best_j[:, hit]
                    new[:, hit] = cb
                    bp_type[i + 1][:, hit] = np.where(cb < _INF / 2, 1, 0)
                    bp_from[i + 1][:, hit] = origins[jb]
                    bp_rate[i + 1][:, hit] = np.take_along_axis(from_r, jb, axis=1)
        if i not in anchor_cut:
            skip = post + p.skip * (1.0 if skip_scale is None else skip_scale[i])
            better = skip < new
            new = np.where(better, skip, new)
            bp_type[i + 1] = np.where(better, 2, bp_type[i + 1])
            bp_from[i + 1] = np.where(better, ar[None, :], bp_from[i + 1])
            bp_rate[i + 1] = np.where(better, np.arange(R)[:, None], bp_rate[i + 1])
        post = asides(new, i + 1)
    last = K - 1
    r = int(post[:, last].argmin())
    total = float(post[r, last])
    if total >= _INF / 2:
        raise FixedTimesError("no alignment of the narration keeps the anchored and locked "
                              "times (an anchor after the last words said, or times out of "
                              "the script's order?)")
    result: list[tuple[int, int] | None] = [None] * N
    used_rates = [float(ms_per_unit)] * N
    k = last
    for i in range(N, 0, -1):
        k = int(bp_aside[i][r, k])
        used_rates[i - 1] = float(rates[r])
        if bp_type[i][r, k] == 1:
            c = int(bp_from[i][r, k])
            result[i - 1] = (c, k)
            r = int(bp_rate[i][r, k])
            k = c
        else:
            result[i - 1] = None
            r = int(bp_rate[i][r, k])
    return result, used_rates, total


# ---------------------------------------------------------------------------------------------
# Content: the script synthesised with espeak-ng, warped against the audio (DTW on MFCCs)

DTW_HOP = 4  # 10 ms frames per DTW frame (40 ms)
MFCC_C0 = True  # keep c0 (loudness contour: syllable rhythm and pauses)
# espeak-ng's pace for the content cue: a narrator's, about 4.6 English syllables or Mandarin
# characters a second. Sped up, its phones blur into each other: read at 250 words a minute, the
# real-speech benchmark's paraphrased lines were over a second off 51 times in 16 scripts, and at
# 150 36 times.
SYNTH_WPM = {"en": 150, "zh": 200}
MFCC_COEFS = 5  # a smooth envelope matches a synthetic voice to a real one better than 12


@functools.lru_cache(maxsize=4)
def mel_filterbank(n_mels: int = 24, nfft: int = 512, rate: int = 16000, fmin: float = 100.0,
                   fmax: float = 7000.0) -> np.ndarray:
    """Triangular mel filters, shape (nfft//2+1, n_mels)."""
    def mel(f):
        return 2595.0 * np.log10(1.0 + np.asarray(f) / 700.0)

    def hz(m):
        return 700.0 * (10.0 ** (np.asarray(m) / 2595.0) - 1.0)

    pts = hz(np.linspace(mel(fmin), mel(fmax), n_mels + 2))
    freqs = np.arange(nfft // 2 + 1) * rate / nfft
    fb = np.zeros((nfft // 2 + 1, n_mels), dtype=np.float32)
    for m in range(n_mels):
        lo, mid, hi = pts[m], pts[m + 1], pts[m + 2]
        up = (freqs - lo) / max(mid - lo, 1e-6)
        down = (hi - freqs) / max(hi - mid, 1e-6)
        fb[:, m] = np.clip(np.minimum(up, down), 0.0, None)
    return fb


def _dct_matrix(n_in: int, n_out: int) -> np.ndarray:
    k = np.arange(n_out)[None, :]
    n = np.arange(n_in)[:, None]
    return np.cos(np.pi * k * (2 * n + 1) / (2 * n_in)).astype(np.float32)


def mfcc(logspec: np.ndarray, hop: int = DTW_HOP, n_coef: int = MFCC_COEFS,
         with_energy: bool = MFCC_C0, block: int = 2048) -> np.ndarray:
    """MFCC-like features (coefficients 1..n_coef, and c0 with ``with_energy``) of groups of
    ``hop`` spectral frames."""
    n = logspec.shape[0] // hop
    if n == 0:
        return np.zeros((0, n_coef), dtype=np.float32)
    fbank = mel_filterbank(nfft=2 * (logspec.shape[1] - 1))
    dct = _dct_matrix(fbank.shape[1], n_coef + 1)
    blocks = []
    for s in range(0, n, block):  # a block of rows at a time: the power spectra are big
        e = min(n, s + block)
        power = np.exp(2.0 * logspec[s * hop:e * hop].astype(np.float32, copy=False))
        power = power.reshape(e - s, hop, -1).mean(axis=1)
        blocks.append(np.log(power @ fbank + 1e-8) @ dct)
    cep = np.concatenate(blocks) if len(blocks) > 1 else blocks[0]
    if not with_energy:
        return cep[:, 1:]
    return cep


def _normalise(f: np.ndarray, window: int = 0) -> np.ndarray:
    """Cepstral mean and variance normalisation: over the whole sequence, or over a sliding
    window of ``window`` frames (removes the channel of each joined recording)."""
    if len(f) == 0:
        return f
    if window <= 0 or len(f) <= window:
        return (f - f.mean(axis=0)) / (f.std(axis=0) + 1e-6)
    f = f.astype(np.float64)
    c1 = np.concatenate([np.zeros((1, f.shape[1])), np.cumsum(f, axis=0)])
    c2 = np.concatenate([np.zeros((1, f.shape[1])), np.cumsum(f * f, axis=0)])
    i = np.arange(len(f))
    lo = np.clip(i - window // 2, 0, len(f))
    hi = np.clip(i + window // 2 + 1, 0, len(f))
    cnt = (hi - lo)[:, None]
    mean = (c1[hi] - c1[lo]) / cnt
    var = np.maximum((c2[hi] - c2[lo]) / cnt - mean * mean, 1e-6)
    return (f - mean) / np.sqrt(var)


def _speak(text: str, voice: str, rate_wpm: int) -> tuple[np.ndarray, np.ndarray]:
    """One text spoken by espeak-ng, at 16 kHz with leading and trailing silence cut, and its
    :func:`text_features`."""
    from .synth import synthesize

    wav, sr = synthesize(text, voice, rate_wpm, steady=True)
    x = vadmod._to_16k(_trim_silence(wav), sr) if len(wav) else np.zeros(0, np.int16)
    return x, text_features(x)


# The espeak-ng voices the script is spoken in, per spoken language. English in two accents: a
# narrator unlike one is often like the other, and the content warp of the voice that matches
# the narration better leads while the other gives the second opinion. espeak-ng has one
# Mandarin voice; its second opinion is the same voice read with fewer coefficients.
SYNTH_VOICES = {"en": ("en", "en-us"), "zh": ("cmn",)}


def synth_voices(lang: str) -> tuple[str, ...]:
    return SYNTH_VOICES[_lang_key(lang)]


def synth_rate(lang: str) -> int:
    """espeak-ng's rate (words a minute) for the content cue in ``lang``."""
    return SYNTH_WPM[_lang_key(lang)]


class Speaker:
    """espeak-ng speaking texts on a thread of its own as they are handed to :meth:`say`, so a
    script can be spoken while it is still being cut (espeak-ng and most of numpy run outside
    the GIL). Each text is spoken once in each of the language's voices
    (:data:`SYNTH_VOICES`), and its content features are measured there too; the steady voice
    makes a text's speech the same whenever it is spoken."""

    def __init__(self, lang: str, rate_wpm: int | None = None,
                 voices: tuple[str, ...] | None = None):
        self.voices = voices or synth_voices(lang)
        self.rate_wpm = rate_wpm or synth_rate(lang)
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._jobs: dict[tuple[str, str], Future] = {}

    def say(self, text: str) -> None:
        for voice in self.voices:
            if (text, voice) not in self._jobs:
                self._jobs[text, voice] = self._pool.submit(_speak, text, voice, self.rate_wpm)

    def _said(self, texts: list[str]) -> list[list[tuple[np.ndarray, np.ndarray]]] | None:
        for t in texts:
            self.say(t)
        try:
            return [[self._jobs[t, v].result() for t in texts] for v in self.voices]
        except Exception:
            return None

    def speech(self, texts: list[str]) -> tuple[list[np.ndarray], ...] | None:
        """Each text's speech in each voice (one list per voice; those not yet said are said
        now); None when synthesis is unavailable (espeak-ng missing or failing: no content
        cue)."""
        said = self._said(texts)
        return None if said is None else tuple([x for x, _f in voice] for voice in said)

    def script(self, texts: list[str]) -> "SpokenScript":
        """:func:`speak_script` of ``texts``."""
        said = self._said(texts)
        if said is None:
            return None, {}
        return (tuple([x for x, _f in voice] for voice in said),
                {"synth": tuple(_join_features([f for _x, f in voice]) for voice in said)})

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> "Speaker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def synth_speech(texts: list[str], lang: str, rate_wpm: int | None = None,
                 voices: tuple[str, ...] | None = None) -> tuple[list[np.ndarray], ...] | None:
    """Each text spoken by espeak-ng in each of ``voices`` (default: the language's), at 16 kHz
    with leading and trailing silence cut. None when synthesis is unavailable."""
    with Speaker(lang, rate_wpm, voices) as speaker:
        return speaker.speech(texts)


def text_features(x: np.ndarray, n_coef: int = MFCC_COEFS) -> np.ndarray:
    """The MFCC frames (40 ms) of one synthesised text (16 kHz) where it speaks: within 30 dB
    of its loudest frame."""
    block = DTW_HOP * 160  # samples per DTW frame at 16 kHz
    nb = max(1, -(-len(x) // block))
    padded = np.zeros(nb * block, dtype=np.int16)
    padded[:len(x)] = x
    feat = mfcc(vadmod.log_spectra(padded, 16000), n_coef=n_coef)
    energy = vadmod.frame_energy_db(padded, 16000)
    energy = energy[:len(feat) * DTW_HOP].reshape(len(feat), DTW_HOP).max(axis=1)
    keep = energy > energy.max() - 30.0
    if not keep.any():
        keep[0] = True
    return feat[keep]


def _join_features(parts: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    rows = np.concatenate([[0], np.cumsum([len(f) for f in parts])]).astype(np.int64)
    return np.concatenate(parts), rows


def synth_features(speech: list[np.ndarray], n_coef: int = MFCC_COEFS
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Speech-only MFCC frames of each synthesised text (:func:`text_features`), concatenated,
    and the row where each text starts (len(speech)+1 entries)."""
    return _join_features([text_features(x, n_coef) for x in speech])


def _stretch(rows_feat: np.ndarray, starts: np.ndarray, target: int) -> tuple[np.ndarray, np.ndarray]:
    """Resample the synthetic frames (nearest neighbour) to ``target`` rows; move text starts."""
    n = len(rows_feat)
    if n == 0 or target <= 0:
        return rows_feat, starts
    idx = np.minimum((np.arange(target) * n / target).astype(np.int64), n - 1)
    new_starts = np.searchsorted(idx, starts, side="left")
    return rows_feat[idx], new_starts


def dtw_band(frames: int) -> int:
    """How far (DTW frames, 40 ms) either side of the straight line from the speech's start to
    its end the content warp searches: 24 s up to 9.6 minutes of speech, then an eighth of the
    speech less 48 s, to 2.5 minutes. A narrator whose pace changes halfway through 25 minutes
    is a minute and more off that line: with 24 s, 51 of 72 sentences of the scale audit's
    episode were timed up to 108 s off (with an eighth, none more than 8 ms)."""
    return int(min(3750, max(600, frames // 8 - 1200)))


def content_dtw(audio_feat: np.ndarray, synth_feat: np.ndarray, text_rows: np.ndarray, *,
                band: int | None = None, aside_factor: float = 0.2,
                skip_factor: float = WARP_SKIP,
                stay_pen: float = 0.15, jump_pen: float = 0.2, norm_window: int = 150,
                long_aside_frames: float = 20.0, boundary_after: np.ndarray | None = None,
                boundary_weight: float = CONTENT_BOUNDARY, lead_factor: float = LEAD_ASIDE
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Warp the synthetic script (rows) onto the speech frames of the audio (columns).

    Each synthetic frame advances the audio by 0, 1 or 2 frames (staying costs ``stay_pen``,
    advancing by 2 ``jump_pen`` times the typical frame distance: a line said at twice the
    synthetic pace is rare, and a cheap compression lets a line swallow an unscripted stretch
    next to it whenever the voices differ too much for the frames to tell); between texts the
    audio may jump ahead (speech the script lacks) at ``aside_factor`` times the typical frame
    distance per frame (``lead_factor`` times that before the first text: a music intro the
    speech detector let through), or, for a long unscripted clip (a soundbite), at a fixed
    ``long_aside_frames`` typical distances and a fifth of that per frame; a whole text may be
    passed over (nobody says it) at ``skip_factor`` times the typical distance per row.
    ``boundary_after`` (0..1 per audio frame: how poor a place the end of that frame is for one
    text to hand over to the next; 0 at a long pause) costs ``boundary_weight`` typical frame
    distances at every hand-over. The search is limited to ``band`` frames either side of the
    diagonal (default :func:`dtw_band`). Returns, per text, the first and last audio frame it
    maps to and whether it was passed over.
    """
    S = _normalise(synth_feat, norm_window).astype(np.float64)
    A = _normalise(audio_feat, norm_window).astype(np.float64)
    n, m = len(S), len(A)
    ntext = len(text_rows) - 1
    if n == 0 or m == 0:
        return (np.zeros(ntext, np.int64), np.zeros(ntext, np.int64), np.ones(ntext, bool),
                np.ones(ntext))
    s2 = (S * S).sum(axis=1)
    rs = np.random.default_rng(0)
    si = rs.integers(0, n, 400)
    ai = rs.integers(0, m, 400)
    typical = float(np.median(np.sqrt(np.maximum(s2[si] + (A[ai] * A[ai]).sum(axis=1)
                                                  - 2 * (S[si] * A[ai]).sum(axis=1), 0.0))))
    W = int(min(dtw_band(m) if band is None else band, m))
    while True:
        found, edge = _warp_in_band(S, A, text_rows, W, typical, s2, aside_factor=aside_factor,
                                    skip_factor=skip_factor, stay_pen=stay_pen,
                                    jump_pen=jump_pen, long_aside_frames=long_aside_frames,
                                    boundary_after=boundary_after,
                                    boundary_weight=boundary_weight, lead_factor=lead_factor)
        # the best path ran along the band's edge: the band, not the speech, decided it (a cut
        # narrating three quarters of the script leaves its diagonal by a quarter of the speech
        # where the rest is passed over, and had 7 lines crammed into the last 20 s before that)
        if not edge or band is not None or W >= m:
            return found
        W = min(2 * W, m)


def _warp_in_band(S: np.ndarray, A: np.ndarray, text_rows: np.ndarray, W: int, typical: float,
                  s2: np.ndarray, *, aside_factor: float, skip_factor: float, stay_pen: float,
                  jump_pen: float, long_aside_frames: float, boundary_after: np.ndarray | None,
                  boundary_weight: float, lead_factor: float
                  ) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], bool]:
    """:func:`content_dtw` within ``W`` frames either side of the diagonal, and whether its
    path touches the band's edge inside the audio."""
    n, m = len(S), len(A)
    ntext = len(text_rows) - 1
    width = 2 * W + 1
    slope = m / n
    lo = np.round(np.arange(n) * slope).astype(np.int64) - W  # window start column of each row
    pad = W + 4
    Ap = np.concatenate([np.zeros((pad, A.shape[1])), A, np.zeros((pad, A.shape[1]))])
    a2 = (Ap * Ap).sum(axis=1)
    outside = np.ones(len(Ap), dtype=bool)
    outside[pad:pad + m] = False
    aside = typical * aside_factor
    long_fixed = typical * long_aside_frames  # a long unscripted clip: fixed, then 1/5 per frame
    skip_row = typical * skip_factor
    p_stay = stay_pen * typical
    p_jump = jump_pen * typical
    INF = 1e30
    choice = np.zeros((n, width), dtype=np.int8)  # 0 diag, 1 jump2, 2 stay, 3 start, 4 skip
    jump_from: dict[int, np.ndarray] = {}
    starts_set = {int(r): k for k, r in enumerate(text_rows[:-1]) if text_rows[k + 1] > r}
    ends_set = {int(text_rows[k + 1]) - 1: k for k in range(ntext)
                if text_rows[k + 1] > text_rows[k]}
    saved_before: dict[int, np.ndarray] = {}
    cols = np.arange(width)
    prevp = np.full(width + 6, INF)
    cur = np.zeros(width)
    S2 = 2.0 * S  # (exact: a power of two)
    d = np.empty(width)
    for i in range(n):
        base = int(lo[i]) + pad
        sl = slice(base, base + width)
        # the frame distances of this row: sqrt(max(|a|^2 + |s|^2 - 2 a.s, 0)), in place
        np.add(a2[sl], s2[i], out=d)
        np.subtract(d, Ap[sl] @ S2[i], out=d)
        np.maximum(d, 0.0, out=d)
        np.sqrt(d, out=d)
        if base < pad or base + width > pad + m:
            d[outside[sl]] = INF
        if i == 0:
            cur = d + aside * lead_factor * np.maximum(lo[0] + cols, 0)
            ch = np.full(width, 3, np.int8)
        else:
            delta = int(min(max(lo[i] - lo[i - 1], 0), 2))
            o = 3 + delta  # prevp index of the same absolute column
            c_diag = prevp[o - 1:o - 1 + width]
            c_jump = prevp[o - 2:o - 2 + width] + p_jump
            best = np.minimum(c_diag, c_jump)
            np.minimum(best, prevp[o:o + width] + p_stay, out=best)
            # 0 where the diagonal is best, else 1 where the jump is, else 2 (stay)
            ch = (best != c_diag) * (1 + (best != c_jump))
            cur = np.add(best, d, out=best)
        t_end = ends_set.get(i)
        if t_end is not None and t_end in saved_before:
            cand = saved_before[t_end] + skip_row * (text_rows[t_end + 1] - text_rows[t_end])
            better = cand < cur
            cur = np.where(better, cand, cur)
            ch = np.where(better, 4, ch).astype(np.int8)
        choice[i] = ch
        t_next = starts_set.get(i + 1)
        if t_next is not None:
            absc = lo[i] + cols
            origin = cols
            pre = cur
            for per, fixed in ((aside, 0.0), (aside * 0.2, long_fixed)):
                val = pre - per * absc
                pm = np.minimum.accumulate(val)
                better = pm + per * absc + fixed < cur - 1e-9
                if better.any():
                    origin = np.where(better, _prefix_argmin(val), origin)
                    cur = np.where(better, pm + per * absc + fixed, cur)
            if (origin != cols).any():
                jump_from[i] = origin
            if boundary_after is not None and boundary_weight > 0:
                absc_c = np.clip(absc, 0, m - 1)
                cur = cur + boundary_weight * typical * np.where(
                    (absc >= 0) & (absc < m), boundary_after[absc_c], 0.0)
            last_row = int(text_rows[t_next + 1]) - 1
            kk = cols + int(lo[last_row] - lo[i])
            ok = (kk >= 0) & (kk < width)
            saved_before[t_next] = np.where(ok, cur[np.clip(kk, 0, width - 1)], INF)
        prevp[3:3 + width] = cur
    jend = lo[n - 1] + cols
    total = cur + aside * np.maximum(m - 1 - jend, 0)
    total = np.where((jend >= 0) & (jend < m), total, INF)
    k = int(total.argmin())
    col_of_row = np.zeros(n, np.int64)
    skipped = np.zeros(ntext, bool)
    step_back = np.array([1, 2, 0, 0, 0])
    abs_col = int(lo[n - 1] + k)
    i = n - 1
    while i >= 0:
        k = abs_col - int(lo[i])
        if i in jump_from and 0 <= k < width:
            k = int(jump_from[i][k])
            abs_col = int(lo[i]) + k
        col_of_row[i] = abs_col
        ch = int(choice[i, min(max(k, 0), width - 1)])
        if ch == 4:
            t = ends_set[i]
            skipped[t] = True
            r0 = int(text_rows[t])
            col_of_row[r0:i + 1] = abs_col
            i = r0 - 1
            continue
        if ch == 3:
            break
        abs_col -= int(step_back[ch])
        i -= 1
    # how well each text's frames match the audio they were warped onto (1 = typical mismatch)
    cc = np.clip(col_of_row, 0, m - 1)
    dist = np.sqrt(np.maximum(s2 + a2[pad + cc] - 2.0 * (S * A[cc]).sum(axis=1), 0.0)) / typical
    cd = np.concatenate([[0.0], np.cumsum(dist)])
    tr = np.asarray(text_rows)
    match = np.where(tr[1:] > tr[:-1], (cd[tr[1:]] - cd[tr[:-1]]) / np.maximum(tr[1:] - tr[:-1], 1),
                     1.0)
    # (a text with no frames of its own, after the last row: the stretch to very little speech
    # gave the last texts none, and the first of them indexed past the end)
    first = np.array([col_of_row[min(text_rows[t], n - 1)] for t in range(ntext)],
                     dtype=np.int64)
    last = np.array([col_of_row[min(max(text_rows[t], text_rows[t + 1] - 1), n - 1)]
                     for t in range(ntext)], dtype=np.int64)
    # the path on the band's edge where that edge is inside the audio
    k = col_of_row - lo
    edge = bool(np.any(((k <= 0) & (lo > 0)) | ((k >= width - 1) & (lo + width - 1 < m - 1))))
    return (first, last, skipped, match), edge


def content_positions(logspec: np.ndarray, speech: np.ndarray, texts: list[str], lang: str,
                      rate_wpm: int | None = None, synth: list[np.ndarray] | None = None,
                      n_coef: int = MFCC_COEFS, cache: dict | None = None,
                      boundary_weight: float = CONTENT_BOUNDARY, jump_pen: float = 0.2,
                      skip_factor: float = WARP_SKIP
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Where the synthesised script puts each text in the audio: (start ms, end ms, skipped)
    per text, from :func:`content_dtw` over the speech frames. None without espeak-ng."""
    if synth is None:
        spoken = synth_speech(texts, lang, rate_wpm, synth_voices(lang)[:1])
        synth = spoken[0] if spoken else None
    if synth is None:
        return None
    cache = {} if cache is None else cache
    if "synth" not in cache:  # computed once with the most coefficients, sliced after
        cache["synth"] = synth_features(synth, max(n_coef, MFCC_COEFS))
    if "audio" not in cache:
        cache["audio"] = mfcc(logspec, n_coef=max(n_coef, MFCC_COEFS))
    sfeat, rows = cache["synth"]
    sfeat = sfeat[:, :n_coef + 1]
    afeat = cache["audio"][:, :n_coef + 1]
    m = len(afeat)
    sp = np.asarray(speech[:m * DTW_HOP], dtype=np.float32).reshape(m, DTW_HOP).mean(axis=1) >= 0.5
    idx = np.flatnonzero(sp)
    if idx.size < 2:
        return None
    sfeat, rows = _stretch(sfeat, rows, int(round(idx.size * 0.95)))
    hop_ms = DTW_HOP * FRAME_MS
    gaps = np.append(np.diff(idx) - 1, 0) * hop_ms  # silence after each speech frame
    after = np.clip(1.0 - np.minimum(gaps, 400.0) / 400.0, 0.0, 1.0) ** 1.5
    first, last, skipped, match = content_dtw(afeat[idx], sfeat, rows, boundary_after=after,
                                               boundary_weight=boundary_weight,
                                               jump_pen=jump_pen, skip_factor=skip_factor)
    start = idx[np.clip(first, 0, idx.size - 1)] * hop_ms
    end = idx[np.clip(last, 0, idx.size - 1)] * hop_ms + hop_ms
    return start.astype(np.int64), end.astype(np.int64), skipped, match


def local_rate_scale(regions: list[tuple[int, int]], start: np.ndarray, end: np.ndarray,
                     units: list[float], skipped: np.ndarray, half: int) -> np.ndarray | None:
    """Speaking rate around each text relative to the episode's, from the content positions:
    speech time over units within ``half`` texts either side, clipped to 0.6..1.7."""
    n = len(units)
    if half <= 0 or n == 0:
        return None
    u = np.where(skipped, 0.0, np.asarray(units, dtype=np.float64))
    sp_s = _speech_before(regions, np.asarray(start, dtype=np.float64))
    sp_e = _speech_before(regions, np.asarray(end, dtype=np.float64))
    total_u = u.sum()
    total_sp = float(sp_e.max() - sp_s.min()) if n else 0.0
    if total_u <= 0 or total_sp <= 0:
        return None
    glob = total_sp / total_u
    cu = np.concatenate([[0.0], np.cumsum(u)])
    out = np.ones(n)
    for i in range(n):
        a = max(0, i - half)
        b = min(n - 1, i + half)
        uu = cu[b + 1] - cu[a]
        sp = sp_e[b] - sp_s[a]
        if uu > 0 and sp > 0:
            out[i] = (sp / uu) / glob
    return np.clip(out, 0.6, 1.7)


# ---------------------------------------------------------------------------------------------
# Public API


def _match_ratio(match: np.ndarray) -> np.ndarray:
    """Each text's content-warp mismatch relative to the episode's median text."""
    m = np.asarray(match, dtype=np.float64)
    med = float(np.median(m)) if m.size else 1.0
    return m / max(med, 1e-6)


def _warp_fit(found) -> float:
    """How well a content warp's voice matches the narration: the median mismatch (in typical
    frame distances) of the lines it did not pass over; lower is better."""
    if found is None:
        return math.inf
    said = ~np.asarray(found[2], dtype=bool)
    return float(np.median(found[3][said])) if said.any() else math.inf


def _leading_warp(warp, n_voices: int, skip: float):
    """(voice, its warp): of ``warp(voice, skip)`` for each voice, the one that matches the
    narration best."""
    if n_voices == 1:
        return 0, warp(0, skip)
    tries = [warp(v, skip) for v in range(n_voices)]
    lead = min(range(n_voices), key=lambda v: _warp_fit(tries[v]))
    return lead, tries[lead]


def text_fit(synth_feat: np.ndarray, audio_feat: np.ndarray, normalise: bool = True) -> float:
    """How well one synthesised text fits a stretch of audio: the summed frame distances along
    the best warp of the one onto the other (each normalised on its own, unless ``normalise``
    is false: the caller has; a step may advance either or both), over the two lengths added;
    lower is better. A diagonal step counts once in that sum, so a text about as long as the
    stretch fits better than one much shorter or longer with frames as near: compared between
    texts on one stretch, and between stretches for one text, where it favours a stretch about
    as long as the text (a length prior)."""
    return text_fits([(synth_feat, audio_feat)], normalise)[0]


# the most frame distances :func:`text_fits` lays out at once (8 bytes each: 16 MB)
FIT_BATCH_CELLS = 2_000_000


def text_fits(pairs: Sequence[tuple[np.ndarray, np.ndarray]], normalise: bool = True
              ) -> list[float]:
    """:func:`text_fit` of each (synthesised text, stretch of audio) pair, the warps run side
    by side. A cell of a warp depends on the one above it, the one to its left and the one
    diagonally above-left: the cells of one anti-diagonal depend only on the two before, so
    a loop over anti-diagonals does each in a few array operations, for all pairs at once (a
    loop over rows had to accumulate along each row, one pair at a time: the loop cost more
    than the arithmetic). Each warp's rows are its shorter side; a smaller warp is padded
    below and to the right, cells none of its own reads, and its cost is read at its own
    last cell."""
    out = [math.inf] * len(pairs)
    # (pair, its shape: rows, columns), like shapes together (less padding)
    todo = sorted(((k, (min(len(s), len(a)), max(len(s), len(a))))
                   for k, (s, a) in enumerate(pairs) if len(s) and len(a)), key=lambda t: t[1])
    while todo:
        rows = cols = n = 0
        while n < len(todo):
            r, c = max(rows, todo[n][1][0]), max(cols, todo[n][1][1])
            if n and (n + 1) * r * (r + c) > FIT_BATCH_CELLS:
                break
            rows, cols, n = r, c, n + 1
        batch = []  # (pair, its frame distances): made batch by batch, as they take room
        for k, _shape in todo[:n]:
            s, a = (_normalise(pairs[k][0]), _normalise(pairs[k][1])) if normalise else pairs[k]
            d = np.sqrt(np.maximum((s * s).sum(1)[:, None] + (a * a).sum(1)[None, :]
                                   - 2.0 * s @ a.T, 0.0))
            batch.append((k, d.T if d.shape[0] > d.shape[1] else d))
        todo = todo[n:]
        # anti-diagonal t holds cell (i, t - i) at diag[b, i, t]: row i laid out i places on
        # (a view whose row stride is one place longer writes it); the rest is inf
        diag = np.full((n, rows, rows + cols - 1), np.inf)
        skewed = np.lib.stride_tricks.as_strided(
            diag, shape=(n, rows, cols), writeable=True,
            strides=(diag.strides[0], diag.strides[1] + diag.strides[2], diag.strides[2]))
        for b, (_k, w) in enumerate(batch):
            skewed[b, :w.shape[0], :w.shape[1]] = w
        # each diagonal's costs from place -1 on (inf there): the one before, the one before it
        before = np.full((n, rows + 1), np.inf)
        before2 = np.full((n, rows + 1), np.inf)
        before2[:, 0] = 0.0  # (the first cell starts from nothing)
        ends = {}
        for b, (_k, w) in enumerate(batch):
            ends.setdefault(w.shape[0] + w.shape[1] - 2, []).append(b)
        for t in range(rows + cols - 1):
            cur = np.minimum(before[:, :-1], before[:, 1:])  # from above, from the left
            np.minimum(cur, before2[:, :-1], out=cur)  # or from the diagonal
            cur += diag[:, :, t]
            before2, before = before, before2
            before[:, 0] = np.inf  # (place -1: the start was before the first diagonal only)
            before[:, 1:] = cur
            for b in ends.get(t, ()):
                k, w = batch[b]
                out[k] = float(before[b, w.shape[0]] / sum(w.shape))
    return out


# Moving a line between stretches compares its fit across them, so the audio is measured on one
# scale: normalised over a window this long (DTW frames: 30 s, as joined recordings differ),
# not stretch by stretch. Measured on the perturbed benchmark episodes (A, nine scripts): cues
# starting over 1 s off fell from 15 to 10, the same at 60 s, 12 over the whole episode, 17 at
# 15 s; statistics from the speech frames alone did not help. The swap of an unheard line
# compares texts on one stretch and keeps each stretch's own scale (on one scale, the line
# nobody says took a said line's place).
RELOCATE_NORM_WINDOW = 750


class _Fitter:
    """``fit(text, (from cut, to cut))``: :func:`text_fit` of the text's synthesised speech
    (``voices``: features and text rows per voice, the mean of the voices) to the audio of that
    span, cached; ``fit.pairs([(text, span), ...])`` and ``fit.many(text, spans)`` the same for
    many, the warps run side by side (:func:`text_fits`). Each stretch and text is normalised
    on its own, or with ``window`` the audio once over windows that long and each voice once
    over the script."""

    def __init__(self, cuts: Cuts, audio_feat: np.ndarray,
                 voices: list[tuple[np.ndarray, np.ndarray]], window: int | None = None):
        self.own = window is None
        if not self.own:
            audio_feat = _normalise(audio_feat, window)
            voices = [(_normalise(f), rows) for f, rows in voices]
        self.cuts, self.audio_feat, self.voices = cuts, audio_feat, voices
        self.known: dict[tuple[int, tuple[int, int]], float] = {}

    def _audio(self, span: tuple[int, int]) -> np.ndarray:
        hop_ms = DTW_HOP * FRAME_MS
        a0 = int(self.cuts.start[span[0]]) // hop_ms
        a1 = max(a0 + 1, int(math.ceil(self.cuts.end[span[1]] / hop_ms)))
        return self.audio_feat[a0:a1]

    def pairs(self, items: Sequence[tuple[int, tuple[int, int]]]) -> list[float]:
        """The fit of each (text, span)."""
        new = list(dict.fromkeys(it for it in items if it not in self.known))
        if new:
            per_voice = [text_fits([(f[rows[i]:rows[i + 1]], self._audio(sp)) for i, sp in new],
                                   self.own) for f, rows in self.voices]
            for k, it in enumerate(new):
                self.known[it] = float(np.mean([fits[k] for fits in per_voice]))
        return [self.known[it] for it in items]

    def many(self, i: int, spans: Sequence[tuple[int, int]]) -> list[float]:
        return self.pairs([(i, sp) for sp in spans])

    def __call__(self, i: int, span: tuple[int, int]) -> float:
        return self.pairs([(i, span)])[0]


def _swap_unheard(spans: list[tuple[int, int] | None], cuts: Cuts, audio_feat: np.ndarray,
                  voices: list[tuple[np.ndarray, np.ndarray]], fixed: set[int],
                  margin: float) -> list[tuple[int, int] | None]:
    """Where a line was left unheard beside a line given some speech, the two may have been
    mixed up (the alignment weighs lengths and positions, and a long line nobody says can take
    a short said line's place): each text's synthesised speech (``voices``: features and text
    rows per voice) is fitted to that speech (:func:`text_fit`, mean of the voices), and the
    unheard line takes the speech when it fits clearly better. ``fixed``: texts not to move
    (anchored, or unheard by the editor's word)."""
    out = list(spans)
    fit = _Fitter(cuts, audio_feat, voices)
    fit.pairs([pair for u, h in _beside_heard(out, fixed)  # (the first pass's, at once)
               for pair in ((u, out[h]), (h, out[h]))])

    # until nothing moves, so the result does not depend on the direction of the scan (each
    # swap lowers the spans' summed fit by the margin: it ends)
    moved = True
    while moved:
        moved = False
        for u, h in _beside_heard(out, fixed):
            if fit(u, out[h]) < (1.0 - margin) * fit(h, out[h]):
                out[u], out[h] = out[h], None
                moved = True
    return out


def _best_stretch(fits: Callable[[list[tuple[int, int]]], list[float]], cuts: Cuts, lo: int,
                  hi: int, bar: float, min_gap_ms: float, islands: int,
                  own: tuple[int, int] | None = None) -> tuple[int, int] | None:
    """Of the stretches between cuts ``lo`` and ``hi`` made of up to ``islands`` runs of speech
    between pauses of ``min_gap_ms`` or more (or those cuts), holding speech and not
    overlapping ``own``, the one ``fits`` (of them all at once) finds best, when under
    ``bar``; else None."""
    bounds = [k for k in range(lo, hi + 1) if k in (lo, hi) or cuts.gap[k] >= min_gap_ms]
    spans = [(x, y) for k, x in enumerate(bounds) for y in bounds[k + 1:k + 1 + islands]
             if not ((own is not None and x < own[1] and y > own[0]) or
                     cuts.speech_before_end[y] - cuts.speech_before_start[x] <= 0)]
    # (not overlapping its own span, and holding speech)
    best, where = bar, None
    for f, span in zip(fits(spans), spans):
        if f < best:
            best, where = f, span
    return where


def _beside_heard(out: list[tuple[int, int] | None], fixed: set[int]):
    """(unheard line, heard neighbour) pairs, neither in ``fixed``, read as ``out`` changes (a
    line made heard is passed over from then on)."""
    for u in range(len(out)):
        for h in (u - 1, u + 1):
            if out[u] is None and u not in fixed and 0 <= h < len(out) \
                    and out[h] is not None and h not in fixed:
                yield u, h


def _relocate_heard(spans: list[tuple[int, int] | None], cuts: Cuts, audio_feat: np.ndarray,
                    voices: list[tuple[np.ndarray, np.ndarray]], fixed: set[int],
                    margin: float, min_gap_ms: float = 400.0, islands: int = 3
                    ) -> list[tuple[int, int] | None]:
    """Where speech no text claims (an aside) lies beside a line, the line may have taken the
    speech of a line the script left out, its own words left as the aside: each heard line
    beside unclaimed speech is fitted (:func:`text_fit`, mean of the voices, the audio on one
    scale: :data:`RELOCATE_NORM_WINDOW`) to each stretch of
    up to ``islands`` pause-bounded runs of speech (pauses of ``min_gap_ms`` or more) there,
    apart from its own span, and moves to the best one when that fits clearly better
    (``margin``). Its old speech is then unclaimed, and a heard neighbour may move into it (an
    unheard line does not: :func:`_swap_unheard` runs first). Only stretches ending at pauses
    or at the neighbours' own cuts are tried."""
    out = list(spans)
    last = cuts.k - 1
    fit = _Fitter(cuts, audio_feat, voices, RELOCATE_NORM_WINDOW)

    heard = [i for i, s in enumerate(out) if s is not None]  # (a move keeps a line heard)
    moved = True
    while moved:  # each move lowers the summed fit of the heard lines by the margin: it ends
        moved = False
        for n, i in enumerate(heard):
            if i in fixed:
                continue
            a, b = out[i]
            lo = out[heard[n - 1]][1] if n > 0 else 0
            hi = out[heard[n + 1]][0] if n + 1 < len(heard) else last
            if lo >= a and hi <= b:
                continue  # no unclaimed speech beside it
            where = _best_stretch(functools.partial(fit.many, i), cuts, lo, hi,
                                  (1.0 - margin) * fit(i, (a, b)), min_gap_ms, islands, (a, b))
            if where is not None:
                out[i] = where
                moved = True
    return out


# the part of a neighbour's speech an unheard line may take, as a share of the length of its
# synthesised speech: a line said shortened, "strengthen the coordination" for "strengthen the
# upstream and lower-stream coordination", was 0.33 of it; the title "Sonnet one." 0.69 and
# 1.0 (the benchmark's episode B); trying every part of a long span made subs 30 % slower
SHARE_LENGTHS = (0.25, 2.0)


def _share_heard(spans: list[tuple[int, int] | None], cuts: Cuts, audio_feat: np.ndarray,
                 voices: list[tuple[np.ndarray, np.ndarray]], fixed: set[int],
                 margin: float) -> list[tuple[int, int] | None]:
    """Where a line was left unheard beside a heard one, the narrator may have said it shortened
    ("strengthen the coordination" for "strengthen the upstream and lower-stream coordination")
    and the neighbour taken its words: the neighbour's speech is split at each cut inside it, the
    unheard line taking the part on its side, and the split that fits both texts best
    (:func:`text_fit`'s summed distances over the summed lengths, each stretch on its own
    scale, mean of the voices) is kept when it fits clearly better (``margin``) than the
    neighbour's text alone. ``fixed``: texts not to move (anchored, or unheard by the editor's
    word)."""
    out = list(spans)
    fit = _Fitter(cuts, audio_feat, voices)
    hop_ms = DTW_HOP * FRAME_MS
    lengths = np.mean([np.diff(rows) for _f, rows in voices], axis=0)

    def size(i: int, span: tuple[int, int]) -> float:  # the lengths text_fit divides by
        a0 = int(cuts.start[span[0]]) // hop_ms
        return float(lengths[i]) + max(1, int(math.ceil(cuts.end[span[1]] / hop_ms)) - a0)

    def speech(span: tuple[int, int]) -> bool:
        return cuts.speech_before_end[span[1]] - cuts.speech_before_start[span[0]] > 0

    moved = True
    while moved:  # each split makes an unheard line heard, and none is undone: it ends
        moved = False
        for u, h in _beside_heard(out, fixed):
            a, b = out[h]
            splits = []
            for k in range(a + 1, b):  # (a span runs from one cut to another)
                mine, theirs = ((k, b), (a, k)) if h < u else ((a, k), (k, b))
                heard_for = (size(u, mine) - lengths[u]) / max(lengths[u], 1.0)
                if not SHARE_LENGTHS[0] <= heard_for <= SHARE_LENGTHS[1]:
                    continue  # (a part much shorter or longer than the line's synthesised speech)
                if speech(mine) and speech(theirs):
                    splits.append((mine, theirs))
            fit.pairs([(h, (a, b))] + [(u, mine) for mine, _theirs in splits]  # (all at once:
                      + [(h, theirs) for _mine, theirs in splits])  # then read below)
            best, where = (1.0 - margin) * fit(h, (a, b)), None
            for mine, theirs in splits:
                f = (fit(u, mine) * size(u, mine) + fit(h, theirs) * size(h, theirs)) / \
                    (size(u, mine) + size(h, theirs))
                if f < best and fit(u, mine) < (1.0 - margin) * fit(h, mine):
                    # (its part must sound more like it than like the neighbour: else the
                    # split only took an aside off the neighbour)
                    best, where = f, (mine, theirs)
            if where is not None:
                out[u], out[h] = where
                moved = True
    return out


def _claim_unclaimed(spans: list[tuple[int, int] | None], cuts: Cuts, audio_feat: np.ndarray,
                     voices: list[tuple[np.ndarray, np.ndarray]], fixed: set[int],
                     ratio: float, min_gap_ms: float = 400.0, islands: int = 3
                     ) -> list[tuple[int, int] | None]:
    """Where speech no text claims lies between two heard lines (or before the first, or after
    the last) and exactly one line left unheard sits between them in the script (lines the
    editor gave as not said aside), that line was likely said reworded: it takes the stretch of
    up to ``islands`` pause-bounded runs of speech there (pauses of ``min_gap_ms`` or more)
    its synthesised speech fits best (:func:`text_fit`, mean of the voices, each stretch on its
    own scale), when that fit is within ``ratio`` times the heard lines' median fit. Measured:
    reworded lines said there fitted at 1.34 and 1.49 times the median, another line's text on
    the same speech at 2.6 times."""
    out = list(spans)
    fit = _Fitter(cuts, audio_feat, voices)
    heard = [i for i, s in enumerate(out) if s is not None]
    if not heard:
        return out
    typical = None  # (the heard lines' median fit: made when first needed, as it is seldom)
    last = cuts.k - 1
    for before, after in zip([-1] + heard, heard + [len(out)]):
        free = [i for i in range(before + 1, after) if i not in fixed]
        if len(free) != 1:
            continue  # (none, or which of several said which part is not told)
        u = free[0]
        lo = out[before][1] if before >= 0 else 0
        hi = out[after][0] if after < len(out) else last
        if lo >= hi:
            continue  # (no speech between them)
        if typical is None:
            typical = float(np.median(fit.pairs([(i, out[i]) for i in heard])))
        where = _best_stretch(functools.partial(fit.many, u), cuts, lo, hi, ratio * typical,
                              min_gap_ms, islands)
        if where is not None:
            out[u] = where
    return out


def _subset_features(synth: tuple[np.ndarray, np.ndarray], keep: list[int]
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Synthetic features and text rows (:func:`synth_features`) of the texts ``keep`` only."""
    feat, rows = synth
    if len(keep) == len(rows) - 1:
        return synth
    return _join_features([feat[rows[i]:rows[i + 1]] for i in keep]
                          or [feat[:0]])


def _spread(found, warped: list[int], n: int):
    """A content warp of the texts ``warped`` only, as one of all ``n``: each text left out is
    passed over, at the start of the next warped text (the end of the last), its mismatch the
    median."""
    start, end, skipped, match = found
    at = np.searchsorted(np.asarray(warped), np.arange(n))  # the next warped text
    nxt = np.minimum(at, len(warped) - 1)
    edge = np.where(at < len(warped), start[nxt], end[-1])
    out_s, out_e = edge.astype(np.int64), edge.astype(np.int64)
    out_k = np.ones(n, bool)
    out_m = np.full(n, float(np.median(match)) if len(match) else 1.0)
    out_s[warped], out_e[warped], out_k[warped], out_m[warped] = start, end, skipped, match
    return out_s, out_e, out_k, out_m


def _check(samples: np.ndarray, rate: int) -> None:
    if rate <= 0:
        raise TimingError(f"bad sample rate {rate}")
    if np.asarray(samples).ndim != 1:
        raise TimingError("audio must be mono (one channel)", fix="decode with decode_audio()")


def _anchor_cuts(cuts: Cuts, anchors: dict[int, int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for i, a in anchors.items():
        hits = np.flatnonzero(cuts.start == float(a))
        out[i] = int(hits[0])
    return out


CONF_DELTA_MS = 400.0  # confidence: a start this far from a warp's opinion keeps 0.3 + 0.7 * e^-0.5
CONF_MISMATCH = 2.0  # ... and falls by e^-2 per typical mismatch beyond the episode's median


def _confidence(cuts: Cuts, a: int, b: int, units: float, ms_per_unit: float, p: Params,
                content_start: np.ndarray | float | None = None,
                match_ratio: float | None = None) -> float:
    """0..1: how likely the cue's start is right.

    With the content cue: how far its start is from where each synthesised-script warp put
    it (the farther of the two) and how much worse than the episode's lines typically do the
    line's synthetic frames match the audio they were warped onto (the worse of the two
    warps). Where the two opinions and the cue agree, the cue is seldom wrong; the duration fit
    and the edge pauses tell little (on the benchmark's 886 real-speech cue starts, plain and
    paraphrased, the starts off by over 1 s rank below the good ones 85 % of the time this way,
    62 % by fit and pauses). Without it: the span's duration fit and its edge pauses."""
    if content_start is not None:
        delta = float(np.max(np.abs(np.atleast_1d(content_start) - cuts.start[a])))
        agree = math.exp(-0.5 * (delta / CONF_DELTA_MS) ** 2)
        worse = max(0.0, (match_ratio if match_ratio is not None else 1.0) - 1.0)
        return float(np.clip((0.3 + 0.7 * agree) * math.exp(-CONF_MISMATCH * worse), 0.05, 1.0))
    actual = cuts.speech_before_end[b] - cuts.speech_before_start[a]
    fit = float(_dur_cost(np.array([actual]), units * ms_per_unit, units, p)[0])
    edges = (1.0 - 0.6 * min(1.0, cuts.cost[a])) * (1.0 - 0.6 * min(1.0, cuts.cost[b]))
    return float(np.clip(math.exp(-0.5 * fit) * edges, 0.05, 1.0))


# speak_script(): the waves (one list per voice) and their features ("synth": one per voice)
SpokenScript = tuple["tuple[list[np.ndarray], ...] | None", dict]


@dataclass(frozen=True, eq=False)
class Narration:
    """The narration measured once, before any text is known: the 16 kHz samples, frame
    measurements, speech regions, energy dips, syllable nuclei and the MFCC frames the content
    warp reads. :func:`analyse` makes it; :func:`align` takes it or raw samples."""

    x: np.ndarray
    frames: vadmod.Frames
    logspec: np.ndarray
    regions: tuple[tuple[int, int], ...]
    dips: tuple[tuple[int, float], ...]
    nuclei: np.ndarray
    mfcc: np.ndarray
    notes: tuple[str, ...] = ()  # what decoding it found (channels that cancel)

    @property
    def total_ms(self) -> int:
        return len(self.x) * 1000 // 16000


def analyse(samples: np.ndarray, rate: int = 16000) -> Narration:
    """Measure the narration (mono int16 at ``rate`` Hz); independent of the script, so it can
    run while the script is being cut."""
    _check(samples, rate)
    x = vadmod._to_16k(np.asarray(samples), rate)
    fr = vadmod.analyse(x, 16000)
    regions = drop_isolated_blips(
        vadmod.flags_to_regions(fr.speech, FRAME_MS, min_gap_ms=80, min_speech_ms=60))
    regions = drop_faint_blips(regions, fr.energy_db, music=fr.music)
    dips = energy_dips(fr.energy_db, regions)
    logspec = fr.logspec if fr.logspec is not None else vadmod.log_spectra(x, 16000)
    nuclei = syllable_nuclei(logspec, fr.speech)
    return Narration(x, fr, logspec, tuple(regions), tuple(dips), nuclei,
                     mfcc(logspec, n_coef=MFCC_COEFS))


def align(samples: np.ndarray | Narration, texts: list[str], lang: str, *, rate: int = 16000,
          anchors: dict[int, int] | None = None, refine: bool = True,
          params: Params | None = None, script: SpokenScript | None = None,
          unheard: Iterable[int] = ()) -> list[Timed]:
    """Time each of ``texts`` (display segments in speaking order, language ``lang``: ``en`` or
    ``zh``) in the narration: ``samples`` (mono int16 at ``rate`` Hz) or its :func:`analyse`.

    ``anchors`` maps a text index to its exact start (ms), honoured exactly; the texts in
    ``unheard`` (indices; an anchor wins) are taken as not said. With ``refine`` the texts are
    spoken by espeak-ng (``script``: :func:`speak_script` of ``texts``, when already made).
    Returns one :class:`Timed` per text: monotonic, non-overlapping; ``heard=False`` for a text
    not found (a zero-length cue at its neighbours' boundary).
    """
    if not isinstance(samples, Narration):
        _check(samples, rate)
    p = params or Params()
    anchors = dict(anchors or {})
    unheard = frozenset(unheard)  # (read once per rate pass and again by the swap)
    n = len(texts)
    if n == 0:
        return []
    for i in anchors:
        if not 0 <= i < n:
            raise TimingError(f"anchor for segment {i} but there are {n} segments")
    order = sorted(anchors)
    if any(anchors[a] >= anchors[b] for a, b in zip(order, order[1:])):
        raise TimingError("anchor times must increase with segment order")
    if not refine:
        script = (None, {})
    if script is None:
        narr, script = prepare(samples, texts, lang, rate=rate)
    else:
        narr = samples if isinstance(samples, Narration) else analyse(samples, rate)
    spoken = script[0]
    # the texts taken as not said are left out of the content warp too: the warp lays the whole
    # synthetic script over the speech, and a video narrating part of the script had the said
    # texts crammed in with the rest even where an editor listed the rest as not said
    warped = [i for i in range(n) if i not in unheard or i in anchors]
    caches = [{"synth": _subset_features(f, warped), "audio": narr.mfcc}
              for f in script[1].get("synth", ())]
    synth = None
    x, fr, total_ms = narr.x, narr.frames, narr.total_ms
    regions, dips, nuclei, fr_logspec = list(narr.regions), list(narr.dips), narr.nuclei, \
        narr.logspec
    cuts = build_cuts(regions, dips, total_ms, [int(anchors[i]) for i in order], nuclei)
    anchor_cut = _anchor_cuts(cuts, anchors)
    units = [max(0.5, predicted_units(t, lang)) for t in texts]
    inner_w = [1.0 / (1.0 + inner_breaks(t)) for t in texts]
    speech_ms = float(sum(e - s for s, e in regions))
    ms_per_unit = speech_ms / max(sum(units), 1.0) if speech_ms > 0 else 200.0
    ms_per_unit = float(np.clip(ms_per_unit, 80.0, 600.0))
    nuc_per_unit = float(np.clip(len(nuclei) / max(sum(units), 1.0), 0.2, 2.0))
    prior = None
    worst_ratio = None
    scale = None
    skip_scale = None
    assign_extra = None
    if spoken:
        def warp(voice: int, skip: float, second: bool = False):
            if not warped:
                return None
            found = content_positions(
                fr_logspec, fr.speech, [texts[i] for i in warped], lang,
                synth=[spoken[voice][i] for i in warped], cache=caches[voice],
                n_coef=p.second_opinion if second and len(spoken) == 1 else MFCC_COEFS,
                boundary_weight=p.content_boundary_second if second else p.content_boundary,
                jump_pen=p.content_jump_second if second else p.content_jump,
                skip_factor=skip)
            return None if found is None else _spread(found, warped, n)

        warp_skip = p.warp_skip
        lead, found = _leading_warp(warp, len(spoken), warp_skip)
        if found is not None and found[2].mean() > p.warp_skip_share:
            # the synthetic voice matches this narration so poorly that the warp passed over much
            # of the script: passing over a line is made dearer, and the warps run again
            warp_skip = p.warp_skip_retry
            found = warp(lead, warp_skip)
        synth = spoken[lead]
        if found is not None:
            prior = (found[0].astype(np.float64), found[1].astype(np.float64))
            scale = local_rate_scale(regions, prior[0], prior[1], units, found[2],
                                     p.local_rate_texts)
            skip_scale = np.where(found[2], p.skip_if_unmatched, 1.0)
            ratio = _match_ratio(found[3])
            worst_ratio = ratio
            if p.second_opinion:
                other = warp((lead + 1) % len(spoken), warp_skip, second=True)  # (one voice: 0)
                if other is not None:
                    other_ratio = _match_ratio(other[3])
                    if len(spoken) == 1 or _warp_fit(other) <= p.mismatch_fit * _warp_fit(found):
                        # another voice's mismatch tells only when it matches about as well
                        ratio = np.minimum(ratio, other_ratio)
                    worst_ratio = np.maximum(worst_ratio, other_ratio)
                    if p.skip_either:
                        skip_scale = np.where(found[2] | other[2], p.skip_if_unmatched, 1.0)
                    prior = (np.stack([prior[0], other[0].astype(np.float64)], axis=1),
                             np.stack([prior[1], other[1].astype(np.float64)], axis=1))
            if p.mismatch_width > 0:
                z = np.maximum(ratio - p.mismatch_ratio, 0.0) / p.mismatch_width
                skip_scale = skip_scale * np.maximum(np.exp(-z * z), p.mismatch_floor)
                assign_extra = p.mismatch_assign * np.minimum(z, p.mismatch_assign_cap)
    spans: list[tuple[int, int] | None] = [None] * n
    for _ in range(max(1, p.rate_passes)):
        spans, local_rates, _cost = _dp(cuts, units, ms_per_unit, anchor_cut, p, nuc_per_unit,
                                        inner_w, prior, scale, skip_scale, assign_extra,
                                        unheard - set(anchors))
        used = [(cuts.speech_before_end[b] - cuts.speech_before_start[a],
                 cuts.nuclei_before_end[b] - cuts.nuclei_before_start[a], units[i])
                for i, s in enumerate(spans) if s is not None for a, b in [s]]
        if not used:
            break
        tot_u = sum(u for _d, _c, u in used)
        new_rate = float(np.clip(sum(d for d, _c, _u in used) / tot_u, 80.0, 600.0))
        nuc_per_unit = float(np.clip(sum(c for _d, c, _u in used) / tot_u, 0.2, 2.0))
        if abs(new_rate - ms_per_unit) < 0.01 * ms_per_unit:
            ms_per_unit = new_rate
            break
        ms_per_unit = new_rate
    # the checks of the lines left unheard and of the speech no line claims, by fitting the
    # lines' synthesised speech to the audio, in this order (each 0: off)
    checks = ((_swap_unheard, p.swap_margin), (_relocate_heard, p.relocate_margin),
              (_share_heard, p.share_margin), (_claim_unclaimed, p.claim_ratio))
    if spoken and any(arg > 0 for _step, arg in checks):
        fixed = set(anchors) | set(unheard)
        voices = [(f[:, :MFCC_COEFS + 1], rows) for f, rows in script[1]["synth"]]
        audio = narr.mfcc[:, :MFCC_COEFS + 1]
        for step, arg in checks:
            if arg > 0:
                spans = step(spans, cuts, audio, voices, fixed, arg)
    out: list[Timed] = []
    prev_end = 0
    for i, s in enumerate(spans):
        if s is None:
            t = int(round(cuts.end[_next_cut(spans, i, cuts)]))
            t = max(t, prev_end)
            out.append(Timed(t, t, 0.05, False))
            continue
        a, b = s
        st = int(round(cuts.start[a]))
        en = int(round(cuts.end[b]))
        st = max(st, prev_end)
        en = max(en, st + 1)
        conf = _confidence(cuts, a, b, units[i], local_rates[i], p,
                           None if prior is None else prior[0][i],
                           None if worst_ratio is None else float(worst_ratio[i]))
        out.append(Timed(st, en, conf, True))
        prev_end = en
    if synth is not None:
        others = [v for v in spoken if v is not synth]
        out = refine_boundaries(x, synth, out, spans, cuts, anchors, logspec=fr_logspec,
                                second=others[0] if others else None)
    return out


def prepare(samples: np.ndarray | Narration | Future, texts: list[str], lang: str, *,
            rate: int = 16000, refine: bool = True,
            check: Callable[[Narration], None] | None = None,
            speaker: Speaker | None = None) -> tuple[Narration, SpokenScript]:
    """The narration (``samples`` analysed, a running :func:`analyse` awaited, or an analysis
    as given) and, with ``refine``, the texts spoken by espeak-ng on a second thread meanwhile
    (espeak-ng runs outside the GIL; ``speaker``: one that may have said some of them
    already). ``check`` sees the narration before the script is awaited, for an early error."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        job = pool.submit(speak_script, texts, lang, speaker) if refine else None
        narr = samples.result() if isinstance(samples, Future) else samples
        if not isinstance(narr, Narration):
            narr = analyse(narr, rate)
        if check is not None:
            check(narr)
        script = job.result() if job is not None else (None, {})
    return narr, script


def speak_script(texts: list[str], lang: str, speaker: Speaker | None = None) -> SpokenScript:
    """The texts spoken by espeak-ng (by ``speaker`` when given) and their content features
    (the cache of :func:`content_positions`); (None, {}) without espeak-ng. Independent of the
    audio, so it can run while the audio is analysed."""
    if speaker is not None:
        return speaker.script(texts)
    with Speaker(lang) as own:
        return own.script(texts)


def _next_cut(spans: list[tuple[int, int] | None], i: int, cuts: Cuts) -> int:
    """The cut where an unheard text i sits: the end cut of the last heard text before it."""
    for j in range(i - 1, -1, -1):
        if spans[j] is not None:
            return spans[j][1]
    for j in range(i + 1, len(spans)):
        if spans[j] is not None:
            return spans[j][0]
    return 0


def subsequence_dtw(S: np.ndarray, A: np.ndarray, stay_pen: float = 0.15,
                    jump_pen: float = 0.05) -> np.ndarray:
    """Warp all rows of ``S`` onto some stretch of ``A`` (free start and end in ``A``); each row
    advances 0, 1 or 2 columns. Returns the column of every row."""
    n, m = len(S), len(A)
    d = np.sqrt(np.maximum((S * S).sum(1)[:, None] + (A * A).sum(1)[None, :] - 2.0 * S @ A.T, 0.0))
    typ = float(np.median(d)) if d.size else 1.0
    INF = 1e30
    D = np.empty((n, m))
    ch = np.zeros((n, m), dtype=np.int8)
    D[0] = d[0]
    for i in range(1, n):
        prev = D[i - 1]
        c_diag = np.concatenate([[INF], prev[:-1]])
        c_jump = np.concatenate([[INF, INF], prev[:-2]]) + jump_pen * typ
        c_stay = prev + stay_pen * typ
        best = np.minimum(np.minimum(c_diag, c_jump), c_stay)
        ch[i] = np.where(best == c_diag, 0, np.where(best == c_jump, 1, 2))
        D[i] = best + d[i]
    cols = np.zeros(n, dtype=np.int64)
    k = int(D[n - 1].argmin())
    for i in range(n - 1, -1, -1):
        cols[i] = k
        if i:
            k -= (1, 2, 0)[int(ch[i, k])]
            k = max(k, 0)
    return cols


AGREE_MS = 300  # a boundary at a pause moves only where both voices' warps put it this close
# a boundary at a gap shorter than this is refined too: a reader leaves 100-180 ms between words
# inside a line as often as between lines, and the alignment can pick the wrong gap (from 100
# ms: a line of the benchmark's episode B began a word late; from 250 ms up, real pauses between
# lines moved off and the starts within 250 ms fell from 97 to 94 %)
MAX_REFINED_GAP_MS = 180.0


def _warped_boundary(voice: list[np.ndarray], i: int, edge: int, fa: np.ndarray,
                     lo: int) -> int | None:
    """Where the warp of the end of text ``i`` and the start of the next, as ``voice`` speaks
    them (their last and first ``edge`` samples), onto the audio frames ``fa`` (which start at
    ``lo`` ms) puts the boundary between them; None when either is too short to tell."""
    xl, xr = voice[i][-edge:], voice[i + 1][:edge]
    if len(xl) < 1600 or len(xr) < 1600:
        return None
    fs = mfcc(vadmod.log_spectra(np.concatenate([xl, xr]), 16000), hop=1)
    row_b = len(xl) // 160
    if len(fs) < 4 or not 0 < row_b < len(fs):
        return None
    cols = subsequence_dtw(_normalise(fs), _normalise(fa))
    return lo + int(cols[row_b]) * FRAME_MS


def refine_boundaries(samples: np.ndarray, synth: list[np.ndarray], timed: list[Timed],
                      spans: list[tuple[int, int] | None], cuts: Cuts,
                      anchors: dict[int, int], window_ms: int = 1200, edge_ms: int = 1000,
                      max_gap_ms: float = MAX_REFINED_GAP_MS, logspec: np.ndarray | None = None,
                      second: list[np.ndarray] | None = None, agree_ms: int = AGREE_MS
                      ) -> list[Timed]:
    """Move boundaries that fall inside continuous speech (no pause at the cut, or one shorter
    than ``max_gap_ms``) to where the synthesised lines put them: the last ``edge_ms`` of one
    line and the first of the next, as spoken by espeak-ng (``synth``, 16 kHz), are warped (DTW on MFCCs, 10 ms) onto the audio
    within ``window_ms`` of the boundary, and the boundary follows the warp. A boundary at a
    short pause (under ``max_gap_ms``) does not move where the warp of the ``second`` voice,
    when given, puts it more than ``agree_ms`` from the first voice's."""
    out = list(timed)
    total_ms = len(samples) * 1000 // 16000
    edge = edge_ms * 16
    for i in range(len(out) - 1):
        a, b = spans[i], spans[i + 1]
        if a is None or b is None or a[1] != b[0] or (i + 1) in anchors:
            continue
        if cuts.gap[a[1]] >= max_gap_ms:
            continue
        bnd = out[i].end_ms
        lo = max(out[i].start_ms, bnd - window_ms, 0)
        hi = min(out[i + 1].end_ms, bnd + window_ms, total_ms)
        if hi - lo < 400:
            continue
        if logspec is not None:
            fa = mfcc(logspec[lo // FRAME_MS:hi // FRAME_MS], hop=1)
        else:
            fa = mfcc(vadmod.log_spectra(samples[lo * 16:hi * 16], 16000), hop=1)
        if len(fa) < 4:
            continue
        new_b = _warped_boundary(synth, i, edge, fa, lo)
        if new_b is None:
            continue
        if second is not None and cuts.gap[a[1]] > 0:
            # at a pause, however short, the other voice must agree before the boundary leaves it
            # (a 0.6 s move off an 80 ms pause had hung on the recording's level)
            other = _warped_boundary(second, i, edge, fa, lo)
            if other is not None and abs(other - new_b) > agree_ms:
                continue
        if not out[i].start_ms + 200 < new_b < out[i + 1].end_ms - 200:
            continue
        out[i] = replace(out[i], end_ms=new_b)
        out[i + 1] = replace(out[i + 1], start_ms=new_b)
    return out


def _trim_silence(wav: np.ndarray, drop_db: float = 40.0) -> np.ndarray:
    """Cut leading and trailing near-silence from synthesised audio."""
    a = np.abs(wav.astype(np.int32))
    if a.size == 0 or a.max() == 0:
        return wav
    thr = a.max() * 10 ** (-drop_db / 20)
    idx = np.flatnonzero(a > thr)
    return wav[idx[0]:idx[-1] + 1]


def naive_align(samples: np.ndarray, texts: list[str], lang: str, rate: int = 16000) -> list[Timed]:
    """The baseline: speech time (plain webrtcvad, no music guard) shared out by character
    count, each boundary snapped to the nearest pause."""
    _check(samples, rate)
    n = len(texts)
    if n == 0:
        return []
    x = vadmod._to_16k(np.asarray(samples), rate)
    regions = vadmod.speech_regions(x, 16000, music_guard=False)
    if not regions:
        return [Timed(0, 0, 0.0, False) for _ in texts]
    chars = np.array([max(1, len(re.sub(r"\s+", "", t))) for t in texts], dtype=np.float64)
    total = float(sum(e - s for s, e in regions))
    cum = np.concatenate([[0.0], np.cumsum(chars)]) / chars.sum() * total
    # map speech-time positions to clock time
    rs = np.array([r[0] for r in regions], dtype=np.float64)
    re_ = np.array([r[1] for r in regions], dtype=np.float64)
    acc = np.concatenate([[0.0], np.cumsum(re_ - rs)])

    def clock(sp: float) -> float:
        j = int(np.clip(np.searchsorted(acc, sp, side="right") - 1, 0, len(rs) - 1))
        return float(rs[j] + min(sp - acc[j], re_[j] - rs[j]))

    bounds = [clock(v) for v in cum]
    gaps = [(float(e0), float(s1)) for (_s0, e0), (s1, _e1) in zip(regions, regions[1:])]
    out: list[Timed] = []
    starts = [float(rs[0])]
    ends: list[float] = []
    for b in bounds[1:-1]:
        if gaps:
            g = min(gaps, key=lambda gp: min(abs(b - gp[0]), abs(b - gp[1])))
            ends.append(g[0])
            starts.append(g[1])
        else:
            ends.append(b)
            starts.append(b)
    ends.append(float(re_[-1]))
    prev = 0
    for st, en in zip(starts, ends):
        s = max(int(st), prev)
        e = max(int(en), s + 1)
        out.append(Timed(s, e, 0.5, True))
        prev = e
    return out
