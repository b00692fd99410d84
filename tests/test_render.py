"""Rendering end to end on a short generated video, checked on decoded frames."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from subtitler import ffmpeg
from subtitler.errors import RenderError
from subtitler.pipeline import load_cues, load_project
from subtitler.render import burn, make_plan, mux, preview, small_size, stills
from subtitler.tracks import to_srt

from .conftest import run_cli

pytestmark = pytest.mark.slow

SCRIPT = """\
Exports doubled last year.
去年出口翻了一番。
The province will build more industrial parks.
全省将建设更多产业园区。
文案:赵汉青 杨佳欣
视频:何蒙贺
"""
W, H = 320, 180
BG = (20, 60, 120)


@pytest.fixture(scope="module")
def video(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("media")
    out = d / "clip.mp4"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", f"color=c=0x{BG[0]:02x}{BG[1]:02x}{BG[2]:02x}:"
                f"s={W}x{H}:d=8:r=24", "-f", "lavfi", "-i", "sine=f=440:r=16000:d=8",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-shortest", str(out)], what="making the test video")
    return out


@pytest.fixture
def project(tmp_path, video) -> Path:
    d = tmp_path / "ep"
    d.mkdir()
    (d / "script.txt").write_text(SCRIPT, encoding="utf-8")
    shutil.copy(video, d / "clip.mp4")
    (d / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\ncards: {section_pause_ms: 0}\n"
        "encoder: {preset: ultrafast}\n", encoding="utf-8")
    return d


def _frames(path: Path, times_ms: list[int]) -> list[np.ndarray]:
    out = []
    for t in times_ms:
        proc = ffmpeg.run(["-ss", f"{t / 1000:.3f}", "-i", str(path), "-frames:v", "1",
                           "-f", "image2", "-vcodec", "png", "pipe:1"], what="reading a frame")
        out.append(np.asarray(Image.open(io.BytesIO(proc.stdout)).convert("RGB")).astype(int))
    return out


def _text_pixels(frame: np.ndarray, rows: slice = slice(None)) -> int:
    """Pixels that are far from the plain background: drawn text (white with outline)."""
    region = frame[rows]
    return int((np.abs(region - np.array(BG)).sum(axis=2) > 120).sum())


def test_burn_captions_where_cues_are_and_credits_after(project):
    out = burn(load_project(project))
    assert Path(out) == project / "build" / "ep.burned.mp4"
    cues = json.loads((project / "build" / "ep.cues.json").read_text(encoding="utf-8"))["cues"]
    shown = [c for c in cues if c["role"] == "body"]
    assert len(shown) == 2
    info = ffmpeg.probe(out)
    plan = make_plan(load_project(project))
    assert plan.credits_ms > 0
    assert abs(info.duration_ms - (8000 + plan.credits_ms)) < 300  # extended for the credits
    inside = [(c["start_ms"] + c["end_ms"]) // 2 for c in shown]
    outside = [shown[0]["start_ms"] - 500, shown[-1]["end_ms"] + 400]
    lower = slice(H // 2, H)
    for frame in _frames(out, inside):
        assert _text_pixels(frame, lower) > 150
        # inside the title-safe area (SMPTE ST 2046-1, EBU R 95): nothing drawn in the lowest
        # 5 % of the frame (the outline of descenders reached 4.3 %)
        assert _text_pixels(frame, slice(H - H // 20, H)) == 0
    for frame in _frames(out, outside):
        assert _text_pixels(frame) < 20
    credit_frames = _frames(out, [8000 + plan.credits_ms // 2, 8000 + plan.credits_ms - 600])
    assert max(_text_pixels(f) for f in credit_frames) > 150
    assert not list((project / "build").glob("*.part*"))


def test_reading_speed_cues_end_inside_the_video(project):
    """Timed at reading speed, a script longer than the video ran past its end: every render
    refused the late cues and said to run `make subs`, which made them again."""
    more = "".join(f"The province will build {n} more industrial parks this year.\n"
                   f"全省今年将再建设{n}个产业园区。\n" for n in range(2, 4))
    (project / "script.txt").write_text(SCRIPT.replace("文案", more + "文案"), encoding="utf-8")
    code, _out, err = run_cli("subs", str(project))
    assert code == 0 and "past the video's end (0:08.0)" in err, err
    cues = load_cues(load_project(project))
    assert max(c.end_ms for c in cues if c.shown) <= 8000
    assert run_cli("burn", "--dry-run", str(project))[0] == 0
    # far too long to fit: said so, not squeezed
    many = "".join(f"The province will build {n} more industrial parks this year.\n"
                   f"全省今年将再建设{n}个产业园区。\n" for n in range(2, 12))
    (project / "script.txt").write_text(SCRIPT.replace("文案", many + "文案"), encoding="utf-8")
    code, _out, err = run_cli("subs", str(project))
    assert code == 0 and "too far to show them faster" in err, err


def test_missing_glyph_stops_before_render(project):
    (project / "script.txt").write_text(SCRIPT.replace("出口", "出\U00030000口"),
                                        encoding="utf-8")
    code, _, err = run_cli("burn", str(project))
    assert code == 2
    line = err.strip().splitlines()[-1]
    assert line.startswith("error: ") and "no glyph" in line and "U+30000" in line
    assert not (project / "build" / "ep.burned.mp4").exists()


def test_too_wide_line_stops_before_render(project):
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\nstyle: {en_size: 40}\n", encoding="utf-8")
    code, _, err = run_cli("burn", str(project))
    assert code == 2 and "wider than the room between the side margins" in err
    assert "project.yaml:3" in err and "lower `style.en_size`" in err, err


def test_the_width_check_measures_lines_as_libass_draws_them(tmp_path):
    """Measured and drawn widths agree to 1 %, for English with kerning pairs (libass does not
    kern: measured with kerning, they came out narrower than drawn), Chinese, and the Bold of
    title cards (measured in Regular, up to 9 % narrower) at fractional pixel sizes (measured
    at whole ones, up to 4 % off)."""
    import ffmpeg as ffp

    from subtitler.fonts import static_fonts, text_width

    texts = ["AVATAR To. Yo, Wa Te LT", "We will carry out intensive allocation of resources.",
             "打造以国家级战略平台和高端产业创新平台为龙头"]
    lines = [(text, size, bold) for size in (21, 30, 37.5, 52.5) for bold in (False, True)
             for text in texts]
    tops, y = [], 10
    for _text, size, _bold in lines:
        tops.append(y)
        y += int(size * 1.6)
    styles = "".join(
        f"Style: S{k},Noto Sans CJK SC,{size},&H00FFFFFF,&H000000FF,&H00000000,&H00000000,"
        f"{-1 if bold else 0},0,0,0,100,100,0,0,1,0,0,7,0,0,0,1\n"
        for k, (_t, size, bold) in enumerate(lines))
    events = "".join(f"Dialogue: 0,0:00:00.00,0:00:01.00,S{k},,0,0,0,,{{\\pos(20,{top})}}{text}\n"
                     for k, ((text, _s, _b), top) in enumerate(zip(lines, tops)))
    ass = tmp_path / "w.ass"
    ass.write_text(
        f"[Script Info]\nScriptType: v4.00+\nPlayResX: 1280\nPlayResY: {y}\nWrapStyle: 2\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
        "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, "
        "Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        + styles + "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, "
        "MarginV, Effect, Text\n" + events, encoding="utf-8")
    fonts = static_fonts("".join(texts), tmp_path)
    v = ffmpeg.ass_filter(ffp.input(f"color=black:s=1280x{y}:d=1", f="lavfi"), ass, fonts)
    png = ffmpeg.run(ffp.output(v, "pipe:1", vframes=1, format="image2", vcodec="png")
                     .get_args(), what="drawing the lines").stdout
    frame = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    for (text, size, bold), top in zip(lines, tops):
        ink = np.nonzero(frame[top - 2:top + int(size * 1.6) - 2].max(axis=0) > 60)[0]
        drawn = ink[-1] - ink[0] + 1
        measured = text_width(text, size, bold=bold)
        assert abs(measured - drawn) <= max(2.0, 0.01 * drawn), (text, size, bold, measured, drawn)


def test_a_backslash_in_the_script_is_drawn_as_written(project, tmp_path):
    """libass reads `\\n`, `\\N` and `\\h` as escapes wherever they are ("C:\\new" is a line
    break), so a script's backslash had been shown as a full-width ＼. Escaped with a word
    joiner, the text is drawn on one line, as wide as written; the check passes it (the joiner
    needs no glyph)."""
    import ffmpeg as ffp

    from subtitler.fonts import static_fonts, text_width
    from subtitler.tracks import ass_escape

    text = "Saved in C:\\new\\notes and \\N here"
    size = 30
    ass = tmp_path / "b.ass"
    ass.write_text(
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 1280\nPlayResY: 100\nWrapStyle: 2\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, "
        "OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, "
        "Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding\n"
        f"Style: S,Noto Sans CJK SC,{size},&H00FFFFFF,&H000000FF,&H00000000,&H00000000,"
        "0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,1\n\n[Events]\nFormat: Layer, Start, End, Style, Name, "
        f"MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:00.00,0:00:01.00,S,,0,0,0,,"
        f"{{\\pos(20,20)}}{ass_escape(text)}\n", encoding="utf-8")
    fonts = static_fonts(text, tmp_path)
    v = ffmpeg.ass_filter(ffp.input("color=black:s=1280x100:d=1", f="lavfi"), ass, fonts)
    png = ffmpeg.run(ffp.output(v, "pipe:1", vframes=1, format="image2", vcodec="png")
                     .get_args(), what="drawing the line").stdout
    frame = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    rows = np.nonzero(frame.max(axis=1) > 60)[0]
    assert rows[-1] - rows[0] < 1.3 * size  # one line
    ink = np.nonzero(frame.max(axis=0) > 60)[0]
    assert abs((ink[-1] - ink[0] + 1) - text_width(text, size)) <= 3
    (project / "script.txt").write_text(SCRIPT.replace("Exports doubled last year.",
                                                       "Exports saved in C:\\new doubled."),
                                        encoding="utf-8")
    code, out, err = run_cli("burn", "--dry-run", str(project))
    assert code == 0, err


def test_encoder_settings_the_encoders_refuse_stop_before_render(project):
    """x264 took `crf: 100` as 51 without a word (a video of 11 kb/s)."""
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\nencoder: {crf: 100}\n", encoding="utf-8")
    code, _, err = run_cli("burn", "--dry-run", str(project))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "project.yaml:3" in err and "`encoder.crf: 100` is over libx264's highest, 51" in err
    # a sample rate aac does not take failed after ffmpeg started, naming the output file
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\nencoder: {audio_rate: 12345}\n",
        encoding="utf-8")
    code, _, err = run_cli("burn", "--dry-run", str(project))
    assert code == 2 and "project.yaml:3" in err and "`encoder.audio_rate: 12345`" in err, err


@pytest.mark.parametrize("style,key", [
    # a photo caption starts at the left margin: measured against the whole frame, one ran off
    # its right edge with the check passed
    ("{caption_size: 0.14}", "style.caption_size"),
    # the room between wide side margins
    ("{margin_h: 0.24, en_size: 0.11}", "style.en_size"),
    # text too small to read (1 meant 100 %, and was 1 px)
    ("{en_size: 1}", "style.en_size"),
    ("{font: Arial}", "style.font")])
def test_a_style_that_cannot_render_well_stops_before_render_naming_its_key(project, style,
                                                                            key):
    (project / "script.txt").write_text(
        SCRIPT.replace("去年出口翻了一番。\n", "去年出口翻了一番。\n"
                       "A new industrial park in Zhengzhou. [Photo provided to dahe.cn]\n"),
        encoding="utf-8")
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\n"
        f"credits: {{mode: card}}\nstyle: {style}\n", encoding="utf-8")
    code, _, err = run_cli("burn", "--dry-run", str(project))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert "project.yaml:4" in err and key in err, err


def test_sizes_at_the_smallest_allowed_still_render(project):
    """2 % of the frame's shorter side is allowed (whole pixels): it had been refused, as the
    rounded size was held against the exact limit."""
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\n"
        "style: {caption_size: 0.02, en_size: 0.021, title_size: 0.029}\n", encoding="utf-8")
    code, _, err = run_cli("burn", "--dry-run", str(project))
    assert code == 0, err


def test_the_audio_sample_rate_of_renders_can_be_set(project):
    """Broadcast wants 48 kHz sound; renders kept the source's rate (16 kHz here, 22.05 kHz in
    the sample) with no way to change it."""
    def rate(path) -> int:
        text = ffmpeg.run(["-i", str(path)], what="probing", check=False).stderr.decode()
        return int(re.search(r"Audio: .*?(\d+) Hz", text).group(1))
    assert rate(preview(load_project(project), 1000, 1000, size=(160, 90))) == 16000
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\nencoder: {preset: ultrafast, "
        "audio_rate: 48000}\n", encoding="utf-8")
    assert rate(preview(load_project(project), 1000, 1000, size=(160, 90))) == 48000


def test_an_encoder_ffmpeg_lacks_stops_before_render(project):
    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\nencoder: {vcodec: libfoo}\n",
        encoding="utf-8")
    code, _, err = run_cli("burn", str(project))
    assert code == 2 and "`encoder.vcodec: libfoo`: this ffmpeg has no such encoder" in err, err
    assert err.startswith(f"error: {project / 'project.yaml'}:3: "), err  # (it named no line)
    assert not list((project / "build").glob("*.mp4"))


def test_dry_run_prints_the_command_and_runs_nothing(project):
    code, out, err = run_cli("burn", str(project), "--dry-run")
    assert code == 0, err
    # a plan cached by an older version (a field missing) is made afresh, not a traceback
    meta = project / "build" / "ep.plan.json"
    data = json.loads(meta.read_text(encoding="utf-8"))
    del data["has_audio"]
    meta.write_text(json.dumps(data), encoding="utf-8")
    code, again, err = run_cli("burn", str(project), "--dry-run")
    assert code == 0 and again == out, err
    assert out.startswith(ffmpeg.ffmpeg_exe()) and "ass=filename=" in out and "tpad" in out
    assert not (project / "build" / "ep.burned.mp4").exists()


def test_a_preview_decodes_and_encodes_on_half_the_cores_each_and_a_burn_as_ffmpeg_would(
        project, monkeypatch):
    import shlex

    from subtitler import render

    assert [render.preview_threads(n) for n in (1, 2, 3, 8)] == [1, 1, 1, 4]
    monkeypatch.setattr(render, "_cores", lambda: 8)
    args = shlex.split(preview(load_project(project), 1000, 2000, dry_run=True))
    inputs, outputs = args[:args.index("-i")], args[args.index("-i"):]
    for part in (inputs, outputs):  # the decoder's, before its input; the encoder's, after
        assert part.count("-threads") == 1 and part[part.index("-threads") + 1] == "4", args
    code, out, err = run_cli("burn", str(project), "--dry-run")
    assert code == 0 and "-threads" not in out, err
    # a still's decoder: the share given it
    seen = []
    monkeypatch.setattr(ffmpeg, "run", lambda args, **kw: seen.append(args) or
                        SimpleNamespace(stdout=b"png"))
    ffmpeg.frame_png(project / "clip.mp4", 1000, threads=2)
    inputs = seen[0][:seen[0].index("-i")]
    assert inputs[inputs.index("-threads") + 1] == "2", seen[0]


def test_preview_is_exactly_the_stretch(project):
    out = preview(load_project(project), 2000, 3000, size=(160, 90))
    info = ffmpeg.probe(out)
    assert (info.width, info.height) == (160, 90)
    assert abs(info.duration_ms - 3000) <= 100


def test_a_preview_near_the_end_starts_on_the_frame_it_names(project):
    """A preview within 2 s of the programme's end is seeked 2 s before the end (142.17 s in
    the sample), a time the stream's time base cannot hold: every frame came a tick early,
    trim dropped the frame at ``at``, and the preview began a frame late."""
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=24", "-f", "lavfi", "-i",
                "sine=f=440:r=16000", "-frames:v", "3460", "-t", "144.170", "-c:v", "libx264",
                "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac",
                str(project / "clip.mp4")], what="making the test video")
    proj = load_project(project)
    assert make_plan(proj).programme_ms == 144170
    first = _frames(preview(proj, 142500, 500, size=(160, 90)), [0])[0]  # frame 3420
    raw = ffmpeg.run(["-ss", "142.440", "-i", str(project / "clip.mp4"), "-frames:v", "3",
                      "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"], what="reading frames")
    source = np.frombuffer(raw.stdout, np.uint8).reshape(3, 90, 160, 3).astype(int)  # 3419-21
    misfit = [np.abs(first[:60] - f[:60]).mean() for f in source]
    assert int(np.argmin(misfit)) == 1, misfit  # (compared above the captions)


def test_a_render_killed_outright_leaves_nothing_for_long(tmp_path):
    """SIGKILL runs no clean-up: its temporary file stayed beside the output for good. The
    next render removes those of processes no longer running, and no one else's."""
    import os

    dead = next(p for p in range(4_000_000, 3_000_000, -7) if not _alive(p))
    out = tmp_path / "ep.burned.mp4"
    gone = tmp_path / f".ep.burned.{dead}-abc123.part.mp4"
    running = tmp_path / f".ep.burned.{os.getppid()}-abc123.part.mp4"
    other = tmp_path / f".ep.preview.{dead}-abc123.part.mp4"
    recent = tmp_path / f".ep.burned.{dead}-def456.part.mp4"
    for p in (gone, running, other, recent):
        p.write_bytes(b"half a video")
        if p is not recent:  # (a fresh one may be another machine's, on a shared folder)
            os.utime(p, (p.stat().st_atime - 7200, p.stat().st_mtime - 7200))
    ffmpeg.atomic_target(out)
    assert not gone.exists() and running.exists() and other.exists() and recent.exists()


