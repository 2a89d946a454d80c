"""Stage 3, judge: for each group of evidence, whether the corpus answers the question, decided
from the retrieval evidence before any generator runs (a small model answers whatever it is
asked). The answerable groups become the generator's numbered evidence."""

from __future__ import annotations

from qa.answer.evidence import RefusalPolicy, measure
from qa.answer.generators import DraftRequest
from qa.answer.metadata import header_for
from qa.answer.stages.records import Evidence, EvidenceGroup, GroupJudgement, Judgement
from qa.records import Hit


class Judge:
    def __init__(self, policy: RefusalPolicy | None = None):
        self.policy = policy or RefusalPolicy()

    def run(self, evidence: Evidence) -> Judgement:
        kind = evidence.understanding.answer_type
        if evidence.absence:  # a place or year the corpus has no document for: nothing to judge
            return Judgement(evidence, [], None)
        # about the document itself: its header answers, when it states what is asked
        fields = evidence.understanding.fields
        if fields and (header := header_for(evidence.understanding.asked, fields, evidence.hits[:3])):
            return self._from_header(evidence, header, fields)
        judged = []
        for group in evidence.groups:
            strength = measure(evidence.tokens, group.hits, evidence.idf, kind)
            judged.append(GroupJudgement(group, strength, self.policy.answerable(strength)))
        answerable = [g for g in judged if g.answerable]
        if not answerable:
            return Judgement(evidence, judged, None)
        numbered, hits = [], []
        for judgement in answerable:
            numbered.append(
                (judgement.group.label, list(range(len(hits), len(hits) + len(judgement.group.hits))))
            )
            hits.extend(judgement.group.hits)
        request = DraftRequest(
            evidence.understanding.asked, hits, numbered, kind, evidence.tokens, evidence.idf
        )
        return Judgement(evidence, judged, request)

    def _from_header(self, evidence: Evidence, header: Hit, fields: tuple[str, ...]) -> Judgement:
        understanding = evidence.understanding
        strength = measure(evidence.tokens, [header], evidence.idf, understanding.answer_type)
        group = GroupJudgement(EvidenceGroup(None, [header]), strength, True)
        request = DraftRequest(
            understanding.asked,
            [header],
            [(None, [0])],
            understanding.answer_type,
            evidence.tokens,
            evidence.idf,
            fields=fields,
        )
        return Judgement(evidence, [group], request)
