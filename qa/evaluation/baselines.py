"""Simpler retrieval designs run over the same golden questions, so that every claim that the
clause pipeline is better is measured in the same run:

- `naive-chunks`: what a llama-index tutorial builds: default `SentenceSplitter` chunks of the raw
  text (no repair, no clause structure), the same embedding model, vector top-k.
- `bm25`: jieba BM25 over our clauses alone.
- `dense`: dense search over our clauses alone.
The full pipeline's own retrieval (hybrid, scoped) comes from the answers of the main run.

A retrieved passage counts as evidence when it is an evidence clause or when its text contains
the evidence quote: the only test that also works for chunks, which have no clause ids. Chunk
text is compared after the same normalization the parser applies (traditional characters,
punctuation, spaces), so the naive design is not penalized for the source's noise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from statistics import mean
from typing import Any, Protocol

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.schema import QueryBundle
from pydantic import PrivateAttr

from qa.corpus.repair import repair
from qa.evaluation.golden import GoldenItem
from qa.records import Answer, Document

QUOTE_MATCH_CHARS = 20  # a quote split across two chunks still counts when this much is in one


@dataclass(frozen=True)
class Passage:
    text: str
    clause_id: str | None = None


class RetrievalDesign(Protocol):
    name: str

    def retrieve(self, question: str, top_k: int) -> list[Passage]: ...


@lru_cache(maxsize=4096)  # each passage is compared with several questions' quotes
def _normalized(text: str) -> str:
    return "".join(line.text for line in repair(text).lines).replace(" ", "")


def contains_evidence(passage: Passage, item: GoldenItem) -> bool:
    if passage.clause_id is not None and passage.clause_id in item.evidence_ids:
        return True
    text = _normalized(passage.text)
    for _, quote in item.evidence:
        quote = quote.replace(" ", "")
        if quote in text:
            return True
        match = SequenceMatcher(None, quote, text, autojunk=False).find_longest_match(
            0, len(quote), 0, len(text)
        )
        if match.size >= min(len(quote), QUOTE_MATCH_CHARS):
            return True
    return False


def retrieval_metrics(items: Iterable[GoldenItem], ranked: Iterable[list[Passage]]) -> dict[str, float]:
    """hit@1/3/5, MRR (first passage with evidence) and the mean characters of the top 5 passages:
    a design that returns longer passages finds evidence more easily, so the table shows it."""
    rows = []
    for item, passages in zip(items, ranked, strict=True):
        if not item.answerable:
            continue
        rank = next((i for i, p in enumerate(passages, 1) if contains_evidence(p, item)), None)
        rows.append(
            {
                "retrieval.hit@1": float(rank == 1),
                "retrieval.hit@3": float(rank is not None and rank <= 3),
                "retrieval.hit@5": float(rank is not None and rank <= 5),
                "retrieval.mrr": 1.0 / rank if rank else 0.0,
                "retrieval.top5_chars": float(sum(len(p.text) for p in passages[:5])),
            }
        )
    if not rows:
        return {}
    return {key: round(mean(row[key] for row in rows), 4) for key in rows[0]}


class _EmbedderAdapter(BaseEmbedding):
    """Our process-wide sentence-transformers embedder as a llama-index embedding model."""

    _embedder: Any = PrivateAttr()

    def __init__(self, embedder: Any, **kwargs: Any):
        super().__init__(model_name=embedder.model_name, embed_batch_size=32, **kwargs)
        self._embedder = embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(texts).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


class NaiveChunks:
    """llama-index defaults: SentenceSplitter chunks of the raw files, VectorStoreIndex, top-k."""

    name = "naive-chunks"

    def __init__(self, documents: list[Document], embedder: Any):
        from llama_index.core import Document as LlamaDocument
        from llama_index.core import VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter

        nodes = SentenceSplitter().get_nodes_from_documents(
            [LlamaDocument(text=doc.original, metadata={"file": doc.meta.source_file}) for doc in documents]
        )
        self.chunks = len(nodes)
        self.index = VectorStoreIndex(nodes, embed_model=_EmbedderAdapter(embedder))

    def retrieve(self, question: str, top_k: int) -> list[Passage]:
        retriever = self.index.as_retriever(similarity_top_k=top_k)
        return [Passage(hit.node.get_content()) for hit in retriever.retrieve(question)]


class ClauseRetrieverDesign:
    """One of our clause retrievers (dense or BM25) alone, unscoped."""

    def __init__(self, name: str, make_retriever: Callable[[int], Any], clause_text: Callable[[str], str]):
        self.name = name
        self.make_retriever = make_retriever
        self.clause_text = clause_text

    def retrieve(self, question: str, top_k: int) -> list[Passage]:
        hits = self.make_retriever(top_k).retrieve(QueryBundle(question))[:top_k]
        return [Passage(self.clause_text(hit.node.node_id), hit.node.node_id) for hit in hits]


def clause_designs(searcher: Any) -> list[ClauseRetrieverDesign]:
    """BM25 alone and dense alone, over the same index the pipeline searches."""
    catalog = searcher.catalog

    def single(signal: str) -> Callable[[int], Any]:
        return lambda top_k: searcher.retrievers(top_k).retrievers[signal]

    def text(clause_id: str) -> str:
        return catalog.get(clause_id).clause.text

    return [
        ClauseRetrieverDesign("bm25", single("bm25"), text),
        ClauseRetrieverDesign("dense", single("dense"), text),
    ]


def pipeline_passages(answer: Answer) -> list[Passage]:
    return [Passage(hit.text, hit.clause_id) for hit in answer.retrieved]


def compare(
    items: list[GoldenItem],
    answers: list[Answer],
    designs: list[RetrievalDesign],
    top_k: int = 5,
    progress: Callable[[int], None] | None = None,
) -> dict[str, dict[str, float]]:
    """Retrieval metrics per design, the full pipeline last, measured the same way."""
    table: dict[str, dict[str, float]] = {}
    answerable = [item for item in items if item.answerable]
    for design in designs:
        ranked = []
        for item in answerable:
            ranked.append(design.retrieve(item.question, top_k))
            if progress:
                progress(1)
        table[design.name] = retrieval_metrics(answerable, ranked)
    table["pipeline"] = retrieval_metrics(
        answerable, [pipeline_passages(a) for i, a in zip(items, answers, strict=True) if i.answerable]
    )
    return table
