"""llama-index retrievers over the clause index: dense (Chroma), BM25 (jieba tokens) and their
reciprocal-rank fusion. Each returns one node per clause (windows are folded into their clause),
and the same node object for the same clause, so any llama-index fusion can deduplicate them."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from llama_index.core.retrievers import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from qa.index.store import SENTENCE_ROW
from qa.records import SentenceHit
from qa.retrieval.bm25 import BM25Index
from qa.retrieval.catalog import ClauseCatalog
from qa.retrieval.questions import QuestionVectors
from qa.retrieval.sentences import SentenceIndex
from qa.retrieval.tokenizer import expand, taught_in

RRF_K = 60  # the constant of reciprocal rank fusion (Cormack et al.); llama-index uses the same


@dataclass
class Timings:
    """Milliseconds per step of the last retrieval, for the answer's timings_ms."""

    steps: dict[str, float] = field(default_factory=dict)

    def add(self, step: str, started: float) -> None:
        self.steps[step] = self.steps.get(step, 0.0) + (time.perf_counter() - started) * 1000


class ClauseNodes:
    """One TextNode per clause of a catalog, built once."""

    def __init__(self, catalog: ClauseCatalog):
        self.catalog = catalog
        self._nodes: dict[str, TextNode] = {}

    def node(self, clause_id: str) -> TextNode:
        if clause_id not in self._nodes:
            entry = self.catalog.get(clause_id)
            clause = entry.clause
            metadata = {
                "clause_id": clause.clause_id,
                "policy_doc_id": clause.doc_id,  # llama-index overwrites a key named doc_id
                "locator": clause.locator,
                "doc_title": entry.doc.title,
                "title": clause.title,
            }
            self._nodes[clause_id] = TextNode(
                id_=clause.clause_id,
                text=clause.text,
                metadata=metadata,
                excluded_embed_metadata_keys=list(metadata),
                excluded_llm_metadata_keys=["clause_id", "policy_doc_id"],
            )
        return self._nodes[clause_id]


class CollectionChanged(RuntimeError):
    """The collection was being deleted under the query (an ingest dropped this generation)."""


def _rows(result: dict) -> list[dict]:
    """A query's metadata rows; a row without metadata means the collection is being deleted."""
    rows = result["metadatas"][0]
    if any(row is None for row in rows):
        raise CollectionChanged("the index generation changed during the query")
    return rows


def _where(doc_ids, rows: dict) -> dict:
    """Chroma's filter: these rows (clause windows or sentences), within some documents."""
    if doc_ids is None:
        return rows
    return {"$and": [rows, {"doc_id": {"$in": sorted(doc_ids)}}]}


class DenseClauseRetriever(BaseRetriever):
    """Nearest clauses by embedding (cosine), optionally within some documents."""

    def __init__(self, collection, embedder, nodes: ClauseNodes, top_k: int = 20, doc_ids=None, timings=None):
        self.collection, self.embedder, self.nodes = collection, embedder, nodes
        self.top_k, self.doc_ids = top_k, doc_ids
        self.timings = timings or Timings()
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        started = time.perf_counter()
        vector = self.embedder.embed_query(query_bundle.embedding_strs[0])  # taught words rewritten
        self.timings.add("embed", started)
        started = time.perf_counter()
        # clause windows, not headings: a heading names a part, it states no content
        where = _where(self.doc_ids, {"$and": [{"window": {"$gte": 0}}, {"clause_kind": {"$ne": "heading"}}]})
        # Long clauses have several windows: ask for more rows, keep each clause's best window.
        result = self.collection.query(
            query_embeddings=[vector],
            n_results=self.top_k * 3,
            where=where,
            include=["metadatas", "distances"],
        )
        best: dict[str, float] = {}
        for metadata, distance in zip(_rows(result), result["distances"][0], strict=True):
            clause_id = metadata["clause_id"]
            best[clause_id] = max(best.get(clause_id, -1.0), 1.0 - float(distance))
        ranked = sorted(
            best.items(), key=lambda item: (-item[1], self.nodes.catalog.position.get(item[0], 0))
        )
        hits = [
            NodeWithScore(node=self.nodes.node(cid), score=score)
            for cid, score in ranked[: self.top_k]
            if self.nodes.catalog.get(cid)
        ]
        self.timings.add("dense", started)
        return hits


