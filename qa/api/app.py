"""The FastAPI application: auth, input limits and error handling shared by every route.

Every error, whatever its status, has one body: `{"error": {"message", "type", "code"}}`, its
`type` chosen by the status and its `code` by the error (schemas.py, qa/errors.py)."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import secrets
import threading
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException as StarletteHTTPException

from qa import __version__
from qa.api.schemas import ERROR_RESPONSES, error_type
from qa.application import PolicyQA
from qa.config import Settings
from qa.errors import PolicyQAError, excerpt

# The HTTP form of each error kind (qa/errors.py): the status is chosen by kind, never by text.
STATUS_BY_KIND = {
    "invalid": 422,
    "not_found": 404,
    "too_large": 413,
    "conflict": 409,
    "unavailable": 503,
    "empty": 503,  # no index yet: nothing to answer from until documents are added
}

# The `code` of the errors that are not PolicyQAError (those carry their own), by status.
HTTP_CODES = {
    401: "invalid_api_key",
    404: "route_not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    500: "internal_error",
}
MAX_MESSAGE_CHARS = 1000  # a message may quote the request: never all of it
MAX_PROBLEMS = 5  # of a request that fails validation many times over, the first few

_bearer = HTTPBearer(auto_error=False)


log = logging.getLogger("policyqa")


def error_body(status: int, message: str, code: str) -> dict:
    """The one error body. The message may quote the request: cut short, and a lone surrogate in
    it (which could not be sent) escaped."""
    message = excerpt(message.encode("utf-8", "backslashreplace").decode("utf-8"), MAX_MESSAGE_CHARS)
    return {"error": {"message": message, "type": error_type(status), "code": code}}


def _error(status: int, message: str, code: str) -> JSONResponse:
    return JSONResponse(status_code=status, content=error_body(status, message, code))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_at(value: object) -> tuple | None:
    """Where in a parsed request part (JSON values, form items, path parameters) a string holds a
    lone surrogate, or None. Walked with a stack: a deeply nested body must not recurse."""
    stack: list[tuple[tuple, object]] = [((), value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, UploadFile):
            item = item.filename or ""
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return where
        elif isinstance(item, dict):
            stack.extend((where + (key,), key) for key in item)
            stack.extend((where + (key,), child) for key, child in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((where + (n,), child) for n, child in enumerate(item))
    return None


async def refuse_lone_surrogates(request: Request) -> None:
    """Every route's strings, checked in one place once parsed: JSON allows "\\ud800" (and a form
    may name a charset that decodes to one), but no reply, log line, file name or index can encode
    a lone surrogate. A 422 naming where, before the route (and its bearer check) runs."""
    parts: list[tuple[str, object]] = [
        ("path", request.path_params),
        ("query", dict(request.query_params.multi_items())),
    ]
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await request.form()  # parsed once: the route gets the same
        fields = {name: form.getlist(name) for name in form}
        parts.append(("body", {name: v[0] if len(v) == 1 else v for name, v in fields.items()}))
    elif await request.body():
        # parsed once: the route gets the same; not JSON: the route refuses it, or never reads it
        with contextlib.suppress(ValueError):
            parts.append(("body", await request.json()))
    for place, value in parts:
        where = _surrogate_at(value)
        if where is not None:
            problem = {
                "loc": (place, *where),
                "msg": "a lone surrogate is not text",
                "type": "string_unicode",
            }
            raise RequestValidationError([problem])


def _raw_error(status: int, message: str, code: str) -> tuple[dict, dict]:
    body = json.dumps(error_body(status, message, code)).encode()
    start = {
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
    }
    return start, {"type": "http.response.body", "body": body}


class GuardMiddleware:
    """Outermost: bodies over `max_bytes` (`upload_bytes` on the upload route) get 413 before they
    are read whole, and an unexpected error becomes a JSON 500 here instead of propagating to the
    server, which would then reset the kept-alive connection and fail the client's next request."""

    def __init__(self, app, max_bytes: int, upload_bytes: int | None = None, upload_path: str = ""):
        self.app, self.max_bytes = app, max_bytes
        self.upload_bytes, self.upload_path = upload_bytes or max_bytes, upload_path

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.upload_bytes if scope.get("path") == self.upload_path else self.max_bytes
        too_large = f"the request body is larger than {limit} bytes"
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared and declared.isdigit() and int(declared) > limit:
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
            if size > limit:
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
                for message in _raw_error(500, "internal error", "internal_error"):
                    await send(message)


def create_app(settings: Settings | None = None, application: PolicyQA | None = None) -> FastAPI:
    settings = settings or (application.settings if application else Settings.from_env())
    application = application or PolicyQA(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        # Build the chain at startup, in the background: /healthz says "starting" until then,
        # and the first requests wait for this one build instead of racing to make their own.
        threading.Thread(target=_warm_quietly, daemon=True, name="policyqa-startup").start()
        yield

    app = FastAPI(
        title="policyqa",
        version=__version__,
        description="Answers Chinese questions about education-policy documents, citing the exact clause.",
        lifespan=lifespan,
        dependencies=[Depends(refuse_lone_surrogates)],
    )
    app.state.settings = settings
    app.state.application = application

    def _warm_quietly() -> None:
        try:
            application.warm()
        except Exception as error:  # reported by /healthz and by the requests that need it
            log.warning("the service could not be built at startup: %s", error)

    def authorize(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        token = settings.api_token
        # as bytes: compare_digest refuses str with non-ASCII characters (a header may hold any)
        given = credentials.credentials.encode() if credentials else b""
        if token and (credentials is None or not secrets.compare_digest(given, token.encode())):
            raise HTTPException(
                status_code=401,
                detail="missing or wrong bearer token",
                headers={"WWW-Authenticate": "Bearer"},
            )

    app.state.authorize = authorize

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        errors = error.errors()
        for item in errors[:MAX_PROBLEMS]:
            # a location may be a key the client made up, of any length
            parts = [excerpt(str(part), 40) for part in item.get("loc", ()) if part != "body"]
            problems.append(f"{'.'.join(parts) or 'body'}: {excerpt(str(item.get('msg', 'invalid')), 200)}")
        if len(errors) > MAX_PROBLEMS:
            problems.append(f"and {len(errors) - MAX_PROBLEMS} more")
        return _error(422, "invalid request: " + "; ".join(problems), "invalid_request")

    @app.exception_handler(StarletteHTTPException)  # also 404/405 raised by routing itself
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        status = error.status_code
        code = HTTP_CODES.get(status, "internal_error" if status >= 500 else "invalid_request")
        response = _error(status, str(error.detail), code)
        for name, value in (error.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(PolicyQAError)
    async def user_error(request: Request, error: PolicyQAError) -> JSONResponse:
        return _error(STATUS_BY_KIND.get(error.kind, 400), str(error), error.code)

    from qa.api import routes_answer, routes_documents, routes_openai, routes_synonyms

    app.include_router(routes_answer.router(app), responses=ERROR_RESPONSES)
    app.include_router(routes_documents.router(app), responses=ERROR_RESPONSES)
    app.include_router(routes_openai.router(app), responses=ERROR_RESPONSES)
    app.include_router(routes_synonyms.router(app), responses=ERROR_RESPONSES)
    app.add_middleware(
        GuardMiddleware,
        max_bytes=settings.max_request_bytes,
        upload_bytes=settings.max_upload_bytes,
        upload_path=routes_documents.UPLOAD_PATH,
    )
    return app
