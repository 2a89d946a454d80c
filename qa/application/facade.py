"""The one front door: every surface (CLI, REST and OpenAI routes, the chat, the evaluation)
asks, searches, lists and changes the library through `PolicyQA`, never through the searcher,
the store or the ingestor. It builds the pipeline once (lazily: listing documents loads no model)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.answer.service import AnswerService
from qa.application.expansion import Expansions, indexed_uploads, local_writer
from qa.application.feedback import FeedbackLog
from qa.application.library import Library
from qa.application.requests import AskRequest, SearchRequest, Upload
from qa.application.views import (
    ClauseView,
    DocumentDetail,
    DocumentSummary,
    ExpansionProgress,
    Found,
    IndexStatus,
    SynonymCandidate,
    SynonymPair,
    SynonymsView,
)
from qa.application.vocabulary import Vocabulary, builtin_pairs, searched_form
from qa.config import Settings
from qa.errors import (
    ClauseNotFoundError,
    DuplicateDocumentError,
    EmptyLibraryError,
    IndexUnavailableError,
    NotFoundError,
    UnavailableError,
    excerpt,
)
from qa.index.embedder import get_embedder
from qa.index.ingest import Ingestor, IngestSummary
from qa.index.store import ClauseStore
from qa.llm.runtime import not_installed_message
from qa.records import Answer, Document
from qa.retrieval.catalog import ClauseCatalog
from qa.retrieval.scope import SearchFilters
from qa.retrieval.searcher import Searcher
from qa.retrieval.tokenizer import get_tokenizer


@dataclass(frozen=True)
class IngestHooks:
    """What an ingest reports while it runs (a progress bar, a "waiting for the lock" line)."""

    on_plan: Callable[[int], None] | None = None  # how many windows and sentences will be embedded
    progress: Callable[[int], None] | None = None  # that many more embedded
    on_wait: Callable[[str], None] | None = None  # another ingest holds the lock


class PolicyQA:
    def __init__(self, settings: Settings, service: AnswerService | None = None):
        self.settings = settings
        self.library = Library(settings)
        self._service = service
        self._store: ClauseStore | None = service.searcher.store if service else None
        self._building = threading.Lock()
        self._opening = threading.Lock()
        self._feedback = FeedbackLog(settings.data_dir / "feedback.jsonl")
        self._vocabulary = Vocabulary(settings.data_dir / "synonyms.json")
        self._teaching = threading.Lock()
        self._vocabulary.load()  # the taught pairs count from the first question on
        self.expansions = Expansions(settings)

    # -- the pipeline, built once ---------------------------------------------------------------
    @property
    def store(self) -> ClauseStore:
        """The one connection to the index store: Chroma clients opened at once, in threads,
        race each other inside chromadb."""
        if self._store is None:
            with self._opening:
                if self._store is None:
                    self._store = ClauseStore.open(self.settings)
        return self._store

    @property
    def service(self) -> AnswerService:
        """The answer chain; concurrent first callers wait for one build."""
        if self._service is None:
            with self._building:
                if self._service is None:
                    self._service = AnswerService(self.settings, Searcher(self.settings, self.store))
        return self._service

    @property
    def ready(self) -> bool:
        return self._service is not None

    def warm(self) -> None:
        """Build the chain, load the embedding model and, when there is one, the index now (a
        server does this at startup, not on its first question). An empty library is no error
        here: the chat starts, and staff can upload the first document."""
        searcher = self.service.searcher
        searcher.embedder.embed_query("预热")
        if self.store.active() is not None:
            searcher.loaded()

    # -- answering ------------------------------------------------------------------------------
    def validate(self, question: str) -> str:
        """The question as it will be asked, or InvalidQuestionError / TooLargeError."""
        return self.service.validate(question)

    def ask(self, request: AskRequest) -> Answer:
        for piece in self.stream(request):
            if isinstance(piece, Answer):
                return self.verify(piece) if request.verify else piece
        raise AssertionError("stream() always ends with the Answer")

    def verify(self, answer: Answer) -> Answer:
        """The answer checked by the second reader: verified, kept with its caveat, turned into a
        refusal, or marked unchecked when the check fails or times out (seconds on a CPU)."""
        return self.service.check(answer)

    def can_verify(self) -> bool:
        """Whether a model to check with is configured or installed (nothing is loaded)."""
        return self.service.can_check()

    def stream(
        self, request: AskRequest, on_retrieved: Callable[[], None] | None = None
    ) -> Iterator[str | Answer]:
        """Verified answer text as it is written, then the Answer. Bad input, unknown doc_ids
        and an unknown generator fail on the first next(), before anything is shown.
        `on_retrieved`: called when the clauses are found and judged and generation begins."""
        return self.service.stream(
            request.question,
            request.top_k,
            request.doc_ids,
            request.generator,
            list(request.history) or None,
            list(request.cities) or None,
            list(request.years) or None,
            list(request.cited) if request.cited is not None else None,
            on_retrieved,
        )

    def search(self, request: SearchRequest) -> Found:
        question = self.validate(request.question)
        filters = SearchFilters(request.doc_ids, request.cities, request.years)
        self.service.require_known(filters.doc_ids)
        result = self.service.searcher.search(question, request.top_k, filters, scoped=request.scoped)
        scoped = result.scope.doc_ids
        return Found(
            question,
            result.hits,
            sorted(scoped) if scoped is not None else None,
            result.scope.describe(),
            result.timings_ms,
        )

    def generators(self) -> list[str]:
        """The generators that can answer now (local: when its model is installed)."""
        return self.service.available_generators()

    def feedback(
        self,
        answer: Answer,
        useful: bool,
        comment: str = "",
        asked: str | None = None,
        amends: str | None = None,
    ) -> dict:
        """A person's 赞/踩 (or a later comment on it: `amends` its id) on an answer, appended to
        data/feedback.jsonl; the entry, with its id."""
        return self._feedback.record(answer, useful, comment, asked, amends)

    # -- the vocabulary staff teach ---------------------------------------------------------------
    MAX_CANDIDATES = 50

    def synonyms(self) -> SynonymsView:
        """The built-in pairs, the taught ones, and the 踩 with a comment to review (newest
        first; a person decides whether one is a word to teach: they are never applied)."""
        candidates = [
            SynonymCandidate(v["question"], v["comment"], v["time"])
            for v in reversed(self._feedback.verdicts())
            if not v.get("useful") and v.get("comment")
        ]
        return SynonymsView(
            builtin_pairs(), self._vocabulary.custom(), tuple(candidates[: self.MAX_CANDIDATES])
        )

    def set_synonyms(self, pairs: Iterable[SynonymPair]) -> SynonymsView:
        """Replace the taught pairs (VocabularyError, kind invalid, for a bad one: nothing
        changes); the next question searches with them, no restart needed."""
        with self._teaching:
            self._vocabulary.save(pairs)
        return self.synonyms()

    def teach(self, pair: SynonymPair) -> SynonymsView:
        """Add one taught pair, or replace the one with the same word (the others are kept)."""
        with self._teaching:  # read, change, save: two people teaching at once both count
            word = searched_form(pair.word) if isinstance(pair.word, str) else pair.word
            kept = [p for p in self._vocabulary.custom() if p.word != word]
            self._vocabulary.save([*kept, pair])
        return self.synonyms()

    def unteach(self, word: str) -> SynonymsView:
        """Forget the taught pair of this word (NotFoundError when there is none)."""
        with self._teaching:
            pairs, word = self._vocabulary.custom(), searched_form(word)
            if word not in {p.word for p in pairs}:
                raise NotFoundError(f"no taught word '{excerpt(word)}'")
            self._vocabulary.save([p for p in pairs if p.word != word])
        return self.synonyms()

    # -- the library ----------------------------------------------------------------------------
    def _catalog(self) -> ClauseCatalog:
        if self._service is not None:
            return self._service.searcher.catalog
        # no model needed to list documents: the catalog of the active generation alone
        active = self.store.require_active(f" in {self.settings.chroma_url or self.settings.data_dir}")
        return ClauseCatalog.load(active, lambda text: [], "")

    def documents(self) -> list[DocumentSummary]:
        """The indexed documents; none for a library never filled (not an error)."""
        try:
            catalog = self._catalog()
        except EmptyLibraryError:
            return []
        counts = catalog.clause_counts()
        return [DocumentSummary(meta, counts[doc_id]) for doc_id, meta in sorted(catalog.docs.items())]

    def document(self, doc_id: str) -> DocumentDetail:
        catalog = self._catalog()
        meta = catalog.docs.get(doc_id)
        if meta is None:
            raise NotFoundError(f"no document '{doc_id}'; known: {', '.join(sorted(catalog.docs))}")
        return DocumentDetail(meta, tuple(e.clause for e in catalog.entries if e.doc.doc_id == doc_id))

    def clause(self, clause_id: str, radius: int = 2) -> ClauseView:
        catalog = self._catalog()
        entry = catalog.get(clause_id)
        if entry is None:
            raise ClauseNotFoundError(f"no clause '{clause_id}'")
        section = tuple(e.clause for e in catalog.section(clause_id, radius))
        return ClauseView(entry.clause, entry.doc, section)

    def status(self) -> IndexStatus:
        store = self.store
        active = store.active()
        first = store.first_windows(active) if active else []
        return IndexStatus(
            store=self.settings.chroma_url or str(self.settings.data_dir / "chroma"),
            active=active.name if active else None,
            generations=store.generation_names(),
            documents=len({m["doc_id"] for m in first}),
            clauses=sum(1 for m in first if m.get("clause_kind") != "heading"),
            size_bytes=store.size_bytes(),
            grace_seconds=self.settings.generation_grace_seconds,
        )

    def health(self) -> dict:
        """{status, index, documents} when the index is loaded and its store answers; else
        IndexUnavailableError saying which part is not ready."""
        searcher = self.service.searcher
        loaded = searcher.loaded()
        try:
            searcher.store.client.heartbeat()
        except Exception as error:
            raise IndexUnavailableError(f"the index store did not answer ({type(error).__name__})") from None
        return {"status": "ok", "index": loaded.collection.name, "documents": len(loaded.catalog.docs)}

    # -- changing the library (one writer at a time, each change published atomically) ----------
    def _ingestor(self) -> Ingestor:
        if self._service is not None:  # share the loaded model and the open store
            searcher = self._service.searcher
            store, embedder, tokenizer = searcher.store, searcher.embedder, searcher.tokenizer
        else:
            store = self.store
            embedder, tokenizer = get_embedder(self.settings.embedding_model), get_tokenizer()
        return Ingestor(store, embedder, tokenizer, tokenizer.fingerprint, self.expansions.questions)

    def _published(self) -> None:
        if self._service is not None:
            self._service.searcher.reload()

    def ingest(
        self,
        documents: Iterable[Document],
        sync: bool = False,
        replace: bool = False,
        hooks: IngestHooks = IngestHooks(),
    ) -> IngestSummary:
        """Index these documents (unchanged ones cost nothing). `sync`: remove the others;
        `replace`: a document may take another file's doc_id. A failure leaves the index as it was."""
        summary = self._ingestor().ingest(
            documents,
            sync=sync,
            progress=hooks.progress,
            on_plan=hooks.on_plan,
            on_wait=hooks.on_wait,
            replace=replace,
        )
        self._published()
        return summary

    def preview(self, uploads: Iterable[Upload]) -> list[Document]:
        """Uploaded files parsed, with the metadata read from their text, not indexed: for a
        person to check and correct before `upload`."""
        return self.library.read_uploads(uploads)

    def upload(
        self, uploads: list[Upload], replace: bool = False, hooks: IngestHooks = IngestHooks()
    ) -> IngestSummary:
        """Index uploaded files. A doc_id already in the library is refused unless `replace`;
        an upload that fails (unreadable, duplicate, too large) changes nothing."""
        documents = self.library.read_uploads(uploads)
        self._refuse_taken(documents, replace)
        summary = self.ingest(documents, replace=replace, hooks=hooks)
        self.library.keep_uploads(uploads)
        if self.settings.expand_uploads:
            self.expansions.schedule(documents, self._refresh)
        return summary

    def _refresh(self, documents: list[Document]) -> None:
        """Index these documents again (their questions were written), if they are still indexed
        with the same text."""
        self._ingestor().ingest(documents, refresh=True)
        self._published()

    def resume_expansions(self) -> list[str]:
        """When a server starts: queue again the uploads whose questions a crash or a stop left
        unwritten or unindexed (those written are kept); the doc_ids queued."""
        if not self.settings.expand_uploads:
            return []
        active = self.store.active()
        return self.expansions.resume(indexed_uploads(active), self._refresh) if active else []

    def expansion_progress(self) -> list[ExpansionProgress]:
        """How far writing everyday questions for uploaded documents has got, per document."""
        return self.expansions.progress()

    def write_questions(
        self,
        documents: list[Document],
        folder: Path | None = None,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> dict[str, int]:
        """Write the documents' everyday questions now with the local model, into `folder` (default:
        the data dir's), reusing those that still match; how many each has. The index is not
        changed: the next ingest of these documents picks them up."""
        writer = local_writer(self.settings)
        if writer is None:
            raise UnavailableError(not_installed_message(self.settings.local_model_path))
        counts = {}
        for document in documents:
            report = (lambda done, total, d=document.doc_id: progress(d, done, total)) if progress else None
            written = self.expansions.write(document, writer, folder, report)
            counts[document.doc_id] = sum(len(q) for q in written.questions.values())
        return counts

    def _refuse_taken(self, documents: list[Document], replace: bool) -> None:
        """An upload must not silently take an indexed document's doc_id (unless `replace`), nor
        its kept file name under another doc_id (the file would be overwritten)."""
        try:
            indexed = self._catalog().docs
        except EmptyLibraryError:
            return
        by_source = {meta.source_file: doc_id for doc_id, meta in indexed.items()}
        for document in documents:
            owner = by_source.get(document.meta.source_file, document.doc_id)
            if owner != document.doc_id or (document.doc_id in indexed and not replace):
                raise DuplicateDocumentError(
                    f"{document.meta.source_file}: already in the library as '{owner}' "
                    "(remove it first, or upload it again with replace)"
                )

    def remove(self, doc_ids: list[str], on_wait: Callable[[str], None] | None = None) -> IngestSummary:
        """Take documents out of the index (an uploaded document's kept file goes too)."""
        sources = {doc_id: meta.source_file for doc_id, meta in self._catalog().docs.items()}
        # no tokenizer: removing embeds and tokenizes nothing
        summary = Ingestor(self.store, get_embedder(self.settings.embedding_model), lambda text: []).remove(
            doc_ids, on_wait=on_wait
        )
        self._published()
        self.library.forget_uploads(sources[d] for d in summary.removed if d in sources)
        self.expansions.forget(summary.removed)
        return summary

    def ensure_index(self, hooks: IngestHooks = IngestHooks(), parse=iter) -> IngestSummary | None:
        """On an empty data dir, index the built-in corpus (unless the settings say the library
        starts empty); None when there was an index already or none is wanted."""
        if not self.settings.default_corpus or self.store.active() is not None:
            return None
        return self.ingest(self.library.corpus(parse), hooks=hooks)
