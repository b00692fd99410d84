from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import pipeline
from subtitler.timing import Rules, apply_rules
from subtitler.model import Cue, Role

from .conftest import ROOT, run_cli

OUTPUTS = ("en.srt", "zh.srt", "bilingual.srt", "ass", "en.vtt", "zh.vtt", "cues.json")


def _one_error_line(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    for n in needles:
        assert n in lines[0], (n, lines[0])


def test_subs_writes_every_track_and_is_byte_identical(sample_project):
    code, out, err = run_cli("subs", str(sample_project))
    assert code == 0, err
    build = sample_project / "build"
    name = sample_project.name
    first = {f: (build / f"{name}.{f}").read_bytes() for f in OUTPUTS}
    assert "cues" in out and f"build/{name}.ass" in out
    code, _, err = run_cli("subs", str(sample_project))
    assert code == 0, err
    assert first == {f: (build / f"{name}.{f}").read_bytes() for f in OUTPUTS}
    assert not [p for p in build.iterdir() if p.name.endswith(".part")]


def test_blocks_lists_roles_and_lines(sample_project):
    code, out, err = run_cli("blocks", str(sample_project))
    assert code == 0, err
    assert "b03  note" in out and "lines 4" in out
    assert "b13  credits" in out and "文案:赵汉青 杨佳欣" in out


def test_blocks_reads_a_headline_that_is_the_title_as_the_articles(make_project):
    """(project.yaml's `title:` reaches the script's reading: the lead after the headline)"""
    d = make_project("Luoyang welcomes visitors\n洛阳迎来游客\nThe festival opened.\n"
                     "牡丹文化节开幕了。\nA City of Flowers\n花开洛阳城\n"
                     "Peonies grow here.\n这里种植牡丹。\n",
                     yaml="title: Luoyang welcomes visitors\n")
    code, out, err = run_cli("blocks", str(d))
    assert code == 0, err
    assert "b02  lead" in out and "b04  body" in out


def test_one_language_script_gives_tracks_in_that_language(make_project):
    d = make_project("Exports doubled last year. Officials were pleased.\n\n"
                     "The province will build more parks.\n")
    code, _, err = run_cli("subs", str(d))
    assert code == 0, err
    names = sorted(p.name for p in (d / "build").iterdir())
    assert names == ["ep.ass", "ep.cues.json", "ep.en.srt", "ep.en.vtt"]


@pytest.mark.parametrize("data, needle", [
    (b"", "empty"),
    (b"   \n\n  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not a text file"),
    (b"caf\xe9 \xff\xfe\xfd broken", "UTF-8"),
])
def test_bad_scripts_give_one_clear_line(make_project, data, needle):
    d = make_project(data)
    code, _, err = run_cli("subs", str(d))
    _one_error_line(code, err, "script.txt", needle)
    assert not (d / "build").exists() or not any((d / "build").iterdir())


def test_gb18030_and_utf16_scripts_are_read(make_project, tmp_path):
    text = (ROOT / "projects/henan-industry-carriers/script.txt").read_text(encoding="utf-8")
    outs = []
    for i, enc in enumerate(["utf-8", "gb18030", "utf-16", "utf-16-le"]):
        d = make_project(text.encode(enc), name=f"ep{i}")
        code, out, err = run_cli("blocks", str(d))
        assert code == 0, (enc, err)
        outs.append(out)
    assert outs[0] == outs[1] == outs[2] == outs[3]


@pytest.mark.parametrize("yaml, needles", [
    ("speech_langauge: en\n", ["project.yaml:1", "unknown key `speech_langauge`",
                               "did you mean `speech_language`"]),
    ("title: x\nlimits:\n  en_chars_per_lin: 40\n", ["project.yaml:3", "limits.en_chars_per_line"]),
    ("lead_spoken: maybe\n", ["project.yaml:1", "lead_spoken", "true or false"]),
    ("limits: 42\n", ["project.yaml:1", "limits", "mapping"]),
    ("roles:\n  - {id: b99, role: note}\n", ["project.yaml:2:", "b99", "matches no block"]),
    ("roles:\n  - {id: b02, role: note}\n  - {id: b02, role: narrator}\n",
     ["project.yaml:3:", "roles item 2: unknown role"]),
    ("subtitles_dir: script.txt\n", ["project.yaml:1:", "`subtitles_dir` names script.txt"]),
])
def test_bad_project_yaml_gives_one_clear_line(sample_project, yaml, needles):
    (sample_project / "project.yaml").write_text(yaml, encoding="utf-8")
    code, _, err = run_cli("subs", str(sample_project))
    _one_error_line(code, err, *needles)


def test_missing_folder_and_missing_video(tmp_path, sample_project):
    code, _, err = run_cli("subs", str(tmp_path / "nope"))
    _one_error_line(code, err, "nope", "not found")
    (sample_project / "project.yaml").write_text("video: media/missing.mp4\n", encoding="utf-8")
    code, _, err = run_cli("subs", str(sample_project))
    _one_error_line(code, err, "missing.mp4", "not found")


def test_a_missing_video_of_an_episode_with_a_narration_names_the_step_that_makes_it(
        sample_project):
    """With narration.txt, a missing video was always "run `make sample-media`"; when
    `video:` named another file (a typo), that step then failed saying to set `video:`: the
    fix is said at once."""
    (sample_project / "narration.txt").write_text("x\n", encoding="utf-8")
    yaml = sample_project / "project.yaml"
    kept = yaml.read_text(encoding="utf-8")
    yaml.write_text(kept + f"video: media/{sample_project.name}.mp4\n", encoding="utf-8")
    code, _, err = run_cli("subs", str(sample_project))
    _one_error_line(code, err, "not found", f"make sample-media EP={sample_project.name}")
    yaml.write_text(kept + "video: media/henan.mp4\n", encoding="utf-8")
    code, _, err = run_cli("subs", str(sample_project))
    _one_error_line(code, err, "henan.mp4", "not found", "correct the `video:` key",
                    f"makes media/{sample_project.name}.mp4")


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_video_that_is_a_pipe_or_a_folder_is_named_as_such(sample_project, kind):
    """A named pipe as the video was "not found"; it is there, and cannot be read twice."""
    import os

    video = sample_project / "media" / "v.mp4"
    video.parent.mkdir(exist_ok=True)
    os.mkfifo(video) if kind == "fifo" else video.mkdir()
    (sample_project / "project.yaml").write_text("video: media/v.mp4\n", encoding="utf-8")
    code, _, err = run_cli("subs", str(sample_project))
    _one_error_line(code, err, "v.mp4", "named pipe (FIFO), not a file" if kind == "fifo"
                    else "is a folder, not a file")


def test_unpaired_paragraph_is_a_warning_not_an_error(make_project):
    d = make_project("Exports doubled last year.\n出口翻了一番。\n"
                     "Officials were pleased with the results of the year.\n"
                     "The province will build more parks.\n全省将建设更多园区。\n")
    code, _, err = run_cli("subs", str(d))
    assert code == 0
    assert "warning:" in err and ":3:" in err and "no Chinese counterpart" in err


def test_interrupted_write_leaves_no_half_file(tmp_path, monkeypatch):
    target = tmp_path / "build" / "x.srt"
    target.parent.mkdir()
    target.write_text("old complete file\n", encoding="utf-8")

    class Boom(Exception):
        pass

    real_replace = os.replace

    def failing_replace(src, dst):
        raise Boom()

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(Boom):
        pipeline.write_atomic(target, "new text\n" * 1000)
    monkeypatch.setattr(os, "replace", real_replace)
    assert target.read_text(encoding="utf-8") == "old complete file\n"
    assert [p.name for p in target.parent.iterdir()] == ["x.srt"]


def test_a_write_that_fails_names_the_file_it_was_writing(tmp_path, monkeypatch):
    """A full disk said "error: No space left on device" naming no file, and a read-only
    folder named a hidden temporary file; the error names the file being written."""
    import errno

    target = tmp_path / "build" / "x.srt"

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(OSError) as caught:
        pipeline.write_atomic(target, "text\n")
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert list(target.parent.iterdir()) == []


def _make_repo(tmp_path, episodes):
    """A copy of the Makefile and the package with the sample's script in each of
    ``episodes``; (repo, make's arguments, environment): BIN points at a shim that runs the
    copied tree with this interpreter."""
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "subtitler", repo / "subtitler",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "Makefile", repo / "Makefile")
    shutil.copy(ROOT / "pyproject.toml", repo / "pyproject.toml")
    for ep in episodes:
        (repo / "projects" / ep).mkdir(parents=True)
        shutil.copy(ROOT / "projects/henan-industry-carriers/script.txt",
                    repo / "projects" / ep / "script.txt")
    shim = repo / "bin"
    shim.mkdir()
    (shim / "subtitler").write_text(f"#!/bin/sh\nexec {sys.executable} -m subtitler \"$@\"\n")
    (shim / "subtitler").chmod(0o755)
    return repo, ["make", "-C", str(repo), "STAMP=", f"BIN={shim}"], \
        dict(os.environ, PYTHONPATH=str(repo))


