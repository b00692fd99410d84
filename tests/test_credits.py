from __future__ import annotations

import re

import pysubs2
import pytest

from subtitler.credits import (Credit, Name, break_text, credit_events, credit_styles,
                               credits_of, default_roles, name_warnings, parse_credit, reverse_role,
                               role_table, role_warnings, romanize, text_em, translate_role,
                               unknown_roles)
from subtitler.model import Block, Role
from subtitler.script import credit_parts, is_credit, parse_script, read_script
from subtitler.textutil import ZH_CLOSING, ZH_OPENING
from subtitler.tracks import AssLayout

from .conftest import SAMPLE

# --------------------------------------------------------------------------------------------
# Romanisation


@pytest.mark.parametrize("zh, en", [
    ("赵汉青", "Zhao Hanqing"), ("杨佳欣", "Yang Jiaxin"), ("何蒙贺", "He Menghe"),
    ("韩雨松", "Han Yusong"),
    # compound surnames
    ("欧阳修", "Ouyang Xiu"), ("司马迁", "Sima Qian"), ("诸葛亮", "Zhuge Liang"),
    ("上官婉儿", "Shangguan Wan'er"), ("令狐冲", "Linghu Chong"), ("长孙无忌", "Zhangsun Wuji"),
    ("尉迟恭", "Yuchi Gong"), ("东方明", "Dongfang Ming"), ("闾丘露薇", "Lüqiu Luwei"),
    # polyphonic surnames read as surnames
    ("单雄信", "Shan Xiongxin"), ("曾国藩", "Zeng Guofan"), ("解缙", "Xie Jin"),
    ("仇英", "Qiu Ying"), ("朴树", "Piao Shu"), ("区家麟", "Ou Jialin"), ("查良镛", "Zha Liangyong"),
    ("覃伟", "Qin Wei"), ("尉缭", "Yu Liao"), ("盖聂", "Ge Nie"), ("乐嘉", "Yue Jia"),
    ("缪斯", "Miao Si"), ("翟志刚", "Zhai Zhigang"), ("种师道", "Chong Shidao"),
    ("员半千", "Yun Banqian"),
    # a surname of four characters (had been "Ai Xinjueluoheng")
    ("爱新觉罗恒", "Aixinjueluo Heng"), ("爱新觉罗·溥仪", "Aixinjueluo Puyi"),
    # a two-character name is surname + given even when it spells a compound surname
    ("单于", "Shan Yu"),
    # ü, apostrophes
    ("吕布", "Lü Bu"), ("吕娜", "Lü Na"), ("张欣安", "Zhang Xin'an"), ("王海鸥", "Wang Hai'ou"),
    ("李恩", "Li En"),
    # names of ethnic minorities, names already in Latin letters
    ("买买提·艾力", "Maimaiti Aili"), ("阿依古丽・买买提", "Ayiguli Maimaiti"),
    ("阿卜杜·热依木", "Abudu Reyimu"), ("卜凡", "Bu Fan"), ("王卜", "Wang Bu"),
    ("He Menghe", "He Menghe"), ("  Zhao   Hanqing ", "Zhao Hanqing"),
    # Traditional characters: the same surnames and readings
    ("歐陽娜娜", "Ouyang Nana"), ("單田芳", "Shan Tianfang"), ("區志華", "Ou Zhihua"),
    ("司馬南", "Sima Nan"), ("諸葛亮", "Zhuge Liang"), ("趙漢青", "Zhao Hanqing"),
])
def test_romanize(zh, en):
    assert romanize(zh) == en


# --------------------------------------------------------------------------------------------
# Roles


def test_default_roles_table():
    roles = default_roles()
    assert roles["文案"] == "Script" and roles["视频"] == "Video" and roles["海报"] == "Poster"
    assert roles["责任编辑"] == roles["责编"] == "Editor in charge"
    for zh, en in [("编辑", "Editor"), ("记者", "Reporter"), ("配音", "Voice-over"),
                   ("总监制", "Chief Supervisor"), ("出品", "Presented by"), ("航拍",
                   "Aerial Photography"), ("导演", "Director"), ("制片", "Producer")]:
        assert roles[zh] == en
    assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in roles.items())


def test_role_table_project_override_and_extension():
    table = role_table({"文案": "Copy", "审片": "Screening", "编　导": "Director-Writer"})
    assert table["文案"] == "Copy"            # override
    assert table["审片"] == "Screening"       # extension
    assert table["编导"] == "Director-Writer"  # spaces of an aligned role do not count
    assert table["视频"] == "Video"           # the rest kept
    assert default_roles()["文案"] == "Script"  # the packaged table is untouched
    assert reverse_role("copy", table) == "文案"
    with pytest.raises(TypeError):
        role_table(["文案"])  # type: ignore[arg-type]


def test_translate_and_reverse():
    roles = role_table()
    assert translate_role("文案", roles) == "Script"
    assert translate_role("编 辑", roles) == "Editor"
    assert translate_role("文案/视频", roles) == "Script / Video"
    assert translate_role("审片", roles) == ""
    assert reverse_role("Editor in charge", roles) == "责任编辑"  # the first of two
    assert reverse_role("VIDEO", roles) == "视频"
    assert reverse_role("Script / Video", roles) == "文案/视频"
    assert reverse_role("Videography", roles) == ""


def test_traditional_roles_are_translated():
    roles = role_table({"審片": "Screening"})
    assert translate_role("視頻", roles) == "Video" and translate_role("海報", roles) == "Poster"
    assert translate_role("審片", roles) == translate_role("审片", roles) == "Screening"
    credit = parse_credit("視頻：解曉東 區志華", roles)
    assert credit.role_zh == "視頻" and credit.role_en == "Video"  # shown as written
    assert [n.en for n in credit.names] == ["Xie Xiaodong", "Ou Zhihua"]
    assert unknown_roles([credit]) == ()


def test_unknown_roles_reported():
    credits = [parse_credit("审片:王五"), parse_credit("文案:赵汉青"),
               parse_credit("Videography: Li Lei"), parse_credit("审片:赵六")]
    assert credits[0] == Credit("审片", "", (Name("王五", "Wang Wu"),))
    assert unknown_roles(credits) == ("审片", "Videography")
    warnings = role_warnings(credits)
    assert len(warnings) == 2 and "审片" in warnings[0] and "project.yaml" in warnings[0]
    # once the project adds it, it is known
    assert unknown_roles([parse_credit("审片:王五", role_table({"审片": "Screening"}))]) == ()


# --------------------------------------------------------------------------------------------
# Parsing credits lines


@pytest.fixture(scope="module")
def sample_blocks():
    return read_script(SAMPLE / "script.txt").blocks


def test_sample_credits(sample_blocks):
    credits = credits_of(sample_blocks, {})
    assert credits == [
        Credit("文案", "Script", (Name("赵汉青", "Zhao Hanqing"), Name("杨佳欣", "Yang Jiaxin"))),
        Credit("视频", "Video", (Name("何蒙贺", "He Menghe"),)),
        Credit("海报", "Poster", (Name("韩雨松", "Han Yusong"),)),
    ]
    assert unknown_roles(credits) == ()


@pytest.mark.parametrize("line, expected", [
    ("文案:赵汉青 杨佳欣", Credit("文案", "Script", (Name("赵汉青", "Zhao Hanqing"),
                                                 Name("杨佳欣", "Yang Jiaxin")))),
    ("视频：何蒙贺", Credit("视频", "Video", (Name("何蒙贺", "He Menghe"),))),
    ("编　辑：张三、李四，王五／赵六", Credit("编辑", "Editor", (
        Name("张三", "Zhang San"), Name("李四", "Li Si"), Name("王五", "Wang Wu"),
        Name("赵六", "Zhao Liu")))),
    ("（责编：欧阳修）", Credit("责编", "Editor in charge", (Name("欧阳修", "Ouyang Xiu"),))),
    ("Video: He Menghe", Credit("视频", "Video", (Name("", "He Menghe"),))),
    ("Script: Zhao Hanqing, Yang Jiaxin", Credit("文案", "Script", (
        Name("", "Zhao Hanqing"), Name("", "Yang Jiaxin")))),
    ("Poster: Han Yusong and Li Lei", Credit("海报", "Poster", (
        Name("", "Han Yusong"), Name("", "Li Lei")))),
    ("Editor in charge: 杨佳欣", Credit("责任编辑", "Editor in charge",
                                       (Name("杨佳欣", "Yang Jiaxin"),))),
    ("视频: He Menghe", Credit("视频", "Video", (Name("", "He Menghe"),))),
    ("翻译:买买提·艾力", Credit("翻译", "Translation", (Name("买买提·艾力", "Maimaiti Aili"),))),
])
def test_parse_credit(line, expected):
    assert parse_credit(line) == expected


def test_parse_credit_name_override_and_errors():
    c = parse_credit("文案:赵汉青 杨佳欣", names={"赵汉青": "Hanqing Zhao"})
    assert [n.en for n in c.names] == ["Hanqing Zhao", "Yang Jiaxin"]
    for bad in ("文案", "no colon here", "文案:"):
        with pytest.raises(ValueError):
            parse_credit(bad)


def test_credits_given_in_both_languages_are_one_credit_each():
    """A script listing its credits in Chinese and again in English showed each person twice
    on the roll (and warned that `Writers` has no Chinese)."""
    from subtitler.credits import credits_of, role_warnings
    blocks = [Block("b1", Role.CREDITS, zh="文案:赵汉青 欧阳娜娜"), Block("b2", Role.CREDITS, zh="视频:何蒙贺"),
              Block("b3", Role.CREDITS, en="Writers: Hanqing Zhao, Ouyang Nana"),
              Block("b4", Role.CREDITS, en="Video: He Menghe"),
              Block("b5", Role.CREDITS, en="Photos: Li Hua")]  # nobody's English: kept
    credits = credits_of(blocks)
    assert _shown(credits) == [
        ("文案 Writers", ["赵汉青 Hanqing Zhao", "欧阳娜娜 Ouyang Nana"]),
        ("视频 Video", ["何蒙贺 He Menghe"]),
        ("图片 Photos", ["Li Hua"])]
    assert [w for w in role_warnings(credits_of(blocks, pinyin=False)) if "Writers" in w] == []
    # only a line of the same role (the table's, or the same job: Writers is Script): one
    # person's two roles stay two, and another role is a credit of its own
    def shown(*lines):
        return _shown(credits_of(
            [Block(f"b{i}", Role.CREDITS, **{"zh" if any(ord(ch) > 0x2E80 for ch in t)
                                             else "en": t}) for i, t in enumerate(lines)]))
    assert shown("文案：赵汉青", "视频：赵汉青", "Video: Zhao Hanqing", "Script: Zhao Hanqing") == [
        ("文案 Script", ["赵汉青 Zhao Hanqing"]), ("视频 Video", ["赵汉青 Zhao Hanqing"])]
    assert shown("编辑：赵汉青", "Translator: Zhao Hanqing") == [
        ("编辑 Editor", ["赵汉青 Zhao Hanqing"]), ("翻译 Translator", ["Zhao Hanqing"])]
    # some of the names: their spellings go in, the line goes
    assert shown("文案:赵汉青 欧阳娜娜", "Written by: Hanqing Zhao") == [
        ("文案 Written by", ["赵汉青 Hanqing Zhao", "欧阳娜娜 Ouyang Nana"])]


