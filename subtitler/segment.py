"""Blocks -> segments: sentences split and aligned across languages, then cut at clause
boundaries until each piece fits both languages' limits, then broken into display lines.

English lines break after punctuation and before conjunctions and prepositions, never between
an article and its noun or inside a name. Chinese lines break only between words (jieba, taught
the episode's own terms first), never before closing punctuation, and drop a line-final ，or 。.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple, Sequence

import numpy as np

from . import lexicon
from .model import NOT_HEARD, Block, Cue, Role, Segment
from .textutil import (ZH_CLOSING, ZH_DROP_AT_LINE_END, ZH_OPENING, char_width, collapse_ws,
                       figures, han_count, is_han, is_latin, normalize_zh_punct, paired_marks,
                       to_simplified, zh_width)


@dataclass(frozen=True)
class Limits:
    en_chars: int = 42
    zh_chars: float = 16
    max_lines: int = 2
    en_cps: float = 20
    zh_cps: float = 9
    max_duration_ms: int = 7000
    min_duration_ms: int = 833
    # the narration's language when cues are timed against it ("" otherwise): a cue is on
    # screen while its words are said, so the other language must be readable in that time
    speech: str = ""

    @classmethod
    def from_config(cls, limits, speech: str = "") -> "Limits":
        return cls(en_chars=limits.en_chars_per_line, zh_chars=limits.zh_chars_per_line,
                   max_lines=limits.max_lines, en_cps=limits.en_cps, zh_cps=limits.zh_cps,
                   max_duration_ms=limits.max_duration_ms,
                   min_duration_ms=limits.min_duration_ms, speech=speech)


# a narrator's pace, for planning cuts before the narration is measured: Mandarin news
# voice-over is read at about 4 characters a second (full-width), English at about 14 letters
SPEECH_MS = {"zh": 250.0, "en": 70.0}
READ_LACK_COST = 1.5  # per second the other language lacks to be read at its reading speed


# --------------------------------------------------------------------------------------------
# Sentences

_ABBREV = {"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e.g", "i.e", "inc", "ltd",
           "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
           "nov", "dec", "u.s", "u.k", "a.m", "p.m", "gov", "sen", "rep", "gen", "jr", "sr",
           "fig", "approx", "dept", "est", "mt"}


def _is_abbreviation(word: str) -> bool:
    """Whether a word ending in "." is an abbreviation or an initial rather than a sentence end."""
    if not word.endswith("."):
        return False
    w = word.rstrip(".").lstrip("\"'“‘(").lower()
    return w in _ABBREV or (len(w) == 1 and w.isalpha())


# abbreviations that end a name, a time or a place, and so may end a sentence too ("... deputy
# general manager of Henan Civil Aviation Development and Investment Co. He added that ...")
_ABBREV_FINAL = {"co", "inc", "ltd", "corp", "etc", "jr", "sr", "u.s", "u.k", "a.m", "p.m"}
# the words a sentence begins with that no name, time or place goes on with after such an
# abbreviation: written with a capital there, they begin the next sentence
_SENTENCE_OPENERS = {"he", "she", "it", "they", "we", "i", "you", "there", "the", "a", "an",
                     "this", "these", "those", "its", "his", "her", "their", "our", "but", "and",
                     "however", "meanwhile", "in", "on", "at", "for", "by", "with", "after",
                     "since", "as", "if", "when", "while"}


def _abbreviation_ends(word: str, nxt: str) -> bool:
    """Whether ``word``, an abbreviation that may end a sentence (Co., Inc., a.m., U.S.), ends
    one before ``nxt``: the next word is one a sentence begins with, capitalised ("Co. He
    added", "9 a.m. It", "the U.S. The"), not a name's next word ("Co. Ltd.", "Mr. He Lifeng")."""
    if not word.endswith(".") or word.rstrip(".").lstrip("\"'“‘(").lower() not in _ABBREV_FINAL:
        return False
    core = nxt.lstrip("\"'“‘(")
    return core[:1].isupper() and (len(core) == 1 or core[1:].isalpha() and core[1:].islower()) \
        and core.lower() in _SENTENCE_OPENERS


_EN_END = re.compile(r"[.!?…]+[\"'”’)\]]*\s+")
_LIST_NUMBER = re.compile(r"\(?\d{1,2}[.)]")


def _is_list_number(words: Sequence[str], i: int) -> bool:
    """Whether words[i] numbers an item of a list ("include: 1. Ecological ...; 2. Water ...")
    rather than ending a sentence with a number: a number of one or two digits and a full stop
    that begins the text, or follows a colon, a semicolon or a sentence's end."""
    return bool(_LIST_NUMBER.fullmatch(words[i])) and (
        i == 0 or words[i - 1].endswith((":", ";", ".", "!", "?")))


def split_sentences_en(text: str) -> list[str]:
    """Sentences of an English paragraph; ``" ".join(result)`` gives the collapsed text back."""
    text = collapse_ws(text)
    out, start = [], 0
    for m in _EN_END.finditer(text):
        end = m.end()
        nxt = text[end:end + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'("):
            continue
        said = text[start:m.start() + 1].split()
        if _is_abbreviation(said[-1]) and not _abbreviation_ends(said[-1], text[end:].split()[0]) \
                or _is_list_number(said, len(said) - 1) or _in_brackets(text, start, end):
            continue
        out.append(text[start:end].strip())
        start = end
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _in_brackets(text: str, start: int, at: int) -> bool:
    """Whether ``at`` is inside brackets opened since ``start`` and closed later in ``text``:
    "The zone (it was set up in 2010. It now hosts 300 firms.) is ..." is one sentence, the
    aside's sentences in it (cut there, a cue ended inside the brackets)."""
    before = text[start:at]
    open_ = sum(before.count(c) for c in "(（") - sum(before.count(c) for c in ")）")
    return open_ > 0 and any(c in text[at:] for c in ")）")


_ZH_END = re.compile(r"[。！？!?]+[”’」』）)]*|…+[”’」』）)]*")


def split_sentences_zh(text: str) -> list[str]:
    """Sentences of a Chinese paragraph; ``"".join(result)`` gives the text back."""
    text = text.strip()
    out, start = [], 0
    for m in _ZH_END.finditer(text):
        said = text[start:m.end()]
        opened = max(said.rfind("（"), said.rfind("("))
        if said.endswith(("）", ")")) and opened > 0 and said[:opened].strip():
            continue  # 该园区（2010年设立。目前入驻企业300家。）| 是: the aside closes inside
        if m.end() < len(text) and not _in_brackets(text, start, m.end()):
            out.append(text[start:m.end()])
            start = m.end()
    if text[start:]:
        out.append(text[start:])
    return [s for s in (x.strip() for x in out) if s]


# --------------------------------------------------------------------------------------------
# Sentence alignment (Gale & Church 1993, length-based dynamic programming)

_MOVES = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.045, (1, 2): 0.045,
          (2, 2): 0.011, (3, 1): 0.004, (1, 3): 0.004}
_S2 = 6.8


def _zh_len(text: str) -> float:
    return han_count(text) + 0.4 * sum(1 for ch in text if ch.isascii() and ch.isalnum())


# A number written in digits or an acronym that both languages of a paragraph write, moved by the
# translation to another sentence, costs this (a negative log probability, as the moves' priors
# are: a translation moves such a figure to another sentence about one time in twenty). One move
# is two mismatches (the figure missing from one pair of sentences and extra in the next), so
# each mismatch costs half of it: one moved figure (3.0) is not worth pairing two sentences with
# two (4.3 more than two pairs of one), which leaves a scrap of the next sentence in a cue's
# Chinese ("增长。2023年，") or cuts the pair crosswise when it does not fit one cue; two are.
MARK_COST = 3.0


def align_sentences(en: Sequence[str], zh: Sequence[str]) -> list[tuple[list[str], list[str]]]:
    """Pair English and Chinese sentences in order: 1-1, 1-2, 2-1, 2-2, 3-1, 1-3, 1-0, 0-1,
    by their lengths (Gale and Church) and by the figures they write (:data:`MARK_COST`): a
    translation that moves a figure to the next sentence is paired two with one, or two with
    two, rather than crosswise."""
    if not en or not zh:
        return [([s], []) for s in en] + [([], [s]) for s in zh]
    le = [len(s) for s in en]
    lz = [_zh_len(s) for s in zh]
    fe = [Counter(k for k, _ in figures(s, "en")) for s in en]
    fz = [Counter(k for k, _ in figures(s, "zh")) for s in zh]
    both = set().union(*fe) & set().union(*fz)  # (a figure one language lacks pairs nothing)
    c = max(sum(le), 1) / max(sum(lz), 1)  # this paragraph's own length ratio
    INF = float("inf")
    n, m = len(en), len(zh)
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == INF:
                continue
            for (di, dj), prior in _MOVES.items():
                a, b = i + di, j + dj
                if a > n or b > m:
                    continue
                l1 = sum(lz[j:b])
                l2 = sum(le[i:a])
                step = -math.log(prior) + _length_cost(l1, l2, c)
                if both:
                    ce: Counter[str] = sum(fe[i:a], Counter())
                    cz: Counter[str] = sum(fz[j:b], Counter())
                    step += MARK_COST / 2 * sum(abs(ce[k] - cz[k]) for k in both)
                if cost[i][j] + step < cost[a][b]:
                    cost[a][b] = cost[i][j] + step
                    back[a][b] = (di, dj)
    beads: list[tuple[list[str], list[str]]] = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]  # type: ignore[misc]
        beads.append((list(en[i - di:i]), list(zh[j - dj:j])))
        i, j = i - di, j - dj
    beads.reverse()
    return beads


def untangle(en: Sequence[str], zh: Sequence[str], order: str = "en"
             ) -> list[tuple[list[str], list[str]]]:
    """A group of as many English as Chinese sentences (:func:`align_sentences` pairs a
    translation that gives them in another order as one group) whose figures pair each English
    sentence with exactly one Chinese sentence (all but one of them: that one takes the
    sentence left), and not in order: each pair on its own, in the
    order of the language ``order`` (the narration's: a cue is on screen while its words are
    said, so the other language's sentence comes out of the script's order). Otherwise the
    group as it is. Cut as one, its cues showed one sentence with the other's translation
    whenever the group took more than one cue."""
    k = len(en)
    if k < 2 or len(zh) != k:
        return [(list(en), list(zh))]
    fe = [{key for key, _ in figures(s, "en")} for s in en]
    fz = [{key for key, _ in figures(s, "zh")} for s in zh]
    match = [[j for j in range(k) if fe[i] & fz[j]] for i in range(k)]
    perm = [m[0] if len(m) == 1 else None for m in match]
    if any(len(m) > 1 for m in match) or len({j for j in perm if j is not None}) != \
            sum(j is not None for j in perm):
        return [(list(en), list(zh))]
    left = [i for i in range(k) if perm[i] is None]
    if len(left) == 1:  # (a sentence without figures takes the one left: "Seven" and 7个)
        perm[left[0]] = (set(range(k)) - set(perm)).pop()
    if None in perm or perm == list(range(k)):
        return [(list(en), list(zh))]
    pairs = [([en[i]], [zh[perm[i]]]) for i in range(k)]
    if order == "zh":
        pairs.sort(key=lambda p: zh.index(p[1][0]))
    return pairs


SCRAP_EN, SCRAP_ZH = 10, 4  # a sentence this short ("Yes.", "Why?"; 是的。) is a scrap


def join_beads(beads: Sequence[tuple[Sequence[str], Sequence[str]]], fits
               ) -> list[tuple[list[str], list[str]]]:
    """Aligned sentence groups of one paragraph, with the groups that make no cue of their own
    joined to a neighbour: a sentence the other language has no sentence for (时间紧。 of four
    short Chinese sentences the English says in one: a cue without English, and the English
    paired with the wrong Chinese), and, where the two still fit one cue (``fits(en, zh)``), a
    scrap of a sentence ("Yes." | 是的。, "Why?" | 为什么？), shown on its own for the shortest
    time a cue may be. A scrap ending in a question joins the sentence after it (which answers
    it), another the one before. A paragraph in one language is left as it is."""
    out = [(list(e), list(z)) for e, z in beads]
    if not any(e for e, _ in out) or not any(z for _, z in out):
        return out
    le = sum(len(x) for e, _ in out for x in e)
    lz = sum(_zh_len(x) for _, z in out for x in z)
    ratio = max(le, 1) / max(lz, 1)

    def merged(i: int, j: int) -> tuple[list[str], list[str]]:
        a, b = (out[i], out[j]) if i < j else (out[j], out[i])
        return a[0] + b[0], a[1] + b[1]

    def lopsided(pair: tuple[list[str], list[str]]) -> float:
        return _length_cost(sum(_zh_len(x) for x in pair[1]), sum(len(x) for x in pair[0]),
                            ratio)

    i = 0
    while i < len(out):
        e, z = out[i]
        if e and z:
            i += 1
            continue
        j = min((k for k in (i - 1, i + 1) if 0 <= k < len(out)),
                key=lambda k: lopsided(merged(i, k)))
        out[min(i, j)] = merged(i, j)
        del out[max(i, j)]
        i = max(min(i, j), 0)
    i = 0
    while i < len(out) and len(out) > 1:
        e, z = " ".join(out[i][0]), "".join(out[i][1])
        if len(e) > SCRAP_EN or han_count(z) > SCRAP_ZH:
            i += 1
            continue
        order = (i + 1, i - 1) if e.rstrip("\"'”’").endswith("?") else (i - 1, i + 1)
        for j in order:
            if 0 <= j < len(out):
                en_j, zh_j = merged(i, j)
                if fits(" ".join(en_j), "".join(zh_j)):
                    out[min(i, j)] = (en_j, zh_j)
                    del out[max(i, j)]
                    break
        else:
            i += 1
    return out