def test_make_check_takes_the_projects_make_cannot_name(tmp_path):
    """A project folder with a space was left out of `make check` and `make ci`, which passed
    with it broken; a `#` in a folder's name stopped every target ("missing separator")."""
    repo, args, env = _make_repo(tmp_path, ["a", "my episode", "ep#1", "it's"])
    (repo / "projects/my episode/project.yaml").write_text("speech_language: fr\n",
                                                           encoding="utf-8")
    check = subprocess.run(args + ["check"], capture_output=True, text=True, env=env)
    assert check.returncode != 0, check.stdout + check.stderr
    assert "my episode/project.yaml:1: `speech_language` must be one of en, zh" in check.stderr
    assert "ep#1: no subtitles_dir" in check.stdout and "it's: no subtitles_dir" in check.stdout
    assert "make cannot name these folders" in check.stderr
    (repo / "projects/my episode/project.yaml").unlink()
    qc = subprocess.run(args + ["qc"], capture_output=True, text=True, env=env)
    assert "my episode:" in qc.stdout and "ep#1:" in qc.stdout, qc.stdout + qc.stderr


def test_make_takes_the_folder_as_the_shell_completes_it(tmp_path):
    """`make subs EP=projects/a/` (tab completion) failed: "No rule to make target"."""
    repo, args, env = _make_repo(tmp_path, ["a"])
    for ep in ("projects/a/", "a/", "a"):
        dry = subprocess.run(args + ["-n", "subs", f"EP={ep}"], capture_output=True, text=True,
                             env=env)
        assert dry.returncode == 0 and "subtitler subs projects/a\n" in dry.stdout, \
            dry.stdout + dry.stderr


def test_make_check_names_a_project_that_lost_its_script_and_says_when_there_is_none(tmp_path):
    """A committed project without script.txt was skipped by `make ci`, which passed with its
    tracks unchecked; with no project at all, fetch, check and qc printed usage messages."""
    repo, args, env = _make_repo(tmp_path, ["a", "b"])
    (repo / "projects/b/script.txt").unlink()
    (repo / "projects/b/project.yaml").write_text("subtitles_dir: subtitles\n", encoding="utf-8")
    for target in ("check", "qc", "fetch"):
        run = subprocess.run(args + [target], capture_output=True, text=True, env=env)
        assert run.returncode != 0, run.stdout + run.stderr
        assert "b: no script.txt: the project has lost its script" in run.stderr, run.stderr
    # a folder make cannot name, too
    shutil.rmtree(repo / "projects/b")
    (repo / "projects/my ep/subtitles").mkdir(parents=True)
    run = subprocess.run(args + ["check"], capture_output=True, text=True, env=env)
    assert run.returncode != 0 and "my ep: no script.txt" in run.stderr, run.stdout + run.stderr
    shutil.rmtree(repo / "projects/my ep")
    shutil.rmtree(repo / "projects/a")
    for target in ("check", "ci"):
        run = subprocess.run(args + [target], capture_output=True, text=True, env=env)
        assert run.returncode != 0 and "usage:" not in run.stderr, run.stderr
        assert "error: no projects under projects/" in run.stderr


