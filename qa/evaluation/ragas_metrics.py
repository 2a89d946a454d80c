"""ragas' metrics that need no LLM, on Chinese text, plus ROUGE-L over jieba tokens (ragas' own
RougeScore drops non-ASCII characters and scores 0 on Chinese; BLEU needs the zh tokenizer)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from qa.answer.text import MARKER
from qa.evaluation.golden import GoldenItem
from qa.records import Answer
from qa.retrieval.tokenizer import get_tokenizer


@lru_cache(maxsize=1)
def _metrics():
    from ragas.metrics import (
        BleuScore,
        NonLLMContextPrecisionWithReference,
        NonLLMContextRecall,
        NonLLMStringSimilarity,
    )

    return {
        "ragas.non_llm_context_precision": NonLLMContextPrecisionWithReference(),
        "ragas.non_llm_context_recall": NonLLMContextRecall(),
        "ragas.string_similarity": NonLLMStringSimilarity(),
        "ragas.bleu_zh": BleuScore(kwargs={"tokenize": "zh"}),
    }


def rouge_l(candidate: str, reference: str) -> float:
    """ROUGE-L F1 over jieba tokens."""
    a, b = get_tokenizer()(candidate), get_tokenizer()(reference)
    if not a or not b:
        return 0.0
    previous = [0] * (len(b) + 1)
    for token in a:
        current = [0]
        for j, other in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if token == other else max(previous[j], current[j - 1]))
        previous = current
    lcs = previous[-1]
    if not lcs:
        return 0.0
    precision, recall = lcs / len(a), lcs / len(b)
    return 2 * precision * recall / (precision + recall)


def item_scores(
    item: GoldenItem, answer: Answer, clause_text: Callable[[str], str], top_k: int = 5
) -> dict[str, float]:
    """Scores for an answered, answerable item (refusals and unanswerable items get none).
    Reference contexts are the evidence clauses' whole texts: ragas compares contexts by string
    similarity, and a short quote never resembles a whole retrieved clause."""
    if not item.answerable or answer.refused:
        return {}
    from ragas.dataset_schema import SingleTurnSample

    response = re.sub(r"\s+", "", MARKER.sub("", answer.answer))
    sample = SingleTurnSample(
        user_input=item.question,
        response=response,
        reference=item.answer,
        retrieved_contexts=[h.text for h in answer.retrieved[:top_k]],
        reference_contexts=[clause_text(clause_id) for clause_id in item.evidence_ids],
    )
    scores = {name: float(metric.single_turn_score(sample)) for name, metric in _metrics().items()}
    scores["answer.rouge_l_jieba"] = rouge_l(response, item.answer)
    return scores
