"""The REST routes, through FastAPI's test client, on the real index."""

import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from qa.config import Settings

pytestmark = pytest.mark.slow

CITATION_FIELDS = {
    "n",
    "clause_id",
    "doc_id",
    "doc_title",
    "doc_number",
    "source_file",
    "locator",
    "text",
    "quote",
}
RETRIEVED_FIELDS = {"clause_id", "doc_id", "source_file", "locator", "score", "text"}


@pytest.fixture(scope="module")
def client(real_settings, application):
    return TestClient(create_app(real_settings, application))


def test_answer_has_the_documented_fields(client):
    response = client.post("/v1/answer", json={"question": "洛阳今年要新建多少所农村寄宿制学校？"})
    assert response.status_code == 200
    body = response.json()
    assert {"question", "answer", "refused", "generator", "citations", "retrieved", "timings_ms"} <= set(body)
    assert body["generator"] == "extractive" and body["refused"] is False and "41所[1]" in body["answer"]
    assert 0.5 < body["confidence"] <= 1.0  # the judge's probability that the documents answer it
    assert set(body["citations"][0]) >= CITATION_FIELDS and set(body["retrieved"][0]) >= RETRIEVED_FIELDS


def test_answer_honours_top_k_and_doc_ids(client):
    body = client.post(
        "/v1/answer", json={"question": "双减", "top_k": 2, "doc_ids": ["hengyang-2022-work-points"]}
    ).json()
    assert len(body["retrieved"]) == 2 and {r["doc_id"] for r in body["retrieved"]} == {
        "hengyang-2022-work-points"
    }


def test_search_docs_and_clauses(client):
    hits = client.post("/v1/search", json={"question": "县管校聘", "top_k": 3}).json()["hits"]
    assert len(hits) == 3 and {"clause_id", "locator", "score", "ranks"} <= set(hits[0])
    docs = client.get("/v1/docs").json()
    assert len(docs) == 5 and {"doc_id", "title", "doc_number", "clauses"} <= set(docs[0])
    clause = client.get("/v1/clauses/luoyang-2022-work-points/s3-c14").json()
    assert clause["locator"] == "三、14." and clause["doc_number"] == "洛教〔2022〕1号"
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["documents"] == 5 and health["index"]
    assert "/v1/chat/completions" in client.get("/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    ("request_kwargs", "status", "message"),
    [
        ({"json": {"question": ""}}, 422, "the question is empty"),
        ({"json": {"question": "问" * 2001}}, 413, "the limit is 2000"),
        ({"json": {"question": "双减", "colour": "red"}}, 422, "colour: Extra inputs are not permitted"),
        ({"json": {"top_k": 3}}, 422, "question: Field required"),
        ({"json": {"question": "双减", "top_k": 0}}, 422, "top_k"),
        ({"json": {"question": "双减", "generator": "gpt5"}}, 422, "generator"),
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            422,
            "JSON decode error",
        ),
        ({"json": ["a list"]}, 422, "invalid request"),
    ],
)
def test_bad_input_gets_a_clear_4xx_never_a_500(client, request_kwargs, status, message):
    response = client.post("/v1/answer", **request_kwargs)
    assert response.status_code == status
    error = response.json()["error"]
    assert message in error["message"] and "Traceback" not in response.text


def test_unknown_clause_is_404_and_openai_generator_unconfigured_is_503(client):
    assert client.get("/v1/clauses/no/such").status_code == 404
    response = client.post(
        "/v1/answer", json={"question": "洛阳今年要新建多少所农村寄宿制学校？", "generator": "openai"}
    )
    assert response.status_code == 503 and "POLICYQA_OPENAI_BASE_URL" in response.json()["error"]["message"]


