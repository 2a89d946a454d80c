"""The retrieve stage's lookups by structure (structure.py's questions): the part of a document a
question names by position or topic, its children, the units of a level counted, and every unit
that mentions a term. They read the clause tree the parser built; nothing here is ranked by
similarity, so a list is complete and a count is exact."""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.answer.evidence import weighted_coverage
from qa.answer.question import GENERIC_WORDS, content_tokens, mentions
from qa.answer.structure import COUNT, MENTIONS, PART, PartRef, StructureAsk
from qa.retrieval.catalog import ClauseCatalog, IndexedClause

TOPIC_COVERAGE = 0.5  # a part named by topic: this share of the topic's word weight in its headings
VOTERS = 5  # else the part holding most of the topic's best clauses (rank-weighted) …
CONTENT_SHARE = 0.5  # … when it holds at least this share of their weight
MENTION_KINDS = ("header", "heading")  # units that never count as "a clause that mentions X"
_WEAK = frozenset({"问题", "事情", "东西", "情况", "方面", "事", "有关", "相关"})  # say nothing of a topic
_ALTERNATIVES = re.compile(r"[、，,和及与或]")


class Outline:
    def __init__(
        self,
        catalog: ClauseCatalog,
        tokenize: Callable[[str], list[str]],
        idf: Callable[[str], float],
        search: Callable[[str, str], list[str]] | None = None,
        scope_words: frozenset[str] = frozenset(),
    ):
        """`search(text, doc_id)`: the ids of a document's clauses that best match a text, best
        first (a part named in everyday words is found by where its clauses are). `scope_words`
        name places and documents: they say which document, not which part."""
        self.catalog, self.tokenize, self.idf = catalog, tokenize, idf
        self.search = search
        self.scope_words = scope_words

    def units(self, ask: StructureAsk, doc_ids: list[str]) -> list[IndexedClause]:
        """The units that answer a structure question, in reading order ([] when the document
        has no such part)."""
        if ask.kind == MENTIONS:
            return self.mentioning(ask.term, doc_ids)
        if not doc_ids:
            return []
        doc_id = doc_ids[0]
        part = self.part(doc_id, ask.part, by_content=not ask.loose) if ask.part else None
        if ask.part and part is None and not ask.loose:
            return []
        if ask.loose and part is not None:  # "回顾成就分了哪几个方面": that part's own parts
            return self.catalog.children(part)
        if ask.kind == PART:
            items = self.catalog.level(doc_id, "item", part) if ask.unit else []
            return items or self.catalog.children(part) or [part]
        if ask.kind == COUNT:
            return self.catalog.level(doc_id, ask.counted, part)
        return []

    def part(self, doc_id: str, ref: PartRef, by_content: bool = True) -> IndexedClause | None:
        """The part a question names: the n-th (or last) of its level, or the one whose headings
        say its topic."""
        candidates = self.catalog.level(doc_id, ref.level)
        if ref.position is not None:
            index = ref.position - 1 if ref.position > 0 else len(candidates) + ref.position
            return candidates[index] if 0 <= index < len(candidates) else None
        words = content_tokens(self.tokenize(ref.topic), set(self.scope_words))
        if not words:
            return None
        parts = self.catalog.parts(doc_id)
        return (
            self._titled(words, candidates)
            or self._titled(words, parts)
            or self._titled(words, candidates, with_children=True)
            or (self._by_content(ref.topic, doc_id, parts) if by_content else None)
        )

    def _titled(
        self, words: list[str], candidates: list[IndexedClause], with_children: bool = False
    ) -> IndexedClause | None:
        """The part whose heading says the topic (or, less surely, whose children's headings do):
        "讲对外开放的那一小节" is （四）开创教育对外开放新局面, wherever it sits."""

        def coverage(part: IndexedClause) -> float:
            if not with_children:
                return weighted_coverage(words, part.clause.title, self.idf)
            titles = [part.clause.title, *(c.clause.title for c in self.catalog.children(part))]
            return weighted_coverage(words, "\n".join(titles), self.idf)

        scored = sorted(((coverage(p), -i, p) for i, p in enumerate(candidates)), reverse=True)
        return scored[0][2] if scored and scored[0][0] >= TOPIC_COVERAGE else None

    def _by_content(self, topic: str, doc_id: str, parts: list[IndexedClause]) -> IndexedClause | None:
        """The smallest part holding most of the clauses found for the topic ("管孩子品德、运动艺术
        、劳作和心理的那一块": （二）实施立德树人工程, where 23.–26. are), when one clearly does."""
        if self.search is None or not parts:
            return None
        found = self.search(topic, doc_id)[:VOTERS]
        total = sum(1.0 / (rank + 1) for rank in range(len(found)))
        held = []
        for part in parts:
            path = (*part.clause.path, part.clause.title)
            ranks = [
                rank
                for rank, clause_id in enumerate(found)
                if (entry := self.catalog.get(clause_id)) is not None
                and entry.clause.path[: len(path)] == path
            ]
            weight = sum(1.0 / (rank + 1) for rank in ranks)
            if len(ranks) >= 2 and weight >= CONTENT_SHARE * total:
                held.append((len(path), part))
        return max(held, key=lambda pair: pair[0])[1] if held else None

    def mentioning(self, term: str, doc_ids: list[str]) -> list[IndexedClause]:
        """Every unit of these documents that mentions the term (or one of the terms it lists:
        "体育锻炼、运动场地"): its words, or the policy words for them, all in the unit."""
        alternatives = [a for a in _ALTERNATIVES.split(term) if a.strip()] or [term]
        wanted = [
            [t for t in self.tokenize(a) if t not in GENERIC_WORDS | _WEAK] or [a] for a in alternatives
        ]
        found = []
        for doc_id in doc_ids:
            for entry in self.catalog.units(doc_id):
                if entry.clause.kind in MENTION_KINDS:
                    continue
                if any(_says(words, entry.clause.text) for words in wanted):
                    found.append(entry)
        return found


def _says(words: list[str], text: str) -> bool:
    """All the words (jieba search mode repeats parts of a word: 心理问题, 心理, 问题): each whole
    word, or all the smaller words inside it, said by the text."""
    longest = [w for w in words if not any(w != o and w in o for o in words)]
    return all(mentions(w, text) or _parts_said(w, words, text) for w in longest)


def _parts_said(word: str, words: list[str], text: str) -> bool:
    """A compound said in parts: all of them, or its head (学校食堂: 食堂; a Chinese compound ends
    in what it names)."""
    parts = [p for p in words if p != word and p in word]
    heads = [p for p in parts if word.endswith(p) and p not in _WEAK]
    return bool(parts) and (all(mentions(p, text) for p in parts) or any(mentions(h, text) for h in heads))
