"""Errors a user can cause. The CLI and the API turn these into one clear line, never a traceback."""


class PolicyQAError(Exception):
    """Base class of every error that is the user's input or set-up, not a bug."""


class DocumentError(PolicyQAError):
    """A document cannot be read or parsed (empty, binary, unknown encoding, unsupported type)."""


class ManifestError(PolicyQAError):
    """A document manifest is malformed or contradicts its document."""


class NotFoundError(PolicyQAError):
    """A named document or clause does not exist."""


class InvalidQuestionError(PolicyQAError):
    """The question is empty, too long, or otherwise unusable (also: an unknown generator)."""


class TooLargeError(InvalidQuestionError):
    """The input is over a size limit (a question too long): 413 over HTTP."""
