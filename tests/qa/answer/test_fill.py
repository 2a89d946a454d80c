"""The fill check: a clause on the topic answers only when it states what is asked."""

from dataclasses import replace

import pytest

from qa.answer.fill import Fill, _contrasted, check, stated_values
from qa.answer.slot import read_slot
from qa.records import ClauseRef, DocumentMeta, Hit, SentenceHit

BOARDING = "29.优化调整中小学校布局。2022年新建、改扩建农村寄宿制学校41所。"
COMMUNITY = "每个县区至少建设1所实体依托的社区学院和1个养教结合的老年教育中心。"
WAGES = "健全教师工资收入随当地公务员工资收入同步调整的联动机制。建设农村教师周转宿舍350套。"
SPORTS = "在秋季学期组织开展一次中招体育质量测试。"
LABOUR = "中小学劳动教育课每周不少于1课时，学校要对学生每天课外校外劳动时间作出规定。"
TARGETS = "主要目标\n序号\t主要指标\t2020年\n1\t学前教育毛入园率（%）\t92\n4\t义务教育优质均衡发展县比例（%）\t—\n9\t劳动人口平均受教育年限（年）\t10.9"
DOCS = {
    "ly": DocumentMeta("ly", "洛阳市教育局2022年教育工作要点", "ly.txt", year=2022),
    "plan": DocumentMeta("plan", "洛阳市“十四五”教育事业发展规划", "plan.txt", year=2022, period="2021-2025"),
}


def hit(text: str, doc_id: str = "ly", kind: str = "clause", clause_id: str = "c1") -> Hit:
    ref = ClauseRef(f"{doc_id}/{clause_id}", doc_id, f"{doc_id}.txt", "五、29.", DOCS[doc_id].title)
    return Hit(ref, text.split("。")[0], 0.03, text, kind=kind)


def idf(token: str) -> float:
    return 9.0 if token in ("住校", "\x00never-a-token") else 2.0  # one everyday word no clause uses


def fill(
    question: str, *hits: Hit, tokens: list[str], counted: list[str] = (), shape: str = "single"
) -> Fill:
    return check(read_slot(question, shape), list(hits), tokens, idf, DOCS, list(counted))


def test_a_sentence_that_states_the_count_of_the_asked_thing_fills_it():
    found = fill(
        "洛阳今年要新建多少所农村寄宿制学校？",
        hit(BOARDING),
        tokens=["新建", "农村", "寄宿制", "学校"],
        counted=["农村", "寄宿制", "学校"],
    )
    assert found.filled and "41所" in found.passage


def test_a_count_in_the_asked_unit_of_something_else_is_a_near_miss():
    by_meaning = replace(hit(COMMUNITY), sentences=[SentenceHit(0, COMMUNITY, dense=0.8)])  # found by meaning
    found = fill("洛阳有多少所国际学校？", by_meaning, tokens=["国际", "学校"], counted=["国际", "学校"])
    assert not found.filled and found.reason == "value" and found.hit == by_meaning  # shown as related
    assert found.message(read_slot("洛阳有多少所国际学校？")) == "现有文件中没有找到具体数量（所）。"


def test_a_number_in_another_unit_does_not_answer_an_amount():
    found = fill("洛阳2022年教师平均工资涨了多少？", hit(WAGES), tokens=["教师", "平均", "工资", "涨"])
    assert not found.filled and "工资" in found.topic
    assert (
        found.message(read_slot("教师平均工资涨了多少？")) == f"文件提到了{found.topic}，但没有给出具体金额。"
    )


def test_a_number_the_question_gives_is_not_its_answer():
    text = "统筹推进学位建设，高标准完成33730个学位建设任务。"
    assert not fill(
        "衡阳今年那33730个学位里，幼儿园学位有多少个？", hit(text), tokens=["幼儿园", "学位"]
    ).filled


def test_a_date_must_be_as_precise_as_asked():
    asked = "惠济的中招体育测试定在秋季学期第几周？"
    assert not fill(asked, hit(SPORTS), tokens=["中招", "体育", "测试", "秋季", "学期"]).filled
    assert fill("惠济的中招体育测试什么时候搞？", hit(SPORTS), tokens=["中招", "体育", "测试"]).filled


def test_a_rate_per_day_is_not_stated_by_a_rate_per_week():
    found = fill("中小学生每天课外得干多长时间的活？", hit(LABOUR), tokens=["中小学生", "课外", "劳动"])
    assert not found.filled and found.reason == "per"
    assert fill("中小学劳动课每周不少于多少课时？", hit(LABOUR), tokens=["中小学", "劳动", "课"]).filled


def test_a_value_for_another_year_than_asked_says_which_year_it_is_for():
    found = fill(
        "2023年洛阳要新建改建几所农村寄宿制学校？", hit(BOARDING), tokens=["新建", "农村", "寄宿制", "学校"]
    )
    assert not found.filled and found.reason == "year" and found.missing == "2023年"
    assert found.message(read_slot("2023年洛阳要新建改建几所农村寄宿制学校？")).startswith(
        "文件只给出了2022年的情况"
    )


def test_a_figure_naming_no_year_is_its_documents_year():
    text = "完成新建、改扩建18所公办幼儿园，新增公办学位3000个。"
    assert fill("洛阳2022年计划新增多少个公办学位？", hit(text), tokens=["新增", "公办", "学位"]).filled
    assert not fill("洛阳2023年计划新增多少个公办学位？", hit(text), tokens=["新增", "公办", "学位"]).filled


