"""The local generator with the REAL model (installed by `make llm`, which `make test` runs first):
an answerable and an unanswerable question, the citation check on the model's own output, and the
CLI, REST, streamed OpenAI-compatible route and the model's own OpenAI-compatible endpoint."""

import json
import time

import pytest
from fastapi.testclient import TestClient

from qa.answer import citations
from qa.answer.citations import SUPPORT_THRESHOLD
from qa.answer.service import AnswerService
from qa.answer.text import MARKER, sentences, support
from qa.api.app import create_app
from qa.application import PolicyQA
from qa.cli import main

pytestmark = [pytest.mark.slow, pytest.mark.integration]

QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"
CLAUSE = "luoyang-2022-work-points/s5-c29"
UNANSWERABLE = "惠济区新学期几月几号开学？"


@pytest.fixture(scope="module")
def service(local_settings, searcher) -> AnswerService:
    return AnswerService(local_settings, searcher)


def assert_every_sentence_is_supported(answer):
    by_n = {c.n: c for c in answer.citations}
    for sentence in sentences(answer.answer):
        numbers = [int(n) for n in MARKER.findall(sentence)]
        claim = MARKER.sub("", sentence).strip()
        assert numbers, f"unmarked sentence survived the check: {sentence}"
        assert max(support(claim, by_n[n].text) for n in numbers) >= SUPPORT_THRESHOLD


def test_the_real_models_draft_goes_through_the_citation_check(service):
    prepared = service.prepare(QUESTION, None, None, None)
    started = time.perf_counter()
    raw = service.generator("local").draft(prepared.request)
    seconds = time.perf_counter() - started
    checked = citations.check(raw, prepared.request.evidence)
    print(f"\nraw model output ({seconds:.1f} s): {raw!r}\nchecked: {checked.text!r}")
    assert raw.strip() and "41" in raw
    assert "41" in checked.text and CLAUSE in [c.clause_id for c in checked.citations]
    kept = {c.clause_id for c in checked.citations}
    assert kept <= {h.clause_id for h in prepared.request.evidence}

    answer = service.answer(QUESTION, generator="local")
    assert answer.generator == "local" and not answer.refused and "41" in answer.answer
    assert CLAUSE in [c.clause_id for c in answer.citations]
    assert_every_sentence_is_supported(answer)
    assert answer.timings_ms["compose"] > 0


def test_an_unanswerable_question_is_refused_without_calling_the_model(service):
    model = service.generator("local").model
    calls = []
    original = model.stream
    model.stream = lambda *args, **kwargs: calls.append(args) or original(*args, **kwargs)
    try:
        answer = service.answer(UNANSWERABLE, generator="local")
    finally:
        model.stream = original
    assert answer.refused and answer.generator == "local" and calls == []
    assert answer.answer.startswith(("现有文件中没有找到", "文件提到了"))  # what is missing, said precisely


def test_the_cli_answers_with_the_local_generator(local_settings, capsys):
    code = main(
        ["ask", QUESTION, "--generator", "local", "--json", "--data-dir", str(local_settings.data_dir)]
    )
    body = json.loads(capsys.readouterr().out)
    assert code == 0 and body["generator"] == "local" and not body["refused"]
    assert CLAUSE in [c["clause_id"] for c in body["citations"]]


def test_rest_and_streamed_openai_routes_use_the_local_model(local_settings, service):
    client = TestClient(create_app(local_settings, PolicyQA(local_settings, service)))
    assert "local" in client.get("/v1/generators").json()["available"]
    assert "policyqa-local" in [m["id"] for m in client.get("/v1/models").json()["data"]]
    body = client.post("/v1/answer", json={"question": QUESTION, "generator": "local"}).json()
    assert body["generator"] == "local" and "41" in body["answer"]

    with client.stream(
        "POST",
        "/v1/chat/completions",
        json={"model": "policyqa-local", "stream": True, "messages": [{"role": "user", "content": QUESTION}]},
    ) as response:
        assert response.status_code == 200
        events = [json.loads(line[6:]) for line in response.iter_lines() if line.startswith("data: {")]
    text = "".join(e["choices"][0]["delta"].get("content") or "" for e in events)
    final = events[-1]
    assert "41" in text and final["policyqa"]["generator"] == "local"
    assert CLAUSE in [c["clause_id"] for c in final["citations"]]
    bad = client.post(
        "/v1/chat/completions",
        json={"model": "policyqa-gpt9", "messages": [{"role": "user", "content": "双减"}]},
    )
    assert bad.status_code == 404 and "policyqa-local" in bad.json()["error"]["message"]
    assert bad.json()["error"]["code"] == "model_not_found"


def test_the_model_serves_an_openai_compatible_endpoint_with_json_output(local_settings):
    import httpx
    from openai import OpenAI

    from qa.llm.runtime import llama_index_llm, openai_base_url

    base_url = openai_base_url(local_settings, max_tokens=40)
    llm = llama_index_llm(local_settings, max_tokens=40)
    assert llm.api_base == base_url  # the same shared model
    # the loopback endpoint wants its token: another user of the machine cannot use the model
    anonymous = httpx.post(
        f"{base_url}/chat/completions", json={"messages": [{"role": "user", "content": "hi"}]}
    )
    assert anonymous.status_code == 401
    client = OpenAI(base_url=base_url, api_key=llm.api_key, max_retries=0)
    reply = client.chat.completions.create(
        model="local",
        messages=[{"role": "user", "content": '只输出JSON：{"城市": 城市名}。洛阳是哪个省的城市？'}],
        response_format={"type": "json_object"},
        max_tokens=40,
        temperature=0,
    )
    assert isinstance(json.loads(reply.choices[0].message.content), dict)
