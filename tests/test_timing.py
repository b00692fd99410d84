"""Timing against the narration, end to end on small synthesised episodes."""

from __future__ import annotations

import json
import wave
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import ffmpeg, synth
from subtitler.errors import ConfigError
from subtitler.model import NOT_HEARD, TIMING_FALLBACK
from subtitler.pipeline import build, load_project, run_project_qc, summarize, write_outputs
from subtitler.samplemedia import music_intro
from subtitler.timing import parse_time
from subtitler.tracks import cues_from_json, read_srt

from .conftest import run_cli

SCRIPT = """\
The river port handled more cargo than ever last year.
去年，内河港口货物吞吐量创历史新高。
Officials say new cranes and a rail link made the difference.
官员表示，新的起重机和铁路连接发挥了关键作用。
Farmers in the valley now ship their fruit directly to the coast.
山谷里的果农如今直接把水果运往沿海。
The city also plans a second terminal for container ships.
该市还计划为集装箱船建设第二个码头。
Work on it will begin next spring.
相关工程将于明年春天开工。
"""
# what the narrator says: the third paragraph skipped, an aside added, one line reworded
SPOKEN = [
    ("The river port handled more cargo than ever last year.", True),
    ("Officials say new cranes and a rail link made all the difference.", True),
    ("Let us take a look.", False),
    ("The city also plans a second terminal for container ships.", True),
    ("Work on it will begin next spring.", True),
]


