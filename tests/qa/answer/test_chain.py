"""The whole answer chain end to end on the real index (the built-in corpus, the real embedding
model, extractive): answers that give exactly what is asked, or say exactly what the documents
lack; the document's structure as evidence; minimal citations."""

import pytest

pytestmark = pytest.mark.slow


def test_an_answer_cites_only_the_clause_that_states_the_value(answer_service):
    answer = answer_service.answer("洛阳今年要新建多少所农村寄宿制学校？")
    assert "41所" in answer.answer and [c.locator for c in answer.citations] == ["五、29."]
    assert answer.related and all(h.clause_id != answer.citations[0].clause_id for h in answer.related)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("洛阳今年研学旅行每个学生收多少钱？", "但没有给出具体金额。"),  # on the topic of fees, no fee
        ("洛阳规划里2020年义务教育优质均衡发展县比例是多少？", "但没有给出具体比例。"),  # the table says "—"
        ("洛阳要点里的“智慧作业提质工程”具体怎么安排？", "现有文件中没有提到“智慧作业提质工程”。"),
        ("劳动人口平均受教育年限，洛阳规划要求2025年到多少年？", "没有2025年的"),  # only 2020's value
    ],
)
def test_a_near_miss_is_a_refusal_that_says_what_is_missing(answer_service, question, said):
    answer = answer_service.answer(question)
    assert answer.refused and answer.citations == [] and said in answer.answer
    assert answer.related  # the clause on the topic is shown, not cited


def test_a_plans_target_is_not_read_from_its_review_of_the_last_period(answer_service):
    """The 十四五 plan's 92% is under "一、“十三五”发展回顾" (2020's); its 2025 target is 94%."""
    answer = answer_service.answer("洛阳十四五规划里，2025年学前教育毛入园率目标是多少？")
    assert not answer.refused and "94%" in answer.answer and "92%" not in answer.answer
    assert [c.locator for c in answer.citations] == ["第三章 三、（一）第1段"]


def test_a_later_part_asks_about_the_earlier_parts_subject(answer_service):
    """ "…第三批新优质初中创建学校要做什么？有几所？": one clause answers both parts."""
    answer = answer_service.answer("惠济今年第三批新优质初中创建学校要做什么？有几所？")
    assert not answer.refused and "6所" in answer.answer and "没有找到" not in answer.answer
    assert [c.locator for c in answer.citations] == ["五、17."]  # one clause, cited once


@pytest.mark.parametrize(
    ("question", "lines"),
    [
        ("洛阳那份要点最后一部分讲了啥？", ["七、35.", "七、36.", "七、37.", "七、38.", "七、39."]),
        (
            "十四五规划第三章下面分哪几节？",
            ["第三章 一、", "第三章 二、", "第三章 三、", "第三章 四、", "第三章 五、"],
        ),
    ],
)
def test_a_part_named_by_position_is_answered_with_its_children(answer_service, question, lines):
    answer = answer_service.answer(question)
    assert [c.locator for c in answer.citations] == lines and answer.confidence == 1.0


def test_counts_come_from_the_tree(answer_service):
    answer = answer_service.answer("十四五规划一共有几章？")
    assert answer.answer.startswith("共4章：") and answer.citations[-1].locator == "第四章"


def test_addressees_and_two_documents_headers_are_read_from_the_headers(answer_service):
    sent = answer_service.answer("洛阳这份要点是发给哪些单位的？")
    assert "各县区教育局，市直各学校" in sent.answer and sent.citations[0].locator == "文件头"
    order = answer_service.answer("洛阳那两份文件哪份先印发的？")
    first, second = order.answer.splitlines()[1:3]
    assert "2022年3月4日" in first and "2022年5月25日" in second


def test_a_described_document_is_searched_for_what_is_asked_inside_it(answer_service):
    answer = answer_service.answer("提出“321”发展愿景的那份要点，一般公共预算教育投入要到多少？")
    assert "216亿元" in answer.answer


def test_a_province_s_regulation_uploaded_without_a_manifest_is_found_by_its_province(evaluation_service):
    """The extra documents, indexed without manifests: 山东省学前教育条例 names only its province."""
    answer = evaluation_service.answer("山东的幼儿园，孩子每天在户外活动不能少于多长时间？")
    assert not answer.refused and "两小时" in answer.answer
    assert answer.citations[0].doc_id == "shandong-preschool-regulation"
    absent = evaluation_service.answer("河北省学前教育条例哪年通过的？")
    assert absent.refused and absent.answer.startswith("现有文件中没有河北省的文件")
