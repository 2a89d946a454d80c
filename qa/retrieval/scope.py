"""Which documents a question is about: explicit filters, or the places, years and document names
it mentions ("洛阳", "2023年", "十四五规划", "12881"). The names come from the indexed documents'
metadata, so a user's own documents are recognised the same way as the built-in ones."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from qa.corpus.anatomy import ADMINISTRATIVE, LAW, LOCAL, RULES
from qa.corpus.patterns import years_named
from qa.corpus.places import named_places, province_forms, provinces
from qa.records import DocumentMeta
from qa.retrieval.tokenizer import get_tokenizer

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_PLACE_SUFFIXES = ("市", "区", "县")


@dataclass(frozen=True)
class SearchFilters:
    """Explicit restrictions from the caller; empty means 'all documents'."""

    doc_ids: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def is_empty(self) -> bool:
        return not (self.doc_ids or self.cities or self.years)


@dataclass(frozen=True)
class Scope:
    """The documents a search is restricted to (None: all), and why."""

    doc_ids: frozenset[str] | None = None
    places: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    documents: tuple[str, ...] = ()  # doc names the question used
    explicit: bool = False
    groups: dict[str, frozenset[str]] = field(default_factory=dict)  # place or name -> its documents
    outside: tuple[str, ...] = ()  # places named that no document is about (石家庄)
    lacking_years: tuple[int, ...] = ()  # years named that no document in scope is for
    absent: str | None = None  # what was asked that the corpus lacks, in words: 惠济区2024年
    available: tuple[str, ...] = ()  # then: the titles of what the corpus has instead
    selected: bool = False  # absent from the caller's selection (filters), not from the corpus
    description: str = ""  # the words that described the document ("提出“321”发展愿景的那份要点")
    # the parties a question compares when they are not all places: "重庆的家庭教育日和家庭教育促进法
    # 规定的宣传周" compares a place's documents with a national law (empty: the places)
    parties: tuple[str, ...] = ()

    def content(self, question: str) -> str:
        """The question without the words that described its document: once the document is
        resolved, they name it, they are not what is asked inside it."""
        if not self.description or self.description not in question:
            return question
        rest = question.replace(self.description, " ", 1).strip(" ，,、里中的")
        return rest if len(rest) >= 4 else question

    def describe(self) -> str:
        # a document alias that is the place's own name (惠济 beside 惠济区) is said once
        names = [d for d in self.documents if not any(d in p or p in d for p in self.places)]
        return "、".join([*self.places, *(f"{y}年" for y in self.years), *names])

    def absence(self) -> str | None:
        """The sentence that says what the corpus lacks, or None when it has what was asked."""
        if not self.absent:
            return None
        where, listed = ("所选范围内", "所选") if self.selected else ("现有文件中", "现有")
        # "没有深圳的大气污染防治条例" names a document already; "没有天津的文件" a place
        named = self.absent.endswith(tuple(_KIND_WORDS))
        text = f"{where}没有{self.absent}" + ("" if named else "的文件")
        if self.available:
            text += f"；{listed}：" + "、".join(f"《{title}》" for title in self.available)
        return text + "。"


def place_names(meta: DocumentMeta) -> set[str]:
    """The names a question may use for a document's province, city or district: 山东, 山东省;
    惠济区, 惠济, 惠济县 …"""
    names = set(province_forms(meta.province)) if meta.province else set()
    for place in (meta.city, meta.district):
        if place:
            names.add(place)
            stem = place.removesuffix("市").removesuffix("区").removesuffix("县")
            if len(stem) >= 2:
                names.add(stem)
                names.update(stem + suffix for suffix in _PLACE_SUFFIXES)
    return names


_REGULATION_LEVELS = (LAW, ADMINISTRATIVE, LOCAL, RULES)
_SPECIAL_ZONE = re.compile(r"^经济特区")


def kind_name(meta: DocumentMeta) -> str | None:
    """What a place's regulation is called without its place (北京市学前教育条例 → 学前教育条例):
    the name its siblings of other places share, by which "北京和浙江的学前教育条例" picks each
    place's one among its other documents."""
    names = kind_names(meta)
    return names[0] if names else None