def test_an_organisation_in_the_credits_is_not_romanised_as_a_person():
    """出品：大河网 was shown as `大河网 Da Hewang`, 郑州大学 as `Zheng Zhoudaxue`."""
    from subtitler.credits import credits_of, is_organisation, name_warnings
    blocks = [Block("b1", Role.CREDITS, zh="出品：大河网"),
              Block("b2", Role.CREDITS, zh="特别鸣谢：郑州大学 河南省委外办 新华社"),
              Block("b3", Role.CREDITS, zh="编辑：令狐冲（实习） 买买提·艾力 张国会")]
    credits = credits_of(blocks, names={"郑州大学": "Zhengzhou University"})
    shown = [n.display() for c in credits for n in c.names]
    # (an outlet of the packaged credit_outlets, 大河网 and 新华社, as it writes its name)
    assert shown == ["大河网 dahe.cn", "郑州大学 Zhengzhou University", "河南省委外办", "新华社 Xinhua",
                     "令狐冲（实习） Linghu Chong (intern)", "买买提·艾力 Maimaiti Aili",
                     "张国会 Zhang Guohui"]
    warned = name_warnings(credits_of(blocks, pinyin=False),
                           {"郑州大学": "Zhengzhou University", "大河王": "Dahe"})
    # (买买提·艾力: its pinyin a guess at its person's spelling)
    assert [w.split("'")[1] for w in warned] == ["河南省委外办", "买买提·艾力", "大河王"]
    assert "credits.names" in warned[0] and "check its spelling" in warned[-1]
    assert not any(is_organisation(n) for n in ("赵汉青", "欧阳娜娜", "王会", "司马南", "张学会",
                                                "王中心", "欧阳春台", "那仁格日勒"))
    assert all(is_organisation(n) for n in ("大河报", "澎湃新闻", "央视", "河南日报社"))
    # credits.names finds a name with its note, or in Traditional characters, and says so
    assert [n.display() for c in credits_of(
        [Block("b1", Role.CREDITS, zh="编辑：趙漢青 令狐冲（实习）")],
        names={"赵汉青": "Hanqing Zhao", "令狐冲": "Chong Linghu"}) for n in c.names] == \
        ["趙漢青 Hanqing Zhao", "令狐冲（实习） Chong Linghu (intern)"]
    assert name_warnings(credits_of([Block("b1", Role.CREDITS, zh="编辑：令狐冲（实习）")],
                                    pinyin=False), {"令狐冲": "Chong Linghu"}) == ()


def test_block_with_both_languages():
    b = Block("b1", Role.CREDITS, en="Video: Mark He", zh="视频：何蒙贺")
    assert credits_of([b], {}) == [Credit("视频", "Video", (Name("何蒙贺", "Mark He"),))]


def test_a_line_of_several_credits_gives_each_its_credit():
    """"文案：欧阳雪梅 司马南 记者：诸葛明 单雪 摄影：上官云" was not a credits line: joined with the
    next as a wrapped paragraph, it became Chinese-only body text, and the roll lost them all.
    A name's note (令狐冲（实习）) kept its line from being credits too."""
    text = ("Exports doubled last year.\n去年出口翻了一番。\n"
            "文案：欧阳雪梅 司马南 记者：诸葛明 单雪 摄影：上官云\n"
            "编辑：令狐冲（实习） 校对：查良\n"
            "Writer: Zhao Hanqing | Editor: Li Hua\n")
    blocks = parse_script(text).blocks
    assert [b.role for b in blocks] == [Role.BODY] + [Role.CREDITS] * 3
    got = _shown(credits_of(blocks))
    assert got == [
        ("文案 Script", ["欧阳雪梅 Ouyang Xuemei", "司马南 Sima Nan"]),
        ("记者 Reporter", ["诸葛明 Zhuge Ming", "单雪 Shan Xue"]),
        ("摄影 Photography", ["上官云 Shangguan Yun"]),
        ("编辑 Editor", ["令狐冲（实习） Linghu Chong (intern)"]),
        ("校对 Proofreading", ["查良 Zha Liang"]),
        ("撰稿 Writer", ["Zhao Hanqing"]),
        ("编辑 Editor", ["Li Hua"]),
    ]
    # one credit a line, and a quotation, are as they were
    assert credit_parts("文案:赵汉青 杨佳欣") == ["文案:赵汉青 杨佳欣"]
    assert not is_credit("一位游客说：“一天根本不够。” 记者：周明")


# --------------------------------------------------------------------------------------------
# Breaking lines


def test_break_text_chinese_never_starts_with_closing_punctuation():
    text = "特别感谢河南省委外办、郑州大学外国语与国际关系学院，对本次策划的大力支持。“出彩中原”系列"
    for limit in (5, 6, 7, 8, 9, 10, 11, 12, 13):
        lines = break_text(text, limit, "zh")
        assert "".join(lines) == text
        assert all(text_em(ln) <= limit for ln in lines)
        assert not any(ln[0] in ZH_CLOSING for ln in lines)
        assert not any(ln[-1] in ZH_OPENING for ln in lines)


def test_break_text_english_at_spaces_and_balanced():
    text = "A special thanks goes to the Office of the Foreign Affairs Commission"
    lines = break_text(text, 25, "en")
    assert " ".join(lines) == text
    assert all(text_em(ln) <= 25 for ln in lines)
    widths = [text_em(ln) for ln in lines]
    assert max(widths) - min(widths) < 8  # balanced, no short last line
    assert break_text("short", 25, "en") == ["short"]


# --------------------------------------------------------------------------------------------
# Events

LAYOUT = AssLayout()
_TAGS = re.compile(r"\{[^}]*\}")
_MOVE = re.compile(r"\\move\((-?\d+),(-?\d+),(-?\d+),(-?\d+)\)")
_POS = re.compile(r"\\pos\((-?\d+),(-?\d+)\)")


def _after_a_sentence(line: str) -> list[Block]:
    """The blocks of a script of one sentence pair and then ``line``."""
    return parse_script(f"Exports doubled last year.\n去年出口翻了一番。\n{line}\n").blocks


def _credit_line(line: str, **kw) -> list:
    """The credits of ``line`` after a sentence pair (``kw`` for :func:`credits_of`), the line
    checked to be read as a credits block."""
    blocks = _after_a_sentence(line)
    assert [b.role for b in blocks] == [Role.BODY, Role.CREDITS], blocks
    return credits_of(blocks, **kw)


def _shown(credits) -> list[tuple[str, list[str]]]:
    """Each credit's role and names as the roll shows them."""
    return [(c.role_display(), [n.display() for n in c.names]) for c in credits]


def _plain(ev) -> str:
    return _TAGS.sub("", ev.text)


def _many_credits(n: int = 12) -> list[Block]:
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
    roles = ["文案", "视频", "海报", "编辑", "摄影", "剪辑", "配音", "翻译", "校对", "监制",
             "策划", "统筹", "设计", "动画", "音乐", "航拍"]
    return [Block(f"c{i}", Role.CREDITS, zh=f"{roles[i]}:{surnames[i]}明 {surnames[i + 1]}欣悦")
            for i in range(n)]


@pytest.mark.parametrize("mode", ["auto", "roll"])
def test_sample_events_names_times_and_ack_first(sample_blocks, mode):
    start = 93_000
    events, total = credit_events(sample_blocks, LAYOUT, start, roles={}, mode=mode)
    assert events and total > 0
    assert min(e.start for e in events) == start
    assert all(start <= e.start < e.end <= start + total for e in events)
    text = "\n".join(_plain(e) for e in events)
    for zh, en in [("赵汉青", "Zhao Hanqing"), ("杨佳欣", "Yang Jiaxin"), ("何蒙贺", "He Menghe"),
                   ("韩雨松", "Han Yusong")]:
        assert zh in text and en in text
    assert "赵汉青 Zhao Hanqing  ·  杨佳欣 Yang Jiaxin" in text
    for role in ("文案 Script", "视频 Video", "海报 Poster"):
        assert role in text
    # the acknowledgement card comes first, in both languages, Chinese above English
    first = [e for e in events if e.start == start]
    assert {e.style for e in first} == {"CreditsZH", "CreditsEN"}
    assert all(e.name == "credits-ack" and "\\fad(" in e.text for e in first)
    ack = " ".join(_plain(e) for e in first)
    assert "特别感谢" in ack and "special thanks" in ack
    assert "赵汉青" not in ack
    ys = {e.style: [] for e in first}
    for e in first:
        ys[e.style].append(int(_POS.search(e.text).group(2)))
    assert max(ys["CreditsZH"]) < min(ys["CreditsEN"])
    # up long enough for the English reader too: 271 characters at 20 a second, plus a second
    en = next(b.en for b in sample_blocks if b.role is Role.ACK)
    assert max(e.end for e in first) - start >= 1000 * len(en) / 20 + 1000 - 10
    assert max(e.end for e in first) - start <= 16000
    assert all(e.start >= max(x.end for x in first) for e in events if e.name != "credits-ack")


def test_sample_fits_one_screen_as_static_card(sample_blocks):
    events, total = credit_events(sample_blocks, LAYOUT, 0, roles={})
    card = [e for e in events if e.name == "credits"]
    assert len(card) == 6 and all("\\pos(" in e.text and "\\fad(" in e.text for e in card)
    ys = [int(_POS.search(e.text).group(2)) for e in card]
    assert ys == sorted(ys) and 0 < ys[0] and ys[-1] < LAYOUT.height
    assert max(e.end for e in events) == total


def test_roll_moves_upward_from_below_to_above():
    blocks = _many_credits(12)
    events, total = credit_events(blocks, LAYOUT, 5000, roles={})
    assert events and all(e.name == "credits-roll" for e in events)
    h = LAYOUT.height
    moves = [tuple(map(int, _MOVE.search(e.text).groups())) for e in events]
    for x1, y1, x2, y2 in moves:
        assert x1 == x2 == LAYOUT.width // 2
        assert y1 >= h  # starts below the frame
        assert y2 < y1  # moves up
    dys = {y1 - y2 for _, y1, _, y2 in moves}
    assert max(dys) - min(dys) <= 1  # every line at the same speed
    # the last line leaves the frame at the top; order on screen is the order of the credits
    assert max(y2 for *_, y2 in moves) <= 0
    assert [y1 for _, y1, _, _ in moves] == sorted(y1 for _, y1, _, _ in moves)
    speed = min(dys) / (total / 1000)  # pixels per second
    assert 0.04 * h <= speed <= 0.2 * h
    assert all(e.start == 5000 and e.end == 5000 + total for e in events)
    text = "\n".join(_plain(e) for e in events)
    assert "周明 Zhou Ming" in text and "统筹 Coordination" in text and "设计" not in text


def test_duration_scales_to_total():
    blocks = [Block("a", Role.ACK, en="Thanks to all.", zh="感谢大家。"), *_many_credits(12)]
    events, total = credit_events(blocks, LAYOUT, 1000, roles={}, duration_ms=20_000)
    assert total == 20_000
    assert max(e.end for e in events) == 21_000
    with pytest.raises(ValueError):
        credit_events(blocks, LAYOUT, 0, roles={}, duration_ms=0)
    with pytest.raises(ValueError):
        credit_events(blocks, LAYOUT, 0, roles={}, mode="sideways")


def test_nothing_to_show():
    assert credit_events([], LAYOUT, 0, roles={}) == ([], 0)
    body = [Block("b1", Role.BODY, en="Hello.", zh="你好。")]
    assert credit_events(body, LAYOUT, 1000, roles=None) == ([], 0)


