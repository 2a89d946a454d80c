"""The questions written for the active index's clauses (qa.index.expansion), searchable by
words (BM25 over jieba tokens): the lexical half of question search; the dense half is Chroma's
question rows. A question is only a way to a clause: it is never quoted."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from qa.index.store import QUESTION_ROW, ClauseStore
from qa.retrieval.bm25 import BM25Index
from qa.retrieval.tokenizer import expand


class QuestionIndex:
    def __init__(self, collection, tokenize: Callable[[str], list[str]]):
        self.tokenize = tokenize
        self.keys: list[tuple[str, int]] = []  # (clause_id, number)
        self.doc_ids: list[str] = []
        tokens = []
        for row in ClauseStore.rows(collection, where={"window": QUESTION_ROW}):
            self.keys.append((row.metadata["clause_id"], int(row.metadata["question"])))
            self.doc_ids.append(row.metadata["doc_id"])
            tokens.append(tokenize(row.document))
        self.bm25 = BM25Index(tokens)

    def __len__(self) -> int:
        return len(self.keys)

    def top(self, query: str, k: int, doc_ids=None) -> dict[tuple[str, int], float]:
        """The k best questions by BM25 (within some documents), best first."""
        if not self.keys:
            return {}
        mask = None
        if doc_ids is not None:
            mask = np.fromiter((d in doc_ids for d in self.doc_ids), dtype=bool, count=len(self.doc_ids))
        found = self.bm25.top(expand(self.tokenize(query), query, self.tokenize), k, mask)
        return {self.keys[i]: score for i, score in found}
