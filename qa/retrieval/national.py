"""A question that names no place, no document and no year asks the rule that holds everywhere:
the national law's clause answers before a local text's (a province's implementing measures
repeat the law's article word for word, and a city's regulation on the same topic applies only
there). National clauses that retrieval found nearly as good as the best go first; the local ones
follow, still found, as related."""

from __future__ import annotations

from qa.corpus.anatomy import ADMINISTRATIVE, LAW
from qa.records import DocumentMeta, Hit
from qa.retrieval.scope import Scope

NATIONAL_LEVELS = frozenset({LAW, ADMINISTRATIVE})
# a national clause scored at least this share of the best hit's fused score is as much an answer
NATIONAL_SHARE = 0.6


def names_nowhere(scope: Scope) -> bool:
    """Whether the question (and the caller) left the place, the document and the year open."""
    return not (
        scope.places
        or scope.documents
        or scope.years
        or scope.description
        or scope.parties
        or scope.explicit
        or scope.outside
    )


def national_first(hits: list[Hit], scope: Scope, documents: dict[str, DocumentMeta]) -> list[Hit]:
    """`hits` with the national clauses nearly as good as the best one first, when the question
    names no place; otherwise unchanged."""
    if not hits or not names_nowhere(scope):
        return hits

    def national(hit: Hit) -> bool:
        meta = documents.get(hit.doc_id)
        return meta is not None and meta.level in NATIONAL_LEVELS

    if national(hits[0]):
        return hits
    first = [h for h in hits if national(h) and h.score >= NATIONAL_SHARE * hits[0].score]
    if not first:
        return hits
    return first + [h for h in hits if h not in first]
