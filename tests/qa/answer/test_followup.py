import pytest

from qa.answer.followup import continues, is_followup, point_number, resolve

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


def test_a_short_follow_up_asking_a_value_of_the_same_kind_takes_the_previous_question_s_subject():
    resolved = resolve("那小学和初中各几所？", "新改扩建的193所学校里，幼儿园有几所？", PLACES)
    assert resolved is not None and "193所学校" in resolved and "小学和初中各几所" in resolved


def test_a_short_follow_up_asking_another_kind_of_value_is_a_question_of_its_own():
    """Merged, "那开校车的司机年龄有啥限制？" would carry the previous 啥时候 and be answered with a date."""
    assert resolve("那开校车的司机年龄有啥限制？", "校车那个条例是啥时候开始执行的？", PLACES) is None


@pytest.mark.parametrize(
    "question", ["那它第一次修订以后又是谁批准的？", "那开校车的司机年龄有啥限制？", "该条例对罚款怎么规定？"]
)
def test_a_question_going_on_about_the_previous_one_s_document(question):
    assert continues(question)


def test_a_question_of_its_own_does_not_go_on_about_the_previous_document():
    assert not continues("衡阳的课后服务怎么收费？")
    assert not continues("校车安全管理条例什么时候施行？")


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
