"""Warm POST /v1/answer latency (extractive) over 100 questions with the per-step breakdown, then
throughput with 8 concurrent clients, against `policyqa serve` in its own process.

    .venv/bin/python bench/api_bench.py [--data-dir DIR]   # builds the index there if missing
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from _common import questions, summary_ms, write_result
from search_bench import ensure_index

from qa.config import Settings


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def serving(data_dir: Path) -> Iterator[str]:
    """`policyqa serve` over `data_dir` in its own process, ready (its /healthz answers): its URL."""
    port = free_port()
    policyqa = Path(sys.executable).parent / "policyqa"
    server = subprocess.Popen(
        [str(policyqa), "serve", "--port", str(port), "--data-dir", str(data_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=os.environ | {"POLICYQA_API_TOKEN": ""},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    client.get("/healthz")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                    time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="pq-bench-api-"))
    ensure_index(Settings.from_env(data_dir=data_dir))

    with serving(data_dir) as url:
        with httpx.Client(base_url=url, timeout=60) as client:
            asked = questions(100)
            for question in asked[:5]:  # warm-up: model, catalog, jieba
                client.post("/v1/answer", json={"question": question})
            totals, steps, refused = [], {}, 0
            for question in asked:
                started = time.perf_counter()
                body = client.post("/v1/answer", json={"question": question}).json()
                totals.append((time.perf_counter() - started) * 1000)
                refused += body["refused"]
                for step, ms in body["timings_ms"].items():
                    steps.setdefault(step, []).append(ms)

        def worker(batch: list[str]) -> list[float]:
            latencies = []
            with httpx.Client(base_url=url, timeout=120) as client:
                for question in batch:
                    started = time.perf_counter()
                    response = client.post("/v1/answer", json={"question": question})
                    response.raise_for_status()
                    latencies.append((time.perf_counter() - started) * 1000)
            return latencies

        batches = [asked[i :: args.clients] for i in range(args.clients)]
        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            concurrent = [ms for result in pool.map(worker, batches) for ms in result]
        elapsed = time.perf_counter() - started

    write_result(
        "api",
        {
            "questions": len(asked),
            "refused": refused,
            "sequential": {
                **summary_ms(totals),
                "steps_p50_ms": {k: round(statistics.median(v), 2) for k, v in steps.items()},
            },
            "concurrent": {
                "clients": args.clients,
                "requests": len(concurrent),
                "seconds": round(elapsed, 1),
                "requests_per_s": round(len(concurrent) / elapsed, 1),
                **summary_ms(concurrent),
            },
        },
    )


if __name__ == "__main__":
    main()
