"""The check stage's cost: `POST /v1/answer` with `verify: true` against `policyqa serve` (the bundled
local model), one client at a time (check p50/p95), then 4 clients at once as 4 chat users
(requests per minute; checks queue on the one model, and a wait past POLICYQA_CHECK_TIMEOUT comes
back as `unchecked`, never as a hang). The fast path (`verify` off) is timed in the same run.

    .venv/bin/python bench/check_bench.py [--data-dir DIR] [--questions 20] [--clients 4]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from _common import questions, summary_ms, write_result
from api_bench import serving
from search_bench import ensure_index

from qa.config import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="pq-bench-check-"))
    ensure_index(Settings.from_env(data_dir=data_dir))
    # the 4 users ask other questions than the sequential run: llama.cpp's prompt cache would
    # otherwise make their checks look cheaper
    asked, others = (
        questions(2 * args.questions)[: args.questions],
        questions(2 * args.questions)[args.questions :],
    )

    def ask(client: httpx.Client, question: str, verify: bool) -> tuple[float, dict]:
        started = time.perf_counter()
        response = client.post("/v1/answer", json={"question": question, "verify": verify})
        response.raise_for_status()
        return (time.perf_counter() - started) * 1000, response.json()

    with serving(data_dir) as url:
        with httpx.Client(base_url=url, timeout=600) as client:
            ask(client, asked[0], True)  # warm-up: the embedding model and the local model load
            fast = [ask(client, q, False)[0] for q in asked]
            sequential = [ask(client, q, True) for q in asked]

        def user(batch: list[str]) -> list[tuple[float, dict]]:
            with httpx.Client(base_url=url, timeout=600) as client:
                return [ask(client, q, True) for q in batch]

        batches = [others[i :: args.clients] for i in range(args.clients)]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            concurrent = [r for result in pool.map(user, batches) for r in result]
        elapsed = time.perf_counter() - started

    def checks(results: list[tuple[float, dict]]) -> list[dict]:
        return [body["verification"] for _, body in results if body.get("verification")]

    done = [v["ms"] for v in checks(sequential) if v["verdict"] != "unchecked"]
    write_result(
        "check",
        {
            "questions": len(asked),
            "fast_path": summary_ms(fast),
            "verified_sequential": {
                **summary_ms([ms for ms, _ in sequential]),
                "check": summary_ms(done) if done else None,
                "checked": len(checks(sequential)),
                "verdicts": dict(Counter(v["verdict"] for v in checks(sequential))),
            },
            "verified_concurrent": {
                "clients": args.clients,
                "requests": len(concurrent),
                "seconds": round(elapsed, 1),
                "requests_per_minute": round(len(concurrent) / elapsed * 60, 1),
                **summary_ms([ms for ms, _ in concurrent]),
                "verdicts": dict(Counter(v["verdict"] for v in checks(concurrent))),
            },
            "check_timeout_s": Settings.from_env().check_timeout,
            "check_p50_share_of_answer": round(
                statistics.median(done) / statistics.median([ms for ms, _ in sequential]), 3
            )
            if done
            else None,
        },
    )


if __name__ == "__main__":
    main()
