"""One chat session's turns, and how a new message is read against them.

The chatbot's own history only has display text; the turns keep what the service needs for a
follow-up: the standalone question each turn searched and the Answer with its citations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.records import Answer


@dataclass(frozen=True)
class Turn:
    question: str  # as typed
    asked: str  # the standalone question searched (a follow-up resolved)
    answer: Answer


def sync(turns: Sequence[Turn] | None, history: Sequence[dict]) -> list[Turn]:
    """The turns still on screen: after 清空, 撤销 or 重试 the chatbot shows fewer user messages than
    there are turns, and a follow-up must not be read against a turn the user removed."""
    shown = sum(1 for message in history if message.get("role") == "user")
    return list(turns or [])[:shown]


def questions(turns: Sequence[Turn]) -> list[str]:
    """The service's `history`: standalone questions, so a follow-up of a follow-up still works
    ("洛阳…？" → "那衡阳呢？" → "2023年呢？")."""
    return [t.asked for t in turns]


def cited(turns: Sequence[Turn]) -> list[str] | None:
    """The clause ids the previous answer cited, in order: what "第二点" points into."""
    return [c.clause_id for c in turns[-1].answer.citations] if turns else None


def turn_of_message(index: int, messages: Sequence[dict], turns: Sequence[Turn]) -> Turn | None:
    """The turn a chatbot message belongs to (for feedback on that message)."""
    users = sum(1 for message in messages[: index + 1] if message.get("role") == "user")
    return turns[users - 1] if 0 < users <= len(turns) else None
