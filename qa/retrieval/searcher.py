"""The search service: a question in, ranked clauses out (dense + BM25, fused, scoped, and
reranked when a reranker is configured: rerank.py).

Holds the process-wide pieces (embedder, tokenizer, reranker, the catalog of the active index) and
notices when an ingest publishes a new index generation.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from qa.config import Settings
from qa.index.embedder import get_embedder
from qa.index.store import ClauseStore, IndexUnavailableError, unreachable
from qa.records import ClauseRef, Hit
from qa.retrieval.bm25 import BM25Index, idf_function
from qa.retrieval.catalog import ClauseCatalog, IndexedClause
from qa.retrieval.national import national_first
from qa.retrieval.questions import QuestionVectors
from qa.retrieval.rerank import Reranker, get_reranker, passage, pool_size, rerank
from qa.retrieval.retrievers import (
    BM25ClauseRetriever,
    ClauseNodes,
    CollectionChanged,
    DenseClauseRetriever,
    HybridClauseRetriever,
    QuestionClauseRetriever,
    SentenceClauseRetriever,
    TaughtTermRetriever,
    Timings,
)
from qa.retrieval.scope import Scope, SearchFilters, current_versions, lacking, resolve_scope
from qa.retrieval.sentences import SentenceIndex
from qa.retrieval.tokenizer import get_tokenizer, is_taught, taught_rewrite, with_taught

# Each signal's weight in the reciprocal-rank fusion: equal. On dev, BM25 weighted 1.5-2x or the
# sentence signal halved lowered hit@1 (0.689 equal → 0.644-0.689); without sentences it is 0.576.
# `questions` (document expansion) counts only near-paraphrases of written questions (retrievers.py).
# `taught` (the clauses holding the policy words of words staff taught) is there only when the
# question uses one; the evaluation teaches none, so its figures are those of the other signals.
FUSION_WEIGHTS = {"dense": 1.0, "bm25": 1.0, "sentence": 1.0, "questions": 1.0, "taught": 1.0}
SENTENCES_PER_HIT = 3
_STORE_DOWN = "the index store did not answer ({}); is the Chroma server up?"  # the best-matching sentences a hit carries
_RECHECK_SECONDS = 2.0  # how often to look for a newly published index generation


@dataclass
class SearchResult:
    hits: list[Hit]
    scope: Scope
    timings_ms: dict[str, float] = field(default_factory=dict)
    rerank_skipped: str | None = None  # why a configured reranker was not applied (fused order kept)


def _vanished(error: Exception) -> bool:
    """Chroma's way of saying a collection no longer exists (its type differs across versions)."""
    if isinstance(error, CollectionChanged):
        return True
    text = f"{type(error).__name__}: {error}".lower()
    return (
        "notfound" in text.replace(" ", "") or "does not exist" in text or "missing metadata segment" in text
    )


def _hit(entry: IndexedClause, score: float, ranks=None, signal_scores=None, sentences=None) -> Hit:
    clause, doc = entry.clause, entry.doc
    return Hit(
        ref=ClauseRef(
            clause.clause_id, clause.doc_id, clause.source_file, clause.locator, doc.title, doc.doc_number
        ),
        title=clause.title,
        score=score,
        text=clause.text,
        kind=clause.kind,
        ranks=ranks or {},
        signal_scores=signal_scores or {},
        sentences=sentences or [],
    )


class _Loaded:
    def __init__(self, collection, catalog: ClauseCatalog, tokenize, store: ClauseStore):
        self.collection = collection
        self.catalog = catalog
        self.nodes = ClauseNodes(catalog)
        self.bm25 = BM25Index([e.tokens for e in catalog.entries])
        self.idf = idf_function([e.tokens for e in catalog.entries])
        self.sentences = SentenceIndex(catalog, tokenize)
        self._store = store

    @cached_property
    def questions(self) -> QuestionVectors:
        """Written for clauses (document expansion); loaded at the first search, not when only the
        catalog is wanted (listing documents, checking an upload)."""
        return QuestionVectors(self._store, self.catalog.doc_hashes)


class _QueryVectors:
    """The embedder, remembering recent query vectors: clause and sentence search embed the same
    question, and a comparison searches it once per place."""

    def __init__(self, embedder, size: int = 256):
        self.embedder = embedder
        self.embed_query = lru_cache(maxsize=size)(embedder.embed_query)


