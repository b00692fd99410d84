"""The small frozen data model every stage passes along. Times are integer milliseconds."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum


class Role(str, Enum):
    """What a block of the published script is for (DESIGN.md section 2)."""

    LEAD = "lead"
    NOTE = "note"
    HEADING = "heading"
    BODY = "body"
    CAPTION = "caption"  # photo caption
    ACK = "acknowledgement"
    CREDITS = "credits"

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @classmethod
    def parse(cls, text: str) -> "Role":
        aliases = {"photo_caption": "caption", "photo caption": "caption", "ack": "acknowledgement",
                   "credit": "credits", "title": "heading"}
        key = aliases.get(text.strip().lower(), text.strip().lower())
        return cls(key)


LANGS = ("en", "zh")
SPOKEN_ROLES = (Role.BODY, Role.LEAD)  # a lead is segmented only when it is spoken

# cue flags
NOT_HEARD = "not_heard"            # the narration does not say this cue
TIMING_FALLBACK = "timing_fallback"  # timed at reading speed: the audio could not be used
ANCHORED = "anchored"              # start fixed by an anchor in project.yaml
LOCKED = "locked"                  # times kept from the timing lock
FROM_FILE = "from_file"            # times taken from an editor's timing file
NOT_IN_FILE = "not_in_file"        # the timing file has no entry for this cue: not shown
NOT_SAID = "not_said"              # project.yaml's `not_said:` (a shorter cut): not shown
_HIDDEN = frozenset({NOT_HEARD, NOT_IN_FILE, NOT_SAID})  # a spoken cue with one is not shown


@dataclass(frozen=True)
class Block:
    """One unit of the script as published: a paragraph pair, a heading pair, a note, a credit.

    ``en``/``zh`` hold the text as written ("" when the block has no text in that language);
    ``en_lines``/``zh_lines`` the 1-based source line numbers that text came from.
    """

    id: str
    role: Role
    en: str = ""
    zh: str = ""
    en_lines: tuple[int, ...] = ()
    zh_lines: tuple[int, ...] = ()
    first: str = "en"  # which language the script put first

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGS if getattr(self, lang))

    @property
    def lines(self) -> tuple[int, ...]:
        return tuple(sorted(set(self.en_lines) | set(self.zh_lines)))

    def text(self, lang: str) -> str:
        return getattr(self, lang)


@dataclass(frozen=True)
class Segment:
    """A display-sized bilingual unit: each language as its broken display lines."""

    id: str
    block: str
    role: Role
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()

    def text(self, lang: str, sep: str = "\n") -> str:
        return sep.join(getattr(self, lang))

    @property
    def spoken(self) -> bool:
        """Narrated text (the body, and the lead when it is spoken), not a card."""
        return self.role in SPOKEN_ROLES


@dataclass(frozen=True)
class Cue:
    """A timed segment: what every track and every later stage reads."""

    id: str
    block: str
    role: Role
    start_ms: int
    end_ms: int
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    confidence: float = 1.0
    flags: tuple[str, ...] = field(default=())

    @classmethod
    def from_segment(cls, seg: Segment, start_ms: int, end_ms: int, *, confidence: float = 1.0,
                     flags: tuple[str, ...] = ()) -> "Cue":
        return cls(id=seg.id, block=seg.block, role=seg.role, start_ms=int(start_ms),
                   end_ms=int(end_ms), en=seg.en, zh=seg.zh, confidence=confidence,
                   flags=tuple(flags))

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms

    @property
    def spoken(self) -> bool:
        return self.role in SPOKEN_ROLES

    @property
    def shown(self) -> bool:
        """A subtitle on screen: spoken, and heard in the narration (when timed against it) or
        in an editor's timing file (when timed from one)."""
        return self.spoken and _HIDDEN.isdisjoint(self.flags)

    def text(self, lang: str, sep: str = "\n") -> str:
        return sep.join(getattr(self, lang))

    def with_times(self, start_ms: int, end_ms: int) -> "Cue":
        return replace(self, start_ms=int(start_ms), end_ms=int(end_ms))
