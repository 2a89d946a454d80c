"""Ingest of the five built-in documents from an empty index, beside the embedding model alone
(since issue 21 with the questions kept in corpus/expansions/, as `make run` indexes them).

.venv/bin/python bench/ingest_bench.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import ROOT, peak_rss_mb, write_result

from qa.application import PolicyQA
from qa.config import Settings
from qa.corpus.loader import document_files, load_documents
from qa.index.embedder import get_embedder
from qa.index.ingest import Ingestor
from qa.retrieval.tokenizer import get_tokenizer


def main() -> None:
    settings = Settings.from_env(data_dir=Path(tempfile.mkdtemp(prefix="pq-bench-ingest-")))
    started = time.perf_counter()
    embedder = get_embedder(settings.embedding_model)
    embedder.embed(["预热"])  # model load, counted apart
    load_seconds = time.perf_counter() - started

    root = ROOT / "corpus"
    started = time.perf_counter()
    documents = list(load_documents(document_files([root]), root=root))
    parse_seconds = time.perf_counter() - started

    application = PolicyQA(settings)
    started = time.perf_counter()
    summary = application.ingest(documents)
    ingest_seconds = time.perf_counter() - started

    # the texts an ingest embeds (the ingestor's own rows), embedded alone for comparison
    tokenizer = get_tokenizer()
    rows = Ingestor(application.store, embedder, tokenizer, tokenizer.fingerprint).rows
    texts = [t for d in documents for t in rows(d, "x", application.expansions.questions(d))[2]]
    started = time.perf_counter()
    embedder.embed(texts)
    embed_seconds = time.perf_counter() - started

    index_bytes = sum(f.stat().st_size for f in settings.data_dir.rglob("*") if f.is_file())

    started = time.perf_counter()
    again = application.ingest(documents)
    reingest_seconds = time.perf_counter() - started

    write_result(
        "ingest",
        {
            "documents": len(documents),
            "clauses": summary.clauses,
            "windows": summary.embedded,
            "embedded_chars": sum(map(len, texts)),
            "model_load_s": round(load_seconds, 1),
            "parse_s": round(parse_seconds, 2),
            "ingest_from_empty_s": round(ingest_seconds, 1),
            "ingest_clauses_per_s": round(summary.clauses / ingest_seconds, 2),
            "embedding_alone_s": round(embed_seconds, 1),
            "embedding_alone_windows_per_s": round(len(texts) / embed_seconds, 2),
            "embedding_alone_chars_per_s": round(sum(map(len, texts)) / embed_seconds),
            "embedding_share_of_ingest": round(embed_seconds / ingest_seconds, 2),
            "index_mb": round(index_bytes / 2**20, 1),
            "reingest_unchanged_s": round(reingest_seconds, 2),
            "reingest_embedded": again.embedded,
            "peak_rss_mb": peak_rss_mb(),
        },
    )


if __name__ == "__main__":
    main()
