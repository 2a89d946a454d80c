"""The second reader reads P(是) from the first token's log-probabilities (never from prose), from
the local model or any OpenAI-compatible server, and says so when a server gives none."""

from pathlib import Path

import pytest

from qa.answer.checker import (
    CheckUnavailableError,
    LocalReader,
    OpenAIReader,
    check_messages,
    excerpt,
    p_yes,
    reader_for,
)
from qa.config import Settings
from qa.llm.runtime import LocalModel, ModelConfig
from qa.records import Citation, ClauseRef
from tests.fakes import FakeChatServer, FakeLlamaServer

CLAUSE = "29.优化调整中小学校布局。积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。"
MESSAGES = [{"role": "user", "content": "问题"}]


def citation(text: str = CLAUSE, quote: str = "2022年新建、改扩建农村寄宿制学校41所") -> Citation:
    ref = ClauseRef(
        "ly/c29", "ly", "corpus/x.txt", "五、29.", "洛阳市教育局2022年教育工作要点", "洛教〔2022〕1号"
    )
    return Citation(1, ref, text, quote)


def test_p_yes_weighs_yes_against_no_among_the_first_tokens():
    assert p_yes([("是", -0.4), ("否", -1.1), ("不是", -7.0)]) == pytest.approx(0.668, abs=0.01)
    assert p_yes([("否", -0.1), ("No", -3.0)]) == 0.0
    assert p_yes([("Yes", -0.2), ("好", -1.0)]) == 1.0
    assert p_yes([("好", -0.2), ("嗯", -1.0)]) is None  # nothing to read


def test_the_prompt_carries_the_cited_clauses_with_their_locators_and_asks_for_one_word():
    messages = check_messages("洛阳新建多少所农村寄宿制学校？", [citation()], "single", 900)
    prompt = messages[-1]["content"]
    assert "《洛阳市教育局2022年教育工作要点》（洛教〔2022〕1号）五、29.：29.优化调整" in prompt
    assert "问题：洛阳新建多少所农村寄宿制学校？" in prompt and prompt.endswith("只回答“是”或“否”。")


def test_a_yes_no_question_is_asked_whether_the_clauses_rule_on_it_not_to_be_answered():
    prompt = check_messages("校外培训机构能不能在节假日上课？", [citation()], "yesno", 900)[-1]["content"]
    assert "不要回答它本身" in prompt and "无论规定是允许还是禁止" in prompt


def test_a_long_clause_is_cut_around_the_quoted_span():
    text = "甲" * 500 + "新建学校41所" + "乙" * 500
    cut = excerpt(text, "新建学校41所", 100)
    assert "新建学校41所" in cut and cut.startswith("…") and cut.endswith("…") and len(cut) == 102


def test_the_local_reader_reads_the_log_probabilities_of_the_local_model():
    server = FakeLlamaServer("是", top_logprobs=[("是", -0.2), ("否", -1.8)])
    model = LocalModel(ModelConfig(path=Path("unused.gguf")), server_factory=lambda config: server)
    reading = LocalReader(Settings(), model).read(MESSAGES)
    assert reading.p_yes == pytest.approx(0.832, abs=0.01) and reading.method == "logprobs"
    request = server.requests[0]
    assert request["logprobs"] is True and request["top_logprobs"] == 10 and request["max_tokens"] == 1


def test_a_local_model_that_is_busy_past_the_timeout_is_an_unavailable_check():
    server = FakeLlamaServer("是", first_delay=2.0, top_logprobs=[("是", -0.2)])
    model = LocalModel(
        ModelConfig(path=Path("unused.gguf"), timeout=0.3), server_factory=lambda config: server
    )
    with pytest.raises(CheckUnavailableError, match="timed out"):
        LocalReader(Settings(check_timeout=0.3), model).read(MESSAGES)


def test_an_openai_compatible_server_is_read_through_its_logprobs():
    with FakeChatServer(["是"], top_logprobs=[("否", -0.3), ("是", -1.4)]) as server:
        reading = OpenAIReader(server.url, "qwen2.5-7b", "key").read(MESSAGES)
    assert reading.p_yes == pytest.approx(0.25, abs=0.01) and reading.method == "logprobs"
    assert reading.model == "qwen2.5-7b"
    body = server.requests[0]
    assert body["logprobs"] is True and body["max_tokens"] == 1 and body["temperature"] == 0


def test_a_server_without_logprobs_falls_back_to_its_one_token_answer_and_says_so():
    with FakeChatServer(["否"]) as server:
        reading = OpenAIReader(server.url, "m").read(MESSAGES)
    assert (reading.p_yes, reading.method) == (0.0, "constrained")
    with FakeChatServer(["这个问题很复杂"]) as server, pytest.raises(CheckUnavailableError, match="neither"):
        OpenAIReader(server.url, "m").read(MESSAGES)


def test_a_server_that_is_down_is_an_unavailable_check():
    with pytest.raises(CheckUnavailableError, match="failed"):
        OpenAIReader("http://127.0.0.1:9/v1", "m", timeout=1.0).read(MESSAGES)


def test_the_reader_is_the_configured_server_else_the_installed_local_model_else_none(tmp_path):
    assert isinstance(reader_for(Settings(check_base_url="http://x/v1")), OpenAIReader)
    assert reader_for(Settings(local_model_path=tmp_path / "missing.gguf")) is None
