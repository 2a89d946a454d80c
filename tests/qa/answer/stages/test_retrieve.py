"""Retrieve, on the real index: the clauses for a question, and per place for a comparison."""

import pytest

from qa.answer.stages.records import Question
from qa.answer.stages.retrieve import PER_GROUP, Retrieve
from qa.answer.stages.understand import Understand

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
    assert evidence.hits == [h for g in evidence.groups for h in g.hits]
