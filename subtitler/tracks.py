"""Cues -> tracks, and tracks -> cues: SRT (pysrt), ASS (pysubs2), WebVTT, cues.json.

Every writer has a reader, so what the project writes it reads back the same (the tests check
this). Writers return text; the pipeline writes files.
"""

from __future__ import annotations

import io
import json
import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

from .errors import TrackError
from .model import Cue, Role

# --------------------------------------------------------------------------------------------
# cues.json: the machine-readable record every later stage reads


def cues_to_json(cues: Sequence[Cue]) -> str:
    rows = [{"id": c.id, "block": c.block, "role": c.role.value, "start_ms": c.start_ms,
             "end_ms": c.end_ms, "en": c.text("en"), "zh": c.text("zh"),
             "confidence": round(float(c.confidence), 3), "flags": list(c.flags)} for c in cues]
    return json.dumps({"cues": rows}, ensure_ascii=False, indent=2) + "\n"


def cues_from_json(text: str, path: object = "cues.json") -> list[Cue]:
    try:
        data = json.loads(text)
        rows = data["cues"]
        return [Cue(id=r["id"], block=r["block"], role=Role(r["role"]),
                    start_ms=int(r["start_ms"]), end_ms=int(r["end_ms"]),
                    en=tuple(r["en"].split("\n")) if r["en"] else (),
                    zh=tuple(r["zh"].split("\n")) if r["zh"] else (),
                    confidence=float(r.get("confidence", 1.0)), flags=tuple(r.get("flags", ())))
                for r in rows]
    except (ValueError, KeyError, TypeError) as exc:
        raise TrackError(f"not a cues.json file: {exc}", path=path,
                         fix="rebuild it with `subtitler subs`") from None


# --------------------------------------------------------------------------------------------
# SRT


def _lines(cue: Cue, lang: str) -> list[str]:
    if lang == "bilingual":
        return list(cue.zh) + list(cue.en)  # Chinese above English
    return list(getattr(cue, lang))


# SRT has no escapes, and players read markup in it: ffmpeg's decoder (so mpv and
# the muxed track) takes `<word ...>` for a tag and drops it ("exports<imports and
# debt>GDP" showed as "exportsGDP"), `\n`, `\N` and `\h` in "C:\new" for ASS escapes (a line
# break), `{\an8}` for a position and any other `{...}` for an ASS block, hidden. A word joiner
# (U+2060, invisible, no break) after each `<` and `\` keeps them literal; braces, which nothing
# keeps literal there, are shown full-width, as in the ASS track (see ass_escape). A line
# holding `-->` between two times is a new entry's timing line to ffmpeg's demuxer (and to
# other readers that look for the arrow), a number-only line above it that entry's number:
# "00:00:01,000 --> 00:00:02,000 is a timing line" lost its cue's text to a stray entry at
# 1 s. A word joiner inside every `-->` of the text (`--\u2060>`) keeps it text; and pysubs2
# takes any line with two times in it for a timing line, arrow or not ("from 12:00:00.000 to
# 13:00:00.000"): on such a line a word joiner before each time's fraction keeps it text.
_SRT_LITERAL = str.maketrans({"<": "<\u2060", "\\": "\\\u2060", "{": "｛", "}": "｝"})
_SRT_ARROW = re.compile("--(?=>)")
_SRT_STAMP = re.compile(r"(\d{1,2}:\d{1,2}:\d{1,2})(?=[.,]\d)")  # (as pysubs2 finds one)
_SRT_JOINED = re.compile("(?<=[<\\\\])\u2060|(?<=--)\u2060(?=>)|(?<=\\d)\u2060(?=[.,]\\d)")
_SRT_BRACES = str.maketrans({"｛": "{", "｝": "}"})


def _times_as_text(line: str, stamp: re.Pattern) -> str:
    """``line`` with a word joiner before each time's fraction when it holds two or more
    times (``stamp``: a time up to its fraction, as a reader finds one): pysubs2 takes such a
    line for a timing line."""
    return stamp.sub("\\1\u2060", line) if len(stamp.findall(line)) > 1 else line


def _srt_literal(text: str) -> str:
    """Text as literal SRT (see _SRT_LITERAL): what a player shows is the text."""
    lines = _SRT_ARROW.sub("--\u2060", text.translate(_SRT_LITERAL)).split("\n")
    return "\n".join(_times_as_text(line, _SRT_STAMP) for line in lines)


