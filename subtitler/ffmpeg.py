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
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import MediaError, SubtitlerError


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    """Path of the ffmpeg binary: $SUBTITLER_FFMPEG, else imageio-ffmpeg's bundled build."""
    configured = os.environ.get("SUBTITLER_FFMPEG")
    if configured:
        import shutil

        found = shutil.which(configured)  # a path, or a name on PATH
        if found is None:
            # (not a MediaError: `subs` fell back to reading speed as if the audio were bad,
            # and renders named their output file)
            raise SubtitlerError(f"SUBTITLER_FFMPEG names {configured}, which is not a "
                                 "program", fix="unset it to use the bundled ffmpeg, or give "
                                 "the path of an ffmpeg binary")
        return found
    bundled = _bundled_exe()
    if bundled:
        return bundled
    import imageio_ffmpeg  # imported lazily: no side effects at import

    return imageio_ffmpeg.get_ffmpeg_exe()


def _bundled_exe() -> str | None:
    """imageio-ffmpeg's own binary, found without running it (get_ffmpeg_exe runs
    `ffmpeg -version` to validate, ~30 ms on every command); None when not exactly one."""
    import importlib.util

    spec = importlib.util.find_spec("imageio_ffmpeg")
    if spec is None or not spec.origin:
        return None
    found = [p for p in (Path(spec.origin).parent / "binaries").glob("ffmpeg-*")
             if p.is_file() and os.access(p, os.X_OK)]
    return str(found[0]) if len(found) == 1 else None


_GENERIC = re.compile(r"^(Conversion failed!|Error opening output files?:.*|Error : .*|"
                      r"Error while filtering: .*|Error opening output file .*|"
                      r"Error (initializing|binding|configuring) .*|Exiting .*|"
                      r"\[.*\] (Error|Could not) .*(Invalid argument|open encoder).*)$")
_SAYS_WHY = re.compile(r"error|unable|invalid|cannot|can't|not found|no such|unknown|"
                       r"does not|could not|incompatible|unrecognized|not supported|"
                       r"not allowed|must be|failed", re.I)


def _tail(stderr: bytes | str) -> str:
    """The line of ffmpeg's message that says what went wrong: the first that names a reason,
    past ffmpeg's generic closing lines ("Conversion failed!", "Error opening output files:
    Invalid argument"); with the last line too when that one differs."""
    text = stderr.decode("utf-8", "replace") if isinstance(stderr, bytes) else stderr
    rows = [r.strip() for r in text.strip().splitlines() if r.strip()]
    if not rows:
        return "no message"
    why = next((r for r in rows if _SAYS_WHY.search(r) and not _GENERIC.match(r)), None)
    if why is None or why == rows[-1]:
        return rows[-1]
    return f"{why} | {rows[-1]}"


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
    colour_tagged: bool = False  # the video stream says its colour matrix (bt709, ...)
    sar: float = 1.0  # the width of a pixel over its height (4/3: anamorphic 1440x1080 for 16:9)
    container: str = ""  # ffmpeg's name of the format ("mov,mp4,m4a,3gp,3g2,mj2", "mpegts")
    audio_streams: int = 0
    audio_layouts: tuple[str, ...] = ()  # each audio stream's channel layout ("stereo", "5.1")
    full_range: bool = False  # the picture's levels run 0-255 ("pc", yuvj420p), not 16-235

    @property
    def display_width(self) -> int | None:
        """The width the picture is shown at (even): 1920 for 1440x1080 at SAR 4:3."""
        if not self.width or abs(self.sar - 1) < 1e-3:
            return self.width
        return max(2, round(self.width * self.sar / 2) * 2)


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_TIME = re.compile(r"time=(\d+):(\d+):(\d+(?:\.\d+)?)")  # how far ffmpeg got
_VIDEO = re.compile(r"Stream #.*?: Video: .*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees")
_SAR = re.compile(r"\bSAR (\d+):(\d+)")
_TBR = re.compile(r"(\d+(?:\.\d+)?) tbr")
_FORMAT = re.compile(r"Input #0, (.+?), from ")
_LAYOUT = re.compile(r"Audio: .*?, \d+ Hz, ([^,]+)")
_FULL_RANGE = re.compile(r"\byuvj\d|\(pc[,)]")  # yuvj420p(pc, ...), yuv420p(pc, bt709, ...)
_MATRIX = re.compile(r"\b(bt709|bt470bg|smpte170m|smpte240m|bt2020nc|bt2020c|fcc|ycgco|gbr|"
                     r"bt470m|chroma-derived-nc|chroma-derived-c|ictcp)\b")


def _variable_rate(fps: float, tbr: float) -> bool:
    """Whether ``fps`` (ffmpeg's average frame rate) is a variable-rate video's average far
    below the rate its frames are timed at (``tbr``: 11.24 fps of a 24 fps phone clip that
    dropped frames), which the frame rules should count in; not an interlaced video's field
    rate (25 fps, 50 tbr)."""
    return tbr > 1.1 * fps and abs(tbr - 2 * fps) > 0.005 * tbr and 10 <= tbr <= 120