def test_braces_escaped_and_project_roles_used():
    blocks = [Block("a", Role.ACK, en="Thanks {\\b1} to C:\\path", zh="感谢{大家}"),
              Block("c", Role.CREDITS, en="Video: {He} Menghe"),
              Block("d", Role.CREDITS, zh="审片:王五")]
    events, _ = credit_events(blocks, LAYOUT, 0, roles={"审片": "Screening"})
    for e in events:
        body = e.text[e.text.index("}") + 1:]  # after our one override block
        assert "{" not in body and "}" not in body
        # a backslash only before a word joiner: drawn as itself, never an escape like \\N
        assert body.count("\\") == body.count("\\\u2060")
    text = "\n".join(_plain(e) for e in events)
    assert "｛He｝ Menghe" in text and "审片 Screening" in text and "感谢｛大家｝" in text


def test_on_a_dark_backdrop_the_credits_have_no_outline():
    from subtitler.credits import dark_backdrop

    assert dark_backdrop("last_frame") and dark_backdrop("#102030") and dark_backdrop("#000000")
    assert not dark_backdrop("#F0F0F0") and not dark_backdrop("#FFD700")
    plain = credit_styles(AssLayout(width=1280, height=720), "last_frame")
    assert all(s.outline == 0 and s.shadow == 0 for s in plain.values())


@pytest.mark.parametrize("text,background,want", [
    ("#000000", "last_frame", (255, 255, 255)),  # dark text vanished on the veiled frame
    ("#FFFFFF", "#FFFFFF", (0, 0, 0)),  # white on white
    ("#FFFF00", "last_frame", (255, 255, 0)),  # the editor's colour where it can be read
    ("#003366", "#F0F0F0", (0, 51, 102))])
def test_the_credits_text_stands_out_against_their_backdrop(text, background, want):
    layout = AssLayout(width=1280, height=720, primary_colour=text)
    for s in credit_styles(layout, background).values():
        assert (s.primarycolor.r, s.primarycolor.g, s.primarycolor.b) == want


def test_styles():
    styles = credit_styles(AssLayout(width=1280, height=720))
    assert set(styles) == {"CreditsZH", "CreditsEN"}
    for s in styles.values():
        assert s.fontname == "Noto Sans CJK SC"
        assert int(s.alignment) in (5, 8) and s.outline > 0
    assert styles["CreditsZH"].fontsize == round(0.052 * 720)
    # they load in an ASS file with the events
    subs = pysubs2.SSAFile()
    subs.styles.update(styles)
    events, _ = credit_events(_many_credits(3), AssLayout(width=1280, height=720), 0, roles={})
    subs.events.extend(events)
    again = pysubs2.SSAFile.from_string(subs.to_string("ass"))
    assert [e.text for e in again.events] == [e.text for e in events]


def _long_blocks() -> list[Block]:
    en = ("A special thanks goes to the Office of the Foreign Affairs Commission of the CPC "
          "Henan Provincial Committee and the School of International Studies of Zhengzhou "
          "University for their support to the \"Wonderful Henan·Here We Are (Modern "
          "Industrial System)\" bilingual series. WWWWWWWWWWWW")
    zh = "特别感谢河南省委外办、郑州大学外国语与国际关系学院对本次策划的大力支持。" * 2
    names = " ".join(["欧阳明月", "司马相如", "上官婉儿", "诸葛孔明", "皇甫嵩嵩", "慕容复复"])
    return [Block("a", Role.ACK, en=en, zh=zh),
            Block("c1", Role.CREDITS, zh=f"文案:{names}"),
            Block("c2", Role.CREDITS, en="Editor in charge: Maximilian Alexander Wolfgang, "
                                        "Christopher Montgomery-Smithfield"),
            Block("c3", Role.CREDITS, zh="总监制:买买提·艾力 阿依古丽·买买提")]


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (1080, 1920), (720, 720)])
def test_every_line_fits_the_frame(sample_blocks, size):
    from subtitler.fonts import text_width

    layout = AssLayout(width=size[0], height=size[1])
    styles = credit_styles(layout)
    for blocks in (sample_blocks, _long_blocks()):
        for mode in ("auto", "roll"):
            events, _ = credit_events(blocks, layout, 0, roles={}, mode=mode)
            assert events
            for e in events:
                st = styles[e.style]
                for line in _plain(e).split("\\N"):
                    width = text_width(line, st.fontsize, bold=bool(st.bold)) + 2 * st.outline
                    assert width <= layout.width, (size, e.style, line)
                    assert width <= 0.82 * layout.width, (size, e.style, line)


def test_acknowledgement_too_long_for_one_screen_is_paged_first():
    """An acknowledgement too tall for one screen had scrolled up at the roll's speed, not at
    a reading speed: it is shown on cards, one after another, each within the frame."""
    en = "We thank the many people and institutions who helped with this series. " * 12
    zh = "感谢所有为本系列报道提供帮助的单位和个人。" * 12
    blocks = [Block("a", Role.ACK, en=en, zh=zh), Block("c", Role.CREDITS, zh="视频:何蒙贺")]
    events, total = credit_events(blocks, LAYOUT, 0, roles={})
    ack = [e for e in events if e.name == "credits-ack"]
    assert ack and not any(_MOVE.search(e.text) for e in ack)
    assert len({(e.start, e.end) for e in ack}) >= 3
    for e in ack:
        assert LAYOUT.height * 0.09 <= int(_POS.search(e.text).group(2)) < LAYOUT.height * 0.9
    rest = [e for e in events if e.name != "credits-ack"]
    assert rest and min(e.start for e in rest) == max(e.end for e in ack)
    assert max(e.end for e in events) == total


LONG_ACK_EN = (
    "A special thanks goes to the Office of the Foreign Affairs Commission of the CPC Henan "
    "Provincial Committee, the Henan Provincial Department of Commerce, the Zhengzhou "
    "Municipal Bureau of Commerce and the School of International Studies of Zhengzhou "
    "University for their support to the \"Wonderful Henan·Here We Are (Modern Industrial "
    "System)\" bilingual series. We are also grateful to the logistics companies of the "
    "Zhengzhou Airport Economy Zone, whose staff guided our reporters through their "
    "warehouses, and to the many workers and residents who shared their stories with us.")
LONG_ACK_ZH = (
    "特别感谢河南省委外办、河南省商务厅、郑州市商务局、郑州大学外国语与国际关系学院对"
    "“出彩河南·我们在这里（现代产业体系）”双语系列报道的大力支持。同时感谢郑州航空港经济综合"
    "实验区的各家物流企业，他们的员工带领记者走进仓库参观；也感谢与我们分享故事的众多工人和居民。")


@pytest.mark.parametrize("script", ["Hans", "Hant"])
@pytest.mark.parametrize("size", [(1920, 1080), (1080, 1920)])
@pytest.mark.parametrize("cps", [(20.0, 9.0), (15.0, 7.0)])
def test_a_long_acknowledgement_is_paged_at_reading_speed(script, size, cps):
    """A 578-character acknowledgement needs 29 s at 20 characters a second: it had been on
    one card for 16 s. It is paged: consecutive cards, each cut where a sentence or a clause
    ends, the Chinese with the English of the same part, each shown as long as it takes to
    read (a second besides) at the project's reading speeds, and the credits after them."""
    from subtitler.segment import ChineseWords, _en_break_cost, _zh_break_cost
    from subtitler.textutil import han_count, to_traditional

    words = ChineseWords()
    zh = LONG_ACK_ZH if script == "Hans" else to_traditional(LONG_ACK_ZH)
    layout = AssLayout(width=size[0], height=size[1])
    blocks = [Block("a", Role.ACK, en=LONG_ACK_EN, zh=zh), Block("c", Role.CREDITS,
                                                                  zh="视频:何蒙贺")]
    events, total = credit_events(blocks, layout, 1000, roles={}, cps=cps)
    ack = [e for e in events if e.name == "credits-ack"]
    pages = sorted({(e.start, e.end) for e in ack})
    assert len(pages) >= 2
    assert pages[0][0] == 1000 and all(a[1] == b[0] for a, b in zip(pages, pages[1:]))
    credits = [e for e in events if e.name != "credits-ack"]
    assert credits and min(e.start for e in credits) == pages[-1][1]
    assert max(e.end for e in events) == 1000 + total
    en_shown, zh_shown = [], []
    for start, end in pages:
        shown = [e for e in ack if (e.start, e.end) == (start, end)]
        assert all("\\fad(400,400)" in e.text and _POS.search(e.text) for e in shown)
        en = " ".join(_plain(e) for e in shown if e.style == "CreditsEN")
        zh_page = "".join(_plain(e) for e in shown if e.style == "CreditsZH")
        assert en and zh_page  # each card in both languages
        need = max(len(en) / cps[0], han_count(zh_page) / cps[1]) * 1000 + 1000
        assert need - 10 <= end - start <= 16000, (en, end - start)
        # a card ends where a sentence or a clause does, in both languages (as the
        # subtitles' cutter judges a break: at punctuation, before a conjunction)
        if end != pages[-1][1]:
            done_en, done_zh = len(" ".join(en_shown + [en]).split()), \
                len("".join(zh_shown) + zh_page)
            assert _en_break_cost(LONG_ACK_EN.split(), done_en) <= 0.65, en
            toks, at = words.cut(zh), 0
            k = next(k for k in range(len(toks) + 1) if len("".join(toks[:k])) == done_zh)
            assert _zh_break_cost(toks, k) <= 0.65, zh_page
        # within the frame
        ys = [int(_POS.search(e.text).group(2)) for e in shown]
        assert min(ys) > 0 and max(ys) < 0.9 * layout.height
        en_shown.append(en)
        zh_shown.append(zh_page)
    assert " ".join(en_shown) == LONG_ACK_EN and "".join(zh_shown) == zh
    # long enough, all told, for the whole of the English
    assert pages[-1][1] - pages[0][0] >= 1000 * len(LONG_ACK_EN) / cps[0]


def test_looking_at_roles_alone_needs_no_pinyin():
    """`subs` checks the roles for warnings on every run: without the names' pinyin, which
    loads pypinyin's dictionaries (60 MB, and a moment)."""
    import subprocess
    import sys
    code = ("import sys; from subtitler.credits import credits_of, role_warnings; "
            "from subtitler.model import Block, Role; "
            "b = [Block('b1', Role.CREDITS, zh='灯光师傅:赵汉青')]; "
            "w = role_warnings(credits_of(b, pinyin=False)); "
            "print(len(w), 'pypinyin' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", "False"]


@pytest.mark.parametrize("line", ["本报记者 李明", "本报实习记者 李明", "本报特约记者 李明",
                                  "本报摄影记者 李明", "本报通讯员 李明", "责任编辑 李明",
                                  "撰稿 李明", "摄影 李明", "摄像 李明", "翻译 李明", "编译 李明"])
def test_every_byline_role_has_its_english(line):
    """本报摄影记者 李明 and 本报特约记者 李明 are read as bylines, but their roles were missing
    from the table: shown in Chinese only in the credits roll, with a warning."""
    c = parse_credit(line)
    assert c.role_en and not unknown_roles([c]), c


def test_in_a_traditional_script_a_role_found_from_its_english_is_traditional():
    """Producer: Anna Smith in a Traditional script had shown 制片 in Simplified among 視頻 and
    攝影 in the roll; a role written in the script is kept as written."""
    script = ("鄭州新物流樞紐啟用，服務中部地區。\nZhengzhou opens a new logistics hub.\n\n"
              "視頻：何蒙賀\n\nProducer: Anna Smith\n")
    got = [(c.role_zh, c.role_en) for c in credits_of(parse_script(script).blocks, pinyin=False)]
    assert got == [("視頻", "Video"), ("製片", "Producer")]
    simple = script.replace("鄭州新物流樞紐啟用，服務中部地區。", "郑州新物流枢纽启用，服务中部地区。") \
        .replace("視頻：何蒙賀", "视频：何蒙贺")
    got = [(c.role_zh, c.role_en) for c in credits_of(parse_script(simple).blocks, pinyin=False)]
    assert got == [("视频", "Video"), ("制片", "Producer")]


