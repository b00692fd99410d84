"""project.yaml: one table of keys with their types, defaults and help, and the validation.

Every key a project may set is in :data:`SCHEMA`. An unknown key is an error naming the file,
the line and the nearest valid key; a wrong type names what was expected. A project needs no key
at all to build.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml

from .errors import ConfigError


@dataclass(frozen=True)
class Field:
    type: type | tuple[type, ...]
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    item: type | None = None  # element type of a list, value type of a mapping
    minimum: float | None = None
    pattern: str | None = None  # a text value must match this (re.fullmatch)
    pattern_help: str = ""


COLOUR = r"#[0-9A-Fa-f]{6}"
NOT_COPY = r"(?!copy$)[A-Za-z0-9_.-]+"
Schema = Mapping[str, "Field | Schema"]

SCHEMA: dict[str, Any] = {
    "title": Field(str, None, "episode title (default: the folder name)"),
    "script": Field(str, "script.txt", "the published script, relative to the project folder"),
    "video": Field(str, None, "the episode's video, relative to the project folder"),
    "video_source": {
        "url": Field(str, None, "where `subtitler fetch` downloads the video from (media is not "
                                "committed: CI fetches it)"),
        "sha256": Field(str, None, "the video's SHA-256, checked after fetching",
                        pattern=r"[0-9A-Fa-f]{64}", pattern_help="64 hexadecimal digits"),
    },
    "speech_language": Field(str, "en", "language of the narration", choices=("en", "zh")),
    "audio_stream": Field(int, 0, "which of the video's audio streams holds the narration "
                          "(0: the first), for timing and for the renders' sound", minimum=0),
    "audio_channel": Field((str, int), None, "the one channel of that stream to time from, "
                           "when the others hold music or effects: L, R, C (FL, FR, FC: the "
                           "centre of 5.1) or another of ffmpeg's channel names, or a number "
                           "from 0 (default: all channels mixed; the renders keep them all)",
                           pattern=r"[A-Za-z]{1,4}[0-9]?|[0-9]{1,2}",
                           pattern_help="a channel name such as C or FL, or a number"),
    "lead_spoken": Field(bool, False, "whether the lead paragraph is narrated (subtitled)"),
    "roles": Field(list, [], "role overrides: a list of {id: b03, role: note} or "
                             "{match: 'some text', role: note}", item=dict),
    "glossary": Field(list, [], "episode terms the Chinese word segmenter must keep whole",
                      item=str),
    "timing": {
        "source": Field(str, "auto", "where cue times come from: auto (the video's narration "
                        "when there is a video, else reading speed), audio, reading, file",
                        choices=("auto", "audio", "reading", "file")),
        "file": Field(str, None, "an editor's SRT whose times to use, with source: file"),
        "lock": Field(str, None, "timing lock file (relative to the project): cues whose text "
                      "did not change keep their times"),
        "refine": Field(bool, True, "refine boundaries inside continuous speech"),
        "snap_to_shots": Field(bool, False, "move cue edges near a shot change onto it"),
        "shot_threshold": Field((int, float), 0.35, "scene score that counts as a shot change",
                                minimum=0.05),
    },
    "qc": {
        "min_confidence": Field((int, float), 0.4, "timing confidence below this is reported",
                                minimum=0),
        "shots": Field(bool, True, "report cues that run across a shot change"),
        "shot_margin_frames": Field(int, 12, "a cue may start or end this close to a shot change",
                                    minimum=0),
    },
    "subtitles_dir": Field(str, None, "a folder (relative to the project) where `make subs` also "
                                      "writes the tracks, for committing them"),
    "anchors": Field(list, [], "exact cue starts: a list of {cue: c1a2b3c4, at: '1:23.450'} "
                               "or {match: 'some text', at: 83.45}", item=dict),
    "not_said": Field(list, [], "cues the video does not say (a shorter cut), kept off the "
                                "tracks and out of the timing: a list of {cue: c1a2b3c4} or "
                                "{match: 'some text'}", item=dict),
    "limits": {
        "en_chars_per_line": Field(int, 42, "English characters per line", minimum=10),
        "zh_chars_per_line": Field((int, float), 16, "Chinese width per line (full-width 1, "
                                   "half-width 0.5)", minimum=4),
        "max_lines": Field(int, 2, "lines per language at most", minimum=1),
        "en_cps": Field((int, float), 20, "English reading speed, characters per second",
                        minimum=1),
        "zh_cps": Field((int, float), 9, "Chinese reading speed, characters per second",
                        minimum=1),
        "min_duration_ms": Field(int, 833, "shortest cue (20 frames at 24 fps)", minimum=0),
        "max_duration_ms": Field(int, 7000, "longest cue", minimum=500),
        "min_gap_frames": Field(int, 2, "frames between cues at least", minimum=0),
        "close_gap_frames": Field(int, 12, "gaps of this many frames or fewer close to the "
                                  "minimum", minimum=0),
        "fps": Field((int, float), 24, "frame rate for gap rules when there is no video",
                     minimum=1),
    },
    "cards": {
        "heading_ms": Field(int, 3000, "how long a heading's title card stays", minimum=500),
        "caption_ms": Field(int, 4000, "how long a photo caption stays", minimum=500),
        "section_pause_ms": Field(int, 1000, "pause before a new section in reading-speed "
                                  "timing", minimum=0),
    },
    "encoder": {
        "vcodec": Field(str, "libx264", "video codec of renders", pattern=NOT_COPY,
                        pattern_help="an encoder (burning re-encodes the picture: not copy)"),
        "crf": Field(int, 20, "quality (lower is better; 18-23 is usual)", minimum=0),
        "preset": Field(str, "veryfast", "x264 speed preset",
                        choices=("ultrafast", "superfast", "veryfast", "faster", "fast",
                                 "medium", "slow", "slower", "veryslow")),
        "acodec": Field(str, "aac", "audio codec of renders", pattern=NOT_COPY,
                        pattern_help="an encoder (the credits pad the sound: not copy)"),
        "audio_bitrate": Field(str, "160k", "audio bitrate", pattern=r"\d+(\.\d+)?[kKM]?",
                               pattern_help="a bitrate such as 160k"),
        "audio_rate": Field(int, None, "audio sample rate of renders, Hz (default: the "
                                       "source's; broadcast wants 48000)", minimum=8000),
    },
    "credits": {
        "enabled": Field(bool, True, "add the credits roll after the programme"),
        "roles": Field(dict, {}, "credit roles in Chinese -> English, added to the defaults "
                                 "(文案: Script ...)", item=str),
        "names": Field(dict, {}, "a person's name in English when it is not its pinyin "
                                 "(赵汉青: Hanqing Zhao)", item=str),
        "mode": Field(str, "auto", "credits as a still card, a roll, or auto (a card when they "
                                   "fit on one screen)", choices=("auto", "card", "roll")),
        "duration_ms": Field(int, None, "length of the credits (default: from their length)",
                             minimum=1000),
        "background": Field(str, "last_frame", "behind the credits: last_frame, or a colour "
                                               "'#RRGGBB'", pattern="last_frame|" + COLOUR,
                            pattern_help="last_frame or a colour such as '#1A1A1A'"),
    },
    "style": {
        "font": Field(str, "Noto Sans CJK SC", "font family for every event: a face of the "
                      "bundled Noto Sans CJK (SC, TC, HK, JP or KR)",
                      pattern=r"[^,{}\\]+", pattern_help="a font family's name (an ASS style "
                      "cannot hold a comma)"),
        "zh_size": Field((int, float), 0.052, "Chinese size: pixels, or a fraction of the "
                         "frame's shorter side (the height of a 16:9 frame) when below 1",
                         minimum=0.005),
        "en_size": Field((int, float), 0.042, "English size, as zh_size", minimum=0.005),
        "title_size": Field((int, float), 0.06, "title card size, as zh_size", minimum=0.005),
        "caption_size": Field((int, float), 0.034, "photo caption size, as zh_size",
                              minimum=0.005),
        "primary_colour": Field(str, "#FFFFFF", "text colour, #RRGGBB", pattern=COLOUR,
                                pattern_help="a colour such as '#FFFFFF'"),
        "outline_colour": Field(str, "#000000", "outline colour, #RRGGBB", pattern=COLOUR,
                                pattern_help="a colour such as '#000000'"),
        "outline": Field((int, float), 2.5, "outline width in pixels at 1080p (scaled as sizes)",
                         minimum=0),
        "shadow": Field((int, float), 0.0, "shadow depth in pixels at 1080p (scaled as sizes)",
                        minimum=0),
        "margin_v": Field((int, float), 0.055,
                          "bottom margin, pixels or fraction of the shorter side",
                          minimum=0),
        "margin_h": Field((int, float), 0.06, "side margins, pixels or fraction of width",
                          minimum=0),
        "position": Field(str, "bottom", "where subtitles sit (at the bottom, they move to "
                                         "the top while a title card or caption is on screen)",
                          choices=("bottom", "top")),
    },
}


class Section(Mapping[str, Any]):
    """A read-only view of one level of the configuration, with attribute access."""

    def __init__(self, values: dict[str, Any], lines: Mapping[str, int] | None = None):
        self._values = values
        self._lines = dict(lines or {})

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Section({self._values!r})"

    def line(self, key: str) -> int | None:
        """The line of project.yaml that sets ``key`` (dotted, ``anchors[2]`` for a list's third
        item), on the top-level section of a parsed file; None for a default."""
        return self._lines.get(key)

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.to_dict() if isinstance(v, Section) else v) for k, v in self._values.items()}


def defaults(schema: Mapping[str, Any] = SCHEMA) -> Section:
    return Section({k: (defaults(v) if isinstance(v, Mapping) else _copy(v.default))
                    for k, v in schema.items()})


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _type_name(t: type | tuple[type, ...]) -> str:
    names = {str: "text", bool: "true or false", int: "a whole number", float: "a number",
             list: "a list", dict: "a mapping"}
    if isinstance(t, tuple):
        return "a number" if set(t) == {int, float} else " or ".join(names[x] for x in t)
    return names.get(t, t.__name__)


COMMENT_HINT = "a # after a space starts a YAML comment: quote the colour"


def _check_value(value: Any, spec: Field, key: str, path: Path, line: int | None,
                 entry_lines: dict[str, int] | None = None) -> Any:
    if value is None and spec.default is None:
        return None
    types = spec.type if isinstance(spec.type, tuple) else (spec.type,)
    ok = isinstance(value, types) and not (isinstance(value, bool) and bool not in types)
    if value is None and spec.pattern is not None and "#" in spec.pattern_help:
        # `primary_colour: #FFFF00` is empty: the # began a YAML comment
        raise ConfigError(f"`{key}` is empty", path=path, line=line,
                          fix=f"{COMMENT_HINT}, {key.rsplit('.', 1)[-1]}: '#FFFF00'")
    if not ok:
        raise ConfigError(f"`{key}` must be {_type_name(spec.type)}, got {value!r}", path=path,
                          line=line, fix=f"{key}: {spec.help}")
    if spec.choices is not None and value not in spec.choices:
        raise ConfigError(f"`{key}` must be one of {', '.join(map(str, spec.choices))}, got "
                          f"{value!r}", path=path, line=line)
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigError(f"`{key}` must be a finite number, got {value!r}", path=path,
                          line=line, fix=f"{key}: {spec.help}")
    if spec.pattern is not None and isinstance(value, str) and \
            not re.fullmatch(spec.pattern, value):
        raise ConfigError(f"`{key}` must be {spec.pattern_help}, got {value!r}", path=path,
                          line=line, fix=f"{key}: {spec.help}")
    if spec.minimum is not None and value < spec.minimum:
        raise ConfigError(f"`{key}` must be at least {spec.minimum}, got {value!r}", path=path,
                          line=line)
    if spec.item is not None and isinstance(value, dict):
        for k, item in value.items():
            at = (entry_lines or {}).get(str(k), line)
            if not isinstance(k, str):
                raise ConfigError(f"`{key}` entry {k!r} must be named by text", path=path,
                                  line=at, fix=f"quote it: '{k}': ...")
            if not isinstance(item, spec.item) or \
                    (isinstance(item, bool) and spec.item is not bool):
                raise ConfigError(f"`{key}` entry {k!r} must be {_type_name(spec.item)}, got "
                                  f"{item!r}", path=path, line=at,
                                  fix=f"quote it: {k}: '...'; {spec.help}")
    elif spec.item is not None:
        for i, item in enumerate(value):
            if not isinstance(item, spec.item):
                raise ConfigError(f"`{key}` item {i + 1} must be {_type_name(spec.item)}, got "
                                  f"{item!r}", path=path, line=line, fix=spec.help)
    return value


def _merge(node: yaml.Node, schema: Mapping[str, Any], prefix: str, path: Path,
           lines: dict[str, int]) -> dict[str, Any]:
    """The values of a mapping node checked against ``schema``; ``lines`` gets the line of
    every key set, and of every item of a list."""
    values = {k: (defaults(v).to_dict() if isinstance(v, Mapping) else _copy(v.default))
              for k, v in schema.items()}
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return values  # `limits:` with every key below it commented out; a bare `---`
    if not isinstance(node, yaml.MappingNode):
        where = prefix.rstrip(".") or "project.yaml"
        example = next(iter(schema))
        fix = (f"indent its keys under `{where}:`, e.g. `  {example}: ...`" if prefix else
               "write `key: value` lines, e.g. `title: My episode`")
        raise ConfigError(f"`{where}` must be a mapping of keys", path=path,
                          line=node.start_mark.line + 1, fix=fix)
    seen: dict[str, int] = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConfigError("a key must be a plain word", path=path, line=line,
                              fix="write `key: value`, e.g. `title: My episode`")
        key = key_node.value
        if key not in schema:
            raise ConfigError(f"unknown key `{prefix}{key}`", path=path, line=line,
                              fix=_suggest(str(key), schema, prefix))
        if key in seen:
            raise ConfigError(f"`{prefix}{key}` is set twice (first on line {seen[key]})",
                              path=path, line=line, fix="keep one of them")
        seen[key] = line
        lines[prefix + key] = line
        if isinstance(value_node, yaml.SequenceNode):
            for i, item in enumerate(value_node.value):
                lines[f"{prefix}{key}[{i}]"] = item.start_mark.line + 1
        spec = schema[key]
        if isinstance(spec, Mapping):
            values[key] = _merge(value_node, spec, f"{prefix}{key}.", path, lines)
        else:
            value = _construct(value_node, path)
            entries = {str(k.value): k.start_mark.line + 1 for k, _v in value_node.value} \
                if isinstance(value_node, yaml.MappingNode) else None
            values[key] = _check_value(value, spec, prefix + key, path, line, entries)
    return values


def _construct(node: yaml.Node, path: Path) -> Any:
    """The Python value of a composed node (``key:`` with nothing after it is None)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as exc:  # a tag such as `!Breaking` that plain YAML cannot build
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"not valid YAML: {problem}", path=path,
                          line=node.start_mark.line + 1,
                          fix="quote a value that starts with ! or &, e.g. title: '!News'"
                          ) from None
    finally:
        loader.dispose()


