"""The evaluation run: follow-ups asked as conversations, reports by type and style, failures.md."""

from qa.evaluation import runner
from qa.evaluation.golden import GoldenItem
from qa.evaluation.metrics import aggregate
from qa.records import Answer, Citation, ClauseRef, Hit

CLAUSE = "29.优化调整中小学校布局。2022年新建、改扩建农村寄宿制学校41所。"


class RecordingService:
    """Answers every question from one clause and records how it was asked."""

    def __init__(self):
        self.asked: list[tuple[str, list[str] | None]] = []

    def answer(self, question, generator=None, history=None):
        self.asked.append((question, history))
        resolved = "衡阳新建多少所农村寄宿制学校？" if history else None
        return Answer(question, "41所[1]。", False, "extractive", [], [], resolved_question=resolved)


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
    service = RecordingService()
    runner.answer_item(service, FOLLOWUP)
    assert service.asked == [
        ("洛阳新建多少所农村寄宿制学校？", None),
        ("那衡阳呢？", ["洛阳新建多少所农村寄宿制学校？"]),
    ]


def test_a_standalone_question_is_asked_once_without_history():
    service = RecordingService()
    runner.answer_item(service, GoldenItem("q1", "dev", "fact", "洛阳新建多少所？", "41所", (), ()))
    assert service.asked == [("洛阳新建多少所？", None)]


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