def test_chinese_of_a_card_breaks_between_words_as_the_subtitles_do():
    """The acknowledgement's Chinese had wrapped between any two characters (商/务局, 物/流);
    it breaks where the subtitles' line breaker does, between jieba's words, each line still
    within the frame as the font draws it."""
    from subtitler.fonts import text_width
    from subtitler.segment import ChineseWords

    zh = ("特别感谢河南省委外办、河南省商务厅、郑州市商务局、郑州大学外国语与国际关系学院和"
          "郑州航空港经济综合实验区的各家物流企业对本次策划的大力支持。")
    en = "A special thanks goes to all who supported this series."
    cuts, at = {0}, 0
    for tok in ChineseWords().cut(zh):
        at += len(tok)
        cuts.add(at)
    for size in [(1080, 1920), (720, 720), (1280, 720), (640, 360)]:
        layout = AssLayout(width=size[0], height=size[1])
        style = credit_styles(layout)["CreditsZH"]
        events, _ = credit_events([Block("a", Role.ACK, en=en, zh=zh)], layout, 0, roles={})
        lines = [_plain(e) for e in events if e.style == "CreditsZH"]
        assert len(lines) >= 2 and "".join(lines) == zh, size
        ends = [sum(map(len, lines[:k])) for k in range(1, len(lines))]
        assert all(e in cuts for e in ends), (size, lines)
        assert all(text_width(ln, style.fontsize) + 2 * style.outline <= 0.82 * layout.width
                   for ln in lines), (size, lines)


@pytest.mark.parametrize("line, names", [
    ("文案：赵汉青杨佳欣", ["赵汉青 Zhao Hanqing", "杨佳欣 Yang Jiaxin"]),
    ("记者：王芳李明", ["王芳 Wang Fang", "李明 Li Ming"]),
    ("编辑：张伟李明王芳", ["张伟 Zhang Wei", "李明 Li Ming", "王芳 Wang Fang"]),
    ("文案：欧阳娜娜李明", ["欧阳娜娜 Ouyang Nana", "李明 Li Ming"]),
    ("文案：趙漢青楊佳欣", ["趙漢青 Zhao Hanqing", "楊佳欣 Yang Jiaxin"]),
    # one name of four characters stays one
    ("文案：欧阳娜娜", ["欧阳娜娜 Ouyang Nana"]), ("文案：上官婉儿", ["上官婉儿 Shangguan Wan'er"]),
])
def test_names_written_with_no_space_between_them_part_at_their_surnames(line, names):
    """文案：赵汉青杨佳欣 (two names of three characters, no space between) had been read as a
    heading: burned in as a title card and left out of the credits roll; 记者：王芳李明 was one
    person, "Wang Fangliming"."""
    blocks = parse_script(f"Exports doubled last year.\n去年出口翻了一番。\n{line}\n视频：何蒙贺\n").blocks
    assert [b.role for b in blocks] == [Role.BODY, Role.CREDITS, Role.CREDITS]
    assert [n.display() for n in credits_of(blocks)[0].names] == names


def test_a_name_of_two_characters_spaced_to_the_width_of_three_is_one_name():
    """Print credits space a two-character name to the width of three (责任编辑：王　芳, with a
    full-width space): it had been two people, 王 Wang and 芳 Fang."""
    blocks = parse_script("Exports doubled last year.\n去年出口翻了一番。\n"
                          "责任编辑：王　芳\n记者：李　明　张　伟 赵汉青\n").blocks
    got = [[n.display() for n in c.names] for c in credits_of(blocks)]
    assert got == [["王芳 Wang Fang"], ["李明 Li Ming", "张伟 Zhang Wei", "赵汉青 Zhao Hanqing"]]


def test_a_transliterated_name_is_warned_of_with_credits_names():
    """约翰·史密斯 was shown as "Yuehan Shimisi" and 阿卜杜拉 as "A Budula", without a word: the
    pinyin of a transliteration is not how its person spells the name. Such names (parts joined
    by a middle dot, or four characters or more without a compound surname) keep their pinyin
    and are warned of, naming `credits.names`; a name given there, a Chinese name of a compound
    surname, and an organisation are not."""
    from subtitler.credits import name_warnings

    blocks = [Block("b1", Role.CREDITS, zh="记者：阿卜杜拉 迪丽热巴·迪力木拉提 欧阳娜娜 爱新觉罗·溥仪"),
              Block("b2", Role.CREDITS, zh="翻译：约翰·史密斯 赵汉青 陈李佳欣（实习）"),
              Block("b3", Role.CREDITS, zh="出品：郑州大学外国语与国际关系学院")]
    shown = [n.display() for c in credits_of(blocks) for n in c.names]
    assert "约翰·史密斯 Yuehan Shimisi" in shown  # (kept: better than no English at all)
    warned = name_warnings(credits_of(blocks, pinyin=False),
                           {"约翰·史密斯": "John Smith", "郑州大学外国语与国际关系学院": "SISZU"})
    assert [w.split("'")[1] for w in warned] == ["阿卜杜拉", "迪丽热巴·迪力木拉提", "陈李佳欣（实习）"]
    assert all("credits.names" in w and "transliteration" in w for w in warned), warned


@pytest.mark.parametrize("line, role_zh, role_en", [
    ("来源：新华社", "来源", "Source"), ("图：视觉中国", "图", "Photo"),
    ("文字编辑：张伟", "文字编辑", "Text Editor"), ("视频编辑：张伟", "视频编辑", "Video Editor"),
    ("视频剪辑：李娜", "视频剪辑", "Video Editing"), ("海报设计：韩雨松", "海报设计", "Poster Design"),
    ("英文翻译：杨佳欣", "英文翻译", "English Translation"),
    ("执行主编：杨佳欣", "执行主编", "Executive Editor"), ("实习生：李明", "实习生", "Intern"),
    ("图片编辑：李明", "图片编辑", "Photo Editor"), ("英文编辑：李明", "英文编辑", "English Editor"),
    ("新媒体编辑：李明", "新媒体编辑", "New Media Editor"), ("供图：李明", "供图", "Photos"),
    ("嘉宾：李明", "嘉宾", "Guest"),
    ("文/图：赵汉青", "文/图", "Text / Photo"),
    # English roles in the plural, or a role the table has in Chinese
    ("Reporters: Ouyang Nana, Sima Nan", "记者", "Reporters"), ("Source: Xinhua", "来源", "Source"),
    ("Writers: Zhao Hanqing", "撰稿", "Writers"), ("Video editor: Zhuge Ming", "视频编辑",
                                                   "Video editor"),
])
def test_roles_of_newsroom_credits_are_in_both_languages(line, role_zh, role_en):
    """Roles found in 40 newsroom credits blocks (Xinhua, China Daily, CGTN, dahe.cn) that the
    table lacked were shown in one language with a warning each: 来源, 文字编辑, 视频剪辑, 海报设计,
    英文翻译, 执行主编, 实习生, ...; "Reporters" had no Chinese though "Reporter" has."""
    c = parse_credit(line)
    assert (c.role_zh, c.role_en) == (role_zh, role_en)
    assert unknown_roles([c]) == ()


@pytest.mark.parametrize("script", ["Editor: Song Ke\n责任编辑：宋可\n",
                                    "责任编辑：宋可\nEditor: Song Ke\n",
                                    "Editors in charge: Song Ke\n责任编辑：宋可\n"])
def test_an_editor_in_charge_given_in_english_as_editor_is_one_credit(script):
    """责任编辑：宋可 with "Editor: Song Ke" were two credits on the roll, 责任编辑 Editor in
    charge: 宋可 Song Ke and 编辑 Editor: Song Ke (Editor in charge, the table's English for
    责任编辑, was no editor's role to the merge)."""
    blocks = parse_script("Exports doubled last year. 去年出口翻了一番。\n" + script).blocks
    got = [(c.role_zh, [(n.zh, n.en) for n in c.names]) for c in credits_of(blocks)]
    assert got == [("责任编辑", [("宋可", "Song Ke")])]


def test_an_organisation_credit_given_in_english_too_takes_its_english():
    """来源：新华社 with "Source: Xinhua" were two credits of one role, 新华社 shown in Chinese
    only with a warning to give it an English the script already gives. An English credit of
    the same role with as many names goes into a Chinese credit of organisations, name by
    name."""
    from subtitler.credits import name_warnings

    for lines in (["来源：新华社", "Source: Xinhua"], ["Source: Xinhua", "来源：新华社"]):
        blocks = [Block(f"b{i}", Role.CREDITS, zh=t if not t.isascii() else "",
                        en=t if t.isascii() else "") for i, t in enumerate(lines)]
        got = credits_of(blocks)
        assert _shown(got) == [
            ("来源 Source", ["新华社 Xinhua"])]
        assert name_warnings(credits_of(blocks, pinyin=False), {}) == ()
    # a person's name and another role are as they were
    blocks = [Block("a", Role.CREDITS, zh="出品：大河网"), Block("b", Role.CREDITS,
                                                             en="Source: Xinhua")]
    assert [c.role_display() for c in credits_of(blocks)] == ["出品 Presented by", "来源 Source"]


def test_an_outlets_reporter_before_the_names_is_not_romanised_as_a_person():
    """摄影：新华社记者 张涛 showed 新华社记者 as a person, "Xin Huashejizhe", with a warning that
    its pinyin was a transliteration's: it is the outlet's role, said in English, and said with
    the person it names (as "新华社记者 Xinhua Reporter · 张涛 Zhang Tao" it read as two people)."""
    from subtitler.credits import name_warnings

    c = parse_credit("摄影：新华社记者 张涛")
    assert [n.display() for n in c.names] == ["新华社记者 张涛 Xinhua Reporter Zhang Tao"]
    assert [n.both() for n in c.names] == [("新华社记者 张涛", "Xinhua Reporter Zhang Tao")]
    assert [(n.zh, n.en) for n in c.names] == [("张涛", "Zhang Tao")]  # (the person, as looked up)
    assert name_warnings([parse_credit("摄影：新华社记者 张涛", pinyin=False)], {}) == ()
    # every person after the role is the outlet's; the role alone stays as written
    assert [n.display() for n in parse_credit("摄影：新华社记者 张涛 李明").names] == [
        "新华社记者 张涛 Xinhua Reporter Zhang Tao", "新华社记者 李明 Xinhua Reporter Li Ming"]
    assert [n.display() for n in parse_credit("摄影：新华社记者").names] == [
        "新华社记者 Xinhua Reporter"]


def test_a_bureaus_reporter_before_the_names_titles_the_person():
    """摄影：新华社河南分社记者 张涛 (the reporter of an outlet's bureau) had been a heading."""
    blocks = parse_script("Exports doubled last year.\n去年出口翻了一番。\n"
                          "摄影：新华社河南分社记者 张涛\n").blocks
    assert [b.role for b in blocks] == [Role.BODY, Role.CREDITS], blocks
    assert _shown(credits_of(blocks)) == [
        ("摄影 Photography", ["新华社河南分社记者 张涛 Xinhua Henan Branch Reporter Zhang Tao"])]
    assert not is_credit("摄影：河南分社记者 张涛")  # (no outlet: nobody's bureau)


