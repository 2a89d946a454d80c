"""Questions a document's structure answers: a part named by its position ("最后一章", "第三部分")
or its topic ("讲教师队伍的那一部分") and what it holds, how many parts or items a document or
part has ("一共几章", "第五部分有几条"), and every clause that mentions something ("涉及卫生保健的
有哪几条"). The parser already knows the tree; these are read off it, not searched for."""

from __future__ import annotations

import re
from dataclasses import dataclass

PART, COUNT, MENTIONS = "part", "count", "mentions"
_NUMERAL = r"[一二三四五六七八九十百零两\d]+"
# the words a question names a part with, and what each names: the document's top-level parts,
# its chapters, sections within a chapter, or its numbered items
_LEVELS = {
    "章": "chapter",
    "部分": "top",
    "大部分": "top",
    "块": "top",
    "大块": "top",
    "方面": "top",
    "个方面": "top",
    "节": "section",
    "小节": "section",
    "条": "item",
    "项": "item",
    "点": "item",
}
_LEVEL_WORDS = "大部分|部分|大块|块|个方面|方面|章|小节|节|条|项|点"
_ORDINAL = re.compile(
    rf"(?:第(?P<n>{_NUMERAL})|(?P<last>最后|末尾|倒数第一)|(?P<first>开头|首))(?:一)?(?:个)?(?P<level>{_LEVEL_WORDS})"
)
_TOPIC = re.compile(
    rf"(?:讲|关于|说|管|写|谈|涉及|有关)(?P<topic>[^，。？?]{{2,30}}?)的(?:那|这)?(?:一)?(?:个)?(?P<level>{_LEVEL_WORDS.replace('|条|项|点', '')})"
)
_CONTENTS = re.compile(
    r"讲(?:了|的)?(?:什么|啥|些啥|哪些)|说(?:了|的)?(?:什么|啥)|有哪(?:几|些)|包括(?:哪|了哪|什么)|分(?:哪|了哪|为哪|成哪)|主要内容|都是什么|下面(?:有|分|包括)|包含|内容是什么|写了(?:什么|啥)|是什么内容"
    r"|列(?:了|出)?(?:哪|什么)|(?:哪些|什么|啥)(?:工作|内容|事|任务|要求|措施)"
)
_COUNT = re.compile(rf"(?<!哪)(?:几|多少)(?:个)?(?P<level>{_LEVEL_WORDS})")
_MENTIONS = re.compile(
    r"(?:涉及|提到|讲到|说到|写到|关于)(?P<a>[^，。？?]{2,16}?)的(?:有|是|都有|条款有|条款是)?(?:哪几条|哪些条|哪几项|哪几点)"
    r"|(?:哪几条|哪些条(?:款)?|哪几项|哪些地方|哪几处|哪些段落|哪里)(?:讲到|提到|涉及|说到|写到)(?:了)?(?P<b>[^，。？?]{2,16})"
    r"|(?:跟|和|与)(?P<c>[^，。？?]{2,16}?)(?:有关|相关)的(?:有|是|条款有)?(?:哪几条|哪些条|哪几项|哪些)"
)
# a time of day: 晚上几点, 几点到几点, 几点以后
_CLOCK = re.compile(
    r"(?:早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间|凌晨|第二天|次日)几点"
    r"|几点(?:钟|到|至|前|后|以前|以后|之前|之后|起|开始|半|之间)"
)
# a count of items is of the whole document when the question says so ("一共多少条", "条例有多少条")
_WHOLE = re.compile(r"一共|共|总共|总计|全文|条例|整份|这份文件")
_ITEMS = re.compile(r"哪几条|哪些条|几条|哪几项|哪些项")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "零": 0}


def ordinal(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 7 → 7 (up to 99)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class PartRef:
    """A part of a document as a question names it: by position (1-based, -1 the last) or by
    topic, at a level (top, chapter, section)."""

    level: str = "top"
    position: int | None = None
    topic: str = ""


@dataclass(frozen=True)
class StructureAsk:
    """What a structure question asks: the children of a part, a count (of `counted` units, in
    the part if one is named), or every clause mentioning `term`."""

    kind: str
    part: PartRef | None = None
    counted: str = ""  # count: top | chapter | section | item
    unit: str = ""  # the question's word for what is counted: 章, 条, 部分
    term: str = ""  # mentions: what the clauses must mention
    loose: bool = False  # the part is the question's other words: if no heading says them, the whole


def _part(question: str) -> PartRef | None:
    if match := _ORDINAL.search(question):
        level = _LEVELS[match.group("level")]
        if match.group("last"):
            position = -1
        elif match.group("first"):
            position = 1
        else:
            position = ordinal(match.group("n"))
        return PartRef(level, position) if position else None
    if match := _TOPIC.search(question):
        return PartRef(_LEVELS[match.group("level")], topic=match.group("topic"))
    return None


# "分了哪几大部分", "回顾成就分了哪几个方面": the parts of the document (or of the part the rest of
# the question names), listed
_DIVIDED = re.compile(r"(?:分了|分成|分为|包括|包含|有)?哪几(?:个|大)?(?P<level>部分|方面|块|章|节)")


def read_structure(question: str) -> StructureAsk | None:
    """The structure a question asks about, or None when it asks about content."""
    if match := _MENTIONS.search(question):
        term = next(g for g in match.groups() if g)
        return StructureAsk(MENTIONS, term=term.strip('“”"的了 '))
    part = _part(question)
    count = _COUNT.search(question)
    if count and count.group("level") == "节" and "章" not in question:
        count = None  # "一周排几节": class periods, not a document's sections
    if count and count.group("level") == "点" and _CLOCK.search(question):
        count = None  # "晚上几点到第二天几点": a time of day, not a document's points
    if count:
        unit = count.group("level")
        counted = _LEVELS[unit]
        if part is not None and part.level == counted and part.position is not None:
            part = None  # "第几章" is no part named
        if counted in ("top", "chapter", "section") or part is not None or _WHOLE.search(question):
            return StructureAsk(COUNT, part, counted, unit.removeprefix("个").removeprefix("大"))
    if part is not None and part.level != "item" and _CONTENTS.search(question):
        # "那一部分有哪几条": its numbered items; "讲了啥": whatever it holds
        return StructureAsk(PART, part, unit="条" if _ITEMS.search(question) else "")
    if part is None and (divided := _DIVIDED.search(question)):
        level, rest = divided.group("level"), question[: divided.start()].strip("，,、 ")
        counted = "section" if level == "节" else "top" if level != "章" else "chapter"
        within = PartRef("top", topic=rest) if rest else None
        return StructureAsk(COUNT, within, counted, level, loose=True)
    return None
