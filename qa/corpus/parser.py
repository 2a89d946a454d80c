"""Parse repaired lines into the document's clause tree.

Levels: 第X章 > 第X节 > 一、 > （一） > unit. A unit is what a person quotes: a numbered clause
(14.), an article (第五条), a paragraph, a ——bullet, a 专栏 box, a table, a heading (a section
when its line also carries body text: （一）指导思想。坚持以…), or the front matter (文件头 / 前言). Every non-blank source line ends up in exactly one unit, so nothing
the document says is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qa.corpus import patterns
from qa.corpus.repair import RepairedLine, RepairedText
from qa.records import Clause

# Bump when the clause tree of an unchanged file would come out different (repair or parsing): the
# index re-parses.
PARSER_VERSION = 3  # 3: an article's items and the articles it cites
HEADER_LOCATOR = "文件头"
PREAMBLE_LOCATOR = "前言"
_LEAD_SENTENCE = re.compile(r"^(.+?)[。！？；]")
_TITLE_MAX = 40
_HEADING_WITH_BODY = re.compile(r"^(.+?)[。！？；](.*)$", re.S)
_MIN_BODY = 10  # characters after a heading's lead sentence that make it a section with content
HEADING_KINDS = ("heading", "section")


@dataclass
class _Heading:
    level: int
    label: str  # how the document numbers it: 第三章 / 三、 / （一）
    title: str  # the whole heading line
    key: str  # ASCII part of clause ids: ch3 / s3 / ss1
    number: int | None = None
    inferred: bool = False
    glue: str = ""  # what separates this label from the next in a locator: 第三章 三、（一）


@dataclass
class _Draft:
    kind: str
    path: list[_Heading]
    lines: list[RepairedLine] = field(default_factory=list)
    label: str = ""  # own part of the locator: 14. / 第2段 / 专栏1
    key: str = ""
    number: int | None = None
    title: str = ""
    after_gap: bool = False


def _lead_sentence(text: str) -> str:
    match = _LEAD_SENTENCE.match(text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= _TITLE_MAX else sentence[: _TITLE_MAX - 1] + "…"


def _locator(path: list[_Heading], label: str) -> str:
    return ("".join(h.label + h.glue for h in path) + label).strip()


class _Parser:
    def __init__(self, lines: tuple[RepairedLine, ...], removed_blocks: tuple[tuple[int, int], ...]):
        self.lines = lines
        self.removed_blocks = removed_blocks
        self.path: list[_Heading] = []
        self.units: list[_Draft] = []
        self.open: _Draft | None = None
        self.last_number = 0
        self.counters: dict[tuple[str, str], int] = {}
        self.markdown_headings = 0

    # -- tree state -------------------------------------------------------------------------
    def _close(self) -> None:
        if self.open is not None:
            self.units.append(self.open)
            self.open = None

    def _count(self, kind: str) -> int:
        scope = "-".join(h.key for h in self.path)
        self.counters[(scope, kind)] = self.counters.get((scope, kind), 0) + 1
        return self.counters[(scope, kind)]

    def _start(self, kind: str, line: RepairedLine, label: str, key: str, **extra) -> _Draft:
        self._close()
        self.open = _Draft(kind, list(self.path), [line], label, key, **extra)
        return self.open

    def _heading(self, heading: _Heading, line: RepairedLine) -> None:
        while self.path and self.path[-1].level >= heading.level:
            self.path.pop()
        kind = "heading"
        # "（一）指导思想。坚持以…": a heading that carries its body on the same line is a section
        # with content (indexed, answerable); its title on the path is the lead sentence alone.
        if (body := _HEADING_WITH_BODY.match(heading.title)) and len(body.group(2).strip()) >= _MIN_BODY:
            kind = "section"
            heading.title = body.group(1)
        draft = self._start(kind, line, "", "", title=heading.title)
        draft.path = list(self.path) + [heading]
        self.path.append(heading)
        self._close()

    # -- front matter -----------------------------------------------------------------------
    def _body_start(self) -> int:
        for index, line in enumerate(self.lines):
            text = line.text
            numbered = patterns.NUMBERED.match(text)
            if (
                patterns.is_heading(text)
                or patterns.ARTICLE.match(text)
                or (numbered and int(numbered.group(1)) == 1)
            ):
                return index
        return len(self.lines)

    def _front_matter(self, lines: tuple[RepairedLine, ...], structured: bool) -> None:
        """The red-head block (issuer, 文号, notice, date, title) then the preamble's prose.

        Before a structured body the preamble is the prose after the last title-like line; a
        document with no structure at all has only its leading title lines as header."""
        if structured:
            prose_from = len(lines)
            while prose_from > 0 and _is_prose(lines[prose_from - 1].text):
                prose_from -= 1
        else:
            prose_from = 0
            while prose_from < len(lines) and not _is_prose(lines[prose_from].text):
                prose_from += 1
        if prose_from:
            header = _Draft("header", [], list(lines[:prose_from]), HEADER_LOCATOR, "header")
            header.title = lines[prose_from - 1].text
            self.units.append(header)
        body = lines[prose_from:]
        if structured and body:
            preamble = _Draft("preamble", [], list(body), PREAMBLE_LOCATOR, "preamble")
            preamble.title = _lead_sentence(body[0].text)
            self.units.append(preamble)
        else:  # an unstructured document: every paragraph is a unit
            for line in body:
                n = self._count("p")
                self._start("paragraph", line, f"第{n}段", f"p{n}", title=_lead_sentence(line.text))
                self._close()

    # -- body -------------------------------------------------------------------------------
    def _line(self, index: int, line: RepairedLine, after_gap: bool) -> None:
        text = line.text
        following = self.lines[index + 1].text if index + 1 < len(self.lines) else ""
        in_article = self.open is not None and self.open.kind == "article"

        if patterns.TABLE_ROW.search(text):
            if self.open is not None and self.open.kind == "table":
                self.open.lines.append(line)
            else:
                n = self._count("t")
                self._start("table", line, f"表{n}", f"t{n}", title=text)
            return
        if patterns.TABLE_ROW.search(following) and not _is_prose(text):
            n = self._count("t")  # a caption: the short line right above a table
            self._start("table", line, f"表{n}", f"t{n}", title=text)
            return
        if match := patterns.CHAPTER.match(text):
            n = patterns.cn_to_int(match.group(1))
            self._heading(_Heading(10, f"第{match.group(1)}章", text, f"ch{n}", n, glue=" "), line)
            return
        if match := patterns.PART.match(text):
            n = patterns.cn_to_int(match.group(1))
            self._heading(_Heading(20, f"第{match.group(1)}节", text, f"pt{n}", n, glue=" "), line)
            return
        if match := patterns.ARTICLE.match(text):
            n = patterns.cn_to_int(match.group(1))
            draft = self._start("article", line, f"第{match.group(1)}条", f"a{n}", number=n)
            draft.title = _lead_sentence(match.group(2) or text)
            return
        if in_article and (not patterns.is_heading(text) or patterns.SUBSECTION.match(text)):
            self.open.lines.append(line)  # an article's 款 and （一） items stay in the article
            return
        if match := patterns.SECTION.match(text):
            n = patterns.cn_to_int(match.group(1))
            self._heading(_Heading(30, f"{match.group(1)}、", text, f"s{n}", n), line)
            return
        if match := patterns.SUBSECTION.match(text):
            n = patterns.cn_to_int(match.group(1))
            self._heading(_Heading(40, f"（{match.group(1)}）", text, f"ss{n}", n), line)
            return
        if match := patterns.MARKDOWN_HEADING.match(text):
            level = 10 * len(match.group(1))
            title = match.group(2).strip()
            self.markdown_headings += 1  # numbered through the document: keys stay unique
            n = self.markdown_headings
            self._heading(_Heading(level, title[:20], title, f"h{n}", glue=" "), line)
            return
        if match := patterns.BOX.match(text):
            n = int(match.group(1))
            self._start("box", line, f"专栏{n}", f"box{n}", number=n, title=text)
            return
        if match := patterns.BULLET.match(text):
            n = self._count("b")
            self._start("bullet", line, f"第{n}项", f"b{n}", title=_lead_sentence(match.group(1)))
            return
        match = patterns.NUMBERED.match(text)
        if match and self._plausible_number(int(match.group(1))):
            n = int(match.group(1))
            self.last_number = n
            draft = self._start("clause", line, f"{n}.", f"c{n}", number=n, after_gap=after_gap)
            draft.title = _lead_sentence(match.group(2))
            return
        if self.open is not None and self.open.kind == "box":
            self.open.lines.append(line)  # a 专栏 runs until the next heading
            return
        n = self._count("p")
        self._start("paragraph", line, f"第{n}段", f"p{n}", title=_lead_sentence(text))
        self._close()

    def _plausible_number(self, n: int) -> bool:
        # Numbering may restart at 1 (per section) or jump forward (text cut out), never go back.
        return n == 1 or n > self.last_number

    def parse(self) -> list[_Draft]:
        start = self._body_start()
        self._front_matter(self.lines[:start], structured=start < len(self.lines))
        removed_gap = False
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            previous_end = self.lines[index - 1].end if index else 0
            removed_gap = removed_gap or (index > start and self._gap(previous_end, line.start))
            self._line(index, line, removed_gap)
            if self.open is not None and self.open.kind == "clause":
                removed_gap = False
        self._close()
        _infer_cut_sections(self.units)
        return self.units

    def _gap(self, previous_end: int, start: int) -> bool:
        return any(previous_end < first <= start for first, _ in self.removed_blocks)


def _is_prose(text: str) -> bool:
    return len(text) >= 40 or any(mark in text for mark in "，。；")


def _infer_cut_sections(units: list[_Draft]) -> None:
    """Clauses right after a cut (27 → 49 in a paywalled file) sit under a section whose heading
    was cut too. When the next section is numbered two past the one before the cut (三 → 五),
    the missing one (四) is known: give those clauses that section, marked inferred."""
    for index, unit in enumerate(units):
        if unit.kind != "clause" or not unit.after_gap:
            continue
        before = next((h for h in reversed(unit.path) if h.level == 30), None)
        after = next(
            (u.path[-1] for u in units[index + 1 :] if u.kind == "heading" and u.path[-1].level == 30),
            None,
        )
        if before is None or after is None or after.number != (before.number or 0) + 2:
            continue
        n = after.number - 1
        label = _NUMERALS[n] + "、"
        missing = _Heading(30, label, f"{label}（标题缺失）", f"s{n}", n, inferred=True)
        outer = [h for h in unit.path if h.level < 30]
        for follower in units[index:]:
            if follower.kind == "heading" and follower.path[-1].level <= 30:
                break
            follower.path = [*outer, missing]


_NUMERALS = "零一二三四五六七八九十"


def parse_clauses(repaired: RepairedText, doc_id: str, source_file: str, original: str) -> list[Clause]:
    """The document's units in reading order, with ids, locators and source line ranges."""
    drafts = _Parser(repaired.lines, repaired.report.removed_blocks).parse()
    source_lines = original.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    junk = {n for first, last in repaired.report.removed_blocks for n in range(first, last + 1)}
    clauses: list[Clause] = []
    seen: dict[str, int] = {}
    for draft in drafts:
        first, last = draft.lines[0].start, draft.lines[-1].end
        # Boxes are numbered through the whole document, the front matter is unique: no path needed.
        standalone = draft.kind in ("header", "preamble", "box")
        key = draft.key if standalone else "-".join(k for k in [*(h.key for h in draft.path), draft.key] if k)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        heading = draft.path[-1] if draft.kind in HEADING_KINDS else None
        locator = draft.label if standalone else _locator(draft.path, draft.label)
        original_text = "\n".join(
            source_lines[n - 1].strip()
            for n in range(first, last + 1)
            if n not in junk and source_lines[n - 1].strip()
        )
        clauses.append(
            Clause(
                clause_id=f"{doc_id}/{key}",
                doc_id=doc_id,
                source_file=source_file,
                kind=draft.kind,
                locator=locator,
                path=tuple(h.title for h in (draft.path[:-1] if heading else draft.path)),
                title=draft.title or _lead_sentence(draft.lines[0].text),
                text="\n".join(line.text for line in draft.lines),
                original_text=original_text,
                lines=(first, last),
                number=draft.number if draft.number is not None else (heading.number if heading else None),
                inferred_path=any(h.inferred for h in draft.path),
                items=_items(draft) if draft.kind == "article" else (),
                cites=_cited_articles(draft) if draft.kind == "article" else (),
            )
        )
    return clauses


