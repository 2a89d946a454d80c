"""The FastAPI application: auth, input limits and error handling shared by every route.

Every error, whatever its status, has one body: `{"error": {"message", "type"}}` (schemas.py)."""

from __future__ import annotations

import json
import logging
import secrets
import threading
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa import __version__
from qa.answer.generators import GeneratorError
from qa.answer.service import AnswerService
from qa.config import Settings
from qa.errors import InvalidQuestionError, NotFoundError, PolicyQAError, TooLargeError
from qa.index.store import IndexUnavailableError

_bearer = HTTPBearer(auto_error=False)


log = logging.getLogger("policyqa")


def _error(status: int, message: str, kind: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"message": message, "type": kind}})


def _raw_error(status: int, message: str, kind: str) -> tuple[dict, dict]:
    body = json.dumps({"error": {"message": message, "type": kind}}).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }
    return start, {"type": "http.response.body", "body": body}


class GuardMiddleware:
    """Outermost: bodies over `max_bytes` get 413 before they are read whole, and an unexpected
    error becomes a JSON 500 here instead of propagating to the server, which would then reset the
    kept-alive connection and fail the client's next request."""

    def __init__(self, app, max_bytes: int):
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_large = f"the request body is larger than {self.max_bytes} bytes"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_bytes:
            for message in _raw_error(413, too_large, "request_too_large"):
                await send(message)
            return
        # Read the body here, up to the limit (chunked bodies declare no length): what a route
        # would do with a bigger one is irrelevant, it is refused.
        chunks, size, more = [], 0, scope["method"] not in ("GET", "HEAD", "OPTIONS", "DELETE")
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > self.max_bytes:
                for reply in _raw_error(413, too_large, "request_too_large"):
                    await send(reply)
                return
        replayed = False

        async def replay():
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": b"".join(chunks), "more_body": False}
            return await receive()

        started = False

        async def tracked_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, replay, tracked_send)
        except Exception:
            log.exception("unexpected error on %s", scope.get("path"))
            if not started:
                for message in _raw_error(500, "internal error", "server_error"):
                    await send(message)


def create_app(settings: Settings | None = None, service: AnswerService | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    building = threading.Lock()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Build the service at startup, in the background: /healthz says "starting" until then,
        # and the first requests wait for this one build instead of racing to make their own.
        threading.Thread(target=_build_quietly, daemon=True, name="policyqa-startup").start()
        yield

    app = FastAPI(
        title="policyqa",
        version=__version__,
        description="Answers Chinese questions about education-policy documents, citing the exact clause.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service

    def get_service() -> AnswerService:
        """The one service of this app, built once: concurrent first requests used to build a
        Chroma client each, at once, and fail."""
        if app.state.service is None:
            with building:
                if app.state.service is None:
                    app.state.service = AnswerService(settings)
        return app.state.service

    def _build_quietly() -> None:
        try:
            get_service()
        except Exception as error:  # reported by /healthz and by the requests that need it
            log.warning("the service could not be built at startup: %s", error)

    def ready() -> bool:
        return app.state.service is not None

    def authorize(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        token = settings.api_token
        if token and (credentials is None or not secrets.compare_digest(credentials.credentials, token)):
            raise HTTPException(
                status_code=401,
                detail="missing or wrong bearer token",
                headers={"WWW-Authenticate": "Bearer"},
            )

    app.state.get_service = get_service
    app.state.ready = ready
    app.state.authorize = authorize

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "body"
            problems.append(f"{where}: {item.get('msg', 'invalid')}")
        return _error(422, "invalid request: " + "; ".join(problems), "invalid_request_error")

    @app.exception_handler(StarletteHTTPException)  # also 404/405 raised by routing itself
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        response = _error(
            error.status_code,
            str(error.detail),
            "authentication_error" if error.status_code == 401 else "http_error",
        )
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(PolicyQAError)
    async def user_error(request: Request, error: PolicyQAError) -> JSONResponse:
        if isinstance(error, TooLargeError):
            status = 413
        elif isinstance(error, InvalidQuestionError):
            status = 422
        elif isinstance(error, NotFoundError):
            status = 404
        elif isinstance(error, IndexUnavailableError | GeneratorError):
            status = 503
        else:
            status = 400
        return _error(status, str(error), type(error).__name__)

    from qa.api import routes_answer, routes_openai
    from qa.api.schemas import ERROR_RESPONSES

    app.include_router(routes_answer.router(app), responses=ERROR_RESPONSES)
    app.include_router(routes_openai.router(app), responses=ERROR_RESPONSES)
    app.add_middleware(GuardMiddleware, max_bytes=settings.max_request_bytes)
    return app