def _wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    with wave.open(str(path), "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(rate)
        wf.writeframes(samples.astype(np.int16).tobytes())
    return path


@pytest.fixture(scope="module")
def narration(tmp_path_factory):
    """A synthesised narration with a music intro; returns (wav path, truth rows)."""
    rate = synth.sample_rate()
    parts = [music_intro(3.0, rate)]
    pos = len(parts[0])
    truth = []
    for text, scripted in SPOKEN:
        speech, _ = synth.synthesize(text, rate_wpm=165)
        loud = np.flatnonzero(np.abs(speech.astype(np.int32)) > 200)
        speech = speech[loud[0]:loud[-1] + 1]
        truth.append((text, pos * 1000 // rate, (pos + len(speech)) * 1000 // rate, scripted))
        parts += [speech, np.zeros(int(0.6 * rate), dtype=np.int16)]
        pos += len(speech) + int(0.6 * rate)
    d = tmp_path_factory.mktemp("narration")
    return _wav(d / "narration.wav", np.concatenate(parts), rate), truth


def _project(make_project, wav: Path, extra: str = "") -> Path:
    d = make_project(SCRIPT, f"video: narration.wav\nspeech_language: en\n{extra}")
    (d / "narration.wav").write_bytes(wav.read_bytes())
    return d


def _shown(cues):
    return [c for c in cues if c.shown]


def test_cues_follow_the_narration_and_unsaid_lines_are_flagged(make_project, narration):
    wav, truth = narration
    d = _project(make_project, wav)
    result = build(load_project(d))
    cues = result.cues
    spoken_truth = [t for t in truth if t[3]]
    shown = _shown(cues)
    assert len(shown) == 4
    for cue, (text, start, end, _) in zip(shown, spoken_truth):
        assert abs(cue.start_ms - start) <= 250, (cue, start)
        assert abs(cue.end_ms - end) <= 400, (cue, end)
        assert cue.confidence > 0.3
    farmers = [c for c in cues if "Farmers" in c.text("en", " ")]
    assert farmers and all(NOT_HEARD in c.flags for c in farmers)
    srt = result.outputs["ep.en.srt"]
    assert "Farmers" not in srt and "Let us take a look" not in srt
    # nothing starts during the music intro
    assert min(c.start_ms for c in shown) >= 2800


def test_anchor_is_honoured_exactly(make_project, narration):
    wav, truth = narration
    d = _project(make_project, wav, "anchors:\n  - {match: 'second terminal', at: '0:16.250'}\n")
    cues = build(load_project(d)).cues
    anchored = next(c for c in cues if "second terminal" in c.text("en", " "))
    assert anchored.start_ms == 16250 and "anchored" in anchored.flags
    shown = _shown(cues)
    assert all(a.end_ms < b.start_ms for a, b in zip(shown, shown[1:]))


def test_timing_lock_keeps_unchanged_cues(make_project, narration):
    wav, _ = narration
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n")
    first = build(load_project(d))
    write_outputs(load_project(d), first.outputs)
    for name, text in first.files.items():
        Path(name).write_text(text, encoding="utf-8")
    lock = json.loads((d / "timing.lock.json").read_text(encoding="utf-8"))
    assert set(lock["cues"]) == {c.id for c in _shown(first.cues)}
    farmers = next(c for c in first.cues if "Farmers" in c.text("en", " "))
    assert lock["not_heard"] == [farmers.id]
    # an editor nudges one cue in the lock, then edits another sentence of the script
    port = next(c for c in first.cues if "river port" in c.text("en", " "))
    lock["cues"][port.id] = [port.start_ms + 120, port.end_ms + 120]
    (d / "timing.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    script = (d / "script.txt").read_text(encoding="utf-8")
    (d / "script.txt").write_text(script.replace("second terminal", "new terminal"),
                                  encoding="utf-8")
    second_build = build(load_project(d))
    assert not any("now seems to say" in w for w in second_build.warnings)
    second = second_build.cues
    before = {c.id: c for c in first.cues}
    for c in _shown(second):
        if c.id == port.id:
            assert (c.start_ms, c.end_ms) == (port.start_ms + 120, port.end_ms + 120)
        elif c.id in before:
            assert (c.start_ms, c.end_ms) == (before[c.id].start_ms, before[c.id].end_ms)
            assert c.confidence == before[c.id].confidence
        else:
            assert "new terminal" in c.text("en", " ")
    assert NOT_HEARD in next(c for c in second if c.id == farmers.id).flags
    # --relock times everything afresh: the nudged cue goes back to where the audio puts it
    fresh = build(load_project(d), relock=True).cues
    again = next(c for c in fresh if c.id == port.id)
    assert (again.start_ms, again.end_ms) == (port.start_ms, port.end_ms)


def _locked(make_project, wav: Path):
    """A project with a timing lock, built once with its lock written: (folder, first build,
    the lock as JSON)."""
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n")
    first = build(load_project(d))
    for name, text in first.files.items():
        Path(name).write_text(text, encoding="utf-8")
    return d, first, json.loads((d / "timing.lock.json").read_text(encoding="utf-8"))


def test_only_subs_writes_the_timing_lock(make_project, narration):
    """After a script edit, `qc` (or a preview, stills, ...) rebuilt the cues and rewrote the
    committed lock, but not the committed tracks: a half-updated episode from a checking
    command. The lock is `subs`'s to write."""
    from subtitler.pipeline import load_cues
    d, _first, _lock = _locked(make_project, narration[0])
    before = (d / "timing.lock.json").read_text(encoding="utf-8")
    script = (d / "script.txt").read_text(encoding="utf-8")
    (d / "script.txt").write_text(script.replace("will begin", "will start"), encoding="utf-8")
    cues = load_cues(load_project(d))
    assert any("will start" in c.text("en", " ") for c in cues)
    assert (d / "timing.lock.json").read_text(encoding="utf-8") == before


def test_a_lock_that_is_not_this_scripts_is_an_error_and_kept(make_project, narration):
    """A lock path copied from another project's project.yaml: `subs` replaced that
    episode's committed lock with this one's, silently. Hand-edited values that cannot be
    (an end after the audio's, a confidence of NaN, which then went into cues.json) are errors
    naming the lock; a lock saved with a BOM is read."""
    d, _first, lock = _locked(make_project, narration[0])
    path = d / "timing.lock.json"
    other = {"cues": {"c0123456": [1000, 2000, 0.9]}, "not_heard": []}
    path.write_text(json.dumps(other), encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1 and "another episode's lock" in err, err
    assert json.loads(path.read_text(encoding="utf-8")) == other
    assert run_cli("subs", "--relock", str(d))[0] == 0  # the fix it names
    last = max(lock["cues"], key=lambda k: lock["cues"][k][0])
    start, end = lock["cues"][last][:2]
    for row, needle in (([start, 3_600_000, 0.9], "after the end of the audio"),
                        ([start, end, float("nan")], "must be between 0 and 1")):
        bad = json.loads(json.dumps(lock))
        bad["cues"][last] = row
        path.write_text(json.dumps(bad), encoding="utf-8")
        code, _out, err = run_cli("subs", str(d))
        assert code == 2 and needle in err and "timing.lock.json" in err, err
    path.write_text(json.dumps(lock), encoding="utf-8-sig")
    assert run_cli("subs", str(d))[0] == 0


def test_a_lock_past_the_end_of_a_shorter_cut_says_it_is_a_new_cut(make_project, narration):
    """The video cut shorter (the first two sentences): the committed lock's later cues end
    after its audio, and `subs` stopped on the first, saying to correct it or relock, one of
    several and the lock right for the video it was written for. It says the audio is shorter
    than when the lock was written, how many cues are past its end, and names `--relock` only;
    a hand-edited end in the same audio still reads as before."""
    wav, truth = narration
    d, _first, lock = _locked(make_project, wav)
    with wave.open(str(wav)) as wf:
        rate = wf.getframerate()
        keep = wf.readframes(rate * (truth[1][2] + 500) // 1000)
    _wav(d / "narration.wav", np.frombuffer(keep, np.int16), rate)
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1 and "timing.lock.json" in err, err
    assert "after the end of the audio" in err and "(1 more locked cue too)" in err, err
    assert "shorter than when the lock was written, a new cut of the video?" in err, err
    assert "(run `subtitler subs --relock` to time the new cut afresh)" in err, err
    assert run_cli("subs", "--relock", str(d))[0] == 0 and run_cli("subs", str(d))[0] == 0


def test_a_script_edit_names_no_locked_cue_that_is_where_it_was(make_project, narration):
    """The check for locked cues the narration now puts elsewhere aligned without the
    synthesised script and named about 30 well-placed cues of the sample after any one-word
    edit (and after any anchor was added), inviting a --relock that throws the editor's moves
    away. Nothing moved: nothing is named."""
    d, first, _lock = _locked(make_project, narration[0])
    script = (d / "script.txt").read_text(encoding="utf-8")
    (d / "script.txt").write_text(script.replace("will begin", "will start"), encoding="utf-8")
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)
    city = next(c for c in first.cues if "second terminal" in c.text("en", " "))
    (d / "project.yaml").write_text((d / "project.yaml").read_text(encoding="utf-8") +
                                    f"anchors:\n  - {{cue: {city.id}, at: {city.start_ms / 1000}}}\n",
                                    encoding="utf-8")
    (d / "script.txt").write_text(script, encoding="utf-8")
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)


def test_a_lock_far_from_the_narration_is_named_after_a_script_edit(make_project, narration):
    """A line put back into the script can be said where a locked cue sits (render audit: the
    locked cue stayed 4.6 s off, the restored one was squeezed, and nothing was said). When
    the script has new cues, the cues the lock holds more than a second from where the
    narration puts them are named, with the fix."""
    d, first, lock = _locked(make_project, narration[0])
    city = next(c for c in first.cues if "second terminal" in c.text("en", " "))
    lock["cues"][city.id] = [city.start_ms + 2000, city.end_ms + 2000, 1.0]
    (d / "timing.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    # no new cue: the lock is the editor's word, nothing to compare
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)
    script = (d / "script.txt").read_text(encoding="utf-8")
    (d / "script.txt").write_text(script.replace("will begin", "will start"), encoding="utf-8")
    warned = [w for w in build(load_project(d)).warnings if "now seems to say" in w]
    assert len(warned) == 1 and city.id in warned[0] and "--relock" in warned[0]


def test_a_new_cut_of_the_video_names_the_locked_cues_it_moved(make_project, narration):
    """The video cut anew, its narration 2 s later: every locked cue stayed 2 s early, and
    subs, check and qc all passed (workflow audit). The lock says how long the audio was; when
    that changes, the locked cues the narration puts over a second away are named."""
    d, first, lock = _locked(make_project, narration[0])
    assert lock["narration_ms"] > 0
    # the same audio again, or only longer at its end: nothing to say
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)
    wav = d / "narration.wav"
    (d / "src.wav").write_bytes(wav.read_bytes())
    _variant(d / "src.wav", wav, "-i", "src.wav", "-af", "apad=pad_dur=3")
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)
    _variant(d / "src.wav", wav, "-i", "src.wav", "-af", "adelay=2000")
    warned = [w for w in build(load_project(d)).warnings if "now seems to say" in w]
    assert len(warned) == 1 and "2.0 s longer than when the lock was written" in warned[0]
    assert _shown(first.cues)[0].id in warned[0] and "--relock" in warned[0]
    # written as `subs` writes it, the lock still says the length it was timed against: the
    # next build names them again (it had said nothing more, every cue still 2 s early)
    again = build(load_project(d))
    for name, text in again.files.items():
        Path(name).write_text(text, encoding="utf-8")
    assert json.loads((d / "timing.lock.json").read_text())["narration_ms"] == \
        lock["narration_ms"]
    assert any("now seems to say" in w for w in build(load_project(d)).warnings)
    # until --relock times them afresh, against this audio
    code, _out, err = run_cli("subs", "--relock", str(d))
    assert code == 0 and "now seems to say" not in err, err
    assert json.loads((d / "timing.lock.json").read_text())["narration_ms"] > \
        lock["narration_ms"] + 1900
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)


def test_a_new_cut_as_long_as_the_old_names_the_locked_cues_it_moved(make_project, narration):
    """The video cut anew, its narration 2 s later and its end 2 s shorter, the audio as long
    as before: every locked cue stayed 2 s early without a word (the lock's length of the
    audio had not changed). The lock says where the first words started and the last ended;
    when either moves, the locked cues the narration puts over a second away are named."""
    d, first, lock = _locked(make_project, narration[0])
    assert len(lock["narration_speech_ms"]) == 2
    wav = d / "narration.wav"
    (d / "src.wav").write_bytes(wav.read_bytes())
    seconds = lock["narration_ms"] / 1000
    _variant(d / "src.wav", wav, "-i", "src.wav", "-af", f"adelay=2000,atrim=0:{seconds}")
    warned = [w for w in build(load_project(d)).warnings if "now seems to say" in w]
    assert len(warned) == 1 and "first words start 2.0 s later" in warned[0], warned
    assert _shown(first.cues)[0].id in warned[0] and "--relock" in warned[0]
    # until --relock times them afresh, against this audio
    code, _out, err = run_cli("subs", "--relock", str(d))
    assert code == 0 and "now seems to say" not in err, err
    assert json.loads((d / "timing.lock.json").read_text())["narration_speech_ms"][0] > \
        lock["narration_speech_ms"][0] + 1900
    assert not any("now seems to say" in w for w in build(load_project(d)).warnings)


def test_a_cue_the_lock_says_is_not_heard_stays_unheard(make_project, narration):
    """An editor who finds a cue shown on the wrong words moves its id to the lock's
    `not_heard`; the next build leaves it unshown and every other cue where it was."""
    d, first, lock = _locked(make_project, narration[0])
    spring = next(c for c in first.cues if "next spring" in c.text("en", " "))
    assert spring.shown
    del lock["cues"][spring.id]
    lock["not_heard"].append(spring.id)
    (d / "timing.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    second = build(load_project(d)).cues
    again = next(c for c in second if c.id == spring.id)
    assert NOT_HEARD in again.flags and not again.shown
    before = {c.id: c for c in first.cues}
    assert [(c.id, c.start_ms, c.end_ms) for c in _shown(second)] == \
        [(c.id, before[c.id].start_ms, before[c.id].end_ms) for c in _shown(second)]
    assert {c.id for c in _shown(second)} == {c.id for c in _shown(first.cues)} - {spring.id}
    # the lock the build writes keeps the editor's verdict and every time
    written = json.loads(build(load_project(d)).files[str(d / "timing.lock.json")])
    assert written["cues"] == lock["cues"]
    assert sorted(written["not_heard"]) == sorted(lock["not_heard"])


def test_a_recut_that_loses_a_cue_the_lock_says_is_not_heard_says_so(make_project, narration):
    """`subs --recut` cuts the script afresh: a cue the editor had marked not heard in the lock
    may be no cue any more, and its text was timed afresh without a word (review of session
    14). A plain build keeps its cuts, and says nothing."""
    d, _first, lock = _locked(make_project, narration[0])
    lock["not_heard"].append("c0123abcd")  # (a cue of an earlier cut)
    (d / "timing.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    assert not any("c0123abcd" in w for w in build(load_project(d)).warnings)
    (warning,) = [w for w in build(load_project(d), recut=True).warnings if "c0123abcd" in w]
    assert "the lock had 1 cue as not heard that the re-cut script no longer has" in warning


@pytest.mark.parametrize("old, new", [
    ("second terminal", "new terminal"), ("second terminal", "third terminal"),
    ("container ships", "cargo ships"), ("made the difference", "made a difference"),
    ("last year", "this year"), ("Officials say", "Officials said"),
])
def test_an_edit_elsewhere_leaves_the_unsaid_line_unheard(narration, old, new):
    """The line nobody says stays unheard, and the aside stays out of the cues, whichever
    other line an editor touches (an edit to a neighbour once gave the unsaid line the aside
    and the tail of the line before it)."""
    from subtitler.align import align
    from subtitler.script import parse_script
    from subtitler.segment import segment_blocks
    from subtitler.timing import speech_text

    wav, truth = narration
    blocks = parse_script(SCRIPT.replace(old, new)).blocks
    texts = [speech_text(s, "en")[0] for s in segment_blocks(blocks) if s.spoken]
    out = align(ffmpeg.decode_audio(wav), texts, "en")
    said = [t for t in truth if t[3]]
    heard = [(t, o) for t, o in zip(texts, out) if o.heard]
    assert ["Farmers" in t for t, _o in heard] == [False] * len(said)
    for (_t, o), (_text, start, end, _) in zip(heard, said):
        assert abs(o.start_ms - start) <= 250 and abs(o.end_ms - end) <= 400


@pytest.mark.parametrize("anchors, line, needle", [
    ("  - {match: 'second terminal', at: '9:00'}\n", 5, "after the end of the audio"),
    ("  - {match: 'second terminal', at: -5}\n", 5, "bad time -5"),
    ("  - {match: 'second terminal', at: '0:12'}\n  - {match: 'river port', at: '0:14'}\n", 5,
     "is not after the anchor of cue"),
    ("  - {match: 'river port', at: '0:03'}\n  - {match: 'river port', at: '0:04'}\n", 6,
     "anchored twice"),
    # a text in several cues pinned the first of them, 32 s off in the workflow audit
    ("  - {match: 'the', at: '0:12'}\n", 5, "is in 4 cues"),
    ("  - {match: 'no such words', at: '0:12'}\n", 5, "cue id from build/ep.cues.json"),
    ("  - {match: '', at: '0:12'}\n", 5, "an empty `match` names no cue"),
])
def test_a_bad_anchor_is_an_error_naming_its_line(make_project, narration, anchors, line, needle):
    """An anchor is the editor's word: a wrong one stops the build with one line naming it,
    rather than a reading-speed fall-back that would overwrite the committed tracks."""
    wav, _ = narration
    d = _project(make_project, wav, "subtitles_dir: subtitles\nanchors:\n" + anchors)
    code, out, err = run_cli("subs", str(d))
    assert code == 2, (out, err)
    assert err.count("\n") == 1 and err.startswith(f"error: {d / 'project.yaml'}:{line}: "), err
    assert needle in err, err
    assert not (d / "subtitles").exists() and not (d / "build" / "ep.en.srt").exists()


def test_an_anchor_after_the_last_words_is_an_error_not_a_fall_back(make_project, narration):
    """Inside the video but after the last words said: every cue fell back to reading speed,
    "no alignment satisfies the anchors (check that anchor times increase ...)", the anchor
    unused and the committed tracks overwritten. The editor's setting is the error."""
    wav, truth = narration
    at = truth[-1][2] + 300
    d = _project(make_project, wav, "subtitles_dir: subtitles\nanchors:\n"
                 f"  - {{match: 'Work on it', at: '0:{at / 1000:06.3f}'}}\n")
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1 and "is after the last words said" in err, err
    # its line (it said "no alignment keeps the anchored and locked times", naming no anchor)
    assert f"{d / 'project.yaml'}:5: the anchor of cue " in err and "anchor the time" in err
    assert not (d / "subtitles").exists()


def test_an_anchor_text_names_the_cue_it_begins_and_not_a_title_card():
    from subtitler.model import Role, Segment
    from subtitler.timing import resolve_anchors
    segs = [Segment("h1", "b01", Role.HEADING, en=("Industrial areas",)),
            Segment("c1", "b02", Role.BODY, en=("and orientation of industrial areas,",)),
            Segment("c2", "b02", Role.BODY, en=("industrial areas build a digital base",))]
    assert resolve_anchors([{"match": "industrial areas", "at": "1:16.4"}], segs) == \
        {"c2": 76400}
    with pytest.raises(ConfigError, match="h1 is a heading, not a subtitle cue"):
        resolve_anchors([{"cue": "h1", "at": "0:20"}], segs)
    # a word or two names no cue, even one cue it begins: "the" was in four cues and began one,
    # which it took without a word
    segs += [Segment("c3", "b02", Role.BODY, en=("the bridge opens in May",)),
             Segment("c4", "b02", Role.BODY, en=("and carries the railway",))]
    with pytest.raises(ConfigError, match="'the' is in 2 cues"):
        resolve_anchors([{"match": "the", "at": "0:20"}], segs)
    assert resolve_anchors([{"match": "the bridge opens", "at": "0:20"}], segs) == {"c3": 20000}


def test_an_anchor_in_chinese_as_the_script_writes_it_names_its_cue():
    """A Mandarin episode's anchor copied from the script: the script's half-width comma (the
    sample's "为主导,集约化") is full-width in the cue, and a Traditional script's text may be
    typed in Simplified; either "matched no cue" and told the editor to give the text "as the
    script now has it", which it was."""
    from subtitler.model import Role, Segment
    from subtitler.timing import resolve_anchors
    segs = [Segment("c1", "b01", Role.BODY, zh=("为主导，集约化配置要素资源",),
                    en=("We will carry out intensive allocation",)),
            Segment("c2", "b01", Role.BODY, zh=("開展產業集聚區“百園增效”行動",),
                    en=("carry out the action",))]
    assert resolve_anchors([{"match": "为主导,集约化配置", "at": "0:16.9"}], segs) == \
        {"c1": 16900}
    assert resolve_anchors([{"match": "为主导, 集约化", "at": "0:16.9"}], segs) == {"c1": 16900}
    assert resolve_anchors([{"match": '开展产业集聚区"百园增效"', "at": "1:22"}], segs) == \
        {"c2": 82000}


def test_anchors_with_reading_speed_timing_are_said_to_be_unused(make_project):
    d = make_project(SCRIPT, "timing: {source: reading}\nanchors:\n"
                             "  - {match: 'river port', at: '0:30'}\n")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and "`anchors` are not used with timing from reading speed" in err, err


def test_the_lock_edited_by_hand_is_what_later_stages_read(make_project, narration):
    """A time moved in the lock (or an editor's timing file) left build/cues.json as it was:
    qc, previews and the review page showed the old time. And a cue added to the lock's
    not_heard list stays unheard even when `cues` still holds it (it was shown, and the list
    rewritten without it)."""
    import os
    import time

    from subtitler.pipeline import load_cues
    d, first, lock = _locked(make_project, narration[0])
    write_outputs(load_project(d), first.outputs)
    said = [c for c in first.cues if c.spoken and c.shown]
    moved, dropped = said[1], said[2]
    lock["cues"][moved.id] = [moved.start_ms + 100, moved.end_ms, 1.0]
    lock["not_heard"].append(dropped.id)
    path = d / "timing.lock.json"
    path.write_text(json.dumps(lock), encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    cues = {c.id: c for c in load_cues(load_project(d))}
    assert cues[moved.id].start_ms == moved.start_ms + 100
    assert NOT_HEARD in cues[dropped.id].flags and not cues[dropped.id].shown


def test_an_anchor_wins_over_locked_times_it_leaves_no_room_for(make_project, narration):
    wav, _ = narration
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n")
    first = build(load_project(d))
    for name, text in first.files.items():
        Path(name).write_text(text, encoding="utf-8")
    shown = _shown(first.cues)
    officials, terminal = shown[1], shown[2]
    assert "Officials" in officials.text("en", " ") and "terminal" in terminal.text("en", " ")
    # the editor anchors "Officials" 400 ms before the locked "terminal" cue starts
    at = terminal.start_ms - 400
    with open(d / "project.yaml", "a", encoding="utf-8") as f:
        f.write(f"anchors:\n  - {{cue: {officials.id}, at: {at / 1000}}}\n")
    again = build(load_project(d))
    cues = {c.id: c for c in again.cues}
    assert cues[officials.id].start_ms == at
    moved = cues[terminal.id]
    assert moved.start_ms >= at + 833 and "locked" not in moved.flags
    assert any(terminal.id in w and "timed afresh" in w for w in again.warnings), again.warnings
    for c in shown[3:]:  # the locked cues after it keep their times
        assert (cues[c.id].start_ms, cues[c.id].end_ms) == (c.start_ms, c.end_ms)
    after = _shown(again.cues)
    assert all(a.end_ms < b.start_ms for a, b in zip(after, after[1:]))
    # an anchor that only cuts into the end of the locked cue before it: that cue keeps its
    # start, its end gives way
    with open(d / "project.yaml", "w", encoding="utf-8") as f:
        f.write(f"video: narration.wav\nspeech_language: en\ntiming: {{lock: timing.lock.json}}\n"
                f"anchors:\n  - {{cue: {terminal.id}, at: {officials.end_ms / 1000 - 0.2}}}\n")
    third = build(load_project(d))
    cues = {c.id: c for c in third.cues}
    assert cues[terminal.id].start_ms == officials.end_ms - 200
    assert cues[officials.id].start_ms == officials.start_ms
    assert cues[officials.id].end_ms < cues[terminal.id].start_ms
    assert not any("timed afresh" in w for w in third.warnings), third.warnings


def test_an_anchor_that_squeezes_cues_out_is_undone_by_removing_it(make_project, narration):
    # an anchor far too early squeezed the cues before it out of the narration; they went into
    # the lock as unheard, the anchored cue kept its locked end (19 s on screen), and removing
    # the anchor brought neither back
    d, first, _lock = _locked(make_project, narration[0])
    lock_before = (d / "timing.lock.json").read_text(encoding="utf-8")
    shown = _shown(first.cues)
    port, officials, terminal = shown[0], shown[1], shown[2]
    anchored = _anchored(d, terminal.id, (port.end_ms + 300) / 1000)
    for name, text in anchored.files.items():
        Path(name).write_text(text, encoding="utf-8")
    cues = {c.id: c for c in anchored.cues}
    assert NOT_HEARD in cues[officials.id].flags
    assert any(officials.id in w and "the anchor is too early" in w for w in anchored.warnings)
    assert cues[terminal.id].duration_ms <= 7000  # not its locked end, 19 s on
    assert (d / "timing.lock.json").read_text(encoding="utf-8") == lock_before
    (d / "project.yaml").write_text(LOCKED_YAML, encoding="utf-8")
    again = build(load_project(d))
    assert [(c.id, c.start_ms, c.end_ms) for c in _shown(again.cues)] == \
        [(c.id, c.start_ms, c.end_ms) for c in shown]


def test_an_anchor_that_pushes_cues_out_after_it_is_warned_of(make_project, narration):
    # an anchor far too late left the cues after it unheard, off the tracks, and said nothing
    # (one too early is warned of, above)
    d, first, _lock = _locked(make_project, narration[0])
    shown = _shown(first.cues)
    port, officials = shown[0], shown[1]
    anchored = _anchored(d, port.id, (officials.end_ms - 200) / 1000)
    cues = {c.id: c for c in anchored.cues}
    assert NOT_HEARD in cues[officials.id].flags
    assert any(officials.id in w and f"right after the anchor of cue {port.id}" in w
               and "the anchor is too late" in w for w in anchored.warnings), anchored.warnings


LOCKED_YAML = "video: narration.wav\nspeech_language: en\ntiming: {lock: timing.lock.json}\n"


def _anchored(d: Path, cue_id: str, at_s: float):
    """The build of the locked episode ``d`` with one anchor."""
    (d / "project.yaml").write_text(
        LOCKED_YAML + f"anchors:\n  - {{cue: {cue_id}, at: {at_s}}}\n", encoding="utf-8")
    return build(load_project(d))


def test_an_anchor_after_a_line_nobody_says_does_not_blame_the_anchor(make_project, narration):
    """The narrator skips the farmers' line; anchoring the next cue where it is said warned
    that the skipped line was "not heard before it: check the anchor's time"."""
    d, first, _lock = _locked(make_project, narration[0])
    farmers = next(c for c in first.cues if "Farmers" in c.text("en", " "))
    terminal = next(c for c in first.cues if "terminal" in c.text("en", " "))
    assert NOT_HEARD in farmers.flags
    anchored = _anchored(d, terminal.id, terminal.start_ms / 1000)
    assert NOT_HEARD in next(c for c in anchored.cues if c.id == farmers.id).flags
    assert not [w for w in anchored.warnings if farmers.id in w], anchored.warnings


@pytest.mark.parametrize("edit, needle", [
    (lambda lock, ids: {"cues": []}, "not a timing lock file"),
    (lambda lock, ids: {**lock, "cues": {**lock["cues"], ids[0]: [5000, 3000, 1]}},
     "it must start at 0 or later and end after it starts"),
    (lambda lock, ids: {**lock, "cues": {**lock["cues"], ids[0]: lock["cues"][ids[2]],
                                         ids[2]: lock["cues"][ids[0]]}},
     "not after cue"),
    # times written in seconds: 1.27 was read as 1 ms, a cue of 3 ms at 0:00.001, no word
    (lambda lock, ids: {**lock, "cues": {**lock["cues"], ids[0]: [1.25, 2.5, 1]}},
     "its times must be whole milliseconds (1250, not 1.25)"),
    (lambda lock, ids: {**lock, "cues": {**lock["cues"], ids[0]: [1, 3, 1]}},
     "1-3 ms, 2 ms on screen: the times are milliseconds"),
    # an editor's slip in the JSON: where it is, and not "delete the file"
    (lambda lock, ids: json.dumps(lock, indent=1)[:-2] + ",\n}", "not valid JSON"),
])
def test_a_bad_timing_lock_is_an_error_and_stays_as_it_is(make_project, narration, edit, needle):
    wav, _ = narration
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n")
    first = build(load_project(d))
    lock = json.loads(first.files[str(d / "timing.lock.json")])
    ids = [c.id for c in _shown(first.cues)]
    text = edit(lock, ids)
    text = text if isinstance(text, str) else json.dumps(text)
    (d / "timing.lock.json").write_text(text, encoding="utf-8")
    for args in (("subs", str(d)), ("subs", "--relock", str(d))):
        code, out, err = run_cli(*args)
        if "--relock" in args and "cues" in text and "[]" not in text and "JSON" not in needle:
            assert code == 0, err  # a well-formed lock with bad times: --relock writes it anew
            continue
        assert code == 2 and err.count("\n") == 1, (out, err)
        assert err.startswith(f"error: {d / 'timing.lock.json'}:") and needle in err, err
        if "JSON" in needle:  # its line, and no advice to delete the editor's work
            lines = text.count("\n") + 1
            assert f"timing.lock.json:{lines}: " in err and "delete" not in err, err
        assert (d / "timing.lock.json").read_text(encoding="utf-8") == text


def test_a_lock_that_names_the_script_is_refused(make_project, narration):
    wav, _ = narration
    d = _project(make_project, wav, "timing: {lock: script.txt}\n")
    code, _out, err = run_cli("subs", "--relock", str(d))
    assert code == 2 and f"{d / 'project.yaml'}:3: `timing.lock` names script.txt" in err, err
    assert (d / "script.txt").read_text(encoding="utf-8") == SCRIPT


def _with_file(make_project, srt: str, script: str | bytes = SCRIPT) -> Path:
    """A project timed from ``srt``, an editor's file."""
    d = make_project(script, "timing: {source: file, file: editor.srt}\n")
    (d / "editor.srt").write_text(srt, encoding="utf-8")
    return d


def test_timing_file_gives_the_times(make_project):
    srt = ("1\n00:00:02,000 --> 00:00:04,500\nThe river port handled more cargo than ever "
           "last year.\n\n2\n00:00:05,200 --> 00:00:09,000\nOfficials say new cranes and a rail "
           "link made the difference. Farmers in the valley now ship their fruit directly to "
           "the coast.\n\n3\n00:00:10,000 --> 00:00:12,000\nThe city also plans a second "
           "terminal for container ships.\n")
    d = _with_file(make_project, srt)
    cues = _shown(build(load_project(d)).cues)
    assert (cues[0].start_ms, cues[0].end_ms) == (2000, 4500)
    officials = next(c for c in cues if "Officials" in c.text("en", " "))
    farmers = next(c for c in cues if "Farmers" in c.text("en", " "))
    assert officials.start_ms == 5200 and farmers.end_ms == 9000  # a merged entry is shared
    assert officials.end_ms < farmers.start_ms
    assert next(c for c in cues if "terminal" in c.text("en", " ")).start_ms == 10000
    spring = next(c for c in build(load_project(d)).cues if "spring" in c.text("en", " "))
    assert "not_in_file" in spring.flags and not spring.shown  # the file says what is shown


def test_a_timing_file_that_splits_rewords_and_mixes_languages_still_maps(make_project):
    """An editor split the first line over two entries, reworded the second, wrote the fourth
    in Chinese only, dropped the last and added an aside: each cue takes its times from its own
    entries (the bigram matcher gave the split cue half its time and the Chinese entry to
    nothing; "the" of the reworded line is not taken from the aside)."""
    srt = ("1\n00:00:02,000 --> 00:00:03,400\nThe river port handled\n\n"
           "2\n00:00:03,500 --> 00:00:05,000\nmore cargo than ever last year.\n\n"
           "3\n00:00:06,000 --> 00:00:08,000\nOfficials said the new cranes and the rail "
           "link made a big change.\n\n"
           "4\n00:00:08,200 --> 00:00:08,800\nAnd now over to the weather in the west.\n\n"
           "5\n00:00:09,000 --> 00:00:11,000\nFarmers in the valley now ship their fruit "
           "directly to the coast.\n\n"
           "6\n00:00:12,000 --> 00:00:14,000\n该市还计划为集装箱船建设第二个码头。\n")
    d = _with_file(make_project, srt)
    cues = build(load_project(d)).cues
    by_word = {c.text("en", " ").split()[1]: c for c in cues if c.spoken}
    assert (by_word["river"].start_ms, by_word["river"].end_ms) == (2000, 5000)
    assert (by_word["say"].start_ms, by_word["say"].end_ms) == (6000, 8000)
    assert (by_word["in"].start_ms, by_word["in"].end_ms) == (9000, 11000)
    assert (by_word["city"].start_ms, by_word["city"].end_ms) == (12000, 14000)
    assert not by_word["on"].shown and "not_in_file" in by_word["on"].flags


def _editor_file(cues, lang: str, rng) -> tuple[str, dict[str, tuple[int, int]], list[list[str]]]:
    """Our cues as an editor's SRT in ``lang`` (en, zh, bilingual) in which some entries merge
    two or three cues and some cues are split over two entries at a word; with the times each
    cue that is not merged must get, and the groups of merged cue ids."""
    def words(c):
        return c.text("en", " ").split(" ") if lang != "zh" else list(c.text("zh", ""))

    def say(c, ws=None):
        ws = words(c) if ws is None else ws
        text = "".join(ws) if lang == "zh" else " ".join(ws)
        return f"{c.text('zh', '')}\n{text}" if lang == "bilingual" and ws == words(c) else text

    entries, exact, merged = [], {}, []
    shown = [c for c in cues if c.shown]
    i = 0
    while i < len(shown):
        c, r = shown[i], rng.random()
        if r < 0.25 and i + 2 < len(shown):
            group = shown[i:i + rng.choice([2, 3])]
            entries.append((group[0].start_ms, group[-1].end_ms,
                            ("\n" if lang == "bilingual" else " ").join(say(g) for g in group)))
            merged.append([g.id for g in group])
            i += len(group)
            continue
        ws = words(c)
        if r < 0.5 and len(ws) >= 4 and lang != "bilingual":
            cut = len(ws) // 2
            mid = c.start_ms + (c.end_ms - c.start_ms) * cut // len(ws)
            entries += [(c.start_ms, mid, say(c, ws[:cut])), (mid + 40, c.end_ms, say(c, ws[cut:]))]
        else:
            entries.append((c.start_ms, c.end_ms, say(c)))
        exact[c.id] = (c.start_ms, c.end_ms)
        i += 1
    srt = "".join(f"{k + 1}\n{clock_srt(a)} --> {clock_srt(b)}\n{t}\n\n"
                  for k, (a, b, t) in enumerate(entries))
    return srt, exact, merged


def clock_srt(ms: int) -> str:
    import pysrt

    return str(pysrt.SubRipTime(milliseconds=ms))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_another_storys_timing_file_is_refused(make_project, lang):
    """Another story's file, its five sentences over 40 entries: common words and characters
    put cues of the sample on screen at random (和定位 at 1:21.5), and the run said exit 0."""
    sample = Path(__file__).resolve().parents[1] / "projects" / "henan-industry-carriers"
    other = {"en": ["The city council met on Tuesday to discuss the new budget.",
                    "Officials said the plan would cut costs by ten percent.",
                    "Residents raised concerns about public transport and housing.",
                    "The mayor promised a decision by the end of the month.",
                    "Forecasters expect heavy rain across the region this weekend."],
             "zh": ["市议会周二开会讨论新的预算。", "官员表示该计划将使成本降低百分之十。",
                    "居民对公共交通和住房问题表示担忧。", "市长承诺在月底前做出决定。",
                    "气象预报员预计本周末全区将有大雨。"]}[lang]
    d = _with_file(make_project, "".join(
        f"{k + 1}\n{clock_srt(k * 3000 + 500)} --> {clock_srt(k * 3000 + 2800)}\n{other[k % 5]}\n\n"
        for k in range(40)), (sample / "script.txt").read_bytes())
    code, out, err = run_cli("subs", str(d))
    assert code == 2 and "none of the 40 entries of the timing file matches a cue" in err, \
        (out, err)


@pytest.mark.parametrize("lang", ["en", "zh", "bilingual", "zh-Hant"])
def test_an_editor_file_of_merged_and_split_entries_keeps_every_cue_in_place(make_project, lang):
    """The sample episode timed at reading speed, exported with entries merged and split at
    random (seeded): every cue is found; a split cue gets its whole time back; the cues of a
    merged entry keep its start and end between them, in order."""
    import random

    from subtitler.timing import Rules, file_timing
    from subtitler.tracks import TimedText

    sample = Path(__file__).resolve().parents[1] / "projects" / "henan-industry-carriers"
    d = make_project((sample / "script.txt").read_bytes(), "timing: {source: reading}\n")
    first = build(load_project(d))
    for seed in range(3):
        base = "zh" if lang == "zh-Hant" else lang
        srt, exact, merged = _editor_file(first.cues, base, random.Random(seed))
        if lang == "zh-Hant":  # an editor's file in Traditional characters
            import opencc

            srt = opencc.OpenCC("s2t").convert(srt)
            assert srt != _editor_file(first.cues, "zh", random.Random(seed))[0]
        items = read_srt(srt)
        assert merged and (base == "bilingual" or len(items) > len(exact) + len(merged))
        rules = Rules.from_config(load_project(d).config)
        got = {c.id: c for c in file_timing(first.segments, items, rules) if c.spoken}
        assert all(c.shown for c in got.values()), [c.id for c in got.values() if not c.shown]
        for cid, (a, b) in exact.items():
            assert (got[cid].start_ms, got[cid].end_ms) == (a, b), (seed, cid)
        for group in merged:
            cs = [got[g] for g in group]
            whole = [c for c in first.cues if c.id in group]
            assert cs[0].start_ms == whole[0].start_ms, (seed, group)
            assert all(x.end_ms <= y.start_ms for x, y in zip(cs, cs[1:])), (seed, group)
            assert cs[-1].end_ms >= whole[-1].end_ms - 200, (seed, group)


@pytest.mark.parametrize("lang", ["en", "zh", "bilingual"])
def test_our_own_srt_as_the_timing_file_gives_the_same_times(make_project, narration, lang):
    """An editor exports a track and keeps it as the timing: every shown cue keeps its times,
    and the cue the narration does not say (so not in the file) stays off the tracks."""
    wav, _ = narration
    d = _project(make_project, wav)
    first = build(load_project(d))
    (d / "editor.srt").write_text(first.outputs[f"ep.{lang}.srt"], encoding="utf-8")
    with open(d / "project.yaml", "a", encoding="utf-8") as f:
        f.write("timing: {source: file, file: editor.srt}\n")
    again = build(load_project(d))
    assert [(c.id, c.start_ms, c.end_ms) for c in _shown(again.cues)] == \
        [(c.id, c.start_ms, c.end_ms) for c in _shown(first.cues)]
    assert again.outputs[f"ep.{lang}.srt"] == first.outputs[f"ep.{lang}.srt"]


@pytest.mark.parametrize("text, needle", [
    ("", "none of the 0 entries of the timing file matches a cue"),
    ("1\n00:00:01,000 --> 00:00:02,000\nSomething else entirely.\n",
     "none of the 1 entries"),
    ("1\n00:00:01,000 --> 00:00:02,000\nhello\n\n2\n00:00:05,810 -> 00:00:07,000\nbad\n",
     "editor.srt:5: not a valid SRT entry: '2 | 00:00:05,810 -> 00:00:07,000'"),
    (b"\xff\xfe1\n", "not UTF-8"),
    # an entry that ends before it starts was taken silently
    ("1\n00:00:05,000 --> 00:00:02,000\nThe river port handled more cargo than ever last year."
     "\n", "entry 1 ends at 0:02.000, not after it starts (0:05.000)"),
    # a mistyped start (0:04 for 0:44) put its cue 40 s early, before the first one
    ("1\n00:00:40,000 --> 00:00:42,000\nThe river port handled more cargo than ever last year."
     "\n\n2\n00:00:04,560 --> 00:00:46,000\nOfficials say new cranes and a rail link made the "
     "difference.\n", "entry 2 starts at 0:04.560, before entry 1 (0:40.000): the entries are "
     "out of time order"),
])
def test_a_bad_timing_file_is_one_clear_line(make_project, text, needle):
    d = make_project(SCRIPT, "timing: {source: file, file: editor.srt}\n")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    (d / "editor.srt").write_bytes(data)
    code, out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1 and needle in err, (out, err)
    assert not (d / "build" / "ep.en.srt").exists()


def test_a_timing_file_past_the_end_of_the_video_is_an_error(make_project, narration):
    """An editor's SRT of another cut: every cue was placed after the video's end, exit 0,
    and qc found nothing."""
    d = _project(make_project, narration[0], "timing: {source: file, file: editor.srt}\n")
    (d / "editor.srt").write_text("1\n00:09:00,000 --> 00:09:03,000\nThe river port handled "
                                  "more cargo than ever last year.\n", encoding="utf-8")
    code, out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1, (out, err)
    assert "entry 1 starts at 9:00.000, after the end of the video" in err and "editor.srt" in err


def _media(tmp_path: Path, name: str, args: list[str]) -> Path:
    out = tmp_path / name
    ffmpeg.run(["-y", *args, str(out)], what="making test media")
    return out


@pytest.mark.parametrize("kind", ["no_audio", "silent", "short", "corrupt", "cut_short"])
def test_bad_media_falls_back_with_one_clear_line(make_project, tmp_path, kind, narration):
    if kind == "no_audio":
        video = _media(tmp_path, "v.mp4", ["-f", "lavfi", "-i", "color=c=blue:s=320x240:d=3",
                                           "-c:v", "libx264", "-preset", "ultrafast"])
        needle = "no audio stream"
    elif kind == "silent":
        video = _media(tmp_path, "v.mp4", ["-f", "lavfi", "-i", "color=c=blue:s=320x240:d=40",
                                           "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono",
                                           "-t", "40", "-c:v", "libx264", "-preset", "ultrafast",
                                           "-c:a", "aac"])
        needle = "no narration found"
    elif kind == "short":
        speech, rate = synth.synthesize("The river port handled more cargo.")
        video = _wav(tmp_path / "v.wav", speech, rate)
        needle = "much shorter than the script"
    elif kind == "cut_short":
        # a copy that did not finish: its index says 40 s, its sound stops halfway, and ffmpeg
        # decodes what there is and exits 0 (the cues were crammed into that half, no word)
        video = _media(tmp_path, "v.mp4", ["-f", "lavfi", "-i", "color=c=blue:s=320x240:d=40",
                                           "-i", str(narration[0]), "-af", "apad", "-t", "40",
                                           "-c:v", "libx264", "-preset", "ultrafast",
                                           "-c:a", "aac", "-movflags", "+faststart"])
        video.write_bytes(video.read_bytes()[:video.stat().st_size // 2])
        needle = "is cut short"
    else:
        video = tmp_path / "v.mp4"
        video.write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(range(256)) * 64)
        needle = "v.mp4"
    d = make_project(SCRIPT, f"video: {video}\ntiming: {{lock: timing.lock.json}}\n")
    from subtitler.script import parse_script
    from subtitler.segment import Limits, segment_blocks
    first = next(s.id for s in segment_blocks(parse_script(SCRIPT).blocks,
                                              limits=Limits(speech="en")) if s.spoken)
    # an editor's, kept as is
    lock = '{"cues": {"%s": [300, 1500, 0.9]}, "not_heard": []}\n' % first
    (d / "timing.lock.json").write_text(lock, encoding="utf-8")
    code, out, err = run_cli("subs", str(d))
    assert code == 0, err
    assert (d / "timing.lock.json").read_text(encoding="utf-8") == lock
    warnings = [ln for ln in err.splitlines() if ln.strip()]
    assert len(warnings) == 1 and warnings[0].startswith("warning: "), err
    assert needle in warnings[0] and TIMING_FALLBACK in warnings[0], warnings[0]
    assert "Traceback" not in err
    cues = cues_from_json((d / "build" / "ep.cues.json").read_text(encoding="utf-8"))
    assert all(TIMING_FALLBACK in c.flags for c in cues if c.spoken)
    # the locked cue keeps its time (and confidence); the others follow it at reading speed
    assert "(1 cue keeps its time from the lock; the others are laid around it)" in warnings[0]
    spoken = [c for c in cues if c.spoken]
    assert (spoken[0].start_ms, spoken[0].end_ms, spoken[0].confidence) == (300, 1500, 0.9)
    assert all(c.confidence == 0 for c in spoken[1:]) and spoken[1].start_ms > 1500
    assert len(read_srt((d / "build" / "ep.en.srt").read_text(encoding="utf-8"))) == 5


def test_unusable_audio_keeps_the_locked_times_and_fits_a_new_line_between_them(
        make_project, narration, tmp_path):
    """The audio of a re-exported video cannot be used: the cues the lock holds keep their
    times, a line edited since is laid at reading speed between its locked neighbours, the
    lock is not rewritten (it had been: every cue rewritten at reading speed)."""
    wav, _truth = narration
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n")
    good = build(load_project(d))
    for name, text in good.files.items():
        Path(name).write_text(text, encoding="utf-8")
    lock = (d / "timing.lock.json").read_text(encoding="utf-8")
    shown = _shown(good.cues)
    # the script edited (the third shown cue reworded) and the video broken
    assert "The city also plans" in shown[2].text("en", " ")
    (d / "script.txt").write_text(SCRIPT.replace("The city also plans", "The city now plans"),
                                  encoding="utf-8")
    (d / "narration.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" * 50)
    again = build(load_project(d))
    (warning,) = [w for w in again.warnings if TIMING_FALLBACK in w]
    assert f"{len(shown) - 1} cues keep their times from the lock;" in warning, warning
    now = {c.id: c for c in again.cues}
    kept = [c for c in shown if c.id in now]
    assert len(kept) == len(shown) - 1
    for c in kept:
        assert (now[c.id].start_ms, now[c.id].end_ms) == (c.start_ms, c.end_ms), c.id
    (new,) = [c for c in again.cues if c.shown and c.id not in {k.id for k in shown}]
    assert shown[1].end_ms < now[new.id].start_ms < now[new.id].end_ms < shown[3].start_ms
    assert new.confidence == 0 and TIMING_FALLBACK in now[new.id].flags
    assert str(d / "timing.lock.json") not in again.files  # the lock is left as it was
    farmers = next(c for c in again.cues if "Farmers" in c.text("en", " "))
    assert NOT_HEARD in farmers.flags and not farmers.shown  # locked as not heard: still so


def test_clock_rounds_before_it_splits_minutes_and_seconds():
    """A time shown to a tenth (the contact sheet's labels, the messages) that rounds up to a
    whole minute reads 1:00.0, not 0:60.0."""
    from subtitler.textutil import clock

    assert clock(59960, 1) == "1:00.0" and clock(119970, 1) == "2:00.0"
    assert clock(59940, 1) == "0:59.9" and clock(83450) == "1:23.450"
    assert clock(3599999, 1) == "60:00.0" and clock(59999) == "0:59.999"


def test_parse_time():
    assert parse_time("1:23.450") == 83450
    assert parse_time("0:01:23,45") == 83450
    assert parse_time(83.45) == 83450
    assert parse_time("12") == 12000
    assert parse_time("90") == 90000 and parse_time("1:59.5") == 119500
    for bad in (-5, "-0:05", float("nan"), True, "1:2:3:4", "1:70", "1:99", "1:60:00"):
        with pytest.raises(ConfigError):
            parse_time(bad)


def test_one_word_edit_changes_only_its_cue_and_moves_nothing_else(make_project, narration):
    """With committed tracks and a timing lock, as the sample episode has."""
    wav, _ = narration
    d = _project(make_project, wav, "subtitles_dir: subtitles\ntiming: {lock: timing.lock.json}\n")
    assert run_cli("subs", str(d))[0] == 0
    committed = d / "subtitles" / "ep.cues.json"
    before = {c.id: c for c in cues_from_json(committed.read_text(encoding="utf-8"))}
    assert run_cli("check", str(d))[0] == 0
    script = (d / "script.txt").read_text(encoding="utf-8")
    (d / "script.txt").write_text(script.replace("a rail link", "a railway link"),
                                  encoding="utf-8")
    code, _, err = run_cli("check", str(d))
    assert code == 1 and "changed" in err and "railway" in err
    assert run_cli("subs", str(d))[0] == 0
    after = {c.id: c for c in cues_from_json(committed.read_text(encoding="utf-8"))}
    gone = set(before) - set(after)
    new = set(after) - set(before)
    assert len(gone) == 1 and "rail link" in before[gone.pop()].text("en", " ")
    assert len(new) == 1 and "railway" in after[new.pop()].text("en", " ")
    for cid, c in after.items():
        if cid in before:
            assert (c.start_ms, c.end_ms) == (before[cid].start_ms, before[cid].end_ms), cid


def test_samples_their_analysis_and_a_running_analysis_time_alike(make_project, narration):
    """`subtitler subs` analyses the audio on a second thread while the script is cut, and
    espeak-ng speaks each cue on a third as soon as it is cut; the cues are the same as from
    the raw samples."""
    from concurrent.futures import ThreadPoolExecutor

    from subtitler.align import Speaker, analyse
    from subtitler.pipeline import parse
    from subtitler.segment import segment_blocks
    from subtitler.timing import Rules, narration_timing, speech_text

    wav, _truth = narration
    project = load_project(_project(make_project, wav))
    segments = segment_blocks(parse(project).blocks)
    rules = Rules.from_config(project.config, 25.0)
    samples = ffmpeg.decode_audio(wav)
    plain = narration_timing(segments, samples, "en", rules)
    assert plain == narration_timing(segments, analyse(samples), "en", rules)
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(analyse, samples)
        assert plain == narration_timing(segments, running, "en", rules)
    with Speaker("en") as speaker:  # texts already spoken, in another order, and one extra
        for s in reversed(segments):
            if s.spoken:
                speaker.say(speech_text(s, "en")[0])
        speaker.say("A line the script does not have.")
        assert plain == narration_timing(segments, samples, "en", rules, speaker=speaker)
    assert plain == list(build(project).cues)
    assert sum(NOT_HEARD in c.flags for c in plain) >= 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 80), st.integers(0, 40)), min_size=1, max_size=8))
def test_reading_speed_timing_passes_its_own_reading_speed_check(sizes):
    # a fresh episode without video failed `qc --strict` on "Chinese at 9.0 characters/s":
    # durations were rounded to the nearest millisecond, a hair under the reading speed
    from subtitler.model import Role, Segment
    from subtitler.qc import check_reading_speed
    from subtitler.segment import Limits
    from subtitler.timing import Rules, reading_speed_timing
    segs = [Segment(id=f"c{i}", block="b01", role=Role.BODY, en=("x" * e,) if e else (),
                    zh=("河" * z,) if z else ()) for i, (e, z) in enumerate(sizes)]
    rules = Rules()
    cues = [c for c in reading_speed_timing(segs, rules)
            if c.duration_ms < rules.max_duration_ms]
    assert list(check_reading_speed(cues, rules, Limits())) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["body", "heading", "caption"]), min_size=1, max_size=12),
       st.integers(0, 3000))
