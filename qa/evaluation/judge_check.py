"""Check the ragas judge before believing it: cases whose verdict is known by construction.

For each LLM-judged metric, pairs built from the golden set's dev items and their clauses:
- faithfulness: a verbatim extract of the clause (faithful) / the same with its number changed
  (unfaithful), the clause as context;
- answer relevancy: the question with the sentence that answers it (relevant) / with the answer
  to another question (irrelevant);
- context precision: the question with its gold clause as context (precise) / with an unrelated
  clause (not);
- context recall: the reference answer with its gold clause (recalled) / with an unrelated clause
  (not).
The judge agrees on a case when its score falls on the expected side of the metric's verdict
threshold; a case it could not score counts as a disagreement. Below `RELIABLE` agreement, every
figure of that metric is reported as unreliable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from qa.config import REPO_ROOT
from qa.evaluation import golden
from qa.evaluation.golden import GoldenItem
from qa.evaluation.ragas_judge import METRICS

RELIABLE = 0.8
# Faithfulness, context precision and recall are shares of the judge's yes/no verdicts: 0.5 splits
# them. Answer relevancy is the cosine between the question and questions the judge derives from the
# answer; under m3e-small unrelated questions of this domain already score 0.62–0.78 (a paraphrase
# ~0.98), so the split for "relevant" sits above that floor.
VERDICT_THRESHOLD = {
    "faithfulness": 0.5,
    "answer_relevancy": 0.85,
    "context_precision": 0.5,
    "context_recall": 0.5,
}
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class JudgeCase:
    metric: str
    kind: str  # what was constructed, e.g. "number changed"
    item_id: str
    question: str
    response: str
    contexts: tuple[str, ...]
    reference: str
    expected: bool  # True: the score should be high (faithful, relevant, precise, recalled)


def change_number(text: str) -> str:
    """The text with its last number replaced by a different one (41 → 130): no longer what the
    clause says."""
    matches = list(_NUMBER.finditer(text))
    if not matches:
        raise ValueError(f"no number in {text!r}")
    last = matches[-1]
    return text[: last.start()] + str(int(last.group()) * 3 + 7) + text[last.end() :]


def build_cases(
    items: list[GoldenItem], clause_text: Callable[[str], str], per_side: int = 3
) -> list[JudgeCase]:
    """2 × `per_side` cases per metric (positive and negative), from fact items whose first
    evidence quote states a number (so it answers the question on its own); the "unrelated" clause is the next chosen item's, taken from
    another document."""
    chosen = [
        item
        for item in items
        if item.type == "fact" and _NUMBER.search(item.evidence[0][1]) and item.previous is None
    ]
    # one item per document in turn, so neighbours come from different documents
    by_doc: dict[str, list[GoldenItem]] = {}
    for item in chosen:
        by_doc.setdefault(item.evidence[0][0].split("/")[0], []).append(item)
    spread = [
        group[i]
        for i in range(max(map(len, by_doc.values()), default=0))
        for group in by_doc.values()
        if i < len(group)
    ]
    needed = per_side * len(METRICS)
    if len(spread) < needed + 1:
        raise ValueError(
            f"need {needed + 1} answerable items with a number in their quote, found {len(spread)}"
        )
    cases = []
    for n, metric in enumerate(METRICS):
        for k in range(per_side):
            item = spread[n * per_side + k]
            other = next(o for o in spread[n * per_side + k + 1 :] + spread if _doc(o) != _doc(item))
            clause_id, quote = item.evidence[0]
            clause, unrelated = clause_text(clause_id), clause_text(other.evidence[0][0])
            base = dict(metric=metric, item_id=item.id, question=item.question, reference=item.answer)
            if metric == "faithfulness":
                cases.append(
                    JudgeCase(
                        kind="verbatim extract", response=quote, contexts=(clause,), expected=True, **base
                    )
                )
                cases.append(
                    JudgeCase(
                        kind="number changed",
                        response=change_number(quote),
                        contexts=(clause,),
                        expected=False,
                        **base,
                    )
                )
            elif metric == "answer_relevancy":
                cases.append(
                    JudgeCase(kind="its own answer", response=quote, contexts=(), expected=True, **base)
                )
                cases.append(
                    JudgeCase(
                        kind="another question's answer",
                        response=other.evidence[0][1],
                        contexts=(),
                        expected=False,
                        **base,
                    )
                )
            else:
                cases.append(
                    JudgeCase(kind="gold clause", response="", contexts=(clause,), expected=True, **base)
                )
                cases.append(
                    JudgeCase(
                        kind="unrelated clause", response="", contexts=(unrelated,), expected=False, **base
                    )
                )
    return cases


def build_cases_for(clause_text: Callable[[str], str]) -> list[JudgeCase]:
    """The standard check: built from the dev split (the test split is never read to build it)."""
    return build_cases(golden.for_tuning("dev"), clause_text)


def _doc(item: GoldenItem) -> str:
    return item.evidence[0][0].split("/")[0]


@dataclass(frozen=True)
class CaseResult:
    case: JudgeCase
    score: float | None

    @property
    def agrees(self) -> bool:
        if self.score is None:
            return False
        return (self.score >= VERDICT_THRESHOLD[self.case.metric]) == self.case.expected

    def to_dict(self) -> dict:
        return {**asdict(self.case), "score": self.score, "agrees": self.agrees}


def run(judge, cases: list[JudgeCase], progress: Callable[[int], None] | None = None) -> list[CaseResult]:
    """Score every case with `judge` (a RagasJudge, or anything with its `score`)."""
    results = []
    for case in cases:
        score = judge.score(
            case.metric,
            case.question,
            case.response,
            list(case.contexts),
            case.reference,
            f"check:{case.item_id}",
        )
        results.append(CaseResult(case, score))
        if progress:
            progress(1)
    return results


def agreement(results: list[CaseResult]) -> dict[str, float]:
    """`judge.agreement.<metric>`, `judge.cases.<metric>` and `judge.reliable.<metric>` (1/0)."""
    figures: dict[str, float] = {}
    for metric in METRICS:
        mine = [r for r in results if r.case.metric == metric]
        if not mine:
            continue
        share = sum(r.agrees for r in mine) / len(mine)
        figures[f"judge.agreement.{metric}"] = round(share, 4)
        figures[f"judge.cases.{metric}"] = len(mine)
        figures[f"judge.reliable.{metric}"] = float(share >= RELIABLE)
    return figures


def report(results: list[CaseResult], figures: dict[str, float]) -> str:
    lines = [
        "| metric | agreement | cases | verdict threshold | reliable |",
        "| --- | --- | --- | --- | --- |",
    ]
    for metric in METRICS:
        if f"judge.agreement.{metric}" in figures:
            lines.append(
                f"| {metric} | {figures[f'judge.agreement.{metric}']:.2f} | {figures[f'judge.cases.{metric}']} | "
                f"{VERDICT_THRESHOLD[metric]} | {'yes' if figures[f'judge.reliable.{metric}'] else 'NO'} |"
            )
    lines += [
        "",
        "| metric | case | item | expected | score | agrees |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        score = "no score" if r.score is None else f"{r.score:.2f}"
        expected = "high" if r.case.expected else "low"
        lines.append(
            f"| {r.case.metric} | {r.case.kind} | {r.case.item_id} | {expected} | {score} | {'yes' if r.agrees else 'no'} |"
        )
    return "\n".join(lines)


def write(folder: Path | None, title: str, results: list[CaseResult], errors: list[str]) -> Path:
    """judge_check.md (the tables) and judge_check.json (figures, every case, the judge's errors)."""
    folder = folder or REPO_ROOT / "eval" / "reports" / "judge-check"
    folder.mkdir(parents=True, exist_ok=True)
    figures = agreement(results)
    (folder / "judge_check.md").write_text(f"# {title}\n\n{report(results, figures)}\n", encoding="utf-8")
    data = {"figures": figures, "cases": [r.to_dict() for r in results], "errors": errors}
    (folder / "judge_check.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return folder
