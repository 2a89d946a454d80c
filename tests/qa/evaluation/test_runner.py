"""The evaluation run: follow-ups asked as conversations, reports by type and style, failures.md."""

from contextlib import contextmanager
from dataclasses import replace

import pytest

from qa.application import AskRequest
from qa.evaluation import runner
from qa.evaluation.golden import GoldenItem
from qa.evaluation.metrics import aggregate
from qa.records import Answer, Citation, ClauseRef, Hit

CLAUSE = "29.优化调整中小学校布局。2022年新建、改扩建农村寄宿制学校41所。"


class RecordingApplication:
    """Answers every question from one clause and records how it was asked (a PolicyQA stand-in)."""

    def __init__(self):
        self.asked: list[AskRequest] = []

    def ask(self, request: AskRequest) -> Answer:
        self.asked.append(request)
        resolved = "衡阳新建多少所农村寄宿制学校？" if request.history else None
        return Answer(request.question, "41所[1]。", False, "extractive", [], [], resolved_question=resolved)


FOLLOWUP = GoldenItem(
    "f1",
    "test",
    "fact",
    "那衡阳呢？",
    "衡阳没有给出数字。",
    (("ly/c29", "41所"),),
    ("41所",),
    style="followup",
    previous="洛阳新建多少所农村寄宿制学校？",
)


def test_a_followup_is_asked_after_its_previous_turn_with_that_history():
    application = RecordingApplication()
    runner.answer_item(application, FOLLOWUP, "extractive")
    assert application.asked == [
        AskRequest("洛阳新建多少所农村寄宿制学校？", generator="extractive"),
        AskRequest("那衡阳呢？", generator="extractive", history=("洛阳新建多少所农村寄宿制学校？",)),
    ]


def test_a_standalone_question_is_asked_once_without_history():
    application = RecordingApplication()
    runner.answer_item(application, GoldenItem("q1", "dev", "fact", "洛阳新建多少所？", "41所", (), ()))
    assert application.asked == [AskRequest("洛阳新建多少所？")]


def test_the_evaluation_index_is_never_refreshed_on_the_products_index(settings):
    from qa.application import PolicyQA
    from qa.evaluation.corpus import evaluation_application, refresh_index

    with pytest.raises(ValueError, match="not the evaluation index"):
        refresh_index(PolicyQA(settings))
    evaluation = evaluation_application(settings).settings
    assert evaluation.data_dir == settings.data_dir / "eval" and evaluation.corpus_name == "evaluation"


class FakeEvaluationApplication(RecordingApplication):
    """The evaluation index's facade without a model: ingests are counted, answers canned."""

    def __init__(self, settings):
        super().__init__()
        self.settings = settings
        self.ingested: list[tuple[int, bool]] = []

    def ingest(self, documents, sync=False, replace=False, hooks=None):
        self.ingested.append((len(list(documents)), sync))

    def ask(self, request: AskRequest) -> Answer:
        answer = super().ask(request)
        return replace(answer, retrieved=[hit("ly/c29")])  # the metrics want a retrieved passage


def test_evaluate_refreshes_the_index_answers_measures_and_writes(settings, tmp_path):
    from qa.evaluation import golden
    from qa.evaluation.corpus import evaluation_documents, evaluation_settings

    application = FakeEvaluationApplication(evaluation_settings(settings))
    items = golden.load(split="dev")[:3]
    shown = []

    @contextmanager
    def bars(total, description, unit):
        shown.append(description)
        yield lambda count: None

    options = runner.EvaluationOptions(title="a small run", out=tmp_path / "out")
    run = runner.evaluate(application, items, options, bars)
    assert application.ingested == [(len(evaluation_documents(settings)), True)]  # synced: eval docs only
    assert shown == ["indexing the evaluation corpus", "evaluating"]  # no judge, no baselines asked
    assert len(application.asked) == len(items) + sum(1 for item in items if item.previous)
    assert run.folder == tmp_path / "out" and run.metrics["count"] == 3
    assert (
        run.report.startswith("# a small run")
        and (run.folder / "report.md").read_text(encoding="utf-8") == run.report
    )
    assert {"metrics.json", "failures.md", "answers.jsonl"} <= {path.name for path in run.folder.iterdir()}


def hit(clause_id):
    return Hit(ClauseRef(clause_id, "ly", "x.txt", "五、29.", "洛阳要点"), "t", 0.1, CLAUSE)


ITEM = GoldenItem(
    "q1",
    "test",
    "fact",
    "洛阳乡下住校的学校新建几所？",
    "41所",
    (("ly/c29", "41所"),),
    ("41所",),
    style="everyday",
)
NEAR_MISS = GoldenItem(
    "u1", "test", "unanswerable", "洛阳2025年新建几所？", "没有", (), (), miss="other_year"
)


def test_failures_say_what_was_expected_what_was_answered_and_what_was_retrieved():
    answers = [
        Answer(ITEM.question, "现有文件中没有找到。", True, "extractive", [], [hit("ly/c30"), hit("ly/c29")]),
        Answer(NEAR_MISS.question, "41所[1]。", False, "extractive", [], [hit("ly/c29")]),
    ]
    text = runner.failures([ITEM, NEAR_MISS], answers, lambda cid: f"《洛阳要点》{cid}", "t")
    assert "2 of 2 missed" in text
    assert "## q1 · fact · everyday · test" in text and "- missing key facts: 41所" in text
    assert "- evidence: 《洛阳要点》ly/c29" in text and "- answered (refused): 现有文件中没有找到。" in text
    assert "- top 3 retrieved: 《洛阳要点》ly/c30；《洛阳要点》ly/c29" in text
    assert "- expected: a refusal (other_year)" in text


def test_an_answered_question_with_its_facts_is_not_a_failure():
    citation = Citation(1, ClauseRef("ly/c29", "ly", "x.txt", "五、29.", "洛阳要点"), CLAUSE, CLAUSE)
    answer = Answer(ITEM.question, "新建41所[1]。", False, "extractive", [citation], [hit("ly/c29")])
    assert not runner.missed(ITEM, answer)
    assert "0 of 1 missed" in runner.failures([ITEM], [answer], str, "t")


def test_the_report_has_tables_by_type_and_by_style_with_counts():
    answers = [Answer(ITEM.question, "41所[1]。", False, "extractive", [], [hit("ly/c29")])]
    metrics = aggregate([ITEM], answers)
    report = runner.report([ITEM], answers, metrics, "t")
    assert "## By question type" in report and "| fact | 1 |" in report
    assert "## By question style" in report and "| everyday | 1 |" in report
