"""The golden question set (eval/data/golden.jsonl)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qa.config import REPO_ROOT

GOLDEN_FILE = REPO_ROOT / "eval" / "data" / "golden.jsonl"


@dataclass(frozen=True)
class GoldenItem:
    id: str
    split: str  # dev (thresholds may be tuned on it) | test (only measured)
    type: str
    question: str
    answer: str
    evidence: tuple[tuple[str, str], ...]  # (clause_id, verbatim quote)
    key_facts: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def evidence_ids(self) -> list[str]:
        return [clause_id for clause_id, _ in self.evidence]


def load(path: Path = GOLDEN_FILE, split: str = "all") -> list[GoldenItem]:
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        data = json.loads(line)
        if split != "all" and data["split"] != split:
            continue
        evidence = tuple((e["clause_id"], e["quote"]) for e in data["evidence"])
        items.append(
            GoldenItem(
                data["id"],
                data["split"],
                data["type"],
                data["question"],
                data["answer"],
                evidence,
                tuple(data["key_facts"]),
            )
        )
    return items