def test_a_bearer_token_protects_every_route_but_healthz(real_settings, application):
    settings = Settings.from_env(data_dir=real_settings.data_dir, api_token="s3cret")
    client = TestClient(create_app(settings, application))
    assert client.post("/v1/answer", json={"question": "双减"}).status_code == 401
    assert client.get("/v1/docs", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert (
        client.post(
            "/v1/chat/completions", json={"messages": [{"role": "user", "content": "双减"}]}
        ).status_code
        == 401
    )
    assert client.get("/v1/docs", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_missing_index_is_503_with_how_to_build_it(tmp_path):
    client = TestClient(create_app(Settings.from_env(data_dir=tmp_path / "empty")))
    response = client.post("/v1/answer", json={"question": "双减"})
    assert response.status_code == 503 and "policyqa ingest" in response.json()["error"]["message"]


# -- hardening (issue 13): every malformed input is a 4xx with the one error body --------------


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v1/answer", {"question": "\ud800"}),
        ("/v1/search", {"question": "双减\ud800"}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": "\ud800"}]}),
        ("/v1/chat/completions", {"messages": [{"role": "user", "content": [{"type": "text", "text": 5}]}]}),
    ],
)
def test_inputs_that_used_to_500_are_4xx_and_the_connection_survives(client, path, body):
    import json

    # sent as JSON escapes ("\\ud800"), as a client would: the raw character cannot be encoded
    raw = json.dumps(body).encode()
    response = client.post(path, content=raw, headers={"content-type": "application/json"})
    assert response.status_code in (400, 413, 422), response.text
    assert set(response.json()) == {"error"} and response.json()["error"]["message"]
    # the next request on the same client still works
    assert client.post("/v1/search", json={"question": "双减", "top_k": 1}).status_code == 200


def test_routing_errors_use_the_same_error_body(client):
    missing = client.get("/v1/nowhere")
    wrong_method = client.get("/v1/answer")
    assert (missing.status_code, wrong_method.status_code) == (404, 405)
    for response in (missing, wrong_method):
        assert set(response.json()) == {"error"} and "detail" not in response.json()


def test_request_bodies_over_the_limit_get_413_before_they_are_read(real_settings, application):
    settings = Settings.from_env(data_dir=real_settings.data_dir, max_request_bytes=1000)
    small = TestClient(create_app(settings, application))
    response = small.post("/v1/answer", json={"question": "双减", "history": ["问" * 2000]})
    assert response.status_code == 413 and "larger than 1000 bytes" in response.json()["error"]["message"]

    def chunks():  # no content-length: counted as it arrives
        yield b'{"question": "'
        yield "问".encode() * 1000
        yield b'"}'

    response = small.post("/v1/answer", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_the_openapi_spec_declares_the_error_responses_with_one_schema(client):
    spec = client.get("/openapi.json").json()
    responses = spec["paths"]["/v1/answer"]["post"]["responses"]
    assert {"401", "413", "422", "503", "500"} <= set(responses)
    assert responses["503"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")


def test_an_unexpected_error_is_a_json_500_and_the_next_request_works(real_settings, application):
    app = create_app(real_settings, application)

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    client = TestClient(app, raise_server_exceptions=False)
    response = client.get("/boom")
    assert response.status_code == 500 and response.json() == {
        "error": {"message": "internal error", "type": "server_error", "code": "internal_error"}
    }
    assert client.get("/healthz").status_code == 200


def test_concurrent_first_requests_build_one_service(real_settings, monkeypatch):
    """Concurrent first requests used to build a Chroma client each, at once, and fail."""
    from concurrent.futures import ThreadPoolExecutor

    from qa.application import facade as app_module

    built = []
    real = app_module.AnswerService

    def counted(*args):
        built.append(1)
        return real(*args)

    monkeypatch.setattr(app_module, "AnswerService", counted)
    client = TestClient(create_app(real_settings))
    with ThreadPoolExecutor(8) as pool:
        statuses = list(
            pool.map(lambda _: client.post("/v1/search", json={"question": "双减"}).status_code, range(16))
        )
    assert statuses == [200] * 16 and len(built) == 1


def test_healthz_says_starting_until_the_service_is_built(real_settings):
    import time

    app = create_app(real_settings)
    client = TestClient(app)
    first = client.get("/healthz")
    assert first.status_code == 503 and "starting" in first.json()["error"]["message"]
    for _ in range(300):
        if client.get("/healthz").status_code == 200:
            break
        time.sleep(0.1)
    assert client.get("/healthz").json()["status"] == "ok"


# -- the same capabilities everywhere (issue 14, first part) -----------------------------------


def test_answers_take_city_and_year_filters(client):
    body = client.post(
        "/v1/answer", json={"question": "双减怎么推进？", "cities": ["衡阳"], "years": [2022]}
    ).json()
    assert {r["doc_id"] for r in body["retrieved"]} == {"hengyang-2022-work-points"}


def test_an_unknown_doc_id_is_404_listing_the_known_ones(client):
    response = client.post("/v1/answer", json={"question": "双减", "doc_ids": ["no-such-doc"]})
    assert response.status_code == 404
    message = response.json()["error"]["message"]
    assert "unknown doc_id no-such-doc" in message and "luoyang-2022-work-points" in message
