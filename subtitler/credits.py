"""The bilingual credits after the programme: acknowledgement card, then the credits roll.

Credits lines of the script are ``role:names`` (``文案:赵汉青 杨佳欣``, ``Video: He Menghe``).
:func:`parse_credit` gives each its role in both languages (from the ``credit_roles`` table of
the packaged ``defaults.yaml``, extended or overridden by the project) and each name in both
scripts (Chinese names romanised in Hanyu Pinyin by :func:`romanize`, surname first).
:func:`credit_events` lays them out as ASS events in the frame of the programme's track: the
acknowledgement block(s) as a centred card (a long one paged over several, each readable in its
time), then the credits rolling up from below the frame
(or, when they fit on one screen, a static centred card). Every line break is ours, measured
against the bundled font's advance widths, so libass never wraps.

Pure functions; the only file read is the packaged ``defaults.yaml``.
"""

from __future__ import annotations

import functools
from collections import Counter
import itertools
import math
import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from .model import Block, Role
from .script import NAME_DOTS, NAME_NOTE, byline, credit_names, credit_parts
from .script import ORG_END_CHARS, ORG_ENDS, KNOWN_ORGS, outlet, outlet_rests, packaged_outlets
from .script import BUREAU, bilingual_role, name_spellings, packaged_bureaus, prefixed_role
from .script import byline_title
from .surnames import COMPOUND_SURNAMES, split_run
from .script import packaged_english_roles, packaged_roles as _packaged_roles
from .textutil import (ZH_CLOSING, ZH_OPENING, chinese_script, is_han, to_simplified,
                       to_traditional)
from .tracks import AssLayout, against, ass_colour, ass_escape, contrast

if TYPE_CHECKING:  # pragma: no cover
    import pysubs2

    from .segment import ChineseWords

# --------------------------------------------------------------------------------------------
# Role table

CONFIG_KEY = "credits.roles"  # where a project adds roles (the caller's project.yaml key)


def project_tables(credits_config: Mapping) -> tuple[dict[str, str], dict[str, str]]:
    """(role table, English names) from project.yaml's ``credits`` section."""
    roles = role_table({str(k): str(v) for k, v in credits_config["roles"].items()})
    names = {str(k): str(v) for k, v in credits_config["names"].items()}
    return roles, names


def default_roles() -> dict[str, str]:
    """The packaged ``credit_roles`` table: Chinese role -> English (a fresh dict)."""
    return dict(_packaged_roles())


