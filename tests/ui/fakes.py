"""A stand-in for the application facade in handler tests: it answers from a script, fails on
request, and records what the page asked of it (no model, no index)."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace

from qa.application import (
    DocumentSummary,
    ExpansionProgress,
    SynonymCandidate,
    SynonymPair,
    SynonymsView,
    Upload,
)
from qa.application.views import ClauseView, DocumentDetail
from qa.application.vocabulary import validate
from qa.config import Settings
from qa.errors import InvalidQuestionError, NotFoundError, TooLargeError
from qa.index.ingest import IngestSummary
from qa.records import Answer, Clause, Document, DocumentMeta, RepairReport, Verification
from tests.ui.test_render import TEXT, answer


def meta(doc_id="luoyang-2022-work-points", title="洛阳市教育局2022年教育工作要点", **values) -> DocumentMeta:
    base = dict(doc_id=doc_id, title=title, source_file=f"corpus/{doc_id}.txt", city="洛阳", year=2022)
    return DocumentMeta(**(base | values))


def clause(key="s5-c29", locator="五、29.", text=TEXT, doc_id="luoyang-2022-work-points") -> Clause:
    return Clause(
        f"{doc_id}/{key}",
        doc_id,
        "corpus/l.txt",
        "clause",
        locator,
        ("五、深化教育综合改革",),
        text[:6],
        text,
        text,
        (1, 1),
    )


@dataclass
class FakeApplication:
    settings: Settings
    answer: Answer = field(default_factory=answer)
    pieces: tuple[str, ...] = ("2022年新建农村寄宿制学校41所[1]。",)
    wait: float = 0.0  # seconds before the first piece: a slow generator
    fail: Exception | None = None  # raised on the stream's first next()
    library: list[DocumentSummary] = field(default_factory=lambda: [DocumentSummary(meta(), 41)])
    refuse_upload: Exception | None = None
    refuse_preview: dict[str, Exception] = field(default_factory=dict)  # by file name
    asked: list = field(default_factory=list)
    drawn: list = field(default_factory=list)  # the pieces the page took from the stream
    closed: threading.Event = field(default_factory=threading.Event)
    feedbacks: list = field(default_factory=list)
    uploads: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    check: Verification | None = None  # what a check finds (None: no model to check with)
    check_fails: Exception | None = None
    check_wait: float = 0.0  # seconds a check takes (a local model reading the clauses)
    checked: list = field(default_factory=list)  # the answers given to the check
    expanding: tuple = ()  # ExpansionProgress of uploads' question writing
    taught: tuple = ()  # the taught synonym pairs (checked as the real facade checks them)
    candidates: tuple = (
        SynonymCandidate("孩子被欺负了学校管吗", "文件里叫欺凌", "2026-05-01T08:00:00+00:00"),
    )

    def validate(self, question: str) -> str:
        text = question.strip()
        if not text:
            raise InvalidQuestionError("empty question")
        if len(text) > self.settings.max_question_chars:
            raise TooLargeError(f"question of {len(text)} characters")
        return text

    def stream(self, request, on_retrieved=None):
        self.asked.append(request)

        def pieces():
            try:
                if self.fail is not None:
                    raise self.fail
                if on_retrieved is not None:
                    on_retrieved()
                deadline = time.monotonic() + self.wait
                while time.monotonic() < deadline:  # a model preparing its first token
                    time.sleep(0.05)
                for piece in self.pieces:
                    self.drawn.append(piece)
                    yield piece
                yield self.answer
            finally:
                self.closed.set()

        return pieces()

    def can_verify(self) -> bool:
        return self.check is not None

    def verify(self, answer: Answer) -> Answer:
        self.checked.append(answer)
        time.sleep(self.check_wait)
        if self.check_fails is not None:
            raise self.check_fails
        if self.check.verdict == "refuted":
            return replace(
                answer, answer="核对后：没有找到", refused=True, citations=[], verification=self.check
            )
        return replace(answer, verification=self.check)

    def generators(self) -> list[str]:
        return ["extractive", "local"]

    def documents(self) -> list[DocumentSummary]:
        return list(self.library)

    def document(self, doc_id: str) -> DocumentDetail:
        found = [d for d in self.library if d.meta.doc_id == doc_id]
        if not found:
            raise NotFoundError(f"no document '{doc_id}'")
        return DocumentDetail(found[0].meta, (clause(doc_id=doc_id),))

    def clause(self, clause_id: str, radius: int = 2) -> ClauseView:
        if not clause_id.startswith("luoyang-2022-work-points/"):
            raise NotFoundError(f"no clause '{clause_id}'")
        focus = clause()
        return ClauseView(
            focus, meta(doc_number="洛教〔2022〕1号"), (clause("s5-c28", "五、28.", "28.深化督导。"), focus)
        )

    def feedback(self, answer: Answer, useful: bool, comment: str = "", asked=None, amends=None) -> dict:
        entry = {"question": answer.question, "useful": useful, "comment": comment, "asked": asked}
        entry |= {"amends": amends} if amends else {}
        self.feedbacks.append(entry)
        return entry | {"id": f"fb{len(self.feedbacks)}"}

    def preview(self, uploads: list[Upload]) -> list[Document]:
        documents = []
        for upload in uploads:
            if upload.name in self.refuse_preview:
                raise self.refuse_preview[upload.name]
            doc_id = upload.name.rsplit(".", 1)[0]
            given = meta(doc_id, f"{doc_id}的标题", city="株洲", year=2024, inferred=("year",))
            documents.append(
                Document(replace(given, **upload.metadata), (clause(doc_id=doc_id),), RepairReport(), "x")
            )
        return documents

    def upload(self, uploads: list[Upload], replace: bool = False, hooks=None) -> IngestSummary:
        if self.refuse_upload is not None:
            raise self.refuse_upload
        if hooks is not None and hooks.on_plan:
            hooks.on_plan(4)
            for _ in range(4):
                hooks.progress(1)
        self.uploads.append((uploads, replace))
        for upload in uploads:
            self.library.append(
                DocumentSummary(meta(upload.name, upload.metadata.get("title", upload.name)), 1)
            )
        return IngestSummary(added=[u.name for u in uploads], clauses=42)

    def remove(self, doc_ids: list[str], on_wait=None) -> IngestSummary:
        self.removed.append(list(doc_ids))
        gone = [d.meta.doc_id for d in self.library if d.meta.doc_id in doc_ids]
        self.library = [d for d in self.library if d.meta.doc_id not in doc_ids]
        return IngestSummary(removed=gone)

    def expansion_progress(self) -> list[ExpansionProgress]:
        return list(self.expanding)

    def synonyms(self) -> SynonymsView:
        return SynonymsView((SynonymPair("老师", ("教师", "师资")),), self.taught, self.candidates)

    def set_synonyms(self, pairs) -> SynonymsView:
        self.taught = validate(pairs)
        return self.synonyms()

    def teach(self, pair) -> SynonymsView:
        return self.set_synonyms([*(p for p in self.taught if p.word != pair.word.strip()), pair])

    def unteach(self, word: str) -> SynonymsView:
        if word not in {p.word for p in self.taught}:
            raise NotFoundError(f"no taught word '{word}'")
        return self.set_synonyms([p for p in self.taught if p.word != word])
