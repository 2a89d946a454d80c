"""An OpenAI-compatible chat route, so any OpenAI-speaking tool can use policyqa as a "model".

The reply's content is the answer with its [n] markers and a 来源 list; the structured citations
travel in an extra top-level field `citations` (and the whole answer in `policyqa`). Earlier user
turns resolve an elliptical follow-up ("那衡阳呢？")."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from qa.api.schemas import ChatCompletionRequest
from qa.application import AskRequest, PolicyQA
from qa.config import GENERATORS
from qa.errors import InvalidQuestionError, ModelNotFoundError, excerpt
from qa.records import Answer

MODEL_NAME = "policyqa"


def sources_text(answer: Answer) -> str:
    if answer.related and answer.refused:
        return "\n\n" + answer.related_note()
    if not answer.citations:
        return ""
    lines = ["", "", "来源："]
    for c in answer.citations:
        lines.append(f"[{c.n}] {c.ref.label()}：{c.quote}")
    return "\n".join(lines)


def verdict_tail(streamed: str, checked: Answer) -> str:
    """What a stream says after its text once the answer is checked, so that the chunks joined
    are one text with nothing said twice: the caveat the check added, the refusal that replaces a
    refuted answer, or the verdict when the check took back a caveat already streamed."""
    shown = streamed.strip()
    if checked.answer.startswith(shown):
        return checked.answer[len(shown) :]
    if checked.refused:
        return "\n\n" + checked.answer
    label = checked.verification.label() if checked.verification else ""
    return f"\n（核对：{label}）" if label else ""


def _question_and_history(body: ChatCompletionRequest) -> tuple[str, list[str]]:
    users = [m.text() for m in body.messages if m.role == "user"]
    if not users or body.messages[-1].role != "user":
        raise InvalidQuestionError("the last message must be the user's question")
    return users[-1], users[:-1]


def _generator(body: ChatCompletionRequest, available: list[str]) -> str | None:
    """`model` "policyqa" is the default generator; "policyqa-local" etc. choose one. An unknown
    model is a 404 model_not_found, as OpenAI answers it, told the models that can answer now
    (not every one that exists)."""
    if body.model == MODEL_NAME:
        return None
    name = body.model.removeprefix(f"{MODEL_NAME}-")
    if name not in GENERATORS:
        choices = ", ".join([MODEL_NAME, *(f"{MODEL_NAME}-{g}" for g in available)])
        raise ModelNotFoundError(f"unknown model {excerpt(body.model)!r}; choose one of {choices}")
    return name


def _chunk(completion_id: str, created: int, delta: dict, finish: str | None = None, **extra) -> str:
    payload = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": created,
        "model": MODEL_NAME,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        **extra,
    }
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"


def router(app: FastAPI) -> APIRouter:
    api = APIRouter()
    application: PolicyQA = app.state.application

    @api.get("/v1/models", dependencies=[Depends(app.state.authorize)])
    def models() -> dict:
        names = [MODEL_NAME, *(f"{MODEL_NAME}-{g}" for g in application.generators())]
        return {
            "object": "list",
            "data": [{"id": n, "object": "model", "owned_by": "policyqa"} for n in names],
        }

    @api.post("/v1/chat/completions", dependencies=[Depends(app.state.authorize)], response_model=None)
    async def chat(body: ChatCompletionRequest):
        question, history = _question_and_history(body)
        generator = _generator(body, application.generators())  # the model first, as OpenAI does
        application.validate(question)
        request = AskRequest(question, generator=generator, history=tuple(history), verify=body.verify)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        if not body.stream:
            answer = await run_in_threadpool(application.ask, request)
            # No `usage` (optional in the OpenAI API and its SDK): most answers are extractive and
            # spend no model tokens, and a generator's count is not passed up the chain. Zeros, or
            # characters under a field named tokens, would mislead a client that adds usage up.
            return {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_NAME,
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": answer.answer + (sources_text(answer) if body.sources else ""),
                        },
                        "finish_reason": "stop",
                    }
                ],
                "citations": [c.to_dict() for c in answer.citations],
                "policyqa": answer.to_dict(),
            }
        # Validate and retrieve before the stream starts, so errors are still plain HTTP errors.
        pieces = application.stream(request)
        first = await run_in_threadpool(next, pieces)

        def events() -> Iterator[str]:
            yield _chunk(completion_id, created, {"role": "assistant", "content": ""})
            item, streamed = first, ""
            while True:
                if isinstance(item, Answer):
                    if body.verify:  # the text is out already: the check's verdict is said after it
                        item = application.verify(item)
                        if tail := verdict_tail(streamed, item):
                            yield _chunk(completion_id, created, {"content": tail})
                    if body.sources:
                        yield _chunk(completion_id, created, {"content": sources_text(item)})
                    yield _chunk(
                        completion_id,
                        created,
                        {},
                        "stop",
                        citations=[c.to_dict() for c in item.citations],
                        policyqa=item.to_dict(),
                    )
                    break
                yield _chunk(completion_id, created, {"content": item})
                streamed += item
                item = next(pieces)
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return api
