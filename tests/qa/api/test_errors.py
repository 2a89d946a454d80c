"""Errors over HTTP on an app without an index (fast): every one a 4xx or 503 with the one
documented body, none a 500, whatever the request or the data dir holds."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.config import Settings
from qa.retrieval import tokenizer

TOKEN = "errors-token"


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings.from_env(data_dir=tmp_path / "data", api_token=TOKEN, default_corpus=False)


@pytest.fixture
def client(settings):
    yield TestClient(
        create_app(settings), raise_server_exceptions=False, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    tokenizer.set_custom_synonyms({})  # the taught table is the process's: leave none behind


def test_a_damaged_synonyms_file_is_a_503_naming_it_and_a_put_repairs_it(client, settings):
    path = settings.data_dir / "synonyms.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"custom": [{"word": "欺负"', encoding="utf-8")  # truncated by a crash
    response = client.get("/v1/synonyms")
    assert response.status_code == 503, response.text
    error = response.json()["error"]
    assert str(path) in error["message"] and "PUT" in error["message"]
    put = client.put("/v1/synonyms", json={"custom": [{"word": "欺负", "policy": ["欺凌"]}]})
    assert put.status_code == 200 and put.json()["custom"] == [{"word": "欺负", "policy": ["欺凌"]}]
    assert client.get("/v1/synonyms").json()["custom"] == put.json()["custom"]


# -- a lone surrogate ("\ud800": JSON allows it, nothing can encode it) in any string ------------


@pytest.fixture(scope="module")
def small_client(small):
    from tests.qa.api.conftest import TOKEN as SMALL_TOKEN

    return TestClient(
        create_app(small.settings, small),
        raise_server_exceptions=False,
        headers={"Authorization": f"Bearer {SMALL_TOKEN}"},
    )


def assert_error_body(response, status: int | tuple[int, ...]) -> dict:
    statuses = status if isinstance(status, tuple) else (status,)
    assert response.status_code in statuses, response.text
    body = response.json()
    assert set(body) == {"error"} and {"message", "type"} <= set(body["error"]), body
    return body["error"]


SURROGATE = "\ud800"
USER = [{"role": "user", "content": "洛阳怎么推进双减？"}]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/v1/answer", {"question": "双减", "doc_ids": [SURROGATE]}),
        ("POST", "/v1/answer", {"question": "双减", "cities": [SURROGATE]}),
        ("POST", "/v1/answer", {"question": "双减", "history": ["双减", SURROGATE]}),
        ("POST", "/v1/answer", {"question": "双减", "generator": SURROGATE}),
        ("POST", "/v1/search", {"question": "双减", "doc_ids": [SURROGATE]}),
        ("POST", "/v1/search", {"question": "双减", "cities": [SURROGATE]}),
        ("POST", "/v1/chat/completions", {"model": SURROGATE, "messages": USER}),
        ("POST", "/v1/chat/completions", {"messages": [{**USER[0], "name": SURROGATE}]}),
        ("POST", "/v1/chat/completions", {"messages": USER, "user": {"id": [SURROGATE]}}),
        ("PUT", "/v1/synonyms", {"custom": [{"word": "欺负", "policy": ["欺凌", SURROGATE]}]}),
    ],
    ids=[
        "answer doc_ids",
        "answer cities",
        "answer history",
        "answer generator",
        "search doc_ids",
        "search cities",
        "chat model",
        "chat message name",
        "chat user",
        "synonyms policy",
    ],
)
def test_a_lone_surrogate_in_any_json_string_is_a_422_naming_where(small_client, method, path, body):
    import json

    # sent as JSON escapes, as a client would: the raw character cannot be encoded
    response = small_client.request(
        method, path, content=json.dumps(body).encode(), headers={"content-type": "application/json"}
    )
    error = assert_error_body(response, 422)
    assert f"{where(body)}: a lone surrogate" in error["message"]
    assert small_client.post("/v1/search", json={"question": "双减", "top_k": 1}).status_code == 200


def where(value: object, path: tuple = ()) -> str | None:
    """The dotted place of the surrogate in a body, as an error names it (doc_ids.0)."""
    if value == SURROGATE:
        return ".".join(map(str, path))
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return next((found for key, item in items if (found := where(item, (*path, key)))), None)


def test_a_lone_surrogate_in_a_form_field_is_a_422(small_client, small):
    # a charset that decodes "\\ud800" to the surrogate itself: starlette honours it
    body = (
        b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="b.txt"\r\n\r\n'
        + "某区教育局工作要点\n1.每周一节阅读课。".encode()
        + b'\r\n--xyz\r\nContent-Disposition: form-data; name="title"\r\n\r\n\\ud800\r\n--xyz--\r\n'
    )
    headers = {"content-type": "multipart/form-data; boundary=xyz; charset=unicode_escape"}
    before = [d.meta.doc_id for d in small.documents()]
    error = assert_error_body(small_client.post("/v1/documents", content=body, headers=headers), 422)
    assert "lone surrogate" in error["message"]
    assert [d.meta.doc_id for d in small.documents()] == before  # nothing indexed


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/clauses/luoyang-2022-work-points/\ud800"),
        ("GET", "/v1/documents/\ud800"),
        ("DELETE", "/v1/documents/\ud800"),
    ],
)
def test_a_lone_surrogate_in_a_path_parameter_is_a_422(small, method, path):
    """HTTP servers decode a path's invalid UTF-8 to U+FFFD, but an ASGI server may pass anything."""
    import asyncio
    import json
    from urllib.parse import quote

    from tests.qa.api.conftest import TOKEN as SMALL_TOKEN

    app = create_app(small.settings, small)
    sent = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": quote(path.encode("utf-8", "surrogatepass")).encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"test"), (b"authorization", f"Bearer {SMALL_TOKEN}".encode())],
        "server": ("test", 80),
        "client": ("127.0.0.1", 1),
    }

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    status = sent[0]["status"]
    body = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
    assert status == 422 and "lone surrogate" in body["error"]["message"], (status, body)


