"""A regulation's anatomy, read once from its text into typed fields: its name, its history (the 题注:
通过, 批准, 修正, 修订, 公布 — each dated, by whom, which amendment, by which decision), when it takes
effect and what it repeals (the 题注 or the closing articles), and its level (法律, 行政法规,
地方性法规, 规章, 规范性文件, 工作要点, 规划).

No rule here knows a domain or a place by name: the shapes are those of the 题注 and the closing
articles, the same for a law on teachers as for one on air pollution. A work plan has no 题注, and
reads as a plan.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.corpus.patterns import ARTICLE, CHAPTER, CN_NUMERALS, cn_to_int
from qa.records import HistoryEvent

# The acts a 题注 records, in the order a text goes through them.
ADOPTED, APPROVED, AMENDED, REVISED, PROMULGATED, EFFECTIVE = "通过", "批准", "修正", "修订", "公布", "施行"
_ACT = re.compile(r"(通过|批准|修正|修订|公布|发布|施行)")
# acts that make a version of the text (施行 is when it applies, not a version)
VERSION_ACTS = (ADOPTED, APPROVED, AMENDED, REVISED, PROMULGATED)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ORDINAL = re.compile(rf"第([{CN_NUMERALS}]+)次(?:修正|修订)")
_DECISION = re.compile(r"《[^》]*?(?:《[^》]*》[^》]*?)*》|<[^>]*>")
_EFFECT = re.compile(
    r"自\s*(\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|公布之日|发布之日|印发之日|颁布之日)\s*起\s*施行"
)
_REPEALS = re.compile(r"((?:《[^》]+》[、，和及与]?)+)(?:\s*同时)?\s*(?:予以)?废止")
_TITLED = re.compile(r"《([^》]+)》")
# the start of a document's body: the 题注 ends before it
_BODY = re.compile(r"^(?:第[一二三四五六七八九十]+[章条节]|目\s*录|总\s*则|[一二三四五六七八九十]+、)")
_WRAPPED = re.compile(r"^[（(](.*)[）)]$")
_EDGES = re.compile(r"^[\s\u3000,，;；。]+|[\s\u3000,，;；。]+$")

LAW, ADMINISTRATIVE, LOCAL, RULES, NORMATIVE, WORK_POINTS, PLAN = (
    "法律",
    "行政法规",
    "地方性法规",
    "规章",
    "规范性文件",
    "工作要点",
    "规划",
)
_NATIONAL_CONGRESS = re.compile(r"(?<![省市区州盟县])(?:第[一二三四五六七八九十]+届)?全国人民代表大会")
_LOCAL_CONGRESS = re.compile(r"[省市区州盟县](?:第[一二三四五六七八九十]+届)?人民代表大会")
_STATE_COUNCIL = re.compile(r"国务院")
_GOVERNMENT_RULE = re.compile(
    r"人民政府令|人民政府第[\d一二三四五六七八九十百]+次常务会议|部令|委员会令|总局令|署令"
)
# what a title ends with says what it is; the last one wins (规划建设条例 is a 条例)
_TITLE_KINDS = (
    ("工作要点", WORK_POINTS),
    ("要点", WORK_POINTS),
    ("规划", PLAN),
    ("纲要", PLAN),
    ("通知", NORMATIVE),
    ("意见", NORMATIVE),
    ("方案", NORMATIVE),
    ("计划", NORMATIVE),
    ("决定", NORMATIVE),
)
_LAW_TITLE = re.compile(r"^中华人民共和国(.+(?:法|条例))$")
_IMPLEMENTING = re.compile(r"^(.+?)实施《(?:中华人民共和国)?(.+?)》(办法|细则|条例|规定)$")


@dataclass(frozen=True)
class Anatomy:
    """What a document's text says about itself, beyond its clauses."""

    title: str | None = None
    history: tuple[HistoryEvent, ...] = ()
    effective: str | None = None  # ISO date it takes effect
    repeals: tuple[str, ...] = ()  # titles of what it repealed
    level: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def adopted(self) -> str | None:
        """The date the text was first adopted (通过, else its first 公布)."""
        for act in (ADOPTED, PROMULGATED):
            dates = [e.date for e in self.history if e.act == act and e.date]
            if dates:
                return min(dates)
        return None

    @property
    def current(self) -> HistoryEvent | None:
        """The event that made the text as it is now: the latest that made a version."""
        versions = [e for e in self.history if e.act in VERSION_ACTS and e.date]
        return max(versions, key=lambda e: e.date) if versions else None