def not_a_file(path: Path, what: str, fix: str | None = None) -> MediaError:
    """The error for ``path``, which is not a regular file, read as ``what``: missing (with
    ``fix``), or a folder, a named pipe or a device (media is read more than once, which a
    pipe cannot be)."""
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return MediaError(f"{what} not found", path=path, fix=fix)
    kind = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "a device")
    fix = {"a folder": "name the file, not its folder",
           "a named pipe (FIFO)": "name a regular file: it is read more than once, which a "
                                  "pipe cannot be"}.get(kind, "name a regular file")
    return MediaError(f"{what} is {kind}, not a file", path=path, fix=fix)


def probe(path: str | os.PathLike) -> MediaInfo:
    """Duration, frame size and streams of a media file, read from ``ffmpeg -i``."""
    p = Path(path)
    if not p.is_file():
        raise not_a_file(p, "media file", fix="check the `video:` key in project.yaml")
    proc = run(["-i", str(p)], what="probing", path=p, check=False)
    text = proc.stderr.decode("utf-8", "replace")
    if "Invalid data found" in text or "Stream #" not in text:
        raise MediaError(f"not a readable media file: {_tail(text)}", path=p)
    dur = None
    m = _DURATION.search(text)
    if m:
        dur = _hms_ms(m)
    width = height = fps = None
    has_video = tagged = full = False
    sar = 1.0
    for line in text.splitlines():
        if "Video:" in line and "Stream #" in line and "attached pic" not in line:
            has_video = True
            tagged = bool(_MATRIX.search(line))
            full = bool(_FULL_RANGE.search(line))
            sm = _SAR.search(line)
            if sm and int(sm.group(1)) > 0 and int(sm.group(2)) > 0:
                sar = int(sm.group(1)) / int(sm.group(2))
            vm = _VIDEO.search(line)
            if vm:
                width, height = int(vm.group(1)), int(vm.group(2))
            fm = _FPS.search(line)
            if fm:
                fps = float(fm.group(1))
            tm = _TBR.search(line)
            if fps and tm and _variable_rate(fps, float(tm.group(1))):
                fps = float(tm.group(1))
            break
    audio = [ln for ln in text.splitlines() if "Stream #" in ln and "Audio:" in ln]
    audio_streams = len(audio)
    layouts = tuple(m.group(1).strip() if m else "" for m in map(_LAYOUT.search, audio))
    has_audio = audio_streams > 0
    rot = _ROTATION.search(text)
    if rot and width and height and round(abs(float(rot.group(1)))) % 180 == 90:
        width, height = height, width  # ffmpeg turns the picture upright when it decodes
        sar = 1 / sar
    fmt = _FORMAT.search(text)
    return MediaInfo(dur, width, height, fps, has_video, has_audio, tagged, sar,
                     fmt.group(1) if fmt else "", audio_streams, layouts, full)


@functools.lru_cache(maxsize=1)
def _layouts() -> dict[str, tuple[str, ...]]:
    """ffmpeg's standard channel layouts: name -> its channels (``5.1`` -> FL, FR, FC, ...)."""
    text = run(["-layouts"], what="listing channel layouts").stdout.decode("utf-8", "replace")
    table = {}
    for line in text.split("Standard channel layouts:", 1)[-1].splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] != "NAME":
            table[parts[0]] = tuple(parts[1].split("+"))
    return table


def layout_channels(layout: str) -> tuple[str, ...] | int | None:
    """The channels of a layout as ffmpeg names it: their names (``stereo``: FL, FR), or
    their count when it names none (``6 channels``), or None when unknown."""
    m = re.fullmatch(r"(\d+) channels(?: \(.*\))?", layout.strip())
    if m:
        return int(m.group(1))
    return _layouts().get(layout.strip())


# formats without an index of their frames (transport and program streams, raw streams): a seek
# lands on the first frame its decoder can start from after the byte it guessed, a key frame
# up to a GOP past the time asked for (a preview of a TS with 10 s GOPs had no picture at all)
_UNINDEXED = {"mpegts", "mpeg", "mpegvideo", "h264", "hevc", "m4v", "mpegtsraw", "vob"}
KEY_FRAME_SCAN_MS = 60000  # how much of such a video is read for its key frames


@functools.lru_cache(maxsize=32)
def _preroll(path: str, _mtime_ns: int, _size: int) -> int:
    """For a format without an index: the longest gap between key frames in its first minute,
    and a second more (a whole minute when it has one key frame or none in it: every seek is
    then a decode from before the time wanted). Reading only key frames takes a moment."""
    try:
        names = set(probe(path).container.split(","))
    except MediaError:
        return 0
    if not names & _UNINDEXED:
        return 0
    proc = run(["-skip_frame", "nokey", "-t", f"{KEY_FRAME_SCAN_MS / 1000:g}", "-i", path, "-an",
                "-vf", "showinfo", "-f", "null", "-"], what="reading key frames", path=path,
               check=False)
    keys = [float(t) * 1000 for t in re.findall(r"pts_time:([0-9.]+)",
                                                 proc.stderr.decode("utf-8", "replace"))]
    if len(keys) < 2:
        return KEY_FRAME_SCAN_MS
    return int(min(KEY_FRAME_SCAN_MS, max(b - a for a, b in zip(keys, keys[1:])) + 1000))


# containers with an index of their frames, known by their name without asking ffmpeg (a
# probe is a process: 5 % of a preview)
_INDEXED_SUFFIXES = {".mp4", ".m4v", ".mov", ".mkv", ".webm", ".3gp"}


