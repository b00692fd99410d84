"""jieba's dictionary, loaded only as far as the texts at hand need it.

jieba builds a prefix dictionary of about 500,000 entries before its first cut: 0.7 s on this
machine even from its own cache, most of a `subtitler subs` run's text stage. A cut only ever
looks up substrings of the text being cut, so this module keeps jieba's entries once in a
cache database (sqlite, in the user's cache directory) grouped by their first two characters,
and gives a tokenizer the groups of every character and character pair its texts contain, before
each cut. The cuts are the same as with the whole dictionary (the tests compare them); when the
cache cannot be read or written, the whole dictionary is loaded as jieba does.
"""

from __future__ import annotations

import hashlib
import marshal
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

from .cachedir import cache_dir, cache_file

_GROUP_CHUNK = 500  # keys per query (sqlite's variable limit is far above)


def _dict_path() -> Path:
    import jieba

    return Path(jieba.__file__).resolve().parent / "dict.txt"


def _cache_path(source: Path) -> Path:
    import jieba

    st = source.stat()
    sig = f"{jieba.__version__}|{source}|{st.st_size}|{st.st_mtime_ns}|1"
    return cache_dir() / f"jieba-{hashlib.sha1(sig.encode()).hexdigest()[:16]}.sqlite"


def _build(source: Path, dest: Path) -> None:
    """Group jieba's prefix dictionary (built by jieba's own reader) by first two characters
    and write it to ``dest`` atomically."""
    import jieba

    with open(source, "rb") as f:
        freq, total = jieba.Tokenizer.gen_pfdict(f)
    groups: dict[str, dict[str, int]] = defaultdict(dict)
    for word, n in freq.items():
        groups[word[:2]][word] = n
    with cache_file(dest) as tmp:
        con = sqlite3.connect(tmp)
        with con:
            con.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v INTEGER)")
            con.execute("CREATE TABLE g (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID")
            con.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
            con.executemany("INSERT INTO g VALUES (?, ?)",
                            ((k, marshal.dumps(v)) for k, v in groups.items()))
        con.close()


class LazyDictionary:
    """The groups of jieba's dictionary read on demand from the cache database."""

    def __init__(self, path: Path):
        self._con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        row = self._con.execute("SELECT v FROM meta WHERE k = 'total'").fetchone()
        if row is None:
            raise sqlite3.DatabaseError("no total in the dictionary cache")
        self.total = int(row[0])
        self._seen: set[str] = set()

    def missing(self, text: str) -> set[str]:
        """The group keys ``text`` needs that are not loaded yet."""
        keys = set(text)
        keys.update(text[i:i + 2] for i in range(len(text) - 1))
        keys -= self._seen
        return keys

    def load(self, keys: set[str], into: dict[str, int]) -> None:
        """Add the entries of groups ``keys`` to ``into`` (before anything edits them)."""
        todo = sorted(keys)
        self._seen.update(todo)
        for i in range(0, len(todo), _GROUP_CHUNK):
            chunk = todo[i:i + _GROUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            for _k, blob in self._con.execute(f"SELECT k, v FROM g WHERE k IN ({marks})", chunk):
                for word, n in marshal.loads(blob).items():
                    into.setdefault(word, n)


class Tokenizer:
    """A jieba tokenizer (default dictionary) that reads only the entries its texts need; the
    same cut, add_word and suggest_freq as ``jieba.Tokenizer``."""

    def __init__(self) -> None:
        import jieba

        self._tk: Any = jieba.Tokenizer()
        self._lazy: LazyDictionary | None = None
        try:
            source = _dict_path()
            path = _cache_path(source)
            if not path.exists():
                _build(source, path)
            self._lazy = LazyDictionary(path)
        except (OSError, sqlite3.Error, ValueError):
            self._lazy = None
        if self._lazy is None:
            self._tk.initialize()
        else:
            self._tk.FREQ = {}
            self._tk.total = self._lazy.total
            self._tk.initialized = True

    @property
    def lazy(self) -> bool:
        return self._lazy is not None

    def _need(self, text: str) -> None:
        if self._lazy is not None:
            keys = self._lazy.missing(text)
            if keys:
                self._lazy.load(keys, self._tk.FREQ)

    def cut(self, text: str) -> list[str]:
        """jieba's cut, with its HMM finding words the dictionary lacks (营收: a line broke
        between 营 and 收)."""
        self._need(text)
        return list(self._tk.cut(text, HMM=True))

    def suggest_freq(self, word: str) -> int:
        self._need(word)
        return int(self._tk.suggest_freq(word))

    def add_word(self, word: str, freq: int) -> None:
        self._need(word)
        self._tk.add_word(word, freq=freq)
