"""Draft: generators by name from one registry; the extractive one drafts from the judged evidence."""

import pytest

from qa.answer.evidence import RefusalPolicy
from qa.answer.stages.draft import FACTORIES, Draft, GeneratorRegistry
from qa.answer.stages.judge import Judge
from qa.answer.stages.records import Evidence, EvidenceGroup
from qa.config import GENERATORS, Settings
from qa.errors import InvalidQuestionError


def test_the_registry_knows_exactly_the_configured_generators():
    assert tuple(FACTORIES) == GENERATORS


def test_an_unknown_generator_is_a_clear_error():
    with pytest.raises(
        InvalidQuestionError, match="unknown generator 'gpt5'; choose one of extractive, openai, local"
    ):
        GeneratorRegistry(Settings()).get("gpt5")


def test_generators_are_available_when_they_can_answer(tmp_path):
    bare = Settings(local_model_path=tmp_path / "none.gguf")
    assert GeneratorRegistry(bare).available() == ["extractive"]
    served = Settings(
        local_model_path=tmp_path / "none.gguf", openai_base_url="http://127.0.0.1:9/v1", openai_model="m"
    )
    assert GeneratorRegistry(served).available() == ["extractive", "openai"]


def test_a_generator_is_built_once_and_the_default_comes_from_settings():
    registry = GeneratorRegistry(Settings(generator="extractive"))
    assert registry.get(None) is registry.get("extractive")


def test_the_extractive_draft_cites_the_clause_that_states_the_fact(evidence):
    judgement = Judge(RefusalPolicy()).run(evidence)
    draft = "".join(Draft().run(judgement, GeneratorRegistry(Settings()).get("extractive")))
    assert "41所[1]" in draft


def test_a_refusal_is_not_drafted(evidence):
    judgement = Judge(RefusalPolicy(1.1, 1.1, 1.1)).run(evidence)
    with pytest.raises(ValueError, match="refusal"):
        list(Draft().run(judgement, GeneratorRegistry(Settings()).get("extractive")))


def test_a_value_answer_is_the_phrase_that_states_it_and_cites_nothing_else(evidence):
    """Minimal answers: the sentence that fills the slot (its phrase, in a long sentence), and no
    padding from lower-ranked clauses."""
    from dataclasses import replace

    from qa.answer.slot import read_slot

    understanding = replace(evidence.understanding, slot=read_slot(evidence.understanding.asked))
    judgement = Judge(RefusalPolicy()).run(replace(evidence, understanding=understanding))
    draft = "".join(Draft().run(judgement, GeneratorRegistry(Settings()).get("extractive")))
    assert "41所[1]" in draft and "[2]" not in draft


def test_parts_are_answered_under_their_own_labels_and_counts_say_how_many_first():
    from qa.answer.generators import DraftRequest, ExtractiveGenerator
    from tests.qa.answer.stages.conftest import BOARDING, DOUBLE, hit

    generator = ExtractiveGenerator()
    parts = DraftRequest(
        "几所？怎么落实双减？",
        [hit("ly/c29", BOARDING), hit("hy/c6", DOUBLE, "二、6.")],
        [("新建几所", [0]), ("怎么落实双减", [1])],
        tokens=["新建", "双减"],
        parts={"新建几所": (["新建", "寄宿制"], "number"), "怎么落实双减": (["双减", "落实"], "open")},
    )
    lines = generator.draft(parts).splitlines()
    assert lines[0] == "新建几所：" and "41所[1]" in lines[1] and lines[2] == "怎么落实双减："
    counted = DraftRequest(
        "有几条？",
        [hit("ly/c29", BOARDING), hit("hy/c6", DOUBLE, "二、6.")],
        [(None, [0, 1])],
        shape="list",
        listed=True,
        count="条",
    )
    assert generator.draft(counted).splitlines()[0] == "共2条："


def _drafted(asked: str, clause: str, tokens: list[str], kind: str = "number", penalty: bool = False) -> str:
    """The extractive draft of a question (a value, by default) answered by one article."""
    from dataclasses import replace

    from qa.answer.slot import read_slot

    from .conftest import hit, understanding

    hits = [hit("doc/a1", clause, "第一条")]
    evidence = Evidence(
        replace(understanding(asked, kind), slot=read_slot(asked), penalty=penalty),
        hits,
        [EvidenceGroup(None, hits)],
        "",
        tokens,
        lambda t: 1.0,
    )
    judgement = Judge(RefusalPolicy()).run(evidence)
    return "".join(Draft().run(judgement, GeneratorRegistry(Settings()).get("extractive")))


