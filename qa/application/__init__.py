"""The application interface every surface uses: `PolicyQA` and the records it takes and returns."""

from qa.application.facade import IngestHooks, PolicyQA
from qa.application.requests import AskRequest, SearchRequest, Upload
from qa.application.views import ClauseView, DocumentDetail, DocumentSummary, Found, IndexStatus

__all__ = [
    "AskRequest",
    "ClauseView",
    "DocumentDetail",
    "DocumentSummary",
    "Found",
    "IndexStatus",
    "IngestHooks",
    "PolicyQA",
    "SearchRequest",
    "Upload",
]