def test_one_card_at_a_time(roles, spacing):
    """Title cards and photo captions share the bottom of the frame: whatever the order of
    sections, a caption and the next heading, or two headings in a row, never overlap (a
    caption followed by a heading at once overlapped it for 3 s, in the render audit)."""
    from subtitler.model import Cue, Role, Segment
    from subtitler.timing import Rules, place_cards, reading_speed_timing
    segs = [Segment(id=f"c{i}", block=f"b{i:02d}", role=Role(r), en=("Some words here",),
                    zh=("一些文字",)) for i, r in enumerate(roles)]
    rules = Rules()
    spoken, t = [], 1000
    for s in segs:
        if s.role is Role.BODY:
            spoken.append(Cue.from_segment(s, t, t + 1500))
            t += 1500 + spacing
    for cues in (reading_speed_timing(segs, rules), place_cards(segs, spoken, rules)):
        cards = sorted((c for c in cues if c.role is not Role.BODY), key=lambda c: c.start_ms)
        assert len(cards) == sum(r != "body" for r in roles)
        for a, b in zip(cards, cards[1:]):
            assert b.start_ms >= a.end_ms + rules.min_gap_ms, (a, b)
        assert all(c.end_ms - c.start_ms >= 1500 for c in cards)


def test_a_headline_before_the_first_heading_comes_before_it_not_after():
    """A headline and then the first section's heading: the heading's card waited for the
    headline's, 3 s into the narration. The headline now ends just before it (over the intro);
    without room before it (right after a cue), the cards still follow each other."""
    from subtitler.model import Cue, Role, Segment
    from subtitler.timing import Rules, place_cards
    rules = Rules()
    segs = [Segment(id="h0", block="b01", role=Role.HEADING, en=("Booming Exports",)),
            Segment(id="h1", block="b02", role=Role.HEADING, en=("Overseas Orders",)),
            Segment(id="c1", block="b03", role=Role.BODY, en=("Words.",)),
            Segment(id="h2", block="b04", role=Role.HEADING, en=("An Empty Section",)),
            Segment(id="h3", block="b05", role=Role.HEADING, en=("The Next One",)),
            Segment(id="c2", block="b06", role=Role.BODY, en=("More words.",))]
    spoken = [Cue.from_segment(segs[2], 5800, 9000), Cue.from_segment(segs[5], 10000, 15000)]
    got = {c.id: (c.start_ms, c.end_ms) for c in place_cards(segs, spoken, rules)}
    assert got["h1"] == (5300, 5300 + rules.heading_ms)
    assert got["h0"] == (5300 - rules.min_gap_ms - rules.heading_ms, 5300 - rules.min_gap_ms)
    # no room between the cue before and the section's start: one after the other
    assert got["h2"][0] >= 9000 and got["h3"][0] >= got["h2"][1] + rules.min_gap_ms