def _alive(pid: int) -> bool:
    import os

    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def test_two_renders_of_one_project_at_once_each_finish_their_file(project):
    """Two burns or previews at once shared one temporary file: one run "succeeded" with a
    video that does not decode. Each run writes its own and renames it when complete."""
    from concurrent.futures import ThreadPoolExecutor

    out = project / "build" / "ep.burned.mp4"
    assert ffmpeg.atomic_target(out) != ffmpeg.atomic_target(out)
    proj = load_project(project)
    with ThreadPoolExecutor(2) as pool:
        paths = list(pool.map(lambda _: preview(proj, 1000, 3000, size=(160, 90)), range(2)))
    assert paths[0] == paths[1]
    frames = ffmpeg.run(["-v", "error", "-i", str(paths[0]), "-f", "null", "-"],
                        what="decoding")
    assert not frames.stderr.strip() and abs(ffmpeg.probe(paths[0]).duration_ms - 3000) <= 100
    assert not list((project / "build").glob(".*part*"))


def test_preview_of_another_size_does_not_overwrite_the_default_one(project):
    proj = load_project(project)
    small = preview(proj, 2000, 1000, dry_run=True)
    large = preview(proj, 2000, 1000, size=(320, 180), dry_run=True)
    assert small.endswith("ep.preview-00m02s-1s.mp4")
    assert large.endswith("ep.preview-00m02s-1s-320x180.mp4")


