"""Stage 2, retrieve: the clauses for the question (scoped by the places, years and documents it
names) with their best sentences; for a comparison the clauses of each place or document on its
own; for a list the clauses under the heading it names, or more clauses on its topic."""

from __future__ import annotations

import re
from collections.abc import Callable

from qa.answer.evidence import weighted_coverage
from qa.answer.question import content_tokens
from qa.answer.stages.records import Evidence, EvidenceGroup, Understanding
from qa.records import DocumentMeta, Hit, source_label
from qa.retrieval.scope import SearchFilters
from qa.retrieval.searcher import Searcher

PER_GROUP = 5  # clauses searched per place or document when a question compares them
PER_PART = 3  # clauses searched per part of a multi-part question
LIST_DEPTH = 10  # clauses searched for a list question ("哪几条讲到了…")
# "各份要点 / 几份文件 / 各地": a comparison across documents that names no two places
_ACROSS = re.compile(r"各份|几份|每份|各个文件|各文件|各地|各市|各区|这几份|几个地方")
_KINDS = ("工作要点", "要点", "规划", "条例", "意见", "计划", "通知", "方案")


def _content(hits: list[Hit]) -> list[Hit]:
    """The hits that can answer a question about content: a header answers only questions about
    the document itself (its 文号, date, issuer)."""
    return [h for h in hits if h.kind != "header"]


def _topic(asked: str, scope_words: set[str]) -> str:
    """The question without what names the compared parties (places, 各份要点, years): within one
    document those words match its title and header, not the topic."""
    asked = re.sub(r"20\d{2}年?", "", asked)
    for word in sorted(scope_words, key=len, reverse=True):
        asked = asked.replace(word, "")
    asked = _ACROSS.sub("", asked)
    for kind in _KINDS:
        asked = asked.replace(kind, "")
    return asked.strip("，、和与跟的对 ") or asked


def _label(meta: DocumentMeta) -> str:
    return meta.district or meta.city or meta.title


class Retrieve:
    def __init__(self, searcher: Searcher, place_names: Callable[[], set[str]]):
        self.searcher = searcher
        self.place_names = place_names

    def run(self, understanding: Understanding) -> Evidence:
        if understanding.pointed:
            return self._pointed(understanding)
        asked, filters = understanding.asked, understanding.filters
        depth = max(understanding.top_k, LIST_DEPTH) if understanding.shape == "list" else understanding.top_k
        result = self.searcher.search(asked, depth, filters)
        timings = dict(result.timings_ms)
        hits = list(result.hits)
        if not understanding.fields:  # a header answers questions about the document only
            hits = _content(hits)
        scope = result.scope
        scope_words = self.place_names() | set(scope.documents) | set(scope.outside)
        scope_words |= {str(y) for y in scope.years}
        tokens = content_tokens(self.searcher.tokenizer(asked), scope_words)

        groups = [EvidenceGroup(None, hits)]
        compared = self._compared(understanding, scope)
        if understanding.shape == "list" and not scope.absent:
            under = self.searcher.under_heading(asked, scope.doc_ids)
            if under:  # the items under the heading it names, in order
                groups = [EvidenceGroup(None, under, by_structure=True)]
                hits = under + [h for h in hits if h.clause_id not in {u.clause_id for u in under}]
        elif understanding.parts and len(compared) < 2 and not scope.absent:
            groups, timings = self._parts(understanding, scope, scope_words, timings)
            hits = [h for group in groups for h in group.hits]
        elif len(compared) >= 2:
            groups = []
            topic = _topic(asked, scope_words)
            for label, doc_ids in compared:
                sub = self.searcher.search(
                    topic, 2 * PER_GROUP, SearchFilters(doc_ids=tuple(sorted(doc_ids)))
                )
                for step, ms in sub.timings_ms.items():
                    timings[step] = timings.get(step, 0.0) + ms
                found = _content(sub.hits)
                groups.append(EvidenceGroup(label, self._on_topic_first(found, tokens)[:PER_GROUP]))
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

    def _parts(self, understanding: Understanding, scope, scope_words: set[str], timings: dict):
        """Each part of a multi-part question searched on its own, within the documents the whole
        question is about (a later part rarely repeats the place: "…？老师每五年得修满多少学时？")."""
        groups = []
        within = SearchFilters(doc_ids=tuple(sorted(scope.doc_ids))) if scope.doc_ids else None
        for part in understanding.parts:
            sub = self.searcher.search(part, PER_PART, within)
            for step, ms in sub.timings_ms.items():
                timings[step] = timings.get(step, 0.0) + ms
            tokens = content_tokens(self.searcher.tokenizer(part), scope_words)
            found = _content(sub.hits)
            label = _topic(part, scope_words).rstrip("？?。")
            groups.append(EvidenceGroup(label, found, part=part, tokens=tokens))
        return groups, timings

    def _pointed(self, understanding: Understanding) -> Evidence:
        """ "第二点具体是什么": the clause the previous answer cited second, whole."""
        hits = self.searcher.clauses([understanding.pointed])
        return Evidence(
            understanding,
            hits,
            [EvidenceGroup(None, hits, by_structure=True)],
            "、".join(source_label(h.doc_title, None, h.locator) for h in hits),
            [],
            self.searcher.loaded().idf,
        )

    def _on_topic_first(self, hits: list[Hit], tokens: list[str]) -> list[Hit]:
        """Within one document the words of the topic tell its clauses apart better than meaning
        does (衡阳's 二、6. on 双减 names 课后服务 twice, yet ranks fifth by meaning): clauses that
        hold most of the topic's word weight come first, in rank order."""
        idf = self.searcher.loaded().idf
        on_topic = [h for h in hits if weighted_coverage(tokens, h.text, idf) >= 0.5]
        return on_topic + [h for h in hits if h not in on_topic]

    def _compared(self, understanding: Understanding, scope) -> list[tuple[str, frozenset[str]]]:
        """(label, documents) of each compared party: the places named, or, for "各份要点…",
        every document in scope (of the kind named, if one is)."""
        if not understanding.filters.is_empty() or scope.absent:
            return []
        places = [(name, scope.groups[name]) for name in scope.places if name in scope.groups]
        if len(places) >= 2 or not _ACROSS.search(understanding.asked):
            return places
        docs: dict[str, DocumentMeta] = self.searcher.loaded().catalog.docs
        kind = next((k for k in _KINDS if k in understanding.asked), None)
        chosen = [
            meta
            for doc_id, meta in sorted(docs.items())
            if (scope.doc_ids is None or doc_id in scope.doc_ids)
            and (kind is None or kind in (meta.kind or "") or kind in meta.title)
        ]
        labels = [_label(meta) for meta in chosen]
        return [
            (label if labels.count(label) == 1 else meta.title, frozenset({meta.doc_id}))
            for label, meta in zip(labels, chosen, strict=True)
        ]
