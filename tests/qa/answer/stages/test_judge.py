"""Judge: whether the evidence answers the question, per compared group, before any generator."""

from qa.answer.evidence import RefusalPolicy
from qa.answer.stages.judge import Judge
from qa.answer.stages.records import EvidenceGroup


def test_evidence_that_states_the_asked_fact_becomes_the_numbered_draft_request(evidence):
    judgement = Judge(RefusalPolicy()).run(evidence)
    assert judgement.answerable and judgement.missing == []
    assert judgement.request.groups == [(None, [0, 1])] and judgement.request.answer_type == "number"
    assert [h.clause_id for h in judgement.request.evidence] == ["ly/c29", "hy/c6"]


def test_a_compared_place_without_evidence_is_missing_and_the_rest_renumbered(compared):
    judgement = Judge(RefusalPolicy()).run(compared)
    assert [g.group.label for g in judgement.missing] == ["衡阳"]
    assert judgement.request.groups == [("洛阳", [0])]
    assert len(judgement.strengths) == 2 and judgement.hits == compared.hits


def test_nothing_answerable_is_a_refusal_without_a_request(evidence):
    strict = RefusalPolicy(min_sentence_coverage=1.1, min_dense=1.1, min_coverage_with_dense=1.1)
    judgement = Judge(strict).run(evidence)
    assert not judgement.answerable and judgement.request is None and len(judgement.missing) == 1


def test_a_question_about_the_document_is_answered_from_its_header(evidence):
    from dataclasses import replace

    from qa.answer.generators import ExtractiveGenerator
    from tests.qa.answer.stages.conftest import hit

    header = hit("ly/header", "洛阳市教育局文件\n洛教〔2022〕1号\n2022年3月4日", "文件头")
    header = replace(header, kind="header")
    asked = replace(evidence.understanding, fields=("doc_number", "date"))
    found = [header, *evidence.hits]  # the retrieve stage puts the document's header first
    judgement = Judge(RefusalPolicy()).run(
        replace(evidence, understanding=asked, hits=found, groups=[EvidenceGroup(None, found)])
    )
    assert judgement.request.evidence == [header] and judgement.request.fields == ("doc_number", "date")
    assert ExtractiveGenerator().draft(judgement.request) == "洛教〔2022〕1号[1]。2022年3月4日[1]。"


def test_a_clause_on_the_topic_that_does_not_state_the_asked_value_is_refused_before_the_model(evidence):
    """The slot check decides near misses: the fitted model is not asked whether they answer."""
    from dataclasses import replace

    from qa.answer.slot import read_slot

    asked = "洛阳新建的农村寄宿制学校每所投多少钱？"
    understanding = replace(evidence.understanding, asked=asked, slot=read_slot(asked))
    judgement = Judge(RefusalPolicy(0.0, 0.0, 0.0)).run(replace(evidence, understanding=understanding))
    (group,) = judgement.groups
    assert not judgement.answerable and not group.answerable and group.confidence == 0.0
    assert group.fill.reason in ("value", "per") and group.fill.hit.clause_id == "ly/c29"


def test_a_filled_value_slot_leads_the_draft_with_the_sentence_that_states_it(evidence):
    from dataclasses import replace

    from qa.answer.slot import read_slot

    understanding = replace(evidence.understanding, slot=read_slot(evidence.understanding.asked))
    judgement = Judge(RefusalPolicy()).run(replace(evidence, understanding=understanding))
    clause_id, passage, values = judgement.request.leads[None]
    assert clause_id == "ly/c29" and "41所" in passage and values == ("41所",)


def test_a_quoted_term_no_document_has_refuses_every_group(evidence):
    from dataclasses import replace

    judgement = Judge(RefusalPolicy()).run(replace(evidence, absent_terms=("智慧作业提质工程",)))
    assert not judgement.answerable
    assert [g.fill.message(evidence.understanding.slot) for g in judgement.groups] == [
        "现有文件中没有提到“智慧作业提质工程”。"
    ]


def test_a_later_part_is_read_with_the_parts_before_it():
    """ "最多能连任几届" leaves out its subject: the question up to it names 专职督学."""
    from qa.answer.stages.judge import _said_by

    asked = "教育督导条例规定专职督学一届任期几年？最多能连任几届？"
    assert _said_by("最多能连任几届", asked) == asked.rstrip("？")
    assert _said_by("教育督导条例规定专职督学一届任期几年", asked) == "教育督导条例规定专职督学一届任期几年"
    assert _said_by(None, asked) == asked
