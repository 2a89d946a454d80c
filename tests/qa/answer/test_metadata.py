"""Questions about a document itself are told apart from questions about its clauses, and answered
from the header lines that state what is asked."""

import pytest

from qa.answer.metadata import asked_fields, header_for, stating_lines
from qa.records import ClauseRef, Hit

HEADER = """洛阳市人民政府
关于印发洛阳市“十四五”教育事业发展规划的通知
洛政〔2022〕26号
2022年5月25日"""


@pytest.mark.parametrize(
    ("question", "fields"),
    [
        ("洛阳市教育局今年那份要点是哪天印发的？", ("date",)),
        ("洛政〔2022〕26号是哪个机关、哪天印发的？", ("issuer", "date")),
        ("惠济区教育局2023年工作要点的文号是多少？", ("doc_number",)),
        ("北京那个管幼儿园的条例，最近一次是哪年改的？", ("date",)),
        ("武汉2019年那份要点是谁发下来的？", ("issuer",)),
        # questions about clauses, not about the document
        ("县管校聘什么时候全部完成？", ()),
        ("哪个部门负责课后服务？", ()),
        ("衡阳什么时候前要把公参民学校全部转为公办？", ()),
        ("洛阳、衡阳、邯郸、惠济这几份工作要点，哪份是最新的？", ("date",)),
        ("上海实施义务教育法办法里，儿童最晚可以推迟到几周岁入学？", ()),  # a limit in the text
        # a regulation named by its genre or as a law, not only by its kind
        ("西安那部管电梯的地方性法规，全称是什么？", ("title",)),
        ("那个管野生动物的法，全称叫什么？", ("title",)),
        # 促进法规定 holds 法规 and is no document's name
        ("重庆的家庭教育日和家庭教育促进法规定的宣传周分别在什么时候？", ()),
    ],
)
def test_what_a_question_asks_about_the_document_itself(question, fields):
    assert asked_fields(question) == fields


def test_the_header_lines_that_state_each_field():
    assert stating_lines(HEADER, "doc_number") == ["洛政〔2022〕26号"]
    assert stating_lines(HEADER, "date") == ["2022年5月25日"]
    assert stating_lines(HEADER, "issuer")[0] == "洛阳市人民政府"


def hit(kind: str, text: str, doc_id: str = "d") -> Hit:
    return Hit(ClauseRef(f"{doc_id}/{kind}", doc_id, "x.txt", "文件头", "规划"), "t", 0.1, text, kind=kind)


def test_only_a_header_that_states_the_field_answers():
    clause = hit("clause", "到2025年新建幼儿园100所，2022年5月25日前完成。")
    header = hit("header", HEADER)
    assert header_for("那份规划哪天印发的？", ("date",), [clause, header]) is header
    assert header_for("条例的文号？", ("doc_number",), [hit("header", "北京市学前教育条例")]) is None


def test_another_documents_header_never_answers():
    asked = hit("header", "惠济区教育局文件\n惠教〔2023〕4号", "huiji")
    other = hit("header", HEADER)
    # the document asked about states no date: the other document's date is not its answer
    assert header_for("惠教〔2023〕4号是哪天印发的？", ("date",), [asked, other]) is None
    assert header_for("惠教〔2023〕4号是哪天印发的？", ("date",), [other, asked]) is None  # 文号 quoted


def test_who_signed_a_document_is_read_from_its_header():
    assert asked_fields("洛阳市教育局2022年教育工作要点的签发人是谁？") == ("signer",)
    assert stating_lines("洛阳市教育局文件\n洛教〔2022〕1号\n签发人：于晓峰", "signer") == ["签发人：于晓峰"]
