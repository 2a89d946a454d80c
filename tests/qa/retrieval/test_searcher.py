"""Hybrid clause search. Unit tests use a fake embedder; `slow` ones the real model and corpus."""

import pytest

from qa.corpus.loader import load_document
from qa.retrieval import searcher as searcher_module
from qa.retrieval.scope import SearchFilters
from qa.retrieval.searcher import Searcher
from tests.conftest import make_ingestor
from tests.fakes import FakeEmbedder

DOC_A = "甲区教育局2024年工作要点\n\n一、办学条件\n\n1.新建公办幼儿园5所，新增学位1200个。\n\n2.推进县管校聘改革。\n"
DOC_B = "乙县教育局2024年工作要点\n\n一、课后服务\n\n1.课后服务实现义务教育学校全覆盖。\n"


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_search_returns_clauses_with_per_signal_ranks(settings, store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    result = Searcher(settings, store, FakeEmbedder()).search("县管校聘", top_k=2, scoped=False)
    top = result.hits[0]
    assert (top.clause_id, top.locator, top.doc_id) == ("a/s1-c2", "一、2.", "a")
    assert top.ranks["bm25"] == 1 and set(top.ranks) == {"dense", "bm25", "sentence"}
    assert top.sentences[0].text == "2.推进县管校聘改革。" and top.sentences[0].bm25 > 0
    assert top.text == "2.推进县管校聘改革。" and top.doc_title == "甲区教育局2024年工作要点"
    assert set(result.timings_ms) >= {"embed", "dense", "bm25", "sentences", "fuse", "total"}


def test_a_newly_published_generation_is_picked_up(settings, store, tmp_path, monkeypatch):
    monkeypatch.setattr(searcher_module, "_RECHECK_SECONDS", 0.0)
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    searcher = Searcher(settings, store, FakeEmbedder())
    assert "b" not in searcher.catalog.docs
    make_ingestor(store).ingest([load_document(write(tmp_path, "b.txt", DOC_B))])
    hits = searcher.search("课后服务全覆盖", top_k=1, scoped=False).hits
    assert hits[0].doc_id == "b"


def test_explicit_filters_restrict_results(settings, store, tmp_path):
    docs = [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    make_ingestor(store).ingest(docs)
    hits = (
        Searcher(settings, store, FakeEmbedder())
        .search("学校", top_k=5, filters=SearchFilters(doc_ids=("b",)))
        .hits
    )
    assert hits and {h.doc_id for h in hits} == {"b"}


def test_our_fusion_orders_like_llama_index_query_fusion(settings, store, tmp_path):
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever

    docs = [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    make_ingestor(store).ingest(docs)
    hybrid = Searcher(settings, store, FakeEmbedder()).retrievers(top_k=5)
    reference = QueryFusionRetriever(
        list(hybrid.retrievers.values()),
        llm=MockLLM(),
        mode="reciprocal_rerank",
        num_queries=1,
        similarity_top_k=5,
        use_async=False,
    )
    for question in ("县管校聘", "新建幼儿园学位", "课后服务"):
        ours = [n.node.node_id for n in hybrid.retrieve(question)]
        theirs = [n.node.node_id for n in reference.retrieve(question)]
        assert ours == theirs


# -- the real model on the real corpus ---------------------------------------------------------

EXPECTED = [
    ("洛阳今年要新建多少所农村寄宿制学校？", "luoyang-2022-work-points/s5-c29"),
    ("衡阳怎么推进双减？", "hengyang-2022-work-points/s2-c6"),
    ("惠济区“官方带娃”服务", "huiji-2023-work-points/s7-c24"),
    ("县管校聘", "luoyang-2022-work-points/s5-c24"),
    ("邯郸的12881总体工作思路是什么", "handan-2022-work-points/preamble"),
    ("十四五期间要新建改扩建多少所幼儿园", "luoyang-14th-five-year-plan/box2"),
    ("洛阳2022年教育工作要点的文号", "luoyang-2022-work-points/header"),
]


@pytest.mark.slow
@pytest.mark.parametrize(("question", "clause_id"), EXPECTED)
def test_real_search_finds_the_clause_in_the_top_3(searcher, question, clause_id):
    hits = searcher.search(question, top_k=3).hits
    assert clause_id in [h.clause_id for h in hits], [(h.clause_id, h.score) for h in hits]


@pytest.mark.slow
def test_real_search_scopes_to_the_named_city(searcher):
    result = searcher.search("衡阳的课后服务有什么要求？", top_k=5)
    assert result.scope.places == ("衡阳",)
    assert {h.doc_id for h in result.hits} == {"hengyang-2022-work-points"}


@pytest.mark.slow
def test_real_search_finds_a_paraphrase_by_meaning(searcher):
    # shares almost no words with 六、31. 加强教师思想政治和师德师风建设
    hits = searcher.search(
        "怎样提高老师的职业道德", top_k=5, filters=SearchFilters(doc_ids=("luoyang-2022-work-points",))
    ).hits
    assert "luoyang-2022-work-points/s6-c31" in [h.clause_id for h in hits]
    top = next(h for h in hits if h.clause_id == "luoyang-2022-work-points/s6-c31")
    assert top.ranks["dense"] is not None


SWIMMING = "孩子下河游泳的事学校要管吗？"
DROWNING = "hengyang-2022-work-points/s1-c4"  # …继续推进校车、消防、禁毒防艾、防溺水…等专项教育


@pytest.mark.slow
def test_a_word_staff_taught_brings_its_clause_first(searcher):
    """Taught 下河游泳 → 防溺水, the clause that says 防溺水 is first: meaning search reads the
    question in the documents' words, and the clauses holding them are a signal of their own
    (before, BM25 alone found it, fourth after fusion)."""
    from qa.retrieval import tokenizer

    before = searcher.search(SWIMMING, top_k=5).hits
    assert before[0].clause_id != DROWNING and "taught" not in before[0].ranks
    tokenizer.set_custom_synonyms({"下河游泳": ("防溺水",)})
    try:
        hits = searcher.search(SWIMMING, top_k=5).hits
    finally:
        tokenizer.set_custom_synonyms({})
    assert hits[0].clause_id == DROWNING, [(h.clause_id, h.ranks) for h in hits]
    assert hits[0].ranks["taught"] == 1 and hits[0].ranks["dense"] < before_rank(before, DROWNING, "dense")


def before_rank(hits, clause_id: str, signal: str) -> int:
    found = next((h for h in hits if h.clause_id == clause_id), None)
    return (found.ranks.get(signal) if found else None) or 10**6


def test_a_clause_is_read_among_its_section_neighbours(searcher):
    section = searcher.catalog.section("luoyang-2022-work-points/s5-c29")
    # 五、30. ends section 五: its neighbours never cross into the next section
    assert [e.clause.locator for e in section] == ["五、27.", "五、28.", "五、29.", "五、30."]
    first = searcher.catalog.section("luoyang-2022-work-points/s1-c1", radius=1)
    assert [e.clause.locator for e in first] == ["一、1.", "一、2."]  # nothing before the section's first
    assert searcher.catalog.section("no/such-clause") == []


def test_one_bad_record_in_the_index_does_not_take_the_others_down(settings, store, tmp_path):
    """A record written before manifests were typed (city = ["衡阳", "长沙"]) is skipped."""
    import json

    make_ingestor(store).ingest(
        [load_document(write(tmp_path, "a.txt", DOC_A)), load_document(write(tmp_path, "b.txt", DOC_B))]
    )
    collection = store.require_active()
    bad = collection.get(where={"$and": [{"doc_id": "b"}, {"window": 0}]}, include=["metadatas"])
    for row_id, metadata in zip(bad["ids"], bad["metadatas"], strict=True):
        doc = json.loads(metadata["doc_json"]) | {"city": ["衡阳", "长沙"]}
        collection.update(ids=[row_id], metadatas=[{**metadata, "doc_json": json.dumps(doc)}])
    searcher = Searcher(settings, store, FakeEmbedder())
    assert set(searcher.catalog.docs) == {"a"}
    assert searcher.search("县管校聘", top_k=2).hits[0].doc_id == "a"


def test_a_reader_whose_generation_was_dropped_retries_once_on_the_newest(
    settings, store, tmp_path, monkeypatch
):
    monkeypatch.setattr(searcher_module, "_RECHECK_SECONDS", 3600.0)  # it would not look on its own
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    searcher = Searcher(settings, store, FakeEmbedder())
    assert searcher.search("县管校聘", top_k=1).hits  # holds generation 1
    store.grace_seconds = 0.0  # dropped as soon as it is superseded
    make_ingestor(store).ingest([load_document(write(tmp_path, "b.txt", DOC_B))])
    result = searcher.search("课后服务", top_k=1)
    assert result.hits[0].doc_id == "b"


def test_a_query_racing_the_deletion_of_its_generation_is_retried_on_the_newest():
    """Chroma returns rows without metadata while it deletes a collection under a query."""
    import pytest

    from qa.retrieval.retrievers import CollectionChanged, _rows

    with pytest.raises(CollectionChanged):
        _rows({"metadatas": [[{"clause_id": "a/s1-c1"}, None]]})
    assert searcher_module._vanished(CollectionChanged("changed"))
    assert _rows({"metadatas": [[{"clause_id": "a/s1-c1"}]]}) == [{"clause_id": "a/s1-c1"}]


def test_a_question_written_for_a_clause_finds_it_in_words_the_clause_never_uses(settings, store, tmp_path):
    document = load_document(write(tmp_path, "a.txt", DOC_A))
    ingestor = make_ingestor(store)
    ingestor.questions = lambda d: {"a/s1-c1": ("家门口上幼儿园的名额会多吗？",)}
    ingestor.ingest([document])
    searcher = Searcher(settings, store, FakeEmbedder())
    top = searcher.search("家门口上幼儿园的名额会多吗", top_k=5, scoped=False).hits[0]
    assert top.clause_id == "a/s1-c1" and top.ranks["questions"] == 1
    # the question is only a way to the clause: the hit carries the clause's own words
    assert top.text == "1.新建公办幼儿园5所，新增学位1200个。"
    assert all("名额" not in s.text for s in top.sentences)


def test_only_a_near_paraphrase_of_a_written_question_counts(settings, store, tmp_path):
    ingestor = make_ingestor(store)
    ingestor.questions = lambda d: {"a/s1-c1": ("家门口上幼儿园的名额会多吗？",)}
    ingestor.ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    hits = Searcher(settings, store, FakeEmbedder()).search("县管校聘改革", top_k=5, scoped=False).hits
    assert all(hit.ranks.get("questions") is None for hit in hits)


def test_an_index_without_questions_fuses_the_three_signals_as_before(settings, store, tmp_path):
    make_ingestor(store).ingest([load_document(write(tmp_path, "a.txt", DOC_A))])
    chain = Searcher(settings, store, FakeEmbedder()).retrievers(top_k=5)
    assert set(chain.retrievers) == {"dense", "bm25", "sentence"}
