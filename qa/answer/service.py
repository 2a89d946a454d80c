"""The answer service: question in, cited answer (or an honest refusal) out.

resolve follow-up -> scope -> retrieve (per place for comparisons) -> decide from the evidence
whether the corpus answers it -> generator draft -> citation check -> Answer.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from qa.answer import citations, followup
from qa.answer.evidence import EvidenceStrength, RefusalPolicy, measure
from qa.answer.generators import DraftRequest, ExtractiveGenerator, Generator
from qa.answer.question import answer_type, content_tokens
from qa.config import GENERATORS, Settings
from qa.errors import PolicyQAError
from qa.records import Answer, Hit
from qa.retrieval.scope import SearchFilters, place_names
from qa.retrieval.searcher import Searcher

_PER_GROUP = 3  # clauses per place when a question compares places


@dataclass
class Prepared:
    """Everything decided before generation."""

    asked: str  # the question searched: the follow-up resolved when there was one
    resolved: str | None
    request: DraftRequest | None  # None: the corpus does not answer it
    hits: list[Hit]
    scope: str
    timings: dict[str, float]
    missing: list[tuple[str | None, list[Hit], EvidenceStrength]] = field(default_factory=list)
    strengths: list[EvidenceStrength] = field(default_factory=list)


class InvalidQuestionError(PolicyQAError):
    """The question is empty, too long, or otherwise unusable."""


def refusal_text(question: str) -> str:
    topic = question.strip().rstrip("？?。！!")
    return f"现有文件中没有找到关于“{topic}”的规定。"


class AnswerService:
    def __init__(
        self, settings: Settings, searcher: Searcher | None = None, policy: RefusalPolicy | None = None
    ):
        self.settings = settings
        self.searcher = searcher or Searcher(settings)
        self.policy = policy or RefusalPolicy()
        self._generators: dict[str, Generator] = {"extractive": ExtractiveGenerator()}

    # -- pieces ---------------------------------------------------------------------------
    def generator(self, name: str | None) -> Generator:
        name = name or self.settings.generator
        if name not in GENERATORS:
            raise InvalidQuestionError(f"unknown generator '{name}'; choose one of {', '.join(GENERATORS)}")
        if name not in self._generators:
            if name == "local":
                from qa.answer.local_generator import LocalGenerator

                self._generators[name] = LocalGenerator(self.settings)
            else:
                from qa.answer.llm_generator import OpenAICompatibleGenerator

                self._generators[name] = OpenAICompatibleGenerator(
                    self.settings.openai_base_url or "",
                    self.settings.openai_model or "",
                    self.settings.openai_api_key or "none",
                    timeout=self.settings.llm_timeout,
                )
        return self._generators[name]

    def available_generators(self) -> list[str]:
        """The generators that can answer now: extractive always, openai when a server is
        configured, local when its model file is installed (`make llm`)."""
        names = ["extractive"]
        if self.settings.openai_base_url and self.settings.openai_model:
            names.append("openai")
        if "local" in self._generators or (
            self.settings.local_model_path.is_file() and importlib.util.find_spec("xllamacpp") is not None
        ):
            names.append("local")
        return names

    def place_names(self) -> set[str]:
        return {name for meta in self.searcher.catalog.docs.values() for name in place_names(meta)}

    def validate(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise InvalidQuestionError("the question is empty")
        if len(question) > self.settings.max_question_chars:
            raise InvalidQuestionError(
                f"the question has {len(question)} characters; the limit is {self.settings.max_question_chars}"
            )
        return question

    # -- the pipeline -----------------------------------------------------------------------
    def prepare(
        self,
        question: str,
        top_k: int | None,
        doc_ids,
        history: list[str] | None,
        cities: tuple[str, ...] | list[str] | None = None,
        years: tuple[int, ...] | list[int] | None = None,
    ) -> Prepared:
        question = self.validate(question)
        previous = history[-1] if history else None
        resolved = followup.resolve(question, previous, self.place_names()) if previous else None
        asked = resolved or question
        top_k = top_k or self.settings.top_k
        filters = SearchFilters(tuple(doc_ids or ()), tuple(cities or ()), tuple(years or ()))
        result = self.searcher.search(asked, top_k, filters)
        timings = dict(result.timings_ms)
        hits = list(result.hits)
        scope = result.scope
        words = self.searcher.tokenizer(asked)
        scope_words = self.place_names() | set(scope.documents)
        tokens = content_tokens(words, scope_words)
        idf = self.searcher.loaded().idf

        groups: list[tuple[str | None, list[Hit]]] = [(None, hits)]
        compared = [name for name in scope.places if name in scope.groups] if filters.is_empty() else []
        if len(compared) >= 2:
            groups = []
            for name in compared:
                sub = self.searcher.search(
                    asked, _PER_GROUP, SearchFilters(doc_ids=tuple(sorted(scope.groups[name])))
                )
                for step, ms in sub.timings_ms.items():
                    timings[step] = timings.get(step, 0.0) + ms
                groups.append((name, sub.hits))
            hits = [h for _, group in groups for h in group]

        answerable_groups, missing_groups = [], []
        for label, group in groups:
            strength = measure(tokens, group, idf, answer_type(asked))
            (answerable_groups if self.policy.answerable(strength) else missing_groups).append(
                (label, group, strength)
            )
        strengths = [s for *_, s in answerable_groups + missing_groups]
        if not answerable_groups:
            return Prepared(asked, resolved, None, hits, scope.describe(), timings, missing_groups, strengths)

        evidence: list[Hit] = []
        numbered: list[tuple[str | None, list[int]]] = []
        for label, group, _ in answerable_groups:
            numbered.append((label, list(range(len(evidence), len(evidence) + len(group)))))
            evidence.extend(group)
        request = DraftRequest(asked, evidence, numbered, answer_type(asked), tokens, idf)
        return Prepared(asked, resolved, request, hits, scope.describe(), timings, missing_groups, strengths)

    def _begin(
        self, question, top_k, doc_ids, generator, history, cities=None, years=None
    ) -> tuple[float, Generator, Prepared]:
        started = time.perf_counter()
        chosen = self.generator(generator)  # an unknown generator fails before any search
        return started, chosen, self.prepare(question, top_k, doc_ids, history, cities, years)

    def answer(
        self,
        question: str,
        top_k: int | None = None,
        doc_ids=None,
        generator: str | None = None,
        history: list[str] | None = None,
        cities: list[str] | None = None,
        years: list[int] | None = None,
    ) -> Answer:
        started, chosen, prepared = self._begin(question, top_k, doc_ids, generator, history, cities, years)
        if prepared.request is None:
            return self._refusal(question, chosen.name, prepared, started)
        begun = time.perf_counter()
        draft = chosen.draft(prepared.request)
        prepared.timings["compose"] = (time.perf_counter() - begun) * 1000
        begun = time.perf_counter()
        checked = citations.check(draft, prepared.request.evidence)
        prepared.timings["check"] = (time.perf_counter() - begun) * 1000
        return self._finish(question, chosen.name, prepared, checked, started)

    def stream(
        self,
        question: str,
        top_k: int | None = None,
        doc_ids=None,
        generator: str | None = None,
        history: list[str] | None = None,
        cities: list[str] | None = None,
        years: list[int] | None = None,
    ) -> Iterator[str | Answer]:
        """Verified answer text as it is generated (str pieces, each sentence checked before it
        is shown), then the Answer last."""
        started, chosen, prepared = self._begin(question, top_k, doc_ids, generator, history, cities, years)
        if prepared.request is None:
            answer = self._refusal(question, chosen.name, prepared, started)
            yield answer.answer
            yield answer
            return
        begun = time.perf_counter()
        streaming = citations.StreamingCheck(prepared.request.evidence)
        shown = ""
        for delta in chosen.stream(prepared.request):
            if piece := streaming.feed(delta):
                shown += piece
                yield piece
        if piece := streaming.finish():
            shown += piece
            yield piece
        prepared.timings["compose"] = (time.perf_counter() - begun) * 1000  # generation and check interleave
        answer = self._finish(question, chosen.name, prepared, streaming.result(), started)
        if answer.answer.startswith(shown.strip()):
            rest = answer.answer[len(shown.strip()) :]
        else:  # nothing survived the check: the refusal replaces what was shown
            rest = "\n" + answer.answer
        if rest:
            yield rest
        yield answer

    def _finish(self, question: str, name: str, prepared: Prepared, checked, started: float) -> Answer:
        timings = prepared.timings
        text = checked.text
        for label, _, _ in prepared.missing:
            text += f"\n{label}：现有文件中没有找到相关规定。"
        refused = not checked.citations
        if refused:  # the generator produced nothing the clauses support
            text = refusal_text(prepared.asked)
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(
            question=question,
            answer=text.strip(),
            refused=refused,
            generator=name,
            citations=checked.citations,
            retrieved=prepared.hits,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            check=checked.report,
            scope=prepared.scope,
            resolved_question=prepared.resolved,
        )

    def _refusal(self, question: str, name: str, prepared: Prepared, started: float) -> Answer:
        timings = prepared.timings
        related = "；".join(f"《{h.doc_title}》{h.locator} {h.title}" for h in prepared.hits[:3])
        text = refusal_text(prepared.asked)
        if related:
            text += f"\n可能相关的条款（不构成答案）：{related}"
        timings["total"] = (time.perf_counter() - started) * 1000
        return Answer(
            question=question,
            answer=text,
            refused=True,
            generator=name,
            citations=[],
            retrieved=prepared.hits,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            scope=prepared.scope,
            resolved_question=prepared.resolved,
        )
