"""Read the published script as it is: decode, find units, pair languages, assign roles.

A *unit* is one paragraph in one language with the source lines it came from. Units are paired
EN/ZH (or ZH/EN) into blocks, and each block gets a role. Every non-blank line lands in exactly
one block; what cannot be paired is kept as a one-language block and reported as a warning.
:func:`format_script` writes blocks back as a script, so a script round-trips.
"""

from __future__ import annotations

import codecs
import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import ConfigError, ScriptError
from .model import Block, Role
from .surnames import one_name, split_run
from .textutil import (LATIN_PER_HAN, collapse_ws, detect_lang, english_letters, han_count, is_han,
                       is_latin, only_addresses, set_in_chinese, to_simplified, zh_width)

# --------------------------------------------------------------------------------------------
# Decoding


def decode_script(data: bytes, path: Path) -> str:
    """Bytes of a script -> text. UTF-8 (with or without BOM), UTF-16/32 with a BOM or with the
    tell-tale NULs of ASCII in UTF-16, and GB18030 (which covers GBK and GB2312)."""
    if not data.strip():
        raise ScriptError("the script is empty", path=path,
                          fix="paste the published article's text into it")
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _decode(data, enc, path)
    if b"\x00" in data:
        even, odd = data[0::2], data[1::2]
        if odd.count(0) > len(odd) * 0.3 and even.count(0) < len(even) * 0.05:
            return _decode(data, "utf-16-le", path)
        if even.count(0) > len(even) * 0.3 and odd.count(0) < len(odd) * 0.05:
            return _decode(data, "utf-16-be", path)
        # Chinese UTF-16 without a BOM has few NULs (only in its ASCII): accept a UTF-16
        # reading that is plainly text
        for enc in ("utf-16-le", "utf-16-be"):
            text = _plain_text(data, enc)
            if text is not None:
                return _check_text(text, path, enc.upper())
        raise ScriptError("is not a text file (it contains binary data)", path=path,
                          fix="export the article as plain text (UTF-8)")
    try:
        return _check_text(data.decode("utf-8"), path, "UTF-8")
    except UnicodeDecodeError:
        pass
    # GB18030 (mainland) or Big5 (Traditional Chinese from Taiwan and Hong Kong): bytes of
    # one often decode without error as the other, into rare characters. Take the reading
    # whose Han characters are the common ones.
    readings = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if han_count(text):
            readings.append((_common_han(text), -len(readings), enc, text))
    if not readings:
        raise ScriptError("is not UTF-8 text and does not read as Chinese GB18030 or Big5 "
                          "either", path=path, fix="save it as UTF-8")
    common, _, enc, text = max(readings)
    if common < 0.5:  # Shift-JIS, or another code page, read as Chinese: mostly rare characters
        raise ScriptError(f"is not UTF-8 text, and read as {enc.upper()} it gives mostly rare "
                          f"characters (wrong encoding?)", path=path, fix="save it as UTF-8")
    return _check_text(text, path, enc.upper())


def _common_han(text: str) -> float:
    """Share of the Han characters that are among the common ones of GB2312 (level 1) or
    Big5 (level 1). A wrong decoding of Chinese gives mostly rare characters."""
    han = [ch for ch in text if is_han(ch)]
    common = 0
    for ch in han:
        for enc, lo, hi in (("gb2312", 0xB0, 0xD7), ("big5", 0xA4, 0xC6)):
            try:
                if lo <= ch.encode(enc)[0] <= hi:
                    common += 1
                    break
            except UnicodeEncodeError:
                pass
    return common / len(han) if han else 0.0


