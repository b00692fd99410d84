"""Text measures shared by every stage: scripts, widths, punctuation classes."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from .errors import ConfigError

# Closing punctuation never starts a Chinese line; opening punctuation never ends one.
ZH_CLOSING = set("，。、；：？！”’）》」』】〕〉…—,.;:?!)]}%")
ZH_OPENING = set("“‘（《「『【〔〈([{")
ZH_SENTENCE_END = set("。！？!?")
ZH_CLAUSE = set("，、；：,;:")
# Punctuation dropped at a Chinese line end (Netflix Simplified Chinese: a space instead).
ZH_DROP_AT_LINE_END = set("，。,")

_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


def is_han(ch: str) -> bool:
    o = ord(ch)
    return (0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0x20000 <= o <= 0x2FA1F
            or 0xF900 <= o <= 0xFAFF)


def is_cjk(ch: str) -> bool:
    """Han characters plus CJK punctuation and full-width forms."""
    o = ord(ch)
    return is_han(ch) or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # OpenCC's Traditional -> Simplified tables (phrases, then characters)

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters, one for one (the same length, so positions found in
    it hold in ``text``): a Traditional script's words, names and roles are looked up in the
    Simplified dictionaries (產業 -> 产业, 歐陽 -> 欧阳, 視頻 -> 视频)."""
    if text.isascii():
        return text
    conv = _t2s()
    out = conv.convert(text)
    if len(out) != len(text):  # a phrase conversion changed the length: character by character
        out = "".join(c2 if len(c2 := conv.convert(c)) == 1 else c for c in text)
    return out


@lru_cache(maxsize=1)
def _s2t():
    import opencc

    return opencc.OpenCC("s2t.json")


def to_traditional(text: str) -> str:
    """``text`` in Traditional characters (视频 -> 視頻): what subtitler itself adds to a
    Traditional script, such as a credit's Chinese role found from its English."""
    return text if text.isascii() else _s2t().convert(text)


def chinese_script(text: str) -> str:
    """``Hant`` when ``text`` is written in Traditional characters (at least one Han character
    in ten differs from its Simplified form; most Traditional text has one in three or four),
    else ``Hans``."""
    han = [i for i, ch in enumerate(text) if is_han(ch)]
    if not han:
        return "Hans"
    simple = to_simplified(text)
    changed = sum(1 for i in han if simple[i] != text[i])
    return "Hant" if changed >= 0.1 * len(han) else "Hans"


def is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def han_count(text: str) -> int:
    return sum(1 for ch in text if is_han(ch))


def latin_count(text: str) -> int:
    return sum(1 for ch in text if is_latin(ch))


# An English word is ~5 letters; a Han character carries about as much as 1.5-2 letters of
# English in a translation. Weights that make the two comparable when deciding a language.
LATIN_PER_HAN = 2.5