def kind_names(meta: DocumentMeta) -> list[str]:
    """The names a place's regulation shares with its siblings, from its title and then from its
    aliases (浙江省实施《中华人民共和国教师法》办法 is also 实施教师法办法, as staff say it)."""
    if meta.level not in _REGULATION_LEVELS:
        return []
    forms = sorted(place_names(meta), key=len, reverse=True)
    found = []
    for name in (meta.title, *meta.aliases):
        form = next((f for f in forms if name.startswith(f)), None)
        if form is not None:
            stem = _SPECIAL_ZONE.sub("", name[len(form) :])
            if len(stem) >= 4 and stem not in found:
                found.append(stem)
    return found


_NICKNAME = re.compile(r"[\u4e00-\u9fff]{1,5}(?:法|条例)")


def _abbreviates(word: str, name: str) -> bool:
    """Whether a word is a short form people make of a name: its first and last characters, and the
    rest in order (义教法 of 义务教育法, 未保法 of 未成年人保护法, 食安法 of 食品安全法)."""
    if len(word) >= len(name) or len(word) < 3 or word[0] != name[0] or word[-1] != name[-1]:
        return False
    rest = iter(name[1:-1])
    return all(char in rest for char in word[1:-1])


_KIND_WORDS = frozenset({"法", "办法", "条例", "规定", "细则", "实施办法", "实施细则"})


def _nicknamed(
    question: str, docs: dict[str, DocumentMeta], all_places: set[str]
) -> dict[str, frozenset[str]]:
    """The documents a question names by a short form of a law's name (义教法), each with its word;
    a word that could stand for two names names neither (nor a place and a kind: 北京办法)."""
    found: dict[str, frozenset[str]] = {}
    places = sorted(all_places, key=len, reverse=True)
    for match in _NICKNAME.finditer(question):
        text = match.group()
        for start in range(len(text) - 2):  # the word may begin anywhere in the run ("的义教法")
            word = text[start:]
            core = next((word[len(p) :] for p in places if word.startswith(p)), word)
            if core in _KIND_WORDS:
                continue  # "北京办法" is a place and a kind: it abbreviates no one law
            named = frozenset(
                doc_id for doc_id, meta in docs.items() if any(_abbreviates(word, a) for a in meta.aliases)
            )
            if named and len({docs[d].aliases[0] for d in named}) == 1:
                found[word] = named
                break
    return found


def _document_names(meta: DocumentMeta) -> set[str]:
    """Aliases, the name a place's regulation shares with its siblings, the title, and the 文号
    (洛政〔2022〕26号) in the bracket forms people type."""
    names = {alias for alias in meta.aliases if len(alias) >= 2}
    names |= set(kind_names(meta))
    # its title as typed without 《》 (幼儿园管理条例 has no shorter name)
    names |= {title for title in (meta.title, _unbracketed(meta.title)) if len(title) >= 5}
    if meta.doc_number:
        names |= {
            meta.doc_number.replace("〔", a).replace("〕", b) for a, b in ("〔〕", "[]", "［］", "()", "（）")
        }
    return names


def _covers_year(meta: DocumentMeta, year: int) -> bool:
    if year in meta.years_named():
        return True
    if meta.period and (match := re.fullmatch(r"(\d{4})\D+(\d{4})", meta.period)):
        return int(match.group(1)) <= year <= int(match.group(2))
    return False


def _place_matches(name: str, meta: DocumentMeta) -> bool:
    return name in place_names(meta)


_TITLED = re.compile(r"《([^》]{4,})》")
_QUOTED = re.compile(r"[“\"]([^”\"]{2,30})[”\"]")
# "按12881思路的那份要点", "中央那份讲劳动课的意见": a document described rather than named
_DESCRIBED = re.compile(
    r"(?P<before>[^，。？?！!；]{0,20}?)(?:的)?(?:那份|这份|那部|这部|那篇|那个文件|那个规划)(?P<after>[^，。？?！!；]{0,20})"
)
_NOT_DESCRIPTIVE = set("的了在是和与及里中上下这那份部篇个要点文件规划意见通知计划方案条例说讲提")
_KINDS = ("工作要点", "要点", "规划", "条例", "意见", "计划", "通知", "方案", "办法")
CLEAR_MARGIN = 1.5  # the best-matching profile must score this many times the runner-up


def _unbracketed(title: str) -> str:
    """A title without its inner brackets: 实施〈中华人民共和国教师法〉办法 is 实施《…》办法."""
    return re.sub(r"[〈〉《》<>]", "", title)


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if not set(text[i : i + 2]) & _NOT_DESCRIPTIVE}


