from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler.model import Cue, Role
from subtitler.pipeline import build, load_project
from subtitler.tracks import (AssLayout, ass_escape, ass_ms, cues_from_json, cues_to_json, read_srt,
                              read_vtt, to_ass, to_srt, to_vtt)

from .conftest import GOLDEN, SAMPLE


def _cues() -> list[Cue]:
    return [
        Cue("c1", "b01", Role.HEADING, 1000, 4000, ("High-Level Industry Carriers",),
            ("建设高能级产业载体",)),
        Cue("c2", "b02", Role.BODY, 1000, 3500, ("R&D <design>, and", "e-commerce"),
            ("研发设计", "电子商务")),
        Cue("c3", "b02", Role.BODY, 3584, 6000, ("A {brace} and C:\\path",), ("括号",)),
        Cue("c4", "b03", Role.CAPTION, 7000, 11000, ("Photo provided to dahe.cn",), ()),
        Cue("c5", "b04", Role.BODY, 7100, 9000, ("Only English",), ()),
        Cue("c6", "b04", Role.BODY, 11100, 3_723_456, (), ("只有中文",)),
    ]


def test_cues_json_round_trip_exact():
    cues = _cues()
    text = cues_to_json(cues)
    assert cues_from_json(text) == cues
    row = json.loads(text)["cues"][1]
    assert set(row) == {"id", "block", "role", "start_ms", "end_ms", "en", "zh", "confidence",
                        "flags"}
    assert row["en"] == "R&D <design>, and\ne-commerce"


@pytest.mark.parametrize("lang", ["en", "zh", "bilingual"])
def test_srt_round_trip(lang):
    cues = _cues()
    items = read_srt(to_srt(cues, lang))
    expect = [c for c in cues if c.spoken and (lang == "bilingual" or getattr(c, lang))]
    assert [(i.start_ms, i.end_ms) for i in items] == [(c.start_ms, c.end_ms) for c in expect]
    for item, c in zip(items, expect):
        lines = (list(c.zh) + list(c.en)) if lang == "bilingual" else list(getattr(c, lang))
        assert item.text.split("\n") == lines


@pytest.mark.parametrize("edit, line, needle", [
    # entries run together: pysrt read one entry, the rest as its text, every cue in 0.8 s
    (lambda t: t.replace("\n\n", "\n"), 4, "no blank line before it"),
    # 99 seconds: read as 1:39
    (lambda t: t.replace("00:00:03,000 -->", "00:00:99,000 -->"), 6, "over 59"),
    # a fraction of a second in fewer or more than three digits: 3,5 read as 3.005 s,
    # 4,0500 as 8.5 s
    (lambda t: t.replace("00:00:03,000 -->", "00:00:03,5 -->"), 6, "1 digit (5)"),
    (lambda t: t.replace("--> 00:00:04,000", "--> 00:00:04,0500"), 6, "4 digits (0500)"),
])
def test_an_srt_pysrt_would_misread_is_an_error_naming_its_line(edit, line, needle):
    from subtitler.errors import TrackError

    text = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\n2024\n"
    assert [t.text for t in read_srt(text)] == ["Hello", "2024"]
    with pytest.raises(TrackError) as err:
        read_srt(edit(text), "ed.srt")
    assert str(err.value).startswith(f"ed.srt:{line}: ") and needle in str(err.value)


def test_srt_bilingual_has_chinese_above_english():
    text = to_srt(_cues(), "bilingual")
    assert text.startswith("1\n00:00:01,000 --> 00:00:03,500\n研发设计\n电子商务\n"
                           "R&D <\u2060design>, and\n")


def _through_ffmpeg(tmp_path, said: tuple[str, ...], fmt: str) -> tuple[Path, str]:
    """An English SRT of one cue per text of ``said`` (its path), and what ffmpeg's SRT
    decoder makes of it, written out as ``fmt``."""
    import subprocess

    from subtitler import ffmpeg
    cues = [Cue(f"c{i}", "b01", Role.BODY, 1000 + 2000 * i, 2000 + 2000 * i, en=(t,))
            for i, t in enumerate(said)]
    srt = tmp_path / "x.srt"
    srt.write_text(to_srt(cues, "en"), encoding="utf-8")
    return srt, subprocess.run([ffmpeg.ffmpeg_exe(), "-v", "error", "-i", str(srt), "-f", fmt,
                                "-"], capture_output=True, text=True, check=True).stdout


