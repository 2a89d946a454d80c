"""Questions written for documents' clauses (qa.index.expansion): where they are kept, and writing
them for uploads in the background.

A document's questions are kept in an `expansions/` folder beside its file (the built-in corpus's
are in the repo, corpus/expansions/), or, written for an upload, in <data_dir>/expansions/. An
upload is indexed and searchable at once; its questions are written afterwards, one document at a
time on one worker thread, and the document is indexed again with them (only if it is still the
same document by then). Each document's progress is kept for the library page to show.

Nothing of the queue needs saving: a document's questions are saved after each clause, and when a
server starts (`resume`), the uploaded documents the index holds without all their questions are
queued again, so a crash loses one clause's work at most. A removed or replaced document is not in
the index as it was, so it is never resumed; while the server runs, removing or replacing one stops
its writing at the next clause (`forget`, `schedule`).
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qa.application.library import UPLOADS
from qa.application.views import ExpansionProgress
from qa.config import REPO_ROOT, Settings
from qa.index.expansion import ExpansionSet, QuestionWriter, expandable, expansion_path
from qa.index.ingest import Questions, document_hash
from qa.index.store import ClauseStore
from qa.records import Document, RepairReport
from qa.retrieval.catalog import ClauseCatalog

log = logging.getLogger("policyqa.expansion")

FOLDER = "expansions"
QUESTION_MAX_TOKENS = 120  # three short questions
RESUMED = "服务重启后继续"  # the note on a document queued again when a server starts


def local_writer(settings: Settings) -> QuestionWriter | None:
    """The bundled local model as question writer; None when it is not installed."""
    from qa.llm.install import MODEL_SHA256
    from qa.llm.runtime import ModelConfig, shared_model

    model = shared_model(ModelConfig.from_settings(settings))
    if not model.installed():
        return None
    return QuestionWriter(lambda messages: model.chat(messages, QUESTION_MAX_TOKENS), MODEL_SHA256)


def indexed_uploads(collection) -> list[tuple[Document, str]]:
    """The uploaded documents as this index generation holds them (in doc_id order), each with
    the content hash it is indexed under (which says whether it has its present questions)."""
    catalog = ClauseCatalog.load(collection, lambda text: [], "")  # no tokens needed
    first = {m["doc_id"]: m for m in ClauseStore.first_windows(collection)}
    clauses = defaultdict(list)
    for entry in catalog.entries:  # in reading order
        clauses[entry.doc.doc_id].append(entry.clause)
    return [
        (
            Document(meta, tuple(clauses[doc_id]), RepairReport(), first[doc_id].get("content_sha", "")),
            first[doc_id].get("doc_hash", ""),
        )
        for doc_id, meta in sorted(catalog.docs.items())
        if meta.source_file.startswith(f"{UPLOADS}/")
    ]


@dataclass
class _Job:
    """Writing one document's questions; `cancelled` once it is removed or replaced."""

    document: Document
    reindex: Callable[[list[Document]], None]
    progress: ExpansionProgress
    cancelled: bool = False