def seek_preroll_ms(video: str | os.PathLike) -> int:
    """How much earlier than the time wanted to seek ``video`` (0 for MP4, MOV, MKV, WebM)."""
    if Path(video).suffix.lower() in _INDEXED_SUFFIXES:
        return 0
    try:
        st = os.stat(video)
    except OSError:
        return 0
    return _preroll(str(video), st.st_mtime_ns, st.st_size)


def seek_before(video: str | os.PathLike, ms: int) -> int:
    """Where to seek ``video`` to decode from ``ms`` (0: from its start): earlier by the
    pre-roll a format without an index needs; the frames before go at the trim."""
    return max(0, ms - seek_preroll_ms(video)) if ms > 0 else 0


def colour_tags(info: MediaInfo) -> str:
    """The colour description a render of ``info`` should carry when its video carries none
    (tags a video has pass through to the render): ``bt709`` for HD and up, ``smpte170m``
    (BT.601) for standard definition; "" when the video is tagged."""
    if info.colour_tagged or not info.height:
        return ""
    # (as players guess, from the coded size: HD from 1280 wide or more than 576 lines, so
    # 1278x718 is HD; a phone's 854x480 turned upright, 480x854, is not)
    long, short = max(info.width or 0, info.height), min(info.width or 0, info.height)
    return "bt709" if long >= 1280 or short > 576 else "smpte170m"


# sound timed from the file's time 0: silence before a late start, gaps filled, samples before
# 0 (an encoder's priming) dropped
AUDIO_FROM_ZERO = "aresample=async=1:first_pts=0"


def decode_audio(path: str | os.PathLike, *, rate: int = 16000,
                 channel: int | str | None = None,
                 notes: list[str] | None = None, stream: int = 0, from_zero: bool = True):
    """Decode the audio of ``path`` (its audio stream number ``stream``, 0: the first) to mono
    int16 samples at ``rate`` Hz, from the file's time 0 (``from_zero`` False: from the first
    sample decoded, as tools that ignore a stream's start time read a recording).

    ``channel`` picks one channel of a multichannel file instead of the downmix (its number
    from 0, or its name in the stream's layout: FC, FL, ...). Two channels
    that cancel when mixed (one phase-inverted: the mix is 10 dB and more under their
    difference) give their difference instead, and a line saying so is added to ``notes``.
    """
    p = Path(path)
    if not p.is_file():
        raise not_a_file(p, "media file")
    # (the samples start at the file's time 0: sound that starts after the picture, a stream
    # offset of 2 s, is padded with silence, or every cue was timed 2 s early)
    pick = channel if isinstance(channel, str) else f"c{int(channel or 0)}"
    filters = ([] if channel is None else [f"pan=mono|c0={pick}"]) + \
        ([AUDIO_FROM_ZERO] if from_zero else [])
    af = ["-af", ",".join(filters)] if filters else []
    import tempfile

    import numpy as np

    # ffmpeg writes the samples to a file rather than a pipe: read from a pipe, they would need
    # Python (and the GIL) for every chunk, while the script is cut on another thread; with
    # the mono mix, the same pass writes the first minutes in stereo, to see if the mix cancels
    with tempfile.TemporaryDirectory(prefix="subtitler-") as tmp:
        raw, pair = Path(tmp) / "audio.s16le", Path(tmp) / "stereo.s16le"

        def out(target: Path, channels: int, seconds: float | None = None) -> list[str]:
            return ["-map", f"0:a:{int(stream)}", *af, "-ac", str(channels), "-ar", str(rate),
                    *(["-t", f"{seconds:g}"] if seconds else []), "-f", "s16le",
                    "-acodec", "pcm_s16le", str(target)]

        probe_pair = channel is None
        proc = run(["-i", str(p), "-nostats", *out(raw, 1),
                    *(out(pair, 2, PHASE_PROBE_S) if probe_pair else [])],
                   what="decoding audio", path=p, check=False)
        if proc.returncode != 0:
            text = proc.stderr.decode("utf-8", "replace")
            if stream and "matches no streams" in text:
                raise MediaError(f"has no audio stream {stream} (`audio_stream` in project.yaml "
                                 "counts from 0)", path=p,
                                 fix="set `audio_stream:` to one of the video's audio streams")
            if "does not contain any stream" in text or "Output file #0 does not contain" in text \
                    or "matches no streams" in text:
                raise MediaError("has no audio stream", path=p,
                                 fix="give a video with narration, or use "
                                     "`timing: {source: reading}`")
            raise MediaError(f"ffmpeg failed while decoding audio: {_tail(text)}", path=p)
        x = np.fromfile(raw, dtype="<i2") if raw.exists() else np.zeros(0, dtype=np.int16)
        text = proc.stderr.decode("utf-8", "replace")
        cut, whole = _CUT_SHORT.search(text), _DURATION.search(text)
        heard_ms = len(x) * 1000 // rate
        if cut and whole and _hms_ms(whole) - heard_ms > CUT_SHORT_MS:
            # (ffmpeg decodes what there is and exits 0: the cues were crammed into the part
            # there is, 30 s and more early, without a word)
            from .textutil import clock

            raise MediaError(f"is cut short (ffmpeg: {cut.group(1).strip()}): its sound stops "
                             f"at {clock(heard_ms, 1)} of the {clock(_hms_ms(whole), 1)} it "
                             "should last, a copy or download that did not finish", path=p,
                             fix="copy or fetch the video again")
        if not probe_pair or not pair.exists():
            return x
        ratio = _cancelled(np.fromfile(pair, dtype="<i2").reshape(-1, 2))
        if ratio is None:
            return x
        # the mix cancels: the whole sound again in stereo, told apart
        run(["-i", str(p), "-nostats", *out(pair, 2)], what="decoding audio", path=p)
        x = np.fromfile(pair, dtype="<i2").reshape(-1, 2)
    if notes is not None:
        notes.append(f"{p}: the audio's two channels cancel when mixed to mono (one is "
                     f"phase-inverted: played in mono, the narration is {_db(ratio)} quieter); "
                     "timed from their difference. Fix the mix before publishing")
    mono = np.empty(len(x), dtype=np.int16)
    for s in range(0, len(x), 1 << 20):  # (a block at a time: an hour's int32 copy is big)
        blk = x[s:s + (1 << 20)].astype(np.int32)
        mono[s:s + len(blk)] = (blk[:, 0] - blk[:, 1]) >> 1
    return mono


