"""A synthetic corpus ~50x the built-in one: ingest time, index size, memory, and search latency
compared with the five-document index measured in the same run.

Synthetic documents re-number and recombine the real clauses (sentences of two clauses of the
same section merged, sections shuffled) under invented place names, so every text is new and
must be embedded.

    .venv/bin/python bench/scale_bench.py [--factor 50]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from _common import ROOT, dir_size_mb, peak_rss_mb, questions, write_result
from search_bench import ensure_index, measure

from qa.application import PolicyQA
from qa.config import Settings
from qa.corpus.loader import document_files, load_documents
from qa.index.windows import sentences

CN = "一二三四五六七八九十"


def synthesize(factor: int, folder: Path) -> int:
    root = ROOT / "corpus"
    originals = list(load_documents(document_files([root]), root=root))
    count = 0
    for copy in range(factor):
        rng = random.Random(copy)
        for document in originals:
            clauses = [c for c in document.clauses if c.kind not in ("heading", "header")]
            rng.shuffle(clauses)
            lines = [f"合成{copy}市教育局{document.meta.year}年工作要点（第{copy}版）", ""]
            for section in range(0, len(clauses), 6):
                lines += [f"{CN[(section // 6) % 10]}、第{section // 6 + 1}部分工作", ""]
                for offset, clause in enumerate(clauses[section : section + 6]):
                    other = rng.choice(clauses)
                    merged = sentences(clause.text)[1:] + sentences(other.text)[:2]
                    rng.shuffle(merged)
                    number = section + offset + 1
                    lines += [f"{number}.{clause.title}。{''.join(merged)}", ""]
            name = f"{document.doc_id}-syn{copy}"
            (folder / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
            (folder / f"{name}.toml").write_text(
                f'doc_id = "{name}"\ncity = "合成{copy}"\nyear = {document.meta.year}\n', encoding="utf-8"
            )
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--factor", type=int, default=50)
    args = parser.parse_args()
    asked = questions(100)

    small = Settings.from_env(data_dir=Path(tempfile.mkdtemp(prefix="pq-bench-small-")))
    small_search = measure(ensure_index(small), asked)

    folder = Path(tempfile.mkdtemp(prefix="pq-bench-synthetic-"))
    synthetic = synthesize(args.factor, folder)
    big = Settings.from_env(data_dir=Path(tempfile.mkdtemp(prefix="pq-bench-big-")))
    documents = list(load_documents(document_files([ROOT / "corpus", folder])))
    started = time.perf_counter()
    summary = PolicyQA(big).ingest(documents)
    ingest_seconds = time.perf_counter() - started
    rss_after_ingest = peak_rss_mb()

    application = PolicyQA(big)
    started = time.perf_counter()
    application.warm()  # load the catalog and BM25: the cold start of a big index
    load_seconds = time.perf_counter() - started
    big_search = measure(application, asked)
    write_result(
        f"scale_{args.factor}x",
        {
            "factor": args.factor,
            "documents": len(documents),
            "synthetic_documents": synthetic,
            "clauses": summary.clauses,
            "windows": summary.embedded,
            "ingest_s": round(ingest_seconds, 1),
            "ingest_clauses_per_s": round(summary.clauses / ingest_seconds, 2),
            "index_size_mb": dir_size_mb(big.data_dir),
            "peak_rss_mb_after_ingest": rss_after_ingest,
            "catalog_load_s": round(load_seconds, 1),
            "peak_rss_mb": peak_rss_mb(),
            "small_search": small_search,
            "big_search": big_search,
            "p50_ratio_big_vs_small": round(big_search["p50_ms"] / small_search["p50_ms"], 2),
            "p95_ratio_big_vs_small": round(big_search["p95_ms"] / small_search["p95_ms"], 2),
        },
    )


if __name__ == "__main__":
    main()