def test_an_outlets_reporter_is_laid_out_with_the_person_in_the_roll():
    """The roll's name line holds the outlet's role and the person together, in both scripts
    (a name too wide for the frame breaks into its Chinese over its English, each whole), and
    an English line of the same credit keeps the title when it is merged in."""
    blocks = [Block("a", Role.CREDITS, zh="摄影：新华社记者 张涛"),
              Block("b", Role.CREDITS, en="Photographer: Zhang Tao")]
    got = credits_of(blocks)
    assert _shown(got) == [
        ("摄影 Photographer", ["新华社记者 张涛 Xinhua Reporter Zhang Tao"])]
    events, _ = credit_events(blocks, LAYOUT, 0, roles={}, mode="card")
    assert [_plain(e) for e in events] == ["摄影 Photographer",
                                           "新华社记者 张涛 Xinhua Reporter Zhang Tao"]
    portrait = AssLayout(width=360, height=640)
    events, _ = credit_events([Block("c", Role.CREDITS, zh="摄影：新华通讯社记者 欧阳娜娜")], portrait,
                              0, roles={}, mode="card")
    assert [_plain(e) for e in events][-2:] == ["新华通讯社记者 欧阳娜娜",
                                                "Xinhua News Agency Reporter Ouyang Nana"]


ACK_LIST_EN = ["A special thanks goes to:",
               "The Office of the Foreign Affairs Commission of the CPC Henan Provincial Committee",
               "The School of International Studies of Zhengzhou University"]
ACK_LIST_ZH = ["特别感谢：", "河南省委外办", "郑州大学外国语与国际关系学院"]


@pytest.mark.parametrize("lines", [ACK_LIST_ZH, ACK_LIST_EN + ACK_LIST_ZH,
                                   ["特别鸣谢", "河南省委外办", "郑州大学外国语与国际关系学院"]])
@pytest.mark.parametrize("layout", ["paragraphs", "blank"])
def test_an_acknowledgement_listing_organisations_one_a_line_is_one_card(lines, layout):
    """特别感谢： over 河南省委外办 and 郑州大学外国语与国际关系学院, one a line, was a card of
    "特别感谢：" alone, each organisation a heading burned in as a title card. It is one
    acknowledgement, shown on one card with each organisation on its own line(s)."""
    from subtitler.script import format_script

    sep = "\n\n" if layout == "blank" else "\n"
    text = f"Exports doubled last year.{sep}去年出口翻了一番。{sep}" + "\n".join(lines) \
        + f"{sep}视频：何蒙贺\n"
    blocks = parse_script(text).blocks
    assert [b.role for b in blocks] == [Role.BODY, Role.ACK, Role.CREDITS], blocks
    ack = blocks[1]
    assert ack.zh.split("\n") == ["特别鸣谢" if "特别鸣谢" in lines else "特别感谢："] \
        + ACK_LIST_ZH[1:]
    assert ack.en.split("\n") == (ACK_LIST_EN if ACK_LIST_EN[0] in lines else [""])
    again = parse_script(format_script(blocks, layout=layout)).blocks
    assert [(b.role, b.en, b.zh) for b in again] == [(b.role, b.en, b.zh) for b in blocks]
    events, _ = credit_events(blocks, LAYOUT, 0, roles={})
    shown = [_plain(e) for e in events if e.name == "credits-ack"]
    assert "郑州大学外国语与国际关系学院" in "".join(shown)
    assert not any("河南省委外办" in s and "郑州" in s for s in shown)  # one a line
    assert len({(e.start, e.end) for e in events if e.name == "credits-ack"}) == 1


def test_a_long_acknowledgement_list_is_paged_between_its_lines():
    zh = ["特别感谢："] + [f"河南省第{n}人民医院" for n in "一二三四五六七八九十"] * 3
    en = ["A special thanks goes to:"] + [f"Henan Provincial People's Hospital No. {n}"
                                          for n in range(1, 11)] * 3
    events, _ = credit_events([Block("a", Role.ACK, en="\n".join(en), zh="\n".join(zh))],
                              LAYOUT, 0, roles={})
    cards = {}
    for e in events:
        cards.setdefault((e.start, e.end), []).append(_plain(e))
    assert len(cards) >= 2
    shown = [ln for c in cards.values() for ln in c]
    assert [ln for ln in shown if "医院" in ln] == zh[1:]
    for card in cards.values():  # each card the Chinese and the English of the same lines
        hospitals = [ln for ln in card if "医院" in ln]
        assert len(hospitals) == len([ln for ln in card if "Hospital" in ln])


@pytest.mark.parametrize("line, role, names", [
    # the outlet the people work for, named after them, goes with their role, in both languages
    ("Reporter: Zhang Wei, China Daily", "中国日报记者 China Daily Reporter", ["Zhang Wei"]),
    ("Editor: Li Na | Xinhua", "新华社编辑 Xinhua Editor", ["Li Na"]),
    ("Reporters: Zhang Wei and Li Na, CGTN", "中国国际电视台记者 CGTN Reporters",
     ["Zhang Wei", "Li Na"]),
    ("Video: He Menghe/dahe.cn", "大河网视频 dahe.cn Video", ["He Menghe"]),
    # a label of one character (图) is no word to follow an outlet's name: its job's role is
    # ("中国日报图 China Daily Photo" read badly)
    ("Photo: Zhang Wei, China Daily", "中国日报摄影 China Daily Photo", ["Zhang Wei"]),
    ("Photo: Li Na | Xinhua", "新华社摄影 Xinhua Photo", ["Li Na"]),
    # an outlet credited by itself, in either language, is shown in both
    ("Produced by China Daily", "出品 Produced by", ["中国日报 China Daily"]),
    ("Produced by People's Daily Online", "出品 Produced by", ["人民网 People's Daily Online"]),
    ("Source: Xinhua, People's Daily", "来源 Source", ["新华社 Xinhua", "人民日报 People's Daily"]),
    ("来源：人民日报", "来源 Source", ["人民日报 People's Daily"]),
    # China Daily's bylines: the names in capitals, where the reporter was, the outlet after a bar
    ("By ZHAO HANQING in Zhengzhou", "记者 Reporter", ["Zhao Hanqing"]),
    ("By Zhao Hanqing in Zhengzhou and Li Na in Beijing", "记者 Reporter",
     ["Zhao Hanqing", "Li Na"]),
    ("By ZHANG WEI | China Daily", "中国日报记者 China Daily Reporter", ["Zhang Wei"]),
    # a person's production is as it was
    ("Produced by Zhang Wei", "制作 Production", ["Zhang Wei"]),
])
def test_english_credits_naming_an_outlet(line, role, names):
    """"Reporter: Zhang Wei, China Daily" showed China Daily as a second reporter; "Editor: Li
    Na | Xinhua" and "By ZHAO HANQING in Zhengzhou" were a title card and body text, left out
    of the roll; "Produced by China Daily" and 来源：人民日报 showed the outlet in one language
    (with a warning) though the outlets table gives both."""
    from subtitler.credits import name_warnings

    assert _shown(_credit_line(line)) == [(role, names)]
    plain = _credit_line(line, pinyin=False)
    assert role_warnings(plain) == () and name_warnings(plain, {}) == ()


@pytest.mark.parametrize("line, role, names", [
    ("新华社记者 李贺 摄", "摄影 Photography", ["新华社记者 李贺 Xinhua Reporter Li He"]),
    ("图/张三 摄", "图 Photo", ["张三 Zhang San"]),
    ("李贺　摄", "摄影 Photography", ["李贺 Li He"]),
    ("本报记者 赵汉青 摄", "摄影 Photography", ["赵汉青 Zhao Hanqing"]),
    ("视觉中国供图", "供图 Photos", ["视觉中国 VCG"]),
    ("中国日报出品", "出品 Presented by", ["中国日报 China Daily"]),
    ("大河网 出品", "出品 Presented by", ["大河网 dahe.cn"]),
])
def test_a_credit_whose_role_follows_its_names(line, role, names):
    """新华社记者 李贺 摄 and 图/张三 摄 (a photo credit ending in 摄), 视觉中国供图 and 中国日报出品
    were read as headings: burned in as title cards and left out of the roll."""
    assert _shown(_credit_line(line)) == [(role, names)]


@pytest.mark.parametrize("line, role, names", [
    ("图：新华社记者 张涛 摄", "图 Photo", ["新华社记者 张涛 Xinhua Reporter Zhang Tao"]),
    ("摄影：李贺 摄", "摄影 Photography", ["李贺 Li He"]),
    ("图片来源：新华社记者 张涛 李明 摄", "图片来源 Photo Source",
     ["新华社记者 张涛 Xinhua Reporter Zhang Tao", "新华社记者 李明 Xinhua Reporter Li Ming"]),
])
def test_a_photo_credit_with_a_colon_and_a_closing_she(line, role, names):
    """图：新华社记者 张涛 摄 showed 摄 as a second photographer, "新华社记者 摄 Xinhua Reporter She"."""
    blocks = _after_a_sentence(line)
    assert _shown(credits_of(blocks)) == [(role, names)]


@pytest.mark.parametrize("line, role, names", [
    ("摄影：本报记者 赵汉青", "摄影 Photography", ["本报记者 赵汉青 Staff Reporter Zhao Hanqing"]),
    ("图：本报记者 赵汉青 摄", "图 Photo", ["本报记者 赵汉青 Staff Reporter Zhao Hanqing"]),
    ("文/本报记者 赵汉青 实习生 李明", "文 Text",
     ["本报记者 赵汉青 Staff Reporter Zhao Hanqing", "实习生 李明 Intern Li Ming"]),
    ("本报记者：赵汉青", "本报记者 Staff Reporter", ["赵汉青 Zhao Hanqing"]),
])
def test_a_role_among_the_names_titles_the_people_after_it(line, role, names):
    """摄影：本报记者 赵汉青 showed 本报记者 (the paper's own reporter) as a person, "Ben Baojizhe",
    with a warning that it reads as a transliteration; 实习生 李明 showed 实习生 as "Shi Xisheng"."""
    blocks = _after_a_sentence(line)
    got = credits_of(blocks)
    assert _shown(got) == [(role, names)]
    assert name_warnings(got, {}) == ()


@pytest.mark.parametrize("line, role, names", [
    ("大河报·豫视频记者 张三", "大河报·豫视频记者 Dahe Daily Reporter", ["张三 Zhang San"]),
    ("（大河报·豫视频记者 张三 李四）", "大河报·豫视频记者 Dahe Daily Reporter",
     ["张三 Zhang San", "李四 Li Si"]),
    ("大河报·豫视频摄影记者 张三", "大河报·豫视频摄影记者 Dahe Daily Photojournalist",
     ["张三 Zhang San"]),
    # (the brand a known outlet too: its reporter)
    ("河南日报·大河网记者 张三", "河南日报·大河网记者 dahe.cn Reporter", ["张三 Zhang San"]),
    ("摄影：大河报·豫视频记者 张三", "摄影 Photography",
     ["大河报·豫视频记者 张三 Dahe Daily Reporter Zhang San"]),
    # (an outlet the table does not know keeps its role in Chinese, as 郑州晚报记者 does)
    ("郑州晚报·正观记者 张三", "郑州晚报·正观记者", ["张三 Zhang San"]),
    # (a space before the role, a full-width one too: it had been a heading)
    ("大河报·豫视频 记者 张三", "大河报·豫视频记者 Dahe Daily Reporter", ["张三 Zhang San"]),
    ("（大河报·豫视频　记者 张三 李四）", "大河报·豫视频记者 Dahe Daily Reporter",
     ["张三 Zhang San", "李四 Li Si"]),
    ("大河报豫视频 记者 张三", "大河报豫视频记者 Dahe Daily Reporter", ["张三 Zhang San"]),
    ("新华社 记者 张三", "新华社记者 Xinhua Reporter", ["张三 Zhang San"]),
])
def test_a_byline_of_an_outlets_brand_after_a_middle_dot(line, role, names):
    """大河报·豫视频记者 张三 (a reporter of Dahe Daily's video channel) had been a heading,
    burned in as a title card and left out of the roll."""
    got = _credit_line(line)
    assert _shown(got) == [(role, names)]
    assert name_warnings(got, {}) == ()


