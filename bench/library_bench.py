"""The document library: upload one small .docx into the built-in corpus's index, then remove it,
through the facade (what POST / DELETE /v1/documents and the chat's 文件库 do), warm, 5 rounds.

.venv/bin/python bench/library_bench.py
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

from _common import peak_rss_mb, write_result

from qa.application import PolicyQA, Upload
from qa.config import Settings

PLAN = [
    "青山区教育局2023年校园安全工作方案",
    "一、总体要求",
    "1.全区中小学每学期开展消防疏散演练不少于2次。",
    "2.学校食堂实行校长陪餐制度，每天至少一名校领导陪餐。",
    "二、保障措施",
    "3.区财政安排校园安全专项经费300万元。",
]


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def main(rounds: int = 5) -> None:
    application = PolicyQA(Settings.from_env(data_dir=Path(tempfile.mkdtemp(prefix="pq-bench-library-"))))
    application.ingest(application.library.corpus())
    application.warm()
    data = docx_bytes(PLAN)
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
