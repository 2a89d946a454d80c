"""Stage 7 (optional), check: after verify has checked every citation against its clause, a second
reader (qa/answer/checker.py) is asked whether the cited clauses state what the question asks.
Its P(是) and the fast judge's probability go into the verification model fitted on dev, whose
probability becomes the answer's `confidence` and decides one of three outcomes:

- below the refusal threshold: an honest refusal, the clauses it had cited shown as `related`;
- in the uncertain band: the answer as it was, with its caveat (可能未回答所问);
- above it: the answer, the check having found nothing wrong (未发现问题: neutral, no promise);
- at or above the verified threshold, where the fit set one: verified (已核对). It is set only
  where dev's verified answers were right at least 0.97 of the time (cross-validated): a green
  badge is a promise the small reader must have earned.

A check that fails or times out leaves the answer as it was, marked `unchecked`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from qa.answer.answerability import VerificationModel, verification_features
from qa.answer.checker import CheckUnavailableError, Reader, check_messages
from qa.answer.question import question_shape
from qa.answer.slot import read_slot
from qa.answer.stages.assemble import CAUTION, CAVEAT
from qa.records import NO_ISSUE, REFUTED, UNCERTAIN, UNCHECKED, VERIFIED, Answer, Verification

REFUSAL = "现有文件中没有找到明确回答这个问题的内容：核对后，找到的条款并未给出所问的内容。"


class Check:
    def __init__(
        self,
        reader: Callable[[], Reader | None],
        model: VerificationModel | None,
        prompt_chars: int = 900,
    ):
        self._reader = reader  # built on first use: the local model loads only when a check runs
        self.model = model
        self.prompt_chars = prompt_chars

    def run(self, answer: Answer) -> Answer:
        """The answer with its verification (a refusal has nothing to check and is returned as is)."""
        if answer.refused or not answer.citations:
            return answer
        question = answer.resolved_question or answer.question
        shape = question_shape(question)
        begun = time.perf_counter()
        reader = None
        try:
            reader = self._reader()
            if reader is None:
                raise CheckUnavailableError(
                    "no model to check with: run make llm, or set POLICYQA_CHECK_BASE_URL"
                )
            reading = reader.read(check_messages(question, answer.citations, shape, self.prompt_chars))
        except CheckUnavailableError as error:
            ms = (time.perf_counter() - begun) * 1000
            model = reader.model if reader is not None else ""
            return replace(
                answer, verification=Verification(model, UNCHECKED, ms=round(ms, 1), note=str(error))
            )
        judge = answer.confidence if answer.confidence is not None else 0.5
        slot = read_slot(question, shape)
        values = verification_features(judge, reading.p_yes, slot.wants_value, shape == "yesno")
        confidence = self.model.confidence(values) if self.model else None
        verdict = self._verdict(confidence)
        verification = Verification(
            reading.model, verdict, round(reading.p_yes, 4), round(reading.ms, 1), reading.method
        )
        timings = {**answer.timings_ms, "verify_check": round(reading.ms, 2)}
        if verdict == REFUTED:
            cited = {c.clause_id for c in answer.citations}
            return replace(
                answer,
                answer=REFUSAL,
                refused=True,
                citations=[],
                claims=[],
                related=[h for h in answer.retrieved if h.clause_id in cited],
                confidence=round(confidence, 3),
                verification=verification,
                timings_ms=timings,
            )
        text = answer.answer
        if confidence is not None:
            if verdict == UNCERTAIN and confidence < CAUTION and CAVEAT not in text:
                text += "\n" + CAVEAT
            if verdict in (VERIFIED, NO_ISSUE) and text.endswith(
                CAVEAT
            ):  # the reader confirmed what the judge doubted
                text = text[: -len(CAVEAT)].rstrip()
        return replace(
            answer,
            answer=text,
            confidence=round(confidence, 3) if confidence is not None else answer.confidence,
            verification=verification,
            timings_ms=timings,
        )

    def _verdict(self, confidence: float | None) -> str:
        if confidence is None:  # no fitted model yet: read, but not decided on
            return UNCERTAIN
        model = self.model
        if confidence < model.refuse_below:
            return REFUTED
        if model.verified_above is not None and confidence >= model.verified_above:
            return VERIFIED
        clear = model.clear_above  # a model fitted before 未发现问题 existed warns up to verified
        return NO_ISSUE if clear is not None and confidence >= clear else UNCERTAIN