def test_photo_captions_go_with_their_photo():
    """A photo caption starts on the cut to its photo (it came 0.7 s early in the render
    audit) and ends before the cut away from it; with no cut near, it stays."""
    from subtitler.model import Cue, Role, Segment
    from subtitler.timing import Rules, caption_window, snap_captions
    rules = Rules()
    seg = Segment(id="k1", block="b02", role=Role.CAPTION, en=("A photo.",))
    body = Cue("c1", "b01", Role.BODY, 0, 30000, en=("Words",))
    cap = Cue.from_segment(seg, 34410, 38410)
    head = Cue("h1", "b03", Role.HEADING, 41000, 44000, en=("Next",))
    asked = []

    def shots(c):
        asked.append(caption_window(c))
        return [20000, 35167, 38625, 60000]

    out = snap_captions([body, cap, head], shots, rules)
    moved = out[1]
    assert (moved.start_ms, moved.end_ms) == (35167, 38625 - rules.min_gap_ms)
    assert asked == [(34410 - 1000, 34410 + 2000 + 4000)]
    assert out[0] == body and out[2] == head
    # no cut from a second before to two after: as it was; a cut in reach, and none after it
    assert snap_captions([cap], lambda c: [30000, 37000], rules) == [cap]
    late = snap_captions([cap], lambda c: [36000], rules)[0]
    assert (late.start_ms, late.end_ms) == (36000, 40000)