def test_make_all_rebuilds_only_what_changed(tmp_path):
    repo, args, env = _make_repo(tmp_path, ["a", "b"])
    first = subprocess.run(args + ["all"], capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    assert (repo / "projects/a/build/a.cues.json").exists()
    assert (repo / "projects/b/build/b.cues.json").exists()
    second = subprocess.run(args + ["-q", "all"], env=env)
    assert second.returncode == 0  # up to date: a second `make all` does nothing
    os.utime(repo / "projects/b/script.txt")
    dry = subprocess.run(args + ["-n", "all"], capture_output=True, text=True, env=env)
    assert "projects/b" in dry.stdout and "projects/a" not in dry.stdout
    # an editor's edit of the timing lock (or any file of the project) rebuilds it too
    assert subprocess.run(args + ["all"], capture_output=True, env=env).returncode == 0
    (repo / "projects/a/timing.lock.json").write_text("{}", encoding="utf-8")
    dry = subprocess.run(args + ["-n", "all"], capture_output=True, text=True, env=env)
    assert "projects/a" in dry.stdout and "projects/b" not in dry.stdout
    # so does a file in a subfolder (an editor's timing file kept in one was not seen)
    (repo / "projects/b/editor").mkdir()
    (repo / "projects/b/editor/b.srt").write_text("", encoding="utf-8")
    dry = subprocess.run(args + ["-n", "all"], capture_output=True, text=True, env=env)
    assert "projects/b" in dry.stdout
    shutil.rmtree(repo / "projects/b/editor")
    # a render or the review page re-times an episode only when its cues are out of date
    for target in ("burn", "preview", "stills", "mux", "review"):
        dry = subprocess.run(args + ["-n", target, "EP=b"], capture_output=True, text=True,
                             env=env)
        assert "subtitler subs" not in dry.stdout, dry.stdout
        assert f"subtitler {target} projects/b" in dry.stdout, dry.stdout
    dry = subprocess.run(args + ["-n", "burn", "EP=a"], capture_output=True, text=True, env=env)
    assert "subtitler subs projects/a" in dry.stdout
    # `make qc EP=b` builds and checks b alone, whatever state a has
    (repo / "projects/a/project.yaml").write_text("no_such_key: 1\n", encoding="utf-8")
    qc = subprocess.run(args + ["qc", "EP=b"], capture_output=True, text=True, env=env)
    assert "projects/a" not in qc.stdout + qc.stderr, qc.stdout + qc.stderr
    # `make qc` of all: a broken project fails it, and every other one is rebuilt and checked
    (repo / "projects/b/build/b.qc.json").unlink()
    os.utime(repo / "projects/b/script.txt")
    qc = subprocess.run(args + ["qc"], capture_output=True, text=True, env=env)
    assert qc.returncode != 0 and "no_such_key" in qc.stderr
    assert (repo / "projects/b/build/b.qc.json").exists(), qc.stdout + qc.stderr
    # a new video of a real episode (no narration.txt) re-times it
    (repo / "projects/b/media").mkdir()
    (repo / "projects/b/media/b.mp4").write_bytes(b"x")
    dry = subprocess.run(args + ["-n", "all"], capture_output=True, text=True, env=env)
    assert "subtitler subs projects/b" in dry.stdout


def test_make_remakes_the_sample_media_only_when_the_narration_says_something_else(tmp_path):
    """narration.txt saved unchanged (an editor's save, a checkout, touch) made make synthesise
    the sample video again and re-time the episode (`make -n` and `make -q` said so too); only
    a change of its content does now."""
    repo, args, env = _make_repo(tmp_path, ["a"])
    ep = repo / "projects/a"
    narration = ep / "narration.txt"
    narration.write_text("Exports doubled last year.\n", encoding="utf-8")
    # a stand-in subtitler: sample-media and subs write their file and say they ran
    calls = repo / "calls.log"
    fake = repo / "fake"
    fake.mkdir()
    (fake / "subtitler").write_text(
        "#!/bin/sh\n"
        f"echo \"$*\" >> '{calls}'\n"
        'n=$(basename "$2")\n'
        'case $1 in\n'
        '  sample-media) mkdir -p "$2/media" && cp "$2/narration.txt" "$2/media/$n.mp4" ;;\n'
        '  subs) mkdir -p "$2/build" && date > "$2/build/$n.cues.json" ;;\n'
        'esac\n')
    (fake / "subtitler").chmod(0o755)
    args = [a if not a.startswith("BIN=") else f"BIN={fake}" for a in args]
    video = "projects/a/media/a.mp4"

    def make(*more):
        return subprocess.run(args + list(more), capture_output=True, text=True, env=env)

    def later(path, seconds):
        t = path.stat().st_mtime + seconds
        os.utime(path, (t, t))

    # a fresh clone: no media yet, so make synthesises it, then times the episode against it
    dry = make("-n", "all")
    assert "subtitler sample-media projects/a\n" in dry.stdout, dry.stdout + dry.stderr
    assert make("all").returncode == 0
    assert calls.read_text().splitlines() == ["sample-media projects/a", "subs projects/a"]
    assert make("-q", "all").returncode == 0
    # saved unchanged, long after the video was made: nothing to do, for make -n and -q too
    for f in repo.rglob("*"):
        later(f, -1000)
    os.utime(narration)
    for target in ("all", video, "burn", "subs"):
        dry = make("-n", target, "EP=a")
        assert dry.returncode == 0 and "sample-media" not in dry.stdout, dry.stdout + dry.stderr
        if target != "subs":  # (`make subs` always runs subs)
            assert "subtitler subs" not in dry.stdout, dry.stdout
    assert make("-q", video).returncode == 0 and make("-q", "all").returncode == 0
    assert make("all").returncode == 0
    assert calls.read_text().splitlines() == ["sample-media projects/a", "subs projects/a"]
    # another content (restored with an old time, too) makes it again, and re-times the episode
    narration.write_text("Exports tripled last year.\n", encoding="utf-8")
    later(narration, -5000)
    assert make("-q", video).returncode == 1
    dry = make("-n", "all")
    assert "subtitler sample-media projects/a\n" in dry.stdout, dry.stdout + dry.stderr
    assert "subtitler subs projects/a\n" in dry.stdout
    assert make("all").returncode == 0
    assert calls.read_text().splitlines()[2:] == ["sample-media projects/a", "subs projects/a"]
    assert (ep / "media/a.mp4").read_text() == "Exports tripled last year.\n"
    assert make("-q", "all").returncode == 0
    # a checkout made before the copy of the narration: by narration.txt's time, as it was
    (ep / "media/.narration.txt").unlink()
    assert make("-q", video).returncode == 0
    later(ep / "media/a.mp4", -10000)
    assert "subtitler sample-media projects/a\n" in make("-n", "all").stdout
    # the media gone: made again
    (ep / "media/a.mp4").unlink()
    assert "subtitler sample-media projects/a\n" in make("-n", "all").stdout
    # `make sample-media` keeps the copy too: the media it made is not made again
    narration.write_text("Exports fell last year.\n", encoding="utf-8")
    assert make("sample-media", "EP=a").returncode == 0
    assert make("-q", video).returncode == 0


def test_dropping_a_language_removes_its_tracks_and_check_passes(make_project):
    pair = ("Exports doubled last year.\n去年出口翻了一番。\n"
            "The province will build more parks.\n全省将建设更多产业园区。\n")
    d = make_project(pair, "subtitles_dir: subtitles\n")
    assert run_cli("subs", str(d))[0] == 0
    assert (d / "subtitles" / "ep.zh.srt").is_file()
    english = "".join(ln + "\n" for ln in pair.splitlines()[::2])
    (d / "script.txt").write_text(english, encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and "removed" in err, err
    for folder in ("build", "subtitles"):
        assert sorted(p.name for p in (d / folder).iterdir()) == \
            ["ep.ass", "ep.cues.json", "ep.en.srt", "ep.en.vtt"]
    assert run_cli("check", str(d))[0] == 0
    # a track someone else put beside them (no build writes it) is none of check's business:
    # it failed check for good ("out of date ... run make subs")
    (d / "subtitles" / "ep.fr.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nBonjour\n",
                                               encoding="utf-8")
    assert run_cli("check", str(d))[0] == 0


def test_subs_never_deletes_or_overwrites_a_file_a_person_wrote(make_project):
    """A translator's own ep.zh.srt in subtitles_dir of an English-only script stays (it was
    deleted as a stale track); a track that would land on the editor's timing file is an
    error (it was overwritten)."""
    d = make_project("Exports doubled last year.\n", "subtitles_dir: subtitles\n")
    (d / "subtitles").mkdir()
    mine = "1\n00:00:01,000 --> 00:00:03,000\n去年出口翻了一番。\n"
    (d / "subtitles" / "ep.zh.srt").write_text(mine, encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and "left as it is" in err, err
    assert (d / "subtitles" / "ep.zh.srt").read_text(encoding="utf-8") == mine
    # an edited track subtitler wrote is a person's work too
    pair = "Exports doubled last year.\n去年出口翻了一番。\n"
    e = make_project(pair, "subtitles_dir: subtitles\n", name="ep2")
    assert run_cli("subs", str(e))[0] == 0
    edited = (e / "subtitles" / "ep2.zh.srt").read_text(encoding="utf-8").replace("去年", "上年")
    (e / "subtitles" / "ep2.zh.srt").write_text(edited, encoding="utf-8")
    (e / "script.txt").write_text("Exports doubled last year.\n", encoding="utf-8")
    code, _out, err = run_cli("subs", str(e))
    assert code == 0 and (e / "subtitles" / "ep2.zh.srt").read_text(encoding="utf-8") == edited
    assert not (e / "build" / "ep2.zh.srt").exists()  # build/ is ours: it goes
    # subtitles_dir: . beside the editor's timing file
    f = make_project(pair, "subtitles_dir: .\ntiming: {source: file, file: ep3.en.srt}\n",
                     name="ep3")
    timing = "1\n00:00:01,000 --> 00:00:03,500\nExports doubled last year.\n\n"
    (f / "ep3.en.srt").write_text(timing, encoding="utf-8")
    code, _out, err = run_cli("subs", str(f))
    assert code == 2 and err.count("\n") == 1 and "would be written over the timing file" in err
    assert (f / "ep3.en.srt").read_text(encoding="utf-8") == timing


def test_subs_keeps_a_hand_edited_track_until_told_to_replace_it(make_project):
    """An editor's fix typed into a committed SRT or WebVTT track (a word, a time) was lost to
    the next `subs`, which wrote the build over it. Now `subs` stops, writes nothing and says
    where the file differs; `--overwrite` replaces it and keeps the edited file in build/. A
    track only laid out otherwise (saved with CRLF line ends) is still subtitler's."""
    pair = ("Exports doubled last year.\n去年出口翻了一番。\n"
            "The province will build more parks.\n全省将建设更多产业园区。\n")
    d = make_project(pair, "subtitles_dir: subtitles\n")
    assert run_cli("subs", str(d))[0] == 0
    sub = d / "subtitles"
    en = sub / "ep.en.srt"
    # laid out otherwise: replaced without a word
    en.write_bytes(en.read_bytes().replace(b"\n", b"\r\n"))
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and "edited" not in err and b"\r\n" not in en.read_bytes(), err
    edited = en.read_text(encoding="utf-8").replace("Exports doubled", "Exports have doubled")
    en.write_text(edited, encoding="utf-8")
    (d / "script.txt").write_text(pair.replace("更多", "许多"), encoding="utf-8")
    before = {f.name: f.read_bytes() for f in sub.iterdir()}
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1, err
    assert "ep.en.srt: edited since subtitler wrote it (entry 1 at 0:" in err, err
    assert "its text" in err and "--overwrite" in err, err
    assert {f.name: f.read_bytes() for f in sub.iterdir()} == before  # nothing written
    assert not list((d / "build").glob("*.edited-*"))
    code, _out, err = run_cli("subs", "--overwrite", str(d))
    assert code == 0, err
    kept = list((d / "build").glob("ep.en.edited-*.srt"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == edited
    assert "Exports have doubled" not in en.read_text(encoding="utf-8")
    assert "许多" in (sub / "ep.zh.srt").read_text(encoding="utf-8")
    assert run_cli("check", str(d))[0] == 0
    # a time moved in a WebVTT track, and an entry deleted from another
    vtt = sub / "ep.zh.vtt"
    vtt.write_text(vtt.read_text(encoding="utf-8").replace("00:00:0", "00:00:1", 1),
                   encoding="utf-8")
    zh = sub / "ep.zh.srt"
    zh.write_text(zh.read_text(encoding="utf-8").split("\n\n")[0] + "\n", encoding="utf-8")
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and "ep.zh.srt: edited since subtitler wrote it (1 entry removed; 1 more " \
        "track too)" in err, err
    assert "ep.zh.srt" in err
    zh.unlink()  # (a track deleted is written again)
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and "ep.zh.vtt" in err and "entry 1 at 0:1" in err and "its times" in err


def test_check_shows_the_language_an_edit_changed(make_project):
    pair = ("Exports doubled last year.\n去年出口翻了一番。\n"
            "The province will build more parks.\n全省将建设更多产业园区。\n")
    d = make_project(pair, "subtitles_dir: subtitles\n")
    assert run_cli("subs", str(d))[0] == 0
    (d / "script.txt").write_text(pair.replace("更多", "许多"), encoding="utf-8")
    code, _out, err = run_cli("check", str(d))
    assert code == 1 and "全省将建设更多产业园区 -> " in err.replace("'", ""), err
    assert "全省将建设许多产业园区" in err, err


def test_check_blames_a_style_change_on_project_yaml_not_on_a_hand_edit(make_project):
    """A `style:` edit changes only the ASS file; check had said it was edited by hand."""
    pair = "Exports doubled last year.\n去年出口翻了一番。\n"
    d = make_project(pair, "subtitles_dir: subtitles\n")
    assert run_cli("subs", str(d))[0] == 0
    with (d / "project.yaml").open("a", encoding="utf-8") as f:
        f.write("style: {zh_size: 0.06}\n")
    code, _out, err = run_cli("check", str(d))
    assert code == 1 and "ep.ass" in err and "differ from what project.yaml gives" in err, err
    assert "by hand" in err and "ep.en.srt" not in err


def test_check_counts_cues_whose_confidence_alone_changed_in_one_line():
    """A one-word edit re-weighs the whole alignment: `check` listed 32 cues whose times, texts
    and flags were as committed, one "flags" line each. They are one line now; a cue whose
    flags changed keeps its own."""
    old = [Cue(f"c{i}", "b01", Role.BODY, 1000 * i, 1000 * i + 800, en=(f"line {i}",),
               confidence=0.8) for i in range(1, 6)]
    new = [Cue(c.id, c.block, c.role, c.start_ms, c.end_ms, en=c.en,
               confidence=0.8 + 0.01 * k) for k, c in enumerate(old)]
    new[4] = Cue("c5", "b01", Role.BODY, 5000, 5800, en=("line 5",), confidence=0.2,
                 flags=("not_heard",))
    diffs = pipeline.diff_cues(old, new)
    assert [(d.kind, d.cue) for d in diffs] == [("confidence", "c2"), ("flags", "c5")]
    assert "3 cue(s)" in diffs[0].detail and "+0.010 to +0.030" in diffs[0].detail
    assert pipeline.diff_cues(old, old) == []


def test_check_shows_an_edit_far_into_a_cue_and_a_paragraph_split():
    """An edit past a cue's 47th character showed the same text on both sides of "->"; a
    paragraph split (only the cues' block ids changed) gave no cue-level line at all."""
    text = "Farmers along the river plant wheat in autumn and harvest it in early summer."
    old = [Cue("c1", "b01", Role.BODY, 1000, 4000, en=(text,)),
           Cue("c2", "b01", Role.BODY, 4100, 6000, en=("Then they plant maize.",))]
    new = [Cue("c9", "b01", Role.BODY, 1000, 4000, en=(text.replace("early", "late"),)),
           Cue("c2", "b02", Role.BODY, 4100, 6000, en=("Then they plant maize.",))]
    diffs = pipeline.diff_cues(old, new)
    assert [d.kind for d in diffs] == ["changed", "block"]
    before, after = diffs[0].detail.split(": ", 1)[1].split(" -> ")
    assert "early" in before and "late" in after and before != after
    assert "b01 -> b02" in diffs[1].detail


def test_check_shows_a_mandarin_episodes_cues_in_chinese():
    """`check` on an episode narrated in Mandarin listed its added, removed and changed cues
    by their English (`subs` lists its flagged cues in Chinese, what the editor hears)."""
    old = [Cue("c1", "b01", Role.BODY, 1000, 4000, en=("and improve their per mu output.",),
               zh=("提高亩均产出效益",)),
           Cue("c2", "b01", Role.BODY, 4100, 6000, en=("We will promote parks.",),
               zh=("推动园区发展",))]
    new = [Cue("c8", "b01", Role.BODY, 1000, 4000, en=("and improve their output per mu.",),
               zh=("提高亩均产出",)),
           Cue("c9", "b02", Role.BODY, 7000, 9000, en=("By 2025, 100 parks.",),
               zh=("到2025年，建成100个园区",))]
    diffs = {d.kind: d.detail for d in pipeline.diff_cues(old, new, "zh")}
    assert "'提高亩均产出效益' -> '提高亩均产出'" in diffs["changed"], diffs
    assert diffs["added"] == "'到2025年，建成100个园区'" and diffs["removed"] == "'推动园区发展'"
    # English narration: English, as before
    diffs = {d.kind: d.detail for d in pipeline.diff_cues(old, new)}
    assert "output." in diffs["changed"] and diffs["added"] == "'By 2025, 100 parks.'"


def test_anchors_too_close_for_the_cue_between_them_are_warned_of():
    from subtitler.model import Segment
    segs = [Segment(f"c{i}", "b01", Role.BODY, en=(f"line {i}",)) for i in range(3)]
    rules = Rules()
    warned = pipeline.close_anchors({"c0": 5820, "c1": 6100, "c2": 9000}, segs, rules)
    assert len(warned) == 1 and "c0 and c1 are 280 ms apart" in warned[0]
    assert pipeline.close_anchors({"c0": 5000, "c2": 9000}, segs, rules) == []


def test_check_and_qc_go_on_past_a_broken_project(make_project, tmp_path):
    good = make_project("Exports doubled last year.\n去年出口翻了一番。\n",
                        "subtitles_dir: subtitles\n", name="good")
    bad = make_project("Exports doubled last year.\n去年出口翻了一番。\n",
                       "subtitles_dir: subtitles\nvideo: gone.mp4\n", name="bad")
    assert run_cli("subs", str(good))[0] == 0
    for cmd in ("check", "qc"):
        code, out, err = run_cli(cmd, str(bad), str(good))
        assert code == 2 and "good" in out and "gone.mp4" in err, (cmd, out, err)


def test_apply_rules_keeps_durations_gaps_and_order():
    rules = Rules()
    cues = [Cue(f"c{i}", "b01", Role.BODY, s, e, ("x",)) for i, (s, e) in
            enumerate([(0, 200), (250, 9000), (9100, 9500), (9450, 12000), (20000, 20100)])]
    out = apply_rules(cues, rules)
    gap = rules.min_gap_ms
    for a, b in zip(out, out[1:]):
        assert b.start_ms - a.end_ms >= gap
        if b.start_ms - a.end_ms <= rules.close_gap_ms:
            assert b.start_ms - a.end_ms == gap or a.end_ms - a.start_ms in (
                rules.min_duration_ms, rules.max_duration_ms)
    for c in out:
        assert rules.min_duration_ms <= c.duration_ms <= rules.max_duration_ms
    assert [c.id for c in out] == [c.id for c in cues]


@pytest.mark.parametrize("anchored, expect", [
    # half a second from each side: the cue before ends earlier, the one after starts later
    (False, [(0, 2500), (2584, 4800), (4884, 8400)]),
    # an anchored cue after it keeps its start: only the cue before gives way
    (True, [(0, 2500), (2584, 4300), (4384, 8400)]),
])
def test_a_cue_too_short_to_read_takes_time_from_its_neighbours(anchored, expect):
    """The sample's "strengthen the upstream and lower-stream coordination", said shortened,
    had 1.2 s for 53 characters (36 a second; 20 the limit, 30 a QC error), its neighbours
    with time to spare: it now starts up to READ_SHIFT_MS earlier and ends up to that much
    later, each neighbour keeping its own reading time."""
    rules = Rules()
    texts = ["x" * 40, "strengthen the upstream and lower-stream coordination", "y" * 66]
    times = [(0, 3000), (3084, 4300), (4384, 8400)]  # (the minimum gap: 84 ms)
    cues = [Cue(f"c{i}", "b01", Role.BODY, s, e, (t,),
                flags=("anchored",) if anchored and i == 2 else ())
            for i, ((s, e), t) in enumerate(zip(times, texts))]
    out = apply_rules(cues, rules, lend=True)
    assert [(c.start_ms, c.end_ms) for c in out] == expect
    assert [(c.start_ms, c.end_ms) for c in apply_rules(cues, rules)] == times  # (not lending)
    assert out[0].duration_ms >= 2000 and out[2].duration_ms >= 3300  # (40 and 66 at 20 a second)


@given(spec=st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 4000), st.integers(1, 90)),
                     min_size=1, max_size=8))
@settings(max_examples=200, deadline=None)
def test_apply_rules_lends_a_cue_time_to_read_within_the_limits(spec):
    """Random cues (gap before, length, characters): gaps, order and durations hold; no edge
    moves more than READ_SHIFT_MS for the time to read; and no cue reads in less time than it
    would without it (a cue that had its reading time keeps it)."""
    from subtitler import timing

    rules = Rules()
    cues, t = [], 0
    for i, (gap, length, chars) in enumerate(spec):
        t += gap
        cues.append(Cue(f"c{i}", "b01", Role.BODY, t, t + length, ("w" * chars,)))
        t += length
    out = apply_rules(cues, rules, lend=True)
    before = apply_rules(cues, rules)
    assert [c.id for c in out] == [c.id for c in cues]
    for a, b in zip(out, out[1:]):
        assert b.start_ms - a.end_ms >= rules.min_gap_ms, (a, b)
    for c, was in zip(out, before):
        assert rules.min_duration_ms <= c.duration_ms <= rules.max_duration_ms, c
        assert abs(c.start_ms - was.start_ms) <= timing.READ_SHIFT_MS
        assert abs(c.end_ms - was.end_ms) <= timing.READ_SHIFT_MS
        assert c.duration_ms >= min(was.duration_ms, timing.reading_ms(was, rules)), (c, was)


def test_a_mistyped_project_folder_suggests_the_one_meant(tmp_path):
    (tmp_path / "luoyang-peony-fair").mkdir()
    (tmp_path / "luoyang-peony-fair" / "script.txt").write_text("Hello.\n你好。\n",
                                                               encoding="utf-8")
    code, _, err = run_cli("subs", str(tmp_path / "luoyang-peony-fiar"))
    assert code == 2 and err.count("\n") == 1
    assert f"did you mean {tmp_path / 'luoyang-peony-fair'}?" in err
    code, _, err = run_cli("subs", str(tmp_path / "kaifeng"))
    assert code == 2 and "did you mean" not in err and "holding script.txt" in err


def test_subs_says_how_it_timed_the_cues(make_project):
    d = make_project("Hello there, this is the news.\n你好，这里是新闻。\n", "title: t\n")
    code, out, err = run_cli("subs", str(d))
    assert code == 0, err
    assert "timed at reading speed: project.yaml names no video" in out


def test_subs_warns_of_a_credit_role_without_english(make_project):
    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n\n"
                     "文案：赵汉青\n配音：杨佳欣\n统筹：王刚\n")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0, err
    assert "credit role" not in err  # all three are in the packaged table
    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n\n"
                     "文案：赵汉青\n灯光师傅：杨佳欣\n", name="ep2")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0, err
    lines = [ln for ln in err.splitlines() if "灯光师傅" in ln]
    assert len(lines) == 1 and "has no English" in lines[0] and "credits.roles" in lines[0]
    assert "文案" not in err


