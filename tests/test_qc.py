"""QC rules fire on crafted cues and stay quiet on clean ones; `check` catches stale tracks."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest

from subtitler.model import Cue, Role
from subtitler.pipeline import load_project
from subtitler.qc import ERROR, WARNING, Limits, run_qc
from subtitler.timing import Rules

from .conftest import run_cli

R = Rules()


def cue(i: int, start: int, end: int, en=("Exports doubled last year.",), zh=("去年出口翻了一番",),
        flags=(), conf=1.0) -> Cue:
    return Cue(f"c{i}", "b01", Role.BODY, start, end, tuple(en), tuple(zh), conf, tuple(flags))


def rules_of(findings):
    return sorted({f.rule for f in findings})


def test_clean_cues_give_no_finding():
    cues = [cue(1, 1000, 3500), cue(2, 3584, 6000, en=("The province will build",
                                                        "more industrial parks."),
                                    zh=("全省将建设更多产业园区",))]
    assert run_qc(cues, R) == []


@pytest.mark.parametrize("cues, rule, severity", [
    ([cue(1, 0, 3000, en=("x" * 43,))], "en_chars_per_line", ERROR),
    ([cue(1, 0, 3000, zh=("一" * 17,))], "zh_chars_per_line", ERROR),
    ([cue(1, 0, 3000, zh=("一二三四五六七八九十一二三四五", "abcdefghij" + "一" * 12))],
     "zh_chars_per_line", ERROR),  # half-width counts 0.5: 5 + 12 = 17
    ([cue(1, 0, 6000, en=("a", "b", "c"))], "en_lines", ERROR),
    ([cue(1, 0, 6000, zh=("一", "二", "三"))], "zh_lines", ERROR),
    ([cue(1, 0, 1000, en=("The province will build more parks.",))], "en_reading_speed", ERROR),
    ([cue(1, 0, 1500, en=("The province will build more parks.",), zh=("省",))],
     "en_reading_speed", WARNING),
    ([cue(1, 0, 1000, en=("A",), zh=("全省将建设更多产业园区", "去年出口翻了一番"))],
     "zh_reading_speed", ERROR),
    ([cue(1, 0, 500, en=("A",), zh=("一",))], "min_duration", ERROR),
    ([cue(1, 0, 7500)], "max_duration", ERROR),
    ([cue(1, 0, 3000), cue(2, 2900, 6000)], "overlap", ERROR),
    ([cue(1, 0, 3000), cue(2, 3040, 6000)], "min_gap", ERROR),
    ([cue(1, 0, 3000), cue(2, 3300, 6000)], "close_gap", WARNING),
    ([cue(1, 0, 3000, zh=("去年出口翻了一番，",))], "zh_line_end_punctuation", ERROR),
    ([cue(1, 0, 3000, zh=("去年出口", "”翻了一番"))], "zh_line_start_punctuation", ERROR),
    ([cue(1, 0, 3000, en=("He visited the", "industrial parks."))], "en_break_after_article",
     WARNING),
    ([cue(1, 0, 3000, en=("Reporter Zhao", "Hanqing wrote it."))], "en_break_in_name", WARNING),
    ([cue(1, 0, 3000, flags=("not_heard",))], "not_heard", WARNING),
    ([cue(1, 0, 3000, flags=("timing_fallback",))], "timing_fallback", ERROR),
    ([cue(1, 0, 3000, conf=0.2)], "low_confidence", WARNING),
])
def test_each_rule_fires(cues, rule, severity):
    found = [f for f in run_qc(cues, R) if f.rule == rule]
    assert found, rules_of(run_qc(cues, R))
    f = found[0]
    assert f.severity == severity and f.cue and f.source and f.limit is not None


def test_a_gap_after_a_cue_of_the_longest_duration_is_not_to_close():
    """A gap of 12 frames or less is closed by bringing the earlier cue's out-time up to two
    frames before the next; after a cue already on screen for the longest time (7 s) it cannot
    close, and apply_rules leaves it (the next cue's in-time stays on its words). `qc` had
    warned close_gap (5.3 frames) after such a cue, timed from an editor's SRT; a gap the
    earlier cue can still close is warned of as before."""
    from subtitler.timing import apply_rules
    timed = apply_rules([cue(1, 1000, 8100), cue(2, 8221, 11000)], R)
    assert [(c.start_ms, c.end_ms) for c in timed] == [(1000, 8000), (8221, 11000)]
    assert "close_gap" not in rules_of(run_qc(timed, R))
    # (closing would take the cue to 7.05 s)
    assert "close_gap" not in rules_of(run_qc([cue(1, 1000, 7950), cue(2, 8221, 11000)], R))
    assert "close_gap" in rules_of(run_qc([cue(1, 1000, 7800), cue(2, 8000, 11000)], R))


def test_shot_change_and_pixel_width():
    cues = [cue(1, 1000, 4000)]
    assert rules_of(run_qc(cues, R, shots=[2500])) == ["crosses_shot_change"]
    assert run_qc(cues, R, shots=[1200, 3900]) == []  # within 12 frames of an edge
    wide = run_qc(cues, R, measure=lambda text, lang: 2000.0, width=1920)
    assert rules_of(wide) == ["line_width_px"]


def test_the_report_table_prints_each_message_whole():
    """`subtitler qc` cut each message at 70 characters: a new episode's crossed pair read
    "2025 is in the English of one of cues ce13f1412 and c50c8a94a and the ", without the
    Chinese or what to check, and a long line's own text was lost likewise."""
    from subtitler.qc import check_crossed_pairs, table
    a = cue(1, 0, 2000, en=("Exports rose to $1.2 billion",), zh=("据商务部统计",))
    b = cue(2, 2100, 4000, en=("according to the ministry.",), zh=("对美出口达12亿美元",))
    long = cue(3, 4100, 7000, en=("The province will build more industrial parks next year, "
                                  "officials said",))
    findings = list(check_crossed_pairs([a, b], R, None)) + run_qc([long], R)
    assert {f.rule for f in findings} >= {"crossed_pair", "en_chars_per_line"}, findings
    text = table(findings)
    for f in findings:
        assert f.message in text, (f.message, text)
    assert "check them against the script" in text


def test_a_low_confidence_is_reported_as_cues_json_gives_it():
    """A cue of confidence 0.398 was reported as "low_confidence 0.4 0.4" (rounded to two
    places): under the limit, by a value equal to it."""
    from subtitler.qc import table
    found = [f for f in run_qc([cue(1, 0, 3000, conf=0.398)], R) if f.rule == "low_confidence"]
    assert [(f.value, f.limit) for f in found] == [(0.398, 0.4)], found
    assert "0.398" in table(found)


def test_limits_from_project(sample_project):
    (sample_project / "project.yaml").write_text(
        "limits: {en_chars_per_line: 30}\nqc: {shots: false}\n", encoding="utf-8")
    code, out, _ = run_cli("subs", str(sample_project))
    assert code == 0
    code, out, err = run_cli("qc", str(sample_project))
    assert code == 0, out + err  # lines were cut to 30 as well, so nothing is over
    report = json.loads((sample_project / "build" / f"{sample_project.name}.qc.json")
                        .read_text(encoding="utf-8"))
    assert report["errors"] == 0 and report["cues"] > 30


def test_qc_exit_codes(make_project):
    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n",
                     "timing: {source: file, file: t.srt}\nqc: {shots: false}\n")
    (d / "t.srt").write_text("1\n00:00:01,000 --> 00:00:01,400\nExports doubled last year.\n",
                             encoding="utf-8")
    assert run_cli("subs", str(d))[0] == 0
    code, out, _ = run_cli("qc", str(d))
    assert code == 1 and "min_duration" not in out  # the rules lengthened it
    assert "en_reading_speed" in out or "zh_reading_speed" in out


