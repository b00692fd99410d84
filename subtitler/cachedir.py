"""Where subtitler keeps files it can rebuild: ``$XDG_CACHE_HOME/subtitler`` (default
``~/.cache/subtitler``). Everything here is derived data; deleting the folder is always safe."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "subtitler"


@contextmanager
def cache_file(dest: Path) -> Iterator[Path]:
    """A temporary file beside ``dest`` for the block to write; renamed to ``dest`` when the
    block ends, removed if it raises, so a reader never finds half a cache file."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
