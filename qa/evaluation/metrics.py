"""Metrics over answered golden questions: pure functions of the answers and the golden items.

Retrieval: hit@k and MRR of the first evidence clause, recall of all evidence in the top k.
Citations: precision (the cited clause supports its sentence), gold precision (the cited clause
is an evidence clause), recall (evidence clauses cited). Answers: key-fact recall over the
answered questions and over all answerable ones (a refusal counts 0); refusal accuracy on
unanswerable items and the false-refusal rate on answerable ones; the absence-claim rate: answerable
items whose answer, or any part of it, says the documents do not give what was asked (a false
"没有给出…" tells staff something untrue about their own files, refused or not).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from statistics import mean

from qa.answer.citations import SUPPORT_THRESHOLD, claim
from qa.answer.text import ABSENCE_CLAIM, support
from qa.evaluation.golden import GoldenItem
from qa.records import Answer

# The breakdowns of every figure: the original set vs the staff-style one, the shape of the
# expected answer, how the question is asked, what a near miss lacks, and the built-in corpus vs
# the documents beyond it.
GROUPINGS = ("origin", "type", "style", "miss", "corpus", "aspect", "level")


# per-item flags whose averages are reported as rates over the answerable items
RATES = {
    "answer.false_refusal": "refusal.false_refusal_rate",
    "answer.absence_claim": "refusal.absence_claim_rate",
}


def first_rank(retrieved: list[str], wanted: Iterable[str]) -> int | None:
    wanted = set(wanted)
    return next((rank for rank, clause_id in enumerate(retrieved, 1) if clause_id in wanted), None)


def item_metrics(item: GoldenItem, answer: Answer) -> dict[str, float]:
    """The per-question values; averages of these are the suite's metrics."""
    values: dict[str, float] = {}
    if item.answerable:
        retrieved = [h.clause_id for h in answer.retrieved]
        rank = first_rank(retrieved, item.evidence_ids)
        for k in (1, 3, 5):
            values[f"retrieval.hit@{k}"] = float(rank is not None and rank <= k)
        values["retrieval.mrr"] = 1.0 / rank if rank else 0.0
        values["retrieval.evidence_recall@5"] = mean(float(e in retrieved[:5]) for e in item.evidence_ids)
        values["answer.false_refusal"] = float(answer.refused)
        values["answer.absence_claim"] = float(bool(ABSENCE_CLAIM.search(answer.answer)))
        # over every answerable question (a refusal states no fact): what a user actually got
        values["answer.key_fact_recall_all"] = 0.0
        if not answer.refused:
            values["answer.key_fact_recall"] = (
                mean(float(f in answer.answer) for f in item.key_facts) if item.key_facts else 1.0
            )
            values["answer.key_fact_recall_all"] = values["answer.key_fact_recall"]
            cited = {c.clause_id for c in answer.citations}
            values["citation.recall"] = mean(float(e in cited) for e in item.evidence_ids)
            if answer.citations:
                values["citation.gold_precision"] = mean(
                    float(c.clause_id in item.evidence_ids) for c in answer.citations
                )
            # each cited sentence against each clause it cites, from the answer's own claims
            supported = []
            for stated in answer.claims:
                for n in stated.citations:
                    citation = answer.citations[n - 1] if 0 < n <= len(answer.citations) else None
                    supported.append(
                        float(
                            citation is not None
                            and support(claim(stated.sentence, citation.locator), citation.text)
                            >= SUPPORT_THRESHOLD
                        )
                    )
            if supported:
                values["citation.precision"] = mean(supported)
    else:
        values["refusal.accuracy"] = float(answer.refused)
    return values


def aggregate(
    items: list[GoldenItem],
    answers: list[Answer],
    clause_text: Callable[[str], str] | None = None,
    extra: list[dict[str, float]] | None = None,
) -> dict[str, float]:
    """Flat keys (`retrieval.hit@5`, …) and the same per type and per style under
    `by_type.<type>.…` and `by_style.<style>.…`, each with its `count`. Given a
    way to look up clause texts, it adds ragas' LLM-free metrics and ROUGE-L (ragas_metrics.py);
    `extra` holds more per-item values (the ragas judge's), averaged the same way."""
    rows = [(item, item_metrics(item, answer)) for item, answer in zip(items, answers, strict=True)]
    for (_, values), more in zip(rows, extra or [{}] * len(rows), strict=True):
        values.update(more)
    if clause_text is not None:
        from qa.evaluation.ragas_metrics import item_scores

        for (item, values), answer in zip(rows, answers, strict=True):
            values.update(item_scores(item, answer, clause_text))

    def average(selected) -> dict[str, float]:
        keys = sorted({k for _, values in selected for k in values})
        return {k: round(mean(v[k] for _, v in selected if k in v), 4) for k in keys}

    result = {RATES.get(k, k): v for k, v in average(rows).items()}
    result["count"] = len(rows)
    for field in GROUPINGS:
        for group in sorted({getattr(item, field) for item in items} - {None}):
            selected = [r for r in rows if getattr(r[0], field) == group]
            for key, value in average(selected).items():
                result[f"by_{field}.{group}.{RATES.get(key, key)}"] = value
            result[f"by_{field}.{group}.count"] = len(selected)
    return result
