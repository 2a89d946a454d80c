"""The golden question set (eval/data/golden.jsonl) and the rules that keep it honest.

Each item has a `type` (the shape of the expected answer: fact, list, comparison, …) and a `style`
(how it is asked: `everyday` words, a document `described` rather than named, a `followup` in a
conversation, `official` wording, or `original` for the first set, which mostly reused the
documents' wording). The `test` split is frozen: `eval/data/test_split.sha256` holds the digest
of its items, and nothing that fits parameters may read it (`for_tuning`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qa.config import REPO_ROOT
from qa.errors import PolicyQAError
from qa.records import Clause

GOLDEN_FILE = REPO_ROOT / "eval" / "data" / "golden.jsonl"
TEST_SPLIT_DIGEST = REPO_ROOT / "eval" / "data" / "test_split.sha256"
# Real documents beyond the built-in corpus, which the evaluation indexes beside it.
EXTRA_DOCS_DIR = REPO_ROOT / "eval" / "data" / "docs"
REGULATIONS_DIR = REPO_ROOT / "eval" / "data" / "regulations"  # the regulation corpus (issue 27)
# Proper names (places, issuers, document names) an `everyday` question may share with a clause.
NAMES_FILE = REPO_ROOT / "eval" / "data" / "names.txt"

TYPES = frozenset(
    {
        # the original set's types
        "fact",
        "open",
        "keyword",
        "scoped",
        "paraphrase",
        "comparison",
        "multi",
        "unanswerable",
        # added with the staff-style set
        "list",
        "metadata",
        "yesno",
    }
)
STYLES = frozenset({"original", "everyday", "described", "followup", "official"})
# What a near-miss unanswerable question gets wrong (`miss`).
MISSES = frozenset({"absent_figure", "not_in_corpus", "other_year", "finer_detail"})
COPY_RUN = 4  # an `everyday` question shares no run this long with its evidence clauses


@lru_cache(maxsize=1)
def _doc_ids(folder: Path) -> frozenset[str]:
    if not folder.is_dir():
        return frozenset()
    return frozenset(p.stem for p in folder.iterdir() if p.suffix in (".txt", ".md", ".docx", ".pdf"))


def extra_doc_ids() -> frozenset[str]:
    """The doc ids of the documents beyond the built-in corpus (eval/data/docs/, by file name)."""
    return _doc_ids(EXTRA_DOCS_DIR)


def regulation_doc_ids() -> frozenset[str]:
    """The doc ids of the regulation corpus (eval/data/regulations/, by file name)."""
    return _doc_ids(REGULATIONS_DIR)


@lru_cache(maxsize=1)
def document_levels() -> dict[str, str]:
    """Every evaluation document's level (法律, 地方性法规, 工作要点 …) as its text says it."""
    from qa.corpus.infer import infer_meta

    levels = {}
    for folder in (REPO_ROOT / "corpus", EXTRA_DOCS_DIR, REGULATIONS_DIR):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else ():
            level = infer_meta(path.read_text(encoding="utf-8")).get("level")
            levels[path.stem] = level or "其他"
    return levels


class SplitError(PolicyQAError):
    """Something that fits parameters was pointed at the frozen test split."""


@dataclass(frozen=True)
class GoldenItem:
    id: str
    split: str  # dev (thresholds may be tuned on it) | test (frozen, only measured)
    type: str
    question: str
    answer: str
    evidence: tuple[tuple[str, str], ...]  # (clause_id, verbatim quote)
    key_facts: tuple[str, ...]
    style: str = "original"
    previous: str | None = None  # a follow-up's previous question, asked first in the conversation
    miss: str | None = None  # a near-miss unanswerable: what the corpus lacks (MISSES)
    near: tuple[str, ...] = ()  # clauses that look related but do not answer (near misses)
    aspect: str | None = None  # what of a regulation it asks: history, effect, numeral, enumeration …

    @property
    def origin(self) -> str:
        """`original` (the first set, mostly the documents' wording) or `staff` (the staff-style set)."""
        return "original" if self.style == "original" else "staff"

    @property
    def documents(self) -> list[str]:
        """The documents it is about (its evidence's, then its near clauses'), in order."""
        return list(dict.fromkeys(clause_id.split("/")[0] for clause_id in [*self.evidence_ids, *self.near]))

    @property
    def corpus(self) -> str:
        """`regulations` when the item is about the regulation corpus, `extra` when about the other
        documents beyond the built-in corpus (its evidence or its near clauses are theirs), else
        `builtin`."""
        documents = set(self.documents)
        if documents & regulation_doc_ids() or self.aspect:
            return "regulations"
        return "extra" if documents & extra_doc_ids() else "builtin"

    @property
    def level(self) -> str | None:
        """The level of the document it is about (法律, 行政法规, 地方性法规, 工作要点 …)."""
        levels = document_levels()
        return next((levels[d] for d in self.documents if d in levels), None)

    @property
    def answerable(self) -> bool:
        return self.type != "unanswerable"

    @property
    def evidence_ids(self) -> list[str]:
        return list(dict.fromkeys(clause_id for clause_id, _ in self.evidence))

    def answered_by(self, cited: set[str]) -> bool:
        """Whether an answer citing these clause ids is right: the question is answerable and one
        of its evidence clauses is cited."""
        return self.answerable and bool(cited & set(self.evidence_ids))


