"""What gets embedded for a clause: its document title and heading path (headings carry meaning)
plus its text, split into overlapping sentence windows when the whole exceeds the model window."""

from __future__ import annotations

import re

from qa.records import Clause

_SENTENCE = re.compile(r"[^。！？；\n]+[。！？；]?")


def embed_prefix(clause: Clause, doc_title: str) -> str:
    return "\n".join([doc_title, *clause.path]) + "\n"


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


MIN_SENTENCE_CHARS = 6  # shorter pieces ("1.", "（一）总体要求") state nothing on their own


def indexed_sentences(text: str) -> list[tuple[int, str]]:
    """(position, sentence) of the sentences of a clause that are indexed on their own."""
    return [(i, s) for i, s in enumerate(sentences(text)) if len(s) >= MIN_SENTENCE_CHARS]


def windows(text: str, max_chars: int) -> list[str]:
    """The text itself when it fits; else consecutive sentences packed up to max_chars, each
    window repeating the previous window's last sentence so no statement is cut off from its lead."""
    if len(text) <= max_chars:
        return [text]
    result: list[str] = []
    current: list[str] = []
    fresh = 0  # pieces in `current` that no earlier window holds
    for sentence in sentences(text):
        for piece in [sentence[i : i + max_chars] for i in range(0, len(sentence), max_chars)]:
            if current and sum(map(len, current)) + len(piece) > max_chars:
                result.append("".join(current))
                current = [current[-1]] if len(current[-1]) + len(piece) <= max_chars else []
                fresh = 0
            current.append(piece)
            fresh += 1
    if fresh:
        result.append("".join(current))
    return result


def embed_texts(clause: Clause, doc_title: str, max_tokens: int) -> list[str]:
    """One text per window. Chinese runs about one token per character: keep a margin."""
    prefix = embed_prefix(clause, doc_title)
    budget = max(64, int(max_tokens * 0.9) - len(prefix))
    return [prefix + window for window in windows(clause.text, budget)]
