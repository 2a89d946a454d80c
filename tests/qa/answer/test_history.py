"""History and effect questions answered from a regulation's typed fields (qa/answer/history.py):
what is asked, and the lines that answer it in the words of the clause that says them."""

import pytest

from qa.answer.history import (
    CHANGES,
    CURRENT,
    HistoryAsk,
    Statement,
    answer_history,
    names_a_document,
    read_history_ask,
    unsaid_changes,
)
from qa.config import REPO_ROOT
from qa.corpus.loader import load_document

REGULATIONS = REPO_ROOT / "eval" / "data" / "regulations"


def document(name: str):
    found = load_document(REGULATIONS / f"{name}.txt")
    return found.meta, [(c.clause_id, c.text) for c in found.clauses]


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("义务教育法是哪年通过的？", "adopted"),
        ("义务教育法是第几届全国人大哪次会议通过的？", "adopted"),
        ("教育法最近一次修正是哪年？", "latest"),
        ("义务教育法一共修改过几次？", "count"),
        ("教师法什么时候开始施行的？", "effective"),
        ("校车那个条例是啥时候开始执行的？", "effective"),
        ("北京的中医药条例废止了哪个老规定？", "repealed"),
        ("青岛学前教育条例是哪个机关批准的？", "approved"),
        ("义务教育法哪年修订的？", "revised"),
        ("学位法的第一次修正是什么时候？", "first_amendment"),
        ("教师资格条例是什么时候发布的？", "promulgated"),
        ("1989年那部管幼儿园的条例，是国务院直接发布的吗？", "issuer"),
        ("校车安全管理条例是谁制定的？", "issuer"),
        ("深圳那个幼儿园条例是深圳自己人大通过的，还是要省里批？", "adopted"),
        ("教育法2021年那次修正具体改了哪些条款？", CHANGES),
        ("义务教育法2018年修正改的是哪一条？", CHANGES),
        ("体育法2022年修订增加了哪些新内容？", CHANGES),
        ("未保法最近一次修改改了什么？", CHANGES),  # which change it is, not what else is asked
        ("义务教育法对学校收费做了哪些修改？", CHANGES),
        ("2020年版的未成年人保护法现在还有效吗？", CURRENT),
        ("现在用的未保法是哪个版本？", "latest"),
        ("教育法是现行有效的吗？", CURRENT),
        ("北京控烟条例实行以后，以前那个禁止在公共地方抽烟的老规定还有效吗？", "repealed"),  # its predecessor
    ],
)
def test_what_a_history_question_asks(question, what):
    assert names_a_document(question)
    assert read_history_ask(question).what == what


def test_a_question_about_content_asks_no_history():
    assert read_history_ask("教师法规定教师的平均工资不低于谁？") is None
    # the effect is when the asked time counts from, not what is asked
    assert read_history_ask("校车条例施行前已经在用的校车驾驶人要在多长时间内取得资格？") is None
    assert read_history_ask("学位法规定论文答辩没通过的，多长时间内可以修改后重新申请答辩？") is None
    assert not names_a_document("学校什么时候开始执行新的收费标准？")  # names no document


def test_adoption_amendments_and_the_latest_are_the_notes_own_lines_cited_to_their_clause():
    meta, clauses = document("national-compulsory-education-law")
    (adopted,) = answer_history(meta, clauses, HistoryAsk(("adopted",)))
    assert adopted.text == "1986年4月12日第六届全国人民代表大会第四次会议通过"  # as the clause prints it
    assert adopted.clause_id.endswith("/header") and adopted.text in dict(clauses)[adopted.clause_id]
    (latest,) = answer_history(meta, clauses, HistoryAsk(("latest",)))
    assert latest.text.startswith("2018年12月29日") and latest.text.endswith("第二次修正")
    counted = answer_history(meta, clauses, HistoryAsk(("count",)))
    assert counted[0].text.startswith("共修正2次、修订1次：2006年6月29日") and len(counted) == 3
    assert all(s.text.split("：")[-1] in dict(clauses)[s.clause_id] for s in counted)


