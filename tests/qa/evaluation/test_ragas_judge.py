"""ragas' LLM-judged metrics run against any OpenAI-compatible judge: here a fake one that answers
every structured prompt with a valid JSON instance, so the scores follow from its verdicts."""

import pytest

from qa.evaluation.golden import GoldenItem
from qa.evaluation.ragas_judge import METRICS, JudgeError, RagasJudge, judged_sample
from qa.records import Answer, ClauseRef, Hit
from tests.fakes import FakeChatServer, FakeEmbedder, FakeJudge

ITEM = GoldenItem("q1", "dev", "fact", "洛阳新建多少所学校？", "41所。", (("ly/c29", "41所"),), ("41所",))
NONE = GoldenItem("u1", "dev", "unanswerable", "寒假放几天？", "", (), ())
CONTEXT = "2022年新建、改扩建农村寄宿制学校41所。"


def answer(refused: bool = False) -> Answer:
    hits = [Hit(ClauseRef("ly/c29", "ly", "x.txt", "五、29.", "洛阳要点"), "t", 0.1, CONTEXT)]
    return Answer("q", "洛阳2022年新建农村寄宿制学校41所[1]。", refused, "extractive", [], hits)


def judged(fake: FakeJudge, item: GoldenItem = ITEM, refused: bool = False) -> tuple[dict, list[dict], list]:
    with FakeChatServer([], reply_for=fake) as server:
        judge = RagasJudge(server.url, "fake-judge", FakeEmbedder())
        scores = judge.item_scores(item, answer(refused))
    return scores, server.requests, judge.errors


def test_a_judge_that_supports_everything_scores_every_metric_fully():
    scores, requests, errors = judged(FakeJudge(verdict=1))
    assert errors == []
    for name in METRICS:
        assert scores[f"ragas_judge.scored.{name}"] == 1.0
    assert scores["ragas.faithfulness"] == 1.0
    assert scores["ragas.context_precision"] == pytest.approx(1.0)
    assert scores["ragas.context_recall"] == 1.0
    assert scores["ragas.answer_relevancy"] == pytest.approx(1.0)  # it derives the question itself
    # constrained JSON output, deterministic, and the Chinese answer reaches the judge unmarked
    assert all(r["response_format"] == {"type": "json_object"} and r["temperature"] == 0.0 for r in requests)
    assert any("洛阳2022年新建农村寄宿制学校41所。" in str(r["messages"]) for r in requests)
    assert not any("[1]" in str(r["messages"]) for r in requests)


def test_a_judge_that_finds_no_support_scores_zero():
    scores, _, _ = judged(FakeJudge(verdict=0, noncommittal=1))
    assert scores["ragas.faithfulness"] == 0.0
    assert scores["ragas.context_recall"] == 0.0
    assert scores["ragas.answer_relevancy"] == 0.0  # a noncommittal answer is irrelevant


def test_a_judge_that_breaks_its_json_leaves_the_item_unscored_and_says_why():
    scores, _, errors = judged(FakeJudge(broken=True))
    assert all(scores[f"ragas_judge.scored.{name}"] == 0.0 for name in METRICS)
    assert not any(key.startswith("ragas.") for key in scores)
    assert len(errors) == len(METRICS) and all(e.startswith("q1 ") for e in errors)


def test_one_judge_scores_many_items_over_kept_alive_connections():
    with FakeChatServer([], reply_for=FakeJudge(), keep_alive=True) as server:
        judge = RagasJudge(server.url, "fake-judge", FakeEmbedder())
        scores = [judge.item_scores(ITEM, answer()) for _ in range(3)]
    assert judge.errors == []
    assert all(s[f"ragas_judge.scored.{name}"] == 1.0 for s in scores for name in METRICS)


def test_refusals_and_unanswerable_items_are_not_judged():
    assert judged(FakeJudge(), NONE)[0] == {} and judged(FakeJudge(), ITEM, refused=True)[0] == {}


def test_a_judge_needs_a_server():
    with pytest.raises(JudgeError, match="POLICYQA_JUDGE_BASE_URL"):
        RagasJudge(None, None, FakeEmbedder())


def test_the_sample_spreads_over_the_answered_items():
    items = [GoldenItem(f"q{i}", "dev", "fact", "q", "a", (), ()) for i in range(10)] + [NONE]
    answers = [answer(refused=(i == 3)) for i in range(10)] + [answer()]
    assert judged_sample(items, answers, None) == {f"q{i}" for i in range(10) if i != 3}
    sample = judged_sample(items, answers, 3)
    assert len(sample) == 3 and "q3" not in sample and "u1" not in sample and "q0" in sample


@pytest.mark.slow
def test_eval_with_a_judge_reports_its_scores_and_the_share_it_scored(evaluation_settings, tmp_path):
    import json

    from qa.cli import main

    with FakeChatServer([], reply_for=FakeJudge()) as server:
        args = [
            "eval",
            "--split",
            "dev",
            "--origin",
            "original",
            "--judge-url",
            server.url,
            "--judge-model",
            "fake",
        ]
        code = main(
            [
                *args,
                "--judge-sample",
                "3",
                "--out",
                str(tmp_path),
                "--data-dir",
                str(evaluation_settings.data_dir.parent),
            ]
        )
    assert code == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["ragas_judge.items"] == 3
    assert metrics["ragas_judge.scored.faithfulness"] == 1.0
    assert metrics["ragas.faithfulness"] == 1.0 and "by_type.fact.ragas.faithfulness" in metrics
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## ragas judge" in report
    # the judge was checked first: a judge that says yes to everything agrees on half the cases,
    # so its figures are marked unreliable in both the report and metrics.json
    assert metrics["judge.agreement.faithfulness"] == 0.5 and metrics["judge.reliable.faithfulness"] == 0.0
    assert "| ragas.faithfulness | 1.000 (unreliable: judge agreement 0.50) |" in report
    assert (tmp_path / "judge_errors.txt").read_text(encoding="utf-8") == ""