def test_a_plans_review_of_the_last_period_is_not_its_target():
    """A plan's figures are its last year's, except under a heading dating them otherwise."""
    review = hit("深入实施第三期学前教育行动计划，学前三年毛入园率达到92%。", "plan", clause_id="review")
    target = hit("到2025年，全市学前教育毛入园率达94%。", "plan", clause_id="target")
    headings = {
        "plan/review": ("第一章 发展基础", "一、“十三五”发展回顾", "（二）教育事业水平不断提高"),
        "plan/target": ("第三章 主要任务", "三、推动各级各类教育协调发展"),
    }
    question = "2025年学前教育毛入园率要达到多少？"
    tokens = ["学前教育", "毛入园率"]
    found = check(read_slot(question), [review, target], tokens, idf, DOCS, [], headings)
    assert found.filled and found.hit.clause_id == "plan/target" and "94%" in found.values[0]
    missed = check(read_slot(question), [review], tokens, idf, DOCS, [], headings)
    assert not missed.filled and missed.reason == "year"
    assert missed.message(read_slot(question)).startswith("文件只给出了2016—2020年的情况")
    undated = check(read_slot(question), [review], tokens, idf, DOCS, [], {})
    assert undated.filled  # without the heading, the plan's period dates it


def test_a_table_value_is_read_in_the_asked_years_column_and_a_dash_gives_none():
    table = hit(TARGETS, "plan", "table")
    tokens = ["劳动", "人口", "平均", "受教育", "年限"]
    given = fill("劳动人口平均受教育年限2020年是多少？", table, tokens=tokens)
    assert given.filled and "10.9" in given.passage
    later = fill("劳动人口平均受教育年限2025年要到多少？", table, tokens=tokens)
    assert not later.filled and later.reason == "year" and "2020年的数值（10.9）" in later.stated
    dash = fill(
        "义务教育优质均衡发展县比例是多少？", table, tokens=["义务", "教育", "优质", "均衡", "县", "比例"]
    )
    assert not dash.filled and dash.reason == "value"


def test_an_everyday_word_no_clause_uses_does_not_count_against_the_topic():
    found = fill(
        "2022年洛阳要新建几所乡下能住校的学校？",
        hit(BOARDING),
        tokens=["新建", "住校", "学校"],
        counted=["住校", "学校"],
    )
    assert found.filled


def test_questions_without_a_single_value_only_need_the_asked_year():
    assert fill("洛阳怎么优化中小学校布局？", hit(BOARDING), tokens=["优化", "中小学校", "布局"]).filled
    other = fill("洛阳2023年怎么优化中小学校布局？", hit(BOARDING), tokens=["优化", "中小学校", "布局"])
    assert not other.filled and other.reason == "year"


def test_a_quoted_term_the_library_lacks_is_said_so():
    assert (
        Fill(False, "term", missing="智慧作业提质工程").message(read_slot("…"))
        == "现有文件中没有提到“智慧作业提质工程”。"
    )


AFTER_SCHOOL = "持续完善课后服务体系。鼓励引导各中小学校开展假期托管服务，不断提高课后服务水平。"


def test_the_words_said_to_be_mentioned_are_words_not_pieces_of_the_question():
    """收不收费 is cut by jieba into 收 / 不 / 收费: "文件提到了课后服务、不" is no sentence."""
    question = "课后服务收不收费？收多少钱？"
    found = fill(question, hit(AFTER_SCHOOL), tokens=["课后", "服务", "课后服务", "收", "不", "收费"])
    assert not found.filled and found.topic == "课后服务"
    assert found.message(read_slot(question)) == "文件提到了课后服务，但没有给出具体金额。"


def test_values_written_as_regulations_write_them_fill_the_slot():
    """Chinese numerals and legal phrasing are values: 年满六周岁, 百分之一点五, 三个工作日内."""
    age = "第十一条 凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育。"
    found = fill("孩子几岁必须上学？", hit(age), tokens=["孩子", "上学"])
    assert found.filled and "六周岁" in found.passage
    share = "第四十四条 企业按照职工工资总额的百分之一点五足额提取职业教育培训经费。"
    found = fill("企业按工资总额的多大比例提培训经费？", hit(share), tokens=["企业", "工资", "培训", "经费"])
    assert found.filled and any("百分之一点五" in v for v in found.values)
    days = "教育行政部门应当自收到申请材料之日起三个工作日内征求意见。"
    found = fill("收到申请后多少天内要征求意见？", hit(days), tokens=["申请", "征求", "意见"])
    assert found.filled


def test_an_age_is_a_measure_of_no_counted_noun():
    """满几岁必须送去上学: 上学 is what the age is for, not a noun the age counts."""
    age = "第九条 凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育。"
    assert read_slot("孩子满几岁必须送去上学？").counted == ""
    found = fill("孩子满几岁必须送去上学？", hit(age), tokens=["孩子", "上学"])
    assert found.filled and "六周岁" in found.values[0]