def _length_cost(l1: float, l2: float, c: float) -> float:
    if l1 == 0 and l2 == 0:
        return 0.0
    mean = (l1 + l2 / c) / 2
    delta = (l2 - l1 * c) / math.sqrt(max(mean, 1.0) * _S2 * c)
    p = math.erfc(abs(delta) / math.sqrt(2))
    return -math.log(max(p, 1e-12))


# --------------------------------------------------------------------------------------------
# Words and break quality

_CONJ = {"and", "but", "or", "nor", "while", "which", "that", "who", "whom", "whose", "where",
         "when", "because", "so", "although", "though", "if", "unless", "as", "including",
         "such", "whereas", "then", "yet"}
_PREP = {"of", "in", "on", "at", "for", "with", "by", "from", "into", "through", "during",
         "under", "over", "between", "among", "to", "towards", "toward", "across", "about",
         "against", "without", "within", "via", "per", "like", "after", "before", "since",
         "until", "upon", "around", "along"}
_DET = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "our", "his", "her",
        "my", "your", "some", "any", "each", "every", "no", "both", "all", "such", "more",
        "most", "very", "mr.", "mrs.", "ms.", "dr.", "prof."}
_AUX = {"will", "would", "shall", "should", "can", "could", "may", "might", "must", "to", "not",
        "be", "is", "are", "was", "were", "has", "have", "had"}


_SAID = {"said", "says", "added", "noted", "stated", "explained", "announced", "warned",
         "believes", "believed", "argued", "recalled", "admitted", "insisted", "stressed"}
_MAGNITUDE = {"hundred", "thousand", "million", "billion", "trillion", "percent", "per"}


_EN_UNITS = {"yuan", "dollars", "us", "km", "mu", "am", "pm", "a.m", "p.m", "a.m.", "p.m."}

# a break between an adjective and the noun after it ("the new | energy vehicles", "advanced |
# manufacturing") costs this: BBC's guidelines keep them on one line, as an article with its
# noun, but a line may end on one where no break near it does better (a break before a
# preposition costs 0.6, a plain one 1; a line's balance 1.5 for its whole width), so a break
# within some 15 characters of it is taken instead
ADJECTIVE_NOUN = 1.6
# adjectives a news script puts before a noun and seldom uses otherwise; a hyphenated one
# begins with one of _ADJ_HYPHEN_HEADS ("high-end", "low-carbon", "large-scale", "world-class")
_ADJECTIVES = {
    "new", "advanced", "modern", "traditional", "green", "digital", "smart", "intelligent",
    "major", "leading", "emerging", "strategic", "innovative", "industrial", "economic",
    "cultural", "ecological", "technological", "scientific", "international", "national",
    "regional", "rural", "urban", "global", "domestic", "foreign", "ancient", "historic",
    "historical", "sustainable", "renewable", "comprehensive", "intensive", "efficient",
    "integrated", "distinctive", "prominent", "productive", "professional", "functional",
    "financial", "agricultural", "commercial", "educational", "environmental", "medical",
    "military", "political", "social", "public", "private", "local", "key", "core"}
_ADJ_HYPHEN_HEADS = {"high", "low", "large", "small", "world", "cross", "long", "short", "well",
                     "full", "multi", "top"}


_SENTENCE_END = (".", "!", "?", ".\"", ".”", "?\"", "?”")


def _ends_sentence(word: str, nxt: str | None = None) -> bool:
    """Whether an English word ends its sentence ("growth." but not "Dr."); an abbreviation
    that may end one does before ``nxt`` when that begins the next ("Co. | He added")."""
    if not word.endswith(_SENTENCE_END):
        return False
    return not _is_abbreviation(word) or nxt is not None and _abbreviation_ends(word, nxt)


# a break inside brackets costs this more than the same break outside them: an aside in
# brackets (an abbreviation, a conversion, a date, a sentence or two) is read as one
BRACKET_INSIDE = 1.0


def _en_break_cost(words: Sequence[str], k: int) -> float:
    """Cost of a break between words[k-1] and words[k] (lower is better)."""
    cost = _en_word_break_cost(words, k)
    if _in_phrase(words, k):
        cost += PHRASE_INSIDE
    cost = max(cost, _in_name(words, k))
    before = "".join(words[:k])  # (joined: counted in C, for each break of each part)
    if before.count("(") > before.count(")") and ")" in "".join(words[k:]):
        cost += BRACKET_INSIDE  # ("(from 1.6 billion tons | to about 240 million tons)")
    return cost


# a break inside a phrase English uses as one word costs this more than the same break
# outside one: "ahead | of schedule", "in line | with", "as well | as", "according | to" cost
# what a break before a preposition or a conjunction does, the cheapest in a clause without
# punctuation (a cue ended "..., according" and the next began "to the NBS."); inside a phrase
# they cost more than a break between two plain words, and a break after its preposition
# ("in | line with") still more than one before it
PHRASE_INSIDE = 1.7
_PHRASE_WORDS = 4  # (the longest phrase looked up)
_EDGE = "\"'“”‘’()[]"


def _in_phrase(words: Sequence[str], k: int) -> bool:
    """Whether the break between words[k-1] and words[k] falls inside a phrase that a
    bilingual dictionary gives as one Chinese word's translation (:func:`lexicon.
    english_phrases`): a unit of meaning, whose words the reader takes in together. Only
    its last word may carry punctuation ("ahead of schedule.")."""
    # (the words a phrase across the break can take decide it: looked up once for each such
    # run of words, which the costing of every part's line breaks meets again and again)
    start = max(0, k - _PHRASE_WORDS + 1)
    return _phrase_across(tuple(words[start:k + _PHRASE_WORDS - 1]), k - start)


@lru_cache(maxsize=1 << 16)
def _phrase_across(words: tuple[str, ...], k: int) -> bool:
    """:func:`_in_phrase` of the words around the break."""
    n = len(words)
    for size in range(2, _PHRASE_WORDS + 1):
        for start in range(max(0, k - size + 1), min(k, n - size + 1)):
            inner = words[start:start + size]
            if any(w.rstrip(_EDGE)[-1:] in ",.;:!?" for w in inner[:-1]) or \
                    any(w[:1] in _EDGE for w in inner[1:]):
                continue  # (a clause or a quote ends or begins inside)
            key = " ".join(w.strip(_EDGE) for w in inner).rstrip(",.;:!?").lower()
            if key in lexicon.english_phrases():
                return True
    return False


# a break inside an organisation's name, where its words of, for, on, and join capitalised ones
# (:func:`_in_name`), costs at least this: what a break after a preposition does, more than a
# break between two plain words (1) and above the cuts a cue is first cut at (0.65), so that
# the name stays on one line and in one cue where they allow; less than a break between two
# capitalised words (2.5), so that a name too long for a line breaks before its "of the CPC
# Henan Provincial Committee" rather than between "Henan | Provincial". "the Ministry of
# Culture | and Tourism" had cost 0.4, the cheapest break of a clause without punctuation:
# lines and cues were cut there
NAME_INSIDE = 2.0
# ... and a break before its "and", which joins two words within one of its parts: "the
# Ministry | of Culture and Tourism" rather than "the Ministry of Culture | and Tourism"
NAME_AND_INSIDE = 2.4
# ... and any other break in it: after its of, and ("Ministry of | Culture", "Culture and |
# Tourism"), between two of its capitalised words ("Henan | Provincial Committee", "School of
# International | Studies"), where two capitals alone cost 2.5: a break before the name's
# next "of" is preferred unless it leaves lines some 25 characters more unequal (each of a
# line's 42 characters costs 1.5 / 42 of balance); under 3, so that a part whose only break
# falls there still counts as fitting its two lines (BAD_LINE_BREAK)
NAME_WORDS_INSIDE = 2.9
# the nouns that head an organisation's name: "X of Y" with one of them before the "of" is a
# name, as "Leaders of China" is not
_NAME_HEADS = {
    "ministry", "office", "commission", "committee", "bureau", "department", "school",
    "college", "university", "institute", "association", "administration", "council",
    "federation", "centre", "center", "academy", "museum", "congress", "conference", "party",
    "bank", "agency", "authority", "court", "procuratorate", "government", "society", "league",
    "union", "foundation", "fund", "organization", "organisation", "corporation", "library",
    "hospital", "chamber", "board", "republic", "laboratory", "forum", "group", "company",
    "zone"}
_NAME_JOIN = {"of", "for", "on", "and", "&", "the"}
# "the Commission | on Monday": a day or a month after "on" is the date, not the name's topic
_DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
               "january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december"}
_NAME_WORDS = 12  # (the words either side of a break looked at for the name around it)
_CLOSE = ",.;:!?\"'”’)]"


def _in_name(words: Sequence[str], k: int) -> float:
    """The least a break between words[k-1] and words[k] costs for falling inside an
    organisation's name: a run of capitalised words joined by of, for, on, and, the, as a
    subtitler keeps "the Ministry of Culture and Tourism" on one line where the line allows,
    and breaks "the Office | of the Foreign Affairs Commission | of the CPC Henan Provincial
    Committee" where it does not; 0 outside one.

    What joins the run's capitalised parts into one name: an "of" or "for" after a part that
    a head noun (Ministry, Bureau, University: ``_NAME_HEADS``) or a name already joined to
    one comes in ("the Institute of Archaeology | of Henan Province"); an "and" between two
    parts without a head that an "of" names ("the Department of Industry | and Information
    Technology"), or between a part without one and a part with one ("the Kaifeng Culture |
    and Tourism Bureau"); not an "and" before a place's name (:func:`lexicon.proper_names`:
    "the Ministry of Commerce | and China", "... and Henan officials"). Not so "China and
    Russia", "Leaders of China" at a sentence's start, "the European Union and China" or "the
    NPC and the Ministry of Commerce" (two names), nor a headline's "The Rise of the Central
    Plains"."""
    if words[k - 1].rstrip(_CLOSE) != words[k - 1] or words[k][:1] in _EDGE or \
            not _named(words[k - 1]) or not _named(words[k]):
        return 0.0  # (punctuation or a quote ends or begins the run at the break; or a
        #             plain word is on one side: most breaks, told without the words around)
    start = max(0, k - _NAME_WORDS)
    return _name_across(tuple(words[start:k + _NAME_WORDS]), k - start)


def _name_core(w: str) -> str:
    return w.strip(_EDGE).rstrip(",.;:!?").strip(_EDGE)


def _joins_name(w: str) -> bool:
    return _name_core(w).lower() in _NAME_JOIN


def _named(w: str) -> bool:
    """A word a name's run may hold: a capitalised one, or one of the words that join them."""
    return _joins_name(w) or _name_core(w)[:1].isupper()


@lru_cache(maxsize=1 << 16)
def _name_across(words: tuple[str, ...], k: int) -> float:
    """:func:`_in_name` of the words around a break that two words of a name's run meet at."""
    core, joins, named = _name_core, _joins_name, _named
    lo = k - 1
    while lo > 0 and named(words[lo - 1]) and words[lo - 1].rstrip(_CLOSE) == words[lo - 1] \
            and words[lo][:1] not in _EDGE:
        lo -= 1
    hi = k + 1  # (the run is words[lo:hi])
    while hi < len(words) and named(words[hi]) and words[hi][:1] not in _EDGE and \
            words[hi - 1].rstrip(_CLOSE) == words[hi - 1]:
        hi += 1
    if core(words[hi - 1]).endswith(("'s", "’s")):
        hi -= 1  # "the Ministry of Commerce and China's exporters": a possessive ends it
    while lo < hi and joins(words[lo]):
        lo += 1
    while hi > lo and joins(words[hi - 1]):
        hi -= 1
    if not lo < k < hi:
        return 0.0
    # the run's capitalised parts, and the words that join each to the next
    parts: list[list[str]] = [[]]
    glue: list[list[str]] = []
    at = {}  # (word index -> (the join it belongs to, its place in it), for the joins' words)
    part_of = {}  # (and the part it belongs to, for the capitalised words')
    for i in range(lo, hi):
        if joins(words[i]):
            if parts[-1]:
                glue.append([])
                parts.append([])
            at[i] = (len(glue) - 1, len(glue[-1]))
            glue[-1].append(core(words[i]).lower())
        else:
            part_of[i] = len(parts) - 1
            parts[-1].append(core(words[i]))
    proper = lexicon.proper_names()
    joined: list[bool] = []
    headed = False  # (the name that ends with the part before the join has a head noun)
    after_of = False  # (... and that part is what its "of" names: "Ministry of | Culture")
    for g, (a, b) in enumerate(zip(parts, parts[1:])):
        a_head = any(w.lower() in _NAME_HEADS for w in a)
        headed = headed or a_head
        b_head = any(w.lower() in _NAME_HEADS for w in b)
        join = glue[g][0]
        if join in ("of", "for"):
            ok = headed
        elif join == "on":
            ok = a[-1].lower() in _NAME_HEADS and b[0].lower() not in _DATE_WORDS
        elif join in ("and", "&"):  # ("the European Union | and China": two names; "the
            # Ministry of Commerce | and China": what the "of" names is no place's name)
            ok = "the" not in glue[g] and (
                (not headed and b_head) or (after_of and not a_head and not b_head
                                            and not all(w in proper for w in b)))
        else:
            ok = False  # (a join that begins with "the": "... and the 2023 Government ...")
        joined.append(ok)
        after_of = ok and (join != "and" and join != "&" or after_of)
        headed = headed and ok
    if k in at:  # a break before a join
        g, place = at[k]
        cost = (NAME_AND_INSIDE if glue[g][0] in ("and", "&") else NAME_INSIDE) \
            if place == 0 else NAME_WORDS_INSIDE
    elif k - 1 in at:  # just after one
        g, cost = at[k - 1][0], NAME_WORDS_INSIDE
    else:  # between two capitalised words of one part, which one join or the other takes in
        p, cost = part_of[k], NAME_WORDS_INSIDE
        g = p - 1 if p > 0 and joined[p - 1] else p
    # (no organisation's name: "China | and Russia", "Zhao | Hanqing")
    return cost if g < len(joined) and joined[g] else 0.0


