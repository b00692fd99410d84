"""Reading published scripts: layouts, encodings, roles, overrides, credits, round trips.

The layout fixtures in tests/data/layouts/ are small bilingual news scripts written in the style
of China Daily / dahe.cn articles. Each is checked for its blocks, roles, languages and exact
texts, and for the DESIGN.md promise that every line lands in exactly one block and no text is
dropped.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from subtitler.errors import ConfigError, ScriptError, SubtitlerError
from subtitler.model import Block, Role
from subtitler.script import (classify, decode_script, format_script, is_credit, parse_script,
                              read_script, split_inline)

from .conftest import ROOT

LAYOUTS = Path(__file__).parent / "data" / "layouts"

L, N, H, B, C, A, K = (Role.LEAD, Role.NOTE, Role.HEADING, Role.BODY, Role.CAPTION, Role.ACK,
                       Role.CREDITS)


def source_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def in_source_order(block: Block) -> list[str]:
    order = ("en", "zh") if block.first == "en" else ("zh", "en")
    return [block.text(lang) for lang in order if block.text(lang)]


def assert_every_line_once(parsed, path: Path) -> None:
    """Every non-blank line in exactly one block; every block line non-blank."""
    lines = source_lines(path)
    owner: dict[int, str] = {}
    for b in parsed.blocks:
        for no in b.lines:
            assert no not in owner, f"line {no} is in {owner[no]} and {b.id}"
            owner[no] = b.id
            assert lines[no - 1].strip(), f"{b.id} claims blank line {no}"
        for lang in ("en", "zh"):
            assert bool(b.text(lang)) == bool(getattr(b, f"{lang}_lines")), b
    wanted = {i + 1 for i, line in enumerate(lines) if line.strip()}
    assert set(owner) == wanted, f"lines in no block: {sorted(wanted - set(owner))}"


def assert_nothing_dropped(parsed, path: Path) -> None:
    """All non-whitespace characters of the file appear in the block texts, in order."""
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    got = "".join(squeeze(t) for b in parsed.blocks for t in in_source_order(b))
    assert got == squeeze(path.read_text(encoding="utf-8"))


def line(path: Path, no: int) -> str:
    return source_lines(path)[no - 1].strip()


# --------------------------------------------------------------------------------------------
# Layouts. Each expectation: (role, en_lines, zh_lines); texts are the stripped source lines
# unless given in TEXTS (joined hard wraps and inline halves).

EXPECTED: dict[str, tuple[str, list[tuple[Role, tuple[int, ...], tuple[int, ...]]]]] = {
    "paragraphs_en_first.txt": ("en", [
        (L, (1,), (2,)), (N, (3,), ()), (N, (4,), ()), (H, (5,), (6,)), (B, (7,), (8,)),
        (C, (9,), (10,)), (H, (11,), (12,)), (B, (13,), (14,)), (A, (15,), (16,)),
        (K, (), (17,)), (K, (), (18,)), (K, (), (19,)),
    ]),
    "paragraphs_en_first_blank.txt": ("en", [
        (L, (1, 2), (4,)), (N, (6,), ()), (H, (8,), (10,)), (B, (12, 13, 14), (16, 17)),
        (C, (19,), ()), (A, (21,), (23,)), (K, (), (25,)), (K, (), (26,)),
    ]),
    "paragraphs_zh_first.txt": ("zh", [
        (L, (2,), (1,)), (N, (4,), (3,)), (H, (6,), (5,)), (B, (8,), (7,)), (C, (10,), (9,)),
        (A, (12,), (11,)), (K, (), (13,)), (K, (), (14,)),
    ]),
    "line_pairs.txt": ("zh", [(B, (i + 1,), (i,)) for i in range(1, 21, 2)]),
    "inline.txt": ("en", [
        (L, (1,), (1,)), (N, (2,), ()), (H, (3,), (3,)), (B, (4,), (4,)), (B, (5,), (5,)),
        (C, (6,), (6,)), (A, (7,), (7,)), (K, (), (8,)), (K, (), (9,)),
    ]),
    "traditional.txt": ("en", [
        (L, (1,), (2,)), (N, (3,), ()), (H, (4,), (5,)), (B, (6,), (7,)), (C, (8,), (9,)),
        (A, (10,), (11,)), (K, (), (12,)), (K, (), (13,)),
    ]),
    "halfwidth_punct.txt": ("en", [
        (L, (1,), (2,)), (N, (3,), ()), (H, (4,), (5,)), (B, (6,), (7,)), (A, (8,), (9,)),
        (K, (), (10,)), (K, (), (11,)),
    ]),
    "english_only.txt": ("en", [
        (L, (1,), ()), (N, (2,), ()), (H, (3,), ()), (B, (4,), ()), (C, (5,), ()),
        (A, (6,), ()), (K, (7,), ()), (K, (8,), ()),
    ]),
    "chinese_only.txt": ("zh", [
        (L, (), (1,)), (N, (), (2,)), (H, (), (3,)), (B, (), (4,)), (C, (), (5,)),
        (A, (), (6,)), (K, (), (7,)), (K, (), (8,)),
    ]),
}

TEXTS: dict[tuple[str, int], dict[str, str]] = {
    ("paragraphs_en_first_blank.txt", 0): {
        "en": "Luoyang is reviving its ancient capital culture through tourism and a booming "
              "night-time economy. This article looks at the measures the city has taken this "
              "year."},
    ("paragraphs_en_first_blank.txt", 3): {
        "en": "The Luoyang Ancient City has opened its streets to visitors after dark. Young "
              "people in Hanfu fill the lanes around the Lijing Gate every evening, and shops "
              "now stay open until midnight. Sales have doubled this year.",
        "zh": "洛阳古城入夜后向游客开放。每天晚上，身穿汉服的年轻人挤满了丽景门周边的街巷，"
              "“夜经济”让商铺营业到午夜。今年销售额翻了一番。"},
    ("inline.txt", 0): {
        "en": "Henan is speeding up the building of a strong manufacturing province. The "
              "province aims to double its new energy vehicle output by 2025.",
        "zh": "河南正在加快建设制造业强省。全省计划到2025年新能源汽车产量翻一番。"},
    ("inline.txt", 2): {"en": "New Energy Vehicles", "zh": "新能源汽车"},
    ("inline.txt", 3): {
        "en": "Zhengzhou now makes one new energy vehicle every minute. More than 200 parts "
              "suppliers have set up factories nearby.",
        "zh": "郑州现在每分钟生产一辆新能源汽车。200多家零部件企业在周边建厂。"},
    ("inline.txt", 4): {
        "zh": "比亚迪郑州基地去年投产，带动了上下游产业链。",
        "en": "The BYD base in Zhengzhou started production last year and boosted the whole "
              "industrial chain."},
    ("inline.txt", 5): {
        "en": "A new energy vehicle production line in Zhengzhou. [Photo provided to dahe.cn]",
        "zh": "郑州一条新能源汽车生产线。（图片由大河网提供）"},
    ("inline.txt", 6): {
        "en": "A special thanks goes to the Henan Department of Industry and Information "
              "Technology for their support.",
        "zh": "特别感谢河南省工业和信息化厅的大力支持。"},
}


@pytest.fixture(scope="module")
def parsed_layouts():
    return {name: read_script(LAYOUTS / name) for name in EXPECTED}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_blocks(name, parsed_layouts):
    path = LAYOUTS / name
    parsed = parsed_layouts[name]
    first, expected = EXPECTED[name]
    assert parsed.first == first
    assert parsed.warnings == ()
    got = [(b.role, b.en_lines, b.zh_lines) for b in parsed.blocks]
    assert got == expected
    assert [b.id for b in parsed.blocks] == [f"b{i:02d}" for i in range(1, len(expected) + 1)]
    for i, b in enumerate(parsed.blocks):
        langs = tuple(lang for lang in ("en", "zh") if getattr(b, f"{lang}_lines"))
        assert b.languages == langs
        for lang in langs:
            want = TEXTS.get((name, i), {}).get(lang)
            if want is None:
                lines = getattr(b, f"{lang}_lines")
                assert len(lines) == 1, f"{b.id} {lang}: give the joined text in TEXTS"
                want = line(path, lines[0])
            assert b.text(lang) == want, f"{name} {b.id} {lang}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layout_every_line_in_one_block_nothing_dropped(name, parsed_layouts):
    assert_every_line_once(parsed_layouts[name], LAYOUTS / name)
    assert_nothing_dropped(parsed_layouts[name], LAYOUTS / name)


def test_sample_script_roles():
    sample = Path(__file__).parents[1] / "projects" / "henan-industry-carriers" / "script.txt"
    parsed = read_script(sample)
    roles = {b.id: b.role for b in parsed.blocks}
    assert roles == {
        "b01": L, "b02": N, "b03": N, "b04": H, "b05": B, "b06": C, "b07": H, "b08": B,
        "b09": C, "b10": H, "b11": B, "b12": A, "b13": K, "b14": K, "b15": K}
    assert parsed.warnings == ()
    assert_every_line_once(parsed, sample)
    assert_nothing_dropped(parsed, sample)


def test_inline_chinese_first_line_keeps_its_order_in_an_english_first_script(parsed_layouts):
    blocks = parsed_layouts["inline.txt"].blocks
    assert blocks[4].first == "zh" and blocks[3].first == "en"
    # written back inline, each line comes out as published
    text = format_script(blocks, layout="inline")
    assert text.splitlines()[4] == line(LAYOUTS / "inline.txt", 5)
    assert parse_script(text).blocks == blocks


def test_traditional_characters_and_full_width_punctuation(parsed_layouts):
    b = parsed_layouts["traditional.txt"].blocks
    assert b[3].zh.startswith("這家公司於2010年在漯河開設第一家工廠。")
    assert b[4].zh == "（圖片由漯河市臺辦提供）"
    assert b[5].zh == "特別感謝漯河市臺辦的大力支持。"
    assert (b[6].zh, b[7].zh) == ("文案：張三 李四", "視頻：王五")


def test_half_width_punctuation_inside_chinese_is_kept_as_written(parsed_layouts):
    b = parsed_layouts["halfwidth_punct.txt"].blocks
    assert b[0].zh == "新乡正在建设新型电池产业高地,去年全市电池产业增长20%。"
    assert "1000亿元:这是" in b[3].zh and b[3].role is Role.BODY
    assert b[5].zh == "文案:张三,李四"


def test_one_language_scripts_warn_about_nothing(parsed_layouts):
    for name, lang in (("english_only.txt", "en"), ("chinese_only.txt", "zh")):
        parsed = parsed_layouts[name]
        assert parsed.warnings == ()
        assert {b.languages for b in parsed.blocks} == {(lang,)}


# --------------------------------------------------------------------------------------------
# Harder layout cases, built inline


def test_hard_wrap_that_falls_after_a_full_stop_is_still_one_paragraph():
    text = ("Henan has built 20 new logistics parks this year, more than in any year before.\n"
            "They now handle a third of the freight that crosses the central plains region,\n"
            "and more parks are planned along the new high-speed rail lines to the west.\n"
            "\n"
            "河南今年新建物流园区20个，超过以往任何一年。这些园区承担了中原地区三分之一的货运量，"
            "沿西部新高铁线路还将规划更多园区。\n")
    parsed = parse_script(text)
    assert len(parsed.blocks) == 1 and parsed.warnings == ()
    assert parsed.blocks[0].en_lines == (1, 2, 3)
    assert "before. They now" in parsed.blocks[0].en


def test_a_wrapped_chinese_line_full_of_digits_and_latin_letters_still_continues():
    """A wrap is measured in display width: a line holding 12.5%, GDP and 8.6% has few Han
    characters but is as full as the others, so it does not end the paragraph."""
    text = ("Digital Economy\n数字经济\n\n"
            "In 2023, the added value of Zhengzhou's core digital economy industries reached\n"
            "120 billion yuan, up 12.5 percent, and the city has built 42,000 5G base stations.\n"
            "\n"
            "2023年，郑州市数字经济核心产业增加值达到1200亿元，同\n"
            "比增长12.5%，占全市GDP的比重提升至8.6%。全市已累\n"
            "计建成5G基站4.2万个，实现城区和乡镇全覆盖。郑州将把数字\n"
            "经济作为转型发展的“头号工程”，加快建设国家人工智能创新应用\n"
            "先导区。\n")
    parsed = parse_script(text)
    assert parsed.warnings == ()
    assert [b.role for b in parsed.blocks] == [H, B]
    assert parsed.blocks[1].zh_lines == (7, 8, 9, 10, 11)
    assert "全市已累计建成5G基站" in parsed.blocks[1].zh


def test_the_sample_hard_wrapped_reads_as_published():
    """Every paragraph of the sample wrapped at 70 characters (Chinese at 30), blank lines
    between: the same blocks. A photo caption wrapped inside its [Photo provided to ...]
    and a heading wrapped after a quoted name ("Two Districts") are each joined."""
    import textwrap

    text = (ROOT / "projects/henan-industry-carriers/script.txt").read_text(encoding="utf-8")
    wrapped = []
    for line in (ln for ln in text.splitlines() if ln.strip()):
        if re.search(r"[\u4e00-\u9fff]{3}", line):
            wrapped.append("\n".join(line[i:i + 30] for i in range(0, len(line), 30)))
        else:
            wrapped.append("\n".join(textwrap.wrap(line, 70)))
    assert any("[Photo provided to\ndahe.cn]" in w for w in wrapped)
    assert any(w.endswith('"Two Districts"\nof service industry') for w in wrapped)
    key = [(b.role, b.en, b.zh) for b in parse_script(text).blocks]
    parsed = parse_script("\n\n".join(wrapped) + "\n")
    assert [(b.role, b.en, b.zh) for b in parsed.blocks] == key and parsed.warnings == ()


def test_a_paragraph_of_alternating_sentences_gives_a_pair_per_sentence():
    text = ("Henan is building an advanced manufacturing province. 河南加快建设先进制造业强省。"
            "We will optimize the industrial layout by 2025. 我们将优化产业布局。\n")
    parsed = parse_script(text)
    assert [(b.en, b.zh) for b in parsed.blocks] == [
        ("Henan is building an advanced manufacturing province.", "河南加快建设先进制造业强省。"),
        ("We will optimize the industrial layout by 2025.", "我们将优化产业布局。")]
    assert all(b.en_lines == b.zh_lines == (1,) for b in parsed.blocks)


def test_a_straight_quote_after_a_full_stop_opens_the_next_sentence_when_none_is_open():
    """``汽车。"Our …," he said.``: the quote was taken for the Chinese sentence's closing one,
    so the Chinese showed a stray quote and the English lost its opening one. One that closes
    an open quotation stays with its sentence."""
    text = ('比亚迪工厂上个月向欧洲发运了首批汽车。"Our overseas orders have tripled since last year," '
            "he said. “我们的海外订单比去年增长了两倍。”他说。 The factory shipped its first cars to "
            'Europe last month. 他说："我们很高兴。"He said: "We are happy."\n')
    parsed = parse_script(text)
    assert [(b.zh, b.en) for b in parsed.blocks] == [
        ("比亚迪工厂上个月向欧洲发运了首批汽车。",
         '"Our overseas orders have tripled since last year," he said.'),
        ("“我们的海外订单比去年增长了两倍。”他说。",
         "The factory shipped its first cars to Europe last month."),
        ('他说："我们很高兴。"', 'He said: "We are happy."')]


def test_a_hard_wrapped_editors_note_is_one_note():
    """A wrapped note was cut at its first line: its second Chinese line paired with the
    English note's first line, and the rest of the English became an English-only lead. A
    note in brackets ([Editor's Note], 【编者按】) is a note too. A note line followed by a
    heading still ends there."""
    text = ("编者按：今年是信阳毛尖获得地理标志保护的第十年。大河网推出双语报道，\n带您走进茶乡。\n"
            "Editor's note: This year marks the 10th year of geographical indication\n"
            "protection for Xinyang Maojian. Dahe.cn presents a bilingual story that\n"
            "takes you to the home of the tea.\n\n"
            "4月的信阳，茶园里一片繁忙。\nApril is a busy month in the tea gardens of Xinyang.\n")
    blocks = parse_script(text).blocks
    assert blocks[0].role is Role.NOTE and blocks[0].zh.endswith("带您走进茶乡。")
    assert blocks[0].en.endswith("takes you to the home of the tea.")
    assert [b.role for b in blocks[1:]] == [Role.LEAD]
    text = ("【编者按】新华社推出双语视频《大河奔流》。\n[Editor's Note] Xinhua presents the video.\n\n"
            "黄河是中华民族的母亲河。\nThe Yellow River is the mother river of the Chinese nation.\n")
    assert [b.role for b in parse_script(text).blocks] == [Role.NOTE, Role.LEAD]
    text = ("Click on the video above\nNB: This is not a word-for-word transcript\n"
            "High-Level Industry Carriers\n建设高能级产业载体\n"
            "Henan will build more parks this year.\n河南今年将建设更多园区。\n")
    blocks = parse_script(text).blocks
    assert [b.role for b in blocks] == [Role.NOTE, Role.NOTE, Role.HEADING, Role.BODY]


def test_a_script_of_invisible_characters_is_empty(tmp_path):
    """Only zero-width spaces (and NBSP, U+3000): the tracks got cues whose only text was
    U+200B. Such a script is empty; such a line is a blank line."""
    path = tmp_path / "script.txt"
    path.write_text("\u200b\u200b\n\u00a0\u3000\u200b\n\ufeff\u2060\n", encoding="utf-8")
    with pytest.raises(ScriptError, match="the script is empty"):
        read_script(path)
    text = "Exports doubled.\n去年出口翻了一番。\n\u200b\nImports fell.\n进口下降。\n"
    assert [(b.en, b.zh) for b in parse_script(text).blocks] == [
        ("Exports doubled.", "去年出口翻了一番。"), ("Imports fell.", "进口下降。")]


def test_one_sentence_per_line_is_not_joined_into_a_paragraph():
    text = ("Henan has built 20 new logistics parks this year, more than ever before.\n"
            "They now handle a third of the freight crossing the central plains region.\n"
            "\n"
            "More parks are planned along the new high-speed rail lines to the west.\n")
    parsed = parse_script(text)
    assert [b.en_lines for b in parsed.blocks] == [(1,), (2,), (4,)]


def test_a_line_before_an_inline_pair_is_kept_whole_and_reported():
    # An English passage wrapped onto an inline line is ambiguous; the parser keeps the inline
    # line's halves together as one pair (each line in exactly one block) and reports line 1.
    text = ("The city will simplify customs clearance and attract more logistics companies,\n"
            "and it will build overseas warehouses. 郑州将简化通关流程，吸引更多物流企业，建设海外仓。\n"
            "\n"
            "Click on the video above\n")
    parsed = parse_script(text)
    assert [(b.en_lines, b.zh_lines) for b in parsed.blocks][:2] == [((1,), ()), ((2,), (2,))]
    assert len(parsed.warnings) == 1 and parsed.warnings[0].startswith("script.txt:1: b01")


def test_wrapped_chinese_lines_join_without_a_space_but_latin_words_keep_one():
    text = ("Farmers sell their produce on livestreams, and the village ships fresh vegetables "
            "to Zhengzhou the same day.\n\n"
            "农民在网上直播销售农产品，村里的新鲜蔬菜当天就能运到郑州，\n"
            "“直播带货”已经成为当地农民增收的新渠道，新 app\n"
            "design 也在测试之中。\n")
    zh = parse_script(text).blocks[0].zh
    assert zh == ("农民在网上直播销售农产品，村里的新鲜蔬菜当天就能运到郑州，“直播带货”已经成为"
                  "当地农民增收的新渠道，新 app design 也在测试之中。")


def test_consecutive_short_lines_in_a_blank_line_script_are_not_joined():
    text = ("Click on the video above\nNB: This is not a word-for-word transcript\n\n"
            "Zhengzhou opened five new metro lines this year. Trains now reach the airport.\n\n"
            "郑州今年开通五条地铁新线路。列车现在可直达机场。\n\n"
            "文案:张三 李四\n视频:王五\n")
    parsed = parse_script(text)
    assert [b.role for b in parsed.blocks] == [N, N, L, K, K]


def test_subtitle_style_line_pairs_without_full_stops_are_body_not_headings():
    text = "\n".join(["河南是农业大省", "Henan is a major farming province",
                      "全国四分之一的小麦产自这里", "A quarter of China's wheat grows here",
                      "农民用上了无人机", "Farmers now use drones",
                      "年轻人也回到了乡村", "Young people are coming back"]) + "\n"
    parsed = parse_script(text)
    assert [b.role for b in parsed.blocks] == [B] * 4
    assert parsed.first == "zh"


def test_a_lone_heading_followed_by_body_stays_a_heading():
    text = ("Night Tours of the Old City\n古城夜游\n"
            "The old city opens its streets after dark. Shops stay open until midnight.\n"
            "洛阳古城入夜后开放街巷。商铺营业到午夜。\n")
    assert [b.role for b in parse_script(text).blocks] == [H, B]


def test_a_line_that_trails_off_or_a_question_answered_in_the_text_is_body():
    """Short paragraphs ending in … or …… read as headings: they became title cards and were
    missing from every SRT and VTT track, without a word (audit of session 14)."""
    text = ("Markets\n市场\n"
            "The market opened higher on Monday morning.\n周一上午市场高开。\n"
            "Prices rose, and then they fell again…\n价格上涨，然后又下跌了……\n"
            "Q: How will the parks change?\n问：园区将如何变化？\n"
            "A: They will share one supply chain.\n答：它们将共享一条供应链。\n")
    parsed = parse_script(text)
    assert [b.role for b in parsed.blocks] == [H, B, B, B, B]
    assert parsed.warnings == ()


def test_a_question_taken_for_a_heading_is_warned_of_with_the_override_that_keeps_it():
    """A question alone may be a section's title ("What comes next?") or a line the narrator
    says: the parser keeps it a title card, and says so, with the line that makes it body."""
    text = ("Markets\n市场\n"
            "The market opened higher on Monday morning.\n周一上午市场高开。\n"
            "Why does it matter?\n为什么这很重要？\n"
            "Because prices fell again on Tuesday.\n因为周二价格再次下跌。\n")
    parsed = parse_script(text)
    assert [b.role for b in parsed.blocks] == [H, B, H, B]
    (warning,) = parsed.warnings
    assert warning.startswith("script.txt:5: b03 'Why does it matter?' is read as a heading")
    override = re.search(r"`- (\{.*?\})`", warning).group(1)
    assert override == "{id: b03, role: body}"
    again = parse_script(text, overrides=[yaml.safe_load(override)])
    assert [b.role for b in again.blocks] == [H, B, B, B] and again.warnings == ()
    # a heading the editor set by hand is not warned of
    kept = parse_script(text, overrides=[{"id": "b03", "role": "heading"}])
    assert [b.role for b in kept.blocks] == [H, B, H, B] and kept.warnings == ()


def test_a_line_broken_inside_by_word_or_a_web_page_is_one_line_under_its_editor_number():
    """Word's manual line break (a vertical tab) and U+2028 broke a paragraph into separate
    one-language blocks, and warnings named line 16 of a 6-line file (audit of session 14)."""
    text = ("Markets\n市场\n"
            "The line separator\u2028sits here and a vertical\vtab from Word sits there.\n"
            "行分隔符\u2028在这里，来自Word的垂直\v制表符在那里。\n"
            "A next-line\x85mark ends here.\n"
            "下一行标记\x85在此结束。\n"
            "Only English \u2028here.\n")
    parsed = parse_script(text)
    assert [(b.role, b.en, b.zh, b.en_lines, b.zh_lines) for b in parsed.blocks] == [
        (H, "Markets", "市场", (1,), (2,)),
        (B, "The line separator sits here and a vertical tab from Word sits there.",
         "行分隔符在这里，来自Word的垂直制表符在那里。", (3,), (4,)),
        (B, "A next-line mark ends here.", "下一行标记在此结束。", (5,), (6,)),
        (B, "Only English here.", "", (7,), ())]
    assert parsed.warnings == ("script.txt:7: b04 (body) has no Chinese counterpart; kept as "
                               "English only",)
    # two of them in a row leave a blank line between paragraphs (Word's way): they were
    # fused into one English-and-Chinese paragraph, the heading lost
    word = ("Henan builds industry carriers\v\v河南建设产业载体\v\vThe province will build more "
            "industrial parks.\v\v全省将建设更多产业园区。\v\vExports doubled last year.\v\v"
            "去年出口翻了一番。\v\n")
    assert [(b.role, b.en, b.zh) for b in parse_script(word).blocks] == [
        (H, "Henan builds industry carriers", "河南建设产业载体"),
        (B, "The province will build more industrial parks.", "全省将建设更多产业园区。"),
        (B, "Exports doubled last year.", "去年出口翻了一番。")]


def test_split_inline_keeps_every_character_and_ignores_one_language_lines():
    en = "Zhengzhou now makes one new energy vehicle every minute."
    zh = "郑州现在每分钟生产一辆新能源汽车。"
    assert split_inline(f"{en} {zh}") == [("en", en), ("zh", zh)]
    assert split_inline(f"{zh} {en}") == [("zh", zh), ("en", en)]
    assert split_inline(en) is None and split_inline(zh) is None
    # an English paragraph that names a Chinese term is not a pair
    assert split_inline("The campaign, known in Chinese as 百园增效, aims to raise the output "
                        "of 100 industrial parks across the province.") is None


def test_credit_lines_are_never_split_inline():
    text = ("Henan is speeding up the building of a strong manufacturing province. "
            "河南正在加快建设制造业强省。\n视频: He Menghe\n")
    parsed = parse_script(text)
    credit = parsed.blocks[-1]
    assert credit.role is K and len(credit.languages) == 1
    assert credit.text(credit.languages[0]) == "视频: He Menghe"


# --------------------------------------------------------------------------------------------
# Encodings


@pytest.fixture(scope="module")
def zh_first_text() -> str:
    return (LAYOUTS / "paragraphs_zh_first.txt").read_text(encoding="utf-8")


ENCODINGS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-bom": lambda t: t.encode("utf-8-sig"),
    "utf-16-le-bom": lambda t: b"\xff\xfe" + t.encode("utf-16-le"),
    "utf-16-be-bom": lambda t: b"\xfe\xff" + t.encode("utf-16-be"),
    "utf-16-le-no-bom": lambda t: t.encode("utf-16-le"),
    "utf-16-be-no-bom": lambda t: t.encode("utf-16-be"),
    "gb18030": lambda t: t.encode("gb18030"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
}


@pytest.mark.parametrize("enc", sorted(ENCODINGS))
def test_encodings_read_the_same_blocks(enc, zh_first_text, tmp_path):
    want = parse_script(zh_first_text).blocks
    path = tmp_path / "script.txt"
    path.write_bytes(ENCODINGS[enc](zh_first_text))
    assert read_script(path).blocks == want


@pytest.mark.parametrize("name", ["chinese_only.txt", "traditional.txt"])
@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be", "gb18030"])
def test_chinese_heavy_scripts_without_bom(name, enc, tmp_path):
    text = (LAYOUTS / name).read_text(encoding="utf-8")
    assert decode_script(text.encode(enc), tmp_path / "s.txt") == text


def test_traditional_script_in_big5_is_not_misread_as_gb18030(tmp_path):
    text = (LAYOUTS / "traditional.txt").read_text(encoding="utf-8")
    assert decode_script(text.encode("big5"), tmp_path / "s.txt") == text


def _one_line_error(exc: SubtitlerError, path: Path) -> str:
    msg = str(exc)
    assert "\n" not in msg and str(path) in msg
    return msg


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n",
                                  "\ufeff \n".encode("utf-16-le"), b"\xff\xfe"])
def test_empty_script(data, tmp_path):
    path = tmp_path / "script.txt"
    path.write_bytes(data)
    with pytest.raises(ScriptError) as err:
        read_script(path)
    assert "empty" in _one_line_error(err.value, path)


def test_binary_file_is_not_text(tmp_path):
    path = tmp_path / "script.txt"
    rng = random.Random(7)
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(2000))
    with pytest.raises(ScriptError) as err:
        read_script(path)
    assert "not a text file" in _one_line_error(err.value, path)


@pytest.mark.parametrize("seed", range(20))
def test_random_bytes_never_decode(seed, tmp_path):
    path = tmp_path / "script.bin"
    data = random.Random(seed).randbytes(300)
    if seed % 2:
        data = data.replace(b"\x00", b"")
    with pytest.raises(ScriptError) as err:
        decode_script(data, path)
    _one_line_error(err.value, path)


@pytest.mark.parametrize("text,enc", [
    ("Café owners in Zhengzhou say résumé checks are rare.\n", "latin-1"),
    ("“Smart quotes” — and an ellipsis… from Word.\n", "cp1252"),
    ("日本語のテキストです。東京は日本の首都です。\n", "shift_jis"),
])
def test_invalid_utf8_that_is_not_chinese_names_the_encoding(text, enc, tmp_path):
    path = tmp_path / "script.txt"
    with pytest.raises(ScriptError) as err:
        decode_script(text.encode(enc), path)
    msg = _one_line_error(err.value, path)
    assert "UTF-8" in msg and "save it as UTF-8" in msg


def test_missing_script_and_folder(tmp_path):
    with pytest.raises(ScriptError) as err:
        read_script(tmp_path / "script.txt")
    assert "not found" in _one_line_error(err.value, tmp_path / "script.txt")
    with pytest.raises(ScriptError) as err:
        read_script(tmp_path)
    _one_line_error(err.value, tmp_path)


def test_parse_of_blank_text_is_empty():
    with pytest.raises(ScriptError, match="empty"):
        parse_script("\n \n", path="ep/script.txt")


# --------------------------------------------------------------------------------------------
# Missing counterparts

MISSING_ZH = """\
Xuchang is known for its wigs. The city exports hair products to more than 120 countries.
许昌以发制品闻名。全市发制品出口到120多个国家和地区。
Click on the video above
A Global Business
走向世界
Workers at one factory in Xuchang make 3,000 wigs a day. Most of them are sold online.
许昌一家工厂的工人每天制作3000顶假发，大部分通过网络销售。
Sales to Africa have grown fastest, and the company has opened a shop in Lagos.
The city now hosts an annual trade fair for the industry.
每年，这座城市都会举办行业博览会。
"""


def test_paragraph_without_counterpart_is_kept_and_reported():
    parsed = parse_script(MISSING_ZH, path="projects/xuchang/script.txt")
    b = parsed.blocks
    assert [x.role for x in b] == [L, N, H, B, B, B]
    lone = b[4]
    assert (lone.en, lone.zh, lone.en_lines) == (
        "Sales to Africa have grown fastest, and the company has opened a shop in Lagos.", "",
        (8,))
    assert b[5].en_lines == (9,) and b[5].zh_lines == (10,)
    assert len(parsed.warnings) == 1
    w = parsed.warnings[0]
    assert w.startswith("projects/xuchang/script.txt:8: ")
    assert "b05" in w and "no Chinese counterpart" in w and "\n" not in w
    assert_every_line_once_text(parsed, MISSING_ZH)


def test_chinese_paragraph_without_english_counterpart_in_chinese_first_script():
    text = ("鹤壁正在建设数字经济产业园。\nHebi is building a digital economy park.\n"
            "园区已吸引50家企业入驻。\n"
            "这些企业主要从事软件开发。\nMost of them develop software.\n")
    parsed = parse_script(text)
    assert parsed.first == "zh"
    assert [(x.en_lines, x.zh_lines) for x in parsed.blocks] == [
        ((2,), (1,)), ((), (3,)), ((5,), (4,))]
    assert len(parsed.warnings) == 1
    assert parsed.warnings[0].startswith("script.txt:3: b02")
    assert "no English counterpart" in parsed.warnings[0]


def assert_every_line_once_text(parsed, text: str) -> None:
    nonblank = {i + 1 for i, ln in enumerate(text.splitlines()) if ln.strip()}
    seen = [no for b in parsed.blocks for no in b.lines]
    assert sorted(seen) == sorted(nonblank)


# --------------------------------------------------------------------------------------------
# Role overrides


@pytest.fixture(scope="module")
def sample_text() -> str:
    return (LAYOUTS / "paragraphs_en_first.txt").read_text(encoding="utf-8")


def test_override_by_id(sample_text):
    blocks = parse_script(sample_text, overrides=[{"id": "b03", "role": "body"},
                                                  {"id": "b06", "role": "photo caption"}]).blocks
    assert blocks[2].role is B and blocks[5].role is C
    assert blocks[1].role is N  # untouched


def test_override_by_match_is_case_insensitive_and_covers_both_languages(sample_text):
    parsed = parse_script(sample_text, overrides=[{"match": "click on the VIDEO", "role": "body"},
                                                  {"match": "扩大高水平", "role": "body"}])
    assert parsed.blocks[1].role is B and parsed.blocks[6].role is B


def test_override_applies_to_every_match(sample_text):
    blocks = parse_script(sample_text, overrides=[{"match": "郑州", "role": "note"}]).blocks
    hits = [b.id for b in blocks if b.role is N]
    assert hits == ["b01", "b02", "b03", "b05", "b06", "b08", "b09"]


@pytest.mark.parametrize("ov,words", [
    ({"id": "b03", "role": "narration"}, ["unknown role 'narration'", "roles are: lead, note"]),
    ({"id": "b99", "role": "note"}, ["id 'b99' matches no block", "subtitler blocks"]),
    ({"match": "not in the script", "role": "note"}, ["matches no block", "subtitler blocks"]),
    # (it made every block a note: empty tracks, and qc passed)
    ({"match": "", "role": "note"}, ["an empty `match` matches every block"]),
    ({"id": "b03"}, ["roles item 1 must be"]),
    ({"role": "note"}, ["roles item 1 must be"]),
    ({"id": "b03", "role": "note", "colour": "red"}, ["roles item 1 must be"]),
])
def test_bad_override_is_a_config_error_naming_project_yaml(ov, words, sample_text):
    cfg = Path("projects/zhengzhou/project.yaml")
    with pytest.raises(ConfigError) as err:
        parse_script(sample_text, overrides=[ov], config_path=cfg)
    msg = str(err.value)
    assert msg.startswith(f"{cfg}: ") and "\n" not in msg
    for w in words:
        assert w in msg


def test_a_match_of_zero_is_a_match_not_an_empty_one(sample_text):
    blocks = parse_script(sample_text, overrides=[{"match": 0, "role": "note"}]).blocks
    assert any(b.role is N and "0" in b.en + b.zh for b in blocks)


def test_second_bad_override_is_numbered(sample_text):
    with pytest.raises(ConfigError, match="roles item 2"):
        parse_script(sample_text, overrides=[{"id": "b03", "role": "body"},
                                             {"id": "b04", "role": "music"}])


# --------------------------------------------------------------------------------------------
# Credits


@pytest.mark.parametrize("text", [
    "文案:赵汉青 杨佳欣", "视频：何蒙贺", "海报:韩雨松", "海报：赵六", "文案：张三、李四",
    "Video: He Menghe", "Script: Zhao Hanqing, Yang Jiaxin", "Poster: Han Yusong",
    "视频: He Menghe", "（文案:张三）", "Editor: Zhang San and Li Si",
    # an English role in sentence case, as the roles table writes some (it was a title card)
    "Chief editor: Liu Yang", "Editor in charge: Liu Yang", "Video editor: Sun Li",
])
def test_credit_lines(text):
    assert is_credit(text)


@pytest.mark.parametrize("text", [
    "NB: This is not a word-for-word transcript", "Note: the figures are preliminary.",
    "Note: The Figures Are Preliminary", "注：数据为初步统计。",
    "全市计划到2025年产值达到1000亿元:这是一个新目标。",
    "The plan: build 100 parks by 2025.", "Click on the video above",
    "A special thanks goes to the Yinxu Museum for its support.", "High-Level Industry Carriers",
    # a photo caption ending in its photographer (the sentence before the colon is no role)
    "图为周六晚上的士林夜市。（摄影：林伟）", "圖為週六晚上的士林夜市。（攝影：林偉）",
    # a heading in sentence case with a colon: no role's words before it
    "Key points: Innovation and Reform", "Our goal for the year: Zhengzhou and Luoyang",
])
def test_not_credit_lines(text):
    assert not is_credit(text)


def test_a_sentence_case_heading_with_a_colon_stays_a_heading_pair():
    """'Key points: Innovation and Reform' had been read as a credit (only its first word need
    be capitalised), parted from its Chinese and put in the credits roll."""
    parsed = parse_script("High-Level Industry Carriers\n建设高能级产业载体\n\n"
                          "Key points: Innovation and Reform\n要点：坚持创新驱动发展战略\n\n"
                          "The plan has three parts. It will cost 1.6 billion yuan.\n"
                          "该计划分为三个部分。它将耗资16亿元。\n")
    assert [(b.role, b.en, b.zh) for b in parsed.blocks][1] == \
        (Role.HEADING, "Key points: Innovation and Reform", "要点：坚持创新驱动发展战略")


def test_a_chinese_photo_caption_naming_its_photographer_pairs_with_its_english():
    """图为……。（摄影：林伟） had been read as a credit of the role '图为……。（摄影', split
    from its English caption, and shown in the credits roll with a warning to translate it."""
    text = ("Henan's exports rose 5 percent in 2024, the provincial bureau said on Monday.\n"
            "河南省统计局周一表示，2024年河南出口增长5%。\n\n"
            "Shilin Night Market on a Saturday evening. (Photo by Lin Wei)\n"
            "图为周六晚上的士林夜市。（摄影：林伟）\n")
    parsed = parse_script(text)
    assert [(b.role, b.languages) for b in parsed.blocks] == [(B, ("en", "zh")),
                                                              (C, ("en", "zh"))]


@pytest.mark.parametrize("en, zh", [
    ("Cargo is loaded at the airport. Photo/Wang Lei", "工作人员在机场装货。王磊/摄"),
    ("Cargo is loaded at the airport. Photo: Xinhua", "工作人员在机场装货。新华社记者 王磊 摄"),
    ("", "工作人员在机场装货。王磊 摄"), ("", "工作人员在机场装货。图/王磊"),
])
def test_a_photo_credit_after_a_caption_without_brackets_makes_a_caption(en, zh):
    """"Cargo is loaded at the airport. Photo/Wang Lei" / 工作人员在机场装货。王磊/摄 (and
    Xinhua's ……。新华社记者 王磊 摄) were read as headings, the caption burned in as a title
    card; only a credit in brackets, "[Photo/Xinhua]" or （王磊 摄）, made a caption."""
    assert classify(en, zh) is C
    # (a credit on its own line stays a credit, and a sentence that ends in 拍摄 no caption)
    base = "Exports doubled last year. 去年出口翻了一番。\n"
    for line in ("王磊 摄", "图/王磊", "新华社记者 王磊 摄", "Photo: Wang Lei"):
        assert parse_script(base + line + "\n").blocks[-1].role is K, line
    assert classify("He showed me the photo: it was his father", "") is H
    assert classify("", "大家一起来。用手机拍摄") is H


@pytest.mark.parametrize("credit, en, zh", [
    ("Photo/Wang Lei\n王磊/摄", "Cargo is loaded at the airport. Photo/Wang Lei",
     "工作人员在机场装货。王磊/摄"),
    ("Photo: Xinhua\n图：新华社", "Cargo is loaded at the airport. Photo: Xinhua",
     "工作人员在机场装货。图：新华社"),
    ("Photo/Wang Lei\n图/王磊", "Cargo is loaded at the airport. Photo/Wang Lei",
     "工作人员在机场装货。图/王磊"),
    ("王磊/摄", "Cargo is loaded at the airport.", "工作人员在机场装货。王磊/摄"),
    ("新华社记者 王磊 摄", "Cargo is loaded at the airport.", "工作人员在机场装货。新华社记者 王磊 摄"),
    ("Photo: Xinhua", "Cargo is loaded at the airport. Photo: Xinhua", "工作人员在机场装货。"),
    ("[Photo/chinadaily.com.cn]", "Cargo is loaded at the airport. [Photo/chinadaily.com.cn]",
     "工作人员在机场装货。"),
])
def test_a_photo_credit_on_its_own_line_after_a_caption_belongs_to_the_caption(credit, en, zh):
    """"Photo/Wang Lei" / 王磊/摄 on a line of its own under a photo's caption (China Daily's
    and Xinhua's layout; also "Photo: Xinhua", 图/王磊, 新华社记者 王磊 摄) was read as a heading,
    burned in as a title card (or as a credit on the roll), and the caption before it as body
    text, subtitled. The two are one caption, as when the credit ends the caption's line; the
    script round-trips. After the text's last paragraph such a line is left as it was."""
    lines = ["Exports doubled last year.", "去年出口翻了一番。",
             "Cargo is loaded at the airport.", "工作人员在机场装货。", credit,
             "The airport plans five new cargo routes.", "机场计划开通五条新货运航线。"]
    parsed = parse_script("\n".join(lines) + "\n")
    assert [b.role for b in parsed.blocks] == [B, C, B] and not parsed.warnings
    caption = parsed.blocks[1]
    assert (caption.en, caption.zh, caption.id, parsed.blocks[2].id) == (en, zh, "b02", "b03")
    assert caption.lines == tuple(range(3, 5 + credit.count("\n") + 1))
    again = parse_script(format_script(parsed.blocks)).blocks
    assert [(b.role, b.en, b.zh) for b in again] == [(b.role, b.en, b.zh) for b in parsed.blocks]
    # (inline, the credit's languages on one line)
    inline = parse_script("Exports doubled last year. 去年出口翻了一番。\n"
                          "Cargo is loaded at the airport. 工作人员在机场装货。\n"
                          + credit.replace("\n", " ") + "\n"
                          "The airport plans five new cargo routes. 机场计划开通五条新货运航线。\n")
    assert [(b.role, b.en, b.zh) for b in inline.blocks][1] == (C, en, zh)
    # (after the last paragraph: as before, a credit such as "Photo: Xinhua" may begin the
    # credits, and the paragraph before it be said)
    last = parse_script("\n".join(lines[:5]) + "\n").blocks
    assert (last[1].role, last[1].en) == (B, "Cargo is loaded at the airport.")


def test_english_credits_in_a_bilingual_script():
    text = ("Anyang is digitizing its oracle bones. 安阳正在推进甲骨数字化。\n"
            "Script: Zhao Hanqing, Yang Jiaxin\nVideo: He Menghe\n")
    parsed = parse_script(text)
    assert [b.role for b in parsed.blocks] == [B, K, K]
    assert parsed.warnings == ()


@pytest.mark.parametrize("en,zh,role", [
    ("Click on the video above", "", N),
    ("", "点击观看视频", N),
    ("NB: This is not a word-for-word transcript", "", N),
    ("Workers at the factory in Luohe. [Photo provided to dahe.cn]", "", C),
    ("", "（图片由郑州航空港区提供）", C),
    ("A special thanks goes to the Luohe Taiwan Affairs Office.", "特别感谢漯河市臺办。", A),
    ("", "感谢河南省委外办的大力支持。", A),
    # a presenter's sign-off is said: it had gone to the credits, with no subtitle
    ("Thanks for watching. See you next time.", "感谢收看，我们下期再见。", B),
    ("Thank you for listening.", "感谢您的收听。", B),
    # the patterns are Simplified: a Traditional script's had been a subtitled note and
    # acknowledgement, and title cards of its photo captions
    ("", "【編者按】今年是臺北建城140週年。本報推出系列報導。", N),
    ("", "點擊觀看視頻", N),
    ("", "圖為週六晚上的士林夜市。（攝影：林偉）", C),
    ("", "（圖片由臺北市政府提供）", C),
    ("", "特別感謝臺北市政府的大力支持。", A),
    ("High-Level Industry Carriers", "建设高能级产业载体", H),
    ("We will build parks. We will attract companies.", "建设园区，吸引企业。", B),
])
def test_classify(en, zh, role):
    assert classify(en, zh) is role


# --------------------------------------------------------------------------------------------
# Round trip: blocks -> format_script -> parse_script -> the same texts

EN_WORDS = ("the city province will build new parks farmers companies industry river "
            "workers trade museum visitors high-speed rail wheat culture modern chain "
            "Henan Zhengzhou Luoyang 2025 green digital").split()
ZH_WORDS = ("河南 郑州 洛阳 产业 园区 建设 农民 小麦 博物馆 游客 高铁 文化 现代化 "
            "数字 绿色 发展 企业 城市 供应链 创新").split()


@st.composite
def sentence_pair(draw, heading: bool = False) -> tuple[str, str]:
    """An English sentence and a Chinese one of translation-like length (about 3.3 English
    characters per Han character, give or take half)."""
    n = draw(st.integers(2, 5) if heading else st.integers(5, 14))
    # the first word has letters: a line of numbers only ("2025") has no language to pair by
    en = " ".join([draw(st.sampled_from([w for w in EN_WORDS if w.isalpha()]))] +
                  draw(st.lists(st.sampled_from(EN_WORDS), min_size=n - 1, max_size=n - 1)))
    en = en[0].upper() + en[1:]
    target = max(2 if heading else 6, round(len(en) / 3.3 * draw(st.floats(0.6, 1.5))))
    zh = ""
    while len(zh) < target:
        zh += draw(st.sampled_from(ZH_WORDS))
    if not heading:
        en += draw(st.sampled_from([".", "!", "?"]))
        zh += draw(st.sampled_from(["。", "！", "？"]))
    return en, zh


@st.composite
def script_blocks(draw):
    """1-8 blocks of body paragraphs (1-3 sentences) and headings, in both languages or one;
    a bilingual script has at least one body paragraph (what makes an inline script
    recognisable as one)."""
    langs = draw(st.sampled_from([("en", "zh"), ("en",), ("zh",)]))
    first = draw(st.sampled_from(["en", "zh"])) if len(langs) == 2 else langs[0]
    n = draw(st.integers(1, 8))
    roles = draw(st.lists(st.sampled_from([Role.BODY, Role.BODY, Role.HEADING]),
                          min_size=n, max_size=n))
    if len(langs) == 2 and Role.BODY not in roles:
        roles[draw(st.integers(0, n - 1))] = Role.BODY
    blocks = []
    for i, role in enumerate(roles):
        heading = role is Role.HEADING
        k = 1 if heading else draw(st.integers(1, 3))
        pairs = [draw(sentence_pair(heading)) for _ in range(k)]
        texts = {"en": " ".join(e for e, _ in pairs), "zh": "".join(z for _, z in pairs)}
        texts = {lang: texts[lang] for lang in langs}
        blocks.append(Block(id=f"b{i + 1:02d}", role=role, first=first, **texts))
    return blocks


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(blocks=script_blocks(), layout=st.sampled_from(["paragraphs", "blank", "inline"]))
def test_format_then_parse_round_trips(blocks, layout):
    text = format_script(blocks, layout=layout)
    parsed = parse_script(text)
    assert [(b.en, b.zh) for b in parsed.blocks] == [(b.en, b.zh) for b in blocks], text
    # (a question alone may be a title: the parser says so, for each one it takes for a heading)
    questions = [b.id for b in parsed.blocks if b.role is Role.HEADING
                 and (b.en or b.zh).endswith(("?", "？"))]
    assert [w.split()[1] for w in parsed.warnings] == questions
    assert all("is read as a heading" in w for w in parsed.warnings)
    # and writing the parsed blocks again gives the same script
    assert format_script(parsed.blocks, layout=layout) == text


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("layout", ["paragraphs", "blank", "inline"])
def test_fixture_round_trips_through_every_layout(name, layout, parsed_layouts):
    blocks = parsed_layouts[name].blocks
    again = parse_script(format_script(blocks, layout=layout)).blocks
    assert [(b.en, b.zh, b.role) for b in again] == [(b.en, b.zh, b.role) for b in blocks]


def test_chinese_first_blank_lines_with_wrapped_and_indented_chinese():
    text = ("\u3000\u3000焦作是太极拳的发源地。每年都有来自世界各地的太极拳爱好者来到陈家沟，\n"
            "寻根问祖、拜师学艺。\n\n"
            "Jiaozuo is the birthplace of Tai Chi. Every year, Tai Chi lovers from around the "
            "world come to Chenjiagou to trace its roots and learn from masters.\n\n"
            "点击观看视频\n\nClick on the video above\n\n"
            "\u3000\u3000陈家沟太极拳学校今年招收了来自30个国家的学员。\n\n"
            "This year, the Tai Chi school in Chenjiagou has enrolled students from 30 "
            "countries.\n\n文案：张三\n")
    parsed = parse_script(text)
    assert parsed.first == "zh" and parsed.warnings == ()
    assert [(b.role, b.en_lines, b.zh_lines) for b in parsed.blocks] == [
        (L, (4,), (1, 2)), (N, (8,), (6,)), (B, (12,), (10,)), (K, (), (14,))]
    assert parsed.blocks[0].zh == ("焦作是太极拳的发源地。每年都有来自世界各地的太极拳爱好者来到"
                                   "陈家沟，寻根问祖、拜师学艺。")


# Any mix of lines: every non-blank line lands in exactly one block and no character is lost.

LINES = st.one_of(
    sentence_pair().map(lambda p: p[0]), sentence_pair().map(lambda p: p[1]),
    sentence_pair(True).map(lambda p: p[0]), sentence_pair(True).map(lambda p: p[1]),
    sentence_pair().map(lambda p: f"{p[0]} {p[1]}"),
    sentence_pair().map(lambda p: f"{p[1]} {p[0]}"),
    st.sampled_from(["", "", "Click on the video above", "NB: This is not a word-for-word "
                     "transcript", "文案:张三 李四", "视频：王五", "Video: Wang Wu", "2021-2025",
                     "***", "[Photo provided to dahe.cn]", "（图片由大河网提供）"]),
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(LINES, min_size=1, max_size=12).filter(lambda ls: any(x.strip() for x in ls)))
# (a photographer's credit under a caption joins it: the caption's English is lines 2 and 4, its
# Chinese line 3; the check by the languages' order in each block had failed on it, by chance)
@example(lines=["The the the the the.", "The the the the the.", "河南河南河南。",
                "[Photo provided to dahe.cn]", "The the the the the."])
def test_any_script_keeps_every_line_and_character(lines):
    text = "\n".join(lines) + "\n"
    parsed = parse_script(text)
    nonblank = {i + 1 for i, ln in enumerate(lines) if ln.strip()}
    seen = [no for b in parsed.blocks for no in b.lines]
    assert sorted(seen) == sorted(nonblank) and len(set(seen)) == len(seen)
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    # each block holds the characters of its own lines, neither more nor fewer, and the blocks
    # come in the order of their lines
    for b in parsed.blocks:
        own = "".join(lines[no - 1] for no in sorted(set(b.lines)))
        assert Counter(squeeze(b.en + b.zh)) == Counter(squeeze(own)), b
    firsts = [min(b.lines) for b in parsed.blocks]
    assert firsts == sorted(firsts)


def test_a_quotation_before_the_credits_is_body_text_not_a_credit():
    # "一位游客说：“…”" looked like `role: names`, and its English (ending in ."), a heading
    text = ("The fair opened on Saturday in Kaifeng.\n书展周六在开封开幕。\n"
            "Books and the city\n书香古城\n"
            "More than 200,000 books are on display at the fair.\n本届书展展出图书二十多万册。\n"
            'A visitor said, "One day is not enough."\n一位游客说：“一天根本不够。”\n'
            "文案：周明\n视频：刘洋\n")
    blocks = parse_script(text).blocks
    quote = [b for b in blocks if "visitor" in b.en]
    assert len(quote) == 1 and quote[0].role is Role.BODY and quote[0].zh.startswith("一位游客说")
    assert [b.zh for b in blocks if b.role is Role.CREDITS] == ["文案：周明", "视频：刘洋"]
    assert not is_credit("一位游客说：“一天根本不够。”")
    assert is_credit("视频: He Menghe") and is_credit("编辑：O'Brien")


def test_a_pair_pasted_the_other_way_round_still_pairs():
    text = ("Readers fill the halls of the fair.\n读者挤满了书展的展厅。\n"
            "“纸质书和电子书并不矛盾，”一位出版社编辑说。\n"
            '"Paper books and e-books do not contradict each other," said an editor.\n'
            "The fair runs until October 8.\n书展将持续到10月8日。\n")
    parsed = parse_script(text)
    assert [(bool(b.en), bool(b.zh)) for b in parsed.blocks] == [(True, True)] * 3
    assert parsed.first == "en" and parsed.warnings == ()
    assert parsed.blocks[1].zh.startswith("“纸质书") and parsed.blocks[1].en.startswith('"Paper')


@pytest.mark.parametrize("zh", [
    "规划全文见https://www.henan.gov.cn/2021/10/08/industrial-parks-development-plan-full-text"
    ".html，或来信 industrial.parks.office@henan-gov.example.cn。",
    "详情请访问大河网dahe.cn/news/2023/03/23/industrial-system-development-plan-full.html了解。",
    "详见HTTPS://WWW.DAHE.CN/NEWS/2023/03/23/INDUSTRIAL-SYSTEM-DEVELOPMENT-PLAN.HTML。",
])
def test_a_chinese_paragraph_with_long_links_is_chinese(zh):
    """The letters of web and mail addresses outweighed the Han characters: the Chinese
    paragraph was read as English, and the pair as two unpaired English paragraphs."""
    text = f"Details are in the plan published online.\n{zh}\n"
    parsed = parse_script(text)
    body = [b for b in parsed.blocks if b.role is Role.BODY]
    assert len(body) == 1 and body[0].en.startswith("Details") and body[0].zh == zh
    assert not parsed.warnings


@pytest.mark.parametrize("en,zh", [
    ("Apple released the new iPhone 15 Pro Max and Apple Watch Ultra 2 on Tuesday.",
     "苹果公司周二发布了新款iPhone 15 Pro Max和Apple Watch Ultra 2。"),
    ("Apple released the new iPhone and Apple Watch on Tuesday.",
     "苹果公司周二发布了新款 iPhone 和 Apple Watch。"),
    ("WHO chief Tedros said the rules must be strengthened.",
     "世界卫生组织(WHO)总干事Tedros Adhanom Ghebreyesus表示，必须加强International Health "
     "Regulations。"),
    ("More details are on the website.", "更多详情请访问https://www.example.com/a?query=1&b=2。"),
])
def test_a_chinese_paragraph_naming_things_in_latin_letters_is_chinese(en, zh):
    """Product names, a person's name or a link written in Chinese were split off as an inline
    English passage (shown twice on the English track, never on the Chinese one), or the
    whole paragraph was read as English."""
    parsed = parse_script(f"{en}\n{zh}\n")
    body = [b for b in parsed.blocks if b.role is Role.BODY]
    assert [(b.en, b.zh) for b in body] == [(en, zh)]
    assert not parsed.warnings
    # and as an inline pair, the Chinese passage with its names is kept whole
    assert split_inline(f"{en} {zh}", min_han=2, min_latin=2) == [("en", en), ("zh", zh)]
    # English against Chinese on one side only is English, not a name set in Chinese
    assert split_inline(f"{zh}{en}", min_han=2, min_latin=2) == [("zh", zh), ("en", en)]


def test_an_english_paragraph_with_a_chinese_path_in_its_link_is_english():
    """An address ended at its first Han character: the Chinese segments of the link's path
    outweighed a short English line, read as Chinese."""
    from subtitler.textutil import detect_lang

    assert detect_lang("Visit https://www.dahe.cn/新闻/河南/产业发展/2023/a.html for more.") == "en"
    assert detect_lang("见https://x.com/a详情，请访问。") == "zh"  # the Chinese after it is not


def test_a_script_pasted_with_the_articles_headline_keeps_its_lead():
    """The headline above the lead, as the article is published (and as project.yaml's `title:`
    says it), was the first heading: the lead after it was body text, subtitled though not said
    (five cues not heard in a new episode). A first heading that is not the title is still a
    section's, and its paragraph body text."""
    script = ("Luoyang welcomes visitors to the Peony Festival\n洛阳迎来牡丹文化节\n"
              "The festival opened on April 1.\n牡丹文化节于4月1日开幕。\n"
              "Click on the video above\n"
              "A City of Flowers\n花开洛阳城\n"
              "Peonies have been grown in Luoyang for centuries.\n洛阳种植牡丹已有数百年。\n")
    roles = [b.role for b in parse_script(
        script, title="Luoyang welcomes visitors to the  peony festival").blocks]
    assert roles == [Role.HEADING, Role.LEAD, Role.NOTE, Role.HEADING, Role.BODY]
    assert [b.role for b in parse_script(script, title="洛阳迎来牡丹文化节").blocks][1] is Role.LEAD
    for title in (None, "Peonies in Luoyang"):
        roles = [b.role for b in parse_script(script, title=title).blocks]
        assert roles == [Role.HEADING, Role.BODY, Role.NOTE, Role.HEADING, Role.BODY]


def test_a_line_that_is_only_a_link_is_a_note_not_a_title_card():
    """A source link on a line of its own became a heading: a title card showing a URL, and a
    warning that it had no Chinese."""
    parsed = parse_script("Details are in the plan published online.\n详情见网上发布的规划。\n"
                          "https://www.henan.gov.cn/2021/10/08/plan.html\n")
    assert [b.role for b in parsed.blocks] == [Role.LEAD, Role.NOTE]
    assert not parsed.warnings


def test_china_dailys_contact_line_is_a_note_not_a_title_card():
    """"Contact the writer at liuyang@chinadaily.com.cn", the last line of a China Daily
    article, was read as a heading: a title card after the last subtitle, and a warning that
    it had no Chinese."""
    script = ("In 2023, the airport handled 607,600 metric tons of cargo. "
              "2023年，郑州机场完成货邮吞吐量60.76万吨。\n"
              "Contact the writer at liuyang@chinadaily.com.cn\n"
              "Contact the writers at liuyang@chinadaily.com.cn and chenjing@chinadaily.com.cn\n"
              "Contact Tracing 密接追踪\n")
    parsed = parse_script(script)
    assert [b.role for b in parsed.blocks] == [Role.LEAD, Role.NOTE, Role.NOTE, Role.HEADING]
    assert not parsed.warnings


_CHINA_DAILY_TOP = ("Zhengzhou airport cargo grows\n郑州机场货运量增长\n{}\n"
                    "The airport handled more cargo than ever in the first five months.\n"
                    "机场前五个月货运量创历史新高。\n"
                    "Cargo throughput rose 12 percent year-on-year.\n货邮吞吐量同比增长12%。\n")


@pytest.mark.parametrize("line, names", [
    ("By LIU YANG in Zhengzhou | chinadaily.com.cn | Updated: 2024-06-13 10:25", ["Liu Yang"]),
    ("By LIU YANG in Zhengzhou and ZHANG TAO in Beijing | China Daily | Updated: 2024-06-13 07:52",
     ["Liu Yang", "Zhang Tao"]),
    ("By Liu Yang | chinadaily.com.cn | Updated: 2024-06-13 10:25", ["Liu Yang"]),
    ("By LIU YANG in Zhengzhou | 中国日报网 | Updated: 2024-06-13 10:25", ["Liu Yang"]),
    ("By LIU YANG in Zhengzhou", ["Liu Yang"]),  # (as it was)
])
def test_china_dailys_web_byline_is_a_credit_and_the_lead_stays_a_lead(line, names):
    """China Daily's byline as its site gives it, "By LIU YANG in Zhengzhou | chinadaily.com.cn |
    Updated: 2024-06-13 10:25", was read as a heading (a title card; with two reporters, body
    text), and the lead after it as body text, subtitled though lead_spoken was false. It is
    the reporters' credit: the site and the time the page was updated are left out of it."""
    from subtitler.credits import parse_credit

    parsed = parse_script(_CHINA_DAILY_TOP.format(line), title="Zhengzhou airport cargo grows")
    assert [b.role for b in parsed.blocks] == [Role.HEADING, Role.CREDITS, Role.LEAD, Role.BODY]
    assert not parsed.warnings
    c = parse_credit(line)
    assert (c.role_zh, c.role_en, [n.display() for n in c.names]) == ("记者", "Reporter", names)


@pytest.mark.parametrize("line", ["chinadaily.com.cn | Updated: 2024-06-13 10:25",
                                  "Xinhua | Updated: 2024-06-13 10:25"])
def test_china_dailys_page_stamp_without_a_byline_is_a_note(line):
    """The stamp of a story without a byline had been a heading, a title card."""
    parsed = parse_script(_CHINA_DAILY_TOP.format(line), title="Zhengzhou airport cargo grows")
    assert [b.role for b in parsed.blocks] == [Role.HEADING, Role.NOTE, Role.LEAD, Role.BODY]


def test_a_web_pages_time_stamp_is_a_note_not_a_title_card():
    """The time a page was published, pasted with the article under its headline
    ("2024-06-15 10:30:12 来源：河南日报", "Updated: 2024-06-15 10:30"), was read as a heading
    with no counterpart: a title card showing the time, a warning, and the lead after it
    subtitled as body text. A date alone, which may title a chronology's entry, stays one."""
    head = "河南小麦丰收\nHenan's wheat harvest\n\n"
    lead = ("河南是全国小麦第一大省。\nHenan is China's largest wheat-producing province.\n\n"
            "麦收时节\nHarvest Season\n\n凌晨5点半，收割机已经开进麦田。\n"
            "At 5:30 am, combine harvesters were already in the fields.\n")
    for stamp in ("2024-06-15 10:30:12 来源：河南日报", "2024年06月15日 10:30", "2024/6/15 来源：河南日报",
                  "发布时间：2024-06-15 10:30", "Updated: 2024-06-15 10:30",
                  "Published on June 15, 2024 at 10:30 am", "Updated: June 15, 2024",
                  "2024-06-15 10:30"):
        parsed = parse_script(f"{head}{stamp}\n\n{lead}", title="Henan's wheat harvest")
        roles = [b.role for b in parsed.blocks]
        assert roles == [Role.HEADING, Role.NOTE, Role.LEAD, Role.HEADING, Role.BODY], (stamp, roles)
        assert not parsed.warnings, (stamp, parsed.warnings)
    for heading in ("2024年6月15日", "June 15, 2024"):
        parsed = parse_script(f"{head}{heading}\n\n{lead}", title="Henan's wheat harvest")
        assert parsed.blocks[1].role is Role.HEADING, heading


def test_a_byline_without_a_colon_is_a_credits_line_not_a_title_card():
    """本报记者 李明 王芳, By Li Ming and Wang Fang, Edited by Zhang Wei had been read as headings
    and burned in as title cards (audit of session 19); a heading such as "By Land and Sea" or
    "By the numbers" stays one."""
    from subtitler.credits import parse_credit

    script = ("Exports doubled last year.\n去年出口翻了一番。\n\n本报记者 李明 王芳\n\n"
              "By Li Ming and Wang Fang\n\nEdited by Zhang Wei\n\nBy Land and Sea\n")
    roles = [b.role for b in parse_script(script).blocks]
    assert roles == [Role.LEAD, Role.CREDITS, Role.CREDITS, Role.CREDITS, Role.HEADING], roles
    c = parse_credit("本报记者 李明 王芳")
    assert (c.role_zh, c.role_en, [n.en for n in c.names]) == ("记者", "Reporter",
                                                               ["Li Ming", "Wang Fang"])
    c = parse_credit("Edited by Zhang Wei")
    assert (c.role_zh, c.role_en, [n.en for n in c.names]) == ("编辑", "Editor", ["Zhang Wei"])
    assert not is_credit("By the numbers") and not is_credit("By Land and Sea")
    assert not is_credit("By The Numbers") and not is_credit("By High Speed Rail")
    assert is_credit("Photos by Anna Maria Smith") and is_credit("By Anna Smith")


def test_a_byline_in_traditional_characters_is_a_credits_line():
    """本報記者 李明 王芳 (the roles are matched in Simplified, as 特別感謝 and 【編者按】 are) had
    stayed a heading, burned in as a title card."""
    from subtitler.credits import parse_credit

    script = "Exports doubled last year.\n去年出口翻了一番。\n\n本報記者 李明 王芳\n"
    assert [b.role for b in parse_script(script).blocks][-1] == Role.CREDITS
    c = parse_credit("本報記者 李明 王芳")
    assert (c.role_zh, c.role_en, [n.en for n in c.names]) == ("记者", "Reporter",
                                                               ["Li Ming", "Wang Fang"])


def test_a_credit_of_a_name_with_a_middle_dot_is_a_credits_line_not_a_title_card():
    """策划:阿卜杜·热依木 (six characters in two parts) had been read as a heading: burned in as a
    title card after the last cue and left out of the credits roll."""
    from subtitler.credits import parse_credit

    script = ("Exports doubled last year.\n去年出口翻了一番。\n\n文案:赵汉青\n策划:阿卜杜·热依木\n"
              "统筹：阿依古丽•买买提 李明\n\n本报记者 阿卜杜·热依木 王芳\n")
    roles = [b.role for b in parse_script(script).blocks]
    assert roles[1:] == [Role.CREDITS] * 4, roles
    c = parse_credit("统筹：阿依古丽•买买提 李明")
    assert [n.zh for n in c.names] == ["阿依古丽•买买提", "李明"]
    assert not is_credit("文案：赵汉青 这是一个很长的句子")
    assert not is_credit("策划：阿卜杜·热依木热依木热依木")


def test_a_credit_of_many_names_is_a_credits_line_not_a_title_card():
    """An English credit of five names (over 60 characters of names) had been read as a
    heading: burned in as a title card and left out of the credits roll. One long name is
    still not a credit."""
    many = "Writers: Zhao Hanqing, Yang Jiaxin, Ouyang Nana, Sima Nan, Zhuge Mingming"
    assert is_credit(many)
    assert is_credit("Translation: Catherine Elizabeth Montgomery-Worthington, "
                     "Bartholomew Fitzgerald")
    assert is_credit("文案:" + " ".join(["赵汉青", "杨佳欣", "欧阳娜娜", "司马南", "诸葛明明"] * 3))
    script = f"Exports doubled last year.\n去年出口翻了一番。\n\n文案:赵汉青\n\n{many}\n"
    assert [b.role for b in parse_script(script).blocks][-1] == Role.CREDITS
    assert not is_credit("Script: " + " ".join(["Abcdefghijklmnop"] * 4))  # 67 characters


def test_a_credit_of_a_name_with_a_particle_is_a_credits_line_not_a_title_card():
    """Video: Vincent van Gogh (a word of the name in lower case) had been read as a heading:
    burned in as a title card and left out of the credits roll."""
    for line in ("Video: Vincent van Gogh", "Photos: Leonardo da Vinci",
                 "Translation: Ursula von der Leyen, Omar al-Bashir", "翻译：Vincent van Gogh"):
        assert is_credit(line), line
    script = "Exports doubled last year.\n去年出口翻了一番。\n\n文案:赵汉青\n\nVideo: Vincent van Gogh\n"
    assert [b.role for b in parse_script(script).blocks][-1] == Role.CREDITS
    for line in ("Video: van Gogh", "Video: Vincent van", "一位游客说：the day was de best"):
        assert not is_credit(line), line


def test_a_bilingual_label_heading_before_the_text_is_a_heading_not_credits():
    """"Focus: Central Plains" over 聚焦：中原·出彩·河南 at a section's start, each read as a credit
    of a role no table knows, went to the credits roll in two parts and was never a title
    card. With the text still to come they are one heading; the credits after the text, a
    known role, an attribution, and an unknown role in one language stay credits."""
    script = ("Focus: Central Plains\n聚焦：中原·出彩·河南\n\n来源：新华社\nSource: Xinhua\n\n"
              "Exports doubled last year.\n去年出口翻了一番。\n\n专题：郑州·开封·洛阳\n\n"
              "Translator: Li Ming\n\nThe province will build more parks.\n全省将建设更多产业园区。\n\n"
              "文案：赵汉青\nFocus: Zhao Hanqing\n聚焦：赵汉青\n")
    blocks = parse_script(script).blocks
    got = [(b.id, b.role, b.en, b.zh) for b in blocks]
    assert got[0] == ("b01", Role.HEADING, "Focus: Central Plains", "聚焦：中原·出彩·河南"), got
    assert [b.role for b in blocks[1:3]] == [Role.CREDITS] * 2, got  # an attribution
    assert [(b.role, b.zh or b.en) for b in blocks[4:6]] == [
        (Role.CREDITS, "专题：郑州·开封·洛阳"), (Role.CREDITS, "Translator: Li Ming")], got
    assert [b.role for b in blocks[7:]] == [Role.CREDITS] * 3, got  # after the text
    assert [b.id for b in blocks] == [f"b{i:02d}" for i in range(1, len(blocks) + 1)]


def test_a_line_of_credits_parted_by_semicolons_is_credits_not_body():
    """"Reporter: Wang Ying; Camera: Li Lei; Editor: Zhang Min" (a CGTN-style line) was no
    credits line: it was paired with the Chinese of the paragraph before it as body text, and
    that paragraph's English left on its own. Semicolons between names stay one credit."""
    from subtitler.script import credit_parts

    text = ("Henan will build industry carriers, officials said on Monday.\n"
            "河南将建设产业载体，官员周一表示。\n"
            "Reporter: Wang Ying; Camera: Li Lei; Editor: Zhang Min\n"
            "记者：王莹；摄像：李雷；编辑：张敏\n")
    blocks = parse_script(text).blocks
    assert [(b.role, b.languages) for b in blocks] == [
        (B, ("en", "zh")), (K, ("en",)), (K, ("zh",))]
    assert credit_parts("Reporter: Wang Ying; Camera: Li Lei; Editor: Zhang Min") == [
        "Reporter: Wang Ying", "Camera: Li Lei", "Editor: Zhang Min"]
    assert credit_parts("记者：王莹；摄像：李雷") == ["记者：王莹", "摄像：李雷"]
    assert credit_parts("Reporters: Wang Ying; Li Lei") == ["Reporters: Wang Ying; Li Lei"]


@pytest.mark.parametrize("line,role_zh,role_en,names", [
    ("新华社记者 张涛 李明", "新华社记者", "Xinhua Reporter", ["Zhang Tao", "Li Ming"]),
    ("中国日报记者 赵汉青", "中国日报记者", "China Daily Reporter", ["Zhao Hanqing"]),
    ("（记者 李明）", "记者", "Reporter", ["Li Ming"]),
    ("（本报记者 李明 王芳）", "记者", "Reporter", ["Li Ming", "Wang Fang"]),
    ("大河网记者 赵汉青 杨佳欣", "大河网记者", "dahe.cn Reporter", ["Zhao Hanqing", "Yang Jiaxin"]),
    ("河南日报记者 李四 王五", "河南日报记者", "Henan Daily Reporter", ["Li Si", "Wang Wu"]),
    # a brand of the outlet after a middle dot (大河报's video channel): the outlet's reporter
    ("大河报·豫视频记者 张三", "大河报·豫视频记者", "Dahe Daily Reporter", ["Zhang San"]),
    # (without the dot, a known outlet's: 河南日报客户端, the paper's app)
    ("河南日报客户端记者 张三", "河南日报客户端记者", "Henan Daily Reporter", ["Zhang San"]),
    # (a space before the role: the role as one)
    ("大河报·豫视频 记者 张三", "大河报·豫视频记者", "Dahe Daily Reporter", ["Zhang San"]),
    # (a news app credit_outlets does not name: its role Chinese only)
    ("顶端新闻记者 张三", "顶端新闻记者", "", ["Zhang San"]),
    ("新华社摄影记者 何蒙贺", "新华社摄影记者", "Xinhua Photojournalist", ["He Menghe"]),
    # a byline of the outlet's bureau, the bureau standing for its reporter (it had been a heading)
    ("中国日报河南记者站 赵汉青", "中国日报河南记者站记者", "China Daily Henan Bureau Reporter",
     ["Zhao Hanqing"]),
    ("中国日报河南记者站记者 赵汉青 杨佳欣", "中国日报河南记者站记者",
     "China Daily Henan Bureau Reporter", ["Zhao Hanqing", "Yang Jiaxin"]),
    ("新华社河南分社记者 张涛", "新华社河南分社记者", "Xinhua Henan Branch Reporter", ["Zhang Tao"]),
])
def test_a_byline_naming_its_outlet_or_in_brackets_is_a_credits_line(line, role_zh, role_en,
                                                                      names):
    """新华社记者 张涛 李明, 中国日报记者 赵汉青 and （记者 李明）, the bylines of Xinhua, China Daily
    and of a story's end, had been read as headings: burned in as title cards and left out of
    the credits roll. The outlet stays in the role, said in English when the packaged
    ``credit_outlets`` know it."""
    from subtitler.credits import parse_credit

    script = f"Exports doubled last year.\n去年出口翻了一番。\n\n{line}\n"
    assert [b.role for b in parse_script(script).blocks][-1] == K
    c = parse_credit(line)
    assert (c.role_zh, c.role_en, [n.en for n in c.names]) == (role_zh, role_en, names)
    # an outlet the table does not know keeps its role Chinese only (and is warned of)
    c = parse_credit("郑州晚报记者 李明")
    assert (c.role_zh, c.role_en) == ("郑州晚报记者", "")
    # a dateline is body text
    assert not is_credit("新华社郑州12月1日电（记者 李明 王芳）河南将建设产业载体。")


def test_an_english_credit_with_a_note_after_a_name_is_a_credits_line():
    """"Editor: Li Hua (intern)" had been read as a heading, burned in as a title card and left
    out of the credits roll (its Chinese, 编辑：李华（实习）, was a credit)."""
    from subtitler.credits import parse_credit

    for line in ("Editor: Li Hua (intern)", "Reporters: Li Ming, Wang Fang (intern)",
                 "By Li Ming (intern) and Wang Fang"):
        assert is_credit(line), line
    script = "Exports doubled last year.\n去年出口翻了一番。\n\nEditor: Li Hua (intern)\n"
    assert [b.role for b in parse_script(script).blocks][-1] == K
    assert [n.en for n in parse_credit("Editor: Li Hua (intern)").names] == ["Li Hua (intern)"]
    assert not is_credit("Editor: (to be confirmed)")


@pytest.mark.parametrize("line", [
    "出品：河南日报报业集团 大河网", "联合出品：郑州大学外国语与国际关系学院",
    "来源：河南省人民政府新闻办公室", "出品：大河网 郑州大学外国语与国际关系学院",
])
def test_a_credit_naming_a_long_organisation_is_a_credits_line(line):
    """出品：河南日报报业集团 大河网 (an organisation's name of eight characters) had been read as
    a heading: burned in as a title card and left out of the credits roll. An organisation is
    known by its name's end (集团, 学院, 办公室) after a role of the table or an attribution; after
    another label a short sentence stays what it was."""
    script = f"Exports doubled last year.\n去年出口翻了一番。\n\n{line}\n"
    assert [b.role for b in parse_script(script).blocks][-1] == K
    assert not is_credit("要点：建设数字政府")


@pytest.mark.parametrize("line, role_zh, names", [
    ("编辑 | 张三", "编辑", ["张三"]), ("文字丨赵汉青 杨佳欣", "文字", ["赵汉青", "杨佳欣"]),
    ("审核｜何蒙贺", "审核", ["何蒙贺"]), ("视频 丨 韩雨松", "视频", ["韩雨松"]),
])
def test_a_role_and_its_names_parted_by_a_bar_are_a_credits_line(line, role_zh, names):
    """The credits of a WeChat article part role and names by a bar (编辑 | 张三, 文字丨赵汉青,
    with 丨 or ｜): such lines had been read as headings, burned in as title cards and left
    out of the credits roll. The role must be one of the table; a heading such as 河南 | 郑州
    stays a heading."""
    from subtitler.credits import parse_credit

    script = f"Exports doubled last year.\n去年出口翻了一番。\n\n{line}\n"
    assert [b.role for b in parse_script(script).blocks][-1] == K
    c = parse_credit(line)
    assert (c.role_zh, [n.zh for n in c.names]) == (role_zh, names)
    assert not is_credit("河南 | 郑州") and not is_credit("聚焦丨中原出彩")


def test_key_words_are_a_heading_pair_not_credits():
    """关键词：黄河 生态 was read as a credit (two "names", Huang He and Sheng Tai, in the roll)
    and "Key words: Yellow River, ecology" left a one-language heading; "Keywords: Yellow
    River" was a credit too. Such labels are no roles: the pair is one heading."""
    parsed = parse_script("Key words: Yellow River, ecology\n关键词：黄河 生态\n\n"
                          "Henan will protect the Yellow River, officials said on Monday.\n"
                          "河南将保护黄河，官员周一表示。\n")
    assert [(b.role, b.languages) for b in parsed.blocks][0] == (H, ("en", "zh"))
    for line in ("关键词：黄河 生态", "Keywords: Yellow River", "导读：黄河 生态", "Tags: Henan"):
        assert not is_credit(line), line


def test_an_english_role_naming_its_outlet_in_the_plural_is_a_credits_line():
    """"Xinhua reporters: Zhang Tao, Li Ming" (sentence case, a role's word in the plural) had
    been read as a heading, a title card, and left out of the credits roll."""
    assert is_credit("Xinhua reporters: Zhang Tao, Li Ming")
    assert is_credit("China Daily reporters: Zhang Tao, Li Ming")
    assert not is_credit("Key findings: Zhang Tao")


def test_a_title_that_leaves_off_the_headlines_place_still_names_the_headline():
    """project.yaml's `title:` "Ru porcelain glows again in Ruzhou" under the headline "Ru
    Porcelain Glows Again in Ruzhou, Henan": the headline was read as a section's heading and the
    lead after it as body text, so in a new episode the first said line lost its subtitle
    (`subtitler subs`: the lead and "Ruzhou in Henan province is the hometown of Ru porcelain."
    not_heard at 0:09.130, though the narration says it from 0:05.8). A title that is most of
    the headline, its beginning or its end, now names it; a short or partial one does not."""
    script = ("Ru Porcelain Glows Again in Ruzhou, Henan\n河南汝州：汝瓷焕发新光彩\n"
              "Ru porcelain is winning new fans at home and abroad.\n汝瓷正在国内外收获越来越多的粉丝。\n"
              "Click on the video above\n"
              "A Thousand-Year-Old Craft\n千年技艺\n"
              "Ruzhou is the hometown of Ru porcelain.\n汝州是汝瓷的故乡。\n")
    for title in ("Ru porcelain glows again in Ruzhou", "汝瓷焕发新光彩",
                  "Ru Porcelain Glows Again in Ruzhou Henan"):
        roles = [b.role for b in parse_script(script, title=title).blocks]
        assert roles == [Role.HEADING, Role.LEAD, Role.NOTE, Role.HEADING, Role.BODY], title
    for title in ("Ruzhou, Henan", "Ru porcelain glows again in Ruz", "汝瓷", None):
        roles = [b.role for b in parse_script(script, title=title).blocks]
        assert roles == [Role.HEADING, Role.BODY, Role.NOTE, Role.HEADING, Role.BODY], title
