"""One error hierarchy. Every error names the file, the place and the fix.

The CLI turns a :class:`SubtitlerError` into a single ``error: ...`` line and exit status 2;
nothing below the CLI prints or exits.
"""

from __future__ import annotations


class SubtitlerError(Exception):
    """A problem the user can fix. ``str(err)`` is the one line shown to the user."""

    def __init__(self, message: str, *, path: object = None, line: int | None = None,
                 fix: str | None = None) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        text = where + self.message
        if self.fix:
            text += f" ({self.fix})"
        return text


class ScriptError(SubtitlerError):
    """The script cannot be read (empty, not text, unknown encoding)."""


class ConfigError(SubtitlerError):
    """project.yaml is invalid: unknown key, wrong type, bad value."""


class TrackError(SubtitlerError):
    """A subtitle file cannot be read or written."""


class MediaError(SubtitlerError):
    """A video or audio file is missing, corrupt or unusable; ffmpeg failed."""


class TimingError(SubtitlerError):
    """Cues could not be timed against the narration."""


class FixedTimesError(TimingError):
    """The anchored and locked times leave the narration no way to be aligned: the editor's
    settings to fix, not audio to fall back from."""


class RenderError(SubtitlerError):
    """A render cannot start (missing glyphs, lines too wide, no libass) or failed."""
