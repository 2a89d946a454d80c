"""The vocabulary staff teach over REST: `GET /v1/synonyms` (built-in pairs, taught pairs and the
踩 comments to review) and `PUT /v1/synonyms` `{custom: [{word, policy: [...]}]}`, which replaces
the taught pairs and takes effect on the next question (422 naming a bad pair; nothing changes)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from qa.application import PolicyQA, SynonymPair

SYNONYMS_PATH = "/v1/synonyms"


class PairBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    word: str = Field(description="俗称: the everyday word (1-20 letters or digits)")
    policy: list[str] = Field(description="规范用语: 1-10 policy words it also searches for")


class SynonymsBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    custom: list[PairBody] = Field(description="the taught pairs (replaces them all; at most 500)")


def router(app: FastAPI) -> APIRouter:
    api = APIRouter(dependencies=[Depends(app.state.authorize)])
    application: PolicyQA = app.state.application

    @api.get(SYNONYMS_PATH)
    def synonyms() -> dict:
        """{builtin, custom, candidates}: each pair {word, policy}; candidates {question, comment, time}."""
        return application.synonyms().to_dict()

    @api.put(SYNONYMS_PATH)
    async def set_synonyms(body: SynonymsBody) -> dict:
        """Replace the taught pairs; the new view."""
        pairs = [SynonymPair(p.word, tuple(p.policy)) for p in body.custom]
        view = await run_in_threadpool(application.set_synonyms, pairs)
        return view.to_dict()

    return api
