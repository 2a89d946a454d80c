"""The local model's runtime wrapper, on a fake runtime: lazy shared loading, queueing, timeouts,
the not-installed message, and the prompt budget."""

import threading
import time
from pathlib import Path

import pytest

from qa.answer.generators import DraftRequest, GeneratorError
from qa.answer.local_generator import LocalGenerator, budget_request
from qa.answer.prompt import build_prompt
from qa.answer.service import AnswerService
from qa.config import Settings
from qa.llm.runtime import LocalModel, LocalModelError, ModelConfig, shared_model
from qa.records import ClauseRef, Hit
from tests.fakes import FakeLlamaServer

MESSAGES = [{"role": "user", "content": "问题"}]


def model_with(server: FakeLlamaServer, timeout: float = 10.0, calls: list | None = None) -> LocalModel:
    def factory(config):
        if calls is not None:
            calls.append(config)
            time.sleep(0.2)  # loading takes a while: concurrent first users must not load twice
        return server

    return LocalModel(ModelConfig(path=Path("unused.gguf"), timeout=timeout), server_factory=factory)


def test_the_model_loads_once_lazily_and_streams_the_reply():
    calls = []
    model = model_with(FakeLlamaServer("2022年新建41所[1]。"), calls=calls)
    assert calls == []  # nothing loaded before the first request
    results = []
    threads = [threading.Thread(target=lambda: results.append(model.chat(MESSAGES))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["2022年新建41所[1]。"] * 3 and len(calls) == 1


def test_concurrent_requests_queue_one_at_a_time():
    server = FakeLlamaServer("一二三四五六", delay=0.02)
    model = model_with(server)
    errors = []

    def ask():
        try:
            model.chat(MESSAGES)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(server.requests) == 4 and server.most_active == 1


def test_a_slow_prompt_times_out_with_a_clear_error():
    model = model_with(FakeLlamaServer(first_delay=3.0), timeout=0.5)
    started = time.monotonic()
    with pytest.raises(LocalModelError, match="timed out after"):
        model.chat(MESSAGES)
    assert time.monotonic() - started < 2.0


def test_an_endless_answer_is_stopped_at_the_timeout_and_the_model_is_free_again():
    server = FakeLlamaServer("很长的回答" * 1000, delay=0.01)
    model = model_with(server, timeout=0.4)
    with pytest.raises(LocalModelError, match="timed out"):
        model.chat(MESSAGES)
    time.sleep(0.1)
    assert server.stopped  # the runtime was told to stop generating
    server.reply, server.delay = "好[1]。", 0.0
    assert model.chat(MESSAGES) == "好[1]。"


def test_a_request_queued_past_its_timeout_is_told_the_model_is_busy():
    server = FakeLlamaServer("慢" * 40, delay=0.05)
    model = model_with(server, timeout=5.0)
    first = threading.Thread(target=model.chat, args=(MESSAGES,))
    first.start()
    time.sleep(0.2)
    with pytest.raises(LocalModelError, match="busy"):
        model.chat(MESSAGES, timeout=0.3)
    first.join()


def test_a_reader_that_stops_early_stops_generation():
    server = FakeLlamaServer("字" * 400, delay=0.01)
    model = model_with(server)
    stream = model.stream(MESSAGES)
    next(stream)
    stream.close()
    time.sleep(0.2)
    assert server.stopped and model.chat(MESSAGES)  # and the lock was released


def test_request_options_pass_through_and_max_tokens_is_capped():
    server = FakeLlamaServer('{"ok": true}')
    model = model_with(server)
    model.chat(MESSAGES, max_tokens=10_000, response_format={"type": "json_object"})
    request = server.requests[-1]
    assert request["response_format"] == {"type": "json_object"} and request["max_tokens"] == 200
    assert request["messages"] == MESSAGES and request["stream"] is True


def test_shared_model_is_one_per_configuration():
    config = ModelConfig(path=Path("/nowhere/a.gguf"))
    assert shared_model(config) is shared_model(ModelConfig(path=Path("/nowhere/a.gguf")))
    assert shared_model(config) is not shared_model(ModelConfig(path=Path("/nowhere/b.gguf")))


def test_a_missing_model_says_run_make_llm(tmp_path):
    missing = tmp_path / "none.gguf"
    with pytest.raises(LocalModelError, match="not installed .* run make llm"):
        LocalModel(ModelConfig(path=missing)).chat(MESSAGES)
    settings = Settings.from_env(data_dir=tmp_path, local_model_path=missing)
    with pytest.raises(GeneratorError, match="run make llm"):
        LocalGenerator(settings)
    service = AnswerService(settings, searcher=object())
    with pytest.raises(GeneratorError, match="run make llm"):
        service.answer("洛阳今年要新建多少所农村寄宿制学校？", generator="local")  # before any search
    assert "local" not in service.available_generators()
    (tmp_path / "none.gguf").write_bytes(b"GGUF")
    assert "local" in AnswerService(settings, searcher=object()).available_generators()


def test_the_generator_maps_runtime_errors_and_uses_the_shared_prompt(tmp_path):
    server = FakeLlamaServer(first_delay=1.0)
    settings = Settings.from_env(data_dir=tmp_path)
    generator = LocalGenerator(settings, model=model_with(server, timeout=0.3))
    request = DraftRequest("问题？", [hit(1, "条款一的内容。")], [(None, [0])])
    with pytest.raises(GeneratorError, match="timed out"):
        generator.draft(request)
    server.first_delay = 0.0
    while server.active:  # a prompt being read cannot be interrupted; it ends on its own
        time.sleep(0.05)
    assert generator.draft(request) == "回答[1]。"
    messages = server.requests[-1]["messages"]
    assert messages[1]["content"] == build_prompt(request) and "[编号]" in messages[0]["content"]


def hit(n: int, text: str) -> Hit:
    return Hit(ClauseRef(f"doc/c{n}", "doc", "doc.txt", f"{n}.", "文件"), f"标题{n}", 1.0 / n, text)


def test_the_prompt_budget_keeps_the_best_clauses_and_sentences_and_their_numbers():
    long = "无关的句子内容很多。" * 30 + "农村寄宿制学校新建41所。" + "其他无关内容。" * 30
    evidence = [hit(1, long), hit(2, "第二条。"), hit(3, "第三条。"), hit(4, "第四条。"), hit(5, "第五条。")]
    request = DraftRequest(
        "新建多少所农村寄宿制学校？", evidence, [(None, [0, 1, 2, 3, 4])], tokens=["农村", "寄宿制", "学校"]
    )
    trimmed = budget_request(request, max_clauses=3, max_chars=300)
    assert trimmed.groups == [(None, [0, 1, 2])]
    assert "农村寄宿制学校新建41所。" in trimmed.evidence[0].text and len(trimmed.evidence[0].text) <= 121
    prompt = build_prompt(trimmed)
    assert "[3] 《文件》3.：第三条。" in prompt and "[4]" not in prompt
    assert request.evidence[0].text == long  # the citation check still sees whole clauses


def test_the_prompt_budget_keeps_every_compared_place():
    evidence = [hit(i, f"条款{i}。") for i in range(1, 7)]
    request = DraftRequest("衡阳和洛阳有什么不同？", evidence, [("衡阳", [0, 1, 2]), ("洛阳", [3, 4, 5])])
    trimmed = budget_request(request, max_clauses=3, max_chars=1200)
    assert trimmed.groups == [("衡阳", [0, 1]), ("洛阳", [3])]
    assert "请按衡阳、洛阳分别作答" in build_prompt(trimmed)
