"""REST routes: /v1/answer, /v1/search, /v1/docs, /v1/clauses/{id}, /healthz."""

from __future__ import annotations

import threading

from fastapi import APIRouter, Depends, FastAPI
from fastapi.concurrency import run_in_threadpool

from qa.api.schemas import AnswerRequest, SearchRequest
from qa.errors import NotFoundError
from qa.index.store import IndexUnavailableError
from qa.retrieval.scope import SearchFilters


def router(app: FastAPI) -> APIRouter:
    api = APIRouter()
    auth = [Depends(app.state.authorize)]

    @api.get("/healthz")
    def healthz() -> dict:
        """Ready only when the service is built and its index store answers; else 503 saying
        which part is not ready (starting, the store, the index)."""
        if not app.state.ready():
            threading.Thread(target=_try_build, daemon=True).start()
            raise IndexUnavailableError("starting: the index and the embedding model are loading")
        searcher = app.state.get_service().searcher
        loaded = searcher.loaded()  # raises IndexUnavailableError: no index, or the store is down
        try:
            searcher.store.client.heartbeat()
        except Exception as error:
            raise IndexUnavailableError(f"the index store did not answer ({type(error).__name__})") from None
        return {"status": "ok", "index": loaded.collection.name, "documents": len(loaded.catalog.docs)}

    def _try_build() -> None:
        try:
            app.state.get_service()
        except Exception:  # the next /healthz says what is wrong
            return

    @api.get("/v1/generators", dependencies=auth)
    def generators() -> dict:
        """The generators that can answer now (local: when its model is installed)."""
        service = app.state.get_service()
        return {"default": service.settings.generator, "available": service.available_generators()}

    @api.post("/v1/answer", dependencies=auth)
    async def answer(body: AnswerRequest) -> dict:
        service = app.state.get_service()
        result = await run_in_threadpool(
            service.answer,
            body.question,
            body.top_k,
            body.doc_ids,
            body.generator,
            body.history,
            body.cities,
            body.years,
        )
        return result.to_dict()

    @api.post("/v1/search", dependencies=auth)
    async def search(body: SearchRequest) -> dict:
        service = app.state.get_service()
        question = service.validate(body.question)
        filters = SearchFilters(tuple(body.doc_ids or ()), tuple(body.cities or ()), tuple(body.years or ()))
        result = await run_in_threadpool(service.searcher.search, question, body.top_k, filters)
        return {
            "question": question,
            "scope": {"doc_ids": sorted(result.scope.doc_ids or []), "description": result.scope.describe()},
            "hits": [hit.to_dict() for hit in result.hits],
            "timings_ms": result.timings_ms,
        }

    @api.get("/v1/docs", dependencies=auth)
    def docs() -> list[dict]:
        catalog = app.state.get_service().searcher.catalog
        counts = catalog.clause_counts()
        return [
            {**meta.to_dict(), "clauses": counts[doc_id]} for doc_id, meta in sorted(catalog.docs.items())
        ]

    @api.get("/v1/clauses/{clause_id:path}", dependencies=auth)
    def clause(clause_id: str) -> dict:
        entry = app.state.get_service().searcher.catalog.get(clause_id)
        if entry is None:
            raise NotFoundError(f"no clause '{clause_id}'")
        return {**entry.clause.to_dict(), "doc_title": entry.doc.title, "doc_number": entry.doc.doc_number}

    return api