class Expansions:
    def __init__(
        self,
        settings: Settings,
        writer_factory: Callable[[Settings], QuestionWriter | None] = local_writer,
    ):
        self.settings = settings
        self.written = settings.data_dir / FOLDER
        self._writer_factory = writer_factory
        self._writer: QuestionWriter | None = None  # the worker's, made on its first document
        self._jobs: dict[str, _Job] = {}  # the latest per document, finished ones too (shown)
        self._queue: queue.Queue[_Job] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    # -- reading ----------------------------------------------------------------------------------
    def _beside(self, document: Document) -> list[Path]:
        """The `expansions/` folders beside the document's file (its source_file is relative to
        the corpus folder's parent, the repo, or absolute)."""
        source = Path(document.meta.source_file)
        if source.is_absolute():
            return [source.parent / FOLDER]
        roots = dict.fromkeys([self.settings.corpus_dir.parent, REPO_ROOT])
        return [(root / source).parent / FOLDER for root in roots]

    def folder_beside(self, document: Document) -> Path:
        """Where questions kept with the document's file go (corpus/expansions/ for the corpus)."""
        return self._beside(document)[0]

    def load(self, document: Document) -> ExpansionSet | None:
        """The document's questions as kept (written ones first); None when there are none, or
        the file is unreadable (logged: the document is then searched without them)."""
        for folder in [self.written, *self._beside(document)]:
            path = expansion_path(folder, document.doc_id)
            if not path.is_file():
                continue
            try:
                return ExpansionSet.load(path)
            except (OSError, ValueError, KeyError, TypeError) as error:
                log.warning("ignoring unreadable questions %s: %s", path, error)
        return None

    def questions(self, document: Document) -> Questions:
        """The questions that match the document's present clauses, by clause id."""
        found = self.load(document)
        return found.for_document(document) if found else {}

    def missing(self, document: Document) -> int:
        """How many of the document's clauses have no questions written from their present text."""
        found = self.load(document)
        title = document.meta.title
        return sum(1 for c in expandable(document) if not (found and found.current(c, title)))

    def unfinished(self, document: Document, indexed_hash: str) -> bool:
        """Whether an indexed document lacks questions, or is not yet indexed with those it has."""
        return (
            bool(self.missing(document)) or document_hash(document, self.questions(document)) != indexed_hash
        )

    def forget(self, doc_ids: list[str]) -> None:
        """Removed documents: their writing stops at the next clause, their progress line goes,
        and their written questions with them (kept ones are never touched)."""
        for doc_id in doc_ids:
            with self._lock:  # the worker saves under it too: the file never comes back
                self._cancel(doc_id)
                expansion_path(self.written, doc_id).unlink(missing_ok=True)

    def _cancel(self, doc_id: str) -> None:
        """(Under the lock.) The document's job, queued or running, is dropped."""
        job = self._jobs.pop(doc_id, None)
        if job is not None:
            job.cancelled = True

    # -- writing --------------------------------------------------------------------------------------
    def write(
        self,
        document: Document,
        writer: QuestionWriter,
        folder: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> ExpansionSet:
        """Write the document's questions (reusing those that still match) and keep them in
        `folder` (default: the data dir's), saved after each clause: a crash loses one clause's
        at most. Once `cancelled`, the writer stops at the next clause and nothing more is kept."""
        path = expansion_path(folder or self.written, document.doc_id)

        def keep(questions: ExpansionSet) -> None:
            with self._lock:  # forget() deletes under it: a cancelled document's file stays gone
                if not cancelled():
                    questions.save(path)

        written = writer.run(document, self.load(document), progress, cancelled, keep)
        keep(written)
        return written

    def progress(self) -> list[ExpansionProgress]:
        with self._lock:
            return [job.progress for job in self._jobs.values()]

    def schedule(self, documents: list[Document], reindex: Callable[[list[Document]], None]) -> None:
        """Write the questions these documents lack, then `reindex` each one, in the background.
        A document scheduled again (replaced) stops the writing for its earlier text."""
        for document in documents:
            if self.missing(document):
                self._enqueue(document, reindex)
            else:
                with self._lock:
                    self._cancel(document.doc_id)

    def resume(
        self, uploads: list[tuple[Document, str]], reindex: Callable[[list[Document]], None]
    ) -> list[str]:
        """Queue again the documents a crash or a stop left without their questions written or
        indexed; `uploads`: the indexed documents with their indexed hashes (indexed_uploads).
        The doc_ids queued."""
        resumed = [document for document, indexed in uploads if self.unfinished(document, indexed)]
        for document in resumed:
            self._enqueue(document, reindex, RESUMED)
        if resumed:
            log.info("writing questions resumed for %s", ", ".join(d.doc_id for d in resumed))
        return [document.doc_id for document in resumed]

    def _enqueue(self, document: Document, reindex: Callable[[list[Document]], None], note: str = "") -> None:
        total = len(expandable(document))
        progress = ExpansionProgress(document.doc_id, "queued", total - self.missing(document), total, note)
        job = _Job(document, reindex, progress)
        with self._lock:
            self._cancel(document.doc_id)
            self._jobs[document.doc_id] = job
            self._queue.put(job)
            # the worker leaves only under this lock with the queue empty (_next), so a
            # document queued here is never stranded behind a worker on its way out
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name="policyqa-expansion", daemon=True)
                self._worker.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the queued work finished within the timeout (for tests and scripts)."""
        worker = self._worker
        if worker is not None:
            worker.join(timeout)
            return not worker.is_alive()
        return True

    def _set(self, job: _Job, **changes) -> None:
        with self._lock:
            if not job.cancelled:  # a removed or replaced document's line is gone for good
                job.progress = dataclasses.replace(job.progress, **changes)

    def _next(self) -> _Job | None:
        """The next queued document, or None: then the worker is gone (under the lock)."""
        with self._lock:
            try:
                return self._queue.get_nowait()
            except queue.Empty:
                self._worker = None
                return None

    def _work(self) -> None:
        while (job := self._next()) is not None:
            if job.cancelled:  # removed or replaced while queued
                continue
            doc_id = job.document.doc_id
            try:
                self._run(job)
            except Exception as error:  # the document stays searchable without them
                log.warning("writing questions for %s failed: %s", doc_id, error)
                self._set(job, state="failed", message=f"{type(error).__name__}: {str(error)[:200]}")

    def _run(self, job: _Job) -> None:
        document = job.document
        if self.missing(document):  # else all written: only the indexing was left undone
            self._writer = self._writer or self._writer_factory(self.settings)
            if self._writer is None:
                self._set(job, state="skipped", message="本地模型未安装，未生成扩展问题")
                return
            self._set(job, state="writing")

            def report(done: int, total: int) -> None:
                self._set(job, done=done, total=total)

            self.write(document, self._writer, progress=report, cancelled=lambda: job.cancelled)
            if job.cancelled:  # removed or replaced meanwhile: nothing kept, nothing to index
                log.info("writing questions for %s stopped: removed or replaced", document.doc_id)
                return
        self._set(job, state="indexing")
        job.reindex([document])
        self._set(job, state="done")
        log.info("questions written and indexed for %s", document.doc_id)
