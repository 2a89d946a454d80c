"""Baselines are measured the way the pipeline is: a passage counts when it is an evidence clause
or contains the evidence quote, even after the source's noise or a chunk boundary."""

import pytest

from qa.evaluation.baselines import (
    NaiveChunks,
    Passage,
    clause_designs,
    compare,
    contains_evidence,
    retrieval_metrics,
)
from qa.evaluation.golden import GoldenItem
from qa.records import Answer
from tests.fakes import FakeEmbedder

QUOTE = "新建、改扩建农村寄宿制学校41所"
ITEM = GoldenItem(
    "q1", "dev", "fact", "洛阳新建多少所农村寄宿制学校？", "41所", (("ly/c29", QUOTE),), ("41所",)
)
NONE = GoldenItem("u1", "dev", "unanswerable", "寒假放几天？", "", (), ())


def test_an_evidence_clause_counts_by_its_id_whatever_its_text():
    assert contains_evidence(Passage("别的文字", "ly/c29"), ITEM)


def test_a_chunk_counts_when_it_contains_the_quote_after_normalization():
    noisy = "2022年新建、改擴建農村\n寄宿制學校41所。"  # traditional characters, a broken line
    assert contains_evidence(Passage(noisy), ITEM)


def test_a_quote_cut_by_a_chunk_boundary_counts_when_enough_of_it_is_there():
    long_quote = "持续打好双减攻坚落实战，继续把双减工作作为重中之重，推动教学质量提升"
    item = GoldenItem("q2", "dev", "fact", "q", "a", (("ly/c1", long_quote),), ())
    assert contains_evidence(Passage("……继续把双减工作作为重中之重，推动教学质量"), item)
    assert not contains_evidence(Passage("双减工作"), item)


def test_an_unrelated_passage_does_not_count():
    assert not contains_evidence(Passage("推进学前教育普及普惠发展", "ly/c1"), ITEM)


def test_retrieval_metrics_rank_the_first_passage_with_evidence_and_skip_unanswerable_items():
    ranked = [[Passage("无关"), Passage("无关"), Passage(QUOTE)], [Passage("寒假")]]
    metrics = retrieval_metrics([ITEM, NONE], ranked)
    assert metrics["retrieval.hit@1"] == 0.0
    assert metrics["retrieval.hit@3"] == 1.0
    assert metrics["retrieval.mrr"] == pytest.approx(1 / 3, abs=1e-3)
    assert metrics["retrieval.top5_chars"] == 2 + 2 + len(QUOTE)


def test_the_naive_design_chunks_the_raw_text_with_llama_index_and_finds_by_meaning(corpus):
    naive = NaiveChunks(list(corpus.values()), FakeEmbedder())
    assert naive.chunks > len(corpus)  # SentenceSplitter's 1024-token chunks: several per document
    chunk = naive.index.docstore.docs[list(naive.index.docstore.docs)[5]].get_content()
    passages = naive.retrieve(chunk, top_k=3)
    assert len(passages) == 3 and all(p.clause_id is None for p in passages)
    assert passages[0].text == chunk  # the same embedder's vector of a chunk finds that chunk first
    originals = "".join(doc.original for doc in corpus.values())
    assert all(p.text.splitlines()[0] in originals for p in passages)  # raw text, not repaired


@pytest.mark.slow
def test_the_comparison_measures_every_design_and_the_pipeline_on_the_same_questions(answer_service):
    item = GoldenItem(
        "q1",
        "dev",
        "fact",
        "洛阳2022年新建、改扩建多少所农村寄宿制学校？",
        "41所",
        (("luoyang-2022-work-points/s5-c29", "新建、改扩建农村寄宿制学校41所"),),
        (),
    )
    answer = answer_service.answer(item.question)
    designs = clause_designs(answer_service.searcher)
    table = compare([item, NONE], [answer, Answer("u", "", True, "extractive", [], [])], designs)
    assert list(table) == ["bm25", "dense", "pipeline"]
    assert table["pipeline"]["retrieval.hit@5"] == 1.0
    assert table["bm25"]["retrieval.hit@5"] == 1.0
    assert all(values["retrieval.top5_chars"] > 0 for values in table.values())
