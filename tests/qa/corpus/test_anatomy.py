"""A regulation's anatomy read from real texts (LawRefBook/Laws and the national law database's
one-line 题注): its name, its history as dated events, its effect and repeals, its level, and the
short names people use. Work plans have none of it; no rule knows a domain."""

from qa.corpus.anatomy import (
    ADMINISTRATIVE,
    LAW,
    LOCAL,
    PLAN,
    RULES,
    WORK_POINTS,
    aliases_of,
    is_note_line,
    read_anatomy,
    read_history,
)
from qa.corpus.infer import infer_meta

COMPULSORY = """# 中华人民共和国义务教育法

1986年4月12日 第六届全国人民代表大会第四次会议通过

2006年6月29日 第十届全国人民代表大会常务委员会第二十二次会议修订

2015年4月24日 第十二届全国人民代表大会常务委员会第十四次会议《关于修改〈中华人民共和国义务教育法〉等五部法律的决定》第一次修正

2018年12月29日 第十三届全国人民代表大会常务委员会第七次会议《关于修改〈中华人民共和国产品质量法〉等五部法律的决定》第二次修正

<!-- INFO END -->

## 第一章 总则

第一条 为了保障适龄儿童、少年接受义务教育的权利，保证义务教育的实施，提高全民族素质，根据宪法和教育法，制定本法。

第六十三条 本法自2006年9月1日起施行。
"""

# the same history as the national law database prints it: one line, in parentheses
ONE_LINE = (
    "（1986年4月12日第六届全国人民代表大会第四次会议通过　2006年6月29日第十届全国人民代表大会常务委员会"
    "第二十二次会议修订　根据2015年4月24日第十二届全国人民代表大会常务委员会第十四次会议《关于修改〈中华人民"
    "共和国义务教育法〉等五部法律的决定》第一次修正　根据2018年12月29日第十三届全国人民代表大会常务委员会第七次"
    "会议《关于修改〈中华人民共和国产品质量法〉等五部法律的决定》第二次修正）"
)

SCHOOL_BUS = """# 校车安全管理条例

2012年3月28日 国务院第197次常务会议通过

2012年4月5日 中华人民共和国国务院令第617号公布

<!-- INFO END -->

## 第一章 总则

第一条 为了加强校车安全管理，保障乘坐校车学生的人身安全，制定本条例。

第六十二条 本条例自公布之日起施行。

本条例施行前已经配备校车的学校和校车服务提供者及其聘用的校车驾驶人应当自本条例施行之日起90日内，依照本条例的规定申请取得校车使用许可、校车驾驶资格。
"""

TEACHER_QUALIFICATION = """# 教师资格条例

1995年12月12日 中华人民共和国国务院令第188号发布　

<!-- INFO END -->

## 第一章 总则

第一条 为了提高教师素质，加强教师队伍建设，依据《中华人民共和国教师法》(以下简称教师法)，制定本条例。
"""

TCM = """# 北京市中医药条例

2020年11月27日 北京市第十五届人民代表大会常务委员会第二十六次会议通过

<!-- INFO END -->

第一条 为了继承和弘扬中医药，制定本条例。

第五十九条 本条例自2021年5月1日起施行。2001年6月22日北京市第十一届人民代表大会常务委员会第二十七次会议通过的《北京市发展中医条例》同时废止。
"""

AMENDED_LOCALLY = """北京市学前教育条例

2001年6月22日 北京市第十一届人民代表大会常务委员会第二十七次会议通过

2016年11月25日北京市第十四届人民代表大会常务委员会第三十一次会议通过的《关于修改部分地方性法规的决定》修正

第一章　总　　则

第一条 为了促进和保障本市学前教育事业的发展，制定本条例。
"""

APPROVED = """南阳市中小学校幼儿园规划建设条例
（2019年8月29日南阳市第七届人民代表大会常务委员会第十九次会议通过　2019年11月29日河南省第十三届人民代表大会常务委员会第十三次会议批准）
第一章　总则
第一条 为了加强中小学校幼儿园规划建设管理，制定本条例。
"""

GOVERNMENT_RULE = """上海市生活垃圾分类投放管理规定
（2019年2月18日上海市人民政府令第15号公布　自2019年4月1日起施行）
第一条 为了规范本市生活垃圾分类投放，制定本规定。
"""