def test_an_nth_change_is_that_one_or_that_the_note_records_fewer():
    """教师法 was amended once: its "第二次修正" is no year, and not its first amendment's."""
    assert read_history_ask("教师法第二次修正是在哪一年？") == HistoryAsk(("nth",), (), (2, "修正"))
    assert read_history_ask("大气污染防治法第三次修订是哪一年？").nth == (3, "修订")
    meta, clauses = document("national-teachers-law")
    (once,) = answer_history(meta, clauses, read_history_ask("教师法第二次修正是在哪一年？"))
    assert once.text.startswith("没有第二次修正，只修正过1次：2009年8月27日")
    meta, clauses = document("national-compulsory-education-law")
    (second,) = answer_history(meta, clauses, read_history_ask("义务教育法第二次修正是哪年？"))
    assert second.text.startswith("2018年12月29日") and second.text.endswith("第二次修正")
    meta, clauses = document("national-family-education-promotion-law")
    (never,) = answer_history(meta, clauses, read_history_ask("家庭教育促进法第二次修正是哪年？"))
    assert never.text.startswith("没有第二次修正，未经修正：2021年10月23日")


def test_the_effect_is_the_closing_article_or_the_promulgation_it_points_to():
    meta, clauses = document("national-compulsory-education-law")
    (effect,) = answer_history(meta, clauses, HistoryAsk(("effective",)))
    assert effect.text == "本法自2006年9月1日起施行" and "第六十三条" in dict(clauses)[effect.clause_id]
    meta, clauses = document("state-council-school-bus-safety-regulation")
    said = answer_history(meta, clauses, HistoryAsk(("effective",)))
    assert [s.text for s in said] == [
        "本条例自公布之日起施行",
        "2012年4月5日中华人民共和国国务院令第617号公布",
    ]
    assert all(s.text in dict(clauses)[s.clause_id] for s in said)  # each in its clause's words


def test_a_repeal_and_an_approval_are_read_where_the_text_says_them():
    meta, clauses = document("qingdao-preschool-regulation")
    approved = answer_history(meta, clauses, HistoryAsk(("approved",)))
    assert approved and all("批准" in s.text for s in approved)
    repealing = [name for name in ("beijing-smoking-control-regulation", "qingdao-preschool-regulation")]
    found = [answer_history(*document(name), HistoryAsk(("repealed",))) for name in repealing]
    assert any(lines and "废止" in lines[-1].text for lines in found)


def test_who_made_it_is_every_act_that_did_in_the_order_it_happened():
    """Approved by the State Council, issued by a ministry's order: "是国务院直接发布的吗" is answered
    by both lines, not by one."""
    meta, clauses = document("state-council-kindergarten-management-regulation")
    said = [s.text for s in answer_history(meta, clauses, HistoryAsk(("issuer",)))]
    assert said == ["1989年8月20日国务院批准", "1989年9月11日中华人民共和国国家教育委员会令第4号发布"]


def test_adopted_or_approved_asked_together_say_the_approval_only_where_there_was_one():
    ask = read_history_ask("深圳那个幼儿园条例是深圳自己人大通过的，还是要省里批？")
    assert ask.whats == ("adopted", "approved")
    meta, clauses = document("shenzhen-preschool-regulation")
    said = [s.text for s in answer_history(meta, clauses, ask)]
    assert len(said) == 1 and said[0].endswith("深圳市第七届人民代表大会常务委员会第十次会议通过")


def test_a_document_without_a_history_is_not_answered_from_one():
    meta, clauses = document("national-compulsory-education-law")
    plain = type(meta)(meta.doc_id, "洛阳市教育局2022年教育工作要点", meta.source_file)
    assert answer_history(plain, clauses, HistoryAsk(("adopted",))) is None


def test_everything_a_question_asks_of_the_history_is_asked_in_its_order():
    assert read_history_ask("广东那部水污染的法规是什么时候通过的，后来又怎么修正的？").whats == (
        "adopted",
        "amended",
    )
    assert read_history_ask("食安法修正过几回？最近一回是哪天？").whats == (
        "count",
    )  # the count lists the latest
    # 施行后 is when the repeal counts from; a repeal 同时废止 says that day anyway
    assert read_history_ask("青岛学前教育条例施行后，哪部法规同时废止？").whats == ("repealed",)
    assert read_history_ask("河南落实教师法的那个办法后来改过没有？").whats == ("count",)
    assert read_history_ask("南阳那个条例，省里啥时候批的？").whats == ("approved",)


