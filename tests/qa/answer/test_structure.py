"""Questions the document's tree answers: a part by position or topic, a count, every mention."""

import pytest

from qa.answer.structure import COUNT, MENTIONS, PART, PartRef, StructureAsk, ordinal, read_structure


@pytest.mark.parametrize(
    ("question", "part"),
    [
        ("洛阳那份要点最后一部分讲了啥？", PartRef("top", -1)),
        ("十四五规划第三章下面分哪几节？", PartRef("chapter", 3)),
        ("衡阳要点第二部分都讲了什么？", PartRef("top", 2)),
        ("山东那个条例第五章讲的啥？", PartRef("chapter", 5)),
        ("邯郸要点里讲教师队伍的那一部分都说了什么？", PartRef("top", topic="教师队伍")),
        ("惠济那份要点关于学校安全的那一块包括哪些？", PartRef("top", topic="学校安全")),
    ],
)
def test_a_part_is_named_by_its_position_or_its_topic(question, part):
    assert read_structure(question) == StructureAsk(PART, part)


def test_a_part_asked_for_its_items_lists_its_numbered_items():
    assert read_structure("衡阳要点第二部分有哪几条？") == StructureAsk(PART, PartRef("top", 2), unit="条")


@pytest.mark.parametrize(
    ("question", "counted", "unit", "within"),
    [
        ("衡阳要点一共分几大块？", "top", "块", None),
        ("十四五规划有几章？", "chapter", "章", None),
        ("山东条例一共多少条？", "item", "条", None),
        ("北京学前教育条例有多少条？", "item", "条", None),
        ("洛阳要点第五部分有几条？", "item", "条", PartRef("top", 5)),
    ],
)
def test_a_count_names_what_it_counts_and_where(question, counted, unit, within):
    assert read_structure(question) == StructureAsk(COUNT, within, counted, unit)


@pytest.mark.parametrize(
    ("question", "term"),
    [
        ("北京条例里涉及卫生保健的有哪几条？", "卫生保健"),
        ("邯郸要点里哪几条讲到了孩子的心理问题？", "孩子的心理问题"),
        ("庐阳那份计划里，跟体育锻炼、运动场地有关的有哪几条？", "体育锻炼、运动场地"),
    ],
)
def test_every_clause_that_mentions_a_term_is_asked_for(question, term):
    assert read_structure(question) == StructureAsk(MENTIONS, term=term)


@pytest.mark.parametrize(
    "question",
    [
        "洛阳今年要新建多少所农村寄宿制学校？",
        "中央那个讲劳动课的意见里，中小学一周最少得排几节？",  # 节 of a timetable, not of a document
        "惠济对课后服务提了几条要求？",  # a count of items needs the whole document named
        "第二点具体是什么？",
        "河南未保条例规定网络游戏晚上几点到第二天几点不能给未成年人玩？",  # a time of day
    ],
)
def test_questions_about_content_are_not_structure(question):
    assert read_structure(question) is None


def test_chinese_ordinals():
    assert [ordinal(n) for n in ("一", "十", "十二", "二十三", "7")] == [1, 10, 12, 23, 7]
