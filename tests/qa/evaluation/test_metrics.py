import json
import re
from dataclasses import replace

import pytest

from qa.cli import main
from qa.evaluation.golden import GoldenItem, load
from qa.evaluation.metrics import aggregate, first_rank, item_metrics
from qa.records import Answer, Citation, Claim, ClauseRef, Hit

CLAUSE = "29.优化调整中小学校布局。2022年新建、改扩建农村寄宿制学校41所。"


def hit(clause_id, text=CLAUSE):
    return Hit(ClauseRef(clause_id, "ly", "x.txt", "五、29.", "洛阳要点"), "t", 0.1, text)


def answer(text, cited=(), retrieved=(), refused=False):
    """An answer whose one claim is `text` (markers removed), citing every clause in `cited`."""
    citations = [
        Citation(n, ClauseRef(cid, "ly", "x.txt", "五、29.", "洛阳要点"), CLAUSE, CLAUSE)
        for n, cid in enumerate(cited, 1)
    ]
    claims = [Claim(re.sub(r"\[\d+\]", "", text), tuple(range(1, len(cited) + 1)))] if cited else []
    return Answer("q", text, refused, "extractive", citations, [hit(r) for r in retrieved], claims=claims)


ITEM = GoldenItem(
    "q1", "dev", "fact", "洛阳新建多少所农村寄宿制学校？", "41所", (("ly/c29", "41所"),), ("41所",)
)
NONE = GoldenItem("u1", "dev", "unanswerable", "寒假放几天？", "", (), ())


def test_first_rank():
    assert first_rank(["a", "b", "c"], ["c", "b"]) == 2 and first_rank(["a"], ["z"]) is None


def test_a_correct_cited_answer_scores_fully():
    values = item_metrics(
        ITEM, answer("2022年新建、改扩建农村寄宿制学校41所[1]。", ["ly/c29"], ["ly/c29", "other"])
    )
    assert values == {
        "retrieval.hit@1": 1.0,
        "retrieval.hit@3": 1.0,
        "retrieval.hit@5": 1.0,
        "retrieval.mrr": 1.0,
        "retrieval.evidence_recall@5": 1.0,
        "answer.false_refusal": 0.0,
        "answer.absence_claim": 0.0,
        "answer.key_fact_recall": 1.0,
        "answer.key_fact_recall_all": 1.0,
        "citation.recall": 1.0,
        "citation.gold_precision": 1.0,
        "citation.precision": 1.0,
    }


def test_wrong_rank_missing_fact_unsupported_sentence_and_refusals():
    values = item_metrics(ITEM, answer("月球上有学校[1]。", ["other"], ["other", "x", "ly/c29"]))
    assert (
        values["retrieval.hit@1"] == 0.0
        and values["retrieval.hit@3"] == 1.0
        and values["retrieval.mrr"] == pytest.approx(1 / 3)
    )
    assert (
        values["answer.key_fact_recall"] == 0.0
        and values["citation.precision"] == 0.0
        and values["citation.recall"] == 0.0
    )
    refused = item_metrics(ITEM, answer("没有找到", refused=True))
    assert refused["answer.false_refusal"] == 1.0 and refused["answer.key_fact_recall_all"] == 0.0
    assert "answer.key_fact_recall" not in refused  # the answered-only recall ignores refusals
    assert item_metrics(NONE, answer("没有找到", refused=True)) == {"refusal.accuracy": 1.0}


def test_aggregate_has_flat_keys_and_breakdowns_by_type_and_by_style():
    everyday = replace(ITEM, id="q2", style="everyday")
    answers = [
        answer("41所[1]。", ["ly/c29"], ["ly/c29"]),
        answer("答", ["ly/c29"]),
        answer("没有找到", retrieved=["ly/c29"], refused=True),
    ]
    metrics = aggregate([ITEM, NONE, everyday], answers)
    assert metrics["retrieval.hit@5"] == 1.0 and metrics["refusal.accuracy"] == 0.0
    assert metrics["refusal.false_refusal_rate"] == 0.5 and metrics["count"] == 3
    assert metrics["by_type.fact.count"] == 2 and metrics["by_type.unanswerable.refusal.accuracy"] == 0.0
    assert metrics["by_style.original.count"] == 2 and metrics["by_style.everyday.count"] == 1
    assert metrics["by_style.everyday.refusal.false_refusal_rate"] == 1.0
    assert metrics["by_style.original.refusal.false_refusal_rate"] == 0.0
    assert metrics["by_origin.staff.count"] == 1 and metrics["by_origin.original.count"] == 2


