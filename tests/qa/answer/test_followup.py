import pytest

from qa.answer.followup import is_followup, point_number, resolve

PLACES = {"洛阳", "洛阳市", "衡阳", "衡阳市", "惠济", "惠济区", "邯郸"}


@pytest.mark.parametrize(
    ("question", "previous", "resolved"),
    [
        ("那衡阳呢？", "洛阳今年要新建多少所农村寄宿制学校？", "衡阳今年要新建多少所农村寄宿制学校？"),
        ("惠济区呢", "洛阳市的课后服务怎么做？", "惠济区的课后服务怎么做？"),
        ("2023年呢", "惠济2022年的目标是什么", "惠济2023年的目标是什么"),
        ("那邯郸的呢？", "课后服务有哪些要求？", "邯郸课后服务有哪些要求？"),
    ],
)
def test_elliptical_follow_ups_become_standalone_questions(question, previous, resolved):
    assert resolve(question, previous, PLACES) == resolved


def test_full_questions_and_first_turns_are_left_alone():
    assert resolve("衡阳的课后服务怎么收费？", "洛阳的课后服务", PLACES) is None
    assert resolve("那衡阳呢？", None, PLACES) is None
    assert not is_followup("洛阳2022年新增多少公办学位？")


@pytest.mark.parametrize(
    ("question", "number"),
    [
        ("第二点具体是什么？", 2),
        ("那第3条呢", 3),
        ("第十二项是什么意思", 12),
        ("第十点", 10),
        ("第二十一条呢", 21),
    ],
)
def test_a_question_about_the_nth_point_of_the_previous_answer(question, number):
    assert point_number(question) == number


@pytest.mark.parametrize(
    "question",
    [
        "洛阳第二批学校什么时候开工？",
        "第二",
        "第零点",
        "双减的第二点要求是什么内容呢，请详细说明一下具体措施",
    ],
)
def test_other_questions_are_not_point_references(question):
    assert point_number(question) is None
