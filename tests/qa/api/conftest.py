"""A small app for the API's fast tests: two documents of the built-in corpus indexed with the
fake embedder (no model loaded, ~5 s to build), the bearer token set, no local model."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.config import Settings

TOKEN = "small-token"


def small_application(data_dir: Path):
    """A PolicyQA over its own data dir, searching with the fake embedder: every route works on
    it (answer, search, upload, remove) without loading a model."""
    from qa.answer.service import AnswerService
    from qa.application import PolicyQA
    from qa.index.store import ClauseStore
    from qa.retrieval.searcher import Searcher
    from tests.fakes import FakeEmbedder

    settings = Settings.from_env(
        data_dir=data_dir,
        api_token=TOKEN,
        default_corpus=False,
        chat_verify=False,
        expand_uploads=False,
        local_model_path=data_dir / "no-model.gguf",  # the local generator and check: unavailable
        max_upload_bytes=200_000,
    )
    searcher = Searcher(settings, ClauseStore.open(settings), FakeEmbedder())
    application = PolicyQA(settings, AnswerService(settings, searcher))
    corpus = {d.doc_id: d for d in application.library.corpus()}
    application.ingest([corpus["luoyang-2022-work-points"], corpus["hengyang-2022-work-points"]])
    return application


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """The small app's PolicyQA, one per test module (a module may change its library)."""
    return small_application(tmp_path_factory.mktemp("small") / "data")
