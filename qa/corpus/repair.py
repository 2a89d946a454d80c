"""Repair text extracted (often badly) from PDF: a pure function from the original text to
normalized lines, each remembering the source lines it came from, plus a report of what changed.

What it does, in order: drop junk blocks (a paywall banner), then per line remove markdown bold,
convert traditional to simplified characters, unify punctuation and full-width characters, remove
stray spaces; finally join sentences that PDF extraction broke across lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.corpus import patterns
from qa.records import RepairReport


@dataclass(frozen=True)
class RepairedLine:
    text: str
    start: int  # first source line, 1-based
    end: int  # last source line, inclusive (> start when broken lines were joined)


@dataclass(frozen=True)
class RepairedText:
    lines: tuple[RepairedLine, ...]
    report: RepairReport

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = r"\u3000-\u303f\uff00-\uffef\u2010-\u206f"  # 。，、《》（） and “”—…
_HAS_CJK = re.compile(f"[{_CJK}]")
# A run of spaces with Chinese on one side and no Latin letter on the other ("2022 年", "20 万",
# "教育局 关于") is an extraction artefact; spaces between Latin words are kept.
_STRAY_SPACE = re.compile(
    rf"(?<=[{_CJK}{_CJK_PUNCT}])[ \u00a0\u3000]+(?![A-Za-z])"
    rf"|(?<![A-Za-z ])[ \u00a0\u3000]+(?=[{_CJK}{_CJK_PUNCT}])"
)
# An English word left between Chinese words by a translation or OCR step ("心理健康教育 and 心理疏导",
# "纳入市县 governments 重要工作内容") is rendered in Chinese; the original keeps it.
_STRAY_ENGLISH_WORDS = {"and": "和", "or": "或", "government": "政府", "governments": "政府"}
_STRAY_ENGLISH = re.compile(
    rf"(?<=[{_CJK}])[ \u00a0]*\b({'|'.join(_STRAY_ENGLISH_WORDS)})\b[ \u00a0]*(?=[{_CJK}])", re.IGNORECASE
)
_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_HALF_PAREN = re.compile(r"\(([^()]*)\)")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Half-width , ; : ? ! between Chinese text, but not inside numbers (1,000 / 8:30).
_HALF_PUNCT_RE = re.compile(r"(?<!\d)[,;:?!](?!//)|[,;:?!](?![\d/])")
_MARKDOWN_BOLD = re.compile(r"\*\*|__")
# A label and its title keep one space ("第一章 发展基础", "第二条 本办法…", "专栏1 新时代…", "## 背景").
_LABEL_TITLE = re.compile(rf"^(第[{patterns.CN_NUMERALS}]+[章节条]|专栏\s*\d+|#{{1,6}})\s*(?=[^\s#])")


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported here: only repair needs it

    return opencc.OpenCC("t2s")


def _count_diff(before: str, after: str) -> int:
    if len(before) != len(after):
        return abs(len(before) - len(after)) or 1
    return sum(a != b for a, b in zip(before, after, strict=True))


def _unify_punctuation(line: str) -> str:
    if not _HAS_CJK.search(line):
        return line
    line = _FULLWIDTH_ALNUM.sub(lambda m: chr(ord(m.group()) - 0xFEE0), line)
    line = re.sub(r"(?<=\d)．", ".", line)  # "14．" numbers clauses like "14."
    line = _HALF_PAREN.sub(lambda m: f"（{m.group(1)}）" if _HAS_CJK.search(m.group(1)) else m.group(), line)
    return _HALF_PUNCT_RE.sub(lambda m: _HALF_PUNCT[m.group()], line)


def _find_junk(lines: list[str]) -> list[tuple[int, int]]:
    """0-based inclusive line ranges of junk blocks."""
    blocks = []
    for start_re, end_re in patterns.JUNK_BLOCKS:
        i = 0
        while i < len(lines):
            if start_re.search(lines[i].strip()):
                horizon = min(len(lines), i + patterns.JUNK_BLOCK_MAX_LINES)
                end = next((j for j in range(i, horizon) if end_re.search(lines[j])), None)
                if end is not None:
                    blocks.append((i, end))
                    i = end
            i += 1
    return sorted(blocks)


def _is_prose(line: str) -> bool:
    """Body text rather than a title or signature line (those are short and unpunctuated)."""
    return len(line) >= 40 or any(mark in line for mark in "，。；、")


def _is_label(line: str) -> bool:
    """A short unpunctuated line such as an issuer's name or a date: never a continuation."""
    return len(line) <= 20 and not re.search(r"[，。；：、,.;:]", line)


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha()


def _continues(previous: str, line: str) -> bool:
    """Whether `line` is the rest of a sentence that `previous` left unfinished."""
    if previous.endswith(patterns.SENTENCE_END) or not _is_prose(previous):
        return False
    if patterns.is_heading(previous) or patterns.TABLE_ROW.search(previous):
        return False
    return not (patterns.starts_unit(line) or _is_label(line))


def repair(original: str) -> RepairedText:
    """Normalize `original`; the result keeps, for every line, its source line range."""
    source = original.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    junk = _find_junk(source)
    junk_lines = {i for start, end in junk for i in range(start, end + 1)}
    counts = dict(traditional_chars=0, punctuation=0, spaces=0, markdown=0, english_words=0, joined_lines=0)

    cleaned: list[tuple[int, str] | None] = []  # None marks a removed junk block: no join across it
    for index, raw in enumerate(source):
        if index in junk_lines:
            if not cleaned or cleaned[-1] is not None:
                cleaned.append(None)
            continue
        line = raw.strip(" \t\u3000\u00a0\ufeff")
        if not line:
            continue
        line, n = _MARKDOWN_BOLD.subn("", line)
        counts["markdown"] += n
        simplified = _t2s().convert(line)
        counts["traditional_chars"] += _count_diff(line, simplified)
        punctuated = _unify_punctuation(simplified)
        counts["punctuation"] += _count_diff(simplified, punctuated)
        line, n = _STRAY_ENGLISH.subn(lambda m: _STRAY_ENGLISH_WORDS[m.group(1).lower()], punctuated)
        counts["english_words"] += n
        line, n = _STRAY_SPACE.subn("", line)
        counts["spaces"] += n
        line = _LABEL_TITLE.sub(lambda m: re.sub(r"\s+", "", m.group(1)) + " ", line)
        cleaned.append((index + 1, line))

    joined: list[RepairedLine] = []
    previous_was_gap = True
    for item in cleaned:
        if item is None:
            previous_was_gap = True
            continue
        number, line = item
        if joined and not previous_was_gap and _continues(joined[-1].text, line):
            last = joined[-1]
            glue = " " if _is_latin(last.text[-1:]) and _is_latin(line[:1]) else ""
            joined[-1] = RepairedLine(last.text + glue + line, last.start, number)
            counts["joined_lines"] += 1
        else:
            joined.append(RepairedLine(line, number, number))
        previous_was_gap = False

    report = RepairReport(removed_blocks=tuple((start + 1, end + 1) for start, end in junk), **counts)
    return RepairedText(tuple(joined), report)