_PLAIN = re.compile(r"[\s\u0020-\u007e\u00a0-\u00ff\u2010-\u203a\u3000-\u303f"
                    r"\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def _plain_text(data: bytes, enc: str) -> str | None:
    """``data`` read as ``enc`` when nearly every character is ordinary English or Chinese
    text, else None."""
    if len(data) % 2:
        return None
    try:
        text = data.decode(enc)
    except UnicodeDecodeError:
        return None
    plain = sum(1 for ch in text if _PLAIN.match(ch))
    return text if text.strip() and plain >= 0.98 * len(text) else None


def _decode(data: bytes, enc: str, path: Path) -> str:
    try:
        return _check_text(data.decode(enc), path, enc.upper())
    except UnicodeDecodeError as exc:
        raise ScriptError(f"looks like {enc.upper()} but byte {exc.start} is invalid", path=path,
                          fix="save it as UTF-8") from None


def _check_text(text: str, path: Path, enc: str) -> str:
    text = text.lstrip("\ufeff")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if control > max(2, len(text) // 200):
        raise ScriptError(f"is not a text file ({control} control characters as {enc})",
                          path=path, fix="export the article as plain text (UTF-8)")
    if not _INVISIBLE.sub("", text).strip():
        raise ScriptError("the script is empty", path=path,
                          fix="paste the published article's text into it")
    return text


# zero-width spaces and joiners, soft hyphens, BOMs: a line of nothing else is a blank line
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def _blank_if_invisible(line: str) -> str:
    return line if _INVISIBLE.sub("", line).strip() else ""


# --------------------------------------------------------------------------------------------
# Units


@dataclass(frozen=True)
class Unit:
    lang: str
    text: str
    lines: tuple[int, ...]


_TERMINAL = tuple(".!?。！？;；:：")
_CLOSERS = "\"”’'）)]】"
_BRACKETS = (("[", "]"), ("(", ")"), ("【", "】"), ("（", "）"))


def _ends_sentence(text: str) -> bool:
    """The line ends with a full stop, a colon or a semicolon, closing quotes or brackets
    after it allowed (a quoted name at a line's end, ``the "Two Districts"``, does not end
    its sentence)."""
    return text.rstrip(_CLOSERS).endswith(_TERMINAL)


def _open_bracket(text: str) -> bool:
    """A bracket opened and not closed on the line: ``[Photo provided to`` continues."""
    return any(text.count(a) > text.count(b) for a, b in _BRACKETS)


def _join(a: str, b: str, lang: str) -> str:
    """Join two lines of one wrapped paragraph. Chinese takes no space between lines (unless
    the wrap fell between two Latin words or numbers); an English line ending in a hyphen
    after a letter was wrapped at that hyphen (``night-`` / ``time``) and is joined without
    a space, keeping the hyphen."""
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if lang == "zh":
        ascii_word = a[-1].isascii() and a[-1].isalnum() and b[0].isascii() and b[0].isalnum()
        return a + (" " if ascii_word else "") + b
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[0].isalpha():
        return a + b
    return a + " " + b


def split_inline(text: str, *, min_han: int = 6, min_latin: int = 12
                 ) -> list[tuple[str, str]] | None:
    """Split a paragraph holding an English passage and its Chinese (either order).

    Returns ``[(lang, text), (lang, text)]`` or None when the paragraph is one language. Every
    character of the paragraph is kept: the split falls in the whitespace or punctuation between
    the two passages. ``min_han``/``min_latin``: the fewest Han characters and Latin letters a
    paragraph needs to be considered at all (lower them for a script already known to be
    inline, where a short heading such as ``New Energy Vehicles 新能源汽车`` is a pair too).
    """
    han = han_count(text)
    english = english_letters(text)  # (not the letters of addresses, nor names set in Chinese)
    lat = sum(english)
    if han < min_han or lat < min_latin:
        return None
    runs = _sentence_runs(text)
    if len(runs) >= 3:  # sentences alternating between the languages
        return runs
    n = len(text)
    # (names and links set in Chinese weigh as Chinese: they are the Chinese passage's)
    zw = [LATIN_PER_HAN if is_han(ch) else 1.0 if named else 0.0
          for ch, named in zip(text, set_in_chinese(text))]
    ew = [1.0 if e else 0.0 for e in english]
    total = sum(zw) + sum(ew)
    best: tuple[float, int, int, str] | None = None
    for first in ("en", "zh"):
        a, b = (zw, ew) if first == "en" else (ew, zw)
        # misplaced(k) = a-weight before k + b-weight from k on
        mis = sum(b)
        scores = [mis]
        for k in range(n):
            mis += a[k] - b[k]
            scores.append(mis)
        low = min(scores)
        ties = [k for k in range(n + 1) if scores[k] <= low + 1e-9]
        # Numbers and symbols between the passages weigh nothing. Chinese writes them against
        # its characters ("3月23日", "2025年"), English between spaces, so at equally good
        # boundaries a space-separated number goes with the English side.
        k = max(ties, key=lambda k: (_boundary_pref(text, k), k if first == "en" else -k))
        cand = (low, -_boundary_pref(text, k), k, first)
        if best is None or cand < best:
            best = cand
    assert best is not None
    low, _, k, first = best
    left, right = text[:k], text[k:]
    if not left.strip() or not right.strip() or low > 0.08 * total:
        return None
    second = "zh" if first == "en" else "en"
    if detect_lang(left) != first or detect_lang(right) != second:
        return None
    if min(han_count(left if first == "zh" else right) * LATIN_PER_HAN,
           sum(english[:k] if first == "en" else english[k:])) < 0.15 * total:
        return None
    return [(first, left.strip()), (second, right.strip())]


# a sentence ends at a Chinese full stop (with any closing quotes), or at an English one before
# a space, the end, or a Han character (Chinese follows English without a space)
_SENTENCE = re.compile(r".*?(?:[。！？][\"”’')）]*|[.!?][\"”’')）]*(?=\s|$|[\u3400-\u9fff])|$)",
                       re.S)


def _sentence_runs(text: str) -> list[tuple[str, str]]:
    """The paragraph's sentences, consecutive ones of one language joined: [(lang, text)].
    A piece without letters (a number) goes with the sentence before it."""
    runs: list[tuple[str, str]] = []
    carry = ""
    for m in _SENTENCE.finditer(text):
        piece = carry + m.group(0).strip()
        carry = ""
        # a straight quote after a full stop closes a quotation only when one is open: in
        # ``汽车。"Our orders …," he said.`` it opens the next sentence's
        bare = piece.rstrip('"')
        if bare != piece and bare.endswith(tuple("。！？.!?")) and piece.count('"') % 2:
            piece, carry = piece[:-1], '"'
        if not piece:
            continue
        lang = detect_lang(piece)
        if runs and (lang is None or lang == runs[-1][0]):
            runs[-1] = (runs[-1][0], _join(runs[-1][1], piece, runs[-1][0]))
        else:
            runs.append((lang or "en", piece))
    if carry and runs:  # (no sentence after it: the quote stays where it was)
        runs[-1] = (runs[-1][0], runs[-1][1] + carry)
    return runs


def _boundary_pref(text: str, k: int) -> int:
    if k == 0 or k == len(text):
        return 0
    before = text[:k].rstrip()
    if text[k - 1].isspace():
        return 3 if before and before[-1] in ".!?\"')]”。！？" else 2
    if before and before[-1] in "。！？.!?”\"":
        return 1
    return 0


# a line break inside a paragraph (Word's manual line break is a vertical tab; U+2028, U+0085; a
# form feed); U+2029 and the record separators begin a paragraph
_SOFT_BREAK = re.compile(r"[ \t]*[\v\f\x85\u2028][ \t]*")
_HARD_BREAK = re.compile(r"[\x1c\x1d\x1e\u2029]")


def _numbered_lines(text: str) -> Iterator[tuple[int, str]]:
    """The text's lines with their numbers as an editor counts them (at each line feed or
    carriage return). A line broken again inside by a soft break is one line, joined as a
    wrapped paragraph is; one holding a paragraph separator is two, under one number."""
    lines = re.split(r"\r\n|\r|\n", text)
    if lines and lines[-1] == "":
        lines.pop()
    for no, line in enumerate(lines, 1):
        for part in _HARD_BREAK.split(line):
            # (two soft breaks in a row, an empty piece between them, end a paragraph: Word's
            # manual line break twice is how some editors leave a blank line)
            # (one at either end of the line is nothing)
            joined, gap = "", False
            for piece in _SOFT_BREAK.split(part):
                if not piece.strip():
                    gap = bool(joined.strip())
                    continue
                if gap:
                    yield no, joined
                    yield no, ""
                    joined, gap = "", False
                if not joined.strip():
                    joined = piece
                    continue
                lang = "zh" if is_han(joined.rstrip()[-1:] or " ") or is_han(piece[:1] or " ") \
                    else "en"
                joined = _join(joined, piece, lang)
            yield no, joined


def read_units(text: str) -> list[Unit]:
    """Non-blank lines -> units, with hard-wrapped lines joined and inline pairs split.

    A line is split into an English and a Chinese unit when it clearly holds both; once a script
    has such lines it is an inline script, and shorter lines (headings, notes) are split too.
    Credit lines (``视频: He Menghe``) are never split.
    """
    rows = [(no, _blank_if_invisible(line.strip())) for no, line in _numbered_lines(text)]
    has_blank = any(not line for _, line in rows) and sum(1 for _, l in rows if l) > 1
    splits = {no: split_inline(line) for no, line in rows if line and not is_credit(line)}
    if any(splits.values()):
        for no, line in rows:
            if no in splits and not splits[no]:
                splits[no] = split_inline(line, min_han=2, min_latin=2)
    raw: list[Unit] = []
    for no, line in rows:
        if not line:
            raw.append(Unit("", "", ()))  # paragraph break marker
            continue
        parts = splits.get(no)
        if parts:
            raw.extend(Unit(lang, part, (no,)) for lang, part in parts)
        else:
            raw.append(Unit(detect_lang(line) or "", collapse_ws(line), (no,)))
    raw = _ack_lists(raw)  # (before the wrapped lines are joined: a list's lines are no wrap)
    if has_blank:
        raw = _join_wrapped(raw, {no for no, parts in splits.items() if parts})
    return [u for u in raw if u.text]


# an acknowledgement's list, at most this long a line (English characters / Han characters): an
# organisation's name, not a paragraph
_ACK_ITEM_MAX = {"en": 160, "zh": 48}


def _ack_header(u: Unit) -> bool:
    """An acknowledgement that introduces a list on the lines below it: it ends in a colon
    (``特别感谢：``, ``A special thanks goes to:``) or is nothing but the thanks (``特别鸣谢``,
    ``Special thanks to``)."""
    text = to_simplified(u.text.strip())
    if u.lang not in _ACK_ITEM_MAX or not _ACK.search(text):
        return False
    if text.endswith((":", "：")):
        return True
    if _ends_sentence(text) or text.endswith((",", "，", "、")):
        return False
    return han_count(text) <= 6 if u.lang == "zh" else len(text.split()) <= 6


def _ack_lists(units: list[Unit]) -> list[Unit]:
    """An acknowledgement listing whom it thanks one a line (``特别感谢：`` over 河南省委外办 and
    郑州大学外国语与国际关系学院, and the English likewise) is one unit, its lines kept apart by
    line feeds: each organisation had been a heading of its own, burned in as a title card, and
    the thanks a card of its header alone. The list is the lines right below the header in its
    language, up to a blank line, another language, or a line that is a credit, a note, a photo
    caption, another acknowledgement or as long as a paragraph."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if (prev is not None and u.text and u.lang == prev.lang and prev.lines
                and u.lines[:1] == (prev.lines[-1] + 1,) and _listing(out)
                and len(u.text) <= _ACK_ITEM_MAX[u.lang] and not is_credit(u.text)
                and not any(p.search(u.text) for p in (_NOTE, _CAPTION, _ACK))):
            out[-1] = Unit(prev.lang, f"{prev.text}\n{u.text}", prev.lines + u.lines)
        else:
            out.append(u)
    return out


def _listing(units: list[Unit]) -> bool:
    """Whether the last unit is an acknowledgement's header, with or without list lines."""
    return _ack_header(Unit(units[-1].lang, units[-1].text.split("\n", 1)[0], ()))


# A hard-wrapped line is at least this long (English characters / Han characters).
_WRAP_MIN = {"en": 40, "zh": 12}


def _join_wrapped(units: list[Unit], inline: Iterable[int] = ()) -> list[Unit]:
    """In a blank-line-separated script, join the lines that wrap one paragraph.

    A *run* is the lines of one language with no blank line between them. A line continues
    into the next line of its run when it is about as long as the run's longest line (the wrap
    width), is neither a credit, a note nor a photo caption, the next is not an
    acknowledgement, and it does not end a sentence. A wrap can fall right after a full stop:
    such a line continues too when the run is evidently wrapped, that is some other full-width
    line of it stops mid-sentence (lines that all end a sentence are one sentence per line, as in a
    subtitle-style script). Lines holding an inline pair (``inline``) are never joined.
    """
    inline = set(inline)

    def size(u: Unit) -> float:
        # display width: a wrapped line of digits and Latin letters is as full as one of Han
        return zh_width(u.text) if u.lang == "zh" else len(u.text)

    # runs: consecutive units of one language, split by blank markers and inline lines
    runs: list[list[Unit]] = []
    for u in units:
        prev = runs[-1][-1] if runs and runs[-1] else None
        if (prev is not None and u.text and u.lang in _WRAP_MIN and u.lang == prev.lang
                and prev.lines[-1] + 1 == u.lines[0] and u.lines[0] not in inline
                and prev.lines[-1] not in inline):
            runs[-1].append(u)
        else:
            runs.append([u])
    out: list[Unit] = []
    for run in runs:
        width = max(size(u) for u in run)
        wrapped = any(not _ends_sentence(u.text) and size(u) >= _WRAP_MIN[u.lang]
                      and size(u) >= 0.6 * width for u in run[:-1])
        out.append(run[0])
        for line, nxt in zip(run, run[1:]):
            if _continues(line, nxt, width, size(line), wrapped):
                cur = out[-1]
                out[-1] = Unit(cur.lang, _join(cur.text, nxt.text, cur.lang),
                               cur.lines + nxt.lines)
            else:
                out.append(nxt)
    return out


def _continues(line: Unit, nxt: Unit, width: float, size: float, wrapped: bool) -> bool:
    if size < _WRAP_MIN[line.lang] or size < 0.6 * width:
        return False
    if is_credit(line.text) or is_credit(nxt.text) or _NOTE.search(nxt.text):
        return False
    if _NOTE.search(line.text):
        # a wrapped note goes on into a line that cannot start anything else: one in lower
        # case, or Chinese that ends the sentence the note left open (a heading ends none)
        return not _ends_sentence(line.text) and (
            nxt.text[:1].islower() or line.lang == "zh" and _ends_sentence(nxt.text))
    if _open_bracket(line.text):
        return True  # wrapped inside brackets: "... [Photo provided to" / "dahe.cn]"
    if _CAPTION.search(line.text) or _ACK.search(nxt.text):
        return False
    return wrapped or not _ends_sentence(line.text)


# --------------------------------------------------------------------------------------------
# Roles

# when a web page was updated, as China Daily's site stamps a story ("Updated: 2024-06-13 10:25")
_UPDATED = r"updated\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*"
_NOTE = re.compile(
    r"^(click|tap|watch|scan|see)\b.{0,40}\b(video|above|below|qr|code|link)\b|^nb\b|"
    r"not\s+a\s+word[- ]for[- ]word|^(editor'?s\s+)?note\s*[:：]|"
    # China Daily's last line, "Contact the writer at liuyang@chinadaily.com.cn"
    r"^(please\s+)?(contact|e-?mail|write\s+to)\s+(the\s+)?(writer|reporter|author)s?\b|"
    # China Daily's page stamp without a byline ("chinadaily.com.cn | Updated: 2024-06-13 10:25",
    # "Xinhua | Updated: ..."); with one, the line is a credit (is_credit is asked first)
    rf"^([^|｜]{{1,40}}?\s*[|｜]\s*)?{_UPDATED}$|"
    r"^[\[【(（]\s*(editor'?s\s+note|编者按|编者的话|编辑按)\s*[\]】)）]|"
    r"^点击.{0,10}(视频|观看)|扫码|扫描.{0,6}二维码|^(注|编者按|备注)\s*[:：]|非逐字|"
    r"^(以下|本文)?(为|是)?视频(文字|脚本|文稿)|"
    # the time a web page was published, pasted with the article ("2024-06-15 10:30:12 来源：
    # 河南日报", "Updated: 2024-06-15 10:30", 2024年06月15日 10:30): a date with a clock time, a
    # source or a label (they had been headings, burned in as title cards, and the lead after
    # one was subtitled as body text); a date alone stays what it was
    r"^((updated|published|posted|released)(\s+(on|at))?\s*[:：]?\s*|(发布|更新)(时间|日期)\s*[:：]\s*)"
    r"(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4})"
    r"(\s*,?\s*(at\s+)?\d{1,2}:\d{2}(:\d{2})?(\s*[ap]\.?m\.?)?)?\s*$|"
    r"^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*"
    r"(\d{1,2}:\d{2}(:\d{2})?(\s+(来源|source)\s*[:：].{1,40})?|(来源|source)\s*[:：].{1,40})$",
    re.I)
# a photographer's credit as a caption ends with it, or on a line of its own under the caption
# (caption_credits): "Photo/Wang Lei", "Photo: Xinhua", "[Photo/chinadaily.com.cn]", "Photo by
# Wang Lei", 王磊/摄, 王磊 摄, 新华社记者 王磊 摄, 图/王磊, 图：新华社, （王磊 摄）, 视觉中国供图 (in
# Simplified; case ignored but for the capitals of the names)
_PHOTO_NAME = r"(?-i:[A-Z][\w.'’&-]*|[a-z0-9-]+(?:\.[a-z0-9-]+)+)"
_PHOTO_CREDIT = (
    r"[\[(（【]?\s*(?:photos?\s*(?:[/／:：]|\s+(?:by|provided\s+(?:to|by)|courtesy(?:\s+of)?)\s)"
    rf"\s*{_PHOTO_NAME}(?:(?:\s*[/／,，]\s*|\s+(?:(?:and|for|of|to|via)\s+)?){_PHOTO_NAME}){{0,7}}"
    r"|(?:\S{0,12}\s+)?[\u4e00-\u9fff·]{2,5}(?:\s+|\s*[/／]\s*)摄"
    r"|(?:图|图片|摄影)\s*[/／:：]\s*[\u4e00-\u9fff·]{2,12}(?:\s+摄)?"
    r"|[\u4e00-\u9fff]{2,12}\s*供图)\s*[\])）】]?")
_CAPTION = re.compile(
    r"\[\s*photo|\(\s*photo|\bphotos?\s+(provided|by|courtesy|credit)|/photo\b|^photo\s*[:：]|"
    r"[（(\[【]\s*(图|图片|摄影|供图)|图片由.{0,20}提供|(供图|摄)\s*[)）\]】]\s*$|"
    # a photographer's credit after the caption's sentence, without brackets: "... airport.
    # Photo/Wang Lei", "Photo: Xinhua", ……。新华社记者 王磊 摄, 王磊/摄, 图/王磊 (they had been
    # headings, burned in as title cards)
    rf"[.!?。！？][\"”’')）]*\s*(?:{_PHOTO_CREDIT})\s*$", re.I)
_PHOTO_CREDIT_LINE = re.compile(_PHOTO_CREDIT, re.I)
_ACK = re.compile(r"^(a\s+)?special\s+thanks|^(we\s+)?(would\s+like\s+to\s+)?thank(s)?\s+"
                  r"(to|goes|go)\b|^acknowledge?ments?\b|"
                  # (not a presenter's sign-off, 感谢收看 or 感谢您的收听: that is said)
                  r"^(特别)?(感谢|鸣谢|致谢)(?!(您|大家|各位)?的?(收看|观看|收听|阅读|关注))", re.I)
# (a role of up to 30 characters: "China Daily reporters" has 21; a Chinese role is held to 6 and
# an English one to 4 words by is_credit)
_CREDIT = re.compile(r"^[（(【\[]?\s*(?P<role>[^:：\s][^:：]{0,29}?)\s*[:：]\s*(?P<names>[^:：]+?)"
                     r"\s*[)）】\]]?$")
_ZH_NAME_SEP = re.compile(r"[\s、，,/／]+")
# where a line of several credits goes on to the next: at a bar or a semicolon ("Reporter: Wang
# Ying; Camera: Li Lei"), or before a Chinese role (``文案：赵汉青 杨佳欣 视频：何蒙贺``), its English
# after it or not (``文案 Script：赵汉青 Zhao Hanqing 视频 Video：何蒙贺 He Menghe`` had been one line
# of no credit, body text); English roles of several words need the bar or the semicolon (each
# part must be a credit: semicolons between names keep the line one credit)
_NEXT_CREDIT = re.compile(r"\s*[|｜;；]\s*|(?:\s+|\s*[，,]\s*)(?=[\u4e00-\u9fff/／]{1,6}"
                          r"(?:\s*[/／]?\s*[A-Za-z][A-Za-z'’&-]*(?:\s[A-Za-z][A-Za-z'’&-]*){0,3})?"
                          r"\s*[:：])")
# a note after a name: 令狐冲（实习）
NAME_NOTE = re.compile(r"\s*[（(]([^（()）]{1,8})[）)]$")


def credit_names(m: re.Match, text: str) -> str:
    """The names of a ``role:names`` match: with the closing bracket the pattern took for the
    line's own when it closes a name's note (``编辑：令狐冲（实习）``)."""
    names = m.group("names").strip()
    tail = text.strip()[-1:]
    for a, b in (("（", "）"), ("(", ")")):
        if tail == b and names.count(a) > names.count(b):
            return names + b
    return names


# the dots between the parts of a name of an ethnic minority (阿卜杜·热依木, 买买提•艾力)
NAME_DOTS = "·•・‧∙"

# a byline without a colon (本报记者 李明 王芳, By Li Ming and Wang Fang, Video by Zhang Wei):
# the role, and its names (Chinese names of two to four characters; English names of two words
# or more, so a heading such as "By Land and Sea" is no byline)
# (a name of two to five characters, or of parts joined by a middle dot: 阿卜杜·热依木)
_ZH_BYLINE_NAME = (rf"(?:[\u4e00-\u9fff·]{{2,5}}|[\u4e00-\u9fff]{{1,5}}"
                   rf"(?:[{NAME_DOTS}][\u4e00-\u9fff]{{1,5}}){{1,3}})")
_BYLINE_ROLES = "记者|实习记者|特约记者|摄影记者|通讯员|编辑|责任编辑|撰稿|摄影|摄像|翻译|编译"
# a second role among a byline's names (本报记者 赵汉青 通讯员 杨佳欣): a credit of its own
_INNER_BYLINE_ROLE = re.compile(rf"[\s\u3000]+(?:本报|本台|本刊|本网)?({_BYLINE_ROLES})"
                                r"[\s\u3000]+")
# (an outlet may stand before the role, 新华社记者 张涛, 中国日报记者 赵汉青, and the whole in
# brackets at a story's end, （记者 李明）: they had been read as headings, burned in as title cards)
# (an outlet's bureau too, 中国日报河南记者站 赵汉青: its reporters, with 记者 or without it, the
# bureau standing for them; it had been a heading, a title card; and a brand of the outlet after
# a middle dot, 大河报·豫视频记者 张三, which had been a heading too)
# (a brand without the dot too, of an outlet of the table only, byline checks: 大河报豫视频记者 张三, 河南
# 日报客户端记者 张三, the paper's app; a space before the role, 大河报·豫视频 记者 张三; and a news
# app of two characters and 新闻, 顶端新闻记者 张三, Henan Daily's: they had been headings, burned
# in as title cards)
# (the role before the names, its outlet's or not, is a byline's title: byline_title)
_ZH_BYLINE_TITLE = (r"(?:(?:本报|本台|本刊|本网|"
                    r"(?P<outlet>(?:[\u4e00-\u9fff]{1,8}?(?:社|报|网|台)|[\u4e00-\u9fff]{2}新闻|"
                    r"央视|央广)"
                    rf"(?P<brand>[{NAME_DOTS}]?[\u4e00-\u9fff]{{2,6}}?)??"
                    r"(?:[\u4e00-\u9fff]{2,6}?(?P<bureau>记者站|分社))?))[\s\u3000]?)?"
                    rf"(?:(?P<role>{_BYLINE_ROLES})|(?<=记者站))")
_ZH_BYLINE = re.compile(rf"^(?P<open>[（(])?{_ZH_BYLINE_TITLE}[\s\u3000]+"
                        rf"(?P<names>{_ZH_BYLINE_NAME}(?:[\s\u3000、，,]+{_ZH_BYLINE_NAME})*)"
                        r"(?(open)[）)])$")
# where the reporters were, after a Chinese byline's names (记者 赵汉青 杨佳欣 郑州报道), or 报道
# alone: no name (it had been a person, "Zheng Zhoubaodao")
_ZH_DATELINE = re.compile(r"[\s\u3000]+[\u4e00-\u9fff]{0,8}报道$")
# a Chinese role and its names parted by a bar or a slash (编辑 | 张三, 文字丨赵汉青, 文/赵汉青:
# WeChat articles' credits)
_BAR_CREDIT = re.compile(r"^(?P<role>[\u4e00-\u9fff]{1,6})\s*[|｜丨/／]\s*(?P<names>[^|｜丨/／:：]+)$")
# names and then a word saying their role (新华社记者 李贺 摄, 视觉中国供图: credit_suffixes); a
# role of the table before a slash or a colon (图/张三, 文/赵汉青: WeChat articles' credits; 图：新华社
# 记者 张涛 摄, whose 摄 had been a second photographer, "Xinhua Reporter She")
# (the names before the word, and the space between)
_SUFFIX_CREDIT = re.compile(r"^(?P<names>\S.*?)(?P<space>[\s\u3000]*)$")
# a role of the table, a space and then outlets of credit_outlets (来源 新华社, 图片来源 视觉中国)
_SPACED_CREDIT = re.compile(r"^(?P<role>[\u4e00-\u9fff]{1,6})[\s\u3000]+(?P<names>\S.*)$")
_SLASH_CREDIT = re.compile(r"^(?P<role>[\u4e00-\u9fff]{1,6})\s*[/／:：]\s*(?P<names>[^/／:：\s].*)$")
_EN_BYLINE = re.compile(r"^(?:(?P<verb>Written|Reported|Edited|Translated|Filmed|Produced|"
                        r"Video|Photos?|Text|Words|Story|Poster|Designed|Illustrated|Narrated|"
                        r"Photographed)\s+)?by\s+(?P<names>.+)$", re.I)
# a role in both languages and its names parted by a bar (撰稿 Writer | 张三, 撰稿 | Writer | 张三)
_BILINGUAL_BAR_CREDIT = re.compile(r"^(?P<role>[^|｜丨:：]+?(?:\s*[|｜丨]\s*[^|｜丨:：]+?)?)\s*"
                                   r"[|｜丨]\s*(?P<names>[^|｜丨:：]+)$")
# an English role and its names parted by a bar ("Reporter | Zhang Wei", as CGTN's credits)
_EN_BAR_CREDIT = re.compile(r"^(?P<role>[A-Z][A-Za-z-]*(?:\s+[A-Za-z-]+){0,3})\s*[|｜]\s*"
                            r"(?P<names>[^|｜:：]+)$")
# between the names of an English credit (a bar or a slash before an outlet's name: "Li Na |
# Xinhua", "Zhang Wei/China Daily")
_EN_NAME_SEP = re.compile(r",|;|\band\b|&|、|[|｜/／]")
# who contributed to a story, as China Daily ends one ("Xinhua contributed to this story.", "Li
# Ming in Zhengzhou contributed to this report."): it had been body text, said in the subtitles
_CONTRIBUTED = re.compile(r"^(?P<names>[A-Z].*?)\s+(?:also\s+)?contributed\s+to\s+this\s+"
                          r"(?:story|report|article)\.?$")
# where a reporter was, after a name of a byline: "By ZHAO HANQING in Zhengzhou" (the line had
# been read as body text, and paired with the Chinese of the text)
_DATELINE = re.compile(r"\s+in\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*$")
# the stamp China Daily's site puts after a story's byline, on the same line: the site the page
# is on (or the paper the story ran in) and when the page was updated ("By LIU YANG in Zhengzhou
# | chinadaily.com.cn | Updated: 2024-06-13 10:25", "... | China Daily | Updated: ..."). Neither
# is the reporters' credit: the line had been a heading (burned in as a title card, and the lead
# after it read as body, subtitled), or body text when its names were long
_WEB_STAMP = re.compile(r"(?:\s*[|｜]\s*(?P<site>[^|｜]{1,40}?))?\s*[|｜]\s*" + _UPDATED + r"$",
                        re.I)
_EN_BYLINE_ROLE = {"": "Reporter", "written": "Writer", "reported": "Reporter",
                   "edited": "Editor", "translated": "Translation", "filmed": "Camera",
                   "produced": "Production", "video": "Video", "photo": "Photos",
                   "photos": "Photos", "text": "Writer", "words": "Writer", "story": "Writer",
                   "poster": "Poster", "designed": "Design", "illustrated": "Illustration",
                   "narrated": "Narration", "photographed": "Photography"}


def _odd_brand(m: re.Match) -> bool:
    """Whether a match of :data:`_ZH_BYLINE_TITLE` names a brand no byline has: one without a
    dot after an outlet the table does not know (某报优秀记者), or a bureau of no place
    (新华社记者站)."""
    return bool(m["brand"]) and not NAME_DOT.match(m["brand"]) and (
        "记者" in m["brand"] or not outlet_title(f"{m['outlet']}{m['role'] or '记者'}"))


def byline_title(text: str) -> bool:
    """Whether ``text`` is the role a Chinese byline gives its names, its outlet's whether the
    table knows the outlet or not (新华社记者, 郑州晚报记者, 顶端新闻记者, 郑州晚报·正观记者; 本报记者,
    记者): among a credit's names (摄影：郑州晚报记者 张三) it is said of the people after it, no
    person itself. Not a bureau of no outlet (河南分社记者: nobody's bureau)."""
    m = re.fullmatch(_ZH_BYLINE_TITLE, to_simplified(re.sub(r"[\s\u3000]+", "", text)))
    return bool(m) and not _odd_brand(m) and not (m["outlet"] or "").endswith("分社")


def byline(text: str) -> str | None:
    """A byline without a colon as a ``role:names`` credits line (``本报记者 李明 王芳`` ->
    ``记者：李明 王芳``, ``Edited by Li Ming`` -> ``Editor: Li Ming``), else None. (They had
    been read as headings, and burned in as title cards.) China Daily's web byline is the
    byline before its page's stamp, which is left out (``By LIU YANG in Zhengzhou |
    chinadaily.com.cn | Updated: 2024-06-13 10:25`` -> ``Reporter: LIU YANG``)."""
    text = collapse_ws(text)
    stamp = _WEB_STAMP.search(text)
    if stamp and stamp.start():
        return byline(text[:stamp.start()])
    # (matched in Simplified, as the roles are: 本報記者 李明 is a byline too; the names as
    # written)
    simple = to_simplified(text)
    m = _ZH_BYLINE.match(_ZH_DATELINE.sub("", simple))
    if m and _odd_brand(m):
        m = None
    if m:
        same = len(simple) == len(text)  # (the names as written; the role as the table's)
        names = text[m.start("names"):m.end("names")] if same else m["names"]
        # (a second role among the names, 通讯员, is a credit of its own: a colon after it
        # makes the line two credits, which credit_parts parts)
        for inner in reversed(list(_INNER_BYLINE_ROLE.finditer(m["names"]))):
            names = f"{names[:inner.start()]} {inner[1]}：{names[inner.end():]}"
        return f"{m['outlet'] or ''}{m['role'] or '记者'}：{names}"
    line = _suffix_credit(text)  # (before a bar's or a slash's: 图/张三 摄)
    if line:
        return line
    m = _SPACED_CREDIT.match(simple)
    # (来源 新华社: outlets after the role, so that 精彩 图片 or 记者 张三 is no such credit; or
    # people, each a name by its surname, after a role of the table itself: 视频 张伟 and 文案 王雪
    # 李明, as a credits list may be written without colons, had been headings, burned in as
    # title cards and left out of the roll; 来源 张三 and 新闻记者 张三 are still none)
    parts = [p for p in _ZH_NAME_SEP.split(m["names"]) if p] if m else []
    if m and _table_role(m["role"]) and (all(outlet(p) for p in parts) or (
            m["role"] in dict(packaged_roles()) and m["role"] not in _ATTRIBUTION
            and all(one_name(p) or split_run(p) for p in parts))):
        return f"{text[:m.end('role')]}：{text[m.start('names'):]}" \
            if len(simple) == len(text) else f"{m['role']}：{m['names']}"
    m = _BAR_CREDIT.match(simple)
    # (编辑 | 张三, 文字丨赵汉青: a WeChat article's credits; 视频/海报 is two roles, no credit)
    if m and _table_role(m["role"]) and not _table_role(m["names"]):
        line = f"{text[:m.end('role')]}：{text[m.start('names'):]}" \
            if len(simple) == len(text) else f"{m['role']}：{m['names']}"
        return line if is_credit(line, one=True) else None
    m = _BILINGUAL_BAR_CREDIT.match(text)
    if m and bilingual_role(m["role"]):  # (撰稿 Writer | 张三: the role the line gives)
        line = f"{m['role']}: {m['names']}"
        return line if is_credit(line, one=True) else None
    m = _EN_BAR_CREDIT.match(text)
    if m and known_role(f"{m['role']}: {m['names']}"):  # (Reporter | Zhang Wei; not "Q | A")
        line = f"{m['role']}: {m['names']}"
        return line if is_credit(line, one=True) else None
    m = _CONTRIBUTED.match(text)
    if m:  # (outlets, or people's names of two words or more: "Exports contributed" is none)
        pieces = [_DATELINE.sub("", p.strip()) for p in _EN_NAME_SEP.split(m["names"])
                  if p.strip()]
        people = [p for p in pieces if not outlet(p)]
        if _english_names(", ".join(pieces)) and all(2 <= len(p.split()) <= 4 for p in people):
            return f"Contributor: {', '.join(pieces)}"
        return None
    m = _EN_BYLINE.match(text)
    if not m or not m.group(0)[:1].isupper():
        return None
    pieces = [_DATELINE.sub("", p.strip()) for p in _EN_NAME_SEP.split(m["names"]) if p.strip()]
    people = [NAME_NOTE.sub("", p).split() for p in pieces if not outlet(p)]
    if not _english_names(", ".join(pieces)):
        return None
    # a name is two words or more, none an article; after a bare "By", two words (Li Ming,
    # Anna Smith): "By High Speed Rail", "By The Numbers" are headings
    most = 4 if m["verb"] else 2
    if all(2 <= len(p) <= most and p[0].lower() not in ("the", "a", "an") for p in people):
        verb = (m["verb"] or "").lower()
        # (an outlet produces as 出品 does: "Produced by China Daily" is no person's production)
        role = "Produced by" if verb == "produced" and not people else _EN_BYLINE_ROLE[verb]
        return f"{role}: {', '.join(pieces)}"
    return None


def _suffix_credit(text: str) -> str | None:
    """A credit whose role is said by a word after its names (``新华社记者 李贺 摄`` ->
    ``摄影：新华社记者 李贺``, ``图/张三 摄`` -> ``图：张三``, ``视觉中国供图`` -> ``供图：视觉中国``,
    ``中国日报图片`` -> ``图片：中国日报``, ``新华社发`` -> ``图片来源：新华社``), else None. (Such
    lines had been read as headings, burned in as title cards.) A source before a
    photographer is a credit of its own: ``新华社发 张三 摄`` (Xinhua's photo, by Zhang San) ->
    ``图片来源：新华社 摄影：张三`` (新华社发 had been a person, "Xin Huashefa")."""
    suffixes = dict(_packaged("credit_suffixes"))
    word = max((w for w in suffixes if text.endswith(w)), key=len, default="")
    m = _SUFFIX_CREDIT.match(text[:-len(word)]) if word else None
    if not m:
        return None
    role, names = suffixes[word], m["names"].strip()
    if word != "摄":  # (an organisation's: 河南出品 is a heading, 受访者供图 nobody's name)
        parts = _ZH_NAME_SEP.split(names)
        return f"{role}：{names}" if all(org_name(p) or outlet(p) for p in parts) else None
    first = re.split(r"[\s\u3000]+", names, maxsplit=1)
    source = _suffix_credit(first[0]) if len(first) == 2 else None
    if source:  # (新华社发 张三 摄, 新华社发 张三摄)
        names = first[1]
    elif not m["space"]:  # (a person's, after a space: 我们去拍摄 is no credit)
        return None
    slash = _SLASH_CREDIT.match(names)
    if slash and _table_role(slash["role"]):  # 图/张三 摄, 图：张三 摄: the role said before them
        line = f"{slash['role']}：{slash['names']}"
    else:
        line = f"{role}：{_byline_people(names)}"
    if source:
        line = f"{source} {line}"
    return line if is_credit(line, one=not source) else None


def _byline_people(names: str) -> str:
    """The people of a byline inside another credit: ``新华社记者 李贺`` as 摄影：新华社记者 李贺 reads
    (a known outlet's reporter); 本报记者 赵汉青 as 赵汉青 (记者 had been a person, "Ji Zhe")."""
    inner = byline(names)
    if not inner or "：" not in inner:
        return names
    role, people = inner.split("：", 1)
    known = any(role.startswith(o) and role != o for o, _en in packaged_outlets())
    return f"{role} {people}" if known else people


# a Chinese role of a WeChat article's credits parted from its names by a bar or a slash (编辑丨张三
# 审核丨李四, 文/赵汉青 图/何蒙贺), not by a colon; not a combined role (文/图：赵汉青) nor one in both
# languages (文案/Script：赵汉青 视频/Video：何蒙贺)
_ROLE_MARK = re.compile(r"(?:^|(?<=[\s\u3000，,；;]))(?P<role>[\u4e00-\u9fff]{1,6}?)\s*[|｜丨/／]\s*"
                        r"(?![\u4e00-\u9fff]{1,6}\s*[:：]|[A-Za-z][A-Za-z\s'’&-]{0,29}[:：])")


def _colon_roles(text: str) -> str:
    """A line of several Chinese credits with a colon after each role and a space before it:
    ``编辑丨张三 审核丨李四`` and ``编辑/张三 审核/李四`` as ``编辑：张三 审核：李四``; ``编辑：张三审核：李四``
    (no space) as ``编辑：张三 审核：李四``, parted before the longest role of the table that ends
    where the next colon is. A line of one credit comes back as it was."""
    # (once a role of the table is marked so, so is every role of the line: 终审/王五 after 审核/李四
    # had been a person, "Zhong Shen")
    every = any(_table_role(m["role"]) for m in _ROLE_MARK.finditer(text))
    marked = _ROLE_MARK.sub(lambda m: f"{m['role']}：" if every else m[0], text)
    if marked.count("：") + marked.count(":") < 2:
        return text
    roles = {zh for zh, _en in packaged_roles()} | set(_ATTRIBUTION)

    def spaced(m: re.Match) -> str:
        run = m["run"]
        for k in range(min(6, len(run) - 1), 0, -1):  # (the longest role: 责任编辑 before 编辑)
            if to_simplified(run[-k:]) in roles:
                return f"{run[:-k]} {run[-k:]}{m['colon']}"
        return m[0]

    # (a run of Han characters between a colon and the next: the last names, then a role)
    return re.sub(r"(?<=[:：])(?P<run>[\u4e00-\u9fff]{2,})(?P<colon>[:：])", spaced, marked)


# where a Chinese credit gives way to its English, in an inline script written Chinese first: after
# a Chinese name, before an English role of up to four words and its colon (责任编辑：宋可 | Editor:
# Song Ke; 文案：刘洋 陈静 | Writers: Liu Yang, Chen Jing)
_EN_AFTER_ZH_CREDIT = re.compile(r"(?<=[\u4e00-\u9fff）)])\s+(?=[A-Z][A-Za-z'’&-]*"
                                 r"(?:\s[A-Za-z][A-Za-z'’&-]*){0,3}\s*[:：])")


def credit_parts(text: str) -> list[str]:
    """The ``role:names`` credits of one line, in order: one for most lines, several for
    ``文案：欧阳雪梅 司马南 记者：诸葛明`` or ``Writer: Zhao Hanqing | Editor: Li Hua``, and for a
    WeChat article's ``编辑丨张三 审核丨李四``, ``编辑：张三，审核：李四`` or ``编辑：张三审核：李四``;
    a Chinese credit and its English after it (``责任编辑：宋可 Editor: Song Ke``) are two."""
    text = text.strip()
    # (not after a Chinese role: 视频 Video：何蒙贺 is one role in both languages)
    cuts = [m.start() for m in _EN_AFTER_ZH_CREDIT.finditer(text)
            if not _table_role(re.split(r"[\s:：]", text[:m.start()])[-1])]
    halves = [text[a:b].strip() for a, b in zip([0] + cuts, cuts + [len(text)])]
    if len(halves) > 1:
        # (the Chinese names had been read as the next credit's Chinese role: "文案：刘洋 陈静
        # Writers: ..." as 文案：刘洋 and 陈静 Writers; and 责任编辑：宋可 Editor: Song Ke as no
        # credit, split into a heading of two languages and burned in as a title card)
        parts = [q for h in halves for q in credit_parts(h)]
        if all(is_credit(p, one=True) for p in parts):
            return parts
    parts = [p for p in _NEXT_CREDIT.split(_colon_roles(text.strip())) if p.strip()]
    if len(parts) == 1 and re.search(r"[\u4e00-\u9fff]", text):  # (本报记者 赵汉青 通讯员 杨佳欣)
        parts = [p for p in _NEXT_CREDIT.split(byline(text) or text.strip()) if p.strip()]
    return parts if len(parts) > 1 and all(is_credit(p, one=True) for p in parts) \
        else [text.strip()]


@functools.lru_cache(maxsize=1)
def _packaged_defaults() -> dict:
    """The packaged defaults.yaml, read and parsed once."""
    from importlib import resources

    import yaml

    text = resources.files("subtitler").joinpath("defaults.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


@functools.lru_cache(maxsize=None)
def _packaged(table: str) -> tuple[tuple[str, str], ...]:
    """A (Chinese, English) table of the packaged defaults.yaml."""
    items = (_packaged_defaults().get(table) or {}).items()
    return tuple((str(k).strip(), str(v).strip()) for k, v in items)


def packaged_roles() -> tuple[tuple[str, str], ...]:
    """The credit roles subtitler ships (defaults.yaml ``credit_roles``): (Chinese, English)."""
    return _packaged("credit_roles")


def packaged_role_prefixes() -> tuple[tuple[str, str], ...]:
    """Words before a credit role that make another role, and their English (defaults.yaml
    ``credit_role_prefixes``: 执行 -> Executive, so 执行监制 is Executive Supervisor): (Chinese,
    English)."""
    return _packaged("credit_role_prefixes")


def prefixed_role(role: str, known: Callable[[str], str]) -> str:
    """The English of a role made of prefixes of ``credit_role_prefixes`` before a role that
    ``known`` gives the English of (执行监制: ``Executive Supervisor``, 副总导演: ``Deputy Chief
    Director``, 联合制作: ``Co-production``), "" when it is no such role (a prefix alone, 首席,
    is none)."""
    for zh, en in packaged_role_prefixes():
        rest = role[len(zh):]
        if not role.startswith(zh) or not rest:
            continue
        inner = known(rest) or prefixed_role(rest, known)
        if inner:
            return f"{en}{inner[:1].lower()}{inner[1:]}" if en.endswith("-") else f"{en} {inner}"
    return ""


def packaged_english_roles() -> tuple[tuple[str, str], ...]:
    """English roles the credit roles table does not say, and their Chinese (defaults.yaml
    ``credit_roles_english``: Produced by -> 出品): (English, Chinese)."""
    return _packaged("credit_roles_english")


def packaged_outlets() -> tuple[tuple[str, str], ...]:
    """The news outlets a byline may name before its role (defaults.yaml ``credit_outlets``:
    新华社 -> Xinhua), so that 新华社记者 is said ``Xinhua Reporter``: (Chinese, English)."""
    return _packaged("credit_outlets")


def outlet_rests(key: str) -> Iterator[tuple[str, str]]:
    """The known outlets a role ``key`` begins with, each as (its English, what follows its
    name): 新华社记者 gives (``Xinhua``, 记者). After a brand of the outlet (大河报·豫视频记者 or
    大河报豫视频记者: the paper's video channel, whose reporters are the paper's; 河南日报客户端记者,
    the paper's app), a middle dot before it or not, also what follows each brand it may be, of
    two to six characters, the shortest first, with the outlet's English (``Dahe Daily``, 记者),
    or the brand's when it is a known outlet too (河南日报·大河网记者: ``dahe.cn``, 记者). The
    longest outlet comes first (中国日报网摄影记者 is chinadaily.com.cn's 摄影记者, not China
    Daily's of a brand 网摄影)."""
    for zh, en in sorted(packaged_outlets(), key=lambda o: -len(o[0])):
        if not key.startswith(zh):
            continue
        rest = key[len(zh):]
        yield en, rest
        dot = int(rest[:1] in tuple(NAME_DOTS))
        yield from (((outlet(rest[dot:dot + k]) or (zh, en))[1], rest[dot + k:])
                    for k in range(2, 7)
                    if len(rest) > dot + k and all(is_han(ch) for ch in rest[dot:dot + k]))


# an outlet's bureau, after the outlet's name: its place and its kind (河南记者站, 河南分社)
BUREAU = re.compile(r"^(?P<place>[\u4e00-\u9fff]{2,6}?)(?P<kind>记者站|分社)")


def outlet_title(text: str) -> bool:
    """Whether ``text`` is a known outlet's role, its bureau's named or not (新华社记者, 中国日报
    河南记者站记者, 新华社河南分社记者): said of the people after it, no person itself."""
    key = to_simplified(re.sub(r"[\s\u3000]+", "", text))
    roles = dict(packaged_roles())

    def known(role: str) -> bool:  # (新华社首席记者: a prefixed role too)
        return role in roles or bool(prefixed_role(role, lambda r: roles.get(r, "")))

    return any(known(rest) or known(BUREAU.sub("", rest, 1)) for _en, rest in outlet_rests(key))


def packaged_bureaus() -> tuple[tuple[str, str], ...]:
    """The kinds of an outlet's bureau a byline may name (defaults.yaml ``credit_bureaus``:
    记者站 -> Bureau): (Chinese, English)."""
    return _packaged("credit_bureaus")


@functools.lru_cache(maxsize=1)
def _outlets_by_name() -> dict[str, tuple[str, str]]:
    """Each outlet's Chinese and English names (casefolded) -> its (Chinese, English), the
    first entry winning an English name two share."""
    out: dict[str, tuple[str, str]] = {}
    for zh, en in packaged_outlets():
        out.setdefault(zh, (zh, en))
        out.setdefault(en.casefold(), (zh, en))
    return out


def outlet(name: str) -> tuple[str, str] | None:
    """A news outlet of ``credit_outlets`` named in either language (新华社, 新華社, Xinhua,
    ``china daily``) as its (Chinese, English); None for any other name."""
    key = to_simplified(" ".join(name.split()))
    return _outlets_by_name().get(key) or _outlets_by_name().get(key.casefold())


@functools.lru_cache(maxsize=1)
def _role_words() -> frozenset[str]:
    """The words of the packaged roles' English and of the English roles table (editor,
    producer, charge, designer, ...), for a role in sentence case: "Chief editor" and "Graphic
    designer" are ones (the last had been body text, said in the subtitles), "Key points" is
    not."""
    english = [en for _, en in packaged_roles()] + [en for en, _ in packaged_english_roles()]
    return frozenset(w for en in english for w in re.split(r"[\s-]+", en.lower())
                     if w not in ("", "in", "by", "and", "of", "on", "co"))


# labels of an article's text before a colon that are no credit roles, whatever follows them
# looks like names (关键词：黄河 生态 had been a credit of Huang He and Sheng Tai)
NOT_ROLES = frozenset({"关键词", "关键字", "导读", "摘要", "提要", "要点", "阅读提示", "相关阅读",
                       "延伸阅读", "相关链接", "相关新闻", "话题", "标签", "keywords", "key words",
                       "tags", "tag", "topics", "related", "summary", "highlights", "key points"})
MAX_CREDIT_NAMES = 300  # the most characters of the names of one credits line
# between the names of a credit: a comma, "and"..., or a space between Chinese names
_SEVERAL_NAMES = re.compile(r"[,;，；、/／&]|\band\b|(?<=[^\x00-\x7f])\s+(?=[^\x00-\x7f])")


def is_credit(text: str, *, one: bool = False) -> bool:
    """`role:names` lines such as ``文案:赵汉青 杨佳欣`` or ``Video: He Menghe``, or
    several of them (unless ``one``: see :func:`credit_parts`)."""
    if not one:  # (several parts come back only when each is a credit)
        parts = credit_parts(text)
        return len(parts) > 1 or is_credit(parts[0], one=True)
    if byline(text):  # (its pattern has checked its names; its role may name the outlet)
        return True
    m = _CREDIT.match(text.strip())
    if not m:
        return False
    role, names = m.group("role").strip(), credit_names(m, text)
    if to_simplified(" ".join(role.split())).casefold() in NOT_ROLES:
        return False  # (关键词：黄河 生态 had been a credit of two people)
    # (60 characters for one name; a list of names may be longer, each name checked below:
    # "Writers: Zhao Hanqing, Yang Jiaxin, Ouyang Nana, Sima Nan, Zhuge Mingming" had been
    # read as a heading, burned in as a title card and left out of the credits)
    several = len([p for p in _SEVERAL_NAMES.split(names) if p.strip()]) > 1
    if not names or len(names) > (MAX_CREDIT_NAMES if several else 60):
        return False
    # (a role in both languages, 编辑 Editor：李娜, had been a heading, burned in as a title card;
    # its names are judged as those after its Chinese are)
    both = bilingual_role(role)
    if both:
        role = both[0]
    if all(is_han(ch) or ch in "/／·" for ch in role.replace(" ", "")):
        # (a known outlet's role may be longer: 大河报·豫视频记者：张三 通讯员：王五, as byline
        # writes 大河报·豫视频记者 张三 通讯员 王五, had been one credit of no names; and any
        # byline's role, 郑州晚报·正观记者：张三 as 郑州晚报·正观记者 张三, had been a heading)
        if len(role.replace(" ", "")) > 6 and not (outlet_title(role) or byline_title(role)):
            return False
        # (names run together part at their surnames: 文案：赵汉青杨佳欣 had been a heading)
        parts = [q for p in _ZH_NAME_SEP.split(names) if p
                 for q in split_run(NAME_NOTE.sub("", p)) or [NAME_NOTE.sub("", p)]]
        # (an outlet's role among them titles the people after it: 摄影：新华社河南分社记者 张涛;
        # an outlet the table does not know too, 摄影：郑州晚报记者 张三, which had been a heading)
        if all(zh_name(p) or outlet_title(p) or byline_title(p) for p in parts):
            return True
        # an organisation after a role of the table (出品：河南日报报业集团 大河网 had been a
        # heading, a title card)
        if _table_role(role) and all(zh_name(p) or org_name(p, offices=True) for p in parts):
            return True
        # English names after a Chinese role ("视频: He Menghe"), or names in both scripts
        # after a role of the table (编辑：赵六 Zhao Liu had been a heading, a title card)
        return _english_names(names) or bool(_table_role(role) and name_spellings(names))
    words = role.split()
    if not any(is_latin(ch) for ch in role):
        return False  # a Chinese sentence before a colon: 图为……夜市。（摄影：林伟）
    # (in title case or sentence case: Chief Editor, Chief editor, Editor in charge)
    if len(words) > 4 or not words[0][:1].isupper():
        return False
    if not all(w[:1].isupper() for w in words if w.isalpha()) and not (
            {w for w in (words[0].lower(), words[-1].lower()) for w in (w, w[:-1])}
            & _role_words()):  # (a role's word in the plural: "Xinhua reporters")
        return False  # sentence case is a role's ("Chief editor"), not a heading's ("Key points")
    if role.lower() in ("nb", "note", "ps", "p.s.", "editor's note"):
        return False
    return _english_names(names) or all(1 <= han_count(p) <= 5 for p in _ZH_NAME_SEP.split(names)
                                        if p) or bool(name_spellings(names))


# the ends of organisations' names (大河网, 郑州大学, 河南日报社, 省委外办, 大河报): pinyin would
# read them as a person's (Da Hewang, Zheng Zhoudaxue); they are shown in Chinese unless
# credits.names gives their English. An end counts after two characters or more (张学会 and
# 王中心 are people), one of ORG_END_CHARS after three (a given name may end in 会 or 台), and
# not in a name with a compound surname (欧阳春台)
ORG_ENDS = ("大学", "学院", "学校", "中学", "小学", "公司", "集团", "报社", "日报", "晚报", "电视台",
            "电台", "新闻社", "通讯社", "出版社", "新闻", "中心", "研究院", "研究所", "委员会", "协会",
            "学会", "基金会", "办公室", "外办", "政府", "网", "报",
            # (an outlet's app, channel, WeChat account or studio: 来源：人民日报客户端 had been a
            # heading, burned in as a title card)
            "客户端", "频道", "公众号", "工作室")
ORG_END_CHARS = set("局厅部院馆厂所台社会委办处站")
KNOWN_ORGS = {"新华社", "中新社", "央视", "人民网", "新华网", "央视网", "视觉中国"}


def org_name(text: str, *, offices: bool = False) -> bool:
    """Whether ``text`` is an organisation's name by its end (河南日报报业集团, 大河网, 郑州大学外国
    语与国际关系学院): Han characters only, at most 30, two or more before an end of ORG_ENDS, or
    (``offices``) four or more ending in one of ORG_END_CHARS (河南省委宣传部, 河南省文化和旅游厅:
    指导单位：河南省委宣传部 had been a heading, a title card). (Not after a credit's names: 新闻发布会
    图片 is no credit.)"""
    text = to_simplified(text.strip())
    if not text or len(text) > 30 or not all(is_han(ch) for ch in text):
        return False
    return text in KNOWN_ORGS or any(text.endswith(end) and len(text) - len(end) >= 2
                                     for end in ORG_ENDS) \
        or (offices and len(text) >= 4 and text[-1] in ORG_END_CHARS)


def _table_role(role: str) -> bool:
    """Whether a Chinese role is one of the packaged roles table (or ends in one: 执行策划) or an
    attribution (来源)."""
    role = to_simplified(role.replace(" ", ""))
    return role in _ATTRIBUTION or any(role.endswith(zh) for zh, _en in packaged_roles())


NAME_DOT = re.compile(f"[{NAME_DOTS}]")


def zh_name(text: str) -> bool:
    """Whether ``text`` is a Chinese name: one to five Han characters, or up to four such parts
    joined by a middle dot (阿卜杜·热依木 has six characters: its credits line had been read as
    a heading, burned in as a title card and left out of the credits)."""
    parts = NAME_DOT.split(text)
    return len(parts) <= 4 and all(1 <= han_count(p) == len(p) <= 5 for p in parts)


def _english_names(names: str) -> bool:
    # (a name's note, "Li Hua (intern)", is not counted: such a line had been a heading)
    parts = [NAME_NOTE.sub("", p.strip()) for p in _EN_NAME_SEP.split(names) if p.strip()]
    if not parts:
        return False
    for p in parts:
        if outlet(p):  # (an outlet's name, dahe.cn, People's Daily Online)
            continue
        words = p.split()
        # (the particles inside a name, Vincent van Gogh, Ursula von der Leyen, are not counted)
        inner = {k for k, w in enumerate(words[1:-1], 1) if w in NAME_PARTICLES}
        if not 1 <= len(words) - len(inner) <= 4:
            return False
        # each word a capitalised Latin name (a quotation after "一位游客说：" is not a name),
        # or after the first one joined to its particle (Omar al-Bashir)
        if not all(_capital(w) or k and "-" in w and w.split("-", 1)[0] in NAME_PARTICLES
                   and _capital(w.split("-", 1)[1])
                   for k, w in enumerate(words) if k not in inner):
            return False
    return True


def _capital(word: str) -> bool:
    return word[:1].isupper() and is_latin(word[:1])


# the words in lower case inside a name in Latin letters (Vincent van Gogh, Leonardo da Vinci,
# Ursula von der Leyen, Mohammed bin Salman, Omar al-Bashir): such a credits line had been read
# as a heading, burned in as a title card and left out of the credits
NAME_PARTICLES = frozenset({"van", "von", "der", "den", "de", "da", "di", "du", "del", "della",
                            "des", "la", "le", "bin", "binti", "ibn", "al", "el", "dos", "das",
                            "do", "ter", "ten", "zu", "y"})


# a question put and answered in the text: "Q: How will ...?", 问：……？
_QA = re.compile(r"^\s*(?:Q|A|Question|Answer|问|答|记者)\s*[:：]", re.IGNORECASE)
_QUESTION_END = ("?", "？")


def _is_heading_text(text: str, lang: str) -> bool:
    t = text.strip()
    # a sentence ending inside its closing quote or bracket is still a sentence (and one that
    # trails off, "... fell again…", 又下跌了……)
    bare = t.rstrip("\"'”’)）」』】")
    if not t or bare.endswith((".", "。", ",", "，", ";", "；", ":", "：", "!", "！", "…", "⋯")) \
            or _QA.match(t):
        return False
    if lang == "en":
        return len(t.split()) <= 15 and len(t) <= 110
    return han_count(t) <= 30 and len(t) <= 40


def classify(en: str, zh: str) -> Role:
    """The role a block's text suggests, before position rules (lead) and overrides."""
    # (the patterns are written in Simplified: 特別感謝, 【編者按】, （攝影：…） are matched too)
    texts = [to_simplified(t) for t in (en, zh) if t]
    if any(_NOTE.search(t) for t in texts) or (texts and all(only_addresses(t) for t in texts)):
        return Role.NOTE  # (a line that is only a link is a source, not a title card)
    if any(_CAPTION.search(t) for t in texts):
        return Role.CAPTION
    if any(_ACK.search(t) for t in texts):
        return Role.ACK
    if all(_is_heading_text(t, lang) for t, lang in ((en, "en"), (zh, "zh")) if t):
        return Role.HEADING
    return Role.BODY


# --------------------------------------------------------------------------------------------
# Pairing

EN_CHARS_PER_HAN = 3.3  # English characters per Han character in newsroom translations


def _pair_score(en: str, zh: str) -> float:
    ratio = (len(en) + 1) / (han_count(zh) + 1)
    return max(0.2, 1.0 - 0.3 * abs(math.log(ratio / EN_CHARS_PER_HAN)))


def _pair(units: Sequence[Unit], first: str) -> tuple[float, list[tuple[int, ...]]]:
    """Best pairing of adjacent units in the order ``first``, then the other language."""
    n = len(units)
    # the two halves of an inline line pair with each other only, whatever the usual order
    halves = Counter(u.lines for u in units)
    best = [0.0] * (n + 1)
    choice: list[int] = [1] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i], choice[i] = best[i + 1], 1
        if i + 1 < n:
            a, b = units[i], units[i + 1]
            weight = 1.0
            if halves[a.lines] > 1 or halves[b.lines] > 1:
                ok = a.lines == b.lines and {a.lang, b.lang} == {"en", "zh"}
            else:
                ok = ({a.lang, b.lang} == {"en", "zh"} and not is_credit(a.text)
                      and not is_credit(b.text))
                # a pair in the other order (one paragraph pasted the other way round) pairs
                # when nothing in the script's order claims it
                weight = 1.0 if a.lang == first else 0.5
            if ok:
                en, zh = (a.text, b.text) if a.lang == "en" else (b.text, a.text)
                score = best[i + 2] + weight * _pair_score(en, zh)
                if score > best[i]:
                    best[i], choice[i] = score, 2
    groups: list[tuple[int, ...]] = []
    i = 0
    while i < n:
        groups.append(tuple(range(i, i + choice[i])))
        i += choice[i]
    return best[0], groups


@dataclass(frozen=True)
class Parsed:
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...]
    first: str  # "en" or "zh": which language the script puts first


def parse_script(text: str, *, path: Path | str = "script.txt",
                 overrides: Sequence[dict[str, Any]] = (), lead_spoken: bool = False,
                 config_path: Path | str = "project.yaml",
                 override_line: Callable[[int], int | None] = lambda i: None,
                 title: str | None = None) -> Parsed:
    """Text of a published script -> blocks with roles. Pure. ``override_line(i)``: the line of
    ``config_path`` holding ``overrides[i]``, for errors. ``title``: the episode's (project.yaml
    ``title:``), which a script pasted with the article's headline begins with."""
    path = Path(path)
    units = read_units(text)
    if not units:
        raise ScriptError("the script is empty", path=path,
                          fix="paste the published article's text into it")
    score_en, groups_en = _pair(units, "en")
    score_zh, groups_zh = _pair(units, "zh")
    first_lang = next((u.lang for u in units if u.lang and not is_credit(u.text)), "en")
    if score_zh > score_en or (score_zh == score_en and first_lang == "zh"):
        groups, first = groups_zh, "zh"
    else:
        groups, first = groups_en, "en"
    langs = {u.lang for u in units if u.lang}
    bilingual = langs >= {"en", "zh"}
    width = 2 if len(groups) < 100 else 3
    blocks: list[Block] = []
    warnings: list[str] = []
    for gi, group in enumerate(groups):
        fields: dict[str, Any] = {"en": "", "zh": "", "en_lines": (), "zh_lines": ()}
        # a pair keeps its own order (an inline line may put Chinese first in an English-first
        # script); a one-language block takes the script's order
        block_first = units[group[0]].lang if len(group) == 2 else first
        for idx in group:
            u = units[idx]
            lang = u.lang or "en"
            fields[lang] = u.text
            fields[f"{lang}_lines"] = u.lines
        text_all = fields["en"] or fields["zh"]
        role = Role.CREDITS if len(group) == 1 and is_credit(text_all) else \
            classify(fields["en"], fields["zh"])
        block = Block(id=f"b{gi + 1:0{width}d}", role=role, first=block_first, **fields)
        blocks.append(block)
    blocks = _labels_before_text(blocks, width)
    blocks = _outlet_signatures(blocks)
    blocks = caption_credits(blocks, width)
    blocks = _demote_headings(blocks)
    blocks = _assign_lead(blocks, title)
    set_by_hand: set[str] = set()
    blocks = _apply_overrides(blocks, overrides, Path(config_path), override_line, set_by_hand)
    for b in blocks:
        # a question may be a section's title or a line of the text, and a title card is not in
        # the subtitle tracks: say which it was taken for, so that a said line is not lost
        if b.role is Role.HEADING and b.id not in set_by_hand and any(
                t.rstrip("\"'”’)）」』】 ").endswith(_QUESTION_END) for t in (b.en, b.zh) if t):
            line = (b.en_lines or b.zh_lines)[0]
            text = (b.en or b.zh).strip()
            warnings.append(f"{path}:{line}: {b.id} {text!r} is read as a heading (a title card, "
                            f"not in the subtitle tracks); if it is said as part of the text, "
                            f"add `- {{id: {b.id}, role: body}}` under `roles:` in project.yaml")
    for b in blocks:
        if bilingual and len(b.languages) == 1 and b.role in (Role.BODY, Role.LEAD, Role.HEADING):
            lang = b.languages[0]
            other = "Chinese" if lang == "en" else "English"
            line = (b.en_lines or b.zh_lines)[0]
            warnings.append(f"{path}:{line}: {b.id} ({b.role.value}) has no {other} counterpart; "
                            f"kept as {'English' if lang == 'en' else 'Chinese'} only")
    return Parsed(tuple(blocks), tuple(warnings), first)


# labels of an attribution, credits wherever they stand, though not roles of the table
_ATTRIBUTION = ("来源", "图", "文", "source", "sources", "photo", "courtesy")


# a role given in both languages on one line, either first, a space, a slash or a bar between
# (撰稿 Writer, 撰稿/Writer, 撰稿 | Writer, Writer 撰稿): such a line had been read as a heading, a
# title card (with a bar, as one Chinese role "撰稿|Writer")
_BILINGUAL_ROLE = re.compile(
    r"^(?:(?P<zh>[\u4e00-\u9fff][\u4e00-\u9fff\s\u3000]{0,7}?)\s*[/／|｜丨]?\s*"
    r"(?P<en>[A-Za-z][A-Za-z\s'’&-]{0,29})"
    r"|(?P<en2>[A-Za-z][A-Za-z\s'’&-]{0,29}?)\s*[/／|｜丨]?\s*"
    r"(?P<zh2>[\u4e00-\u9fff][\u4e00-\u9fff\s\u3000]{0,7}))$")


def bilingual_role(role: str) -> tuple[str, str] | None:
    """A role given in both languages (``撰稿 Writer``, ``撰稿/Writer``, ``Writer 撰稿``) as its
    (Chinese, English), else None. One of the two must be a role we know (the table's Chinese
    or an English role's word), so that a heading "聚焦 Focus" is no role."""
    m = _BILINGUAL_ROLE.match(role.strip())
    if not m:
        return None
    zh = re.sub(r"[\s\u3000]+", "", m["zh"] or m["zh2"])
    en = " ".join((m["en"] or m["en2"]).split())
    if len(zh) > 6 or not (_table_role(zh) or _english_role_word(en)):
        return None
    return zh, en


def _english_role_word(role: str) -> bool:
    """Whether an English role has a word of a known role, or one of its kind (translator as
    translation's, editors as editor's)."""
    return any(w == k or (min(len(w), len(k)) >= 5 and w[:5] == k[:5])
               for w in re.split(r"[\s-]+", role.lower()) if w for k in _role_words())


# a name in Latin letters after a Chinese name (or before it) is its spelling: one person
_NAME_TOKENS = re.compile(r"[^\s\u3000、，,;；/／]+")


def name_spellings(names: str) -> list[tuple[str, str]] | None:
    """The names of a credit given in both scripts, each Chinese name next to its spelling
    (``赵六 Zhao Liu``, ``张涛 Zhang Tao、李明 Li Ming``, ``Zhao Liu 赵六``), as (Chinese,
    English) pairs, the English "" for a name given in Chinese only; None unless the names are
    so (one name at least spelt, each Chinese name a name, each spelling two to four capitalised
    words)."""
    tokens = _NAME_TOKENS.findall(names)
    if not tokens:
        return None
    zh_first = any(is_han(ch) for ch in tokens[0])
    people: list[list] = []  # [Chinese, [words of the spelling]]
    for t in tokens:
        if any(is_han(ch) for ch in t):
            if not zh_name(NAME_NOTE.sub("", t)):
                return None
            if zh_first or not people or people[-1][0]:
                people.append([t, []])
            else:  # (the spelling came first: this closes its person)
                people[-1][0] = t
        elif _capital(t) and all(is_latin(ch) or ch in "'’.-" for ch in t):
            if zh_first and not people or not zh_first and (not people or people[-1][0]):
                if zh_first:
                    return None
                people.append(["", []])
            people[-1][1].append(t)
        else:
            return None
    if not all(zh for zh, _ in people) or not any(words for _, words in people) \
            or not all(not w or 2 <= len(w) <= 4 for _, w in people):
        return None
    return [(zh, " ".join(words)) for zh, words in people]


def known_role(text: str) -> bool:
    """Whether a credits line names a role the packaged roles table knows (文案, 执行策划 as
    策划's kind, "Video", "Chief editor", "Translator" as translation's), an attribution
    (来源, Source, Photo), or is a byline or several credits in one line."""
    if len(credit_parts(text)) > 1 or byline(text):
        return True
    m = _CREDIT.match(text.strip())
    if not m:
        return False
    role = to_simplified(m.group("role").strip())
    if role.lower() in _ATTRIBUTION or any(role.endswith(zh) for zh, _en in packaged_roles()) \
            or bilingual_role(role):
        return True
    # (a word of a role, or one of its kind: translator, translation; editors, editor)
    return _english_role_word(role)


def _labels_before_text(blocks: list[Block], width: int) -> list[Block]:
    """An English line and a Chinese line side by side, each read as credits of a role the
    roles table does not know, with the script's text still to come, are a section's heading
    in the form "label: subject" ("Focus: Central Plains" over 聚焦：中原·出彩·河南): such a
    heading went to the credits roll, in two parts, and was never a title card. They are one
    heading block again (the blocks numbered afresh). The credits of a script follow its text;
    a known role, an attribution or a byline stays a credit anywhere, and so does an unknown
    role in one language only."""
    last_text = max((k for k, b in enumerate(blocks) if b.role in (Role.BODY, Role.LEAD)),
                    default=-1)

    def label(b: Block) -> bool:
        return b.role is Role.CREDITS and len(b.languages) == 1 and not known_role(b.en or b.zh)

    out: list[Block] = []
    k = 0
    while k < len(blocks):
        a = blocks[k]
        b = blocks[k + 1] if k + 1 < len(blocks) else None
        if b is not None and k + 1 < last_text and label(a) and label(b) \
                and a.languages != b.languages:
            lang = b.languages[0]
            both = replace(a, **{lang: b.text(lang),
                                 f"{lang}_lines": getattr(b, f"{lang}_lines")})
            out.append(replace(both, role=classify(both.en, both.zh)))
            k += 2
            continue
        out.append(a)
        k += 1
    if len(out) < len(blocks):
        out = [replace(b, id=f"b{i + 1:0{width}d}") for i, b in enumerate(out)]
    return out


def _outlet_signatures(blocks: list[Block]) -> list[Block]:
    """A line that is only a known outlet's name ("CGTN", 中国日报) after the script's text and
    next to its credits is the outlet signing the piece: a credit (shown by name, in both
    languages), not a heading (it had been burned in as a title card). Elsewhere such a line
    is as it was: a section may be titled by an outlet's name."""
    last_text = max((k for k, b in enumerate(blocks) if b.role in (Role.BODY, Role.LEAD)),
                    default=-1)

    def beside_credits(k: int) -> bool:
        return any(0 <= j < len(blocks) and blocks[j].role is Role.CREDITS for j in (k - 1, k + 1))

    return [replace(b, role=Role.CREDITS)
            if k > last_text and b.role is Role.HEADING and beside_credits(k)
            and all(outlet(t) for t in (b.en, b.zh) if t.strip()) else b
            for k, b in enumerate(blocks)]


def _photo_credits(b: Block) -> dict[str, tuple[str, tuple[int, ...]]] | None:
    """The block's photographer's credits by language, each with its lines, when it holds
    nothing else, else None. A credits line of both languages ("Photo: Xinhua 图：新华社", one
    block) gives each language its own."""
    out: dict[str, tuple[str, tuple[int, ...]]] = {}
    for lang in b.languages:
        text, lines = b.text(lang).strip(), getattr(b, f"{lang}_lines")
        parts = [text] if _PHOTO_CREDIT_LINE.fullmatch(to_simplified(collapse_ws(text))) \
            else credit_parts(text)
        for part in parts:
            own = detect_lang(part) or lang
            if own in out or not _PHOTO_CREDIT_LINE.fullmatch(to_simplified(collapse_ws(part))):
                return None
            out[own] = (part, lines)
    return out or None


# a sentence's end, for the length of a photo's caption
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’')）]*(?=\s|$|[\u4e00-\u9fff])")


def caption_credits(blocks: list[Block], width: int) -> list[Block]:
    """A photographer's credit on a line of its own right after a photo's caption ("Photo/Wang
    Lei" / 王磊/摄 under "Cargo is loaded at the airport." / 工作人员在机场装货。, as China Daily
    and Xinhua set it) belongs to the caption: the two are one caption block, as when the
    credit ends the caption's line (the blocks numbered afresh). The credit had been a heading,
    burned in as a title card, and the caption body text, subtitled. The caption is a body
    block of one or two sentences in each language; the credit of each language may be a block
    of its own (图/王磊 is a credit, which no English line pairs with). The credit must stand
    inside the text, a body block after it: after the last one, a line such as 王磊 摄 or
    "Photo: Wang Lei" may begin the credits, and the paragraph before it may be said (it stays
    what it was)."""
    out: list[Block] = []
    took: set[str] = set()  # the languages whose credit the last caption has taken
    for k, b in enumerate(blocks):
        prev = out[-1] if out else None
        credits = _photo_credits(b)
        langs = set(credits or ())
        if prev is not None and credits and (
                (took and not took & langs) or not took and prev.role is Role.BODY
                and all(len(_SENTENCE_END.findall(t)) <= 2 for t in (prev.en, prev.zh))
                and any(x.role is Role.BODY for x in blocks[k + 1:])):
            fields: dict[str, Any] = {}
            for lang, (text, lines) in credits.items():
                fields[lang] = _join(prev.text(lang), text, lang)
                fields[f"{lang}_lines"] = getattr(prev, f"{lang}_lines") + lines
            out[-1] = replace(prev, role=Role.CAPTION, **fields)
            took |= langs
            continue
        took = set()
        out.append(b)
    if len(out) < len(blocks):
        out = [replace(b, id=f"b{i + 1:0{width}d}") for i, b in enumerate(out)]
    return out


def _demote_headings(blocks: list[Block]) -> list[Block]:
    """Headings introduce sections of body text. Unpunctuated lines that merely look like
    headings are body text when they come three or more in a row (a subtitle-style script
    without full stops) or when the script has no body text at all."""
    has_body = any(b.role is Role.BODY for b in blocks)
    out = list(blocks)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and out[j].role is Role.HEADING:
            j += 1
        if j - i >= 3 or (j > i and not has_body):
            out[i:j] = [replace(b, role=Role.BODY) for b in out[i:j]]
        i = max(j, i + 1)
    return out


def _headline_words(text: str) -> str:
    """A headline or title as compared: case, spacing and punctuation left out."""
    return "".join(ch for ch in collapse_ws(text).casefold()
                   if ch == " " or not unicodedata.category(ch).startswith("P")).strip()


def _says_title(headline: str, said: str) -> bool:
    """The headline is the title, or the title is its beginning or its end and most of it: a
    title leaving off the place the headline adds ("..., Henan", "河南汝州：...") still names
    it (the lead after it had been read as body text; the first said line was then not heard)."""
    if headline == said:
        return True
    if 2 * len(said) < len(headline):
        return False
    rest = headline[len(said):] if headline.startswith(said) else \
        headline[:-len(said)] if headline.endswith(said) else None
    # (at a word's edge: "ru porcelain glows" is not the start of "ru porcelain glowsticks")
    return rest is not None and (rest[:1] == " " or rest[-1:] == " " or
                                 is_han(rest[0]) or is_han(rest[-1]))


def _assign_lead(blocks: list[Block], title: str | None = None) -> list[Block]:
    """The first body block is the lead when it comes before the first heading or note. A first
    heading saying the episode's ``title`` is the article's headline, not a section's: the
    paragraph after it is still the lead (it had been body text, subtitled though not said)."""
    structured = any(b.role in (Role.HEADING, Role.NOTE) for b in blocks)
    if not structured:
        return blocks
    said = _headline_words(title or "")
    for i, b in enumerate(blocks):
        if b.role in (Role.HEADING,):
            if i == 0 and said and any(_says_title(_headline_words(t), said) for t in (b.en, b.zh)):
                continue
            return blocks
        if b.role is Role.BODY:
            blocks[i] = replace(b, role=Role.LEAD)
            return blocks
    return blocks


def _apply_overrides(blocks: list[Block], overrides: Sequence[dict[str, Any]],
                     config_path: Path, line: Callable[[int], int | None],
                     touched: set[str] | None = None) -> list[Block]:
    """``line(i)``: the line of project.yaml holding roles item i (0-based), for errors; the
    ids of the blocks an override gave a role are added to ``touched``."""
    roles = ", ".join(r.value for r in Role)
    for n, ov in enumerate(overrides, 1):
        keys = set(ov)
        if "role" not in keys or not keys - {"role"} or keys - {"role", "id", "match"}:
            raise ConfigError(f"roles item {n} must be {{id: b03, role: note}} or "
                              f"{{match: 'text', role: note}}, got {ov!r}", path=config_path,
                              line=line(n - 1))
        try:
            role = Role.parse(str(ov["role"]))
        except ValueError:
            raise ConfigError(f"roles item {n}: unknown role {ov['role']!r}", path=config_path,
                              line=line(n - 1), fix=f"roles are: {roles}") from None
        if "match" in ov and not ("" if ov["match"] is None else str(ov["match"])).strip():
            # (it matched every block)
            raise ConfigError(f"roles item {n}: an empty `match` matches every block",
                              path=config_path, line=line(n - 1),
                              fix="give some words of the block, or its id")
        hits = 0
        for i, b in enumerate(blocks):
            if ("id" in ov and b.id == str(ov["id"])) or \
                    ("match" in ov and str(ov["match"]).lower() in (b.en + "\n" + b.zh).lower()):
                blocks[i] = replace(b, role=role)
                hits += 1
                if touched is not None:
                    touched.add(b.id)
        if not hits:
            what = f"id {ov['id']!r}" if "id" in ov else f"text {ov['match']!r}"
            raise ConfigError(f"roles item {n}: {what} matches no block of the script",
                              path=config_path, line=line(n - 1),
                              fix="run `subtitler blocks` to see the ids")
    return blocks


def read_script(path: Path, **kwargs: Any) -> Parsed:
    """Read and parse a script file (the I/O edge of this module)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ScriptError("script not found", path=path,
                          fix="put the published article's text in script.txt") from None
    except IsADirectoryError:
        raise ScriptError("is a folder, not a script", path=path) from None
    return parse_script(decode_script(data, path), path=path, **kwargs)


# --------------------------------------------------------------------------------------------
# Writing


def format_script(blocks: Iterable[Block], *, layout: str = "paragraphs") -> str:
    """Blocks -> script text. ``paragraphs``: each language on its own line, in the block's
    order; ``blank``: the same with a blank line between blocks; ``inline``: both languages of a
    block in one line (but an acknowledgement listing whom it thanks one a line, which is
    written as its lines). Inline keeps each block's own order; the paragraph layouts put every
    pair in the script's order (that of most pairs), as pairs on separate lines must be."""
    blocks = list(blocks)
    pairs = [b.first for b in blocks if len(b.languages) == 2]
    usual = "zh" if pairs.count("zh") > pairs.count("en") else "en"
    out: list[str] = []
    for b in blocks:
        first = b.first if layout == "inline" or len(b.languages) < 2 else usual
        order = ("en", "zh") if first == "en" else ("zh", "en")
        texts = [b.text(lang) for lang in order if b.text(lang)]
        if layout == "inline" and not any("\n" in t for t in texts):
            out.append(" ".join(texts))
        else:
            out.extend(texts)
        if layout == "blank":
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def format_blocks(blocks: Iterable[Block]) -> str:
    """The human listing printed by `subtitler blocks`."""
    rows = []
    for b in blocks:
        lines = b.lines
        span = f"{lines[0]}" if len(lines) == 1 else f"{lines[0]}-{lines[-1]}"
        langs = "+".join(b.languages) or "-"
        rows.append(f"{b.id}  {b.role.value:<15} {langs:<6} lines {span}")
        for lang in b.languages:
            rows.append(f"    {lang}: {b.text(lang)}")
    return "\n".join(rows) + "\n"