def test_srt_angle_brackets_survive_a_player(tmp_path):
    # ffmpeg's SRT decoder (mpv's, and the muxed track's) takes `<word ...>` for a tag
    said = ("exports<imports and debt>GDP", "a<b and b>c, <i>not italic</i>")
    srt, out = _through_ffmpeg(tmp_path, said, "srt")
    decoded = [t.text.replace("\u2060", "") for t in read_srt(out)]
    assert decoded == list(said)
    assert [t.text for t in read_srt(srt.read_text(encoding="utf-8"))] == list(said)


def test_srt_backslashes_and_braces_are_not_markup_to_a_player(tmp_path):
    """ffmpeg's SRT decoder (mpv's, the muxed track's) hands the text to libass as ASS:
    "C:\\new" broke the line at \\n, a literal {\\an8} moved the cue to the top and {hello}
    vanished. Backslashes stay backslashes (a word joiner after each), braces show full-width."""
    said = ("C:\\new\\table and \\N", "{\\an8}at the top", "a {hello} world")
    _srt, out = _through_ffmpeg(tmp_path, said, "ass")
    events = [ln.split(",", 9)[9] for ln in out.splitlines() if ln.startswith("Dialogue:")]
    assert len(events) == 3
    for text in events:  # no override block, no escape: what libass draws is the text
        assert "{" not in text and "}" not in text
        assert not re.search(r"\\[nNh]", text), text
    shown = [t.replace("\u2060", "").replace("｛", "{").replace("｝", "}") for t in events]
    assert shown == list(said)


def test_srt_text_holding_an_arrow_is_not_a_timing_line_to_a_player(tmp_path):
    """ffmpeg's SRT demuxer (mpv's, the muxed track's) read a text line with `-->` between two
    times as a new entry's timing and a number-only line above it as that entry's number: the
    cue lost its text and a stray entry showed at 1 s. Each `-->` holds a word joiner."""
    said = ("00:00:01,000 --> 00:00:02,000 is a timing", "Zhengzhou --> Luoyang",
            "12\n00:00:05,000 --> 00:00:06,000 too", "a ---> b")
    srt, out = _through_ffmpeg(tmp_path, said, "srt")
    decoded = [(t.start_ms, t.text.replace("\u2060", "")) for t in read_srt(out)]
    assert decoded == [(1000 + 2000 * i, t) for i, t in enumerate(said)]
    assert [t.text for t in read_srt(srt.read_text(encoding="utf-8"))] == list(said)


def _cues_saying(said):
    """One English cue for each of ``said``, 1 s long, 2 s apart."""
    return [Cue(f"c{i}", "b01", Role.BODY, 1000 + 2000 * i, 2000 + 2000 * i, en=(t,))
            for i, t in enumerate(said)]


def test_srt_text_holding_two_times_is_not_a_timing_line_to_pysubs2():
    """pysubs2 (and the tools built on it) reads any line with two times in it as a timing
    line, arrow or not: the cue's text went to a stray entry at the times in the text."""
    said = ("00:00:01,000 --> 00:00:02,000 is a timing", "from 12:00:00.000 to 13:00:00.000",
            "one time 10:30:15.5 only")
    cues = _cues_saying(said)
    text = to_srt(cues, "en")
    events = pysubs2.SSAFile.from_string(text, format_="srt")
    assert [(e.start, e.plaintext.replace("\u2060", "")) for e in events] == \
        [(c.start_ms, c.text("en")) for c in cues]
    assert [t.text for t in read_srt(text)] == list(said)
    assert "10:30:15.5" in text  # a line with one time is left as it is


