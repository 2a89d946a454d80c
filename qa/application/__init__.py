"""The application interface every surface uses: `PolicyQA` and the records it takes and returns.

The facade (and with it Chroma, llama-index and the model libraries, ~5 s to import) loads on
first use of `PolicyQA` or `IngestHooks`, so `from qa.application import AskRequest` stays cheap
and `policyqa --help` fast."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qa.application.requests import AskRequest, SearchRequest, Upload
from qa.application.views import (
    ClauseView,
    DocumentDetail,
    DocumentSummary,
    ExpansionProgress,
    Found,
    IndexStatus,
    SynonymCandidate,
    SynonymPair,
    SynonymsView,
)

if TYPE_CHECKING:
    from qa.application.facade import IngestHooks, PolicyQA


def __getattr__(name: str):
    if name in ("PolicyQA", "IngestHooks"):
        from qa.application import facade

        return getattr(facade, name)
    raise AttributeError(f"module 'qa.application' has no attribute {name!r}")


__all__ = [
    "AskRequest",
    "ClauseView",
    "DocumentDetail",
    "DocumentSummary",
    "ExpansionProgress",
    "Found",
    "IndexStatus",
    "IngestHooks",
    "PolicyQA",
    "SearchRequest",
    "SynonymCandidate",
    "SynonymPair",
    "SynonymsView",
    "Upload",
]