def test_a_time_limit_and_a_time_of_day_are_times():
    limit = "因突发故障不能正常使用的，应当在二十四小时内向环境保护主管部门书面报告。"
    found = fill("治污设施出故障后报告的时限是什么？", hit(limit), tokens=["故障", "报告"])
    assert found.filled and "二十四小时内" in found.values
    night = "网络游戏服务提供者不得在每日二十二时至次日八时向未成年人提供网络游戏服务。"
    found = fill("网络游戏在哪个时段不得向未成年人提供？", hit(night), tokens=["网络游戏", "未成年人"])
    assert found.filled and "二十二时至次日八时" in found.values


def test_a_day_of_a_week_of_a_month_is_a_day():
    day = "每年5月第三周的星期一为本市家庭教育日。"
    found = fill("家庭教育日是几号？", hit(day), tokens=["家庭教育", "教育日"])
    assert found.filled and "5月第三周的星期一" in found.values


def test_an_article_named_by_its_number_is_no_value_but_an_ordinal_asked_is():
    fine = "第七十二条 幼儿园违反本条例第三十五条规定的，由教育部门责令限期改正。"
    found = fill("幼儿园违反了会罚多少？", hit(fine), tokens=["幼儿园", "违反"])
    assert not found.filled  # 第七十二条, 第三十五条 are places in the text
    contest = "参加第七届全省学生“学宪法讲宪法”比赛。"
    assert fill("全省宪法比赛是第几届？", hit(contest), tokens=["全省", "宪法", "比赛"]).filled


def test_an_article_that_punishes_another_is_about_what_that_one_says():
    """违反本条例第三十五条规定的 does not repeat article 35's words; its text is the topic."""
    fine = "第七十二条 幼儿园违反本条例第三十五条规定的，由教育部门责令限期改正，并按照每聘用一人二万元的标准处以罚款。"
    duty = "第三十五条 幼儿园不得聘任有犯罪记录的人员。"
    question, tokens = "聘了有犯罪记录的人，会罚多少？", ["聘", "犯罪", "记录", "人员"]
    alone = check(read_slot(question), [hit(fine)], tokens, idf, DOCS)
    named = check(read_slot(question), [hit(fine)], tokens, idf, DOCS, cited={"ly/c1": duty})
    assert not alone.filled and named.filled and "二万元" in named.values[0]


def test_values_are_compared_in_any_numerals():
    assert stated_values("每天户外活动不少于两小时") == stated_values("每天不少于2小时") == {(2.0, "小时")}
    assert stated_values("校园周边二百米之内，年满十六周岁") == {(200.0, "米"), (16.0, "岁")}


def test_values_are_compared_in_decimals_thousands_and_ten_thousands():
    assert stated_values("按照百分之二点五提取") == stated_values("按2.5%提取") == {(2.5, "%")}
    assert stated_values("三千居民以上规模的住宅区") == {(3000.0, "人")}
    assert (
        stated_values("在接到申诉的三十日内作出处理") == stated_values("要在30天内处理完") == {(30.0, "天")}
    )
    assert stated_values("一万居民以上") == {(10000.0, "人")}
    assert stated_values("处1.5万元罚款") == stated_values("处一万五千元罚款") == {(15000.0, "元")}


def test_a_time_limit_set_segments_after_what_it_limits_fills_the_time_asked():
    """No other value stands between 故障 and 二十四小时内: the limit is the fault's, though two
    segments lie between them."""
    fault = "防治设施因突发故障不能正常使用的，应当采取措施确保排放达标，并在二十四小时内向主管部门书面报告。"
    tokens = ["防治", "设施", "故障", "报告"]
    found = fill("防治设施出故障后的报告时限是怎么规定的？", hit(fault), tokens=tokens)
    assert found.filled and found.values == ("二十四小时内",)


def test_a_compound_counted_word_is_said_by_its_parts():
    """公办幼儿园 is counted in "至少举办一所公办中心幼儿园"."""
    question = "每个乡镇至少办几所公办幼儿园？"
    counted = ["公办", "幼儿", "幼儿园", "公办幼儿园"]

    def rare_compound(token: str) -> float:  # the compound is the rarest word, as jieba's search mode cuts it
        return {"公办幼儿园": 6.0, "\x00never-a-token": 9.0}.get(token, 2.0)

    text = hit("每个乡镇应当至少举办一所公办中心幼儿园。")
    found = check(read_slot(question), [text], ["乡镇", *counted], rare_compound, DOCS, counted)
    assert found.filled and found.values == ("一所",)


def test_a_date_is_no_number_of_days():
    """ "多长时间内" is not answered by "2024年4月26日…通过": 26日 is a day of a month."""
    note = "2024年4月26日第十四届全国人民代表大会常务委员会第九次会议通过"
    found = fill("论文答辩没通过的，多长时间内可以重新申请答辩？", hit(note), tokens=["答辩", "通过", "申请"])
    assert not found.filled
    assert fill("多少天内要报告？", hit("应当在15日内报告。"), tokens=["报告"]).filled


def test_a_bare_how_many_is_answered_by_a_share_written_in_words():
    text = "技能要求高、培训任务重的企业可以按照百分之二点五提取。"
    found = fill("培训任务重的企业可以提到多少？", hit(text), tokens=["培训", "任务", "企业"])
    assert found.filled and found.values == ("百分之二点五",)


def test_a_period_of_time_is_not_a_frequency():
    text = "父母因外出务工在一定期限内不能完全履行监护职责的，应当委托他人代为照护。"
    found = fill("父母多久跟孩子联系一次？", hit(text), tokens=["父母", "孩子", "联系"])
    assert not found.filled  # 一定期限 holds 定期, which is no interval