def test_vtt_text_holding_two_times_is_not_a_timing_line_to_pysubs2():
    """pysubs2 reads WebVTT with its SRT reader: a text line with two WebVTT times in it was
    a timing line to it, as in SRT, and the cue's text went to a stray entry at those times
    (the SRT track had been fixed, the WebVTT track not)."""
    said = ("from 09:00:00.000 to 17:00:00.000", "at 10:30.50 and 11:45.00",
            "one time 10:30:15.500 only")
    cues = _cues_saying(said)
    text = to_vtt(cues, "en")
    events = pysubs2.SSAFile.from_string(text, format_="vtt")
    # (pysubs2 keeps the next cue's identifier as text: the first line is the cue's)
    assert [(e.start, e.end, e.plaintext.replace("\u2060", "").split("\n")[0]) for e in events] \
        == [(c.start_ms, c.end_ms, c.text("en")) for c in cues]
    assert [t.text for t in read_vtt(text)] == list(said)
    assert "10:30:15.500" in text  # a line with one time is left as it is


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_vtt_round_trip_ours_and_pysubs2(lang):
    cues = _cues()
    text = to_vtt(cues, lang)
    assert text.startswith("WEBVTT\n\n")
    assert "R&amp;D &lt;design&gt;" in text or lang == "zh"
    ours = read_vtt(text)
    expect = [c for c in cues if c.spoken and getattr(c, lang)]
    assert [(t.ident, t.start_ms, t.end_ms, t.text) for t in ours] == \
        [(c.id, c.start_ms, c.end_ms, c.text(lang)) for c in expect]
    theirs = pysubs2.SSAFile.from_string(text, format_="vtt")
    assert [(e.start, e.end) for e in theirs] == [(c.start_ms, c.end_ms) for c in expect]


def test_ass_structure_and_round_trip():
    cues = _cues()
    # (a title over two lines of project.yaml: its line break ended [Script Info] early, and
    # PlayRes was read from no section at all)
    text = to_ass(cues, AssLayout(width=1280, height=720), title="Henan\n[Events]\nbuilds")
    subs = pysubs2.SSAFile.from_string(text)
    assert subs.info["Title"] == "Henan [Events] builds"
    assert subs.info["PlayResX"] == "1280" and subs.info["PlayResY"] == "720"
    assert subs.info["WrapStyle"] == "2"
    assert {"ZH", "EN", "TitleZH", "TitleEN", "CaptionZH", "CaptionEN"} <= set(subs.styles)
    assert subs.styles["ZH"].fontsize > subs.styles["EN"].fontsize
    events = {e.name: e for e in subs}
    assert set(events) == {"c1", "c2", "c3", "c4", "c5", "c6"}
    for c in cues:  # the same frames (24 fps) as the cue's millisecond times
        e = events[c.id]
        assert _frames(e.start, e.end, 24) == _frames(c.start_ms, c.end_ms, 24)
        assert e.start % 10 == 0 and e.end % 10 == 0
    assert events["c1"].style == "TitleZH" and "\\fad(" in events["c1"].text
    assert events["c4"].style == "CaptionEN"
    # Chinese above English in one event, every break ours
    assert events["c2"].text == "{\\an8}研发设计\\N电子商务\\N{\\rEN}R&D <design>, and\\Ne-commerce"
    # a cue during a title card or caption moves to the top; others stay at the bottom
    assert events["c5"].text.startswith("{\\an8}")
    assert not events["c6"].text.startswith("{\\an8}")
    # captions placed at the top stay there, during a card too (the cards are at the bottom)
    top = {e.name: e for e in pysubs2.SSAFile.from_string(
        to_ass(cues, AssLayout(width=1280, height=720, position="top")))}
    assert all(top[k].text.startswith("{\\an8}") for k in ("c2", "c3", "c5", "c6"))
    # override characters in the text are made literal
    assert events["c3"].text.count("{") == events["c3"].text.count("}") == 2
    assert "｛brace｝" in events["c3"].text and "\\path" not in events["c3"].text


def _frames(start_ms: float, end_ms: float, fps: float) -> list[int]:
    """The frames a player shows an event on: those whose time t has start <= t < end
    (exact arithmetic: frame times of 23.976 fps land on whole milliseconds)."""
    from fractions import Fraction
    rate = Fraction(fps).limit_denominator(1001)
    return [f for f in range(int(start_ms * fps / 1000) - 2, int(end_ms * fps / 1000) + 3)
            if start_ms <= f * 1000 / rate < end_ms]


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10_000_000), st.integers(1, 8000),
       st.sampled_from([23.976, 24, 25, 29.97, 30, 50, 59.94, 60]))
