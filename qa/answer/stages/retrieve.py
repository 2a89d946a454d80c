"""Stage 2, retrieve: the clauses for the question (scoped by the places, years and documents it
names), and for a comparison of places the clauses of each place on its own."""

from __future__ import annotations

from collections.abc import Callable

from qa.answer.question import content_tokens
from qa.answer.stages.records import Evidence, EvidenceGroup, Understanding
from qa.retrieval.scope import SearchFilters
from qa.retrieval.searcher import Searcher

PER_GROUP = 3  # clauses per place when a question compares places


class Retrieve:
    def __init__(self, searcher: Searcher, place_names: Callable[[], set[str]]):
        self.searcher = searcher
        self.place_names = place_names

    def run(self, understanding: Understanding) -> Evidence:
        asked, filters = understanding.asked, understanding.filters
        result = self.searcher.search(asked, understanding.top_k, filters)
        timings = dict(result.timings_ms)
        hits = list(result.hits)
        scope = result.scope
        scope_words = self.place_names() | set(scope.documents) | set(scope.outside)
        tokens = content_tokens(self.searcher.tokenizer(asked), scope_words)

        groups = [EvidenceGroup(None, hits)]
        compared = [name for name in scope.places if name in scope.groups] if filters.is_empty() else []
        if len(compared) >= 2:
            groups = []
            for name in compared:
                sub = self.searcher.search(
                    asked, PER_GROUP, SearchFilters(doc_ids=tuple(sorted(scope.groups[name])))
                )
                for step, ms in sub.timings_ms.items():
                    timings[step] = timings.get(step, 0.0) + ms
                groups.append(EvidenceGroup(name, sub.hits))
            hits = [h for group in groups for h in group.hits]
        return Evidence(
            understanding,
            hits,
            groups,
            scope.describe(),
            tokens,
            self.searcher.loaded().idf,
            timings,
            absence=scope.absence(),
            outside=scope.outside,
        )
