"""How strongly the retrieved clauses support answering a question: decided from retrieval
evidence, never from what an LLM says (a small model answers whatever it is asked)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qa.answer.question import has_fact, mentions
from qa.answer.text import sentences
from qa.records import Hit


@dataclass(frozen=True)
class EvidenceStrength:
    coverage: float  # IDF-weighted share of the question's content words found in one top clause
    sentence_coverage: float  # the same within one or two adjacent sentences: words that belong together
    dense: float  # cosine similarity of the best clause by meaning
    agreement: bool  # the best clause was found by both meaning and words
    missing: tuple[str, ...]  # content words no top clause contains

    def to_dict(self) -> dict:
        return {
            "coverage": round(self.coverage, 3),
            "sentence_coverage": round(self.sentence_coverage, 3),
            "dense": round(self.dense, 3),
            "agreement": self.agreement,
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class RefusalPolicy:
    """Answer when the question's words stand together in one passage, or when the meaning is
    close and the words mostly there. Thresholds calibrated on the development questions
    (eval/calibrate_refusal.py, figures in eval/calibration.md)."""

    min_sentence_coverage: float = 0.85
    min_dense: float = 0.77
    min_coverage_with_dense: float = 0.3

    def answerable(self, strength: EvidenceStrength) -> bool:
        if strength.sentence_coverage >= self.min_sentence_coverage:
            return True
        return strength.dense >= self.min_dense and strength.coverage >= self.min_coverage_with_dense


def weighted_coverage(tokens: list[str], text: str, idf: Callable[[str], float]) -> float:
    total = sum(idf(t) for t in tokens)
    return sum(idf(t) for t in tokens if mentions(t, text)) / total if total else 0.0


def _passages(text: str) -> list[str]:
    parts = sentences(text)
    return parts + ["".join(parts[i : i + 2]) for i in range(len(parts) - 1)]


def measure(
    tokens: list[str], hits: list[Hit], idf: Callable[[str], float], kind: str = "open", depth: int = 3
) -> EvidenceStrength:
    """`kind` is the answer type: a number or date question is only answered by a passage that
    states a number or a date, however well its words match."""
    top = hits[:depth]
    if not top:
        return EvidenceStrength(0.0, 0.0, 0.0, False, tuple(tokens))
    coverage = max(weighted_coverage(tokens, hit.text, idf) for hit in top) if tokens else 0.0
    passages = [p for hit in top for p in _passages(hit.text) or [hit.text]]
    if kind in ("number", "date"):
        passages = [p for p in passages if has_fact(p, kind)]
    sentence_coverage = (
        max((weighted_coverage(tokens, p, idf) for p in passages), default=0.0) if tokens else 0.0
    )
    dense = max((hit.signal_scores.get("dense", 0.0) for hit in top), default=0.0)
    agreement = all(rank is not None for rank in top[0].ranks.values())
    missing = tuple(t for t in tokens if not any(mentions(t, hit.text) for hit in top))
    return EvidenceStrength(coverage, sentence_coverage, dense, agreement, missing)
