"""The same index against a real `chroma run` server on 127.0.0.1."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qa.config import Settings
from qa.corpus.loader import load_document
from qa.index.store import ClauseStore, IndexUnavailableError
from qa.retrieval.searcher import Searcher
from tests.conftest import make_ingestor
from tests.fakes import FakeEmbedder

pytestmark = pytest.mark.integration

DOC = "甲区教育局2024年工作要点\n\n一、办学条件\n\n1.新建公办幼儿园5所。\n\n2.推进县管校聘改革。\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_url(tmp_path):
    port = free_port()
    server = _start(tmp_path / "server", port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_search_and_remove_through_a_chroma_server(chroma_url, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DOC, encoding="utf-8")
    settings = Settings.from_env(chroma_url=chroma_url, data_dir=tmp_path / "unused")
    store = ClauseStore.open(settings)
    assert make_ingestor(store).ingest([load_document(path)]).added == ["a"]
    assert make_ingestor(store, FakeEmbedder(fail_after=0)).ingest([load_document(path)]).unchanged == ["a"]
    hits = Searcher(settings, store, FakeEmbedder()).search("县管校聘", top_k=1, scoped=False).hits
    assert hits[0].clause_id == "a/s1-c2"
    make_ingestor(store).remove(["a"])
    assert ClauseStore.first_windows(store.require_active()) == []
    assert not (tmp_path / "unused").exists()  # nothing was written locally


def test_an_unreachable_server_is_a_clear_error():
    settings = Settings.from_env(chroma_url=f"http://127.0.0.1:{free_port()}")
    with pytest.raises(IndexUnavailableError, match="no Chroma server at http://127.0.0.1"):
        ClauseStore.open(settings)
    with pytest.raises(IndexUnavailableError, match="must look like"):
        ClauseStore.open(Settings.from_env(chroma_url="localhost:8000"))


def test_a_server_that_stalls_is_a_clear_error_within_the_store_timeout():
    """A server that accepts connections and never answers used to hang a request for 75 s+."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings = Settings.from_env(
            chroma_url=f"http://127.0.0.1:{listener.getsockname()[1]}", store_timeout=1
        )
        started = time.monotonic()
        with pytest.raises(IndexUnavailableError, match="no Chroma server at .*Timeout"):
            ClauseStore.open(settings)
        assert time.monotonic() - started < 10


def test_a_server_that_dies_gives_503_with_a_reason_then_recovers(tmp_path):
    from fastapi.testclient import TestClient

    from qa.answer.service import AnswerService
    from qa.api.app import create_app
    from qa.application import PolicyQA

    port, folder = free_port(), tmp_path / "server"
    url = f"http://127.0.0.1:{port}"
    server = _start(folder, port)
    try:
        path = tmp_path / "a.txt"
        path.write_text(DOC, encoding="utf-8")
        settings = Settings.from_env(chroma_url=url, data_dir=tmp_path / "unused", store_timeout=2)
        store = ClauseStore.open(settings)
        make_ingestor(store).ingest([load_document(path)])
        searcher = Searcher(settings, store, FakeEmbedder())
        client = TestClient(create_app(settings, PolicyQA(settings, AnswerService(settings, searcher))))
        assert client.post("/v1/search", json={"question": "县管校聘"}).status_code == 200
        server.terminate()
        server.wait(timeout=30)
        down = client.post("/v1/search", json={"question": "县管校聘"})
        assert down.status_code == 503 and "did not answer" in down.json()["error"]["message"]
        health = client.get("/healthz")
        assert health.status_code == 503 and "did not answer" in health.json()["error"]["message"]
        server = _start(folder, port)  # the same server back: no restart of ours needed
        assert client.post("/v1/search", json={"question": "县管校聘"}).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _start(folder: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).parent / "chroma"
    server = subprocess.Popen(
        [str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).read()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                pytest.fail("chroma server did not start")
            time.sleep(0.2)