def _iso(match: re.Match) -> str:
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def _unwrapped(line: str) -> str:
    line = line.strip()
    match = _WRAPPED.match(line)
    return match.group(1).strip() if match else line


def is_note_line(line: str) -> bool:
    """A line of a 题注: dated acts (…会议通过, …第一次修正, 国务院令第617号公布, 自…起施行)."""
    text = _unwrapped(line)
    if not _DATE.search(text) and not _EFFECT.search(text):
        return False
    outside = _DECISION.sub("", text)  # a decision's name (《关于修改…的决定》) is no act of its own
    return bool(_ACT.search(outside)) and len(text) <= 400 and not ARTICLE.match(text)


def _balanced(text: str) -> str:
    """Without a bracket left open or closed at either end (a 题注 extracted without its "（", or a
    line of it cut from the next): "…第二次修正）" is "…第二次修正"."""
    opened = text.count("（") + text.count("(")
    closed = text.count("）") + text.count(")")
    if closed > opened and text.endswith(("）", ")")):
        return _EDGES.sub("", text[:-1])
    if opened > closed and text.startswith(("（", "(")):
        return _EDGES.sub("", text[1:])
    return text


def _event(segment: str) -> HistoryEvent | None:
    """One dated act of a 题注: "2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议
    《关于修改…的决定》第一次修正"."""
    text = _EDGES.sub("", segment)
    text = _EDGES.sub("", text.removesuffix("根据"))  # "…修订根据2021年…": 根据 is the next event's
    text = _balanced(text)
    date = _DATE.search(text)
    outside = _DECISION.sub("", text)
    acts = _ACT.findall(outside)
    if not acts:
        return None
    act = "公布" if acts[-1] == "发布" else acts[-1]
    if "修订通过" in outside:  # "国务院第161次常务会议修订通过": a revision, adopted
        act = REVISED
    if _EFFECT.search(text) and act == EFFECTIVE:
        return None  # 自…起施行: the effect, read apart
    decision = next((d for d in _DECISION.findall(text) if "决定" in d or "修改" in d or "废止" in d), "")
    body = text[date.end() :] if date else text
    body = _DECISION.sub("", body)
    body = re.split(r"通过的|通过|批准|修正|修订|公布|发布", body)[0]
    body = _EDGES.sub("", body.strip().removeprefix("根据"))
    body = re.sub(rf"第[{CN_NUMERALS}]+次$", "", body).strip()  # "…会议第一次修正": the ordinal is no body
    ordinal = _ORDINAL.search(outside)
    return HistoryEvent(
        act=act,
        date=_iso(date) if date else None,
        body=body,
        ordinal=cn_to_int(ordinal.group(1)) if ordinal else None,
        decision=decision,
        text=text,
    )


def read_history(note: str) -> tuple[HistoryEvent, ...]:
    """The events of a 题注, in their order (one per dated act; several may share a line)."""
    note = _unwrapped(note.replace("\n", " "))
    starts = [m.start() for m in _DATE.finditer(note)]
    events = []
    for begin, end in zip(starts, [*starts[1:], len(note)], strict=True):
        # "根据2009年…修正": the 根据 before a date belongs to its event
        if note[max(0, begin - 2) : begin] == "根据":
            begin -= 2
        if note[max(0, begin - 1) : begin] == "自":  # 自2023年1月1日起施行: the effect
            continue
        if event := _event(note[begin:end]):
            events.append(event)
    return tuple(events)


