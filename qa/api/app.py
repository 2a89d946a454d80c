"""The FastAPI application: auth, input limits and error handling shared by every route."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from qa import __version__
from qa.answer.generators import GeneratorError
from qa.answer.service import AnswerService
from qa.config import Settings
from qa.errors import InvalidQuestionError, NotFoundError, PolicyQAError
from qa.index.store import IndexUnavailableError

_bearer = HTTPBearer(auto_error=False)


def _error(status: int, message: str, kind: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"message": message, "type": kind}})


def create_app(settings: Settings | None = None, service: AnswerService | None = None) -> FastAPI:
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="policyqa",
        version=__version__,
        description="Answers Chinese questions about education-policy documents, citing the exact clause.",
    )
    app.state.settings = settings
    app.state.service = service

    def get_service() -> AnswerService:
        if app.state.service is None:
            app.state.service = AnswerService(settings)
        return app.state.service

    def authorize(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
        token = settings.api_token
        if token and (credentials is None or not secrets.compare_digest(credentials.credentials, token)):
            raise HTTPException(
                status_code=401,
                detail="missing or wrong bearer token",
                headers={"WWW-Authenticate": "Bearer"},
            )

    app.state.get_service = get_service
    app.state.authorize = authorize

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = []
        for item in error.errors():
            where = ".".join(str(part) for part in item.get("loc", ()) if part != "body") or "body"
            problems.append(f"{where}: {item.get('msg', 'invalid')}")
        return _error(422, "invalid request: " + "; ".join(problems), "invalid_request_error")

    @app.exception_handler(HTTPException)
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
        if isinstance(error, InvalidQuestionError):
            status = 413 if "limit" in str(error) else 422
        elif isinstance(error, NotFoundError):
            status = 404
        elif isinstance(error, IndexUnavailableError | GeneratorError):
            status = 503
        else:
            status = 400
        return _error(status, str(error), type(error).__name__)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        # Never a traceback in a response; the server log has it.
        import logging

        logging.getLogger("policyqa").exception("unexpected error on %s", request.url.path)
        return _error(500, "internal error", "server_error")

    from qa.api import routes_answer, routes_openai

    app.include_router(routes_answer.router(app))
    app.include_router(routes_openai.router(app))
    return app
