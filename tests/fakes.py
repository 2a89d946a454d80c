"""Stand-ins for the heavy parts in unit tests: deterministic, instant, and countable."""

from __future__ import annotations

import contextlib
import hashlib

import numpy as np


class FakeEmbedder:
    """Bag-of-characters vectors (similar texts get similar vectors), counting its work.
    `fail_after` raises after that many texts, to simulate a crash mid-ingest."""

    def __init__(self, dimension: int = 64, fail_after: int | None = None, exception: type = RuntimeError):
        self.model_name = "fake-embedder"
        self.dimension = dimension
        self.max_tokens = 512
        self.embedded = 0
        self.fail_after = fail_after
        self.exception = exception

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        if self.fail_after is not None and self.embedded + len(texts) > self.fail_after:
            raise self.exception("simulated crash while embedding")
        self.embedded += len(texts)
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for char in text:
                vectors[row, int(hashlib.md5(char.encode()).hexdigest(), 16) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


class FakeChatServer:
    """An OpenAI-compatible /v1/chat/completions on 127.0.0.1 that replies with canned answers
    (in order, the last one repeating), streamed or not. `delay` makes it slow; requests are kept."""

    def __init__(
        self,
        replies: list[str],
        delay: float = 0.0,
        reply_for=None,
        keep_alive: bool = False,
        top_logprobs: list[tuple[str, float]] | None = None,
    ):
        import json
        import threading
        import time
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.replies, self.delay, self.requests = list(replies), delay, []
        self.reply_for = reply_for  # request body -> reply text, instead of the canned list
        self.top_logprobs = top_logprobs  # the first token's, when a request asks for logprobs
        server = self

        class Handler(BaseHTTPRequestHandler):
            # HTTP/1.1 keeps connections open between requests, as llama.cpp's server does
            protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

            def log_message(self, *args):  # keep test output clean
                pass

            def do_POST(self):
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                    self._reply()

            def _reply(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                server.requests.append(body)
                time.sleep(server.delay)
                if server.reply_for is not None:
                    reply = server.reply_for(body)
                else:
                    reply = server.replies.pop(0) if len(server.replies) > 1 else server.replies[0]
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    for i in range(0, len(reply), 4):
                        chunk = {
                            "id": "x",
                            "object": "chat.completion.chunk",
                            "created": 0,
                            "model": "fake",
                            "choices": [
                                {"index": 0, "delta": {"content": reply[i : i + 4]}, "finish_reason": None}
                            ],
                        }
                        self.wfile.write(f"data: {json.dumps(chunk, ensure_ascii=False)}\n\n".encode())
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = {
                    "id": "x",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "fake",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply},
                            "finish_reason": "stop",
                            **self._logprobs(body),
                        }
                    ],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                }
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _logprobs(self, body: dict) -> dict:
                if not (body.get("logprobs") and server.top_logprobs):
                    return {}
                top = [{"token": t, "logprob": lp} for t, lp in server.top_logprobs]
                return {"logprobs": {"content": [{**top[0], "top_logprobs": top}]}}

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeChatServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


class FakeJudge:
    """Replies to ragas' structured-output prompts (instructor JSON mode: the JSON schema of the
    expected answer is in the system message) with a valid instance of that schema: every 0/1
    field (verdict, attributed, noncommittal) set as configured, every list with one element.
    `broken` replies with text that is not JSON, as a small model sometimes does."""

    def __init__(
        self, verdict: int = 1, noncommittal: int = 0, question: str = "洛阳新建多少所学校？", broken=False
    ):
        self.verdict, self.noncommittal, self.question, self.broken = verdict, noncommittal, question, broken

    def __call__(self, body: dict) -> str:
        import json

        if self.broken:
            return "对不起，我无法回答。"
        system = body["messages"][0]["content"]
        start = system.index("{")
        schema, _ = json.JSONDecoder().raw_decode(system[start:])
        return json.dumps(self._instance(schema, schema), ensure_ascii=False)

    def _instance(self, node: dict, root: dict, name: str = ""):
        if "$ref" in node:
            return self._instance(root["$defs"][node["$ref"].split("/")[-1]], root, name)
        kind = node.get("type")
        if kind == "object":
            return {
                key: self._instance(value, root, key) for key, value in node.get("properties", {}).items()
            }
        if kind == "array":
            return [self._instance(node["items"], root, name)]
        if kind == "integer":
            return self.noncommittal if name == "noncommittal" else self.verdict
        if name == "question":
            return self.question
        return "洛阳2022年新建农村寄宿制学校41所"


class FakeLlamaServer:
    """Stands in for xllamacpp.Server: streams `reply` in 2-character chunks through the callback,
    `first_delay` seconds before the first and `delay` between chunks; honours the callback's
    True (stop). Records requests, how many ran at once, and whether it was told to stop."""

    def __init__(
        self,
        reply: str = "回答[1]。",
        delay: float = 0.0,
        first_delay: float = 0.0,
        top_logprobs: list[tuple[str, float]] | None = None,
    ):
        import threading

        self.reply, self.delay, self.first_delay = reply, delay, first_delay
        self.top_logprobs = top_logprobs  # the first token's, sent when a request asks for logprobs
        self.requests: list[dict] = []
        self.active = self.most_active = 0
        self.stopped = False
        self.listening_address = "http://127.0.0.1:1"
        self._lock = threading.Lock()

    def handle_chat_completions(self, request: dict, callback=None):
        import time

        with self._lock:
            self.requests.append(request)
            self.active += 1
            self.most_active = max(self.most_active, self.active)
        try:
            time.sleep(self.first_delay)
            for i in range(0, len(self.reply), 2):
                chunk = {"choices": [{"index": 0, "delta": {"content": self.reply[i : i + 2]}}]}
                if i == 0 and request.get("logprobs") and self.top_logprobs:
                    top = [{"token": t, "logprob": lp} for t, lp in self.top_logprobs]
                    chunk["choices"][0]["logprobs"] = {"content": [{**top[0], "top_logprobs": top}]}
                if callback(chunk):
                    self.stopped = True
                    return None
                time.sleep(self.delay)
            callback({"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        finally:
            with self._lock:
                self.active -= 1
