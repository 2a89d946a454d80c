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