@pytest.mark.parametrize(
    "text",
    ["建立教师定期身体健康检查制度。", "学校应当根据条件定期对学生进行体格检查，建立学生体质健康卡片。"],
)
def test_a_recurrence_without_an_interval_does_not_say_how_often_and_the_answer_quotes_it(text):
    asked = "学校多长时间组织一次健康检查？"
    found = fill(asked, hit(text), tokens=["学校", "健康", "检查", "体格"])
    assert not found.filled and found.reason == "vague"
    piece = "定期身体健康检查制度" if "制度" in text else "根据条件定期对学生进行体格检查"
    assert found.message(read_slot(asked)) == f"文件只规定“{found.stated}”，没有给出具体间隔。"
    assert piece in found.stated and "健康卡片" not in found.stated  # the piece that says 定期, no more
    # an interval stated beside it answers
    stated = "学校应当每两年组织一次教师健康检查，并定期安排休养。"
    assert fill(asked, hit(stated), tokens=["学校", "健康", "检查"]).filled


def test_a_later_part_is_read_by_its_own_cue_not_an_earlier_part_s():
    """提前多久办；…建好后多久移交: the second part's 多久 asks no 提前 (the first part's change)."""
    text = "为居住区配套建设的幼儿园，建设单位应当在竣工验收后3个月内交付区教育行政部门管理。"
    asked = "幼儿园停办得提前多久办；居住区配建的幼儿园建好后多久交付？"
    part = "居住区配建的幼儿园建好后多久交付"
    tokens = ["居住区", "幼儿园", "交付"]
    found = check(read_slot(part), [hit(text)], tokens, idf, DOCS, asked=asked)
    assert found.filled and found.values == ("3个月",)


def test_a_day_that_moves_with_the_calendar_is_a_day():
    text = "每年九月的第三个星期六为全民国防教育日。"
    asked = "全民国防教育日是每年的哪一天？"
    found = check(read_slot(asked), [hit(text)], ["全民", "国防教育"], idf, DOCS, asked=asked)
    assert found.filled and found.values == ("九月的第三个星期六",)


def test_a_ratio_answers_how_many_per_one():
    text = "城市普通中小学设卫生室，按学生人数六百比一的比例配备专职卫生技术人员。"
    asked = "城市中小学的校医按多少学生配一个？"
    tokens = ["城市", "中小学", "校医", "学生", "配", "一个"]
    found = check(read_slot(asked), [hit(text)], tokens, idf, DOCS, ["学生", "配", "一个"], asked=asked)
    assert found.filled and found.values == ("六百比一",)  # 一个 says how many, not of what


def test_a_changed_measure_is_stated_only_with_its_change():
    asked = "条件不具备的地方孩子最晚可以推迟到几周岁入学？"
    tokens = ["推迟", "入学"]
    general = "凡年满六周岁的儿童，其父母应当送其入学。因身体状况需要推迟入学的，由其父母提出申请。"
    found = check(read_slot(asked), [hit(general)], tokens, idf, DOCS, asked=asked)
    assert not found.filled  # 六周岁 is when school starts, not how late it may
    deferred = general + "条件不具备的地区的儿童，可以推迟到七周岁。"
    found = check(read_slot(asked), [hit(deferred)], tokens, idf, DOCS, asked=asked)
    assert found.filled and found.values == ("七周岁",)
    # texts say a deferral in other words too (延缓入学)
    other = "条件不具备的地方，儿童入学可以延缓至七周岁。"
    assert check(read_slot(asked), [hit(other)], tokens, idf, DOCS, asked=asked).filled
    # with no change asked, the age stated answers
    plain = "孩子几周岁入学？"
    assert check(read_slot(plain), [hit(general)], ["孩子", "入学"], idf, DOCS, asked=plain).filled


@pytest.mark.parametrize(
    ("thing", "near"),
    [
        ("教育督导条例规定专职督学的任期", "兼职督学的任期为3年"),
        ("条例规定北江干流两岸", "禁止在东江干流和一级支流两岸最高水位线水平外延五百米范围内"),
    ],
)
def test_a_value_of_a_sibling_in_the_same_frame_is_not_the_asked_one(thing, near):
    assert _contrasted(thing, near)


@pytest.mark.parametrize(
    ("thing", "near"),
    [
        ("规定兼职督学的任期", "兼职督学的任期为3年"),  # the asked one
        ("乡村教师的补助", "农村教师的补助标准每月500元"),  # a synonym is the same subject
        ("取得教师资格的人首次任教试用期", "取得教师资格的人员首次任教，应当有一年的试用期"),  # other cuts
        ("工资上浮一档，干满几年可以固定下来", "每满5年的予以固定"),  # 可以/予以 say how, not what
        ("专职督学和兼职督学的任期", "兼职督学的任期为3年"),  # the question names both
    ],
)
def test_the_same_subject_in_other_words_is_no_sibling(thing, near):
    assert not _contrasted(thing, near)


def test_a_subject_said_at_the_start_of_the_sentence_owns_the_values_after_it():
    text = "兼职督学的任期为3年，可以连续任职，连续任职不得超过3个任期。"
    hits = [hit(text), hit("县级以上人民政府为教育督导机构配备专职督学。", clause_id="c2")]
    asked = "教育督导条例规定专职督学一届任期几年？最多能连任几届？"
    found = check(read_slot("最多能连任几届？"), hits, ["督学", "连任"], idf, DOCS, asked=asked)
    assert not found.filled  # 3个任期 is 兼职督学's, said two segments before it
    asked = "兼职督学一届任期几年？最多能连任几届？"
    found = check(read_slot("最多能连任几届？"), hits, ["督学", "连任"], idf, DOCS, asked=asked)
    assert found.filled


