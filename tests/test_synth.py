"""espeak-ng synthesis through ctypes (subtitler.synth)."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from subtitler import synth


def _rms_db(x: np.ndarray) -> float:
    return float(10 * np.log10(np.mean(x.astype(np.float64) ** 2) / 32768.0 ** 2 + 1e-12))


def test_english_is_audible_and_plausibly_long():
    wav, rate = synth.synthesize("The city council met on Tuesday to discuss the budget.")
    assert wav.dtype == np.int16 and wav.ndim == 1
    assert rate == 22050
    seconds = len(wav) / rate
    assert 1.5 < seconds < 6.0  # 15 syllables at 165 wpm: about 3 s
    assert _rms_db(wav) > -35.0
    assert np.abs(wav).max() > 5000


def test_mandarin_voice_speaks_han_characters():
    wav, rate = synth.synthesize("市议会周二开会讨论新的预算。", voice="zh")
    seconds = len(wav) / rate
    assert 1.5 < seconds < 7.0  # 13 syllables
    assert _rms_db(wav) > -35.0
    same, _ = synth.synthesize("市议会周二开会讨论新的预算。", voice="cmn")
    assert abs(len(same) - len(wav)) < 0.05 * len(wav)


def test_longer_text_takes_longer_and_rate_matters():
    short, _ = synth.synthesize("Hello there.")
    long, _ = synth.synthesize("Hello there. This is a much longer sentence with many more words.")
    assert len(long) > 2 * len(short)
    slow, _ = synth.synthesize("This is a much longer sentence with many more words.", rate_wpm=120)
    fast, _ = synth.synthesize("This is a much longer sentence with many more words.", rate_wpm=300)
    assert len(slow) > 1.6 * len(fast)


def test_blank_text_gives_empty_audio():
    wav, rate = synth.synthesize("   ")
    assert wav.size == 0 and rate > 0


def test_unknown_voice_is_an_error():
    with pytest.raises(Exception):
        synth.synthesize("hello", voice="no-such-voice-xx")
    wav, _ = synth.synthesize("hello again", voice="en")  # and the engine still works
    assert wav.size > 0


def test_threads_share_the_engine_safely():
    results: list[int] = []

    def work() -> None:
        for _ in range(3):
            wav, _ = synth.synthesize("One two three four five.")
            results.append(len(wav))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 9
    assert max(results) < 1.1 * min(results)


@pytest.mark.parametrize("voice, text", [("en", "From fairest creatures we desire increase."),
                                         ("zh", "市议会周二开会讨论新的预算。")])
def test_steady_speech_is_the_same_whatever_came_before(voice, text):
    assert synth.steady_available()
    first, _ = synth.synthesize(text, voice, 250, steady=True)
    synth.synthesize("Something else entirely, said more slowly.", "en", 150)
    synth.synthesize("另外一句完全不同的话。", "zh", 170, steady=True)
    again, _ = synth.synthesize(text, voice, 250, steady=True)
    assert np.array_equal(first, again)
    # the ordinary voice wavers from call to call (what steady is for)
    plain = [synth.synthesize(text, voice, 250)[0] for _ in range(3)]
    assert voice == "zh" or not all(np.array_equal(plain[0], p) for p in plain[1:])


def test_a_reseeded_wavering_voice_speaks_the_same_in_every_run():
    """The benchmark's espeak-ng episodes in wavering voices (en+f3) differed from run to run:
    espeak-ng seeds its randomness from the clock when it starts."""
    import subprocess
    import sys

    code = ("import hashlib; from subtitler import synth; synth.reseed(5); "
            "print(hashlib.sha256(b''.join(synth.synthesize(t, 'en+f3', 170, 30)[0].tobytes() "
            "for t in ('The city council met on Tuesday.', 'Officials said it works.')))"
            ".hexdigest())")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout for _ in range(2)]
    assert runs[0] == runs[1] and len(runs[0].strip()) == 64


def test_without_a_writable_cache_steady_speech_is_the_same(tmp_path):
    """An unwritable cache (a read-only HOME on a CI runner) puts the steady voice in the
    temporary directory: the same speech, so the same timing (it fell back to the ordinary,
    wavering voice, and `check` failed on changed confidences)."""
    import os
    import subprocess
    import sys

    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    code = ("import hashlib; from subtitler import synth; "
            "w, r = synth.synthesize('Hello there.', 'en', 250, steady=True); "
            "print(synth.steady_available(), hashlib.sha1(w.tobytes()).hexdigest())")

    def run(**env):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             env={**os.environ, **env}, check=True)
        return out.stdout.split()

    normal = run(XDG_CACHE_HOME=str(tmp_path / "cache"))
    (tmp_path / "tmp").mkdir()
    no_cache = run(XDG_CACHE_HOME=str(blocker), TMPDIR=str(tmp_path / "tmp"))
    assert normal[0] == "True" and no_cache == normal
    assert list((tmp_path / "tmp").glob("subtitler-*/espeak-ng-data-*/voices"))
