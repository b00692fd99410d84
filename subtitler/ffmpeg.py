"""The one module that runs ffmpeg. Everything else asks it for data or for a command.

The binary is imageio-ffmpeg's (a static build with libass, fontconfig, harfbuzz, fribidi and
x264) unless ``SUBTITLER_FFMPEG`` names another. There is no ffprobe in that package, so media is
probed by reading ``ffmpeg -i`` output. Every call captures stderr, so that a failure can be
reported as one line with the tail of ffmpeg's own message.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import MediaError


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary: $SUBTITLER_FFMPEG, else imageio-ffmpeg's bundled build."""
    configured = os.environ.get("SUBTITLER_FFMPEG")
    if configured:
        return configured
    import imageio_ffmpeg  # imported lazily: no side effects at import

    return imageio_ffmpeg.get_ffmpeg_exe()


def _tail(stderr: bytes | str, lines: int = 1) -> str:
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    rows = [r.strip() for r in text.strip().splitlines() if r.strip()]
    return " | ".join(rows[-lines:]) if rows else "no message"


def run(args: list[str], *, what: str, path: object = None, input: bytes | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    """Run ffmpeg with ``args`` (without the binary), capturing stdout and stderr."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", *args]
    if input is not None:
        cmd.remove("-nostdin")
    try:
        proc = subprocess.run(cmd, input=input, capture_output=True)
    except FileNotFoundError as exc:
        raise MediaError(f"ffmpeg not found at {cmd[0]}",
                         fix="reinstall with `make demo` or set SUBTITLER_FFMPEG") from exc
    if check and proc.returncode != 0:
        raise MediaError(f"ffmpeg failed while {what}: {_tail(proc.stderr)}", path=path)
    return proc


@dataclass(frozen=True)
class MediaInfo:
    duration_ms: int | None
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    has_video: bool = False
    has_audio: bool = False


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #.*?: Video: .*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")


def probe(path: str | os.PathLike) -> MediaInfo:
    """Duration, frame size and streams of a media file, read from ``ffmpeg -i``."""
    p = Path(path)
    if not p.is_file():
        raise MediaError("media file not found", path=p, fix="check the `video:` key in project.yaml")
    proc = run(["-i", str(p)], what="probing", path=p, check=False)
    text = proc.stderr.decode("utf-8", "replace")
    if "Invalid data found" in text or "Stream #" not in text:
        raise MediaError(f"not a readable media file: {_tail(text)}", path=p)
    dur = None
    m = _DURATION.search(text)
    if m:
        h, mi, s = m.groups()
        dur = int(round((int(h) * 3600 + int(mi) * 60 + float(s)) * 1000))
    width = height = fps = None
    has_video = False
    for line in text.splitlines():
        if "Video:" in line and "Stream #" in line and "attached pic" not in line:
            has_video = True
            vm = _VIDEO.search(line)
            if vm:
                width, height = int(vm.group(1)), int(vm.group(2))
            fm = _FPS.search(line)
            if fm:
                fps = float(fm.group(1))
            break
    has_audio = any("Stream #" in ln and "Audio:" in ln for ln in text.splitlines())
    return MediaInfo(dur, width, height, fps, has_video, has_audio)


def decode_audio(path: str | os.PathLike, *, rate: int = 16000, channel: int | None = None) -> np.ndarray:
    """Decode the audio of ``path`` to mono int16 samples at ``rate`` Hz.

    ``channel`` picks one channel of a multichannel file instead of the downmix.
    """
    p = Path(path)
    if not p.is_file():
        raise MediaError("media file not found", path=p)
    af = [] if channel is None else ["-af", f"pan=mono|c0=c{int(channel)}"]
    proc = run(["-i", str(p), "-vn", *af, "-ac", "1", "-ar", str(rate), "-f", "s16le",
                "-acodec", "pcm_s16le", "pipe:1"], what="decoding audio", path=p, check=False)
    if proc.returncode != 0:
        text = proc.stderr.decode("utf-8", "replace")
        if "does not contain any stream" in text or "Output file #0 does not contain" in text \
                or "matches no streams" in text:
            raise MediaError("has no audio stream", path=p,
                             fix="give a video with narration, or use `timing: {source: reading}`")
        raise MediaError(f"ffmpeg failed while decoding audio: {_tail(text)}", path=p)
    return np.frombuffer(proc.stdout, dtype="<i2").copy()


def _atomic_target(out: Path) -> Path:
    """A temporary path beside ``out`` with the same extension (ffmpeg picks the muxer by it)."""
    return out.with_name(f".{out.stem}.part{out.suffix}")


def encode_slideshow(concat_list: Path, audio_wav: Path, out: Path, *, fps: int = 24,
                     crf: int = 23, preset: str = "veryfast") -> Path:
    """Still images (an ffconcat list with durations) plus a WAV -> an H.264/AAC MP4.

    Written under a temporary name and renamed, so an interrupted encode leaves no half file.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = _atomic_target(out)
    args = ["-y", "-f", "concat", "-safe", "0", "-i", str(concat_list), "-i", str(audio_wav),
            "-map", "0:v", "-map", "1:a", "-vf", f"fps={fps},format=yuv420p",
            "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-tune", "stillimage",
            "-c:a", "aac", "-b:a", "128k", "-shortest", "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-movflags", "+faststart", str(tmp)]
    try:
        run(args, what="encoding the sample video", path=out)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
