"""The asked slot: what an answer must contain, read from the question's asking words."""

import pytest

from qa.answer.slot import DATE, LIST, NAME, OPEN, QUANTITY, YESNO, read_slot


@pytest.mark.parametrize(
    ("question", "unit", "counted"),
    [
        ("洛阳今年要新建多少所农村寄宿制学校？", "所", "农村寄宿制学校"),
        ("洛阳有多少所国际学校？", "所", "国际学校"),
        ("洛阳今年准备补充多少名农村特岗教师？", "名", "农村特岗教师"),
        ("衡阳今年一共要建成多少个学位？", None, "学位"),  # 个 is any count
        ("老师每五年得修满多少学时？", "学时", ""),
        ("惠济区2023年学校项目建设计划总投资多少？", "元", ""),  # money words make it an amount
        ("十四五那份规划里，五年教育总投入打算花多少亿？", "亿", ""),
        ("邯郸今年高考一本录取率是多少？", "%", "一本录取率"),  # a rate is of what it names
        ("孩子们戴眼镜的比例，洛阳规划要求一年往下降多少？", "%", ""),  # everyday words name no rate
        ("中央那份讲劳动课的意见，中小学生每天课外得干多长时间的活？", "时长", ""),
        ("孩子在家干家务的表现多久记一次？", "频次", ""),
        ("父母至少多久跟孩子和被委托人联系一次？", "频次", ""),  # 多久…一次, however far apart
        ("企业按职工工资总额的多少提取职业教育培训经费？", "%", ""),  # 按X的多少: a share of X
    ],
)
def test_a_quantity_has_its_unit_and_the_thing_it_counts(question, unit, counted):
    slot = read_slot(question)
    assert (slot.kind, slot.unit, slot.counted) == (QUANTITY, unit, counted)


def test_a_classifier_that_starts_a_word_is_not_the_unit():
    slot = read_slot("疫情期间洛阳帮多少家里困难的学生解决了上网课的问题？")
    assert slot.unit is None and slot.cue == "多少"


@pytest.mark.parametrize(
    ("question", "precision"),
    [
        ("惠济的中招体育测试定在秋季学期第几周？", "week"),
        ("惠济区新学期几月几号开学？", "day"),
        ("惠济对幼儿园规范办园的那轮专项检查，覆盖哪几年？", "year"),
        ("洛阳教师编制考试什么时候报名？", "any"),
    ],
)
def test_a_date_has_the_precision_asked(question, precision):
    slot = read_slot(question)
    assert (slot.kind, slot.unit) == (DATE, precision)


def test_what_a_date_is_of_is_the_rest_of_the_question():
    assert read_slot("洛阳教师编制考试什么时候报名？").thing == "洛阳教师编制考试报名"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("衡阳今年哪所中学要整体搬到新地方？", "school"),
        ("这项工作由哪个处室牵头？", "department"),
        ("那41所学校具体分在哪几个县？", "place"),
        ("洛阳跟北师大一起搞的那个公益项目叫什么？", "title"),
    ],
)
def test_a_name_has_the_kind_asked(question, kind):
    slot = read_slot(question)
    assert (slot.kind, slot.unit) == (NAME, kind)


def test_yes_no_list_and_open_questions_want_no_single_value():
    assert read_slot("外地孩子能进公立学校念书吗？", "yesno").kind == YESNO
    assert read_slot("邯郸要点里哪几条讲到了心理健康？", "list").kind == LIST
    assert read_slot("衡阳怎么推进双减工作？").kind == OPEN
    # a value asked inside a yes/no question is still a value
    assert read_slot("意见有没有定劳动周必须放在每学期第几周？", "yesno").kind == DATE


def test_quoted_terms_years_rates_and_given_numbers_are_kept():
    slot = read_slot("洛阳要点里的“智慧作业提质工程”2023年每所学校投多少钱？")
    assert slot.terms == ("智慧作业提质工程",) and slot.years == (2023,) and slot.per == "校"
    assert read_slot("衡阳今年那33730个学位里，幼儿园学位有多少个？").given == ("33730",)
    assert read_slot("安阳普惠园覆盖率85%，落到每个县区各是多少？").per == "县"


def test_an_unquoted_programme_name_is_coined_without_its_place_or_verb():
    assert read_slot("开展智慧作业提质工程有什么要求？").coined == ("智慧作业提质工程",)
    assert read_slot("邯郸三年攻坚行动新增多少所中小学幼儿园？").coined == ()  # 三年攻坚 is no name
    assert read_slot("惠济区学校项目建设计划总投资多少？").coined == ()  # a plan is not a programme


@pytest.mark.parametrize("question", ["洛阳工程有哪些？", "衡阳市行动怎么样", "郑州市工作室", "品牌？"])
def test_a_short_programme_name_after_a_place_is_read_without_failing(question):
    assert read_slot(question).coined == ()  # nothing is left of a name once the place is taken off


def test_what_is_missing_is_said_in_words():
    assert read_slot("每月保教费收多少钱？").lack() == "具体金额"
    assert read_slot("秋季学期第几周？").lack() == "具体是第几周"
    assert read_slot("洛阳有多少所国际学校？").lack() == "具体数量（所）"


def test_a_fine_asked_is_an_amount():
    assert read_slot("在学校外头摆小摊，罚多少？").unit == "元"


def test_a_time_slot_asked_is_a_time():
    slot = read_slot("网络游戏在哪个时段不得向未成年人提供？")
    assert slot.kind == "date" and slot.unit == "any"


def test_an_age_asked_in_words_is_an_age():
    assert read_slot("那开校车的司机年龄有啥限制？").unit == "岁"
    assert read_slot("孩子多大可以骑电动车上路？").unit == "岁"
    assert read_slot("两地差距有多大？").kind == "open"  # 多大 of no one's age
    assert read_slot("多大人口规模的县要建特殊教育学校？").unit != "岁"  # 人口 is no person
    assert read_slot("残疾儿童的教育从多大开始？").unit != "岁"  # a stage (从婴幼儿开始), not only an age


def test_an_age_in_full_years_and_a_distance_are_measures():
    assert read_slot("条件不具备的地区最晚可以推迟到几周岁入学？").unit == "岁"  # not weeks (周)
    slot = read_slot("学校周边多少米内不得设置彩票销售网点？")
    assert (slot.unit, slot.thing, slot.counted) == ("尺寸", "不得设置彩票销售网点", "")


def test_a_bound_after_the_cue_is_not_what_is_counted():
    slot = read_slot("新建小区住多少人以上要配幼儿园？")
    assert slot.unit == "人" and slot.counted == ""


def test_places_a_text_lists_are_no_districts():
    assert read_slot("还有哪些地方的室外区域也不许抽烟？", "single").kind != NAME
    assert read_slot("哪些地方要新建学校？").unit == "place"


@pytest.mark.parametrize(
    ("question", "unit"),
    [
        ("学校食堂的饭菜留样要保存多少个小时？", "小时"),
        ("发现疫情要在几个小时内报告？", "小时"),
        ("申请要在几个工作日内答复？", "天"),
        ("整改多少个月内办完？", "时长"),
        ("幼儿园有多少个班？", "班"),  # a count in 个 stays a count
        ("学校发现欺凌后要在几日内完成调查？", "天"),  # 几日内: days, not a count of 日内完成调查
    ],
)
def test_a_duration_asked_with_ge_is_a_duration_not_a_count_in_ge(question, unit):
    slot = read_slot(question)
    assert (
        slot.kind == QUANTITY
        and slot.unit == unit
        and not slot.counted.startswith(("小时", "月", "工作日", "日"))
    )
