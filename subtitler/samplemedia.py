"""A narrated sample video, made deterministically from files committed in the project.

``narration.txt`` says how a narrator reads the script (see its header). Speech is synthesised
with espeak-ng; a music-like intro runs before the first word; each section gets a slide showing
its heading and each photo caption a placeholder "photo". ``truth.json`` records where each
spoken line starts and ends, for the timing tests and benchmark.
"""

from __future__ import annotations

import json
import re
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .errors import SubtitlerError

SIZE = (1280, 720)
FPS = 24
INTRO_S = 5.0
LEAD_IN_S = 0.8      # after a section slide appears, before its first line
PAUSE_S = 0.55       # between sentences
PHOTO_S = 3.5        # a photo slide, without speech
TAIL_S = 1.5


@dataclass(frozen=True)
class Item:
    kind: str  # title, section, photo, aside, line
    en: str
    zh: str = ""
    line: int = 0


_OPEN = {"[": "]", "【": "】", "［": "］"}  # a tag's brackets, as typed in English or Chinese
_TAGS = ("title", "section", "photo", "aside")


def parse_narration(text: str, path: Path | str = "narration.txt") -> list[Item]:
    items = []
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind = "line"
        if line[0] in _OPEN:
            # (a Chinese input method types 【section】 or ［aside］: the tag was read aloud; a
            # line said with other words in 【】 is still a line)
            tag, _, rest = line[1:].partition(_OPEN[line[0]])
            tag = tag.strip()
            if tag not in _TAGS and line[0] == "[":
                raise SubtitlerError(f"unknown tag [{tag}]", path=path, line=no,
                                     fix="use [title], [section], [photo] or [aside]")
            if tag in _TAGS:
                kind, line = tag, rest.strip()
        if kind != "line" and " | " not in line:  # the separator typed full-width: ｜
            line = re.sub(r"\s*｜\s*", " | ", line, count=1)
        en, _, zh = line.partition(" | ")
        items.append(Item(kind, en.strip(), zh.strip(), no))
    if not any(i.kind in ("line", "aside") for i in items):
        raise SubtitlerError("the narration has no spoken line", path=path)
    return items