def test_an_absence_claim_is_counted_on_answerable_items_refused_or_not():
    """A part saying "没有给出" inside an answer is as false as a refusal saying it: both are
    counted, apart from false refusals; an unanswerable item's refusal is no defect."""
    partial = answer("41所[1]。\n建了几所公办园：文件提到了公办园，但没有给出具体数量（所）。", ["ly/c29"])
    refused = answer("文件提到了寄宿制学校，但没有给出具体数量（所）。", refused=True)
    plain = answer("41所[1]。", ["ly/c29"])
    values = [item_metrics(ITEM, a)["answer.absence_claim"] for a in (partial, refused, plain)]
    assert values == [1.0, 1.0, 0.0]
    assert "answer.absence_claim" not in item_metrics(NONE, refused)
    metrics = aggregate([ITEM, replace(ITEM, id="q3"), NONE], [partial, plain, refused])
    assert metrics["refusal.absence_claim_rate"] == 0.5 and metrics["refusal.false_refusal_rate"] == 0.0
    assert metrics["by_type.fact.refusal.absence_claim_rate"] == 0.5


def test_the_golden_file_loads_by_split():
    assert {i.split for i in load(split="dev")} == {"dev"} and len(load()) >= len(load(split="dev"))


@pytest.mark.slow
def test_eval_command_writes_metrics_report_baselines_and_charts(evaluation_settings, tmp_path, capsys):
    args = ["eval", "--split", "dev", "--baselines", "--out", str(tmp_path)]
    code = main([*args, "--data-dir", str(evaluation_settings.data_dir.parent)])
    assert code == 0 and "retrieval.hit@5" in capsys.readouterr().out
    metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["count"] == len(load(split="dev")) and 0 <= metrics["retrieval.mrr"] <= 1
    for design in ("naive-chunks", "bm25", "dense", "pipeline"):
        assert 0 <= metrics[f"baselines.{design}.retrieval.hit@1"] <= 1
    # the pipeline row of the comparison is the main run's own retrieval, measured the same way
    assert metrics["baselines.pipeline.retrieval.hit@5"] >= metrics["retrieval.hit@5"]
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# policyqa evaluation") and "| naive-chunks |" in report
    assert "## By question type" in report and "## By question style" in report
    assert metrics["by_style.everyday.count"] == sum(1 for i in load(split="dev") if i.style == "everyday")
    failures = (tmp_path / "failures.md").read_text(encoding="utf-8")
    assert failures.startswith("# Missed questions") and "top 3 retrieved" in failures
    for chart in ("by_type.png", "by_style.png", "baselines.png"):
        assert (tmp_path / chart).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_ragas_llm_free_metrics_and_rouge_work_on_chinese():
    from qa.evaluation.ragas_metrics import item_scores, rouge_l

    assert rouge_l("新建农村寄宿制学校41所", "新建农村寄宿制学校41所") == 1.0
    assert rouge_l("完全不同的话", "新建学校") == 0.0
    scores = item_scores(
        ITEM,
        answer("2022年新建、改扩建农村寄宿制学校41所[1]。", ["ly/c29"], ["ly/c29", "other"]),
        lambda _: CLAUSE,
    )
    assert scores["ragas.non_llm_context_recall"] == 1.0 and scores["ragas.non_llm_context_precision"] > 0.9
    assert 0 < scores["ragas.string_similarity"] <= 1 and 0 < scores["answer.rouge_l_jieba"] < 1
    assert item_scores(NONE, answer("没有找到", refused=True), lambda _: CLAUSE) == {}
