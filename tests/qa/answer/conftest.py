"""Shared by the tests that run the REAL local model (installed by `make llm`, which `make test`
runs first)."""

import pytest

from qa.config import Settings


@pytest.fixture(scope="module")
def local_settings(real_settings) -> Settings:
    """The session's real index with the local model, which must be installed: a missing model is
    a failure, not a skip (the suite promises the real model is exercised)."""
    settings = Settings.from_env(data_dir=real_settings.data_dir, chat_verify=False)
    if not settings.local_model_path.is_file():
        pytest.fail(f"the local model is not installed ({settings.local_model_path}): run make llm")
    return settings
