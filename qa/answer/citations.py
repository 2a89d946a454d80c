"""The citation check every generator's draft goes through.

A draft is text whose sentences end in markers [n], n numbering the clauses the generator was
given. The check removes markers that point to no clause, keeps a marker only when its clause
supports the sentence (character-bigram containment of the sentence in the clause, at least
SUPPORT_THRESHOLD: most of the sentence's character pairs are in the clause), moves the sentence to a clause that does
support it, aligns unmarked sentences to their best clause, and drops what nothing supports.
Citations are renumbered in order of first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.answer.text import MARKER, quote, sentence_spans, support
from qa.records import Citation, CitationReport, Claim, Hit

SUPPORT_THRESHOLD = 0.6


def claim(sentence: str, locator: str) -> str:
    """What a sentence claims from a clause: a list line's leading locator ("五、17. 深化师德师风
    建设") names the clause, it is not a statement the clause's text must contain."""
    if sentence.startswith(locator + " "):
        return sentence[len(locator) + 1 :]
    return sentence


def _claim(sentence: str, hit: Hit) -> str:
    # a line labelled with its document's title ("《…》：本法自…起施行") names the document, which
    # the clause's text does not repeat
    for label in (f"《{hit.ref.doc_title}》：", f"{hit.ref.doc_title}："):
        if sentence.startswith(label):
            return claim(sentence[len(label) :], hit.locator)
    return claim(sentence, hit.locator)


# Sentences this short (after markers are removed) are connectives ("具体如下：") and pass unmarked.
MIN_CLAIM_CHARS = 6
LEAD_IN_CHARS = 40  # a line ending in a colon, up to this long, heads what follows: it states nothing


def _is_lead_in(body: str) -> bool:
    return body.endswith(("：", ":")) and len(body) <= LEAD_IN_CHARS


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation]
    report: CitationReport
    claims: list[Claim]


_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters stand in for markers while splitting
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")


def _claims(line: str) -> list[tuple[str, list[int]]]:
    """(sentence without markers, its marker numbers) in order. A marker after the sentence's
    closing punctuation ("…41所。[1]") belongs to that sentence."""
    marked = MARKER.sub(lambda m: f"{_OPEN}{m.group(1)}{_CLOSE}", line)
    claims: list[tuple[str, list[int]]] = []
    for start, end in sentence_spans(marked):
        piece = marked[start:end]
        numbers = [int(n) for n in _PLACEHOLDER.findall(piece)]
        sentence = _PLACEHOLDER.sub("", piece).strip()
        if not sentence and claims:
            claims[-1][1].extend(numbers)
        elif sentence:
            claims.append((sentence, numbers))
    return claims


class _Checker:
    def __init__(self, evidence: list[Hit], threshold: float):
        self.evidence, self.threshold = evidence, threshold
        self.report = CitationReport()
        self.order: list[int] = []  # evidence indexes in order of first citation
        self.claims: dict[int, list[str]] = {}
        self.checked: list[Claim] = []  # the kept sentences with their final numbers

    def cite(self, index: int, claim: str) -> int:
        # the same clause given twice (to two parts of a question) is one citation
        cited = next(
            (i for i in self.order if self.evidence[i].clause_id == self.evidence[index].clause_id), None
        )
        if cited is None:
            self.order.append(index)
            cited = index
        self.claims.setdefault(cited, []).append(claim)
        return self.order.index(cited) + 1

    def sentence(self, sentence: str, numbers: list[int]) -> str | None:
        """The sentence with verified markers, or None when it is dropped."""
        body = sentence.rstrip("。！？；!?;")
        ending = sentence[len(body) :] or "。"
        valid = []
        for n in numbers:
            if 1 <= n <= len(self.evidence):
                valid.append(n - 1)
            else:
                self.report.removed_markers.append(f"[{n}]")
        if not valid and (len(body) < MIN_CLAIM_CHARS or _is_lead_in(body)):
            return sentence  # a connective, or a heading such as "衡阳：" that the next line answers
        supported = [
            i
            for i in dict.fromkeys(valid)
            if support(_claim(body, self.evidence[i]), self.evidence[i].text) >= self.threshold
        ]
        if not supported:
            scores = [support(_claim(body, hit), hit.text) for hit in self.evidence]
            best = max(range(len(scores)), key=scores.__getitem__) if scores else None
            if best is None or scores[best] < self.threshold:
                self.report.dropped.append(sentence)
                return None
            entry = {
                "sentence": body,
                "clause_id": self.evidence[best].clause_id,
                "support": round(scores[best], 3),
            }
            (self.report.realigned if valid else self.report.aligned).append(entry)
            supported = [best]
        numbers = tuple(self.cite(i, _claim(body, self.evidence[i])) for i in supported)
        first = self.evidence[supported[0]]
        self.checked.append(Claim(body + ending, numbers, quote([_claim(body, first)], first.text)))
        return body + "".join(f"[{n}]" for n in numbers) + ending

    def citations(self) -> list[Citation]:
        return [
            Citation(number, hit.ref, hit.text, quote(self.claims[index], hit.text))
            for number, index in enumerate(self.order, start=1)
            for hit in [self.evidence[index]]
        ]


def check(draft: str, evidence: list[Hit], threshold: float = SUPPORT_THRESHOLD) -> CheckedAnswer:
    """Verify every citation of `draft` against `evidence` (numbered from 1), line by line."""
    checker = _Checker(evidence, threshold)
    lines = []
    for line in draft.strip().splitlines():
        kept = [s for s in (checker.sentence(*claim) for claim in _claims(line)) if s is not None]
        if kept:
            lines.append("".join(kept))
    return CheckedAnswer("\n".join(lines), checker.citations(), checker.report, checker.checked)


_BOUNDARY = re.compile(r"[。！？；!?;\n]((?:\s*[\[［【]\d{1,3}[\]］】])*)")


class StreamingCheck:
    """The same check applied sentence by sentence while a draft streams in, so that what a
    client is shown has already been verified. `feed` returns the verified text ready to show."""

    def __init__(self, evidence: list[Hit], threshold: float = SUPPORT_THRESHOLD):
        self._checker = _Checker(evidence, threshold)
        self._buffer = ""
        self._shown: list[str] = []
        self._line_open = False

    def _emit(self, piece: str) -> str:
        out = []
        if piece.endswith("\n") or piece == "\n":
            body, newline = piece.rstrip("\n"), True
        else:
            body, newline = piece, False
        for claim in _claims(body):
            kept = self._checker.sentence(*claim)
            if kept is not None:
                out.append(kept)
                self._line_open = True
        if newline and self._line_open:
            out.append("\n")
            self._line_open = False
        text = "".join(out)
        self._shown.append(text)
        return text

    def feed(self, delta: str) -> str:
        self._buffer += delta
        ready = []
        while match := _BOUNDARY.search(self._buffer):
            end = match.end()
            # a marker may still follow the full stop in the next delta: wait for more text
            if end >= len(self._buffer) - 3 and self._buffer[match.start()] != "\n":
                break
            ready.append(self._emit(self._buffer[:end]))
            self._buffer = self._buffer[end:]
        return "".join(ready)

    def finish(self) -> str:
        rest, self._buffer = self._buffer, ""
        return self._emit(rest) if rest.strip() else ""

    def result(self) -> CheckedAnswer:
        checker = self._checker
        return CheckedAnswer(
            "".join(self._shown).strip(), checker.citations(), checker.report, checker.checked
        )
