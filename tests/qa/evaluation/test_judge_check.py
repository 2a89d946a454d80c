"""The judge check: cases whose verdict is known by construction, and the judge's agreement on them."""

import pytest

from qa.evaluation import golden, judge_check
from qa.evaluation.judge_check import CaseResult, JudgeCase, agreement, build_cases, change_number
from qa.evaluation.ragas_judge import METRICS, RagasJudge
from tests.fakes import FakeChatServer, FakeEmbedder, FakeJudge


def clause_texts(corpus):
    """Every clause of the evaluation documents (the built-in corpus and the extra documents the
    dev items also ask about)."""
    from qa.config import Settings
    from qa.evaluation.corpus import evaluation_documents

    texts = {c.clause_id: c.text for d in evaluation_documents(Settings()) for c in d.clauses}
    return texts.__getitem__


def test_changing_a_number_makes_the_text_say_something_else():
    assert change_number("2022年新建农村寄宿制学校41所") == "2022年新建农村寄宿制学校130所"
    with pytest.raises(ValueError):
        change_number("没有数字")


def test_cases_cover_every_metric_with_as_many_known_good_as_known_bad(corpus):
    cases = build_cases(golden.for_tuning("dev"), clause_texts(corpus))
    assert len(cases) >= 20
    for metric in METRICS:
        mine = [c for c in cases if c.metric == metric]
        assert sum(c.expected for c in mine) == sum(not c.expected for c in mine) >= 3
    faithful = [c for c in cases if c.metric == "faithfulness"]
    for good, bad in zip(faithful[::2], faithful[1::2], strict=True):
        assert good.response in good.contexts[0]  # a verbatim extract of the clause
        assert bad.response not in bad.contexts[0] and bad.contexts == good.contexts
    for metric in ("context_precision", "context_recall"):
        mine = [c for c in cases if c.metric == metric]
        for good, bad in zip(mine[::2], mine[1::2], strict=True):
            assert (
                good.question == bad.question and good.contexts != bad.contexts
            )  # the gold clause vs another's


def test_cases_come_from_the_dev_split_only():
    with pytest.raises(golden.SplitError):
        golden.for_tuning("test")


def case(metric: str, expected: bool) -> JudgeCase:
    return JudgeCase(metric, "k", "q1", "问题", "回答", ("上下文",), "参考", expected)


def test_agreement_counts_scores_on_the_expected_side_and_missing_scores_as_disagreement():
    results = [
        CaseResult(case("faithfulness", True), 1.0),
        CaseResult(case("faithfulness", False), 0.0),
        CaseResult(case("faithfulness", False), 0.6),  # said faithful to a changed number
        CaseResult(case("faithfulness", True), None),  # no verdict at all
        CaseResult(case("answer_relevancy", True), 0.9),
        CaseResult(case("answer_relevancy", False), 0.7),  # under the cosine floor of this domain
    ]
    figures = agreement(results)
    assert figures["judge.agreement.faithfulness"] == 0.5 and figures["judge.reliable.faithfulness"] == 0.0
    assert (
        figures["judge.agreement.answer_relevancy"] == 1.0
        and figures["judge.reliable.answer_relevancy"] == 1.0
    )
    assert figures["judge.cases.faithfulness"] == 4 and "judge.agreement.context_recall" not in figures
    table = judge_check.report(results, figures)
    assert "| faithfulness | 0.50 | 4 | 0.5 | NO |" in table and "no score" in table


def test_a_judge_that_says_yes_to_everything_is_not_reliable(corpus):
    cases = build_cases(golden.for_tuning("dev"), clause_texts(corpus), per_side=1)
    with FakeChatServer([], reply_for=FakeJudge(verdict=1), keep_alive=True) as server:
        results = judge_check.run(RagasJudge(server.url, "fake-judge", FakeEmbedder()), cases)
    figures = agreement(results)
    for metric in ("faithfulness", "context_precision", "context_recall"):
        assert figures[f"judge.agreement.{metric}"] == 0.5 and figures[f"judge.reliable.{metric}"] == 0.0


@pytest.mark.slow
def test_the_judge_check_command_writes_the_agreement_per_metric(tmp_path, capsys):
    import json

    from qa.cli import main

    with FakeChatServer([], reply_for=FakeJudge(verdict=1), keep_alive=True) as server:
        code = main(
            [
                "eval",
                "--judge-check",
                "--judge-url",
                server.url,
                "--judge-model",
                "fake",
                "--out",
                str(tmp_path),
            ]
        )
    assert code == 0 and "| faithfulness | 0.50 |" in capsys.readouterr().out
    written = json.loads((tmp_path / "judge_check.json").read_text(encoding="utf-8"))
    assert written["figures"]["judge.reliable.faithfulness"] == 0.0 and len(written["cases"]) >= 20
    assert "| context_recall | gold clause |" in (tmp_path / "judge_check.md").read_text(encoding="utf-8")