def _unliteral(text: str) -> str:
    """SRT text as said: the word joiners after `<` and `\\`, inside `-->` and before a time's
    fraction taken out and the braces half-width again (a script's own full-width braces come
    back half-width too)."""
    return _SRT_JOINED.sub("", text).translate(_SRT_BRACES)


def to_srt(cues: Sequence[Cue], lang: str) -> str:
    """SRT of the spoken cues in ``lang`` ('en', 'zh' or 'bilingual'), through pysrt."""
    import pysrt

    f = pysrt.SubRipFile()
    for c in (c for c in cues if c.shown):
        lines = _lines(c, lang)
        if not lines:
            continue
        f.append(pysrt.SubRipItem(len(f) + 1, start=pysrt.SubRipTime(milliseconds=c.start_ms),
                                  end=pysrt.SubRipTime(milliseconds=c.end_ms),
                                  text=_srt_literal("\n".join(lines))))
    buf = io.StringIO()
    f.write_into(buf, eol="\n")
    return buf.getvalue()


@dataclass(frozen=True)
class TimedText:
    start_ms: int
    end_ms: int
    text: str
    ident: str = ""


_SRT_TIMING = re.compile(r"\s*(\d+):(\d+):(\d+)[,.](\d+)\s*-->\s*(\d+):(\d+):(\d+)[,.](\d+)")


def _check_srt_layout(text: str, path: object) -> None:
    """What pysrt reads without a word but wrongly: entries with no blank line between them
    (read as one entry, the next ones' numbers and times as its text) and minutes or seconds
    over 59 (00:00:99,655 read as 1:39.655), and milliseconds not written in three digits
    (00:00:05,8 read as 5.008 s, 00:00:05,8100 as 13.1 s)."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for n, line in enumerate(lines):
        m = _SRT_TIMING.match(line)
        if not m:
            continue
        if any(int(m[k]) > 59 for k in (2, 3, 6, 7)):
            raise TrackError(f"minutes or seconds over 59 in {line.strip()!r}", path=path,
                             line=n + 1, fix="times are HH:MM:SS,mmm")
        if any(len(m[k]) != 3 for k in (4, 8)):
            frac = next(m[k] for k in (4, 8) if len(m[k]) != 3)
            raise TrackError(f"milliseconds written in {len(frac)} digit"
                             f"{'' if len(frac) == 1 else 's'} ({frac}) in {line.strip()!r}: "
                             "they would be read as a count of milliseconds", path=path,
                             line=n + 1, fix="write them in three digits, as HH:MM:SS,mmm: "
                             "a tenth of a second is ,100")
        if n >= 2 and lines[n - 1].strip().isdigit() and lines[n - 2].strip():
            raise TrackError("an entry starts with no blank line before it", path=path,
                             line=n, fix="put a blank line between entries")


def read_srt(text: str, path: object = "track.srt") -> list[TimedText]:
    import pysrt

    _check_srt_layout(text, path)
    try:
        items = pysrt.from_string(text, error_handling=pysrt.ERROR_RAISE)
    except Exception as exc:  # pysrt raises its own InvalidItem and others
        args = exc.args
        if len(args) == 2 and isinstance(args[0], int) and isinstance(args[1], str):
            # InvalidItem(the line the entry ends on, the entry's text)
            rows = args[1].rstrip("\n").split("\n")
            raise TrackError(f"not a valid SRT entry: {' | '.join(rows[:2])!r}", path=path,
                             line=args[0] - len(rows) + 1,
                             fix="an entry is a number, `00:00:01,000 --> 00:00:02,500` and "
                                 "its text") from None
        raise TrackError(f"not a valid SRT file: {exc}", path=path,
                         fix="export it again as SubRip (.srt)") from None
    return [TimedText(i.start.ordinal, i.end.ordinal, _unliteral(i.text)) for i in items]


# --------------------------------------------------------------------------------------------
# WebVTT


def _vtt_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# pysubs2 reads WebVTT with its SRT reader: a text line with two of its WebVTT times in it
# ([H:]MM:SS.mmm, "from 09:00:00.000 to 17:00:00.000", "at 10:30.50 and 11:45.00") is a
# timing line to it, as in SRT (see _SRT_STAMP), and the cue's text went to a stray entry at
# those times; a word joiner before each such time's fraction keeps it text.
_VTT_STAMP = re.compile(r"(\d{2}:\d{2})(?=\.\d{2})")  # (as pysubs2's WebVTT TIMESTAMP)
_VTT_JOINED = re.compile("(?<=\\d)\u2060(?=\\.\\d)")


def _vtt_line(line: str) -> str:
    """A WebVTT text line, escaped (see _vtt_escape, _VTT_STAMP)."""
    return _times_as_text(_vtt_escape(line), _VTT_STAMP)


def _vtt_time(ms: int) -> str:
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def to_vtt(cues: Sequence[Cue], lang: str) -> str:
    """WebVTT of the spoken cues in ``lang``; each cue's identifier is its cue id."""
    out = ["WEBVTT", ""]
    for c in (c for c in cues if c.shown):
        lines = _lines(c, lang)
        if not lines:
            continue
        out += [c.id, f"{_vtt_time(c.start_ms)} --> {_vtt_time(c.end_ms)}",
                *(_vtt_line(line) for line in lines), ""]
    return "\n".join(out) + "\n"


