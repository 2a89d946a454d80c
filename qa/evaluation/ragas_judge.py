"""ragas' LLM-judged metrics: faithfulness, answer relevancy, context precision and context recall,
with any OpenAI-compatible server as the judge (ragas' `collections` metrics over `llm_factory`,
which asks for `response_format={"type": "json_object"}`).

A judge can fail on an item (invalid JSON from a small model, a timeout, a NaN when it extracts no
statement from a Chinese answer): that item then has no score for that metric, and the run
reports, per metric, the fraction of judged items that produced one (`ragas_judge.scored.*`).
"""

from __future__ import annotations

import asyncio
import math
import re
from typing import Any

from qa.answer.text import MARKER
from qa.config import Settings
from qa.errors import PolicyQAError
from qa.evaluation.golden import GoldenItem
from qa.records import Answer

METRICS = ("faithfulness", "answer_relevancy", "context_precision", "context_recall")


class JudgeError(PolicyQAError):
    """The judge is not configured or cannot be used."""


def _embeddings(embedder: Any):
    """Our sentence-transformers embedder as a ragas embedding (answer relevancy compares the
    question with questions the judge derives from the answer)."""
    from ragas.embeddings.base import BaseRagasEmbedding

    class _Embeddings(BaseRagasEmbedding):
        def embed_text(self, text: str, **kwargs: Any) -> list[float]:
            return embedder.embed_query(text).tolist()

        async def aembed_text(self, text: str, **kwargs: Any) -> list[float]:
            return self.embed_text(text)

        def embed_texts(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
            return embedder.embed(texts).tolist()

        async def aembed_texts(self, texts: list[str], **kwargs: Any) -> list[list[float]]:
            return self.embed_texts(texts)

    return _Embeddings()


class RagasJudge:
    """Scores answered, answerable golden items with ragas' LLM-judged metrics.

    `strictness` is how many questions answer relevancy asks the judge to derive from an answer:
    1 by default, since a low-temperature judge repeats itself and each call costs seconds on CPU."""

    def __init__(
        self,
        base_url: str | None,
        model: str | None,
        embedder: Any,
        api_key: str | None = None,
        timeout: float = 300.0,
        max_tokens: int = 1024,
        strictness: int = 1,
    ):
        if not base_url or not model:
            raise JudgeError(
                "the ragas judge needs a server: set POLICYQA_JUDGE_BASE_URL and POLICYQA_JUDGE_MODEL"
            )
        from openai import AsyncOpenAI
        from ragas.llms import llm_factory
        from ragas.metrics.collections import AnswerRelevancy, ContextPrecision, ContextRecall, Faithfulness

        client = AsyncOpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=0)
        llm = llm_factory(model, client=client, temperature=0.0, max_tokens=max_tokens)
        self.metrics = {
            "faithfulness": Faithfulness(llm=llm),
            "answer_relevancy": AnswerRelevancy(
                llm=llm, embeddings=_embeddings(embedder), strictness=strictness
            ),
            "context_precision": ContextPrecision(llm=llm),
            "context_recall": ContextRecall(llm=llm),
        }
        self.errors: list[str] = []  # one line per failed (item, metric), for the report
        # One event loop for the judge's life: the client's pooled keep-alive connections belong
        # to the loop that opened them, and a fresh asyncio.run per item finds them dead
        # ("Connection error" on every item's first call against a keep-alive server).
        self._loop = asyncio.new_event_loop()

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Any) -> RagasJudge:
        return cls(
            settings.judge_base_url,
            settings.judge_model,
            embedder,
            settings.judge_api_key,
            settings.judge_timeout,
        )

    async def _one(
        self, name: str, label: str, question: str, response: str, contexts: list[str], reference: str
    ) -> float | None:
        metric = self.metrics[name]
        arguments = {
            "faithfulness": dict(user_input=question, response=response, retrieved_contexts=contexts),
            "answer_relevancy": dict(user_input=question, response=response),
            "context_precision": dict(user_input=question, reference=reference, retrieved_contexts=contexts),
            "context_recall": dict(user_input=question, reference=reference, retrieved_contexts=contexts),
        }[name]
        try:
            value = float((await metric.ascore(**arguments)).value)
        except Exception as error:  # the judge's failures are data: counted, never fatal
            self.errors.append(f"{label} {name}: {type(error).__name__}: {str(error).splitlines()[0][:160]}")
            return None
        if math.isnan(value):
            self.errors.append(f"{label} {name}: NaN")
            return None
        return value

    def score(
        self,
        name: str,
        question: str,
        response: str = "",
        contexts: list[str] | None = None,
        reference: str = "",
        label: str = "",
    ) -> float | None:
        """One metric on one case, or None when the judge produced no score (the reason is in
        `errors`). The judge check (judge_check.py) scores its known cases through this."""
        return self._loop.run_until_complete(
            self._one(name, label, question, response, list(contexts or []), reference)
        )

    def item_scores(self, item: GoldenItem, answer: Answer, top_k: int = 5) -> dict[str, float]:
        """`ragas.<metric>` where the judge produced a score, and `ragas_judge.scored.<metric>`
        (1 or 0) for every judged item; refusals and unanswerable items are not judged."""
        if not item.answerable or answer.refused:
            return {}
        response = re.sub(r"\s+", "", MARKER.sub("", answer.answer))
        contexts = [hit.text for hit in answer.retrieved[:top_k]]

        values = [
            self.score(name, item.question, response, contexts, item.answer, item.id) for name in METRICS
        ]
        scores: dict[str, float] = {}
        for name, value in zip(METRICS, values, strict=True):
            scores[f"ragas_judge.scored.{name}"] = float(value is not None)
            if value is not None:
                scores[f"ragas.{name}"] = value
        return scores


def judged_sample(items: list[GoldenItem], answers: list[Answer], size: int | None) -> set[str]:
    """Ids of at most `size` answered, answerable items spread evenly over the list (and so over
    the types, which the golden file groups): a slow judge can then score a small, varied sample."""
    eligible = [
        item.id for item, answer in zip(items, answers, strict=True) if item.answerable and not answer.refused
    ]
    if size is None or size >= len(eligible):
        return set(eligible)
    step = len(eligible) / size
    return {eligible[int(i * step)] for i in range(size)}