def test_check_sees_a_stale_timing_lock(make_project, narration):
    """`subs` rewrites the lock with the tracks: `check` compares it too (CI audit)."""
    from subtitler.pipeline import check_committed
    wav, _ = narration
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\nsubtitles_dir: subs\n")
    assert run_cli("subs", str(d))[0] == 0
    assert check_committed(load_project(d))[0] == []
    lock = json.loads((d / "timing.lock.json").read_text(encoding="utf-8"))
    lock["cues"]["cdeadbeef0"] = [1000, 2000, 0.5]  # a cue the script no longer has
    (d / "timing.lock.json").write_text(json.dumps(lock), encoding="utf-8")
    assert check_committed(load_project(d))[0] == ["timing.lock.json"]
    code, _out, err = run_cli("check", str(d))
    assert code == 1 and "and the timing lock" in err
    # audio it cannot time against: check says why every cue moved (it said only "moved")
    (d / "narration.wav").write_bytes(b"not a sound file")
    code, _out, err = run_cli("check", str(d))
    assert code == 1 and "  warning: " in err and "reading speed" in err, err


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from("abcdefghij"), max_size=60),
       st.lists(st.tuples(st.integers(0, 59), st.sampled_from("abcdefghijxyz")), max_size=12))
def test_align_words_pairs_equal_words_in_order_and_finds_an_untouched_text_whole(a, edits):
    from subtitler.timing import align_words

    b = list(a)
    for at, word in edits:  # words replaced or inserted
        if at < len(b) and word in "xyz":
            b[at] = word
        else:
            b.insert(min(at, len(b)), word)
    pairs = align_words(a, b)
    assert all(a[i] == b[j] for i, j in pairs)
    assert all(i1 < i2 and j1 < j2 for (i1, j1), (i2, j2) in zip(pairs, pairs[1:]))
    assert align_words(a, a) == [(i, i) for i in range(len(a))]
    if not edits:
        assert len(pairs) == len(a)


