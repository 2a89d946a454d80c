"""Stage 3, judge: for each group of evidence, whether the corpus answers the question, decided
from the retrieval evidence before any generator runs (a small model answers whatever it is
asked). The answerable groups become the generator's numbered evidence."""

from __future__ import annotations

from dataclasses import replace

from qa.answer.answerability import MODEL_FILE, AnswerabilityModel, AnswerabilityPolicy
from qa.answer.evidence import RefusalPolicy, measure, weighted_coverage
from qa.answer.fill import Fill
from qa.answer.fill import check as check_fill
from qa.answer.generators import DraftRequest
from qa.answer.metadata import header_for
from qa.answer.question import answer_type
from qa.answer.slot import DATE, QUANTITY, Slot
from qa.answer.stages.records import Evidence, EvidenceGroup, GroupJudgement, Judgement
from qa.answer.structure import COUNT, MENTIONS
from qa.records import Hit

LIST_TOP = 2  # a list always shows its best clauses …


def _mentions(evidence: Evidence) -> bool:
    """A list of every clause mentioning a term: each line says what its clause says of it."""
    structure = evidence.understanding.structure
    return structure is not None and structure.kind == MENTIONS


def _counted(evidence: Evidence) -> str:
    """The unit a count question counts in (章, 条, 部分), for "共8章：" ("" for other questions)."""
    structure = evidence.understanding.structure
    return structure.unit if structure is not None and structure.kind == COUNT else ""


def _document(evidence: Evidence, group: EvidenceGroup) -> list[Hit]:
    """The chosen document's clauses most on the topic: the group's own, else the question's."""
    return group.document_clauses if group.document_clauses is not None else evidence.document_clauses


def _said_by(part: str | None, asked: str) -> str:
    """The words a part is asked in: the question up to the part's end, since a later part leaves
    out its subject ("专职督学一届任期几年？最多能连任几届？" asks the second of 专职督学 too)."""
    if not part:
        return asked
    end = asked.find(part)
    return asked[: end + len(part)] if end >= 0 else part


def _leads(judged: GroupJudgement, asked: Slot) -> bool:
    """A group whose answer leads with the sentence that filled a value slot."""
    fill, slot = judged.fill, judged.group.slot or asked
    return fill is not None and fill.hit is not None and bool(fill.passage) and slot.wants_value


def _statements(evidence: Evidence, hits: list[Hit]) -> dict[str | None, list[tuple[str, int]]]:
    """The history lines read off the documents' fields, each with its clause's evidence index."""
    index = {hit.clause_id: i for i, hit in reversed(list(enumerate(hits)))}
    return {
        label: [(s.text, index[s.clause_id]) for s in said if s.clause_id in index]
        for label, said in evidence.statements.items()
    }


WHOLE_DOCUMENT_COVERAGE = 0.6  # a value found beyond the top clauses: its passage's share of the words
LIST_COVERAGE = 0.5  # … and every further one holding at least half the question's word weight


def default_policy() -> AnswerabilityPolicy:
    """The fitted model when installed (eval/fit_answerability.py writes it), else the hand rules."""
    return AnswerabilityModel.load() if MODEL_FILE.is_file() else RefusalPolicy()


