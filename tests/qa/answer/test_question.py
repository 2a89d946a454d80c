import pytest

from qa.answer.question import answer_type, content_tokens, mentions


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("洛阳今年要新建多少所农村寄宿制学校？", "number"),
        ("学前三年毛入学率要达到多少？", "number"),
        ("衡阳什么时候前要把“公参民”学校转为公办？", "date"),
        ("这份文件的文号是什么？", "name"),
        ("衡阳怎么推进双减工作？", "open"),
    ],
)
def test_answer_types(question, kind):
    assert answer_type(question) == kind


def test_content_tokens_drop_scope_and_generic_words():
    assert content_tokens(["洛阳", "今年", "新建", "多少", "农村", "寄宿制", "学校", "新建"], {"洛阳"}) == [
        "新建",
        "农村",
        "寄宿制",
        "学校",
    ]


def test_mentions_understands_document_forms_and_everyday_words():
    assert mentions("文号", "洛教〔2022〕1号")
    assert mentions("老师", "加强教师队伍建设")
    assert not mentions("校服", "加强教师队伍建设")
