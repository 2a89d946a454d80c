"""The API's errors and replies as the official `openai` client sees them, on the small app (the
client's requests go through the ASGI app in process): each error a typed openai exception with
the documented type and code, and no invented token counts."""

from __future__ import annotations

import openai
import pytest
from fastapi.testclient import TestClient

from qa.api.app import create_app
from tests.qa.api.conftest import TOKEN

QUESTION = [{"role": "user", "content": "洛阳怎么推进双减工作？"}]


@pytest.fixture(scope="module")
def app(small):
    return create_app(small.settings, small)


def client(app, key: str = TOKEN) -> openai.OpenAI:
    http = TestClient(app, raise_server_exceptions=False)
    return openai.OpenAI(base_url="http://testserver/v1", api_key=key, http_client=http, max_retries=0)


def test_an_unknown_model_is_not_found_with_the_code_model_not_found(app):
    with pytest.raises(openai.NotFoundError) as raised:
        client(app).chat.completions.create(model="gpt-5", messages=QUESTION)
    error = raised.value
    assert (error.status_code, error.type, error.code) == (404, "not_found_error", "model_not_found")
    assert "policyqa-extractive" in error.message and "policyqa-local" not in error.message  # not installed


@pytest.mark.parametrize(
    ("key", "messages", "exception", "type_", "code"),
    [
        ("wrong", QUESTION, openai.AuthenticationError, "authentication_error", "invalid_api_key"),
        (
            TOKEN,
            [{"role": "user", "content": " "}],
            openai.UnprocessableEntityError,
            "invalid_request_error",
            "invalid_question",
        ),
        (
            TOKEN,
            [{"role": "assistant", "content": "你好"}],
            openai.UnprocessableEntityError,
            "invalid_request_error",
            "invalid_question",
        ),
        (
            TOKEN,
            [{"role": "robot", "content": "双减"}],
            openai.UnprocessableEntityError,
            "invalid_request_error",
            "invalid_request",
        ),
        (
            TOKEN,
            [{"role": "user", "content": "问" * 2001}],
            openai.APIStatusError,
            "request_too_large",
            "question_too_long",
        ),
    ],
    ids=["wrong key", "empty question", "no user turn", "unknown role", "question too long"],
)
def test_every_error_body_parses_as_an_openai_error(app, key, messages, exception, type_, code):
    with pytest.raises(exception) as raised:
        client(app, key).chat.completions.create(model="policyqa", messages=messages)
    error = raised.value
    assert (error.type, error.code) == (type_, code)
    assert set(error.body) == {"message", "type", "code"} and error.body["message"] in error.message


def test_a_reply_claims_no_token_usage_it_did_not_count(app):
    """Most answers are extractive and spend no model tokens; counting characters under a field
    named tokens would mislead a client that adds up usage, so there is none (the SDK allows that)."""
    completion = client(app).chat.completions.create(model="policyqa", messages=QUESTION)
    assert completion.choices[0].message.content and completion.usage is None
    chunks = list(client(app).chat.completions.create(model="policyqa", messages=QUESTION, stream=True))
    assert chunks[-1].choices[0].finish_reason == "stop" and all(c.usage is None for c in chunks)
