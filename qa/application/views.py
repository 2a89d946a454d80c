"""What the application returns besides answers: documents, their clause trees, clauses in their
section, search results and the index's status. Each has `to_dict()` for JSON surfaces."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from qa.records import Clause, DocumentMeta, Hit, source_label


@dataclass(frozen=True)
class DocumentSummary:
    meta: DocumentMeta
    clauses: int

    def to_dict(self) -> dict:
        return {**self.meta.to_dict(), "clauses": self.clauses}


def clause_tree(clauses: tuple[Clause, ...] | list[Clause]) -> list[dict]:
    """The clauses nested under their headings (from each clause's heading path), in reading
    order: [{"heading": 一、…, "children": [...]}, {"clause_id", "locator", "title", "kind"}, …].
    A heading indexed as a unit of its own gives its node its clause_id and locator."""
    root: list[dict] = []
    open_path: list[tuple[str, list[dict]]] = []  # the headings currently open, outermost first
    for clause in clauses:
        depth = 0
        while depth < min(len(open_path), len(clause.path)) and open_path[depth][0] == clause.path[depth]:
            depth += 1
        del open_path[depth:]
        for heading in clause.path[depth:]:
            siblings = open_path[-1][1] if open_path else root
            node = {"heading": heading, "children": []}
            siblings.append(node)
            open_path.append((heading, node["children"]))
        siblings = open_path[-1][1] if open_path else root
        ref = {"clause_id": clause.clause_id, "locator": clause.locator}
        if clause.kind == "heading":  # the node its children will nest under
            node = {"heading": clause.title, **ref, "children": []}
            siblings.append(node)
            open_path.append((clause.title, node["children"]))
            continue
        siblings.append({**ref, "title": clause.title, "kind": clause.kind})
    return root


@dataclass(frozen=True)
class DocumentDetail:
    """A document as indexed: its metadata and its clauses (the tree is built from them)."""

    meta: DocumentMeta
    clauses: tuple[Clause, ...]

    def tree(self) -> list[dict]:
        return clause_tree(self.clauses)

    def to_dict(self) -> dict:
        return {
            **self.meta.to_dict(),
            "clauses": sum(1 for c in self.clauses if c.kind != "heading"),
            "tree": self.tree(),
            "clause_list": [
                {k: v for k, v in c.to_dict().items() if k != "original_text"} for c in self.clauses
            ],
        }


@dataclass(frozen=True)
class ClauseView:
    """A clause with its document, and its neighbours in the same section (for reading it in
    context), in reading order."""

    clause: Clause
    doc: DocumentMeta
    section: tuple[Clause, ...] = ()

    def label(self) -> str:
        return source_label(self.doc.title, self.doc.doc_number, self.clause.locator)

    def to_dict(self) -> dict:
        return {**self.clause.to_dict(), "doc_title": self.doc.title, "doc_number": self.doc.doc_number}


@dataclass(frozen=True)
class Found:
    """The clauses a search found, and the scope it searched in."""

    question: str
    hits: list[Hit]
    scope_doc_ids: list[str] | None  # None: every document
    scope_description: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "question": self.question,
            "scope": {"doc_ids": sorted(self.scope_doc_ids or []), "description": self.scope_description},
            "hits": [hit.to_dict() for hit in self.hits],
            "timings_ms": self.timings_ms,
        }


@dataclass(frozen=True)
class IndexStatus:
    store: str  # the data dir's chroma folder or the Chroma server's URL
    active: str | None  # the generation that serves
    generations: list[str]
    documents: int
    clauses: int
    size_bytes: int | None
    grace_seconds: float

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("grace_seconds")
        return data


@dataclass(frozen=True)
class SynonymPair:
    """An everyday word (俗称) and the policy words (规范用语) a question with it also searches for."""

    word: str
    policy: tuple[str, ...]

    def to_dict(self) -> dict:
        return {"word": self.word, "policy": list(self.policy)}


@dataclass(frozen=True)
class SynonymCandidate:
    """A 踩 with a comment: maybe a word staff should teach (reviewed by a person, never applied)."""

    question: str
    comment: str
    time: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SynonymsView:
    builtin: tuple[SynonymPair, ...]
    custom: tuple[SynonymPair, ...]
    candidates: tuple[SynonymCandidate, ...]

    def taught(self, word: str) -> SynonymPair | None:
        """The taught pair of this word as it was kept (AI is kept as ai), if there is one."""
        from qa.application.vocabulary import searched_form

        wanted = searched_form(word)
        return next((p for p in self.custom if p.word == wanted), None)

    def to_dict(self) -> dict:
        return {
            "builtin": [p.to_dict() for p in self.builtin],
            "custom": [p.to_dict() for p in self.custom],
            "candidates": [c.to_dict() for c in self.candidates],
        }


EXPANSION_STATES = {
    "queued": "排队中",
    "writing": "生成中",
    "indexing": "写入索引",
    "done": "已完成",
    "skipped": "未生成",
    "failed": "失败",
}


@dataclass(frozen=True)
class ExpansionProgress:
    """Where writing a document's everyday questions (document expansion) has got to."""

    doc_id: str
    state: str  # queued | writing | indexing | done | skipped | failed
    done: int  # clauses with questions
    total: int  # clauses that get questions
    message: str = ""

    def line(self) -> str:
        """One progress line, e.g. "扩展问题 12/40 生成中"."""
        text = (
            f"{self.doc_id}：扩展问题 {self.done}/{self.total} {EXPANSION_STATES.get(self.state, self.state)}"
        )
        return f"{text}（{self.message}）" if self.message else text

    def to_dict(self) -> dict:
        return asdict(self)
