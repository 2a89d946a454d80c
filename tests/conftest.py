"""Shared fixtures. The built-in corpus is parsed once per test session."""

from __future__ import annotations

import os

import pytest

# Tests never reach a model hub or phone home.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from qa.config import Settings
from qa.corpus.loader import document_files, load_documents
from qa.records import Document


@pytest.fixture(scope="session")
def corpus() -> dict[str, Document]:
    root = Settings().corpus_dir
    return {d.doc_id: d for d in load_documents(document_files([root]), root=root)}