def test_ass_times_show_the_frames_of_the_millisecond_times(start, length, fps):
    # ASS counts centiseconds: rounded to the nearest, a cue ending at 69666 ms (24 fps) kept
    # frame 1672 and the two-frame gap before the next cue at 69750 ms showed one blank frame
    rate = 30000 / 1001 if fps == 29.97 else 24000 / 1001 if fps == 23.976 else \
        60000 / 1001 if fps == 59.94 else fps
    s, e = ass_ms(start, fps), ass_ms(start + length, fps)
    assert (s, e) == (ass_ms(start, rate), ass_ms(start + length, rate))  # as probed, or written
    assert s % 10 == 0 and e % 10 == 0
    assert _frames(s, e, rate) == _frames(start, start + length, rate)


def test_ass_gap_of_two_frames_survives():
    a = Cue("a", "b01", Role.BODY, 68000, 69666, en=("one",))
    b = Cue("b", "b01", Role.BODY, 69750, 71000, en=("two",))
    subs = pysubs2.SSAFile.from_string(to_ass([a, b], AssLayout(width=1280, height=720, fps=24)))
    first, second = list(subs)
    assert (first.end, second.start) == (69660, 69750)
    blank = [f for f in range(1660, 1680)
             if not _frames(first.start, first.end, 24).count(f)
             and not _frames(second.start, second.end, 24).count(f)]
    assert blank == [1672, 1673]


@pytest.mark.parametrize("text,box,alpha", [
    ("#FFFFFF", (0, 0, 0), 80), ("#FFD700", (0, 0, 0), 80), ("#000000", (255, 255, 255), 80),
    ("#1A237E", (255, 255, 255), 80),
    ("#808080", (0, 0, 0), 0)])  # mid-grey stands out from neither through a box of 69 %
def test_title_cards_and_photo_captions_are_boxed_to_stand_out(text, box, alpha):
    """Dark caption text had stood on the black box of title cards and photo captions."""
    layout = AssLayout(width=1280, height=720, primary_colour=text)
    tracks = pysubs2.SSAFile.from_string(to_ass(_cues(), layout))
    burn = pysubs2.SSAFile.from_string(to_ass(_cues(), layout, box_style=4))
    for name in ("TitleZH", "TitleEN", "CaptionZH", "CaptionEN"):
        # the tracks: a box round each line (style 3, of the outline colour), which every
        # player draws; libass's one box round the card (4, of the back colour) only burned in,
        # with no outline over it (it blotted a halo round each glyph)
        st, bst = tracks.styles[name], burn.styles[name]
        assert st.borderstyle == 3 and bst.borderstyle == 4
        assert (st.outlinecolor.r, st.outlinecolor.g, st.outlinecolor.b, st.outlinecolor.a) == \
            (*box, alpha)
        assert (bst.backcolor.r, bst.backcolor.g, bst.backcolor.b, bst.backcolor.a) == \
            (*box, alpha)
        assert bst.outlinecolor.a == 255


def test_subtitles_moved_up_for_a_card_keep_to_the_top_with_a_raised_bottom_margin():
    """margin_v (the bottom margin, raised over a lower third) was also the top margin of
    subtitles moved up for a card: at 0.45 they sat lower than at the bottom, over the card."""
    layout = AssLayout(width=1280, height=720, margin_v=0.45)
    events = {e.name: e for e in pysubs2.SSAFile.from_string(to_ass(_cues(), layout))}
    assert events["c5"].text.startswith("{\\an8}") and events["c5"].marginv == round(0.055 * 720)
    assert not events["c6"].text.startswith("{\\an8}") and events["c6"].marginv == 0  # style's
    assert pysubs2.SSAFile.from_string(to_ass(_cues(), layout)).styles["ZH"].marginv == 324
    # chosen at the top, the editor's margin is the top margin
    top = dataclasses.replace(layout, position="top")
    events = {e.name: e for e in pysubs2.SSAFile.from_string(to_ass(_cues(), top))}
    assert events["c5"].marginv == 0 and events["c6"].marginv == 0


