"""The sample episode as committed: its tracks pass QC, and they are what a fresh build makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from subtitler.pipeline import load_project, run_project_qc
from subtitler.qc import ERROR
from subtitler.tracks import cues_from_json

from .conftest import SAMPLE, run_cli

COMMITTED = SAMPLE / "subtitles" / f"{SAMPLE.name}.cues.json"


def test_committed_sample_passes_qc_with_no_errors(tmp_path):
    cues = cues_from_json(COMMITTED.read_text(encoding="utf-8"))
    d = tmp_path / SAMPLE.name
    d.mkdir()
    shutil.copy(SAMPLE / "script.txt", d / "script.txt")
    (d / "project.yaml").write_text("qc: {shots: false}\n", encoding="utf-8")
    findings, _ = run_project_qc(load_project(d), cues)
    errors = [f for f in findings if f.severity == ERROR]
    assert errors == []
    # every layout, line-break, punctuation, duration and gap rule is silent; what remains are
    # warnings about the narration itself: the sentence it skips, its pace, low confidence
    assert {f.rule for f in findings} <= {"not_heard", "low_confidence", "en_reading_speed",
                                          "zh_reading_speed"}
    shown = [c for c in cues if c.shown]
    assert len(shown) > 25
    # the sentence the narrator skips is flagged, not shown
    skipped = [c for c in cues if "low-carbon" in c.text("en", " ")]
    assert skipped and all("not_heard" in c.flags for c in skipped)


@pytest.fixture(scope="module")
def sample_media(tmp_path_factory) -> Path:
    """The sample's media folder: the one made already (`make demo`), else made once here."""
    media = SAMPLE / "media"
    if (media / f"{SAMPLE.name}.mp4").exists():
        return media
    d = tmp_path_factory.mktemp("sample") / SAMPLE.name
    shutil.copytree(SAMPLE, d, ignore=shutil.ignore_patterns("build", "media"))
    code, _, err = run_cli("sample-media", str(d))
    assert code == 0, err
    return d / "media"


@pytest.mark.slow
def test_committed_sample_tracks_are_up_to_date(tmp_path, sample_media):
    """What CI's `make check` does: synthesise the media, rebuild, compare byte for byte."""
    d = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, d, ignore=shutil.ignore_patterns("build", "media"))
    shutil.copytree(sample_media, d / "media")
    code, out, err = run_cli("check", str(d))
    assert code == 0, out + err
    assert "up to date" in out
    # the photo captions come with their photos: from the cut to the photo to the cut away
    from subtitler import ffmpeg
    from subtitler.model import Role
    shots = ffmpeg.scene_changes(d / "media" / f"{SAMPLE.name}.mp4")
    captions = [c for c in cues_from_json(COMMITTED.read_text(encoding="utf-8"))
                if c.role is Role.CAPTION]
    assert len(captions) == 2
    for c in captions:
        assert c.start_ms in shots, (c, shots)
        assert min(s for s in shots if s > c.start_ms) >= c.end_ms
    # a one-word edit names no locked cue as far from its words: about 30 were named, all
    # where they belong (the check aligned without the synthesised script)
    script = (d / "script.txt").read_text(encoding="utf-8")
    assert "their respective features." in script
    (d / "script.txt").write_text(script.replace("their respective features.",
                                                 "their respective features this year.", 1),
                                  encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and "now seems to say" not in err, err


def _sample_cut(tmp_path: Path, sample_media: Path, seconds: float) -> tuple[Path, str]:
    """The sample as a shorter cut: its first ``seconds`` of video (media/cut.mp4), no build,
    tracks or lock; and its project.yaml without `video:`, `timing:` and `subtitles_dir:`."""
    import subprocess

    from subtitler import ffmpeg

    d = tmp_path / "cut"
    shutil.copytree(SAMPLE, d, ignore=shutil.ignore_patterns("build", "media", "subtitles",
                                                             "timing.lock.json"))
    (d / "media").mkdir()
    subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i",
                    str(sample_media / f"{SAMPLE.name}.mp4"), "-t", f"{seconds:g}", "-c", "copy",
                    str(d / "media" / "cut.mp4")], check=True)
    yaml = (d / "project.yaml").read_text(encoding="utf-8")
    return d, "\n".join(ln for ln in yaml.splitlines()
                        if not ln.startswith(("video:", "timing:", "subtitles_dir:")))


