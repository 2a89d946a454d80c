"""The golden questions stay true to the corpus: every evidence quote is in its clause."""

import json
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parents[2] / "eval" / "data" / "golden.jsonl"
ITEMS = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line.strip()]
TYPES = {"fact", "open", "keyword", "scoped", "paraphrase", "comparison", "multi", "unanswerable"}


def test_items_are_well_formed_and_unique():
    assert len({item["id"] for item in ITEMS}) == len(ITEMS)
    for item in ITEMS:
        assert item["split"] in {"dev", "test"} and item["type"] in TYPES and item["question"].strip()
        assert bool(item["evidence"]) == (item["type"] != "unanswerable"), item["id"]


@pytest.mark.parametrize("item", [i for i in ITEMS if i["evidence"]], ids=lambda i: i["id"])
def test_every_quote_is_in_its_clause(corpus, item):
    clauses = {c.clause_id: c for d in corpus.values() for c in d.clauses}
    for evidence in item["evidence"]:
        clause = clauses.get(evidence["clause_id"])
        assert clause is not None, f"{item['id']}: no clause {evidence['clause_id']}"
        assert evidence["quote"] in clause.text, f"{item['id']}: quote not in {evidence['clause_id']}"