def test_a_number_the_question_gives_in_digits_is_not_the_answer_in_words():
    text = "按学生人数六百比一的比例配备专职卫生技术人员。学生人数不足六百人的学校，可以配备兼职保健教师。"
    asked = "学生不到600人的小学，保健教师要按多少个学生配一名？"
    found = check(read_slot(asked), [hit(text)], ["学生", "保健教师"], idf, DOCS, ["学生"], asked=asked)
    assert not found.filled


def test_a_sibling_named_just_before_the_cue_is_told_apart():
    text = "禁止在东江干流和一级支流两岸最高水位线水平外延五百米范围内新建废弃物堆放场和处理场。"
    tokens = ["干流", "两岸", "废弃物", "堆放"]
    north = hit("北江干流的重金属污染物排放实行总量控制。", clause_id="c2")  # the text says 北江 too
    asked = "北江干流两岸多少米范围内禁止新建废弃物堆放场？"
    slot = read_slot(asked)
    assert not check(slot, [hit(text), north], tokens, idf, DOCS, asked=asked).filled
    control = "东江干流两岸多少米范围内禁止新建废弃物堆放场？"
    assert check(read_slot(control), [hit(text)], tokens, idf, DOCS, asked=control).filled
    # the words before the document named are not the subject: 各地 has no sibling in 当地
    asked = "各地学前教育条例对每个乡镇至少办几所公办幼儿园是怎么规定的？"
    text = "当地学前教育发展规划应当保障每个乡镇至少举办一所公办中心幼儿园。"
    tokens = ["乡镇", "公办", "幼儿园"]
    assert check(read_slot(asked), [hit(text)], tokens, idf, DOCS, ["公办", "幼儿园"], asked=asked).filled


@pytest.mark.parametrize(
    ("question", "text", "tokens"),
    [
        (  # a ban's five years is no licence's validity
            "食品生产经营许可证的有效期是几年？",
            "被吊销许可证的经营者自处罚决定作出之日起五年内不得申请食品生产经营许可。",
            ["生产", "经营", "许可证", "有效期"],
        ),
        (  # a probation is no term of service
            "师范毕业生的任教服务期是几年？",
            "取得教师资格的人员首次任教，应当有一年的试用期。",
            ["师范", "毕业生", "任教", "服务期"],
        ),
    ],
)
def test_a_measure_of_another_period_does_not_answer(question, text, tokens):
    found = fill(question, hit(text), tokens=tokens)
    assert not found.filled and found.reason == "value"


