"""Ingest beside a live server: 8 clients post /v1/answer to `policyqa serve` while three ingests
publish new generations on the same data dir; every status is counted (issue 13: this used to
give 500s and connection resets for ~2 s after each publish).

    .venv/bin/python bench/live_ingest_probe.py [GRACE_SECONDS]   # 0: generations dropped at once
"""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from _common import ROOT, write_result

PQ = str(ROOT / ".venv" / "bin" / "policyqa")
QUESTIONS = [
    "洛阳今年要新建多少所农村寄宿制学校？",
    "县管校聘改革怎么推进？",
    "衡阳和洛阳的双减措施有什么不同？",
    "课后服务",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    grace = sys.argv[1] if len(sys.argv) > 1 else "60"
    work = Path(tempfile.mkdtemp(prefix="pq-live-"))
    env = dict(os.environ, POLICYQA_DATA_DIR=str(work / "data"))
    subprocess.run([PQ, "ingest"], env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([PQ, "serve", "--port", str(port)], env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    counts: collections.Counter = collections.Counter()
    stop = threading.Event()

    def client() -> None:
        with httpx.Client(timeout=30) as session:
            n = 0
            while not stop.is_set():
                try:
                    status = session.post(f"{url}/v1/answer", json={"question": QUESTIONS[n % 4]}).status_code
                    counts[status] += 1
                except httpx.HTTPError as error:
                    counts[type(error).__name__] += 1
                n += 1

    threads = [threading.Thread(target=client) for _ in range(8)]
    for thread in threads:
        thread.start()
    ingests = []
    for k in range(3):
        document = work / f"extra{k}.txt"
        document.write_text(
            f"测试区教育局2024年工作要点\n\n一、总体要求\n\n1.推进第{k}项改革{time.time()}。\n\n2.新建学校{k + 3}所。\n",
            encoding="utf-8",
        )
        done = subprocess.run(
            [PQ, "ingest", str(document)],
            env=dict(env, POLICYQA_GENERATION_GRACE_SECONDS=grace),
            capture_output=True,
        )
        ingests.append(done.returncode)
        time.sleep(3)
    stop.set()
    for thread in threads:
        thread.join()
    server.terminate()
    server.wait()
    write_result(
        f"live_ingest_grace_{grace}",
        {"grace_seconds": float(grace), "ingest_exit_codes": ingests, "statuses": dict(counts)},
    )


if __name__ == "__main__":
    main()