def described_documents(
    question: str,
    docs: dict[str, DocumentMeta],
    profiles: dict[str, str],
    texts: dict[str, str] | None = None,
) -> set[str]:
    """The documents a question names by their title in 《》, or describes ("…的那份要点") so that
    one document's profile (catalog.profiles) clearly matches best: the description's character
    pairs found in each profile, weighted by how few profiles have them. A slogan the description
    quotes ("提出“宜工则工、宜农则农”的那份文件") names the one document whose text (`texts`) has it."""
    titled = {
        doc_id
        for title in map(_unbracketed, _TITLED.findall(question))
        for doc_id, meta in docs.items()
        if title in _unbracketed(meta.title) or _unbracketed(meta.title) in title
    }
    if titled:
        return titled
    match = _DESCRIBED.search(question)
    if not match or not profiles:
        return set()
    for quoted in _QUOTED.findall(match.group("before") + match.group("after")):
        having = {doc_id for doc_id, text in (texts or {}).items() if quoted in text}
        if len(having) == 1:
            return having
    # "…那份规划": only documents of that kind (when the corpus has any)
    kind = next(
        (k for k in _KINDS if k in match.group("after")[:6] or match.group("before").endswith(k)), None
    )
    candidates = {
        d: t for d, t in profiles.items() if kind and (kind in docs[d].title or kind in (docs[d].kind or ""))
    }
    candidates = candidates or profiles
    if len(candidates) == 1:
        return set(candidates)
    after = re.split(r"[和与跟里中]", match.group("after"))[0]  # "…那份要点和洛阳的比": not the description
    pairs = _bigrams(match.group("before")) | _bigrams(after)
    having = {pair: [d for d, text in candidates.items() if pair in text] for pair in pairs}
    weight = {pair: math.log(1 + len(candidates) / len(found)) for pair, found in having.items() if found}

    def score(doc_id: str) -> float:  # a pair in the title counts twice
        text, title = candidates[doc_id], docs[doc_id].title
        return sum(w * (2 if pair in title else 1) for pair, w in weight.items() if pair in text)

    scores = sorted(((score(doc_id), doc_id) for doc_id in candidates), reverse=True)
    if not scores or scores[0][0] <= 0:
        return set()
    runner_up = scores[1][0] if len(scores) > 1 else 0.0
    return {scores[0][1]} if scores[0][0] >= CLEAR_MARGIN * runner_up else set()


_DESCRIBED_KIND = re.compile("|".join(_KINDS) + r"|法规|规定|文件|那部|这部")


def description_span(question: str) -> str:
    """The words of a question that describe a document ("中央那份讲劳动课的意见", "于晓峰签发的那份
    文件里"), up to the kind of document they end with; "" when it describes none."""
    match = _DESCRIBED.search(question)
    if not match:
        return ""
    after = match.group("after")
    kind = _DESCRIBED_KIND.search(after)
    end = match.start("after") + (kind.end() if kind else 0)
    if kind and end < len(question) and question[end] in "里中上内":
        end += 1
    return question[match.start() : end].strip()


def _named_places(question: str, docs: dict[str, DocumentMeta]) -> list[str]:
    """The corpus's places the question names, longest first (惠济区 and 惠济 are one mention)."""
    found: list[str] = []
    for name in sorted({n for m in docs.values() for n in place_names(m)}, key=len, reverse=True):
        if name in question and not any(name in p for p in found):
            found.append(name)
    return found


# bodies that issue documents, named with the document they issued ("照中央文件", "教育部2022年工作
# 要点", "国务院那份意见"): the documents whose issuer, title or header is theirs
_ISSUER = re.compile(
    r"(?P<issuer>中共中央|党中央|中央|国务院|教育部|财政部|人社部|人力资源社会保障部|发展改革委|发改委"
    r"|[\u4e00-\u9fff]{2,3}省教育厅|教育厅|[\u4e00-\u9fff]{2,3}省人民政府|人大常委会|人民代表大会常务委员会)"
    r"(?=[^，。？?]{0,10}?(?:文件|意见|通知|要点|规划|条例|规定|办法|方案|法规|发的|印发))"
)
_ISSUER_FORMS = {
    "党中央": ("中共中央", "中央"),
    "中央": ("中共中央", "中央"),
    "人大常委会": ("人民代表大会常务委员会", "人大常委会"),
}


