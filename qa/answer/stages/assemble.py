"""Stage 6, assemble: the Answer record, from the judgement and the verified draft. A group the
corpus says nothing about gets its own line; when nothing survives (or nothing was answerable) the
answer is an honest refusal, listing the closest clauses when there was no draft at all."""

from __future__ import annotations

from qa.answer.citations import CheckedAnswer
from qa.answer.history import CURRENT, UNKNOWN_SINCE
from qa.answer.slot import Slot
from qa.answer.stages.records import GroupJudgement, Judgement
from qa.records import Answer, Hit

RELATED = 3  # a refusal lists this many closest clauses, marked as no answer
CAUTION = 0.5  # below this probability an answer is shown with a caveat
CAVEAT = "（把握较低：以上内容可能并未回答所问，请核对所引条款。）"


def refusal_text(question: str) -> str:
    topic = question.strip().rstrip("？?。！!")
    return f"现有文件中没有找到关于“{topic}”的规定。"


def _missing_line(judged: GroupJudgement, asked: Slot) -> str:
    """What the documents lack for one group: precisely, when the slot check says what it is."""
    if judged.fill is not None and not judged.fill.filled:
        return judged.fill.message(judged.group.slot or asked)
    return "现有文件中没有找到相关规定。"


def _refusal(judgement: Judgement) -> tuple[str, list[Hit]]:
    """A refusal's text and its related clauses: what each group lacks, and the closest clauses on
    the topic (the ones the slot check read first)."""
    understanding = judgement.evidence.understanding
    near = [g for g in judgement.groups if g.fill is not None and not g.fill.filled]
    if not near:
        return refusal_text(understanding.asked), judgement.evidence.hits[:RELATED]
    lines = [
        f"{g.group.label}：{_missing_line(g, understanding.slot)}"
        if g.group.label
        else _missing_line(g, understanding.slot)
        for g in judgement.groups
    ]
    topical = [g.fill.hit for g in near if g.fill.hit is not None]
    related = list({h.clause_id: h for h in reversed(topical + judgement.evidence.hits)}.values())[::-1]
    return "\n".join(dict.fromkeys(lines)), related[:RELATED]


class Assemble:
    def run(
        self, judgement: Judgement, checked: CheckedAnswer | None, generator: str, timings: dict[str, float]
    ) -> Answer:
        evidence = judgement.evidence
        understanding = evidence.understanding
        related: list = []
        claims: list = []
        if evidence.absence:  # asked about a place or year the corpus lacks: say what it has
            text, citations, report = evidence.absence, [], None
            related = evidence.hits[:RELATED]  # what a change changed: the 题注 that records it
        elif checked is None and evidence.searched:  # no document in scope states it
            text = f"{refusal_text(understanding.asked)}（共检索{evidence.searched}份文件。）"
            related, citations, report = evidence.hits[:RELATED], [], None
        elif checked is None:  # refused before drafting: the closest clauses, apart from the text
            text, related = _refusal(judgement)
            citations, report = [], None
        else:
            text = checked.text
            if evidence.searched:  # one line per document that states it, and how many
                stating = len({c.doc_id for c in checked.citations})  # were searched
                text = f"共检索{evidence.searched}份文件，其中{stating}份有相关规定：\n{text}"
            for missing in () if evidence.searched else judgement.missing:
                text += f"\n{missing.group.label}：{_missing_line(missing, understanding.slot)}"
            citations, report, claims = checked.citations, checked.report, checked.claims
            if not citations:  # the generator produced nothing the clauses support
                text = refusal_text(understanding.asked)
            cited = {c.clause_id for c in citations}
            uncited = {h.clause_id: h for h in evidence.hits if h.clause_id not in cited}  # once each
            related = list(uncited.values())[:RELATED]
        if citations and understanding.history and CURRENT in understanding.history.whats:
            text += "\n" + UNKNOWN_SINCE  # the newest text the library holds may not be in force
        if citations and judgement.confidence < CAUTION:  # answered, but the judge is unsure
            text += "\n" + CAVEAT
        for place in () if evidence.absence else evidence.outside:  # "株洲和衡阳比…": 衡阳 only
            text += f"\n{place}：现有文件中没有{place}的文件。"
        answer = Answer(
            question=understanding.question,
            answer=text.strip(),
            refused=not citations,
            generator=generator,
            citations=citations,
            retrieved=evidence.hits,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            scope=evidence.scope,
            # a point follow-up is understood as the clause it points to
            resolved_question=understanding.resolved or (evidence.scope if understanding.pointed else None),
            confidence=round(judgement.confidence, 3),
            claims=claims,
            related=related,
        )
        if report is not None:
            answer.check = report
        return answer