# what ffmpeg says of a file that ends before its index does (MP4, MOV; Matroska, WebM)
CUT_SHORT_MS = 2000  # a cut-short file losing less than this is timed as it is (a last frame)
_CUT_SHORT = re.compile(r"(?:\] )?([^\[\]\n]*: partial file|File ended prematurely)")
PHASE_PROBE_S = 600  # how much of the sound is read in stereo to see if its mono mix cancels


def _cancelled(x) -> float | None:
    """For two channels (int16, one row per sample) whose mix cancels (the mix 10 dB and more
    under their difference: one channel phase-inverted, L = -R), the power ratio of
    difference to mix; None when the mix is sound."""
    import numpy as np

    probe = x[::7].astype(np.float32)
    if not len(probe):
        return None
    mid = float(np.mean((probe[:, 0] + probe[:, 1]) ** 2))
    side = float(np.mean((probe[:, 0] - probe[:, 1]) ** 2))
    return side / max(mid, 1e-9) if side > 10.0 * mid and side > 0 else None


def _hms_ms(m: re.Match) -> int:
    """A match of _DURATION or _TIME in milliseconds."""
    h, mi, s = m.groups()
    return int(round((int(h) * 3600 + int(mi) * 60 + float(s)) * 1000))


def _db(power_ratio: float) -> str:
    import math

    return f"{10 * math.log10(max(power_ratio, 1.0)):.0f} dB"


def atomic_target(out: Path) -> Path:
    """A temporary path beside ``out`` with the same extension (ffmpeg picks the muxer by it),
    this run's own: two renders of one project at once each finish their file (they shared
    one, and the one renamed last was a corrupt video)."""
    import secrets

    _sweep_parts(out)
    return out.with_name(f".{out.stem}.{os.getpid()}-{secrets.token_hex(3)}.part{out.suffix}")


def _sweep_parts(out: Path) -> None:
    """Remove the temporary files beside ``out`` that renders killed outright (SIGKILL, a
    power cut: no clean-up ran) left: those of a process that is no longer running, untouched
    for an hour."""
    import glob

    for part in out.parent.glob(f".{glob.escape(out.stem)}.*-*.part{glob.escape(out.suffix)}"):
        pid = part.name[len(out.stem) + 2:].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:  # (an hour old at least: on a shared folder, the pid may be another machine's)
            if time.time() - part.stat().st_mtime < 3600:
                continue
        except OSError:
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except OSError:  # (running, as another user)
            pass


def finish(tmp: Path, out: Path) -> Path:
    """Rename the finished ``tmp`` to ``out``; if it cannot be (a folder of that name, a full
    disk), the temporary file goes and the error names ``out`` (it named the hidden .part file,
    and left it)."""
    try:
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(out)) from None
    return out


def encode_slideshow(concat_list: Path, audio_wav: Path, out: Path, *, fps: int = 24,
                     crf: int = 23, preset: str = "veryfast") -> Path:
    """Still images (an ffconcat list with durations) plus a WAV -> an H.264/AAC MP4.

    Written under a temporary name and renamed, so an interrupted encode leaves no half file.
    """
    import wave

    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = atomic_target(out)
    # the same bytes every run (truth.json holds their sha256): the length is the sound's
    # (-shortest cut the picture a few frames apart from run to run), and the muxer waits for
    # both streams before it writes (it had interleaved them as the threads delivered)
    with wave.open(str(audio_wav)) as w:
        seconds = w.getnframes() / w.getframerate()
    args = ["-y", "-f", "concat", "-safe", "0", "-i", str(concat_list), "-i", str(audio_wav),
            "-map", "0:v", "-map", "1:a", "-vf", f"format=yuv420p,fps={fps}",
            "-c:v", "libx264", "-preset", preset, "-crf", str(crf), "-tune", "stillimage",
            "-c:a", "aac", "-b:a", "128k", "-t", f"{seconds:.3f}", "-max_interleave_delta", "0",
            "-map_metadata", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact",
            "-movflags", "+faststart", str(tmp)]
    try:
        run(args, what="encoding the sample video", path=out)
        finish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _listing(flag: str, is_row) -> frozenset[str]:
    """The names in the table ``ffmpeg FLAG`` prints: the second field of each row that
    ``is_row(fields)`` accepts."""
    proc = run([flag], what=f"listing {flag.lstrip('-')}")
    rows = (line.split() for line in proc.stdout.decode("utf-8", "replace").splitlines())
    return frozenset(fields[1] for fields in rows if is_row(fields))