def _variant(src: Path, out: Path, *args: str) -> Path:
    import subprocess

    import imageio_ffmpeg

    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-y", *args, str(out)],
                   check=True, cwd=src.parent)
    return out


def _starts(cues):
    return [c.start_ms for c in _shown(cues)]


def test_sound_that_starts_after_the_picture_keeps_its_place_in_the_timing(make_project,
                                                                            narration):
    """A video whose sound stream starts 2 s after its picture (a stream offset) had every cue
    timed 2 s early, with full confidence (audit of session 14): the decoded samples now start
    at the file's time 0, as the picture does."""
    wav, _truth = narration
    plain = build(load_project(_project(make_project, wav)))
    d = _project(make_project, wav, "")
    video = _variant(wav, d / "late.mkv", "-f", "lavfi", "-i", "color=black:s=160x90:r=25",
                     "-itsoffset", "2", "-i", str(wav), "-map", "0:v", "-map", "1:a",
                     "-shortest", "-c:v", "libx264", "-c:a", "aac", "-t", "40")
    (d / "project.yaml").write_text(f"video: {video.name}\nspeech_language: en\n",
                                    encoding="utf-8")
    late = build(load_project(d))
    assert len(_starts(late.cues)) == len(_starts(plain.cues)) > 0
    shifts = [a - b for a, b in zip(_starts(late.cues), _starts(plain.cues))]
    # (every cue 2 s later; the first may differ a little more, its music intro now comes
    # after 2 s of silence)
    assert abs(float(np.median(shifts)) - 2000) <= 40 and all(abs(s - 2000) <= 400
                                                              for s in shifts), shifts


def test_stereo_whose_channels_cancel_in_mono_is_timed_from_their_difference(make_project,
                                                                              narration):
    """Left = -right (a phase-inverted channel) mixed to mono is silence: `subs` crashed with
    an IndexError in the content warp (audit of session 14). Now the narration is timed from the
    two channels' difference, and a warning says that the mix cancels."""
    wav, _truth = narration
    plain = build(load_project(_project(make_project, wav)))
    d = _project(make_project, wav, "")
    video = _variant(wav, d / "phase.m4a", "-i", str(wav), "-af", "pan=stereo|c0=c0|c1=-1*c0",
                     "-c:a", "aac", "-ar", "48000")
    (d / "project.yaml").write_text(f"video: {video.name}\nspeech_language: en\n",
                                    encoding="utf-8")
    result = build(load_project(d))
    assert any("cancel when mixed to mono" in w and "phase.m4a" in w for w in result.warnings)
    assert not any(TIMING_FALLBACK in c.flags for c in result.cues)
    for a, b in zip(_starts(result.cues), _starts(plain.cues)):
        assert abs(a - b) <= 120, (a, b)
    assert len(_starts(result.cues)) == len(_starts(plain.cues))


def test_the_content_warp_survives_far_more_texts_than_speech():
    """Very little speech for many texts: the stretch gave the last texts no frames, and the
    first of them indexed past the end (an IndexError instead of a timing)."""
    from subtitler.align import align

    rate = 16000
    speech, sr = synth.synthesize("Hello.", rate_wpm=165)
    x = np.concatenate([np.zeros(rate, np.int16), ffmpeg_resample(speech, sr, rate),
                        np.zeros(rate, np.int16)])
    texts = [f"Line number {k} of a long script that nobody says." for k in range(60)]
    out = align(x, texts, "en")
    assert len(out) == 60