def _en_word_break_cost(words: Sequence[str], k: int) -> float:
    """:func:`_en_break_cost` by the words either side of the break alone."""
    prev, nxt = words[k - 1], words[k]
    ps, ns = prev.strip("\"'“”‘’()"), nxt.strip("\"'“”‘’()")
    pl, nl = ps.lower(), ns.lower()
    if _is_abbreviation(prev) and not _abbreviation_ends(prev, nxt) \
            or _is_list_number(words, k - 1):
        return 3.0  # "Dr. | Li", "No. | 1", "U.S. | exports", "include: 1. | Ecological ..."
    if _ends_sentence(prev, nxt):  # (and "... Investment Co. | He added")
        return 0.0
    if prev.endswith((";", ":", "—", "–")):
        return 0.1
    if prev.endswith((",", ",\"", ",”", ")")):
        return 0.2
    if pl in _DET or pl in _AUX:
        return 3.0
    if nxt[:1] in "([":
        return 0.5  # before an aside in brackets, as Chinese breaks before its （
    unit = nl.rstrip(",.;:!?")
    if ps[:1].isdigit() and (unit in _MAGNITUDE or unit in _EN_UNITS):
        return 3.5  # 1.2 billion, 30 percent, 100 yuan, 9:30 am
    if pl in _MAGNITUDE and nl.isalpha() and nl not in _PREP | _CONJ:
        return 3.0  # billion yuan (but "5 percent | in the first half")
    if ps[:1].isupper() and ns[:1].isupper() and pl not in _CONJ | _PREP:
        return 2.5  # a name or a title ('Made in Henan': the quote mark is not the word)
    if prev[:1] in "\"“‘'" and not prev.endswith(("\"", "”", "’", "'")):
        return 2.0  # just after an opening quote: keep a short quoted phrase together
    if nxt.endswith(("\"", "”", "’", "'", "\",", "”,", "\".", "”.")) \
            and nxt[:1] not in "\"“‘'":
        return 2.0  # just before a quote's last word
    if _ends_sentence(nxt):
        return 2.5  # just before a sentence's last word ("innovation | chains. We will ...")
    if pl in _PREP:
        return 2.0
    if ps[:1].isdigit() and nl.isalpha() and nl not in _CONJ | _PREP:
        return 2.0  # 100 parks, 14th Five-Year Plan (not "by 2025 | and keep ...")
    if pl in _CONJ and pl not in ("that", "as", "so", "then"):
        return 1.8  # after "and": the conjunction begins the next line
    if pl in _SAID and ns[:1].isupper() and k >= 2 and \
            words[k - 2].rstrip("\"'”’").endswith((",", "!", "?")):
        return 2.0  # '"...," said | Zhang Wei': who said it comes after the verb (not "Li
        #             said | China would ...", where Chinese has its 说，)
    if pl in _SAID and nl not in _DET | _PREP:
        return 0.25  # the end of a reporting clause, where Chinese has its 说，
    if nl in _CONJ:
        return 0.4
    if nl in _PREP:
        return 0.6
    if (pl in _ADJECTIVES or pl.split("-")[0] in _ADJ_HYPHEN_HEADS and "-" in pl) and \
            ns[:1].islower() and nl.rstrip(",.;:!?").replace("-", "").isalpha() and \
            nl not in _DET | _AUX:
        return ADJECTIVE_NOUN  # "the new | energy vehicles", "high-end | resources"
    return 1.0


# a break inside a 《》 title costs this more than the same break outside it
TITLE_INSIDE = 4.0


class _Inside(NamedTuple):
    """How many spans of each kind enclose a break point."""
    quote: int = 0
    title: int = 0
    bracket: int = 0


# the middle dot between the parts of a transliterated name (戴维·M·克拉克, 约翰·史密斯,
# 买买提·艾力) or of a title (出彩中原·我们共同见证): no line begins with it, and a break after it
# parts the name, which costs what a number parted from its unit does (cut only where it must be).
# It had been a plain word's break: a line ended （FAO）专家戴维·M and the next began ·克拉克
_ZH_NAME_DOTS = "·・‧•∙"
NAME_DOT_INSIDE = 6.0


def _zh_break_cost(tokens: Sequence[str], k: int, inside: _Inside = _Inside()) -> float:
    prev, nxt = tokens[k - 1], tokens[k]
    if nxt[:1] in ZH_CLOSING or prev[-1:] in ZH_OPENING or nxt[:1] in _ZH_NAME_DOTS:
        return math.inf
    if prev[-1:] in _ZH_NAME_DOTS:
        return NAME_DOT_INSIDE
    at_punct = prev[-1:] in "，,；;：:。！？!?"
    # inside quotes: dear, and at its punctuation rather than inside a phrase (a quoted
    # sentence or two, “我以前……就得出门，现在……”, breaks at its commas as any other)
    extra = (0.3 if at_punct else 3.0) if inside.quote else 0.0
    # inside 《》: a title is a name, its punctuation too (《红楼梦：穿越时空之旅》 broke at its
    # colon, the cheapest break of its sentence); dearer than any break outside it with the
    # worst balance (2.5 + 1.5), so it breaks only when it is wider than a line
    if inside.title:
        extra += TITLE_INSIDE
    if inside.bracket:  # （约合17.7万亿美元）, （2010年设立。目前入驻企业300家。）
        extra += BRACKET_INSIDE
    if _counts(tokens, k) and is_han(nxt[:1] or " "):
        # a number and its measure word count the noun after them: 为期6个 | 月 (which a cue
        # cut to keep "six-month" with its 6), 152个 | 国家, as a compound the dictionary lacks
        return extra + max(2.5, _zh_plain_break_cost(prev, nxt), _zh_in_name(tokens, k))
    return extra + max(_zh_plain_break_cost(prev, nxt), _zh_in_name(tokens, k))


_ZH_NUMERALS = set("0123456789０１２３４５６７８９一二三四五六七八九十百千万亿两几")


def _counts(tokens: Sequence[str], k: int) -> bool:
    """Whether the text before token boundary k ends in a number and a measure word (6个, 三名,
    80余项, 30多家)."""
    before = "".join(tokens[max(0, k - 3):k])
    if len(before) < 2 or before[-1] not in lexicon.measure_words():
        return False
    return before[:-1].rstrip("多余")[-1:] in _ZH_NUMERALS


def _ends_in_number(token: str) -> bool:
    """Whether a token ends in a number written in digits, not in a Latin word's digits
    (PM2.5, COVID-19, Shenzhou-17: the Chinese after them is no unit)."""
    m = re.search(r"\d[\d.,]*$", token)
    if m is None or not m.group()[-1].isdigit():
        return False
    before = token[:m.start()].rstrip()[-1:]
    return not before or not (before.isascii() and (before.isalpha() or before == "-"))
# characters that make new words of the word before them (创新链, 数字化, 示范区, 生态圈): a
# compound jieba's dictionary lacks comes out as the word and the character apart
_ZH_SUFFIXES = set("链化型性区圈业者员率度界群网园港城站局厅委所院品器费额值法论家师户商厂馆场"
                   "线层级带期感权队源端式")


# the legal or institutional end of a name (河南中原高新技术 | 有限公司 broke the name)
_ZH_NAME_ENDS = {"有限公司", "有限责任公司", "股份有限公司", "公司", "集团", "研究院", "研究所"}
# localisers that close a phrase (在大多数关键指标 | 上已经 ...)
_ZH_LOCALISERS = set("上中下里内外后前间")
# a time of day before a clock time (上午 | 9:30)
_ZH_DAYTIME = ("上午", "下午", "中午", "早上", "晚上", "凌晨", "傍晚", "早晨", "夜间")


def _zh_plain_break_cost(prev: str, nxt: str) -> float:
    if _ends_in_number(prev) and (is_han(nxt[:1] or " ") or nxt[:1] in "%％"):
        # 2023年, 105亿元, 2次, 200多份, 500瓦时: Chinese writes a number in digits with its
        # unit or measure word after it (a table of units had no 瓦时, and a cue ended
        # 每千克500, the next began 瓦时的新型固态电池), or the 多 or 余 that makes it "more than"
        return 6.0
    if prev.endswith(_ZH_DAYTIME) and nxt[:1].isdigit():
        return 6.0  # 上午9:30, as a number with its unit
    if nxt in ("了", "的", "着", "过", "得", "地", "们", "吗", "呢", "吧"):
        return 2.0  # a particle stays with the word before it
    if nxt in _ZH_LOCALISERS and is_han(prev[-1:] or " "):
        return 2.0  # ... and a localiser with the phrase it closes
    if nxt in _ZH_NAME_ENDS and is_han(prev[-1:] or " "):
        return 2.5  # 高新技术 | 有限公司: inside a name
    if len(nxt) == 1 and nxt in _ZH_SUFFIXES and is_han(prev[-1:] or " "):
        return 2.5  # 创新 | 链: a compound missing from the dictionary
    if prev.endswith("://") and nxt[:1].isascii():
        return 6.0  # https:// | www.: the scheme stays with the host, as a number with its unit
    if prev[-1:] in "/-_" and (prev[-2:-1] or " ").isascii() and not prev[-2:-1].isspace() \
            and nxt[:1].isascii():
        return 2.5  # inside a long address, file or hyphenated name (cut only when it must be)
    if prev.endswith(" ") and _ascii_alnum(prev.rstrip()[-1:]) and _ascii_alnum(nxt[:1]):
        # between English words or numbers in Chinese: the words of a name or a model, set in
        # Chinese as one (小米14 | Ultra, Mate | 60 Pro), but at an English break's punctuation
        c = _en_break_cost([prev.strip(), nxt], 1)
        return c if c < 1.0 else max(c, 2.5)
    last = prev[-1:]
    if last in "。！？!?":
        return 0.0
    if last in "；;：:—":
        return 0.1  # (a dash as English's "—": 科技——从无人机到传感器—— | 改变了一切)
    if last in "，,…":
        return 0.2
    if last in "、”’）)》」』":
        return 0.35
    if nxt[:1] in "“‘（(《「『":
        return 0.5
    if nxt in ("和", "与", "及", "以及", "并", "并且", "而", "但", "但是", "或", "或者", "同时", "为",
               "以", "对", "在", "把", "将", "使", "让", "从", "向", "等"):
        return 0.6
    return 1.0


# a break inside a Chinese organisation's name (:func:`_zh_in_name`) costs what the same break
# in its English name does: above a plain break (1) and a break before 和 (0.6), the cheapest
# of a clause without punctuation, which fell inside the names (国家发展 | 和改革委员会, 文化 |
# 和旅游部: cues and lines were cut there), and above the cuts a cue is first cut at (0.65).
# After a place or a parent body (国家 | 发展和改革委员会, 河南省委 | 外办, 郑州大学 | 外国语与
# 国际关系学院) it costs NAME_INSIDE, the break a name too long for a line takes, as its English
# breaks before "of the CPC Henan Provincial Committee"; before its 和, 与, 及 NAME_AND_INSIDE;
# after it, between the words of one part and before the name's end (发展和 | 改革委员会, 外事 |
# 工作委员会, 改革 | 委员会) NAME_WORDS_INSIDE. Measured on 18 news sentences with a name, cut
# with their English: 6 had a cue cut inside the name, 5 at its 和 or 与 (国家发展 | 和改革委员会,
# 郑州大学外国语 | 与国际关系学院的学生) and one before its 委员会 (中共河南省委外事工作 | 委员会
# 办公室); 5 now show it whole, the sixth is cut after its parent (郑州大学 | 外国语与国际关系学院
# 的学生, whose English begins "Students from the School of ..."); 9 sentences without a name
# (发展和改革, 郑州和洛阳, 企业和地方政府, 研发和创新中心) are cut as before
_ZH_NAME_CONJ = ("和", "与", "及")
# the ends of the names of organs of state, party and academy (a ministry, a commission, a
# bureau, an office, a school, a branch), a token of their own (改革 | 委员会, 信息化 | 部) or a
# token's end (旅游部, 国际关系学院); only these end a name with a 和 in it (文化和旅游部)
_ZH_ORGAN_ENDS = ("委员会", "常委会", "管委会", "办公室", "办公厅", "联合会", "协会", "学院", "研究院",
                  "研究所", "科学院", "总局", "总署", "分局", "分行", "支行", "分会")
_ZH_ORGAN_CHARS = "部委局厅办院署"
# ... and 部 with the 将 ("will") after it, a word of jieba's dictionary ("a general's
# officer"): 工业和信息化 | 部将 | 支持, 自然资源 | 部将 | 开展 (the only such word of its
# dictionary: an organ's end, then 将, 已, 在, 于, 对 ...)
_ZH_FUSED_ENDS = {"部将"}
# the two-character words that are organs; other two-character words ending in one of those
# characters are not (全部, 干部, 格局, 举办, 部署, 医院)
_ZH_SHORT_ORGANS = {"省委", "市委", "县委", "区委", "党委", "纪委", "军委", "外办", "侨办", "台办",
                    "国办", "教委", "分院"}
