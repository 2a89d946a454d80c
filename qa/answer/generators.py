"""Generators turn numbered evidence into a draft answer with [n] markers. Every draft then goes
through the same citation check (citations.py), whichever generator wrote it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from typing import Protocol

from qa.answer.evidence import weighted_coverage
from qa.answer.fill import stated_values
from qa.answer.metadata import stating_lines
from qa.answer.question import has_fact, yes_no_words
from qa.answer.text import sentences
from qa.corpus.patterns import SUBSECTION, without_article_number
from qa.errors import UnavailableError
from qa.records import Hit


class GeneratorError(UnavailableError):
    """A generator cannot answer: not configured, unreachable, timed out."""


@dataclass
class DraftRequest:
    question: str
    evidence: list[Hit]  # numbered from 1 in the prompt and in markers
    groups: list[
        tuple[str | None, list[int]]
    ]  # (label such as 衡阳, evidence indexes); one group if no comparison
    answer_type: str = "open"
    tokens: list[str] = field(default_factory=list)  # the question's content words
    idf: Callable[[str], float] = lambda token: 1.0
    fields: tuple[str, ...] = ()  # a question about the document itself (metadata.py): from its header
    shape: str = "single"  # list: one line per clause; yesno: yes or no first
    listed: bool = False  # a list of the items under a named heading: each line is an item's title
    confidence: float = 1.0  # the judge's probability that the evidence answers the question
    # a multi-part question: per group label, that part's content words and answer type
    parts: dict[str, tuple[list[str], str]] = field(default_factory=dict)
    # per group label, the clause, sentence and words that state the asked value (fill.py): the lead
    leads: dict[str | None, tuple[str, str, tuple[str, ...]]] = field(default_factory=dict)
    count: str = ""  # a count question: the unit it counts in (章, 条); the answer starts "共8章："
    # a regulation's history or effect, read off its fields (history.py): per group label, each
    # line in its clause's words with that clause's evidence index. Quoted as they are.
    statements: dict[str | None, list[tuple[str, int]]] = field(default_factory=dict)
    enumerated: bool = False  # the statements are an article's lead and its items: one a line
    penalty: bool = False  # "违反了会怎么处罚": a sentence that states a sanction says what is asked


class Generator(Protocol):
    name: str

    def draft(self, request: DraftRequest) -> str: ...

    def stream(self, request: DraftRequest) -> Iterator[str]: ...


YES_NO_CONFIDENCE = 0.5  # below it, a yes/no question gets the clauses without a yes or a no
HEADING_CHARS = 30  # a clause's first sentence this short is its heading: context for a value
TERSE_CHARS = 12  # a lead this short gets its clause's heading as context
CONTINUATION_CHARS = 20  # a sentence after a "；" this short goes on the one before it
OTHER_CLAUSE = 0.6  # a sentence of another clause joins an open answer only if it says this much
LONG_LIST = 12  # a count of more items than this lists its first LIST_HEAD and its last
LIST_HEAD = 3
# the numbering a heading's or item's title starts with: the locator already says it
_ITEM_NUMBER = re.compile(
    r"^(?:第[一二三四五六七八九十百零\d]+[章节条]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])\s*"
)
_FORBIDS = re.compile(r"不得|严禁|禁止|不准|不允许|不予|不再|取消")
_NUMBER_PREFIX = re.compile(r"^\d{1,3}[.、]\s*|^——")
# what a penalty is: the sanctions of a 法律责任 article
_SUBJECT_ONLY = re.compile(r"的[^，、的]{1,4}$")  # "累计男满三十年…教龄的教师": who, not what of them
_DANGLING = re.compile(r"对其|其|并处|可以并处")  # a piece that points back to who did what
_SANCTION = re.compile(
    r"罚款|处分|吊销|撤销|没收|拘留|警告|责令|取消|追究[^，。；]{0,8}责任|不得(?:再次)?(?:参加|申请|取得)"
)
_SEGMENT = re.compile(r"[^，；：]+")
_ORDER = re.compile(r"先|早|晚|最新|顺序")
# header lines shown per asked field: an issuer as a portal labels it and as the document names it
_SHOWN = {"issuer": 2}


@dataclass
class _Candidate:
    text: str
    index: int  # evidence index
    score: float
    coverage: float
    position: int  # sentence number within its clause


# a lead that announces the items after it (有下列情形之一的…：); each item is a （一）… SUBSECTION
_ANNOUNCES_ITEMS = re.compile(r"下列[^。；]{0,60}[：:]$|(?:如下|以下)[^，。；]{0,6}[：:]$")


def _labelled(label: str | None, body: str, own_line: bool) -> str:
    """A group's answer under its label: a place or document inline ("衡阳：…"), a part of a
    multi-part question (a question of its own) on a line of its own."""
    if not label:
        return body
    return f"{label}：\n{body}" if own_line else f"{label}：{body}"


def _stated_units(text: str) -> set[str]:
    return {unit for _, unit in stated_values(text)}


PARALLEL_CHARS = 6  # "…的家长学校每学期应当开展…" in both: one rule said for two subjects


def _in_common(a: str, b: str) -> int:
    """The length of the longest stretch two sentences share."""
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def _units(values: tuple[str, ...], text: str) -> set[str]:
    """The units the values found are stated in, read with the words after each in the text (a
    count found as "五千" is of 人 in "每五千人口")."""
    units = set()
    for value in values:
        at = text.find(value)
        units |= _stated_units(text[at : at + len(value) + 2] if at >= 0 else value) or _stated_units(value)
    return units


class ExtractiveGenerator:
    """Answers with the clauses' own sentences: faithful by construction, no LLM.

    The first sentence is the one that best matches the question's words (and, for a number,
    date or name question, contains such a fact; then only its fact-bearing phrase is kept), the
    next ones add context from the top clauses."""

    name = "extractive"

    def __init__(self, max_sentences: int = 3):
        self.max_sentences = max_sentences

    def _candidates(self, request: DraftRequest, indexes: list[int]) -> list[_Candidate]:
        found = []
        for rank, index in enumerate(indexes):
            for position, sentence in enumerate(sentences(request.evidence[index].text)):
                text = _NUMBER_PREFIX.sub("", sentence).strip()
                if len(text) < 4:
                    continue
                coverage = weighted_coverage(request.tokens, text, request.idf)
                fact = 0.3 if has_fact(text, request.answer_type) else 0.0
                if request.penalty and _SANCTION.search(text):
                    fact = 0.3  # 冒名顶替的处罚 is the 责令撤销入学资格, not the victim's 恢复入学资格
                found.append(_Candidate(text, index, coverage + fact + 0.2 / (rank + 1), coverage, position))
        return sorted(found, key=lambda c: -c.score)

    def _lead(self, request: DraftRequest, best: _Candidate) -> str:
        """For a fact question, the phrase of the best sentence that states the fact."""
        if request.answer_type == "open" or len(best.text) <= 50:
            return best.text
        segments = [s.strip() for s in _SEGMENT.findall(best.text.rstrip("。；！？")) if len(s.strip()) >= 6]
        factual = [s for s in segments if has_fact(s, request.answer_type)]
        if not factual:
            return best.text
        return max(factual, key=lambda s: weighted_coverage(request.tokens, s, request.idf))

    def _minimal(
        self, request: DraftRequest, indexes: list[int], lead: tuple[str, str, str]
    ) -> list[str] | None:
        """The sentence that states the asked value (found by the slot check), and at most one
        sentence of context from the same clause: its heading sentence, when the value is not in
        it. Other clauses are not padding: they are related, not cited. None when the clause is
        not among this group's evidence."""
        clause_id, passage, values = lead
        index = next((i for i in indexes if request.evidence[i].clause_id == clause_id), None)
        if index is None:
            return None
        candidates = self._candidates(request, [index])
        body = _NUMBER_PREFIX.sub("", passage).strip()
        best = next((c for c in candidates if c.text in body or body in c.text), None)
        if best is None:
            return None
        stating = self._stating(request, best.text, values) if values else None
        chosen = [(stating or self._lead(request, best), index)]
        before, after = self._sibling_sentences(candidates, best, values, request.tokens)
        chosen = [(c.text, index) for c in before] + chosen + [(c.text, index) for c in after]
        heading = next((c for c in candidates if c.position == 0), None)
        terse = len(chosen[0][0]) < TERSE_CHARS
        if terse and heading is not None and best.position > 0 and len(heading.text) <= HEADING_CHARS:
            chosen.append((heading.text, index))  # a bare figure says little: the clause's heading
        return [f"{text.rstrip('。；！？;')}[{i + 1}]。" for text, i in chosen]

    @staticmethod
    def _sibling_sentences(
        candidates: list[_Candidate], best: _Candidate, values: tuple[str, ...], asked: Sequence[str] = ()
    ) -> tuple[list[_Candidate], list[_Candidate]]:
        """The sentences before and after `best`, joined to it by "；", that state values in the unit
        of those found: "企业按…百分之一点五足额提取…；…的企业可以按照百分之二点五提取" is one
        answer, and so is "对驾驶人处2000元…罚款；对车辆所有人处8万元…罚款". So is the next or
        previous sentence stating one for another subject the question names (`asked`, its words):
        "中小学和幼儿园的家长学校每学期几次" is answered by "中小学的…两次以上。幼儿园的…三次以上"."""
        units = _units(values, best.text)
        by_position = {c.position: c for c in candidates if c.index == best.index}

        def states(candidate: _Candidate | None) -> bool:
            return candidate is not None and bool(units & _stated_units(candidate.text))

        def names_another(candidate: _Candidate | None) -> bool:
            """A parallel sentence (a long stretch in common) stating a value for an asked word."""
            return (
                states(candidate)
                and any(len(word) > 1 and word in candidate.text and word not in best.text for word in asked)
                and _in_common(candidate.text, best.text) >= PARALLEL_CHARS
            )

        if not best.text.endswith(("；", ";")) and names_another(
            following := by_position.get(best.position + 1)
        ):
            return [], [following]
        if names_another(previous := by_position.get(best.position - 1)) and not previous.text.endswith(
            ("；", ";")
        ):
            return [previous], []

        before: list[_Candidate] = []
        while (previous := by_position.get(best.position - len(before) - 1)) is not None:
            if not previous.text.endswith(("；", ";")) or not states(previous):
                break
            before.insert(0, previous)
        after, current = [], best
        while current.text.endswith(("；", ";")) and states(
            following := by_position.get(current.position + 1)
        ):
            after.append(following)
            current = following
        return before, after

    def _stating(self, request: DraftRequest, sentence: str, values: tuple[str, ...]) -> str | None:
        """The phrase of a long sentence that states a value: the comma-separated piece holding
        one (the one most about the question when several do) and the pieces beside it that state
        values too, with the piece before it when it is too short to say what the value is of."""
        if len(sentence) <= 50:
            return None
        body = sentence.rstrip("。；！？")
        spans = [m.span() for m in _SEGMENT.finditer(body) if m.group().strip()]
        pieces = [body[a:b].strip() for a, b in spans]
        holding = [i for i, p in enumerate(pieces) if any(v in p for v in values)]
        if not holding:
            return None
        best = max(holding, key=lambda i: weighted_coverage(request.tokens, pieces[i], request.idf))
        # a piece stating a value in the unit of the one found is its sibling too ("三千居民以上…
        # 配套建设幼儿园；五千居民以上…配套建设小学")
        units = _units(values, sentence)
        holding += [i for i, p in enumerate(pieces) if i not in holding and units & _stated_units(p)]
        # the pieces beside it that state values too are its siblings ("高速公路上…80公里，其他道路
        # 上…60公里"): a value is never cut away from the ones stated with it
        # (one piece between two that state values belongs to them: "处2000元…罚款，吊销其驾驶证；
        # 对车辆所有人处8万元…")
        first = last = best
        while first - 1 in holding or first - 2 in holding:
            first -= 1 if first - 1 in holding else 2
        while last + 1 in holding or last + 2 in holding:
            last += 1 if last + 1 in holding else 2
        if len(pieces[first]) < 8 and first > 0:
            first -= 1
        if _SUBJECT_ONLY.search(pieces[last]) and last + 1 < len(pieces):  # "…教龄的教师，退休后享受…"
            last += 1  # a value describing who: what is said of them follows
        if "罚" in pieces[best]:  # a fine comes with the sanctions said before it, for the same act:
            # "由…部门责令停止违法行为，并处1万元以上3万元以下罚款" (not "拒不改正的," a case of its own)
            while first > 0 and _SANCTION.search(pieces[first - 1]) and not pieces[first - 1].endswith("的"):
                first -= 1
            if _DANGLING.match(pieces[first]):  # "对其处以…罚款": whom and by whom are said before it
                first = 0
        return body[spans[first][0] : spans[last][1]].strip()

    def _group(self, request: DraftRequest, indexes: list[int], single: bool = True) -> list[str]:
        """The best sentence and up to two more that say what was asked; `single`: the answer's only
        group, whose other clauses stay related unless they say as much (a compared party's answer
        may gather its document's clauses)."""
        candidates = self._candidates(request, indexes)
        if not candidates:
            return []
        best = candidates[0]
        chosen = [(self._lead(request, best), best.index)]
        limit = 1 if request.answer_type != "open" else self.max_sentences - 1
        limit = min(limit + 1, self.max_sentences)
        for candidate in candidates[1:]:
            if len(chosen) >= limit:
                break
            if candidate.coverage < 0.3 or candidate.score < 0.5 * best.score:
                continue
            if (
                single
                and candidate.index != best.index
                and candidate.coverage < max(OTHER_CLAUSE, best.coverage)
            ):
                continue  # another clause says no more of what was asked: related, not padding
            if any(candidate.text in text or text in candidate.text for text, _ in chosen):
                continue
            chosen.append((candidate.text, candidate.index))
        if best.position == 0 and len(chosen) == 1:
            # The lead is only the clause's heading sentence ("“官方带娃”服务品质再升级"): say what it means.
            following = [c for c in candidates if c.index == best.index and c.position in (1, 2)]
            chosen += [(c.text, c.index) for c in sorted(following, key=lambda c: c.position)]
        chosen = self._continued(candidates, chosen)
        listed = {lead: self._items_of(candidates, *lead) for lead in chosen}
        in_lists = {(index, item) for (_, index), items in listed.items() for item in items}
        pieces = []
        for text, index in chosen:
            if (index, text) in in_lists:
                continue  # said in its order under the lead that announces it
            items = listed[(text, index)]
            if not items:
                pieces.append(f"{text.rstrip('。；！？;')}[{index + 1}]。")
                continue
            pieces += [
                f"{text.rstrip('：:')}[{index + 1}]：",
                *(f"\n{i.rstrip('。；！？;')}[{index + 1}]" for i in items),
            ]
            pieces.append("\n")
        return pieces[:-1] if pieces and pieces[-1] == "\n" else pieces

    @staticmethod
    def _items_of(candidates: list[_Candidate], text: str, index: int) -> list[str]:
        """The items after a lead that announces them ("按照下列顺序清偿："), in order; [] for any other
        sentence. The lead alone says there is a list, not what is in it."""
        if not _ANNOUNCES_ITEMS.search(text):
            return []
        current = next((c for c in candidates if c.index == index and c.text == text), None)
        if current is None:
            return []
        by_place = {c.position: c for c in candidates if c.index == index}
        items, position = [], current.position + 1
        while (item := by_place.get(position)) is not None and SUBSECTION.match(item.text):
            items.append(item.text)
            position += 1
        return items

    @staticmethod
    def _continued(candidates: list[_Candidate], chosen: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """A chosen sentence that ends in "；" keeps the short one after it: "…依法追究刑事责任；五年内不得
        重新取得机动车驾驶证" is one provision, cut in two by the sentence splitter."""
        by_place = {(c.index, c.position): c for c in candidates}
        at = {(c.index, c.text): c for c in candidates}
        result = []
        for text, index in chosen:
            result.append((text, index))
            current = at.get((index, text))
            following = by_place.get((index, current.position + 1)) if current else None
            if (
                current is not None
                and current.text.endswith(("；", ";"))
                and following is not None
                and len(following.text) <= CONTINUATION_CHARS
                and all(following.text != t for t, _ in chosen)
            ):
                result.append((following.text, index))
        return result

    def _header(self, request: DraftRequest) -> str:
        """One line of each header per asked field, the first that states it; several documents
        (their headers in order of issue) one line each."""
        lines = []
        for label, indexes in request.groups:
            header = request.evidence[indexes[0]].text
            stated = [
                line
                for field in request.fields
                for line in stating_lines(header, field)[: _SHOWN.get(field, 1)]
            ]
            body = "".join(f"{line.rstrip('。：:')}[{indexes[0] + 1}]。" for line in dict.fromkeys(stated))
            if body:
                lines.append(f"{label}：{body}" if label else body)
        if len(lines) >= 2 and _ORDER.search(request.question):  # the groups come oldest first
            lines.insert(0, "时间先后：")
        return "\n".join(lines)

    def _list(self, request: DraftRequest, indexes: list[int]) -> list[str]:
        """One line per clause with its locator: the item's title under a named heading, else the
        clause's sentence that best says what was asked. A count says how many first, and a long
        count shows its first and last items."""
        lines = []
        shown = indexes
        if request.count and len(indexes) > LONG_LIST:
            shown = indexes[:LIST_HEAD] + indexes[-1:]
        for index in shown:
            hit = request.evidence[index]
            if request.listed and hit.kind == "article":  # an article says its rule whole
                text = _ITEM_NUMBER.sub("", " ".join(hit.text.split()))
            elif request.listed:
                text = _ITEM_NUMBER.sub("", hit.title) or hit.title
            else:
                candidates = [
                    c for c in self._candidates(request, [index]) if c.position > 0 or len(c.text) > 20
                ] or self._candidates(request, [index])
                # the sentence that says most of what was asked (not the one holding a number)
                best = max(candidates, key=lambda c: (c.coverage, -c.position), default=None)
                items = self._items_of(candidates, best.text, index) if best else []
                if items and best is not None:  # a lead, with its items one a line
                    lead = without_article_number(best.text).rstrip("：:")
                    lines.append(f"{hit.locator} {lead}[{index + 1}]：")
                    lines += [f"{item.rstrip('。；！？;')}[{index + 1}]" for item in items]
                    continue
                text = _ITEM_NUMBER.sub("", best.text) if best else hit.title
            lines.append(f"{hit.locator} {text.rstrip('。；！？;')}[{index + 1}]。")
            if index != indexes[-1] and len(shown) < len(indexes) and index == shown[LIST_HEAD - 1]:
                lines.append("……")
        if request.count:
            lines.insert(0, f"共{len(indexes)}{request.count}：")
        return lines

    def _yes_no(self, request: DraftRequest, body: str) -> str:
        """Yes or no first, in the question's own verb: evidence that forbids (不得, 严禁) says no.
        Only when the judge is sure: a yes on doubtful evidence would be worse than none."""
        if request.confidence < YES_NO_CONFIDENCE:
            return body
        yes, no = yes_no_words(request.question)
        return f"{no if _FORBIDS.search(body) else yes}，{body}"

    def _whole(self, request: DraftRequest) -> str:
        """The clause itself, sentence by sentence: what "第二点具体是什么" asks to read."""
        parts = [_NUMBER_PREFIX.sub("", s).strip() for s in sentences(request.evidence[0].text)]
        return "".join(f"{p.rstrip('。；！？;')}[1]。" for p in parts if len(p) >= 4)

    def _statements(self, request: DraftRequest) -> str:
        """A history answer: each line its clause's words, cited; one line per compared document."""
        lines = []
        for label, _ in request.groups:
            said = request.statements.get(label, [])
            if request.enumerated:  # the lead, then one item a line
                body = "\n".join(
                    f"{text.rstrip('。；;：:')}{'：' if i == 0 else ''}[{index + 1}]"
                    for i, (text, index) in enumerate(said)
                )
            else:
                body = "".join(f"{text.rstrip('。；;')}[{index + 1}]。" for text, index in said)
            if body:
                lines.append(f"{label}：{body}" if label else body)
        return "\n".join(lines)

    def draft(self, request: DraftRequest) -> str:
        if request.statements:
            return self._statements(request)
        if request.fields:
            return self._header(request)
        if request.shape == "point":
            return self._whole(request)
        lines = []
        for label, indexes in request.groups:
            asked = request
            if label in request.parts:  # a part of a multi-part question: its own words and type
                tokens, kind = request.parts[label]
                asked = replace(request, tokens=tokens, answer_type=kind)
            if request.shape == "list":
                parts = self._list(asked, indexes)
            else:
                lead = request.leads.get(label)
                single = label is None or label in request.parts
                parts = (lead and self._minimal(asked, indexes, lead)) or self._group(asked, indexes, single)
            body = ("\n" if request.shape == "list" else "").join(parts)
            if body and request.shape == "yesno" and not label:
                body = self._yes_no(request, body)
            if body:
                lines.append(_labelled(label, body, label in request.parts))
        return "\n".join(lines)

    def stream(self, request: DraftRequest) -> Iterator[str]:
        yield self.draft(request)