@functools.lru_cache(maxsize=4)
def filters() -> frozenset[str]:
    """Names of the filters this ffmpeg build has."""
    return _listing("-filters", lambda f: len(f) >= 3 and "->" in f[2])


@functools.lru_cache(maxsize=4)
def encoders() -> frozenset[str]:
    """Names of the encoders this ffmpeg build has."""
    return _listing("-encoders", lambda f: len(f) >= 2 and bool(re.fullmatch(r"[VASFXBD.]{6}",
                                                                               f[0])))


def require_libass() -> None:
    if "ass" not in filters():
        raise MediaError(f"this ffmpeg ({ffmpeg_exe()}) was built without libass",
                         fix="unset SUBTITLER_FFMPEG to use the bundled build, or use an ffmpeg "
                             "configured with --enable-libass")


def ass_filter(stream, ass_path: str | os.PathLike, fonts_dir: str | os.PathLike,
               shown_size: tuple[int, int] | None = None):
    """The `ass` filter on ``stream`` with ``fontsdir``. ffmpeg-python escapes the values for
    the filter graph (``'``, ``:``, ``\\``, ``,``, ``[``, ``;``); the tests render through
    paths holding each of them. ``shown_size``: the size the frames are shown at when their
    pixels are not square (1920x1080 for anamorphic 1440x1080): libass narrows the glyphs so
    that they show square (they showed a third too wide)."""
    kw = {"original_size": f"{shown_size[0]}x{shown_size[1]}"} if shown_size else {}
    return stream.filter("ass", filename=str(ass_path), fontsdir=str(fonts_dir), **kw)


@dataclass(frozen=True)
class Encoder:
    vcodec: str = "libx264"
    crf: int = 20
    preset: str = "veryfast"
    pix_fmt: str = "yuv420p"
    acodec: str = "aac"
    audio_bitrate: str = "160k"
    audio_rate: int | None = None  # Hz (None: the source's)
    colour: str = ""  # label the picture's primaries, transfer and matrix so ("" leaves them)

    def label(self, stream):
        """``stream`` with its frames labelled with ``colour`` (setparams changes no pixel:
        the encoder's -colorspace options would make ffmpeg insert a conversion)."""
        if not self.colour:
            return stream
        return stream.filter("setparams", color_primaries=self.colour, color_trc=self.colour,
                             colorspace=self.colour)

    def output_kwargs(self, audio: bool = True) -> dict:
        kw = {"vcodec": self.vcodec, "pix_fmt": self.pix_fmt, "movflags": "+faststart"}
        if audio:
            kw.update(acodec=self.acodec, audio_bitrate=self.audio_bitrate)
            if self.audio_rate:
                kw["ar"] = self.audio_rate
        if self.vcodec in ("libx264", "libx265"):
            kw.update(crf=self.crf, preset=self.preset)
        return kw


