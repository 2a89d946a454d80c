"""The second reader: a language model asked whether the cited clauses state what the question
asks. Its answer is read from the token log-probabilities of the first reply token, P(是), never
parsed from prose: the small local model is a better reader than a chooser, and it is not
calibrated (it rarely puts 否 first), so its probability is one feature of a model fitted on dev
(qa/answer/answerability.py, VerificationModel), not a verdict by itself.

Readers: the bundled local model (llama.cpp returns `top_logprobs`), or any OpenAI-compatible
server (vLLM, Xinference, Ollama). A server that returns no log-probabilities is asked for one
token and its 是/否 is taken as 1/0 (method `constrained`), and the answer says so.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Protocol

from qa.answer.prompt import CHECK_SYSTEM_PROMPT, build_check_prompt
from qa.config import Settings
from qa.errors import UnavailableError
from qa.records import Citation

YES_TOKENS = frozenset({"是", "是的", "对", "yes", "Yes", "YES"})
NO_TOKENS = frozenset({"否", "不是", "不", "没有", "无", "no", "No", "NO"})
TOP_LOGPROBS = 10


class CheckUnavailableError(UnavailableError):
    """No reader is configured, or it failed, timed out or gave nothing readable."""


@dataclass(frozen=True)
class Reading:
    p_yes: float
    model: str
    method: str  # logprobs | constrained
    ms: float


def p_yes(top: list[tuple[str, float]]) -> float | None:
    """P(是 | 是 or 否) from the first token's top log-probabilities (None: neither is among them)."""
    yes = sum(math.exp(lp) for token, lp in top if token.strip() in YES_TOKENS)
    no = sum(math.exp(lp) for token, lp in top if token.strip() in NO_TOKENS)
    return yes / (yes + no) if yes + no > 0 else None


def excerpt(text: str, quote: str, budget: int) -> str:
    """The clause cut to `budget` characters around the span the answer quoted from it."""
    if len(text) <= budget:
        return text
    at = max(0, text.find(quote)) if quote else 0
    start = max(0, min(at - (budget - len(quote)) // 2, len(text) - budget))
    return ("…" if start else "") + text[start : start + budget] + ("…" if start + budget < len(text) else "")


def check_messages(question: str, citations: list[Citation], shape: str, budget: int) -> list[dict]:
    """The check's prompt: the cited clauses (at most three, sharing `budget` characters)."""
    cited = citations[:3]
    share = max(150, budget // max(1, len(cited)))
    clauses = [(c.ref.label(), excerpt(c.text, c.quote, share)) for c in cited]
    return [
        {"role": "system", "content": CHECK_SYSTEM_PROMPT},
        {"role": "user", "content": build_check_prompt(question, clauses, shape)},
    ]


class Reader(Protocol):
    model: str

    def read(self, messages: list[dict]) -> Reading: ...


class LocalReader:
    """The bundled model, in-process. Checks queue on its one lock with the answers it writes; a
    wait past the timeout is an error (reported as 未核对), never a hang."""

    def __init__(self, settings: Settings, model=None):
        from qa.llm.runtime import ModelConfig, shared_model

        self.timeout = settings.check_timeout
        self.llm = model or shared_model(ModelConfig.from_settings(settings))
        self.model = "local:" + settings.local_model_path.name

    def read(self, messages: list[dict]) -> Reading:
        from qa.llm.runtime import LocalModelError

        begun = time.perf_counter()
        try:
            top = self.llm.first_token(messages, TOP_LOGPROBS, self.timeout)
        except LocalModelError as error:
            raise CheckUnavailableError(str(error)) from None
        probability = p_yes(top)
        if probability is None:
            raise CheckUnavailableError(
                f"neither 是 nor 否 among the first tokens: {[t for t, _ in top[:5]]}"
            )
        return Reading(probability, self.model, "logprobs", (time.perf_counter() - begun) * 1000)


class OpenAIReader:
    """Any OpenAI-compatible chat server: `logprobs` + `top_logprobs` on one token."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0):
        self.base_url, self.model, self.api_key, self.timeout = base_url.rstrip("/"), model, api_key, timeout

    def read(self, messages: list[dict]) -> Reading:
        import httpx

        begun = time.perf_counter()
        body = {
            "model": self.model,
            "messages": messages,
            "max_tokens": 1,
            "temperature": 0,
            "logprobs": True,
            "top_logprobs": TOP_LOGPROBS,
        }
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        try:
            response = httpx.post(
                f"{self.base_url}/chat/completions", json=body, headers=headers, timeout=self.timeout
            )
            response.raise_for_status()
            choice = response.json()["choices"][0]
        except (httpx.HTTPError, ValueError, KeyError, IndexError) as error:
            raise CheckUnavailableError(f"the check model failed: {type(error).__name__}: {error}") from None
        ms = (time.perf_counter() - begun) * 1000
        tokens = ((choice.get("logprobs") or {}).get("content")) or []
        if tokens and tokens[0].get("top_logprobs"):
            top = [(t["token"], float(t["logprob"])) for t in tokens[0]["top_logprobs"]]
            probability = p_yes(top)
            if probability is not None:
                return Reading(probability, self.model, "logprobs", ms)
        # no log-probabilities from this server: its one-token answer, as 1 or 0
        text = ((choice.get("message") or {}).get("content") or "").strip()
        if text[:1] in ("是", "否"):
            return Reading(1.0 if text[:1] == "是" else 0.0, self.model, "constrained", ms)
        raise CheckUnavailableError(f"the check model answered neither 是 nor 否: {text[:20]!r}")


def reader_for(settings: Settings) -> Reader | None:
    """The configured reader: a server when POLICYQA_CHECK_BASE_URL is set, else the local model
    when installed, else None (answers are then marked 未核对)."""
    if settings.check_base_url:
        return OpenAIReader(
            settings.check_base_url,
            settings.check_model or "default",
            settings.check_api_key,
            settings.check_timeout,
        )
    if settings.local_model_path.is_file():
        return LocalReader(settings)
    return None
