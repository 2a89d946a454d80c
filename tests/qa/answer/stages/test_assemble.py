"""Assemble: the Answer record, with a line for each compared place the corpus says nothing about,
and an honest refusal when nothing is left."""

from qa.answer.citations import check
from qa.answer.evidence import RefusalPolicy
from qa.answer.stages.assemble import CAVEAT, Assemble, refusal_text
from qa.answer.stages.judge import Judge


def test_a_refusal_before_drafting_names_the_closest_clauses(evidence):
    judgement = Judge(RefusalPolicy(1.1, 1.1, 1.1)).run(evidence)
    answer = Assemble().run(judgement, None, "extractive", {"total": 1.234})
    assert answer.refused and answer.citations == [] and answer.timings_ms == {"total": 1.23}
    assert answer.answer == refusal_text("洛阳新建多少所农村寄宿制学校？")  # the text says no, only
    assert answer.related and answer.related[0].locator == "五、29." and answer.claims == []
    assert answer.related_note().startswith(
        "可能相关的条款（不构成答案）：《洛阳市教育局2022年教育工作要点》五、29."
    )


def test_a_compared_place_without_evidence_gets_its_own_line(compared):
    judgement = Judge(RefusalPolicy()).run(compared)
    checked = check("洛阳：2022年新建、改扩建农村寄宿制学校41所[1]。", judgement.request.evidence)
    answer = Assemble().run(judgement, checked, "extractive", {})
    assert not answer.refused and answer.scope == "洛阳、衡阳"
    assert answer.answer.endswith("\n衡阳：现有文件中没有找到相关规定。")


def test_a_draft_with_nothing_supported_becomes_a_refusal(evidence):
    judgement = Judge(RefusalPolicy()).run(evidence)
    answer = Assemble().run(
        judgement, check("月球上也要建学校[1]。", judgement.request.evidence), "extractive", {}
    )
    assert answer.refused and answer.answer == refusal_text("洛阳新建多少所农村寄宿制学校？")
    assert answer.check.dropped == ["月球上也要建学校。"]


def test_a_question_about_a_place_or_year_the_corpus_lacks_says_what_it_has(evidence):
    evidence.absence = "现有文件中没有惠济2024年的文件；现有：《惠济区教育局2023年工作要点》。"
    evidence.hits, evidence.groups = [], []
    judgement = Judge(RefusalPolicy()).run(evidence)
    answer = Assemble().run(judgement, None, "extractive", {})
    assert answer.refused and answer.answer == evidence.absence and not judgement.answerable


def test_a_place_the_corpus_lacks_beside_known_ones_gets_its_own_line(evidence):
    evidence.outside = ("株洲",)
    judgement = Judge(RefusalPolicy()).run(evidence)
    checked = check("2022年新建、改扩建农村寄宿制学校41所[1]。", judgement.request.evidence)
    answer = Assemble().run(judgement, checked, "extractive", {})
    assert not answer.refused and answer.answer.endswith("\n株洲：现有文件中没有株洲的文件。")


def test_an_answer_the_judge_is_unsure_of_carries_a_caveat_and_its_confidence(evidence):
    class Unsure:
        def confidence(self, strength):
            return 0.35

        def answerable(self, strength):
            return True

    judgement = Judge(Unsure()).run(evidence)
    checked = check("2022年新建、改扩建农村寄宿制学校41所[1]。", judgement.request.evidence)
    answer = Assemble().run(judgement, checked, "extractive", {})
    assert not answer.refused and answer.confidence == 0.35 and answer.answer.endswith(CAVEAT)


def test_a_near_miss_says_what_the_documents_lack_and_shows_the_clause_on_the_topic(evidence):
    from dataclasses import replace

    from qa.answer.slot import read_slot

    asked = "洛阳新建的农村寄宿制学校每所投多少钱？"
    understanding = replace(evidence.understanding, asked=asked, slot=read_slot(asked))
    words_the_clauses_use = replace(
        evidence, understanding=understanding, idf=lambda t: 9.0 if "\x00" in t else 1.0
    )
    judgement = Judge(RefusalPolicy()).run(words_the_clauses_use)
    answer = Assemble().run(judgement, None, "extractive", {})
    assert answer.refused and answer.citations == []
    assert answer.answer.startswith("文件提到了") and answer.answer.endswith("但没有给出具体金额。")
    assert answer.related[0].clause_id == "ly/c29" and answer.confidence == 0.0


def test_an_answer_keeps_the_clauses_it_did_not_cite_as_related(evidence):
    judgement = Judge(RefusalPolicy()).run(evidence)
    checked = check("2022年新建、改扩建农村寄宿制学校41所[1]。", judgement.request.evidence)
    answer = Assemble().run(judgement, checked, "extractive", {})
    assert [c.clause_id for c in answer.citations] == ["ly/c29"]
    assert [h.clause_id for h in answer.related] == ["hy/c6"]  # found, not cited
    assert answer.related_note().startswith("其他相关条款（未引用）：")
