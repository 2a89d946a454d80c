"""Understand: a question validated, made standalone, and typed."""

import pytest

from qa.answer.stages.records import Question
from qa.answer.stages.understand import Understand
from qa.errors import InvalidQuestionError

STAGE = Understand(max_chars=50, default_top_k=5, place_names=lambda: {"洛阳", "衡阳"})


def test_a_plain_question_is_understood_as_asked_with_its_answer_type():
    understood = STAGE.run(Question("  洛阳新建多少所农村寄宿制学校？ "))
    assert understood.question == understood.asked == "洛阳新建多少所农村寄宿制学校？"
    assert understood.resolved is None and understood.answer_type == "number" and understood.top_k == 5


def test_a_follow_up_is_resolved_against_the_previous_question():
    understood = STAGE.run(Question("那衡阳呢？", history=("洛阳新建多少所农村寄宿制学校？",), top_k=3))
    assert understood.asked == understood.resolved == "衡阳新建多少所农村寄宿制学校？"
    assert understood.question == "那衡阳呢？" and understood.top_k == 3


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("  ", "empty"), ("问" * 51, "limit is 50")])
def test_empty_and_overlong_questions_are_refused_with_a_reason(text, message):
    with pytest.raises(InvalidQuestionError, match=message):
        STAGE.run(Question(text))


def test_a_multi_part_question_is_understood_as_its_parts():
    understood = STAGE.run(Question("洛阳每年派多少老师去学习？每五年修满多少学时？"))
    assert understood.parts == ("洛阳每年派多少老师去学习", "每五年修满多少学时")


def test_the_parts_of_a_question_about_the_document_itself_stay_one_header_question():
    understood = STAGE.run(Question("北京市学前教育条例是哪天、在哪次会议上通过的？"))
    assert understood.fields == ("date",) and understood.parts == ()


def test_the_nth_point_points_at_the_nth_source_of_the_previous_answer():
    asked = Question(
        "第二点具体是什么？", history=("衡阳和洛阳的双减有什么不同？",), cited=("hy/c6", "ly/c11")
    )
    understood = STAGE.run(asked)
    assert understood.shape == "point" and understood.pointed == "ly/c11"
    assert STAGE.run(Question("第三点具体是什么？", history=asked.history, cited=asked.cited)).pointed is None


def test_lists_and_yes_no_questions_are_told_apart():
    assert STAGE.run(Question("邯郸要点里哪几条讲到了心理健康？")).shape == "list"
    assert STAGE.run(Question("外地孩子能进公办学校吗？")).shape == "yesno"


def test_an_overlong_question_is_a_too_large_error_by_kind():
    from qa.errors import TooLargeError

    with pytest.raises(TooLargeError):
        STAGE.run(Question("问" * 51))
    with pytest.raises(InvalidQuestionError) as empty:
        STAGE.run(Question(""))
    assert not isinstance(empty.value, TooLargeError)
