"""Request bodies. Unknown fields are refused (a typo should not be silently ignored), except on
the OpenAI-compatible route, whose clients send many optional parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from qa import application


class AnswerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="问题, in Chinese")
    top_k: int | None = Field(default=None, ge=1, le=50)
    doc_ids: list[str] | None = None
    generator: Literal["extractive", "openai", "local"] | None = None
    history: list[str] | None = Field(
        default=None, description="earlier questions of the conversation, oldest first"
    )
    cities: list[str] | None = Field(default=None, description="only documents of these places")
    years: list[int] | None = Field(default=None, description="only documents of these years")
    verify: bool = Field(
        default=False,
        description="check the answer with a second reader (a language model; seconds on a CPU): "
        "`verification` in the reply says verified, uncertain, refuted (now a refusal) or unchecked",
    )

    def to_request(self) -> application.AskRequest:
        return application.AskRequest(
            self.question,
            self.top_k,
            tuple(self.doc_ids or ()),
            tuple(self.cities or ()),
            tuple(self.years or ()),
            self.generator,
            tuple(self.history or ()),
            verify=self.verify,
        )


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    top_k: int | None = Field(default=None, ge=1, le=50)
    doc_ids: list[str] | None = None
    cities: list[str] | None = None
    years: list[int] | None = None

    def to_request(self) -> application.SearchRequest:
        return application.SearchRequest(
            self.question,
            self.top_k,
            tuple(self.doc_ids or ()),
            tuple(self.cities or ()),
            tuple(self.years or ()),
        )


class ContentPart(BaseModel):
    """One part of a message's content; only text parts are read, and their text is text."""

    model_config = ConfigDict(extra="allow")

    type: str = "text"
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "user", "assistant", "tool", "developer"]
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        if isinstance(self.content, list):  # content parts: keep the text ones
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


# The error body's `type`, by HTTP status, after the OpenAI convention: a client switches on the
# type (or on the status), and on `code` for the detail (the README's HTTP API section has both).
ErrorType = Literal[
    "invalid_request_error",  # 400, 405, 422: the request is malformed or its values are refused
    "authentication_error",  # 401: missing or wrong bearer token
    "not_found_error",  # 404: no such route, document, clause or model
    "conflict_error",  # 409: the document is already in the library
    "request_too_large",  # 413: the body, the question or an uploaded file is over its limit
    "service_unavailable",  # 503: the index, a model or a data file is not usable now; retry later
    "server_error",  # 500: a bug (logged with its traceback)
]
ERROR_TYPES: dict[int, ErrorType] = {
    400: "invalid_request_error",
    401: "authentication_error",
    404: "not_found_error",
    405: "invalid_request_error",
    409: "conflict_error",
    413: "request_too_large",
    422: "invalid_request_error",
    500: "server_error",
    503: "service_unavailable",
}


def error_type(status: int) -> ErrorType:
    return ERROR_TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")


class ErrorDetail(BaseModel):
    message: str = Field(description="what is wrong, in English, quoting the input only in part")
    type: ErrorType
    code: str = Field(
        description="a stable snake_case detail: invalid_request, invalid_question, invalid_document, "
        "invalid_metadata, invalid_synonym, method_not_allowed, invalid_api_key, route_not_found, "
        "document_not_found, clause_not_found, model_not_found, duplicate_document, request_too_large, "
        "question_too_long, file_too_large, unavailable, index_unavailable, empty_library, "
        "damaged_file, internal_error"
    )


class ErrorBody(BaseModel):
    """Every error response, whatever its status: `{"error": {"message", "type", "code"}}`."""

    error: ErrorDetail


ERROR_RESPONSES = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "malformed request"),
        (401, "missing or wrong bearer token"),
        (404, "no such document, clause, model or route"),
        (405, "method not allowed"),
        (409, "the document is already in the library"),
        (413, "request, question or uploaded file too large"),
        (422, "invalid request body, question, document or synonym"),
        (500, "internal error"),
        (503, "the index, the generator or a data file is unavailable, or the service is still starting"),
    )
}


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    # "policyqa" (the configured default generator) or "policyqa-<generator>", e.g. policyqa-local
    model: str = "policyqa"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    # Append the text 来源 list to the reply (chat clients show it); a tool that renders the
    # structured `citations` field sets it false so they are not shown twice.
    sources: bool = True
    # Check the answer with a second reader before it is final (see AnswerRequest.verify).
    verify: bool = False
