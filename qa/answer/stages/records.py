"""What flows between the answer stages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from qa.answer.evidence import EvidenceStrength
from qa.answer.fill import Fill
from qa.answer.generators import DraftRequest
from qa.answer.history import HistoryAsk, Statement
from qa.answer.slot import Slot
from qa.answer.structure import StructureAsk
from qa.records import DocumentMeta, Hit
from qa.retrieval.scope import SearchFilters


@dataclass(frozen=True)
class Question:
    """A question as a caller asks it: the text, the conversation so far (standalone previous
    questions, newest last) and explicit restrictions."""

    text: str
    history: tuple[str, ...] = ()
    filters: SearchFilters = SearchFilters()
    top_k: int | None = None
    cited: tuple[str, ...] = ()  # the clause ids the previous answer cited, in order ([1], [2] …)


@dataclass(frozen=True)
class Understanding:
    """understand → retrieve: what is asked, standalone, and what kind of answer it wants."""

    question: str  # as asked, validated
    asked: str  # the standalone question searched: a follow-up resolved
    resolved: str | None  # the resolution, when the question was a follow-up
    answer_type: str  # number | date | name | open
    filters: SearchFilters
    top_k: int
    fields: tuple[str, ...] = ()  # what it asks about the document itself: issuer, date, doc_number
    shape: str = "single"  # list | yesno | single | point: the form the answer takes
    pointed: str | None = None  # "第二点具体是什么？": the clause id of the previous answer's 2nd source
    parts: tuple[str, ...] = ()  # a multi-part question's parts, each judged and answered on its own
    slot: Slot = Slot()  # what the answer must contain (slot.py)
    part_slots: tuple[Slot, ...] = ()  # each part's slot, in the order of `parts`
    structure: StructureAsk | None = None  # a question the document's tree answers (structure.py)
    history: HistoryAsk | None = None  # a question about a regulation's history or effect (history.py)
    enumerates: bool = False  # "有哪些情形 / 哪些行为": every item an article enumerates
    penalty: bool = False  # "违反了会怎么处罚": the 法律责任 article that punishes it
    which_documents: str = ""  # "哪些地方的条例规定了X": its cue; the documents that state X, one line each
    previous: str | None = None  # the previous question, when this one goes on about its document


@dataclass(frozen=True)
class EvidenceGroup:
    """The clauses found for one compared place (label), or for the whole question (None)."""

    label: str | None
    hits: list[Hit]
    by_structure: bool = False  # the clauses under a heading the question names: found by form
    part: str | None = None  # the part of a multi-part question these clauses are for
    tokens: list[str] | None = None  # that part's content words (None: the question's)
    slot: Slot | None = None  # that part's slot (None: the question's)
    counted: list[str] | None = None  # the content words of what that part counts (None: the question's)
    # a compared party's one document, its clauses most about the question first: read before
    # saying it lacks the asked value (None: the question's document_clauses)
    document_clauses: list[Hit] | None = None


@dataclass
class Evidence:
    """retrieve → judge: the clauses found, grouped per compared place, with what later stages
    need to weigh them (the question's content words and their IDF), so no stage reaches into the
    searcher."""

    understanding: Understanding
    hits: list[Hit]  # every clause retrieved, in rank order (groups concatenated)
    groups: list[EvidenceGroup]
    scope: str  # the scope in words (洛阳、2022年)
    tokens: list[str]  # the question's content words
    idf: Callable[[str], float]
    timings: dict[str, float] = field(default_factory=dict)
    absence: str | None = None  # the question asks for a place or year the corpus lacks: says so
    outside: tuple[str, ...] = ()  # places named beside known ones that no document is about
    absent_terms: tuple[str, ...] = ()  # quoted or coined terms no document in scope contains
    counted: list[str] = field(default_factory=list)  # the content words of what the question counts
    documents: dict[str, DocumentMeta] = field(default_factory=dict)  # the hits' documents
    headings: dict[str, tuple[str, ...]] = field(default_factory=dict)  # each hit's heading path
    # the articles a hit names (违反本条例第三十五条规定的…): their text says what it is about
    cited: dict[str, str] = field(default_factory=dict)
    # per group label, the lines read off a document's history fields, each with its clause
    statements: dict[str | None, list[Statement]] = field(default_factory=dict)
    enumerated: bool = False  # the statements are an article's lead and its items
    # the one document the scope chose, its clauses most on the question's topic first: read before
    # any "文件没有给出…" (the value may sit in a clause the search ranked lower)
    document_clauses: list[Hit] = field(default_factory=list)
    searched: int = 0  # "哪些地方…": how many documents were searched for it (0: not asked so)


@dataclass(frozen=True)
class GroupJudgement:
    group: EvidenceGroup
    strength: EvidenceStrength
    answerable: bool
    confidence: float = 0.0  # the judge's probability that this evidence answers the question
    fill: Fill | None = None  # whether the evidence states what is asked (None: not checked)


@dataclass
class Judgement:
    """judge → draft: per group, whether the corpus answers it; `request` is what a generator
    drafts from (None: nothing to answer from, the answer is a refusal)."""

    evidence: Evidence
    groups: list[GroupJudgement]
    request: DraftRequest | None

    @property
    def answerable(self) -> bool:
        return self.request is not None

    @property
    def confidence(self) -> float:
        """How sure the judge is of its decision's premise: the best answerable group's
        probability, or the best probability among refused groups (0.0 when nothing was judged:
        the corpus has no document for the place or year asked)."""
        answerable = [g.confidence for g in self.groups if g.answerable]
        return max(answerable or [g.confidence for g in self.groups] or [0.0])

    @property
    def missing(self) -> list[GroupJudgement]:
        return [g for g in self.groups if not g.answerable]

    @property
    def strengths(self) -> list[EvidenceStrength]:
        """Each group's evidence strength, answerable groups first."""
        return [g.strength for g in self.groups if g.answerable] + [g.strength for g in self.missing]

    @property
    def hits(self) -> list[Hit]:
        return self.evidence.hits
