"""Stage 2, retrieve: the clauses for the question (scoped by the places, years and documents it
names) with their best sentences; for a comparison the clauses of each place or document on its
own; for a list the clauses under the heading it names, or more clauses on its topic."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from qa.answer.evidence import mentions, weighted_coverage
from qa.answer.fill import COINED_SHARE, stated_values
from qa.answer.history import CHANGES, NO_SUCH, Statement, answer_history, unsaid_changes
from qa.answer.question import asked_levels, content_tokens
from qa.answer.slot import DATE, QUANTITY, Slot
from qa.answer.stages.outline import Outline
from qa.answer.stages.records import Evidence, EvidenceGroup, Understanding
from qa.answer.structure import MENTIONS
from qa.answer.text import sentences, support
from qa.corpus.patterns import without_article_number
from qa.records import DocumentMeta, Hit, source_label
from qa.retrieval.national import national_first
from qa.retrieval.scope import SearchFilters
from qa.retrieval.searcher import Searcher
from qa.retrieval.tokenizer import synonyms

PER_GROUP = 5  # clauses searched per place or document when a question compares them
PER_PART = 3  # clauses searched per part of a multi-part question
LIST_DEPTH = 10  # clauses searched for a list question ("哪几条讲到了…")
PER_TERM = 3  # clauses holding a quoted term that join the evidence
PENALTY_DEPTH = 3  # "违反…会怎么处罚": the duties among the top clauses whose penalties are looked for
PENALTY_COVERAGE = 0.3  # a 法律责任 article naming no article must hold this share of the question's words
WHOLE_DOCUMENT = 12  # clauses of the chosen document read before saying it lacks the asked value
ENUMERATION_DEPTH = 6  # "有哪些情形": the enumerating article is looked for among this many top clauses
PUNISHING_DEPTH = 3  # "会怎么处罚": the liability article with items, among this many
ENUMERATION_COVERAGE = 0.5  # … and its lead must hold this share of the question's word weight
ITEM_COVERAGE = 0.3  # a penalty article's item holding this share of the question's words is the breach asked
MAX_HEADERS = 6  # documents whose headers a question about documents may compare
MAX_ACROSS = 10  # "哪些地方规定了X": documents searched one by one, the best-ranked of those in scope
ACROSS_DEPTH = 60  # … ranked by where their clauses come in one search this deep
CARRIED_DOCUMENTS = 3  # a follow-up naming no document is asked of the previous one's, if it chose this few
WHICH_COVERAGE = 0.6  # … and one of its clauses holds this share of the question's word weight
ANCHOR_FLOOR = 0.35  # … or, when the best document's clause holds this share,
ANCHOR_SHARE = 0.8  # … one of its clauses holds this share of the words that clause matched
# a question about several documents at once: "哪份先印发", "两份文件", "分别是谁发的"
_SEVERAL = re.compile(r"哪份|哪个先|哪部|两份|几份|各份|分别|各自|都是|谁先|哪一份|最新|最早")
# "各份要点 / 几份文件 / 各地": a comparison across documents that names no two places
_ACROSS = re.compile(r"各份|几份|每份|各个文件|各文件|各地|各市|各区|这几份|几个地方")
_KINDS = ("工作要点", "要点", "规划", "条例", "意见", "计划", "通知", "方案")


_PLACE_CUE = re.compile(r"地方|省|城市|市|地区")  # "哪些地方" asks for places, "哪几部条例" for texts


def _named(title: str, clauses: list[tuple[str, str]]) -> list[Statement]:
    """A document's name as a history line, cited to the header that prints it (none when no
    header does)."""
    return [Statement(title, clause_id) for clause_id, text in clauses[:2] if title in text][:1]


def _liability(clause) -> bool:
    """An article of a 法律责任 (罚则, 奖励与处罚) chapter, or one anywhere that punishes the breach
    of another (违反本条例第十四条规定…，处…罚款): what breaking the rules costs."""
    if clause.kind != "article":
        return False
    if any(_LIABILITY_CHAPTER.search(heading) for heading in clause.path):
        return True
    return bool(_PUNISHES.search(clause.text)) and bool(clause.cites)


_LIABILITY_CHAPTER = re.compile(r"法律责任|罚则|处罚|奖惩")


_PUNISHES = re.compile(r"违反本(?:条例|法|办法|规定|细则)[^。]{0,80}(?:罚款|处分|警告|责令|吊销|没收|拘留)")


def _cited(catalog, entries: list) -> dict[str, str]:
    """For each clause that names articles of its own document (违反本条例第三十五条规定的…),
    their text: what it is about, though it does not say so itself."""
    found = {}
    for entry in entries:
        if not entry.clause.cites:
            continue
        named = [
            e.clause.text
            for e in catalog.of_document(entry.doc.doc_id)
            if e.clause.kind == "article" and e.clause.number in entry.clause.cites
        ]
        if named:
            found[entry.clause.clause_id] = "\n".join(named)
    return found


def _stating(hits: list[Hit], stated: set, words: list[str], idf, share: float = WHICH_COVERAGE) -> list[Hit]:
    """The clauses by which a document states what "哪些地方规定了X" asks: holding `share` of the
    weight of `words` (the question's), and every value the question states (不少于两小时)."""
    return [
        h for h in hits if stated <= stated_values(h.text) and weighted_coverage(words, h.text, idf) >= share
    ]


def _of_two_characters(tokens: list[str]) -> list[str]:
    """The tokens of two characters or more: one character (做哪些事's 事, 管, 请) is no topic,
    however rare (all of them when the question has no other)."""
    return [t for t in tokens if len(t) > 1] or tokens


def _matched(tokens: list[str], hits: list[Hit], stated: set, idf) -> list[str]:
    """The question's words that the best-covering clause among `hits` holds (with every value
    the question states): what a clause must hold to say the same thing."""
    best, words = 0.0, []
    tokens = _of_two_characters(tokens)
    for hit in hits:
        if not stated <= stated_values(hit.text):
            continue
        if (coverage := weighted_coverage(tokens, hit.text, idf)) > best:
            best, words = coverage, [t for t in tokens if mentions(t, hit.text)]
    # 学校食堂 beside 学校 and 食堂 is one thing said twice; a clause may say it apart (学校…的食堂)
    joined = {t for t in words for i in range(1, len(t)) if t[:i] in words and t[i:] in words}
    return [t for t in words if t not in joined] if best >= ANCHOR_FLOOR else []


def _document_words(cue: str) -> set[str]:
    """Words that name what kind of documents "哪些地方的…条例" asks for, not what they say."""
    return {cue, "地方", "法律", "法规", "法律法规", "规定", *_KINDS}


def _of_kind(docs: dict[str, DocumentMeta], scope, asked: str) -> list[DocumentMeta]:
    """The documents in scope of the kind the question names (条例, 要点 …), if it names one."""
    kind = next((k for k in _KINDS if k in asked), None)
    return [
        meta
        for doc_id, meta in sorted(docs.items())
        if (scope.doc_ids is None or doc_id in scope.doc_ids)
        and (kind is None or kind in (meta.kind or "") or kind in meta.title)
    ]


def _lead(clause) -> str:
    """What an enumerating article says before its items: "幼儿园不得有下列行为"."""
    return without_article_number(clause.text.split(clause.items[0])[0]).strip()


# "甲类传染病是哪几种", "不良行为包括哪些": what is asked to be listed, before the asking words
_ASKS_MEMBERS = re.compile(
    r"([^，,。？?]{2,30}?)(?:是|有|包括|包含|分为|指)(?:哪几种|哪几类|哪些|哪几个|哪几项|什么)(?:呢|啊)?[？?。]?$"
)
_ASKS_BAN = re.compile(r"不能|不许|不准|不让|不可以|不允许|不得|禁止|严禁")
_BANS = re.compile(r"不得|禁止|严禁|不准|不许")


def best_lead(
    clauses: list,
    tokens: list[str],
    asked: str,
    idf: Callable[[str], float],
    titles: dict[str, str] | None = None,
) -> tuple[float, object]:
    """(coverage, clause) of the enumerating article whose lead holds most of the question's word
    weight; of equals, the one whose lead shares more of the question's characters (主要负责人 beside
    安全生产工作负责人: jieba leaves both the same words), then the first (the best-ranked). A word of
    its document's title (`titles`, by doc id) is said by the whole document: its lead need not
    repeat it (校车上的随车照管人员: 随车照管人员应当履行下列职责)."""
    unseen = idf("\x00never-a-token")
    # a word no clause uses (想办), nor any word for it (爹妈: 父母), cannot be matched by any lead
    tokens = [
        t for t in _of_two_characters(tokens) if idf(t) < unseen or t in synonyms()
    ] or _of_two_characters(tokens)
    titles = titles or {}
    if ban := _ASKS_BAN.search(asked):  # 不能做哪些事: the items a lead forbids, not the duties it lists
        banning = [c for c in clauses if _BANS.search(_lead(c))]
        if banning:  # and a lead that forbids says the asker's 不允许 in its own words (不得)
            clauses, tokens = banning, [t for t in tokens if t not in ban.group()] or tokens

    def own(clause) -> list[str]:
        return [t for t in tokens if t not in titles.get(clause.doc_id, "")] or tokens

    scored = [
        (round(weighted_coverage(own(c), _lead(c), idf), 6), support(asked, _lead(c)), i, c)
        for i, c in enumerate(clauses)
    ]
    coverage, _, _, clause = max(scored, key=lambda s: (s[0], s[1], -s[2]))
    return coverage, clause


def _interleaved(groups: list[EvidenceGroup]) -> list[Hit]:
    """The compared parties' clauses, best of each first: every party's first, then every second…
    (what is shown as found, and as related, is not one party's list before the others')."""
    found: dict[str, Hit] = {}
    for rank in range(max((len(g.hits) for g in groups), default=0)):
        for group in groups:
            if rank < len(group.hits):
                found.setdefault(group.hits[rank].clause_id, group.hits[rank])
    return list(found.values())


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


def _counted_text(slot: Slot) -> str:
    """What a number must be said of: the noun a count names (多少所国际学校), or, when the count
    has no unit, what the question asks the number of (录取分数线是多少)."""
    if slot.kind != QUANTITY:
        return ""
    return slot.counted or (slot.thing if slot.unit is None else "")


def _part_label(part: str, scope_words: set[str]) -> str:
    """A part's label, as asked, without what named its place or document ("青岛条例里，" → ""),
    unless taking the place out leaves its preposition bare ("在重庆的工厂上班" stays whole)."""
    label = re.sub(r"[，,\s]+", "，", _topic(part, scope_words))
    label = re.sub(r"^(?:[里中上内]?[，、])+", "", label).strip("？?。，、 ")
    if not _BARE_PREPOSITION.search(label):
        return label
    pieces = [p for p in re.split(r"[，,\s]+", part) if p]
    if len(pieces) > 1 and not _topic(pieces[0], scope_words).strip("里中上内的在按照根据规定 "):
        pieces = pieces[1:]
    return "，".join(pieces).strip("？?。，、 ")


_BARE_PREPOSITION = re.compile(r"(?:^|[^存现实])[在到从](?:的|，|$)")  # not 现在的, 存在的


def _has_subject(tokens: list[str], slot: Slot) -> bool:
    """Whether a part names what it asks about ("有几所？", "多久记一次？", "每次多长时间？" do not:
    they ask about the previous part's subject)."""
    return any(len(t) >= 2 and t not in slot.cue and not t.startswith("每") for t in tokens)


def _label(meta: DocumentMeta) -> str:
    return meta.district or meta.city or meta.province or meta.title


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
        if (
            understanding.previous
            and filters.is_empty()
            and (carried := self._carried(understanding, result.scope))
        ):
            result = self.searcher.search(asked, depth, SearchFilters(doc_ids=carried))
        timings = dict(result.timings_ms)
        hits = list(result.hits)
        if not understanding.fields:  # a header answers questions about the document only
            hits = _content(hits)
        scope = result.scope
        if (
            understanding.which_documents
            and len(scope.places) == 1
            and _PLACE_CUE.search(understanding.which_documents)
        ):
            # "北京哪些地方连室外也不能抽烟": places inside the one place's texts, not documents; a
            # list of them, when an article enumerates them
            understanding = replace(understanding, which_documents="", enumerates=True)
        scope_words = self.place_names() | set(scope.documents) | set(scope.outside)
        scope_words |= {str(y) for y in scope.years}
        asked_in = scope.content(asked)  # a described document: what is asked inside it
        tokens = content_tokens(self.searcher.query_tokens(asked_in), scope_words)
        if understanding.penalty and not scope.absent:  # the articles that punish what is asked first
            hits = self._penalties_first(hits, tokens)
        slot = understanding.slot
        counted = self._words(_counted_text(slot), scope_words)
        absent_terms, named = self._terms(slot, scope, asked_in)

        groups = [EvidenceGroup(None, hits)]
        if understanding.which_documents and understanding.filters.is_empty() and not scope.absent:
            compared, searched = self._which_documents(understanding, scope)
        else:
            compared, searched = self._compared(understanding, scope), 0
        structured = self._structure(understanding, scope, hits) if not scope.absent else []
        if structured and understanding.structure.kind == MENTIONS:  # its lines say what mentions the term
            tokens = self._words(understanding.structure.term, scope_words) or tokens
        history = (
            self._history(understanding, scope, hits) if understanding.history and not scope.absent else None
        )
        # a comparison answers each party from its own documents, not one article of one of them
        several = len(compared) >= 2
        enumerated = (
            self._enumerated(understanding, scope, hits, tokens) if not (history or several) else None
        )
        statements, listed = {}, False  # listed: an article's lead and items, one a line
        unsaid = None
        if history and understanding.history.whats == (CHANGES,):  # "修正改了哪些条款"
            groups, said = history
            hits = [h for group in groups for h in group.hits]
            unsaid = unsaid_changes(said, self._older_years(groups))
            history = None
        elif (
            history
            and understanding.history.whats == ("nth",)
            and all(lines and lines[0].text.startswith(NO_SUCH) for lines in history[1].values())
        ):
            # "第二次修正是哪年" of a law amended once: no such change to date, said with those recorded
            groups, said = history
            hits = [h for group in groups for h in group.hits]
            unsaid = "\n".join(
                f"{label}：" * bool(label) + "；".join(s.text for s in lines) + "。"
                for label, lines in said.items()
            )
            history = None
        if history:  # a regulation's history or effect: read off its fields, cited to the 题注
            groups, statements = history
            hits = [h for group in groups for h in group.hits]
        elif enumerated:  # every item an article enumerates, each its own line
            groups, statements, listed = enumerated
            hits = groups[0].hits + [h for h in hits if h.clause_id != groups[0].hits[0].clause_id]
        elif understanding.fields and not scope.absent:  # about the documents themselves: their headers
            groups, hits = self._headers(scope, hits, asked)
        elif structured:  # a part, a count or every clause mentioning a term: read off the tree
            groups = [EvidenceGroup(None, structured, by_structure=True)]
            hits = structured + [h for h in hits if h.clause_id not in {s.clause_id for s in structured}]
        elif understanding.shape == "list" and not scope.absent:
            under = self.searcher.under_heading(asked, scope.doc_ids)
            if under:  # the items under the heading it names, in order
                groups = [EvidenceGroup(None, under, by_structure=True)]
                hits = under + [h for h in hits if h.clause_id not in {u.clause_id for u in under}]
        elif understanding.parts and len(compared) < 2 and not scope.absent:
            groups, timings = self._parts(understanding, scope, scope_words, timings)
            hits = [h for group in groups for h in group.hits]
        elif len(compared) >= 2 or (understanding.which_documents and compared):
            groups = []
            topic = _topic(asked, scope_words)
            # "哪些地方规定了…不少于两小时": a document states it only with the value the question states
            stated = stated_values(asked) if understanding.which_documents else set()
            idf = self.searcher.query_idf()
            found_in = {}
            for label, doc_ids in compared:
                sub = self.searcher.search(
                    topic, 2 * PER_GROUP, SearchFilters(doc_ids=tuple(sorted(doc_ids)))
                )
                for step, ms in sub.timings_ms.items():
                    timings[step] = timings.get(step, 0.0) + ms
                found_in[label] = _content(sub.hits)
            if understanding.which_documents:
                which_tokens = self._words(
                    topic, scope_words | _document_words(understanding.which_documents)
                )
                anchor = _matched(which_tokens, [h for f in found_in.values() for h in f], stated, idf)
            for label, doc_ids in compared:
                own = self._party_words(asked_in, scope, scope_words, label) if scope.parties else None
                found = found_in[label]
                if understanding.which_documents:
                    # staff ask in everyday words (陪着孩子吃饭, 男老师), so often no clause holds most
                    # of the question: the document holding its words best sets what the others must
                    # hold (12345 热线 is the two cities', 全国统一的热线 the national law's)
                    found = _stating(found, stated, tokens, idf) or _stating(
                        found, stated, anchor, idf, ANCHOR_SHARE
                    )
                if found or not understanding.which_documents:
                    words = own or tokens
                    whole = (
                        self._whole_document(next(iter(doc_ids)), words)
                        if slot.kind in (QUANTITY, DATE) and len(doc_ids) == 1
                        else None
                    )
                    if understanding.penalty and slot.kind == QUANTITY:  # 分别罚多少: each one's own fine
                        found = self._penalties_first(found, words)
                    on_topic = self._on_topic_first(found, words)[:PER_GROUP]
                    groups.append(EvidenceGroup(label, on_topic, tokens=own, document_clauses=whole))
            if not groups:  # no document says it in so many words: the best clauses, as for any question
                groups, searched = [EvidenceGroup(None, hits)], 0
            hits = _interleaved(groups)
        if named:  # the clauses holding a quoted term belong to the evidence, wherever they rank
            groups = [
                g if g.by_structure else replace(g, hits=g.hits + [h for h in named if h not in g.hits])
                for g in groups
            ]
        catalog = self.searcher.loaded().catalog
        docs = catalog.docs
        entries = [catalog.get(h.clause_id) for g in groups for h in g.hits]
        return Evidence(
            understanding,
            hits,
            groups,
            scope.describe(),
            tokens,
            self.searcher.query_idf(),
            timings,
            absence=unsaid or scope.absence(),
            outside=scope.outside,
            absent_terms=absent_terms,
            counted=counted,
            documents={h.doc_id: docs[h.doc_id] for g in groups for h in g.hits if h.doc_id in docs},
            statements=statements,
            enumerated=bool(enumerated) and listed,
            # read only for a number or a date the top clauses may lack (judge.py)
            document_clauses=self._document_clauses(scope, tokens) if slot.kind in (QUANTITY, DATE) else [],
            headings={e.clause.clause_id: e.clause.path for e in entries if e is not None},
            cited=_cited(catalog, [e for e in entries if e is not None]),
            searched=searched,
        )

    def _clause_ids(self, text: str, doc_id: str) -> list[str]:
        found = self.searcher.search(text, PER_GROUP, SearchFilters(doc_ids=(doc_id,)))
        return [h.clause_id for h in _content(found.hits)]

    def _structure(self, understanding: Understanding, scope, hits: list[Hit]) -> list[Hit]:
        """The units a structure question names, of the document it is about: the one its scope
        names, else the best-ranked one ("涉及X的有哪几条": every document in scope)."""
        ask = understanding.structure
        if ask is None:
            return []
        loaded = self.searcher.loaded()
        named = self.place_names() | set(scope.documents) | {str(y) for y in scope.years}
        named |= {
            n
            for d in (scope.doc_ids or ())
            for n in (loaded.catalog.docs[d].title, *loaded.catalog.docs[d].aliases)
        }
        outline = Outline(
            loaded.catalog, self.searcher.tokenizer, loaded.idf, self._clause_ids, frozenset(named)
        )
        in_scope = sorted(scope.doc_ids) if scope.doc_ids else []
        kind = next((k for k in _KINDS if k in understanding.asked), None)
        docs = loaded.catalog.docs
        if kind:  # "洛阳要点第五部分…": of 洛阳's documents, its 要点
            in_scope = [
                d for d in in_scope if kind in docs[d].title or kind in (docs[d].kind or "")
            ] or in_scope
        ranked = list(dict.fromkeys(h.doc_id for h in hits))
        if ask.kind == MENTIONS:
            doc_ids = in_scope or ranked[:1]
        else:  # one document: the best-ranked of those in scope
            doc_ids = [d for d in ranked if not in_scope or d in in_scope][:1] or in_scope[:1]
        units = outline.units(ask, doc_ids)
        return self.searcher.clauses([u.clause.clause_id for u in units])

    def _headers(self, scope, hits: list[Hit], scope_question: str) -> tuple[list[EvidenceGroup], list[Hit]]:
        """A question about documents themselves (文号, date, issuer, 主送) is answered from their
        headers, found by structure: of each document the question names (one group each when
        it names several: "哪份先印发"), else of the best-ranked document."""
        catalog = self.searcher.loaded().catalog
        named = len(scope.places) + len(scope.documents)
        compares = named >= 2 or bool(_SEVERAL.search(scope_question))
        doc_ids = sorted(scope.doc_ids) if scope.doc_ids and compares else []
        if compares and scope.places:  # "洛阳那两份文件…": every document of the places named
            doc_ids = sorted(set(doc_ids).union(*(scope.groups.get(p, ()) for p in scope.places)))
        if not doc_ids or len(doc_ids) > MAX_HEADERS:  # one document: the best-ranked one
            doc_ids = [h.doc_id for h in hits[:1]]
        heads = {d: self.searcher.clauses(catalog.heads(d)) for d in doc_ids}
        heads = {d: found for d, found in heads.items() if found}
        if not heads:
            return [EvidenceGroup(None, hits)], hits
        if len(heads) == 1:
            (found,) = heads.values()
            rest = [h for h in hits if h.clause_id not in {f.clause_id for f in found}]
            return [EvidenceGroup(None, found + rest)], found + rest
        docs = catalog.docs
        # oldest first; a document dated only by its year counts from that year's end
        ordered = sorted(heads, key=lambda d: (docs[d].date or f"{docs[d].year or 9999}-12-31", d))
        groups = [EvidenceGroup(f"《{docs[d].title}》", heads[d], by_structure=True) for d in ordered]
        return groups, [h for g in groups for h in g.hits]

    def _history(self, understanding: Understanding, scope, hits: list[Hit]):
        """(groups, statements) of a question about a regulation's history or effect, answered from
        the fields its anatomy read: of each document the question names (one group each when it
        names several), else of the best-ranked document with a history. None when none has one
        (a work plan's "什么时候开始执行" is about its content)."""
        catalog = self.searcher.loaded().catalog
        named = len(scope.places) + len(scope.documents)
        doc_ids = sorted(scope.doc_ids) if scope.doc_ids and (len(scope.doc_ids) == 1 or named >= 2) else []
        if not doc_ids or len(doc_ids) > MAX_HEADERS:  # the document most of the top clauses are from
            weight: dict[str, float] = {}
            for hit in _content(hits):
                if catalog.docs[hit.doc_id].history:
                    weight[hit.doc_id] = weight.get(hit.doc_id, 0.0) + hit.score
            doc_ids = [max(weight, key=weight.get)] if weight else []
        found = {}
        for doc_id in doc_ids:
            clauses = [(e.clause.clause_id, e.clause.text) for e in catalog.of_document(doc_id)]
            newer = None
            if (current := catalog.superseded.get(doc_id)) is not None:  # "2020年版的还有效吗"
                newer_clauses = [(e.clause.clause_id, e.clause.text) for e in catalog.of_document(current)]
                newer = (catalog.docs[current], newer_clauses)
            said = answer_history(catalog.docs[doc_id], clauses, understanding.history, newer)
            if said and "title" in understanding.fields:  # "全称是什么，哪天起施行": its name first
                said = _named(catalog.docs[doc_id].title, clauses) + said
            if said:
                found[doc_id] = said
        if not found:
            return None
        several = len(found) > 1
        groups, statements = [], {}
        for doc_id, said in found.items():
            label = f"《{catalog.docs[doc_id].title}》" if several else None
            cited = self.searcher.clauses(list(dict.fromkeys(s.clause_id for s in said)))
            groups.append(EvidenceGroup(label, cited, by_structure=True))
            statements[label] = said
        return groups, statements

    def _older_years(self, groups: list[EvidenceGroup]) -> dict[str | None, int]:
        """Per history group, the year of an earlier text of its regulation the library also holds."""
        catalog = self.searcher.loaded().catalog
        older = {}
        for group in groups:
            current = group.hits[0].doc_id if group.hits else None
            years = [catalog.docs[o].year for o, c in catalog.superseded.items() if c == current]
            if years and years[0]:
                older[group.label] = years[0]
        return older

    def _enumerated(self, understanding: Understanding, scope, hits: list[Hit], tokens: list[str]):
        """(groups, statements) of a "有哪些情形" question: an article that enumerates items (its
        （一）…（N）, read at ingest), its lead sentence then every item. The article whose lead
        ("幼儿园不得有下列行为") says most of the question, among the top clauses and the
        enumerating articles of the one document the scope chose; else the top clause when it
        enumerates (retrieval's reading of everyday words: 跟车照看学生的人 → 随车照管人员). A
        penalty question gets the 法律责任 article's lead (what breaking it costs) and the items
        that are the breach it asks about. None when no article enumerates (a work plan's parts
        are headings)."""
        if scope.absent or understanding.fields or understanding.structure:
            return None
        penalty = understanding.penalty and not understanding.slot.wants_value  # 罚多少: the fill check's
        if not (understanding.enumerates or penalty):
            return None
        catalog = self.searcher.loaded().catalog
        idf = self.searcher.query_idf()
        depth = ENUMERATION_DEPTH if understanding.enumerates else PUNISHING_DEPTH
        top = [catalog.get(h.clause_id) for h in _content(hits)[:depth]]
        top = [e for e in top if e is not None]
        candidates = [e for e in top if len(e.clause.items) >= 2]
        if understanding.enumerates and scope.doc_ids is not None and len(scope.doc_ids) == 1:
            (doc_id,) = scope.doc_ids
            candidates += [e for e in catalog.of_document(doc_id) if len(e.clause.items) >= 2]
        if understanding.enumerates:  # a quoted term (哪些算“不良行为”): the articles whose lead names it
            for term in understanding.slot.terms:
                found = catalog.mentioning(term, scope.doc_ids)
                candidates += [e for e in found if len(e.clause.items) >= 2 and term in _lead(e.clause)]
        if not understanding.enumerates:
            if understanding.shape == "list":
                return None  # "哪几条讲了违规怎么处理" asks for every such article, not one of them
            return self._punishing(candidates, tokens, idf) or self._punishing_article(hits)
        if defined := self._defined(understanding.asked, hits):  # 甲类传染病是哪几种: "…是指：鼠疫、霍乱"
            return defined
        if not candidates:
            return None
        for term in understanding.slot.terms:  # 哪些算“不良行为”: the article defining it answers
            defining = re.compile(rf"所称{re.escape(term)}|{re.escape(term)}，?是指")
            if found := next((e.clause for e in candidates if defining.search(_lead(e.clause))), None):
                return self._items(found, found.items)
        titles = {e.clause.doc_id: catalog.docs[e.clause.doc_id].title for e in candidates}
        coverage, clause = best_lead([e.clause for e in candidates], tokens, understanding.asked, idf, titles)
        # 不能做哪些事 with a forbidding lead on its topic: that list, not the top clause's duties
        banned = _ASKS_BAN.search(understanding.asked) and _BANS.search(_lead(clause)) and coverage > 0
        if coverage < ENUMERATION_COVERAGE and not banned:
            if not top or top[0] not in candidates:
                return None
            clause = top[0].clause
        return self._items(clause, clause.items)

    def _defined(self, asked: str, hits: list[Hit]):
        """ "X是哪几种/包括哪些" answered by the sentence that defines X by its members ("甲类传染病
        是指：鼠疫、霍乱。"), in the documents of the top clauses; None when none does."""
        match = _ASKS_MEMBERS.search(asked)
        if not match:
            return None
        subject = re.split(r"[的里中，,]", match.group(1))[-1]
        if len(subject) < 2:
            return None
        defining = re.compile(rf"{re.escape(subject)}[，,]?(?:是指|包括)[:：]?[^。；\n]+[。；]?")
        catalog = self.searcher.loaded().catalog
        for doc_id in dict.fromkeys(h.doc_id for h in _content(hits)[:ENUMERATION_DEPTH]):
            for entry in catalog.of_document(doc_id):
                if not (found := defining.search(entry.clause.text)):
                    continue
                if entry.clause.items and found.group() in _lead(entry.clause):  # "…是指…下列行为："
                    return self._items(entry.clause, entry.clause.items)
                text = entry.clause.text  # the whole sentence: 本条例所称学校，包括…
                start = max(text.rfind(mark, 0, found.start()) for mark in "。；\n") + 1
                said = without_article_number(text[start : found.end()].strip())
                return self._article_answer(entry.clause, [said], listed=False)
        return None

    def _punishing(self, candidates: list, tokens: list[str], idf):
        """What breaking a duty costs: the best-ranked 法律责任 article with items that name the
        breach asked about (its lead says the penalty), and those items."""
        for entry in candidates:
            if not _liability(entry.clause):
                continue
            breach = [i for i in entry.clause.items if weighted_coverage(tokens, i, idf) >= ITEM_COVERAGE]
            if breach:
                return self._items(entry.clause, breach)
        return None

    def _punishing_article(self, hits: list[Hit]):
        """What breaking the duty asked about costs, when the article that punishes it (put first by
        _penalties: it names the duty, 违反本条例第三十条规定的…) lists no items: its sentences."""
        catalog = self.searcher.loaded().catalog
        entry = catalog.get(hits[0].clause_id) if hits else None
        if entry is None or not _liability(entry.clause) or not entry.clause.cites:
            return None
        lines = [s.strip() for s in sentences(without_article_number(entry.clause.text))]
        return self._article_answer(entry.clause, lines, listed=False)

    def _items(self, clause, items) -> tuple[list[EvidenceGroup], dict, bool]:
        """An enumerating article's lead, then the given items of it, each a statement."""
        return self._article_answer(clause, [_lead(clause), *items], listed=True)

    def _article_answer(
        self, clause, lines: list[str], listed: bool
    ) -> tuple[list[EvidenceGroup], dict, bool]:
        """(groups, statements, listed) answering from one article: its lines, each a statement
        cited to it; `listed`: a lead and its items, one a line."""
        said = [Statement(line, clause.clause_id) for line in lines if line]
        (hit,) = self.searcher.clauses([clause.clause_id])
        return [EvidenceGroup(None, [hit], by_structure=True)], {None: said}, listed

    def _penalties_first(self, hits: list[Hit], tokens: list[str]) -> list[Hit]:
        """The hits with the articles that punish what they are about before them, each once."""
        return list({h.clause_id: h for h in self._penalties(hits, tokens) + hits}.values())

    def _penalties(self, hits: list[Hit], tokens: list[str]) -> list[Hit]:
        """For "违反…会怎么处罚": the 法律责任 articles that name the duty found (违反本法第三十二条
        规定的…, read at ingest), else those of its chapter most on the question's topic."""
        catalog = self.searcher.loaded().catalog
        idf = self.searcher.query_idf()
        found: list[str] = []
        for hit in hits[:PENALTY_DEPTH]:
            entry = catalog.get(hit.clause_id)
            if entry is None or entry.clause.kind != "article" or _liability(entry.clause):
                continue
            articles = [e.clause for e in catalog.of_document(hit.doc_id) if _liability(e.clause)]
            # several punish one duty (烟酒网点, 吸烟): the one whose own words are the question's first
            citing = sorted(
                (c for c in articles if entry.clause.number in c.cites),
                key=lambda c: -weighted_coverage(tokens, c.text, idf),
            )
            if not citing:
                scored = sorted(articles, key=lambda c: -weighted_coverage(tokens, c.text, idf))
                citing = [c for c in scored[:1] if weighted_coverage(tokens, c.text, idf) >= PENALTY_COVERAGE]
            found += [c.clause_id for c in citing if c.clause_id not in found]
        return self.searcher.clauses(found[:PENALTY_DEPTH])

    def _document_clauses(self, scope, tokens: list[str]) -> list[Hit]:
        """When the scope chose one document: that document read whole (_whole_document)."""
        if scope.doc_ids is None or len(scope.doc_ids) != 1:
            return []
        (doc_id,) = scope.doc_ids
        return self._whole_document(doc_id, tokens)

    def _whole_document(self, doc_id: str, tokens: list[str]) -> list[Hit]:
        """A document's content clauses, those holding most of the question's word weight first (at
        most WHOLE_DOCUMENT of them)."""
        if not tokens:
            return []
        idf = self.searcher.query_idf()
        clauses = [e.clause for e in self.searcher.loaded().catalog.of_document(doc_id)]
        content = [c for c in clauses if c.kind not in ("header", "heading")]
        ranked = sorted(content, key=lambda c: -weighted_coverage(tokens, c.text, idf))[:WHOLE_DOCUMENT]
        return self.searcher.clauses([c.clause_id for c in ranked])

    def _words(self, text: str, scope_words: set[str]) -> list[str]:
        return content_tokens(self.searcher.query_tokens(text), scope_words) if text else []

    def _terms(self, slot: Slot, scope, asked: str) -> tuple[tuple[str, ...], list[Hit]]:
        """The quoted and coined terms no document contains, and the clauses in scope holding the
        others. "No document mentions it" is a claim about the library, so it asks the whole
        library, not the top hits (a term of a document outside the scope is no near miss). Words
        that only described the document are not terms asked about."""
        absent, named = [], []
        catalog = self.searcher.loaded().catalog
        for term, share in [(t, 1.0) for t in slot.terms] + [(c, COINED_SHARE) for c in slot.coined]:
            if term not in asked or any(term in name for name in scope.documents):
                continue
            if not catalog.mentioning(term, None, share):
                absent.append(term)
                continue
            found = catalog.mentioning(term, scope.doc_ids, share)
            named.extend(self.searcher.clauses([e.clause.clause_id for e in found[:PER_TERM]]))
        return tuple(absent), [h for h in named if h.kind != "heading"]

    def _parts(self, understanding: Understanding, scope, scope_words: set[str], timings: dict):
        """Each part of a multi-part question searched on its own, within the documents the whole
        question is about (a later part rarely repeats the place: "…？老师每五年得修满多少学时？")."""
        groups = []
        within = SearchFilters(doc_ids=tuple(sorted(scope.doc_ids))) if scope.doc_ids else None
        slots = understanding.part_slots or tuple(Slot() for _ in understanding.parts)
        previous = ""
        for part, slot in zip(understanding.parts, slots, strict=True):
            searched = scope.content(part)  # a described document: what is asked inside it
            tokens = content_tokens(self.searcher.query_tokens(searched), scope_words)
            if not _has_subject(tokens, slot):  # "…创建学校做什么？有几所？": the same schools
                searched = f"{previous}，{searched}"
                tokens = content_tokens(self.searcher.query_tokens(searched), scope_words)
            sub = self.searcher.search(searched, PER_PART, within)
            for step, ms in sub.timings_ms.items():
                timings[step] = timings.get(step, 0.0) + ms
            # the part is searched within the question's documents; with none named, the law first
            found = _content(national_first(sub.hits, scope, self.searcher.loaded().catalog.docs))
            if groups and groups[-1].hits:  # parts of one question often share a clause: look there first
                shared = groups[-1].hits[0].clause_id
                first = next((h for h in found if h.clause_id == shared), groups[-1].hits[0])
                found = [first] + [h for h in found if h.clause_id != shared]
            label = _part_label(scope.content(part), scope_words)
            counted = self._words(_counted_text(slot), scope_words)
            groups.append(EvidenceGroup(label, found, part=part, tokens=tokens, slot=slot, counted=counted))
            previous = searched
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

    def _which_documents(
        self, understanding: Understanding, scope
    ) -> tuple[list[tuple[str, frozenset[str]]], int]:
        """ "哪些地方的学前教育条例规定了X", "哪几部法律…": the documents in scope of the kind or
        level named, each its own party; of many, the MAX_ACROSS that a search for X ranks first
        (retrieval by document: documents ranked, then evidence inside each); and how many
        documents were in scope."""
        docs: dict[str, DocumentMeta] = self.searcher.loaded().catalog.docs
        asked = understanding.asked
        levels = asked_levels(understanding.which_documents)
        chosen = [m.doc_id for m in _of_kind(docs, scope, asked) if levels is None or m.level in levels]
        searched = len(chosen)
        if len(chosen) > MAX_ACROSS:
            found = self.searcher.search(
                _topic(asked, set()), ACROSS_DEPTH, SearchFilters(doc_ids=tuple(chosen))
            )
            ranked = list(dict.fromkeys(h.doc_id for h in _content(found.hits)))
            chosen = ranked[:MAX_ACROSS]
        return [(f"《{docs[d].title}》", frozenset({d})) for d in chosen], searched

    def _party_words(self, asked: str, scope, scope_words: set[str], label: str) -> list[str]:
        """The words a party of "A的X和B的Y分别…" is asked about: those between its name and the next
        party's (重庆的家庭教育日; 家庭教育促进法规定的家庭教育宣传周), else the question's. Another
        party's name may be this one's topic (家庭教育 in 家庭教育促进法 is what 重庆's day is about)."""
        others = scope_words - set(scope.parties) | {label}
        starts = sorted(asked.find(p) for p in scope.parties if p in asked)
        start = asked.find(label)
        if start >= 0:
            end = next((s for s in starts if s > start), len(asked))
            if words := self._words(asked[start:end], others):
                return words
        return self._words(asked, others)

    def _carried(self, understanding: Understanding, scope) -> tuple[str, ...] | None:
        """The documents the previous question chose, when this one names none of its own and goes
        on about them ("那它第一次修订以后又是谁批准的？"), and they are fewer than the place the
        resolution carried over holds."""
        # the question as asked, unless the resolution added the previous question's place to it
        own = scope if understanding.resolved is None else self.searcher.scope(understanding.question)
        if own.places or own.documents or own.years or own.description:
            return None
        carried = self.searcher.scope(understanding.previous or "").doc_ids
        if not carried or len(carried) > CARRIED_DOCUMENTS:
            return None
        if scope.doc_ids is not None and not carried <= scope.doc_ids:
            return None
        return tuple(sorted(carried))

    def _compared(self, understanding: Understanding, scope) -> list[tuple[str, frozenset[str]]]:
        """(label, documents) of each compared party: the places named, or, for "各份要点…",
        every document in scope (of the kind named, if one is)."""
        if not understanding.filters.is_empty() or scope.absent:
            return []
        places = [
            (name, scope.groups[name]) for name in scope.parties or scope.places if name in scope.groups
        ]
        if len(places) >= 2 or not _ACROSS.search(understanding.asked):
            return places
        chosen = _of_kind(self.searcher.loaded().catalog.docs, scope, understanding.asked)
        labels = [_label(meta) for meta in chosen]
        return [
            (label if labels.count(label) == 1 else meta.title, frozenset({meta.doc_id}))
            for label, meta in zip(labels, chosen, strict=True)
        ]