# "违反本法第三十二条", "本条例第十条、第十二条", "第二十条至第二十二条": articles of the same text
_OWN_ARTICLES = re.compile(
    r"本(?:法|条例|办法|规定|细则|规则)((?:第[一二三四五六七八九十百零]+条(?:第[一二三四五六七八九十]+款)?"
    r"(?:[、，和或及至]|或者)?)+)"
)
_ARTICLE_NUMBER = re.compile(r"第([一二三四五六七八九十百零]+)条")


def _items(draft: _Draft) -> tuple[str, ...]:
    """An article's enumerated items, （一） or (一) at a line's start, whole, in order."""
    return tuple(line.text for line in draft.lines if patterns.SUBSECTION.match(line.text))


def _cited_articles(draft: _Draft) -> tuple[int, ...]:
    """The numbers of the articles of its own document an article names (a range is every one)."""
    text = "".join(line.text for line in draft.lines)
    found: list[int] = []
    for match in _OWN_ARTICLES.finditer(text):
        span = match.group(1)
        numbers = [patterns.cn_to_int(n) for n in _ARTICLE_NUMBER.findall(span)]
        if "至" in span and len(numbers) == 2:
            numbers = list(range(numbers[0], numbers[1] + 1))
        found += numbers
    return tuple(dict.fromkeys(n for n in found if n != draft.number))
