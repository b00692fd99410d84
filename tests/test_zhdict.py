"""The lazily loaded jieba dictionary cuts exactly as jieba with its whole dictionary."""

from __future__ import annotations

import logging
import re

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subtitler import zhdict

from .conftest import SAMPLE

jieba.setLogLevel(logging.WARNING)


@pytest.fixture(scope="module")
def full():
    tk = jieba.Tokenizer()
    tk.initialize()
    return tk


@pytest.fixture(scope="module")
def lazy_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


def _lazy(monkeypatch, cache) -> zhdict.Tokenizer:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    tk = zhdict.Tokenizer()
    assert tk.lazy
    return tk


SAMPLE_ZH = [ln for ln in (SAMPLE / "script.txt").read_text(encoding="utf-8").splitlines()
             if re.search("[\u4e00-\u9fff]", ln)]


def test_the_sample_script_cuts_as_with_the_whole_dictionary(full, lazy_cache, monkeypatch):
    tk = _lazy(monkeypatch, lazy_cache)
    assert len(SAMPLE_ZH) >= 8
    for line in SAMPLE_ZH:
        assert tk.cut(line) == list(full.cut(line, HMM=True)), line
    # it read a small part of the dictionary, not all of it
    assert 0 < len(tk._tk.FREQ) < len(full.FREQ) / 10


# common characters, digits and Latin letters, so that dictionary words do occur
_ALPHABET = "中国产业集聚区河南郑州的了一是在人有我他这个们来到时大地为子中你说生国年着就那和要她出也得里后自以会" \
            "家可下而过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所" \
            "同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感见明问力理" \
            "尔点文几定本公特做外孩相西果走将月十实向声车全信重三机工物气每并别真打太新比才便夫再书部水像眼等体却加电" \
            "0123456789abcXYZ%.-，。、"


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=40), min_size=1,
                      max_size=4))
def test_any_text_cuts_as_with_the_whole_dictionary(full, lazy_cache, texts):
    with pytest.MonkeyPatch.context() as mp:
        tk = _lazy(mp, lazy_cache)
    for text in texts:  # one tokenizer, texts arriving one after another
        assert tk.cut(text) == list(full.cut(text, HMM=True))


def test_added_words_behave_as_in_jieba(lazy_cache, monkeypatch):
    term, text = "产业集聚区", "河南的产业集聚区是载体，产业集聚区发展很快"
    ref = jieba.Tokenizer()
    ref.initialize()
    ref.add_word(term, freq=max(ref.suggest_freq(term), 1000))
    tk = _lazy(monkeypatch, lazy_cache)
    tk.add_word(term, freq=max(tk.suggest_freq(term), 1000))
    assert tk.cut(text) == list(ref.cut(text, HMM=True))
    assert term in tk.cut(text)
    assert tk._tk.total == ref.total


def test_an_unwritable_cache_falls_back_to_the_whole_dictionary(tmp_path, monkeypatch, full):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    tk = zhdict.Tokenizer()
    assert not tk.lazy
    assert tk.cut(SAMPLE_ZH[0]) == list(full.cut(SAMPLE_ZH[0], HMM=True))


def test_a_corrupt_cache_falls_back_and_is_not_trusted(tmp_path, monkeypatch, full):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = zhdict._cache_path(zhdict._dict_path())
    path.parent.mkdir(parents=True)
    path.write_bytes(b"garbage, not sqlite")
    tk = zhdict.Tokenizer()
    assert not tk.lazy
    assert tk.cut(SAMPLE_ZH[1]) == list(full.cut(SAMPLE_ZH[1], HMM=True))


def test_a_cache_file_is_renamed_whole_or_not_at_all(tmp_path):
    """The dictionary's and the glossary's caches are written through ``cache_file``: a build
    that fails half-way leaves neither the final file nor its temporary beside it."""
    from subtitler.cachedir import cache_file

    dest = tmp_path / "sub" / "table.marshal"
    with pytest.raises(KeyboardInterrupt):
        with cache_file(dest) as tmp:
            tmp.write_bytes(b"half")
            raise KeyboardInterrupt
    assert list(dest.parent.iterdir()) == []
    with cache_file(dest) as tmp:
        tmp.write_bytes(b"whole")
    assert dest.read_bytes() == b"whole"
    assert [p.name for p in dest.parent.iterdir()] == ["table.marshal"]