@pytest.mark.parametrize("token", ["é", "токен", "\x00", ""])
def test_any_wrong_bearer_token_is_a_401(settings, token):
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    # any bytes can arrive in a header (the server reads them as latin-1)
    response = client.get("/v1/synonyms", headers={b"Authorization": f"Bearer {token}".encode()})
    assert_error_body(response, 401)


# -- what a 422 echoes is cut short ---------------------------------------------------------------

HUGE = "a" * 900_000 + "!"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PUT", "/v1/synonyms", {"custom": [{"word": HUGE, "policy": ["欺凌"]}]}),
        ("PUT", "/v1/synonyms", {"custom": [{"word": "欺负", "policy": ["欺凌"], HUGE: 1}]}),
        ("POST", "/v1/answer", {"question": "双减", HUGE: 1}),
        ("POST", "/v1/answer", {"question": "双减", "top_k": HUGE}),
        ("POST", "/v1/answer", {"question": "双减", "doc_ids": list(range(100_000))}),
    ],
    ids=[
        "a huge word",
        "a huge unknown key in a pair",
        "a huge unknown field",
        "a huge value",
        "many faults",
    ],
)
def test_an_error_quotes_a_huge_input_short(client, method, path, body):
    response = client.request(method, path, json=body)
    assert_error_body(response, 422)
    assert len(response.content) < 1000


# -- one error body: {"error": {"message", "type", "code"}}, `type` from a small documented set ----

TYPES = {
    "invalid_request_error",
    "authentication_error",
    "not_found_error",
    "conflict_error",
    "request_too_large",
    "service_unavailable",
    "server_error",
}
LUOYANG = (Settings().corpus_dir / "luoyang-2022-work-points.txt").read_bytes()


def typed_error(response, status: int) -> tuple[str, str]:
    error = assert_error_body(response, status)
    assert set(error) == {"message", "type", "code"} and error["type"] in TYPES, error
    return error["type"], error["code"]


