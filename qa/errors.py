"""Errors a user can cause, each with its kind. Every surface maps the kind to its own form (an
HTTP status, `policyqa: error:` and an exit code, a chat message); none matches on the text."""

from __future__ import annotations

from typing import ClassVar, Literal

ErrorKind = Literal["invalid", "not_found", "too_large", "conflict", "unavailable", "empty"]


class PolicyQAError(Exception):
    """Base class of every error that is the user's input or set-up, not a bug."""

    kind: ClassVar[ErrorKind] = "invalid"


class DocumentError(PolicyQAError):
    """A document cannot be read or parsed (empty, binary, unknown encoding, unsupported type)."""


class DuplicateDocumentError(DocumentError):
    """The document is already indexed (same content, or its doc_id is another file's)."""

    kind = "conflict"


class ManifestError(PolicyQAError):
    """A document manifest is malformed or contradicts its document."""


class NotFoundError(PolicyQAError):
    """A named document or clause does not exist."""

    kind = "not_found"


class InvalidQuestionError(PolicyQAError):
    """The question is empty, too long, or otherwise unusable (also: an unknown generator)."""


class TooLargeError(InvalidQuestionError):
    """The input is over a size limit (a question, an uploaded file): 413 over HTTP."""

    kind = "too_large"


class UnavailableError(PolicyQAError):
    """A part the answer needs is not there or not answering (the index, its store, a model)."""

    kind = "unavailable"


class IndexUnavailableError(UnavailableError):
    """The index store does not answer, or the index cannot be read."""


class EmptyLibraryError(IndexUnavailableError):
    """No index yet: nothing was ever indexed here (a person can fix that by adding documents,
    where "unavailable" means waiting)."""

    kind = "empty"


class VocabularyError(PolicyQAError):
    """A taught 俗称 → 规范用语 pair is malformed (the chat shows `chinese`, the API the message)."""

    def __init__(self, message: str, chinese: str):
        super().__init__(message)
        self.chinese = chinese