def program_args(video: str | os.PathLike, out: str | os.PathLike, *, ass_path=None,
                 fonts_dir=None, credits_path=None, programme_ms: int, tail_ms: int = 0,
                 background: str = "last_frame", start_ms: int = 0,
                 duration_ms: int | None = None, size: tuple[int, int] | None = None,
                 encoder: Encoder = Encoder(), fps: float | None = None,
                 audio: bool = True, pad_to: tuple[int, int] | None = None,
                 shown_size: tuple[int, int] | None = None,
                 audio_language: str | None = None, audio_stream: int = 0,
                 threads: int | None = None, full_range: bool = False,
                 crop: tuple[int, int] | None = None,
                 frame_height: int | None = None) -> list[str]:
    """The ffmpeg arguments of one render pass (burn, preview, or the benchmark's null pass).

    The programme is extended by ``tail_ms`` (the credits) by holding its last frame or on a
    colour, the audio padded with silence to the same length, and ``credits_path`` (an ASS of
    the credits roll) drawn over the extension by an `ass` filter of its own; ``ass_path``
    (the subtitles; None: the `null` filter) is burned with libass;
    ``start_ms``/``duration_ms`` render only a stretch: the input
    is seeked first, timestamps are shifted back so the subtitles keep their times, and only the
    stretch is encoded; ``size`` scales before the subtitles, which libass draws at that size,
    and ``pad_to`` (a larger size) then centres the picture on black; ``shown_size``: the
    size a full-size frame of non-square pixels is shown at (scaled, its pixels are square).
    A video without sound (``audio`` False) gives a render without sound; ``audio_language``
    (ISO 639-2) tags the sound, as `mux` does; ``audio_stream``: which of the video's audio
    streams is the sound (0: the first); ``threads``: threads of the decoder and of the encoders
    each (None: ffmpeg's own counts); ``full_range``: the video's levels are full range (brought
    to video range before anything is drawn: see :func:`_picture`); ``crop``: the size (even
    sides) a frame of odd width or height is cut to, from its top left, before all else;
    ``frame_height``: the video's height, which the held last frame's blur is a share of
    (needed for credits over it at the video's own size, no ``size``).
    """
    import ffmpeg as ffp  # ffmpeg-python

    total_ms = programme_ms + tail_ms
    end_ms = total_ms if duration_ms is None else min(total_ms, start_ms + duration_ms)
    seek_ms = seek_before(video, max(0, min(start_ms, programme_ms - 2000)) if start_ms else 0)
    # a stretch that ends inside the programme needs neither the credits' extension nor padding
    tail = tail_ms if end_ms > programme_ms else 0
    stretch = start_ms or duration_ms is not None
    # (a millisecond early: a seek the stream's time base cannot hold puts every frame a tick
    # early, and the frame at start_ms was dropped: a preview near the programme's end started
    # a frame late)
    window = (max(0, start_ms - 1), end_ms - 1) if stretch else None
    shown = None if size else shown_size
    src, v = _picture(video, seek_ms, size, programme_ms, tail, background, window, threads,
                      full_range, crop, frame_height,
                      (credits_path, fonts_dir, shown) if credits_path else None)
    v = ass_filter(v, ass_path, fonts_dir, shown) \
        if ass_path is not None else v.filter("null")
    if pad_to is not None:
        # (square pixels: the scale kept the picture's shape to the pixel, as 404:405)
        v = v.filter("pad", pad_to[0], pad_to[1], "(ow-iw)/2", "(oh-ih)/2").filter("setsar", "1")
    v = encoder.label(v)
    sound = src[f"a:{int(audio_stream)}"] if audio_stream else src.audio
    # (padded in a stretch too: one after the sound ends, a silent outro, had no sound to
    # encode and ffmpeg failed with "Invalid argument", naming the clip)
    a = (sound.filter("apad") if tail or stretch else sound) if audio else None
    if stretch:
        v = v.filter("setpts", "PTS-STARTPTS")
        if a is not None:
            # (shifted by the stretch's start, not its first sample's: sound that starts after
            # the picture stays where it is, after silence)
            a = a.filter("asetpts", f"PTS+{seek_ms / 1000:.3f}/TB") \
                .filter("atrim", start=f"{start_ms / 1000:.3f}", end=f"{end_ms / 1000:.3f}") \
                .filter("asetpts", f"PTS-{start_ms / 1000:.3f}/TB") \
                .filter("aresample", **{"async": 1, "first_pts": 0})
    kw = encoder.output_kwargs(audio=a is not None)
    kw["t"] = f"{(end_ms - start_ms) / 1000:.3f}"
    if threads:
        kw["threads"] = int(threads)
    if a is not None and audio_language:
        kw["metadata:s:a:0"] = f"language={audio_language}"
    if fps:
        kw["r"] = fps
    streams = (v, a) if a is not None else (v,)
    return ["-hide_banner", "-nostdin", "-y", *ffp.output(*streams, str(out), **kw).get_args()]


def _picture(video, seek_ms: int, size, programme_ms: int, tail_ms: int, background: str,
             window: tuple[int, int | None] | None = None, threads: int | None = None,
             full_range: bool = False, crop: tuple[int, int] | None = None,
             frame_height: int | None = None, credits=None):
    """(input, video stream) of a render: seeked to ``seek_ms`` with the timestamps shifted
    back to the programme's clock (so subtitles keep their times), scaled, and extended for
    the credits (``credits``: (ASS path, fonts folder, shown size) of the roll drawn there);
    ``window`` (start ms, end ms or None): only the frames of that stretch go on,
    before the veil and the subtitles are drawn (a stretch deep in a long credits roll does not
    draw every frame from the programme's end); ``threads``: the decoder's; ``full_range``:
    the video's levels run 0-255, and are brought to video range (16-235) first: the `ass`
    filter draws its colours at video levels whatever the frame's range, so on a full-range
    frame the white captions showed grey (243,242,255) on dark grey outlines; ``crop``: the
    size the frame is cut to from its top left (the even sides 4:2:0 needs); ``frame_height``:
    the video's (the height of its frames without ``size``)."""
    import ffmpeg as ffp  # ffmpeg-python

    kw = {"ss": f"{seek_ms / 1000:.3f}"} if seek_ms else {}
    if threads:
        kw["threads"] = int(threads)
    src = ffp.input(str(video), **kw)
    v = src.video
    if seek_ms:
        v = v.filter("setpts", f"PTS+{seek_ms / 1000:.3f}/TB")
    if crop:
        v = v.filter("crop", crop[0], crop[1], 0, 0)
    if size:
        v = v.filter("scale", size[0], size[1], flags="bicubic",
                     **({"out_range": "tv"} if full_range else {}))
    elif full_range:
        v = v.filter("scale", out_range="tv")
    height = size[1] if size else crop[1] if crop else frame_height
    return src, _extend(v, programme_ms, tail_ms, background, window, height, credits)