def test_a_value_answer_keeps_the_sentence_after_a_semicolon_that_states_a_value_in_its_unit():
    """A rule with two rates ("百分之一点五…；…可以按照百分之二点五提取") is answered with both; a
    sentence after a full stop, or one stating another unit, is not kept."""
    rates = (
        "第四十四条 企业按照职工工资总额的百分之一点五足额提取职业教育培训经费；"
        "技能要求高、培训任务重的企业可以按照百分之二点五提取；用于一线职工的不少于六十人次。"
        "企业应当按照百分之三十的比例安排培训。"
    )
    tokens = ["企业", "工资", "总额", "比例", "职工", "培训", "经费"]
    draft = _drafted("企业按工资总额的多大比例提职工培训经费？", rates, tokens)
    assert "百分之一点五" in draft and "百分之二点五" in draft
    assert "六十人次" not in draft and "百分之三十" not in draft


def test_a_value_answer_keeps_the_sentence_before_a_semicolon_that_states_a_value_in_its_unit():
    """The fine of the driver stands before the owner's, joined by "；" (司机和车主各罚多少)."""
    fines = (
        "第四十四条 使用拼装或者达到报废标准的机动车接送学生的，由公安机关交通管理部门收缴并强制报废机动车；"
        "对驾驶人处2000元以上5000元以下的罚款，吊销其机动车驾驶证；"
        "对车辆所有人处8万元以上10万元以下的罚款，有违法所得的予以没收。"
    )
    draft = _drafted(
        "拿报废车拉学生，车主罚多少？", fines, ["报废", "学生", "车辆", "所有人", "车主", "罚款"]
    )
    assert "2000元以上5000元以下" in draft and "8万元以上10万元以下" in draft
    assert "强制报废" not in draft  # the sentence before it states no amount


def test_a_fine_is_quoted_with_the_order_said_before_it_for_the_same_act():
    """责令停止违法行为，并处…罚款 is one sanction, not a bare "并处…罚款"."""
    article = (
        "第六十二条 违反本办法规定，在中考、高考期间在噪声敏感建筑物集中区域进行产生噪声的建筑施工作业的，"
        "由城市管理综合执法部门责令停止违法行为，并处1万元以上3万元以下罚款；拒不改正的，处3万元以上罚款。"
    )
    draft = _drafted(
        "中考、高考期间在居民区附近施工会罚多少钱？", article, ["中考", "高考", "期间", "居民区", "施工"]
    )
    assert "由城市管理综合执法部门责令停止违法行为，并处1万元以上3万元以下罚款" in draft


@pytest.mark.parametrize(
    ("asked", "article", "tokens", "quoted"),
    [
        (  # "对其处以…罚款" alone says neither who is fined nor who fines
            "学校门口摆摊不听劝罚多少？",
            "第四十八条 违反本条例第二十九条第二款规定，在城镇中小学校门口五十米之内摆设流动摊点的，"
            "由城市管理行政部门责令改正，拒不改正的，对其处以五十元以上二百元以下罚款。",
            ["学校", "门口", "摆摊", "罚款"],
            "由城市管理行政部门责令改正，拒不改正的，对其处以五十元以上二百元以下罚款",
        ),
        (  # "…教龄的教师" says who; what the question asks about is said of them after it
            "农村老师教龄满多少年退休能拿全额退休金？",
            "第二十五条 在农村乡（镇）及其以下中小学校从事教育教学工作，累计男满三十年、女满二十五年教龄的教师，"
            "退休后享受其退休时工资百分之百的退休金待遇。",
            ["农村", "教龄", "退休", "退休金"],
            "女满二十五年教龄的教师，退休后享受其退休时工资百分之百的退休金待遇",
        ),
    ],
)
def test_a_value_piece_that_points_elsewhere_is_quoted_with_what_it_points_to(asked, article, tokens, quoted):
    assert quoted in _drafted(asked, article, tokens)


def test_a_value_answer_keeps_the_parallel_sentence_for_another_subject_the_question_names():
    """中小学和幼儿园…各几次: the rule is said in two sentences, one per subject; both answer. A
    sentence stating a value for a subject not asked about stays out."""
    article = (
        "第二十二条 中小学校、幼儿园应当建立家长学校。"
        "中小学的家长学校每学期应当开展两次以上家庭教育活动。"
        "幼儿园的家长学校每学期应当开展三次以上家庭教育活动。"
    )
    tokens = ["中小学", "幼儿园", "家长学校", "学期", "活动"]
    draft = _drafted("中小学和幼儿园的家长学校每学期至少办几次活动？", article, tokens)
    assert "两次以上" in draft and "三次以上" in draft
    only = _drafted("中小学的家长学校每学期至少办几次活动？", article, ["中小学", "家长学校", "学期", "活动"])
    assert "两次以上" in only and "三次以上" not in only
    # a sentence stating a value for an asked word, but not the same rule said again, is not kept
    rates = (
        "第四十四条 企业按照职工工资总额的百分之一点五足额提取职业教育培训经费。"
        "企业应当按照百分之三十的比例安排一线职工培训。"
    )
    tokens = ["企业", "工资", "总额", "比例", "职工", "培训", "经费"]
    draft = _drafted("企业按工资总额的多大比例提职工培训经费？", rates, tokens)
    assert "百分之一点五" in draft and "百分之三十" not in draft


