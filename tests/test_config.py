"""project.yaml validation: defaults, unknown keys, types, choices, YAML errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from subtitler.config import SCHEMA, Section, defaults, iter_fields, load_config, parse_config
from subtitler.errors import ConfigError

CFG = Path("projects/zhengzhou/project.yaml")


def error(text: str) -> str:
    with pytest.raises(ConfigError) as err:
        parse_config(text, CFG)
    msg = str(err.value)
    assert "\n" not in msg, msg
    return msg


# --------------------------------------------------------------------------------------------
# Defaults and values


@pytest.mark.parametrize("text", ["", "\n\n", "# nothing set yet\n", "---\n", "   \n# a\n"])
def test_empty_file_gives_every_default(text):
    cfg = parse_config(text, CFG)
    assert cfg.to_dict() == defaults().to_dict()
    assert cfg.limits.en_chars_per_line == 42 and cfg.limits.zh_chars_per_line == 16
    assert cfg.lead_spoken is False and cfg.roles == [] and cfg.script == "script.txt"
    assert cfg.title is None and cfg.speech_language == "en"


def test_missing_project_yaml_gives_defaults(tmp_path):
    assert load_config(tmp_path / "project.yaml").to_dict() == defaults().to_dict()


def test_the_sample_project_yaml_is_valid():
    path = Path(__file__).parents[1] / "projects" / "henan-industry-carriers" / "project.yaml"
    cfg = load_config(path)
    assert cfg.lead_spoken is False and "产业集聚区" in cfg.glossary


def test_values_are_read_with_attribute_and_item_access():
    cfg = parse_config(
        "title: Henan builds high-level industry carriers\n"
        "lead_spoken: true\n"
        "speech_language: zh\n"
        "roles:\n"
        "  - {id: b03, role: body}\n"
        "  - match: Click on the video\n"
        "    role: note\n"
        "limits:\n"
        "  en_chars_per_line: 37\n"
        "  zh_chars_per_line: 15.5\n"
        "style:\n"
        "  font: Source Han Sans SC\n", CFG)
    assert isinstance(cfg.limits, Section)
    assert cfg.limits.en_chars_per_line == 37 and cfg["limits"]["zh_chars_per_line"] == 15.5
    assert cfg.limits.max_lines == 2  # untouched keys keep their defaults
    assert cfg.cards.heading_ms == 3000
    assert cfg.style.font == "Source Han Sans SC" and cfg.lead_spoken is True
    assert cfg.roles == [{"id": "b03", "role": "body"},
                         {"match": "Click on the video", "role": "note"}]
    with pytest.raises(AttributeError):
        cfg.limits.en_char_per_line  # noqa: B018


def test_defaults_are_fresh_copies():
    a = defaults()
    a.roles.append({"id": "b01", "role": "note"})
    assert defaults().roles == []


def test_every_field_default_passes_its_own_validation():
    lines = []
    current = None
    for name, field in iter_fields():
        if field.default is None:
            continue
        section, _, key = name.rpartition(".")
        if section != current and section:
            lines.append(f"{section}:")
        current = section
        value = repr(field.default).lower() if isinstance(field.default, bool) else \
            (f'"{field.default}"' if isinstance(field.default, str) else field.default)
        lines.append(("  " if section else "") + f"{key}: {value}")
    cfg = parse_config("\n".join(lines) + "\n", CFG)
    assert cfg.to_dict() == defaults().to_dict()


# --------------------------------------------------------------------------------------------
# Unknown keys


def test_unknown_top_level_key_names_file_line_and_nearest_key():
    msg = error("title: Henan\nlead_spokn: true\n")
    assert msg.startswith(f"{CFG}:2: unknown key `lead_spokn`")
    assert "did you mean `lead_spoken`?" in msg


def test_unknown_nested_key_names_the_dotted_key():
    msg = error("limits:\n  max_lines: 2\n  en_char_per_line: 40\n")
    assert msg.startswith(f"{CFG}:3: unknown key `limits.en_char_per_line`")
    assert "did you mean `limits.en_chars_per_line`?" in msg


@pytest.mark.parametrize("key,meant", [("margin_l", "`style.margin_h`"),
                                       ("margin_right", "`style.margin_h`"),
                                       ("font_size", "`style.zh_size` or `style.en_size`")])
def test_a_key_written_for_what_another_does_points_to_that_one(key, meant):
    """`margin_l` was pointed to `margin_v` (the bottom margin), the nearest spelling."""
    msg = error(f"style: {{{key}: 0.1}}\n")
    assert f"unknown key `style.{key}` (did you mean {meant}?)" in msg


def test_nested_key_at_top_level_points_to_its_section():
    msg = error("zh_chars_per_line: 14\n")
    assert msg.startswith(f"{CFG}:1: ") and "did you mean `limits.zh_chars_per_line`?" in msg


def test_key_in_the_wrong_section_points_to_the_right_one():
    msg = error("limits:\n  font: Noto Sans CJK SC\n")
    assert msg.startswith(f"{CFG}:2: unknown key `limits.font`")
    assert "did you mean `style.font`?" in msg


def test_unknown_key_with_nothing_near_lists_the_valid_keys():
    msg = error("cards:\n  zzzz: 1\n")
    assert msg.startswith(f"{CFG}:2: unknown key `cards.zzzz`")
    assert "valid keys: cards.heading_ms, cards.caption_ms, cards.section_pause_ms" in msg


def test_key_set_twice_is_an_error():
    msg = error("lead_spoken: false\ntitle: x\nlead_spoken: true\n")
    assert msg.startswith(f"{CFG}:3: `lead_spoken` is set twice (first on line 1)")


# --------------------------------------------------------------------------------------------
# Types, choices, ranges


@pytest.mark.parametrize("text,line,words", [
    ("lead_spoken: yes please\n", 1, ["`lead_spoken` must be true or false", "'yes please'"]),
    ("lead_spoken: 1\n", 1, ["`lead_spoken` must be true or false"]),
    ("title: Henan\nglossary: 产业集聚区\n", 2, ["`glossary` must be a list"]),
    ("glossary:\n  - 高能级\n  - 42\n", 1, ["`glossary` item 2 must be text"]),
    ("roles: {id: b03, role: note}\n", 1, ["`roles` must be a list"]),
    ("roles:\n  - b03\n", 1, ["`roles` item 1 must be a mapping"]),
    ("limits:\n  en_chars_per_line: 40.5\n", 2, ["`limits.en_chars_per_line` must be a whole"]),
    ("limits:\n  en_chars_per_line: forty\n", 2, ["must be a whole number", "'forty'"]),
    ("limits:\n  en_cps: true\n", 2, ["`limits.en_cps` must be a number, got True"]),
    ("cards:\n  heading_ms: '3000'\n", 2, ["`cards.heading_ms` must be a whole number"]),
    ("style:\n  font: 3\n", 2, ["`style.font` must be text"]),
    # a credit role or name that is not text went into the burned credits as "文案 5"
    ("credits:\n  roles: {文案: 5}\n", 2, ["`credits.roles` entry '文案' must be text", "5"]),
    ("credits:\n  names:\n    赵汉青: yes\n", 3,
     ["`credits.names` entry '赵汉青' must be text", "True"]),
    ("credits:\n  roles:\n    文案: Script\n    2023: Year\n", 4,
     ["`credits.roles` entry 2023 must be named by text"]),
])
def test_wrong_type(text, line, words):
    msg = error(text)
    assert msg.startswith(f"{CFG}:{line}: "), msg
    for w in words:
        assert w in msg, msg
    assert "(" in msg  # the fix: what the key is for


@pytest.mark.parametrize("text,line,words", [
    ("speech_language: fr\n", 1, ["`speech_language` must be one of en, zh", "'fr'"]),
    ("limits:\n  en_chars_per_line: 5\n", 2, ["must be at least 10", "got 5"]),
    ("limits:\n  max_lines: 0\n", 2, ["`limits.max_lines` must be at least 1"]),
    ("style:\n  outline: -1\n", 2, ["`style.outline` must be at least 0"]),
    # a size of 0 passed and broke burn/preview/stills with a ZeroDivisionError traceback; a
    # font name with a comma wrote a malformed ASS style and a pysubs2 traceback
    ("style:\n  en_size: 0\n", 2, ["`style.en_size` must be at least 0.005"]),
    ("style:\n  font: 'Noto Sans CJK SC, Bold'\n", 2, ["`style.font`", "cannot hold a comma"]),
    ("limits:\n  fps: .nan\n", 2, ["`limits.fps` must be a finite number"]),
    ("limits:\n  zh_cps: .inf\n", 2, ["`limits.zh_cps` must be a finite number"]),
    ("style:\n  primary_colour: red\n", 2, ["`style.primary_colour` must be a colour such as"]),
    ("style:\n  outline_colour: '#12345'\n", 2, ["`style.outline_colour` must be a colour"]),
    ("credits:\n  background: bogus\n", 2, ["`credits.background` must be last_frame or a"]),
    ("limits:\n  max_duration_ms: 600\n  min_duration_ms: 5000\n", 3,
     ["`limits.min_duration_ms` (5000) is longer than `limits.max_duration_ms` (600)"]),
    ("title: !Breaking news\n", 1, ["not valid YAML", "'!Breaking'", "quote a value"]),
    ("encoder:\n  vcodec: copy\n", 2, ["`encoder.vcodec` must be an encoder", "not copy"]),
    ("encoder:\n  acodec: copy\n", 2, ["`encoder.acodec` must be an encoder"]),
    ("encoder:\n  audio_bitrate: lots\n", 2, ["`encoder.audio_bitrate` must be a bitrate"]),
])
def test_bad_choice_or_range(text, line, words):
    msg = error(text)
    assert msg.startswith(f"{CFG}:{line}: "), msg
    for w in words:
        assert w in msg, msg


def test_null_for_a_key_without_default_is_allowed_but_not_for_others():
    assert parse_config("video: ~\ntitle:\n", CFG).video is None
    assert "`lead_spoken` must be true or false" in error("lead_spoken:\n")


def test_an_unquoted_colour_says_that_a_hash_starts_a_comment():
    """`primary_colour: #FFFF00` is a key with a comment: it said "must be text, got None",
    and the inline form an error at a line past the end of the file."""
    msg = error("title: x\nstyle:\n  primary_colour: #FFFF00\n")
    assert ":3: `style.primary_colour` is empty" in msg and "quote the colour" in msg, msg
    msg = error("title: x\nstyle: {primary_colour: #FFFFFF}\n")
    assert ":2: not valid YAML" in msg and "quote the colour" in msg, msg
    # a colour in a comment is not blamed for another line's error
    msg = error("# credits: {background: #000000}\ntitle: x\nstyle: {font: [a}\n")
    assert ":3: not valid YAML" in msg and "quote the colour" not in msg, msg
    assert parse_config("style: {primary_colour: '#FFFF00'}  # yellow\n", CFG) \
        .style.primary_colour == "#FFFF00"


# --------------------------------------------------------------------------------------------
# Sections and YAML syntax


@pytest.mark.parametrize("text,line,where", [
    ("limits: 42\n", 1, "limits"),
    ("title: x\nstyle: Noto Sans CJK SC\n", 2, "style"),
    ("cards:\n  - heading_ms: 3000\n", 2, "cards"),
])
def test_section_given_as_a_scalar_or_list(text, line, where):
    msg = error(text)
    assert msg.startswith(f"{CFG}:{line}: `{where}` must be a mapping of keys")
    assert f"indent its keys under `{where}:`" in msg


def test_section_with_every_key_commented_out_is_defaults():
    cfg = parse_config("limits:\n  # en_chars_per_line: 38\nstyle:\n  font: Source Han Sans\n",
                       CFG)
    assert cfg.limits.en_chars_per_line == 42 and cfg.style.font == "Source Han Sans"


@pytest.mark.parametrize("text", ["- title\n- video\n", "just a sentence\n", "42\n"])
def test_top_level_must_be_a_mapping(text):
    msg = error(text)
    assert msg.startswith(f"{CFG}:1: `project.yaml` must be a mapping of keys")


@pytest.mark.parametrize("text,line", [
    ("title: Henan\nlimits:\n  en_chars_per_line: 40\n   max_lines: 2\n", 4),
    ("title: Henan\nglossary: [产业集聚区, 高能级\n", 3),
    ("title: \"Henan\nvideo: v.mp4\n", 3),
    ("title: Henan\n\tlead_spoken: true\n", 2),
    ("title: Henan: builds carriers\n", 1),
])
def test_invalid_yaml_names_the_line(text, line):
    msg = error(text)
    assert msg.startswith(f"{CFG}:{line}: not valid YAML: "), msg
    assert "check indentation and quoting" in msg


def test_project_yaml_not_utf8(tmp_path):
    path = tmp_path / "project.yaml"
    path.write_bytes("title: 河南\n".encode("gb18030"))
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(f"{path}: ") and "UTF-8" in str(err.value)


def test_schema_keys_are_all_documented():
    for name, field in iter_fields(SCHEMA):
        assert field.help, name
        assert field.default is None or field.choices is None or field.default in field.choices


@pytest.mark.parametrize("style, needle", [
    ("  margin_v: 5000\n", "`style.margin_v: 5000` is 5000 px, over half the frame's height"),
    ("  margin_h: 0.3\n", "`style.margin_h: 0.3` is 576 px, over a quarter of its width"),
])
def test_margins_that_leave_the_subtitles_no_room_are_refused(make_project, style, needle):
    """`style.margin_v: 5000` was accepted, and every caption was drawn off the frame."""
    from .conftest import run_cli

    d = make_project("Hello there.\n你好。\n", f"style:\n  position: bottom\n{style}")
    code, _out, err = run_cli("subs", str(d))
    assert code == 2 and err.count("\n") == 1, err
    assert err.startswith(f"error: {d / 'project.yaml'}:3: ") and needle in err, err
    assert not (d / "build").exists() or not list((d / "build").iterdir())