# the two-character words of jieba's dictionary (frequency 200 or more) ending in one of those
# characters that name no organ, nor does a longer word ending in one (新格局, 领导干部, 省委常委)
_ZH_NOT_ORGANS = {
    "全部", "干部", "内部", "外部", "局部", "东部", "西部", "南部", "北部", "中部", "头部", "腹部",
    "背部", "底部", "顶部", "面部", "胸部", "颈部", "尾部", "臀部", "前部", "后部", "上部", "下部",
    "大部", "一部", "这部", "各部", "两部", "余部", "半部", "布局", "格局", "大局", "结局", "全局",
    "政局", "开局", "战局", "僵局", "当局", "大厅", "客厅", "餐厅", "展厅", "门厅", "花厅", "举办",
    "创办", "主办", "开办", "兴办", "承办", "协办", "合办", "筹办", "督办", "查办", "代办", "包办",
    "好办", "难办", "惩办", "买办", "公办", "民办", "住院", "庭院", "后院", "寺院", "大院", "该院",
    "两院", "部署", "签署", "原委", "常委", "政委"}
# the ends of other institutions' names (a university, a bank, a government), which common
# nouns end in too (地方政府, 商业银行, 科创中心): a name's end only as the end of a longer
# token (郑州大学, 人民政府, 中国建设银行), which takes no word before it but a place or a parent
_ZH_INSTITUTION_ENDS = ("大学", "中心", "银行", "集团", "公司", "政府", "医院", "法院", "博物馆",
                        "图书馆", "基金会", "出版社", "报社", "电视台", "电台")
# ... and the institutions a place names, a token of their own right after the place (郑州 |
# 海关, 许昌市 | 政府, 洛阳 | 博物馆, 郑州 | 日报), which jieba cuts apart; after any other word
# they are no name (各地 | 海关, 各级 | 政府). Not 大学, 银行, 医院, 中心, 公司: after a place
# they are as often the place's many (中国 | 大学, 河南 | 公司)
_ZH_PLACE_INSTITUTIONS = {"海关", "政府", "日报", "晚报", "博物馆", "博物院", "图书馆", "电视台"}
# ... and the words saying an institution's kind between its place or parent and its end (洛阳市 |
# 人民 | 医院, 河南 | 广播 | 电视台, 郑州市 | 第一 | 人民 | 医院, 郑州大学 | 第一 | 附属 | 医院),
# which jieba cuts apart: with the place or parent before them they make a name's end of an
# institution's end alone (医院, which right after a place is none: 洛阳 | 医院, Luoyang's
# hospitals); after another word, or with no end after them, they are plain words (各地 | 人民 |
# 医院, 人民 | 生活, 广播 | 电视节目)
_ZH_INSTITUTION_KINDS = {"人民", "广播", "附属"}
_ZH_ORDINAL = re.compile(r"第[一二三四五六七八九十]+")  # (第一人民医院)
# the places a name begins with (国家 | 发展和改革委员会), and the ends of a place's name
# (河南省, 郑州市, 兰考县; not 城市, 超市)
_ZH_NAME_PLACES = {"国家", "中共", "中国", "全国", "中央"}
_ZH_PLACE_ENDS = ("省", "市", "县", "自治区", "自治州")
_ZH_NOT_PLACES = ("城市", "超市", "都市", "股市", "楼市", "夜市", "上市", "车市", "房市")
# a company's legal form, which ends nothing but a company's name: with a place before them, up to
# _ZH_COMPANY_WORDS plain words before it are the name's (河南省 | 民航 | 发展 | 投资 | 有限公司)
_ZH_LEGAL_ENDS = ("有限公司", "有限责任公司", "股份有限公司")
_ZH_COMPANY_WORDS = 4
_ZH_NAME_REACH = 5  # (the tokens after a break looked at for the end of a name around it)
_ZH_NAME_TOKENS = 12  # (the tokens before it looked at for the name's beginning)
_ORGAN, _INSTITUTION = 2, 1


@lru_cache(maxsize=1 << 14)
def _zh_name_end(tok: str) -> int:
    """_ORGAN or _INSTITUTION when a token ends an organisation's name, else 0."""
    if tok.endswith(_ZH_ORGAN_ENDS) or tok in _ZH_FUSED_ENDS:
        return _ORGAN
    if tok and tok[-1] in _ZH_ORGAN_CHARS and tok != "办":  # (办 alone is "do")
        if len(tok) == 1 or (tok in _ZH_SHORT_ORGANS if len(tok) == 2 else
                             tok[-2:] not in _ZH_NOT_ORGANS and _zh_name_word(tok)):
            return _ORGAN
        return 0
    if tok.endswith(_ZH_INSTITUTION_ENDS) and tok not in _ZH_INSTITUTION_ENDS and \
            _zh_name_word(tok) or tok in _ZH_PLACE_INSTITUTIONS:
        return _INSTITUTION
    return 0


def _zh_kind(tok: str) -> bool:
    """A word saying an institution's kind before its end (人民, 广播, 第一)."""
    return tok in _ZH_INSTITUTION_KINDS or bool(_ZH_ORDINAL.fullmatch(tok))


def _zh_end_at(toks: Sequence[str], h: int) -> int:
    """:func:`_zh_name_end` of toks[h]; _INSTITUTION too for an institution's end alone after a
    word of its kind (人民 | 医院, 广播 | 电视台), which ends a name only so."""
    return _zh_name_end(toks[h]) or (
        _INSTITUTION if h > 0 and _zh_kind(toks[h - 1]) and (
            toks[h] in _ZH_INSTITUTION_ENDS or toks[h] in _ZH_PLACE_INSTITUTIONS) else 0)


def _zh_bare_end(tok: str) -> bool:
    """Whether a token is a name's end alone (委员会, 部), after the word it ends."""
    return tok in _ZH_ORGAN_ENDS or tok in _ZH_FUSED_ENDS or (
        len(tok) == 1 and tok in _ZH_ORGAN_CHARS)


@lru_cache(maxsize=1 << 14)
def _zh_name_word(tok: str) -> bool:
    """A token a name's words may be: two or more Han characters (not 由, 在, 和)."""
    return len(tok) >= 2 and all(is_han(ch) for ch in tok)


def _zh_place(tok: str) -> bool:
    """A place or a parent body a name may begin with: 国家, 中共; a place's name with its end
    (河南省, 郑州市, 兰考县), or a province or city named without it (河南, 郑州, 洛阳, 开封:
    :func:`lexicon.is_place`), as news writes 郑州海关, 洛阳博物馆, 开封文旅局."""
    return tok in _ZH_NAME_PLACES or (_zh_name_word(tok) and (
        len(tok) >= 3 and tok.endswith(_ZH_PLACE_ENDS) and not tok.endswith(_ZH_NOT_PLACES)
        or lexicon.is_place(tok)))


def _zh_plain_word(tok: str) -> bool:
    """A name's word that is neither a place nor a name's end."""
    return _zh_name_word(tok) and not _zh_place(tok) and not _zh_name_end(tok)


def _zh_prefix_word(tok: str) -> bool:
    """A place or a parent body a name's words may come after (河南省, 国家, 郑州大学)."""
    return _zh_name_word(tok) and not _zh_plain_word(tok)


def _zh_in_name(tokens: Sequence[str], k: int) -> float:
    """The least a break between tokens[k-1] and tokens[k] costs for falling inside an
    organisation's name, as :func:`_in_name` for English: "国家发展和改革委员会" stays on one
    line where the line allows, and "中共河南省委 | 外事工作委员会办公室" breaks after its parent
    body where it does not; 0 outside one.

    Chinese has no capitals: a name is a run of words without punctuation that ends in an
    organ's name end (部, 委员会, 局, 厅, 学院: ``_ZH_ORGAN_ENDS``, a token of its own or a
    token's end) or an institution's (大学, 银行, 政府, as a token's end), with before it the
    word a bare end ends (改革 | 委员会), a 和, 与 or 及 between two words before an organ's end
    (文化和旅游部, 外国语与国际关系学院), up to two more words before an organ's end where a place
    or a parent body comes before them (河南省 | 文物考古研究院, 国家 | 市场监督管理总局), and that
    place or parent (国家, 河南省, 中共河南省委, 郑州大学). Not so "发展和改革" or "郑州和洛阳"
    without a name's end after them, "企业和地方政府" (政府 ends no organ, 地方政府 is no name),
    "商务部和外交部" (two names), 新格局 or 领导干部, nor the words before a name (受到 | 文化和
    旅游部)."""
    n = len(tokens)
    h = k
    while True:  # (most breaks have no name's end within reach after them: told here)
        if h >= n or h - k > _ZH_NAME_REACH:
            return 0.0
        t = tokens[h]
        if _zh_end_at(tokens, h):
            break
        if t not in _ZH_NAME_CONJ and not _zh_name_word(t):
            return 0.0
        h += 1
    if tokens[k - 1] not in _ZH_NAME_CONJ and not _zh_name_word(tokens[k - 1]):
        return 0.0
    start = max(0, k - _ZH_NAME_TOKENS)
    return _zh_name_across(tuple(tokens[start:k + _ZH_NAME_REACH + 1]), k - start)


@lru_cache(maxsize=1 << 16)
def _zh_name_across(toks: tuple[str, ...], k: int) -> float:
    """:func:`_zh_in_name` of the tokens around a break, a name's end within reach after it."""
    cost = 0.0
    for h in range(k, len(toks)):
        t = toks[h]
        if _zh_end_at(toks, h):
            cost = max(cost, _zh_name_before(toks, h).get(k, 0.0))
        if t not in _ZH_NAME_CONJ and not _zh_name_word(t):
            break
    return cost


def _zh_name_before(toks: tuple[str, ...], h: int, depth: int = 0) -> dict[int, float]:
    """The breaks inside the name that toks[h] ends (break j: before toks[j]), with their
    costs; empty when toks[h] ends none (a bare end without a word before it: 的 | 委员会)."""
    kind = _zh_end_at(toks, h)
    inside: dict[int, float] = {}
    s = h  # (the name's last part is toks[s:h + 1])
    if kind == _INSTITUTION and h > 0 and _zh_kind(toks[h - 1]):
        # the words of an institution's kind, after its place or parent (洛阳市 | 人民 | 医院)
        while s > 0 and _zh_kind(toks[s - 1]):
            inside[s] = NAME_WORDS_INSIDE
            s -= 1
        if s == 0 or not _zh_prefix_word(toks[s - 1]):
            return {}
        inside[s] = NAME_INSIDE
        return _zh_name_prefix(toks, s - 1, inside, depth)
    placed = toks[h] in _ZH_PLACE_INSTITUTIONS
    if placed or _zh_bare_end(toks[h]) or toks[h][0] in "省市县区":
        # the word a bare end ends (改革 | 委员会, 郑州 | 市委), a place's (河南省 | 分行), a
        # body's (委员会 | 办公室), whatever it is; the place an institution of a place's ends
        # (郑州 | 海关)
        if h == 0 or not (_zh_place if placed else _zh_name_word)(toks[h - 1]):
            return {}
        s = h - 1
        inside[h] = NAME_WORDS_INSIDE
        if not _zh_plain_word(toks[s]):
            return _zh_name_prefix(toks, s, inside, depth)
    # an organ's name takes the words before it joined by a 和 (its word before the 和, and one
    # more before that where a place or parent comes first: 郑州市 | 文化广电和旅游局), or up to
    # two where a place or parent comes before them; a company's legal form up to
    # _ZH_COMPANY_WORDS (河南省 | 民航发展投资有限公司: a line had broken 河南省民航发展 | 投资...)
    company = toks[h].endswith(_ZH_LEGAL_ENDS)
    most = _ZH_COMPANY_WORDS if company else 2
    j, conj, taken = s, 0, 0
    while (kind == _ORGAN or company) and j > 0:
        t = toks[j - 1]
        if t in _ZH_NAME_CONJ and not conj and j >= 2 and _zh_plain_word(toks[j - 2]):
            conj, j, taken = j - 1, j - 2, 0
        elif _zh_plain_word(t) and taken < (1 if conj else most):
            j, taken = j - 1, taken + 1
        else:
            break
    prefixed = j > 0 and _zh_prefix_word(toks[j - 1])
    first = j if prefixed else (conj - 1 if conj else s)
    for b in range(first + 1, s + 1):
        inside[b] = NAME_AND_INSIDE if b == conj else NAME_WORDS_INSIDE
    if prefixed:
        inside[j] = NAME_INSIDE
        return _zh_name_prefix(toks, j - 1, inside, depth)
    return inside


def _zh_name_prefix(toks: tuple[str, ...], p: int, inside: dict[int, float], depth: int
                    ) -> dict[int, float]:
    """``inside`` with the breaks inside the place or parent body that toks[p] ends, and
    before it (中国建设银行 | 河南省 | 分行, 国务院 | 国有资产监督管理委员会)."""
    if _zh_end_at(toks, p) and depth < 3:
        for b, c in _zh_name_before(toks, p, depth + 1).items():
            inside.setdefault(b, c)
    elif _zh_place(toks[p]) and p > 0 and _zh_prefix_word(toks[p - 1]):
        inside[p] = NAME_INSIDE  # (中共 | 河南省)
        return _zh_name_prefix(toks, p - 1, inside, depth)
    return inside


def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


# the marks that open a span a Chinese line had better not break inside, with the mark that
# closes it and its kind
_ZH_SPANS = {"“": ("”", "quote"), "‘": ("’", "quote"), "「": ("」", "quote"),
             "『": ("』", "quote"), "《": ("》", "title"), "〈": ("〉", "title"),
             "（": ("）", "bracket"), "(": (")", "bracket"), "【": ("】", "bracket"),
             "〔": ("〕", "bracket")}


