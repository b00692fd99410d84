from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "projects" / "henan-industry-carriers"
GOLDEN = ROOT / "tests" / "golden"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A copy of the sample episode's script and project.yaml without its video, its committed
    tracks or its timing lock: subtitles timed at reading speed, no media needed."""
    dst = tmp_path / SAMPLE.name
    dst.mkdir()
    shutil.copy(SAMPLE / "script.txt", dst / "script.txt")
    yaml = (SAMPLE / "project.yaml").read_text(encoding="utf-8")
    kept = [ln for ln in yaml.splitlines()
            if not ln.startswith(("video:", "speech_language:", "subtitles_dir:", "timing:"))]
    (dst / "project.yaml").write_text("\n".join(kept) + "\n", encoding="utf-8")
    return dst


@pytest.fixture
def make_project(tmp_path: Path):
    """make_project(script, yaml=None, name="ep") -> folder with script.txt and project.yaml."""

    def make(script: str | bytes, yaml: str | None = None, name: str = "ep") -> Path:
        d = tmp_path / name
        d.mkdir(exist_ok=True)
        data = script.encode("utf-8") if isinstance(script, str) else script
        (d / "script.txt").write_bytes(data)
        if yaml is not None:
            (d / "project.yaml").write_text(yaml, encoding="utf-8")
        return d

    return make


def run_cli(*args: str, cwd: Path | None = None):
    """Run `python -m subtitler ARGS` in a subprocess: (exit code, stdout, stderr)."""
    import subprocess

    proc = subprocess.run([sys.executable, "-m", "subtitler", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT)
    return proc.returncode, proc.stdout, proc.stderr
