"""One chat session's turns, and how the chat is drawn from them and read against them.

The turns are the session's state; the chatbot only shows them. A turn keeps what the service
needs for a follow-up (the standalone question each turn searched and the Answer with its
citations) and what its messages need to be drawn again (the filters it was searched under).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.records import Answer
from ui import render


@dataclass(frozen=True)
class Turn:
    question: str  # as typed
    asked: str  # the standalone question searched (a follow-up resolved)
    answer: Answer
    filtered: str | None = None  # the user's filters in words, when any were selected
    checking: bool = False  # the second reader is reading the answer (the badge says 核对中…)


def questions(turns: Sequence[Turn]) -> list[str]:
    """The service's `history`: standalone questions, so a follow-up of a follow-up still works
    ("洛阳…？" → "那衡阳呢？" → "2023年呢？")."""
    return [t.asked for t in turns]


def cited(turns: Sequence[Turn]) -> list[str] | None:
    """The clause ids the previous answer cited, in order: what "第二点" points into."""
    return [c.clause_id for c in turns[-1].answer.citations] if turns else None


def turn_messages(turn: Turn, index: int) -> list[dict]:
    return [
        {"role": "user", "content": render.answer_markdown(turn.question)},
        *render.messages(turn.answer, turn.asked, turn.filtered, turn=index, checking=turn.checking),
    ]


def chat_messages(turns: Sequence[Turn]) -> list[dict]:
    """Every turn's messages, in order: what the chatbot shows for these turns."""
    return [message for index, turn in enumerate(turns) for message in turn_messages(turn, index)]


def turn_of_message(index: int, turns: Sequence[Turn]) -> int | None:
    """Which turn a chatbot message belongs to (for feedback on that message); None for a
    message that is not one of the turns' (the answer still being written)."""
    seen = 0
    for turn_index, turn in enumerate(turns):
        seen += len(turn_messages(turn, turn_index))
        if index < seen:
            return turn_index
    return None
