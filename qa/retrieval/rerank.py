"""An optional second look at the fused hits: a cross-encoder reads the question and each clause
together and reorders them. Off unless configured (qa/config.py):

- `POLICYQA_RERANKER=/path/to/folder`: a sentence-transformers CrossEncoder loaded from a local
  folder (e.g. a copied bge-reranker-v2-m3), in-process, lazily, once per process;
- `POLICYQA_RERANK_URL=http://host:port/rerank` (or its base URL): an HTTP rerank endpoint. One
  request shape serves TEI (`texts`, answers `[{index, score}]`) and the Jina/Cohere shape of
  Xinference, vLLM and llama.cpp (`documents`, answers `{results: [{index, relevance_score}]}`):
  each of those servers ignores the other's key (checked in their sources), and the answer is read
  by its shape.

A reranker that fails never fails a search: the fused order is kept, a warning is logged and the
search records the skip. Each reranked hit keeps its fused `score` (the answerability judge was
fitted on it) and gets the cross-encoder's score in `signal_scores["rerank"]`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from qa.config import Settings
from qa.records import Hit

log = logging.getLogger("policyqa")

# What a cross-encoder reads of a clause: its document title and heading path (as the embedder
# does) and the clause, cut here: policy clauses rarely run longer, and cost grows with length.
MAX_PASSAGE_CHARS = 1024
# Tokens per (question, clause) pair for a local model: bge-reranker's own default; bge-m3-based
# models accept 8192, which would make a CPU spend seconds per clause.
MAX_LENGTH = 512
# After a failure, a server is left alone this long: a host that does not answer would otherwise
# cost every search its full timeout.
RETRY_AFTER_SECONDS = 30.0


class RerankError(RuntimeError):
    """The reranker could not score the passages (the search keeps the fused order)."""


class RerankResting(RerankError):
    """The reranker failed a moment ago and is not asked again yet."""


class Reranker(Protocol):
    name: str

    def scores(self, query: str, passages: list[str]) -> list[float | None]:
        """One score per passage, higher is more relevant (None: the reranker returned none)."""
        ...


def pool_size(top_k: int) -> int:
    """How many fused hits the reranker reorders to return top_k: twice as many, at most 10 more
    (a clause just below the cut is the one a reranker most often lifts; each costs a pair)."""
    return top_k + min(top_k, 10)


def passage(doc_title: str, path: Sequence[str], text: str) -> str:
    """The text a cross-encoder reads for a clause: title, heading path, then the clause."""
    return "\n".join([doc_title, *path, text])[:MAX_PASSAGE_CHARS]


class LocalReranker:
    """A sentence-transformers CrossEncoder from a local folder, loaded on first use. A folder that
    cannot be loaded is not tried again in this process (each try would cost seconds)."""

    def __init__(self, folder: str, max_length: int = MAX_LENGTH):
        self.folder = str(Path(folder).expanduser())
        self.name = self.folder
        self.max_length = max_length
        self._model = None
        self._failure: str | None = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._failure is not None:
                raise RerankResting(self._failure)
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self):
        from sentence_transformers import CrossEncoder
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()
        try:
            # local_files_only: a folder that is not one must not turn into a hub lookup
            return CrossEncoder(self.folder, device="cpu", max_length=self.max_length, local_files_only=True)
        except Exception as error:  # a missing or broken folder: all mean "can't load"
            first_line = f"{type(error).__name__}: {error}".split("\n")[0]
            self._failure = f"cannot load reranker '{self.folder}' ({first_line})"
            raise RerankError(self._failure) from None

    def scores(self, query: str, passages: list[str]) -> list[float | None]:
        predicted = self.model.predict([(query, p) for p in passages], batch_size=16, show_progress_bar=False)
        return [float(s) for s in predicted]


def endpoint(url: str) -> str:
    """The rerank route of a server: the URL itself when it names it (…/rerank), else its base
    URL + /rerank (http://host:9997/v1 → http://host:9997/v1/rerank)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    if not path.endswith("rerank"):
        path += "/rerank"
    return urlunsplit(parts._replace(path=path))


def parse_scores(payload: object, count: int) -> list[float | None]:
    """Scores by passage position from either answer shape: TEI's `[{index, score}]` or
    `{results: [{index, relevance_score}]}` (Jina, Cohere, Xinference, vLLM, llama.cpp)."""
    if isinstance(payload, dict) and isinstance(payload.get("results"), list):
        items = payload["results"]
    elif isinstance(payload, list):
        items = payload
    else:
        raise RerankError(f"unexpected rerank answer: {str(payload)[:120]}")
    scores: list[float | None] = [None] * count
    for item in items:
        if not isinstance(item, dict):
            raise RerankError(f"unexpected rerank result: {str(item)[:120]}")
        index = item.get("index")
        score = item.get("relevance_score", item.get("score"))
        if not isinstance(index, int) or not 0 <= index < count or not isinstance(score, int | float):
            raise RerankError(f"unexpected rerank result: {str(item)[:120]}")
        scores[index] = float(score)
    if all(s is None for s in scores):
        raise RerankError("the rerank answer scored no passage")
    return scores


class HttpReranker:
    """An HTTP /rerank endpoint. The body carries the passages as `documents` and as `texts`:
    Xinference and vLLM (pydantic) and TEI (serde) ignore keys they do not know, and llama.cpp
    reads either (answering in TEI's shape when `texts` is present)."""

    def __init__(
        self,
        url: str,
        model: str | None = None,
        api_key: str | None = None,
        timeout: float = 15.0,
        retry_after: float = RETRY_AFTER_SECONDS,
    ):
        import httpx

        self.url = endpoint(url)
        self.name = self.url
        self.model = model
        self.retry_after = retry_after
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(timeout=timeout, headers=headers)
        self._resting_until = 0.0

    def scores(self, query: str, passages: list[str]) -> list[float | None]:
        if time.monotonic() < self._resting_until:
            raise RerankResting(f"{self.url} failed less than {self.retry_after:.0f} s ago")
        body: dict[str, object] = {
            "query": query,
            "documents": passages,
            "texts": passages,
            "top_n": len(passages),  # all of them: some servers return 10 or fewer by default
            "truncate": True,  # TEI refuses a pair longer than the model's window otherwise
        }
        if self.model:
            body["model"] = self.model  # Xinference requires it (the model's uid)
        try:
            response = self._client.post(self.url, json=body)
            response.raise_for_status()
            return parse_scores(response.json(), len(passages))
        except Exception as error:
            self._resting_until = time.monotonic() + self.retry_after
            if isinstance(error, RerankError):
                raise
            raise RerankError(f"{self.url}: {type(error).__name__}: {error}".split("\n")[0]) from None


@lru_cache(maxsize=4)
def _local(folder: str) -> LocalReranker:
    return LocalReranker(folder)


@lru_cache(maxsize=4)
def _http(url: str, model: str | None, api_key: str | None, timeout: float) -> HttpReranker:
    return HttpReranker(url, model, api_key, timeout)


def get_reranker(settings: Settings) -> Reranker | None:
    """The process-wide reranker the settings ask for, or None (the default: no reranking)."""
    if settings.rerank_url:
        if settings.reranker:
            log.warning("both POLICYQA_RERANK_URL and POLICYQA_RERANKER are set: using the server")
        return _http(
            settings.rerank_url, settings.rerank_model, settings.rerank_api_key, settings.rerank_timeout
        )
    if settings.reranker:
        return _local(settings.reranker)
    return None


def rerank(
    reranker: Reranker, query: str, hits: list[Hit], passages: list[str], top_k: int
) -> tuple[list[Hit], str | None]:
    """The hits reordered by the reranker's scores (each score kept in signal_scores["rerank"]),
    cut to top_k, and None; or, when the reranker fails, the fused order cut to top_k and why."""
    if not hits:
        return hits, None
    try:
        scores = reranker.scores(query, passages)
        if len(scores) != len(hits):
            raise RerankError(f"{len(scores)} scores for {len(hits)} passages")
    except Exception as error:  # whatever the reranker does, the search goes on
        reason = str(error) or type(error).__name__
        if isinstance(error, RerankResting):
            log.debug("reranking skipped: %s", reason)
        else:
            log.warning("reranking skipped, fused order kept: %s", reason)
        return hits[:top_k], reason
    scores = [s if s is not None and math.isfinite(s) else None for s in scores]
    # scored hits first, best first; ties and unscored hits keep their fused order
    order = sorted(range(len(hits)), key=lambda i: (scores[i] is None, -(scores[i] or 0.0), i))
    reranked = [
        hits[i]
        if scores[i] is None
        else replace(hits[i], signal_scores={**hits[i].signal_scores, "rerank": round(scores[i], 4)})
        for i in order[:top_k]
    ]
    return reranked, None
