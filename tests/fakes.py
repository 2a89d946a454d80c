"""Stand-ins for the heavy parts in unit tests: deterministic, instant, and countable."""

from __future__ import annotations

import hashlib

import numpy as np


class FakeEmbedder:
    """Bag-of-characters vectors (similar texts get similar vectors), counting its work.
    `fail_after` raises after that many texts, to simulate a crash mid-ingest."""

    def __init__(self, dimension: int = 64, fail_after: int | None = None, exception: type = RuntimeError):
        self.model_name = "fake-embedder"
        self.dimension = dimension
        self.max_tokens = 512
        self.embedded = 0
        self.fail_after = fail_after
        self.exception = exception

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if self.fail_after is not None and self.embedded + len(texts) > self.fail_after:
            raise self.exception("simulated crash while embedding")
        self.embedded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text:
                vectors[row, int(hashlib.md5(char.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
