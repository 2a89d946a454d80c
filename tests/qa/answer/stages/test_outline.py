"""Lookups by structure on the real evaluation index: parts, counts and mentions read off the tree."""

import pytest

from qa.answer.stages.outline import Outline
from qa.answer.structure import read_structure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def outline(evaluation_service) -> Outline:
    loaded = evaluation_service.searcher.loaded()
    return Outline(loaded.catalog, evaluation_service.searcher.tokenizer, loaded.idf)


def locators(outline: Outline, question: str, doc_id: str) -> list[str]:
    return [u.clause.locator for u in outline.units(read_structure(question), [doc_id])]


def test_the_last_part_of_a_work_plan_is_its_numbered_items(outline):
    found = locators(outline, "洛阳那份要点最后一部分讲了啥？", "luoyang-2022-work-points")
    assert found == ["七、35.", "七、36.", "七、37.", "七、38.", "七、39."]


def test_a_chapter_of_a_plan_is_its_sections_and_a_chapter_of_a_regulation_its_articles(outline):
    plan = locators(outline, "十四五规划第三章下面分哪几节？", "luoyang-14th-five-year-plan")
    assert plan == ["第三章 一、", "第三章 二、", "第三章 三、", "第三章 四、", "第三章 五、"]
    regulation = locators(outline, "山东那个条例第五章讲的啥？", "shandong-preschool-regulation")
    assert regulation[0] == "第五章 第四十六条" and regulation[-1] == "第五章 第五十四条"


def test_counts_are_exact(outline):
    assert len(locators(outline, "山东条例一共多少条？", "shandong-preschool-regulation")) == 78
    assert len(locators(outline, "十四五规划有几章？", "luoyang-14th-five-year-plan")) == 4
    assert len(locators(outline, "劳动教育意见一共多少条？", "national-2020-labor-education-opinions")) == 18
    assert len(locators(outline, "洛阳要点第五部分有几条？", "luoyang-2022-work-points")) == 7


def test_a_part_named_by_topic_is_found_by_its_headings(outline):
    found = locators(outline, "衡阳要点里讲教师队伍的那一部分有哪几条？", "hengyang-2022-work-points")
    assert found == ["五、17.", "五、18.", "五、19."]


def test_every_clause_mentioning_a_term_is_listed_not_only_the_best(outline):
    found = locators(outline, "邯郸要点里哪几条讲到了孩子的心理问题？", "handan-2022-work-points")
    assert {"三、（二）26.", "五、50."} <= set(found)


def test_a_part_the_document_does_not_have_is_none(outline):
    assert locators(outline, "十四五规划第九章讲了什么？", "luoyang-14th-five-year-plan") == []