class Searcher:
    def __init__(
        self,
        settings: Settings,
        store: ClauseStore | None = None,
        embedder=None,
        tokenizer=None,
        reranker: Reranker | None = None,
    ):
        self.settings = settings
        # None unless POLICYQA_RERANKER or POLICYQA_RERANK_URL is set; loads nothing until used
        self.reranker = reranker if reranker is not None else get_reranker(settings)
        self.store = store or ClauseStore.open(settings)
        self.embedder = embedder or get_embedder(settings.embedding_model)
        self._queries = _QueryVectors(self.embedder)
        self.tokenizer = tokenizer or get_tokenizer()
        self._loaded: _Loaded | None = None
        self._checked = 0.0
        self._lock = threading.Lock()

    def loaded(self) -> _Loaded:
        try:
            return self._load()
        except IndexUnavailableError:
            raise
        except Exception as error:
            if unreachable(error):
                raise IndexUnavailableError(_STORE_DOWN.format(type(error).__name__)) from None
            raise

    def _load(self) -> _Loaded:
        with self._lock:
            now = time.monotonic()
            if self._loaded is None or now - self._checked > _RECHECK_SECONDS:
                self._checked = now
                collection = self.store.require_active(
                    f" in {self.settings.chroma_url or self.settings.data_dir}"
                )
                if self._loaded is None or self._loaded.collection.name != collection.name:
                    catalog = ClauseCatalog.load(collection, self.tokenizer, self.tokenizer.fingerprint)
                    self._loaded = _Loaded(collection, catalog, self.tokenizer, self.store)
            return self._loaded

    def reload(self) -> None:
        """Look for a newly published generation on the next call (after this process ingested)."""
        with self._lock:
            self._checked = 0.0

    @property
    def catalog(self) -> ClauseCatalog:
        return self.loaded().catalog

    def retrievers(
        self, top_k: int, doc_ids=None, timings: Timings | None = None, taught: bool = False
    ) -> HybridClauseRetriever:
        """The llama-index retriever chain for one query: clauses by meaning, clauses by words,
        and clauses by their best sentence, fused; with `taught`, the clauses holding the policy
        words of the taught words the question uses too."""
        loaded = self.loaded()
        timings = timings or Timings()
        depth = max(20, top_k * 4)
        queries = self._queries
        dense = DenseClauseRetriever(loaded.collection, queries, loaded.nodes, depth, doc_ids, timings)
        bm25 = BM25ClauseRetriever(loaded.bm25, self.tokenizer, loaded.nodes, depth, doc_ids, timings)
        sentence = SentenceClauseRetriever(
            loaded.collection, queries, loaded.sentences, loaded.nodes, depth, doc_ids, timings
        )
        signals = {"dense": dense, "bm25": bm25, "sentence": sentence}
        if taught:
            signals["taught"] = TaughtTermRetriever(
                loaded.bm25, self.tokenizer, loaded.nodes, depth, doc_ids, timings
            )
        if len(loaded.questions):
            signals["questions"] = QuestionClauseRetriever(
                loaded.questions, queries, loaded.nodes, depth, doc_ids, timings
            )
        return HybridClauseRetriever(signals, top_k, timings, FUSION_WEIGHTS)

    def query_tokens(self, text: str) -> list[str]:
        """A question's words as the answer chain weighs them: jieba's tokens, each word staff
        taught that it uses as one (下河游泳, not 下河 / 游泳)."""
        return with_taught(text, self.tokenizer(text))

    def query_idf(self) -> Callable[[str], float]:
        """The clauses' IDF, a word staff taught weighing what its pieces would have (下河游泳 as
        much as 下河 and 游泳 together): it stands for all of them, and its policy words are what a
        clause must say to be on the question's topic."""
        idf = self.loaded().idf

        def weighed(token: str) -> float:
            if not is_taught(token):
                return idf(token)
            return sum(idf(piece) for piece in self.tokenizer(token)) or idf(token)

        return weighed

    def clauses(self, clause_ids: list[str]) -> list[Hit]:
        """These clauses of the active index, as hits (ids no longer indexed are left out)."""
        catalog = self.loaded().catalog
        return [_hit(entry, 1.0) for cid in clause_ids if (entry := catalog.get(cid))]

    def under_heading(self, question: str, doc_ids=None) -> list[Hit]:
        """The clauses under the heading the question names (catalog.under_heading), as hits."""
        return [_hit(entry, 1.0) for entry in self.loaded().catalog.under_heading(question, doc_ids)]

    def search(
        self,
        question: str,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        scoped: bool = True,
    ) -> SearchResult:
        try:
            return self._search(question, top_k, filters, scoped)
        except IndexUnavailableError:
            raise
        except Exception as error:
            if unreachable(error):
                raise IndexUnavailableError(_STORE_DOWN.format(type(error).__name__)) from None
            if not (_vanished(error) or self._held_is_gone()):
                raise
            # The generation this reader held was dropped (an ingest elsewhere, past its grace
            # period): load the newest one and try once more.
            with self._lock:
                self._loaded = None
            return self._search(question, top_k, filters, scoped)

    def scope(self, question: str, filters: SearchFilters | None = None) -> Scope:
        """The documents the question (and the caller's filters) restrict a search to."""
        catalog = self.loaded().catalog
        scope = resolve_scope(
            question,
            catalog.docs,
            filters,
            self.tokenizer(question),
            catalog.profiles,
            catalog.headers,
            catalog.texts,
        )
        scope = lacking(scope, catalog.docs, catalog.mentions_year)
        return current_versions(scope, question, catalog.docs, catalog.superseded)

    def _held_is_gone(self) -> bool:
        """Whether the generation this reader holds was dropped: a query racing the deletion
        fails in several ways (a missing segment, rows without metadata), not only "not found"."""
        held = self._loaded
        try:
            return held is not None and held.collection.name not in self.store.generation_names()
        except Exception:
            return False

    def _search(
        self, question: str, top_k: int | None, filters: SearchFilters | None, scoped: bool
    ) -> SearchResult:
        started = time.perf_counter()
        top_k = top_k or self.settings.top_k
        loaded = self.loaded()
        scope = self.scope(question, filters) if scoped or filters else Scope()
        timings = Timings()
        if scope.doc_ids is not None and not scope.doc_ids:
            return SearchResult([], scope, {"total": (time.perf_counter() - started) * 1000})
        asked = scope.content(question)  # a described document: what is asked in it
        meaning = taught_rewrite(asked)  # taught words in the documents' words, for meaning search
        chain = self.retrievers(top_k, scope.doc_ids, timings, taught=meaning != asked)
        if self.reranker is not None:
            # a larger pool for the reranker to choose from; each signal's depth stays that of
            # top_k, so the fused order of the first top_k is the same as without a reranker
            chain.top_k = pool_size(top_k)
        fused = chain.retrieve_fused(asked, meaning if meaning != asked else None)
        sentences = chain.retrievers["sentence"].found
        hits = [
            _hit(
                loaded.catalog.get(item.node.node_id),
                round(item.score, 6),
                item.ranks,
                {k: round(v, 4) for k, v in item.signal_scores.items()},
                sentences.get(item.node.node_id, [])[:SENTENCES_PER_HIT],
            )
            for item in fused
        ]
        skipped = None
        if self.reranker is not None:
            hits, skipped = self._rerank(meaning, hits, top_k, loaded.catalog, timings)
        hits = national_first(hits, scope, loaded.catalog.docs)
        timings.steps["total"] = (time.perf_counter() - started) * 1000
        return SearchResult(hits, scope, {k: round(v, 2) for k, v in timings.steps.items()}, skipped)

    def _rerank(
        self, query: str, hits: list[Hit], top_k: int, catalog: ClauseCatalog, timings: Timings
    ) -> tuple[list[Hit], str | None]:
        started = time.perf_counter()
        entries = [catalog.get(h.clause_id) for h in hits]
        passages = [passage(e.doc.title, e.clause.path, e.clause.text) for e in entries]
        hits, skipped = rerank(self.reranker, query, hits, passages, top_k)
        timings.add("rerank", started)
        if skipped is not None:
            timings.steps["rerank_skipped"] = 1.0  # in the answer's timings_ms too
        return hits, skipped