WORK_PLAN = """洛阳市教育局2022年教育工作要点
2022年是党的二十大召开之年。
一、坚持党建引领
1.加强党的政治建设。
"""


def test_a_law_amended_twice_has_four_events_and_its_current_date_is_the_last():
    anatomy = read_anatomy(COMPULSORY)
    assert anatomy.title == "中华人民共和国义务教育法"
    assert [(e.act, e.date, e.ordinal) for e in anatomy.history] == [
        ("通过", "1986-04-12", None),
        ("修订", "2006-06-29", None),
        ("修正", "2015-04-24", 1),
        ("修正", "2018-12-29", 2),
    ]
    first, last = anatomy.history[0], anatomy.history[-1]
    assert first.body == "第六届全国人民代表大会第四次会议"
    assert last.body == "第十三届全国人民代表大会常务委员会第七次会议"  # not "…第二次"
    assert last.decision == "《关于修改〈中华人民共和国产品质量法〉等五部法律的决定》"
    assert anatomy.adopted == "1986-04-12" and anatomy.current.date == "2018-12-29"
    assert anatomy.effective == "2006-09-01"  # the closing article
    assert anatomy.level == LAW and anatomy.aliases == ("义务教育法",)


def test_several_events_on_one_line_in_parentheses_read_the_same():
    events = read_history(ONE_LINE)
    assert [(e.act, e.date, e.ordinal) for e in events] == [
        ("通过", "1986-04-12", None),
        ("修订", "2006-06-29", None),
        ("修正", "2015-04-24", 1),
        ("修正", "2018-12-29", 2),
    ]
    assert events[2].text.startswith("根据2015年4月24日") and events[2].body.startswith("第十二届")


def test_a_state_council_regulation_adopted_then_promulgated_takes_effect_on_promulgation():
    anatomy = read_anatomy(SCHOOL_BUS)
    assert [(e.act, e.date) for e in anatomy.history] == [("通过", "2012-03-28"), ("公布", "2012-04-05")]
    assert anatomy.history[1].body == "中华人民共和国国务院令第617号"
    assert anatomy.level == ADMINISTRATIVE and anatomy.effective == "2012-04-05"  # 自公布之日起施行
    assert read_anatomy(TEACHER_QUALIFICATION).history[0].act == "公布"  # 发布 is a promulgation
    assert read_anatomy(TEACHER_QUALIFICATION).level == ADMINISTRATIVE


def test_the_closing_article_says_when_it_applies_and_what_it_repealed():
    anatomy = read_anatomy(TCM)
    assert anatomy.effective == "2021-05-01" and anatomy.repeals == ("北京市发展中医条例",)
    assert anatomy.level == LOCAL and len(anatomy.history) == 1  # the repealed text's 通过 is no event


def test_an_amendment_by_a_decision_adopted_elsewhere_is_an_amendment():
    anatomy = read_anatomy(AMENDED_LOCALLY)
    assert [(e.act, e.date) for e in anatomy.history] == [("通过", "2001-06-22"), ("修正", "2016-11-25")]
    assert anatomy.history[1].body == "北京市第十四届人民代表大会常务委员会第三十一次会议"
    assert anatomy.history[1].decision == "《关于修改部分地方性法规的决定》"


def test_a_municipal_regulation_approved_by_the_province_is_local_and_a_regulation_not_a_plan():
    anatomy = read_anatomy(APPROVED)
    assert [(e.act, e.date) for e in anatomy.history] == [("通过", "2019-08-29"), ("批准", "2019-11-29")]
    assert anatomy.level == LOCAL and anatomy.current.act == "批准"
    meta = infer_meta(APPROVED)
    assert meta["kind"] == "条例" and meta["level"] == LOCAL  # 规划建设 is its topic, not its kind
    assert meta["date"] == "2019-11-29" and meta["adopted"] == "2019-08-29"


def test_a_government_rule_with_its_effect_in_the_note():
    anatomy = read_anatomy(GOVERNMENT_RULE)
    assert anatomy.level == RULES and anatomy.effective == "2019-04-01"
    assert [(e.act, e.date) for e in anatomy.history] == [("公布", "2019-02-18")]