def _issued_by(
    question: str, docs: dict[str, DocumentMeta], headers: dict[str, str]
) -> dict[str, frozenset[str]]:
    """The issuers a question names its documents by, each with the documents they issued (none:
    the library has no document of that issuer)."""
    found = {}
    for match in _ISSUER.finditer(question):
        issuer = match.group("issuer")
        forms = _ISSUER_FORMS.get(issuer, (issuer,))
        found[issuer] = frozenset(
            doc_id
            for doc_id, meta in docs.items()
            if any(form in (meta.issuer or "") or form in headers.get(doc_id, meta.title) for form in forms)
        )
    return found


def _named_by(place: str, headers: dict[str, str]) -> frozenset[str]:
    """The documents whose title or header (文件头) names the place, in any of its forms."""
    forms = province_forms(place)
    return frozenset(doc_id for doc_id, text in headers.items() if any(form in text for form in forms))


def _titles(docs: dict[str, DocumentMeta], doc_ids) -> tuple[str, ...]:
    return tuple(sorted(docs[d].title for d in doc_ids))


def _kind_not_theirs(
    question: str,
    named: list[str],
    kinds: set[str],
    groups: dict[str, frozenset[str]],
    places: list[str],
    issuers: dict[str, frozenset[str]],
    docs: dict[str, DocumentMeta],
) -> Scope | None:
    """The absent scope of "深圳的大气污染防治条例", "国务院的学校安全条例" or "青岛市校车安全管理条例":
    a kind of regulation the library holds for other places, or a national one, named as the one
    place's (or issuer's) that none of its documents is. Answering from that place's other
    documents, or from another place's regulation, would attribute a rule to a text that does not
    exist. None when the place has it, including a document whose title says the kind though its
    metadata does not (uploaded without a place)."""
    if len(set(named)) != 1:
        return None
    owners = places or list(issuers)
    if len(owners) != 1 or (places and issuers):
        return None
    owner, name = owners[0], named[0]
    if name not in kinds:  # a national title: only when the place is said as its owner
        national = groups[name] and all(_national(docs[d]) for d in groups[name])
        if not (
            national and places and re.search(f"{re.escape(owner)}[省市区县]?的?{re.escape(name)}", question)
        ):
            return None
    theirs = groups[owner] if places else issuers[owner]
    if theirs & groups[name] or any(name in _unbracketed(docs[d].title) for d in theirs):
        return None
    return Scope(
        frozenset(),
        places=tuple(places),
        absent=f"{owner}的{name}",
        # the place's own documents and the named ones; an issuer's many others would bury those
        available=_titles(docs, (theirs if places else frozenset()) | groups[name]),
    )


_NATIONWIDE = re.compile(r"(全国|国家)(?:层面)?(?:的|规定)")  # the national texts, as one party
_COMPARES = re.compile(r"和|与|跟|同|及|分别|各自|对比|比较|相比|不同|区别|差异|一样|相同")


def _national(meta: DocumentMeta) -> bool:
    """A national law or State Council regulation: no place of its own."""
    return meta.level in (LAW, ADMINISTRATIVE) and not (meta.province or meta.city or meta.district)


def _inside_longer(names: list[str], question: str) -> set[str]:
    """The names each of whose occurrences in the question lies inside a longer name found there:
    "义务教育法" holds "教育法", which names another law only when it also stands on its own."""
    spans = {n: [(m.start(), m.end()) for m in re.finditer(re.escape(n), question)] for n in set(names)}
    return {
        name
        for name, own in spans.items()
        if all(
            any(o != name and len(o) > len(name) and a <= s and e <= b for o in spans for a, b in spans[o])
            for s, e in own
        )
    }