_VTT_TIME = re.compile(r"(?:(\d+):)?(\d{2}):(\d{2})\.(\d{3})")


def read_vtt(text: str, path: object = "track.vtt") -> list[TimedText]:
    if not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise TrackError("not a WebVTT file (no WEBVTT header)", path=path)
    out = []
    for block in re.split(r"\n\s*\n", text.strip())[1:]:
        rows = block.split("\n")
        ident = ""
        if "-->" not in rows[0]:
            ident, rows = rows[0], rows[1:]
        if not rows or "-->" not in rows[0]:
            continue
        a, b = (x.strip().split(" ")[0] for x in rows[0].split("-->"))
        text_ = _VTT_JOINED.sub("", "\n".join(rows[1:])).replace("&lt;", "<") \
            .replace("&gt;", ">").replace("&amp;", "&")
        out.append(TimedText(_vtt_ms(a), _vtt_ms(b), text_, ident))
    return out


def _vtt_ms(stamp: str) -> int:
    m = _VTT_TIME.fullmatch(stamp)
    if not m:
        raise TrackError(f"bad WebVTT timestamp {stamp!r}")
    h, mi, s, ms = (int(x) if x else 0 for x in m.groups())
    return ((h * 60 + mi) * 60 + s) * 1000 + ms


# --------------------------------------------------------------------------------------------
# ASS


@dataclass(frozen=True)
class AssLayout:
    """Styles and frame size for the ASS track, resolved from project.yaml's `style`."""

    width: int = 1920
    height: int = 1080
    font: str = "Noto Sans CJK SC"
    zh_size: float = 0.052
    en_size: float = 0.042
    title_size: float = 0.06
    caption_size: float = 0.034
    primary_colour: str = "#FFFFFF"
    outline_colour: str = "#000000"
    outline: float = 2.5
    shadow: float = 0.0
    margin_v: float = 0.055
    margin_h: float = 0.06
    position: str = "bottom"
    fps: float = 24.0

    @classmethod
    def from_config(cls, style, width: int, height: int, fps: float = 24.0) -> "AssLayout":
        return cls(width=width, height=height, fps=fps, **{k: style[k] for k in (
            "font", "zh_size", "en_size", "title_size", "caption_size", "primary_colour",
            "outline_colour", "outline", "shadow", "margin_v", "margin_h", "position")})

    @property
    def short_side(self) -> int:
        """The frame's height, or its width in a portrait frame: what sizes are fractions of,
        so a 9:16 video gets the captions of a 16:9 one, not ones wider than the frame."""
        return min(self.width, self.height)

    def px(self, value: float, of: int | None = None) -> int:
        """A size: pixels, or a fraction of the shorter side (or ``of``) when below 1."""
        return int(round(value * (of or self.short_side))) if value < 1 else int(round(value))

    def scaled(self, value: float) -> float:
        """A pixel size given at 1080p, scaled to this frame."""
        return round(value * self.short_side / 1080, 2)


def ass_colour(hexrgb: str, alpha: int = 0):
    """A pysubs2 colour from ``#RRGGBB`` (``alpha``: 0 opaque .. 255 transparent)."""
    import pysubs2

    m = re.fullmatch(r"#?([0-9a-fA-F]{6})", hexrgb.strip())
    if not m:
        raise TrackError(f"colour {hexrgb!r} is not #RRGGBB", path="project.yaml",
                         fix="write colours as '#FFFFFF'")
    v = m.group(1)
    return pysubs2.Color(int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16), alpha)


