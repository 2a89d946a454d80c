"""The answer service: question in, cited answer (or an honest refusal) out.

It runs the stages of qa/answer/stages/ in order: understand → retrieve → judge → draft → verify
→ assemble. `stream()` is the chain; `answer()` is `stream()` drained, so the two cannot drift.
`check()` is the optional last stage: a second reader, slow (seconds), so it is asked for apart.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

from qa.answer.answerability import AnswerabilityPolicy, VerificationModel
from qa.answer.checker import Reader, reader_for
from qa.answer.followup import point_number
from qa.answer.generators import Generator
from qa.answer.stages.assemble import Assemble
from qa.answer.stages.check import Check
from qa.answer.stages.draft import Draft, GeneratorRegistry
from qa.answer.stages.judge import Judge
from qa.answer.stages.records import Judgement, Question
from qa.answer.stages.retrieve import Retrieve
from qa.answer.stages.understand import Understand
from qa.answer.stages.verify import Verified, Verify
from qa.config import Settings
from qa.errors import NotFoundError
from qa.records import Answer
from qa.retrieval.scope import SearchFilters, place_names
from qa.retrieval.searcher import Searcher


class AnswerService:
    def __init__(
        self, settings: Settings, searcher: Searcher | None = None, policy: AnswerabilityPolicy | None = None
    ):
        self.settings = settings
        self.searcher = searcher or Searcher(settings)
        self.generators = GeneratorRegistry(settings)
        self.understand = Understand(settings.max_question_chars, settings.top_k, self.place_names)
        self.retrieve = Retrieve(self.searcher, self.place_names)
        self.judge = Judge(policy)
        self.draft = Draft()
        self.verify = Verify()
        self.assemble = Assemble()
        self._reader: Reader | None = None
        self.check_stage = Check(self.reader, VerificationModel.load(), settings.check_prompt_chars)

    def reader(self) -> Reader | None:
        """The second reader, made on first use (None: no model to check with)."""
        if self._reader is None:
            self._reader = reader_for(self.settings)
        return self._reader

    def can_check(self) -> bool:
        """Whether there is a model to check with (making the reader loads no model)."""
        return self.reader() is not None

    def check(self, answer: Answer) -> Answer:
        """The answer checked by the second reader (check stage); a refusal is returned as is."""
        return self.check_stage.run(answer)

    def generator(self, name: str | None) -> Generator:
        return self.generators.get(name)

    def available_generators(self) -> list[str]:
        return self.generators.available()

    def place_names(self) -> set[str]:
        return {name for meta in self.searcher.catalog.docs.values() for name in place_names(meta)}

    def require_known(self, doc_ids: tuple[str, ...]) -> None:
        """An unknown doc_id is the caller's mistake, not a question the corpus cannot answer."""
        known = self.searcher.catalog.docs
        unknown = [d for d in doc_ids if d not in known]
        if unknown:
            raise NotFoundError(f"unknown doc_id {', '.join(unknown)}; known: {', '.join(sorted(known))}")

    def validate(self, question: str) -> str:
        return self.understand.validate(question)

    def prepare(
        self,
        question: str,
        top_k: int | None = None,
        doc_ids=None,
        history: list[str] | None = None,
        cities: tuple[str, ...] | list[str] | None = None,
        years: tuple[int, ...] | list[int] | None = None,
        cited: list[str] | None = None,
    ) -> Judgement:
        """Everything decided before generation: understood, retrieved and judged. `cited`: the
        clause ids the previous answer cited, for "第二点具体是什么"; when a caller (the OpenAI
        route, the CLI) does not have them, the previous question is answered again to find them."""
        filters = SearchFilters(tuple(doc_ids or ()), tuple(cities or ()), tuple(years or ()))
        self.require_known(filters.doc_ids)
        if cited is None and history and point_number(question) is not None:
            previous = self.answer(history[-1], history=list(history[:-1]), generator="extractive")
            cited = [c.clause_id for c in previous.citations]
        asked = Question(question, tuple(history or ()), filters, top_k, tuple(cited or ()))
        return self.judge.run(self.retrieve.run(self.understand.run(asked)))

    def stream(
        self,
        question: str,
        top_k: int | None = None,
        doc_ids=None,
        generator: str | None = None,
        history: list[str] | None = None,
        cities: list[str] | None = None,
        years: list[int] | None = None,
        cited: list[str] | None = None,
        on_prepared: Callable[[], None] | None = None,
    ) -> Iterator[str | Answer]:
        """Verified answer text as it is generated (str pieces, each sentence checked before it
        is shown), then the Answer last. `on_prepared` is called once the question is understood,
        retrieved and judged, before generation (a slow model's wait starts there)."""
        started = time.perf_counter()
        chosen = self.generator(generator)  # an unknown generator fails before any search
        judgement = self.prepare(question, top_k, doc_ids, history, cities, years, cited)
        if on_prepared is not None:
            on_prepared()
        timings = judgement.evidence.timings
        if judgement.request is None:
            timings["total"] = (time.perf_counter() - started) * 1000
            answer = self.assemble.run(judgement, None, chosen.name, timings)
            yield answer.answer
            yield answer
            return
        begun = time.perf_counter()
        shown, verified = "", None
        for piece in self.verify.run(self.draft.run(judgement, chosen), judgement.request.evidence):
            if isinstance(piece, Verified):
                verified = piece
            else:
                shown += piece
                yield piece
        # generation and check interleave: compose is both, check the part spent checking
        timings["compose"] = (time.perf_counter() - begun) * 1000
        timings["check"] = verified.check_ms
        timings["total"] = (time.perf_counter() - started) * 1000
        answer = self.assemble.run(judgement, verified.checked, chosen.name, timings)
        if answer.answer.startswith(shown.strip()):
            rest = answer.answer[len(shown.strip()) :]
        else:  # nothing survived the check: the refusal replaces what was shown
            rest = "\n" + answer.answer
        if rest:
            yield rest
        yield answer

    def answer(
        self,
        question: str,
        top_k: int | None = None,
        doc_ids=None,
        generator: str | None = None,
        history: list[str] | None = None,
        cities: list[str] | None = None,
        years: list[int] | None = None,
        cited: list[str] | None = None,
    ) -> Answer:
        """The whole answer at once: `stream()` drained."""
        for piece in self.stream(question, top_k, doc_ids, generator, history, cities, years, cited):
            if isinstance(piece, Answer):
                return piece
        raise AssertionError("stream() always ends with the Answer")
