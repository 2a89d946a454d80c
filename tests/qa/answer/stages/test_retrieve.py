"""Retrieve, on the real index: the clauses for a question, and per place for a comparison."""

import pytest

from qa.answer.stages.records import Question
from qa.answer.stages.retrieve import (
    ANCHOR_SHARE,
    PER_GROUP,
    Retrieve,
    _matched,
    _part_label,
    _stating,
)
from qa.answer.stages.understand import Understand
from qa.records import ClauseRef, Hit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def stages(answer_service):
    understand = Understand(2000, 5, answer_service.place_names)
    return understand, Retrieve(answer_service.searcher, answer_service.place_names)


def test_a_question_gets_its_clauses_its_content_words_and_their_weights(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("洛阳今年要新建多少所农村寄宿制学校？")))
    assert evidence.hits[0].clause_id == "luoyang-2022-work-points/s5-c29"
    assert len(evidence.groups) == 1 and evidence.groups[0].label is None and evidence.scope == "洛阳"
    assert "洛阳" not in evidence.tokens and "寄宿制" in evidence.tokens
    assert evidence.idf("寄宿制") > evidence.idf("学校") and {"dense", "bm25", "total"} <= set(
        evidence.timings
    )


def test_a_comparison_of_places_gets_the_clauses_of_each_place(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("衡阳和洛阳的双减措施有什么不同？")))
    assert [g.label for g in evidence.groups] == ["衡阳", "洛阳"]
    for group, place in zip(evidence.groups, ("hengyang", "luoyang"), strict=True):
        assert 0 < len(group.hits) <= PER_GROUP and all(h.doc_id.startswith(place) for h in group.hits)
    # what was found is shown best of each place first: both places' first clauses lead
    assert {h.clause_id for h in evidence.hits[:2]} == {g.hits[0].clause_id for g in evidence.groups}
    assert sorted(h.clause_id for h in evidence.hits) == sorted(
        h.clause_id for g in evidence.groups for h in g.hits
    )


def test_every_hit_carries_the_sentences_that_matched_it(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("洛阳今年要新建多少所农村寄宿制学校？")))
    best = evidence.hits[0].sentences[0]
    assert "寄宿制学校41所" in best.text and best.dense > 0 and best.bm25 > 0
    assert evidence.hits[0].ranks["sentence"] is not None


def test_a_list_of_the_items_under_a_named_heading_is_found_by_structure(stages):
    understand, retrieve = stages
    asked = "《2022年衡阳市教育局工作要点》中“坚持以人为本，打造高素质教师队伍”部分包括哪几条？"
    evidence = retrieve.run(understand.run(Question(asked)))
    (group,) = evidence.groups
    assert group.by_structure and [h.locator for h in group.hits] == ["五、17.", "五、18.", "五、19."]


def test_each_document_across_the_work_points_is_searched_on_its_own_and_on_topic_first(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("2022年各份工作要点对课后服务有什么要求？")))
    labels = {g.label: g for g in evidence.groups}
    assert {"衡阳", "洛阳", "邯郸"} <= set(labels)
    # 衡阳's 双减 clause names 课后服务, though meaning alone ranks it low within its document
    assert labels["衡阳"].hits[0].locator == "二、6."


def test_each_part_of_a_multi_part_question_is_searched_within_the_questions_documents(stages):
    understand, retrieve = stages
    evidence = retrieve.run(
        understand.run(Question("洛阳每年派多少老师出去学习？老师每五年得修满多少学时？"))
    )
    assert [g.part for g in evidence.groups] == ["洛阳每年派多少老师出去学习", "老师每五年得修满多少学时"]
    assert all(h.doc_id.startswith("luoyang") for g in evidence.groups for h in g.hits)


def test_a_place_the_corpus_lacks_is_not_searched(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("石家庄今年普高计划招多少人？")))
    assert evidence.hits == [] and evidence.absence.startswith("现有文件中没有石家庄的文件")


def test_a_part_without_its_own_subject_is_searched_with_the_previous_parts(stages):
    """ "…创建学校做什么？有几所？": the second part asks about the same schools, and the clause
    the first part found is looked at first."""
    understand, retrieve = stages
    asked = "惠济今年第三批新优质初中创建学校要做什么？有几所？"
    evidence = retrieve.run(understand.run(Question(asked)))
    first, second = evidence.groups
    assert second.part == "有几所" and "新优质" in "".join(second.tokens)
    assert second.hits[0].clause_id == first.hits[0].clause_id == "huiji-2023-work-points/s5-c17"


