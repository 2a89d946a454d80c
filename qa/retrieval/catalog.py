"""The clauses of the active index generation, held in memory for BM25 and for turning ids back
into clauses. Loaded from Chroma itself, so a Chroma server is the single source of truth."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from qa.index.store import ClauseStore
from qa.records import Clause, DocumentMeta, HistoryEvent

log = logging.getLogger("policyqa")
_NUMBERING = re.compile(
    r"^(?:第[一二三四五六七八九十百]+[章节]|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.、．])\s*"
)
_QUOTED = re.compile(r"[“\"‘「]([^”\"’」]{4,})[”\"’」]")
_NUMBERED_KINDS = ("clause", "article", "bullet", "section")
HEAD_KINDS = ("header", "preamble")
STRUCTURE_KINDS = ("heading",)  # units that name a part of a document rather than say anything
_PART_KINDS = ("heading", "section")  # units that open a part (a section carries its own body too)
_CHAPTER = re.compile(r"^第[一二三四五六七八九十百零\d]+章")
_SECTION = re.compile(r"^第[一二三四五六七八九十百零\d]+节")
_SUBSECTION = re.compile(r"^（[一二三四五六七八九十]+）")
PROFILE_OPENING = 600  # characters of a header or preamble that go into a document's profile


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


@dataclass(frozen=True)
class IndexedClause:
    clause: Clause
    doc: DocumentMeta
    tokens: tuple[str, ...]


def _clause(data: dict) -> Clause:
    data = dict(data)
    data["path"] = tuple(data["path"])
    data["lines"] = tuple(data["lines"])
    data["items"] = tuple(data.get("items", ()))
    data["cites"] = tuple(data.get("cites", ()))
    return Clause(**data)


_TEXT_FIELDS = ("doc_id", "title", "source_file", "issuer", "doc_number", "date", "city", "district")
_TEXT_FIELDS += ("period", "kind", "notes", "province", "level", "adopted", "effective")


def _meta(data: dict) -> DocumentMeta:
    """The document of a stored record, its types checked: a record written before manifests were
    typed (city = ["衡阳", "长沙"]) must not reach the code that hashes place names."""
    data = dict(data)
    for key in _TEXT_FIELDS:
        if data.get(key) is not None and not isinstance(data[key], str):
            raise ValueError(f"{key} is {type(data[key]).__name__}, not text")
    year = data.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise ValueError(f"year is {type(year).__name__}, not a whole number")
    for key in ("aliases", "inferred", "repeals"):
        values = data.get(key, ())
        if isinstance(values, str) or not all(isinstance(v, str) for v in values):
            raise ValueError(f"{key} is not a list of text")
        data[key] = tuple(values)
    data["history"] = tuple(HistoryEvent(**event) for event in data.get("history", ()))
    return DocumentMeta(**data)


class ClauseCatalog:
    def __init__(
        self, collection_name: str, entries: list[IndexedClause], doc_hashes: frozenset = frozenset()
    ):
        self.collection_name = collection_name
        self.doc_hashes = doc_hashes  # the indexed documents' content hashes (their questions' key)
        # Reading order (document, then position) so equal scores break ties the same way every time.
        self.entries = sorted(entries, key=lambda e: (e.doc.doc_id, e.clause.lines[0], e.clause.clause_id))
        self.position = {e.clause.clause_id: i for i, e in enumerate(self.entries)}
        self.docs: dict[str, DocumentMeta] = {e.doc.doc_id: e.doc for e in self.entries}

    @classmethod
    def load(cls, collection, tokenize, tokenizer_fingerprint: str) -> ClauseCatalog:
        stored_fingerprint = (collection.metadata or {}).get("tokenizer")
        entries = []
        hashes = set()
        for metadata in ClauseStore.first_windows(collection):
            hashes.add(metadata.get("doc_hash"))
            try:
                clause = _clause(json.loads(metadata["clause_json"]))
                doc = _meta(json.loads(metadata["doc_json"]))
            except (KeyError, TypeError, ValueError) as error:  # one bad record: skip it, keep the rest
                log.warning("skipping index record %s: %s", metadata.get("clause_id", "?"), error)
                continue
            if stored_fingerprint == tokenizer_fingerprint:
                tokens = tuple(metadata.get("tokens", "").split())
            else:  # the dictionary changed since ingest: tokenize again rather than mismatch
                tokens = tuple(tokenize("\n".join([*clause.path, clause.text])))
            entries.append(IndexedClause(clause, doc, tokens))
        return cls(collection.name, entries, frozenset(h for h in hashes if h))

    def get(self, clause_id: str) -> IndexedClause | None:
        index = self.position.get(clause_id)
        return self.entries[index] if index is not None else None

    @cached_property
    def doc_ids(self) -> list[str]:
        return [e.doc.doc_id for e in self.entries]

    @cached_property
    def content_mask(self) -> np.ndarray:
        """Which entries state content (every unit but headings), in entry order: what search for
        content may return."""
        return np.fromiter((e.clause.kind not in STRUCTURE_KINDS for e in self.entries), dtype=bool)

    @cached_property
    def profiles(self) -> dict[str, str]:
        """What a person may describe a document by, as one text per document: its title, 文号,
        issuer, aliases, section headings, and the opening of its header and preamble (where
        its slogans and themes are: "12881", "321发展愿景", "省市第十二次党代会")."""
        parts: dict[str, list[str]] = {}
        for entry in self.entries:
            doc = entry.doc
            found = parts.setdefault(
                doc.doc_id, [doc.title, doc.doc_number or "", doc.issuer or "", *doc.aliases]
            )
            found.extend(h for h in entry.clause.path if h not in found)
            if entry.clause.kind in ("header", "preamble"):
                found.append(entry.clause.text[:PROFILE_OPENING])
        return {doc_id: "\n".join(p for p in found if p) for doc_id, found in parts.items()}

    @cached_property
    def texts(self) -> dict[str, str]:
        """Each document's whole text (its units joined): where a quoted slogan is looked up."""
        found: dict[str, list[str]] = {}
        for entry in self.entries:
            found.setdefault(entry.doc.doc_id, []).append(entry.clause.text)
        return {doc_id: "\n".join(parts) for doc_id, parts in found.items()}

    @cached_property
    def headers(self) -> dict[str, str]:
        """Each document's title and the text of its header (文件头): where a document names its
        own place and issuer, whatever its metadata says."""
        found: dict[str, list[str]] = {}
        for entry in self.entries:
            parts = found.setdefault(entry.doc.doc_id, [entry.doc.title])
            if entry.clause.kind == "header":
                parts.append(entry.clause.text)
        return {doc_id: "\n".join(parts) for doc_id, parts in found.items()}

    def under_heading(self, question: str, doc_ids=None) -> list[IndexedClause]:
        """The clauses under the heading a question names, in reading order ("“持续强化教师队伍
        建设”下面有哪几条", "基本原则有哪几条"); [] when it names none. The longest named heading
        wins; its numbered items when it has any, else all its clauses."""
        quoted = _QUOTED.findall(question)
        best: tuple[int, str, int, str] | None = None  # (length, doc, depth, heading)
        for entry in self.entries:
            if doc_ids is not None and entry.doc.doc_id not in doc_ids:
                continue
            for depth, heading in enumerate(entry.clause.path):
                name = _NUMBERING.sub("", heading)
                named = len(name) >= 4 and (name in question or any(q in name for q in quoted))
                if named and (best is None or len(name) > best[0]):
                    best = (len(name), entry.doc.doc_id, depth, heading)
        if best is None:
            return []
        _, doc_id, depth, heading = best
        under = [
            e
            for e in self.entries
            if e.doc.doc_id == doc_id and len(e.clause.path) > depth and e.clause.path[depth] == heading
        ]
        numbered = [e for e in under if e.clause.kind in _NUMBERED_KINDS]
        return numbered or under

    # -- the tree --------------------------------------------------------------------------------
    def units(self, doc_id: str) -> list[IndexedClause]:
        """A document's units in reading order."""
        return [e for e in self.entries if e.doc.doc_id == doc_id]

    def level(self, doc_id: str, level: str, within: IndexedClause | None = None) -> list[IndexedClause]:
        """A document's units of one level, in order (inside `within` when given): its `top`
        parts (the outermost headings), its `chapter`s (第X章), `section`s (第X节, or the parts
        a chapter is divided into) or numbered `item`s (14. / 第五条)."""
        units = self.under(within) if within is not None else self.units(doc_id)
        depth = len(within.clause.path) + 1 if within is not None else 0
        headings = [e for e in units if e.clause.kind in _PART_KINDS]
        if level == "item":  # numbered clauses or articles; else the parts numbered （一） (an 意见's items)
            items = [e for e in units if e.clause.kind in ("clause", "article")]
            return items or [e for e in headings if _SUBSECTION.match(e.clause.title)]
        if level == "chapter":
            return [e for e in headings if _CHAPTER.match(e.clause.title)]
        if level == "section":
            named = [e for e in headings if _SECTION.match(e.clause.title)]
            return named or [e for e in headings if len(e.clause.path) == max(depth, 1)]
        return [e for e in headings if len(e.clause.path) == depth]  # the outermost parts

    def parts(self, doc_id: str) -> list[IndexedClause]:
        """Every unit of a document that opens a part (headings and sections), in order."""
        return [e for e in self.units(doc_id) if e.clause.kind in _PART_KINDS]

    def under(self, part: IndexedClause) -> list[IndexedClause]:
        """Every unit inside a part (a heading or a section), in order."""
        path = (*part.clause.path, part.clause.title)
        return [
            e
            for e in self.units(part.doc.doc_id)
            if e.clause.path[: len(path)] == path and e.clause.clause_id != part.clause.clause_id
        ]

    def children(self, part: IndexedClause) -> list[IndexedClause]:
        """The units directly inside a part: its sub-headings, or its clauses."""
        depth = len(part.clause.path) + 1
        return [
            e for e in self.under(part) if len(e.clause.path) == depth and e.clause.kind not in HEAD_KINDS
        ]

    @cached_property
    def _by_document(self) -> dict[str, list[IndexedClause]]:
        found: dict[str, list[IndexedClause]] = {}
        for entry in self.entries:
            found.setdefault(entry.doc.doc_id, []).append(entry)
        return found

    @cached_property
    def superseded(self) -> dict[str, str]:
        """Older texts of a regulation the library also holds in a newer version (the same title):
        each with the doc_id of its current version."""
        by_title: dict[str, list[DocumentMeta]] = {}
        for meta in self.docs.values():
            if meta.history:
                by_title.setdefault(meta.title, []).append(meta)
        older = {}
        for versions in by_title.values():
            if len(versions) > 1:
                current = max(versions, key=lambda m: (m.date or "", m.doc_id))
                older |= {m.doc_id: current.doc_id for m in versions if m is not current}
        return older

    def of_document(self, doc_id: str) -> list[IndexedClause]:
        """A document's units in reading order (its header and preamble first)."""
        return self._by_document.get(doc_id, [])

    def heads(self, doc_id: str) -> list[str]:
        """The ids of a document's header and preamble units: where it states its 文号, issuer,
        date and addressees."""
        return [
            e.clause.clause_id for e in self.entries if e.doc.doc_id == doc_id and e.clause.kind in HEAD_KINDS
        ]

    def mentioning(self, phrase: str, doc_ids=None, share: float = 1.0) -> list[IndexedClause]:
        """The units (of these documents) whose text or headings hold the phrase; with `share`
        below 1, that share of its character pairs in one unit (an unquoted programme name may
        be worded a little differently: 名师培养计划 for 名教师培养计划)."""
        wanted = _pairs(phrase)
        found = []
        for entry in self.entries:
            if doc_ids is not None and entry.doc.doc_id not in doc_ids:
                continue
            text = "\n".join([*entry.clause.path, entry.clause.text])
            if phrase in text or (share < 1 and len(wanted & _pairs(text)) >= share * len(wanted)):
                found.append(entry)
        return found

    def mentions_year(self, doc_ids, year: int) -> bool:
        """Whether a clause of these documents names the year (2023年)."""
        return any(f"{year}年" in e.clause.text for e in self.entries if e.doc.doc_id in doc_ids)

    def clause_counts(self) -> dict[str, int]:
        """Each document's units that say something (its headings are not counted)."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            counts.setdefault(entry.doc.doc_id, 0)
            if entry.clause.kind not in STRUCTURE_KINDS:
                counts[entry.doc.doc_id] += 1
        return counts

    def section(self, clause_id: str, radius: int = 2) -> list[IndexedClause]:
        """The clause with up to `radius` neighbours on each side from the same section (same
        document and heading path), in reading order: enough to read a clause in its context."""
        index = self.position.get(clause_id)
        if index is None:
            return []
        focus = self.entries[index]

        def same_section(i: int) -> bool:
            entry = self.entries[i]
            return entry.doc.doc_id == focus.doc.doc_id and entry.clause.path == focus.clause.path

        first = index
        while first > 0 and index - first < radius and same_section(first - 1):
            first -= 1
        last = index
        while last + 1 < len(self.entries) and last - index < radius and same_section(last + 1):
            last += 1
        return self.entries[first : last + 1]
