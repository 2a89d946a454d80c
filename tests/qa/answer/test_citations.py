"""The citation check every generator's draft goes through."""

import pytest

from qa.answer.citations import StreamingCheck, check
from qa.records import ClauseRef, Hit


def hit(clause_id, locator, text, doc_title="洛阳市教育局2022年教育工作要点", doc_number="洛教〔2022〕1号"):
    ref = ClauseRef(clause_id, clause_id.split("/")[0], "corpus/x.txt", locator, doc_title, doc_number)
    return Hit(ref, "t", 0.1, text)


EVIDENCE = [
    hit(
        "ly/c29",
        "五、29.",
        "29.优化调整中小学校布局。积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。",
    ),
    hit(
        "hy/c6",
        "二、6.",
        "6.全面推动双减走深走实。将“双减”工作作为重大民生问题推进落实。",
        "2022年衡阳市教育局工作要点",
        None,
    ),
]


def test_a_supported_marker_is_kept_and_citations_are_numbered_by_first_use():
    result = check(
        "将“双减”工作作为重大民生问题推进落实[2]。2022年新建、改扩建农村寄宿制学校41所[1]。", EVIDENCE
    )
    assert result.text == "将“双减”工作作为重大民生问题推进落实[1]。2022年新建、改扩建农村寄宿制学校41所[2]。"
    assert [(c.n, c.clause_id, c.locator) for c in result.citations] == [
        (1, "hy/c6", "二、6."),
        (2, "ly/c29", "五、29."),
    ]
    assert result.citations[1].quote == "积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。"
    assert result.citations[1].doc_number == "洛教〔2022〕1号"
    assert result.report.to_dict() == {"removed_markers": [], "realigned": [], "aligned": [], "dropped": []}
    assert [(c.sentence, c.citations) for c in result.claims] == [
        ("将“双减”工作作为重大民生问题推进落实。", (1,)),
        ("2022年新建、改扩建农村寄宿制学校41所。", (2,)),
    ]
    assert result.claims[1].quote == "积极稳妥推进农村学校布局调整，2022年新建、改扩建农村寄宿制学校41所。"


def test_a_citation_shares_its_hit_reference_and_serialises_flat():
    result = check("2022年新建、改扩建农村寄宿制学校41所[1]。", EVIDENCE)
    assert result.citations[0].ref is EVIDENCE[0].ref
    data = result.citations[0].to_dict()
    assert data["clause_id"] == "ly/c29" and data["doc_title"] == "洛阳市教育局2022年教育工作要点"
    assert "ref" not in data and data["n"] == 1 and data["quote"]


def test_a_marker_pointing_to_no_clause_is_removed_and_the_sentence_aligned():
    result = check("2022年新建、改扩建农村寄宿制学校41所[7]。", EVIDENCE)
    assert result.text == "2022年新建、改扩建农村寄宿制学校41所[1]。"
    assert result.report.removed_markers == ["[7]"]
    assert result.report.aligned[0]["clause_id"] == "ly/c29"


def test_a_wrong_marker_is_realigned_to_the_clause_that_supports_the_sentence():
    result = check("2022年新建、改扩建农村寄宿制学校41所[2]。", EVIDENCE)
    assert (
        result.text == "2022年新建、改扩建农村寄宿制学校41所[1]。"
        and result.citations[0].clause_id == "ly/c29"
    )
    assert result.report.realigned == [
        {"sentence": "2022年新建、改扩建农村寄宿制学校41所", "clause_id": "ly/c29", "support": 1.0}
    ]


def test_an_unmarked_sentence_gets_its_best_clause_and_an_unsupported_one_is_dropped():
    result = check("将双减工作作为重大民生问题。洛阳还将新建100所国际学校[1]。", EVIDENCE)
    assert result.text == "将双减工作作为重大民生问题[1]。"
    assert result.report.dropped == ["洛阳还将新建100所国际学校。"]
    assert result.report.aligned[0]["clause_id"] == "hy/c6"


def test_markers_after_the_full_stop_full_width_markers_and_lines():
    result = check(
        "衡阳：\n将“双减”工作作为重大民生问题推进落实。[2]\n洛阳：2022年新建、改扩建农村寄宿制学校41所【1】。",
        EVIDENCE,
    )
    assert (
        result.text
        == "衡阳：\n将“双减”工作作为重大民生问题推进落实[1]。\n洛阳：2022年新建、改扩建农村寄宿制学校41所[2]。"
    )


def test_short_connectives_pass_unmarked():
    assert (
        check("具体如下：将双减工作作为重大民生问题[2]。", EVIDENCE).text
        == "具体如下：将双减工作作为重大民生问题[1]。"
    )


@pytest.mark.parametrize("size", [1, 3, 7, 100])
def test_streaming_gives_the_same_result_however_the_draft_is_chunked(size):
    draft = "衡阳：\n将双减工作作为重大民生问题[9]。月球上有学校[1]。\n2022年新建、改扩建农村寄宿制学校41所。[1]综上。"
    streaming = StreamingCheck(EVIDENCE)
    shown = (
        "".join(streaming.feed(draft[i : i + size]) for i in range(0, len(draft), size)) + streaming.finish()
    )
    batch = check(draft, EVIDENCE)
    assert shown.strip() == batch.text == streaming.result().text
    assert [c.to_dict() for c in streaming.result().citations] == [c.to_dict() for c in batch.citations]
    assert streaming.result().report == batch.report


def test_a_line_labelled_with_its_documents_title_claims_only_what_follows_the_label():
    law = Hit(
        ClauseRef("law/a67", "law", "law.txt", "第十章 第六十七条", "中华人民共和国民办教育促进法"),
        "本法自2003年9月1日起施行",
        0.03,
        "第六十七条 本法自2003年9月1日起施行。",
    )
    checked = check("《中华人民共和国民办教育促进法》：本法自2003年9月1日起施行[1]。", [law])
    assert [c.clause_id for c in checked.citations] == ["law/a67"] and not checked.report.dropped
    measures = Hit(
        ClauseRef("hn/a22", "hn", "hn.txt", "第二十二条", "河南省实施《中华人民共和国教师法》办法"),
        "满八年予以固定",
        0.03,
        "第二十二条 已在上述地方任教的教师向上浮动一档工资，满八年予以固定。",
    )
    unquoted = (
        "河南省实施《中华人民共和国教师法》办法：已在上述地方任教的教师向上浮动一档工资，满八年予以固定[1]。"
    )
    assert not check(unquoted, [measures]).report.dropped  # the title as a label, without book marks
