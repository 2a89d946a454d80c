import numpy as np

from qa.retrieval.bm25 import BM25Index
from qa.retrieval.tokenizer import get_tokenizer

CLAUSES = [
    "持续完善课后服务体系，提高课后服务质量。",
    "加快推进县管校聘改革和校长职级制改革。",
    "新建、改扩建农村寄宿制学校41所。",
    "深化教育督导体制机制改革。",
]


def index() -> BM25Index:
    tokenize = get_tokenizer()
    return BM25Index([tokenize(c) for c in CLAUSES])


def test_a_question_sharing_only_words_with_one_clause_finds_it():
    hits = index().top(get_tokenizer()("县管校聘怎么推进？"), k=3)
    assert [position for position, _ in hits] == [1]
    assert hits[0][1] > 0


def test_ranks_by_score_and_drops_non_matching_clauses():
    hits = index().top(get_tokenizer()("课后服务和教育督导"), k=4)
    assert [p for p, _ in hits] == [0, 3]
    assert hits[0][1] >= hits[1][1] > 0


def test_a_mask_restricts_the_search():
    mask = np.array([False, True, True, True])
    hits = index().top(get_tokenizer()("课后服务和教育督导"), k=4, mask=mask)
    assert [p for p, _ in hits] == [3]


def test_unknown_words_and_empty_corpora_find_nothing():
    assert index().top(get_tokenizer()("火星探测器"), k=3) == []
    assert BM25Index([]).top(["课后服务"], k=3) == []
