"""The records that flow through the pipeline: documents and their clauses."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class HistoryEvent:
    """One dated act of a regulation's 题注: adopted (通过), approved (批准), amended (修正, with its
    ordinal: 第一次修正 → 1), revised (修订) or promulgated (公布); by whom (`body`: 第十二届全国人民
    代表大会常务委员会第十四次会议, 国务院令第617号) and by which decision."""

    act: str  # 通过 | 批准 | 修正 | 修订 | 公布
    date: str | None  # ISO yyyy-mm-dd
    body: str = ""
    ordinal: int | None = None
    decision: str = ""  # 《关于修改…的决定》
    text: str = ""  # the 题注's words for it

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class DocumentMeta:
    """What a person would cite a document by. `inferred` names the fields the text does not state."""

    doc_id: str
    title: str
    source_file: str
    issuer: str | None = None
    doc_number: str | None = None  # 文号, e.g. 洛教〔2022〕1号
    date: str | None = None  # ISO yyyy-mm-dd
    city: str | None = None
    district: str | None = None
    year: int | None = None
    period: str | None = None  # a plan's span, e.g. 2021-2025
    kind: str | None = None  # 工作要点 / 规划 / 通知 …
    aliases: tuple[str, ...] = ()
    inferred: tuple[str, ...] = ()
    notes: str | None = None
    province: str | None = None  # a province or autonomous region: 山东 (a municipality is a city)
    # A regulation's anatomy (qa/corpus/anatomy.py). `date` and `year` are its current text's (the
    # latest 通过 / 批准 / 修正 / 修订 / 公布); `adopted` the date it was first adopted.
    level: str | None = None  # 法律 | 行政法规 | 地方性法规 | 规章 | 规范性文件 | 工作要点 | 规划
    history: tuple[HistoryEvent, ...] = ()
    adopted: str | None = None
    effective: str | None = None  # when it takes effect (施行)
    repeals: tuple[str, ...] = ()  # the titles it repealed (废止)

    def years_named(self) -> set[int]:
        """The years a question may name the document by: its year, and for a regulation every
        year its 题注 records (山东那部2019年通过的条例 is the one amended in 2021)."""
        years = {self.year} if self.year else set()
        return years | {int(e.date[:4]) for e in self.history if e.date}

    def places(self) -> tuple[str, ...]:
        """The places the document is for, widest first: (山东,), (郑州, 惠济区)."""
        return tuple(dict.fromkeys(p for p in (self.province, self.city, self.district) if p))

    def to_dict(self) -> dict:
        data = asdict(self)
        data["aliases"] = list(self.aliases)
        data["inferred"] = list(self.inferred)
        data["repeals"] = list(self.repeals)
        data["history"] = [event.to_dict() for event in self.history]
        return data


@dataclass(frozen=True)
class Clause:
    """One quotable unit of a document: a numbered clause, a paragraph, a 专栏 box, a table, …

    `locator` is written in the document's own numbering (三、14. / 第三章 三、（一）第2段) so a
    person can quote it; `clause_id` is `doc_id/key`, stable as long as the structure is.
    """

    clause_id: str
    doc_id: str
    source_file: str
    kind: str  # header | preamble | heading | section | clause | article | paragraph | bullet | box | table
    locator: str
    path: tuple[str, ...]  # heading titles above the clause, outermost first
    title: str  # the lead sentence, without its number
    text: str  # repaired text
    original_text: str  # the source lines as the document has them
    lines: tuple[int, int]  # first and last source line, 1-based, inclusive
    number: int | None = None  # the clause number (14 in 三、14.), when it has one
    inferred_path: bool = False  # a heading in `path` is inferred (its text was cut from the source)
    # An article's anatomy: its enumerated items (（一）…（N）, each whole, in order), and the
    # articles of its own document it names (违反本法第三十二条 → 32): how a penalty finds its duty.
    items: tuple[str, ...] = ()
    cites: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["path"] = list(self.path)
        data["lines"] = list(self.lines)
        data["items"] = list(self.items)
        data["cites"] = list(self.cites)
        return data


@dataclass(frozen=True)
class RepairReport:
    """What repair changed in one document, by kind of change (counts) plus removed line ranges."""

    joined_lines: int = 0
    traditional_chars: int = 0
    punctuation: int = 0
    spaces: int = 0
    markdown: int = 0
    english_words: int = 0  # stray English words between Chinese ones, rendered in Chinese
    removed_blocks: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["removed_blocks"] = [list(block) for block in self.removed_blocks]
        return data

    def summary(self) -> str:
        parts = [
            f"joined {self.joined_lines} broken lines",
            f"{self.traditional_chars} traditional chars",
            f"{self.punctuation} punctuation marks",
            f"{self.spaces} stray spaces",
            f"{self.markdown} markdown marks",
            f"{self.english_words} stray English words",
            f"{len(self.removed_blocks)} junk blocks",
        ]
        return ", ".join(parts)


@dataclass(frozen=True)
class Document:
    meta: DocumentMeta
    clauses: tuple[Clause, ...]
    repair: RepairReport
    sha256: str  # of the text as read from the file: what incremental ingest and duplicates compare
    original: str = field(repr=False, default="")

    @property
    def doc_id(self) -> str:
        return self.meta.doc_id


def source_label(doc_title: str, doc_number: str | None = None, locator: str = "") -> str:
    """《title》（文号）locator: how a person quotes a clause (the one place this is written)."""
    number = f"（{doc_number}）" if doc_number else ""
    return f"《{doc_title}》{number}{locator}"


@dataclass(frozen=True)
class SentenceHit:
    """A sentence of a found clause that matches the query: its position among the clause's
    sentences, its text, and its scores by meaning (cosine) and by words (BM25)."""

    position: int
    text: str
    dense: float = 0.0
    bm25: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class ClauseRef:
    """Which clause, in which document: what a hit and a citation both point at (one record, so
    a citation takes its hit's reference instead of copying it field by field)."""

    clause_id: str
    doc_id: str
    source_file: str
    locator: str
    doc_title: str
    doc_number: str | None = None

    def label(self) -> str:
        """《title》（文号）locator."""
        return source_label(self.doc_title, self.doc_number, self.locator)


class _RefersToClause:
    """Read access to the reference's fields (hit.doc_title, citation.locator …)."""

    ref: ClauseRef

    @property
    def clause_id(self) -> str:
        return self.ref.clause_id

    @property
    def doc_id(self) -> str:
        return self.ref.doc_id

    @property
    def source_file(self) -> str:
        return self.ref.source_file

    @property
    def locator(self) -> str:
        return self.ref.locator

    @property
    def doc_title(self) -> str:
        return self.ref.doc_title

    @property
    def doc_number(self) -> str | None:
        return self.ref.doc_number


@dataclass(frozen=True)
class Hit(_RefersToClause):
    """A clause found for a query. `ranks` holds its 1-based rank under each signal (None: not
    found by that signal); `score` is the fused score that orders hits."""

    ref: ClauseRef
    title: str
    score: float
    text: str
    kind: str = "clause"
    ranks: dict[str, int | None] = field(default_factory=dict)
    signal_scores: dict[str, float] = field(default_factory=dict)
    sentences: list[SentenceHit] = field(default_factory=list)  # its best-matching sentences

    def to_dict(self) -> dict:
        data = asdict(self)
        return {**data.pop("ref"), **data}


@dataclass(frozen=True)
class Citation(_RefersToClause):
    """What a person quotes: the clause (document, 文号, locator), its text, and the span of that
    text that supports the cited sentences."""

    n: int
    ref: ClauseRef
    text: str
    quote: str

    def to_dict(self) -> dict:
        data = asdict(self)
        return {"n": data.pop("n"), **data.pop("ref"), **data}


@dataclass(frozen=True)
class Claim:
    """One sentence of an answer, the citations [n] that support it, and the span of the first
    cited clause that does: what a surface renders or a metric checks without re-parsing text."""

    sentence: str
    citations: tuple[int, ...]
    quote: str = ""

    def to_dict(self) -> dict:
        return {"sentence": self.sentence, "citations": list(self.citations), "quote": self.quote}


@dataclass
class CitationReport:
    """What the citation check changed in a generator's draft."""

    removed_markers: list[str] = field(default_factory=list)  # [n] pointing to no provided clause
    realigned: list[dict] = field(default_factory=list)  # sentence moved to a clause that supports it
    aligned: list[dict] = field(default_factory=list)  # unmarked sentence given its best clause
    dropped: list[str] = field(default_factory=list)  # sentences no clause supports

    def to_dict(self) -> dict:
        return asdict(self)


VERIFIED, NO_ISSUE, UNCERTAIN, REFUTED, UNCHECKED = (
    "verified",
    "no_issue",
    "uncertain",
    "refuted",
    "unchecked",
)


@dataclass(frozen=True)
class Verification:
    """What the second reader (a language model asked whether the cited clauses state what is
    asked) found: its P(是), the verdict of the model fitted on dev that combines it with the fast
    judge, and the time it took. `unchecked`: the check failed or timed out (`note` says why)."""

    model: str
    verdict: str  # verified | no_issue | uncertain | refuted | unchecked
    p_yes: float | None = None
    ms: float = 0.0
    method: str = ""  # logprobs | constrained (a server without log-probabilities)
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)

    def label(self) -> str:
        """The verdict as staff read it (the chat's badge, the CLI's line)."""
        return VERDICT_LABELS.get(self.verdict, self.verdict)


