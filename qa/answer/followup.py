"""Turn an elliptical follow-up ("那衡阳呢？", "2023年呢") into a standalone question, using the
conversation's previous question."""

from __future__ import annotations

import re

from qa.answer.slot import read_slot

_ELLIPTIC = re.compile(
    r"^(?:那么|那|还有|再看看|换成)?\s*(?P<core>.{1,12}?)\s*(?:呢|的呢|怎么样|如何)?\s*[？?。.！!]*$"
)
_YEAR = re.compile(r"20\d{2}年?")


def is_followup(question: str) -> bool:
    q = question.strip()
    return len(q) <= 15 and (q.startswith(("那", "还有", "换成")) or q.rstrip("？?。 ").endswith("呢"))


# a year follow-up may name what of that year it asks about in generic words: "2023年的目标呢？"
_YEAR_CORE = re.compile(r"(20\d{2})年?(?:的)?(?:目标|情况|数字|数据|计划|要求|安排|任务)?")
_LEADING_THAT = re.compile(r"^(?:那么|那)")


def resolve(question: str, previous: str | None, place_names: set[str]) -> str | None:
    """The standalone question, or None when `question` is not a follow-up of `previous`."""
    if not previous:
        return None
    if not is_followup(question):
        return _with_previous_place(question, previous, place_names)
    match = _ELLIPTIC.match(question.strip())
    core = match.group("core") if match else question.strip()
    core = core.removesuffix("的").strip()
    if not core:
        return None
    if _ASKS.search(core) and read_slot(core).kind != read_slot(previous).kind:
        # "那开校车的司机年龄有啥限制？" after "…是啥时候开始执行的？" asks a question of its own
        # ("那小学和初中各几所？" after "…幼儿园有几所？" asks the same of other things)
        return _with_previous_place(question, previous, place_names)
    if year_core := _YEAR_CORE.fullmatch(core):
        year = year_core.group(1) + "年"
        return _YEAR.sub(year, previous, count=1) if _YEAR.search(previous) else year + previous
    mentioned = sorted((p for p in place_names if p in previous), key=len, reverse=True)
    if mentioned:
        resolved = previous
        for place in mentioned:
            resolved = resolved.replace(place, "\x00")
        return re.sub("\x00+", core, resolved, count=1).replace("\x00", "")
    return core + previous


# a follow-up that asks a question, and one that goes on about the previous one's document
_ASKS = re.compile(r"多少|几|什么|啥|哪|谁|怎么|怎样|如何|吗|是否|有没有|能否|可否|多大|多久|多长|何时")
_CONTINUES = re.compile(
    r"^(?:那么|那|还有)|它|其中|该(?:法|条例|办法|规定|文件|意见|通知)|(?:这|那)(?:部|份|个)(?:法|条例|办法|规定|文件)?"
)


def continues(question: str) -> bool:
    """Whether a question goes on about the previous question's document ("那它第一次修订以后又是
    谁批准的？", "那开校车的司机年龄有啥限制？"): asked without naming one, it is asked of that one."""
    return bool(_CONTINUES.search(question.strip()))


def _with_previous_place(question: str, previous: str, place_names: set[str]) -> str | None:
    """A question of its own that goes on from the previous one ("那给乡下老师住的周转房要建多少
    套？") is asked of the previous question's place, when it names none itself."""
    q = question.strip()
    if not _LEADING_THAT.match(q) or any(p in q for p in place_names):
        return None
    places = sorted((p for p in place_names if p in previous), key=len, reverse=True)
    places = [p for p in places if not any(p != o and p in o for o in places)]
    return "".join(places) + _LEADING_THAT.sub("", q) if places else None


_POINT = re.compile(r"^(?:那|那么)?\s*第\s*(?P<n>[一二三四五六七八九十两\d]{1,3})\s*(?:点|条|项|个)")
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def point_number(question: str) -> int | None:
    """N when the question asks about the N-th point of the previous answer ("第二点具体是什么？",
    "第3条呢"), else None. Only short questions: a long one is a question of its own."""
    q = question.strip()
    match = _POINT.match(q)
    if len(q) > 20 or not match:
        return None
    return _chinese_number(match.group("n"))


def _chinese_number(text: str) -> int | None:
    if text.isdigit():
        return int(text) or None
    if text == "十":
        return 10
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text) if len(text) == 1 else None
    high = _DIGITS.get(tens, 0) if tens else 1
    low = _DIGITS.get(units, 0) if units else 0
    if (tens and tens not in _DIGITS) or (units and units not in _DIGITS):
        return None
    return high * 10 + low
