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


class ErrorDetail(BaseModel):
    message: str
    type: str


class ErrorBody(BaseModel):
    """Every error response, whatever its status: `{"error": {"message", "type"}}`."""

    error: ErrorDetail


ERROR_RESPONSES = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (400, "malformed request"),
        (401, "missing or wrong bearer token"),
        (404, "no such document, clause or route"),
        (405, "method not allowed"),
        (409, "the document is already in the library"),
        (413, "request, question or uploaded file too large"),
        (422, "invalid request body or question"),
        (500, "internal error"),
        (503, "the index or the generator is unavailable, or the service is still starting"),
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