def resolve_scope(
    question: str,
    docs: dict[str, DocumentMeta],
    filters: SearchFilters | None = None,
    tokens: list[str] | None = None,
    profiles: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    texts: dict[str, str] | None = None,
) -> Scope:
    """Explicit filters win; otherwise what the question names. A place the corpus has no
    document for makes the scope absent (nothing is searched); a year no document in scope is for
    is remembered in `lacking_years` (the searcher decides whether the texts mention it).

    "No document for a place" is a claim about the whole library, so it is checked against the
    documents themselves, not only their metadata: a place that no document's metadata names but
    whose title or header does (`headers`: 山东省学前教育条例 uploaded with its place unknown) scopes
    the search to those documents."""
    filters = filters or SearchFilters()
    if not filters.is_empty():
        allowed = {
            doc_id
            for doc_id, meta in docs.items()
            if (not filters.doc_ids or doc_id in filters.doc_ids)
            and (not filters.cities or any(_place_matches(c, meta) for c in filters.cities))
            and (not filters.years or any(_covers_year(meta, y) for y in filters.years))
        }
        named = _named_places(question, docs)
        if named and not any(_place_matches(p, docs[d]) for p in named for d in allowed):
            # "洛阳…？" asked with only 衡阳's document selected: not answered from 衡阳's
            return Scope(
                frozenset(),
                explicit=True,
                absent="、".join(named),
                available=_titles(docs, allowed),
                selected=True,
            )
        return Scope(frozenset(allowed), tuple(filters.cities), tuple(filters.years), explicit=True)

    groups: dict[str, frozenset[str]] = {}
    named_documents = []
    kinds: set[str] = set()  # names that say a kind of regulation, not which place's (学前教育条例)
    for doc_id, meta in docs.items():
        for name in _document_names(meta):
            if name in question:
                named_documents.append(name)
                groups[name] = groups.get(name, frozenset()) | {doc_id}
                if name in kind_names(meta):
                    kinds.add(name)
    # a title quoted in full names its document, however its inner brackets are typed
    # (《浙江省实施〈中华人民共和国教师法〉办法》)
    quoted_titles = _TITLED.findall(question)
    full_titles = {_unbracketed(meta.title): doc_id for doc_id, meta in docs.items()}
    for quoted in quoted_titles:
        if (doc_id := full_titles.get(_unbracketed(quoted))) is not None:
            named_documents.append(quoted)
            groups[quoted] = groups.get(quoted, frozenset()) | {doc_id}
    for name in _inside_longer(named_documents, question):  # 教育法 inside 义务教育法 names nothing
        named_documents = [n for n in named_documents if n != name]
        groups.pop(name, None)
        kinds.discard(name)
    all_places = {n for m in docs.values() for n in place_names(m)}
    if not named_documents:  # "义教法…": a law by the short form people make of its name
        for word, named in _nicknamed(question, docs, all_places).items():
            named_documents.append(word)
            groups[word] = named
    issuers = _issued_by(question, docs, headers or {})
    missing_issuers = [name for name, issued in issuers.items() if not issued]
    if missing_issuers and not named_documents:  # "教育部2022年工作要点…": the library has none of theirs
        absent = "、".join(missing_issuers)
        return Scope(frozenset(), absent=absent, available=_titles(docs, docs))
    for name, issued in issuers.items():
        if issued and not named_documents:
            named_documents.append(name)
            groups[name] = issued
    if not named_documents:  # described or titled: named by the document's title
        for doc_id in described_documents(question, docs, profiles or {}, texts):
            named_documents.append(docs[doc_id].title)
            groups[docs[doc_id].title] = frozenset({doc_id})
    # however the document was named, the words describing it are not what is asked inside it
    description = description_span(question) if named_documents and not quoted_titles else ""
    places = _named_places(question, docs)
    # the place in a title quoted in full is the title's, not a place asked about
    outside_titles = question
    for quoted in (q for q in named_documents if q in quoted_titles):
        outside_titles = outside_titles.replace(quoted, " ")
    places = [p for p in places if p in outside_titles]
    for name in places:
        groups[name] = frozenset(d for d, m in docs.items() if _place_matches(name, m))
    years = sorted({int(y) for y in _YEAR.findall(question)})
    tokens = tokens if tokens is not None else get_tokenizer()(question)
    unknown = [
        name
        for name in named_places(tokens)
        if not any(name in known or known in name for known in all_places)
        and not (places and name in provinces())  # 河南 beside 安阳 is context
    ]
    for name in unknown:  # named by a document's title or header, though not by its metadata
        if named_by := _named_by(name, headers or {}):
            places.append(name)
            groups[name] = named_by
    places.sort(key=question.find)  # in the order the question names them
    outside = tuple(name for name in unknown if name not in groups)
    # only places the corpus lacks ("天津的学前教育条例": a kind of regulation, but not theirs)
    if outside and not places and not (set(named_documents) - kinds):
        return Scope(frozenset(), outside=outside, absent="、".join(outside), available=_titles(docs, docs))
    if not_theirs := _kind_not_theirs(question, named_documents, kinds, groups, places, issuers, docs):
        return not_theirs

    allowed: set[str] | None = None
    parties: tuple[str, ...] = ()
    by_place = set().union(*(groups[p] for p in places)) if places else None
    if named_documents:
        allowed = set().union(*(groups[n] for n in named_documents))
        if by_place is not None:  # "邯郸的十四五…": the place decides when the name points elsewhere
            named_there = allowed & by_place
            national = [n for n in named_documents if all(_national(docs[d]) for d in groups[n])]
            if national and len(places) == 1 and _COMPARES.search(question):
                # "重庆的家庭教育日和家庭教育促进法规定的宣传周": the place's and the law's, side by side
                groups[places[0]] = frozenset(named_there or by_place)
                named_there = set(groups[places[0]]) | set().union(*(groups[n] for n in national))
                parties = tuple(sorted([*places, *national], key=question.find))
            allowed = named_there or by_place
            # "北京和浙江的学前教育条例…": each place's own document of the kind named, not all of its
            of_kind = set().union(*(groups[k] for k in kinds)) & named_there if kinds else set()
            for place in places:
                groups[place] = (groups[place] & of_kind) or groups[place]
    else:
        allowed = by_place
        nationwide = _NATIONWIDE.search(outside_titles)
        national = frozenset(d for d, m in docs.items() if _national(m)) if nationwide else frozenset()
        if national and len(places) == 1 and _COMPARES.search(question):
            # "全国的家庭教育宣传周和重庆的家庭教育日": the national laws' and the place's, side by side
            groups[nationwide.group(1)] = national
            allowed = set(groups[places[0]]) | national
            parties = tuple(sorted([places[0], nationwide.group(1)], key=question.find))
    lacking: tuple[int, ...] = ()
    if years:
        by_year = {d for d, m in docs.items() if any(_covers_year(m, y) for y in years)}
        narrowed = (allowed & by_year) if allowed is not None else by_year
        if not narrowed:
            lacking = tuple(years)
        allowed = narrowed or allowed
    if not allowed and not lacking and not outside:
        return Scope()
    return Scope(
        frozenset(allowed) if allowed is not None else None,
        tuple(places),
        tuple(years),
        tuple(sorted(set(named_documents))),
        groups=groups,
        outside=outside,
        lacking_years=lacking,
        description=description,
        parties=parties,
    )