@pytest.mark.parametrize("line, role, names", [
    ("大河报豫视频记者 张三", "大河报豫视频记者 Dahe Daily Reporter", ["张三 Zhang San"]),
    # (the paper's app, and Xinhua's)
    ("河南日报客户端记者 张三", "河南日报客户端记者 Henan Daily Reporter", ["张三 Zhang San"]),
    ("新华社客户端记者 张三", "新华社客户端记者 Xinhua Reporter", ["张三 Zhang San"]),
    ("（大河报豫视频记者 张三 李四）", "大河报豫视频记者 Dahe Daily Reporter",
     ["张三 Zhang San", "李四 Li Si"]),
    ("摄影：河南日报客户端记者 张三", "摄影 Photography",
     ["河南日报客户端记者 张三 Henan Daily Reporter Zhang San"]),
    ("新华社客户端记者 张三 摄", "摄影 Photography",
     ["新华社客户端记者 张三 Xinhua Reporter Zhang San"]),
    # (a prefixed role of the table after the outlet: no brand, its English as it was)
    ("新华社首席记者 张三", "新华社首席记者 Xinhua Chief Reporter", ["张三 Zhang San"]),
])
def test_a_byline_of_an_outlets_brand_without_a_middle_dot(line, role, names):
    """大河报豫视频记者 张三 and 河南日报客户端记者 张三 (Dahe Daily's video channel, Henan Daily's
    app) had been headings, burned in as title cards and left out of the roll."""
    got = _credit_line(line)
    assert _shown(got) == [(role, names)]
    assert name_warnings(got, {}) == ()


@pytest.mark.parametrize("line, shown", [
    ("大河报豫视频记者 张三 李四 通讯员 王五",
     [("大河报豫视频记者 Dahe Daily Reporter", ["张三 Zhang San", "李四 Li Si"]),
      ("通讯员 Correspondent", ["王五 Wang Wu"])]),
    ("中国日报河南记者站记者 赵汉青 通讯员 杨佳欣",
     [("中国日报河南记者站记者 China Daily Henan Bureau Reporter", ["赵汉青 Zhao Hanqing"]),
      ("通讯员 Correspondent", ["杨佳欣 Yang Jiaxin"])]),
    # (with a colon)
    ("大河报·豫视频记者：张三", [("大河报·豫视频记者 Dahe Daily Reporter", ["张三 Zhang San"])]),
    ("新华社河南分社记者：张涛", [("新华社河南分社记者 Xinhua Henan Branch Reporter",
                                ["张涛 Zhang Tao"])]),
    # (an outlet the table does not know: its role in Chinese, as its byline's without the colon)
    ("郑州晚报·正观记者：张三", [("郑州晚报·正观记者", ["张三 Zhang San"])]),
    ("郑州晚报·正观记者：张三 通讯员：王五", [("郑州晚报·正观记者", ["张三 Zhang San"]),
                                       ("通讯员 Correspondent", ["王五 Wang Wu"])]),
])
def test_an_outlets_role_of_more_than_six_characters_is_a_credit(line, shown):
    """大河报豫视频记者 张三 李四 通讯员 王五 had been one credit of no names, its role the whole
    line (a role of more than six characters was none); 大河报·豫视频记者：张三 and
    郑州晚报·正观记者：张三 headings, burned in as title cards."""
    assert _shown(_credit_line(line)) == shown


@pytest.mark.parametrize("line, names", [
    ("顶端新闻记者 张三", ["张三 Zhang San"]),
    ("（顶端新闻记者 张三 李四）", ["张三 Zhang San", "李四 Li Si"]),
    ("顶端新闻 记者 张三", ["张三 Zhang San"]),
    ("顶端新闻记者 张三 郑州报道", ["张三 Zhang San"]),
])
def test_a_byline_of_a_news_app_keeps_its_role_in_chinese(line, names):
    """顶端新闻记者 张三 (a reporter of 顶端新闻, Henan Daily's news app) had been a heading, burned
    in as a title card and left out of the roll. credit_outlets does not name the app: its role is
    Chinese only, as 郑州晚报记者's is."""
    got = _credit_line(line)
    assert _shown(got) == [("顶端新闻记者", names)]
    assert name_warnings(got, {}) == ()


@pytest.mark.parametrize("line, names", [
    ("摄影：郑州晚报记者 张三", ["郑州晚报记者 张三 Zhang San"]),
    ("摄影：顶端新闻记者 张三", ["顶端新闻记者 张三 Zhang San"]),
    ("摄影：郑州晚报记者 张三 李四", ["郑州晚报记者 张三 Zhang San", "郑州晚报记者 李四 Li Si"]),
    # (a brand after a middle dot: it had been a person, "Zhengzhouwanbao Zhengguanjizhe")
    ("摄影：郑州晚报·正观记者 张三", ["郑州晚报·正观记者 张三 Zhang San"]),
])
def test_an_unknown_outlets_role_among_the_names_titles_them_in_chinese(line, names):
    """摄影：郑州晚报记者 张三 had been a heading, burned in as a title card and left out of the
    roll; 摄影：郑州晚报·正观记者 张三 a credit of two people, the role romanised as a person's
    name. The outlet's role titles the people after it, in Chinese only (credit_outlets does not
    name the outlet, as a byline 郑州晚报记者 张三 keeps its role), and is warned of."""
    got = _credit_line(line)
    assert _shown(got) == [("摄影 Photography", names)]
    assert name_warnings(got, {}) == ()
    assert unknown_roles(got) == (names[0].split()[0],)


def test_a_project_gives_an_unknown_outlets_role_among_the_names_its_english():
    got = _credit_line("摄影：郑州晚报记者 张三",
                       roles={"郑州晚报记者": "Zhengzhou Evening News Reporter"})
    assert _shown(got) == [("摄影 Photography",
                            ["郑州晚报记者 张三 Zhengzhou Evening News Reporter Zhang San"])]
    assert unknown_roles(got) == ()


@pytest.mark.parametrize("line", [
    "大河报创刊40周年", "走近一线记者", "致敬新闻记者", "大河报豫视频记者的一天", "河南日报客户端上线",
    "致敬坚守一线的大河报记者", "大河报·豫视频 记者节", "大河报 记者节特别报道",
    "顶端新闻", "顶端新闻记者节特别策划", "新闻记者 张三", "全国优秀新闻记者 张三",
    "大河报豫视频记者：走进工厂看一看",
    # (a brand without a dot after an outlet the table does not know; a bureau of no place)
    "郑州晚报正观记者 张三", "某某报优秀记者 张三", "新华社记者站 张三",
    "摄影：郑州晚报正观记者 张三", "郑州晚报正观记者：张三", "郑州晚报·正观记者：走进工厂看一看"])
def test_a_heading_naming_an_outlet_or_its_reporters_is_no_byline(line):
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


def test_the_longest_outlet_a_role_begins_with_is_its_outlet():
    """中国日报网摄影记者 is chinadaily.com.cn's photojournalist, not China Daily's reporter of a
    brand 网摄影 (中国日报 comes first in the outlets table); and 中国日报网河南分社记者 had been
    "China Daily Wanghenan Branch Reporter"."""
    roles = default_roles()
    assert translate_role("中国日报网摄影记者", roles) == "chinadaily.com.cn Photojournalist"
    assert translate_role("中国日报网客户端记者", roles) == "chinadaily.com.cn Reporter"
    assert translate_role("中国日报网河南分社记者", roles) == "chinadaily.com.cn Henan Branch Reporter"


@pytest.mark.parametrize("line", ["我们去拍摄", "河南出品", "受访者供图", "（新华社记者 李贺 摄）"])
def test_a_line_ending_in_a_role_word_that_is_no_credit_is_as_it_was(line):
    """(a heading ending in 摄 or 出品; a photo's credit in brackets is its caption's)"""
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


@pytest.mark.parametrize("line, role, names", [
    ("中国日报图片", "图片 Photos", ["中国日报 China Daily"]),
    ("新华社图片", "图片 Photos", ["新华社 Xinhua"]),
    ("新华社来源", "来源 Source", ["新华社 Xinhua"]),
    ("人民日报来源", "来源 Source", ["人民日报 People's Daily"]),
    # the role and the outlet parted by a space, no colon
    ("图片来源 视觉中国", "图片来源 Photo Source", ["视觉中国 VCG"]),
    ("来源 新华社", "来源 Source", ["新华社 Xinhua"]),
    ("图片　中国日报", "图片 Photos", ["中国日报 China Daily"]),
    # (a photo an outlet released, as papers credit one: it had been a heading)
    ("新华社发", "图片来源 Photo Source", ["新华社 Xinhua"]),
])
def test_an_outlet_and_a_source_word_without_a_colon(line, role, names):
    """中国日报图片, 新华社来源 (an outlet's name and the word saying what it gave, run together)
    and 来源 新华社 were read as headings: burned in as title cards, left out of the roll. They
    are credits as 视觉中国供图 is: the role, and the outlet in both languages."""
    got = _credit_line(line)
    assert _shown(got) == [(role, names)]
    assert role_warnings(got) == ()


@pytest.mark.parametrize("line", ["新闻图片", "精彩图片", "数据来源", "河南图片", "精彩 图片", "新闻发布会图片",
                                  "来源 张三", "我们出发", "科技成果开发"])
def test_a_line_ending_in_a_source_word_that_names_no_outlet_is_no_credit(line):
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


@pytest.mark.parametrize("line, role, names", [
    ("视频 张伟", "视频 Video", ["张伟 Zhang Wei"]),
    ("文案 王雪 李明", "文案 Script", ["王雪 Wang Xue", "李明 Li Ming"]),
    ("海报　韩雨松", "海报 Poster", ["韩雨松 Han Yusong"]),
    ("文案 王雪、欧阳娜娜", "文案 Script", ["王雪 Wang Xue", "欧阳娜娜 Ouyang Nana"]),
    ("文案 赵汉青杨佳欣", "文案 Script", ["赵汉青 Zhao Hanqing", "杨佳欣 Yang Jiaxin"]),
])
def test_a_role_and_peoples_names_parted_by_a_space(line, role, names):
    """A credits list written without colons (文案 王雪 李明 / 视频 张伟) had its lines read as
    headings, burned in as title cards and left out of the roll, and a `roles:` override made
    each one credit of no names, its role the whole line: each is its role's credit."""
    assert _shown(_credit_line(line)) == [(role, names)]


@pytest.mark.parametrize("line", ["视频 回顾", "图片 精彩瞬间", "视频 张家界风光", "图 张三"])
def test_a_role_and_words_that_are_no_names_parted_by_a_space_is_no_credit(line):
    """(a person's name is two or three characters after a surname; 图 and 来源 name a source)"""
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


@pytest.mark.parametrize("line, names", [
    ("新华社发 张三 摄", ["张三 Zhang San"]),
    ("新华社发 张三摄", ["张三 Zhang San"]),
    ("新华社发 张三 李四 摄", ["张三 Zhang San", "李四 Li Si"]),
])
def test_a_photo_an_outlet_released_and_its_photographer(line, names):
    """新华社发 张三 摄 (a photo Xinhua released, taken by Zhang San) showed 新华社发 as a second
    photographer, "新华社发 Xin Huashefa": Xinhua is the photo's source, a credit of its own."""
    assert _shown(_credit_line(line)) == [("图片来源 Photo Source", ["新华社 Xinhua"]),
                                          ("摄影 Photography", names)]