def test_a_revision_adopted_at_a_meeting_is_a_revision():
    meta, clauses = document("state-council-disabled-persons-education-regulation")
    (latest,) = answer_history(meta, clauses, HistoryAsk(("latest",)))
    assert latest.text.startswith("2017年1月11日") and "修订通过" in latest.text


def test_what_was_repealed_the_day_it_took_effect_is_said_with_that_day():
    lines = answer_history(*document("beijing-smoking-control-regulation"), HistoryAsk(("repealed",)))
    assert "2015年6月1日" in lines[0].text and "施行" in lines[0].text
    assert "《北京市公共场所禁止吸烟的规定》同时废止" in lines[-1].text
    both = answer_history(*document("state-council-school-health-regulation"), HistoryAsk(("repealed",)))
    assert sum("废止" in line.text for line in both) == 1 and "暂行规定" in both[-1].text


def test_history_words_that_pick_out_the_document_do_not_ask_about_its_history():
    assert (
        read_history_ask("1989年国务院批准的那部幼儿园管理条例里，幼儿园出了哪些问题会被勒令整改？") is None
    )
    assert read_history_ask("1989年批准的那部条例是哪天施行的？").whats == ("effective",)
    assert read_history_ask("国务院批准的那部条例，是哪年批准的？").whats == ("approved",)


def test_what_a_change_changed_is_the_change_of_the_year_asked_or_the_latest_and_no_more():
    meta, clauses = document("national-education-law")
    (of_2015,) = answer_history(meta, clauses, HistoryAsk((CHANGES,), (2015,)))
    assert of_2015.text.startswith("2015年12月27日") and of_2015.text.endswith("第二次修正")
    (latest,) = answer_history(meta, clauses, HistoryAsk((CHANGES,)))
    assert latest.text.startswith("2021年4月29日") and latest.text.endswith("第三次修正")
    assert answer_history(meta, clauses, HistoryAsk((CHANGES,), (2012,))) == []  # no change that year
    assert read_history_ask("教育法2015年修正改了哪些条款？").years == (2015,)


def test_what_a_change_changed_is_said_to_be_unrecorded_with_the_change_and_any_earlier_text():
    said = {None: [Statement("2024年4月26日…第二次修正", "law/header")]}
    text = unsaid_changes(said, {None: 2020})
    assert (
        text
        == "文件只记载了“2024年4月26日…第二次修正”，没有写明这次改了哪些内容。库中另有它2020年的文本，可对照两版条文。"
    )
    assert unsaid_changes(said, {}).endswith("没有写明这次改了哪些内容。")


def test_a_question_about_content_with_change_words_in_another_sense_asks_no_change():
    assert read_history_ask("学位法规定论文答辩没通过的，多长时间内可以修改后重新申请答辩？") is None
    assert read_history_ask("教育法最近一次修正是什么时候？").what == "latest"


def test_a_text_the_library_holds_a_newer_version_of_is_not_the_current_one():
    old_meta, old_clauses = document("national-minors-protection-law-2020")
    new_meta, new_clauses = document("national-minors-protection-law")
    (said,) = answer_history(old_meta, old_clauses, HistoryAsk((CURRENT,)), (new_meta, new_clauses))
    assert said.text.startswith("不是现行文本，库中有更新的文本：2024年4月26日") and said.text.endswith(
        "第二次修正"
    )
    assert said.clause_id in dict(new_clauses)  # cited where the newer text says it


def test_the_newest_text_the_library_holds_is_said_so_with_its_latest_change():
    """What the text cannot tell (a later change or repeal) is said beside it: UNKNOWN_SINCE."""
    meta, clauses = document("national-education-law")
    (said,) = answer_history(meta, clauses, HistoryAsk((CURRENT,)))
    assert said.text.startswith("库中这是最新的文本：2021年4月29日")
    assert said.text.endswith("第三次修正") and said.clause_id in dict(clauses)