def test_fonts_interrupted_leave_no_half_made_folder(tmp_path, monkeypatch):
    from subtitler import fonts

    def interrupted(tmp, *a):
        (tmp / "half.otf").write_bytes(b"x")
        raise KeyboardInterrupt
    monkeypatch.setattr(fonts, "_make_instances", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fonts.static_fonts("字", tmp_path)
    assert list(tmp_path.iterdir()) == []



def test_the_pass_without_the_subtitles_draws_the_same_credits(project):
    """The credits roll has an `ass` filter of its own, over the extension: the burn's pass
    with `null` in place of the subtitles' filter (the benchmark's) draws the same credits and
    no subtitle, and the burn's ASS holds no credit, the credits' ASS nothing else."""
    import pysubs2

    from subtitler import render

    proj = load_project(project)
    plan = render.checked_plan(proj)
    assert plan.credits_ms > 0
    burn_ass = pysubs2.load(str(proj.out(".burn.ass")))
    credits_ass = pysubs2.load(str(proj.out(".credits.ass")))
    assert burn_ass.events and not any(e.name.startswith("credits") for e in burn_ass.events)
    assert credits_ass.events and all(e.name.startswith("credits") for e in credits_ass.events)
    out = project / "build" / "null.mp4"
    ffmpeg.render(render.burn_args(proj, plan, out, subtitles=False), out,
                  total_ms=plan.total_ms)
    burned = burn(proj)
    cues = [c for c in plan.cues if c.role.value == "body"]
    at = [(c.start_ms + c.end_ms) // 2 for c in cues]
    roll = [8000 + plan.credits_ms // 2, 8000 + plan.credits_ms - 600]
    assert all(_text_pixels(f) < 20 for f in _frames(out, at))  # no subtitle
    assert all(_text_pixels(f, slice(H // 2, H)) > 150 for f in _frames(burned, at))
    for a, b in zip(_frames(out, roll), _frames(burned, roll)):
        assert _text_pixels(a) > 150 and np.abs(a.astype(int) - b).max() <= 2  # the same

def test_preview_graph_extends_for_the_credits_only_when_it_reaches_them(project):
    proj = load_project(project)
    plan = make_plan(proj)
    inside = preview(proj, 1000, 2000, dry_run=True)
    reaching = preview(proj, plan.programme_ms - 1000, 2000, dry_run=True)
    assert "ass=filename=" in inside and "tpad" not in inside
    assert "tpad" in reaching
    # (the sound is padded in any stretch: one after the sound ends had none to encode)
    assert "apad" in inside and "apad" in reaching


def test_a_preview_deep_in_the_credits_draws_only_its_own_frames(project):
    """The frames from the programme's end to the stretch are cut before the veil and the
    subtitles are drawn: a preview 8 minutes into a long credits roll took 70 s, drawing every
    frame from the programme's end; now as long as one at the start (1.6 s)."""
    proj = load_project(project)
    plan = make_plan(proj)
    graph = preview(proj, plan.total_ms - 1500, 1000, dry_run=True).split("-filter_complex ")[1]
    order = [graph.index(f) for f in ("tpad=", "trim=", "lutyuv=", "ass=filename=")]
    assert order == sorted(order), graph


def test_bundled_ffmpeg_is_found_without_running_it(monkeypatch):
    import subprocess

    def refuse(*a, **k):
        raise AssertionError("ffmpeg_exe ran a process")

    monkeypatch.delenv("SUBTITLER_FFMPEG", raising=False)
    monkeypatch.setattr(subprocess, "run", refuse)
    monkeypatch.setattr(subprocess, "Popen", refuse)
    ffmpeg.ffmpeg_exe.cache_clear()
    try:
        exe = Path(ffmpeg.ffmpeg_exe())
    finally:
        ffmpeg.ffmpeg_exe.cache_clear()
    assert exe.is_file() and exe.name.startswith("ffmpeg")


def test_preview_reaches_into_the_credits(project):
    plan = make_plan(load_project(project))
    out = preview(load_project(project), 7000, plan.credits_ms, size=(W, H))
    info = ffmpeg.probe(out)
    assert abs(info.duration_ms - plan.credits_ms) <= 150
    frame = _frames(out, [1000 + plan.credits_ms // 2])[0]
    assert _text_pixels(frame) > 150


def test_mux_has_language_tagged_tracks(project):
    out = mux(load_project(project))
    proc = ffmpeg.run(["-i", str(out)], what="probing", check=False)
    text = proc.stderr.decode()
    subs = [ln for ln in text.splitlines() if "Subtitle:" in ln]
    assert len(subs) == 2
    assert "(chi)" in subs[0] and "(eng)" in subs[1]
    titles = [ln.split(":", 1)[1].strip() for ln in text.splitlines()
              if ln.strip().startswith("title")]
    assert "简体中文" in titles and "English" in titles  # the script, which ISO 639-2 cannot say
    assert re.search(r"Video: h264", text)
    # the narration's language on the sound (speech_language), not `und`
    assert [ln for ln in text.splitlines() if "Audio:" in ln and "(eng)" in ln]
    # the tracks are written from the cues: SRTs deleted meanwhile are not tracks lost
    for srt in (project / "build").glob("*.srt"):
        srt.unlink()
    text = ffmpeg.run(["-i", str(mux(load_project(project)))], what="probing",
                      check=False).stderr.decode()
    assert sum("Subtitle:" in ln for ln in text.splitlines()) == 2


def test_a_traditional_script_is_drawn_labelled_and_tagged_as_traditional(project):
    """A script in Traditional characters had its track titled 简体中文, its review page tagged
    zh-Hans, and was drawn in the Simplified face. Its font is the Traditional face unless
    project.yaml names one."""
    from subtitler.review import render_page

    (project / "script.txt").write_text(
        SCRIPT.replace("去年出口翻了一番。", "去年出口總額翻了一番。")
        .replace("全省将建设更多产业园区。", "全省將建設更多產業園區。"), encoding="utf-8")
    proj = load_project(project)
    out = mux(proj)
    text = ffmpeg.run(["-i", str(out)], what="probing", check=False).stderr.decode()
    titles = [ln.split(":", 1)[1].strip() for ln in text.splitlines()
              if ln.strip().startswith("title")]
    assert "繁體中文" in titles and "简体中文" not in titles
    assert "Noto Sans CJK TC" in make_plan(proj).ass_text
    page = render_page("t", load_cues(proj), [], [], video_src=None, stills_src=None)
    assert 'lang="zh-Hant"' in page and "zh-Hans" not in page
    # a font named in project.yaml is kept
    with open(project / "project.yaml", "a", encoding="utf-8") as f:
        f.write("style: {font: Noto Sans CJK SC}\n")
    plan = make_plan(load_project(project))
    assert "Noto Sans CJK SC" in plan.ass_text and "Noto Sans CJK TC" not in plan.ass_text


def test_mux_tracks_carry_the_srt_text_as_written(project):
    """The MKV's tracks were re-encoded by ffmpeg's SRT encoder, through its ASS form: a
    script's "C:\\new\\table" came out of the MKV as "C:" and "ew\\table". They are the SRT
    files as written."""
    script = project / "script.txt"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "Exports doubled last year.", "Exports<imports doubled, said C:\\new\\table {x}."),
        encoding="utf-8")
    proj = load_project(project)
    out = mux(proj)
    for k, lang in enumerate(("zh", "en")):
        proc = ffmpeg.run(["-i", str(out), "-map", f"0:s:{k}", "-c:s", "copy", "-f", "srt",
                           "pipe:1"], what="extracting a track")
        assert proc.stdout.decode("utf-8") == to_srt(load_cues(proj), lang)
    assert "C:\\\u2060new\\\u2060table ｛x｝" in to_srt(load_cues(proj), "en")


def test_mux_of_a_sound_file_says_it_has_no_video(project):
    _remux(project, ["-vn", "-c:a", "copy"])
    with pytest.raises(RenderError, match="has no video stream"):
        mux(load_project(project))
    # qc, which `subs` of a sound file leads to, has no shots to look for there (ffmpeg's
    # "Output file does not contain any stream" had stopped it)
    code, _out, err = run_cli("qc", str(project))
    assert code == 0, err


def test_previews_and_stills_of_a_portrait_video_keep_its_shape(project):
    """A 9:16 video gets 360x640 previews and stills (they were 640x360, stretched, with the
    captions laid out on a landscape frame)."""
    _remux(project, ["-vf", "transpose=1", "-c:v", "libx264", "-preset", "ultrafast",
                     "-c:a", "copy"])
    proj = load_project(project)
    assert small_size(180, 320) == (360, 640) and small_size(1920, 1080) == (640, 360)
    info = ffmpeg.probe(preview(proj, 1000, 1000))
    assert (info.width, info.height) == (360, 640)
    sheet = Image.open(stills(proj)[0])
    assert sheet.width == 3 * 360 and sheet.height >= 640


def test_ctrl_c_during_a_render_is_an_interruption_not_an_ffmpeg_failure(tmp_path,
                                                                          monkeypatch):
    """Ctrl-C reaches ffmpeg too: it exits saying "received signal 2", which was reported as
    "ffmpeg failed while rendering" (exit 2). It is an interruption, and nothing is left."""
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\nfor a; do last=$a; done\necho half > \"$last\"\n"
                    "echo 'Exiting normally, received signal 2.' >&2\nexit 255\n")
    fake.chmod(0o755)
    monkeypatch.setattr(ffmpeg, "ffmpeg_exe", lambda: str(fake))
    out = tmp_path / "out" / "ep.burned.mp4"
    with pytest.raises(KeyboardInterrupt):
        ffmpeg.render(["-i", "x.mp4", str(out)], out, total_ms=1000)
    assert list(out.parent.iterdir()) == []


def _video_stream_line(path) -> str:
    proc = ffmpeg.run(["-i", str(path)], what="probing", check=False)
    return next(ln for ln in proc.stderr.decode().splitlines() if "Video:" in ln)


def test_renders_say_their_colours(project):
    """An untagged source gives a tagged render (BT.601 at this small size, BT.709 from HD
    up), so players do not guess; a tagged source's tags pass through."""
    proj = load_project(project)
    assert "smpte170m" in _video_stream_line(preview(proj, 1000, 1000, size=(160, 90)))
    assert ffmpeg.colour_tags(ffmpeg.MediaInfo(1000, 1920, 1080)) == "bt709"
    assert ffmpeg.colour_tags(ffmpeg.MediaInfo(1000, 1080, 1920)) == "bt709"
    # (HD as players guess it: 1278x718 was tagged BT.601, and shown so, in the audit)
    assert ffmpeg.colour_tags(ffmpeg.MediaInfo(1000, 1278, 718)) == "bt709"
    assert ffmpeg.colour_tags(ffmpeg.MediaInfo(1000, 720, 576)) == "smpte170m"
    assert ffmpeg.colour_tags(ffmpeg.MediaInfo(1000, 480, 854)) == "smpte170m"  # (upright SD)
    _remux(project, ["-c", "copy", "-bsf:v",
                     "h264_metadata=colour_primaries=1:transfer_characteristics=1:"
                     "matrix_coefficients=1:video_full_range_flag=0"])
    proj = load_project(project)
    assert ffmpeg.probe(proj.video_path).colour_tagged
    line = _video_stream_line(preview(proj, 1000, 1000, size=(160, 90)))
    assert "bt709" in line and "smpte170m" not in line


def test_stills_contact_sheet(project, monkeypatch):
    out, = stills(load_project(project))
    img = Image.open(out)
    assert img.width == 3 * 640 and img.height >= 360
    # the frames in time order, whatever the cues' order (cards came in script order: a
    # headline's card at 0:09.9 before a section's at 0:07.6)
    from dataclasses import replace

    from subtitler import render
    plan = make_plan(load_project(project))
    monkeypatch.setattr(render, "checked_plan", lambda p: replace(plan, cues=plan.cues[::-1]))
    asked = []

    def frame(video, at_ms, **kw):
        asked.append(at_ms)
        buf = io.BytesIO()
        Image.new("RGB", kw["size"]).save(buf, "PNG")
        return buf.getvalue()
    monkeypatch.setattr(ffmpeg, "frame_png", frame)
    stills(load_project(project))
    assert len(asked) >= 2 and asked == sorted(asked)
    # a long episode gets pages, in time order, not one sheet of every frame; a shorter run
    # removes the pages it no longer makes
    asked.clear()
    pages = stills(load_project(project), per_page=2)
    n = (len(asked) + 1) // 2
    assert [p.name for p in pages] == ["ep.stills.png"] + [f"ep.stills-{k}.png"
                                                           for k in range(2, n + 1)]
    assert all(Image.open(p).height <= 360 + 26 for p in pages) and asked == sorted(asked)
    assert stills(load_project(project)) == pages[:1]
    assert not list((project / "build").glob("ep.stills-*.png"))


@pytest.mark.parametrize("name", ["it's", "a:b", "c,d[e];f", "back\\slash"])
def test_render_through_awkward_paths(tmp_path, project, name):
    """The ass filter gets its paths escaped for the filter graph (one function, tested)."""
    weird = tmp_path / name / "ep"
    shutil.copytree(project, weird)
    out = preview(load_project(weird), 1000, 1000, size=(160, 90))
    assert Path(out).exists() and ffmpeg.probe(out).duration_ms > 500


def _remux(project: Path, args: list[str], before: tuple[str, ...] = ()) -> None:
    """Replace the project's clip.mp4 by ffmpeg ARGS applied to it (``before``: input
    options)."""
    src = project / "src.mp4"
    (project / "clip.mp4").rename(src)
    ffmpeg.run(["-y", *before, "-i", str(src), *args, str(project / "clip.mp4")],
               what="remuxing")
    src.unlink()


def _veiled(frame: np.ndarray) -> bool:
    """The credits' dark veil over the held last frame: dark enough that the frame's own text
    does not cross the credits (at 82 % the sample's last heading read through them)."""
    return frame.mean() < 0.15 * np.array(BG).mean()


def test_a_video_without_sound_renders_without_sound(project):
    _remux(project, ["-an", "-c:v", "copy"])
    out = burn(load_project(project))
    info = ffmpeg.probe(out)
    assert info.has_video and not info.has_audio
    plan = make_plan(load_project(project))
    assert abs(info.duration_ms - (8000 + plan.credits_ms)) < 300
    prev = preview(load_project(project), 1000, 2000, size=(160, 90))
    assert not ffmpeg.probe(prev).has_audio


def test_sound_running_past_the_picture_still_gets_the_whole_credits(project):
    """The container's duration is the sound's: the credits start there, so the picture is
    held from its own end until then, and every credit is drawn."""
    _remux(project, ["-f", "lavfi", "-i", "sine=f=440:r=16000:d=11", "-map", "0:v", "-map",
                     "1:a", "-c:v", "copy", "-c:a", "aac"])
    proj = load_project(project)
    plan = make_plan(proj)
    assert abs(plan.programme_ms - 11000) < 100
    out = burn(proj)
    late = _frames(out, [plan.programme_ms + plan.credits_ms - 600])[0]
    assert _veiled(late) and _text_pixels(late) > 150  # the last credit, over the veil


def test_cues_after_the_end_of_the_video_stop_the_render(project):
    _remux(project, ["-t", "2", "-c", "copy"])  # the second cue starts at 2.4 s
    code, _out, err = run_cli("burn", str(project))
    # (the cues are made again for the new video: the build says why they run past its end)
    *said, last = err.strip().splitlines()
    assert code == 2 and last.startswith("error: ") and "start after the video ends" in last
    assert all(ln.startswith("warning: ") and "past the video's end" in ln for ln in said), err
    assert not (project / "build" / "ep.burned.mp4").exists()


def test_a_rotated_phone_video_is_measured_upright(project):
    _remux(project, ["-c", "copy"], before=("-display_rotation:v:0", "90"))
    info = ffmpeg.probe(project / "clip.mp4")
    assert (info.width, info.height) == (H, W)
    plan = make_plan(load_project(project))
    assert (plan.width, plan.height) == (H, W) and f"PlayResX: {H}" in plan.ass_text


def test_sigterm_stops_ffmpeg_and_leaves_no_file(project):
    import os
    import signal
    import subprocess
    import sys
    import time

    (project / "project.yaml").write_text(
        "video: clip.mp4\ntiming: {source: reading}\nencoder: {preset: veryslow}\n",
        encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "subtitler", "burn", str(project)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list((project / "build").glob("*.part.mp4")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list((project / "build").glob("*.part.mp4")), "ffmpeg never started"
    os.kill(proc.pid, signal.SIGTERM)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signal.SIGTERM and "stopped by signal SIGTERM" in err, err
    time.sleep(0.3)
    assert not [x for x in (project / "build").iterdir() if ".part" in x.name]
    assert not (project / "build" / "ep.burned.mp4").exists()


def test_ffmpeg_failure_names_the_cause_not_the_generic_last_line():
    from subtitler.ffmpeg import _tail

    stderr = ("Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'clip.mp4':\n"
              "  Duration: 00:00:08.00, start: 0.000000, bitrate: 60 kb/s\n"
              "[aost#0:1/aac @ 0x55] Unable to parse \"b\" option value \"lots\"\n"
              "Error opening output file out.mp4.\n"
              "Error opening output files: Invalid argument\n")
    assert _tail(stderr) == ('[aost#0:1/aac @ 0x55] Unable to parse "b" option value "lots" | '
                             "Error opening output files: Invalid argument")
    assert _tail("frame=1\nConversion failed!\n") == "Conversion failed!"
    assert _tail("") == "no message"


def test_interrupted_render_leaves_no_file(project):
    """Ctrl-C (here: an interrupt raised from the progress callback) kills ffmpeg and removes
    the temporary output; nothing is left at the final path."""
    from subtitler.render import burn_args, checked_plan

    p = load_project(project)
    plan = checked_plan(p)
    out = project / "build" / "ep.burned.mp4"

    def interrupt(done_ms):
        if done_ms > 0:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ffmpeg.render(burn_args(p, plan, out), out, total_ms=plan.total_ms,
                      on_progress=interrupt)
    assert not out.exists()
    assert not [x for x in (project / "build").iterdir() if ".part" in x.name]


def test_a_render_that_cannot_take_its_final_name_says_that_name_and_leaves_nothing(project):
    """A folder where the burned video goes: the error named the hidden .part file, and left
    it behind (672 KB)."""
    out = project / "build" / "ep.burned.mp4"
    out.mkdir(parents=True)
    code, _out, err = run_cli("burn", str(project))
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"error: {out}: ") and ".part" not in err, err
    assert not [x for x in (project / "build").iterdir() if ".part" in x.name]


def test_a_preview_of_another_shape_is_letterboxed_not_stretched(project):
    """--size 180x320 of a 16:9 video stretched the picture and its captions to the portrait
    frame: the picture keeps its shape, centred on black, captions drawn on it."""
    from subtitler.render import fit_size
    assert fit_size(320, 180, (180, 320)) == (180, 100) and fit_size(320, 180, (160, 90)) == \
        (160, 90)
    out = preview(load_project(project), 2000, 1000, size=(180, 320))
    frame, = _frames(Path(out), [500])
    assert frame.shape[:2] == (320, 180) and ffmpeg.probe(out).sar == 1
    bars, picture = np.concatenate([frame[:108], frame[212:]]), frame[112:208]
    assert bars.max() < 40, bars.max()  # black
    assert np.abs(picture[:4] - np.array(BG)).max() < 30  # the clip's colour
    assert _text_pixels(picture) > 50  # the caption on the picture, not on the bars


@pytest.mark.slow
def test_captions_on_anamorphic_video_show_with_their_own_shape(tmp_path):
    """1440x1080 shown 16:9 (pixels 4/3 wide): the captions were laid out on 1440 pixels and
    shown a third too wide. Laid out on the shown 1920 and narrowed by libass, they look as
    on a square-pixel video of the shown size."""
    widths = {}
    for name, size, sar in (("square", "320x180", "1"), ("anamorphic", "240x180", "4/3")):
        d = tmp_path / name
        d.mkdir()
        (d / "script.txt").write_text(SCRIPT, encoding="utf-8")
        ffmpeg.run(["-y", "-f", "lavfi", "-i", f"color=c=0x{BG[0]:02x}{BG[1]:02x}{BG[2]:02x}:"
                    f"s={size}:d=8:r=24,setsar={sar}", "-f", "lavfi", "-i",
                    "sine=f=440:r=16000:d=8", "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", str(d / "clip.mp4")],
                   what="making the test video")
        (d / "project.yaml").write_text("video: clip.mp4\ntiming: {source: reading}\n"
                                        "encoder: {preset: ultrafast}\n", encoding="utf-8")
        out = burn(load_project(d))
        assert ffmpeg.probe(out).sar == ffmpeg.probe(d / "clip.mp4").sar  # kept
        proc = ffmpeg.run(["-ss", "2.5", "-i", str(out), "-vf", "scale=320:180", "-frames:v",
                           "1", "-f", "image2", "-vcodec", "png", "pipe:1"], what="a frame")
        frame = np.asarray(Image.open(io.BytesIO(proc.stdout)).convert("RGB")).astype(int)
        cols = np.flatnonzero((np.abs(frame - np.array(BG)).sum(axis=2) > 120).any(axis=0))
        widths[name] = cols.max() - cols.min()
    assert widths["square"] > 60, widths
    assert abs(widths["anamorphic"] / widths["square"] - 1) < 0.08, widths


def test_renders_tag_the_sound_with_the_narration_language(project):
    """As `mux` does (the burned video and the previews said `und`)."""
    (project / "project.yaml").write_text(
        (project / "project.yaml").read_text(encoding="utf-8") + "speech_language: zh\n",
        encoding="utf-8")
    out = preview(load_project(project), 1000, 1000, size=(160, 90))
    text = ffmpeg.run(["-i", str(out)], what="probing", check=False).stderr.decode()
    assert re.search(r"\(chi\): Audio", text), text


def test_subtitles_at_the_top_when_asked(tmp_path):
    from subtitler.model import Cue, Role
    from subtitler.tracks import AssLayout, to_ass

    cues = [Cue("c1", "b1", Role.BODY, 0, 2000, ("Hello",), ("你好",))]
    assert "{\\an8}" in to_ass(cues, AssLayout(position="top"))
    assert "{\\an8}" not in to_ass(cues, AssLayout())


@pytest.mark.parametrize("background, outlined", [("last_frame", False), ("'#F5F5DC'", True)])
def test_credits_over_the_veil_have_no_outline_and_over_a_light_colour_do(project, background,
                                                                          outlined):
    import pysubs2

    yaml = project / "project.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + f"credits: {{background: {background}}}\n",
                    encoding="utf-8")
    p = load_project(project)
    burn(p, dry_run=True)  # plans, checks and writes the ASS the render reads
    styles = pysubs2.load(str(p.out(".burn.ass"))).styles
    assert (styles["CreditsZH"].outline > 0) is outlined
    assert (styles["CreditsEN"].outline > 0) is outlined
    assert styles["EN"].outline > 0 and styles["ZH"].outline > 0  # captions keep theirs


def test_the_held_last_frames_own_text_does_not_read_through_the_credits(project):
    """Under the veil alone, the last frame's heading stayed legible, grey letters crossing
    the credits' lines; it is blurred first. A last frame of fine white lines (a grid every
    8 px) shows as an even dark field behind the credits, in the burn and in a preview."""
    _remux(project, ["-vf", "drawgrid=w=8:h=8:t=2:c=white", "-c:v", "libx264", "-preset",
                     "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "copy"])
    proj = load_project(project)
    plan = make_plan(proj)
    at = plan.programme_ms + plan.credits_ms // 2
    programme, = _frames(project / "clip.mp4", [4000])
    held, = _frames(burn(proj), [at])
    shown, = _frames(preview(proj, at - 500, 1000, size=(W, H)), [500])

    def lines(frame: np.ndarray) -> int:
        """How far apart the lightest and the darkest are along the rows under the credits
        (none drawn there), away from the frame's edges (where the blur sees past them)."""
        band = frame[-28:-8, W // 8:-W // 8].mean(axis=2)
        return int(np.ptp(band, axis=1).max())

    assert lines(programme) > 150  # the grid, sharp
    for frame in (held, shown):
        # (dark as the veil makes it; under the veil alone the grid's lines were 18 apart)
        assert frame.mean() < 0.15 * programme.mean() and lines(frame) < 6, lines(frame)


def test_the_credits_veil_over_a_10_bit_video_is_dark_not_green(project):
    """The veil moved chroma towards 128, neutral in 8 bits only: over a 10-bit video (a
    phone's or a camera's HDR-less 10-bit H.264) it came out 0,69,0, a green wall behind the
    credits of a burn. Neutral is the middle of the chroma's range, whatever the depth."""
    _remux(project, ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le",
                     "-c:a", "copy"])
    assert "yuv420p10le" in _video_stream_line(project / "clip.mp4")
    proj = load_project(project)
    plan = make_plan(proj)
    # (a burn: a preview's scale handed the veil 8-bit frames)
    frame, = _frames(burn(proj), [8000 + plan.credits_ms // 2])
    corner = frame[:10, :10].reshape(-1, 3).mean(axis=0)  # (no credit is drawn there)
    assert _veiled(frame) and corner.max() < 16, corner  # (8 bits: 0,3,7; it was 0,110,0)


def test_captions_on_a_full_range_video_are_white_not_grey(project):
    """A full-range (yuvj420p, "pc") video, as phones and screen recorders make: libass drew
    its white at video level 235 and its black at 16 on the full-range frames, which show as
    grey (243,242,255 at best) and dark grey. The picture is brought to video range first, so
    the captions show white on black, as on any other video; the picture keeps its look."""
    _remux(project, ["-vf", "scale=out_range=full,format=yuvj420p", "-c:v", "libx264",
                     "-preset", "ultrafast", "-pix_fmt", "yuvj420p", "-c:a", "copy"])
    assert ffmpeg.probe(project / "clip.mp4").full_range
    proj = load_project(project)
    cue = next(c for c in load_cues(proj) if c.shown)
    mid = (cue.start_ms + cue.end_ms) // 2
    src, = _frames(project / "clip.mp4", [mid])
    for out, at in ((burn(proj), mid), (preview(proj, mid - 500, 1000, size=(W, H)), 500)):
        frame, = _frames(Path(out), [at])
        assert frame.reshape(-1, 3).min(axis=1).max() > 250, out  # white text
        assert np.abs(frame[:8, :8] - src[:8, :8]).max() < 8, out  # the picture as it was


def test_a_video_of_odd_width_or_height_is_burned_a_pixel_smaller(project):
    """853x480 (a 16:9 export rounded down) in 4:4:4, as some editors export: the render's
    4:2:0 needs even sides, and ffmpeg stopped with "Error while opening encoder - maybe
    incorrect parameters such as bit_rate, rate, width or height", naming the render. The
    last column and row are left off instead (no resampling, no black line)."""
    _remux(project, ["-vf", f"format=yuv444p,crop={W - 1}:{H - 1}:0:0", "-c:v", "libx264", "-preset",
                     "ultrafast", "-pix_fmt", "yuv444p", "-c:a", "copy"])
    assert f"{W - 1}x{H - 1}" in _video_stream_line(project / "clip.mp4")
    proj = load_project(project)
    plan = make_plan(proj)
    assert (plan.width, plan.height) == (W - 2, H - 2) and f"PlayResX: {W - 2}" in plan.ass_text
    out = burn(proj)
    info = ffmpeg.probe(out)
    assert (info.width, info.height) == (W - 2, H - 2)
    cue = next(c for c in load_cues(proj) if c.shown)
    frame, = _frames(Path(out), [(cue.start_ms + cue.end_ms) // 2])
    assert _text_pixels(frame, slice(H // 2, H)) > 150
    assert "crop=" in burn(proj, dry_run=True)


def test_a_preview_past_the_end_says_it_is_shorter(project):
    proj = load_project(project)
    plan = make_plan(proj)
    said = []
    out = preview(proj, plan.total_ms - 1000, 5000, dry_run=True, warn=said.append)
    assert out.endswith("-1s.mp4") and len(said) == 1
    assert "the clip is 1 s, not 5 s" in said[0]
    preview(proj, 0, 1000, dry_run=True, warn=said.append)
    assert len(said) == 1


def test_a_preview_shorter_than_a_frame_is_one_error_line_naming_the_least(project):
    """A stretch under a frame (40 ms from 10.01 s at 24 fps) may hold no frame's start:
    ffmpeg stopped with 'Invalid argument', naming the clip, and the clip was not made."""
    code, out, err = run_cli("preview", str(project), "--at", "1.01", "--duration", "0.03")
    assert code == 2 and out == "", (code, out, err)
    assert err.strip().splitlines() == ["error: --duration 0.03 s is shorter than one frame "
                                        "(41.7 ms at 24 fps) (give at least 0.042 s)"], err
    assert not list((project / "build").glob("*preview*"))
    out = preview(load_project(project), 1010, 42, size=(160, 90))
    assert ffmpeg.probe(out).has_video


def test_a_preview_of_a_video_not_copied_whole_is_an_error_not_a_shorter_clip(project):
    """A video cut off part-way (its header at the front still gives the whole length) made a
    preview with no stream at all past the cut, and a shorter one across it, exit 0."""
    clip = project / "clip.mp4"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r=24:d=8", "-f", "lavfi", "-i",
                "sine=f=440:r=16000:d=8", "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart",
                str(clip)], what="making the test video")
    data = clip.read_bytes()
    clip.write_bytes(data[:len(data) // 2])
    proj = load_project(project)
    assert make_plan(proj).programme_ms >= 7900  # (the header still says 8 s)
    for at, dur in ((6500, 1000), (2000, 4000)):
        code, out, err = run_cli("preview", str(project), "--at", f"{at / 1000:g}",
                                 "--duration", f"{dur / 1000:g}")
        assert code == 2 and out == "", (code, out, err)
        assert err.startswith(f"error: {clip}: ") \
            and "not copied whole" in err and len(err.strip().splitlines()) == 1, err
    assert not [p for p in (project / "build").iterdir() if ".preview-" in p.name]
    # a burn held the last frame over the part missing, without a word
    code, out, err = run_cli("burn", str(project))
    assert code == 2 and err.startswith(f"error: {clip}: is cut short (ffmpeg: ") \
        and len(err.strip().splitlines()) == 1, err
    assert not (project / "build" / "ep.burned.mp4").exists()


def test_a_video_missing_only_its_last_bytes_is_burned_as_subs_times_it(project):
    """A file that loses a last frame or so (its last 3000 bytes) is timed as it is by subs;
    burn refused it as cut short, and the episode could not be burned at all (review of
    session 19)."""
    _remux(project, ["-c", "copy", "-movflags", "+faststart"])  # (its index at the front)
    clip = project / "clip.mp4"
    data = clip.read_bytes()
    clip.write_bytes(data[:-3000])
    code, out, err = run_cli("burn", str(project))
    assert code == 0 and "cut short" not in err, err
    assert ffmpeg.probe(out.strip()).has_video


def test_a_preview_after_the_sound_ends_has_silence(project):
    """Sound that ends at 4 s of an 8 s picture (a silent outro): a preview from 5 s failed
    with ffmpeg's 'Invalid argument', naming the clip (audit of session 19)."""
    _remux(project, ["-map", "0:v", "-map", "0:a", "-c:v", "copy", "-c:a", "aac",
                     "-af", "atrim=0:4"])
    code, out, err = run_cli("preview", str(project), "--at", "5", "--duration", "2")
    assert code == 0, err
    info = ffmpeg.probe(out.strip())
    assert info.has_audio and abs(info.duration_ms - 2000) <= 100, info
    assert not ffmpeg.decode_audio(out.strip()).any()  # silence


def test_a_preview_keeps_sound_that_starts_after_the_picture_where_it_is(project):
    """Sound that starts 2 s after the picture (a stream offset): a preview from 0:00 shifted
    the sound to the preview's start, 2 s ahead of the picture (audit of session 14); a
    preview from later in the video was right, and still is."""
    # (the picture of the clip, and its sound, a 440 Hz tone from its start, 2 s later)
    _remux(project, ["-map", "0:v", "-map", "1:a", "-c", "copy"],
           before=("-i", str(project / "src.mp4"), "-itsoffset", "2"))
    assert ffmpeg.decode_audio(project / "clip.mp4")[:16000].max() < 100  # (silent 0-1 s)
    proj = load_project(project)
    for at_ms, sound_from_ms in ((0, 2000), (1000, 1000), (3000, 0)):
        out = preview(proj, at_ms, 4000, size=(160, 90))
        pcm = np.abs(ffmpeg.decode_audio(out).astype(int))
        first = int(np.argmax(pcm > 1000)) * 1000 // 16000
        assert abs(first - sound_from_ms) <= 60, (at_ms, first)


def test_a_preview_and_a_still_of_a_transport_stream_show_their_own_time(project):
    """A transport stream has no index of its frames: seeked to 0:04, ffmpeg started at the
    next key frame it could find, past the stretch, and the preview had sound but no picture
    (exit 0), the still "no frame" (audit of session 14). A TS is seeked further back and cut
    to the stretch, as any video is."""
    # a testsrc2 picture (it changes every frame), one key frame only: at 0; a beep at 5 s
    ffmpeg.run(["-y", "-f", "lavfi", "-i", f"testsrc2=s={W}x{H}:r=24:d=8", "-f", "lavfi", "-i",
                "aevalsrc='if(between(t,5,5.3),0.5*sin(2*PI*1000*t),0)':s=16000:d=8",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "1000", "-pix_fmt", "yuv420p",
                "-c:a", "aac", str(project / "clip.mp4")], what="making the test video")

    def beep_ms(clip) -> int:
        pcm = np.abs(ffmpeg.decode_audio(clip).astype(int))
        return int(np.argmax(pcm > 3000)) * 1000 // 16000

    proj = load_project(project)
    mp4_clip = preview(proj, 4000, 2000, size=(160, 90))
    # (the frames at 0 and 1.5 s, and the next ones: a TS made of an MP4 starts its clock
    # with its sound, which the AAC priming puts 46 ms before the picture: a frame later)
    mp4 = _frames(mp4_clip, [0, 30, 1500, 1530])
    assert abs(beep_ms(mp4_clip) - 1000) <= 60
    sheet_mp4 = np.asarray(Image.open(stills(proj)[0]).convert("RGB")).astype(int)
    _remux(project, ["-c", "copy", "-f", "mpegts"])
    (project / "clip.mp4").rename(project / "clip.ts")
    (project / "project.yaml").write_text(
        (project / "project.yaml").read_text(encoding="utf-8").replace("clip.mp4", "clip.ts"),
        encoding="utf-8")
    proj = load_project(project)
    out = preview(proj, 4000, 2000, size=(160, 90))
    assert ffmpeg.probe(out).has_video
    ts = _frames(out, [30, 1530])
    # (and its sound with its picture: it had been shifted by the seek asked for, not the one
    # made, and the beep came seconds late)
    assert abs(beep_ms(out) - 1000) <= 100, beep_ms(out)  # (a TS keeps the AAC priming: 64 ms)
    for a, near in zip(ts, (mp4[:2], mp4[2:])):
        assert min(np.abs(a - b).mean() for b in near) < 3
    sheet_ts = np.asarray(Image.open(stills(proj)[0]).convert("RGB")).astype(int)
    assert sheet_ts.shape == sheet_mp4.shape and np.abs(sheet_ts - sheet_mp4).mean() < 3


def test_a_variable_rate_video_is_counted_in_the_frames_it_is_timed_at(tmp_path):
    """A phone clip that dropped frames averages 11.6 fps over its 24 fps timing: the frame
    rules (2 frames apart, gaps of 12 frames closed) had counted in 11.6 fps frames, and closed
    1-second gaps (audit of session 14). An interlaced video's field rate is not taken."""
    out = tmp_path / "vfr.mp4"
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=24:d=6", "-vf",
                "select='lt(mod(n\\,24)\\,11)'", "-fps_mode", "vfr", "-c:v", "libx264",
                "-preset", "ultrafast", str(out)], what="making the test video")
    assert " 24 tbr" in _video_stream_line(out) and " 24 fps" not in _video_stream_line(out)
    assert ffmpeg.probe(out).fps == 24.0
    assert not ffmpeg._variable_rate(25.0, 50.0) and not ffmpeg._variable_rate(29.97, 59.94)


def test_a_burn_up_to_date_is_kept_and_anything_it_is_made_from_renders_it_again(project):
    out = project / "build" / "ep.burned.mp4"
    assert run_cli("burn", str(project))[0] == 0
    first = out.stat().st_mtime_ns
    code, printed, err = run_cli("burn", str(project))  # nothing changed: kept, path printed
    assert code == 0 and out.stat().st_mtime_ns == first, err
    assert "ep.burned.mp4 is up to date" in err and printed.strip().endswith("ep.burned.mp4")
    assert run_cli("burn", "--force", str(project))[0] == 0
    forced = out.stat().st_mtime_ns
    assert forced != first
    # the project's settings (a style) changed: rendered again, without --force
    cfg = project / "project.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "style: {primary_colour: '#FFFF00'}\n",
                   encoding="utf-8")
    code, _, err = run_cli("burn", str(project))
    assert code == 0 and "up to date" not in err and out.stat().st_mtime_ns != forced
    # the video was replaced by hand (another file at the path): rendered again
    out.write_bytes(b"not the render")
    code, _, err = run_cli("burn", str(project))
    assert code == 0 and "up to date" not in err and ffmpeg.probe(out).has_video
    # a preview likewise
    assert run_cli("preview", "--at", "1", "--duration", "1", str(project))[0] == 0
    code, _, err = run_cli("preview", "--at", "1", "--duration", "1", str(project))
    assert code == 0 and "is up to date" in err
    assert not list((project / "build").glob("*.part*"))


def test_a_stage_that_rebuilds_stale_cues_says_the_builds_warnings(project):
    """preview (stills, mux, review, burn, qc) after a script edit or a new video rebuilds
    the cues itself: it kept the build's warnings to itself (here: no narration in the sound,
    timed at reading speed), and a new video did not count as a change (audit of session
    19)."""
    import os
    import time

    (project / "project.yaml").write_text("video: clip.mp4\nencoder: {preset: ultrafast}\n",
                                          encoding="utf-8")
    code, _, err = run_cli("subs", str(project))
    assert code == 0 and "timing_fallback" in err, err
    script = project / "script.txt"
    script.write_text(SCRIPT.replace("doubled", "tripled"), encoding="utf-8")
    code, _, err = run_cli("preview", str(project), "--at", "1", "--duration", "1")
    assert code == 0 and "warning: " in err and "timing_fallback" in err, err
    cues = project / "build" / "ep.cues.json"
    built = cues.stat().st_mtime_ns
    code, _, err = run_cli("preview", str(project), "--at", "1", "--duration", "1")
    assert code == 0 and "timing_fallback" not in err and cues.stat().st_mtime_ns == built
    later = time.time() + 5
    os.utime(project / "clip.mp4", (later, later))  # a new cut of the video
    code, _, err = run_cli("qc", str(project))
    assert "timing_fallback" in err and cues.stat().st_mtime_ns != built, err


def test_a_long_acknowledgement_is_paged_after_the_programme(project):
    """A 578-character acknowledgement had stood 16 s on one card (29 s of reading at 20
    characters a second): its cards follow one another after the programme, the render
    extended by all of them, each drawn in its own time."""
    from .test_credits import LONG_ACK_EN, LONG_ACK_ZH

    (project / "script.txt").write_text(SCRIPT + f"{LONG_ACK_EN}\n{LONG_ACK_ZH}\n",
                                        encoding="utf-8")
    import pysubs2

    plan = make_plan(load_project(project))
    subs = pysubs2.SSAFile.from_string(plan.credits_ass)
    pages = sorted({(e.start, e.end) for e in subs.events if e.name == "credits-ack"})
    assert len(pages) >= 2 and pages[0][0] == plan.programme_ms == 8000
    assert pages[-1][1] - pages[0][0] >= 1000 * len(LONG_ACK_EN) / 20
    assert plan.credits_ms > pages[-1][1] - 8000  # the credits themselves after them
    out = preview(load_project(project), 7000, 1000 + plan.credits_ms, size=(W, H))
    assert abs(ffmpeg.probe(out).duration_ms - (1000 + plan.credits_ms)) <= 150
    frames = _frames(out, [(a + b) // 2 - 7000 for a, b in pages])
    assert all(_text_pixels(f) > 150 for f in frames)
    assert all(np.abs(a - b).sum() > 0 for a, b in zip(frames, frames[1:]))  # other text