@pytest.mark.parametrize("case", ["build_unwritable", "yaml_folder", "yaml_complex_key",
                                  "committed_not_utf8"])
def test_more_bad_input_is_one_clear_line(make_project, case):
    """Each was a traceback (CI audit)."""
    pair = "Exports doubled last year.\n去年出口翻了一番。\n"
    d = make_project(pair, "subtitles_dir: subtitles\n")
    cmd = "subs"
    if case == "build_unwritable":  # (a read-only folder, as root can write anywhere)
        (d / "build").write_text("not a folder", encoding="utf-8")
    elif case == "yaml_folder":
        (d / "project.yaml").unlink()
        (d / "project.yaml").mkdir()
    elif case == "yaml_complex_key":
        (d / "project.yaml").write_text("? [a, b]\n: 1\n", encoding="utf-8")
    else:
        assert run_cli("subs", str(d))[0] == 0
        srt = d / "subtitles" / "ep.zh.srt"
        srt.write_bytes(srt.read_text(encoding="utf-8").encode("gb18030"))
        cmd = "check"
    code, _out, err = run_cli(cmd, str(d))
    if case == "committed_not_utf8":
        assert code == 1 and "ep.zh.srt" in _out + err and "Traceback" not in err
    else:
        assert code == 2 and err.count("\n") == 1 and err.startswith("error: "), err
        assert not (d / "subtitles").exists()  # nothing written before the failure