def parse(data: dict) -> GoldenItem:
    previous = data.get("previous")
    return GoldenItem(
        id=data["id"],
        split=data["split"],
        type=data["type"],
        question=data["question"],
        answer=data["answer"],
        evidence=tuple((e["clause_id"], e["quote"]) for e in data["evidence"]),
        key_facts=tuple(data["key_facts"]),
        style=data.get("style", "original"),
        previous=previous["question"] if isinstance(previous, dict) else previous,
        miss=data.get("miss"),
        near=tuple(data.get("near", ())),
        aspect=data.get("aspect"),
    )


def read_rows(path: Path = GOLDEN_FILE) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load(path: Path = GOLDEN_FILE, split: str = "all", regulations: bool = False) -> list[GoldenItem]:
    """The items of a split; those about the regulation corpus only with `regulations` (their
    documents are in the full library only: every figure before issue 27 was measured without)."""
    items = [parse(row) for row in read_rows(path) if split == "all" or row["split"] == split]
    return items if regulations else [item for item in items if item.corpus != "regulations"]


def for_tuning(split: str, path: Path = GOLDEN_FILE, regulations: bool = False) -> list[GoldenItem]:
    """The items a calibration or a fitted model may learn from: the dev split, never test."""
    if split != "dev":
        raise SplitError(
            f"tuning reads only the dev split, not '{split}': the test split is frozen and only measured"
        )
    return load(path, "dev", regulations)


def test_split_digest(rows: Iterable[dict]) -> str:
    """sha256 over the test items, canonically serialised and ordered by id: any change to a test
    item (or a test item added, removed or moved to dev) changes it."""
    test = sorted((row for row in rows if row["split"] == "test"), key=lambda row: row["id"])
    canonical = "\n".join(json.dumps(row, ensure_ascii=False, sort_keys=True) for row in test)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


_NOT_TEXT = re.compile(r"[^\w]+")


def _letters(text: str) -> str:
    """Text without punctuation or spaces, so a copied run is found across them."""
    return _NOT_TEXT.sub("", text).replace("_", "")


def copied_runs(
    question: str, clause_text: str, names: Iterable[str] = (), length: int = COPY_RUN
) -> list[str]:
    """The runs of `length` characters that the question copies from the clause, except runs that
    touch a number (a digit) or a proper name from `names`: an everyday question may say "洛阳" or
    "50名" but must put the policy's own words into its own."""
    asked = _letters(question)
    source = _letters(clause_text)
    excused = [False] * len(asked)
    for name in names:
        name = _letters(name)
        if len(name) < 2:
            continue
        for match in re.finditer(re.escape(name), asked):
            excused[match.start() : match.end()] = [True] * len(name)
    runs = []
    for start in range(len(asked) - length + 1):
        run = asked[start : start + length]
        if any(ch.isdigit() for ch in run) or any(excused[start : start + length]):
            continue
        if run in source:
            runs.append(run)
    return runs


def names(path: Path = NAMES_FILE) -> list[str]:
    if not path.is_file():
        return []
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def problems(row: dict, clauses: dict[str, Clause], allowed_names: list[str]) -> list[str]:
    """What is wrong with one golden row (empty: nothing): known type and style; evidence exactly
    when answerable, each quote verbatim in its clause; a new item's key facts in its evidence
    clauses (so an answer built from the evidence can state them); an `everyday` question copies no
    run of COPY_RUN characters from its evidence clauses; a follow-up has its previous question."""
    missing = [
        key
        for key in ("id", "split", "type", "style", "question", "answer", "evidence", "key_facts")
        if key not in row
    ]
    if missing:
        return [f"missing {', '.join(missing)}"]
    found = []
    if row["split"] not in ("dev", "test"):
        found.append(f"unknown split {row['split']}")
    if row["type"] not in TYPES:
        found.append(f"unknown type {row['type']}")
    if row["style"] not in STYLES:
        found.append(f"unknown style {row['style']}")
    if (row["type"] == "unanswerable") == bool(row["evidence"]):
        found.append("evidence must be given exactly when the item is answerable")
    if row["style"] == "followup" and not row.get("previous"):
        found.append("a follow-up needs its previous question")
    if row.get("miss") is not None and row["miss"] not in MISSES:
        found.append(f"unknown miss {row['miss']}")
    texts = []
    for evidence in row["evidence"]:
        clause = clauses.get(evidence["clause_id"])
        if clause is None:
            found.append(f"no clause {evidence['clause_id']}")
            continue
        texts.append(clause.text)
        if evidence["quote"] not in clause.text:
            found.append(f"quote not in {evidence['clause_id']}: {evidence['quote'][:30]}")
    if row["style"] != "original":
        found += [
            f"key fact not in the evidence clauses: {f}"
            for f in row["key_facts"]
            if texts and not any(f in t for t in texts)
        ]
    if row["style"] == "everyday":
        for evidence, text in zip(row["evidence"], texts, strict=False):
            if runs := copied_runs(row["question"], text, allowed_names):
                found.append(f"copies {'、'.join(runs)} from {evidence['clause_id']}")
    return found