def test_a_question_about_documents_gets_their_headers_by_structure(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("洛阳那两份文件哪份先印发的？")))
    assert [g.label for g in evidence.groups] == [
        "《洛阳市教育局2022年教育工作要点》",  # oldest first
        "《洛阳市“十四五”教育事业发展规划》",
    ]
    assert [g.hits[0].kind for g in evidence.groups] == ["header", "header"]


def test_a_quoted_term_no_document_has_is_absent_from_the_library(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("洛阳要点里的“智慧作业提质工程”具体怎么安排？")))
    assert evidence.absent_terms == ("智慧作业提质工程",)
    present = retrieve.run(understand.run(Question("衡阳的“公参民”学校什么时候转为公办？")))
    assert present.absent_terms == ()


def test_a_described_document_is_searched_for_what_is_asked_inside_it(stages):
    understand, retrieve = stages
    asked = "提出“321”发展愿景的那份要点，一般公共预算教育投入要到多少？"
    evidence = retrieve.run(understand.run(Question(asked)))
    assert evidence.scope == "邯郸市教育局2022年工作要点"
    assert "愿景" not in evidence.tokens and "预算" in evidence.tokens
    assert evidence.hits[0].locator == "一、4."  # 216亿元, not the clause that names the 愿景


def test_a_structure_question_is_read_off_the_tree(stages):
    understand, retrieve = stages
    evidence = retrieve.run(understand.run(Question("洛阳那份要点最后一部分讲了啥？")))
    (group,) = evidence.groups
    assert group.by_structure and [h.locator for h in group.hits][0] == "七、35."


def _clause(doc_id: str, text: str) -> Hit:
    return Hit(ClauseRef(f"{doc_id}/c1", doc_id, f"{doc_id}.txt", "第一条", doc_id), doc_id, 1.0, text)


def _flat(token: str) -> float:
    return 1.0


def test_the_words_a_document_must_hold_are_those_the_best_clause_matched_each_said_once():
    tokens = ["学校", "食堂", "学校食堂", "安全", "吃"]
    best = _clause("a", "学校食堂应当落实食品安全责任。")
    weaker = _clause("b", "学校应当建立食堂。")
    # 学校食堂 is 学校 and 食堂 said again: a clause saying 学校…的食堂 holds it
    assert _matched(tokens, [weaker, best], set(), _flat) == ["学校", "食堂", "安全"]


def test_a_part_is_labelled_as_asked_without_a_piece_that_only_names_its_document():
    assert _part_label("洛阳规划里，老师每年培训多少人", {"洛阳"}) == "老师每年培训多少人"
    asked = "在重庆的工厂上班，工人有哪些权利"
    assert _part_label(asked, {"重庆"}) == asked  # not "在的工厂上班"


def test_a_single_character_is_not_a_required_word():
    """管, 请, 买: one character is no topic, however rare (乡镇和街道要设专门管孩子保护的工作站)."""
    tokens = ["乡镇", "街道", "专门", "管", "保护", "工作站"]
    best = _clause("a", "乡镇人民政府和街道办事处应当设立未成年人保护工作站或者指定专门人员，管理相关事务。")
    assert _matched(tokens, [best], set(), _flat) == ["乡镇", "街道", "专门", "保护", "工作站"]


def test_no_words_are_required_when_even_the_best_clause_holds_little_of_the_question():
    tokens = ["陪餐", "园长", "孩子", "吃饭", "一起", "要求"]
    assert _matched(tokens, [_clause("a", "幼儿园应当配备园长。")], set(), _flat) == []


def test_a_clause_says_the_same_when_it_holds_nearly_all_the_required_words_and_the_stated_values():
    anchor = ["12345", "市民", "热线", "保护"]
    city = _clause("city", "本市依托12345市民服务热线建立未成年人保护热线。")
    national = _clause("nation", "县级以上人民政府应当开通全国统一的未成年人保护热线。")
    assert _stating([city, national], set(), anchor, _flat, ANCHOR_SHARE) == [city]
    assert _stating([city], {"两小时"}, anchor, _flat, ANCHOR_SHARE) == []


def test_which_places_asked_inside_one_named_place_are_places_in_its_texts_not_documents(stages):
    understand, retrieve = stages
    inside = retrieve.run(understand.run(Question("洛阳哪些地方要新建农村寄宿制学校？")))
    assert not inside.understanding.which_documents and inside.scope == "洛阳"
    across = retrieve.run(understand.run(Question("哪些地方要求开展课后服务？")))
    assert across.understanding.which_documents == "哪些地方"
