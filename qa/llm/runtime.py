"""The local model: one xllamacpp Server per process, loaded lazily on first use and shared.

xllamacpp runs llama.cpp's own server in-process. We drive it with OpenAI-style chat requests
(`chat`, `stream`), one at a time: requests queue on a lock, and a request that waits or runs past
its timeout is stopped and reported (LocalModelError), never left running. The same server also
listens on a loopback port, an OpenAI-compatible endpoint (`base_url`) for other tools, e.g. an
LLM judge (`response_format={"type": "json_object"}` is honoured there and in `chat`).
"""

from __future__ import annotations

import queue
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qa.config import Settings
from qa.errors import UnavailableError


class LocalModelError(UnavailableError):
    """The local model is not installed, failed to load, is busy past the timeout, or timed out."""


_PROCESS_TOKEN = secrets.token_urlsafe(24)  # one per process, so equal configs share one model


@dataclass(frozen=True)
class ModelConfig:
    path: Path
    threads: int = 2
    n_ctx: int = 2048
    max_tokens: int = 200  # a cap for every request, the HTTP endpoint's included
    timeout: float = 120.0  # seconds for one request: queueing, prompt and generation
    temperature: float = 0.1
    port: int = 0  # the loopback OpenAI-compatible endpoint; 0: any free port
    # The endpoint's bearer token: other local users of the machine could otherwise reach the
    # model on its loopback port. The API token when one is set, else a fresh one per process.
    api_key: str = field(default_factory=lambda: _PROCESS_TOKEN)

    @classmethod
    def from_settings(cls, settings: Settings, **overrides) -> ModelConfig:
        values = {
            "path": settings.local_model_path,
            "threads": settings.local_threads,
            "n_ctx": settings.local_ctx,
            "max_tokens": settings.local_max_tokens,
            "timeout": settings.local_timeout,
        }
        if settings.api_token:
            values["api_key"] = settings.api_token
        return cls(**(values | overrides))


def not_installed_message(path: Path) -> str:
    return f"the local model is not installed ({path} not found): run make llm (or policyqa models install)"


def _load_server(config: ModelConfig):
    """The real runtime: an xllamacpp Server with the model loaded (a few seconds)."""
    try:
        import xllamacpp
    except ImportError:
        raise LocalModelError(
            "the local model runtime (xllamacpp) is not installed: run make llm (or policyqa models install)"
        ) from None
    params = xllamacpp.CommonParams()
    params.model.path = str(config.path)
    params.n_ctx = config.n_ctx
    params.n_predict = config.max_tokens
    params.n_parallel = 1  # 2 cores: one request at a time is fastest; the rest wait on our lock
    params.cpuparams.n_threads = config.threads
    params.cpuparams_batch.n_threads = config.threads
    params.sampling.temp = config.temperature
    params.sampling.seed = 42  # the same prompt gives the same answer
    params.hostnames = ["127.0.0.1"]  # the OpenAI-compatible endpoint stays on loopback
    params.port = config.port
    params.api_keys = [config.api_key]  # and wants its token
    params.verbosity = -1
    return xllamacpp.Server(params)


