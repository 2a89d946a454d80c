"""What a verified stream appends after the text it already sent (routes_openai.verdict_tail):
the chunks joined must read as one text, nothing said twice."""

from dataclasses import replace

from qa.answer.stages.assemble import CAVEAT
from qa.api.routes_openai import verdict_tail
from qa.records import Verification
from tests.ui.test_render import answer

TEXT = "2022年新建、改扩建农村寄宿制学校41所[1]。"


def test_a_caveat_the_check_adds_is_all_that_follows():
    checked = replace(answer(), answer=TEXT + "\n" + CAVEAT, verification=Verification("m", "uncertain", 0.4))
    assert verdict_tail(TEXT, checked) == "\n" + CAVEAT


def test_an_answer_the_check_leaves_as_it_was_gets_nothing_more():
    checked = replace(answer(), answer=TEXT, verification=Verification("m", "no_issue", 0.9))
    assert verdict_tail(TEXT, checked) == ""


def test_a_refuted_answer_is_followed_by_the_refusal_alone():
    refusal = "现有文件中没有找到明确回答这个问题的内容。"
    checked = replace(answer(), answer=refusal, refused=True, verification=Verification("m", "refuted", 0.1))
    assert verdict_tail(TEXT, checked) == "\n\n" + refusal


def test_a_caveat_already_sent_that_the_check_takes_back_is_followed_by_the_verdict():
    checked = replace(answer(), answer=TEXT, verification=Verification("m", "verified", 0.99))
    assert verdict_tail(TEXT + "\n" + CAVEAT, checked) == "\n（核对：已核对）"