class BM25ClauseRetriever(BaseRetriever):
    """Clauses sharing jieba tokens with the question, scored by BM25."""

    step = "bm25"  # its name in the answer's timings

    def __init__(
        self, bm25: BM25Index, tokenize, nodes: ClauseNodes, top_k: int = 20, doc_ids=None, timings=None
    ):
        self.bm25, self.tokenize, self.nodes = bm25, tokenize, nodes
        self.top_k, self.doc_ids = top_k, doc_ids
        self.timings = timings or Timings()
        super().__init__()

    def query_tokens(self, query: str) -> list[str]:
        return expand(self.tokenize(query), query, self.tokenize)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        started = time.perf_counter()
        catalog = self.nodes.catalog
        mask = catalog.content_mask  # headings state no content
        if self.doc_ids is not None:
            mask = mask & np.fromiter(
                (d in self.doc_ids for d in catalog.doc_ids), dtype=bool, count=len(catalog.doc_ids)
            )
        hits = [
            NodeWithScore(node=self.nodes.node(catalog.entries[i].clause.clause_id), score=score)
            for i, score in self.bm25.top(self.query_tokens(query_bundle.query_str), self.top_k, mask)
        ]
        self.timings.add(self.step, started)
        return hits


class TaughtTermRetriever(BM25ClauseRetriever):
    """Clauses holding the policy words of the words staff taught that the question uses (BM25 over
    those words alone): a taught pair weighs as a signal of its own, not as a few more words in a
    long question's BM25 (where 防溺水 was first, yet fourth after fusion)."""

    step = "taught"

    def query_tokens(self, query: str) -> list[str]:
        words = [w for _, policy in taught_in(query) for w in policy]
        return [*dict.fromkeys(t for w in words for t in [w, *self.tokenize(w)])]


class SentenceClauseRetriever(BaseRetriever):
    """Clauses ranked by their best sentence: sentences found by meaning (their own vectors in
    Chroma) and by words (BM25 over sentences), fused by reciprocal rank. The sentences found for
    each clause are kept in `found`, best first, for the answer to be built from."""

    def __init__(
        self,
        collection,
        embedder,
        sentences: SentenceIndex,
        nodes: ClauseNodes,
        top_k: int = 20,
        doc_ids=None,
        timings=None,
    ):
        self.collection, self.embedder, self.sentences, self.nodes = collection, embedder, sentences, nodes
        self.top_k, self.doc_ids = top_k, doc_ids
        self.timings = timings or Timings()
        self.found: dict[str, list[SentenceHit]] = {}
        super().__init__()

    def _dense(self, query: str) -> dict[tuple[str, int], float]:
        vector = self.embedder.embed_query(query)
        result = self.collection.query(
            query_embeddings=[vector],
            n_results=self.top_k * 2,
            where=_where(self.doc_ids, {"window": SENTENCE_ROW}),
            include=["metadatas", "distances"],
        )
        return {
            (m["clause_id"], int(m["sentence"])): 1.0 - float(d)
            for m, d in zip(_rows(result), result["distances"][0], strict=True)
        }

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        started = time.perf_counter()
        dense = self._dense(query_bundle.embedding_strs[0])
        words = self.sentences.top(query_bundle.query_str, self.top_k * 2, self.doc_ids)
        fused: dict[tuple[str, int], float] = {}
        for ranked in (sorted(dense, key=lambda key: -dense[key]), list(words)):
            for rank, key in enumerate(ranked, start=1):
                fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank)
        self.found = {}
        for key in sorted(fused, key=lambda key: -fused[key]):
            clause_id, position = key
            text = self.sentences.text(clause_id, position)
            if text is None or not self.nodes.catalog.get(clause_id):
                continue
            hit = SentenceHit(position, text, round(dense.get(key, 0.0), 4), round(words.get(key, 0.0), 4))
            self.found.setdefault(clause_id, []).append(hit)
        ranked = list(self.found)[: self.top_k]
        self.timings.add("sentences", started)
        best = {cid: max(fused[(cid, s.position)] for s in self.found[cid]) for cid in ranked}
        return [NodeWithScore(node=self.nodes.node(cid), score=best[cid]) for cid in ranked]


