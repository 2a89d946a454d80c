"""The optional reranker: off by default, a stand-in HTTP /rerank server in both answer shapes, a
server that is down or slow (the fused order is kept), and a tiny cross-encoder built in the test
and loaded from its folder (`slow`: it loads torch and sentence-transformers)."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import socket
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from qa.config import Settings
from qa.corpus.loader import load_document
from qa.records import ClauseRef, Hit
from qa.retrieval import rerank as rerank_module
from qa.retrieval.rerank import (
    HttpReranker,
    LocalReranker,
    RerankError,
    endpoint,
    get_reranker,
    parse_scores,
    pool_size,
    rerank,
)
from qa.retrieval.searcher import Searcher
from tests.conftest import make_ingestor
from tests.fakes import FakeEmbedder

# One document with enough clauses that the reranker's pool (top_k 3 → 6 hits) is full.
DOC = (
    "甲区教育局2024年工作要点\n\n一、学校建设\n\n"
    "1.新建公办幼儿园5所，新增学位1200个。\n\n"
    "2.改扩建义务教育学校8所，消除大班额。\n\n"
    "3.推进县管校聘改革，教师交流轮岗。\n\n"
    "二、学校管理\n\n"
    "4.课后服务实现义务教育学校全覆盖。\n\n"
    "5.学校食堂全部实行明厨亮灶。\n\n"
    "6.中小学校园安全排查每月一次。\n\n"
    "7.学校体育场地节假日向社会开放。\n\n"
    "8.推进智慧校园建设，学校网络全覆盖。\n"
)
QUESTION = "学校"


@pytest.fixture
def indexed(settings, store, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(DOC, encoding="utf-8")
    make_ingestor(store).ingest([load_document(path)])
    return settings, store


def fused_ids(settings, store, top_k: int) -> list[str]:
    """The fused order, no reranker."""
    hits = Searcher(settings, store, FakeEmbedder()).search(QUESTION, top_k=top_k, scoped=False).hits
    return [h.clause_id for h in hits]


# -- a stand-in rerank server --------------------------------------------------------------------


class RerankServer:
    """POST /rerank on 127.0.0.1: scores each passage by its position (the last one best), so a
    reranked list is the fused pool reversed. `shape`: "jina" ({results: [{index,
    relevance_score}]}, best first) or "tei" ([{index, score}]); `status` other than 200 fails;
    `delay` makes it slow. Requests (body and headers) are kept."""

    def __init__(self, shape: str = "jina", status: int = 200, delay: float = 0.0):
        self.shape, self.status, self.delay = shape, status, delay
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                    server.requests.append(body)
                    server.headers.append({"path": self.path, **dict(self.headers)})
                    time.sleep(server.delay)
                    texts = body.get("texts") or body.get("documents")
                    ranked = [(i, float(i)) for i in reversed(range(len(texts)))]
                    if server.shape == "tei":
                        payload = [{"index": i, "score": s} for i, s in ranked]
                    else:
                        payload = {
                            "id": "x",
                            "results": [
                                {"index": i, "relevance_score": s, "document": None} for i, s in ranked
                            ],
                        }
                    data = json.dumps(payload).encode()
                    self.send_response(server.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RerankServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_server(settings: Settings, url: str, **more) -> Settings:
    return replace(settings, rerank_url=url, **more)


# -- off by default ------------------------------------------------------------------------------


def test_no_reranker_unless_configured(indexed, monkeypatch):
    settings, store = indexed
    for name in ("RERANKER", "RERANK_URL", "RERANK_MODEL", "RERANK_API_KEY", "RERANK_TIMEOUT"):
        monkeypatch.delenv(f"POLICYQA_{name}", raising=False)
    assert get_reranker(Settings.from_env()) is None
    searcher = Searcher(settings, store, FakeEmbedder())
    assert searcher.reranker is None
    result = searcher.search(QUESTION, top_k=3, scoped=False)
    assert len(result.hits) == 3 and result.rerank_skipped is None
    assert "rerank" not in result.timings_ms and all("rerank" not in h.signal_scores for h in result.hits)


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("POLICYQA_RERANKER", "/models/bge-reranker-v2-m3")
    monkeypatch.setenv("POLICYQA_RERANK_URL", "http://10.0.0.5:8080")
    monkeypatch.setenv("POLICYQA_RERANK_MODEL", "bge-reranker-v2-m3")
    monkeypatch.setenv("POLICYQA_RERANK_API_KEY", "secret")
    monkeypatch.setenv("POLICYQA_RERANK_TIMEOUT", "2.5")
    settings = Settings.from_env()
    assert (settings.reranker, settings.rerank_url, settings.rerank_model) == (
        "/models/bge-reranker-v2-m3",
        "http://10.0.0.5:8080",
        "bge-reranker-v2-m3",
    )
    assert settings.rerank_api_key == "secret" and settings.rerank_timeout == 2.5
    reranker = get_reranker(settings)  # both set: the server wins
    assert isinstance(reranker, HttpReranker) and reranker.url == "http://10.0.0.5:8080/rerank"
    assert reranker is get_reranker(settings)  # one per process
    assert isinstance(get_reranker(replace(settings, rerank_url=None)), LocalReranker)


# -- the pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "route"),
    [
        ("http://h:8080/rerank", "http://h:8080/rerank"),
        ("http://h:8080/rerank/", "http://h:8080/rerank"),
        ("http://h:8080", "http://h:8080/rerank"),
        ("http://h:8080/", "http://h:8080/rerank"),
        ("http://h:9997/v1", "http://h:9997/v1/rerank"),
        ("http://h:8000/v1/rerank", "http://h:8000/v1/rerank"),
    ],
)
def test_endpoint_is_the_rerank_route(url, route):
    assert endpoint(url) == route


def test_both_answer_shapes_are_read_by_position():
    jina = {"results": [{"index": 2, "relevance_score": 0.9}, {"index": 0, "relevance_score": 0.1}]}
    assert parse_scores(jina, 3) == [0.1, None, 0.9]
    tei = [{"index": 1, "score": 0.7}, {"index": 0, "score": 0.2}]
    assert parse_scores(tei, 2) == [0.2, 0.7]
    for bad in ({"error": "model not found"}, [{"index": 5, "score": 1.0}], [{"index": 0}], [], "ok"):
        with pytest.raises(RerankError):
            parse_scores(bad, 2)


def _hit(n: int) -> Hit:
    ref = ClauseRef(f"d/c{n}", "d", "d.txt", f"{n}.", "标题")
    return Hit(ref, "", score=1.0 / n, text=f"条款{n}", signal_scores={"bm25": float(n)})


class FixedScores:
    name = "fixed"

    def __init__(self, scores):
        self.values = scores

    def scores(self, query, passages):
        if isinstance(self.values, Exception):
            raise self.values
        return self.values


def test_rerank_orders_by_score_and_keeps_the_fused_score():
    hits = [_hit(n) for n in (1, 2, 3, 4)]
    reranked, skipped = rerank(FixedScores([0.1, 0.9, None, 0.5]), "q", hits, ["p"] * 4, top_k=3)
    assert skipped is None
    assert [h.clause_id for h in reranked] == ["d/c2", "d/c4", "d/c1"]  # the unscored one goes last
    assert reranked[0].signal_scores == {"bm25": 2.0, "rerank": 0.9}
    assert reranked[0].score == 0.5  # the fused score, unchanged
    kept, skipped = rerank(FixedScores(RuntimeError("boom")), "q", hits, ["p"] * 4, top_k=3)
    assert kept == hits[:3] and skipped == "boom"
    kept, skipped = rerank(FixedScores([0.5]), "q", hits, ["p"] * 4, top_k=3)
    assert kept == hits[:3] and "1 scores for 4 passages" in skipped


# -- through the searcher: an HTTP server ---------------------------------------------------------


@pytest.mark.parametrize("shape", ["jina", "tei"])
def test_a_rerank_server_reorders_the_fused_pool(indexed, shape):
    settings, store = indexed
    pool = fused_ids(settings, store, pool_size(3))
    assert len(pool) == 6
    with RerankServer(shape) as server:
        reranker = HttpReranker(server.base + "/v1", model="bge-reranker-v2-m3", api_key="k", timeout=5)
        result = Searcher(settings, store, FakeEmbedder(), reranker=reranker).search(
            QUESTION, top_k=3, scoped=False
        )
    # the server scores the last passage best: the pool reversed, cut to top_k
    assert [h.clause_id for h in result.hits] == pool[::-1][:3]
    assert [h.signal_scores["rerank"] for h in result.hits] == [5.0, 4.0, 3.0]
    assert result.rerank_skipped is None and "rerank" in result.timings_ms
    (body,) = server.requests
    assert set(body) == {"query", "documents", "texts", "top_n", "truncate", "model"}
    assert body["query"] == QUESTION and body["model"] == "bge-reranker-v2-m3" and body["top_n"] == 6
    assert body["documents"] == body["texts"] and len(body["texts"]) == 6
    # each passage: document title, heading path, clause text
    entry = Searcher(settings, store, FakeEmbedder()).catalog.get(pool[0])
    assert body["texts"][0] == "\n".join(["甲区教育局2024年工作要点", *entry.clause.path, entry.clause.text])
    assert entry.clause.path  # the heading path is there
    headers = server.headers[0]
    assert headers["path"] == "/v1/rerank" and headers["Authorization"] == "Bearer k"


def test_the_server_is_used_when_configured(indexed):
    settings, store = indexed
    with RerankServer("tei") as server:
        searcher = Searcher(with_server(settings, server.base + "/rerank"), store, FakeEmbedder())
        assert isinstance(searcher.reranker, HttpReranker)
        hits = searcher.search(QUESTION, top_k=2, scoped=False).hits
    assert [h.clause_id for h in hits] == fused_ids(settings, store, 4)[::-1][:2]
    assert "model" not in server.requests[0] and "Authorization" not in server.headers[0]


# -- a server that fails: the fused order is kept ------------------------------------------------


def test_a_down_server_keeps_the_fused_order(indexed, caplog):
    settings, store = indexed
    reranker = HttpReranker(f"http://127.0.0.1:{free_port()}/rerank", timeout=2)
    searcher = Searcher(settings, store, FakeEmbedder(), reranker=reranker)
    with caplog.at_level(logging.WARNING, logger="policyqa"):
        result = searcher.search(QUESTION, top_k=3, scoped=False)
    assert [h.clause_id for h in result.hits] == fused_ids(settings, store, 3)
    assert all("rerank" not in h.signal_scores for h in result.hits)
    assert "ConnectError" in result.rerank_skipped and result.timings_ms["rerank_skipped"] == 1.0
    assert "reranking skipped" in caplog.text
    # left alone for a while: the next search does not wait on it again
    again = searcher.search(QUESTION, top_k=3, scoped=False)
    assert "failed less than" in again.rerank_skipped
    assert [h.clause_id for h in again.hits] == [h.clause_id for h in result.hits]


@pytest.mark.parametrize(("status", "delay", "error"), [(500, 0.0, "HTTPStatusError"), (200, 2.0, "Timeout")])
def test_a_failing_or_slow_server_keeps_the_fused_order(indexed, status, delay, error):
    settings, store = indexed
    with RerankServer("jina", status=status, delay=delay) as server:
        reranker = HttpReranker(server.base, timeout=0.3, retry_after=0.0)
        started = time.perf_counter()
        result = Searcher(settings, store, FakeEmbedder(), reranker=reranker).search(
            QUESTION, top_k=3, scoped=False
        )
        assert time.perf_counter() - started < 1.5
    assert [h.clause_id for h in result.hits] == fused_ids(settings, store, 3)
    assert error in result.rerank_skipped


# -- a local cross-encoder, built here --------------------------------------------------------------


def tiny_cross_encoder(folder, pairs: list[tuple[str, str]]) -> None:
    """A 2-layer, 32-wide BERT cross-encoder (one logit) with a vocabulary of the document's own
    characters, saved as a folder the way a copied bge-reranker is. Seeded, so its scores are
    fixed; a freshly initialised BERT gives nearly the same logit to every input, so the
    classifier is scaled up and centred on `pairs` to spread their scores over (0, 1)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizer

    folder.mkdir()
    characters = sorted({c for pair in pairs for c in "".join(pair) if not c.isspace()})
    vocab = folder / "vocab.txt"
    vocab.write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *characters]) + "\n", "utf-8")
    tokenizer = BertTokenizer(str(vocab))
    torch.manual_seed(7)
    config = BertConfig(
        vocab_size=5 + len(characters),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=256,
        num_labels=1,
    )
    model = BertForSequenceClassification(config).eval()
    encoded = tokenizer([q for q, _ in pairs], [p for _, p in pairs], return_tensors="pt", padding=True)
    with torch.no_grad():
        model.classifier.weight.mul_(30_000.0)
        model.classifier.bias.sub_(model(**encoded).logits.mean())
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)