def _enclosing(tokens: Sequence[str]) -> list[_Inside]:
    """The spans (quotes, 《》 titles, brackets) that enclose each token boundary. A closing mark closes
    the nearest span it matches (one without its opening mark, an apostrophe, closes none); a
    span not closed in the text runs to its end (a cue's part of a longer quote)."""
    text = "".join(tokens)
    starts, pos = [0], 0
    for t in tokens:
        pos += len(t)
        starts.append(pos)
    closers = {close: kind for close, kind in _ZH_SPANS.values()}
    stack: list[tuple[int, str]] = []  # (offset, opening mark)
    spans: list[tuple[int, int, str]] = []
    for i, ch in enumerate(text):
        if ch in _ZH_SPANS:
            stack.append((i, ch))
        elif ch in closers:
            at = next((d for d in range(len(stack) - 1, -1, -1)
                       if _ZH_SPANS[stack[d][1]][0] == ch), None)
            if at is not None:
                spans.append((stack[at][0], i, _ZH_SPANS[stack[at][1]][1]))
                del stack[at:]
    spans += [(i, len(text), _ZH_SPANS[ch][1]) for i, ch in stack]
    # a boundary at offset p (before text[p]) is inside a span opened at a and closed at b
    # when a < p <= b: after its opening mark, up to and before its closing one
    return [_Inside(**Counter(kind for a, b, kind in spans if a < p <= b)) for p in starts]


class ChineseWords:
    """jieba, with the episode's glossary and the terms its Chinese text repeats."""

    def __init__(self, glossary: Iterable[str] = (), corpus: str = ""):
        import jieba

        from .zhdict import Tokenizer  # jieba, reading only the dictionary entries it needs

        jieba.setLogLevel(logging.WARNING)
        self._tk = Tokenizer()
        # a Traditional script is cut in Simplified: jieba's dictionary is Simplified
        corpus = to_simplified(corpus)
        glossary = {to_simplified(t) for t in glossary}
        self.terms = tuple(sorted(glossary | set(repeated_terms(corpus, self._tk.cut))))
        for term in self.terms:
            self._tk.add_word(term, freq=max(self._tk.suggest_freq(term), 1000))

    def cut(self, text: str) -> list[str]:
        simple = to_simplified(text)
        toks = [t for t in self._tk.cut(simple) if t]
        if simple == text:
            return toks
        out, at = [], 0  # the same words, in the text's own characters
        for t in toks:
            out.append(text[at:at + len(t)])
            at += len(t)
        return out


def repeated_terms(corpus: str, cut) -> list[str]:
    """Han strings of 3-6 characters that the text repeats and that begin and end on word
    boundaries in most of their occurrences: the episode's own terms (产业集聚区). A boundary
    inside an organisation's name (:func:`_zh_in_name`) is none: a name the text repeats gave
    its pieces as terms (开封市文化 | 广电和旅游局: 开封市文化, 文化广电), and its line broke
    between them."""
    if not corpus:
        return []
    runs = re.findall(r"[\u4e00-\u9fff]{3,}", corpus)
    counts: Counter[str] = Counter()
    for run in runs:
        for n in range(3, 7):
            for i in range(len(run) - n + 1):
                counts[run[i:i + n]] += 1
    cands = {g: c for g, c in counts.items() if c >= 2}
    if not cands:
        return []
    bounds: dict[str, list[int]] = {}
    agree: Counter[str] = Counter()
    for run in runs:
        toks = cut(run)
        pos, cuts = 0, {0, len(run)}
        for k, tok in enumerate(toks[:-1], 1):
            pos += len(tok)
            if not _zh_in_name(toks, k):
                cuts.add(pos)
        bounds[run] = sorted(cuts)
        for n in range(3, 7):
            for i in range(len(run) - n + 1):
                g = run[i:i + n]
                if g in cands and i in cuts and i + n in cuts:
                    agree[g] += 1
    chosen = [g for g, c in cands.items() if agree[g] * 2 >= c and agree[g] >= 1
              and not _is_single_word(g, cut) and not _is_phrase(g, cut)]
    # keep maximal terms: drop a term inside a longer chosen term that is as frequent
    chosen.sort(key=len, reverse=True)
    keep: list[str] = []
    for g in chosen:
        if not any(g in longer and cands[longer] >= cands[g] for longer in keep):
            keep.append(g)
    return keep


def _is_single_word(g: str, cut) -> bool:
    return len(cut(g)) == 1


# characters that, cut as a word of their own, tell a repeated string is a phrase and not a
# term: function words (在郑州, 的发展, 区和服务业) and a date's unit after its digits (23日上午)
_ZH_NOT_IN_TERMS = set("的了和与及或在于对将把被是为从向由并而日月年号")


def _is_phrase(g: str, cut) -> bool:
    """Whether ``g`` is words joined by a function word, or begins with a suffix (区功能, the
    end of one term and the start of the next): a phrase the text repeats, not a term."""
    toks = cut(g)
    return any(t in _ZH_NOT_IN_TERMS for t in toks) or toks[0] in _ZH_SUFFIXES


# --------------------------------------------------------------------------------------------
# Line breaking


def _part_widths(toks: Sequence[str], j0: int, ends: Sequence[int]) -> list[float]:
    """``zh_width(_drop_line_end("".join(toks[j0:e])))`` for each of the increasing ``ends``,
    in one pass over the characters (the widths are halves and ones: the sums are exact)."""
    text = "".join(toks[j0:ends[-1]]) if ends else ""
    cum = [0.0]
    first = None  # the first character that is not white space
    last = []  # for each prefix length: index of its last character kept at a line end
    k = -1
    for i, ch in enumerate(text):
        cum.append(cum[-1] + char_width(ch))
        if first is None and not ch.isspace():
            first = i
        if not ch.isspace() and ch not in ZH_DROP_AT_LINE_END:
            k = i
        last.append(k)
    out, length = [], 0
    pos = j0
    for e in ends:
        while pos < e:
            length += len(toks[pos])
            pos += 1
        end = last[length - 1] if length else -1
        out.append(cum[end + 1] - cum[first] if first is not None and end >= first else 0.0)
    return out


def _drop_line_end(line: str) -> str:
    line = line.strip()
    while line and line[-1] in ZH_DROP_AT_LINE_END:
        line = line[:-1].rstrip()
    return line


def break_en(text: str, limit: int = 42, max_lines: int = 2) -> tuple[str, ...]:
    """English display lines: one when it fits, else balanced lines at good break points."""
    text = collapse_ws(text)
    if len(text) <= limit or not text:
        return (text,) if text else ()
    words = text.split(" ")
    if any(len(w) > limit for w in words):
        # a word wider than a line (a URL, a long hyphenated compound) may break after its
        # / or - : its pieces carry a joiner that the line's text drops
        words = [p for w in words for p in (_glued(w) if len(w) > limit else [w])]
        best = _best_lines(words, limit, max_lines, " ", _en_width, _en_glued_cost)
        return tuple(_unglue(line) for line in best)
    best = _best_lines(words, limit, max_lines, " ", len, _en_break_cost)
    return tuple(best)


_GLUE = "\u2060"


def _glued(word: str) -> list[str]:
    parts = _RUN_CUT.split(word)
    return [p + _GLUE for p in parts[:-1]] + parts[-1:]


def _unglue(line: str) -> str:
    return line.replace(_GLUE + " ", "").replace(_GLUE, "")


def _en_width(line: str) -> int:
    return len(_unglue(line))


def _en_glued_cost(words: Sequence[str], k: int) -> float:
    if words[k - 1].endswith(_GLUE):
        return 6.0 if words[k - 1].endswith("://" + _GLUE) else 2.5
    return _en_break_cost([w.replace(_GLUE, "") for w in words[k - 1:k + 1]], 1)


def break_zh(text: str, words: ChineseWords | None, limit: float = 16,
             max_lines: int = 2, *, measure=None) -> tuple[str, ...]:
    """Chinese display lines, broken between words, line-final ，。 dropped. ``measure``: a
    line's width in the units of ``limit`` instead (a credits card measures its lines in em
    of the font); its lines keep their punctuation as written (a card shows a paragraph)."""
    end = _drop_line_end if measure is None else str.strip
    width = zh_width if measure is None else measure
    text = text.strip()
    if not text:
        return ()
    if width(end(text)) <= limit:
        return (end(text),)
    tokens = _zh_tokens(text, words)
    depths = _enclosing(tokens)

    def cost(toks, k):
        return _zh_break_cost(toks, k, depths[k])

    lines = _best_lines(tokens, limit, max_lines, "", lambda s: width(end(s)), cost)
    return tuple(end(line) for line in lines if end(line))


_RUN_CHARS = re.compile(r"[A-Za-z0-9./:\-_%&@?=#~+]+")
_RUN_CUT = re.compile(r"(?<=[/\-_])(?=[A-Za-z0-9])")  # (a file name breaks after its _)


def _zh_tokens(text: str, words: ChineseWords | None) -> list[str]:
    toks = words.cut(text) if words else list(text)
    # a run of Latin letters, digits and the punctuation of addresses and numbers, written
    # without spaces, is one token (jieba cuts https://www.example.gov.cn/... and 12.5% at
    # every dot); a run wider than half a line may break after its / and - (cost 2.5)
    out: list[str] = []
    for t in toks:
        if t.isspace() and out:
            out[-1] += t  # glue spaces to the token before them: no line starts with one
        elif out and _RUN_CHARS.fullmatch(t) and _RUN_CHARS.fullmatch(out[-1]):
            out[-1] += t
        else:
            out.append(t)
    # a number with thousands separators is one token too (3,000 was cut after its comma,
    # which the line end then dropped)
    k = 1
    while k + 1 < len(out):
        if out[k] == "," and re.search(r"(?<![\d,])\d{1,3}(?:,\d{3})*$", out[k - 1]) and \
                re.match(r"\d{3}(?!\d)", out[k + 1]):
            out[k - 1:k + 2] = [out[k - 1] + "," + out[k + 1]]
        else:
            k += 1
    if not any(len(t) > 16 for t in out):
        return out
    split: list[str] = []
    for t in out:
        split.extend(_RUN_CUT.split(t) if len(t) > 16 and _RUN_CHARS.fullmatch(t.rstrip())
                     else [t])
    return split


def _best_lines(items: Sequence[str], limit: float, max_lines: int, sep: str, measure,
                break_cost) -> list[str]:
    """Fewest lines within ``limit``, then the best breaks and balance (dynamic programming).

    When no break keeps every line within the limit, the result keeps the fewest overflows.
    """
    n = len(items)

    def overflow(width: float) -> float:
        # any overflow, a half-width character's too, costs more than every way of breaking
        # that keeps within the limit (whose costs stay under 100)
        over = width - limit
        return 100.0 * (1.0 + over) if over > 0 else 0.0

    def seg(i: int, j: int) -> str:
        return sep.join(items[i:j]).strip()

    @lru_cache(maxsize=None)
    def best(i: int, lines_left: int) -> tuple[float, tuple[int, ...]]:
        whole = measure(seg(i, n))
        if lines_left == 1:
            return (overflow(whole), (n,))
        # the rest on one line (over the limit, it costs its overflow: a word too wide for any
        # line must not make every way of breaking before it impossible)
        result = (overflow(whole), (n,))
        for j in range(i + 1, n):
            head = measure(seg(i, j))
            if head > limit and j > i + 1:
                break
            bc = break_cost(items, j)
            if bc == math.inf:
                continue
            tail_cost, tail = best(j, lines_left - 1)
            tail_len = measure(seg(j, tail[0]))
            balance = abs(head - tail_len) / max(limit, 1)
            c = overflow(head) + 5.0 + bc + 1.5 * balance + tail_cost
            if c < result[0]:
                result = (c, (j,) + tail)
        return result

    for lines in range(1, max_lines + 1):
        cost, ends = best(0, lines)
        if cost < 100.0:
            break
    else:
        cost, ends = best(0, max_lines + 2)  # overflow: more lines; QC reports it
    out, start = [], 0
    for e in ends:
        out.append(seg(start, e))
        start = e
    return [line for line in out if line]


# --------------------------------------------------------------------------------------------
# Cutting a sentence pair into display-sized parts


def _en_fits(text: str, lim: Limits) -> bool:
    """Within the lines and the reading time, on lines that break well: English that fits two
    lines only as "... holiday, the / museum ..." (after an article, an auxiliary, inside a
    number) is cut into two cues instead, where a cut can be had."""
    lines = break_en(text, lim.en_chars, lim.max_lines)
    return len(lines) <= lim.max_lines and all(len(line) <= lim.en_chars for line in lines) \
        and len(text) / lim.en_cps * 1000 <= lim.max_duration_ms \
        and _line_break_penalty(text.split(), lim) < BAD_LINE_BREAK


ZH_BAD_LINE_BREAK = 6.0  # a number from its unit (126,058.2 | 亿元)


def _zh_fits(text: str, words: ChineseWords | None, lim: Limits) -> bool:
    """Within the lines and the reading time, on lines that do not part a number from its unit
    (a part that fits only so is cut into two cues instead, where a cut can be had)."""
    if zh_width(text) > lim.zh_chars * lim.max_lines + 1:
        return False
    lines = break_zh(text, words, lim.zh_chars, lim.max_lines)
    return len(lines) <= lim.max_lines and all(zh_width(line) <= lim.zh_chars for line in lines) \
        and han_count(text) / lim.zh_cps * 1000 <= lim.max_duration_ms \
        and _zh_line_break_cost(text.strip(), lines, words) < ZH_BAD_LINE_BREAK