ERRORS = [
    (
        {"method": "GET", "url": "/v1/docs", "headers": {"Authorization": "Bearer no"}},
        401,
        "authentication_error",
        "invalid_api_key",
    ),
    ({"method": "GET", "url": "/v1/nowhere"}, 404, "not_found_error", "route_not_found"),
    ({"method": "GET", "url": "/v1/documents/nope"}, 404, "not_found_error", "document_not_found"),
    ({"method": "DELETE", "url": "/v1/documents/nope"}, 404, "not_found_error", "document_not_found"),
    ({"method": "GET", "url": "/v1/clauses/no/such"}, 404, "not_found_error", "clause_not_found"),
    (
        {"method": "POST", "url": "/v1/answer", "json": {"question": "双减", "doc_ids": ["nope"]}},
        404,
        "not_found_error",
        "document_not_found",
    ),
    (
        {
            "method": "POST",
            "url": "/v1/chat/completions",
            "json": {"model": "gpt-5", "messages": [{"role": "user", "content": "双减"}]},
        },
        404,
        "not_found_error",
        "model_not_found",
    ),
    ({"method": "GET", "url": "/v1/answer"}, 405, "invalid_request_error", "method_not_allowed"),
    (
        {"method": "POST", "url": "/v1/documents", "files": {"files": ("copy.txt", LUOYANG)}},
        409,
        "conflict_error",
        "duplicate_document",
    ),
    (
        {"method": "POST", "url": "/v1/answer", "json": {"question": "问" * 2001}},
        413,
        "request_too_large",
        "question_too_long",
    ),
    (
        # the body is over the upload limit before the file is: refused unread
        {"method": "POST", "url": "/v1/documents", "files": {"files": ("big.txt", b"x" * 200_001)}},
        413,
        "request_too_large",
        "request_too_large",
    ),
    (
        {"method": "POST", "url": "/v1/answer", "json": {"top_k": 3}},
        422,
        "invalid_request_error",
        "invalid_request",
    ),
    (
        {
            "method": "POST",
            "url": "/v1/answer",
            "content": b"{not json",
            "headers": {"content-type": "application/json"},
        },
        422,
        "invalid_request_error",
        "invalid_request",
    ),
    (
        {"method": "POST", "url": "/v1/answer", "json": {"question": " "}},
        422,
        "invalid_request_error",
        "invalid_question",
    ),
    (
        {
            "method": "PUT",
            "url": "/v1/synonyms",
            "json": {"custom": [{"word": "欺负", "policy": ["欺负"]}]},
        },
        422,
        "invalid_request_error",
        "invalid_synonym",
    ),
    (
        {"method": "POST", "url": "/v1/documents", "files": {"files": ("tool.exe", b"MZ")}},
        422,
        "invalid_request_error",
        "invalid_document",
    ),
    (
        {
            "method": "POST",
            "url": "/v1/documents",
            "files": {"files": ("a.txt", b"x")},
            "data": {"doc_id": "x" * 201},
        },
        422,
        "invalid_request_error",
        "invalid_metadata",
    ),
    (
        {"method": "POST", "url": "/v1/answer", "json": {"question": "双减", "generator": "openai"}},
        503,
        "service_unavailable",
        "unavailable",
    ),
]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "type_", "code"), ERRORS, ids=[f"{e[1]}-{e[3]}" for e in ERRORS]
)
def test_every_error_has_a_documented_type_and_a_stable_code(
    small_client, request_kwargs, status, type_, code
):
    assert typed_error(small_client.request(**request_kwargs), status) == (type_, code)


def test_the_other_errors_have_their_type_and_code_too(small, settings, client):
    tiny = Settings.from_env(data_dir=small.settings.data_dir, max_request_bytes=1000)
    response = TestClient(create_app(tiny, small)).post("/v1/answer", json={"question": "问" * 1000})
    assert typed_error(response, 413) == ("request_too_large", "request_too_large")

    empty = client.post("/v1/answer", json={"question": "双减"})  # nothing indexed in this data dir
    assert typed_error(empty, 503) == ("service_unavailable", "empty_library")

    path = settings.data_dir / "synonyms.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[]", encoding="utf-8")
    assert typed_error(client.get("/v1/synonyms"), 503) == ("service_unavailable", "damaged_file")


def test_an_unexpected_error_is_a_server_error_with_a_code(settings):
    app = create_app(settings)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert typed_error(response, 500) == ("server_error", "internal_error")


def test_the_openapi_spec_documents_the_types_and_the_code(client):
    spec = client.get("/openapi.json").json()
    detail = spec["components"]["schemas"]["ErrorDetail"]
    assert set(detail["properties"]) == {"message", "type", "code"}
    assert set(detail["properties"]["type"]["enum"]) == TYPES