# web and mail addresses: their letters say nothing of the language around them
# (with a scheme or www., or a dotted host followed by a path; an address runs up to a space or
# a Chinese character or mark, except Chinese characters that make a segment of its path:
# .../新闻/河南/...)
# (compiled on first use, and case ignored only where letters are matched: compiling it with
# re.IGNORECASE case-folded each of the Han ranges' 27,000 characters, 11 ms of every start-up)
@lru_cache(maxsize=1)
def _address() -> re.Pattern:
    return re.compile(r"(?:(?i:https?|ftp)://|(?i:www)\.|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+/)"
                      r"[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*"
                      r"(?:(?<=/)[\u3400-\u9fff]+/[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef]*)*"
                      r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


# a run of Latin words (and the numbers among them), one space apart
_LATIN_RUN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9'&+.-]|\s(?=[A-Za-z0-9]))*", re.ASCII)


def english_letters(text: str) -> list[bool]:
    """Per character: a Latin letter that tells of English. Not the letters of web and mail
    addresses, nor those of Latin words set in Chinese (:func:`set_in_chinese`)."""
    mask = [is_latin(ch) for ch in text]
    for m in _address().finditer(text):
        mask[m.start():m.end()] = [False] * (m.end() - m.start())
    return [e and not c for e, c in zip(mask, set_in_chinese(text))]


def set_in_chinese(text: str) -> list[bool]:
    """Per character: part of Latin words, numbers or an address set in Chinese, as names and
    links are: a run of them with Chinese on both sides, a Han character on one of them
    ("新款iPhone 15 Pro Max和", "总干事Tedros Adhanom Ghebreyesus表示", "新款 iPhone 和 Apple
    Watch。", "请访问https://www.example.com/a。"). English after a Chinese passage, or before
    one, is not ("郑州Zhengzhou is the capital of Henan.")."""
    mask = [False] * len(text)
    n = len(text)
    spans = [(m.start(), m.end()) for m in _address().finditer(text)]
    spans += [(m.start(), m.end()) for m in _LATIN_RUN.finditer(text)
              if not any(a <= m.start() < b for a, b in spans)]
    for start, end in spans:
        i, j = start, end
        while i > 0 and text[i - 1] in "(（\"“'‘《":
            i -= 1
        while j < n and text[j] in ")）\"”'’》":
            j += 1
        b, a = text[:i].rstrip()[-1:], text[j:].lstrip()[:1]
        if b and a and is_cjk(b) and is_cjk(a) and (is_han(b) or is_han(a)):
            mask[start:end] = [True] * (end - start)
    return mask


def only_addresses(text: str) -> bool:
    """Whether ``text`` is web or mail addresses and nothing else that reads (a source link)."""
    bare = _address().sub(" ", text)
    return bare != text and han_count(bare) == 0 and latin_count(bare) == 0


def detect_lang(text: str) -> str | None:
    """'zh', 'en', or None when the text has no letters at all (numbers, symbols); the letters
    of web and mail addresses do not count (a Chinese paragraph with long links is Chinese)."""
    bare = _address().sub(" ", text)
    han, lat = han_count(bare), sum(english_letters(text))
    if han == 0 and lat == 0:  # nothing but an address (or names): its own letters decide
        han, lat = han_count(text), latin_count(text)
    if han == 0 and lat == 0:
        return None
    return "zh" if han * LATIN_PER_HAN >= lat else "en"


def char_width(ch: str) -> float:
    """Display width in Chinese subtitle counting: full-width 1, half-width 0.5."""
    if unicodedata.combining(ch):
        return 0.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def zh_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


def en_len(text: str) -> int:
    return len(text)


def normalize_zh_punct(text: str) -> str:
    """Half-width , ; : ? ! ( ) next to Chinese (spaces between them aside) become their
    full-width forms, and a "." that ends a Chinese sentence becomes 。; the spaces after a
    mark so changed go when Chinese follows.

    Punctuation inside Latin runs (``R&D, e-commerce``), numbers (``3:30``, ``1.5亿``) and list
    numbers (``1.加快``) is left as written.
    """
    out: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        full = _HALF_TO_FULL.get(ch) or ("。" if ch == "." else None)
        if full is None:
            out.append(ch)
            i += 1
            continue
        j = i + 1
        while j < n and text[j] in " \t":
            j += 1
        prev = out[-1] if out else ""
        prev_ns = next((c for c in reversed(out) if c not in " \t"), "")
        nxt = text[i + 1] if i + 1 < n else ""
        nxt_ns = text[j] if j < n else ""
        if prev.isdigit() and (nxt.isdigit() or ch == "."):
            out.append(ch)  # 3:30, 1,000, 1.5, and "1." numbering a list
            i += 1
            continue
        if ch == ".":
            after_zh = bool(prev_ns) and (is_cjk(prev_ns) or prev_ns in "%)")
            ends = not nxt_ns or is_cjk(nxt_ns) or (nxt_ns in "\"'" and j + 1 >= n)
            change = ends and (after_zh or (bool(nxt_ns) and is_han(nxt_ns)))
        else:
            change = (bool(prev_ns) and is_cjk(prev_ns)) or (bool(nxt_ns) and is_cjk(nxt_ns))
        if not change:
            out.append(ch)
            i += 1
            continue
        while out and out[-1] in " \t":
            out.pop()  # "达到80% ，" reads as one mark
        out.append(full)
        i = j if (nxt_ns and is_cjk(nxt_ns)) or not nxt_ns else i + 1
    return _curl_double_quotes("".join(out))


def _curl_double_quotes(text: str) -> str:
    """Straight double quotes in Chinese text become “ and ”, taken in turn, when every one of
    them touches a Chinese character or punctuation: a straight quote is both opening and
    closing, so lines broke before a closing one and after an opening one."""
    at = [i for i, ch in enumerate(text) if ch == '"']
    if not at:
        return text

    def touches(i: int) -> bool:
        return any(0 <= j < len(text) and (is_cjk(text[j]) or text[j] in "，。、；：？！")
                   for j in (i - 1, i + 1))

    if not all(touches(i) for i in at):
        return text
    out = list(text)
    for k, i in enumerate(at):
        prev = text[i - 1] if i > 0 else ""
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if len(at) % 2 == 0:
            opening = k % 2 == 0
        else:  # an odd count: each by its sides (one opens after a pause, before text)
            opening = bool(nxt) and not nxt.isspace() and nxt not in ZH_CLOSING and (
                not prev or prev.isspace() or prev in "：:，,（(")
        out[i] = "“" if opening else "”"
    return "".join(out)


_WS = re.compile(r"\s+")


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


def skeleton(text: str) -> str:
    """What must survive segmentation: letters, digits and symbols in order.

    Whitespace and the commas and full stops a Chinese line end may drop are removed; full-
    and half-width punctuation compare equal. Used by the no-text-lost property.
    """
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isspace() or ch in "，。,.":
            continue
        out.append(ch)
    return "".join(out)


# --- what a sentence and its translation write alike -------------------------------------

_MAGNITUDE_EN = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MAGNITUDE_ZH = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}
_NUMBER_WORDS = {w: n for n, w in enumerate(
    "two three four five six seven eight nine ten eleven twelve".split(), start=2)}
