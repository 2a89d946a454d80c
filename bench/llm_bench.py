"""The local generator on this machine: model load, time to first token, prompt and generation
tokens/s, and end-to-end answer latency (retrieval + generation + citation check), medians over
`--runs` typical questions that reach the model (retrieval refuses the others before it), each
asked once after a warm-up: the shared system-prompt prefix is cached, as in real use, but no
question's own prompt. Then the first question again: llama.cpp keeps recent prompts in RAM, so
a repeated question skips its prompt (reported apart, not in the medians).

.venv/bin/python bench/llm_bench.py [--data-dir DIR] [--runs 8]   # builds the index there if missing
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from _common import ROOT, peak_rss_mb, write_result
from search_bench import ensure_index

from qa.config import Settings

WARM_UP = "洛阳今年要新建多少所农村寄宿制学校？"


def typical_questions() -> list[str]:
    """The hand-written staff questions of bench/questions.txt (none from the golden test split)."""
    lines = (ROOT / "bench" / "questions.txt").read_text(encoding="utf-8").splitlines()
    return [q.strip() for q in lines if q.strip() and not q.startswith("#") and q.strip() != WARM_UP]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=8, help="questions that reach the model")
    args = parser.parse_args()
    settings = Settings.from_env(data_dir=args.data_dir or Path(tempfile.mkdtemp(prefix="pq-bench-llm-")))
    service = ensure_index(settings).service
    generator = service.generator("local")
    model = generator.model

    started = time.perf_counter()
    model.server()
    load_s = time.perf_counter() - started

    first_token: list[float] = []
    original = model.stream

    def timed_stream(*a, **k):
        begun = time.perf_counter()
        for i, piece in enumerate(original(*a, **k)):
            if i == 0:
                first_token.append(time.perf_counter() - begun)
            yield piece

    model.stream = timed_stream

    def ask(question: str) -> dict:
        first_token.clear()
        begun = time.perf_counter()
        answer = service.answer(question, generator="local")
        e2e = time.perf_counter() - begun
        timings = model.last_timings if first_token else {}
        row = {
            "question": question,
            "reached_model": bool(first_token),
            "refused": answer.refused,
            "citations": len(answer.citations),
            "ttft_s": round(first_token[0], 2) if first_token else None,
            "e2e_s": round(e2e, 2),
            "prompt_tokens": timings.get("prompt_n"),
            "cached_tokens": timings.get("cache_n"),
            "prompt_tokens_per_s": round(timings.get("prompt_per_second", 0), 1),
            "completion_tokens": timings.get("predicted_n"),
            "generation_tokens_per_s": round(timings.get("predicted_per_second", 0), 1),
            "answer": answer.answer[:80],
        }
        print(row, flush=True)
        return row

    ask(WARM_UP)  # loads the embedding model and caches the system prompt
    rows = []
    for question in typical_questions():
        if len(rows) >= args.runs:
            break
        row = ask(question)
        if row["reached_model"]:
            rows.append(row)
    repeated = ask(rows[0]["question"])

    def p50(key: str) -> float:
        return round(statistics.median(r[key] for r in rows), 2)

    write_result(
        "llm",
        {
            "model": settings.local_model_path.name,
            "threads": settings.local_threads,
            "max_tokens": settings.local_max_tokens,
            "prompt_budget": {"clauses": settings.local_max_clauses, "chars": settings.local_prompt_chars},
            "load_s": round(load_s, 2),
            "runs": len(rows),
            "ttft_p50_s": p50("ttft_s"),
            "prompt_tokens_p50": p50("prompt_tokens"),
            "prompt_tokens_per_s_p50": p50("prompt_tokens_per_s"),
            "completion_tokens_p50": p50("completion_tokens"),
            "generation_tokens_per_s_p50": p50("generation_tokens_per_s"),
            "e2e_p50_s": p50("e2e_s"),
            "e2e_max_s": max(r["e2e_s"] for r in rows),
            "repeated_question": {"ttft_s": repeated["ttft_s"], "e2e_s": repeated["e2e_s"]},
            "peak_rss_mb": peak_rss_mb(),
            "questions": rows,
        },
    )


if __name__ == "__main__":
    main()