def test_flagged_cues_are_listed_in_the_narration_language():
    from subtitler.model import NOT_HEARD, Cue, Role
    from subtitler.pipeline import flagged_lines, summarize
    cues = [Cue("c1", "b01", Role.BODY, 1000, 2000, en=("Half a year",), zh=("今年上半年",),
                confidence=0.05, flags=(NOT_HEARD,)),
            Cue("c2", "b01", Role.BODY, 2000, 3000, en=("Fine",), zh=("好",))]
    assert flagged_lines(cues, lang="zh")[0].endswith("今年上半年")
    assert flagged_lines(cues)[0].endswith("Half a year")
    assert summarize(cues).startswith("2 cues (1 shown), 0 cards, 1 flagged")



def test_committed_cues_steer_the_cuts_until_subs_recut(make_project, monkeypatch):
    """The committed cues keep a re-run's cuts as they were (a one-word edit changes only its
    cues); a subtitler that cuts better reaches a committed episode with `subs --recut`."""
    from subtitler import segment
    from subtitler.pipeline import build, load_project

    pair = ("Focusing on innovation and breakthroughs, open linkage, city-industry integration "
            "and institutional innovation, we will raise the level of leading industries and "
            "improve their functions as carriers.\n"
            "聚焦创新突破、开放联动、产城融合、体制创新，提升主导产业能级和承载服务功能。\n")
    d = make_project(pair, "subtitles_dir: subtitles\n")
    project = load_project(d)
    monkeypatch.setattr(segment, "LEXICAL", False)  # an older subtitler: cuts by position
    old = build(project)
    (d / "subtitles").mkdir()
    for name, text in old.outputs.items():
        (d / "subtitles" / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(segment, "LEXICAL", True)
    fresh = [(c.zh, c.en) for c in build(project, recut=True).cues]
    assert fresh != [(c.zh, c.en) for c in old.cues]
    assert [(c.zh, c.en) for c in build(project).cues] == [(c.zh, c.en) for c in old.cues]
    # and on the command line
    code, _out, err = run_cli("subs", "--recut", str(d))
    assert code == 0, err
    assert run_cli("check", str(d))[0] == 0
    assert [(c.zh, c.en) for c in build(project).cues] == fresh


@pytest.fixture
def served(tmp_path):
    """A folder served over HTTP on localhost: (folder, base URL, the paths asked for)."""
    import functools
    import http.server
    import threading

    root = tmp_path / "www"
    root.mkdir()
    asked: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}", asked
    server.shutdown()


