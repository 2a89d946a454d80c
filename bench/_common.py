"""Helpers shared by the benchmark scripts: percentiles, memory, questions, JSON output."""

from __future__ import annotations

import json
import resource
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.config import go_offline  # noqa: E402

go_offline()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "max_ms": round(max(values), 1),
    }


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def dir_size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def questions(n: int = 100) -> list[str]:
    """Hand-written staff questions, topped up with questions made from clause titles."""
    handwritten = [
        line.strip() for line in (ROOT / "bench" / "questions.txt").read_text(encoding="utf-8").splitlines()
    ]
    result = [q for q in handwritten if q and not q.startswith("#")]
    if len(result) < n:
        from qa.corpus.loader import document_files, load_documents

        root = ROOT / "corpus"
        for document in load_documents(document_files([root]), root=root):
            place = document.meta.district or document.meta.city or ""
            for clause in document.clauses:
                if clause.kind == "clause" and len(result) < n:
                    result.append(f"{place}{clause.title}有哪些具体要求？")
    return result[:n]


def write_result(name: str, data: dict) -> None:
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(data, ensure_ascii=False, indent=2))
