"""With no place named, the national law answers before a local text that repeats or narrows it."""

from qa.records import ClauseRef, DocumentMeta, Hit
from qa.retrieval.national import national_first
from qa.retrieval.scope import Scope

DOCS = {
    "law": DocumentMeta("law", "中华人民共和国义务教育法", "law.txt", level="法律"),
    "state": DocumentMeta("state", "学校卫生工作条例", "state.txt", level="行政法规"),
    "city": DocumentMeta(
        "city", "上海市实施《中华人民共和国义务教育法》办法", "city.txt", level="地方性法规"
    ),
    "plan": DocumentMeta("plan", "洛阳市教育局2022年教育工作要点", "plan.txt", level="工作要点"),
}


def hit(doc_id: str, score: float, n: int = 1) -> Hit:
    ref = ClauseRef(f"{doc_id}/a{n}", doc_id, f"{doc_id}.txt", f"第{n}条", DOCS[doc_id].title)
    return Hit(ref, "", score, "凡年满六周岁的儿童，其父母应当送其入学。")


def ids(hits: list[Hit]) -> list[str]:
    return [h.clause_id for h in hits]


def test_with_no_place_named_the_law_answers_before_the_local_text_that_repeats_it():
    hits = [hit("city", 0.047), hit("city", 0.045, 2), hit("law", 0.044), hit("state", 0.02)]
    assert ids(national_first(hits, Scope(), DOCS)) == ["law/a1", "city/a1", "city/a2", "state/a1"]


def test_a_national_clause_far_below_the_best_stays_where_retrieval_put_it():
    hits = [hit("city", 0.05), hit("law", 0.02)]  # 0.4 of the best: about something else
    assert national_first(hits, Scope(), DOCS) == hits


def test_a_place_a_document_or_a_year_named_keeps_the_order():
    hits = [hit("city", 0.047), hit("law", 0.044)]
    for scope in (Scope(places=("上海",)), Scope(documents=("上海办法",)), Scope(years=(2022,))):
        assert national_first(hits, scope, DOCS) == hits


def test_work_plans_and_local_texts_alone_keep_their_order():
    hits = [hit("plan", 0.05), hit("city", 0.049)]
    assert national_first(hits, Scope(), DOCS) == hits
