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


@pytest.mark.slow
def test_committed_sample_tracks_are_up_to_date(tmp_path):
    """What CI's `make check` does: synthesise the media, rebuild, compare byte for byte."""
    d = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, d, ignore=shutil.ignore_patterns("build", "media"))
    media = SAMPLE / "media"
    if (media / f"{SAMPLE.name}.mp4").exists():
        shutil.copytree(media, d / "media")
    else:
        code, _, err = run_cli("sample-media", str(d))
        assert code == 0, err
    code, out, err = run_cli("check", str(d))
    assert code == 0, out + err
    assert "up to date" in out
