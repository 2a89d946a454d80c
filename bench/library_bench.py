"""The document library: upload one small .docx into the built-in corpus's index, then remove it,
through the facade (what POST / DELETE /v1/documents and the chat's 文件库 do), warm, 5 rounds.

.venv/bin/python bench/library_bench.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from _common import peak_rss_mb, write_result

from qa.application import PolicyQA, Upload
from qa.config import Settings
from tests.documents import SCHOOL_SAFETY_PLAN, docx_bytes


def main(rounds: int = 5) -> None:
    application = PolicyQA(Settings.from_env(data_dir=Path(tempfile.mkdtemp(prefix="pq-bench-library-"))))
    application.ingest(application.library.corpus())
    application.warm()
    data = docx_bytes(SCHOOL_SAFETY_PLAN)
    uploads, removals = [], []
    for _ in range(rounds):
        started = time.perf_counter()
        summary = application.upload([Upload("plan.docx", data)])
        uploads.append(time.perf_counter() - started)
        started = time.perf_counter()
        application.remove(summary.added)
        removals.append(time.perf_counter() - started)
    write_result(
        "library",
        {
            "rounds": rounds,
            "library_documents": len(application.documents()),
            "upload_docx_median_s": round(statistics.median(uploads), 2),
            "upload_docx_s": [round(s, 2) for s in uploads],
            "remove_median_s": round(statistics.median(removals), 2),
            "remove_s": [round(s, 2) for s in removals],
            "peak_rss_mb": peak_rss_mb(),
        },
    )


if __name__ == "__main__":
    main()
