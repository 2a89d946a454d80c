"""Check golden items against the documents they cite, and count them by type, style and split.

    .venv/bin/python eval/check_golden.py [FILE ...]     # default: eval/data/golden.jsonl

For each item: known type and style; every evidence quote verbatim in its clause (the repaired
text); every key fact in one of its evidence clauses (an answer built from the evidence can state
it); an `everyday` question copies no run of 4 characters from its evidence clauses except numbers
and the names in eval/data/names.txt; a follow-up has its previous question; an unanswerable item
has no evidence. The test suite runs the same checks (tests/eval/test_golden_set.py).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.config import Settings  # noqa: E402
from qa.evaluation import corpus, golden  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, default=[golden.GOLDEN_FILE])
    args = parser.parse_args()
    clauses = {
        c.clause_id: c
        for d in corpus.evaluation_documents(Settings(), skip_unreadable=True, library="full")
        for c in d.clauses
    }
    names = golden.names()
    rows = [row for path in args.files for row in golden.read_rows(path)]
    drafts = [row for row in rows if "split" not in row]
    for row in drafts:  # a draft not yet given its split: everything else is checked
        row["split"] = "dev"
    bad = 0
    for row in rows:
        for problem in golden.problems(row, clauses, names):
            bad += 1
            print(f"{row.get('id')}: {problem}")
    ids = collections.Counter(row.get("id") for row in rows)
    for duplicate in [i for i, n in ids.items() if n > 1]:
        bad += 1
        print(f"{duplicate}: id used {ids[duplicate]} times")
    if drafts:
        print(f"{len(drafts)} drafts without a split (counted as dev below)")
    for field in ("type", "style", "split", "miss"):
        counts = collections.Counter(str(row.get(field)) for row in rows)
        print(f"{field}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print(f"{len(rows)} items, {bad} problems")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
