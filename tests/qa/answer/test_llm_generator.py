"""The openai generator against a fake OpenAI-compatible server (canned replies, good and bad):
whatever the model writes goes through the citation check."""

import pytest

from qa.answer.generators import GeneratorError
from qa.answer.service import AnswerService
from qa.config import Settings
from tests.fakes import FakeChatServer

pytestmark = pytest.mark.slow

QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"


def service_for(server_url: str, real_settings, searcher, timeout: float = 30.0) -> AnswerService:
    settings = Settings.from_env(
        data_dir=real_settings.data_dir, openai_base_url=server_url, openai_model="fake", llm_timeout=timeout
    )
    return AnswerService(settings, searcher)


def evidence_number(service: AnswerService, clause_id: str) -> int:
    prepared = service.prepare(QUESTION, None, None, None)
    return [h.clause_id for h in prepared.request.evidence].index(clause_id) + 1


def test_a_good_llm_answer_keeps_its_citations(real_settings, searcher):
    with FakeChatServer(["placeholder"]) as server:
        service = service_for(server.url, real_settings, searcher)
        n = evidence_number(service, "luoyang-2022-work-points/s5-c29")
        server.replies = [f"2022年新建、改扩建农村寄宿制学校41所[{n}]。"]
        answer = service.answer(QUESTION, generator="openai")
    assert answer.generator == "openai" and not answer.refused
    assert answer.answer == "2022年新建、改扩建农村寄宿制学校41所[1]。"
    assert answer.citations[0].clause_id == "luoyang-2022-work-points/s5-c29"
    prompt = server.requests[-1]["messages"][1]["content"]
    assert f"[{n}] 《洛阳市教育局2022年教育工作要点》五、29.：" in prompt and QUESTION in prompt


def test_a_fabricated_marker_is_dropped_and_an_unmarked_sentence_realigned(real_settings, searcher):
    bad = "2022年新建、改扩建农村寄宿制学校41所[9]。另外还将新建3所国际学校[1]。积极稳妥推进农村基础教育学校布局调整。"
    with FakeChatServer([bad]) as server:
        answer = service_for(server.url, real_settings, searcher).answer(QUESTION, generator="openai")
    assert answer.check.removed_markers == ["[9]"]
    assert answer.check.dropped == ["另外还将新建3所国际学校。"]
    assert [a["clause_id"] for a in answer.check.aligned] == ["luoyang-2022-work-points/s5-c29"] * 2
    assert "国际学校" not in answer.answer
    assert (
        answer.answer == "2022年新建、改扩建农村寄宿制学校41所[1]。积极稳妥推进农村基础教育学校布局调整[1]。"
    )


def test_an_llm_answer_with_nothing_supported_becomes_a_refusal(real_settings, searcher):
    with FakeChatServer(["洛阳将在月球上建设寄宿制学校[1]。"]) as server:
        answer = service_for(server.url, real_settings, searcher).answer(QUESTION, generator="openai")
    assert answer.refused and answer.citations == [] and answer.answer.startswith("现有文件中没有找到")


def test_streamed_llm_answers_are_checked_sentence_by_sentence(real_settings, searcher):
    with FakeChatServer(["2022年新建、改扩建农村寄宿制学校41所[9]。月球上也有学校[1]。"]) as server:
        pieces = list(service_for(server.url, real_settings, searcher).stream(QUESTION, generator="openai"))
    answer = pieces[-1]
    shown = "".join(pieces[:-1])
    assert (
        "月球" not in shown and shown.strip() == answer.answer == "2022年新建、改扩建农村寄宿制学校41所[1]。"
    )


def test_refusal_is_decided_before_the_llm_is_called(real_settings, searcher):
    with FakeChatServer(["不应被调用[1]。"]) as server:
        answer = service_for(server.url, real_settings, searcher).answer(
            "惠济区新学期几月几号开学？", generator="openai"
        )
        assert answer.refused and server.requests == []


def test_a_slow_or_missing_server_is_a_clear_error(real_settings, searcher):
    with (
        FakeChatServer(["太慢了[1]。"], delay=3) as server,
        pytest.raises(GeneratorError, match="LLM server failed"),
    ):
        service_for(server.url, real_settings, searcher, timeout=0.5).answer(QUESTION, generator="openai")
    with pytest.raises(GeneratorError, match="LLM server failed"):
        service_for("http://127.0.0.1:9/v1", real_settings, searcher).answer(QUESTION, generator="openai")
    unconfigured = AnswerService(Settings.from_env(data_dir=real_settings.data_dir), searcher)
    with pytest.raises(GeneratorError, match="POLICYQA_OPENAI_BASE_URL"):
        unconfigured.answer(QUESTION, generator="openai")