_OLD_VERSION = re.compile(r"旧版|老版|原版|修订前|修改前|修正前|以前的版本|原来的版本|之前的版本|上一版")


def current_versions(
    scope: Scope, question: str, docs: dict[str, DocumentMeta], superseded: dict[str, str]
) -> Scope:
    """The scope without the older texts of a regulation whose current version the library holds,
    unless the question asks for one (旧版, 修订前, or the year of the older text)."""
    if not superseded:
        return scope
    years = set(years_named(question))
    dropped = set()
    for old, current in superseded.items():
        asked = (
            _OLD_VERSION.search(question)
            or (docs[old].year in years and docs[old].year != docs[current].year)  # "2020年那版"
            or (scope.doc_ids is not None and old in scope.doc_ids and current not in scope.doc_ids)
        )
        dropped.add(current if asked else old)  # one text of a regulation answers: the one asked for
    keep = (scope.doc_ids if scope.doc_ids is not None else frozenset(docs)) - dropped
    return replace(scope, doc_ids=frozenset(keep))


def lacking(scope: Scope, docs: dict[str, DocumentMeta], mentions_year) -> Scope:
    """The scope made absent when the years it names are neither the year of a document in scope
    nor mentioned by any of their texts (`mentions_year(doc_ids, year)`): "惠济2024年…" when the
    corpus has only 惠济's 2023 要点. A year a text does mention ("2023年秋季开学前…" in a 2022
    要点) leaves the question to the judge."""
    if not scope.lacking_years:
        return scope
    doc_ids = scope.doc_ids if scope.doc_ids is not None else frozenset(docs)
    if any(mentions_year(doc_ids, year) for year in scope.lacking_years):
        return scope
    asked = "".join(scope.places[:1]) + "、".join(f"{y}年" for y in scope.lacking_years)
    return replace(scope, doc_ids=frozenset(), absent=asked, available=_titles(docs, doc_ids))