@pytest.mark.parametrize("url", ["http://example.invalid/my episode.mp4", "http://[::1/ep.mp4",
                                 "http://example.invalid/视频.mp4", "http://host:port/ep.mp4"])
def test_fetch_of_a_malformed_address_names_its_line(make_project, url):
    """A space in the address, or a broken host, was a Python traceback, and `fetch` of the
    projects after it never ran."""
    d = make_project("Exports doubled last year.\n",
                     f"video: media/ep.mp4\nvideo_source:\n  url: \"{url}\"\n")
    code, _out, err = run_cli("fetch", str(d))
    assert code == 2 and len(err.strip().splitlines()) == 1, err
    assert f"{d / 'project.yaml'}:3: `video_source.url`" in err and "Traceback" not in err, err
    assert not (d / "media" / "ep.mp4").exists()


def test_fetch_downloads_the_video_checks_it_and_never_replaces_one(make_project, served):
    """CI has no media (it is not committed): `subtitler fetch` downloads each episode's video
    from `video_source.url`, checks its sha256, and renames it into place only when whole."""
    import hashlib

    root, base, asked = served
    data = bytes(range(256)) * 5000
    (root / "ep.mp4").write_bytes(data)
    good = hashlib.sha256(data).hexdigest()
    yaml = ("video: media/ep.mp4\nvideo_source:\n  url: {url}\n  sha256: {sha}\n")
    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n",
                     yaml.format(url=f"{base}/ep.mp4", sha="f" * 64))
    code, _out, err = run_cli("fetch", str(d))
    assert code == 2 and f"has sha256 {good}, not the {'f' * 64}" in err, err
    assert len(err.strip().splitlines()) == 1 and not (d / "media" / "ep.mp4").exists()
    assert list((d / "media").iterdir()) == []  # (no partial file either)
    (d / "project.yaml").write_text(yaml.format(url=f"{base}/ep.mp4", sha=good),
                                    encoding="utf-8")
    code, out, err = run_cli("fetch", str(d))
    assert code == 0 and "fetched" in out, err
    assert (d / "media" / "ep.mp4").read_bytes() == data
    # there, and the same: not fetched again
    code, out, _err = run_cli("fetch", str(d))
    assert code == 0 and "matches its sha256" in out and asked.count("/ep.mp4") == 2
    # an editor's own video that differs is left as it is, with an error saying so
    (d / "media" / "ep.mp4").write_bytes(b"the editor's cut")
    code, _out, err = run_cli("fetch", str(d))
    assert code == 2 and "differs from `video_source.sha256`; left as it is" in err
    assert (d / "media" / "ep.mp4").read_bytes() == b"the editor's cut"
    # a wrong address: one line naming the video and the setting
    (d / "media" / "ep.mp4").unlink()
    (d / "project.yaml").write_text(yaml.format(url=f"{base}/missing.mp4", sha=good),
                                    encoding="utf-8")
    code, _out, err = run_cli("fetch", str(d))
    assert code == 2 and "HTTP 404" in err and "video_source.url" in err, err
    assert list((d / "media").iterdir()) == []
    # a project without a source is nothing to do; a bad checksum is a config error
    e = make_project("Exports doubled last year.\n", "", name="plain")
    assert run_cli("fetch", str(e))[1].strip() == "plain: no video_source.url in project.yaml: " \
                                                  "nothing to fetch"
    (d / "project.yaml").write_text(yaml.format(url=f"{base}/ep.mp4", sha="abc"),
                                    encoding="utf-8")
    code, _out, err = run_cli("fetch", str(d))
    assert code == 2 and "project.yaml:4" in err and "64 hexadecimal digits" in err, err


