"""Chinese surnames, for reading names in credits lines: the compound surnames (read as one word
when romanised: 欧阳修 is ``Ouyang Xiu``) and the commonest single ones (where two names written
with no space between them part: 赵汉青杨佳欣 is 赵汉青 and 杨佳欣).

Pure data and one pure function.
"""

from __future__ import annotations

import functools

from .textutil import to_simplified

# Compound surnames and their readings (the reading as a surname, not the characters' usual one).
COMPOUND_SURNAMES: dict[str, str] = {
    "欧阳": "Ouyang", "司马": "Sima", "上官": "Shangguan", "诸葛": "Zhuge", "东方": "Dongfang",
    "皇甫": "Huangfu", "令狐": "Linghu", "慕容": "Murong", "尉迟": "Yuchi", "长孙": "Zhangsun",
    "宇文": "Yuwen", "司徒": "Situ", "夏侯": "Xiahou", "公孙": "Gongsun", "端木": "Duanmu",
    "澹台": "Tantai", "公冶": "Gongye", "宗政": "Zongzheng", "濮阳": "Puyang", "淳于": "Chunyu",
    "单于": "Chanyu", "太叔": "Taishu", "申屠": "Shentu", "轩辕": "Xuanyuan", "钟离": "Zhongli",
    "闾丘": "Lüqiu", "南宫": "Nangong", "西门": "Ximen", "万俟": "Moqi", "司空": "Sikong",
    "呼延": "Huyan", "拓跋": "Tuoba", "百里": "Baili", "东郭": "Dongguo", "左丘": "Zuoqiu",
    "梁丘": "Liangqiu", "公羊": "Gongyang", "赫连": "Helian", "独孤": "Dugu", "第五": "Diwu",
    "羊舌": "Yangshe", "微生": "Weisheng", "乐正": "Yuezheng", "漆雕": "Qidiao",
    "壤驷": "Rangsi", "巫马": "Wuma", "亓官": "Qiguan", "司寇": "Sikou", "段干": "Duangan",
    "谷梁": "Guliang", "宰父": "Zaifu", "公良": "Gongliang", "东门": "Dongmen",
    "仲孙": "Zhongsun", "叔孙": "Shusun", "季孙": "Jisun", "鲜于": "Xianyu", "完颜": "Wanyan",
    "爱新觉罗": "Aixinjueluo",
}

# The commonest single surnames (those of the Ministry of Public Security's yearly list of the
# hundred commonest, about 85 % of the population, and the surnames with readings of their own),
# less those as common as the first character of a given name (文, 华, 方, 金, 明: 张伟文华 is no
# two names): where names written with no space between them are parted.
COMMON_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马胡朱郭何罗高林郑梁谢宋唐许邓冯韩曹曾彭萧肖蔡潘田董袁于余叶蒋"
    "杜苏魏程吕丁沈任姚卢傅钟姜崔谭廖范汪陆贾韦夏邱侯邹熊孟秦阎闫薛尹段雷黎史陶贺顾毛郝龚"
    "邵钱严赖覃洪莫孔汤向温康施牛樊葛邢齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳"
    "甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂苗盛曲翁冉骆蓝游辛靳管柴鲍喻祁蒲房滕屈饶解牟"
    "艾尤穆卓褚娄窦戚岑党宫费卜冷晏卫柏瞿桂佟臧闵苟邬卞姬仇栾隋刁桑郎甄虞敖巩佘查邝鞠"
    "荆乐冀郁胥栗楚鄢谌奚冼蔺区阚朴盖廉禹")


def split_run(run: str) -> list[str] | None:
    """Names written with no space between them, as their names: 赵汉青杨佳欣 -> [赵汉青, 杨佳欣],
    王芳李明 -> [王芳, 李明], 欧阳娜娜李明 -> [欧阳娜娜, 李明]; None for one name (赵汉青, 欧阳娜娜,
    陈李佳欣) or a run that parts no one way (Traditional characters are read in Simplified). Each name is two or three characters after a
    common surname (three or four after a compound one); the fewest names are taken, and a run
    that parts as few names in two ways is left whole."""
    if len(run) < 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in run):
        return None
    simple = to_simplified(run)  # (趙漢青楊佳欣 parts as 赵汉青杨佳欣, each name as written)
    if len(simple) != len(run) or any(simple.startswith(c) and len(run) <= len(c) + 2
                                      for c in COMPOUND_SURNAMES):
        return None  # (欧阳娜娜, 爱新觉罗恒: one name)
    ways = _ways(simple)
    if not ways:
        return None
    fewest = min(len(w) for w in ways)
    best = [w for w in ways if len(w) == fewest]
    if len(best) != 1 or fewest < 2:
        return None
    out, at = [], 0
    for name in best[0]:
        out.append(run[at:at + len(name)])
        at += len(name)
    return out


def one_name(run: str) -> bool:
    """Whether ``run`` is one person's Chinese name by its surname, as :func:`split_run` reads a
    name: two or three characters after a common surname, three or four after a compound one
    (王雪, 赵汉青, 欧阳娜娜; not 回顾, 精彩, 文化)."""
    simple = to_simplified(run)
    return len(simple) == len(run) and (simple,) in _ways(simple)


@functools.lru_cache(maxsize=256)
def _ways(run: str) -> tuple[tuple[str, ...], ...]:
    """Every way ``run`` parts into names (see :func:`split_run`)."""
    if not run:
        return ((),)
    out = []
    heads = [len(c) for c in COMPOUND_SURNAMES if run.startswith(c)]
    if run[0] in COMMON_SURNAMES:
        heads.append(1)
    for head in heads:
        for size in (head + 1, head + 2):
            if size <= len(run):
                out += [(run[:size],) + rest for rest in _ways(run[size:])]
    return tuple(out)
