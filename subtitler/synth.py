"""Speech synthesis with espeak-ng through ctypes (the library shipped by ``espeakng_loader``).

Used to make narrated sample media and, in :mod:`subtitler.align`, to synthesise a line for a
local boundary refinement. Nothing is loaded at import: the library is initialised once, lazily,
on the first call, and every call holds one lock (espeak-ng keeps global state).

Pauses between sentences are the caller's business: concatenate silence.

espeak-ng's voices waver on purpose (pitch flutter and roughness driven by counters that run on
from one call to the next), so the same text normally gives slightly different samples
depending on what was spoken before. ``steady=True`` speaks it the same way every time: a voice
variant without flutter or roughness, from a mirror of espeak-ng's data folder (symbolic links,
in the user cache), and the random seed reset before each text. The alignment uses it, so a cue's
timing does not depend on the lines synthesised before it.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path

import numpy as np

from .cachedir import cache_dir
from .errors import MediaError

# espeak_AUDIO_OUTPUT (speak_lib.h)
AUDIO_OUTPUT_RETRIEVAL = 1
AUDIO_OUTPUT_SYNCHRONOUS = 2
# espeak_POSITION_TYPE
POS_CHARACTER = 1
# flags of espeak_Synth
ESPEAK_CHARS_UTF8 = 1
# espeak_PARAMETER
ESPEAK_RATE = 1
ESPEAK_VOLUME = 2
ESPEAK_PITCH = 3
# espeak_ERROR
EE_OK = 0

VOICES = {"en": "en", "en-us": "en-us", "en-gb": "en", "zh": "cmn", "cmn": "cmn",
          "zh-cn": "cmn", "zh-hans": "cmn", "yue": "yue"}

STEADY_VARIANT = "subtitler-steady"
_STEADY_VOICE = f"language variant\nname {STEADY_VARIANT}\nflutter 0\nroughness 0\n"
_MAX_DATA_PATH = 150  # espeak-ng keeps the data path in a fixed buffer

_SYNTH_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int,
                                   ctypes.c_void_p)

_lock = threading.Lock()
_state: dict[str, object] = {}  # lib, rate, callback, chunks, voice


def _collect(wav, numsamples: int, events) -> int:  # called by espeak-ng during espeak_Synth
    if numsamples > 0 and wav:
        chunks = _state["chunks"]
        assert isinstance(chunks, list)
        chunks.append(np.ctypeslib.as_array(wav, shape=(numsamples,)).copy())
    return 0  # 0 = continue synthesis


def _link_entries(src: Path, dst: Path, but: str | None = None) -> None:
    """Folder ``dst`` (made if missing) with a symbolic link to each entry of ``src`` (when it
    exists) except ``but``."""
    dst.mkdir(exist_ok=True)
    if src.is_dir():
        for entry in src.iterdir():
            if entry.name != but:
                (dst / entry.name).symlink_to(entry)


def _steady_data(data: str) -> str | None:
    """A mirror of espeak-ng's data folder ``data`` with the steady voice variant added (made
    once, atomically), or None when it cannot be made here."""
    try:  # a new espeak-ng data folder (other files, other place) gets a new mirror
        listing = "|".join(sorted(os.listdir(data)) + sorted(os.listdir(Path(data) / "voices")))
    except OSError:
        return None
    sig = hashlib.sha1(f"{data}|{listing}|{_STEADY_VOICE}".encode()).hexdigest()[:12]
    # the cache, or else a folder in the temporary directory: without the steady variant the
    # script would be spoken another way, and the timing would depend on a writable HOME
    uid = os.getuid() if hasattr(os, "getuid") else 0
    for parent in (cache_dir(), Path(tempfile.gettempdir()) / f"subtitler-{uid}"):
        made = _mirror(Path(data), parent / f"espeak-ng-data-{sig}")
        if made is not None:
            return made
    return None


def _mirror(src: Path, dst: Path) -> str | None:
    if len(str(dst)) > _MAX_DATA_PATH:
        return None
    if (dst / "voices" / "!v" / STEADY_VARIANT).is_file():
        return str(dst)
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dst.name}.", dir=dst.parent))
        try:  # links to everything, with real folders down to voices/!v to add the variant
            _link_entries(src, tmp, but="voices")
            _link_entries(src / "voices", tmp / "voices", but="!v")
            _link_entries(src / "voices" / "!v", tmp / "voices" / "!v")
            (tmp / "voices" / "!v" / STEADY_VARIANT).write_text(_STEADY_VOICE, encoding="ascii")
            os.rename(tmp, dst)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if not (dst / "voices" / "!v" / STEADY_VARIANT).is_file():  # not made by another
                raise
        return str(dst)
    except OSError:
        return None


def _library() -> ctypes.CDLL:
    """Load and initialise libespeak-ng once (caller holds the lock); return the library."""
    lib = _state.get("lib")
    if lib is not None:
        return lib  # type: ignore[return-value]
    try:
        import espeakng_loader
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        data = espeakng_loader.get_data_path()
    except (ImportError, OSError, RuntimeError) as exc:
        raise MediaError(f"espeak-ng is not available: {exc}",
                         fix="install the espeakng-loader package") from exc
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                 ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
    lib.espeak_Synth.restype = ctypes.c_int
    seed = getattr(lib, "espeak_ng_SetRandSeed", None)
    if seed is not None:
        seed.argtypes = [ctypes.c_long]
        seed.restype = None
    mirror = _steady_data(data) if seed is not None else None
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, (mirror or data).encode(), 0)
    if rate <= 0 and mirror is not None:  # the mirror did not work: the package's own data
        mirror = None
        rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data.encode(), 0)
    if rate <= 0:
        raise MediaError(f"espeak-ng failed to initialise (data at {data})")
    callback = _SYNTH_CALLBACK(_collect)
    lib.espeak_SetSynthCallback(callback)
    _state.update(lib=lib, rate=int(rate), callback=callback, chunks=[], voice=None,
                  steady=mirror is not None)
    return lib


def steady_available() -> bool:
    """Whether ``synthesize(..., steady=True)`` is really the same every time here."""
    with _lock:
        _library()
        return bool(_state["steady"])


def voice_name(voice: str) -> str:
    """espeak-ng voice for a language code: ``en`` -> ``en``, ``zh``/``cmn`` -> ``cmn``."""
    return VOICES.get(voice.lower(), voice)


def sample_rate() -> int:
    """The rate espeak-ng synthesises at (22050 Hz for the bundled voices)."""
    with _lock:
        _library()
        return int(_state["rate"])  # type: ignore[arg-type]


def reseed(seed: int = 0) -> None:
    """Reset espeak-ng's random seed, which it otherwise takes from the clock when it starts:
    the wavering voices then speak the same way in every run of the same calls (benchmarks)."""
    with _lock:
        fn = getattr(_library(), "espeak_ng_SetRandSeed", None)
        if fn is not None:
            fn(seed)


def synthesize(text: str, voice: str = "en", rate_wpm: int = 165,
               pitch: int | None = None, *, steady: bool = False) -> tuple[np.ndarray, int]:
    """Speak ``text`` with espeak-ng; return (mono int16 samples, sample rate).

    ``voice`` is a language code (``en``, ``zh``) or an espeak-ng voice name (``cmn``);
    ``rate_wpm`` the speaking rate in words per minute (80..450); ``pitch`` 0..100 or None for
    the voice default; ``steady``: the same samples for the same text every time (see the
    module notes; where the steady variant cannot be set up, the normal voice). Empty or blank
    text gives an empty array.
    """
    with _lock:
        lib = _library()
        rate = int(_state["rate"])  # type: ignore[arg-type]
        if not text.strip():
            return np.zeros(0, dtype=np.int16), rate
        name = voice_name(voice)
        steady = steady and bool(_state.get("steady"))
        if steady:
            name = f"{name}+{STEADY_VARIANT}"
        if _state.get("voice") != name:
            if lib.espeak_SetVoiceByName(name.encode()) != EE_OK:
                raise MediaError(f"espeak-ng has no voice {voice_name(voice)!r}",
                                 fix="use a language code such as en or zh")
            _state["voice"] = name
        lib.espeak_SetParameter(ESPEAK_RATE, int(min(450, max(80, rate_wpm))), 0)
        lib.espeak_SetParameter(ESPEAK_PITCH, 50 if pitch is None else int(min(100, max(0, pitch))),
                                0)
        if steady:
            lib.espeak_ng_SetRandSeed(0)
        data = text.encode("utf-8") + b"\0"
        buf = ctypes.create_string_buffer(data, len(data))
        _state["chunks"] = []
        err = lib.espeak_Synth(buf, len(data), 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None)
        chunks = _state["chunks"]
        _state["chunks"] = []
        if err != EE_OK:
            raise MediaError(f"espeak-ng failed to synthesise (error {err})")
    assert isinstance(chunks, list)
    if not chunks:
        return np.zeros(0, dtype=np.int16), rate
    return np.concatenate(chunks).astype(np.int16, copy=False), rate
