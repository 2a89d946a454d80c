"""Place names a question uses, whether or not the corpus has a document for them, so that "石家庄今年
招多少人" is told the corpus has no 石家庄 document instead of getting another city's figure.

The gazetteer is jieba's own dictionary (shipped in the package): its place-tagged entries that
name an administrative unit (…省/市/县/区/州), and the short forms of provinces and cities
(石家庄市 → 石家庄) when the short form is not an everyday word of its own (东方, 和平)."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

_SUFFIXES = "省市县区州"
# Only provinces and cities are named short (石家庄); a county's short form is often a word of its
# own (新建县, 龙门县), and 开发区 → 开发 certainly is.
_SHORTENED = "省市"
_PLACE_TAGS = {"ns", "nr", "nrt", None}  # a short form tagged otherwise is an everyday word
# Dictionary entries tagged as places that are kinds of place, not names (偏远地区, 文明城市).
_GENERIC_ENDINGS = (
    "地区",
    "城市",
    "县区",
    "市区",
    "城区",
    "山区",
    "景区",
    "社区",
    "新区",
    "园区",
    "老区",
    "特区",
)
# Not a place a document is written for: the whole country, or every place at once.
_NOT_LOCAL = {
    "中国",
    "全国",
    "中华",
    "中华人民共和国",
    "各省",
    "各市",
    "各县",
    "各区",
    "全省",
    "全市",
    "全区",
}
_lock = threading.Lock()

# China's provincial-level units and the suffix of their full names. A municipality (北京市) is
# also a city: documents and questions name it as one.
PROVINCIAL = {
    **dict.fromkeys(["北京", "天津", "上海", "重庆"], "市"),
    **dict.fromkeys(
        ["河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南"],
        "省",
    ),
    **dict.fromkeys(
        ["湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "台湾"], "省"
    ),
    "内蒙古": "自治区",
    "广西": "壮族自治区",
    "西藏": "自治区",
    "宁夏": "回族自治区",
    "新疆": "维吾尔自治区",
    "香港": "特别行政区",
    "澳门": "特别行政区",
}
MUNICIPALITIES = frozenset(name for name, suffix in PROVINCIAL.items() if suffix == "市")


@lru_cache(maxsize=1)
def gazetteer() -> frozenset[str]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    with _lock:
        jieba.posseg.dt.tokenizer.initialize()
        tags = jieba.posseg.dt.word_tag_tab
    admin = {
        w
        for w, t in tags.items()
        if t == "ns" and len(w) >= 3 and w[-1] in _SUFFIXES and not w.endswith(_GENERIC_ENDINGS)
    }
    short = {w[:-1] for w in admin if w[-1] in _SHORTENED and len(w) >= 3 and tags.get(w[:-1]) in _PLACE_TAGS}
    return frozenset((admin | short) - _NOT_LOCAL)


@lru_cache(maxsize=1)
def provinces() -> frozenset[str]:
    """Province and autonomous-region names, full and short (河南省, 河南; 广西壮族自治区, 广西): a
    province named beside a city is context ("安阳在河南排第几"), not a second place asked about."""
    names = {w for w in gazetteer() if w.endswith("省")}
    names |= {w[:-1] for w in names if w[:-1] in gazetteer()}
    regional = {name for name in PROVINCIAL if name not in MUNICIPALITIES}
    return frozenset(names | regional | {name + PROVINCIAL[name] for name in regional})


def province_forms(name: str) -> tuple[str, ...]:
    """The ways a text names a provincial-level unit: 山东 → (山东, 山东省); 广西 → (广西,
    广西壮族自治区, 广西自治区). Other names: themselves."""
    short = next((p for p in PROVINCIAL if name.startswith(p)), None)
    if short is None or short in MUNICIPALITIES:
        return (name,)
    return tuple(
        dict.fromkeys(
            [
                short,
                short + PROVINCIAL[short],
                short + "自治区" if PROVINCIAL[short].endswith("自治区") else short + PROVINCIAL[short],
            ]
        )
    )


def body_place(text: str, level: str) -> str | None:
    """The place of one level (区, 市, 县) the text names most often: the district of a plan
    headed only "区教体局2020年工作计划" that names 庐阳区 in its items."""
    counts = {name: text.count(name) for name in gazetteer() if name.endswith(level) and name in text}
    counts = {name: n for name, n in counts.items() if not any(name != o and name in o for o in counts)}
    return max(counts, key=lambda name: (counts[name], len(name)), default=None)


def named_places(tokens: list[str]) -> list[str]:
    """The place names among a question's tokens (jieba search-mode tokens), in order, longest
    first where one contains another (开封市 and 开封 are one mention)."""
    places = gazetteer()
    found = [t for t in dict.fromkeys(tokens) if t in places]
    return [p for p in found if not any(p != q and p in q for q in found)]