def test_fetch_takes_a_file_url(make_project, tmp_path):
    """A `file://` address (a newsroom share mounted on the runner) is accepted by the check
    of `video_source.url`, and was then a traceback: its response has no length."""
    data = b"a video" * 1000
    src = tmp_path / "share" / "ep.mp4"
    src.parent.mkdir()
    src.write_bytes(data)
    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n",
                     f"video: media/ep.mp4\nvideo_source:\n  url: {src.as_uri()}\n")
    code, out, err = run_cli("fetch", str(d))
    assert code == 0 and "fetched" in out and err == "", err
    assert (d / "media" / "ep.mp4").read_bytes() == data


def test_config_lists_every_key_and_an_unused_timing_file_is_warned_of(make_project):
    """`subtitler config` lists every project.yaml key (the README had sent editors to a
    table in the source); `timing.file` without `source: file` had been ignored silently."""
    from subtitler.config import iter_fields

    code, out, _err = run_cli("config")
    keys = [ln for ln in out.splitlines() if ln and not ln.startswith(" ")]
    assert code == 0 and [k.split(" ")[0] for k in keys] == [n for n, _f in iter_fields()]
    assert "speech_language = 'en' (one of en, zh)" in keys
    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n",
                     "timing:\n  file: editor.srt\n")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and f"{d / 'project.yaml'}:2: `timing.file` is not used" in err, err


