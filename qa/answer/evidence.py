"""How strongly the retrieved clauses support answering a question: decided from retrieval
evidence, never from what an LLM says (a small model answers whatever it is asked)."""

from __future__ import annotations

import re
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
    sentence_dense: float = 0.0  # cosine similarity of the best single sentence by meaning
    bm25: float = 0.0  # the best clause's BM25 score per unit of the question's word weight
    fact_match: float = 1.0  # a number/date question: a matching sentence states one, in the asked unit
    year_match: float = 1.0  # the years the question names are the evidence's years
    rarest_found: float = 1.0  # the question's rarest content word (highest IDF) is in the evidence

    def features(self) -> dict[str, float]:
        """The signals as numbers, for the fitted answerability model."""
        return {
            "coverage": self.coverage,
            "sentence_coverage": self.sentence_coverage,
            "dense": self.dense,
            "sentence_dense": self.sentence_dense,
            "bm25": self.bm25,
            "agreement": float(self.agreement),
            "fact_match": self.fact_match,
            "year_match": self.year_match,
            "rarest_found": self.rarest_found,
        }

    @classmethod
    def from_features(cls, values: dict[str, float]) -> EvidenceStrength:
        """The strength `features()` describes (the missing words are not among them)."""
        return cls(
            values["coverage"],
            values["sentence_coverage"],
            values["dense"],
            bool(values["agreement"]),
            (),
            values["sentence_dense"],
            values["bm25"],
            values["fact_match"],
            values["year_match"],
            values["rarest_found"],
        )

    def to_dict(self) -> dict:
        return {
            **{name: round(value, 3) for name, value in self.features().items()},
            "agreement": self.agreement,
            "missing": list(self.missing),
        }


@dataclass(frozen=True)
class RefusalPolicy:
    """The hand-set rules the fitted model (answerability.py) replaced, kept for tests and as a
    fallback when no fitted model is installed. Answer when the question's words stand together in one passage, or when the meaning is
    close and the words mostly there. (Its thresholds were calibrated on the development questions
    by a grid search, since replaced by eval/fit_answerability.py.)"""

    min_sentence_coverage: float = 0.85
    min_dense: float = 0.77
    min_coverage_with_dense: float = 0.3

    def answerable(self, strength: EvidenceStrength) -> bool:
        if strength.sentence_coverage >= self.min_sentence_coverage:
            return True
        return strength.dense >= self.min_dense and strength.coverage >= self.min_coverage_with_dense

    def confidence(self, strength: EvidenceStrength) -> float:
        """Hand-set rules know no probability: certain either way."""
        return 1.0 if self.answerable(strength) else 0.0


def weighted_coverage(tokens: list[str], text: str, idf: Callable[[str], float]) -> float:
    total = sum(idf(t) for t in tokens)
    return sum(idf(t) for t in tokens if mentions(t, text)) / total if total else 0.0


def _passages(text: str) -> list[str]:
    parts = sentences(text)
    return parts + ["".join(parts[i : i + 2]) for i in range(len(parts) - 1)]


_UNIT = re.compile(
    r"(?:多少|几)(?:个|名)?(所|名|人|个|套|项|次|场|届|家|条|门|节|课时|学时|小时|分钟|天|元|万|亿|分|岁|年|班)"
)
_YEAR = re.compile(r"(?<![\d〔\[［(（])(20\d{2})(?![\d〕\]］)）])")  # not the year of a 文号 〔2022〕


def asked_unit(question: str) -> str | None:
    """What a number question counts (多少所 → 所, 几个学时 → 学时, 比例 → %), if it says."""
    if match := _UNIT.search(question):
        return match.group(1)
    if "多久" in question or "多长时间" in question:
        return "时长"
    if any(word in question for word in ("比例", "比率", "占比", "百分之", "率")):
        return "%"
    return None


def _states(text: str, unit: str) -> bool:
    if unit == "时长":
        return bool(
            re.search(
                r"[\d一二三四五六七八九十两半]+\s*(?:个)?(?:小时|分钟|天|周|个月|月|年|学时|课时)", text
            )
        )
    if unit == "%":
        return bool(re.search(r"\d\s*[%％]|百分之|\d+(?:\.\d+)?个百分点", text))
    return bool(re.search(rf"[\d一二三四五六七八九十两百千万]+(?:\.\d+)?\s*(?:多|余)?{unit}", text))


def _fact_match(question: str, kind: str, passages: list[str]) -> float:
    if kind not in ("number", "date"):
        return 1.0
    unit = asked_unit(question) if kind == "number" else None
    if unit is not None and any(_states(p, unit) for p in passages):
        return 1.0
    stated = [p for p in passages if has_fact(p, kind)]
    if not stated:
        return 0.0
    return 1.0 if unit is None else 0.5  # a number, but not of what was asked


def _year_match(question: str, hits: list[Hit]) -> float:
    years = set(_YEAR.findall(question))
    if not years:
        return 1.0
    said = [y for y in years if any(f"{y}年" in h.text or y in h.doc_title for h in hits)]
    return len(said) / len(years)


def measure(
    tokens: list[str],
    hits: list[Hit],
    idf: Callable[[str], float],
    kind: str = "open",
    depth: int = 3,
    question: str = "",
) -> EvidenceStrength:
    """`kind` is the answer type: a number or date question is only answered by a passage that
    states a number or a date, however well its words match."""
    top = hits[:depth]
    if not top:
        return EvidenceStrength(
            0.0, 0.0, 0.0, False, tuple(tokens), fact_match=0.0, year_match=0.0, rarest_found=0.0
        )
    coverage = max(weighted_coverage(tokens, hit.text, idf) for hit in top) if tokens else 0.0
    passages = [p for hit in top for p in _passages(hit.text) or [hit.text]]
    # the passages that say what was asked about: where a fact, if any, must be
    relevant = [p for p in passages if weighted_coverage(tokens, p, idf) >= 0.5] if tokens else passages
    fact_match = _fact_match(question, kind, relevant)
    if kind in ("number", "date"):
        passages = [p for p in passages if has_fact(p, kind)]
    sentence_coverage = (
        max((weighted_coverage(tokens, p, idf) for p in passages), default=0.0) if tokens else 0.0
    )
    sentence_dense = max((s.dense for hit in top for s in hit.sentences), default=0.0)
    weight = sum(idf(t) for t in tokens) or 1.0
    bm25 = max((hit.signal_scores.get("bm25", 0.0) for hit in top), default=0.0) / weight
    dense = max((hit.signal_scores.get("dense", 0.0) for hit in top), default=0.0)
    agreement = all(top[0].ranks.get(signal) is not None for signal in ("dense", "bm25"))
    missing = tuple(t for t in tokens if not any(mentions(t, hit.text) for hit in top))
    return EvidenceStrength(
        coverage,
        sentence_coverage,
        dense,
        agreement,
        missing,
        sentence_dense,
        bm25,
        fact_match,
        _year_match(question, top),
        0.0 if tokens and max(tokens, key=idf) in missing else 1.0,
    )
