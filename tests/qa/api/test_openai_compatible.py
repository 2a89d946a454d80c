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
    from openai import NotFoundError

    with pytest.raises(NotFoundError) as raised:
        client(base_url).chat.completions.create(
            model="gpt-5", messages=[{"role": "user", "content": "双减"}]
        )
    message = str(raised.value)
    assert raised.value.code == "model_not_found"
    assert "policyqa-extractive" in message and "policyqa-openai" not in message  # no server configured


@pytest.fixture(scope="module")
def checked(real_settings, searcher):
    """A server whose checks go to a stand-in LLM server that is sure the clauses do not answer
    (fixed log-probabilities: 否 first)."""

    from qa.answer.service import AnswerService
    from qa.application import PolicyQA
    from tests.fakes import FakeChatServer

    with FakeChatServer(["否"], top_logprobs=[("否", -0.05), ("是", -3.0)]) as llm:
        settings = Settings.from_env(
            data_dir=real_settings.data_dir, check_base_url=llm.url, check_model="stand-in", chat_verify=False
        )
        application = PolicyQA(settings, AnswerService(settings, searcher))
        with serving(create_app(settings, application)) as url:
            yield url, llm


QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"


def test_verify_asks_the_check_model_and_a_refuted_answer_becomes_a_refusal(checked):
    url, llm = checked
    completion = client(f"{url}/v1", key="unused").chat.completions.create(
        model="policyqa", messages=[{"role": "user", "content": QUESTION}], extra_body={"verify": True}
    )
    verification = completion.model_extra["policyqa"]["verification"]
    assert verification["verdict"] == "refuted" and verification["model"] == "stand-in"
    assert verification["method"] == "logprobs" and verification["p_yes"] < 0.1
    assert "现有文件中没有找到明确回答" in completion.choices[0].message.content
    assert completion.model_extra["citations"] == []
    body = llm.requests[-1]
    assert (
        body["logprobs"] is True and body["max_tokens"] == 1 and "五、29." in body["messages"][-1]["content"]
    )


def test_a_streamed_answer_is_said_to_be_refuted_after_its_text(checked):
    url, _ = checked
    stream = client(f"{url}/v1", key="unused").chat.completions.create(
        model="policyqa",
        stream=True,
        messages=[{"role": "user", "content": QUESTION}],
        extra_body={"verify": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text.index("41所") < text.index("现有文件中没有找到明确回答")  # shown, then withdrawn
    assert chunks[-1].model_extra["policyqa"]["verification"]["verdict"] == "refuted"


def test_rest_checks_only_when_asked(checked):
    import httpx

    url, llm = checked
    before = len(llm.requests)
    fast = httpx.post(f"{url}/v1/answer", json={"question": QUESTION}, timeout=60).json()
    assert fast["verification"] is None and "41" in fast["answer"] and len(llm.requests) == before
    checked_answer = httpx.post(
        f"{url}/v1/answer", json={"question": QUESTION, "verify": True}, timeout=60
    ).json()
    assert checked_answer["refused"] and checked_answer["verification"]["verdict"] == "refuted"
    assert [r["locator"] for r in checked_answer["related"]] == ["五、29."]  # shown, no longer cited


def streamed(url: str, **extra) -> tuple[str, dict]:
    """A verified streamed answer to QUESTION: its chunks joined, and the final answer."""
    stream = client(f"{url}/v1", key="unused").chat.completions.create(
        model="policyqa",
        stream=True,
        messages=[{"role": "user", "content": QUESTION}],
        extra_body={"verify": True, "sources": False, **extra},
    )
    chunks = list(stream)
    return "".join(c.choices[0].delta.content or "" for c in chunks), chunks[-1].model_extra["policyqa"]


def test_a_refuted_stream_says_its_answer_once_then_the_refusal(checked):
    text, final = streamed(checked[0])
    assert final["verification"]["verdict"] == "refuted"
    assert text.count("41所") == 1  # said once, not repeated with the verdict
    assert text.endswith("\n\n" + final["answer"])  # the refusal, once, as the last chunk


@pytest.fixture(scope="module")
def doubtful(real_settings, searcher):
    """A server whose checks go to a stand-in reader that leans to 否 (P(是) 0.4): the answer is
    kept with a caveat, not refused."""
    import math

    from qa.answer.service import AnswerService
    from qa.application import PolicyQA
    from tests.fakes import FakeChatServer

    with FakeChatServer(["否"], top_logprobs=[("否", math.log(0.6)), ("是", math.log(0.4))]) as llm:
        settings = Settings.from_env(
            data_dir=real_settings.data_dir, check_base_url=llm.url, check_model="stand-in", chat_verify=False
        )
        application = PolicyQA(settings, AnswerService(settings, searcher))
        with serving(create_app(settings, application)) as url:
            yield url


def test_a_stream_with_a_caveat_is_the_final_answer_said_once(doubtful):
    """The chunks joined are the checked answer: its text, then the caveat the check added (once
    the answer, then the answer and the caveat, was sent before)."""
    from qa.answer.stages.assemble import CAVEAT

    text, final = streamed(doubtful)
    assert final["verification"]["verdict"] == "uncertain" and final["answer"].endswith(CAVEAT)
    assert text == final["answer"] and text.count("41所") == 1 and text.count(CAVEAT) == 1