def test_a_photo_caption_credited_to_an_outlet_is_as_it_was():
    """(the credit in brackets at a caption's end is the caption's, shown with it, whole)"""
    line = "图为郑州的一条生产线。（新华社发 张三摄）"
    blocks = _after_a_sentence(line)
    assert (blocks[1].role, blocks[1].zh) == (Role.CAPTION, line)
    assert _after_a_sentence("（新华社发 张三摄）")[1].role is Role.CAPTION


@pytest.mark.parametrize("line, english, got", [
    ("中国日报图片", "Photo: China Daily", ("图片 Photos", ["中国日报 China Daily"])),
    ("新华社发", "Photo: Xinhua", ("图片来源 Photo Source", ["新华社 Xinhua"])),
    ("图片来源：新华社", "Photos: Xinhua", ("图片来源 Photo Source", ["新华社 Xinhua"])),
])
def test_a_source_credit_and_its_english_are_one_credit(line, english, got):
    """中国日报图片 over "Photo: China Daily" (图片 and 图, Photos and Photo: one job, one
    outlet) would have been two credits of China Daily; 新华社发 or 图片来源：新华社 over "Photo:
    Xinhua" were two credits of Xinhua (a photo's source is a photo credit)."""
    blocks = _after_a_sentence(f"{line}\n{english}")
    assert _shown(credits_of(blocks)) == [got]


@pytest.mark.parametrize("line, got", [
    ("编辑丨张三 审核丨李四 责编丨王五", [("编辑 Editor", ["张三 Zhang San"]), ("审核 Review", ["李四 Li Si"]),
                                ("责编 Editor in charge", ["王五 Wang Wu"])]),
    ("编辑 | 张三 审核 | 李四", [("编辑 Editor", ["张三 Zhang San"]), ("审核 Review", ["李四 Li Si"])]),
    ("编辑/张三 审核/李四", [("编辑 Editor", ["张三 Zhang San"]), ("审核 Review", ["李四 Li Si"])]),
    ("文/赵汉青 图/何蒙贺", [("文 Text", ["赵汉青 Zhao Hanqing"]), ("图 Photo", ["何蒙贺 He Menghe"])]),
    ("文/赵汉青", [("文 Text", ["赵汉青 Zhao Hanqing"])]),
    ("编辑：张三，审核：李四", [("编辑 Editor", ["张三 Zhang San"]), ("审核 Review", ["李四 Li Si"])]),
    ("编辑：张三审核：李四", [("编辑 Editor", ["张三 Zhang San"]), ("审核 Review", ["李四 Li Si"])]),
    ("来源：新华社编辑：赵六", [("来源 Source", ["新华社 Xinhua"]), ("编辑 Editor", ["赵六 Zhao Liu"])]),
    ("编辑：张三责任编辑：李四", [("编辑 Editor", ["张三 Zhang San"]),
                         ("责任编辑 Editor in charge", ["李四 Li Si"])]),
    # a role the table lacks among them is a role too, shown in Chinese (with a warning)
    ("审核/李四 审片/王五", [("审核 Review", ["李四 Li Si"]), ("审片", ["王五 Wang Wu"])]),
    # as they were
    ("编辑：张三 审核：李四 责编：王五", [("编辑 Editor", ["张三 Zhang San"]), ("审核 Review", ["李四 Li Si"]),
                                ("责编 Editor in charge", ["王五 Wang Wu"])]),
    ("来源：新华社 编辑：赵六", [("来源 Source", ["新华社 Xinhua"]), ("编辑 Editor", ["赵六 Zhao Liu"])]),
    ("文/图：赵汉青", [("文/图 Text / Photo", ["赵汉青 Zhao Hanqing"])]),
])
def test_a_wechat_line_of_several_credits_gives_each_its_credit(line, got):
    """编辑丨张三 审核丨李四 (roles parted from their names by a bar or a slash), 编辑：张三，审核：李四
    (a comma between) and 编辑：张三审核：李四 (no space) were read as headings: burned in as title
    cards, the credits lost from the roll."""
    assert _shown(_credit_line(line)) == got


@pytest.mark.parametrize("line", ["视频/海报", "中原/出彩"])
def test_roles_or_words_parted_by_a_slash_are_no_credit(line):
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


@pytest.mark.parametrize("line, role_zh, role_en", [
    ("终审：王五", "终审", "Final Review"), ("图文：赵汉青", "图文", "Text and Photos"),
    ("作者：赵汉青", "作者", "Author"), ("英文审校：David Ferguson", "英文审校", "English Copy Editing"),
    ("图片来源：视觉中国", "图片来源", "Photo Source"), ("视频来源：新华社", "视频来源", "Video Source"),
    ("Chief Editor: Sima Nan", "主编", "Chief Editor"), ("Photographer: Wang Jing", "摄影",
                                                         "Photographer"),
    ("Videographer: Li Gang", "摄像", "Videographer"), ("Cameraman: Li Gang", "摄像", "Cameraman"),
    ("Supervising Producer: Wei Li", "监制", "Supervising Producer"),
    ("Translator: Tom Hancock", "翻译", "Translator"), ("Proofreader: Li Na", "校对", "Proofreader"),
    ("Designer: Han Yusong", "设计", "Designer"), ("Narrator: Kelly Chen", "解说", "Narrator"),
])
def test_more_roles_of_newsroom_credits_are_in_both_languages(line, role_zh, role_en):
    """Roles of WeChat posts' and English credits (终审, 图文, 作者, "Chief Editor",
    "Photographer", "Supervising Producer", "Translator", ...) were shown in one language with
    a warning each."""
    c = parse_credit(line)
    assert (c.role_zh, c.role_en) == (role_zh, role_en)
    assert unknown_roles([c]) == ()


@pytest.mark.parametrize("line, role_zh, role_en", [
    ("执行：张三", "执行", "Executive Producer"), ("执行制片：张三", "执行制片", "Executive Producer"),
    ("执行导演：李四", "执行导演", "Executive Director"), ("执行编辑：王五", "执行编辑", "Executive Editor"),
    ("执行制作：王五", "执行制作", "Executive Producer"),
    # a prefix of credit_role_prefixes before a role of the table: the English composed
    ("执行监制：王五", "执行监制", "Executive Supervisor"), ("首席记者：张三", "首席记者", "Chief Reporter"),
    ("实习编辑：张三", "实习编辑", "Intern Editor"), ("见习记者：张三", "见习记者", "Trainee Reporter"),
    ("副总导演：张三", "副总导演", "Deputy Chief Director"), ("英文审核：张三", "英文审核", "English Review"),
    ("联合制作：大河网", "联合制作", "Co-production"), ("助理编辑：张三", "助理编辑", "Assistant Editor"),
])
def test_an_executive_role_or_a_prefixed_role_has_its_english(line, role_zh, role_en):
    """执行：张三 (the one who carried out the piece), 执行制片, 执行导演, 执行编辑 were shown in
    Chinese only, with a warning each; so were a prefix before a known role: 首席记者, 实习编辑."""
    c = parse_credit(line)
    assert (c.role_zh, c.role_en) == (role_zh, role_en)
    assert unknown_roles([c]) == ()


def test_a_prefixed_role_is_composed_from_the_projects_roles_and_after_an_outlet():
    roles = role_table({"审片": "Screening"})
    assert translate_role("执行审片", roles) == "Executive Screening"
    assert translate_role("新华社首席记者", roles) == "Xinhua Chief Reporter"
    assert translate_role("执行", role_table({"执行": "Production Lead"})) == "Production Lead"
    # a prefix alone, or before no role, is no role
    assert translate_role("首席", roles) == translate_role("首席执笔人", roles) == ""
    c = parse_credit("摄影：新华社首席记者 张涛")
    assert [n.both() for n in c.names] == [("新华社首席记者 张涛", "Xinhua Chief Reporter Zhang Tao")]


@pytest.mark.parametrize("line, role_en", [
    ("排版：张三", "Layout"), ("初审：张三", "First Review"), ("复审：李四", "Second Review"),
    ("本期编辑：张三", "Editor"), ("值班编辑：张三", "Duty Editor"), ("拍摄：张三", "Filming"),
    ("后期制作：张三", "Post-production"), ("配乐：张三", "Music"), ("主笔：张三", "Lead Writer"),
    ("撰文：张三", "Writer"), ("采编：张三", "Reporting and Editing"),
    ("出镜记者：张三", "On-camera Reporter"), ("制图：张三", "Graphics"), ("图源：视觉中国", "Photo Source"),
    ("本文来源：人民日报", "Source"), ("稿件来源：新华社", "Source"), ("主办：河南日报社", "Hosted by"),
    ("承办：大河网", "Organised by"), ("指导单位：河南省委宣传部", "Guided by"),
    ("Graphic designer: Li Jingjing", "Graphic designer"), ("Cover image: VCG", "Cover image"),
])
def test_roles_of_wechat_posts_and_provincial_outlets(line, role_en):
    """排版, 初审 and 复审 (a WeChat post's three reviews), 本期编辑, 拍摄, 后期制作, 图源, 主办 ... were
    shown in Chinese only, with a warning each (指导单位：…宣传部 was a heading, a title card);
    "Graphic designer: Li Jingjing" was body text, said in the subtitles, and "Cover image: VCG"
    a heading."""
    got = _credit_line(line, pinyin=False)
    assert [c.role_en for c in got] == [role_en] and unknown_roles(got) == ()


def test_an_english_credit_of_the_roles_english_is_merged_into_its_chinese():
    """"Editor in charge: Wang Wu" under 责编：王五 was a second credit (责任编辑, Wang Wu): 责编 and
    责任编辑 are one role, the table giving both the same English."""
    blocks = parse_script("Exports doubled last year.\n去年出口翻了一番。\n编辑：张三 责编：王五\n"
                          "Editor: Zhang San | Editor in charge: Wang Wu\n").blocks
    assert _shown(credits_of(blocks)) == [
        ("编辑 Editor", ["张三 Zhang San"]), ("责编 Editor in charge", ["王五 Wang Wu"])]


@pytest.mark.parametrize("line, role, names", [
    ("Reporter | Zhang Wei", "记者 Reporter", ["Zhang Wei"]),
    ("Camera | Li Lei", "摄像 Camera", ["Li Lei"]),
    ("Poster by Han Yusong", "海报 Poster", ["Han Yusong"]),
    ("Designed by Li Na", "设计 Design", ["Li Na"]),
    ("Illustrated by Li Na", "插画 Illustration", ["Li Na"]),
])
def test_an_english_credit_without_a_colon(line, role, names):
    """"Reporter | Zhang Wei" (CGTN's credits) and "Poster by Han Yusong" were read as headings:
    burned in as title cards, left out of the roll."""
    assert _shown(_credit_line(line)) == [(role, names)]
    assert not is_credit("Past | Present") and not is_credit("Then | Now")


@pytest.mark.parametrize("line, role, names", [
    ("Xinhua contributed to this story.", "供稿 Contributor", ["新华社 Xinhua"]),
    ("Xinhua and China Daily contributed to this report.", "供稿 Contributor",
     ["新华社 Xinhua", "中国日报 China Daily"]),
    ("Zhao Hanqing and Li Ming contributed to this story.", "供稿 Contributor",
     ["Zhao Hanqing", "Li Ming"]),
    ("Li Ming in Zhengzhou contributed to this story.", "供稿 Contributor", ["Li Ming"]),
    ("新华社供稿", "供稿 Contributor", ["新华社 Xinhua"]),
    ("Xinhua reporters: Li Ming, Wang Fang", "新华社记者 Xinhua reporters", ["Li Ming", "Wang Fang"]),
    ("China Daily Reporter: Zhao Hanqing", "中国日报记者 China Daily Reporter", ["Zhao Hanqing"]),
])
def test_china_dailys_contributors_and_an_outlets_english_role(line, role, names):
    """"Xinhua contributed to this story." (the last line of many China Daily stories) was body
    text, said in the subtitles; "Xinhua reporters: Li Ming" had no Chinese for its role."""
    got = _credit_line(line)
    assert _shown(got) == [(role, names)]
    assert unknown_roles(got) == ()