def test_check_passes_after_build_and_names_the_changed_cue(sample_project):
    yaml = (sample_project / "project.yaml").read_text(encoding="utf-8")
    (sample_project / "project.yaml").write_text(yaml + "subtitles_dir: subtitles\n",
                                                 encoding="utf-8")
    code, out, err = run_cli("check", str(sample_project))
    assert code == 1 and "error: " in err and "nothing is committed in" in err and "yet" in err, \
        out + err
    assert run_cli("subs", str(sample_project))[0] == 0
    code, out, err = run_cli("check", str(sample_project))
    assert code == 0, out + err
    assert "up to date" in out
    before = json.loads((sample_project / "subtitles" / f"{sample_project.name}.cues.json")
                        .read_text(encoding="utf-8"))["cues"]
    script = (sample_project / "script.txt").read_text(encoding="utf-8")
    (sample_project / "script.txt").write_text(
        script.replace("vigorously develop the headquarter", "actively develop the headquarter"),
        encoding="utf-8")
    code, out, err = run_cli("check", str(sample_project))
    assert code == 1 and err.startswith(f"error: {sample_project.name}: "), err
    changed = [ln for ln in err.splitlines() if " changed " in ln]
    assert len(changed) == 1 and "actively develop" in changed[0]
    old = next(c for c in before if "vigorously develop" in c["en"])
    assert old["id"] in changed[0]


