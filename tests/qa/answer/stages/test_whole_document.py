"""Before the judge says a document does not give the asked value, it reads the rest of the document
the scope chose: the value may sit in a clause the search ranked below the top ones."""

from qa.answer.evidence import weighted_coverage
from qa.answer.slot import read_slot
from qa.answer.stages.judge import Judge
from qa.answer.stages.records import Evidence, EvidenceGroup, Understanding
from qa.records import ClauseRef, DocumentMeta, Hit
from qa.retrieval.scope import SearchFilters

QUESTION = "幼儿园搞小学化教学，最多罚多少钱？"
DUTY = "第三十条 幼儿园不得使用小学化教育方式，不得教授小学教育内容。"
PENALTY = "第七十四条 幼儿园使用小学化教育方式、教授小学教育内容的，处五千元以上三万元以下罚款。"
DOC = DocumentMeta("sd", "山东省学前教育条例", "sd.txt", year=2021)


def hit(clause_id: str, text: str) -> Hit:
    return Hit(
        ClauseRef(f"sd/{clause_id}", "sd", "sd.txt", clause_id, DOC.title),
        text[:20],
        0.03,
        text,
        kind="article",
    )


def evidence(document_clauses: list[Hit]) -> Evidence:
    understanding = Understanding(
        question=QUESTION,
        asked=QUESTION,
        resolved=None,
        answer_type="number",
        filters=SearchFilters(),
        top_k=5,
        slot=read_slot(QUESTION),
    )
    tokens = ["幼儿园", "小学化", "教学"]
    top = [hit("a30", DUTY)]
    return Evidence(
        understanding,
        top,
        [EvidenceGroup(None, top)],
        "山东",
        tokens,
        lambda token: 2.0,
        documents={"sd": DOC},
        document_clauses=document_clauses,
    )


def test_a_value_lower_in_the_chosen_document_answers_instead_of_a_false_not_stated():
    assert weighted_coverage(["幼儿园", "小学化"], PENALTY, lambda t: 1.0) > 0
    alone = Judge().run(evidence([]))
    assert alone.request is None  # the duty alone states no amount: refused
    read_whole = Judge().run(evidence([hit("a74", PENALTY), hit("a30", DUTY)]))
    assert read_whole.request is not None
    assert read_whole.request.evidence[0].clause_id == "sd/a74"  # the penalty leads


def test_each_compared_party_s_document_is_read_whole_before_it_is_said_to_lack_the_value():
    """ "山东：文件没有给出具体金额" would be false of Shandong's document: its penalty ranks low."""
    both = Evidence(
        evidence([]).understanding,
        [hit("a30", DUTY)],
        [
            EvidenceGroup("山东", [hit("a30", DUTY)], document_clauses=[hit("a74", PENALTY)]),
            EvidenceGroup("北京", [hit("a30", DUTY)], document_clauses=[hit("a30", DUTY)]),
        ],
        "山东、北京",
        ["幼儿园", "小学化", "教学"],
        lambda token: 2.0,
        documents={"sd": DOC},
    )
    judged = {g.group.label: g for g in Judge().run(both).groups}
    assert judged["山东"].answerable and judged["山东"].group.hits[0].clause_id == "sd/a74"
    assert not judged["北京"].answerable  # its whole document states no amount either
