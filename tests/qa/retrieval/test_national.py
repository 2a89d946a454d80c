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


LAW = (
    "中华人民共和国义务教育法\n\n（2006年6月29日第十届全国人民代表大会常务委员会第二十二次会议修订）\n\n"
    "第一条 为了保障适龄儿童、少年接受义务教育的权利，制定本法。\n\n"
    "第十一条 凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育；"
    "条件不具备的地区的儿童，可以推迟到七周岁。\n"
)
MEASURES = (
    "浙江省实施《中华人民共和国义务教育法》办法\n\n（2009年9月25日浙江省第十一届人民代表大会常务委员会第十三次会议通过）\n\n"
    "第一条 根据《中华人民共和国义务教育法》，结合本省实际，制定本办法。\n\n"
    "第十一条 凡年满六周岁的儿童，其父母或者其他法定监护人应当送其入学接受并完成义务教育。\n"
)


def test_a_search_naming_no_place_ranks_the_law_before_the_measures_that_repeat_it(settings, store, tmp_path):
    from qa.corpus.loader import load_document
    from qa.retrieval.searcher import Searcher
    from tests.conftest import make_ingestor
    from tests.fakes import FakeEmbedder

    paths = []
    for name, text in (("law.txt", LAW), ("measures.txt", MEASURES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(tmp_path / name)
    make_ingestor(store).ingest([load_document(p) for p in paths])
    searcher = Searcher(settings, store, FakeEmbedder())
    assert searcher.search("孩子满几岁要入学接受义务教育？", top_k=4).hits[0].doc_id == "law"
    placed = searcher.search("浙江孩子满几岁要入学接受义务教育？", top_k=4).hits
    assert {h.doc_id for h in placed} == {"measures"}  # a place named: its own text