def test_a_count_found_without_its_unit_is_read_with_the_words_after_it():
    """A count found as "五千" is of people in "每五千人口", as is the next provision's."""
    rule = (
        "第七条 在城市规划区范围内，每五千人口的区域应当设置一所规模为六个班以上的幼儿园；"
        "在城市规划区范围外，每三千至五千人口的区域应当按照就近入园的原则合理设置幼儿园。"
    )
    draft = _drafted("规划里多少人口就得配一个幼儿园？", rule, ["规划", "人口", "配", "幼儿园"])
    assert "每五千人口" in draft and "每三千至五千人口" in draft


def test_a_short_sentence_after_a_semicolon_goes_with_the_one_before_it():
    """The splitter cuts "…追究刑事责任；五年内不得重新取得机动车驾驶证" in two: one provision."""
    article = (
        "第九十一条 饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证。"
        "醉酒驾驶机动车的，由公安机关交通管理部门约束至酒醒，吊销机动车驾驶证，依法追究刑事责任；"
        "五年内不得重新取得机动车驾驶证。饮酒后驾驶营运机动车的，处十五日拘留。"
    )
    draft = _drafted("醉驾了会被怎么处理？", article, ["醉酒", "醉驾", "处理", "酒醒"], kind="open")
    assert "依法追究刑事责任" in draft and "五年内不得重新取得机动车驾驶证" in draft
    assert "十五日拘留" not in draft  # a sentence after a full stop is another provision


def test_a_penalty_question_is_answered_with_the_sentence_that_states_the_sanction():
    """Of an article's sentences equally on the topic, the one that punishes the breach answers
    "受什么处罚", not the one that says what its victim may claim."""
    article = (
        "第七十七条 入学资格被顶替权利受到侵害的，可以请求恢复其入学资格。"
        "盗用、冒用他人身份，顶替他人取得的入学资格的，由教育行政部门责令撤销入学资格，"
        "并责令停止参加相关国家教育考试二年以上五年以下。"
    )
    asked = "冒名顶替别人上学的，要受什么处罚？"
    draft = _drafted(asked, article, ["顶替", "入学资格"], kind="open", penalty=True)
    assert draft.startswith("盗用、冒用他人身份") and "二年以上五年以下" in draft


def test_a_lead_that_announces_items_is_given_with_every_item_one_a_line():
    """ "按照下列顺序清偿：" says there is an order, not what it is: its items follow, each cited."""
    article = (
        "第五十九条 对民办学校的财产按照下列顺序清偿：\n（一）应退受教育者学费、杂费和其他费用；\n"
        "（二）应发教职工的工资及应缴纳的社会保险费用；\n（三）偿还其他债务。\n"
        "非营利性民办学校清偿上述债务后的剩余财产继续用于其他非营利性学校办学。"
    )
    draft = _drafted(
        "民办学校关门清算时，财产按什么顺序清偿？", article, ["民办学校", "财产", "顺序", "清偿"], "open"
    )
    lines = draft.splitlines()
    assert lines[0].endswith("对民办学校的财产按照下列顺序清偿[1]：")
    assert [line[:3] for line in lines[1:4]] == ["（一）", "（二）", "（三）"]
    assert all(line.endswith("[1]") for line in lines[1:4])


def test_a_sentence_that_announces_no_items_is_drafted_as_before():
    article = "第十条 幼儿园应当每周向家长公示学前儿童食谱。（一）本条所称食谱包括带量食谱。"
    draft = _drafted("幼儿园多久公示一次食谱？", article, ["幼儿园", "公示", "食谱"], "open")
    assert "\n" not in draft


def test_a_list_line_that_is_a_lead_keeps_its_items_and_says_its_article_once():
    from qa.answer.generators import DraftRequest, ExtractiveGenerator
    from tests.qa.answer.stages.conftest import hit

    rights = (
        "第二十八条 生产经营单位的从业人员享有下列权利：\n（一）参加安全生产教育和培训；\n"
        "（二）拒绝违章指挥或者强令冒险作业。"
    )
    other = "第四条 生产经营单位的从业人员有依法获得安全生产保障的权利，并应当依法履行安全生产方面的义务。"
    request = DraftRequest(
        "职工在安全生产方面都有哪些权利？",
        [hit("cq/a4", other, "第四条"), hit("cq/a28", rights, "第二十八条")],
        [(None, [0, 1])],
        tokens=["从业人员", "安全生产", "权利"],
        shape="list",
    )
    lines = ExtractiveGenerator().draft(request).splitlines()
    assert lines[0].startswith("第四条 生产经营单位的从业人员有依法获得安全生产保障的权利")
    assert lines[1] == "第二十八条 生产经营单位的从业人员享有下列权利[2]："
    assert lines[2:] == ["（一）参加安全生产教育和培训[2]", "（二）拒绝违章指挥或者强令冒险作业[2]"]