def test_check_of_an_unchanged_project_does_not_build_it_again(sample_project, monkeypatch):
    """`check` re-timed every episode on every run (49 s for 30 projects, nothing changed):
    once a check found the tracks up to date, the next one with nothing changed takes that
    answer; a change to any input (here a committed track edited by hand) builds again."""
    from subtitler import pipeline

    (sample_project / "project.yaml").write_text(
        (sample_project / "project.yaml").read_text(encoding="utf-8")
        + "subtitles_dir: subtitles\n", encoding="utf-8")
    assert run_cli("subs", str(sample_project))[0] == 0
    built = []
    real = pipeline.build
    monkeypatch.setattr(pipeline, "build", lambda *a, **k: built.append(1) or real(*a, **k))

    def check():
        built.clear()
        return pipeline.check_committed(pipeline.load_project(sample_project))[0]
    assert check() == [] and built
    assert check() == [] and not built
    srt = sample_project / "subtitles" / f"{sample_project.name}.en.srt"
    srt.write_text(srt.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert check() == [f"{sample_project.name}.en.srt"] and built
    assert check() == [f"{sample_project.name}.en.srt"] and built  # still out of date
    # the CLI says why a file differs when no cue changed (it listed the file and no more)
    code, _, err = run_cli("check", str(sample_project))
    assert code == 1 and "the cues are as committed" in err, err
    assert "`make subs` replaces a track only laid out otherwise" in err, err


def test_crossed_pairs_compare_numbers_by_value():
    """1.2 billion and 12亿 are one number (it compared "1.2" with "12" and saw nothing)."""
    from subtitler.qc import check_crossed_pairs
    a = cue(1, 0, 2000, en=("Exports rose to $1.2 billion",), zh=("据商务部统计",))
    b = cue(2, 2100, 4000, en=("according to the ministry.",), zh=("对美出口达12亿美元",))
    found = list(check_crossed_pairs([a, b], R, None))
    assert [f.value for f in found] == ["$1.2 billion"], found
    same = cue(2, 2100, 4000, en=("according to the ministry.",), zh=("据商务部统计",))
    first = cue(1, 0, 2000, en=("Exports rose to $1.2 billion",), zh=("对美出口达12亿美元",))
    assert list(check_crossed_pairs([first, same], R, None)) == []
    # numbers in words, and the numerals inside 十五年, 二十年, 六月, are not compared (a warning
    # came for each of these rightly paired cues)
    for (e1, z1), (e2, z2) in ((("The five-storey museum opened in 2010,", "这座五层博物馆2010年开馆，"),
                                ("after he spent 15 years building it.", "他为此花了十五年时间。")),
                               (("Ten new parks were built in the city,", "全市新建公园十座，"),
                                ("the most in the past 20 years.", "为二十年来最多。")),
                               (("The plant launched six new models,", "工厂推出新车型六款，"),
                                ("all in June.", "均在六月发布。"))):
        pair = [cue(1, 0, 2000, en=(e1,), zh=(z1,)), cue(2, 2100, 4000, en=(e2,), zh=(z2,))]
        assert list(check_crossed_pairs(pair, R, None)) == [], (e1, e2)


def test_cues_whose_languages_are_paired_crosswise_are_warned_of(make_project):
    """The translation puts the clauses in the other order: a long paragraph's cues paired the
    English of one clause with the Chinese of another, and nothing said so."""
    from subtitler.pipeline import build, load_project
    from subtitler.qc import run_qc
    from subtitler.timing import Rules

    en = ("In 2020 the province built 120 industrial parks across its eighteen cities, and by "
          "2025 it plans to raise their output to 5,000 billion yuan with new rail links.\n")
    crossed = "到2025年，全省计划通过新建铁路将产业园区产值提高到5000亿元，而2020年全省18个城市共建成120个产业园区。\n"
    same = "2020年，全省18个城市共建成120个产业园区；到2025年，全省计划通过新建铁路将产业园区产值提高到5000亿元。\n"
    found = {}
    for name, zh in (("crossed", crossed), ("same", same)):
        d = make_project(en + zh, "timing: {source: reading}\n", name=name)
        project = load_project(d)
        cues = build(project).cues
        found[name] = [f.value for f in run_qc(cues, Rules.from_config(project.config))
                       if f.rule == "crossed_pair"]
    assert "2025" in found["crossed"] and found["same"] == []


def test_the_shot_cache_is_redone_for_another_threshold(make_project, monkeypatch):
    """build/<ep>.shots.json kept the shot changes of the old `timing.shot_threshold`."""
    from subtitler import ffmpeg
    from subtitler.pipeline import shot_changes

    d = make_project("Exports doubled last year.\n", "video: media/ep.mp4\n")
    (d / "media").mkdir()
    (d / "media" / "ep.mp4").write_bytes(b"a video")
    asked: list[float] = []

    def scenes(video, threshold):
        asked.append(threshold)
        return [1000] if threshold < 0.5 else []

    monkeypatch.setattr(ffmpeg, "scene_changes", scenes)
    monkeypatch.setattr(ffmpeg, "probe", lambda video: SimpleNamespace(has_video=True))
    assert shot_changes(load_project(d)) == [1000]
    assert shot_changes(load_project(d)) == [1000] and asked == [0.35]  # cached
    (d / "project.yaml").write_text("video: media/ep.mp4\ntiming: {shot_threshold: 0.99}\n",
                                    encoding="utf-8")
    assert shot_changes(load_project(d)) == [] and asked == [0.35, 0.99]
