"""The OpenAI-compatible route, driven by the official `openai` client against a real server."""

import pytest
from openai import AuthenticationError, OpenAI

from qa.api.app import create_app
from qa.config import Settings
from tests.qa.api.server import serving

pytestmark = [pytest.mark.slow, pytest.mark.integration]


@pytest.fixture(scope="module")
def base_url(real_settings, application):
    settings = Settings.from_env(data_dir=real_settings.data_dir, api_token="test-token")
    with serving(create_app(settings, application)) as url:
        yield f"{url}/v1"


def client(base_url, key="test-token"):
    return OpenAI(base_url=base_url, api_key=key, max_retries=0)


def test_a_chat_completion_carries_the_answer_sources_and_citations(base_url):
    completion = client(base_url).chat.completions.create(
        model="policyqa", messages=[{"role": "user", "content": "洛阳今年要新建多少所农村寄宿制学校？"}]
    )
    content = completion.choices[0].message.content
    assert (
        "41所[1]" in content
        and "来源：" in content
        and "[1] 《洛阳市教育局2022年教育工作要点》（洛教〔2022〕1号）五、29." in content
    )
    citations = completion.model_extra["citations"]
    assert citations[0]["clause_id"] == "luoyang-2022-work-points/s5-c29" and citations[0]["n"] == 1


def test_streaming_delivers_the_same_answer_in_chunks(base_url):
    stream = client(base_url).chat.completions.create(
        model="policyqa", stream=True, messages=[{"role": "user", "content": "衡阳怎么推进双减工作？"}]
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert "重大民生问题" in text and "来源：" in text
    assert chunks[-1].model_extra["citations"][0]["doc_id"] == "hengyang-2022-work-points"


def test_a_follow_up_turn_is_resolved_against_earlier_ones(base_url):
    completion = client(base_url).chat.completions.create(
        model="policyqa",
        messages=[
            {"role": "user", "content": "洛阳怎么推进双减工作？"},
            {"role": "assistant", "content": "……"},
            {"role": "user", "content": "那衡阳呢？"},
        ],
    )
    assert completion.model_extra["policyqa"]["resolved_question"] == "衡阳怎么推进双减工作？"
    assert {c["doc_id"] for c in completion.model_extra["citations"]} == {"hengyang-2022-work-points"}


def test_a_refusal_comes_back_as_a_normal_reply(base_url):
    completion = client(base_url).chat.completions.create(
        model="policyqa", messages=[{"role": "user", "content": "惠济区新学期几月几号开学？"}]
    )
    assert completion.choices[0].message.content.startswith(("现有文件中没有找到", "文件提到了"))
    assert completion.model_extra["citations"] == []


def test_a_wrong_key_is_refused_and_models_are_listed(base_url):
    with pytest.raises(AuthenticationError):
        client(base_url, key="wrong").chat.completions.create(
            model="policyqa", messages=[{"role": "user", "content": "双减"}]
        )
    models = [m.id for m in client(base_url).models.list()]
    assert models[0] == "policyqa" and "policyqa-extractive" in models


def test_a_tool_that_renders_citations_can_leave_out_the_text_sources(base_url):
    completion = client(base_url).chat.completions.create(
        model="policyqa",
        messages=[{"role": "user", "content": "洛阳今年要新建多少所农村寄宿制学校？"}],
        extra_body={"sources": False},
    )
    content = completion.choices[0].message.content
    assert "41所[1]" in content and "来源：" not in content
    assert completion.model_extra["citations"][0]["clause_id"] == "luoyang-2022-work-points/s5-c29"


def test_an_unknown_model_is_told_only_the_models_that_can_answer_now(base_url):
    from openai import UnprocessableEntityError

    with pytest.raises(UnprocessableEntityError) as raised:
        client(base_url).chat.completions.create(
            model="gpt-5", messages=[{"role": "user", "content": "双减"}]
        )
    message = str(raised.value)
    assert "policyqa-extractive" in message and "policyqa-openai" not in message  # no server configured