@pytest.mark.slow
def test_a_shorter_cut_ending_on_a_reworded_line_times_that_line(tmp_path, sample_media):
    """The sample cut at 61.2 s, just after the first sentence of its second section, as an
    editor gives it: the sections it leaves out as notes, the rest of that paragraph under
    `not_said:`. The sentence's last cue, said reworded ("while helping clusters in counties
    nurture their own features"), was left unheard and off the tracks, its speech claimed by no
    text; and "strengthen the upstream and lower-stream coordination", said shortened, gave its
    words to the cue before it. Each is timed to its words now (where an alignment with the
    narration's own words puts them: 47650 and 57615 ms)."""
    import json

    from subtitler.timing import READ_SHIFT_MS

    d, yaml = _sample_cut(tmp_path, sample_media, 61.2)
    later = ["Focusing on innovation and breakthroughs", "and institutional innovation, we",
             "and improve their functions", "We will accelerate", "of industrial agglomeration "
             "areas, build", "in these areas, carry out", "reorganize and revitalize",
             "and improve their per mu", "We will promote low-carbon", "of industrial "
             "agglomeration areas to build", "deepen institutional", "promote in light of",
             "such as", "\"integration of the", "with companies\"", "in management and"]
    yaml += ("\nvideo: media/cut.mp4\nroles:\n" +
             "".join(f"  - {{id: {b}, role: note}}\n" for b in ("b09", "b10", "b11")) +
             "not_said:\n" + "".join(f"  - {{match: {json.dumps(m)}}}\n" for m in later))
    (d / "project.yaml").write_text(yaml, encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0, err
    cues = {c["id"]: c for c in json.loads((d / "build" / "cut.cues.json").read_text(
        encoding="utf-8"))["cues"]}
    # (the first, 53 characters said in 1.5 s, is shown up to READ_SHIFT_MS early to be read)
    for cue, start, lead in (("c52fef8c7", 47650, READ_SHIFT_MS), ("c8606ba53", 57615, 0)):
        assert not cues[cue]["flags"], cues[cue]
        assert start - lead - 250 <= cues[cue]["start_ms"] <= start + 250, cues[cue]
    said = [c for c in cues.values() if c["block"] == "b08" and not c["flags"]]
    assert len(said) == 6  # the sentence the cut says, all of it
    srt = (d / "build" / "cut.en.srt").read_text(encoding="utf-8")
    assert "while helping those clusters" in srt and "lower-stream" in srt


@pytest.mark.slow
def test_a_cut_three_quarters_long_times_what_it_says_as_the_whole_video_does(tmp_path,
                                                                             sample_media):
    """The sample cut at 108 s (74 % of its narration), run before the editor has said
    anything about the cut: what it says is timed as the whole video times it, and the rest is
    flagged not heard. Seven lines the narration never says had been crammed, shown at up to
    59 characters a second, between 76 and 94 s, and two said lines were left unheard: the
    content warp's band had bent its path."""
    d, yaml = _sample_cut(tmp_path, sample_media, 108)
    (d / "project.yaml").write_text(yaml + "\nvideo: media/cut.mp4\n", encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0, err
    whole = {c.id: c for c in cues_from_json(COMMITTED.read_text(encoding="utf-8")) if c.spoken}
    cut = [c for c in cues_from_json((d / "build" / "cut.cues.json").read_text(
        encoding="utf-8")) if c.spoken]
    assert {c.id for c in cut} == set(whole)
    before = [c for c in cut if whole[c.id].end_ms <= 106_000]
    assert len(before) >= 30
    for c in before:
        w = whole[c.id]
        assert c.shown == w.shown, (c, w)
        if c.shown:
            assert abs(c.start_ms - w.start_ms) <= 250 and abs(c.end_ms - w.end_ms) <= 250, (c, w)
    after = [c for c in cut if whole[c.id].start_ms >= 108_000]
    assert after and all(not c.shown for c in after), after


def _narrated(tmp_path: Path, yaml: str) -> Path:
    d = tmp_path / "ep"
    d.mkdir(parents=True)
    shutil.copy(SAMPLE / "script.txt", d / "script.txt")
    shutil.copy(SAMPLE / "narration.txt", d / "narration.txt")
    (d / "project.yaml").write_text(yaml, encoding="utf-8")
    return d


def test_sample_media_never_overwrites_a_video_it_did_not_make(tmp_path):
    # an editor's real video beside a narration.txt (the reporter's read script): make's rule
    # for the sample media would have replaced it with a synthetic slideshow
    d = _narrated(tmp_path, "video: media/ep.mp4\n")
    real = d / "media" / "ep.mp4"
    real.parent.mkdir()
    real.write_bytes(b"the editor's real video")
    code, _, err = run_cli("sample-media", str(d))
    assert code == 2 and real.read_bytes() == b"the editor's real video"
    assert err.count("\n") == 1 and "not made by `subtitler sample-media`" in err
    assert "ep.mp4" in err and "remove narration.txt" in err


def test_sample_media_knows_its_own_video(tmp_path):
    import hashlib
    import json

    from subtitler.samplemedia import made_here
    video = tmp_path / "ep.mp4"
    video.write_bytes(b"made here")
    truth = tmp_path / "truth.json"
    assert not made_here(video)
    digest = hashlib.sha256(b"made here").hexdigest()
    truth.write_text(json.dumps({"video": "ep.mp4", "sha256": digest}), encoding="utf-8")
    assert made_here(video)
    video.write_bytes(b"replaced by the editor")
    assert not made_here(video)
    truth.write_text(json.dumps({"video": "other.mp4"}), encoding="utf-8")
    assert not made_here(video)


def test_sample_media_names_the_video_project_yaml_must_name(tmp_path):
    d = _narrated(tmp_path, "video: media/episode.mp4\n")
    code, _, err = run_cli("sample-media", str(d))
    assert code == 2 and err.count("\n") == 1
    assert "media/ep.mp4" in err and "set `video: media/ep.mp4`" in err
    assert not (d / "media" / "ep.mp4").exists()


def test_sample_media_says_when_the_narration_is_not_in_the_spoken_language(tmp_path):
    """speech_language: zh with an English narration.txt was read aloud by the Mandarin voice
    without a word (README audit of session 14): one line naming the file and the fix."""
    d = _narrated(tmp_path, "video: media/ep.mp4\nspeech_language: zh\n")
    code, _, err = run_cli("sample-media", str(d))
    assert code == 2 and err.count("\n") == 1, err
    assert "narration.txt:" in err and "written in English, but speech_language is zh" in err
    assert not (d / "media" / "ep.mp4").exists()


def test_sample_media_makes_the_same_video_every_time(tmp_path):
    """The video is synthesised from committed files, so it is the same bytes each time (its
    sha256 is in truth.json): -shortest had cut the picture a few frames apart from run to run,
    and the muxer interleaved sound and picture differently."""
    import hashlib

    digests = []
    for k in range(2):
        d = _narrated(tmp_path / f"run{k}", "video: media/ep.mp4\n")
        code, _out, err = run_cli("sample-media", str(d))
        assert code == 0, err
        digests.append(hashlib.sha256((d / "media" / "ep.mp4").read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    # made from the same inputs, it is not written again (a new modification time made `check`
    # and make take the episode for changed); a changed narration makes it afresh
    video = d / "media" / "ep.mp4"
    stamp = video.stat().st_mtime_ns
    assert run_cli("sample-media", str(d))[0] == 0 and video.stat().st_mtime_ns == stamp
    narration = d / "narration.txt"
    narration.write_text(narration.read_text(encoding="utf-8") + "One more line.\n",
                         encoding="utf-8")
    assert run_cli("sample-media", str(d))[0] == 0 and video.stat().st_mtime_ns != stamp


def test_a_mandarin_narrations_tags_typed_full_width_are_tags():
    """A Chinese input method types [section] as 【section】 and | as ｜: the heading slide's
    line was read aloud as a narrated sentence (and recorded in truth.json as scripted)."""
    from subtitler.samplemedia import parse_narration

    items = parse_narration("【section】 High-Level Industry Carriers ｜ 建设高能级产业载体\n"
                            "［aside］首先，我们来看产业园区。\n"
                            "【新华社】今天发布。\n")
    assert [(i.kind, i.en, i.zh) for i in items] == [
        ("section", "High-Level Industry Carriers", "建设高能级产业载体"),
        ("aside", "首先，我们来看产业园区。", ""),
        ("line", "【新华社】今天发布。", "")]  # other words in 【】 are said


def test_a_chinese_slide_heading_wraps_inside_the_slide():
    """A Mandarin narration's [section] heading in Chinese only (no spaces) was drawn on one
    line, off both edges of the slide; English wraps at its spaces as before."""
    from subtitler.fonts import pil_font
    from subtitler.samplemedia import _wrap

    font = pil_font(32, "Medium")
    zh = "加快服务业“两区”转型发展，推动商务中心区和服务业专业园区功能优化、服务升级"
    lines = _wrap(zh, font, 600)
    assert "".join(lines) == zh and len(lines) > 1
    assert all(font.getlength(ln.rstrip("，、”")) <= 600 for ln in lines), lines
    assert not any(ln[0] in "，、”" for ln in lines), lines  # no line starts with closing marks
    en = "Accelerating the transformation and development in the Two Districts"
    assert _wrap(en, font, 600) == ["Accelerating the transformation and",
                                    "development in the Two Districts"]