def role_table(overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """The packaged roles with a project's ``overrides`` applied (they add roles or replace
    the English of existing ones; an override's English also wins the reverse lookup)."""
    if overrides is not None and not isinstance(overrides, Mapping):
        raise TypeError(f"credit roles must be a mapping of Chinese role to English, "
                        f"got {overrides!r}")
    table: dict[str, str] = {}
    for k, v in (overrides or {}).items():  # overrides first: first wins the reverse lookup
        table[_role_key(str(k))] = "" if v is None else str(v).strip()
    for k, v in _packaged_roles():
        table.setdefault(k, v)
    return table


def _role_text(role: str) -> str:
    """A Chinese role as shown: no spaces (``编　辑`` is aligned ``编辑``)."""
    role = role.strip()
    return re.sub(r"[\s\u3000]+", "", role) if _is_zh(role) else role


def _role_key(role: str) -> str:
    """A role as looked up: as shown, in Simplified characters (視頻 is 视频)."""
    role = _role_text(role)
    return to_simplified(role) if _is_zh(role) else role


_ROLE_SPLIT = re.compile(r"\s*[/／、&]\s*|\s+and\s+")


def translate_role(role_zh: str, roles: Mapping[str, str]) -> str:
    """English of a Chinese role, "" when unknown. A combined role (``文案/视频``) is
    translated part by part (``Script / Video``) when every part is known; a byline's role
    after a known outlet (新华社记者) as ``Xinhua Reporter``; a role of the table after a prefix
    of ``credit_role_prefixes`` (执行监制, 首席记者) as ``Executive Supervisor``, ``Chief
    Reporter`` (they had been shown in Chinese only)."""
    key = _role_key(role_zh)
    if _known_role(key, roles):
        return _known_role(key, roles)
    # a byline's outlet (新华社记者; 大河报·豫视频记者, a brand of it: Dahe Daily Reporter)
    for outlet_en, rest in outlet_rests(key):
        if _known_role(rest, roles):
            return f"{outlet_en} {_known_role(rest, roles)}"
        bureau = _bureau_role(rest, roles)
        if bureau:  # (中国日报河南记者站记者: China Daily Henan Bureau Reporter)
            return f"{outlet_en} {bureau}"
    parts = [p for p in _ROLE_SPLIT.split(key) if p]
    if len(parts) > 1 and all(_known_role(p, roles) for p in parts):
        return " / ".join(_known_role(p, roles) for p in parts)
    return ""


def _known_role(key: str, roles: Mapping[str, str]) -> str:
    """The English of a role of the table, or of prefixes before one (执行监制: ``Executive
    Supervisor``: :func:`~subtitler.script.prefixed_role`), "" for any other."""
    return roles.get(key) or prefixed_role(key, lambda r: roles.get(r) or "")


def _bureau_role(rest: str, roles: Mapping[str, str]) -> str:
    """The English of a role after an outlet's name that names the outlet's bureau first
    (河南记者站记者 -> ``Henan Bureau Reporter``, 河南分社记者 -> ``Henan Branch Reporter``: the
    place in pinyin, the bureau's kind from ``credit_bureaus``), "" when it is no such role."""
    m = BUREAU.match(rest)
    kind = m and dict(packaged_bureaus()).get(m["kind"])
    role = rest[m.end():] if m else ""
    if not kind or not _known_role(role, roles):
        return ""
    return f"{_word(_syllables(m['place']))} {kind} {_known_role(role, roles)}"


def reverse_role(role_en: str, roles: Mapping[str, str]) -> str:
    """Chinese of an English role (case-insensitive; the table's first match, else that of
    the packaged English roles; a plural as its singular: Reporters is 记者), "" when unknown. Combined roles (``Script / Video``) are
    looked up part by part; a role after a known outlet's name (``Xinhua reporters``) as the
    outlet's (新华社记者)."""
    def one(en: str) -> str:
        want = " ".join(en.split()).casefold()
        return next((zh for zh, e in roles.items() if e and e.casefold() == want), "") \
            or next((zh for e, zh in packaged_english_roles() if e.casefold() == want), "")

    found = one(role_en)
    if found:
        return found
    for outlet_zh, outlet_en in packaged_outlets():  # Xinhua reporters: 新华社记者
        rest = role_en.strip()[len(outlet_en):]
        if role_en.strip().casefold().startswith(outlet_en.casefold()) and rest[:1].isspace():
            zh = reverse_role(rest, roles)
            if zh and not any(zh.startswith(o) for o, _en in packaged_outlets()):
                return f"{outlet_zh}{_role_word(zh, rest.strip(), roles)}"
    # a role in the plural (Reporters, Writers, Photographers), as the table has the singular
    plural = re.match(r"^(.*?[^s])s$", role_en.strip())
    if plural and one(plural.group(1)):
        return one(plural.group(1))
    parts = [p for p in _ROLE_SPLIT.split(role_en.strip()) if p]
    if len(parts) > 1:
        zh = [one(p) for p in parts]
        if all(zh):
            return "/".join(zh)
    return ""


# --------------------------------------------------------------------------------------------
# Romanisation

# Single-character surnames whose surname reading differs from the character's usual one.
SURNAME_READINGS: dict[str, str] = {
    "单": "Shan", "曾": "Zeng", "解": "Xie", "仇": "Qiu", "朴": "Piao", "区": "Ou", "查": "Zha",
    "覃": "Qin", "尉": "Yu", "盖": "Ge", "乐": "Yue", "缪": "Miao", "翟": "Zhai", "长": "Chang",
    "种": "Chong", "秘": "Bi", "员": "Yun", "句": "Gou", "繁": "Po", "召": "Shao", "冼": "Xian",
    "洗": "Xian", "折": "She", "能": "Nai", "黑": "He", "阚": "Kan", "宓": "Mi", "厍": "She",
    "逄": "Pang", "隗": "Wei", "郇": "Huan", "眭": "Sui", "谌": "Chen", "牟": "Mou",
    "相": "Xiang", "任": "Ren", "华": "Hua", "沈": "Shen", "薄": "Bo", "柏": "Bai", "重": "Chong",
    "都": "Du", "万": "Wan", "莘": "Shen", "蕃": "Pi", "祭": "Zhai", "那": "Na", "便": "Pian",
    "贲": "Ben", "费": "Fei", "臧": "Zang", "藏": "Zang", "角": "Jue", "么": "Yao", "卜": "Bu",
    "朝": "Chao", "曲": "Qu", "强": "Qiang", "石": "Shi", "燕": "Yan", "阿": "A", "瞿": "Qu",
    "吕": "Lü", "闵": "Min", "屈": "Qu", "贾": "Jia", "尹": "Yin", "应": "Ying", "塔": "Ta",
    "过": "Guo", "纪": "Ji", "宿": "Su", "殷": "Yin", "恽": "Yun", "禚": "Zhuo", "秦": "Qin",
}

_NAME_DOT = re.compile(rf"\s*[{NAME_DOTS}.．]\s*")


# characters whose usual reading by pypinyin is a neutral-tone one that is not theirs in a name
# (卜 is "bo" only in 萝卜: 阿卜杜·热依木 had been "Abodu Reyimu")
NAME_READINGS = {"卜": "bu"}


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    out = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    if len(out) == len(text):  # (one syllable a character)
        out = [NAME_READINGS.get(ch, s) for ch, s in zip(text, out)]
    return out


def _word(syllables: Sequence[str]) -> str:
    """Syllables -> one capitalised word, with the apostrophe of Hanyu Pinyin before a
    syllable starting with a, o or e that is not the first (Xi'an, Tian'anmen)."""
    out = ""
    for i, s in enumerate(syllables):
        s = s.strip()
        if not s:
            continue
        if out and s[0] in "aoe" and out[-1].isalpha():
            out += "'"
        out += s
    return out[:1].upper() + out[1:]


def romanize(name_zh: str) -> str:
    """A Chinese personal name in Hanyu Pinyin without tones, surname first: 赵汉青 ->
    ``Zhao Hanqing``, 欧阳修 -> ``Ouyang Xiu``, 单雄信 -> ``Shan Xiongxin``, 吕布 -> ``Lü Bu``,
    张欣安 -> ``Zhang Xin'an``. A name with no Chinese characters is kept as written; a name
    of parts joined by ``·`` (买买提·艾力) gives each part as one word (``Maimaiti Aili``)."""
    name = to_simplified(re.sub(r"\s+", "", name_zh.strip()))  # 歐陽 is looked up as 欧阳
    if not any(is_han(ch) for ch in name):
        return " ".join(name_zh.split())
    parts = [p for p in _NAME_DOT.split(name) if p]
    if len(parts) > 1:
        return " ".join(_word(_syllables(p)) if any(is_han(c) for c in p) else p for p in parts)
    compound = next((c for c in COMPOUND_SURNAMES if name.startswith(c) and len(name) > len(c)),
                    None)  # (爱新觉罗 has four characters)
    if compound is not None:
        surname, given = COMPOUND_SURNAMES[compound], name[len(compound):]
    elif name[0] in SURNAME_READINGS:
        surname, given = SURNAME_READINGS[name[0]], name[1:]
    elif is_han(name[0]):
        surname, given = _word(_syllables(name[0])), name[1:]
    else:
        return name
    return f"{surname} {_word(_syllables(given))}" if given else surname


# --------------------------------------------------------------------------------------------
# Credits lines


@dataclass(frozen=True)
class Name:
    zh: str  # "" for a name given only in Latin letters
    en: str
    # the outlet's role a byline gives the person (摄影：新华社记者 张涛), said with the name: kept
    # apart, so that the name is still looked up, romanised and matched as the person's
    title_zh: str = ""
    title_en: str = ""

    def both(self) -> tuple[str, str]:
        """The name as shown in each script, after its title: (``新华社记者 张涛``, ``Xinhua
        Reporter Zhang Tao``); (``赵汉青``, ``Zhao Hanqing``) without one."""
        return (" ".join(x for x in (self.title_zh, self.zh) if x),
                " ".join(x for x in (self.title_en, self.en) if x))

    def display(self) -> str:
        """``赵汉青 Zhao Hanqing``: Chinese then English, either alone when the other is
        missing or the same."""
        zh, en = self.both()
        if zh and en and zh != en:
            return f"{zh} {en}"
        return zh or en


@dataclass(frozen=True)
class Credit:
    role_zh: str  # "" when the line gave an English role with no known Chinese
    role_en: str  # "" when the Chinese role is not in the table
    names: tuple[Name, ...] = ()

    def role_display(self) -> str:
        """``文案 Script``."""
        return " ".join(x for x in (self.role_zh, self.role_en) if x)


_CREDIT_LINE = re.compile(r"^[（(【\[]?\s*(?P<role>[^:：\s][^:：]{0,30}?)\s*[:：]\s*"
                          r"(?P<names>[^:：]+?)\s*[)）】\]]?$")
_ZH_NAMES_SEP = re.compile(r"[\s\u3000、，,／/;；]+")
_EN_NAMES_SEP = re.compile(r"\s*(?:[,;、，；／/&|｜]|\band\b)\s*")


def _is_zh(text: str) -> bool:
    return any(is_han(ch) for ch in text)


def split_names(names: str) -> list[str]:
    """The names of a credits line: Chinese names are separated by spaces, 、，or ／ (or by
    nothing: 赵汉青杨佳欣 parts at its surnames, :func:`~subtitler.surnames.split_run`); names in
    Latin letters by commas, semicolons, ``and``, ``&`` or slashes (their spaces are inside
    the names). Each piece is judged by itself, so ``何蒙贺, He Menghe`` works too."""
    out: list[str] = []
    for piece in (p.strip() for p in _EN_NAMES_SEP.split(names.strip())):
        if not piece:
            continue
        if _is_zh(piece):  # (names run together part at their surnames: 赵汉青杨佳欣)
            out.extend(_spaced(q for p in _ZH_NAMES_SEP.split(piece) if p
                               for q in split_run(p) or [p]))
        else:
            out.append(" ".join(piece.split()))
    return out


def _spaced(names: Iterable[str]) -> list[str]:
    """Chinese names with a two-character name spaced to the width of three (王　芳, as print
    credits align them) one name again: single characters in a row are joined two by two."""
    out: list[str] = []
    single = False  # the last name is a single character waiting for its second
    for n in names:
        if single and len(n) == 1 and is_han(n):
            out[-1] += n
            single = False
        else:
            out.append(n)
            single = len(n) == 1 and is_han(n)
    return out


def parse_credit(text: str, roles: Mapping[str, str] | None = None, *,
                 names: Mapping[str, str] | None = None, pinyin: bool = True) -> Credit:
    """One credits line -> :class:`Credit`. ``roles``: Chinese role -> English, as given by
    :func:`role_table` (None: the packaged table); ``names``: the English of particular
    Chinese names when it is not their pinyin (``{赵汉青: Hanqing Zhao}``).

    ``文案:赵汉青 杨佳欣`` -> 文案 / Script, 赵汉青 Zhao Hanqing, 杨佳欣 Yang Jiaxin;
    ``Video: He Menghe`` -> 视频 / Video, He Menghe. Raises ValueError when ``text`` is not a
    ``role:names`` line. ``pinyin`` False leaves Chinese names without English (for looking at
    roles only: pypinyin's dictionaries take a moment and 60 MB to load).
    """
    table = role_table() if roles is None else roles
    text = byline(text) or text
    m = _CREDIT_LINE.match(text.strip())
    people = split_names(credit_names(m, text)) if m else []
    if not people:
        raise ValueError(f"not a credits line (role:names): {text!r}")
    role = m.group("role").strip()
    both = bilingual_role(role)
    spelt = name_spellings(credit_names(m, text))
    if both:  # (撰稿 Writer: the line's own English, which may not be the table's)
        role_zh, role_en = _role_text(both[0]), both[1]
    elif _is_zh(role):
        role_zh, role_en = _role_text(role), translate_role(role, table)
    else:
        role_en = " ".join(role.split())
        role_zh = reverse_role(role_en, table)
    if spelt:  # (赵六 Zhao Liu: one person, spelt as the line spells them, not by pypinyin)
        return Credit(role_zh, role_en, tuple(
            Name(zh, en or _given_name(zh, names) or (_romanize_noted(zh) if pinyin else ""))
            for zh, en in spelt))
    employer = _employer(people)
    if employer is not None:  # Reporter: Zhang Wei, China Daily -> China Daily Reporter
        people = people[:-1]
        role_zh = role_zh and f"{employer[0]}{_role_word(role_zh, role_en, table)}"
        role_en = f"{employer[1]} {role_en}"
    out = []
    for n in people:
        if _is_zh(n) and (_outlet_role(n, table) or _role_title(n, table) or byline_title(n)):
            # (摄影：新华社记者 张涛, 摄影：本报记者 赵汉青: the outlet's role, or a role, not a person;
            # 摄影：郑州晚报·正观记者 张三, an outlet the table does not know: its role in Chinese
            # only, as a byline's, not "Zhengzhouwanbao Zhengguanjizhe")
            out.append(Name("", "", _role_text(n), translate_role(n, table)))
        elif outlet(n) is not None:  # (来源：新华社, Source: Xinhua: the outlet, in both)
            given = _given_name(n, names) if _is_zh(n) else None
            out.append(Name(n if _is_zh(n) else outlet(n)[0], given or outlet(n)[1]))
        elif _is_zh(n):
            given = _given_name(n, names)
            out.append(Name(n, given or ("" if not pinyin or is_organisation(n)
                                         else _romanize_noted(n))))
        else:
            out.append(Name("", _latin_name(n)))
    return Credit(role_zh, role_en, _titled(out))


def _titled(names: Sequence[Name]) -> tuple[Name, ...]:
    """The names of a credit with an outlet's role among them (摄影：新华社记者 张涛 李明) given to
    the people after it: each is ``新华社记者 张涛`` / ``Xinhua Reporter Zhang Tao``. (The role had
    been a name of its own, "新华社记者 Xinhua Reporter · 张涛 Zhang Tao", which reads as two
    people.) A role with nobody after it stays as it was written."""
    out: list[Name] = []
    title, used = None, False
    for n in names:
        if not (n.zh or n.en):  # (an outlet's role: it titles the people after it)
            if title is not None and not used:
                out.append(title)
            title, used = n, False
        elif title is not None:
            out.append(replace(n, title_zh=title.title_zh, title_en=title.title_en))
            used = True
        else:
            out.append(n)
    if title is not None and not used:
        out.append(title)
    return tuple(out)


def _role_word(role_zh: str, role_en: str, roles: Mapping[str, str]) -> str:
    """A role as said after an outlet's name (中国日报记者): itself, unless it is a label of one
    character (图, 文), which Chinese puts only before a colon or a slash (图：中国日报, 文/赵汉青),
    never inside a word ("中国日报图" read badly): then the first role of the table, of two
    characters or more, whose English names the same job (ROLE_KINDS): 图 (Photo) is 摄影, as
    in 中国日报摄影; a label with no such role is kept."""
    kind = _role_kind(role_en)
    if len(role_zh) != 1 or not kind:
        return role_zh
    return next((zh for zh, en in roles.items() if len(zh) > 1 and _role_kind(en) == kind),
                role_zh)


def _employer(people: Sequence[str]) -> tuple[str, str] | None:
    """The outlet named last after the people of an English credit (``Zhang Wei, China
    Daily``, ``Li Na | Xinhua``, ``Zhang Wei/China Daily``), whom they work for: its
    (Chinese, English). None when the names are not people in Latin letters and then an
    outlet (``Source: Xinhua, People's Daily`` names two outlets)."""
    if len(people) < 2 or _is_zh(people[-1]) or any(_is_zh(p) or outlet(p) for p in people[:-1]):
        return None
    return outlet(people[-1])


def _latin_name(name: str) -> str:
    """A name in Latin letters as the roll shows it: a byline's capitals (By ZHAO HANQING, as
    China Daily sets it) in title case; one word in capitals may be an acronym, and is kept."""
    name = " ".join(name.split())
    return name.title() if name.isupper() and len(name.split()) > 1 else name


def _outlet_role(text: str, roles: Mapping[str, str]) -> bool:
    """Whether ``text`` is a known outlet's role (新华社记者), not a person's name."""
    return any(_known_role(rest, roles) or _bureau_role(rest, roles)
               for _en, rest in outlet_rests(_role_key(text)))


def _role_title(text: str, roles: Mapping[str, str]) -> bool:
    """Whether a Chinese credit name is a role of two characters or more, the table's or a
    prefixed one (本报记者, 实习生 among the names of 文/本报记者 赵汉青 实习生 李明), said of the
    people after it: 本报记者 had been a person, "Ben Baojizhe"."""
    key = _role_key(text)
    return len(key) >= 2 and bool(_known_role(key, roles))


def _given_name(name: str, names: Mapping[str, str] | None) -> str | None:
    """The English ``credits.names`` gives a Chinese name: looked up in Simplified, with its
    note (令狐冲（实习）) or without it, the note then said after the English."""
    if not names:
        return None
    table = _simplified_keys(tuple(names.items()))
    bare = to_simplified(name.strip())
    if bare in table:
        return table[bare]
    m = NAME_NOTE.search(bare)
    if m and bare[:m.start()] in table:
        return _noted(table[bare[:m.start()]], m.group(1))
    return None


@functools.lru_cache(maxsize=8)
def _simplified_keys(items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {to_simplified(k.strip()): v for k, v in items}


# (the ends of organisations' names, ORG_ENDS, are in script: a credits line is read by them)


def is_organisation(name: str) -> bool:
    """Whether a Chinese credit name reads as an organisation's, not a person's (see
    ``ORG_ENDS``)."""
    bare = NAME_NOTE.sub("", to_simplified(name.strip()))
    han = sum(1 for ch in bare if is_han(ch))
    if not han or _NAME_DOT.search(bare):
        return False
    if bare in KNOWN_ORGS:
        return True
    if bare[:2] in COMPOUND_SURNAMES and han <= 4:
        return False
    return any(bare.endswith(end) and han - len(end) >= 2 for end in ORG_ENDS) \
        or (han >= 4 and bare[-1] in ORG_END_CHARS)


# notes after a name (令狐冲（实习）) said in English; another note is kept as written
NAME_NOTES = {"实习": "intern", "实习生": "intern", "特约": "contributing", "见习": "trainee"}


def _romanize_noted(name: str) -> str:
    """:func:`romanize` of a name, its note after it in brackets: 令狐冲（实习） ->
    ``Linghu Chong (intern)``."""
    m = NAME_NOTE.search(name)
    if not m:
        return romanize(name)
    return _noted(romanize(name[:m.start()]), m.group(1))


def _noted(english: str, note: str) -> str:
    """``english`` with a name's note after it in brackets, said in English when known."""
    note = note.strip()
    return f"{english} ({NAME_NOTES.get(to_simplified(note), note)})"


def block_credits(block: Block, roles: Mapping[str, str] | None = None, *,
                  names: Mapping[str, str] | None = None, pinyin: bool = True) -> list[Credit]:
    """The credits of a credits block: one per ``role:names`` of its line (a line may hold
    several: ``文案：欧阳雪梅 司马南 记者：诸葛明``). A block holding the line in both languages
    (as an override may make) takes each role from its own language and, when both list as
    many names, each name's English from the English line. A block that is not a
    ``role:names`` line is shown as it is written (as its role)."""
    zh = credit_parts(block.zh) if block.zh.strip() else []
    en = credit_parts(block.en) if block.en.strip() else []
    if zh and en and len(zh) != len(en):  # the two lines do not say the same: each whole
        zh, en = [block.zh.strip()], [block.en.strip()]
    return [_credit(z, e, roles, names=names, pinyin=pinyin)
            for z, e in itertools.zip_longest(zh, en, fillvalue="")]


def _credit(zh_line: str, en_line: str, roles: Mapping[str, str] | None, *,
            names: Mapping[str, str] | None, pinyin: bool) -> Credit:
    """One credit from its line in either language or both (see :func:`block_credits`)."""
    parsed: dict[str, Credit] = {}
    for lang, text in (("zh", zh_line), ("en", en_line)):
        if text:
            try:
                parsed[lang] = parse_credit(text, roles, names=names, pinyin=pinyin)
            except ValueError:
                pass
    if not parsed:
        signed = [outlet(t) for t in (zh_line, en_line) if t.strip()]
        if signed and all(signed):  # (an outlet signing the piece, "CGTN": its name, no role)
            return Credit("", "", (Name(*signed[0]),))
        return Credit(zh_line.strip(), en_line.strip(), ())
    if len(parsed) == 1:
        return next(iter(parsed.values()))
    zh, en = parsed["zh"], parsed["en"]
    people = zh.names
    if len(zh.names) == len(en.names):
        people = tuple(replace(a, zh=a.zh or b.zh, en=b.en if not b.zh else a.en)
                       for a, b in zip(zh.names, en.names))
    return Credit(zh.role_zh or en.role_zh, en.role_en or zh.role_en, people)


def credits_of(blocks: Iterable[Block], roles: Mapping[str, str] | None = None, *,
               names: Mapping[str, str] | None = None, pinyin: bool = True) -> list[Credit]:
    """The credits blocks of a script, in order, as credits (``roles`` are a project's
    overrides or the full table: they are merged over the packaged defaults; ``pinyin`` as
    :func:`parse_credit`)."""
    table = role_table(roles)
    blocks = list(blocks)
    out = _merge_repeated(_once([c for b in blocks if b.role is Role.CREDITS
                                 for c in block_credits(b, table, names=names, pinyin=pinyin)]),
                          names)
    if chinese_script("".join(b.zh for b in blocks)) == "Hant":
        # the Chinese the table gives an English role (Producer: 制片) in the script's own
        # characters (制片 had stood in Simplified among 視頻 and 攝影 in the roll)
        out = [replace(c, role_zh=to_traditional(c.role_zh))
               if c.role_zh and to_simplified(c.role_zh) == c.role_zh else c for c in out]
    return out


def _once(credits: list[Credit]) -> list[Credit]:
    """The credits without one that says again what an earlier one says, the same role (or a
    role of the same job, ROLE_KINDS) and the same names (来源：新华社 and "Source: Xinhua" both
    read as 来源, 新华社 Xinhua; 中国日报图片 and "Photo: China Daily" as 图片 and 图 of 中国日报
    China Daily)."""
    seen: set[tuple] = set()
    out = []
    for c in credits:
        keys = {(c.role_zh or c.role_en.casefold(), c.names)}
        if _role_kind(c.role_en):
            keys.add((_role_kind(c.role_en), c.names))
        if not c.names or not keys & seen:
            out.append(c)
        seen |= keys
    return out


def _name_key(en: str) -> tuple[str, ...]:
    """A romanised name's words, lower case and sorted, without its note: ``Zhao Hanqing``,
    ``Hanqing Zhao`` and ``zhao hanqing (intern)`` are one name."""
    return tuple(sorted(re.findall(r"[a-zü]+", re.sub(r"\(.*?\)", "", en.lower()))))


# English role names that say the same job, for telling that an English credits line repeats a
# Chinese one (Writers: ... after 文案: ..., which the table calls Script)
ROLE_KINDS = ({"script", "writer", "writing", "written", "text", "copy", "words", "scriptwriter"},
              {"video", "videographer", "camera", "cameraman", "filming", "footage", "shot"},
              {"poster", "poster design", "design", "designer", "graphic", "graphics", "art"},
              # (责任编辑 is Editor in charge in the table, "Editor" in the English line after it)
              {"editor", "editing", "edited", "editor in charge", "responsible editor"},
              {"translation", "translator", "translated"},
              {"photo", "photos", "photography", "photographer", "picture", "image",
               "photo source"},
              {"producer", "production", "produced"}, {"reporter", "reporting", "reported"})


def _role_kind(role_en: str) -> str:
    """The job an English role names: a word of its ROLE_KINDS set, the same for all of them
    ("" when none): ``Writers`` and ``Script`` are one; ``Written by`` too."""
    words = re.sub(r"\bby\b", " ", role_en.casefold()).split()
    key = " ".join(w[:-1] if w.endswith("s") and not w.endswith("ss") and len(w) > 3 else w
                   for w in words)
    for kind in ROLE_KINDS:
        if key in kind or key + "s" in kind:
            return sorted(kind)[0]
    return ""


def _merge_repeated(credits: list[Credit], names: Mapping[str, str] | None) -> list[Credit]:
    """The credits given in both languages, one credit each: a credit of names in Latin
    letters only (``Writers: Zhao Hanqing, Ouyang Nana``) whose names are among those of a
    Chinese credit (``文案:赵汉青 欧阳娜娜``) of the same role goes into it, its role and
    spellings the English (the roll showed both, and warned that `Writers` has no Chinese).
    An English role the table does not know goes into the one Chinese credit with those names,
    if only one has them; a known role of another Chinese credit is a credit of its own (one
    person, two roles)."""
    latin = [k for k, c in enumerate(credits) if c.names and not any(n.zh for n in c.names)]
    if not latin:
        return credits
    merged: dict[int, Credit] = {}
    gone: set[int] = set()
    for k in latin:
        en = credits[k]
        keys = Counter(_name_key(n.en) for n in en.names)
        fits = []
        for z, c in enumerate(credits):
            if z in merged or z in gone or not c.names or not all(n.zh for n in c.names):
                continue
            z_keys = [_name_key(n.en or _given_name(n.zh, names) or _romanize_noted(n.zh))
                      for n in c.names]
            if keys <= Counter(z_keys):
                fits.append((z, z_keys))
        # (the same role: the same Chinese, the same English (Editor in charge is 责编 as it
        # is 责任编辑), or the same job)
        same_role = [(z, zk) for z, zk in fits
                     if (en.role_zh and en.role_zh == credits[z].role_zh)
                     or en.role_en.casefold() == credits[z].role_en.casefold() != ""
                     or _role_kind(en.role_en) == _role_kind(credits[z].role_en) != ""]
        if not fits:  # organisations, which have no pinyin to match (来源：新华社, Source: Xinhua)
            same_role = [(z, [_name_key(n.en) for n in en.names])
                         for z, c in enumerate(credits)
                         if z not in merged and z not in gone and en.role_zh
                         and en.role_zh == c.role_zh and len(c.names) == len(en.names)
                         and all(n.zh and not n.en and is_organisation(n.zh) for n in c.names)]
        # (a Chinese role with no English takes the English line's, if only it has the names)
        unnamed = [(z, zk) for z, zk in fits if not credits[z].role_en]
        if not same_role and not (len(fits) == 1 and unnamed):
            continue  # another role (编辑 and Translator): a credit of its own
        z, z_keys = (same_role or unnamed)[0]
        c = credits[z]
        spelt = {_name_key(n.en): n.en for n in en.names}
        people = tuple(replace(n, en=spelt.get(key, n.en)) for n, key in zip(c.names, z_keys))
        merged[z] = Credit(c.role_zh, en.role_en or c.role_en, people)
        gone.add(k)
    return [merged.get(i, c) for i, c in enumerate(credits) if i not in gone]


def name_warnings(credits: Sequence[Credit], names: Mapping[str, str] | None) -> tuple[str, ...]:
    """Warnings for Chinese credit names that read as organisations' and have no English in
    ``credits.names`` (shown in Chinese only), for names whose pinyin is a guess
    (:func:`transliterated`) and have none there, and for ``credits.names`` entries that name
    nobody in the credits (a typo)."""
    names = names or {}
    shown = {n.zh for c in credits for n in c.names if n.zh}
    out = [f"credit name {zh!r} reads as an organisation's: it is shown in Chinese only (give "
           f"its English under `credits.names` in project.yaml, e.g. `{zh}: <English name>`)"
           for zh in dict.fromkeys(n.zh for c in credits for n in c.names if n.zh and not n.en)
           if not _given_name(zh, names) and is_organisation(zh) and outlet(zh) is None]
    out += [f"credit name {zh!r} reads as a transliteration (a foreign or minority name) or a "
            f"name of two surnames: its pinyin may not be how its person spells it (give their "
            f"spelling under `credits.names` in project.yaml, e.g. `{zh}: <English name>`)"
            for zh in dict.fromkeys(n.zh for c in credits for n in c.names if n.zh)
            if not _given_name(zh, names) and transliterated(zh)]
    bare = {NAME_NOTE.sub("", to_simplified(z)) for z in shown}
    out += [f"`credits.names` in project.yaml gives {key!r}, which is not a name in the "
            f"credits: check its spelling" for key in names
            if NAME_NOTE.sub("", to_simplified(key.strip())) not in bare]
    return tuple(out)


def transliterated(name: str) -> bool:
    """Whether a Chinese credit name's pinyin is a guess at its English: a transliteration
    (parts joined by a middle dot, 约翰·史密斯, 迪丽热巴·迪力木拉提, or four characters or more,
    阿卜杜拉) or a name of two surnames (陈李佳欣); not a name of a compound surname (欧阳娜娜,
    爱新觉罗·溥仪) nor an organisation's."""
    bare = NAME_NOTE.sub("", to_simplified(name.strip()))
    if not bare or not all(is_han(ch) or _NAME_DOT.fullmatch(ch) for ch in bare) \
            or is_organisation(bare) or any(bare.startswith(c) for c in COMPOUND_SURNAMES) \
            or _outlet_role(bare, role_table()):
        return False
    return bool(_NAME_DOT.search(bare)) or len(bare) >= 4


def unknown_roles(credits: Iterable[Credit]) -> tuple[str, ...]:
    """Roles shown in one language only: Chinese roles missing from the table, and English
    roles with no Chinese in it, and the roles titling names in Chinese only (摄影：郑州晚报记者
    张三: an outlet the table does not know). Each once, in order."""
    seen: list[str] = []
    for c in credits:
        role = c.role_zh if not c.role_en else c.role_en if not c.role_zh else ""
        for r in (role, *(n.title_zh for n in c.names if not n.title_en)):
            if r and r not in seen:
                seen.append(r)
    return tuple(seen)


def role_warnings(credits: Iterable[Credit]) -> tuple[str, ...]:
    """One warning line per role of :func:`unknown_roles`, naming the fix."""
    out = []
    for role in unknown_roles(credits):
        example = f"{role}: <English>" if _is_zh(role) else f"<中文>: {role}"
        out.append(f"credit role {role!r} has no {'English' if _is_zh(role) else 'Chinese'}; "
                   f"it is shown in one language (add it under `{CONFIG_KEY}` in "
                   f"project.yaml, e.g. `{example}`)")
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Measuring and breaking lines

# Advance widths (in em) of printable ASCII in Noto Sans CJK SC Regular, from ' ' to '~'.
_ASCII_EM = (
    0.224, 0.323, 0.474, 0.555, 0.555, 0.921, 0.68, 0.278, 0.338, 0.338, 0.467, 0.555, 0.278,
    0.347, 0.278, 0.392, 0.555, 0.555, 0.555, 0.555, 0.555, 0.555, 0.555, 0.555, 0.555, 0.555,
    0.278, 0.278, 0.555, 0.555, 0.555, 0.474, 0.946, 0.608, 0.657, 0.638, 0.688, 0.589, 0.552,
    0.689, 0.728, 0.293, 0.535, 0.646, 0.543, 0.812, 0.723, 0.742, 0.633, 0.742, 0.635, 0.596,
    0.599, 0.721, 0.575, 0.878, 0.573, 0.531, 0.603, 0.338, 0.392, 0.338, 0.555, 0.559, 0.606,
    0.563, 0.618, 0.51, 0.62, 0.554, 0.325, 0.564, 0.607, 0.275, 0.275, 0.552, 0.284, 0.926,
    0.61, 0.606, 0.62, 0.62, 0.388, 0.468, 0.377, 0.607, 0.521, 0.802, 0.498, 0.521, 0.475,
    0.338, 0.27, 0.338, 0.555,
)
EM_PER_FONTSIZE = 1 / 1.45  # an ASS font size is about the line height: 1.45 em of Noto CJK


def text_em(text: str) -> float:
    """Width of ``text`` in em of the bundled font (a little generous outside ASCII)."""
    w = 0.0
    for ch in text:
        o = ord(ch)
        if 32 <= o < 127:
            w += _ASCII_EM[o - 32]
        elif unicodedata.combining(ch):
            continue
        elif unicodedata.east_asian_width(ch) in ("W", "F", "A"):
            w += 1.0
        else:
            w += 0.65
    return w


def _chunks_en(text: str) -> list[tuple[str, str]]:
    return [(w, " ") for w in text.split()]


_ZH_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-%'’&+]*|\s+|.", re.S)


def _chunks_zh(text: str) -> list[tuple[str, str]]:
    """Unbreakable pieces of Chinese text with the space before each: a character, a Latin
    word or number whole, closing punctuation kept with what precedes it and opening
    punctuation with what follows."""
    chunks: list[tuple[str, str]] = []
    sep = ""
    glue = False  # the last chunk ends in opening punctuation
    for tok in _ZH_TOKEN.findall(text.strip()):
        if tok.isspace():
            sep = " "
            continue
        if chunks and (glue or tok in ZH_CLOSING):  # never a line starting with closing
            t, s = chunks[-1]                          # or ending with opening punctuation
            chunks[-1] = (t + sep + tok, s)
        else:
            chunks.append((tok, sep))
        glue = tok in ZH_OPENING
        sep = ""
    return chunks


def _greedy(chunks: Sequence[tuple[str, str]], limit: float) -> list[str]:
    lines: list[str] = []
    cur, width = "", 0.0
    for text, sep in chunks:
        w = text_em(text)
        if cur and width + text_em(sep) + w > limit:
            lines.append(cur)
            cur, width = "", 0.0
        if cur:
            cur += sep + text
            width += text_em(sep) + w
        else:
            cur, width = text, w
    if cur:
        lines.append(cur)
    return lines


def break_text(text: str, max_em: float, lang: str,
               words: "ChineseWords | None" = None) -> list[str]:
    """``text`` broken into lines of at most ``max_em`` (a longer unbreakable piece stands
    alone), as evenly as the fewest lines allow. English breaks at spaces; Chinese, given
    ``words`` (the episode's :class:`~subtitler.segment.ChineseWords`), between words as the
    subtitles break it (:func:`~subtitler.segment.break_zh`, measured in em of the font and
    keeping its punctuation), else between characters; never before closing punctuation or
    after opening punctuation."""
    if lang == "zh" and words is not None:
        from .segment import break_zh

        most = 2 * math.ceil(text_em(text) / max(max_em, 1e-9)) + 2  # (the fewest are taken)
        return list(break_zh(text, words, max_em, most, measure=text_em))
    chunks = _chunks_zh(text) if lang == "zh" else _chunks_en(text)
    if not chunks:
        return []
    lines = _greedy(chunks, max_em)
    if len(lines) < 2:
        return lines
    lo, hi = max(text_em(t) for t, _ in chunks), max_em
    if lo >= hi:  # an unbreakable piece wider than the limit already stands alone
        return lines
    for _ in range(24):  # the narrowest limit giving as few lines: balanced lines
        mid = (lo + hi) / 2
        if len(_greedy(chunks, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return _greedy(chunks, hi)


# --------------------------------------------------------------------------------------------
# ASS styles and events

STYLE_ZH = "CreditsZH"
STYLE_EN = "CreditsEN"
NAME_SEP = "  ·  "
WIDTH_SHARE = 0.8        # lines fit in this share of the frame width
FIT_SHARE = 0.8          # credits this share of the frame height or less: a static card
ROLL_SPEED = 0.09        # frame heights per second (97 px/s at 1080p)
LINE_ADVANCE = 1.15      # line spacing, in font sizes
FADE = (400, 400)
ACK_MS = (4500, 16000)   # an acknowledgement card stays this long, at least and at most (a
                         # longer one is paged)
CARD_MS = (4000, 10000)  # a static credits card, at least and at most
LAYER = 5                # above subtitles, title cards and captions


def credit_styles(layout: AssLayout, background: str | None = None
                  ) -> dict[str, "pysubs2.SSAStyle"]:
    """The ``CreditsZH``/``CreditsEN`` styles: the subtitle sizes and colours, centred
    (alignment 8: every event places its top centre with ``\\pos`` or ``\\move``), on the
    credits' ``background``. The text colour is the subtitles' when it stands out against the
    backdrop (contrast 4.5:1), else black or white (dark text had vanished on the veiled last
    frame, white on a white background). On a dark backdrop without outline and shadow, which
    show nothing there and cost a blend of every glyph in every frame. Without ``background``
    (laying the lines out), the subtitles' colours and outline."""
    import pysubs2

    text, outline = layout.primary_colour, layout.outline_colour
    if background is not None and contrast(text, backdrop_colour(background)) < 4.5:
        text = against(backdrop_colour(background))
        outline = against(text)
    plain = background is not None and dark_backdrop(background)

    def style(size: float) -> "pysubs2.SSAStyle":
        s = pysubs2.SSAStyle()
        s.fontname = layout.font
        s.fontsize = layout.px(size)
        s.primarycolor = ass_colour(text)
        s.outlinecolor = ass_colour(outline)
        s.backcolor = pysubs2.Color(0, 0, 0, 128)
        s.outline = 0.0 if plain else layout.scaled(layout.outline)
        s.shadow = 0.0 if plain else layout.scaled(layout.shadow)
        s.borderstyle = 1
        s.alignment = pysubs2.Alignment(8)
        s.marginl = s.marginr = s.marginv = 0
        return s

    return {STYLE_ZH: style(layout.zh_size), STYLE_EN: style(layout.en_size)}


@dataclass(frozen=True)
class _Line:
    style: str
    text: str  # escaped ASS text, one line
    gap: float = 0.0  # extra space above, in pixels


def backdrop_colour(background: str) -> str:
    """The credits' backdrop as a colour: a ``#RRGGBB`` background, or the last frame veiled
    at 92 % black (at most 8 % of white shows through)."""
    return "#141414" if background == "last_frame" else background


def dark_backdrop(background: str) -> bool:
    """Whether the credits' backdrop is dark: the last frame (veiled at 92 % black) or a colour
    ``#RRGGBB`` that white text stands out against more than black text does."""
    return against(backdrop_colour(background)) == "#FFFFFF"


def _max_em(layout: AssLayout, style: "pysubs2.SSAStyle") -> float:
    usable = WIDTH_SHARE * layout.width - 2 * style.outline
    return usable / (style.fontsize * EM_PER_FONTSIZE)


def _height(lines: Sequence[_Line], styles: Mapping[str, "pysubs2.SSAStyle"]) -> list[float]:
    """Top offset of each line, and the total height as the last element."""
    tops, y = [], 0.0
    for i, ln in enumerate(lines):
        y += ln.gap if i else 0.0
        tops.append(y)
        y += styles[ln.style].fontsize * LINE_ADVANCE
    return tops + [y]


def _ack_lines(block: Block, layout: AssLayout, styles,
               words: "ChineseWords | None" = None) -> list[_Line]:
    out: list[_Line] = []
    for lang, style in (("zh", STYLE_ZH), ("en", STYLE_EN)):
        text = block.text(lang).strip()
        if not text:
            continue
        gap = styles[STYLE_EN].fontsize * 0.5 if out else 0.0
        # (a list of whom it thanks, one a line, keeps its lines: each broken by itself)
        lines = [ln for part in text.split("\n") if part.strip()
                 for ln in break_text(ass_escape(part.strip()), _max_em(layout, styles[style]),
                                      lang, words)]
        for i, line in enumerate(lines):
            out.append(_Line(style, line, gap if i == 0 else 0.0))
    return out


def _credit_lines(credits: Sequence[Credit], layout: AssLayout, styles,
                  words: "ChineseWords | None" = None) -> list[_Line]:
    out: list[_Line] = []
    role_em = _max_em(layout, styles[STYLE_EN])
    name_em = _max_em(layout, styles[STYLE_ZH])
    gap = styles[STYLE_ZH].fontsize * 0.6
    for c in credits:
        role = ass_escape(c.role_display())
        role_lines = [role] if text_em(role) <= role_em else \
            [ln for x in (c.role_zh, c.role_en) if x
             for ln in break_text(ass_escape(x), role_em, "zh" if _is_zh(x) else "en", words)]
        first = True
        for r in role_lines if role else []:  # (an outlet signing the piece has no role)
            out.append(_Line(STYLE_EN, r, gap if first and out else 0.0))
            first = False
        units = [ass_escape(n.display()) for n in c.names]
        # a name too wide for a line by itself shows its Chinese above its English, each
        # broken again if still too wide (a long Western name in a portrait frame)
        pieces: list[str] = []
        for n, u in zip(c.names, units):
            if text_em(u) <= name_em:
                pieces.append(u)
                continue
            for part in n.both():
                if part:
                    pieces += break_text(ass_escape(part), name_em,
                                         "zh" if _is_zh(part) else "en", words)
        for line in _greedy([(p, NAME_SEP) for p in pieces], name_em):
            out.append(_Line(STYLE_ZH, line, gap if first and out else 0.0))
            first = False
    return out


def _event(start: int, end: int, style: str, tags: str, text: str, name: str):
    import pysubs2

    return pysubs2.SSAEvent(start=start, end=end, style=style, layer=LAYER, name=name,
                            text="{" + tags + "}" + text)


def _card(lines: Sequence[_Line], layout: AssLayout, styles, start: int, end: int,
          name: str) -> list:
    offsets = _height(lines, styles)
    top = (layout.height - offsets[-1]) / 2
    x = layout.width // 2
    return [_event(start, end, ln.style,
                   f"\\an8\\pos({x},{int(round(top + off))})\\fad({FADE[0]},{FADE[1]})",
                   ln.text, name) for ln, off in zip(lines, offsets)]


def _reading_ms(block: Block, cps: tuple[float, float] = (20.0, 9.0)) -> int:
    """How long an acknowledgement takes to read, in the slower of its languages (each
    audience reads its own) at the reading speeds ``cps`` (English, Chinese), plus a second."""
    times = []
    if block.zh:
        times.append(sum(1 for ch in block.zh if is_han(ch)) / cps[1])
    if block.en:
        times.append(len(block.en) / cps[0])
    return int(1000 * max(times)) + 1000 if times else 0


@functools.lru_cache(maxsize=4)
def _words(corpus: str) -> "ChineseWords":
    """jieba taught the terms ``corpus`` repeats (the Chinese of the credits' blocks)."""
    from .segment import ChineseWords

    return ChineseWords((), corpus)


def _list_pairs(en: str, zh: str) -> list[tuple[str, str]] | None:
    """An acknowledgement listing whom it thanks one a line (see
    :func:`~subtitler.script.read_units`) as its lines, each with the other language's line
    of the same place; None when it is no list, or its languages list unlike numbers of lines."""
    en_list, zh_list = (t.split("\n") if t else [] for t in (en, zh))
    if max(len(en_list), len(zh_list)) < 2 or (en_list and zh_list
                                                 and len(en_list) != len(zh_list)):
        return None
    return list(itertools.zip_longest(en_list, zh_list, fillvalue=""))


def _ack_pages(block: Block, fits, cps: tuple[float, float],
               words: "ChineseWords | None") -> list[Block]:
    """The acknowledgement as the cards it is shown on: itself when ``fits`` (read in
    ``ACK_MS[1]`` at ``cps``, within the frame); else pages of it, as a subtitle editor cuts
    a paragraph: its sentences paired across the languages, a pair too long for a card cut
    where both languages can break (:func:`~subtitler.segment.split_pair`, as the subtitles
    are cut, the longest a cue is shown being a card's reading time), and the pieces put
    together again on as few cards as fit, the longest of them as short as can be. Each
    card holds the Chinese and the English of the same part, where the translation allows."""
    if fits(block):
        return [block]
    from .segment import (Limits, align_sentences, split_pair, split_sentences_en,
                          split_sentences_zh)

    en, zh = block.en.strip(), block.zh.strip()
    listed = _list_pairs(en, zh)
    units: list[tuple[str, str]] = listed or []
    if listed is None:  # (a list not line for line is paged as one text, as a paragraph is)
        en, zh = " ".join(en.split()), " ".join(zh.split("\n"))
    for en_s, zh_s in [] if listed else align_sentences(split_sentences_en(en) if en else [],
                                                        split_sentences_zh(zh) if zh else []):
        part = (" ".join(en_s), "".join(zh_s))
        pieces, budget = [part], ACK_MS[1] - 1000  # (a card is read in this, and a second)
        while budget >= 2000 and not all(fits(replace(block, en=e, zh=z)) for e, z in pieces):
            # a line as long as can be read in the budget (the Chinese its punctuation besides)
            lim = Limits(en_chars=int(cps[0] * budget / 1000), zh_chars=cps[1] * budget / 800,
                         max_lines=1, en_cps=cps[0], zh_cps=cps[1], max_duration_ms=budget)
            pieces = split_pair(*part, words, lim)
            budget = budget * 3 // 4  # (pieces too tall for the frame: shorter ones)
        units += pieces

    def page(i: int, j: int) -> Block:
        if listed:  # (a list stays one a line)
            return replace(block, en="\n".join(e for e, _ in units[i:j] if e),
                           zh="\n".join(z for _, z in units[i:j] if z))
        return replace(block, en=" ".join(e for e, _ in units[i:j] if e),
                       zh="".join(z for _, z in units[i:j]))

    # from each piece on: (cards, the longest card's reading time), and where the next begins
    best: dict[int, tuple[tuple[int, int], int]] = {len(units): ((0, 0), len(units))}
    for i in range(len(units) - 1, -1, -1):
        for j in range(i + 1, len(units) + 1):
            p = page(i, j)
            if j > i + 1 and not fits(p):
                break
            (cards, longest), _ = best[j]
            got = ((cards + 1, max(longest, _reading_ms(p, cps))), j)
            if i not in best or got < best[i]:
                best[i] = got
    out, i = [], 0
    while i < len(units):
        j = best[i][1]
        out.append(page(i, j))
        i = j
    return out


def credit_events(blocks: Iterable[Block], layout: AssLayout, start_ms: int, *,
                  roles: Mapping[str, str] | None, duration_ms: int | None = None,
                  names: Mapping[str, str] | None = None, mode: str = "auto",
                  cps: tuple[float, float] = (20.0, 9.0),
                  words: "ChineseWords | None" = None
                  ) -> tuple[list["pysubs2.SSAEvent"], int]:
    """ASS events of the credits shown after the programme, from ``start_ms`` on, and how
    long they take (extend the video by that much).

    First each acknowledgement block (Role.ACK) as a centred card, Chinese above English,
    fading in and out (one that cannot be read in ``ACK_MS[1]`` or is too tall for the frame
    on consecutive cards, cut where sentences or clauses end: :func:`_ack_pages`); then the
    credits (Role.CREDITS): each role in both languages over its names in both scripts.
    ``mode``: ``roll`` scrolls them up from below the frame to above it with ``\\move``;
    ``card`` shows them as one static centred card; ``auto`` (default) makes a card when they
    fit in 80% of the frame height, else a roll. ``roles``: a project's credit roles
    (merged over the packaged table); ``names``: English of particular Chinese names.
    ``duration_ms``: the total length wanted, at least 1000; every part is scaled to it
    (default: reading speed for cards, each audience reading its own language at ``cps``
    (English, Chinese characters a second), 9% of the frame height per second for a roll).
    No acknowledgement and no credits: ``([], 0)``. ``card`` always makes a card, even one
    taller than the frame. ``words``: the episode's Chinese words
    (:func:`~subtitler.segment.episode_words`), which Chinese lines break between (default:
    jieba taught the terms these blocks repeat).
    """
    if mode not in ("auto", "roll", "card"):
        raise ValueError(f"credits mode must be auto, roll or card, got {mode!r}")
    if duration_ms is not None and duration_ms < 1000:
        raise ValueError(f"credits duration must be at least 1000 ms, got {duration_ms!r}")
    blocks = list(blocks)
    acks = [b for b in blocks if b.role is Role.ACK and (b.en.strip() or b.zh.strip())]
    credits = credits_of(blocks, roles, names=names)
    if not acks and not credits:
        return [], 0
    if words is None and any(b.zh.strip() for b in acks):
        words = _words("\n".join(b.zh for b in blocks if b.zh))
    styles = credit_styles(layout)
    # each part: (event name, lines, rolls, natural length in ms)
    parts: list[tuple[str, list[_Line], bool, int]] = []

    def rolls(lines: Sequence[_Line]) -> bool:
        return _height(lines, styles)[-1] > FIT_SHARE * layout.height

    def roll_ms(lines: Sequence[_Line]) -> int:
        travel = layout.height + _height(lines, styles)[-1]
        return int(1000 * travel / (ROLL_SPEED * layout.height))

    def ack_fits(b: Block) -> bool:
        return _reading_ms(b, cps) <= ACK_MS[1] and not rolls(_ack_lines(b, layout, styles,
                                                                          words))

    for b in (page for ack in acks for page in _ack_pages(ack, ack_fits, cps, words)):
        lines = _ack_lines(b, layout, styles, words)
        if rolls(lines):  # a page still too tall for one screen (no break in it) scrolls
            parts.append(("credits-ack", lines, True, roll_ms(lines)))
        else:
            parts.append(("credits-ack", lines, False,
                          min(max(_reading_ms(b, cps), ACK_MS[0]), ACK_MS[1])))
    if credits:
        lines = _credit_lines(credits, layout, styles, words)
        if mode == "roll" or (mode == "auto" and rolls(lines)):
            parts.append(("credits-roll", lines, True, roll_ms(lines)))
        else:
            parts.append(("credits", lines, False,
                          min(max(2000 + 1000 * len(credits), CARD_MS[0]), CARD_MS[1])))
    lengths = [p[3] for p in parts]
    if duration_ms is not None:
        natural = sum(lengths)
        lengths = [ms * duration_ms // natural for ms in lengths]
        lengths[-1] += duration_ms - sum(lengths)
    events = []
    t = int(start_ms)
    x = layout.width // 2
    for (name, lines, rolled, _), ms in zip(parts, lengths):
        end = t + ms
        if not rolled:
            events += _card(lines, layout, styles, t, end, name)
        else:  # from just below the frame until the last line has left it at the top
            offsets = _height(lines, styles)
            travel = layout.height + offsets[-1]
            for ln, off in zip(lines, offsets):
                y0 = int(round(layout.height + off))
                y1 = int(round(layout.height + off - travel))
                events.append(_event(t, end, ln.style, f"\\an8\\move({x},{y0},{x},{y1})",
                                     ln.text, name))
        t = end
    return events, t - int(start_ms)