def test_a_distance_of_another_object_does_not_answer_when_the_clause_names_the_asked_one():
    text = (
        "在学校、幼儿园周边二百米范围内不得设置营业性娱乐场所。"
        "在学校、幼儿园周边一定范围内不得设置酒、彩票销售网点。"
    )
    tokens = ["学校", "周边", "设置", "彩票", "销售", "网点"]
    rare = lambda t: {"彩票": 6.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    asked = read_slot("学校周边多少米内不得设置彩票销售网点？")
    assert not check(asked, [hit(text)], tokens, rare, DOCS).filled
    # of what is limited, the rarest word the clauses use counts, not the asker's own (开卖)
    rarer = lambda t: {"开卖": 8.0, "彩票": 6.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    asked = "学校周边多少米内不能开卖酒、卖彩票的店？"
    tokens = ["学校", "周边", "开卖", "彩票"]
    assert not check(read_slot(asked), [hit(text)], tokens, rarer, DOCS, asked=asked).filled
    # how a ban is said (不能 for 不得) is no part of what the distance limits
    text = "在学校、幼儿园周边一百米范围内不得设置售烟网点。任何人不能向未成年人售烟。"
    asked = read_slot("学校周边多少米内不能开卖烟的店？")
    assert check(asked, [hit(text)], ["学校", "周边", "不能", "开卖", "烟"], rare, DOCS).filled
    # the asker's own word, which no clause found uses, is no condition (司机 for 驾驶人)
    driver = read_slot("校车司机的年龄要多少周岁以上？")
    text = "校车驾驶人应当依照规定取得相应准驾车型驾驶证，并具备下列条件：（一）25周岁以上、不超过60周岁。"
    assert check(driver, [hit(text)], ["校车", "司机", "年龄"], rare, DOCS).filled


def test_a_distance_asked_of_examples_listed_together_is_stated_of_any_of_them():
    """多少米以内不能开网吧、歌舞厅这类场所: the text naming 网吧 (not the rarer 歌舞, which another
    sentence found uses) states the distance."""
    text = (
        "学校周边二百米范围内不得设置营业性娱乐场所、网吧等不适宜未成年人活动的场所。"
        "营业性歌舞娱乐场所的经营者，不得允许未成年人进入。"
    )
    idf = lambda t: {"歌舞": 7.0, "网吧": 6.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    asked = "学校周边多少米以内不能开网吧、歌舞厅这类场所？"
    slot = read_slot(asked)
    assert slot.unit == "尺寸"
    found = check(slot, [hit(text)], ["学校", "周边", "网吧", "歌舞", "场所"], idf, DOCS, asked=asked)
    assert found.filled and "二百米" in found.values[0]


def test_a_fine_on_whom_the_question_names_is_stated_only_with_that_word_when_the_clauses_use_it():
    article = (
        "幼儿园工作人员违反本条例第二十条规定的，由教育行政部门给予处分，"
        "并对其所在单位处五千元以上二万元以下罚款。处分决定应当告知工作人员本人。"
    )
    rare = lambda t: {"本人": 6.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    asked = "幼儿园老师体罚孩子，对老师本人罚款多少？"
    tokens = ["幼儿园", "本人", "罚款"]
    assert not check(read_slot(asked), [hit(article)], tokens, rare, DOCS, asked=asked).filled  # the unit's
    asked = "幼儿园老师体罚孩子，幼儿园要被罚多少钱？"
    assert check(read_slot(asked), [hit(article)], ["幼儿园", "罚款"], rare, DOCS, asked=asked).filled


def test_a_named_period_of_a_subject_the_clause_names_elsewhere_is_not_the_asked_one():
    text = "硕士研究生教育的基本修业年限为二至三年。非全日制高等学历教育的修业年限应当适当延长。"
    rare = lambda t: {"非全日制": 7.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    asked = "非全日制研究生的修业年限是几年？"
    tokens = ["非全日制", "研究生", "修业年限"]
    assert not check(read_slot(asked), [hit(text)], tokens, rare, DOCS, asked=asked).filled
    asked = "硕士研究生的修业年限是几年？"
    tokens = ["硕士", "研究生", "修业年限"]
    assert check(read_slot(asked), [hit(text)], tokens, rare, DOCS, asked=asked).filled


def test_a_measure_of_the_asked_thing_answers():
    found = fill(
        "食品生产经营许可证的有效期是几年？",
        hit("食品生产经营许可的有效期为5年。"),
        tokens=["生产", "经营", "许可证", "有效期"],
    )
    assert found.filled and found.values == ("5年",)


def test_a_value_in_another_subject_s_piece_of_a_listing_is_not_the_asked_one():
    text = "学校周边二百米、幼儿园周边一定范围内不得设置营业性娱乐场所、酒吧。"
    tokens = ["幼儿园", "周边", "娱乐场所"]
    asked = "幼儿园周边多少米内不得开设娱乐场所？"
    assert not check(read_slot(asked), [hit(text)], tokens, idf, DOCS, asked=asked).filled
    asked = "学校周边多少米内不得开设娱乐场所？"
    assert check(read_slot(asked), [hit(text)], ["学校", "周边", "娱乐场所"], idf, DOCS, asked=asked).filled
    # a compound elsewhere in the sentence (建设|计划) is no listing of subjects
    text = "学校项目建设计划：全区计划总投资13.73亿元，年度投资3.62亿元。"
    asked = "学校项目建设计划总投资多少？"
    tokens = ["学校", "项目", "建设", "计划", "总投资"]
    assert "13.73亿元" in check(read_slot(asked), [hit(text)], tokens, idf, DOCS, asked=asked).values


def test_the_asker_s_word_that_no_clause_found_says_is_no_sibling():
    """梯队名师 is the asker's word for the text's 梯级名师: the text never says 梯队."""
    text = "实施梯级名师培养项目，开展第二届梯级名师评选。"
    asked = "梯队名师培养项目到第几届了？"
    found = check(read_slot(asked), [hit(text)], ["名师", "培养", "项目"], idf, DOCS, asked=asked)
    assert found.filled and found.values == ("二届",)


def test_a_share_of_a_body_s_members_answers_how_many_people_are_needed():
    """ "多少人到场才算数" is answered by 三分之二以上出席, and "多少人同意" by 2／3以上组成人员同意: a
    quorum is written as a share of the members, not as a head count."""
    quorum = (
        "学位评定委员会作出决议，应当以会议的方式进行。审议重大事项的，会议应当有全体组成人员的"
        "三分之二以上出席。决议事项以投票方式表决，由全体组成人员的过半数通过。"
    )
    present = fill(
        "学位评定委员会开会要多少人到场才算数？",
        hit(quorum),
        tokens=["学位", "评定", "委员会", "开会", "到场"],
        counted=["到场"],
    )
    assert present.filled and "三分之二以上出席" in present.passage
    board = "讨论下列重大事项，应当经2／3以上组成人员同意方可通过：（一）变更举办者；（二）聘任、解聘校长。"
    agreed = fill("民办学校聘校长要多少人同意？", hit(board), tokens=["民办学校", "聘", "校长", "同意"])
    assert agreed.filled and "2／3以上" in agreed.passage
    # a share of something that is not a body's members counts no one
    funds = "县级财政性学前教育经费占同级财政性教育经费的比例不低于百分之五，三分之二以上用于公办幼儿园。"
    assert not fill("县里要配多少名学前教育教研员？", hit(funds), tokens=["学前教育", "教研员"]).filled


def test_a_duration_states_the_asked_one_only_with_a_word_of_what_it_is_of():
    """多少天 of 录像 is not the 一日 of 一日作息制度; a duration in the text's own words for what the
    asker names (乡下 → 农村) still answers."""
    plan = "第二十条 幼儿园应当科学制定一日作息制度，保证幼儿户外活动时间。"
    routine = replace(hit(plan), sentences=[SentenceHit(0, plan, dense=0.8)])  # found by meaning
    cameras = hit("第三十条 幼儿园应当在园区安装视频监控设备，监控录像资料应当妥善保存。", clause_id="c2")
    asked = "青岛幼儿园装的监控，录像最少要存多少天？"
    tokens = ["幼儿园", "装", "监控", "录像", "存"]
    assert not fill(asked, routine, cameras, tokens=tokens).filled
    stated = hit("第三十条 幼儿园应当安装视频监控设备，监控录像保存期不少于30天。", clause_id="c2")
    assert fill(asked, routine, stated, tokens=tokens).filled
    rural = "城镇中小学教师晋升高级职务，应当有到农村学校或者薄弱学校任教1年以上的经历。"
    assert fill(
        "老师评高级职称得去乡下教多久？", hit(rural), tokens=["教师", "高级", "职称", "乡下", "教"]
    ).filled


def test_what_recurs_is_read_inside_the_frequency_cue():
    """ "多久跟孩子和被委托人联系一次": 联系 is in the cue itself; 每周联系 answers, a yearly meeting does not."""
    asked = "父母外出打工，法律要求父母至少多久跟孩子和被委托人联系一次？"
    tokens = ["父母", "外出", "打工"]
    weekly = "父母应当与未成年人、被委托人至少每周联系和交流一次，了解未成年人的生活、学习情况。"
    duty = hit("父母外出务工的，应当委托具有照护能力的人代为照护。" + weekly)
    assert fill(asked, duty, tokens=tokens).filled
    meeting = "父母外出务工的，应当委托具有照护能力的人代为照护。学校每年至少召开一次家长会。"
    yearly = replace(hit(meeting), sentences=[SentenceHit(1, "学校每年至少召开一次家长会", dense=0.8)])
    assert not fill(asked, yearly, tokens=tokens).filled


def test_a_day_s_routine_is_no_number_of_days():
    """一日作息制度 and 一日生活 name what a day holds: no answer to how many days 录像 is kept, while
    一日内 and 不少于一天 are durations."""
    plan = "第二十七条 幼儿园应当科学制定一日作息制度，合理安排幼儿一日生活。"
    routine = replace(hit(plan), sentences=[SentenceHit(0, plan, dense=0.8)])  # found by meaning
    asked = "青岛幼儿园装的监控，录像最少要存多少天？"
    assert not fill(asked, routine, tokens=["幼儿园", "监控", "录像"]).filled
    kept = hit("幼儿园监控录像保存不少于一天，重大活动的录像应当在一日内备份。")
    assert fill(asked, kept, tokens=["幼儿园", "监控", "录像"]).values == ("一天", "一日")


def test_a_length_of_a_named_period_answers_only_that_period():
    """ "1年的试用期" is the 试用期's length: not how many years until one may apply again."""
    first = "取得教师资格的人员首次任教，应当有1年的试用期。"
    probation = replace(hit(first), sentences=[SentenceHit(0, first, dense=0.8)])  # found by meaning
    tokens = ["教师", "资格", "撤销", "重新", "申请"]
    assert not fill("老师教师资格被撤销了，过几年才能重新申请？", probation, tokens=tokens).filled
    asked = "老师首次任教的试用期是几年？"
    assert fill(asked, probation, tokens=["教师", "首次", "任教", "试用期"]).values == ("1年",)


def test_a_frequency_is_of_the_thing_the_cue_says_recurs():
    """多久体检一次: the 每天 of 室外活动 names 幼儿园 but not 体检; a yearly 体检 answers."""
    asked = "深圳幼儿园的小朋友多久体检一次？"
    tokens = ["幼儿", "幼儿园"]
    outdoors = hit("学前儿童在幼儿园的室外活动时间每天不少于两小时。")
    records = hit("幼儿园应当建立幼儿体检档案。", clause_id="c2")  # the document says 体检
    assert not fill(asked, outdoors, records, tokens=tokens).filled
    yearly = hit("幼儿园应当每年组织一次幼儿体检。")
    assert fill(asked, yearly, tokens=tokens).filled


def test_a_frequency_said_of_a_neighbour_while_the_asked_thing_only_recurs_is_vague():
    """In "组织开展每日晨检和定期体检" 每日 is 晨检's: 体检 has no interval. So with "定期公示水质检测
    结果，每周向家长公示食谱", asked about 水质 (named before the cue): 每周 is 食谱's."""
    weights = {"体检": 6.0, "健康检查": 6.0, "体格检查": 6.0, "水质": 6.0, "食谱": 6.0}
    weights["\x00never-a-token"] = 9.0

    def rare(token: str) -> float:
        return weights.get(token, 2.0)

    def read(asked: str, text: str, tokens: list[str]) -> Fill:
        return check(read_slot(asked), [hit(text)], tokens, rare, DOCS, asked=asked)

    checks = "幼儿园应当建立健康检查制度，组织开展每日晨检和定期体检。"
    found = read("深圳幼儿园的小朋友多久体检一次？", checks, ["幼儿", "幼儿园"])
    assert not found.filled and found.reason == "vague"
    menus = "幼儿园应当定期公示饮用水水质检测结果，每周向家长公示学前儿童食谱。"
    asked = "幼儿园的饮用水水质检测结果，多久要给家长公示一次？"
    found = read(asked, menus, ["幼儿园", "饮用水", "水质", "检测", "结果"])
    assert not found.filled and found.reason == "vague"
    assert read("幼儿园多久向家长公示一次食谱？", menus, ["幼儿园", "食谱"]).values == ("每周",)


def test_a_fine_is_of_the_act_the_question_names_before_it():
    """ "开网吧的，罚款多少": the only amount is for 流动摊点 at the gate; 网吧 (said in another
    article) are closed with no amount. The act asked is named before the cue."""
    fine = "在城镇中小学校门口五十米之内摆设流动摊点的，由城市管理行政部门责令改正，拒不改正的，对其处以五十元以上二百元以下罚款。"
    stalls = replace(hit(fine), sentences=[SentenceHit(0, fine, dense=0.8)])  # found by meaning
    cafes = hit("中小学校园周边二百米之内开设网吧的，依法予以关闭、处罚。", clause_id="c2")
    rare = lambda t: {"网吧": 6.0, "摊点": 6.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    tokens = ["中小学", "周边", "网吧", "罚款"]
    asked = "在中小学周边二百米内开网吧的，罚款多少？"
    assert not check(read_slot(asked), [stalls, cafes], tokens, rare, DOCS, asked=asked).filled
    asked = "在中小学校门口摆流动摊点的，罚款多少？"
    tokens = ["中小学", "校门口", "流动", "摊点", "罚款"]
    assert check(read_slot(asked), [stalls, cafes], tokens, rare, DOCS, asked=asked).filled


def test_a_lead_is_about_its_items_only():
    """A fine in the lead of "有下列行为之一的" is the fine of each item (教授小学教育内容); a fine in a
    paragraph before the lead or after the items is not the items' (自动售货机 is its own)."""
    rare = lambda t: {"小学": 5.0, "自动售货机": 6.0, "\x00never-a-token": 9.0}.get(t, 2.0)  # noqa: E731
    penalties = hit(
        "第七十四条 幼儿园违反本条例规定，有下列行为之一的，由教育部门责令改正；拒不改正的，处五千元以上三万元以下的罚款：\n"
        "（一）发布虚假办学信息的；\n（二）教授小学教育内容、开展其他超前教育的。"
    )
    asked = "幼儿园提前教小学的内容，罚多少钱？"
    found = check(read_slot(asked), [penalties], ["幼儿园", "提前", "教", "小学"], rare, DOCS, asked=asked)
    assert found.filled and "五千元" in found.values
    sellers = hit(
        "第二十六条 销售者未设置明显标识的，责令改正；拒不改正的，处五千元以上一万元以下罚款。\n"
        "销售者有下列情形之一的，依照有关规定予以处罚：\n（一）向未成年人出售烟草制品；\n"
        "销售者通过自动售货机销售烟草制品的，责令改正，并处二万元以上五万元以下罚款。"
    )
    asked = "商家用自动售货机卖烟，罚多少？"
    found = check(read_slot(asked), [sellers], ["商家", "自动售货机", "卖烟"], rare, DOCS, asked=asked)
    assert found.filled and found.values == ("二万元", "五万元")


def test_at_once_is_how_soon_a_report_is_due():
    """多久内报告: 立即报告 is the time limit; a sentence naming no time at all is not."""
    asked = "大气污染处理设施出了故障，多久内要报告？"
    tokens = ["大气", "污染", "设施", "故障", "报告"]
    at_once = hit("大气污染物处理设施因故障不能正常使用的，排污单位应当立即向生态环境部门报告。")
    found = fill(asked, at_once, tokens=tokens)
    assert found.filled and "立即" in found.passage
    untimed = hit("大气污染物处理设施因故障不能正常使用的，排污单位应当向生态环境部门报告。")
    assert not fill(asked, untimed, tokens=tokens).filled


def test_an_office_set_up_within_a_body_is_where_it_is():
    """设在哪里: "办公室设在同级共青团组织" says where, as 位于 does."""
    asked = "未成年人保护委员会的办公室设在哪里？"
    text = "未成年人保护委员会下设办公室，负责日常工作，办公室设在同级共青团组织。"
    found = fill(asked, hit(text), tokens=["未成年人", "保护", "委员会", "办公室"])
    assert found.filled and "共青团" in found.passage


def test_a_length_stated_on_the_topic_answers_before_at_once():
    """ "找不到家长多久要出结论": 立即查找 is how soon the search starts; 六个月内 answers."""
    asked = "公安查找不到孩子的父母，多久要出结论？"
    tokens = ["公安", "查找", "父母", "结论"]
    text = "公安机关应当立即查找未成年人的父母。六个月内查找不到父母的，公安机关应当出具结论。"
    assert fill(asked, hit(text), tokens=tokens).values == ("六个月",)


def test_a_fine_stated_as_a_multiple_is_an_amount():
    """罚多少: "处违法所得一倍以上五倍以下罚款" says how much; a multiple of something else does not."""
    asked = "代替别人参加考试收了钱的，罚多少钱？"
    tokens = ["代替", "他人", "考试", "违法所得"]
    fine = hit("代替他人参加考试，有违法所得的，由公安机关没收违法所得，并处违法所得一倍以上五倍以下罚款。")
    assert fill(asked, fine, tokens=tokens).filled
    growth = hit("代替他人参加考试的考生人数比上年增长一倍。")
    assert not fill(asked, growth, tokens=tokens).filled