@pytest.mark.parametrize("streams, confidence, warned", [
    (2, 0.25, True), (2, 0.9, False), (1, 0.25, False)])
def test_most_cues_matching_poorly_in_a_video_of_several_audio_streams_is_warned_of(
        make_project, tmp_path, streams, confidence, warned):
    """A bilingual newsroom's video: the Mandarin voice-over in the first audio stream, the
    English narration in the second. Timed against the first, the sample's cues were all
    placed, up to 21 s off, 37 of 43 under the confidence qc warns of, and subs said nothing.
    Most cues matching poorly in a video of several audio streams, subs says which stream it
    used and how to pick another."""
    from subtitler.model import Cue, Role
    from subtitler.pipeline import _unlike_narration

    inputs = [x for k in range(streams) for x in ("-f", "lavfi", "-i", f"sine=f={300 + k}:d=2")]
    video = _media(tmp_path, "two.mkv", [*inputs, *[x for k in range(streams)
                                                    for x in ("-map", f"{k}:a")], "-c:a", "aac"])
    d = make_project(SCRIPT, f"video: {video}\nspeech_language: en\n")
    cues = [Cue(f"c{k}", "b01", Role.BODY, 1000 * k, 1000 * k + 900, en=("Hello",),
                confidence=confidence if k else 1.0) for k in range(6)]
    out = _unlike_narration(load_project(d), cues)
    assert bool(out) == warned, out
    if warned:
        assert out[0].startswith("5 of 6 cues match the audio poorly (confidence under 0.4)")
        assert "two.mkv has 2 audio streams and stream 0 was used: `audio_stream:`" in out[0]


def ffmpeg_resample(x: np.ndarray, sr: int, rate: int) -> np.ndarray:
    idx = (np.arange(int(len(x) * rate / sr)) * sr / rate).astype(np.int64)
    return x[np.minimum(idx, len(x) - 1)]


