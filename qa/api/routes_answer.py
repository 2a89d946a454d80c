"""REST routes: /v1/answer, /v1/search, /v1/generators, /v1/docs, /v1/clauses/{id}, /healthz."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends, FastAPI
from fastapi.concurrency import run_in_threadpool

from qa.api.schemas import AnswerRequest, SearchRequest
from qa.application import PolicyQA
from qa.errors import IndexUnavailableError


def router(app: FastAPI) -> APIRouter:
    api = APIRouter()
    auth = [Depends(app.state.authorize)]
    application: PolicyQA = app.state.application

    @api.get("/healthz")
    def healthz() -> dict:
        """Ready only when the chain is built and its index store answers; else 503 saying
        which part is not ready (starting, the store, the index)."""
        if not application.ready:
            threading.Thread(target=_try_warm, daemon=True).start()
            raise IndexUnavailableError("starting: the index and the embedding model are loading")
        return application.health()

    def _try_warm() -> None:
        try:
            application.warm()
        except Exception:  # the next /healthz says what is wrong
            return

    @api.get("/v1/generators", dependencies=auth)
    def generators() -> dict:
        """The generators that can answer now (local: when its model is installed)."""
        return {"default": application.settings.generator, "available": application.generators()}

    @api.post("/v1/answer", dependencies=auth)
    async def answer(body: AnswerRequest) -> dict:
        result = await run_in_threadpool(application.ask, body.to_request())
        return result.to_dict()

    @api.post("/v1/search", dependencies=auth)
    async def search(body: SearchRequest) -> dict:
        found = await run_in_threadpool(application.search, body.to_request())
        return found.to_dict()

    @api.get("/v1/docs", dependencies=auth)
    def docs() -> list[dict]:
        """The indexed documents (also at GET /v1/documents)."""
        return [summary.to_dict() for summary in application.documents()]

    @api.get("/v1/clauses/{clause_id:path}", dependencies=auth)
    def clause(clause_id: str) -> dict:
        return application.clause(clause_id).to_dict()

    return api