def _effect(note: str, closing: list[str], history: tuple[HistoryEvent, ...]) -> str | None:
    """When it takes effect: 自X起施行 in the 题注, else in the closing articles. "自公布之日起" is
    its 公布 date (else the date of its current version)."""
    for text in (note, *reversed(closing)):
        if match := _EFFECT.search(text):
            when = match.group(1)
            if date := _DATE.search(when):
                return _iso(date)
            published = [e.date for e in history if e.act == PROMULGATED and e.date]
            versions = [e.date for e in history if e.act in VERSION_ACTS and e.date]
            return max(published or versions) if (published or versions) else None
    return None


def _repeals(closing: list[str]) -> tuple[str, ...]:
    """The titles a closing sentence repeals: every 《…》 before its 废止, with words between them
    ("原教育部…颁布的《A》和…颁布的《B》同时废止")."""
    found: list[str] = []
    for line in closing:
        for sentence in re.findall(r"[^。；]+", line):
            if _REPEALS.search(sentence):
                found += _TITLED.findall(sentence[: sentence.rindex("废止")])
    return tuple(dict.fromkeys(found))


def level_of(title: str | None, history: tuple[HistoryEvent, ...], issuer: str | None = None) -> str | None:
    """法律, 行政法规, 地方性法规 or 规章 by who adopted or published it (the 题注), else by what the
    title says it is (a work plan, a plan, a notice); never by a word that merely occurs in it."""
    bodies = " ".join(f"{e.body} {e.decision if e.act in (AMENDED, REVISED) else ''}" for e in history)
    for event in history:  # the first adopting body decides: amending decisions may be another's
        body = event.body
        if _NATIONAL_CONGRESS.search(body):
            return LAW
        if _LOCAL_CONGRESS.search(body):
            return LOCAL
        if _GOVERNMENT_RULE.search(body):
            return RULES
        if _STATE_COUNCIL.search(body):
            return ADMINISTRATIVE
    if history and _STATE_COUNCIL.search(bodies):
        return ADMINISTRATIVE
    title = title or ""
    if _LAW_TITLE.match(title) and title.endswith("法"):
        return LAW
    if issuer and _GOVERNMENT_RULE.search(issuer):
        return RULES
    for ending, level in sorted(_TITLE_KINDS, key=lambda pair: -len(pair[0])):
        if title.endswith(ending):
            return level
    return None


def aliases_of(title: str | None) -> tuple[str, ...]:
    """The short names people use: 教师法 for 中华人民共和国教师法. An implementing regulation
    (X省实施《教师法》办法) is its own document, named by its place: never by the law's short name."""
    if not title:
        return ()
    if match := _IMPLEMENTING.match(title):
        place, law, kind = match.groups()
        return (f"{place}实施{law}{kind}",)
    if match := _LAW_TITLE.match(title):
        return (match.group(1),)
    return ()


def read_anatomy(text: str, title: str | None = None, issuer: str | None = None) -> Anatomy:
    """The anatomy of a document's text. `title`, when already known, is kept; else the first line,
    unless it is a 题注 line."""
    lines = [re.sub(r"^#+\s*", "", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line and not line.startswith("<!--")]
    if not lines:
        return Anatomy(title=title)
    first = lines[0]
    title = title or (first if not is_note_line(first) and len(first) <= 80 else None)
    start = 1 if lines and title == first else 0
    note_lines = []
    for line in lines[start : start + 12]:
        if _BODY.match(line) or CHAPTER.match(line):
            break
        if is_note_line(line):
            note_lines.append(line)
        elif note_lines:
            break
    note = " ".join(_unwrapped(line) for line in note_lines)
    history = read_history(note) if note else ()
    closing = lines[-6:]
    return Anatomy(
        title=title,
        history=history,
        effective=_effect(note, closing, history),
        repeals=_repeals(closing),
        level=level_of(title, history, issuer),
        aliases=aliases_of(title),
    )