def _zh_line_break_cost(text: str, lines: Sequence[str], words: ChineseWords | None) -> float:
    """The cost (:func:`_zh_break_cost`) of the worst of the breaks between ``lines``."""
    if len(lines) < 2:
        return 0.0
    toks = _zh_tokens(text, words)
    depths = _enclosing(toks)
    ends, pos = {}, 0
    for k, t in enumerate(toks, 1):
        pos += len(t)
        ends[pos] = k
    worst, pos = 0.0, 0
    for line in lines[:-1]:
        pos = text.index(line, pos) + len(line)
        while pos < len(text) and (text[pos].isspace() or text[pos] in ZH_DROP_AT_LINE_END):
            pos += 1  # (the line end it dropped)
        k = ends.get(pos)
        if k is not None and 0 < k < len(toks):
            worst = max(worst, _zh_break_cost(toks, k, depths[k]))
    return worst


def _cands_en(text: str) -> tuple[list[str], list[int], list[float]]:
    words = text.split(" ")
    pos, offs = 0, [0]
    for w in words:
        pos += len(w) + 1
        offs.append(pos - 1)
    return words, offs, [_en_break_cost(words, k) if 0 < k < len(words) else 0.0
                         for k in range(len(words) + 1)]


def split_pair(en: str, zh: str, words: ChineseWords | None, lim: Limits,
               hints: "Hints | None" = None) -> list[tuple[str, str]]:
    """Cut one aligned sentence pair into parts that each fit both languages' limits.

    Breaks in the two languages are chosen together by dynamic programming over pairs of good
    break points (punctuation, conjunctions, prepositions): each break costs its quality in both
    languages plus the distance between its relative positions in the two texts, and each part
    costs a constant, so the result has few parts whose Chinese and English say the same thing.
    """
    en, zh = collapse_ws(en), zh.strip()
    if (not en or _en_fits(en, lim)) and (not zh or _zh_fits(zh, words, lim)) \
            and _said_in_time(en, zh, lim):
        return [(en, zh)]
    if en and " " not in en and not _en_fits(en, lim) \
            and zh_width(_RUN_CHARS.sub("", zh)) <= lim.zh_chars:
        # one word (a web address) that cannot be cut, said by a Chinese part that is mostly the
        # same address: one cue (QC reports the overflow), not a cue per piece of the address
        return [(en, zh)]
    ew, eoffs, ecost = _cands_en(en) if en else ([], [0], [0.0])
    toks = _zh_tokens(zh, words) if zh else []
    depths = _enclosing(toks)
    zoffs = [0.0]
    for t in toks:
        zoffs.append(zoffs[-1] + zh_width(t))
    zcost = [0.0] + [_zh_break_cost(toks, k, depths[k]) for k in range(1, len(toks))] + [0.0]
    if len(ew) > LONG_WORDS or len(toks) > LONG_WORDS:
        # a "sentence" of many cues (a paragraph without full stops): the planner's pairs of
        # break points grow as the square of its length and the plan as the fourth power (a
        # 2,500-character pair took a minute, 5,000 never ended); halved at the best breaks
        # near its middle, each half is planned by itself
        i = _best_near(ecost, 0.5 * len(ew), 0.1 * len(ew)) if en else 0
        rel = eoffs[i] / max(eoffs[-1], 1) if en else 0.5
        j = _best_near(zcost, _index_at(zoffs, rel), 0.1 * len(toks)) if zh else 0
        halves = ((" ".join(ew[:i]), "".join(toks[:j])), (" ".join(ew[i:]), "".join(toks[j:])))
        return [part for e, z in halves for part in split_pair(e, z, words, lim, hints)]
    marks = _mark_indices(en, ew, zh, toks) if en and zh else []
    args = (en, ew, eoffs, ecost, zh, toks, zoffs, zcost, lim, hints)
    out = _cut_pair(args, marks, words)
    if marks and out:
        # the marks pull the cuts to where the languages say the same thing; if the parts
        # that leaves cannot be cut well in turn (a part empty in one language, or more
        # parts), the cuts by position alone, unless those part a figure the marks kept
        # together (one cue fewer is not worth 30.8万亿元 over "China's total imports and
        # exports" and "30.8 trillion yuan" under the next cue's Chinese)
        plain = _cut_pair(args, [], words)
        if (len(out) > len(plain) or (_one_sided(out) and not _one_sided(plain))) \
                and _figures_parted(plain) <= _figures_parted(out):
            out = plain
    return out


def _figures_crossed(plan: Sequence[tuple[int, int]], marks) -> int:
    """How many of the figures among ``marks`` (those that cost :data:`MARK_CROSSED`) the
    ``plan``'s break points put in one part in English and another in Chinese."""
    return round(_crossed(plan, [m for m in marks if m[2] == MARK_CROSSED]) / MARK_CROSSED)


def _crossed(plan: Sequence[tuple[int, int]], marks) -> float:
    """The weight of the ``marks`` the ``plan``'s break points put in one part in English
    and another in Chinese."""
    e_ends, z_ends = [i for i, _ in plan], [j for _, j in plan]
    return sum(weight for e, z, weight in marks
               if bisect_right(e_ends, e) != bisect_right(z_ends, z))


FIGURE_LINE_BREAK = 2.0  # a break after a preposition (3 is after an article)


def _worst_line_break(plan: Sequence[tuple[int, int]], args, words: ChineseWords | None
                      ) -> float:
    """The cost of the worst line break the ``plan``'s parts need, as far as they fit their
    lines (the best break of each part, in either language; 1 for an ordinary one)."""
    _en, ew, _eo, _ec, zh, toks, _zo, _zc, lim, _hints = args
    worst, (pi, pj) = 1.0, (0, 0)
    for i, j in plan:
        worst = max(worst, 1.0 + 2.0 * _line_break_penalty(ew[pi:i], lim))
        if zh:
            z = "".join(toks[pj:j]).strip()
            worst = max(worst, _zh_line_break_cost(z, break_zh(z, words, lim.zh_chars,
                                                               lim.max_lines), words))
        pi, pj = i, j
    return worst


def _mismatched(plan: Sequence[tuple[int, int]], marks) -> int:
    """How many of the ``plan``'s parts hold, in either language, marks whose other language
    is in another part, and none whose other language is in the same part: parts whose two
    languages say different things (who said it, often at the other end, is let go)."""
    e_ends, z_ends = [i for i, _ in plan], [j for _, j in plan]
    own, away = set(), set()
    for e, z, w in marks:
        if w == SAID_CROSSED:
            continue
        pe, pz = bisect_right(e_ends, e), bisect_right(z_ends, z)
        if pe == pz:
            own.add(pe)
        else:
            away.update((pe, pz))
    return len(away - own)


# a plan's marks where no strong break pairs a sentence's clauses (:func:`_paired_plan`): the
# words a dictionary pairs weigh this many times as much (2.0, as a figure), and the distance
# between a break's places in the two languages a quarter of what it does otherwise
WORDS_CROSSED = 4.0
REORDERED_POSITION = 1.0
PLAIN_BREAK = 1.0  # a break between two plain words


def _paired_plan(found, args, marks, words: ChineseWords | None):
    """``found`` (a plan of strong breaks), or a plan that breaks English at strong breaks still
    but Chinese at any plain one, where ``found`` leaves a part whose two languages say different
    things (:func:`_mismatched`) and that plan leaves none and crosses fewer of the words a
    dictionary pairs. The translation put a sentence's clauses in another order and the only
    strong break in Chinese fell between them: "Hotels in the city reported an occupancy
    rate" had stood over 开幕首个周末， and "of over 90 percent during the first weekend." over
    全市酒店入住率超过90%。; they stand over 开幕首个周末，全市酒店入住率 and 超过90%。. The
    pairs out of order count too, and weigh as figures do: among the plain breaks, the cut
    that crosses fewest, less the one at the same place in both languages."""
    en, ew, _eo, _ec, zh, toks, _zo, _zc, _lim, _hints = args
    if not _mismatched(found[0], marks):
        return found
    every = _mark_indices(en, ew, zh, toks, ordered=False)
    heavy = [(e, z, w * WORDS_CROSSED if w < SAID_CROSSED else w) for e, z, w in every]
    finer = _plan_parts(*args, heavy, strong_only=True, allow_stay=False,
                        position=REORDERED_POSITION, zh_limit=PLAIN_BREAK)
    if finer and not _mismatched(finer[0], every) \
            and _crossed(finer[0], every) < _crossed(found[0], every) \
            and _worst_line_break(finer[0], args, words) <= max(
                _worst_line_break(found[0], args, words), FIGURE_LINE_BREAK):
        return finer
    return found


def _one_sided(parts: Sequence[tuple[str, str]]) -> bool:
    return any(not e or not z for e, z in parts)


def _figures_parted(parts: Sequence[tuple[str, str]]) -> int:
    """How many times a figure both languages of the parts write as often (a number in
    digits, an acronym: :func:`figures`) is in one language of a part and not in the other."""
    e_all = Counter(k for e, _ in parts for k, _ in figures(e, "en"))
    z_all = Counter(k for _, z in parts for k, _ in figures(z, "zh"))
    both = {k for k in e_all if e_all[k] == z_all[k]}
    parted = 0
    for e, z in parts:
        ce = Counter(k for k, _ in figures(e, "en") if k in both)
        cz = Counter(k for k, _ in figures(z, "zh") if k in both)
        parted += sum(((ce - cz) + (cz - ce)).values())
    return parted


def _cut_pair(args, marks, words: ChineseWords | None) -> list[tuple[str, str]]:
    """``split_pair``'s plan for one pair, its parts cut in turn."""
    en, ew, _eoffs, _ecost, zh, toks, _zoffs, _zcost, lim, hints = args
    # (the marks only choose among the strong breaks: let them pull in weaker ones, and they
    # cut names, words and 的-phrases: "said Zhang | Ming", 70%的 | 产品)
    found = _plan_parts(*args, marks, strong_only=True, allow_stay=False)
    if found and found[1] > READ_LACK_COST * 0.5 and not (hints and hints.covers(en)):
        # the strong breaks leave a part that cannot be read while it is said: weaker
        # breaks may pair the two languages better
        finer = _plan_parts(*args, marks, strong_only=False, allow_stay=False)
        if finer and finer[2] < found[2]:
            found = finer
    elif found and _figures_crossed(found[0], marks) and not (hints and hints.covers(en)):
        # the strong breaks part a figure both languages write (a cue said "the China Manned
        # Space Agency (CMSA) said." over 在完成为期6个月的天宫空间站驻留任务后返回地球, the
        # "six-month mission" a cue before): weaker breaks that part fewer are taken, but not
        # for the other marks alone (the names and 的-phrases above), nor where their parts'
        # lines then break worse than after a preposition ("said Zhang | Ming" to keep
        # 150,000 with its 15万吨)
        finer = _plan_parts(*args, marks, strong_only=False, allow_stay=False)
        if finer and _figures_crossed(finer[0], marks) < _figures_crossed(found[0], marks) \
                and _worst_line_break(finer[0], args, words) <= max(
                    _worst_line_break(found[0], args, words), FIGURE_LINE_BREAK):
            found = finer
    elif found and marks and not (hints and hints.covers(en)):
        found = _paired_plan(found, args, marks, words)
    found = found or _plan_parts(*args, marks, strong_only=False, allow_stay=False) or \
        _plan_parts(*args, marks, strong_only=False, allow_stay=True)
    plan = found[0] if found else None
    if not plan:
        return [(en, zh)]  # one word longer than a line: nothing to cut; QC reports it
    out: list[tuple[str, str]] = []
    (pi, pj) = (0, 0)
    for i, j in plan:
        e_part = " ".join(ew[pi:i]) if en else ""
        z_part = "".join(toks[pj:j]).strip() if zh else ""
        if (e_part, z_part) == (en, zh):
            return [(en, zh)]
        out.extend(split_pair(e_part, z_part, words, lim, hints))
        pi, pj = i, j
    return out


# a break with a mark both languages write (12.5%, MOFCOM) before it in one language and after
# it in the other costs this for each such mark (a poor break costs 3); who said it (said,
# according to; 说, 据) less: the two languages often put it at opposite ends
MARK_CROSSED = 2.0
# a cue whose English ends one sentence and begins the next ("... innovation chains. We will
# carry out"), where a cut at the sentence's end can be had
SENTENCE_INSIDE = 0.8
LEXICAL = True  # marks of words that translate each other (:mod:`subtitler.lexicon`)
SAID_CROSSED = 1.0


def _mark_indices(en: str, ew: Sequence[str], zh: str, toks: Sequence[str],
                  ordered: bool = True) -> list[tuple[int, int, float]]:
    """(word index, token index, cost of crossing it) of each mark both languages write
    (``paired_marks``)."""
    e_starts, pos = [], 0
    for w in ew:
        e_starts.append(pos)
        pos += len(w) + 1
    z_starts, pos = [], 0
    for t in toks:
        z_starts.append(pos)
        pos += len(t)
    if pos != len(zh):  # (the tokens always spell the text; if not, no marks)
        return []
    marks = [(bisect_right(e_starts, e) - 1, bisect_right(z_starts, z) - 1,
              SAID_CROSSED if key == "said" else MARK_CROSSED)
             for e, z, key in paired_marks(en, zh)]
    kept = _in_order(marks)
    if any(m not in kept and m[2] == MARK_CROSSED and not _local(m, kept) for m in marks):
        # numbers out of order: the translation puts whole clauses in another order, and
        # every cut crosses some; cut by position (even parts), and QC warns (crossed_pair)
        return []
    # (who said it is often at the other end: that mark alone is let go)
    if LEXICAL:  # and the words the dictionary says translate each other, in the same order
        # (in the order of the marks kept so far: a list of six words must not outweigh, and
        # drop, the number both languages write)
        words = [m for m in lexicon.word_pairs(ew, toks)
                 if all((m[0] < e) == (m[1] < z) and (m[0] > e) == (m[1] > z) for e, z, _ in kept)]
        paired = _in_order(sorted(set(kept) | set(words)))
        if ordered:
            return paired
        # (and, unordered, the pairs of words no pair in order has: those the translation put
        # in another clause; not 牡丹籽油's 牡丹 again, the "peonies" of 种植牡丹)
        e_in, z_in = {e for e, _z, _w in paired}, {z for _e, z, _w in paired}
        return sorted(set(paired) | {m for m in words if m[0] not in e_in and m[1] not in z_in})
    return kept