def test_ass_escape():
    assert ass_escape("a{b}c\\N") == "a｛b｝c\\\u2060N"


# ---------------------------------------------------------------- the sample, golden files


@pytest.fixture(scope="module")
def sample_build():
    from tests.regen_golden import golden_outputs

    return golden_outputs(SAMPLE.name)


def test_golden_files(sample_build):
    """The sample's tracks as committed; regenerate with `make golden` after a deliberate change."""
    for fname, text in sample_build.items():
        golden = GOLDEN / SAMPLE.name / fname
        assert golden.exists(), f"missing golden {golden}: run `make golden`"
        assert text == golden.read_text(encoding="utf-8"), f"{fname} differs from its golden"
    assert sorted(p.name for p in (GOLDEN / SAMPLE.name).iterdir()) == sorted(sample_build)


def test_sample_body_text_whole_in_srts_and_no_note(sample_build):
    from subtitler.script import read_script
    from subtitler.textutil import collapse_ws, normalize_zh_punct

    name = SAMPLE.name
    blocks = read_script(SAMPLE / "script.txt").blocks
    body = [b for b in blocks if b.role is Role.BODY]
    en = " ".join(i.text.replace("\n", " ") for i in read_srt(sample_build[f"{name}.en.srt"]))
    assert en == " ".join(collapse_ws(b.en) for b in body)
    zh = "".join(i.text.replace("\n", "") for i in read_srt(sample_build[f"{name}.zh.srt"]))
    strip = str.maketrans("", "", "，。,")
    # (line-final ，。 are dropped; one inside a line stays)
    assert zh.translate(strip) == "".join(normalize_zh_punct(b.zh) for b in body).translate(strip)
    for srt in ("en.srt", "zh.srt", "bilingual.srt"):
        text = sample_build[f"{name}.{srt}"]
        for b in blocks:
            if b.role in (Role.NOTE, Role.LEAD, Role.CREDITS, Role.ACK, Role.CAPTION,
                          Role.HEADING):
                for t in (b.en, b.zh):
                    assert not t or t[:30] not in text.replace("\n", " "), (srt, b.id)
    for item in read_srt(sample_build[f"{name}.bilingual.srt"]):
        assert item.end_ms - item.start_ms >= 833 and item.end_ms - item.start_ms <= 7000


def test_sample_three_headings_are_title_cards(sample_build):
    subs = pysubs2.SSAFile.from_string(sample_build[f"{SAMPLE.name}.ass"])
    titles = [e for e in subs if e.style == "TitleZH"]
    assert len(titles) == 3
    assert "建设高能级产业载体" in titles[0].text and "High-Level Industry Carriers" in titles[0].text
    assert "二次创业" in titles[1].text and "两区" in titles[2].text
    assert sum(1 for e in subs if e.style.startswith("Caption")) == 2


def test_sample_cues_json_reads_back(sample_build):
    cues = cues_from_json(sample_build[f"{SAMPLE.name}.cues.json"])
    assert cues_to_json(cues) == sample_build[f"{SAMPLE.name}.cues.json"]
    spoken = [c for c in cues if c.spoken]
    assert all(a.end_ms < b.start_ms for a, b in zip(spoken, spoken[1:]))


def test_sample_build_is_deterministic(sample_project):
    a = build(load_project(sample_project)).outputs
    b = build(load_project(sample_project)).outputs
    assert a == b


def test_sizes_are_fractions_of_the_shorter_side():
    """A 9:16 frame gets the caption sizes of a 16:9 one: at 1920 high the default Chinese
    line of 16 characters was 1600 px wide, over a 1080 px frame (render audit)."""
    land, port = AssLayout(width=1920, height=1080), AssLayout(width=1080, height=1920)
    assert land.px(0.052) == port.px(0.052) == 56
    assert land.scaled(2.5) == port.scaled(2.5) == 2.5
    zh = pysubs2.SSAFile.from_string(to_ass([], port)).styles["ZH"]
    assert 16 * zh.fontsize + 2 * zh.marginl <= port.width
