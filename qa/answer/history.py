"""Questions about a regulation's history and effect, answered from its typed fields (the anatomy
read at ingest: DocumentMeta.history, effective, repeals), not from the header's raw text.

"义务教育法是哪年通过的" → its 通过 event; "最近一次修正是哪年" → its latest 修正 or 修订; "修改过几次"
→ every amendment, counted; "什么时候开始施行" → its effect; "废止了什么" → what its closing article
repealed; "哪次会议批准的" → its 批准 event. Each statement is the 题注's (or the closing article's)
own words, so it is cited to the clause that says it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.corpus.patterns import without_article_number, years_named
from qa.records import DocumentMeta, HistoryEvent

ADOPTED, APPROVED, AMENDED, REVISED, PROMULGATED = "通过", "批准", "修正", "修订", "公布"
CHANGES = "changes"  # what a change changed: the 题注 says only that it happened
CURRENT = "current"  # whether this text is the one in force
# when an act was done; "多长时间内可以修改" asks a duration, not a date
_WHEN = r"(?:哪年|哪一年|几几年|哪天|哪一天|什么时候|何时|啥时候|(?<!长)时间|日期|几月几[号日]|哪个月)"
_WHO = r"(?:谁|哪个|哪一?级|什么(?:机关|部门|单位)|自己|直接)"
_NTH = re.compile(r"第([二三四五六七八九十])次(修改|修正|修订)")
NO_SUCH = "没有第"  # how the answer to a change the 题注 does not record begins
_ORDINALS = "一二三四五六七八九十"
_ASKS: tuple[tuple[str, re.Pattern], ...] = (
    (  # what a change changed: the 题注 records that it happened, never what it changed
        CHANGES,
        re.compile(
            r"(?:修改|修正|修订|改|动)(?:了|过|的是|的)?(?:哪些|什么|哪几|哪一?条|啥)(?!时候)"
            r"|(?:哪些|什么|哪几处|哪几条)(?:修改|修正|修订|变化|改动)"
            r"|(?:增加|新增|增设|删除|删掉|删去|去掉|加)了?(?:哪些|什么|啥)"
            r"|(?:修改|修正|修订)(?:的|后的?)?(?:内容|条款|地方|变化|要点)|改动|变化了?(?:哪些|什么)"
        ),
    ),
    (
        "count",
        re.compile(
            r"(?:修改|修正|修订|改|动)(?:过|了)?(?:几|多少)(?:次|回)|(?:几|多少)次(?:修改|修正|修订)"
            r"|(?:修改|修正|修订|改|动)过(?:没有|吗|没)|有没有(?:修改|修正|修订|改)"
        ),
    ),
    (  # is this text the one in force: "2020年版的未保法还有效吗", "是现行的吗"
        CURRENT,
        re.compile(
            r"现行(?:的|版本|文本)?(?:吗|么|不|没有)|是不是现行|是否(?:为|是)?现行|(?:是|为)最新(?:的)?(?:版本|文本)?(?:吗|么)"
            r"|是不是最新|还有效吗|还管用吗|还适用吗|还在用吗|过时了吗|失效了吗|作废了吗|还能用吗|还算数吗"
            r"|现行有效|是否(?:仍然|还)?有效|(?:仍然|仍|现在)有效(?:的)?(?:吗|么)|是有效的吗"
        ),
    ),
    ("repealed", re.compile(r"废止|废除|作废|废了|被废|顶替|取代|替代|代替|还有效吗|还管用吗|失效")),
    (
        "effective",
        re.compile(
            # "施行前已经在用的…多长时间内" asks about the text, with its effect as the time it counts from
            r"施行(?!前|后|以前|以后|以来|之前|之后|之日)|生效|开始(?:执行|实行|实施|施行|生效)|起(?:执行|实行)"
            r"|实施(?:日期|时间)|什么时候(?:起|开始)?(?:执行|实行)"
        ),
    ),
    (
        "latest",
        re.compile(
            r"(?:最近|最新|最后)一?(?:次|回)?(?:修改|修正|修订|改|更新|动)|现行(?:的|版本|文本)?是?(?:哪|什么时候|何时)"
            r"|(?:现在|目前)(?:的|这个)?版本|(?:现在|目前)[^，。？?]{0,8}(?:哪个|哪一个|哪一|什么)版本?"
        ),
    ),
    ("first_amendment", re.compile(r"第一次(?:修改|修正)")),
    ("nth", _NTH),  # 第二次修正, 第三次修订: that one, or that the 题注 records no such change
    ("revised", re.compile(rf"修订.{{0,6}}{_WHEN}|{_WHEN}.{{0,6}}修订")),
    (
        "amended",
        re.compile(rf"(?:修正|修改).{{0,6}}{_WHEN}|{_WHEN}.{{0,8}}(?:修正|修改)|怎么(?:修正|修改)的"),
    ),
    # who made it: "是国务院直接发布的吗", "谁制定的" (every act that made it, in order)
    ("issuer", re.compile(rf"{_WHO}[^，。？?]{{0,8}}(?:发布|公布|颁布|制定|出台|定的)")),
    ("approved", re.compile(r"批准|批的|批了|批复|省里批|报批|要批|批吗")),
    ("promulgated", re.compile(rf"(?:公布|颁布|发布).{{0,6}}{_WHEN}|{_WHEN}.{{0,8}}(?:公布|颁布|发布)")),
    (
        "adopted",
        re.compile(
            rf"(?:通过|出台|制定|立法|审议).{{0,6}}{_WHEN}|{_WHEN}.{{0,8}}(?:通过|出台|制定|定的|立的)"
            r"|哪次会议|哪个会议|第几次会议|哪一届|哪届"
            rf"|{_WHO}[^，。？?]{{0,8}}通过"  # "是深圳自己人大通过的"
        ),
    ),
)
_PREDECESSOR = re.compile(r"以前|之前|原来|原先|过去|老的|老规定|老办法|旧的|旧规定|那个老|前一部")
# the asks a question's other words already answer: the latest change counts the changes too
# (what a change changed is answered with the change it asks about, its date and body included)
_IMPLIED = {
    CHANGES: ("latest", "amended", "revised", "first_amendment"),
    "count": ("latest", "amended", "revised"),
    "nth": ("latest", "amended", "revised"),
    "issuer": ("approved", "promulgated", "adopted"),
}

# a question about a document's history names the document (or points at it): "义务教育法…",
# "这个条例…", "青岛那个学前教育的规定…"; "学校什么时候开始执行新标准" asks about content
_DOCUMENT = re.compile(r"法(?!律责任|人|院|官)|条例|规定|办法|细则|法规|规章|决定|文件|这部|那部|该|本")


def names_a_document(question: str) -> bool:
    return bool(_DOCUMENT.search(question))


@dataclass(frozen=True)
class HistoryAsk:
    """What a question asks of a document's history, in the order it asks: changes, count,
    repealed, effective, latest, first_amendment, revised, amended, issuer, approved, promulgated,
    adopted; and the years it names (which change "2021年那次修正" is)."""

    whats: tuple[str, ...]
    years: tuple[int, ...] = ()
    nth: tuple[int, str] = (0, "")  # 第二次修正 → (2, 修正)

    @property
    def what(self) -> str:
        return self.whats[0]


# history words that pick out the document asked about, not ask about it: "1989年国务院批准的那部
# 幼儿园管理条例里，…哪些问题…"
_IDENTIFYING = re.compile(
    r"[^，。？?；]{0,20}?(?:批准|通过|公布|颁布|发布|修订|修正|修改|制定|出台)(?:后)?的(?:那|这)?[部个份]?"
    r"[^，。？?；]{0,20}?(?:条例|法|办法|规定|细则|决定)(?=[里中是，,]|规定|对|关于)"
)


def read_history_ask(question: str) -> HistoryAsk | None:
    """Everything a question asks of a document's history ("哪年通过的？后来怎么修正的？" asks
    both), in the order it asks it, or None (a question about the content)."""
    question = _IDENTIFYING.sub(lambda m: "\x00" * len(m.group()), question)
    found = [(match.start(), what) for what, pattern in _ASKS if (match := pattern.search(question))]
    whats = [what for _, what in sorted(found)]
    if CURRENT in whats and "repealed" in whats:
        # "以前那个老规定还有效吗" asks what this one repealed; "2020年版的还有效吗" asks about itself
        whats.remove(CURRENT if _PREDECESSOR.search(question) else "repealed")
    for asked, implied in _IMPLIED.items():
        if asked in whats:
            whats = [w for w in whats if w not in implied]
    if not whats:
        return None
    nth = _NTH.search(question)
    ordinal = (
        (_ORDINALS.index(nth.group(1)) + 1, REVISED if nth.group(2) == REVISED else AMENDED)
        if nth
        else (0, "")
    )
    return HistoryAsk(tuple(dict.fromkeys(whats)), years_named(question), ordinal)


@dataclass(frozen=True)
class Statement:
    """One line of a history answer, in the words of the clause that says it, and that clause."""

    text: str
    clause_id: str


def _events(meta: DocumentMeta, *acts: str) -> list[HistoryEvent]:
    return [e for e in meta.history if e.act in acts and e.date]


def _date_words(iso: str) -> str:
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def _squeezed(text: str) -> str:
    """Without spaces, in full-width brackets: the 题注 and titles are printed either way."""
    return re.sub(r"[\s\u3000]+", "", text).replace("(", "（").replace(")", "）")


_SENTENCE = re.compile(r"[^。；]+[。；]?")


def _sentence_with(clauses: list[tuple[str, str]], *needles: str, last: bool = False) -> Statement | None:
    """The sentence of the document (its first, or `last`, clause that has one) holding every
    needle, spaces ignored (the 题注 is printed with and without them), without its article's
    number (the locator says it)."""
    ordered = list(reversed(clauses)) if last else clauses
    for clause_id, text in ordered:
        for sentence in _SENTENCE.findall(text):
            if all(_squeezed(n) in _squeezed(sentence) for n in needles):
                return Statement(without_article_number(sentence).rstrip("。；"), clause_id)
    return None


def _said(clauses: list[tuple[str, str]], event: HistoryEvent) -> Statement | None:
    """An event of the 题注 in the words of the clause that prints it (header or preamble), which
    repair may have spaced differently from the text the anatomy read."""
    wanted = _squeezed(event.text)
    pattern = re.compile(r"[\s\u3000]*".join(re.escape(char) for char in wanted))
    for clause_id, text in clauses:
        if match := pattern.search(text):
            return Statement(match.group(0), clause_id)
    return None


def answer_history(
    meta: DocumentMeta,
    clauses: list[tuple[str, str]],
    ask: HistoryAsk,
    newer: tuple[DocumentMeta, list[tuple[str, str]]] | None = None,
) -> list[Statement] | None:
    """Every line that answers what `ask` asks, in its order, each once; None when the document has
    no history at all. `newer`: a newer text of the same regulation the library holds."""
    if not meta.history and not meta.effective:
        return None
    lines: list[Statement] = []
    for what in ask.whats:
        said = (
            answer_current(meta, clauses, newer)
            if what == CURRENT
            else _answer_nth(meta, clauses, *ask.nth)
            if what == "nth"
            else _answer_one(meta, clauses, what, ask.years)
        )
        lines += [s for s in said if s not in lines]
    return lines


UNKNOWN_SINCE = "（此后是否又有修改或废止，文件本身无法说明。）"


def answer_current(
    meta: DocumentMeta,
    clauses: list[tuple[str, str]],
    newer: tuple[DocumentMeta, list[tuple[str, str]]] | None = None,
) -> list[Statement]:
    """Whether a text is the one in force, as far as the library can tell: not, when it holds a
    newer text of the same regulation (its latest change, cited there); else this is the newest
    text it holds, with its latest change. The text itself cannot say whether it was changed or
    repealed since: the answer says so (UNKNOWN_SINCE, beside the cited lines)."""
    if newer is not None:
        newer_meta, newer_clauses = newer
        said = _answer_one(newer_meta, newer_clauses, "latest")
        if said:
            return [Statement(f"不是现行文本，库中有更新的文本：{said[0].text}", said[0].clause_id)]
    said = _answer_one(meta, clauses, "latest")
    if not said:
        return []
    return [Statement(f"库中这是最新的文本：{said[0].text}", said[0].clause_id)]


def unsaid_changes(said: dict[str | None, list[Statement]], older: dict[str | None, int]) -> str:
    """What a "改了哪些内容" answer can honestly say: the change the 题注 records, and that the
    text does not say what it changed (a 修正 is made by a separate decision the library does not
    hold); where the library keeps an earlier text too (`older`: its year), that it can be read
    beside this one."""
    lines = []
    for label, statements in said.items():
        events = "；".join(s.text for s in statements)
        line = f"文件只记载了“{events}”，没有写明这次改了哪些内容。"
        if label in older:
            line += f"库中另有它{older[label]}年的文本，可对照两版条文。"
        lines.append(f"{label}：{line}" if label else line)
    return "\n".join(lines)


def _answer_nth(
    meta: DocumentMeta, clauses: list[tuple[str, str]], ordinal: int, act: str
) -> list[Statement]:
    """The `ordinal`-th change of its kind (第二次修正), by its own ordinal or, unnumbered, by date;
    when the 题注 records fewer, it says so with those it does record (a second amendment that never
    happened is not answered with the first)."""
    events = sorted(_events(meta, act), key=lambda e: e.date)
    chosen = [e for e in events if e.ordinal == ordinal] or (
        [events[ordinal - 1]] if len(events) >= ordinal and all(e.ordinal is None for e in events) else []
    )
    if chosen:
        return [s for s in (_said(clauses, e) for e in chosen) if s is not None]
    none = f"{NO_SUCH}{_ORDINALS[ordinal - 1]}次{act}"
    said = [s for s in (_said(clauses, e) for e in events) if s is not None]
    if said:
        return [Statement(f"{none}，只{act}过{len(said)}次：{said[0].text}", said[0].clause_id), *said[1:]]
    made = [s for s in (_said(clauses, e) for e in _events(meta, ADOPTED, PROMULGATED)) if s]
    return [Statement(f"{none}，未经{act}：{made[0].text}", made[0].clause_id)] if made else []


def _answer_one(
    meta: DocumentMeta, clauses: list[tuple[str, str]], what: str, years: tuple[int, ...] = ()
) -> list[Statement]:
    """The lines that answer one ask from the document's fields, each cited to the clause that says
    it (`clauses`: the document's (clause_id, text) in reading order); [] when the document states
    no such event."""
    if what == CHANGES:  # the change asked about: of the year named, else the latest
        changed = _events(meta, AMENDED, REVISED)
        if years:
            changed = [e for e in changed if int(e.date[:4]) in years]
        chosen = changed if years else sorted(changed, key=lambda e: e.date)[-1:]
        return [s for s in (_said(clauses, e) for e in chosen) if s is not None]
    if what == "effective":
        if not meta.effective:
            return []
        said = _sentence_with(clauses, _date_words(meta.effective), "施行", last=True)
        if said is None:  # 自公布之日起施行: the clause says so, the 公布 line says when
            said = _sentence_with(clauses, "之日起施行", last=True)
            published = [_said(clauses, e) for e in _events(meta, PROMULGATED)]
            return [s for s in [said, *published[-1:]] if s is not None]
        return [said]
    if what == "repealed":
        found = [_sentence_with(clauses, f"《{title}》", "废止", last=True) for title in meta.repeals]
        found = list(dict.fromkeys(s for s in found if s is not None))
        if any("同时废止" in s.text for s in found):  # repealed the day it took effect: say when
            found = [*_answer_one(meta, clauses, "effective"), *found]
        return found
    if what == "count":
        events = sorted(_events(meta, AMENDED, REVISED), key=lambda e: e.date)
        said = [s for s in (_said(clauses, e) for e in events) if s is not None]
        if not said:
            first = [s for s in (_said(clauses, e) for e in _events(meta, ADOPTED, PROMULGATED)) if s]
            return [Statement(f"未经修正或修订：{first[0].text}", first[0].clause_id)] if first else []
        amended = sum(1 for e in events if e.act == AMENDED)
        revised = len(events) - amended
        counted = "、".join(
            c for c in (f"修正{amended}次" if amended else "", f"修订{revised}次" if revised else "") if c
        )
        return [Statement(f"共{counted}：{said[0].text}", said[0].clause_id), *said[1:]]
    if what == "latest":
        changed = _events(meta, AMENDED, REVISED) or _events(meta, ADOPTED, APPROVED, PROMULGATED)
        chosen = [max(changed, key=lambda e: e.date)] if changed else []
    else:
        chosen = {
            "first_amendment": [e for e in _events(meta, AMENDED) if e.ordinal in (None, 1)][:1],
            "revised": _events(meta, REVISED),
            "amended": _events(meta, AMENDED)
            or _events(meta, REVISED),  # 哪年修改的: a revision changes it too
            "approved": _events(meta, APPROVED),
            # who adopted, approved and issued it, in the order it happened
            "issuer": sorted(_events(meta, ADOPTED, APPROVED, PROMULGATED), key=lambda e: e.date),
            "promulgated": _events(meta, PROMULGATED),
            "adopted": _events(meta, ADOPTED) or _events(meta, PROMULGATED)[:1],
        }[what]
    return [s for s in (_said(clauses, e) for e in chosen) if s is not None]
