"""Questions written for documents' clauses (qa.index.expansion): where they are kept, and writing
them for uploads in the background.

A document's questions are kept in an `expansions/` folder beside its file (the built-in corpus's
are in the repo, corpus/expansions/), or, written for an upload, in <data_dir>/expansions/. An
upload is indexed and searchable at once; its questions are written afterwards, one document at a
time on one worker thread, and the document is indexed again with them (only if it is still the
same document by then). Each document's progress is kept for the library page to show.
"""

from __future__ import annotations

import dataclasses
import logging
import queue
import threading
from collections.abc import Callable
from pathlib import Path

from qa.application.views import ExpansionProgress
from qa.config import REPO_ROOT, Settings
from qa.index.expansion import ExpansionSet, QuestionWriter, expandable, expansion_path
from qa.index.ingest import Questions
from qa.records import Document

log = logging.getLogger("policyqa.expansion")

FOLDER = "expansions"
QUESTION_MAX_TOKENS = 120  # three short questions


def local_writer(settings: Settings) -> QuestionWriter | None:
    """The bundled local model as question writer; None when it is not installed."""
    from qa.llm.install import MODEL_SHA256
    from qa.llm.runtime import ModelConfig, shared_model

    model = shared_model(ModelConfig.from_settings(settings))
    if not model.installed():
        return None
    return QuestionWriter(lambda messages: model.chat(messages, QUESTION_MAX_TOKENS), MODEL_SHA256)


class Expansions:
    def __init__(
        self,
        settings: Settings,
        writer_factory: Callable[[Settings], QuestionWriter | None] = local_writer,
    ):
        self.settings = settings
        self.written = settings.data_dir / FOLDER
        self._writer_factory = writer_factory
        self._progress: dict[str, ExpansionProgress] = {}
        self._queue: queue.Queue = queue.Queue()
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

    def forget(self, doc_ids: list[str]) -> None:
        """The written questions of removed documents go with them (kept ones are never touched)."""
        for doc_id in doc_ids:
            expansion_path(self.written, doc_id).unlink(missing_ok=True)
            with self._lock:
                self._progress.pop(doc_id, None)

    # -- writing --------------------------------------------------------------------------------------
    def write(
        self,
        document: Document,
        writer: QuestionWriter,
        folder: Path | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> ExpansionSet:
        """Write the document's questions (reusing those that still match) and keep them in
        `folder` (default: the data dir's)."""
        written = writer.run(document, self.load(document), progress=progress)
        written.save(expansion_path(folder or self.written, document.doc_id))
        return written

    def progress(self) -> list[ExpansionProgress]:
        with self._lock:
            return list(self._progress.values())

    def schedule(self, documents: list[Document], reindex: Callable[[list[Document]], None]) -> None:
        """Write the questions these documents lack, then `reindex` each one, in the background."""
        for document in documents:
            total = len(expandable(document))
            if not self.missing(document):
                continue
            with self._lock:
                self._progress[document.doc_id] = ExpansionProgress(document.doc_id, "queued", 0, total)
                self._queue.put((document, reindex))
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

    def _set(self, doc_id: str, **changes) -> None:
        with self._lock:
            current = self._progress.get(doc_id)
            if current is not None:
                self._progress[doc_id] = dataclasses.replace(current, **changes)

    def _next(self) -> tuple | None:
        """The next queued document, or None: then the worker is gone (under the lock)."""
        with self._lock:
            try:
                return self._queue.get_nowait()
            except queue.Empty:
                self._worker = None
                return None

    def _work(self) -> None:
        writer: QuestionWriter | None = None
        while (work := self._next()) is not None:
            document, reindex = work
            doc_id = document.doc_id
            try:
                writer = writer or self._writer_factory(self.settings)
                if writer is None:
                    self._set(doc_id, state="skipped", message="本地模型未安装，未生成扩展问题")
                    continue
                self._set(doc_id, state="writing")
                self.write(
                    document,
                    writer,
                    progress=lambda done, total, d=doc_id: self._set(d, done=done, total=total),
                )
                self._set(doc_id, state="indexing")
                reindex([document])
                self._set(doc_id, state="done")
                log.info("questions written and indexed for %s", doc_id)
            except Exception as error:  # the document stays searchable without them
                log.warning("writing questions for %s failed: %s", doc_id, error)
                self._set(doc_id, state="failed", message=f"{type(error).__name__}: {str(error)[:200]}")