def _extend(v, programme_ms: int, tail_ms: int, background: str,
            window: tuple[int, int | None] | None = None, height: int | None = None,
            credits=None):
    """The programme extended by ``tail_ms`` for the credits: its last frame held, blurred
    under a dark veil (so the credits read over whatever it shows: its own text did not), or
    a plain colour; cut to ``window`` before the veil. ``height``: the frames' (the blur is a
    share of it, alike at every size: a preview looks as the burn does); ``credits``: (ASS
    path, fonts folder, shown size) of the roll, drawn over the extension."""
    if tail_ms > 0:
        # tpad adds its frames after the picture's own end, which is the programme's end unless
        # the sound runs longer (the output's -t and trim cut the surplus): the credits always
        # show
        stop = f"{(programme_ms + tail_ms) / 1000:.3f}"
        if background != "last_frame":
            v = v.filter("tpad", stop_mode="add", color=background.replace("#", "0x"),
                         stop_duration=stop)
        else:
            v = v.filter("tpad", stop_mode="clone", stop_duration=stop)
    if window is not None:
        start, end = window
        v = v.filter("trim", start=f"{start / 1000:.3f}",
                     **({"end": f"{end / 1000:.3f}"} if end is not None else {}))
    if tail_ms > 0 and background == "last_frame":
        # 92 % black as a table lookup: each value moves 92 % of the way to black (the darkest
        # value of the picture's range, and neutral chroma); drawbox blending black@0.92 gave
        # the same picture (within 2 levels) but took 1.5-3.4 s of the sample's 13 s render.
        # Neutral chroma is the middle of its range at the frame's depth (128 in 8 bits, 512
        # in 10: a fixed 128 veiled a 10-bit video's credits in green, 0,69,0)
        if height is None:
            raise ValueError("the credits over the held last frame need the frame's height")
        held = f"gte(t,{programme_ms / 1000:.3f})"
        # blurred first: the veil alone left a heading of the last frame legible, a grey
        # ghost crossing the credits' lines (gblur: 2 ms a 720p frame, the sample's credits
        # 1 s of CPU; boxblur took three times that)
        v = v.filter("gblur", sigma=f"{max(1.0, height * VEIL_BLUR):.1f}", enable=held)
        k = 1 - VEIL
        neutral = f"val*{k:g}+(minval+maxval)/2*{VEIL:g}"
        v = v.filter("lutyuv", y=f"val*{k:g}+minval*{VEIL:g}", u=neutral, v=neutral,
                     enable=held)
    if tail_ms > 0 and credits is not None:
        v = ass_filter(v, *credits)
    return v


VEIL = 0.92  # the credits' veil over the held last frame: this share of black
VEIL_BLUR = 0.025  # and its blur: gblur's sigma, this share of the frame's height (18 at 720)


_INTERRUPTED = re.compile(rb"received signal 2\b")


SHORT_RENDER_MS = 1000  # a render with sound this much (or half) shorter than asked: an error


