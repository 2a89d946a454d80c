"""The line shapes of Chinese policy documents, shared by repair (which must not join across
them) and the parser (which builds the clause tree from them)."""

from __future__ import annotations

import re

CN_NUMERALS = "零〇一二三四五六七八九十百"
_CN = f"[{CN_NUMERALS}]+"

CHAPTER = re.compile(rf"^第({_CN})章\s*(.*)$")
PART = re.compile(rf"^第({_CN})节\s*(.*)$")
ARTICLE = re.compile(rf"^第({_CN})条[\s\u3000]*(.*)$")
SECTION = re.compile(rf"^({_CN})、\s*(.*)$")
SUBSECTION = re.compile(rf"^[（(]({_CN})[)）]\s*(.*)$")
# "14." / "14．" / "14、" then text; a number followed by a unit ("18所公办幼儿园") is not a clause,
# nor is a decimal ("37.6").
NUMBERED = re.compile(r"^(\d{1,3})\s*[.．、](?!\d)\s*(.*)$")
BOX = re.compile(r"^专栏\s*(\d+)\s*(.*)$")
BULLET = re.compile(r"^[—－-]{2}\s*(.*)$")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
TABLE_ROW = re.compile(r"\t")

# A paywall or site banner pasted into the text: everything from START to END (inclusive) is junk.
JUNK_BLOCKS = ((re.compile(r"^隐藏内容$"), re.compile(r"会员免费查看")),)
JUNK_BLOCK_MAX_LINES = 20

# A line ending in one of these ends its sentence; anything else may continue on the next line.
SENTENCE_END = tuple("。！？；：…)）」』】")


def is_heading(line: str) -> bool:
    """Lines that open a level of the tree (and so are never the continuation of a sentence)."""
    return bool(
        CHAPTER.match(line)
        or PART.match(line)
        or SECTION.match(line)
        or SUBSECTION.match(line)
        or BOX.match(line)
        or MARKDOWN_HEADING.match(line)
    )


def starts_unit(line: str) -> bool:
    """Lines that begin a new unit: headings, numbered clauses, articles, bullets, table rows."""
    return bool(
        is_heading(line)
        or NUMBERED.match(line)
        or ARTICLE.match(line)
        or BULLET.match(line)
        or TABLE_ROW.search(line)
    )


def without_article_number(text: str) -> str:
    """An article's words without its number (第六十三条 本法自…起施行 → 本法自…起施行): the locator
    says which article it is."""
    first, newline, rest = text.strip().partition("\n")
    match = ARTICLE.match(first)
    return (match.group(2).strip() + newline + rest).strip() if match else text.strip()


def cn_to_int(numeral: str) -> int:
    """一 -> 1, 十四 -> 14, 二十三 -> 23, 一百零五 -> 105, 三千 -> 3000."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    total, current = 0, 0
    for char in numeral:
        if char in digits:
            current = digits[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "千":
            total += (current or 1) * 1000
            current = 0
    return total + current


_YEAR_NAMED = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def years_named(text: str) -> tuple[int, ...]:
    """The years a text names in digits (2020年那版, 1989年), in order, each once."""
    return tuple(sorted({int(y) for y in _YEAR_NAMED.findall(text)}))
