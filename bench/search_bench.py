"""Warm search latency over 100 questions on the built-in corpus (p50/p95, per step).

.venv/bin/python bench/search_bench.py [--data-dir DIR]   # builds the index there if missing
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import peak_rss_mb, questions, summary_ms, write_result

from qa.application import PolicyQA, SearchRequest
from qa.config import Settings


def ensure_index(settings: Settings) -> PolicyQA:
    """The built-in corpus indexed (unchanged documents cost nothing), through the facade."""
    application = PolicyQA(settings)
    application.ingest(application.library.corpus())
    return application


def measure(application: PolicyQA, asked: list[str], top_k: int = 5) -> dict:
    for question in asked[:5]:  # warm-up: model, catalog, BM25, jieba
        application.search(SearchRequest(question, top_k))
    totals, steps = [], {}
    for question in asked:
        started = time.perf_counter()
        result = application.search(SearchRequest(question, top_k))
        totals.append((time.perf_counter() - started) * 1000)
        for step, ms in result.timings_ms.items():
            steps.setdefault(step, []).append(ms)
    return {
        **summary_ms(totals),
        "steps_p50_ms": {k: round(statistics.median(v), 2) for k, v in steps.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings.from_env(data_dir=args.data_dir or Path(tempfile.mkdtemp(prefix="pq-bench-search-")))
    application = ensure_index(settings)
    asked = questions(100)
    result = measure(application, asked)
    write_result("search", {"questions": len(asked), **result, "peak_rss_mb": peak_rss_mb()})


if __name__ == "__main__":
    main()
