"""The sentences of the active index's clauses, searchable by words (BM25 over jieba tokens):
the lexical half of sentence-level retrieval (the dense half is Chroma's sentence rows)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qa.index.windows import indexed_sentences
from qa.retrieval.bm25 import BM25Index
from qa.retrieval.catalog import ClauseCatalog
from qa.retrieval.tokenizer import expand


class SentenceIndex:
    def __init__(self, catalog: ClauseCatalog, tokenize: Callable[[str], list[str]]):
        self.tokenize = tokenize
        self.keys: list[tuple[str, int]] = []  # (clause_id, position), in reading order
        self.doc_ids: list[str] = []
        self._text: dict[tuple[str, int], str] = {}
        tokens = []
        for entry in catalog.entries:
            if entry.clause.kind == "heading":  # a heading is a name, not a statement
                continue
            for position, sentence in indexed_sentences(entry.clause.text):
                key = (entry.clause.clause_id, position)
                self.keys.append(key)
                self.doc_ids.append(entry.doc.doc_id)
                self._text[key] = sentence
                tokens.append(tokenize(sentence))
        self.bm25 = BM25Index(tokens)

    def text(self, clause_id: str, position: int) -> str | None:
        return self._text.get((clause_id, position))

    def top(self, query: str, k: int, doc_ids=None) -> dict[tuple[str, int], float]:
        """The k best sentences by BM25 (within some documents), best first."""
        mask = None
        if doc_ids is not None:
            mask = np.fromiter((d in doc_ids for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))
        found = self.bm25.top(expand(self.tokenize(query), query, self.tokenize), k, mask)
        return {self.keys[i]: score for i, score in found}
