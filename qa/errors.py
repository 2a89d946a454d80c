"""Errors a user can cause, each with its kind. Every surface maps the kind to its own form (an
HTTP status, `policyqa: error:` and an exit code, a chat message); none matches on the text.
Each also has a stable snake_case `code`, the detail the HTTP API's error body carries."""

from __future__ import annotations

from typing import ClassVar, Literal

ErrorKind = Literal["invalid", "not_found", "too_large", "conflict", "unavailable", "empty"]


class PolicyQAError(Exception):
    """Base class of every error that is the user's input or set-up, not a bug."""

    kind: ClassVar[ErrorKind] = "invalid"
    code: ClassVar[str] = "invalid_request"


class DocumentError(PolicyQAError):
    """A document cannot be read or parsed (empty, binary, unknown encoding, unsupported type)."""

    code = "invalid_document"


class DuplicateDocumentError(DocumentError):
    """The document is already indexed (same content, or its doc_id is another file's)."""

    kind = "conflict"
    code = "duplicate_document"


class ManifestError(PolicyQAError):
    """A document manifest, or the metadata given with an upload, is malformed or contradicts
    its document."""

    code = "invalid_metadata"


class NotFoundError(PolicyQAError):
    """A named document (or, as a subclass, a clause or model) does not exist."""

    kind = "not_found"
    code = "document_not_found"


class ClauseNotFoundError(NotFoundError):
    """A named clause does not exist."""

    code = "clause_not_found"


class ModelNotFoundError(NotFoundError):
    """The OpenAI-compatible route was asked for a model it does not have."""

    code = "model_not_found"


class InvalidQuestionError(PolicyQAError):
    """The question is empty, too long, or otherwise unusable (also: an unknown generator)."""

    code = "invalid_question"


class TooLargeError(InvalidQuestionError):
    """The input is over a size limit (a question; an uploaded file as the subclass): 413 over HTTP."""

    kind = "too_large"
    code = "question_too_long"


class FileTooLargeError(TooLargeError):
    """An uploaded file is over the upload limit."""

    code = "file_too_large"


class UnavailableError(PolicyQAError):
    """A part the answer needs is not there or not answering (the index, its store, a model)."""

    kind = "unavailable"
    code = "unavailable"


class IndexUnavailableError(UnavailableError):
    """The index store does not answer, or the index cannot be read."""

    code = "index_unavailable"


class EmptyLibraryError(IndexUnavailableError):
    """No index yet: nothing was ever indexed here (a person can fix that by adding documents,
    where "unavailable" means waiting)."""

    kind = "empty"
    code = "empty_library"


class DamagedFileError(UnavailableError):
    """A file the service keeps in its data dir cannot be read (truncated by a crash, edited by
    hand): what it holds is unavailable until the file is written again. Not the request's fault,
    so 503 over HTTP, not 4xx. `chinese` is what the chat shows."""

    code = "damaged_file"

    def __init__(self, message: str, chinese: str):
        super().__init__(message)
        self.chinese = chinese


class VocabularyError(PolicyQAError):
    """A taught 俗称 → 规范用语 pair is malformed (the chat shows `chinese`, the API the message)."""

    code = "invalid_synonym"

    def __init__(self, message: str, chinese: str):
        super().__init__(message)
        self.chinese = chinese


def excerpt(text: str, limit: int = 60) -> str:
    """`text` as an error message quotes it: cut to `limit` characters (a 900 KB word must not
    come back whole in a 422)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