# How close a user's question must be to a question written for a clause (document expansion,
# qa/index/expansion.py) for that to count, in m3e-small's cosine. On dev, every written question
# as a fourth signal lowered hit@1 (0.755 → 0.693; 0.722 at weight 0.3): the bundled model's
# questions are often generic ("…的目标是什么？") and pull the wrong clause up. A near-paraphrase
# (≥ 0.9) is evidence; looser matches are noise (0.85 gained nothing). Another embedding model has
# another scale: measure again (README, "Issue 21").
QUESTION_MIN_SIMILARITY = 0.9


class QuestionClauseRetriever(BaseRetriever):
    """Clauses one of whose written questions nearly paraphrases the user's question, best first.
    No questions in the index, or none close enough: no hits, and the fusion is as before."""

    def __init__(
        self,
        questions: QuestionVectors,
        embedder,
        nodes: ClauseNodes,
        top_k: int = 20,
        doc_ids=None,
        timings=None,
        min_similarity: float = QUESTION_MIN_SIMILARITY,
    ):
        self.questions, self.embedder, self.nodes = questions, embedder, nodes
        self.top_k, self.doc_ids, self.min_similarity = top_k, doc_ids, min_similarity
        self.timings = timings or Timings()
        super().__init__()

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        started = time.perf_counter()
        vector = self.embedder.embed_query(query_bundle.embedding_strs[0])
        best: dict[str, float] = {}  # nearest first: a clause's first question is its best
        for clause_id, similarity in self.questions.nearest(vector, self.top_k, self.doc_ids):
            if similarity >= self.min_similarity and clause_id not in best:
                best[clause_id] = similarity
        hits = [
            NodeWithScore(node=self.nodes.node(cid), score=score)
            for cid, score in best.items()
            if self.nodes.catalog.get(cid)
        ]
        self.timings.add("questions", started)
        return hits


@dataclass
class FusedHit:
    node: TextNode
    score: float
    ranks: dict[str, int | None]
    signal_scores: dict[str, float]


class HybridClauseRetriever(BaseRetriever):
    """Reciprocal rank fusion of named retrievers: score = sum of 1 / (RRF_K + rank)."""

    def __init__(self, retrievers: dict[str, BaseRetriever], top_k: int = 5, timings=None, weights=None):
        self.retrievers, self.top_k = retrievers, top_k
        self.weights: dict[str, float] = weights or {}
        self.timings = timings or Timings()
        super().__init__()

    def retrieve_fused(self, query: str, meaning: str | None = None) -> list[FusedHit]:
        """`meaning`: what the dense retrievers embed when it differs from the words searched
        (the question with its taught words replaced by their policy words)."""
        bundle = QueryBundle(query_str=query, custom_embedding_strs=[meaning] if meaning else None)
        lists = {name: retriever.retrieve(bundle) for name, retriever in self.retrievers.items()}
        started = time.perf_counter()
        fused: dict[str, FusedHit] = {}
        for name, hits in lists.items():
            for rank, hit in enumerate(hits, start=1):
                entry = fused.setdefault(
                    hit.node.node_id, FusedHit(hit.node, 0.0, dict.fromkeys(self.retrievers), {})
                )
                entry.score += self.weights.get(name, 1.0) / (RRF_K + rank)
                entry.ranks[name] = rank
                entry.signal_scores[name] = float(hit.score or 0.0)
        ordered = sorted(fused.values(), key=lambda h: -h.score)[: self.top_k]
        self.timings.add("fuse", started)
        return ordered

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [
            NodeWithScore(node=h.node, score=h.score) for h in self.retrieve_fused(query_bundle.query_str)
        ]