_BARE_COLOUR = re.compile(r"(?:^|[\s{,])[\w-]+:\s+#[0-9A-Fa-f]{3,8}\b")


# keys editors write for what another key does (the nearest spelling had sent `margin_l` to
# `margin_v`, the bottom margin)
_MEANT = {"margin_l": "margin_h", "margin_r": "margin_h", "margin_left": "margin_h",
          "margin_right": "margin_h", "margin_bottom": "margin_v", "margin_top": "margin_v",
          "colour": "primary_colour", "color": "primary_colour", "text_colour": "primary_colour",
          "font_size": "zh_size` or `en_size", "size": "zh_size` or `en_size"}


def _suggest(key: str, schema: Mapping[str, Any], prefix: str) -> str:
    """The fix for an unknown key: the nearest key at its level, else the nearest key
    anywhere (`en_chars_per_line` at the top level belongs under `limits`), else the list."""
    meant = _MEANT.get(key.lower())
    if meant and meant.split("`")[0] in schema:
        return f"did you mean `{prefix}{meant.replace('` or `', f'` or `{prefix}')}`?"
    near = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.5)
    if near:
        return f"did you mean `{prefix}{near[0]}`?"
    dotted = [name for name, _ in iter_fields()]
    leaves = {name.rsplit(".", 1)[-1]: name for name in dotted}
    near = difflib.get_close_matches(key, list(leaves), n=1, cutoff=0.75)
    if near:
        return f"did you mean `{leaves[near[0]]}`?"
    return "valid keys: " + ", ".join(prefix + k for k in schema)