def luminance(hexrgb: str) -> float:
    """Relative luminance (WCAG 2) of a colour ``#RRGGBB``: 0 black .. 1 white."""
    v = hexrgb.strip().lstrip("#")

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(int(v[i:i + 2], 16) / 255.0) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """Contrast ratio (WCAG 2) of two colours ``#RRGGBB``: 1 (none) .. 21 (black on white)."""
    la, lb = sorted((luminance(a), luminance(b)))
    return (lb + 0.05) / (la + 0.05)


def against(hexrgb: str) -> str:
    """Black or white, whichever stands out more against ``hexrgb``."""
    return "#000000" if contrast(hexrgb, "#000000") >= contrast(hexrgb, "#FFFFFF") else "#FFFFFF"


STYLE_NAMES = ("ZH", "EN", "TitleZH", "TitleEN", "CaptionZH", "CaptionEN")
TITLE_EN_SCALE = 0.7  # the English line of a title card, to the Chinese line's size
TOP_MARGIN = 0.055  # subtitles moved to the top for a card: at most this far down (the default
# bottom margin; a raised one had put them mid-frame, over the card)


def _styles(lay: AssLayout, box_style: int = 3) -> dict[str, Any]:
    """The styles; title cards and photo captions on a box of ``box_style``: 3, a box round
    each line, which every player draws (the tracks), or 4, one box round the whole card,
    which libass draws (the burn: per-line boxes overlap between the lines in a darker
    stripe)."""
    import pysubs2

    # title cards and photo captions: the text on a box of black, or of white for dark text
    # (black text had stood on the black box, unreadable); mid-tone text, which stands out
    # from neither enough to show through a box of 69 %, on an opaque one
    box_colour = against(lay.primary_colour)
    box_alpha = 80 if contrast(lay.primary_colour, box_colour) >= 7 else 0

    def style(size: float, *, align: int, margin_v: int, box: bool = False, bold: bool = False):
        s = pysubs2.SSAStyle()
        s.fontname = lay.font
        s.fontsize = lay.px(size)
        s.primarycolor = ass_colour(lay.primary_colour)
        s.outlinecolor = ass_colour(lay.outline_colour)
        s.backcolor = ass_colour(box_colour, box_alpha) if box else \
            ass_colour("#000000", 128)
        s.bold = bold
        s.outline = lay.scaled(lay.outline) if not box else lay.scaled(12)
        s.shadow = lay.scaled(lay.shadow)
        s.borderstyle = box_style if box else 1
        s.alignment = pysubs2.Alignment(align)
        s.marginl = s.marginr = lay.px(lay.margin_h, lay.width)
        s.marginv = margin_v
        return s

    mv = lay.px(lay.margin_v)
    card_v = lay.px(0.14)
    styles = {
        "ZH": style(lay.zh_size, align=2, margin_v=mv),
        "EN": style(lay.en_size, align=2, margin_v=mv),
        "TitleZH": style(lay.title_size, align=2, margin_v=card_v, box=True, bold=True),
        "TitleEN": style(lay.title_size * TITLE_EN_SCALE, align=2, margin_v=card_v, box=True),
        "CaptionZH": style(lay.caption_size, align=1, margin_v=card_v, box=True),
        "CaptionEN": style(lay.caption_size, align=1, margin_v=card_v, box=True),
    }
    for name in ("TitleZH", "TitleEN", "CaptionZH", "CaptionEN"):
        # style 3 draws its box in the outline colour; style 4 draws it in the back colour,
        # and an outline over it blotted a darker halo round every glyph
        styles[name].outlinecolor = ass_colour(box_colour,
                                               box_alpha if box_style == 3 else 255)
    return styles


def ass_ms(ms: int, fps: float) -> int:
    """A time for ASS, whose clock counts centiseconds, that shows exactly the frames the
    millisecond time does: the time of the first frame at or after ``ms``, rounded down to
    the centisecond (still after the frame before, at under 100 fps). Rounding to the
    nearest centisecond instead can keep an ending cue one frame longer and shrink a two-frame
    gap to one."""
    from fractions import Fraction

    rate = frame_rate(fps)
    if rate <= 0 or rate >= 100:
        return int(ms) // 10 * 10
    return int(Fraction(first_frame(ms, fps)) / rate * 100) * 10


