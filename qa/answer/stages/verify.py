"""Stage 5, verify: every sentence of the draft is checked against the clause it cites before it
is shown (citations.py): unsupported markers are removed or moved, unsupported sentences dropped."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from qa.answer.citations import CheckedAnswer, StreamingCheck
from qa.records import Hit


@dataclass(frozen=True)
class Verified:
    """The end of a verified stream: the checked answer and the time spent checking."""

    checked: CheckedAnswer
    check_ms: float


class Verify:
    def run(self, deltas: Iterable[str], evidence: list[Hit]) -> Iterator[str | Verified]:
        """The verified text, piece by piece as the draft streams in, then `Verified`."""
        check = StreamingCheck(evidence)
        spent = 0.0
        for delta in deltas:
            begun = time.perf_counter()
            piece = check.feed(delta)
            spent += time.perf_counter() - begun
            if piece:
                yield piece
        begun = time.perf_counter()
        piece = check.finish()
        checked = check.result()
        spent += time.perf_counter() - begun
        if piece:
            yield piece
        yield Verified(checked, spent * 1000)
