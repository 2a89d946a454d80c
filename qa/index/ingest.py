"""Incremental, crash-safe ingestion of documents into the clause index.

A document whose content hash is already indexed costs no embedding work. Anything else builds a
new generation: unchanged documents are copied with their vectors, new and changed ones are
embedded, and the generation is published only when complete (see store.py).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.corpus.parser import PARSER_VERSION
from qa.errors import DuplicateDocumentError, NotFoundError, PolicyQAError
from qa.index.store import QUESTION_ROW, SCHEMA_VERSION, SENTENCE_ROW, ClauseStore, Row
from qa.index.windows import embed_texts, indexed_sentences
from qa.records import Clause, Document, DocumentMeta

# Headings are indexed as citable units (a part of a document, its children, how many there are),
# but they state no content of their own: they have no sentence rows, and search for content leaves
# them out (retrievers.py), else they would crowd out the clauses that say something.
STRUCTURE_KINDS = frozenset({"heading"})


class TextEmbedder(Protocol):
    model_name: str

    @property
    def max_tokens(self) -> int: ...

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray: ...


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    clauses: int = 0  # clauses in the index after the run
    embedded: int = 0  # windows and sentences embedded by this run
    repairs: dict = field(default_factory=dict)
    seconds: float = 0.0
    collection: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        repairs = ", ".join(f"{k} {v}" for k, v in self.repairs.items() if v)
        return (
            f"documents: {len(self.added)} added, {len(self.changed)} changed, "
            f"{len(self.unchanged)} unchanged, {len(self.removed)} removed\n"
            f"clauses: {self.clauses} in the index, {self.embedded} windows and sentences embedded\n"
            f"repairs: {repairs or 'none'}\n"
            f"seconds: {self.seconds:.1f}"
        )


class IndexWriteError(PolicyQAError):
    """The index could not be written (disk full); the previous generation is intact."""


def _disk_full(error: BaseException) -> bool:
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    text = str(error).lower()
    return "no space left" in text or "disk is full" in text or "database or disk is full" in text


# A document's questions (expansion.py), by clause id: extra text search finds the clause by.
Questions = dict[str, tuple[str, ...]]


def questions_digest(questions: Questions) -> str:
    if not questions:
        return ""
    text = json.dumps(sorted(questions.items()), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def document_hash(document: Document, questions: Questions | None = None) -> str:
    """Changes when the file, its metadata, the parser, the stored schema or the document's
    questions change (questions written after an upload re-index it)."""
    parts = [SCHEMA_VERSION, PARSER_VERSION, document.sha256, document.meta.to_dict()]
    if questions:
        parts.append(questions_digest(questions))
    key = json.dumps(parts, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _clause_metadata(clause: Clause, meta: DocumentMeta, doc_hash: str, content_sha: str = "") -> dict:
    return {
        "doc_id": clause.doc_id,
        "clause_id": clause.clause_id,
        "doc_hash": doc_hash,
        "content_sha": content_sha,
        "source_file": clause.source_file,
        "locator": clause.locator,
        "title": clause.title,
        "clause_kind": clause.kind,
        "doc_title": meta.title,
        "doc_number": meta.doc_number,
        "doc_kind": meta.kind,
        "issuer": meta.issuer,
        "city": meta.city,
        "district": meta.district,
        "province": meta.province,
        "year": meta.year,
        "date": meta.date,
    }


class Ingestor:
    def __init__(
        self,
        store: ClauseStore,
        embedder: TextEmbedder,
        tokenize: Callable[[str], list[str]],
        tokenizer_fingerprint: str = "",
        questions: Callable[[Document], Questions] | None = None,
    ):
        self.store = store
        self.embedder = embedder
        self.tokenize = tokenize
        self.tokenizer_fingerprint = tokenizer_fingerprint
        self.questions = questions or (lambda document: {})

    def rows(
        self, document: Document, doc_hash: str, questions: Questions | None = None
    ) -> tuple[list[str], list[dict], list[str]]:
        """(ids, metadatas, texts to embed) of every window of every indexed clause, of each of
        its sentences (window -1), so the sentence that states a fact is found directly, and of
        each question written for it (window -2), so an everyday question finds it."""
        ids, metadatas, texts = [], [], []
        meta_json = json.dumps(document.meta.to_dict(), ensure_ascii=False)
        for clause in document.clauses:
            windows = embed_texts(clause, document.meta.title, self.embedder.max_tokens)
            base = _clause_metadata(clause, document.meta, doc_hash, document.sha256)
            for number, text in enumerate(windows):
                metadata = {**base, "window": number, "windows": len(windows)}
                if number == 0:  # the clause itself, for search results and BM25, once
                    metadata["clause_json"] = json.dumps(clause.to_dict(), ensure_ascii=False)
                    metadata["doc_json"] = meta_json
                    metadata["tokens"] = " ".join(self.tokenize("\n".join([*clause.path, clause.text])))
                ids.append(f"{clause.clause_id}#{number}")
                metadatas.append(metadata)
                texts.append(text)
            for position, sentence in (
                [] if clause.kind in STRUCTURE_KINDS else indexed_sentences(clause.text)
            ):
                ids.append(f"{clause.clause_id}#s{position}")
                metadatas.append(
                    {
                        "doc_id": clause.doc_id,
                        "clause_id": clause.clause_id,
                        "doc_hash": doc_hash,
                        "window": SENTENCE_ROW,
                        "sentence": position,
                    }
                )
                texts.append(sentence)
            for number, question in enumerate((questions or {}).get(clause.clause_id, ())):
                ids.append(f"{doc_hash}:{clause.clause_id}#q{number}")  # shared by generations
                metadatas.append(
                    {
                        "doc_id": clause.doc_id,
                        "clause_id": clause.clause_id,
                        "doc_hash": doc_hash,
                        "window": QUESTION_ROW,
                        "question": number,
                    }
                )
                texts.append(question)
        return ids, metadatas, texts

    def ingest(
        self,
        documents: Iterable[Document],
        sync: bool = False,
        progress: Callable[[int], None] | None = None,
        on_plan: Callable[[int], None] | None = None,
        on_wait: Callable[[str], None] | None = None,
        replace: bool = False,
        refresh: bool = False,
    ) -> IngestSummary:
        """Bring these documents into the index. With sync, documents not given are removed.
        `replace`: a document may take the doc_id of another file's document. `refresh`: only
        documents indexed with the same text are indexed again (for questions written after an
        upload: a document removed or replaced meanwhile is left as it is).
        One writer at a time: a second ingest on the same data dir waits for the first."""
        with self.store.writer(on_wait):
            return self._ingest(list(documents), sync, progress, on_plan, replace, refresh)

    def _refuse_clashes(
        self, documents: list[Document], indexed: list[dict], replace: bool, sync: bool
    ) -> None:
        """A document must not silently replace another file's document that happens to get the
        same doc_id ("政策 A.txt" and "政策-A.txt" both make 政策-a), nor repeat, under another
        doc_id, a text already indexed. Nothing is touched when one is refused."""
        by_id = {m["doc_id"]: m for m in indexed}
        given = {d.doc_id for d in documents}
        leaving = {m["doc_id"] for m in indexed} - given if sync else set()  # a renamed file, synced
        by_content = {
            m["content_sha"]: m["doc_id"]
            for m in indexed
            if m.get("content_sha") and m["doc_id"] not in leaving
        }
        for document in documents:
            old = by_id.get(document.doc_id)
            other_file = old and Path(old["source_file"]).name != Path(document.meta.source_file).name
            if other_file and not replace:
                raise DuplicateDocumentError(
                    f"{document.meta.source_file}: doc_id '{document.doc_id}' is already used by "
                    f"{old['source_file']}; rename the file, give it --doc-id, or pass --replace"
                )
            twin = by_content.get(document.sha256)
            if twin and twin != document.doc_id:
                raise DuplicateDocumentError(
                    f"{document.meta.source_file}: the same text is already indexed as '{twin}' "
                    f"(remove it first with `policyqa remove {twin}` to index it under a new id)"
                )

    def _ingest(
        self, documents, sync, progress, on_plan, replace: bool = False, refresh: bool = False
    ) -> IngestSummary:
        started = time.perf_counter()
        documents = list(documents)
        summary = IngestSummary()
        self.store.discard_incomplete()
        active = self.store.active()
        first = ClauseStore.first_windows(active) if active else []
        if refresh:  # only documents still indexed with the same text
            same = {(m["doc_id"], m.get("content_sha")) for m in first}
            documents = [d for d in documents if (d.doc_id, d.sha256) in same]
        for document in documents:
            for key, value in document.repair.to_dict().items():
                if isinstance(value, int):
                    summary.repairs[key] = summary.repairs.get(key, 0) + value
        self._refuse_clashes(documents, first, replace, sync)
        indexed = {m["doc_id"]: m["doc_hash"] for m in first}

        todo: list[tuple[Document, str, Questions]] = []
        for document in documents:
            questions = self.questions(document)
            doc_hash = document_hash(document, questions)
            if indexed.get(document.doc_id) == doc_hash:
                summary.unchanged.append(document.doc_id)
            else:
                (summary.changed if document.doc_id in indexed else summary.added).append(document.doc_id)
                todo.append((document, doc_hash, questions))
        if sync:
            given = {d.doc_id for d in documents}
            summary.removed = sorted(set(indexed) - given)

        if todo or summary.removed:
            planned = [self.rows(document, doc_hash, questions) for document, doc_hash, questions in todo]
            if on_plan:
                on_plan(sum(len(texts) for _, _, texts in planned))
            summary.collection = self._build(
                active, planned, {d.doc_id for d, _, _ in todo} | set(summary.removed), progress
            )
            summary.embedded = sum(len(texts) for _, _, texts in planned)
            active = self.store.active()
        summary.clauses = ClauseStore.clause_count(active) if active else 0
        summary.seconds = time.perf_counter() - started
        return summary

    def _build(self, active, planned, replaced: set[str], progress) -> str:
        collection = self.store.new_generation(
            {"embedding_model": self.embedder.model_name, "tokenizer": self.tokenizer_fingerprint}
        )
        try:
            # written for these documents' content hashes; the generation publishing is what
            # makes them count (a build that fails leaves them to prune_questions)
            questions = self.store.questions(create=True)
            if active is not None:
                where = {"doc_id": {"$nin": sorted(replaced)}} if replaced else None
                kept = list(ClauseStore.rows(active, where=where, with_embeddings=True))
                ClauseStore.add(collection, kept)
            pending = [
                row for ids, metadatas, texts in planned for row in zip(ids, texts, metadatas, strict=True)
            ]
            # Similar lengths per batch: padding to the longest text of a batch is wasted work.
            pending.sort(key=lambda row: len(row[1]))
            for start in range(0, len(pending), 64):
                batch = pending[start : start + 64]
                vectors = self.embedder.embed([text for _, text, _ in batch])
                rows = [Row(i, v, t, m) for (i, t, m), v in zip(batch, vectors, strict=True)]
                ClauseStore.add(collection, [r for r in rows if r.metadata["window"] != QUESTION_ROW])
                ClauseStore.add(
                    questions, [r for r in rows if r.metadata["window"] == QUESTION_ROW], upsert=True
                )
                if progress:
                    progress(len(batch))
            self.store.publish(collection)
        except BaseException as error:
            # Interrupted or failed: the previous generation still serves; drop the partial one.
            with contextlib.suppress(Exception):
                self.store.client.delete_collection(collection.name)
                self.store.remove_orphans()
            if _disk_full(error):
                raise IndexWriteError(
                    "the disk is full: the new index could not be written; the previous one is "
                    "unchanged and still serving"
                ) from None
            raise
        return collection.name

    def remove(self, doc_ids: list[str], on_wait: Callable[[str], None] | None = None) -> IngestSummary:
        """Remove documents by id: a new generation without them, published atomically."""
        with self.store.writer(on_wait):
            return self._remove(doc_ids)

    def _remove(self, doc_ids: list[str]) -> IngestSummary:
        started = time.perf_counter()
        active = self.store.active()
        indexed = {m["doc_id"] for m in ClauseStore.first_windows(active)} if active else set()
        missing = sorted(set(doc_ids) - indexed)
        if missing:
            raise NotFoundError(f"not in the index: {', '.join(missing)} (see `policyqa docs`)")
        summary = IngestSummary(removed=sorted(set(doc_ids)))
        summary.collection = self._build(active, [], set(doc_ids), None)
        summary.clauses = ClauseStore.clause_count(self.store.active())
        summary.seconds = time.perf_counter() - started
        return summary