def test_a_script_with_no_subtitle_says_its_tracks_are_empty(make_project):
    """Every block a note (a `roles:` line): the tracks were written empty without a word, and
    qc passed them."""
    d = make_project("High-Level Industry Carriers\n建设高能级产业载体\n",
                     "roles:\n  - {match: Carriers, role: note}\n")
    code, _out, err = run_cli("subs", str(d))
    assert code == 0 and "no block is a subtitle: the tracks are empty" in err, err


@pytest.mark.parametrize("var", ["SUBTITLER_FFMPEG", "SUBTITLER_FONTS_DIR"])
def test_a_bad_environment_setting_is_named_and_not_taken_for_bad_audio(make_project, tmp_path,
                                                                        monkeypatch, var):
    """SUBTITLER_FFMPEG naming no program made `subs` fall back to reading speed as if the audio
    were bad (tracks overwritten, exit 0), and renders blamed the folder's permissions."""
    from subtitler import ffmpeg

    d = make_project("Exports doubled last year.\n去年出口翻了一番。\n", "video: v.mp4\n")
    ffmpeg.run(["-y", "-f", "lavfi", "-i", "color=s=160x90:d=2", "-f", "lavfi", "-i",
                "sine=d=2", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
                "-shortest", str(d / "v.mp4")], what="making a video")
    monkeypatch.setenv(var, str(tmp_path / "nowhere"))
    args = ("subs", str(d)) if var == "SUBTITLER_FFMPEG" else ("burn", "--dry-run", str(d))
    code, _out, err = run_cli(*args)
    # (burn builds the cues first, and says the build's warnings: the test's sound is a tone)
    *said, last = err.strip().splitlines()
    assert code == 2 and last.startswith("error: ") and all(
        ln.startswith("warning: ") for ln in said) and len(said) <= (var != "SUBTITLER_FFMPEG"), err
    assert f"{var} names {tmp_path / 'nowhere'}" in last and "unset it" in last, err
    assert not (d / "build" / "ep.en.srt").exists() or var != "SUBTITLER_FFMPEG"


_THREADS = """
import os, sys
from subtitler import cli
cli._one_blas_thread() if sys.argv[1] == "cli" else None
import numpy as np
a = np.random.default_rng(0).random((600, 600))
for _ in range(3):
    a @ a
print(len(os.listdir("/proc/self/task")), os.environ.get("OPENBLAS_NUM_THREADS"))
"""


@pytest.mark.skipif(not Path("/proc/self/task").is_dir() or (os.cpu_count() or 1) < 2,
                    reason="counts the threads in /proc, on a machine of several cores")
def test_the_cli_runs_numpys_matrix_products_on_one_thread_unless_told_otherwise():
    env = {k: v for k, v in os.environ.items()
           if k not in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
                        "OMP_NUM_THREADS")}

    def threads(mode: str, **extra: str) -> list[str]:
        return subprocess.run([sys.executable, "-c", _THREADS, mode], env={**env, **extra},
                              capture_output=True, text=True, check=True,
                              cwd=ROOT).stdout.split()

    # (numpy's own default: a BLAS thread per core, which waited spinning beside the
    # narration's analysis and espeak-ng)
    assert int(threads("plain")[0]) > 1
    assert threads("cli") == ["1", "1"]
    assert threads("cli", OPENBLAS_NUM_THREADS="2") == ["2", "2"]  # a user's setting is kept