class Judge:
    def __init__(self, policy: AnswerabilityPolicy | None = None):
        self.policy = policy or default_policy()

    def run(self, evidence: Evidence) -> Judgement:
        kind = evidence.understanding.answer_type
        if evidence.absence:  # a place or year the corpus has no document for: nothing to judge
            return Judgement(evidence, [], None)
        # about the document itself: its header answers, when it states what is asked
        fields = evidence.understanding.fields
        if fields and not evidence.statements and (headers := self._headers(evidence, fields)):
            return self._from_headers(evidence, headers, fields)
        judged = []
        asked = evidence.understanding.asked
        for group in evidence.groups:
            tokens = group.tokens if group.tokens is not None else evidence.tokens
            part_kind = answer_type(group.part) if group.part else kind
            strength = measure(tokens, group.hits, evidence.idf, part_kind, question=group.part or asked)
            if group.by_structure:  # the items under the heading it names: found by form
                judged.append(GroupJudgement(group, strength, True, 1.0))
                continue
            fill = self._fill(evidence, group, tokens)
            slot = group.slot or evidence.understanding.slot
            document = _document(evidence, group)
            if not fill.filled and fill.reason == "value" and slot.kind in (QUANTITY, DATE) and document:
                # "文件没有给出…" must be true of the document: read the rest of it before saying so;
                # a value found there counts only in a passage holding most of the question's words
                whole = replace(group, hits=document)
                found = self._fill(evidence, whole, tokens)
                if (
                    found.filled
                    and found.hit is not None
                    and weighted_coverage(tokens, found.passage, evidence.idf) >= WHOLE_DOCUMENT_COVERAGE
                ):
                    group = replace(group, hits=[found.hit, *(h for h in group.hits if h != found.hit)])
                    fill = found
                    strength = measure(
                        tokens, group.hits, evidence.idf, part_kind, question=group.part or asked
                    )
            if not fill.filled:  # on the topic, perhaps, but not stating what is asked
                judged.append(GroupJudgement(group, strength, False, 0.0, fill))
                continue
            confidence = self.policy.confidence(strength)
            answerable = self.policy.answerable(strength)
            if answerable and evidence.understanding.shape == "list":
                group = EvidenceGroup(group.label, self._on_topic(evidence, group.hits))
            judged.append(GroupJudgement(group, strength, answerable, confidence, fill))
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
            evidence.understanding.asked,
            hits,
            numbered,
            kind,
            evidence.tokens,
            evidence.idf,
            shape=evidence.understanding.shape,
            listed=any(g.group.by_structure for g in answerable) and not _mentions(evidence),
            count=_counted(evidence),
            parts={
                g.group.label: (g.group.tokens, answer_type(g.group.part))
                for g in answerable
                if g.group.part and g.group.tokens is not None
            },
            confidence=max(g.confidence for g in answerable),
            leads={
                g.group.label: (g.fill.hit.clause_id, g.fill.passage, g.fill.values)
                for g in answerable
                if _leads(g, evidence.understanding.slot)
            },
            statements=_statements(evidence, hits),
            enumerated=evidence.enumerated,
            penalty=evidence.understanding.penalty,
        )
        return Judgement(evidence, judged, request)

    @staticmethod
    def _fill(evidence: Evidence, group: EvidenceGroup, tokens: list[str]) -> Fill:
        """Whether the group's clauses state what is asked (fill.py); a quoted term no document in
        scope holds fails every group."""
        slot = group.slot or evidence.understanding.slot
        if evidence.absent_terms:
            return Fill(False, "term", missing=evidence.absent_terms[0])
        counted = group.counted if group.counted is not None else evidence.counted
        document = _document(evidence, group)
        return check_fill(
            slot,
            group.hits,
            tokens,
            evidence.idf,
            evidence.documents,
            counted,
            evidence.headings,
            evidence.cited,
            _said_by(group.part, evidence.understanding.asked),
            "\n".join(hit.text for hit in document or ()),
        )

    @staticmethod
    def _on_topic(evidence: Evidence, hits: list[Hit]) -> list[Hit]:
        """A list's lines: the best clauses, and any further one that says most of what is asked."""
        return [
            hit
            for rank, hit in enumerate(hits)
            if rank < LIST_TOP or weighted_coverage(evidence.tokens, hit.text, evidence.idf) >= LIST_COVERAGE
        ]

    @staticmethod
    def _headers(evidence: Evidence, fields: tuple[str, ...]) -> list[tuple[str | None, Hit]]:
        """Per group (one per compared document), the header that states an asked field; [] when
        none does (the question is then judged as one about content)."""
        asked = evidence.understanding.asked
        found = [(g.label, header_for(asked, fields, g.hits[:3])) for g in evidence.groups]
        return [(label, header) for label, header in found if header is not None]

    def _from_headers(
        self, evidence: Evidence, headers: list[tuple[str | None, Hit]], fields: tuple[str, ...]
    ) -> Judgement:
        understanding = evidence.understanding
        judged = []
        for label, header in headers:
            strength = measure(evidence.tokens, [header], evidence.idf, understanding.answer_type)
            # the header states the asked field: found by its form, not weighed
            judged.append(GroupJudgement(EvidenceGroup(label, [header]), strength, True, 1.0))
        request = DraftRequest(
            understanding.asked,
            [header for _, header in headers],
            [(label, [i]) for i, (label, _) in enumerate(headers)],
            understanding.answer_type,
            evidence.tokens,
            evidence.idf,
            fields=fields,
        )
        return Judgement(evidence, judged, request)
