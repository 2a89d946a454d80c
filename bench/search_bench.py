"""Warm search latency over 100 questions on the built-in corpus (p50/p95, per step).

.venv/bin/python bench/search_bench.py [--data-dir DIR]   # builds the index there if missing
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import ROOT, peak_rss_mb, questions, summary_ms, write_result

from qa.config import Settings
from qa.corpus.loader import document_files, load_documents
from qa.index.embedder import get_embedder
from qa.index.ingest import Ingestor
from qa.index.store import ClauseStore
from qa.retrieval.searcher import Searcher
from qa.retrieval.tokenizer import get_tokenizer


def ensure_index(settings: Settings, root: Path) -> None:
    tokenizer = get_tokenizer()
    ingestor = Ingestor(
        ClauseStore.open(settings), get_embedder(settings.embedding_model), tokenizer, tokenizer.fingerprint
    )
    ingestor.ingest(list(load_documents(document_files([root]), root=root)))


def measure(searcher: Searcher, asked: list[str], top_k: int = 5) -> dict:
    for question in asked[:5]:  # warm-up: model, catalog, BM25, jieba
        searcher.search(question, top_k)
    totals, steps = [], {}
    for question in asked:
        started = time.perf_counter()
        result = searcher.search(question, top_k)
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
    ensure_index(settings, ROOT / "corpus")
    asked = questions(100)
    result = measure(Searcher(settings), asked)
    write_result("search", {"questions": len(asked), **result, "peak_rss_mb": peak_rss_mb()})


if __name__ == "__main__":
    main()