# marks this near each other in both languages (words, tokens) are one phrase's ("June 13, 2014"
# and 2014年6月13日: day and year in the other order), which no cut parts
_LOCAL_WORDS, _LOCAL_TOKENS = 2, 4


def _local(mark: tuple[int, int, float], kept: Sequence[tuple[int, int, float]]) -> bool:
    """Whether a mark out of order is so only against a kept mark of the same phrase: a date's
    day and year, which English and Chinese write in the other order, are no clauses put in
    another order (all marks had been let go for them: the cut paired "a Cargolux Boeing 747
    freighter landed" with 2014年6月13日 and its 一架卢森堡货航波音747货机降落 with the next
    cue's English)."""
    return any(abs(e - mark[0]) <= _LOCAL_WORDS and abs(z - mark[1]) <= _LOCAL_TOKENS
               for e, z, _w in kept)


def _in_order(marks: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The heaviest subset of ``marks`` (sorted by English position) whose Chinese positions
    rise too. A mark out of that order says the translation put its clause elsewhere, which no
    cut into successive parts can mend."""
    if len(marks) < 2:
        return marks
    best = [m[2] for m in marks]
    came = [-1] * len(marks)
    for k, (e, z, w) in enumerate(marks):
        for i in range(k):
            if marks[i][0] < e and marks[i][1] < z and best[i] + w > best[k]:
                best[k], came[k] = best[i] + w, i
    k = max(range(len(marks)), key=lambda i: (best[i], -i))
    kept = []
    while k >= 0:
        kept.append(marks[k])
        k = came[k]
    return kept[::-1]


def _said_in_time(en: str, zh: str, lim: Limits) -> bool:
    """Whether the narrator says the pair's narrated text (at the planning pace) within the
    longest a cue is shown; true when the cues are not timed against a narration."""
    if lim.speech not in SPEECH_MS:
        return True
    length = zh_width(zh) if lim.speech == "zh" else len(en)
    return length * SPEECH_MS[lim.speech] <= lim.max_duration_ms


LONG_WORDS = 80  # words (or Chinese tokens) beyond which a pair is halved before planning


def _best_near(cost: Sequence[float], centre: float, spread: float) -> int:
    """The break point (1 .. len-2) of least cost within ``spread`` of ``centre``, the nearest
    to it of equally good ones."""
    lo = max(1, int(centre - spread))
    hi = min(len(cost) - 2, int(centre + spread))
    if hi < lo:
        return max(1, min(len(cost) - 2, round(centre)))
    return min(range(lo, hi + 1), key=lambda k: (cost[k], abs(k - centre)))


def _index_at(offsets: Sequence[float], rel: float) -> float:
    """The break point whose offset is nearest ``rel`` of the whole."""
    target = rel * offsets[-1]
    return float(min(range(len(offsets)), key=lambda k: abs(offsets[k] - target)))


TINY_ZH = 3.0  # a part's Chinese narrower than this (full-width characters) is a scrap
TINY_EN = 8.0  # ... and its English shorter than this many characters


def _plan_parts(en, ew, eoffs, ecost, zh, toks, zoffs, zcost, lim: Limits, hints, marks,
                strong_only: bool, allow_stay: bool, position: float = 4.0,
                zh_limit: float | None = None
                ) -> tuple[list[tuple[int, int]], float, float] | None:
    """Best sequence of joint break points (word index, token index), ending at the ends,
    with the reading cost of its parts and its total cost.

    A shortest path over the pairs of break points, taken in order; the moves out of a pair
    (out of all a row's pairs, where no move stays in its row) are costed all at once (numpy),
    in the order and arithmetic of the rules below, so ties go to the earliest pair as a loop
    over them would. ``position`` weighs the distance
    between a break's places in the two texts; ``zh_limit``, where given, is the dearest
    break Chinese may take instead of ``strong_only``'s."""
    en_cap = lim.en_chars * lim.max_lines * 0.96
    zh_cap = lim.zh_chars * lim.max_lines
    # a word wider than the lines allow cannot be cut: parts may be as wide as the widest word,
    # so that it does not leave its whole sentence uncut (QC reports the overflow)
    if en:
        en_cap = max(en_cap, max(len(w) for w in ew))
    if zh:  # (and so may a run a token list cuts in pieces: a web address)
        zh_cap = max(zh_cap, max(zh_width(t) for t in toks) + 1,  # (with its ？ or 。)
                     max((zh_width(r) for r in _RUN_CHARS.findall(zh)), default=0.0))
    elen, zlen = max(len(en), 1), max(zoffs[-1], 1e-9)
    ne, nz = len(ew), len(toks)
    limit = 0.65 if strong_only else math.inf
    e_c = [k for k in range(1, ne) if ecost[k] <= limit] if en else []
    zh_limit = limit if zh_limit is None else zh_limit
    z_c = [k for k in range(1, nz) if zcost[k] <= zh_limit] if zh else []
    if hints:  # the previous build's cut points are candidates too
        e_c = sorted(set(e_c) | hints.en_cuts(ew))
        z_c = sorted(set(z_c) | hints.zh_cuts(toks))
    e_pts = np.array([0] + e_c + [ne] if en else [0])
    z_pts = np.array([0] + z_c + [nz] if zh else [0])
    E, Z = len(e_pts), len(z_pts)
    # English sentence ends before each word (a part holding one costs SENTENCE_INSIDE)
    ends_before = np.zeros(ne + 1, dtype=np.int64)
    if en:
        ends_before[1:] = np.cumsum([_ends_sentence(w, ew[i + 1] if i + 1 < ne else None)
                                     for i, w in enumerate(ew)])
    e_off = np.array([eoffs[i] for i in e_pts], dtype=np.float64)
    z_off = np.array([zoffs[j] for j in z_pts], dtype=np.float64)
    # the cost of breaking at each pair of points, and how far apart its relative positions are
    e_brk = np.array([ecost[i] for i in e_pts]) if en else np.zeros(E)
    z_brk = np.array([zcost[j] for j in z_pts]) if zh else np.zeros(Z)
    brk = e_brk[:, None] + z_brk[None, :]
    if en and zh:
        brk = brk + position * np.abs((e_off / elen)[:, None] - (z_off / zlen)[None, :])
    if marks:  # a mark left on one side in one language and on the other in the other
        e_at, z_at, weight = (np.array(col) for col in zip(*marks))
        crossed = ((e_at[None, :] < e_pts[:, None])[:, None, :]
                   != (z_at[None, :] < z_pts[:, None])[None, :, :])
        brk = brk + crossed @ weight
    brk[-1, -1] = 0.0  # the end costs no break
    # a pair may not break at one text's end before the other's (only the end pair may)
    no_end = np.zeros((E, Z), dtype=bool)
    if en:
        no_end[-1, :] = True
    if zh:
        no_end[:, -1] = True
    no_end[-1, -1] = False
    # scraps, relative to what a cue holds: 3 of 2 x 16 Chinese, 8 of 2 x 42 English
    tiny_zh = min(TINY_ZH, lim.zh_chars * lim.max_lines / 8)
    tiny_en = min(TINY_EN, lim.en_chars * lim.max_lines // 10)
    reading = _reading_cost(e_off, z_off, lim) if en and zh and lim.speech in SPEECH_MS \
        else None
    cost = np.full((E, Z), math.inf)
    came = np.full((E, Z, 2), -1, dtype=np.int64)
    cost[0, 0] = 0.0
    z_width: dict[int, np.ndarray] = {}
    # with both languages and no stay, every move goes to a later row and column: a row's
    # costs are final when it is reached, and its moves are costed all at once
    rows_at_once = bool(en and zh) and not allow_stay

    def expand(a: int, bs: np.ndarray, e_next: np.ndarray, e_lines: np.ndarray) -> None:
        """The moves out of the reached pairs (a, b) for b in ``bs``, costed all at once in
        (pair, row, column) arrays; of equal costs to one pair, the earliest pair's."""
        nb, pick = len(bs), np.arange(len(bs))
        if zh:
            for b in bs:
                _z_widths(z_width, int(b), toks, z_pts)
            zw = np.stack([z_width[int(b)] for b in bs])
            z_next = zw <= zh_cap
            if zlen >= 2 * tiny_zh:  # ... nor of Chinese (发展)
                z_next &= ~((zw > 0) & (zw < tiny_zh))
        else:
            z_next = np.ones((nb, Z), dtype=bool)
        ok = e_next[None, :, None] & z_next[:, None, :]
        ok[pick, a, bs] = False
        if a == 0 and bs[0] == 0:
            ok[0, -1, -1] = False  # the whole does not fit: at least two parts
        # a language may stay put (an empty part in it) only in the last resort, when the
        # other cannot be cut finer any other way
        stay = np.zeros(ok.shape, dtype=bool)
        if en:
            stay[:, a, :] = True
        if zh:
            stay[pick, :, bs] = True
        if not allow_stay:
            ok &= ~stay
        ok &= ~no_end[None]
        if not ok.any():
            return
        c = brk[None]
        if hints:
            kept = np.zeros(ok.shape)
            i0 = int(e_pts[a])
            for k, b in enumerate(bs):
                j0 = int(z_pts[b])
                for a1 in np.flatnonzero(ok[k].any(axis=1)):
                    e_part = " ".join(ew[i0:int(e_pts[a1])])
                    if not hints.has_en(e_part):
                        continue
                    for b1 in np.flatnonzero(ok[k, a1]):
                        if hints.has(e_part, "".join(toks[j0:int(z_pts[b1])])):
                            kept[k, a1, b1] = 3.0  # a cue of the previous build: keep it so
            c = c - kept
        e_share = (e_off - e_off[a]) / en_cap if en else np.ones(E)
        z_share = (z_off[None, :] - z_off[bs][:, None]) / zh_cap if zh else np.ones((nb, Z))
        short = np.minimum(e_share[None, :, None], z_share[:, None, :]) < 0.2
        c = c + ((1.0 + np.where(short, 0.6, 0.0)) + np.where(stay, 6.0, 0.0))
        if reading is not None:
            c = c + reading.many(a, bs)
        c = c + e_lines[None, :, None]
        cand = np.where(ok, cost[a, bs][:, None, None] + c, math.inf)
        k = np.argmin(cand, axis=0)  # (the first of equal costs)
        best = np.take_along_axis(cand, k[None], axis=0)[0]
        better = best < cost
        if better.any():
            cost[better] = best[better]
            came[better] = np.stack([np.full(k.shape, a), bs[k]], axis=-1)[better]
    for a in range(E):
        e_next = (e_off - e_off[a] - 1 <= en_cap) if en else np.ones(E, dtype=bool)
        e_next[:a] = False
        if en and elen >= 2 * tiny_en:  # no scrap of English ("2023.") as a cue's English
            e_len = e_off - e_off[a] - (1 if a else 0)  # (offsets after the first word count
            e_next &= ~((e_len > 0) & (e_len < tiny_en))  # its space)
        # a part whose English can only be put on two lines with a bad break ("speed up the |
        # construction of ...") costs what that break does beyond an ordinary one
        e_lines = np.zeros(E)
        if en and SENTENCE_INSIDE:  # a sentence that begins inside the part, after another's end
            e_lines += SENTENCE_INSIDE * np.maximum(
                ends_before[np.maximum(e_pts - 1, 0)] - ends_before[e_pts[a]], 0)
        if en and lim.max_lines >= 2:  # (a part within one line needs no break)
            two = e_next & (e_off - e_off[a] - (1 if a else 0) > lim.en_chars)
            for a1 in np.flatnonzero(two):
                e_lines[a1] += _line_break_penalty(ew[int(e_pts[a]):int(e_pts[a1])], lim)
        if rows_at_once:
            reached = np.flatnonzero(cost[a] < math.inf)
            if len(reached):
                expand(a, reached, e_next, e_lines)
            continue
        for b in range(Z):  # (a move may stay in this row: one reached pair after another)
            if cost[a, b] < math.inf:
                expand(a, np.array([b]), e_next, e_lines)
    if cost[-1, -1] == math.inf:
        return None
    plan, node = [], (E - 1, Z - 1)
    lack = 0.0
    while node != (0, 0):
        plan.append((int(e_pts[node[0]]), int(z_pts[node[1]])))
        prev = tuple(int(x) for x in came[node])
        if reading is not None:
            lack += float(reading(*prev)[node])
        node = prev
    return plan[::-1], lack, float(cost[-1, -1])


def _z_widths(z_width: dict[int, np.ndarray], b: int, toks, z_pts) -> None:
    """The widths of the Chinese parts from point ``b`` to each later point, without the line
    end (inf before ``b``), into ``z_width`` once."""
    if b not in z_width:
        w = np.full(len(z_pts), math.inf)
        w[b:] = _part_widths(toks, int(z_pts[b]), [int(e) for e in z_pts[b:]])
        z_width[b] = w


BAD_LINE_BREAK = 1.0  # _line_break_penalty of a best break costing 3 (after "the", "will")


def _line_break_penalty(words: Sequence[str], lim: Limits) -> float:
    """How much worse than an ordinary break (cost 1) the best place is to break ``words``
    onto two lines of ``lim.en_chars``; 0 when they fit on one line or cannot fit on two (the
    widths are costed elsewhere)."""
    n = len(words)
    if n < 2 or len(" ".join(words)) <= lim.en_chars or lim.max_lines < 2:
        return 0.0
    widths = [len(w) for w in words]
    total = sum(widths) + n - 1
    best = math.inf
    head = -1
    for k in range(1, n):
        head += widths[k - 1] + 1
        if head > lim.en_chars:
            break
        if total - head - 1 <= lim.en_chars:
            best = min(best, _en_break_cost(words, k))
    return 0.0 if best == math.inf else max(0.0, best - 1.0) * 0.5


def _reading_cost(e_off: np.ndarray, z_off: np.ndarray, lim: Limits):
    """reading(a, b) -> the cost of each part from break point pair (a, b) (and
    reading.many(a, bs): those of several pairs of row a, stacked): a part is on
    screen about as long as the narrator takes to say it, and the other language's text must
    be readable in that time (a short Chinese clause said in one second cannot carry two lines
    of English); and a part the narrator takes longer to say than a cue may stay on screen
    (two lines of Chinese said in 8 s) costs as much per second beyond it, so that it is cut
    in two rather than leave the end of its words without a subtitle."""
    said_ms = SPEECH_MS[lim.speech]
    zh_said = lim.speech == "zh"
    # per start point: the English (rows) and Chinese (columns) parts' time on screen and time
    # needed to read, in seconds; a cell's cost combines one row and one column
    rows: dict[int, np.ndarray] = {}
    cols: dict[int, np.ndarray] = {}
    # ... and the said part's time beyond the longest a cue is shown, per start point of the
    # said language
    over: dict[int, np.ndarray] = {}

    def shown(length: np.ndarray) -> np.ndarray:
        return np.minimum(np.maximum(length * said_ms, lim.min_duration_ms),
                          lim.max_duration_ms) / 1000.0

    def overrun(length: np.ndarray) -> np.ndarray:
        return np.maximum(length * said_ms - lim.max_duration_ms, 0.0) / 1000.0

    def row(a: int) -> np.ndarray:
        if a not in rows:
            e_len = np.maximum(e_off - e_off[a] - (1 if a else 0), 0.0)
            rows[a] = (e_len / lim.en_cps if zh_said else -shown(e_len))[:, None]
            if not zh_said:
                over[a] = overrun(e_len)[:, None]
        return rows[a]

    def col(b: int) -> np.ndarray:
        if b not in cols:
            z_len = np.maximum(z_off - z_off[b], 0.0)
            cols[b] = (-shown(z_len) if zh_said else z_len / lim.zh_cps)[None, :]
            if zh_said:
                over[b] = overrun(z_len)[None, :]
        return cols[b]

    def reading(a: int, b: int) -> np.ndarray:
        return READ_LACK_COST * (np.maximum(row(a) + col(b), 0.0) + over[b if zh_said else a])

    def many(a: int, bs: np.ndarray) -> np.ndarray:
        """reading(a, b) for each b of ``bs``, stacked (pair, row, column)."""
        first = row(a)[None]
        stacked = np.stack([col(int(b)) for b in bs])
        more = np.stack([over[int(b)] for b in bs]) if zh_said else over[a][None]
        return READ_LACK_COST * (np.maximum(first + stacked, 0.0) + more)

    reading.many = many
    return reading


class Hints:
    """Cues of a previous build (the committed tracks). A part of a sentence that was a cue
    before stays that cue, so editing one word changes only the cues that hold it."""

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self._pairs = {(collapse_ws(e), _zh_key(z)) for e, z in pairs}
        self._en = {e for e, _ in self._pairs if e}
        self._zh = {z for _, z in self._pairs if z}

    def __bool__(self) -> bool:
        return bool(self._pairs)

    def has(self, en: str, zh: str) -> bool:
        return (collapse_ws(en), _zh_key(zh)) in self._pairs

    def has_en(self, en: str) -> bool:
        return en in self._en

    def covers(self, en: str) -> bool:
        return any(e in en for e in self._en)

    def en_cuts(self, words: Sequence[str]) -> set[int]:
        cuts, n = set(), len(words)
        for i in range(n):
            for j in range(i + 1, n + 1):
                if " ".join(words[i:j]) in self._en:
                    cuts.update((i, j))
        return {k for k in cuts if 0 < k < n}

    def zh_cuts(self, toks: Sequence[str]) -> set[int]:
        pos = [0]
        for t in toks:
            pos.append(pos[-1] + len(t))
        text = "".join(toks)
        index = {p: k for k, p in enumerate(pos)}
        cuts: set[int] = set()
        for z in self._zh:
            start = _zh_find(text, z)
            while start is not None:
                a, b = start
                if a in index and b in index:
                    cuts.update((index[a], index[b]))
                nxt = _zh_find(text, z, a + 1)
                start = nxt
        return {k for k in cuts if 0 < k < len(toks)}


def _zh_key(text: str) -> str:
    return re.sub(r"[，。,\s]", "", text)


def _zh_find(text: str, key: str, begin: int = 0) -> tuple[int, int] | None:
    """Span of ``text`` (from ``begin``) whose _zh_key is ``key``, extended over trailing ，。"""
    if not key:
        return None
    for a in range(begin, len(text)):
        if text[a] != key[0]:
            continue
        i, k = a, 0
        while i < len(text) and k < len(key):
            ch = text[i]
            if ch in "，。," or ch.isspace():
                i += 1
                continue
            if ch != key[k]:
                break
            i += 1
            k += 1
        if k == len(key):
            while i < len(text) and text[i] in "，。,":
                i += 1
            return a, i
    return None


# --------------------------------------------------------------------------------------------
# Blocks -> segments

def cue_id(en: str, zh: str, seen: Counter[str]) -> str:
    """Stable id from the cue's own text; a repeated text gets -2, -3 ... by position."""
    digest = hashlib.sha1(f"{en}\x1f{zh}".encode("utf-8")).hexdigest()[:8]
    seen[digest] += 1
    return f"c{digest}" if seen[digest] == 1 else f"c{digest}-{seen[digest]}"


def segment_blocks(blocks: Sequence[Block], *, limits: Limits = Limits(),
                   glossary: Iterable[str] = (), lead_spoken: bool = False,
                   words: ChineseWords | None = None,
                   hints: Hints | None = None) -> list[Segment]:
    """Every spoken block cut into cues; headings and photo captions as one segment each."""
    return list(iter_segments(blocks, limits=limits, glossary=glossary,
                              lead_spoken=lead_spoken, words=words, hints=hints))


def episode_words(blocks: Sequence[Block], glossary: Iterable[str] = ()) -> ChineseWords:
    """jieba taught the episode's glossary and the terms its Chinese repeats."""
    return ChineseWords(glossary, "\n".join(normalize_zh_punct(b.zh) for b in blocks if b.zh))


def iter_segments(blocks: Sequence[Block], *, limits: Limits = Limits(),
                  glossary: Iterable[str] = (), lead_spoken: bool = False,
                  words: ChineseWords | None = None,
                  hints: Hints | None = None) -> Iterator[Segment]:
    """:func:`segment_blocks` one segment at a time, as each is cut."""
    if words is None:
        words = episode_words(blocks, glossary)
    seen: Counter[str] = Counter()
    for b in blocks:
        # a list item's bullet is layout, not words: no cue shows it
        en_text, zh_text = _BULLET.sub("", b.en), _BULLET.sub("", normalize_zh_punct(b.zh))
        spoken = b.role is Role.BODY or (b.role is Role.LEAD and lead_spoken)
        if spoken:
            beads = align_sentences(split_sentences_en(en_text), split_sentences_zh(zh_text))
            beads = [pair for en_s, zh_s in beads
                     for pair in untangle(en_s, zh_s, limits.speech or "en")]
            beads = join_beads(beads, lambda e, z: _en_fits(e, limits) and _zh_fits(
                z, words, limits) and _said_in_time(e, z, limits))
            for en_s, zh_s in beads:
                for en_part, zh_part in split_pair(" ".join(en_s), "".join(zh_s), words, limits,
                                                   hints):
                    yield _segment(b, en_part, zh_part, words, limits, seen)
        elif b.role in (Role.HEADING, Role.CAPTION):
            # a card is one event: its lines may exceed the subtitle line count
            card = replace(limits, max_lines=limits.max_lines + 2)
            yield _segment(b, en_text, zh_text, words, card, seen)


_BULLET = re.compile(r"^\s*[•●▪◦‣∙・■◆►▶]\s*")


def _segment(b: Block, en: str, zh: str, words: ChineseWords, lim: Limits,
             seen: Counter[str]) -> Segment:
    en_lines = break_en(en, lim.en_chars, lim.max_lines)
    zh_lines = break_zh(zh, words, lim.zh_chars, lim.max_lines)
    return Segment(id=cue_id(" ".join(en_lines), "".join(zh_lines), seen), block=b.id,
                   role=b.role, en=en_lines, zh=zh_lines)


# --------------------------------------------------------------------------------------------
# After timing


def _ends_a_sentence(cue: Cue) -> bool:
    """Whether the cue's English ends its sentence (its Chinese lost the 。 at its line end)."""
    words = cue.text("en", " ").split()
    return bool(words) and _ends_sentence(words[-1])


def _glossed_tokens(text: str, words: ChineseWords | None) -> list[str]:
    """The Chinese words of ``text``, a compound the dictionary lacks (高品质, 功能区) also as
    the longest words it has inside it (品质, 功能)."""
    out = []
    for tok in _zh_tokens(text, words):
        out.append(tok)
        if len(tok) > 2 and not lexicon.gloss_stems(tok):
            k = 0
            while k < len(tok):
                n = next((n for n in range(len(tok) - k, 1, -1)
                          if lexicon.gloss_stems(tok[k:k + n])), 1)
                out.append(tok[k:k + n])
                k += n
    return out


def carry_unheard(cues: Sequence[Cue], speech: str, words: ChineseWords | None,
                  limits: Limits = Limits()) -> list[Cue]:
    """A cue the narration does not say leaves the tracks in both its languages. Where a
    sentence's last cut paired the languages crosswise (Chinese puts the noun of a clause last:
    "and form a number of high-quality functional zones" | "形成一批产业服务", then the unsaid
    "with prominent advantages in industrial services and city services." |
    "和城市服务优势彰显的高品质功能区"), the other language of what the cue before says went with
    it, and that cue showed half a clause. So the other language of an unheard cue that ends
    its sentence joins the shown cue before it in the same paragraph, when it has words for
    words that cue says and its own other language lacks (CC-CEDICT), and the two still fit
    that cue's lines and its reading time. ``speech``: the narration's language (``en`` or
    ``zh``)."""
    if speech not in ("en", "zh"):
        return list(cues)
    other = "zh" if speech == "en" else "en"
    out = list(cues)
    for i in range(1, len(out)):
        cue, prev = out[i], out[i - 1]
        if not (cue.spoken and NOT_HEARD in cue.flags and prev.shown and prev.block == cue.block
                and cue.text(other) and prev.text(speech) and prev.text(other)):
            continue
        if not _ends_a_sentence(cue) or _ends_a_sentence(prev):
            continue
        said = prev.text(speech, " ")
        if other == "zh":
            # words the cue says that its own Chinese has none for, and the unsaid cue's has
            # (a noun both have, 园区 for "parks", tells nothing)
            ew, zh_own, zh_unsaid = said.split(), prev.text("zh", ""), cue.text("zh", "")
            own = {e for e, _z, _w in lexicon.word_pairs(ew, _glossed_tokens(zh_own, words))}
            toks = _glossed_tokens(zh_unsaid, words)
            pairs = [p for p in lexicon.word_pairs(ew, toks)
                     if p[0] not in own and toks[p[1]] not in zh_own]
            lines = break_zh(zh_own + zh_unsaid, words, limits.zh_chars, limits.max_lines + 1)
            # where each part fits a line, the break falls where the cut was, between clauses
            # (形成一批产业服务 | 和城市服务优势彰显的高品质功能区, not 和城市 | 服务)
            parts = (_drop_line_end(zh_own), _drop_line_end(zh_unsaid))
            if limits.max_lines >= 2 and all(zh_width(x) <= limits.zh_chars for x in parts):
                lines = parts
            fits = len(lines) <= limits.max_lines and all(
                zh_width(ln) <= limits.zh_chars for ln in lines)
            reading_s = _zh_len("".join(lines)) / limits.zh_cps
        else:
            zt, en_own = _glossed_tokens(prev.text("zh", ""), words), prev.text("en", " ")
            own = {z for _e, z, _w in lexicon.word_pairs(en_own.split(), zt)}
            ew = cue.text("en", " ").split()
            pairs = [p for p in lexicon.word_pairs(ew, zt)
                     if p[1] not in own and ew[p[0]].lower() not in en_own.lower()]
            lines = break_en(en_own + " " + cue.text("en", " "), limits.en_chars,
                             limits.max_lines + 1)
            fits = len(lines) <= limits.max_lines and all(
                len(ln) <= limits.en_chars for ln in lines)
            reading_s = len(" ".join(lines)) / limits.en_cps
        if pairs and fits and reading_s * 1000 <= prev.duration_ms:
            out[i - 1] = replace(prev, **{other: tuple(lines)})
    return out
