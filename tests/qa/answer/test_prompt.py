"""The prompt LLM generators get: the same judged evidence as the extractive generator, with the
sentences retrieval found, the compared groups and the answer's shape."""

from dataclasses import replace

from qa.answer.generators import DraftRequest
from qa.answer.prompt import SHAPE_INSTRUCTIONS, build_prompt
from qa.records import SentenceHit
from tests.qa.answer.stages.conftest import BOARDING, DOUBLE, hit


def request(shape: str = "single", groups=None) -> DraftRequest:
    boarding = replace(
        hit("ly/c29", BOARDING),
        sentences=[SentenceHit(1, "2022年新建、改扩建农村寄宿制学校41所。", 0.9, 3.0)],
    )
    evidence = [boarding, hit("hy/c6", DOUBLE, "二、6.")]
    return DraftRequest("洛阳和衡阳新建多少所寄宿制学校？", evidence, groups or [(None, [0, 1])], shape=shape)


def test_each_clause_comes_with_its_locator_and_the_sentences_retrieval_found():
    prompt = build_prompt(request())
    assert "[1] 《洛阳市教育局2022年教育工作要点》五、29.：" in prompt
    assert "最相关的句子：2022年新建、改扩建农村寄宿制学校41所。" in prompt


def test_compared_groups_are_answered_each_and_a_group_without_content_says_so():
    prompt = build_prompt(request(groups=[("洛阳", [0]), ("衡阳", [1])]))
    assert "（以下为衡阳的条款）" in prompt and "请按洛阳、衡阳分别作答" in prompt and "没有找到" in prompt


def test_the_answer_shape_is_asked_for():
    assert SHAPE_INSTRUCTIONS["list"] in build_prompt(request("list"))
    assert SHAPE_INSTRUCTIONS["yesno"] in build_prompt(request("yesno"))
    assert not any(text in build_prompt(request()) for text in SHAPE_INSTRUCTIONS.values())