_ZH_NUMERALS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
                "十": 10, "十一": 11, "十二": 12}
@lru_cache(maxsize=1)
def _mark_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The patterns of ``shared_marks`` (English, Chinese), compiled on first use (2 ms of
    every start-up otherwise)."""
    english = re.compile(
        r"(?<![\w.])\$?(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s+(?i:(thousand|million|billion|trillion))\b)?"
        r"|\b(?i:(" + "|".join(_NUMBER_WORDS) + r"))\b|"
        r"\b([A-Z][A-Z0-9&]+)\b|\b(?i:(said|says|told|according to))\b")
    chinese = re.compile(
        r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|千(?![米克瓦伏兆卡帕焦赫字]))?|"
        # a numeral alone (not 十五, 二十) before a counter: 四点, 三个 (not 六月)
        r"(?<![零一二两三四五六七八九十百千万亿])(十[一二]?|[两二三四五六七八九])"
        r"(?![零一二三四五六七八九十])(?=[点个年天倍家名位岁次条项周])|"
        r"([A-Z][A-Z0-9&]+)|"
        # who said it (not 来说, 就是说, 比如说, 据说, 据悉: not a source's words)
        r"((?<![小来是如据话听])说(?=[：:，,“])|表示(?=[：:，,])|指出(?=[：:，,])|"
        r"(?:^|(?<=[，。]))据(?![说悉]))")
    return english, chinese


# a month in Chinese digits (3月, 3月份, 1至5月, 1-2月): English names it (March, the first five
# months), so the number is no figure both languages write (and 5 pharmaceutical companies would
# pair with 1至5月)
_ZH_MONTH = re.compile(r"\s*(?:[至到\-–—~～]\s*\d{1,2}\s*)?月")


def _number_key(digits: str, scale: float = 1.0) -> str:
    return f"{float(digits.replace(',', '')) * scale:.6g}"


def shared_marks(text: str, lang: str) -> list[tuple[int, str, str]]:
    """What a sentence and its translation both write: (character offset in ``text``, mark,
    as written), in order: numbers by their value (1.2 billion and 12亿, 12,000 and 1.2万 are
    one; not a month in Chinese digits, 3月, that English names), small numbers in words (four,
    四点), Latin acronyms (MOFCOM, GDP), and the word that attributes a quote or a figure (said,
    according to; 说, 表示, 据) as ``said``. Where the two languages order their clauses
    differently, these show which part says what."""
    english, chinese = _mark_patterns()
    pattern, magnitudes, numerals = ((english, _MAGNITUDE_EN, _NUMBER_WORDS) if lang == "en"
                                     else (chinese, _MAGNITUDE_ZH, _ZH_NUMERALS))
    out: list[tuple[int, str, str]] = []
    for m in pattern.finditer(text):
        digits, magnitude, numeral, acronym, _said = m.groups()
        if digits and lang != "en" and not magnitude and "." not in digits \
                and 1 <= int(digits.replace(",", "")) <= 12 and _ZH_MONTH.match(text, m.end()):
            continue
        if digits:
            key = _number_key(digits, magnitudes[magnitude.lower()] if magnitude else 1.0)
        elif numeral:
            key = str(numerals[numeral.lower()])
        else:
            key = acronym or "said"
        out.append((m.start(), key, m.group()))
    return out


def figures(text: str, lang: str) -> list[tuple[str, str]]:
    """(mark, as written) of the numbers written in digits (by value) and the acronyms of a
    text, from :func:`shared_marks`: not numbers in words, nor the word that attributes (too
    loose to pair sentences on, or to warn of)."""
    return [(key, written) for _, key, written in shared_marks(text, lang)
            if key != "said" and (written.isupper() or any(ch.isdigit() for ch in written))]


def paired_marks(en: str, zh: str) -> list[tuple[int, int, str]]:
    """(offset in ``en``, offset in ``zh``, mark) of the marks both write (``shared_marks``):
    a mark written as often in each, paired in order; one written more often in one language
    is left out (which of them goes with which is not known)."""
    e_marks, z_marks = shared_marks(en, "en"), shared_marks(zh, "zh")
    pairs: list[tuple[int, int, str]] = []
    for key in {k for _, k, _ in e_marks} & {k for _, k, _ in z_marks}:
        e_at = [o for o, k, _ in e_marks if k == key]
        z_at = [o for o, k, _ in z_marks if k == key]
        if len(e_at) == len(z_at):
            pairs.extend((e, z, key) for e, z in zip(e_at, z_at))
    return sorted(pairs)


def clock(ms: int, decimals: int = 3) -> str:
    """``1:23.450``: minutes and seconds, as the messages and pages show a time (rounded
    before it is split: 59.96 s to one decimal is 1:00.0, not 0:60.0)."""
    m, s = divmod(round(ms / 1000, decimals), 60)
    return f"{int(m)}:{s:0{3 + decimals}.{decimals}f}"


def parse_time(value, *, where: object = "project.yaml", line: int | None = None) -> int:
    """'1:23.450', '0:01:23,45', '83.45' or a number of seconds (0 or more) -> milliseconds."""
    fix = "write a time as '1:23.450' or seconds, 0 or more"
    if isinstance(value, bool) or (isinstance(value, (int, float))
                                   and not (math.isfinite(value) and value >= 0)):
        raise ConfigError(f"bad time {value!r}", path=where, line=line, fix=fix)
    if isinstance(value, (int, float)):
        return int(round(float(value) * 1000))
    m = re.fullmatch(r"\s*(?:(\d+):)?(?:(\d+):)?(\d+(?:[.,]\d+)?)\s*", str(value))
    if not m:
        raise ConfigError(f"bad time {value!r}", path=where, line=line, fix=fix)
    a, b, sec = m.groups()
    h, mi = (int(a), int(b)) if b is not None else (0, int(a or 0))
    if (a is not None and float(sec.replace(",", ".")) >= 60) or (b is not None and mi >= 60):
        raise ConfigError(f"bad time {value!r}: minutes and seconds run to 59", path=where,
                          line=line, fix=fix)
    return int(round(((h * 60 + mi) * 60 + float(sec.replace(",", "."))) * 1000))
