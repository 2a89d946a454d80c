"""BM25 over pre-tokenized clauses (bm25s), with a mask to search only some documents."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import numpy as np


def idf_function(token_lists: list[list[str]] | list[tuple[str, ...]]) -> Callable[[str], float]:
    """BM25's inverse document frequency over clauses; a word no clause has gets the highest."""
    frequency = Counter(token for tokens in token_lists for token in set(tokens))
    documents = len(token_lists)

    def idf(token: str) -> float:
        df = frequency.get(token, 0)
        return math.log((documents - df + 0.5) / (df + 0.5) + 1.0)

    return idf


class BM25Index:
    def __init__(self, token_lists: list[list[str]] | list[tuple[str, ...]]):
        import bm25s

        self.size = len(token_lists)
        self._bm25 = bm25s.BM25()
        # bm25s cannot index an empty corpus or empty documents; a placeholder token keeps
        # positions aligned and matches nothing a query tokenizer produces.
        self._bm25.index([list(t) or ["\x00"] for t in token_lists] or [["\x00"]], show_progress=False)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        if not self.size or not query_tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_tokens), dtype=np.float32)[: self.size]

    def top(self, query_tokens: list[str], k: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """(position, score) of the k best matches with a positive score, best first."""
        scores = self.scores(query_tokens)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        candidates = np.flatnonzero(scores > 0)
        # stable: ties keep reading order
        best = candidates[np.argsort(-scores[candidates], kind="stable")][:k]
        return [(int(i), float(scores[i])) for i in best]