@pytest.mark.parametrize("line", ["Many factors contributed to this story.",
                                  "Exports contributed to this report."])
def test_a_sentence_about_contributing_is_no_credit(line):
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


@pytest.mark.parametrize("line, name", [("来源：人民日报客户端", "人民日报客户端"),
                                        ("策划：大河网英文频道", "大河网英文频道"),
                                        ("出品：中国日报双语新闻公众号", "中国日报双语新闻公众号"),
                                        ("视频：大河网视频工作室", "大河网视频工作室")])
def test_an_outlets_app_channel_or_studio_is_an_organisation(line, name):
    """来源：人民日报客户端 and 策划：大河网英文频道 were read as headings (title cards, left out of the
    roll): an outlet's app, channel, WeChat account or studio is an organisation, not romanised."""
    assert [n.display() for c in _credit_line(line) for n in c.names] == [name]


@pytest.mark.parametrize("line, role, names", [
    ("记者 赵汉青 杨佳欣 郑州报道", "记者 Reporter", ["赵汉青 Zhao Hanqing", "杨佳欣 Yang Jiaxin"]),
    ("本报记者 李明 北京报道", "记者 Reporter", ["李明 Li Ming"]),
    ("新华社记者 张涛 报道", "新华社记者 Xinhua Reporter", ["张涛 Zhang Tao"]),
])
def test_where_a_byline_reported_from_is_no_name(line, role, names):
    """记者 赵汉青 杨佳欣 郑州报道 showed 郑州报道 as a third reporter, "Zheng Zhoubaodao"."""
    assert _shown(credits_of([Block("b", Role.CREDITS, zh=line)])) == [(role, names)]


@pytest.mark.parametrize("line, role, names", [
    ("撰稿 Writer: Zhao Hanqing", "撰稿 Writer", ["Zhao Hanqing"]),
    ("编辑 Editor：李娜", "编辑 Editor", ["李娜 Li Na"]),
    ("摄影 Photo: 张涛 Zhang Tao", "摄影 Photo", ["张涛 Zhang Tao"]),
    ("撰稿/Writer: 赵汉青", "撰稿 Writer", ["赵汉青 Zhao Hanqing"]),
    ("Writer 撰稿: Zhao Hanqing", "撰稿 Writer", ["Zhao Hanqing"]),
    ("Editor／编辑：李娜", "编辑 Editor", ["李娜 Li Na"]),
    # names in both scripts are one person each, spelt as the line spells them
    ("编辑：赵六 Zhao Liu", "编辑 Editor", ["赵六 Zhao Liu"]),
    ("编辑：吕娜 Lu Na", "编辑 Editor", ["吕娜 Lu Na"]),
    ("Video: 何蒙贺 He Menghe", "视频 Video", ["何蒙贺 He Menghe"]),
    ("文案：赵汉青 Zhao Hanqing 杨佳欣 Yang Jiaxin", "文案 Script",
     ["赵汉青 Zhao Hanqing", "杨佳欣 Yang Jiaxin"]),
    ("文案：Zhao Hanqing 赵汉青、Yang Jiaxin 杨佳欣", "文案 Script",
     ["赵汉青 Zhao Hanqing", "杨佳欣 Yang Jiaxin"]),
])
def test_a_role_in_both_languages_and_names_in_both_scripts(line, role, names):
    """撰稿 Writer: Zhao Hanqing, 编辑 Editor：李娜 (a role given in both languages) and 编辑：赵六
    Zhao Liu (a name with its spelling) were read as headings: burned in as title cards, left
    out of the roll; Writer 撰稿 was one role, "Writer撰稿", shown in one language."""
    got = _credit_line(line)
    assert _shown(got) == [(role, names)]
    assert unknown_roles(got) == ()


@pytest.mark.parametrize("line, role, names", [
    ("撰稿 | Writer: 张三", "撰稿 Writer", ["张三 Zhang San"]),
    ("撰稿｜Writer：张三", "撰稿 Writer", ["张三 Zhang San"]),
    ("撰稿 Writer | 张三", "撰稿 Writer", ["张三 Zhang San"]),
    ("撰稿 | Writer | 张三", "撰稿 Writer", ["张三 Zhang San"]),
    ("编辑丨Editor丨李娜", "编辑 Editor", ["李娜 Li Na"]),
    ("Writer | 撰稿: Zhao Hanqing", "撰稿 Writer", ["Zhao Hanqing"]),
    # the line's own English, not the table's (文案 is Script there)
    ("文案 / Script: 赵汉青", "文案 Script", ["赵汉青 Zhao Hanqing"]),
    ("文案 / Copywriter: 赵汉青", "文案 Copywriter", ["赵汉青 Zhao Hanqing"]),
    ("文案 | Copywriter | 赵汉青", "文案 Copywriter", ["赵汉青 Zhao Hanqing"]),
])
def test_a_role_in_both_languages_parted_by_a_bar(line, role, names):
    """撰稿 | Writer: 张三 had been one Chinese role "撰稿|Writer" (shown so, with a warning), and
    撰稿 Writer | 张三 a heading: burned in as a title card, left out of the roll. The role is
    the line's, each language once."""
    got = _credit_line(line)
    assert _shown(got) == [(role, names)]
    assert unknown_roles(got) == ()


@pytest.mark.parametrize("line", [
    "文案 Script：赵汉青 Zhao Hanqing 视频 Video：何蒙贺 He Menghe",
    "文案 Script: 赵汉青 Zhao Hanqing 视频 Video: 何蒙贺 He Menghe",
    "文案：赵汉青 Zhao Hanqing 视频 Video：何蒙贺 He Menghe",
    "文案/Script：赵汉青 Zhao Hanqing 视频/Video：何蒙贺 He Menghe",
])
def test_two_credits_with_roles_in_both_languages_on_one_line(line):
    """文案 Script：赵汉青 Zhao Hanqing 视频 Video：何蒙贺 He Menghe (two roles given in both
    languages on one line) had been body text, said in the subtitles, and left out of the roll
    (as a credits block, one credit whose role was the whole line)."""
    got = _credit_line(line)
    assert _shown(got) == [("文案 Script", ["赵汉青 Zhao Hanqing"]),
                           ("视频 Video", ["何蒙贺 He Menghe"])]
    assert unknown_roles(got) == ()
    # (a Chinese name and a spelling after it, and no second role, are one credit)
    assert credit_parts("文案：赵汉青 Zhao Hanqing") == ["文案：赵汉青 Zhao Hanqing"]


@pytest.mark.parametrize("line", ["聚焦 Focus: 中原", "Focus 聚焦: Central Plains",
                                  "主题：中原 Central Plains"])
def test_a_label_in_both_languages_that_names_no_role_is_no_credit(line):
    assert _after_a_sentence(line)[1].role is not Role.CREDITS


@pytest.mark.parametrize("lines, name", [(["CGTN"], "中国国际电视台 CGTN"),
                                         (["中国日报", "China Daily"], "中国日报 China Daily")])
def test_an_outlet_signing_the_piece_above_its_credits_is_a_credit(lines, name):
    """"CGTN" alone on a line after the text, above the credits, had been a heading: burned in
    as a title card. It is the outlet signing the piece: a credit of its name, in both
    languages, with no role (none is said, and none is made up)."""
    text = "\n".join(["Exports doubled last year.", "去年出口翻了一番。", *lines, "文案：赵汉青"])
    blocks = parse_script(text + "\n").blocks
    assert [b.role for b in blocks] == [Role.BODY, Role.CREDITS, Role.CREDITS], blocks
    got = credits_of(blocks)
    assert _shown(got) == [
        ("", [name]), ("文案 Script", ["赵汉青 Zhao Hanqing"])]
    assert role_warnings(got) == ()
    events, _ = credit_events(blocks, LAYOUT, 0, roles={}, mode="card")
    assert [_plain(e) for e in events] == [name, "文案 Script", "赵汉青 Zhao Hanqing"]


def test_an_outlets_name_elsewhere_is_as_it_was():
    """(an outlet's name before the text, or after it with no credits beside it, is a heading)"""
    blocks = parse_script("CGTN\nExports doubled last year.\n去年出口翻了一番。\n文案：赵汉青\n").blocks
    assert blocks[0].role is Role.HEADING
    blocks = parse_script("Exports doubled last year.\n去年出口翻了一番。\nCGTN\n").blocks
    assert blocks[-1].role is not Role.CREDITS


def test_a_byline_of_two_roles_gives_each_its_credit():
    """本报记者 赵汉青 通讯员 杨佳欣 (a reporter and a correspondent, as Chinese papers sign a
    story) had been one credit of three reporters, one of them "通讯员 Tong Xunyuan"; the
    outlet of 新華社記者 stood in Traditional before a role in Simplified (新華社记者)."""
    assert _shown(_credit_line("本报记者 赵汉青 通讯员 杨佳欣 何蒙贺")) == [
        ("记者 Reporter", ["赵汉青 Zhao Hanqing"]),
        ("通讯员 Correspondent", ["杨佳欣 Yang Jiaxin", "何蒙贺 He Menghe"])]
    assert _credit_line("新華社記者 張濤 李明")[0].role_zh == "新華社記者"
    assert parse_credit("新華社記者 張濤").role_en == "Xinhua Reporter"


def test_a_chinese_credit_with_its_english_after_it_is_two_credits_not_a_title_card():
    """In an inline script written Chinese first, a credit line gives its English after its
    Chinese: 责任编辑：宋可 Editor: Song Ke and 视频：王磊 Video: Wang Lei were no credit, split
    into a heading of two languages and burned in as title cards; 文案：刘洋 陈静 Writers: Liu
    Yang, Chen Jing was read as 文案：刘洋 and a credit whose role was 陈静 ("陈静 Writers")."""
    assert credit_parts("文案：刘洋 陈静 Writers: Liu Yang, Chen Jing") == \
        ["文案：刘洋 陈静", "Writers: Liu Yang, Chen Jing"]
    assert credit_parts("责任编辑：宋可 Editor: Song Ke") == ["责任编辑：宋可", "Editor: Song Ke"]
    # (a role in both languages before the names is one credit, as before)
    assert credit_parts("文案 Script：赵汉青 Zhao Hanqing 视频 Video：何蒙贺 He Menghe") == \
        ["文案 Script：赵汉青 Zhao Hanqing", "视频 Video：何蒙贺 He Menghe"]
    script = ("2023年，郑州机场完成货邮吞吐量60.76万吨。In 2023, the airport handled 607,600 "
              "metric tons of cargo.\n文案：刘洋 陈静 Writers: Liu Yang, Chen Jing\n"
              "视频：王磊 Video: Wang Lei\n")
    blocks = parse_script(script).blocks
    assert [b.role for b in blocks[1:]] == [Role.CREDITS, Role.CREDITS]
    got = [(c.role_zh, c.role_en, [(n.zh, n.en) for n in c.names]) for c in credits_of(blocks)]
    assert got == [("文案", "Writers", [("刘洋", "Liu Yang"), ("陈静", "Chen Jing")]),
                   ("视频", "Video", [("王磊", "Wang Lei")])]