def _check_language(items: Sequence[Item], voice: str, path: Path) -> None:
    """The narration's lines in the language they are to be spoken in: a Mandarin voice read
    an English narration.txt (speech_language: zh) without a word, and the reverse."""
    from .textutil import han_count

    spoken = [i for i in items if i.kind in ("line", "aside")]
    chinese = sum(1 for i in spoken if han_count(i.en) >= max(1, len(i.en) // 4))
    mandarin = voice.lower().startswith(("zh", "cmn"))
    if mandarin and chinese == 0:
        raise SubtitlerError("the narration is written in English, but speech_language is zh",
                             path=path, line=spoken[0].line,
                             fix="write how the narrator says it in Chinese, or set "
                                 "`speech_language: en` in project.yaml")
    if not mandarin and chinese == len(spoken):
        raise SubtitlerError("the narration is written in Chinese, but speech_language is en",
                             path=path, line=spoken[0].line,
                             fix="set `speech_language: zh` in project.yaml")


def music_intro(seconds: float, rate: int, seed: int = 7) -> np.ndarray:
    """A deterministic music-like jingle: chords with harmonics, a bass line and a beat."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    t = np.arange(n) / rate
    out = np.zeros(n)
    chords = [(220.0, 277.18, 329.63), (196.0, 246.94, 293.66), (174.61, 220.0, 261.63),
              (196.0, 246.94, 329.63)]
    bar = seconds / len(chords)
    for k, chord in enumerate(chords):
        mask = (t >= k * bar) & (t < (k + 1) * bar)
        tt = t[mask] - k * bar
        env = np.minimum(1, tt / 0.05) * np.exp(-tt * 0.6)
        for f in chord:
            for h, a in ((1, 1.0), (2, 0.35), (3, 0.15)):
                out[mask] += 0.08 * a * env * np.sin(2 * np.pi * f * h * tt)
        out[mask] += 0.12 * env * np.sin(2 * np.pi * chord[0] / 2 * tt)
    beat = 60 / 110
    for b in np.arange(0, seconds, beat / 2):
        i = int(b * rate)
        m = min(n - i, int(0.06 * rate))
        tick = rng.standard_normal(m) * np.exp(-np.arange(m) / (0.012 * rate))
        out[i:i + m] += 0.05 * tick
    fade = np.minimum(1, (n - np.arange(n)) / (0.8 * rate))
    out *= fade
    return np.clip(out * 32767 * 0.8, -32768, 32767).astype(np.int16)


def _trim(samples: np.ndarray, threshold: int = 200) -> np.ndarray:
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > threshold)
    return samples[loud[0]:loud[-1] + 1] if len(loud) else samples[:0]


def build_timeline(items: Sequence[Item], synth: Callable[[str], tuple[np.ndarray, int]],
                   rate: int) -> tuple[np.ndarray, list[tuple[Item, float]], list[dict]]:
    """-> (audio, slides with durations in seconds, truth rows). Pure given ``synth``."""
    audio: list[np.ndarray] = []
    pos = 0
    slides: list[tuple[Item, int]] = []  # (item, start sample)
    truth: list[dict] = []

    def add(chunk: np.ndarray) -> None:
        nonlocal pos
        audio.append(chunk)
        pos += len(chunk)

    def silence(seconds: float) -> None:
        add(np.zeros(int(round(seconds * rate)), dtype=np.int16))

    for k, item in enumerate(items):
        if item.kind == "title":
            slides.append((item, pos))
            add(music_intro(INTRO_S, rate))
        elif item.kind == "section":
            slides.append((item, pos))
            silence(LEAD_IN_S)
        elif item.kind == "photo":
            slides.append((item, pos))
            silence(PHOTO_S)
        else:
            if not slides:
                slides.append((Item("title", ""), pos))
            speech, r = synth(item.en)
            if r != rate:
                raise SubtitlerError(f"synthesiser rate {r} is not {rate}")
            speech = _trim(speech)
            start = pos
            add(speech)
            truth.append({"text": item.en, "start_ms": int(round(start * 1000 / rate)),
                          "end_ms": int(round(pos * 1000 / rate)),
                          "scripted": item.kind == "line", "line": item.line})
            nxt = items[k + 1].kind if k + 1 < len(items) else None
            if nxt in ("line", "aside"):
                silence(PAUSE_S)
            else:
                silence(PAUSE_S * 1.5)
    silence(TAIL_S)
    total = pos
    timed = []
    for i, (item, start) in enumerate(slides):
        end = slides[i + 1][1] if i + 1 < len(slides) else total
        timed.append((item, (end - start) / rate))
    return np.concatenate(audio), timed, truth


_PALETTE = {"title": ((18, 44, 84), (40, 90, 150)), "section": ((24, 60, 52), (46, 110, 94)),
            "photo": ((70, 62, 50), (150, 128, 96))}


def render_slide(item: Item, size: tuple[int, int] = SIZE):
    """A slide as a Pillow image: the text sits in the upper half, clear of burned captions."""
    from PIL import Image, ImageDraw

    from .fonts import pil_font

    w, h = size
    top, bottom = _PALETTE.get(item.kind, _PALETTE["section"])
    grad = np.linspace(0, 1, h)[:, None, None]
    arr = (np.array(top)[None, None, :] * (1 - grad) + np.array(bottom)[None, None, :] * grad)
    img = Image.fromarray(np.repeat(arr, w, axis=1).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    if item.kind == "photo":
        # a placeholder photo: a framed landscape of simple shapes
        x0, y0, x1, y1 = int(w * 0.18), int(h * 0.08), int(w * 0.82), int(h * 0.62)
        draw.rectangle((x0, y0, x1, y1), fill=(205, 222, 236), outline=(245, 245, 245), width=6)
        draw.polygon([(x0, y1), (x0 + (x1 - x0) * 0.35, y0 + (y1 - y0) * 0.35),
                      (x0 + (x1 - x0) * 0.6, y1)], fill=(92, 128, 96))
        draw.polygon([(x0 + (x1 - x0) * 0.4, y1), (x0 + (x1 - x0) * 0.7, y0 + (y1 - y0) * 0.2),
                      (x1, y1)], fill=(70, 104, 80))
        draw.ellipse((x1 - 120, y0 + 30, x1 - 50, y0 + 100), fill=(250, 214, 90))
        label = pil_font(28, "Bold")
        draw.text(((x0 + x1) / 2, y0 + 40), "PHOTO", font=label, fill=(60, 60, 60), anchor="mm")
        return img
    zh_font = pil_font(int(h * 0.075), "Bold")
    en_font = pil_font(int(h * 0.045), "Medium")
    y = h * 0.24
    if item.zh:
        draw.text((w / 2, y), item.zh, font=zh_font, fill=(255, 255, 255), anchor="mm")
        y += h * 0.11
    for line in _wrap(item.en, en_font, w * 0.84):
        draw.text((w / 2, y), line, font=en_font, fill=(230, 236, 240), anchor="mm")
        y += h * 0.065
    return img


def _wrap(text: str, font, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``: broken at spaces, and Chinese (which has
    none) between characters, never before closing punctuation (a Mandarin narration's
    heading ran off the slide on one line)."""
    from .textutil import ZH_CLOSING, is_cjk

    lines, cur = [], ""
    for word in text.split():
        trial = f"{cur} {word}".strip()
        if not cur or font.getlength(trial) <= width:
            cur = trial
            if font.getlength(cur) <= width or not any(is_cjk(ch) for ch in cur):
                continue
            word, cur = cur, ""
        elif not any(is_cjk(ch) for ch in word):
            lines.append(cur)
            cur = word
            continue
        # a run of Chinese: character by character, onto the line where it fits
        sep = " " if cur else ""
        for ch in word:
            if cur and font.getlength(cur + sep + ch) > width and ch not in ZH_CLOSING:
                lines.append(cur)
                cur, sep = "", ""
            cur, sep = cur + sep + ch, ""
    return [ln.strip() for ln in lines + [cur] if ln.strip()]


def _digest(path: Path) -> str:
    from .fetch import sha256_of  # (the one file digest: `fetch` checks a video with it)

    return sha256_of(path)


def made_here(video: Path) -> bool:
    """Whether ``video`` is one this module wrote: media/truth.json names it and (since it
    records one) its digest. A video an editor put there is never overwritten."""
    truth = video.parent / "truth.json"
    try:
        data = json.loads(truth.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict) or data.get("video") != video.name:
        return False
    return "sha256" not in data or data["sha256"] == _digest(video)


def _inputs_key(narration: Path, voice: str, rate_wpm: int) -> str:
    """A digest of what the sample video is made from: the narration, the voice and its pace,
    this module and the speech and ffmpeg packages."""
    import hashlib
    from importlib import metadata

    h = hashlib.sha1(narration.read_bytes())
    h.update(f"{voice}:{rate_wpm}".encode())
    for part in ("samplemedia.py", "synth.py"):
        h.update((Path(__file__).parent / part).read_bytes())
    for name in ("espeakng-loader", "imageio-ffmpeg", "manimgx-fonts-cjk", "pillow", "numpy"):
        try:
            h.update(f"{name}:{metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}:-".encode())
    return h.hexdigest()


def _recorded_key(truth: Path) -> str | None:
    try:
        data = json.loads(truth.read_text(encoding="utf-8"))
        return data.get("inputs") if isinstance(data, dict) else None
    except (OSError, ValueError):
        return None


def generate(project_dir: Path, *, voice: str = "en", rate_wpm: int = 160,
             video_key: Path | None = None) -> dict[str, Path]:
    """Write media/<name>.mp4 and media/truth.json for a project with a narration.txt.

    ``video_key``: the video project.yaml names, which must be that file. A media/<name>.mp4
    this did not make (an editor's real video) is an error, never overwritten."""
    from . import ffmpeg, synth

    narration = project_dir / "narration.txt"
    if not narration.is_file():
        raise SubtitlerError("no narration.txt", path=project_dir,
                             fix="write how the narrator reads the script (see the sample)")
    video = project_dir / "media" / f"{project_dir.name}.mp4"
    if video_key is not None and video_key.resolve() != video.resolve():
        raise SubtitlerError(f"the sample video is written to media/{video.name}, but "
                             f"project.yaml's `video:` names {video_key.name}",
                             path=project_dir / "project.yaml",
                             fix=f"set `video: media/{video.name}`, or remove narration.txt if "
                                 f"{video_key.name} is the episode's real video")
    if video.exists() and not made_here(video):
        raise SubtitlerError("this video was not made by `subtitler sample-media` and is not "
                             "overwritten", path=video,
                             fix="remove narration.txt (the episode has its real video), or "
                                 "move the video away to synthesise a sample")
    key = _inputs_key(narration, voice, rate_wpm)
    truth_path = video.parent / "truth.json"
    if video.exists() and _recorded_key(truth_path) == key:
        # made from these very inputs: the same bytes again, but a new modification time made
        # `check` and make take the episode for changed
        return {"video": video, "truth": truth_path}
    items = parse_narration(narration.read_text(encoding="utf-8"), narration)
    _check_language(items, voice, narration)
    rate = synth.sample_rate()
    audio, slides, truth = build_timeline(
        items, lambda text: synth.synthesize(text, voice=voice, rate_wpm=rate_wpm), rate)
    media = video.parent
    media.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="subtitler-media-") as tmpdir:
        tmp = Path(tmpdir)
        wav = tmp / "narration.wav"
        with wave.open(str(wav), "wb") as wf:
            wf.setnchannels(1)
            wf.setsampwidth(2)
            wf.setframerate(rate)
            wf.writeframes(audio.tobytes())
        lines = ["ffconcat version 1.0"]
        for i, (item, seconds) in enumerate(slides):
            png = tmp / f"slide{i:03d}.png"
            render_slide(item).save(png)
            lines += [f"file '{png}'", f"duration {seconds:.6f}"]
        lines.append(f"file '{tmp / f'slide{len(slides) - 1:03d}.png'}'")
        concat = tmp / "slides.ffconcat"
        concat.write_text("\n".join(lines) + "\n", encoding="utf-8")
        ffmpeg.encode_slideshow(concat, wav, video, fps=FPS)
    from .pipeline import write_atomic

    write_atomic(truth_path, json.dumps({"video": video.name, "sha256": _digest(video),
                                         "inputs": key, "sentences": truth},
                                        ensure_ascii=False, indent=2) + "\n")
    return {"video": video, "truth": truth_path}