@pytest.mark.slow
def test_a_local_cross_encoder_reorders_the_hits(indexed, tmp_path):
    from sentence_transformers import CrossEncoder

    settings, store = indexed
    plain = Searcher(settings, store, FakeEmbedder())
    pool = plain.search(QUESTION, top_k=pool_size(3), scoped=False).hits
    entries = [plain.catalog.get(h.clause_id) for h in pool]
    pairs = [(QUESTION, rerank_module.passage(e.doc.title, e.clause.path, e.clause.text)) for e in entries]
    folder = tmp_path / "tiny-reranker"
    tiny_cross_encoder(folder, pairs)

    searcher = Searcher(replace(settings, reranker=str(folder)), store, FakeEmbedder())
    assert isinstance(searcher.reranker, LocalReranker)
    result = searcher.search(QUESTION, top_k=3, scoped=False)

    # the order the model's own predict gives the pool's passages
    predicted = [float(s) for s in CrossEncoder(str(folder), device="cpu").predict(pairs)]
    ordered = sorted(predicted)
    assert min(b - a for a, b in itertools.pairwise(ordered)) > 1e-3  # the order is no rounding accident
    expected = sorted(range(len(pool)), key=lambda i: -predicted[i])[:3]
    assert [h.clause_id for h in result.hits] == [pool[i].clause_id for i in expected]
    assert [h.signal_scores["rerank"] for h in result.hits] == [round(predicted[i], 4) for i in expected]
    assert [h.clause_id for h in result.hits] != [h.clause_id for h in pool[:3]]  # it did reorder
    assert [h.score for h in result.hits] == [pool[i].score for i in expected]  # fused scores kept
    assert result.rerank_skipped is None and result.timings_ms["rerank"] > 0


@pytest.mark.slow
def test_a_folder_that_is_no_model_keeps_the_fused_order(indexed, tmp_path):
    settings, store = indexed
    (tmp_path / "empty").mkdir()
    searcher = Searcher(replace(settings, reranker=str(tmp_path / "empty")), store, FakeEmbedder())
    result = searcher.search(QUESTION, top_k=3, scoped=False)
    assert [h.clause_id for h in result.hits] == fused_ids(settings, store, 3)
    assert "cannot load reranker" in result.rerank_skipped
    again = searcher.search(QUESTION, top_k=3, scoped=False)  # not loaded again
    assert again.rerank_skipped == result.rerank_skipped
