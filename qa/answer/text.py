"""Chinese sentence spans, answer markers, and character-bigram support between texts."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*")
MARKER = re.compile(r"\s*[\[［【](\d{1,3})[\]］】]")
_CONTENT = re.compile(r"[\u4e00-\u9fff0-9A-Za-z%]")
# how an answer says the documents lack something (文件提到了X，但没有给出具体金额; 现有文件中没有找到…;
# 现有文件中没有深圳市的…): a claim about the staff's own files, true only if the whole document lacks it
ABSENCE_CLAIM = re.compile(r"没有给出|并未给出|没有找到|现有文件中没有|没有提到")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, its closing punctuation included, blanks skipped."""
    spans = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            spans.append((start, end))
    return spans


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def bigrams(text: str) -> set[str]:
    chars = "".join(_CONTENT.findall(text))
    return {chars[i : i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set())


def support(claim: str, source: str) -> float:
    """How much of `claim` is found in `source`: the share of its character bigrams there."""
    grams = bigrams(claim)
    return len(grams & bigrams(source)) / len(grams) if grams else 0.0


def best_span(claim: str, source: str) -> tuple[int, int, float]:
    """(start, end, support) of the sentence, or two adjacent sentences, of `source` that best
    supports `claim` (the shorter span when the longer adds nothing)."""
    spans = sentence_spans(source) or [(0, len(source))]
    best = (spans[0][0], spans[0][1], -1.0)
    for width in (0, 1):  # single sentences first: a pair must do strictly better
        for i in range(len(spans) - width):
            start, end = spans[i][0], spans[i + width][1]
            score = support(claim, source[start:end])
            if score > best[2] + 1e-9:
                best = (start, end, score)
    return best


def quote(claims: list[str], source: str) -> str:
    """The part of `source` that supports all `claims`: their best spans, merged, in text order."""
    spans = sorted(best_span(claim, source)[:2] for claim in claims)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return "……".join(source[start:end].strip() for start, end in merged)
