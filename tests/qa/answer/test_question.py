import pytest

from qa.answer.question import (
    answer_type,
    content_tokens,
    mentions,
    question_parts,
    question_shape,
    which_documents_cue,
    yes_no_words,
)


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


def test_the_frame_of_an_everyday_question_is_not_its_topic():
    """ "除了室内，还有哪些地方的室外区域…", "条例明确…": the words around the topic weigh nothing."""
    tokens = ["条例", "明确", "除了", "室内", "还有", "哪些地方", "地方", "室外", "区域", "或者", "不能"]
    assert content_tokens(tokens, set()) == ["条例", "室内", "地方", "室外", "区域"]
    # jieba's pieces of 哪几种 ask; they are no topic either
    assert content_tokens(["哪几", "几种", "哪几种", "情况", "学位", "收回"], set()) == ["学位", "收回"]


def test_mentions_understands_document_forms_and_everyday_words():
    assert mentions("文号", "洛教〔2022〕1号")
    assert mentions("老师", "加强教师队伍建设")
    assert mentions("家长", "未成年人的父母或者其他监护人")
    assert mentions("答复", "审批机关应当自受理之日起三十日内作出是否同意的决定")
    assert mentions("喝了酒", "饮酒后驾驶机动车的") and mentions("开车", "饮酒后驾驶机动车的")
    assert mentions("醉驾", "醉酒驾驶机动车的") and mentions("收回", "撤销学位")
    assert mentions("任职条件", "幼儿园园长应当具有本科以上学历") and not mentions(
        "任职条件", "实行园长负责制"
    )
    assert not mentions("校服", "加强教师队伍建设")


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("邯郸要点里哪几条讲到了孩子的心理问题？", "list"),
        ("“持续强化教师队伍建设”下面有哪几条？", "list"),
        ("外地孩子能进公办学校吗？", "yesno"),
        ("衡阳对师德有污点的老师会不会拉黑？", "yesno"),
        ("洛阳今年要新建多少所农村寄宿制学校？", "single"),
    ],
)
def test_the_shape_of_answer_a_question_wants(question, shape):
    assert question_shape(question) == shape


def test_yes_and_no_are_said_with_the_questions_own_verb():
    assert yes_no_words("外地孩子能进公办学校吗？") == ("能", "不能")
    assert yes_no_words("有没有说要把规划发出来？") == ("有", "没有")


def test_a_multi_part_question_splits_into_parts_that_each_ask():
    assert question_parts("洛阳每年派多少老师出去学习？老师每五年得修满多少学时？") == [
        "洛阳每年派多少老师出去学习",
        "老师每五年得修满多少学时",
    ]
    assert question_parts("庐阳区2020年要多开多少个班，普惠园的娃占比要到多少？") == [
        "庐阳区2020年要多开多少个班",
        "普惠园的娃占比要到多少",
    ]
    # one thing asked, even with a comma or 、
    assert question_parts("洛阳适龄娃娃上幼儿园的比例，2020年是多少？") == [
        "洛阳适龄娃娃上幼儿园的比例，2020年是多少？"
    ]
    assert question_parts("几年一轮、每轮多少学时？") == ["几年一轮", "每轮多少学时"]
    assert question_parts("体育、艺术、劳动分别怎么要求？") == ["体育、艺术、劳动分别怎么要求？"]


def test_asking_how_a_document_says_it_is_no_part_of_its_own():
    """ "…？X条例怎么规定的" names where to look for the answer; "工资怎么规定的" asks something."""
    asked = "孩子几岁以下坐车必须用安全座椅？上海未保条例怎么规定的"
    assert question_parts(asked) == [asked]
    assert question_parts("教师资格多久注册一次？规定是什么？") == ["教师资格多久注册一次？规定是什么？"]
    asked = "园长每餐都要陪餐吗？浙江学前教育条例有这个要求吗？"
    assert question_parts(asked) == [asked]
    assert question_parts("白天噪声限值多少分贝？北京噪声办法里有没有写？") == [
        "白天噪声限值多少分贝？北京噪声办法里有没有写？"
    ]
    assert question_parts("老师每年培训多少学时？工资怎么规定的？") == [
        "老师每年培训多少学时",
        "工资怎么规定的",
    ]


def test_a_question_for_an_articles_items_is_told_from_one_for_documents_or_clauses():
    from qa.answer.question import asks_for_items

    assert asks_for_items("教师有哪些权利？") and asks_for_items("哪几种情形会被撤销教师资格？")
    assert asks_for_items("学校安全工作包括什么？")
    assert not asks_for_items("哪些地方的学前教育条例规定了园长资格？")
    assert asks_for_items("北京控烟条例里，还有哪些地方的室外区域也不许抽烟？")
    assert not asks_for_items("洛阳要点里涉及双减的有哪几条？") and not asks_for_items("教师工资多少？")
    assert asks_for_items("什么样的人不能办幼儿园？") and asks_for_items("哪类人不得从事校外培训？")
    assert not asks_for_items("什么样的幼儿园收费高？")  # what kind, of no list


def test_a_question_about_what_breaking_a_rule_costs():
    from qa.answer.question import asks_for_penalty

    assert asks_for_penalty("幼儿园搞小学化教学，最多罚多少钱？") and asks_for_penalty("违反了会怎么处理？")
    assert asks_for_penalty("老师向学生推销教辅资料，会受到什么处理？")
    assert asks_for_penalty("幼儿园出了哪些问题会被勒令整改、不许招生？")
    assert not asks_for_penalty("幼儿园一个班最多多少人？")


def test_a_question_for_the_documents_that_say_something_is_told_by_its_cue():
    assert which_documents_cue("哪些地方的学前教育条例规定了户外活动不少于两小时？") == "哪些地方"
    assert which_documents_cue("哪些教育类法律设立了教师节？") == "哪些教育类法律"
    assert which_documents_cue("哪几部法规管学校食堂？") == "哪几部"
    assert which_documents_cue("违反了要承担哪些法律责任？") == ""  # a penalty, not documents
    assert which_documents_cue("孩子有哪些表现在法律上算不良行为？") == ""  # behaviours, not documents
    assert which_documents_cue("幼儿园不得有哪些行为？") == ""
    # the places a text names are items, not documents
    assert which_documents_cue("北京控烟条例里，还有哪些地方的室外区域也不许抽烟？") == ""
    assert which_documents_cue("哪些地方规定了园长陪餐？") == "哪些地方"


def test_laws_and_regulations_asked_together_are_any_level_not_laws_alone():
    from qa.answer.question import asked_levels

    cue = which_documents_cue("这个要求在哪些法律法规里写了？")
    assert cue == "哪些法律法规"
    assert {"法律", "行政法规", "地方性法规"} <= set(asked_levels(cue))
    assert asked_levels("哪些法律") == ("法律",) and asked_levels("哪些地方") is None


def test_an_article_named_by_its_number_is_no_figure():
    from qa.answer.question import has_fact

    assert not has_fact("违反本条例第三十条规定", "number")
    assert has_fact("处五千元以上二万元以下罚款", "number")


def test_a_time_pointed_at_is_no_part_of_its_own():
    from qa.answer.question import question_parts

    asked = "北京中考、高考那几天，工地在居民区附近搞有噪声的施工，会被罚多少钱？"
    assert question_parts(asked) == [asked]