class LocalModel:
    """Owns the runtime server. `server_factory` lets tests put in a fake runtime."""

    def __init__(self, config: ModelConfig, server_factory: Callable[[ModelConfig], object] | None = None):
        self.config = config
        self._factory = server_factory or _load_server
        self._server = None
        self._load_lock = threading.Lock()
        self._busy = threading.Lock()  # one generation at a time; others queue here
        self.last_timings: dict = {}  # llama.cpp's figures for the last request (tokens, tokens/s)

    # -- loading ------------------------------------------------------------------------------
    def installed(self) -> bool:
        return self.config.path.is_file()

    def server(self):
        if self._server is None:
            with self._load_lock:
                if self._server is None:
                    if self._factory is _load_server and not self.installed():
                        raise LocalModelError(not_installed_message(self.config.path))
                    try:
                        self._server = self._factory(self.config)
                    except LocalModelError:
                        raise
                    except Exception as error:  # a corrupt file, too little memory …
                        raise LocalModelError(
                            f"the local model failed to load: {type(error).__name__}: {str(error)[:200]}"
                        ) from None
        return self._server

    @property
    def base_url(self) -> str:
        """An OpenAI-compatible endpoint (http://127.0.0.1:PORT/v1) served by the same model."""
        return str(self.server().listening_address).rstrip("/") + "/v1"

    # -- requests ---------------------------------------------------------------------------
    def _request(self, messages: list[dict], max_tokens: int | None, stream: bool, **extra) -> dict:
        body = {
            "messages": messages,
            "max_tokens": min(max_tokens or self.config.max_tokens, self.config.max_tokens),
            "temperature": self.config.temperature,
            "cache_prompt": True,
            "stream": stream,
        }
        body.update(extra)
        return body

    def _acquire(self, deadline: float, timeout: float) -> None:
        if not self._busy.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise LocalModelError(f"the local model is busy: waited {timeout:g} s for earlier requests")

    def stream(
        self, messages: list[dict], max_tokens: int | None = None, timeout: float | None = None, **extra
    ) -> Iterator[str]:
        """Text deltas as the model writes them. Generation runs on a worker thread; it is told to
        stop when the timeout passes or when the caller stops reading."""
        for choice in self._choices(messages, max_tokens, timeout, **extra):
            text = (choice.get("delta") or {}).get("content")
            if text:
                yield text

    def first_token(
        self, messages: list[dict], top_logprobs: int = 10, timeout: float | None = None
    ) -> list[tuple[str, float]]:
        """The most likely first tokens of the reply and their log-probabilities, most likely
        first: a reading of the model's belief, not of its prose (one token is generated)."""
        for choice in self._choices(messages, 1, timeout, logprobs=True, top_logprobs=top_logprobs):
            for token in (choice.get("logprobs") or {}).get("content") or []:
                return [(t["token"], float(t["logprob"])) for t in token.get("top_logprobs") or []]
        raise LocalModelError("the local model returned no log-probabilities")

    def _choices(
        self, messages: list[dict], max_tokens: int | None, timeout: float | None, **extra
    ) -> Iterator[dict]:
        """The streamed choices of one request, bounded by the timeout (queueing included)."""
        timeout = timeout or self.config.timeout
        server = self.server()  # loading (once, a few seconds) is not part of a request's time
        deadline = time.monotonic() + timeout
        self._acquire(deadline, timeout)
        stop = threading.Event()
        late = threading.Event()
        pieces: queue.Queue = queue.Queue()
        done = object()

        def on_chunk(chunk) -> bool:
            if isinstance(chunk, dict):
                if "error" in chunk:
                    pieces.put(LocalModelError(f"the local model failed: {str(chunk['error'])[:200]}"))
                    return True
                if "timings" in chunk:
                    self.last_timings = dict(chunk["timings"])
                for choice in chunk.get("choices") or []:
                    pieces.put(choice)
            if time.monotonic() > deadline:
                late.set()
            return stop.is_set() or late.is_set()

        def work() -> None:
            try:
                result = server.handle_chat_completions(
                    self._request(messages, max_tokens, True, **extra), on_chunk
                )
                if isinstance(result, dict) and "error" in result:  # refused before streaming
                    pieces.put(LocalModelError(f"the local model failed: {str(result['error'])[:200]}"))
            except Exception as error:
                pieces.put(LocalModelError(f"the local model failed: {type(error).__name__}: {error}"))
            finally:
                self._busy.release()
                pieces.put(done)

        threading.Thread(target=work, name="policyqa-local-llm", daemon=True).start()
        try:
            while True:
                try:
                    item = pieces.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    item = None
                if item is None or (item is done and late.is_set()):
                    raise LocalModelError(f"the local model timed out after {timeout:g} s")
                if item is done:
                    return
                if isinstance(item, Exception):
                    raise item
                yield item
        finally:
            stop.set()  # the caller stopped reading, or an error: let the worker finish quickly

    def chat(
        self, messages: list[dict], max_tokens: int | None = None, timeout: float | None = None, **extra
    ) -> str:
        """The whole reply (bounded like `stream`). Extra fields go into the request, e.g.
        `response_format={"type": "json_object"}`."""
        return "".join(self.stream(messages, max_tokens, timeout, **extra))


_shared: dict[ModelConfig, LocalModel] = {}
_shared_lock = threading.Lock()


def shared_model(config: ModelConfig) -> LocalModel:
    """The process-wide model for `config` (created once; loaded on first request)."""
    with _shared_lock:
        if config not in _shared:
            _shared[config] = LocalModel(config)
        return _shared[config]


# -- for other tools (e.g. an LLM judge): the same model behind an OpenAI-compatible API ---------
JUDGE_MAX_TOKENS = 1024


def openai_base_url(settings: Settings, max_tokens: int = JUDGE_MAX_TOKENS) -> str:
    """http://127.0.0.1:PORT/v1 of an in-process OpenAI-compatible server running the local
    model (loaded on first call, shared per process; chat/completions with `response_format`
    json_object or json_schema, streaming, /v1/models). Any model name is accepted."""
    return shared_model(ModelConfig.from_settings(settings, max_tokens=max_tokens)).base_url


def llama_index_llm(settings: Settings, max_tokens: int = JUDGE_MAX_TOKENS):
    """A llama-index LLM over that endpoint (e.g. for ragas' LlamaIndexLLMWrapper)."""
    from llama_index.llms.openai_like import OpenAILike

    return OpenAILike(
        model="local",
        api_base=openai_base_url(settings, max_tokens),
        api_key=shared_model(ModelConfig.from_settings(settings, max_tokens=max_tokens)).config.api_key,
        is_chat_model=True,
        context_window=settings.local_ctx,
        max_tokens=max_tokens,
        timeout=settings.local_timeout,
        max_retries=0,
        temperature=0.0,
    )