VERDICT_LABELS = {
    VERIFIED: "已核对",
    NO_ISSUE: "未发现问题",
    UNCERTAIN: "可能未回答所问",
    REFUTED: "可能未回答所问，已改为拒答",
    UNCHECKED: "未核对",
}


@dataclass
class Answer:
    question: str
    answer: str
    refused: bool
    generator: str
    citations: list[Citation]
    retrieved: list[Hit]
    timings_ms: dict[str, float] = field(default_factory=dict)
    check: CitationReport = field(default_factory=CitationReport)
    scope: str = ""
    resolved_question: str | None = None  # a follow-up rewritten into a standalone question
    confidence: float | None = None  # the judge's probability that the documents answer it
    claims: list[Claim] = field(default_factory=list)  # the cited sentences, in order
    # clauses on the topic that do not state what is asked: a refusal's closest ones, or those an
    # answer found but did not need (never citations)
    related: list[Hit] = field(default_factory=list)
    verification: Verification | None = None  # the second reader's check, when one was asked for

    def related_note(self) -> str:
        """The related clauses as one line of text ("" when there are none)."""
        if not self.related:
            return ""
        listed = "；".join(f"{source_label(h.doc_title, None, h.locator)} {h.title}" for h in self.related)
        lead = "可能相关的条款（不构成答案）" if self.refused else "其他相关条款（未引用）"
        return f"{lead}：{listed}"

    def to_dict(self) -> dict:
        return {
            "confidence": self.confidence,
            "question": self.question,
            "answer": self.answer,
            "refused": self.refused,
            "generator": self.generator,
            "citations": [c.to_dict() for c in self.citations],
            "claims": [c.to_dict() for c in self.claims],
            "retrieved": [
                {
                    **asdict(h.ref),
                    "score": h.score,
                    "text": h.text,
                    "ranks": h.ranks,
                }
                for h in self.retrieved
            ],
            "related": [{**asdict(h.ref), "title": h.title} for h in self.related],
            "timings_ms": self.timings_ms,
            "check": self.check.to_dict(),
            "scope": self.scope,
            "resolved_question": self.resolved_question,
            "verification": self.verification.to_dict() if self.verification else None,
        }