def test_the_narration_in_a_videos_second_audio_stream_is_chosen_by_audio_stream(make_project,
                                                                                  narration):
    """A video with a music-only first audio stream and the narration second: `subs` fell
    back to reading speed with no way to pick the stream, and the renders' sound was the music
    (audit of session 14). `audio_stream: 1` picks it, for the timing and the renders."""
    from subtitler.render import preview

    wav, _truth = narration
    plain = build(load_project(_project(make_project, wav)))
    d = _project(make_project, wav, "")
    video = _variant(wav, d / "two.mkv", "-f", "lavfi", "-i", "color=black:s=160x90:r=25",
                     "-f", "lavfi", "-i", "anoisesrc=a=0.001:r=16000", "-i", str(wav),
                     "-map", "0:v", "-map", "1:a", "-map", "2:a", "-shortest",
                     "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-t", "30")
    yaml = f"video: {video.name}\nspeech_language: en\ntiming: {{source: audio}}\n"
    (d / "project.yaml").write_text(yaml, encoding="utf-8")
    first = build(load_project(d))
    (warning,) = [w for w in first.warnings if TIMING_FALLBACK in w]
    assert "two.mkv has 2 audio streams and stream 0 was used: `audio_stream:`" in warning
    (d / "project.yaml").write_text(yaml + "audio_stream: 1\n", encoding="utf-8")
    second = build(load_project(d))
    assert not any(TIMING_FALLBACK in c.flags for c in second.cues)
    for a, b in zip(_starts(second.cues), _starts(plain.cues)):
        assert abs(a - b) <= 120, (a, b)
    write_outputs(load_project(d), second.outputs)
    clip = preview(load_project(d), 3000, 4000, size=(160, 90))
    sound = np.abs(ffmpeg.decode_audio(clip).astype(int))
    assert sound.max() > 3000  # the narration, not the faint noise of stream 0
    # soft subtitles keep both sound streams; the narration's is tagged and the default
    from subtitler.render import mux

    info = ffmpeg.run(["-i", str(mux(load_project(d)))], what="probing", check=False)
    audio = [ln for ln in info.stderr.decode().splitlines() if "Audio:" in ln]
    assert len(audio) == 2 and "(eng)" in audio[1] and "(default)" in audio[1], audio
    assert "(eng)" not in audio[0] and "(default)" not in audio[0], audio
    (d / "project.yaml").write_text(yaml + "audio_stream: 2\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        build(load_project(d))
    assert err.value.line == 4 and "two.mkv has 2 audio streams" in str(err.value)


def test_reading_speed_around_fits_free_cues_between_the_fixed_ones():
    from subtitler.model import Role, Segment
    from subtitler.timing import Rules, reading_speed_around

    text = ("a sentence of some length that takes a while to read",)
    segs = [Segment(f"c{i}", "b01", Role.BODY, en=text) for i in range(8)]
    locked = {"c0": (2000, 4000, 0.8), "c4": (9000, 11000, 0.7), "c6": None}
    cues = reading_speed_around(segs, Rules(), locked=locked, anchors={"c5": 12500},
                                end_ms=20000)
    by = {c.id: c for c in cues}
    assert (by["c0"].start_ms, by["c0"].end_ms, by["c0"].confidence) == (2000, 4000, 0.8)
    assert (by["c4"].start_ms, by["c4"].end_ms) == (9000, 11000)
    assert by["c5"].start_ms == 12500 and "anchored" in by["c5"].flags
    assert NOT_HEARD in by["c6"].flags and not by["c6"].shown
    shown = [by[f"c{i}"] for i in (0, 1, 2, 3, 4, 5, 7)]
    # three cues of several seconds each shown faster to fit the 5 s between c0 and c4; the
    # last one before the video's end
    assert all(a.end_ms < b.start_ms for a, b in zip(shown, shown[1:]))
    assert all(c.confidence == 0 for c in shown if c.id in ("c1", "c2", "c3", "c7"))
    assert by["c7"].end_ms <= 20000


def test_a_video_narrating_only_part_of_the_script_is_warned_of(make_project, narration):
    """A shorter cut of the video, narrating the first sentence of five: every cue was crammed
    into it and subs flagged one; it says so now. The whole narration gives no such word."""
    wav, truth = narration
    d = _project(make_project, wav)
    assert not any("the narration holds" in w for w in build(load_project(d)).warnings)
    with wave.open(str(wav)) as wf:
        rate = wf.getframerate()
        keep = wf.readframes(rate * (truth[0][2] + 1000) // 1000)
    with wave.open(str(d / "narration.wav"), "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(rate)
        wf.writeframes(keep)
    (warning,) = [w for w in build(load_project(d)).warnings if "the narration holds" in w]
    assert "under half of what the script needs" in warning and "shorter cut" in warning
    assert warning.startswith(f"{d / 'narration.wav'}: the narration holds"), warning
    # the fix it names: the paragraphs the cut does not say as notes; the first is timed to
    # its words, and no word of a shorter cut
    assert "role: note" in warning and "`subtitler blocks` lists the ids" in warning
    assert "`subtitler subs --relock`" in warning  # a lock written meanwhile keeps the cram
    (d / "project.yaml").write_text(
        "video: narration.wav\nspeech_language: en\nroles:\n"
        + "".join(f"  - {{id: b0{k}, role: note}}\n" for k in range(2, 6)), encoding="utf-8")
    result = build(load_project(d))
    assert not any("the narration holds" in w for w in result.warnings)
    (first,) = _shown(result.cues)
    assert abs(first.start_ms - truth[0][1]) <= 250 and abs(first.end_ms - truth[0][2]) <= 400, \
        (first, truth[0])


def test_the_cues_a_shorter_cut_does_not_say_are_listed_in_project_yaml(make_project,
                                                                         narration):
    """A cut ending partway through a paragraph: notes take whole paragraphs, and the lock's
    `not_heard` list, the other way, is forgotten by `subs --relock`. `not_said:` names the cues
    (by id or text, as anchors do); they are kept off the tracks and out of the timing, on a
    relock too, and the said ones are timed to their words."""
    wav, truth = narration
    # the first two sentences one paragraph, the cut ending after the first
    script = SCRIPT.replace("last year.\n去年，内河港口货物吞吐量创历史新高。\n",
                            "last year. ", 1).replace("made the difference.\n",
                                                     "made the difference.\n去年，内河港口货物"
                                                     "吞吐量创历史新高。", 1)
    d = make_project(script, "video: narration.wav\nspeech_language: en\n"
                             "timing: {lock: timing.lock.json}\n")
    with wave.open(str(wav)) as wf:
        rate = wf.getframerate()
        keep = wf.readframes(rate * (truth[0][2] + 1000) // 1000)
    _wav(d / "narration.wav", np.frombuffer(keep, np.int16), rate)
    (d / "project.yaml").write_text(
        "video: narration.wav\nspeech_language: en\ntiming: {lock: timing.lock.json}\n"
        "not_said:\n  - {match: Officials say}\n  - {match: Farmers in the valley}\n"
        "  - {match: The city also plans}\n  - {match: Work on it}\n", encoding="utf-8")
    for relock in (False, True):
        result = build(load_project(d), relock=relock)
        assert not any("the narration holds" in w for w in result.warnings), result.warnings
        shown = _shown(result.cues)
        assert [c.text("en", " ") for c in shown] == [truth[0][0]], shown
        assert abs(shown[0].start_ms - truth[0][1]) <= 250, (shown[0], truth[0])
        # the editor's word, not a finding: flagged not_said, not listed as flagged, no QC
        # warning each (a 43 % cut listed 16 cues flagged not heard), and not in the lock
        off = [c for c in result.cues if c.spoken and not c.shown]
        assert len(off) >= 4 and all(c.flags == ("not_said",) for c in off), off
        assert "0 flagged" in summarize(result.cues)
        findings, _ = run_project_qc(load_project(d), result.cues)
        assert not [f for f in findings if f.rule == "not_heard"], findings
        write_outputs(load_project(d), result.outputs)
        for name, text in result.files.items():
            Path(name).write_text(text, encoding="utf-8")
        assert json.loads((d / "timing.lock.json").read_text(encoding="utf-8"))["not_heard"] == []
    # taken off the list, a cue is timed again (the lock had kept it unheard): here the cut does
    # not say it, and the narration's finding is flagged
    (d / "project.yaml").write_text(
        (d / "project.yaml").read_text(encoding="utf-8").replace("  - {match: Work on it}\n", ""),
        encoding="utf-8")
    result = build(load_project(d))
    (work,) = [c for c in result.cues if c.text("en", " ").startswith("Work on it")]
    assert work.flags == ("not_heard",), work
    # a text no cue has, or a card, is one line naming the item
    (d / "project.yaml").write_text("video: narration.wav\nnot_said:\n  - {match: No such}\n",
                                    encoding="utf-8")
    with pytest.raises(ConfigError, match="not_said item 1: 'No such' matches no cue"):
        build(load_project(d))


def test_cues_given_as_not_said_stay_off_the_tracks_whatever_times_them(make_project,
                                                                        narration):
    """`not_said:` is the editor's word that the cut does not say a cue: it stays off the
    tracks when the timing comes from reading speed, from an editor's SRT, or falls back to
    reading speed on unusable audio (with and without locked cues), as it does against the
    narration. It had been shown at reading speed (taking its time) and on the fall-backs, and
    flagged `not_in_file` (a QC warning) when the editor's SRT lacked it."""
    from subtitler.tracks import to_srt

    wav, _truth = narration
    said = "not_said:\n  - {match: Farmers in the valley}\n"
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n" + said)
    good = build(load_project(d))
    for name, text in good.files.items():
        Path(name).write_text(text, encoding="utf-8")
    (d / "timing.srt").write_text(to_srt(good.cues, "en"), encoding="utf-8")

    def off(result):
        farmers = [c for c in result.cues if "Farmers" in c.text("en", " ")]
        # (on a fall-back every cue is flagged timing_fallback besides)
        assert farmers and all(set(c.flags) - {TIMING_FALLBACK} == {"not_said"} and not c.shown
                               for c in farmers), farmers
        shown = _shown(result.cues)
        assert shown and not any("Farmers" in c.text("en", " ") for c in shown)
        return shown

    base = (d / "project.yaml").read_text(encoding="utf-8")
    (d / "project.yaml").write_text(base.replace("timing: {lock: timing.lock.json}",
                                                 "timing: {source: reading}"), encoding="utf-8")
    shown = off(build(load_project(d)))
    # at reading speed it takes no time: its neighbours meet where it would have been
    gaps = [b.start_ms - a.end_ms for a, b in zip(shown, shown[1:])]
    assert max(gaps) < 1000, gaps
    (d / "project.yaml").write_text(base.replace(
        "timing: {lock: timing.lock.json}", "timing: {source: file, file: timing.srt}"),
        encoding="utf-8")
    off(build(load_project(d)))
    (d / "project.yaml").write_text(base, encoding="utf-8")
    (d / "narration.wav").write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunk" * 50)
    locked = build(load_project(d))  # the lock's cues kept, the others around them
    assert any(TIMING_FALLBACK in w for w in locked.warnings)
    off(locked)
    (d / "timing.lock.json").unlink()
    off(build(load_project(d)))


def test_audio_channel_times_from_the_one_channel_that_holds_the_narration(make_project,
                                                                          narration):
    """A 5.1 delivery with the narration in the centre and music-like noise at the
    narration's level in every other channel: `audio_channel: C` times from the centre alone,
    as the plain narration is timed; a channel the stream lacks is an error naming the line
    (ffmpeg takes it for silence, and the timing fell back to reading speed, blaming the
    audio)."""
    wav, _truth = narration
    plain = build(load_project(_project(make_project, wav)))
    d = _project(make_project, wav, "")
    video = _variant(wav, d / "surround.mkv", "-i", str(wav), "-f", "lavfi", "-i",
                     "anoisesrc=a=0.2:r=16000:c=pink", "-filter_complex",
                     "[1]asplit=5[a][b][c][d][e];[0][a][b][c][d][e]join=inputs=6:"
                     "channel_layout=5.1:map=1.0-FL|2.0-FR|0.0-FC|3.0-LFE|4.0-BL|5.0-BR,"
                     "atrim=0:25[out]", "-map", "[out]", "-c:a", "flac")
    yaml = f"video: {video.name}\nspeech_language: en\ntiming: {{source: audio}}\n"
    (d / "project.yaml").write_text(yaml + "audio_channel: C\n", encoding="utf-8")
    centre = build(load_project(d))
    assert not any(TIMING_FALLBACK in c.flags for c in centre.cues)
    for a, b in zip(_starts(centre.cues), _starts(plain.cues)):
        assert abs(a - b) <= 120, (a, b)
    for bad, says in (("TFL", "5.1: FL, FR, FC, LFE, BL, BR"), ("6", "5.1: FL, FR")):
        (d / "project.yaml").write_text(yaml + f"audio_channel: {bad}\n", encoding="utf-8")
        with pytest.raises(ConfigError) as err:
            build(load_project(d))
        assert err.value.line == 4 and says in str(err.value), str(err.value)


def test_reading_speed_around_fits_free_cues_before_a_not_heard_one_ahead_of_a_locked_one():
    """Free cues, then one locked as not heard, then a locked cue: the free run's room ends at
    the locked cue, not at the video's end (the second cue ran over the locked one and was
    cut to 232 ms)."""
    from subtitler.model import Role, Segment
    from subtitler.timing import Rules, reading_speed_around

    text = ("a sentence of some length that takes a while to read",)
    segs = [Segment(f"c{i}", "b01", Role.BODY, en=text) for i in range(4)]
    rules = Rules()
    cues = reading_speed_around(segs, rules, locked={"c2": None, "c3": (4000, 6000, 0.8)},
                                end_ms=20000)
    by = {c.id: c for c in cues}
    assert (by["c3"].start_ms, by["c3"].end_ms) == (4000, 6000)
    assert NOT_HEARD in by["c2"].flags and not by["c2"].shown
    a, b = by["c0"], by["c1"]
    assert a.end_ms < b.start_ms and b.end_ms + rules.min_gap_ms <= 4000, (a, b)
    # the room shared between them, not the second squeezed by the locked cue
    assert abs((a.end_ms - a.start_ms) - (b.end_ms - b.start_ms)) <= 1, (a, b)


def test_no_cue_lingers_past_the_end_of_the_audio(make_project, narration):
    """A shorter cut ending on the narration's last words: the last cue lingered for reading
    (its Chinese takes longer to read than the line to say) 1.2 s past the end of the audio,
    and the lock `subs --relock` wrote was refused by the next `subs` as ending after the
    audio. A cue now lingers no later than the audio's end, and the lock it writes is read."""
    wav, truth = narration
    script = SCRIPT.replace("相关工程将于明年春天开工。",
                            "相关工程预计将于明年春天正式开工建设，届时将有更多船只停靠。")
    d = make_project(script, "video: narration.wav\nspeech_language: en\n"
                             "timing: {lock: timing.lock.json}\n")
    with wave.open(str(wav)) as wf:
        rate = wf.getframerate()
        keep = wf.readframes(rate * (truth[-1][2] + 100) // 1000)
    # (in whole ms, rounded up: the audio is measured as ffmpeg decodes it at 16 kHz, which
    # can come out a sample or so longer than the file's own rate says)
    end_ms = -(-len(keep) // 2 * 1000 // rate)
    _wav(d / "narration.wav", np.frombuffer(keep, np.int16), rate)
    first = build(load_project(d), relock=True)
    write_outputs(load_project(d), first.outputs)
    for name, text in first.files.items():
        Path(name).write_text(text, encoding="utf-8")
    last = _shown(first.cues)[-1]
    assert "spring" in last.text("en", " ") and last.end_ms <= end_ms, (last, end_ms)
    again = build(load_project(d))  # the lock it wrote: read, not refused
    assert [c.end_ms for c in _shown(again.cues)] == [c.end_ms for c in _shown(first.cues)]


def test_a_shorter_cut_whose_unsaid_lines_the_lock_lists_is_not_warned_of(make_project,
                                                                           narration):
    """A cut saying the first sentence of five, its other cues listed under `not_heard` in the
    timing lock (a paragraph said only in part cannot be a note): the warning that the
    narration holds under half of what the script needs counted the lines the editor had
    listed as not said, and came on every build. It counts the lines that may be said."""
    wav, truth = narration
    d = _project(make_project, wav, "timing: {lock: timing.lock.json}\n")
    cues = [c for c in build(load_project(d)).cues if c.spoken]
    with wave.open(str(wav)) as wf:
        rate = wf.getframerate()
        keep = wf.readframes(rate * (truth[0][2] + 1000) // 1000)
    _wav(d / "narration.wav", np.frombuffer(keep, np.int16), rate)
    (d / "timing.lock.json").write_text(json.dumps(
        {"cues": {}, "not_heard": [c.id for c in cues[1:]]}), encoding="utf-8")
    result = build(load_project(d))
    assert not any("the narration holds" in w for w in result.warnings), result.warnings
    (first,) = _shown(result.cues)
    assert abs(first.start_ms - truth[0][1]) <= 250, (first, truth[0])


def test_a_card_after_the_end_of_a_shorter_cut_is_warned_of(make_project, narration):
    """A cut ending on the words of the first two paragraphs, the last two notes: the title
    card of their section went after the end of the audio, `subs` said nothing, and the render refused it
    saying to check `video:`. `subs` names the card's block and the note that leaves it out."""
    wav, truth = narration
    head, tail = SCRIPT.split("Farmers in the valley")
    script = head + "Plans Ahead\n未来规划\n" + "Farmers in the valley" + tail
    d = make_project(script, "video: narration.wav\nspeech_language: en\nlead_spoken: true\n")
    with wave.open(str(wav)) as wf:
        rate = wf.getframerate()
        keep = wf.readframes(rate * (truth[1][2] + 50) // 1000)
    _wav(d / "narration.wav", np.frombuffer(keep, np.int16), rate)
    code, out, _err = run_cli("blocks", str(d))
    ids = {line.split()[0]: line.split()[1] for line in out.splitlines()
           if line and not line.startswith(" ")}
    (heading,) = [b for b, role in ids.items() if role == "heading"]
    notes = [b for b in ids if b > heading]
    yaml = ("video: narration.wav\nspeech_language: en\nlead_spoken: true\nroles:\n"
            + "".join(f"  - {{id: {b}, role: note}}\n" for b in notes))
    (d / "project.yaml").write_text(yaml, encoding="utf-8")
    (warning,) = [w for w in build(load_project(d)).warnings if "card of block" in w]
    assert warning.startswith(f"{d / 'narration.wav'}: the heading card of block {heading} "
                              '("Plans Ahead") starts at '), warning
    assert "after the end of the audio" in warning and "renders refuse it" in warning
    assert f"`{{id: {heading}, role: note}}`" in warning
    (d / "project.yaml").write_text(yaml + f"  - {{id: {heading}, role: note}}\n",
                                    encoding="utf-8")
    result = build(load_project(d))
    assert not any("card of block" in w for w in result.warnings), result.warnings
    assert len(_shown(result.cues)) >= 2 and all(c.spoken for c in result.cues if c.shown)
