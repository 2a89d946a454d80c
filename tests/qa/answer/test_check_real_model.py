"""The check with the REAL bundled model (installed by `make llm`, which `make test` runs first): it
reads the clause that states the asked figure as more likely to answer than a clause on another
topic, and the whole surface (REST `verify: true`) returns its verification."""

import pytest
from fastapi.testclient import TestClient

from qa.answer.checker import LocalReader, check_messages
from qa.api.app import create_app
from qa.application import PolicyQA
from qa.records import Citation, ClauseRef

pytestmark = [pytest.mark.slow, pytest.mark.integration]

QUESTION = "洛阳今年要新建多少所农村寄宿制学校？"
BOARDING = "29.优化调整中小学校布局。积极稳妥推进农村基础教育学校布局调整、资源整合，2022年新建、改扩建农村寄宿制学校41所。"
DOUBLE = "13.持续打好“双减”攻坚落实战。继续把“双减”工作作为重中之重，成立洛阳市“双减”工作领导小组。"


def cited(text: str, locator: str) -> Citation:
    ref = ClauseRef(
        "x", "luoyang", "corpus/x.txt", locator, "洛阳市教育局2022年教育工作要点", "洛教〔2022〕1号"
    )
    return Citation(1, ref, text, text[:20])


def test_the_real_model_reads_the_stating_clause_as_likelier_to_answer(local_settings):
    reader = LocalReader(local_settings)
    stating = reader.read(check_messages(QUESTION, [cited(BOARDING, "五、29.")], "single", 900))
    off_topic = reader.read(check_messages(QUESTION, [cited(DOUBLE, "三、13.")], "single", 900))
    print(f"\nP(是): stating {stating.p_yes:.3f} ({stating.ms:.0f} ms), off topic {off_topic.p_yes:.3f}")
    assert stating.method == "logprobs" and 0.0 <= off_topic.p_yes < stating.p_yes <= 1.0


def test_rest_answers_with_verify_carry_the_real_models_verification(local_settings, answer_service):
    client = TestClient(create_app(local_settings, application=PolicyQA(local_settings, answer_service)))
    body = client.post("/v1/answer", json={"question": QUESTION, "verify": True}).json()
    verification = body["verification"]
    assert verification["model"].startswith("local:") and verification["method"] == "logprobs"
    assert (
        verification["verdict"] in ("verified", "no_issue", "uncertain", "refuted")
        and 0 < verification["p_yes"] <= 1
    )
    fast = client.post("/v1/answer", json={"question": QUESTION}).json()
    assert fast["verification"] is None and "41" in fast["answer"]  # verify stays off by default
