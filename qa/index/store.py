"""The clause index in Chroma: embedded (PersistentClient) or a server (HttpClient).

One logical index per (corpus, embedding model). It is stored as numbered generations of a
Chroma collection, `policyqa-<corpus>-<model>-g<N>`; readers use the newest generation whose
metadata says `complete`. An ingest writes a new generation and marks it complete last, so a crash
or Ctrl-C mid-ingest leaves the previous generation serving, whole.

We always pass our own vectors: Chroma's default embedding function would download a model.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import httpx
import numpy as np

from qa.config import Settings
from qa.errors import EmptyLibraryError, IndexUnavailableError
from qa.index.embedder import model_slug
from qa.index.lock import writer_lock

# Bump when what is stored per clause changes: every document is then re-indexed.
# 2: sentence rows beside the clause windows; 3: headings indexed as units; 4: question rows;
# 5: questions in a collection of their own
SCHEMA_VERSION = 5
SENTENCE_ROW = -1  # the `window` of a sentence row; clause windows count from 0
QUESTION_ROW = -2  # the `window` of a question written for a clause (expansion.py): found, never quoted
# Questions live in one collection of their own, keyed by the content hash of the document they were
# written for, shared by every generation: in the clause collection they slowed every filtered
# clause and sentence query by ~4 ms, and copying them into each new generation slowed an upload by
# a second. Search holds a generation's questions in memory (qa/retrieval/questions.py); questions
# of documents no generation holds any more are dropped when generations are pruned.
QUESTIONS_SUFFIX = "-questions"
_BATCH = 1000


@dataclass(frozen=True)
class Row:
    """One Chroma record: a clause window with its vector."""

    id: str
    embedding: np.ndarray | list[float]
    document: str
    metadata: dict


def connect(settings: Settings):
    """A Chroma client for the settings: a server when chroma_url is set, else on-disk."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in ("http", "https") or not url.hostname:
            raise IndexUnavailableError(
                f"chroma url must look like http://host:8000, got '{settings.chroma_url}'"
            )
        try:
            # Chroma's client waits forever on a server that accepts but never answers: ask first,
            # with a deadline, then bound every later call the same way.
            httpx.get(f"{settings.chroma_url.rstrip('/')}/api/v2/heartbeat", timeout=settings.store_timeout)
            client = chromadb.HttpClient(
                host=url.hostname,
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
            client._server._session.timeout = httpx.Timeout(settings.store_timeout)
            client.heartbeat()
        except Exception as error:  # connection refused, DNS, TLS, timeout …: "no server there"
            raise IndexUnavailableError(
                f"no Chroma server at {settings.chroma_url} ({type(error).__name__})"
            ) from None
        return client
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _lock_folder(settings: Settings) -> Path:
    """Where writers take turns: the data dir, or for a Chroma server (where nothing is written
    locally) a folder of the temp dir named after its address: writers on this host take turns."""
    if not settings.chroma_url:
        return settings.data_dir
    digest = hashlib.sha256(settings.chroma_url.encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"policyqa-{digest}"


def unreachable(error: BaseException) -> bool:
    """The store did not answer: refused, reset, timed out (httpx or the OS says so)."""
    return isinstance(error, httpx.TransportError | ConnectionError | TimeoutError)


def _clean(metadata: dict) -> dict:
    """Chroma takes str/int/float/bool values only: drop None, serialise the rest."""
    clean = {}
    for key, value in metadata.items():
        if value is None:
            continue
        clean[key] = (
            value if isinstance(value, str | int | float | bool) else json.dumps(value, ensure_ascii=False)
        )
    return clean


class ClauseStore:
    """The generations of one index and the few operations ingest and search need."""

    def __init__(
        self,
        client,
        corpus_name: str,
        embedding_model: str,
        grace_seconds: float = 60.0,
        lock_folder: Path | None = None,
        lock_timeout: float = 600.0,
    ):
        self.client = client
        self.grace_seconds = grace_seconds
        self.lock_folder = lock_folder  # where writers take turns (None: one writer assumed)
        self.lock_timeout = lock_timeout
        slug = re.sub(r"[^a-z0-9-]+", "-", f"{corpus_name}-{model_slug(embedding_model)}".lower()).strip("-")
        self.base = f"policyqa-{slug}"
        self.embedding_model = embedding_model

    @classmethod
    def open(cls, settings: Settings) -> ClauseStore:
        return cls(
            connect(settings),
            settings.corpus_name,
            settings.embedding_model,
            settings.generation_grace_seconds,
            _lock_folder(settings),
            settings.ingest_lock_timeout,
        )

    def writer(self, on_wait=None):
        """The exclusive right to build and publish a generation (lock.py)."""
        if self.lock_folder is None:
            return contextlib.nullcontext()
        return writer_lock(self.lock_folder, self.lock_timeout, on_wait)

    # -- generations ------------------------------------------------------------------------
    def _generations(self) -> list[tuple[int, object]]:
        pattern = re.compile(re.escape(self.base) + r"-g(\d+)$")
        found = []
        for collection in self.client.list_collections():
            name = collection if isinstance(collection, str) else collection.name
            if match := pattern.match(name):
                found.append((int(match.group(1)), name))
        return sorted(found)

    def generation_names(self) -> list[str]:
        """Every generation's collection name, oldest first (the serving one and those kept)."""
        return [name for _, name in self._generations()]

    def _collection(self, name: str):
        return self.client.get_collection(name, embedding_function=None)

    def questions(self, create: bool = False):
        """The collection of written questions (None when there is none and `create` is off)."""
        name = self.base + QUESTIONS_SUFFIX
        if create:
            return self.client.get_or_create_collection(
                name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
        try:
            return self._collection(name)
        except Exception:  # chromadb raises NotFoundError (ValueError in older versions)
            return None

    def prune_questions(self) -> int:
        """Drop the questions of documents no generation holds (removed, changed, or written for a
        build that never published); how many."""
        questions = self.questions()
        if questions is None:
            return 0
        live = {
            m["doc_hash"]
            for name in self.generation_names()
            for m in ClauseStore.first_windows(self._collection(name))
        }
        stale = [row.id for row in ClauseStore.rows(questions) if row.metadata.get("doc_hash") not in live]
        for start in range(0, len(stale), _BATCH):
            questions.delete(ids=stale[start : start + _BATCH])
        return len(stale)

    def active(self):
        """The collection searches read: the newest complete generation, or None."""
        for _, name in reversed(self._generations()):
            collection = self._collection(name)
            if (collection.metadata or {}).get("complete"):
                return collection
        return None

    def require_active(self, data_hint: str = ""):
        collection = self.active()
        if collection is None:
            raise EmptyLibraryError(
                f"no index yet{data_hint}: build it with `policyqa ingest` (the built-in corpus) "
                "or `policyqa ingest FILES…`"
            )
        return collection

    def new_generation(self, info: dict):
        generations = self._generations()
        number = (generations[-1][0] + 1) if generations else 1
        metadata = _clean({**info, "complete": False, "generation": number, "schema": SCHEMA_VERSION})
        return self.client.create_collection(
            f"{self.base}-g{number}",
            configuration={"hnsw": {"space": "cosine"}},
            metadata=metadata,
            embedding_function=None,
        )

    def publish(self, collection) -> None:
        """Make `collection` the one searches read. The generations it supersedes are kept for
        `grace_seconds` (a server reading one mid-request must not lose it), then dropped by a
        later publish or `prune()`."""
        now = time.time()
        metadata = dict(collection.metadata or {})
        metadata.update(complete=True, published=datetime.now(UTC).isoformat(timespec="seconds"))
        collection.modify(metadata=metadata)
        for _, name in self._generations():
            old = self._collection(name)
            if name != collection.name and "superseded_at" not in (old.metadata or {}):
                old.modify(metadata={**(old.metadata or {}), "superseded_at": now})
        self.prune(now)

    def prune(self, now: float | None = None) -> list[str]:
        """Drop the generations superseded more than `grace_seconds` ago; their names."""
        now = time.time() if now is None else now
        dropped = []
        for _, name in self._generations():
            superseded = (self._collection(name).metadata or {}).get("superseded_at")
            if superseded is not None and now - float(superseded) >= self.grace_seconds:
                self.client.delete_collection(name)
                dropped.append(name)
        if dropped:
            self.prune_questions()
            self.remove_orphans()
        return dropped

    def folder(self) -> Path | None:
        """Where an embedded Chroma keeps its files (None for a server)."""
        directory = getattr(self.client.get_settings(), "persist_directory", None)
        return Path(directory) if directory and (Path(directory) / "chroma.sqlite3").exists() else None

    def remove_orphans(self) -> list[str]:
        """Delete the vector-index folders that deleted collections leave behind (a known Chroma
        behaviour: 14 orphans beside one live folder after 15 re-indexes). A folder is an orphan
        when no segment of Chroma's own catalogue names it."""
        folder = self.folder()
        if folder is None:
            return []
        with sqlite3.connect(folder / "chroma.sqlite3") as catalogue:
            live = {row[0] for row in catalogue.execute("SELECT id FROM segments")}
        orphans = [
            p for p in folder.iterdir() if p.is_dir() and _UUID.fullmatch(p.name) and p.name not in live
        ]
        for path in orphans:
            shutil.rmtree(path, ignore_errors=True)
        return [p.name for p in orphans]

    def size_bytes(self) -> int | None:
        """Bytes on disk of an embedded index (None for a server)."""
        folder = self.folder()
        return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) if folder else None

    def discard_incomplete(self) -> int:
        """Remove generations left by an interrupted ingest (never the active one)."""
        active = self.active()
        dropped = 0
        for _, name in self._generations():
            is_active = active is not None and name == active.name
            if not is_active and not (self._collection(name).metadata or {}).get("complete"):
                self.client.delete_collection(name)
                dropped += 1
        if dropped:
            self.prune_questions()
            self.remove_orphans()
        return dropped

    # -- rows -------------------------------------------------------------------------------
    @staticmethod
    def add(collection, rows: list[Row], upsert: bool = False) -> None:
        """`upsert`: rows already there are replaced (questions written again after a crash)."""
        for start in range(0, len(rows), _BATCH):
            batch = rows[start : start + _BATCH]
            (collection.upsert if upsert else collection.add)(
                ids=[r.id for r in batch],
                embeddings=np.asarray([np.asarray(r.embedding, dtype=np.float32) for r in batch]),
                documents=[r.document for r in batch],
                metadatas=[_clean(r.metadata) for r in batch],
            )

    @staticmethod
    def rows(collection, where: dict | None = None, with_embeddings: bool = False) -> Iterator[Row]:
        if collection is None:  # e.g. the questions of a generation that has none
            return
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        offset = 0
        while True:
            page = collection.get(where=where, include=include, limit=_BATCH, offset=offset)
            ids = page["ids"]
            if not ids:
                return
            embeddings = page.get("embeddings") if with_embeddings else None
            for i, row_id in enumerate(ids):
                yield Row(
                    row_id,
                    embeddings[i] if embeddings is not None else [],
                    page["documents"][i],
                    page["metadatas"][i],
                )
            offset += len(ids)

    @staticmethod
    def clause_count(collection) -> int:
        """The indexed units that say something (headings, indexed as structure, not counted)."""
        return sum(1 for m in ClauseStore.first_windows(collection) if m.get("clause_kind") != "heading")

    @staticmethod
    def first_windows(collection) -> list[dict]:
        """Metadata of every clause's first window: one entry per clause, with its full record."""
        return [row.metadata for row in ClauseStore.rows(collection, where={"window": 0})]
