"""Stage 6, assemble: the Answer record, from the judgement and the verified draft. A group the
corpus says nothing about gets its own line; when nothing survives (or nothing was answerable) the
answer is an honest refusal, listing the closest clauses when there was no draft at all."""

from __future__ import annotations

from qa.answer.citations import CheckedAnswer
from qa.answer.stages.records import Judgement
from qa.records import Answer

RELATED = 3  # a refusal lists this many closest clauses, marked as no answer
CAUTION = 0.5  # below this probability an answer is shown with a caveat
CAVEAT = "（把握较低：以上内容可能并未回答所问，请核对所引条款。）"


def refusal_text(question: str) -> str:
    topic = question.strip().rstrip("？?。！!")
    return f"现有文件中没有找到关于“{topic}”的规定。"


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
        elif checked is None:  # refused before drafting: the closest clauses, apart from the text
            text = refusal_text(understanding.asked)
            related = evidence.hits[:RELATED]
            citations, report = [], None
        else:
            text = checked.text
            for missing in judgement.missing:
                text += f"\n{missing.group.label}：现有文件中没有找到相关规定。"
            citations, report, claims = checked.citations, checked.report, checked.claims
            if not citations:  # the generator produced nothing the clauses support
                text = refusal_text(understanding.asked)
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
