"""Voice activity detection with a music guard. Pure functions on 16 kHz mono int16 numpy arrays.

Everything works on 10 ms frames. A frame is speech when webrtcvad says so, its energy stands
clear of the recording's noise floor, and it is not inside music. webrtcvad alone fires on
music, so a guard looks at one-second windows for what music has and speech lacks: a spectrum
that stays put (sustained tones: consecutive spectra correlate strongly) and few low-energy
dips (speech falls silent between syllables and words, about four times a second).

Times in the public results are integer milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FRAME_MS = 10
_NFFT = 512  # 32 ms window at 16 kHz
# webrtcvad's models of speech and noise are fixed in level: it misses the softer syllables of a
# quiet recording (a narration 26 dB down lost a fifth of its speech frames, and its cues moved
# by up to 2 s). A recording whose speech level (the 95th percentile of the 10 ms frame
# energies, dB re full scale) is below this one is raised to it, by at most MAX_GAIN_DB, for
# webrtcvad. A louder one is left as it is: lowering an episode whose quiet clip sits 17 dB
# under its loud ones cost that clip speech (the 10-minute benchmark episode: 5 more cues off
# by over a second at -22, none at -18).
SPEECH_LEVEL_DB = -22.0
MAX_GAIN_DB = 30.0


@dataclass(frozen=True)
class Frames:
    """Per-frame (10 ms) measurements of one recording; arrays all have ``n`` entries."""

    energy_db: np.ndarray  # frame log energy, dB re full scale
    vad: np.ndarray  # webrtcvad decision (bool)
    stability: np.ndarray  # spectral self-similarity over 100 ms, 0..1 (music high)
    music: np.ndarray  # music-guard decision (bool)
    speech: np.ndarray  # final speech decision (bool)
    floor_db: float  # estimated noise floor
    loud_db: float  # estimated speech level
    logspec: np.ndarray | None = None  # log-magnitude spectra (n x 257), when computed

    @property
    def n(self) -> int:
        return int(self.energy_db.shape[0])


def _as_float(samples: np.ndarray) -> np.ndarray:
    x = np.asarray(samples)
    if x.dtype == np.int16:
        return x.astype(np.float32) / 32768.0
    return x.astype(np.float32)


def _to_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    """Resample int16 audio to 16 kHz by linear interpolation (cheap, for detection only)."""
    x = np.asarray(samples)
    if rate == 16000:
        return x.astype(np.int16, copy=False)
    n_out = int(round(len(x) * 16000 / rate))
    t = np.arange(n_out) * (rate / 16000.0)
    y = np.interp(t, np.arange(len(x)), x.astype(np.float32))
    return np.clip(y, -32768, 32767).astype(np.int16)


def frame_energy_db(samples: np.ndarray, rate: int = 16000, frame_ms: int = FRAME_MS,
                    block: int = 8192) -> np.ndarray:
    """Log energy (dB re full scale) of consecutive non-overlapping frames of ``frame_ms``."""
    x = np.asarray(samples)
    hop = rate * frame_ms // 1000
    n = len(x) // hop
    out = np.zeros(n, dtype=np.float32)
    for s in range(0, n, block):  # a block of frames at a time, in float
        e = min(n, s + block)
        fr = _as_float(x[s * hop:e * hop]).reshape(e - s, hop)
        fr = fr - fr.mean(axis=1, keepdims=True)
        out[s:e] = 10.0 * np.log10(np.mean(fr * fr, axis=1) + 1e-10)
    return out


def with_gain(samples: np.ndarray, gain_db: float) -> np.ndarray:
    """int16 samples amplified by ``gain_db`` (clipped at full scale)."""
    x = np.asarray(samples)
    if gain_db == 0.0:
        return x
    y = x.astype(np.float32) * np.float32(10.0 ** (gain_db / 20.0))
    return np.clip(np.rint(y), -32768, 32767).astype(np.int16)


def level_gain_db(energy_db: np.ndarray, level_db: float = SPEECH_LEVEL_DB) -> float:
    """The gain that raises a quiet recording's speech level (:func:`loud_level_db`) to
    ``level_db`` (at most ``MAX_GAIN_DB``); 0 for a recording already as loud."""
    return float(np.clip(level_db - loud_level_db(energy_db), 0.0, MAX_GAIN_DB))


def webrtc_flags(samples: np.ndarray, rate: int = 16000, mode: int = 2) -> np.ndarray:
    """webrtcvad decision for each 10 ms frame of 16 kHz int16 audio (as it is: see
    :func:`analyse` for the level it is given there)."""
    import webrtcvad  # imported lazily: no side effects at import

    x = _to_16k(samples, rate)
    hop = 160
    n = len(x) // hop
    data = x[: n * hop].astype("<i2").tobytes()
    vad = webrtcvad.Vad(mode)
    step = hop * 2
    return np.fromiter((vad.is_speech(data[i * step:(i + 1) * step], 16000) for i in range(n)),
                       dtype=bool, count=n)


def log_spectra(samples: np.ndarray, rate: int = 16000, frame_ms: int = FRAME_MS,
                nfft: int = _NFFT, chunk: int = 1024) -> np.ndarray:
    """Log-magnitude spectra (n_frames x nfft//2+1, float32) of Hann windows centred on frames.

    Computed ``chunk`` frames at a time from the samples, so the memory beyond the result is
    one chunk's (a 10-minute episode: 56 MB of spectra, not three times that)."""
    x = _to_16k(samples, rate)
    hop = 16000 * frame_ms // 1000
    n = len(x) // hop
    out = np.empty((n, nfft // 2 + 1), dtype=np.float32)
    if n == 0:
        return out
    pad = (nfft - hop) // 2
    win = np.hanning(nfft).astype(np.float32)
    for s in range(0, n, chunk):
        e = min(n, s + chunk)
        a, b = s * hop - pad, (e - 1) * hop - pad + nfft  # the samples these frames cover
        seg = np.zeros(b - a, dtype=np.float32)  # zeros outside the recording
        lo, hi = max(a, 0), min(b, len(x))
        if hi > lo:
            seg[lo - a:hi - a] = _as_float(x[lo:hi])
        frames = np.lib.stride_tricks.sliding_window_view(seg, nfft)[::hop][:e - s]
        spec = np.abs(np.fft.rfft(frames * win, axis=1))
        out[s:e] = np.log(spec + 1e-5)
    return out


def spectral_stability(logspec: np.ndarray, lag: int = 10, lo_bin: int = 10,
                       hi_bin: int = 128, smooth_bins: int = 9,
                       floor_nepers: float = 4.6, block: int = 4096) -> np.ndarray:
    """Tonal steadiness of each frame, 0..1: the correlation of its spectral fine structure
    (log spectrum minus its smoothed envelope, 300..4000 Hz: the harmonic peaks) with the frame
    ``lag`` frames earlier. Sustained notes keep their peaks in place (near 1); speech moves
    its pitch within 100 ms (near 0); the long-term spectral shape of a channel cancels out."""
    n = logspec.shape[0]
    out = np.zeros(n, dtype=np.float32)
    w = smooth_bins
    if n <= lag or logspec.shape[1] < hi_bin + w:
        return out
    half = w // 2

    def fine_structure(rows: np.ndarray) -> np.ndarray:
        band = rows[:, lo_bin - w:hi_bin + w].astype(np.float32)
        # bins far below the frame's strongest carry no tonal structure (a pure tone's empty
        # bins)
        band = np.maximum(band, band.max(axis=1, keepdims=True) - floor_nepers)
        c = np.concatenate([np.zeros((len(band), 1), np.float32), np.cumsum(band, axis=1)],
                           axis=1)
        m = band.shape[1]
        j = np.arange(w, m - w)
        env = (c[:, j + half + 1] - c[:, j - half]) / w
        fine = band[:, w:m - w] - env
        fine = fine - fine.mean(axis=1, keepdims=True)
        return fine / (np.sqrt((fine * fine).sum(axis=1)) + 1e-6)[:, None]

    for s in range(0, n, block):  # frame by frame results, a block at a time (memory)
        e = min(n, s + block)
        a = max(0, s - lag)
        fine = fine_structure(logspec[a:e])
        k = max(s, lag)
        if k < e:
            out[k:e] = np.clip((fine[k - a:] * fine[k - lag - a:e - lag - a]).sum(axis=1),
                               0.0, 1.0)
    return out


def moving_mean(x: np.ndarray, width: int) -> np.ndarray:
    """Centred moving average of ``width`` frames (edges use the frames available)."""
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0 or width <= 1:
        return x.astype(np.float32)
    c = np.concatenate([[0.0], np.cumsum(x)])
    half = width // 2
    i = np.arange(len(x))
    lo = np.clip(i - half, 0, len(x))
    hi = np.clip(i + half + 1, 0, len(x))
    return ((c[hi] - c[lo]) / (hi - lo)).astype(np.float32)


def _windowed_percentile(energy_db: np.ndarray, lo_off: int, hi_off: int, pct: float,
                         step: int) -> np.ndarray:
    """Percentile of the energies in frames [i+lo_off, i+hi_off) for every frame i, computed on
    ``step``-frame means and interpolated back (edges use the frames available)."""
    n = len(energy_db)
    e = np.asarray(energy_db, dtype=np.float32)
    live = e[e > -80.0]
    # digital silence (edited gaps, synthetic audio) counts as the quietest real noise
    e = np.maximum(e, float(np.percentile(live, 2)) if live.size else -100.0)
    m = -(-n // step)
    pad = np.full(m * step, e[-1], dtype=np.float32)
    pad[:n] = e
    coarse = pad.reshape(m, step).mean(axis=1)
    a = int(np.floor(lo_off / step))
    b = max(a + 1, int(np.ceil(hi_off / step)))
    width = b - a
    vals = np.empty(m, dtype=np.float64)
    first = max(0, -a)  # windows starting before the array
    last = m - max(0, b)  # windows ending after the array (exclusive)
    if last > first and m >= width:
        view = np.lib.stride_tricks.sliding_window_view(coarse, width)
        vals[first:last] = np.percentile(view[first + a:last + a], pct, axis=1)
    for k in list(range(0, min(first, m))) + list(range(max(last, first), m)):
        seg = coarse[max(0, k + a):min(m, k + b)]
        vals[k] = np.percentile(seg, pct) if len(seg) else float(coarse.mean())
    centres = np.arange(m) * step + (step - 1) / 2.0
    return np.interp(np.arange(n), centres, vals).astype(np.float32)


def local_floor_db(energy_db: np.ndarray, side: int = 300, step: int = 4,
                   pct: float = 5.0) -> np.ndarray:
    """Noise floor per frame: the higher of a low percentile over the ``side`` frames before
    and the ``side`` frames after it. Clips joined from different rooms keep their own floor,
    and the quiet side of a join does not make the noisy side look like speech."""
    n = len(energy_db)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    left = _windowed_percentile(energy_db, -side, 1, pct, step)
    right = _windowed_percentile(energy_db, 0, side, pct, step)
    return np.maximum(left, right)


def local_loud_db(energy_db: np.ndarray, side: int = 300, step: int = 10,
                  pct: float = 90.0) -> np.ndarray:
    """Speech level per frame: a high percentile over a window of ``side`` frames each side."""
    if len(energy_db) == 0:
        return np.zeros(0, dtype=np.float32)
    return _windowed_percentile(energy_db, -side, side, pct, step)


def loud_level_db(energy_db: np.ndarray) -> float:
    """Speech level of the recording: the 95th percentile of the frame energies."""
    return float(np.percentile(energy_db, 95)) if len(energy_db) else -100.0


def band_power_db(logspec: np.ndarray, lo_bin: int, hi_bin: int, block: int = 4096
                  ) -> np.ndarray:
    """Power (dB) of bins ``lo_bin``..``hi_bin`` of each frame of log-magnitude spectra
    (float64; a block of frames at a time)."""
    out = np.empty(len(logspec), dtype=np.float64)
    for s in range(0, len(logspec), block):
        rows = logspec[s:s + block, lo_bin:hi_bin].astype(np.float64)
        out[s:s + block] = 10.0 * np.log10(np.sum(np.exp(2.0 * rows), axis=1) + 1e-9)
    return out


def syllabic_modulation(logspec: np.ndarray, width: int = 100, lo_bin: int = 10,
                        hi_bin: int = 96) -> np.ndarray:
    """Standard deviation (dB) over a ``width``-frame window of the 300..3000 Hz band energy
    smoothed over 50 ms, less its 300 ms trend: syllables make it swing, sustained music (even
    fading) and a beat outside that band hardly move it. Speech over a music bed keeps it high."""
    if len(logspec) == 0:
        return np.zeros(0, dtype=np.float32)
    band = band_power_db(logspec, lo_bin, hi_bin)
    sm = moving_mean(band, 5).astype(np.float64)
    sm = sm - moving_mean(sm, 31)  # keep the 2..10 Hz swing, drop fades and swells
    m2 = moving_mean(sm * sm, width).astype(np.float64)
    return np.sqrt(np.maximum(m2, 0.0)).astype(np.float32)


def music_mask(stability: np.ndarray, active: np.ndarray, long: int = 100, short: int = 30,
               thr: float = 0.45, edge_thr: float = 0.35, modulation: np.ndarray | None = None,
               mod_thr: float = 2.5, sure_thr: float = 0.7) -> np.ndarray:
    """Frames inside music. Over a one-second window the active frames' tonal steadiness is
    high (mean above ``thr``), and so it is over both the preceding and the following 0.3 s
    (above ``edge_thr``), which keeps speech next to music out of the mask; and, when
    ``modulation`` is given, the band energy lacks the syllabic swing of speech (below
    ``mod_thr`` dB), which keeps narration over a music bed out of it."""
    n = len(stability)
    if n == 0:
        return np.zeros(0, dtype=bool)
    act = active.astype(np.float32)
    weighted = stability * act

    def mean_over(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        c = np.concatenate([[0.0], np.cumsum(weighted, dtype=np.float64)])
        ca = np.concatenate([[0.0], np.cumsum(act, dtype=np.float64)])
        lo = np.clip(lo, 0, n)
        hi = np.clip(hi, 0, n)
        cnt = ca[hi] - ca[lo]
        return (c[hi] - c[lo]) / np.maximum(cnt, 1.0), cnt / np.maximum(hi - lo, 1)

    i = np.arange(n)
    mid, share = mean_over(i - long // 2, i + long // 2 + 1)
    back, bshare = mean_over(i - short + 1, i + 1)
    fwd, fshare = mean_over(i, i + short)
    music = (mid > thr) & (share > 0.3) & (back > edge_thr) & (fwd > edge_thr)
    if modulation is not None:  # very steady spectra (above sure_thr) need no second opinion
        music &= (modulation[:n] < mod_thr) | (mid > sure_thr)
    return music


def hysteresis(weak: np.ndarray, strong: np.ndarray) -> np.ndarray:
    """Runs of ``weak`` frames that contain at least one ``strong`` frame."""
    w = np.asarray(weak, dtype=bool) | np.asarray(strong, dtype=bool)
    if not w.any():
        return w
    d = np.diff(np.concatenate([[0], w.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    c = np.concatenate([[0], np.cumsum(strong)])
    keep = (c[ends] - c[starts]) > 0
    out = np.zeros_like(w)
    for s, e in zip(starts[keep].tolist(), ends[keep].tolist()):
        out[s:e] = True
    return out


def close_gaps(mask: np.ndarray, max_gap: int) -> np.ndarray:
    """Fill runs of False no longer than ``max_gap`` frames lying between True frames (or
    between True frames and either end of the array)."""
    m = np.asarray(mask, dtype=bool).copy()
    if not m.any():
        return m
    d = np.diff(np.concatenate([[1], m.astype(np.int8), [1]]))
    starts = np.flatnonzero(d == -1)
    ends = np.flatnonzero(d == 1)
    for s, e in zip(starts.tolist(), ends.tolist()):
        if e - s <= max_gap:
            m[s:e] = True
    return m


def analyse(samples: np.ndarray, rate: int = 16000, *, mode: int = 1, music_guard: bool = True,
            margin_db: float = 9.0, min_margin_db: float = 2.0) -> Frames:
    """Measure a recording frame by frame and decide which frames are speech.

    A frame is speech when webrtcvad (aggressiveness ``mode``; it hears a quiet recording
    raised to a standard speech level, so a quiet recording is heard like a loud one) accepts
    it, its energy is above the local noise floor by a margin (``margin_db``, less in
    recordings with little dynamic range) and the music guard does not reject it."""
    x = _to_16k(samples, rate)
    energy = frame_energy_db(x, 16000)
    n = len(energy)
    vad = webrtc_flags(with_gain(x, level_gain_db(energy)), 16000, mode)[:n]
    floor = local_floor_db(energy)
    loud = loud_level_db(energy)
    margin = np.clip(0.3 * (local_loud_db(energy) - floor), 2.5, margin_db)
    smooth = moving_mean(energy, 3)
    loud_enough = (smooth > floor + margin) & (energy > loud - 50.0)
    strong = vad & loud_enough
    weak = vad & (smooth > floor + min_margin_db) & (energy > loud - 55.0)
    active = hysteresis(weak, strong)
    logspec = log_spectra(x, 16000) if n else None
    if music_guard and n:
        stab = spectral_stability(logspec)[:n]
        music = close_gaps(music_mask(stab, energy > loud - 40.0,
                                      modulation=syllabic_modulation(logspec)[:n]), 40)
    else:
        stab = np.zeros(n, dtype=np.float32)
        music = np.zeros(n, dtype=bool)
    speech = active & ~music
    return Frames(energy, vad, stab, music, speech, float(np.median(floor)) if n else -100.0, loud,
                  logspec)


def flags_to_regions(flags: np.ndarray, frame_ms: int = FRAME_MS, min_gap_ms: int = 80,
                     min_speech_ms: int = 60) -> list[tuple[int, int]]:
    """Runs of True frames as (start_ms, end_ms), gaps shorter than ``min_gap_ms`` bridged and
    runs shorter than ``min_speech_ms`` dropped (after bridging)."""
    f = np.asarray(flags, dtype=bool)
    if f.size == 0 or not f.any():
        return []
    d = np.diff(np.concatenate([[0], f.astype(np.int8), [0]]))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    merged: list[list[int]] = []
    for s, e in zip(starts.tolist(), ends.tolist()):
        if merged and (s - merged[-1][1]) * frame_ms < min_gap_ms:
            merged[-1][1] = e
        else:
            merged.append([s, e])
    return [(s * frame_ms, e * frame_ms) for s, e in merged if (e - s) * frame_ms >= min_speech_ms]


def speech_regions(samples: np.ndarray, rate: int = 16000, *, mode: int = 1,
                   music_guard: bool = True, min_gap_ms: int = 80,
                   min_speech_ms: int = 60) -> list[tuple[int, int]]:
    """Speech regions (start_ms, end_ms) of 16 kHz mono int16 audio, music excluded."""
    fr = analyse(samples, rate, mode=mode, music_guard=music_guard)
    return flags_to_regions(fr.speech, FRAME_MS, min_gap_ms, min_speech_ms)
