"""`policyqa serve` as a real process, with the real local model: an upload's questions survive a
kill -9 in the middle of writing them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import httpx
import pytest

from qa.application.expansion import RESUMED
from qa.config import Settings
from qa.index.expansion import ExpansionSet

pytestmark = [pytest.mark.slow, pytest.mark.integration]

REPO = Path(__file__).resolve().parents[3]
TOKEN = "serve-test-token"
PLAN = (
    "青山区教育局2023年校园安全工作方案\n"
    "一、总体要求\n"
    "1.全区中小学每学期开展消防疏散演练不少于2次。\n"
    "2.学校食堂实行校长陪餐制度，每天至少一名校领导陪餐。\n"
)
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(data_dir: Path, log: Path) -> Iterator[tuple[subprocess.Popen, httpx.Client]]:
    """`policyqa serve` on a free port, writing uploads' questions with the local model; the
    process and a client, once it answers."""
    port = free_port()
    env = os.environ | {
        "POLICYQA_DATA_DIR": str(data_dir),
        "POLICYQA_EXPAND_UPLOADS": "1",
        "POLICYQA_DEFAULT_CORPUS": "0",
        "POLICYQA_API_TOKEN": TOKEN,
    }
    with log.open("a") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "qa.cli", "serve", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    client = httpx.Client(
        base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120
    )
    try:
        until(lambda: answers(client, process, log), 60, "the server to answer", log)
        yield process, client
    finally:
        client.close()
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.wait(30)


def answers(client: httpx.Client, process: subprocess.Popen, log: Path) -> bool:
    assert process.poll() is None, f"the server exited:\n{log.read_text()}"
    try:
        return client.get("/v1/expansions").status_code == 200
    except httpx.TransportError:
        return False


def until(check: Callable[[], T], seconds: float, what: str, log: Path) -> T:
    deadline = time.monotonic() + seconds
    while not (value := check()):
        assert time.monotonic() < deadline, f"waited {seconds} s for {what}; server log:\n{log.read_text()}"
        time.sleep(0.3)
    return value


def progress(client: httpx.Client) -> dict | None:
    return next(iter(client.get("/v1/expansions").json()), None)


def test_question_writing_killed_midway_resumes_when_the_server_starts_again(tmp_path):
    if not Settings.from_env().local_model_path.is_file():  # make test installs it: missing is a failure
        pytest.fail("the local model is not installed: run make llm")
    data, log = tmp_path / "data", tmp_path / "server.log"
    written = data / "expansions" / "plan.jsonl"

    with server(data, log) as (process, client):
        upload = {"files": ("plan.txt", PLAN.encode(), "text/plain")}
        assert client.post("/v1/documents", files=upload, data={"doc_id": "plan"}).status_code == 201
        until(
            lambda: (p := progress(client)) and p["state"] == "writing" and p["done"] >= 1,
            90,
            "the first clause's questions",
            log,
        )
        process.kill()  # SIGKILL: no shutdown code runs
        process.wait(30)
    kept = ExpansionSet.load(written)
    assert list(kept.questions) == ["plan/s1-c1"]  # saved as soon as written

    with server(data, log) as (process, client):
        first = progress(client)  # queued again before the server answered its first request
        assert first is not None and first["doc_id"] == "plan" and first["message"] == RESUMED
        assert first["state"] in ("queued", "writing") and first["done"] == 1
        final = until(
            lambda: (p := progress(client)) and p["state"] in ("done", "failed") and p, 120, "done", log
        )
        assert (final["state"], final["done"], final["total"]) == ("done", 2, 2)
        questions = ExpansionSet.load(written).questions
        assert list(questions) == ["plan/s1-c1", "plan/s1-c2"]
        assert questions["plan/s1-c1"] == kept.questions["plan/s1-c1"]  # kept, not written again
        # indexed: a written question finds its clause through the questions
        clause_id, asked = [(c, q[0]) for c, q in questions.items() if q][-1]  # the last was resumed
        (hit, *_) = client.post("/v1/search", json={"question": asked, "top_k": 3}).json()["hits"]
        assert hit["clause_id"] == clause_id and hit["ranks"]["questions"] == 1