def frame_rate(fps: float) -> "Fraction":
    """``fps`` exactly: 29.97 as written in a config (or probed) is 30000/1001."""
    from fractions import Fraction

    rate = Fraction(fps).limit_denominator(1001)
    for whole in (24, 30, 48, 60, 120):
        if abs(fps - whole * 1000 / 1001) < 0.005:
            rate = Fraction(whole * 1000, 1001)
    return rate


def first_frame(ms: int, fps: float) -> int:
    """The number of the first frame at or after ``ms`` (frame n is at n / fps seconds)."""
    from fractions import Fraction

    return math.ceil(Fraction(int(ms), 1000) * frame_rate(fps))


_ASS_LITERAL = str.maketrans({"\\": "\\\u2060", "{": "｛", "}": "｝"})


def ass_escape(line: str) -> str:
    """Text as literal ASS: a backslash followed by a word joiner (U+2060, which libass draws
    as nothing) stays a backslash ("C:\\new" had broken the line at `\\n`); braces, which would
    open an override block whatever follows them, are shown full-width."""
    return line.translate(_ASS_LITERAL)


def _bilingual_text(cue: Cue, zh_style: str, en_style: str) -> tuple[str, str]:
    """(style, text) of one event holding Chinese above English; every break is ours."""
    zh = "\\N".join(ass_escape(x) for x in cue.zh)
    en = "\\N".join(ass_escape(x) for x in cue.en)
    if zh and en:
        return zh_style, f"{zh}\\N{{\\r{en_style}}}{en}"
    return (zh_style, zh) if zh else (en_style, en)


def to_ass(cues: Sequence[Cue], layout: AssLayout, *, title: str = "",
           extra_styles: dict | None = None, extra_events: Sequence = (),
           box_style: int = 3) -> str:
    """The ASS track: subtitles (Chinese above English), title cards, photo captions (their
    boxes in ``box_style``: see :func:`_styles`).

    PlayRes equals the video size; WrapStyle 2 so libass never wraps on its own. While a title
    card or a caption occupies the bottom of the frame, subtitles move to the top (``\\an8``).
    """
    import pysubs2

    subs = pysubs2.SSAFile()
    # (one line: a line break in project.yaml's title would end [Script Info] early, and
    # PlayRes with it)
    subs.info["Title"] = " ".join(title.split()) or "subtitler"
    subs.info["PlayResX"] = str(layout.width)
    subs.info["PlayResY"] = str(layout.height)
    subs.info["WrapStyle"] = "2"
    subs.info["ScaledBorderAndShadow"] = "yes"
    subs.info["YCbCr Matrix"] = "TV.709"
    subs.styles.clear()
    subs.styles.update(_styles(layout, box_style))
    cards = [c for c in cues if c.role in (Role.HEADING, Role.CAPTION)]
    for c in cues:
        margin = 0  # (0: the style's)
        if c.role is Role.HEADING:
            style, text = _bilingual_text(c, "TitleZH", "TitleEN")
            text = "{\\fad(300,300)}" + text
            layer = 2
        elif c.role is Role.CAPTION:
            style, text = _bilingual_text(c, "CaptionZH", "CaptionEN")
            text = "{\\fad(200,200)}" + text
            layer = 1
        elif c.shown:
            style, text = _bilingual_text(c, "ZH", "EN")
            busy = any(k.start_ms < c.end_ms and c.start_ms < k.end_ms for k in cards)
            if busy or layout.position == "top":  # cards are at the bottom: never under one
                text = "{\\an8}" + text
            if busy and layout.position != "top" and \
                    layout.px(layout.margin_v) > layout.px(TOP_MARGIN):
                # moved up for the card, from the bottom margin an editor may have raised
                # (over a lower third): at the top no lower than the default margin
                margin = layout.px(TOP_MARGIN)
            layer = 0
        else:
            continue
        if not text:
            continue
        ev = pysubs2.SSAEvent(start=ass_ms(c.start_ms, layout.fps),
                              end=ass_ms(c.end_ms, layout.fps), style=style, text=text,
                              layer=layer, name=c.id)
        if margin:
            ev.marginv = margin
        subs.append(ev)
    subs.styles.update(extra_styles or {})
    for ev in extra_events:
        subs.append(ev)
    return subs.to_string("ass")


def read_ass(text: str, path: object = "track.ass"):
    import pysubs2

    try:
        return pysubs2.SSAFile.from_string(text, format_="ass")
    except Exception as exc:
        raise TrackError(f"not a valid ASS file: {exc}", path=path) from None