def test_a_work_plan_has_no_history_and_is_a_work_plan():
    anatomy = read_anatomy(WORK_PLAN)
    assert anatomy.history == () and anatomy.level == WORK_POINTS and anatomy.effective is None
    assert read_anatomy("洛阳市“十四五”教育事业发展规划\n一、发展基础\n").level == PLAN


def test_an_amended_law_is_named_by_its_name_line_not_its_amendment_line():
    meta = infer_meta(COMPULSORY)
    assert meta["title"] == "中华人民共和国义务教育法" and meta["kind"] == "法"
    assert meta["date"] == "2018-12-29" and meta["year"] == 2018 and meta["adopted"] == "1986-04-12"
    assert not is_note_line("中华人民共和国义务教育法")
    assert is_note_line(
        "2015年4月24日 第十二届全国人民代表大会常务委员会第十四次会议《关于修改…的决定》第一次修正"
    )
    assert not is_note_line("第六十三条 本法自2006年9月1日起施行。")


def test_short_names_belong_to_the_law_not_to_a_province_s_implementing_regulation():
    assert aliases_of("中华人民共和国教师法") == ("教师法",)
    assert aliases_of("中华人民共和国学位条例") == ("学位条例",)
    assert aliases_of("浙江省实施《中华人民共和国教师法》办法") == ("浙江省实施教师法办法",)
    assert aliases_of("上海市实施《教师法》办法") == ("上海市实施教师法办法",)
    assert aliases_of("北京市学前教育条例") == ()


def test_rules_know_no_domain_an_environmental_law_reads_the_same():
    air = (
        "中华人民共和国大气污染防治法\n"
        "（1987年9月5日第六届全国人民代表大会常务委员会第二十二次会议通过　根据1995年8月29日第八届全国人民代表"
        "大会常务委员会第十五次会议《关于修改〈中华人民共和国大气污染防治法〉的决定》修正　2000年4月29日第九届全国"
        "人民代表大会常务委员会第十五次会议第一次修订　2015年8月29日第十二届全国人民代表大会常务委员会第十六次会议"
        "第二次修订　根据2018年10月26日第十三届全国人民代表大会常务委员会第六次会议《关于修改〈中华人民共和国野生动物"
        "保护法〉等十五部法律的决定》第二次修正）\n"
        "第一章　总　　则\n第一条　为保护和改善环境，防治大气污染，制定本法。\n"
    )
    anatomy = read_anatomy(air)
    assert [(e.act, e.ordinal) for e in anatomy.history] == [
        ("通过", None),
        ("修正", None),
        ("修订", 1),
        ("修订", 2),
        ("修正", 2),
    ]
    assert (
        anatomy.level == LAW
        and anatomy.current.date == "2018-10-26"
        and anatomy.aliases == ("大气污染防治法",)
    )


def test_every_title_before_a_repeal_is_repealed_whatever_stands_between_them():
    """A 行政法规 of another genre: two titles, each with its own issuer and date before it."""
    text = """# 学校卫生工作条例

1990年6月4日国家教育委员会令第10号、卫生部令第1号发布

第一条 为加强学校卫生工作，制定本条例。

第四十一条 本条例自发布之日起施行。原教育部、卫生部一九七九年十二月六日颁布的《中、小学卫生工作暂行规定（草案）》和一九八○年八月二十六日颁布的《高等学校卫生工作暂行规定（草案）》同时废止。
"""
    repeals = read_anatomy(text).repeals
    assert [title.replace("(", "（").replace(")", "）") for title in repeals] == [
        "中、小学卫生工作暂行规定（草案）",
        "高等学校卫生工作暂行规定（草案）",
    ]


def test_a_bracket_left_closed_by_a_cut_note_is_not_part_of_its_last_event():
    """Extracted texts print "…第三十五次会议修订）" with the "（" lost: the event is the words."""
    events = read_history(
        "1995年10月30日第八届全国人民代表大会常务委员会第十六次会议通过 "
        "2022年6月24日第十三届全国人民代表大会常务委员会第三十五次会议修订）"
    )
    assert [e.text[-2:] for e in events] == ["通过", "修订"]
