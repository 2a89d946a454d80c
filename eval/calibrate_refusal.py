"""Calibrate the refusal thresholds on the development split of the golden set.

For every dev question it records the evidence strength the answer service measures. The right
decision is to answer when the question is answerable *and* retrieval found its evidence (an
answer built on the wrong clauses is wrong whatever it says), else to refuse. A grid search picks
RefusalPolicy's thresholds with the best balanced accuracy: the mean of refusal accuracy (on
questions to refuse) and 1 - false-refusal rate (on questions to answer), so that neither kind of
mistake is bought with the other; ties go to plain accuracy. It also prints the trade-off the grid
offers (for each refusal accuracy, the fewest false refusals).

    .venv/bin/python eval/calibrate_refusal.py [--data-dir DIR]

It reads the dev split only (over the evaluation index: the built-in corpus and eval/data/docs/);
`--split test` is refused, since the test split is frozen and only measured.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.answer.evidence import RefusalPolicy  # noqa: E402
from qa.answer.service import AnswerService  # noqa: E402
from qa.config import Settings, go_offline  # noqa: E402
from qa.evaluation import corpus, golden  # noqa: E402


def main() -> None:
    go_offline()
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--split", default="dev")
    args = parser.parse_args()
    try:
        items = golden.for_tuning(args.split)
    except golden.SplitError as error:
        parser.error(str(error))
    service = AnswerService(corpus.build_index(Settings.from_env(data_dir=args.data_dir)))
    rows = []
    for item in items:
        history = [item.previous] if item.previous else None
        prepared = service.prepare(item.question, None, None, history)
        # a question is refused when every group lacks evidence: keep the strongest group
        strength = max(prepared.strengths, key=lambda s: (s.sentence_coverage, s.dense))
        found = {h.clause_id for h in prepared.hits}
        retrieved = bool(item.evidence) and item.evidence_ids[0] in found
        rows.append((item.id, retrieved, strength))
        print(
            item.id,
            item.type,
            "retrieved" if retrieved else "-",
            json.dumps(strength.to_dict(), ensure_ascii=False),
        )

    scored = []
    for sentence, dense, coverage in itertools.product(
        [x / 20 for x in range(8, 20)], [x / 100 for x in range(70, 90)], [x / 10 for x in range(2, 10)]
    ):
        policy = RefusalPolicy(sentence, dense, coverage)
        decisions = [(answerable, policy.answerable(s)) for _, answerable, s in rows]
        answerable = [d for a, d in decisions if a]
        unanswerable = [d for a, d in decisions if not a]
        false_refusals = answerable.count(False) / max(1, len(answerable))
        refusal_accuracy = unanswerable.count(False) / max(1, len(unanswerable))
        accuracy = sum(a == d for a, d in decisions) / len(decisions)
        scored.append(
            (
                (round((refusal_accuracy + 1 - false_refusals) / 2, 6), accuracy),
                policy,
                false_refusals,
                refusal_accuracy,
                accuracy,
            )
        )
    # The trade-off the grid offers: for each refusal accuracy, the fewest false refusals.
    print("\nrefusal accuracy -> fewest false refusals (and that policy)")
    for level in sorted({round(s[3], 3) for s in scored}, reverse=True):
        best = min((s for s in scored if round(s[3], 3) >= level), key=lambda s: s[2])
        print(f"  {level:.3f} -> {best[2]:.3f}  {best[1]}")
    top = max(s[0] for s in scored)
    ties = [s for s in scored if s[0] == top]
    # Many thresholds tie on so few questions: take the middle of the tied region, not its edge.
    middle = RefusalPolicy(
        *(
            statistics.median(getattr(s[1], f) for s in ties)
            for f in ("min_sentence_coverage", "min_dense", "min_coverage_with_dense")
        )
    )
    _, policy, false_refusals, refusal_accuracy, accuracy = min(
        ties,
        key=lambda s: sum(
            abs(getattr(s[1], f) - getattr(middle, f))
            for f in ("min_sentence_coverage", "min_dense", "min_coverage_with_dense")
        ),
    )
    print(f"{len(ties)} threshold sets tie at the best score; middle of them: {middle}")
    print(
        f"\nchosen: {policy}\naccuracy {accuracy:.3f}, refusal accuracy {refusal_accuracy:.3f}, "
        f"false refusals {false_refusals:.3f} on {len(rows)} {args.split} questions"
    )


if __name__ == "__main__":
    main()