def render(args: list[str], out: Path, *, total_ms: int,
           on_progress=None, whole_from: Path | None = None) -> Path:
    """Run a render whose last argument is the output path; ffmpeg writes a temporary file that
    is renamed to ``out`` only when complete (Ctrl-C or a crash leaves no half file).

    ``on_progress(done_ms)`` is called from ffmpeg's own ``-progress`` reports.
    ``whole_from``: the input, which should last the whole render; a render that ends over a
    second (or half of it) short, or of which ffmpeg says the file ends before its index says
    (a partly copied video, whose header still gives its whole length, made a preview with
    no picture, or a shorter one, and a burn holding its last frame, without a word), is an
    error naming it.
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = atomic_target(out)
    cmd = [ffmpeg_exe(), *args[:-1], "-progress", "pipe:1", "-nostats", str(tmp)]
    import tempfile

    done_ms = 0
    with tempfile.TemporaryFile() as errf:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=errf,
                                stdin=subprocess.DEVNULL)
        try:
            assert proc.stdout is not None
            for raw in proc.stdout:
                line = raw.decode("ascii", "replace").strip()
                if line.startswith("out_time_us="):
                    try:
                        done_ms = max(done_ms, min(total_ms, int(line.split("=", 1)[1]) // 1000))
                    except ValueError:
                        continue
                    if on_progress is not None:
                        on_progress(done_ms)
            code = proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            tmp.unlink(missing_ok=True)
            raise
        if code != 0:
            errf.seek(0)
            tmp.unlink(missing_ok=True)
            err = errf.read()
            if code == -signal.SIGINT or _INTERRUPTED.search(err):
                # Ctrl-C reaches ffmpeg too (one process group): the user stopped the render
                raise KeyboardInterrupt
            raise MediaError(f"ffmpeg failed while rendering: {_tail(err)}", path=out)
        errf.seek(0)
        # (what ffmpeg says of a file that ends before its index: the sound is padded with
        # silence in a stretch and in the credits, so the render itself may still run its
        # length, the picture frozen or gone)
        cut = _CUT_SHORT.search(errf.read().decode("utf-8", "replace")) \
            if whole_from is not None else None
    if cut and _ends_whole(whole_from):
        cut = None  # (a last frame or so lost: timed as it is by subs, rendered as it is too)
    if whole_from is not None and (
            cut or done_ms < total_ms - min(SHORT_RENDER_MS, total_ms // 2)):
        tmp.unlink(missing_ok=True)
        raise MediaError(f"its picture and sound ran out {done_ms / 1000:g} s into a "
                         f"{total_ms / 1000:g} s render, though its header gives more: the file "
                         "is damaged or was not copied whole" if not cut else
                         f"is cut short (ffmpeg: {cut.group(1).strip()}): the file is damaged "
                         "or was not copied whole", path=whole_from,
                         fix="copy or download the video again; `make fetch` checks its "
                             "video_source.sha256")
    return finish(tmp, out)


def _ends_whole(path: Path) -> bool:
    """Whether a file ffmpeg says is cut short still has frames in its last CUT_SHORT_MS (a
    loss smaller than that is taken as it is, as the timing takes it)."""
    proc = run(["-sseof", f"-{CUT_SHORT_MS / 1000:g}", "-i", str(path), "-map", "0:v:0?",
                "-map", "0:a:0?", "-f", "null", "-"], what="reading the end of a file", path=path,
               check=False)
    times = list(_TIME.finditer(proc.stderr.decode("utf-8", "replace")))
    return proc.returncode == 0 and bool(times) and _hms_ms(times[-1]) > 0


def command_line(args: list[str]) -> str:
    """The exact shell command for ``args`` (for --dry-run)."""
    import shlex

    return " ".join(shlex.quote(a) for a in [ffmpeg_exe(), *args])


def frame_png(video: str | os.PathLike, at_ms: int, *, ass_path=None, fonts_dir=None,
              credits_path=None, size: tuple[int, int] | None = None,
              programme_ms: int | None = None,
              tail_ms: int = 0, background: str = "last_frame",
              threads: int | None = None, full_range: bool = False,
              frame_height: int | None = None) -> bytes:
    """One frame at ``at_ms`` with the subtitles burned, as PNG bytes (``threads``: the
    decoder's; None: ffmpeg's count; ``credits_path``, ``full_range``, ``frame_height``: as
    :func:`program_args`)."""
    import ffmpeg as ffp

    prog = programme_ms if programme_ms is not None else at_ms + 1000
    seek_ms = seek_before(video, max(0, min(at_ms, prog - 1500) - 1000))
    _src, v = _picture(video, seek_ms, size, prog, tail_ms, background, (at_ms, None), threads,
                       full_range, frame_height=frame_height,
                       credits=(credits_path, fonts_dir, None) if credits_path else None)
    if ass_path is not None:
        v = ass_filter(v, ass_path, fonts_dir)
    args = ffp.output(v, "pipe:1", vframes=1, format="image2", vcodec="png").get_args()
    proc = run(args, what="extracting a frame", path=video)
    if not proc.stdout:
        raise MediaError(f"no frame at {at_ms / 1000:.3f} s", path=video)
    return proc.stdout


def mux_args(video: str | os.PathLike, tracks: list[tuple[str, str, str]],
             out: str | os.PathLike, audio_language: str | None = None,
             audio_stream: int | None = None) -> list[str]:
    """Video and audio copied as they are, plus subtitle tracks [(path, ISO 639-2, title)];
    the audio tagged ``audio_language`` (ISO 639-2) when given: only the narration's stream
    ``audio_stream`` when given (and made the default one), else every audio stream."""
    args = ["-hide_banner", "-nostdin", "-y", "-i", str(video)]
    for path, _lang, _title in tracks:
        args += ["-i", str(path)]
    args += ["-map", "0:v", "-map", "0:a?"]
    for i in range(len(tracks)):
        args += ["-map", f"{i + 1}:0"]
    args += ["-c:v", "copy", "-c:a", "copy", "-c:s", "copy"]  # the text as written, not re-encoded
    for i, (_path, lang, title) in enumerate(tracks):
        args += [f"-metadata:s:s:{i}", f"language={lang}", f"-metadata:s:s:{i}", f"title={title}"]
    if audio_stream is not None:
        if audio_language:
            args += [f"-metadata:s:a:{audio_stream}", f"language={audio_language}"]
        args += ["-disposition:a", "0", f"-disposition:a:{audio_stream}", "default"]
    elif audio_language:
        args += ["-metadata:s:a", f"language={audio_language}"]
    args += ["-disposition:s:0", "default", str(out)]
    return args


def scene_changes(video: str | os.PathLike, threshold: float = 0.35, *,
                  start_ms: int = 0, duration_ms: int | None = None) -> list[int]:
    """Times (ms) of shot changes: frames whose scene score exceeds ``threshold``; in the
    stretch from ``start_ms`` for ``duration_ms`` only when given (seeked, so quick)."""
    seek_ms = seek_before(video, start_ms)
    span = (["-ss", f"{seek_ms / 1000:.3f}"] if seek_ms else []) + \
        (["-t", f"{(duration_ms + start_ms - seek_ms) / 1000:.3f}"]
         if duration_ms is not None else [])
    proc = run([*span, "-i", str(video), "-an", "-vf",
                f"scale=192:-2,select='gt(scene\\,{threshold})',showinfo", "-f", "null", "-"],
               what="finding shot changes", path=video)
    text = proc.stderr.decode("utf-8", "replace")
    # (rounded down: a cue starting then shows the cut's own frame)
    times = [seek_ms + int(float(m) * 1000) for m in re.findall(r"pts_time:([0-9.]+)", text)]
    return [t for t in times if t >= start_ms]