def _section(values: dict[str, Any], lines: Mapping[str, int] | None = None) -> Section:
    return Section({k: (_section(v) if isinstance(v, dict) and not k == "roles" else v)
                    for k, v in values.items()}, lines)


def parse_config(text: str, path: Path) -> Section:
    """Validate the text of a project.yaml against :data:`SCHEMA`."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 1 if mark else None
        fix = "check indentation and quoting"
        colour = next((n for n, text_line in enumerate(text.splitlines(), 1)
                       if not text_line.lstrip().startswith("#")
                       and _BARE_COLOUR.search(text_line)), None)
        if colour is not None and "<stream end>" in str(exc):
            # `style: {primary_colour: #FFFFFF}`: the # began a comment, and the error was
            # found at the end of the file
            line, fix = colour, f"{COMMENT_HINT}, '#FFFFFF'"
        raise ConfigError(f"not valid YAML: {problem}", path=path, line=line, fix=fix) from None
    if node is None:
        return defaults()
    lines: dict[str, int] = {}
    values = _merge(node, SCHEMA, "", path, lines)
    lim = values["limits"]
    if lim["min_duration_ms"] > lim["max_duration_ms"]:
        key = "limits.min_duration_ms"
        raise ConfigError(f"`{key}` ({lim['min_duration_ms']}) is longer than "
                          f"`limits.max_duration_ms` ({lim['max_duration_ms']})", path=path,
                          line=lines.get(key) or lines.get("limits.max_duration_ms"),
                          fix="the shortest cue must not be longer than the longest")
    return _section(values, lines)


def load_config(path: Path) -> Section:
    """Read project.yaml; a missing file means every default."""
    if not path.exists():
        return defaults()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError("project.yaml is not UTF-8 text", path=path,
                          fix="save it as UTF-8") from None
    except OSError as exc:  # a folder, unreadable
        raise ConfigError(f"cannot be read: {exc.strerror or exc}", path=path,
                          fix="make project.yaml a readable file") from None
    return parse_config(text, path)


def iter_fields(schema: Mapping[str, Any] = SCHEMA, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every key with its Field, dotted: for documentation and for `subtitler config`."""
    for k, v in schema.items():
        if isinstance(v, Mapping):
            yield from iter_fields(v, f"{prefix}{k}.")
        else:
            yield prefix + k, v
