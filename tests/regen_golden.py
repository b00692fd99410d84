"""Regenerate the golden files (`make golden`): the sample episode's tracks as built now.

Review `git diff tests/golden` before committing: every change there is a change users see.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from subtitler.pipeline import build, load_project, write_atomic  # noqa: E402

GOLDEN = ROOT / "tests" / "golden"
EPISODES = ["henan-industry-carriers"]


def golden_outputs(name: str) -> dict[str, str]:
    """The outputs compared against goldens: built from the script alone (no media)."""
    project = load_project(ROOT / "projects" / name)
    project = project.__class__(dir=project.dir, name=project.name,
                                config=_without_video(project.config),
                                config_path=project.config_path)
    return build(project).outputs


def _without_video(config):
    from subtitler.config import Section

    values = dict(config.items())
    values["video"] = None
    return Section(values)


def main() -> None:
    for name in EPISODES:
        for fname, text in golden_outputs(name).items():
            write_atomic(GOLDEN / name / fname, text)
            print(f"wrote tests/golden/{name}/{fname}")


if __name__ == "__main__":
    main()
