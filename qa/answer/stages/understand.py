"""Stage 1, understand: the question validated and made standalone (a follow-up resolved against
the previous question), and the kind of answer it wants."""

from __future__ import annotations

from collections.abc import Callable

from qa.answer import followup
from qa.answer.history import names_a_document, read_history_ask
from qa.answer.metadata import asked_fields
from qa.answer.question import (
    answer_type,
    asks_for_items,
    asks_for_penalty,
    question_parts,
    question_shape,
    which_documents_cue,
)
from qa.answer.slot import read_slot
from qa.answer.stages.records import Question, Understanding
from qa.answer.structure import read_structure
from qa.errors import InvalidQuestionError, TooLargeError


class Understand:
    def __init__(self, max_chars: int, default_top_k: int, place_names: Callable[[], set[str]]):
        self.max_chars = max_chars
        self.default_top_k = default_top_k
        self.place_names = place_names  # the indexed documents' places, for follow-ups (那衡阳呢)

    def validate(self, text: str) -> str:
        text = (text or "").strip()
        if not text:
            raise InvalidQuestionError("the question is empty")
        if any("\ud800" <= c <= "\udfff" for c in text):  # JSON allows "\ud800"; nothing can encode it
            raise InvalidQuestionError("the question holds an invalid character (a lone surrogate)")
        if len(text) > self.max_chars:
            raise TooLargeError(f"the question has {len(text)} characters; the limit is {self.max_chars}")
        return text

    def run(self, question: Question) -> Understanding:
        text = self.validate(question.text)
        n = followup.point_number(text) if question.history else None
        if n is not None and n <= len(question.cited):  # the n-th source of the previous answer
            return Understanding(
                question=text,
                asked=text,
                resolved=None,
                answer_type="open",
                filters=question.filters,
                top_k=question.top_k or self.default_top_k,
                shape="point",
                pointed=question.cited[n - 1],
            )
        previous = question.history[-1] if question.history else None
        resolved = followup.resolve(text, previous, self.place_names()) if previous else None
        asked = resolved or text
        # "那它第一次修订以后又是谁批准的？": asked of the previous question's document
        going_on = previous if previous and followup.continues(text) else None
        fields = asked_fields(asked)
        # parts of a question about the document itself are all read from its header
        parts = question_parts(asked) if not fields else [asked]
        parts = parts if len(parts) > 1 else []
        structure = None if fields else read_structure(asked)
        shape = "list" if structure else question_shape(asked)
        which = which_documents_cue(asked) if not fields and not structure else ""
        # "哪些地方的…规定了X" asks for documents, not for the places a text names: X is the slot
        slotted = asked.replace(which, "", 1) if which else asked
        return Understanding(
            question=text,
            asked=asked,
            resolved=resolved,
            answer_type=answer_type(asked),
            filters=question.filters,
            top_k=question.top_k or self.default_top_k,
            fields=fields,
            shape=shape,
            parts=() if structure else tuple(parts),
            structure=structure,
            slot=read_slot(slotted, shape),
            part_slots=tuple(read_slot(part, question_shape(part)) for part in parts),
            history=read_history_ask(asked) if names_a_document(asked) or going_on else None,
            enumerates=asks_for_items(asked),
            penalty=asks_for_penalty(asked),
            which_documents=which,
            previous=going_on,
        )
