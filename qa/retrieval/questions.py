"""The questions written for the active index's clauses (document expansion, qa/index/expansion.py),
held as one normalised matrix in memory: comparing a question with a thousand written ones is a
fraction of a millisecond here, where one more Chroma query cost ~4 ms of each answer's time."""

from __future__ import annotations

import numpy as np

from qa.index.store import ClauseStore


class QuestionVectors:
    def __init__(self, store: ClauseStore, doc_hashes):
        """The questions written for these documents (by content hash: a generation's)."""
        clause_ids, doc_ids, vectors = [], [], []
        hashes = sorted(doc_hashes)
        where = {"doc_hash": {"$in": hashes}} if hashes else None
        questions = store.questions() if hashes else None
        for row in ClauseStore.rows(questions, where=where, with_embeddings=True):
            clause_ids.append(row.metadata["clause_id"])
            doc_ids.append(row.metadata["doc_id"])
            vectors.append(np.asarray(row.embedding, dtype=np.float32))
        self.clause_ids = clause_ids
        self.doc_ids = np.asarray(doc_ids, dtype=object)
        matrix = np.vstack(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.where(norms == 0, 1.0, norms)

    def __len__(self) -> int:
        return len(self.clause_ids)

    def nearest(self, vector, k: int, doc_ids=None) -> list[tuple[str, float]]:
        """(clause_id, cosine) of the k written questions nearest to `vector`, nearest first
        (within some documents)."""
        if not len(self):
            return []
        query = np.asarray(vector, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        similarities = self.matrix @ query
        if doc_ids is not None:
            similarities = np.where(np.isin(self.doc_ids, list(doc_ids)), similarities, -np.inf)
        order = np.argsort(-similarities, kind="stable")[:k]
        return [(self.clause_ids[i], float(similarities[i])) for i in order if similarities[i] > -np.inf]
